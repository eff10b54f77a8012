"""Loss functions and their gradients, in NumPy.

Run ``python snippets/losses.py`` to print the worked examples of the page
"Loss functions"; ``python -m doctest snippets/losses.py`` runs the examples in
the docstrings.

Conventions: every loss is the MEAN over the examples it is given (PyTorch's
default ``reduction="mean"``), and every ``*_grad`` function returns the
gradient of that mean with respect to its first argument, with the same shape.
Regression and binary losses average over every entry. For softmax
cross-entropy a batch is a matrix of logits with one example per row, and the
loss averages over the rows.
"""
import numpy as np

from derivatives import numerical_gradient
from forward_pass import sigmoid
from probability import log_softmax, softmax

# Input checks. Not shown on the page: each displayed function calls one of
# them in a single line; to copy a function alone, replace the call with
# np.asarray(..., dtype=float).

def _pair(y_hat, y):
    """Predictions and targets as float arrays of the same, non-empty shape."""
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    if y_hat.shape != y.shape:
        raise ValueError(f"predictions have shape {y_hat.shape} "
                         f"but targets have shape {y.shape}")
    if y_hat.size == 0:
        raise ValueError("no examples: the mean of no losses is undefined")
    return y_hat, y


def _binary_targets(y, strict=False):
    """Targets of a binary loss: in [0, 1], or exactly 0 or 1 when strict."""
    if np.any((y < 0) | (y > 1)):
        raise ValueError("binary targets must lie between 0 and 1")
    if strict and np.any((y != 0) & (y != 1)):
        raise ValueError("focal loss targets must be exactly 0 or 1")
    return y


def _binary(p, y, probabilities=False, strict=False):
    """Arrays for a binary loss: targets in [0, 1] (exactly 0 or 1 when strict),
    and, when ``probabilities``, predictions in [0, 1] too."""
    p, y = _pair(p, y)
    _binary_targets(y, strict)
    if probabilities and np.any((p < 0) | (p > 1)):
        raise ValueError("probabilities must lie between 0 and 1")
    return p, y


def _positive(delta):
    if not delta > 0:
        raise ValueError(f"delta must be positive, got {delta}")


def _class_targets(z, y):
    """Targets as rows of probabilities (one-hot or soft), shaped like z."""
    z = np.asarray(z, dtype=float)
    y = np.asarray(y)
    if z.ndim not in (1, 2) or z.shape[-1] < 2:
        raise ValueError(f"logits must have shape (classes,) or (batch, "
                         f"classes) with at least 2 classes, got {z.shape}")
    if y.shape == z.shape[:-1] and np.issubdtype(y.dtype, np.integer):  # labels
        if np.any((y < 0) | (y >= z.shape[-1])):
            raise ValueError(f"class labels must lie in 0..{z.shape[-1] - 1}")
        y = np.eye(z.shape[-1])[y]
    y = np.asarray(y, dtype=float)
    if y.shape != z.shape:
        raise ValueError(f"targets have shape {y.shape} but logits have "
                         f"shape {z.shape}: give one integer label per "
                         f"example or one probability per class")
    if np.any(y < 0) or not np.allclose(np.sum(y, axis=-1), 1.0):
        raise ValueError("each target row must be a probability distribution "
                         "(summing to 1)")
    return z, y


def _focal_check(gamma, alpha):
    if gamma < 0:
        raise ValueError(f"gamma must be at least 0, got {gamma}")
    if alpha is not None and not 0 <= alpha <= 1:
        raise ValueError(f"alpha must lie between 0 and 1, got {alpha}")

# --8<-- [start:helpers]

def softplus(z):
    """log(1 + e^z) without overflow: max(z, 0) + log1p(e^-|z|).

    >>> float(softplus(0.0)) == float(np.log(2.0))
    True
    >>> softplus(np.array([-1000.0, 1000.0]))   # no overflow at the extremes
    array([   0., 1000.])
    """
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
# --8<-- [end:helpers]

