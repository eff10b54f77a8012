"""Encoder-decoder models: sequence probabilities, decoding, the bottleneck, attention's average.

Run ``python snippets/encoder_decoder.py`` to print every number of the page
"Encoder-decoder models"; ``python -m doctest snippets/encoder_decoder.py`` runs
the examples in the docstrings.

The decoders here are toy ones: a table that gives the probability of every next
token from the token before it (a first-order decoder; the source sentence is fixed,
so its context is folded into the table). That is enough to run greedy decoding,
beam search, teacher forcing and length normalisation by hand. The bottleneck is
measured with a linear code: T numbers squeezed into d by a random matrix and
recovered by the best linear decoder, the pseudo-inverse. ``softmax`` comes from
``snippets/probability.py``.
"""
import math

import numpy as np

from probability import softmax

END = "<end>"
START = "<start>"

# --8<-- [start:sequence]

def sequence_log_prob(step_probs):
    """log P(y_1..y_n) = sum over t of log P(y_t | y_1..y_{t-1}, context).

    step_probs[t] is the probability the decoder gave the token of step t.
    >>> round(sequence_log_prob([0.5, 0.8, 0.25]), 4)
    -2.3026
    """
    p = np.asarray(step_probs, dtype=float)
    if p.size == 0 or np.any(p <= 0) or np.any(p > 1):
        raise ValueError(f"probabilities must lie in (0, 1], got {step_probs}")
    return float(np.sum(np.log(p)))


def per_token_cross_entropy(step_probs):
    """The training loss: minus the mean log-probability per reference token.

    >>> round(per_token_cross_entropy([0.5, 0.8, 0.25]), 4)
    0.7675
    """
    return -sequence_log_prob(step_probs) / len(step_probs)
# --8<-- [end:sequence]

# --8<-- [start:toy_decoder]

def table_decoder(vocab, rows):
    """A toy decoder: rows[previous token] holds P(next token) over vocab.

    Returns next_probs(prefix), the probabilities after a prefix (a tuple).
    >>> nxt = table_decoder(("A", END), {START: [0.5, 0.5], "A": [0.1, 0.9]})
    >>> nxt(("A",)).tolist()
    [0.1, 0.9]
    """
    table = {}
    for prev, row in rows.items():
        row = np.asarray(row, dtype=float)
        if (row.shape != (len(vocab),) or np.any(row <= 0)
                or abs(row.sum() - 1) > 1e-12):
            raise ValueError(f"row {prev!r} must hold {len(vocab)} positive "
                             f"probabilities that add up to one, got {row}")
        table[prev] = row

    def next_probs(prefix):
        return table[prefix[-1] if prefix else START]

    return next_probs
# --8<-- [end:toy_decoder]

# --8<-- [start:greedy]

def greedy_decode(next_probs, vocab, max_len):
    """Take the most probable token at every step, until END or max_len.

    Returns the tokens and their summed log-probability.
    """
    prefix, score = (), 0.0
    while len(prefix) < max_len and (not prefix or prefix[-1] != END):
        p = next_probs(prefix)
        k = int(np.argmax(p))
        prefix, score = prefix + (vocab[k],), score + math.log(p[k])
    return prefix, score
# --8<-- [end:greedy]

# --8<-- [start:beam]

def beam_search(next_probs, vocab, width, max_len):
    """Keep the `width` best unfinished hypotheses at every step.

    Each step extends every hypothesis by every token and ranks the
    extensions by summed log-probability. Walking down the ranking, one
    that ends with END is finished (set aside with its score), any other
    joins the new beam, until the beam holds `width`. Returns the finished
    hypotheses and, per step, the ranked extensions it walked past.
    """
    if width < 1 or max_len < 1:
        raise ValueError(f"width and max_len must be at least 1, "
                         f"got {width} and {max_len}")
    beam, finished, steps = [((), 0.0)], [], []
    for _ in range(max_len):
        candidates = []
        for prefix, score in beam:
            p = next_probs(prefix)
            candidates += [(prefix + (tok,), score + math.log(pk), pk)
                           for tok, pk in zip(vocab, p)]
        candidates.sort(key=lambda c: -c[1])   # best first, stable on ties
        beam, shown = [], []
        for prefix, score, pk in candidates:
            if len(beam) == width:
                break
            fate = "finished" if prefix[-1] == END else "kept"
            (finished if fate == "finished" else beam).append((prefix, score))
            shown.append((prefix, pk, score, fate))
        steps.append(shown)
    return finished, steps
