"""Tests of snippets/gans.py, against independent computations: a grid search for the best
discriminator, plain-Python KL and JS with the math module, hand-derived values, central
differences for every hand-written gradient, and properties of the training run."""
from __future__ import annotations

import math
import time

import numpy as np
import pytest
from gradcheck import assert_gradient, central_difference

import gans
from transcript_check import check, each

P, Q = [0.5, 0.3, 0.2], [0.1, 0.3, 0.6]


def js_loops(p, q):
    """Jensen-Shannon divergence with plain loops and math.log, skipping zero weights."""
    m = [(a + b) / 2 for a, b in zip(p, q)]
    kl = lambda u: sum(a * math.log(a / c) for a, c in zip(u, m) if a > 0)  # noqa: E731
    return (kl(p) + kl(q)) / 2


def value_loops(D, p, q):
    return sum(a * math.log(d) for a, d in zip(p, D) if a > 0) + \
        sum(b * math.log(1 - d) for b, d in zip(q, D) if b > 0)


# --------------------------------------------------------------------------
# The optimal discriminator and the value of the game


def test_optimal_discriminator_beats_a_grid_search():
    """Pointwise, p log D + q log(1 - D) over a fine grid peaks at p / (p + q)."""
    grid = np.linspace(1e-4, 1 - 1e-4, 200_001)
    for a, b in zip(P, Q):
        best = grid[np.argmax(a * np.log(grid) + b * np.log(1 - grid))]
        assert abs(best - a / (a + b)) < 1e-4
    np.testing.assert_allclose(gans.optimal_discriminator(P, Q), [5 / 6, 1 / 2, 1 / 4])


def test_value_at_optimum_is_two_js_minus_log_four():
    rng = np.random.default_rng(1)
    for _ in range(50):
        p, q = rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(4))
        d = gans.optimal_discriminator(p, q)
        v = gans.gan_value(d, p, q)
        assert v == pytest.approx(value_loops(d, p, q), rel=1e-12)
        assert v == pytest.approx(2 * js_loops(p, q) - math.log(4), rel=1e-12)
        assert gans.js_divergence(p, q) == pytest.approx(js_loops(p, q), rel=1e-12)
        other = np.clip(d + rng.normal(0, 0.05, 4), 0.01, 0.99)   # any other D does worse
        assert gans.gan_value(other, p, q) <= v + 1e-12


def test_js_bounds_and_equality():
    assert gans.js_divergence(P, P) == 0.0
    assert gans.js_divergence([1, 0], [0, 1]) == pytest.approx(math.log(2))
    with pytest.raises(ValueError, match="both distributions are zero"):
        gans.optimal_discriminator([1.0, 0.0], [1.0, 0.0])


# --------------------------------------------------------------------------
# The two generator losses and their slopes


@pytest.mark.parametrize("z", [-8.0, -5.0, -0.3, 0.0, 2.0])
def test_generator_loss_slopes(z):
    for loss, grad in ((gans.saturating_loss, gans.saturating_grad),
                       (gans.non_saturating_loss, gans.non_saturating_grad)):
        assert_gradient(lambda v: float(loss(v[0])), lambda v: [grad(v[0])], [z])
    d = 1 / (1 + math.exp(-z))
    assert float(gans.saturating_loss(z)) == pytest.approx(math.log(1 - d), rel=1e-9)
    assert float(gans.non_saturating_loss(z)) == pytest.approx(-math.log(d), rel=1e-9)


# --------------------------------------------------------------------------
# The 1-D GAN's hand-written gradients


def test_discriminator_gradient():
    rng = np.random.default_rng(3)
    xr, xf = 1 + 0.5 * rng.standard_normal(7), rng.standard_normal(5) - 1
    f = lambda w: gans.discriminator_loss(xr, xf, *w)  # noqa: E731
    assert_gradient(f, lambda w: gans.discriminator_grad(xr, xf, *w), [0.3, -0.2, 0.1])


@pytest.mark.parametrize("saturating", [False, True])
def test_generator_gradient(saturating):
    zeta = np.random.default_rng(4).standard_normal(6)
    w = (0.7, -0.4, 0.2)
    f = lambda th: gans.generator_loss(zeta, *th, *w, saturating=saturating)  # noqa: E731
    g = lambda th: gans.generator_grad(zeta, *th, *w, saturating=saturating)  # noqa: E731
    assert_gradient(f, g, [0.4, 1.3])


def test_training_is_seeded_fast_and_reaches_the_data():
    start = time.perf_counter()
    h = gans.train_gan(**gans.TRAIN)
    assert time.perf_counter() - start < 2.0
    np.testing.assert_array_equal(h, gans.train_gan(**gans.TRAIN))
    tail = h[-200:]
    assert abs(tail[:, 0].mean() - 1.0) < 0.05 and abs(tail[:, 1].mean() - 0.5) < 0.05
    assert h.shape == (1001, 5)
    with pytest.raises(ValueError, match="positive learning rates"):
        gans.train_gan(lr_g=0.0)


