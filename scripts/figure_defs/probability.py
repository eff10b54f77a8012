"""Figures of the page "Probability and information"."""
import functools
import math

import numpy as np

from probability import (TOSSES, WEATHER_P, WEATHER_Q, bernoulli_log_likelihood, bernoulli_mle,
                         cross_entropy, entropy, fit_gaussian_by_kl, gaussian_pdf, kl_divergence)

# The two-bump distribution of the forward/reverse KL figure, on a grid.
BUMPS_X = np.linspace(-6.0, 6.0, 481)
BUMPS = ((0.35, -2.0, 0.6), (0.65, 2.0, 0.7))   # (weight, mean, standard deviation)
FIT_MUS = np.linspace(-4.0, 4.0, 161)
FIT_SIGMAS = np.linspace(0.2, 3.5, 67)


def bumps():
    """The two-bump distribution as probabilities on the grid BUMPS_X."""
    p = sum(w * gaussian_pdf(BUMPS_X, mu, s) for w, mu, s in BUMPS)
    return p / p.sum()


@functools.cache
def _kl_fit(direction):
    """The Gaussian closest to bumps() by forward or reverse KL; computed once for both palettes."""
    return fit_gaussian_by_kl(BUMPS_X, bumps(), direction, FIT_MUS, FIT_SIGMAS)


def _tidy(ax):
    ax.grid(True, lw=0.5)


def coin_entropy(fig, pal):
    """Entropy of a Bernoulli(theta) coin against theta, with its peak and the example's coin."""
    ax = fig.add_subplot(1, 1, 1)
    thetas = np.linspace(0.0, 1.0, 401)
    h = np.array([entropy([t, 1.0 - t]) for t in thetas])
    ax.plot(thetas, h, color=pal.series[0], lw=2.2, label="entropy of the coin, in nats")
    peak = entropy([0.5, 0.5])
    ax.axhline(peak, color=pal.muted, lw=1, ls="--")
    ax.plot([0.5], [peak], "o", color=pal.series[0], ms=7)
    ax.annotate(f"fair coin: ln 2 = {peak:.4f} nats = {entropy([0.5, 0.5], base=2):g} bit",
                (0.5, peak), xytext=(0.5, peak + 0.06), ha="center", color=pal.fg, fontsize=9)
    theta = bernoulli_mle(TOSSES)
    h7 = entropy([theta, 1.0 - theta])
    ax.plot([theta], [h7], "o", color=pal.series[1], ms=7)
    ax.annotate(f"θ = {theta:g}: {h7:.4f} nats", (theta, h7), xytext=(0.56, 0.3),
                color=pal.fg, fontsize=9,
                arrowprops=dict(arrowstyle="-", color=pal.muted, lw=0.8))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 0.85)
    ax.set_xlabel("θ = probability of heads")
    ax.set_ylabel("H(θ) in nats")
    bits = ax.secondary_yaxis("right", functions=(lambda v: v / math.log(2),
                                                  lambda b: b * math.log(2)))
    bits.set_ylabel("in bits", color=pal.muted)
    _tidy(ax)
    ax.spines["right"].set_visible(False)


def kl_both_ways(fig, pal):
    """The worked example's p and q as bars, and each outcome's KL contribution both ways."""
    p, q = WEATHER_P, WEATHER_Q
    labels = ["sun", "cloud", "rain"]
    xs = np.arange(3)
    w = 0.38
    left, right = fig.subplots(1, 2, gridspec_kw={"wspace": 0.35})
    left.bar(xs - w / 2, p, w, color=pal.series[0], label="p: the real weather")
    left.bar(xs + w / 2, q, w, color=pal.series[1], label="q: the forecaster")
    for x, a, b in zip(xs, p, q):
        left.text(x - w / 2, a + 0.01, f"{a:g}", ha="center", fontsize=8, color=pal.fg)
        left.text(x + w / 2, b + 0.01, f"{b:g}", ha="center", fontsize=8, color=pal.fg)
    left.set_xticks(xs, labels)
    left.set_ylabel("probability")
    left.set_ylim(0, 0.75)
    left.legend(frameon=False, fontsize=8, loc="upper right")
    left.set_title("two distributions", fontsize=10, color=pal.fg)
    fwd = p * np.log(p / q)
    rev = q * np.log(q / p)
    right.bar(xs - w / 2, fwd, w, color=pal.series[2],
              label=f"p ln(p/q): KL(p‖q) = {kl_divergence(p, q):.4f}")
    right.bar(xs + w / 2, rev, w, color=pal.series[3],
              label=f"q ln(q/p): KL(q‖p) = {kl_divergence(q, p):.4f}")
    right.axhline(0, color=pal.muted, lw=0.8)
    right.set_xticks(xs, labels)
    right.set_ylabel("contribution, nats")
    right.set_ylim(-0.15, 0.6)
    right.legend(frameon=False, fontsize=8, loc="upper left")
    right.set_title("each outcome's share of the KL", fontsize=10, color=pal.fg)
    for ax in (left, right):
        _tidy(ax)
        ax.grid(False)
        ax.grid(True, axis="y", lw=0.5)


