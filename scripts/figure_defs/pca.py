"""Figures of the page "Principal component analysis"."""
import numpy as np

from pca import choose_k, cloud, cumulative_ratio, pca_eig, uncentred_components, wide_data

THRESHOLD = 0.95


def axes_and_variance(fig, pal):
    """Left: a 2-D cloud with its principal axes (and the uncentred mistake's direction).
    Right: the explained-variance curve of a 10-feature data set, with the 95 % line."""
    fig.set_size_inches(8.8, 4.0)
    left, right = fig.subplots(1, 2)

    X = cloud()
    mu = X.mean(axis=0)
    c, Q = pca_eig(X)
    left.scatter(X[:, 0], X[:, 1], s=9, color=pal.series[0], alpha=0.45, lw=0)
    for j, colour in ((0, pal.series[1]), (1, pal.series[2])):
        tip = 2 * np.sqrt(c[j]) * Q[:, j]          # two standard deviations along q_j
        left.annotate("", xy=mu + tip, xytext=mu,
                      arrowprops=dict(arrowstyle="-|>", color=colour, lw=2.2))
        left.text(*(mu + 1.12 * tip), f"q{j + 1}", color=colour, fontsize=11,
                  ha="center", va="center")
    _, Qw = uncentred_components(X)
    ends = np.outer([0.0, 7.0], Qw[:, 0])
    left.plot(ends[:, 0], ends[:, 1], ls="--", color=pal.muted, lw=1.4,
              label="uncentred 1st 'component'")
    left.plot([0], [0], "o", color=pal.fg, ms=4)
    left.text(0.3, -0.2, "origin", color=pal.fg, fontsize=9)
    left.plot([mu[0]], [mu[1]], "o", color=pal.fg, ms=5)
    left.text(mu[0] - 1.5, mu[1] - 0.7, "mean", color=pal.fg, fontsize=9)
    left.set_aspect("equal")
    left.set_xlabel("feature 1")
    left.set_ylabel("feature 2")
    left.set_title("a cloud and its principal axes", fontsize=11, color=pal.fg)
    left.legend(frameon=False, fontsize=9, loc="lower right")
    left.grid(True, lw=0.5)

    W = wide_data()
    cum = cumulative_ratio(W)
    k = choose_k(pca_eig(W)[0], THRESHOLD)
    ks = np.arange(1, len(cum) + 1)
    right.plot(ks, cum, "o-", color=pal.series[0], label="first k components")
    right.axhline(THRESHOLD, color=pal.series[1], lw=1.3, ls="--")
    right.text(6.2, THRESHOLD - 0.05, "95 % of the variance", color=pal.series[1], fontsize=9)
    right.plot([k], [cum[k - 1]], "s", color=pal.series[1], ms=9, fillstyle="none", mew=2)
    right.annotate(f"k = {k}: {100 * cum[k - 1]:.1f} %", xy=(k, cum[k - 1]),
                   xytext=(k + 1.2, 0.78), color=pal.fg, fontsize=9,
                   arrowprops=dict(arrowstyle="-", color=pal.muted, lw=1))
    right.set_xticks(ks)
    right.set_ylim(0.5, 1.02)
    right.set_xlabel("k, the number of components kept")
    right.set_ylabel("share of the total variance")
    right.set_title("explained variance, 10 features", fontsize=11, color=pal.fg)
    right.grid(True, lw=0.5)
    fig.tight_layout()


FIGURES = {
    "pca-axes-and-variance": axes_and_variance,
}
