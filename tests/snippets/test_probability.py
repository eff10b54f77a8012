"""Tests of snippets/probability.py, against independent computations."""
from __future__ import annotations

import math

import numpy as np
import pytest

import probability as pr
from gradcheck import assert_gradient, central_difference
from transcript_check import check, each, entries

P = [0.5, 0.25, 0.25]
Q = [0.6, 0.35, 0.05]


def random_distribution(rng, k, zeros=0):
    """A random distribution on k outcomes, optionally with some exact zeros."""
    w = rng.exponential(size=k)
    if zeros:
        w[rng.choice(k, size=zeros, replace=False)] = 0.0
    return w / w.sum()


# ---------------------------------------------------------------------------
# Distributions


@pytest.mark.parametrize("bad, message", [
    ([0.5, 0.6], r"must be probabilities >= 0 adding up to 1, got \[0\.5 0\.6\]"),
    ([1.5, -0.5], r"probabilities >= 0"),
    ([0.5, float("nan")], r"probabilities >= 0"),
    ([], r"adding up to 1"),
    ([[0.5, 0.5]], r"adding up to 1"),
])
def test_as_distribution_rejects_non_distributions(bad, message):
    with pytest.raises(ValueError, match=message):
        pr.as_distribution(bad)


def test_as_distribution_returns_floats_and_validates_every_entry():
    p = pr.as_distribution([1, 0, 0])
    assert p.dtype == float and p.tolist() == [1.0, 0.0, 0.0]
    with pytest.raises(ValueError, match=r"x in \{0, 1\}, got theta=0.5, x=\[0 1 2\]"):
        pr.bernoulli_pmf([0, 1, 2], 0.5)        # one bad outcome among good ones


def test_bernoulli_pmf_matches_its_definition():
    for theta in (0.0, 0.3, 0.7, 1.0):
        for x in (0, 1):
            assert pr.bernoulli_pmf(x, theta) == pytest.approx(theta**x * (1 - theta) ** (1 - x))
    with pytest.raises(ValueError, match=r"need theta in \[0, 1\]"):
        pr.bernoulli_pmf(1, 1.2)
    with pytest.raises(ValueError, match=r"x in \{0, 1\}"):
        pr.bernoulli_pmf(2, 0.5)


def test_categorical_pmf_reads_the_probability_and_checks_the_class():
    # Every class, the first and the last included, reads its own entry of Q = (0.6, 0.35, 0.05).
    assert [pr.categorical_pmf(k, Q) for k in range(3)] == [0.6, 0.35, 0.05]
    with pytest.raises(ValueError, match=r"class 3 does not exist: there are 3 classes, 0 to 2"):
        pr.categorical_pmf(3, Q)
    with pytest.raises(ValueError, match=r"class -1 does not exist"):
        pr.categorical_pmf(-1, Q)
    with pytest.raises(ValueError, match=r"adding up to 1, got \[0\.6 0\.6\]"):
        pr.categorical_pmf(0, [0.6, 0.6])


def test_gaussian_defaults_are_the_standard_normal():
    # N(0, 1) at 0: 1 / sqrt(2 pi) = 0.39894; at 1: e^-0.5 / sqrt(2 pi).
    assert pr.gaussian_pdf(0.0) == pytest.approx(1 / math.sqrt(2 * math.pi))
    assert pr.gaussian_pdf(1.0) == pytest.approx(math.exp(-0.5) / math.sqrt(2 * math.pi))
    assert pr.gaussian_log_pdf(1.0) == pytest.approx(-0.5 - 0.5 * math.log(2 * math.pi))
    for f in (pr.gaussian_pdf, pr.gaussian_log_pdf):
        with pytest.raises(ValueError, match=r"sigma is a standard deviation and must be positive, got 0"):
            f(1.0, 0.0, 0)


def test_gaussian_pdf_matches_the_formula_and_integrates_to_one():
    for x, mu, sigma in [(0.0, 0.0, 1.0), (2.0, 1.0, 2.0), (-3.5, 0.5, 0.3)]:
        expected = math.exp(-((x - mu) ** 2) / (2 * sigma**2)) / math.sqrt(2 * math.pi * sigma**2)
        assert pr.gaussian_pdf(x, mu, sigma) == pytest.approx(expected, rel=1e-12)
    xs = np.linspace(-12, 14, 200_001)
    assert np.trapezoid(pr.gaussian_pdf(xs, 1.0, 2.0), xs) == pytest.approx(1.0, abs=1e-9)
    with pytest.raises(ValueError, match=r"sigma .* must be positive"):
        pr.gaussian_pdf(0.0, 0.0, 0.0)


def test_gaussian_log_pdf_is_the_log_of_the_pdf_and_survives_the_tails():
    xs = np.linspace(-5, 5, 41)
    np.testing.assert_allclose(pr.gaussian_log_pdf(xs, 0.3, 1.7),
                               np.log(pr.gaussian_pdf(xs, 0.3, 1.7)))
    assert pr.gaussian_pdf(50.0) == 0.0  # underflow...
    # ...but not in logs
    assert pr.gaussian_log_pdf(50.0) == pytest.approx(-1250 - 0.5 * math.log(2 * math.pi))
    with pytest.raises(ValueError, match=r"sigma is a standard deviation and must be positive"):
        pr.gaussian_log_pdf(0.0, 0.0, -1.0)


# ---------------------------------------------------------------------------
# Moments


def test_expectation_and_variance_by_plain_arithmetic():
    values, probs = [0, 1, 2], [0.2, 0.5, 0.3]
    mean = sum(v * p for v, p in zip(values, probs))
    var = sum(p * (v - mean) ** 2 for v, p in zip(values, probs))
    assert pr.expectation(values, probs) == pytest.approx(mean)
    assert pr.variance(values, probs) == pytest.approx(var)
    # By hand: E[X] = 0(0.2) + 1(0.5) + 2(0.3) = 1.1;
    # Var[X] = 0.2(0 - 1.1)^2 + 0.5(1 - 1.1)^2 + 0.3(2 - 1.1)^2 = 0.242 + 0.005 + 0.243 = 0.49.
    assert pr.expectation(values, probs) == pytest.approx(1.1)
    assert pr.variance(values, probs) == pytest.approx(0.49)
    shortcut = pr.expectation(np.square(values), probs) - mean**2
    assert shortcut == pytest.approx(var)


def test_variance_rules_and_the_bernoulli_closed_form():
    rng = np.random.default_rng(0)
    values, probs = rng.normal(size=6), random_distribution(rng, 6)
    a, b = -3.0, 7.0
    assert pr.variance(a * values + b, probs) == pytest.approx(a**2 * pr.variance(values, probs))
    assert pr.expectation(a * values + b, probs) == \
        pytest.approx(a * pr.expectation(values, probs) + b)
    for theta in (0.1, 0.5, 0.7):
        assert pr.variance([0, 1], [1 - theta, theta]) == pytest.approx(theta * (1 - theta))


def test_expectation_needs_one_probability_per_value():
    with pytest.raises(ValueError, match=r"3 values but 2 probabilities"):
        pr.expectation([1, 2, 3], [0.5, 0.5])


# ---------------------------------------------------------------------------
# Entropy, cross-entropy, KL


