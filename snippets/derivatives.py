"""Derivatives, the chain rule and numerical gradient checks, in NumPy.

Run ``python snippets/derivatives.py`` to print the worked examples of the page
"Derivatives and the chain rule"; ``python -m doctest snippets/derivatives.py``
runs the examples in the docstrings.

Conventions: a scalar function of a vector takes a NumPy array and returns one
float; its gradient is an array of the same shape as its input.
"""
import math

import numpy as np

from forward_pass import sigmoid

# --8<-- [start:slope]

def _check_step(h):
    """Refuse a step size that cannot give a difference quotient."""
    if not np.isfinite(h) or h <= 0:
        raise ValueError(f"the step h must be a positive finite number, "
                         f"got {h!r}")


def forward_difference(f, x, h=1e-5):
    """Slope of f at x from one step to the right: (f(x + h) - f(x)) / h.

    Its error shrinks like h (it is off by about h/2 times the second
    derivative).

    >>> round(forward_difference(lambda t: t ** 3, 2.0, h=0.1), 6)
    12.61
    >>> forward_difference(lambda t: t, 0.0, h=0.0)
    Traceback (most recent call last):
    ValueError: the step h must be a positive finite number, got 0.0
    """
    _check_step(h)
    return (f(x + h) - f(x)) / h


def central_difference(f, x, h=1e-5):
    """Slope of f at x from one step each way: (f(x + h) - f(x - h)) / (2h).

    Its error shrinks like h squared: the second-derivative terms cancel.

    >>> round(central_difference(lambda t: t ** 3, 2.0, h=0.1), 6)
    12.01
    """
    _check_step(h)
    return (f(x + h) - f(x - h)) / (2 * h)
# --8<-- [end:slope]

# --8<-- [start:gradient]

def numerical_gradient(f, x, h=1e-5):
    """Gradient of a scalar function f at the array x, by central differences.

    Nudges one entry at a time, up and down by h, and leaves x unchanged.

    >>> f = lambda v: v[0] ** 2 + 3 * v[0] * v[1]
    >>> x = np.array([1.0, 2.0])
    >>> np.round(numerical_gradient(f, x), 6)   # (2a + 3b, 3a)
    array([8., 3.])
    """
    _check_step(h)
    x = np.array(x, dtype=float)  # a copy: the caller's array is never touched
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        saved = x[idx]
        x[idx] = saved + h
        f_plus = f(x)
        x[idx] = saved - h
        f_minus = f(x)
        x[idx] = saved
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad
# --8<-- [end:gradient]

# --8<-- [start:rules]

def reciprocal_derivative(f_value, f_prime):
    """Derivative of 1/f from f and f': d(1/f)/dx = -f' / f**2.

    >>> reciprocal_derivative(2.0, 3.0)   # 1/f with f = 2 and f' = 3
    -0.75
    >>> reciprocal_derivative(0.0, 1.0)
    Traceback (most recent call last):
    ValueError: 1/f has no derivative where f = 0
    """
    if np.any(np.asarray(f_value) == 0):
        raise ValueError("1/f has no derivative where f = 0")
    return -f_prime / f_value ** 2
# --8<-- [end:rules]

# --8<-- [start:sigmoid_derivative]

def sigmoid_derivative(z):
    """Derivative of the sigmoid, from the sigmoid itself: s(z) * (1 - s(z)).

    Element by element for an array; at most 1/4, reached at z = 0.

    >>> float(sigmoid_derivative(0.0))
    0.25
    >>> sigmoid_derivative(np.array([-2.0, 2.0])).round(4)   # symmetric
    array([0.105, 0.105])
    >>> bool(sigmoid_derivative(10.0) < 1e-4)                # saturated
    True
    """
    try:
        z = np.asarray(z, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"z must be numbers, got {z!r}") from None
    if not np.all(np.isfinite(z)):
        raise ValueError("z contains NaN or infinity: fix the layer "
                         "that produced it")
    s = sigmoid(z)
    return s * (1.0 - s)
# --8<-- [end:sigmoid_derivative]

# --8<-- [start:example_loss]

