"""The notebook "Maths and neural-network basics from scratch": its key results against
independent computations (plain Python loops, math.erf, hand-worked values)."""
from __future__ import annotations

import math

import numpy as np
from notebook_run import run, test_same_outputs_as_the_build  # noqa: F401

NOTEBOOK = "maths-and-basics"
RESULTS = ["x_dot_w", "Wx", "FG_shape", "GF_shape", "Z", "wrong_shape", "mse_wrong", "mse_right",
           "EPS_MACH", "sigmoid_check_error", "hs", "err_forward", "err_central", "slope_forward",
           "slope_central", "h_best_central", "h_predicted", "z_hand", "a_relu", "a_sigmoid",
           "X_batch", "y_hat_batch", "n_params", "collapse_gap", "activation_check_errors",
           "slope_max", "x_min", "gelu_low", "depths", "chain"]

# The data the notebook reads from the snippets, written out here so the test shares no code.
X4 = [[1.0, 2.0, -1.0], [0.0, 1.0, 2.0], [3.0, -1.0, 0.0], [2.0, 0.0, 1.0]]
W1_SHAPES, B1_SHAPES = [[0.5, 1.0, -1.0], [-1.0, 0.5, 2.0]], [0.5, -1.0]
W2_SHAPES, B2_SHAPES = [0.5, -1.0], 0.25
Y4 = [2.0, -3.0, 1.0, 1.0]
W1_FP = [[0.5, -0.2], [0.3, 0.4], [-0.6, 0.1]]
B1_FP = [0.1, -0.1, 0.2]
W2_FP, B2_FP = [0.7, -0.5, 0.9], 0.1


def _sig(z):
    return 1.0 / (1.0 + math.exp(-z))


def _Phi(x):
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _varphi(x):
    return math.exp(-x * x / 2.0) / math.sqrt(2.0 * math.pi)


def _dot(u, v):
    return sum(a * b for a, b in zip(u, v))


def test_dot_product_and_matrix_vector_product(run):
    v = run.values
    assert v["x_dot_w"] == 3.5                      # 1(0.5) + 2(1) + (-1)(-1) = 0.5 + 2 + 1
    assert v["Wx"] == [_dot(row, X4[0]) for row in W1_SHAPES] == [3.5, -2.0]


def test_shapes_of_products_and_of_the_batch_layer(run):
    v = run.values
    assert tuple(v["FG_shape"]) == (2, 2) and tuple(v["GF_shape"]) == (3, 3)   # (2x3)(3x2), (3x2)(2x3)
    Z = np.array(v["Z"])
    assert Z.shape == (4, 2)                                                  # (4x3)(3x2) + (2,)
    for i, x in enumerate(X4):                                                # row i = W x_i + b
        for j, (w, b) in enumerate(zip(W1_SHAPES, B1_SHAPES)):
            assert math.isclose(Z[i, j], _dot(w, x) + b, abs_tol=1e-12)


def test_silent_broadcast_averages_the_whole_table(run):
    v = run.values
    y_hat = []
    for x in X4:                                                              # the page's network
        hidden = [max(0.0, _dot(w, x) + b) for w, b in zip(W1_SHAPES, B1_SHAPES)]
        y_hat.append(_dot(W2_SHAPES, hidden) + B2_SHAPES)
    table = [(p - t) ** 2 for p in y_hat for t in Y4]                         # every pair
    assert tuple(v["wrong_shape"]) == (4, 4) and len(table) == 16             # 16 entries, 4 meant
    assert math.isclose(v["mse_wrong"], sum(table) / 16, rel_tol=1e-12)
    right = sum((p - t) ** 2 for p, t in zip(y_hat, Y4)) / 4
    assert math.isclose(v["mse_right"], right, rel_tol=1e-12)
    assert v["mse_wrong"] > 10 * v["mse_right"]


def test_machine_epsilon(run):
    eps = run.values["EPS_MACH"]
    assert eps == 2.0 ** -52 and f"{eps:.2g}" == "2.2e-16"
    assert round(math.log10(1 / eps)) == 16                                   # about 16 digits


def test_sigmoid_derivative_check_is_tight(run):
    assert run.values["sigmoid_check_error"] < 1e-10          # "more than a thousand times below 1e-7"


def test_error_versus_step_size(run):
    v = run.values
    hs, fwd, cen = np.array(v["hs"]), np.array(v["err_forward"]), np.array(v["err_central"])
    assert math.isclose(hs[0], 1e-13) and math.isclose(hs[-1], 0.1)
    # Truncation: O(h) and O(h^2) on the right of the plot.
    assert abs(v["slope_forward"] - 1) < 0.1 and abs(v["slope_central"] - 2) < 0.1
    # The best central step, predicted independently from sigma''' = u (u^2 - 4u + 1) / (1 + u)^4
    # with u = e^{-z} (differentiating 1 / (1 + u) three times), balancing h^2/6 |f'''| and eps |f| / h.
    u = math.exp(-1.0)
    d3 = u * (u * u - 4 * u + 1) / (1 + u) ** 4
    predicted = (3 * 2.0 ** -52 * _sig(1.0) / abs(d3)) ** (1 / 3)
    assert math.isclose(v["h_predicted"], predicted, rel_tol=1e-9)
    assert predicted / 10 < v["h_best_central"] < predicted * 10              # "near the prediction"
    # The V: rounding makes the tiniest steps worse, and central beats forward by far at its best.
    assert cen[0] > 100 * cen.min() and fwd[0] > 100 * fwd.min()
    assert cen.min() < fwd.min() / 100
    # Every error is measured against sigma'(1) = sigma(1)(1 - sigma(1)).
    exact = _sig(1.0) * (1 - _sig(1.0))
    h = hs[-1]
    assert math.isclose(cen[-1], abs((_sig(1 + h) - _sig(1 - h)) / (2 * h) - exact), rel_tol=1e-6)