# --8<-- [end:beam]

# --8<-- [start:length_norm]

def normalised_score(log_prob, n, eta):
    """Summed log-probability divided by the length to the power eta.

    eta = 0 leaves the sum; eta = 1 gives the mean log-probability per token.
    >>> normalised_score(-2.0, 4, 1.0)
    -0.5
    """
    if n < 1:
        raise ValueError(f"a hypothesis has at least one token, got {n}")
    return log_prob / n ** eta


def best_hypothesis(finished, eta):
    """The finished hypothesis with the highest length-normalised score."""
    return max(finished,
               key=lambda h: normalised_score(h[1], len(h[0]), eta))
# --8<-- [end:length_norm]

# --8<-- [start:teacher_forcing]

def decoder_inputs(reference, next_probs, vocab, teacher_forcing):
    """What the decoder reads at each step of the reference.

    With teacher forcing the input at step t is reference token t-1;
    without it, the decoder's own most probable token of the step before.
    Returns (input, P(reference token), own choice) per step.
    """
    rows, prefix = [], ()
    for target in reference:
        if prefix and prefix[-1] == END:      # the decoder chose to stop
            break
        p = next_probs(prefix)
        guess = vocab[int(np.argmax(p))]
        seen = prefix[-1] if prefix else START
        rows.append((seen, float(p[vocab.index(target)]), guess))
        prefix += (target if teacher_forcing else guess,)
    return rows
# --8<-- [end:teacher_forcing]

# --8<-- [start:bottleneck]

def best_linear_decoder(W):
    """The T x d matrix that rebuilds T numbers from their code W x with
    the least squared error on average: the pseudo-inverse of W.

    >>> best_linear_decoder(np.array([[1.0, 1.0]])).ravel().round(4).tolist()
    [0.5, 0.5]
    """
    return np.linalg.pinv(np.asarray(W, dtype=float))


def lost_fraction(W, X):
    """Share of each sequence's squared size that the decoder cannot rebuild.

    X holds one sequence per row; the code of a row x is W x.
    >>> lost_fraction([[1.0, 1.0]], [[3.0, 1.0]]).round(4).tolist()
    [0.2]
    """
    W = np.asarray(W, dtype=float)
    X = np.atleast_2d(np.asarray(X, dtype=float))
    rebuilt = X @ (best_linear_decoder(W) @ W).T      # row by row: W+ (W x)
    return np.sum((X - rebuilt) ** 2, axis=1) / np.sum(X ** 2, axis=1)


def measured_lost_fraction(d, T, n_maps=20, n_sequences=500, seed=0):
    """Lost fraction of every sequence, for random Gaussian maps (d x T)."""
    rng = np.random.default_rng(seed)
    return np.concatenate([
        lost_fraction(rng.standard_normal((d, T)),
                      rng.standard_normal((n_sequences, T)))
        for _ in range(n_maps)])


def expected_lost_fraction(d, T):
    """Derived on the page: 0 while T <= d, then 1 - d/T.

    >>> expected_lost_fraction(8, 4), expected_lost_fraction(8, 32)
    (0.0, 0.75)
    """
    return max(0.0, 1.0 - d / T)
# --8<-- [end:bottleneck]

# --8<-- [start:attention_average]

def attention_average(states, scores):
    """Weights = softmax(scores); the context is the states' weighted average.

    >>> attention_average(np.eye(2), [0.0, 0.0])[1].tolist()
    [0.5, 0.5]
    """
    weights = softmax(np.asarray(scores, dtype=float))
    return weights, weights @ np.asarray(states, dtype=float)
