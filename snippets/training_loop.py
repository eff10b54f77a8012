"""The training loop in NumPy: forward, loss, backward, update, batch by batch.

Run ``python snippets/training_loop.py`` to print the worked examples of the
page "The training loop"; ``python -m doctest snippets/training_loop.py``
runs the examples in the docstrings.

The model is a softmax classifier (one dense layer, no hidden layer):
``logits = X @ W.T + b``, ``P = softmax(logits)``, loss = mean cross-entropy.
Parameters live in a dict ``{"W": (C, n), "b": (C,)}``; gradients live in a
dict of the same shapes, and the loop *adds* new gradients into it, as
PyTorch's ``loss.backward()`` adds into ``.grad``. Conventions: one example
per row of ``X``; class labels ``y`` are integers ``0 .. C-1``.
"""
import math

import numpy as np

from forward_pass import dense, relu, sigmoid
from probability import softmax

# --8<-- [start:model]

def forward(params, X):
    """The prediction: one logit (raw score) per class for every row of X.

    >>> params = {"W": np.array([[1.0, 0.0], [0.0, 1.0]]),
    ...           "b": np.array([0.5, 0.0])}
    >>> forward(params, np.array([[2.0, 3.0]]))
    array([[2.5, 3. ]])
    """
    return dense(X, params["W"], params["b"])
# --8<-- [end:model]

# --8<-- [start:loss]

def cross_entropy(logits, y):
    """Mean cross-entropy of integer labels y: the mean of -log p_correct.

    Computed as log-sum-exp minus the correct logit: never takes log(0).

    >>> y = np.array([0, 1, 2, 1])
    >>> round(float(cross_entropy(np.zeros((4, 3)), y)), 6)  # log 3
    1.098612
    """
    logits = np.asarray(logits, dtype=float)
    y = _check_labels(logits, y)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_sum_exp = np.log(np.exp(shifted).sum(axis=1))
    return float(np.mean(log_sum_exp - shifted[np.arange(len(y)), y]))

# --8<-- [end:loss]

# --8<-- [start:backward]

def one_hot(y, n_classes):
    """Row i is all zeros except a one in column y[i].

    >>> one_hot(np.array([0, 2]), 3)
    array([[1., 0., 0.],
           [0., 0., 1.]])
    """
    return np.eye(n_classes)[np.asarray(y)]


def gradients(params, X, y):
    """Gradients of the mean cross-entropy with respect to W and b.

    With P = softmax(logits) and Y the one-hot labels of a batch of B rows:
    dL/dlogits = (P - Y) / B, dL/dW = dL/dlogits.T @ X, dL/db = column sums.

    >>> params = {"W": np.zeros((2, 1)), "b": np.zeros(2)}
    >>> g = gradients(params, np.array([[1.0], [3.0]]), np.array([0, 0]))
    >>> g["W"], g["b"]
    (array([[-1.],
           [ 1.]]), array([-0.5,  0.5]))
    """
    X = np.asarray(X, dtype=float)
    logits = forward(params, X)
    y = _check_labels(logits, y)
    dZ = (softmax(logits) - one_hot(y, logits.shape[1])) / len(y)
    return {"W": dZ.T @ X, "b": dZ.sum(axis=0)}
# --8<-- [end:backward]

# --8<-- [start:step]

def zero_grads(params):
    """Fresh gradient storage, all zeros: what optimizer.zero_grad() leaves."""
    return {name: np.zeros_like(value, dtype=float)
            for name, value in params.items()}


def accumulate(grads, new):
    """Add new gradients to the stored ones, as loss.backward() adds to .grad.

    >>> accumulate({"b": np.array([1.0])}, {"b": np.array([0.5])})
    {'b': array([1.5])}
    """
    return {name: grads[name] + new[name] for name in grads}


def sgd_update(params, grads, lr):
    """One gradient-descent step: every parameter moves against its gradient.

    >>> sgd_update({"b": np.array([1.0])}, {"b": np.array([0.5])}, lr=0.1)
    {'b': array([0.95])}
    """
    if not lr > 0:
        raise ValueError(f"the learning rate must be positive, got {lr}")
    return {name: params[name] - lr * grads[name] for name in params}
