"""Tests of snippets/backprop.py: every gradient against central differences (tests/gradcheck.py),
and the page's numbers against plain-Python arithmetic."""
from __future__ import annotations

import math

import numpy as np
import pytest
from gradcheck import assert_gradient, central_difference

import backprop as bp
import derivatives
from forward_pass import count_parameters
from transcript_check import check, each, entries

# --------------------------------------------------------------------------
# Helpers written independently of the snippet (plain NumPy / Python).


def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def net_loss(x, y, params):
    """Loss of a sigmoid network, written out without the snippet: mean over rows of sum (a - y)^2."""
    a = np.asarray(x, dtype=float)
    for W, b in params:
        a = sig(a @ W.T + b)
    per_example = ((a - y) ** 2).sum(axis=-1)
    return float(per_example.mean() if a.ndim == 2 else per_example)


def replace(params, layer, which, value):
    """params with W (which=0) or b (which=1) of one layer replaced."""
    out = [list(p) for p in params]
    out[layer][which] = value
    return [tuple(p) for p in out]


def random_net(sizes, seed):
    rng = np.random.default_rng(seed)
    return [(rng.normal(size=(n_out, n_in)), rng.normal(size=n_out))
            for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def skip_loss_plain(x0, p, t):
    """The skip chain's loss, written out by hand."""
    xa = p["w_a"] * x0 + p["b_a"]
    xb = p["w_b"] * xa + p["b_b"]
    xc = p["w_c"] * xb + p["b_c"]
    xd = p["w_d"] * xc + p["b_d"] + p["w_d2"] * xb + p["b_d2"]
    xe = p["w_e"] * xd + p["b_e"]
    return (xe - t) ** 2


def skip_loss_from_xb(xb, p, t):
    """The skip chain's loss as a function of the node x_b alone (everything above it)."""
    xc = p["w_c"] * xb + p["b_c"]
    xd = p["w_d"] * xc + p["b_d"] + p["w_d2"] * xb + p["b_d2"]
    xe = p["w_e"] * xd + p["b_e"]
    return (xe - t) ** 2


def random_skip_params(seed):
    rng = np.random.default_rng(seed)
    return {k: float(v) for k, v in zip(bp.SKIP_NAMES, rng.normal(size=len(bp.SKIP_NAMES)))}


# --------------------------------------------------------------------------
# Building blocks


def test_sigmoid_prime_is_the_derivatives_pages_sigmoid_derivative():
    assert bp.sigmoid_prime is derivatives.sigmoid_derivative


def test_sigmoid_prime_matches_central_differences_and_peaks_at_a_quarter():
    z = np.linspace(-8, 8, 33)
    numeric = central_difference(lambda v: float(bp.sigmoid(v).sum()), z)
    np.testing.assert_allclose(bp.sigmoid_prime(z), numeric, rtol=1e-5, atol=1e-8)
    assert bp.sigmoid_prime(0.0) == 0.25
    assert np.all(bp.sigmoid_prime(np.linspace(-20, 20, 4001)) <= 0.25)


@pytest.mark.parametrize("shape", [(3,), (4, 3)])
def test_squared_error_and_its_gradient(shape):
    rng = np.random.default_rng(5)
    y_hat, y = rng.normal(size=shape), rng.normal(size=shape)
    expected = ((y_hat - y) ** 2).sum(axis=-1)
    assert bp.squared_error(y_hat, y) == pytest.approx(expected.mean() if len(shape) == 2 else expected)
    assert_gradient(lambda v: float(bp.squared_error(v, y)), lambda v: bp.squared_error_grad(v, y), y_hat)


def test_squared_error_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"y_hat \(2,\) and y \(3,\) differ in shape"):
        bp.squared_error(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="differ in shape"):
        bp.squared_error_grad(np.zeros((2, 1)), np.zeros(2))


@pytest.mark.parametrize("batch", [None, 1, 5])
def test_dense_backward_matches_central_differences(batch):
    """L = sum(Z * G) has dL/dZ = G exactly, so dense_backward(G, X, W) must be its gradient."""
    rng = np.random.default_rng(6)
    W, b = rng.normal(size=(3, 4)), rng.normal(size=3)
    shape = (4,) if batch is None else (batch, 4)
    X = rng.normal(size=shape)
    G = rng.normal(size=shape[:-1] + (3,))
    dX, dW, db = bp.dense_backward(G, X, W)
    assert dX.shape == X.shape and dW.shape == W.shape and db.shape == b.shape
    assert_gradient(lambda v: float((bp.dense(v, W, b) * G).sum()), lambda v: dX, X)
    assert_gradient(lambda v: float((bp.dense(X, v, b) * G).sum()), lambda v: dW, W)
    assert_gradient(lambda v: float((bp.dense(X, W, v) * G).sum()), lambda v: db, b)


def test_dense_backward_rejects_wrong_shapes():
    with pytest.raises(ValueError, match=r"misfit W \(3, 4\)"):
        bp.dense_backward(np.ones((2, 4)), np.ones((2, 4)), np.ones((3, 4)))
    with pytest.raises(ValueError):  # one row per example: NumPy's product refuses
        bp.dense_backward(np.ones((2, 3)), np.ones((5, 4)), np.ones((3, 4)))


# --------------------------------------------------------------------------
# The two-layer network: every gradient against central differences


