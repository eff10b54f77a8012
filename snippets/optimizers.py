"""Gradient descent and its optimizers, in NumPy.

Run ``python snippets/optimizers.py`` to print the worked examples of the page
"Gradient descent and optimizers"; ``python -m doctest snippets/optimizers.py``
runs the examples in the docstrings.

Every optimizer is a pure function with the same shape::

    new_w, new_state = <name>_step(w, g, state, **hyperparameters)

``w`` holds the parameters and ``g`` the gradient of the loss at ``w`` (NumPy
arrays of the same shape). ``state`` is what the optimizer remembers between
steps (a velocity, running averages, a step counter) as a dict; pass ``None``
on the first step. Nothing is modified in place: the caller gets new arrays.
"""
import math

import numpy as np

# --8<-- [start:problem]

def quadratic_loss(w, a=(1.0, 10.0)):
    """The bowl f(w) = 1/2 * sum_i a_i * w_i**2: steep where a_i is large.

    >>> quadratic_loss(np.array([1.0, 1.0]))     # 1/2 * (1 + 10)
    5.5
    """
    w, a = np.asarray(w, dtype=float), np.asarray(a, dtype=float)
    return float(0.5 * np.sum(a * w**2))


def quadratic_grad(w, a=(1.0, 10.0)):
    """Gradient of ``quadratic_loss``: the vector (a_1 w_1, a_2 w_2, ...).

    >>> quadratic_grad(np.array([1.0, 1.0]))
    array([ 1., 10.])
    """
    return np.asarray(a, dtype=float) * np.asarray(w, dtype=float)
# --8<-- [end:problem]


# --8<-- [start:helpers]

def _check_step(w, g, lr, **rates):
    """Shared input checks: same shapes, lr >= 0, decay rates in [0, 1)."""
    w, g = np.asarray(w, dtype=float), np.asarray(g, dtype=float)
    if w.shape != g.shape:
        raise ValueError(f"w has shape {w.shape} but the gradient g has "
                         f"shape {g.shape}: they must match")
    if not lr >= 0:
        raise ValueError(f"the learning rate must be zero or positive, "
                         f"got lr={lr}")
    for name, value in rates.items():
        if not 0 <= value < 1:
            raise ValueError(f"{name} must be in [0, 1), got {name}={value}")
    return w, g


def _zeros_or(state, key, like):
    """state[key] if the optimizer has run before, else zeros like w."""
    if state is None:
        return np.zeros_like(like)
    if np.shape(state[key]) != like.shape:
        raise ValueError(f"state['{key}'] has shape {np.shape(state[key])} "
                         f"but w has shape {like.shape}")
    return np.asarray(state[key], dtype=float)
# --8<-- [end:helpers]

# --8<-- [start:sgd]

def sgd_step(w, g, state=None, lr=0.1):
    """Plain gradient descent: w <- w - lr * g. It remembers nothing.

    >>> w, state = sgd_step(np.array([1.0, 1.0]), np.array([1.0, 10.0]))
    >>> w
    array([0.9, 0. ])
    """
    w, g = _check_step(w, g, lr)
    return w - lr * g, {}
# --8<-- [end:sgd]

# --8<-- [start:momentum]

def momentum_step(w, g, state=None, lr=0.1, beta=0.9):
    """Heavy-ball momentum: v <- beta * v + g, then w <- w - lr * v.

    >>> w, s = momentum_step(np.array([1.0, 1.0]), np.array([1.0, 10.0]))
    >>> w, s["v"]
    (array([0.9, 0. ]), array([ 1., 10.]))
    """
    w, g = _check_step(w, g, lr, beta=beta)
    v = beta * _zeros_or(state, "v", w) + g
    return w - lr * v, {"v": v}


def nesterov_step(w, g, state=None, lr=0.1, beta=0.9):
    """Nesterov momentum, look-ahead folded in (as in PyTorch).

    v <- beta * v + g, then w <- w - lr * (g + beta * v). Here ``w`` is
    the look-ahead point of the classic form, so ``g`` is simply the
    gradient at ``w``.

    >>> w, s = nesterov_step(np.array([1.0, 1.0]), np.array([1.0, 10.0]))
    >>> w          # 1 - 0.1 * (1 + 0.9 * 1),  1 - 0.1 * (10 + 0.9 * 10)
    array([ 0.81, -0.9 ])
    """
    w, g = _check_step(w, g, lr, beta=beta)
    v = beta * _zeros_or(state, "v", w) + g
    return w - lr * (g + beta * v), {"v": v}
# --8<-- [end:momentum]

# --8<-- [start:adaptive]

