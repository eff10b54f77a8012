"""Figures of the page "Reinforcement learning from human feedback"."""
import numpy as np

from probability import kl_divergence
from rlhf import NAMES, PI_REF, REWARD, optimal_policy


def beta_sweep(fig, pal):
    """The optimal policy, its expected reward and its KL from the reference, against beta."""
    fig.set_size_inches(8.8, 3.8)
    betas = np.geomspace(0.05, 20, 300)
    pis = np.array([optimal_policy(PI_REF, REWARD, b)[0] for b in betas])
    left, right = fig.subplots(1, 2)
    for k, name in enumerate(NAMES):
        left.semilogx(betas, pis[:, k], color=pal.series[k], lw=1.9,
                      label=f"{name} (reward {REWARD[k]:g}, reference {PI_REF[k]:g})")
        left.plot([betas[-1]], [PI_REF[k]], "o", color=pal.series[k], ms=4)
    left.set_xlabel("KL strength β (log scale)")
    left.set_ylabel("optimal probability π*(y)")
    left.set_title("who gets the probability", fontsize=11, color=pal.fg)
    left.set_ylim(0, 1.02)
    left.legend(frameon=False, fontsize=8, loc="upper right")
    left.grid(True, lw=0.5)

    reward = pis @ REWARD
    kls = [kl_divergence(p, PI_REF) for p in pis]
    right.semilogx(betas, reward, color=pal.series[0], lw=1.9, label="expected reward")
    right.semilogx(betas, kls, "--", color=pal.series[1], lw=1.9, label="KL from the reference")
    right.axhline(float(PI_REF @ REWARD), color=pal.muted, lw=0.8)
    right.text(0.06, float(PI_REF @ REWARD) - 0.2, "the reference's expected reward",
               fontsize=8, color=pal.muted)
    right.set_xlabel("KL strength β (log scale)")
    right.set_title("what β trades", fontsize=11, color=pal.fg)
    right.legend(frameon=False, fontsize=9, loc="upper right")
    right.grid(True, lw=0.5)


FIGURES = {"rlhf-beta": beta_sweep}