@pytest.mark.parametrize("case", ["example", "random-single", "random-batch", "deeper"])
def test_backward_matches_central_differences_for_every_parameter(case):
    if case == "example":
        x, y, params = bp.EXAMPLE_X, bp.EXAMPLE_Y, bp.EXAMPLE_PARAMS
    else:
        sizes = {"random-single": [3, 4, 2], "random-batch": [3, 4, 2], "deeper": [2, 5, 3, 4, 1]}[case]
        params = random_net(sizes, seed=7)
        rng = np.random.default_rng(8)
        shape_x = (6, sizes[0]) if case == "random-batch" else (sizes[0],)
        shape_y = (6, sizes[-1]) if case == "random-batch" else (sizes[-1],)
        x, y = rng.normal(size=shape_x), rng.uniform(size=shape_y)
    out = bp.backward(x, y, params, bp.forward(x, params))
    for l, (W, b) in enumerate(params):
        dW, db = out["grads"][l]
        assert_gradient(lambda v: net_loss(x, y, replace(params, l, 0, v)), lambda v: dW, W)
        assert_gradient(lambda v: net_loss(x, y, replace(params, l, 1, v)), lambda v: db, b)
        # The delta of a layer is dL/dz, and dL/db = delta summed over the batch.
        np.testing.assert_allclose(out["deltas"][l].sum(axis=0) if np.ndim(x) == 2 else out["deltas"][l], db)
    # The gradient with respect to the input, W1^T delta1.
    assert_gradient(lambda v: net_loss(v, y, params), lambda v: out["dL_da"][0], x)


def test_the_example_step_by_hand():
    """The page's first example recomputed with scalar Python arithmetic, every number of it."""
    x1, x2, y = 1.0, 0.5, 1.0
    W1 = [[0.4, -0.2], [0.3, 0.8]]
    b1 = [0.1, -0.1]
    W2 = [0.6, -0.5]
    b2 = 0.2
    s = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731
    z1 = [W1[j][0] * x1 + W1[j][1] * x2 + b1[j] for j in range(2)]      # 0.4, 0.6
    a1 = [s(z) for z in z1]
    z2 = W2[0] * a1[0] + W2[1] * a1[1] + b2                            # 0.2364
    yh = s(z2)                                                           # 0.5588
    loss = (yh - y) ** 2                                                 # 0.1946
    d2 = 2 * (yh - y) * yh * (1 - yh)                                    # -0.2175
    back = [W2[j] * d2 for j in range(2)]
    d1 = [back[j] * a1[j] * (1 - a1[j]) for j in range(2)]               # -0.03136, 0.02488
    dW2 = [d2 * a1[0], d2 * a1[1]]
    dW1 = [[d1[j] * x1, d1[j] * x2] for j in range(2)]

    out = bp.backward(bp.EXAMPLE_X, bp.EXAMPLE_Y, bp.EXAMPLE_PARAMS, bp.forward(bp.EXAMPLE_X, bp.EXAMPLE_PARAMS))
    (gW1, gb1), (gW2, gb2) = out["grads"]
    np.testing.assert_allclose(gW2[0], dW2)
    np.testing.assert_allclose(gb2, [d2])
    np.testing.assert_allclose(gW1, dW1)
    np.testing.assert_allclose(gb1, d1)

    lr = 0.5
    nW1 = [[W1[j][i] - lr * dW1[j][i] for i in range(2)] for j in range(2)]
    nb1 = [b1[j] - lr * d1[j] for j in range(2)]
    nW2 = [W2[j] - lr * dW2[j] for j in range(2)]
    nb2 = b2 - lr * d2
    nz1 = [nW1[j][0] * x1 + nW1[j][1] * x2 + nb1[j] for j in range(2)]
    na1 = [s(z) for z in nz1]
    nz2 = nW2[0] * na1[0] + nW2[1] * na1[1] + nb2
    new_loss = (s(nz2) - y) ** 2                                          # 0.1539
    # The wrong sign: every parameter moves by + lr * gradient instead.
    wa1 = [s((W1[j][0] + lr * dW1[j][0]) * x1 + (W1[j][1] + lr * dW1[j][1]) * x2 + b1[j] + lr * d1[j])
           for j in range(2)]
    wy = s(sum((W2[j] + lr * dW2[j]) * wa1[j] for j in range(2)) + b2 + lr * d2)

    t = bp.worked_example()
    check(t, {
        "n_in": 2, "n_hidden": 2, "n_out": 1, "x": [x1, x2], "W1": W1, "b1": b1, "W2": [W2],
        "b2": each([b2], b2, b2), "y": each([y], y, y), "lr": lr,
        "W1[0,0]": 0.4, "W1[0,1]": -0.2, "W1[1,0]": 0.3, "W1[1,1]": 0.8, "x[0]": x1, "x[1]": x2,
        "b1[0]": 0.1, "b1[1]": -0.1, "W1[0,0]*x[0]": 0.4, "W1[0,1]*x[1]": -0.1,
        "W1[1,0]*x[0]": 0.3, "W1[1,1]*x[1]": 0.4, "z1[0]": z1[0], "z1[1]": z1[1], "z1": z1,
        "a1": a1, "W2[0,0]": 0.6, "W2[0,1]": -0.5, "a1[0]": a1[0], "a1[1]": a1[1],
        "W2[0,0]*a1[0]": 0.6 * a1[0], "W2[0,1]*a1[1]": -0.5 * a1[1], "z2": z2, "y_hat": yh,
        "y_hat-y": yh - y, "loss": loss, "dL/dy_hat": 2 * (yh - y), "1-y_hat": 1 - yh,
        "sigma'(z2)": yh * (1 - yh), "delta2": d2, "dW2": [dW2], "db2": d2, "(W2^T delta2)": back,
        "1-a1[0]": 1 - a1[0], "1-a1[1]": 1 - a1[1], "sigma'(z1)": [a * (1 - a) for a in a1],
        "(W2^T delta2)[0]": back[0], "(W2^T delta2)[1]": back[1],
        "sigma'(z1)[0]": a1[0] * (1 - a1[0]), "sigma'(z1)[1]": a1[1] * (1 - a1[1]),
        "delta1": d1, "dW1": dW1, "db1": d1, "dW2[0,0]": dW2[0], "-lr*dW2[0,0]": -lr * dW2[0],
        "new W2[0,0]": nW2[0], "new W1": nW1, "new b1": nb1, "new W2": [nW2], "new b2": nb2,
        "new z1": nz1, "new a1": na1, "new z2": nz2, "new y_hat": s(nz2), "new loss": new_loss,
        "decrease": loss - new_loss, "wrong y_hat": wy, "wrong loss": (wy - y) ** 2,
    }, complete=True)
    # The page's digits.
    assert round(entries(t, "z2")[0], 4) == 0.2364 and round(entries(t, "y_hat")[0], 4) == 0.5588
    assert round(entries(t, "loss")[0], 4) == 0.1946 and round(entries(t, "delta2")[0], 4) == -0.2175
    assert np.round(entries(t, "delta1")[0], 5).tolist() == [-0.03136, 0.02488]
    assert round(entries(t, "new loss")[0], 4) == 0.1539
    assert entries(t, "new loss")[0] < entries(t, "loss")[0] < entries(t, "wrong loss")[0]


