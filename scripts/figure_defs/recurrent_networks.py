"""Figures of the page "Recurrent networks"."""
import numpy as np

from recurrent_networks import STEPS, W_GROW, W_SHRINK, driven_norms, zero_state_norms


def jacobians(fig, pal):
    """Size of the product of k step Jacobians, k = 1..50, on a log scale: two recurrent
    matrices at the zero state (straight lines), and the growing one driven into saturation."""
    fig.set_size_inches(7.0, 3.9)
    ax = fig.add_subplot(1, 1, 1)
    k = np.arange(1, STEPS + 1)
    for W, colour, label in [
            (W_GROW, pal.series[1], "largest eigenvalue 1.1, zero state: explodes"),
            (W_SHRINK, pal.series[0], "largest eigenvalue 0.9, zero state: vanishes")]:
        ax.semilogy(k, zero_state_norms(W), "-", marker="o", ms=3, lw=1.8, color=colour,
                    label=label)
    ax.semilogy(k, driven_norms(W_GROW), "--", lw=1.8, color=pal.series[4],
                label="largest eigenvalue 1.1, driven by inputs: tanh saturates")
    ax.axhline(1.0, color=pal.muted, lw=0.9)
    ax.set_xlabel(r"steps back, $k$")
    ax.set_ylabel(r"size of $\partial \mathbf{h}_{t+k} / \partial \mathbf{h}_t$")
    ax.set_xticks(range(0, STEPS + 1, 5))
    ax.grid(True, lw=0.5)
    ax.legend(frameon=False, fontsize=9, loc="lower left")


FIGURES = {"recurrent-networks-jacobians": jacobians}
