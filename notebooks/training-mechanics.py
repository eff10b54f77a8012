# %% [markdown]
# # Training mechanics
#
# In this notebook you compute three losses and their gradients on tiny examples, check a
# hand-written backward pass against measured slopes, race four optimizers down one narrow valley,
# and watch an over-flexible model overfit and get reined in. It follows the pages on
# [loss functions](../docs/losses.md), [backpropagation](../docs/backprop.md),
# [optimizers](../docs/optimizers.md), [regularization](../docs/regularization.md) and
# [the training loop](../docs/training-loop.md); every function it calls is one of the site's tested snippets.

# %%
import sys
sys.path.insert(0, "../snippets")  # the site's tested functions

import numpy as np
import matplotlib.pyplot as plt

from backprop import backward, dense_backward, forward, squared_error
from derivatives import numerical_gradient, relative_error
from derivatives import sigmoid_derivative as sigmoid_prime
from forward_pass import sigmoid
from losses import (bce_with_logits, bce_with_logits_grad, mse, mse_grad, sigmoid_mse_grad,
                    softmax_cross_entropy, softmax_cross_entropy_grad)
from optimizers import adam_step, momentum_step, optimize, quadratic_grad, quadratic_loss
from optimizers import mse_grad as linear_mse_grad, mse_loss as linear_mse_loss
from optimizers import rmsprop_step, sgd_step
from regularization import dropout, early_stopping, noisy_sine, polynomial_features, ridge_fit

plt.rcParams["figure.facecolor"] = "white"

# %% [markdown]
# ## Three losses, worked small
#
# A loss is a referee's score: one number that says how wrong the predictions were, zero when they
# are perfect. (Unlike a referee, it also says which way each prediction should move: that is its
# gradient.) Each loss here is the **mean** over the $n$ examples of a per-example loss $\ell$.
#
# For numbers, the **mean squared error** of predictions $\hat{y}_i$ against targets $y_i$ and its
# gradient are
#
# $$
# \mathrm{MSE} = \frac{1}{n}\sum_{i=1}^{n} (\hat{y}_i - y_i)^2,
# \qquad
# \frac{\partial\,\mathrm{MSE}}{\partial \hat{y}_i} = \frac{2}{n}(\hat{y}_i - y_i).
# $$
#
# For yes/no labels, the model outputs a logit $z$ and the probability $p = \sigma(z)$. The
# **binary cross-entropy** per example is $\ell = -[y \log p + (1 - y)\log(1 - p)]$, and its
# slope with respect to the logit is simply $p - y$. For $C$ classes, softmax turns a vector of
# logits $\mathbf{z}$ into probabilities $\mathbf{p}$, and with a one-hot target $\mathbf{y}$ the
# **softmax cross-entropy** has the gradient $\mathbf{p} - \mathbf{y}$
# ([why](../docs/losses.md#softmax-with-cross-entropy-the-gradient-is-p-y)). The snippets divide
# every gradient by $n$ because the loss is a mean.

# %%
y_hat_reg = np.array([2.0, 0.5, 1.0])     # three predictions
y_reg = np.array([1.5, 1.0, 3.0])         # and their targets
mse_value = mse(y_hat_reg, y_reg)
mse_gradient = mse_grad(y_hat_reg, y_reg)

z_bin = np.array([2.0, -1.0, 0.5])        # logits of three yes/no examples
y_bin = np.array([1.0, 0.0, 0.0])         # their labels
bce_value = bce_with_logits(z_bin, y_bin)
bce_gradient = bce_with_logits_grad(z_bin, y_bin)

z_cls = np.array([[2.0, 1.0, 0.1],        # logits of two examples, three classes
                  [0.5, 2.5, 0.0]])
y_cls = np.array([0, 2])                  # their true classes
ce_value = softmax_cross_entropy(z_cls, y_cls)
ce_gradient = softmax_cross_entropy_grad(z_cls, y_cls)

checks = [("MSE", lambda v: mse(v, y_reg), y_hat_reg, mse_gradient),
          ("binary CE", lambda v: bce_with_logits(v, y_bin), z_bin, bce_gradient),
          ("softmax CE", lambda v: softmax_cross_entropy(v, y_cls), z_cls, ce_gradient)]
