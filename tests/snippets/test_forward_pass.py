"""Tests of snippets/forward_pass.py, against independent computations."""
from __future__ import annotations

import math

import numpy as np
import pytest

import forward_pass as fp
from transcript_check import check


def test_relu_and_sigmoid_match_their_definitions():
    z = np.linspace(-30, 30, 121)
    np.testing.assert_array_equal(fp.relu(z), [max(0.0, v) for v in z])
    np.testing.assert_allclose(fp.sigmoid(z), [1 / (1 + math.exp(-v)) for v in z], rtol=1e-12)


def test_sigmoid_is_stable_at_the_extremes():
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        out = fp.sigmoid(np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0]))
    assert out[0] == 0.0 and out[-1] == 1.0 and out[2] == 0.5
    assert np.all(np.diff(out) >= 0)


def test_identity_and_the_default_neuron():
    np.testing.assert_array_equal(fp.identity([-2, 3]), [-2.0, 3.0])
    assert fp.identity([1, 2]).dtype == float
    # The default activation is the sigmoid: w.x + b = 0.5 - 0.4 + 0.1 = 0.2, 1 / (1 + e^-0.2).
    x, w = np.array([1.0, 2.0]), np.array([0.5, -0.2])
    assert fp.neuron(x, w, 0.1) == pytest.approx(1 / (1 + math.exp(-0.2)))
    assert fp.neuron(x, w, -0.5, activation=fp.relu) == 0.0     # 0.1 - 0.5 < 0


def test_neuron_is_one_row_of_dense():
    rng = np.random.default_rng(1)
    W, b, x = rng.normal(size=(4, 3)), rng.normal(size=4), rng.normal(size=3)
    layer = fp.relu(fp.dense(x, W, b))
    for j in range(4):
        assert fp.neuron(x, W[j], b[j], activation=fp.relu) == pytest.approx(layer[j])


def test_dense_equals_w_times_x_and_batches_row_by_row():
    rng = np.random.default_rng(2)
    W, b, X = rng.normal(size=(5, 3)), rng.normal(size=5), rng.normal(size=(7, 3))
    batch = fp.dense(X, W, b)
    assert batch.shape == (7, 5)
    for i in range(7):
        np.testing.assert_allclose(batch[i], W @ X[i] + b)


def test_dense_rejects_wrong_shapes_with_a_clear_message():
    with pytest.raises(ValueError, match=r"x has 4 features, W expects 3"):
        fp.dense(np.ones(4), np.ones((2, 3)), np.zeros(2))


def test_worked_example_by_hand():
    """The page's numbers, computed here with plain Python arithmetic."""
    x = [1.0, 2.0]
    W1 = [[0.5, -0.2], [0.3, 0.4], [-0.6, 0.1]]
    b1 = [0.1, -0.1, 0.2]
    z1 = [sum(w * v for w, v in zip(row, x)) + b for row, b in zip(W1, b1)]
    a1 = [max(0.0, v) for v in z1]
    z2 = 0.7 * a1[0] - 0.5 * a1[1] + 0.9 * a1[2] + 0.1
    y = 1 / (1 + math.exp(-z2))
    (Z1, A1), (Z2, A2) = fp.mlp_forward(fp.EXAMPLE_X, fp.EXAMPLE_PARAMS)
    np.testing.assert_allclose(Z1, z1)
    np.testing.assert_allclose(A1, a1)
    # z2 = 0.7 * 0.2 - 0.5 * 1 + 0.9 * 0 + 0.1 = -0.26; y_hat = 1 / (1 + e^0.26) = 0.4354.
    assert Z2[0] == pytest.approx(z2) and Z2[0] == pytest.approx(-0.26)
    assert A2[0] == pytest.approx(y) and round(float(A2[0]), 4) == 0.4354


