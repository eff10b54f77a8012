"""Regularization, in NumPy: weight decay, L1, dropout, early stopping, batch and layer norm.

Run ``python snippets/regularization.py`` to print every worked example of the page
"Regularization"; ``python -m doctest snippets/regularization.py`` runs the examples
in the docstrings.

Conventions: a batch is a matrix ``X`` of shape ``(batch, features)`` with one
example per row. The L2 penalty is written (lambda / 2) * sum(w**2), so its
gradient is lambda * w. In dropout, ``p`` is the probability of DROPPING a unit
(PyTorch's convention); a unit is kept with probability 1 - p.
"""
import numpy as np

# --8<-- [start:penalties]

def l2_penalty(w, lam):
    """The L2 penalty (lam / 2) * sum of squared weights.

    >>> l2_penalty(np.array([3.0, -4.0]), lam=0.1)   # 0.05 * (9 + 16)
    1.25
    """
    _check_lambda(lam)
    w = np.asarray(w, dtype=float)
    return float(0.5 * lam * np.sum(w * w))


def l2_grad(w, lam):
    """Gradient of l2_penalty: lam * w.

    The 1/2 in the penalty cancels the 2 of w**2.

    >>> l2_grad(np.array([3.0, -4.0]), lam=0.1)
    array([ 0.3, -0.4])
    """
    _check_lambda(lam)
    return lam * np.asarray(w, dtype=float)


def l1_penalty(w, lam):
    """The L1 penalty lam * sum of absolute weights.

    >>> l1_penalty(np.array([3.0, -4.0]), lam=0.1)   # 0.1 * (3 + 4)
    0.7000000000000001
    """
    _check_lambda(lam)
    return float(lam * np.sum(np.abs(np.asarray(w, dtype=float))))


def l1_grad(w, lam):
    """A subgradient of l1_penalty: lam * sign(w), taking 0 at w = 0.

    >>> l1_grad(np.array([3.0, 0.0, -4.0]), lam=0.1)
    array([ 0.1,  0. , -0.1])
    """
    _check_lambda(lam)
    return lam * np.sign(np.asarray(w, dtype=float))


def _check_lambda(lam):
    if not np.isfinite(lam) or lam < 0:
        raise ValueError(
            f"the regularization strength lam must be >= 0, got {lam}")


def _check_step(lr, lam, momentum=0.0):
    _check_lambda(lam)
    if lr <= 0 or not 0.0 <= momentum < 1.0:
        raise ValueError(f"need lr > 0 and momentum in [0, 1), got lr={lr}, "
                         f"momentum={momentum}")
# --8<-- [end:penalties]

# --8<-- [start:decay]

def weight_decay_step(w, grad_loss, lr, lam):
    """One gradient-descent step on loss + (lam/2)||w||^2, written as decay:

    w <- w - lr * (grad_loss + lam * w) = (1 - lr * lam) * w - lr * grad_loss.

    >>> w, grad = np.array([1.0, -2.0]), np.array([0.0, 0.0])
    >>> weight_decay_step(w, grad, lr=0.1, lam=0.5)
    array([ 0.95, -1.9 ])
    """
    _check_step(lr, lam)
    w = np.asarray(w, dtype=float)
    return (1.0 - lr * lam) * w - lr * np.asarray(grad_loss, dtype=float)
# --8<-- [end:decay]

# --8<-- [start:momentum_decay]

def momentum_decay_step(w, velocity, grad_loss, lr, lam, momentum=0.9,
                        decoupled=False):
    """One step of SGD with momentum and weight decay; returns (w, velocity).

    L2 in the gradient (decoupled=False, what PyTorch's SGD weight_decay does):
        g = grad_loss + lam * w;  v <- momentum * v + g;  w <- w - lr * v.
    Decoupled decay (decoupled=True, the idea of SGDW):
        v <- momentum * v + grad_loss;  w <- (1 - lr * lam) * w - lr * v.
    With momentum=0 the two are the same step; with momentum they are not,
    because the first one keeps the old pulls lam * w in the velocity.

    >>> w, v = np.array([1.0]), np.zeros(1)
    >>> w, v = momentum_decay_step(w, v, np.zeros(1), lr=0.1, lam=0.2)
    >>> w, v = momentum_decay_step(w, v, np.zeros(1), lr=0.1, lam=0.2)
    >>> w.round(6)                      # 0.98 - 0.1 * (0.9 * 0.2 + 0.2 * 0.98)
    array([0.9424])
    """
    _check_step(lr, lam, momentum)
    w = np.asarray(w, dtype=float)
    g = np.asarray(grad_loss, dtype=float)
    if decoupled:
        velocity = momentum * velocity + g
        return (1.0 - lr * lam) * w - lr * velocity, velocity
    velocity = momentum * velocity + g + lam * w
    return w - lr * velocity, velocity
