"""The notebook "CNNs, sequences and encoder-decoders": its results against independent computations.

Every expected value here is computed afresh (plain loops, a reshape, a brute-force search, a
hand-written LSTM, forward-mode derivatives), never copied from the notebook's output.
"""
import itertools
import math

import numpy as np
import pytest
from notebook_run import run, test_same_outputs_as_the_build  # noqa: F401

NOTEBOOK = "cnns-and-sequences"
RESULTS = ["image", "vertical_edges", "maps", "pooled", "strided", "layer", "textbook",
           "err_W_h", "err_x_1", "err_off_by_one",
           "xs_long", "w_long", "y_long", "W_h_long", "W_x_long", "gate_W", "gate_b",
           "grad_rnn", "grad_lstm", "rnn_share", "lstm_share", "deltas_long",
           "vocab", "table", "greedy", "greedy_logp", "beam", "beam_logp", "winners",
           "eta_switch"]


def _v(run, name):
    return np.array(run.values[name], dtype=float)


# --- Convolution and pooling on the photograph ------------------------------------------------

def test_image_is_the_photo_in_8x8_block_means(run):
    from sklearn.datasets import load_sample_image
    photo = load_sample_image("china.jpg").astype(float)
    assert photo.shape == (427, 640, 3)            # the sizes the markdown states
    assert 427 - 53 * 8 == 3                       # "the last 3 rows ... are dropped"
    image = _v(run, "image")
    assert image.shape == (427 // 8, 640 // 8) == (53, 80)
    for i, j in [(0, 0), (10, 20), (52, 79)]:      # one block's mean over its 64 pixels and 3 colours
        assert image[i, j] == pytest.approx(photo[8 * i:8 * i + 8, 8 * j:8 * j + 8].mean() / 255)
    assert 0 <= image.min() and image.max() <= 1


def test_feature_maps_equal_plain_loops(run):
    image, k = _v(run, "image"), _v(run, "vertical_edges")
    assert k.tolist() == [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]   # the Sobel kernel the text writes
    maps = _v(run, "maps")
    assert maps.shape == (2, 53 - 2, 80 - 2)
    for c, kernel in enumerate([k, k.T]):
        expected = np.zeros((51, 78))
        for i in range(51):
            for j in range(78):
                expected[i, j] = sum(kernel[u, v] * image[i + u, j + v]
                                     for u in range(3) for v in range(3))
        assert np.allclose(maps[c], expected)


def test_output_sizes_floor(run):
    # floor((53 + 2 - 3) / 2) + 1 = 26 + 1 = 27 and floor((80 + 2 - 3) / 2) + 1 = floor(39.5) + 1 = 40
    assert (53 + 2 - 3) / 2 == 26 and (80 + 2 - 3) / 2 == 39.5
    assert _v(run, "strided").shape == (2, 27, 40)
    # pooling 2x2, stride 2: floor((51 - 2) / 2) + 1 = 25 and floor((78 - 2) / 2) + 1 = 39
    assert _v(run, "pooled").shape == (2, 25, 39)


def test_pooling_equals_reshape_max(run):
    maps, pooled = _v(run, "maps"), _v(run, "pooled")
    activated = np.maximum(maps, 0.0)[:, :50, :78]      # 51 rows: the last is left out
    expected = activated.reshape(2, 25, 2, 39, 2).max(axis=(2, 4))
    assert np.allclose(pooled, expected)


def test_textbook_convolution_negates_an_edge_map(run):
    layer, textbook = _v(run, "layer"), _v(run, "textbook")
    assert np.allclose(layer, _v(run, "maps")[0])
    assert np.allclose(textbook, -layer) and np.abs(layer).max() > 0.1
    assert not np.any((layer > 0) & (textbook > 0))     # no cell kept by both after ReLU


# --- Backpropagation through time ------------------------------------------------------------

def test_bptt_matches_central_differences_and_the_slip_does_not(run):
    assert run.values["err_W_h"] < 1e-6 and run.values["err_x_1"] < 1e-6
    assert run.values["err_off_by_one"] > 1e-2


def test_rnn_gradient_by_forward_mode(run):
    """d h_t / d x_1 carried forward step by step, a different route from rnn_backward's."""
    xs, w, y = _v(run, "xs_long"), _v(run, "w_long"), run.values["y_long"]
    W_h, W_x = _v(run, "W_h_long"), _v(run, "W_x_long")
    assert np.allclose(W_h.T @ W_h, np.eye(4))                    # orthogonal: keeps every length
    assert len(xs) == 40 and W_h.shape == (4, 4)
    grad = _v(run, "grad_rnn")
    for first in (0, 20, 39):                                      # the input we differentiate by
        h, sens = np.zeros(4), np.zeros((4, 1))
        for t, x in enumerate(xs):
            h = np.tanh(W_h @ h + W_x @ x)
            sens = (1 - h ** 2)[:, None] * (W_h @ sens + (W_x if t == first else 0))
        expected = abs(2 * (w @ h - y) * (w @ sens)[0])
        assert grad[first] == pytest.approx(expected, rel=1e-9, abs=1e-300)


def _lstm_loss(xs, gate_W, gate_b, w, y):
    """An LSTM written from its equations: f, i, o sigmoids, the candidate a tanh, each reads [h; x]."""
    def sig(z):
        return 1 / (1 + np.exp(-z))
    h, c = np.zeros(4), np.zeros(4)
    for x in xs:
        v = np.concatenate([h, x])
        f, i, g, o = (gate_W[k] @ v + gate_b[k] for k in range(4))
        c = sig(f) * c + sig(i) * np.tanh(g)
        h = sig(o) * np.tanh(c)
    return float((w @ h - y) ** 2)


def test_lstm_gradient_by_an_independent_lstm(run):
    xs, w, y = _v(run, "xs_long"), _v(run, "w_long"), run.values["y_long"]
    gate_W, gate_b = _v(run, "gate_W"), _v(run, "gate_b")
    assert np.all(gate_b[0] == 3.0) and np.all(gate_b[1:] == 0.0)   # forget bias 3, the rest 0
    grad = _v(run, "grad_lstm")
    eps = 1e-4
    for t in (0, 39):
        up, down = xs.copy(), xs.copy()
        up[t] += eps
        down[t] -= eps
        slope = (_lstm_loss(up, gate_W, gate_b, w, y) - _lstm_loss(down, gate_W, gate_b, w, y)) / (2 * eps)
        assert grad[t] == pytest.approx(abs(slope), rel=1e-5)


def test_rnn_gradient_vanishes_lstm_gradient_does_not(run):
    rnn, lstm = _v(run, "rnn_share"), _v(run, "lstm_share")
    assert rnn[-1] == lstm[-1] == 1.0
    assert rnn[0] < 1e-7                      # 39 steps back: "below one in ten million"
    assert lstm.min() > 0.1                   # "never falls below a tenth"
    assert lstm[:-1].max() > 1.0 and rnn[:-1].max() > 1.0   # "both lines can rise above one"


def test_rnn_sharp_dip_is_a_cancellation(run):
    """The text: a single sharp dip is W_x^T delta_t with the entries of delta_t nearly cancelling."""
    share, deltas, W_x = _v(run, "rnn_share"), _v(run, "deltas_long"), _v(run, "W_x_long")[:, 0]
    drop = [min(share[t - 1], share[t + 1]) / share[t] for t in range(1, len(share) - 1)]
    t = 1 + int(np.argmax(drop))                      # the deepest dip below both neighbours
    assert drop[t - 1] > 10
    cosine = abs(W_x @ deltas[t]) / (np.linalg.norm(W_x) * np.linalg.norm(deltas[t]))
    assert cosine < 0.01


# --- Decoding ----------------------------------------------------------------------------------

def _log_prob(tokens, vocab, table):
    prev, total = "<start>", 0.0
    for tok in tokens:
        total += math.log(table[prev][vocab.index(tok)])
        prev = tok
    return total


def _complete_outputs(vocab, max_len):
    end = vocab[-1]
    for n in range(1, max_len + 1):
        for seq in itertools.product(vocab, repeat=n):
            if seq[-1] == end and end not in seq[:-1]:
                yield seq


def test_greedy_by_hand_and_beam_is_the_most_probable(run):
    vocab, table = run.values["vocab"], run.values["table"]
    assert vocab[-1] == "<end>"
    # greedy: the largest entry of each row, by hand: le (0.45), chat (0.35), noir (0.5), end (0.8)
    i_le, i_un, i_chat = vocab.index("le"), vocab.index("un"), vocab.index("chat")
    assert (table["<start>"][i_le], table["<start>"][i_un]) == (0.45, 0.40)
    assert max(table["le"]) == table["le"][i_chat] == 0.35 and table["un"][i_chat] == 0.85
    assert run.values["greedy"] == ["le", "chat", "noir", "<end>"]
    assert run.values["greedy_logp"] == pytest.approx(math.log(0.45 * 0.35 * 0.5 * 0.8))
    best = max(_complete_outputs(vocab, 4), key=lambda s: _log_prob(s, vocab, table))
    assert run.values["beam"] == list(best) == ["un", "chat", "<end>"]
    assert run.values["beam_logp"] == pytest.approx(_log_prob(best, vocab, table))
    ratio = math.exp(run.values["beam_logp"] - run.values["greedy_logp"])
    assert ratio > 2                          # "more than twice as probable"


def test_length_normalisation_brings_noir_back(run):
    vocab, table = run.values["vocab"], run.values["table"]
    short, long_ = ("un", "chat", "<end>"), ("un", "chat", "noir", "<end>")
    c1, c2 = -_log_prob(short, vocab, table), -_log_prob(long_, vocab, table)
    assert c1 < c2                            # plain sums prefer the short output
    switch = math.log(c2 / c1) / math.log(4 / 3)
    assert run.values["eta_switch"] == pytest.approx(switch)
    assert 0.15 < switch < 0.25               # the alt text: "the lines cross near eta 0.2"
    winners = run.values["winners"]
    assert winners["0.0"] == " ".join(short)
    assert winners["0.5"] == winners["1.0"] == " ".join(long_)
