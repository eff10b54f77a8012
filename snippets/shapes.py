"""Vectors, matrices and shapes, in NumPy.

Run ``python snippets/shapes.py`` to print the worked examples of the page
"Vectors, matrices and shapes"; ``python -m doctest snippets/shapes.py`` runs
the examples in the docstrings.

Conventions (the same as the rest of the site): a shape is written
``(rows, cols)``; one example is a vector ``x`` of shape ``(n,)``; a batch is a
matrix ``X`` of shape ``(batch, n)`` with one example per row; a layer's weight
matrix ``W`` has shape ``(n_out, n_in)`` and a layer computes ``X @ W.T + b``.

Several functions below spell out with loops what NumPy does in one call
(``dot``, ``matvec_loops``, ``matmul_loops``, ``transpose``): they exist to be
read, and the tests check them against NumPy.
"""
import numpy as np

from forward_pass import dense, identity, relu

# --8<-- [start:dot]

def dot(u, v):
    """Dot product: multiply matching entries and add them up.

    >>> dot([1, 2, -1], [0.5, 1, -1])
    3.5
    """
    u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)
    if u.ndim != 1 or u.shape != v.shape:
        raise ValueError(f"dot needs two vectors (1-D arrays) of the same "
                         f"length, got shapes {u.shape} and {v.shape}")
    total = 0.0
    for a, b in zip(u, v):
        total += a * b
    return float(total)
# --8<-- [end:dot]

# --8<-- [start:matvec]

def matvec_loops(A, x):
    """Matrix times vector, entry by entry.

    Entry i of the result is the dot product of row i of A with x.

    >>> matvec_loops([[0.5, 1, -1], [-1, 0.5, 2]], [1, 2, -1])
    array([ 3.5, -2. ])
    """
    A = np.asarray(A, dtype=float)
    x = np.asarray(x, dtype=float)
    _check_matvec(A, x)
    return np.array([dot(A[i], x) for i in range(A.shape[0])])


def matvec(A, x):
    """Matrix times vector with NumPy's ``@``.

    The same numbers as ``matvec_loops``, in one call.

    >>> matvec([[0.5, 1, -1], [-1, 0.5, 2]], [1, 2, -1])
    array([ 3.5, -2. ])
    >>> matvec([[1, 2], [3, 4]], [1, 2, 3])
    Traceback (most recent call last):
    ValueError: A has 2 columns but x has 3 entries: they must be equal
    """
    A = np.asarray(A, dtype=float)
    x = np.asarray(x, dtype=float)
    _check_matvec(A, x)
    return A @ x


def _check_matvec(A, x):
    if A.ndim != 2 or x.ndim != 1:
        raise ValueError(f"matvec needs a matrix and a vector, "
                         f"got shapes {A.shape} and {x.shape}")
    if A.shape[1] != x.shape[0]:
        raise ValueError(f"A has {A.shape[1]} columns but x has "
                         f"{x.shape[0]} entries: they must be equal")
# --8<-- [end:matvec]

# --8<-- [start:matmul]

def matmul_shape(a_shape, b_shape):
    """The shape of A @ B for 2-D shapes: (m, n) and (n, k) give (m, k).

    >>> matmul_shape((4, 3), (3, 2))
    (4, 2)
    >>> matmul_shape((4, 3), (2, 3))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: cannot multiply a (4 x 3) matrix by a (2 x 3) matrix: ...
    """
    a_shape, b_shape = tuple(a_shape), tuple(b_shape)
    for name, shape in (("first", a_shape), ("second", b_shape)):
        whole = all(isinstance(d, (int, np.integer)) and d >= 1 for d in shape)
        if len(shape) != 2 or not whole:
            raise ValueError(f"the {name} shape must be (rows, cols) with "
                             f"two positive whole numbers, got {shape}")
    (m, n), (n2, k) = a_shape, b_shape
    if n != n2:
        raise ValueError(
            f"cannot multiply a ({m} x {n}) matrix by a ({n2} x {k}) matrix: "
            f"the first has {n} columns but the second has {n2} rows, "
            f"and these inner dimensions must be equal"
        )
    return (m, k)


