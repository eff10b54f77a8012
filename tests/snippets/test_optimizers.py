"""Tests of snippets/optimizers.py, against independent computations.

The reference loops here use plain Python floats and math.sqrt, one coordinate at a
time, written from the formulas on the page, so they share no code with the snippet.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

import optimizers as op
from gradcheck import assert_gradient, central_difference
from transcript_check import check, each, entries, near

RNG_SEEDS = [0, 1, 2]


# --------------------------------------------------------------------------
# Gradients used on the page, against central differences


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_quadratic_grad_matches_central_differences(seed):
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.1, 20, size=4)
    w = rng.normal(size=4)
    assert_gradient(lambda x: op.quadratic_loss(x, a), lambda x: op.quadratic_grad(x, a), w)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_mse_grad_matches_central_differences(seed):
    rng = np.random.default_rng(seed)
    X, y, w = rng.normal(size=(7, 3)), rng.normal(size=7), rng.normal(size=3)
    assert_gradient(lambda x: op.mse_loss(x, X, y), lambda x: op.mse_grad(x, X, y), w)


def test_quadratic_loss_by_hand():
    assert op.quadratic_loss([1.0, 1.0]) == 0.5 * (1 + 10)
    assert op.quadratic_loss([3.0], [4.0]) == 0.5 * 4 * 9


# --------------------------------------------------------------------------
# Plain gradient descent: closed form, divergence, the sign


@pytest.mark.parametrize("lr", [0.01, 0.05, 0.1, 0.15, 0.19])
def test_gradient_descent_on_a_quadratic_has_a_closed_form(lr):
    a, w0 = np.array([1.0, 10.0]), np.array([1.5, -0.7])
    path = op.optimize(op.sgd_step, lambda w: op.quadratic_grad(w, a), w0, 20, lr=lr)
    for t in range(21):
        expected = [(1 - lr * a[i]) ** t * w0[i] for i in range(2)]
        np.testing.assert_allclose(path[t], expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("a", [1.0, 4.0, 10.0, 250.0])
def test_gradient_descent_diverges_exactly_past_two_over_a(a):
    grad = lambda w: op.quadratic_grad(w, [a])  # noqa: E731
    def final(lr):
        return abs(op.optimize(op.sgd_step, grad, [1.0], 200, lr=lr)[-1, 0])
    limit = 2 / a
    assert final(0.95 * limit) < 1e-3          # below: converges, flipping sign
    assert final(limit) == pytest.approx(1.0)  # at the limit: bounces between 1 and -1
    assert final(1.01 * limit) > 5             # just above: runs away
    assert final(1.5 * limit) > 1e10


def test_in_many_dimensions_the_steepest_direction_sets_the_limit():
    a = np.array([1.0, 10.0, 100.0])
    grad = lambda w: op.quadratic_grad(w, a)  # noqa: E731
    ok = op.optimize(op.sgd_step, grad, np.ones(3), 300, lr=0.019)[-1]
    bad = op.optimize(op.sgd_step, grad, np.ones(3), 300, lr=0.021)[-1]
    assert np.all(np.abs(ok) < 0.01) and abs(bad[2]) > 1e3
    assert abs(bad[0]) < 1e-2  # the gentle directions were fine; the steep one blew up


def test_adding_the_gradient_is_ascent_and_raises_the_loss():
    """The sign error: w + lr * g climbs the loss."""
    w = np.array([1.0, 1.0])
    g = op.quadratic_grad(w)
    down, _ = op.sgd_step(w, g, lr=0.05)
    up = w + 0.05 * g
    assert op.quadratic_loss(down) < op.quadratic_loss(w) < op.quadratic_loss(up)


# --------------------------------------------------------------------------
# Momentum and Nesterov


def _momentum_by_hand(w0, grad, lr, beta, steps):
    w, v, out = list(w0), [0.0] * len(w0), [list(w0)]
    for _ in range(steps):
        g = grad(np.array(w))
        v = [beta * vi + gi for vi, gi in zip(v, g)]
        w = [wi - lr * vi for wi, vi in zip(w, v)]
        out.append(w)
    return np.array(out)


@pytest.mark.parametrize("lr, beta", [(0.1, 0.9), (0.01, 0.5), (0.05, 0.0)])
def test_momentum_matches_a_hand_written_loop(lr, beta):
    grad = lambda w: op.quadratic_grad(w, [1.0, 10.0])  # noqa: E731
    got = op.optimize(op.momentum_step, grad, [1.0, -2.0], 25, lr=lr, beta=beta)
    np.testing.assert_allclose(got, _momentum_by_hand([1.0, -2.0], grad, lr, beta, 25), rtol=1e-12)


def test_momentum_on_a_parabola_is_a_linear_recurrence():
    """(w_t, v_t) = M (w_{t-1}, v_{t-1}) with a fixed 2x2 matrix: compare with matrix powers."""
    a, lr, beta = 3.0, 0.1, 0.8
    M = np.array([[1 - lr * a, -lr * beta], [a, beta]])
    path = op.optimize(op.momentum_step, lambda w: op.quadratic_grad(w, [a]), [1.0], 15,
                       lr=lr, beta=beta)
    for t in range(16):
        assert path[t, 0] == pytest.approx((np.linalg.matrix_power(M, t) @ [1.0, 0.0])[0], abs=1e-12)


def test_momentum_with_zero_beta_is_plain_gradient_descent():
    grad = op.quadratic_grad
    a = op.optimize(op.momentum_step, grad, [1.0, 1.0], 10, lr=0.05, beta=0.0)
    b = op.optimize(op.sgd_step, grad, [1.0, 1.0], 10, lr=0.05)
    np.testing.assert_allclose(a, b)


def test_constant_gradient_velocity_tends_to_g_over_one_minus_beta():
    """The page: velocity approaches g / (1 - beta), ten times g for beta = 0.9."""
    g, state = np.array([2.0, -1.0]), None
    for _ in range(400):
        _, state = op.momentum_step(np.zeros(2), g, state, lr=0.1, beta=0.9)
    np.testing.assert_allclose(state["v"], g / (1 - 0.9))
    np.testing.assert_allclose(state["v"], 10 * g)   # 1 / (1 - 0.9) = 10: ten times g


def test_ema_form_of_momentum_is_the_same_with_a_rescaled_learning_rate():
    lr, beta = 0.02, 0.9
    grad = lambda w: op.quadratic_grad(w, [1.0, 10.0])  # noqa: E731
    w, m = np.array([1.0, 1.0]), np.zeros(2)
    ema = [w]
    for _ in range(20):
        m = beta * m + (1 - beta) * grad(w)
        w = w - lr / (1 - beta) * m
        ema.append(w)
    np.testing.assert_allclose(op.optimize(op.momentum_step, grad, [1.0, 1.0], 20, lr=lr, beta=beta),
                               ema, rtol=1e-12)


def test_nesterov_equals_the_classic_look_ahead_formulation():
    """Classic: v_t = beta v + grad(w - lr beta v), w_t = w - lr v_t; compare at u = w - lr beta v."""
    a, lr, beta = [1.0, 10.0], 0.05, 0.9
    grad = lambda w: op.quadratic_grad(w, a)  # noqa: E731
    w, v = np.array([1.0, -1.0]), np.zeros(2)
    look_ahead = [w - lr * beta * v]
    for _ in range(30):
        v = beta * v + grad(w - lr * beta * v)
        w = w - lr * v
        look_ahead.append(w - lr * beta * v)
    got = op.optimize(op.nesterov_step, grad, [1.0, -1.0], 30, lr=lr, beta=beta)
    np.testing.assert_allclose(got, look_ahead, rtol=1e-10, atol=1e-14)


def test_nesterov_overshoots_less_than_classical_momentum():
    grad = lambda w: op.quadratic_grad(w, [1.0])  # noqa: E731
    heavy = op.optimize(op.momentum_step, grad, [1.0], 60, lr=0.1, beta=0.9)[:, 0]
    nest = op.optimize(op.nesterov_step, grad, [1.0], 60, lr=0.1, beta=0.9)[:, 0]
    assert -nest.min() < -heavy.min()  # smaller swing past the minimum


# --------------------------------------------------------------------------
# AdaGrad and RMSProp


def test_adagrad_matches_a_hand_written_loop_and_shrinks_like_one_over_root_t():
    lr, eps = 0.3, 1e-8
    rng = np.random.default_rng(5)
    grads = rng.normal(size=(12, 3))
    w, state = np.zeros(3), None
    G, ref = [0.0] * 3, [0.0] * 3
    for g in grads:
        w, state = op.adagrad_step(w, g, state, lr=lr, eps=eps)
        for i in range(3):
            G[i] += g[i] ** 2
            ref[i] -= lr * g[i] / (math.sqrt(G[i]) + eps)
    np.testing.assert_allclose(w, ref, rtol=1e-12)
    # A constant gradient: the t-th step is lr / sqrt(t).
    path = op.optimize(op.adagrad_step, lambda w: np.array([1.0]), [0.0], 100, lr=1.0)[:, 0]
    steps = -np.diff(path)
    np.testing.assert_allclose(steps, [1 / math.sqrt(t) for t in range(1, 101)], rtol=1e-7)
    assert steps[99] == pytest.approx(steps[0] / 10, rel=1e-6)  # interview answer: a tenth after 100


def test_rmsprop_matches_a_hand_written_loop():
    lr, rho, eps = 0.01, 0.9, 1e-8
    rng = np.random.default_rng(6)
    grads = rng.normal(size=(15, 2)) * [1.0, 100.0]
    w, state = np.ones(2), None
    s, ref = [0.0, 0.0], [1.0, 1.0]
    for g in grads:
        w, state = op.rmsprop_step(w, g, state, lr=lr, rho=rho, eps=eps)
        for i in range(2):
            s[i] = rho * s[i] + (1 - rho) * g[i] ** 2
            ref[i] -= lr * g[i] / (math.sqrt(s[i]) + eps)
    np.testing.assert_allclose(w, ref, rtol=1e-12)


def test_rmsprop_step_size_recovers_where_adagrad_does_not():
    """After a burst of huge gradients, RMSProp forgets it; AdaGrad never does."""
    burst = [np.array([100.0])] * 20 + [np.array([1.0])] * 200
    w_ada, w_rms, s_ada, s_rms = np.zeros(1), np.zeros(1), None, None
    for g in burst:
        new_ada, s_ada = op.adagrad_step(w_ada, g, s_ada, lr=0.1)
        new_rms, s_rms = op.rmsprop_step(w_rms, g, s_rms, lr=0.1, rho=0.9)
        last_ada, last_rms = w_ada - new_ada, w_rms - new_rms
        w_ada, w_rms = new_ada, new_rms
    assert last_rms[0] == pytest.approx(0.1, rel=1e-3)  # back to about lr per step
    assert last_ada[0] < 0.003


# --------------------------------------------------------------------------
# Adam and AdamW


def _adam_by_hand(w0, grads, lr, b1, b2, eps, decoupled=0.0):
    w = list(w0)
    m, v = [0.0] * len(w), [0.0] * len(w)
    for t, g in enumerate(grads, start=1):
        for i in range(len(w)):
            m[i] = b1 * m[i] + (1 - b1) * g[i]
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
            m_hat = m[i] / (1 - b1 ** t)
            v_hat = v[i] / (1 - b2 ** t)
            w[i] = w[i] - lr * (m_hat / (math.sqrt(v_hat) + eps) + decoupled * w[i])
    return w


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_adam_matches_a_hand_written_loop(seed):
    rng = np.random.default_rng(seed)
    grads = rng.normal(size=(40, 3)) * [0.001, 1.0, 1000.0]
    w, state = np.array([0.5, -0.5, 2.0]), None
    for g in grads:
        w, state = op.adam_step(w, g, state, lr=0.01, beta1=0.8, beta2=0.99, eps=1e-8)
    ref = _adam_by_hand([0.5, -0.5, 2.0], grads, 0.01, 0.8, 0.99, 1e-8)
    np.testing.assert_allclose(w, ref, rtol=1e-10)
    assert state["t"] == 40


@pytest.mark.parametrize("scale", [1e-4, 1.0, 3.0, 1e4])
def test_adam_first_step_is_lr_times_the_sign_of_the_gradient(scale):
    g = np.array([2.0, -0.5, 7.0, -30.0]) * scale
    w, _ = op.adam_step(np.zeros(4), g, lr=0.01)
    np.testing.assert_allclose(w, -0.01 * g / (np.abs(g) + 1e-8), rtol=1e-12)
    np.testing.assert_allclose(w, -0.01 * np.sign(g), rtol=1e-3)  # epsilon shows at tiny scales


def test_adam_ignores_the_scale_of_the_loss():
    grad = lambda w: op.quadratic_grad(w, [1.0, 10.0])  # noqa: E731
    a = op.optimize(op.adam_step, grad, [1.0, 1.0], 30, lr=0.05)
    b = op.optimize(op.adam_step, lambda w: 1000.0 * grad(w), [1.0, 1.0], 30, lr=0.05)
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-8)


def test_bias_corrected_moments_are_exact_for_a_constant_gradient():
    g, state, w = np.array([0.3, -4.0]), None, np.zeros(2)
    for t in range(1, 30):
        w, state = op.adam_step(w, g, state, lr=0.001)
        np.testing.assert_allclose(state["m"] / (1 - 0.9**t), g, rtol=1e-12)
        np.testing.assert_allclose(state["v"] / (1 - 0.999**t), g * g, rtol=1e-12)


def test_expected_first_moment_is_one_minus_beta1_to_the_t_times_the_mean():
    """E[m_t] = (1 - beta1^t) E[g], estimated from 20,000 random gradient sequences."""
    rng = np.random.default_rng(7)
    mean, beta1, runs = 2.0, 0.9, 20_000
    grads = rng.normal(mean, 1.0, size=(runs, 10))
    m = np.zeros(runs)
    for t in range(1, 11):
        _, state = op.adam_step(np.zeros(runs), grads[:, t - 1], {"t": t - 1, "m": m, "v": np.zeros(runs)},
                                beta1=beta1)
        m = state["m"]
        assert m.mean() == pytest.approx((1 - beta1**t) * mean, rel=0.02)


def test_without_bias_correction_the_first_step_is_3_16_times_too_large():
    """The page and an interview answer: lr * (1 - beta1) / sqrt(1 - beta2) = 3.16 lr.

    After one Adam step m = 0.1 g and v = 0.001 g^2, whatever g is, so the uncorrected step
    lr * m / sqrt(v) is lr * 0.1 / sqrt(0.001) = 3.1623 lr, while the corrected one is lr."""
    for g in (5.0, -0.02, 300.0):
        w, state = op.adam_step(np.array([0.0]), np.array([g]), lr=0.1)
        uncorrected = 0.1 * state["m"][0] / math.sqrt(state["v"][0])
        assert abs(uncorrected) == pytest.approx(0.1 * 3.16228, rel=1e-5) and abs(uncorrected) > 3 * 0.1
        assert abs(w[0]) == pytest.approx(0.1, rel=1e-6)
    assert dict(op.worked_example())["uncorrected step"] == pytest.approx(0.1 * 3.16228, rel=1e-5)


def test_self_contained_adam_update_equals_adam_step():
    """The interview answer's adam_update follows the same path as adam_step."""
    rng = np.random.default_rng(12)
    w1 = w2 = rng.normal(size=4)
    m, v, state = np.zeros(4), np.zeros(4), None
    for t in range(1, 31):
        g = rng.normal(size=4) * 10.0 ** rng.integers(-3, 3, size=4)
        g_copy, m_copy = g.copy(), m.copy()
        w1, m, v = op.adam_update(w1, g, m, v, t, lr=0.01)
        w2, state = op.adam_step(w2, g, state, lr=0.01)
        np.testing.assert_array_equal(g, g_copy)
        assert t == 1 or not np.array_equal(m, m_copy)
        np.testing.assert_allclose(w1, w2, rtol=1e-13)
        np.testing.assert_allclose(m, state["m"], rtol=1e-13)
        np.testing.assert_allclose(v, state["v"], rtol=1e-13)


