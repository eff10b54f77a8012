"""Tests of snippets/losses.py, against independent computations and central differences."""
from __future__ import annotations

import math

import numpy as np
import pytest
from gradcheck import assert_gradient, central_difference

import losses as L
import probability

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
        return (sig(v) - 1.0) ** 2

    def ce(v):
        return L.bce_with_logits([v], [1.0])

    cut = -math.log(2.0)  # sigma(z) = 1/3
    for v in (-6.0, -3.0, cut - 0.2):
        assert second(sq, v) < 0
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
    """Softmax twice with 10 classes, log 2, and a fused cross-entropy that survives underflow."""
    p_true = math.e / (math.e + 9)
    assert round(p_true, 3) == 0.232
    twice = L.softmax_cross_entropy(np.array([1.0] + [0.0] * 9), 0)  # probabilities as logits
    assert twice == pytest.approx(math.log(math.e + 9) - 1) and round(twice, 3) == 1.461
    assert round(L.bce_with_logits([0.0], [1.0]), 3) == 0.693
    assert np.exp(-745.0) > 0.0 and np.exp(-746.0) == 0.0
    with np.errstate(divide="ignore"):
        naive = -np.log(L.softmax(np.array([0.0, 746.0]))[0])
    assert naive == np.inf and L.softmax_cross_entropy(np.array([0.0, 746.0]), 0) == 746.0


# --------------------------------------------------------------------------
# The worked examples, recomputed by hand


def test_worked_example_regression_by_hand():
    y, y_hat = [1.0, 2.0, 3.0, 9.0], [1.5, 1.8, 3.4, 4.0]
    r = [a - b for a, b in zip(y_hat, y)]
    assert sum(v * v for v in r) / 4 == pytest.approx(6.3625)
    assert sum(abs(v) for v in r) / 4 == pytest.approx(1.525)
    hub = [0.5 * v * v if abs(v) <= 1 else abs(v) - 0.5 for v in r]
    assert sum(hub) / 4 == pytest.approx(1.18125)
    assert L.huber(y_hat, y) == pytest.approx(1.18125)
    np.testing.assert_allclose(L.mse_grad(y_hat, y), [0.25, -0.1, 0.2, -2.5])
    np.testing.assert_allclose(L.huber_grad(y_hat, y), [0.125, -0.05, 0.1, -0.25])
    assert 2.5 / 3.05 == pytest.approx(dict(L.worked_example_regression())["outlier share MSE"])


def test_worked_example_bce_by_hand():
    losses = [-math.log(0.9), -math.log(0.6), -math.log(0.8), -math.log(0.01)]
    assert L.bce(L.EXAMPLE_BCE_P, L.EXAMPLE_BCE_Y) == pytest.approx(sum(losses) / 4)
    assert round(sum(losses) / 4, 4) == 1.3611
    z = math.log(0.99 / 0.01)
    assert math.log(1 + math.exp(z)) == pytest.approx(-math.log(0.01))


def test_worked_example_softmax_by_hand():
    e = [1.0, math.exp(-1.5), math.exp(-3.0)]
    p = [v / sum(e) for v in e]
    t = flat_transcript(L.worked_example_softmax_ce)
    assert t["loss"] == pytest.approx(-math.log(p[1]))
    assert t["loss"] == pytest.approx(math.log(sum(e)) + 1.5)
    for j, target in enumerate([0.0, 1.0, 0.0]):
        assert t[f"grad[{j}]"] == pytest.approx(p[j] - target)
        assert t[f"central differences[{j}]"] == pytest.approx(p[j] - target, abs=1e-6)


def test_worked_example_focal_by_hand():
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
    assert math.exp(lead) / (math.exp(lead) + 9) == pytest.approx(0.91)
    # ...so the loss there is the target's entropy.
    entropy = -(0.91 * math.log(0.91) + 9 * 0.01 * math.log(0.01))
    assert d["loss floor, smoothed"] == pytest.approx(entropy)
    assert round(entropy, 3) == 0.500
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