# --8<-- [end:step]

# --8<-- [start:minibatches]

def steps_per_epoch(n, batch_size):
    """Mini-batches in one pass over n examples: ceil(n / batch_size).

    >>> steps_per_epoch(10, 4), steps_per_epoch(12, 4)
    (3, 3)
    """
    _check_sizes(n, batch_size)
    return math.ceil(n / batch_size)


def minibatches(n, batch_size, rng):
    """Shuffle the indices 0 .. n-1, cut them into batches (last may be short).

    >>> rng = np.random.default_rng(0)
    >>> [b.tolist() for b in minibatches(5, 2, rng)]
    [[2, 4], [3, 0], [1]]
    """
    _check_sizes(n, batch_size)
    order = rng.permutation(n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]

# --8<-- [end:minibatches]

# --8<-- [start:train]

def train(params, X, y, lr, epochs, batch_size, seed=0, zero_grad=True):
    """Mini-batch gradient descent. Returns (final params, loss of each step).

    Each recorded loss is the batch loss of that step's forward pass, before
    the update, as a PyTorch loop usually logs it. ``zero_grad=False``
    simulates forgetting optimizer.zero_grad(): the stored gradients are
    never reset, so each step uses the sum of all gradients so far.

    >>> X = np.array([[1.0, 2.0], [2.0, -1.0], [-1.0, 1.0], [0.0, -2.0]])
    >>> y = np.array([0, 1, 2, 1])
    >>> start = {"W": np.zeros((3, 2)), "b": np.zeros(3)}
    >>> params, history = train(start, X, y, lr=0.5, epochs=50, batch_size=4)
    >>> len(history), round(history[0], 4), history[-1] < 0.1
    (50, 1.0986, True)
    """
    rng = np.random.default_rng(seed)
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    history = []
    grads = zero_grads(params)
    for epoch in range(epochs):
        for idx in minibatches(len(X), batch_size, rng):
            Xb, yb = X[idx], y[idx]
            if zero_grad:
                grads = zero_grads(params)    # optimizer.zero_grad()
            logits = forward(params, Xb)      # prediction = model(x)
            loss = cross_entropy(logits, yb)  # loss = criterion(prediction, y)
            new = gradients(params, Xb, yb)   # loss.backward() computes,
            grads = accumulate(grads, new)    # ... and adds into .grad
            params = sgd_update(params, grads, lr)  # optimizer.step()
            history.append(loss)
    return params, history
# --8<-- [end:train]

# --8<-- [start:init]

def xavier_std(n_in, n_out):
    """Xavier/Glorot: the weights' standard deviation, sqrt(2 / (n_in + n_out)).

    >>> xavier_std(50, 150)
    0.1
    """
    return math.sqrt(2.0 / (n_in + n_out))


def he_std(n_in):
    """He (Kaiming), for ReLU layers: the standard deviation sqrt(2 / n_in).

    >>> he_std(50)
    0.2
    """
    return math.sqrt(2.0 / n_in)


def xavier_init(n_in, n_out, rng):
    """Xavier normal weights, shape (n_out, n_in).

    >>> W = xavier_init(300, 100, np.random.default_rng(0))
    >>> W.shape, round(float(W.std() / xavier_std(300, 100)), 1)
    ((100, 300), 1.0)
    """
    return rng.normal(0.0, xavier_std(n_in, n_out), size=(n_out, n_in))


def he_init(n_in, n_out, rng):
    """He normal weights, shape (n_out, n_in)."""
    return rng.normal(0.0, he_std(n_in), size=(n_out, n_in))


def normal_init(std):
    """An initialiser with a fixed standard deviation, whatever the size."""
    return lambda n_in, n_out, rng: rng.normal(0.0, std, size=(n_out, n_in))


def layer_stds(X, depth, init, activation, rng):
    """Std of the activations after each of `depth` square dense layers.

    Every layer has as many units as X has columns, zero biases, and
    weights from ``init(n_in, n_out, rng)``.

    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(2000, 200))
    >>> stds = layer_stds(X, 3, normal_init(1.0), np.tanh, rng)
    >>> bool(np.all(stds > 0.95))   # huge weights: tanh saturates near -1, +1
    True
    """
    a = np.asarray(X, dtype=float)
    width = a.shape[1]
    stds = []
    for _ in range(depth):
        W = init(width, width, rng)
        a = activation(dense(a, W, np.zeros(width)))
        stds.append(float(a.std()))
    return np.array(stds)
