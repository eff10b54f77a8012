"""Embeddings, in NumPy.

Run ``python snippets/embeddings.py`` to print the worked examples of the page
"Embeddings"; ``python -m doctest snippets/embeddings.py`` runs the examples in
the docstrings.

Conventions: the vocabulary has ``V`` tokens, numbered 0 to V - 1 as in Python.
The embedding table ``E`` has shape ``(V, d)``: row ``i`` is token ``i``'s
vector. A sequence of ``n`` tokens is a list of ids; looking it up gives a
matrix ``A`` of shape ``(n, d)``, one row per token.
"""
import numpy as np

from forward_pass import sigmoid
from losses import softplus
from shapes import l2_norm

# --8<-- [start:lookup]

def one_hot(ids, vocab_size):
    """One row per id: all zeros except a one in the id's column.

    >>> one_hot([2, 0], 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    ids = np.asarray(ids)
    if ids.size and (ids.min() < 0 or ids.max() >= vocab_size):
        raise ValueError(f"ids must lie in 0..{vocab_size - 1}, got {ids}")
    return np.eye(vocab_size)[ids]


def embed(E, ids):
    """The lookup: row ids[t] of E for every token t. No arithmetic at all.

    >>> embed(np.array([[1.0, 2.0], [3.0, 4.0]]), [1, 1, 0])
    array([[3., 4.],
           [3., 4.],
           [1., 2.]])
    """
    E = np.asarray(E, dtype=float)
    one_hot(ids, len(E))              # only to refuse an id outside the table
    return E[np.asarray(ids)]


def embed_by_product(E, ids):
    """The same rows as a matrix product: one-hot rows times E."""
    E = np.asarray(E, dtype=float)
    return one_hot(ids, len(E)) @ E


def lookup_cost(n_tokens, vocab_size, d):
    """Multiply-adds of the one-hot product, and numbers the lookup copies.

    >>> lookup_cost(1, 6, 3)
    (18, 3)
    """
    return n_tokens * vocab_size * d, n_tokens * d
# --8<-- [end:lookup]

# --8<-- [start:lookup_backward]

def embed_backward(dA, ids, vocab_size):
    """dL/dE for A = embed(E, ids), given dA = dL/dA (one row per token).

    Row i of the result adds up the rows of dA of every token with id i;
    rows of tokens that were not looked up stay zero. np.add.at adds once
    per occurrence, so a token that appears twice gets both rows.

    >>> embed_backward(np.array([[1.0], [2.0], [4.0]]), [0, 2, 0], 3)
    array([[5.],
           [0.],
           [2.]])
    """
    dA = np.asarray(dA, dtype=float)
    ids = np.asarray(ids)
    if dA.shape[0] != ids.size:
        raise ValueError(f"dA has {dA.shape[0]} rows for {ids.size} ids")
    one_hot(ids, vocab_size)          # refuse an id outside the table
    dE = np.zeros((vocab_size, dA.shape[1]))
    np.add.at(dE, ids, dA)            # dE[ids[t]] += dA[t], for every t
    return dE


def embed_backward_fancy_index(dA, ids, vocab_size):
    """The Common mistake: dE[ids] += dA keeps one row per repeated id."""
    dA = np.asarray(dA, dtype=float)
    dE = np.zeros((vocab_size, dA.shape[1]))
    dE[np.asarray(ids)] += dA         # a repeated id is written, not added
    return dE
# --8<-- [end:lookup_backward]

# --8<-- [start:cosine]

def cosine_similarity(a, b):
    """cos psi = a . b / (|a| |b|): 1 same direction, 0 at right angles.

    >>> round(cosine_similarity([1.0, 0.0], [1.0, 1.0]), 4)
    0.7071
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    norms = l2_norm(a) * l2_norm(b)
    if norms == 0.0:
        raise ValueError("cosine similarity of a zero vector is undefined")
    return float(a @ b / norms)


