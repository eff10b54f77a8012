"""Backpropagation, in NumPy.

Run ``python snippets/backprop.py`` to print the worked examples of the page
"Backpropagation"; ``python -m doctest snippets/backprop.py`` runs the examples
in the docstrings.

Conventions (the same as ``forward_pass``): one example is a vector ``x`` of
shape ``(n_in,)``; a batch is a matrix ``X`` of shape ``(batch, n_in)`` with one
example per row; a layer's weight matrix ``W`` has shape ``(n_out, n_in)`` and
the layer computes ``x @ W.T + b``. The loss is the squared error
``(y_hat - y)**2`` summed over the outputs and averaged over the batch.
"""
import numpy as np

from derivatives import numerical_gradient, relative_error  # noqa: F401 (the gradient check)
from derivatives import sigmoid_derivative as sigmoid_prime
from forward_pass import count_parameters, dense, mlp_forward, sigmoid

# --8<-- [start:loss]

def squared_error(y_hat, y):
    """L = (y_hat - y)^2, summed over the outputs (averaged over a batch).

    >>> float(squared_error(np.array([0.5]), np.array([1.0])))
    0.25
    """
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    if y_hat.shape != y.shape:
        raise ValueError(f"y_hat {y_hat.shape} and y {y.shape} differ in shape")
    per_example = ((y_hat - y) ** 2).sum(axis=-1)
    return per_example.mean() if y_hat.ndim == 2 else per_example


def squared_error_grad(y_hat, y):
    """dL/dy_hat = 2 (y_hat - y), divided by the batch size for a batch.

    >>> squared_error_grad(np.array([0.5]), np.array([1.0]))
    array([-1.])
    """
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    if y_hat.shape != y.shape:
        raise ValueError(f"y_hat {y_hat.shape} and y {y.shape} differ in shape")
    batch = y_hat.shape[0] if y_hat.ndim == 2 else 1
    return 2.0 * (y_hat - y) / batch
# --8<-- [end:loss]

# --8<-- [start:forward]

def forward(x, params):
    """Forward pass of a sigmoid network, keeping every (z, a).

    ``params`` is a list of ``(W, b)`` pairs, first layer first. Every
    layer, the last one included, uses the sigmoid.

    >>> params = [(np.array([[0.0, 0.0]]), np.array([0.0]))]
    >>> (z, a), = forward(np.array([1.0, 2.0]), params)
    >>> float(z[0]), float(a[0])
    (0.0, 0.5)
    """
    return mlp_forward(x, params, hidden=sigmoid, output=sigmoid)
# --8<-- [end:forward]

# --8<-- [start:dense_backward]

def dense_backward(dZ, X, W):
    """Backward pass of a dense layer Z = X W^T + b.

    Given dZ = dL/dZ (the shape of Z), returns (dX, dW, db):
    dX = dZ W, dW = dZ^T X, db = dZ summed over the batch.
    Works for one example (1-D dZ and X) or a batch (one row each).

    >>> W = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> dense_backward(np.array([1.0, -1.0]), np.array([0.5, 2.0]), W)[1]
    array([[ 0.5,  2. ],
           [-0.5, -2. ]])
    """
    dZ, X, W = (np.asarray(v, dtype=float) for v in (dZ, X, W))
    if dZ.shape[-1] != W.shape[0] or X.shape[-1] != W.shape[1]:
        raise ValueError(f"dZ {dZ.shape}, X {X.shape} misfit W {W.shape}")
    if dZ.ndim == 1:  # one example: dW is an outer product
        return W.T @ dZ, np.outer(dZ, X), dZ.copy()
    return dZ @ W, dZ.T @ X, dZ.sum(axis=0)
# --8<-- [end:dense_backward]

# --8<-- [start:backward]

