"""The neuron and the forward pass, in NumPy.

Run ``python snippets/forward_pass.py`` to print the worked example of the page
"The neuron and the forward pass"; ``python -m doctest snippets/forward_pass.py``
runs the examples in the docstrings.

Conventions: one example is a vector ``x`` of shape ``(n_in,)``; a batch is a
matrix ``X`` of shape ``(batch, n_in)`` with one example per row; a layer's
weight matrix ``W`` has shape ``(n_out, n_in)``, so row ``j`` holds the weights
of unit ``j``.
"""
import warnings

import numpy as np

# --8<-- [start:activations]

def relu(z):
    """Rectified linear unit, max(0, z), element by element.

    >>> relu(np.array([-1.5, 0.0, 2.0]))
    array([0., 0., 2.])
    """
    return np.maximum(0.0, z)


def sigmoid(z):
    """Logistic sigmoid 1 / (1 + e^(-z)), element by element, without overflow.

    >>> float(sigmoid(0.0))
    0.5
    >>> sigmoid(np.array([-800.0, 800.0]))  # no overflow warning
    array([0., 1.])
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # e^(-|z|) is at most 1, so it never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def identity(z):
    """The 'no activation' activation, for a regression output.

    >>> identity(np.array([-2.0, 3.0]))
    array([-2.,  3.])
    """
    return np.asarray(z, dtype=float)
# --8<-- [end:activations]

# --8<-- [start:textbook_sigmoid]

def sigmoid_textbook(z):
    """1 / (1 + e^(-z)): e^(-z) overflows for very negative z."""
    z = np.asarray(z, dtype=float)
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_mirrored(z):
    """e^z / (1 + e^z), the same function: e^z overflows for very positive z."""
    z = np.asarray(z, dtype=float)
    return np.exp(z) / (1.0 + np.exp(z))
# --8<-- [end:textbook_sigmoid]

# --8<-- [start:neuron]

def neuron(x, w, b, activation=sigmoid):
    """One neuron: activation(w · x + b).

    >>> x = np.array([1.0, 2.0])
    >>> round(float(neuron(x, np.array([0.5, -0.2]), 0.1, activation=relu)), 4)
    0.2
    """
    return activation(np.dot(w, x) + b)
# --8<-- [end:neuron]

# --8<-- [start:dense]

def dense(x, W, b):
    """A dense layer before its activation: z = W x + b.

    ``x`` is one example, shape (n_in,), or a batch, shape (batch, n_in).
    ``W`` has shape (n_out, n_in) and ``b`` shape (n_out,). Writing the product
    as ``x @ W.T`` serves both cases: for one example it equals ``W @ x``.

    >>> W = np.array([[0.5, -0.2], [0.3, 0.4], [-0.6, 0.1]])
    >>> b = np.array([0.1, -0.1, 0.2])
    >>> dense(np.array([1.0, 2.0]), W, b)        # one example -> (3,)
    array([ 0.2,  1. , -0.2])
    >>> dense(np.array([[1.0, 2.0], [0.0, -1.0]]), W, b)  # batch -> (2, 3)
    array([[ 0.2,  1. , -0.2],
           [ 0.3, -0.5,  0.1]])
    """
    x = np.asarray(x, dtype=float)
    if x.shape[-1] != W.shape[1]:
        raise ValueError(f"x has {x.shape[-1]} features, "
                         f"W expects {W.shape[1]}")
    return x @ W.T + b
# --8<-- [end:dense]

# --8<-- [start:mlp]

def mlp_forward(x, params, hidden=relu, output=sigmoid):
    """Forward pass through a stack of dense layers.

    ``params`` is a list of ``(W, b)`` pairs, first layer first. Hidden layers
    use the activation ``hidden``; the last layer uses ``output``. Returns the
    list of ``(z, a)`` of every layer, so ``layers[-1][1]`` is the prediction.

    >>> params = [(np.array([[1.0, -1.0]]), np.array([0.0]))]
    >>> (z, a), = mlp_forward(np.array([2.0, 2.0]), params)
    >>> float(z[0]), float(a[0])
    (0.0, 0.5)
    """
    layers = []
    a = np.asarray(x, dtype=float)
    for i, (W, b) in enumerate(params):
        z = dense(a, W, b)
        a = output(z) if i == len(params) - 1 else hidden(z)
        layers.append((z, a))
    return layers
# --8<-- [end:mlp]

# --8<-- [start:count]

def count_parameters(sizes):
    """Weights and biases of a dense network with layer widths ``sizes``.

    A layer from n_in to n_out units has n_out * n_in weights and n_out biases.

    >>> count_parameters([2, 3, 1])      # (3*2 + 3) + (1*3 + 1)
    13
    >>> count_parameters([784, 128, 10])
    101770
    """
    pairs = zip(sizes[:-1], sizes[1:])  # (n_in, n_out) of each layer
    return sum(n_out * n_in + n_out for n_in, n_out in pairs)
# --8<-- [end:count]

# --8<-- [start:init]

def init_params(sizes, seed=0):
    """Random weights for a dense network (He initialisation), zero biases.

    >>> params = init_params([2, 3, 1])
    >>> [(W.shape, b.shape) for W, b in params]
    [((3, 2), (3,)), ((1, 3), (1,))]
    """
    rng = np.random.default_rng(seed)
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        W = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        params.append((W, np.zeros(n_out)))
    return params
# --8<-- [end:init]

# --8<-- [start:approximate]

def relu_interpolant(knots, values):
    """A one-hidden-layer ReLU network through (knots[k], values[k]).

    Between neighbouring knots the network is a straight line; left of the
    first knot it is flat. Hidden unit k computes ReLU(x - knots[k]) and the
    output adds them up with weights equal to the change of slope at knot k.
    Returns ``params`` for ``mlp_forward(..., output=identity)``.

    >>> knots, values = np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0, 0.0])
    >>> params = relu_interpolant(knots, values)
    >>> X = np.array([[0.0], [0.5], [1.0], [1.5], [2.0]])
    >>> mlp_forward(X, params, output=identity)[-1][1].ravel()
    array([0. , 0.5, 1. , 0.5, 0. ])
    """
    slopes = np.diff(values) / np.diff(knots)
    W1 = np.ones((len(slopes), 1))
    b1 = -np.asarray(knots[:-1], dtype=float)
    W2 = np.diff(slopes, prepend=0.0).reshape(1, -1)
    b2 = np.array([values[0]], dtype=float)
    return [(W1, b1), (W2, b2)]
# --8<-- [end:approximate]


# The network of the page's worked example: 2 inputs -> 3 ReLU units -> 1 sigmoid unit.
EXAMPLE_X = np.array([1.0, 2.0])
EXAMPLE_PARAMS = [
    (np.array([[0.5, -0.2], [0.3, 0.4], [-0.6, 0.1]]), np.array([0.1, -0.1, 0.2])),
    (np.array([[0.7, -0.5, 0.9]]), np.array([0.1])),
]
EXAMPLE_BATCH = np.array([[1.0, 2.0], [0.0, -1.0]])


def worked_example():
    """The numbers of the page's worked example, in the order the page states them."""
    (W1, b1), (W2, b2) = EXAMPLE_PARAMS
    x = EXAMPLE_X
    (z1, a1), (z2, a2) = mlp_forward(x, EXAMPLE_PARAMS)
    t = [("n_in", 2), ("n_hidden", 3), ("n_out", 1), ("x", x), ("W1", W1), ("b1", b1)]
    # Hidden unit 1 term by term, then all three units.
    t += [("W1[0,0]", W1[0, 0]), ("x[0]", x[0]), ("W1[0,1]", W1[0, 1]), ("x[1]", x[1]), ("b1[0]", b1[0])]
    t += [("W1[0,0]*x[0]", W1[0, 0] * x[0]), ("W1[0,1]*x[1]", W1[0, 1] * x[1]), ("b1[0]", b1[0])]
    t += [("z1[0]", z1[0])]
    for j in (1, 2):
        t += [(f"W1[{j},0]*x[0]", W1[j, 0] * x[0]), (f"W1[{j},1]*x[1]", W1[j, 1] * x[1]),
              (f"b1[{j}]", b1[j]), (f"z1[{j}]", z1[j])]
    t += [("z1", z1), ("z1", z1), ("a1", a1)]
    # Output unit.
    t += [("W2", W2), ("b2", b2)]
    t += [(f"W2[0,{j}]*a1[{j}]", W2[0, j] * a1[j]) for j in range(3)] + [("b2[0]", b2[0])]
    t += [("z2", z2[0]), ("z2", z2[0]), ("-z2", -z2[0]), ("exp(-z2)", np.exp(-z2[0])), ("y_hat", a2[0])]
    # Parameter count.
    t += [("W1.size", W1.size), ("b1.size", b1.size), ("W2.size", W2.size), ("b2.size", b2.size),
          ("total", count_parameters([2, 3, 1]))]
    # The same network on a batch of two examples, one per row.
    X = EXAMPLE_BATCH
    (Z1, A1), (Z2, A2) = mlp_forward(X, EXAMPLE_PARAMS)
    t += [("X", X), ("X.shape", X.shape), ("W1.T.shape", W1.T.shape), ("Z1.shape", Z1.shape)]
    t += [("Z1", Z1), ("A1", A1), ("Z2", Z2.ravel()), ("Y_hat", A2.ravel())]
    t += [("Y_hat[0]", A2[0, 0])]
    return t