# --8<-- [end:init]

# --8<-- [start:sanity]

def initial_loss_check(n_classes, n_features, n_examples, weight_std, seed=0):
    """Loss of an untrained classifier on random data, and the log C expected.

    >>> measured, expected = initial_loss_check(10, 20, 1000, weight_std=0.01)
    >>> round(expected, 6), abs(measured - expected) < 0.01
    (2.302585, True)
    """
    if n_classes < 2:
        raise ValueError(f"a classifier needs at least 2 classes, "
                         f"got {n_classes}")
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_examples, n_features))
    y = rng.integers(0, n_classes, size=n_examples)
    W = rng.normal(0.0, weight_std, size=(n_classes, n_features))
    params = {"W": W, "b": np.zeros(n_classes)}
    return cross_entropy(forward(params, X), y), math.log(n_classes)
# --8<-- [end:sanity]

# --8<-- [start:checks]

def _check_labels(logits, y):
    y = np.asarray(y)
    if logits.ndim != 2:
        raise ValueError("logits must be a (batch, classes) matrix, "
                         f"got shape {logits.shape}")
    if y.shape != (logits.shape[0],):
        raise ValueError("y must hold one label per row of the logits: "
                         f"got shape {y.shape} for {logits.shape[0]} rows")
    C = logits.shape[1]
    if y.dtype.kind not in "iu" or y.min(initial=0) < 0 \
            or y.max(initial=0) >= C:
        raise ValueError(f"labels must be integers 0 to {C - 1} "
                         f"({C} classes), got {y}")
    return y


def _check_sizes(n, batch_size):
    if int(n) != n or n < 1:
        raise ValueError("the number of examples must be a positive integer, "
                         f"got {n}")
    if int(batch_size) != batch_size or batch_size < 1:
        raise ValueError("the batch size must be a positive integer, "
                         f"got {batch_size}")
# --8<-- [end:checks]


def toy_data(n, n_classes=3, n_features=2, spread=1.0, seed=0):
    """Seeded Gaussian blobs: class k's points scatter around its own centre.

    >>> X, y = toy_data(6, seed=1)
    >>> X.shape, y.tolist()
    ((6, 2), [0, 1, 2, 0, 1, 2])
    """
    rng = np.random.default_rng(seed)
    centres = rng.normal(0.0, 2.0, size=(n_classes, n_features))
    y = np.arange(n) % n_classes
    X = centres[y] + spread * rng.normal(size=(n, n_features))
    return X, y


# ---------------------------------------------------------------------------
# Transcripts the page's checker reads: first the worked examples

EXAMPLE_X = np.array([[1.0, 2.0], [2.0, -1.0], [-1.0, 1.0], [0.0, -2.0]])
EXAMPLE_Y = np.array([0, 1, 2, 1])
EXAMPLE_PARAMS = {"W": np.array([[0.2, -0.1], [0.1, 0.3], [-0.2, 0.1]]), "b": np.zeros(3)}
EXAMPLE_LR = 0.5


def example_step():
    """Every intermediate of one training step on the example batch, by name."""
    X, y, params, lr = EXAMPLE_X, EXAMPLE_Y, EXAMPLE_PARAMS, EXAMPLE_LR
    grads = zero_grads(params)
    Z = forward(params, X)
    P = softmax(Z)
    loss = cross_entropy(Z, y)
    Y = one_hot(y, 3)
    dZ = (P - Y) / len(y)
    grads = accumulate(grads, gradients(params, X, y))
    new = sgd_update(params, grads, lr)
    return dict(X=X, y=y, params=params, lr=lr, zeroed=grads, Z=Z, P=P, loss=loss, Y=Y, dZ=dZ,
                grads=grads, new=new, new_loss=cross_entropy(forward(new, X), y))


