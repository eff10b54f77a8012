"""Figures of the page "Convolutional networks"."""
import matplotlib.patches as mpatches
import numpy as np

from convolutional_networks import (EXAMPLE_CELL, EXAMPLE_W, EXAMPLE_X, conv2d_backward,
                                    convolve2d, cross_correlate2d, receptive_field)


def _num(v):
    return f"{v:g}".replace("-", "−")


def _grid(ax, pal, values, origin, highlight=None, colour=None, title=None):
    """A grid of numbered cells with its top-left corner at ``origin``; ``highlight`` is a
    (row, column, rows, columns) block drawn with a thick coloured frame and a tint."""
    x0, y0 = origin
    rows, cols = values.shape
    for i in range(rows):
        for j in range(cols):
            inside = highlight is not None and highlight[0] <= i < highlight[0] + highlight[2] \
                and highlight[1] <= j < highlight[1] + highlight[3]
            ax.add_patch(mpatches.Rectangle((x0 + j, y0 - i - 1), 1, 1, lw=1,
                                            ec=pal.muted, fc=pal.fill if not inside else colour,
                                            alpha=1.0 if not inside else 0.28))
            ax.text(x0 + j + 0.5, y0 - i - 0.5, _num(values[i, j]), ha="center", va="center",
                    fontsize=13, color=pal.fg)
    if highlight is not None:
        i, j, h, w = highlight
        ax.add_patch(mpatches.Rectangle((x0 + j, y0 - i - h), w, h, lw=2.6, ec=colour,
                                        fc="none"))
    if title:
        ax.text(x0 + cols / 2, y0 + 0.35, title, ha="center", va="bottom", fontsize=12,
                color=pal.fg)


def _canvas(fig, size, xlim, ylim):
    """One borderless axes with equal scales, for drawings made of cells."""
    fig.set_size_inches(*size)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def sliding(fig, pal):
    """The 2x2 kernel over the 4x4 input: cross-correlation (top) and convolution (bottom)."""
    ax = _canvas(fig, (9.6, 6.4), (-0.3, 12.3), (-10.2, 2.2))
    x, w, (i, j) = EXAMPLE_X, EXAMPLE_W, EXAMPLE_CELL
    k = w.shape[0]
    rows = [(0.0, w, cross_correlate2d(x, w), "cross-correlation: the kernel as it is",
             pal.series[0]),
            (-6.0, np.flip(w), convolve2d(x, w), "convolution: the kernel turned 180°",
             pal.series[1])]
    for top, kernel, out, label, colour in rows:
        ax.text(0, top + 1.0, label, ha="left", va="bottom", fontsize=13, color=colour,
                fontweight="bold")
        _grid(ax, pal, x, (0, top), (i, j, k, k), colour, "input")
        ax.text(4.75, top - 2, "·", ha="center", va="center", fontsize=26, color=pal.fg)
        _grid(ax, pal, kernel, (5.5, top - 1), (0, 0, k, k), colour, "kernel")
        ax.text(8.25, top - 2, "→", ha="center", va="center", fontsize=22, color=pal.fg)
        _grid(ax, pal, out, (9.0, top - 0.5), (i, j, 1, 1), colour, "output")


def _influence(layers, n_in):
    """For a 1-D stack of (kernel, stride) layers on n_in cells: which cells of every layer
    reach the middle unit of the top layer (True where the backward pass is not zero)."""
    sizes = [n_in]
    for kernel, stride in layers:
        sizes.append((sizes[-1] - kernel) // stride + 1)
    delta = np.zeros((1, 1, sizes[-1]))
    delta[0, 0, sizes[-1] // 2] = 1.0
    masks = [delta[0, 0] != 0]
    for (kernel, stride), n in zip(reversed(layers), reversed(sizes[:-1])):
        dx = conv2d_backward(delta, np.ones((1, 1, n)), np.ones((1, 1, 1, kernel)),
                             stride=stride)[0]
        delta = (dx != 0).astype(float)
        masks.append(delta[0, 0] != 0)
    return list(reversed(masks)), sizes


def _stack(ax, pal, layers, n_in, x_off, title):
    masks, sizes = _influence(layers, n_in)
    sides = receptive_field(layers)
    centres = [np.arange(n_in) + 0.5]          # each unit drawn above the middle of its window
    for (kernel, stride), n in zip(layers, sizes[1:]):
        below = centres[-1]
        centres.append(np.array([(below[c * stride] + below[c * stride + kernel - 1]) / 2
                                 for c in range(n)]))
    for level, (mask, n) in enumerate(zip(masks, sizes)):
        y = level * 1.6
        for c in range(n):
            on = mask[c]
            ax.add_patch(mpatches.Rectangle((x_off + centres[level][c] - 0.45, y), 0.9, 0.9,
                                            lw=1, ec=pal.muted,
                                            fc=pal.series[0] if on else pal.fill,
                                            alpha=0.8 if on else 1.0))
        name = "input" if level == 0 else f"layer {level}"
        ax.text(x_off - 0.4, y + 0.45, name, ha="right", va="center", fontsize=11,
                color=pal.fg)
        if level > 0:
            ax.text(x_off + n_in + 0.3, y + 0.45, f"one unit sees {sides[level - 1]} inputs", ha="left",
                    va="center", fontsize=11, color=pal.series[0])
    ax.text(x_off + n_in / 2, len(sizes) * 1.6 - 0.2, title, ha="center", va="bottom",
            fontsize=12, color=pal.fg)


def receptive(fig, pal):
    """Receptive field growth through two 1-D stacks of three-wide layers."""
    ax = _canvas(fig, (10.0, 3.6), (-2.6, 44.5), (-0.5, 7.4))
    _stack(ax, pal, [(3, 1)] * 3, 9, 0.0, "kernel 3, stride 1, three times")
    _stack(ax, pal, [(3, 2), (3, 2), (3, 1)], 17, 20.5, "kernel 3; strides 2, 2, 1")


FIGURES = {
    "convolutional-networks-sliding": sliding,
    "convolutional-networks-receptive": receptive,
}
