"""Activation functions and their derivatives, in NumPy.

Run ``python snippets/activations.py`` to print the worked examples of the page
"Activation functions"; ``python -m doctest snippets/activations.py`` runs the
examples in the docstrings.

Every activation ``f`` comes with ``f_grad``, its derivative with respect to
its input, element by element. Softmax mixes its inputs, so it has a full
Jacobian matrix (``softmax_jacobian``) and a vector-Jacobian product
(``softmax_grad``), which is what backpropagation actually uses.

``relu`` and ``sigmoid`` come from the page "The neuron and the forward pass"
(``snippets/forward_pass.py``), the sigmoid's derivative ``sigmoid_grad`` is
``sigmoid_derivative`` of ``snippets/derivatives.py``, and ``softmax`` comes
from ``snippets/probability.py``; this file adds the rest.
Conventions: a batch has one example per row; softmax normalises each row.
"""
import math

import numpy as np

from derivatives import sigmoid_derivative as sigmoid_grad
from forward_pass import relu, sigmoid
from probability import softmax

# --8<-- [start:check]

def _finite(z, name="z"):
    """z as a float array; a clear ValueError for NaN, infinity or text."""
    try:
        z = np.asarray(z, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers, got {z!r}") from None
    if not np.all(np.isfinite(z)):
        raise ValueError(f"{name} contains NaN or infinity: fix the layer "
                         "that produced it")
    return z


def _check_slope(slope):
    """Leaky ReLU's slope for negative inputs must lie in [0, 1)."""
    if not 0.0 <= slope < 1.0:
        raise ValueError(f"slope must be in [0, 1), got {slope}")


def _check_unit(X, y, w, lr):
    """X, y, w as float arrays; a ValueError if shapes or lr do not fit."""
    X, y, w = _finite(X, "X"), _finite(y, "y"), _finite(w, "w")
    if X.ndim != 2 or X.shape != (len(y), len(w)):
        raise ValueError(f"X must have shape (len(y), len(w)) = "
                         f"({len(y)}, {len(w)}), got {X.shape}")
    if lr <= 0:
        raise ValueError(f"the learning rate must be positive, got {lr}")
    return X, y, w
# --8<-- [end:check]

# --8<-- [start:tanh]

def tanh(z):
    """Hyperbolic tangent (e^z - e^-z) / (e^z + e^-z), between -1 and 1.

    >>> tanh(np.array([-1.0, 0.0, 1.0])).round(4)
    array([-0.7616,  0.    ,  0.7616])
    """
    return np.tanh(_finite(z))


def tanh_grad(z):
    """Derivative of tanh: 1 - tanh(z)^2; largest, 1, at z = 0.

    >>> float(tanh_grad(0.0))
    1.0
    """
    t = np.tanh(_finite(z))
    return 1.0 - t * t
# --8<-- [end:tanh]

# --8<-- [start:relu]

def relu_grad(z):
    """Derivative of ReLU: 1 where z > 0, else 0 (0 at z = 0, as in PyTorch).

    >>> relu_grad(np.array([-1.0, 0.0, 3.0]))
    array([0., 0., 1.])
    """
    return (_finite(z) > 0).astype(float)


def leaky_relu(z, slope=0.01):
    """Leaky ReLU: z where z > 0, slope * z otherwise (a small slope, not 0).

    >>> leaky_relu(np.array([-2.0, 0.0, 3.0]))
    array([-0.02,  0.  ,  3.  ])
    """
    z = _finite(z)
    _check_slope(slope)
    return np.where(z > 0, z, slope * z)


def leaky_relu_grad(z, slope=0.01):
    """Derivative of Leaky ReLU: 1 where z > 0, slope otherwise (at 0 too).

    >>> leaky_relu_grad(np.array([-2.0, 0.0, 3.0]))
    array([0.01, 0.01, 1.  ])
    """
    z = _finite(z)
    _check_slope(slope)
    return np.where(z > 0, 1.0, slope)
# --8<-- [end:relu]

# --8<-- [start:gelu]

_erf = np.vectorize(math.erf, otypes=[float])  # math.erf, element by element
GELU_TANH_C = 0.044715  # the cubic coefficient of the tanh approximation


def normal_cdf(x):
    """Phi(x): probability that a standard normal variable is at most x.

    >>> round(float(normal_cdf(0.0)), 4), round(float(normal_cdf(1.0)), 4)
    (0.5, 0.8413)
    """
    return 0.5 * (1.0 + _erf(_finite(x, "x") / math.sqrt(2.0)))


def normal_pdf(x):
    """phi(x) = exp(-x^2 / 2) / sqrt(2 pi), the normal density: Phi's slope."""
    x = _finite(x, "x")
    return np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


def gelu(x):
    """Exact GELU: x * Phi(x), x times the chance a standard normal is below it.

    >>> gelu(np.array([-1.0, 0.0, 1.0])).round(5)
    array([-0.15866,  0.     ,  0.84134])
    """
    x = _finite(x, "x")
    return x * normal_cdf(x)


def gelu_grad(x):
    """Derivative of the exact GELU (product rule): Phi(x) + x * phi(x).

    >>> round(float(gelu_grad(1.0)), 4)
    1.0833
    """
    x = _finite(x, "x")
    return normal_cdf(x) + x * normal_pdf(x)


def gelu_tanh(x):
    """The tanh approximation 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).

    >>> round(float(gelu_tanh(1.0)), 5)   # the exact GELU(1) is 0.84134
    0.84119
    """
    x = _finite(x, "x")
    u = math.sqrt(2.0 / math.pi) * (x + GELU_TANH_C * x**3)
    return 0.5 * x * (1.0 + np.tanh(u))


def gelu_tanh_grad(x):
    """Derivative of the tanh approximation (product rule, chain rule via u).

    >>> round(float(gelu_tanh_grad(0.0)), 4)
    0.5
    """
    x = _finite(x, "x")
    c = math.sqrt(2.0 / math.pi)
    t = np.tanh(c * (x + GELU_TANH_C * x**3))
    du_dx = c * (1.0 + 3.0 * GELU_TANH_C * x * x)
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du_dx
# --8<-- [end:gelu]

# --8<-- [start:gelu_minimum]

def gelu_minimum(lo=-2.0, hi=0.0, tol=1e-12):
    """Where GELU is lowest: solve GELU'(x) = 0 by bisection on [lo, hi].

    GELU' must be negative at lo (GELU still falling) and positive at hi
    (rising again). Each step halves the interval, keeping the half where the
    sign changes. Returns (x_min, GELU(x_min)).

    >>> x_min, y_min = gelu_minimum()
    >>> round(x_min, 4), round(y_min, 4)
    (-0.7518, -0.17)
    >>> gelu_minimum(0.0, 1.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: GELU' must go from - to + on [0.0, 1.0]; it is 0.5 and 1.08 ...
    """
    g_lo, g_hi = float(gelu_grad(lo)), float(gelu_grad(hi))
    if not (g_lo < 0.0 < g_hi):
        raise ValueError(f"GELU' must go from - to + on [{lo}, {hi}]; "
                         f"it is {g_lo:.3g} and {g_hi:.3g} there")
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        if gelu_grad(mid) < 0.0:
            lo = mid  # still falling at mid: the minimum is to the right
        else:
            hi = mid  # already rising at mid: the minimum is to the left
    x_min = 0.5 * (lo + hi)
    return x_min, float(gelu(x_min))
# --8<-- [end:gelu_minimum]

# --8<-- [start:softmax_jacobian]

def softmax_jacobian(z):
    """J[i, j] = d p_i / d z_j = p_i * (delta_ij - p_j), i.e. diag(p) - p p^T.

    >>> J = softmax_jacobian(np.array([0.0, 0.0]))
    >>> J
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    z = _finite(z)
    if z.ndim != 1:
        raise ValueError(f"expected one score vector, got shape {z.shape}")
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)


def softmax_grad(z, upstream):
    """Backward pass of softmax (last axis): J^T g = p * (g - sum(g * p)).

    ``upstream`` is dL/dp with the shape of z; returns dL/dz without building J.

    >>> softmax_grad(np.array([0.0, 0.0]), np.array([1.0, 0.0]))
    array([ 0.25, -0.25])
    """
    z, g = _finite(z), _finite(upstream, "upstream")
    if g.shape != z.shape:
        raise ValueError(f"upstream has shape {g.shape}, z has {z.shape}")
    p = softmax(z)
    return p * (g - np.sum(g * p, axis=-1, keepdims=True))
# --8<-- [end:softmax_jacobian]

# --8<-- [start:dead_relu]

def relu_unit_step(X, y, w, b, lr):
    """One gradient-descent step for a single ReLU unit a = ReLU(X w + b).

    The loss is L = mean of (a - y)^2 / 2 over the batch. Returns a dict with
    the forward values, the gradients and the updated (w, b).

    >>> out = relu_unit_step(np.array([[1.0], [2.0]]), np.array([0.0, 0.0]),
    ...                      np.array([1.0]), 0.0, lr=0.5)
    >>> float(out["loss"]), out["dw"], float(out["db"])
    (1.25, array([2.5]), 1.5)
    """
    X, y, w = _check_unit(X, y, w, lr)
    z = X @ w + b
    a = relu(z)
    loss = np.mean(0.5 * (a - y) ** 2)
    dz = (a - y) / len(y) * relu_grad(z)  # dL/dz: zero wherever the unit is off
    dw, db = X.T @ dz, np.sum(dz)
    return {"z": z, "a": a, "loss": loss, "dz": dz, "dw": dw, "db": db,
            "w_new": w - lr * dw, "b_new": b - lr * db}
# --8<-- [end:dead_relu]


# ---------------------------------------------------------------------------
# The page's worked examples: each returns the numbers in the order the page
# states them.

EXAMPLE_Z = np.array([-2.0, -0.5, 0.0, 1.0, 2.0])
SLOPE = 0.01
SOFTMAX_Z = np.array([2.0, 1.0, 0.1])
DEAD_X = np.array([[1.0, 2.0], [2.0, 1.0], [2.0, 2.0]])
DEAD_Y = np.array([1.0, 1.0, 1.0])
DEAD_W = np.array([0.5, 0.5])
DEAD_B = 0.0
SMALL_LR, LARGE_LR = 0.1, 2.0


def worked_example():
    """Every activation and its derivative at five inputs."""
    t = [("z", EXAMPLE_Z), ("slope", SLOPE)]
    # Sigmoid at -0.5 by hand.
    z = -0.5
    s = float(sigmoid(z))
    t += [("z", z), ("z", z), ("-z", -z), ("exp(-z)", math.exp(-z)), ("sigmoid(z)", s)]
    t += [("z", z), ("sigmoid(z)", s), ("sigmoid(z)", s), ("sigmoid(z)", s),
          ("1-sigmoid(z)", 1 - s), ("sigmoid'(z)", float(sigmoid_grad(z)))]
    # tanh at 1 via tanh(z) = 2 sigmoid(2z) - 1.
    t += [("z", 1.0), ("z", 1.0), ("2z", 2.0), ("sigmoid(2)", float(sigmoid(2.0))),
          ("tanh(1)", float(tanh(1.0))), ("z", 1.0), ("tanh(1)", float(tanh(1.0))),
          ("tanh'(1)", float(tanh_grad(1.0)))]
    # ReLU and Leaky ReLU at -0.5.
    t += [("z", z), ("z", z), ("ReLU(-0.5)", float(relu(z))),
          ("ReLU'(-0.5)", float(relu_grad(z)))]
    t += [("slope", SLOPE), ("z", z), ("leaky(-0.5)", float(leaky_relu(z, SLOPE))),
          ("leaky'(-0.5)", float(leaky_relu_grad(z, SLOPE)))]
    # GELU at 1.
    phi1, pdf1 = float(normal_cdf(1.0)), float(normal_pdf(1.0))
    t += [("z", 1.0), ("z", 1.0), ("z", 1.0), ("z", 1.0), ("z", 1.0),
          ("GELU(1)", float(gelu(1.0)))]
    t += [("z", 1.0), ("z", 1.0), ("z", 1.0), ("z", 1.0), ("Phi(1)", phi1),
          ("phi(1)", pdf1), ("GELU'(1)", float(gelu_grad(1.0)))]
    # The two tables, row by row.
    for zi in EXAMPLE_Z:
        t += [("z", zi), ("sigmoid", sigmoid(zi)), ("tanh", tanh(zi)),
              ("ReLU", relu(zi)), ("leaky", leaky_relu(zi, SLOPE)),
              ("GELU", gelu(zi))]
    for zi in EXAMPLE_Z:
        t += [("z", zi), ("sigmoid'", sigmoid_grad(zi)), ("tanh'", tanh_grad(zi)),
              ("ReLU'", relu_grad(zi)), ("leaky'", leaky_relu_grad(zi, SLOPE)),
              ("GELU'", gelu_grad(zi))]
    # What the tables show.
    t += [("sigmoid'(0)", float(sigmoid_grad(0.0))), ("z", 0.0),
          ("tanh'(0)", float(tanh_grad(0.0))),
          ("z", 2.0), ("sigmoid'(2)", float(sigmoid_grad(2.0))), ("z", 2.0),
          ("GELU'(2)", float(gelu_grad(2.0))), ("z", -2.0), ("z", 0.0),
          ("ReLU'(0)", float(relu_grad(0.0)))]
    return t


def worked_example_softmax():
    """A stable softmax of three scores, and its Jacobian."""
    z = SOFTMAX_Z
    shifted = z - z.max()
    e = np.exp(shifted)
    p = softmax(z)
    J = softmax_jacobian(z)
    t = [("z", z), ("max", z.max()), ("shifted", shifted), ("exp(shifted)", e),
         ("sum", e.sum())]
    t += [("p", p), ("p", p), ("sum(p)", p.sum())]
    for i in range(3):
        t += [(f"p[{i}]", p[i]), (f"1-p[{i}]", 1 - p[i]), (f"J[{i},{i}]", J[i, i])]
    t += [("p[0]", p[0]), ("p[1]", p[1]), ("J[0,1]", J[0, 1])]
    t += [("J", J)]
    t += [("largest row sum", np.max(np.abs(J.sum(axis=1))))]
    return t


def worked_example_gelu_at_one():
    """The exact GELU at 1 against its tanh approximation."""
    x = 1.0
    r = math.erf(x / math.sqrt(2.0))
    c = math.sqrt(2.0 / math.pi)
    inner = x + GELU_TANH_C * x**3
    u = c * inner
    exact, approx = float(gelu(x)), float(gelu_tanh(x))
    t = [("x", x), ("x", x), ("x/sqrt2", x / math.sqrt(2.0)), ("erf", r),
         ("Phi(1)", float(normal_cdf(x)))]
    t += [("x", x), ("x", x), ("x", x), ("GELU(1)", exact)]
    t += [("c", c), ("c", c), ("x", x), ("C", GELU_TANH_C), ("x", x), ("c", c),
          ("inner", inner), ("u", u), ("u", u), ("tanh(u)", math.tanh(u)),
          ("x", x), ("tanh(u)", math.tanh(u)), ("GELU_tanh(1)", approx)]
    # The side-by-side table, then the conclusion.
    t += [("exact", exact), ("approx", approx), ("exact", exact), ("approx", approx)]
    t += [("difference", exact - approx), ("exact", exact), ("approx", approx),
          ("approx", approx), ("exact", exact)]
    return t


def worked_example_gelu_minimum():
    """GELU's lowest point, found by bisection on GELU'(x) = 0."""
    t = []
    for x in (-2.0, 0.0):
        t += [("x", x), ("GELU'(x)", float(gelu_grad(x)))]
    x = -2.0
    t += [("x", x), ("x", x), ("x", x), ("x", x), ("Phi(-2)", float(normal_cdf(x))),
          ("x", x), ("phi(-2)", float(normal_pdf(x))),
          ("GELU'(-2)", float(gelu_grad(x)))]
    lo, hi = -2.0, 0.0
    for _ in range(4):
        mid = 0.5 * (lo + hi)
        g = float(gelu_grad(mid))
        t += [("lo", lo), ("hi", hi), ("mid", mid), ("GELU'(mid)", g)]
        lo, hi = (mid, hi) if g < 0 else (lo, mid)
    t += [("lo", lo), ("hi", hi)]
    x_min, y_min = gelu_minimum()
    t += [("x_min", x_min), ("GELU(x_min)", y_min), ("x_min", x_min),
          ("Phi(x_min)", float(normal_cdf(x_min))), ("GELU(x_min)", y_min)]
    # Second derivative phi(x)(2 - x^2) > 0: a minimum.
    t += [("phi(x_min)", float(normal_pdf(x_min))), ("x_min^2", x_min**2),
          ("GELU''(x_min)", float(normal_pdf(x_min) * (2.0 - x_min**2)))]
    # The curve is higher on both sides: GELU falls, then rises.
    t += [("x", -3.0), ("GELU(-3)", float(gelu(-3.0))),
          ("x", -2.0), ("GELU(-2)", float(gelu(-2.0))),
          ("GELU(x_min)", y_min), ("x", -3.0)]
    return t


def worked_example_vanishing():
    """How far a gradient shrinks through a stack of sigmoid units."""
    s0 = float(sigmoid(0.0))
    t = [("z", 0.0), ("z", 0.0), ("z", 0.0), ("z", 0.0), ("sigmoid(0)", s0),
         ("1-sigmoid(0)", 1.0 - s0), ("sigmoid'(0)", float(sigmoid_grad(0.0))),
         ("z", 0.0)]
    for n in (5, 10):
        t += [("layers", n), ("sigmoid'(0)", float(sigmoid_grad(0.0))),
              ("product", float(sigmoid_grad(0.0)) ** n)]
    z = 5.0
    t += [("z", z), ("z", z), ("sigmoid(5)", float(sigmoid(z))), ("z", z),
          ("sigmoid'(5)", float(sigmoid_grad(z)))]
    t += [("layers", 10), ("z", z), ("layers", 10), ("product", float(sigmoid_grad(z)) ** 10)]
    t += [("tanh'(0)", float(tanh_grad(0.0))), ("ReLU'(z>0)", float(relu_grad(1.0)))]
    return t


def worked_example_dead_relu():
    """One ReLU unit, one step with a small and with a large learning rate."""
    X, y, w, b = DEAD_X, DEAD_Y, DEAD_W, DEAD_B
    first = relu_unit_step(X, y, w, b, SMALL_LR)
    t = [("target", y[0]), ("n", len(y)), ("X", X), ("y", y), ("w", w), ("b", b)]
    t += [("z", first["z"]), ("a", first["a"]), ("a-y", first["a"] - y)]
    t += [("a-y", first["a"] - y), ("loss", first["loss"])]
    t += [("ReLU'(z)", relu_grad(first["z"])[0]), ("dz", first["dz"]),
          ("dw", first["dw"]), ("db", first["db"])]
    for lr in (SMALL_LR, LARGE_LR):
        s = relu_unit_step(X, y, w, b, lr)
        after = relu_unit_step(X, y, s["w_new"], s["b_new"], lr)
        t += [("lr", lr), ("w_new", s["w_new"]), ("b_new", s["b_new"]),
              ("z_new", after["z"])]
        if lr == LARGE_LR:
            t += [("a_new", after["a"][0])]
        t += [("loss_new", after["loss"])]
    if not np.all(after["z"] < 0):
        raise AssertionError("the large step should leave every "
                             "pre-activation negative")
    t += [("ReLU'(z_new)", relu_grad(after["z"])[0]), ("dw", after["dw"]),
          ("db", after["db"])]
    return t


# ---------------------------------------------------------------------------
# Transcripts the page's checker reads (besides the worked examples above)

MISTAKE_X = np.array([-2.0, 3.0])


def np_max_as_relu(x):
    """What ``np.max(0, x)`` does: the largest entry of the scalar 0 along axis x.

    Returns the error it raises as text, or its result if it raises nothing.
    """
    try:
        return np.max(0, x)
    except (TypeError, np.exceptions.AxisError) as exc:
        return f"{type(exc).__name__}: {exc}"


def caret_as_power(a, b):
    """What ``a ^ b`` does in Python: bitwise exclusive-or, or a TypeError for floats."""
    try:
        return a ^ b
    except TypeError as exc:
        return f"TypeError: {exc}"


def mistake_np_max():
    """np.max(0, x) is a reduction over an axis, not ReLU; np.maximum(0, x) is."""
    wrong = np_max_as_relu(MISTAKE_X)
    if not (isinstance(wrong, str) and wrong.startswith("TypeError")):
        raise AssertionError(f"np.max(0, x) should raise TypeError, got {wrong!r}")
    right = np.maximum(0, MISTAKE_X)
    if not np.array_equal(right, relu(MISTAKE_X)):
        raise AssertionError("np.maximum(0, x) should be relu(x)")
    return [("first argument of np.max", 0), ("x", MISTAKE_X),
            ("first argument of np.maximum", 0), ("np.maximum(0, x)", right)]


def mistake_caret_power():
    """In Python ^ is exclusive-or: 2 ^ 3 is 1, not 8; on floats it raises."""
    a, b = 2, 3
    xor, power = caret_as_power(a, b), a ** b
    crash = caret_as_power(math.e, 2.0)
    if not (isinstance(crash, str) and crash.startswith("TypeError")):
        raise AssertionError(f"math.e ^ 2.0 should raise TypeError, got {crash!r}")
    return [("a", a), ("b", b), ("a ^ b", xor), ("a", a), ("b", b), ("a ** b", power),
            ("float exponent", 2.0), ("exponent", 2.0),
            ("np.exp(2.0)", float(np.exp(2.0)))]


EX_SIGMOID_Z = math.log(4.0)  # e^-z = 1/4 exactly: pencil-and-paper numbers
EX_RELU_Z = np.array([-2.0, 0.5, 3.0])
EX_RELU_UPSTREAM = np.array([1.0, -2.0, 0.5])
EX_LEAK = 0.1
EX_SOFTMAX_Z = np.array([1.0, 0.0, 0.0])
EX_TANH_Z = math.log(2.0)  # 2z = ln 4, the sigmoid of exercise 1
TEMPERATURE_Z = np.array([2.0, 1.0, 0.0])
TEMPERATURES = (1.0, 0.5, 2.0)


def softmax_with_temperature(z, tau):
    """softmax(z / tau): tau < 1 sharpens, tau > 1 flattens, the ranking stays."""
    if tau <= 0:
        raise ValueError(f"the temperature must be positive, got {tau}")
    return softmax(_finite(z) / tau)


def exercise_sigmoid_slope():
    """sigmoid and its slope at z = ln 4, where e^-z = 0.25."""
    z = EX_SIGMOID_Z
    e = math.exp(-z)
    s = float(sigmoid(z))
    t = [("exercise", 1), ("ln 4", 4.0), ("e^-z", e)]
    # Answer (its 1s are not read): 1 / (1 + 0.25) = 1 / 1.25 = 0.8, then s (1 - s).
    t += [("e^-z", e), ("1+e^-z", 1.0 + e), ("sigmoid", s)]
    t += [("sigmoid", s), ("sigmoid", s), ("sigmoid", s), ("1-sigmoid", 1.0 - s),
          ("sigmoid'", float(sigmoid_grad(z)))]
    return t


def exercise_relu_backward():
    """ReLU and Leaky ReLU (slope 0.1) forward and backward for three inputs."""
    z, g = EX_RELU_Z, EX_RELU_UPSTREAM
    t = [("exercise", 2), ("z", z), ("dL/da", g), ("slope", EX_LEAK)]
    a, d = relu(z), relu_grad(z)
    t += [("ReLU(z)", a), ("ReLU'(z)", d), ("dL/dz", g * d)]
    al, dl = leaky_relu(z, EX_LEAK), leaky_relu_grad(z, EX_LEAK)
    t += [("slope", EX_LEAK), ("z0", z[0]), ("slope", EX_LEAK), ("leaky(z)", al),
          ("leaky'(z)", dl), ("dL/dz", g * dl)]
    return t


def exercise_softmax_three():
    """softmax of (1, 0, 0) with e = 2.718."""
    z = EX_SOFTMAX_Z
    e = np.exp(z - z.max())
    e_rounded = round(math.e, 3)
    p = softmax(z)
    t = [("exercise", 3), ("z", z), ("e", e_rounded)]
    total = e_rounded + 2.0
    t += [("exps", np.array([e_rounded, 1.0, 1.0])), ("sum", total)]
    t += [("e", e_rounded), ("sum", total), ("p0", p[0]), ("1", 1.0), ("sum", total),
          ("p1", p[1]), ("p", p), ("sum p", p.sum())]
    t += [("shift", 5.0), ("p", softmax(z + 5.0))]
    return t


def exercise_tanh_from_sigmoid():
    """tanh(ln 2) = 2 sigmoid(ln 4) - 1, and its slope 1 - tanh^2."""
    z = EX_TANH_Z
    s = float(sigmoid(2.0 * z))
    th = float(tanh(z))
    two = 2.0  # the 2 of 2 sigmoid(2z) - 1 and of ln 2
    t = [("exercise", 4), ("2", two), ("2", two), ("1", 1.0), ("ln 2", two),
         ("exercise", 1)]
    t += [("ln 2", two), ("2", two), ("2z = ln 4", math.exp(2.0 * z)), ("exercise", 1),
          ("sigmoid(2z)", s)]
    t += [("ln 2", two), ("2", two), ("sigmoid(2z)", s), ("1", 1.0), ("tanh(z)", th)]
    t += [("1", 1.0), ("1", 1.0), ("tanh(z)", th), ("tanh'(z)", float(tanh_grad(z)))]
    return t


def claims_the_math():
    """Every result the section "The math" states outside its boxes, in reading order.

    The page's givens (0, 1, 2, the inputs -4 and -6, the slope 0.01, years) are not listed.
    """
    quarter = float(sigmoid_grad(0.0))  # the sigmoid's largest slope, written 1/4
    x_min, y_min = gelu_minimum()
    grid = np.linspace(-8.0, 8.0, 160_001)
    gap = float(np.max(np.abs(gelu(grid) - gelu_tanh(grid))))  # "stays within 5e-4"
    diagonal_max = float(softmax_jacobian(np.zeros(2))[0, 0])  # p(1 - p) at p = 1/2
    return [("1/sigmoid'(0)", 1.0 / quarter),                  # In plain English box: 1/4
            ("1/sigmoid'(0)", 1.0 / quarter),                  # vanishing gradients: 1/4
            ("x_min", x_min), ("GELU(x_min)", y_min),          # GELU dips before it rises
            ("GELU'(-4)", float(gelu_grad(-4.0))), ("GELU'(-6)", float(gelu_grad(-6.0))),
            ("max |GELU - GELU_tanh|", gap), ("GELU(1)", float(gelu(1.0))),
            ("1/sigmoid'(0)", 1.0 / quarter),                  # at a glance: sigmoid
            ("GELU(x_min)", y_min),                            # at a glance: GELU's range
            ("1/max softmax diagonal", 1.0 / diagonal_max)]    # at a glance: softmax


def claims_interview_questions():
    """Every result the interview answers state, in reading order."""
    x_min, y_min = gelu_minimum()
    t = [("GELU(x_min)", y_min),                               # transformers: dip to about -0.17
         ("x_min", x_min),                                     # monotonic? slope < 0 below ...
         ("x_min", x_min), ("GELU(x_min)", y_min)]
    # Softmax temperature: z = (2, 1, 0) at three temperatures.
    # The scores (2, 1, 0) and the temperatures 1 and 2 are givens; 0.5 is read.
    z = TEMPERATURE_Z
    for tau in TEMPERATURES:
        if tau == 0.5:
            t += [("tau", tau)]
        t += [("softmax(z/tau)", softmax_with_temperature(z, tau))]
    return t


EXAMPLES = (worked_example, worked_example_softmax, worked_example_gelu_at_one,
            worked_example_gelu_minimum, worked_example_vanishing,
            worked_example_dead_relu)
EXERCISES = (exercise_sigmoid_slope, exercise_relu_backward, exercise_softmax_three,
             exercise_tanh_from_sigmoid)
TRANSCRIPTS = (mistake_np_max, mistake_caret_power, claims_the_math,
               claims_interview_questions)


def main():
    """Print every transcript (worked examples first): name = value, in reading order."""
    for example in EXAMPLES + EXERCISES + TRANSCRIPTS:
        print(f"# {example.__name__}: {example.__doc__}")
        for name, value in example():
            text = np.array2string(np.asarray(value), precision=5,
                                   suppress_small=True)
            print(f"{name:>16} = {text}")
        print()


if __name__ == "__main__":
    main()
