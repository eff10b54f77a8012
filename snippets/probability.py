"""Probability and information, in NumPy.

Run ``python snippets/probability.py`` to print the worked examples of the page
"Probability and information"; ``python -m doctest snippets/probability.py``
runs the examples in the docstrings.

Conventions: a discrete distribution is a 1-D array of probabilities that are
non-negative and add up to one; logarithms are natural (results in nats)
unless ``base=2`` asks for bits; 0 * log 0 counts as 0 throughout.
"""
import heapq
import math

import numpy as np

# --8<-- [start:distributions]

def as_distribution(p, name="p"):
    """``p`` as a 1-D float array, checked: entries >= 0 that add up to 1.

    >>> as_distribution([0.5, 0.6])
    Traceback (most recent call last):
    ValueError: p must be probabilities >= 0 adding up to 1, got [0.5 0.6]
    """
    p = np.asarray(p, dtype=float)
    if p.ndim != 1 or not (np.all(p >= 0) and abs(p.sum() - 1) < 1e-9):
        raise ValueError(f"{name} must be probabilities >= 0 adding up to 1, "
                         f"got {p}")
    return p


def bernoulli_pmf(x, theta):
    """P(X = x) = theta^x (1 - theta)^(1 - x) for x in {0, 1}.

    >>> float(bernoulli_pmf(1, 0.7)), round(float(bernoulli_pmf(0, 0.7)), 10)
    (0.7, 0.3)
    >>> bernoulli_pmf(np.array([1, 0, 1]), 0.7)   # one value per outcome
    array([0.7, 0.3, 0.7])
    """
    x = np.asarray(x)
    if not (0 <= theta <= 1 and np.all((x == 0) | (x == 1))):
        raise ValueError(f"need theta in [0, 1] and x in {{0, 1}}, got "
                         f"theta={theta}, x={x}")
    return np.where(x == 1, theta, 1.0 - theta)[()]


def categorical_pmf(k, p):
    """P(X = k) = p[k] for a categorical variable with classes 0 .. K-1.

    >>> float(categorical_pmf(2, [0.5, 0.25, 0.25]))
    0.25
    """
    p = as_distribution(p)
    if not 0 <= k < p.size:
        raise ValueError(f"class {k} does not exist: there are {p.size} "
                         f"classes, 0 to {p.size - 1}")
    return p[k]


def gaussian_pdf(x, mu=0.0, sigma=1.0):
    """Density of the normal distribution N(mu, sigma^2) at x.

    >>> round(float(gaussian_pdf(0.0)), 4)   # peak of the standard normal
    0.3989
    >>> round(float(gaussian_pdf(2.0, mu=1.0, sigma=2.0)), 4)
    0.176
    """
    if sigma <= 0:
        raise ValueError(f"sigma is a standard deviation and must be "
                         f"positive, got {sigma}")
    u = (np.asarray(x, dtype=float) - mu) / sigma
    return np.exp(-0.5 * u**2) / (sigma * math.sqrt(2 * math.pi))


def gaussian_log_pdf(x, mu=0.0, sigma=1.0):
    """log N(x; mu, sigma^2), computed in logs: no underflow to log(0).

    >>> round(float(-gaussian_log_pdf(2.0, mu=1.0, sigma=2.0)), 4)
    1.7371
    >>> float(gaussian_log_pdf(40.0))   # gaussian_pdf(40.0) is 0.0
    -800.9189385332047
    """
    if sigma <= 0:
        raise ValueError(f"sigma is a standard deviation and must be "
                         f"positive, got {sigma}")
    u = (np.asarray(x, dtype=float) - mu) / sigma
    return -0.5 * u**2 - math.log(sigma) - 0.5 * math.log(2 * math.pi)
# --8<-- [end:distributions]

# --8<-- [start:moments]

def expectation(values, probs):
    """E[X] = sum_i p_i x_i, the probability-weighted average.

    >>> round(float(expectation([0, 1, 2], [0.2, 0.5, 0.3])), 10)
    1.1
    """
    values = np.asarray(values, dtype=float)
    probs = as_distribution(probs, "probs")
    if values.shape != probs.shape:
        raise ValueError(f"{values.size} values but {probs.size} "
                         f"probabilities: give one per value")
    return float(np.dot(probs, values))


def variance(values, probs):
    """Var[X] = E[(X - E[X])^2], the average squared distance from the mean.

    >>> round(variance([0, 1, 2], [0.2, 0.5, 0.3]), 10)
    0.49
    >>> round(variance([0, 1], [0.3, 0.7]), 10)   # a coin: theta (1 - theta)
    0.21
    """
    mu = expectation(values, probs)
    return expectation((np.asarray(values, dtype=float) - mu) ** 2, probs)
# --8<-- [end:moments]

# --8<-- [start:information]

def _log(x, base):
    """Natural log (nats), or log to ``base`` (base=2 gives bits)."""
    return np.log(x) if base is None else np.log(x) / math.log(base)


def entropy(p, base=None):
    """H(p) = -sum_i p_i log p_i, skipping p_i = 0 (0 log 0 = 0).

    >>> round(entropy([0.5, 0.25, 0.25]), 4), entropy([0.5, 0.25, 0.25], 2)
    (1.0397, 1.5)
    >>> entropy([1.0, 0.0])        # a certain outcome: no surprise
    0.0
    """
    p = as_distribution(p)
    nz = p > 0
    return float(-np.sum(p[nz] * _log(p[nz], base))) + 0.0  # no -0.0


