"""Tests of snippets/activations.py, against independent computations and central differences."""
from __future__ import annotations

import math

import numpy as np
import pytest
from gradcheck import assert_gradient, central_difference

import activations as act
import derivatives
import probability
from transcript_check import check, each, entries

# Points for gradient checks: many, both signs, none within 1e-6 of ReLU's kink at 0
# (an even number of evenly spaced points symmetric about 0 never hits 0).
POINTS = np.linspace(-4.0, 4.0, 40)
assert np.min(np.abs(POINTS)) > 0.1


def Phi(x: float) -> float:
    """Standard normal CDF with the standard library, written independently of the snippet."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def Phi_by_integration(x: float, n: int = 20_000) -> float:
    """Phi(x) = 1/2 + integral from 0 to x of the normal density (Simpson's rule): no erf at all."""
    h = x / n
    total = 0.0
    for k in range(n + 1):
        t = k * h
        weight = 1 if k in (0, n) else (4 if k % 2 else 2)
        total += weight * math.exp(-t * t / 2)
    return 0.5 + total * h / 3 / math.sqrt(2 * math.pi)


# ---------------------------------------------------------------------------
# Definitions, against plain Python


def test_activations_match_their_definitions():
    for z in POINTS:
        s = 1 / (1 + math.exp(-z))
        assert act.sigmoid(z) == pytest.approx(s, rel=1e-12)
        assert act.tanh(z) == pytest.approx((math.exp(z) - math.exp(-z)) / (math.exp(z) + math.exp(-z)))
        assert act.relu(z) == max(0.0, z)
        assert act.leaky_relu(z, 0.1) == pytest.approx(z if z > 0 else 0.1 * z)
        assert act.gelu(z) == pytest.approx(z * Phi(z), rel=1e-12, abs=1e-15)
        c = math.sqrt(2 / math.pi)
        assert act.gelu_tanh(z) == pytest.approx(0.5 * z * (1 + math.tanh(c * (z + 0.044715 * z**3))))


def test_derivatives_match_their_closed_forms():
    for z in POINTS:
        s = 1 / (1 + math.exp(-z))
        assert act.sigmoid_grad(z) == pytest.approx(math.exp(-z) / (1 + math.exp(-z)) ** 2)
        assert act.tanh_grad(z) == pytest.approx(1 / math.cosh(z) ** 2)
        assert act.relu_grad(z) == (1.0 if z > 0 else 0.0)
        pdf = math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
        assert act.gelu_grad(z) == pytest.approx(Phi(z) + z * pdf)
        assert s == pytest.approx(act.sigmoid(z))


def test_leaky_relu_with_slope_zero_is_relu():
    """slope = 0 is allowed (the bound is 0 <= slope < 1) and gives back ReLU and its slope."""
    z = np.array([-2.0, -0.5, 0.0, 1.5])
    np.testing.assert_array_equal(act.leaky_relu(z, slope=0.0), [0.0, 0.0, 0.0, 1.5])
    np.testing.assert_array_equal(act.leaky_relu_grad(z, slope=0.0), [0.0, 0.0, 0.0, 1.0])


def test_the_convention_at_the_corner():
    """At z = 0 ReLU's slope is taken as 0 (as in PyTorch) and Leaky ReLU's as its slope."""
    assert act.relu_grad(0.0) == 0.0
    assert act.leaky_relu_grad(0.0, 0.2) == 0.2
    np.testing.assert_array_equal(act.relu_grad(np.array([-1e-300, 0.0, 1e-300])), [0, 0, 1])


def test_tanh_is_a_rescaled_sigmoid():
    """tanh(z) = 2 sigma(2z) - 1, the identity the worked example uses."""
    np.testing.assert_allclose(act.tanh(POINTS), 2 * act.sigmoid(2 * POINTS) - 1, atol=1e-14)


def test_ranges():
    z = np.linspace(-30, 30, 6001)
    assert np.all((act.sigmoid(z) >= 0) & (act.sigmoid(z) <= 1))
    assert np.all(np.abs(act.tanh(z)) <= 1)
    assert np.all(act.relu(z) >= 0)
    assert act.gelu(z).min() >= -0.17 - 1e-4
    assert act.leaky_relu(z).min() == pytest.approx(-0.3)


# ---------------------------------------------------------------------------
# Every hand-written derivative against central differences


@pytest.mark.parametrize("f, grad", [
    (act.sigmoid, act.sigmoid_grad),
    (act.tanh, act.tanh_grad),
    (act.relu, act.relu_grad),
    (act.leaky_relu, act.leaky_relu_grad),
    (lambda z: act.leaky_relu(z, 0.2), lambda z: act.leaky_relu_grad(z, 0.2)),
    (act.gelu, act.gelu_grad),
    (act.gelu_tanh, act.gelu_tanh_grad),
    (act.normal_cdf, act.normal_pdf),
], ids=["sigmoid", "tanh", "relu", "leaky", "leaky0.2", "gelu", "gelu_tanh", "Phi"])
def test_elementwise_derivatives_against_central_differences(f, grad):
    # For an element-wise f, the gradient of sum(f(z)) is f'(z) entry by entry.
    assert_gradient(lambda z: np.sum(f(z)), grad, POINTS)
    assert_gradient(lambda z: np.sum(f(z)), grad, np.array([-0.7, -0.01, 0.01, 0.3, 2.5]))


def test_gelu_second_derivative_used_on_the_page():
    """GELU''(x) = phi(x) (2 - x^2), the formula the minimum example uses."""
    for x in POINTS:
        numeric = central_difference(lambda v: float(act.gelu_grad(v[0])), np.array([x]), eps=1e-5)[0]
        assert numeric == pytest.approx(float(act.normal_pdf(x)) * (2 - x * x), abs=1e-7)


def test_softmax_jacobian_against_central_differences():
    rng = np.random.default_rng(0)
    for z in [act.SOFTMAX_Z, rng.normal(size=5), rng.normal(scale=4, size=4), np.array([3.0])]:
        J = act.softmax_jacobian(z)
        for i in range(len(z)):
            assert_gradient(lambda v: act.softmax(v)[i], lambda v: act.softmax_jacobian(v)[i], z)
        np.testing.assert_allclose(J, J.T)  # symmetric
        np.testing.assert_allclose(J.sum(axis=1), 0, atol=1e-15)  # probabilities keep summing to 1


def test_softmax_grad_against_central_differences_on_a_batch():
    rng = np.random.default_rng(1)
    Z, G = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    assert_gradient(lambda z: np.sum(G * act.softmax(z)), lambda z: act.softmax_grad(z, G), Z)
    for z, g in zip(Z, G):  # and it is J^T g, row by row
        np.testing.assert_allclose(act.softmax_grad(z, g), act.softmax_jacobian(z).T @ g)


def test_relu_unit_step_gradients_against_central_differences():
    X, y = act.DEAD_X, act.DEAD_Y
    theta = np.array([0.3, -0.2, 0.4])  # (w1, w2, b), every z well away from 0

    def loss(t):
        return float(act.relu_unit_step(X, y, t[:2], t[2], lr=1.0)["loss"])

    def grad(t):
        out = act.relu_unit_step(X, y, t[:2], t[2], lr=1.0)
        return np.append(out["dw"], out["db"])

    assert_gradient(loss, grad, theta)
    assert_gradient(loss, grad, np.array([act.DEAD_W[0], act.DEAD_W[1], act.DEAD_B]))


# ---------------------------------------------------------------------------
# The facts the page states


def test_gelu_at_one_every_number_independently_via_integration():
    """The worked example GELU(1) against GELU_tanh(1), with Phi(1) by Simpson's rule (no erf)."""
    exact = 1.0 * Phi_by_integration(1.0)                    # 0.84134
    c = math.sqrt(2 / math.pi)                                # 0.79788
    u = c * (1 + 0.044715)                                    # c * 1.044715 = 0.83356
    approx = 0.5 * (1 + math.tanh(u))                         # 0.84119
    t = act.worked_example_gelu_at_one()
    check(t, {"x": 1.0, "x/sqrt2": 1 / math.sqrt(2), "erf": 2 * Phi_by_integration(1.0) - 1,
              "Phi(1)": exact, "GELU(1)": exact, "exact": exact, "c": c, "C": 0.044715,
              "inner": 1.044715, "u": u, "tanh(u)": math.tanh(u), "GELU_tanh(1)": approx,
              "approx": approx, "difference": exact - approx}, complete=True, atol=1e-12)
    assert act.gelu(1.0) == pytest.approx(exact, abs=1e-12)
    assert act.gelu_tanh(1.0) == pytest.approx(approx, abs=1e-15)
    # The page's digits: the tanh form is 0.8412 at four decimals, NOT the exact 0.8413.
    assert round(entries(t, "GELU(1)")[0], 5) == 0.84134 and round(entries(t, "GELU(1)")[0], 4) == 0.8413
    assert round(entries(t, "GELU_tanh(1)")[0], 5) == 0.84119
    assert round(entries(t, "GELU_tanh(1)")[0], 4) == 0.8412
    assert round(entries(t, "difference")[0], 5) == 0.00015


def test_gelu_is_not_monotonic():
    x = np.linspace(-3.0, -0.8, 200)
    assert np.all(np.diff(act.gelu(x)) < 0)  # it decreases on part of (-inf, 0) ...
    x = np.linspace(-0.7, 3.0, 200)
    assert np.all(np.diff(act.gelu(x)) > 0)  # ... and increases after the dip
    assert act.gelu(-2.0) > act.gelu(-1.0)  # a larger input, a smaller output
    assert np.any(act.gelu_grad(np.linspace(-4, 0, 100)) < 0)


def test_gelu_minimum_matches_newton_and_a_grid_search():
    x_min, y_min = act.gelu_minimum()
    # Independent: Newton on GELU'(x) = 0 with GELU'' = phi (2 - x^2), using math.erf only.
    x = -1.0
    for _ in range(50):
        pdf = math.exp(-x * x / 2) / math.sqrt(2 * math.pi)
        x -= (Phi(x) + x * pdf) / (pdf * (2 - x * x))
    assert x_min == pytest.approx(x, abs=1e-10)
    assert y_min == pytest.approx(x * Phi(x), abs=1e-12)
    assert round(x_min, 4) == -0.7518 and round(y_min, 4) == -0.1700
    grid = np.linspace(-3, 0, 300_001)
    assert grid[np.argmin(act.gelu(grid))] == pytest.approx(x_min, abs=2e-5)
    assert np.min(act.gelu(grid)) >= y_min - 1e-15


def test_gelu_tanh_stays_close_to_the_exact_gelu():
    x = np.linspace(-8, 8, 160_001)
    gap = np.abs(act.gelu(x) - act.gelu_tanh(x))
    assert gap.max() < 5e-4  # the page's deep dive: "below 5 × 10^-4 everywhere"
    assert gap.max() > 4e-4  # ... and not a much smaller bound
    assert gap[np.abs(x) > 6].max() < 1e-6


def test_softmax_and_sigmoid_grad_are_the_shared_implementations():
    """One softmax (probability page) and one sigma' (derivatives page), imported here."""
    assert act.softmax is probability.softmax
    assert act.sigmoid_grad is derivatives.sigmoid_derivative


def test_sigmoid_slope_is_at_most_a_quarter_and_tanh_slope_at_most_one():
    z = np.linspace(-10, 10, 20_001)
    assert act.sigmoid_grad(z).max() == pytest.approx(0.25) and z[np.argmax(act.sigmoid_grad(z))] == 0
    assert act.tanh_grad(z).max() == pytest.approx(1.0)
    assert act.sigmoid_grad(z).max() <= 0.25


def test_softmax_is_stable_and_shift_invariant():
    z = act.SOFTMAX_Z
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        p_big = act.softmax(z + 1000.0)
        act.softmax(np.array([-1000.0, 0.0, 1000.0]))
    np.testing.assert_allclose(p_big, act.softmax(z), rtol=1e-12)
    e = [math.exp(v) for v in z]
    np.testing.assert_allclose(act.softmax(z), [v / sum(e) for v in e], rtol=1e-12)
    with np.errstate(over="ignore", invalid="ignore"):  # what the naive formula does
        naive = np.exp(z + 1000.0) / np.sum(np.exp(z + 1000.0))
    assert np.all(np.isnan(naive))


def test_softmax_normalises_each_row_of_a_batch():
    Z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    P = act.softmax(Z)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    np.testing.assert_allclose(P[1], [1 / 3] * 3)
    np.testing.assert_allclose(P[0], act.softmax(Z[0]))


def test_np_max_relu_crashes_but_np_maximum_works():
    """The page's claim: np.max(0, x) is not ReLU; it raises instead of computing max(0, x)."""
    x = np.array([-1.0, 2.0])
    assert act.np_max_as_relu(x).startswith("TypeError")
    assert act.np_max_as_relu(3.0).startswith("TypeError")
    np.testing.assert_array_equal(act.relu(x), [0.0, 2.0])  # max(0, -1) = 0, max(0, 2) = 2
    # "e^z" is exclusive-or in Python, not a power: on floats it raises.
    assert act.caret_as_power(math.e, 2.0).startswith("TypeError")


def test_dead_relu_gets_no_gradient_and_never_recovers():
    X, y = act.DEAD_X, act.DEAD_Y
    w, b = act.DEAD_W.copy(), act.DEAD_B
    big = act.relu_unit_step(X, y, w, b, act.LARGE_LR)
    w, b = big["w_new"], big["b_new"]
    for _ in range(100):
        out = act.relu_unit_step(X, y, w, b, act.LARGE_LR)
        assert np.all(out["z"] < 0) and np.all(out["dw"] == 0) and out["db"] == 0
        w, b = out["w_new"], out["b_new"]
    assert out["loss"] == pytest.approx(0.5)  # stuck at a worse loss than the starting 0.25
    w, b = act.DEAD_W.copy(), act.DEAD_B
    for _ in range(100):  # the small learning rate keeps the unit alive and the loss falls
        out = act.relu_unit_step(X, y, w, b, act.SMALL_LR)
        w, b = out["w_new"], out["b_new"]
    assert np.all(out["z"] > 0) and out["loss"] < 0.03


# ---------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize("call, message", [
    (lambda: act.leaky_relu(1.0, slope=-0.1), r"slope must be in \[0, 1\), got -0.1"),
    (lambda: act.leaky_relu_grad(1.0, slope=1.0), r"slope must be in \[0, 1\), got 1.0"),
    (lambda: act.leaky_relu(1.0, slope=1.5), r"slope must be in \[0, 1\), got 1.5"),
    (lambda: act.softmax_with_temperature(np.ones(3), 0.0), r"temperature must be positive"),
    (lambda: act.leaky_relu(1.0, slope=1.0), r"slope must be in \[0, 1\), got 1.0"),
    (lambda: act.leaky_relu_grad(1.0, slope=-0.1), r"slope must be in \[0, 1\), got -0.1"),
    (lambda: act.tanh("abc"), r"z must be numbers, got 'abc'"),
    (lambda: act.normal_cdf(["x"]), r"x must be numbers"),
    (lambda: act.gelu(np.array([1.0, np.nan])), r"x contains NaN or infinity"),
    (lambda: act.tanh(np.inf), r"z contains NaN or infinity"),
    (lambda: act.sigmoid_grad("abc"), r"z must be numbers"),
    (lambda: act.softmax(np.array([])), r"softmax needs at least one score"),
    (lambda: act.softmax(np.array([1.0, -np.inf])), r"z contains NaN or infinity"),
    (lambda: act.softmax_jacobian(np.ones((2, 2))), r"one score vector, got shape \(2, 2\)"),
    (lambda: act.softmax_grad(np.ones(3), np.ones(2)), r"upstream has shape \(2,\), z has \(3,\)"),
    (lambda: act.gelu_minimum(0.0, 1.0), r"GELU' must go from - to \+ on \[0.0, 1.0\]"),
    (lambda: act.relu_unit_step(np.ones((3, 2)), np.ones(2), np.ones(2), 0.0, 0.1), r"X must have shape"),
    (lambda: act.relu_unit_step(np.ones((2, 2)), np.ones(2), np.ones(2), 0.0, 0.0), r"learning rate must be positive"),
])
def test_bad_input_gets_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# ---------------------------------------------------------------------------
# Transcripts and interview answers