def test_starting_the_adam_counter_at_zero_divides_by_zero():
    """The interview answer's common bug: t = 0 makes 1 - beta**0 = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        w, _, _ = op.adam_update(np.ones(2), np.ones(2), np.zeros(2), np.zeros(2), t=0)
    assert not np.all(np.isfinite(w))


def test_adamw_matches_a_hand_written_loop():
    rng = np.random.default_rng(8)
    grads = rng.normal(size=(25, 2))
    w, state = np.array([1.0, -2.0]), None
    for g in grads:
        w, state = op.adamw_step(w, g, state, lr=0.01, weight_decay=0.1)
    ref = _adam_by_hand([1.0, -2.0], grads, 0.01, 0.9, 0.999, 1e-8, decoupled=0.1)
    np.testing.assert_allclose(w, ref, rtol=1e-10)


def test_adamw_with_zero_gradient_decays_geometrically():
    """A weight the loss ignores: AdamW gives w_t = (1 - lr*lambda)^t w_0 exactly."""
    lr, lam = 0.1, 0.01
    path = op.optimize(op.adamw_step, lambda w: np.zeros_like(w), [1.0, -3.0], 50, lr=lr,
                       weight_decay=lam)
    for t in range(51):
        np.testing.assert_allclose(path[t], np.array([1.0, -3.0]) * (1 - lr * lam) ** t, rtol=1e-12)


def test_adamw_is_not_adam_with_l2():
    lam, lr = 0.01, 0.1
    w0 = np.array([1.0, 1.0])
    loss_grad = lambda w: np.array([0.0, 10.0 * w[1]])  # noqa: E731 - the first weight is idle
    adamw = op.optimize(op.adamw_step, loss_grad, w0, 20, lr=lr, weight_decay=lam)
    l2 = op.optimize(op.adam_step, lambda w: loss_grad(w) + lam * w, w0, 20, lr=lr)
    assert not np.allclose(adamw, l2)
    # With L2 the idle weight shrinks by about lr per step; with AdamW by the factor 1 - lr*lam.
    assert 1.0 - l2[5, 0] > 0.4
    assert adamw[5, 0] == pytest.approx((1 - lr * lam) ** 5)
    # With no decay the two coincide.
    np.testing.assert_allclose(op.optimize(op.adamw_step, loss_grad, w0, 20, lr=lr, weight_decay=0.0),
                               op.optimize(op.adam_step, loss_grad, w0, 20, lr=lr))


def test_in_sgd_l2_and_weight_decay_are_the_same():
    """(w - lr (g + lam w)) equals (1 - lr lam) w - lr g: the identity the page states for SGD."""
    rng = np.random.default_rng(9)
    w, g, lr, lam = rng.normal(size=5), rng.normal(size=5), 0.03, 0.2
    l2, _ = op.sgd_step(w, g + lam * w, lr=lr)
    np.testing.assert_allclose(l2, (1 - lr * lam) * w - lr * g)


def test_adamw_worked_example_by_hand():
    """Adam + L2 moves the idle weight by about 0.1, AdamW by 0.001; the busy weight's L2 term
    is a thousand times smaller than its gradient."""
    t = dict(op.worked_example_adamw())
    assert t["first weight, L2"] == pytest.approx(0.1, abs=1e-6)
    assert t["first weight, AdamW"] == pytest.approx(0.001, abs=1e-12)
    assert t["first weight, L2"] / t["first weight, AdamW"] == pytest.approx(100, rel=1e-5)
    assert op.ADAMW_G[1] / (op.ADAMW_LAMBDA * op.ADAMW_W[1]) == pytest.approx(1000)
    w_l2, _ = op.adam_step(op.ADAMW_W, op.ADAMW_G + op.ADAMW_LAMBDA * op.ADAMW_W, lr=0.1)
    w_plain, _ = op.adam_step(op.ADAMW_W, op.ADAMW_G, lr=0.1)
    assert w_l2[1] == pytest.approx(w_plain[1], abs=1e-8)  # the busy weight: not decayed at all


def test_a_learning_rate_of_zero_is_allowed_and_changes_nothing():
    w, g = np.array([1.0, -2.0]), np.array([3.0, 4.0])
    for step in (op.sgd_step, op.momentum_step, op.nesterov_step, op.adagrad_step, op.rmsprop_step,
                 op.adam_step, op.adamw_step):
        new, _ = step(w, g, None, lr=0.0)
        np.testing.assert_array_equal(new, w)


def test_the_documented_defaults_of_every_step():
    """The defaults the docstrings' examples rely on (sgd and momentum 0.1, RMSProp 0.01, ...)."""
    import inspect

    def defaults(fn):
        return {k: v.default for k, v in inspect.signature(fn).parameters.items()
                if v.default is not inspect.Parameter.empty and k != "state"}
    assert defaults(op.sgd_step) == {"lr": 0.1}
    assert defaults(op.momentum_step) == defaults(op.nesterov_step) == {"lr": 0.1, "beta": 0.9}
    assert defaults(op.adagrad_step) == {"lr": 0.1, "eps": 1e-8}
    assert defaults(op.rmsprop_step) == {"lr": 0.01, "rho": 0.9, "eps": 1e-8}
    assert defaults(op.adamw_step) == {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                                       "weight_decay": 0.01}
    assert defaults(op.adam_update) == {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    assert defaults(op.minibatches) == defaults(op.minibatch_sgd) == {"seed": 0}
    assert defaults(op.step_decay) == {"drop": 0.5, "every": 30}
    # Behaviour with the defaults: one plain step from (1, 1) with g = (1, 10) is (0.9, 0).
    np.testing.assert_allclose(op.sgd_step(np.ones(2), np.array([1.0, 10.0]))[0], [0.9, 0.0])


def test_adamw_passes_its_own_betas_and_eps_to_adam():
    rng = np.random.default_rng(10)
    grads = rng.normal(size=(15, 3))
    w, state = np.array([0.3, -1.0, 2.0]), None
    for g in grads:
        w, state = op.adamw_step(w, g, state, lr=0.05, beta1=0.5, beta2=0.9, eps=0.1, weight_decay=0.2)
    ref = _adam_by_hand([0.3, -1.0, 2.0], grads, 0.05, 0.5, 0.9, 0.1, decoupled=0.2)
    np.testing.assert_allclose(w, ref, rtol=1e-12)


def test_adam_defaults_are_the_usual_values():
    import inspect
    params = inspect.signature(op.adam_step).parameters
    assert (params["lr"].default, params["beta1"].default, params["beta2"].default,
            params["eps"].default) == (0.001, 0.9, 0.999, 1e-8)


def test_adam_keeps_two_arrays_of_state_per_parameter_and_momentum_one():
    """The deep dive: Adam stores two extra numbers per weight, momentum one, SGD none."""
    w, g = np.ones(6), np.ones(6)
    def arrays(state):
        return sum(np.size(x) for x in state.values() if np.ndim(x) > 0)
    assert arrays(op.sgd_step(w, g)[1]) == 0
    assert arrays(op.momentum_step(w, g)[1]) == 6
    assert arrays(op.adam_step(w, g)[1]) == 2 * 6


# --------------------------------------------------------------------------
# Everything converges on the bowl, and nothing is modified in place


@pytest.mark.parametrize("step, hyper, steps", [
    (op.sgd_step, {"lr": 0.15}, 200),
    (op.momentum_step, {"lr": 0.05, "beta": 0.5}, 200),
    (op.nesterov_step, {"lr": 0.05, "beta": 0.9}, 300),
    (op.adagrad_step, {"lr": 0.5}, 500),
    (op.rmsprop_step, {"lr": 0.002}, 2000),
    (op.adam_step, {"lr": 0.02}, 1500),
    (op.adamw_step, {"lr": 0.02, "weight_decay": 0.01}, 1500),
])
def test_every_optimizer_converges_on_the_quadratic(step, hyper, steps):
    path = op.optimize(step, op.quadratic_grad, [1.0, 1.0], steps, **hyper)
    assert op.quadratic_loss(path[-1]) < 1e-4
    assert op.quadratic_loss(path[-1]) < 1e-3 * op.quadratic_loss(path[0])


@pytest.mark.parametrize("step", [op.sgd_step, op.momentum_step, op.nesterov_step, op.adagrad_step,
                                  op.rmsprop_step, op.adam_step, op.adamw_step])
def test_steps_are_pure(step):
    w, g = np.array([1.0, 2.0]), np.array([0.5, -0.5])
    _, state = step(w, g, None)
    frozen = {k: np.copy(v) for k, v in state.items()}
    w_copy, g_copy = w.copy(), g.copy()
    a = step(w, g, state)
    b = step(w, g, state)
    np.testing.assert_array_equal(w, w_copy)
    np.testing.assert_array_equal(g, g_copy)
    for k in frozen:
        np.testing.assert_array_equal(state[k], frozen[k])
    np.testing.assert_array_equal(a[0], b[0])


@pytest.mark.parametrize("step", [op.sgd_step, op.momentum_step, op.adam_step, op.adamw_step])
def test_wrong_shapes_are_refused_with_a_clear_message(step):
    with pytest.raises(ValueError, match=r"w has shape \(2,\) but the gradient g has shape \(3,\)"):
        step(np.ones(2), np.ones(3))


def test_bad_hyperparameters_are_refused():
    with pytest.raises(ValueError, match="learning rate must be zero or positive"):
        op.sgd_step(np.ones(2), np.ones(2), lr=-0.1)
    with pytest.raises(ValueError, match=r"beta must be in \[0, 1\)"):
        op.momentum_step(np.ones(2), np.ones(2), beta=1.0)
    with pytest.raises(ValueError, match=r"beta must be in \[0, 1\), got beta=1.0"):
        op.nesterov_step(np.ones(2), np.ones(2), beta=1.0)
    with pytest.raises(ValueError, match=r"beta1 must be in \[0, 1\), got beta1=1.0"):
        op.adam_step(np.ones(2), np.ones(2), beta1=1.0)
    with pytest.raises(ValueError, match=r"beta1 must be in \[0, 1\)"):
        op.adamw_step(np.ones(2), np.ones(2), beta1=-0.5)
    with pytest.raises(ValueError, match=r"beta2 must be in \[0, 1\)"):
        op.adam_step(np.ones(2), np.ones(2), beta2=1.5)
    with pytest.raises(ValueError, match=r"rho must be in \[0, 1\)"):
        op.rmsprop_step(np.ones(2), np.ones(2), rho=-0.1)
    _, state = op.adam_step(np.ones(2), np.ones(2))
    with pytest.raises(ValueError, match=r"state\['m'\] has shape \(2,\) but w has shape \(3,\)"):
        op.adam_step(np.ones(3), np.ones(3), state)


# --------------------------------------------------------------------------
# Batch, mini-batch and stochastic gradient descent


def test_minibatches_partition_the_data():
    for n, b in [(10, 3), (10, 10), (7, 1), (12, 4)]:
        batches = op.minibatches(n, b, seed=3)
        assert sorted(np.concatenate(batches).tolist()) == list(range(n))
        assert all(len(x) == b for x in batches[:-1]) and 1 <= len(batches[-1]) <= b
        assert len(batches) == math.ceil(n / b)


def test_minibatches_reject_bad_sizes():
    with pytest.raises(ValueError, match="batch_size must be between 1 and n=4, got 5"):
        op.minibatches(4, 5)
    with pytest.raises(ValueError, match="batch_size must be between 1 and n=4, got 0"):
        op.minibatches(4, 0)
    assert [b.tolist() for b in op.minibatches(1, 1)] == [[0]]


def test_minibatch_sgd_reshuffles_every_epoch():
    """Each epoch draws a fresh order (seed + epoch); replayed with NumPy's generator directly."""
    X, y = _regression(n=12)
    w, history = op.minibatch_sgd(X, y, np.zeros(3), lr=0.05, batch_size=5, epochs=3, seed=4)
    ref, losses = np.zeros(3), []
    for epoch in range(3):
        order = np.random.default_rng(4 + epoch).permutation(12)
        for k in range(0, 12, 5):
            idx = order[k:k + 5]
            ref = ref - 0.05 * (2 / len(idx)) * X[idx].T @ (X[idx] @ ref - y[idx])
        losses.append(float(np.mean((X @ ref - y) ** 2)))
    np.testing.assert_allclose(w, ref, rtol=1e-12)
    np.testing.assert_allclose(history, losses, rtol=1e-12)


def _regression(seed=0, n=64):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    y = X @ np.array([1.5, -2.0, 0.5]) + 0.1 * rng.normal(size=n)
    return X, y


def test_full_batch_minibatch_sgd_is_batch_gradient_descent():
    X, y = _regression()
    w, _ = op.minibatch_sgd(X, y, np.zeros(3), lr=0.05, batch_size=len(y), epochs=10)
    ref = np.zeros(3)
    for _ in range(10):
        ref = ref - 0.05 * (2 / len(y)) * X.T @ (X @ ref - y)
    np.testing.assert_allclose(w, ref, rtol=1e-12)


def test_equal_minibatch_gradients_average_to_the_full_gradient():
    X, y = _regression()
    w = np.array([0.3, 0.1, -0.2])
    grads = [op.mse_grad(w, X[idx], y[idx]) for idx in op.minibatches(len(y), 8, seed=1)]
    np.testing.assert_allclose(np.mean(grads, axis=0), op.mse_grad(w, X, y), rtol=1e-12)


def test_minibatch_gradient_is_unbiased_and_its_noise_falls_like_one_over_root_b():
    """The page: quadrupling the batch halves the standard error."""
    X, y = _regression(n=200)
    w, full = np.zeros(3), op.mse_grad(np.zeros(3), X, y)
    rng = np.random.default_rng(11)
    spread = {}
    for b in (4, 16):
        draws = np.array([op.mse_grad(w, X[idx], y[idx])
                          for idx in (rng.integers(0, 200, size=b) for _ in range(20_000))])
        np.testing.assert_allclose(draws.mean(axis=0), full, atol=0.05)
        spread[b] = draws.std(axis=0)
    np.testing.assert_allclose(spread[4] / spread[16], 2.0, rtol=0.05)
    # The interview answer: doubling B divides the noise by sqrt 2 = 1.41.
    draws = np.array([op.mse_grad(w, X[idx], y[idx])
                      for idx in (rng.integers(0, 200, size=8) for _ in range(20_000))])
    np.testing.assert_allclose(spread[4] / draws.std(axis=0), 1.41, rtol=0.05)


@pytest.mark.parametrize("batch_size", [1, 8, 64])
def test_minibatch_sgd_reaches_least_squares(batch_size):
    X, y = _regression()
    best = np.linalg.lstsq(X, y, rcond=None)[0]
    lr = {1: 0.005, 8: 0.02, 64: 0.1}[batch_size]
    w, history = op.minibatch_sgd(X, y, np.zeros(3), lr=lr, batch_size=batch_size, epochs=60)
    np.testing.assert_allclose(w, best, atol=0.02)
    assert history[-1] < 1.1 * op.mse_loss(best, X, y) and history[-1] < history[0]


# --------------------------------------------------------------------------
# Schedules


def test_cosine_hits_its_endpoints_and_midpoint_and_decreases():
    assert op.cosine(0, 100, 0.1, 0.001) == pytest.approx(0.1)
    assert op.cosine(100, 100, 0.1, 0.001) == pytest.approx(0.001)
    assert op.cosine(50, 100, 0.1, 0.0) == pytest.approx(0.05)
    values = [op.cosine(t, 100, 0.1) for t in range(101)]
    assert all(b <= a for a, b in zip(values, values[1:]))
    assert op.cosine(25, 100, 0.1) == pytest.approx(0.05 * (1 + math.sqrt(2) / 2))


def test_warmup_and_step_decay_hit_their_endpoints():
    assert op.warmup(0, 10, 0.1) == 0.0
    assert op.warmup(10, 10, 0.1) == pytest.approx(0.1) and op.warmup(500, 10, 0.1) == pytest.approx(0.1)
    assert [op.warmup(t, 4, 1.0) for t in range(5)] == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert op.step_decay(29, 0.1, 0.5, 30) == 0.1 and op.step_decay(30, 0.1, 0.5, 30) == 0.05
    assert op.step_decay(89, 0.1, 0.5, 30) == pytest.approx(0.025)
    assert op.step_decay(90, 0.1, 0.5, 30) == pytest.approx(0.0125)
    # every = 1 drops at every step: 0.1 * 0.5^3 = 0.0125 after three steps; t = 0 is lr0 itself.
    assert [op.step_decay(t, 0.1, 0.5, every=1) for t in range(4)] == \
        pytest.approx([0.1, 0.05, 0.025, 0.0125])
    # The defaults drop by half every 30 steps: 0.1 up to step 29, 0.05 from step 30.
    assert (op.step_decay(29, 0.1), op.step_decay(30, 0.1)) == pytest.approx((0.1, 0.05))


def test_warmup_cosine_is_continuous_and_ends_at_the_minimum():
    values = [op.warmup_cosine(t, 10, 100, 0.1, 0.01) for t in range(101)]
    assert values[0] == 0.0 and values[10] == pytest.approx(0.1) and values[-1] == pytest.approx(0.01)
    assert max(abs(b - a) for a, b in zip(values, values[1:])) <= 0.1 / 10 + 1e-12
    assert op.warmup_cosine(55, 10, 100, 0.1) == pytest.approx(0.05)


def test_the_shortest_schedules():
    # A one-step cosine goes from lr_max to lr_min; a one-step warm-up is lr_max from t = 1 on.
    assert (op.cosine(0, 1, 0.1, 0.01), op.cosine(1, 1, 0.1, 0.01)) == pytest.approx((0.1, 0.01))
    assert (op.warmup(0, 1, 0.1), op.warmup(1, 1, 0.1), op.warmup(7, 1, 0.1)) == pytest.approx((0.0, 0.1, 0.1))
    assert op.warmup_cosine(0, 1, 2, 0.1) == 0.0 and op.warmup_cosine(2, 1, 2, 0.1) == pytest.approx(0.0)


def test_schedules_refuse_bad_steps():
    with pytest.raises(ValueError, match="step t must be between 0 and total=100, got 101"):
        op.cosine(101, 100, 0.1)
    with pytest.raises(ValueError, match="total must be a positive number of steps"):
        op.cosine(0, 0, 0.1)
    with pytest.raises(ValueError, match="need warmup_steps > 0"):
        op.warmup(1, 0, 0.1)
    with pytest.raises(ValueError, match="need every > 0 and t >= 0, got every=0, t=5"):
        op.step_decay(5, 0.1, every=0)
    with pytest.raises(ValueError, match="need every > 0 and t >= 0, got every=30, t=-1"):
        op.step_decay(-1, 0.1)


# --------------------------------------------------------------------------
# The worked examples, by hand


def test_worked_example_by_hand():
    """Two steps of each optimizer on f = (w1^2 + 10 w2^2) / 2, worked out by hand.

    Gradient descent: w1 = (1 - 0.1, 1 - 0.1 * 10) = (0.9, 0), w2 = (0.81, 0);
    f = 0.81 / 2 = 0.405, then 0.6561 / 2 = 0.32805.
    Momentum: v1 = g1 = (1, 10), w1 = (0.9, 0); v2 = 0.9 (1, 10) + (0.9, 0) = (1.8, 9),
    w2 = (0.9 - 0.18, 0 - 0.9) = (0.72, -0.9), f = (0.5184 + 8.1) / 2 = 4.3092.
    Adam: m1 = 0.1 g1, v1 = 0.001 g1^2; corrected they are g1 and g1^2, so each coordinate moves
    by lr: w1 = (0.9, 0.9) (less 1e-9 from eps), f = (0.81 + 8.1) / 2 = 4.455. Then
    m2 = 0.9 (0.1, 1) + 0.1 (0.9, 9) = (0.18, 1.8), v2 = 0.999 (0.001, 0.1) + 0.001 (0.81, 81)
    = (0.001809, 0.1809), corrections 1 - 0.9^2 = 0.19 and 1 - 0.999^2 = 0.001999: both
    coordinates step by 0.1 (0.18 / 0.19) / sqrt(0.001809 / 0.001999) = 0.099588 to 0.800412,
    f = 0.640660 * 11 / 2 = 3.523629."""
    f = lambda w: 0.5 * (w[0] ** 2 + 10 * w[1] ** 2)  # noqa: E731
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    adam1 = _adam_by_hand([1.0, 1.0], [[1.0, 10.0]], lr, b1, b2, eps)
    adam2 = _adam_by_hand([1.0, 1.0], [[1.0, 10.0], [adam1[0], 10 * adam1[1]]], lr, b1, b2, eps)
    m2, v2 = [0.18, 1.8], [0.001809, 0.1809]
    m_hat2, v_hat2 = [m / 0.19 for m in m2], [v / 0.001999 for v in v2]
    t = op.worked_example()
    check(t, {
        "a2": 10.0, "grad: a2": 10.0, "w0": [1.0, 1.0], "lr": 0.1, "beta": 0.9, "beta1": 0.9,
        "beta2": 0.999, "eps": 1e-8, "a1*w1^2 + a2*w2^2": [1.0, 10.0], "f0": 5.5,
        "g1": [1.0, 10.0], "g2": [0.9, 0.0], "v0": [0.0, 0.0], "v1": [1.0, 10.0], "v2": [1.8, 9.0],
        "beta*v1, g2": [[0.9, 0.9], [9.0, 0.0]], "g2[1]": 0.0, "-lr": -0.1, "v2[1]": 9.0,
        "w2 change": -0.9, "g1[1]": 10.0,
        "w new": each([0.9, 0.0], [0.81, 0.0], [0.9, 0.0], [0.72, -0.9], near(adam1, rtol=1e-12),
                      near(adam2, rtol=1e-12)),
        "f": each(0.405, 0.32805, 0.405, 4.3092, 4.455, 3.523629),
        # The two terms a_i w_i^2 of each new f: 0.9^2 = 0.81, 0.81^2 = 0.6561, 0.72^2 = 0.5184,
        # 10 * 0.9^2 = 8.1, and 0.800412^2 = 0.640660 (times 1 and 10) for Adam's second step.
        "a1*w1^2": each(0.81, 0.6561, 0.81, 0.5184, 0.81, adam2[0] ** 2),
        "a2*w2^2": each(0.0, 0.0, 0.0, 8.1, 8.1, 10 * adam2[1] ** 2),
        "gd w1": [0.9, 0.0], "gd f1": 0.405, "gd w2": [0.81, 0.0], "gd f2": 0.32805,
        "momentum w1": [0.9, 0.0], "momentum f1": 0.405, "momentum w2": [0.72, -0.9],
        "momentum f2": 4.3092, "adam w1": near(adam1, rtol=1e-12), "adam f1": near(f(adam1), rtol=1e-12),
        "adam w2": near(adam2, rtol=1e-12), "adam f2": near(f(adam2), rtol=1e-12),
        "m": each([0.1, 1.0], [0.1, 1.0], m2, m2), "m_old": each([0.0, 0.0], [0.1, 1.0]),
        "v_old": each([0.0, 0.0], [0.001, 0.1]), "1-beta1": 0.1, "1-beta2": 0.001,
        "c1": each(0.1, 0.1, 0.19, 0.19), "c2": each(0.001, 0.001, 0.001999, 0.001999),
        "m_hat": each([1.0, 10.0], m_hat2), "v_hat": each([1.0, 100.0], v_hat2),
        "sqrt(v_hat)": each([1.0, 10.0], [math.sqrt(v) for v in v_hat2]),
        "ratio": [m / math.sqrt(v) for m, v in zip(m_hat2, v_hat2)],
        "uncorrected step": 0.1 * 0.1 / math.sqrt(0.001), "lr*g": [0.1, 1.0],
    }, rtol=1e-6)
    # The velocity entries: momentum's (v1, v2), then Adam's second moments, each stated twice.
    assert entries(t, "v") == [pytest.approx(v, rel=1e-6) for v in
                               ([1.0, 10.0], [1.8, 9.0], [0.001, 0.1], [0.001, 0.1], v2, v2)]
    assert entries(t, "adam w2")[0] == pytest.approx([0.800412, 0.800412], abs=1e-6)
    assert entries(t, "adam f2")[0] == pytest.approx(3.523629, abs=1e-6)
    path = op.optimize(op.adam_step, op.quadratic_grad, [1.0, 1.0], 2, lr=lr)
    np.testing.assert_allclose(path[2], adam2, rtol=1e-12)


def test_transcript_is_consistent():
    t = op.worked_example()
    names = [n for n, _ in t]
    assert names[:3] == ["a2", "grad: a2", "w0"]
    values = dict(t)
    np.testing.assert_allclose(values["gd w2"], [0.81, 0.0])
    np.testing.assert_allclose(values["momentum w2"], [0.72, -0.9])
    np.testing.assert_allclose(values["adam w1"], [0.9, 0.9], rtol=1e-7)
    assert values["uncorrected step"] == pytest.approx(0.1 * 0.1 / math.sqrt(0.001))


def test_learning_rate_and_adamw_and_schedule_examples_every_number_by_hand():
    # w_k = (1 - 10 lr)^k: factors 0.9, 0, -0.5, -1.5.
    check(op.worked_example_learning_rate(), {
        "a": 10.0, "w0": 1.0, "2/a": 0.2, "lr": each(0.01, 0.1, 0.15, 0.25),
        "1 - lr*a": each(0.9, 0.0, -0.5, -1.5),
        "w1, w2, w3": each([0.9, 0.81, 0.729], [0.0, 0.0, 0.0], [-0.5, 0.25, -0.125],
                           [-1.5, 2.25, -3.375]),
    }, complete=True, atol=1e-15)
    # Adam's first step is lr * g / (|g| + eps) per coordinate. With L2 the idle weight's gradient
    # is 0.01 * 1: it moves by 0.1 * 0.01 / (0.01 + 1e-8) = 0.0999999; AdamW moves it by
    # lr * lambda * w = 0.001 only, and the busy weight by 0.1 (Adam) + 0.001 (decay).
    first = lambda g: 0.1 * g / (abs(g) + 1e-8)  # noqa: E731
    check(op.worked_example_adamw(), {
        "w": [1.0, 1.0], "g": [0.0, 10.0], "lr": 0.1, "lambda": 0.01, "lambda*w": [0.01, 0.01],
        "g + lambda*w": [0.01, 10.01], "step": [first(0.01), first(10.01)],
        "w new": each([1 - first(0.01), 1 - first(10.01)], [0.999, 1 - first(10.0) - 0.001]),
        "lr*lambda*w": 0.001, "Adam part": [0.0, first(10.0)], "decay part": [0.001, 0.001],
        "first weight, L2": first(0.01), "first weight, AdamW": 0.001,
    }, complete=True, rtol=1e-9)
    # Cosine at 25 of 100: 0.05 (1 + cos(pi/4)) = 0.05 * 1.7071 = 0.085355; at 50: 0.05; at T: 0.
    # Warm-up 3 of 10: 0.1 * 0.3 = 0.03. Warm-up + cosine at 55: 45 of the 90 cosine steps, 0.05.
    # Step decay: 70 // 30 = 2 drops, 0.1 * 0.5^2 = 0.025.
    check(op.worked_example_schedules(), {
        "lr_max": 0.1, "T": 100, "t": each(25, 25, 50, 100, 3, 3, 55, 70, 70), "lr_max/2": 0.05,
        "cos": math.sqrt(2) / 2, "1 + cos": 1 + math.sqrt(2) / 2,
        "cosine(25)": 0.05 * (1 + math.sqrt(2) / 2), "cosine(50)": 0.05, "cosine(T)": 0.0,
        "T_w": 10, "warmup(3)": 0.03, "T - T_w": 90, "t - T_w": 45, "warmup_cosine(55)": 0.05,
        "every": 30, "drops": 2, "lr0": 0.1, "drop": 0.5, "step_decay(70)": 0.025,
    }, complete=True, atol=1e-15)


def test_learning_rate_example_follows_the_closed_form():
    t = op.worked_example_learning_rate()
    rows = [(t[k][1], t[k + 1][1], t[k + 2][1]) for k in range(4, len(t), 3)]
    assert [r[0] for r in rows] == [0.01, 0.1, 0.15, 0.25]
    for lr, factor, ws in rows:
        assert factor == pytest.approx(1 - lr * 10)
        np.testing.assert_allclose(ws, [factor, factor**2, factor**3], atol=1e-15)
    assert [abs(r[1]) < 1 for r in rows] == [True, True, True, False]


def test_schedule_example_by_hand():
    values = dict(op.worked_example_schedules())
    assert values["cosine(25)"] == pytest.approx(0.05 * (1 + math.cos(math.pi / 4)))
    assert values["warmup(3)"] == pytest.approx(0.03)
    assert values["step_decay(70)"] == pytest.approx(0.1 * 0.5**2)


# --------------------------------------------------------------------------
# The figures' claims


def test_narrow_valley_figure_claims():
    """Gradient descent's rate is just under its limit 2/100; after 30 steps Adam is best and
    gradient descent worst in the narrow valley, while on the worked example's bowl gradient
    descent is best."""
    assert op.VALLEY_LR < 2 / op.VALLEY_A.max() and op.VALLEY_A[1] / op.VALLEY_A[0] == 100
    grad = lambda w: op.quadratic_grad(w, op.VALLEY_A)  # noqa: E731
    def final(step, **hyper):
        return op.quadratic_loss(op.optimize(step, grad, op.VALLEY_W0, 30, **hyper)[-1], op.VALLEY_A)
    gd = final(op.sgd_step, lr=op.VALLEY_LR)
    mom = final(op.momentum_step, lr=op.VALLEY_LR, beta=op.BETA)
    adam = final(op.adam_step, lr=op.LR)
    assert adam < mom < gd
    bowl = {name: op.quadratic_loss(op.optimize(step, op.quadratic_grad, op.W0, 30, lr=op.LR)[-1])
            for name, step in [("gd", op.sgd_step), ("mom", op.momentum_step), ("adam", op.adam_step)]}
    assert bowl["gd"] < min(bowl["mom"], bowl["adam"])


def test_central_difference_agrees_on_the_bowl_at_the_example_points():
    for w in ([1.0, 1.0], [0.9, 0.0], [0.72, -0.9]):
        np.testing.assert_allclose(central_difference(op.quadratic_loss, w), op.quadratic_grad(w),
                                   rtol=1e-6, atol=1e-8)


def test_how_long_the_bias_lasts():
    """Page: after one step m is a tenth of the gradient (beta1 = 0.9); without correction
    the distortion of the step lasts for the first few thousand steps (beta2 = 0.999)."""
    _, state = op.adam_step(np.zeros(1), np.array([4.0]))
    assert state["m"][0] == pytest.approx(0.1 * 4.0)
    # A constant gradient for 4000 steps: the uncorrected m / sqrt(v) against the corrected 1.
    # By hand m_t = (1 - 0.9^t) g and v_t = (1 - 0.999^t) g^2, so the ratio is
    # (1 - 0.9^t) / sqrt(1 - 0.999^t): 3.19 at t = 100, 1.26 at t = 1000, 1.009 at t = 4000.
    w, state, ratio = np.zeros(1), None, {}
    for t in range(1, 4001):
        w, state = op.adam_step(w, np.array([4.0]), state, lr=1e-6)
        if t in (100, 1000, 4000):
            ratio[t] = state["m"][0] / math.sqrt(state["v"][0])
    for t, r in ratio.items():
        assert r == pytest.approx((1 - 0.9**t) / math.sqrt(1 - 0.999**t), rel=1e-9)
    assert ratio[100] > 3 and ratio[1000] > 1.2 and abs(ratio[4000] - 1) < 0.02


def test_figure_runs_thirty_steps():
    """The page says the figure continues the worked example for thirty steps."""
    import importlib.util
    from conftest import ROOT
    spec = importlib.util.spec_from_file_location(
        "_fig_optimizers", ROOT / "scripts" / "figure_defs" / "optimizers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.STEPS == 30
    assert set(module.FIGURES) == {"optimizers-paths", "optimizers-learning-rates",
                                   "optimizers-schedules"}


# ==========================================================================
# Issue 7: the page's numbers outside the worked examples (Common mistake, regions)
# Every expected value is hand arithmetic or a closed form, independent of the transcripts.


def _adam_path_by_hand(a, w0, lr, steps, b1=0.9, b2=0.999, eps=1e-8):
    """Adam on f = 1/2 sum a_i w_i^2 in plain floats; returns every point."""
    w, m, v, out = list(w0), [0.0] * len(w0), [0.0] * len(w0), [list(w0)]
    for t in range(1, steps + 1):
        g = [ai * wi for ai, wi in zip(a, w)]
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        v = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v, g)]
        w = [wi - lr * (mi / (1 - b1**t)) / (math.sqrt(vi / (1 - b2**t)) + eps)
             for wi, mi, vi in zip(w, m, v)]
        out.append(w)
    return out