def _check_pair(p, q, what):
    """p and q as distributions on the same outcomes, q > 0 wherever p > 0."""
    p, q = as_distribution(p, "p"), as_distribution(q, "q")
    if p.shape != q.shape:
        raise ValueError(f"p has {p.size} outcomes but q has {q.size}: "
                         f"they must match")
    bad = np.flatnonzero((p > 0) & (q == 0))
    if bad.size:
        k = int(bad[0])
        raise ValueError(f"{what} is infinite: q[{k}] = 0 where "
                         f"p[{k}] = {p[k]:g} > 0")
    return p, q


def cross_entropy(p, q, base=None):
    """H(p, q) = -sum_i p_i log q_i: outcomes follow p, we expect q.

    >>> round(cross_entropy([0.5, 0.25, 0.25], [0.6, 0.35, 0.05]), 4)
    1.2668
    >>> cross_entropy([0.5, 0.5], [1.0, 0.0])
    Traceback (most recent call last):
    ValueError: H(p, q) is infinite: q[1] = 0 where p[1] = 0.5 > 0
    """
    p, q = _check_pair(p, q, "H(p, q)")
    nz = p > 0
    return float(-np.sum(p[nz] * _log(q[nz], base))) + 0.0


def kl_divergence(p, q, base=None):
    """KL(p || q) = sum_i p_i log(p_i / q_i): >= 0, and 0 only if p = q.

    >>> p, q = [0.5, 0.25, 0.25], [0.6, 0.35, 0.05]
    >>> round(kl_divergence(p, q), 4), round(kl_divergence(q, p), 4)
    (0.2271, 0.1467)
    >>> kl_divergence([0.5, 0.5], [1.0, 0.0])
    Traceback (most recent call last):
    ValueError: KL(p || q) is infinite: q[1] = 0 where p[1] = 0.5 > 0
    """
    p, q = _check_pair(p, q, "KL(p || q)")
    nz = p > 0
    return float(np.sum(p[nz] * _log(p[nz] / q[nz], base))) + 0.0
# --8<-- [end:information]

# --8<-- [start:logsumexp]

def logsumexp(z, axis=-1):
    """log(sum_i exp(z_i)) = m + log(sum_i exp(z_i - m)), m = max_i z_i.

    >>> round(float(logsumexp(np.array([1000.0, 1001.0, 1002.0]))), 4)
    1002.4076
    >>> float(logsumexp(np.array([0.0, 0.0])))     # log 2
    0.6931471805599453
    """
    z = np.asarray(z, dtype=float)
    if z.size == 0 or z.shape[axis] == 0:
        raise ValueError("logsumexp of nothing is log 0: give at least "
                         "one number (the array is empty)")
    m = np.max(z, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)   # all -inf (masked): no -inf - -inf
    with np.errstate(divide="ignore"):     # log 0 = -inf is right there
        s = np.sum(np.exp(z - m), axis=axis, keepdims=True)   # 1 <= s <= K
        return np.squeeze(m + np.log(s), axis=axis)
# --8<-- [end:logsumexp]

# --8<-- [start:softmax]

def softmax(z, axis=-1):
    """exp(z_i) / sum_j exp(z_j), computed after subtracting the maximum.

    >>> softmax(np.array([1000.0, 1001.0, 1002.0])).round(4)
    array([0.09  , 0.2447, 0.6652])
    >>> softmax(np.array([[0.0, 0.0], [0.0, 1000.0]]))   # row by row
    array([[0.5, 0.5],
           [0. , 1. ]])
    """
    z = np.asarray(z, dtype=float)
    if z.size == 0:
        raise ValueError("softmax needs at least one score")
    if not np.all(np.isfinite(z)):
        raise ValueError("z contains NaN or infinity: fix the layer before")
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))   # largest: e^0 = 1
    return e / np.sum(e, axis=axis, keepdims=True)
# --8<-- [end:softmax]

# --8<-- [start:log_softmax]

def log_softmax(z, axis=-1):
    """log softmax(z)_i = z_i - logsumexp(z), exact where softmax gives 0.

    >>> log_softmax(np.array([1000.0, 1001.0, 1002.0])).round(4)
    array([-2.4076, -1.4076, -0.4076])
    >>> float(log_softmax(np.array([0.0, 1000.0]))[0])   # not log(0.0)
    -1000.0
    """
    z = np.asarray(z, dtype=float)
    return z - np.expand_dims(logsumexp(z, axis=axis), axis)
# --8<-- [end:log_softmax]

# --8<-- [start:ce_logits]

def cross_entropy_from_logits(Z, y):
    """Mean over the batch of -log softmax(Z)[i, y_i], from raw logits.

    ``Z`` has shape (batch, classes), one row of logits per example, and
    ``y`` holds the integer labels. Never takes the log of a softmax.

    >>> Z = np.array([[2.0, 0.0, 0.0], [1000.0, 0.0, -1000.0]])
    >>> round(cross_entropy_from_logits(Z, np.array([0, 0])), 4)
    0.1198
    >>> round(cross_entropy_from_logits(np.zeros((1, 10)), [3]), 4)  # ln 10
    2.3026
    """
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    ok = Z.ndim == 2 and y.shape == (len(Z),)
    if not (ok and np.all((0 <= y) & (y < Z.shape[1]))):
        raise ValueError(f"need Z (batch, classes), labels 0 <= y < classes, "
                         f"got {Z.shape} and {y}")
    log_probs = log_softmax(Z, axis=1)
    return float(-np.mean(log_probs[np.arange(len(y)), y]))