def cosine_matrix(E):
    """Cosine similarity of every row of E with every other row."""
    E = np.asarray(E, dtype=float)
    return np.array([[cosine_similarity(a, b) for b in E] for a in E])
# --8<-- [end:cosine]

# --8<-- [start:sgns]

def sgns_loss(e_c, e_o, E_neg):
    """Skip-gram negative-sampling loss of one centre word.

    e_c: the centre word's vector (a row of E); e_o: the true context
    word's vector and E_neg: the negative words' vectors, one per row
    (rows of the context table). The loss is
    -log sigma(e_o . e_c) - sum_k log sigma(-e_k . e_c), written with
    -log sigma(z) = softplus(-z) so that it never takes log(0).

    >>> round(float(sgns_loss([0.0, 0.0], [1.0, 1.0], [[1.0, 0.0]])), 4)
    1.3863
    """
    e_c, e_o, E_neg = (np.asarray(v, dtype=float) for v in (e_c, e_o, E_neg))
    return float(softplus(-(e_o @ e_c)) + softplus(E_neg @ e_c).sum())


def sgns_grads(e_c, e_o, E_neg):
    """Gradients of sgns_loss with respect to e_c, e_o and each negative.

    With s = sigma(score): d/d score of -log sigma(z) is s - 1 and of
    -log sigma(-z) is s (binary cross-entropy with labels 1 and 0).
    """
    e_c, e_o, E_neg = (np.asarray(v, dtype=float) for v in (e_c, e_o, E_neg))
    g_o = sigmoid(e_o @ e_c) - 1.0        # dL/d(score) of the true pair
    g_neg = sigmoid(E_neg @ e_c)          # dL/d(score) of each negative
    d_c = g_o * e_o + g_neg @ E_neg
    return d_c, g_o * e_c, np.outer(g_neg, e_c)


def sgns_step(e_c, e_o, E_neg, lr):
    """One gradient-descent step on all four vectors at once."""
    if lr <= 0:
        raise ValueError(f"the learning rate must be positive, got {lr}")
    d_c, d_o, d_neg = sgns_grads(e_c, e_o, E_neg)
    return (np.asarray(e_c) - lr * d_c, np.asarray(e_o) - lr * d_o,
            np.asarray(E_neg) - lr * d_neg)
# --8<-- [end:sgns]

# --8<-- [start:analogy]

def nearest(E, target, exclude=()):
    """Row ids of E ranked by cosine similarity with target, best first.

    Returns (ids, similarities); ids in ``exclude`` are left out.
    """
    sims = np.array([cosine_similarity(row, target) for row in E])
    ranked = np.argsort(-sims, kind="stable")
    order = [int(i) for i in ranked if i not in set(exclude)]
    return order, sims[order]


def analogy(E, a, b, c, exclude_query=True):
    """'a is to b as c is to ?': the row nearest to E[b] - E[a] + E[c].

    >>> E = np.array([[1.0, 0.0], [1.0, 1.0], [2.0, 0.0], [2.0, 2.1]])
    >>> analogy(E, 0, 1, 2)[0]
    3
    """
    E = np.asarray(E, dtype=float)
    target = E[b] - E[a] + E[c]
    ids, sims = nearest(E, target, exclude=(a, b, c) if exclude_query else ())
    return int(ids[0]), float(sims[0]), target
# --8<-- [end:analogy]

# --8<-- [start:parameters]

def embedding_parameters(vocab_size, d, tied=True):
    """Numbers in the input table, plus an output layer unless it is tied.

    >>> embedding_parameters(6, 3), embedding_parameters(6, 3, tied=False)
    (18, 36)
    """
    return vocab_size * d * (1 if tied else 2)


