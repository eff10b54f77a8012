"""Tests of snippets/training_loop.py, against independent computations."""
from __future__ import annotations

import math

import numpy as np
import pytest
from gradcheck import assert_gradient, central_difference

import probability
import training_loop as tl
from backprop import dense_backward
from forward_pass import relu


def random_problem(seed, batch=5, n_features=3, n_classes=4, scale=0.5):
    rng = np.random.default_rng(seed)
    params = {"W": rng.normal(0, scale, size=(n_classes, n_features)),
              "b": rng.normal(0, scale, size=n_classes)}
    X = rng.normal(size=(batch, n_features))
    y = rng.integers(0, n_classes, size=batch)
    return params, X, y


def loss_by_hand(W, b, X, y):
    """Mean cross-entropy with plain Python loops and math.exp / math.log."""
    total = 0.0
    for x, label in zip(X.tolist(), y.tolist()):
        scores = [sum(w * v for w, v in zip(row, x)) + bias for row, bias in zip(W.tolist(), b.tolist())]
        total += -math.log(math.exp(scores[label]) / sum(math.exp(s) for s in scores))
    return total / len(y)


# --- the model and the loss ---------------------------------------------------------------------

def test_softmax_is_the_probability_pages_softmax():
    assert tl.softmax is probability.softmax


def test_softmax_matches_its_definition_and_is_stable():
    z = np.array([[0.3, -1.2, 2.0], [5.0, 5.0, 5.0]])
    expected = [[math.exp(v) / sum(math.exp(u) for u in row) for v in row] for row in z.tolist()]
    np.testing.assert_allclose(tl.softmax(z), expected, rtol=1e-12)
    with np.errstate(over="raise", invalid="raise"):
        big = tl.softmax(np.array([1000.0, 999.0, -1000.0]))
    assert big.sum() == pytest.approx(1.0) and big[0] == pytest.approx(1 / (1 + math.exp(-1)))


@pytest.mark.parametrize("seed", range(5))
def test_cross_entropy_matches_plain_python(seed):
    params, X, y = random_problem(seed)
    got = tl.cross_entropy(tl.forward(params, X), y)
    assert got == pytest.approx(loss_by_hand(params["W"], params["b"], X, y), rel=1e-12)


def test_cross_entropy_of_equal_logits_is_log_c_and_survives_huge_logits():
    for C in (2, 3, 10, 1000):
        assert tl.cross_entropy(np.zeros((7, C)), np.arange(7) % C) == pytest.approx(math.log(C))
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        loss = tl.cross_entropy(np.array([[0.0, 800.0]]), np.array([0]))
    assert loss == pytest.approx(800.0)


@pytest.mark.parametrize("logits, y, message", [
    (np.zeros((2, 3)), np.array([0, 3]), r"labels must be integers 0 to 2"),
    (np.zeros((2, 3)), np.array([0, -1]), r"labels must be integers 0 to 2"),
    (np.zeros((2, 3)), np.array([0.0, 1.0]), r"labels must be integers"),
    (np.zeros((2, 3)), np.array([0, 1, 2]), r"one label per row of the logits: got shape \(3,\) for 2 rows"),
    (np.zeros((5, 3)), np.array([0, 1]), r"got shape \(2,\) for 5 rows"),
    (np.zeros(3), np.array([0]), r"must be a \(batch, classes\) matrix"),
])
def test_cross_entropy_rejects_bad_labels_with_a_clear_message(logits, y, message):
    with pytest.raises(ValueError, match=message):
        tl.cross_entropy(logits, y)


def test_forward_rejects_a_wrong_number_of_features():
    params, _, _ = random_problem(0)
    with pytest.raises(ValueError, match=r"x has 2 features, W expects 3"):
        tl.forward(params, np.ones((4, 2)))


# --- the backward pass ----------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(4))
def test_gradients_match_central_differences(seed):
    params, X, y = random_problem(seed)
    grads = tl.gradients(params, X, y)

    def loss_of_W(W):
        return tl.cross_entropy(tl.forward({"W": W, "b": params["b"]}, X), y)

    def loss_of_b(b):
        return tl.cross_entropy(tl.forward({"W": params["W"], "b": b}, X), y)

    assert_gradient(loss_of_W, lambda W: tl.gradients({"W": W, "b": params["b"]}, X, y)["W"], params["W"])
    assert_gradient(loss_of_b, lambda b: tl.gradients({"W": params["W"], "b": b}, X, y)["b"], params["b"])
    np.testing.assert_allclose(grads["W"], central_difference(loss_of_W, params["W"]), atol=1e-7)


