"""Tests of snippets/tsne_and_umap.py, against plain-Python loops, hand-derived values,
central differences and properties (distributions that add up to one, the perplexity the
bisection aimed at, a cost that does not change when the map is rotated)."""
from __future__ import annotations

import math

import numpy as np
import pytest

import tsne_and_umap as ts
from gradcheck import assert_gradient, central_difference
from transcript_check import check, each, near

# --------------------------------------------------------------------------
# Independent helpers: lists and the math module only.


def sq_dist_loops(X):
    X = np.asarray(X, dtype=float).tolist()
    return [[sum((a - b) ** 2 for a, b in zip(u, v)) for v in X] for u in X]


def p_row_loops(D2, i, s):
    """p_{j|i} by the formula, one term at a time."""
    w = [0.0 if j == i else math.exp(-d / (2 * s * s)) for j, d in enumerate(D2[i])]
    total = sum(w)
    return [x / total for x in w]


def perplexity_loops(p):
    return math.exp(-sum(x * math.log(x) for x in p if x > 0))


def bisect_loops(D2, i, target, rule=perplexity_loops, hi=4.0, steps=50):
    """The width of point i by a hand-written bisection on [0, hi]; rule maps a row of
    probabilities to the number compared with the target. Returns s and the (lo, hi, s, value)
    of every step."""
    lo, rows = 0.0, []
    for _ in range(steps):
        mid = (lo + hi) / 2
        value = rule(p_row_loops(D2, i, mid))
        rows.append((lo, hi, mid, value))
        lo, hi = (mid, hi) if value < target else (lo, mid)
    return (lo + hi) / 2, rows


def q_loops(U):
    """q_ij with the normaliser written as two nested loops over k != l."""
    D2 = sq_dist_loops(U)
    n = len(D2)
    total = 0.0
    for k in range(n):
        for l in range(n):
            if k != l:
                total += 1.0 / (1.0 + D2[k][l])
    return [[0.0 if i == j else (1.0 / (1.0 + D2[i][j])) / total for j in range(n)]
            for i in range(n)]


def kl_loops(P, Q):
    n = len(P)
    return sum(P[i][j] * math.log(P[i][j] / Q[i][j])
               for i in range(n) for j in range(n) if i != j and P[i][j] > 0)


def random_P(rng, n):
    """A random symmetric distribution over the ordered pairs, zero diagonal."""
    A = rng.exponential(size=(n, n))
    A = A + A.T
    np.fill_diagonal(A, 0.0)
    return A / A.sum()


# --------------------------------------------------------------------------
# The data side


def test_squared_distances_match_loops():
    X = np.random.default_rng(0).standard_normal((6, 4))
    np.testing.assert_allclose(ts.squared_distances(X), sq_dist_loops(X), rtol=1e-12)


@pytest.mark.parametrize("s", [0.3, 1.0, 5.0])
def test_p_given_i_matches_the_formula_and_is_a_distribution(s):
    X = np.random.default_rng(1).standard_normal((7, 3))
    D2 = sq_dist_loops(X)
    for i in range(7):
        p = ts.p_given_i(np.array(D2), i, s)
        np.testing.assert_allclose(p, p_row_loops(D2, i, s), rtol=1e-12, atol=1e-300)
        assert p[i] == 0.0 and math.isclose(p.sum(), 1.0)


def test_p_given_i_survives_huge_distances():
    D2 = np.array([[0.0, 1e4, 1e4 + 1.0], [1e4, 0.0, 1.0], [1e4 + 1.0, 1.0, 0.0]])
    p = ts.p_given_i(D2, 0, 1.0)          # exp(-5000) alone would underflow to 0/0
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p[1] / p[2], math.exp(0.5))


def test_perplexity_of_an_even_split_is_the_number_of_outcomes():
    for m in (1, 2, 5, 17):
        assert math.isclose(ts.perplexity([1 / m] * m + [0.0]), m)


