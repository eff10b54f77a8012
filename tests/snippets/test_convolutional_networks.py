"""Tests of snippets/convolutional_networks.py: the layer against a plain loop and NumPy's own
convolution, every gradient against central differences (tests/gradcheck.py), sizes and
receptive fields against brute-force counts, and the page's numbers against hand arithmetic."""
from __future__ import annotations

import numpy as np
import pytest
from gradcheck import assert_gradient
from transcript_check import check, each

import convolutional_networks as cn

# --------------------------------------------------------------------------
# Helpers written independently of the snippet (plain loops, NumPy's 1-D routines).


def naive_conv(x, w, b, pad, stride):
    """A convolutional layer as six nested loops over output channel, row, column, input
    channel and the two kernel offsets; padding read as zero outside the input."""
    c_out, c_in, k, _ = w.shape
    _, h, wd = x.shape
    rows = (h + 2 * pad - k) // stride + 1
    cols = (wd + 2 * pad - k) // stride + 1
    z = np.zeros((c_out, rows, cols))
    for q in range(c_out):
        for i in range(rows):
            for j in range(cols):
                total = b[q]
                for c in range(c_in):
                    for u in range(k):
                        for v in range(k):
                            r, s = i * stride + u - pad, j * stride + v - pad
                            if 0 <= r < h and 0 <= s < wd:
                                total += w[q, c, u, v] * x[c, r, s]
                z[q, i, j] = total
    return z


def count_windows(n, kernel, pad, stride):
    """Slide a window along a padded row and count the places where it fits."""
    count, start = 0, 0
    while start + kernel <= n + 2 * pad:
        count += 1
        start += stride
    return count


def reach_1d(layers, n_in):
    """Which input cells can change the middle unit of the top layer of a 1-D stack of
    (kernel, stride) layers: nudge each input and see if the top unit moves (all-ones kernels,
    so no cancellation)."""
    def top(x):
        for kernel, stride in layers:
            x = np.array([x[s:s + kernel].sum() for s in range(0, len(x) - kernel + 1, stride)])
        return x
    base = top(np.zeros(n_in))
    mid = len(base) // 2
    moved = []
    for c in range(n_in):
        e = np.zeros(n_in)
        e[c] = 1.0
        moved.append(top(e)[mid] != base[mid])
    return np.array(moved)


def rng_case(seed, c_in=2, c_out=3, n=6, k=3):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(c_in, n, n)), rng.normal(size=(c_out, c_in, k, k)),
            rng.normal(size=c_out))


# --------------------------------------------------------------------------
# Output size


@pytest.mark.parametrize("n", range(1, 12))
@pytest.mark.parametrize("kernel", [1, 2, 3, 5])
@pytest.mark.parametrize("pad", [0, 1, 2])
@pytest.mark.parametrize("stride", [1, 2, 3])
def test_output_size_matches_counting_windows(n, kernel, pad, stride):
    if kernel > n + 2 * pad:
        with pytest.raises(ValueError):
            cn.output_size(n, kernel, pad, stride)
    else:
        assert cn.output_size(n, kernel, pad, stride) == count_windows(n, kernel, pad, stride)


def test_resnet_stem_sizes_by_counting():
    # 224 + 6 = 230 padded cells, windows of 7 starting at 0, 2, ..., 222: 112 of them.
    assert count_windows(224, 7, 3, 2) == cn.output_size(224, 7, 3, 2) == 112
    assert count_windows(112, 3, 1, 2) == cn.output_size(112, 3, 1, 2) == 56


# --------------------------------------------------------------------------
# The layer, cross-correlation and convolution


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("pad, stride", [(0, 1), (1, 1), (1, 2), (2, 3)])
def test_conv2d_matches_a_plain_loop(seed, pad, stride):
    x, w, b = rng_case(seed, n=7)
    np.testing.assert_allclose(cn.conv2d(x, w, b, pad, stride), naive_conv(x, w, b, pad, stride),
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_one_dimensional_case_agrees_with_numpy_correlate_and_convolve(seed):
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=9), rng.normal(size=3)
    np.testing.assert_allclose(cn.cross_correlate2d(x[None], w[None])[0],
                               np.correlate(x, w, "valid"))
    np.testing.assert_allclose(cn.convolve2d(x[None], w[None])[0], np.convolve(x, w, "valid"))


def test_convolution_is_commutative_and_cross_correlation_is_not():
    """Full convolution commutes, (x * w) = (w * x); cross-correlation does not."""
    rng = np.random.default_rng(7)
    x, w = rng.normal(size=(3, 3)), rng.normal(size=(2, 2))
    full_xw = cn.convolve2d(x, w, pad=1)               # every overlap: 4 x 4
    np.testing.assert_allclose(full_xw, cn.convolve2d(w, x, pad=2))
    assert not np.allclose(cn.cross_correlate2d(x, w, pad=1), cn.cross_correlate2d(w, x, pad=2))


