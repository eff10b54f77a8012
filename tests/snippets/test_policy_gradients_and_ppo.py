"""Tests of snippets/policy_gradients_and_ppo.py, against plain-Python loops over the arms,
central differences (tests/gradcheck.py), hand-derived values and properties (an unbiased
baseline, a shift of the rewards the baseline cancels, GAE's two limits)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from gradcheck import assert_gradient, central_difference

import policy_gradients_and_ppo as pg
from transcript_check import check, each, near

# --------------------------------------------------------------------------
# Helpers written independently of the snippet: the math module and loops.


def policy_loops(theta):
    """Softmax with math.exp and a loop."""
    e = [math.exp(t) for t in theta]
    return [x / sum(e) for x in e]


def J_loops(theta, R):
    return sum(p * r for p, r in zip(policy_loops(theta), R))


def variance_by_enumeration(theta, R, b):
    """Per-entry variance of (R(a) - b) d log pi(a) / d theta, summed, from the per-arm vectors."""
    pi = policy_loops(theta)
    n = len(theta)
    vecs = [[(R[a] - b) * ((1.0 if k == a else 0.0) - pi[k]) for k in range(n)] for a in range(n)]
    mean = [sum(pi[a] * vecs[a][k] for a in range(n)) for k in range(n)]
    return sum(pi[a] * (vecs[a][k] - mean[k]) ** 2 for a in range(n) for k in range(n))


THETAS = [np.array([1.0, 0.0, 0.0]), np.array([0.3, -1.2, 0.8]), np.array([2.0, -0.5])]


# --------------------------------------------------------------------------
# The policy and its gradient.


@pytest.mark.parametrize("theta", THETAS)
def test_softmax_policy_matches_loops(theta):
    np.testing.assert_allclose(pg.softmax_policy(theta), policy_loops(theta), rtol=1e-12)


@pytest.mark.parametrize("theta", THETAS)
def test_grad_log_policy_matches_central_differences(theta):
    for a in range(len(theta)):
        assert_gradient(lambda t: math.log(policy_loops(t)[a]),
                        lambda t: pg.grad_log_policy(t, a), theta)


@pytest.mark.parametrize("theta", THETAS)
def test_exact_policy_gradient_is_the_slope_of_J(theta):
    R = np.arange(1.0, len(theta) + 1) ** 2
    assert_gradient(lambda t: J_loops(t, R), lambda t: pg.policy_gradient_exact(t, R), theta)


def test_score_function_identity_the_log_derivative_trick():
    """sum_a pi(a) R(a) grad log pi(a) equals grad J (the policy-gradient theorem on a bandit)."""
    theta, R = THETAS[1], np.array([1.0, -2.0, 5.0])
    pi = policy_loops(theta)
    via_score = sum(pi[a] * R[a] * pg.grad_log_policy(theta, a) for a in range(3))
    np.testing.assert_allclose(via_score, central_difference(lambda t: J_loops(t, R), theta),
                               rtol=1e-6)


def test_sample_action_follows_the_cumulative_slices():
    pi = [0.2, 0.5, 0.3]
    assert [pg.sample_action(pi, u) for u in (0.0, 0.19, 0.2, 0.69, 0.7, 0.99)] == [0, 0, 1, 1, 2, 2]
    u = np.random.default_rng(5).random(20_000)
    counts = np.bincount([pg.sample_action(pi, x) for x in u], minlength=3) / len(u)
    np.testing.assert_allclose(counts, pi, atol=0.015)
    with pytest.raises(ValueError):
        pg.sample_action(pi, 1.0)


# --------------------------------------------------------------------------
# Baselines: unbiased, and the variance.


@pytest.mark.parametrize("b", [0.0, 1.7, -3.0, 10.0])
def test_a_baseline_leaves_the_expected_estimate_unchanged(b):
    theta, R = THETAS[0], np.array([1.0, 2.0, 4.0])
    pi = policy_loops(theta)
    mean = sum(pi[a] * pg.reinforce_estimate(theta, R, a, b) for a in range(3))
    np.testing.assert_allclose(mean, central_difference(lambda t: J_loops(t, R), theta), rtol=1e-6)


@pytest.mark.parametrize("theta", THETAS)
@pytest.mark.parametrize("b", [0.0, 2.0, 5.5])
def test_exact_variance_matches_enumeration(theta, b):
    R = np.linspace(1.0, 4.0, len(theta))
    assert pg.estimator_variance(theta, R, b) == pytest.approx(variance_by_enumeration(theta, R, b))


def test_measured_variance_is_close_to_the_exact_one():
    theta, R = THETAS[0], np.array([1.0, 2.0, 4.0])
    for b in (0.0, J_loops(theta, R)):
        assert pg.estimator_variance_sampled(theta, R, b, n=10_000, seed=3) == \
            pytest.approx(variance_by_enumeration(theta, R, b), rel=0.05)


def test_best_baseline_minimises_the_variance_on_a_grid():
    theta, R = THETAS[1], np.array([1.0, 2.0, 4.0])
    grid = np.linspace(-2.0, 6.0, 8001)
    best = grid[np.argmin([variance_by_enumeration(theta, R, b) for b in grid])]
    assert pg.best_baseline(theta, R) == pytest.approx(best, abs=2e-3)


def test_with_the_baseline_a_shift_of_every_reward_changes_nothing():
    R = np.array([1.0, 2.0, 4.0])
    a = pg.train_reinforce(pg.THETA, R, 50, 0.1, baseline=True, seed=7)
    b = pg.train_reinforce(pg.THETA, R + 10.0, 50, 0.1, baseline=True, seed=7)
    np.testing.assert_allclose(a, b, atol=1e-12)


# --------------------------------------------------------------------------
# The theorem for whole episodes, on a two-step problem enumerated exactly.
# Step 0: state 0, two actions, reward R0[a0]; the environment then moves to state 1 or 2 with
# probabilities P[a0]. Step 1: three actions, reward R1[s][a1]; the episode ends. One softmax of
# logits per state; the parameters are all eight logits, stacked.

P_NEXT = [[0.7, 0.3], [0.2, 0.8]]
R0, R1 = [1.0, -0.5], {1: [2.0, 0.0, -1.0], 2: [-2.0, 3.0, 0.5]}
BLOCKS = {0: slice(0, 2), 1: slice(2, 5), 2: slice(5, 8)}
THETA_EPISODE = np.array([0.3, -0.2, 0.5, -1.0, 0.1, 0.0, 0.7, -0.4])


def episodes(theta):
    """Every episode (a0, s1, a1) with its probability, from loops."""
    pi = {s: policy_loops(theta[BLOCKS[s]]) for s in BLOCKS}
    for a0 in range(2):
        for j, s1 in enumerate((1, 2)):
            for a1 in range(3):
                yield a0, s1, a1, pi[0][a0] * P_NEXT[a0][j] * pi[s1][a1]


def J_episode(theta, gamma):
    return sum(p * (R0[a0] + gamma * R1[s1][a1]) for a0, s1, a1, p in episodes(theta))


def score(theta, s, a):
    """grad of log pi(a | s) with respect to all eight logits: the state's block only."""
    g = np.zeros(8)
    g[BLOCKS[s]] = pg.grad_log_policy(theta[BLOCKS[s]], a)
    return g