def test_information_quantities_match_their_definitions():
    rng = np.random.default_rng(1)
    for _ in range(20):
        p, q = random_distribution(rng, 5), random_distribution(rng, 5)
        assert pr.entropy(p) == pytest.approx(-sum(a * math.log(a) for a in p))
        assert pr.cross_entropy(p, q) == pytest.approx(-sum(a * math.log(b) for a, b in zip(p, q)))
        assert pr.kl_divergence(p, q) == \
            pytest.approx(sum(a * math.log(a / b) for a, b in zip(p, q)))


def test_cross_entropy_is_entropy_plus_kl_and_gibbs_inequality_holds():
    rng = np.random.default_rng(2)
    for k in (2, 3, 10):
        for _ in range(30):
            p = random_distribution(rng, k, zeros=rng.integers(0, k // 2 + 1))
            q = random_distribution(rng, k)
            kl = pr.kl_divergence(p, q)
            assert kl >= 0.0
            assert pr.cross_entropy(p, q) == pytest.approx(pr.entropy(p) + kl, abs=1e-12)
            assert pr.cross_entropy(p, q) >= pr.entropy(p) - 1e-12
            assert pr.kl_divergence(p, p) == pytest.approx(0.0, abs=1e-15)


def test_entropy_is_zero_for_a_certain_outcome_and_log_k_for_uniform():
    assert pr.entropy([0.0, 1.0, 0.0]) == 0.0
    rng = np.random.default_rng(3)
    for k in (2, 3, 10, 1000):
        assert pr.entropy(np.full(k, 1 / k)) == pytest.approx(math.log(k))
        assert pr.entropy(np.full(k, 1 / k), base=2) == pytest.approx(math.log2(k))
        # Any other distribution has less: KL(p || uniform) = log K - H(p).
        p = random_distribution(rng, k)
        assert pr.entropy(p) < math.log(k)
        assert pr.kl_divergence(p, np.full(k, 1 / k)) == pytest.approx(math.log(k) - pr.entropy(p))


def test_information_quantities_never_return_minus_zero():
    """The snippet promises no -0.0: a certain outcome, or p = q, gives +0.0."""
    for value in (pr.entropy([1.0, 0.0]), pr.entropy([0.0, 1.0], base=2),
                  pr.cross_entropy([0.0, 1.0], [0.0, 1.0]), pr.kl_divergence([1.0, 0.0], [1.0, 0.0]),
                  pr.kl_divergence(P, P)):
        assert value == 0.0 and math.copysign(1.0, value) == 1.0


def test_zeros_shared_by_p_and_q_are_skipped():
    # 0 log 0 counts as 0 even when q is 0 there too: only the two halves count.
    with np.errstate(all="raise"):
        assert pr.cross_entropy([0.5, 0.5, 0.0], [0.5, 0.5, 0.0]) == pytest.approx(math.log(2))
        assert pr.kl_divergence([0.5, 0.5, 0.0], [0.25, 0.75, 0.0]) == \
            pytest.approx(0.5 * math.log(2) + 0.5 * math.log(2 / 3))


def test_zero_probabilities_in_p_contribute_nothing():
    p, q = [0.5, 0.5, 0.0], [0.25, 0.25, 0.5]
    with np.errstate(all="raise"):
        assert pr.entropy(p) == pytest.approx(math.log(2))
        assert pr.kl_divergence(p, q) == pytest.approx(math.log(2))
        assert pr.cross_entropy(p, q) == pytest.approx(math.log(4))


def test_a_zero_in_q_where_p_is_positive_is_an_infinite_divergence_error():
    message = r"KL\(p \|\| q\) is infinite: q\[2\] = 0 where p\[2\] = 0.25 > 0"
    with pytest.raises(ValueError, match=message):
        pr.kl_divergence(P, [0.5, 0.5, 0.0])
    with pytest.raises(ValueError, match=r"H\(p, q\) is infinite: q\[0\] = 0"):
        pr.cross_entropy([1.0, 0.0], [0.0, 1.0])
    with pytest.raises(ValueError, match=r"p has 3 outcomes but q has 2"):
        pr.kl_divergence(P, [0.5, 0.5])


def test_kl_is_not_symmetric_and_bits_are_nats_over_ln2():
    forward, reverse = pr.kl_divergence(P, Q), pr.kl_divergence(Q, P)
    assert forward != pytest.approx(reverse)
    assert pr.kl_divergence(P, Q, base=2) == pytest.approx(forward / math.log(2))
    assert pr.entropy(P, base=2) == pytest.approx(1.5)  # 0.5 * 1 + 0.25 * 2 + 0.25 * 2


# ---------------------------------------------------------------------------
# Log-sum-exp and softmax


def test_logsumexp_and_softmax_match_the_naive_formulas_on_safe_inputs():
    rng = np.random.default_rng(4)
    Z = rng.normal(scale=5, size=(8, 6))
    naive_lse = np.log(np.exp(Z).sum(axis=1))
    np.testing.assert_allclose(pr.logsumexp(Z, axis=1), naive_lse, rtol=1e-12)
    np.testing.assert_allclose(pr.softmax(Z, axis=1),
                               np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True))
    np.testing.assert_allclose(pr.log_softmax(Z, axis=1), np.log(pr.softmax(Z, axis=1)), atol=1e-12)
    np.testing.assert_allclose(pr.softmax_naive(Z[0]), pr.softmax(Z[0]))
    # axis=0 works column by column
    np.testing.assert_allclose(pr.logsumexp(Z, axis=0), np.log(np.exp(Z).sum(axis=0)), rtol=1e-12)


def test_no_overflow_or_underflow_on_huge_logits():
    z = np.array([1000.0, 1001.0, 1002.0])
    with np.errstate(all="raise"):
        lse = pr.logsumexp(z)
        p = pr.softmax(z)
        ls = pr.log_softmax(z)
        p_neg = pr.softmax(-z)
    assert lse == pytest.approx(1002 + math.log(math.exp(-2) + math.exp(-1) + 1))
    np.testing.assert_allclose(p, pr.softmax(z - 1000))  # shift invariance
    np.testing.assert_allclose(p_neg, p[::-1])
    np.testing.assert_allclose(ls, z - lse)
    assert np.all(np.isnan(pr.softmax_naive(z)))  # the naive formula really breaks
    assert np.all(np.isnan(pr.softmax_naive(-z)))  # 0 / 0
    assert pr.log_softmax(np.array([0.0, 1000.0]))[0] == -1000.0  # exact where softmax rounds to 0


def test_logsumexp_is_a_soft_maximum():
    rng = np.random.default_rng(5)
    for k in (1, 2, 7):
        z = rng.normal(scale=10, size=k)
        assert z.max() <= pr.logsumexp(z) <= z.max() + math.log(k) + 1e-12
    # The upper bound is reached when all logits are equal.
    assert pr.logsumexp(np.full(4, 3.0)) == pytest.approx(3.0 + math.log(4))


def test_rows_of_very_different_scale_are_each_shifted_by_their_own_maximum():
    """Row by row: (1000, 1001) and (-1000, -999) each have logsumexp = max + ln(1 + e^-1)."""
    Z = np.array([[1000.0, 1001.0], [-1000.0, -999.0]])
    c = math.log(1 + math.exp(-1))
    with np.errstate(all="raise"):
        np.testing.assert_allclose(pr.logsumexp(Z, axis=1), [1001 + c, -999 + c])
        np.testing.assert_allclose(pr.logsumexp(Z), [1001 + c, -999 + c])          # default: last axis
        np.testing.assert_allclose(pr.logsumexp(Z.T, axis=0), [1001 + c, -999 + c])
        s = 1 / (1 + math.exp(-1))
        np.testing.assert_allclose(pr.softmax(Z), [[1 - s, s], [1 - s, s]])
        np.testing.assert_allclose(pr.log_softmax(Z), [[-1 - c, -c], [-1 - c, -c]])
        np.testing.assert_allclose(pr.log_softmax(Z.T, axis=0), [[-1 - c, -1 - c], [-c, -c]])


def test_softmax_naive_shows_the_overflow_without_warning():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            out = pr.softmax_naive(np.array([1000.0, 1001.0]))
    assert np.all(np.isnan(out))


def test_logsumexp_handles_minus_infinity_and_rejects_empty_input():
    assert pr.logsumexp(np.array([-np.inf, 0.0])) == 0.0  # a masked entry contributes nothing
    with np.errstate(all="raise"):
        assert pr.logsumexp(np.array([-np.inf, -np.inf])) == -np.inf
    with pytest.raises(ValueError, match=r"empty"):
        pr.logsumexp(np.array([]))
    with pytest.raises(ValueError, match=r"empty"):
        pr.logsumexp(np.zeros((0, 3)))          # no rows at all, though each would have 3 entries
    with pytest.raises(ValueError, match=r"empty"):
        pr.logsumexp(np.zeros((3, 0)))


@pytest.mark.parametrize("bad, message", [
    (np.array([]), r"softmax needs at least one score"),
    (np.array([1.0, -np.inf]), r"z contains NaN or infinity"),
    (np.array([[0.0, np.nan]]), r"z contains NaN or infinity"),
    ("abc", r"could not convert"),
])
def test_softmax_rejects_bad_input_with_a_clear_error(bad, message):
    with pytest.raises(ValueError, match=message):
        pr.softmax(bad)


def test_softmax_normalises_along_the_axis_it_is_given():
    Z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    np.testing.assert_allclose(pr.softmax(Z, axis=0).sum(axis=0), 1.0)
    np.testing.assert_allclose(pr.softmax(Z, axis=0), pr.softmax(Z.T).T)
    np.testing.assert_allclose(pr.softmax(Z, axis=1), pr.softmax(Z))


def test_gradient_of_logsumexp_is_softmax():
    rng = np.random.default_rng(6)
    z = rng.normal(size=5)
    assert_gradient(lambda v: float(pr.logsumexp(v)), pr.softmax, z)
    big = z + 800.0  # also far beyond the naive formula's range
    np.testing.assert_allclose(central_difference(lambda v: float(pr.logsumexp(v)), big, eps=1e-4),
                               pr.softmax(big), atol=1e-6)


def test_cross_entropy_from_logits_is_the_negative_log_likelihood_of_the_softmax():
    rng = np.random.default_rng(7)
    Z, y = rng.normal(size=(6, 4)), rng.integers(0, 4, size=6)
    probs = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    naive = -np.mean(np.log(probs[np.arange(6), y]))
    assert pr.cross_entropy_from_logits(Z, y) == pytest.approx(naive)
    one_hot = np.eye(4)[y]
    assert pr.cross_entropy_from_logits(Z, y) == pytest.approx(
        np.mean([pr.cross_entropy(t, q) for t, q in zip(one_hot, probs)]))
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        huge = pr.cross_entropy_from_logits(np.array([[1000.0, 0.0, -1000.0]]), np.array([2]))
    assert huge == pytest.approx(2000.0)
    with pytest.raises(ValueError, match=r"labels 0 <= y < classes"):
        pr.cross_entropy_from_logits(Z, np.full(6, 4))
    with pytest.raises(ValueError, match=r"labels 0 <= y < classes, got \(6, 4\) and \[ 0  1  2  3  3 -1\]"):
        pr.cross_entropy_from_logits(Z, np.array([0, 1, 2, 3, 3, -1]))   # one bad label is enough
    # Two rows of logits, three labels: refused, and the message shows both sides.
    with pytest.raises(ValueError, match=r"need Z \(batch, classes\), .* got \(2, 3\) and \[0 1 2\]"):
        pr.cross_entropy_from_logits(np.zeros((2, 3)), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match=r"need Z \(batch, classes\)"):
        pr.cross_entropy_from_logits(np.zeros(3), np.array([0, 1, 2]))


def test_cross_entropy_at_a_uniform_initialisation_is_log_c():
    for classes in (2, 10, 1000):
        assert pr.cross_entropy_from_logits(np.zeros((3, classes)), np.array([0, 1, 1])) == \
            pytest.approx(math.log(classes))


# ---------------------------------------------------------------------------
# Maximum likelihood


def test_bernoulli_log_likelihood_and_its_derivative():
    x = pr.TOSSES
    for theta in (0.2, 0.5, 0.7, 0.95):
        direct = sum(math.log(theta if v == 1 else 1 - theta) for v in x)
        assert pr.bernoulli_log_likelihood(theta, x) == pytest.approx(direct)
        assert_gradient(lambda t: pr.bernoulli_log_likelihood(float(t[0]), x),
                        lambda t: np.array([pr.bernoulli_score(float(t[0]), x)]), np.array([theta]))
    for theta in (0.0, 1.0, -0.2, 1.5):  # log 0 (or a log of a negative number) is not finite
        with pytest.raises(ValueError, match=r"theta must lie strictly between 0 and 1 .* got"):
            pr.bernoulli_log_likelihood(theta, x)
    with pytest.raises(ValueError, match=r"0s and 1s"):
        pr.bernoulli_mle([1, 2])


def test_a_single_toss_is_a_sample_and_an_empty_or_nested_list_is_not():
    # One head: log L(theta) = log theta, maximised at theta = 1; one tail: log(1 - theta).
    assert pr.bernoulli_mle([1]) == 1.0 and pr.bernoulli_mle([0]) == 0.0
    assert pr.bernoulli_log_likelihood(0.3, [1]) == pytest.approx(math.log(0.3))
    assert pr.bernoulli_log_likelihood(0.3, [0]) == pytest.approx(math.log(0.7))
    # d/dtheta log(1 - theta) = -1 / (1 - theta) = -1 / 0.7 at theta = 0.3.
    assert pr.bernoulli_score(0.3, [0]) == pytest.approx(-1 / 0.7)
    for bad in ([], [[1, 0], [0, 1]], [0, 0.5]):
        with pytest.raises(ValueError, match=r"outcomes must be a non-empty list of 0s and 1s"):
            pr.bernoulli_mle(bad)


def test_bernoulli_mle_is_the_maximiser_and_the_fraction_of_heads():
    rng = np.random.default_rng(8)
    for _ in range(5):
        x = rng.integers(0, 2, size=25)
        if x.sum() in (0, 25):
            continue
        theta_hat = pr.bernoulli_mle(x)
        assert theta_hat == x.sum() / 25
        grid = np.linspace(0.001, 0.999, 999)
        best = grid[np.argmax([pr.bernoulli_log_likelihood(t, x) for t in grid])]
        assert abs(best - theta_hat) <= 0.001
        assert pr.bernoulli_score(theta_hat, x) == pytest.approx(0.0, abs=1e-9)


def test_average_nll_is_the_cross_entropy_from_data_to_model():
    x = pr.TOSSES
    p_hat = [x.mean(), 1 - x.mean()]
    for theta in (0.3, 0.6, 0.7, 0.9):
        avg_nll = -pr.bernoulli_log_likelihood(theta, x) / x.size
        assert avg_nll == pytest.approx(pr.cross_entropy(p_hat, [theta, 1 - theta]))
        kl = pr.kl_divergence(p_hat, [theta, 1 - theta])
        assert avg_nll == pytest.approx(pr.entropy(p_hat) + kl)


def test_gaussian_mle_zeroes_the_gradient_of_the_log_likelihood():
    rng = np.random.default_rng(9)
    x = rng.normal(3.0, 2.0, size=50)
    mu, var = pr.gaussian_mle(x)
    assert mu == pytest.approx(np.mean(x))
    assert var == pytest.approx(np.var(x))  # np.var divides by n, like the MLE

    def loglik(params):
        return float(np.sum(pr.gaussian_log_pdf(x, params[0], params[1])))

    grad = central_difference(loglik, np.array([mu, math.sqrt(var)]))
    np.testing.assert_allclose(grad, 0.0, atol=1e-5)
    with pytest.raises(ValueError, match=r"non-empty 1-D sample"):
        pr.gaussian_mle([])


def test_gaussian_nll_is_squared_error_plus_a_constant():
    y, f, sigma = np.array([0.3, -1.2, 2.5]), np.array([0.0, -1.0, 3.0]), 0.8
    nll = -pr.gaussian_log_pdf(y, f, sigma)
    constant = math.log(sigma * math.sqrt(2 * math.pi))
    np.testing.assert_allclose(nll, (y - f) ** 2 / (2 * sigma**2) + constant)


# ---------------------------------------------------------------------------
# Forward and reverse KL fits (the figure)


def test_forward_kl_fit_matches_moments_and_reverse_kl_fit_seeks_the_larger_mode():
    import importlib.util

    from conftest import ROOT

    path = ROOT / "scripts" / "figure_defs" / "probability.py"
    spec = importlib.util.spec_from_file_location("_fig_probability", path)
    fig = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fig)
    x, p = fig.BUMPS_X, fig.bumps()
    mean = float(np.sum(p * x))
    std = math.sqrt(float(np.sum(p * (x - mean) ** 2)))
    mu_f, sigma_f, kl_f = pr.fit_gaussian_by_kl(x, p, "forward", fig.FIT_MUS, fig.FIT_SIGMAS)
    assert abs(mu_f - mean) <= 0.05 and abs(sigma_f - std) <= 0.05  # one grid step
    mu_r, sigma_r, kl_r = pr.fit_gaussian_by_kl(x, p, "reverse", fig.FIT_MUS, fig.FIT_SIGMAS)
    heavy_weight, heavy_mu, heavy_sigma = max(fig.BUMPS)
    assert abs(mu_r - heavy_mu) <= 0.1 and abs(sigma_r - heavy_sigma) <= 0.1
    assert sigma_f > 2 * sigma_r  # covering is wide, seeking is narrow
    # For well-separated bumps the reverse KL of one bump is close to -log(its weight).
    assert kl_r == pytest.approx(-math.log(heavy_weight), abs=0.02)
    with pytest.raises(ValueError, match=r"direction must be 'forward'"):
        pr.fit_gaussian_by_kl(x, p, "sideways", [0.0], [1.0])


