"""Autoencoders and variational autoencoders, in NumPy.

Run ``python snippets/autoencoders_and_vaes.py`` to print every worked example of
the page "Autoencoders and variational autoencoders"; ``python -m doctest
snippets/autoencoders_and_vaes.py`` runs the examples in the docstrings.

Conventions: one example at a time. The encoder's outputs are a mean vector
``mu`` and a log-variance vector ``log_var`` (one entry per latent dimension),
so the standard deviation is ``s = exp(log_var / 2)``. The prior is the
standard normal N(0, I). The decoder is linear, ``x_rec = W @ zeta``, and its
distribution p(x | zeta) is a Gaussian with mean ``x_rec`` and variance one in
every coordinate. Noise ``eps`` is passed in, so every sample can be followed
on paper. Logarithms are natural.
"""
import math

import numpy as np

from probability import gaussian_log_pdf, toy_elbo, toy_log_evidence

# --8<-- [start:autoencoder]

def autoencode(x, W_enc, W_dec):
    """A linear autoencoder: code = W_enc @ x, reconstruction = W_dec @ code.

    Returns (code, reconstruction, squared error).

    >>> code, x_rec, err = autoencode([2.0, 1.0], [[0.6, 0.8]], [[0.6], [0.8]])
    >>> code.round(4).tolist(), x_rec.round(4).tolist(), round(err, 4)
    ([2.0], [1.2, 1.6], 1.0)
    """
    x = np.asarray(x, dtype=float)
    code = np.asarray(W_enc, dtype=float) @ x
    x_rec = np.asarray(W_dec, dtype=float) @ code
    return code, x_rec, float(np.sum((x - x_rec) ** 2))
# --8<-- [end:autoencoder]

# --8<-- [start:kl]

def kl_to_standard_normal(mu, log_var):
    """KL( N(mu, s^2) || N(0, 1) ), summed over dimensions, in closed form:
    sum of (mu^2 + s^2 - 1 - log s^2) / 2, with log_var = log s^2.

    >>> round(kl_to_standard_normal([1.0], [0.0]), 4)
    0.5
    >>> kl_to_standard_normal([0.0, 0.0], [0.0, 0.0])   # q is the prior
    0.0
    """
    mu = np.asarray(mu, dtype=float)
    log_var = np.asarray(log_var, dtype=float)
    return float(0.5 * np.sum(mu ** 2 + np.exp(log_var) - 1.0 - log_var))


def kl_monte_carlo(mu, s, n, seed=0):
    """Estimate KL( N(mu, s^2) || N(0, 1) ) from n samples of q:
    the average of log q(zeta) - log p(zeta)."""
    zeta = mu + s * np.random.default_rng(seed).standard_normal(n)
    log_q, log_p = gaussian_log_pdf(zeta, mu, s), gaussian_log_pdf(zeta)
    return float(np.mean(log_q - log_p))


def kl_gaussians(m1, s1, m2, s2):
    """KL( N(m1, s1^2) || N(m2, s2^2) ) for one dimension:
    log(s2 / s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2."""
    if s1 <= 0 or s2 <= 0:
        raise ValueError(f"standard deviations must be positive: {s1}, {s2}")
    return math.log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - 0.5
# --8<-- [end:kl]

# --8<-- [start:reparameterise]

def reparameterise(mu, log_var, eps):
    """zeta = mu + s * eps with s = exp(log_var / 2); returns (zeta, s).

    >>> zeta, s = reparameterise([0.5], [0.0], [0.3])
    >>> zeta.round(4).tolist(), s.tolist()
    ([0.8], [1.0])
    """
    s = np.exp(0.5 * np.asarray(log_var, dtype=float))
    return np.asarray(mu, dtype=float) + s * np.asarray(eps, dtype=float), s
# --8<-- [end:reparameterise]

# --8<-- [start:loss]

def vae_loss(x, mu, log_var, eps, W):
    """One-sample VAE loss of one example, -ELBO = reconstruction + KL.

    reconstruction = -log N(x; W zeta, I)
                   = ||x - W zeta||^2 / 2 + (d / 2) log(2 pi).
    Returns (loss, reconstruction, KL).
    """
    x = np.asarray(x, dtype=float)
    zeta, _ = reparameterise(mu, log_var, eps)
    x_rec = np.asarray(W, dtype=float) @ zeta
    recon = float(-np.sum(gaussian_log_pdf(x, x_rec, 1.0)))
    kl = kl_to_standard_normal(mu, log_var)
    return recon + kl, recon, kl