def test_transcripts_are_consistent():
    values = dict(act.worked_example())
    assert values["sigmoid'(0)"] == 0.25 and values["tanh'(0)"] == 1.0
    gm = dict(act.worked_example_gelu_minimum())
    assert gm["GELU''(x_min)"] > 0  # a minimum, not a maximum
    assert gm["GELU(-2)"] > gm["GELU(x_min)"] < 0 and gm["GELU(-3)"] > gm["GELU(-2)"]
    dead = act.worked_example_dead_relu()
    z_new = [v for n, v in dead if n == "z_new"]
    assert np.all(z_new[0] > 0) and np.all(z_new[1] < 0)
    for example in act.EXAMPLES:
        assert len(example()) >= 10


def test_worked_example_tables_by_hand():
    """Both tables, every row, and the numbers worked out around them, with the math module."""
    t = act.worked_example()
    zs = [-2.0, -0.5, 0.0, 1.0, 2.0]
    sig = [1 / (1 + math.exp(-z)) for z in zs]
    pdf = [math.exp(-z * z / 2) / math.sqrt(2 * math.pi) for z in zs]
    check(t, {
        "sigmoid": each(*sig),
        "tanh": each(*[(math.exp(z) - math.exp(-z)) / (math.exp(z) + math.exp(-z)) for z in zs]),
        "ReLU": each(0.0, 0.0, 0.0, 1.0, 2.0), "leaky": each(-0.02, -0.005, 0.0, 1.0, 2.0),
        "GELU": each(*[z * Phi(z) for z in zs]),
        "sigmoid'": each(*[s * (1 - s) for s in sig]),
        "tanh'": each(*[1 / math.cosh(z) ** 2 for z in zs]),
        "ReLU'": each(0.0, 0.0, 0.0, 1.0, 1.0), "leaky'": each(0.01, 0.01, 0.01, 1.0, 1.0),
        "GELU'": each(*[Phi(z) + z * d for z, d in zip(zs, pdf)]),
        # Sigmoid at -0.5: e^0.5 = 1.6487, 1 / 2.6487 = 0.3775, and 0.3775 * 0.6225 = 0.2350.
        "-z": 0.5, "exp(-z)": math.exp(0.5), "sigmoid(z)": 1 / (1 + math.exp(0.5)),
        "1-sigmoid(z)": math.exp(0.5) / (1 + math.exp(0.5)),
        "sigmoid'(z)": math.exp(0.5) / (1 + math.exp(0.5)) ** 2,
        # tanh(1) = 2 sigma(2) - 1 = 2 * 0.8808 - 1 = 0.7616; tanh'(1) = 1 - 0.7616^2 = 0.4200.
        "2z": 2.0, "sigmoid(2)": 1 / (1 + math.exp(-2)), "tanh(1)": math.tanh(1.0),
        "tanh'(1)": 1 - math.tanh(1.0) ** 2,
        "ReLU(-0.5)": 0.0, "ReLU'(-0.5)": 0.0, "leaky(-0.5)": -0.005, "leaky'(-0.5)": 0.01,
        # GELU(1) = Phi(1) = 0.8413; GELU'(1) = Phi(1) + phi(1) = 0.8413 + 0.2420 = 1.0833.
        "GELU(1)": Phi_by_integration(1.0), "Phi(1)": Phi_by_integration(1.0),
        "phi(1)": math.exp(-0.5) / math.sqrt(2 * math.pi),
        "GELU'(1)": Phi_by_integration(1.0) + math.exp(-0.5) / math.sqrt(2 * math.pi),
        # What the tables show: 1/4 and 1 at 0; sigma'(2) = 0.1050; GELU'(2) = Phi(2) + 2 phi(2).
        "sigmoid'(0)": 0.25, "tanh'(0)": 1.0, "sigmoid'(2)": sig[4] * (1 - sig[4]),
        "GELU'(2)": Phi(2.0) + 2 * pdf[4], "ReLU'(0)": 0.0, "slope": 0.01,
    }, atol=1e-12)
    names = [n for n, _ in t]
    start = next(i for i in range(len(t) - 1) if names[i] == "z" and names[i + 1] == "sigmoid")
    assert names[start:start + 30] == ["z", "sigmoid", "tanh", "ReLU", "leaky", "GELU"] * 5
    assert [v for _, v in t[start:start + 30:6]] == zs   # one row per input