def _check_shapes(w, x):
    w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
    if w.shape != (3,) or x.shape != (2,):
        raise ValueError(
            f"w needs shape (3,) and x needs shape (2,), "
            f"got {w.shape} and {x.shape}"
        )
    return w, x


def pre_activation(w, x):
    """u = w0*x0 + w1*x1 + w2: linear in the weights and in the inputs."""
    w, x = _check_shapes(w, x)
    return w[0] * x[0] + w[1] * x[1] + w[2]


def loss(w, x):
    """L = 1 / (1 + exp(u)) with u = w0*x0 + w1*x1 + w2.

    1 / (1 + e^u) is the sigmoid of -u; computing it as sigmoid(-u) never
    overflows.

    >>> round(float(loss([0.5, -1.0, 0.25], [2.0, 1.0])), 4)
    0.4378
    >>> loss([0.5, -1.0], [2.0, 1.0])
    Traceback (most recent call last):
    ValueError: w needs shape (3,) and x needs shape (2,), got (2,) and (2,)
    """
    return float(sigmoid(-pre_activation(w, x)))


def loss_gradients(w, x):
    """Analytic gradients (dL/dw, dL/dx) of L = 1 / (1 + exp(u)).

    Chain rule: dL/du = -s(u) * (1 - s(u)), and u = w0*x0 + w1*x1 + w2 is
    linear, so du/dw = (x0, x1, 1) and du/dx = (w0, w1).

    >>> w, x = [0.0, 0.0, 0.0], [2.0, 1.0]   # u = 0: dL/du = -1/4
    >>> dw, dx = loss_gradients(w, x)
    >>> dw, dx
    (array([-0.5 , -0.25, -0.25]), array([-0., -0.]))
    """
    w, x = _check_shapes(w, x)
    dL_du = -sigmoid_derivative(pre_activation(w, x))
    du_dw = np.array([x[0], x[1], 1.0])
    du_dx = np.array([w[0], w[1]])
    return dL_du * du_dw, dL_du * du_dx
# --8<-- [end:example_loss]

# --8<-- [start:check]

