"""Convolutional networks, in NumPy.

Run ``python snippets/convolutional_networks.py`` to print the worked examples
of the page "Convolutional networks"; ``python -m doctest
snippets/convolutional_networks.py`` runs the examples in the docstrings.

Conventions: an image or feature map is an array of shape
``(channels, height, width)``; a layer's kernels are an array of shape
``(channels_out, channels_in, kernel, kernel)``, one bias per output channel.
Indices start at zero. Like every deep-learning library, ``conv2d`` slides
the kernel WITHOUT flipping it (cross-correlation); ``convolve2d`` is the
flipped, textbook convolution.
"""
import numpy as np

from forward_pass import count_parameters, relu

# --8<-- [start:output_size]

def output_size(n, kernel, pad=0, stride=1):
    """How many places a kernel fits along a side of n cells.

    floor((n + 2 pad - kernel) / stride) + 1: the last window must fit
    inside the padded input, so a remainder is dropped, never rounded up.

    >>> output_size(224, 7, pad=3, stride=2)     # 223 / 2 = 111.5 -> 111
    112
    """
    if min(n, kernel, stride) < 1 or pad < 0 or kernel > n + 2 * pad:
        raise ValueError(f"no window fits: n={n}, kernel={kernel}, "
                         f"pad={pad}, stride={stride}")
    return (n + 2 * pad - kernel) // stride + 1
# --8<-- [end:output_size]

# --8<-- [start:conv2d]

def conv2d(x, w, b, pad=0, stride=1):
    """A convolutional layer, as deep-learning libraries compute it.

    z[q, i, j] = b[q] + sum over c, u, v of
                 w[q, c, u, v] * x_padded[c, i*stride + u, j*stride + v]:
    one dot product of each kernel with each window (no flip).

    >>> x = np.arange(9.0).reshape(1, 3, 3)
    >>> conv2d(x, np.ones((1, 1, 2, 2)), np.zeros(1))[0]
    array([[ 8., 12.],
           [20., 24.]])
    """
    x, w, b = (np.asarray(v, dtype=float) for v in (x, w, b))
    if x.ndim != 3 or w.ndim != 4 or w.shape[1] != x.shape[0] \
            or b.shape != (w.shape[0],):
        raise ValueError(f"x {x.shape}, w {w.shape}, b {b.shape} misfit")
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad)))   # zeros around
    kh, kw = w.shape[2:]
    rows = output_size(x.shape[1], kh, pad, stride)
    cols = output_size(x.shape[2], kw, pad, stride)
    z = np.empty((w.shape[0], rows, cols))
    for i in range(rows):
        for j in range(cols):
            r, c = i * stride, j * stride
            window = xp[:, r:r + kh, c:c + kw]      # every input channel
            z[:, i, j] = np.tensordot(w, window, axes=3) + b
    return z
# --8<-- [end:conv2d]

# --8<-- [start:correlate]

def cross_correlate2d(x, w, pad=0, stride=1):
    """One channel, one kernel, no bias: slide w over x as it is.

    >>> cross_correlate2d(np.eye(3), np.array([[1.0, 2.0], [3.0, 4.0]]))
    array([[5., 3.],
           [2., 5.]])
    """
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    return conv2d(x[None], w[None, None], np.zeros(1), pad, stride)[0]


def convolve2d(x, w, pad=0, stride=1):
    """Convolution as in mathematics: turn w by 180 degrees, then slide.

    >>> convolve2d(np.eye(3), np.array([[1.0, 2.0], [3.0, 4.0]]))
    array([[5., 2.],
           [3., 5.]])
    """
    return cross_correlate2d(x, np.flip(w), pad, stride)
# --8<-- [end:correlate]

# --8<-- [start:conv2d_backward]