def test_worked_example_softmax_and_its_jacobian_by_hand():
    """p = softmax(2, 1, 0.1) from math.exp, and the Jacobian entry by entry, p_i (delta_ij - p_j),
    compared with a central-difference Jacobian of a softmax written here."""
    e = [1.0, math.exp(-1.0), math.exp(-1.9)]                 # e^(z - max), max = 2
    S = sum(e)                                                # 1.5174
    p = [v / S for v in e]                                    # 0.6590, 0.2424, 0.0986
    J = [[p[i] * ((i == j) - p[j]) for j in range(3)] for i in range(3)]

    def plain_softmax(v):
        ex = [math.exp(a - max(v)) for a in v]
        return np.array([a / sum(ex) for a in ex])
    numeric = np.array([central_difference(lambda v, i=i: plain_softmax(v)[i], act.SOFTMAX_Z)
                        for i in range(3)])
    np.testing.assert_allclose(numeric, J, atol=1e-9)
    t = act.worked_example_softmax()
    check(t, {"z": [2.0, 1.0, 0.1], "max": 2.0,
              "shifted": [0.0, -1.0, -1.9], "exp(shifted)": e, "sum": S, "p": p, "sum(p)": 1.0,
              "p[0]": p[0], "p[1]": p[1], "p[2]": p[2],
              "1-p[0]": 1 - p[0], "1-p[1]": 1 - p[1], "1-p[2]": 1 - p[2],
              "J[0,0]": J[0][0], "J[1,1]": J[1][1], "J[2,2]": J[2][2], "J[0,1]": J[0][1], "J": J,
              "largest row sum": 0.0},
          complete=True, atol=1e-15)