# --8<-- [end:momentum_decay]

# --8<-- [start:l1]

def soft_threshold(v, threshold):
    """Shrink every entry of v towards zero by threshold; exactly zero if
    |v| <= threshold.

    sign(v) * max(|v| - threshold, 0) is the exact minimiser of
    (1/2)(w - v)^2 + threshold * |w|, entry by entry.

    >>> soft_threshold(np.array([0.48, -0.04, 0.1, -1.16]), 0.05)
    array([ 0.43, -0.  ,  0.05, -1.11])
    """
    _check_lambda(threshold)
    v = np.asarray(v, dtype=float)
    return np.sign(v) * np.maximum(np.abs(v) - threshold, 0.0)


def l1_proximal_step(w, grad_loss, lr, lam):
    """One proximal-gradient (ISTA) step on loss + lam * ||w||_1:

    take the plain gradient step on the loss, then soft-threshold by lr * lam.

    >>> w, grad = np.array([0.5, -0.03]), np.array([0.2, 0.1])
    >>> l1_proximal_step(w, grad, lr=0.1, lam=0.5)
    array([ 0.43, -0.  ])
    """
    _check_lambda(lam)
    v = np.asarray(w, dtype=float) - lr * np.asarray(grad_loss, dtype=float)
    return soft_threshold(v, lr * lam)
# --8<-- [end:l1]

# --8<-- [start:dropout]

def dropout_mask(shape, p, rng):
    """A 0/1 mask: each entry is 0 (dropped) with probability p, else 1 (kept).

    >>> dropout_mask((2, 3), 0.0, np.random.default_rng(0))
    array([[1., 1., 1.],
           [1., 1., 1.]])
    """
    _check_p(p)
    if rng is None:
        raise ValueError("dropout in training mode needs a mask or an rng")
    return (rng.random(shape) >= p).astype(float)


def dropout(a, p, train=True, mask=None, rng=None):
    """Inverted dropout. p is the DROP probability.

    Training: a * mask / (1 - p), so every entry keeps its expected value.
    Inference (train=False): a unchanged. Pass a fixed ``mask``, or an ``rng``
    to draw one.

    >>> a = np.array([0.8, 1.5, 0.2, 2.4])
    >>> dropout(a, 0.5, mask=np.array([1.0, 0.0, 0.0, 1.0]))
    array([1.6, 0. , 0. , 4.8])
    >>> dropout(a, 0.5, train=False)
    array([0.8, 1.5, 0.2, 2.4])
    """
    _check_p(p)
    a = np.asarray(a, dtype=float)
    if not train or p == 0.0:
        return a.copy()
    if mask is None:
        mask = dropout_mask(a.shape, p, rng)
    return a * np.broadcast_to(mask, a.shape) / (1.0 - p)


def dropout_backward(grad_out, p, mask):
    """Gradient through training-mode dropout: the same mask, the same scale.

    >>> dropout_backward(np.array([1.0, 1.0]), 0.5, np.array([1.0, 0.0]))
    array([2., 0.])
    """
    _check_p(p)
    grad_out = np.asarray(grad_out, dtype=float)
    return grad_out * np.asarray(mask, dtype=float) / (1.0 - p)


def _check_p(p):
    if not 0.0 <= p < 1.0:
        raise ValueError(f"the drop probability p must be in [0, 1), got {p}")
# --8<-- [end:dropout]

# --8<-- [start:early_stopping]

def early_stopping(val_losses, patience):
    """Replay early stopping on a list of validation losses (epoch 1 first).

    Training stops after ``patience`` epochs in a row without a new best.
    Returns (best_epoch, stop_epoch), both counted from 1; you keep the
    weights saved at best_epoch.

    >>> early_stopping([0.9, 0.7, 0.6, 0.65, 0.7, 0.5], patience=2)
    (3, 5)
    >>> # patience never runs out: training runs to the end
    >>> early_stopping([0.9, 0.7, 0.6], patience=2)
    (3, 3)
    """
    if patience < 1:
        raise ValueError(f"patience must be at least 1 epoch, got {patience}")
    if len(val_losses) == 0:
        raise ValueError("val_losses is empty: there is no epoch to stop at")
    best_epoch, best, waited = 1, float(val_losses[0]), 0
    for epoch, loss in enumerate(val_losses[1:], start=2):
        if loss < best:
            best_epoch, best, waited = epoch, float(loss), 0
        else:
            waited += 1
            if waited == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)
# --8<-- [end:early_stopping]

# --8<-- [start:batch_norm]

