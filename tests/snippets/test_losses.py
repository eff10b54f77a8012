"""Tests of snippets/losses.py, against independent computations and central differences."""
from __future__ import annotations

import math

import numpy as np
import pytest
from gradcheck import assert_gradient, central_difference

import losses as L
import probability
from transcript_check import check, each, near

RNG = np.random.default_rng(20240601)


def sig(v):
    return 1.0 / (1.0 + math.exp(-v))


def flat_transcript(fn):
    """A transcript as a dict; an array value is split into entries named like grad[0]."""
    out = {}
    for name, value in fn():
        value = np.asarray(value, dtype=float)
        if value.ndim == 0:
            out[name] = float(value)
        else:
            out.update({f"{name}[{','.join(map(str, i))}]": float(v) for i, v in np.ndenumerate(value)})
    return out


# --------------------------------------------------------------------------
# The losses against their definitions, written with plain Python arithmetic


def test_regression_losses_match_their_definitions():
    y_hat, y = RNG.normal(size=7), RNG.normal(size=7) * 3
    r = [a - b for a, b in zip(y_hat, y)]
    assert L.mse(y_hat, y) == pytest.approx(sum(v * v for v in r) / 7)
    assert L.mae(y_hat, y) == pytest.approx(sum(abs(v) for v in r) / 7)
    for delta in (0.3, 1.0, 2.5):
        h = [0.5 * v * v if abs(v) <= delta else delta * abs(v) - 0.5 * delta**2 for v in r]
        assert L.huber(y_hat, y, delta) == pytest.approx(sum(h) / 7)


def test_huber_joins_its_two_pieces_smoothly_and_brackets_mse_and_mae():
    delta = 1.7
    for side in (-1, 1):
        inside = L.huber([side * delta * (1 - 1e-9)], [0.0], delta)
        outside = L.huber([side * delta * (1 + 1e-9)], [0.0], delta)
        assert inside == pytest.approx(0.5 * delta**2) and outside == pytest.approx(0.5 * delta**2)
        assert L.huber_grad([side * delta], [0.0], delta)[0] == pytest.approx(side * delta)
    small = RNG.uniform(-1, 1, size=5)
    assert L.huber(small, np.zeros(5), delta=1.0) == pytest.approx(L.mse(small, np.zeros(5)) / 2)
    big = np.array([10.0, -20.0])
    assert L.huber(big, np.zeros(2), delta=1.0) == pytest.approx(L.mae(big, np.zeros(2)) - 0.5)


def test_bce_matches_its_definition_and_logits_version_agrees():
    z = RNG.uniform(-6, 6, size=9)
    y = RNG.integers(0, 2, size=9).astype(float)
    p = np.array([sig(v) for v in z])
    by_hand = -sum(t * math.log(q) + (1 - t) * math.log(1 - q) for t, q in zip(y, p)) / 9
    assert L.bce(p, y) == pytest.approx(by_hand, rel=1e-12)
    assert L.bce_with_logits(z, y) == pytest.approx(by_hand, rel=1e-10)
    # Soft targets too, and the same number as the logaddexp one-liner.
    soft = RNG.uniform(0, 1, size=9)
    assert L.bce_with_logits(z, soft) == pytest.approx(L.bce(p, soft), rel=1e-10)
    assert L.bce_with_logits(z, soft) == pytest.approx(np.mean(np.logaddexp(0, z) - soft * z))


def test_bce_with_logits_stays_finite_and_right_for_huge_logits():
    z = np.array([40.0, -40.0, 1e4, -1e4, 1e300, -1e300])
    for label in (0.0, 1.0):
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            per = [L.bce_with_logits([v], [label]) for v in z]
        assert all(np.isfinite(per))
        # Right answer: about |z| when confidently wrong, about 0 when confidently right.
        for v, loss in zip(z, per):
            wrong = (v > 0) != (label == 1)
            assert loss == pytest.approx(abs(v) if wrong else 0.0, abs=1e-15)
    # The probability route cannot do this: sigmoid(40) is exactly 1.0 in float64.
    assert float(L.sigmoid(40.0)) == 1.0
    with np.errstate(divide="ignore"):
        assert np.log(1.0 - float(L.sigmoid(40.0))) == -np.inf
    clipped = L.bce([float(L.sigmoid(40.0))], [0.0])  # finite only because bce clips, and wrong
    assert np.isfinite(clipped) and clipped < 40.0 - 10
    assert L.bce_with_logits([40.0], [0.0]) == 40.0
    # Confidently right, the loss is tiny but not rounded away: log1p keeps e^-40 exactly.
    assert L.bce_with_logits([40.0], [1.0]) == pytest.approx(math.exp(-40.0), rel=1e-12, abs=0)
    assert L.bce_with_logits([-40.0], [0.0]) == pytest.approx(math.exp(-40.0), rel=1e-12, abs=0)


def test_softplus_is_log_one_plus_exp_without_overflow():
    for v in (-30.0, -2.5, -1e-3, 0.0, 0.7, 12.0, 30.0):
        assert L.softplus(v) == pytest.approx(math.log1p(math.exp(v)), rel=1e-14)
    with np.errstate(over="raise", under="ignore"):
        big = L.softplus(np.array([-1000.0, 1000.0]))
    # log(1 + e^-1000) = e^-1000, which is 0 in float64; log(1 + e^1000) = 1000 + log(1 + e^-1000).
    np.testing.assert_array_equal(big, [0.0, 1000.0])
    # softplus(z) - softplus(-z) = z, the identity behind bce_with_logits.
    z = np.linspace(-50, 50, 101)
    np.testing.assert_allclose(L.softplus(z) - L.softplus(-z), z, atol=1e-12)