def test_worked_example_gelu_minimum_by_an_independent_bisection():
    def slope(x):  # GELU'(x) = Phi(x) + x phi(x), with erfc
        return Phi(x) + x * math.exp(-x * x / 2) / math.sqrt(2 * math.pi)

    lo, hi, steps = -2.0, 0.0, []
    for _ in range(4):   # -1 (falling), -0.5 (rising), -0.75 (rising), -0.875 (falling)
        mid = (lo + hi) / 2
        steps.append((lo, hi, mid, slope(mid)))
        lo, hi = (mid, hi) if slope(mid) < 0 else (lo, mid)
    x = -0.75   # Newton from -0.75 on slope = 0, with slope' = phi(x) (2 - x^2)
    for _ in range(30):
        x -= slope(x) / (math.exp(-x * x / 2) / math.sqrt(2 * math.pi) * (2 - x * x))
    pdf_x = math.exp(-x * x / 2) / math.sqrt(2 * math.pi)
    t = act.worked_example_gelu_minimum()
    check(t, {
        "GELU'(x)": each(slope(-2.0), 0.5), "Phi(-2)": Phi(-2.0),
        "phi(-2)": math.exp(-2.0) / math.sqrt(2 * math.pi), "GELU'(-2)": slope(-2.0),
        "lo": each(*[s[0] for s in steps], lo), "hi": each(*[s[1] for s in steps], hi),
        "mid": each(*[s[2] for s in steps]), "GELU'(mid)": each(*[s[3] for s in steps]),
        "x_min": x, "GELU(x_min)": x * Phi(x), "Phi(x_min)": Phi(x), "phi(x_min)": pdf_x,
        "x_min^2": x * x, "GELU''(x_min)": pdf_x * (2 - x * x),
        "GELU(-3)": -3 * Phi(-3.0), "GELU(-2)": -2 * Phi(-2.0),
        "x": each(-2.0, 0.0, -2.0, -2.0, -2.0, -2.0, -2.0, -3.0, -2.0, -3.0),
    }, complete=True, atol=1e-12)
    assert (entries(t, "lo")[-1], entries(t, "hi")[-1]) == (-0.875, -0.75)