def backward(x, y, params, layers):
    """Backward pass of ``forward``: every delta and every gradient.

    ``layers`` is the list of (z, a) that ``forward(x, params)`` returned.
    Returns a dict of lists, one entry per layer, first layer first:

    * ``sigma_prime``: sigma'(z);
    * ``deltas``: delta = dL/dz;
    * ``dL_da``: dL/d(the layer's input) = W^T delta (the first is dL/dx);
    * ``grads``: (dL/dW, dL/db);

    and ``dL_dyhat`` = 2 (y_hat - y), the gradient at the output.

    >>> params = [(np.array([[0.0]]), np.array([0.0]))]   # y_hat = 0.5
    >>> x, y = np.array([1.0]), np.array([1.0])
    >>> out = backward(x, y, params, forward(x, params))
    >>> float(out["deltas"][0][0])                        # 2 (0.5 - 1) / 4
    -0.25
    """
    n = len(params)
    if len(layers) != n:
        raise ValueError(f"layers has {len(layers)} entries, params {n}")
    inputs = [np.asarray(x, dtype=float)] + [a for _, a in layers[:-1]]
    sigma_prime = [sigmoid_prime(z) for z, _ in layers]
    dL_dyhat = squared_error_grad(layers[-1][1], y)
    deltas, dL_da, grads = [None] * n, [None] * n, [None] * n
    delta = dL_dyhat * sigma_prime[-1]          # output: dL/da ⊙ sigma'(z)
    for l in reversed(range(n)):
        deltas[l] = delta
        dA_prev, dW, db = dense_backward(delta, inputs[l], params[l][0])
        grads[l] = (dW, db)                     # delta a_prev^T, delta
        dL_da[l] = dA_prev                      # W^T delta
        if l > 0:                               # one layer down:
            delta = dA_prev * sigma_prime[l - 1]  # (W^T delta) ⊙ sigma'(z)
    return {"dL_dyhat": dL_dyhat, "sigma_prime": sigma_prime,
            "deltas": deltas, "dL_da": dL_da, "grads": grads}
# --8<-- [end:backward]

# --8<-- [start:mlp_backward]

def mlp_backward(dZ, X, params, layers, hidden_grad):
    """Backward pass of ``mlp_forward``, from the gradient at the last layer.

    ``dZ`` is dL/dZ of the last layer's pre-activations: it holds the
    loss, e.g. (P - Y) / B for softmax cross-entropy on logits.
    ``layers`` is the list of (z, a) that ``mlp_forward(X, params, ...)``
    returned and ``hidden_grad`` the derivative of its hidden activation.
    Each layer down: dA = dZ W, then dZ = dA * hidden_grad(z).
    Returns one (dL/dW, dL/db) per layer, first layer first.

    >>> params = [(np.array([[1.0], [-1.0]]), np.zeros(2)),
    ...           (np.array([[1.0, 1.0]]), np.zeros(1))]
    >>> layers = mlp_forward(np.array([[2.0]]), params,
    ...                      hidden=lambda z: np.maximum(z, 0.0),
    ...                      output=lambda z: z)
    >>> relu_slope = lambda z: (z > 0).astype(float)
    >>> (dW1, db1), (dW2, db2) = mlp_backward(
    ...     np.array([[1.0]]), np.array([[2.0]]), params, layers, relu_slope)
    >>> dW2, dW1.ravel()         # the second hidden unit is off: no gradient
    (array([[2., 0.]]), array([2., 0.]))
    """
    if len(layers) != len(params):
        raise ValueError(f"layers has {len(layers)} entries, "
                         f"params {len(params)}")
    inputs = [np.asarray(X, dtype=float)] + [a for _, a in layers[:-1]]
    grads = [None] * len(params)
    for l in reversed(range(len(params))):
        dA, dW, db = dense_backward(dZ, inputs[l], params[l][0])
        grads[l] = (dW, db)
        if l > 0:                    # through the activation below
            dZ = dA * hidden_grad(layers[l - 1][0])
    return grads
# --8<-- [end:mlp_backward]

# --8<-- [start:sgd]

def sgd_step(params, grads, lr):
    """One gradient-descent step: W <- W - lr dL/dW and b <- b - lr dL/db.

    Returns new parameters; the old ones are left unchanged. The step
    SUBTRACTS the gradient: adding it would climb the loss instead.

    >>> W, b = np.array([[1.0]]), np.array([0.0])
    >>> dW, db = np.array([[0.5]]), np.array([-2.0])
    >>> sgd_step([(W, b)], [(dW, db)], lr=0.1)
    [(array([[0.95]]), array([0.2]))]
    >>> sgd_step([(W, b)], [(dW, db)], lr=-0.1)
    Traceback (most recent call last):
    ValueError: lr must be positive (got -0.1): a step subtracts lr * gradient
    """
    if not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr must be positive (got {lr}): "
                         f"a step subtracts lr * gradient")
    return [(W - lr * dW, b - lr * db)
            for (W, b), (dW, db) in zip(params, grads, strict=True)]
# --8<-- [end:sgd]

# --8<-- [start:skip]

SKIP_NAMES = ("w_a", "b_a", "w_b", "b_b", "w_c", "b_c",
              "w_d", "b_d", "w_d2", "b_d2", "w_e", "b_e")


