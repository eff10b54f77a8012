"""Tests of snippets/recurrent_networks.py: BPTT against central differences (tests/gradcheck.py),
the LSTM's direct path against central differences, both GRU conventions, and the page's numbers
against plain-Python arithmetic and independent re-implementations."""
from __future__ import annotations

import math

import numpy as np
import pytest
from gradcheck import assert_gradient, central_difference

import recurrent_networks as rn
from transcript_check import check, each, entries, near

# --------------------------------------------------------------------------
# Independent helpers: plain Python loops and math.tanh, no snippet code.


def sig(a):
    return 1.0 / (1.0 + math.exp(-a))


def rnn_states_by_hand(xs, h0, W_h, W_x, b):
    """Every state of a vanilla RNN, entry by entry with math.tanh."""
    hs = [list(map(float, h0))]
    for x in xs:
        h = hs[-1]
        new = []
        for j in range(len(h)):
            z = sum(W_h[j][k] * h[k] for k in range(len(h)))
            z += sum(W_x[j][k] * x[k] for k in range(len(x))) + b[j]
            new.append(math.tanh(z))
        hs.append(new)
    return [np.array(h) for h in hs]


def sequence_loss(W_h, W_x, b, xs, h0, targets):
    """L = sum over steps of sum(G_t * h_t): any per-step linear readout, by hand."""
    hs = rnn_states_by_hand(xs, h0, W_h, W_x, b)
    return float(sum((G * h).sum() for G, h in zip(targets, hs[1:])))


def random_rnn(seed, n_h=3, n_x=2, T=5):
    rng = np.random.default_rng(seed)
    W_h = rng.normal(scale=0.6, size=(n_h, n_h))
    W_x = rng.normal(size=(n_h, n_x))
    b = rng.normal(scale=0.3, size=n_h)
    xs = [rng.normal(size=n_x) for _ in range(T)]
    h0 = rng.normal(scale=0.5, size=n_h)
    G = [rng.normal(size=n_h) for _ in range(T)]
    return W_h, W_x, b, xs, h0, G


def lstm_by_hand(h_prev, c_prev, x, p):
    """One LSTM step written out entry by entry."""
    v = list(h_prev) + list(x)
    def pre(name, j):
        W, b = p[name]
        return sum(W[j][k] * v[k] for k in range(len(v))) + b[j]
    n = len(h_prev)
    f = [sig(pre("f", j)) for j in range(n)]
    i = [sig(pre("i", j)) for j in range(n)]
    g = [math.tanh(pre("c_tilde", j)) for j in range(n)]
    o = [sig(pre("o", j)) for j in range(n)]
    c = [f[j] * c_prev[j] + i[j] * g[j] for j in range(n)]
    h = [o[j] * math.tanh(c[j]) for j in range(n)]
    return np.array(h), np.array(c), {"f": np.array(f), "i": np.array(i),
                                      "c_tilde": np.array(g), "o": np.array(o)}


def random_lstm(seed, n_h=3, n_x=2):
    rng = np.random.default_rng(seed)
    p = {name: (rng.normal(size=(n_h, n_h + n_x)), rng.normal(size=n_h))
         for name in ("f", "i", "c_tilde", "o")}
    return p, rng.normal(size=n_h), rng.normal(size=n_h), rng.normal(size=n_x)


def random_gru(seed, n_h=3, n_x=2):
    rng = np.random.default_rng(seed)
    p = {name: (rng.normal(size=(n_h, n_h + n_x)), rng.normal(size=n_h))
         for name in ("u", "r", "h_tilde")}
    return p, np.tanh(rng.normal(size=n_h)), rng.normal(size=n_x)


# --------------------------------------------------------------------------
# The vanilla RNN and BPTT


def test_rnn_forward_matches_a_loop_by_hand():
    W_h, W_x, b, xs, h0, _ = random_rnn(1)
    for got, want in zip(rn.rnn_forward(xs, h0, W_h, W_x, b), rnn_states_by_hand(xs, h0, W_h, W_x, b)):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


