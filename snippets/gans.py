"""Generative adversarial networks, in NumPy.

Run ``python snippets/gans.py`` to print the worked examples of the page
"Generative adversarial networks"; ``python -m doctest snippets/gans.py`` runs
the examples in the docstrings.

Conventions: a discrete distribution is a 1-D array of probabilities; logs are
natural (nats). The 1-D GAN has an affine generator x = mu + s * zeta and a
logistic-regression discriminator D(x) = sigmoid(w1 x + w2 x^2 + b).
"""
import math

import numpy as np

from forward_pass import sigmoid
from losses import softplus
from probability import as_distribution, kl_divergence

# --8<-- [start:optimal]

def optimal_discriminator(p_data, p_g):
    """D*(x) = p_data(x) / (p_data(x) + p_g(x)), outcome by outcome.

    >>> optimal_discriminator([0.5, 0.5], [0.5, 0.5])
    array([0.5, 0.5])
    """
    p_data, p_g = as_distribution(p_data, "p_data"), as_distribution(p_g, "p_g")
    if np.any(p_data + p_g == 0):
        raise ValueError("D* is undefined where both distributions are zero")
    return p_data / (p_data + p_g)


def gan_value(D, p_data, p_g):
    """The minimax objective for discrete distributions,
    sum_x p_data(x) log D(x) + sum_x p_g(x) log(1 - D(x)),
    skipping outcomes of weight zero.

    >>> round(gan_value([0.5, 0.5], [0.5, 0.5], [0.5, 0.5]), 4)   # -log 4
    -1.3863
    """
    D = np.asarray(D, dtype=float)
    p_data, p_g = as_distribution(p_data, "p_data"), as_distribution(p_g, "p_g")
    real, fake = p_data > 0, p_g > 0
    return float(np.sum(p_data[real] * np.log(D[real]))
                 + np.sum(p_g[fake] * np.log(1.0 - D[fake])))


def js_divergence(p, q):
    """JS(p || q) = (KL(p || m) + KL(q || m)) / 2, the mixture m = (p + q) / 2.

    >>> js_divergence([1.0, 0.0], [0.0, 1.0]) == math.log(2)   # the largest JS
    True
    """
    p, q = as_distribution(p, "p"), as_distribution(q, "q")
    m = (p + q) / 2
    return (kl_divergence(p, m) + kl_divergence(q, m)) / 2
# --8<-- [end:optimal]

# --8<-- [start:generator_losses]

def saturating_loss(z):
    """The generator's loss in the minimax game, log(1 - D), from D's logit."""
    return -softplus(z)                    # log(1 - sigmoid(z)) = -log(1 + e^z)


def non_saturating_loss(z):
    """The generator's loss used in practice, -log D, from D's logit z."""
    return softplus(-z)                    # -log sigmoid(z) = log(1 + e^-z)


def saturating_grad(z):
    """d/dz log(1 - sigmoid(z)) = -sigmoid(z): tiny when D is sure of a fake.

    >>> float(saturating_grad(0.0))
    -0.5
    """
    return -sigmoid(z)


def non_saturating_grad(z):
    """d/dz [-log sigmoid(z)] = sigmoid(z) - 1: near -1 if D is sure of a fake.

    >>> float(non_saturating_grad(0.0))
    -0.5
    """
    return sigmoid(z) - 1.0
# --8<-- [end:generator_losses]

# --8<-- [start:models]

def generator(zeta, mu, s):
    """G(zeta) = mu + s * zeta: turns N(0, 1) noise into N(mu, s^2) samples."""
    return mu + s * np.asarray(zeta, dtype=float)


def discriminator_logit(x, w1, w2, b):
    """z = w1 x + w2 x^2 + b, and D(x) = sigmoid(z); x^2 lets D judge spread."""
    x = np.asarray(x, dtype=float)
    return w1 * x + w2 * x**2 + b


def discriminator_loss(x_real, x_fake, w1, w2, b):
    """Binary cross-entropy of D: -mean log D(real) - mean log(1 - D(fake))."""
    z_real = discriminator_logit(x_real, w1, w2, b)
    z_fake = discriminator_logit(x_fake, w1, w2, b)
    return float(np.mean(softplus(-z_real)) + np.mean(softplus(z_fake)))