def test_sigmoid_mse_is_mse_of_the_sigmoid():
    z, y = np.array([-2.0, 0.0, 3.0]), np.array([0.0, 1.0, 1.0])
    p = [sig(v) for v in z]
    assert L.sigmoid_mse(z, y) == pytest.approx(sum((a - b) ** 2 for a, b in zip(p, y)) / 3)
    with pytest.raises(ValueError, match="predictions have shape"):
        L.sigmoid_mse([0.0], [1.0, 0.0])


def test_softmax_cross_entropy_matches_its_definition():
    Z = RNG.normal(size=(5, 4)) * 2
    labels = np.array([0, 3, 1, 1, 2])
    by_hand = 0.0
    for row, k in zip(Z, labels):
        exps = [math.exp(v) for v in row]
        by_hand += -math.log(exps[k] / sum(exps))
    by_hand /= 5
    assert L.softmax_cross_entropy(Z, labels) == pytest.approx(by_hand, rel=1e-12)
    assert L.softmax_cross_entropy(Z, np.eye(4)[labels]) == pytest.approx(by_hand, rel=1e-12)
    # One example as a vector is a batch of one.
    assert L.softmax_cross_entropy(Z[1], 3) == pytest.approx(L.softmax_cross_entropy(Z[1:2], [3]))


def test_softmax_is_the_probability_pages_softmax():
    assert L.softmax is probability.softmax


def test_softmax_is_shift_invariant_and_stable():
    z = np.array([3.0, -1.0, 0.5])
    np.testing.assert_allclose(L.softmax(z), L.softmax(z + 1000.0))
    np.testing.assert_allclose(np.sum(L.softmax(RNG.normal(size=(6, 5))), axis=1), 1.0)
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        big = np.array([[0.0, 2000.0, -2000.0]])
        loss = L.softmax_cross_entropy(big, [0])
        np.testing.assert_allclose(L.log_softmax(big), [[-2000.0, 0.0, -4000.0]])
    assert loss == pytest.approx(2000.0)
    np.testing.assert_allclose(L.log_softmax(z), np.log(L.softmax(z)))


def test_integer_one_hot_targets_are_probabilities_not_labels():
    """An integer array shaped like the logits is a row of target probabilities (one-hot)."""
    z = np.array([[2.0, 0.5, -1.0], [0.0, 1.0, 3.0]])
    one_hot = np.array([[0, 1, 0], [0, 0, 1]])
    assert L.softmax_cross_entropy(z, one_hot) == pytest.approx(L.softmax_cross_entropy(z, [1, 2]))
    np.testing.assert_allclose(L.softmax_cross_entropy_grad(z, one_hot),
                               L.softmax_cross_entropy_grad(z, [1, 2]))


def test_focal_defaults_and_alpha_at_its_bounds():
    z, y = np.array([1.5, -0.5, 2.0]), np.array([1.0, 0.0, 0.0])
    # The default is gamma = 2 with no class weighting.
    assert L.focal_loss(z, y) == pytest.approx(L.focal_loss(z, y, gamma=2.0, alpha=None))
    np.testing.assert_allclose(L.focal_loss_grad(z, y), L.focal_loss_grad(z, y, gamma=2.0))
    # alpha = 0 keeps only the negatives, alpha = 1 only the positives: the two add up to the
    # unweighted loss.
    neg, pos = L.focal_loss(z, y, alpha=0.0), L.focal_loss(z, y, alpha=1.0)
    assert neg + pos == pytest.approx(L.focal_loss(z, y))
    assert pos == pytest.approx(L.focal_loss(z[:1], y[:1]) / 3)
    np.testing.assert_allclose(L.focal_loss_grad(z, y, alpha=0.0)[0], 0.0, atol=0)


def test_bce_gradient_is_finite_where_the_probability_is_clipped():
    """bce clips p to [1e-12, 1 - 1e-12]; its gradient uses the same clip, so p = 0 and p = 1 give
    (p - y) / (p (1 - p)) at the clip: about -1e12 and +1e12, never inf or nan."""
    g = L.bce_grad([0.0, 1.0], [1.0, 0.0])
    assert np.all(np.isfinite(g))
    eps = 1e-12
    np.testing.assert_allclose(g, [(eps - 1) / (eps * (1 - eps)) / 2, (1 - eps) / ((1 - eps) * eps) / 2],
                               rtol=1e-3)


def test_focal_with_gamma_zero_is_cross_entropy():
    z = RNG.normal(size=11) * 3
    y = RNG.integers(0, 2, size=11).astype(float)
    assert L.focal_loss(z, y, gamma=0.0) == pytest.approx(L.bce_with_logits(z, y), rel=1e-12)
    np.testing.assert_allclose(L.focal_loss_grad(z, y, gamma=0.0), L.bce_with_logits_grad(z, y),
                               rtol=1e-12, atol=1e-15)


def test_focal_matches_its_definition_and_never_exceeds_cross_entropy():
    z = RNG.normal(size=8) * 3
    y = RNG.integers(0, 2, size=8).astype(float)
    for gamma in (0.5, 1.0, 2.0, 5.0):
        for alpha in (None, 0.25):
            terms = []
            for v, t in zip(z, y):
                p = sig(v)
                pt = p if t == 1 else 1 - p
                at = 1.0 if alpha is None else (alpha if t == 1 else 1 - alpha)
                terms.append(-at * (1 - pt) ** gamma * math.log(pt))
            assert L.focal_loss(z, y, gamma, alpha) == pytest.approx(sum(terms) / 8, rel=1e-10)
        per_fl = [L.focal_loss([v], [t], gamma) for v, t in zip(z, y)]
        per_ce = [L.bce_with_logits([v], [t]) for v, t in zip(z, y)]
        assert all(f <= c + 1e-15 for f, c in zip(per_fl, per_ce))


