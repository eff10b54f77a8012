"""Diffusion models, in NumPy: the noising chain, its closed form, the noise-prediction loss,
DDPM's reverse step, and an exact noise predictor for a 1-D mixture of two Gaussians.

Run ``python snippets/diffusion.py`` to print every worked example of the page
"Diffusion models"; ``python -m doctest snippets/diffusion.py`` runs the examples in the
docstrings.

Conventions: a schedule ``beta`` is an array of length T, and ``beta[t - 1]`` is beta_t for
the step numbers t = 1..T. ``alpha_bar(beta)`` has length T + 1: entry t is the product of
(1 - beta_i) for i = 1..t, and entry 0 is 1 (no noise yet). Where papers write alpha_t, this
code writes ``1 - beta[t - 1]``.
"""
import functools

import numpy as np

# --8<-- [start:schedule]

def linear_schedule(T=1000, beta_first=1e-4, beta_last=0.02):
    """beta_1..beta_T evenly spaced from beta_first to beta_last.

    >>> linear_schedule(3, 0.1, 0.3)
    array([0.1, 0.2, 0.3])
    """
    return np.linspace(beta_first, beta_last, T)


def alpha_bar(beta):
    """alpha_bar_t = product of (1 - beta_i) for i <= t; alpha_bar_0 = 1.

    >>> alpha_bar([0.1, 0.2]).round(4)
    array([1.  , 0.9 , 0.72])
    """
    beta = np.asarray(beta, dtype=float)
    if np.any(beta <= 0) or np.any(beta >= 1):
        raise ValueError("every beta_t must lie strictly between 0 and 1")
    return np.concatenate([[1.0], np.cumprod(1.0 - beta)])
# --8<-- [end:schedule]

# --8<-- [start:forward]

def forward_step(x_prev, beta_t, eps):
    """One noising step: x_t = sqrt(1 - beta_t) x_{t-1} + sqrt(beta_t) eps.

    >>> round(float(forward_step(2.0, 0.36, 0.5)), 12)
    1.9
    """
    return np.sqrt(1.0 - beta_t) * x_prev + np.sqrt(beta_t) * eps


def run_chain(x0, beta, t, rng):
    """x_t by running t noising steps one by one, a fresh draw each step."""
    x = np.array(x0, dtype=float)
    for i in range(1, t + 1):
        x = forward_step(x, beta[i - 1], rng.standard_normal(x.shape))
    return x


def q_sample(x0, abar_t, eps):
    """Jump straight to step t: x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps.

    >>> round(float(q_sample(2.0, 0.64, -0.5)), 12)
    1.3
    """
    return np.sqrt(abar_t) * x0 + np.sqrt(1.0 - abar_t) * eps
# --8<-- [end:forward]

# --8<-- [start:loss]

def noise_loss(eps, eps_pred):
    """The training loss of one example: || eps - eps_theta(x_t, t) ||^2.

    >>> noise_loss([0.5, -1.0], [0.2, -0.6])
    0.25
    """
    diff = np.asarray(eps, dtype=float) - np.asarray(eps_pred, dtype=float)
    return round(float(np.sum(diff ** 2)), 15)
# --8<-- [end:loss]

# --8<-- [start:reverse]

def posterior(x0, xt, t, beta):
    """Mean and variance of q(x_{t-1} | x_t, x_0): the step back, x_0 known.

    mean = sqrt(abar_{t-1}) beta_t / (1 - abar_t) x_0
           + sqrt(1 - beta_t) (1 - abar_{t-1}) / (1 - abar_t) x_t
    var  = (1 - abar_{t-1}) / (1 - abar_t) beta_t
    """
    ab = alpha_bar(beta)
    b = beta[t - 1]
    mean = (np.sqrt(ab[t - 1]) * b * x0
            + np.sqrt(1.0 - b) * (1.0 - ab[t - 1]) * xt) / (1.0 - ab[t])
    return mean, (1.0 - ab[t - 1]) / (1.0 - ab[t]) * b


