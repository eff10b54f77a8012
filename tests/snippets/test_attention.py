"""Tests of snippets/attention.py, against plain-Python loops, hand-derived values and
properties (rows that sum to one, rotations, permutations, the same result computed two ways)."""
from __future__ import annotations

import math

import numpy as np
import pytest

import attention as att
from gradcheck import central_difference
from transcript_check import check, each, near

# --------------------------------------------------------------------------
# Helpers written independently of the snippet: lists and the math module only.


def softmax_list(row):
    """Softmax of a list of numbers; -inf gets 0. Plain Python."""
    top = max(row)
    e = [0.0 if s == -math.inf else math.exp(s - top) for s in row]
    total = sum(e)
    return [x / total for x in e]


def attention_loops(Q, K, V, causal=False):
    """softmax(Q K^T / sqrt(d_k)) V with explicit loops over queries, keys and features."""
    Q, K, V = (np.asarray(A, dtype=float).tolist() for A in (Q, K, V))
    d_k = len(Q[0])
    out, weights = [], []
    for i, q in enumerate(Q):
        row = []
        for j, k in enumerate(K):
            s = sum(a * b for a, b in zip(q, k)) / math.sqrt(d_k)
            row.append(-math.inf if causal and j > i else s)
        w = softmax_list(row)
        weights.append(w)
        out.append([sum(w[j] * V[j][c] for j in range(len(V))) for c in range(len(V[0]))])
    return np.array(out), np.array(weights)


def transpose_loops(A):
    return np.array([[A[i][j] for i in range(len(A))] for j in range(len(A[0]))])


def random_block_params(d, seed):
    """Random weights for every parameter of a block, biases and norms included."""
    p = att.init_block(d, seed=seed)
    rng = np.random.default_rng(seed + 100)
    return {n: v + 0.1 * rng.standard_normal(v.shape) for n, v in p.items()}


# --------------------------------------------------------------------------
# Scaled dot-product attention


def test_attention_matches_loops_on_random_inputs():
    rng = np.random.default_rng(0)
    for n, m, d_k, d_v in [(1, 1, 1, 1), (3, 5, 4, 2), (6, 6, 8, 3)]:
        Q, K, V = rng.standard_normal((n, d_k)), rng.standard_normal((m, d_k)), rng.standard_normal((m, d_v))
        out, w = att.attention(Q, K, V)
        ref_out, ref_w = attention_loops(Q, K, V)
        np.testing.assert_allclose(out, ref_out, atol=1e-12)
        np.testing.assert_allclose(w, ref_w, atol=1e-12)
        np.testing.assert_allclose(w.sum(axis=1), 1.0)


def test_scores_need_matching_widths():
    with pytest.raises(ValueError):
        att.scaled_scores(np.ones((2, 3)), np.ones((2, 4)))


def test_softmax_rows_refuses_a_fully_masked_row_and_nan():
    with pytest.raises(ValueError):
        att.softmax_rows(np.array([[-np.inf, -np.inf]]))
    with pytest.raises(ValueError):
        att.softmax_rows(np.array([[np.nan, 0.0]]))


def test_causal_attention_row_i_sees_only_the_first_i_tokens():
    rng = np.random.default_rng(1)
    Q, K, V = rng.standard_normal((5, 4)), rng.standard_normal((5, 4)), rng.standard_normal((5, 3))
    out, w = att.attention(Q, K, V, att.causal_mask(5))
    ref_out, ref_w = attention_loops(Q, K, V, causal=True)
    np.testing.assert_allclose(out, ref_out, atol=1e-12)
    for i in range(5):
        alone, _ = att.attention(Q[i:i + 1], K[:i + 1], V[:i + 1])
        np.testing.assert_allclose(out[i], alone[0], atol=1e-12)
        assert np.all(w[i, i + 1:] == 0.0)


def test_causal_mask_is_zero_on_and_below_the_diagonal():
    M = att.causal_mask(4)
    for i in range(4):
        for j in range(4):
            assert (M[i, j] == 0.0) if j <= i else (M[i, j] == -np.inf)


# --------------------------------------------------------------------------
# Why sqrt(d_k)