def vae_loss_grad(x, mu, log_var, eps, W):
    """(dL/dmu, dL/dlog_var) of ``vae_loss``, by the chain rule through zeta.

    dL/dzeta  = W^T (x_rec - x)
    dL/dmu    = dL/dzeta + mu                    (dzeta/dmu = 1)
    dL/dlogv  = dL/dzeta * eps * s / 2 + (s^2 - 1) / 2
                                      (dzeta/dlog_var = eps * s / 2)
    """
    W = np.asarray(W, dtype=float)
    zeta, s = reparameterise(mu, log_var, eps)
    g_zeta = W.T @ (W @ zeta - np.asarray(x, dtype=float))
    g_mu = g_zeta + np.asarray(mu, dtype=float)
    g_log_var = g_zeta * np.asarray(eps, dtype=float) * s / 2 + (s ** 2 - 1) / 2
    return g_mu, g_log_var
# --8<-- [end:loss]

# --8<-- [start:train]

def train_toy_encoder(x, steps, lr, draws, through_sample=True, seed=0):
    """Fit q = N(mu, s^2) to the toy model (prior N(0, 1), decoder
    x | zeta ~ N(zeta, 1)) by stochastic gradient descent on -ELBO,
    parameters (mu, log s^2), ``draws`` noise draws a step.

    through_sample=False treats each sample zeta as a constant (the
    mistake): only the KL's gradient is left. Returns the final (mu, s).
    """
    rng = np.random.default_rng(seed)
    mu, log_var = 0.0, 0.0
    for _ in range(steps):
        eps = rng.standard_normal(draws)
        s = math.exp(0.5 * log_var)
        zeta = mu + s * eps
        g_zeta = zeta - x                    # d/dzeta of (x - zeta)^2 / 2
        if not through_sample:
            g_zeta = np.zeros_like(g_zeta)   # the sample carries no gradient
        g_mu = np.mean(g_zeta) + mu
        g_log_var = np.mean(g_zeta * eps) * s / 2 + (s * s - 1) / 2
        mu, log_var = mu - lr * g_mu, log_var - lr * g_log_var
    return mu, math.exp(0.5 * log_var)
# --8<-- [end:train]


def descend_on_encoder(x, mu, log_var, eps, W, sign, steps, lr):
    """Gradient descent on sign * (-ELBO) over (mu, log_var), the decoder and
    the noise held fixed. sign = +1 minimises the loss (right); sign = -1
    minimises the ELBO itself (the mistake). Returns the final vae_loss."""
    mu, log_var = np.asarray(mu, dtype=float), np.asarray(log_var, dtype=float)
    for _ in range(steps):
        g_mu, g_log_var = vae_loss_grad(x, mu, log_var, eps, W)
        mu, log_var = mu - lr * sign * g_mu, log_var - lr * sign * g_log_var
    return vae_loss(x, mu, log_var, eps, W)


# ---------------------------------------------------------------------------
# The page's inputs.

EX_X = np.array([1.0, 2.0])
EX_MU = np.array([0.5, -1.0])
EX_VAR = np.array([0.25, 1.0])
EX_LOG_VAR = np.log(EX_VAR)
EX_EPS = np.array([0.4, -0.5])
EX_W = np.array([[2.0, 0.0], [1.0, -1.0]])
MC_SAMPLES = (100, 10_000, 1_000_000)
TOY_X = 2.0
TOY_STEPS, TOY_LR, TOY_DRAWS = 300, 0.1, 256
SIGN_STEPS, SIGN_LR = 10, 0.1

# ---------------------------------------------------------------------------
# The page's transcripts: the numbers each block states, in reading order.


