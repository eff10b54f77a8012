"""Tests of snippets/kernels_and_svms.py, against hand-derived values, plain-Python loops,
an independent dual solver (projected gradient ascent) and properties (duality, KKT, optimality)."""
from __future__ import annotations

import math

import numpy as np
import pytest

import kernels_and_svms as ks
from gradcheck import assert_gradient
from transcript_check import check, each

# --------------------------------------------------------------------------
# Independent helpers: loops and a different algorithm for the dual.


def kernel_loops(A, B, k):
    return np.array([[k(list(a), list(b)) for b in B] for a in A])


def dot(a, b):
    return sum(p * q for p, q in zip(a, b))


def project(v, y, upper):
    """Closest point to v with 0 <= chi <= upper and sum chi y = 0 (bisection on the multiplier)."""
    lo, hi = -1e3, 1e3
    for _ in range(60):
        mu = (lo + hi) / 2
        if np.clip(v - mu * y, 0, upper) @ y > 0:
            lo = mu
        else:
            hi = mu
    return np.clip(v - (lo + hi) / 2 * y, 0, upper)


def dual_by_projected_gradient(G, y, upper, steps=3000):
    Q = np.outer(y, y) * G
    step = 1.0 / np.linalg.eigvalsh(Q).max()
    chi = np.zeros(len(y))
    for _ in range(steps):
        chi = project(chi + step * (1 - Q @ chi), y, upper)
    return chi


def objective_loops(w, b, X, y, lam):
    total = 0.0
    for xi, yi in zip(X.tolist(), y.tolist()):
        total += max(0.0, 1 - yi * (dot(w, xi) + b))
    return lam / 2 * dot(w, w) + total / len(y)


# --------------------------------------------------------------------------
# Geometry, hinge and the primal


def test_distance_is_the_length_of_the_perpendicular():
    """Foot of the perpendicular: x - t w with w.(x - t w) + b = 0; its length is the distance."""
    rng = np.random.default_rng(0)
    for _ in range(20):
        w, x, b = rng.standard_normal(3), rng.standard_normal(3), rng.standard_normal()
        t = (w @ x + b) / (w @ w)
        foot = x - t * w
        assert abs(w @ foot + b) < 1e-12
        assert ks.distance_to_hyperplane(x[None], w, b)[0] == pytest.approx(
            np.sign(t) * np.linalg.norm(x - foot))


def test_street_width_and_bad_w():
    assert ks.street_width(np.array([0.6, 0.8])) == pytest.approx(2.0)
    with pytest.raises(ValueError):
        ks.distance_to_hyperplane(np.ones((1, 2)), np.zeros(2), 1.0)


def test_objective_matches_loops_and_subgradient_matches_central_differences():
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((12, 3)), np.sign(rng.standard_normal(12))
    for _ in range(5):
        wb = rng.standard_normal(4)
        assert ks.primal_objective(wb[:3], wb[3], X, y, 0.3) == pytest.approx(
            objective_loops(wb[:3].tolist(), wb[3], X, y, 0.3))
        margins = y * (X @ wb[:3] + wb[3])
        assert np.abs(margins - 1).min() > 1e-4      # away from the kinks

        def f(v):                                    # the loop version, not the snippet's
            return objective_loops(v[:3].tolist(), v[3], X, y, 0.3)

        def g(v):
            g_w, g_b = ks.primal_subgradient(v[:3], v[3], X, y, 0.3)
            return np.append(g_w, g_b)

        assert_gradient(f, g, wb)


# --------------------------------------------------------------------------
# Kernels


def test_kernels_match_loops():
    rng = np.random.default_rng(2)
    A, B = rng.standard_normal((4, 3)), rng.standard_normal((5, 3))
    np.testing.assert_allclose(ks.linear_kernel(A, B), kernel_loops(A, B, dot))
    np.testing.assert_allclose(ks.polynomial_kernel(A, B, c=0.5, degree=3),
                               kernel_loops(A, B, lambda a, b: (dot(a, b) + 0.5) ** 3))
    np.testing.assert_allclose(
        ks.rbf_kernel(A, B, s=0.7),
        kernel_loops(A, B, lambda a, b: math.exp(-sum((p - q) ** 2 for p, q in zip(a, b))
                                                 / (2 * 0.49))))


