"""Tests of snippets/shapes.py, against independent computations."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import shapes as sh
from gradcheck import assert_gradient, central_difference
from transcript_check import check, each, entries

SHAPE_PAIRS = [((4, 3), (3, 2)), ((1, 5), (5, 1)), ((5, 1), (1, 5)), ((2, 7), (7, 3)), ((1, 1), (1, 1))]


def plain_matmul(A, B):
    """Lists of lists, no NumPy: the textbook definition."""
    return [[sum(A[i][r] * B[r][j] for r in range(len(B))) for j in range(len(B[0]))]
            for i in range(len(A))]


# --- dot and matrix-vector products -------------------------------------------------------

def test_dot_matches_plain_python_and_numpy():
    rng = np.random.default_rng(0)
    for n in (1, 2, 7, 50):
        u, v = rng.normal(size=n), rng.normal(size=n)
        assert sh.dot(u, v) == pytest.approx(sum(a * b for a, b in zip(u.tolist(), v.tolist())))
        assert sh.dot(u, v) == pytest.approx(float(u @ v))


def test_dot_is_symmetric_and_gives_the_squared_length():
    u, v = [1.0, -2.0, 2.0], [0.5, 3.0, -1.0]
    assert sh.dot(u, v) == sh.dot(v, u)
    assert sh.dot(u, u) == pytest.approx(sh.l2_norm(u) ** 2)


def test_dot_of_perpendicular_vectors_is_zero_and_matches_the_cosine_formula():
    assert sh.dot([1.0, 2.0], [-2.0, 1.0]) == 0.0
    u, v = np.array([2.0, 0.0]), np.array([1.0, 1.0])  # 45 degrees apart
    assert sh.dot(u, v) == pytest.approx(sh.l2_norm(u) * sh.l2_norm(v) * math.cos(math.pi / 4))


def test_dot_rejects_bad_input():
    with pytest.raises(ValueError, match=r"same length, got shapes \(2,\) and \(3,\)"):
        sh.dot([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match=r"two vectors \(1-D arrays\)"):
        sh.dot([[1, 2]], [1, 2])


def test_matvec_by_loops_equals_matvec_by_at_and_plain_python():
    rng = np.random.default_rng(1)
    for m, n in [(1, 1), (2, 3), (5, 4), (3, 8)]:
        A, x = rng.normal(size=(m, n)), rng.normal(size=n)
        loops, at = sh.matvec_loops(A, x), sh.matvec(A, x)
        np.testing.assert_allclose(loops, at, rtol=1e-12, atol=1e-12)
        expected = [sum(A[i, j] * x[j] for j in range(n)) for i in range(m)]
        np.testing.assert_allclose(at, expected, rtol=1e-12, atol=1e-12)


def test_matvec_row_view_equals_column_view():
    rng = np.random.default_rng(2)
    A, x = rng.normal(size=(4, 3)), rng.normal(size=3)
    columns = sum(x[j] * A[:, j] for j in range(3))
    np.testing.assert_allclose(sh.matvec(A, x), columns)


@pytest.mark.parametrize("fn", [sh.matvec, sh.matvec_loops])
def test_matvec_rejects_bad_shapes(fn):
    with pytest.raises(ValueError, match="A has 2 columns but x has 3 entries"):
        fn(np.ones((4, 2)), np.ones(3))
    with pytest.raises(ValueError, match="a matrix and a vector"):
        fn(np.ones(3), np.ones(3))


# --- matrix products, shapes, cost ------------------------------------------------------

@pytest.mark.parametrize("a_shape,b_shape", SHAPE_PAIRS)
def test_matmul_loops_matches_at_and_the_definition(a_shape, b_shape):
    rng = np.random.default_rng(3)
    A, B = rng.normal(size=a_shape), rng.normal(size=b_shape)
    C = sh.matmul_loops(A, B)
    np.testing.assert_allclose(C, A @ B, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(C, plain_matmul(A.tolist(), B.tolist()), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("a_shape,b_shape", SHAPE_PAIRS)
def test_matmul_shape_is_the_shape_numpy_produces(a_shape, b_shape):
    assert sh.matmul_shape(a_shape, b_shape) == (np.ones(a_shape) @ np.ones(b_shape)).shape


def test_matmul_shape_names_the_clashing_dimensions_in_words():
    with pytest.raises(ValueError) as err:
        sh.matmul_shape((4, 3), (2, 3))
    msg = str(err.value)
    assert "(4 x 3)" in msg and "(2 x 3)" in msg
    assert "the first has 3 columns but the second has 2 rows" in msg
    assert "inner dimensions must be equal" in msg
    with pytest.raises(ValueError, match="has 3 columns but the second has 4 rows"):
        sh.matmul_shape((2, 3), (4, 3))
    with pytest.raises(ValueError):  # numpy agrees that these clash
        np.ones((4, 3)) @ np.ones((2, 3))


@pytest.mark.parametrize("bad", [(3,), (2, 3, 4), (0, 3), (2.5, 3), (-1, 2)])
def test_matmul_shape_rejects_shapes_that_are_not_rows_and_columns(bad):
    with pytest.raises(ValueError, match="must be \\(rows, cols\\)"):
        sh.matmul_shape(bad, (3, 2))


def test_matmul_loops_raises_the_shape_error_not_an_index_error():
    with pytest.raises(ValueError, match="inner dimensions"):
        sh.matmul_loops(np.ones((2, 3)), np.ones((2, 3)))


def test_matrix_product_is_not_commutative_but_is_associative():
    rng = np.random.default_rng(4)
    A, B, C = rng.normal(size=(3, 3)), rng.normal(size=(3, 3)), rng.normal(size=(3, 2))
    assert not np.allclose(sh.matmul_loops(A, B), sh.matmul_loops(B, A))
    np.testing.assert_allclose(sh.matmul_loops(sh.matmul_loops(A, B), C),
                               sh.matmul_loops(A, sh.matmul_loops(B, C)))


def test_matmul_cost_counts_the_multiplications_of_the_triple_loop():
    class Counting(float):
        count = 0

        def __mul__(self, other):
            Counting.count += 1
            return float(self) * float(other)

    for m, n, k in [(4, 3, 2), (1, 5, 1), (3, 1, 4)]:
        Counting.count = 0
        A = [[Counting(1.0)] * n for _ in range(m)]
        B = [[1.0] * k for _ in range(n)]
        plain_matmul(A, B)
        assert Counting.count == sh.matmul_cost(m, n, k) == m * n * k


# --- transpose --------------------------------------------------------------------------

def test_transpose_matches_numpy_and_reverses_products():
    rng = np.random.default_rng(5)
    for shape in [(1, 1), (1, 4), (4, 1), (2, 3)]:
        A = rng.normal(size=shape)
        np.testing.assert_array_equal(sh.transpose(A), A.T)
        np.testing.assert_array_equal(sh.transpose(sh.transpose(A)), A)
    A, B = rng.normal(size=(2, 5)), rng.normal(size=(5, 3))
    np.testing.assert_allclose(sh.transpose(A @ B), sh.transpose(B) @ sh.transpose(A))


def test_transpose_rejects_a_vector():
    with pytest.raises(ValueError, match="needs a matrix"):
        sh.transpose(np.ones(3))


# --- broadcasting -----------------------------------------------------------------------

def test_broadcast_shape_agrees_with_numpy_everywhere():
    sizes = (1, 2, 3)
    shapes = [()] + [(a,) for a in sizes] + [(a, b) for a in sizes for b in sizes] + \
        [(a, 1, b) for a in sizes for b in sizes]
    for s in shapes:
        for t in shapes:
            try:
                expected = np.broadcast_shapes(s, t)
            except ValueError:
                with pytest.raises(ValueError, match="cannot broadcast"):
                    sh.broadcast_shape(s, t)
            else:
                assert sh.broadcast_shape(s, t) == expected, (s, t)


def test_broadcast_shape_message_names_the_clashing_sizes():
    with pytest.raises(ValueError, match=r"size 3 meets size 2 \(they must be equal, or one of them 1\)"):
        sh.broadcast_shape((2, 3), (2,))


def test_the_silent_broadcasting_bug():
    """(n, 1) minus (n,) is (n, n): no error, wrong loss."""
    pred, target = np.array([[1.0], [2.0], [3.0]]), np.array([1.0, 2.0, 3.0])
    assert sh.broadcast_shape(pred.shape, target.shape) == (3, 3)
    assert sh.mse(pred.ravel(), target) == 0.0  # a perfect prediction ...
    # ... scored as if it were wrong: the 3 x 3 differences i - j square to 0 three times,
    # 1 four times and 4 twice: (4 + 8) / 9.
    assert sh.mse(pred, target) == pytest.approx(12 / 9)


def test_gradient_of_the_broadcast_mse_pulls_every_prediction_to_the_mean_target():
    """The interview answer: d/dp_i mean_{i,j} (p_i - y_j)^2 = (2/n)(p_i - mean(y))."""
    y = np.array([2.0, -3.0, 1.0, 1.0])
    n = len(y)

    def loss(p):
        return sh.mse(p.reshape(-1, 1), y)

    assert_gradient(loss, lambda p: 2.0 / n * (p - y.mean()), np.array([2.25, -3.25, 0.75, 0.5]))
    # So the broadcast loss is flattest where every prediction is the mean target, 0.25.
    np.testing.assert_allclose(central_difference(loss, np.full(n, 0.25)), 0.0, atol=1e-9)


# --- Hadamard product -------------------------------------------------------------------

def test_hadamard_is_entrywise_and_keeps_the_shape():
    rng = np.random.default_rng(6)
    A, B = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    H = sh.hadamard(A, B)
    assert H.shape == (3, 4)
    for i in range(3):
        for j in range(4):
            assert H[i, j] == A[i, j] * B[i, j]
    np.testing.assert_array_equal(sh.hadamard(A, B), sh.hadamard(B, A))


def test_hadamard_refuses_to_broadcast():
    with pytest.raises(ValueError, match=r"needs equal shapes, got \(2, 3\) and \(3,\)"):
        sh.hadamard(np.ones((2, 3)), np.ones(3))


def test_sum_of_a_hadamard_product_of_vectors_is_the_dot_product():
    u, v = np.array([1.0, 2.0, -1.0]), np.array([0.5, 1.0, -1.0])
    assert float(np.sum(sh.hadamard(u, v))) == sh.dot(u, v)


# --- norms ------------------------------------------------------------------------------

def test_norms_match_their_definitions():
    rng = np.random.default_rng(7)
    for n in (1, 2, 5, 30):
        x = rng.normal(size=n)
        assert sh.l1_norm(x) == pytest.approx(sum(abs(v) for v in x.tolist()))
        assert sh.l2_norm(x) == pytest.approx(math.sqrt(sum(v * v for v in x.tolist())))
        assert sh.l2_norm(x) == pytest.approx(math.hypot(*x.tolist()))
    assert sh.l1_norm([0.0, 0.0]) == sh.l2_norm([0.0, 0.0]) == 0.0
    assert sh.l2_norm([]) == 0.0


def test_norm_properties():
    rng = np.random.default_rng(8)
    for _ in range(20):
        x, y, c = rng.normal(size=6), rng.normal(size=6), rng.normal()
        for norm in (sh.l1_norm, sh.l2_norm):
            assert norm(c * x) == pytest.approx(abs(c) * norm(x))
            assert norm(x + y) <= norm(x) + norm(y) + 1e-12
        assert sh.l2_norm(x) <= sh.l1_norm(x) <= math.sqrt(6) * sh.l2_norm(x) + 1e-12


def test_l2_norm_neither_overflows_nor_underflows():
    """The deep dive: the scaled formula survives, NumPy's norm and the textbook formula do not."""
    big, tiny = np.array([3e200, -4e200]), np.array([3e-200, -4e-200])
    # (3, -4) has length 5, so these have lengths 5e200 and 5e-200.
    assert sh.l2_norm(big) == pytest.approx(5e200)
    assert sh.l2_norm(tiny) == pytest.approx(5e-200)
    # The page's claims about the libraries, each beside the snippet's answer: math.hypot agrees;
    # np.linalg.norm and the textbook sqrt(sum(x^2)) overflow (or underflow) where it does not.
    assert math.hypot(*big.tolist()) == pytest.approx(sh.l2_norm(big))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        assert (np.linalg.norm(big), sh.l2_norm(big)) == (np.inf, pytest.approx(5e200))
        assert (np.sqrt(np.sum(big ** 2)), sh.l2_norm(big)) == (np.inf, pytest.approx(5e200))
        assert (np.sqrt(np.sum(tiny ** 2)), sh.l2_norm(tiny)) == (0.0, pytest.approx(5e-200))


