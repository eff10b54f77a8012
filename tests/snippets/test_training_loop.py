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
from transcript_check import check, each, entries, near


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


def step_by_hand(W, b, X, y):
    """Logits, softmax, loss and gradients of a softmax classifier, in plain Python lists."""
    B, C, n = len(X), len(W), len(X[0])
    Z = [[sum(W[c][j] * x[j] for j in range(n)) + b[c] for c in range(C)] for x in X]
    P = [[math.exp(z) / sum(math.exp(u) for u in zs) for z in zs] for zs in Z]
    loss = -sum(math.log(P[i][y[i]]) for i in range(B)) / B
    dZ = [[(P[i][c] - (1.0 if c == y[i] else 0.0)) / B for c in range(C)] for i in range(B)]
    dW = [[sum(dZ[i][c] * X[i][j] for i in range(B)) for j in range(n)] for c in range(C)]
    db = [sum(dZ[i][c] for i in range(B)) for c in range(C)]
    return Z, P, loss, dZ, dW, db


def train_by_hand(W, b, X, y, lr, steps, zero_grad=True):
    """Full-batch gradient descent in plain Python; the losses before each step and at the end."""
    gW = [[0.0] * len(W[0]) for _ in W]
    gb = [0.0] * len(b)
    losses = []
    for _ in range(steps):
        _, _, loss, _, dW, db = step_by_hand(W, b, X, y)
        losses.append(loss)
        if zero_grad:
            gW, gb = dW, db
        else:
            gW = [[a + d for a, d in zip(ra, rd)] for ra, rd in zip(gW, dW)]
            gb = [a + d for a, d in zip(gb, db)]
        W = [[w - lr * g for w, g in zip(rw, rg)] for rw, rg in zip(W, gW)]
        b = [v - lr * g for v, g in zip(b, gb)]
    return W, b, losses + [step_by_hand(W, b, X, y)[2]]


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


