"""Recurrent networks (vanilla RNN, LSTM, GRU), in NumPy.

Run ``python snippets/recurrent_networks.py`` to print the worked examples of
the page "Recurrent networks"; ``python -m doctest snippets/recurrent_networks.py``
runs the examples in the docstrings.

Conventions: one time step's input is a vector ``x`` of shape ``(n_x,)`` and the
hidden state ``h`` has shape ``(n_h,)``; a sequence is a list of inputs, first
step first. ``W_h`` has shape ``(n_h, n_h)`` and ``W_x`` shape ``(n_h, n_x)``.
Every LSTM and GRU gate reads the previous hidden state and the input stacked
into one vector ``[h; x]``, so its weight matrix has shape ``(n_h, n_h + n_x)``.
``sigmoid`` and ``tanh`` come from the pages on the forward pass and on
activations; ``clip_by_norm`` and ``clip_by_value`` from backpropagation.
"""
import numpy as np

from activations import tanh
from backprop import clip_by_norm, clip_by_value
from forward_pass import sigmoid

# --8<-- [start:rnn_forward]

def rnn_step(h_prev, x, W_h, W_x, b):
    """One step of a vanilla RNN: h = tanh(W_h h_prev + W_x x + b).

    >>> one, zero = np.eye(1), np.zeros(1)
    >>> rnn_step(zero, np.array([0.0]), one, one, zero)
    array([0.])
    """
    return tanh(W_h @ h_prev + W_x @ x + b)


def rnn_forward(xs, h0, W_h, W_x, b):
    """The same step over a sequence of any length: [h_0, h_1, ..., h_T].

    >>> one, zero = np.eye(1), np.zeros(1)
    >>> hs = rnn_forward([np.array([1.0])] * 3, zero, one, one, zero)
    >>> len(hs)                           # h_0 and one state per step
    4
    """
    hs = [np.asarray(h0, dtype=float)]
    for x in xs:
        hs.append(rnn_step(hs[-1], np.asarray(x, dtype=float), W_h, W_x, b))
    return hs
# --8<-- [end:rnn_forward]

# --8<-- [start:bptt]

def rnn_backward(xs, hs, W_h, dL_dh_out):
    """Backpropagation through time for ``rnn_forward``.

    ``dL_dh_out[t-1]`` is the gradient that step t's own output sends to
    h_t (zeros where a step has no loss). Returns the deltas dL/dz_t,
    first step first, and the gradients of W_h, W_x and b, each summed
    over the steps.

    >>> xs, hs = [np.array([1.0])], [np.zeros(1), np.array([0.0])]
    >>> rnn_backward(xs, hs, np.eye(1), [np.array([2.0])])[0]  # tanh'(0)=1
    [array([2.])]
    """
    T = len(xs)
    if len(hs) != T + 1 or len(dL_dh_out) != T:
        raise ValueError(f"{T} inputs need {T + 1} states and "
                         f"{T} output gradients")
    n_h, n_x = len(hs[0]), len(np.atleast_1d(xs[0]))
    dW_h, dW_x = np.zeros((n_h, n_h)), np.zeros((n_h, n_x))
    db, deltas = np.zeros(n_h), [None] * T
    from_future = np.zeros(n_h)     # W_h^T delta_{t+1}: none after step T
    for t in range(T, 0, -1):       # t = T, ..., 1
        dL_dh = dL_dh_out[t - 1] + from_future  # both users of h_t add
        delta = dL_dh * (1.0 - hs[t] ** 2)      # times tanh's slope
        deltas[t - 1] = delta
        dW_h += np.outer(delta, hs[t - 1])      # this step's share
        dW_x += np.outer(delta, xs[t - 1])
        db += delta
        from_future = W_h.T @ delta             # sent back to h_{t-1}
    return deltas, dW_h, dW_x, db
# --8<-- [end:bptt]

# --8<-- [start:jacobians]

