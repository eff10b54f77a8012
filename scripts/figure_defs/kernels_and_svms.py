"""Figures of the page "Kernels and support vector machines"."""
import numpy as np

from kernels_and_svms import LAM_LARGE, LAM_SMALL, X10, Y10, solution


def _panel(ax, pal, lam):
    """The ten points, the separating line, the two margin lines, support vectors circled."""
    s = solution(lam)
    w, b = s["w"], s["b"]
    xs = np.linspace(-1.8, 4.5, 2)
    for level, style, width in ((0.0, "-", 2.2), (1.0, "--", 1.3), (-1.0, "--", 1.3)):
        ax.plot(xs, (level - b - w[0] * xs) / w[1], color=pal.fg, ls=style, lw=width)
    pos, neg = Y10 > 0, Y10 < 0
    ax.scatter(*X10[pos].T, marker="o", s=46, color=pal.series[0], zorder=3, label="y = +1")
    ax.scatter(*X10[neg].T, marker="s", s=42, color=pal.series[1], zorder=3, label="y = −1")
    sv = X10[s["sv"]]
    ax.scatter(*sv.T, s=260, facecolors="none", edgecolors=pal.series[2], lw=1.8, zorder=4,
               label="support vector")
    ax.set_xlim(-1.8, 4.5)
    ax.set_ylim(-1.5, 5.0)
    ax.set_aspect("equal")
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.set_title(f"λ = {lam:g}: street width {s['width']:.2f}, {len(s['sv'])} support vectors",
                 fontsize=10, color=pal.fg)
    ax.grid(True, lw=0.5)


def margin(fig, pal):
    """Left: a small lambda (narrow street, 3 support vectors). Right: a large one (wide, 7)."""
    fig.set_size_inches(8.8, 4.4)
    left, right = fig.subplots(1, 2)
    _panel(left, pal, LAM_SMALL)
    _panel(right, pal, LAM_LARGE)
    left.legend(frameon=False, fontsize=8.5, loc="upper left")
    fig.tight_layout()


FIGURES = {
    "kernels-and-svms-margin": margin,
}