def worked_example():
    """One step of the loop on a batch of four examples, in the order the page states it."""
    s = example_step()
    X, y, W, b, lr = s["X"], s["y"], s["params"]["W"], s["params"]["b"], s["lr"]
    Z, P, dZ, g, new = s["Z"], s["P"], s["dZ"], s["grads"], s["new"]
    rows = np.arange(4)
    t = [("batch", 4), ("features", 2), ("classes", 3)]
    t += [(f"x{i}", X[i]) for i in range(4)] + [("y", y)]
    t += [("W", W), ("b", b), ("lr", lr)]
    t += [("dW, db all", 0)]
    # prediction = model(x): first row term by term, then the logits and probabilities.
    t += [("W[0,0]", W[0, 0]), ("x0[0]", X[0, 0]), ("W[0,1]", W[0, 1]), ("x0[1]", X[0, 1]),
          ("b[0]", b[0]), ("z00", Z[0, 0])]
    t += [("Z", Z)]
    e = np.exp(Z[0])
    t += [("e^z0", list(zip(Z[0], e))), ("sum", e.sum())]
    t += [("sum", e.sum()), ("e^z0[1]", e[1]), ("sum", e.sum()), ("sum", e.sum()), ("P[0]", P[0])]
    t += [("P", P)]
    # loss = criterion(prediction, y)
    p_true = P[rows, y]
    t += [("y", y), ("p_true", p_true), ("-log p_true", -np.log(p_true)), ("loss", s["loss"])]
    t += [("C", 3), ("C", 3), ("log 3", math.log(3)), ("loss", s["loss"])]
    # loss.backward()
    t += [("B", 4), ("P[0]", P[0]), ("Y[0]", s["Y"][0]), ("B", 4), ("dZ[0]", dZ[0])]
    t += [("dZ", dZ)]
    t += [("dZ[:,0]", list(zip(dZ[:, 0], X[:, 0]))), ("dW[0,0]", g["W"][0, 0])]
    t += [("dW", g["W"]), ("db", g["b"])]
    # optimizer.step()
    t += [("W[0,0]", W[0, 0]), ("lr", lr), ("dW[0,0]", g["W"][0, 0]), ("W'[0,0]", new["W"][0, 0])]
    t += [("W'", new["W"]), ("b'", new["b"])]
    p_new = softmax(forward(new, X))[rows, y]
    t += [("p_true'", p_new), ("loss'", s["new_loss"]), ("loss", s["loss"])]
    return t


FIGURE_DATA = dict(n=60, n_classes=3, n_features=2, spread=2.0, seed=0)
FIGURE_STEPS = 100


def full_batch_run(lr, steps=FIGURE_STEPS, zero_grad=True):
    """Gradient descent on all of the figure's data at once, from zero weights: the loss per step."""
    X, y = toy_data(**FIGURE_DATA)
    start = {"W": np.zeros((3, 2)), "b": np.zeros(3)}
    params, history = train(start, X, y, lr=lr, epochs=steps, batch_size=len(X), zero_grad=zero_grad)
    return np.array(history + [cross_entropy(forward(params, X), y)])


def worked_example_mistakes():
    """Two classic bugs on the same batch: adding the gradient, and never zeroing it."""
    s = example_step()
    X, y, params, lr, g = s["X"], s["y"], s["params"], s["lr"], s["grads"]
    ascent = {k: params[k] + lr * g[k] for k in params}
    t = [("loss", s["loss"]), ("loss_right", s["new_loss"]),
         ("loss_ascent", cross_entropy(forward(ascent, X), y))]
    # A second step on the same batch, with and without zeroing the stored gradients.
    first = s["new"]
    fresh = gradients(first, X, y)
    summed = accumulate(g, fresh)
    right = sgd_update(first, fresh, lr)
    wrong = sgd_update(first, summed, lr)
    t += [("db fresh", fresh["b"]), ("db first", g["b"]), ("db summed", summed["b"])]
    t += [("loss2 wrong", cross_entropy(forward(wrong, X), y)),
          ("loss2 right", cross_entropy(forward(right, X), y))]
    # A longer run on data no straight boundary separates.
    with_zero, without = full_batch_run(lr), full_batch_run(lr, zero_grad=False)
    t += [("points", FIGURE_DATA["n"]), ("steps", FIGURE_STEPS), ("lr", lr),
          ("final with", with_zero[-1]), ("final without", without[-1])]
    return t


