"""Figures of the page "Gradient descent and optimizers"."""
import numpy as np

from optimizers import (A, BETA, BETA1, BETA2, LR, LR_FIGURE_A, LR_FIGURE_PATHS, LR_FIGURE_RATES, VALLEY_A, VALLEY_LR,
                        VALLEY_W0, W0, adam_step, cosine, momentum_step, optimize, quadratic_grad, quadratic_loss,
                        sgd_step, step_decay, warmup_cosine)

STEPS = 30



def _row(fig, box_left, box_right, a, w0, settings, extent, levels, pal, legend):
    """Contours of f = (a1 w1^2 + a2 w2^2) / 2 with optimizer paths, and the loss per step."""
    left = fig.add_axes(box_left)
    right = fig.add_axes(box_right)
    (x0, x1), (y0, y1) = extent
    w1, w2 = np.meshgrid(np.linspace(x0, x1, 300), np.linspace(y0, y1, 300))
    left.contour(w1, w2, 0.5 * (a[0] * w1**2 + a[1] * w2**2), levels=levels, colors=pal.grid,
                 linewidths=0.8)
    grad = lambda w: quadratic_grad(w, a)  # noqa: E731
    markers = ("o", "s", "^")
    for k, (name, step, hyper) in enumerate(settings):
        path = optimize(step, grad, w0, STEPS, **hyper)
        colour = pal.series[k]
        left.plot(path[:, 0], path[:, 1], color=colour, lw=1.2, marker=markers[k], ms=3,
                  label=name, zorder=3)
        losses = [quadratic_loss(w, a) for w in path]
        right.semilogy(range(len(path)), losses, color=colour, lw=1.6, marker=markers[k], ms=2.5,
                       markevery=3)
    left.plot(*w0, marker="*", ms=12, color=pal.fg, zorder=4, ls="none")
    left.annotate("start", w0, xytext=(6, 4), textcoords="offset points", color=pal.fg, fontsize=9)
    left.plot(0, 0, marker="+", ms=10, color=pal.fg, zorder=4, ls="none")
    left.set_xlim(x0, x1)
    left.set_ylim(y0, y1)
    left.set_xlabel("$w_1$ (gentle direction)")
    left.set_ylabel("$w_2$ (steep direction)")
    if legend:
        left.legend(frameon=False, fontsize=8.5, loc="upper left")
    right.set_xlabel("step")
    right.set_ylabel("loss (log scale)")
    right.grid(True, lw=0.5)
    return left, right


def paths(fig, pal):
    """Top: the worked example continued. Bottom: a narrower valley. Paths and losses."""
    fig.set_size_inches(7.0, 6.8)
    top = [("gradient descent", sgd_step, {"lr": LR}),
           ("momentum", momentum_step, {"lr": LR, "beta": BETA}),
           ("Adam", adam_step, {"lr": LR, "beta1": BETA1, "beta2": BETA2})]
    left, _ = _row(fig, [0.08, 0.58, 0.52, 0.38], [0.69, 0.58, 0.29, 0.38], A, W0, top,
                   ((-0.75, 1.15), (-0.95, 1.15)), [0.02, 0.1, 0.3, 0.7, 1.5, 3, 5.5, 9], pal,
                   legend=True)
    left.set_title(f"the worked example: c = ({A[0]:g}, {A[1]:g}), α = {LR:g} for all",
                   fontsize=9.5, color=pal.fg)
    bottom = [("gradient descent", sgd_step, {"lr": VALLEY_LR}),
              ("momentum", momentum_step, {"lr": VALLEY_LR, "beta": BETA}),
              ("Adam", adam_step, {"lr": LR, "beta1": BETA1, "beta2": BETA2})]
    left, _ = _row(fig, [0.08, 0.07, 0.52, 0.38], [0.69, 0.07, 0.29, 0.38], VALLEY_A, VALLEY_W0,
                   bottom, ((-2.3, 0.7), (-0.42, 0.42)), [0.05, 0.2, 0.6, 1.5, 3.5, 6.5, 12],
                   pal, legend=False)
    left.set_title(f"a narrow valley: c = ({VALLEY_A[0]:g}, {VALLEY_A[1]:g}), "
                   f"α = {VALLEY_LR:g} (Adam {LR:g})", fontsize=9.5, color=pal.fg)


