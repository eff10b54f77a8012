"""Tests of snippets/encoder_decoder.py, against hand arithmetic, exhaustive search and least squares."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import encoder_decoder as ed
from transcript_check import check, each

END = ed.END


def exhaustive_best(table, max_len, eta):
    """The most probable complete output (ending with END) of at most max_len tokens, by listing
    every one of them and multiplying its probabilities in plain Python."""
    order = {tok: k for k, tok in enumerate(ed.VOCAB)}
    best = None
    for n in range(1, max_len + 1):
        for body in itertools.product(ed.VOCAB[:-1], repeat=n - 1):
            output = body + (END,)
            prev, logp = ed.START, 0.0
            for tok in output:
                logp += math.log(table[prev][order[tok]])
                prev = tok
            score = logp / n ** eta
            if best is None or score > best[2]:
                best = (output, logp, score)
    return best


# --------------------------------------------------------------------------
# The probability of an output


def test_sequence_log_prob_is_the_log_of_the_product():
    probs = [0.5, 0.8, 0.25]
    assert ed.sequence_log_prob(probs) == pytest.approx(math.log(0.1))  # 0.5 * 0.8 * 0.25 = 0.1
    assert ed.per_token_cross_entropy(probs) == pytest.approx(-math.log(0.1) / 3)


def test_sequence_log_prob_does_not_underflow_where_the_product_does():
    probs = [0.01] * 1000
    assert np.prod(probs) == 0.0
    assert ed.sequence_log_prob(probs) == pytest.approx(1000 * math.log(0.01))


@pytest.mark.parametrize("bad", [[], [0.0, 0.5], [1.5], [-0.1]])
def test_sequence_log_prob_rejects_non_probabilities(bad):
    with pytest.raises(ValueError, match="probabilities must lie in"):
        ed.sequence_log_prob(bad)


def test_table_decoder_rejects_rows_that_are_not_distributions():
    with pytest.raises(ValueError, match="add up to one"):
        ed.table_decoder(("A", END), {ed.START: [0.5, 0.6]})
    with pytest.raises(ValueError, match="add up to one"):
        ed.table_decoder(("A", END), {ed.START: [1.0, 0.0]})


# --------------------------------------------------------------------------
# Greedy decoding and beam search


def test_greedy_takes_the_largest_entry_at_every_step():
    nxt = ed.table_decoder(ed.VOCAB, ed.TABLE_1)
    tokens, score = ed.greedy_decode(nxt, ed.VOCAB, ed.MAX_LEN_1)
    assert tokens == ("A", END)                         # start row: A 0.5; row A: END 0.35
    assert score == pytest.approx(math.log(0.5 * 0.35))


def test_beam_search_finds_the_most_probable_output_of_the_first_table():
    finished, _ = ed.beam_search(ed.table_decoder(ed.VOCAB, ed.TABLE_1), ed.VOCAB, 2, 3)
    best = ed.best_hypothesis(finished, 0.0)
    want = exhaustive_best(ed.TABLE_1, 3, 0.0)
    assert best[0] == want[0] == ("B", "C", END)
    assert math.exp(best[1]) == pytest.approx(0.4 * 0.8 * 0.9)


@pytest.mark.parametrize("eta", [0.0, 0.5, 1.0])
def test_a_beam_as_wide_as_every_prefix_is_an_exhaustive_search(eta):
    for table, max_len in ((ed.TABLE_1, 3), (ed.TABLE_2, 4)):
        nxt = ed.table_decoder(ed.VOCAB, table)
        finished, _ = ed.beam_search(nxt, ed.VOCAB, 3 ** max_len, max_len)
        best = ed.best_hypothesis(finished, eta)
        want = exhaustive_best(table, max_len, eta)
        assert best[0] == want[0]
        assert ed.normalised_score(best[1], len(best[0]), eta) == pytest.approx(want[2])


def test_length_normalisation_flips_the_winner_of_the_second_table():
    finished, _ = ed.beam_search(ed.table_decoder(ed.VOCAB, ed.TABLE_2), ed.VOCAB, 2, 4)
    assert ed.best_hypothesis(finished, 0.0)[0] == ("A", END)
    assert ed.best_hypothesis(finished, 1.0)[0] == ("A", "B", "C", END)
    # Exhaustive search agrees on both winners.
    assert exhaustive_best(ed.TABLE_2, 4, 0.0)[0] == ("A", END)
    assert exhaustive_best(ed.TABLE_2, 4, 1.0)[0] == ("A", "B", "C", END)
    # The switching exponent, from the hand-derived rule, sits between the two behaviours.
    c1, c2 = -math.log(0.7 * 0.4), -math.log(0.7 * 0.45 * 0.75 * 0.95)
    switch = math.log(c2 / c1) / math.log(4 / 2)
    for eta, winner in ((switch - 1e-6, 2), (switch + 1e-6, 4)):
        assert len(ed.best_hypothesis(finished, eta)[0]) == winner


def test_beam_scores_are_sums_of_table_logs_and_steps_are_ranked():
    order = {tok: k for k, tok in enumerate(ed.VOCAB)}
    _, steps = ed.beam_search(ed.table_decoder(ed.VOCAB, ed.TABLE_2), ed.VOCAB, 2, 4)
    for shown in steps:
        scores = [score for _, _, score, _ in shown]
        assert scores == sorted(scores, reverse=True)
        assert sum(fate == "kept" for *_, fate in shown) == 2
        for prefix, _, score, fate in shown:
            prev, total = ed.START, 0.0
            for tok in prefix:
                total += math.log(ed.TABLE_2[prev][order[tok]])
                prev = tok
            assert score == pytest.approx(total)
            assert (fate == "finished") == (prefix[-1] == END)


@pytest.mark.parametrize("table, max_len", [(ed.TABLE_1, 3), (ed.TABLE_2, 4)])
def test_no_beam_decision_of_the_worked_examples_rests_on_a_tie(table, max_len):
    """A reader ranking by hand must never meet two extensions with the same score where the
    beam fills up: recomputed here from the table, the last extension taken scores strictly
    above the first one left out, at every step."""
    order = {tok: k for k, tok in enumerate(ed.VOCAB)}
    _, steps = ed.beam_search(ed.table_decoder(ed.VOCAB, table), ed.VOCAB, 2, max_len)
    beam = [((), 0.0)]
    for shown in steps:
        scores = sorted((score + math.log(table[prefix[-1] if prefix else ed.START][order[tok]])
                         for prefix, score in beam for tok in ed.VOCAB), reverse=True)
        taken = len(shown)
        assert scores[taken - 1] > scores[taken] + 1e-9
        beam = [(prefix, score) for prefix, _, score, fate in shown if fate == "kept"]


def test_beam_search_rejects_a_zero_width():
    with pytest.raises(ValueError, match="at least 1"):
        ed.beam_search(ed.table_decoder(ed.VOCAB, ed.TABLE_1), ed.VOCAB, 0, 3)


def test_normalised_score_by_hand():
    assert ed.normalised_score(-2.0, 4, 0.0) == -2.0
    assert ed.normalised_score(-2.0, 4, 0.5) == pytest.approx(-1.0)
    assert ed.normalised_score(-2.0, 4, 1.0) == pytest.approx(-0.5)
    with pytest.raises(ValueError, match="at least one token"):
        ed.normalised_score(-1.0, 0, 1.0)


# --------------------------------------------------------------------------
# Teacher forcing


def test_decoder_inputs_with_and_without_teacher_forcing():
    nxt = ed.table_decoder(ed.VOCAB, ed.TABLE_1)
    forced = ed.decoder_inputs(ed.REFERENCE, nxt, ed.VOCAB, teacher_forcing=True)
    own = ed.decoder_inputs(ed.REFERENCE, nxt, ed.VOCAB, teacher_forcing=False)
    assert [row[0] for row in forced] == [ed.START, "B", "C"]
    assert [row[1] for row in forced] == [0.4, 0.8, 0.9]
    assert [row[0] for row in own] == [ed.START, "A"]          # stops after choosing END
    assert [row[1] for row in own] == [0.4, 0.15]
    assert [row[2] for row in own] == ["A", END]


# --------------------------------------------------------------------------
# The bottleneck


@pytest.mark.parametrize("d, T", [(3, 2), (4, 4), (3, 7), (8, 20)])
def test_pseudo_inverse_decoder_matches_least_squares(d, T):
    rng = np.random.default_rng(d * 100 + T)
    W, x = rng.standard_normal((d, T)), rng.standard_normal(T)
    # np.linalg.lstsq returns the minimum-norm solution z of min |W z - W x|: the same rebuild.
    z = np.linalg.lstsq(W, W @ x, rcond=None)[0]
    np.testing.assert_allclose(ed.best_linear_decoder(W) @ (W @ x), z, atol=1e-10)


@pytest.mark.parametrize("d, T", [(8, 3), (8, 8), (8, 16), (5, 30)])
def test_lost_fraction_is_exactly_one_minus_d_over_T_in_trace_form(d, T):
    """E|x - W+Wx|^2 / E|x|^2 = trace(I - W+W) / T for E[x x^T] = I."""
    W = np.random.default_rng(T).standard_normal((d, T))
    P = ed.best_linear_decoder(W) @ W
    assert np.trace(np.eye(T) - P) / T == pytest.approx(ed.expected_lost_fraction(d, T), abs=1e-9)
    # Averaging over the T unit sequences is the same trace (E[x x^T] = I, exactly).
    assert ed.lost_fraction(W, np.eye(T)).mean() == pytest.approx(max(0.0, 1 - d / T), abs=1e-9)


def test_no_linear_decoder_beats_the_pseudo_inverse():
    rng = np.random.default_rng(3)
    d, T = 3, 7
    W = rng.standard_normal((d, T))
    best = np.linalg.norm(np.eye(T) - ed.best_linear_decoder(W) @ W) ** 2
    assert best == pytest.approx(T - d)
    for _ in range(200):
        G = ed.best_linear_decoder(W) + 0.3 * rng.standard_normal((T, d))
        assert np.linalg.norm(np.eye(T) - G @ W) ** 2 >= best - 1e-9


@pytest.mark.parametrize("d, T", [(8, 4), (8, 16), (8, 48), (2, 3)])
def test_measured_lost_fraction_agrees_with_the_derivation(d, T):
    measured = ed.measured_lost_fraction(d, T, n_maps=10, n_sequences=400, seed=1).mean()
    assert measured == pytest.approx(ed.expected_lost_fraction(d, T), abs=0.01)


# --------------------------------------------------------------------------
# Attention's weighted average


def test_attention_average_by_hand():
    scores = [2.0, -1.0, 1.0]
    e = [math.exp(s) for s in scores]
    weights, context = ed.attention_average(ed.STATES, scores)
    np.testing.assert_allclose(weights, [v / sum(e) for v in e])
    assert weights.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(context, [(e[0] + e[2]) / sum(e), (e[1] + e[2]) / sum(e)])


# --------------------------------------------------------------------------
# Transcripts, against hand arithmetic


def test_worked_example_numbers_by_hand():
    check(ed.worked_example(), {
        "greedy P": 0.5 * 0.35, "best P": 0.4 * 0.8 * 0.9, "P(BC)": 0.32,
        "greedy log P": math.log(0.175), "best log P": math.log(0.288),
        "complete outputs": 1 + 3 + 9,                 # END after 0, 1 or 2 of A, B, C
    })


def test_length_example_numbers_by_hand():
    t = ed.worked_example_length()
    check(t, {
        "P(A end)": 0.7 * 0.4, "P(ABC end)": 0.7 * 0.45 * 0.75 * 0.95,
        "sum": each(math.log(0.28), math.log(0.15 * 0.75 * 0.95), math.log(0.2244375)),
        "eta*": math.log(math.log(0.2244375) / math.log(0.28)) / math.log(2),
    })


def test_bottleneck_example_by_hand():
    check(ed.worked_example_bottleneck(), {
        "3 W+": np.array([[2, -1], [-1, 2], [1, 1]]), "rec": each([0, 1, 1]),
        "error": [1, 1, -1], "|error|^2": 3, "|x|^2": 5, "lost %": 0.6,
        "1 - d/T": 1 / 3,
    })


def test_exposure_example_by_hand():
    check(ed.worked_example_exposure(), {
        "L": -(math.log(0.4) + math.log(0.8) + math.log(0.9)) / 3,
        "P(C|A)": 0.15,
    })


def test_mistake_and_exercises_by_hand():
    check(ed.mistake_first_finished(), {"step": 2, "first finished": math.log(0.175),
                                        "live": math.log(0.32), "best": math.log(0.288)})
    check(ed.exercise_greedy_or_beam(), {"greedy P": 0.3, "beam P": 0.36})
    check(ed.exercise_length_normalisation(), {"eta*": math.log(2) / math.log(2.5)})
    check(ed.exercise_one_number_context(), {"rec": each([2, 2], [2, 2]), "lost": 0.2})
    check(ed.exercise_attention(), {"weights": [0.25, 0.75], "context": [0.5, 1.5]})


def test_claims_by_hand():
    e2, e_1, e1 = math.exp(2), math.exp(-1), math.exp(1)     # scores (1,0).(2,-1) = 2, ...
    total = e2 + e_1 + e1
    check(ed.claims_attention(), {"context": [(e2 + e1) / total, (e_1 + e1) / total]})
    t = ed.claims_interview_questions()
    check(t, {"candidates": 160_000, "all candidates": 6_400_000, "in all": 200})


def test_transcripts_are_pure():
    for f in ed.EXAMPLES + ed.EXERCISES + ed.TRANSCRIPTS:
        a, b = f(), f()
        assert [n for n, _ in a] == [n for n, _ in b]
        for (_, x), (_, y) in zip(a, b):
            np.testing.assert_array_equal(x, y)