def conv2d_backward(delta, x, w, pad=0, stride=1):
    """Gradients of conv2d, given delta = dL/dz: (dL/dx, dL/dw, dL/db).

    Every weight saw one window per output cell, so dL/dw adds up
    delta times window; every input cell fed the output cells whose windows
    cover it, so dL/dx adds up delta times the weight that met it.

    >>> x, w = np.ones((1, 2, 2)), np.ones((1, 1, 2, 2))
    >>> conv2d_backward(np.ones((1, 1, 1)), x, w)[0]
    array([[[1., 1.],
            [1., 1.]]])
    """
    delta, x, w = (np.asarray(v, dtype=float) for v in (delta, x, w))
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad)))
    kh, kw = w.shape[2:]
    if delta.shape != conv2d(x, w, np.zeros(w.shape[0]), pad, stride).shape:
        raise ValueError(f"delta {delta.shape} is not the shape of z")
    dxp, dw = np.zeros_like(xp), np.zeros_like(w)
    for i in range(delta.shape[1]):
        for j in range(delta.shape[2]):
            r, c = i * stride, j * stride
            window = (slice(None), slice(r, r + kh), slice(c, c + kw))
            dw += np.multiply.outer(delta[:, i, j], xp[window])
            dxp[window] += np.tensordot(delta[:, i, j], w, axes=1)
    dx = dxp[:, pad:pad + x.shape[1], pad:pad + x.shape[2]]
    return dx, dw, delta.sum(axis=(1, 2))
# --8<-- [end:conv2d_backward]

# --8<-- [start:full_convolution]

def full_convolve2d(delta, w):
    """The 'full' convolution: pad delta with kernel - 1 zeros all round,
    then slide the flipped kernel. For stride 1 and no padding it equals
    conv2d_backward's dL/dx (one channel).

    >>> full_convolve2d(np.array([[1.0]]), np.array([[1.0, 2.0], [3.0, 4.0]]))
    array([[1., 2.],
           [3., 4.]])
    """
    w = np.asarray(w, dtype=float)
    return convolve2d(delta, w, pad=w.shape[0] - 1)
# --8<-- [end:full_convolution]

# --8<-- [start:pool]

def max_pool2d(x, size=2, stride=2):
    """Max pooling of one feature map: the largest value of each window.

    >>> max_pool2d(np.arange(16.0).reshape(4, 4))
    array([[ 5.,  7.],
           [13., 15.]])
    """
    x = np.asarray(x, dtype=float)
    rows = output_size(x.shape[0], size, 0, stride)
    cols = output_size(x.shape[1], size, 0, stride)
    return np.array([[x[i * stride:i * stride + size,
                        j * stride:j * stride + size].max()
                      for j in range(cols)] for i in range(rows)])


def max_pool2d_backward(delta, x, size=2, stride=2):
    """dL/dx of max pooling: each window's gradient goes to its maximum
    (the first one, if there is a tie); every other cell gets zero.

    >>> max_pool2d_backward(np.array([[1.0]]), np.array([[1.0, 3.0],
    ...                                                   [2.0, 0.0]]))
    array([[0., 1.],
           [0., 0.]])
    """
    x, delta = np.asarray(x, dtype=float), np.asarray(delta, dtype=float)
    dx = np.zeros_like(x)
    for i in range(delta.shape[0]):
        for j in range(delta.shape[1]):
            r, c = i * stride, j * stride
            window = x[r:r + size, c:c + size]
            u, v = np.unravel_index(np.argmax(window), window.shape)
            dx[r + u, c + v] += delta[i, j]
    return dx
# --8<-- [end:pool]

# --8<-- [start:counts]

def conv_parameters(kernel, channels_in, channels_out, bias=True):
    """(kernel * kernel * channels_in + 1) * channels_out.

    >>> conv_parameters(3, 3, 64)
    1792
    """
    return (kernel * kernel * channels_in + int(bias)) * channels_out


def receptive_field(layers):
    """Side of the input patch one unit sees, after each layer.

    ``layers`` lists (kernel, stride). Each layer widens the patch by
    (kernel - 1) steps of the layer below, and one such step spans the
    product of all earlier strides ("the jump") input cells.

    >>> receptive_field([(3, 1), (3, 1), (3, 1)])
    [3, 5, 7]
    """
    r, jump, sides = 1, 1, []
    for kernel, stride in layers:
        r += (kernel - 1) * jump
        jump *= stride
        sides.append(r)
    return sides
# --8<-- [end:counts]

# --8<-- [start:vgg]

VGG16 = [64, 64, "pool", 128, 128, "pool", 256, 256, 256, "pool",
         512, 512, 512, "pool", 512, 512, 512, "pool"]


def vgg_parameters(config=VGG16, side=224, channels=3,
                   dense=(4096, 4096, 1000)):
    """Parameters of a VGG network: 3x3 convolutions with padding 1 keep
    the side, each 2x2 pooling with stride 2 halves it, then dense layers.
    Returns (conv parameters, dense parameters, flattened size).

    >>> sum(vgg_parameters()[:2])
    138357544
    """
    conv = 0
    for layer in config:
        if layer == "pool":
            side = output_size(side, 2, pad=0, stride=2)
        else:
            conv += conv_parameters(3, channels, layer)
            channels = layer
    flat = side * side * channels
    return conv, count_parameters([flat, *dense]), flat