def _bowl(a, w):
    return 0.5 * sum(ai * wi * wi for ai, wi in zip(a, w))


def test_mistake_adding_the_gradient_by_hand():
    """w + 0.1 g multiplies (w1, w2) by (1.1, 2): (1.1, 2) then (1.21, 4);
    f = (1.21 + 10 * 4) / 2 = 20.605, then (1.4641 + 10 * 16) / 2 = 80.73205.
    w - 0.1 g: (0.9, 0) then (0.81, 0): f = 0.405, then 0.32805."""
    values = [v for _, v in op.mistake_adding_the_gradient()]
    assert values[5] == 5.5
    assert values[6:8] == pytest.approx([20.605, 80.73205])
    assert values[11] == pytest.approx(1 + 0.1 * 10)
    assert values[12:14] == pytest.approx([0.405, 0.32805])
    assert values[7] > values[6] > values[5] > values[12] > values[13]


def test_claims_adam_bias_factors_are_geometric_sums():
    """1 - beta^t = (1 - beta) (1 + beta + ... + beta^(t-1)), summed term by term."""
    def by_sum(beta, t):
        return (1 - beta) * sum(beta**k for k in range(t))
    values = [v for _, v in op.claims_adam()]
    expected = [by_sum(0.9, t) for t in (10, 20, 50)] + [by_sum(0.999, t) for t in (100, 1000, 5000)]
    assert values[:6] == pytest.approx(expected, rel=1e-9)
    assert values[0] == pytest.approx(0.6513, abs=1e-4)   # 1 - 0.3487
    assert values[4] == pytest.approx(1 - math.exp(-1000 * -math.log1p(-0.001)), rel=1e-12)