def gpt2_parameters(vocab_size, d, layers, context):
    """GPT-2's parameter count: token and position tables, blocks, last norm.

    Each block: two layer norms (2d each), attention (d -> 3d and d -> d,
    with biases) and the MLP (d -> 4d -> d, with biases): 12 d^2 + 13 d.
    The output layer reuses the token table (tied), so it adds nothing.
    """
    norms = 2 * (2 * d)
    attention = (d * 3 * d + 3 * d) + (d * d + d)
    mlp = (d * 4 * d + 4 * d) + (4 * d * d + d)
    block = norms + attention + mlp
    return vocab_size * d + context * d + layers * block + 2 * d
# --8<-- [end:parameters]


# --------------------------------------------------------------------------
# The page's numbers.

WORDS = ["king", "queen", "man", "woman", "apple", "orange"]
KING, QUEEN, MAN, WOMAN, APPLE, ORANGE = range(6)
# A hand-made table with d = 3; the people lie in the first two coordinates.
TABLE = np.array([[3.0, 1.0, 0.0],
                  [1.4, 1.8, 0.0],
                  [1.0, 0.2, 0.0],
                  [0.2, 0.6, 0.0],
                  [0.3, 0.2, 2.0],
                  [0.1, 0.4, 1.8]])
SENTENCE = [KING, MAN, KING]                 # ids looked up in the gradient example
UPSTREAM = np.array([[0.1, -0.2, 0.3],       # dL/dA, one row per token of SENTENCE
                     [0.3, 0.1, -0.1],
                     [-0.4, 0.5, 0.2]])

# Skip-gram: fresh (untrained) rows, d = 2. Centre "king", context "queen",
# negatives "apple" and "orange".
SG_CENTRE = np.array([0.4, -0.2])
SG_CONTEXT = np.array([0.3, 0.1])
SG_NEGATIVES = np.array([[-0.2, 0.5],
                         [0.5, 0.3]])
SG_LR = 0.5

# GPT-2 small, as published (Hugging Face config of openai-community/gpt2).
GPT2_VOCAB, GPT2_D, GPT2_LAYERS, GPT2_CONTEXT = 50257, 768, 12, 1024


def _scores(e_c, e_o, E_neg):
    return float(e_o @ e_c), E_neg @ e_c


def _dot_terms(a, b):
    """a[0], b[0], a[1], b[1], ...: the factors of a dot product written out."""
    return [v for pair in zip(a, b) for v in pair]


def claims_the_math():
    """'The math', one-hot vectors to skip-gram: cosine's range ends at -1."""
    return [("cosine of opposite vectors", cosine_similarity([1.0, 0.0], [-1.0, 0.0]))]


def claims_table():
    """The worked examples' table (values equal to the givens 0, 1, 2 are read as givens)."""
    d = TABLE.shape[1]
    return [("d", d)] + [("E", v) for v in TABLE.ravel() if v not in (0.0, 1.0, 2.0)]


def worked_example():
    """Lookup = one-hot product, its cost, and the lookup's sparse gradient."""
    E, V, d = TABLE, *TABLE.shape
    x = one_hot([QUEEN], V)[0]
    by_product = embed_by_product(E, [QUEEN])[0]
    t = [("queen", QUEEN), ("one-hot of queen", x)]
    t += [(f"x[{k}] E[{k},0]", v) for k, v in enumerate(_dot_terms(x, E[:, 0]))]
    t += [("product[0]", by_product[0]), ("x E", by_product), ("row", QUEEN),
          ("E[queen]", embed(E, [QUEEN])[0])]
    macs, copied = lookup_cost(1, V, d)
    t += [("|V|", V), ("d", d), ("multiply-adds", macs), ("by zero", macs - d), ("copied", copied)]
    # The gradient of a lookup.
    A = embed(E, SENTENCE)
    dE = embed_backward(UPSTREAM, SENTENCE, V)
    t += [("ids", np.array(SENTENCE)), ("A", A), ("dA", UPSTREAM)]
    t += [("king's positions", np.flatnonzero(np.array(SENTENCE) == KING))]
    t += [("dA[0]", UPSTREAM[0]), ("dA[2]", UPSTREAM[2]), ("dE[king]", dE[KING]),
          ("dE[man]", dE[MAN])]
    t += [("rows", V), ("zero rows", int((np.abs(dE).sum(axis=1) == 0).sum()))]
    return t