def batch_norm_train(X, gamma, beta, eps=1e-5):
    """Batch norm in training mode: THIS batch's statistics, one per feature.

    A feature is a column of X.

    Returns (Y, batch_mean, batch_var); batch_var is the biased variance
    (divide by N), the one used to normalise.

    >>> X = np.array([[1.0, 10.0], [3.0, 30.0]])
    >>> Y, mean, var = batch_norm_train(X, np.ones(2), np.zeros(2), eps=0.0)
    >>> Y
    array([[-1., -1.],
           [ 1.,  1.]])
    >>> mean, var
    (array([ 2., 20.]), array([  1., 100.]))
    """
    X = _check_batch(X, gamma, beta)
    mean = X.mean(axis=0)
    var = X.var(axis=0)  # biased: divides by N
    X_hat = (X - mean) / np.sqrt(var + eps)
    return gamma * X_hat + beta, mean, var


def update_running_stats(running_mean, running_var, batch_mean, batch_var, n,
                         rho=0.9, unbiased=True):
    """running <- rho * running + (1 - rho) * batch statistic.

    rho = 0.9 is PyTorch's default (its momentum=0.1 is 1 - rho). With
    ``unbiased=True`` (PyTorch's choice) the variance stored is the batch
    variance times n / (n - 1).

    >>> update_running_stats(np.zeros(1), np.ones(1),
    ...                      np.array([2.0]), np.array([1.0]), n=4)
    (array([0.2]), array([1.03333333]))
    """
    if not 0.0 <= rho <= 1.0 or (unbiased and n < 2):
        raise ValueError(f"need 0 <= rho <= 1 and n >= 2, got {rho}, {n}")
    if unbiased:
        batch_var = batch_var * n / (n - 1)
    new_mean = rho * running_mean + (1.0 - rho) * batch_mean
    new_var = rho * running_var + (1.0 - rho) * batch_var
    return new_mean, new_var


def batch_norm_inference(X, gamma, beta, running_mean, running_var, eps=1e-5):
    """Batch norm in inference mode: the stored running statistics, no batch
    statistics.

    Each example is normalised on its own, so the result does not depend on
    the batch.

    >>> batch_norm_inference(np.array([[3.0]]), np.ones(1), np.zeros(1),
    ...                      np.array([1.0]), np.array([4.0]), eps=0.0)
    array([[1.]])
    """
    X = _check_batch(X, gamma, beta)
    return gamma * (X - running_mean) / np.sqrt(running_var + eps) + beta


def _check_batch(X, gamma, beta):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(
            f"X must be a (batch, features) matrix, got shape {X.shape}")
    for name, v in (("gamma", gamma), ("beta", beta)):
        if np.shape(v) != (X.shape[1],):
            raise ValueError(f"{name} must have one entry per feature, "
                             f"shape ({X.shape[1]},), got {np.shape(v)}")
    return X
# --8<-- [end:batch_norm]

# --8<-- [start:layer_norm]

def layer_norm(X, gamma, beta, eps=1e-5):
    """Layer norm: statistics over the features of EACH example (each row).

    Identical in training and inference; no running statistics.

    >>> X = np.array([[1.0, 3.0], [10.0, 30.0]])
    >>> layer_norm(X, np.ones(2), np.zeros(2), eps=0.0)
    array([[-1.,  1.],
           [-1.,  1.]])
    """
    X = _check_batch(X, gamma, beta)
    mean = X.mean(axis=1, keepdims=True)
    # biased: divides by the number of features
    var = X.var(axis=1, keepdims=True)
    return gamma * (X - mean) / np.sqrt(var + eps) + beta
# --8<-- [end:layer_norm]

# --8<-- [start:norm_backward]

def _normalize_backward(d_xhat, X, axis, eps):
    """Gradient through x_hat = (x - mean) / sqrt(var + eps), statistics
    along ``axis``.

    dx = (d_xhat - mean(d_xhat) - x_hat * mean(d_xhat * x_hat))
         / sqrt(var + eps).
    """
    mean = X.mean(axis=axis, keepdims=True)
    s = np.sqrt(X.var(axis=axis, keepdims=True) + eps)
    X_hat = (X - mean) / s
    dX = (d_xhat - d_xhat.mean(axis=axis, keepdims=True)
          - X_hat * (d_xhat * X_hat).mean(axis=axis, keepdims=True)) / s
    return dX, X_hat


def batch_norm_backward(dY, X, gamma, eps=1e-5):
    """Gradients of training-mode batch norm: (dX, dgamma, dbeta).

    The mean and variance depend on every example, so each row of dX involves
    the whole batch.

    >>> X = np.array([[1.0], [3.0]])
    >>> dX, dg, db = batch_norm_backward(np.ones((2, 1)), X, np.ones(1))
    >>> # a constant upstream gradient is absorbed: dX is zero
    >>> bool(np.abs(dX).max() < 1e-12), db
    (True, array([2.]))
    """
    X = np.asarray(X, dtype=float)
    dY = np.asarray(dY, dtype=float)
    dX, X_hat = _normalize_backward(dY * gamma, X, axis=0, eps=eps)
    return dX, (dY * X_hat).sum(axis=0), dY.sum(axis=0)