def test_worked_example_transcript_every_number_by_hand():
    """Hidden units: 0.5 - 0.4 + 0.1 = 0.2, 0.3 + 0.8 - 0.1 = 1, -0.6 + 0.2 + 0.2 = -0.2;
    ReLU (0.2, 1, 0); output -0.26 as above. Second example (0, -1): 0.2 + 0.1 = 0.3,
    -0.4 - 0.1 = -0.5, -0.1 + 0.2 = 0.1; ReLU (0.3, 0, 0.1); 0.21 + 0.09 + 0.1 = 0.4.
    Parameters: 3 * 2 + 3 + 1 * 3 + 1 = 13."""
    s = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731
    check(fp.worked_example(), {
        "n_in": 2, "n_hidden": 3, "n_out": 1, "x": [1.0, 2.0],
        "W1": [[0.5, -0.2], [0.3, 0.4], [-0.6, 0.1]], "b1": [0.1, -0.1, 0.2],
        "W1[0,0]": 0.5, "x[0]": 1.0, "W1[0,1]": -0.2, "x[1]": 2.0, "b1[0]": 0.1, "b1[1]": -0.1,
        "b1[2]": 0.2, "W1[0,0]*x[0]": 0.5, "W1[0,1]*x[1]": -0.4, "W1[1,0]*x[0]": 0.3,
        "W1[1,1]*x[1]": 0.8, "W1[2,0]*x[0]": -0.6, "W1[2,1]*x[1]": 0.2,
        "z1[0]": 0.2, "z1[1]": 1.0, "z1[2]": -0.2, "z1": [0.2, 1.0, -0.2], "a1": [0.2, 1.0, 0.0],
        "W2": [[0.7, -0.5, 0.9]], "b2": [0.1], "b2[0]": 0.1,
        "W2[0,0]*a1[0]": 0.14, "W2[0,1]*a1[1]": -0.5, "W2[0,2]*a1[2]": 0.0,
        "z2": -0.26, "-z2": 0.26, "exp(-z2)": math.exp(0.26), "y_hat": s(-0.26),
        "W1.size": 6, "b1.size": 3, "W2.size": 3, "b2.size": 1, "total": 13,
        "X": [[1.0, 2.0], [0.0, -1.0]], "X.shape": (2, 2), "W1.T.shape": (2, 3), "Z1.shape": (2, 3),
        "Z1": [[0.2, 1.0, -0.2], [0.3, -0.5, 0.1]], "A1": [[0.2, 1.0, 0.0], [0.3, 0.0, 0.1]],
        "Z2": [-0.26, 0.4], "Y_hat": [s(-0.26), s(0.4)], "Y_hat[0]": s(-0.26),
    }, complete=True, atol=1e-15)


def test_transcript_is_consistent_with_the_network():
    t = fp.worked_example()
    names = [n for n, _ in t]
    assert names[:3] == ["n_in", "n_hidden", "n_out"]
    values = dict(t)
    assert values["total"] == sum(values[k] for k in ("W1.size", "b1.size", "W2.size", "b2.size"))
    assert values["Y_hat[0]"] == pytest.approx(values["y_hat"])


@pytest.mark.parametrize("sizes", [[2, 3, 1], [784, 128, 10], [5], [3, 4, 4, 2]])
def test_count_parameters_matches_the_arrays(sizes):
    params = fp.init_params(sizes)
    assert fp.count_parameters(sizes) == sum(W.size + b.size for W, b in params)


def test_interview_answer_numbers():
    """The page's interview answer: 784*128 + 128 = 100,480 and 128*10 + 10 = 1,290."""
    assert fp.count_parameters([784, 128]) == 100_480
    assert fp.count_parameters([128, 10]) == 1_290
    assert fp.count_parameters([784, 128, 10]) == 101_770


