"""Figures of the page "Generative adversarial networks"."""
import functools

import numpy as np

from gans import TRAIN, train_gan


def density(x, mu, s):
    """The normal density N(mu, s^2) at x (s may come out negative: only |s| matters)."""
    s = abs(s)
    return np.exp(-0.5 * ((x - mu) / s) ** 2) / (s * np.sqrt(2 * np.pi))


@functools.cache
def _history():
    """The generator's (mean, spread) after every round, computed once for both palettes."""
    h = train_gan(**TRAIN)
    h.flags.writeable = False
    return h


def training(fig, pal):
    """Left: the data's density and the generator's at the start, at its narrowest and at the
    end. Right: the generator's mean and spread over the rounds of training."""
    fig.set_size_inches(8.8, 3.8)
    left, right = fig.subplots(1, 2)
    h = _history()
    low = int(np.argmin(h[:300, 1]))
    (mu_data, s_data), (mu0, s0) = TRAIN["data"], TRAIN["start"]

    x = np.linspace(-4.0, 3.5, 600)
    left.fill_between(x, density(x, mu_data, s_data), color=pal.muted, alpha=0.35, lw=0,
                      label="real data")
    for k, colour, style, name in ((0, pal.series[0], ":", "generator, start"),
                                   (low, pal.series[1], "--", f"round {low}: narrowest"),
                                   (len(h) - 1, pal.series[2], "-", f"round {len(h) - 1}")):
        left.plot(x, density(x, h[k, 0], h[k, 1]), ls=style, color=colour, lw=2, label=name)
    left.set_ylim(0, 2.3)
    left.set_xlabel("x")
    left.set_ylabel("density")
    left.set_title("what the generator produces", fontsize=11, color=pal.fg)
    left.legend(frameon=False, fontsize=9, loc="upper left")
    left.grid(True, lw=0.5)

    rounds = np.arange(len(h))
    right.plot(rounds, h[:, 0], color=pal.series[0], lw=1.8, label="mean μ")
    right.plot(rounds, h[:, 1], color=pal.series[1], lw=1.8, label="spread s")
    right.axhline(mu_data, color=pal.series[0], ls="--", lw=1)
    right.axhline(s_data, color=pal.series[1], ls="--", lw=1)
    right.plot([low], [h[low, 1]], "o", color=pal.series[1], ms=6)
    right.set_xlabel("round (five discriminator steps, one generator step)")
    right.set_ylabel("generator parameter")
    right.set_title("mean and spread; dashed: the data's", fontsize=11, color=pal.fg)
    right.legend(frameon=False, fontsize=9, loc="lower right")
    right.grid(True, lw=0.5)
    fig.tight_layout()


FIGURES = {
    "gans-training": training,
}