# --------------------------------------------------------------------------
# The update step


def test_sgd_step_lowers_the_loss_of_the_worked_example():
    x, y, params = bp.EXAMPLE_X, bp.EXAMPLE_Y, bp.EXAMPLE_PARAMS
    out = bp.backward(x, y, params, bp.forward(x, params))
    before = net_loss(x, y, params)
    after = net_loss(x, y, bp.sgd_step(params, out["grads"], bp.EXAMPLE_LR))
    assert after < before
    # The seed's error: adding the gradient raises the loss.
    ascent = [(W + bp.EXAMPLE_LR * dW, b + bp.EXAMPLE_LR * db)
              for (W, b), (dW, db) in zip(params, out["grads"])]
    assert net_loss(x, y, ascent) > before


@pytest.mark.parametrize("seed", range(5))
def test_sgd_step_lowers_the_loss_of_random_networks(seed):
    params = random_net([3, 5, 2], seed)
    rng = np.random.default_rng(100 + seed)
    X, Y = rng.normal(size=(8, 3)), rng.uniform(size=(8, 2))
    out = bp.backward(X, Y, params, bp.forward(X, params))
    assert net_loss(X, Y, bp.sgd_step(params, out["grads"], 0.1)) < net_loss(X, Y, params)


def test_sgd_step_subtracts_and_leaves_the_old_parameters_alone():
    params = [(np.array([[1.0, 2.0]]), np.array([3.0]))]
    grads = [(np.array([[0.5, -1.0]]), np.array([2.0]))]
    (W, b), = bp.sgd_step(params, grads, lr=0.1)
    np.testing.assert_allclose(W, [[0.95, 2.1]])
    np.testing.assert_allclose(b, [2.8])
    np.testing.assert_array_equal(params[0][0], [[1.0, 2.0]])


@pytest.mark.parametrize("lr", [0.0, -0.5, float("nan"), float("inf")])
def test_sgd_step_refuses_a_learning_rate_that_is_not_positive(lr):
    with pytest.raises(ValueError, match="lr must be positive"):
        bp.sgd_step(bp.EXAMPLE_PARAMS, [(W, b) for W, b in bp.EXAMPLE_PARAMS], lr)


def test_sgd_step_and_backward_reject_mismatched_structures():
    with pytest.raises(ValueError, match="shorter"):
        bp.sgd_step(bp.EXAMPLE_PARAMS, bp.EXAMPLE_PARAMS[:1], 0.1)
    with pytest.raises(ValueError, match="broadcast"):
        bp.sgd_step(bp.EXAMPLE_PARAMS[:1], [(np.zeros((2, 3)), np.zeros(2))], 0.1)
    with pytest.raises(ValueError, match="layers has 1 entries, params 2"):
        bp.backward(bp.EXAMPLE_X, bp.EXAMPLE_Y, bp.EXAMPLE_PARAMS,
                    bp.forward(bp.EXAMPLE_X, bp.EXAMPLE_PARAMS)[:1])


# --------------------------------------------------------------------------
# The skip chain


@pytest.mark.parametrize("seed", [None, 1, 2, 3])
def test_skip_chain_gradients_match_central_differences(seed):
    p = dict(bp.SKIP_PARAMS) if seed is None else random_skip_params(seed)
    x0, t = (bp.SKIP_X0, bp.SKIP_T) if seed is None else (0.7, -0.3)
    assert bp.skip_chain_loss(x0, p, t) == pytest.approx(skip_loss_plain(x0, p, t))
    g = bp.skip_chain_backward(x0, p, t)
    for name in bp.SKIP_NAMES:
        def f(v, name=name):
            return skip_loss_plain(x0, p | {name: float(v[0])}, t)
        assert_gradient(f, lambda v, name=name: [g[name]], [p[name]])
    xb = bp.skip_chain_forward(x0, p)["x_b"]
    assert_gradient(lambda v: skip_loss_from_xb(v[0], p, t), lambda v: [g["x_b"]], [xb])


