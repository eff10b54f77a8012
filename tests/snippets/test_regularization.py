"""Tests of snippets/regularization.py, against independent computations."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import regularization as rg
from gradcheck import assert_gradient, central_difference


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
    np.testing.assert_allclose(grad_no_half, 2 * lam_prime * w, rtol=1e-6)
    np.testing.assert_allclose(rg.l2_grad(w, 2 * lam_prime), grad_no_half, rtol=1e-6)
    assert lam_prime * np.sum(w * w) == pytest.approx(rg.l2_penalty(w, 2 * lam_prime))


def test_weight_decay_rejects_a_bad_learning_rate():
    with pytest.raises(ValueError, match="need lr > 0"):
        rg.weight_decay_step(np.ones(2), np.ones(2), 0.0, 0.1)


def test_weight_decay_worked_example_by_hand():
    w, g, lr, lam = [0.5, -1.2, 2.0], [0.1, -0.3, 0.4], 0.1, 0.2
    step = [wi - lr * (gi + lam * wi) for wi, gi in zip(w, g)]
    np.testing.assert_allclose(step, [0.48, -1.146, 1.92])
    decayed = [(1 - lr * lam) * wi - lr * gi for wi, gi in zip(w, g)]
    np.testing.assert_allclose(decayed, step)
    np.testing.assert_allclose(rg.weight_decay_step(np.array(w), np.array(g), lr, lam), step)
    assert lam / 2 * sum(v * v for v in w) == pytest.approx(0.569)


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
    # The L2 version of the same one-weight problem: argmin (1/2)(w - v)^2 + (t/2) w^2 = v / (1 + t).
    l2 = v / (1 + 0.3)
    assert np.all((l2 == 0) == (v == 0))


def test_soft_threshold_rejects_a_negative_threshold():
    with pytest.raises(ValueError, match="must be >= 0"):
        rg.soft_threshold(np.ones(2), -0.1)


def test_l1_worked_example_by_hand():
    w, g, lr, lam = [0.5, -0.03, 0.08, -1.2], [0.2, 0.1, -0.2, -0.4], 0.1, 0.5
    v = [wi - lr * gi for wi, gi in zip(w, g)]
    t = lr * lam
    expected = [math.copysign(max(abs(x) - t, 0.0), x) for x in v]
    np.testing.assert_allclose(expected, [0.43, 0.0, 0.05, -1.11], atol=1e-12)
    np.testing.assert_allclose(rg.l1_proximal_step(np.array(w), np.array(g), lr, lam), expected, atol=1e-12)
    # The subgradient step overshoots zero instead of landing on it.
    sub = [vi - t * math.copysign(1.0, wi) for vi, wi in zip(v, w)]
    assert sub[1] == pytest.approx(0.01) and sub[1] != 0.0


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


def test_dropout_mask_drops_a_fraction_p():
    mask = rg.dropout_mask((200_000,), 0.3, np.random.default_rng(4))
    assert set(np.unique(mask)) == {0.0, 1.0}
    assert 1 - mask.mean() == pytest.approx(0.3, abs=0.005)


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
    t = dict(rg.worked_example_dropout())
    mask = rg.dropout_mask((6,), 0.5, np.random.default_rng(7))
    np.testing.assert_array_equal(mask, t["mask"])
    np.testing.assert_allclose(t["train output"], [x * m * 2 for x, m in zip(rg.EX_A, mask)])
    assert t["E[train output[0]]"] == pytest.approx(rg.EX_A[0])
    np.testing.assert_allclose(t["mean of samples"], rg.EX_A, rtol=0.02)


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
    """On a quadratic, T gradient steps from zero shrink each eigen-direction by 1 - (1 - lr h)^T;
    L2 with lambda = 1/(lr T) shrinks it by h / (h + lambda). The two stay within 0.21."""
    lr, T = 0.01, 200
    h = np.logspace(-4, 1.5, 400)  # curvatures, all with lr * h < 1
    gd = 1 - (1 - lr * h) ** T
    ridge = h / (h + 1 / (lr * T))
    assert np.max(np.abs(gd - ridge)) < 0.21
    assert gd[0] == pytest.approx(ridge[0], rel=0.01) and gd[-1] == pytest.approx(ridge[-1], abs=0.02)


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
    mu = [sum(c) / 4 for c in cols]
    var = [sum((v - m) ** 2 for v in c) / 4 for c, m in zip(cols, mu)]
    assert mu == [2, 0, 2] and var == [1, 4, 9]
    Y, _, _ = rg.batch_norm_train(np.array(X, float), np.array(gamma), np.array(beta), eps)
    for i in range(4):
        for j in range(3):
            y = gamma[j] * (X[i][j] - mu[j]) / math.sqrt(var[j] + eps) + beta[j]
            assert Y[i, j] == pytest.approx(y)
    # The page: eps moves the exact +-1 of the first two columns by less than 0.00001.
    X_hat = (np.array(X, float) - mu) / np.sqrt(np.array(var) + eps)
    assert np.max(np.abs(X_hat[:, :2] - np.round(X_hat[:, :2]))) < 1e-5
    # Running statistics (PyTorch): start 0 and 1, momentum 0.1, unbiased variance.
    run_mean = [0.9 * 0 + 0.1 * m for m in mu]
    run_var = [0.9 * 1 + 0.1 * v * 4 / 3 for v in var]
    t = dict(rg.worked_example_batch_norm())
    np.testing.assert_allclose(t["running mean"], run_mean)
    np.testing.assert_allclose(t["running var"], run_var)
    y_inf = [gamma[j] * (X[0][j] - run_mean[j]) / math.sqrt(run_var[j] + eps) + beta[j] for j in range(3)]
    np.testing.assert_allclose(t["y (inference)"].ravel(), y_inf)


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


def test_running_stats_reject_bad_input():
    with pytest.raises(ValueError, match="need 0 <= rho <= 1"):
        rg.update_running_stats(0.0, 1.0, 0.0, 1.0, n=4, rho=1.5)
    with pytest.raises(ValueError, match="n >= 2"):
        rg.update_running_stats(0.0, 1.0, 0.0, 0.0, n=1)


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
    row = [1.0, -2.0, -3.0]
    mu = sum(row) / 3
    var = sum((v - mu) ** 2 for v in row) / 3
    assert (1 - mu) / math.sqrt(var + 1e-5) == pytest.approx(1.3728, abs=5e-5)
    # Rows two and four: (3, -2, 3) = 5 * (3, 2, 3) - 12, so layer norm maps them alike.
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