loss_grad_errors = []
for name, loss_fn, at, analytic in checks:
    err = relative_error(analytic, numerical_gradient(loss_fn, at))
    loss_grad_errors.append(err)
    print(f"{name:>10}: loss = {float(loss_fn(at)):.4g}, gradient vs central differences: "
          f"relative error {err:.1e}")
print("MSE gradient:", np.round(mse_gradient, 4))
print("softmax CE gradient, row by row (each row sums to zero):\n", np.round(ce_gradient, 4))
assert max(loss_grad_errors) < 1e-6

# %% [markdown]
# The mean squared error is $(0.25 + 0.25 + 4)/3 = 1.5$: the one miss of size two supplies almost
# all of it, and gets the largest pull in the gradient. Each row of the softmax gradient sums to
# zero: probability taken from the wrong classes is given to the right one. All three analytic
# gradients agree with measured slopes to rounding error.

# %% [markdown]
# ## Why cross-entropy keeps teaching when squared error stops
#
# Picture a student who is sure of a wrong answer. A good teacher corrects hardest exactly then. Put
# squared error on a sigmoid output and you get a teacher who mumbles when the student is most
# confidently wrong. (Where the picture stops working: a teacher can explain *why* an answer is
# wrong; a gradient only says which way to move and how hard.)
#
# For one example with $y = 1$, the chain rule through $p = \sigma(z)$ gives
#
# $$
# \frac{\partial}{\partial z}(\sigma(z) - y)^2 = 2\,(p - y)\,p\,(1 - p),
# \qquad
# \frac{\partial \ell_{\mathrm{CE}}}{\partial z} = p - y .
# $$
#
# The extra factor $p(1-p)$ is the sigmoid's slope. When the model is confidently wrong, $z$ is very
# negative, $p$ is near zero, and that factor kills the squared-error gradient. Cross-entropy's
# logarithm cancels it ([the losses page](../docs/losses.md#why-mse-is-a-poor-fit-for-classification)).
# Below, the left panel plots both gradient sizes against the logit; the right panel trains a
# single weight $w$ with the logit $z = w\,x$ from a confidently wrong start, once with each loss.

# %%
z_grid = np.linspace(-10.0, 6.0, 161)
ones = np.ones(1)
grad_mse_curve = np.array([abs(sigmoid_mse_grad([z], ones)[0]) for z in z_grid])
grad_ce_curve = np.array([abs(bce_with_logits_grad([z], ones)[0]) for z in z_grid])

x_one, w_start, lr_logit, steps_logit = 2.0, -3.0, 1.0, 60   # z starts at x * w = -6


def train_logit(loss_grad):
    """Gradient descent on w for one example (x_one, y = 1), z = w * x_one; returns p per step."""
    w, probs = w_start, [float(sigmoid(w_start * x_one))]
    for _ in range(steps_logit):
        dz = loss_grad([w * x_one], ones)[0]     # dL/dz from the snippet
        w = w - lr_logit * dz * x_one            # chain rule: dL/dw = dL/dz * x
        probs.append(float(sigmoid(w * x_one)))
    return np.array(probs)


p_ce = train_logit(bce_with_logits_grad)
p_mse = train_logit(sigmoid_mse_grad)
z0 = w_start * x_one
ratio_at_start = bce_with_logits_grad([z0], ones)[0] / sigmoid_mse_grad([z0], ones)[0]
print(f"start: z = {z0:.4g}, p = {p_ce[0]:.4g}; cross-entropy's gradient is {ratio_at_start:.4g} "
      "times squared error's")
print(f"p after 5 steps:  cross-entropy {p_ce[5]:.4g}, squared error {p_mse[5]:.4g}")
print(f"p after {steps_logit} steps: cross-entropy {p_ce[-1]:.4g}, squared error {p_mse[-1]:.4g}")

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.5))
ax1.semilogy(z_grid, grad_ce_curve, label="cross-entropy")
ax1.semilogy(z_grid, grad_mse_curve, "--", label="squared error on a sigmoid")
ax1.set_xlabel("logit z (true label 1)")
ax1.set_ylabel("size of dL/dz")
ax1.legend()
ax2.plot(p_ce, marker="o", markevery=10, label="cross-entropy")
ax2.plot(p_mse, "--", marker="s", markevery=10, label="squared error on a sigmoid")
ax2.set_xlabel("gradient-descent step")
ax2.set_ylabel("p, probability of the true label")
ax2.legend()
fig.tight_layout()
# alt: Left, on a log scale, the size of the gradient with respect to the logit for a true label of one: cross-entropy's stays near one for negative logits while squared error's falls towards zero there. Right, training from a confidently wrong start: cross-entropy's probability of the true label jumps to near one within a few steps, squared error's stays near zero for most of the run before it rises.
plt.show()