# ---------------------------------------------------------------------------
# Transcripts the page's checker reads (besides the worked example above)

def claims_sigmoid_overflow():
    """The deep dive on the textbook sigmoid: which formula breaks where."""
    z = 1000.0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        low = float(sigmoid_textbook(-z))              # e^(1000) overflows, then 1 / inf
    if not any("overflow" in str(w.message) for w in caught):
        raise AssertionError("sigmoid_textbook(-1000) should warn about an overflow")
    with np.errstate(over="ignore", invalid="ignore"):
        mirrored_low, mirrored_high = float(sigmoid_mirrored(-z)), float(sigmoid_mirrored(z))
    if mirrored_low != low or not np.isnan(mirrored_high):
        raise AssertionError("the mirrored formula should work at -1000 and give nan at 1000")
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # never overflows
        right_high = float(sigmoid(z))
    largest = float(np.max(np.exp(-np.abs(np.linspace(-z, z, 2001)))))
    return [("z", -z), ("-z", z), ("textbook(-1000)", low), ("z", z),
            ("sigmoid(1000)", right_high), ("largest e^(-|z|)", largest)]


def claims_parameter_count():
    """The interview answer on shapes and parameters of a 784 -> 128 -> 10 MLP."""
    batch, side, hidden, n_out = 64, 28, 128, 10
    n_in = side * side                                 # a flattened image
    params = init_params([n_in, hidden, n_out])
    (W1, b1), (W2, b2) = params
    (Z1, _), (_, Y) = mlp_forward(np.zeros((batch, n_in)), params)
    return [("batch", batch), ("side", side), ("side", side), ("hidden", hidden),
            ("outputs", n_out),
            ("n_in", n_in), ("X.shape", (batch, n_in)),
            ("W1.shape", W1.shape), ("b1.size", b1.size), ("Z1.shape", Z1.shape),
            ("W2.shape", W2.shape), ("b2.size", b2.size), ("output shape", Y.shape),
            ("n_in", n_in), ("hidden", hidden), ("hidden", hidden),
            ("layer 1", count_parameters([n_in, hidden])),
            ("hidden", hidden), ("outputs", n_out), ("outputs", n_out),
            ("layer 2", count_parameters([hidden, n_out])),
            ("total", count_parameters([n_in, hidden, n_out]))]


