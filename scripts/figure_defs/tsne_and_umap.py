"""Figures of the page "t-SNE and UMAP"."""
import numpy as np

from tsne_and_umap import (COMPARE_TARGETS, RUN_EXAGGERATED, RUN_TARGET, run,
                           three_clusters)

NAMES = ("A (tight)", "B (4× looser)", "C (tight, far)")
MARKERS = ("o", "s", "^")


def _map(ax, U, labels, pal, title):
    for c in range(3):
        pts = U[labels == c]
        ax.plot(pts[:, 0], pts[:, 1], MARKERS[c], color=pal.series[c], ms=5,
                label=NAMES[c])
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_title(title, fontsize=11, color=pal.fg)
    ax.grid(True, lw=0.5)


def run_figure(fig, pal):
    """Left: the cost per step, exaggerated phase shaded. Right: the final map."""
    fig.set_size_inches(8.8, 3.9)
    left, right = fig.subplots(1, 2)
    U, costs = run(RUN_TARGET)
    steps = np.arange(1, len(costs) + 1)
    left.axvspan(1, RUN_EXAGGERATED, color=pal.muted, alpha=0.18, lw=0)
    left.text(RUN_EXAGGERATED * 1.15, costs.max() * 0.95, "early exaggeration\n(p × 4)",
              color=pal.muted, fontsize=9, va="top")
    left.plot(steps, costs, color=pal.series[0], lw=1.6)
    left.set_xscale("log")
    left.set_xlabel("gradient-descent step")
    left.set_ylabel("cost KL(p ‖ q), nats")
    left.set_title("the cost as the map unfolds", fontsize=11, color=pal.fg)
    left.grid(True, lw=0.5)
    _, labels = three_clusters()
    _map(right, U, labels, pal, f"the map after {len(costs)} steps, perplexity {RUN_TARGET:g}")
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    fig.legend(*right.get_legend_handles_labels(), frameon=False, fontsize=9,
               loc="lower right", ncol=3)


def perplexity_figure(fig, pal):
    """The same data mapped at a low and a high perplexity."""
    fig.set_size_inches(8.8, 4.1)
    axes = fig.subplots(1, 2)
    _, labels = three_clusters()
    for ax, target in zip(axes, COMPARE_TARGETS):
        _map(ax, run(target)[0], labels, pal, f"perplexity {target:g}")
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    fig.legend(*axes[0].get_legend_handles_labels(), frameon=False, fontsize=9,
               loc="lower center", ncol=3)


FIGURES = {
    "tsne-and-umap-run": run_figure,
    "tsne-and-umap-perplexity": perplexity_figure,
}