def test_cross_entropy_shifts_each_row_by_its_own_maximum():
    # Rows (0, 800) and (-800, -801), label 0: 800 + ln(1 + e^-800) = 800 and ln(1 + e^-1) = 0.3133;
    # the mean is (800 + 0.3133) / 2.
    logits = np.array([[0.0, 800.0], [-800.0, -801.0]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        loss = tl.cross_entropy(logits, np.array([0, 0]))
    assert loss == pytest.approx((800 + math.log1p(math.exp(-1))) / 2)
    # One class only: every label is 0 and the loss is log 1 = 0.
    assert tl.cross_entropy(np.zeros((3, 1)), np.array([0, 0, 0])) == 0.0


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
    assert np.ptp(tail_with) < 1e-3 and np.ptp(tail_without) > 0.05  # settled vs still swinging


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
    assert tl.steps_per_epoch(10, 4) == 3           # ceil(10 / 4) = ceil(2.5)
    sizes = [len(b) for b in tl.minibatches(10, 4, np.random.default_rng(0))]
    assert sizes == [4, 4, 2]       # two full batches of 4, and the 10 - 8 = 2 left over


@pytest.mark.parametrize("n, batch_size, message", [
    (0, 4, "number of examples must be a positive integer"),
    (10, 0, "batch size must be a positive integer"),
    (10, 2.5, "batch size must be a positive integer"),
])
def test_minibatches_reject_bad_sizes(n, batch_size, message):
    with pytest.raises(ValueError, match=message):
        tl.minibatches(n, batch_size, np.random.default_rng(0))
    with pytest.raises(ValueError, match=message):
        tl.steps_per_epoch(n, batch_size)


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
    assert round(s["loss"], 4) == 1.2723 and round(s["new_loss"], 4) == 0.6406
    np.testing.assert_allclose(s["dZ"].sum(axis=1), 0.0, atol=1e-15)  # each row of P - Y sums to zero


def test_worked_example_transcript_every_number_in_plain_python():
    X = [[1.0, 2.0], [2.0, -1.0], [-1.0, 1.0], [0.0, -2.0]]
    y = [0, 1, 2, 1]
    W, b = [[0.2, -0.1], [0.1, 0.3], [-0.2, 0.1]], [0.0, 0.0, 0.0]
    Z, P, loss, dZ, dW, db = step_by_hand(W, b, X, y)
    W2 = [[W[c][j] - 0.5 * dW[c][j] for j in range(2)] for c in range(3)]
    b2 = [-0.5 * v for v in db]
    Z2, P2, new_loss, _, _, _ = step_by_hand(W2, b2, X, y)
    e0 = [math.exp(z) for z in Z[0]]                  # z = (0, 0.7, 0): e^z = (1, 2.0138, 1)
    p_true = [P[i][y[i]] for i in range(4)]
    check(tl.worked_example(), {
        "batch": 4, "features": 2, "classes": 3, "x0": X[0], "x1": X[1], "x2": X[2], "x3": X[3],
        "y": y, "W": W, "b": b, "lr": 0.5, "dW, db all": 0, "W[0,0]": 0.2, "x0[0]": 1.0,
        "W[0,1]": -0.1, "x0[1]": 2.0, "b[0]": 0.0, "z00": 0.0, "Z": Z,
        "e^z0": [[z, e] for z, e in zip(Z[0], e0)], "sum": sum(e0), "e^z0[1]": e0[1],
        "P[0]": P[0], "P": P, "p_true": p_true, "-log p_true": [-math.log(p) for p in p_true],
        "loss": loss, "C": 3, "log 3": math.log(3), "B": 4, "Y[0]": [1.0, 0.0, 0.0],
        "dZ[0]": dZ[0], "dZ": dZ, "dZ[:,0]": [[dZ[i][0], X[i][0]] for i in range(4)],
        "dW[0,0]": dW[0][0], "dW": dW, "db": db, "W'[0,0]": W2[0][0], "W'": W2, "b'": b2,
        "p_true'": [P2[i][y[i]] for i in range(4)], "loss'": new_loss,
    }, complete=True, rtol=1e-12, atol=1e-15)


def test_worked_example_mistakes_in_plain_python():
    """Ascent: W + lr dW raises the loss; a second step with the first gradient still stored adds
    both gradients. The 100-step figure run is replayed with a plain-Python loop."""
    X = [[1.0, 2.0], [2.0, -1.0], [-1.0, 1.0], [0.0, -2.0]]
    y = [0, 1, 2, 1]
    W, b = [[0.2, -0.1], [0.1, 0.3], [-0.2, 0.1]], [0.0, 0.0, 0.0]
    _, _, loss, _, dW, db = step_by_hand(W, b, X, y)
    up = step_by_hand([[w + 0.5 * g for w, g in zip(rw, rg)] for rw, rg in zip(W, dW)],
                      [v + 0.5 * g for v, g in zip(b, db)], X, y)[2]
    W1 = [[w - 0.5 * g for w, g in zip(rw, rg)] for rw, rg in zip(W, dW)]
    b1 = [v - 0.5 * g for v, g in zip(b, db)]
    _, _, loss1, _, dW1, db1 = step_by_hand(W1, b1, X, y)
    right = step_by_hand([[w - 0.5 * g for w, g in zip(rw, rg)] for rw, rg in zip(W1, dW1)],
                         [v - 0.5 * g for v, g in zip(b1, db1)], X, y)[2]
    wrong = step_by_hand([[w - 0.5 * (g + h) for w, g, h in zip(rw, rg, rh)]
                          for rw, rg, rh in zip(W1, dW1, dW)],
                         [v - 0.5 * (g + h) for v, g, h in zip(b1, db1, db)], X, y)[2]
    Xf, yf = tl.toy_data(**tl.FIGURE_DATA)
    zero = ([[0.0, 0.0] for _ in range(3)], [0.0, 0.0, 0.0])
    with_zero = train_by_hand(*zero, Xf.tolist(), yf.tolist(), 0.5, 100)[2]
    without = train_by_hand(*zero, Xf.tolist(), yf.tolist(), 0.5, 100, zero_grad=False)[2]
    check(tl.worked_example_mistakes(), {
        "loss": loss, "loss_right": loss1, "loss_ascent": up, "db fresh": db1, "db first": db,
        "db summed": [g + h for g, h in zip(db, db1)], "loss2 wrong": wrong, "loss2 right": right,
        "points": 60, "steps": 100, "lr": 0.5, "final with": near(with_zero[-1], rtol=1e-9),
        "final without": near(without[-1], rtol=1e-9),
    }, complete=True, rtol=1e-12)
    np.testing.assert_allclose(tl.full_batch_run(0.5), with_zero, rtol=1e-9)
    np.testing.assert_allclose(tl.full_batch_run(0.5, zero_grad=False), without, rtol=1e-9)


def test_worked_example_initial_loss_and_minibatches_by_hand():
    """log 10 = 2.302585; logits of 20 inputs with weight std s have std s sqrt(20) (0.0447 and
    4.47). From zero weights the first loss on the 3-class batch is log 3; 200 full-batch steps
    replayed in plain Python. N = 10, B = 4: ceil(2.5) = 3 steps, batches 4, 4 and 10 - 8 = 2;
    the shuffles are NumPy's generator seeded 0, read directly: two permutations of 0..9."""
    X = [[1.0, 2.0], [2.0, -1.0], [-1.0, 1.0], [0.0, -2.0]]
    y = [0, 1, 2, 1]
    zero = ([[0.0, 0.0] for _ in range(3)], [0.0, 0.0, 0.0])
    overfit = train_by_hand(*zero, X, y, 0.5, 200)[2]
    # The loss with weight std 1, estimated on ten independent draws of the same experiment
    # (6.9 on average, spread 0.34 from draw to draw).
    draws = []
    for seed in range(100, 110):
        r = np.random.default_rng(seed)
        Xr, yr, Wr = r.normal(size=(1000, 20)), r.integers(0, 10, 1000), r.normal(0, 1, (10, 20))
        draws.append(loss_by_hand(Wr, np.zeros(10), Xr, yr))
    t = tl.worked_example_initial_loss()
    check(t, {
        "C": each(10, 10, 10, 3), "1/C": 0.1, "log C": math.log(10), "N": 1000, "n": 20,
        "std": each(0.01, 0.01, 1.0, 1.0), "logit std": each(0.01 * math.sqrt(20), math.sqrt(20)),
        "measured": near(math.log(10), atol=0.01), "measured large": near(np.mean(draws), atol=1.2),
        "difference": near(0.0, atol=0.01), "batch": 4, "lr": 0.5, "first loss": math.log(3),
        "steps": 200, "last loss": near(overfit[-2], rtol=1e-9),
    }, complete=True)
    d = dict(t)
    assert d["difference"] == pytest.approx(d["measured"] - d["log C"])
    assert d["last loss"] < 0.01
    rng = np.random.default_rng(0)
    first, second = rng.permutation(10).tolist(), rng.permutation(10).tolist()
    check(tl.worked_example_minibatches(), {
        "N": 10, "B": 4, "N/B": 2.5, "steps": 3, "full": 4, "last": 2, "seed": 0,
        "epoch1 batch0": first[:4], "epoch1 batch1": first[4:8], "epoch1 batch2": first[8:],
        "epoch2 batch0": second[:4], "epoch2 batch1": second[4:8], "epoch2 batch2": second[8:],
        "epochs": 5, "total": 15, "seen": 50,
    }, complete=True)


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


def test_data_and_runs_replayed_with_numpy_directly():
    """toy_data: centres N(0, 2^2) per class, then each point centre + spread * N(0, 1); labels
    0, 1, 2, 0, ... The defaults (3 classes, 2 features, spread 1, seed 0) are the docstring's."""
    rng = np.random.default_rng(0)
    centres = rng.normal(0.0, 2.0, size=(3, 2))
    y = np.arange(8) % 3
    X_ref = centres[y] + 1.0 * rng.normal(size=(8, 2))
    X, y_got = tl.toy_data(8)
    np.testing.assert_allclose(X, X_ref, rtol=1e-15)
    assert y_got.tolist() == y.tolist()
    # train's default seed is 0, and initial_loss_check's too.
    start = {"W": np.zeros((3, 2)), "b": np.zeros(3)}
    a, ha = tl.train(start, X, y, lr=0.3, epochs=2, batch_size=3)
    b, hb = tl.train(start, X, y, lr=0.3, epochs=2, batch_size=3, seed=0)
    np.testing.assert_array_equal(a["W"], b["W"])
    np.testing.assert_array_equal(ha, hb)
    assert tl.initial_loss_check(3, 4, 50, 0.5) == tl.initial_loss_check(3, 4, 50, 0.5, seed=0)
    # initial_loss_check replayed: X ~ N(0, 1), labels uniform on 0..C-1, W ~ N(0, std^2), b = 0.
    rng = np.random.default_rng(0)
    Xr, yr = rng.normal(size=(50, 4)), rng.integers(0, 3, size=50)
    Wr = rng.normal(0.0, 0.5, size=(3, 4))
    measured, expected = tl.initial_loss_check(3, 4, 50, 0.5)
    assert measured == pytest.approx(loss_by_hand(Wr, np.zeros(3), Xr, yr), rel=1e-12)
    assert expected == pytest.approx(math.log(3))


def test_small_helpers_directly():
    np.testing.assert_array_equal(tl.one_hot(np.array([2, 0, 1, 2]), 4),
                                  [[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]])
    params = {"W": np.ones((3, 2), dtype=int), "b": np.full(3, 5.0)}
    zeros = tl.zero_grads(params)
    assert set(zeros) == {"W", "b"} and zeros["W"].shape == (3, 2) and zeros["b"].shape == (3,)
    assert zeros["W"].dtype == float and not zeros["W"].any() and not zeros["b"].any()
    W = tl.normal_init(0.5)(400, 300, np.random.default_rng(2))
    assert W.shape == (300, 400) and np.std(W) == pytest.approx(0.5, rel=0.01)
    assert tl.scheme_label("ReLU", "He", None) == "ReLU, He"
    assert tl.scheme_label("tanh", "std", 0.01) == "tanh, std 0.01"
    X, y = tl.toy_data(7, n_classes=3, n_features=4, seed=3)
    assert X.shape == (7, 4) and y.tolist() == [0, 1, 2, 0, 1, 2, 0]
    # Each class scatters around its own centre: with no spread every point sits on it.
    X0, y0 = tl.toy_data(6, spread=0.0, seed=3)
    assert np.array_equal(X0[0], X0[3]) and not np.array_equal(X0[0], X0[1])


def test_worked_example_init_by_hand_and_by_an_independent_replay():
    """Xavier 2 / (256 + 256) = 1/256 = 0.00390625 (std 1/16 = 0.0625); He 2 / 256 = 0.0078125
    (std sqrt(2)/16 = 0.0884); measured on 65,536 weights each, within sampling error (about
    0.6 % of the variance). Two rows of the table replayed with NumPy's generator directly."""
    X = np.random.default_rng(0).normal(size=(1000, 256))

    def replay(activation, std):
        rng, a, out = np.random.default_rng(1), X, []
        for _ in range(10):
            W = rng.normal(0.0, std, size=(256, 256))
            a = activation(a @ W.T)
            out.append(float(a.std()))
        return [out[0], out[4], out[9]]

    check(tl.worked_example_init(), {
        "n_in": 256, "n_out": 256, "xavier var": 1 / 256, "xavier std": 0.0625, "weights": 65536,
        "measured": each(near(1 / 256, rtol=0.03), near(1 / 128, rtol=0.03)), "he var": 1 / 128,
        "he std": math.sqrt(2) / 16, "inputs": 1000, "input size": 256, "depth": 10,
        "width": 256, "layer": each(1, 5, 10), "std": each(0.01, 1.0, 0.01, 1.0),
        "tanh, std 0.01": near(replay(np.tanh, 0.01), rtol=1e-6),
        "ReLU, He": near(replay(lambda z: np.maximum(z, 0.0), math.sqrt(2 / 256)), rtol=1e-6),
    })


def test_interview_answer_numbers():
    """50,000 examples in batches of 128: 50,000 = 390 * 128 + 80, so ceil -> 391 steps and the
    last batch holds 80; dropping it leaves 390 steps. Four micro-batches of 32 make an
    effective batch of 128. log 10 = 2.3026, log 1000 = 6.9078."""
    assert tl.steps_per_epoch(50_000, 128) == 391
    sizes = [len(b) for b in tl.minibatches(50_000, 128, np.random.default_rng(1))]
    assert sizes[:-1] == [128] * 390 and sizes[-1] == 80
    # Accumulating four micro-batches of 32 (each loss divided by 4) is one batch of 128.
    params, X, y = random_problem(5, batch=128)
    grads = tl.zero_grads(params)
    for idx in np.split(np.arange(128), 4):
        grads = tl.accumulate(grads, {k: g / 4 for k, g in tl.gradients(params, X[idx], y[idx]).items()})
    for k, g in tl.gradients(params, X, y).items():
        np.testing.assert_allclose(grads[k], g, rtol=1e-12, atol=1e-15)
    d = dict(tl.claims_interview_questions())
    assert round(d["log 10"], 4) == 2.3026 and round(d["log 1000"], 4) == 6.9078


# --- Common mistakes and the numbers of the interview answers ----------------------------------


def test_sign_runs_steps_both_ways_from_the_example():
    X, y = tl.EXAMPLE_X.tolist(), tl.EXAMPLE_Y.tolist()
    right, wrong = tl.sign_runs(steps=2)
    for sign, run in ((-1, right), (1, wrong)):
        W, b = tl.EXAMPLE_PARAMS["W"].tolist(), tl.EXAMPLE_PARAMS["b"].tolist()
        losses = []
        for _ in range(2):
            _, _, _, _, dW, db = step_by_hand(W, b, X, y)
            W = [[w + sign * 0.5 * g for w, g in zip(rw, rg)] for rw, rg in zip(W, dW)]
            b = [v + sign * 0.5 * g for v, g in zip(b, db)]
            losses.append(step_by_hand(W, b, X, y)[2])
        np.testing.assert_allclose(run, losses, rtol=1e-12)


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
    # A binary classifier at a zero logit: p = 1 / (1 + e^0) = 1/2, loss log 2.
    assert d["p binary"] == 0.5 and d["log 2"] == pytest.approx(math.log(2))


def test_memory_to_train_with_adam_by_hand():
    """float32: 4 + 4 + 2 * 4 = 16 bytes; mixed: 2 + 2 + 4 + 2 * 4 = 16 bytes (the ZeRO paper's
    16 per parameter). 7e9 * 16 = 1.12e11 bytes = 112 GB = 104.3 GiB; serving at 2 bytes: 14 GB."""
    d = dict(tl.claims_interview_questions())
    assert d["float32 bytes"] == 16 and d["mixed bytes"] == 16
    assert d["GB"] == pytest.approx(112.0)
    assert d["GiB"] == pytest.approx(112e9 / 1024 ** 3) and round(d["GiB"], 1) == 104.3
    assert d["serving GB"] == pytest.approx(14.0)


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


# --- the Check yourself exercises ---------------------------------------------------------------

def _values(transcript):
    return {name: value for name, value in transcript}


def test_exercise_steps_per_epoch_by_hand():
    """50 = 6 * 8 + 2: six full batches and one of two, so 7 steps; 3 epochs are 21 steps."""
    v = _values(tl.exercise_steps_per_epoch())
    assert (v["steps"], v["full batches"], v["in them"], v["last"], v["total"]) == (7, 6, 48, 2, 21)
    assert v["N/B"] == 6.25 and divmod(50, 8) == (6, 2)


def test_exercise_initial_loss_by_hand():
    """Four equal probabilities of 1/4; -log(1/4) = 2 log 2."""
    v = _values(tl.exercise_initial_loss())
    assert v["p"] == pytest.approx(0.25)
    assert v["log C"] == pytest.approx(2 * math.log(2)) and round(v["log C"], 4) == 1.3863
    assert v["first loss"] / v["log C"] > 4  # far above: more than four times log C


def test_exercise_init_std_by_hand():
    """Xavier: 2 / 200 = 1/100, std 1/10. He: 2 / 50 = 1/25, std 1/5; seeded draws agree."""
    v = _values(tl.exercise_init_std())
    assert v["xavier var"] == pytest.approx(1 / 100) and v["xavier std"] == pytest.approx(1 / 10)
    assert v["he var"] == pytest.approx(1 / 25) and v["he std"] == pytest.approx(1 / 5)
    assert v["ratio"] == pytest.approx(2.0)
    rng = np.random.default_rng(1)
    assert tl.xavier_init(50, 150, rng).std() == pytest.approx(0.1, rel=0.03)
    assert tl.he_init(50, 150, rng).std() == pytest.approx(0.2, rel=0.03)


def test_exercise_one_step_by_hand():
    """Zero weights: P = (1/2, 1/2); dZ = (-1/2, 1/2); dW = dZ outer x; W' = -0.1 dW."""
    v = _values(tl.exercise_one_step())
    x = np.array([2.0, -1.0])
    dZ = np.array([-0.5, 0.5])
    np.testing.assert_allclose(v["dW"], [[-1.0, 0.5], [1.0, -0.5]])
    np.testing.assert_allclose(v["dW"], np.outer(dZ, x))
    np.testing.assert_allclose(v["W'"], [[0.1, -0.05], [-0.1, 0.05]])
    np.testing.assert_allclose(v["b'"], [0.05, -0.05])
    assert v["loss"] == pytest.approx(math.log(2))
    # New logits: 0.1 * 2 + (-0.05) * (-1) + 0.05 = 0.3 and its negative; loss = log(1 + e^-0.6).
    np.testing.assert_allclose(v["logits'"], [0.3, -0.3])
    assert v["loss'"] == pytest.approx(math.log(1 + math.exp(-0.6)))
    loss_of_W = lambda W: tl.cross_entropy(tl.forward({"W": W, "b": np.zeros(2)}, x[None]), np.array([0]))
    np.testing.assert_allclose(central_difference(loss_of_W, np.zeros((2, 2))), v["dW"], atol=1e-7)
