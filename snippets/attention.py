"""Attention and the transformer block, in NumPy.

Run ``python snippets/attention.py`` to print the worked examples of the page
"Attention and transformers"; ``python -m doctest snippets/attention.py`` runs
the examples in the docstrings.

Conventions: a sequence of n tokens is a matrix with one token per row. As in
the transformer papers the input sits on the left of a weight matrix: ``X @ W``
with ``W`` of shape ``(d_in, d_out)``, one row per input feature (the transpose
of the ``(n_out, n_in)`` layout of ``forward_pass``). Softmax runs along each
row. ``softmax`` of ``probability`` refuses infinities, so the masked softmax
below is its own function: it accepts minus infinity, the mask's "blocked".
"""
import math

import numpy as np

from activations import gelu
from regularization import layer_norm

# --8<-- [start:attention]

def scaled_scores(Q, K):
    """S = Q K^T / sqrt(d_k): one score per (query row, key row) pair.

    >>> scaled_scores(np.array([[1.0, 1.0]]), np.array([[2.0, 0.0]]))
    array([[1.41421356]])
    """
    Q, K = np.asarray(Q, dtype=float), np.asarray(K, dtype=float)
    if Q.ndim != 2 or K.ndim != 2 or Q.shape[1] != K.shape[1]:
        raise ValueError(f"Q {Q.shape} and K {K.shape} need the same d_k")
    return Q @ K.T / math.sqrt(Q.shape[1])


def softmax_rows(S):
    """Softmax of each row; a -inf entry gets weight exactly 0.

    >>> softmax_rows(np.array([[0.0, 0.0, -np.inf]]))
    array([[0.5, 0.5, 0. ]])
    """
    S = np.asarray(S, dtype=float)
    if np.isnan(S).any() or np.isposinf(S).any():
        raise ValueError("scores contain NaN or +inf")
    top = S.max(axis=-1, keepdims=True)
    if np.isneginf(top).any():
        raise ValueError("a row is fully masked: it has nothing to attend to")
    e = np.exp(S - top)          # exp(-inf) = 0: blocked keys get nothing
    return e / e.sum(axis=-1, keepdims=True)


def attention(Q, K, V, M=None):
    """softmax(Q K^T / sqrt(d_k) + M) V, and the weights (one row each).

    >>> out, weights = attention(np.ones((2, 4)), np.ones((2, 4)),
    ...                          np.array([[1.0], [3.0]]))
    >>> out.ravel(), weights[0]
    (array([2., 2.]), array([0.5, 0.5]))
    """
    S = scaled_scores(Q, K)
    if M is not None:
        S = S + M
    weights = softmax_rows(S)
    return weights @ np.asarray(V, dtype=float), weights
# --8<-- [end:attention]

# --8<-- [start:mask]

def causal_mask(n):
    """M: 0 where token i may look at token j (j <= i), -inf where j > i.

    >>> causal_mask(3)
    array([[  0., -inf, -inf],
           [  0.,   0., -inf],
           [  0.,   0.,   0.]])
    """
    return np.triu(np.full((n, n), -np.inf), k=1)
# --8<-- [end:mask]

# --8<-- [start:variance]

def dot_product_variance(d_k, pairs=20_000, seed=0):
    """Measured variance of the dot product of two random d_k-vectors.

    Entries are independent, mean 0, variance 1, so the answer is d_k.
    The sum runs over 64 coordinates at a time to keep memory small.

    >>> round(dot_product_variance(16), 1)
    16.0
    """
    rng = np.random.default_rng(seed)
    dots = np.zeros(pairs)
    for start in range(0, d_k, 64):
        width = min(64, d_k - start)
        a = rng.standard_normal((pairs, width))
        b = rng.standard_normal((pairs, width))
        dots += np.sum(a * b, axis=1)
    return float(np.var(dots))


def largest_weight(d_k, n_keys=16, scaled=True, trials=1000, seed=0):
    """Average, over random queries, of the largest softmax weight.

    Near 1/n_keys: attention spreads out; near 1: one key takes all.

    >>> 1 / 16 < largest_weight(64) < largest_weight(64, scaled=False)
    True
    """
    rng = np.random.default_rng(seed)
    top = []
    for _ in range(trials):
        q = rng.standard_normal(d_k)
        keys = rng.standard_normal((n_keys, d_k))
        s = keys @ q / (math.sqrt(d_k) if scaled else 1.0)
        top.append(softmax_rows(s).max())
    return float(np.mean(top))
