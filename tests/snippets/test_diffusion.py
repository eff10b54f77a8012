"""Tests of snippets/diffusion.py: the closed form against the chain run step by step (in
distribution and by algebra), the reverse step against a posterior computed on a grid, the exact
noise predictor against a Monte Carlo conditional mean and against the score by central
differences, and the page's numbers against hand arithmetic."""
from __future__ import annotations

import math

import numpy as np
import pytest
from gradcheck import central_difference

import diffusion as df
from transcript_check import check, each

# --------------------------------------------------------------------------
# Schedule


def test_alpha_bar_is_a_running_product_written_as_a_loop():
    beta = [0.05, 0.1, 0.3, 0.02]
    expected, prod = [1.0], 1.0
    for b in beta:
        prod *= 1 - b
        expected.append(prod)
    np.testing.assert_allclose(df.alpha_bar(beta), expected, rtol=1e-14)


def test_linear_schedule_ends_and_spacing():
    beta = df.linear_schedule()
    assert len(beta) == 1000 and beta[0] == pytest.approx(1e-4) and beta[-1] == pytest.approx(0.02)
    np.testing.assert_allclose(np.diff(beta), (0.02 - 1e-4) / 999, rtol=1e-9)


@pytest.mark.parametrize("bad", [[0.1, 0.0], [1.0], [-0.1]])
def test_alpha_bar_refuses_betas_outside_zero_one(bad):
    with pytest.raises(ValueError, match="beta"):
        df.alpha_bar(bad)


# --------------------------------------------------------------------------
# Forward process: the closed form


def test_two_steps_by_algebra_match_the_closed_form():
    # x_2 = sqrt(1-b2) (sqrt(1-b1) x0 + sqrt(b1) e1) + sqrt(b2) e2: a Gaussian with mean
    # sqrt((1-b1)(1-b2)) x0 and variance (1-b2) b1 + b2 = 1 - (1-b1)(1-b2).
    b1, b2, x0 = 0.1, 0.2, 1.5
    ab = df.alpha_bar([b1, b2])
    assert math.sqrt((1 - b1) * (1 - b2)) * x0 == pytest.approx(math.sqrt(ab[2]) * x0)
    assert (1 - b2) * b1 + b2 == pytest.approx(1 - ab[2])
    # And with fixed draws the chain is the linear combination the algebra says.
    e1, e2 = 0.3, -1.1
    chain = df.forward_step(df.forward_step(x0, b1, e1), b2, e2)
    by_hand = math.sqrt(1 - b2) * (math.sqrt(1 - b1) * x0 + math.sqrt(b1) * e1) + math.sqrt(b2) * e2
    assert chain == pytest.approx(by_hand, rel=1e-14)


def test_running_the_chain_matches_the_closed_form_in_distribution():
    # Mean, variance and a few quantiles of 200,000 chain runs against N(sqrt(ab) x0, 1 - ab).
    beta = np.linspace(0.01, 0.2, 12)
    ab = df.alpha_bar(beta)[-1]
    x = df.run_chain(np.full(200_000, 2.0), beta, len(beta), np.random.default_rng(5))
    mean, var = math.sqrt(ab) * 2.0, 1 - ab
    assert abs(x.mean() - mean) < 5 * math.sqrt(var / len(x))
    assert x.var() == pytest.approx(var, rel=0.01)
    for p, zq in ((0.1, -1.2815515655), (0.5, 0.0), (0.9, 1.2815515655)):
        assert np.quantile(x, p) == pytest.approx(mean + zq * math.sqrt(var), abs=0.01)


def test_closed_form_samples_match_chain_samples_with_a_two_sample_test():
    beta = df.linear_schedule()[:50]
    rng = np.random.default_rng(9)
    chain = df.run_chain(np.full(50_000, -1.0), beta, 50, rng)
    jump = df.q_sample(-1.0, df.alpha_bar(beta)[50], rng.standard_normal(50_000))
    # Kolmogorov-Smirnov distance between the two empirical distributions.
    grid = np.sort(np.concatenate([chain, jump]))
    cdf = lambda s: np.searchsorted(np.sort(s), grid, side="right") / len(s)
    assert np.max(np.abs(cdf(chain) - cdf(jump))) < 0.015


# --------------------------------------------------------------------------
# The reverse step