def worked_example_initial_loss():
    """The loss of an untrained classifier (log C with small weights) and overfitting one batch."""
    C, n, N = 10, 20, 1000
    small, expected = initial_loss_check(C, n, N, weight_std=0.01)
    large, _ = initial_loss_check(C, n, N, weight_std=1.0)
    t = [("C", C), ("1/C", 1 / C), ("C", C), ("log C", expected)]
    t += [("N", N), ("n", n), ("C", C), ("std", 0.01)]
    t += [("std", 0.01), ("n", n), ("logit std", 0.01 * math.sqrt(n))]
    t += [("measured", small), ("log C", expected), ("difference", small - expected)]
    t += [("std", 1.0), ("std", 1.0), ("n", n), ("logit std", 1.0 * math.sqrt(n)),
          ("measured large", large)]
    # Overfit one batch: the worked example's batch, many steps, from zero weights.
    start = {"W": np.zeros((3, 2)), "b": np.zeros(3)}
    steps = 200
    _, history = train(start, EXAMPLE_X, EXAMPLE_Y, lr=EXAMPLE_LR, epochs=steps, batch_size=4)
    t += [("batch", 4), ("lr", EXAMPLE_LR), ("C", 3), ("first loss", history[0]),
          ("steps", steps), ("last loss", history[-1])]
    return t


MB_N, MB_B, MB_SEED = 10, 4, 0


def worked_example_minibatches():
    """Epoch and mini-batch arithmetic for N = 10 examples and batches of B = 4."""
    n, B = MB_N, MB_B
    steps = steps_per_epoch(n, B)
    rng = np.random.default_rng(MB_SEED)
    epoch1 = minibatches(n, B, rng)
    epoch2 = minibatches(n, B, rng)
    t = [("N", n), ("B", B), ("N", n), ("B", B), ("N/B", n / B), ("steps", steps)]
    t += [("full", B), ("full", B), ("last", n - (steps - 1) * B)]
    t += [("seed", MB_SEED)]
    t += [(f"epoch1 batch{k}", batch) for k, batch in enumerate(epoch1)]
    t += [(f"epoch2 batch{k}", batch) for k, batch in enumerate(epoch2)]
    epochs = 5
    t += [("epochs", epochs), ("steps", steps), ("total", epochs * steps)]
    t += [("N", n), ("epochs", epochs), ("seen", n * epochs)]
    return t


INIT_WIDTH, INIT_DEPTH, INIT_N, INIT_SEED = 256, 10, 1000, 0

# (activation, initialisation, its fixed std or None, activation function, initialiser):
# the rows of the page's table and the lines of its figure.
INIT_SCHEMES = [
    ("tanh", "std", 0.01, np.tanh, normal_init(0.01)),
    ("tanh", "Xavier", None, np.tanh, xavier_init),
    ("tanh", "std", 1.0, np.tanh, normal_init(1.0)),
    ("ReLU", "std", 0.01, relu, normal_init(0.01)),
    ("ReLU", "Xavier", None, relu, xavier_init),
    ("ReLU", "He", None, relu, he_init),
    ("ReLU", "std", 1.0, relu, normal_init(1.0)),
]


def scheme_label(activation_name, init_name, std):
    """'tanh, Xavier' or 'ReLU, std 0.01': how the figure's legend names a scheme."""
    return f"{activation_name}, {init_name}" + ("" if std is None else f" {std:g}")


def init_experiment(width=INIT_WIDTH, depth=INIT_DEPTH, n=INIT_N, seed=INIT_SEED):
    """Activation std per layer for every scheme of INIT_SCHEMES, on the same seeded input."""
    X = np.random.default_rng(seed).normal(size=(n, width))
    return {scheme_label(a, i, s): layer_stds(X, depth, init, act, np.random.default_rng(seed + 1))
            for a, i, s, act, init in INIT_SCHEMES}