def test_worked_example_vanishing_by_hand():
    s5 = 1 / (1 + math.exp(-5))                                # 0.99331
    check(act.worked_example_vanishing(), {
        "z": each(0.0, 0.0, 0.0, 0.0, 0.0, 5.0, 5.0, 5.0, 5.0), "sigmoid(0)": 0.5,
        "1-sigmoid(0)": 0.5, "sigmoid'(0)": 0.25, "layers": each(5, 10, 10, 10),
        # (1/4)^5 = 1/1024 and (1/4)^10 = 1/1048576; sigma'(5) = 0.99331 * 0.00669 = 0.006648.
        "product": each(1 / 1024, 1 / 1048576, (s5 * (1 - s5)) ** 10),
        "sigmoid(5)": s5, "sigmoid'(5)": s5 * (1 - s5), "tanh'(0)": 1.0, "ReLU'(z>0)": 1.0,
    }, complete=True, atol=1e-15)


def test_worked_example_dead_relu_by_hand():
    """One ReLU unit, one step, in plain Python. X = (1, 2), (2, 1), (2, 2), targets 1, w = (0.5, 0.5):
    z = (1.5, 1.5, 2), loss = mean((a - 1)^2 / 2) = (0.125 + 0.125 + 0.5) / 3 = 0.25,
    dz = (a - y) / 3 = (1/6, 1/6, 1/3), dw = X^T dz = (7/6, 7/6), db = 2/3."""
    X, y = [[1.0, 2.0], [2.0, 1.0], [2.0, 2.0]], [1.0, 1.0, 1.0]

    def unit(w, b):
        z = [r[0] * w[0] + r[1] * w[1] + b for r in X]
        a = [max(0.0, v) for v in z]
        dz = [(ai - yi) / 3 * (1.0 if zi > 0 else 0.0) for ai, yi, zi in zip(a, y, z)]
        dw = [sum(d * r[j] for d, r in zip(dz, X)) for j in range(2)]
        loss = sum(0.5 * (ai - yi) ** 2 for ai, yi in zip(a, y)) / 3
        return z, a, loss, dz, dw, sum(dz)

    z, a, loss, dz, dw, db = unit([0.5, 0.5], 0.0)
    news = []
    for lr in (0.1, 2.0):
        w_new, b_new = [0.5 - lr * g for g in dw], -lr * db
        news.append((w_new, b_new, unit(w_new, b_new)))
    (w1, b1, after1), (w2, b2, after2) = news
    t = act.worked_example_dead_relu()
    check(t, {
        "target": 1.0, "n": 3, "X": X, "y": y, "w": [0.5, 0.5], "b": 0.0,
        "z": z, "a": a, "a-y": [ai - 1 for ai in a], "loss": loss, "ReLU'(z)": 1.0, "dz": dz,
        "dw": each(dw, after2[4]), "db": each(db, after2[5]), "lr": each(0.1, 2.0),
        "w_new": each(w1, w2), "b_new": each(b1, b2), "z_new": each(after1[0], after2[0]),
        "a_new": 0.0, "loss_new": each(after1[2], after2[2]), "ReLU'(z_new)": 0.0,
    }, complete=True)
    assert entries(t, "dw")[0] == pytest.approx([7 / 6, 7 / 6]) and entries(t, "db")[0] == pytest.approx(2 / 3)
    # The large step kills the unit on every example: stuck at (0 - 1)^2 / 2 = 0.5, no gradient.
    assert np.all(entries(t, "z_new")[1] < 0) and entries(t, "loss_new")[1] == 0.5
    assert np.all(entries(t, "dw")[1] == 0) and entries(t, "db")[1] == 0


