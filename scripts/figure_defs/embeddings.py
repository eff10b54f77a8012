"""Figures of the page "Embeddings"."""
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import FancyArrowPatch

from embeddings import KING, MAN, QUEEN, TABLE, WOMAN, WORDS, analogy, cosine_matrix


def _arrow(ax, start, end, colour, *, ls="-", lw=2.0):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, color=colour,
                                 lw=lw, ls=ls, shrinkA=0, shrinkB=0, zorder=3))


def analogy_and_similarity(fig, pal):
    """Left: the people words in the table's first two coordinates, and king − man + woman.
    Right: the cosine similarity of every pair of the six words."""
    fig.set_size_inches(8.4, 4.0)
    left = fig.add_axes([0.07, 0.13, 0.40, 0.76])
    right = fig.add_axes([0.60, 0.13, 0.34, 0.76])

    # Left panel: each person word as an arrow from the origin.
    E = TABLE[:, :2]
    best, _, target = analogy(TABLE, MAN, KING, WOMAN)
    target = target[:2]
    origin = np.zeros(2)
    label_at = {KING: (0.06, 0.06), QUEEN: (0.06, 0.06), MAN: (0.06, -0.12), WOMAN: (-0.22, 0.1)}
    for i, colour in ((KING, pal.series[0]), (QUEEN, pal.series[2]), (MAN, pal.series[0]),
                      (WOMAN, pal.series[2])):
        _arrow(left, origin, E[i], colour)
        dx, dy = label_at[i]
        left.text(E[i][0] + dx, E[i][1] + dy, WORDS[i], fontsize=10.5, color=pal.fg)
    step = E[WOMAN] - E[MAN]
    _arrow(left, E[MAN], E[WOMAN], pal.series[1], ls="--", lw=1.6)
    _arrow(left, E[KING], E[KING] + step, pal.series[1], ls="--", lw=1.6)
    left.plot(*target, marker="X", ms=10, color=pal.series[1], zorder=4, ls="none")
    left.text(target[0] - 0.1, target[1] + 0.15, "king − man + woman", fontsize=9.5,
              color=pal.series[1])
    left.text(0.48, 0.64, "woman − man", fontsize=9, color=pal.series[1], rotation=-26)
    left.set_xlim(-0.1, 3.5)
    left.set_ylim(-0.1, 2.3)
    left.set_aspect("equal")
    left.grid(True, lw=0.5)
    left.set_xlabel("coordinate 1", fontsize=9.5)
    left.set_ylabel("coordinate 2", fontsize=9.5)
    left.set_title(f"nearest to the target: {WORDS[best]} (query words left out)", fontsize=10,
                   color=pal.fg)
    left.tick_params(labelsize=8)

    # Right panel: the cosine similarity matrix as a heat map.
    C = cosine_matrix(TABLE)
    cmap = LinearSegmentedColormap.from_list("sim", [pal.fill, pal.series[0]])
    right.imshow(C, cmap=cmap, vmin=0.0, vmax=1.0)
    for i in range(len(C)):
        for j in range(len(C)):
            colour = pal.fill if C[i, j] > 0.6 else pal.fg
            right.text(j, i, f"{C[i, j]:.2f}", ha="center", va="center", fontsize=8.5,
                       color=colour)
    right.set_xticks(range(len(WORDS)))
    right.set_yticks(range(len(WORDS)))
    right.set_xticklabels(WORDS, rotation=45, ha="right", fontsize=9)
    right.set_yticklabels(WORDS, fontsize=9)
    right.tick_params(length=0)
    for spine in right.spines.values():
        spine.set_visible(False)
    right.set_title("cosine similarity", fontsize=10, color=pal.fg)


FIGURES = {
    "embeddings-analogy": analogy_and_similarity,
}
