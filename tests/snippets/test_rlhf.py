"""Tests of snippets/rlhf.py, against hand arithmetic, plain-Python formulas and central differences."""
from __future__ import annotations

import math

import numpy as np
import pytest
from gradcheck import assert_gradient, central_difference

import rlhf
from transcript_check import check, near

PI_REF = [0.4, 0.3, 0.2, 0.1]
R = [1.0, 2.0, 0.0, 3.0]


def sig(u: float) -> float:
    """The sigmoid in plain Python."""
    return 1.0 / (1.0 + math.exp(-u))


def kl(p, q) -> float:
    """KL(p || q) in plain Python."""
    return sum(pi * math.log(pi / qi) for pi, qi in zip(p, q) if pi > 0)


# ---------------------------------------------------------------------------
# Bradley-Terry


@pytest.mark.parametrize("rw, rl", [(0.8, 0.3), (0.5, 1.5), (-3.0, 2.0), (40.0, -40.0)])
def test_preference_loss_is_minus_log_sigmoid(rw, rl):
    want = -math.log(sig(rw - rl)) if abs(rw - rl) < 30 else math.log1p(math.exp(-(rw - rl)))
    assert float(rlhf.preference_loss(rw, rl)) == pytest.approx(want, rel=1e-12)
    assert float(rlhf.preference_probability(rw, rl)) == pytest.approx(sig(rw - rl))


def test_preference_probabilities_of_a_pair_add_to_one_and_ignore_a_shift():
    p = rlhf.preference_probability(0.8, 0.3) + rlhf.preference_probability(0.3, 0.8)
    assert float(p) == pytest.approx(1.0)
    assert float(rlhf.preference_loss(10.8, 10.3)) == pytest.approx(float(rlhf.preference_loss(0.8, 0.3)))


@pytest.mark.parametrize("rw, rl", [(0.8, 0.3), (0.5, 1.5), (-2.0, 1.0)])
def test_preference_loss_gradient_matches_central_differences(rw, rl):
    assert_gradient(lambda v: float(rlhf.preference_loss(v[0], v[1])),
                    lambda v: np.array([float(g) for g in rlhf.preference_loss_grad(v[0], v[1])]),
                    [rw, rl])


# ---------------------------------------------------------------------------
# The KL-regularised optimum


def test_optimal_policy_by_hand():
    # Weights 0.4e, 0.3e^2, 0.2, 0.1e^3 over their sum.
    w = [0.4 * math.e, 0.3 * math.e ** 2, 0.2, 0.1 * math.e ** 3]
    pi, Z = rlhf.optimal_policy(np.array(PI_REF), np.array(R), 1.0)
    assert Z == pytest.approx(sum(w))
    np.testing.assert_allclose(pi, np.array(w) / sum(w), rtol=1e-12)


def test_optimal_policy_beats_random_policies_and_its_value_is_beta_log_Z():
    rng = np.random.default_rng(0)
    for beta in (0.3, 1.0, 4.0):
        pi, Z = rlhf.optimal_policy(np.array(PI_REF), np.array(R), beta)
        best = rlhf.kl_regularised_objective(pi, PI_REF, R, beta)
        assert best == pytest.approx(beta * math.log(Z), rel=1e-12)
        for _ in range(200):
            other = rng.dirichlet(np.ones(4))
            assert rlhf.kl_regularised_objective(other, PI_REF, R, beta) < best


def test_objective_is_beta_log_Z_minus_beta_kl_to_the_optimum():
    # E_pi[r] - beta KL(pi || ref) = beta log Z - beta KL(pi || pi*) for any pi.
    beta, pi = 0.7, np.array([0.1, 0.2, 0.3, 0.4])
    opt, Z = rlhf.optimal_policy(np.array(PI_REF), np.array(R), beta)
    lhs = rlhf.kl_regularised_objective(pi, PI_REF, R, beta)
    assert lhs == pytest.approx(beta * math.log(Z) - beta * kl(pi, opt), rel=1e-12)


def test_beta_limits():
    small, _ = rlhf.optimal_policy(np.array(PI_REF), np.array(R), 0.01)
    large, _ = rlhf.optimal_policy(np.array(PI_REF), np.array(R), 1e6)
    assert small[3] == pytest.approx(1.0)
    np.testing.assert_allclose(large, PI_REF, atol=1e-5)
    with pytest.raises(ValueError):
        rlhf.optimal_policy(np.array(PI_REF), np.array(R), 0.0)