# %% [markdown]
# At the start the model gives the true label less than a 1% chance, and squared error's push is
# hundreds of times weaker than cross-entropy's (the printout gives the ratio, which is
# $1/(2p(1-p))$). So the dashed run creeps along the floor, below a 2% chance for forty steps,
# shoots up only once $p$ has left zero, and then slows again as $p$ nears one, where the same
# factor $p(1-p)$ shrinks once more. The solid run is right (above a 50% chance) within five
# steps. Both curves on the left fall off to the right: a confident *right* answer needs no
# correction.

# %% [markdown]
# ## Backprop by hand, checked by central differences
#
# Backprop is bookkeeping: each layer passes blame back to the layer below, in proportion to the
# weights that carried its input. A gradient check is the audit. Nudge one weight up and down by a
# small step $h$, rerun the forward pass, and measure the slope
# $(L(w + h) - L(w - h))/(2h)$ ([central differences](../docs/derivatives.md#checking-a-gradient-numerically)).
# (The audit is slow: one pair of forward passes per weight, where backprop needs one backward
# pass for all of them.)
#
# For sigmoid layers $\mathbf{a}^{(l)} = \sigma(\mathbf{z}^{(l)})$ with
# $\mathbf{z}^{(l)} = W^{(l)}\mathbf{a}^{(l-1)} + \mathbf{b}^{(l)}$, the backward pass computes the
# deltas $\boldsymbol{\delta}^{(l)} = \partial L/\partial \mathbf{z}^{(l)}$ from the top down
# ([backpropagation](../docs/backprop.md#the-chain-rule-layer-by-layer)):
#
# $$
# \boldsymbol{\delta}^{(\mathrm{out})} = \nabla_{\mathbf{a}} L \odot \sigma'\big(\mathbf{z}^{(\mathrm{out})}\big),
# \qquad
# \boldsymbol{\delta}^{(l)} = \big(W^{(l+1)}\big)^{\top}\boldsymbol{\delta}^{(l+1)} \odot \sigma'\big(\mathbf{z}^{(l)}\big),
# \qquad
# \frac{\partial L}{\partial W^{(l)}} = \boldsymbol{\delta}^{(l)}\big(\mathbf{a}^{(l-1)}\big)^{\top}.
# $$
#
# The network below has 3 inputs, 4 hidden units and 2 outputs, and sees a batch of 5 examples;
# `backward` applies these equations to the whole batch at once. We compare every one of its
# gradient entries with a central difference, and print the largest relative error per parameter
# array: the size of the difference divided by the larger of the two sizes.

# %%
rng = np.random.default_rng(0)
sizes = [3, 4, 2]
params = [(rng.normal(0.0, 1.0, size=(n_out, n_in)), rng.normal(0.0, 0.5, size=n_out))
          for n_in, n_out in zip(sizes[:-1], sizes[1:])]
X_bp = rng.normal(size=(5, sizes[0]))             # a batch of 5 examples, one per row
Y_bp = rng.uniform(size=(5, sizes[-1]))           # targets between 0 and 1


def loss_with(layer, which, value):
    """The batch loss with one parameter array (layer, 0 = W or 1 = b) replaced by value."""
    trial = [list(pair) for pair in params]
    trial[layer][which] = value
    return squared_error(forward(X_bp, trial)[-1][1], Y_bp)


layers = forward(X_bp, params)
grads = backward(X_bp, Y_bp, params, layers)["grads"]
backprop_errors = {}
for layer in range(len(params)):
    for which, name in ((0, "W"), (1, "b")):
        numeric = numerical_gradient(lambda v: loss_with(layer, which, v), params[layer][which])
        err = relative_error(grads[layer][which], numeric)
        backprop_errors[f"{name}{layer + 1}"] = err
        print(f"d L / d {name}{layer + 1}, shape {numeric.shape}: largest relative error {err:.1e}")
max_backprop_error = max(backprop_errors.values())
assert max_backprop_error < 1e-6