def matmul_loops(A, B):
    """Matrix product with three loops.

    Entry C[i, j] is the sum over r of A[i, r] * B[r, j].

    >>> matmul_loops([[1, 0, 2], [-1, 3, 1]], [[3, 1], [2, 1], [1, 0]])
    array([[5., 1.],
           [4., 2.]])
    """
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    m, k = matmul_shape(A.shape, B.shape)  # a clear error if the shapes clash
    n = A.shape[1]
    C = np.zeros((m, k))
    for i in range(m):          # each row of A ...
        for j in range(k):      # ... meets each column of B
            for r in range(n):  # running along the shared inner dimension
                C[i, j] += A[i, r] * B[r, j]
    return C


def matmul_cost(m, n, k):
    """Multiply-adds in an (m x n) @ (n x k) product: m * k entries, n each.

    >>> matmul_cost(4, 3, 2)
    24
    """
    return m * n * k
# --8<-- [end:matmul]

# --8<-- [start:transpose]

def transpose(A):
    """Swap rows and columns: entry (i, j) of the result is entry (j, i) of A.

    >>> transpose([[1, 0, 2], [-1, 3, 1]])
    array([[ 1., -1.],
           [ 0.,  3.],
           [ 2.,  1.]])
    """
    A = np.asarray(A, dtype=float)
    if A.ndim != 2:
        raise ValueError(f"transpose needs a matrix (2-D array), "
                         f"got shape {A.shape}")
    rows, cols = A.shape
    At = np.zeros((cols, rows))
    for i in range(rows):
        for j in range(cols):
            At[j, i] = A[i, j]
    return At
# --8<-- [end:transpose]

# --8<-- [start:broadcast]

def broadcast_shape(a_shape, b_shape):
    """The shape NumPy gives a + b (or a * b) for arrays of these shapes.

    Line the shapes up from the right, pad the shorter with 1s on the left;
    in each position the sizes must be equal or one of them 1, and the result
    takes the larger.

    >>> broadcast_shape((4, 2), (2,))        # a bias row added to every row
    (4, 2)
    >>> broadcast_shape((4, 1), (4,))        # the classic silent bug
    (4, 4)
    >>> broadcast_shape((2, 3), (2,))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: cannot broadcast (2, 3) with (2,): ... size 3 meets size 2 ...
    """
    a_shape, b_shape = tuple(a_shape), tuple(b_shape)
    ndim = max(len(a_shape), len(b_shape))
    a_pad = (1,) * (ndim - len(a_shape)) + a_shape
    b_pad = (1,) * (ndim - len(b_shape)) + b_shape
    out = []
    for p, q in zip(a_pad, b_pad):
        if p != q and p != 1 and q != 1:
            raise ValueError(f"cannot broadcast {a_shape} with {b_shape}: "
                             f"lined up from the right, "
                             f"size {p} meets size {q} "
                             f"(they must be equal, or one of them 1)")
        out.append(max(p, q))
    return tuple(out)
# --8<-- [end:broadcast]

# --8<-- [start:hadamard]

def hadamard(A, B):
    """Hadamard (element-wise) product A ⊙ B of two arrays of the same shape.

    >>> hadamard([[1, 2, 3], [4, 5, 6]], [[0.5, 0, 1], [1, 0.5, 0]])
    array([[0.5, 0. , 3. ],
           [4. , 2.5, 0. ]])
    >>> hadamard([[1, 2, 3]], [[1], [2]])
    Traceback (most recent call last):
    ValueError: the Hadamard product needs equal shapes, got (1, 3) and (2, 1)
    """
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.shape != B.shape:
        raise ValueError(f"the Hadamard product needs equal shapes, "
                         f"got {A.shape} and {B.shape}")
    return A * B
# --8<-- [end:hadamard]

# --8<-- [start:norms]

def l1_norm(x):
    """L1 norm: the sum of the absolute values (the 'taxicab' length).

    >>> l1_norm([3, -4])
    7.0
    """
    x = _vector(x)
    return float(np.sum(np.abs(x)))


def l2_norm(x):
    """L2 norm: the square root of the sum of squares (straight-line length).

    The largest entry is divided out first so squaring cannot overflow.

    >>> l2_norm([3, -4])
    5.0
    >>> round(l2_norm([3e200, -4e200]) / 1e200, 12)  # 3e200 squared is inf
    5.0
    """
    x = _vector(x)
    scale = np.max(np.abs(x)) if x.size else 0.0
    if scale == 0.0:
        return 0.0
    return float(scale * np.sqrt(np.sum((x / scale) ** 2)))


def _vector(x):
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"a vector norm needs a 1-D array, "
                         f"got shape {x.shape}")
    return x
# --8<-- [end:norms]

# --8<-- [start:unit_ball]