def test_norms_reject_matrices():
    with pytest.raises(ValueError, match="1-D array"):
        sh.l2_norm(np.ones((2, 2)))


@pytest.mark.parametrize("norm", [sh.l1_norm, sh.l2_norm])
def test_unit_ball_points_have_norm_one(norm):
    pts = sh.unit_ball_boundary(norm, num=64)
    assert pts.shape == (64, 2)
    np.testing.assert_allclose([norm(p) for p in pts], 1.0)


def test_unit_ball_points_go_counterclockwise_from_the_x_axis():
    # num = 4: angles 0, 90, 180 and 270 degrees, each scaled to norm one (already there for L2).
    np.testing.assert_allclose(sh.unit_ball_boundary(sh.l2_norm, num=4),
                               [[1, 0], [0, 1], [-1, 0], [0, -1]], atol=1e-15)
    # The default is 8 directions, 45 degrees apart: the second is (1, 1) / |(1, 1)|.
    pts = sh.unit_ball_boundary(sh.l1_norm)
    assert pts.shape == (8, 2)
    np.testing.assert_allclose(pts[1], [0.5, 0.5])
    np.testing.assert_allclose(pts[7], [0.5, -0.5])


def test_l1_ball_is_a_diamond_inside_the_circle():
    diamond = sh.unit_ball_boundary(sh.l1_norm, num=64)
    np.testing.assert_allclose(np.abs(diamond).sum(axis=1), 1.0)
    assert np.all(np.hypot(*diamond.T) <= 1 + 1e-12)