# the arrays the tests read
params_flat = np.concatenate([np.concatenate([W.ravel(), b]) for W, b in params])
grads_flat = np.concatenate([np.concatenate([dW.ravel(), db]) for dW, db in grads])

# %% [markdown]
# Every entry agrees to at least seven significant digits. The rest is the measuring tape's own
# error: a central difference is off by an amount that grows with $h^2$ (the curvature) plus
# rounding error that grows as $h$ shrinks. A wrong backward pass shows up as relative errors of
# order one, as the next cell shows.

# %% [markdown]
# ### Common mistake: forgetting the output's sigmoid slope
#
# It is easy to start the backward pass with $\boldsymbol{\delta}^{(\mathrm{out})} = \nabla_{\mathbf{a}} L$
# and forget the factor $\sigma'(\mathbf{z}^{(\mathrm{out})})$, as if the output layer had no
# activation. The code still runs, and the wrong gradient even points roughly the right way (the
# cell prints the cosine of the angle between it and the measured one), so the loss still falls
# and nothing looks broken. The check catches it.

# %%
top = len(params) - 1                             # the output layer
z_out, y_hat_bp = layers[top]
delta = 2.0 * (y_hat_bp - Y_bp) / len(X_bp)       # dL/da at the output: the sigmoid slope is missing
a_below = layers[top - 1][1]                      # the input the output layer saw
_, dW_wrong, _ = dense_backward(delta, a_below, params[top][0])
numeric_W = numerical_gradient(lambda v: loss_with(top, 0, v), params[top][0])
wrong_error = relative_error(dW_wrong, numeric_W)
wrong_cosine = np.sum(dW_wrong * numeric_W) / (np.linalg.norm(dW_wrong) * np.linalg.norm(numeric_W))
print(f"d L / d W{top + 1} without the sigmoid slope: largest relative error {wrong_error:.4g}, "
      f"cosine with the measured gradient {wrong_cosine:.4g}")
print(f"the slope sigma'(z) at the outputs ranges over {sigmoid_prime(z_out).min():.4g} .. "
      f"{sigmoid_prime(z_out).max():.4g}")

# %% [markdown]
# Each example's share of the wrong gradient is too large by the factor $1/\sigma'(z)$, which is at
# least four because the sigmoid's slope is at most a quarter. So the relative error is of order
# one instead of the tiny numbers above. The right version multiplies `delta` by
# `sigmoid_prime(z_out)` before anything else, exactly as `backward` does.

# %% [markdown]
# ## Four optimizers down one narrow valley
#
# A loss surface near a minimum is a bowl, and often a badly shaped one: steep across, nearly flat
# along. Think of a ball in a long, narrow gutter. Plain gradient descent bounces between the walls
# and crawls along the floor. Momentum lets the ball build up speed along the floor while the
# bounces cancel. RMSProp and Adam rescale each direction by the typical size of its gradients, as
# if the gutter were made round. (A real loss is not a perfect bowl, and the "right" step keeps
# changing; the bowl only shows the mechanics.)
#
# The bowl is $f(\mathbf{w}) = \frac{1}{2}(c_1 w_1^2 + c_2 w_2^2)$ with curvatures $c_1 = 1$ and
# $c_2 = 100$, so the condition number is $\kappa = c_2 / c_1 = 100$. With gradient
# $\mathbf{g}_t = \nabla f(\mathbf{w}_{t-1})$ and learning rate $\alpha$, the updates are
# ([optimizers](../docs/optimizers.md#momentum)):
#
# $$
# \text{SGD: } \mathbf{w}_t = \mathbf{w}_{t-1} - \alpha\,\mathbf{g}_t,
# \qquad
# \text{momentum: } \mathbf{v}_t = \beta\,\mathbf{v}_{t-1} + \mathbf{g}_t,\ \ \mathbf{w}_t = \mathbf{w}_{t-1} - \alpha\,\mathbf{v}_t,
# $$
#
# $$
# \text{RMSProp: } \mathbf{s}_t = \rho\,\mathbf{s}_{t-1} + (1 - \rho)\,\mathbf{g}_t^2,\ \ \mathbf{w}_t = \mathbf{w}_{t-1} - \alpha\,\frac{\mathbf{g}_t}{\sqrt{\mathbf{s}_t} + \varepsilon},
# $$
#
# where $\varepsilon$ is a tiny constant that only prevents a division by zero, and Adam divides a
# running average of the gradient, $\hat{\mathbf{m}}_t$, by the root of a running
# average of its square, $\hat{\mathbf{v}}_t$, both bias-corrected
# ([Adam](../docs/optimizers.md#adam-with-bias-correction)). Plain gradient descent is only stable
# for $\alpha < 2/c_2$, so it gets a rate just below that limit; each of the others gets a rate that
# suits it. All four start at the same point and take 200 steps. ("SGD" here is plain gradient
# descent: the bowl has no data, so there are no mini-batches to sample.)