def reverse_mean(xt, eps_pred, t, beta):
    """DDPM's mean, the exact step back's mean with x_0 estimated from the
    guessed noise: (x_t - beta_t / sqrt(1 - abar_t) eps_pred) / sqrt(1 - beta_t)
    """
    ab = alpha_bar(beta)
    b = beta[t - 1]
    return (xt - b / np.sqrt(1.0 - ab[t]) * eps_pred) / np.sqrt(1.0 - b)


def reverse_std(t, beta):
    """s_t = sqrt((1 - abar_{t-1}) / (1 - abar_t) beta_t); zero at t = 1.

    >>> float(reverse_std(2, [0.1, 0.2]).round(4))
    0.2673
    """
    ab = alpha_bar(beta)
    return np.sqrt((1.0 - ab[t - 1]) / (1.0 - ab[t]) * beta[t - 1])


def reverse_step(xt, eps_pred, t, beta, eps):
    """One sampling step: x_{t-1} = mean + s_t eps, eps a fresh normal draw."""
    return reverse_mean(xt, eps_pred, t, beta) + reverse_std(t, beta) * eps
# --8<-- [end:reverse]

# --8<-- [start:exact]

def mixture_eps(x, abar_t, centres, s, weights):
    """The best possible noise predictor E[eps | x_t] when the data are a 1-D
    mixture of Gaussians (means ``centres``, one standard deviation ``s``,
    mixing ``weights``).

    At step t each bump k is N(sqrt(abar) mu_k, v), v = abar s^2 + 1 - abar, and
    E[eps | x_t] = sqrt(1 - abar) * sum_k r_k (x - sqrt(abar) mu_k) / v,
    r_k being the chance that x came from bump k.

    One point (s = 0) gives the noise exactly:

    >>> float(mixture_eps(1.3, 0.64, [2.0], 0.0, [1.0]).round(6))
    -0.5
    """
    x = np.asarray(x, dtype=float)[..., None]
    m = np.sqrt(abar_t) * np.asarray(centres, dtype=float)
    v = abar_t * s ** 2 + 1.0 - abar_t
    logr = np.log(np.asarray(weights, dtype=float)) - (x - m) ** 2 / (2 * v)
    r = np.exp(logr - logr.max(axis=-1, keepdims=True))
    r /= r.sum(axis=-1, keepdims=True)
    return np.sqrt(1.0 - abar_t) * np.sum(r * (x - m), axis=-1) / v


def sample(n, beta, eps_fn, rng, noise=True, keep=(0,)):
    """Run the reverse chain from x_T ~ N(0, 1) down to x_0 for n samples.

    eps_fn(x, t) is the noise predictor. Returns {t: x_t} for t in ``keep``.
    """
    T = len(beta)
    x = rng.standard_normal(n)
    kept = {T: x} if T in keep else {}
    for t in range(T, 0, -1):
        z = rng.standard_normal(n) if noise else 0.0
        x = reverse_step(x, eps_fn(x, t), t, beta, z)
        if t - 1 in keep:
            kept[t - 1] = x
    return kept
# --8<-- [end:exact]


# --- The page's data and schedules ------------------------------------------------

EX_BETA = np.array([0.1, 0.2, 0.3, 0.4])    # a four-step toy schedule for hand work
EX_X0, EX_T = 1.5, 3
EX_EPS = 0.8             # the printed noise draw used to make x_3
EX_EPS_PRED = 0.5        # what the (imagined) trained network predicts from x_3
EX_Z = -0.3              # the printed fresh draw of the sampling step

CENTRES, SPREAD, WEIGHTS = np.array([-2.0, 2.0]), 0.5, np.array([0.5, 0.5])
N_SAMPLES = 20_000
CHAIN_N, CHAIN_T = 100_000, 300


def exact_eps(beta):
    """The exact noise predictor of the two-bump data, as a function eps(x, t)."""
    ab = alpha_bar(beta)
    return lambda x, t: mixture_eps(x, ab[t], CENTRES, SPREAD, WEIGHTS)