def test_mistake_transcripts_by_hand():
    check(act.mistake_np_max(), {"first argument of np.max": 0, "x": [-2.0, 3.0],
                                 "first argument of np.maximum": 0, "np.maximum(0, x)": [0.0, 3.0]},
          complete=True)
    # 2 ^ 3 = 0b10 ^ 0b11 = 0b01 = 1, while 2 ** 3 = 8; e^2 as a series, sum 2^k / k!.
    check(act.mistake_caret_power(), {"a": 2, "b": 3, "a ^ b": 1, "a ** b": 8, "float exponent": 2.0,
                                      "exponent": 2.0,
                                      "np.exp(2.0)": sum(2.0**k / math.factorial(k) for k in range(30))},
          complete=True)


def test_interview_answer_numbers():
    """Numbers stated in the page's interview answers and deep dives."""
    # max sigma' = 1/2 * (1 - 1/2) = 1/4 at z = 0, asked of the snippet.
    assert act.sigmoid_grad(0.0) == 0.25
    # Saturated: sigma'(10) = e^-10 / (1 + e^-10)^2 = 4.5400e-5 / 1.00009 = 4.5396e-5.
    assert float(act.sigmoid_grad(10.0)) == pytest.approx(math.exp(-10) / (1 + math.exp(-10)) ** 2, rel=1e-12)
    # Softmax of two equal scores: the Jacobian entries are +-1/4.
    np.testing.assert_allclose(act.softmax_jacobian(np.zeros(2)), [[0.25, -0.25], [-0.25, 0.25]])
    # GELU: minimum about -0.17 near x = -0.75; GELU'(0) = 1/2; GELU -> 0 from below as x -> -inf.
    assert act.gelu_grad(0.0) == 0.5
    assert -1e-6 < float(act.gelu(-6.0)) < 0
    # A central difference straddling ReLU's corner measures a slope of one half.
    assert central_difference(lambda v: float(np.sum(act.relu(v))), np.array([0.0]))[0] == 0.5


def test_facts_in_the_at_a_glance_table_and_answers():
    rng = np.random.default_rng(2)
    # Two classes: softmax is the sigmoid of the score difference.
    for z1, z2 in rng.normal(scale=3, size=(20, 2)):
        assert act.softmax(np.array([z1, z2]))[0] == pytest.approx(float(act.sigmoid(z1 - z2)))
    # GELU's largest slope is "a little above 1"; the softmax diagonal never exceeds 1/4.
    x = np.linspace(-6, 6, 120_001)
    assert 1.0 < act.gelu_grad(x).max() < 1.2
    for z in rng.normal(scale=2, size=(20, 4)):
        assert np.diag(act.softmax_jacobian(z)).max() <= 0.25
    # tanh's slope at zero is four times the sigmoid's.
    assert act.tanh_grad(0.0) == 4 * act.sigmoid_grad(0.0)


# ===========================================================================
# Issue 7 (page corrections, helper "act"): Common mistakes and GELU's slope.
# Expected values come from hand arithmetic or from formulas independent of the snippet.