# --8<-- [end:attention_average]


# ---------------------------------------------------------------------------
# The page's examples: inputs, then one transcript per checked block or region.

VOCAB = ("A", "B", "C", END)
TABLE_1 = {START: [0.5, 0.4, 0.05, 0.05], "A": [0.2, 0.3, 0.15, 0.35],
           "B": [0.05, 0.05, 0.8, 0.1], "C": [0.05, 0.03, 0.02, 0.9]}
TABLE_2 = {START: [0.7, 0.15, 0.1, 0.05], "A": [0.05, 0.45, 0.1, 0.4],
           "B": [0.05, 0.11, 0.75, 0.09], "C": [0.03, 0.01, 0.01, 0.95]}
MAX_LEN_1, MAX_LEN_2, WIDTH = 3, 4, 2
ETAS = (0.0, 0.5, 1.0)
REFERENCE = ("B", "C", END)
FIG_D, FIG_T, FIG_MAPS, FIG_SEQUENCES = 8, 48, 20, 500
BAND = 0.8                                    # the shaded band: the middle 80% of sequences
SMALL_W = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
SMALL_X = np.array([1.0, 2.0, 0.0])
N_RANDOM = 100_000
STATES = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
DECODER_STATE = np.array([2.0, -1.0])
VOCAB_SIZE, OUT_LEN = 32_000, 20


def _table_rows(table):
    """The numbers of a probability table, row by row."""
    return [("P", np.array([table[k] for k in (START, "A", "B", "C")]))]


def worked_example():
    """Greedy decoding and beam search of width 2 on the first table."""
    nxt = table_decoder(VOCAB, TABLE_1)
    t = _table_rows(TABLE_1) + [("max_len", MAX_LEN_1)]
    tokens, g = greedy_decode(nxt, VOCAB, MAX_LEN_1)
    p1, p2 = TABLE_1[START][0], TABLE_1["A"][3]
    t += [("step", 1), ("P(A)", p1), ("step", 2), ("P(end|A)", p2),
          ("P(A)", p1), ("P(end|A)", p2), ("log", math.log(p1)), ("log", math.log(p2)),
          ("greedy log P", g), ("greedy P", math.exp(g)), ("width", WIDTH)]
    finished, steps = beam_search(nxt, VOCAB, WIDTH, MAX_LEN_1)
    for k, shown in enumerate(steps, start=1):
        for prefix, pk, score, fate in shown:
            t += [("step", k), ("p", pk), ("log p", math.log(pk)), ("score", score)]
    best = best_hypothesis(finished, 0.0)
    pB, pC, pE = TABLE_1[START][1], TABLE_1["B"][2], TABLE_1["C"][3]
    t += [("step", 1), ("P(B)", pB), ("step", 2), ("P(B)", pB), ("P(C|B)", pC),
          ("P(BC)", pB * pC), ("step", 3)]
    t += [("log", math.log(pB)), ("log", math.log(pC)), ("log", math.log(pE)),
          ("best log P", best[1]), ("P(B)", pB), ("P(C|B)", pC), ("P(end|C)", pE),
          ("best P", math.exp(best[1])), ("greedy P", math.exp(g))]
    # Every complete output (ending with END) of at most MAX_LEN_1 tokens, checked by hand.
    outputs = [o for n in range(1, MAX_LEN_1 + 1)
               for o in _all_sequences(n) if o[-1] == END and END not in o[:-1]]
    t += [("complete outputs", len(outputs)), ("max_len", MAX_LEN_1),
          ("best P", math.exp(best[1]))]
    return t


def _all_sequences(n):
    """Every sequence of n tokens of VOCAB."""
    out = [()]
    for _ in range(n):
        out = [s + (tok,) for s in out for tok in VOCAB]
    return out