# --8<-- [end:variance]

# --8<-- [start:multi_head]

def head_columns(i, d, n_heads):
    """The columns of a (d x d) projection that belong to head i."""
    if d % n_heads:
        raise ValueError(f"d = {d} is not divisible by {n_heads} heads")
    d_k = d // n_heads
    return slice(i * d_k, (i + 1) * d_k)


def multi_head_attention(Q, K, V, p, n_heads, M=None):
    """Concat(head_1, ..., head_h) W^O + b^O, with
    head_i = attention(Q W_i^Q + b_i^Q, K W_i^K + b_i^K, V W_i^V + b_i^V).

    W_i^Q is the i-th block of columns of p["WQ"] (shape d x d), and so on.
    For self-attention, Q = K = V = X.

    >>> d = 4
    >>> p = {n: np.eye(d) for n in ("WQ", "WK", "WV", "WO")}
    >>> p.update({n: np.zeros(d) for n in ("bQ", "bK", "bV", "bO")})
    >>> X = np.arange(8.0).reshape(2, 4)
    >>> multi_head_attention(X, X, X, p, 2, causal_mask(2))[0]   # token 0
    array([0., 1., 2., 3.])
    """
    d = p["WQ"].shape[0]
    heads = []
    for i in range(n_heads):
        c = head_columns(i, d, n_heads)
        out, _ = attention(Q @ p["WQ"][:, c] + p["bQ"][c],
                           K @ p["WK"][:, c] + p["bK"][c],
                           V @ p["WV"][:, c] + p["bV"][c], M)
        heads.append(out)
    return np.concatenate(heads, axis=1) @ p["WO"] + p["bO"]
# --8<-- [end:multi_head]

# --8<-- [start:positions]

def frequencies(d, base=10_000.0):
    """omega_i = base^(-2i/d) for i = 0, 1, ..., d/2 - 1.

    >>> frequencies(4)
    array([1.  , 0.01])
    """
    if d % 2:
        raise ValueError(f"d must be even, got {d}")
    return base ** (-np.arange(0, d, 2) / d)


def positional_encoding(n, d):
    """Row pos: sin(pos omega_i) in column 2i, cos(pos omega_i) in 2i + 1.

    >>> positional_encoding(2, 2)
    array([[0.        , 1.        ],
           [0.84147098, 0.54030231]])
    """
    angles = np.arange(n)[:, None] * frequencies(d)[None, :]
    PE = np.empty((n, d))
    PE[:, 0::2] = np.sin(angles)
    PE[:, 1::2] = np.cos(angles)
    return PE


def rotation(angle):
    """R with R (sin a, cos a) = (sin(a + angle), cos(a + angle)).

    >>> rotation(0.0)
    array([[ 1.,  0.],
           [-0.,  1.]])
    """
    c, s = math.cos(angle), math.sin(angle)
    return np.array([[c, s], [-s, c]])
# --8<-- [end:positions]

# --8<-- [start:block]

def feed_forward(X, p):
    """GELU(X W_1 + b_1) W_2 + b_2, the same little MLP for every token."""
    return gelu(X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]


def transformer_block(X, p, n_heads, M=None, pre_ln=True):
    """One block: attention and feed-forward, each with a residual.

    Pre-LN normalises each sub-layer's input and leaves the residual
    stream alone; post-LN normalises after each addition.
    """
    def ln1(Z):
        return layer_norm(Z, p["g1"], p["beta1"])

    def ln2(Z):
        return layer_norm(Z, p["g2"], p["beta2"])

    if pre_ln:
        Z = ln1(X)
        X = X + multi_head_attention(Z, Z, Z, p, n_heads, M)
        return X + feed_forward(ln2(X), p)
    X = ln1(X + multi_head_attention(X, X, X, p, n_heads, M))
    return ln2(X + feed_forward(X, p))