# --8<-- [end:ce_logits]

# --8<-- [start:naive]

def softmax_naive(z):
    """exp(z) / sum(exp(z)) exactly as written: overflows for large z.

    >>> softmax_naive(np.array([1.0, 2.0, 3.0])).round(4)    # small: fine
    array([0.09  , 0.2447, 0.6652])
    >>> softmax_naive(np.array([1000.0, 1001.0, 1002.0]))    # inf / inf
    array([nan, nan, nan])
    """
    with np.errstate(over="ignore", invalid="ignore"):   # show, not warn
        e = np.exp(np.asarray(z, dtype=float))
        return e / np.sum(e)
# --8<-- [end:naive]

# --8<-- [start:mle]

def _check_outcomes(outcomes):
    x = np.asarray(outcomes)
    if x.ndim != 1 or x.size == 0 or not np.all((x == 0) | (x == 1)):
        raise ValueError(f"outcomes must be a non-empty list of 0s and 1s, "
                         f"got {outcomes}")
    return int(x.sum()), x.size


def bernoulli_log_likelihood(theta, outcomes):
    """log L(theta) = k log theta + (n - k) log(1 - theta), k ones in n.

    >>> tosses = [1, 1, 0, 1, 1, 1, 0, 1, 0, 1]
    >>> round(bernoulli_log_likelihood(0.7, tosses), 4)
    -6.1086
    """
    k, n = _check_outcomes(outcomes)
    if not 0.0 < theta < 1.0:
        raise ValueError(f"theta must lie strictly between 0 and 1 for a "
                         f"finite log, got {theta}")
    return k * math.log(theta) + (n - k) * math.log(1.0 - theta)


def bernoulli_score(theta, outcomes):
    """d/dtheta of the log-likelihood: k / theta - (n - k) / (1 - theta).

    >>> round(bernoulli_score(0.7, [1, 1, 0, 1, 1, 1, 0, 1, 0, 1]), 10)
    0.0
    """
    k, n = _check_outcomes(outcomes)
    if not 0.0 < theta < 1.0:
        raise ValueError(f"theta must be strictly between 0 and 1, got {theta}")
    return k / theta - (n - k) / (1.0 - theta)


def bernoulli_mle(outcomes):
    """The maximum-likelihood theta: the fraction of ones, k / n.

    >>> bernoulli_mle([1, 1, 0, 1, 1, 1, 0, 1, 0, 1])
    0.7
    """
    k, n = _check_outcomes(outcomes)
    return k / n