def test_rnn_takes_sequences_of_any_length_with_the_same_parameters():
    W_h, W_x, b, _, h0, _ = random_rnn(2)
    rng = np.random.default_rng(3)
    for T in (1, 4, 17):
        hs = rn.rnn_forward([rng.normal(size=2) for _ in range(T)], h0, W_h, W_x, b)
        assert len(hs) == T + 1 and all(h.shape == (3,) for h in hs)
        assert np.all(np.abs(np.array(hs[1:])) < 1.0)


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_bptt_gradients_match_central_differences_with_a_loss_at_every_step(seed):
    W_h, W_x, b, xs, h0, G = random_rnn(seed)
    hs = rn.rnn_forward(xs, h0, W_h, W_x, b)
    _, dW_h, dW_x, db = rn.rnn_backward(xs, hs, W_h, G)   # dL/dh_t from step t's own output is G_t
    assert_gradient(lambda v: sequence_loss(v, W_x, b, xs, h0, G), lambda v: dW_h, W_h)
    assert_gradient(lambda v: sequence_loss(W_h, v, b, xs, h0, G), lambda v: dW_x, W_x)
    assert_gradient(lambda v: sequence_loss(W_h, W_x, v, xs, h0, G), lambda v: db, b)


def test_bptt_deltas_match_central_differences_of_each_pre_activation():
    """delta_t = dL/dz_t: perturb z_t by adding to the bias at step t only."""
    W_h, W_x, b, xs, h0, G = random_rnn(7, T=4)
    hs = rn.rnn_forward(xs, h0, W_h, W_x, b)
    deltas, *_ = rn.rnn_backward(xs, hs, W_h, G)

    def loss_with_shift(t, shift):
        h, total = np.array(h0, dtype=float), 0.0
        for s, x in enumerate(xs):
            z = W_h @ h + W_x @ x + b + (shift if s == t else 0.0)
            h = np.tanh(z)
            total += float((G[s] * h).sum())
        return total

    for t in range(len(xs)):
        numeric = central_difference(lambda v: loss_with_shift(t, v), np.zeros(3))
        np.testing.assert_allclose(deltas[t], numeric, rtol=1e-5, atol=1e-8)


def test_the_worked_example_gradient_matches_central_differences():
    W_h, W_x, b, xs, h0, w, y = rn.W_H, rn.W_X, rn.B, rn.XS, rn.H0, rn.READOUT, rn.TARGET

    def loss(Wh):
        h = rnn_states_by_hand(xs, h0, Wh, W_x, b)[-1]
        return (float(w @ h) - y) ** 2

    _, _, _, _, (_, dW_h, _, _) = rn.bptt_example()
    assert_gradient(loss, lambda v: dW_h, W_h)


def test_keeping_only_the_last_term_fails_the_gradient_check():
    hs, *_ = rn.bptt_example()
    deltas = rn.bptt_example()[4][0]

    def loss(Wh):
        h = rnn_states_by_hand(rn.XS, rn.H0, Wh, rn.W_X, rn.B)[-1]
        return (float(rn.READOUT @ h) - rn.TARGET) ** 2

    numeric = central_difference(loss, rn.W_H)
    assert not np.allclose(np.outer(deltas[-1], hs[-2]), numeric, rtol=1e-2)
    np.testing.assert_allclose(sum(np.outer(d, h) for d, h in zip(deltas, hs[:-1])), numeric,
                               rtol=1e-6, atol=1e-9)


def test_rnn_backward_rejects_mismatched_lengths():
    W_h, W_x, b, xs, h0, G = random_rnn(8)
    hs = rn.rnn_forward(xs, h0, W_h, W_x, b)
    with pytest.raises(ValueError, match="5 inputs need 6 states and 5 output gradients"):
        rn.rnn_backward(xs, hs[:-1], W_h, G)


# --------------------------------------------------------------------------
# Products of Jacobians


def test_step_jacobian_matches_central_differences():
    W_h, W_x, b, xs, h0, _ = random_rnn(9)
    x = xs[0]
    J = rn.step_jacobian(rn.rnn_step(h0, x, W_h, W_x, b), W_h)
    for j in range(3):
        numeric = central_difference(lambda v: float(np.tanh(W_h @ v + W_x @ x + b)[j]), h0)
        np.testing.assert_allclose(J[j], numeric, rtol=1e-6, atol=1e-9)


def test_jacobian_norms_at_the_zero_state_are_powers_of_the_largest_eigenvalue():
    k = np.arange(1, rn.STEPS + 1)
    np.testing.assert_allclose(rn.zero_state_norms(rn.W_SHRINK), 0.9 ** k, rtol=1e-10)
    np.testing.assert_allclose(rn.zero_state_norms(rn.W_GROW), 1.1 ** k, rtol=1e-10)


