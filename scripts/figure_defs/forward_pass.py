"""Figures of the page "The neuron and the forward pass"."""
import numpy as np

from forward_pass import EXAMPLE_PARAMS, EXAMPLE_X, identity, mlp_forward, relu_interpolant


def network(fig, pal):
    """The 2 -> 3 -> 1 network of the worked example, every value computed by the snippet."""
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(-0.6, 2.7)
    ax.set_ylim(-0.35, 2.45)
    ax.axis("off")
    (z1, a1), (z2, a2) = mlp_forward(EXAMPLE_X, EXAMPLE_PARAMS)
    (W1, b1), (W2, b2) = EXAMPLE_PARAMS
    pos_in = [(0, 1.6), (0, 0.6)]
    pos_hid = [(1, 2.0), (1, 1.1), (1, 0.2)]
    pos_out = [(2, 1.1)]
    for j, (xh, yh) in enumerate(pos_hid):
        for i, (xi, yi) in enumerate(pos_in):
            w = W1[j, i]
            ax.plot([xi, xh], [yi, yh], color=pal.series[0] if w > 0 else pal.series[1],
                    lw=0.8 + 3 * abs(w), alpha=0.8, zorder=1)
            tx, ty = xi + 0.3 * (xh - xi), yi + 0.3 * (yh - yi)
            ax.text(tx, ty, f"{w:g}", fontsize=8, ha="center", va="center", color=pal.fg,
                    bbox=dict(boxstyle="round,pad=0.15", fc=pal.fill, ec="none"), zorder=3)
        w = W2[0, j]
        xo, yo = pos_out[0]
        ax.plot([xh, xo], [yh, yo], color=pal.series[0] if w > 0 else pal.series[1],
                lw=0.8 + 3 * abs(w), alpha=0.8, zorder=1)
        ax.text(xh + 0.55 * (xo - xh), yh + 0.55 * (yo - yh), f"{w:g}", fontsize=8, ha="center",
                va="center", color=pal.fg,
                bbox=dict(boxstyle="round,pad=0.15", fc=pal.fill, ec="none"), zorder=3)

    def node(xy, label, colour):
        ax.add_patch(__import__("matplotlib").patches.Circle(xy, 0.2, fc=pal.fill, ec=colour, lw=2,
                                                             zorder=2))
        ax.text(*xy, label, ha="center", va="center", fontsize=9, color=pal.fg, zorder=4)

    for i, xy in enumerate(pos_in):
        node(xy, f"x={EXAMPLE_X[i]:g}", pal.muted)
    for j, xy in enumerate(pos_hid):
        node(xy, f"{a1[j]:.2g}", pal.series[2])
        ax.text(xy[0], xy[1] - 0.3, f"z={z1[j]:.2g}, b={b1[j]:g}", ha="center", fontsize=8,
                color=pal.muted)
    node(pos_out[0], f"{a2[0]:.4f}", pal.series[3])
    ax.text(2, 0.8, f"z={z2[0]:.2f}, b={b2[0]:g}", ha="center", fontsize=8, color=pal.muted)
    ax.text(0, 2.3, "inputs", ha="center", fontsize=10, color=pal.fg)
    ax.text(1, 2.3, "hidden (ReLU)", ha="center", fontsize=10, color=pal.fg)
    ax.text(2, 2.3, "output (sigmoid)", ha="center", fontsize=10, color=pal.fg)
    ax.text(2.33, 1.1, "ŷ", fontsize=12, va="center", color=pal.fg)


def universal(fig, pal):
    """One hidden ReLU layer tracing sin(x) better as it gets more units."""
    ax = fig.add_subplot(1, 1, 1)
    xs = np.linspace(0, 2 * np.pi, 400)
    ax.plot(xs, np.sin(xs), color=pal.fg, lw=2.5, label="target: sin(x)")
    for k, (units, colour) in enumerate(zip((3, 6, 12), pal.series)):
        knots = np.linspace(0, 2 * np.pi, units + 1)
        params = relu_interpolant(knots, np.sin(knots))
        ys = mlp_forward(xs.reshape(-1, 1), params, output=identity)[-1][1].ravel()
        ax.plot(xs, ys, color=colour, lw=1.6, ls=("--", "-.", ":")[k],
                label=f"{units} ReLU units (max error {np.max(np.abs(ys - np.sin(xs))):.2f})")
    ax.set_xlabel("x")
    ax.set_ylabel("network output")
    ax.grid(True, lw=0.5)
    ax.legend(frameon=False, fontsize=9, loc="lower left")


FIGURES = {
    "forward-pass-network": network,
    "forward-pass-universal": universal,
}