def unit_ball_boundary(norm, num=8):
    """Points of the plane at distance one from the origin, measured with ``norm``.

    Takes ``num`` evenly spread directions and shrinks or stretches each to
    norm one: a circle for ``l2_norm``, a diamond for ``l1_norm``.

    >>> np.round(unit_ball_boundary(l1_norm, num=4), 6) + 0.0
    array([[ 1.,  0.],
           [ 0.,  1.],
           [-1.,  0.],
           [ 0., -1.]])
    """
    angles = np.linspace(0.0, 2.0 * np.pi, num, endpoint=False)
    directions = np.column_stack([np.cos(angles), np.sin(angles)])
    return np.array([d / norm(d) for d in directions])
# --8<-- [end:unit_ball]


# ---------------------------------------------------------------------------
# The numbers of the page's worked examples.

# A batch of four examples with three features each, one example per row.
EXAMPLE_X = np.array([[1.0, 2.0, -1.0],
                      [0.0, 1.0, 2.0],
                      [3.0, -1.0, 0.0],
                      [2.0, 0.0, 1.0]])
# A layer from three inputs to two units (W has shape (n_out, n_in)),
# then one output unit.
EXAMPLE_W1 = np.array([[0.5, 1.0, -1.0],
                       [-1.0, 0.5, 2.0]])
EXAMPLE_B1 = np.array([0.5, -1.0])
EXAMPLE_W2 = np.array([[0.5, -1.0]])
EXAMPLE_B2 = np.array([0.25])
EXAMPLE_Y = np.array([2.0, -3.0, 1.0, 1.0])  # targets, as a plain (4,) vector
# Two small matrices for the product, the transpose and the order of a product.
EXAMPLE_A = np.array([[1.0, 0.0, 2.0],
                      [-1.0, 3.0, 1.0]])
EXAMPLE_B = np.array([[3.0, 1.0],
                      [2.0, 1.0],
                      [1.0, 0.0]])
# Element-wise operations.
EXAMPLE_P = np.array([[1.0, 2.0, 3.0],
                      [4.0, 5.0, 6.0]])
EXAMPLE_G = np.array([[0.5, 0.0, 1.0],
                      [1.0, 0.5, 0.0]])
EXAMPLE_ROW = np.array([10.0, 20.0, 30.0])
EXAMPLE_COL = np.array([[1.0], [-1.0]])


def _pairs(name_a, a, name_b, b):
    """Entries of two vectors interleaved, as the text reads them: a0, b0, a1, ..."""
    out = []
    for i, (p, q) in enumerate(zip(a, b)):
        out += [(f"{name_a}[{i}]", p), (f"{name_b}[{i}]", q)]
    return out


def worked_example_products():
    """Dot product, matrix-vector product (two ways), matrix product and transpose."""
    x, W, b = EXAMPLE_X[0], EXAMPLE_W1, EXAMPLE_B1
    w = W[0]
    t = [("x", x), ("w", w)]
    t += _pairs("x", x, "w", w) + [("x*w", x * w), ("x.w", dot(x, w))]
    # Matrix times vector, one row at a time.
    Wx = matvec_loops(W, x)
    t += [("W", W), ("W.shape", W.shape), ("x as column", x.reshape(-1, 1).shape),
          ("Wx.shape", matmul_shape(W.shape, x.reshape(-1, 1).shape))]
    t += [("(Wx)[0]", Wx[0])]
    t += _pairs("W[1]", W[1], "x", x) + [("W[1]*x", W[1] * x), ("(Wx)[1]", Wx[1])]
    t += [("Wx", Wx)]
    # The column view: a weighted sum of the columns of W.
    for i in range(3):
        t += [(f"x[{i}]", x[i]), (f"W[:,{i}]", W[:, i])]
    t += [(f"x[{i}]*W[:,{i}]", x[i] * W[:, i]) for i in range(3)]
    t += [("W @ x", matvec(W, x))]
    t += [("b", b), ("Wx+b", matvec(W, x) + b)]
    # A matrix product, its shape, and the other order.
    A, B = EXAMPLE_A, EXAMPLE_B
    AB = matmul_loops(A, B)
    t += [("A", A), ("B", B)]
    t += [("A.shape", A.shape), ("B.shape", B.shape),
          ("AB.shape", matmul_shape(A.shape, B.shape))]
    t += _pairs("A[0]", A[0], "B[:,0]", B[:, 0]) + [
        ("A[0]*B[:,0]", A[0] * B[:, 0]), ("AB[0,0]", AB[0, 0])]
    t += _pairs("A[1]", A[1], "B[:,1]", B[:, 1]) + [
        ("A[1]*B[:,1]", A[1] * B[:, 1]), ("AB[1,1]", AB[1, 1])]
    t += [("AB", AB)]
    t += [("B.shape", B.shape), ("A.shape", A.shape),
          ("BA.shape", matmul_shape(B.shape, A.shape))]
    # The transpose, and the transpose of a product.
    t += [("A.T", transpose(A)), ("A.T.shape", transpose(A).shape)]
    t += [("B.T @ A.T", matmul_loops(transpose(B), transpose(A)))]
    return t