# --------------------------------------------------------------------------
# Every hand-written gradient against central differences


def test_mse_gradient_with_its_two_over_n():
    y = RNG.normal(size=6)
    assert_gradient(lambda v: L.mse(v, y), lambda v: L.mse_grad(v, y), RNG.normal(size=6))


def test_mse_gradient_written_without_two_over_n_fails_the_gradient_check():
    y, y_hat = RNG.normal(size=6), RNG.normal(size=6)
    with pytest.raises(AssertionError):
        assert_gradient(lambda v: L.mse(v, y), lambda v: v - y, y_hat)
    # It is off by exactly the factor 2/n.
    np.testing.assert_allclose(L.mse_grad(y_hat, y), (2 / 6) * (y_hat - y))


def test_mae_gradient_away_from_the_corner():
    y = RNG.normal(size=6)
    y_hat = y + RNG.choice([-1, 1], size=6) * RNG.uniform(0.1, 2, size=6)  # no residual near 0
    assert_gradient(lambda v: L.mae(v, y), lambda v: L.mae_grad(v, y), y_hat)


@pytest.mark.parametrize("delta", [0.5, 1.0, 3.0])
def test_huber_gradient_in_both_regimes(delta):
    y = np.zeros(8)
    y_hat = np.array([-5.0, -2.2, -0.9, -0.1, 0.2, 0.7, 1.6, 4.0]) * delta  # none at +-delta
    assert_gradient(lambda v: L.huber(v, y, delta), lambda v: L.huber_grad(v, y, delta), y_hat)


def test_bce_gradient_with_respect_to_probabilities():
    y = np.array([1.0, 0.0, 1.0, 0.0, 0.3])
    p = np.array([0.9, 0.2, 0.35, 0.7, 0.5])
    assert_gradient(lambda v: L.bce(v, y), lambda v: L.bce_grad(v, y), p)


def test_bce_with_logits_gradient_is_p_minus_y_over_n():
    y = np.array([1.0, 0.0, 1.0, 0.0, 0.25])
    z = np.array([2.0, -0.5, -3.0, 4.0, 0.3])
    assert_gradient(lambda v: L.bce_with_logits(v, y), lambda v: L.bce_with_logits_grad(v, y), z)
    p = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(L.bce_with_logits_grad(z, y), (p - y) / 5)


def test_softmax_cross_entropy_gradient_is_p_minus_y_numerically():
    z = np.array([2.0, 0.5, -1.0])
    numeric = central_difference(lambda v: L.softmax_cross_entropy(v, 1), z)
    p = np.exp(z) / np.exp(z).sum()
    np.testing.assert_allclose(numeric, p - np.array([0.0, 1.0, 0.0]), rtol=1e-6, atol=1e-9)
    assert_gradient(lambda v: L.softmax_cross_entropy(v, 1),
                    lambda v: L.softmax_cross_entropy_grad(v, 1), z)


@pytest.mark.parametrize("targets", ["labels", "soft"])
def test_softmax_cross_entropy_gradient_on_a_batch(targets):
    Z = RNG.normal(size=(4, 5))
    Y = np.array([4, 0, 2, 2]) if targets == "labels" else RNG.dirichlet(np.ones(5), size=4)
    assert_gradient(lambda v: L.softmax_cross_entropy(v, Y),
                    lambda v: L.softmax_cross_entropy_grad(v, Y), Z)


@pytest.mark.parametrize("gamma,alpha", [(0.0, None), (1.0, None), (2.0, None), (2.0, 0.25),
                                         (0.5, 0.75), (3.0, None)])
def test_focal_gradient(gamma, alpha):
    z = np.array([2.5, -1.0, 0.3, -3.0, 1.2, 0.0])
    y = np.array([1.0, 1.0, 0.0, 0.0, 0.0, 1.0])
    assert_gradient(lambda v: L.focal_loss(v, y, gamma, alpha),
                    lambda v: L.focal_loss_grad(v, y, gamma, alpha), z)


def test_mse_on_a_sigmoid_gradient():
    y = np.array([1.0, 0.0, 1.0, 0.0])
    z = np.array([-5.0, 2.0, 0.5, -0.7])
    assert_gradient(lambda v: L.sigmoid_mse(v, y), lambda v: L.sigmoid_mse_grad(v, y), z)


# --------------------------------------------------------------------------
# Claims the page makes in prose, figures and interview answers


def test_mse_on_a_sigmoid_is_at_most_half_the_cross_entropy_gradient_and_vanishes_when_wrong():
    z = np.linspace(-20, 20, 401)
    ones = np.ones_like(z)
    sq = np.abs(L.sigmoid_mse_grad(z, ones)) * z.size  # per example: the *_grad are of a mean
    ce = np.abs(L.bce_with_logits_grad(z, ones)) * z.size
    assert np.all(sq <= 0.5 * ce + 1e-18)
    assert sq[0] < 1e-8 and ce[0] > 0.999999  # z = -20: confidently wrong