# --8<-- [start:regression]

def mse(y_hat, y):
    """Mean squared error, (1/n) * sum of (y_hat - y)^2.

    >>> float(mse([1.5, 1.8], [1.0, 2.0]))    # (0.25 + 0.04) / 2
    0.145
    """
    y_hat, y = _pair(y_hat, y)
    return np.mean((y_hat - y) ** 2)


def mse_grad(y_hat, y):
    """d MSE / d y_hat_i = (2/n) (y_hat_i - y_i). The 2/n is part of the answer.

    >>> mse_grad([1.5, 1.8], [1.0, 2.0])      # (2/2) * (0.5, -0.2)
    array([ 0.5, -0.2])
    """
    y_hat, y = _pair(y_hat, y)
    return 2.0 * (y_hat - y) / y_hat.size


def mae(y_hat, y):
    """Mean absolute error, (1/n) * sum of |y_hat - y|.

    >>> float(mae([1.5, 1.8], [1.0, 2.0]))    # (0.5 + 0.2) / 2
    0.35
    """
    y_hat, y = _pair(y_hat, y)
    return np.mean(np.abs(y_hat - y))


def mae_grad(y_hat, y):
    """d MAE / d y_hat_i = sign(y_hat_i - y_i) / n (0 where the two are equal).

    >>> mae_grad([1.5, 1.8, 3.0], [1.0, 2.0, 3.0])
    array([ 0.33333333, -0.33333333,  0.        ])
    """
    y_hat, y = _pair(y_hat, y)
    return np.sign(y_hat - y) / y_hat.size


def huber(y_hat, y, delta=1.0):
    """Huber loss, the mean over residuals r of
    r^2 / 2 where |r| <= delta, and delta * (|r| - delta / 2) beyond.

    >>> float(huber([0.5, 3.0], [0.0, 0.0]))  # (0.125 + (3 - 0.5)) / 2
    1.3125
    """
    _positive(delta)
    y_hat, y = _pair(y_hat, y)
    a = np.abs(y_hat - y)
    return np.mean(np.where(a <= delta, 0.5 * a**2, delta * (a - 0.5 * delta)))


def huber_grad(y_hat, y, delta=1.0):
    """d Huber / d y_hat_i = clip(r_i, -delta, delta) / n: the residual, capped.

    >>> huber_grad([0.5, 3.0], [0.0, 0.0])
    array([0.25, 0.5 ])
    """
    _positive(delta)
    y_hat, y = _pair(y_hat, y)
    return np.clip(y_hat - y, -delta, delta) / y_hat.size
# --8<-- [end:regression]

# --8<-- [start:bce]

def bce(p, y, eps=1e-12):
    """Binary cross-entropy from probabilities p: the mean of
    -[y log p + (1 - y) log(1 - p)].

    ``p`` is clipped to [eps, 1 - eps] so that a probability of exactly 0 or 1
    gives a large, finite loss instead of infinity. Prefer ``bce_with_logits``.

    >>> round(float(bce([0.9, 0.2], [1, 0])), 4)   # (-log 0.9 - log 0.8) / 2
    0.1643
    """
    p, y = _binary(p, y, probabilities=True)
    p = np.clip(p, eps, 1.0 - eps)
    return -np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))


def bce_grad(p, y, eps=1e-12):
    """d BCE / d p_i = (p_i - y_i) / (p_i (1 - p_i)) / n.

    >>> bce_grad([0.5, 0.5], [1, 0])      # (-0.5 / 0.25) / 2, (0.5 / 0.25) / 2
    array([-1.,  1.])
    """
    p, y = _binary(p, y)
    p = np.clip(p, eps, 1.0 - eps)
    return (p - y) / (p * (1.0 - p)) / p.size
# --8<-- [end:bce]

# --8<-- [start:bce_logits]