def adagrad_step(w, g, state=None, lr=0.1, eps=1e-8):
    """AdaGrad: G <- G + g**2, then w <- w - lr * g / (sqrt(G) + eps).

    G only grows, so each parameter's steps keep shrinking.

    >>> w, s = adagrad_step(np.array([1.0, 1.0]), np.array([1.0, 10.0]))
    >>> w.round(6), s["G"]
    (array([0.9, 0.9]), array([  1., 100.]))
    """
    w, g = _check_step(w, g, lr)
    G = _zeros_or(state, "G", w) + g * g
    return w - lr * g / (np.sqrt(G) + eps), {"G": G}


def rmsprop_step(w, g, state=None, lr=0.01, rho=0.9, eps=1e-8):
    """RMSProp: s <- rho * s + (1 - rho) * g**2,
    then w <- w - lr * g / (sqrt(s) + eps).

    A running average instead of AdaGrad's running sum: old gradients fade.

    >>> w, s = rmsprop_step(np.array([1.0]), np.array([2.0]), lr=0.01)
    >>> s["s"], w.round(6)    # s = 0.1 * 4; step = 0.01 * 2 / sqrt(0.4)
    (array([0.4]), array([0.968377]))
    """
    w, g = _check_step(w, g, lr, rho=rho)
    s = rho * _zeros_or(state, "s", w) + (1 - rho) * g * g
    return w - lr * g / (np.sqrt(s) + eps), {"s": s}
# --8<-- [end:adaptive]

# --8<-- [start:adam]

def adam_step(w, g, state=None, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam: averages of g and g**2, bias-corrected, then a scaled step.

    m <- beta1 * m + (1 - beta1) * g       first moment (average gradient)
    v <- beta2 * v + (1 - beta2) * g**2    second moment (average g**2)
    m_hat = m / (1 - beta1**t),  v_hat = v / (1 - beta2**t)
    w <- w - lr * m_hat / (sqrt(v_hat) + eps)

    >>> g = np.array([1.0, 10.0])
    >>> w, s = adam_step(np.array([1.0, 1.0]), g, lr=0.1)
    >>> w.round(6), s["t"]     # first step: about lr in every coordinate
    (array([0.9, 0.9]), 1)
    """
    w, g = _check_step(w, g, lr, beta1=beta1, beta2=beta2)
    t = 1 if state is None else state["t"] + 1
    m = beta1 * _zeros_or(state, "m", w) + (1 - beta1) * g
    v = beta2 * _zeros_or(state, "v", w) + (1 - beta2) * g * g
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    new_w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new_w, {"t": t, "m": m, "v": v}


def adamw_step(w, g, state=None, lr=0.001, beta1=0.9, beta2=0.999,
               eps=1e-8, weight_decay=0.01):
    """AdamW: Adam's step on the loss gradient, plus lr * weight_decay * w.

    The decay acts on the weights directly and never enters Adam's
    averages, so it is never divided by sqrt(v_hat). (Adam with L2 adds
    weight_decay * w to g instead: a different algorithm.)

    >>> g = np.array([0.0, 10.0])
    >>> w, s = adamw_step(np.array([1.0, 1.0]), g, lr=0.1)
    >>> w.round(6)           # 1 - 0 - 0.001 and 1 - 0.1 - 0.001
    array([0.999, 0.899])
    """
    w = np.asarray(w, dtype=float)
    adam_w, state = adam_step(w, g, state, lr=lr, beta1=beta1,
                              beta2=beta2, eps=eps)
    return adam_w - lr * weight_decay * w, state
# --8<-- [end:adam]

# --8<-- [start:adam_update]

def adam_update(w, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam update, self-contained; t counts steps from 1.

    >>> w, m, v = adam_update(np.ones(2), np.array([1.0, 10.0]),
    ...                       np.zeros(2), np.zeros(2), t=1, lr=0.1)
    >>> w.round(6), m, v
    (array([0.9, 0.9]), array([0.1, 1. ]), array([0.001, 0.1  ]))
    """
    m = beta1 * m + (1 - beta1) * g          # new arrays: inputs unchanged
    v = beta2 * v + (1 - beta2) * g**2       # g squared, not m squared
    m_hat = m / (1 - beta1**t)               # t = 1 on the first step
    v_hat = v / (1 - beta2**t)
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)   # eps outside the root
    return w, m, v
# --8<-- [end:adam_update]

# --8<-- [start:optimize]