def worked_example_init():
    """Xavier and He variances for a 256 -> 256 layer, then activation spreads through ten layers."""
    n = INIT_WIDTH
    rng = np.random.default_rng(INIT_SEED)
    Wx, Wh = xavier_init(n, n, rng), he_init(n, n, rng)
    t = [("n_in", n), ("n_out", n)]
    t += [("n_in", n), ("n_out", n), ("xavier var", 2 / (n + n)), ("xavier std", math.sqrt(2 / (n + n)))]
    t += [("weights", Wx.size), ("measured", Wx.var())]
    t += [("n_in", n), ("he var", 2 / n), ("he std", math.sqrt(2 / n)), ("measured", Wh.var())]
    t += [("inputs", INIT_N), ("input size", n), ("depth", INIT_DEPTH), ("width", n)]
    shown = (1, 5, 10)
    t += [("layer", k) for k in shown]
    stds = init_experiment()
    for a, i, s, _, _ in INIT_SCHEMES:
        if s is not None:
            t += [("std", s)]
        row = stds[scheme_label(a, i, s)]
        t += [(f"{scheme_label(a, i, s)}", np.array([row[k - 1] for k in shown]))]
    return t


# ---------------------------------------------------------------------------
# Transcripts the page's checker reads (besides the worked examples above):
# mistake_* for the Common mistakes, claims_* for the rest of the page.

MISTAKE_STEPS = 5


def sign_runs(steps=MISTAKE_STEPS):
    """Loss after each of `steps` updates from the example's batch and weights, both signs.

    Returns (right, wrong): W - lr * grad (descent) and W + lr * grad (ascent).
    """
    X, y, lr = EXAMPLE_X, EXAMPLE_Y, EXAMPLE_LR
    runs = []
    for sign in (1.0, -1.0):
        params, losses = EXAMPLE_PARAMS, []
        for _ in range(steps):
            g = gradients(params, X, y)
            params = sgd_update(params, {k: sign * v for k, v in g.items()}, lr)
            losses.append(cross_entropy(forward(params, X), y))
        runs.append(np.array(losses))
    return tuple(runs)


def mistake_adding_gradient():
    """The update with the sign flipped (gradient ascent) against the right one."""
    right, wrong = sign_runs()
    start = cross_entropy(forward(EXAMPLE_PARAMS, EXAMPLE_X), EXAMPLE_Y)
    t = [("loss at the start", start), ("steps", MISTAKE_STEPS), ("lr", EXAMPLE_LR)]
    t += [("after step", np.arange(1, MISTAKE_STEPS + 1))]
    t += [("right", right), ("wrong", wrong)]
    return t


# Bytes per stored number: float32 and half precision (float16 or bfloat16).
FLOAT32, HALF = 4, 2


def training_bytes_per_parameter(weights, grads, master=0, adam_states=2, state_bytes=FLOAT32):
    """Memory per parameter when training with Adam: weights, gradients, a master copy, two averages."""
    return weights + grads + master + adam_states * state_bytes


def claims_interview_questions():
    """Every computed number of the interview answers: log C, 50,000 examples in batches of 128,
    and the memory to train a 7-billion-parameter model with Adam."""
    t = [(f"log {C}", cross_entropy(np.zeros((1, C)), np.array([0]))) for C in (10, 1000)]
    # A binary classifier with a sigmoid output and a logit of zero: p = sigmoid(0), loss -log p.
    p_binary = float(sigmoid(0.0))
    t += [("p binary", p_binary), ("log 2", -math.log(p_binary))]
    n, B = 50_000, 128
    batches = minibatches(n, B, np.random.default_rng(0))
    full = [b for b in batches if len(b) == B]
    t += [("steps", steps_per_epoch(n, B)), ("full batches", len(full)),
          ("full batches", len(full)), ("examples in them", sum(len(b) for b in full)),
          ("last batch", len(batches[-1])), ("steps with drop_last", len(full)),
          ("examples skipped", len(batches[-1]))]
    plain = training_bytes_per_parameter(FLOAT32, FLOAT32)
    mixed = training_bytes_per_parameter(HALF, HALF, master=FLOAT32)
    n_params = 7e9
    t += [("float32 bytes", plain), ("mixed bytes", mixed),
          ("GB", n_params * mixed / 1e9), ("GiB", n_params * mixed / 2 ** 30),
          ("serving GB", n_params * HALF / 1e9)]
    return t