# --8<-- [end:vgg]

# --8<-- [start:residual]

def residual_block(x, params, skip=None):
    """a = skip(x) + conv(relu(conv(x))), both convolutions 3x3, padding 1.

    skip=None is the identity; otherwise ``skip`` holds the kernels of a
    1x1 convolution (a projection). Returns a and the values the backward
    pass needs.
    """
    (w1, b1), (w2, b2) = params
    z1 = conv2d(x, w1, b1, pad=1)
    f = conv2d(relu(z1), w2, b2, pad=1)
    s = x if skip is None else conv2d(x, skip, np.zeros(skip.shape[0]))
    return s + f, z1


def residual_block_backward(delta, x, params, z1, skip=None):
    """dL/dx of residual_block, split into its two paths: (skip, path).

    The identity passes delta on unchanged; a projection multiplies it by
    its weights; the main path goes back through both convolutions.
    """
    (w1, _), (w2, _) = params
    dh = conv2d_backward(delta, relu(z1), w2, pad=1)[0]
    dz1 = dh * (z1 > 0)                          # ReLU's slope, 0 or 1
    dx_path = conv2d_backward(dz1, x, w1, pad=1)[0]
    if skip is None:
        return delta.copy(), dx_path
    return conv2d_backward(delta, x, skip)[0], dx_path
# --8<-- [end:residual]


# The page's first worked example: one 4x4 input, one 2x2 kernel.
EXAMPLE_X = np.array([[1.0, 2.0, 0.0, 1.0],
                      [0.0, 1.0, 3.0, 1.0],
                      [2.0, 1.0, 0.0, 2.0],
                      [1.0, 0.0, 1.0, 3.0]])
EXAMPLE_W = np.array([[2.0, 0.0],
                      [1.0, -1.0]])
EXAMPLE_CELL = (1, 2)            # the output cell the page computes by hand

# The backward example: a 3x3 input, a 2x2 kernel, and the delta from above.
BACK_X = np.array([[1.0, 0.0, 2.0],
                   [2.0, 1.0, 0.0],
                   [0.0, 1.0, 1.0]])
BACK_W = np.array([[1.0, -1.0],
                   [2.0, 0.5]])
BACK_B = 0.5
BACK_DELTA = np.array([[1.0, -1.0],
                       [0.5, 1.5]])

# Output sizes: ResNet's first two layers on a 224 x 224 image.
STEM_SIDE = 224
STEM_CONV = {"kernel": 7, "pad": 3, "stride": 2}
STEM_POOL = {"kernel": 3, "pad": 1, "stride": 2}

# Weight sharing: a 32 x 32 colour image to 64 feature maps of the same size.
SHARE_SIDE, SHARE_IN, SHARE_OUT, SHARE_KERNEL = 32, 3, 64, 3

# The residual block's example: one channel, 4 x 4, seeded weights.
RES_SEED, RES_SIDE, RES_SKIP_WEIGHT, RES_CELL = 0, 4, 0.5, (1, 1)


def _window(x, cell, kernel):
    i, j = cell
    return x[i:i + kernel, j:j + kernel]


def worked_example():
    """Cross-correlation and convolution of the 4x4 input with the 2x2 kernel."""
    x, w, (i, j) = EXAMPLE_X, EXAMPLE_W, EXAMPLE_CELL
    k, n = w.shape[0], x.shape[0]
    n_out = output_size(n, k)
    corr, conv = cross_correlate2d(x, w), convolve2d(x, w)
    flipped = np.flip(w)
    win = _window(x, (i, j), k)
    t = [("x", x), ("w", w)]
    t += [("n", n), ("kernel", k), ("n", n), ("kernel", k), ("n_out", n_out),
          ("n_out", n_out), ("n_out", n_out)]
    t += [("row", i), ("column", j), ("row", i), ("column", j)]
    t += [("window", win), ("w", w)]
    # Term by term: window entry times the kernel entry in the same place, then the sum.
    t += [(f"term {m}", v) for m, v in enumerate(np.ravel([win.ravel(), w.ravel()], "F"))]
    t += [("z (cross-correlation)", corr[i, j]), ("turn (degrees)", 180), ("flipped w", flipped)]
    t += [(f"term {m}", v)
          for m, v in enumerate(np.ravel([win.ravel(), flipped.ravel()], "F"))]
    t += [("z (convolution)", conv[i, j])]
    t += [("cross-correlation", corr), ("convolution", conv)]
    t += [("equal cells", int((corr == conv).sum()))]
    return t