def bce_with_logits(z, y):
    """Binary cross-entropy from logits z (p = sigmoid(z)), stable for all z.

    -[y log s(z) + (1 - y) log(1 - s(z))] simplifies to softplus(z) - y z,
    which is written max(z, 0) - y z + log1p(e^-|z|) so nothing overflows.

    >>> round(float(bce_with_logits([0.0], [1])), 4)      # log 2
    0.6931
    >>> float(bce_with_logits([1000.0, -1000.0], [0, 1]))  # sure and wrong
    1000.0
    """
    z, y = _binary(z, y)
    return np.mean(np.maximum(z, 0.0) - y * z + np.log1p(np.exp(-np.abs(z))))


def bce_with_logits_grad(z, y):
    """d BCE / d z_i = (sigmoid(z_i) - y_i) / n: prediction minus target.

    >>> bce_with_logits_grad([0.0, 0.0], [1, 0])
    array([-0.25,  0.25])
    """
    z, y = _binary(z, y)
    return (sigmoid(z) - y) / z.size
# --8<-- [end:bce_logits]

# --8<-- [start:softmax_ce]

def softmax_cross_entropy(z, y):
    """Cross-entropy of softmax(z) against targets y; the mean over rows.

    ``z`` has shape (classes,) for one example or (batch, classes); ``y`` holds
    integer class labels or target probabilities of the same shape as ``z``.

    >>> round(float(softmax_cross_entropy(np.zeros(3), 1)), 4)   # log 3
    1.0986
    >>> float(softmax_cross_entropy(np.array([[0.0, 1000.0]]), [0]))  # finite
    1000.0
    """
    z, y = _class_targets(z, y)
    per_example = -np.sum(y * log_softmax(z), axis=-1)
    return np.mean(per_example)


def softmax_cross_entropy_grad(z, y):
    """d CE / d z = (softmax(z) - y) / batch: probabilities minus targets.

    >>> softmax_cross_entropy_grad(np.array([0.0, 0.0]), 0)
    array([-0.5,  0.5])
    """
    z, y = _class_targets(z, y)
    batch = z.shape[0] if z.ndim == 2 else 1
    return (softmax(z) - y) / batch
# --8<-- [end:softmax_ce]

# --8<-- [start:focal]

def focal_loss(z, y, gamma=2.0, alpha=None):
    """Binary focal loss from logits: mean of -alpha_t (1 - p_t)^gamma log p_t.

    p_t = sigmoid(s) is the probability given to the true label, with s = z for
    y = 1 and s = -z for y = 0. alpha_t = alpha for y = 1 and 1 - alpha for
    y = 0 (no weighting when alpha is None). gamma = 0 gives cross-entropy.

    >>> z, y = np.array([2.0, -1.0]), np.array([1, 1])
    >>> bool(np.isclose(focal_loss(z, y, gamma=0.0), bce_with_logits(z, y)))
    True
    >>> round(float(focal_loss([np.log(9.0)], [1])), 6)  # 0.1^2 * (-log 0.9)
    0.001054
    """
    s, y, alpha_t = _focal_parts(z, y, gamma, alpha)
    log_pt = -softplus(-s)          # log sigmoid(s), stable
    one_minus_pt = sigmoid(-s)      # 1 - p_t without cancellation
    return np.mean(-alpha_t * one_minus_pt**gamma * log_pt)


def focal_loss_grad(z, y, gamma=2.0, alpha=None):
    """Gradient of the focal loss with respect to the logits z.

    d FL / d z_i = ±alpha_t (1 - p_t)^gamma [gamma p_t log p_t - (1 - p_t)] / n,
    with + for y = 1 and - for y = 0 (because s = ±z). With gamma = 0
    this is (sigmoid(z) - y) / n, the cross-entropy gradient.

    >>> focal_loss_grad([0.0, 0.0], [1, 0], gamma=0.0)
    array([-0.25,  0.25])
    """
    s, y, alpha_t = _focal_parts(z, y, gamma, alpha)
    pt, one_minus_pt = sigmoid(s), sigmoid(-s)
    log_pt = -softplus(-s)
    d_ds = alpha_t * one_minus_pt**gamma * (gamma * pt * log_pt - one_minus_pt)
    return (2.0 * y - 1.0) * d_ds / s.size