def test_mistake_np_max_is_an_axis_reduction_not_relu():
    t = act.mistake_np_max()
    assert [n for n, _ in t] == ["first argument of np.max", "x", "first argument of np.maximum",
                                 "np.maximum(0, x)"]
    x = dict(t)["x"]
    np.testing.assert_array_equal(x, [-2.0, 3.0])
    # ReLU by hand: max(0, -2) = 0, max(0, 3) = 3.
    np.testing.assert_array_equal(dict(t)["np.maximum(0, x)"], [0.0, 3.0])
    # What the page says np.max(0, x) does, in each case it names: an array x is not an axis ...
    assert act.np_max_as_relu(x).startswith("TypeError: only integer scalar arrays")
    assert act.np_max_as_relu(3.0).startswith("TypeError")      # ... nor is a float x,
    assert act.np_max_as_relu(3).startswith("AxisError")        # an integer x: the scalar 0 has no axis 3,
    assert act.np_max_as_relu(-1) == 0 and act.np_max_as_relu(0) == 0   # ... or just zero
    np.testing.assert_array_equal(np.where(x > 0, x, 0), [0.0, 3.0])  # the answer's alternative


def test_mistake_caret_is_exclusive_or_not_power():
    values = [v for _, v in act.mistake_caret_power()]
    # 2 = 0b10, 3 = 0b11; exclusive-or keeps the bits that differ: 0b01 = 1. A power: 2 * 2 * 2 = 8.
    assert values[:6] == [2, 3, 0b01, 2, 3, 2 * 2 * 2]
    assert values[2] != values[5]
    assert values[8] == pytest.approx(sum(2.0**k / math.factorial(k) for k in range(30)))  # e^2 as a series
    assert round(values[8], 4) == 7.3891
    assert act.caret_as_power(math.e, 2.0) == "TypeError: unsupported operand type(s) for ^: 'float' and 'float'"


def test_gelu_slope_is_zero_at_the_minimum_negative_left_of_it_and_fades():
    t = dict(act.claims_the_math())
    x_min = t["x_min"]

    def slope(x):  # Phi + x phi, with erfc (the snippet uses erf)
        return Phi(x) + x * math.exp(-x * x / 2) / math.sqrt(2 * math.pi)

    assert slope(x_min) == pytest.approx(0.0, abs=1e-12)
    assert slope(x_min - 0.01) < 0 < slope(x_min + 0.01)
    # "Left of x* the slope is negative": everywhere on a grid from -30 up to just below x*.
    assert all(slope(x_min - 1e-3 - k * 1e-3) < 0 for k in range(29_000))
    # GELU'(-4): Phi(-4) = 3.1671e-5, phi(-4) = e^-8 / sqrt(2 pi) = 1.3383e-4, so 3.1671e-5 - 4 * 1.3383e-4 = -5.0365e-4.
    assert t["GELU'(-4)"] == pytest.approx(3.1671e-5 - 4 * 1.3383e-4, rel=1e-4)
    assert t["GELU'(-4)"] == pytest.approx(slope(-4.0), rel=1e-10)
    # GELU'(-6) = phi(6) (Phi(-6)/phi(6) - 6); the Mills-ratio series Phi(-x)/phi(x) ~ 1/x - 1/x^3 + 3/x^5 - 15/x^7
    # gives phi(6) (1/6 - 1/216 + 3/7776 - 15/279936 - 6) = 6.076e-9 * (-5.838) = -3.547e-8.
    pdf6 = math.exp(-18) / math.sqrt(2 * math.pi)
    assert t["GELU'(-6)"] == pytest.approx(pdf6 * (1 / 6 - 1 / 216 + 3 / 7776 - 15 / 279936 - 6), rel=1e-4)
    assert round(t["GELU'(-6)"] * 1e8, 1) == -3.5
    assert abs(t["GELU'(-6)"]) < abs(t["GELU'(-4)"]) < act.SLOPE  # fading, far below Leaky ReLU's 0.01


def test_lstm_cell_state_is_not_bounded_by_tanh():
    """The 'when to use which' table: tanh bounds an LSTM's candidate and output, not its cell state.

    Ten steps of an LSTM cell built from the snippet's sigmoid (gates) and tanh (candidate and
    output), with every gate pre-activation ln 9, so every gate is 9 / (9 + 1) = 0.9."""
    gate = float(act.sigmoid(math.log(9.0)))
    assert gate == pytest.approx(0.9)
    c = 0.0
    for _ in range(10):
        g = float(act.tanh(2.0))                 # candidate, in (-1, 1)
        c = gate * c + gate * g                  # cell state: a running sum
        h = gate * float(act.tanh(c))            # output, squashed
        assert abs(g) < 1 and abs(h) < 1
    # Geometric series: c = 0.9 tanh(2) (1 - 0.9^10) / (1 - 0.9) = 0.9 * 0.9640 * 6.5132 = 5.65.
    assert c == pytest.approx(0.9 * math.tanh(2.0) * (1 - 0.9**10) / 0.1) and c > 1


def test_claims_the_math_against_independent_values():
    t = act.claims_the_math()
    names = [n for n, _ in t]
    v = dict(t)
    # The fraction 1/4 written three times for the sigmoid, once for the softmax diagonal: 1 / (1/2 * 1/2) = 4.
    assert names.count("1/sigmoid'(0)") == 3 and v["1/sigmoid'(0)"] == 4.0
    assert v["1/max softmax diagonal"] == pytest.approx(4.0)  # p(1 - p) <= 1/4, at p = 1/2
    # GELU's minimum by Newton's method with erfc (independent of the snippet's bisection and erf).
    x = -1.0
    for _ in range(50):
        pdf = math.exp(-x * x / 2) / math.sqrt(2 * math.pi)
        x -= (Phi(x) + x * pdf) / (pdf * (2 - x * x))
    assert v["x_min"] == pytest.approx(x, abs=1e-10) and v["GELU(x_min)"] == pytest.approx(x * Phi(x), abs=1e-12)
    assert v["GELU(1)"] == pytest.approx(Phi_by_integration(1.0), abs=1e-12)
    # The tanh approximation's largest gap, by a coarse independent scan with plain Python floats.
    c = math.sqrt(2 / math.pi)
    gaps = [abs(z * Phi(z) - 0.5 * z * (1 + math.tanh(c * (z + 0.044715 * z**3))))
            for z in (k / 1000 for k in range(-8000, 8001))]
    assert v["max |GELU - GELU_tanh|"] == pytest.approx(max(gaps), rel=1e-3)
    assert 4.5e-4 < v["max |GELU - GELU_tanh|"] < 5e-4