def mixture_density(x, abar_t):
    """q(x_t): the data's two bumps, shrunk by sqrt(abar_t) and widened by the noise."""
    x = np.asarray(x, dtype=float)[..., None]
    m = np.sqrt(abar_t) * CENTRES
    v = abar_t * SPREAD ** 2 + 1.0 - abar_t
    return np.sum(WEIGHTS * np.exp(-(x - m) ** 2 / (2 * v)) / np.sqrt(2 * np.pi * v), axis=-1)


FIGURE_STEPS = (1000, 300, 100, 0)


@functools.lru_cache(maxsize=4)
def reverse_samples(noise=True, seed=1):
    """The reverse chain with the exact predictor on the linear schedule: {t: x_t} at the
    figure's steps. Cached (the same seed gives the same samples); do not modify the arrays."""
    beta = linear_schedule()
    return sample(N_SAMPLES, beta, exact_eps(beta), np.random.default_rng(seed), noise=noise,
                  keep=FIGURE_STEPS)


def right_mode_stats(x):
    """Share of samples right of zero, and the mean and standard deviation of those."""
    right = x[x > 0]
    return len(right) / len(x), right.mean(), right.std()


# --- Transcripts ------------------------------------------------------------------

def worked_example():
    """Four-step schedule: alpha_bar, one training example, one sampling step.

    The entries follow the page's reading order; ``one`` is the 1 of a written 1 - beta.
    """
    beta, t = EX_BETA, EX_T
    ab = alpha_bar(beta)
    one = ("one", 1)
    tr = [("beta", beta), ("T", len(beta)), one, ("1-beta", 1 - beta)]
    # alpha_bar, one factor at a time.
    tr += [("abar_1", ab[1]), ("abar_1", ab[1]), ("1-beta_2", 1 - beta[1]), ("abar_2", ab[2]),
           ("abar_2", ab[2]), ("1-beta_3", 1 - beta[2]), ("abar_3", ab[3]),
           ("abar_3", ab[3]), ("1-beta_4", 1 - beta[3]), ("abar_4", ab[4])]
    # Training: noise x_0 to step 3 in one jump, score a prediction.
    xt = q_sample(EX_X0, ab[t], EX_EPS)
    tr += [("x0", EX_X0), ("t", t), ("eps", EX_EPS),
           ("abar_3", ab[t]), ("sqrt abar_3", np.sqrt(ab[t])),
           one, ("1-abar_3", 1 - ab[t]), ("sqrt(1-abar_3)", np.sqrt(1 - ab[t])),
           ("sqrt abar_3", np.sqrt(ab[t])), ("x0", EX_X0), ("sqrt(1-abar_3)", np.sqrt(1 - ab[t])),
           ("eps", EX_EPS), ("signal", np.sqrt(ab[t]) * EX_X0),
           ("noise", np.sqrt(1 - ab[t]) * EX_EPS), ("x_3", xt)]
    loss = noise_loss(EX_EPS, EX_EPS_PRED)
    tr += [("eps_pred", EX_EPS_PRED), ("eps", EX_EPS), ("eps_pred", EX_EPS_PRED),
           ("diff", EX_EPS - EX_EPS_PRED), ("loss", loss)]
    # Sampling: one reverse step from x_3 with the network's prediction.
    b = beta[t - 1]
    coef = b / np.sqrt(1 - ab[t])
    mean = reverse_mean(xt, EX_EPS_PRED, t, beta)
    var = (1 - ab[t - 1]) / (1 - ab[t]) * b
    s = reverse_std(t, beta)
    x_prev = reverse_step(xt, EX_EPS_PRED, t, beta, EX_Z)
    tr += [one, ("beta_3", b), ("sqrt(1-abar_3)", np.sqrt(1 - ab[t])), ("coef", coef),
           ("coef", coef), ("eps_pred", EX_EPS_PRED), ("1-beta_3", 1 - b),
           ("x_3", xt), ("coef*eps_pred", coef * EX_EPS_PRED), ("sqrt(1-beta_3)", np.sqrt(1 - b)),
           ("mean", mean)]
    tr += [("abar_2", ab[t - 1]), ("abar_3", ab[t]), ("beta_3", b),
           ("1-abar_2", 1 - ab[t - 1]), ("1-abar_3", 1 - ab[t]), ("beta_3", b),
           ("s_3^2", var), ("s_3", s)]
    tr += [("z", EX_Z), ("mean", mean), ("s_3", s), ("z", EX_Z), ("x_2", x_prev)]
    # Check: with the true noise the mean is the posterior mean of q(x_2 | x_3, x_0).
    post_mean, _ = posterior(EX_X0, xt, t, beta)
    tr += [("eps", EX_EPS), ("mean true eps", reverse_mean(xt, EX_EPS, t, beta)),
           ("x0", EX_X0), ("posterior mean", post_mean)]
    return tr


