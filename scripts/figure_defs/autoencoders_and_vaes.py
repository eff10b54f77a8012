"""Figures of the page "Autoencoders and variational autoencoders"."""
import functools
import math

import numpy as np

from autoencoders_and_vaes import (TOY_DRAWS, TOY_LR, TOY_STEPS, TOY_X, kl_gaussians,
                                   train_toy_encoder)
from probability import toy_elbo, toy_log_evidence

MUS = np.linspace(-1.5, 3.5, 201)
EVERY = 5


@functools.cache
def _training_path(through):
    """(mu, s) of the toy encoder after every EVERY-th step, computed once for both palettes."""
    path = np.array([train_toy_encoder(TOY_X, k, TOY_LR, TOY_DRAWS, through_sample=through)
                     for k in np.arange(0, TOY_STEPS + 1, EVERY)])
    path.flags.writeable = False
    return path


def bound_and_training(fig, pal):
    """Left: the toy model's log-evidence and its ELBO as the encoder's mean moves; the gap is
    the KL from q to the true posterior. Right: the encoder's mean and spread during training,
    with the gradient through the sample and with the sample treated as a constant."""
    fig.set_size_inches(8.8, 3.9)
    left, right = fig.subplots(1, 2)

    x, post_m, post_s = TOY_X, TOY_X / 2, math.sqrt(0.5)
    log_px = toy_log_evidence(x)
    elbo_best_s = np.array([toy_elbo(x, m, post_s) for m in MUS])
    elbo_prior_s = np.array([toy_elbo(x, m, 1.0) for m in MUS])
    gap = np.array([kl_gaussians(m, post_s, post_m, post_s) for m in MUS])
    left.axhline(log_px, color=pal.fg, lw=1.6, label="log p(x)")
    left.plot(MUS, elbo_best_s, color=pal.series[0], lw=2, label="ELBO, s = 0.71")
    left.plot(MUS, elbo_prior_s, color=pal.series[2], lw=1.6, ls="--", label="ELBO, s = 1")
    left.fill_between(MUS, elbo_best_s, elbo_best_s + gap, color=pal.series[0], alpha=0.15,
                      lw=0, label="gap = KL(q ‖ posterior)")
    left.plot([post_m], [log_px], "o", color=pal.series[1], ms=7)
    left.annotate("touches at the\ntrue posterior", xy=(post_m, log_px), xytext=(1.7, -4.6),
                  color=pal.fg, fontsize=9,
                  arrowprops=dict(arrowstyle="-", color=pal.muted, lw=1))
    left.set_ylim(-6.2, -1.6)
    left.set_xlabel("encoder mean μ")
    left.set_ylabel("nats")
    left.set_title("the ELBO is a lower bound (x = 2)", fontsize=11, color=pal.fg)
    left.legend(frameon=False, fontsize=8, loc="lower center")
    left.grid(True, lw=0.5)

    steps = np.arange(0, TOY_STEPS + 1, EVERY)
    for through, ls, z, name in ((True, "-", 2, "through the sample"),
                                 (False, ":", 3, "sample as a constant")):
        path = _training_path(through)
        right.plot(steps, path[:, 0], ls=ls, color=pal.series[0], lw=2.4, zorder=z, label=f"μ, {name}")
        right.plot(steps, path[:, 1], ls=ls, color=pal.series[1], lw=2.4, zorder=z, label=f"s, {name}")
    for value, text in ((post_m, "posterior mean 1"), (post_s, "posterior s 0.71")):
        right.axhline(value, color=pal.muted, lw=0.9, ls="--")
        right.text(TOY_STEPS, value + 0.03, text, color=pal.muted, fontsize=8, ha="right")
    right.set_ylim(-0.1, 1.25)
    right.set_xlabel("training step")
    right.set_title("reparameterised training, toy model", fontsize=11, color=pal.fg)
    right.legend(frameon=False, fontsize=8, loc="center right", bbox_to_anchor=(1.0, 0.36))
    right.grid(True, lw=0.5)
    fig.tight_layout()


FIGURES = {
    "vae-bound-and-training": bound_and_training,
}