def forward_reverse(fig, pal):
    """The single Gaussian closest to two bumps, by forward and by reverse KL."""
    ax = fig.add_subplot(1, 1, 1)
    x, p = BUMPS_X, bumps()
    dx = x[1] - x[0]
    ax.fill_between(x, p / dx, color=pal.fill, edgecolor=pal.fg, lw=1.5, label="p: two bumps")
    for direction, colour, style, name in (("forward", pal.series[0], "--", "KL(p‖q)"),
                                          ("reverse", pal.series[1], "-", "KL(q‖p)")):
        mu, sigma, kl = _kl_fit(direction)
        q = gaussian_pdf(x, mu, sigma)
        q = q / (q.sum() * dx)
        ax.plot(x, q, color=colour, lw=2.2, ls=style,
                label=f"{direction} KL, minimise {name}: μ = {mu:.2f}, σ = {sigma:.2f}")
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.set_xlim(-6, 6)
    ax.set_ylim(0, 0.62)
    ax.legend(frameon=False, fontsize=8.5, loc="upper left")
    _tidy(ax)


def coin_likelihood(fig, pal):
    """Log-likelihood of the ten tosses, and the average negative log-likelihood = cross-entropy."""
    left, right = fig.subplots(1, 2, gridspec_kw={"wspace": 0.35})
    thetas = np.linspace(0.05, 0.97, 300)
    ll = np.array([bernoulli_log_likelihood(t, TOSSES) for t in thetas])
    theta_hat = bernoulli_mle(TOSSES)
    best = bernoulli_log_likelihood(theta_hat, TOSSES)
    left.plot(thetas, ll, color=pal.series[0], lw=2.2)
    left.axvline(theta_hat, color=pal.muted, lw=1, ls="--")
    left.plot([theta_hat], [best], "o", color=pal.series[0], ms=7)
    left.annotate(f"θ̂ = {theta_hat:g}, ℓ = {best:.4f}", (theta_hat, best),
                  xytext=(0.1, best + 1.0), color=pal.fg, fontsize=9)
    left.set_ylim(-20, -4)
    left.set_xlabel("θ")
    left.set_ylabel("log-likelihood ℓ(θ)")
    left.set_title("log-likelihood of the tosses", fontsize=10, color=pal.fg)
    n = TOSSES.size
    emp = [theta_hat, 1 - theta_hat]
    avg = -ll / n
    ce = np.array([cross_entropy(emp, [t, 1 - t]) for t in thetas])
    right.plot(thetas, avg, color=pal.series[1], lw=2.2, label="average negative log-likelihood")
    right.plot(thetas[::25], ce[::25], "o", color=pal.series[2], ms=4,
               label="cross-entropy H(p̂, q_θ)")
    h = entropy(emp)
    right.axhline(h, color=pal.muted, lw=1, ls="--")
    right.annotate(f"H(p̂) = {h:.4f}", (0.1, h), xytext=(0.08, h - 0.12), color=pal.fg, fontsize=9)
    right.set_ylim(0.4, 2.0)
    right.set_xlabel("θ")
    right.set_ylabel("nats per toss")
    right.legend(frameon=False, fontsize=8, loc="upper right", bbox_to_anchor=(1.0, 0.8))
    right.set_title("the same curve upside down, per toss", fontsize=10, color=pal.fg)
    for ax in (left, right):
        _tidy(ax)


FIGURES = {
    "probability-coin-entropy": coin_entropy,
    "probability-kl-both-ways": kl_both_ways,
    "probability-forward-reverse": forward_reverse,
    "probability-coin-likelihood": coin_likelihood,
}