def test_claims_adam_a_jump_after_a_quiet_stretch():
    """After 4999 zero gradients, g = 1 at t = 5000: m = 0.1, v = 0.001, so the step is
    lr * (0.1 / (1 - 0.9^5000)) / sqrt(0.001 / (1 - 0.999^5000)) = 3.1516 lr; the limit for a
    long quiet stretch is 0.1 / sqrt(0.001) = sqrt(10) = 3.1623."""
    values = dict(op.claims_adam())
    assert values["uncorrected first step / lr"] == pytest.approx(math.sqrt(10))
    by_hand = (0.1 / (1 - 0.9**5000)) / (math.sqrt(0.001 / (1 - 0.999**5000)) + 1e-8)
    assert values["jump at step 5000 / lr"] == pytest.approx(by_hand, rel=1e-12)
    assert 3.15 < by_hand < 3.155 < math.sqrt(10)
    # The same jump early in training is smaller than lr: the v correction is still large.
    assert op.adam_step_after_quiet_stretch(9) / op.LR == pytest.approx(
        (0.1 / (1 - 0.9**10)) / (math.sqrt(0.001 / (1 - 0.999**10)) + 1e-8), rel=1e-12)
    assert op.adam_step_after_quiet_stretch(9) < op.LR


def test_claims_adam_the_worst_case_is_the_cauchy_schwarz_bound():
    """|sum b1^j g_j| <= sqrt(sum b2^j g_j^2) sqrt(sum (b1^2/b2)^j), with equality for
    g_j proportional to (b1/b2)^j, i.e. a gradient growing by b2/b1 = 1.11 per step. For large t:
    0.1 / sqrt(0.001) / sqrt(1 - 0.81/0.999) = 3.1623 / sqrt(0.18919) = 7.2703."""
    values = dict(op.claims_adam())
    assert values["beta2/beta1"] == pytest.approx(1.11)
    bound = 0.1 / math.sqrt(0.001) / math.sqrt(1 - 0.81 / 0.999)
    assert bound == pytest.approx(7.2703, abs=1e-4)
    # 10000 zero gradients, then g = 1.11^k for k = 0..49: the sums over the last 50 steps, by hand.
    t, r = 10_050, 0.999 / 0.9
    m = 0.1 * sum(0.9**j * r ** (49 - j) for j in range(50))
    v = 0.001 * sum(0.999**j * r ** (2 * (49 - j)) for j in range(50))
    by_hand = (m / (1 - 0.9**t)) / math.sqrt(v / (1 - 0.999**t))
    assert values["growing gradient: step / lr"] == pytest.approx(by_hand, rel=1e-9)
    assert 7.27 < by_hand < bound < 7.275
    assert values["the ceiling: the supremum / lr"] == pytest.approx(bound, rel=1e-12)
    assert op.adam_worst_factor() == pytest.approx(bound)
    # With bias correction, the best any history can do at step t stays below the limit at every t
    # (with a = 0.999^t, b = q^t: (1 - a)(1 - b) <= (1 - sqrt(ab))^2 = (1 - 0.9^t)^2) and tends to it.
    q = 0.81 / 0.999
    best = [(0.1 / (1 - 0.9**t)) * math.sqrt((1 - 0.999**t) / 0.001) * math.sqrt((1 - q**t) / (1 - q))
            for t in range(1, 40_001)]
    assert max(best) <= bound * (1 + 1e-12)
    assert best[-1] == pytest.approx(bound, rel=1e-8)
    # Random positive gradient histories, through a hand-written Adam loop, never exceed it.
    rng = np.random.default_rng(0)
    for _ in range(20):
        grads = [[x] for x in rng.exponential(size=400) * np.exp(rng.normal(size=400).cumsum())]
        w = _adam_by_hand([0.0], grads[:-1], 0.1, 0.9, 0.999, 0.0)
        w_next = _adam_by_hand([0.0], grads, 0.1, 0.9, 0.999, 0.0)
        assert abs(w[0] - w_next[0]) <= 0.1 * bound + 1e-12