def worked_example_cosine():
    """Cosine similarities on the table: king with queen, king with apple."""
    E = TABLE
    k, q, a = E[KING], E[QUEEN], E[APPLE]
    C = cosine_matrix(E)
    t = [("king", k), ("queen", q)]
    t += [("king and queen, term by term", np.array(_dot_terms(k, q)))]
    t += [("king . queen", k @ q), ("|king|", l2_norm(k)), ("|queen|", l2_norm(q)),
          ("cos(king, queen)", cosine_similarity(k, q))]
    t += [("apple", a), ("king . apple", k @ a), ("|apple|", l2_norm(a)),
          ("king . apple", k @ a), ("|king|", l2_norm(k)), ("|apple|", l2_norm(a)),
          ("cos(king, apple)", cosine_similarity(k, a))]
    t += [("cos(apple, orange)", C[APPLE, ORANGE]), ("cos(king, man)", C[KING, MAN])]
    return t


def worked_example_sgns():
    """One step of skip-gram with negative sampling, every number in order."""
    e_c, e_o, E_neg, lr = SG_CENTRE, SG_CONTEXT, SG_NEGATIVES, SG_LR
    z_o, z_neg = _scores(e_c, e_o, E_neg)
    s_o, s_neg = float(sigmoid(z_o)), sigmoid(z_neg)
    loss = sgns_loss(e_c, e_o, E_neg)
    d_c, d_o, d_neg = sgns_grads(e_c, e_o, E_neg)
    n_c, n_o, n_neg = sgns_step(e_c, e_o, E_neg, lr)
    z_o2, z_neg2 = _scores(n_c, n_o, n_neg)
    loss2 = sgns_loss(n_c, n_o, n_neg)
    t = [("d", len(e_c)), ("e_c", e_c), ("e_o", e_o), ("e_1", E_neg[0]), ("e_2", E_neg[1]),
         ("lr", lr)]
    # Scores and sigmoids.
    t += [("e_o and e_c, term by term", np.array(_dot_terms(e_o, e_c))), ("z_o", z_o),
          ("z_1", z_neg[0]), ("z_2", z_neg[1])]
    t += [("sigma(z_o)", s_o), ("sigma(z_1)", s_neg[0]), ("sigma(z_2)", s_neg[1])]
    # The loss, term by term: -log sigma(z_o) = softplus(-z_o), -log sigma(-z_k) = softplus(z_k).
    terms = [float(softplus(-z_o)), float(softplus(z_neg[0])), float(softplus(z_neg[1]))]
    t += [("-log sigma(z_o)", terms[0]), ("-log sigma(-z_1)", terms[1]),
          ("-log sigma(-z_2)", terms[2]), ("loss", loss)]
    # Gradients.
    t += [("one", 1), ("sigma(z_o) - 1", s_o - 1.0), ("sigma(z_1)", s_neg[0]),
          ("sigma(z_2)", s_neg[1])]
    t += [("sigma(z_o) - 1", s_o - 1.0), ("e_o", e_o), ("sigma(z_1)", s_neg[0]), ("e_1", E_neg[0]),
          ("sigma(z_2)", s_neg[1]), ("e_2", E_neg[1]), ("dL/de_c", d_c)]
    t += [("sigma(z_o) - 1", s_o - 1.0), ("e_c", e_c), ("dL/de_o", d_o)]
    t += [("sigma(z_1)", s_neg[0]), ("e_c", e_c), ("dL/de_1", d_neg[0])]
    t += [("sigma(z_2)", s_neg[1]), ("e_c", e_c), ("dL/de_2", d_neg[1])]
    # The update and the loss after it.
    t += [("lr", lr), ("e_c", e_c), ("lr", lr), ("dL/de_c", d_c), ("new e_c", n_c)]
    t += [("new e_o", n_o), ("new e_1", n_neg[0]), ("new e_2", n_neg[1])]
    t += [("new z_o", z_o2), ("new z_1", z_neg2[0]), ("new z_2", z_neg2[1])]
    t += [("loss", loss), ("new loss", loss2)]
    t += [("rows of E moved", 1), ("rows of the context table moved", 1 + len(E_neg))]
    return t