def test_mse_on_a_sigmoid_is_not_convex_but_cross_entropy_is():
    def second(f, v, h=1e-3):
        return (f(v + h) - 2 * f(v) + f(v - h)) / h**2

    def sq(v):
        return L.sigmoid_mse([v], [1.0])

    def ce(v):
        return L.bce_with_logits([v], [1.0])

    cut = -math.log(2.0)  # sigma(z) = 1/3
    for v in (-6.0, -3.0, cut - 0.2):
        assert second(sq, v) < 0
        # f = (s - 1)^2 with s = sigma(v): f' = -2 s (1 - s)^2, f'' = -2 s (1 - s)^2 (1 - 3 s).
        s = sig(v)
        assert second(sq, v) == pytest.approx(-2 * s * (1 - s) ** 2 * (1 - 3 * s), rel=1e-3)
    for v in (cut + 0.2, 1.0, 3.0):
        assert second(sq, v) > 0
    for v in np.linspace(-8, 8, 17):
        assert second(ce, v) == pytest.approx(sig(v) * (1 - sig(v)), rel=1e-3, abs=1e-8)


def test_best_constant_is_mean_for_mse_and_median_for_mae_and_huber_answer():
    y = L.EXAMPLE_REG_Y
    grid = np.round(np.arange(0.0, 10.0001, 0.0005), 4)
    best = {name: grid[np.argmin([f(np.full(4, c), y) for c in grid])]
            for name, f in (("mse", L.mse), ("mae", L.mae), ("huber", L.huber))}
    assert best["mse"] == pytest.approx(3.75) == pytest.approx(np.mean(y))
    assert best["huber"] == pytest.approx(2.5)
    # MAE is flat between the two middle targets: every c in [2, 3] is a minimum, 2.5 included,
    # and anything outside that interval is worse.
    flat = [L.mae(np.full(4, c), y) for c in (2.0, 2.5, 3.0)]
    assert flat == pytest.approx([L.mae(np.full(4, best["mae"]), y)] * 3)
    assert L.mae(np.full(4, 1.99), y) > flat[0] and L.mae(np.full(4, 3.01), y) > flat[0]


def test_interview_answer_numbers():
    """Softmax twice with 10 classes, the initial loss log C, log 2, and the underflow at 745."""
    # Softmax of (1, 0, ..., 0): e / (e + 9) = 2.718 / 11.718 = 0.232.
    p_true = float(L.softmax(np.array([1.0] + [0.0] * 9))[0])
    assert p_true == pytest.approx(math.e / (math.e + 9)) and round(p_true, 3) == 0.232
    twice = L.softmax_cross_entropy(np.array([1.0] + [0.0] * 9), 0)  # probabilities as logits
    assert twice == pytest.approx(math.log(math.e + 9) - 1) and round(twice, 3) == 1.461
    initial = L.softmax_cross_entropy(np.zeros(10), 3)
    assert initial == pytest.approx(math.log(10)) and round(initial, 3) == 2.303
    assert round(L.bce_with_logits([0.0], [1.0]), 3) == 0.693
    # A logit 745 behind the largest keeps a (subnormal) probability; 746 behind, exactly 0.
    with np.errstate(under="ignore"):
        assert L.softmax(np.array([0.0, 745.0]))[0] > 0.0 and L.softmax(np.array([0.0, 746.0]))[0] == 0.0
    with np.errstate(divide="ignore"):
        naive = -np.log(L.softmax(np.array([0.0, 746.0]))[0])
    assert naive == np.inf and L.softmax_cross_entropy(np.array([0.0, 746.0]), 0) == 746.0


# --------------------------------------------------------------------------
# The worked examples, recomputed by hand


def test_worked_example_regression_by_hand():
    """Residuals r = y_hat - y = (0.5, -0.2, 0.4, -5). Squares 0.25, 0.04, 0.16, 25 (sum 25.45,
    MSE 6.3625); absolute values sum to 6.1 (MAE 1.525); Huber (delta 1) 0.125, 0.02, 0.08 and
    1 * (5 - 0.5) = 4.5 (sum 4.725, mean 1.18125). Gradients: MSE (2/4) r = (0.25, -0.1, 0.2, -2.5),
    outlier share 2.5 / 3.05; Huber clip(r, -1, 1) / 4 = (0.125, -0.05, 0.1, -0.25), share
    0.25 / 0.525; MAE sign(r) / 4, share 1/4."""
    y, y_hat = [1.0, 2.0, 3.0, 9.0], [1.5, 1.8, 3.4, 4.0]
    r = [0.5, -0.2, 0.4, -5.0]
    hub = [0.125, 0.02, 0.08, 4.5]
    expected = {"n": 4, "y": y, "y_hat": y_hat, "delta": 1.0, "|r[3]|": 5.0, "delta/2": 0.5,
                "sum r^2": 25.45, "MSE": 6.3625, "sum |r|": 6.1, "MAE": 1.525, "sum huber": 4.725,
                "Huber": 1.18125, "outlier share of MSE": 25 / 25.45,
                "MSE without outlier": (0.25 + 0.04 + 0.16) / 3, "2/n": 0.5,
                "grad MSE": [0.25, -0.1, 0.2, -2.5], "outlier share MSE": 2.5 / 3.05,
                "grad Huber": [0.125, -0.05, 0.1, -0.25], "outlier share Huber": 0.25 / 0.525,
                "1/n": 0.25, "grad MAE": [0.25, -0.25, 0.25, -0.25], "outlier share MAE": 0.25}
    for i in range(4):
        expected |= {f"y[{i}]": y[i], f"y_hat[{i}]": y_hat[i], f"r[{i}]": r[i], f"r^2[{i}]": r[i] ** 2,
                     f"|r|[{i}]": abs(r[i]), f"huber[{i}]": hub[i]}
    check(L.worked_example_regression(), expected, complete=True, atol=1e-14)
    assert L.huber(y_hat, y) == pytest.approx(1.18125)
    np.testing.assert_allclose(L.mse_grad(y_hat, y), [0.25, -0.1, 0.2, -2.5])
    np.testing.assert_allclose(L.huber_grad(y_hat, y), [0.125, -0.05, 0.1, -0.25])