def worked_example_elementwise():
    """Hadamard product, broadcasting, norms, and scaling a vector."""
    P, G = EXAMPLE_P, EXAMPLE_G
    t = [("P", P), ("G", G), ("P*G", hadamard(P, G))]
    # Broadcasting a row over a matrix, then a column against a row.
    row, col = EXAMPLE_ROW, EXAMPLE_COL
    t += [("P.shape", P.shape), ("row.shape", row.shape), ("row", row)]
    t += [("row read as", (1,) + row.shape),
          ("P+row shape", broadcast_shape(P.shape, row.shape))]
    t += [("P+row", P + row)]
    t += [("col", col.ravel()), ("col.shape", col.shape), ("row.shape", row.shape)]
    t += [("col+row shape", broadcast_shape(col.shape, row.shape)),
          ("col+row", col + row)]
    # Norms of a difference: how far apart two points are.
    p, q = np.array([1.0, 2.0]), np.array([4.0, -2.0])
    d = q - p
    t += [("q", q), ("p", p), ("d", d)]
    t += [("d", d), ("|d|", np.abs(d)), ("L1(d)", l1_norm(d))]
    t += [("d", d), ("d**2", d ** 2), ("sum d**2", np.sum(d ** 2)),
          ("L2(d)", l2_norm(d))]
    t += [("L1(d)", l1_norm(d)), ("L2(d)", l2_norm(d))]
    v = np.array([1.0, -2.0, 2.0])
    t += [("v", v), ("|v|", np.abs(v)), ("L1(v)", l1_norm(v)), ("v**2", v ** 2),
          ("sum v**2", np.sum(v ** 2)), ("L2(v)", l2_norm(v))]
    # Scaling: kilometres to metres.
    km = np.array([0.25, 799.9])
    m = 1000 * km
    t += [("km", km), ("factor", 1000), ("m", m)]
    t += [("L1(km)", l1_norm(km)), ("L1(m)", l1_norm(m))]
    return t


def batch_forward(X=EXAMPLE_X):
    """The page's two-layer network on a batch: every intermediate, with its name."""
    XW1T = X @ EXAMPLE_W1.T
    Z1 = dense(X, EXAMPLE_W1, EXAMPLE_B1)
    A1 = relu(Z1)
    A1W2T = A1 @ EXAMPLE_W2.T
    Y_hat = identity(dense(A1, EXAMPLE_W2, EXAMPLE_B2))
    return {"X W1^T": XW1T, "Z1": Z1, "A1": A1, "A1 W2^T": A1W2T, "Y_hat": Y_hat}


