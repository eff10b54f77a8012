"""Tests of snippets/mdps_and_bellman.py: the grid world against a hand-written table of moves,
value iteration against a brute-force search over every deterministic policy, exact policy
evaluation against Monte Carlo episodes, the contraction property, and the page's numbers
against hand arithmetic."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import mdps_and_bellman as mb
from transcript_check import check, each

GAMMA = 0.9
INNER = [0, 1, 3, 4]          # the non-terminal cells

# --------------------------------------------------------------------------
# Helpers written independently of the snippet.

# Where each move lands, written out by hand from the picture (up, right, down, left).
LANDS = {0: (0, 1, 3, 0), 1: (1, 2, 4, 0), 3: (0, 4, 3, 3), 4: (1, 5, 4, 3)}
SIDEWAYS = {0: (1, 3), 1: (0, 2), 2: (1, 3), 3: (0, 2)}


def hand_P():
    P = np.zeros((4, 6, 6))
    for a in range(4):
        for t in (2, 5):
            P[a, t, t] = 1.0
        for s, lands in LANDS.items():
            P[a, s, lands[a]] += 0.8
            for b in SIDEWAYS[a]:
                P[a, s, lands[b]] += 0.1
    return P


def hand_R(P):
    r_into = np.array([0.0, 0.0, 1.0, 0.0, 0.0, -1.0])
    R = np.zeros((6, 4))
    for s in INNER:
        for a in range(4):
            R[s, a] = P[a, s] @ r_into
    return R


def evaluate_by_loops(actions, P, R, gamma, sweeps=3000):
    """V of a deterministic policy (one action per inner cell) by plain Python sweeps."""
    V = [0.0] * 6
    for _ in range(sweeps):
        V = [0.0 if s in (2, 5) else
             R[s, actions[s]] + gamma * sum(P[actions[s], s, n] * V[n] for n in range(6))
             for s in range(6)]
    return np.array(V)


def brute_force_optimum(P, R, gamma):
    """Best values over all 4^4 deterministic policies, each evaluated by a linear solve."""
    best = np.full(6, -np.inf)
    for choice in itertools.product(range(4), repeat=4):
        acts = dict(zip(INNER, choice))
        M = np.eye(6)
        b = np.zeros(6)
        for s in INNER:
            M[s] -= gamma * P[acts[s], s]
            b[s] = R[s, acts[s]]
        best = np.maximum(best, np.linalg.solve(M, b))
    return best


# --------------------------------------------------------------------------
# The grid world


def test_transitions_and_rewards_match_the_hand_table():
    np.testing.assert_allclose(mb.transition_matrices(), hand_P())
    np.testing.assert_allclose(mb.reward_function(), hand_R(hand_P()))


def test_every_row_of_P_is_a_distribution_and_terminals_absorb():
    P = mb.transition_matrices(slip=0.2)
    np.testing.assert_allclose(P.sum(axis=2), 1.0)
    for t in mb.TERMINALS:
        assert np.all(P[:, t, t] == 1.0)


def test_env_step_samples_the_transition_probabilities():
    rng = np.random.default_rng(1)
    n = 20_000
    counts = np.zeros(6)
    for _ in range(n):
        s_next, r, done = mb.env_step(4, 0, rng)
        counts[s_next] += 1
        assert r == (-1.0 if s_next == 5 else 0.0) and done == (s_next in (2, 5))
    np.testing.assert_allclose(counts / n, hand_P()[0, 4], atol=0.01)


def test_bad_slip_and_gamma_are_refused():
    with pytest.raises(ValueError):
        mb.outcomes(0, 0, slip=0.7)
    with pytest.raises(ValueError):
        mb.value_iteration(hand_P(), hand_R(hand_P()), 1.0)
    with pytest.raises(ValueError):
        mb.discounted_return([1.0], 1.5)


# --------------------------------------------------------------------------
# Returns, Bellman backups, value iteration, policy evaluation


def test_discounted_return_matches_the_sum_of_powers():
    rng = np.random.default_rng(2)
    rewards = rng.normal(size=12).tolist()
    want = sum(r * 0.7 ** k for k, r in enumerate(rewards))
    assert math.isclose(mb.discounted_return(rewards, 0.7), want, rel_tol=1e-9, abs_tol=1e-11)


def test_value_iteration_finds_the_best_deterministic_policy():
    P, R = hand_P(), hand_R(hand_P())
    V, _ = mb.value_iteration(P, R, GAMMA)
    np.testing.assert_allclose(V, brute_force_optimum(P, R, GAMMA), atol=1e-9)


def test_the_greedy_policy_of_V_star_is_up_up_right_right_left():
    V, _ = mb.value_iteration(hand_P(), hand_R(hand_P()), GAMMA)
    pi = mb.greedy_policy(mb.q_from_v(V, hand_P(), hand_R(hand_P()), GAMMA))
    assert [int(pi[s].argmax()) for s in INNER] == [1, 1, 0, 3]   # right, right, up, left
    np.testing.assert_allclose(evaluate_by_loops({0: 1, 1: 1, 3: 0, 4: 3}, hand_P(),
                                                 hand_R(hand_P()), GAMMA), V, atol=1e-9)


def test_under_the_greedy_policy_no_slip_reaches_the_pit():
    greedy = {0: 1, 1: 1, 3: 0, 4: 3}                 # right, right, up, left
    assert all(hand_P()[a, s, 5] == 0 for s, a in greedy.items())


def test_optimality_backup_is_a_gamma_contraction():
    P, R = hand_P(), hand_R(hand_P())
    rng = np.random.default_rng(3)
    for _ in range(50):
        U, W = rng.normal(size=6) * 5, rng.normal(size=6) * 5
        lhs = np.max(np.abs(mb.bellman_optimality_backup(U, P, R, GAMMA)
                            - mb.bellman_optimality_backup(W, P, R, GAMMA)))
        assert lhs <= GAMMA * np.max(np.abs(U - W)) + 1e-12


def test_exact_evaluation_matches_monte_carlo_episodes():
    """The uniform random policy from cell 3 (the start): sampled returns average to V_pi(3)."""
    P, R = hand_P(), hand_R(hand_P())
    V = mb.policy_evaluation_exact(np.full((6, 4), 0.25), P, R, GAMMA)
    rng = np.random.default_rng(4)
    returns, goals = [], []
    for _ in range(6000):
        s, rewards, done = 3, [], False
        while not done:
            s, r, done = mb.env_step(s, int(rng.integers(4)), rng)
            rewards.append(r)
        returns.append(sum(r * GAMMA ** k for k, r in enumerate(rewards)))
        goals.append(s == 2)
    assert abs(np.mean(returns) - V[3]) < 4 * np.std(returns) / math.sqrt(len(returns))
    # The mistake's "ends in the goal first" probability from C, against the same episodes.
    p = dict(mb.mistake_max_for_a_policy())["goal first from C"]
    assert abs(np.mean(goals) - p) < 4 * math.sqrt(p * (1 - p) / len(goals))


def test_iterative_evaluation_converges_to_the_linear_solve():
    pi = np.random.default_rng(5).dirichlet(np.ones(4), size=6)
    P, R = hand_P(), hand_R(hand_P())
    np.testing.assert_allclose(mb.policy_evaluation_iterative(pi, P, R, GAMMA, 400),
                               mb.policy_evaluation_exact(pi, P, R, GAMMA), atol=1e-12)


# --------------------------------------------------------------------------
# The page's transcripts, against values derived here


def test_worked_example_transcript():
    # Sweep 1: Q(B, right) = 0.8 * 1 = 0.8; from D, up risks 0.1 * (-1); left earns 0.
    # Sweep 2: V2(A) = 0.8 * 0.9 * 0.8 = 0.576; V2(D) = 0.576 - 0.1 = 0.476.
    # Sweep 3 by hand: V3(B) = 0.8 + 0.1 * 0.9 * 0.872 + 0.1 * 0.9 * 0.476 = 0.92132.
    t = mb.worked_example()
    check(t, {"Q1(B, right)": 0.8, "Q1(D, up)": -0.1, "V1(D)": 0.0,
              "V2(A)": 0.576, "V2(D)": 0.476, "V1": [0.0, 0.8, 0.0, 0.0],
              "V2": [0.576, 0.872, 0.0, 0.476], "change 1": 0.8, "change 2": 0.576,
              "first sweep with V(C)": 3})
    V3 = dict(t)["V3"]
    assert math.isclose(V3[1], 0.8 + 0.09 * 0.872 + 0.09 * 0.476)
    V_star = brute_force_optimum(hand_P(), hand_R(hand_P()), GAMMA)
    np.testing.assert_allclose(dict(t)["V*"], V_star[INNER], atol=1e-9)
    assert dict(t)["Q*(D, left)"] > dict(t)["Q*(D, up)"]
    # From sweep 8 on, left is D's best action: check the Q values of V_7 directly.
    P, R = hand_P(), hand_R(hand_P())
    V = np.zeros(6)
    best = []
    for _ in range(60):
        Q = R + GAMMA * np.einsum("asn,n->sa", P, V)
        best.append(int(Q[4].argmax()))
        V = Q.max(axis=1)
    assert best[6] == 0 and all(b == 3 for b in best[7:])   # best[k] picks sweep k + 1
    assert dict(t)["switch sweep"] == 8


def test_linear_worked_example_transcript():
    # Greedy policy: right, right, up, left. Row of A (right): 0.8 -> B, 0.1 -> A (wall),
    # 0.1 -> C: (1 - 0.09) V(A) - 0.72 V(B) - 0.09 V(C) = 0, and so on.
    A = [[0.91, -0.72, -0.09, 0.0], [0.0, 0.91, 0.0, -0.09],
         [-0.72, 0.0, 0.91, -0.09], [0.0, -0.09, -0.72, 0.91]]
    t = mb.worked_example_linear()
    check(t, {"I - gamma P_pi": A, "R_pi": [0.0, 0.8, 0.0, 0.0], "unknowns": 4})
    V = np.linalg.solve(A, [0, 0.8, 0, 0])
    np.testing.assert_allclose(dict(t)["V exact"], V)
    np.testing.assert_allclose(V, brute_force_optimum(hand_P(), hand_R(hand_P()), GAMMA)[INNER],
                               atol=1e-9)
    # "100 sweeps agree to every digit shown" (4 decimals).
    V100 = evaluate_by_loops({0: 1, 1: 1, 3: 0, 4: 3}, hand_P(), hand_R(hand_P()), GAMMA, 100)
    assert np.max(np.abs(V100[INNER] - V)) < 5e-5


def test_mistake_transcript():
    t = dict(mb.mistake_max_for_a_policy())
    V_star = brute_force_optimum(hand_P(), hand_R(hand_P()), GAMMA)
    assert math.isclose(t["V(C) with max"], V_star[3], abs_tol=1e-9)
    assert math.isclose(t["V(D) with max"], V_star[4], abs_tol=1e-9)
    # The random policy: swapping the rows swaps goal and pit, so V(C) = -V(A), V(D) = -V(B),
    # and both bottom cells are negative. 100 sweeps agree to 4 decimals.
    V_pi = mb.policy_evaluation_exact(np.full((6, 4), 0.25), hand_P(), hand_R(hand_P()), GAMMA)
    assert math.isclose(t["V_pi(C)"], -V_pi[0]) and math.isclose(t["V_pi(D)"], -V_pi[1])
    assert t["V_pi(C)"] < 0 and t["V_pi(D)"] < t["V_pi(C)"]
    V100 = mb.policy_evaluation_iterative(np.full((6, 4), 0.25), hand_P(), hand_R(hand_P()),
                                          GAMMA, t["sweeps"])
    assert np.max(np.abs(V100 - V_pi)) < 5e-5


def test_exercise_transcripts():
    check(mb.exercise_return(), {"G": 1 + 0 * 0.5 + 2 * 0.25, "terms": [1.0, 0.0, 0.5],
                                 "gamma^2": 0.25})
    check(mb.exercise_forever(), {"V": 1 / (1 - 0.9), "one minus gamma": 0.1})
    check(mb.exercise_backup(), {"Q(left)": 9.0, "Q(right)": 5 + 0.9 * 4, "V*": 9.0})
    # V(u) = 1 + 0.5 V(w), V(w) = 0.5 V(u): V(u) = 1 / (1 - 0.25) = 4/3, V(w) = 2/3.
    check(mb.exercise_two_states(), {"V(u)": each(4 / 3, 4 / 3), "V(w)": 2 / 3,
                                     "1 - gamma^2": 0.75})


def test_claims_transcripts():
    t = dict(mb.claims_convergence())
    assert abs(t["observed ratio"] - t["largest eigenvalue"]) < 1e-2
    assert t["largest eigenvalue"] < GAMMA and t["sweeps"] == len(mb._optimal()[1]) - 1
    # Independently: value iteration by hand against the brute-force optimum. From sweep 8 on
    # every cell's best action is the optimal one, and the error then shrinks like powers of
    # the greedy chain's matrix, so late ratios of successive errors approach its spectral
    # radius (a power iteration, not an eigenvalue routine).
    P, R = hand_P(), hand_R(hand_P())
    V_star = brute_force_optimum(P, R, GAMMA)
    V, errors, best = np.zeros(6), [], []
    for _ in range(45):
        errors.append(np.max(np.abs(V - V_star)))
        Q = R + GAMMA * np.einsum("asn,n->sa", P, V)
        best.append([int(Q[s].argmax()) for s in INNER])
        V = Q.max(axis=1)
    assert best[6] != [1, 1, 0, 3] and all(b == [1, 1, 0, 3] for b in best[7:])
    assert t["settle sweep"] == 8                              # best[k] picks sweep k + 1
    assert abs(errors[44] / errors[43] - t["largest eigenvalue"]) < 1e-5
    assert abs(t["observed ratio, last sweep"] - t["largest eigenvalue"]) < 1e-5
    # 100 * 0.99^k <= 1e-6  <=>  k >= ln(1e-8) / ln(0.99) = 1832.9...
    q = dict(mb.claims_interview_questions())
    assert q["k"] == math.ceil(math.log(1e-8) / math.log(0.99)) == 1833
    assert math.isclose(q["bound"], 100.0) and q["grid world's shrink"] == 0.6
    check(mb.claims_grid(), {"R(D, up)": 0.1 * -1})
    check(mb.claims_return(), {"bound / r_max": 10.0, "gamma^10": 0.9 ** 10,
                               "0.5^10": 1 / 1024})