# --- the worked examples, by hand ------------------------------------------------------

def test_batch_forward_pass_by_hand():
    """Plain Python, no NumPy: the page's two-layer network on the batch."""
    X = [[1, 2, -1], [0, 1, 2], [3, -1, 0], [2, 0, 1]]
    W1, b1 = [[0.5, 1, -1], [-1, 0.5, 2]], [0.5, -1]
    W2, b2 = [[0.5, -1]], [0.25]
    W1T = [list(col) for col in zip(*W1)]
    Z1 = [[v + b for v, b in zip(row, b1)] for row in plain_matmul(X, W1T)]
    A1 = [[max(0.0, v) for v in row] for row in Z1]
    Y = [row[0] + b2[0] for row in plain_matmul(A1, [list(c) for c in zip(*W2)])]
    f = sh.batch_forward()
    np.testing.assert_allclose(f["Z1"], Z1)
    np.testing.assert_allclose(f["A1"], A1)
    np.testing.assert_allclose(f["Y_hat"].ravel(), Y)
    # By hand: A1 = (4, 0), (0, 3.5), (1, 0), (0.5, 0); 0.5 a - b + 0.25 = 2.25, -3.25, 0.75, 0.5.
    assert f["Y_hat"].ravel().tolist() == [2.25, -3.25, 0.75, 0.5]
    assert f["Y_hat"].shape == (4, 1)
    # The first row of the batch is the single-example W x + b of the first worked example.
    np.testing.assert_allclose(f["Z1"][0], sh.matvec(sh.EXAMPLE_W1, sh.EXAMPLE_X[0]) + sh.EXAMPLE_B1)