def test_jacobian_norms_equal_a_product_of_numerical_jacobians():
    W_h, W_x, b, xs, h0, _ = random_rnn(10, T=6)
    hs = rn.rnn_forward(xs, h0, W_h, W_x, b)

    def h_last(h_start):
        return rnn_states_by_hand(xs, h_start, W_h, W_x, b)[-1]

    J = np.stack([central_difference(lambda v: float(h_last(v)[j]), h0) for j in range(3)])
    assert rn.jacobian_norms(hs, W_h)[-1] == pytest.approx(np.linalg.norm(J, 2), rel=1e-5)


def test_the_driven_curve_by_hand_falls_in_uneven_steps():
    """The figure's dashed curve, recomputed with its own loop: steep drops at steps where
    the state is near +-1, nearly level ones where it stays small."""
    rng = np.random.default_rng(rn.DRIVE_SEED)
    W, w_x = np.array([[0.8, 0.3], [0.3, 0.8]]), np.array([1.0, -0.5])
    h, product, sizes, largest = np.zeros(2), np.eye(2), [1.0], []
    for _ in range(50):
        h = np.array([math.tanh(v) for v in W @ h + w_x * rng.normal(size=1)[0]])
        product = np.diag(1 - h ** 2) @ W @ product
        sizes.append(np.linalg.norm(product, 2))
        largest.append(np.abs(h).max())
    np.testing.assert_allclose(rn.driven_norms(rn.W_GROW), sizes[1:], rtol=1e-10)
    check(rn.claims_vanishing(), {"driven, after 50": sizes[-1]}, rtol=1e-10)
    ratios = np.array(sizes[1:]) / np.array(sizes[:-1])
    largest = np.array(largest)
    assert ratios[largest > 0.9].max() < 0.65 and ratios[largest < 0.5].min() > 0.85


def test_tanh_only_shrinks_the_factors():
    """||diag(1 - h^2) W|| <= ||W|| at every state: saturation cannot cause an explosion."""
    driven = rn.driven_norms(rn.W_GROW)
    assert np.all(driven <= rn.zero_state_norms(rn.W_GROW) * (1 + 1e-12))
    assert driven[-1] < 1e-7 < 100 < rn.zero_state_norms(rn.W_GROW)[-1]


# --------------------------------------------------------------------------
# LSTM


@pytest.mark.parametrize("seed", [11, 12])
def test_lstm_step_matches_an_entry_by_entry_version(seed):
    p, h, c, x = random_lstm(seed)
    got_h, got_c, got_g = rn.lstm_step(h, c, x, p)
    want_h, want_c, want_g = lstm_by_hand(h, c, x, p)
    np.testing.assert_allclose(got_h, want_h, rtol=1e-12)
    np.testing.assert_allclose(got_c, want_c, rtol=1e-12)
    for name in want_g:
        np.testing.assert_allclose(got_g[name], want_g[name], rtol=1e-12)


@pytest.mark.parametrize("seed", [13, 14, 15])
def test_the_direct_path_derivative_of_the_cell_state_is_the_forget_gate(seed):
    p, h, c, x = random_lstm(seed)
    f = rn.lstm_step(h, c, x, p)[2]["f"]
    J = np.stack([central_difference(lambda v: float(rn.lstm_step(h, v, x, p)[1][j]), c)
                  for j in range(3)])
    np.testing.assert_allclose(J, np.diag(f), rtol=1e-6, atol=1e-9)


def test_lstm_cell_jacobian_includes_the_paths_through_the_gates():
    p, _, c, x = random_lstm(16)
    o_prev = np.array([0.3, 0.6, 0.9])

    def c_next(c_prev):
        return lstm_by_hand(o_prev * np.tanh(c_prev), c_prev, x, p)[1]

    J = np.stack([central_difference(lambda v: float(c_next(v)[j]), c) for j in range(3)])
    got = rn.lstm_cell_jacobian(c, o_prev, x, p)
    np.testing.assert_allclose(got, J, rtol=1e-5, atol=1e-8)
    f = lstm_by_hand(o_prev * np.tanh(c), c, x, p)[2]["f"]
    assert not np.allclose(got, np.diag(f), atol=1e-3)     # the direct path is only part of it


def test_the_cell_state_leaves_minus_one_to_one_and_the_hidden_state_does_not():
    run = rn.lstm_run(40)
    cs, hs = np.array([c for _, c, _ in run]), np.array([h for h, _, _ in run])
    assert np.abs(cs).max() > 5
    assert np.abs(hs).max() < 1
    # h = o * tanh(c): |h| <= o < 1 whatever c is
    assert np.all(np.abs(hs) <= np.array([g["o"] for _, _, g in run]))