def test_skip_derivative_keeps_the_weights():
    for seed in range(4):
        p = random_skip_params(seed)

        def xd_of_xb(v, p=p):
            xc = p["w_c"] * v[0] + p["b_c"]
            return p["w_d"] * xc + p["b_d"] + p["w_d2"] * v[0] + p["b_d2"]
        assert_gradient(xd_of_xb, lambda v, p=p: [bp.dxd_dxb(p)], [0.3])


@pytest.mark.parametrize("seed", [None, 1, 2, 3])
def test_the_plus_one_formula_fails_the_gradient_check(seed):
    """The seed's dx_d/dx_b = dx_c/dx_b + 1 gives a dL/dx_b that central differences reject."""
    p = dict(bp.SKIP_PARAMS) if seed is None else random_skip_params(seed)
    x0, t = (bp.SKIP_X0, bp.SKIP_T) if seed is None else (0.7, -0.3)
    x = bp.skip_chain_forward(x0, p)
    g = bp.skip_chain_backward(x0, p, t)
    numeric = central_difference(lambda v: skip_loss_from_xb(v[0], p, t), [x["x_b"]])[0]
    wrong = g["x_d"] * bp.dxd_dxb_plus_one(p)
    assert wrong != pytest.approx(numeric, rel=1e-3)
    with pytest.raises(AssertionError):
        assert_gradient(lambda v: skip_loss_from_xb(v[0], p, t), lambda v: [wrong], [x["x_b"]])


def test_the_plus_one_formula_is_right_for_an_identity_skip():
    p = dict(bp.SKIP_PARAMS) | {"w_d": 1.0, "w_d2": 1.0}
    assert bp.dxd_dxb(p) == bp.dxd_dxb_plus_one(p)
    g = bp.skip_chain_backward(bp.SKIP_X0, p, bp.SKIP_T)
    xb = bp.skip_chain_forward(bp.SKIP_X0, p)["x_b"]
    assert_gradient(lambda v: skip_loss_from_xb(v[0], p, bp.SKIP_T),
                    lambda v: [g["x_d"] * bp.dxd_dxb_plus_one(p)], [xb])


def test_worked_example_skip_every_number_by_hand():
    """Every number of the skip-chain example, worked out on paper (integers, halves, quarters).

    Forward: x_a = 2(0.5) + 1.5 = 2.5, x_b = 0.4(2.5) - 0.5 = 0.5, x_c = 2(0.5) + 1 = 2,
    x_d = 0.5(2) + 0.1 + 1.5(0.5) - 0.1 = 1.75, x_e = 2(1.75) - 0.5 = 3, loss = (3 - 2)^2 = 1.
    Backward: dL/dx_e = 2(3 - 2) = 2, dL/dx_d = 2 * 2 = 4, dL/dx_c = 4 * 0.5 = 2,
    dx_d/dx_b = 0.5 * 2 + 1.5 = 2.5, dL/dx_b = 2 * 2 + 4 * 1.5 = 10, dL/dx_a = 10 * 0.4 = 4.
    Check on b_b: x_e moves by 2 * 2.5 * 0.01 = 0.05, so L = 1.05^2 = 1.1025 and 0.95^2 = 0.9025,
    and (1.1025 - 0.9025) / 0.02 = 10; the "+1" rule says 4 * (2 + 1) = 12."""
    params = {"w_a": 2.0, "b_a": 1.5, "w_b": 0.4, "b_b": -0.5, "w_c": 2.0, "b_c": 1.0,
              "w_d": 0.5, "b_d": 0.1, "w_d2": 1.5, "b_d2": -0.1, "w_e": 2.0, "b_e": -0.5}
    check(bp.worked_example_skip(), {
        **params, "x0": 0.5, "t": 2.0, "x_a": 2.5, "x_b": 0.5, "x_c": 2.0, "x_d": 1.75, "x_e": 3.0,
        "loss": 1.0, "dL/dx_e": 2.0, "dL/dx_d": 4.0, "dL/dx_c": 2.0, "dx_d/dx_b": 2.5,
        "dL/dx_b": 10.0, "dL/dx_a": 4.0, "dL/dw_b": 25.0, "dL/db_b": 10.0,
        "input of w_e": 1.75, "dL/dw_e": 3.5, "dL/db_e": 2.0, "input of w_d": 2.0, "dL/dw_d": 8.0,
        "dL/db_d": 4.0, "input of w_d2": 0.5, "dL/dw_d2": 2.0, "dL/db_d2": 4.0,
        "input of w_c": 0.5, "dL/dw_c": 1.0, "dL/db_c": 2.0, "input of w_a": 0.5, "dL/dw_a": 2.0,
        "dL/db_a": 4.0, "wrong dL/dx_b": 12.0, "h": 0.01, "L(b_b+h)": 1.1025,
        "L(b_b-h)": 0.9025, "2h": 0.02, "difference quotient": 10.0, "wrong dL/db_b": 12.0,
    }, complete=True)