def worked_example_length():
    """Beam search on the second table; length normalisation changes the winner."""
    nxt = table_decoder(VOCAB, TABLE_2)
    t = _table_rows(TABLE_2) + [("width", WIDTH), ("max_len", MAX_LEN_2), ("eta", 0.5)]
    finished, _ = beam_search(nxt, VOCAB, WIDTH, MAX_LEN_2)
    by_len = sorted(finished, key=lambda h: len(h[0]))
    for prefix, score in by_len:
        t += [("n", len(prefix)), ("sum", score),
              ("score eta=0.5", normalised_score(score, len(prefix), 0.5)),
              ("score eta=1", normalised_score(score, len(prefix), 1.0))]
    short, long_ = by_len[0], by_len[-1]
    s = TABLE_2
    t += [("eta", 0.0), ("P(A)", s[START][0]), ("P(end|A)", s["A"][3]),
          ("P(A end)", math.exp(short[1])), ("P(A)", s[START][0]), ("P(B|A)", s["A"][1]),
          ("P(C|B)", s["B"][2]), ("P(end|C)", s["C"][3]), ("P(ABC end)", math.exp(long_[1])),
          ("P(end|A)", s["A"][3])]
    assert best_hypothesis(finished, 0.0) == short and best_hypothesis(finished, 0.5) == long_
    c1, c2, n1, n2 = -short[1], -long_[1], len(short[0]), len(long_[0])
    t += [("eta", 0.5), ("eta", 1.0), ("mean", long_[1] / n2), ("mean", short[1] / n1),
          ("c2", c2), ("c1", c1), ("n2", n2), ("n1", n1), ("log(c2/c1)", math.log(c2 / c1)),
          ("log(n2/n1)", math.log(n2 / n1)), ("eta*", math.log(c2 / c1) / math.log(n2 / n1))]
    greedy, _ = greedy_decode(nxt, VOCAB, MAX_LEN_2)
    assert greedy == long_[0]
    t += [("step", 2), ("P(B|A)", s["A"][1]), ("P(end|A)", s["A"][3])]
    return t


def worked_example_bottleneck():
    """Three numbers squeezed into two, and recovered by the pseudo-inverse."""
    W, x = SMALL_W, SMALL_X
    Wp = best_linear_decoder(W)
    code = W @ x
    rec = Wp @ code
    err = x - rec
    other = rec                                   # the sequence with the same context
    rng = np.random.default_rng(0)
    average = float(np.mean(lost_fraction(W, rng.standard_normal((N_RANDOM, 3)))))
    return [("T", 3), ("d", 2), ("W", W), ("1/3", 1), ("3", 3), ("3 W+", 3 * Wp),
            ("x", x), ("code", code), ("code", code), ("1/3", 1), ("3", 3), ("3 rec", 3 * rec),
            ("rec", rec), ("error", err), ("|error|^2", float(err @ err)),
            ("|x|^2", float(x @ x)), ("lost %", float(lost_fraction(W, x)[0])),
            ("other", other), ("other", other), ("W other", W @ other), ("direction", err),
            ("sequences", N_RANDOM), ("average lost", average),
            ("1", 1), ("1 - d/T", expected_lost_fraction(2, 3))]


def worked_example_exposure():
    """Teacher forcing against the decoder's own choices, after one early mistake."""
    nxt = table_decoder(VOCAB, TABLE_1)
    forced = decoder_inputs(REFERENCE, nxt, VOCAB, teacher_forcing=True)
    own = decoder_inputs(REFERENCE, nxt, VOCAB, teacher_forcing=False)
    t = []
    for k, row in enumerate(forced, start=1):
        t += [("step", k), ("P(ref), forced", row[1])]
        if k <= len(own):
            t += [("P(ref), own", own[k - 1][1])]
    probs = [row[1] for row in forced]
    t += [("step", 1), ("P(B)", own[0][1]), ("step", 2), ("P(C|B)", forced[1][1]),
          ("P(C|A)", own[1][1]), ("1", 1), ("3", 3)]
    t += [("p", p) for p in probs] + [("L", per_token_cross_entropy(probs))]
    return t