@pytest.mark.parametrize("d_k", [1, 8, 64, 200])
def test_dot_product_variance_is_d_k(d_k):
    # Var(sum of d_k products of independent standard normals) = d_k; the sample
    # variance of 20,000 draws is within a few percent (E[(ab)^4] = 9, so rel. s.e. ~ 2 %).
    assert att.dot_product_variance(d_k) == pytest.approx(d_k, rel=0.06)


def test_softmax_slopes_are_the_jacobian_the_page_states_and_vanish_when_saturated():
    """d softmax_i / d s_j = p_i (delta_ij - p_j), i.e. diag(p) - p p^T, against central
    differences of the snippet's masked softmax; nearly one-hot scores give slopes near zero."""
    def jacobian_numeric(s):
        return np.array([central_difference(lambda v, i=i: att.softmax_rows(v[None, :])[0, i], s)
                         for i in range(len(s))])

    for s in (np.array([0.5, 0.0, 1.0, 1.0]), np.array([0.3, -1.2, 2.0])):
        p = softmax_list(s.tolist())
        by_hand = np.array([[p[i] * ((i == j) - p[j]) for j in range(len(p))] for i in range(len(p))])
        np.testing.assert_allclose(jacobian_numeric(s), by_hand, atol=1e-8)
    saturated = np.array([24.0, 0.0, 0.0, 0.0])        # a score three standard deviations out at d_k = 64
    assert np.abs(jacobian_numeric(saturated)).max() < 1e-9


def test_saturation_numbers_against_an_independent_simulation():
    """Given the query q, the 16 scores q.k_j are independent N(0, |q|^2): draw them that way
    (not by drawing keys) with another seed and many more trials."""
    rng = np.random.default_rng(2024)
    trials, d_k = 20_000, att.SAT_DK
    norms = np.linalg.norm(rng.standard_normal((trials, d_k)), axis=1)
    scores = rng.standard_normal((trials, att.SAT_KEYS)) * norms[:, None]
    expected = {}
    for name, s in (("largest unscaled", scores), ("largest scaled", scores / math.sqrt(d_k))):
        e = np.exp(s - s.max(axis=1, keepdims=True))
        expected[name] = near(float((e / e.sum(axis=1, keepdims=True)).max(axis=1).mean()), atol=0.02)
    # Var(q.k) = d_k = 64: the measured value is a sample estimate (relative s.e. about 1 %).
    expected["measured"] = near(64.0, rtol=0.03)
    expected["scaled"] = near(1.0, rtol=0.03)
    check(att.claims_scaling(), expected)


def test_scaling_keeps_the_softmax_from_saturating():
    assert att.largest_weight(512, scaled=False) > 0.9
    assert att.largest_weight(512, scaled=True) < 0.35
    # With d_k = 1 scaling divides by 1: the same numbers.
    assert att.largest_weight(1, scaled=True) == att.largest_weight(1, scaled=False)


# --------------------------------------------------------------------------
# Multi-head attention


def test_multi_head_matches_separate_per_head_matrices():
    """head_i = attention(X W_i^Q, X W_i^K, X W_i^V) with W_i cut out by hand, then concat and W^O."""
    d, heads, n = 6, 3, 4
    p = random_block_params(d, seed=2)
    X = np.random.default_rng(3).standard_normal((n, d))
    d_k = d // heads
    outs = []
    for i in range(heads):
        cols = list(range(i * d_k, (i + 1) * d_k))
        WQ = np.array([[p["WQ"][r][c] for c in cols] for r in range(d)])
        WK = np.array([[p["WK"][r][c] for c in cols] for r in range(d)])
        WV = np.array([[p["WV"][r][c] for c in cols] for r in range(d)])
        o, _ = attention_loops(X @ WQ + p["bQ"][cols], X @ WK + p["bK"][cols], X @ WV + p["bV"][cols])
        outs.append(o)
    ref = np.hstack(outs) @ p["WO"] + p["bO"]
    np.testing.assert_allclose(att.multi_head_attention(X, X, X, p, heads), ref, atol=1e-12)


