"""Figures of the page "Diffusion models"."""
import numpy as np

from diffusion import (CENTRES, FIGURE_STEPS, N_SAMPLES, SPREAD, alpha_bar, linear_schedule,
                       mixture_density, q_sample, reverse_samples)


def there_and_back(fig, pal):
    """Top row: data from two bumps noised to steps 0, 100, 300, 1000 with the closed form.
    Bottom row: the reverse chain with the exact noise predictor, from pure noise back to t = 0.
    Each panel: a histogram of the samples and the exact density q(x_t) as a line."""
    fig.set_size_inches(9.6, 4.6)
    axes = fig.subplots(2, len(FIGURE_STEPS), sharex=True, sharey=True)
    ab = alpha_bar(linear_schedule())
    rng = np.random.default_rng(2)
    bump = rng.integers(0, len(CENTRES), N_SAMPLES)
    x0 = CENTRES[bump] + SPREAD * rng.standard_normal(N_SAMPLES)
    grid = np.linspace(-4.5, 4.5, 400)
    bins = np.linspace(-4.5, 4.5, 61)
    back = reverse_samples()
    rows = ((axes[0], FIGURE_STEPS[::-1], "forward", pal.series[0]),
            (axes[1], FIGURE_STEPS, "reverse", pal.series[1]))
    for row, steps, name, colour in rows:
        for ax, t in zip(row, steps):
            x = q_sample(x0, ab[t], rng.standard_normal(N_SAMPLES)) if name == "forward" else back[t]
            ax.hist(x, bins=bins, density=True, color=colour, alpha=0.55, lw=0)
            ax.plot(grid, mixture_density(grid, ab[t]), color=pal.fg, lw=1.3)
            ax.set_title(f"{name}, t = {t}", fontsize=10, color=pal.fg)
            ax.grid(True, lw=0.5)
    for ax in axes[1]:
        ax.set_xlabel("x")
    for ax in axes[:, 0]:
        ax.set_ylabel("density")
    fig.tight_layout()


FIGURES = {
    "diffusion-there-and-back": there_and_back,
}