def test_a_forget_gate_of_one_and_an_input_gate_of_zero_copy_the_cell_state():
    big = 40.0
    p = {"f": (np.zeros((2, 3)), np.full(2, big)), "i": (np.zeros((2, 3)), np.full(2, -big)),
         "c_tilde": (np.ones((2, 3)), np.zeros(2)), "o": (np.zeros((2, 3)), np.zeros(2))}
    c = np.array([3.0, -7.0])
    _, c_new, _ = rn.lstm_step(np.array([0.2, 0.1]), c, np.array([1.0]), p)
    np.testing.assert_allclose(c_new, c, rtol=1e-12)


# --------------------------------------------------------------------------
# GRU


def gru_by_hand(h, x, p, old_side):
    """A GRU step entry by entry; old_side=True puts the update gate on the old state."""
    v = list(h) + list(x)
    n = len(h)

    def lin(name, vec, j):
        W, b = p[name]
        return sum(W[j][k] * vec[k] for k in range(len(vec))) + b[j]

    u = [sig(lin("u", v, j)) for j in range(n)]
    r = [sig(lin("r", v, j)) for j in range(n)]
    reset = [r[j] * h[j] for j in range(n)] + list(x)
    cand = [math.tanh(lin("h_tilde", reset, j)) for j in range(n)]
    if old_side:
        return np.array([u[j] * h[j] + (1 - u[j]) * cand[j] for j in range(n)])
    return np.array([(1 - u[j]) * h[j] + u[j] * cand[j] for j in range(n)])


@pytest.mark.parametrize("seed", [17, 18])
def test_gru_step_matches_an_entry_by_entry_version_in_both_conventions(seed):
    p, h, x = random_gru(seed)
    np.testing.assert_allclose(rn.gru_step(h, x, p)[0], gru_by_hand(h, x, p, False), rtol=1e-12)
    np.testing.assert_allclose(rn.gru_step(h, x, p, update_weights="old")[0],
                               gru_by_hand(h, x, p, True), rtol=1e-12)


@pytest.mark.parametrize("seed", [19, 20, 21])
def test_negating_the_update_gate_converts_between_the_conventions(seed):
    p, h, x = random_gru(seed)
    page = rn.gru_step(h, x, p)[0]
    assert not np.allclose(page, rn.gru_step(h, x, p, update_weights="old")[0])
    np.testing.assert_allclose(rn.gru_step(h, x, rn.flip_update_gate(p), update_weights="old")[0],
                               page, rtol=1e-12)


def test_gru_state_stays_inside_minus_one_to_one():
    p, h, _ = random_gru(22)
    rng = np.random.default_rng(23)
    for _ in range(200):
        h, _ = rn.gru_step(h, 3 * rng.normal(size=2), p)
        assert np.all(np.abs(h) < 1)


def test_gru_rejects_an_unknown_convention():
    p, h, x = random_gru(24)
    with pytest.raises(ValueError, match="update_weights must be 'candidate' or 'old'"):
        rn.gru_step(h, x, p, update_weights="new")


# --------------------------------------------------------------------------
# Clipping (the functions come from backprop; here the page's example)


def test_clipping_example_by_hand():
    g = np.array([6.0, 0.5])
    norm = math.sqrt(36.25)
    np.testing.assert_allclose(rn.clip_by_norm(g, 1.0), [6 / norm, 0.5 / norm])
    np.testing.assert_allclose(rn.clip_by_value(g, 1.0), [1.0, 0.5])
    assert rn.angle_between(g, rn.clip_by_norm(g, 1.0)) == pytest.approx(0.0, abs=1e-6)
    assert rn.angle_between(g, rn.clip_by_value(g, 1.0)) > 20


# --------------------------------------------------------------------------
# The page's numbers against independent values


