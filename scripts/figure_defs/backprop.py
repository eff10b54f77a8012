"""Figures of the page "Backpropagation"."""
import matplotlib.patches as mpatches
import numpy as np

from backprop import (EXAMPLE_PARAMS, EXAMPLE_X, EXAMPLE_Y, SKIP_PARAMS, SKIP_T, SKIP_X0,
                      backward, forward, gradient_norms_through_depth, skip_chain_backward,
                      skip_chain_forward)

RADIUS = 0.3


def _node(ax, pal, xy, label, value, grad, colour):
    """A circle named ``label`` with its forward value above and its gradient below."""
    ax.add_patch(mpatches.Circle(xy, RADIUS, fc=pal.fill, ec=colour, lw=2, zorder=3))
    ax.text(*xy, label, ha="center", va="center", fontsize=15, color=pal.fg, zorder=4)
    ax.text(xy[0], xy[1] + RADIUS + 0.06, value, ha="center", va="bottom", fontsize=13,
            color=pal.series[0], zorder=4)
    ax.text(xy[0], xy[1] - RADIUS - 0.06, grad, ha="center", va="top", fontsize=13,
            color=pal.series[1], zorder=4)


def _edge(ax, pal, a, b, label, frac=0.5, label_offset=(0.0, 0.0)):
    """An arrow from node a to node b, labelled with its local derivative."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    unit = (b - a) / np.linalg.norm(b - a)
    ax.add_patch(mpatches.FancyArrowPatch(
        a + RADIUS * unit, b - (RADIUS + 0.02) * unit, arrowstyle="-|>", mutation_scale=12,
        color=pal.muted, lw=1.2, shrinkA=0, shrinkB=0, zorder=1))
    x = a[0] + frac * (b[0] - a[0]) + label_offset[0]
    y = a[1] + frac * (b[1] - a[1]) + label_offset[1]
    ax.text(x, y, label, ha="center", va="center", fontsize=12, color=pal.fg, zorder=2,
            bbox=dict(boxstyle="round,pad=0.15", fc=pal.fill, ec=pal.grid, lw=0.6))


def _fmt(v):
    return f"{v:.4f}".replace("-", "−")


def graph(fig, pal):
    """The two-layer worked example as a computational graph: values, gradients, local slopes."""
    fig.set_size_inches(10.0, 4.6)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(-0.45, 8.35)
    ax.set_ylim(-0.6, 2.85)
    ax.set_aspect("equal")
    ax.axis("off")
    x, y = EXAMPLE_X, EXAMPLE_Y
    layers = forward(x, EXAMPLE_PARAMS)
    (z1, a1), (z2, a2) = layers
    (W1, _), (W2, _) = EXAMPLE_PARAMS
    out = backward(x, y, EXAMPLE_PARAMS, layers)
    sp1, sp2 = out["sigma_prime"]
    d1, d2 = out["deltas"]
    dx, da1 = out["dL_da"]
    (dW1, db1), (dW2, db2) = out["grads"]

    top, bottom, mid = 2.0, 0.75, 1.375
    p_x = [(0.0, top), (0.0, bottom)]
    p_z1 = [(1.9, top), (1.9, bottom)]
    p_a1 = [(3.45, top), (3.45, bottom)]
    p_z2, p_y, p_L = (5.05, mid), (6.5, mid), (8.0, mid)

    for j in range(2):
        for i in range(2):
            frac = 0.3 if i == j else 0.27
            _edge(ax, pal, p_x[i], p_z1[j], _fmt(W1[j, i]).rstrip("0").rstrip("."), frac=frac)
        _edge(ax, pal, p_z1[j], p_a1[j], f"σ′ {_fmt(sp1[j])}")
        _edge(ax, pal, p_a1[j], p_z2, _fmt(W2[0, j]).rstrip("0").rstrip("."), frac=0.45)
    _edge(ax, pal, p_z2, p_y, f"σ′ {_fmt(sp2[0])}")
    _edge(ax, pal, p_y, p_L, f"2(ŷ−y)\n{_fmt(out['dL_dyhat'][0])}", frac=0.5)

    for i in range(2):
        _node(ax, pal, p_x[i], f"$x_{i + 1}$", f"{x[i]:g}", _fmt(dx[i]), pal.muted)
    for j in range(2):
        _node(ax, pal, p_z1[j], f"$z^{{(1)}}_{j + 1}$", _fmt(z1[j]), _fmt(d1[j]), pal.series[2])
        _node(ax, pal, p_a1[j], f"$a^{{(1)}}_{j + 1}$", _fmt(a1[j]), _fmt(da1[j]), pal.series[2])
    _node(ax, pal, p_z2, "$z^{(2)}$", _fmt(z2[0]), _fmt(d2[0]), pal.series[3])
    _node(ax, pal, p_y, r"$\hat{y}$", _fmt(a2[0]), _fmt(out["dL_dyhat"][0]), pal.series[3])
    L = float(((a2 - y) ** 2).sum())
    _node(ax, pal, p_L, "$L$", _fmt(L), "1", pal.series[4])

    for x_text, text, colour in [(-0.4, "above a node: its value", pal.series[0]),
                                 (2.35, "below it: ∂L/∂(node)", pal.series[1]),
                                 (4.75, "on an edge: its local derivative", pal.fg)]:
        ax.text(x_text, 2.72, text, fontsize=12, color=colour, va="center")
    grads = (f"∂L/∂W⁽¹⁾ = δ⁽¹⁾xᵀ = [[{_fmt(dW1[0, 0])}, {_fmt(dW1[0, 1])}], "
             f"[{_fmt(dW1[1, 0])}, {_fmt(dW1[1, 1])}]]   ∂L/∂b⁽¹⁾ = δ⁽¹⁾ = "
             f"[{_fmt(db1[0])}, {_fmt(db1[1])}]\n"
             f"∂L/∂W⁽²⁾ = δ⁽²⁾a⁽¹⁾ᵀ = [{_fmt(dW2[0, 0])}, {_fmt(dW2[0, 1])}]   "
             f"∂L/∂b⁽²⁾ = δ⁽²⁾ = {_fmt(db2[0])}   target y = {y[0]:g}")
    ax.text(-0.4, -0.3, grads, fontsize=12, color=pal.fg, va="center", linespacing=1.5)


def skip(fig, pal):
    """The skip-connection chain as a computational graph, the skip edge labelled w_d2."""
    fig.set_size_inches(10.0, 3.3)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(-0.45, 8.55)
    ax.set_ylim(-1.2, 1.15)
    ax.set_aspect("equal")
    ax.axis("off")
    p, x0, t = SKIP_PARAMS, SKIP_X0, SKIP_T
    x = skip_chain_forward(x0, p)
    g = skip_chain_backward(x0, p, t)
    g["x0"] = g["x_a"] * p["w_a"]                          # dL/dx0, for completeness
    names = ["x0", "x_a", "x_b", "x_c", "x_d", "x_e"]
    labels = ["$x_0$", "$x_a$", "$x_b$", "$x_c$", "$x_d$", "$x_e$", "$L$"]
    pos = [(1.35 * k, 0.0) for k in range(7)]
    loss = (x["x_e"] - t) ** 2

    def num(v):
        return f"{v:g}".replace("-", "−")

    for k, node in enumerate("abcde"):
        _edge(ax, pal, pos[k], pos[k + 1], f"$w_{node}$ =\n{num(p['w_' + node])}")
    _edge(ax, pal, pos[5], pos[6], f"$2(x_e - y)$\n= {num(2 * (x['x_e'] - t))}")
    # The skip edge: an arc from the upper right of x_b to the upper left of x_d.
    corner = RADIUS / np.sqrt(2.0)
    ax.add_patch(mpatches.FancyArrowPatch(
        (pos[2][0] + corner, corner), (pos[4][0] - corner - 0.015, corner + 0.015),
        arrowstyle="-|>", mutation_scale=12, color=pal.series[4], lw=1.8, shrinkA=0, shrinkB=0,
        connectionstyle="arc3,rad=-0.45", zorder=1))
    ax.text(pos[3][0], 1.0, f"skip edge: local derivative $w_{{d2}}$ = {num(p['w_d2'])}, not 1",
            ha="center", va="center", fontsize=12, color=pal.fg,
            bbox=dict(boxstyle="round,pad=0.2", fc=pal.fill, ec=pal.series[4], lw=1.0))
    for k, name in enumerate(names):
        colour = pal.series[4] if name == "x_b" else pal.series[2]
        _node(ax, pal, pos[k], labels[k], num(x[name]), num(g[name]), colour)
    _node(ax, pal, pos[6], labels[6], num(loss), "1", pal.series[3])
    ax.text(-0.4, -0.78,
            "at $x_b$ the two outgoing edges add:  "
            r"$\partial L/\partial x_c \cdot w_c + \partial L/\partial x_d \cdot w_{d2}$"
            f" = {num(g['x_c'])} · {num(p['w_c'])} + {num(g['x_d'])} · {num(p['w_d2'])}"
            f" = {num(g['x_b'])}", fontsize=12.5, color=pal.fg, va="center")
    ax.text(-0.4, -1.08, "above a node: its value", fontsize=12, color=pal.series[0], va="center")
    ax.text(2.3, -1.08, "below it: ∂L/∂(node)", fontsize=12, color=pal.series[1], va="center")
    ax.text(4.7, -1.08, f"on an edge: its local derivative    target t = {num(t)}", fontsize=12,
            color=pal.fg, va="center")


def depth(fig, pal):
    """Gradient size per layer in a deep sigmoid network, plain versus residual."""
    fig.set_size_inches(7.0, 3.8)
    ax = fig.add_subplot(1, 1, 1)
    n_layers = 20
    for k, (residual, label, style) in enumerate(
            [(False, r"plain: $a^{(l)} = \sigma(W a^{(l-1)} + b)$", "-"),
             (True, r"residual: $a^{(l)} = a^{(l-1)} + \sigma(W a^{(l-1)} + b)$", "--")]):
        norms, _ = gradient_norms_through_depth(n_layers, residual=residual)
        ax.semilogy(range(n_layers + 1), norms, style, marker="o", ms=3.5, lw=1.8,
                    color=pal.series[k], label=label)
    ax.set_xlabel(f"layer $l$ (0 = the input, {n_layers} = the output)")
    ax.set_ylabel(r"size of $\partial L / \partial a^{(l)}$")
    ax.set_xticks(range(0, n_layers + 1, 2))
    ax.grid(True, lw=0.5)
    ax.legend(frameon=False, fontsize=9, loc="lower right")


FIGURES = {
    "backprop-graph": graph,
    "backprop-skip": skip,
    "backprop-depth": depth,
}