def _focal_parts(z, y, gamma, alpha):
    """s = z for positives and -z for negatives, so p_t = sigmoid(s)."""
    _focal_check(gamma, alpha)
    z, y = _binary(z, y, strict=True)
    s = np.where(y == 1, z, -z)
    alpha_t = 1.0 if alpha is None else np.where(y == 1, alpha, 1.0 - alpha)
    return s, y, alpha_t
# --8<-- [end:focal]

# --8<-- [start:sigmoid_mse]

def sigmoid_mse(z, y):
    """MSE on a sigmoid output, the mean of (sigmoid(z) - y)^2: a poor choice.

    >>> float(sigmoid_mse([0.0], [1]))
    0.25
    """
    z, y = _pair(z, y)
    return mse(sigmoid(z), y)


def sigmoid_mse_grad(z, y):
    """d/dz_i of mean (sigmoid(z) - y)^2 = (2/n) (p_i - y_i) p_i (1 - p_i).

    Here p = sigmoid(z). The factor p (1 - p) is the sigmoid's slope: near 0
    when the model is confident, whether it is right or wrong.

    >>> sigmoid_mse_grad([0.0], [1])
    array([-0.25])
    """
    z, y = _pair(z, y)
    p = sigmoid(z)
    return 2.0 * (p - y) * p * (1.0 - p) / z.size
# --8<-- [end:sigmoid_mse]


# ---------------------------------------------------------------------------
# Transcripts the page's checker reads. Each returns (name, value) pairs in the
# order the page states the numbers: worked_example_* for the worked examples,
# mistake_* for the Common mistakes, claims_* for the rest of the page.

EXAMPLE_REG_Y = np.array([1.0, 2.0, 3.0, 9.0])       # the last target is an outlier
EXAMPLE_REG_Y_HAT = np.array([1.5, 1.8, 3.4, 4.0])
EXAMPLE_BCE_Y = np.array([1.0, 1.0, 0.0, 0.0])
EXAMPLE_BCE_P = np.array([0.9, 0.6, 0.2, 0.99])
EXAMPLE_LOGITS = np.array([2.0, 0.5, -1.0])
EXAMPLE_CLASS = 1                                       # the second class is the true one
EXAMPLE_MSE_VS_CE_Z = np.array([-10.0, -5.0, -2.0, 0.0, 2.0])


def worked_example_regression():
    """MSE, MAE and Huber (delta = 1) on four predictions, one of them facing an outlier."""
    y_hat, y, delta = EXAMPLE_REG_Y_HAT, EXAMPLE_REG_Y, 1.0
    n = y.size
    r = y_hat - y
    sq, ab = r**2, np.abs(r)
    hub = np.array([huber([a], [b], delta) for a, b in zip(y_hat, y)])   # one example each
    t = [("n", n), ("y", y), ("y_hat", y_hat), ("delta", delta)]
    # The table, one row per example: y, y_hat, r, r^2, |r|, Huber.
    for i in range(n):
        t += [(f"y[{i}]", y[i]), (f"y_hat[{i}]", y_hat[i]), (f"r[{i}]", r[i]),
              (f"r^2[{i}]", sq[i]), (f"|r|[{i}]", ab[i]), (f"huber[{i}]", hub[i])]
    # Huber of the outlier: delta * (|r| - delta / 2).
    t += [("delta", delta), ("|r[3]|", ab[3]), ("delta/2", delta / 2), ("huber[3]", hub[3])]
    # The three means.
    t += [("sum r^2", sq.sum()), ("n", n), ("MSE", mse(y_hat, y))]
    t += [("sum |r|", ab.sum()), ("n", n), ("MAE", mae(y_hat, y))]
    t += [("sum huber", hub.sum()), ("n", n), ("Huber", huber(y_hat, y, delta))]
    t += [("outlier share of MSE", sq[3] / sq.sum()), ("MSE without outlier", mse(y_hat[:3], y[:3]))]
    # Gradients, and the share of the total pull sum |g_i| that goes to the outlier.
    g_mse, g_mae, g_hub = mse_grad(y_hat, y), mae_grad(y_hat, y), huber_grad(y_hat, y, delta)
    share = lambda g: abs(g[3]) / np.abs(g).sum()
    t += [("2/n", 2 / n), ("grad MSE", g_mse), ("outlier share MSE", share(g_mse))]
    t += [("grad Huber", g_hub), ("outlier share Huber", share(g_hub))]
    t += [("1/n", 1 / n), ("grad MAE", g_mae), ("outlier share MAE", share(g_mae))]
    return t


