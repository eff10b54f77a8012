"""Tests of snippets/derivatives.py, against independent computations."""
from __future__ import annotations

import math

import numpy as np
import pytest

import derivatives as dv
from gradcheck import assert_gradient, central_difference
from transcript_check import check, each, entries, near

W = [0.5, -1.0, 0.25]
X = [2.0, 1.0]


def plain_loss(w0, w1, w2, x0, x1):
    """L = 1 / (1 + exp(w0*x0 + w1*x1 + w2)) in plain Python, straight from the definition."""
    return 1.0 / (1.0 + math.exp(w0 * x0 + w1 * x1 + w2))


# --- slopes and the numerical gradient --------------------------------------------------------

def test_difference_quotients_of_a_cube_are_exact_polynomials_in_h():
    # (x+h)^3 - x^3 = 3x^2 h + 3x h^2 + h^3, so forward = 3x^2 + 3xh + h^2 and central = 3x^2 + h^2.
    for x in (-1.5, 0.0, 2.0):
        for h in (0.1, 0.01, 0.5):
            assert dv.forward_difference(lambda t: t ** 3, x, h) == pytest.approx(
                3 * x * x + 3 * x * h + h * h, rel=1e-10, abs=1e-10)
            assert dv.central_difference(lambda t: t ** 3, x, h) == pytest.approx(
                3 * x * x + h * h, rel=1e-10, abs=1e-10)


def test_numerical_gradient_agrees_with_the_independent_gradcheck():
    rng = np.random.default_rng(0)
    A = rng.normal(size=(3, 4))
    f = lambda M: float(np.sum(np.sin(M) * A) + np.sum(M ** 2) ** 1.5)
    M = rng.normal(size=(3, 4))
    np.testing.assert_allclose(dv.numerical_gradient(f, M), central_difference(f, M),
                               rtol=1e-6, atol=1e-9)
    # And it is the gradient: sin' = cos, d/dM (s^1.5) with s = sum M^2 is 3 s^0.5 M.
    exact = np.cos(M) * A + 3.0 * np.sqrt(np.sum(M ** 2)) * M
    np.testing.assert_allclose(dv.numerical_gradient(f, M), exact, rtol=1e-8, atol=1e-9)


def test_numerical_gradient_leaves_its_input_unchanged():
    x = np.array([1.0, -2.0, 3.0])
    before = x.copy()
    dv.numerical_gradient(lambda v: float(np.sum(v ** 2)), x)
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_error_shrinks_like_h_squared():
    f = lambda v: float(np.exp(v[0]) * np.sin(v[1]))
    v = np.array([0.3, 1.1])
    exact = np.array([math.exp(0.3) * math.sin(1.1), math.exp(0.3) * math.cos(1.1)])
    err_h = np.abs(dv.numerical_gradient(f, v, h=1e-2) - exact)
    err_h10 = np.abs(dv.numerical_gradient(f, v, h=1e-3) - exact)
    ratio = err_h / err_h10
    assert np.all((ratio > 80) & (ratio < 120)), ratio  # O(h^2): a tenth of h, a hundredth of error


def test_forward_error_shrinks_like_h_and_central_like_h_squared():
    f, fp = math.exp, math.exp
    for h in (1e-2, 1e-3):
        fwd_ratio = (abs(dv.forward_difference(f, 0.7, h) - fp(0.7))
                     / abs(dv.forward_difference(f, 0.7, h / 10) - fp(0.7)))
        cen_ratio = (abs(dv.central_difference(f, 0.7, h) - fp(0.7))
                     / abs(dv.central_difference(f, 0.7, h / 10) - fp(0.7)))
        assert 9 < fwd_ratio < 11
        assert 90 < cen_ratio < 110


@pytest.mark.parametrize("h", [0.0, -1e-3, float("nan"), float("inf")])
def test_bad_steps_are_refused(h):
    with pytest.raises(ValueError, match="the step h must be a positive finite number"):
        dv.central_difference(math.sin, 0.0, h)
    with pytest.raises(ValueError, match="the step h must be a positive finite number"):
        dv.forward_difference(math.sin, 0.0, h)
    with pytest.raises(ValueError, match="the step h must be a positive finite number"):
        dv.numerical_gradient(lambda v: float(v.sum()), np.ones(2), h)