def worked_example():
    """One example through a VAE: sample, reconstruct, loss, and the gradient."""
    x, mu, log_var, eps, W = EX_X, EX_MU, EX_LOG_VAR, EX_EPS, EX_W
    zeta, s = reparameterise(mu, log_var, eps)
    x_rec = W @ zeta
    diff = x - x_rec
    loss, recon, kl = vae_loss(x, mu, log_var, eps, W)
    kl_each = 0.5 * (mu ** 2 + s ** 2 - 1 - log_var)
    half_sq = 0.5 * float(diff @ diff)
    const = len(x) / 2 * math.log(2 * math.pi)
    g_mu, g_log_var = vae_loss_grad(x, mu, log_var, eps, W)
    g_zeta = W.T @ (x_rec - x)
    t = [("x", x), ("mu", mu), ("log var", log_var), ("var 1", EX_VAR[0]), ("eps", eps), ("W", W)]
    # s = exp(log_var / 2), zeta = mu + s * eps
    t += [("s", s), ("var 1", EX_VAR[0]),
          ("mu1", mu[0]), ("s1", s[0]), ("eps1", eps[0]), ("zeta1", zeta[0]),
          ("mu2", mu[1]), ("s2", s[1]), ("eps2", eps[1]), ("zeta2", zeta[1])]
    # decoder, reconstruction term
    t += [("x_rec", x_rec), ("x - x_rec", diff),
          ("diff^2", diff ** 2), ("half sum", half_sq), ("d", len(x)), ("const", const),
          ("recon", recon)]
    # KL, one dimension at a time
    t += [("mu1^2", mu[0] ** 2), ("s1^2", s[0] ** 2), ("log var 1", log_var[0]),
          ("kl1", kl_each[0]),
          ("mu2^2", mu[1] ** 2), ("s2^2", s[1] ** 2), ("log var 2", log_var[1]), ("kl2", kl_each[1]),
          ("kl", kl), ("recon", recon), ("kl", kl), ("loss", loss), ("ELBO estimate", -loss)]
    # the gradient
    t += [("x_rec - x", -diff), ("x_rec - x", -diff), ("g_zeta", g_zeta),
          ("g_zeta", g_zeta), ("mu", mu), ("g_mu", g_mu)]
    t += [("g_zeta1", g_zeta[0]), ("eps1", eps[0]), ("s1", s[0]), ("s1^2", s[0] ** 2),
          ("g_logvar1", g_log_var[0]),
          ("g_zeta2", g_zeta[1]), ("eps2", eps[1]), ("s2", s[1]), ("s2^2", s[1] ** 2),
          ("g_logvar2", g_log_var[1]), ("prior s", 1)]
    return t


def claims_the_math():
    """Numbers stated in The math (givens such as x = 2 left out): the toy model's bound,
    and the closed-form KL against sampling for the worked example's first entry."""
    x = TOY_X
    elbo0 = toy_elbo(x, 0.0, 1.0)                        # encoder = prior: mu = 0, s = 1
    gap0 = kl_gaussians(0.0, 1.0, x / 2, math.sqrt(0.5))  # KL to the posterior N(1, 0.5)
    t = [("log p(x)", toy_log_evidence(x)), ("ELBO", elbo0), ("gap", gap0),
         ("ELBO", elbo0), ("gap", gap0), ("sum", elbo0 + gap0)]
    s1 = math.sqrt(EX_VAR[0])
    t += [("closed", kl_to_standard_normal([EX_MU[0]], [EX_LOG_VAR[0]]))]
    for n in MC_SAMPLES:
        t += [("n", n), ("estimate", kl_monte_carlo(EX_MU[0], s1, n))]
    return t


def claims_log_variance():
    """Numbers of the log-variance paragraph."""
    return [("log var", -20.0), ("s", math.exp(-10.0)), ("log var", 20.0), ("s", math.exp(10.0))]


def claims_figure():
    """The figure's alt text (light, dark) and caption: the true posterior's standard
    deviation, the spread of the solid ELBO curve and where training settles."""
    post_s = math.sqrt(0.5)
    alt = [("solid curve s", post_s), ("post s", post_s)]
    return alt + alt + [("solid curve s", post_s)]


def mistake_elbo_as_loss():
    """Minimising the ELBO (the mistake) and -ELBO (right) on the worked example's encoder."""
    args = (EX_X, EX_MU, EX_LOG_VAR, EX_EPS, EX_W)
    start = vae_loss(*args)
    bad = descend_on_encoder(*args, -1, SIGN_STEPS, SIGN_LR)
    good = descend_on_encoder(*args, +1, SIGN_STEPS, SIGN_LR)
    return [("ELBO", -start[0]), ("steps", SIGN_STEPS), ("lr", SIGN_LR),
            ("recon bad", bad[1]), ("recon start", start[1]),
            ("kl bad", bad[2]), ("kl start", start[2]), ("ELBO bad", -bad[0]),
            ("ELBO good", -good[0])]