def skip_chain_forward(x0, p):
    """The chain x0 -> x_a -> ... -> x_e, with a weighted skip from x_b to x_d.

    ``p`` maps each name in SKIP_NAMES to a number. Returns the dict of nodes.

    >>> p = dict.fromkeys(SKIP_NAMES, 0.0)
    >>> p |= {"w_a": 1, "w_b": 1, "w_c": 1, "w_d": 1, "w_d2": 1, "w_e": 1}
    >>> skip_chain_forward(2.0, p)["x_e"]             # x_d = x_c + x_b = 4
    4.0
    """
    x = {"x0": float(x0)}
    x["x_a"] = p["w_a"] * x["x0"] + p["b_a"]
    x["x_b"] = p["w_b"] * x["x_a"] + p["b_b"]
    x["x_c"] = p["w_c"] * x["x_b"] + p["b_c"]
    x["x_d"] = (p["w_d"] * x["x_c"] + p["b_d"]
                + p["w_d2"] * x["x_b"] + p["b_d2"])      # the skip
    x["x_e"] = p["w_e"] * x["x_d"] + p["b_e"]
    return x


def skip_chain_loss(x0, p, t):
    """loss = (x_e - t)^2."""
    return (skip_chain_forward(x0, p)["x_e"] - t) ** 2


def dxd_dxb(p):
    """How x_d moves with x_b: through x_c (w_d w_c) plus the skip (w_d2).

    >>> dxd_dxb({"w_c": 3.0, "w_d": 0.5, "w_d2": 1.5})
    3.0
    """
    return p["w_d"] * p["w_c"] + p["w_d2"]


def dxd_dxb_plus_one(p):
    """A common WRONG derivative: dx_c/dx_b + 1 = w_c + 1.

    Right only for an identity skip into a plain sum, x_d = x_c + x_b
    (w_d = w_d2 = 1). Kept so the tests can show it fails a gradient check.

    >>> dxd_dxb_plus_one({"w_c": 3.0, "w_d": 0.5, "w_d2": 1.5})
    4.0
    """
    return p["w_c"] + 1.0


def skip_chain_backward(x0, p, t):
    """Every derivative of the loss in the skip chain, from the top down.

    Returns a dict: dL/dx for every node (keys "x_e" ... "x_a") and
    dL/dp for every parameter (keys as in SKIP_NAMES).

    >>> p = dict.fromkeys(SKIP_NAMES, 0.0)
    >>> p |= {"w_a": 1, "w_b": 1, "w_c": 1, "w_d": 1, "w_d2": 1, "w_e": 1}
    >>> g = skip_chain_backward(2.0, p, t=3.0)   # x_e = 4, dL/dx_e = 2
    >>> g["x_b"], g["w_b"]                       # 2 (1 * 1 + 1); times x_a = 2
    (4.0, 8.0)
    """
    x = skip_chain_forward(x0, p)
    g = {}
    g["x_e"] = 2.0 * (x["x_e"] - t)
    g["w_e"], g["b_e"] = g["x_e"] * x["x_d"], g["x_e"]
    g["x_d"] = g["x_e"] * p["w_e"]
    g["w_d"], g["b_d"] = g["x_d"] * x["x_c"], g["x_d"]
    g["w_d2"], g["b_d2"] = g["x_d"] * x["x_b"], g["x_d"]
    g["x_c"] = g["x_d"] * p["w_d"]
    g["w_c"], g["b_c"] = g["x_c"] * x["x_b"], g["x_c"]
    g["x_b"] = g["x_c"] * p["w_c"] + g["x_d"] * p["w_d2"]  # two paths: add
    g["w_b"], g["b_b"] = g["x_b"] * x["x_a"], g["x_b"]
    g["x_a"] = g["x_b"] * p["w_b"]
    g["w_a"], g["b_a"] = g["x_a"] * x["x0"], g["x_a"]
    return g
# --8<-- [end:skip]


# --8<-- [start:cost]

def multiply_adds(sizes, batch=1):
    """Multiply-adds in the matrix products of a dense network.

    Returns (forward, backward). Forward: X W^T in every layer. Backward:
    dZ^T X (for dW) in every layer, and dZ W (for dX) in every layer but
    the first, whose input needs no gradient. So the backward pass costs
    between one and two forward passes: close to two when the first layer
    is a small share of the work, close to one when it is most of it.

    >>> multiply_adds([2, 2, 1])   # forward 4 + 2; backward 2 * 6 - 4
    (6, 8)
    """
    counts = [*sizes, batch]
    if len(sizes) < 2 or min(counts) < 1 or any(int(c) != c for c in counts):
        raise ValueError("need two or more positive whole widths, batch >= 1")
    pairs = zip(sizes[:-1], sizes[1:])
    per_layer = [batch * n_in * n_out for n_in, n_out in pairs]
    return sum(per_layer), 2 * sum(per_layer) - per_layer[0]
# --8<-- [end:cost]

# --8<-- [start:depth]