# %%
curvatures = np.array([1.0, 100.0])
kappa = curvatures.max() / curvatures.min()
w_init = np.array([-2.0, 0.3])
race_steps = 200
sgd_lr = 0.019                                    # just below the limit 2 / 100
racers = {"SGD": (sgd_step, {"lr": sgd_lr}),
          "momentum": (momentum_step, {"lr": sgd_lr, "beta": 0.9}),
          "RMSProp": (rmsprop_step, {"lr": 0.03, "rho": 0.9}),
          "Adam": (adam_step, {"lr": 0.1})}
bowl_grad = lambda w: quadratic_grad(w, curvatures)    # noqa: E731
race_paths, race_losses = {}, {}
for name, (step, hyper) in racers.items():
    race_paths[name] = optimize(step, bowl_grad, w_init, race_steps, **hyper)
    race_losses[name] = np.array([quadratic_loss(w, curvatures) for w in race_paths[name]])
    print(f"{name:>8}: loss after 50 steps {race_losses[name][50]:.4g}, "
          f"after {race_steps} steps {race_losses[name][-1]:.4g}")

fig, ax = plt.subplots(figsize=(6, 3.5))
for (name, losses), style in zip(race_losses.items(), ["-", "--", ":", "-."]):
    ax.semilogy(losses, style, label=name)
ax.set_xlabel("step")
ax.set_ylabel("loss f(w)")
ax.legend()
# alt: Loss against step on a log scale for four optimizers on a narrow quadratic valley. Plain gradient descent falls along a slow straight line; momentum and Adam fall many orders of magnitude further; RMSProp falls fast at first, throws a few sudden upward spikes, then wobbles at a level above gradient descent's; Adam's curve is jagged.
plt.show()

# the arrays the tests read
race_final = {name: float(losses[-1]) for name, losses in race_losses.items()}
race_at_5 = {name: float(losses[5]) for name, losses in race_losses.items()}
sgd_losses = race_losses["SGD"]
rms_last_steps = np.abs(np.diff(race_paths["RMSProp"][-51:], axis=0))   # |step| per coordinate

# %% [markdown]
# On a log scale, plain gradient descent becomes a straight line after its first few dozen steps,
# once the steep direction has settled: each step then multiplies the flat
# direction's distance by the same factor $1 - \alpha c_1$, which the largest stable $\alpha$ keeps
# close to one. Momentum and Adam reach losses many orders of magnitude lower.
#
# The surprise is RMSProp: after five steps it is ahead of all the others, then it throws a few
# sudden spikes and ends up wobbling above plain gradient descent. Both come from dividing by
# $\sqrt{\mathbf{s}_t}$, which makes the effective learning rate of each weight $\alpha$ divided by
# its entry of $\sqrt{\mathbf{s}_t}$. Once the weight across the valley has settled, its gradients
# are tiny, its entry of $\mathbf{s}_t$ shrinks, and that
# effective rate grows until it passes the limit $2/c_2$ that binds plain gradient descent. The
# weight then swings wider at every step (the spikes) until its large gradients refill
# $\mathbf{s}_t$. Later
# every step is about $\alpha$ long, however small the gradient has become, so the weight keeps
# hopping across the steep direction instead of settling. Adam has the same division, but its
# average of squared gradients has a long memory ($\beta_2 = 0.999$ against RMSProp's 0.9): it
# still remembers the large early gradients, so its effective rate cannot balloon as RMSProp's
# does, and its momentum then damps the remaining swings. Adam's curve is still jagged: it, too,
# swings across the valley. A decaying
# learning rate would calm RMSProp ([schedules](../docs/optimizers.md#learning-rate-schedules)).

