"""Tests of snippets/embeddings.py: the lookup against a one-hot product written with loops,
every hand-written gradient against central differences (tests/gradcheck.py), and the page's
numbers against plain-Python arithmetic."""
from __future__ import annotations

import math

import numpy as np
import pytest
from gradcheck import assert_gradient, central_difference

import embeddings as emb
from transcript_check import check, each

# --------------------------------------------------------------------------
# Helpers written independently of the snippet (plain Python and NumPy).


def log_sigmoid(z):
    """log(1 / (1 + e^-z)), written out; the test values are small, so no overflow."""
    return -math.log1p(math.exp(-z))


def sgns_loss_plain(e_c, e_o, negatives):
    """-log s(e_o . e_c) - sum_k log s(-e_k . e_c), with loops instead of matrix products."""
    dot = lambda u, v: sum(a * b for a, b in zip(u, v))  # noqa: E731
    return -log_sigmoid(dot(e_o, e_c)) - sum(log_sigmoid(-dot(e_k, e_c)) for e_k in negatives)


def cosine_plain(u, v):
    dot = sum(a * b for a, b in zip(u, v))
    return dot / (math.sqrt(sum(a * a for a in u)) * math.sqrt(sum(b * b for b in v)))


def rank_plain(table, target, skip=()):
    """Row ids by cosine with target, best first, skipping some ids."""
    scored = [(cosine_plain(row, target), i) for i, row in enumerate(table) if i not in skip]
    return [i for _, i in sorted(scored, key=lambda p: -p[0])]


# --------------------------------------------------------------------------
# The lookup


def test_lookup_equals_a_one_hot_product_written_with_loops():
    rng = np.random.default_rng(0)
    E = rng.normal(size=(7, 4))
    ids = [3, 0, 3, 6]
    product = np.zeros((len(ids), 4))
    for t, i in enumerate(ids):            # one-hot row t times E, entry by entry
        for j in range(4):
            product[t, j] = sum((1.0 if k == i else 0.0) * E[k, j] for k in range(7))
    np.testing.assert_allclose(emb.embed(E, ids), product)
    np.testing.assert_allclose(emb.embed_by_product(E, ids), product)


def test_one_hot_rows_have_a_single_one_and_bad_ids_are_refused():
    X = emb.one_hot([2, 0, 2], 4)
    assert X.shape == (3, 4)
    assert (X.sum(axis=1) == 1).all() and X[0, 2] == X[1, 0] == X[2, 2] == 1
    for bad in ([4], [-1]):
        with pytest.raises(ValueError):
            emb.one_hot(bad, 4)
    with pytest.raises(ValueError):
        emb.embed(np.zeros((3, 2)), [3])


def test_lookup_cost_counts_every_product_of_the_one_hot_route():
    # n tokens x |V| rows x d columns; the lookup copies n d numbers.
    assert emb.lookup_cost(1, 6, 3) == (18, 3)
    assert emb.lookup_cost(1024, 50257, 768) == (1024 * 50257 * 768, 1024 * 768)
    assert emb.lookup_cost(1024, 50257, 768)[0] == 39_523_713_024


# --------------------------------------------------------------------------
# The lookup's backward pass


@pytest.mark.parametrize("ids", [[0, 2, 0], [1, 1, 1, 4], [3]])
def test_embed_backward_matches_central_differences(ids):
    rng = np.random.default_rng(len(ids))
    E = rng.normal(size=(5, 3))
    G = rng.normal(size=(len(ids), 3))           # a fixed upstream gradient dL/dA
    f = lambda table: float((table[np.array(ids)] * G).sum())  # noqa: E731  L = sum A * G
    assert_gradient(f, lambda table: emb.embed_backward(G, ids, len(table)), E)


def test_embed_backward_is_x_transpose_times_dA_and_zero_off_the_looked_up_rows():
    rng = np.random.default_rng(3)
    ids, G = [4, 1, 4, 4], rng.normal(size=(4, 2))
    dE = emb.embed_backward(G, ids, 6)
    np.testing.assert_allclose(dE, emb.one_hot(ids, 6).T @ G)
    assert not dE[[0, 2, 3, 5]].any()
    np.testing.assert_allclose(dE[4], G[0] + G[2] + G[3])


def test_the_fancy_index_update_fails_the_gradient_check_only_with_a_repeated_token():
    E = np.zeros((3, 2))
    G = np.array([[1.0, 2.0], [3.0, 4.0]])
    for ids, should_pass in (([0, 2], True), ([0, 0], False)):
        numeric = central_difference(lambda t: float((t[np.array(ids)] * G).sum()), E)
        wrong = emb.embed_backward_fancy_index(G, ids, 3)
        assert np.allclose(wrong, numeric, atol=1e-6) == should_pass


# --------------------------------------------------------------------------
# Cosine similarity