def _kl_fit_by_brute_force(x, p, direction, mus, sigmas):
    """The same search written out with math only: q_i proportional to exp(-(x_i - mu)^2 / 2 sigma^2)
    on the grid, its log normalised with a max-shifted fsum; KL over the outcomes where the first
    argument is positive; a candidate whose q is positive where p is 0 has an infinite reverse KL."""
    best = (None, None, math.inf)
    for mu in mus:
        for sigma in sigmas:
            e = [-((xi - mu) ** 2) / (2 * sigma ** 2) for xi in x]
            top = max(e)
            log_z = top + math.log(math.fsum(math.exp(v - top) for v in e))
            log_q = [v - log_z for v in e]
            q = [math.exp(v) for v in log_q]
            if direction == "forward":
                kl = math.fsum(pi * (math.log(pi) - lq) for pi, lq in zip(p, log_q) if pi > 0)
            elif any(qi > 0 and pi == 0 for qi, pi in zip(q, p)):
                kl = math.inf
            else:
                kl = math.fsum(qi * (lq - math.log(pi)) for qi, lq, pi in zip(q, log_q, p) if qi > 0)
            if kl < best[2]:
                best = (mu, sigma, kl)
    return best


def test_kl_fits_when_p_has_exact_zeros():
    """p is a triangle on -2 .. 2 and exactly 0 elsewhere on the grid -10 .. 10."""
    x = np.arange(-10.0, 11.0)
    w = np.maximum(0.0, 3.0 - np.abs(x))            # 1, 2, 3, 2, 1 on -2 .. 2
    p = w / w.sum()                                  # = w / 9
    mus, sigmas = [-1.0, 0.0, 0.5], [0.05, 0.5, 1.0, 1.5, 3.0]
    # Forward KL sums over p > 0 only: the zeros of p must not turn the sum into NaN (nor warn
    # about log 0).
    with np.errstate(divide="raise", invalid="raise"):
        got = pr.fit_gaussian_by_kl(x, p, "forward", mus, sigmas)
    want = _kl_fit_by_brute_force(x.tolist(), p.tolist(), "forward", mus, sigmas)
    assert got[:2] == want[:2] and got[:2] == (0.0, 1.0) and got[2] == pytest.approx(want[2], rel=1e-9)
    # Reverse KL: every candidate but the narrowest puts mass where p is 0 and is infinite. With
    # sigma = 0.05, q is exactly 0 two or more grid steps from mu (0.5 (2 / 0.05)^2 = 800 > 745,
    # past float64's underflow), so it stays inside p's support. mu = 0.5 splits q in halves on
    # x = 0 and x = 1 (p = 3/9 and 2/9): KL = 0.5 ln(0.5 / (3/9)) + 0.5 ln(0.5 / (2/9))
    # = 0.5 ln 3.375 = 0.6082, below mu = 0 (ln 3 = 1.0986) and mu = -1 (ln 4.5 = 1.5041).
    got = pr.fit_gaussian_by_kl(x, p, "reverse", mus, sigmas)
    want = _kl_fit_by_brute_force(x.tolist(), p.tolist(), "reverse", mus, sigmas)
    assert got[:2] == want[:2] and got[:2] == (0.5, 0.05) and got[2] == pytest.approx(want[2], rel=1e-9)
    assert got[2] == pytest.approx(0.5 * math.log(3.375), rel=1e-12)
    assert pr.fit_gaussian_by_kl(x, p, "reverse", [0.0], [0.05])[2] == pytest.approx(math.log(3))
    # A point mass at 0: sigma = 0.02 puts all of q there too (0.5 (1 / 0.02)^2 = 1250 > 745),
    # so q = p and KL(q || p) = 0; a wider q covers points where p is 0 and is not a candidate.
    point = (x == 0).astype(float)
    assert pr.fit_gaussian_by_kl(x, point, "reverse", [0.0, 1.0], [0.02, 1.0]) == (0.0, 0.02, 0.0)
    # No candidate can cover p's support without also covering its zeros: nothing is found.
    assert pr.fit_gaussian_by_kl(x, p, "reverse", [0.0], [1.0]) == (None, None, math.inf)
    with pytest.raises(ValueError, match=r"x has 3 grid points but p has 2 probabilities"):
        pr.fit_gaussian_by_kl([0.0, 1.0, 2.0], [0.5, 0.5], "forward", [0.0], [1.0])