def test_gradients_of_the_worked_example_match_central_differences():
    p, X, y = tl.EXAMPLE_PARAMS, tl.EXAMPLE_X, tl.EXAMPLE_Y
    assert_gradient(lambda W: tl.cross_entropy(tl.forward({"W": W, "b": p["b"]}, X), y),
                    lambda W: tl.gradients({"W": W, "b": p["b"]}, X, y)["W"], p["W"])
    assert_gradient(lambda b: tl.cross_entropy(tl.forward({"W": p["W"], "b": b}, X), y),
                    lambda b: tl.gradients({"W": p["W"], "b": b}, X, y)["b"], p["b"])


def test_gradient_is_the_mean_of_per_example_gradients():
    """dL/dW = mean over examples of (p_i - y_i) x_i^T, summed here one example at a time."""
    params, X, y = random_problem(7, batch=6)
    dW, db = np.zeros_like(params["W"]), np.zeros_like(params["b"])
    for x, label in zip(X, y):
        s = params["W"] @ x + params["b"]
        p = np.exp(s) / np.exp(s).sum()
        p[label] -= 1.0
        dW += np.outer(p, x) / len(y)
        db += p / len(y)
    g = tl.gradients(params, X, y)
    np.testing.assert_allclose(g["W"], dW, rtol=1e-12)
    np.testing.assert_allclose(g["b"], db, rtol=1e-12)


# --- the update -------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(5))
def test_a_small_step_against_the_gradient_lowers_the_loss_and_a_step_along_it_raises_it(seed):
    params, X, y = random_problem(seed)
    g = tl.gradients(params, X, y)
    before = tl.cross_entropy(tl.forward(params, X), y)
    down = tl.sgd_update(params, g, lr=0.01)
    up = {k: params[k] + 0.01 * g[k] for k in params}  # the sign bug: gradient ascent
    assert tl.cross_entropy(tl.forward(down, X), y) < before < tl.cross_entropy(tl.forward(up, X), y)


def test_sgd_update_is_w_minus_lr_times_gradient_and_does_not_mutate():
    params = {"W": np.array([[1.0, -2.0]]), "b": np.array([0.5])}
    grads = {"W": np.array([[0.5, 0.25]]), "b": np.array([-1.0])}
    new = tl.sgd_update(params, grads, lr=0.1)
    np.testing.assert_allclose(new["W"], [[0.95, -2.025]])
    np.testing.assert_allclose(new["b"], [0.6])
    np.testing.assert_array_equal(params["W"], [[1.0, -2.0]])


@pytest.mark.parametrize("lr", [0.0, -0.1])
def test_sgd_update_rejects_a_non_positive_learning_rate(lr):
    with pytest.raises(ValueError, match="learning rate must be positive"):
        tl.sgd_update({"b": np.zeros(1)}, {"b": np.zeros(1)}, lr)


def test_forgetting_zero_grad_steps_with_the_sum_of_all_gradients():
    """Two steps without zeroing: the second update uses grad_1 + grad_2, not grad_2."""
    X, y = tl.EXAMPLE_X, tl.EXAMPLE_Y
    p0, lr = tl.EXAMPLE_PARAMS, 0.5
    g1 = tl.gradients(p0, X, y)
    p1 = {k: p0[k] - lr * g1[k] for k in p0}
    g2 = tl.gradients(p1, X, y)
    right = {k: p1[k] - lr * g2[k] for k in p0}
    wrong = {k: p1[k] - lr * (g1[k] + g2[k]) for k in p0}
    got_right, _ = tl.train(p0, X, y, lr=lr, epochs=2, batch_size=4, zero_grad=True)
    got_wrong, _ = tl.train(p0, X, y, lr=lr, epochs=2, batch_size=4, zero_grad=False)
    for k in p0:
        np.testing.assert_allclose(got_right[k], right[k], rtol=1e-12)
        np.testing.assert_allclose(got_wrong[k], wrong[k], rtol=1e-12)
        assert not np.allclose(got_right[k], got_wrong[k])


def test_forgetting_zero_grad_stops_the_loss_from_settling():
    with_zero = tl.full_batch_run(0.5)
    without = tl.full_batch_run(0.5, zero_grad=False)
    assert with_zero[-1] < without[-1]
    tail_with, tail_without = with_zero[-30:], without[-30:]
    assert np.ptp(tail_with) < 1e-3 < 0.05 < np.ptp(tail_without)  # settled vs still swinging


