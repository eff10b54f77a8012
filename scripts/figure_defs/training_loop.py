"""Figures of the page "The training loop"."""
import functools

import numpy as np

from training_loop import FIGURE_STEPS, INIT_DEPTH, INIT_SCHEMES, full_batch_run, init_experiment, \
    scheme_label

# Learning rates shown in the figure: too small, good, too large.
LEARNING_RATES = ((0.01, "too small"), (0.5, "good"), (5.0, "too large"))


def _tidy(ax, pal):
    ax.grid(True, lw=0.5, color=pal.grid)


def learning_rates(fig, pal):
    """Loss per step for three learning rates, and with versus without zeroing the gradients."""
    left, right = fig.subplots(1, 2, sharey=True)
    steps = np.arange(FIGURE_STEPS + 1)
    styles = ("--", "-", ":")
    for k, (lr, word) in enumerate(LEARNING_RATES):
        left.plot(steps, full_batch_run(lr), color=pal.series[k], lw=1.8, ls=styles[k],
                  label=f"lr = {lr:g} ({word})")
    left.set_title("learning rate", color=pal.fg, fontsize=11)
    left.set_xlabel("step")
    left.set_ylabel("loss (cross-entropy)")
    left.legend(frameon=False, fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.2))
    _tidy(left, pal)

    right.plot(steps, full_batch_run(0.5), color=pal.series[0], lw=1.8,
               label="zero_grad every step")
    right.plot(steps, full_batch_run(0.5, zero_grad=False), color=pal.series[1], lw=1.8, ls="--",
               label="zero_grad forgotten")
    right.set_title("lr = 0.5: zeroing the gradients", color=pal.fg, fontsize=11)
    right.set_xlabel("step")
    right.legend(frameon=False, fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.2))
    _tidy(right, pal)
    fig.tight_layout()


_init_stds = functools.cache(init_experiment)  # computed once for both palettes


def initialisation(fig, pal):
    """Activation standard deviation per layer of a deep tanh and a deep ReLU network."""
    stds = _init_stds()
    panels = fig.subplots(1, 2)
    layers = np.arange(1, INIT_DEPTH + 1)
    markers = ("o", "s", "^", "D")
    for ax, act in zip(panels, ("tanh", "ReLU")):
        rows = [(a, i, s) for a, i, s, _, _ in INIT_SCHEMES if a == act]
        for k, (a, i, s) in enumerate(rows):
            label = scheme_label(a, i, s)
            ax.semilogy(layers, stds[label], color=pal.series[k], lw=1.6, marker=markers[k],
                        ms=4, label=label.split(", ")[1])
        ax.set_title(f"{act} network, {INIT_DEPTH} layers", color=pal.fg, fontsize=11)
        ax.set_xlabel("layer")
        ax.set_xticks(layers)
        ax.legend(frameon=False, fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
        _tidy(ax, pal)
    top = stds[scheme_label("tanh", "std", 1.0)]
    panels[0].annotate("saturated near ±1", xy=(6, top[5]), xytext=(4.2, 2e-3), color=pal.fg, fontsize=9,
                       arrowprops=dict(arrowstyle="->", color=pal.muted))
    panels[0].set_ylabel("standard deviation of the activations")
    fig.tight_layout()


FIGURES = {
    "training-loop-learning-rates": learning_rates,
    "training-loop-init": initialisation,
}
