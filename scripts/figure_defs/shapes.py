"""Figures of the page "Vectors, matrices and shapes"."""
import numpy as np
from matplotlib.patches import FancyArrowPatch, Polygon, Rectangle

from shapes import (EXAMPLE_W1, EXAMPLE_X, l1_norm, l2_norm, matmul_loops, matmul_shape,
                    transpose, unit_ball_boundary)

ROW, COL = 2, 0  # the entry worked out in full on the page: third example, first neuron


def _grid(ax, M, x0, y_top, pal, *, row=None, col=None, cell=None, inner=None):
    """Draw matrix M as a grid of unit cells, top-left corner at (x0, y_top).

    ``row``/``col``/``cell`` shade one row, one column or one entry; ``inner`` ("cols" or
    "rows") colours the edge that carries the shared inner dimension.
    """
    rows, cols = M.shape
    for i in range(rows):
        for j in range(cols):
            hot = (i == row) or (j == col) or (cell is not None and (i, j) == cell)
            ax.add_patch(Rectangle((x0 + j, y_top - i - 1), 1, 1, lw=1.0, ec=pal.muted,
                                   fc=pal.series[0] if hot else pal.fill,
                                   alpha=0.35 if hot else 1.0, zorder=1))
            ax.text(x0 + j + 0.5, y_top - i - 0.5, f"{M[i, j]:g}", ha="center", va="center",
                    fontsize=10, color=pal.fg, zorder=3)
    ax.add_patch(Rectangle((x0, y_top - rows), cols, rows, lw=1.6, ec=pal.fg, fc="none", zorder=2))
    # Side labels: number of rows on the left, number of columns on top.
    rows_colour = pal.series[1] if inner == "rows" else pal.fg
    cols_colour = pal.series[1] if inner == "cols" else pal.fg
    ax.text(x0 - 0.25, y_top - rows / 2, f"{rows}", ha="right", va="center", fontsize=12,
            color=rows_colour, fontweight="bold")
    ax.text(x0 + cols / 2, y_top + 0.25, f"{cols}", ha="center", va="bottom", fontsize=12,
            color=cols_colour, fontweight="bold")
    if inner == "rows":
        ax.plot([x0, x0], [y_top - rows, y_top], color=pal.series[1], lw=4, zorder=4,
                solid_capstyle="butt")
    if inner == "cols":
        ax.plot([x0, x0 + cols], [y_top, y_top], color=pal.series[1], lw=4, zorder=4,
                solid_capstyle="butt")


def shape_rule(fig, pal):
    """X (batch x features) times W transposed gives one row per example, one column per unit."""
    fig.set_size_inches(7.6, 3.9)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_aspect("equal")
    ax.axis("off")
    X, WT = EXAMPLE_X, transpose(EXAMPLE_W1)
    Z = matmul_loops(X, WT)
    (m, n), (n2, k) = X.shape, WT.shape
    out_shape = matmul_shape(X.shape, WT.shape)
    top = m
    gap = 2.0
    x_X = 0.0
    x_W = x_X + n + gap
    x_Z = x_W + k + gap
    _grid(ax, X, x_X, top, pal, row=ROW, inner="cols")
    _grid(ax, WT, x_W, top, pal, col=COL, inner="rows")
    _grid(ax, Z, x_Z, top, pal, cell=(ROW, COL))
    ax.text(x_X + n + gap / 2, top - m / 2, "·", ha="center", va="center", fontsize=26, color=pal.fg)
    ax.text(x_W + k + gap * 0.4, top - m / 2, "=", ha="center", va="center", fontsize=20, color=pal.fg)
    # Names under each grid.
    ax.text(x_X + n / 2, -0.55, "X", ha="center", va="top", fontsize=13, color=pal.fg, style="italic")
    ax.text(x_W + k / 2, -0.55, "Wᵀ", ha="center", va="top", fontsize=13, color=pal.fg, style="italic")
    ax.text(x_Z + k / 2, -0.55, "X Wᵀ", ha="center", va="top", fontsize=13, color=pal.fg,
            style="italic")
    # The shape rule written out, the inner sizes in the highlight colour.
    y = -1.75
    parts = [(f"({m} × ", pal.fg), (f"{n}", pal.series[1]), (") · (", pal.fg),
             (f"{n2}", pal.series[1]), (f" × {k})  →  ({out_shape[0]} × {out_shape[1]})", pal.fg)]
    text = None
    for s, colour in parts:
        if text is None:
            text = ax.text(x_X, y, s, ha="left", va="center", fontsize=13, color=colour)
        else:
            text = ax.annotate(s, xycoords=text, xy=(1, 0.5), va="center", ha="left", fontsize=13,
                               color=colour)
    ax.text(x_X, y - 0.7, "the inner sizes (marked) must match, and vanish from the result;\n"
            "the outer sizes give its shape. Shaded: one row of X meets one column of Wᵀ\n"
            "in one entry of the result.", ha="left", va="top", fontsize=10.5, color=pal.muted,
            linespacing=1.4)
    ax.set_xlim(x_X - 1.0, x_Z + k + 0.4)
    ax.set_ylim(y - 2.0, top + 1.0)