# --- rules ------------------------------------------------------------------------------------

def test_reciprocal_rule_against_central_differences():
    g = lambda t: 2.0 + np.sin(t) + t ** 2   # positive everywhere, so 1/g is smooth
    dg = lambda t: np.cos(t) + 2 * t
    for x in (-1.0, 0.3, 2.5):
        analytic = dv.reciprocal_derivative(g(x), dg(x))
        numeric = central_difference(lambda v: 1.0 / g(v[0]), np.array([x]))[0]
        assert analytic == pytest.approx(numeric, rel=1e-6)


def test_reciprocal_rule_refuses_zero():
    with pytest.raises(ValueError, match="1/f has no derivative where f = 0"):
        dv.reciprocal_derivative(np.array([1.0, 0.0]), np.array([1.0, 1.0]))
    with pytest.raises(ValueError, match="1/f has no derivative where f = 0"):
        dv.reciprocal_derivative(0.0, 2.0)
    # f = 1, f' = 3: -3 / 1^2; f = -2, f' = 1: -1 / 4.
    assert dv.reciprocal_derivative(1.0, 3.0) == -3.0 and dv.reciprocal_derivative(-2.0, 1.0) == -0.25


def test_integer_inputs_are_nudged_as_floats():
    """A gradient at an integer point: the nudges of h = 1e-5 must not be truncated away."""
    f = lambda v: float(v[0] ** 2 + 3 * v[0] * v[1])      # gradient (2a + 3b, 3a) = (8, 3) at (1, 2)
    np.testing.assert_allclose(dv.numerical_gradient(f, [1, 2]), [8.0, 3.0], rtol=1e-8)
    np.testing.assert_allclose(dv.numerical_gradient(f, np.array([1, 2])), [8.0, 3.0], rtol=1e-8)
    ok, err = dv.gradient_check(f, lambda v: np.array([2 * v[0] + 3 * v[1], 3 * v[0]]), np.array([1, 2]))
    assert ok and err < 1e-8


def test_documented_default_steps():
    """h = 1e-5 for every difference quotient; gradient_check passes an entry within
    atol + rtol * max(|a|, |n|) with rtol = 1e-6 and atol = 1e-8, as the page states."""
    import inspect
    for fn in (dv.forward_difference, dv.central_difference, dv.numerical_gradient, dv.gradient_check):
        assert inspect.signature(fn).parameters["h"].default == 1e-5, fn.__name__
    params = inspect.signature(dv.gradient_check).parameters
    assert (params["rtol"].default, params["atol"].default) == (1e-6, 1e-8)
    # With the default step the forward quotient of t^3 at 2 is 12 + 6h + h^2 = 12.00006.
    assert dv.forward_difference(lambda t: t ** 3, 2.0) == pytest.approx(12.00006, rel=1e-9)


def test_sigmoid_derivative_against_central_differences_and_its_closed_form():
    z = np.linspace(-8, 8, 33)
    assert_gradient(lambda v: float(np.sum(1 / (1 + np.exp(-v)))), dv.sigmoid_derivative, z)
    np.testing.assert_allclose(dv.sigmoid_derivative(z), np.exp(-z) / (1 + np.exp(-z)) ** 2,
                               rtol=1e-12)


def test_sigmoid_derivative_peaks_at_one_quarter_at_zero():
    z = np.linspace(-10, 10, 2001)
    d = dv.sigmoid_derivative(z)
    assert d.max() == 0.25 and z[np.argmax(d)] == 0.0
    assert np.allclose(d, dv.sigmoid_derivative(-z))  # symmetric


def test_sigmoid_derivative_rejects_bad_input_with_a_clear_error():
    with pytest.raises(ValueError, match="z must be numbers"):
        dv.sigmoid_derivative("abc")
    with pytest.raises(ValueError, match="z contains NaN or infinity"):
        dv.sigmoid_derivative(np.array([0.0, np.nan]))


# --- the worked example's L ------------------------------------------------------------------

