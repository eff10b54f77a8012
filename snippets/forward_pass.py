"""The neuron and the forward pass, in NumPy.

Run ``python snippets/forward_pass.py`` to print the worked example of the page
"The neuron and the forward pass"; ``python -m doctest snippets/forward_pass.py``
runs the examples in the docstrings.

Conventions: one example is a vector ``x`` of shape ``(n_in,)``; a batch is a
matrix ``X`` of shape ``(batch, n_in)`` with one example per row; a layer's
weight matrix ``W`` has shape ``(n_out, n_in)``, so row ``j`` holds the weights
of unit ``j``.
"""
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
    >>> dense(np.array([1.0, 2.0, 3.0]), W, b)
    Traceback (most recent call last):
    ValueError: x has 3 features, W expects 2 (W is (n_out, n_in) = (3, 2))
    """
    x = np.asarray(x, dtype=float)
    if x.shape[-1] != W.shape[1]:
        raise ValueError(
            f"x has {x.shape[-1]} features, W expects {W.shape[1]} "
            f"(W is (n_out, n_in) = {W.shape})"
        )
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


def main():
    """Print the worked example as a transcript: name = value, in reading order."""
    for name, value in worked_example():
        print(f"{name:>14} = {np.array2string(np.asarray(value), precision=5, suppress_small=True)}")


if __name__ == "__main__":
    main()