# ---------------------------------------------------------------------------
# The page's numbers


def test_worked_example_numbers_by_hand():
    """Key numbers of the page, computed here with the math module only."""
    ln = math.log
    h_p = -(0.5 * ln(0.5) + 0.25 * ln(0.25) + 0.25 * ln(0.25))             # = 1.5 ln 2 = 1.0397
    h_q = -(0.6 * ln(0.6) + 0.35 * ln(0.35) + 0.05 * ln(0.05))
    h_pq = -(0.5 * ln(0.6) + 0.25 * ln(0.35) + 0.25 * ln(0.05))            # 1.2668
    h_qp = -(0.6 * ln(0.5) + 0.35 * ln(0.25) + 0.05 * ln(0.25))
    kl_pq = 0.5 * ln(0.5 / 0.6) + 0.25 * ln(0.25 / 0.35) + 0.25 * ln(0.25 / 0.05)   # 0.2271
    kl_qp = 0.6 * ln(0.6 / 0.5) + 0.35 * ln(0.35 / 0.25) + 0.05 * ln(0.05 / 0.25)   # 0.1467
    t = pr.worked_example()
    check(t, {"H(p)": h_p, "H(q)": h_q, "H(p,q)": h_pq, "H(q,p)": h_qp, "KL(p||q)": kl_pq,
              "KL(q||p)": kl_qp, "ln 2": ln(2), "KL bits": kl_pq / ln(2),
              # Bits: 0.5 * 1 + 0.25 * 2 + 0.25 * 2 = 1.5, and "sunny?" then "cloudy?" asks
              # 1 question half the time and 2 otherwise: also 1.5.
              "H(p) bits": 1.5, "average questions": 1.5,
              # The rain term: p2 ln(p2/q2) = 0.25 ln 5, q2 ln(q2/p2) = 0.05 ln 0.2.
              "p2 ln(p2/q2)": 0.25 * ln(5), "q2 ln(q2/p2)": 0.05 * ln(0.2),
              # A one-hot target on rain: -ln q2 = -ln 0.05 = 2.9957.
              "H(y,q)": -ln(0.05), "y": [0.0, 0.0, 1.0], "p": P, "q": Q,
              "ln p": [ln(v) for v in P], "ln q": [ln(v) for v in Q],
              "-log2 p0": 1.0, "-log2 p1": 2.0, "-log2 p2": 2.0})
    assert round(entries(t, "H(p)")[0], 4) == 1.0397 and round(entries(t, "H(p,q)")[0], 4) == 1.2668
    assert round(entries(t, "KL(p||q)")[0], 4) == 0.2271
    assert round(entries(t, "KL(q||p)")[0], 4) == 0.1467
    # The three terms of KL(p || q), each p_i ln(p_i / q_i), in the order the page adds them.
    kl_terms = entries(t, "term0")[3:4] + entries(t, "term1")[3:4] + entries(t, "term2")[3:4]
    assert kl_terms == pytest.approx([0.5 * ln(0.5 / 0.6), 0.25 * ln(0.25 / 0.35), 0.25 * ln(5)])
    # Log-sum-exp of (1000, 1001, 1002): 1002 + ln(e^-2 + e^-1 + 1) = 1002.4076.
    lse = 1002 + ln(math.exp(-2) + math.exp(-1) + 1)
    assert pr.logsumexp(pr.LOGITS) == pytest.approx(lse) and round(float(pr.logsumexp(pr.LOGITS)), 4) == 1002.4076
    # Its largest softmax entry: 1 / (e^-2 + e^-1 + 1) = 0.6652.
    top = pr.softmax(pr.LOGITS)[2]
    assert top == pytest.approx(1 / (math.exp(-2) + math.exp(-1) + 1)) and round(top, 4) == 0.6652
    # Seven heads in ten: 7 ln 0.7 + 3 ln 0.3 = -6.1086.
    ll = 7 * ln(0.7) + 3 * ln(0.3)
    assert pr.bernoulli_log_likelihood(0.7, pr.TOSSES) == pytest.approx(ll)
    assert round(pr.bernoulli_log_likelihood(0.7, pr.TOSSES), 4) == -6.1086
    assert pr.bernoulli_mle(pr.TOSSES) == 0.7 and pr.TOSSES.sum() == 7 and pr.TOSSES.size == 10
    # N(1, 2^2) at 2: u = 1/2, so e^-0.125 / (2 sqrt(2 pi)) = 0.1760.
    density = math.exp(-0.125) / (2 * math.sqrt(2 * math.pi))
    assert pr.gaussian_pdf(2.0, 1.0, 2.0) == pytest.approx(density)
    assert round(float(pr.gaussian_pdf(2.0, 1.0, 2.0)), 4) == 0.1760