def test_pre_activation_is_linear_in_weights_and_inputs():
    # u = 0.5 * 2 + (-1) * 1 + 0.25 = 0.25.
    assert dv.pre_activation(W, X) == pytest.approx(0.25)
    assert dv.pre_activation([1.0, 2.0, 3.0], [10.0, 100.0]) == 213.0
    with pytest.raises(ValueError, match=r"w needs shape \(3,\) and x needs shape \(2,\), got \(2,\) and \(2,\)"):
        dv.pre_activation([1.0, 2.0], X)


def test_loss_matches_the_definition_and_the_sigmoid_identities():
    rng = np.random.default_rng(1)
    for _ in range(20):
        w, x = rng.normal(size=3), rng.normal(size=2)
        u = w[0] * x[0] + w[1] * x[1] + w[2]
        assert dv.loss(w, x) == pytest.approx(plain_loss(*w, *x), rel=1e-12)
        assert dv.loss(w, x) == pytest.approx(1 - 1 / (1 + math.exp(-u)), rel=1e-9)  # 1 - sigma(u)


@pytest.mark.parametrize("seed", range(5))
def test_loss_gradients_against_gradcheck(seed):
    rng = np.random.default_rng(seed)
    w, x = rng.normal(size=3), rng.normal(size=2)
    assert_gradient(lambda v: dv.loss(v, x), lambda v: dv.loss_gradients(v, x)[0], w)
    assert_gradient(lambda v: dv.loss(w, v), lambda v: dv.loss_gradients(w, v)[1], x)


def test_loss_gradients_equal_the_hand_formula_at_the_example():
    u = 0.5 * 2 + (-1) * 1 + 0.25
    dL_du = -math.exp(u) / (1 + math.exp(u)) ** 2
    dw, dx = dv.loss_gradients(W, X)
    np.testing.assert_allclose(dw, [dL_du * 2, dL_du * 1, dL_du], rtol=1e-12)
    np.testing.assert_allclose(dx, [dL_du * 0.5, dL_du * -1], rtol=1e-12)
    # The page's digits: dL/du = -e^0.25 / (1 + e^0.25)^2 = -0.2461, dL/dw0 = 2 dL/du = -0.4923.
    assert round(dw[2], 4) == -0.2461 and round(dw[0], 4) == -0.4923


def test_loss_is_stable_for_huge_pre_activations():
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        assert dv.loss([1000.0, 0.0, 0.0], [1.0, 0.0]) == 0.0
        assert dv.loss([-1000.0, 0.0, 0.0], [1.0, 0.0]) == 1.0
        dw, dx = dv.loss_gradients([1000.0, 0.0, 0.0], [1.0, 0.0])
    assert np.all(np.isfinite(dw)) and np.all(np.isfinite(dx))


def test_loss_rejects_wrong_shapes():
    with pytest.raises(ValueError, match=r"got \(3,\) and \(3,\)"):
        dv.loss(W, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"w needs shape \(3,\) and x needs shape \(2,\)"):
        dv.loss_gradients([[0.5, -1.0, 0.25]], X)


# --- the checker ----------------------------------------------------------------------------

def test_gradient_check_accepts_right_and_rejects_wrong_gradients():
    f = lambda v: float(np.sum(np.tanh(v)) * v[0])
    right = lambda v: (1 - np.tanh(v) ** 2) * v[0] + np.eye(len(v))[0] * np.sum(np.tanh(v))
    wrong = lambda v: (1 - np.tanh(v) ** 2) * v[0]  # forgets the second path through v[0]
    v = np.array([0.4, -0.7, 1.3])
    ok, err = dv.gradient_check(f, right, v)
    assert ok and err < 1e-7
    ok, err = dv.gradient_check(f, wrong, v)
    assert not ok and err > 1e-2


def test_relative_error_is_scale_free_and_guards_zero():
    assert dv.relative_error(1e6, 1e6 + 1) == pytest.approx(1 / (1e6 + 1))
    assert dv.relative_error(1e-6, 2e-6) == pytest.approx(0.5)
    assert dv.relative_error(0.0, 0.0) == 0.0
    # Below the floor of 1e-12 the difference is divided by the floor: 1e-13 / 1e-12 = 0.1.
    assert dv.relative_error(0.0, 1e-13) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="cannot compare gradients of shapes"):
        dv.relative_error(np.ones(2), np.ones(3))


# --- two paths ------------------------------------------------------------------------------

