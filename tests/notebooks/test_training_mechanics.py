"""The training-mechanics notebook: its key results against independent computations.

Each test recomputes a result without the snippets (plain loops, math, NumPy's own solvers, or a
hand-worked value) or checks a property the notebook's text states.
"""
import inspect
import math

import numpy as np
import pytest

from gradcheck import central_difference
from notebooks import NOTEBOOKS
from optimizers import adam_step
from notebook_run import run, test_same_outputs_as_the_build  # noqa: F401

NOTEBOOK = "training-mechanics"
RESULTS = [
    # losses
    "y_hat_reg", "y_reg", "mse_value", "mse_gradient", "z_bin", "y_bin", "bce_value",
    "z_cls", "y_cls", "ce_value", "ce_gradient", "loss_grad_errors",
    # cross-entropy against squared error on a sigmoid
    "x_one", "w_start", "lr_logit", "steps_logit", "p_ce", "p_mse", "ratio_at_start",
    # backprop
    "sizes", "X_bp", "Y_bp", "params_flat", "grads_flat", "max_backprop_error", "wrong_error",
    # optimizers
    "curvatures", "kappa", "w_init", "race_steps", "sgd_lr", "sgd_losses", "race_final",
    "race_at_5", "rms_step_size", "rmsprop_lr", "first_spike", "effective_rate",
    "adam_lr", "adam_step_size", "wrong_cosine",
    # regularization
    "x_train", "y_train", "x_val", "y_val", "degree", "lambdas", "weight_norms", "train_errors",
    "val_errors", "best",
    # dropout
    "drop_p", "samples", "a_units", "dropout_mean", "penalty_sampled", "penalty_formula",
    # early stopping
    "epochs", "patience", "train_curve", "val_curve", "best_epoch", "stop_epoch",
]


def arr(run, name):
    return np.asarray(run.values[name], dtype=float)


# ---------------------------------------------------------------- losses

def test_mse_by_hand(run):
    # predictions (2, 0.5, 1), targets (1.5, 1, 3): residuals 0.5, -0.5, -2;
    # MSE = (0.25 + 0.25 + 4) / 3 = 1.5, the value the markdown states; gradient (2/3) * residuals.
    assert run.values["mse_value"] == pytest.approx(1.5, abs=1e-12)
    np.testing.assert_allclose(arr(run, "mse_gradient"), np.array([0.5, -0.5, -2.0]) * 2 / 3,
                               atol=1e-12)


def test_cross_entropies_by_plain_loops(run):
    z, y = arr(run, "z_bin"), arr(run, "y_bin")
    total = 0.0
    for zi, yi in zip(z, y):
        p = 1.0 / (1.0 + math.exp(-zi))
        total += -(yi * math.log(p) + (1 - yi) * math.log(1 - p))
    assert run.values["bce_value"] == pytest.approx(total / len(z), rel=1e-12)

    Z, labels = arr(run, "z_cls"), run.values["y_cls"]
    total, grad = 0.0, np.zeros_like(Z)
    for i, (row, k) in enumerate(zip(Z, labels)):
        exps = [math.exp(v) for v in row]
        probs = [e / sum(exps) for e in exps]
        total += -math.log(probs[k])
        for j, pj in enumerate(probs):                      # (p - y) / batch
            grad[i, j] = (pj - (1.0 if j == k else 0.0)) / len(Z)
    assert run.values["ce_value"] == pytest.approx(total / len(Z), rel=1e-12)
    np.testing.assert_allclose(arr(run, "ce_gradient"), grad, atol=1e-12)
    # the markdown: each row of the gradient sums to zero
    np.testing.assert_allclose(arr(run, "ce_gradient").sum(axis=1), 0.0, atol=1e-12)


def test_loss_gradients_pass_their_check(run):
    assert max(run.values["loss_grad_errors"]) < 1e-6


# ------------------------------------------- cross-entropy against squared error on a sigmoid

def _plain_run(loss, x, w, lr, steps):
    """Gradient descent on w for one example with label 1, z = w x, both gradients by hand."""
    probs = [1.0 / (1.0 + math.exp(-w * x))]
    for _ in range(steps):
        p = 1.0 / (1.0 + math.exp(-w * x))
        dz = (p - 1.0) if loss == "ce" else 2.0 * (p - 1.0) * p * (1.0 - p)
        w -= lr * dz * x
        probs.append(1.0 / (1.0 + math.exp(-w * x)))
    return np.array(probs)


def test_logit_runs_match_plain_gradient_descent(run):
    args = (run.values["x_one"], run.values["w_start"], run.values["lr_logit"],
            run.values["steps_logit"])
    np.testing.assert_allclose(arr(run, "p_ce"), _plain_run("ce", *args), rtol=1e-10)
    np.testing.assert_allclose(arr(run, "p_mse"), _plain_run("mse", *args), rtol=1e-10)