def test_translation_equivariance_away_from_the_border():
    rng = np.random.default_rng(3)
    x, w = rng.normal(size=(8, 8)), rng.normal(size=(3, 3))
    shifted = np.roll(x, 1, axis=1)
    np.testing.assert_allclose(cn.cross_correlate2d(shifted, w)[:, 1:],
                               cn.cross_correlate2d(x, w)[:, :-1])


def test_bad_shapes_raise():
    with pytest.raises(ValueError):
        cn.conv2d(np.ones((2, 4, 4)), np.ones((1, 3, 2, 2)), np.zeros(1))
    with pytest.raises(ValueError):
        cn.conv2d_backward(np.ones((1, 2, 2)), np.ones((1, 4, 4)), np.ones((1, 1, 2, 2)))


# --------------------------------------------------------------------------
# Backward passes, against central differences


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("pad, stride", [(0, 1), (1, 1), (1, 2), (0, 2)])
def test_conv2d_backward_passes_the_gradient_check(seed, pad, stride):
    x, w, b = rng_case(seed, n=6)
    G = np.random.default_rng(100 + seed).normal(size=naive_conv(x, w, b, pad, stride).shape)

    def loss(x_, w_, b_):                       # L = sum(G * z), so dL/dz = G
        return float((naive_conv(x_, w_, b_, pad, stride) * G).sum())

    dx, dw, db = cn.conv2d_backward(G, x, w, pad, stride)
    assert_gradient(lambda v: loss(v, w, b), lambda v: dx, x)
    assert_gradient(lambda v: loss(x, v, b), lambda v: dw, w)
    assert_gradient(lambda v: loss(x, w, v), lambda v: db, b)


@pytest.mark.parametrize("seed", range(5))
def test_input_gradient_is_the_full_convolution_with_the_flipped_kernel(seed):
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=(5, 5)), rng.normal(size=(3, 3))
    delta = rng.normal(size=(3, 3))
    dx = cn.conv2d_backward(delta[None], x[None], w[None, None])[0][0]
    # Written out from the definition: dL/dx[i, j] = sum_uv w[u, v] delta[i - u, j - v].
    by_definition = np.zeros_like(x)
    for i in range(5):
        for j in range(5):
            for u in range(3):
                for v in range(3):
                    if 0 <= i - u < 3 and 0 <= j - v < 3:
                        by_definition[i, j] += w[u, v] * delta[i - u, j - v]
    np.testing.assert_allclose(dx, by_definition)
    np.testing.assert_allclose(cn.full_convolve2d(delta, w), by_definition)


def test_weight_gradient_is_cross_correlation_of_input_with_deltas():
    rng = np.random.default_rng(11)
    x, w, delta = rng.normal(size=(5, 5)), rng.normal(size=(2, 2)), rng.normal(size=(4, 4))
    dw = cn.conv2d_backward(delta[None], x[None], w[None, None])[1][0, 0]
    np.testing.assert_allclose(dw, cn.cross_correlate2d(x, delta))


@pytest.mark.parametrize("seed", range(4))
def test_max_pool_backward_passes_the_gradient_check(seed):
    rng = np.random.default_rng(seed)
    x = rng.permutation(36).reshape(6, 6) / 7.0          # distinct values: no ties
    G = rng.normal(size=(3, 3))
    def loss(v):                      # forward written independently: 2x2 blocks by reshaping
        return float((v.reshape(3, 2, 3, 2).max(axis=(1, 3)) * G).sum())

    np.testing.assert_allclose(cn.max_pool2d(x), x.reshape(3, 2, 3, 2).max(axis=(1, 3)))
    assert_gradient(loss, lambda v: cn.max_pool2d_backward(G, x), x)


@pytest.mark.parametrize("projection", [None, 0.5, -1.5])
@pytest.mark.parametrize("seed", range(3))
def test_residual_block_gradient_check_and_the_skip_share(projection, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(1, 4, 4))
    params = [(rng.normal(scale=0.4, size=(1, 1, 3, 3)), rng.normal(size=1)),
              (rng.normal(scale=0.4, size=(1, 1, 3, 3)), rng.normal(size=1))]
    skip = None if projection is None else np.full((1, 1, 1, 1), projection)
    G = rng.normal(size=(1, 4, 4))

    def loss(v):                                  # written out: skip + conv(relu(conv(x)))
        h = np.maximum(naive_conv(v, *params[0], 1, 1), 0.0)
        f = naive_conv(h, *params[1], 1, 1)
        s = v if projection is None else projection * v
        return float(((s + f) * G).sum())

    _, z1 = cn.residual_block(x, params, skip)
    skip_part, path_part = cn.residual_block_backward(G, x, params, z1, skip)
    assert_gradient(loss, lambda v: skip_part + path_part, x)
    factor = 1.0 if projection is None else projection
    np.testing.assert_allclose(skip_part, factor * G)     # the skip keeps its 1, or its weight