def test_worked_example_batch_every_shape_and_number_by_hand():
    """X W1^T row by row: (1, 2, -1) -> (0.5 + 2 + 1, -1 + 1 - 2) = (3.5, -2); (0, 1, 2) -> (-1, 4.5);
    (3, -1, 0) -> (1.5 - 1, -3 - 0.5) = (0.5, -3.5); (2, 0, 1) -> (0, 0). Plus b1 = (0.5, -1):
    Z1 = (4, -3), (-0.5, 3.5), (1, -4.5), (0.5, -1); ReLU keeps the positives. Layer two:
    0.5 a1 - a2 = 2, -3.5, 0.5, 0.25, plus 0.25. Costs m n k: 4 * 3 * 2 = 24 and 4 * 2 * 1 = 8."""
    check(sh.worked_example_batch(), {
        "X.shape": (4, 3), "X": sh.EXAMPLE_X.tolist(), "W1.shape": (2, 3), "b1.shape": (2,),
        "W2.shape": (1, 2), "b2.shape": (1,), "W1": [[0.5, 1.0, -1.0], [-1.0, 0.5, 2.0]],
        "b1": [0.5, -1.0], "W2": [[0.5, -1.0]], "b2": 0.25, "W1.T.shape": (3, 2),
        "XW1T.shape": (4, 2), "X[2]": [3.0, -1.0, 0.0], "W1[0]": [0.5, 1.0, -1.0],
        "X[2][0]": 3.0, "X[2][1]": -1.0, "X[2][2]": 0.0, "W1[0][0]": 0.5, "W1[0][1]": 1.0,
        "W1[0][2]": -1.0, "X[2]*W1[0]": [1.5, -1.0, 0.0], "XW1T[2,0]": 0.5,
        "XW1T": [[3.5, -2.0], [-1.0, 4.5], [0.5, -3.5], [0.0, 0.0]], "b1 read as": (1, 2),
        "Z1.shape": (4, 2), "Z1": [[4.0, -3.0], [-0.5, 3.5], [1.0, -4.5], [0.5, -1.0]],
        "A1": [[4.0, 0.0], [0.0, 3.5], [1.0, 0.0], [0.5, 0.0]], "A1.shape": (4, 2),
        "W2.T.shape": (2, 1), "A1W2T.shape": (4, 1), "A1W2T": [[2.0], [-3.5], [0.5], [0.25]],
        "Y_hat": [[2.25], [-3.25], [0.75], [0.5]], "b2 read as": (1, 1), "Y_hat.shape": (4, 1),
        "Z1[0]": [4.0, -3.0], "layer 1 (m, n, k)": (4, 3, 2), "layer 1 cost": 24,
        "layer 2 (m, n, k)": (4, 2, 1), "layer 2 cost": 8,
    }, complete=True, rtol=0, atol=1e-15)