def test_claims_figure_against_closed_forms_and_hand_loops():
    """Gradient descent on a quadratic has w_t,i = (1 - lr a_i)^t w0_i; momentum and Adam are
    run by the hand-written loops of this file."""
    values = dict(op.claims_figure())
    a, w0 = [1.0, 100.0], [-2.0, 0.3]
    gd = _bowl(a, [(1 - 0.019 * ai) ** 30 * wi for ai, wi in zip(a, w0)])
    assert values["gd after 30 steps"] == pytest.approx(gd, rel=1e-9)
    assert values["limit 2/a_max"] == pytest.approx(2 / 100)
    mom = _momentum_by_hand(w0, lambda w: [ai * wi for ai, wi in zip(a, w)], 0.019, 0.9, 30)[-1]
    assert values["momentum after 30 steps"] == pytest.approx(_bowl(a, mom), rel=1e-9)
    assert values["adam after 30 steps"] == pytest.approx(
        _bowl(a, _adam_path_by_hand(a, w0, 0.1, 30)[-1]), rel=1e-7)
    assert values["adam, same lr after 30 steps"] == pytest.approx(
        _bowl(a, _adam_path_by_hand(a, w0, 0.019, 30)[-1]), rel=1e-7)
    assert (values["adam after 30 steps"] < values["momentum after 30 steps"]
            < values["gd after 30 steps"] < values["adam, same lr after 30 steps"])
    # Top row: Adam passes the minimum at step 11 and its loss climbs back until step 19.
    path = _adam_path_by_hand([1.0, 10.0], [1.0, 1.0], 0.1, 30)
    losses = [_bowl([1.0, 10.0], w) for w in path]
    assert values["at step"] == 11 and values["by step"] == 19
    assert losses[11] == min(losses) and values["adam min loss"] == pytest.approx(losses[11])
    assert losses[19] == max(losses[11:25]) and values["loss climbs back to"] == pytest.approx(losses[19])
    assert values["step there / lr"] == pytest.approx((path[10][0] - path[11][0]) / 0.1)
    assert path[11][0] > 0 > path[12][0]  # it crosses the minimum right after step 11