def episode_gradient(theta, gamma, form):
    """The expectation of the page's estimators, summed over every episode."""
    total = np.zeros(8)
    for a0, s1, a1, p in episodes(theta):
        G0, G1 = R0[a0] + gamma * R1[s1][a1], R1[s1][a1]
        s0_score, s1_score = score(theta, 0, a0), score(theta, s1, a1)
        if form == "theorem":                 # sum_t gamma^t G_t grad log pi(a_t | s_t)
            total += p * (G0 * s0_score + gamma * G1 * s1_score)
        elif form == "no gamma^t":            # the same without the factor gamma^t
            total += p * (G0 * s0_score + G1 * s1_score)
        else:                                 # whole episodes: G_0 times the sum of the scores
            total += p * G0 * (s0_score + s1_score)
    return total


@pytest.mark.parametrize("gamma", [0.9, 1.0])
def test_policy_gradient_theorem_on_a_two_step_episode(gamma):
    slope = central_difference(lambda t: J_episode(t, gamma), THETA_EPISODE)
    for form in ("theorem", "whole episodes"):
        np.testing.assert_allclose(episode_gradient(THETA_EPISODE, gamma, form), slope,
                                   rtol=1e-6, atol=1e-8)
    dropped = episode_gradient(THETA_EPISODE, gamma, "no gamma^t")
    if gamma == 1.0:                           # exact only when gamma = 1
        np.testing.assert_allclose(dropped, slope, rtol=1e-6, atol=1e-8)
    else:
        assert np.abs(dropped - slope).max() > 1e-2