def worked_example_analogy():
    """king - man + woman on the table, with the query words excluded."""
    E = TABLE
    best, sim, target = analogy(E, MAN, KING, WOMAN)
    t = [("king", E[KING, :2]), ("man", E[MAN, :2]), ("woman", E[WOMAN, :2]),
         ("target", target[:2])]
    t += [(f"cos(target, {w})", cosine_similarity(E[i], target)) for i, w in enumerate(WORDS)]
    t += [("best without the query words: queen", sim if best == QUEEN else np.nan)]
    step = E[WOMAN] - E[MAN]
    gap = E[QUEEN] - E[KING]
    t += [("woman - man", step[:2]), ("queen - king", gap[:2]),
          ("ratio", float(gap[0] / step[0]))]
    return t


def mistake_analogy_without_exclusion():
    """Common mistake: rank every word, query words included: king wins."""
    E = TABLE
    best, sim, _ = analogy(E, MAN, KING, WOMAN, exclude_query=False)
    right, right_sim, _ = analogy(E, MAN, KING, WOMAN)
    return [("winner with the query words: king", sim if best == KING else np.nan),
            ("winner without them: queen", right_sim if right == QUEEN else np.nan),
            ("query words", 3)]


def mistake_fancy_index():
    """Common mistake: dE[ids] += dA drops one of the two rows of a repeated token."""
    V = len(TABLE)
    wrong = embed_backward_fancy_index(UPSTREAM, SENTENCE, V)
    right = embed_backward(UPSTREAM, SENTENCE, V)
    return [("king's rows", SENTENCE.count(KING)), ("wrong dE[king]", wrong[KING]),
            ("dA[2]", UPSTREAM[2]), ("right dE[king]", right[KING])]


def claims_llm():
    """'Embedding tables in language models': GPT-2 small's table, cost, tying.

    |V| = 50257, d = 768 and the 1,024-token context are givens of the page."""
    V, d, n = GPT2_VOCAB, GPT2_D, GPT2_CONTEXT
    table = embedding_parameters(V, d)
    total = gpt2_parameters(V, d, GPT2_LAYERS, n)
    macs, copied = lookup_cost(n, V, d)
    return [("|V| d", table), ("share of the model", table / total), ("total", total),
            ("multiply-adds", macs), ("copied", copied),
            ("saved by tying", embedding_parameters(V, d, tied=False) - table),
            ("untied total", total + table)]


def claims_gpt2_count():
    """Deep dive: GPT-2 small's parameters, piece by piece."""
    V, d, layers, n = GPT2_VOCAB, GPT2_D, GPT2_LAYERS, GPT2_CONTEXT
    block = gpt2_parameters(V, d, layers + 1, n) - gpt2_parameters(V, d, layers, n)
    total = gpt2_parameters(V, d, layers, n)
    return [("GPT-2", 2), ("millions", round(total / 1e6)),
            ("|V| d", V * d), ("positions", n), ("d", d), ("n d", n * d),
            ("layers", layers), ("2d per norm", 2), ("3d", 3), ("4d", 4),
            ("12 d^2", 12), ("13 d", 13), ("12 d^2 + 13 d", block), ("all blocks", layers * block),
            ("final norm", 2 * d), ("total", total), ("millions", round(total / 1e6))]