# --------------------------------------------------------------------------
# Counts


def test_parameter_counts_by_hand():
    assert cn.conv_parameters(3, 3, 64) == (27 + 1) * 64 == 1792
    assert cn.conv_parameters(5, 16, 32) == 401 * 32 == 12832
    assert cn.conv_parameters(1, 256, 64) == 257 * 64 == 16448
    assert cn.conv_parameters(3, 3, 64, bias=False) == 27 * 64


def test_vgg16_parameters_layer_by_layer():
    chans = [3, 64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512]
    conv = sum(9 * a * b + b for a, b in zip(chans[:-1], chans[1:]))
    dense = (25088 * 4096 + 4096) + (4096 * 4096 + 4096) + (4096 * 1000 + 1000)
    assert cn.vgg_parameters() == (conv, dense, 25088)
    assert conv + dense == 138_357_544          # the count torchvision reports for VGG-16
    assert cn.vgg_parameters(side=256)[2] == 8 * 8 * 512


@pytest.mark.parametrize("layers, n_in", [([(3, 1)] * 3, 9), ([(3, 2), (3, 2), (3, 1)], 17),
                                          ([(3, 1), (2, 2), (3, 1)], 12),
                                          ([(5, 1), (3, 2)], 11)])
def test_receptive_field_matches_brute_force(layers, n_in):
    assert cn.receptive_field(layers)[-1] == reach_1d(layers, n_in).sum()


# --------------------------------------------------------------------------
# The page's numbers, worked out by hand


def test_worked_example_by_hand():
    """Window at row 1, column 2 is [[3, 1], [0, 2]]; with w = [[2, 0], [1, -1]]:
    3*2 + 1*0 + 0*1 + 2*(-1) = 4. Turned kernel [[-1, 1], [0, 2]]: -3 + 1 + 0 + 4 = 2.
    Both full grids worked cell by cell on paper; they agree in exactly one cell, (2, 1)."""
    corr = np.array([[1, 2, 2], [1, 3, 4], [5, 1, -2]])
    conv = np.array([[3, 4, 3], [3, 2, 2], [-1, 1, 8]])
    check(cn.worked_example(), {
        "x": cn.EXAMPLE_X, "w": cn.EXAMPLE_W, "n": 4, "kernel": 2, "n_out": 3, "row": 1,
        "column": 2, "window": np.array([[3, 1], [0, 2]]),
        "term 0": each(3, 3), "term 1": each(2, -1), "term 2": each(1, 1), "term 3": each(0, 1),
        "term 4": each(0, 0), "term 5": each(1, 0), "term 6": each(2, 2), "term 7": each(-1, 2),
        "z (cross-correlation)": 4, "turn (degrees)": 180,
        "flipped w": np.array([[-1, 1], [0, 2]]), "z (convolution)": 2,
        "cross-correlation": corr, "convolution": conv, "equal cells": 1,
    }, complete=True)


def test_backward_example_by_hand():
    """z = [[1-0+4+0.5+0.5, 0-2+2+0+0.5], [2-1+0+0.5+0.5, 1-0+2+0.5+0.5]] = [[6, 0.5], [2, 4]].
    db = 1 - 1 + 0.5 + 1.5 = 2. dw00 = 1*1 + 0*(-1) + 2*0.5 + 1*1.5 = 3.5, and so on.
    dx11 = 1*0.5 + (-1)*2 + 0.5*(-1) + 1.5*1 = -0.5."""
    dx = np.array([[1, -2, 1], [2.5, -0.5, -2], [1, 3.25, 0.75]])
    check(cn.backward_example(), {
        "input side": 3, "kernel": 2, "output side": 2, "x": cn.BACK_X, "w": cn.BACK_W,
        "b": 0.5, "z": np.array([[6, 0.5], [2, 4]]), "delta": cn.BACK_DELTA,
        "x under the delta": each(1, 0, 2, 1),
        "delta entry": each(1, -1, 0.5, 1.5, 1, -1, 0.5, 1.5),
        "db": 2, "dw[0,0]": 3.5, "dw": np.array([[3.5, -1.5], [2.5, 3]]),
        "windows covering x[1,1]": 4, "output": np.array([[0, 0], [0, 1], [1, 0], [1, 1]]),
        "weight met": each(0.5, 2, -1, 1),
        "dx[1,1]": -0.5, "dx": dx, "one": 1, "kernel - 1": 1, "turn (degrees)": 180,
        "padded delta": np.pad(cn.BACK_DELTA, 1), "flipped w": np.array([[0.5, 2], [-1, 1]]),
        "full convolution": dx, "largest difference": 0,
    }, complete=True)