def test_degree_two_features_reproduce_the_kernel():
    rng = np.random.default_rng(3)
    for c in (0.0, 1.0, 2.5):
        for _ in range(10):
            x, xq = rng.standard_normal(2), rng.standard_normal(2)
            assert ks.poly2_features(x, c) @ ks.poly2_features(xq, c) == pytest.approx(
                (x @ xq + c) ** 2)


def test_gram_matrices_are_positive_semidefinite():
    rng = np.random.default_rng(4)
    X = rng.standard_normal((15, 2))
    for G in (ks.linear_kernel(X, X), ks.polynomial_kernel(X, X), ks.rbf_kernel(X, X, s=0.5)):
        assert np.linalg.eigvalsh(G).min() > -1e-9


def test_rbf_series_converges_to_the_kernel():
    exact = math.exp(-0.125)
    errors = [abs(ks.rbf_series(1.0, 0.5, n) - exact) for n in (2, 4, 10, 20)]
    assert errors == sorted(errors, reverse=True) and errors[-1] < 1e-12
    # By hand: the first n features' dot product is e^(-1/2) e^(-1/8) sum_{k<n} 0.5^k / k!.
    partial = [math.exp(-0.625) * sum(0.5**k / math.factorial(k) for k in range(n))
               for n in (2, 4, 10)]
    check(ks.claims_rbf_series(), {"exact": exact, "series": each(*partial)})


# --------------------------------------------------------------------------
# The dual solver


def test_smo_agrees_with_projected_gradient_on_random_problems():
    rng = np.random.default_rng(5)
    for kernel in (ks.linear_kernel, ks.polynomial_kernel, ks.rbf_kernel):
        X = rng.standard_normal((12, 2))
        y = np.where(X[:, 0] + 0.5 * rng.standard_normal(12) > 0, 1.0, -1.0)
        G, upper = kernel(X, X), 0.5
        chi = ks.solve_dual(G, y, upper)
        other = dual_by_projected_gradient(G, y, upper)
        assert ks.dual_objective(chi, y, G) == pytest.approx(ks.dual_objective(other, y, G),
                                                             rel=1e-6)
        assert abs(chi @ y) < 1e-9 and chi.min() >= 0 and chi.max() <= upper


@pytest.mark.parametrize("lam", ks.LAMS)
def test_solution_is_optimal_kkt_and_has_no_duality_gap(lam):
    s = ks.solution(lam)
    X, y = ks.X10, ks.Y10
    assert s["primal"] == pytest.approx(lam * s["dual"], rel=1e-9)
    assert s["kkt"] < 1e-9 and s["balance"] < 1e-12
    rng = np.random.default_rng(6)
    best = objective_loops(s["w"].tolist(), s["b"], X, y, lam)
    for _ in range(200):
        d = 1e-3 * rng.standard_normal(3)
        assert objective_loops((s["w"] + d[:2]).tolist(), s["b"] + d[2], X, y, lam) >= best - 1e-12
    # KKT, recomputed here from the definitions
    f = X @ s["w"] + s["b"]
    for chi_i, m in zip(s["chi"], y * f):
        if chi_i < 1e-9:
            assert m >= 1 - 1e-9
        elif chi_i > s["upper"] - 1e-9:
            assert m <= 1 + 1e-9
        else:
            assert m == pytest.approx(1)


def test_ten_points_hard_margin_solution_by_hand():
    """Support vectors (2, 2) for +1, (0.5, 1.5) and (2, 0.5) for -1 (found by the solver; checked
    here). The two negative ones fix the direction: normal to (1.5, -1), so w = k (2, 3);
    k (4 + 6) + b = 1 and k (1 + 4.5) + b = -1 give k = 4/9, b = -31/9. Then w = sum chi y x and
    sum chi y = 0 are three linear equations for the three chi."""
    w, b = np.array([8 / 9, 4 / 3]), -31 / 9
    A = np.array([[2.0, -0.5, -2.0], [2.0, -1.5, -0.5], [1.0, -1.0, -1.0]])
    chi = np.linalg.solve(A, np.array([w[0], w[1], 0.0]))
    width = 2 / math.hypot(*w)
    t = ks.worked_example_ten_points()
    check(t, {"w": w, "b": b, "width": width, "support vectors": 3,
              "chi_i": each(*chi, chi[1], chi[2]), "i": each(1, 9, 10, 1),
              "balance +": chi[0], "balance -": chi[1] + chi[2],
              "primal L": 0.01 / 2 * (w @ w), "lam * dual": 0.01 / 2 * (w @ w),
              "dual": (w @ w) / 2, "upper": each(10.0, 10.0), "|w|": each(*[math.hypot(*w)] * 2),
              "y f": [yi * (dot(w, xi) + b) for xi, yi in zip(ks.X10.tolist(), ks.Y10)]})