@pytest.mark.parametrize("params", [dict(x=2.0, w_u=3.0, w_z=0.5, w_s=2.0, y=4.0),
                                    dict(x=-0.7, w_u=1.3, w_z=-2.0, w_s=0.4, y=0.1)])
def test_two_paths_gradient_against_gradcheck(params):
    p = dict(params)
    x = p.pop("x")
    f = lambda v: dv.two_paths(v[0], **p)[0]
    g = lambda v: np.array([dv.two_paths(v[0], **p)[1]])
    assert_gradient(f, g, np.array([x]))


def test_the_plus_one_shortcut_is_wrong_unless_the_weights_are_one():
    p = dv.PATHS
    numeric = central_difference(lambda v: dv.two_paths(v[0], p["w_u"], p["w_z"], p["w_s"], p["y"])[0],
                                 np.array([p["x"]]))[0]
    z = p["w_z"] * p["w_u"] * p["x"] + p["w_s"] * p["x"]
    shortcut = (z - p["y"]) * (p["w_u"] + 1)
    # By hand: z = 0.5 * 3x + 2x = 7 at x = 2, so dL/dx = (7 - 4) * 3.5 = 10.5; the shortcut
    # (z - y)(w_u + 1) = 3 * 4 = 12.
    assert numeric == pytest.approx(10.5) and shortcut == pytest.approx(12.0)
    # The worked example states the shortcut's number, and it is the wrong 12, not 10.5.
    assert entries(dv.worked_example_paths(), "wrong dL/db") == pytest.approx([12.0])
    # With an identity skip (w_z = w_s = 1) the shortcut is right.
    L, dL_db = dv.two_paths(2.0, 3.0, 1.0, 1.0, 4.0)
    assert dL_db == pytest.approx((2.0 * 3.0 + 2.0 - 4.0) * (3.0 + 1.0))


# --- the worked examples' transcripts -------------------------------------------------------

def test_slope_example_numbers_by_hand():
    """(x + h)^3 - x^3 = 3x^2 h + 3x h^2 + h^3, so at x = 2 the forward quotient is
    12 + 6h + h^2 (12.61 and 12.0601) and the central one 12 + h^2 (12.01 and 12.0001):
    errors 0.61, 0.0601 and 0.01, 0.0001; ratios 0.61 / 0.0601 = 10.15 and 100."""
    t = dv.worked_example_slope()
    check(t, {
        "x": 2.0, "f(x)": 8.0, "f'(x)": 12.0, "f'''(x)": 6.0,
        "h": each(0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.1, 0.01),
        "2h": each(0.2, 0.2, 0.2, 0.02, 0.02, 0.02),
        "x+h": each(2.1, 2.1, 2.01, 2.01), "x-h": each(1.9, 1.99),
        # 2.1^3 = 9.261, 1.9^3 = 6.859, 2.01^3 = 8.120601, 1.99^3 = 7.880599.
        "f(x+h)": each(9.261, 9.261, 8.120601, 8.120601), "f(x-h)": each(6.859, 7.880599),
        "f(x+h)-f(x-h)": each(2.402, 0.240002),
        "forward": each(12.61, 12.0601), "central": each(12.01, 12.0001),
        "forward error": each(0.61, 0.61, 0.0601), "central error": each(0.01, 0.01, 0.0001),
        "forward ratio": 0.61 / 0.0601, "central ratio": 100.0,
    }, complete=True, rtol=1e-7)


def test_main_example_numbers_by_hand():
    t = dv.worked_example()
    values = dict(t)
    L = plain_loss(*W, *X)
    h = 1e-4
    numeric = (plain_loss(0.5 + h, -1, 0.25, 2, 1) - plain_loss(0.5 - h, -1, 0.25, 2, 1)) / (2 * h)
    assert values["L"] == pytest.approx(L, rel=1e-12)
    assert values["numeric"] == pytest.approx(numeric, rel=1e-9)
    assert values["analytic"] == pytest.approx(-2 * math.exp(0.25) / (1 + math.exp(0.25)) ** 2)
    # "Their first eight decimals are the same."
    assert int(abs(values["numeric"]) * 1e8) == int(abs(values["analytic"]) * 1e8)
    assert values["forward error"] > 1000 * values["abs error"]  # "thousands of times worse"
    # Stepping against the gradient lowers L by about step * |grad|^2.
    assert values["L_new - L"] < 0
    assert values["L_new - L"] == pytest.approx(values["-step*|grad|^2"], rel=0.02)