def mistake_first_finished():
    """Stopping beam search at the first finished hypothesis returns the worse output."""
    finished, steps = beam_search(table_decoder(VOCAB, TABLE_1), VOCAB, WIDTH, MAX_LEN_1)
    first = finished[0]                                        # the wrong answer
    step_of_first = next(k for k, shown in enumerate(steps, start=1)
                         if any(row[0] == first[0] for row in shown))
    live = max(score for prefix, _, score, fate in steps[step_of_first - 1] if fate == "kept")
    best = best_hypothesis(finished, 0.0)                      # the right answer
    return [("step", step_of_first), ("first finished", first[1]), ("live", live),
            ("best", best[1]), ("P best", math.exp(best[1])), ("P first", math.exp(first[1]))]


def exercise_sequence_probability():
    """The probability, log-probability and per-token loss of a three-token output."""
    p = [0.5, 0.8, 0.25]
    return ([("exercise", 1)] + [("p", v) for v in p] + [("p", v) for v in p]
            + [("P", float(np.prod(p)))] + [("p", v) for v in p]
            + [("log p", math.log(v)) for v in p]
            + [("log P", sequence_log_prob(p)), ("P", float(np.prod(p))),
               ("-log P", -sequence_log_prob(p)), ("n", 3), ("loss", per_token_cross_entropy(p))])


def exercise_greedy_or_beam():
    """Two-token outputs: greedy keeps A, beam search also tries B."""
    pA, pB, bestA, bestB = 0.6, 0.4, 0.5, 0.9
    return [("exercise", 2), ("P(A)", pA), ("P(B)", pB), ("best after A", bestA),
            ("best after B", bestB), ("width", WIDTH), ("P(A)", pA), ("P(A)", pA),
            ("best after A", bestA), ("greedy P", pA * bestA),
            ("greedy log P", sequence_log_prob([pA, bestA])),
            ("P(B)", pB), ("best after B", bestB), ("beam P", pB * bestB),
            ("beam log P", sequence_log_prob([pB, bestB]))]


def exercise_length_normalisation():
    """A short and a long output under three exponents, and where the winner switches."""
    (n1, s1), (n2, s2) = (2, -1.0), (5, -2.0)
    t = [("exercise", 3), ("n1", n1), ("sum1", s1), ("n2", n2), ("sum2", s2)]
    t += [("eta", e) for e in ETAS]
    t += [("eta", 0.0), ("sum1", s1), ("sum2", s2), ("eta", 0.5),
          ("sum1", s1), ("n1", n1), ("score1", normalised_score(s1, n1, 0.5)),
          ("sum2", s2), ("n2", n2), ("score2", normalised_score(s2, n2, 0.5)),
          ("eta", 1.0), ("score1", normalised_score(s1, n1, 1.0)),
          ("score2", normalised_score(s2, n2, 1.0))]
    c1, c2 = -s1, -s2
    t += [("c2", c2), ("c1", c1), ("n2", n2), ("n1", n1), ("log(c2/c1)", math.log(c2 / c1)),
          ("log(n2/n1)", math.log(n2 / n1)), ("eta*", math.log(c2 / c1) / math.log(n2 / n1))]
    return t


def exercise_one_number_context():
    """Two numbers stored in one: what the best linear decoder rebuilds, and what is lost."""
    W, x = np.array([[1.0, 1.0]]), np.array([3.0, 1.0])
    code = float((W @ x)[0])
    Wp = best_linear_decoder(W).ravel()
    rec = Wp * code
    err = x - rec
    return [("exercise", 4), ("W", W), ("x", x), ("code", code), ("W+", Wp), ("code", code),
            ("code", code), ("rec", rec), ("x", x), ("rec", rec), ("error", err),
            ("|error|^2", float(err @ err)), ("x", x), ("|x|^2", float(x @ x)),
            ("lost", float(lost_fraction(W, x)[0])), ("2 + c", 2), ("2 - c", 2),
            ("code", code), ("(4, 0)", np.array([4.0, 0.0])), ("(2, 2)", np.array([2.0, 2.0])),
            ("1", 1), ("1 - d/T", expected_lost_fraction(1, 2))]


