"""Support vector machines and kernels, in NumPy.

Run ``python snippets/kernels_and_svms.py`` to print the worked examples of the
page "Kernels and support vector machines"; ``python -m doctest
snippets/kernels_and_svms.py`` runs the examples in the docstrings.

Conventions: inputs are a matrix ``X`` with one example per row, labels ``y``
are -1 or +1. The primal objective is
``L(w, b) = lam/2 |w|^2 + 1/N sum_i max(0, 1 - y_i (w.x_i + b))``; ``lam`` is
the regularisation strength (other texts use C = 1 / (lam N)). The dual
variables are called ``chi`` (one per example, between 0 and 1 / (lam N)).
"""
import math

import numpy as np

# --8<-- [start:geometry]

def decision_function(X, w, b):
    """f(x) = w.x + b for every row x of X (or for one vector x).

    >>> decision_function(np.array([[2.0, 1.0]]), np.array([3.0, 4.0]), -5.0)
    array([5.])
    """
    return np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b


def distance_to_hyperplane(X, w, b):
    """Signed distance of each x to the line w.x + b = 0: f(x) / |w|.

    >>> distance_to_hyperplane(np.array([[2.0, 1.0]]), np.array([3.0, 4.0]), -5)
    array([1.])
    """
    norm = np.linalg.norm(w)
    if norm == 0:
        raise ValueError("w = 0 defines no hyperplane")
    return decision_function(X, w, b) / norm


def street_width(w):
    """Distance between the margin lines f = +1 and f = -1: 2 / |w|.

    >>> street_width(np.array([3.0, 4.0]))
    0.4
    """
    return 2.0 / float(np.linalg.norm(w))
# --8<-- [end:geometry]

# --8<-- [start:hinge]

def hinge(y, f):
    """The hinge loss max(0, 1 - y f), entry by entry.

    >>> hinge(np.array([1.0, -1.0, 1.0]), np.array([0.3, 0.3, 2.0]))
    array([0.7, 1.3, 0. ])
    """
    return np.maximum(0.0, 1.0 - np.asarray(y, dtype=float) * f)


def primal_objective(w, b, X, y, lam):
    """L(w, b) = lam/2 |w|^2 + (1/N) sum_i hinge(y_i, w.x_i + b)."""
    w = np.asarray(w, dtype=float)
    losses = hinge(y, decision_function(X, w, b))
    return 0.5 * lam * float(w @ w) + float(losses.mean())