def worked_example_bce():
    """Binary cross-entropy of four probabilities, then the same loss from logits."""
    p, y = EXAMPLE_BCE_P, EXAMPLE_BCE_Y
    n = y.size
    per = np.array([bce([a], [b]) for a, b in zip(p, y)])   # one example each
    t = [("n", n)]
    # The table: label, p, probability given to the true label, loss.
    for i in range(n):
        p_true = p[i] if y[i] == 1 else 1 - p[i]
        t += [(f"y[{i}]", y[i]), (f"p[{i}]", p[i]), (f"p_true[{i}]", p_true), (f"loss[{i}]", per[i])]
    t += [(f"loss[{i}]", per[i]) for i in range(n)] + [("n", n), ("sum", per.sum()), ("n", n),
                                                        ("BCE", bce(p, y))]
    t += [("share of the confidently wrong example", per[3] / per.sum())]
    # Gradient with respect to the logits: (p - y) / n.
    z = np.log(p / (1 - p))
    t += [("p - y", p - y), ("n", n), ("grad", bce_with_logits_grad(z, y))]
    # The last example from its logit.
    t += [("p[3]", p[3]), ("1 - p[3]", 1 - p[3]), ("z[3]", z[3]), ("y[3]", y[3]), ("z[3]", z[3]),
          ("loss from logit", bce_with_logits([z[3]], [y[3]])), ("loss[3]", per[3])]
    # A huge logit: the naive route takes log(1 - sigmoid(40)) = log 0.
    big = 40.0
    p_big = float(sigmoid(big))
    t += [("z", big), ("y", 0), ("z", big), ("sigmoid(40)", p_big), ("z", big),
          ("1 - sigmoid(40)", 1.0 - p_big), ("1 - sigmoid(40)", 1.0 - p_big)]
    t += [("z", big), ("0", 0), ("y", 0), ("z", big), ("-|z|", -big), ("-|z|", -big),
          ("e^-40", np.exp(-big)), ("loss", bce_with_logits([big], [0.0]))]
    return t


def worked_example_softmax_ce():
    """Softmax and cross-entropy on three logits, the gradient p - y, and a numerical check."""
    z, k = EXAMPLE_LOGITS, EXAMPLE_CLASS
    m = z.max()
    e = np.exp(z - m)
    p = softmax(z)
    y = np.eye(z.size)[k]
    loss = softmax_cross_entropy(z, k)
    grad = softmax_cross_entropy_grad(z, k)
    t = [("z", z), ("class (counting from 1)", k + 1), ("y", y)]
    t += [("max", m), ("z - max", z - m), ("exp", e), ("sum", e.sum())]
    for j in range(3):
        t += [(f"exp[{j}]", e[j]), ("sum", e.sum())]
    t += [("p", p), ("sum p", p.sum())]
    t += [("p[1]", p[k]), ("loss", loss)]
    t += [("sum", e.sum()), ("z[1] - max", z[k] - m), ("log sum", np.log(e.sum())),
          ("-(z[1] - max)", -(z[k] - m)), ("loss", loss)]
    for j in range(3):
        t += [(f"p[{j}]", p[j]), (f"y[{j}]", y[j])]
    t += [("grad", grad), ("sum grad", grad.sum())]
    h = 1e-3
    numeric = [(softmax_cross_entropy(z + h * y_j, k) - softmax_cross_entropy(z - h * y_j, k)) / (2 * h)
               for y_j in np.eye(3)]
    t += [("central differences", np.array(numeric)), ("h", h)]
    return t