def relative_error(a, b, floor=1e-12):
    """Largest |a - b| / max(|a|, |b|) over the entries; ``floor`` avoids 0/0.

    >>> round(relative_error([1.0, 100.0], [1.001, 100.0]), 6)
    0.000999
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare gradients of shapes "
                         f"{a.shape}, {b.shape}")
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    return float(np.max(np.abs(a - b) / scale))


def gradient_check(f, grad_f, x, h=1e-5, rtol=1e-6, atol=1e-8):
    """Compare an analytic gradient a with central differences n, per entry.

    An entry passes when |a - n| <= atol + rtol * max(|a|, |n|): relative for
    large entries, absolute near zero, where a and n are both rounding noise.
    Returns (passed, largest relative error).

    >>> f = lambda v: float(np.sum(v ** 3))
    >>> ok, err = gradient_check(f, lambda v: 2 * v ** 2, np.array([1.0, -2.0]))
    >>> ok, round(err, 4)                        # should be 3 * v ** 2
    (False, 0.3333)
    """
    x = np.array(x, dtype=float)
    a, n = grad_f(x.copy()), numerical_gradient(f, x, h)
    close = np.abs(a - n) <= atol + rtol * np.maximum(np.abs(a), np.abs(n))
    return bool(np.all(close)), relative_error(a, n)
# --8<-- [end:check]

# --8<-- [start:paths]

def two_paths(x, w_u, w_z, w_s, y):
    """A value used twice: u = w_u*x, z = w_z*u + w_s*x, L = (z - y)**2 / 2.

    x reaches z along two paths (through u, and directly), so the chain rule
    adds the two: dz/dx = w_z*w_u + w_s. Returns (L, dL/dx).

    >>> two_paths(2.0, 3.0, 0.5, 2.0, 4.0)
    (4.5, 10.5)
    """
    u = w_u * x
    z = w_z * u + w_s * x
    L = 0.5 * (z - y) ** 2
    dL_dz = z - y
    dz_dx = w_z * w_u + w_s  # path through u, plus the direct path
    return L, dL_dz * dz_dx
# --8<-- [end:paths]

# --8<-- [start:least_squares]

def least_squares_gradient(X, w, y):
    """Gradient of ||Xw - y||^2 with respect to w: 2 X^T (Xw - y).

    >>> X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    >>> least_squares_gradient(X, np.zeros(2), np.array([1.0, 1.0, 4.0]))
    array([-12., -18.])
    """
    return 2.0 * X.T @ (X @ w - y)


def least_squares_weights(X, y):
    """The w that minimises ||Xw - y||^2 (the smallest such w if many do)."""
    return np.linalg.lstsq(X, y, rcond=None)[0]
# --8<-- [end:least_squares]

# --8<-- [start:errors]

def difference_errors(f, f_prime, x, hs):
    """Absolute errors of forward and central differences at x, one per h in hs.

    Returns two arrays (forward, central). For large h the truncation error
    dominates (about h for forward, h**2 for central); for tiny h rounding error
    takes over and grows like 1/h.
    """
    hs = np.asarray(hs, dtype=float)
    exact = f_prime(x)
    fwd = np.array([abs(forward_difference(f, x, h) - exact) for h in hs])
    cen = np.array([abs(central_difference(f, x, h) - exact) for h in hs])
    return fwd, cen
# --8<-- [end:errors]

# --8<-- [start:best_step]

def best_central_step(f_size=1.0, f3_size=1.0, eps=float(np.finfo(float).eps)):
    """The h that minimises truncation plus rounding, h**2/6 * |f3| + eps * |f| / h.

    f3 is the third derivative. Setting the derivative h/3 * |f3| - eps * |f| / h**2
    to zero gives h = (3 eps |f| / |f3|) ** (1/3): about 8.7e-6 in float64 when
    |f| = |f3| = 1.

    >>> round(best_central_step() * 1e6, 1)
    8.7
    """
    return (3.0 * eps * f_size / f3_size) ** (1.0 / 3.0)


def nearest_power_of_ten(x):
    """10 ** round(log10 x): the power of ten nearest to x on a log scale."""
    return 10.0 ** round(math.log10(x))
# --8<-- [end:best_step]


# The page's worked examples.
CUBE_X = 2.0
CUBE_STEPS = (0.1, 0.01)
EXAMPLE_W = np.array([0.5, -1.0, 0.25])
EXAMPLE_XIN = np.array([2.0, 1.0])
EXAMPLE_H = 1e-4
EXAMPLE_STEP = 0.1
PATHS = dict(x=2.0, w_u=3.0, w_z=0.5, w_s=2.0, y=4.0)
PATHS_H = 0.01


def loss_of_w0(w0, w=EXAMPLE_W, x=EXAMPLE_XIN):
    """L as a function of w0 alone, the other numbers held fixed."""
    return loss(np.array([w0, w[1], w[2]]), x)


def worked_example_slope():
    """The slope of f(x) = x**3 at x = 2 from difference quotients, in reading order."""
    f = lambda v: v ** 3
    x = CUBE_X
    exact = 3 * x ** 2
    t = [("x", x), ("f(x)", f(x)), ("x", x), ("f'(x)", exact)]
    for h in CUBE_STEPS:
        fwd, cen = forward_difference(f, x, h), central_difference(f, x, h)
        t += [("h", h)]
        t += [("x+h", x + h), ("x", x), ("h", h), ("f(x+h)", f(x + h)), ("f(x)", f(x)),
              ("h", h), ("forward", fwd)]
        t += [("x+h", x + h), ("x-h", x - h), ("2h", 2 * h), ("f(x+h)", f(x + h)),
              ("f(x-h)", f(x - h)), ("2h", 2 * h)]
        if h == CUBE_STEPS[0]:
            t += [("f(x+h)-f(x-h)", f(x + h) - f(x - h)), ("2h", 2 * h),
                  ("central", cen),
                  ("forward error", fwd - exact), ("central error", cen - exact)]
        else:
            t += [("f(x+h)-f(x-h)", f(x + h) - f(x - h)), ("2h", 2 * h),
                  ("central", cen)]
    for h in CUBE_STEPS:  # the table: one row per step
        t += [("h", h), ("forward error", forward_difference(f, x, h) - exact),
              ("central error", central_difference(f, x, h) - exact)]
    e_f = [forward_difference(f, x, h) - exact for h in CUBE_STEPS]
    e_c = [central_difference(f, x, h) - exact for h in CUBE_STEPS]
    t += [("forward ratio", e_f[0] / e_f[1]), ("central ratio", e_c[0] / e_c[1])]
    t += [("f'''(x)", 6 * x ** 0)]
    return t


def worked_example():
    """The numbers of the main worked example, in the order the page states them."""
    w, x = EXAMPLE_W, EXAMPLE_XIN
    u = pre_activation(w, x)
    e = np.exp(u)
    L = loss(w, x)
    s = float(sigmoid(u))
    dL_du = -e / (1 + e) ** 2
    dw, dx = loss_gradients(w, x)
    t = [("w", w), ("x", x)]
    # Forward: u, e^u, L.
    t += [("w0", w[0]), ("x0", x[0]), ("w1", w[1]), ("x1", x[1]), ("w2", w[2]),
          ("w0*x0", w[0] * x[0]), ("w1*x1", w[1] * x[1]), ("w2", w[2]), ("u", u)]
    t += [("u", u), ("exp(u)", e), ("1+exp(u)", 1 + e), ("L", L)]
    # dL/du by the reciprocal rule: f = 1 + e^u, f' = e^u.
    t += [("f", 1 + e), ("f'", e)]
    t += [("e^u", e), ("1+e^u", 1 + e), ("e^u", e), ("(1+e^u)^2", (1 + e) ** 2),
          ("dL/du", dL_du)]
    # The same through the sigmoid.
    t += [("u", u), ("sigma(u)", s), ("1-sigma(u)", 1 - s)]
    t += [("-sigma(u)", -s), ("1-sigma(u)", 1 - s), ("dL/du", -s * (1 - s))]
    t += [("du/dw2", 1.0)]  # the bias's coefficient in u
    # Partials: dL/dw_i = dL/du * du/dw_i, dL/dx_i = dL/du * du/dx_i.
    du = {"w0": x[0], "w1": x[1], "w2": 1.0, "x0": w[0], "x1": w[1]}
    grads = {"w0": dw[0], "w1": dw[1], "w2": dw[2], "x0": dx[0], "x1": dx[1]}
    for k in du:
        t += [("dL/du", dL_du), (f"du/d{k}", du[k]), (f"dL/d{k}", grads[k])]
    t += [("grad_w", dw), ("grad_x", dx)]
    # Central-difference check of dL/dw0.
    h = EXAMPLE_H
    Lp, Lm = loss_of_w0(w[0] + h), loss_of_w0(w[0] - h)
    numeric = (Lp - Lm) / (2 * h)
    forward = (Lp - L) / h
    t += [("h", h), ("w0+h", w[0] + h), ("L(w0+h)", Lp), ("w0-h", w[0] - h),
          ("L(w0-h)", Lm)]
    t += [("L+ - L-", Lp - Lm), ("2h", 2 * h), ("numeric", numeric),
          ("analytic", dw[0])]
    t += [("abs error", abs(numeric - dw[0])),
          ("relative error", relative_error(numeric, dw[0]))]
    t += [("forward", forward), ("forward error", abs(forward - dw[0]))]
    # A small step downhill: L drops by about step * |grad|^2.
    step = EXAMPLE_STEP
    w_new = w - step * dw
    L_new = loss(w_new, x)
    g2 = float(dw @ dw)
    t += [("step", step), ("step", step), ("w_new", w_new), ("L_new", L_new),
          ("L_new - L", L_new - L), ("-step", -step), ("-step", -step),
          ("|grad|^2", g2), ("-step*|grad|^2", -step * g2)]
    return t


def worked_example_paths():
    """A variable used twice: the chain rule adds the two paths."""
    p = PATHS
    b, w_c, w_d, w_s, tgt = p["x"], p["w_u"], p["w_z"], p["w_s"], p["y"]
    c = w_c * b
    d = w_d * c + w_s * b
    L, dL_db = two_paths(**p)
    h = PATHS_H
    f = lambda v: two_paths(v, w_c, w_d, w_s, tgt)[0]
    d_at = lambda v: w_d * w_c * v + w_s * v
    t = [("b", b), ("w_c", w_c), ("w_d", w_d), ("w_s", w_s), ("t", tgt)]
    t += [("w_c", w_c), ("b", b), ("c", c),
          ("w_d", w_d), ("c", c), ("w_s", w_s), ("b", b), ("d", d),
          ("d", d), ("t", tgt), ("L", L)]
    t += [("d", d), ("t", tgt), ("dL/dd", d - tgt)]
    t += [("w_d", w_d), ("w_c", w_c), ("w_s", w_s), ("through c", w_d * w_c),
          ("w_s", w_s), ("dd/db", w_d * w_c + w_s)]
    t += [("dL/dd", d - tgt), ("dd/db", w_d * w_c + w_s), ("dL/db", dL_db)]
    # The wrong shortcut: dc/db + 1, which drops both weights.
    t += [("dc/db", w_c), ("plus one", 1), ("wrong dd/db", w_c + 1),
          ("wrong dL/db", (d - tgt) * (w_c + 1))]
    # Central-difference check.
    t += [("h", h), ("b+h", b + h), ("d(b+h)", d_at(b + h)), ("L(b+h)", f(b + h)),
          ("b-h", b - h), ("d(b-h)", d_at(b - h)), ("L(b-h)", f(b - h))]
    t += [("L(b+h)", f(b + h)), ("L(b-h)", f(b - h)), ("2h", 2 * h),
          ("L+ - L-", f(b + h) - f(b - h)), ("2h", 2 * h),
          ("numeric", central_difference(f, b, h))]
    return t


# Transcripts the page's checker reads: regions of prose, tables and answers.
EPS = float(np.finfo(float).eps)   # spacing of float64 numbers at 1


def claims_math():
    """Numbers of The math outside the worked examples: machine epsilon and the best step."""
    h_best = best_central_step()
    return [("log2 eps", math.log2(EPS)), ("eps", EPS),
            ("best h, decade above", 10.0 ** math.ceil(math.log10(h_best))),
            ("best h, decade below", 10.0 ** math.floor(math.log10(h_best)))]


# Check yourself: pencil-and-paper exercises.
EX_CUBE_X = 2.0                                   # f(x) = x**3 - 2x at x = 2
EX_PARTIAL_AT = (3.0, 2.0)                        # f = x1**2 x2 + 4 x2 at (3, 2)
EX_SIGMOID = dict(w=2.0, b=-1.0, x=0.5)           # sigma(w x + b)
EX_SQUARE_X, EX_SQUARE_H = 3.0, 0.1               # f(x) = x**2, one step each way
EX_PATHS = dict(w_u=2.0, w_z=3.0, w_s=1.0)        # u = w_u x, z = w_z u + w_s x


def _clean(v, digits=12):
    """Round away float noise such as 6.000000000000005, so integers read as integers."""
    return round(float(v), digits)


def exercise_power_rule():
    """Exercise 1: the slope of x**3 - 2x at x = 2, by the power rule (checked numerically)."""
    x = EX_CUBE_X
    slope = 3 * x ** 2 - 2
    assert abs(central_difference(lambda v: v ** 3 - 2 * v, x) - slope) < 1e-6
    return [("exercise", 1), ("coefficient", 2), ("x", x),
            ("power", 3), ("coefficient", 2), ("x", x),
            ("x", x), ("power", 3), ("x", x), ("coefficient", 2),
            ("3 x^2", 3 * x ** 2), ("coefficient", 2), ("f'(2)", slope)]


def exercise_partial():
    """Exercise 2: both partial derivatives of x1**2 x2 + 4 x2 at (3, 2)."""
    x1, x2 = EX_PARTIAL_AT
    f = lambda v: v[0] ** 2 * v[1] + 4 * v[1]
    grad = np.array([2 * x1 * x2, x1 ** 2 + 4])
    assert np.allclose(numerical_gradient(f, np.array([x1, x2])), grad)
    return [("exercise", 2), ("coefficient", 4), ("x1", x1), ("x2", x2),
            ("power rule", 2), ("power rule", 2), ("x1", x1), ("x2", x2), ("df/dx1", grad[0]),
            ("coefficient", 4), ("x1", x1), ("coefficient", 4), ("df/dx2", grad[1]),
            ("df/dx1", grad[0]), ("df/dx2", grad[1])]


def exercise_sigmoid_chain():
    """Exercise 3: d sigma(wx + b)/dx and d sigma(wx + b)/dw, through the sigmoid's slope."""
    w, b, x = EX_SIGMOID["w"], EX_SIGMOID["b"], EX_SIGMOID["x"]
    z = w * x + b
    s = float(sigmoid(z))
    slope = float(sigmoid_derivative(z))
    d_dx, d_dw = slope * w, slope * x
    assert abs(central_difference(lambda v: float(sigmoid(w * v + b)), x) - d_dx) < 1e-8
    return [("exercise", 3), ("w", w), ("b", b), ("x", x),
            ("w", w), ("x", x), ("b", b), ("z", z),
            ("z", z), ("sigma(z)", s),
            ("one", 1), ("sigma", s), ("one", 1), ("sigma", s), ("slope", slope),
            ("slope", slope), ("slope", slope), ("w", w), ("d/dx", d_dx),
            ("slope", slope), ("slope", slope), ("x", x), ("d/dw", d_dw)]