def test_a_response_gains_as_beta_falls_exactly_while_its_reward_beats_the_average():
    # d log pi*(y) / d(1/beta) = r(y) - E_{pi*}[r]: the rule the page uses for B's curve.
    for beta in (0.5, 1.15, 3.0):
        pi, _ = rlhf.optimal_policy(np.array(PI_REF), np.array(R), beta)
        h = 1e-6
        up = np.log(rlhf.optimal_policy(np.array(PI_REF), np.array(R), 1.0 / (1.0 / beta + h))[0])
        down = np.log(rlhf.optimal_policy(np.array(PI_REF), np.array(R), 1.0 / (1.0 / beta - h))[0])
        mean = sum(p * r for p, r in zip(pi, R))
        np.testing.assert_allclose((up - down) / (2 * h), np.array(R) - mean, atol=1e-6)
    # B's share peaks where the expected reward reaches B's reward, 2: between beta = 1 and 2.
    b1, _ = rlhf.optimal_policy(np.array(PI_REF), np.array(R), 1.0)
    b2, _ = rlhf.optimal_policy(np.array(PI_REF), np.array(R), 2.0)
    assert b2 @ np.array(R) < 2.0 < b1 @ np.array(R)


def test_claims_beta_by_hand():
    want = {"pi*(B)": [], "pi*(D)": [], "E[r]": [], "KL": []}
    for beta in rlhf.BETAS:
        w = [q * math.exp(r / beta) for q, r in zip(PI_REF, R)]
        pi = [x / sum(w) for x in w]
        want["pi*(B)"].append(pi[1])
        want["pi*(D)"].append(pi[3])
        want["E[r]"].append(sum(p * r for p, r in zip(pi, R)))
        want["KL"].append(kl(pi, PI_REF))
    got = {k: [v for name, v in rlhf.claims_beta() if name == k] for k in want}
    for k in want:
        np.testing.assert_allclose(got[k], want[k], rtol=1e-9)
    rest = dict(rlhf.claims_beta()[-2:])
    assert rest == {"E_ref[r]": pytest.approx(1.3), "KL ceiling": pytest.approx(math.log(10))}


# ---------------------------------------------------------------------------
# Per-token rewards


def test_per_token_rewards_add_up_to_score_minus_beta_sequence_log_ratio():
    p, q = [0.5, 0.8, 0.6], [0.4, 0.9, 0.3]
    rew = rlhf.per_token_rewards(np.log(p), np.log(q), 1.5, 0.1)
    assert rew.sum() == pytest.approx(1.5 - 0.1 * math.log((0.5 * 0.8 * 0.6) / (0.4 * 0.9 * 0.3)))
    assert rew[0] == pytest.approx(-0.1 * math.log(1.25))


def test_sampled_log_ratio_averages_to_the_kl():
    # The per-token penalty is a one-sample estimate of the KL: its mean under pi is KL(pi||ref).
    rng = np.random.default_rng(1)
    pi = np.array([0.5, 0.3, 0.2])
    ref = np.array([0.2, 0.3, 0.5])
    ys = rng.choice(3, size=200_000, p=pi)
    est = float(np.mean(np.log(pi[ys] / ref[ys])))
    assert est == pytest.approx(kl(pi, ref), abs=5e-3)


# ---------------------------------------------------------------------------
# DPO


def test_dpo_loss_is_bradley_terry_of_the_implicit_rewards():
    beta, pw, pl, rw, rl = 0.1, 0.3, 0.1, 0.2, 0.2
    a, b = beta * math.log(pw / rw), beta * math.log(pl / rl)
    got = rlhf.dpo_loss(math.log(pw), math.log(pl), math.log(rw), math.log(rl), beta)
    assert got == pytest.approx(-math.log(sig(a - b)))


def test_dpo_loss_averages_a_batch():
    lw, ll = np.array([-1.0, -2.0]), np.array([-1.5, -1.0])
    ref = np.array([-1.2, -1.2])
    want = np.mean([-math.log(sig(0.5 * ((lw[i] - ref[i]) - (ll[i] - ref[i])))) for i in range(2)])
    assert rlhf.dpo_loss(lw, ll, ref, ref, 0.5) == pytest.approx(want)


@pytest.mark.parametrize("w, l", [(1, 0), (3, 2), (0, 3)])
def test_dpo_logit_gradient_matches_central_differences(w, l):
    ref = np.array(PI_REF)
    beta = 0.7

    def loss(z):
        logp = z - math.log(np.exp(z).sum())
        return rlhf.dpo_loss(logp[w], logp[l], math.log(ref[w]), math.log(ref[l]), beta)

    z0 = np.array([0.3, -0.2, 0.5, 0.1])
    assert_gradient(loss, lambda z: rlhf.dpo_grad_logits(z, ref, w, l, beta), z0)