def optimize(step, grad, w0, n_steps, **hyper):
    """Run ``n_steps`` of an optimizer from ``w0``; return every point.

    ``step`` is one of the ``*_step`` functions, ``grad`` maps w to the
    gradient, and ``hyper`` goes to ``step`` (lr=..., beta=...). Row k of
    the result is the parameters after k steps, so row 0 is ``w0``.

    >>> optimize(sgd_step, quadratic_grad, [1.0, 1.0], 2, lr=0.1)
    array([[1.  , 1.  ],
           [0.9 , 0.  ],
           [0.81, 0.  ]])
    """
    w, state = np.asarray(w0, dtype=float), None
    path = [w]
    for _ in range(n_steps):
        w, state = step(w, grad(w), state, **hyper)
        path.append(w)
    return np.array(path)
# --8<-- [end:optimize]

# --8<-- [start:minibatch]

def mse_loss(w, X, y):
    """Mean squared error of the linear model X @ w against targets y."""
    r = X @ w - y
    return float(np.mean(r**2))


def mse_grad(w, X, y):
    """Gradient of ``mse_loss``: (2 / B) * X^T (X w - y) for B rows.

    >>> X, y = np.array([[1.0], [2.0]]), np.array([1.0, 2.0])
    >>> mse_grad(np.array([0.0]), X, y)
    array([-5.])
    """
    return 2.0 / len(y) * X.T @ (X @ w - y)


def minibatches(n, batch_size, seed=0):
    """Shuffle the indices 0..n-1 and cut them into batches.

    The last batch may be smaller. batch_size = n gives batch gradient
    descent, batch_size = 1 stochastic gradient descent, anything in
    between mini-batch gradient descent.

    >>> [b.tolist() for b in minibatches(5, 2, seed=0)]
    [[2, 4], [3, 0], [1]]
    >>> minibatches(5, 0)
    Traceback (most recent call last):
    ValueError: batch_size must be between 1 and n=5, got 0
    """
    if not 1 <= batch_size <= n:
        raise ValueError(
            f"batch_size must be between 1 and n={n}, got {batch_size}")
    order = np.random.default_rng(seed).permutation(n)
    return [order[k:k + batch_size] for k in range(0, n, batch_size)]


def minibatch_sgd(X, y, w0, lr, batch_size, epochs, seed=0):
    """Linear regression by mini-batch SGD; returns (w, loss per epoch).

    Each epoch visits every example once, in a fresh random order.
    """
    w, history = np.asarray(w0, dtype=float), []
    for epoch in range(epochs):
        for idx in minibatches(len(y), batch_size, seed=seed + epoch):
            w, _ = sgd_step(w, mse_grad(w, X[idx], y[idx]), lr=lr)
        history.append(mse_loss(w, X, y))
    return w, history
# --8<-- [end:minibatch]


def _check_t(t, total, name="total"):
    """Schedules are defined for steps 0..total."""
    if total <= 0:
        raise ValueError(
            f"{name} must be a positive number of steps, got {total}")
    if not 0 <= t <= total:
        raise ValueError(
            f"step t must be between 0 and {name}={total}, got {t}")

# --8<-- [start:schedules]