def primal_subgradient(w, b, X, y, lam):
    """A sub-gradient of L: lam w - (1/N) sum over y_i f_i < 1 of y_i x_i.

    At the kink (y_i f_i = 1 exactly) it takes the slope 0 of the flat side.
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    active = y * decision_function(X, w, b) < 1.0
    n = len(y)
    g_w = lam * np.asarray(w, dtype=float) - (y[active] @ X[active]) / n
    g_b = -float(y[active].sum()) / n
    return g_w, g_b
# --8<-- [end:hinge]

# --8<-- [start:kernels]

def linear_kernel(A, B):
    """K(x, x') = x.x' for every row of A against every row of B."""
    return np.asarray(A, dtype=float) @ np.asarray(B, dtype=float).T


def polynomial_kernel(A, B, c=1.0, degree=2):
    """K(x, x') = (x.x' + c) ** degree.

    >>> polynomial_kernel(np.array([[1.0, 2.0]]), np.array([[2.0, 1.0]]))
    array([[25.]])
    """
    return (linear_kernel(A, B) + c) ** degree


def rbf_kernel(A, B, s=1.0):
    """K(x, x') = exp(-|x - x'|^2 / (2 s^2)), a Gaussian bump of width s.

    >>> rbf_kernel(np.array([[0.0, 0.0]]), np.array([[0.0, 0.0]]))
    array([[1.]])
    """
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    sq = (A**2).sum(1)[:, None] + (B**2).sum(1)[None, :] - 2 * A @ B.T
    return np.exp(-np.maximum(sq, 0.0) / (2 * s**2))


def poly2_features(x, c=1.0):
    """The explicit features of (x.x' + c)^2 for a 2-D x: six numbers.

    >>> poly2_features(np.array([1.0, 0.0]), c=0.0)
    array([1., 0., 0., 0., 0., 0.])
    """
    x1, x2 = np.asarray(x, dtype=float)
    r2, rc = math.sqrt(2.0), math.sqrt(2.0 * c)
    return np.array([x1 * x1, x2 * x2, r2 * x1 * x2, rc * x1, rc * x2, c])
# --8<-- [end:kernels]

# --8<-- [start:dual]

def dual_objective(chi, y, G):
    """sum_i chi_i - 1/2 sum_ij chi_i chi_j y_i y_j K(x_i, x_j); G holds K."""
    v = np.asarray(chi, dtype=float) * np.asarray(y, dtype=float)
    return float(np.sum(chi) - 0.5 * v @ G @ v)


def solve_dual(G, y, upper, tol=1e-12, max_steps=100_000):
    """Maximise the dual with 0 <= chi_i <= upper and sum_i chi_i y_i = 0.

    SMO: each step moves the pair of dual variables that most violates
    the KKT conditions, along the line that keeps sum chi_i y_i = 0.
    """
    y = np.asarray(y, dtype=float)
    if not set(np.unique(y)) <= {-1.0, 1.0}:
        raise ValueError("labels must be -1 or +1")
    Q = np.outer(y, y) * G
    chi = np.zeros(len(y))
    grad = -np.ones(len(y))      # gradient of -(dual objective) at chi
    for _ in range(max_steps):
        score = -y * grad
        up = ((y > 0) & (chi < upper)) | ((y < 0) & (chi > 0))
        down = ((y > 0) & (chi > 0)) | ((y < 0) & (chi < upper))
        i = np.flatnonzero(up)[np.argmax(score[up])]
        j = np.flatnonzero(down)[np.argmin(score[down])]
        if score[i] - score[j] < tol:
            break
        curve = Q[i, i] + Q[j, j] - 2 * y[i] * y[j] * Q[i, j]
        t = (score[i] - score[j]) / max(curve, 1e-15)
        room_i = upper - chi[i] if y[i] > 0 else chi[i]
        room_j = chi[j] if y[j] > 0 else upper - chi[j]
        t = min(t, room_i, room_j)
        chi[i] += y[i] * t
        chi[j] -= y[j] * t
        grad += t * (y[i] * Q[:, i] - y[j] * Q[:, j])
    return chi


def weights_from_dual(chi, y, X):
    """w = sum_i chi_i y_i x_i (linear kernel only)."""
    return (np.asarray(chi) * np.asarray(y)) @ np.asarray(X, dtype=float)


def bias_from_dual(chi, y, G, upper, eps=1e-9):
    """b = y_i - sum_j chi_j y_j K(x_j, x_i), averaged over the free chi_i."""
    y = np.asarray(y, dtype=float)
    f0 = G @ (chi * y)                       # f(x_i) without the bias
    free = (chi > eps) & (chi < upper - eps)
    if free.any():
        return float(np.mean(y[free] - f0[free]))
    lo = np.max((y - f0)[((y > 0) & (chi < eps)) | ((y < 0) & (chi > eps))])
    hi = np.min((y - f0)[((y > 0) & (chi > eps)) | ((y < 0) & (chi < eps))])
    return float((lo + hi) / 2)              # no free chi: any b in between


def kernel_decision(chi, y, b, K_new):
    """f(x) = sum_i chi_i y_i K(x_i, x) + b; K_new[i, k] = K(x_i, x_k)."""
    return (np.asarray(chi) * np.asarray(y)) @ K_new + b


def kkt_gaps(chi, y, f, upper, eps=1e-9):
    """How far each example is from its KKT condition (0 means met).

    chi_i = 0 needs y_i f_i >= 1; 0 < chi_i < upper needs y_i f_i = 1;
    chi_i = upper needs y_i f_i <= 1.
    """
    m = np.asarray(y) * np.asarray(f)
    gaps = np.where(chi <= eps, np.maximum(0.0, 1 - m),
                    np.where(chi >= upper - eps, np.maximum(0.0, m - 1),
                             np.abs(m - 1)))
    return gaps
# --8<-- [end:dual]

# --8<-- [start:fit]

def fit_svm(X, y, lam, kernel=linear_kernel):
    """Soft-margin SVM: solve the dual, return (chi, b, upper)."""
    X = np.asarray(X, dtype=float)
    if lam <= 0:
        raise ValueError("lam must be positive")
    upper = 1.0 / (lam * len(y))
    G = kernel(X, X)
    chi = solve_dual(G, y, upper)
    return chi, bias_from_dual(chi, y, G, upper), upper
# --8<-- [end:fit]

# --8<-- [start:subgradient]

def train_subgradient(X, y, lam, steps=20_000, alpha0=0.5):
    """Sub-gradient descent on the primal, learning rate alpha0 / sqrt(t).

    Returns the average of the iterates of the second half of the run:
    single iterates keep jumping across the kinks of the hinge.
    """
    w, b = np.zeros(np.shape(X)[1]), 0.0
    w_avg, b_avg, kept = np.zeros_like(w), 0.0, 0
    for t in range(1, steps + 1):
        g_w, g_b = primal_subgradient(w, b, X, y, lam)
        alpha = alpha0 / math.sqrt(t)
        w, b = w - alpha * g_w, b - alpha * g_b
        if t > steps // 2:
            kept += 1
            w_avg += (w - w_avg) / kept
            b_avg += (b - b_avg) / kept
    return w_avg, b_avg
# --8<-- [end:subgradient]


# ---------------------------------------------------------------------------
# The page's data and transcripts: each returns the numbers in the order the
# page states them.

X10 = np.array([[2.0, 2.0], [3.0, 3.5], [1.5, 3.0], [3.5, 1.5], [2.5, 4.0],
                [0.0, 0.0], [-1.0, 1.0], [1.0, -0.5], [0.5, 1.5],
                [2.0, 0.5]])
Y10 = np.array([1.0, 1, 1, 1, 1, -1, -1, -1, -1, -1])
LAM_SMALL, LAM_LARGE = 0.01, 1.0
LAMS = (0.01, 0.1, 0.5, 1.0)
EPS = 1e-9


def solution(lam, X=X10, y=Y10):
    """Everything the page reports about the linear SVM at one lam."""
    chi, b, upper = fit_svm(X, y, lam)
    w = weights_from_dual(chi, y, X)
    f = decision_function(X, w, b)
    return {"chi": chi, "b": b, "upper": upper, "w": w, "f": f,
            "sv": np.flatnonzero(chi > EPS),
            "at_bound": np.flatnonzero(chi > upper - EPS),
            "width": street_width(w),
            "primal": primal_objective(w, b, X, y, lam),
            "dual": dual_objective(chi, y, linear_kernel(X, X)),
            "kkt": float(kkt_gaps(chi, y, f, upper).max()),
            "balance": float(abs(chi @ y))}


def worked_example():
    """Two points, one of each class, solved by hand: primal and dual."""
    xp, xm = np.array([2.0, 2.0]), np.array([0.0, 0.0])
    X, y = np.array([xp, xm]), np.array([1.0, -1.0])
    diff = xp - xm
    gap = float(np.linalg.norm(diff))                  # street width
    w = 2 * diff / gap**2
    b = 1.0 - float(w @ xp)
    chi = float(w[0] / diff[0])                        # w = chi (x+ - x-)
    half = 0.5 * float(w @ w)
    G = linear_kernel(X, X)
    return [("x+", xp), ("x-", xm), ("x+ - x-", diff), ("x+ - x-", diff),
            ("|x+ - x-|", gap), ("width", gap), ("w", w),
            ("w.x+", float(w @ xp)), ("w.x+", float(w @ xp)), ("b", b),
            ("f(x+)", float(w @ xp) + b), ("f(x-)", float(w @ xm) + b),
            ("|w|", float(np.linalg.norm(w))), ("|w|", float(np.linalg.norm(w))),
            ("width", street_width(w)),
            ("chi", chi), ("chi", chi), ("x+ - x-", diff), ("w", chi * diff),
            ("sum chi", 2 * chi), ("|w|^2", float(w @ w)),
            ("dual", dual_objective([chi, chi], y, G)), ("1/2 |w|^2", half)]


def worked_example_ten_points():
    """The ten-point data at lam = 0.01, solved by SMO; the KKT check."""
    s = solution(LAM_SMALL)
    chi, sv = s["chi"], s["sv"]
    norm = float(np.linalg.norm(s["w"]))
    t = [("N", len(Y10)), ("x", X10), ("lam", LAM_SMALL), ("upper", s["upper"])]
    t += [("support vectors", len(sv))]
    for i in sv:
        t += [("i", i + 1), ("x_i", X10[i]), ("y_i", Y10[i]), ("chi_i", chi[i])]
    t += [("balance +", chi[Y10 > 0].sum())]
    t += [("chi_i", chi[i]) for i in sv if Y10[i] < 0]
    t += [("balance -", chi[Y10 < 0].sum())]
    t += [("w", s["w"]), ("i", sv[0] + 1), ("b", s["b"]), ("|w|", norm),
          ("|w|", norm), ("width", s["width"])]
    t += [("y f", Y10 * s["f"])]
    t += [("largest chi", chi.max()), ("upper", s["upper"])]
    t += [("largest KKT gap below", 1e-9 if s["kkt"] < 1e-9 else s["kkt"])]
    t += [("primal L", s["primal"]), ("dual", s["dual"]),
          ("lam * dual", LAM_SMALL * s["dual"])]
    return t


def worked_example_kernel_trick():
    """(x.x' + c)^2 = Psi(x).Psi(x') for x = (1, 2), x' = (2, 1), c = 1."""
    x, xq, c = np.array([1.0, 2.0]), np.array([2.0, 1.0]), 1.0
    px, pq = poly2_features(x, c), poly2_features(xq, c)
    dot = float(x @ xq)
    return [("x", x), ("x'", xq), ("c", c), ("x.x'", dot), ("c", c),
            ("kernel", (dot + c) ** 2),
            ("Psi(x)", px), ("Psi(x')", pq), ("products", px * pq),
            ("sum", float(px @ pq)),
            ("multiplications, kernel", 2), ("features", len(px))]


def mistake_dual_without_constraints():
    """Maximising the dual without 0 <= chi <= upper and sum chi y = 0."""
    G = linear_kernel(X10, X10)
    # Start from every chi_i = 1 and remove the part that changes w: along
    # what is left, sum chi_i y_i x_i = 0, so the quadratic term stays 0
    # while sum chi_i grows without bound.
    Z = (Y10[:, None] * X10).T                  # 2 x 10: columns y_i x_i
    ones = np.ones(len(Y10))
    direction = ones - Z.T @ np.linalg.solve(Z @ Z.T, Z @ ones)
    scales = (1.0, 10.0, 100.0)
    t = [("N", len(Y10)), ("start", 1.0), ("positive", int((direction > 0).sum()))]
    t += [("scale", v) for v in scales]
    t += [("dual", dual_objective(v * direction, Y10, G)) for v in scales]
    s = solution(LAM_SMALL)
    t += [("dual, constrained", s["dual"]), ("lam", LAM_SMALL)]
    return t


GIVENS = (0.0, 1.0, 2.0, -1.0)   # the page's givens: a region does not state them


def _stated(pairs):
    """A region's transcript: arrays split into entries, the page's givens left out."""
    out = []
    for name, value in pairs:
        for k, v in enumerate(np.ravel(np.asarray(value, dtype=float))):
            if not any(math.isclose(v, g, abs_tol=1e-12) for g in GIVENS):
                out.append((f"{name}[{k}]" if np.ndim(value) else name, float(v)))
    return out


def claims_margin():
    """The geometry section: a point's distance to a line."""
    w, b, x = np.array([3.0, 4.0]), -5.0, np.array([2.0, 1.0])
    return _stated([("w", w), ("b", b), ("x", x),
                    ("f", float(decision_function(x, w, b))),
                    ("|w|", float(np.linalg.norm(w))),
                    ("distance", float(distance_to_hyperplane(x, w, b)))])


def logistic_pm(y, f):
    """Logistic regression's loss for labels -1/+1: log(1 + exp(-y f))."""
    return np.logaddexp(0.0, -np.asarray(y, dtype=float) * f)


def claims_hinge():
    """The hinge section: hinge against the logistic loss at two scores."""
    return _stated([("halfway", hinge(1.0, 0.5)), ("boundary", hinge(1.0, 0.0)),
                    ("y f", 0.0), ("hinge", hinge(1.0, 0.0)),
                    ("logistic", logistic_pm(1.0, 0.0)),
                    ("y f", 2.0), ("hinge", hinge(1.0, 2.0)),
                    ("logistic", logistic_pm(1.0, 2.0))])


def claims_lambda():
    """The effect of lam on the same ten points: table, figure, alt text."""
    t = [("N", len(Y10))]
    for lam in LAMS:
        s = solution(lam)
        t += [("lam", lam), ("upper", s["upper"]), ("width", s["width"]),
              ("support vectors", len(s["sv"])),
              ("at the bound", len(s["at_bound"])),
              ("mean hinge", float(hinge(Y10, s["f"]).mean())),
              ("wrong side", int((Y10 * s["f"] < 0).sum()))]
    small, large = solution(LAM_SMALL), solution(LAM_LARGE)
    for _ in range(2):                          # light and dark alt text
        t += [("N", len(Y10)), ("lam small", LAM_SMALL),
              ("width", small["width"]), ("sv", len(small["sv"])),
              ("lam large", LAM_LARGE), ("width", large["width"]),
              ("sv", len(large["sv"]))]
    t += [("sv small", len(small["sv"])), ("sv large", len(large["sv"])),
          ("lam small", LAM_SMALL), ("kkt below", 1e-9)]
    return _stated(t)


def claims_kernels():
    """Kernel SVM on XOR: four points no line separates."""
    X = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    y = np.array([1.0, 1.0, -1.0, -1.0])
    chi, b, _ = fit_svm(X, y, 0.01, kernel=polynomial_kernel)
    probe = np.array([[2.0, 3.0]])
    f = kernel_decision(chi, y, b, polynomial_kernel(X, probe))[0]
    best_linear = fit_svm(X, y, 0.01)[0]
    w_lin = weights_from_dual(best_linear, y, X)
    return _stated([("c", 1.0), ("lam", 0.01), ("chi", chi), ("b", b + 0.0),
                    ("x", probe[0]), ("f", f),
                    ("linear |w|", float(np.linalg.norm(w_lin)))])


def rbf_series(x, xq, terms):
    """exp(-(x - x')^2 / 2) in 1-D from `terms` features of the series."""
    k = np.arange(terms)
    fact = np.array([math.factorial(int(j)) for j in k], dtype=float)
    feat = lambda v: math.exp(-v * v / 2) * v**k / np.sqrt(fact)  # noqa: E731
    return float(feat(x) @ feat(xq))


def claims_rbf_series():
    """The deep dive: the RBF kernel as an infinite dot product, truncated."""
    x, xq = 1.0, 0.5
    exact = math.exp(-(x - xq) ** 2 / 2)
    t = [("x", x), ("x'", xq), ("exact", exact)]
    for terms in (2, 4, 10):
        t += [("terms", terms), ("series", rbf_series(x, xq, terms))]
    return t


def claims_interview():
    """Numbers in the interview answers."""
    s = solution(LAM_SMALL)
    kept = s["sv"]
    chi, b, upper = fit_svm(X10[kept], Y10[kept], LAM_SMALL * len(Y10) / 3)
    w_kept = weights_from_dual(chi, Y10[kept], X10[kept])
    n = 1_000_000
    w_sg, b_sg = train_subgradient(X10, Y10, LAM_SMALL)
    return _stated([("N", len(Y10)), ("lam", LAM_SMALL), ("sv", len(kept)),
                    ("sv", len(kept)), ("w", w_kept), ("b", b),
                    ("examples", n), ("bytes", 8), ("TB", n * n * 8 / 1e12),
                    ("N", len(Y10)), ("lam", LAM_SMALL), ("steps", 20_000),
                    ("alpha0", 0.5), ("w", w_sg), ("b", b_sg),
                    ("L", primal_objective(w_sg, b_sg, X10, Y10, LAM_SMALL)),
                    ("L best", s["primal"])])


def exercise_distance():
    """Exercise 1: distance of x = (4, 0) to the line with w = (1, 1), b = -2."""
    w, b, x = np.array([1.0, 1.0]), -2.0, np.array([4.0, 0.0])
    f = float(decision_function(x, w, b))
    norm = float(np.linalg.norm(w))
    return [("exercise", 1), ("w", w), ("b", b), ("x", x), ("x", x), ("b", b),
            ("f", f), ("|w|", norm), ("f", f), ("|w|", norm),
            ("distance", float(distance_to_hyperplane(x, w, b))),
            ("width", street_width(w)), ("f", f)]


def exercise_hinge():
    """Exercise 2: hinge losses of three examples, and their slopes in f."""
    y, f = np.array([1.0, -1.0, 1.0]), np.array([0.3, 0.3, 2.0])
    return [("exercise", 2), ("y", y), ("f", f), ("y f", y * f),
            ("hinge", hinge(y, f)), ("slope", np.where(y * f < 1, -y, 0.0))]


def exercise_kernels():
    """Exercise 3: a polynomial and an RBF kernel value by hand."""
    x, xq = np.array([[1.0, 0.0]]), np.array([[2.0, 3.0]])
    dot_ = float(linear_kernel(x, xq)[0, 0])
    sq = float(((x - xq) ** 2).sum())
    return [("exercise", 3), ("x", x[0]), ("x'", xq[0]), ("c", 1.0), ("s", 1.0),
            ("x.x'", dot_), ("x.x'", dot_),
            ("poly", float(polynomial_kernel(x, xq)[0, 0])),
            ("s", 1.0), ("|x - x'|^2", sq), ("exponent", -sq / 2),
            ("rbf", float(rbf_kernel(x, xq)[0, 0]))]


def exercise_weights_from_dual():
    """Exercise 4: w from three dual variables; which are support vectors."""
    X = np.array([[1.0, 2.0], [0.0, 0.0], [3.0, 1.0]])
    y = np.array([1.0, -1.0, -1.0])
    chi = np.array([0.5, 0.5, 0.0])
    return [("exercise", 4), ("x", X), ("y", y), ("chi", chi), ("chi", chi),
            ("sum chi y", float(chi @ y)), ("chi", chi[:2]),
            ("w", weights_from_dual(chi, y, X)),
            ("support vectors", int((chi > 0).sum()))]


EXAMPLES = (worked_example, worked_example_ten_points,
            worked_example_kernel_trick)
EXERCISES = (exercise_distance, exercise_hinge, exercise_kernels,
             exercise_weights_from_dual)
TRANSCRIPTS = (mistake_dual_without_constraints, claims_margin, claims_hinge,
               claims_lambda,
               claims_kernels, claims_rbf_series, claims_interview)


def main():
    """Print each transcript, worked examples first, one (name, value) a line."""
    for transcript in EXAMPLES + EXERCISES + TRANSCRIPTS:
        print(f"# {transcript.__name__}")
        for name, value in transcript():
            print(f"  {name} = {np.round(np.asarray(value, dtype=float), 5).tolist()}")
        print()


if __name__ == "__main__":
    main()
