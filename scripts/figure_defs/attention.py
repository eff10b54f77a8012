"""Figures of the page "Attention and transformers"."""
import functools

import numpy as np

from attention import dot_product_variance, largest_weight

DKS = 2 ** np.arange(0, 11)   # d_k = 1, 2, 4, ..., 1024
KEYS = 16


@functools.cache
def _scaling_data():
    """The measured variances and largest weights, computed once for both palettes."""
    raw = tuple(dot_product_variance(int(d)) for d in DKS)
    unscaled = tuple(largest_weight(int(d), KEYS, scaled=False) for d in DKS)
    scaled = tuple(largest_weight(int(d), KEYS, scaled=True) for d in DKS)
    return raw, unscaled, scaled


def scaling(fig, pal):
    """Left: the variance of a dot product grows like d_k; divided by sqrt(d_k) it stays 1.
    Right: without the scaling the softmax saturates (one key takes almost all the weight)."""
    fig.set_size_inches(8.8, 3.9)
    left, right = fig.subplots(1, 2)
    raw, unscaled, scaled = _scaling_data()
    left.loglog(DKS, DKS, color=pal.muted, lw=1.2, ls="--", label="d_k (the derivation)")
    left.loglog(DKS, raw, "o", color=pal.series[0], label="measured, q·k")
    left.loglog(DKS, np.array(raw) / DKS, "s", color=pal.series[1],
                label="measured, q·k / √d_k")
    left.set_xlabel("d_k (entries per vector)")
    left.set_ylabel("variance of the score")
    left.set_title("the variance of a dot product is d_k", fontsize=11, color=pal.fg)
    left.legend(frameon=False, fontsize=9, loc="upper left")
    left.grid(True, lw=0.5, which="major")

    right.semilogx(DKS, unscaled, "o-", color=pal.series[0], label="softmax(q·k)")
    right.semilogx(DKS, scaled, "s-", color=pal.series[1], label="softmax(q·k / √d_k)")
    right.axhline(1 / KEYS, color=pal.muted, lw=1.2, ls="--")
    right.text(1.2, 1 / KEYS + 0.03, f"even split, 1/{KEYS}", color=pal.muted, fontsize=9)
    right.set_ylim(0, 1.05)
    right.set_xlabel("d_k (entries per vector)")
    right.set_ylabel(f"largest of {KEYS} weights, average")
    right.set_title("without the scaling, one key takes all", fontsize=11, color=pal.fg)
    right.legend(frameon=False, fontsize=9, loc="center right")
    right.grid(True, lw=0.5)
    for ax in (left, right):
        ax.set_xticks(DKS[::2])
        ax.set_xticklabels([str(int(d)) for d in DKS[::2]])
    fig.tight_layout()


FIGURES = {
    "attention-scaling": scaling,
}