def test_skip_chain_by_hand():
    """The page's second example: every node and gradient in integers or halves."""
    x = bp.skip_chain_forward(bp.SKIP_X0, bp.SKIP_PARAMS)
    assert [x[k] for k in ("x_a", "x_b", "x_c", "x_d", "x_e")] == pytest.approx([2.5, 0.5, 2, 1.75, 3])
    g = bp.skip_chain_backward(bp.SKIP_X0, bp.SKIP_PARAMS, bp.SKIP_T)
    # dL/dx_e = 2 (3 - 2); times w_e = 2; times w_d = 0.5; two paths 2*2 + 4*1.5.
    assert (g["x_e"], g["x_d"], g["x_c"], g["x_b"]) == pytest.approx((2, 4, 2, 10))
    assert (g["w_b"], g["b_b"], g["x_a"]) == pytest.approx((25, 10, 4))
    assert g["x_d"] * bp.dxd_dxb_plus_one(bp.SKIP_PARAMS) == pytest.approx(12)


def test_skip_chain_rejects_missing_parameters():
    with pytest.raises(KeyError, match="w_d2"):
        bp.skip_chain_forward(1.0, {k: 1.0 for k in bp.SKIP_NAMES if k not in ("w_d2", "b_d2")})


# --------------------------------------------------------------------------
# Gradient checking, cost, depth


def test_numerical_gradient_agrees_with_the_independent_one():
    rng = np.random.default_rng(9)
    theta = rng.normal(size=(2, 3))
    f = lambda v: float(np.sin(v).sum() + (v ** 3).sum())  # noqa: E731
    np.testing.assert_allclose(bp.numerical_gradient(f, theta), central_difference(f, theta), rtol=1e-6)
    np.testing.assert_allclose(bp.numerical_gradient(f, theta), np.cos(theta) + 3 * theta ** 2, rtol=1e-6)


def test_relative_error():
    assert bp.relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert bp.relative_error(np.array([1.0]), np.array([-1.0])) == 2.0  # |a - b| / max(|a|, |b|)
    assert bp.relative_error(np.array([0.0, 3.0]), np.array([0.0, 1.0])) == pytest.approx(2 / 3)


def test_a_correct_gradient_passes_with_a_tiny_relative_error():
    """The page says: in float64 with h around 1e-5, a correct gradient agrees to better than 1e-7."""
    x, y, params = bp.EXAMPLE_X, bp.EXAMPLE_Y, bp.EXAMPLE_PARAMS
    out = bp.backward(x, y, params, bp.forward(x, params))
    for l, (W, b) in enumerate(params):
        numeric = bp.numerical_gradient(lambda v: net_loss(x, y, replace(params, l, 0, v)), W, h=1e-5)
        assert bp.relative_error(out["grads"][l][0], numeric) < 1e-7
    # ...while the plus-one skip gradient is off in the first digits.
    p, g = bp.SKIP_PARAMS, bp.skip_chain_backward(bp.SKIP_X0, bp.SKIP_PARAMS, bp.SKIP_T)
    assert bp.relative_error(g["x_d"] * bp.dxd_dxb_plus_one(p), g["x_b"]) > 0.05


def test_the_worked_gradient_check_is_exact_for_a_quadratic():
    t = dict(bp.worked_example_skip())
    assert t["difference quotient"] == pytest.approx(t["dL/db_b"], abs=1e-9)
    assert t["L(b_b+h)"] == pytest.approx((3 + 5 * 0.01 - 2) ** 2)  # x_e moves by w_e (w_d w_c + w_d2) h


def test_multiply_adds_by_hand_and_the_interview_numbers():
    # 784 -> 128 -> 10: forward 784*128 + 128*10; backward: both dW products, dX for layer two only.
    forward, backward = bp.multiply_adds([784, 128, 10])
    assert forward == 101_632              # 784 * 128 + 128 * 10 = 100,352 + 1,280
    assert backward == 102_912             # 2 * 101,632 - 100,352: no dX for the first layer
    params = count_parameters([784, 128, 10])
    assert params == 101_770 and 2 * params == 203_540
    # The backward pass is never more than twice the forward pass.
    for sizes in ([2, 2, 1], [10, 50, 50, 50, 10], [3, 1]):
        for batch in (1, 32):
            f, b = bp.multiply_adds(sizes, batch)
            assert f < b + f <= 3 * f


def test_multiply_adds_rejects_bad_sizes():
    with pytest.raises(ValueError, match="two or more positive whole widths"):
        bp.multiply_adds([5])
    for bad in ([784, 0, 10], [4, -1]):   # one bad width among good ones is enough
        with pytest.raises(ValueError, match="two or more positive whole widths"):
            bp.multiply_adds(bad)
    assert bp.multiply_adds([1, 1]) == (1, 1)        # the smallest network: one weight
    with pytest.raises(ValueError, match="batch >= 1"):
        bp.multiply_adds([5, 2], batch=0)


@pytest.mark.parametrize("residual", [False, True])
def test_gradient_through_depth_matches_central_differences(residual):
    norms, (x0, Ws, g) = bp.gradient_norms_through_depth(4, width=5, residual=residual, seed=3)

    def loss(v):
        a = v
        for W in Ws:
            a = a + sig(W @ a) if residual else sig(W @ a)
        return float(a.sum())
    assert_gradient(loss, lambda v: g, x0)
    assert norms[0] == pytest.approx(np.linalg.norm(g)) and norms[-1] == pytest.approx(math.sqrt(5))