def posterior_on_a_grid(x0, xt, t, beta):
    """Mean and variance of q(x_{t-1} | x_t, x_0) by Bayes' rule on a grid:
    q(x_{t-1} | x_0) times q(x_t | x_{t-1}), normalised numerically."""
    ab_prev = float(np.prod([1 - b for b in beta[:t - 1]]))
    b = beta[t - 1]
    u = np.linspace(-12, 12, 400_001)
    log_w = (-(u - math.sqrt(ab_prev) * x0) ** 2 / (2 * (1 - ab_prev))
             - (xt - math.sqrt(1 - b) * u) ** 2 / (2 * b))
    w = np.exp(log_w - log_w.max())
    w /= w.sum()
    mean = float((w * u).sum())
    return mean, float((w * (u - mean) ** 2).sum())


@pytest.mark.parametrize("x0,xt,t", [(1.5, 1.6283, 3), (-2.0, 0.4, 2), (0.3, -1.0, 4)])
def test_posterior_matches_bayes_rule_on_a_grid(x0, xt, t):
    beta = [0.1, 0.2, 0.3, 0.4]
    mean, var = df.posterior(x0, xt, t, np.array(beta))
    g_mean, g_var = posterior_on_a_grid(x0, xt, t, beta)
    assert mean == pytest.approx(g_mean, abs=1e-6)
    assert var == pytest.approx(g_var, rel=1e-5)
    assert df.reverse_std(t, np.array(beta)) ** 2 == pytest.approx(g_var, rel=1e-5)


def test_reverse_mean_with_the_true_noise_is_the_posterior_mean():
    rng = np.random.default_rng(3)
    beta = df.linear_schedule()
    ab = df.alpha_bar(beta)
    for t in (2, 10, 500, 1000):
        x0, eps = rng.standard_normal(2)
        xt = df.q_sample(x0, ab[t], eps)
        assert df.reverse_mean(xt, eps, t, beta) == pytest.approx(
            df.posterior(x0, xt, t, beta)[0], rel=1e-9, abs=1e-12)


def test_last_reverse_step_has_no_noise():
    assert df.reverse_std(1, np.array([0.1, 0.2])) == 0.0


# --------------------------------------------------------------------------
# The exact noise predictor of a mixture


def log_density(x, ab):
    """log q(x_t) of the page's two bumps, written out by hand."""
    v = ab * 0.25 + 1 - ab
    m = math.sqrt(ab) * 2.0
    return math.log(0.5 * math.exp(-(x - m) ** 2 / (2 * v)) / math.sqrt(2 * math.pi * v)
                    + 0.5 * math.exp(-(x + m) ** 2 / (2 * v)) / math.sqrt(2 * math.pi * v))


@pytest.mark.parametrize("x", [-2.5, -0.3, 0.0, 0.7, 3.1])
@pytest.mark.parametrize("ab", [0.9, 0.4, 0.05])
def test_exact_predictor_is_minus_root_one_minus_abar_times_the_score(x, ab):
    # E[eps | x_t] = -sqrt(1 - abar) d/dx log q(x_t): the derivative by central differences.
    score = central_difference(lambda a: log_density(float(a[0]), ab), np.array([x]))[0]
    got = df.mixture_eps(x, ab, df.CENTRES, df.SPREAD, df.WEIGHTS)
    assert got == pytest.approx(-math.sqrt(1 - ab) * score, rel=1e-6, abs=1e-8)


def noised_mixture(rng, n, ab):
    """n draws of the two-bump data, noised to a step with signal fraction ab: (eps, x_t)."""
    x0 = df.CENTRES[rng.integers(0, 2, n)] + df.SPREAD * rng.standard_normal(n)
    eps = rng.standard_normal(n)
    return eps, df.q_sample(x0, ab, eps)


def test_exact_predictor_is_the_conditional_mean_of_the_noise():
    # Monte Carlo: noise many data points, keep those whose x_t lands near x, average their eps.
    rng = np.random.default_rng(11)
    n, ab = 2_000_000, 0.3
    eps, xt = noised_mixture(rng, n, ab)
    for x in (-1.0, 0.2, 1.5):
        near = np.abs(xt - x) < 0.01
        assert eps[near].mean() == pytest.approx(
            df.mixture_eps(x, ab, df.CENTRES, df.SPREAD, df.WEIGHTS), abs=0.03)