def step_jacobian(h_t, W_h):
    """dh_t / dh_{t-1} = diag(1 - h_t^2) W_h, the Jacobian of one step.

    >>> step_jacobian(np.zeros(2), 2 * np.eye(2))   # at h = 0, just W_h
    array([[2., 0.],
           [0., 2.]])
    """
    return (1.0 - h_t ** 2)[:, None] * W_h


def jacobian_norms(hs, W_h):
    """Spectral norms of dh_k / dh_0 for k = 1, ..., T along states hs."""
    product, norms = np.eye(len(hs[0])), []
    for h_t in hs[1:]:
        # chain rule: the newest factor multiplies from the left
        product = step_jacobian(h_t, W_h) @ product
        norms.append(np.linalg.norm(product, 2))
    return np.array(norms)
# --8<-- [end:jacobians]

# --8<-- [start:lstm]

def lstm_step(h_prev, c_prev, x, p):
    """One LSTM step. ``p`` maps each gate to (W, b); each reads [h; x].

    Returns (h, c, gates), gates = {"f", "i", "c_tilde", "o"}.

    >>> zero = (np.zeros((1, 2)), np.zeros(1))
    >>> p = {"f": zero, "i": zero, "c_tilde": zero, "o": zero}
    >>> h, c, g = lstm_step(np.zeros(1), np.array([1.0]), np.zeros(1), p)
    >>> float(c[0]), float(g["f"][0])       # f = 1/2 keeps half of c
    (0.5, 0.5)
    """
    v = np.concatenate([h_prev, x])
    pre = {name: W @ v + b for name, (W, b) in p.items()}
    gates = {"f": sigmoid(pre["f"]), "i": sigmoid(pre["i"]),
             "c_tilde": tanh(pre["c_tilde"]), "o": sigmoid(pre["o"])}
    # additive update: nothing squashes the cell state
    c = gates["f"] * c_prev + gates["i"] * gates["c_tilde"]
    h = gates["o"] * tanh(c)        # only the output is squashed
    return h, c, gates
# --8<-- [end:lstm]

# --8<-- [start:gru]

def gru_step(h_prev, x, p, update_weights="candidate"):
    """One GRU step. ``p`` maps "u", "r", "h_tilde" to (W, b).

    This page: h = (1 - u) * h_prev + u * h_tilde (u weights the
    candidate). ``update_weights="old"`` puts u on the old state, as
    PyTorch's nn.GRU does: h = u * h_prev + (1 - u) * h_tilde (the reset
    gate stays where this page puts it). Returns (h, gates).

    >>> zero = (np.zeros((1, 2)), np.zeros(1))
    >>> p = {"u": zero, "r": zero, "h_tilde": zero}
    >>> h, gates = gru_step(np.array([1.0]), np.zeros(1), p)
    >>> h                                   # u = 1/2, candidate 0
    array([0.5])
    """
    if update_weights not in ("candidate", "old"):
        raise ValueError("update_weights must be 'candidate' or 'old', "
                         f"got {update_weights!r}")
    (W_u, b_u), (W_r, b_r), (W_n, b_n) = p["u"], p["r"], p["h_tilde"]
    v = np.concatenate([h_prev, x])
    u, r = sigmoid(W_u @ v + b_u), sigmoid(W_r @ v + b_r)
    # the reset gate scales the old state before the product
    h_tilde = tanh(W_n @ np.concatenate([r * h_prev, x]) + b_n)
    gates = {"u": u, "r": r, "h_tilde": h_tilde}
    if update_weights == "old":
        return u * h_prev + (1.0 - u) * h_tilde, gates
    return (1.0 - u) * h_prev + u * h_tilde, gates
# --8<-- [end:gru]


def lstm_cell_jacobian(c_prev, o_prev, x, p, eps=1e-6):
    """Total d c_t / d c_{t-1} when h_{t-1} = o_prev * tanh(c_prev) feeds the gates
    (o_prev held fixed), by central differences, one column per entry of c_prev."""
    def cell(c):
        return lstm_step(o_prev * tanh(c), c, x, p)[1]
    cols = []
    for j in range(len(c_prev)):
        step = np.zeros(len(c_prev))
        step[j] = eps
        cols.append((cell(c_prev + step) - cell(c_prev - step)) / (2 * eps))
    return np.stack(cols, axis=1)