def init_block(d, seed=0, ff_mult=4):
    """Random weights for one block of width d (std 0.02, biases 0)."""
    rng = np.random.default_rng(seed)
    shapes = {"WQ": (d, d), "WK": (d, d), "WV": (d, d), "WO": (d, d),
              "W1": (d, ff_mult * d), "W2": (ff_mult * d, d)}
    p = {n: 0.02 * rng.standard_normal(s) for n, s in shapes.items()}
    for n, size in [("bQ", d), ("bK", d), ("bV", d), ("bO", d),
                    ("b1", ff_mult * d), ("b2", d), ("beta1", d), ("beta2", d)]:
        p[n] = np.zeros(size)
    p["g1"], p["g2"] = np.ones(d), np.ones(d)
    return p
# --8<-- [end:block]

# --8<-- [start:count]

def block_parameters(d, ff_mult=4):
    """Parameters of one block: weights, biases and layer norms, by part."""
    return {"attention weights": 4 * d * d,          # W^Q, W^K, W^V, W^O
            "attention biases": 4 * d,
            "feed-forward weights": 2 * ff_mult * d * d,   # W_1 and W_2
            "feed-forward biases": ff_mult * d + d,
            "layer norms": 2 * 2 * d}                # a scale and a shift each


def kv_cache_bytes(n_layers, d, tokens, bytes_per_value=2):
    """A key and a value vector of width d, per layer, per cached token."""
    return 2 * n_layers * d * tokens * bytes_per_value


def multiply_adds(n, d, ff_mult=4):
    """Multiply-adds of one block's forward pass over n tokens, by part."""
    return {"Q K^T and weights V": 2 * n * n * d,
            "projections Q, K, V, O": 4 * n * d * d,
            "feed-forward": 2 * ff_mult * n * d * d}
# --8<-- [end:count]

# --8<-- [start:kv_cache]

def generate_with_cache(X, WQ, WK, WV):
    """Causal self-attention one token at a time, keeping past keys and
    values: step t computes one new key and value and one row of scores."""
    K_cache, V_cache, rows = [], [], []
    for x in np.asarray(X, dtype=float):
        K_cache.append(x @ WK)             # cache the new key and value ...
        V_cache.append(x @ WV)
        out, _ = attention((x @ WQ)[None, :], np.array(K_cache),
                           np.array(V_cache))   # ... attend to all so far
        rows.append(out[0])
    return np.array(rows)
# --8<-- [end:kv_cache]

# --8<-- [start:tiled]

def attention_tiled(Q, K, V, block=2):
    """softmax(Q K^T / sqrt(d_k)) V, reading the keys `block` at a time.

    An online softmax keeps, per query, the running maximum m, the running
    sum of exp(score - m) and the running weighted sum of values; a new
    maximum rescales both by exp(old m - new m). Only (n x block) scores
    exist at any time, never the full (n x n) matrix.
    """
    Q, K, V = (np.asarray(A, dtype=float) for A in (Q, K, V))
    m = np.full(len(Q), -np.inf)
    total = np.zeros(len(Q))
    acc = np.zeros((len(Q), V.shape[1]))
    for start in range(0, len(K), block):
        S = scaled_scores(Q, K[start:start + block])
        new_m = np.maximum(m, S.max(axis=1))
        rescale = np.exp(m - new_m)            # 0 on the first block
        e = np.exp(S - new_m[:, None])
        total = total * rescale + e.sum(axis=1)
        acc = acc * rescale[:, None] + e @ V[start:start + block]
        m = new_m
    return acc / total[:, None]
# --8<-- [end:tiled]


# ---------------------------------------------------------------------------
# The page's worked examples: each returns the numbers in the order the page
# states them.

EX_Q = np.array([[1.0, 0.0, 1.0, 0.0],
                 [0.0, 2.0, 0.0, 1.0],
                 [1.0, 1.0, 0.0, 0.0],
                 [0.0, 0.0, 1.0, 1.0]])
EX_K = np.array([[1.0, 1.0, 0.0, 0.0],
                 [0.0, 1.0, 0.0, 2.0],
                 [1.0, 0.0, 1.0, 0.0],
                 [2.0, 0.0, 0.0, 1.0]])
EX_V = np.array([[1.0, 0.0],
                 [0.0, 1.0],
                 [1.0, 1.0],
                 [2.0, -1.0]])


