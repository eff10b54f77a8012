"""Tests of snippets/pca.py, against plain-Python loops, power iteration, a brute-force search
over directions, hand-derived values and properties (orthonormal components, traces, the
reconstruction error equal to the discarded eigenvalues)."""
from __future__ import annotations

import math

import numpy as np
import pytest

import pca
from transcript_check import check, each, near

# --------------------------------------------------------------------------
# Helpers written independently of the snippet: lists, loops and the math module.


def covariance_loops(X):
    """Sample covariance with explicit loops: sum of (x_a - mean_a)(x_b - mean_b) over n - 1."""
    rows = np.asarray(X, dtype=float).tolist()
    n, d = len(rows), len(rows[0])
    mean = [sum(r[a] for r in rows) / n for a in range(d)]
    return np.array([[sum((r[a] - mean[a]) * (r[b] - mean[b]) for r in rows) / (n - 1)
                      for b in range(d)] for a in range(d)])


def power_iteration(A, steps=2000):
    """Largest eigenvalue and its eigenvector by repeated multiplication (a different algorithm)."""
    v = np.ones(len(A)) / math.sqrt(len(A)) + 0.01 * np.arange(len(A))
    for _ in range(steps):
        v = A @ v
        v = v / np.linalg.norm(v)
    return float(v @ A @ v), v


def best_direction_by_search(X, steps=200_000):
    """In 2-D: the unit vector whose projections have the largest variance, by trying angles."""
    Xc = np.asarray(X, dtype=float) - np.asarray(X, dtype=float).mean(axis=0)
    angles = np.linspace(0.0, math.pi, steps, endpoint=False)
    dirs = np.stack([np.cos(angles), np.sin(angles)])
    variances = ((Xc @ dirs) ** 2).sum(axis=0) / (len(Xc) - 1)
    best = int(np.argmax(variances))
    return variances[best], dirs[:, best]


def same_direction(a, b, atol=1e-6):
    return np.allclose(a, b, atol=atol) or np.allclose(a, -b, atol=atol)


# --------------------------------------------------------------------------
# Centring and covariance


def test_covariance_matches_loops_on_random_data():
    rng = np.random.default_rng(0)
    for n, d in [(2, 1), (7, 3), (30, 5)]:
        X = rng.standard_normal((n, d)) * 3 + 5
        np.testing.assert_allclose(pca.covariance(X), covariance_loops(X), atol=1e-12)