def exercise_central_by_hand():
    """Exercise 4: central and forward differences of x**2 at x = 3 with h = 0.1."""
    x, h = EX_SQUARE_X, EX_SQUARE_H
    f = lambda v: v ** 2
    cen = central_difference(f, x, h)
    fwd = forward_difference(f, x, h)
    exact = 2 * x
    return [("exercise", 4), ("x", x), ("h", h), ("exact factor", 2), ("exact", exact),
            ("x+h", _clean(x + h)), ("f(x+h)", _clean(f(x + h))),
            ("x-h", _clean(x - h)), ("f(x-h)", _clean(f(x - h))),
            ("f(x+h)", _clean(f(x + h))), ("f(x-h)", _clean(f(x - h))), ("2h", 2 * h),
            ("difference", _clean(f(x + h) - f(x - h))), ("2h", 2 * h), ("central", _clean(cen)),
            ("f(x+h)", _clean(f(x + h))), ("f(x)", _clean(f(x))), ("h", h),
            ("forward", _clean(fwd)), ("forward error", _clean(fwd - exact))]


def exercise_two_paths():
    """Exercise 5: dz/dx when x reaches z through u and directly."""
    w_u, w_z, w_s = EX_PATHS["w_u"], EX_PATHS["w_z"], EX_PATHS["w_s"]
    z = lambda v: w_z * (w_u * v) + w_s * v
    total = w_z * w_u + w_s
    assert abs(central_difference(z, 1.0) - total) < 1e-8
    return [("exercise", 5), ("w_u", w_u), ("w_z", w_z), ("w_s", w_s),
            ("w_z", w_z), ("w_u", w_u), ("through u", w_z * w_u), ("w_s", w_s),
            ("through u", w_z * w_u), ("w_s", w_s), ("dz/dx", total)]