def worked_example_focal():
    """Focal loss (gamma = 2) against cross-entropy for an easy and a hard example."""
    gamma = 2.0
    cols = []
    for pt in (0.9, 0.1):                          # easy, hard; both have label 1
        z = np.log(pt / (1 - pt))                  # the logit that gives p_t
        ce, fl = bce_with_logits([z], [1.0]), focal_loss([z], [1.0], gamma)
        cols.append(dict(pt=pt, z=z, ce=ce, factor=(1 - pt) ** gamma, fl=fl, ratio=ce / fl,
                         g_ce=bce_with_logits_grad([z], [1.0])[0],
                         g_fl=focal_loss_grad([z], [1.0], gamma)[0]))
    easy, hard = cols
    t = [("gamma", gamma), ("p_t easy", easy["pt"]), ("p_t hard", hard["pt"])]
    # The table, row by row: easy column then hard column.
    for key in ("pt", "z", "ce"):
        t += [(f"{key} easy", easy[key]), (f"{key} hard", hard[key])]
    t += [("gamma", gamma)]
    for key in ("factor", "fl", "ratio", "g_ce", "g_fl"):
        t += [(f"{key} easy", easy[key]), (f"{key} hard", hard[key])]
    # The hard example term by term.
    t += [("p_t hard", hard["pt"]), ("CE hard", hard["ce"]), ("factor hard", hard["factor"]),
          ("CE hard", hard["ce"]), ("FL hard", hard["fl"])]
    # Class imbalance: many easy negatives (label 0, p_t = 0.99) against the hard positive.
    n_easy, pt_easy = 1000, 0.99
    z_neg = -np.log(pt_easy / (1 - pt_easy))
    ce_neg, fl_neg = bce_with_logits([z_neg], [0.0]), focal_loss([z_neg], [0.0], gamma)
    t += [("n_easy", n_easy), ("pt_easy", pt_easy), ("p_t hard", hard["pt"])]
    t += [("CE per easy negative", ce_neg), ("FL per easy negative", fl_neg)]
    t += [("n_easy", n_easy)]
    t += [("CE easy total", n_easy * ce_neg), ("CE hard", hard["ce"]),
          ("hard share CE", hard["ce"] / (hard["ce"] + n_easy * ce_neg))]
    t += [("FL easy total", n_easy * fl_neg), ("FL hard", hard["fl"]),
          ("hard share FL", hard["fl"] / (hard["fl"] + n_easy * fl_neg))]
    return t


def worked_example_mse_vs_ce():
    """Gradient of MSE on a sigmoid and of cross-entropy with respect to the logit, target 1."""
    t = [("y", 1)]
    for z in EXAMPLE_MSE_VS_CE_Z:
        p = float(sigmoid(z))
        g_mse = sigmoid_mse_grad([z], [1.0])[0]
        g_ce = bce_with_logits_grad([z], [1.0])[0]
        t += [(f"z={z:g}", z), (f"p({z:g})", p), (f"mse grad({z:g})", g_mse),
              (f"ce grad({z:g})", g_ce), (f"ratio({z:g})", g_ce / g_mse)]
    # Term by term at z = -5.
    z = -5.0
    p = float(sigmoid(z))
    t += [("z", z), ("p", p), ("p", p), ("1 - p", 1 - p), ("slope", p * (1 - p)),
          ("mse grad", sigmoid_mse_grad([z], [1.0])[0]), ("ce grad", p - 1)]
    t += [("z", EXAMPLE_MSE_VS_CE_Z[0]), ("z", EXAMPLE_MSE_VS_CE_Z[-1])]
    return t