def claims_interview_questions():
    """The interview answers and the key takeaways."""
    V, d, n = GPT2_VOCAB, GPT2_D, GPT2_CONTEXT
    macs, _ = lookup_cost(n, V, d)
    total = gpt2_parameters(V, d, GPT2_LAYERS, n)
    table = embedding_parameters(V, d)
    best, sim, _ = analogy(TABLE, MAN, KING, WOMAN, exclude_query=False)
    _, right_sim, _ = analogy(TABLE, MAN, KING, WOMAN)
    return [("multiply-adds", macs), ("|V| d", table), ("share", table / total),
            ("millions", round(total / 1e6)), ("|V| d", table),
            ("cos(target, king)", sim if best == KING else np.nan),
            ("cos(target, queen)", right_sim), ("|V| d", table)]


# Check yourself.

EX1_TABLE = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5], [-2.0, 1.0]])


def exercise_lookup():
    """Exercise 1: a one-hot product picks row 2 of a 4 x 2 table."""
    E, i = EX1_TABLE, 2
    x = one_hot([i], len(E))[0]
    out = embed_by_product(E, [i])[0]
    return [("exercise", 1), ("E", E), ("x", x),
            ("first entry", out[0]), ("second entry", out[1]), ("row", embed(E, [i])[0]),
            ("row number", i), ("|V|", E.shape[0]), ("d", E.shape[1]),
            ("multiply-adds", lookup_cost(1, *E.shape)[0]), ("E[2]", i)]


def exercise_cosine():
    """Exercise 2: cosine similarity, and a vector twice as long."""
    a, b = np.array([1.0, 2.0, 2.0]), np.array([2.0, 1.0, 2.0])
    return [("exercise", 2), ("a", a), ("b", b), ("2b", 2 * b),
            ("a and b, term by term", np.array(_dot_terms(a, b))), ("a . b", a @ b),
            ("|a|^2", a @ a), ("|a|", l2_norm(a)), ("a . b", a @ b), ("|a|", l2_norm(a)),
            ("|b|", l2_norm(b)), ("cos", cosine_similarity(a, b)),
            ("a . 2b", a @ (2 * b)), ("|2b|", l2_norm(2 * b)), ("cos(a, 2b)", cosine_similarity(a, 2 * b))]


def exercise_negative():
    """Exercise 3: one negative word's gradient and update."""
    e_c, e_k, lr = np.array([1.0, 2.0]), np.array([0.5, -0.5]), 0.2
    z = float(e_k @ e_c)
    _, _, d_neg = sgns_grads(e_c, np.zeros(2), e_k[None, :])
    new = e_k - lr * d_neg[0]
    return [("exercise", 3), ("e_c", e_c), ("e_k", e_k), ("lr", lr),
            ("e_k and e_c, term by term", np.array(_dot_terms(e_k, e_c))), ("z", z),
            ("z", z), ("sigma(z)", float(sigmoid(z))),
            ("sigma(z)", float(sigmoid(z))), ("e_c", e_c), ("gradient", d_neg[0]),
            ("e_k", e_k), ("lr", lr), ("gradient", d_neg[0]), ("new e_k", new),
            ("new z", float(new @ e_c))]


def exercise_table_size():
    """Exercise 4: a 32,000-token vocabulary at width 4,096, tied and untied."""
    V, d = 32_000, 4_096
    tied, untied = embedding_parameters(V, d), embedding_parameters(V, d, tied=False)
    return [("exercise", 4), ("|V|", V), ("d", d), ("|V|", V), ("d", d), ("tied", tied),
            ("untied", untied), ("saved", untied - tied)]


def _print(transcript):
    for name, value in transcript:
        print(f"{name:>28} = {np.array2string(np.asarray(value), precision=5, suppress_small=True)}")


def main():
    """Print every worked example as a transcript: name = value, in reading order."""
    for title, fn in [("Lookup and its gradient", worked_example),
                      ("Cosine similarity", worked_example_cosine),
                      ("One skip-gram step", worked_example_sgns),
                      ("king - man + woman", worked_example_analogy)]:
        print(f"# {title}")
        _print(fn())


if __name__ == "__main__":
    main()