def test_perplexity_is_base_free():
    p = [0.6, 0.3, 0.1]
    bits = -sum(x * math.log2(x) for x in p)
    assert math.isclose(ts.perplexity(p), 2 ** bits)


@pytest.mark.parametrize("target", [1.5, 3.0, 6.0])
def test_find_width_hits_its_target(target):
    X = np.random.default_rng(2).standard_normal((10, 5)) * 3
    D2 = ts.squared_distances(X)
    for i in range(10):
        s, rows = ts.find_width(D2, i, target)
        assert math.isclose(perplexity_loops(p_row_loops(D2.tolist(), i, s)), target,
                            rel_tol=1e-9)
        # every step halves the interval
        widths = [hi - lo for lo, hi, _, _ in rows]
        np.testing.assert_allclose(np.array(widths[1:]) / np.array(widths[:-1]), 0.5)


def test_perplexity_grows_with_the_width():
    D2 = ts.squared_distances(np.random.default_rng(3).standard_normal((8, 2)))
    perps = [ts.perplexity(ts.p_given_i(D2, 0, s)) for s in np.linspace(0.1, 10, 40)]
    assert np.all(np.diff(perps) > 0)


@pytest.mark.parametrize("target", [1.0, 7.0, 12.0])
def test_find_width_refuses_an_unreachable_perplexity(target):
    D2 = ts.squared_distances(np.arange(8.0)[:, None])
    with pytest.raises(ValueError, match="between 1 and n - 1 = 7"):
        ts.find_width(D2, 0, target)


def test_p_given_i_refuses_a_width_that_is_not_positive():
    with pytest.raises(ValueError, match="positive"):
        ts.p_given_i(np.zeros((2, 2)), 0, 0.0)


def test_joint_p_is_a_symmetric_distribution_where_every_point_keeps_a_share():
    X = np.vstack([np.random.default_rng(4).standard_normal((9, 3)), [[30.0, 30.0, 30.0]]])
    P = ts.joint_p(X, 3.0)
    n = len(X)
    assert math.isclose(P.sum(), 1.0) and np.allclose(P, P.T) and np.all(np.diag(P) == 0)
    assert np.all(P.sum(axis=1) >= 1 / (2 * n) - 1e-15)    # the outlier included


# --------------------------------------------------------------------------
# The map side, the cost and the gradient


def test_q_matrix_matches_the_double_loop_and_adds_up_to_one():
    U = np.random.default_rng(5).standard_normal((6, 2))
    Q = ts.q_matrix(U)
    np.testing.assert_allclose(Q, q_loops(U), rtol=1e-12)
    assert math.isclose(Q.sum(), 1.0)


def test_cost_ignores_rotation_reflection_and_shift_of_the_map():
    rng = np.random.default_rng(6)
    P, U = random_P(rng, 6), rng.standard_normal((6, 2))
    angle = 0.7
    R = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    moved = (U @ R.T) * np.array([1.0, -1.0]) + np.array([3.0, -2.0])
    assert math.isclose(ts.kl_cost(P, ts.q_matrix(U)), ts.kl_cost(P, ts.q_matrix(moved)))


def test_kl_cost_matches_loops():
    rng = np.random.default_rng(7)
    P, U = random_P(rng, 5), rng.standard_normal((5, 2))
    assert math.isclose(ts.kl_cost(P, ts.q_matrix(U)), kl_loops(P, q_loops(U)))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("dims", [1, 2, 3])
def test_gradient_matches_central_differences(seed, dims):
    rng = np.random.default_rng(seed)
    P, U = random_P(rng, 7), rng.standard_normal((7, dims))
    assert_gradient(lambda V: kl_loops(P, q_loops(V)), lambda V: ts.tsne_gradient(P, V), U)


def test_gradient_is_zero_when_the_map_matches():
    # Two points: p and q are both 1/2 on each ordered pair, whatever the distance.
    P = np.array([[0.0, 0.5], [0.5, 0.0]])
    np.testing.assert_allclose(ts.tsne_gradient(P, np.array([[0.0, 0.0], [3.0, 4.0]])), 0.0)