def readout_loss(hs, w, y):
    """L = (w . h_T - y)^2: one prediction from the last state, squared error."""
    return float((w @ hs[-1] - y) ** 2)


def angle_between(a, b):
    """The angle between two vectors, in degrees."""
    cos = a @ b / (np.linalg.norm(a) * np.linalg.norm(b))
    return float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


def angle_off_first_axis(v):
    """The angle of a 2-vector from the first axis, in degrees."""
    return float(np.degrees(np.arctan2(v[1], v[0])))


# ---------------------------------------------------------------------------
# The page's numbers. Worked example: hidden size 2, inputs of one number, 3 steps.

W_H = np.array([[0.5, -0.4], [0.3, 0.6]])
W_X = np.array([[1.0], [-0.5]])
B = np.array([0.1, 0.0])
XS = [np.array([1.0]), np.array([0.5]), np.array([-1.0])]
H0 = np.zeros(2)
READOUT = np.array([1.0, -1.0])
TARGET = -0.5
NUDGE = 1e-3
NUDGED = (1, 0)                      # row 2, column 1 of W_h


def bptt_example():
    """Forward and backward pass of the worked example: (hs, y_hat, loss, dL/dyhat, backward)."""
    hs = rnn_forward(XS, H0, W_H, W_X, B)
    y_hat = float(READOUT @ hs[-1])
    dL_dyhat = 2.0 * (y_hat - TARGET)
    dL_dh_out = [np.zeros(2)] * (len(XS) - 1) + [dL_dyhat * READOUT]
    return hs, y_hat, readout_loss(hs, READOUT, TARGET), dL_dyhat, rnn_backward(XS, hs, W_H, dL_dh_out)


def nudged_losses():
    """The loss with the nudged entry of W_h moved up and down by NUDGE."""
    out = []
    for sign in (1.0, -1.0):
        W = W_H.copy()
        W[NUDGED] += sign * NUDGE
        out.append(readout_loss(rnn_forward(XS, H0, W, W_X, B), READOUT, TARGET))
    return out


def claims_vanilla_rnn():
    """'The vanilla RNN': the parameter count for n_h = 2, n_x = 1."""
    return [("parameters", W_H.size + W_X.size + B.size)]     # n_h = 2 and n_x = 1 are givens


def worked_example():
    """Unrolling the RNN over three steps, then the readout and the loss."""
    hs, y_hat, loss, _, _ = bptt_example()
    t = [("n_h", 2), ("n_x", 1), ("W_h", W_H), ("W_x", W_X), ("b", B),
         ("x", np.array([x[0] for x in XS])), ("h_0", H0), ("w", READOUT), ("y", TARGET)]
    z1 = W_H @ hs[0] + W_X @ XS[0] + B
    t += [("W_h h_0", W_H @ hs[0]), ("W_x x_1", W_X @ XS[0]), ("b", B), ("z_1", z1), ("h_1", hs[1])]
    Wh1 = W_H @ hs[1]
    t += [("W_h[0,0]", W_H[0, 0]), ("h_1[0]", hs[1][0]), ("W_h[0,1]", W_H[0, 1]), ("h_1[1]", hs[1][1]),
          ("W_h[1,0]", W_H[1, 0]), ("h_1[0]", hs[1][0]), ("W_h[1,1]", W_H[1, 1]), ("h_1[1]", hs[1][1]),
          ("W_h h_1", Wh1), ("W_h h_1", Wh1), ("W_x x_2", W_X @ XS[1]), ("b", B),
          ("z_2", Wh1 + W_X @ XS[1] + B), ("h_2", hs[2])]
    t += [("W_h h_2", W_H @ hs[2]), ("W_x x_3", W_X @ XS[2]),
          ("z_3", W_H @ hs[2] + W_X @ XS[2] + B), ("h_3", hs[3])]
    t += [("w[0]", READOUT[0]), ("h_3[0]", hs[3][0]), ("w[1]", READOUT[1]), ("h_3[1]", hs[3][1]),
          ("y_hat", y_hat), ("y_hat", y_hat), ("y", TARGET), ("y_hat - y", y_hat - TARGET),
          ("L", loss), ("lower bound", -1), ("upper bound", 1)]
    return t