def test_worked_example_bce_by_hand():
    """The probability given to the true label: 0.9, 0.6, 1 - 0.2 = 0.8, 1 - 0.99 = 0.01; losses
    -ln of those, 0.1054 + 0.5108 + 0.2231 + 4.6052 = 5.4445, mean 1.3611. From the logit
    z = ln(0.99 / 0.01) = ln 99 with label 0: ln(1 + e^z) = ln 100 = -ln 0.01 again. At z = 40,
    sigma(40) = 1 - 4.2e-18 rounds to 1.0 (the float spacing below 1 is 1.1e-16), so the naive
    1 - sigma(40) is 0; the stable form max(z, 0) - y z + log1p(e^-|z|) = 40 + 4.2e-18 = 40.0."""
    p_true = [0.9, 0.6, 0.8, 0.01]
    losses = [-math.log(v) for v in p_true]
    expected = {"n": 4, "sum": sum(losses), "BCE": sum(losses) / 4,
                "share of the confidently wrong example": losses[3] / sum(losses),
                "p - y": [-0.1, -0.4, 0.2, 0.99], "grad": [-0.025, -0.1, 0.05, 0.2475],
                "1 - p[3]": 0.01, "z[3]": math.log(99), "loss from logit": math.log(100),
                "z": 40.0, "y": 0, "0": 0, "sigmoid(40)": 1.0, "1 - sigmoid(40)": 0.0,
                "-|z|": -40.0, "e^-40": math.exp(-40), "loss": 40.0}
    for i, (y, p) in enumerate(zip([1.0, 1.0, 0.0, 0.0], [0.9, 0.6, 0.2, 0.99])):
        expected |= {f"y[{i}]": y, f"p[{i}]": p, f"p_true[{i}]": p_true[i], f"loss[{i}]": losses[i]}
    t = L.worked_example_bce()
    check(t, expected, complete=True, rtol=1e-12, atol=1e-15)
    assert round(dict(t)["BCE"], 4) == 1.3611
    assert L.bce(L.EXAMPLE_BCE_P, L.EXAMPLE_BCE_Y) == pytest.approx(sum(losses) / 4)


def test_worked_example_softmax_by_hand():
    """z = (2, 0.5, -1), true class the second. Shifted by the max: (0, -1.5, -3); exponentials
    1, 0.2231, 0.0498, sum 1.2729; loss = ln 1.2729 + 1.5 = 1.7413; gradient p - y."""
    e = [1.0, math.exp(-1.5), math.exp(-3.0)]
    p = [v / sum(e) for v in e]
    t = flat_transcript(L.worked_example_softmax_ce)
    assert t["loss"] == pytest.approx(-math.log(p[1]))
    assert t["loss"] == pytest.approx(math.log(sum(e)) + 1.5)
    for j, target in enumerate([0.0, 1.0, 0.0]):
        assert t[f"grad[{j}]"] == pytest.approx(p[j] - target)
        assert t[f"central differences[{j}]"] == pytest.approx(p[j] - target, abs=1e-6)
    check(L.worked_example_softmax_ce(), {
        "z": [2.0, 0.5, -1.0], "class (counting from 1)": 2, "y": [0.0, 1.0, 0.0], "max": 2.0,
        "z - max": [0.0, -1.5, -3.0], "exp": e, "exp[0]": e[0], "exp[1]": e[1], "exp[2]": e[2],
        "sum": sum(e), "p": p, "sum p": 1.0, "p[0]": p[0], "p[1]": p[1], "p[2]": p[2],
        "y[0]": 0.0, "y[1]": 1.0, "y[2]": 0.0, "loss": math.log(sum(e)) + 1.5,
        "z[1] - max": -1.5, "log sum": math.log(sum(e)), "-(z[1] - max)": 1.5,
        "grad": [p[0], p[1] - 1, p[2]], "sum grad": near(0.0, atol=1e-15),
        "central differences": near([p[0], p[1] - 1, p[2]], rtol=0, atol=1e-6), "h": 1e-3,
    }, complete=True, rtol=1e-12)