def test_the_per_point_normaliser_is_not_a_distribution():
    U = np.random.default_rng(8).standard_normal((5, 2))
    wrong = ts.q_per_point(U)
    assert math.isclose(wrong.sum(), 5.0)                  # n, not one
    np.testing.assert_allclose(wrong.sum(axis=1), 1.0)


def test_tsne_lowers_the_cost_and_is_reproducible():
    X, _ = ts.three_clusters()
    U1, c1 = ts.tsne(X[::3], 4.0, steps=300)
    U2, _ = ts.tsne(X[::3], 4.0, steps=300)
    np.testing.assert_array_equal(U1, U2)
    assert c1[-1] < 0.5 * c1[0]


def test_three_clusters_have_the_stated_spreads():
    X, labels = ts.three_clusters()
    assert X.shape == (60, 10) and np.bincount(labels).tolist() == [20, 20, 20]
    radii, gaps = ts.cluster_summary(X, labels)
    # expected radius: spread * sqrt(10); expected gaps: 10, 40, 30 (sampling noise allowed)
    np.testing.assert_allclose(radii, np.array([0.5, 2.0, 0.5]) * math.sqrt(10), rtol=0.1)
    np.testing.assert_allclose(gaps, [10.0, 40.0, 30.0], rtol=0.05)


# --------------------------------------------------------------------------
# Transcripts against hand-derived values


def test_worked_example_width():
    t = ts.worked_example_width()
    # first midpoint s = 2: exponents -d^2/8 for d^2 = 1, 4, 18
    e = [math.exp(-1 / 8), math.exp(-4 / 8), math.exp(-18 / 8)]
    p = [x / sum(e) for x in e]
    H = -sum(x * math.log(x) for x in p)
    # the bisection redone by hand-written loop
    D2 = sq_dist_loops(ts.EX_X)
    s1, rows = bisect_loops(D2, 0, 2.0)
    first = rows[:8]
    check(t, {
        "point": each(1, 1, 4), "target": each(2.0, 2.0), "squared distances": [1, 4, 18],
        "2": 2, "2 s^2": 8.0, "exponents": [-0.125, -0.5, -2.25], "e": e, "sum": sum(e),
        "p": p, "H": each(H, H, near(math.log(2), rtol=1e-9)),
        "perplexity": each(math.exp(H), *[r[3] for r in first], near(2.0, rtol=1e-9)),
        "step": each(*range(1, 9)), "lo": each(0.0, *[r[0] for r in first]),
        "hi": each(4.0, *[r[1] for r in first]), "s": each(2.0, *[r[2] for r in first]),
        "steps": each(8, 50), "width": 4 / 256, "s_1": near(s1, rtol=1e-12),
        "p row 1": near(p_row_loops(D2, 0, s1)[1:], rtol=1e-9),
        "widths": near([bisect_loops(D2, i, 2.0)[0] for i in range(4)], rtol=1e-9),
    })


def test_worked_example_cost():
    t = ts.worked_example_cost()
    # unit square: sides have similarity 1/2, diagonals 1/3; 8 side and 4 diagonal ordered pairs
    total = 8 * 0.5 + 4 / 3
    check(t, {"side sim": each(0.5, 0.5), "diagonal sim": each(1 / 3, 1 / 3),
              "side pairs": 8, "diagonal pairs": 4, "normaliser": total,
              "q side": 0.5 / total, "q diagonal": (1 / 3) / total, "Q sum": 1.0,
              "sum": 1.0, "2n": each(8, 8, 8)})
    _, widths, cond, P = ts.example_affinities()
    D2 = sq_dist_loops(ts.EX_X)
    np.testing.assert_allclose(cond, [p_row_loops(D2, i, widths[i]) for i in range(4)],
                               rtol=1e-12, atol=1e-300)
    # the page's matrices, rebuilt from hand-bisected widths: p_{j|i} rows, then p_ij over 2n
    rows = [p_row_loops(D2, i, bisect_loops(D2, i, 2.0)[0]) for i in range(4)]
    joint = [[(rows[i][j] + rows[j][i]) / 8 for j in range(4)] for i in range(4)]
    check(t, {"conditional": near(rows, rtol=1e-9, atol=1e-12),
              "P": near(joint, rtol=1e-9, atol=1e-12),
              "p_12": near(joint[0][1], rtol=1e-9)})
    check(t, {"cost": kl_loops(P, q_loops(ts.EX_U)),
              "gradient": central_difference(lambda V: kl_loops(P, q_loops(V)), ts.EX_U)},
          rtol=1e-6)
    d = dict(t)
    assert math.isclose(d["central difference"], d["analytic"], rel_tol=1e-7)