# --------------------------------------------------------------------------
# PPO's clipped objective.


def clipped_by_hand(rho, A, eps):
    """min of the two terms, written out with if/else."""
    c = 1 - eps if rho < 1 - eps else (1 + eps if rho > 1 + eps else rho)
    return min(rho * A, c * A)


@pytest.mark.parametrize("A", [2.0, -2.0, 0.7, -0.3])
@pytest.mark.parametrize("rho", [0.3, 0.7, 0.95, 1.1, 1.35, 2.0])
def test_clip_objective_and_its_slope(A, rho):
    assert float(pg.ppo_clip_objective(rho, A, 0.2)) == pytest.approx(clipped_by_hand(rho, A, 0.2))
    slope = central_difference(lambda r: clipped_by_hand(float(r[0]), A, 0.2), [rho])[0]
    assert float(pg.ppo_clip_grad_rho(rho, A, 0.2)) == pytest.approx(slope, abs=1e-6)


def test_surrogate_gradient_matches_central_differences():
    """The hand-written chain rule against differences of a forward pass written with loops."""
    old = np.array([1.0, 0.0, 0.0])
    for theta in (np.array([1.05, 0.1, -0.05]), np.array([0.6, 0.4, 0.2]), np.array([1.5, -1.0, 0.3])):
        for a, A in ((0, -0.8), (2, 2.1), (1, 0.5)):
            assert_gradient(lambda t: clipped_by_hand(policy_loops(t)[a] / policy_loops(old)[a], A, 0.2),
                            lambda t: pg.ppo_surrogate_grad(t, old, a, A), theta)


def test_at_the_old_policy_ppo_gives_the_advantage_weighted_score():
    theta, A = np.array([0.2, -0.4, 1.0]), -1.3
    for a in range(3):
        np.testing.assert_allclose(pg.ppo_surrogate_grad(theta, theta, a, A),
                                   A * (np.eye(3)[a] - np.array(policy_loops(theta))), rtol=1e-12)
    with pytest.raises(ValueError):
        pg.ppo_clip_objective(1.0, 1.0, eps=0.0)


# --------------------------------------------------------------------------
# GAE.


def test_gae_limits_are_td_error_and_return_minus_value():
    r, v, gamma = [0.5, -1.0, 2.0, 0.0], [0.1, 0.4, -0.2, 0.9, 0.3], 0.95
    td = [r[t] + gamma * v[t + 1] - v[t] for t in range(4)]
    np.testing.assert_allclose(pg.gae(r, v, gamma, 0.0), td, rtol=1e-12)
    # lambda = 1: discounted rewards to the end, plus the discounted bootstrap, minus V(s_t)
    mc = [sum(gamma ** (k - t) * r[k] for k in range(t, 4)) + gamma ** (4 - t) * v[4] - v[t]
          for t in range(4)]
    np.testing.assert_allclose(pg.gae(r, v, gamma, 1.0), mc, rtol=1e-12)
    with pytest.raises(ValueError):
        pg.gae(r, v[:4], gamma, 0.5)


# --------------------------------------------------------------------------
# Transcripts, against hand-derived values.

E = math.e
PI = [E / (E + 2), 1 / (E + 2), 1 / (E + 2)]
J0 = (E + 2 + 4) / (E + 2)


def test_worked_example_transcript():
    glp = [-PI[0], 1 - PI[1], -PI[2]]
    check(pg.worked_example(), {
        "pi": PI, "J": J0,
        "grad J": [p * (r - J0) for p, r in zip(PI, (1, 2, 4))],
        "grad log pi(a)": glp, "numerical": near(glp, rtol=1e-8),
        "g_hat": [2 * g for g in glp], "g_hat with b": [(2 - J0) * g for g in glp],
        "new J": J_loops([1 + 0.1 * (2 - J0) * glp[0], 0.1 * (2 - J0) * glp[1],
                          0.1 * (2 - J0) * glp[2]], (1, 2, 4)),
    })