def gaussian_mle(x):
    """Maximum-likelihood (mean, variance) of a sample.

    The variance divides by n, not n - 1: the MLE is slightly biased low.

    >>> gaussian_mle([1.0, 2.0, 3.0, 6.0])
    (3.0, 3.5)
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"x must be a non-empty 1-D sample, "
                         f"got shape {x.shape}")
    mu = float(x.mean())
    return mu, float(np.mean((x - mu) ** 2))
# --8<-- [end:mle]

# --8<-- [start:kl_fit]

def fit_gaussian_by_kl(x, p, direction, mus, sigmas):
    """The Gaussian q closest to p: min of KL(p || q) or of KL(q || p).

    ``p`` is a distribution over the grid points ``x``; q is N(mu, sigma^2)
    on the same grid, normalised there. Every pair (mu, sigma) from the two
    candidate lists is tried. Returns (mu, sigma, smallest KL).

    >>> x = np.linspace(-5, 5, 201)
    >>> p = gaussian_pdf(x, 1.0, 1.5); p = p / p.sum()
    >>> mus, sigmas = np.linspace(-2, 2, 41), np.linspace(0.5, 3, 26)
    >>> mu, sigma, kl = fit_gaussian_by_kl(x, p, "forward", mus, sigmas)
    >>> round(mu, 4), round(sigma, 4), kl < 1e-12
    (1.0, 1.5, True)
    """
    if direction not in ("forward", "reverse"):
        raise ValueError(f"direction must be 'forward' (KL(p || q)) or "
                         f"'reverse' (KL(q || p)), got {direction!r}")
    x, p = np.asarray(x, dtype=float), as_distribution(p)
    if x.shape != p.shape:
        raise ValueError(f"x has {x.size} grid points but p has {p.size} "
                         f"probabilities")
    with np.errstate(divide="ignore"):
        log_p = np.log(p)                       # -inf where p = 0
    best = (None, None, np.inf)
    for mu in mus:
        for sigma in sigmas:
            log_q = gaussian_log_pdf(x, mu, sigma)
            log_q = log_q - logsumexp(log_q)    # normalise q, in logs
            if direction == "forward":          # sum over p > 0 only
                nz = p > 0
                kl = np.sum(p[nz] * (log_p[nz] - log_q[nz]))
            else:                               # sum over q > 0 only
                q = np.exp(log_q)
                nz = q > 0
                if np.any(p[nz] == 0):          # q puts mass where p has none
                    continue                    # KL(q || p) is infinite
                kl = np.sum(q[nz] * (log_q[nz] - log_p[nz]))
            if kl < best[2]:
                best = (float(mu), float(sigma), float(kl))
    return best
# --8<-- [end:kl_fit]

# --8<-- [start:questions]

def average_questions(p):
    """Fewest yes/no questions needed, on average, to learn an outcome drawn from p.

    The best strategy is a Huffman tree: merge the two least likely groups of
    outcomes, again and again; each merge is one question asked of every outcome
    in the merged group, so it adds the group's probability to the average.
    Between H(p) and H(p) + 1 in bits, and equal to H(p) when every p_i is a
    power of one half.

    >>> average_questions([0.5, 0.25, 0.25])     # dyadic: exactly H(p) = 1.5
    1.5
    >>> round(average_questions([0.6, 0.35, 0.05]), 4), round(entropy([0.6, 0.35, 0.05], 2), 4)
    (1.4, 1.1884)
    """
    p = as_distribution(p)
    groups = [float(pi) for pi in p if pi > 0]
    heapq.heapify(groups)
    total = 0.0
    while len(groups) > 1:
        merged = heapq.heappop(groups) + heapq.heappop(groups)
        total += merged
        heapq.heappush(groups, merged)
    return total
# --8<-- [end:questions]

# --8<-- [start:bayes]

def bayes_posterior(prior, p_pos_if_true, p_pos_if_false):
    """P(true | positive) by Bayes' rule, for a test with the given rates.

    >>> round(bayes_posterior(0.01, 0.99, 0.05), 4)   # rare disease, good test
    0.1667
    """
    true_pos = p_pos_if_true * prior
    return true_pos / (true_pos + p_pos_if_false * (1.0 - prior))
# --8<-- [end:bayes]

# --8<-- [start:products]

def product_and_log_sum(prob, n):
    """The probability of n independent events of probability ``prob``, two ways.

    Returns (the product of the n probabilities, multiplied out in float64,
    and the sum of their logs). The product underflows to 0.0 once it falls
    below the smallest positive float64 (about 4.9e-324); the log sum does not.

    >>> product_and_log_sum(0.5, 10)
    (0.0009765625, -6.931471805599453)
    >>> product_and_log_sum(0.01, 1000)[0]
    0.0
    """
    if not 0.0 < prob <= 1.0:
        raise ValueError(f"prob must lie in (0, 1] for a finite log, got {prob}")
    probs = np.full(int(n), float(prob))
    with np.errstate(under="ignore"):
        return float(np.prod(probs)), float(np.sum(np.log(probs)))
# --8<-- [end:products]

# --8<-- [start:elbo]

def toy_elbo(x, m, s):
    """ELBO of a one-number latent-variable model, in closed form.

    Prior z ~ N(0, 1), decoder x | z ~ N(z, 1), encoder q(z) = N(m, s^2):
    ELBO = E_q[log p(x | z)] - KL(q || prior), with
    E_q[log p(x | z)] = -log(2 pi)/2 - ((x - m)^2 + s^2)/2 and
    KL(N(m, s^2) || N(0, 1)) = (m^2 + s^2 - 1)/2 - log s.

    >>> round(toy_elbo(2.0, 1.0, math.sqrt(0.5)), 4), round(toy_log_evidence(2.0), 4)
    (-2.2655, -2.2655)
    """
    if s <= 0:
        raise ValueError(f"s is a standard deviation and must be positive, got {s}")
    expected_log_lik = -0.5 * math.log(2 * math.pi) - 0.5 * ((x - m) ** 2 + s ** 2)
    kl = 0.5 * (m ** 2 + s ** 2 - 1.0) - math.log(s)
    return expected_log_lik - kl


def toy_elbo_gradient(x, m, s):
    """(dELBO/dm, dELBO/ds) of ``toy_elbo``: (x - 2m, 1/s - 2s)."""
    return x - 2.0 * m, 1.0 / s - 2.0 * s


def toy_log_evidence(x):
    """log p(x) of the same model: x = z + noise is N(0, 2), so log N(x; 0, 2)."""
    return float(gaussian_log_pdf(x, 0.0, math.sqrt(2.0)))


def train_toy_encoder(x, loss_sign, steps, lr, m=0.0, s=1.0):
    """Gradient descent on loss = loss_sign * ELBO; returns the final (m, s, ELBO).

    loss_sign = -1 is right (minimise -ELBO); loss_sign = +1 minimises the ELBO.
    """
    for _ in range(steps):
        dm, ds = toy_elbo_gradient(x, m, s)
        m, s = m - lr * loss_sign * dm, s - lr * loss_sign * ds
    return m, s, toy_elbo(x, m, s)
# --8<-- [end:elbo]


# The page's worked examples.
COFFEE_VALUES = np.array([0.0, 1.0, 2.0])      # cups of coffee a day
COFFEE_PROBS = np.array([0.2, 0.5, 0.3])
WEATHER_P = np.array([0.5, 0.25, 0.25])        # how often sun, cloud, rain really happen
WEATHER_Q = np.array([0.6, 0.35, 0.05])        # a forecaster's model of it
LOGITS = np.array([1000.0, 1001.0, 1002.0])
TOSSES = np.array([1, 1, 0, 1, 1, 1, 0, 1, 0, 1])   # H H T H H H T H T H: 7 heads in 10


def worked_example_moments():
    """Expectation and variance of a small distribution, a Bernoulli coin, a Gaussian density."""
    x, p = COFFEE_VALUES, COFFEE_PROBS
    mu = expectation(x, p)
    d = x - mu
    var = variance(x, p)
    ex2 = expectation(x**2, p)
    t = [("x0", x[0]), ("p0", p[0]), ("x1", x[1]), ("p1", p[1]), ("x2", x[2]), ("p2", p[2])]
    t += [("p0", p[0]), ("p1", p[1]), ("p2", p[2]), ("sum p", p.sum())]
    # E[X] term by term.
    t += [v for i in range(3) for v in ((f"x{i}", x[i]), (f"p{i}", p[i]))]
    t += [(f"x{i}*p{i}", x[i] * p[i]) for i in range(3)] + [("E[X]", mu)]
    # Var from the definition.
    for i in range(3):
        t += [(f"x{i}", x[i]), ("E[X]", mu), (f"d{i}", d[i])]
    t += [v for i in range(3) for v in ((f"p{i}", p[i]), (f"d{i}", d[i]))]
    t += [(f"p{i}*d{i}^2", p[i] * d[i] ** 2) for i in range(3)] + [("Var[X]", var)]
    # Var from the shortcut E[X^2] - E[X]^2.
    t += [v for i in range(3) for v in ((f"x{i}^2", x[i] ** 2), (f"p{i}", p[i]))]
    t += [("E[X^2]", ex2), ("E[X^2]", ex2), ("E[X]", mu), ("E[X^2]", ex2), ("E[X]^2", mu**2),
          ("Var[X]", ex2 - mu**2), ("Var[X]", var), ("std", math.sqrt(var))]
    # A Bernoulli coin with theta = 0.7.
    theta = 0.7
    coin_x, coin_p = [0.0, 1.0], [1 - theta, theta]
    t += [("theta", theta), ("heads", 1), ("tails", 0),
          ("x=1", 1), ("P(X=1)", bernoulli_pmf(1, theta)),
          ("x=0", 0), ("P(X=0)", bernoulli_pmf(0, theta)),
          ("coin E[X]", expectation(coin_x, coin_p)),
          ("theta", theta), ("1-theta", 1 - theta), ("coin Var[X]", variance(coin_x, coin_p))]
    # A Gaussian density N(1, 2^2) (mean 1, standard deviation 2) at x = 2.
    g_mu, g_sigma, g_x = 1.0, 2.0, 2.0
    u = (g_x - g_mu) / g_sigma
    front = 1 / (g_sigma * math.sqrt(2 * math.pi))
    pdf = gaussian_pdf(g_x, g_mu, g_sigma)
    t += [("mu", g_mu), ("sigma", g_sigma), ("mu", g_mu), ("sigma", g_sigma), ("x", g_x),
          ("x", g_x), ("mu", g_mu), ("sigma", g_sigma),
          ("u", u), ("u", u), ("u^2/2", u**2 / 2)]
    t += [("x", g_x), ("sigma", g_sigma), ("-u^2/2", -(u**2) / 2), ("1/(sigma sqrt(2 pi))", front),
          ("exp(-u^2/2)", math.exp(-(u**2) / 2)), ("p(x)", pdf)]
    t += [("x", g_x), ("u^2/2", u**2 / 2), ("sigma", g_sigma),
          ("u^2/2", u**2 / 2), ("log(sigma sqrt(2 pi))", -math.log(front)),
          ("-log p(x)", -float(gaussian_log_pdf(g_x, g_mu, g_sigma)))]
    return t


def worked_example():
    """Entropy, cross-entropy and KL divergence of two small distributions, every term."""
    p, q = WEATHER_P, WEATHER_Q
    lp, lq = np.log(p), np.log(q)
    t = [("p", p), ("q", q), ("ln p", lp), ("ln q", lq)]

    def terms(weights, logs, sign):  # the three products w_i * log_i, then their sum
        out = []
        for i in range(3):
            out += [(f"weight{i}", weights[i]), (f"log_{i}", logs[i])]
        out += [(f"term{i}", sign * weights[i] * logs[i]) for i in range(3)]
        return out

    t += terms(p, lp, -1) + [("H(p)", entropy(p))]
    t += [("p0", p[0]), ("-log2 p0", -np.log2(p[0])), ("p1", p[1]), ("-log2 p1", -np.log2(p[1]))]
    t += [("p0", p[0]), ("-log2 p0", -np.log2(p[0])), ("p1", p[1]), ("-log2 p1", -np.log2(p[1])),
          ("p2", p[2]), ("-log2 p2", -np.log2(p[2])), ("H(p) bits", entropy(p, base=2))]
    t += [("average questions", average_questions(p))]   # "sunny?", then "cloudy?"
    t += terms(q, lq, -1) + [("H(q)", entropy(q))]
    t += terms(p, lq, -1) + [("H(p,q)", cross_entropy(p, q))]
    # KL(p || q): ratios, their logs, weighted terms.
    t += [(f"p{i}/q{i}", p[i] / q[i]) for i in range(3)]
    t += [(f"ln(p{i}/q{i})", lp[i] - lq[i]) for i in range(3)]
    t += terms(p, lp - lq, 1) + [("KL(p||q)", kl_divergence(p, q))]
    t += [("H(p)", entropy(p)), ("KL(p||q)", kl_divergence(p, q)), ("H(p,q)", cross_entropy(p, q))]
    # KL(q || p).
    t += [(f"ln(q{i}/p{i})", lq[i] - lp[i]) for i in range(3)]
    t += terms(q, lq - lp, 1)
    t += [("KL(q||p)", kl_divergence(q, p)), ("KL(p||q)", kl_divergence(p, q))]
    t += [("H(q)", entropy(q)), ("KL(q||p)", kl_divergence(q, p)), ("H(q,p)", cross_entropy(q, p))]
    # Why forward KL is larger: the rain term.
    t += [("p2", p[2]), ("q2", q[2]), ("p2 ln(p2/q2)", p[2] * (lp[2] - lq[2])),
          ("q2 ln(q2/p2)", q[2] * (lq[2] - lp[2]))]
    # In bits.
    t += [("ln 2", math.log(2)), ("KL(p||q)", kl_divergence(p, q)), ("ln 2", math.log(2)),
          ("KL bits", kl_divergence(p, q, base=2))]
    # A one-hot target: cross-entropy becomes -log q[true class].
    y = np.array([0.0, 0.0, 1.0])
    t += [("y", y), ("q2", q[2]), ("H(y,q)", cross_entropy(y, q))]
    return t


def worked_example_logsumexp():
    """The log-sum-exp trick saving a softmax from overflow."""
    z = LOGITS
    big = np.finfo(float).max
    t = [("z", z), ("z0", z[0]), ("max float64", big), ("log max float64", math.log(big)), ("z0", z[0]),
         ("z0", z[0])]
    m = float(np.max(z))
    s = z - m
    e = np.exp(s)
    total = float(e.sum())
    lse = float(logsumexp(z))
    t += [("m", m)]
    for i in range(3):
        t += [(f"z{i}", z[i]), ("m", m)]
    t += [("z-m", s)]
    t += [("s0", s[0]), ("exp s0", e[0]), ("s1", s[1]), ("exp s1", e[1]), ("s2", s[2]),
          ("exp s2", e[2])]
    t += [("exp s", e), ("S", total), ("S", total), ("ln S", math.log(total))]
    t += [("S", total), ("m", m), ("ln S", math.log(total)), ("logsumexp", lse)]
    t += [("m", m), ("lse", lse), ("m", m), ("K", 3), ("m", m), ("ln 3", math.log(3)),
          ("m + ln 3", m + math.log(3))]
    p = softmax(z)
    for i in range(3):
        t += [(f"exp s{i}", e[i]), ("S", total), (f"softmax{i}", p[i])]
    ls = log_softmax(z)
    t += [("z0", z[0]), ("lse", lse), ("log_softmax0", ls[0]), ("log_softmax", ls)]
    small = -z
    with np.errstate(under="ignore"):
        t += [("-z", small), ("exp(-z)", np.exp(small)), ("softmax(-z)", softmax(small))]
    return t


def worked_example_mle():
    """Maximum likelihood for a coin: 7 heads in 10 tosses."""
    x = TOSSES
    n, k = x.size, int(x.sum())
    theta_hat = bernoulli_mle(x)
    t = [("k", k), ("n-k", n - k), ("n", n), ("k", k), ("k", k), ("n-k", n - k)]
    thetas = [0.5, 0.6, 0.7, 0.8, 0.9]
    for th in thetas:
        ll = bernoulli_log_likelihood(th, x)
        t += [("theta", th), ("loglik", ll), ("lik", math.exp(ll))]
    # The full computation at theta = 0.7.
    th = 0.7
    t += [("theta", th), ("theta", th), ("k", k), ("theta", th),
          ("n-k", n - k), ("1-theta", 1 - th),
          ("k", k), ("ln theta", math.log(th)), ("n-k", n - k), ("ln(1-theta)", math.log(1 - th)),
          ("k ln theta", k * math.log(th)), ("(n-k) ln(1-theta)", (n - k) * math.log(1 - th)),
          ("loglik", bernoulli_log_likelihood(th, x))]
    # Setting the derivative to zero.
    t += [("k", k), ("n-k", n - k), ("k", k), ("n-k", n - k), ("k", k), ("n", n),
          ("k", k), ("n", n), ("theta_hat", theta_hat)]
    t += [("theta", 0.5), ("k", k), ("theta", 0.5), ("n-k", n - k), ("1-theta", 0.5),
          ("k/theta", k / 0.5), ("(n-k)/(1-theta)", (n - k) / 0.5),
          ("score", bernoulli_score(0.5, x))]
    t += [("theta", 0.9), ("k", k), ("theta", 0.9), ("n-k", n - k), ("1-theta", 0.1),
          ("k/theta", k / 0.9), ("(n-k)/(1-theta)", (n - k) / 0.1),
          ("score", bernoulli_score(0.9, x))]
    # Average negative log-likelihood = cross-entropy between data and model.
    emp = np.array([theta_hat, 1 - theta_hat])
    nll = -bernoulli_log_likelihood(th, x)
    t += [("-loglik", nll), ("n", n), ("avg nll", nll / n), ("p_hat", emp),
          ("H(p_hat)", entropy(emp))]
    model06 = np.array([0.6, 0.4])
    avg06 = -bernoulli_log_likelihood(0.6, x) / n
    t += [("theta", 0.6), ("H(p_hat,q)", cross_entropy(emp, model06)), ("avg nll 0.6", avg06),
          ("H(p_hat)", entropy(emp)), ("KL", kl_divergence(emp, model06))]
    return t


# Transcripts the page's checker reads: regions of prose, tables and answers.

def claims_math():
    """Numbers of The math outside the worked examples and checked boxes, in reading order."""
    return [("e", math.exp(1.0)),
            ("exp overflows above, float64", math.log(np.finfo(np.float64).max)),
            ("exp overflows above, float32", float(np.log(np.finfo(np.float32).max)))]


def claims_products():
    """The box on products of probabilities: which ones underflow in float64, and their logs."""
    factor_ok, factor_bad, n = 0.9, 0.01, 1000
    prod_ok, _ = product_and_log_sum(factor_ok, n)
    prod_bad, log_bad = product_and_log_sum(factor_bad, n)
    tiny = float(np.nextafter(0.0, 1.0))          # smallest positive float64, 2^-1074
    bits = np.finfo(np.float64).bits
    return [("factor", factor_ok), ("factor", factor_ok), ("n", n), ("product", prod_ok),
            ("bits", bits), ("factor", factor_bad), ("factor", factor_bad), ("n", n),
            ("bits", bits), ("two", 2), ("log2 of the smallest positive float64", math.log2(tiny)),
            ("smallest positive float64", tiny), ("stored product", prod_bad),
            ("n", n), ("factor", factor_bad), ("sum of logs", log_bad)]


def claims_interview():
    """Numbers of the interview answers, in reading order."""
    p, q = WEATHER_P, WEATHER_Q
    tiny = float(np.nextafter(0.0, 1.0))
    return [("p", p), ("q", q), ("KL(p||q)", kl_divergence(p, q)), ("KL(q||p)", kl_divergence(q, p)),
            ("exp overflows above, float64", math.log(np.finfo(np.float64).max)),
            ("exp overflows above, float32", float(np.log(np.finfo(np.float32).max))),
            ("entropy of a fair coin", entropy([0.5, 0.5])),
            ("entropy of 10 equal classes", entropy(np.full(10, 0.1))),
            ("logit gap where exp underflows to 0", math.log(2.0) - math.log(tiny))]   # tiny/2 rounds to 0


BAYES_PRIOR, BAYES_SENSITIVITY, BAYES_FALSE_POSITIVE, BAYES_PEOPLE = 0.01, 0.99, 0.05, 10_000


def claims_bayes():
    """The base-rate question: a positive test for a rare disease, counted and by Bayes' rule."""
    prior, sens, fpr, people = BAYES_PRIOR, BAYES_SENSITIVITY, BAYES_FALSE_POSITIVE, BAYES_PEOPLE
    ill = round(people * prior)
    healthy = people - ill
    true_pos, false_pos = round(ill * sens), round(healthy * fpr)
    posterior = bayes_posterior(prior, sens, fpr)
    assert math.isclose(posterior, true_pos / (true_pos + false_pos))   # counting agrees
    prior_odds_against = (1 - prior) / prior
    likelihood_ratio = sens / fpr
    posterior_odds_against = prior_odds_against / likelihood_ratio
    return [("prior", prior), ("sensitivity", sens), ("false-positive rate", fpr),
            ("sensitivity", sens),
            ("people", people), ("ill", ill), ("ill and positive", true_pos),
            ("healthy", healthy), ("false-positive rate", fpr), ("healthy and positive", false_pos),
            ("ill and positive", true_pos), ("all positives", true_pos + false_pos),
            ("ill and positive", true_pos), ("all positives", true_pos + false_pos),
            ("P(ill | positive)", posterior),
            ("prior odds, for", 1), ("prior odds, against", prior_odds_against),
            ("sensitivity", sens), ("false-positive rate", fpr), ("likelihood ratio", likelihood_ratio),
            ("posterior odds, for", 1), ("posterior odds, against", posterior_odds_against)]