def test_centred_data_has_zero_mean_and_the_covariance_ignores_a_shift():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((20, 4))
    Xc, mu = pca.centre(X)
    np.testing.assert_allclose(Xc.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(pca.covariance(X + 100.0), pca.covariance(X), atol=1e-9)


def test_centre_refuses_a_single_example():
    with pytest.raises(ValueError):
        pca.centre(np.ones((1, 3)))


# --------------------------------------------------------------------------
# Components: eigen route, SVD route, independent algorithms


def test_eigenvectors_satisfy_the_eigen_equation_and_are_orthonormal():
    X = pca.wide_data()
    c, Q = pca.pca_eig(X)
    S = covariance_loops(X)
    np.testing.assert_allclose(S @ Q, Q * c, atol=1e-9)
    np.testing.assert_allclose(Q.T @ Q, np.eye(len(c)), atol=1e-12)
    assert np.all(np.diff(c) <= 0)                       # largest first
    assert math.isclose(c.sum(), np.trace(S), rel_tol=1e-12)   # total variance


def test_top_eigenpair_matches_power_iteration():
    X = pca.wide_data()
    c, Q = pca.pca_eig(X)
    top, v = power_iteration(covariance_loops(X))
    assert math.isclose(c[0], top, rel_tol=1e-9)
    assert same_direction(Q[:, 0], v)


def test_first_component_maximises_the_variance_of_the_projection():
    X = pca.cloud()
    c, Q = pca.pca_eig(X)
    var, direction = best_direction_by_search(X)
    assert math.isclose(c[0], var, rel_tol=1e-8)
    assert same_direction(Q[:, 0], direction, atol=1e-4)


def test_svd_route_gives_the_same_eigenvalues_and_components():
    for X in (pca.EX_X, pca.cloud(), pca.wide_data()):
        c, Q = pca.pca_eig(X)
        c2, Q2, g = pca.pca_svd(X)
        np.testing.assert_allclose(c2, c, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(Q2, Q, atol=1e-9)      # same signs after fix_signs
        np.testing.assert_allclose(g ** 2 / (len(X) - 1), c, rtol=1e-9)


def test_two_by_two_eigenvalues_from_trace_and_determinant():
    rng = np.random.default_rng(4)
    X = rng.standard_normal((12, 2)) @ np.array([[2.0, 0.3], [0.0, 0.7]])
    S = covariance_loops(X)
    tr, det = S[0, 0] + S[1, 1], S[0, 0] * S[1, 1] - S[0, 1] ** 2
    root = math.sqrt(tr * tr / 4 - det)
    c, _ = pca.pca_eig(X)
    np.testing.assert_allclose(c, [tr / 2 + root, tr / 2 - root], rtol=1e-12)


def test_gram_route_for_more_features_than_examples():
    """d > n: the small (n x n) problem gives the SVD's eigenvalues and components, and
    exactly rank(X_c) = n - 1 of them (numpy's matrix_rank, an independent count)."""
    rng = np.random.default_rng(4)
    X = rng.standard_normal((20, 1000))
    c, Q = pca.pca_gram(X)
    c2, Q2, _ = pca.pca_svd(X)
    rank = np.linalg.matrix_rank(X - X.mean(axis=0))
    assert len(c) == rank == 19
    np.testing.assert_allclose(c, c2[:rank], rtol=1e-9)
    np.testing.assert_allclose(Q, Q2[:, :rank], atol=1e-9)
    assert dict(pca.claims_gram())["non-zero"] == rank


# --------------------------------------------------------------------------
# Choosing k, projection, reconstruction


def test_explained_variance_ratio_and_choose_k_by_hand():
    np.testing.assert_allclose(pca.explained_variance_ratio([3.0, 1.0]), [0.75, 0.25])
    assert pca.choose_k([3.0, 1.0]) == 2            # 0.75 < 0.95
    assert pca.choose_k([95.0, 5.0]) == 1           # exactly 95 % counts
    assert pca.choose_k([1.0, 1.0, 1.0, 1.0], threshold=0.5) == 2
    with pytest.raises(ValueError):
        pca.explained_variance_ratio([1.0, -0.5])


@pytest.mark.parametrize("k", [0, 1, 2, 5, 10])
def test_reconstruction_error_is_the_sum_of_discarded_eigenvalues(k):
    X = pca.wide_data()
    c, Q = pca.pca_eig(X)
    mu = X.mean(axis=0)
    X_rec = pca.reconstruct(pca.project(X, mu, Q, k), mu, Q)
    # Error computed with loops over examples and features, divided by n - 1.
    total = sum(sum((a - b) ** 2 for a, b in zip(r, s)) for r, s in zip(X.tolist(), X_rec.tolist()))
    assert math.isclose(total / (len(X) - 1), c[k:].sum(), rel_tol=1e-8, abs_tol=1e-10)


def test_codes_have_the_eigenvalues_as_variances_and_are_uncorrelated():
    X = pca.cloud()
    c, Q = pca.pca_eig(X)
    codes = pca.project(X, X.mean(axis=0), Q, 2)
    np.testing.assert_allclose(covariance_loops(codes), np.diag(c), atol=1e-9)


def test_whitening_gives_identity_covariance_and_refuses_a_flat_direction():
    np.testing.assert_allclose(covariance_loops(pca.whiten(pca.wide_data())), np.eye(10), atol=1e-9)
    with pytest.raises(ValueError):
        pca.whiten(np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]))


# --------------------------------------------------------------------------
# The page's transcripts, against values derived here