def layer_norm_backward(dY, X, gamma, eps=1e-5):
    """Gradients of layer norm: (dX, dgamma, dbeta); each row of dX only
    involves itself.

    >>> X = np.array([[1.0, 3.0]])
    >>> dX, dg, db = layer_norm_backward(np.ones((1, 2)), X, np.ones(2))
    >>> bool(np.abs(dX).max() < 1e-12), db
    (True, array([1., 1.]))
    """
    X = np.asarray(X, dtype=float)
    dY = np.asarray(dY, dtype=float)
    dX, X_hat = _normalize_backward(dY * gamma, X, axis=1, eps=eps)
    return dX, (dY * X_hat).sum(axis=0), dY.sum(axis=0)
# --8<-- [end:norm_backward]

# --8<-- [start:augment]

def augment_image(image, rng, max_shift=2):
    """Data augmentation for a (height, width) image: a random left-right flip
    (probability 1/2) and a random shift of up to ``max_shift`` pixels each way,
    filling the uncovered border with zeros. The label does not change.

    >>> img = np.arange(6.0).reshape(2, 3)
    >>> out = augment_image(img, np.random.default_rng(0), max_shift=0)
    >>> any(np.array_equal(out, v) for v in (img, img[:, ::-1]))
    True
    """
    image = np.asarray(image, dtype=float)
    if image.ndim != 2:
        raise ValueError(
            f"image must be (height, width), got shape {image.shape}")
    if rng.random() < 0.5:
        image = image[:, ::-1]
    dy, dx = rng.integers(-max_shift, max_shift + 1, size=2)
    h, w = image.shape
    out = np.zeros_like(image)
    out[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        image[max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out
# --8<-- [end:augment]

# --8<-- [start:ridge]

def polynomial_features(x, degree):
    """Columns 1, x, x^2, ..., x^degree for a vector of inputs x.

    >>> polynomial_features(np.array([2.0, 3.0]), 2)
    array([[1., 2., 4.],
           [1., 3., 9.]])
    """
    if degree < 0:
        raise ValueError(f"degree must be >= 0, got {degree}")
    return np.vander(np.asarray(x, dtype=float), degree + 1, increasing=True)


def ridge_fit(Phi, y, lam):
    """Weights minimising mean((Phi w - y)^2) + (lam/2) * ||w[1:]||^2
    (the intercept w[0] is not penalised), in closed form.

    Setting the gradient to zero gives (Phi^T Phi + (n lam / 2) D) w = Phi^T y,
    with D the identity except D[0, 0] = 0; solved as a stacked least-squares
    problem, which is better conditioned than forming Phi^T Phi.

    >>> Phi = polynomial_features(np.array([0.0, 1.0, 2.0]), 1)
    >>> y = np.array([1.0, 3.0, 5.0])                # exactly y = 1 + 2x
    >>> ridge_fit(Phi, y, lam=0.0).round(6)
    array([1., 2.])
    """
    _check_lambda(lam)
    Phi = np.asarray(Phi, dtype=float)
    y = np.asarray(y, dtype=float)
    n, k = Phi.shape
    D = np.eye(k)
    D[0, 0] = 0.0
    A = np.vstack([Phi, np.sqrt(n * lam / 2.0) * D])
    b = np.concatenate([y, np.zeros(k)])
    return np.linalg.lstsq(A, b, rcond=None)[0]


def mse(y_hat, y):
    """Mean squared error.

    >>> mse(np.array([1.0, 2.0]), np.array([1.0, 4.0]))
    2.0
    """
    error = np.asarray(y_hat, dtype=float) - np.asarray(y, dtype=float)
    return float(np.mean(error ** 2))


def noisy_sine(n, noise=0.2, seed=0):
    """n points x ~ Uniform(-1, 1) (sorted), targets sin(pi x) + Gaussian noise.

    >>> x, y = noisy_sine(5, noise=0.0)
    >>> bool(np.allclose(y, np.sin(np.pi * x)))
    True
    """
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-1.0, 1.0, n))
    return x, np.sin(np.pi * x) + noise * rng.normal(size=n)


# The figure's experiment: 20 noisy training points, 200 validation points.
TRAIN = dict(n=20, noise=0.2, seed=1)
VALID = dict(n=200, noise=0.2, seed=100)