def worked_example_bptt():
    """Backpropagation through time on the worked example, and a gradient check."""
    hs, y_hat, loss, dL_dyhat, (deltas, dW_h, dW_x, db) = bptt_example()
    dh = [None, None, None]
    dh[2] = dL_dyhat * READOUT
    dh[1] = W_H.T @ deltas[2]
    dh[0] = W_H.T @ deltas[1]
    slopes = [1.0 - h ** 2 for h in hs[1:]]
    t = [("two", 2), ("two", 2), ("y_hat - y", y_hat - TARGET), ("dL/dyhat", dL_dyhat),
         ("dL/dyhat", dL_dyhat), ("dL/dh_3", dh[2]), ("one", 1), ("slope 3", slopes[2]),
         ("dL/dh_3[0]", dh[2][0]), ("slope 3[0]", slopes[2][0]),
         ("dL/dh_3[1]", dh[2][1]), ("slope 3[1]", slopes[2][1]), ("delta_3", deltas[2])]
    t += [("W_h[0,0]", W_H[0, 0]), ("delta_3[0]", deltas[2][0]), ("W_h[1,0]", W_H[1, 0]),
          ("delta_3[1]", deltas[2][1]), ("W_h[0,1]", W_H[0, 1]), ("delta_3[0]", deltas[2][0]),
          ("W_h[1,1]", W_H[1, 1]), ("delta_3[1]", deltas[2][1]), ("dL/dh_2", dh[1]), ("one", 1)]
    for k in (2, 1, 0):
        t += [("step", k + 1), ("dL/dh", dh[k]), ("slope", slopes[k]), ("delta", deltas[k]),
              ("size of delta", np.linalg.norm(deltas[k]))]
    terms = [np.outer(deltas[k], hs[k]) for k in (2, 1, 0)]
    t += [("delta_3 h_2^T", terms[0]), ("delta_2 h_1^T", terms[1]), ("delta_1 h_0^T", terms[2]),
          ("dL/dW_h", dW_h), ("dL/dW_x", dW_x[:, 0]), ("dL/db", db)]
    up, down = nudged_losses()
    t += [("W_h[1,0]", W_H[NUDGED]), ("nudge", NUDGE), ("L up", up), ("L down", down),
          ("L up", up), ("L down", down), ("2 nudge", 2 * NUDGE),
          ("central difference", (up - down) / (2 * NUDGE))]
    return t


def mistake_last_step_only():
    """Keeping only delta_T h_{T-1}^T, against the sum over steps and a central difference."""
    hs, _, _, _, (deltas, dW_h, _, _) = bptt_example()
    last_only = np.outer(deltas[-1], hs[-2])
    up, down = nudged_losses()
    return [("T", len(XS)), ("last step only", last_only[NUDGED]), ("sum over steps", dW_h[NUDGED]),
            ("nudge", NUDGE), ("central difference", (up - down) / (2 * NUDGE))]


# Vanishing and exploding: two symmetric recurrent matrices, 50 steps at the zero state.
W_SHRINK = np.array([[0.6, 0.3], [0.3, 0.6]])     # eigenvalues 0.9 and 0.3
W_GROW = np.array([[0.8, 0.3], [0.3, 0.8]])       # eigenvalues 1.1 and 0.5
STEPS = 50
DRIVE_SEED = 0


def zero_state_norms(W_h, steps=STEPS):
    """||dh_k/dh_0|| for k = 1..steps with no input and h_0 = 0 (every Jacobian is W_h)."""
    return jacobian_norms([np.zeros(len(W_h))] * (steps + 1), W_h)


def driven_norms(W_h, steps=STEPS, seed=DRIVE_SEED):
    """The same product along a state driven by seeded standard-normal inputs through W_X."""
    rng = np.random.default_rng(seed)
    xs = [rng.normal(size=1) for _ in range(steps)]
    return jacobian_norms(rnn_forward(xs, np.zeros(len(W_h)), W_h, W_X, np.zeros(len(W_h))), W_h)