def test_one_round_by_hand():
    """One round with one discriminator step, recomputed from the same noise draws."""
    c = dict(steps=1, d_steps=1, lr_d=0.2, lr_g=0.02, batch=3, seed=7)
    h = gans.train_gan(**c)
    rng = np.random.default_rng(7)
    xr = [1 + 0.5 * v for v in rng.standard_normal(3)]
    xf = [-1 + v for v in rng.standard_normal(3)]
    zeta = rng.standard_normal(3).tolist()
    sig = lambda u: 1 / (1 + math.exp(-u))  # noqa: E731
    # At w = 0 every D is one half: dL/dz = -1/2/n on real and +1/2/n on fake samples.
    dw1 = sum(-0.5 * x for x in xr) / 3 + sum(0.5 * x for x in xf) / 3
    dw2 = sum(-0.5 * x * x for x in xr) / 3 + sum(0.5 * x * x for x in xf) / 3
    w1, w2, b = -0.2 * dw1, -0.2 * dw2, 0.0
    xs = [-1 + z for z in zeta]
    dx = [(sig(w1 * x + w2 * x * x + b) - 1) * (w1 + 2 * w2 * x) / 3 for x in xs]
    mu = -1 - 0.02 * sum(dx)
    s = 1 - 0.02 * sum(d * z for d, z in zip(dx, zeta))
    np.testing.assert_allclose(h[-1], [mu, s, w1, w2, b], rtol=1e-12, atol=1e-15)


def test_best_response_is_a_point_mass_at_the_top_of_d():
    D = np.array([0.2, 0.7, 0.4])
    p = gans.best_response(D)
    rng = np.random.default_rng(5)
    for _ in range(100):                     # no spread-out generator does better
        q = rng.dirichlet(np.ones(3))
        assert -(p @ np.log(D)) <= -(q @ np.log(D)) + 1e-12
    assert p.tolist() == [0.0, 1.0, 0.0]
    h = gans.mode_hopping([0.5, 0.5], [1.0, 0.0], 3)
    assert [x.tolist() for x in h] == [[1, 0], [0, 1], [1, 0], [0, 1]]


# --------------------------------------------------------------------------
# Transcripts, against hand-derived values


def test_worked_example_transcript():
    t = gans.worked_example()
    ln = math.log
    real = 0.5 * ln(5 / 6) + 0.3 * ln(0.5) + 0.2 * ln(0.25)
    fake = 0.1 * ln(1 / 6) + 0.3 * ln(0.5) + 0.6 * ln(0.75)
    check(t, {"D*0": 5 / 6, "D*1": 0.5, "D*2": 0.25, "sum real": real, "sum fake": fake,
              "V*": real + fake, "m": [0.3, 0.3, 0.4], "JS": js_loops(P, Q),
              "2JS - log 4": real + fake, "V(1/2)": -ln(4), "log 4": ln(4)})


def test_saturation_transcript():
    d = 1 / (1 + math.exp(5))
    check(gans.worked_example_saturation(),
          {"D": each(d, d, d, 0.5), "sat grad": -d, "ns grad": d - 1, "both grads": -0.5,
           "ratio": (1 - d) / d, "log(1-D)": math.log(1 - d), "-log D": -math.log(d)})


def test_training_and_mistake_transcripts():
    t = dict(gans.worked_example_training())
    assert 0.1 < t["smallest s"] < 0.3 and t["round of smallest s"] < 300
    assert abs(t["mean mu"] - 1) < 0.02 and abs(t["mean s"] - 0.5) < 0.02
    h = gans.train_gan(**gans.TRAIN)   # D's x^2 weight: a bump before the dip, a valley after
    assert h[80, 3] < 0 < h[160, 3]
    assert (h[1:111, 3] < 0).all() and (np.diff(h[:111, 1]) < 0).all()  # a bump while s shrinks
    m = dict(gans.mistake_saturating_loss())
    assert m["D at mu"] < 0.01                       # D has seen through the generator
    assert m["sat mu"] < 0 < 1 - abs(m["ns mu"] - 1)  # saturating barely moves, the other arrives


def test_mode_hopping_and_exercises():
    check(gans.claims_mode_hopping(),
          {"D*(A) after A": 1 / 3, "D*(B) after B": 1 / 3, "-log D*(A)": math.log(3),
           "JS collapsed": js_loops([0.5, 0.5], [1.0, 0.0])})
    check(gans.claims_interview_questions(),
          {"JS disjoint": math.log(2), "ratio": (1 + math.exp(5)) - 1})
    check(gans.exercise_optimal_d(), {"D*": 0.75})
    check(gans.exercise_value_equal(), {"V": -math.log(4), "log 1/2": -math.log(2), "JS": 0.0})
    # zeta = 0.5: x = 0.5, z = 0.5 - 0.5 = 0, D = 1/2, dL/dz = -1/2, dL/dmu = -1/2 * w1,
    # dL/ds = dL/dmu * zeta = -1/4; a step of 0.1 gives 0.05 and 1.025.
    check(gans.exercise_generator_step(),
          {"x": 0.5, "z": 0.0, "D": 0.5, "dz": -0.5, "dmu": -0.5, "ds": -0.25,
           "new mu": 0.05, "new s": 1.025})
    g = central_difference(lambda th: gans.generator_loss([0.5], *th, 1.0, 0.0, -0.5), [0.0, 1.0])
    np.testing.assert_allclose(g, [-0.5, -0.25], atol=1e-8)


def test_slow_discriminator_lets_the_generator_collapse_then_swing_back():
    h = gans.train_gan(**dict(gans.SLOW_D, steps=1500))
    np.testing.assert_array_equal(h[:1001], gans.train_gan(**gans.SLOW_D))  # same first 1000
    assert np.abs(h[700:1001, 1]).max() < 0.06       # the spread near zero for hundreds of rounds
    assert abs(h[1000, 0] - 1.0) < 0.2               # while the mean is about right
    assert (h[600:700, 3] < 0).all() and (h[800:1000, 3] > 0).all()  # D's x^2 weight turns late
    assert h[-1, 1] > 0.9                            # and the spread swings far past the data's
    t = dict(gans.worked_example_training())
    assert h[t["round past data s"] - 1, 1] <= 0.5 < h[t["round past data s"], 1]