def test_worked_example_by_hand():
    t = rn.worked_example()
    # Step 1: z = (0, 0) + (1, -0.5) + (0.1, 0); step 2 written out with math.tanh.
    h1 = [math.tanh(1.1), math.tanh(-0.5)]
    Wh1 = [0.5 * h1[0] - 0.4 * h1[1], 0.3 * h1[0] + 0.6 * h1[1]]
    z2 = [Wh1[0] + 0.5 + 0.1, Wh1[1] - 0.25]
    h2 = [math.tanh(z2[0]), math.tanh(z2[1])]
    z3 = [0.5 * h2[0] - 0.4 * h2[1] - 1 + 0.1, 0.3 * h2[0] + 0.6 * h2[1] + 0.5]
    h3 = [math.tanh(z3[0]), math.tanh(z3[1])]
    y_hat = h3[0] - h3[1]
    check(t, {"z_1": [1.1, -0.5], "h_1": h1, "W_h h_1": each(Wh1, Wh1), "z_2": z2, "h_2": h2,
              "z_3": z3, "h_3": h3, "y_hat": each(y_hat, y_hat), "y_hat - y": y_hat + 0.5,
              "L": (y_hat + 0.5) ** 2, "y": each(-0.5, -0.5)})


def test_worked_example_bptt_against_central_differences():
    t = rn.worked_example_bptt()
    W_h, W_x, b, xs, h0, w, y = rn.W_H, rn.W_X, rn.B, rn.XS, rn.H0, rn.READOUT, rn.TARGET

    def loss(Wh=W_h, Wx=W_x, bb=b):
        return (float(w @ rnn_states_by_hand(xs, h0, Wh, Wx, bb)[-1]) - y) ** 2

    dW_h = central_difference(lambda v: loss(Wh=v), W_h)
    dW_x = central_difference(lambda v: loss(Wx=v), W_x)
    db = central_difference(lambda v: loss(bb=v), b)
    check(t, {"dL/dW_h": dW_h, "dL/dW_x": dW_x[:, 0], "dL/db": db}, rtol=1e-6, atol=1e-8)
    # the three outer products add up to the whole gradient; the first step's term is zero
    total = sum(entries(t, name)[0] for name in ("delta_3 h_2^T", "delta_2 h_1^T", "delta_1 h_0^T"))
    np.testing.assert_allclose(total, dW_h, rtol=1e-6)
    assert np.all(entries(t, "delta_1 h_0^T")[0] == 0)
    # the deltas shrink on the way back
    sizes = entries(t, "size of delta")
    assert sizes[0] > sizes[1] > sizes[2]
    up, down = entries(t, "L up")[0], entries(t, "L down")[0]
    assert (up - down) / 0.002 == pytest.approx(dW_h[1, 0], rel=1e-5)


def test_mistake_last_step_only_against_central_differences():
    t = rn.mistake_last_step_only()
    full = rn.worked_example_bptt()
    numeric = entries(full, "dL/dW_h")[0][1, 0]
    # the page's nudge is 0.001: its central difference is off by O(nudge^2)
    check(t, {"T": 3, "sum over steps": numeric, "central difference": near(numeric, rtol=1e-4)},
          rtol=1e-6)
    assert abs(entries(t, "last step only")[0] - numeric) > 0.4


def test_worked_example_lstm_by_hand():
    t = rn.worked_example_lstm()
    f = [sig(2.25), sig(1.75)]
    i = [sig(1.0), 0.5]
    g = [math.tanh(2.0), math.tanh(-1.0)]
    o = [sig(1.0), sig(1.0)]
    c = [f[0] * 0.8 + i[0] * g[0], f[1] * -0.4 + i[1] * g[1]]
    h = [o[0] * math.tanh(c[0]), o[1] * math.tanh(c[1])]
    check(t, {"pre f": each([2.25, 1.75], [2.25, 1.75]), "f": each(f, f), "i": i, "c_tilde": g,
              "o": o, "c": c, "h": h, "pre i": [1.0, 0.0], "pre c_tilde": [2.0, -1.0],
              "pre o": [1.0, 1.0]})
    assert c[0] > 1 and max(abs(v) for v in h) < 1