# Interview answers: the gradient checker's false alarm near zero, and least squares.
ALARM_W, ALARM_X, ALARM_Y = (0.5, -1.0), (2.0, 1e-10), 3.0   # a feature that is nearly always 0
LSQ_X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
LSQ_Y = np.array([1.0, 1.0, 4.0])


def false_alarm():
    """The weight of a near-zero input: right gradient, relative error far above 1e-2.

    Loss (w0*x0 + w1*x1 - y)**2 / 2 in plain float arithmetic (no library exp or log,
    so the rounding noise is the same on every machine).
    """
    (x0, x1), y = ALARM_X, ALARM_Y
    f = lambda v: 0.5 * (v[0] * x0 + v[1] * x1 - y) ** 2
    grad = lambda v: (v[0] * x0 + v[1] * x1 - y) * np.array([x0, x1])
    w = np.array(ALARM_W)
    a, n = grad(w), numerical_gradient(f, w)
    passed, worst = gradient_check(f, grad, w)
    return dict(analytic=float(a[1]), numeric=float(n[1]), abs_error=float(abs(a[1] - n[1])),
                relative=relative_error(a[1], n[1]), passed=passed, worst=worst)


def claims_interview():
    """Numbers of the interview answers that have no marker of their own, in reading order.

    Gradient checker: the default step, tolerances, the noise they sit above, where the
    error of a difference quotient bottoms out, and the false alarm near zero. Least
    squares: a tiny X, its normal equations, the solution and its residual.
    """
    h, rtol, atol = gradient_check.__defaults__
    central = nearest_power_of_ten(EPS ** (1.0 / 3.0))   # eps^(1/3) = 6.1e-6
    noise = h ** 2 / 6 + EPS / h                          # truncation + rounding at |f| = 1
    fa = false_alarm()
    t = [("step", h), ("central best h", central), ("atol", atol), ("rtol", rtol),
         ("noise at h", noise),
         ("x1", ALARM_X[1]), ("w0", ALARM_W[0]),   # the target 3 and weight -1 are givens
         ("analytic", fa["analytic"]), ("numeric", fa["numeric"]),
         ("relative error", fa["relative"]), ("abs error", fa["abs_error"]), ("atol", atol)]
    X, y = LSQ_X, LSQ_Y
    w = least_squares_weights(X, y)
    resid = X @ w - y
    XtX, Xty = X.T @ X, X.T @ y
    # Entries equal to the page's givens (0, 1, 2, 3, 6) are read as givens, not listed here.
    t += [("y", y[2]), ("X^T X[1,1]", XtX[1, 1]), ("X^T y[1]", Xty[1]), ("w*", w),
          ("residual[0]", resid[0]), ("residual[2]", resid[2])]
    return t