def test_mismatch_example_by_hand():
    """(4, 1) - (4,) broadcasts to (4, 4): y_hat_i - y_j for all 16 pairs, mean square 7.828125;
    the right errors (0.25, -0.25, -0.25, -0.5) square to 0.4375 in all, mean 0.109375; 71.57x."""
    y_hat, y = [2.25, -3.25, 0.75, 0.5], [2.0, -3.0, 1.0, 1.0]
    diff = [[p - t for t in y] for p in y_hat]
    wrong_sum = sum(d * d for row in diff for d in row)          # 125.25
    right = [0.25, -0.25, -0.25, -0.5]
    t = sh.worked_example_mismatch()
    check(t, {
        "X.shape": (4, 3), "W1.shape": (2, 3), "X columns": 3, "W1 rows": 2, "W1.T.shape": (3, 2),
        "X W1.T shape": (4, 2), "W1 columns": 3, "X rows": 4, "X.T.shape": (3, 4),
        "W1 X.T shape": (2, 4), "Y_hat.shape": (4, 1), "y.shape": (4,), "y": y, "y read as": (1, 4),
        "diff shape": (4, 4), "Y_hat - y": diff, "entries": 16, "wanted": 4,
        "sum of squares": each(wrong_sum, wrong_sum, 0.4375, 0.4375), "wrong mse": wrong_sum / 16,
        "flat shape": (4,), "y as column": (4, 1), "Y_hat": y_hat, "errors": right,
        "squares": [v * v for v in right], "n": 4, "right mse": 0.4375 / 4,
        "ratio": (wrong_sum / 16) / (0.4375 / 4),
    }, complete=True, rtol=1e-15)
    values = dict(t)
    assert values["wrong mse"] == 7.828125 and values["right mse"] == 0.109375


