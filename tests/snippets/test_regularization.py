"""Tests of snippets/regularization.py, against independent computations."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import regularization as rg
from gradcheck import assert_gradient, central_difference
from transcript_check import check, each, entries, near


def normalise(values, eps):
    """(v - mean) / sqrt(var + eps) of a list of numbers, var dividing by the count: plain Python."""
    m = sum(values) / len(values)
    var = sum((v - m) ** 2 for v in values) / len(values)
    return [(v - m) / math.sqrt(var + eps) for v in values], m, var


class FixedRng:
    """A stand-in for a NumPy Generator that returns the draws a test chooses."""

    def __init__(self, uniform=(), integers=()):
        self.uniform, self.ints = list(uniform), list(integers)

    def random(self, size=None):
        if size is None:
            return self.uniform.pop(0)
        n = int(np.prod(size))
        out, self.uniform = self.uniform[:n], self.uniform[n:]
        return np.array(out).reshape(size)

    def integers(self, low, high=None, size=None):
        n = 1 if size is None else int(np.prod(size))
        out, self.ints = self.ints[:n], self.ints[n:]
        assert all(low <= v < high for v in out), "a draw outside the range asked for"
        return out[0] if size is None else np.array(out)


# ---------------------------------------------------------------- penalties and their gradients

def test_penalties_match_their_definitions():
    w = [0.5, -1.2, 2.0, 0.0]
    assert rg.l2_penalty(np.array(w), 0.2) == pytest.approx(0.1 * sum(v * v for v in w))
    assert rg.l1_penalty(np.array(w), 0.2) == pytest.approx(0.2 * sum(abs(v) for v in w))


def test_l2_gradient_against_central_differences():
    w = np.random.default_rng(0).normal(size=(3, 4))
    assert_gradient(lambda v: rg.l2_penalty(v, 0.3), lambda v: rg.l2_grad(v, 0.3), w)


def test_l1_gradient_against_central_differences_away_from_the_kink():
    w = np.array([0.7, -1.3, 0.05, -0.2, 2.0])
    assert_gradient(lambda v: rg.l1_penalty(v, 0.4), lambda v: rg.l1_grad(v, 0.4), w)


def test_l1_subgradient_is_zero_at_zero():
    np.testing.assert_array_equal(rg.l1_grad(np.array([2.0, 0.0, -0.1]), 0.3), [0.3, 0.0, -0.3])
    np.testing.assert_array_equal(rg.l1_grad(np.zeros(3), 0.5), [0.0, 0.0, 0.0])


def test_l1_has_a_kink_at_zero_and_l2_does_not():
    # One-sided slopes at zero: L1 jumps from -lam to +lam, L2 is flat (slope 0 on both sides).
    h = 1e-7
    right = (rg.l1_penalty(np.array([h]), 0.5) - rg.l1_penalty(np.array([0.0]), 0.5)) / h
    left = (rg.l1_penalty(np.array([0.0]), 0.5) - rg.l1_penalty(np.array([-h]), 0.5)) / h
    assert right == pytest.approx(0.5) and left == pytest.approx(-0.5)
    assert rg.l2_penalty(np.array([h]), 0.5) / h == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf")])
def test_penalties_reject_a_bad_lambda(bad):
    for fn in (rg.l2_penalty, rg.l2_grad, rg.l1_penalty, rg.l1_grad):
        with pytest.raises(ValueError, match="regularization strength lam must be >= 0"):
            fn(np.ones(2), bad)


# ---------------------------------------------------------------- weight decay

def test_weight_decay_step_is_gradient_descent_on_the_penalised_loss():
    rng = np.random.default_rng(1)
    w, g = rng.normal(size=5), rng.normal(size=5)
    lr, lam = 0.05, 0.3
    # Gradient of the penalised loss L(w) + (lam/2)||w||^2, numerically, with L linear: g . w.
    total = central_difference(lambda v: g @ v + rg.l2_penalty(v, lam), w)
    np.testing.assert_allclose(rg.weight_decay_step(w, g, lr, lam), w - lr * total, atol=1e-8)


def test_the_no_half_convention_only_rescales_lambda():
    """L + lam' sum w^2 (the no-half convention) has gradient 2 lam' w: our lam = 2 lam'."""
    w = np.array([0.5, -1.2, 2.0])
    lam_prime = 0.1
    grad_no_half = central_difference(lambda v: lam_prime * np.sum(v * v), w)
    np.testing.assert_allclose(rg.l2_grad(w, 2 * lam_prime), grad_no_half, rtol=1e-6)
    assert lam_prime * np.sum(w * w) == pytest.approx(rg.l2_penalty(w, 2 * lam_prime))


def test_weight_decay_rejects_a_bad_learning_rate():
    with pytest.raises(ValueError, match="need lr > 0"):
        rg.weight_decay_step(np.ones(2), np.ones(2), 0.0, 0.1)


def test_weight_decay_worked_example_by_hand():
    """w = (0.5, -1.2, 2), grad_L = (0.1, -0.3, 0.4), lr = 0.1, lam = 0.2.
    w^2 = (0.25, 1.44, 4), sum 5.69, penalty 0.1 * 5.69 = 0.569; grad_L + lam w = (0.2, -0.54, 0.8);
    w_new = w - 0.1 (0.2, -0.54, 0.8) = (0.48, -1.146, 1.92). As decay: 1 - 0.1 * 0.2 = 0.98,
    0.98 w = (0.49, -1.176, 1.96), lr grad_L = (0.01, -0.03, 0.04), the same w_new. Without the
    penalty w - lr grad_L = (0.49, -1.17, 1.96); the decay takes lr lam w = (0.01, -0.024, 0.04)
    more."""
    w, g, lr, lam = [0.5, -1.2, 2.0], [0.1, -0.3, 0.4], 0.1, 0.2
    np.testing.assert_allclose(rg.weight_decay_step(np.array(w), np.array(g), lr, lam), [0.48, -1.146, 1.92])
    check(rg.worked_example_weight_decay(), {
        "w": w, "grad_L": g, "lr": lr, "lam": lam, "w^2": [0.25, 1.44, 4.0], "lam/2": 0.1,
        "sum w^2": 5.69, "penalty": 0.569, "grad_L + lam w": [0.2, -0.54, 0.8],
        "w_new": [0.48, -1.146, 1.92], "1 - lr lam": 0.98, "(1 - lr lam) w": [0.49, -1.176, 1.96],
        "lr grad_L": [0.01, -0.03, 0.04], "w - lr grad_L (no penalty)": [0.49, -1.17, 1.96],
        "lr lam w": [0.01, -0.024, 0.04],
    }, complete=True, rtol=1e-12)


# ---------------------------------------------------------------- L1: soft-thresholding

@pytest.mark.parametrize("v", [-1.3, -0.3, -0.05, 0.0, 0.02, 0.29, 0.31, 2.5])
def test_soft_threshold_is_the_exact_minimiser(v):
    t = 0.3
    grid = np.linspace(-4, 4, 800_001)
    objective = 0.5 * (grid - v) ** 2 + t * np.abs(grid)
    assert rg.soft_threshold(np.array([v]), t)[0] == pytest.approx(grid[np.argmin(objective)], abs=2e-5)