def mistake_mse_grad():
    """The MSE gradient written as y_hat - y (the half-sum's gradient) against (2/n)(y_hat - y)."""
    y_hat, y = EXAMPLE_REG_Y_HAT, EXAMPLE_REG_Y
    n = y.size
    r = y_hat - y
    short = r                                          # d/dy_hat of (1/2) sum r^2
    right = mse_grad(y_hat, y)
    measured = numerical_gradient(lambda v: mse(v, y), y_hat, h=1e-4)
    t = [("n", n), ("r[3]", r[3]), ("short form[3]", short[3]), ("right[3]", right[3]),
         ("central difference[3]", measured[3])]
    # A batch of 64: how many times too large the short form is.
    batch = 64
    y_hat64, y64 = np.linspace(-1.0, 1.0, batch), np.zeros(batch)
    ratio = (y_hat64 - y64) / mse_grad(y_hat64, y64)
    t += [("batch", batch), ("too large by", float(np.mean(ratio)))]
    return t


def focal_share_kept(pt, gamma=2.0):
    """The fraction of its cross-entropy that a positive example with p_t = pt keeps under focal loss."""
    z = np.log(pt / (1.0 - pt))
    return float(focal_loss([z], [1.0], gamma) / bce_with_logits([z], [1.0]))


def best_constant(loss_grad, y, lo, hi, **kw):
    """The constant prediction c where the gradient of a mean loss sums to zero, by bisection."""
    slope = lambda c: float(np.sum(loss_grad(np.full(len(y), c), y, **kw)))
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if slope(mid) < 0 else (lo, mid)
    return 0.5 * (lo + hi)


def claims_the_math():
    """Focal loss: the share of its loss a hard example (p_t = 0.1) keeps at gamma = 2."""
    return [("kept at p_t = 0.1", focal_share_kept(0.1))]


def claims_code():
    """The deep dive on clipping: the largest loss one example can get from bce."""
    return [("bce cap", float(bce([0.0], [1.0])))]


def exercise_mse_two():
    """Exercise 1: MSE and its gradient for two predictions."""
    y, y_hat = np.array([2.0, 3.0]), np.array([3.0, 1.0])
    r, n = y_hat - y, y.size
    g = mse_grad(y_hat, y)
    return [("exercise", 1), ("y", y), ("y_hat", y_hat),
            ("residuals", r), ("r^2", r**2), ("n", n), ("MSE", mse(y_hat, y)),
            ("n", n), ("gradient", g)]


def exercise_bce_one():
    """Exercise 2: binary cross-entropy of one prediction, for either label."""
    p = 0.8
    z = np.log(p / (1 - p))                      # the logit that gives p
    t = [("exercise", 2), ("p", p), ("y spam", 1), ("y not spam", 0)]
    t += [("p", p), ("loss if spam", bce([p], [1.0])), ("p", p), ("y", 1),
          ("gradient if spam", bce_with_logits_grad([z], [1.0])[0])]
    t += [("p", p), ("1 - p", 1 - p), ("1 - p", 1 - p), ("loss if not", bce([p], [0.0])),
          ("p", p), ("y", 0), ("gradient if not", bce_with_logits_grad([z], [0.0])[0])]
    return t


def exercise_softmax_gradient():
    """Exercise 3: cross-entropy and its gradient p - y for three classes."""
    p, k = np.array([0.7, 0.2, 0.1]), 1
    z = np.log(p)                                # logits whose softmax is p
    y = np.eye(3)[k]
    grad = softmax_cross_entropy_grad(z, k)
    t = [("exercise", 3), ("p", softmax(z)), ("y", y)]
    t += [("p[k]", p[k]), ("loss", softmax_cross_entropy(z, k))]
    for j in range(3):
        t += [(f"p[{j}]", p[j]), (f"y[{j}]", y[j])]
    t += [("gradient", grad), ("sum", grad.sum())]
    return t