def learning_rates(fig, pal):
    """Gradient descent on f(w) = (a/2) w**2: bouncing in, bouncing out, and the loss per step."""
    a = LR_FIGURE_A
    grad = lambda w: quadratic_grad(w, [a])  # noqa: E731
    left, right = fig.subplots(1, 2, gridspec_kw={"wspace": 0.32})
    ws = np.linspace(-2.6, 2.6, 300)
    left.plot(ws, 0.5 * a * ws**2, color=pal.muted, lw=1.2)
    for k, (lr, n) in enumerate(zip(LR_FIGURE_PATHS, (5, 3))):
        path = optimize(sgd_step, grad, [1.0], n, lr=lr).ravel()
        colour = pal.series[(1, 3)[k]]
        pts = np.column_stack([path, 0.5 * a * path**2])
        for p, q in zip(pts[:-1], pts[1:]):
            left.annotate("", q, p, arrowprops=dict(arrowstyle="->", color=colour, lw=1.5,
                                                    shrinkA=2, shrinkB=2))
        left.plot(pts[:, 0], pts[:, 1], ls="none", marker="o", ms=4, color=colour,
                  label=f"α = {lr:g}, factor 1 − αc = {1 - lr * a:g}")
    left.set_xlim(-2.6, 2.6)
    left.set_ylim(0, 30)
    left.set_xlabel("w")
    left.set_ylabel(f"f(w) = {a / 2:g} w²")
    left.legend(frameon=False, fontsize=8.5, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    for k, lr in enumerate(LR_FIGURE_RATES):
        # 0.01 and 0.19 have factors 0.9 and -0.9: the same loss curve, so one is drawn dashed
        # on top of the other with markers, and the legend says so.
        path = optimize(sgd_step, grad, [1.0], 20, lr=lr).ravel()
        right.semilogy(range(len(path)), 0.5 * a * path**2, color=pal.series[k % len(pal.series)],
                       lw=1.6, ls=("-", "-", "--", ":", "-")[k], marker=("", "", "o", "", "")[k], ms=3,
                       label=f"α = {lr:g}, factor {1 - lr * a:g}")
    right.set_xlabel("step")
    right.set_ylabel("loss (log scale)")
    right.grid(True, lw=0.5)
    right.legend(frameon=False, fontsize=8.5, loc="center left", bbox_to_anchor=(1.0, 0.5))


def schedules(fig, pal):
    """Step decay, cosine decay and linear warm-up followed by cosine, against the step."""
    ax = fig.add_subplot(1, 1, 1)
    total, lr_max, warm = 100, 0.1, 10
    ts = np.arange(total + 1)
    ax.plot(ts, [step_decay(t, lr_max, drop=0.5, every=30) for t in ts], color=pal.series[0],
            lw=1.8, drawstyle="steps-post", label="step decay (halve every 30 steps)")
    ax.plot(ts, [cosine(t, total, lr_max) for t in ts], color=pal.series[1], lw=1.8, ls="--",
            label="cosine decay")
    ax.plot(ts, [warmup_cosine(t, warm, total, lr_max) for t in ts], color=pal.series[2], lw=1.8,
            ls="-.", label=f"linear warm-up ({warm} steps), then cosine")
    ax.set_xlabel("step t")
    ax.set_ylabel("learning rate α")
    ax.set_ylim(0, lr_max * 1.08)
    ax.grid(True, lw=0.5)
    ax.legend(frameon=False, fontsize=9, loc="upper right")


FIGURES = {
    "optimizers-paths": paths,
    "optimizers-learning-rates": learning_rates,
    "optimizers-schedules": schedules,
}