def test_worked_example_transcript():
    # Centred points (-3,-3), (-1,-1), (0,0), (1,3), (3,1): X_c^T X_c = [[20,16],[16,20]].
    # Sigma = [[5,4],[4,5]]: c = 5 +- 4 = 9, 1; q = (1, 1)/sqrt2, (1, -1)/sqrt2.
    # Singular values sqrt(4 * 9) = 6, sqrt(4 * 1) = 2. Codes (x_c . (1,1))/sqrt2.
    r = 1 / math.sqrt(2)
    codes = [(-3 - 3) * r, (-1 - 1) * r, 0.0, (1 + 3) * r, (3 + 1) * r]
    t = pca.worked_example()
    check(t, {"mu": [3.0, 4.0], "Sigma": [[5.0, 4.0], [4.0, 5.0]],
              "X_c^T X_c": [[20.0, 16.0], [16.0, 20.0]],
              "trace": each(10.0, 10.0), "det": each(9.0, 9.0),
              "c1": each(9.0, 9.0, 9.0, 9.0, 9.0), "c2": each(1.0, 1.0, 1.0, 1.0),
              "q1": each([r, r], [r, r], [r, r]), "q2": [r, -r],
              "Sigma q1": [9 * r, 9 * r], "singular values": [6.0, 2.0],
              "g1^2": 36.0, "g2^2": 4.0, "q1 (SVD)": [r, r], "q2 (SVD)": [r, -r],
              "ratio 1": 0.9, "code 4": each(4 * r, 4 * r), "codes": codes,
              "Sigma[1,1]": each(5.0, 5.0), "Sigma[1,2]": each(4.0, 4.0), "g1": 6.0, "g2": 2.0,
              "x_rec row 4": [5.0, 6.0],
              "residuals": near([[0, 0], [0, 0], [0, 0], [-1, 1], [1, -1]], atol=1e-12),
              "sum of squares": 4.0, "error": 1.0})


def test_mistake_transcripts():
    t = dict(pca.mistake_uncentred())
    top, v = power_iteration(covariance_loops(pca.cloud()))
    assert same_direction(t["right q1"], v)
    # The uncentred matrix's top eigenvector, by power iteration on X^T X / (n - 1).
    X = pca.cloud()
    _, w = power_iteration(X.T @ X / (len(X) - 1))
    assert same_direction(t["wrong q1"], w)
    assert t["angle wrong-mean"] < 1.0 and t["angle right-mean"] > 80.0
    m = pca.mistake_eigh_order()
    check(m, {"eigh values": [1.0, 9.0], "its share": 0.1, "wrong error": 9.0,
              "sorted values": [9.0, 1.0], "right error": 1.0})


def test_exercise_transcripts():
    # Three points (1,2), (2,2), (3,5): mean (2,3); centred (-1,-1), (0,-1), (1,2).
    # Sums 2, 6, 3 over n - 1 = 2: Sigma = [[1, 1.5], [1.5, 3]].
    check(pca.exercise_centre_covariance(), {"mu": [2.0, 3.0], "Sigma": [[1.0, 1.5], [1.5, 3.0]],
                                             "sum 00": 2.0, "sum 11": 6.0, "sum 01": 3.0})
    check(pca.exercise_two_by_two(), {"c1": each(5.0, 5.0, 5.0, 5.0), "c2": each(1.0, 1.0, 1.0),
                                      "ratio": each(5 / 6, 5 / 6)})
    # 12, 17, 18.5, 19.3 of 20: 0.6, 0.85, 0.925, 0.965 -> k = 4; left over 0.5 + 0.2.
    check(pca.exercise_choose_k(), {"cum": [0.6, 0.85, 0.925, 0.965], "k": 4, "error": 0.7})
    # 100/4, 16/4, 4/4 = 25, 4, 1; keep one: 5 left; 25/30.
    check(pca.exercise_singular_values(), {"c": [25.0, 4.0, 1.0], "error": 5.0, "ratio": 25 / 30,
                                           "total": 30.0})