# Transcripts the page's checker reads: the Check yourself exercises.

def exercise_mean_variance():
    """X is 0, 1 or 2 with probabilities 0.25, 0.5, 0.25: mean, E[X^2], variance."""
    x, p = np.array([0.0, 1.0, 2.0]), np.array([0.25, 0.5, 0.25])
    mu, ex2 = expectation(x, p), expectation(x**2, p)
    t = [("exercise", 1)]
    t += [v for i in range(3) for v in ((f"x{i}", x[i]), (f"p{i}", p[i]))]
    # Answer: E[X] term by term, then E[X^2], then the shortcut.
    t += [v for i in range(3) for v in ((f"x{i}", x[i]), (f"p{i}", p[i]))] + [("E[X]", mu)]
    t += [v for i in range(3) for v in ((f"x{i}^2", x[i] ** 2), (f"p{i}", p[i]))] + [("E[X^2]", ex2)]
    t += [("E[X^2]", ex2), ("E[X]", mu), ("Var[X]", variance(x, p))]
    return t


def exercise_entropy_bits():
    """Entropy in bits of (1/2, 1/4, 1/8, 1/8): surprises 1, 2, 3, 3 bits."""
    p = np.array([0.5, 0.25, 0.125, 0.125])
    bits = -np.log2(p)
    t = [("exercise", 2)] + [(f"p{i}", p[i]) for i in range(4)]
    t += [(f"-log2 p{i}", bits[i]) for i in range(4)]
    t += [v for i in range(4) for v in ((f"p{i}", p[i]), (f"-log2 p{i}", bits[i]))]
    t += [("H(p) bits", entropy(p, base=2)), ("questions", average_questions(p))]
    return t