def test_cosine_is_the_cosine_of_the_angle_and_ignores_length():
    for a, b in [((3.0, 1.0), (1.4, 1.8)), ((1.0, 0.0), (-2.0, 0.5)), ((0.2, 0.6), (5.0, -1.0))]:
        angle = math.atan2(b[1], b[0]) - math.atan2(a[1], a[0])
        assert emb.cosine_similarity(a, b) == pytest.approx(math.cos(angle))
        assert emb.cosine_similarity(a, 7.5 * np.array(b)) == pytest.approx(math.cos(angle))
    assert emb.cosine_similarity([1.0, 0.0], [-1.0, 0.0]) == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        emb.cosine_similarity([0.0, 0.0], [1.0, 2.0])


def test_cosine_matrix_is_symmetric_with_ones_on_the_diagonal():
    C = emb.cosine_matrix(emb.TABLE)
    np.testing.assert_allclose(C, C.T)
    np.testing.assert_allclose(np.diag(C), 1.0)
    assert C[emb.KING, emb.QUEEN] == pytest.approx(cosine_plain(emb.TABLE[0], emb.TABLE[1]))


# --------------------------------------------------------------------------
# Skip-gram with negative sampling


def sgns_case(seed):
    rng = np.random.default_rng(seed)
    return rng.normal(size=3), rng.normal(size=3), rng.normal(size=(4, 3))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sgns_loss_matches_the_formula_written_with_loops(seed):
    e_c, e_o, neg = sgns_case(seed)
    assert emb.sgns_loss(e_c, e_o, neg) == pytest.approx(sgns_loss_plain(e_c, e_o, neg))


@pytest.mark.parametrize("seed", [0, 1, 2, "worked example"])
def test_sgns_gradients_match_central_differences(seed):
    if seed == "worked example":
        e_c, e_o, neg = emb.SG_CENTRE, emb.SG_CONTEXT, emb.SG_NEGATIVES
    else:
        e_c, e_o, neg = sgns_case(seed)
    assert_gradient(lambda v: sgns_loss_plain(v, e_o, neg),
                    lambda v: emb.sgns_grads(v, e_o, neg)[0], e_c)
    assert_gradient(lambda v: sgns_loss_plain(e_c, v, neg),
                    lambda v: emb.sgns_grads(e_c, v, neg)[1], e_o)
    assert_gradient(lambda v: sgns_loss_plain(e_c, e_o, v),
                    lambda v: emb.sgns_grads(e_c, e_o, v)[2], neg)


def test_a_small_sgns_step_lowers_the_loss_and_a_bad_learning_rate_is_refused():
    e_c, e_o, neg = sgns_case(5)
    before = sgns_loss_plain(e_c, e_o, neg)
    assert sgns_loss_plain(*emb.sgns_step(e_c, e_o, neg, 0.05)) < before
    with pytest.raises(ValueError):
        emb.sgns_step(e_c, e_o, neg, 0.0)


def test_the_skip_gram_worked_example_against_hand_arithmetic():
    t = emb.worked_example_sgns()
    s = lambda z: 1.0 / (1.0 + math.exp(-z))  # noqa: E731
    z_o = 0.3 * 0.4 + 0.1 * (-0.2)             # 0.12 - 0.02
    z_1 = -0.2 * 0.4 + 0.5 * (-0.2)            # -0.08 - 0.10
    z_2 = 0.5 * 0.4 + 0.3 * (-0.2)             # 0.20 - 0.06
    g_c = [(s(z_o) - 1) * 0.3 + s(z_1) * -0.2 + s(z_2) * 0.5,
           (s(z_o) - 1) * 0.1 + s(z_1) * 0.5 + s(z_2) * 0.3]
    new_c = [0.4 - 0.5 * g_c[0], -0.2 - 0.5 * g_c[1]]
    new_o = [0.3 - 0.5 * (s(z_o) - 1) * 0.4, 0.1 - 0.5 * (s(z_o) - 1) * -0.2]
    new_1 = [-0.2 - 0.5 * s(z_1) * 0.4, 0.5 - 0.5 * s(z_1) * -0.2]
    new_2 = [0.5 - 0.5 * s(z_2) * 0.4, 0.3 - 0.5 * s(z_2) * -0.2]
    loss = -log_sigmoid(z_o) - log_sigmoid(-z_1) - log_sigmoid(-z_2)
    new_loss = sgns_loss_plain(new_c, new_o, [new_1, new_2])
    check(t, {"z_o": z_o, "z_1": z_1, "z_2": z_2, "dL/de_c": g_c, "new e_c": new_c,
              "new e_o": new_o, "new e_1": new_1, "new e_2": new_2,
              "loss": each(loss, loss), "new loss": new_loss,
              "new z_o": new_o[0] * new_c[0] + new_o[1] * new_c[1]})
    assert new_loss < loss


# --------------------------------------------------------------------------
# Analogies