def gradient_norms_through_depth(depth, width=16, residual=False, seed=0):
    """Size of dL/da^(l) in a deep sigmoid network, layer by layer.

    Layer l computes a = sigma(W a_prev) (plain) or
    a = a_prev + sigma(W a_prev) (residual), with random W of scale
    1/sqrt(width). L is the sum of the last layer's outputs, so
    dL/da^(depth) is all ones. Returns the norms for l = 0 (the input)
    ... depth, and (input, weights, dL/dinput).

    >>> plain, _ = gradient_norms_through_depth(10)
    >>> res, _ = gradient_norms_through_depth(10, residual=True)
    >>> bool(plain[0] < 1e-4 * plain[-1]), bool(res[0] > res[-1])
    (True, True)
    """
    if depth < 1 or width < 1:
        raise ValueError(f"depth and width must be at least 1 "
                         f"(got depth={depth}, width={width})")
    rng = np.random.default_rng(seed)
    scale = 1.0 / np.sqrt(width)
    Ws = [rng.normal(0.0, scale, size=(width, width)) for _ in range(depth)]
    a = rng.normal(size=width)
    x0 = a.copy()
    zs = []
    for W in Ws:
        z = dense(a, W, np.zeros(width))
        zs.append(z)
        a = a + sigmoid(z) if residual else sigmoid(z)
    g = np.ones(width)
    norms = [np.linalg.norm(g)]
    for W, z in zip(reversed(Ws), reversed(zs)):
        through = W.T @ (g * sigmoid_prime(z))
        g = g + through if residual else through  # identity path adds g
        norms.append(np.linalg.norm(g))
    return norms[::-1], (x0, Ws, g)
# --8<-- [end:depth]

# --8<-- [start:clip]

def clip_by_norm(g, c):
    """Rescale g to length c if it is longer: same direction, capped length."""
    norm = np.linalg.norm(g)
    return g * (c / norm) if norm > c else g


def clip_by_value(g, c):
    """Clamp every entry of g to [-c, c]: the direction can change."""
    return np.clip(g, -c, c)
# --8<-- [end:clip]


# The page's first worked example: 2 inputs -> 2 sigmoid units -> 1 sigmoid unit.
EXAMPLE_X = np.array([1.0, 0.5])
EXAMPLE_Y = np.array([1.0])
EXAMPLE_PARAMS = [
    (np.array([[0.4, -0.2], [0.3, 0.8]]), np.array([0.1, -0.1])),
    (np.array([[0.6, -0.5]]), np.array([0.2])),
]
EXAMPLE_LR = 0.5

# The page's second worked example: the chain with a weighted skip from x_b to x_d.
SKIP_X0 = 0.5
SKIP_T = 2.0
SKIP_PARAMS = {"w_a": 2.0, "b_a": 1.5, "w_b": 0.4, "b_b": -0.5, "w_c": 2.0, "b_c": 1.0,
               "w_d": 0.5, "b_d": 0.1, "w_d2": 1.5, "b_d2": -0.1, "w_e": 2.0, "b_e": -0.5}
SKIP_H = 0.01