def exercise_steps_per_epoch():
    """Exercise: 50 examples in batches of 8, for 3 epochs."""
    n, B, epochs = 50, 8, 3
    steps = steps_per_epoch(n, B)
    batches = minibatches(n, B, np.random.default_rng(0))
    full = [b for b in batches if len(b) == B]
    in_full = sum(len(b) for b in full)
    t = [("exercise", 1), ("N", n), ("B", B), ("epochs", epochs)]
    t += [("N", n), ("B", B), ("N/B", n / B), ("steps", steps)]
    t += [("full batches", len(full)), ("full batches", len(full)), ("B", B),
          ("in them", in_full), ("N", n), ("in them", in_full), ("last", len(batches[-1]))]
    t += [("epochs", epochs), ("steps", steps), ("total", epochs * steps)]
    return t


def exercise_initial_loss():
    """Exercise: the loss at initialization of a 4-class classifier, and a suspicious 5.7."""
    C, seen = 4, 5.7
    p = softmax(np.zeros(C))[0]
    expected = cross_entropy(np.zeros((1, C)), np.array([0]))
    t = [("exercise", 2), ("C", C), ("logits", 0), ("first loss", seen)]
    t += [("1", 1), ("p", p), ("p", p), ("log C", expected)]
    t += [("first loss", seen), ("log C", expected)]
    return t


def exercise_init_std():
    """Exercise: Xavier and He standard deviations for a 50 -> 150 layer."""
    n_in, n_out = 50, 150
    xs, hs = xavier_std(n_in, n_out), he_std(n_in)
    t = [("exercise", 3), ("n_in", n_in), ("n_out", n_out)]
    t += [("2", 2), ("n_in", n_in), ("n_out", n_out), ("2", 2), ("fan sum", n_in + n_out),
          ("xavier var", xs ** 2), ("xavier var", xs ** 2), ("xavier std", xs)]
    t += [("2", 2), ("n_in", n_in), ("he var", hs ** 2), ("he var", hs ** 2), ("he std", hs),
          ("ratio", hs / xs)]
    return t


SGD_X, SGD_Y, SGD_LR = np.array([[2.0, -1.0]]), np.array([0]), 0.1


def exercise_one_step():
    """Exercise: one SGD step of a 2-class softmax classifier from zero weights, on one example."""
    start = {"W": np.zeros((2, 2)), "b": np.zeros(2)}
    Z = forward(start, SGD_X)
    P = softmax(Z)[0]
    loss = cross_entropy(Z, SGD_Y)
    Y = one_hot(SGD_Y, 2)[0]
    g = gradients(start, SGD_X, SGD_Y)
    new = sgd_update(start, g, SGD_LR)
    t = [("exercise", 4), ("C", 2), ("n", 2), ("W", 0), ("b", 0), ("x", SGD_X[0]), ("y", SGD_Y[0]),
         ("lr", SGD_LR)]
    t += [("logits", 0), ("P", P), ("P[y]", P[0]), ("loss", loss)]
    t += [("B", len(SGD_Y)), ("P", P), ("Y", Y), ("dZ", P - Y)]
    t += [("dW", g["W"]), ("db", g["b"])]
    t += [("lr", SGD_LR), ("W'", new["W"]), ("b'", new["b"])]
    t += [("logits'", forward(new, SGD_X)[0]), ("loss'", cross_entropy(forward(new, SGD_X), SGD_Y))]
    return t


def main():
    """Print every transcript: name = value, in reading order."""
    for fn in (worked_example, worked_example_mistakes, worked_example_initial_loss,
               worked_example_minibatches, worked_example_init, mistake_adding_gradient,
               claims_interview_questions, exercise_steps_per_epoch, exercise_initial_loss,
               exercise_init_std, exercise_one_step):
        print(f"--- {fn.__name__}")
        for name, value in fn():
            text = np.array2string(np.asarray(value, dtype=float), precision=5, suppress_small=False)
            print(f"{name:>22} = {text}")


if __name__ == "__main__":
    main()