def test_the_analogy_on_the_table_with_and_without_the_query_words():
    target = emb.TABLE[0] - emb.TABLE[2] + emb.TABLE[3]
    np.testing.assert_allclose(target, [2.2, 1.4, 0.0])    # (3 - 1 + 0.2, 1 - 0.2 + 0.6, 0)
    assert rank_plain(emb.TABLE, target)[0] == emb.KING
    assert rank_plain(emb.TABLE, target, skip={0, 2, 3})[0] == emb.QUEEN
    assert emb.analogy(emb.TABLE, emb.MAN, emb.KING, emb.WOMAN)[0] == emb.QUEEN
    assert emb.analogy(emb.TABLE, emb.MAN, emb.KING, emb.WOMAN, exclude_query=False)[0] == emb.KING


def test_nearest_ranks_like_a_plain_sort():
    rng = np.random.default_rng(9)
    table, target = rng.normal(size=(8, 3)), rng.normal(size=3)
    ids, sims = emb.nearest(table, target, exclude=(1, 5))
    assert ids == rank_plain(table, target, skip={1, 5})
    assert list(sims) == sorted(sims, reverse=True)


# --------------------------------------------------------------------------
# Parameter counts


def test_parameter_counts_against_hand_arithmetic():
    assert emb.embedding_parameters(50257, 768) == 38_597_376           # 50,257 x 768
    assert emb.embedding_parameters(50257, 768, tied=False) == 77_194_752
    d = 768
    block = 2 * (2 * d) + (d * 3 * d + 3 * d) + (d * d + d) + (d * 4 * d + 4 * d) + (4 * d * d + d)
    assert block == 12 * d * d + 13 * d == 7_087_872
    # token table + position table + 12 blocks + final layer norm; the tied output adds nothing
    assert emb.gpt2_parameters(50257, 768, 12, 1024) == 38_597_376 + 786_432 + 12 * 7_087_872 + 1_536
    assert emb.gpt2_parameters(50257, 768, 12, 1024) == 124_439_808


# --------------------------------------------------------------------------
# The page's transcripts


def test_the_lookup_worked_example_against_hand_arithmetic():
    t = emb.worked_example()
    # King occurs twice in "king man king": its row adds dA rows 0 and 2.
    check(t, {"dE[king]": [0.1 - 0.4, -0.2 + 0.5, 0.3 + 0.2], "dE[man]": [0.3, 0.1, -0.1],
              "x E": [1.4, 1.8, 0.0], "multiply-adds": 18, "by zero": 15, "copied": 3,
              "zero rows": 4})
    np.testing.assert_allclose(emb.one_hot(emb.SENTENCE, 6).T @ emb.UPSTREAM,
                               emb.embed_backward(emb.UPSTREAM, emb.SENTENCE, 6))


def test_the_cosine_worked_example_against_hand_arithmetic():
    t = emb.worked_example_cosine()
    check(t, {"king . queen": 3 * 1.4 + 1 * 1.8, "|king|": math.sqrt(10),
              "|queen|": math.sqrt(1.4 ** 2 + 1.8 ** 2),
              "cos(king, queen)": 6 / (math.sqrt(10) * math.sqrt(5.2)),
              "king . apple": each(3 * 0.3 + 1 * 0.2, 1.1)})


def test_the_common_mistakes_show_the_wrong_and_the_right_value():
    check(emb.mistake_fancy_index(), {"wrong dE[king]": [-0.4, 0.5, 0.2],   # the last row only
                                      "right dE[king]": [-0.3, 0.3, 0.5], "king's rows": 2})
    t = emb.mistake_analogy_without_exclusion()
    target = [2.2, 1.4, 0.0]
    check(t, {"winner with the query words: king": cosine_plain([3.0, 1.0, 0.0], target),
              "winner without them: queen": cosine_plain([1.4, 1.8, 0.0], target)})


def test_the_page_claims_against_hand_arithmetic():
    check(emb.claims_llm(), {"|V| d": 38_597_376, "total": 124_439_808,
                             "multiply-adds": 1024 * 50257 * 768, "copied": 786_432,
                             "saved by tying": 38_597_376,
                             "untied total": 124_439_808 + 38_597_376})
    check(emb.claims_gpt2_count(), {"12 d^2 + 13 d": 7_087_872, "all blocks": 85_054_464,
                                    "final norm": 1_536})
    check(emb.exercise_table_size(), {"tied": 131_072_000, "untied": 262_144_000})
    check(emb.exercise_negative(), {"z": each(-0.5, -0.5),
                                    "new e_k": [0.5 - 0.2 * 1 / (1 + math.exp(0.5)),
                                                -0.5 - 0.2 * 2 / (1 + math.exp(0.5))]})
    check(emb.exercise_cosine(), {"cos": 8 / 9, "cos(a, 2b)": 8 / 9})


@pytest.mark.parametrize("name", [n for n in dir(emb) if n.startswith(
    ("worked_example", "exercise_", "mistake_", "claims_"))])
def test_every_transcript_is_finite_and_pure(name):
    first, second = getattr(emb, name)(), getattr(emb, name)()
    for (n1, v1), (n2, v2) in zip(first, second):
        assert n1 == n2 and np.all(np.isfinite(np.asarray(v1, dtype=float)))
        np.testing.assert_array_equal(v1, v2)