def worked_example():
    """The numbers of the two-layer example, in the order the page states them."""
    x, y, lr = EXAMPLE_X, EXAMPLE_Y, EXAMPLE_LR
    (W1, b1), (W2, b2) = EXAMPLE_PARAMS
    (z1, a1), (z2, a2) = forward(x, EXAMPLE_PARAMS)
    loss = squared_error(a2, y)
    out = backward(x, y, EXAMPLE_PARAMS, [(z1, a1), (z2, a2)])
    sp1, sp2 = out["sigma_prime"]
    d1, d2 = out["deltas"]
    (dW1, db1), (dW2, db2) = out["grads"]
    back = out["dL_da"][1]                                   # (W2)^T delta2
    t = [("n_in", 2), ("n_hidden", 2), ("n_out", 1)]
    t += [("x", x), ("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2), ("y", y), ("lr", lr)]
    # Forward pass, hidden layer, term by term.
    for j in range(2):
        t += [(f"W1[{j},0]", W1[j, 0]), ("x[0]", x[0]), (f"W1[{j},1]", W1[j, 1]), ("x[1]", x[1]),
              (f"b1[{j}]", b1[j]), (f"W1[{j},0]*x[0]", W1[j, 0] * x[0]),
              (f"W1[{j},1]*x[1]", W1[j, 1] * x[1]), (f"b1[{j}]", b1[j]), (f"z1[{j}]", z1[j])]
    t += [("z1", z1), ("a1", a1)]
    # Output layer.
    t += [("W2[0,0]", W2[0, 0]), ("a1[0]", a1[0]), ("W2[0,1]", W2[0, 1]), ("a1[1]", a1[1]),
          ("b2", b2[0]), ("W2[0,0]*a1[0]", W2[0, 0] * a1[0]), ("W2[0,1]*a1[1]", W2[0, 1] * a1[1]),
          ("b2", b2[0]), ("z2", z2[0])]
    t += [("z2", z2[0]), ("y_hat", a2[0])]
    t += [("y_hat", a2[0]), ("y", y[0]), ("y_hat-y", a2[0] - y[0]), ("loss", loss)]
    # Backward pass, output layer.
    t += [("y_hat-y", a2[0] - y[0]), ("dL/dy_hat", out["dL_dyhat"][0])]
    t += [("y_hat", a2[0]), ("1-y_hat", 1 - a2[0]), ("sigma'(z2)", sp2[0])]
    t += [("dL/dy_hat", out["dL_dyhat"][0]), ("sigma'(z2)", sp2[0]), ("delta2", d2[0])]
    t += [("delta2", d2[0]), ("a1", a1), ("dW2", dW2), ("db2", db2[0])]
    # Backward pass, hidden layer.
    t += [("W2", W2), ("delta2", d2[0]), ("(W2^T delta2)", back)]
    t += [("a1[0]", a1[0]), ("1-a1[0]", 1 - a1[0]), ("a1[1]", a1[1]), ("1-a1[1]", 1 - a1[1]),
          ("sigma'(z1)", sp1)]
    t += [("(W2^T delta2)[0]", back[0]), ("sigma'(z1)[0]", sp1[0]),
          ("(W2^T delta2)[1]", back[1]), ("sigma'(z1)[1]", sp1[1]), ("delta1", d1)]
    t += [("delta1", d1), ("x", x), ("dW1", dW1), ("db1", db1)]
    # The update.
    new = sgd_step(EXAMPLE_PARAMS, out["grads"], lr)
    (nW1, nb1), (nW2, nb2) = new
    t += [("lr", lr), ("W2[0,0]", W2[0, 0]), ("lr", lr), ("dW2[0,0]", dW2[0, 0]),
          ("W2[0,0]", W2[0, 0]), ("-lr*dW2[0,0]", -lr * dW2[0, 0]), ("new W2[0,0]", nW2[0, 0])]
    t += [("new W1", nW1), ("new b1", nb1), ("new W2", nW2), ("new b2", nb2[0])]
    # The new forward pass.
    (nz1, na1), (nz2, na2) = forward(x, new)
    new_loss = squared_error(na2, y)
    t += [("new z1", nz1), ("new a1", na1), ("new z2", nz2[0]), ("new y_hat", na2[0]),
          ("y_hat", a2[0])]
    t += [("new y_hat", na2[0]), ("y", y[0]), ("new loss", new_loss)]
    t += [("loss", loss), ("new loss", new_loss), ("decrease", loss - new_loss)]
    # The wrong sign: adding the gradient.
    wrong = [(W + lr * dW, b + lr * db) for (W, b), (dW, db) in zip(EXAMPLE_PARAMS, out["grads"])]
    wrong_y = forward(x, wrong)[-1][1]
    wrong_loss = squared_error(wrong_y, y)
    t += [("wrong y_hat", wrong_y[0]), ("wrong loss", wrong_loss), ("loss", loss)]
    return t


def worked_example_skip():
    """The numbers of the skip-connection example, in the order the page states them."""
    p, x0, target, h = SKIP_PARAMS, SKIP_X0, SKIP_T, SKIP_H
    x = skip_chain_forward(x0, p)
    g = skip_chain_backward(x0, p, target)
    loss = skip_chain_loss(x0, p, target)
    t = [("x0", x0), ("t", target)]
    order = ("w_a", "b_a", "w_b", "b_b", "w_c", "b_c", "w_d", "w_d2", "b_d", "b_d2", "w_e", "b_e")
    t += [(k, p[k]) for k in order]                         # the table, row by row
    # Forward, node by node.
    t += [("w_a", p["w_a"]), ("x0", x0), ("b_a", p["b_a"]), ("x_a", x["x_a"])]
    t += [("w_b", p["w_b"]), ("x_a", x["x_a"]), ("b_b", p["b_b"]), ("x_b", x["x_b"])]
    t += [("w_c", p["w_c"]), ("x_b", x["x_b"]), ("b_c", p["b_c"]), ("x_c", x["x_c"])]
    t += [("w_d", p["w_d"]), ("x_c", x["x_c"]), ("b_d", p["b_d"]), ("w_d2", p["w_d2"]),
          ("x_b", x["x_b"]), ("b_d2", p["b_d2"]), ("x_d", x["x_d"])]
    t += [("w_e", p["w_e"]), ("x_d", x["x_d"]), ("b_e", p["b_e"]), ("x_e", x["x_e"])]
    t += [("x_e", x["x_e"]), ("t", target), ("loss", loss)]
    # Backward, node by node.
    t += [("x_e", x["x_e"]), ("t", target), ("dL/dx_e", g["x_e"])]
    t += [("dL/dx_e", g["x_e"]), ("w_e", p["w_e"]), ("dL/dx_d", g["x_d"])]
    t += [("dL/dx_d", g["x_d"]), ("w_d", p["w_d"]), ("dL/dx_c", g["x_c"])]
    t += [("w_d", p["w_d"]), ("w_c", p["w_c"]), ("w_d2", p["w_d2"]), ("dx_d/dx_b", dxd_dxb(p))]
    t += [("dL/dx_c", g["x_c"]), ("w_c", p["w_c"]), ("dL/dx_d", g["x_d"]), ("w_d2", p["w_d2"]),
          ("dL/dx_b", g["x_b"])]
    t += [("dL/dx_d", g["x_d"]), ("dx_d/dx_b", dxd_dxb(p)), ("dL/dx_b", g["x_b"])]
    t += [("dL/dx_b", g["x_b"]), ("x_a", x["x_a"]), ("dL/dw_b", g["w_b"]), ("dL/db_b", g["b_b"])]
    # The rest of the gradients, in a table: node or parameter, its gradient.
    rows = [("w_e", x["x_d"], "x_e"), ("w_d", x["x_c"], "x_d"), ("w_d2", x["x_b"], "x_d"),
            ("w_c", x["x_b"], "x_c"), ("w_a", x["x0"], "x_a")]
    for name, inp, node in rows:
        bias = "b" + name[1:]
        t += [(f"dL/d{node}", g[node]), (f"input of {name}", inp), (f"dL/d{name}", g[name]),
              (f"dL/d{bias}", g[bias])]
    t += [("dL/dx_b", g["x_b"]), ("w_b", p["w_b"]), ("dL/dx_a", g["x_a"])]
    # Gradient check on b_b: the "+1" shortcut's answer against the two-path sum.
    up = skip_chain_loss(x0, p | {"b_b": p["b_b"] + h}, target)
    down = skip_chain_loss(x0, p | {"b_b": p["b_b"] - h}, target)
    t += [("wrong dL/dx_b", g["x_d"] * dxd_dxb_plus_one(p)), ("dL/dx_b", g["x_b"])]
    t += [("h", h), ("L(b_b+h)", up), ("L(b_b-h)", down),
          ("L(b_b+h)", up), ("L(b_b-h)", down), ("2h", 2 * h), ("difference quotient", (up - down) / (2 * h)),
          ("dL/db_b", g["b_b"]), ("wrong dL/db_b", g["x_d"] * dxd_dxb_plus_one(p))]
    return t


# Transcripts the page's checker reads: Common mistakes and the numbers outside the worked examples.

MISTAKE_STEPS = 5


def train_steps(params, steps, lr=EXAMPLE_LR, sign=-1.0):
    """Losses of the first worked example's network after each of ``steps`` steps.

    sign=-1 is gradient descent (theta - lr grad, through sgd_step); sign=+1 is the
    mistake theta + lr grad, which sgd_step refuses to take, so it is written out here.
    """
    x, y, losses = EXAMPLE_X, EXAMPLE_Y, []
    for _ in range(steps):
        grads = backward(x, y, params, forward(x, params))["grads"]
        if sign < 0:
            params = sgd_step(params, grads, lr)
        else:
            params = [(W + lr * dW, b + lr * db) for (W, b), (dW, db) in zip(params, grads)]
        losses.append(float(squared_error(forward(x, params)[-1][1], y)))
    return losses


def mistake_adding_the_gradient():
    """Common mistake: w <- w + lr dL/dw climbs the loss; w <- w - lr dL/dw descends it."""
    x, y, p = EXAMPLE_X, EXAMPLE_Y, EXAMPLE_PARAMS
    loss = float(squared_error(forward(x, p)[-1][1], y))
    up = train_steps(p, MISTAKE_STEPS, sign=+1.0)
    down = train_steps(p, MISTAKE_STEPS, sign=-1.0)
    return [("loss", loss), ("lr", EXAMPLE_LR), ("loss after one + step", up[0]),
            ("loss after one - step", down[0]), ("steps", MISTAKE_STEPS),
            ("loss after 5 + steps", up[-1]), ("loss after 5 - steps", down[-1]),
            ("lr must exceed", 0)]


def mistake_skip_plus_one():
    """Common mistake: dx_d/dx_b = w_c + 1 on the skip chain, against the two-path sum and a
    central difference."""
    p, x0, target, h = SKIP_PARAMS, SKIP_X0, SKIP_T, SKIP_H
    g = skip_chain_backward(x0, p, target)
    wrong = dxd_dxb_plus_one(p)
    up = skip_chain_loss(x0, p | {"b_b": p["b_b"] + h}, target)
    down = skip_chain_loss(x0, p | {"b_b": p["b_b"] - h}, target)
    return [("one", 1), ("one", 1),                       # dx_c/dx_b + 1 = w_c + 1
            ("w_c", p["w_c"]), ("w_d", p["w_d"]), ("w_d2", p["w_d2"]), ("dL/dx_d", g["x_d"]),
            ("w_c", p["w_c"]), ("one", 1), ("wrong dx_d/dx_b", wrong),
            ("dL/dx_d", g["x_d"]), ("wrong dx_d/dx_b", wrong), ("wrong dL/dx_b", g["x_d"] * wrong),
            ("w_d", p["w_d"]), ("w_c", p["w_c"]), ("w_d2", p["w_d2"]), ("dx_d/dx_b", dxd_dxb(p)),
            ("dL/dx_d", g["x_d"]), ("dx_d/dx_b", dxd_dxb(p)), ("dL/dx_b", g["x_b"]),
            ("central difference", (up - down) / (2 * h)),
            ("identity w_d", 1), ("identity w_d2", 1), ("one", 1)]


def claims_cost():
    """'Why a backward pass costs one to two forward passes': the 784 -> 128 -> 10 network."""
    forward_macs, backward_macs = multiply_adds([784, 128, 10])
    return [("forward multiply-adds", forward_macs), ("backward multiply-adds", backward_macs)]


def claims_deep_chains():
    """'Deep chains': the sigmoid's largest slope, sigma'(0) = 1/4."""
    return [("1 / sigma'(0)", 1.0 / float(sigmoid_prime(0.0)))]




CLIP_G, CLIP_C = np.array([3.0, 4.0]), 1.0


def claims_clipping():
    """Interview answer on clipping: g = (3, 4), c = 1."""
    g, c = CLIP_G, CLIP_C
    by_norm, by_value = clip_by_norm(g, c), clip_by_value(g, c)
    angle = lambda v: float(np.degrees(np.arctan2(v[1], v[0])))  # noqa: E731
    return [("g[1]", g[1]), ("norm of g", np.linalg.norm(g)), ("clipped by norm", by_norm),
            ("angle before", angle(g)), ("angle after value clipping", angle(by_value))]


def claims_interview_questions():
    """The interview answers: the cost comparison and the sigmoid's largest slope."""
    sizes = [784, 128, 10]
    n_params = count_parameters(sizes)
    forward_macs, backward_macs = multiply_adds(sizes)
    return [("n", n_params), ("2n", 2 * n_params), ("backward multiply-adds", backward_macs),
            ("forward multiply-adds", forward_macs),
            ("1 / sigma'(0)", 1.0 / float(sigmoid_prime(0.0)))] + claims_clipping()



def float_format(exponent_bits, mantissa_bits):
    """Largest value, smallest normal, smallest subnormal and the gap above 1
    of an IEEE-style binary floating-point format with the given bit counts.

    >>> float_format(5, 10)[0]          # fp16's largest value
    65504.0
    """
    bias = 2 ** (exponent_bits - 1) - 1
    gap = 2.0 ** -mantissa_bits
    largest = (2.0 - gap) * 2.0 ** bias
    smallest_normal = 2.0 ** (1 - bias)
    return largest, smallest_normal, smallest_normal * gap, gap


FP16_BITS = (5, 10)            # exponent bits, mantissa bits
BF16_BITS = (8, 7)
FLOAT32_BITS = (8, 23)


def claims_mixed_precision():
    """Interview answer on mixed precision: the two 16-bit formats."""
    width = 1 + sum(FP16_BITS)                       # sign + exponent + mantissa
    fp16_max, fp16_normal, fp16_sub, fp16_gap = float_format(*FP16_BITS)
    bf16_max, _, _, bf16_gap = float_format(*BF16_BITS)
    tiny = 1e-4
    rounded = float(np.float16(1.0) + np.float16(tiny))   # 1 + 1e-4 in fp16
    return [("16-bit", width), ("16-bit", 1 + sum(BF16_BITS)),
            ("fp16 exponent bits", FP16_BITS[0]), ("fp16 mantissa bits", FP16_BITS[1]),
            ("fp16 largest", fp16_max), ("fp16 smallest normal", fp16_normal),
            ("fp16 smallest subnormal", fp16_sub), ("one", 1.0), ("fp16 gap at 1", fp16_gap),
            ("bf16 exponent bits", BF16_BITS[0]), ("bf16 largest", bf16_max),
            ("bf16 mantissa bits", BF16_BITS[1]), ("one", 1.0), ("bf16 gap at 1", bf16_gap),
            ("16-bit", width), ("one", 1.0), ("tiny update", tiny), ("1 + 1e-4 in fp16", rounded)]


# Check yourself: the exercises, in the order the page states their numbers.

EX1 = {"w": 2.0, "x": 1.5, "b": -1.0, "y": 0.5}


def exercise_chain_rule():
    """Exercise 1: z = w x + b, L = (z - y)^2; dL/dz and dL/dw."""
    w, x, b, y = EX1["w"], EX1["x"], EX1["b"], EX1["y"]
    z = dense(np.array([x]), np.array([[w]]), np.array([b]))
    loss = float(squared_error(z, np.array([y])))
    dL_dz = squared_error_grad(z, np.array([y]))
    _, dW, _ = dense_backward(dL_dz, np.array([x]), np.array([[w]]))
    return [("exercise", 1), ("w", w), ("x", x), ("b", b), ("y", y),
            ("w", w), ("x", x), ("b", b), ("z", z[0]), ("z", z[0]), ("y", y), ("L", loss),
            ("z - y", z[0] - y), ("dL/dz", dL_dz[0]), ("dz/dw = x", x),
            ("dL/dz", dL_dz[0]), ("x", x), ("dL/dw", dW[0, 0])]


EX2_X, EX2_A = 3.0, 4.0            # x, and the first user's factor: users a x and x^2
EX2_NUDGE = 0.01


def two_users_loss(x, a=EX2_A):
    """L = a x + x^2: the value x is copied to the two users a x and x^2."""
    return a * x + x ** 2


def two_users_grad(x, a=EX2_A):
    """dL/dx: each user's path counts in full, and the paths add."""
    sum_slope = 1.0                       # L = user1 + user2 passes each on times 1
    return sum_slope * a + sum_slope * 2.0 * x


def exercise_two_users():
    """Exercise 2: a value copied to two users; the paths add."""
    x, a, h = EX2_X, EX2_A, EX2_NUDGE
    path1, path2 = 1.0 * a, 2.0 * x
    before, after = two_users_loss(x), two_users_loss(x + h)
    return [("exercise", 2), ("x", x), ("a", a), ("a", a),
            ("local derivative of a x", a), ("path 1", a), ("sum passes on", 1.0),
            ("path 1", path1), ("x", x), ("path 2", path2),
            ("path 1", path1), ("path 2", path2), ("dL/dx", two_users_grad(x)),
            ("x", x), ("L(x)", before), ("x + h", x + h), ("L(x + h)", after),
            ("rise", after - before), ("dL/dx", two_users_grad(x)), ("h", h)]


def exercise_output_delta():
    """Exercise 3: the delta of one sigmoid output unit, z = 0, y = 1."""
    params = [(np.array([[0.0]]), np.array([0.0]))]     # z = 0 for any input
    x, y = np.array([1.0]), np.array([1.0])
    layers = forward(x, params)
    z, y_hat = layers[0][0][0], layers[0][1][0]
    out = backward(x, y, params, layers)
    dL_dyhat, slope, delta = out["dL_dyhat"][0], out["sigma_prime"][0][0], out["deltas"][0][0]
    return [("exercise", 3), ("z", z), ("z", z), ("y_hat", y_hat), ("y", y[0]),
            ("y_hat - y", y_hat - y[0]), ("dL/dy_hat", dL_dyhat),
            ("one", 1.0), ("y_hat", y_hat), ("1 - y_hat", 1 - y_hat), ("sigma'(z)", slope),
            ("dL/dy_hat", dL_dyhat), ("sigma'(z)", slope), ("delta", delta)]


def exercise_outer_product():
    """Exercise 4: dL/dW = delta x^T for a layer with 3 inputs and 2 units."""
    x, delta = np.array([2.0, 1.0, 0.0]), np.array([0.5, -1.0])
    W = np.zeros((2, 3))                                  # only its shape matters
    _, dW, db = dense_backward(delta, x, W)
    return [("exercise", 4), ("inputs", W.shape[1]), ("units", W.shape[0]), ("x", x),
            ("delta", delta), ("delta", delta), ("x", x), ("dW", dW),
            ("rows", dW.shape[0]), ("columns", dW.shape[1]), ("db", db),
            ("input", x[2]), ("their gradient", float(np.abs(dW[:, 2]).max()))]


def _print(transcript):
    for name, value in transcript:
        print(f"{name:>22} = {np.array2string(np.asarray(value), precision=5, suppress_small=True)}")


def main():
    """Print both worked examples as transcripts: name = value, in reading order."""
    print("# Two-layer network: forward, backward, one step")
    _print(worked_example())
    print("# Skip connection")
    _print(worked_example_skip())


if __name__ == "__main__":
    main()