def test_exact_predictor_beats_any_other_on_the_loss():
    rng = np.random.default_rng(12)
    n, ab = 200_000, 0.5
    eps, xt = noised_mixture(rng, n, ab)
    best = df.mixture_eps(xt, ab, df.CENTRES, df.SPREAD, df.WEIGHTS)
    loss = lambda pred: float(np.mean((eps - pred) ** 2))
    for other in (1.05 * best, best + 0.05, xt * math.sqrt(1 - ab)):
        assert loss(best) < loss(other)


def test_sampler_with_the_exact_predictor_returns_the_two_bumps():
    share, mean, sd = df.right_mode_stats(df.reverse_samples()[0])
    assert share == pytest.approx(0.5, abs=0.015)
    assert mean == pytest.approx(2.0, abs=0.03) and sd == pytest.approx(0.5, abs=0.03)


def test_noise_loss_is_a_sum_of_squares():
    assert df.noise_loss([1.0, 2.0, -1.0], [0.0, 0.0, 0.0]) == pytest.approx(6.0)


# --------------------------------------------------------------------------
# The page's numbers, by hand


def test_worked_example_by_hand():
    ab3 = 0.9 * 0.8 * 0.7                                     # 0.504
    x3 = math.sqrt(ab3) * 1.5 + math.sqrt(1 - ab3) * 0.8
    coef = 0.3 / math.sqrt(1 - ab3)
    mean = (x3 - coef * 0.5) / math.sqrt(0.7)
    s3 = math.sqrt((1 - 0.72) / (1 - ab3) * 0.3)
    # Posterior mean written out from its two weights.
    post = math.sqrt(0.72) * 0.3 / (1 - ab3) * 1.5 + math.sqrt(0.7) * 0.28 / (1 - ab3) * x3
    check(df.worked_example(), {
        "abar_1": 0.9, "abar_2": 0.72, "abar_3": ab3, "abar_4": ab3 * 0.6,
        "x_3": x3, "loss": 0.09, "coef": coef, "mean": mean,
        "s_3^2": s3 ** 2, "s_3": s3, "x_2": mean - 0.3 * s3,
        "mean true eps": post, "posterior mean": post,
        "signal": math.sqrt(ab3) * 1.5, "noise": math.sqrt(1 - ab3) * 0.8,
    })


def test_exercises_by_hand():
    check(df.exercise_alpha_bar(), {"abar_2": 0.72, "sqrt abar_2": math.sqrt(0.72),
                                    "sqrt(1-abar_2)": math.sqrt(0.28)})
    check(df.exercise_noise_and_undo(), {"x_t": 0.8 * 2 + 0.6 * -0.5, "x0 back": 2.0,
                                         "sqrt abar": 0.8, "sqrt(1-abar)": 0.6})
    check(df.exercise_loss(), {"loss": 0.3 ** 2 + 0.4 ** 2})
    coef = 0.1 / math.sqrt(0.1)
    check(df.exercise_last_step(), {"coef": coef, "s_1": 0.0,
                                    "x_0": (0.5 - coef * 1.0) / math.sqrt(0.9)})


def test_closed_form_claims_and_the_mistake():
    beta = np.linspace(1e-4, 0.02, 1000)
    ab300 = float(np.exp(np.sum(np.log1p(-beta[:300]))))
    abT = float(np.exp(np.sum(np.log1p(-beta))))
    t = df.claims_closed_form()
    check(t, {"abar_t": ab300, "predicted mean": math.sqrt(ab300) * 1.5,
              "predicted var": 1 - ab300, "abar_T": abT, "sqrt abar_T": math.sqrt(abT)})
    d = dict(t)
    assert abs(d["mean"] - d["predicted mean"]) < 4 * d["standard error"]
    assert d["var"] == pytest.approx(1 - ab300, rel=0.01)
    # Sum of the betas: 300 terms of an arithmetic series, and all 1000 of them.
    step = (0.02 - 1e-4) / 999
    check(df.mistake_adding_variances(), {
        "sum beta": 300 * 1e-4 + step * 299 * 300 / 2,
        "sum beta T": 1000 * (1e-4 + 0.02) / 2, "1-abar_t": 1 - ab300, "1-abar_T": 1 - abT})


def test_dropping_the_sampling_noise_narrows_the_bumps():
    d = dict(df.mistake_no_sampling_noise())
    assert d["sd no noise"] < 0.5 * d["sd with noise"]
    check(df.claims_interview(), {"seconds": 1000 * 0.05})