def test_products_example_by_hand():
    """x . w = 1(0.5) + 2(1) + (-1)(-1) = 3.5; W x = (3.5, -1 + 1 - 2) = (3.5, -2), plus b = (4, -3);
    AB = [[1*3 + 0*2 + 2*1, 1*1 + 0 + 0], [-3 + 6 + 1, -1 + 3 + 0]] = [[5, 1], [4, 2]], and
    B^T A^T = (AB)^T = [[5, 4], [1, 2]]."""
    W = [[0.5, 1.0, -1.0], [-1.0, 0.5, 2.0]]
    A, B = [[1.0, 0.0, 2.0], [-1.0, 3.0, 1.0]], [[3.0, 1.0], [2.0, 1.0], [1.0, 0.0]]
    check(sh.worked_example_products(), {
        "x": [1.0, 2.0, -1.0], "w": [0.5, 1.0, -1.0], "x[0]": 1.0, "x[1]": 2.0, "x[2]": -1.0,
        "w[0]": 0.5, "w[1]": 1.0, "w[2]": -1.0, "x*w": [0.5, 2.0, 1.0], "x.w": 3.5, "W": W,
        "W.shape": (2, 3), "x as column": (3, 1), "Wx.shape": (2, 1), "(Wx)[0]": 3.5,
        "W[1][0]": -1.0, "W[1][1]": 0.5, "W[1][2]": 2.0, "W[1]*x": [-1.0, 1.0, -2.0], "(Wx)[1]": -2.0,
        "Wx": [3.5, -2.0], "W[:,0]": [0.5, -1.0], "W[:,1]": [1.0, 0.5], "W[:,2]": [-1.0, 2.0],
        "x[0]*W[:,0]": [0.5, -1.0], "x[1]*W[:,1]": [2.0, 1.0], "x[2]*W[:,2]": [1.0, -2.0],
        "W @ x": [3.5, -2.0], "b": [0.5, -1.0], "Wx+b": [4.0, -3.0], "A": A, "B": B,
        "A.shape": (2, 3), "B.shape": (3, 2), "AB.shape": (2, 2), "A[0][0]": 1.0, "A[0][1]": 0.0,
        "A[0][2]": 2.0, "B[:,0][0]": 3.0, "B[:,0][1]": 2.0, "B[:,0][2]": 1.0,
        "A[0]*B[:,0]": [3.0, 0.0, 2.0], "AB[0,0]": 5.0, "A[1][0]": -1.0, "A[1][1]": 3.0,
        "A[1][2]": 1.0, "B[:,1][0]": 1.0, "B[:,1][1]": 1.0, "B[:,1][2]": 0.0,
        "A[1]*B[:,1]": [-1.0, 3.0, 0.0], "AB[1,1]": 2.0, "AB": [[5.0, 1.0], [4.0, 2.0]],
        "BA.shape": (3, 3), "A.T": [[1.0, -1.0], [0.0, 3.0], [2.0, 1.0]], "A.T.shape": (3, 2),
        "B.T @ A.T": [[5.0, 4.0], [1.0, 2.0]],
    }, complete=True, rtol=0, atol=0)