def claims_vanishing():
    """'Vanishing and exploding gradients': eigenvalues, the two norms after 50 steps, the figure."""
    small = np.sort(np.linalg.eigvalsh(W_SHRINK))[::-1]
    large = np.sort(np.linalg.eigvalsh(W_GROW))[::-1]
    shrink, grow = zero_state_norms(W_SHRINK)[-1], zero_state_norms(W_GROW)[-1]
    alt = [("largest eigenvalue", small[0]), ("norm after 50", shrink),
           ("largest eigenvalue", large[0]), ("norm after 50", grow)]
    alt += [("largest eigenvalue", large[0])]                  # "... driven by inputs"
    return ([("W_h", W_SHRINK), ("eigenvalues", small), ("W_h", W_GROW), ("eigenvalues", large),
             ("largest eigenvalue", small[0]), ("norm after 50", shrink),
             ("largest eigenvalue", large[0]), ("norm after 50", grow)]
            + alt + alt + [("driven, after 50", driven_norms(W_GROW)[-1])])


CLIP_G = np.array([6.0, 0.5])
CLIP_C = 1.0


def claims_clipping():
    """'Gradient clipping': g = (6, 0.5), c = 1, by norm and by value."""
    g, c = CLIP_G, CLIP_C
    by_norm, by_value = clip_by_norm(g, c), clip_by_value(g, c)
    before = angle_off_first_axis(g)
    return [("g", g), ("norm of g", np.linalg.norm(g)), ("by norm", by_norm),
            ("angle", angle_off_first_axis(by_norm)), ("by value", by_value[1]),
            ("angle before", before), ("angle after", angle_off_first_axis(by_value))]


# The LSTM worked example: hidden size 2, one input; every gate reads [h_prev; x].
LSTM_P = {"f": (np.array([[0.5, 0.0, 1.0], [0.0, 0.5, 1.0]]), np.array([1.0, 1.0])),
          "i": (np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5]]), np.array([0.0, 0.0])),
          "c_tilde": (np.array([[1.0, -1.0, 1.0], [-1.0, 1.0, 0.0]]), np.array([0.0, 0.0])),
          "o": (np.array([[0.0, 0.0, 1.0], [0.0, 0.0, -1.0]]), np.array([0.0, 2.0]))}
LSTM_H = np.array([0.5, -0.5])
LSTM_C = np.array([0.8, -0.4])
LSTM_X = np.array([1.0])
LSTM_RUN = 10
FORGET_PRE = 5.0


def lstm_run(steps=LSTM_RUN):
    """The worked example's cell fed x = 1 for several steps: [(h, c, gates), ...]."""
    h, c, out = LSTM_H, LSTM_C, []
    for _ in range(steps):
        h, c, gates = lstm_step(h, c, LSTM_X, LSTM_P)
        out.append((h, c, gates))
    return out


def claims_lstm():
    """'The LSTM': the cell state grows past one, the hidden state stays inside, the direct path."""
    (_, c1, _), *_, (h10, c10, _) = lstm_run()
    f = float(sigmoid(FORGET_PRE))
    return [("c_t[0]", c1[0]), ("c after 10", c10), ("h after 10", h10),
            ("forget pre-activation", FORGET_PRE), ("f", f), ("f", f), ("f^50", f ** STEPS),
            ("vanilla 0.9^50", zero_state_norms(W_SHRINK)[-1]),
            ("largest eigenvalue", np.linalg.eigvalsh(W_SHRINK).max())]


def claims_lstm_jacobian():
    """Deep dive: the total Jacobian d c_2 / d c_1 against the direct path diag(f_2)."""
    (h1, c1, g1), (_, _, g2) = lstm_run(2)
    J = lstm_cell_jacobian(c1, g1["o"], LSTM_X, LSTM_P)
    return [("x", LSTM_X[0]), ("c_1", c1), ("o_1", g1["o"]), ("J", J), ("diag(f_2)", np.diag(g2["f"]))]