def train_val_errors(degree, lam):
    """Training and validation MSE of a ridge polynomial fit on the page's
    data."""
    x, y = noisy_sine(**TRAIN)
    xv, yv = noisy_sine(**VALID)
    w = ridge_fit(polynomial_features(x, degree), y, lam)
    train = mse(polynomial_features(x, degree) @ w, y)
    return train, mse(polynomial_features(xv, degree) @ w, yv)
# --8<-- [end:ridge]

# --8<-- [start:geometry]

def proximal_gradient_l1(grad_fn, w0, lr, lam, steps=2000):
    """Minimise loss(w) + lam * ||w||_1 by repeated l1_proximal_step (ISTA).

    >>> grad = lambda w: w - np.array([2.0, 0.3])   # loss = ||w - (2, 0.3)||^2 / 2
    >>> proximal_gradient_l1(grad, np.zeros(2), lr=0.5, lam=0.5).round(6)
    array([1.5, 0. ])
    """
    w = np.asarray(w0, dtype=float)
    for _ in range(steps):
        w = l1_proximal_step(w, grad_fn(w), lr, lam)
    return w
# --8<-- [end:geometry]


# ----------------------------------------------------------------------------
# The page's worked examples. Each returns its transcript: (name, value) pairs
# in the order the page states the numbers.

EX_W = np.array([0.5, -1.2, 2.0])
EX_GRAD = np.array([0.1, -0.3, 0.4])
EX_LR, EX_LAM = 0.1, 0.2


def worked_example_weight_decay():
    """One gradient step with L2 regularization, two ways, and the other convention."""
    w, g, lr, lam = EX_W, EX_GRAD, EX_LR, EX_LAM
    sq = w * w
    total = g + l2_grad(w, lam)
    decay = 1.0 - lr * lam
    t = [("w", w), ("grad_L", g), ("lr", lr), ("lam", lam)]
    t += [("lam", lam), ("w^2", sq), ("lam/2", lam / 2), ("sum w^2", sq.sum()),
          ("penalty", l2_penalty(w, lam))]
    t += [("grad_L", g), ("lam", lam), ("w", w), ("grad_L + lam w", total)]
    t += [("w", w), ("lr", lr), ("grad_L + lam w", total), ("w_new", w - lr * total)]
    t += [("lr", lr), ("lam", lam), ("1 - lr lam", decay)]
    t += [("1 - lr lam", decay), ("(1 - lr lam) w", decay * w), ("lr grad_L", lr * g),
          ("w_new", weight_decay_step(w, g, lr, lam))]
    t += [("w - lr grad_L (no penalty)", w - lr * g), ("lr lam w", lr * lam * w)]
    return t


EX_L1_W = np.array([0.5, -0.03, 0.08, -1.2])
EX_L1_GRAD = np.array([0.2, 0.1, -0.2, -0.4])
EX_L1_LR, EX_L1_LAM = 0.1, 0.5


def worked_example_l1():
    """One proximal step with L1 (an exact zero) against a subgradient step and an L2 step."""
    w, g, lr, lam = EX_L1_W, EX_L1_GRAD, EX_L1_LR, EX_L1_LAM
    v = w - lr * g
    thr = lr * lam
    new = l1_proximal_step(w, g, lr, lam)
    t = [("w", w), ("grad_L", g), ("lr", lr), ("lam", lam)]
    t += [("v = w - lr grad_L", v), ("lr", lr), ("lam", lam), ("t", thr)]
    t += [("v[0]", v[0]), ("t", thr), ("v[0]", v[0]), ("t", thr), ("w_new[0]", new[0])]
    t += [("v[1]", v[1]), ("|v[1]|", abs(v[1])), ("t", thr), ("w_new[1]", new[1])]
    t += [("v[2]", v[2]), ("v[2]", v[2]), ("t", thr), ("w_new[2]", new[2])]
    t += [("v[3]", v[3]), ("v[3]", v[3]), ("t", thr), ("w_new[3]", new[3])]
    t += [("w_new", new)]
    sub = v - lr * l1_grad(w, lam)
    t += [("subgradient step", sub), ("w[1]", w[1]), ("subgradient step[1]", sub[1])]
    return t


EX_A = np.array([0.8, 1.5, 0.2, 2.4, 0.6, 1.0])
EX_P = 0.5
EX_SEED = 7
EX_SAMPLES = 10_000


