"""Figures of the page "Encoder–decoder models"."""
import functools

import numpy as np

from encoder_decoder import (BAND, FIG_D, FIG_MAPS, FIG_SEQUENCES, FIG_T,
                             expected_lost_fraction, measured_lost_fraction)


@functools.cache
def _lost_fractions():
    """For T = 1..FIG_T, the band of single sequences' lost fractions and their mean, computed
    once for both palettes."""
    runs = [measured_lost_fraction(FIG_D, T, FIG_MAPS, FIG_SEQUENCES)
            for T in np.arange(1, FIG_T + 1)]
    lo, hi = 50 * (1 - BAND), 50 * (1 + BAND)
    band = np.array([np.percentile(r, [lo, hi]) for r in runs])
    band.flags.writeable = False
    return band, tuple(r.mean() for r in runs)


def bottleneck(fig, pal):
    """Fraction of a random sequence a d-number linear code loses, against the length T."""
    fig.set_size_inches(7.2, 4.0)
    ax = fig.add_subplot()
    lengths = np.arange(1, FIG_T + 1)
    band, means = _lost_fractions()
    ax.fill_between(lengths, band[:, 0], band[:, 1], color=pal.series[0], alpha=0.18, lw=0,
                    label=f"middle {BAND:.0%} of single sequences")
    fine = np.linspace(1, FIG_T, 400)
    ax.plot(fine, [expected_lost_fraction(FIG_D, T) for T in fine], color=pal.series[1], lw=2,
            label=f"derived: 0 up to T = {FIG_D}, then 1 − {FIG_D}/T")
    ax.plot(lengths, means, "o", color=pal.series[0], ms=4,
            label=f"measured average ({FIG_MAPS} maps × {FIG_SEQUENCES} sequences)")
    ax.axvline(FIG_D, color=pal.muted, lw=0.8, ls="--")
    ax.text(FIG_D + 0.6, 0.93, f"T = d = {FIG_D}", color=pal.muted, fontsize=9, va="top")
    ax.set_xlim(0, FIG_T + 1)
    ax.set_ylim(-0.02, 1.0)
    ax.set_xlabel("sequence length T (numbers to store)")
    ax.set_ylabel("fraction of the sequence lost")
    ax.set_title(f"A context of d = {FIG_D} numbers, best linear decoder", fontsize=11,
                 color=pal.fg)
    ax.grid(True, lw=0.5)
    ax.legend(frameon=False, fontsize=9, loc="lower right")
    fig.tight_layout()


FIGURES = {
    "encoder-decoder-bottleneck": bottleneck,
}
