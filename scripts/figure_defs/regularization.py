"""Figures of the page "Regularization"."""
import numpy as np

from regularization import (TRAIN, mse, noisy_sine, polynomial_features, proximal_gradient_l1,
                            ridge_fit, train_val_errors)

DEGREE = 12
LAMBDAS = np.logspace(-9, 1, 41)
DEGREES = np.arange(0, 16)
LAM_FIXED = 1e-3

# The 2-D picture: loss(w) = (w - C)^T H (w - C) / 2 with an elongated bowl.
GEO_C = np.array([2.0, 0.5])
GEO_H = np.array([[1.2, 0.7], [0.7, 1.0]])
GEO_LAM = 1.0


def _style(ax):
    ax.grid(True, lw=0.5)


def overfit(fig, pal):
    """Degree-12 polynomial on 20 noisy points: no penalty vs the best L2 strength; errors vs lambda."""
    fig.set_size_inches(7.6, 3.6)
    x, y = noisy_sine(**TRAIN)
    errors = np.array([train_val_errors(DEGREE, lam) for lam in LAMBDAS])
    best = LAMBDAS[np.argmin(errors[:, 1])]
    xs = np.linspace(-1, 1, 400)

    ax = fig.add_subplot(1, 2, 1)
    ax.plot(xs, np.sin(np.pi * xs), color=pal.muted, lw=2, label="truth: sin(πx)")
    for lam, colour, ls, label in ((0.0, pal.series[1], "--", "no penalty (λ = 0)"),
                                   (best, pal.series[0], "-", f"L2, λ = {best:.1g}")):
        w = ridge_fit(polynomial_features(x, DEGREE), y, lam)
        ax.plot(xs, polynomial_features(xs, DEGREE) @ w, color=colour, lw=1.8, ls=ls, label=label)
    ax.scatter(x, y, s=18, color=pal.fg, zorder=3, label="training points")
    ax.set_ylim(-2.0, 2.0)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(f"degree-{DEGREE} polynomial, {TRAIN['n']} points", fontsize=10)
    ax.legend(fontsize=7.5, loc="lower right", facecolor=pal.fill, edgecolor="none", framealpha=0.9)
    _style(ax)

    ax = fig.add_subplot(1, 2, 2)
    ax.loglog(LAMBDAS, errors[:, 0], color=pal.series[2], lw=1.8, label="training error")
    ax.loglog(LAMBDAS, errors[:, 1], color=pal.series[3], lw=1.8, ls="--", label="validation error")
    ax.axvline(best, color=pal.muted, lw=1, ls=":")
    ax.text(2e-9, 0.2, "small λ:\noverfits\n(variance)", fontsize=8, color=pal.fg)
    ax.text(1.5e-1, 0.06, "large λ:\nunderfits\n(bias)", fontsize=8, color=pal.fg)
    ax.set_xlabel("L2 strength λ")
    ax.set_ylabel("mean squared error")
    ax.set_title("error against λ", fontsize=10)
    ax.legend(frameon=False, fontsize=8, loc="upper right")
    _style(ax)
    fig.tight_layout()


def degree(fig, pal):
    """Training and validation error against polynomial degree, with and without L2."""
    plain = np.array([train_val_errors(d, 0.0) for d in DEGREES])
    ridge = np.array([train_val_errors(d, LAM_FIXED) for d in DEGREES])
    ax = fig.add_subplot(1, 1, 1)
    ax.semilogy(DEGREES, plain[:, 0], color=pal.series[1], lw=1.6, ls="--", marker="o", ms=3,
                label="training, no penalty")
    ax.semilogy(DEGREES, plain[:, 1], color=pal.series[1], lw=2.2, marker="o", ms=4,
                label="validation, no penalty")
    ax.semilogy(DEGREES, ridge[:, 0], color=pal.series[0], lw=1.6, ls="--", marker="s", ms=3,
                label=f"training, L2 λ = {LAM_FIXED:g}")
    ax.semilogy(DEGREES, ridge[:, 1], color=pal.series[0], lw=2.2, marker="s", ms=4,
                label=f"validation, L2 λ = {LAM_FIXED:g}")
    ax.set_ylim(5e-3, 50)
    ax.set_xlabel("polynomial degree (model capacity)")
    ax.set_ylabel("mean squared error")
    ax.legend(frameon=False, fontsize=8, loc="upper left", ncol=2)
    _style(ax)


def _geometry():
    grad = lambda w: GEO_H @ (w - GEO_C)  # noqa: E731
    w_l1 = proximal_gradient_l1(grad, np.zeros(2), lr=0.5, lam=GEO_LAM)
    w_l2 = np.linalg.solve(GEO_H + GEO_LAM * np.eye(2), GEO_H @ GEO_C)
    return w_l1, w_l2


def geometry(fig, pal):
    """L1 diamond vs L2 circle: where the loss contour first touches the constraint."""
    fig.set_size_inches(7.6, 3.7)
    w_l1, w_l2 = _geometry()
    g = np.linspace(-2.5, 3.5, 300)
    W1, W2 = np.meshgrid(g, g)
    D1, D2 = W1 - GEO_C[0], W2 - GEO_C[1]
    loss = 0.5 * (GEO_H[0, 0] * D1 ** 2 + 2 * GEO_H[0, 1] * D1 * D2 + GEO_H[1, 1] * D2 ** 2)

    def level(w):
        d = w - GEO_C
        return 0.5 * d @ GEO_H @ d

    t = np.linspace(0, 2 * np.pi, 400)
    for k, (w, name) in enumerate(((w_l1, "L1"), (w_l2, "L2"))):
        ax = fig.add_subplot(1, 2, k + 1)
        ax.contour(W1, W2, loss, levels=[level(w) * f for f in (0.25, 1.0, 2.5)],
                   colors=[pal.muted, pal.series[1], pal.muted], linewidths=[0.8, 1.8, 0.8])
        if name == "L1":
            r = np.abs(w).sum()
            shape = np.array([[r, 0], [0, r], [-r, 0], [0, -r], [r, 0]])
            ax.fill(shape[:, 0], shape[:, 1], color=pal.series[0], alpha=0.25, lw=0)
            ax.plot(shape[:, 0], shape[:, 1], color=pal.series[0], lw=2)
            title = "L1: the diamond's corner is hit, so w₂ = 0"
        else:
            r = np.linalg.norm(w)
            ax.fill(r * np.cos(t), r * np.sin(t), color=pal.series[0], alpha=0.25, lw=0)
            ax.plot(r * np.cos(t), r * np.sin(t), color=pal.series[0], lw=2)
            title = "L2: the circle is hit off the axes"
        ax.plot(*GEO_C, marker="x", color=pal.fg, ms=8, mew=2, ls="none",
                label="best fit, no penalty")
        ax.plot(*w, marker="o", color=pal.series[2], ms=8, zorder=4, ls="none",
                label=f"solution ({w[0]:.2f}, {w[1]:.2f})")
        ax.legend(fontsize=7.5, loc="lower left", facecolor=pal.fill, edgecolor="none",
                  framealpha=0.9)
        ax.axhline(0, color=pal.muted, lw=0.8)
        ax.axvline(0, color=pal.muted, lw=0.8)
        ax.set_xlim(-2.5, 3.5)
        ax.set_ylim(-2.5, 3.0)
        ax.set_aspect("equal")
        ax.set_xlabel("w₁")
        ax.set_ylabel("w₂")
        ax.set_title(title, fontsize=9)
    fig.tight_layout()


FIGURES = {
    "regularization-overfit": overfit,
    "regularization-degree": degree,
    "regularization-l1-l2": geometry,
}