def worked_example_dropout():
    """Inverted dropout on six activations with a seeded mask, p = 0.5, then p = 0.2."""
    a, p = EX_A, EX_P
    mask = dropout_mask(a.shape, p, np.random.default_rng(EX_SEED))
    train = dropout(a, p, mask=mask)
    scale = 1 / (1 - p)
    t = [("a", a), ("p", p), ("seed", EX_SEED), ("mask", mask)]
    t += [("1 - p", 1 - p), ("1 / (1 - p)", scale)]
    t += [("a * mask", a * mask), ("1 / (1 - p)", scale), ("train output", train)]
    t += [("inference output", dropout(a, p, train=False))]
    t += [("1 - p", 1 - p), ("a[0] / (1 - p)", a[0] / (1 - p)), ("p", p), ("dropped", 0.0)]
    t += [("1 - p", 1 - p), ("a[0] / (1 - p)", a[0] / (1 - p)), ("p", p), ("dropped", 0.0),
          ("E[train output[0]]", (1 - p) * a[0] / (1 - p) + p * 0.0)]
    rng = np.random.default_rng(EX_SEED)
    samples = np.array([dropout(a, p, rng=rng) for _ in range(EX_SAMPLES)])
    t += [("samples", EX_SAMPLES), ("seed", EX_SEED), ("mean of samples", samples.mean(axis=0))]
    return t


EX_VAL = [0.92, 0.71, 0.60, 0.55, 0.56, 0.54, 0.57, 0.59, 0.61]


def worked_example_early_stopping():
    """Early stopping on nine validation losses, with patience 2 and patience 1."""
    loss = dict(enumerate(EX_VAL, start=1))
    best2, stop2 = early_stopping(EX_VAL, patience=2)
    best1, stop1 = early_stopping(EX_VAL, patience=1)
    t = []
    for epoch, value in loss.items():  # the page's table: one epoch per row
        t += [("epoch", epoch), ("validation loss", value)]
    t += [("patience", 2), ("epoch", 4), ("best loss so far", min(EX_VAL[:4])),
          ("epoch", 5), ("loss", loss[5]), ("epoch", 6), ("loss", loss[6]),
          ("epoch", 7), ("epoch", 8), ("stop after epoch", stop2), ("restore epoch", best2),
          ("restored loss", loss[best2]), ("epoch never run", stop2 + 1)]
    t += [("patience", 1), ("stop after epoch", stop1), ("restore epoch", best1),
          ("restored loss", loss[best1]), ("missed loss", loss[best2])]
    return t


EX_X = np.array([[1.0, -2.0, -3.0],
                 [3.0, 2.0, 3.0],
                 [1.0, 2.0, 5.0],
                 [3.0, -2.0, 3.0]])
EX_GAMMA = np.array([2.0, 0.5, 1.5])
EX_BETA = np.array([0.5, 0.0, -1.0])
EX_EPS = 1e-5
EX_RHO = 0.9


def worked_example_batch_norm():
    """Batch norm on a 4 x 3 batch: statistics, normalisation, gamma and beta, running
    statistics (PyTorch's convention), inference with them, and a batch of one."""
    X, gamma, beta, eps, rho = EX_X, EX_GAMMA, EX_BETA, EX_EPS, EX_RHO
    n, d = X.shape
    Y, mean, var = batch_norm_train(X, gamma, beta, eps)
    X_hat = (X - mean) / np.sqrt(var + eps)
    dev = X - mean
    t = [("batch size", n), ("features", d), ("X", X)]
    t += [("X[:,0]", X[:, 0]), ("N", n), ("mean[0]", mean[0])]
    t += [("X[:,2]", X[:, 2]), ("N", n), ("mean[2]", mean[2]), ("mean", mean)]
    t += [("deviations[:,0]", dev[:, 0]), ("squares", dev[:, 0] ** 2), ("N", n), ("var[0]", var[0])]
    t += [("deviations[:,2]", dev[:, 2]), ("squares", dev[:, 2] ** 2), ("N", n), ("var[2]", var[2])]
    t += [("var", var), ("eps", eps)]
    t += [("X[0,2]", X[0, 2]), ("mean[2]", mean[2]), ("var[2]", var[2]), ("eps", eps),
          ("X[0,2] - mean[2]", dev[0, 2]), ("sqrt(var[2] + eps)", np.sqrt(var[2] + eps)),
          ("X_hat[0,2]", X_hat[0, 2])]
    t += [("eps", eps), ("X_hat", X_hat)]
    t += [("largest |column mean| of X_hat", np.abs(X_hat.mean(axis=0)).max()),
          ("smallest column variance of X_hat", X_hat.var(axis=0).min())]
    t += [("gamma", gamma), ("beta", beta)]
    t += [("gamma[2]", gamma[2]), ("X_hat[0,2]", X_hat[0, 2]), ("beta[2]", beta[2]), ("Y[0,2]", Y[0, 2])]
    t += [("Y", Y)]
    # Running statistics after one update: PyTorch starts them at 0 and 1 and stores the
    # unbiased variance.
    rm0, rv0 = np.zeros(d), np.ones(d)
    unbiased = var * n / (n - 1)
    rm, rv = update_running_stats(rm0, rv0, mean, var, n, rho=rho)
    t += [("rho", rho), ("running mean at start", 0), ("running var at start", 1),
          ("weight of the new batch", 1 - rho)]
    t += [("N", n), ("N", n), ("N", n), ("N - 1", n - 1)]
    t += [("N", n), ("N - 1", n - 1), ("var", var), ("unbiased var", unbiased)]
    t += [("rho", rho), ("running mean at start", 0), ("1 - rho", 1 - rho), ("mean", mean),
          ("running mean", rm)]
    t += [("rho", rho), ("running var at start", 1), ("1 - rho", 1 - rho),
          ("unbiased var", unbiased), ("running var", rv)]
    # Inference for the first example, with the running statistics.
    x = X[0:1]
    x_hat = (x - rm) / np.sqrt(rv + eps)
    y = batch_norm_inference(x, gamma, beta, rm, rv, eps)
    t += [("x", x), ("x[0]", x[0, 0]), ("running mean[0]", rm[0]), ("running var[0]", rv[0]),
          ("x_hat[0]", x_hat[0, 0])]
    t += [("x_hat", x_hat), ("y (inference)", y), ("Y[0] (training)", Y[0])]
    return t