def test_plain_sigmoid_gradients_vanish_and_residual_ones_do_not():
    plain, _ = bp.gradient_norms_through_depth(20)
    res, _ = bp.gradient_norms_through_depth(20, residual=True)
    assert plain[0] < 1e-9 * plain[-1]
    assert all(a < b for a, b in zip(plain, plain[1:]))
    assert min(res) > 0.5 * res[-1]
    with pytest.raises(ValueError, match="depth and width must be at least 1"):
        bp.gradient_norms_through_depth(0)
    with pytest.raises(ValueError, match=r"depth and width must be at least 1 \(got depth=3, width=0\)"):
        bp.gradient_norms_through_depth(3, width=0)
    # The smallest allowed: one layer of one unit; dL/da of the input is w * sigma'(w a).
    norms, (x0, Ws, g) = bp.gradient_norms_through_depth(1, width=1, seed=4)
    w = Ws[0][0, 0]
    s = 1 / (1 + math.exp(-w * x0[0]))
    assert norms == pytest.approx([abs(w * s * (1 - s)), 1.0])


def test_gradient_norms_through_depth_defaults_are_width_16_and_seed_0():
    norms, (x0, Ws, g) = bp.gradient_norms_through_depth(3)
    ref_norms, (ref_x0, ref_Ws, _) = bp.gradient_norms_through_depth(3, width=16, residual=False, seed=0)
    assert Ws[0].shape == (16, 16)
    np.testing.assert_array_equal(x0, ref_x0)
    np.testing.assert_array_equal(norms, ref_norms)


def test_gradient_norms_through_depth_draws_weights_of_scale_one_over_root_width():
    _, (x0, Ws, _) = bp.gradient_norms_through_depth(3, width=400, seed=2)
    W = np.concatenate([w.ravel() for w in Ws])
    assert len(Ws) == 3 and Ws[0].shape == (400, 400) and x0.shape == (400,)
    assert abs(W.mean()) < 0.002 and W.std() == pytest.approx(1 / 20, rel=0.01)
    assert abs(x0.mean()) < 0.2 and x0.std() == pytest.approx(1.0, rel=0.15)


def test_interview_vanishing_factor():
    """The page: ten layers of slope one quarter (unit weights) scale the gradient below one millionth.

    A chain of ten one-unit sigmoid layers with weight 1, x = 0 and biases -1/2 after the first:
    every z is 0 (sigma(0) = 1/2, then 1/2 - 1/2 = 0), so every slope is exactly 1/4 and
    dL/dx = dL/dy_hat * (1/4)^10 = dL/dy_hat / 1048576."""
    params = [(np.array([[1.0]]), np.array([0.0]))] + [(np.array([[1.0]]), np.array([-0.5]))] * 9
    x, y = np.array([0.0]), np.array([1.0])
    layers = bp.forward(x, params)
    assert all(z[0] == 0.0 for z, _ in layers)
    out = bp.backward(x, y, params, layers)
    assert out["dL_dyhat"][0] == 2 * (0.5 - 1.0)
    factor = out["dL_da"][0][0] / out["dL_dyhat"][0]
    assert factor == 1 / 1_048_576 and factor < 1e-6        # (1/4)^10 = 1 / 4^10


# --------------------------------------------------------------------------
# The transcripts


def test_transcripts_are_consistent():
    t = bp.worked_example()
    names = [n for n, _ in t]
    assert names[:3] == ["n_in", "n_hidden", "n_out"]
    v = dict(t)
    assert v["new loss"] < v["loss"] < v["wrong loss"]
    assert v["decrease"] == pytest.approx(v["loss"] - v["new loss"])
    assert v["new W2[0,0]"] == pytest.approx(v["W2[0,0]"] - v["lr"] * v["dW2[0,0]"])
    s = dict(bp.worked_example_skip())
    assert s["dL/dx_b"] == pytest.approx(s["dL/dx_d"] * s["dx_d/dx_b"])
    assert s["wrong dL/dx_b"] != pytest.approx(s["dL/dx_b"])
    assert s["wrong dL/dx_b"] == pytest.approx(s["dL/dx_d"] * (bp.SKIP_PARAMS["w_c"] + 1))


# ==========================================================================================
# Issue 7 (whole-page checking): the Common mistakes and the transcripts the page's checker
# reads outside the worked examples.


def numeric_steps(params, steps, lr, sign):
    """Losses after each step of theta + sign * lr * grad, with gradients from central differences
    of the independent net_loss (no backprop involved)."""
    x, y, out = bp.EXAMPLE_X, bp.EXAMPLE_Y, []
    params = [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in params]
    for _ in range(steps):
        new = []
        for layer, (W, b) in enumerate(params):
            dW = central_difference(lambda W_: net_loss(x, y, replace(params, layer, 0, W_)), W)
            db = central_difference(lambda b_: net_loss(x, y, replace(params, layer, 1, b_)), b)
            new.append((W + sign * lr * dW, b + sign * lr * db))
        params = new
        out.append(net_loss(x, y, params))
    return out


def test_mistake_adding_the_gradient_against_numerical_gradients():
    t = dict(bp.mistake_adding_the_gradient())
    up = numeric_steps(bp.EXAMPLE_PARAMS, 5, 0.5, +1.0)
    down = numeric_steps(bp.EXAMPLE_PARAMS, 5, 0.5, -1.0)
    assert t["loss"] == pytest.approx(net_loss(bp.EXAMPLE_X, bp.EXAMPLE_Y, bp.EXAMPLE_PARAMS))
    assert t["loss after one + step"] == pytest.approx(up[0], abs=1e-8)
    assert t["loss after one - step"] == pytest.approx(down[0], abs=1e-8)
    assert t["loss after 5 + steps"] == pytest.approx(up[-1], abs=1e-8)
    assert t["loss after 5 - steps"] == pytest.approx(down[-1], abs=1e-8)
    # Ascent climbs at every step, descent falls at every step.
    assert all(a < b for a, b in zip([t["loss"]] + up[:-1], up))
    assert all(a > b for a, b in zip([t["loss"]] + down[:-1], down))