def test_key_weights_on_queries_give_symmetric_scores_and_the_right_ones_do_not():
    rng = np.random.default_rng(4)
    X, WQ, WK = rng.standard_normal((5, 8)), rng.standard_normal((8, 4)), rng.standard_normal((8, 4))
    wrong = att.scores_with_key_weights_on_queries(X, WK)
    right = att.scaled_scores(X @ WQ, X @ WK)
    np.testing.assert_allclose(wrong, wrong.T, atol=1e-12)
    assert np.abs(right - right.T).max() > 0.1


def test_heads_must_divide_the_width():
    with pytest.raises(ValueError):
        att.head_columns(0, 10, 3)


def test_self_attention_without_positions_only_permutes():
    """Permuting the tokens permutes the outputs, row for row: attention alone ignores order."""
    rng = np.random.default_rng(5)
    X = rng.standard_normal((5, 8))
    perm = np.array([3, 1, 4, 0, 2])
    p = random_block_params(8, seed=6)
    out = att.multi_head_attention(X, X, X, p, 2)
    out_p = att.multi_head_attention(X[perm], X[perm], X[perm], p, 2)
    np.testing.assert_allclose(out[perm], out_p, atol=1e-12)


# --------------------------------------------------------------------------
# Positional encoding


def test_positional_encoding_matches_the_formula():
    n, d = 7, 6
    PE = att.positional_encoding(n, d)
    for pos in range(n):
        for i in range(d // 2):
            w = 10_000 ** (-2 * i / d)
            assert PE[pos, 2 * i] == pytest.approx(math.sin(pos * w), abs=1e-14)
            assert PE[pos, 2 * i + 1] == pytest.approx(math.cos(pos * w), abs=1e-14)


def test_a_shift_is_a_rotation_of_every_pair():
    d = 8
    PE = att.positional_encoding(60, d)
    omega = att.frequencies(d)
    for pos, shift in [(0, 1), (5, 17), (20, 39)]:
        for i in range(d // 2):
            R = att.rotation(omega[i] * shift)
            np.testing.assert_allclose(R @ PE[pos, 2 * i:2 * i + 2], PE[pos + shift, 2 * i:2 * i + 2],
                                       atol=1e-12)
            np.testing.assert_allclose(R @ R.T, np.eye(2), atol=1e-15)   # a rotation: no stretch
            assert np.linalg.det(R) == pytest.approx(1.0)


def test_odd_width_is_refused():
    with pytest.raises(ValueError):
        att.frequencies(5)


# --------------------------------------------------------------------------
# The block, its parameters and its cost


def test_parameter_formula_counts_the_arrays_of_a_real_block():
    for d in (4, 8, 768):
        p = att.init_block(d) if d < 768 else None
        expected = 12 * d * d + 13 * d   # 4d^2 + 4d (attention), 8d^2 + 5d (FFN), 4d (two norms)
        assert sum(att.block_parameters(d).values()) == expected
        if p is not None:
            assert sum(v.size for v in p.values()) == expected


def test_gpt2_small_total_by_hand():
    # 12 blocks of 12*768^2 + 13*768 = 7,087,872; token table 50,257 * 768 = 38,597,376;
    # positions 1024 * 768 = 786,432; final layer norm 2 * 768 = 1,536.
    assert 12 * 7_087_872 + 38_597_376 + 786_432 + 1_536 == 124_439_808
    t = att.worked_example_count()
    check(t, {"exact": 7_087_872, "total": 124_439_808, "blocks": 85_054_464,
              "share": 7_077_888 / 7_087_872, "millions": 124})


def test_pre_ln_block_with_zero_sublayers_is_the_identity_and_post_ln_normalises():
    d = 8
    p = {n: np.zeros_like(v) for n, v in att.init_block(d).items()}
    p["g1"], p["g2"] = np.ones(d), np.ones(d)
    X = np.random.default_rng(7).standard_normal((3, d)) * 3 + 1
    np.testing.assert_allclose(att.transformer_block(X, p, 2), X, atol=1e-12)
    post = att.transformer_block(X, p, 2, pre_ln=False)
    np.testing.assert_allclose(post.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(post.std(axis=1), 1.0, atol=1e-5)


def test_transformer_block_keeps_the_shape_and_the_causal_block_ignores_the_future():
    d = 8
    p = random_block_params(d, seed=8)
    X = np.random.default_rng(9).standard_normal((4, d))
    Y = att.transformer_block(X, p, 2, att.causal_mask(4))
    assert Y.shape == X.shape
    X2 = X.copy()
    X2[3] += 5.0                      # change only the last token
    Y2 = att.transformer_block(X2, p, 2, att.causal_mask(4))
    np.testing.assert_allclose(Y[:3], Y2[:3], atol=1e-12)


def test_kv_cache_gives_the_same_rows_as_full_causal_attention():
    rng = np.random.default_rng(10)
    X = rng.standard_normal((6, 5))
    WQ, WK, WV = (rng.standard_normal((5, 3)) for _ in range(3))
    full, _ = attention_loops(X @ WQ, X @ WK, X @ WV, causal=True)
    np.testing.assert_allclose(att.generate_with_cache(X, WQ, WK, WV), full, atol=1e-12)


@pytest.mark.parametrize("block", [1, 2, 3, 7, 50])
def test_tiled_attention_with_online_softmax_is_exact(block):
    rng = np.random.default_rng(11)
    Q, K, V = rng.standard_normal((7, 4)) * 3, rng.standard_normal((7, 4)) * 3, rng.standard_normal((7, 2))
    ref, _ = attention_loops(Q, K, V)
    np.testing.assert_allclose(att.attention_tiled(Q, K, V, block), ref, atol=1e-12)


def test_cost_and_memory_formulas():
    ops = att.multiply_adds(1024, 768)
    assert ops["Q K^T and weights V"] == 2 * 1024 * 1024 * 768
    # The n^2 d term equals the 12 n d^2 term of projections and feed-forward at n = 6 d.
    d = 64
    ops = att.multiply_adds(6 * d, d)
    assert ops["Q K^T and weights V"] == ops["projections Q, K, V, O"] + ops["feed-forward"]
    assert att.kv_cache_bytes(32, 4096, 1) == 2 * 32 * 4096 * 2 == 512 * 1024


# --------------------------------------------------------------------------
# The page's transcripts against hand-derived values


def test_worked_example_by_hand():
    t = att.worked_example()
    Q, K = att.EX_Q.tolist(), att.EX_K.tolist()
    raw = [[sum(a * b for a, b in zip(q, k)) for k in K] for q in Q]
    # Row 1 of the scaled scores is (1, 0, 2, 2) / 2 = (0.5, 0, 1, 1).
    e = [math.exp(0.5), 1.0, math.e, math.e]
    w1 = [x / sum(e) for x in e]
    check(t, {"K^T": transpose_loops(K), "QK^T": raw, "(QK^T)[2,4]": 1.0,
              "sqrt(d_k)": 2.0, "S": np.array(raw) / 2, "exp": e, "sum": sum(e),
              "weights row 1": each(w1, w1),
              "out[1,1]": w1[0] * 1 + w1[2] * 1 + w1[3] * 2,
              "row sums": [1.0] * 4})
    assert raw[0] == [1, 0, 2, 2] and raw[1] == [2, 4, 0, 1]
    ref_out, ref_w = attention_loops(att.EX_Q, att.EX_K, att.EX_V)
    check(t, {"weights": ref_w, "output": ref_out})


def test_causal_example_by_hand():
    t = att.worked_example_causal()
    # Row 2 keeps scores 1 and 2: weights e/(e + e^2) and e^2/(e + e^2).
    check(t, {"weights row 2": [1 / (1 + math.e), math.e / (1 + math.e)],
              "sum": math.e + math.e ** 2, "row sums": [1.0] * 4, "V row 1": [1.0, 0.0]})
    out = dict(t)["output"]
    np.testing.assert_allclose(out[0], [1.0, 0.0])   # token 1 sees only itself
    ref_out, ref_w = attention_loops(att.EX_Q, att.EX_K, att.EX_V, causal=True)
    check(t, {"weights": ref_w, "output": ref_out})


def test_rotation_example_by_hand():
    t = att.worked_example_rotation()
    check(t, {"omega": [1.0, 0.01], "PE(pos)": [math.sin(2), math.cos(2), math.sin(0.02), math.cos(0.02)],
              "rotated": each([math.sin(5), math.cos(5)], [math.sin(0.05), math.cos(0.05)]),
              "PE(pos+shift) pair": [math.sin(5), math.cos(5)],
              "(pos+shift) omega_1": 0.05, "angle": each(3.0, 3.0, 0.03),
              "R": each([[math.cos(3), math.sin(3)], [-math.sin(3), math.cos(3)]],
                        [[math.cos(0.03), math.sin(0.03)], [-math.sin(0.03), math.cos(0.03)]])})


def test_mistakes_by_hand():
    t = att.mistake_mask_after_softmax()
    e = [math.exp(0.5), 1.0, math.e, math.e]
    # Zeroing after the softmax keeps e^0.5 / sum(e) in row 1: the row sums to that, not 1.
    z = [math.exp(0.5), 1.0, 1.0, 1.0]   # scores set to 0 still get e^0 = 1
    check(t, {"zeroed row 1": [e[0] / sum(e), 0, 0, 0], "right row 1": [1, 0, 0, 0],
              "weights, scores zeroed, row 1": [x / sum(z) for x in z],
              "row sums, right": [1.0] * 4})
    assert dict(t)["row sums, zeroed"][0] == pytest.approx(e[0] / sum(e))
    _, w = attention_loops(att.EX_Q, att.EX_K, att.EX_V)   # row i keeps the weights on keys 1..i
    check(t, {"row sums, zeroed": [sum(w[i][:i + 1]) for i in range(4)]})
    t = att.mistake_key_weights_on_queries()
    # The scores again, with loops, from the same seeded draws rounded to one decimal.
    rng = np.random.default_rng(att.MH_SEED)
    X = np.round(rng.standard_normal((3, 4)), 1)
    WQ, WK = (np.round(rng.standard_normal((4, 2)), 1) for _ in range(2))
    q, k = (X @ WQ).tolist(), (X @ WK).tolist()
    wrong, right = ([[sum(a * b for a, b in zip(u, v)) / math.sqrt(2) for v in k] for u in rows]
                    for rows in (k, q))
    check(t, {"max |S - S^T| wrong": 0.0, "wrong S": wrong, "right S": right})
    assert dict(t)["max |S - S^T| right"] > 1
    t = att.mistake_k_for_k_transpose()
    check(t, {"row 1 of QK": [2, 1, 1, 0], "row 1 of QK^T": [1, 0, 2, 2]})


def test_exercises_by_hand():
    # Exercise 1: scores 4 and 1, scaled 2 and 0.5; weights 1/(1 + e^-1.5) and the rest.
    w = 1 / (1 + math.exp(-1.5))
    check(att.exercise_one_query(), {"raw 1": 4.0, "raw 2": 1.0, "S": [2.0, 0.5],
                                     "weights": [w, 1 - w], "out": 4 * w})
    check(att.exercise_causal_row(), {"weights row 2": [math.e / (math.e + 1), 1 / (math.e + 1), 0],
                                      "row 1": [1, 0, 0], "row 3": [1 / 3] * 3})
    check(att.exercise_variance(), {"std": 8.0, "three std": 24.0})
    check(att.exercise_kv_cache(), {"per token": 524_288, "total": 2 ** 31, "GiB": 2.0})


def test_claims_by_hand():
    t = att.claims_cost()
    # 2 * 12 layers * 768 = 18,432 values; at 2 bytes, 36,864 bytes = 36 KiB per token.
    check(t, {"values per token": 18_432, "per token": 36_864, "KiB": 36.0,
              "scores bytes": 1024 * 1024 * 12 * 4, "MiB": each(48.0, 36.0),
              "attention": 2 * 1024 ** 2 * 768, "projections + FFN": 12 * 1024 * 768 ** 2})
    check(att.claims_interview(), {"exact": 12 * 512 ** 2 + 13 * 512, "gap below": 1e-12,
                                   "token table, millions": 38.6, "millions": 124})
    check(att.claims_block(), {"8 (feed-forward d^2)": 8, "13 (biases and norms per d)": 13})