def discriminator_grad(x_real, x_fake, w1, w2, b):
    """(dL/dw1, dL/dw2, dL/db) of discriminator_loss, by the chain rule.

    dL/dz is (sigmoid(z) - 1)/n for a real sample and sigmoid(z)/n for a fake;
    dz/dw1 = x, dz/dw2 = x^2, dz/db = 1.
    """
    x_real, x_fake = np.asarray(x_real, float), np.asarray(x_fake, float)
    d_real = sigmoid(discriminator_logit(x_real, w1, w2, b))
    d_fake = sigmoid(discriminator_logit(x_fake, w1, w2, b))
    g_real = (d_real - 1.0) / x_real.size
    g_fake = d_fake / x_fake.size
    return np.array([g_real @ x_real + g_fake @ x_fake,
                     g_real @ x_real**2 + g_fake @ x_fake**2,
                     g_real.sum() + g_fake.sum()])


def generator_loss(zeta, mu, s, w1, w2, b, saturating=False):
    """Mean generator loss over the noise draws: -log D(G(zeta)),
    or log(1 - D(G(zeta))) if saturating."""
    z = discriminator_logit(generator(zeta, mu, s), w1, w2, b)
    loss = saturating_loss(z) if saturating else non_saturating_loss(z)
    return float(np.mean(loss))


def generator_grad(zeta, mu, s, w1, w2, b, saturating=False):
    """(dL/dmu, dL/ds) of generator_loss: dL/dz * dz/dx * dx/d(mu, s).

    dz/dx = w1 + 2 w2 x; dx/dmu = 1; dx/ds = zeta.
    """
    zeta = np.asarray(zeta, dtype=float)
    x = generator(zeta, mu, s)
    z = discriminator_logit(x, w1, w2, b)
    dz = saturating_grad(z) if saturating else non_saturating_grad(z)
    dx = dz * (w1 + 2 * w2 * x) / zeta.size
    return np.array([dx.sum(), dx @ zeta])
# --8<-- [end:models]

# --8<-- [start:train]

def train_gan(steps=1000, d_steps=5, lr_d=0.2, lr_g=0.02, batch=64, seed=0,
              data=(1.0, 0.5), start=(-1.0, 1.0), saturating=False, warmup=0):
    """Alternating gradient steps: d_steps for D, then one for G, per round.

    Real data is N(data[0], data[1]^2); G starts at mu, s = start; D at zero.
    ``warmup`` rounds train D alone first. Returns the history of
    (mu, s, w1, w2, b): once when G starts to train, then after every round.
    """
    if steps < 0 or d_steps < 1 or lr_d <= 0 or lr_g <= 0:
        raise ValueError("need steps >= 0, d_steps >= 1 and positive "
                         "learning rates")
    rng = np.random.default_rng(seed)
    mu, s = start
    w = np.zeros(3)                                    # w1, w2, b
    history = []
    for k in range(warmup + steps):
        if k == warmup:
            history.append((mu, s, *w))
        for _ in range(d_steps):                    # the discriminator learns
            x_real = data[0] + data[1] * rng.standard_normal(batch)
            x_fake = generator(rng.standard_normal(batch), mu, s)
            w = w - lr_d * discriminator_grad(x_real, x_fake, *w)
        if k >= warmup:                                # then the generator
            zeta = rng.standard_normal(batch)
            g = generator_grad(zeta, mu, s, *w, saturating=saturating)
            mu, s = mu - lr_g * g[0], s - lr_g * g[1]
            history.append((mu, s, *w))
    if not history:
        history.append((mu, s, *w))
    return np.array(history)
# --8<-- [end:train]

# --8<-- [start:hopping]

def best_response(D):
    """The generator that minimises E_{x ~ p_g}[-log D(x)] for a fixed D:
    all its mass where D is largest (the loss is linear in p_g)."""
    D = np.asarray(D, dtype=float)
    p_g = np.zeros_like(D)
    p_g[np.argmax(D)] = 1.0
    return p_g


def mode_hopping(p_data, p_g, rounds):
    """Alternate: D jumps to D* for the current G, then G to its best reply."""
    history = [np.asarray(p_g, dtype=float)]
    for _ in range(rounds):
        d_star = optimal_discriminator(p_data, history[-1])
        history.append(best_response(d_star))
    return history
# --8<-- [end:hopping]