def worked_example():
    """softmax(Q K^T / sqrt(d_k)) V for four tokens, every step shown."""
    Q, K, V = EX_Q, EX_K, EX_V
    d_k = Q.shape[1]
    raw = Q @ K.T
    S = scaled_scores(Q, K)
    out, W = attention(Q, K, V)
    t = [("n", len(Q)), ("d_k", d_k), ("Q", Q), ("K", K), ("V", V)]
    t += [("K^T", K.T)]
    t += [("K[0,1]", K[0, 1]), ("K[1,0]", K[1, 0])]
    # Entry (2, 4) of Q K^T: row 2 of Q times column 4 of K^T (row 4 of K).
    t += [("row", 2), ("column", 4), ("row", 2), ("column", 4), ("row", 4),
          ("Q row 2", Q[1]), ("K^T column 4", K.T[:, 3]), ("(QK^T)[2,4]", raw[1, 3])]
    t += [("QK^T", raw)]
    t += [("d_k", d_k), ("sqrt(d_k)", math.sqrt(d_k)), ("S", S)]
    # Row 1 of the weights by hand.
    e = np.exp(S[0])
    t += [("row", 1), ("S row 1", S[0]), ("exp", e), ("sum", e.sum()),
          ("weights row 1", W[0])]
    t += [("weights", W), ("row sums", W.sum(axis=1))]
    # Entry (1, 1) of the output by hand, then all of it.
    t += [("row", 1), ("column", 1), ("row", 1), ("column", 1),
          ("weights row 1", W[0]), ("V column 1", V[:, 0]), ("out[1,1]", out[0, 0]),
          ("output", out)]
    t += [("weights[2,2]", W[1, 1]), ("V row 2", V[1])]
    return t


def worked_example_causal():
    """The same four tokens with the causal mask."""
    Q, K, V = EX_Q, EX_K, EX_V
    n = len(Q)
    M = causal_mask(n)
    S = scaled_scores(Q, K)
    out, W = attention(Q, K, V, M)
    kept = np.isfinite(M)
    # The page prints -inf as a symbol: only the finite entries are numbers.
    t = [("M, finite entries", M[kept]), ("S + M, finite entries", (S + M)[kept])]
    e = np.exp(S[1, :2])
    t += [("row", 2), ("S row 2 kept", S[1, :2]), ("exp", e), ("sum", e.sum()),
          ("weights row 2", W[1, :2])]
    t += [("weights", W), ("row sums", W.sum(axis=1))]
    t += [("output", out), ("V row 1", V[0])]
    return t


PE_D, PE_POS, PE_SHIFT = 4, 2, 3