def backward_example():
    """The numbers of the backward pass of the 3x3 input, 2x2 kernel layer."""
    x, w, b, delta = BACK_X, BACK_W, BACK_B, BACK_DELTA
    z = conv2d(x[None], w[None, None], np.array([b]))[0]
    dx, dw, db = conv2d_backward(delta[None], x[None], w[None, None])
    dx, dw = dx[0], dw[0, 0]
    k = w.shape[0]
    padded = np.pad(delta, k - 1)
    full = full_convolve2d(delta, w)
    t = [("input side", 3), ("input side", 3), ("kernel", k), ("kernel", k),
         ("output side", z.shape[0]), ("output side", z.shape[1])]
    t += [("x", x), ("w", w), ("b", b), ("z", z), ("delta", delta)]
    t += [("delta", delta), ("db", db[0])]
    # dL/dw00: the deltas laid on the top-left window of x.
    t += [(name, v) for pair in zip(x[:2, :2].ravel(), delta.ravel())
          for name, v in zip(("x under the delta", "delta entry"), pair)]
    t += [("dw[0,0]", dw[0, 0]), ("dw", dw)]
    # dL/dx11 by the chain rule: x11 is in every window, meeting a different weight in each.
    t += [("windows covering x[1,1]", 4)]
    t += [("output", np.array([[0, 0], [0, 1], [1, 0], [1, 1]]))]
    t += [(name, v) for (oi, oj) in np.ndindex(2, 2)
          for name, v in (("delta entry", delta[oi, oj]), ("weight met", w[1 - oi, 1 - oj]))]
    t += [("dx[1,1]", dx[1, 1]), ("dx", dx)]
    # The same by a full convolution.
    t += [("one", 1), ("kernel - 1", k - 1), ("turn (degrees)", 180)]
    t += [("padded delta", padded), ("flipped w", np.flip(w)), ("full convolution", full)]
    t += [("largest difference", float(np.abs(full - dx).max()))]
    return t


def residual_example():
    """A residual block's input gradient, split into its skip and its main path."""
    rng = np.random.default_rng(RES_SEED)
    x = rng.normal(size=(1, RES_SIDE, RES_SIDE))
    params = [(rng.normal(scale=0.3, size=(1, 1, 3, 3)), np.zeros(1)),
              (rng.normal(scale=0.3, size=(1, 1, 3, 3)), np.zeros(1))]
    projection = np.full((1, 1, 1, 1), RES_SKIP_WEIGHT)
    (i, j) = RES_CELL
    out, z1 = residual_block(x, params)
    delta = np.ones_like(out)                     # L = sum of the block's outputs
    skip_id, path = residual_block_backward(delta, x, params, z1)
    z1_proj = residual_block(x, params, projection)[1]
    skip_pr, path_pr = residual_block_backward(delta, x, params, z1_proj, projection)
    total_id = skip_id[0, i, j] + path[0, i, j]
    total_pr = skip_pr[0, i, j] + path_pr[0, i, j]
    return [("side", RES_SIDE), ("side", RES_SIDE), ("kernel", 3), ("kernel", 3),
            ("kernel", 3), ("kernel", 3), ("delta", 1.0), ("row", i), ("column", j),
            ("skip (identity)", skip_id[0, i, j]), ("path", path[0, i, j]),
            ("skip (identity)", skip_id[0, i, j]), ("path", path[0, i, j]),
            ("total (identity)", total_id),
            ("projection kernel", 1), ("projection kernel", 1),
            ("skip weight", RES_SKIP_WEIGHT), ("skip (projection)", skip_pr[0, i, j]),
            ("skip (projection)", skip_pr[0, i, j]), ("path", path_pr[0, i, j]),
            ("total (projection)", total_pr)]


# Transcripts of the regions, Common mistakes and exercises, in reading order. In a region
# the page's givens (0, 1, 2, 3, ...) are skipped, so they do not appear here.