# The page's worked examples.
P_DATA = np.array([0.5, 0.3, 0.2])     # how often real data lands on outcomes 1, 2, 3
P_G = np.array([0.1, 0.3, 0.6])        # how often the generator does
CONFIDENT_LOGIT = -5.0                  # D's logit on a fake sample it has seen through
TRAIN = dict(steps=1000, d_steps=5, lr_d=0.2, lr_g=0.02, batch=64, seed=0,
             data=(1.0, 0.5), start=(-1.0, 1.0))
SLOW_D = dict(TRAIN, d_steps=1, lr_d=0.05)   # a discriminator too slow to stop the collapse


def worked_example():
    """The optimal discriminator of two discrete distributions and the value at it."""
    p, q = P_DATA, P_G
    d = optimal_discriminator(p, q)
    t = [("p_data", p), ("p_g", q)]
    t += [v for i in range(3) for v in ((f"p{i}", p[i]), (f"p{i}", p[i]), (f"q{i}", q[i]),
                                         (f"D*{i}", d[i]))]
    log_d, log_1md = np.log(d), np.log(1 - d)
    real, fake = float(p @ log_d), float(q @ log_1md)
    t += [v for i in range(3) for v in ((f"p{i}", p[i]), (f"log D*{i}", log_d[i]))]
    t += [("sum real", real)]
    t += [v for i in range(3) for v in ((f"q{i}", q[i]), (f"log(1-D*){i}", log_1md[i]))]
    t += [("sum fake", fake)]
    v = gan_value(d, p, q)
    t += [("sum real", real), ("sum fake", fake), ("V*", v)]
    m = (p + q) / 2
    kl_p, kl_q, js = kl_divergence(p, m), kl_divergence(q, m), js_divergence(p, q)
    t += [("m", m), ("KL(p||m)", kl_p), ("KL(q||m)", kl_q), ("KL(p||m)", kl_p),
          ("KL(q||m)", kl_q), ("JS", js), ("JS", js), ("log 4", math.log(4)),
          ("2JS - log 4", 2 * js - math.log(4)), ("V*", v)]
    half = np.full(3, 0.5)
    t += [("D", 0.5), ("D", 0.5), ("V(1/2)", gan_value(half, p, q)), ("V*", v)]
    return t


def worked_example_saturation():
    """The generator's two losses and their slopes when D is confident, and when unsure."""
    z = CONFIDENT_LOGIT
    d = float(sigmoid(z))
    sat, ns = float(saturating_grad(z)), float(non_saturating_grad(z))
    return [("z", z), ("z", z), ("D", d),
            ("log(1-D)", float(saturating_loss(z))), ("-log D", float(non_saturating_loss(z))),
            ("sat grad", sat), ("D", d), ("ns grad", ns), ("D", d),
            ("ratio", ns / sat),
            ("z", 0.0), ("D", 0.5), ("both grads", float(saturating_grad(0.0)))]


def worked_example_training():
    """The 1-D GAN: where it starts, how close it comes to collapse, where it ends."""
    c = TRAIN
    h = train_gan(**c)
    low = int(np.argmin(h[:300, 1]))
    tail = h[-200:]
    (mu_data, s_data), (mu0, s0) = c["data"], c["start"]
    t = [("data mu", mu_data), ("data s", s_data), ("data mu", mu_data), ("data s", s_data),
            ("start mu", mu0), ("start s", s0), ("D weights", 0.0),
            ("batch", c["batch"]), ("d_steps", c["d_steps"]), ("lr_d", c["lr_d"]),
            ("lr_g", c["lr_g"]), ("rounds", c["steps"]),
            ("round of smallest s", low), ("mu then", h[low, 0]), ("smallest s", h[low, 1]),
            ("rounds", c["steps"]), ("final mu", h[-1, 0]), ("final s", h[-1, 1]),
            ("rounds averaged", len(tail)), ("mean mu", tail[:, 0].mean()),
            ("mean s", tail[:, 1].mean()),
            ("final w1", h[-1, 2]), ("final w2", h[-1, 3]), ("final b", h[-1, 4])]
    n = SLOW_D["steps"]
    slow = train_gan(**dict(SLOW_D, steps=n + 500))   # the same run, 500 rounds longer
    slow_low = int(np.argmin(slow[:n + 1, 1]))
    back = n + int(np.argmax(slow[n:, 1] > s_data))   # first round the spread passes the data's
    return t + [("slow d_steps", SLOW_D["d_steps"]), ("slow lr_d", SLOW_D["lr_d"]),
                ("rounds", n), ("slow mu", slow[n, 0]), ("slow s", slow[n, 1]),
                ("slow smallest s", slow[slow_low, 1]), ("its round", slow_low),
                ("round past data s", back), ("rounds run", n + 500), ("slow s then", slow[-1, 1])]