def test_elementwise_example_by_hand():
    """P * G entry by entry; P + row adds (10, 20, 30) to each row; col + row is 1 or -1 plus each
    of 10, 20, 30. d = q - p = (4 - 1, -2 - 2) = (3, -4): L1 = 7, L2 = sqrt(9 + 16) = 5;
    v = (1, -2, 2): L1 = 5, L2 = sqrt(1 + 4 + 4) = 3. Kilometres to metres: 1000 * (0.25, 799.9)
    = (250, 799,900); L1 = 0.25 + 799.9 = 800.15 km = 800,150 m."""
    check(sh.worked_example_elementwise(), {
        "P": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "G": [[0.5, 0.0, 1.0], [1.0, 0.5, 0.0]],
        "P*G": [[0.5, 0.0, 3.0], [4.0, 2.5, 0.0]], "P.shape": (2, 3), "row.shape": (3,),
        "row": [10.0, 20.0, 30.0], "row read as": (1, 3), "P+row shape": (2, 3),
        "P+row": [[11.0, 22.0, 33.0], [14.0, 25.0, 36.0]], "col": [1.0, -1.0], "col.shape": (2, 1),
        "col+row shape": (2, 3), "col+row": [[11.0, 21.0, 31.0], [9.0, 19.0, 29.0]],
        "q": [4.0, -2.0], "p": [1.0, 2.0], "d": [3.0, -4.0], "|d|": [3.0, 4.0], "L1(d)": 7.0,
        "d**2": [9.0, 16.0], "sum d**2": 25.0, "L2(d)": 5.0, "v": [1.0, -2.0, 2.0],
        "|v|": [1.0, 2.0, 2.0], "L1(v)": 5.0, "v**2": [1.0, 4.0, 4.0], "sum v**2": 9.0,
        "L2(v)": 3.0, "km": [0.25, 799.9], "factor": 1000, "m": [250.0, 799_900.0],
        "L1(km)": 800.15, "L1(m)": 800_150.0,
    }, complete=True, rtol=1e-12)


def test_scaling_multiplies_every_entry_and_the_norm():
    """1000 x (0.25, 799.9) is (250, 799,900), and the L1 norm scales by 1000 too."""
    values = dict(sh.worked_example_elementwise())
    np.testing.assert_allclose(values["m"], [250.0, 799_900.0])
    assert values["L1(km)"] == pytest.approx(0.25 + 799.9)           # 800.15
    assert values["L1(m)"] == pytest.approx(250 + 799_900)           # 800,150


def test_every_transcript_is_a_list_of_named_numbers():
    for fn in sh.EXAMPLES + sh.TRANSCRIPTS:
        t = fn()
        assert len(t) >= 10
        for name, value in t:
            assert isinstance(name, str)
            assert np.all(np.isfinite(np.asarray(value, dtype=float)))


# --- numbers stated in the interview answers --------------------------------------------

def test_interview_answer_numbers():
    # Cost of a layer: a batch of 64 inputs of 784 features through 128 neurons.
    assert sh.matmul_cost(64, 784, 128) == 6_422_528
    # Chain order: A (100 x 10), B (10 x 100), C (100 x 10).
    ab, ab_c = sh.matmul_cost(100, 10, 100), sh.matmul_cost(100, 100, 10)
    bc, a_bc = sh.matmul_cost(10, 100, 10), sh.matmul_cost(100, 10, 10)
    assert (ab, ab_c, ab + ab_c) == (100_000, 100_000, 200_000)
    assert (bc, a_bc, bc + a_bc) == (10_000, 10_000, 20_000)
    assert (ab + ab_c) // (bc + a_bc) == 10
    assert sh.matmul_shape((100, 10), (10, 100)) == (100, 100)
    assert sh.matmul_shape((10, 100), (100, 10)) == (10, 10)
    # Attention shapes, with n = 5 tokens and d = 3 features.
    n, d = 5, 3
    scores = sh.matmul_shape((n, d), (d, n))
    assert scores == (n, n)
    assert sh.matmul_shape(scores, (n, d)) == (n, d)
    assert sh.matmul_shape((d, n), (n, d)) == (d, d)  # the Q^T K slip mixes features
    # The MSE question: (4, 1) against (4,) gives (4, 4).
    assert sh.broadcast_shape((4, 1), (4,)) == (4, 4)