def test_worked_example_moments_every_number_by_hand():
    ln = math.log
    front = 1 / (2 * math.sqrt(2 * math.pi))   # 1 / (sigma sqrt(2 pi)) with sigma = 2
    check(pr.worked_example_moments(), {
        "x0": 0.0, "x1": 1.0, "x2": 2.0, "p0": 0.2, "p1": 0.5, "p2": 0.3, "sum p": 1.0,
        # E[X] = 0 + 0.5 + 0.6 = 1.1; deviations -1.1, -0.1, 0.9.
        "x0*p0": 0.0, "x1*p1": 0.5, "x2*p2": 0.6, "E[X]": 1.1, "d0": -1.1, "d1": -0.1, "d2": 0.9,
        # 0.2 * 1.21 = 0.242, 0.5 * 0.01 = 0.005, 0.3 * 0.81 = 0.243; sum 0.49.
        "p0*d0^2": 0.242, "p1*d1^2": 0.005, "p2*d2^2": 0.243, "Var[X]": 0.49,
        # E[X^2] = 0 * 0.2 + 1 * 0.5 + 4 * 0.3 = 1.7; 1.7 - 1.1^2 = 1.7 - 1.21 = 0.49; sqrt = 0.7.
        "x0^2": 0.0, "x1^2": 1.0, "x2^2": 4.0, "E[X^2]": 1.7, "E[X]^2": 1.21, "std": 0.7,
        # The coin: theta = 0.7, E = theta, Var = theta (1 - theta) = 0.21.
        "theta": 0.7, "heads": 1, "tails": 0, "x=1": 1, "x=0": 0, "P(X=1)": 0.7, "P(X=0)": 0.3,
        "coin E[X]": 0.7, "1-theta": 0.3, "coin Var[X]": 0.21,
        # N(1, 2^2) at x = 2: u = (2 - 1) / 2 = 0.5, u^2 / 2 = 0.125.
        "mu": 1.0, "sigma": 2.0, "x": 2.0, "u": 0.5, "u^2/2": 0.125, "-u^2/2": -0.125,
        "1/(sigma sqrt(2 pi))": front, "exp(-u^2/2)": math.exp(-0.125),
        "p(x)": front * math.exp(-0.125),
        "log(sigma sqrt(2 pi))": ln(2) + 0.5 * ln(2 * math.pi),          # 1.6121
        "-log p(x)": 0.125 + ln(2) + 0.5 * ln(2 * math.pi),              # 1.7371
    }, complete=True)