def test_claims_transcripts():
    t = dict(pca.claims_reconstruction())
    assert math.isclose(t["error"], t["tail sum"], rel_tol=1e-9)
    t = dict(pca.claims_whitening())
    np.testing.assert_allclose(t["before"], covariance_loops(pca.cloud()))
    np.testing.assert_allclose(covariance_loops(pca.whiten(pca.cloud())), np.eye(2), atol=1e-12)
    t = dict(pca.claims_the_math())
    X = pca.wide_data()
    lam = np.sort(np.linalg.eigvalsh(covariance_loops(X)))[::-1]
    np.testing.assert_allclose(t["cum"], np.cumsum(lam)[:4] / lam.sum(), rtol=1e-9)
    assert t["k"] == 3                                 # 88 % with two, 96 % with three
    t = dict(pca.claims_interview())
    assert t["c2 eig"] < 0 < t["c2 svd"]       # the covariance route even gets a negative variance
    assert t["cov ops"] == 60_000 * 784 * 784 and t["eig ops"] == 784 ** 3


def test_uncentred_mistake_numbers_from_power_iteration():
    """The wrong 'component', its angle to the mean and its claimed share, from power iteration
    on X^T X / (n - 1) and the trace; the right share from the centred covariance's trace."""
    t = dict(pca.mistake_uncentred())
    X = pca.cloud()
    mean = [sum(col) / len(X) for col in X.T.tolist()]
    top, w = power_iteration(X.T @ X / (len(X) - 1))
    cos = abs(w @ mean) / math.hypot(*mean)
    assert math.isclose(t["angle wrong-mean"], math.degrees(math.acos(cos)), rel_tol=1e-6)
    assert math.isclose(t["wrong ratio"], top / np.trace(X.T @ X / (len(X) - 1)), rel_tol=1e-9)
    S = covariance_loops(X)
    top_right, _ = power_iteration(S)
    assert math.isclose(t["right ratio"], top_right / np.trace(S), rel_tol=1e-9)


def test_interview_numbers_against_independent_computations():
    t = dict(pca.claims_interview())
    # Metres and millimetres: the same seeded draws, rebuilt here. Two standardised features
    # with correlation r have the correlation matrix [[1, r], [r, 1]], eigenvalues 1 +- |r|.
    rng = np.random.default_rng(3)
    h, m = rng.standard_normal(300), rng.standard_normal(300)
    X = np.column_stack([1.7 + 0.1 * h, 1000 * (0.5 + 0.05 * m)])
    S = covariance_loops(X)
    r = S[0, 1] / math.sqrt(S[0, 0] * S[1, 1])
    assert math.isclose(t["ratio std"], (1 + abs(r)) / 2, rel_tol=1e-9)
    tr, det = S[0, 0] + S[1, 1], S[0, 0] * S[1, 1] - S[0, 1] ** 2
    assert math.isclose(t["ratio raw"], (tr / 2 + math.sqrt(tr * tr / 4 - det)) / tr, rel_tol=1e-12)
    # Nearly collinear features: rotate by 45 degrees so the tiny direction is its own column,
    # f = (b - a)/sqrt2, then the small eigenvalue is det/top = ff - pf^2/pp to first order,
    # computed without cancellation against the large one.
    rng = np.random.default_rng(2)
    a = rng.standard_normal(100)
    b = a + 1e-9 * rng.standard_normal(100)
    p, f = (a + b) / math.sqrt(2), (b - a) / math.sqrt(2)
    p, f = p - p.mean(), f - f.mean()
    small = (f @ f - (p @ f) ** 2 / (p @ p)) / 99
    assert math.isclose(t["c2 svd"], small, rel_tol=1e-6)
    assert math.isclose(t["condition"], math.sqrt((p @ p) / 99 / small), rel_tol=1e-6)
    # The cost estimate, by hand.
    assert t["seconds"] == 60_000 * 784 * 784 / 1e10
    assert t["numbers"] == 47_040_000 and t["megabytes"] == 376