def test_logit_claims(run):
    p_ce, p_mse = arr(run, "p_ce"), arr(run, "p_mse")
    p0 = 1.0 / (1.0 + math.exp(6.0))                      # z = 2 * (-3) = -6
    assert p_ce[0] == pytest.approx(p0) and p0 < 0.01     # "less than a 1% chance"
    # the ratio of the two gradients is (p - 1) / (2 (p - 1) p (1 - p)) = 1 / (2 p (1 - p))
    assert run.values["ratio_at_start"] == pytest.approx(1.0 / (2 * p0 * (1 - p0)), rel=1e-10)
    assert 100 < run.values["ratio_at_start"] < 1000      # "hundreds of times weaker"
    assert p_mse[:41].max() < 0.02                        # "below a 2% chance for forty steps"
    assert p_mse[-1] > 0.5                                # "shoots up" before the end
    assert p_ce[5] > 0.5                                  # "right within five steps"


# ---------------------------------------------------------------- backprop

def _unflatten(flat, sizes):
    params, at = [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        W = flat[at:at + n_out * n_in].reshape(n_out, n_in)
        at += n_out * n_in
        params.append((W, flat[at:at + n_out]))
        at += n_out
    assert at == len(flat)
    return params


def _plain_loss(flat, sizes, X, Y):
    """Sigmoid network, squared error summed over outputs and averaged over the batch."""
    a = X
    for W, b in _unflatten(flat, sizes):
        a = 1.0 / (1.0 + np.exp(-(a @ W.T + b)))
    return float(np.mean(np.sum((a - Y) ** 2, axis=1)))


def test_backprop_gradients_against_an_independent_check(run):
    sizes, X, Y = run.values["sizes"], arr(run, "X_bp"), arr(run, "Y_bp")
    flat, grads = arr(run, "params_flat"), arr(run, "grads_flat")
    numeric = central_difference(lambda v: _plain_loss(v, sizes, X, Y), flat)
    np.testing.assert_allclose(grads, numeric, rtol=1e-6, atol=1e-9)
    assert np.abs(grads).max() > 1e-3                     # not a trivially zero gradient


def test_backprop_check_and_the_mistake(run):
    assert run.values["max_backprop_error"] < 1e-7        # "at least seven significant digits"
    assert run.values["wrong_error"] > 0.5                # the mistake: an error of order one
    assert run.values["wrong_cosine"] > 0.9               # yet it points roughly the right way
    assert run.values["sizes"] == [3, 4, 2] and len(run.values["X_bp"]) == 5


# ---------------------------------------------------------------- optimizers

def test_race_settings(run):
    c = arr(run, "curvatures")
    assert c.tolist() == [1.0, 100.0] and run.values["kappa"] == 100
    assert run.values["race_steps"] == 200
    assert run.values["sgd_lr"] < 2 / c.max()             # "just below" the stability limit
    assert run.values["sgd_lr"] > 0.9 * 2 / c.max()
    # "beta_2 = 0.999 against RMSProp's 0.9": the text's memories, as the notebook runs them.
    source = (NOTEBOOKS / "training-mechanics.py").read_text(encoding="utf-8")
    assert '"RMSProp": (rmsprop_step, {"lr": 0.03, "rho": 0.9})' in source
    assert '"Adam": (adam_step, {"lr": 0.1})' in source                      # Adam's defaults
    assert inspect.signature(adam_step).parameters["beta2"].default == 0.999


def test_sgd_follows_the_closed_form(run):
    # each coordinate of gradient descent on (1/2) sum c_i w_i^2 is multiplied by (1 - lr c_i)
    c, w0, lr = arr(run, "curvatures"), arr(run, "w_init"), run.values["sgd_lr"]
    t = np.arange(run.values["race_steps"] + 1)[:, None]
    expected = 0.5 * np.sum(c * ((1 - lr * c) ** t * w0) ** 2, axis=1)
    losses = arr(run, "sgd_losses")
    np.testing.assert_allclose(losses, expected, rtol=1e-9)
    # in the long run the loss shrinks by (1 - lr c_1)^2 per step: a straight line on a log scale
    np.testing.assert_allclose(losses[101:] / losses[100:-1], (1 - lr * c.min()) ** 2, rtol=1e-6)


def test_race_outcome(run):
    final, at5 = run.values["race_final"], run.values["race_at_5"]
    assert final["momentum"] < 1e-3 * final["SGD"]        # "many orders of magnitude lower"
    assert final["Adam"] < 1e-3 * final["SGD"]
    assert min(at5, key=at5.get) == "RMSProp"             # "after five steps it is ahead"
    assert final["RMSProp"] > final["SGD"]                # "wobbles above plain gradient descent"
    lr = run.values["rmsprop_lr"]
    assert 0.8 * lr < run.values["rms_step_size"][1] < 1.2 * lr   # steps about lr long
    assert run.values["adam_step_size"][1] < 0.01 * run.values["adam_lr"]   # "a tiny fraction"


def test_rmsprop_by_plain_loop_and_its_spike(run):
    # s <- rho s + (1 - rho) g^2;  w <- w - lr g / (sqrt(s) + eps), rho = 0.9 and eps = 1e-8
    c, w, lr = arr(run, "curvatures"), arr(run, "w_init"), run.values["rmsprop_lr"]
    s, losses, rates = np.zeros(2), [0.5 * np.sum(c * w ** 2)], []
    for _ in range(run.values["race_steps"]):
        g = c * w
        s = 0.9 * s + 0.1 * g ** 2
        rates.append(lr / np.sqrt(s[1]))
        w = w - lr * g / (np.sqrt(s) + 1e-8)
        losses.append(0.5 * np.sum(c * w ** 2))
    assert run.values["race_final"]["RMSProp"] == pytest.approx(losses[-1], rel=1e-9)
    spike = run.values["first_spike"]
    assert losses[spike] > 3 * losses[spike - 1]
    assert all(losses[t] <= 3 * losses[t - 1] for t in range(1, spike))
    np.testing.assert_allclose(run.values["effective_rate"], rates[:spike], rtol=1e-9)
    assert min(rates[spike - 6:spike - 1]) > 2 / c[1]    # past the limit before the spike


# ---------------------------------------------------------------- regularization

def test_setting(run):
    assert len(run.values["x_train"]) == 12 and run.values["degree"] == 11


def test_ridge_against_the_normal_equations(run):
    x, y = arr(run, "x_train"), arr(run, "y_train")
    xv, yv = arr(run, "x_val"), arr(run, "y_val")
    d, lambdas = run.values["degree"], arr(run, "lambdas")
    Phi, Phi_v = np.vander(x, d + 1, increasing=True), np.vander(xv, d + 1, increasing=True)
    n = len(x)
    D = np.eye(d + 1)
    D[0, 0] = 0.0                                          # the constant term is not penalised
    for lam, val in zip(lambdas, arr(run, "val_errors")):
        if lam < 1e-4:
            continue                                       # too ill-conditioned to solve this way
        # gradient of mean((Phi w - y)^2) + (lam/2)|w[1:]|^2 set to zero:
        # (2/n) Phi^T (Phi w - y) + lam D w = 0
        w = np.linalg.solve(Phi.T @ Phi + n * lam / 2 * D, Phi.T @ y)
        assert val == pytest.approx(np.mean((Phi_v @ w - yv) ** 2), rel=1e-5)


def test_regularization_claims(run):
    norms, train, val = arr(run, "weight_norms"), arr(run, "train_errors"), arr(run, "val_errors")
    assert np.all(np.diff(norms) < 0)                      # weights shrink at every step of the sweep
    assert np.all(np.diff(train) > 0)                      # training error rises
    assert train[0] < 1e-10                                # lambda = 0 interpolates the twelve points
    best = run.values["best"]
    assert best == int(np.argmin(val)) and 0 < best < len(val) - 1   # a minimum inside the sweep
    assert val[0] > 100 * val[best]                        # "enormous" without a penalty


# ---------------------------------------------------------------- dropout

def test_dropout_mean_within_sampling_noise(run):
    a, p, n = arr(run, "a_units"), run.values["drop_p"], run.values["samples"]
    # a_i * keep / (1 - p) has mean a_i and variance a_i^2 p / (1 - p)
    standard_error = a * math.sqrt(p / (1 - p)) / math.sqrt(n)
    assert np.all(np.abs(arr(run, "dropout_mean") - a) < 4 * standard_error)


def test_dropout_penalty(run):
    # x = (1, -2, 0.5), w = (0.4, 0.3, -1), y = 0.5, p = 0.5:
    # w.x - y = 0.4 - 0.6 - 0.5 - 0.5 = -1.2, squared 1.44;
    # p/(1-p) sum w^2 x^2 = 1 * (0.16 + 0.36 + 0.25) = 0.77; total 2.21
    assert run.values["penalty_formula"] == pytest.approx(2.21, abs=1e-12)
    assert run.values["penalty_sampled"] == pytest.approx(2.21, rel=0.03)


# ---------------------------------------------------------------- early stopping

def test_training_curves_by_plain_momentum(run):
    x, y = arr(run, "x_train"), arr(run, "y_train")
    xv, yv = arr(run, "x_val"), arr(run, "y_val")
    d = run.values["degree"]
    Phi, Phi_v = np.vander(x, d + 1, increasing=True), np.vander(xv, d + 1, increasing=True)
    w, v = np.zeros(d + 1), np.zeros(d + 1)
    val = []
    for _ in range(run.values["epochs"]):
        v = 0.9 * v + 2.0 / len(y) * Phi.T @ (Phi @ w - y)
        w = w - 0.05 * v
        val.append(np.mean((Phi_v @ w - yv) ** 2))
    np.testing.assert_allclose(arr(run, "val_curve"), val, rtol=1e-8)


def test_early_stopping_replayed(run):
    val, patience = arr(run, "val_curve"), run.values["patience"]
    best, waited, stop = 0, 0, len(val)
    for e in range(1, len(val)):
        if val[e] < val[best]:
            best, waited = e, 0
        else:
            waited += 1
            if waited == patience:
                stop = e + 1
                break
    assert (run.values["best_epoch"], run.values["stop_epoch"]) == (best + 1, stop)
    assert best + 1 == int(np.argmin(val)) + 1             # the stop did not miss a later best


def test_early_stopping_claims(run):
    train, val = arr(run, "train_curve"), arr(run, "val_curve")
    best = run.values["best_epoch"]
    assert best < len(val) / 2                             # "its best early"
    assert val[-1] > val[best - 1]                         # then climbs
    assert train[-1] < train[best - 1]                     # while training loss keeps falling
    assert train[-1] < 0.5 * train[0]
    ridge_best = min(run.values["val_errors"])             # "about as low as the best lambda"
    assert 0.5 * ridge_best < val[best - 1] < 2 * ridge_best


# ---------------------------------------------------------------- the "Try it" cell's promises

def test_try_it_promises(run):
    # 1. w_start = 0: both runs start at p = 0.5 and end far closer than from the wrong start
    x, lr, steps = run.values["x_one"], run.values["lr_logit"], run.values["steps_logit"]
    ce0, mse0 = _plain_run("ce", x, 0.0, lr, steps), _plain_run("mse", x, 0.0, lr, steps)
    assert ce0[0] == mse0[0] == 0.5
    assert ce0[5] - mse0[5] < 0.25 * (arr(run, "p_ce")[5] - arr(run, "p_mse")[5])

    # 2. sgd_lr = 0.021: gradient descent's factor 1 - lr c_2 = -1.1 has size above one; momentum
    # (beta = 0.9) at the same rate converges: its 2x2 step matrix has spectral radius below one
    c = arr(run, "curvatures")
    assert abs(1 - 0.021 * c[1]) > 1
    for ci in c:
        # (w_t, w_{t-1}) -> (w_t - lr (beta v + c w_t), ...) written in w only:
        # w_{t+1} = (1 + beta - lr c) w_t - beta w_{t-1}
        step = np.array([[1 + 0.9 - 0.021 * ci, -0.9], [1.0, 0.0]])
        assert max(abs(np.linalg.eigvals(step))) < 1

    # 3. RMSProp at lr 0.003 for 1000 steps ends lower than at 0.03 for 200 steps
    w, s = arr(run, "w_init"), np.zeros(2)
    for _ in range(1000):
        g = c * w
        s = 0.9 * s + 0.1 * g ** 2
        w = w - 0.003 * g / (np.sqrt(s) + 1e-8)
    assert 0.5 * np.sum(c * w ** 2) < 0.1 * run.values["race_final"]["RMSProp"]

    # 4. thirty training points: lambda = 0 no longer interpolates, its validation error falls a
    # lot, and the best lambda of the sweep moves towards zero
    from regularization import noisy_sine                  # the data only; the fits are below
    x30, y30 = noisy_sine(30, noise=0.2, seed=1)
    xv, yv = arr(run, "x_val"), arr(run, "y_val")
    d, lambdas = run.values["degree"], arr(run, "lambdas")
    Phi, Phi_v = np.vander(x30, d + 1, increasing=True), np.vander(xv, d + 1, increasing=True)
    D = np.eye(d + 1)
    D[0, 0] = 0.0
    val = []
    for lam in lambdas:
        w = np.linalg.lstsq(np.vstack([Phi, math.sqrt(len(x30) * lam / 2) * D]),
                            np.concatenate([y30, np.zeros(d + 1)]), rcond=None)[0]
        val.append(np.mean((Phi_v @ w - yv) ** 2))
        if lam == 0:
            assert np.mean((Phi @ w - y30) ** 2) > 1e-4     # no longer through every point
    assert val[0] < 1e-3 * arr(run, "val_errors")[0]
    assert lambdas[int(np.argmin(val))] < lambdas[run.values["best"]]