def claims_gru():
    """'The GRU' states no results of its own."""
    return []


# The GRU mistake: one unit, one input.
GRU_P = {"u": (np.array([[0.5, 1.0]]), np.array([0.0])),
         "r": (np.array([[1.0, 0.5]]), np.array([-0.8])),
         "h_tilde": (np.array([[-1.0, -0.5]]), np.array([0.5]))}
GRU_H = np.array([0.8])
GRU_X = np.array([1.0])


def flip_update_gate(p):
    """The same GRU for the other convention: negate the update gate's weights and bias."""
    W_u, b_u = p["u"]
    return {**p, "u": (-W_u, -b_u)}


def mistake_gru_sides():
    """The same GRU weights read with both conventions, and the conversion between them."""
    h_page, g = gru_step(GRU_H, GRU_X, GRU_P)
    h_torch, _ = gru_step(GRU_H, GRU_X, GRU_P, update_weights="old")
    h_converted, _ = gru_step(GRU_H, GRU_X, flip_update_gate(GRU_P), update_weights="old")
    u, r, h_tilde = g["u"][0], g["r"][0], g["h_tilde"][0]
    return [("h_prev", GRU_H[0]), ("x", GRU_X[0]), ("u", u), ("r", r), ("h_tilde", h_tilde),
            ("1 - u", 1 - u), ("h_prev", GRU_H[0]), ("u", u), ("h_tilde", h_tilde),
            ("h, this page", h_page[0]),
            ("u", u), ("h_prev", GRU_H[0]), ("1 - u", 1 - u), ("h_tilde", h_tilde),
            ("h, PyTorch's formula", h_torch[0]), ("h, converted", h_converted[0])]


def worked_example_lstm():
    """One LSTM step: every gate, the cell state, the hidden state, the direct path."""
    h, c, g = lstm_step(LSTM_H, LSTM_C, LSTM_X, LSTM_P)
    v = np.concatenate([LSTM_H, LSTM_X])
    pre = {name: W @ v + b for name, (W, b) in LSTM_P.items()}
    W_f, b_f = LSTM_P["f"]
    t = [("n_h", 2), ("n_x", 1), ("h_prev", LSTM_H), ("c_prev", LSTM_C), ("x", LSTM_X[0]),
         ("[h; x]", v), ("W_f", W_f), ("b_f", b_f), ("pre f", pre["f"]), ("pre f", pre["f"]),
         ("f", g["f"])]
    for name in ("i", "c_tilde", "o"):
        W, b = LSTM_P[name]
        t += [(f"W_{name}", W), (f"b_{name}", b), (f"pre {name}", pre[name]), (name, g[name])]
    kept, written = g["f"] * LSTM_C, g["i"] * g["c_tilde"]
    t += [("f[0]", g["f"][0]), ("c_prev[0]", LSTM_C[0]), ("f[1]", g["f"][1]), ("c_prev[1]", LSTM_C[1]),
          ("i[0]", g["i"][0]), ("c_tilde[0]", g["c_tilde"][0]),
          ("i[1]", g["i"][1]), ("c_tilde[1]", g["c_tilde"][1]),
          ("kept", kept), ("written", written), ("c", c)]
    tc = tanh(c)
    t += [("o[0]", g["o"][0]), ("tanh c[0]", tc[0]), ("o[1]", g["o"][1]), ("tanh c[1]", tc[1]),
          ("h", h), ("f", g["f"])]
    return t


# Check yourself.

EX_W_H, EX_W_X, EX_B, EX_H0, EX_XS = 0.5, 1.0, 0.0, 0.4, (0.3, -0.3)


def exercise_states():
    """The one-unit RNN of Exercises 1 and 2: [h_0, h_1, h_2] and [z_1, z_2]."""
    hs = rnn_forward([np.array([x]) for x in EX_XS], np.array([EX_H0]), np.array([[EX_W_H]]),
                     np.array([[EX_W_X]]), np.array([EX_B]))
    zs = [EX_W_H * hs[k][0] + EX_W_X * EX_XS[k] + EX_B for k in range(2)]
    return [h[0] for h in hs], zs