def test_main_example_every_number_by_hand():
    """u = 0.5 * 2 + (-1) * 1 + 0.25 = 0.25, L = 1 / (1 + e^0.25) = 0.4378,
    dL/du = -e^u / (1 + e^u)^2 = -sigma(u)(1 - sigma(u)) = -0.2461; du/dw = (2, 1, 1), du/dx = (0.5, -1)."""
    e = math.exp(0.25)
    L = 1 / (1 + e)
    s = e / (1 + e)                                     # sigma(0.25) = 0.5622
    g = -e / (1 + e) ** 2
    dw, dx = [2 * g, g, g], [0.5 * g, -g]
    h = 1e-4
    Lp, Lm = plain_loss(0.5 + h, -1, 0.25, 2, 1), plain_loss(0.5 - h, -1, 0.25, 2, 1)
    numeric = (Lp - Lm) / (2 * h)
    forward = (Lp - L) / h
    w_new = [0.5 - 0.1 * dw[0], -1 - 0.1 * dw[1], 0.25 - 0.1 * dw[2]]
    L_new = plain_loss(*w_new, 2, 1)
    g2 = sum(v * v for v in dw)
    check(dv.worked_example(), {
        "w": W, "x": X, "w0": 0.5, "x0": 2.0, "w1": -1.0, "x1": 1.0, "w2": 0.25, "w0*x0": 1.0,
        "w1*x1": -1.0, "u": 0.25, "exp(u)": e, "1+exp(u)": 1 + e, "L": L, "f": 1 + e, "f'": e,
        "e^u": e, "1+e^u": 1 + e, "(1+e^u)^2": (1 + e) ** 2, "dL/du": g, "sigma(u)": s,
        "1-sigma(u)": 1 - s, "-sigma(u)": -s, "du/dw0": 2.0, "du/dw1": 1.0, "du/dw2": 1.0,
        "du/dx0": 0.5, "du/dx1": -1.0, "dL/dw0": dw[0], "dL/dw1": dw[1], "dL/dw2": dw[2],
        "dL/dx0": dx[0], "dL/dx1": dx[1], "grad_w": dw, "grad_x": dx, "h": h, "w0+h": 0.5001,
        "w0-h": 0.4999, "L(w0+h)": Lp, "L(w0-h)": Lm, "L+ - L-": near(Lp - Lm, rtol=1e-9),
        "2h": 2 * h, "numeric": near(numeric, rtol=1e-9), "analytic": dw[0],
        # Rounding noise of about 1e-13 rides on these two small differences.
        "abs error": near(abs(numeric - dw[0]), rtol=1e-3),
        "relative error": near(abs(numeric - dw[0]) / abs(dw[0]), rtol=1e-3),
        "forward": near(forward, rtol=1e-9), "forward error": near(abs(forward - dw[0]), rtol=1e-6),
        "step": 0.1, "-step": -0.1, "w_new": w_new, "L_new": L_new, "L_new - L": L_new - L,
        "|grad|^2": g2, "-step*|grad|^2": -0.1 * g2,
    }, complete=True, rtol=1e-12)


def test_paths_example_numbers_by_hand():
    """c = 3 * 2 = 6, d = 0.5 * 6 + 2 * 2 = 7, L = (7 - 4)^2 / 2 = 4.5, dL/dd = 3,
    dd/db = 0.5 * 3 + 2 = 3.5, dL/db = 10.5; the "+1" shortcut: 3 + 1 = 4 and 3 * 4 = 12.
    Check with h = 0.01: d = 3.5 b is 7.035 and 6.965, L = 3.035^2 / 2 = 4.6056125 and
    2.965^2 / 2 = 4.3956125, a difference of 0.21 over 0.02: 10.5."""
    check(dv.worked_example_paths(), {
        "b": 2.0, "w_c": 3.0, "w_d": 0.5, "w_s": 2.0, "t": 4.0, "c": 6.0, "d": 7.0, "L": 4.5,
        "dL/dd": 3.0, "through c": 1.5, "dd/db": 3.5, "dL/db": 10.5, "dc/db": 3.0, "plus one": 1,
        "wrong dd/db": 4.0, "wrong dL/db": 12.0, "h": 0.01, "b+h": 2.01, "b-h": 1.99,
        "d(b+h)": 7.035, "d(b-h)": 6.965, "L(b+h)": 4.6056125, "L(b-h)": 4.3956125,
        "2h": 0.02, "L+ - L-": near(0.21, rtol=1e-12, atol=1e-14), "numeric": near(10.5, rtol=1e-12),
    }, complete=True, rtol=1e-12)