def norms(fig, pal):
    """Unit circle (L2) and unit diamond (L1); a difference vector and its two lengths."""
    fig.set_size_inches(7.6, 3.8)
    ax1 = fig.add_axes([0.04, 0.12, 0.36, 0.78])
    ax2 = fig.add_axes([0.46, 0.12, 0.52, 0.78])
    # Left: the points at distance one, measured two ways.
    circle = unit_ball_boundary(l2_norm, num=400)
    diamond = unit_ball_boundary(l1_norm, num=400)
    ax1.add_patch(Polygon(circle, closed=True, fc="none", ec=pal.series[0], lw=2,
                          label="L2 norm = 1 (circle)"))
    ax1.add_patch(Polygon(diamond, closed=True, fc=pal.series[1], alpha=0.15, ec="none"))
    ax1.add_patch(Polygon(diamond, closed=True, fc="none", ec=pal.series[1], lw=2, ls="--",
                          label="L1 norm = 1 (diamond)"))
    ax1.axhline(0, color=pal.grid, lw=0.8, zorder=0)
    ax1.axvline(0, color=pal.grid, lw=0.8, zorder=0)
    ax1.set_xlim(-1.45, 1.45)
    ax1.set_ylim(-1.45, 1.45)
    ax1.set_aspect("equal")
    ax1.set_title("points at distance one", fontsize=11, color=pal.fg)
    ax1.legend(frameon=False, fontsize=8.5, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=1)
    # Right: from p to q, by the streets (L1) and as the crow flies (L2).
    p, q = np.array([1.0, 2.0]), np.array([4.0, -2.0])
    d = q - p
    corner = np.array([q[0], p[1]])
    ax2.plot([p[0], corner[0], q[0]], [p[1], corner[1], q[1]], color=pal.series[1], lw=2, ls="--")
    ax2.add_patch(FancyArrowPatch(p, q, arrowstyle="-|>", mutation_scale=16, color=pal.series[0],
                                  lw=2, shrinkA=0, shrinkB=0))
    ax2.text((p[0] + corner[0]) / 2, p[1] + 0.2, f"{abs(d[0]):g} blocks", ha="center", va="bottom",
             fontsize=9.5, color=pal.series[1])
    ax2.text(q[0] + 0.2, (corner[1] + q[1]) / 2, f"{abs(d[1]):g} blocks", ha="left", va="center",
             fontsize=9.5, color=pal.series[1])
    ax2.text(4.7, 2.6, f"L1 = {abs(d[0]):g} + {abs(d[1]):g} = {l1_norm(d):g}", ha="left", va="center",
             fontsize=10, color=pal.series[1])
    ax2.text(-1.6, -2.6, f"L2 = √({d[0]:g}² + ({d[1]:g})²) = {l2_norm(d):g}", ha="left",
             va="center", fontsize=10, color=pal.series[0])
    for name, pt, dx in (("p", p, -0.3), ("q", q, -0.3)):
        ax2.plot(*pt, "o", color=pal.fg, ms=5, zorder=5)
        ax2.text(pt[0] + dx, pt[1], f"{name} = ({pt[0]:g}, {pt[1]:g})", ha="right", va="center",
                 fontsize=9.5, color=pal.fg)
    ax2.set_xlim(-1.8, 7.8)
    ax2.set_ylim(-3.2, 3.2)
    ax2.set_aspect("equal")
    ax2.grid(True, lw=0.5)
    ax2.set_title("the distance from p to q", fontsize=11, color=pal.fg)
    for ax in (ax1, ax2):
        ax.tick_params(labelsize=8)


FIGURES = {
    "vectors-and-shapes-shape-rule": shape_rule,
    "vectors-and-shapes-norms": norms,
}