@functools.lru_cache(maxsize=4)
def chain_statistics(beta=None, t=CHAIN_T, n=CHAIN_N, x0=EX_X0, seed=0):
    """Run the chain step by step for n copies of x_0: sample mean and variance at step t."""
    beta = linear_schedule() if beta is None else np.asarray(beta)
    x = run_chain(np.full(n, x0), beta, t, np.random.default_rng(seed))
    return x.mean(), x.var()


def claims_closed_form():
    """The statistical check of the closed form on the linear schedule (its ends and T, and
    the 1 of 1 - alpha_bar, are givens of the page)."""
    beta = linear_schedule()
    ab = alpha_bar(beta)
    t = CHAIN_T
    m, v = chain_statistics()
    se_mean = np.sqrt((1 - ab[t]) / CHAIN_N)
    return [("n", CHAIN_N), ("x0", EX_X0), ("t", t), ("mean", m), ("var", v),
            ("abar_t", ab[t]), ("x0", EX_X0), ("predicted mean", np.sqrt(ab[t]) * EX_X0),
            ("predicted var", 1 - ab[t]), ("standard error", se_mean),
            ("abar_T", ab[-1]), ("sqrt abar_T", np.sqrt(ab[-1]))]


def mistake_adding_variances():
    """Summing the betas as if every step's noise survived: wrong at step 300 and at T."""
    beta = linear_schedule()
    ab = alpha_bar(beta)
    t = CHAIN_T
    _, v = chain_statistics()
    one = ("one", 1)
    return [("t", t), ("sum beta", beta[:t].sum()), ("measured var", v),
            one, ("1-abar_t", 1 - ab[t]), ("T", len(beta)), ("sum beta T", beta.sum()),
            one, ("1-abar_T", 1 - ab[-1])]


def claims_figure():
    """Numbers in "Coming back" and the figure's alt text (2, 0 and 1000 are givens)."""
    share, mean, sd = right_mode_stats(reverse_samples()[0])
    alt = [("n", N_SAMPLES), ("left bump", CENTRES[0]), ("spread", SPREAD),
           ("step", FIGURE_STEPS[2]), ("step", FIGURE_STEPS[1])]
    return ([("left bump", CENTRES[0]), ("spread", SPREAD), ("n", N_SAMPLES)] + alt + alt
            + [("step", FIGURE_STEPS[1]), ("step", FIGURE_STEPS[1]),
               ("share right", share), ("mean right", mean), ("sd right", sd),
               ("spread", SPREAD)])


def mistake_no_sampling_noise():
    """Sampling with the mean alone (s_t = 0): the samples bunch up in a narrow heap."""
    share, mean, sd = right_mode_stats(reverse_samples(noise=False)[0])
    _, mean_ok, sd_ok = right_mode_stats(reverse_samples()[0])
    return [("sd no noise", sd), ("spread", SPREAD), ("mean no noise", mean),
            ("sd with noise", sd_ok)]


# --- Exercises --------------------------------------------------------------------