def test_baseline_claims():
    t = dict(pg.claims_baselines())
    R = (1.0, 2.0, 4.0)
    assert t["var no b"] == pytest.approx(variance_by_enumeration(pg.THETA, R, 0.0))
    assert t["var b=J"] == pytest.approx(variance_by_enumeration(pg.THETA, R, J0))
    assert t["measured no b"] == pytest.approx(t["var no b"], rel=0.03)
    assert t["measured b=J"] == pytest.approx(t["var b=J"], rel=0.03)
    assert t["var b*"] < t["var b=J"] < t["var no b"]


def test_mistake_no_baseline_transcript():
    t = dict(pg.mistake_no_baseline())
    R = (11.0, 12.0, 14.0)
    assert t["var no b"] == pytest.approx(variance_by_enumeration(pg.THETA, R, 0.0))
    assert t["var b=J"] == pytest.approx(variance_by_enumeration(pg.THETA, R, J0 + 10))
    assert t["stuck no b"] > 10 and t["stuck b"] == 0


def test_ppo_worked_example_transcript():
    check(pg.worked_example_ppo(), {
        "objective": each(1.4, 2.4, -1.6, -3.0), "slope": each(2.0, 0.0, 0.0, -2.0),
    })


def ascent_by_hand(a, A, steps, clip):
    """Gradient ascent on one sample's surrogate from THETA, with loops and central differences of
    clipped_by_hand (or of rho A): the ratio after each step."""
    old = policy_loops(pg.THETA)[a]
    def surrogate(t):
        rho = policy_loops(t)[a] / old
        return clipped_by_hand(rho, A, 0.2) if clip else rho * A
    theta, ratios = np.array(pg.THETA, dtype=float), []
    for _ in range(steps):
        theta = theta + 0.1 * central_difference(surrogate, theta)
        ratios.append(policy_loops(theta)[a] / old)
    return ratios


def test_clip_gradient_claims():
    t = pg.claims_clip_gradient()
    d = dict(t)
    np.testing.assert_allclose(d["at old"], (1 - J0) * np.array([1 - PI[0], -PI[1], -PI[2]]))
    clipped, plain = ascent_by_hand(0, 1 - J0, 20, True), ascent_by_hand(0, 1 - J0, 20, False)
    # the ratio is still inside the range after step 8, passes 0.8 on step 9, then never moves
    assert clipped[7] > 0.8 > clipped[8] and d["stop step"] == 9
    np.testing.assert_allclose(clipped[8:], clipped[8], rtol=1e-9)
    assert d["clipped ratio"] == pytest.approx(clipped[-1], rel=1e-6)
    # without the clip it keeps falling, step after step
    assert all(x > y for x, y in zip(plain, plain[1:]))
    assert d["plain ratio"] == pytest.approx(plain[-1], rel=1e-6)
    up = ascent_by_hand(2, 4 - J0, 5, True)
    assert up[0] > 1.2 and d["after one"] == pytest.approx(up[0], rel=1e-6)
    np.testing.assert_allclose(up, up[0], rtol=1e-9)


def test_exercises():
    check(pg.exercise_one_hot_minus_pi(), {"grad": [2 / 3, -1 / 3, -1 / 3]})
    check(pg.exercise_baseline_two_arms(), {"var no b": 2.0, "var b": 0.0,
                                            "gb both arms": [-0.5, 0.5]})
    th, R = np.zeros(2), np.array([1.0, 3.0])
    for a in (0, 1):   # (R(a) - 2)(1[k = a] - 1/2): the same vector for both arms
        np.testing.assert_allclose(pg.reinforce_estimate(th, R, a, 2.0), [-0.5, 0.5])
    check(pg.exercise_clip_negative(), {"objective": each(-0.8, -1.3), "slope": each(0.0, -1.0)})
    # 0 + 0.9*0.8 - 0.5 = 0.22; 1 + 0 - 0.8 = 0.2; 0.22 + 0.9*0.5*0.2 = 0.31
    check(pg.exercise_gae(), {"delta0": 0.22, "delta1": 0.2, "A0": 0.31, "A0 lambda 1": 0.4})
