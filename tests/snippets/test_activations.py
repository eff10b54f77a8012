"""Tests of snippets/activations.py, against independent computations and central differences."""
from __future__ import annotations

import math

import numpy as np
import pytest
from gradcheck import assert_gradient, central_difference

import activations as act
import derivatives
import probability

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


def test_gelu_values_independently_via_erf_and_by_integration():
    assert Phi(1.0) == pytest.approx(Phi_by_integration(1.0), abs=1e-12)
    exact = 1.0 * Phi_by_integration(1.0)
    assert round(exact, 5) == 0.84134 and round(exact, 4) == 0.8413
    assert act.gelu(1.0) == pytest.approx(exact, abs=1e-12)
    u = math.sqrt(2 / math.pi) * (1 + 0.044715)
    approx = 0.5 * (1 + math.tanh(u))
    assert round(approx, 5) == 0.84119 and round(approx, 4) == 0.8412  # NOT 0.8413
    assert act.gelu_tanh(1.0) == pytest.approx(approx, abs=1e-15)
    assert round(exact - approx, 5) == 0.00015


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
    with pytest.raises((TypeError, np.exceptions.AxisError)):
        np.max(0, x)
    with pytest.raises((TypeError, np.exceptions.AxisError)):
        np.max(0, 3.0)
    np.testing.assert_array_equal(np.maximum(0, x), act.relu(x))
    with pytest.raises(TypeError):
        math.e ^ 2.0  # "e^z" is XOR in Python, not a power


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
    soft = act.worked_example_softmax()
    Js = [v for n, v in soft if n == "J"]
    np.testing.assert_allclose(Js[0], act.softmax_jacobian(act.SOFTMAX_Z))
    gm = dict(act.worked_example_gelu_minimum())
    assert gm["GELU''(x_min)"] > 0  # a minimum, not a maximum
    assert gm["GELU(-2)"] > gm["GELU(x_min)"] < 0 and gm["GELU(-3)"] > gm["GELU(-2)"]
    dead = act.worked_example_dead_relu()
    z_new = [v for n, v in dead if n == "z_new"]
    assert np.all(z_new[0] > 0) and np.all(z_new[1] < 0)
    for example in act.EXAMPLES:
        assert len(example()) >= 10


def test_worked_example_tables_by_hand():
    """A few table entries with plain arithmetic."""
    t = act.worked_example()
    names = [n for n, _ in t]
    start = next(i for i in range(len(t) - 1) if names[i] == "z" and names[i + 1] == "sigmoid")
    rows = [v for _, v in t[start:start + 30]]
    assert names[start:start + 6] == ["z", "sigmoid", "tanh", "ReLU", "leaky", "GELU"]
    assert rows[0::6] == list(act.EXAMPLE_Z)
    assert rows[1] == pytest.approx(1 / (1 + math.exp(2)))  # sigma(-2)
    assert rows[5] == pytest.approx(-2 * Phi(-2))  # GELU(-2)
    assert rows[4] == pytest.approx(-0.02)  # leaky(-2) with slope 0.01


def test_interview_answer_numbers():
    """Numbers stated in the page's interview answers and deep dives."""
    s = 0.5
    assert s * (1 - s) == 0.25  # max sigma' = 1/4 at z = 0
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
    # What the page says np.max(0, x) does, in each case it names.
    with pytest.raises(TypeError, match="only integer scalar arrays can be converted to a scalar index"):
        np.max(0, x)
    with pytest.raises(TypeError):
        np.max(0, 3.0)  # a float x
    with pytest.raises(np.exceptions.AxisError):
        np.max(0, 3)  # an integer x: an axis the scalar 0 does not have
    assert np.max(0, -1) == 0 and np.max(0, 0) == 0  # ... or just zero
    assert act.np_max_as_relu(x).startswith("TypeError: only integer scalar arrays")
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
    """The 'when to use which' table: tanh bounds an LSTM's candidate and output, not its cell state."""
    f = i = o = 0.9  # gates, each in (0, 1)
    c = 0.0
    for _ in range(10):
        g = math.tanh(2.0)  # candidate, in (-1, 1)
        c = f * c + i * g  # cell state: a running sum
    assert abs(g) < 1 and c > 1  # c = 0.9 * 0.964 * (1 - 0.9^10) / 0.1 = 5.65
    assert c == pytest.approx(0.9 * math.tanh(2.0) * (1 - 0.9**10) / 0.1)
    assert abs(o * math.tanh(c)) < 1  # the output is squashed


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