def test_worked_example_focal_every_number_by_hand():
    """p_t = 0.9 (easy) and 0.1 (hard), label 1, gamma 2: logits +-ln 9; cross-entropy -ln p_t =
    0.1054 and 2.3026; factors (1 - p_t)^2 = 0.01 and 0.81; focal 0.0010536 and 1.8651; ratios
    100 and 1 / 0.81. Gradients: p - 1 = -0.1, -0.9, and (1 - p)^2 [2 p ln p - (1 - p)] =
    0.01 (-0.1897 - 0.1) = -0.0029 and 0.81 (-0.4605 - 0.9) = -1.1020. A thousand easy negatives
    at p_t = 0.99: -ln 0.99 = 0.01005 each in cross-entropy, 0.01^2 times that in focal loss."""
    ce = [-math.log(0.9), -math.log(0.1)]
    fl = [0.01 * ce[0], 0.81 * ce[1]]
    g_fl = [(1 - p) ** 2 * (2 * p * math.log(p) - (1 - p)) for p in (0.9, 0.1)]
    ce_neg = -math.log(0.99)
    check(L.worked_example_focal(), {
        "gamma": 2.0, "p_t easy": 0.9, "p_t hard": 0.1, "pt easy": 0.9, "pt hard": 0.1,
        "z easy": math.log(9), "z hard": -math.log(9), "ce easy": ce[0], "ce hard": ce[1],
        "factor easy": 0.01, "factor hard": 0.81, "fl easy": fl[0], "fl hard": fl[1],
        "ratio easy": 100.0, "ratio hard": 1 / 0.81, "g_ce easy": -0.1, "g_ce hard": -0.9,
        "g_fl easy": g_fl[0], "g_fl hard": g_fl[1], "CE hard": ce[1], "FL hard": fl[1],
        "n_easy": 1000, "pt_easy": 0.99, "CE per easy negative": ce_neg,
        "FL per easy negative": 1e-4 * ce_neg, "CE easy total": 1000 * ce_neg,
        "hard share CE": ce[1] / (ce[1] + 1000 * ce_neg), "FL easy total": 0.1 * ce_neg,
        "hard share FL": fl[1] / (fl[1] + 0.1 * ce_neg),
    }, complete=True, rtol=1e-9)
    t = dict(L.worked_example_focal())
    assert t["fl easy"] == pytest.approx(0.01 * -math.log(0.9))
    assert t["fl hard"] == pytest.approx(0.81 * -math.log(0.1))
    # d FL / dz for label 1 at p_t: (1 - p)^2 [2 p log p - (1 - p)].
    for key, pt in (("g_fl easy", 0.9), ("g_fl hard", 0.1)):
        assert t[key] == pytest.approx((1 - pt) ** 2 * (2 * pt * math.log(pt) - (1 - pt)))
    assert abs(t["g_fl hard"]) > abs(t["g_ce hard"])  # the page's "a little larger"
    assert t["CE easy total"] == pytest.approx(-1000 * math.log(0.99))
    assert t["FL easy total"] == pytest.approx(-1000 * 0.01**2 * math.log(0.99))


def test_worked_example_mse_vs_ce_by_hand():
    expected = {"y": 1}
    for z in (-10, -5, -2, 0, 2):
        p = sig(z)
        expected |= {f"z={z}": z, f"p({z})": p, f"mse grad({z})": 2 * (p - 1) * p * (1 - p),
                     f"ce grad({z})": p - 1, f"ratio({z})": 1 / (2 * p * (1 - p))}
    p = sig(-5)
    expected |= {"z": each(-5.0, -10.0, 2.0), "p": p, "1 - p": 1 - p, "slope": p * (1 - p),
                 "mse grad": 2 * (p - 1) * p * (1 - p), "ce grad": p - 1}
    check(L.worked_example_mse_vs_ce(), expected, complete=True, rtol=1e-9)
    t = dict(L.worked_example_mse_vs_ce())
    for z in (-10, -5, -2, 0, 2):
        p = sig(z)
        assert t[f"mse grad({z})"] == pytest.approx(2 * (p - 1) * p * (1 - p))
        assert t[f"ratio({z})"] == pytest.approx(1 / (2 * p * (1 - p)))
    assert t["ratio(-10)"] > 10_000  # "over ten thousand times weaker"


def test_every_transcript_is_finite_numbers():
    for fn in (L.worked_example_regression, L.worked_example_bce, L.worked_example_softmax_ce,
               L.worked_example_focal, L.worked_example_mse_vs_ce):
        for name, value in fn():
            assert np.all(np.isfinite(np.asarray(value, dtype=float))), name


# --------------------------------------------------------------------------
# Bad input gets a clear message


@pytest.mark.parametrize("call,message", [
    (lambda: L.mse([1.0, 2.0], [1.0]), r"predictions have shape \(2,\) but targets have shape \(1,\)"),
    (lambda: L.mae([], []), "no examples"),
    (lambda: L.huber([1.0], [0.0], delta=-1), "delta must be positive"),
    (lambda: L.huber([1.0], [0.0], delta=0), "delta must be positive, got 0"),
    (lambda: L.mae([1.0, 2.0], [1.0]), r"predictions have shape \(2,\) but targets have shape \(1,\)"),
    (lambda: L.huber([1.0], [1.0, 2.0]), r"predictions have shape \(1,\) but targets have shape \(2,\)"),
    (lambda: L.bce([0.5, 1.5, 0.2], [1.0, 0.0, 1.0]), "probabilities must lie between 0 and 1"),
    (lambda: L.bce([0.5, -0.1], [1.0, 0.0]), "probabilities must lie between 0 and 1"),
    (lambda: L.bce([0.5, 0.5, 0.5], [1.0, 2.0, 0.0]), "binary targets must lie between 0 and 1"),
    (lambda: L.bce_grad([0.5, 0.5], [0.0, -0.5]), "binary targets must lie between 0 and 1"),
    (lambda: L.focal_loss([0.5, 0.1], [1.0, 0.5]), "exactly 0 or 1"),
    (lambda: L.softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3])), r"class labels must lie in 0\.\.2"),
    (lambda: L.softmax_cross_entropy(np.zeros((2, 3)), np.array([1, -1])), r"class labels must lie in 0\.\.2"),
    (lambda: L.softmax_cross_entropy(np.zeros((2, 2)), np.array([[0.5, 0.5], [1.5, -0.5]])), "summing to 1"),
    (lambda: L.softmax_cross_entropy(np.zeros(3), 1.0), r"targets have shape \(\) but logits have shape \(3,\)"),
    (lambda: L.huber_grad([1.0], [0.0], delta=0.0), "delta must be positive"),
    (lambda: L.bce([1.5], [1.0]), "probabilities must lie between 0 and 1"),
    (lambda: L.bce([0.5], [2.0]), "binary targets must lie between 0 and 1"),
    (lambda: L.bce_with_logits([0.5], [-1.0]), "binary targets must lie between 0 and 1"),
    (lambda: L.focal_loss([0.5], [0.5]), "exactly 0 or 1"),
    (lambda: L.focal_loss([0.5], [1.0], gamma=-1.0), "gamma must be at least 0"),
    (lambda: L.focal_loss_grad([0.5], [1.0], alpha=1.5), "alpha must lie between 0 and 1"),
    (lambda: L.softmax_cross_entropy(np.zeros(3), 3), r"class labels must lie in 0\.\.2"),
    (lambda: L.softmax_cross_entropy(np.zeros((2, 3)), np.array([0.5, 0.5, 0.0])),
     r"targets have shape \(3,\) but logits have shape \(2, 3\)"),
    (lambda: L.softmax_cross_entropy(np.zeros(3), np.array([0.5, 0.6, 0.0])), "summing to 1"),
    (lambda: L.softmax_cross_entropy_grad(np.zeros(1), 0), "at least 2 classes"),
])
def test_bad_input_raises_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# ==========================================================================
# Common mistakes, library conventions and the numbers stated outside worked examples