def mistake_saturating_loss():
    """After D has trained alone for a while, 100 generator rounds with each loss."""
    c = dict(TRAIN, steps=100, warmup=200)
    ns = train_gan(**c)
    sat = train_gan(**c, saturating=True)
    z0 = discriminator_logit(generator(0.0, *c["start"]), *ns[0, 2:])
    return [("warmup", c["warmup"]), ("start mu", c["start"][0]), ("D at mu", float(sigmoid(z0))),
            ("rounds", c["steps"]),
            ("sat mu", sat[-1, 0]), ("data mu", c["data"][0]), ("ns mu", ns[-1, 0])]


def claims_mode_hopping():
    """Two equally common modes; alternate D* and the generator's best response.
    (The region's zeros and ones are givens, so they are not listed.)"""
    p = np.array([0.5, 0.5])
    h = mode_hopping(p, [1.0, 0.0], 3)
    d0, d1 = optimal_discriminator(p, h[0]), optimal_discriminator(p, h[1])
    return [("p_data", p), ("D*(A) after A", d0[0]), ("-log D*(A)", -math.log(d0[0])),
            ("D*(B) after B", d1[1]), ("JS collapsed", js_divergence(p, h[0]))]


def claims_interview_questions():
    """Numbers the interview answers state."""
    z = CONFIDENT_LOGIT
    return [("z", z), ("sat grad", float(saturating_grad(z))),
            ("ns grad", float(non_saturating_grad(z))),
            ("ratio", float(non_saturating_grad(z) / saturating_grad(z))),
            ("smoothed label", 0.9),
            ("JS disjoint", js_divergence([0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.5, 0.5]))]


# Exercises.

def exercise_optimal_d():
    """D* for one outcome, and the equilibrium."""
    d = optimal_discriminator([0.6, 0.4], [0.2, 0.8])
    return [("exercise", 1), ("p_data", 0.6), ("p_g", 0.2),
            ("p_data", 0.6), ("p_data", 0.6), ("p_g", 0.2), ("D*", d[0]), ("D", 0.5)]


def exercise_value_equal():
    """The value of the game at the equilibrium p_g = p_data."""
    p = [0.25, 0.75]
    d = optimal_discriminator(p, p)
    v = gan_value(d, p, p)
    return [("exercise", 2), ("p", np.array(p)), ("D*", d[0]), ("D*", d[0]),
            ("log 1/2", math.log(0.5)), ("log 1/2", math.log(0.5)), ("V", v),
            ("JS", js_divergence(p, p)), ("V", v)]


def exercise_generator_step():
    """One non-saturating generator step for a single noise draw, by hand."""
    zeta, mu, s, w1, w2, b, lr = 0.5, 0.0, 1.0, 1.0, 0.0, -0.5, 0.1
    x = float(generator(zeta, mu, s))
    z = float(discriminator_logit(x, w1, w2, b))
    dz = float(non_saturating_grad(z))
    g = generator_grad([zeta], mu, s, w1, w2, b)
    return [("exercise", 3), ("zeta", zeta), ("mu", mu), ("s", s), ("w1", w1), ("w2", w2),
            ("b", b), ("lr", lr),
            ("x", x), ("w1 x", w1 * x), ("-b", -b), ("z", z), ("D", float(sigmoid(z))),
            ("dz", dz), ("w1", w1), ("dmu", g[0]), ("zeta", zeta), ("ds", g[1]),
            ("new mu", mu - lr * g[0]), ("new s", s - lr * g[1])]


def main():
    """Print every worked example as a transcript: name = value, in reading order."""
    examples = [worked_example, worked_example_saturation, worked_example_training,
                mistake_saturating_loss, claims_mode_hopping]
    for k, example in enumerate(examples):
        if k:
            print()
        print(f"# {example.__name__}: {example.__doc__.splitlines()[0]}")
        for name, value in example():
            shown = np.array2string(np.asarray(value), precision=5)
            print(f"{name:>22} = {shown}")


if __name__ == "__main__":
    main()