# --- the page's claims outside the examples (math section, interview answers) --------------

def test_rounding_makes_tiny_steps_worse():
    """'More than ten thousand times larger at h = 1e-12 than at 1e-5'; best h near 1e-5 to 1e-6."""
    exact = lambda v: dv.loss_gradients([v, -1.0, 0.25], X)[0][0]
    fwd, cen = dv.difference_errors(dv.loss_of_w0, exact, 0.5, [1e-12, 1e-5])
    assert cen[0] > 1e4 * cen[1]
    hs = np.logspace(-14, -1, 53)
    fwd, cen = dv.difference_errors(dv.loss_of_w0, exact, 0.5, hs)
    near = (hs >= 1e-6) & (hs <= 1e-5)
    assert cen[near].min() < 1e-10 and cen[near].max() < 1e-10
    assert cen[near].min() <= 10 * cen.min()
    assert cen.min() < fwd.min() / 10  # central reaches a much smaller best error
    assert hs[np.argmin(fwd)] < 1e-6   # forward's best step is much smaller
    assert cen[-1] > 1e-4 and fwd[-1] > 1e-3  # truncation dominates for large h


def test_floating_point_facts_quoted_on_the_page():
    # The snippet's EPS is float64's machine epsilon, 2^-52 = 2.2e-16 (about 16 digits).
    assert dv.EPS == 2.0 ** -52 and f"{dv.EPS:.1e}" == "2.2e-16"
    # The best central step (3 eps)^(1/3) = (6.7e-16)^(1/3) = 8.7e-6: "around 1e-5".
    assert dv.best_central_step() == pytest.approx((3 * 2.0 ** -52) ** (1 / 3))
    assert 1e-6 < dv.best_central_step() < 1e-5
    # Scaled: (3 eps |f| / |f'''|)^(1/3) grows like the cube root of |f| / |f'''|.
    assert dv.best_central_step(f_size=8.0) == pytest.approx(2 * dv.best_central_step())
    assert dv.best_central_step(f3_size=1000.0) == pytest.approx(dv.best_central_step() / 10)


def test_nearest_power_of_ten_rounds_on_a_log_scale():
    # log10 6.06e-6 = -5.22 -> 1e-5; log10 1.49e-8 = -7.83 -> 1e-8; 3.0e-3 (-2.52) -> 1e-3 but
    # 3.3e-3 (-2.48) -> 1e-2: the midpoint is 10^-2.5 = 3.16e-3, not 5.5e-3.
    assert dv.nearest_power_of_ten(6.06e-6) == pytest.approx(1e-5)
    assert dv.nearest_power_of_ten(1.49e-8) == pytest.approx(1e-8)
    assert dv.nearest_power_of_ten(3.0e-3) == pytest.approx(1e-3)
    assert dv.nearest_power_of_ten(3.3e-3) == pytest.approx(1e-2)
    assert dv.nearest_power_of_ten(1.0) == 1.0 and dv.nearest_power_of_ten(250.0) == 100.0


# === issue 7 (page helper dp): Common mistakes and claims outside the examples ================

def test_mistake_skip_plus_one_wrong_rule_against_the_two_path_sum():
    t = dict(dv.mistake_skip_plus_one())
    # By hand: c = 3b and d = 0.5c + 2b = 3.5b, so dd/db = 3.5; the "+ 1" rule says 3 + 1 = 4.
    assert t["wrong dd/db"] == pytest.approx(4.0) and t["two-path dd/db"] == pytest.approx(3.5)
    # The measured slope: d = 3.5 b is linear, so a central difference gives 3.5 but for rounding.
    assert t["central difference dd/db"] == pytest.approx(3.5, rel=1e-8)
    check(dv.mistake_skip_plus_one(), {"plus one": 1, "b": 2.0, "w_c": 3.0, "w_d": 0.5, "w_s": 2.0,
                                       "dc/db": 3.0, "wrong dd/db": 4.0, "two-path dd/db": 3.5,
                                       "central difference dd/db": 3.5}, complete=True, rtol=1e-8)
    assert t["wrong dd/db"] != pytest.approx(t["central difference dd/db"], rel=0.1)