def test_mistake_mse_grad_short_form_is_the_half_sum_gradient_and_n_over_2_too_large():
    t = dict(L.mistake_mse_grad())
    # By hand: the outlier's residual is 4.0 - 9.0 = -5.0; (2/4) * -5.0 = -2.5.
    assert t["n"] == 4 and t["r[3]"] == -5.0 and t["short form[3]"] == -5.0
    assert t["right[3]"] == pytest.approx(-2.5)
    # The short form is what central differences give for the half-sum, not for the mean.
    y, y_hat = L.EXAMPLE_REG_Y, L.EXAMPLE_REG_Y_HAT
    half_sum = lambda v: 0.5 * sum((a - b) ** 2 for a, b in zip(v, y))
    assert central_difference(half_sum, y_hat)[3] == pytest.approx(-5.0, abs=1e-6)
    assert central_difference(lambda v: L.mse(v, y), y_hat)[3] == pytest.approx(-2.5, abs=1e-6)
    assert t["central difference[3]"] == pytest.approx(-2.5, abs=1e-6)
    assert t["batch"] == 64 and t["too large by"] == pytest.approx(64 / 2)
    check(L.mistake_mse_grad(), {"n": 4, "r[3]": -5.0, "short form[3]": -5.0, "right[3]": -2.5,
                                 "central difference[3]": near(-2.5, atol=1e-6), "batch": 64,
                                 "too large by": 32.0}, complete=True)


def test_smooth_l1_is_huber_divided_by_its_threshold():
    """PyTorch's documented SmoothL1Loss(beta): 0.5 r^2 / beta below beta, |r| - 0.5 beta above."""
    r = np.array([-4.0, -1.3, -0.2, 0.0, 0.4, 0.9, 2.5, 7.0])
    for beta in (0.5, 1.0, 2.0):
        smooth_l1 = np.mean([0.5 * v * v / beta if abs(v) < beta else abs(v) - 0.5 * beta for v in r])
        assert L.huber(r, np.zeros_like(r), delta=beta) / beta == pytest.approx(smooth_l1)
    # Only at beta = delta = 1 do the two agree without rescaling.
    assert L.huber(r, np.zeros_like(r), delta=2.0) != pytest.approx(
        np.mean([0.5 * v * v / 2.0 if abs(v) < 2.0 else abs(v) - 1.0 for v in r]))


def test_bce_clip_caps_one_example_near_minus_log_eps():
    # -log(1e-12) = 12 ln 10 = 27.631...
    cap = 12 * math.log(10)
    assert L.bce([0.0], [1.0]) == pytest.approx(cap)
    assert L.bce([1.0], [0.0]) == pytest.approx(cap, rel=1e-4)   # 1 - (1 - 1e-12) is not exact
    assert L.bce([1e-30], [1.0]) == L.bce([0.0], [1.0])            # past the clip: the same loss


def test_claims_the_math_and_code():
    # (1 - 0.1)^2 = 0.81 by hand; the clip cap is -log(1e-12) = 12 ln 10.
    assert dict(L.claims_the_math())["kept at p_t = 0.1"] == pytest.approx(0.81)
    assert dict(L.claims_code())["bce cap"] == pytest.approx(12 * math.log(10))