# %%
rmsprop_lr = racers["RMSProp"][1]["lr"]
rms_losses = race_losses["RMSProp"]
first_spike = int(np.argmax(rms_losses[1:] > 3 * rms_losses[:-1])) + 1   # first step that triples the loss
state, effective_rate = None, []              # lr / sqrt(s) across the valley, step by step
for w in race_paths["RMSProp"][:first_spike]:
    _, state = rmsprop_step(w, bowl_grad(w), state, **racers["RMSProp"][1])
    effective_rate.append(rmsprop_lr / np.sqrt(state["s"][1]))
print(f"RMSProp's first spike: step {first_spike}; effective rate across the valley at the five steps "
      f"before it: {min(effective_rate[-6:-1]):.4g} or more, limit 2 / c_2 = {2 / curvatures[1]:.4g}")
rms_step_size = rms_last_steps.mean(axis=0)
adam_lr = racers["Adam"][1]["lr"]
adam_step_size = np.abs(np.diff(race_paths["Adam"][-51:], axis=0)).mean(axis=0)
print(f"last 50 steps, mean step in the steep direction: RMSProp {rms_step_size[1]:.4g} "
      f"(learning rate {rmsprop_lr:.4g}), Adam {adam_step_size[1]:.4g} (learning rate {adam_lr:.4g})")
print(f"SGD, last step: loss ratio {sgd_losses[-1] / sgd_losses[-2]:.4g}; (1 - lr c_1)^2 = {(1 - sgd_lr) ** 2:.4g}")

# %% [markdown]
# The printout confirms the explanations: before RMSProp's first spike its effective rate across
# the valley was already past the limit, its late steps across the valley are as long as its
# learning rate while Adam's are a tiny fraction of its own, and plain gradient descent's loss falls by the same factor every step (the tests
# check that factor, step by step, against $(1 - \alpha c_1)^2$).

# %% [markdown]
# ## Regularization: a polynomial that fits too well
#
# Twelve noisy points from a sine curve, and a polynomial of degree eleven: twelve coefficients,
# enough to pass through every point exactly. That is a student who memorises the answer key,
# noise included. On fresh points from the same curve (the validation set), such a fit can be wildly
# wrong. (The analogy stops short: a student could decide to understand instead; the polynomial
# can only be made to prefer small weights.)
#
# **L2 regularization** adds a price for large weights to the training loss $L$, with a strength
# $\lambda$ ([weight decay](../docs/regularization.md#l2-regularization-and-weight-decay)):
#
# $$
# L_{\text{reg}}(\mathbf{w}) = L(\mathbf{w}) + \frac{\lambda}{2}\sum_j w_j^2,
# \qquad
# \mathbf{w} \leftarrow (1 - \alpha\lambda)\,\mathbf{w} - \alpha\nabla L .
# $$
#
# The second form is one gradient step on $L_{\text{reg}}$: every step first shrinks the weights,
# hence the name **weight decay**. Here $L$ is the mean squared error and the model is linear in
# its weights, so `ridge_fit` solves for the exact minimiser of $L_{\text{reg}}$ instead of
# stepping towards it (it leaves the constant term unpenalised). We sweep $\lambda$ and watch the
# size of the weights and the validation error.

# %%
x_train, y_train = noisy_sine(12, noise=0.2, seed=1)
x_val, y_val = noisy_sine(200, noise=0.2, seed=100)
degree = 11
Phi_train = polynomial_features(x_train, degree)
Phi_val = polynomial_features(x_val, degree)

lambdas = np.array([0.0, 1e-8, 1e-6, 1e-4, 1e-3, 1e-2, 1e-1, 1.0])
ridge_weights = [ridge_fit(Phi_train, y_train, lam) for lam in lambdas]
weight_norms = np.array([np.linalg.norm(w[1:]) for w in ridge_weights])
train_errors = np.array([linear_mse_loss(w, Phi_train, y_train) for w in ridge_weights])
val_errors = np.array([linear_mse_loss(w, Phi_val, y_val) for w in ridge_weights])
best = int(np.argmin(val_errors))
best_lambda = lambdas[best]
for lam, norm, tr, va in zip(lambdas, weight_norms, train_errors, val_errors):
    print(f"lambda {lam:<7.0e} size of weights {norm:<10.4g} train MSE {tr:<10.4g} validation MSE {va:.4g}")
print(f"lowest validation error at lambda = {best_lambda:g}")