def exercise_attention():
    """Two encoder states, scores 0 and log 3: weights and context."""
    states, scores = np.array([[2.0, 0.0], [0.0, 2.0]]), [0.0, math.log(3.0)]
    weights, context = attention_average(states, scores)
    return [("exercise", 5), ("h1", states[0]), ("h2", states[1]), ("score", 0), ("3", 3),
            ("e^0", 0), ("e^0", 1), ("3", 3), ("e^log3", 3), ("total", 4),
            ("weights", weights), ("weights[0]", weights[0]), ("h1", states[0]),
            ("weights[1]", weights[1]), ("h2", states[1]), ("context", context)]


def claims_bottleneck():
    """Every result from "The bottleneck, measured" to the bridge to attention."""
    measured = {T: measured_lost_fraction(FIG_D, T, FIG_MAPS, FIG_SEQUENCES)
                for T in (16, FIG_T)}
    return [("T max", FIG_T), ("T max", FIG_T), ("maps", FIG_MAPS),
            ("sequences", FIG_SEQUENCES), ("T", 16), ("measured", float(measured[16].mean())),
            ("T", FIG_T), ("measured", float(measured[FIG_T].mean())),
            ("predicted", expected_lost_fraction(FIG_D, FIG_T)), ("band", BAND),
            ("vocabulary", VOCAB_SIZE), ("vocabulary", VOCAB_SIZE), ("length", OUT_LEN),
            ("outputs", float(VOCAB_SIZE) ** OUT_LEN), ("length", OUT_LEN)]


def claims_attention():
    """The weighted average of three encoder states."""
    scores = STATES @ DECODER_STATE
    weights, context = attention_average(STATES, scores)
    shown = [("weight", w) for w in weights]
    return ([("h_dec[1]", DECODER_STATE[1]), ("score 2", scores[1])] + shown + shown
            + [("context", context)])


def claims_interview_questions():
    """Every result the interview answers state, in reading order."""
    width, steps, vocab = 5, 40, VOCAB_SIZE
    t = [("width", width), ("steps", steps), ("vocabulary", vocab),
         ("greedy decoder steps", steps), ("per step", width), ("in all", width * steps),
         ("width", width), ("width", width), ("vocabulary", vocab), ("candidates", width * vocab),
         ("all candidates", width * vocab * steps), ("steps", steps),
         ("states", width), ("copies", width), ("vocabulary", vocab), ("steps", steps)]
    finished, _ = beam_search(table_decoder(VOCAB, TABLE_2), VOCAB, WIDTH, MAX_LEN_2)
    greedy, g = greedy_decode(table_decoder(VOCAB, TABLE_2), VOCAB, MAX_LEN_2)
    short = best_hypothesis(finished, 0.0)
    t += [("narrow", width), ("wide", 50), ("greedy P", math.exp(g)),
          ("beam P", math.exp(short[1])), ("beam from", width), ("beam to", 10)]
    return t


EXAMPLES = (worked_example, worked_example_length, worked_example_bottleneck,
            worked_example_exposure)
EXERCISES = (exercise_sequence_probability, exercise_greedy_or_beam,
             exercise_length_normalisation, exercise_one_number_context, exercise_attention)
TRANSCRIPTS = (mistake_first_finished, claims_bottleneck, claims_attention,
               claims_interview_questions)


def main():
    """Print every transcript (worked examples first): name = value, in reading order."""
    for f in EXAMPLES + EXERCISES + TRANSCRIPTS:
        rows = [f"{name:>20} = {np.round(value, 5)}" for name, value in f()]
        print(f"# {f.__name__}: {f.__doc__}", *rows, "", sep="\n")


if __name__ == "__main__":
    main()
