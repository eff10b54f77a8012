"""Figures of the page "Derivatives and the chain rule"."""
import numpy as np

from derivatives import (CUBE_X, EXAMPLE_W, EXAMPLE_XIN, central_difference, difference_errors,
                         forward_difference, loss_gradients, loss_of_w0)

BIG_STEP = 0.5  # deliberately large, so the three lines are easy to tell apart



def tangent(fig, pal):
    """x**3 near x = 2: the tangent line, a forward secant and a central secant."""
    f = lambda v: v ** 3
    x0, h = CUBE_X, BIG_STEP
    exact = 3 * x0 ** 2  # the power rule
    fwd = forward_difference(f, x0, h)
    cen = central_difference(f, x0, h)
    ax = fig.add_subplot(1, 1, 1)
    xs = np.linspace(x0 - 2.2 * h, x0 + 2.2 * h, 300)
    ax.plot(xs, f(xs), color=pal.fg, lw=2.5, label="f(x) = x³")
    ax.plot(xs, f(x0) + exact * (xs - x0), color=pal.series[0], lw=1.8,
            label=f"tangent at x = {x0:g}: slope {exact:g}")
    ax.plot(xs, f(x0) + fwd * (xs - x0), color=pal.series[1], lw=1.6, ls="--",
            label=f"forward secant, h = {h:g}: slope {fwd:g}")
    ax.plot(xs, f(x0 - h) + cen * (xs - (x0 - h)), color=pal.series[2], lw=1.6, ls="-.",
            label=f"central secant, h = {h:g}: slope {cen:g}")
    ax.plot([x0], [f(x0)], "o", color=pal.fg, ms=6, zorder=5)
    ax.plot([x0 + h], [f(x0 + h)], "o", color=pal.series[1], ms=5, zorder=5)
    ax.plot([x0 - h, x0 + h], [f(x0 - h), f(x0 + h)], "s", color=pal.series[2], ms=5, zorder=5)
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(f(xs[0]) - 1, f(xs[-1]) + 1)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.grid(True, lw=0.5)
    ax.legend(frameon=False, fontsize=9, loc="upper left")


def error_vs_h(fig, pal):
    """Error of forward and central differences for dL/dw0 of the worked example, against h."""
    w0 = EXAMPLE_W[0]
    exact = lambda v: loss_gradients(np.array([v, EXAMPLE_W[1], EXAMPLE_W[2]]), EXAMPLE_XIN)[0][0]
    hs = np.logspace(-14, -1, 53)
    fwd, cen = difference_errors(loss_of_w0, exact, w0, hs)
    fwd = np.where(fwd > 0, fwd, np.nan)  # an exact hit cannot be drawn on a log axis
    cen = np.where(cen > 0, cen, np.nan)
    ax = fig.add_subplot(1, 1, 1)
    ax.loglog(hs, fwd, "o-", color=pal.series[1], ms=3, lw=1.4, label="forward difference")
    ax.loglog(hs, cen, "s-", color=pal.series[0], ms=3, lw=1.4, label="central difference")
    # Guide lines through the largest step: slope 1 (error ∝ h) and slope 2 (error ∝ h²).
    big = hs >= 1e-6
    ax.loglog(hs[big], fwd[-1] * hs[big] / hs[-1], ":", color=pal.muted, lw=1.2,
              label="∝ h and ∝ h² (truncation)")
    ax.loglog(hs[big], cen[-1] * (hs[big] / hs[-1]) ** 2, ":", color=pal.muted, lw=1.2)
    eps = np.finfo(float).eps
    small = hs <= 1e-7
    ax.loglog(hs[small], eps * abs(loss_of_w0(w0)) / hs[small], "--", color=pal.series[3], lw=1.2,
              label="∝ 1/h (rounding)")
    k = int(np.nanargmin(cen))
    ax.annotate("central: best near here", (hs[k], cen[k]), xytext=(hs[k] * 20, cen[k] / 30),
                fontsize=9, color=pal.fg,
                arrowprops=dict(arrowstyle="->", color=pal.muted, lw=1))
    ax.set_xlabel("step h")
    ax.set_ylabel("absolute error of the slope")
    ax.grid(True, which="major", lw=0.5)
    ax.set_ylim(np.nanmin(cen) / 100, 1)
    ax.legend(frameon=False, fontsize=9, loc="lower left")


FIGURES = {
    "derivatives-tangent": tangent,
    "derivatives-error-vs-h": error_vs_h,
}