grid = np.linspace(-1.0, 1.0, 400)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.5))
ax1.plot(x_train, y_train, "o", label="training points")
ax1.plot(grid, polynomial_features(grid, degree) @ ridge_weights[0], "--", label="lambda = 0")
ax1.plot(grid, polynomial_features(grid, degree) @ ridge_weights[best], label=f"lambda = {best_lambda:g}")
ax1.set_ylim(-2.0, 2.0)
ax1.set_xlabel("x")
ax1.set_ylabel("y")
ax1.legend(fontsize="small")
shown = lambdas > 0
ax2.loglog(lambdas[shown], train_errors[shown], "o--", label="training")
ax2.loglog(lambdas[shown], val_errors[shown], "s-", label="validation")
ax2.set_xlabel("lambda")
ax2.set_ylabel("mean squared error")
ax2.legend()
fig.tight_layout()
# alt: Left, twelve noisy points with two degree-eleven polynomial fits: without a penalty the dashed curve passes through every point and swings far outside the plot between them and near the edges; with the best penalty the solid curve follows a smooth sine-like shape. Right, on log axes, training error rises steadily as lambda grows while validation error falls to a minimum and rises again.
plt.show()

# %% [markdown]
# Without a penalty the training error is essentially zero and the weights are huge: large
# coefficients of opposite signs cancel at the twelve points and explode between them, most of all
# near the edges, where no training point pins the curve down. That is why the validation error at
# $\lambda = 0$ is enormous (the printout shows it; a log axis has no place for $\lambda = 0$, so
# the right panel starts at the smallest positive $\lambda$). As $\lambda$ grows the weights shrink
# at every step of the sweep, the training error rises, and the validation error falls to a
# minimum before it rises again: too little penalty memorises the noise, too much flattens the
# sine itself.

# %% [markdown]
# ## Dropout keeps the expected activation
#
# Dropout is a team that trains with random players benched: at every step each unit is switched
# off with probability $p$ (here $p$ is the drop probability, as on the regularization page, not
# the sigmoid's output of the first sections), so no unit can rely on one particular partner. (Unlike a bench, the
# network at inference uses everyone, so the training outputs must be scaled to match.) With
# **inverted dropout** each kept activation is divided by $1 - p$
# ([dropout](../docs/regularization.md#dropout)):
#
# $$
# \tilde{a}_i = \frac{\mathrm{keep}_i\, a_i}{1 - p},
# \qquad
# \mathbb{E}[\tilde{a}_i] = (1 - p)\,\frac{a_i}{1 - p} + p \cdot 0 = a_i .
# $$
#
# Dropout also adds noise, and the noise acts as a penalty. Apply it to the inputs $\tilde{x}_j$ of
# a linear model with weights $\mathbf{w}$. Each $\tilde{x}_j$ has mean $x_j$ and variance
# $x_j^2\, p/(1-p)$, and the squared error of a noisy prediction is, on average, the squared error
# of the mean plus the variance:
#
# $$
# \mathbb{E}\Big[\big(\textstyle\sum_j w_j \tilde{x}_j - y\big)^2\Big]
# = \big(\textstyle\sum_j w_j x_j - y\big)^2 + \frac{p}{1-p}\sum_j w_j^2 x_j^2 ,
# $$
#
# an L2 penalty whose strength for each weight grows with the size of its input. We check both
# facts by sampling many masks.

# %%
drop_p = 0.5
samples = 20_000
a_units = np.array([0.8, 1.5, 0.2, 2.4, 0.6])
rng_drop = np.random.default_rng(1)
dropped = np.array([dropout(a_units, drop_p, rng=rng_drop) for _ in range(samples)])
dropout_mean = dropped.mean(axis=0)
print("activations:            ", a_units)
print(f"mean over {samples} masks: ", np.round(dropout_mean, 3))

x_in, w_lin, y_lin = np.array([1.0, -2.0, 0.5]), np.array([0.4, 0.3, -1.0]), 0.5
noisy_inputs = np.array([dropout(x_in, drop_p, rng=rng_drop) for _ in range(samples)])
penalty_sampled = np.mean((noisy_inputs @ w_lin - y_lin) ** 2)
penalty_formula = (w_lin @ x_in - y_lin) ** 2 + drop_p / (1 - drop_p) * np.sum(w_lin ** 2 * x_in ** 2)
print(f"squared error averaged over masks {penalty_sampled:.4g}; the formula gives {penalty_formula:.4g}")
assert abs(penalty_sampled - penalty_formula) < 0.05 * penalty_formula