def test_mistake_skip_plus_one_by_hand():
    t = bp.mistake_skip_plus_one()
    v = dict(t)
    # w_c = 2, w_d = 0.5, w_d2 = 1.5; dL/dx_d = w_e * 2 (x_e - t) = 2 * 2 * (3 - 2) = 4.
    assert v["wrong dx_d/dx_b"] == 2 + 1 == 3 and v["wrong dL/dx_b"] == 4 * 3 == 12
    assert v["dx_d/dx_b"] == 0.5 * 2 + 1.5 == 2.5 and v["dL/dx_b"] == 4 * 2.5 == 10
    xb = 0.4 * (2 * 0.5 + 1.5) - 0.5  # x_b = 0.5
    numeric = central_difference(lambda a: skip_loss_from_xb(float(a[0]), bp.SKIP_PARAMS, bp.SKIP_T),
                                 np.array([xb]))[0]
    assert v["central difference"] == pytest.approx(numeric, rel=1e-6)
    assert v["central difference"] != pytest.approx(v["wrong dL/dx_b"])


def test_claims_cost_and_interview_numbers_by_hand():
    # Forward 784*128 + 128*10 = 100,352 + 1,280; backward adds the dX product of layer two only.
    cost = dict(bp.claims_cost())
    assert cost["forward multiply-adds"] == 100_352 + 1_280 == 101_632
    assert cost["backward multiply-adds"] == 2 * 1_280 + 100_352 == 102_912
    iq = dict(bp.claims_interview_questions())
    assert iq["n"] == (784 + 1) * 128 + (128 + 1) * 10 == 101_770
    assert iq["2n"] == 203_540
    assert iq["1 / sigma'(0)"] == pytest.approx(1 / (sig(0.0) * (1 - sig(0.0)))) == 4


def test_claims_deep_chains_is_the_sigmoids_largest_slope():
    (_, four), = bp.claims_deep_chains()
    z = np.linspace(-6, 6, 1201)
    assert four == pytest.approx(1 / (sig(z) * (1 - sig(z))).max())


# ==========================================================================================
# Issue 8: the Check yourself exercises and the new interview answers (clipping, mixed
# precision), each against arithmetic done by hand or an independent computation.


def test_exercise_chain_rule_by_hand():
    v = dict(bp.exercise_chain_rule())
    # z = 2 * 1.5 - 1 = 2; L = (2 - 0.5)^2 = 2.25; dL/dz = 2 * 1.5 = 3; dL/dw = 3 * 1.5 = 4.5.
    assert v["z"] == 2.0 and v["L"] == 2.25 and v["dL/dz"] == 3.0 and v["dL/dw"] == 4.5
    w, x, b, y = 2.0, 1.5, -1.0, 0.5
    numeric = central_difference(lambda a: (float(a[0]) * x + b - y) ** 2, np.array([w]))[0]
    assert v["dL/dw"] == pytest.approx(numeric, rel=1e-8)


def test_exercise_two_users_adds_the_paths():
    v = dict(bp.exercise_two_users())
    assert v["dL/dx"] == 4 + 2 * 3 == 10
    numeric = central_difference(lambda a: 4 * float(a[0]) + float(a[0]) ** 2, np.array([3.0]))[0]
    assert v["dL/dx"] == pytest.approx(numeric, rel=1e-8)
    assert v["L(x)"] == 12 + 9 == 21
    assert v["L(x + h)"] == pytest.approx(4 * 3.01 + 3.01 ** 2) and v["rise"] == pytest.approx(0.1001)
    # Splitting x in half between the users would give half of each path, 5: not the slope.
    assert v["dL/dx"] != pytest.approx(0.5 * 4 + 0.5 * 6)


def test_exercise_output_delta_by_hand():
    v = dict(bp.exercise_output_delta())
    assert v["y_hat"] == 0.5 and v["dL/dy_hat"] == -1.0
    assert v["sigma'(z)"] == 0.25 and v["delta"] == -0.25
    numeric = central_difference(lambda a: (sig(float(a[0])) - 1.0) ** 2, np.array([0.0]))[0]
    assert v["delta"] == pytest.approx(numeric, rel=1e-8)


def test_exercise_outer_product_by_hand():
    t = bp.exercise_outer_product()
    v = dict(t)
    assert np.array_equal(v["dW"], [[1.0, 0.5, 0.0], [-2.0, -1.0, 0.0]])
    assert np.array_equal(v["db"], [0.5, -1.0]) and (v["rows"], v["columns"]) == (2, 3)
    x, delta = np.array([2.0, 1.0, 0.0]), np.array([0.5, -1.0])
    W0 = np.array([[0.3, -0.2, 0.7], [0.1, 0.4, -0.5]])
    # L = delta . (W x + b) has dL/dz = delta, so dL/dW must be the outer product.
    numeric = central_difference(lambda W: float(delta @ (W @ x)), W0)
    assert np.allclose(v["dW"], numeric)


def test_clipping_by_norm_keeps_the_direction_and_by_value_turns_it():
    g = np.array([3.0, 4.0])
    assert np.allclose(bp.clip_by_norm(g, 1.0), [0.6, 0.8])
    assert np.allclose(bp.clip_by_value(g, 1.0), [1.0, 1.0])
    assert np.allclose(bp.clip_by_norm(np.array([0.3, 0.4]), 1.0), [0.3, 0.4])  # short: unchanged
    v = dict(bp.claims_clipping())
    assert v["angle before"] == pytest.approx(math.degrees(math.atan(4 / 3)))
    assert v["angle after value clipping"] == pytest.approx(45.0)