def claims_output_size():
    """'Padding, stride and the output size': ResNet's stem (givens 1, 2, 3 skipped)."""
    n, c, p = STEM_SIDE, STEM_CONV, STEM_POOL
    after_conv = output_size(n, c["kernel"], c["pad"], c["stride"])
    after_pool = output_size(after_conv, p["kernel"], p["pad"], p["stride"])
    return [("kernel", c["kernel"]), ("kernel", c["kernel"]), ("n", n), ("n", n),
            ("n", n), ("kernel", c["kernel"]),
            ("quotient", (n + 2 * c["pad"] - c["kernel"]) / c["stride"]),
            ("after conv", after_conv),
            ("quotient", (after_conv + 2 * p["pad"] - p["kernel"]) / p["stride"]),
            ("after pool", after_pool)]


def mistake_rounding_up():
    """Common mistake: rounding (n + 2 pad - kernel) / stride + 1 up instead of flooring."""
    n, c = STEM_SIDE, STEM_CONV
    exact = (n + 2 * c["pad"] - c["kernel"]) / c["stride"] + 1
    starts = range(0, n + 2 * c["pad"] - c["kernel"] + 1, c["stride"])   # where windows begin
    last = starts[-1]
    return [("exact", exact), ("rounded up", int(np.ceil(exact))),
            ("starts", np.array(starts[:3])), ("windows", len(starts)),
            ("last start", last), ("last end", last + c["kernel"] - 1),
            ("next start", last + c["stride"]), ("next end", last + c["stride"] + c["kernel"] - 1),
            ("last padded cell", n + 2 * c["pad"] - 1),
            ("output_size", output_size(n, c["kernel"], c["pad"], c["stride"])),
            ("rounded up", int(np.ceil(exact)))]


def claims_channels():
    """'Channels and the parameter count': a conv layer against a dense layer, 32 x 32 image."""
    n, cin, cout, k = SHARE_SIDE, SHARE_IN, SHARE_OUT, SHARE_KERNEL
    conv = conv_parameters(k, cin, cout)
    dense_in, dense_out = n * n * cin, n * n * cout
    dense = count_parameters([dense_in, dense_out])
    return [("channels out", cout), ("channels out", cout), ("conv", conv),
            ("side", n), ("side", n), ("side", n), ("side", n), ("dense inputs", dense_in),
            ("side", n), ("side", n), ("channels out", cout), ("dense outputs", dense_out),
            ("dense", dense), ("ratio", round(dense / conv))]


def claims_pooling():
    """'Pooling': 2 x 2 windows with stride 2 keep one value in four."""
    return [("window cells", 2 * 2)]


def claims_receptive_field():
    """'Receptive fields', up to the end of 'The backward pass' (givens skipped)."""
    plain = receptive_field([(3, 1)] * 3)
    two, three = plain[1], plain[2]
    strided = receptive_field([(3, 2), (3, 2), (3, 1)])
    alt = [("plain", plain[1]), ("plain", plain[2]),
           ("strided", strided[1]), ("strided", strided[2])]
    return [("two layers", two), ("three layers", three), ("two layers", two),
            ("two layers", two), ("two 3x3 weights", 2 * 3 * 3), ("one 5x5 weights", 5 * 5),
            ("three layers", three), ("three layers", three),
            ("three 3x3 weights", 3 * 3 * 3), ("one 7x7 weights", 7 * 7),
            *alt, *alt]


def claims_history():
    """'From LeNet to ResNet': VGG-16's parameters, computed (years and depths are givens)."""
    conv, dense, _ = vgg_parameters()
    return [("VGG-16 total", conv + dense),
            ("VGG-16 dense share", dense / (conv + dense))]


def mistake_np_convolve():
    """Common mistake: checking a conv layer against np.convolve, which flips the kernel."""
    x, w = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 0.0, -1.0])
    layer = cross_correlate2d(x[None], w[None])[0]
    return [("w", w), ("x", x), ("layer", layer), ("np.convolve", np.convolve(x, w, "valid")),
            ("np.correlate", np.correlate(x, w, "valid")), ("reversing step", -1),
            ("np.convolve, kernel reversed", np.convolve(x, w[::-1], "valid"))]


