"""Tests of snippets/autoencoders_and_vaes.py, against central differences, numerical
integration, sampling, hand-derived values and properties (the ELBO identity, the KL's minimum)."""
from __future__ import annotations

import math

import numpy as np
import pytest

import autoencoders_and_vaes as vae
from gradcheck import assert_gradient, central_difference
from transcript_check import check, each, near

LOG_2PI = math.log(2 * math.pi)

# --------------------------------------------------------------------------
# Helpers written independently of the snippet.


def normal_logpdf(v, m, s):
    """log N(v; m, s^2), written out."""
    return -0.5 * ((v - m) / s) ** 2 - math.log(s) - 0.5 * LOG_2PI


def kl_by_integration(m1, s1, m2, s2, points=200_001):
    """KL( N(m1, s1^2) || N(m2, s2^2) ) by the trapezoid rule on a wide grid."""
    grid = np.linspace(m1 - 12 * s1, m1 + 12 * s1, points)
    logq = normal_logpdf(grid, m1, s1)
    integrand = np.exp(logq) * (logq - normal_logpdf(grid, m2, s2))
    return float(np.sum((integrand[1:] + integrand[:-1]) / 2 * np.diff(grid)))


def loss_loops(x, mu, log_var, eps, W):
    """The one-sample loss with plain loops and the math module."""
    d, k = len(W), len(mu)
    zeta = [mu[j] + math.exp(log_var[j] / 2) * eps[j] for j in range(k)]
    rec = [sum(W[i][j] * zeta[j] for j in range(k)) for i in range(d)]
    recon = sum(0.5 * (x[i] - rec[i]) ** 2 + 0.5 * LOG_2PI for i in range(d))
    kl = sum(0.5 * (mu[j] ** 2 + math.exp(log_var[j]) - 1 - log_var[j]) for j in range(k))
    return recon + kl


# --------------------------------------------------------------------------
# The KL in closed form


@pytest.mark.parametrize("m, s", [(0.5, 0.5), (-1.3, 2.0), (0.0, 1.0), (2.0, 0.1)])
def test_closed_form_kl_matches_numerical_integration(m, s):
    closed = vae.kl_to_standard_normal([m], [math.log(s * s)])
    assert math.isclose(closed, kl_by_integration(m, s, 0.0, 1.0), rel_tol=1e-6, abs_tol=1e-9)
    assert math.isclose(vae.kl_gaussians(m, s, 0.0, 1.0), closed, rel_tol=1e-12, abs_tol=1e-14)


def test_general_gaussian_kl_matches_integration_and_is_zero_only_at_equality():
    assert math.isclose(vae.kl_gaussians(0.3, 0.7, -1.0, 1.8),
                        kl_by_integration(0.3, 0.7, -1.0, 1.8), rel_tol=1e-6)
    assert vae.kl_gaussians(1.0, 2.0, 1.0, 2.0) == 0.0
    with pytest.raises(ValueError):
        vae.kl_gaussians(0.0, 0.0, 0.0, 1.0)


def test_kl_is_smallest_at_the_prior_and_sums_over_dimensions():
    rng = np.random.default_rng(3)
    for _ in range(50):
        mu, lv = rng.normal(size=3), rng.normal(size=3)
        total = vae.kl_to_standard_normal(mu, lv)
        assert total > 0.0
        parts = sum(vae.kl_to_standard_normal([m], [v]) for m, v in zip(mu, lv))
        assert math.isclose(total, parts, rel_tol=1e-12)


def test_monte_carlo_estimate_approaches_the_closed_form():
    closed = vae.kl_to_standard_normal([0.5], [math.log(0.25)])
    est = vae.kl_monte_carlo(0.5, 0.5, 1_000_000, seed=7)
    assert abs(est - closed) < 3e-3


# --------------------------------------------------------------------------
# Reparameterisation and the loss's gradient


def test_reparameterised_samples_have_the_right_mean_and_spread():
    eps = np.random.default_rng(0).standard_normal((200_000, 2))
    zeta, s = vae.reparameterise([1.0, -2.0], [math.log(4.0), math.log(0.09)], eps)
    np.testing.assert_allclose(s, [2.0, 0.3], rtol=1e-12)
    np.testing.assert_allclose(zeta.mean(axis=0), [1.0, -2.0], atol=0.02)
    np.testing.assert_allclose(zeta.std(axis=0), [2.0, 0.3], rtol=0.01)