def test_init_params_is_seeded_and_he_scaled():
    a, b = fp.init_params([500, 400], seed=3), fp.init_params([500, 400], seed=3)
    np.testing.assert_array_equal(a[0][0], b[0][0])
    assert np.std(a[0][0]) == pytest.approx(math.sqrt(2 / 500), rel=0.05)
    assert abs(np.mean(a[0][0])) < 0.01
    # Each layer scales by its own fan-in, 2 / n_in, and starts with zero biases.
    params = fp.init_params([800, 50, 2000], seed=1)
    assert [(W.shape, bias.shape) for W, bias in params] == [((50, 800), (50,)), ((2000, 50), (2000,))]
    assert np.std(params[1][0]) == pytest.approx(math.sqrt(2 / 50), rel=0.05)
    assert all(not bias.any() for _, bias in params)
    # The default seed is 0, as the docstring's example relies on.
    np.testing.assert_array_equal(fp.init_params([3, 2])[0][0], fp.init_params([3, 2], seed=0)[0][0])
    assert not np.array_equal(a[0][0], fp.init_params([500, 400], seed=4)[0][0])


def test_relu_interpolant_passes_through_the_knots_and_converges():
    knots = np.linspace(0, 2 * np.pi, 9)
    params = fp.relu_interpolant(knots, np.sin(knots))
    out = fp.mlp_forward(knots.reshape(-1, 1), params, output=fp.identity)[-1][1].ravel()
    np.testing.assert_allclose(out, np.sin(knots), atol=1e-12)
    # Straight between knots and flat left of the first: through (0, 0), (1, 2), (3, 1).
    params = fp.relu_interpolant(np.array([0.0, 1.0, 3.0]), np.array([0.0, 2.0, 1.0]))
    X = np.array([[-2.0], [-0.5], [0.5], [2.0], [3.0], [4.0]])
    # Slopes 2 then -0.5: 0.5 -> 1, 2 -> 2 - 0.5 = 1.5, 3 -> 1, and the last slope continues past 3.
    np.testing.assert_allclose(fp.mlp_forward(X, params, output=fp.identity)[-1][1].ravel(),
                               [0.0, 0.0, 1.0, 1.5, 1.0, 0.5], atol=1e-12)
    errors = []
    xs = np.linspace(0, 2 * np.pi, 1000).reshape(-1, 1)
    for units in (3, 6, 12, 24):
        k = np.linspace(0, 2 * np.pi, units + 1)
        y = fp.mlp_forward(xs, fp.relu_interpolant(k, np.sin(k)), output=fp.identity)[-1][1]
        errors.append(np.max(np.abs(y.ravel() - np.sin(xs.ravel()))))
    assert all(e2 < e1 for e1, e2 in zip(errors, errors[1:]))


def test_without_activations_two_layers_collapse_to_one():
    rng = np.random.default_rng(4)
    (W1, b1), (W2, b2) = [(rng.normal(size=(4, 3)), rng.normal(size=4)),
                          (rng.normal(size=(2, 4)), rng.normal(size=2))]
    X = rng.normal(size=(6, 3))
    two = fp.mlp_forward(X, [(W1, b1), (W2, b2)], hidden=fp.identity, output=fp.identity)[-1][1]
    np.testing.assert_allclose(two, fp.dense(X, W2 @ W1, W2 @ b1 + b2))


# --- the deep dive and the interview answers ----------------------------------------------

def test_textbook_sigmoid_breaks_at_one_end_and_the_mirror_at_the_other():
    with np.errstate(over="raise"):
        with pytest.raises(FloatingPointError):
            fp.sigmoid_textbook(-1000.0)        # e^1000 overflows
        assert float(fp.sigmoid_mirrored(-1000.0)) == 0.0
        with pytest.raises(FloatingPointError):
            fp.sigmoid_mirrored(1000.0)         # e^1000 overflows here instead
    with np.errstate(over="ignore", invalid="ignore"):
        assert float(fp.sigmoid_textbook(-1000.0)) == 0.0
        assert math.isnan(float(fp.sigmoid_mirrored(1000.0)))
    # Away from the extremes the three formulas agree with math.exp.
    for z in (-30.0, -1.0, 0.0, 2.5, 30.0):
        expected = 1 / (1 + math.exp(-z))
        for f in (fp.sigmoid, fp.sigmoid_textbook, fp.sigmoid_mirrored):
            assert float(f(z)) == pytest.approx(expected, rel=1e-12)
    values = dict(fp.claims_sigmoid_overflow())
    assert values["sigmoid(1000)"] == 1.0 and values["textbook(-1000)"] == 0.0