def mistake_sample_as_constant():
    """Blocking the gradient through the sample: q falls back to the prior."""
    good = train_toy_encoder(TOY_X, TOY_STEPS, TOY_LR, TOY_DRAWS, through_sample=True)
    bad = train_toy_encoder(TOY_X, TOY_STEPS, TOY_LR, TOY_DRAWS, through_sample=False)
    return [("x", TOY_X), ("steps", TOY_STEPS), ("draws", TOY_DRAWS), ("lr", TOY_LR),
            ("bad mu", bad[0]), ("bad s", bad[1]), ("prior mean", 0), ("prior s", 1),
            ("good mu", good[0]), ("good s", good[1]),
            ("post mean", TOY_X / 2), ("post s", math.sqrt(0.5))]


def exercise_autoencoder():
    """A one-number code for a two-number input."""
    code, x_rec, err = autoencode([2.0, 1.0], [[0.6, 0.8]], [[0.6], [0.8]])
    diff = np.array([2.0, 1.0]) - x_rec
    return [("exercise", 1), ("x", [2.0, 1.0]), ("w", [0.6, 0.8]), ("code", code[0]),
            ("x1", 2.0), ("w1", 0.6), ("x2", 1.0), ("w2", 0.8), ("code", code[0]),
            ("code", code[0]), ("w", [0.6, 0.8]), ("x_rec", x_rec), ("diff", diff),
            ("diff^2", diff ** 2), ("err", err), ("w", [0.6, 0.8])]


def exercise_kl():
    """Two closed-form KLs to the prior."""
    a = kl_to_standard_normal([1.0], [0.0])
    b = kl_to_standard_normal([0.0], [math.log(0.25)])
    return [("exercise", 2), ("mu", 1.0), ("s", 1.0), ("mu", 0.0), ("s", 0.5),
            ("mu^2", 1.0), ("s^2", 1.0), ("log s^2", 0.0), ("kl a", a),
            ("mu^2", 0.0), ("s^2", 0.25), ("log s^2", math.log(0.25)),
            ("s^2", 0.25), ("-log s^2", -math.log(0.25)),
            ("inside", 0.25 - 1 - math.log(0.25)), ("kl b", b)]


def exercise_reparameterise():
    """One sample and its three slopes."""
    mu, log_var, eps = 1.5, -2.0, -0.8
    zeta, s = reparameterise([mu], [log_var], [eps])
    return [("exercise", 3), ("mu", mu), ("log var", log_var), ("eps", eps),
            ("s", s[0]), ("mu", mu), ("s", s[0]), ("eps", eps), ("zeta", zeta[0]),
            ("dzeta/dmu", 1), ("dzeta/ds", eps),
            ("eps", eps), ("s", s[0]), ("dzeta/dlogvar", eps * s[0] / 2)]


def exercise_one_dimension():
    """The loss of one example with a one-number code and decoder x_rec = zeta."""
    x, mu, log_var, eps = 1.0, 0.5, 0.0, 0.3
    loss, recon, kl = vae_loss([x], [mu], [log_var], [eps], [[1.0]])
    zeta = mu + eps
    return [("exercise", 4), ("x", x), ("mu", mu), ("log var", log_var), ("eps", eps),
            ("const", 0.5 * math.log(2 * math.pi)), ("s", 1.0), ("zeta", zeta), ("x_rec", zeta),
            ("x - x_rec", x - zeta), ("half square", 0.5 * (x - zeta) ** 2),
            ("half square", 0.5 * (x - zeta) ** 2), ("const", 0.5 * math.log(2 * math.pi)),
            ("recon", recon), ("mu^2", mu * mu), ("kl", kl), ("loss", loss)]


def claims_interview():
    """Numbers stated in the interview answers."""
    latent, batch = 32, 128
    return [("latent", latent), ("batch", batch),
            ("latent", latent), ("outputs", 2 * latent), ("batch", batch), ("batch", batch),
            ("latent", latent), ("draws", batch * latent), ("latent", latent)]


EXAMPLES = (worked_example,)
EXERCISES = (exercise_autoencoder, exercise_kl, exercise_reparameterise, exercise_one_dimension)
TRANSCRIPTS = (claims_the_math, claims_log_variance, mistake_elbo_as_loss, claims_figure,
               mistake_sample_as_constant, claims_interview)


def main():
    """Print each transcript, worked examples first, one (name, value) a line."""
    for transcript in EXAMPLES + EXERCISES + TRANSCRIPTS:
        rows = (f"  {name} = {np.round(np.asarray(value, dtype=float), 5).tolist()}"
                for name, value in transcript())
        print(f"# {transcript.__name__}", *rows, "", sep="\n")


if __name__ == "__main__":
    main()