def exercise_huber_two():
    """Exercise 4: Huber loss and gradient of a small and a large residual."""
    c, small, big = 1.0, 0.5, 3.0
    t = [("exercise", 4), ("c", c), ("small", small), ("large", big)]
    t += [("small", small), ("small", small), ("huber small", huber([small], [0.0], c)),
          ("grad small", huber_grad([small], [0.0], c)[0])]
    t += [("large", big), ("c", c), ("large", big), ("c/2", c / 2),
          ("huber large", huber([big], [0.0], c)),
          ("large", big), ("-c", -c), ("c", c), ("grad large", huber_grad([big], [0.0], c)[0])]
    t += [("half square", 0.5 * big**2), ("gradient of half square", big)]
    return t


def smoothed_target(k, classes, eps):
    """Label smoothing: (1 - eps) * one-hot + eps / classes on every class."""
    return (1.0 - eps) * np.eye(classes)[k] + eps / classes


def claims_interview_questions():
    """Every computed number of the interview answers, in reading order."""
    one_hot10 = np.eye(10)[0]                        # probabilities fed to softmax as if logits
    y = EXAMPLE_REG_Y
    kept = focal_share_kept(0.1)
    # Label smoothing, 10 classes, eps = 0.1.
    q = smoothed_target(0, 10, 0.1)
    lead = float(np.log(q[0] / q[1]))                # the logit lead where p = q
    z_best = np.array([lead] + [0.0] * 9)
    # Perplexity of a cross-entropy of 3 nats per token.
    ce = 3.0
    # Class imbalance: 1% positives; the bias at the log prior odds.
    prior = 0.01
    bias = float(np.log(prior / (1 - prior)))
    labels = np.array([1.0] + [0.0] * 99)            # 1 positive in 100
    return [
        ("p true after a second softmax", float(softmax(one_hot10)[0])),
        ("loss floor", float(softmax_cross_entropy(one_hot10, 0))),
        ("true class, smoothed", q[0]), ("other classes, smoothed", q[1]),
        ("true class", q[0]), ("other class", q[1]), ("ratio", q[0] / q[1]), ("best logit lead", lead),
        ("loss floor, smoothed", float(softmax_cross_entropy(z_best, q))),
        ("perplexity", float(np.exp(ce))), ("about", round(float(np.exp(ce)))),
        ("e^0.1", float(np.exp(0.1))),
        ("best constant, MSE", best_constant(mse_grad, y, 0.0, 10.0)),
        ("midpoint of MAE's ties", float(np.median(y))),
        ("best constant, Huber", best_constant(huber_grad, y, 0.0, 10.0, delta=1.0)),
        ("focal factor at p_t = 0.1", kept), ("cut", 1.0 - kept),
        ("positives", prior), ("accuracy of always negative", 1 - prior),
        ("prior", prior), ("1 - prior", 1 - prior), ("bias", bias), ("first loss with that bias",
                         float(bce_with_logits(np.full(100, bias), labels))),
        ("first loss with bias 0", float(bce_with_logits([0.0], [1.0]))),
    ]


def main():
    """Print every transcript: name = value, in reading order."""
    for fn in (worked_example_regression, worked_example_bce, worked_example_softmax_ce,
               worked_example_focal, worked_example_mse_vs_ce, mistake_mse_grad,
               exercise_mse_two, exercise_bce_one, exercise_softmax_gradient,
               exercise_huber_two, claims_the_math, claims_code, claims_interview_questions):
        print(f"# {fn.__name__}")
        for name, value in fn():
            text = np.array2string(np.asarray(value), precision=6, suppress_small=False)
            print(f"{name:>40} = {text}")


if __name__ == "__main__":
    main()