def test_claims_math_machine_epsilon_and_the_best_step():
    t = dict(dv.claims_math())
    # Machine epsilon is the gap from 1 to the next float64: 2^-52; half of it rounds away.
    gap = float(np.nextafter(1.0, 2.0)) - 1.0
    assert t["eps"] == gap and t["eps"] == 2.0 ** -52 and t["log2 eps"] == -52
    assert 1.0 + t["eps"] / 2 == 1.0 and 1.0 + t["eps"] > 1.0
    # The total error h^2/6 + eps/h (|f| = |f'''| = 1), minimised on a fine grid, not by formula.
    hs = np.logspace(-8, -3, 20001)
    best = hs[np.argmin(hs ** 2 / 6 + gap / hs)]
    assert t["best h, decade below"] < best < t["best h, decade above"]
    assert (t["best h, decade below"], t["best h, decade above"]) == (1e-6, 1e-5)
    assert dv.best_central_step() == pytest.approx(best, rel=1e-3)


def test_claims_interview_gradient_checker_and_least_squares():
    t = dv.claims_interview()
    names = [n for n, _ in t]
    v = dict(t)
    eps = 2.0 ** -52
    # eps^(1/3) = 6.06e-6: nearest power of ten 1e-5, the default step.
    assert dv.EPS == eps and dv.nearest_power_of_ten(eps ** (1 / 3)) == 1e-5
    assert v["step"] == v["central best h"] == 1e-5 and (v["atol"], v["rtol"]) == (1e-8, 1e-6)
    # Noise of a loss of order one at h = 1e-5: truncation h^2/6 plus rounding eps/h.
    assert v["noise at h"] == pytest.approx(1e-10 / 6 + eps / 1e-5, rel=1e-12)
    assert 1e-11 < v["noise at h"] < v["atol"] / 100
    # The false alarm, recomputed in plain Python: L = (0.5*2 + (-1)*1e-10 - 3)^2 / 2.
    x0, x1, y = 2.0, 1e-10, 3.0
    L = lambda w0, w1: 0.5 * (w0 * x0 + w1 * x1 - y) ** 2
    analytic = (0.5 * x0 - 1.0 * x1 - y) * x1
    numeric = (L(0.5, -1.0 + 1e-5) - L(0.5, -1.0 - 1e-5)) / 2e-5
    assert v["analytic"] == pytest.approx(-2e-10, rel=1e-9) == analytic
    assert v["numeric"] == numeric
    rel = abs(analytic - numeric) / max(abs(analytic), abs(numeric))
    assert v["relative error"] == pytest.approx(rel) and rel > 1e-2      # looks like a bug
    assert v["abs error"] == pytest.approx(abs(analytic - numeric)) and v["abs error"] < v["atol"]
    # Least squares on rows (1, 0), (1, 1), (1, 2), y = (1, 1, 4): normal equations by hand,
    # [[3, 3], [3, 5]] w = (6, 9), solved by Cramer's rule (determinant 6).
    assert v["X^T X[1,1]"] == 5 and v["X^T y[1]"] == 9 and v["y"] == 4
    w = v["w*"]
    assert w == pytest.approx([(6 * 5 - 3 * 9) / 6, (3 * 9 - 3 * 6) / 6])  # (0.5, 1.5)
    assert (v["residual[0]"], v["residual[2]"]) == pytest.approx((0.5 - 1, 0.5 + 2 * 1.5 - 4))
    assert names[-6:] == ["y", "X^T X[1,1]", "X^T y[1]", "w*", "residual[0]", "residual[2]"]
    # Every entry of the transcript has an independent value (nothing added later goes unchecked).
    check(t, {
        "step": 1e-5, "central best h": 1e-5, "atol": each(1e-8, 1e-8), "rtol": 1e-6,
        "noise at h": 1e-10 / 6 + eps / 1e-5, "x1": 1e-10, "w0": 0.5,
        "analytic": analytic, "numeric": numeric, "relative error": rel,
        "abs error": abs(analytic - numeric), "y": 4.0, "X^T X[1,1]": 5.0, "X^T y[1]": 9.0,
        "w*": [0.5, 1.5], "residual[0]": -0.5, "residual[2]": -0.5,
    }, complete=True)