def test_one_neuron_by_hand(run):
    v = run.values
    z = 0.5 * 1 + (-0.2) * 2 + 0.1                                            # = 0.2
    assert math.isclose(v["z_hand"], 0.2) and math.isclose(v["a_relu"], 0.2)
    assert math.isclose(v["a_sigmoid"], _sig(z), rel_tol=1e-12)
    assert f"{v['a_sigmoid']:.4f}" == "0.5498"


def test_batch_forward_pass_and_parameters(run):
    v = run.values
    X, y_hat = v["X_batch"], np.array(v["y_hat_batch"])
    assert np.shape(X) == (5, 2) and y_hat.shape == (5, 1)
    for x, out in zip(X, y_hat[:, 0]):
        hidden = [max(0.0, _dot(w, x) + b) for w, b in zip(W1_FP, B1_FP)]
        assert math.isclose(out, _sig(_dot(W2_FP, hidden) + B2_FP), rel_tol=1e-12)
        assert 0 < out < 1
    assert v["n_params"] == (3 * 2 + 3) + (1 * 3 + 1) == 13
    assert v["collapse_gap"] < 1e-12


def test_activation_derivatives_and_their_largest_slopes(run):
    v = run.values
    assert set(v["activation_check_errors"]) == {"sigmoid", "tanh", "ReLU", "GELU"}
    assert max(v["activation_check_errors"].values()) < 1e-9
    m = v["slope_max"]
    assert m["sigmoid"] == 0.25 and math.isclose(m["tanh"], 1.0) and m["ReLU"] == 1.0
    # GELU'' = varphi(x)(2 - x^2) is zero at sqrt 2: GELU' is largest there.
    r2 = math.sqrt(2.0)
    peak = _Phi(r2) + r2 * _varphi(r2)
    assert f"{peak:.3g}" == "1.13" and peak - 1e-4 < m["GELU"] <= peak
    # The sigmoid's slope never exceeds 1/4 (a fine grid, plain math).
    assert max(_sig(z) * (1 - _sig(z)) for z in np.linspace(-20, 20, 40001)) <= 0.25


def test_gelu_dip(run):
    v = run.values
    grid = np.linspace(-3.0, 0.0, 300001)                                     # step 1e-5
    values = [x * _Phi(x) for x in grid]
    k = int(np.argmin(values))
    assert abs(v["x_min"] - grid[k]) < 2e-5 and math.isclose(v["gelu_low"], values[k], abs_tol=1e-9)
    assert f"{v['x_min']:.2f}" == "-0.75" and f"{v['gelu_low']:.2f}" == "-0.17"


def test_gradient_through_a_chain_of_one_unit_layers(run):
    v = run.values
    depths, chain = v["depths"], v["chain"]
    assert depths == list(range(1, 31))
    # Independent chain: a = phi(a) from a = 1 (weight 1, bias 0), gradient = product of slopes.
    slopes = {"sigmoid": (_sig, lambda z: _sig(z) * (1 - _sig(z))),
              "tanh": (math.tanh, lambda z: 1 - math.tanh(z) ** 2),
              "ReLU": (lambda z: max(0.0, z), lambda z: 1.0 if z > 0 else 0.0)}
    for name, (phi, dphi) in slopes.items():
        a, g, expected = 1.0, 1.0, []
        for _ in depths:
            g *= dphi(a)
            a = phi(a)
            expected.append(g)
        np.testing.assert_allclose(chain[name], expected, rtol=1e-10)
    sig, tanh = np.array(chain["sigmoid"]), np.array(chain["tanh"])
    # Sigmoid: below the bound 4^-depth, under 1e-6 after ten layers, a nearly fixed factor per layer.
    assert np.all(sig <= 0.25 ** np.array(depths)) and sig[9] <= 0.25 ** 10 < 1e-6
    ratios = sig[10:] / sig[9:-1]
    assert ratios.std() / ratios.mean() < 1e-2
    # Tanh: always falling, ever more slowly (the per-layer factor grows towards 1).
    t_ratios = tanh[1:] / tanh[:-1]
    assert np.all(t_ratios < 1) and np.all(np.diff(t_ratios) > 0)
    # ReLU: exactly one at every depth.
    assert chain["ReLU"] == [1.0] * 30


def test_what_the_try_it_cell_promises():
    """The expectations of "Try it", computed here from scratch (the notebook does not run them)."""
    # At z = 0 the sigmoid's second derivative vanishes: the forward error falls like h^2 too.
    exact0 = 0.25
    errors = [abs((_sig(h) - _sig(0.0)) / h - exact0) for h in (1e-2, 1e-1)]
    assert abs(math.log10(errors[1] / errors[0]) - 2) < 0.05
    # A sigmoid chain with weight 4 (from a = 1) keeps less gradient after ten layers than weight 1.
    def sigmoid_chain(w, depth=10, a=1.0):
        g = 1.0
        for _ in range(depth):
            s = _sig(w * a)
            g *= w * s * (1 - s)
            a = s
        return g
    assert sigmoid_chain(4.0) < sigmoid_chain(1.0)
    # GELU from a = 1: the gradient first grows above 1, then shrinks; GELU'(0) = Phi(0) = 1/2.
    a, g, grads = 1.0, 1.0, []
    for _ in range(30):
        g *= _Phi(a) + a * _varphi(a)
        a = a * _Phi(a)
        grads.append(g)
    assert grads[0] > 1 and max(grads) > grads[0] and grads[-1] < 1e-3
    assert _Phi(0.0) + 0.0 * _varphi(0.0) == 0.5