def test_soft_threshold_gives_exact_zeros_and_l2_never_does():
    v = np.linspace(-0.3, 0.3, 61)
    out = rg.soft_threshold(v, 0.3)
    assert np.all(out == 0.0)
    # The L2 version of the same one-weight problem, argmin (1/2)(w - v)^2 + (t/2) w^2, is
    # v / (1 + t): one weight-decay step with lr = 1 / (1 + t) from any w lands on it, since
    # (1 - lr t) w - lr (w - v) = w (1 - lr (1 + t)) + lr v. From w = v (loss gradient 0) that
    # is (1 - t / (1 + t)) v: zero only where v itself is.
    l2 = rg.weight_decay_step(v, np.zeros_like(v), 1 / 1.3, 0.3)
    np.testing.assert_allclose(l2, v / 1.3, atol=1e-15)
    assert np.all((l2 == 0) == (v == 0))


def test_soft_threshold_rejects_a_negative_threshold():
    with pytest.raises(ValueError, match="must be >= 0"):
        rg.soft_threshold(np.ones(2), -0.1)
    # t = 0 shrinks nothing.
    np.testing.assert_array_equal(rg.soft_threshold(np.array([0.3, -2.0, 0.0]), 0.0), [0.3, -2.0, 0.0])


def test_l1_worked_example_by_hand():
    """v = w - 0.1 grad_L = (0.48, -0.04, 0.1, -1.16); threshold t = 0.1 * 0.5 = 0.05; each entry
    shrinks by 0.05 towards zero, or becomes 0 where |v| <= 0.05: (0.43, 0, 0.05, -1.11).
    The subgradient step v - t sign(w) overshoots the second weight to -0.04 + 0.05 = 0.01; the L2
    step 0.95 w - 0.1 grad_L = (0.455, -0.0385, 0.096, -1.1) never reaches zero."""
    w, g, lr, lam = [0.5, -0.03, 0.08, -1.2], [0.2, 0.1, -0.2, -0.4], 0.1, 0.5
    np.testing.assert_allclose(rg.l1_proximal_step(np.array(w), np.array(g), lr, lam),
                               [0.43, 0.0, 0.05, -1.11], atol=1e-12)
    v = [0.48, -0.04, 0.1, -1.16]
    t = rg.worked_example_l1()
    check(t, {
        "w": w, "grad_L": g, "lr": lr, "lam": lam, "v = w - lr grad_L": v, "t": 0.05,
        "v[0]": 0.48, "v[1]": -0.04, "|v[1]|": 0.04, "v[2]": 0.1, "v[3]": -1.16,
        "w_new[0]": 0.43, "w_new[1]": 0.0, "w_new[2]": 0.05, "w_new[3]": -1.11,
        "w_new": [0.43, 0.0, 0.05, -1.11], "subgradient step": [0.43, 0.01, 0.05, -1.11],
        "w[1]": -0.03, "subgradient step[1]": 0.01,
    }, complete=True, rtol=1e-12, atol=1e-15)
    # The L2 step from the same point, (1 - 0.1 * 0.5) w - 0.1 grad_L, shrinks but never zeroes.
    np.testing.assert_allclose(rg.weight_decay_step(np.array(w), np.array(g), lr, lam),
                               [0.455, -0.0385, 0.096, -1.1], rtol=1e-12)
    assert entries(t, "w_new[1]") == [0.0]             # exactly zero, not just small
    assert entries(t, "subgradient step[1]")[0] != 0.0


def test_proximal_gradient_satisfies_the_lasso_optimality_conditions():
    rng = np.random.default_rng(2)
    A = rng.normal(size=(30, 8))
    b = A @ np.array([2.0, 0, 0, -1.5, 0, 0, 0.7, 0]) + 0.1 * rng.normal(size=30)
    lam = 5.0
    grad = lambda w: A.T @ (A @ w - b)  # noqa: E731  loss = ||Aw - b||^2 / 2
    lr = 1.0 / np.linalg.norm(A, 2) ** 2
    w = rg.proximal_gradient_l1(grad, np.zeros(8), lr, lam, steps=20_000)
    g = grad(w)
    nz = w != 0
    assert nz.any() and (~nz).any()  # some weights are exactly zero, some are not
    np.testing.assert_allclose(g[nz], -lam * np.sign(w[nz]), atol=1e-6)
    assert np.all(np.abs(g[~nz]) <= lam + 1e-6)


def test_the_figure_geometry_l1_solution_is_on_an_axis_and_l2_is_not():
    import importlib.util
    from conftest import ROOT

    spec = importlib.util.spec_from_file_location(
        "fig_reg", ROOT / "scripts" / "figure_defs" / "regularization.py")
    fig = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fig)
    w_l1, w_l2 = fig._geometry()
    assert w_l1[1] == 0.0 and w_l1[0] > 0
    assert abs(w_l2[1]) > 0.1 and w_l2[0] > 0


# ---------------------------------------------------------------- dropout

def test_dropout_preserves_the_expectation_on_a_large_seeded_sample():
    a = np.array([0.8, 1.5, 0.2, 2.4, 0.6, 1.0])
    for p in (0.2, 0.5, 0.8):
        rng = np.random.default_rng(11)
        samples = np.stack([rg.dropout(a, p, rng=rng) for _ in range(40_000)])
        # Standard error of the mean of one entry: a * sqrt(p / (1 - p)) / sqrt(n).
        se = a * math.sqrt(p / (1 - p)) / math.sqrt(len(samples))
        assert np.all(np.abs(samples.mean(axis=0) - a) < 5 * se)
        np.testing.assert_allclose(samples.var(axis=0), a ** 2 * p / (1 - p), rtol=0.05)


def test_dropout_is_the_identity_at_inference_and_for_p_zero():
    a = np.random.default_rng(3).normal(size=(4, 5))
    np.testing.assert_array_equal(rg.dropout(a, 0.5, train=False), a)
    np.testing.assert_array_equal(rg.dropout(a, 0.0, rng=np.random.default_rng(0)), a)
    # With p = 0 nothing is dropped: no rng is needed, and a mask has nothing to say.
    np.testing.assert_array_equal(rg.dropout(a, 0.0), a)
    np.testing.assert_array_equal(rg.dropout(a, 0.0, mask=np.zeros_like(a)), a)


def test_dropout_mask_drops_a_fraction_p():
    mask = rg.dropout_mask((200_000,), 0.3, np.random.default_rng(4))
    assert set(np.unique(mask)) == {0.0, 1.0}
    assert 1 - mask.mean() == pytest.approx(0.3, abs=0.005)


def test_dropout_mask_drops_exactly_the_draws_below_p():
    # A uniform draw u drops its unit when u < p (probability p) and keeps it otherwise.
    rng = FixedRng(uniform=[0.1, 0.29999, 0.3, 0.31, 0.99, 0.0])
    np.testing.assert_array_equal(rg.dropout_mask((2, 3), 0.3, rng), [[0, 0, 1], [1, 1, 0]])
    np.testing.assert_array_equal(rg.dropout_mask((2,), 0.0, FixedRng([0.0, 0.5])), [1.0, 1.0])


