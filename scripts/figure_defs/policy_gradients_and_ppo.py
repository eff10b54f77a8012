"""Figures of the page "Policy gradients and PPO"."""
import functools

import numpy as np

from policy_gradients_and_ppo import (EPS, LR, R_ARMS, RUNS, SHIFT, STEPS, THETA,
                                      ppo_clip_objective, train_reinforce)


@functools.cache
def _reinforce_runs(R, baseline):
    """The best arm's probability after every step, one row a run; computed once for both palettes."""
    runs = np.array([train_reinforce(THETA, np.array(R), STEPS, LR, baseline, seed=s)[:, -1]
                     for s in range(RUNS)])
    runs.flags.writeable = False
    return runs


def reinforce_and_clip(fig, pal):
    """Left: REINFORCE on the bandit, the best arm's probability averaged over the runs, with and
    without a baseline, and with every reward shifted up. Right: PPO's clipped objective
    against the ratio for a positive and a negative advantage."""
    fig.set_size_inches(8.8, 4.0)
    left, right = fig.subplots(1, 2)

    steps = np.arange(STEPS + 1)
    curves = [
        (R_ARMS + SHIFT, False, pal.series[1], f"no baseline, rewards + {SHIFT:.0f}"),
        (R_ARMS, False, pal.series[0], "no baseline, rewards 1, 2, 4"),
        (R_ARMS + SHIFT, True, pal.series[2], "baseline V (either rewards)"),
    ]
    for R, baseline, colour, label in curves:
        runs = _reinforce_runs(tuple(R), baseline)  # a tuple: the cache's key must be hashable
        if not baseline and R[0] > R_ARMS[0]:
            for run in runs[:12]:
                left.plot(steps, run, color=colour, lw=0.6, alpha=0.35)
        left.plot(steps, runs.mean(axis=0), color=colour, lw=2.2, label=label)
    left.set_ylim(0, 1.02)
    left.set_xlabel("REINFORCE step (one pull each)")
    left.set_ylabel("probability of the best arm")
    left.set_title(f"mean of {RUNS} runs (thin: single runs)", fontsize=11, color=pal.fg)
    left.legend(frameon=False, fontsize=8.5, loc="lower right")
    left.grid(True, lw=0.5)

    rho = np.linspace(0.0, 2.0, 401)
    right.axvspan(1 - EPS, 1 + EPS, color=pal.muted, alpha=0.18, lw=0)
    for A, colour in ((2.0, pal.series[0]), (-2.0, pal.series[1])):
        right.plot(rho, rho * A, color=colour, lw=1.2, ls="--")
        right.plot(rho, ppo_clip_objective(rho, A, EPS), color=colour, lw=2.4,
                   label=f"A = {A:+.0f}: clipped objective")
    right.plot([], [], color=pal.muted, ls="--", label="unclipped ratio times A")
    right.axvline(1.0, color=pal.muted, lw=0.8)
    right.set_xlabel("probability ratio (new over old)")
    right.set_ylabel("objective for one sample")
    right.set_title(f"PPO's clip, range {1 - EPS:.1f} to {1 + EPS:.1f}", fontsize=11, color=pal.fg)
    right.legend(frameon=False, fontsize=8.5, loc="lower left")
    right.grid(True, lw=0.5)
    fig.tight_layout()


FIGURES = {
    "ppo-reinforce-and-clip": reinforce_and_clip,
}