def worked_example_batch():
    """A batch forward pass with the shape of every intermediate."""
    X, W1, b1, W2, b2 = EXAMPLE_X, EXAMPLE_W1, EXAMPLE_B1, EXAMPLE_W2, EXAMPLE_B2
    f = batch_forward(X)
    t = [("X.shape", X.shape), ("X", X)]
    t += [("W1.shape", W1.shape), ("b1.shape", b1.shape), ("W2.shape", W2.shape),
          ("b2.shape", b2.shape)]
    t += [("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2[0])]
    # Layer one: the product, one entry in full, then all of it.
    t += [("W1.T.shape", W1.T.shape), ("X.shape", X.shape), ("W1.T.shape", W1.T.shape),
          ("XW1T.shape", matmul_shape(X.shape, W1.T.shape))]
    t += [("X[2]", X[2]), ("W1[0]", W1[0])]
    t += _pairs("X[2]", X[2], "W1[0]", W1[0]) + [("X[2]*W1[0]", X[2] * W1[0])]
    t += [("XW1T[2,0]", f["X W1^T"][2, 0]), ("XW1T", f["X W1^T"])]
    # Layer one: the bias broadcasts, ReLU keeps the shape.
    t += [("XW1T.shape", f["X W1^T"].shape), ("b1.shape", b1.shape),
          ("b1 read as", (1,) + b1.shape),
          ("Z1.shape", broadcast_shape(f["X W1^T"].shape, b1.shape))]
    t += [("Z1", f["Z1"]), ("A1", f["A1"])]
    # Layer two.
    t += [("A1.shape", f["A1"].shape), ("W2.T.shape", W2.T.shape),
          ("A1W2T.shape", matmul_shape(f["A1"].shape, W2.T.shape)), ("b2", b2[0])]
    t += [("A1W2T", f["A1 W2^T"]), ("Y_hat", f["Y_hat"])]
    # The table of shapes.
    t += [("X.shape", X.shape), ("W1.T.shape", W1.T.shape),
          ("XW1T.shape", f["X W1^T"].shape),
          ("b1.shape", b1.shape), ("b1 read as", (1,) + b1.shape),
          ("Z1.shape", f["Z1"].shape),
          ("W2.T.shape", W2.T.shape), ("A1W2T.shape", f["A1 W2^T"].shape),
          ("b2.shape", b2.shape), ("b2 read as", (1,) + b2.shape),
          ("Y_hat.shape", f["Y_hat"].shape)]
    # The first row repeats the single-example product of the first worked example.
    t += [("Z1[0]", f["Z1"][0])]
    # Work done: m * n * k multiply-adds per product.
    t += [("layer 1 (m, n, k)", (4, 3, 2)), ("layer 1 cost", matmul_cost(4, 3, 2))]
    t += [("layer 2 (m, n, k)", (4, 2, 1)), ("layer 2 cost", matmul_cost(4, 2, 1))]
    return t


def mse(y_hat, y):
    """Mean squared error over all entries of ``y_hat - y`` (after broadcasting!)."""
    return float(np.mean((np.asarray(y_hat) - np.asarray(y)) ** 2))


def worked_example_mismatch():
    """Two failing products, their fixes, and a subtraction that silently broadcasts."""
    X, W1 = EXAMPLE_X, EXAMPLE_W1
    t = [("X.shape", X.shape), ("W1.shape", W1.shape)]
    t += [("X columns", X.shape[1]), ("W1 rows", W1.shape[0])]
    t += [("W1.T.shape", W1.T.shape), ("X.shape", X.shape), ("W1.T.shape", W1.T.shape),
          ("X W1.T shape", matmul_shape(X.shape, W1.T.shape))]
    t += [("W1.shape", W1.shape), ("X.shape", X.shape), ("W1 columns", W1.shape[1]),
          ("X rows", X.shape[0])]
    t += [("W1.shape", W1.shape), ("X.T.shape", X.T.shape),
          ("W1 X.T shape", matmul_shape(W1.shape, X.T.shape))]
    # The silent one: (4, 1) minus (4,).
    Y_hat = batch_forward(X)["Y_hat"]
    y = EXAMPLE_Y
    diff = Y_hat - y
    t += [("Y_hat.shape", Y_hat.shape), ("y.shape", y.shape), ("y", y)]
    t += [("Y_hat.shape", Y_hat.shape), ("y read as", (1,) + y.shape),
          ("diff shape", broadcast_shape(Y_hat.shape, y.shape))]
    t += [("Y_hat - y", diff), ("entries", diff.size), ("wanted", y.size)]
    t += [("sum of squares", np.sum(diff ** 2)), ("sum of squares", np.sum(diff ** 2)),
          ("entries", diff.size), ("wrong mse", mse(Y_hat, y))]
    # The fix: equal shapes, one error per example.
    errors = Y_hat.ravel() - y
    t += [("flat shape", Y_hat.ravel().shape), ("y as column", y.reshape(-1, 1).shape)]
    t += [("Y_hat", Y_hat.ravel()), ("y", y), ("errors", errors)]
    t += [("squares", errors ** 2), ("sum of squares", np.sum(errors ** 2)),
          ("sum of squares", np.sum(errors ** 2)), ("n", errors.size),
          ("right mse", mse(Y_hat.ravel(), y))]
    t += [("ratio", mse(Y_hat, y) / mse(Y_hat.ravel(), y))]
    return t


# ---------------------------------------------------------------------------
# Transcripts the page's checker reads (besides the worked examples above)

def claims_multiply_adds():
    """The interview answer on the cost of a product and of a chain of products."""
    flops = 2                                   # one multiplication and one addition
    batch, features, neurons = 64, 784, 128
    t = [("flops per multiply-add", flops), ("batch", batch), ("features", features),
         ("neurons", neurons), ("batch", batch), ("features", features), ("neurons", neurons),
         ("layer cost", matmul_cost(batch, features, neurons))]
    a, b, c = (100, 10), (10, 100), (100, 10)   # A, B, C
    ab, bc = matmul_shape(a, b), matmul_shape(b, c)
    ab_first = [matmul_cost(*a, b[1]), matmul_cost(*ab, c[1])]
    bc_first = [matmul_cost(*b, c[1]), matmul_cost(*a, bc[1])]
    t += [("A.shape", a), ("B.shape", b), ("C.shape", c)]
    t += [("AB.shape", ab), ("cost of AB", ab_first[0]), ("cost of (AB)C", ab_first[1]),
          ("(AB)C in all", sum(ab_first))]
    t += [("BC.shape", bc), ("cost of BC", bc_first[0]), ("cost of A(BC)", bc_first[1]),
          ("A(BC) in all", sum(bc_first))]
    # One vector x and square A, B of size n: (x^T A) B against x^T (AB), in units of n^2.
    n = 7
    vector_first = matmul_cost(1, n, n) + matmul_cost(1, n, n)
    matrix_first = matmul_cost(n, n, n) + matmul_cost(1, n, n)
    if matrix_first != n ** 3 + n ** 2:
        raise AssertionError("x^T (AB) should take n^3 + n^2 multiply-adds")
    t += [("(x^T A) B / n^2", vector_first / n ** 2)]
    return t


def exercise_dot():
    """Exercise 1: one dot product by hand."""
    w, x = np.array([2.0, -1.0, 0.5]), np.array([1.0, 3.0, 4.0])
    return ([("exercise", 1), ("w", w), ("x", x)] + _pairs("w", w, "x", x)
            + [("w*x", w * x), ("w.x", dot(w, x))])


def exercise_matvec():
    """Exercise 2: a matrix-vector product and its shape."""
    W, x = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]]), np.array([2.0, 1.0])
    Wx = matvec_loops(W, x)
    t = [("exercise", 2), ("W", W), ("x", x)]
    t += [("W.shape", W.shape), ("x as column", (x.size, 1)),
          ("Wx.shape", matmul_shape(W.shape, (x.size, 1)))]
    for i in range(3):
        t += _pairs(f"W[{i}]", W[i], "x", x) + [(f"(Wx)[{i}]", Wx[i])]
    return t + [("Wx", Wx)]