def test_mistake_normaliser():
    t = ts.mistake_normaliser()
    _, _, _, P = ts.example_affinities()
    right = kl_loops(P, q_loops(ts.EX_U))
    # on the square every row has the same sum (1/2 + 1/2 + 1/3), so the wrong q is 4 times
    # the right one and the wrong "KL" is the right one minus ln 4
    check(t, {"row sum": 4 / 3, "side": 0.375, "diagonal": 0.25, "total": each(4.0, 1.0),
              "wrong KL": right - math.log(4), "KL": right})


def test_mistake_perplexity_base():
    t = ts.mistake_perplexity_base()
    check(t, {"H nats": each(near(1.0, rtol=1e-9), near(1.0, rtol=1e-9)),
              "perplexity": near(math.e, rtol=1e-9)})
    # the mistake redone by hand: bisect on 2 ** (entropy in nats) against the target 2
    D2 = sq_dist_loops(ts.EX_X)
    two_to_nats = lambda p: 2 ** math.log(perplexity_loops(p))   # noqa: E731
    check(t, {"s wrong": near(bisect_loops(D2, 0, 2.0, two_to_nats)[0], rtol=1e-9),
              "s right": near(bisect_loops(D2, 0, 2.0)[0], rtol=1e-9)})
    d = dict(t)
    assert d["s wrong"] > d["s right"]


def test_exercises():
    check(ts.exercise_perplexity(), {"perplexity": 2 ** 1.5, "2^bits": 2 ** 1.5,
                                     "bits": each(1.5, 1.5), "H": each(1.5 * math.log(2),
                                                                       1.5 * math.log(2))})
    check(ts.exercise_symmetrise(), {"p_12": 0.1, "plain average": 0.4})
    check(ts.exercise_q(), {"normaliser": 1.6, "q": [5 / 16, 1 / 16, 1 / 8], "check": 1.0,
                            "sim": each(0.5, 0.1, 0.2)})
    check(ts.exercise_tails(), {"ratio": each(0.5 / math.exp(-0.5), 0.1 / math.exp(-4.5))})
    check(ts.claims_tails(), {"ratio": 0.1 / math.exp(-4.5), "gauss": math.exp(-4.5)})


def test_claims_run_and_distances():
    d = dict(ts.claims_run())
    assert d["width B"] > 2 * max(d["width A"], d["width C"])      # wider where sparser
    assert d["cost final"] < d["cost step 100"] < d["cost step 1"]
    assert d["radius B / A, map"] < 1.5 < 3.5 < d["radius B / A, data"]
    t = ts.claims_distances()
    check(t, {"size ratio, data": near(4.0, rtol=0.1), "gap ratio, data": near(4.0, rtol=0.05)})
    low = dict(t)
    assert low["size ratio, low"] < 1.5 and low["gap ratio, low"] < 1.5   # the map misleads
    assert low["gap ratio, high"] > 2                                     # order comes back


def test_claims_interview():
    check(ts.claims_interview(), {"ordered pairs": 9_999_900_000, "bytes": 8 * 10 ** 10,
                                  "GB": 80.0})