# Transcripts the page's checker reads: Common mistakes.

def mistake_skip_plus_one():
    """The skip-connection derivative with its weights dropped, dc/db + 1, against the two paths.

    d = w_d*c + w_s*b with c = w_c*b: the wrong rule gives w_c + 1, the chain rule
    w_d*w_c + w_s, and a central difference of d in b settles which is right.
    """
    p = PATHS
    b, w_c, w_d, w_s = p["x"], p["w_u"], p["w_z"], p["w_s"]
    c_of_b = lambda v: w_c * v
    d_of_b = lambda v: w_d * c_of_b(v) + w_s * v
    dc_db = central_difference(c_of_b, b, PATHS_H)
    wrong = dc_db + 1                  # as if both paths were plain identities
    right = w_d * w_c + w_s            # one product of weights per path, then add
    measured = central_difference(d_of_b, b, PATHS_H)
    return [("plus one", 1), ("b", b), ("w_c", w_c), ("w_d", w_d), ("w_s", w_s),
            ("dc/db", dc_db), ("plus one", 1), ("wrong dd/db", wrong),
            ("w_d", w_d), ("w_c", w_c), ("w_s", w_s), ("two-path dd/db", right),
            ("central difference dd/db", measured), ("plus one", 1)]


TRANSCRIPTS = {
    "slope of a cube": worked_example_slope,
    "sigmoid of a linear function": worked_example,
    "a variable used twice": worked_example_paths,
    "common mistake: dropping the weights on a skip path": mistake_skip_plus_one,
    "exercise 1": exercise_power_rule,
    "exercise 2": exercise_partial,
    "exercise 3": exercise_sigmoid_chain,
    "exercise 4": exercise_central_by_hand,
    "exercise 5": exercise_two_paths,
}


def main():
    """Print every worked example as a transcript: name = value, in reading order."""
    for title, fn in TRANSCRIPTS.items():
        print(f"# {title}")
        for name, value in fn():
            text = np.array2string(np.asarray(value), precision=12,
                                   suppress_small=False)
            print(f"{name:>16} = {text}")
        print()


if __name__ == "__main__":
    main()