def step_decay(t, lr0, drop=0.5, every=30):
    """Multiply the learning rate by ``drop`` every ``every`` steps.

    >>> step_decay(70, 0.1, drop=0.5, every=30)     # two drops by step 70
    0.025
    """
    if every <= 0 or t < 0:
        raise ValueError(
            f"need every > 0 and t >= 0, got every={every}, t={t}")
    return lr0 * drop ** (t // every)


def cosine(t, total, lr_max, lr_min=0.0):
    """Cosine decay from lr_max at t = 0 to lr_min at t = total.

    >>> cosine(50, 100, 0.1)                        # halfway: half of lr_max
    0.05
    """
    _check_t(t, total)
    cos = math.cos(math.pi * t / total)
    return lr_min + 0.5 * (lr_max - lr_min) * (1 + cos)


def warmup(t, warmup_steps, lr_max):
    """Linear warm-up: lr_max * t / warmup_steps, then flat at lr_max.

    >>> warmup(3, 10, 0.1), warmup(25, 10, 0.1)
    (0.03, 0.1)
    """
    if warmup_steps <= 0 or t < 0:
        raise ValueError(f"need warmup_steps > 0 and t >= 0, "
                         f"got warmup_steps={warmup_steps}, t={t}")
    return lr_max * min(1.0, t / warmup_steps)


def warmup_cosine(t, warmup_steps, total, lr_max, lr_min=0.0):
    """Linear warm-up for ``warmup_steps``, then cosine decay to ``total``.

    >>> warmup_cosine(55, 10, 100, 0.1)   # 45 of the 90 cosine steps
    0.05
    """
    _check_t(t, total)
    if t < warmup_steps:
        return warmup(t, warmup_steps, lr_max)
    return cosine(t - warmup_steps, total - warmup_steps, lr_max, lr_min)
# --8<-- [end:schedules]


# The worked example's problem and hyperparameters.
A = np.array([1.0, 10.0])      # f(w) = 1/2 * (1 * w1**2 + 10 * w2**2)
W0 = np.array([1.0, 1.0])
LR, BETA, BETA1, BETA2, EPS = 0.1, 0.9, 0.9, 0.999, 1e-8

# The figure's narrow valley: a hundred times steeper across than along. Gradient
# descent and momentum use a learning rate just below the stability limit 2 / 100.
VALLEY_A = np.array([1.0, 100.0])
VALLEY_W0 = np.array([-2.0, 0.3])
VALLEY_LR = 0.019

# The learning-rate figure: gradient descent on f(w) = (a/2) w**2 with a = 10, five rates on the
# right (the same rates as the worked example's table where they overlap), two on the left.
LR_FIGURE_A = 10.0
LR_FIGURE_RATES = (0.01, 0.15, 0.19, 0.2, 0.25)
LR_FIGURE_PATHS = (0.15, 0.25)


def _loss_terms(w):
    """The two terms a_i w_i**2 inside f = (...) / 2, then f itself."""
    return [("a1*w1^2", A[0] * w[0] ** 2), ("a2*w2^2", A[1] * w[1] ** 2), ("f", quadratic_loss(w, A))]


def _pairs(x, y):
    """x[0], y[0], x[1], y[1]: the reading order of '(x0 + y0, x1 + y1)'."""
    return np.column_stack([x, y])


def worked_example():
    """Two steps of gradient descent, momentum and Adam on the same bowl, in reading order."""
    t = [("a2", A[1]), ("grad: a2", A[1]), ("w0", W0), ("lr", LR), ("beta", BETA),
         ("beta1", BETA1), ("beta2", BETA2), ("eps", EPS)]
    t += [("a1*w1^2 + a2*w2^2", [A[0] * W0[0] ** 2, A[1] * W0[1] ** 2]), ("f0", quadratic_loss(W0, A))]
    t += [("g1", quadratic_grad(W0, A))]
    ends = {}

    # Gradient descent: w <- w - lr * g.
    w = W0
    for k in range(2):
        g = quadratic_grad(w, A)
        new, _ = sgd_step(w, g, lr=LR)
        if k == 1:
            t += [("g2", g)]
        t += [("w", w), ("lr", LR), ("g", g), ("w, lr*g", _pairs(w, LR * g)), ("w new", new)]
        t += _loss_terms(new)
        ends[("gd", k)] = (new, quadratic_loss(new, A))
        w = new

    # Momentum: v <- beta * v + g, then w <- w - lr * v.
    w, state = W0, None
    for k in range(2):
        g = quadratic_grad(w, A)
        v_old = np.zeros(2) if state is None else state["v"]
        new, state = momentum_step(w, g, state, lr=LR, beta=BETA)
        v = state["v"]
        if k == 0:
            t += [("beta", BETA), ("v0", v_old), ("g1", g), ("v1", v)]
        else:
            t += [("g2", g), ("beta", BETA), ("v1", v_old), ("g2", g),
                  ("beta*v1, g2", _pairs(BETA * v_old, g)), ("v2", v)]
        t += [("w", w), ("lr", LR), ("v", v), ("w new", new)]
        t += _loss_terms(new)
        ends[("momentum", k)] = (new, quadratic_loss(new, A))
        w = new
    v2 = state["v"]
    t += [("g2[1]", quadratic_grad(ends[("momentum", 0)][0], A)[1]), ("-lr", -LR), ("v2[1]", v2[1]),
          ("w2 change", -LR * v2[1]), ("v2[1]", v2[1]), ("beta", BETA), ("g1[1]", A[1] * W0[1])]

    # Adam: both moments, their bias corrections, and the step.
    w, state = W0, None
    for k in range(2):
        g = quadratic_grad(w, A)
        m_old = np.zeros(2) if state is None else state["m"]
        v_old = np.zeros(2) if state is None else state["v"]
        new, state = adam_step(w, g, state, lr=LR, beta1=BETA1, beta2=BETA2, eps=EPS)
        n, m, v = state["t"], state["m"], state["v"]
        c1, c2 = 1 - BETA1**n, 1 - BETA2**n
        m_hat, v_hat = m / c1, v / c2
        ratio = m_hat / np.sqrt(v_hat)
        t += [("g", g), ("g^2", g * g)]
        t += [("beta1", BETA1), ("m_old", m_old), ("1-beta1", 1 - BETA1), ("g", g)]
        if k == 1:
            t += [("beta1*m_old, (1-beta1)*g", _pairs(BETA1 * m_old, (1 - BETA1) * g))]
        t += [("m", m)]
        if k == 0:
            t += [("beta2", BETA2), ("v_old", v_old), ("1-beta2", 1 - BETA2), ("g^2", g * g)]
            t += [("v", v)]
            t += [("1", 1), ("c1", c1), ("1", 1), ("c2", c2)]
            t += [("m", m), ("c1", c1), ("m_hat", m_hat), ("v", v), ("c2", c2), ("v_hat", v_hat),
                  ("sqrt(v_hat)", np.sqrt(v_hat))]
            t += [("lr", LR), ("m_hat, sqrt(v_hat)", _pairs(m_hat, np.sqrt(v_hat))),
                  ("update", LR * ratio)]
        else:
            t += [("beta2", BETA2), ("v_old", v_old), ("1-beta2", 1 - BETA2), ("g^2", g * g)]
            t += [("beta2*v_old, (1-beta2)*g^2", _pairs(BETA2 * v_old, (1 - BETA2) * g * g))]
            t += [("v", v)]
            t += [("1", 1), ("beta1", BETA1), ("c1", c1), ("1", 1), ("beta2", BETA2), ("c2", c2)]
            t += [("m", m), ("c1", c1), ("m_hat", m_hat), ("v", v), ("c2", c2), ("v_hat", v_hat)]
            t += [("sqrt(v_hat)", np.sqrt(v_hat))]
            t += [("lr", LR), ("m_hat, sqrt(v_hat)", _pairs(m_hat, np.sqrt(v_hat))),
                  ("lr", LR), ("ratio", ratio), ("update", LR * ratio)]
        t += [("w", w), ("update", w - new), ("w new", new)]
        t += _loss_terms(new)
        if k == 0:
            # Each coordinate moved by lr, although gradient descent moved them by lr * g.
            t += [("lr", LR), ("lr*g", LR * g)]
            # Without bias correction: lr * m / sqrt(v) = lr * (1 - beta1) / sqrt(1 - beta2).
            t += [("1", 1), ("1", 1), ("lr", LR), ("1-beta1", 1 - BETA1), ("1-beta2", 1 - BETA2),
                  ("uncorrected step", LR * m[0] / np.sqrt(v[0]))]
        ends[("adam", k)] = (new, quadratic_loss(new, A))
        w = new

    # Side by side.
    for name in ("gd", "momentum", "adam"):
        for k in range(2):
            t += [(f"{name} w{k + 1}", ends[(name, k)][0]), (f"{name} f{k + 1}", ends[(name, k)][1])]
    t += [("lr", LR), ("a2", A[1])]
    return t


def worked_example_learning_rate():
    """Plain gradient descent on f(w) = (a/2) w**2 with four learning rates, three steps each."""
    a, w0 = 10.0, 1.0
    t = [("a", a), ("w0", w0), ("a", a), ("2/a", 2 / a)]
    for lr in (0.01, 0.1, 0.15, 0.25):
        path = optimize(sgd_step, lambda w: quadratic_grad(w, [a]), [w0], 3, lr=lr).ravel()
        t += [("lr", lr), ("1 - lr*a", 1 - lr * a), ("w1, w2, w3", path[1:])]
    return t


ADAMW_W, ADAMW_G, ADAMW_LAMBDA = np.array([1.0, 1.0]), np.array([0.0, 10.0]), 0.01


def worked_example_adamw():
    """One step of Adam with L2 and of AdamW, on a weight the loss ignores and one it uses."""
    w, g, lam = ADAMW_W, ADAMW_G, ADAMW_LAMBDA
    t = [("w", w), ("g", g), ("lr", LR), ("lambda", lam)]
    # Adam with L2: the penalty's gradient lambda * w joins the loss gradient.
    w_l2, _ = adam_step(w, g + lam * w, lr=LR, eps=EPS)
    t += [("g", g), ("lambda*w", lam * w), ("g + lambda*w", g + lam * w)]
    t += [("lr", LR), ("step", w - w_l2), ("w new", w_l2)]
    # AdamW: the Adam step sees only g; the decay lr * lambda * w is applied on its own.
    w_aw, _ = adamw_step(w, g, lr=LR, eps=EPS, weight_decay=lam)
    adam_only, _ = adam_step(w, g, lr=LR, eps=EPS)
    t += [("lr*lambda*w", LR * lam * w[0])]
    t += [("Adam part", w - adam_only), ("decay part", LR * lam * w), ("w new", w_aw)]
    t += [("first weight, L2", w[0] - w_l2[0]), ("first weight, AdamW", w[0] - w_aw[0])]
    return t


def worked_example_schedules():
    """Values of the cosine, warm-up, warm-up + cosine and step-decay schedules."""
    lr_max, total, warm = 0.1, 100, 10
    cos25 = math.cos(math.pi * 25 / total)
    t = [("lr_max", lr_max), ("T", total), ("t", 25)]
    t += [("lr_max", lr_max), ("t", 25), ("T", total), ("lr_max/2", lr_max / 2), ("cos", cos25),
          ("lr_max/2", lr_max / 2), ("1 + cos", 1 + cos25), ("cosine(25)", cosine(25, total, lr_max))]
    t += [("t", 50), ("cosine(50)", cosine(50, total, lr_max)),
          ("t", total), ("cosine(T)", cosine(total, total, lr_max))]
    t += [("T_w", warm), ("t", 3), ("lr_max", lr_max), ("t", 3), ("T_w", warm),
          ("warmup(3)", warmup(3, warm, lr_max))]
    t += [("T - T_w", total - warm), ("t", 55), ("t - T_w", 55 - warm),
          ("warmup_cosine(55)", warmup_cosine(55, warm, total, lr_max))]
    every, drop = 30, 0.5
    t += [("every", every), ("t", 70), ("t", 70), ("every", every), ("drops", 70 // every),
          ("lr0", lr_max), ("drop", drop), ("step_decay(70)", step_decay(70, lr_max, drop, every))]
    return t


# Adam's step is not bounded by lr: two gradient histories that make it larger.

def adam_step_after_quiet_stretch(quiet_steps, g=1.0, lr=LR, beta1=BETA1, beta2=BETA2):
    """The step Adam takes when the gradient jumps to g after ``quiet_steps`` zero gradients."""
    w, state = np.zeros(1), None
    for _ in range(quiet_steps):
        w, state = adam_step(w, np.zeros(1), state, lr=lr, beta1=beta1, beta2=beta2)
    new, _ = adam_step(w, np.array([g]), state, lr=lr, beta1=beta1, beta2=beta2)
    return float(w[0] - new[0])


def adam_step_after_growth(quiet_steps, growth_steps, lr=LR, beta1=BETA1, beta2=BETA2):
    """Adam's last step when, after a quiet stretch, the gradient grows by beta2 / beta1 per step."""
    w, state = np.zeros(1), None
    for _ in range(quiet_steps):
        w, state = adam_step(w, np.zeros(1), state, lr=lr, beta1=beta1, beta2=beta2)
    for k in range(growth_steps):
        old = w
        w, state = adam_step(w, np.array([(beta2 / beta1) ** k]), state, lr=lr, beta1=beta1,
                             beta2=beta2)
    return float(old[0] - w[0])


def adam_jump_factor(beta1=BETA1, beta2=BETA2):
    """(1 - beta1) / sqrt(1 - beta2): a jump after a long quiet stretch, in units of lr."""
    return (1 - beta1) / math.sqrt(1 - beta2)


def adam_worst_factor(beta1=BETA1, beta2=BETA2):
    """Sup of Adam's step / lr over all gradient histories and all t (Cauchy-Schwarz), reached as t grows."""
    return adam_jump_factor(beta1, beta2) / math.sqrt(1 - beta1**2 / beta2)


def figure_runs(steps=30):
    """The figure's six runs: {(row, name): losses per step} for the bowl and the narrow valley."""
    runs = {}
    for row, a, w0, lr in (("bowl", A, W0, LR), ("valley", VALLEY_A, VALLEY_W0, VALLEY_LR)):
        grad = lambda w, a=a: quadratic_grad(w, a)  # noqa: E731
        for name, step, hyper in (("gd", sgd_step, {"lr": lr}),
                                  ("momentum", momentum_step, {"lr": lr, "beta": BETA}),
                                  ("adam", adam_step, {"lr": LR}),
                                  ("adam, same lr", adam_step, {"lr": lr})):
            path = optimize(step, grad, w0, steps, **hyper)
            runs[(row, name)] = (path, np.array([quadratic_loss(w, a) for w in path]))
    return runs


# Transcripts the page's checker reads

def mistake_adding_the_gradient():
    """Two steps with w + lr * g (ascent) against w - lr * g, on the worked example's bowl."""
    t = [("1", 1), ("2", 2), ("a2", A[1]), ("w0", W0), ("lr", LR)]
    up, down = [W0], [W0]
    for _ in range(2):
        up.append(up[-1] + LR * quadratic_grad(up[-1], A))
        down.append(sgd_step(down[-1], quadratic_grad(down[-1], A), lr=LR)[0])
    t += [("f0", quadratic_loss(W0, A))] + [("f up", quadratic_loss(w, A)) for w in up[1:]]
    t += [("1", 1), ("lr", LR), ("a2", A[1]), ("factor", up[2][1] / up[1][1])]
    t += [("f down", quadratic_loss(w, A)) for w in down[1:]]
    return t


def claims_adam():
    """Section 'Adam, with bias correction': how long each bias lasts, and steps larger than lr."""
    t = [("1-b1^t", 1 - BETA1**n) for n in (10, 20, 50)]
    t += [("1-b2^t", 1 - BETA2**n) for n in (100, 1000, 5000)]
    t += [("uncorrected first step / lr", adam_jump_factor())]
    t += [("jump factor", adam_jump_factor()), ("quiet steps", 4999),
          ("jump at step 5000 / lr", adam_step_after_quiet_stretch(4999) / LR),
          ("beta2/beta1", BETA2 / BETA1),
          ("growing gradient: step / lr", adam_step_after_growth(10000, 50) / LR),
          ("the ceiling: the supremum / lr", adam_worst_factor())]
    return t


def claims_figure():
    """The figure's runs (thirty steps) and the comparison the prose draws from them."""
    runs = figure_runs()
    path, loss = runs[("bowl", "adam")]
    low = int(np.argmin(loss))
    high = low + int(np.argmax(loss[low:low + 10]))
    t = [("adam min loss", loss[low]), ("at step", low),
         ("step there / lr", np.abs(path[low] - path[low - 1])[0] / LR),
         ("loss climbs back to", loss[high]), ("by step", high)]
    t += [("limit 2/a_max", 2 / VALLEY_A.max())]
    t += [(f"{name} after 30 steps", runs[("valley", name)][1][-1])
          for name in ("gd", "momentum", "adam", "adam, same lr")]
    return t


def claims_learning_rate_figure():
    """Why alpha = 0.15 falls fastest in the learning-rate figure: the size of 1 - alpha * a."""
    a = LR_FIGURE_A
    factor = {lr: 1 - lr * a for lr in LR_FIGURE_RATES}
    fastest = min(LR_FIGURE_RATES, key=lambda lr: abs(factor[lr]))
    slow_pair = [lr for lr in LR_FIGURE_RATES if lr != fastest and abs(factor[lr]) < 1]
    limit = [lr for lr in LR_FIGURE_RATES if abs(factor[lr]) == 1]
    grows = [lr for lr in LR_FIGURE_RATES if abs(factor[lr]) > 1]
    assert len(slow_pair) == 2 and np.isclose(abs(factor[slow_pair[0]]), abs(factor[slow_pair[1]]))
    t = [("limit 2/a", 2 / a), ("fastest rate", fastest), ("its factor", factor[fastest])]
    t += [("slow rates", slow_pair), ("factor of the second", factor[slow_pair[1]])]
    t += [("rate at the limit", limit[0]), ("growing rate", grows[0]),
          ("its factor", factor[grows[0]])]
    return t


def _gd_exercise(a, w, lr):
    """One step of gradient descent on f = 1/2 sum a_i w_i**2: (gradient, new w, f before, after)."""
    g = quadratic_grad(w, a)
    new, _ = sgd_step(w, g, lr=lr)
    return g, new, quadratic_loss(w, a), quadratic_loss(new, a)


EX1_A, EX1_W, EX1_LR = np.array([1.0, 4.0]), np.array([2.0, 1.0]), 0.1


def exercise_gradient_descent_step():
    """Exercise 1: one step of gradient descent on f = (w1**2 + 4 w2**2) / 2, by hand."""
    a, w, lr = EX1_A, EX1_W, EX1_LR
    g, new, f0, f1 = _gd_exercise(a, w, lr)
    t = [("exercise", 1), ("1/2", [1, 2]), ("a2", a[1]), ("w", w), ("lr", lr)]
    t += [("a2", a[1]), ("g", g)]
    t += [("w1, lr, g1", [w[0], lr, g[0]]), ("w2, lr, g2", [w[1], lr, g[1]]), ("new w", new)]
    t += [("a_i w_i^2 before", a * w**2), ("2", 2), ("f before", f0)]
    t += [("a_i w_i^2 after", a * new**2), ("2", 2), ("f after", f1)]
    return t


EX2_BETA, EX2_LR = 0.9, 0.1
EX2_V, EX2_W, EX2_G = np.array([2.0, -1.0]), np.array([1.0, 1.0]), np.array([0.2, 1.0])


def exercise_momentum_step():
    """Exercise 2: one step of momentum from a velocity that is already built up."""
    beta, lr, v, w, g = EX2_BETA, EX2_LR, EX2_V, EX2_W, EX2_G
    new_w, state = momentum_step(w, g, {"v": v}, lr=lr, beta=beta)
    new_v = state["v"]
    t = [("exercise", 2), ("beta", beta), ("lr", lr), ("v", v), ("w", w), ("g", g)]
    t += [("beta", beta), ("v", v), ("g", g), ("beta*v, g", _pairs(beta * v, g)), ("new v", new_v)]
    t += [("w", w), ("lr", lr), ("new v", new_v), ("new w", new_w)]
    t += [("first weight's move", (w - new_w)[0]), ("plain gradient descent's", lr * g[0])]
    return t


EX3_LR, EX3_W, EX3_G = 0.01, np.array([0.5, 0.5]), np.array([4.0, -0.5])


def exercise_adam_step():
    """Exercise 3: Adam's first step by hand: about lr times the sign of each gradient."""
    lr, w, g = EX3_LR, EX3_W, EX3_G
    new_w, state = adam_step(w, g, lr=lr, beta1=BETA1, beta2=BETA2, eps=EPS)
    m, v = state["m"], state["v"]
    c1, c2 = 1 - BETA1, 1 - BETA2
    m_hat, v_hat = m / c1, v / c2
    t = [("exercise", 3), ("beta1", BETA1), ("beta2", BETA2), ("lr", lr), ("w", w), ("g", g)]
    t += [("1-beta1", c1), ("g", g), ("m", m), ("1-beta2", c2), ("g^2", g * g), ("v", v)]
    t += [("1, beta1, 1-beta1", [1, BETA1, c1]), ("1, beta2, 1-beta2", [1, BETA2, c2])]
    t += [("m_hat", m_hat), ("v_hat", v_hat), ("sqrt(v_hat)", np.sqrt(v_hat))]
    t += [("lr", lr), ("m_hat, sqrt(v_hat)", _pairs(m_hat, np.sqrt(v_hat))), ("step", w - new_w),
          ("new w", new_w)]
    return t


EX4_A, EX4_W0, EX4_RATES = 4.0, 1.0, (0.3, 0.6)


def exercise_divergence():
    """Exercise 4: f(w) = 2 w**2 (curvature 4): which learning rate diverges?"""
    a, w0 = EX4_A, EX4_W0
    t = [("exercise", 4), ("a/2", a / 2), ("w0", w0), ("rates", list(EX4_RATES))]
    t += [("f' coefficient", quadratic_grad([1.0], [a])[0]), ("a", a), ("2", 2), ("2/a", 2 / a)]
    for lr in EX4_RATES:
        path = optimize(sgd_step, lambda w: quadratic_grad(w, [a]), [w0], 2, lr=lr).ravel()
        t += [("lr", lr), ("1, lr, a", [1, lr, a]), ("factor", 1 - lr * a), ("w after 1, 2", path[1:])]
    t += [("rate above the limit", [lr for lr in EX4_RATES if lr > 2 / a][0])]
    return t


def claims_interview():
    """Numbers in the interview answers (outside the Newton answer, which has its own)."""
    b_small, b_large = 256, 2048
    k = b_large // b_small
    return [("uncorrected first step / lr", adam_jump_factor()),
            ("noise cut by doubling the batch", math.sqrt(2)),
            ("B before", b_small), ("B after", b_large), ("k", k),
            ("SGD's rate multiplier (linear)", k), ("Adam's rate multiplier (square root)", math.sqrt(k))]


def claims_newton():
    """The Hessian of a model with 10**9 weights: entries and float32 bytes."""
    n_weights, bytes_per_float32 = 10**9, np.dtype(np.float32).itemsize
    entries = n_weights**2
    return [("weights", n_weights), ("Hessian entries", entries),
            ("bytes in float32", bytes_per_float32 * entries)]


def main():
    """Print every worked example as a transcript: name = value, in reading order."""
    for fn in (worked_example, worked_example_learning_rate, worked_example_adamw,
               worked_example_schedules, mistake_adding_the_gradient, claims_learning_rate_figure,
               claims_adam, claims_figure, exercise_gradient_descent_step, exercise_momentum_step,
               exercise_adam_step, exercise_divergence, claims_interview, claims_newton):
        print(f"# {fn.__name__}")
        for name, value in fn():
            print(f"{name:>24} = {np.array2string(np.asarray(value), precision=6, suppress_small=True)}")


if __name__ == "__main__":
    main()