def test_dropout_with_a_fixed_mask_scales_the_survivors():
    a = np.array([1.0, 2.0, 3.0, 4.0])
    m = np.array([1.0, 0.0, 1.0, 0.0])
    np.testing.assert_allclose(rg.dropout(a, 0.2, mask=m), [1.25, 0.0, 3.75, 0.0])


def test_dropout_backward_against_central_differences():
    rng = np.random.default_rng(5)
    a, upstream = rng.normal(size=6), rng.normal(size=6)
    mask = rg.dropout_mask(a.shape, 0.4, rng)
    assert_gradient(lambda x: upstream @ rg.dropout(x, 0.4, mask=mask),
                    lambda x: rg.dropout_backward(upstream, 0.4, mask), a)


@pytest.mark.parametrize("p", [1.0, -0.1, 1.5])
def test_dropout_rejects_a_bad_probability(p):
    with pytest.raises(ValueError, match=r"drop probability p must be in \[0, 1\)"):
        rg.dropout(np.ones(3), p, rng=np.random.default_rng(0))


def test_dropout_needs_a_mask_or_an_rng_and_a_mask_of_the_right_shape():
    with pytest.raises(ValueError, match="needs a mask or an rng"):
        rg.dropout(np.ones(3), 0.5)
    with pytest.raises(ValueError):  # a mask that does not fit the activations
        rg.dropout(np.ones(3), 0.5, mask=np.ones(2))


def test_dropout_worked_example_mask_and_outputs():
    """NumPy's generator seeded 7 draws 0.625, 0.897, 0.776, 0.225, 0.300, 0.874 (read here from
    the generator itself, not through the snippet): with p = 0.5 the fourth and fifth units drop,
    mask (1, 1, 1, 0, 0, 1). Kept units double: (1.6, 3.0, 0.4, 0, 0, 2.0).
    In expectation: 0.5 * 0.8 / 0.5 + 0.5 * 0 = 0.8."""
    a = [0.8, 1.5, 0.2, 2.4, 0.6, 1.0]
    draws = np.random.default_rng(7).random(6)
    mask = [1.0 if u >= 0.5 else 0.0 for u in draws]
    train = [x * m / 0.5 for x, m in zip(a, mask)]
    t = rg.worked_example_dropout()
    check(t, {
        "a": a, "p": each(0.5, 0.5, 0.5), "seed": 7, "mask": mask, "1 - p": each(0.5, 0.5, 0.5),
        "1 / (1 - p)": each(2.0, 2.0), "a * mask": [x * m for x, m in zip(a, mask)],
        "train output": train, "inference output": a, "a[0] / (1 - p)": each(1.6, 1.6),
        "dropped": 0.0, "E[train output[0]]": 0.8, "samples": 10_000,
        # A sampled mean: within 4 standard errors, a * sqrt(p / (1 - p)) / sqrt(10000) = a / 100.
        "mean of samples": near(a, rtol=0.04),
    }, complete=True, rtol=1e-12)


def test_dropout_on_linear_regression_is_a_data_dependent_l2_penalty():
    """Exact average over all 2^d masks: (w.x - y)^2 + p/(1-p) * sum w_j^2 x_j^2."""
    rng = np.random.default_rng(6)
    d, p = 5, 0.3
    w, x, y = rng.normal(size=d), rng.normal(size=d), 0.7
    expected = 0.0
    for bits in itertools.product([0.0, 1.0], repeat=d):
        m = np.array(bits)
        prob = np.prod(np.where(m == 1, 1 - p, p))
        expected += prob * (w @ rg.dropout(x, p, mask=m) - y) ** 2
    assert expected == pytest.approx((w @ x - y) ** 2 + p / (1 - p) * np.sum(w ** 2 * x ** 2))


def test_input_noise_on_linear_regression_is_l2_with_lambda_two_sigma_squared():
    """E[(w.(x + e) - y)^2] = (w.x - y)^2 + sigma^2 ||w||^2 = (w.x - y)^2 + l2_penalty(w, 2 sigma^2)."""
    rng = np.random.default_rng(8)
    w, x, y, sigma = rng.normal(size=4), rng.normal(size=4), 0.3, 0.5
    e = sigma * rng.normal(size=(400_000, 4))
    monte_carlo = np.mean(((x + e) @ w - y) ** 2)
    exact = (w @ x - y) ** 2 + rg.l2_penalty(w, 2 * sigma ** 2)
    assert monte_carlo == pytest.approx(exact, rel=0.01)


# ---------------------------------------------------------------- early stopping

def test_early_stopping_worked_example():
    losses = [0.92, 0.71, 0.60, 0.55, 0.56, 0.54, 0.57, 0.59, 0.61]
    assert rg.early_stopping(losses, patience=2) == (6, 8)
    assert rg.early_stopping(losses, patience=1) == (4, 5)
    assert rg.early_stopping(losses, patience=10) == (6, 9)


def test_early_stopping_needs_strict_improvement():
    assert rg.early_stopping([1.0, 1.0, 1.0], patience=2) == (1, 3)


@pytest.mark.parametrize("losses, patience, message", [
    ([1.0], 0, "patience must be at least 1"),
    ([], 2, "val_losses is empty"),
])
def test_early_stopping_rejects_bad_input(losses, patience, message):
    with pytest.raises(ValueError, match=message):
        rg.early_stopping(losses, patience)