def test_worked_example_logsumexp_by_hand():
    e1, e2 = math.exp(-1), math.exp(-2)
    S = 1 + e1 + e2                                                      # 1.5032
    t = pr.worked_example_logsumexp()
    check(t, {"z": [1000.0, 1001.0, 1002.0], "m": 1002.0, "z-m": [-2.0, -1.0, 0.0],
              "exp s0": e2, "exp s1": e1, "exp s2": 1.0, "S": S, "ln S": math.log(S),
              "logsumexp": 1002 + math.log(S), "lse": 1002 + math.log(S), "K": 3,
              "ln 3": math.log(3), "m + ln 3": 1002 + math.log(3),
              "softmax0": e2 / S, "softmax1": e1 / S, "softmax2": 1 / S,
              "log_softmax": [-2 - math.log(S), -1 - math.log(S), -math.log(S)],
              # float64's largest number: (2 - 2^-52) 2^1023, so its log is 1023 ln 2 + ln(2 - 2^-52).
              "max float64": (2 - 2 ** -52) * 2.0 ** 1023,
              "log max float64": 1023 * math.log(2) + math.log(2 - 2 ** -52),
              # e^-1000 is far below the smallest float: every entry underflows to exactly 0 ...
              "exp(-z)": [0.0, 0.0, 0.0],
              # ... yet the shifted softmax of -z is the softmax of z reversed.
              "softmax(-z)": [1 / S, e1 / S, e2 / S]})


def test_worked_example_mle_by_hand():
    def loglik(theta):  # one log per toss, added up: no k and n - k
        return math.fsum(math.log(theta if v == 1 else 1 - theta) for v in pr.TOSSES.tolist())

    thetas = (0.5, 0.6, 0.7, 0.8, 0.9)
    avg = -loglik(0.7) / 10
    h_hat = -(0.7 * math.log(0.7) + 0.3 * math.log(0.3))
    check(pr.worked_example_mle(), {
        "k": 7, "n-k": 3, "n": 10,
        "theta": each(*thetas, 0.7, 0.7, 0.7, 0.5, 0.5, 0.9, 0.9, 0.6),
        "loglik": each(*[loglik(th) for th in thetas], loglik(0.7)),
        "lik": each(*[math.exp(loglik(th)) for th in thetas]),
        "1-theta": each(0.3, 0.5, 0.1), "ln theta": math.log(0.7), "ln(1-theta)": math.log(0.3),
        "k ln theta": 7 * math.log(0.7), "(n-k) ln(1-theta)": 3 * math.log(0.3), "theta_hat": 0.7,
        # The score k/theta - (n-k)/(1-theta): 14 - 6 = 8 at 0.5; 7.7778 - 30 = -22.2222 at 0.9.
        "k/theta": each(14.0, 7 / 0.9), "(n-k)/(1-theta)": each(6.0, 30.0),
        "score": each(8.0, 7 / 0.9 - 30),
        "-loglik": -loglik(0.7), "avg nll": avg, "p_hat": [0.7, 0.3], "H(p_hat)": h_hat,
        "H(p_hat,q)": -(0.7 * math.log(0.6) + 0.3 * math.log(0.4)), "avg nll 0.6": -loglik(0.6) / 10,
        "KL": 0.7 * math.log(0.7 / 0.6) + 0.3 * math.log(0.3 / 0.4),
    }, complete=True)
    assert avg == pytest.approx(h_hat)   # at the MLE the average NLL is the data's own entropy


def test_transcripts_are_consistent():
    t = dict(pr.worked_example())
    assert t["H(p,q)"] == pytest.approx(t["H(p)"] + t["KL(p||q)"])
    assert t["H(q,p)"] == pytest.approx(t["H(q)"] + t["KL(q||p)"])
    assert t["KL(p||q)"] != pytest.approx(t["KL(q||p)"])
    m = dict(pr.worked_example_moments())
    assert m["Var[X]"] == pytest.approx(m["E[X^2]"] - m["E[X]^2"])
    assert m["std"] ** 2 == pytest.approx(m["Var[X]"])
    s = dict(pr.worked_example_logsumexp())
    assert s["logsumexp"] == pytest.approx(s["m"] + s["ln S"])
    assert m["coin Var[X]"] == pytest.approx(m["theta"] * m["1-theta"])
    c = dict(pr.worked_example_mle())
    assert c["avg nll"] == pytest.approx(c["H(p_hat)"])


def test_interview_and_math_section_numbers():
    """Numbers stated outside the worked examples: interview answers and The math."""
    # KL both ways for the page's p and q.
    assert round(pr.kl_divergence(P, Q), 4) == 0.2271 and round(pr.kl_divergence(Q, P), 4) == 0.1467
    # Overflow thresholds of exp, from the largest floats (2 - 2^-52) 2^1023 and (2 - 2^-23) 2^127:
    # 1023 ln 2 + ln(2 - 2^-52) = 709.78 in float64, 127 ln 2 + ln(2 - 2^-23) = 88.72 in float32.
    m = dict(pr.claims_math())
    x64, x32 = m["exp overflows above, float64"], m["exp overflows above, float32"]
    assert x64 == pytest.approx(1023 * math.log(2) + math.log(2 - 2.0 ** -52), rel=1e-15)
    assert x32 == pytest.approx(127 * math.log(2) + math.log(2 - 2.0 ** -23), rel=1e-7)
    assert round(x64, 2) == 709.78 and round(x32, 2) == 88.72
    # exp underflows to exactly zero past the interview answer's gap (about 745): a logit that
    # far behind gets a softmax probability of exactly 0, one a little closer does not.
    d = dict(pr.claims_interview())
    gap = d["logit gap where exp underflows to 0"]
    with np.errstate(under="ignore"):
        assert pr.softmax(np.array([0.0, -(gap + 0.01)]))[1] == 0.0
        assert pr.softmax(np.array([0.0, -(gap - 0.01)]))[1] > 0.0
        assert pr.softmax(np.array([0.0, -746.0]))[1] == 0.0
    # ln 2 and ln 10 as the page rounds them (a fair coin's entropy, a uniform 10-class loss);
    # e to three decimals.
    assert round(d["entropy of a fair coin"], 4) == 0.6931
    assert round(d["entropy of 10 equal classes"], 4) == 2.3026
    assert round(m["e"], 3) == 2.718


# === issue 7 (page helper dp): Common mistakes and claims outside the examples ================

def _best_code_length_by_brute_force(p):
    """Smallest sum p_i * depth_i over the full binary trees with len(p) leaves (3 or 4 outcomes)."""
    import itertools
    shapes = {3: [(1, 2, 2)], 4: [(1, 2, 3, 3), (2, 2, 2, 2)]}[len(p)]
    return min(sum(pi * d for pi, d in zip(p, perm))
               for shape in shapes for perm in itertools.permutations(shape))


def test_average_questions_is_the_best_strategy_and_lies_between_h_and_h_plus_one():
    # By hand: "sunny?" then "cloudy?": 0.5 * 1 + 0.25 * 2 + 0.25 * 2 = 1.5.
    assert pr.average_questions(P) == pytest.approx(1.5)
    # The forecaster's q is not dyadic: 0.6 * 1 + 0.35 * 2 + 0.05 * 2 = 1.4 > H(q) in bits.
    assert pr.average_questions(Q) == pytest.approx(1.4)
    rng = np.random.default_rng(7)
    for k in (3, 4):
        for _ in range(20):
            p = random_distribution(rng, k)
            h = -float(np.sum(p * np.log2(p)))
            best = pr.average_questions(p)
            assert best == pytest.approx(_best_code_length_by_brute_force(p))
            assert h - 1e-12 <= best < h + 1
    assert pr.average_questions([1.0]) == 0.0
    # Impossible outcomes need no question: (0.5, 0.5, 0) is one question, as (0.5, 0.5) is.
    assert pr.average_questions([0.5, 0.5, 0.0]) == 1.0
    assert pr.average_questions([0.0, 1.0, 0.0]) == 0.0
    assert pr.average_questions([0.125, 0.125, 0.25, 0.5]) == pytest.approx(1.75)  # dyadic: = H