def test_claims_interview_questions_against_independent_values():
    v = act.claims_interview_questions()
    names = [n for n, _ in v]
    assert names == ["GELU(x_min)", "x_min", "x_min", "GELU(x_min)", "softmax(z/tau)", "tau",
                     "softmax(z/tau)", "softmax(z/tau)"]
    d = dict(v)
    assert round(d["x_min"], 2) == -0.75 and round(d["GELU(x_min)"], 2) == -0.17
    # Softmax temperature on z = (2, 1, 0), by hand: e^(z/tau) / sum, with math.exp only.
    probs = [p for n, p in v if n == "softmax(z/tau)"]
    for tau, p in zip((1.0, 0.5, 2.0), probs):
        e = [math.exp(2 / tau), math.exp(1 / tau), 1.0]
        np.testing.assert_allclose(p, [x / sum(e) for x in e], rtol=1e-12)
    assert [round(x, 3) for x in probs[0]] == [0.665, 0.245, 0.090]
    assert [round(x, 3) for x in probs[1]] == [0.867, 0.117, 0.016]
    assert [round(x, 3) for x in probs[2]] == [0.506, 0.307, 0.186]
    # The ranking never changes, and the entropy grows with the temperature.
    entropy = [-sum(x * math.log(x) for x in p) for p in (probs[1], probs[0], probs[2])]
    assert entropy[0] < entropy[1] < entropy[2]
    assert all(list(np.argsort(p)) == [2, 1, 0] for p in probs)


def test_softmax_temperature_gradient_carries_one_over_tau():
    """d softmax(z / tau) / dz = J(z / tau) / tau, checked by central differences."""
    z, tau = np.array([0.3, -1.2, 2.0]), 0.4
    numeric = np.column_stack([
        (act.softmax_with_temperature(z + h, tau) - act.softmax_with_temperature(z - h, tau)) / 2e-6
        for h in np.eye(3) * 1e-6])
    np.testing.assert_allclose(numeric, act.softmax_jacobian(z / tau) / tau, atol=1e-8)


# ---------------------------------------------------------------------------
# Check yourself: every answer by hand arithmetic


def test_exercise_sigmoid_slope_by_hand():
    v = [x for _, x in act.exercise_sigmoid_slope()]
    # e^-ln4 = 1/4; sigma = 1 / (1 + 1/4) = 4/5; slope = 4/5 * 1/5 = 4/25.
    assert v[0] == 1 and v[1] == pytest.approx(4.0) and v[2] == pytest.approx(1 / 4)
    assert v[4] == pytest.approx(5 / 4) and v[5] == pytest.approx(4 / 5)
    assert v[-2] == pytest.approx(1 / 5) and v[-1] == pytest.approx(4 / 25)


def test_exercise_relu_backward_by_hand():
    d = {}
    for n, x in act.exercise_relu_backward():
        d.setdefault(n, []).append(x)
    np.testing.assert_array_equal(d["ReLU(z)"][0], [0.0, 0.5, 3.0])
    np.testing.assert_array_equal(d["dL/dz"][0], [0.0, -2.0, 0.5])  # (1 * 0, -2 * 1, 0.5 * 1)
    np.testing.assert_allclose(d["leaky(z)"][0], [-0.2, 0.5, 3.0])  # -2 * 0.1
    np.testing.assert_allclose(d["dL/dz"][1], [0.1, -2.0, 0.5])  # (1 * 0.1, -2 * 1, 0.5 * 1)


def test_exercise_softmax_three_by_hand():
    d = dict(act.exercise_softmax_three())
    assert d["sum"] == pytest.approx(4.718)
    # With e = 2.718 by hand: 2.718 / 4.718 = 0.57609 and 1 / 4.718 = 0.21195; both round as stated.
    assert round(2.718 / 4.718, 3) == round(float(d["p0"]), 3) == 0.576
    assert round(1 / 4.718, 3) == round(float(d["p1"]), 3) == 0.212
    np.testing.assert_allclose(d["p"], [math.e / (math.e + 2), 1 / (math.e + 2), 1 / (math.e + 2)])


def test_exercise_tanh_from_sigmoid_by_hand():
    d = dict(act.exercise_tanh_from_sigmoid())
    # tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 3/5; slope 1 - 9/25 = 16/25.
    assert d["tanh(z)"] == pytest.approx(3 / 5) and d["tanh'(z)"] == pytest.approx(16 / 25)
    assert d["sigmoid(2z)"] == pytest.approx(4 / 5) and d["2z = ln 4"] == pytest.approx(4.0)