def test_early_stopping_acts_like_l2_with_lambda_about_one_over_lr_steps():
    """On the quadratic sum_i h_i (w_i - 1)^2 / 2, T gradient steps from zero reach
    1 - (1 - lr h)^T in each eigen-direction; L2 with lambda = 1/(lr T) has its minimum at
    h / (h + lambda). Both are computed here with the snippet's weight_decay_step (lambda = 0 for
    plain steps, run to convergence for the penalised minimum); they stay within 0.21."""
    lr, T = 0.01, 200
    h = np.logspace(-4, 1.5, 400)  # curvatures, all with lr * h < 1
    gd = np.zeros_like(h)
    for _ in range(T):
        gd = rg.weight_decay_step(gd, h * (gd - 1), lr, 0.0)
    ridge = np.zeros_like(h)
    for _ in range(8000):        # contraction 1 - lr (h + 0.5) <= 0.995 per step
        ridge = rg.weight_decay_step(ridge, h * (ridge - 1), lr, 1 / (lr * T))
    np.testing.assert_allclose(gd, 1 - (1 - lr * h) ** T, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(ridge, h / (h + 1 / (lr * T)), rtol=1e-6)
    assert np.max(np.abs(gd - ridge)) < 0.21
    assert gd[0] == pytest.approx(ridge[0], rel=0.01) and gd[-1] == pytest.approx(ridge[-1], abs=0.02)


def test_early_stopping_worked_example_every_number_by_hand():
    """Patience 2: the best 0.55 at epoch 4; 0.56 (one epoch without a new best), 0.54 at epoch 6
    (a new best), 0.57, 0.59 (two without): stop after epoch 8, restore epoch 6 (0.54), epoch 9
    never runs. Patience 1: 0.56 at epoch 5 already stops it; restore epoch 4 (0.55), missing
    0.54."""
    losses = [0.92, 0.71, 0.60, 0.55, 0.56, 0.54, 0.57, 0.59, 0.61]
    check(rg.worked_example_early_stopping(), {
        "epoch": each(*range(1, 10), 4, 5, 6, 7, 8), "validation loss": each(*losses),
        "patience": each(2, 1), "best loss so far": 0.55, "loss": each(0.56, 0.54),
        "stop after epoch": each(8, 5), "restore epoch": each(6, 4),
        "restored loss": each(0.54, 0.55), "epoch never run": 9, "missed loss": 0.54,
    }, complete=True)


# ---------------------------------------------------------------- batch norm

def test_batch_norm_output_has_mean_zero_and_variance_one_per_feature():
    X = np.random.default_rng(9).normal(3.0, 5.0, size=(64, 7))
    Y, mean, var = rg.batch_norm_train(X, np.ones(7), np.zeros(7), eps=0.0)
    np.testing.assert_allclose(Y.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(Y.var(axis=0), 1.0, rtol=1e-12)
    np.testing.assert_allclose(mean, X.mean(axis=0))
    np.testing.assert_allclose(var, ((X - X.mean(axis=0)) ** 2).sum(axis=0) / 64)  # biased


def test_batch_norm_applies_gamma_and_beta_per_feature():
    X = np.random.default_rng(10).normal(size=(8, 3))
    g, b = np.array([2.0, -1.0, 0.5]), np.array([0.1, 0.2, -0.3])
    Y, _, _ = rg.batch_norm_train(X, g, b, eps=0.0)
    np.testing.assert_allclose(Y.mean(axis=0), b, atol=1e-12)
    np.testing.assert_allclose(Y.std(axis=0), np.abs(g), rtol=1e-12)


def test_batch_norm_worked_example_by_hand():
    X = [[1, -2, -3], [3, 2, 3], [1, 2, 5], [3, -2, 3]]
    gamma, beta, eps = [2.0, 0.5, 1.5], [0.5, 0.0, -1.0], 1e-5
    cols = list(zip(*X))
    mu = [sum(c) / 4 for c in cols]                                   # 2, 0, 2
    var = [sum((v - m) ** 2 for v in c) / 4 for c, m in zip(cols, mu)]  # 1, 4, 9
    Y, mean, batch_var = rg.batch_norm_train(np.array(X, float), np.array(gamma), np.array(beta), eps)
    np.testing.assert_array_equal(mean, [2.0, 0.0, 2.0])
    np.testing.assert_array_equal(batch_var, [1.0, 4.0, 9.0])
    for i in range(4):
        for j in range(3):
            y = gamma[j] * (X[i][j] - mu[j]) / math.sqrt(var[j] + eps) + beta[j]
            assert Y[i, j] == pytest.approx(y)
    # The page: eps moves the exact +-1 of the first two columns by less than 0.00001.
    X_hat = entries(rg.worked_example_batch_norm(), "X_hat")[0]
    assert 0 < np.max(np.abs(X_hat[:, :2] - np.round(X_hat[:, :2]))) < 1e-5
    # Running statistics (PyTorch): start 0 and 1, momentum 0.1, unbiased variance.
    run_mean = [0.9 * 0 + 0.1 * m for m in mu]
    run_var = [0.9 * 1 + 0.1 * v * 4 / 3 for v in var]
    t = dict(rg.worked_example_batch_norm())
    np.testing.assert_allclose(t["running mean"], run_mean)
    np.testing.assert_allclose(t["running var"], run_var)
    y_inf = [gamma[j] * (X[0][j] - run_mean[j]) / math.sqrt(run_var[j] + eps) + beta[j] for j in range(3)]
    np.testing.assert_allclose(t["y (inference)"].ravel(), y_inf)


def test_batch_norm_worked_example_transcript_every_number_by_hand():
    """Columns (1, 3, 1, 3), (-2, 2, 2, -2), (-3, 3, 5, 3): means 2, 0, 2; deviations of the
    first (-1, 1, -1, 1) and last (-5, 1, 3, 1), squares averaging 1 and (25 + 1 + 9 + 1) / 4 = 9;
    variances 1, 4, 9. X_hat[0, 2] = -5 / sqrt(9 + 1e-5) = -1.66667, Y[0, 2] = 1.5 X_hat - 1.
    Running statistics after one update (start 0 and 1, rho = 0.9 so the new batch weighs 0.1,
    unbiased variance var * 4/3 = 1.333, 5.333, 12): mean 0.1 * (2, 0, 2),
    var 0.9 + 0.1 * (1.333, 5.333, 12)."""
    X = [[1.0, -2.0, -3.0], [3.0, 2.0, 3.0], [1.0, 2.0, 5.0], [3.0, -2.0, 3.0]]
    gamma, beta, eps = [2.0, 0.5, 1.5], [0.5, 0.0, -1.0], 1e-5
    cols = [normalise(list(c), eps) for c in zip(*X)]
    X_hat = [[cols[j][0][i] for j in range(3)] for i in range(4)]
    Y = [[gamma[j] * X_hat[i][j] + beta[j] for j in range(3)] for i in range(4)]
    mean, var = [c[1] for c in cols], [c[2] for c in cols]
    unbiased = [v * 4 / 3 for v in var]
    run_mean = [0.9 * 0 + 0.1 * m for m in mean]
    run_var = [0.9 * 1 + 0.1 * v for v in unbiased]
    x_hat = [(X[0][j] - run_mean[j]) / math.sqrt(run_var[j] + eps) for j in range(3)]
    check(rg.worked_example_batch_norm(), {
        "batch size": 4, "features": 3, "X": X, "X[:,0]": [1.0, 3.0, 1.0, 3.0], "N": 4,
        "mean[0]": 2.0, "X[:,2]": [-3.0, 3.0, 5.0, 3.0], "mean[2]": 2.0, "mean": mean,
        "deviations[:,0]": [-1.0, 1.0, -1.0, 1.0], "deviations[:,2]": [-5.0, 1.0, 3.0, 1.0],
        "squares": each([1.0, 1.0, 1.0, 1.0], [25.0, 1.0, 9.0, 1.0]), "var[0]": 1.0, "var[2]": 9.0,
        "var": [1.0, 4.0, 9.0], "eps": eps, "X[0,2]": -3.0, "X[0,2] - mean[2]": -5.0,
        "sqrt(var[2] + eps)": math.sqrt(9 + eps), "X_hat[0,2]": -5 / math.sqrt(9 + eps),
        "X_hat": X_hat, "largest |column mean| of X_hat": near(0.0, atol=1e-15),
        "smallest column variance of X_hat": 1 / (1 + eps), "gamma": gamma, "beta": beta,
        "gamma[2]": 1.5, "beta[2]": -1.0, "Y[0,2]": Y[0][2], "Y": Y, "rho": 0.9,
        "weight of the new batch": 0.1, "1 - rho": 0.1,
        "running mean at start": 0, "running var at start": 1, "N - 1": 3, "unbiased var": unbiased,
        "running mean": run_mean, "running var": run_var,
        "x": [X[0]], "x[0]": 1.0, "running mean[0]": run_mean[0], "running var[0]": run_var[0],
        "x_hat[0]": x_hat[0], "x_hat": [x_hat],
        "y (inference)": [[gamma[j] * x_hat[j] + beta[j] for j in range(3)]],
        "Y[0] (training)": Y[0],
    }, complete=True, rtol=1e-12)


def test_running_stats_use_the_unbiased_variance_like_pytorch():
    X = np.random.default_rng(12).normal(size=(5, 3))
    _, mean, var = rg.batch_norm_train(X, np.ones(3), np.zeros(3))
    rm, rv = rg.update_running_stats(np.zeros(3), np.ones(3), mean, var, n=5, rho=0.9)
    np.testing.assert_allclose(rm, 0.1 * X.mean(axis=0))
    np.testing.assert_allclose(rv, 0.9 + 0.1 * np.var(X, axis=0, ddof=1))
    _, rv_biased = rg.update_running_stats(np.zeros(3), np.ones(3), mean, var, n=5, unbiased=False)
    np.testing.assert_allclose(rv_biased, 0.9 + 0.1 * np.var(X, axis=0, ddof=0))


def test_running_stats_converge_to_the_batch_statistics():
    mean, var = np.array([2.0, -1.0]), np.array([4.0, 0.5])
    rm, rv = np.zeros(2), np.ones(2)
    for _ in range(300):
        rm, rv = rg.update_running_stats(rm, rv, mean, var, n=4)
    np.testing.assert_allclose(rm, mean)
    np.testing.assert_allclose(rv, var * 4 / 3)


def test_running_stats_at_the_edges_of_their_arguments():
    # rho = 1 keeps the running values; rho = 0 replaces them; a batch of 2 is the smallest that
    # has an unbiased variance, batch_var * 2 / 1.
    mean, var = np.array([3.0]), np.array([0.5])
    assert rg.update_running_stats(np.array([1.0]), np.array([2.0]), mean, var, n=2, rho=1.0) == \
        (pytest.approx([1.0]), pytest.approx([2.0]))
    assert rg.update_running_stats(np.array([1.0]), np.array([2.0]), mean, var, n=2, rho=0.0) == \
        (pytest.approx([3.0]), pytest.approx([1.0]))


def test_running_stats_reject_bad_input():
    with pytest.raises(ValueError, match="need 0 <= rho <= 1"):
        rg.update_running_stats(0.0, 1.0, 0.0, 1.0, n=4, rho=1.5)
    with pytest.raises(ValueError, match="n >= 2"):
        rg.update_running_stats(0.0, 1.0, 0.0, 0.0, n=1)


def test_normalisations_default_to_eps_1e_minus_5():
    # (3 - 1) / sqrt(4 + 1e-5) with gamma 1 and beta 0; a batch (1, 3): (+-1) / sqrt(1 + 1e-5).
    x = np.array([[3.0]])
    got = rg.batch_norm_inference(x, np.ones(1), np.zeros(1), np.array([1.0]), np.array([4.0]))
    assert got[0, 0] == pytest.approx(2 / math.sqrt(4 + 1e-5), rel=1e-12)
    Y, _, _ = rg.batch_norm_train(np.array([[1.0], [3.0]]), np.ones(1), np.zeros(1))
    assert Y[1, 0] == pytest.approx(1 / math.sqrt(1 + 1e-5), rel=1e-12)
    assert rg.layer_norm(np.array([[1.0, 3.0]]), np.ones(2), np.zeros(2))[0, 1] == \
        pytest.approx(1 / math.sqrt(1 + 1e-5), rel=1e-12)


def test_batch_norm_inference_does_not_depend_on_the_rest_of_the_batch():
    rng = np.random.default_rng(13)
    g, b, rm, rv = rng.normal(size=3), rng.normal(size=3), rng.normal(size=3), rng.uniform(0.5, 2, 3)
    X = rng.normal(size=(6, 3))
    alone = rg.batch_norm_inference(X[:1], g, b, rm, rv)
    together = rg.batch_norm_inference(X, g, b, rm, rv)
    np.testing.assert_allclose(alone[0], together[0])
    # ...whereas training mode does.
    t1, _, _ = rg.batch_norm_train(X[:3], g, b)
    t2, _, _ = rg.batch_norm_train(X, g, b)
    assert not np.allclose(t1[0], t2[0])


def test_batch_of_one_in_training_mode_outputs_beta_whatever_the_input():
    b = np.array([0.5, 0.0, -1.0])
    for x in (np.array([[1.0, -2.0, -3.0]]), np.array([[100.0, 7.0, -0.5]])):
        Y, _, var = rg.batch_norm_train(x, np.array([2.0, 0.5, 1.5]), b)
        np.testing.assert_array_equal(var, 0.0)
        np.testing.assert_allclose(Y[0], b)


@pytest.mark.parametrize("X, g, message", [
    (np.ones(3), np.ones(3), r"X must be a \(batch, features\) matrix"),
    (np.ones((2, 3)), np.ones(2), r"gamma must have one entry per feature, shape \(3,\)"),
])
def test_normalizations_reject_bad_shapes(X, g, message):
    for fn in (lambda: rg.batch_norm_train(X, g, np.zeros(3)), lambda: rg.layer_norm(X, g, np.zeros(3))):
        with pytest.raises(ValueError, match=message):
            fn()


def test_batch_norm_backward_against_central_differences():
    rng = np.random.default_rng(14)
    X, g, b, R = rng.normal(size=(5, 3)), rng.normal(size=3), rng.normal(size=3), rng.normal(size=(5, 3))
    loss = lambda X_, g_=g, b_=b: np.sum(R * rg.batch_norm_train(X_, g_, b_)[0])  # noqa: E731
    assert_gradient(loss, lambda X_: rg.batch_norm_backward(R, X_, g)[0], X)
    assert_gradient(lambda g_: loss(X, g_), lambda g_: rg.batch_norm_backward(R, X, g_)[1], g)
    assert_gradient(lambda b_: loss(X, g, b_), lambda b_: rg.batch_norm_backward(R, X, g)[2], b)


# ---------------------------------------------------------------- layer norm

def test_layer_norm_normalizes_each_row():
    X = np.random.default_rng(15).normal(2.0, 3.0, size=(6, 10))
    Y = rg.layer_norm(X, np.ones(10), np.zeros(10), eps=0.0)
    np.testing.assert_allclose(Y.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(Y.var(axis=1), 1.0, rtol=1e-12)


def test_layer_norm_is_batch_norm_of_the_transpose():
    X = np.random.default_rng(16).normal(size=(4, 6))
    ln = rg.layer_norm(X, np.ones(6), np.zeros(6))
    bn, _, _ = rg.batch_norm_train(X.T, np.ones(4), np.zeros(4))
    np.testing.assert_allclose(ln, bn.T)


def test_layer_norm_ignores_each_rows_shift_and_scale_and_the_other_rows():
    rng = np.random.default_rng(17)
    X, g, b = rng.normal(size=(3, 5)), rng.normal(size=5), rng.normal(size=5)
    moved = X * np.array([[5.0], [0.5], [2.0]]) + np.array([[-12.0], [3.0], [0.0]])
    np.testing.assert_allclose(rg.layer_norm(moved, g, b, eps=0.0), rg.layer_norm(X, g, b, eps=0.0))
    np.testing.assert_allclose(rg.layer_norm(X[1:2], g, b), rg.layer_norm(X, g, b)[1:2])


def test_layer_norm_worked_example_by_hand():
    """Row 0 = (1, -2, -3): mean -4/3, deviations (7/3, -2/3, -5/3), squares (49 + 4 + 25) / 9,
    variance 78 / 27 = 2.8889, X_hat[0, 0] = (7/3) / sqrt(2.8889 + 1e-5) = 1.3728. Rows two and
    four: (3, -2, 3) = 5 * (3, 2, 3) - 12, so layer norm maps them alike (up to eps)."""
    X = [[1.0, -2.0, -3.0], [3.0, 2.0, 3.0], [1.0, 2.0, 5.0], [3.0, -2.0, 3.0]]
    rows = [normalise(r, 1e-5) for r in X]
    bn_00 = normalise([r[0] for r in X], 1e-5)[0][0]            # (1 - 2) / sqrt(1 + 1e-5)
    t = rg.worked_example_layer_norm()
    check(t, {
        "features": 3, "row 0": X[0], "x[0,0]": 1.0, "-x[0,1]": 2.0, "-x[0,2]": 3.0, "D": 3,
        "mean row 0": -4 / 3, "deviations": [7 / 3, -2 / 3, -5 / 3],
        "squares": [49 / 9, 4 / 9, 25 / 9], "var row 0": 78 / 27, "deviation": 7 / 3,
        "sqrt(var + eps)": math.sqrt(78 / 27 + 1e-5), "X_hat[0,0]": rows[0][0][0],
        "row means": [r[1] for r in rows], "row variances": [r[2] for r in rows],
        "X_hat (layer norm)": [r[0] for r in rows], "batch norm X_hat[0,0]": bn_00,
        "layer norm X_hat[0,0]": rows[0][0][0],
    }, complete=True, rtol=1e-12)
    assert round(entries(t, "X_hat[0,0]")[0], 4) == 1.3728
    np.testing.assert_allclose(5 * rg.EX_X[1] - 12, rg.EX_X[3])


def test_layer_norm_backward_against_central_differences():
    rng = np.random.default_rng(18)
    X, g, b, R = rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=4), rng.normal(size=(3, 4))
    loss = lambda X_, g_=g, b_=b: np.sum(R * rg.layer_norm(X_, g_, b_))  # noqa: E731
    assert_gradient(loss, lambda X_: rg.layer_norm_backward(R, X_, g)[0], X)
    assert_gradient(lambda g_: loss(X, g_), lambda g_: rg.layer_norm_backward(R, X, g_)[1], g)
    assert_gradient(lambda b_: loss(X, g, b_), lambda b_: rg.layer_norm_backward(R, X, g)[2], b)


# ---------------------------------------------------------------- data augmentation

def test_augment_image_flips_and_shifts_without_inventing_pixels():
    img = np.arange(1.0, 26.0).reshape(5, 5)
    flips = set()
    for seed in range(40):
        out = rg.augment_image(img, np.random.default_rng(seed), max_shift=1)
        assert out.shape == img.shape
        nonzero = out[out != 0]
        assert set(nonzero) <= set(img.ravel())  # only original pixels, or zero padding
        assert len(nonzero) >= 16  # a shift of at most one pixel each way keeps a 4 x 4 block
        flips.add(bool(out[2, 2] == img[2, 2]) if out[2, 1] == img[2, 1] else "other")
    assert len(flips) > 1


def test_augment_image_shift_moves_the_content_down_and_right_for_positive_draws():
    """An asymmetric 3 x 4 image with distinct pixels; the rng's draws are fixed: no flip
    (u = 0.9), then (dy, dx). Pixel (r, c) must land at (r + dy, c + dx), and what is uncovered
    is zero. Expected outputs written out by hand."""
    img = np.array([[1.0, 2.0, 3.0, 4.0],
                    [5.0, 6.0, 7.0, 8.0],
                    [9.0, 10.0, 11.0, 12.0]])
    down_right = rg.augment_image(img, FixedRng([0.9], [1, 1]), max_shift=2)
    np.testing.assert_array_equal(down_right, [[0, 0, 0, 0],
                                               [0, 1, 2, 3],
                                               [0, 5, 6, 7]])
    up_left = rg.augment_image(img, FixedRng([0.9], [-1, -2]), max_shift=2)
    np.testing.assert_array_equal(up_left, [[7, 8, 0, 0],
                                            [11, 12, 0, 0],
                                            [0, 0, 0, 0]])
    down_only = rg.augment_image(img, FixedRng([0.9], [2, 0]), max_shift=2)
    np.testing.assert_array_equal(down_only, [[0, 0, 0, 0], [0, 0, 0, 0], [1, 2, 3, 4]])
    np.testing.assert_array_equal(rg.augment_image(img, FixedRng([0.9], [0, 0])), img)


def test_augment_image_draws_its_shift_from_minus_two_to_two_by_default():
    class Recording(FixedRng):
        def integers(self, low, high=None, size=None):
            self.asked = (low, high, size)
            return super().integers(low, high, size)

    rng = Recording([0.9], [0, 0])
    rg.augment_image(np.ones((4, 4)), rng)
    assert rng.asked[:2] == (-2, 3)           # integers in [-2, 3): every shift from -2 to 2


def test_augment_image_flips_left_right_with_probability_one_half():
    img = np.array([[1.0, 2.0, 3.0],
                    [4.0, 5.0, 6.0]])
    # A draw below 1/2 mirrors the columns (left-right), never the rows; then the shift applies.
    np.testing.assert_array_equal(rg.augment_image(img, FixedRng([0.2], [0, 0]), max_shift=1),
                                  [[3, 2, 1], [6, 5, 4]])
    np.testing.assert_array_equal(rg.augment_image(img, FixedRng([0.2], [0, 1]), max_shift=1),
                                  [[0, 3, 2], [0, 6, 5]])
    np.testing.assert_array_equal(rg.augment_image(img, FixedRng([0.5], [0, 0]), max_shift=1), img)
    # With a real generator: about half the images come out mirrored, none upside down, and
    # every shift from -1 to 1 occurs in both directions.
    outs = [rg.augment_image(img, np.random.default_rng(seed), max_shift=0) for seed in range(400)]
    mirrored = sum(np.array_equal(o, img[:, ::-1]) for o in outs)
    assert all(np.array_equal(o, img) or np.array_equal(o, img[:, ::-1]) for o in outs)
    assert 160 < mirrored < 240        # 200 expected; the standard deviation is 10
    big = np.arange(1.0, 26.0).reshape(5, 5)
    seen = set()
    for seed in range(300):
        out = rg.augment_image(big, np.random.default_rng(seed), max_shift=1)
        for flip in (False, True):
            src = big[:, ::-1] if flip else big
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    want = np.zeros_like(big)      # a plain loop: out[r + dy, c + dx] = src[r, c]
                    for r in range(5):
                        for c in range(5):
                            if 0 <= r + dy < 5 and 0 <= c + dx < 5:
                                want[r + dy, c + dx] = src[r, c]
                    if np.array_equal(out, want):
                        seen.add((flip, dy, dx))
    assert len(seen) == 18            # every flip and every shift in [-1, 1]^2 occurred


def test_augment_image_rejects_a_non_image():
    with pytest.raises(ValueError, match=r"image must be \(height, width\)"):
        rg.augment_image(np.ones(4), np.random.default_rng(0))


# ---------------------------------------------------------------- ridge regression and the figures

def test_ridge_fit_is_a_stationary_point_of_its_objective():
    x, y = rg.noisy_sine(15, seed=3)
    Phi = rg.polynomial_features(x, 5)
    lam = 0.01

    def objective(w):
        return np.mean((Phi @ w - y) ** 2) + rg.l2_penalty(w[1:], lam)

    w = rg.ridge_fit(Phi, y, lam)
    np.testing.assert_allclose(central_difference(objective, w), 0.0, atol=1e-7)
    # ...and it matches the normal equations with (n lam / 2) on the diagonal, intercept free.
    D = np.eye(6)
    D[0, 0] = 0
    np.testing.assert_allclose(w, np.linalg.solve(Phi.T @ Phi + len(y) * lam / 2 * D, Phi.T @ y), rtol=1e-6)


def test_ridge_without_penalty_is_least_squares_and_a_huge_penalty_leaves_the_mean():
    x, y = rg.noisy_sine(12, seed=4)
    Phi = rg.polynomial_features(x, 3)
    np.testing.assert_allclose(rg.ridge_fit(Phi, y, 0.0), np.linalg.lstsq(Phi, y, rcond=None)[0])
    w = rg.ridge_fit(Phi, y, 1e9)
    assert w[0] == pytest.approx(y.mean(), abs=1e-6) and np.max(np.abs(w[1:])) < 1e-6


def test_mse_and_the_noisy_sine_data():
    # ((1 - 1)^2 + (2 - 4)^2 + (0 - 3)^2) / 3 = 13 / 3.
    assert rg.mse(np.array([1.0, 2.0, 0.0]), np.array([1.0, 4.0, 3.0])) == pytest.approx(13 / 3)
    # The data replayed with NumPy's generator: sorted uniforms on [-1, 1], then sin(pi x) plus
    # 0.2 times standard normal noise; seed 0 and noise 0.2 are the defaults.
    rng = np.random.default_rng(0)
    x_ref = np.sort(rng.uniform(-1.0, 1.0, 6))
    y_ref = np.sin(np.pi * x_ref) + 0.2 * rng.normal(size=6)
    x6, y6 = rg.noisy_sine(6)
    np.testing.assert_allclose(x6, x_ref, rtol=1e-15)
    np.testing.assert_allclose(y6, y_ref, rtol=1e-13)
    x, y = rg.noisy_sine(400, noise=0.2, seed=5)
    assert np.all(np.diff(x) >= 0) and x.min() >= -1 and x.max() <= 1
    resid = y - np.sin(np.pi * x)
    assert abs(resid.mean()) < 0.05 and resid.std() == pytest.approx(0.2, rel=0.15)


def test_polynomial_features_rejects_a_negative_degree():
    with pytest.raises(ValueError, match="degree must be >= 0"):
        rg.polynomial_features(np.ones(3), -1)


def test_the_figures_story_holds():
    """The page's prose: 20 training points, 200 validation points, degree 12; validation error
    falls then rises with lambda, training error only grows; without a penalty validation error
    explodes at high degree, with the fixed penalty it stays low."""
    assert rg.TRAIN["n"] == 20 and rg.VALID["n"] == 200
    lams = np.logspace(-9, 1, 41)
    errors = np.array([rg.train_val_errors(12, lam) for lam in lams])
    best = np.argmin(errors[:, 1])
    assert 0 < best < len(lams) - 1
    assert errors[best, 1] < errors[0, 1] / 10 and errors[best, 1] < errors[-1, 1] / 5
    assert np.all(np.diff(errors[:, 0]) >= -1e-9)  # training error never falls as lambda grows
    plain = [rg.train_val_errors(d, 0.0)[1] for d in range(16)]
    ridge = [rg.train_val_errors(d, 1e-3)[1] for d in range(16)]
    assert max(plain) > 100 and max(ridge) < 1


# ---------------------------------------------------------------- transcripts

@pytest.mark.parametrize("fn", [rg.worked_example_weight_decay, rg.worked_example_l1,
                                rg.worked_example_dropout, rg.worked_example_early_stopping,
                                rg.worked_example_batch_norm, rg.worked_example_layer_norm])
def test_transcripts_are_name_value_pairs(fn):
    t = fn()
    assert len(t) >= 10
    for name, value in t:
        assert isinstance(name, str) and np.all(np.isfinite(np.asarray(value, dtype=float)))


def test_main_prints_every_transcript(capsys):
    rg.main()
    out = capsys.readouterr().out
    assert out.count("# worked_example_") == 6


# ==========================================================================================
# Issue 7 (whole-page checking): weight decay with momentum, the normalization deep dive,
# and the transcripts the page's checker reads outside the worked examples.


def pytorch_sgd_momentum(w0, grads_fn, lr, lam, mu, steps):
    """SGD with momentum and weight_decay as PyTorch's documented algorithm writes it:
    g <- grad + lam * w; b_1 = g, b_t = mu * b_{t-1} + g; w <- w - lr * b. Plain Python."""
    w, b, out = float(w0), None, []
    for _ in range(steps):
        g = grads_fn(w) + lam * w
        b = g if b is None else mu * b + g
        w = w - lr * b
        out.append(w)
    return out


def test_momentum_l2_step_is_pytorchs_sgd_with_weight_decay():
    grad = lambda w: 3.0 * (w - 0.7)  # noqa: E731 - loss 1.5 (w - 0.7)^2
    expected = pytorch_sgd_momentum(2.0, grad, lr=0.05, lam=0.3, mu=0.8, steps=6)
    w, v = np.array([2.0]), np.zeros(1)
    for want in expected:
        w, v = rg.momentum_decay_step(w, v, grad(w), lr=0.05, lam=0.3, momentum=0.8)
        assert float(w[0]) == pytest.approx(want, rel=1e-12)


def test_momentum_decay_by_hand_on_the_pages_numbers():
    # One weight w = 1, grad L = 0, lr 0.1, lam 0.2, momentum 0.9.
    # L2 in the gradient: v1 = 0.2,             w1 = 1 - 0.02        = 0.98
    #                     v2 = 0.18 + 0.196     = 0.376,  w2 = 0.98 - 0.0376   = 0.9424
    #                     v3 = 0.3384 + 0.18848 = 0.52688, w3 = 0.9424 - 0.052688 = 0.889712
    # Decoupled: v stays 0, w_t = 0.98^t = 0.98, 0.9604, 0.941192.
    l2, dec = rg.momentum_decay_trajectories()
    np.testing.assert_allclose(l2, [0.98, 0.9424, 0.889712], rtol=1e-12)
    np.testing.assert_allclose(dec, [0.98, 0.9604, 0.941192], rtol=1e-12)
    t = rg.claims_momentum_decay()
    assert [v for n, v in t if n == "step"] == [1, 2, 3]
    assert [v for n, v in t if n == "w, L2 in the gradient"] == pytest.approx([0.98, 0.9424, 0.889712])


def test_decoupled_momentum_step_against_plain_python_with_a_real_gradient():
    """Decoupled decay with momentum: v <- mu v + grad L (no lam w in it), then the weight is
    shrunk once, w <- (1 - lr lam) w - lr v. Written out in plain Python, with a loss
    1.5 (w - 0.7)^2 whose gradient is not zero, and compared step by step."""
    lr, lam, mu = 0.05, 0.3, 0.8
    w_ref, v_ref = 2.0, 0.0
    w, v = np.array([2.0]), np.zeros(1)
    for _ in range(6):
        grad_ref = 3.0 * (w_ref - 0.7)
        v_ref = mu * v_ref + grad_ref
        w_ref = w_ref - lr * lam * w_ref - lr * v_ref
        w, v = rg.momentum_decay_step(w, v, 3.0 * (w - 0.7), lr=lr, lam=lam, momentum=mu,
                                      decoupled=True)
        assert float(w[0]) == pytest.approx(w_ref, rel=1e-12)
        assert float(v[0]) == pytest.approx(v_ref, rel=1e-12)
    # The page's table: the decoupled column of the transcript is 0.98 ** step.
    t = rg.claims_momentum_decay()
    assert [v for n, v in t if n == "w, decoupled"] == pytest.approx([0.98, 0.98 ** 2, 0.98 ** 3])


def test_without_momentum_both_forms_are_the_plain_weight_decay_step():
    rng = np.random.default_rng(21)
    w, g = rng.normal(size=4), rng.normal(size=4)
    plain = w - 0.1 * (g + 0.3 * w)  # gradient descent on L + (0.3/2) ||w||^2
    for decoupled in (False, True):
        new, _ = rg.momentum_decay_step(w, np.zeros(4), g, lr=0.1, lam=0.3, momentum=0.0,
                                        decoupled=decoupled)
        np.testing.assert_allclose(new, plain, rtol=1e-12)


def test_momentum_decay_rejects_bad_settings():
    for kwargs, message in ((dict(lr=0.0, lam=0.1), "need lr > 0"),
                            (dict(lr=0.1, lam=-1.0), "lam must be >= 0"),
                            (dict(lr=0.1, lam=0.1, momentum=1.0), "momentum in")):
        with pytest.raises(ValueError, match=message):
            rg.momentum_decay_step(np.ones(1), np.zeros(1), np.zeros(1), **kwargs)


def test_normalization_spread_derivative_is_x_hat_over_K():
    """The deep dive: ds/dx_k = x_hat_k / K for s = sqrt(var + eps), not x_hat_k / (K s)."""
    rng = np.random.default_rng(22)
    x, eps = rng.normal(1.0, 3.0, size=6), 1e-5
    K = x.size

    def spread(v):
        return math.sqrt(sum((vi - sum(v) / K) ** 2 for vi in v) / K + eps)

    s = spread(x)
    x_hat = (x - x.mean()) / s
    numeric = central_difference(spread, x)
    np.testing.assert_allclose(numeric, x_hat / K, rtol=1e-6, atol=1e-9)
    assert abs(s - 1.0) > 0.5  # so the wrong formula x_hat / (K s) really differs
    assert not np.allclose(numeric, x_hat / (K * s), rtol=1e-3)


def test_normalization_jacobian_of_the_deep_dive_against_central_differences():
    """d x_hat_l / d x_k = ([l = k] - 1/K) / s - x_hat_l x_hat_k / (K s), entry by entry."""
    rng = np.random.default_rng(23)
    x, eps = rng.normal(size=5), 1e-5
    K = x.size
    s = math.sqrt(x.var() + eps)
    x_hat = (x - x.mean()) / s
    J = (np.eye(K) - 1.0 / K) / s - np.outer(x_hat, x_hat) / (K * s)
    for l in range(K):
        row = central_difference(lambda v, l=l: (v[l] - v.mean()) / math.sqrt(v.var() + eps), x)
        np.testing.assert_allclose(row, J[l], rtol=1e-6, atol=1e-8)


# ---------------------------------------------------------------- Check yourself exercises
# Each expected value is worked out by hand in plain Python, not with the snippet's functions.


def test_exercise_weight_decay_by_hand():
    t = dict(rg.exercise_weight_decay())
    assert t["penalised gradient"] == pytest.approx(0.5 + 0.5 * 2)
    assert t["w_new"] == pytest.approx(2 - 0.1 * 1.5) == pytest.approx(1.85)
    assert t["decay"] == pytest.approx(0.95)
    assert t["decayed w"] - t["lr dL/dw"] == pytest.approx(1.85)


def test_exercise_soft_threshold_by_hand():
    t = rg.exercise_soft_threshold()
    d = dict(t)
    assert d["proposal[0]"] == pytest.approx(0.3) and d["proposal[1]"] == pytest.approx(-1.1)
    assert d["threshold"] == pytest.approx(0.4)
    assert d["w_new[0]"] == 0.0  # |0.3| <= 0.4: exactly zero, not merely small
    assert d["w_new[1]"] == pytest.approx(-0.7)


def test_exercise_dropout_by_hand():
    d = dict(rg.exercise_dropout())
    np.testing.assert_allclose(d["training output"], [4 / 0.8, 8 / 0.8, 0.0, 6 / 0.8])
    np.testing.assert_allclose(d["inference output"], [4, 8, 2, 6])
    assert d["E[output[0]]"] == pytest.approx(4.0)


def test_exercise_batch_norm_by_hand():
    d = dict(rg.exercise_batch_norm())
    assert d["mean"] == pytest.approx(2.0) and d["var"] == pytest.approx(2.0)
    assert d["x_hat[0]"] == pytest.approx(-1 / math.sqrt(2))
    assert d["x_hat[2]"] == pytest.approx(2 / math.sqrt(2))
    assert d["sum"] == pytest.approx(0.0, abs=1e-12)


def test_exercise_early_stopping_by_hand():
    t = rg.exercise_early_stopping()
    stops = [v for k, v in t if k == "stop after"]
    keeps = [v for k, v in t if k == "keep"]
    # patience 2: strikes at epochs 4, then 6 and 7 after the new best at epoch 5
    assert stops == [7, 4] and keeps == [5, 3]
    assert dict(t)["kept loss"] == 0.6