def exercise_alpha_bar():
    """Two steps with beta = 0.1 and 0.2: alpha_bar and the two standard deviations."""
    beta = np.array([0.1, 0.2])
    ab = alpha_bar(beta)
    return [("exercise", 1), ("beta", beta), ("one", 1), ("1-beta", 1 - beta),
            ("abar_2", ab[2]), ("abar_2", ab[2]), ("sqrt abar_2", np.sqrt(ab[2])),
            ("1-abar_2", 1 - ab[2]), ("1-abar_2", 1 - ab[2]),
            ("sqrt(1-abar_2)", np.sqrt(1 - ab[2]))]


def exercise_noise_and_undo():
    """x_t from x_0 = 2, abar = 0.64, eps = -0.5; then x_0 back from x_t and eps."""
    x0, ab, eps = 2.0, 0.64, -0.5
    xt = q_sample(x0, ab, eps)
    back = (xt - np.sqrt(1 - ab) * eps) / np.sqrt(ab)
    return [("exercise", 2), ("x0", x0), ("abar", ab), ("eps", eps),
            ("sqrt abar", np.sqrt(ab)), ("one", 1), ("sqrt(1-abar)", np.sqrt(1 - ab)),
            ("sqrt abar", np.sqrt(ab)), ("x0", x0), ("sqrt(1-abar)", np.sqrt(1 - ab)),
            ("eps", eps), ("x_t", xt),
            ("x_t", xt), ("sqrt(1-abar)", np.sqrt(1 - ab)), ("eps", eps),
            ("sqrt abar", np.sqrt(ab)), ("x0 back", back)]


def exercise_loss():
    """The loss of one two-entry prediction."""
    eps, pred = np.array([0.5, -1.0]), np.array([0.2, -0.6])
    d = eps - pred
    return [("exercise", 3), ("eps", eps), ("eps_pred", pred), ("diff", d),
            ("squares", d ** 2), ("loss", noise_loss(eps, pred))]


def exercise_last_step():
    """The last step, t = 1: s_1 = 0, so x_0 is the mean alone."""
    beta = np.array([0.1, 0.2])
    xt, pred = 0.5, 1.0
    ab = alpha_bar(beta)
    coef = beta[0] / np.sqrt(1 - ab[1])
    return [("exercise", 4), ("beta", beta), ("x_1", xt), ("eps_pred", pred),
            ("t", 1), ("abar_1", ab[1]), ("one", 1), ("sqrt(1-abar_1)", np.sqrt(1 - ab[1])),
            ("beta_1", beta[0]), ("sqrt(1-abar_1)", np.sqrt(1 - ab[1])), ("coef", coef),
            ("s_1", reverse_std(1, beta)), ("abar_0", ab[0]),
            ("x_1", xt), ("coef", coef), ("eps_pred", pred), ("1-beta_1", 1 - beta[0]),
            ("x_0", reverse_step(xt, pred, 1, beta, 0.0))]


# --- Interview answers --------------------------------------------------------------

def claims_interview():
    """Numbers stated in the interview answers, in reading order."""
    beta = linear_schedule()
    ab = alpha_bar(beta)
    ms = 50                                  # 50 ms per network call: an assumed speed
    return [("abar_T", ab[-1]), ("sqrt abar_T", np.sqrt(ab[-1])),
            ("ms", ms), ("ms", ms), ("seconds", len(beta) * ms / 1000)]


EXAMPLES = (worked_example,)
EXERCISES = (exercise_alpha_bar, exercise_noise_and_undo, exercise_loss, exercise_last_step)
TRANSCRIPTS = (claims_closed_form, mistake_adding_variances, claims_figure,
               mistake_no_sampling_noise, claims_interview)


def main():
    """Print each transcript, worked examples first, one (name, value) a line."""
    for transcript in EXAMPLES + EXERCISES + TRANSCRIPTS:
        rows = (f"  {name} = {np.round(np.asarray(value, dtype=float), 5).tolist()}"
                for name, value in transcript())
        print(f"# {transcript.__name__}", *rows, "", sep="\n")


if __name__ == "__main__":
    main()
