"""Figures of the page "Loss functions"."""
import numpy as np

from losses import (bce_with_logits_grad, focal_loss, focal_loss_grad, huber, mae, mse,
                    sigmoid_mse_grad)


def _per_point(loss, preds, target, **kw):
    """A mean loss evaluated at one prediction at a time: the per-example loss curve."""
    return np.array([loss([v], [target], **kw) for v in preds])


def _tidy(ax):
    ax.grid(True, lw=0.5)


def curves(fig, pal):
    """Left: regression losses against the residual. Right: losses for a label of 1 against p."""
    left, right = fig.subplots(1, 2)
    r = np.linspace(-3, 3, 241)
    left.plot(r, _per_point(mse, r, 0.0), color=pal.series[1], lw=2, label="squared  (ŷ − y)²")
    left.plot(r, _per_point(mae, r, 0.0), color=pal.series[2], lw=2, ls="--", label="absolute  |ŷ − y|")
    left.plot(r, _per_point(huber, r, 0.0, delta=1.0), color=pal.series[0], lw=2.5, ls="-.",
              label="Huber, c = 1")
    left.axvspan(-1, 1, color=pal.fill, alpha=0.9, zorder=0)
    left.set_ylim(0, 4.5)
    left.set_xlabel("residual ŷ − y")
    left.set_ylabel("loss")
    left.set_title("regression", fontsize=11, color=pal.fg)
    left.legend(frameon=False, fontsize=8.5, loc="upper center")
    _tidy(left)

    p = np.linspace(0.005, 1.0, 400)
    z = np.log(p) - np.log1p(-np.minimum(p, 1 - 1e-12))     # the logit of each p
    right.plot(p, -np.log(p), color=pal.series[0], lw=2.5, label="cross-entropy  −log p")
    right.plot(p, _per_point(mse, p, 1.0), color=pal.series[1], lw=2, label="squared  (1 − p)²")
    right.plot(p, _per_point(mae, p, 1.0), color=pal.series[2], lw=2, ls="--", label="absolute  1 − p")
    right.plot(p, _per_point(focal_loss, z, 1.0, gamma=2.0), color=pal.series[3], lw=2, ls=":",
               label="focal, γ = 2")
    right.set_ylim(0, 4.5)
    right.set_xlim(0, 1)
    right.set_xlabel("predicted probability p of the true label")
    right.set_title("classification, true label 1", fontsize=11, color=pal.fg)
    right.legend(frameon=False, fontsize=8.5, loc="upper right")
    _tidy(right)
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.15, top=0.9, wspace=0.22)


def gradients(fig, pal):
    """Size of d loss / d logit for a label of 1: cross-entropy, MSE on a sigmoid, focal."""
    ax = fig.add_subplot(1, 1, 1)
    z = np.linspace(-8, 8, 401)
    ones = np.ones_like(z)
    n = z.size  # the *_grad functions return the gradient of a mean: multiply by n per example
    ce = np.abs(bce_with_logits_grad(z, ones)) * n
    sq = np.abs(sigmoid_mse_grad(z, ones)) * n
    fl = np.abs(focal_loss_grad(z, ones, gamma=2.0)) * n
    ax.axvspan(-8, -2, color=pal.fill, alpha=0.9, zorder=0)
    ax.text(-5, 0.5, "confidently wrong", ha="center", fontsize=9, color=pal.muted)
    ax.text(5, 0.5, "confidently right", ha="center", fontsize=9, color=pal.muted)
    ax.plot(z, ce, color=pal.series[0], lw=2.5, label="cross-entropy:  |p − y|")
    ax.plot(z, sq, color=pal.series[1], lw=2, ls="--", label="squared error on a sigmoid")
    ax.plot(z, fl, color=pal.series[3], lw=2, ls=":", label="focal loss, γ = 2")
    ax.set_xlim(-8, 8)
    ax.set_ylim(0, 1.25)
    ax.set_xlabel("logit z  (p = σ(z); the true label is 1)")
    ax.set_ylabel("size of the gradient  |∂ℓ/∂z|")
    ax.legend(frameon=False, fontsize=9, loc="upper right", bbox_to_anchor=(1.0, 0.86))
    _tidy(ax)


FIGURES = {
    "losses-curves": curves,
    "losses-gradients": gradients,
}