def exercise_shapes():
    """Exercise 3: the shape of a layer's output, and of a silent broadcast."""
    X, W, b = (32, 10), (5, 10), (5,)
    pred, target = (32, 1), (32,)
    XWT = matmul_shape(X, W[::-1])
    out = broadcast_shape(XWT, b)
    diff = broadcast_shape(pred, target)
    t = [("exercise", 3), ("X", X), ("W", W), ("b", b), ("pred", pred), ("target", target)]
    t += [("W.T", W[::-1]), ("X", X), ("W.T", W[::-1]), ("XW^T", XWT)]
    t += [("b read as", (1,) + b), ("XW^T + b", out)]
    t += [("pred", pred), ("target read as", (1,) + target), ("diff", diff),
          ("entries", int(np.prod(diff))), ("wanted", target[0])]
    return t


def exercise_norms():
    """Exercise 4: the L1 and L2 norms of one vector."""
    x = np.array([1.0, -1.0, 1.0, -1.0])
    return [("exercise", 4), ("x", x), ("|x|", np.abs(x)), ("L1", l1_norm(x)),
            ("x**2", x ** 2), ("sum x**2", np.sum(x ** 2)), ("L2", l2_norm(x))]


EXERCISES = (exercise_dot, exercise_matvec, exercise_shapes, exercise_norms)
EXAMPLES = (worked_example_products, worked_example_elementwise, worked_example_batch,
            worked_example_mismatch)
TRANSCRIPTS = (claims_multiply_adds,)


def main():
    """Print every transcript (worked examples first): name = value, in reading order."""
    for example in EXAMPLES + EXERCISES + TRANSCRIPTS:
        print(f"# {example.__name__}")
        for name, value in example():
            text = np.array2string(np.asarray(value), precision=5,
                                   suppress_small=True)
            print(f"{name:>18} = {text}")


if __name__ == "__main__":
    main()