def test_lambda_one_soft_margin_solution_by_hand():
    """At lam = 1 (bound 0.1): points 7 (-1, 1) and 8 (1, -0.5) on the f = -1 line fix w = k (3, 4)
    and k + b = -1. Points 1, 3, 4, 9, 10 at the bound: balance gives chi_7 + chi_8 = 0.1, and
    w = sum chi y x = (0.35 + 2 chi_7, 0.5 - 1.5 chi_7) = k (3, 4) gives chi_7 = 0.008,
    k = 0.122."""
    s = ks.solution(1.0)
    np.testing.assert_allclose(s["w"], [0.366, 0.488], atol=1e-9)
    assert s["b"] == pytest.approx(-1.122)
    np.testing.assert_allclose(s["chi"], [0.1, 0, 0.1, 0.1, 0, 0, 0.008, 0.092, 0.1, 0.1],
                               atol=1e-9)
    t = ks.claims_lambda()
    assert [v for n, v in t if n == "width"][3] == pytest.approx(2 / 0.61)
    assert [v for n, v in t if n == "support vectors"][3] == 7
    assert [v for n, v in t if n == "at the bound"][-1] == 5


# --------------------------------------------------------------------------
# Transcripts


def test_worked_example_two_points_by_hand():
    """x+ = (2, 2), x- = (0, 0): w along (1, 1) with w.(2, 2) + b = 1 and b = -1, so w = (0.5, 0.5);
    chi (2, 2) = w gives chi = 1/4; dual = 2 chi - |w|^2 / 2 = 0.25 = |w|^2 / 2."""
    check(ks.worked_example(), {
        "|x+ - x-|": math.sqrt(8), "w": each([0.5, 0.5], [0.5, 0.5]), "b": -1.0,
        "f(x+)": 1.0, "f(x-)": -1.0, "|w|": math.sqrt(0.5), "width": math.sqrt(8),
        "chi": 0.25, "sum chi": 0.5, "|w|^2": 0.5, "dual": 0.25, "1/2 |w|^2": 0.25})


def test_kernel_trick_transcript():
    r = math.sqrt(2)
    check(ks.worked_example_kernel_trick(), {
        "x.x'": 4.0, "kernel": 25.0, "Psi(x)": [1, 4, 2 * r, r, 2 * r, 1],
        "Psi(x')": [4, 1, 2 * r, 2 * r, r, 1], "products": [4, 4, 8, 4, 4, 1], "sum": 25.0,
        "features": 6})


def test_xor_with_the_degree_two_kernel():
    """By symmetry all four chi are equal and b = 0; w in feature space is chi * 4 sqrt2 on the
    x1 x2 feature, and y f = 1 needs w_3 sqrt2 = 1, so chi = 1/8 and f(x) = x1 x2."""
    X = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    y = np.array([1.0, 1.0, -1.0, -1.0])
    chi, b, _ = ks.fit_svm(X, y, 0.01, kernel=ks.polynomial_kernel)
    np.testing.assert_allclose(chi, 0.125, atol=1e-12)
    assert abs(b) < 1e-12
    probe = np.array([[2.0, 3.0], [-1.5, 0.5]])
    np.testing.assert_allclose(ks.kernel_decision(chi, y, b, ks.polynomial_kernel(X, probe)),
                               probe[:, 0] * probe[:, 1], atol=1e-12)
    assert np.linalg.norm(ks.weights_from_dual(ks.fit_svm(X, y, 0.01)[0], y, X)) < 1e-12
    check(ks.claims_kernels(), {"chi[0]": 0.125, "chi[3]": 0.125, "f": 6.0, "lam": 0.01})