def test_claims_interview_by_hand():
    """3.16 = 0.1 / sqrt(0.001); doubling the batch cuts the noise by sqrt 2; 256 -> 2048 is k = 8,
    so SGD's rate is multiplied by 8 and Adam's by sqrt 8 = 2.828."""
    values = [v for _, v in op.claims_interview()]
    assert values == pytest.approx([0.1 / 0.031622776601683794, 1.4142135623730951,
                                    256, 2048, 8, 8, 2.8284271247461903])


def test_claims_newton_hessian_size_by_hand():
    """A billion weights: a billion squared = 1e18 Hessian entries, 4 bytes each in float32."""
    assert [v for _, v in op.claims_newton()] == [10**9, 10**18, 4 * 10**18]


def test_learning_rate_figure_claims_follow_the_factor_one_minus_lr_a():
    """On f = 5 w^2 (a = 10) gradient descent multiplies w by 1 - 10 lr: 0.15 gives -0.5, the
    smallest in size of the five drawn rates; 0.01 and 0.19 give 0.9 and -0.9, the same size."""
    assert op.LR_FIGURE_A == 10.0
    assert sorted(op.LR_FIGURE_RATES) == [0.01, 0.15, 0.19, 0.2, 0.25]
    t = op.claims_learning_rate_figure()
    names = [name for name, _ in t]
    values = [v for _, v in t]
    assert names[0] == "limit 2/a" and values[0] == pytest.approx(0.2)
    assert values[1] == 0.15 and values[2] == pytest.approx(-0.5)
    assert list(values[3]) == [0.01, 0.19] and values[4] == pytest.approx(-0.9)
    assert values[5] == 0.2 and values[6] == 0.25 and values[7] == pytest.approx(-1.5)
    # The losses of 0.01 and 0.19 coincide step by step, by hand: w_t = 0.9^t and (-0.9)^t.
    slow = op.optimize(op.sgd_step, lambda w: op.quadratic_grad(w, [10.0]), [1.0], 20, lr=0.01)
    bouncy = op.optimize(op.sgd_step, lambda w: op.quadratic_grad(w, [10.0]), [1.0], 20, lr=0.19)
    assert np.allclose(5 * slow.ravel() ** 2, 5 * 0.81 ** np.arange(21))
    assert np.allclose(5 * bouncy.ravel() ** 2, 5 * 0.81 ** np.arange(21))
    # and 0.15 is the fastest of the five after any number of steps
    losses = {lr: 5 * (1 - 10 * lr) ** 40 for lr in op.LR_FIGURE_RATES}
    assert min(losses, key=losses.get) == 0.15