def exercise_kl_two_outcomes():
    """KL both ways between p = (0.5, 0.5) and q = (0.8, 0.2), in nats."""
    p, q = np.array([0.5, 0.5]), np.array([0.8, 0.2])
    t = [("exercise", 3), ("p", p), ("q", q)]
    # Forward: weights from p, log-ratios ln(p_i/q_i).
    t += [("p0", p[0]), ("q0", q[0]), ("p0/q0", p[0] / q[0]),
          ("p1", p[1]), ("q1", q[1]), ("p1/q1", p[1] / q[1])]
    t += [("p0", p[0]), ("p0/q0", p[0] / q[0]), ("p1", p[1]), ("p1/q1", p[1] / q[1])]
    t += [("p0", p[0]), ("ln(p0/q0)", math.log(p[0] / q[0])),
          ("p1", p[1]), ("ln(p1/q1)", math.log(p[1] / q[1])), ("KL(p||q)", kl_divergence(p, q))]
    # Reverse: weights from q.
    t += [("q0", q[0]), ("ln(q0/p0)", math.log(q[0] / p[0])),
          ("q1", q[1]), ("ln(q1/p1)", math.log(q[1] / p[1])), ("KL(q||p)", kl_divergence(q, p))]
    return t


def exercise_logsumexp():
    """log-sum-exp and softmax of z = (800, 799) by subtracting the maximum."""
    z = np.array([800.0, 799.0])
    m = float(z.max())
    e = np.exp(z - m)
    total = float(e.sum())
    lse = float(logsumexp(z))
    sm = softmax(z)
    t = [("exercise", 4), ("z", z), ("exponent", z[1] - z[0]),
         ("e^-1", math.exp(z[1] - z[0]))]
    t += [("m", m), ("z-m", z - m), ("e^0", e[0]), ("e^-1", e[1]), ("S", total)]
    t += [("m", m), ("S", total), ("m", m), ("ln S", math.log(total)), ("logsumexp", lse)]
    t += [("e^0", e[0]), ("S", total), ("softmax0", sm[0]), ("e^-1", e[1]), ("S", total),
          ("softmax1", sm[1])]
    return t