def test_residual_example_shares():
    t = cn.residual_example()
    d = {}
    for name, value in t:
        d.setdefault(name, []).append(float(value))
    assert d["skip (identity)"] == [1.0, 1.0] and d["skip (projection)"] == [0.5, 0.5]
    path = d["path"][0]
    assert d["path"] == [path] * 3
    assert d["total (identity)"] == [pytest.approx(1 + path)]
    assert d["total (projection)"] == [pytest.approx(0.5 + path)]
    # The page's own setting, checked by central differences of L = sum of the block's outputs.
    rng = np.random.default_rng(cn.RES_SEED)
    x = rng.normal(size=(1, 4, 4))
    params = [(rng.normal(scale=0.3, size=(1, 1, 3, 3)), np.zeros(1)),
              (rng.normal(scale=0.3, size=(1, 1, 3, 3)), np.zeros(1))]
    for weight, total in ((1.0, d["total (identity)"][0]), (0.5, d["total (projection)"][0])):
        def loss(v, weight=weight):
            h = np.maximum(naive_conv(v, *params[0], 1, 1), 0.0)
            return float((weight * v + naive_conv(h, *params[1], 1, 1)).sum())
        e = np.zeros_like(x)
        e[0, 1, 1] = 1e-6
        assert (loss(x + e) - loss(x - e)) / 2e-6 == pytest.approx(total, rel=1e-6)


def test_region_and_exercise_transcripts_by_hand():
    check(cn.claims_output_size(), {"kernel": 7, "n": 224, "quotient": each(111.5, 55.5),
                                    "after conv": 112, "after pool": 56}, complete=True)
    check(cn.mistake_rounding_up(), {
        "exact": 112.5, "rounded up": 113, "starts": np.array([0, 2, 4]), "windows": 112,
        "last start": 222, "last end": 228, "next start": 224, "next end": 230,
        "last padded cell": 229, "output_size": 112}, complete=True)
    check(cn.claims_channels(), {"channels out": 64, "conv": 1792, "side": 32,
                                 "dense inputs": 3072, "dense outputs": 65536,
                                 "dense": 3073 * 65536, "ratio": 112384}, complete=True)
    check(cn.claims_receptive_field(), {
        "two layers": 5, "three layers": 7, "two 3x3 weights": 18, "one 5x5 weights": 25,
        "three 3x3 weights": 27, "one 7x7 weights": 49, "plain": each(5, 7, 5, 7),
        "strided": each(7, 15, 7, 15)}, complete=True)
    check(cn.mistake_np_convolve(), {
        "w": np.array([1, 0, -1]), "x": np.array([1, 2, 3, 4]), "layer": np.array([-2, -2]),
        "np.convolve": np.array([2, 2]), "np.correlate": np.array([-2, -2]),
        "reversing step": -1, "np.convolve, kernel reversed": np.array([-2, -2])}, complete=True)
    check(cn.exercise_output_size(), {"size": each(4, 5), "quotient": each(3.5, 4.5),
                                      "floored": each(3, 4)})
    check(cn.exercise_parameters(), {"weights": 400, "weights + bias": 401,
                                     "parameters": 12832})
    check(cn.exercise_receptive_field(), {"r1": 3, "r2": 4, "r3": 8})
    check(cn.exercise_pooling(), {
        "pooled": np.array([[4, 2], [2, 6]]),
        "dx": np.array([[0, 0, -1, 0], [0.5, 0, 0, 0], [0, 0, 0, 0], [2, 0, 0, 1]]),
        "cells with a gradient": 4, "cells": 16})
    check(cn.claims_interview_questions(), {
        "conv": 14_714_688, "dense": 123_642_856, "first dense": 25088 * 4096 + 4096,
        "total": 138_357_544, "flat": each(25088, 25088, 25088, 32768), "parameters": 16448,
        "first dense share": (25088 * 4096 + 4096) / 138_357_544})
    check(cn.claims_history(), {"VGG-16 total": 138_357_544,
                                "VGG-16 dense share": 123_642_856 / 138_357_544})