def test_loss_matches_plain_loops():
    rng = np.random.default_rng(5)
    for _ in range(20):
        x, mu, lv, eps = rng.normal(size=3), rng.normal(size=2), rng.normal(size=2), rng.normal(size=2)
        W = rng.normal(size=(3, 2))
        got = vae.vae_loss(x, mu, lv, eps, W)[0]
        assert math.isclose(got, loss_loops(x, mu, lv, eps, W.tolist()), rel_tol=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_through_the_sample_matches_central_differences(seed):
    rng = np.random.default_rng(seed)
    x, eps = rng.normal(size=3), rng.normal(size=2)
    W = rng.normal(size=(3, 2))
    mu0, lv0 = rng.normal(size=2), rng.normal(size=2)
    assert_gradient(lambda m: vae.vae_loss(x, m, lv0, eps, W)[0],
                    lambda m: vae.vae_loss_grad(x, m, lv0, eps, W)[0], mu0)
    assert_gradient(lambda v: vae.vae_loss(x, mu0, v, eps, W)[0],
                    lambda v: vae.vae_loss_grad(x, mu0, v, eps, W)[1], lv0)


def test_worked_example_gradient_matches_central_differences():
    args = (vae.EX_X, vae.EX_MU, vae.EX_LOG_VAR, vae.EX_EPS, vae.EX_W)
    assert_gradient(lambda m: vae.vae_loss(args[0], m, *args[2:])[0],
                    lambda m: vae.vae_loss_grad(args[0], m, *args[2:])[0], vae.EX_MU)
    assert_gradient(lambda v: vae.vae_loss(*args[:2], v, *args[3:])[0],
                    lambda v: vae.vae_loss_grad(*args[:2], v, *args[3:])[1], vae.EX_LOG_VAR)


def test_averaged_reparameterised_gradient_is_the_gradient_of_the_expected_loss():
    # Toy model: E_q[(x - zeta)^2 / 2] = ((x - mu)^2 + s^2) / 2, so with the KL the expected
    # loss is ((x - mu)^2 + s^2) / 2 + (mu^2 + s^2 - 1 - log s^2) / 2 + const.
    # Its derivative in mu is (mu - x) + mu; in log s^2 it is s^2 / 2 + (s^2 - 1) / 2.
    x, mu, s2 = 2.0, 0.3, 0.49
    eps = np.random.default_rng(11).standard_normal(20_000)
    grads = [vae.vae_loss_grad([x], [mu], [math.log(s2)], [e], [[1.0]]) for e in eps]
    g_mu = np.mean([g[0][0] for g in grads])
    g_lv = np.mean([g[1][0] for g in grads])
    assert abs(g_mu - ((mu - x) + mu)) < 0.03
    assert abs(g_lv - (s2 / 2 + (s2 - 1) / 2)) < 0.03


def test_training_steps_follow_central_differences_of_the_averaged_loss():
    # train_toy_encoder has its own hand-written gradient: replay its first steps (same
    # noise draws) with central differences of the averaged one-sample loss, written out.
    x, lr, draws, steps = 2.0, 0.1, 64, 3
    rng = np.random.default_rng(4)
    mu_lv = np.zeros(2)
    for _ in range(steps):
        eps = rng.standard_normal(draws)

        def avg_loss(p, eps=eps):
            zeta = p[0] + math.exp(p[1] / 2) * eps
            return float(np.mean(0.5 * (x - zeta) ** 2)) + 0.5 * (p[0] ** 2 + math.exp(p[1]) - 1 - p[1])

        mu_lv = mu_lv - lr * central_difference(avg_loss, mu_lv)
    mu, s = vae.train_toy_encoder(x, steps, lr, draws, through_sample=True, seed=4)
    np.testing.assert_allclose([mu, s], [mu_lv[0], math.exp(mu_lv[1] / 2)], rtol=1e-7)


def test_training_through_the_sample_finds_the_true_posterior():
    mu, s = vae.train_toy_encoder(2.0, 300, 0.1, 256, through_sample=True)
    assert abs(mu - 1.0) < 0.05 and abs(s - math.sqrt(0.5)) < 0.03
    mu, s = vae.train_toy_encoder(2.0, 300, 0.1, 256, through_sample=False)
    assert abs(mu) < 1e-9 and abs(s - 1.0) < 1e-9


# --------------------------------------------------------------------------
# The bound


def test_log_evidence_is_elbo_plus_kl_to_the_posterior():
    # Toy model: posterior N(x/2, 1/2) (Gaussian prior times Gaussian likelihood), evidence N(0, 2).
    x = 2.0
    for m, s in [(0.0, 1.0), (1.0, math.sqrt(0.5)), (-0.4, 2.5)]:
        gap = kl_by_integration(m, s, x / 2, math.sqrt(0.5))
        assert math.isclose(vae.toy_elbo(x, m, s) + gap, normal_logpdf(x, 0.0, math.sqrt(2.0)),
                            rel_tol=1e-6)


def test_best_spread_is_the_posteriors_for_every_mean():
    # The figure's caption: with the mean held anywhere, the ELBO is highest at s^2 = 1/2,
    # the posterior's variance (prior precision 1 plus likelihood precision 1 is 2).
    x, spreads = 2.0, np.linspace(0.3, 1.5, 1201)
    for m in (-1.0, 0.0, 1.0, 2.5):
        elbo = [-0.5 * LOG_2PI - ((x - m) ** 2 + s * s) / 2 - kl_by_integration(m, s, 0.0, 1.0, 20_001)
                for s in spreads]
        assert abs(spreads[int(np.argmax(elbo))] - math.sqrt(0.5)) < 1e-3
    check(vae.claims_figure(), {"solid curve s": math.sqrt(1 / (1 + 1)), "post s": math.sqrt(1 / (1 + 1))})


# --------------------------------------------------------------------------
# Transcripts against hand arithmetic


def test_worked_example_against_hand_arithmetic():
    # s = (0.5, 1); zeta = (0.5 + 0.5*0.4, -1 - 0.5) = (0.7, -1.5); W zeta = (1.4, 0.7 + 1.5).
    # recon = (0.16 + 0.04)/2 + log(2 pi); KL = (0.25 + 0.25 - 1 + log 4)/2 + (1 + 1 - 1)/2.
    kl = (0.25 + 0.25 - 1 + math.log(4)) / 2 + 0.5
    recon = 0.1 + LOG_2PI
    check(vae.worked_example(), {
        "s": [0.5, 1.0], "x_rec": [1.4, 2.2], "x - x_rec": [-0.4, -0.2],
        "zeta1": 0.7, "zeta2": -1.5, "half sum": 0.1, "const": LOG_2PI,
        "recon": each(recon, recon), "kl1": (math.log(4) - 0.5) / 2,
        "kl": each(kl, kl), "loss": recon + kl, "ELBO estimate": -(recon + kl),
        "g_zeta": each([1.0, -0.2], [1.0, -0.2]), "g_mu": [1.5, -1.2],
        "g_logvar1": 1.0 * 0.4 * 0.5 / 2 + (0.25 - 1) / 2, "g_logvar2": -0.2 * -0.5 / 2,
    })


def test_exercises_against_hand_arithmetic():
    check(vae.exercise_autoencoder(), {"code": each(2.0, 2.0, 2.0), "x_rec": [1.2, 1.6], "err": 1.0})
    check(vae.exercise_kl(), {"kl a": 0.5, "kl b": (0.25 - 1 + math.log(4)) / 2})
    check(vae.exercise_reparameterise(),
          {"zeta": 1.5 - 0.8 / math.e, "dzeta/dlogvar": -0.8 / math.e / 2})
    check(vae.exercise_one_dimension(),
          {"recon": 0.02 + 0.5 * LOG_2PI, "kl": 0.125, "loss": 0.145 + 0.5 * LOG_2PI})


def test_claims_against_independent_values():
    check(vae.claims_the_math(), {
        "log p(x)": normal_logpdf(2.0, 0, math.sqrt(2)),
        "sum": normal_logpdf(2.0, 0, math.sqrt(2)),
        "gap": each(*[near(kl_by_integration(0.0, 1.0, 1.0, math.sqrt(0.5)), rtol=1e-6)] * 2),
        "closed": (math.log(4) - 0.5) / 2,
    })
    t = vae.mistake_elbo_as_loss()
    assert dict(t)["ELBO bad"] < dict(t)["ELBO"] < dict(t)["ELBO good"]
    check(vae.claims_interview(), {"outputs": 64, "draws": 4096})
