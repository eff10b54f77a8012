"""Figures of the page "Activation functions"."""
import numpy as np
from matplotlib.patches import Rectangle

from activations import (gelu, gelu_grad, gelu_minimum, leaky_relu, leaky_relu_grad, relu,
                         relu_grad, sigmoid, sigmoid_grad, tanh, tanh_grad)

LEAKY_SLOPE = 0.1  # larger than the usual 0.01 so the leak is visible at this scale


def _with_gap(z, y):
    """Break the line where y jumps (ReLU's derivative at 0) instead of drawing a vertical edge."""
    y = np.asarray(y, dtype=float).copy()
    jumps = np.flatnonzero(np.abs(np.diff(y)) > 0.3)
    return np.insert(z, jumps + 1, np.nan), np.insert(y, jumps + 1, np.nan)


def _style(ax, pal, title, ylabel):
    ax.set_title(title, fontsize=11, color=pal.fg)
    ax.set_xlabel("z")
    ax.set_ylabel(ylabel)
    ax.grid(True, lw=0.5)
    ax.axhline(0, color=pal.muted, lw=0.8)
    ax.axvline(0, color=pal.muted, lw=0.8)


def curves(fig, pal):
    """Five activations (left) and their derivatives (right), with GELU's dip magnified."""
    fig.set_size_inches(8.8, 4.2)
    z = np.linspace(-4, 4, 800)  # an even count: z = 0 itself is never sampled
    specs = [
        ("sigmoid", sigmoid, sigmoid_grad, "-"),
        ("tanh", tanh, tanh_grad, "-"),
        ("ReLU", relu, relu_grad, "-"),
        (f"Leaky ReLU (ν = {LEAKY_SLOPE:g})", lambda v: leaky_relu(v, LEAKY_SLOPE),
         lambda v: leaky_relu_grad(v, LEAKY_SLOPE), "--"),
        ("GELU", gelu, gelu_grad, "-"),
    ]
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.3, 1.0]})
    for (label, f, df, ls), colour in zip(specs, pal.series):
        lw = 2.4 if label == "GELU" else 1.7
        left.plot(z, f(z), color=colour, ls=ls, lw=lw, label=label)
        right.plot(*_with_gap(z, df(z)), color=colour, ls=ls, lw=lw, label=label)
    _style(left, pal, "activations", "f(z)")
    _style(right, pal, "derivatives", "f′(z)")
    left.set_ylim(-1.15, 2.2)
    right.set_ylim(-0.25, 1.25)
    left.legend(frameon=False, fontsize=9, loc="lower right")  # the empty lower-right corner

    # The sigmoid's slope never exceeds a quarter.
    s_max = float(sigmoid_grad(0.0))
    right.annotate(f"sigmoid′ ≤ {s_max:g}", xy=(0, s_max), xytext=(1.3, 0.3), fontsize=9,
                   color=pal.series[0], arrowprops=dict(arrowstyle="->", color=pal.series[0]))
    x_min, y_min = gelu_minimum()
    right.annotate("GELU′ < 0 here:\nGELU decreases", xy=(-1.6, float(gelu_grad(-1.6))),
                   xytext=(-3.9, 0.5), fontsize=9, color=pal.series[4],
                   arrowprops=dict(arrowstyle="->", color=pal.series[4]))

    # Inset: GELU's dip below zero, with its minimum marked.
    inset = left.inset_axes([0.11, 0.5, 0.45, 0.44])  # the empty upper-left corner
    zi = np.linspace(-4.0, 0.5, 400)
    inset.plot(zi, gelu(zi), color=pal.series[4], lw=2)
    inset.axhline(0, color=pal.muted, lw=0.6)
    inset.plot([x_min], [y_min], "o", color=pal.fg, ms=4)
    inset.annotate(f"minimum {y_min:.4f}\nat z = {x_min:.4f}".replace("-", "−"),
                   xy=(x_min, y_min), xytext=(-3.9, -0.225), va="bottom", fontsize=8,
                   color=pal.fg, arrowprops=dict(arrowstyle="->", color=pal.muted, lw=0.8))
    inset.set_xlim(-4.0, 0.5)
    inset.set_ylim(-0.24, 0.06)
    inset.set_yticks([-0.2, -0.1, 0.0])
    inset.set_xticks([-4, -3, -2, -1, 0])
    inset.tick_params(labelsize=7.5)
    inset.spines[["top", "right"]].set_visible(True)  # a magnifier keeps its full frame
    # savefig(transparent=True) clears axes backgrounds, so paint an opaque card by hand.
    inset.add_patch(Rectangle((0, 0), 1, 1, transform=inset.transAxes, fc=pal.fill, ec="none",
                              zorder=-1))
    inset.set_title("GELU dips, then rises", fontsize=9, color=pal.fg, pad=2)
    for spine in inset.spines.values():
        spine.set_color(pal.muted)
    left.indicate_inset_zoom(inset, edgecolor=pal.muted)
    fig.tight_layout()


FIGURES = {
    "activations-curves": curves,
}