def test_claims_interview_questions_against_independent_formulas():
    t = L.claims_interview_questions()
    d = dict(t)
    assert [name for name, _ in t][:3] == ["p true after a second softmax", "loss floor",
                                           "true class, smoothed"]
    # Softmax of (1, 0, ..., 0) over 10 classes: e / (e + 9); its cross-entropy log(e + 9) - 1.
    assert d["p true after a second softmax"] == pytest.approx(math.e / (math.e + 9))
    assert d["loss floor"] == pytest.approx(math.log(math.e + 9) - 1)
    # Label smoothing, 10 classes, eps = 0.1: 0.9 + 0.1/10 on the true class, 0.1/10 elsewhere.
    assert d["true class, smoothed"] == pytest.approx(0.91)
    assert d["other classes, smoothed"] == pytest.approx(0.01)
    assert d["ratio"] == pytest.approx(91.0)
    assert d["best logit lead"] == pytest.approx(math.log(91))
    # At that lead softmax gives e^lead / (e^lead + 9) = 91 / 100 = 0.91: the smoothed target.
    lead = math.log(91)
    assert L.softmax(np.array([lead] + [0.0] * 9))[0] == pytest.approx(0.91)
    # ...so the loss there is the target's entropy.
    entropy = -(0.91 * math.log(0.91) + 9 * 0.01 * math.log(0.01))
    assert d["loss floor, smoothed"] == pytest.approx(entropy)
    assert round(d["loss floor, smoothed"], 3) == 0.500
    # Perplexity of 3 nats per token, and the factor for 0.1 nats less.
    assert d["perplexity"] == pytest.approx(math.e ** 3) and d["about"] == 20
    assert d["e^0.1"] == pytest.approx(1.1051709)
    # Best constants for the targets (1, 2, 3, 9): mean 15/4; median (2 + 3)/2; Huber with
    # delta = 1 balances clip(c - y_i): at c = 2.5 the clipped residuals are 1, 0.5, -0.5, -1.
    assert d["best constant, MSE"] == pytest.approx(15 / 4)
    assert d["midpoint of MAE's ties"] == 2.5
    assert d["best constant, Huber"] == pytest.approx(2.5)
    assert d["focal factor at p_t = 0.1"] == pytest.approx(0.9**2)
    assert d["cut"] == pytest.approx(1 - 0.9**2)
    # Class imbalance, 1% positives: the bias log(0.01 / 0.99), and the first loss with it is
    # the Bernoulli entropy of the labels.
    assert d["positives"] == 0.01 and d["accuracy of always negative"] == pytest.approx(0.99)
    assert d["bias"] == pytest.approx(math.log(0.01 / 0.99))
    h = -(0.01 * math.log(0.01) + 0.99 * math.log(0.99))
    assert d["first loss with that bias"] == pytest.approx(h) and round(h, 3) == 0.056
    assert d["first loss with bias 0"] == pytest.approx(math.log(2))
    # Every entry has an independent value, so a number added to the transcript later is checked.
    check(t, {
        "p true after a second softmax": math.e / (math.e + 9), "loss floor": math.log(math.e + 9) - 1,
        "true class, smoothed": 0.9 + 0.1 / 10, "other classes, smoothed": 0.1 / 10,
        "true class": 0.91, "other class": 0.01, "ratio": 0.91 / 0.01, "best logit lead": math.log(91),
        "loss floor, smoothed": entropy, "perplexity": math.exp(3), "about": 20,
        "e^0.1": math.exp(0.1), "best constant, MSE": (1 + 2 + 3 + 9) / 4, "midpoint of MAE's ties": 2.5,
        "best constant, Huber": 2.5, "focal factor at p_t = 0.1": 0.81, "cut": 0.19, "positives": 0.01,
        "accuracy of always negative": 0.99, "prior": 0.01, "1 - prior": 0.99,
        "bias": math.log(0.01 / 0.99), "first loss with that bias": h,
        "first loss with bias 0": math.log(2),
    }, complete=True)


def test_smoothed_targets_stop_pushing_at_a_finite_lead():
    q = L.smoothed_target(0, 10, 0.1)
    assert q.sum() == pytest.approx(1.0)
    z = np.array([math.log(91)] + [0.0] * 9)
    np.testing.assert_allclose(L.softmax_cross_entropy_grad(z, q), 0.0, atol=1e-12)
    # With the one-hot target the push never stops: the gradient on the true logit stays negative.
    for lead in (5.0, 10.0, 20.0):
        z = np.array([lead] + [0.0] * 9)
        assert L.softmax_cross_entropy_grad(z, 0)[0] < 0


def test_exercises_by_hand():
    e1 = flat_transcript(L.exercise_mse_two)
    assert e1["MSE"] == pytest.approx(((3 - 2) ** 2 + (1 - 3) ** 2) / 2) == 2.5
    assert [e1["gradient[0]"], e1["gradient[1]"]] == pytest.approx([1.0, -2.0])
    e2 = dict(L.exercise_bce_one())
    assert e2["loss if spam"] == pytest.approx(-math.log(0.8))
    assert e2["loss if not"] == pytest.approx(-math.log(0.2))
    assert e2["gradient if spam"] == pytest.approx(-0.2)
    assert e2["gradient if not"] == pytest.approx(0.8)
    e3 = flat_transcript(L.exercise_softmax_gradient)
    assert e3["loss"] == pytest.approx(-math.log(0.2))
    assert [e3[f"gradient[{j}]"] for j in range(3)] == pytest.approx([0.7, -0.8, 0.1])
    e4 = dict(L.exercise_huber_two())
    assert e4["huber small"] == pytest.approx(0.5 * 0.5**2)
    assert e4["huber large"] == pytest.approx(1 * (3 - 0.5))
    assert e4["grad small"] == pytest.approx(0.5) and e4["grad large"] == pytest.approx(1.0)
    assert e4["half square"] == pytest.approx(4.5)


def test_helpers_behind_the_claims():
    # focal_share_kept is (1 - p_t)^gamma for any p_t and gamma.
    for pt, gamma in ((0.3, 2.0), (0.9, 1.0), (0.6, 3.5)):
        assert L.focal_share_kept(pt, gamma) == pytest.approx((1 - pt) ** gamma)
    y = np.array([0.0, 4.0, 5.0, 100.0])
    assert L.best_constant(L.mse_grad, y, -10, 200) == pytest.approx(np.mean(y))