def exercise_bernoulli_mle():
    """3 heads in 12 tosses: the MLE and the slope of the log-likelihood at theta = 0.5."""
    tosses = np.array([1] * 3 + [0] * 9)
    k, n = int(tosses.sum()), tosses.size
    theta_hat = bernoulli_mle(tosses)
    th = 0.5
    t = [("exercise", 5), ("k", k), ("n", n), ("theta", th)]
    t += [("k", k), ("n", n), ("theta_hat", theta_hat)]
    t += [("theta", th), ("k", k), ("theta", th), ("n-k", n - k), ("1-theta", 1 - th),
          ("k/theta", k / th), ("(n-k)/(1-theta)", (n - k) / (1 - th)),
          ("slope", bernoulli_score(th, tosses))]
    return t


# Transcripts the page's checker reads: Common mistakes.
ELBO_X, ELBO_START, ELBO_STEPS, ELBO_LR = 2.0, (0.0, 1.0), 20, 0.1


def mistake_elbo_sign():
    """Gradient descent on the ELBO itself (wrong) and on -ELBO (right), for a toy model."""
    x, (m0, s0) = ELBO_X, ELBO_START
    m_bad, s_bad, elbo_bad = train_toy_encoder(x, +1, ELBO_STEPS, ELBO_LR, m0, s0)
    _, _, elbo_good = train_toy_encoder(x, -1, ELBO_STEPS, ELBO_LR, m0, s0)
    return [("x", x), ("prior mean", 0.0), ("prior variance", 1.0), ("decoder variance", 1.0),
            ("m start", m0), ("s start", s0), ("ELBO start", toy_elbo(x, m0, s0)),
            ("step size", ELBO_LR), ("ELBO after minimising it", elbo_bad),
            ("m", m_bad), ("s", s_bad),
            ("ELBO after minimising -ELBO", elbo_good), ("log p(x)", toy_log_evidence(x))]


def main():
    """Print every worked example as a transcript: name = value, in reading order."""
    examples = [worked_example_moments, worked_example, worked_example_logsumexp,
                worked_example_mle, mistake_elbo_sign]
    for k, example in enumerate(examples):
        if k:
            print()
        print(f"# {example.__name__}: {example.__doc__.splitlines()[0]}")
        for name, value in example():
            shown = np.array2string(np.asarray(value), precision=5)
            print(f"{name:>22} = {shown}")


if __name__ == "__main__":
    main()