def exercise_output_size():
    """Exercise 1: a 10-cell side, kernel 3, stride 2, without and with padding 1."""
    n, k, s, pad = 10, 3, 2, 1
    return [("exercise", 1), ("n", n), ("kernel", k), ("stride", s), ("pad", pad),
            ("n", n), ("kernel", k), ("stride", s), ("quotient", (n - k) / s),
            ("floored", (n - k) // s), ("size", output_size(n, k, 0, s)),
            ("pad", pad), ("n", n), ("2 pad", 2 * pad), ("kernel", k), ("stride", s),
            ("quotient", (n + 2 * pad - k) / s), ("floored", (n + 2 * pad - k) // s),
            ("size", output_size(n, k, pad, s))]


def exercise_parameters():
    """Exercise 2: a 5x5 layer from 16 to 32 channels."""
    k, cin, cout = 5, 16, 32
    return [("exercise", 2), ("kernel", k), ("kernel", k), ("channels in", cin),
            ("channels out", cout),
            ("kernel", k), ("kernel", k), ("channels in", cin), ("weights", k * k * cin),
            ("weights + bias", k * k * cin + 1),
            ("weights + bias", k * k * cin + 1), ("channels out", cout),
            ("parameters", conv_parameters(k, cin, cout))]


def exercise_receptive_field():
    """Exercise 3: 3x3 conv, 2x2 pool with stride 2, 3x3 conv."""
    layers = [(3, 1), (2, 2), (3, 1)]
    r1, r2, r3 = receptive_field(layers)
    return [("exercise", 3), ("kernel", 3), ("kernel", 3), ("pool", 2), ("pool", 2),
            ("stride", 2), ("kernel", 3), ("kernel", 3),
            ("r1", r1), ("pool", 2), ("jump", 1), ("r2", r2), ("jump", 2),
            ("kernel", 3), ("jump", 2), ("r2", r2), ("jump", 2), ("r3", r3),
            ("r3", r3), ("r3", r3)]


POOL_X = np.array([[1.0, 3.0, 2.0, 0.0],
                   [4.0, 2.0, 1.0, 1.0],
                   [0.0, 1.0, 5.0, 2.0],
                   [2.0, 0.0, 3.0, 6.0]])
POOL_DELTA = np.array([[0.5, -1.0],
                       [2.0, 1.0]])


def exercise_pooling():
    """Exercise 4: max pooling forward and backward on a 4 x 4 map."""
    out = max_pool2d(POOL_X)
    dx = max_pool2d_backward(POOL_DELTA, POOL_X)
    return [("exercise", 4), ("size", 2), ("size", 2), ("stride", 2), ("x", POOL_X),
            ("delta", POOL_DELTA), ("pooled", out), ("dx", dx),
            ("cells with a gradient", int((dx != 0).sum())), ("cells", dx.size)]


def claims_interview_questions():
    """The interview answers: VGG-16, 3x3 stacks, 1x1 convolutions, a 256 x 256 input."""
    conv, dense, flat = vgg_parameters()
    first_dense = count_parameters([flat, 4096])
    flat256 = vgg_parameters(side=256)[2]
    side224, side256 = (int(np.sqrt(f // 512)) for f in (flat, flat256))
    two, three = receptive_field([(3, 1)] * 3)[1:]
    return [
        # VGG-16
        ("conv layers", 13), ("3x3 weights per channel pair", 9), ("conv", conv),
        ("input", 224), ("input", 224), ("side", side224), ("side", side224),
        ("channels", 512), ("flat", flat), ("dense", dense), ("flat", flat),
        ("first dense outputs", 4096), ("first dense", first_dense), ("total", conv + dense),
        ("first dense share", first_dense / (conv + dense)),
        # two 3x3 against one 5x5
        ("field", 5), ("field", 5), ("receptive field", two), ("kernel", 5), ("kernel", 5),
        ("two 3x3", 2 * 9), ("one 5x5", 25), ("three 3x3 field", three), ("three 3x3", 27),
        ("kernel", 7), ("kernel", 7), ("one 7x7", 49),
        # 1x1
        ("channels in", 256), ("channels out", 64), ("channels in", 256), ("channels out", 64),
        ("parameters", conv_parameters(1, 256, 64)),
        # a different input size
        ("input", 224), ("input", 224), ("input", 256), ("input", 256),
        ("input", 224), ("input", 224), ("side", side224), ("side", side224), ("channels", 512),
        ("flat", flat), ("input", 256), ("input", 256), ("channels", 512), ("flat", flat256),
    ]


def _print(transcript):
    for name, value in transcript:
        print(f"{name:>24} = {np.array2string(np.asarray(value), precision=5, suppress_small=True)}")


def main():
    """Print the worked examples as transcripts: name = value, in reading order."""
    print("# Cross-correlation and convolution")
    _print(worked_example())
    print("# Backward pass")
    _print(backward_example())
    print("# Residual block")
    _print(residual_example())


if __name__ == "__main__":
    main()