def worked_example_layer_norm():
    """Layer norm on the same 4 x 3 numbers: statistics per row instead of per column."""
    X, eps = EX_X, EX_EPS
    d = X.shape[1]
    X_hat = layer_norm(X, np.ones(d), np.zeros(d), eps)
    mean, var = X.mean(axis=1), X.var(axis=1)
    r = X[0]
    dev = r - mean[0]
    t = [("features", d)]
    t += [("row 0", r), ("x[0,0]", r[0]), ("-x[0,1]", -r[1]), ("-x[0,2]", -r[2]), ("D", d),
          ("mean row 0", mean[0])]
    t += [("deviations", dev), ("squares", dev ** 2), ("D", d), ("var row 0", var[0])]
    t += [("x[0,0]", r[0]), ("mean row 0", mean[0]), ("var row 0", var[0]), ("deviation", dev[0]),
          ("sqrt(var + eps)", np.sqrt(var[0] + eps)), ("X_hat[0,0]", X_hat[0, 0])]
    t += [("row means", mean), ("row variances", var), ("X_hat (layer norm)", X_hat)]
    bn_hat = (X - X.mean(axis=0)) / np.sqrt(X.var(axis=0) + eps)
    t += [("x[0,0]", X[0, 0]), ("batch norm X_hat[0,0]", bn_hat[0, 0]),
          ("layer norm X_hat[0,0]", X_hat[0, 0])]
    return t


# ----------------------------------------------------------------------------
# Transcripts the page's checker reads: the numbers outside the worked examples.

MOM_W0, MOM_LR, MOM_LAM, MOM_MU, MOM_STEPS = 1.0, 0.1, 0.2, 0.9, 3


def momentum_decay_trajectories(steps=MOM_STEPS):
    """One weight the data ignore (grad_loss = 0), w0 = 1: the weight after each step of
    momentum SGD, with L2 in the gradient and with decoupled decay."""
    out = {}
    for decoupled in (False, True):
        w, v, ws = np.array([MOM_W0]), np.zeros(1), []
        for _ in range(steps):
            w, v = momentum_decay_step(w, v, np.zeros(1), MOM_LR, MOM_LAM, MOM_MU, decoupled)
            ws.append(float(w[0]))
        out[decoupled] = ws
    return out[False], out[True]


def claims_momentum_decay():
    """The box 'Weight decay and L2 are the same only for plain SGD'."""
    l2, dec = momentum_decay_trajectories()
    t = [("w", MOM_W0), ("grad L", 0), ("lr", MOM_LR), ("lam", MOM_LAM), ("momentum", MOM_MU)]
    for step in range(MOM_STEPS):
        t += [("step", step + 1), ("w, L2 in the gradient", l2[step]), ("w, decoupled", dec[step])]
    return t



# Transcripts the page's checker reads: the Check yourself exercises.

def exercise_weight_decay():
    """One L2 step on one weight, two ways: w = 2, dL/dw = 0.5, lr 0.1, lam 0.5."""
    w, g, lr, lam = 2.0, 0.5, 0.1, 0.5
    total = g + float(l2_grad(w, lam))
    step = float(weight_decay_step(w, g, lr, lam))
    t = [("exercise", 1), ("w", w), ("dL/dw", g), ("lr", lr), ("lam", lam)]
    t += [("dL/dw", g), ("lam", lam), ("w", w), ("penalised gradient", total)]
    t += [("w", w), ("lr", lr), ("penalised gradient", total), ("w_new", w - lr * total)]
    t += [("1", 1), ("lr", lr), ("lam", lam), ("decay", 1 - lr * lam)]
    t += [("decay", 1 - lr * lam), ("w", w), ("lr", lr), ("dL/dw", g),
          ("decayed w", (1 - lr * lam) * w), ("lr dL/dw", lr * g), ("w_new", step)]
    return t