def test_fitted_reward_model_recovers_rewards_up_to_a_shift():
    r_hat = rlhf.fit_reward_model(np.array(R))
    np.testing.assert_allclose(r_hat - r_hat.mean(), np.array(R) - np.mean(R), atol=1e-9)
    # The gradient of the pairwise loss, against central differences.
    s0 = np.array([0.2, -0.1, 0.4, 0.0])
    assert_gradient(lambda s: rlhf.pairwise_loss(s, np.array(R)),
                    lambda s: rlhf.pairwise_loss_grad(s, np.array(R)), s0)


def test_dpo_fit_reaches_the_kl_regularised_optimum_and_without_reference_does_not():
    pi_star, _ = rlhf.optimal_policy(np.array(PI_REF), np.array(R), 1.0)
    np.testing.assert_allclose(rlhf.fit_dpo(np.array(PI_REF), np.array(R), 1.0), pi_star, atol=1e-9)
    e = np.exp(np.array(R))
    np.testing.assert_allclose(rlhf.fit_dpo(np.array(PI_REF), np.array(R), 1.0, use_ref=False),
                               e / e.sum(), atol=1e-9)


# ---------------------------------------------------------------------------
# Transcripts, against hand arithmetic


def test_worked_example_by_hand():
    s = 1 / (1 + math.exp(-0.5))
    check(rlhf.worked_example(), {
        "u": 0.5, "sigma(u)": s, "loss": -math.log(s),
        "dL/dr_w": s - 1, "dL/dr_l": 1 - s,
        "new r_w": 0.8 + (1 - s), "new r_l": 0.3 - (1 - s),
        "new loss": -math.log(sig(0.5 + 2 * (1 - s))),
    })


def test_worked_example_optimum_by_hand():
    w = [0.4 * math.e, 0.3 * math.e ** 2, 0.2, 0.1 * math.e ** 3]
    Z = sum(w)
    pi = [x / Z for x in w]
    er = sum(p * r for p, r in zip(pi, R))
    check(rlhf.worked_example_optimum(), {
        "Z": Z, "pi*": np.array(pi), "E[r]": er, "KL": kl(pi, PI_REF),
        "objective": math.log(Z), "E_ref[r]": 1.3, "KL(best||ref)": math.log(10),
        "objective at best": 3 - math.log(10),
    })


def test_worked_example_per_token_by_hand():
    check(rlhf.worked_example_per_token(), {
        "rewards[2]": 1.5 - 0.1 * math.log(2), "prod p": 0.24, "prod ref": 0.108,
        "total": 1.5 - 0.1 * math.log(0.24 / 0.108),
    })


def test_worked_example_dpo_by_hand():
    # u = log(0.4/0.3) - log(0.3/0.4) = log(16/9): sigma(u) = 16/25 = 0.64.
    check(rlhf.worked_example_dpo(), {
        "u": math.log(16 / 9), "sigma(u)": 0.64, "loss": -math.log(0.64),
        "g_B": -0.36, "g_A": 0.36,
        "new loss": near(-math.log(sig(math.log(16 / 9) + 0.72)), 1e-9),
    })


def test_mistake_and_same_optimum():
    e = np.exp(np.array(R))
    check(rlhf.mistake_dpo_without_reference(), {"without": near(e / e.sum(), 1e-8)})
    Z = 0.4 * math.e + 0.3 * math.e ** 2 + 0.2 + 0.1 * math.e ** 3
    check(rlhf.worked_example_same_optimum(), {
        "r_hat": near(np.array(R) - 1.5, 1e-8, 1e-9),
        "implicit": near(np.array(R) - math.log(Z), 1e-8, 1e-9),
    })


def test_exercises_by_hand():
    check(rlhf.exercise_preference(), {"sigma": sig(-1.0), "loss": math.log(1 + math.e)})
    check(rlhf.exercise_two_responses(), {
        "Z": 0.5 * (math.e ** 2 + 1), "pi*": np.array([math.e ** 2, 1]) / (math.e ** 2 + 1)})
    check(rlhf.exercise_implicit_reward(), {
        "a": 0.1 * math.log(1.5), "b": 0.1 * math.log(0.5), "a-b": 0.1 * math.log(3)})
    check(rlhf.claims_interview_questions(), {
        "before": math.log(2), "after": -math.log(sig(0.1 * math.log(5)))})


def test_transcripts_are_pure():
    assert rlhf.claims_beta() == rlhf.claims_beta()
    assert central_difference(lambda v: float(v[0] ** 2), [1.0])[0] == pytest.approx(2.0)