def test_claims_by_hand():
    assert entries(rn.claims_vanilla_rnn(), "parameters") == [2 * 2 + 2 * 1 + 2]
    v = rn.claims_vanishing()
    check(v, {"eigenvalues": each([0.9, 0.3], [1.1, 0.5]),
              "norm after 50": each(*[0.9 ** 50, 1.1 ** 50] * 3)})
    assert entries(v, "driven, after 50")[0] < 1e-7
    c = rn.claims_clipping()
    check(c, {"norm of g": math.sqrt(36.25), "angle before": math.degrees(math.atan(0.5 / 6)),
              "angle after": math.degrees(math.atan(0.5)), "angle": math.degrees(math.atan(0.5 / 6))})
    lstm = rn.claims_lstm()
    f = sig(5.0)
    # the ten-step run from the worked example's state, by hand (the worked step is the first)
    h, c = [0.5, -0.5], [0.8, -0.4]
    states = []
    for _ in range(10):
        h, c, g = lstm_by_hand(h, c, [1.0], rn.LSTM_P)
        states.append((h, c, g))
    check(lstm, {"f": each(f, f), "f^50": f ** 50, "vanilla 0.9^50": 0.9 ** 50,
                 "c_t[0]": states[0][1][0], "c after 10": states[-1][1], "h after 10": states[-1][0]})
    # the deep dive's Jacobian d c_2 / d c_1 (o_1 held fixed), by central differences of the
    # entry-by-entry step, and the direct path diag(f_2) from that step
    (_, c1, g1), (_, _, g2) = states[0], states[1]

    def c2(c_prev):
        return lstm_by_hand(g1["o"] * np.tanh(c_prev), c_prev, [1.0], rn.LSTM_P)[1]

    J = np.stack([central_difference(lambda v: float(c2(v)[j]), c1) for j in range(2)])
    check(rn.claims_lstm_jacobian(), {"c_1": c1, "o_1": g1["o"], "J": J, "diag(f_2)": np.diag(g2["f"])},
          rtol=1e-6, atol=1e-9)


def test_mistake_gru_sides_by_hand():
    t = rn.mistake_gru_sides()
    u = sig(0.5 * 0.8 + 1.0)
    r = sig(0.8 + 0.5 - 0.8)
    cand = math.tanh(-1.0 * r * 0.8 - 0.5 + 0.5)
    check(t, {"u": each(u, u, u), "r": r, "h_tilde": each(cand, cand, cand),
              "h, this page": (1 - u) * 0.8 + u * cand,
              "h, PyTorch's formula": u * 0.8 + (1 - u) * cand,
              "h, converted": (1 - u) * 0.8 + u * cand})


def test_exercises_by_hand():
    h1 = math.tanh(0.5 * 0.4 + 0.3)
    z2 = 0.5 * h1 - 0.3
    h2 = math.tanh(z2)
    check(rn.exercise_two_steps(), {"z_1": each(0.5, 0.5), "h_1": h1, "z_2": each(z2, z2), "h_2": h2})
    d2 = 1 - h2 ** 2
    d1 = 0.5 * d2 * (1 - h1 ** 2)
    t = rn.exercise_bptt_two_steps()
    check(t, {"delta_1": each(d1, d1), "dL/dW_h": d2 * h1 + d1 * 0.4})
    # and the gradient itself by central differences of h_2 in W_h
    numeric = central_difference(
        lambda w: math.tanh(w[0] * math.tanh(w[0] * 0.4 + 0.3) - 0.3), np.array([0.5]))[0]
    assert entries(t, "dL/dW_h")[0] == pytest.approx(numeric, rel=1e-6)
    check(rn.exercise_twenty_steps(), {"0.8^20": 0.8 ** 20, "1.25^20": 1.25 ** 20,
                                       "k": math.log(1e-3) / math.log(0.8), "steps needed": 31})
    assert 0.8 ** 31 < 1e-3 < 0.8 ** 30
    g = np.array([0.6, -2.4, 0.8])
    cos = (0.36 + 2.4 + 0.64) / (2.6 * math.sqrt(2.0))
    check(rn.exercise_clipping(), {"norm": each(2.6, 2.6), "by norm": g / 2.6,
                                   "by value": [0.6, -1.0, 0.8], "angle": math.degrees(math.acos(cos))})
    check(rn.exercise_cell_state(), {"c": each(1.75, 1.75), "h": 0.6 * math.tanh(1.75)})


def test_interview_parameter_counts_by_hand():
    t = rn.claims_interview_questions()
    check(t, {"one block": each(416_256, 416_256), "LSTM": 1_665_024, "PyTorch LSTM": 1_667_072,
              "GRU": 1_248_768, "PyTorch GRU": 1_250_304})


def test_transcripts_are_pure():
    for fn in rn.EXAMPLES + rn.EXERCISES + rn.TRANSCRIPTS:
        a, b = fn(), fn()
        assert [n for n, _ in a] == [n for n, _ in b]
        for (_, x), (_, y) in zip(a, b):
            np.testing.assert_array_equal(np.asarray(x), np.asarray(y))