def _numbers(transcript):
    """Flatten a transcript's values into one list of floats, in order."""
    out = []
    for _, value in transcript:
        out += [float(x) for x in np.ravel(value)]
    return out


def test_exercise_gradient_descent_step_by_hand():
    """f = (w1^2 + 4 w2^2)/2 at (2, 1): gradient (2, 4); step 0.1 gives (1.8, 0.6); loss 4 -> 2.34."""
    assert _numbers(op.exercise_gradient_descent_step()) == pytest.approx(
        [1, 1, 2, 4, 2, 1, 0.1,
         4, 2, 4,
         2, 0.1, 2, 1, 0.1, 4, 1.8, 0.6,
         4, 4, 2, 4,
         3.24, 1.44, 2, 2.34])


def test_exercise_momentum_step_by_hand():
    """v = 0.9 (2, -1) + (0.2, 1) = (2, 0.1); w = (1, 1) - 0.1 (2, 0.1) = (0.8, 0.99)."""
    assert _numbers(op.exercise_momentum_step()) == pytest.approx(
        [2, 0.9, 0.1, 2, -1, 1, 1, 0.2, 1,
         0.9, 2, -1, 0.2, 1, 1.8, 0.2, -0.9, 1, 2, 0.1,
         1, 1, 0.1, 2, 0.1, 0.8, 0.99,
         0.2, 0.02])


def test_exercise_adam_step_by_hand():
    """First Adam step: m = 0.1 g, v = 0.001 g^2, corrected back to g and g^2, step lr sign(g)."""
    got = _numbers(op.exercise_adam_step())
    want = [3, 0.9, 0.999, 0.01, 0.5, 0.5, 4, -0.5,
            0.1, 4, -0.5, 0.4, -0.05, 0.001, 16, 0.25, 0.016, 0.00025,
            1, 0.9, 0.1, 1, 0.999, 0.001,
            4, -0.5, 16, 0.25, 4, 0.5,
            0.01, 4, 4, -0.5, 0.5, 0.01, -0.01, 0.49, 0.51]
    assert got == pytest.approx(want, rel=1e-6)


def test_exercise_divergence_by_hand():
    """f = 2 w^2: a = 4, limit 0.5; lr 0.3 -> factor -0.2 (converges), lr 0.6 -> -1.4 (diverges)."""
    assert _numbers(op.exercise_divergence()) == pytest.approx(
        [4, 2, 1, 0.3, 0.6, 4, 4, 2, 0.5,
         0.3, 1, 0.3, 4, -0.2, -0.2, 0.04,
         0.6, 1, 0.6, 4, -1.4, -1.4, 1.96,
         0.6])