# --- least squares --------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [0, 1])
def test_least_squares_gradient_against_gradcheck(seed):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(5, 3)), rng.normal(size=5)
    f = lambda w: float(np.sum((X @ w - y) ** 2))
    assert_gradient(f, lambda w: dv.least_squares_gradient(X, w, y), rng.normal(size=3))


def test_least_squares_weights_solve_the_normal_equations_and_zero_the_gradient():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(8, 3)), rng.normal(size=8)
    w = dv.least_squares_weights(X, y)
    np.testing.assert_allclose(X.T @ X @ w, X.T @ y, atol=1e-10)
    np.testing.assert_allclose(dv.least_squares_gradient(X, w, y), 0.0, atol=1e-10)
    # Any other w does worse: the loss is convex.
    for _ in range(5):
        other = w + rng.normal(size=3) * 0.1
        assert np.sum((X @ other - y) ** 2) > np.sum((X @ w - y) ** 2)


def test_least_squares_with_more_features_than_examples_returns_the_smallest_norm_fit():
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(2, 4)), rng.normal(size=2)
    w = dv.least_squares_weights(X, y)
    np.testing.assert_allclose(X @ w, y, atol=1e-10)                 # fits exactly
    np.testing.assert_allclose(w, X.T @ np.linalg.solve(X @ X.T, y))  # min-norm: in X's row space


# --- the combined tolerance -----------------------------------------------------------------

def test_gradient_check_passes_a_right_gradient_whose_entry_is_noise_near_zero():
    x0, x1, y = 2.0, 1e-10, 3.0
    f = lambda v: 0.5 * (v[0] * x0 + v[1] * x1 - y) ** 2
    grad = lambda v: (v[0] * x0 + v[1] * x1 - y) * np.array([x0, x1])
    ok, worst = dv.gradient_check(f, grad, np.array([0.5, -1.0]))
    assert ok and worst > 1e-2   # relative error alone would call it a bug
    # A wrong factor (the 1/2 of the loss forgotten) still fails.
    ok, _ = dv.gradient_check(f, lambda v: 2 * grad(v), np.array([0.5, -1.0]))
    assert not ok


def test_gradient_check_judges_large_gradients_relatively():
    f = lambda v: 1e9 * float(np.sum(v ** 2))
    right = lambda v: 2e9 * v
    off = lambda v: 2e9 * v * (1 + 1e-4)      # an absolute error of 1e5: a real bug at this scale
    x = np.array([1.0, -0.5])
    assert dv.gradient_check(f, right, x)[0]
    assert not dv.gradient_check(f, off, x)[0]


# --- Check yourself -------------------------------------------------------------------------

def test_exercise_answers_by_hand():
    ex = {n: [v for _, v in fn()] for n, fn in [
        (1, dv.exercise_power_rule), (2, dv.exercise_partial), (3, dv.exercise_sigmoid_chain),
        (4, dv.exercise_central_by_hand), (5, dv.exercise_two_paths)]}
    for n, values in ex.items():
        assert values[0] == n                      # the exercise's number in its title
    assert ex[1][-1] == 3 * 4 - 2 == 10                  # f'(2) for x^3 - 2x
    assert ex[2][-2:] == [2 * 3 * 2, 9 + 4]              # (12, 13)
    assert ex[3][-5] == 0.25 * 2 and ex[3][-1] == 0.25 * 0.5    # sigma'(0) = 1/4
    assert ex[4][-2] == pytest.approx((9.61 - 9) / 0.1) and ex[4][-1] == pytest.approx(0.1)
    assert 6 in ex[4] and pytest.approx(1.2) in ex[4]    # central: (9.61 - 8.41) / 0.2 = 6 exactly
    assert ex[5][-1] == 3 * 2 + 1 == 7