def test_parameter_count_transcript():
    values = dict(fp.claims_parameter_count())
    assert values["n_in"] == 28 * 28 == 784
    assert values["layer 1"] == 784 * 128 + 128 == 100_480
    assert values["layer 2"] == 128 * 10 + 10 == 1_290
    assert values["total"] == 100_480 + 1_290
    assert values["W1.shape"] == (128, 784) and values["output shape"] == (64, 10)


def test_without_biases_the_output_at_zero_is_fixed():
    """Whatever the weights, ReLU or tanh hidden layers pass zeros on; the output is phi_out(0)."""
    rng = np.random.default_rng(5)
    for _ in range(3):
        W1, W2 = rng.normal(size=(4, 2)), rng.normal(size=(1, 4))
        hidden = np.maximum(0.0, W1 @ np.zeros(2))          # plain NumPy, no snippet
        z_out = (W2 @ hidden)[0]
        assert z_out == 0.0 and 1 / (1 + math.exp(-z_out)) == 0.5
        # A sigmoid hidden layer sends 0.5 on: the output at zero is 0.5 * sum(W2), not fixed.
        sig_hidden = 1 / (1 + np.exp(-(W1 @ np.zeros(2))))
        assert (W2 @ sig_hidden)[0] == pytest.approx(0.5 * W2.sum())
    values = dict(fp.claims_no_bias())
    assert values["identity output at zero"] == 0.0 and values["sigmoid output at zero"] == 0.5


def test_w_at_x_with_examples_in_rows_fails_and_the_fixes_work():
    """The coding answer: W @ X raises; X @ W.T + b and W @ X.T + b[:, None] agree up to a transpose."""
    rng = np.random.default_rng(8)
    X, W, b = rng.normal(size=(64, 784)), rng.normal(size=(128, 784)), rng.normal(size=128)
    with pytest.raises(ValueError, match="core dimension"):     # NumPy's own wording
        W @ X
    rows, cols = X @ W.T + b, W @ X.T + b[:, None]
    assert rows.shape == (64, 128) and cols.shape == (128, 64)
    np.testing.assert_allclose(rows, cols.T)
    with pytest.raises(ValueError, match="x has 64 features, W expects 784"):
        fp.dense(X.T, W, b)


# --- Check yourself: the exercises' answers, recomputed independently -------------------------

def _value(transcript, name):
    return [v for n, v in transcript if n == name][-1]


def test_exercise_one_neuron_by_hand():
    t = fp.exercise_one_neuron()
    zs = [v for n, v in t if n == "z"]
    acts = [v for n, v in t if n == "a"]
    assert zs == pytest.approx([1 * 3 - 2 * 1 + 0.5, 1 * 1 - 2 * 2 + 0.5])
    assert acts == pytest.approx([max(0.0, z) for z in zs])


def test_exercise_layer_matches_w_at_x_plus_b():
    W, b, x = np.array([[1, -1], [2, 0.5]]), np.array([0, -1]), np.array([2, 2])
    t = fp.exercise_layer()
    np.testing.assert_allclose(_value(t, "z"), W @ x + b)
    np.testing.assert_allclose(_value(t, "a"), np.maximum(W @ x + b, 0))
    assert _value(t, "z shape") == (W @ x.reshape(-1, 1)).shape


def test_exercise_parameter_count_matches_the_arrays():
    params = fp.init_params([3, 4, 2])
    t = fp.exercise_parameter_count()
    assert _value(t, "first layer") == params[0][0].size + params[0][1].size
    assert _value(t, "second layer") == params[1][0].size + params[1][1].size
    assert _value(t, "total") == sum(W.size + b.size for W, b in params)