def claims_no_bias():
    """Without biases, an all-zero input gives an output no weight can change."""
    x0 = np.zeros(2)
    nets = [[(W, np.zeros_like(b)) for W, b in init_params([2, 4, 3, 1], seed=s)]
            for s in range(5)]
    outputs = {}
    for hidden in (relu, np.tanh):                     # both map zero to zero
        for output in (identity, sigmoid):
            ys = {float(mlp_forward(x0, p, hidden=hidden, output=output)[-1][1][0])
                  for p in nets}
            if len(ys) != 1:
                raise AssertionError("the output at zero should not depend on the weights")
            outputs[hidden.__name__, output.__name__] = ys.pop()
    if outputs["tanh", "identity"] != outputs["relu", "identity"]:
        raise AssertionError("ReLU and tanh should give the same output at zero")
    return [("identity output at zero", outputs["relu", "identity"]),
            ("sigmoid output at zero", outputs["relu", "sigmoid"]),
            ("input", 0.0), ("sigmoid(0)", float(sigmoid(0.0)))]


def exercise_one_neuron():
    """Exercise 1: one ReLU neuron by hand, for two inputs."""
    w, b = np.array([1.0, -2.0]), 0.5
    x1, x2 = np.array([3.0, 1.0]), np.array([1.0, 2.0])
    t = [("exercise", 1), ("w", w), ("b", b), ("x", x1), ("x'", x2)]
    for x in (x1, x2):
        z = float(np.dot(w, x) + b)
        a = float(neuron(x, w, b, activation=relu))
        t += [("w[0]", w[0]), ("x[0]", x[0]), ("w[1]", w[1]), ("x[1]", x[1]), ("b", b),
              ("w*x", w * x), ("b", b), ("z", z), ("a", a)]
    return t