# %% [markdown]
# The sampled means match the activations to within sampling noise, and so does the averaged
# squared error match the formula. At inference dropout does
# nothing, so the next layer sees, on average, what it saw in training.

# %% [markdown]
# ## Early stopping picks the epoch
#
# A long training run first learns the broad shape and then starts fitting the noise, like a
# student who over-studies one old exam. Early stopping keeps the weights from the epoch with the
# lowest validation loss and stops once `patience` epochs in a row bring no new best
# ([early stopping](../docs/regularization.md#early-stopping)). (Unlike the student, the network
# does not know it is overfitting: only the validation set can say.)
#
# We train the same degree-eleven polynomial, with no penalty, by momentum gradient descent on all
# twelve points at once, so one step is one epoch. The weights start at zero, and we record the
# training and validation loss after every epoch.

# %%
epochs = 3000
patience = 200
w_poly, state = np.zeros(degree + 1), None
train_curve, val_curve = [], []
for _ in range(epochs):
    w_poly, state = momentum_step(w_poly, linear_mse_grad(w_poly, Phi_train, y_train), state,
                                  lr=0.05, beta=0.9)
    train_curve.append(linear_mse_loss(w_poly, Phi_train, y_train))
    val_curve.append(linear_mse_loss(w_poly, Phi_val, y_val))
train_curve, val_curve = np.array(train_curve), np.array(val_curve)
best_epoch, stop_epoch = early_stopping(val_curve, patience)
print(f"best epoch {best_epoch}: validation loss {val_curve[best_epoch - 1]:.4g}; "
      f"early stopping would stop after epoch {stop_epoch}")
print(f"after all {epochs} epochs: training loss {train_curve[-1]:.4g}, validation loss {val_curve[-1]:.4g}")

fig, ax = plt.subplots(figsize=(6, 3.5))
ax.semilogy(np.arange(1, epochs + 1), train_curve, "--", label="training")
ax.semilogy(np.arange(1, epochs + 1), val_curve, label="validation")
ax.axvline(best_epoch, color="gray", linestyle=":", label="best epoch")
ax.set_xlabel("epoch")
ax.set_ylabel("mean squared error")
ax.legend()
# alt: Training and validation loss of a degree-eleven polynomial over three thousand epochs on a log scale. Training loss keeps falling; validation loss falls to a minimum early on, marked by a dotted vertical line, and then climbs back up.
plt.show()

# %% [markdown]
# Validation loss reaches its best early, then climbs while the training loss keeps falling: the fit has started bending towards the
# noise. Gradient descent fits the broad, easy shape of the data first and the fine wiggles only
# slowly, so stopping early works like a penalty on the wiggles, a cousin of $\lambda$. The best
# epoch's validation error is about as low as the best $\lambda$ reached above (the printout
# compares them). Without a stop, the run would in the limit reach the only minimiser of the
# training loss, the exact interpolant of the previous section with its enormous validation error;
# but along its wiggliest directions it moves so slowly that the climb stays gentle, which is
# exactly why stopping acts like a penalty.

# %%
print(f"validation MSE: early stopping {val_curve[best_epoch - 1]:.4g}, "
      f"best lambda {val_errors[best]:.4g}, no penalty and no stop {val_errors[0]:.4g}")

# %% [markdown]
# ## Try it
#
# - **Squared error, another start.** Set `w_start = 0.0` in the cross-entropy section: both
#   losses now start at $p = 0.5$, where the sigmoid's slope is largest, and the two runs are far
#   closer.
# - **Fix the mistake, then grow the network.** In the common-mistake cell, multiply `delta` by
#   `sigmoid_prime(z_out)`: the relative error drops to the tiny size of the check above. Then set
#   `sizes = [3, 8, 8, 2]`: every layer still passes, and the mistake still fails.
# - **Push the learning rate.** Set `sgd_lr = 0.021`, just above $2/c_2$: the SGD curve turns
#   upward and diverges, while momentum, at the same rate, still converges (its limit is higher).
#   Then give RMSProp `"lr": 0.003` and `race_steps = 1000`: it starts more slowly, but its final
#   wobble sits lower.
# - **More points.** Use 30 training points instead of 12 in `noisy_sine`: the unpenalised fit can
#   no longer pass through every point, its validation error falls from enormous to moderate, and
#   the best $\lambda$ moves towards zero.