def test_multiply_adds_transcript():
    """The interview answer's costs, counted here by brute force over the triple loop."""
    def loop_count(m, n, k):
        return sum(1 for _i in range(m) for _j in range(k) for _r in range(n))

    values = dict(sh.claims_multiply_adds())
    assert values["layer cost"] == 64 * 784 * 128 == 6_422_528
    assert values["cost of AB"] == loop_count(100, 10, 100) == 100_000
    assert values["cost of (AB)C"] == loop_count(100, 100, 10)
    assert values["A(BC) in all"] == loop_count(10, 100, 10) + loop_count(100, 10, 10) == 20_000
    assert values["(AB)C in all"] == loop_count(100, 10, 100) + loop_count(100, 100, 10) == 200_000
    # (x^T A) B: two vector-matrix products of n^2 each; x^T (AB): n^3 + n^2.
    n = 4
    assert values["(x^T A) B / n^2"] == (loop_count(1, n, n) * 2) / n ** 2 == 2
    for n in (3, 5):
        assert loop_count(n, n, n) + loop_count(1, n, n) == n ** 3 + n ** 2
        assert sh.matmul_cost(n, n, n) + sh.matmul_cost(1, n, n) == n ** 3 + n ** 2


def test_backprop_transpose_comes_from_the_chain_rule():
    """For Z = X W^T and L = sum(G * Z), dL/dX = G W (and for z = W x, dL/dx = W^T g)."""
    rng = np.random.default_rng(7)
    X, W, G = rng.normal(size=(4, 3)), rng.normal(size=(2, 3)), rng.normal(size=(4, 2))
    assert_gradient(lambda X_: float(np.sum(G * (X_ @ W.T))), lambda X_: G @ W, X)
    x, g = rng.normal(size=3), rng.normal(size=2)
    assert_gradient(lambda x_: float(g @ (W @ x_)), lambda x_: W.T @ g, x)


# --- Check yourself: the exercises' answers, recomputed independently -------------------------

def _value(transcript, name):
    return [v for n, v in transcript if n == name][-1]


def test_exercise_dot_matches_numpy():
    t = sh.exercise_dot()
    assert _value(t, "w.x") == pytest.approx(np.dot([2, -1, 0.5], [1, 3, 4]))
    assert _value(t, "w.x") == pytest.approx(1.0)


def test_exercise_matvec_shape_and_entries_match_numpy():
    W = np.array([[1, 2], [0, -1], [3, 1]])
    x = np.array([2, 1])
    t = sh.exercise_matvec()
    assert _value(t, "Wx.shape") == (W @ x.reshape(-1, 1)).shape
    np.testing.assert_allclose(_value(t, "Wx"), W @ x)


def test_exercise_shapes_are_the_shapes_numpy_produces():
    X, W, b = np.ones((32, 10)), np.ones((5, 10)), np.ones(5)
    t = sh.exercise_shapes()
    assert _value(t, "XW^T") == (X @ W.T).shape
    assert _value(t, "XW^T + b") == (X @ W.T + b).shape
    diff = np.ones((32, 1)) - np.ones(32)
    assert _value(t, "diff") == diff.shape
    assert _value(t, "entries") == diff.size


def test_exercise_norms_match_numpy():
    x = np.array([1, -1, 1, -1])
    t = sh.exercise_norms()
    assert _value(t, "L1") == pytest.approx(np.linalg.norm(x, 1))
    assert _value(t, "L2") == pytest.approx(np.linalg.norm(x))