def exercise_layer():
    """Exercise 2: a layer from two inputs to two ReLU units."""
    W, b, x = np.array([[1.0, -1.0], [2.0, 0.5]]), np.array([0.0, -1.0]), np.array([2.0, 2.0])
    Wx = x @ W.T
    z = dense(x, W, b)
    t = [("exercise", 2), ("W", W), ("b", b), ("x", x)]
    t += [("W.shape", W.shape), ("x as column", (x.size, 1)), ("z shape", (z.size, 1))]
    for i in range(2):
        t += [(f"W[{i},0]", W[i, 0]), ("x[0]", x[0]), (f"W[{i},1]", W[i, 1]), ("x[1]", x[1]),
              (f"(Wx)[{i}]", Wx[i])]
    t += [("Wx", Wx), ("b", b), ("z", z), ("a", relu(z))]
    return t


def exercise_parameter_count():
    """Exercise 3: the parameters of a 3 -> 4 -> 2 network."""
    sizes = [3, 4, 2]
    first, second = count_parameters(sizes[:2]), count_parameters(sizes[1:])
    n_in, hidden, n_out = sizes
    return [("exercise", 3), ("inputs", n_in), ("hidden", hidden), ("outputs", n_out),
            ("hidden", hidden), ("inputs", n_in), ("hidden", hidden), ("first layer", first),
            ("hidden", hidden), ("inputs", n_in),
            ("outputs", n_out), ("hidden", hidden), ("outputs", n_out), ("second layer", second),
            ("total", count_parameters(sizes))]


TRANSCRIPTS = (worked_example, claims_sigmoid_overflow, claims_parameter_count, claims_no_bias,
               exercise_one_neuron, exercise_layer, exercise_parameter_count)


def main():
    """Print every transcript (the worked example first): name = value, in reading order."""
    for transcript in TRANSCRIPTS:
        print(f"# {transcript.__name__}")
        for name, value in transcript():
            text = np.array2string(np.asarray(value), precision=5, suppress_small=True)
            print(f"{name:>28} = {text}")


if __name__ == "__main__":
    main()