def exercise_two_steps():
    """Exercise 1: two steps of a one-unit RNN."""
    (h0, h1, h2), (z1, z2) = exercise_states()
    x1, x2 = EX_XS
    return [("exercise", 1), ("W_h", EX_W_H), ("W_x", EX_W_X), ("b", EX_B), ("h_0", h0),
            ("x_1", x1), ("x_2", x2),
            ("W_h", EX_W_H), ("h_0", h0), ("W_x", EX_W_X), ("x_1", x1), ("b", EX_B), ("z_1", z1),
            ("z_1", z1), ("h_1", h1),
            ("W_h", EX_W_H), ("h_1", h1), ("W_x", EX_W_X), ("x_2", x2), ("b", EX_B), ("z_2", z2),
            ("z_2", z2), ("h_2", h2)]


def exercise_bptt_two_steps():
    """Exercise 2: BPTT through the two steps with L = h_2."""
    (h0, h1, h2), _ = exercise_states()
    xs = [np.array([x]) for x in EX_XS]
    hs = [np.array([h]) for h in (h0, h1, h2)]
    (d1, d2), dW_h, _, _ = rnn_backward(xs, hs, np.array([[EX_W_H]]),
                                        [np.zeros(1), np.ones(1)])
    dh1 = EX_W_H * d2[0]
    return [("exercise", 2), ("exercise", 1), ("dL/dh_2", 1.0),
            ("dL/dh_2", 1.0), ("one", 1.0), ("one", 1.0), ("h_2", h2), ("delta_2", d2[0]),
            ("W_h", EX_W_H), ("delta_2", d2[0]), ("dL/dh_1", dh1),
            ("dL/dh_1", dh1), ("one", 1.0), ("h_1", h1), ("dL/dh_1", dh1), ("slope", 1 - h1 ** 2),
            ("delta_1", d1[0]),
            ("delta_2", d2[0]), ("h_1", h1), ("delta_1", d1[0]), ("h_0", h0),
            ("term 2", d2[0] * h1), ("term 1", d1[0] * h0), ("dL/dW_h", dW_h[0, 0])]


EX_STEPS, EX_SHRINK, EX_GROW, EX_SMALL = 20, 0.8, 1.25, 1e-3


def exercise_twenty_steps():
    """Exercise 3: W_h^20 for W_h = 0.8 and 1.25; when 0.8^k falls below 10^-3."""
    k = np.log(EX_SMALL) / np.log(EX_SHRINK)
    return [("exercise", 3), ("steps", EX_STEPS), ("W_h", EX_SHRINK), ("W_h", EX_GROW),
            ("small", EX_SMALL),
            ("W_h", EX_SHRINK), ("steps", EX_STEPS), ("0.8^20", EX_SHRINK ** EX_STEPS),
            ("W_h", EX_GROW), ("steps", EX_STEPS), ("1.25^20", EX_GROW ** EX_STEPS),
            ("small", EX_SMALL), ("W_h", EX_SHRINK), ("small", EX_SMALL),
            ("small", EX_SMALL), ("W_h", EX_SHRINK), ("k", k), ("steps needed", int(np.ceil(k)))]


EX_G = np.array([0.6, -2.4, 0.8])


def exercise_clipping():
    """Exercise 4: clip (0.6, -2.4, 0.8) at c = 1 by norm and by value."""
    g, c = EX_G, 1.0
    by_norm, by_value = clip_by_norm(g, c), clip_by_value(g, c)
    return [("exercise", 4), ("g", g), ("c", c), ("squares", g ** 2), ("sum of squares", g @ g),
            ("norm", np.linalg.norm(g)), ("norm", np.linalg.norm(g)), ("by norm", by_norm),
            ("length", np.linalg.norm(by_norm)), ("by value", by_value),
            ("angle", angle_between(g, by_value))]


EX_CELL = {"c_prev": 1.5, "f": 0.9, "i": 0.5, "o": 0.6, "c_tilde": 0.8}