def test_deliberate_accumulation_over_micro_batches_equals_one_big_batch():
    """Accumulating the gradients of k equal micro-batches, each loss divided by k, gives the
    gradient of the whole batch: the trick behind a large effective batch size."""
    params, X, y = random_problem(3, batch=12)
    k = 4
    grads = tl.zero_grads(params)
    for idx in np.split(np.arange(12), k):
        micro = tl.gradients(params, X[idx], y[idx])
        grads = tl.accumulate(grads, {name: g / k for name, g in micro.items()})
    whole = tl.gradients(params, X, y)
    for name in params:
        np.testing.assert_allclose(grads[name], whole[name], rtol=1e-12)


# --- epochs and mini-batches ----------------------------------------------------------------------

@pytest.mark.parametrize("n, batch_size", [(10, 4), (12, 4), (1, 1), (7, 10), (100, 32), (5, 1)])
def test_minibatches_cover_every_example_once_per_epoch(n, batch_size):
    rng = np.random.default_rng(42)
    for _ in range(3):  # three epochs
        batches = tl.minibatches(n, batch_size, rng)
        assert len(batches) == -(-n // batch_size) == tl.steps_per_epoch(n, batch_size)
        assert sorted(np.concatenate(batches).tolist()) == list(range(n))
        assert all(len(b) == batch_size for b in batches[:-1])
        assert 1 <= len(batches[-1]) <= batch_size
        assert sum(len(b) for b in batches) == n


def test_minibatches_are_reshuffled_each_epoch_and_seeded():
    rng = np.random.default_rng(0)
    first, second = tl.minibatches(50, 8, rng), tl.minibatches(50, 8, rng)
    assert not np.array_equal(np.concatenate(first), np.concatenate(second))
    again = tl.minibatches(50, 8, np.random.default_rng(0))
    assert all(np.array_equal(a, b) for a, b in zip(first, again))


def test_ten_examples_in_batches_of_four():
    """The page's arithmetic: ceil(10 / 4) = 3 steps, batch sizes 4, 4 and 2."""
    assert tl.steps_per_epoch(10, 4) == 3 == math.ceil(2.5)
    sizes = [len(b) for b in tl.minibatches(10, 4, np.random.default_rng(0))]
    assert sizes == [4, 4, 2] and 10 - 2 * 4 == 2


@pytest.mark.parametrize("n, batch_size, message", [
    (0, 4, "number of examples must be a positive integer"),
    (10, 0, "batch size must be a positive integer"),
    (10, 2.5, "batch size must be a positive integer"),
])
def test_minibatches_reject_bad_sizes(n, batch_size, message):
    with pytest.raises(ValueError, match=message):
        tl.minibatches(n, batch_size, np.random.default_rng(0))


# --- the loop -------------------------------------------------------------------------------------

def test_the_loop_lowers_the_loss_on_seeded_data():
    X, y = tl.toy_data(90, spread=1.0, seed=5)
    start = {"W": np.zeros((3, 2)), "b": np.zeros(3)}
    params, history = tl.train(start, X, y, lr=0.2, epochs=20, batch_size=16, seed=1)
    assert len(history) == 20 * math.ceil(90 / 16)
    before = tl.cross_entropy(tl.forward(start, X), y)
    after = tl.cross_entropy(tl.forward(params, X), y)
    assert before == pytest.approx(math.log(3))
    assert after < 0.6 * before
    assert np.mean(history[-6:]) < np.mean(history[:6])


def test_overfitting_one_small_batch_reaches_a_tiny_loss():
    start = {"W": np.zeros((3, 2)), "b": np.zeros(3)}
    _, history = tl.train(start, tl.EXAMPLE_X, tl.EXAMPLE_Y, lr=0.5, epochs=200, batch_size=4)
    assert history[0] == pytest.approx(math.log(3))
    assert history[-1] < 0.01
    assert all(b <= a + 1e-12 for a, b in zip(history, history[1:]))  # full batch, small lr: monotone


def test_figure_data_is_as_the_page_describes():
    """The page: 60 seeded points in three overlapping clouds, 100 steps, from zero weights."""
    X, y = tl.toy_data(**tl.FIGURE_DATA)
    assert X.shape == (60, 2) and sorted(set(y.tolist())) == [0, 1, 2]
    assert tl.FIGURE_STEPS == 100 and len(tl.full_batch_run(0.5)) == 101
    # Overlapping: even the best linear classifier (long run) misclassifies some points.
    params, _ = tl.train({"W": np.zeros((3, 2)), "b": np.zeros(3)}, X, y, lr=0.5, epochs=2000,
                         batch_size=60)
    assert np.mean(np.argmax(tl.forward(params, X), axis=1) != y) > 0.05


def test_learning_rates_of_the_figure_behave_as_labelled():
    small, good, large = (tl.full_batch_run(lr) for lr in (0.01, 0.5, 5.0))
    assert small[0] == good[0] == large[0] == pytest.approx(math.log(3))
    assert good[-1] < small[-1] < small[0]          # too small: still going down slowly
    assert large[-1] > large[0] and large.max() > 2  # too large: worse than the start


# --- initialisation -------------------------------------------------------------------------------

def test_xavier_and_he_variances_on_a_large_sample():
    rng = np.random.default_rng(11)
    Wx = tl.xavier_init(400, 200, rng)
    Wh = tl.he_init(400, 200, rng)
    assert Wx.shape == Wh.shape == (200, 400)
    assert Wx.var() == pytest.approx(2 / (400 + 200), rel=0.02)
    assert Wh.var() == pytest.approx(2 / 400, rel=0.02)
    assert abs(Wx.mean()) < 0.003 and abs(Wh.mean()) < 0.003


def test_relu_halves_the_second_moment():
    """The reason for He's factor 2: E[relu(z)^2] = Var(z) / 2 for a zero-mean symmetric z."""
    z = np.random.default_rng(2).normal(0, 3.0, size=1_000_000)
    assert np.mean(tl.relu(z) ** 2) == pytest.approx(9.0 / 2, rel=0.01)


def test_he_keeps_relu_activations_steady_and_the_bad_scales_do_not():
    stds = tl.init_experiment()
    he, xavier_relu = stds["ReLU, He"], stds["ReLU, Xavier"]
    assert 0.7 < he[-1] / he[0] < 1.4
    # Xavier in a ReLU network loses half the variance per layer: std falls by sqrt(2) each time.
    assert xavier_relu[-1] / xavier_relu[0] == pytest.approx(2 ** -4.5, rel=0.3)
    assert stds["ReLU, std 0.01"][-1] < 1e-8 and stds["tanh, std 0.01"][-1] < 1e-6
    assert stds["ReLU, std 1"][-1] > 1e8
    # Large weights: each ReLU layer multiplies the spread by about sigma_w * sqrt(n_in / 2).
    growth = stds["ReLU, std 1"][1:] / stds["ReLU, std 1"][:-1]
    np.testing.assert_allclose(growth, 1.0 * math.sqrt(tl.INIT_WIDTH / 2), rtol=0.1)
    assert stds["tanh, std 1"].min() > 0.95  # saturated


def test_tanh_gain_slows_the_decay_of_xavier():
    """Xavier assumes the linear regime; tanh shrinks its input, so the std drifts down.
    PyTorch's recommended tanh gain of 5/3 compensates."""
    X = np.random.default_rng(0).normal(size=(1000, 256))
    plain = tl.layer_stds(X, 10, tl.xavier_init, np.tanh, np.random.default_rng(1))
    gained = tl.layer_stds(X, 10, lambda i, o, r: 5 / 3 * tl.xavier_init(i, o, r), np.tanh,
                           np.random.default_rng(1))
    assert plain[-1] < 0.5 * plain[0]
    assert gained[-1] > 0.75 * gained[0]


def test_saturated_tanh_units_pass_back_almost_no_gradient():
    """Huge weights: tanh'(z) = 1 - tanh(z)^2 is nearly zero for most units."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(500, 256))
    z = tl.dense(X, rng.normal(0, 1.0, size=(256, 256)), np.zeros(256))
    assert np.median(1 - np.tanh(z) ** 2) < 1e-3


@pytest.mark.parametrize("C", [2, 10, 100])
def test_initial_loss_is_close_to_log_c_for_small_weights(C):
    measured, expected = tl.initial_loss_check(C, 20, 2000, weight_std=0.001, seed=C)
    assert expected == math.log(C)
    assert abs(measured - expected) < 0.005
    large, _ = tl.initial_loss_check(C, 20, 2000, weight_std=1.0, seed=C)
    assert large > expected + 0.5


def test_initial_loss_check_rejects_one_class():
    with pytest.raises(ValueError, match="at least 2 classes"):
        tl.initial_loss_check(1, 5, 10, weight_std=0.01)


# --- the worked examples --------------------------------------------------------------------------

def test_worked_example_step_by_hand():
    """The page's first example, recomputed with plain Python arithmetic."""
    X = [[1.0, 2.0], [2.0, -1.0], [-1.0, 1.0], [0.0, -2.0]]
    y = [0, 1, 2, 1]
    W = [[0.2, -0.1], [0.1, 0.3], [-0.2, 0.1]]
    Z = [[sum(w * v for w, v in zip(row, x)) for row in W] for x in X]
    P = [[math.exp(z) / sum(math.exp(u) for u in zs) for z in zs] for zs in Z]
    loss = -sum(math.log(P[i][y[i]]) for i in range(4)) / 4
    dZ = [[(P[i][c] - (1.0 if c == y[i] else 0.0)) / 4 for c in range(3)] for i in range(4)]
    dW = [[sum(dZ[i][c] * X[i][j] for i in range(4)) for j in range(2)] for c in range(3)]
    db = [sum(dZ[i][c] for i in range(4)) for c in range(3)]
    W2 = [[W[c][j] - 0.5 * dW[c][j] for j in range(2)] for c in range(3)]
    b2 = [-0.5 * db[c] for c in range(3)]
    s = tl.example_step()
    np.testing.assert_allclose(s["Z"], Z, atol=1e-15)
    np.testing.assert_allclose(s["P"], P, rtol=1e-12)
    assert s["loss"] == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(s["grads"]["W"], dW, rtol=1e-12)
    np.testing.assert_allclose(s["grads"]["b"], db, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(s["new"]["W"], W2, rtol=1e-12)
    np.testing.assert_allclose(s["new"]["b"], b2, rtol=1e-12, atol=1e-15)
    new_loss = loss_by_hand(np.array(W2), np.array(b2), np.array(X), np.array(y))
    assert s["new_loss"] == pytest.approx(new_loss, rel=1e-12)
    assert round(loss, 4) == 1.2723 and round(new_loss, 4) == 0.6406 and new_loss < loss
    assert sum(map(sum, dZ)) == pytest.approx(0.0, abs=1e-15)  # each row of P - Y sums to zero


def test_transcripts_tell_a_consistent_story():
    mistakes = dict(tl.worked_example_mistakes())
    assert mistakes["loss_ascent"] > mistakes["loss"] > mistakes["loss_right"]
    np.testing.assert_allclose(mistakes["db summed"], mistakes["db first"] + mistakes["db fresh"])
    init = dict(tl.worked_example_initial_loss())
    assert init["log C"] == pytest.approx(2.302585, abs=1e-6)
    assert init["measured"] - init["log C"] == pytest.approx(init["difference"])
    assert init["first loss"] == pytest.approx(math.log(3)) and init["last loss"] < 0.01
    mb = dict(tl.worked_example_minibatches())
    assert mb["steps"] == 3 and mb["last"] == 2 and mb["total"] == 15 and mb["seen"] == 50
    ini = dict(tl.worked_example_init())
    assert ini["xavier var"] == 2 / 512 and ini["xavier std"] == 0.0625
    assert ini["he var"] == 2 / 256 and ini["he std"] == pytest.approx(math.sqrt(2) / 16)


def test_every_worked_example_transcript_is_made_of_finite_numbers():
    for fn in (tl.worked_example, tl.worked_example_mistakes, tl.worked_example_initial_loss,
               tl.worked_example_minibatches, tl.worked_example_init):
        for name, value in fn():
            assert np.all(np.isfinite(np.asarray(value, dtype=float))), name


def test_interview_answer_numbers():
    """50,000 examples in batches of 128: ceil -> 391 steps, the last batch holds 80; dropping it
    leaves 390 steps. Four micro-batches of 32 make an effective batch of 128. log 10 = 2.3026,
    log 1000 = 6.9078."""
    assert tl.steps_per_epoch(50_000, 128) == 391
    assert 50_000 - 390 * 128 == 80 and 50_000 // 128 == 390 and 390 * 128 == 49_920
    assert 4 * 32 == 128
    assert round(math.log(10), 4) == 2.3026 and round(math.log(1000), 4) == 6.9078


# --- Common mistakes and the numbers of the interview answers ----------------------------------


def test_mistake_adding_gradient_climbs_while_the_right_sign_descends():
    t = tl.mistake_adding_gradient()
    names = [name for name, _ in t]
    d = dict(t)
    assert names == ["loss at the start", "steps", "lr", "after step", "right", "wrong"]
    assert d["loss at the start"] == pytest.approx(1.2723, abs=5e-5)
    np.testing.assert_array_equal(d["after step"], [1, 2, 3, 4, 5])
    # The first step of each run by hand: W -/+ 0.5 dW from the worked example's gradients.
    s = tl.example_step()
    W, b, g = s["params"]["W"], s["params"]["b"], s["grads"]
    X, y = s["X"], s["y"]
    for sign, run in ((-1, d["right"]), (1, d["wrong"])):
        W1, b1 = W + sign * 0.5 * g["W"], b + sign * 0.5 * g["b"]
        assert run[0] == pytest.approx(loss_by_hand(W1, b1, X, y), rel=1e-12)
    # All five steps of both runs with no snippet code: plain-Python loss, gradient by central
    # differences, W -/+ 0.5 * gradient.
    for sign, run in ((-1, d["right"]), (1, d["wrong"])):
        theta = np.concatenate([W.ravel(), b])
        loss = lambda t: loss_by_hand(t[:6].reshape(3, 2), t[6:], X, y)
        for k in range(5):
            theta = theta + sign * 0.5 * central_difference(loss, theta)
            assert run[k] == pytest.approx(loss(theta), rel=1e-6)
    assert np.all(np.diff(d["right"]) < 0) and np.all(np.diff(d["wrong"]) > 0)
    assert d["wrong"][0] > d["loss at the start"] > d["right"][0]


@pytest.mark.parametrize("activation, slope", [(relu, lambda z: (z > 0).astype(float)),
                                               (np.tanh, lambda z: 1 - np.tanh(z) ** 2)])
def test_zero_weights_with_an_activation_zero_at_zero_only_the_output_bias_learns(activation, slope):
    """A 4 -> 5 -> 3 network started at all-zero weights: after three steps every weight is still
    zero (the hidden activations are zero, and so is every weight gradient); the output bias moved."""
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(8, 4)), rng.integers(0, 3, size=8)
    hidden = {"W": np.zeros((5, 4)), "b": np.zeros(5)}
    out = {"W": np.zeros((3, 5)), "b": np.zeros(3)}
    for _ in range(3):
        Z1 = tl.forward(hidden, X)
        H = activation(Z1)
        dZ2 = (tl.softmax(tl.forward(out, H)) - tl.one_hot(y, 3)) / len(y)
        dH, dW2, db2 = dense_backward(dZ2, H, out["W"])
        _, dW1, db1 = dense_backward(dH * slope(Z1), X, hidden["W"])
        g_out = tl.gradients(out, H, y)
        np.testing.assert_allclose(g_out["W"], dW2)
        np.testing.assert_allclose(g_out["b"], db2)
        assert np.all(H == 0) and not dW2.any() and not dW1.any() and not db1.any()
        assert db2.any()
        out = tl.sgd_update(out, g_out, 0.5)
        hidden = tl.sgd_update(hidden, {"W": dW1, "b": db1}, 0.5)
    assert not out["W"].any() and not hidden["W"].any() and not hidden["b"].any()
    assert out["b"].any()


def test_claims_interview_questions_by_hand():
    t = tl.claims_interview_questions()
    d = dict(t)
    assert d["log 10"] == pytest.approx(math.log(10)) and d["log 1000"] == pytest.approx(3 * math.log(10))
    # 50,000 = 390 * 128 + 80, so 391 steps, 390 of them full; drop_last keeps 390 and skips 80.
    assert d["steps"] == 391 and d["full batches"] == 390 and d["examples in them"] == 49_920
    assert d["last batch"] == 80 and d["steps with drop_last"] == 390 and d["examples skipped"] == 80
    assert [name for name, _ in t].count("full batches") == 2


@pytest.mark.parametrize("C", [3, 10, 1000])
def test_averaging_over_every_one_hot_entry_divides_the_initial_loss_by_c(C):
    """The bug behind a first loss far below log C: -mean(Y * log P) over the whole B x C matrix.
    Label leakage cannot do it: with zero logits the loss is log C whatever the inputs are."""
    rng = np.random.default_rng(C)
    y = rng.integers(0, C, size=16)
    X_leaky = np.column_stack([y, rng.normal(size=16)]).astype(float)   # the label as a feature
    params = {"W": np.zeros((C, 2)), "b": np.zeros(C)}
    logits = tl.forward(params, X_leaky)
    assert tl.cross_entropy(logits, y) == pytest.approx(math.log(C))
    Y = np.eye(C)[y]
    log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    assert np.mean(-Y * log_p) == pytest.approx(math.log(C) / C)