def exercise_soft_threshold():
    """One proximal L1 step on w = (0.5, -1), gradients (1, 0.5), lr 0.2, lam 2."""
    w, g, lr, lam = np.array([0.5, -1.0]), np.array([1.0, 0.5]), 0.2, 2.0
    prop = w - lr * g
    new = l1_proximal_step(w, g, lr, lam)
    t = [("exercise", 2), ("w", w), ("grad", g), ("lr", lr), ("lam", lam)]
    t += [("w[0]", w[0]), ("lr", lr), ("grad[0]", g[0]), ("proposal[0]", prop[0])]
    t += [("w[1]", w[1]), ("lr", lr), ("grad[1]", g[1]), ("proposal[1]", prop[1])]
    t += [("lr", lr), ("lam", lam), ("threshold", lr * lam)]
    t += [("|proposal[0]|", abs(prop[0])), ("threshold", lr * lam), ("w_new[0]", new[0])]
    t += [("threshold", lr * lam), ("proposal[1]", prop[1]), ("threshold", lr * lam),
          ("w_new[1]", new[1])]
    return t


def exercise_dropout():
    """Inverted dropout on (4, 8, 2, 6) with p = 0.2 and coins (1, 1, 0, 1)."""
    a, p, keep = np.array([4.0, 8.0, 2.0, 6.0]), 0.2, np.array([1.0, 1.0, 0.0, 1.0])
    train = dropout(a, p, mask=keep)
    t = [("exercise", 3), ("a", a), ("p", p), ("coins", keep)]
    t += [("1", 1), ("1", 1), ("p", p), ("scale", 1 / (1 - p)), ("training output", train),
          ("inference output", dropout(a, p, train=False))]
    t += [("kept output[0]", train[0]), ("1 - p", 1 - p), ("dropped output", 0), ("p", p),
          ("1 - p", 1 - p), ("kept output[0]", train[0]),
          ("E[output[0]]", (1 - p) * train[0] + p * 0.0)]
    return t


def exercise_batch_norm():
    """Batch norm of one feature over (1, 1, 4), biased variance, eps ignored."""
    x = np.array([[1.0], [1.0], [4.0]])
    y, mean, var = batch_norm_train(x, np.ones(1), np.zeros(1), eps=0.0)
    dev = (x - mean).ravel()
    sd = float(np.sqrt(var[0]))
    t = [("exercise", 4), ("x", x.ravel()), ("batch size", len(x))]
    t += [("x", x.ravel()), ("batch size", len(x)), ("mean", mean[0])]
    t += [("deviations", dev), ("squares", dev ** 2), ("batch size", len(x)), ("var", var[0])]
    t += [("2 under the root", var[0]), ("sd", sd)]
    t += [("deviation[0]", dev[0]), ("sd", sd), ("x_hat[0]", y[0, 0]), ("x_hat[1]", y[1, 0]),
          ("deviation[2]", dev[2]), ("sd", sd), ("x_hat[2]", y[2, 0]), ("sum", y.sum())]
    return t


EXERCISE_VAL = [0.9, 0.7, 0.6, 0.65, 0.5, 0.55, 0.58]


def exercise_early_stopping():
    """Early stopping on seven validation losses, patience 2 and patience 1."""
    loss = dict(enumerate(EXERCISE_VAL, start=1))
    best2, stop2 = early_stopping(EXERCISE_VAL, patience=2)
    best1, stop1 = early_stopping(EXERCISE_VAL, patience=1)
    t = [("exercise", 5), ("first epoch", 1), ("last epoch", len(EXERCISE_VAL))]
    t += [("loss", v) for v in EXERCISE_VAL]
    t += [("patience", 2), ("patience", 1)]
    t += [("patience", 2), ("epoch", 4), ("best so far", min(EXERCISE_VAL[:4])), ("epoch", 5),
          ("new best", loss[5]), ("epoch", 6), ("epoch", 7), ("stop after", stop2),
          ("keep", best2)]
    t += [("patience", 1), ("epoch", 4), ("stop after", stop1), ("keep", best1),
          ("kept loss", loss[best1])]
    return t

def main():
    """Print every worked example as a transcript: name = value, in reading order."""
    for fn in (worked_example_weight_decay, worked_example_l1, worked_example_dropout,
               worked_example_early_stopping, worked_example_batch_norm, worked_example_layer_norm):
        print(f"# {fn.__name__}")
        for name, value in fn():
            print(f"{name:>28} = {np.array2string(np.asarray(value), precision=5, suppress_small=True)}")


if __name__ == "__main__":
    main()