def test_float_format_matches_numpy_finfo():
    for dtype, bits in ((np.float16, (5, 10)), (np.float32, (8, 23)), (np.float64, (11, 52))):
        info = np.finfo(dtype)
        largest, normal, subnormal, gap = bp.float_format(*bits)
        assert (info.nexp, info.nmant) == bits
        assert largest == float(info.max) and normal == float(info.smallest_normal)
        assert subnormal == float(info.smallest_subnormal) and gap == float(info.eps)
    # bfloat16 keeps float32's exponent: the same range to three digits, 2^-7 spacing at 1.
    largest, _, _, gap = bp.float_format(8, 7)
    assert largest == pytest.approx(float(np.finfo(np.float32).max), rel=4e-3) and gap == 2.0 ** -7


def test_mixed_precision_claims():
    v = dict(bp.claims_mixed_precision())
    assert v["16-bit"] == 16 and v["fp16 largest"] == 65504
    assert v["1 + 1e-4 in fp16"] == 1.0          # below half the spacing 2^-10: rounds away
    # fp16 spacing at 1 is 2^-10 = 0.000977; the update 1e-4 is below half of it (2^-11 = 0.000488).
    assert v["fp16 gap at 1"] == 2.0 ** -10 and v["tiny update"] == 1e-4 < 2.0 ** -11


@pytest.mark.parametrize("sizes, batch", [([3, 2.5], 1), ([3, 2], 1.5)])
def test_multiply_adds_refuses_fractional_widths_and_batches(sizes, batch):
    with pytest.raises(ValueError, match="positive whole widths"):
        bp.multiply_adds(sizes, batch)


def test_clip_by_value_clamps_both_signs():
    # each entry clamped to [-c, c] by hand: -3 -> -1, 0.5 stays, 4 -> 1
    np.testing.assert_array_equal(bp.clip_by_value(np.array([-3.0, 0.5, 4.0]), 1.0), [-1.0, 0.5, 1.0])


# --------------------------------------------------------------------------
# mlp_backward: any depth, any hidden activation, the loss's gradient given at the top


def relu_softmax_loss(X, y, params):
    """Mean softmax cross-entropy of a ReLU network, written out without the snippets."""
    a = np.asarray(X, dtype=float)
    for l, (W, b) in enumerate(params):
        z = a @ W.T + b
        a = z if l == len(params) - 1 else np.maximum(z, 0.0)
    log_p = a - a.max(axis=1, keepdims=True)
    log_p -= np.log(np.exp(log_p).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(y)), y].mean())


@pytest.mark.parametrize("sizes", [[4, 6, 3], [5, 7, 6, 4]])
def test_mlp_backward_of_a_relu_softmax_network_matches_central_differences(sizes):
    params = random_net(sizes, seed=11)
    rng = np.random.default_rng(12)
    X, y = rng.normal(size=(8, sizes[0])), rng.integers(0, sizes[-1], size=8)
    layers = bp.mlp_forward(X, params, hidden=lambda z: np.maximum(z, 0.0), output=lambda z: z)
    Z = layers[-1][0]
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    dZ = (P - np.eye(sizes[-1])[y]) / len(y)           # softmax cross-entropy: (P - Y) / B
    grads = bp.mlp_backward(dZ, X, params, layers, lambda z: (z > 0).astype(float))
    assert len(grads) == len(params)
    for l, (W, b) in enumerate(params):
        dW, db = grads[l]
        assert_gradient(lambda v: relu_softmax_loss(X, y, replace(params, l, 0, v)), lambda v: dW, W)
        assert_gradient(lambda v: relu_softmax_loss(X, y, replace(params, l, 1, v)), lambda v: db, b)


def test_mlp_backward_gives_backwards_gradients_for_the_sigmoid_network():
    """Started from backward's output delta, with the sigmoid's slope, it is backward itself."""
    params = random_net([3, 5, 4, 2], seed=13)
    rng = np.random.default_rng(14)
    X, y = rng.normal(size=(6, 3)), rng.uniform(size=(6, 2))
    layers = bp.forward(X, params)
    expected = bp.backward(X, y, params, layers)
    grads = bp.mlp_backward(expected["deltas"][-1], X, params, layers, bp.sigmoid_prime)
    for (dW, db), (eW, eb) in zip(grads, expected["grads"], strict=True):
        np.testing.assert_allclose(dW, eW)
        np.testing.assert_allclose(db, eb)


def test_mlp_backward_leaves_its_inputs_alone_and_rejects_a_wrong_number_of_layers():
    params = random_net([2, 3, 2], seed=15)
    X = np.ones((4, 2))
    layers = bp.mlp_forward(X, params, hidden=np.tanh, output=lambda z: z)
    dZ = np.ones((4, 2))
    saved = dZ.copy(), [(W.copy(), b.copy()) for W, b in params]
    bp.mlp_backward(dZ, X, params, layers, lambda z: 1 - np.tanh(z) ** 2)
    np.testing.assert_array_equal(dZ, saved[0])
    for (W, b), (W0, b0) in zip(params, saved[1]):
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(b, b0)
    with pytest.raises(ValueError, match="layers has 1 entries, params 2"):
        bp.mlp_backward(dZ, X, params, layers[:1], np.tanh)
