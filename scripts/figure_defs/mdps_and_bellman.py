"""Figures of the page "Markov decision processes and the Bellman equation"."""
import matplotlib.patches as mpatches
import numpy as np

from mdps_and_bellman import (CELL_NAMES, COLS, GAMMA, GOAL, P_GRID, PIT, R_GRID, ROWS, START, STEP,
                              greedy_policy, policy_evaluation_exact, q_from_v, value_iteration)


def _num(v):
    return f"{v:.4f}".replace("-", "−")


def grid(fig, pal):
    """Left: V* and the greedy action in every cell. Right: how fast value iteration converges."""
    fig.set_size_inches(10.0, 3.9)
    V_last, history = value_iteration(P_GRID, R_GRID, GAMMA)
    pi = greedy_policy(q_from_v(V_last, P_GRID, R_GRID, GAMMA))
    V_star = policy_evaluation_exact(pi, P_GRID, R_GRID, GAMMA)   # exact, not the last sweep

    ax = fig.add_axes([0.01, 0.06, 0.44, 0.86])
    ax.set_xlim(-0.05, COLS + 0.05)
    ax.set_ylim(ROWS + 0.05, -0.3)
    ax.set_aspect("equal")
    ax.axis("off")
    for s in range(ROWS * COLS):
        row, col = divmod(s, COLS)
        colour = {GOAL: pal.series[2], PIT: pal.series[3]}.get(s, pal.fill)
        ax.add_patch(mpatches.Rectangle((col, row), 1, 1, fc=colour, ec=pal.fg, lw=1.2,
                                        alpha=0.35 if s in (GOAL, PIT) else 1.0))
        if s == GOAL:
            ax.text(col + 0.5, row + 0.55, "goal\n+1", ha="center", va="center", fontsize=13)
            continue
        if s == PIT:
            ax.text(col + 0.5, row + 0.55, "pit\n−1", ha="center", va="center", fontsize=13)
            continue
        ax.text(col + 0.08, row + 0.1, CELL_NAMES[s], fontsize=12, color=pal.fg, va="top",
                fontweight="bold")
        ax.text(col + 0.5, row + 0.78, f"V* = {_num(V_star[s])}", ha="center", va="center",
                fontsize=11.5)
        d_row, d_col = STEP[int(pi[s].argmax())]
        ax.annotate("", xy=(col + 0.5 + 0.28 * d_col, row + 0.45 + 0.22 * d_row),
                    xytext=(col + 0.5 - 0.28 * d_col, row + 0.45 - 0.22 * d_row),
                    arrowprops=dict(arrowstyle="-|>", color=pal.series[0], lw=2.4,
                                    mutation_scale=18))
        if s == START:
            ax.text(col + 0.92, row + 0.1, "start", fontsize=10, color=pal.muted, va="top",
                    ha="right")
    ax.set_title("V* and the greedy action (arrows)", fontsize=12, color=pal.fg)

    ax2 = fig.add_axes([0.56, 0.16, 0.42, 0.74])
    k = np.arange(len(history))
    errors = np.array([np.max(np.abs(h - V_star)) for h in history])
    shown = errors > 0
    ax2.semilogy(k[shown], errors[shown], marker="o", ms=3, lw=1.6, color=pal.series[0],
                 label="value iteration: largest error")
    bound = GAMMA ** k * np.max(np.abs(V_star))
    ax2.semilogy(k, bound, "--", lw=1.4, color=pal.series[1],
                 label=r"guarantee: $\gamma^k \max_s |V^*(s)|$")
    ax2.set_xlabel("sweep $k$")
    ax2.set_ylabel(r"$\max_s |V_k(s) - V^*(s)|$")
    ax2.grid(True, lw=0.5)
    ax2.legend(frameon=False, fontsize=9, loc="lower left")


FIGURES = {"mdps-grid": grid}