def test_mistake_the_unconstrained_dual_grows_without_bound():
    t = ks.mistake_dual_without_constraints()
    duals = [v for n, v in t if n == "dual"]
    assert duals[1] == pytest.approx(10 * duals[0]) and duals[2] == pytest.approx(100 * duals[0])
    # Independently: the all-ones vector minus its projection on the rows of Z (via QR); along
    # it w = 0, so the dual is sum(chi), which for a projection of ones is |direction|^2.
    Z = (ks.Y10[:, None] * ks.X10).T
    q, _ = np.linalg.qr(Z.T)
    direction = np.ones(10) - q @ (q.T @ np.ones(10))
    assert np.abs(Z @ direction).max() < 1e-12 and direction.min() > 0
    assert duals[0] == pytest.approx(direction @ direction) and dict(t)["positive"] == 10


def test_lambda_table_shrinks_w_and_adds_support_vectors():
    t = ks.claims_lambda()
    widths = [v for n, v in t if n == "width"][:4]
    svs = [v for n, v in t if n == "support vectors"]
    assert len(widths) == 4 and len(svs) == 4
    assert widths == sorted(widths) and svs == sorted(svs)
    assert widths[0] == pytest.approx(2 / math.hypot(8 / 9, 4 / 3))


def test_exercises_by_hand():
    check(ks.exercise_distance(), {"f": 2.0, "|w|": math.sqrt(2), "distance": math.sqrt(2),
                                   "width": math.sqrt(2)})
    check(ks.exercise_hinge(), {"hinge": [0.7, 1.3, 0.0], "slope": [-1.0, 1.0, 0.0]})
    check(ks.exercise_kernels(), {"poly": 9.0, "|x - x'|^2": 10.0, "rbf": math.exp(-5)})
    check(ks.exercise_weights_from_dual(), {"w": [0.5, 1.0], "support vectors": 2,
                                            "sum chi y": 0.0})
    check(ks.claims_margin(), {"f": 5.0, "|w|": 5.0, "b": -5.0})
    check(ks.claims_hinge(), {"halfway": 0.5, "logistic": each(math.log(2), math.log(1 + math.exp(-2)))})


def subgradient_run_here(X, y, lam, steps=20_000, alpha0=0.5):
    """The coding answer's recipe, written again: store every iterate, average the second half."""
    w, b, ws, bs = np.zeros(2), 0.0, [], []
    for t in range(1, steps + 1):
        inside = [i for i in range(len(y)) if y[i] * (X[i] @ w + b) < 1]
        g_w = lam * w - sum((y[i] * X[i] for i in inside), np.zeros(2)) / len(y)
        g_b = -sum(y[i] for i in inside) / len(y)
        w, b = w - alpha0 / math.sqrt(t) * g_w, b - alpha0 / math.sqrt(t) * g_b
        ws.append(w)
        bs.append(b)
    return np.mean(ws[steps // 2:], axis=0), float(np.mean(bs[steps // 2:]))


def test_dropping_non_support_vectors_changes_nothing_and_subgradient_gets_close():
    t = ks.claims_interview()
    w_sg, b_sg = subgradient_run_here(ks.X10, ks.Y10, 0.01)
    check(t, {"w[0]": each(8 / 9, w_sg[0]), "w[1]": each(4 / 3, w_sg[1]), "TB": 8.0,
              "b": each(-31 / 9, b_sg),
              "L": objective_loops(w_sg.tolist(), b_sg, ks.X10, ks.Y10, 0.01),
              "L best": 0.01 / 2 * (64 / 81 + 16 / 9)})
    np.testing.assert_allclose(w_sg, [8 / 9, 4 / 3], atol=1e-2)
    assert dict(t)["L"] == pytest.approx(dict(t)["L best"], rel=1e-2)


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        ks.solve_dual(np.eye(2), np.array([1.0, 0.0]), 1.0)
    with pytest.raises(ValueError):
        ks.fit_svm(ks.X10, ks.Y10, 0.0)
