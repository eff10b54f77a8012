"""Figures of the page "Q-learning"."""
import functools

import matplotlib.patches as mpatches
import numpy as np

from q_learning import (CLIFF, CLIFF_ALPHA, EPISODES, EPSILON, EXAMPLE_ALPHA, GAMMA, GOAL,
                        N_COLS, N_ROWS, START, cliff_comparison, gap_curve,
                        learn_from_random_moves, q_learning_update)

SMOOTH = 25          # episodes per moving-average window in the reward curves


def _cell_centre(s):
    row, col = divmod(s, N_COLS)
    return col + 0.5, N_ROWS - row - 0.5


def _grid(ax, pal):
    for s in range(N_ROWS * N_COLS):
        x, y = _cell_centre(s)
        face = pal.fill
        if s in CLIFF:
            face = pal.grid
        ax.add_patch(mpatches.Rectangle((x - 0.5, y - 0.5), 1, 1, fc=face, ec=pal.muted, lw=1))
        label = {START: "start", GOAL: "goal"}.get(s, "cliff" if s in CLIFF else "")
        if label:
            ax.text(x, y - 0.3, label, ha="center", va="center", fontsize=10, color=pal.fg)
    ax.set_xlim(-0.1, N_COLS + 0.1)
    ax.set_ylim(-0.1, N_ROWS + 0.1)
    ax.set_aspect("equal")
    ax.axis("off")


def cliff(fig, pal):
    """Left: both learners' greedy paths on the grid. Right: reward per episode while learning."""
    fig.set_size_inches(9.6, 3.8)
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.35]})
    _grid(left, pal)
    comp = cliff_comparison()
    for (method, colour, shift, style) in (("q-learning", pal.series[0], -0.1, "-"),
                                           ("sarsa", pal.series[1], 0.1, "--")):
        path = comp[method][0][0]
        pts = np.array([_cell_centre(s) for s in path]) + np.array([shift, shift])
        left.plot(pts[:, 0], pts[:, 1], style, color=colour, lw=2.4,
                  label="Q-learning" if method == "q-learning" else "SARSA")
        left.plot(*pts[-1], "o", color=colour, ms=6)
    left.legend(frameon=False, fontsize=9, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2)
    left.set_title("greedy paths after learning", fontsize=11, color=pal.fg)

    kernel = np.ones(SMOOTH) / SMOOTH
    for method, colour, style, name in (("q-learning", pal.series[0], "-", "Q-learning"),
                                        ("sarsa", pal.series[1], "--", "SARSA")):
        mean = comp[method][1].mean(axis=0)
        smooth = np.convolve(mean, kernel, mode="valid")
        right.plot(np.arange(SMOOTH, EPISODES + 1), smooth, style, color=colour, lw=1.8,
                   label=name)
    right.set_ylim(-40, 10)
    right.set_xlabel("episode")
    right.set_ylabel("reward collected in the episode")
    right.set_title(f"while exploring (ε = {EPSILON}, α = {CLIFF_ALPHA}, γ = {GAMMA})",
                    fontsize=11, color=pal.fg)
    right.legend(frameon=False, fontsize=9, loc="lower right")
    right.grid(True, lw=0.5)
    fig.tight_layout()


@functools.cache
def _convergence_gaps():
    """The three learners' gaps to Q*, computed once for both palettes."""
    _, random_gaps = learn_from_random_moves(q_learning_update, EPISODES, EXAMPLE_ALPHA, GAMMA, 0)
    return (random_gaps,
            gap_curve("q-learning", EPISODES, EXAMPLE_ALPHA, EPSILON),
            gap_curve("sarsa", EPISODES, EXAMPLE_ALPHA, EPSILON))


def convergence(fig, pal):
    """The largest gap to Q* against episodes, for three learners, on a log scale."""
    fig.set_size_inches(7.6, 3.9)
    ax = fig.subplots()
    random_gaps, q_gaps, sarsa_gaps = _convergence_gaps()
    curves = (
        (random_gaps, "Q-learning, random moves", pal.series[0], "-"),
        (q_gaps, "Q-learning, ε-greedy", pal.series[2], "-."),
        (sarsa_gaps, "SARSA, ε-greedy", pal.series[1], "--"),
    )
    episodes = np.arange(EPISODES + 1)
    for gaps, name, colour, style in curves:
        ax.semilogy(episodes, np.maximum(gaps, 1e-16), style, color=colour, lw=1.8, label=name)
    ax.set_xlabel("episodes learned from")
    ax.set_ylabel("largest gap to value iteration's Q*")
    ax.set_title(f"α = {EXAMPLE_ALPHA}, γ = {GAMMA}, ε = {EPSILON} for the ε-greedy learners",
                 fontsize=11, color=pal.fg)
    ax.legend(frameon=False, fontsize=9, loc="center right")
    ax.grid(True, lw=0.5)
    fig.tight_layout()


FIGURES = {
    "q-learning-cliff": cliff,
    "q-learning-convergence": convergence,
}