def worked_example_rotation():
    """PE(pos + shift) = R(omega_i shift) PE(pos), pair by pair."""
    d, pos, shift = PE_D, PE_POS, PE_SHIFT
    omega = frequencies(d)
    PE = positional_encoding(pos + shift + 1, d)
    angles = pos * omega
    t = [("d", d), ("pairs", d // 2), ("omega", omega), ("base", 10_000),
         ("d", d), ("pos", pos), ("pos", pos)]
    t += [("pos omega_0", angles[0]), ("pos omega_0", angles[0]),
          ("pos omega_1", angles[1]), ("pos omega_1", angles[1]), ("PE(pos)", PE[pos])]
    R = rotation(omega[0] * shift)
    t += [("shift", shift), ("omega_0", omega[0]), ("shift", shift),
          ("angle", omega[0] * shift), ("angle", omega[0] * shift),
          ("pos", pos), ("pos", pos)]
    pair = PE[pos, 0:2]
    t += [("R", R), ("pair at pos", pair), ("rotated", R @ pair)]
    t += [("pos+shift", pos + shift), ("pos+shift", pos + shift), ("pos+shift", pos + shift),
          ("PE(pos+shift) pair", PE[pos + shift, 0:2])]
    R1 = rotation(omega[1] * shift)
    t += [("omega_1", omega[1]), ("angle", omega[1] * shift), ("R", R1),
          ("pair at pos", PE[pos, 2:4]), ("rotated", R1 @ PE[pos, 2:4]),
          ("(pos+shift) omega_1", (pos + shift) * omega[1]),
          ("(pos+shift) omega_1", (pos + shift) * omega[1])]
    t += [("pos", pos)]
    return t


GPT2_D, GPT2_LAYERS, GPT2_VOCAB, GPT2_CONTEXT, GPT2_HEADS = 768, 12, 50_257, 1024, 12


def worked_example_count():
    """Parameters of one block at d = 768, exact and 12 d^2; GPT-2 small."""
    d = GPT2_D
    parts = block_parameters(d)
    exact = sum(parts.values())
    t = [("d", d), ("d", d)]
    t += [("4", 4), ("4d^2", parts["attention weights"]),
          ("4", 4), ("4d", parts["attention biases"]),
          ("8", 8), ("8d^2", parts["feed-forward weights"]),
          ("4", 4), ("5d", parts["feed-forward biases"]),
          ("4", 4), ("4d", parts["layer norms"])]
    t += [("exact", exact), ("12", 12), ("12 d^2", 12 * d * d), ("13", 13),
          ("13 d", 13 * d), ("share", 12 * d * d / exact)]
    blocks = GPT2_LAYERS * exact
    tokens = GPT2_VOCAB * d
    positions = GPT2_CONTEXT * d
    final_ln = 2 * d
    total = blocks + tokens + positions + final_ln
    t += [("GPT-2", 2), ("layers", GPT2_LAYERS), ("heads", GPT2_HEADS), ("d", d),
          ("4d", 4 * d), ("vocab", GPT2_VOCAB), ("context", GPT2_CONTEXT)]
    t += [("layers", GPT2_LAYERS), ("blocks", blocks), ("vocab", GPT2_VOCAB), ("d", d),
          ("token table", tokens), ("position table", positions),
          ("final LN", final_ln), ("total", total), ("millions", round(total / 1e6))]
    return t


# ---------------------------------------------------------------------------
# Common mistakes: the wrong version next to the right one.

MH_SEED, MH_N, MH_D, MH_HEADS = 3, 3, 4, 2


def scores_with_key_weights_on_queries(X, WK):
    """The typo: queries projected with W^K. S = (X W^K)(X W^K)^T / sqrt(d_k)."""
    return scaled_scores(X @ WK, X @ WK)


def mistake_mask_after_softmax():
    """Zeroing weights after the softmax, or zeroing scores before it, is wrong."""
    Q, K = EX_Q, EX_K
    S = scaled_scores(Q, K)
    M = causal_mask(len(Q))
    allowed = np.isfinite(M)
    W_full = softmax_rows(S)
    zeroed = np.where(allowed, W_full, 0.0)          # mask after the softmax
    S_zeroed = np.where(allowed, S, 0.0)             # 0 where -inf belongs
    right = softmax_rows(S + M)
    renormalised = zeroed / zeroed.sum(axis=1, keepdims=True)
    if not np.allclose(renormalised, right):
        raise AssertionError("renormalising the zeroed rows should give the mask")
    return [("weights row 1, no mask", W_full[0]), ("zeroed row 1", zeroed[0]),
            ("row sums, zeroed", zeroed.sum(axis=1)),
            ("S row 1", S[0]), ("scores zeroed row 1", S_zeroed[0]),
            ("exponent", 0), ("e^0", math.exp(0.0)),
            ("weights, scores zeroed, row 1", softmax_rows(S_zeroed)[0]),
            ("right row 1", right[0]), ("right row 2", right[1]),
            ("row sums, right", right.sum(axis=1))]


def mistake_key_weights_on_queries():
    """W_i^K on the queries makes every score matrix symmetric."""
    rng = np.random.default_rng(MH_SEED)
    X = np.round(rng.standard_normal((MH_N, MH_D)), 1)
    WQ = np.round(rng.standard_normal((MH_D, MH_D // MH_HEADS)), 1)
    WK = np.round(rng.standard_normal((MH_D, MH_D // MH_HEADS)), 1)
    wrong = scores_with_key_weights_on_queries(X, WK)
    right = scaled_scores(X @ WQ, X @ WK)
    return [("n", MH_N), ("d", MH_D), ("d_k", MH_D // MH_HEADS),
            ("wrong S", wrong), ("max |S - S^T| wrong", np.abs(wrong - wrong.T).max()),
            ("right S", right), ("max |S - S^T| right", np.abs(right - right.T).max())]


def mistake_k_for_k_transpose():
    """Q K (K printed for K^T) gives other scores than Q K^T."""
    Q, K = EX_Q, EX_K
    wrong, right = Q @ K, Q @ K.T
    return [("row", 1), ("row 1 of QK", wrong[0]), ("row", 1), ("row 1 of QK^T", right[0]),
            ("max |K - K^T|", np.abs(K - K.T).max())]


# ---------------------------------------------------------------------------
# Exercises

EX1_Q = np.array([[1.0, 1.0, 0.0, 2.0]])
EX1_K = np.array([[2.0, 0.0, 1.0, 1.0],
                  [0.0, 1.0, 1.0, 0.0]])
EX1_V = np.array([[4.0], [0.0]])


def exercise_one_query():
    """One query, two keys, d_k = 4."""
    Q, K, V = EX1_Q, EX1_K, EX1_V
    q, k1, k2 = Q[0], K[0], K[1]
    raw = (Q @ K.T)[0]
    S = scaled_scores(Q, K)[0]
    out, W = attention(Q, K, V)
    t = [("exercise", 1), ("keys", 2), ("q", q), ("k1", k1), ("k2", k2),
         ("v", V[:, 0])]
    # 1*2 + 1*0 + 0*1 + 2*1 = 4 and 0 + 1 + 0 + 0 = 1: the products, term by term.
    t += [("q*k1 factors", np.ravel(np.column_stack([q, k1]))), ("raw 1", raw[0])]
    t += [("q*k2 terms", q * k2), ("raw 2", raw[1])]
    t += [("d_k", 4), ("sqrt(d_k)", 2.0), ("S", S)]
    t += [("1", 1), ("1", 1), ("S[1]", S[1]), ("S[0]", S[0]), ("1", 1), ("1", 1),
          ("exp diff", math.exp(S[1] - S[0])), ("weights", W[0])]
    t += [("w0", W[0, 0]), ("v0", V[0, 0]), ("w1", W[0, 1]), ("v1", V[1, 0]),
          ("out", out[0, 0])]
    return t


EX2_S = np.array([[0.5, 1.0, 2.0],
                  [1.0, 0.0, 3.0],
                  [0.0, 0.0, 0.0]])


def exercise_causal_row():
    """The causal mask on a 3 x 3 score matrix: row 2."""
    W = softmax_rows(EX2_S + causal_mask(3))
    e = np.exp(EX2_S[1, :2])
    return [("exercise", 2), ("S", EX2_S), ("row", 2),
            ("row", 2), ("kept", EX2_S[1, :2]), ("blocked score", EX2_S[1, 2]),
            ("exp", e), ("sum", e.sum()), ("weights row 2", W[1]),
            ("row", 1), ("row 1", W[0]), ("row", 3), ("row 3", W[2])]


EX3_DK = 64


def exercise_variance():
    """Standard deviation of a raw dot product, and after scaling."""
    dk, std = EX3_DK, math.sqrt(EX3_DK)
    return [("exercise", 3), ("d_k", dk),
            ("products", dk), ("variance", dk), ("std", std),
            ("sqrt(d_k)", std), ("divides std by", std), ("divides variance by", dk),
            ("scaled variance", 1.0), ("scaled std", 1.0),
            ("three std", 3 * std), ("exponent", 3 * std), ("exponent", 0)]


EX4_LAYERS, EX4_D, EX4_TOKENS, EX4_BYTES = 32, 4096, 4096, 2


def exercise_kv_cache():
    """KV-cache memory for a 32-layer model of width 4096, 16-bit values."""
    per_token = kv_cache_bytes(EX4_LAYERS, EX4_D, 1, EX4_BYTES)
    total = kv_cache_bytes(EX4_LAYERS, EX4_D, EX4_TOKENS, EX4_BYTES)
    sizes = [("layers", EX4_LAYERS), ("d", EX4_D), ("bytes", EX4_BYTES)]
    return ([("exercise", 4)] + sizes + [("tokens", EX4_TOKENS), ("key and value", 2)]
            + sizes + [("key and value", 2)] + sizes
            + [("per token", per_token), ("KiB", per_token / 1024),
               ("tokens", EX4_TOKENS), ("total", total), ("GiB", total / 2**30)])


# ---------------------------------------------------------------------------
# Claims in prose, figures' alt text and interview answers

SCALING_DKS = (4, 16, 64, 256, 1024)
SAT_DK, SAT_KEYS = 512, 16


def claims_scaling():
    """Why divide by sqrt(d_k): measured variances and softmax saturation.

    Region of the page: its givens (0, 1, 2, 10000, 2017, 2019) are not listed.
    """
    dk = 64
    measured = dot_product_variance(dk)
    return [("pairs", 20_000), ("d_k", dk), ("measured", measured),
            ("std", math.sqrt(dk)), ("scaled", measured / dk),
            ("keys", SAT_KEYS), ("d_k", SAT_DK),
            ("largest unscaled", largest_weight(SAT_DK, SAT_KEYS, scaled=False)),
            ("largest scaled", largest_weight(SAT_DK, SAT_KEYS, scaled=True)),
            ("uniform", 1 / SAT_KEYS),
            ("keys, light alt text", SAT_KEYS), ("keys, dark alt text", SAT_KEYS)]


def claims_block():
    """The transformer block's parameter formula (givens 1, 2, 4, 12 are not listed)."""
    parts = block_parameters(1)            # coefficients: d = 1 leaves them bare
    return [("8 (feed-forward d^2)", parts["feed-forward weights"]),
            ("13 (biases and norms per d)", parts["attention biases"]
             + parts["feed-forward biases"] + parts["layer norms"])]


def claims_cost():
    """Cost of attention at GPT-2 small's size, and the KV cache.

    Region of the page: the givens (2, 4, 6, 12, 768, 1024, 2022) are not listed.
    """
    n, d = GPT2_CONTEXT, GPT2_D
    ops = multiply_adds(n, d)
    per_token = kv_cache_bytes(GPT2_LAYERS, d, 1)
    full = kv_cache_bytes(GPT2_LAYERS, d, n)
    scores = n * n * GPT2_HEADS * 4          # 4 bytes a number
    return [("8 (feed-forward n d^2)", multiply_adds(1, 1)["feed-forward"]),
            ("attention", ops["Q K^T and weights V"]),
            ("projections + FFN", ops["projections Q, K, V, O"] + ops["feed-forward"]),
            ("scores bytes", scores), ("MiB", scores / 2**20),
            ("values per token", 2 * GPT2_LAYERS * d),
            ("per token", per_token), ("KiB", per_token / 1024),
            ("MiB", full / 2**20)]


def claims_interview():
    """Numbers in the interview answers, in reading order."""
    n, width, heads = 5, 8, 2
    rng = np.random.default_rng(1)
    X = rng.standard_normal((n, width))
    perm = np.array([2, 0, 4, 1, 3])
    p = init_block(width, seed=1)
    out = multi_head_attention(X, X, X, p, heads)
    out_perm = multi_head_attention(X[perm], X[perm], X[perm], p, heads)
    gap = float(np.abs(out[perm] - out_perm).max())
    d = 512
    parts = block_parameters(d)
    t = [("tokens", n), ("width", width), ("gap below", 1e-12 if gap < 1e-12 else gap)]
    t += [("8", parts["feed-forward weights"] // (d * d)), ("13", 13),
          ("d", d), ("exact", sum(parts.values())), ("12 d^2", 12 * d * d)]
    count = dict(worked_example_count())
    t += [("millions", count["millions"]),
          ("token table, millions", round(count["token table"] / 1e6, 1))]
    t += [("KiB", kv_cache_bytes(GPT2_LAYERS, GPT2_D, 1) / 1024),
          ("MiB", kv_cache_bytes(GPT2_LAYERS, GPT2_D, GPT2_CONTEXT) / 2**20)]
    return t


EXAMPLES = (worked_example, worked_example_causal, worked_example_rotation,
            worked_example_count)
EXERCISES = (exercise_one_query, exercise_causal_row, exercise_variance,
             exercise_kv_cache)
TRANSCRIPTS = (mistake_mask_after_softmax, mistake_key_weights_on_queries,
               mistake_k_for_k_transpose, claims_scaling, claims_block, claims_cost,
               claims_interview)


def main():
    """Print each transcript, worked examples first, one (name, value) a line."""
    for transcript in EXAMPLES + EXERCISES + TRANSCRIPTS:
        print(f"# {transcript.__name__}")
        for name, value in transcript():
            print(f"  {name} = {np.round(np.asarray(value, dtype=float), 5).tolist()}")
        print()


if __name__ == "__main__":
    main()