def test_products_of_probabilities_underflow_only_below_the_smallest_float():
    prod, logsum = pr.product_and_log_sum(0.9, 1000)
    assert prod == pytest.approx(math.pow(0.9, 1000), rel=1e-12) and prod > 0.0
    assert f"{prod:.1e}" == "1.7e-46"                  # 10 ** (1000 * log10 0.9) = 10 ** -45.76
    assert logsum == pytest.approx(1000 * math.log(0.9))
    # Halving is exact all the way down to 2^-1074, the smallest positive float64 (4.9e-324):
    # 1074 halvings land on it exactly, and one more (2^-1075, a tie) rounds to 0 (quietly).
    with np.errstate(all="raise"):
        assert pr.product_and_log_sum(0.5, 1074)[0] == math.ldexp(1.0, -1074)
        assert pr.product_and_log_sum(0.5, 1075) == (0.0, pytest.approx(-1075 * math.log(2)))
    # 0.01^1000 = 10^-2000, far below 10^-323.3: stored as 0, while its log stays -4605.17.
    prod, logsum = pr.product_and_log_sum(0.01, 1000)
    assert prod == 0.0
    assert logsum == pytest.approx(-1000 * math.log(100)) and round(logsum, 1) == -4605.2
    # A probability of 1 multiplies nothing away; 0 (log -inf) and more than 1 are refused.
    assert pr.product_and_log_sum(1.0, 7) == (1.0, 0.0)
    for bad in (0.0, -0.5, 1.5):
        with pytest.raises(ValueError, match=r"prob must lie in \(0, 1\] for a finite log"):
            pr.product_and_log_sum(bad, 3)


def test_toy_elbo_against_monte_carlo_and_the_exact_posterior():
    rng = np.random.default_rng(0)
    x, m, s = 2.0, 0.3, 0.8
    z = rng.normal(m, s, size=400_000)
    log_lik = -0.5 * np.log(2 * np.pi) - 0.5 * (x - z) ** 2       # log N(x; z, 1)
    log_prior = -0.5 * np.log(2 * np.pi) - 0.5 * z ** 2           # log N(z; 0, 1)
    log_q = -0.5 * np.log(2 * np.pi) - np.log(s) - 0.5 * ((z - m) / s) ** 2
    assert pr.toy_elbo(x, m, s) == pytest.approx(np.mean(log_lik + log_prior - log_q), abs=5e-3)
    # The posterior of z given x = 2 is N(1, 1/2), where the bound is tight:
    # log p(2) = log N(2; 0, 2) = -log(4 pi)/2 - 4/4.
    log_evidence = -0.5 * math.log(4 * math.pi) - 1.0
    assert pr.toy_log_evidence(2.0) == pytest.approx(log_evidence)
    assert pr.toy_elbo(2.0, 1.0, math.sqrt(0.5)) == pytest.approx(log_evidence)
    for m_, s_ in ((0.0, 1.0), (-3.0, 0.2), (1.0, 2.0)):
        assert pr.toy_elbo(2.0, m_, s_) < log_evidence
    assert_gradient(lambda v: pr.toy_elbo(2.0, v[0], v[1]),
                    lambda v: np.array(pr.toy_elbo_gradient(2.0, v[0], v[1])), [0.4, 1.3])
    for bad in (0.0, -1.0):
        with pytest.raises(ValueError, match=r"s is a standard deviation and must be positive"):
            pr.toy_elbo(2.0, 0.0, bad)


def test_mistake_elbo_sign_descends_the_wrong_way():
    t = pr.mistake_elbo_sign()
    names = [n for n, _ in t]
    d = dict(t)
    # By hand at m = 0, s = 1: -log(2 pi)/2 - (4 + 1)/2 - 0 = -0.9189 - 2.5 = -3.4189.
    assert d["ELBO start"] == pytest.approx(-0.5 * math.log(2 * math.pi) - 2.5)
    # One wrong step by hand: dELBO/dm = 2 - 0 = 2, dELBO/ds = 1 - 2 = -1, so m = -0.2, s = 1.1.
    m1, s1, _ = pr.train_toy_encoder(2.0, +1, 1, 0.1)
    assert (m1, s1) == pytest.approx((-0.2, 1.1))
    assert d["ELBO after minimising it"] < d["ELBO start"] - 1000
    assert d["m"] < -30 and d["s"] > 20
    assert d["ELBO start"] < d["ELBO after minimising -ELBO"] <= d["log p(x)"]
    assert d["log p(x)"] - d["ELBO after minimising -ELBO"] < 1e-3
    assert names.index("ELBO start") < names.index("ELBO after minimising it")


def test_claims_math_e_and_the_overflow_thresholds():
    t = dict(pr.claims_math())
    assert t["e"] == pytest.approx(sum(1 / math.factorial(k) for k in range(20)))
    x64, x32 = t["exp overflows above, float64"], t["exp overflows above, float32"]
    with np.errstate(over="ignore"):
        assert np.isfinite(np.exp(np.float64(x64 - 1e-9))) and np.isinf(np.exp(np.float64(x64 + 1e-3)))
        assert np.isfinite(np.exp(np.float32(x32 - 1e-3))) and np.isinf(np.exp(np.float32(x32 + 1e-3)))
    assert round(x64, 1) == 709.8 and round(x32, 1) == 88.7


def test_claims_products_smallest_float_and_underflow():
    from decimal import Decimal
    t = pr.claims_products()
    d = dict(t)
    tiny = d["smallest positive float64"]
    assert tiny > 0 and tiny / 2 == 0                  # nothing positive lies below it
    assert tiny == math.ldexp(1.0, -1074) and d["log2 of the smallest positive float64"] == -1074
    digits = format(Decimal(tiny), "f")                # its exact decimal expansion
    assert digits.startswith("0." + "0" * 323 + "494")   # 4.94 x 10^-324
    assert d["product"] == pytest.approx(10 ** (1000 * math.log10(0.9)), rel=1e-9)
    assert d["stored product"] == 0.0 and d["bits"] == 64
    assert d["sum of logs"] == pytest.approx(1000 * math.log(0.01))


def test_claims_interview_numbers_by_independent_arithmetic():
    t = pr.claims_interview()
    d = dict(t)
    kl = lambda a, b: sum(x * math.log(x / y) for x, y in zip(a, b))
    assert d["KL(p||q)"] == pytest.approx(kl(P, Q)) and d["KL(q||p)"] == pytest.approx(kl(Q, P))
    assert d["entropy of a fair coin"] == pytest.approx(math.log(2))
    assert d["entropy of 10 equal classes"] == pytest.approx(math.log(10))
    assert "first loss of a uniform 10-class model" not in d   # one sentence and a link now
    gap = d["logit gap where exp underflows to 0"]
    assert gap == pytest.approx(1075 * math.log(2))     # e^-gap = 2^-1075, half the smallest float
    with np.errstate(under="ignore"):
        assert np.exp(-(gap - 0.01)) > 0.0 and np.exp(-(gap + 0.01)) == 0.0
    assert round(gap, 1) == 745.1