def exercise_cell_state():
    """Exercise 5: c_t = f c_prev + i c_tilde, h_t = o tanh(c_t), and dc_t/dc_prev = f."""
    e = EX_CELL
    c = e["f"] * e["c_prev"] + e["i"] * e["c_tilde"]
    return [("exercise", 5), ("c_prev", e["c_prev"]), ("f", e["f"]), ("i", e["i"]), ("o", e["o"]),
            ("c_tilde", e["c_tilde"]),
            ("f", e["f"]), ("c_prev", e["c_prev"]), ("i", e["i"]), ("c_tilde", e["c_tilde"]),
            ("f c_prev", e["f"] * e["c_prev"]), ("i c_tilde", e["i"] * e["c_tilde"]), ("c", c),
            ("o", e["o"]), ("c", c), ("o", e["o"]), ("tanh c", float(tanh(c))),
            ("h", e["o"] * float(tanh(c))), ("lower", -1), ("upper", 1), ("f", e["f"])]


def lstm_parameters(n_x, n_h, blocks=4, biases_per_block=1):
    """Weights and biases of an LSTM (4 blocks) or GRU (3 blocks) layer."""
    return blocks * (n_h * (n_h + n_x) + biases_per_block * n_h)


IQ_N_X, IQ_N_H = 300, 512


def claims_interview_questions():
    """The interview answers, in reading order."""
    _, _, _, _, (_, dW_h, _, _) = bptt_example()
    hs, *_ = bptt_example()
    (deltas, _, _, _) = bptt_example()[4]
    up, down = nudged_losses()
    f = float(sigmoid(FORGET_PRE))
    one_block = lstm_parameters(IQ_N_X, IQ_N_H, blocks=1)
    return [("central difference", (up - down) / (2 * NUDGE)),
            ("last step only", np.outer(deltas[-1], hs[-2])[NUDGED]),
            ("largest eigenvalue", 0.9), ("norm after 50", zero_state_norms(W_SHRINK)[-1]),
            ("largest eigenvalue", 1.1), ("norm after 50", zero_state_norms(W_GROW)[-1]),
            ("f", f), ("forget pre-activation", FORGET_PRE), ("f^50", f ** STEPS),
            ("largest eigenvalue", 0.9), ("norm after 50", zero_state_norms(W_SHRINK)[-1]),
            ("n_x", IQ_N_X), ("n_h", IQ_N_H), ("n_h", IQ_N_H), ("n_x", IQ_N_X),
            ("n_h", IQ_N_H), ("n_h + n_x", IQ_N_H + IQ_N_X), ("n_h", IQ_N_H), ("one block", one_block),
            ("LSTM", lstm_parameters(IQ_N_X, IQ_N_H)), ("blocks", 4), ("n_h", IQ_N_H),
            ("extra biases", 4 * IQ_N_H), ("PyTorch LSTM", lstm_parameters(IQ_N_X, IQ_N_H, 4, 2)),
            ("one block", one_block), ("GRU", lstm_parameters(IQ_N_X, IQ_N_H, 3)),
            ("PyTorch GRU", lstm_parameters(IQ_N_X, IQ_N_H, 3, 2)), ("blocks", 4),
            ("blocks", 4), ("blocks", 4)]


EXAMPLES = (worked_example, worked_example_bptt, worked_example_lstm)
EXERCISES = (exercise_two_steps, exercise_bptt_two_steps, exercise_twenty_steps,
             exercise_clipping, exercise_cell_state)
TRANSCRIPTS = (claims_vanilla_rnn, mistake_last_step_only, claims_vanishing, claims_clipping,
               claims_lstm, claims_lstm_jacobian, mistake_gru_sides, claims_interview_questions)


def main():
    """Print every transcript (worked examples first): name = value, in reading order."""
    for example in EXAMPLES + EXERCISES + TRANSCRIPTS:
        print(f"# {example.__name__}: {example.__doc__}")
        for name, value in example():
            text = np.array2string(np.asarray(value), precision=5, suppress_small=True)
            print(f"{name:>24} = {text}")
        print()


if __name__ == "__main__":
    main()