def test_mistake_elbo_sign_numbers_by_an_independent_elbo_and_numerical_gradients():
    # ELBO written the other way, E_q[log p(x, z)] + entropy of q, and stepped with central
    # differences instead of the closed-form gradient; every step must move the bound the
    # way the box says (down when the ELBO is minimised, up when -ELBO is).
    x = 2.0

    def elbo(m, s):
        joint = -math.log(2 * math.pi) - 0.5 * ((x - m) ** 2 + s ** 2) - 0.5 * (m ** 2 + s ** 2)
        return joint + 0.5 * math.log(2 * math.pi * math.e * s ** 2)

    def run(sign, h=1e-6):
        m, s, values = 0.0, 1.0, [elbo(0.0, 1.0)]
        for _ in range(20):
            gm = (elbo(m + h, s) - elbo(m - h, s)) / (2 * h)
            gs = (elbo(m, s + h) - elbo(m, s - h)) / (2 * h)
            m, s = m - 0.1 * sign * gm, s - 0.1 * sign * gs
            values.append(elbo(m, s))
        return m, s, values

    d = dict(pr.mistake_elbo_sign())
    m_bad, s_bad, bad = run(+1)
    _, _, good = run(-1)
    # The snippet's own runs, stopped after 0, 1, ..., 20 steps, follow the reference step by
    # step, so they too fall at every step when the ELBO is minimised and rise when -ELBO is.
    for sign, ref in ((+1, bad), (-1, good)):
        mine = [pr.train_toy_encoder(x, sign, k, 0.1)[2] for k in range(21)]
        assert mine == pytest.approx(ref, rel=1e-6)
        assert all((b - a) * sign < 0 for a, b in zip(mine, mine[1:]))
    assert d["ELBO start"] == pytest.approx(bad[0], abs=1e-12)
    assert (d["m"], d["s"], d["ELBO after minimising it"]) == pytest.approx((m_bad, s_bad, bad[-1]), rel=1e-6)
    assert d["ELBO after minimising -ELBO"] == pytest.approx(good[-1], rel=1e-8)
    # log p(2) by quadrature of the joint over z, not from the closed form N(0, 2).
    z = np.linspace(-20.0, 20.0, 400_001)
    joint = np.exp(-0.5 * (x - z) ** 2 - 0.5 * z ** 2) / (2 * np.pi)
    assert d["log p(x)"] == pytest.approx(math.log(np.sum(joint) * (z[1] - z[0])), abs=1e-9)
    assert good[-1] < d["log p(x)"] < good[-1] + 1e-3


# ---------------------------------------------------------------------------
# Check yourself: the exercises' numbers, by hand


def _values(transcript):
    return {name: value for name, value in transcript}


def test_exercise_mean_variance_by_hand():
    t = pr.exercise_mean_variance()
    v = _values(t)
    # E[X] = 0(1/4) + 1(1/2) + 2(1/4) = 1; E[X^2] = 0 + 1/2 + 4/4 = 3/2; Var = 3/2 - 1 = 1/2.
    assert v["E[X]"] == pytest.approx(1.0)
    assert v["E[X^2]"] == pytest.approx(1.5)
    assert v["Var[X]"] == pytest.approx(0.5)
    assert t[0] == ("exercise", 1)


def test_exercise_entropy_bits_by_hand():
    v = _values(pr.exercise_entropy_bits())
    # 1/2 * 1 + 1/4 * 2 + 2 * (1/8 * 3) = 7/4 bits; a dyadic distribution needs exactly H questions.
    assert v["H(p) bits"] == pytest.approx(7 / 4)
    assert v["questions"] == pytest.approx(7 / 4)
    assert v["-log2 p2"] == pytest.approx(3.0)


def test_exercise_kl_two_outcomes_by_hand():
    v = _values(pr.exercise_kl_two_outcomes())
    # KL(p||q) = 0.5 ln(0.625 * 2.5) = 0.5 ln(25/16) = ln(5/4).
    assert v["KL(p||q)"] == pytest.approx(math.log(5 / 4), abs=1e-12)
    # KL(q||p) = 0.8 ln 1.6 + 0.2 ln 0.4, written with powers of two and five.
    assert v["KL(q||p)"] == pytest.approx(0.8 * (4 * math.log(2) - math.log(10))
                                          + 0.2 * (math.log(2) - math.log(5)), abs=1e-12)
    assert v["KL(q||p)"] != pytest.approx(v["KL(p||q)"])


def test_exercise_logsumexp_by_hand():
    v = _values(pr.exercise_logsumexp())
    # 800 + ln(1 + e^-1); softmax = (1, e^-1) / (1 + e^-1) = sigmoid(1), sigmoid(-1).
    assert v["logsumexp"] == pytest.approx(800 + math.log1p(math.exp(-1)), abs=1e-9)
    assert v["softmax0"] == pytest.approx(1 / (1 + math.exp(-1)))
    assert v["softmax1"] == pytest.approx(1 / (1 + math.e))


def test_exercise_bernoulli_mle_by_hand():
    v = _values(pr.exercise_bernoulli_mle())
    # 3 heads in 12: 3/12 = 1/4; slope at 1/2: 3/(1/2) - 9/(1/2) = 6 - 18 = -12.
    assert v["theta_hat"] == pytest.approx(0.25)
    assert v["slope"] == pytest.approx(-12.0)
    # the slope is the derivative of the log-likelihood: compare with a central difference
    tosses = [1] * 3 + [0] * 9
    h = 1e-6
    numeric = (pr.bernoulli_log_likelihood(0.5 + h, tosses)
               - pr.bernoulli_log_likelihood(0.5 - h, tosses)) / (2 * h)
    assert numeric == pytest.approx(-12.0, rel=1e-6)


def test_bayes_posterior_by_counting_people():
    # 10,000 people, 1% ill: 100 ill, 99 of them positive; 9,900 healthy, 5% = 495 positive.
    assert pr.bayes_posterior(0.01, 0.99, 0.05) == pytest.approx(99 / (99 + 495))
    assert pr.bayes_posterior(0.01, 0.99, 0.05) == pytest.approx(1 / 6)
    # a perfect test (no false positives) is always right; a useless one leaves the prior unchanged
    assert pr.bayes_posterior(0.01, 0.99, 0.0) == 1.0
    assert pr.bayes_posterior(0.3, 0.5, 0.5) == pytest.approx(0.3)


def test_claims_bayes_odds_form_agrees_with_the_count():
    d = dict(pr.claims_bayes())
    # posterior odds for:against = 1 : (99 / 19.8) = 1 : 5, that is a probability of 1/6
    assert d["likelihood ratio"] == pytest.approx(19.8)
    assert d["posterior odds, against"] == pytest.approx(5.0)
    assert 1 / (1 + d["posterior odds, against"]) == pytest.approx(d["P(ill | positive)"])
    assert (d["ill"], d["healthy and positive"], d["all positives"]) == (100, 495, 594)


@pytest.mark.parametrize("theta", [0.0, 1.0, -0.2, 1.5])
def test_bernoulli_score_refuses_theta_outside_the_open_interval(theta):
    with pytest.raises(ValueError, match=f"theta must be strictly between 0 and 1, got {theta}"):
        pr.bernoulli_score(theta, [1, 0, 1])
