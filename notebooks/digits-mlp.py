# %% [markdown]
# # A multi-layer perceptron that learns handwritten digits
#
# You will build a small neural network from the site's own NumPy functions, check its gradients,
# train it on scanned handwritten digits, and see where it still gets them wrong. Every step is one
# you have met on a page: the loss from [Loss functions](../docs/losses.md), the backward pass from
# [Backpropagation](../docs/backprop.md), Adam from [Optimizers](../docs/optimizers.md), and the
# loop around them from [The training loop](../docs/training-loop.md). No framework: each line
# below calls a tested snippet or is plain NumPy.

# %%
import sys
sys.path.insert(0, "../snippets")  # the site's tested functions

import math

import numpy as np
import matplotlib.pyplot as plt
from sklearn.datasets import load_digits   # ships with scikit-learn: nothing is downloaded

from activations import relu_grad
from backprop import mlp_backward
from derivatives import gradient_check
from forward_pass import count_parameters, dense, identity, mlp_forward, relu
from losses import softmax_cross_entropy, softmax_cross_entropy_grad
from optimizers import adam_step
from training_loop import he_init, minibatches, steps_per_epoch

plt.rcParams["figure.facecolor"] = "white"

# %% [markdown]
# ## The data: 8 × 8 pictures of digits
#
# Think of each picture as a tiny mosaic of 64 tiles, each tile a shade of grey. (Unlike a
# person, the network is never told which tiles are neighbours: it receives the 64 numbers as
# one flat list.) scikit-learn's digits set holds 1,797 such pictures, each of the digits 0 to 9
# written by a person and scanned at 8 × 8 pixels, with a brightness from 0 (paper) to 16 (ink).
# Each picture is one row of $X$, so $X$ has 64 columns, and its label $y$ is the digit, one of
# $C = 10$ classes.

# %%
digits = load_digits()
X_all, y_all = digits.data, digits.target      # one flattened picture per row, and its digit
n_images, n_pixels = X_all.shape
C = len(np.unique(y_all))
print(f"{n_images} images of {n_pixels} pixels, brightness {X_all.min():.4g} to {X_all.max():.4g}, "
      f"{C} classes")
print("images per class:", np.bincount(y_all).tolist())

fig, axes = plt.subplots(2, 8, figsize=(6, 2.2))
for ax, image, label in zip(axes.ravel(), digits.images, y_all):
    ax.imshow(image, cmap="gray_r", vmin=0, vmax=16, interpolation="nearest")
    ax.set_title(f"label {label}", fontsize=8)
    ax.axis("off")
fig.suptitle("The first 16 pictures and their labels", fontsize=9)
fig.tight_layout()
# alt: Sixteen 8 by 8 pixel pictures of handwritten digits, dark ink on a light background, each titled with its label; the labels run 0 to 9 and then 0 to 5.
plt.show()

# %% [markdown]
# At 8 × 8 pixels the digits are coarse but mostly legible. The classes are almost equally
# common, so a model that guesses at random is right about one time in ten.
#
# ## Train, validation and test: three separate piles
#
# A course has homework, a mock exam and a final exam. You learn from the homework (the
# **training set**), you use the mock exam to decide how to study (the **validation set**: where you
# would compare settings such as the learning rate; the first "Try it" does that), and the final exam is sat
# once, at the end (the **test set**). If you peeked at the final while studying, your grade would
# no longer say how you will do on new questions. The analogy stops where people differ from
# models: a model does not remember the mock exam unless we train on it, but we *choose* settings
# with it, and that choice can flatter the validation score, which is why the test set stays
# untouched until the end.
#
# The split is **stratified**: within each digit, a seeded random order sends 20 % of its images
# to the test set, the next 20 % to validation and the rest to training. Each pile then has the
# same mix of digits as the whole set, up to rounding.

# %%
def stratified_split(y, fractions, seed):
    """Index arrays (train, validation, test): per class, shuffle, then cut off the test and
    validation shares (rounded to whole images); the rest is for training."""
    rng = np.random.default_rng(seed)
    train, val, test = [], [], []
    for k in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == k))
        n_val, n_test = (round(f * len(idx)) for f in fractions)
        test.append(idx[:n_test])
        val.append(idx[n_test:n_test + n_val])
        train.append(idx[n_test + n_val:])
    return tuple(np.sort(np.concatenate(part)) for part in (train, val, test))


SPLIT_SEED = 0
train_idx, val_idx, test_idx = stratified_split(y_all, fractions=(0.2, 0.2), seed=SPLIT_SEED)
print(f"train {len(train_idx)}, validation {len(val_idx)}, test {len(test_idx)} images")
assert len(np.unique(np.concatenate([train_idx, val_idx, test_idx]))) == n_images  # no overlap

# %% [markdown]
# The three piles hold 1,079, 359 and 359 images: every image is in exactly one of them.
#
# ## Standardise with the training set's statistics only
#
# The pixels near the centre vary a lot and those at the edge hardly at all, so we put every
# pixel on the same scale: subtract its mean and divide by its standard deviation. With $\mu_j$
# the mean and $s_j$ the standard deviation of pixel $j$, **measured on the training set** (the
# vectors $\boldsymbol{\mu}$ and $\boldsymbol{\sigma}$ hold all 64 of each), entry $j$ of
# example $i$ becomes
#
# $$
# \hat{X}_{ij} = \frac{X_{ij} - \mu_j}{s_j} .
# $$
#
# Why training only? The validation and test images stand for pictures the model will meet
# later, whose statistics nobody knows in advance. Computing $\boldsymbol{\mu}$ and
# $\boldsymbol{\sigma}$ from them would let a little of the exam leak into the preparation. So the
# same training $\boldsymbol{\mu}$ and $\boldsymbol{\sigma}$ are applied to all three piles.

# %%
mu = X_all[train_idx].mean(axis=0)
sigma = X_all[train_idx].std(axis=0)
constant = sigma == 0                           # pixels that are blank in every training image
sigma_safe = np.where(constant, 1.0, sigma)     # leave those at 0 instead of dividing by 0


def standardise(X):
    return (X - mu) / sigma_safe


X_train, X_val, X_test = (standardise(X_all[idx]) for idx in (train_idx, val_idx, test_idx))
y_train, y_val, y_test = y_all[train_idx], y_all[val_idx], y_all[test_idx]
print(f"{constant.sum()} pixels never change in the training set")
print(f"training set after: largest |mean| {np.abs(X_train.mean(axis=0)).max():.2g}, "
      f"largest |std - 1| of the other pixels {np.abs(X_train.std(axis=0)[~constant] - 1).max():.2g}")
print(f"validation set after: means from {X_val.mean(axis=0).min():.4g} "
      f"to {X_val.mean(axis=0).max():.4g}")
assert np.allclose(X_train.mean(axis=0), 0) and np.allclose(X_train.std(axis=0)[~constant], 1)

# %% [markdown]
# On the training set every pixel now has mean 0 and standard deviation 1 (except the blank
# ones, which stay 0). The validation means are close to 0 but not exactly: that is what new data
# looks like through the training set's eyes, and it is the honest view.
#
# ### Common mistake: dividing by a standard deviation of zero
#
# A corner pixel that is blank in every training image has $s_j = 0$, and
# $(X_{ij} - \mu_j)/s_j$ is then $0/0$, which NumPy turns into NaN ("not a number"). A NaN
# in one input row makes that example's logits NaN, and with them the mean loss of any batch it
# is in; the site's softmax refuses NaN outright, so the backward pass stops with an error.

# %%
with np.errstate(invalid="ignore", divide="ignore"):
    X_wrong = (X_all[train_idx] - mu) / sigma   # the mistake: no guard against sigma = 0
nan_columns = np.isnan(X_wrong).any(axis=0)
W_any = he_init(n_pixels, C, np.random.default_rng(0))   # any layer on top shows it
wrong_loss = softmax_cross_entropy(dense(X_wrong[:32], W_any, np.zeros(C)), y_train[:32])
print(f"dividing by sigma directly: {nan_columns.sum()} columns of NaN, first batch's loss {wrong_loss}; "
      f"with the guard: {np.isnan(X_train).sum()} NaN")
assert np.array_equal(nan_columns, constant)

# %% [markdown]
# The NaN columns are exactly the blank pixels. The guard treats them as what they are: a
# constant that carries no information, kept at 0.
#
# ## The network: 64 → 64 → 10
#
# The network is two dense layers. The first turns the 64 pixels into 64 hidden features with a
# ReLU, $\mathrm{ReLU}(z) = \max(0, z)$; the second turns those into one logit per class; softmax
# turns the logits into probabilities, and the loss is the mean cross-entropy over the $B$
# examples of a batch. With the layer number in brackets:
#
# $$
# A^{(1)} = \mathrm{ReLU}\big(\hat{X} W^{(1)\top} + \mathbf{b}^{(1)\top}\big),
# \qquad
# Z^{(2)} = A^{(1)} W^{(2)\top} + \mathbf{b}^{(2)\top},
# \qquad
# P = \mathrm{softmax}\big(Z^{(2)}\big),
# \qquad
# L = -\frac{1}{B}\sum_{i=1}^{B} \log P_{i, y_i} .
# $$
#
# $W^{(1)}$ is $64 \times 64$ and $W^{(2)}$ is $10 \times 64$, so there are
# $64 \cdot 64 + 64 + 10 \cdot 64 + 10 = 4{,}810$ parameters.
#
# **Initialisation.** The hidden layer gets He initialisation, weights with standard deviation
# $\sqrt{2/n}$ for $n = 64$ inputs, which keeps the size of the ReLU activations steady
# ([why](../docs/training-loop.md#weight-initialization)). The output layer starts much smaller,
# standard deviation $0.01$, and all biases start at 0. Then every logit is close to 0, softmax
# gives each class a probability close to $1/10$, and the first loss should be close to
#
# $$
# -\log \frac{1}{10} = \log 10 \approx 2.3026 .
# $$

# %%
SIZES = [n_pixels, 64, C]
INIT_SEED = 1
OUTPUT_STD = 0.01


def init_network(seed, output_std=OUTPUT_STD):
    """He weights in the hidden layer, small ones in the output layer, zero biases."""
    rng = np.random.default_rng(seed)
    W1 = he_init(SIZES[0], SIZES[1], rng)
    W2 = rng.normal(0.0, output_std, size=(SIZES[2], SIZES[1]))
    return [(W1, np.zeros(SIZES[1])), (W2, np.zeros(SIZES[2]))]


def logits(params, X):
    """The forward pass: ReLU hidden layer, raw scores (no activation) at the output."""
    return mlp_forward(X, params, hidden=relu, output=identity)[-1][0]


def accuracy(params, X, y):
    return float(np.mean(logits(params, X).argmax(axis=1) == y))


params = init_network(INIT_SEED)
n_params = count_parameters(SIZES)
initial_loss = float(softmax_cross_entropy(logits(params, X_train), y_train))
print(f"{n_params} parameters")
print(f"loss at initialisation on the training set: {initial_loss:.4g} (log 10 = {math.log(10):.4g})")
print(f"accuracy at initialisation: {accuracy(params, X_train, y_train):.4g}")
assert abs(initial_loss - math.log(10)) < 0.05

# %% [markdown]
# The first loss is close to $\log 10$, as it should be for a model that knows nothing yet, and the
# accuracy is near one in ten. If the first loss were far from $\log 10$, we would look for a bug
# before training for even one epoch.
#
# ### Common mistake: He initialisation in the output layer too
#
# He's $\sqrt{2/n}$ is made to keep activations from shrinking as they pass through ReLU
# layers. The output layer has no ReLU after it, and its logits should start near 0. Give it
# He weights as well and the logits start spread out: the model begins with strong
# preferences it has no reason for, and its first loss sits noticeably above $\log 10$.

# %%
he_everywhere = init_network(INIT_SEED, output_std=math.sqrt(2 / SIZES[1]))
he_output_loss = float(softmax_cross_entropy(logits(he_everywhere, X_train), y_train))
print(f"first loss with He weights in the output layer: {he_output_loss:.4g} "
      f"(small output weights: {initial_loss:.4g}; log 10 = {math.log(10):.4g})")
print(f"spread (std) of the first logits: {logits(he_everywhere, X_train).std():.4g} "
      f"with He output weights, {logits(params, X_train).std():.4g} with small ones")

# %% [markdown]
# Training then has to spend its first steps undoing preferences the model had no reason to have,
# and the sanity check "first loss near $\log C$" can no longer tell this start from a real bug.
#
# ## The backward pass
#
# Backpropagation runs the forward pass in reverse
# ([the chain rule, layer by layer](../docs/backprop.md#the-chain-rule-layer-by-layer)). With $Y$
# the one-hot labels, softmax and cross-entropy together give the gradient at the logits
# ([why it is P − Y](../docs/losses.md#softmax-with-cross-entropy-the-gradient-is-p-y)); each
# dense layer then passes the gradient to its weights, its biases and its input, and ReLU lets it
# through only where the unit was on ($\odot$ multiplies matching entries, and
# $\mathbf{1}[Z^{(1)} > 0]$ is 1 where the pre-activation was positive, 0 elsewhere):
#
# $$
# \frac{\partial L}{\partial Z^{(2)}} = \frac{1}{B}(P - Y),
# \qquad
# \frac{\partial L}{\partial W^{(2)}} = \Big(\frac{\partial L}{\partial Z^{(2)}}\Big)^{\top} A^{(1)},
# \qquad
# \frac{\partial L}{\partial A^{(1)}} = \frac{\partial L}{\partial Z^{(2)}}\, W^{(2)},
# $$
#
# $$
# \frac{\partial L}{\partial Z^{(1)}} = \frac{\partial L}{\partial A^{(1)}} \odot \mathbf{1}\big[Z^{(1)} > 0\big],
# \qquad
# \frac{\partial L}{\partial W^{(1)}} = \Big(\frac{\partial L}{\partial Z^{(1)}}\Big)^{\top} \hat{X},
# $$
#
# and each bias gradient is the column sums of its layer's $\partial L / \partial Z$. In code,
# `softmax_cross_entropy_grad` gives the first gradient and `mlp_backward` does the rest.

# %%
def loss_and_grads(params, X, y):
    """Forward, loss, backward: the loss and one (dL/dW, dL/db) per layer."""
    layers = mlp_forward(X, params, hidden=relu, output=identity)
    Z_out = layers[-1][0]
    dZ_out = softmax_cross_entropy_grad(Z_out, y)            # (P - Y) / B
    grads = mlp_backward(dZ_out, X, params, layers, hidden_grad=relu_grad)
    return float(softmax_cross_entropy(Z_out, y)), grads


loss, grads = loss_and_grads(params, X_train[:32], y_train[:32])
print(f"loss on one batch of 32: {loss:.4g}")
print("gradient shapes:", [(dW.shape, db.shape) for dW, db in grads])

# %% [markdown]
# Every gradient has the shape of the parameter it belongs to, which is the first check. The
# second is numerical.
#
# ## A gradient check before training
#
# Nudge one parameter up by a small step $h$, then down, and compare the change of the loss,
# divided by $2h$, with the backward pass's value
# ([checking a gradient](../docs/derivatives.md#checking-a-gradient-numerically)). `gradient_check`
# does this for every entry of one array and accepts an entry when
# $\lvert \text{analytic} - \text{numeric} \rvert \le \text{atol} + \text{rtol} \cdot \max(\lvert \text{analytic} \rvert, \lvert \text{numeric} \rvert)$,
# with $\text{rtol} = 10^{-6}$ and $\text{atol} = 10^{-8}$. We check all four arrays, every
# entry, on 20 training images.

# %%
X_check, y_check = X_train[:20], y_train[:20]
_, grads = loss_and_grads(params, X_check, y_check)


def with_replaced(params, layer, which, value):
    """params with W (which=0) or b (which=1) of one layer replaced by value."""
    new = [list(pair) for pair in params]
    new[layer][which] = value
    return [tuple(pair) for pair in new]


grad_check_passed, n_checked = [], 0
for layer in range(len(params)):
    for which, name in enumerate(("W", "b")):
        loss_of = lambda v: loss_and_grads(with_replaced(params, layer, which, v), X_check, y_check)[0]
        passed, worst = gradient_check(loss_of, lambda v: grads[layer][which], params[layer][which])
        largest = np.abs(grads[layer][which]).max()
        grad_check_passed.append(passed)
        n_checked += params[layer][which].size
        print(f"{name}{layer + 1}: {params[layer][which].size:5d} entries, passed {passed}, "
              f"largest |gradient| {largest:.2g}")
print(f"checked {n_checked} of {n_params} parameters")
assert all(grad_check_passed) and n_checked == n_params

# %% [markdown]
# All 4,810 analytic gradients agree with the measured slopes. ReLU has a kink at 0, where the
# slope jumps; a nudge that pushed some pre-activation across it would spoil one comparison, but
# with a step of $10^{-5}$ that is rare, and it did not happen here.
#
# ## Training: mini-batches and Adam
#
# Each epoch shuffles the training images with a seeded generator and cuts them into batches of
# $B = 32$, so an epoch is $\lceil 1079 / 32 \rceil = 34$ steps (the last batch is smaller). Each
# step runs forward, loss and backward on one batch, and then Adam moves each of the four arrays,
# with learning rate $\alpha = 0.003$ and its usual $\beta_1 = 0.9$, $\beta_2 = 0.999$
# ([Adam, with bias correction](../docs/optimizers.md#adam-with-bias-correction)). Adam keeps its
# running averages $\mathbf{m}$ and $\mathbf{v}$ for every array separately. After each epoch we
# measure the loss and accuracy on the whole training and validation sets.

# %%
BATCH, LR, EPOCHS, TRAIN_SEED = 32, 0.003, 20, 2


def evaluate(params):
    """(loss, accuracy) on the training and on the validation set."""
    return [(float(softmax_cross_entropy(logits(params, X), y)), accuracy(params, X, y))
            for X, y in ((X_train, y_train), (X_val, y_val))]


def adam_on_every_array(params, grads, states):
    """One Adam step for each W and b, each with its own state."""
    new_params, new_states = [], []
    for (W, b), (dW, db), (state_W, state_b) in zip(params, grads, states):
        W, state_W = adam_step(W, dW, state_W, lr=LR)
        b, state_b = adam_step(b, db, state_b, lr=LR)
        new_params.append((W, b))
        new_states.append((state_W, state_b))
    return new_params, new_states


rng = np.random.default_rng(TRAIN_SEED)
params = init_network(INIT_SEED)
states = [(None, None) for _ in params]            # Adam's m, v and t start empty
history = [evaluate(params)]                       # epoch 0: before any step
for epoch in range(EPOCHS):
    for idx in minibatches(len(X_train), BATCH, rng):
        _, grads = loss_and_grads(params, X_train[idx], y_train[idx])
        params, states = adam_on_every_array(params, grads, states)
    history.append(evaluate(params))

(train_loss, train_acc), (val_loss, val_acc) = (np.array(h).T for h in zip(*history))
print(f"{steps_per_epoch(len(X_train), BATCH)} steps per epoch, {EPOCHS} epochs")
print(f"training loss {train_loss[0]:.4g} -> {train_loss[-1]:.4g}, "
      f"validation loss {val_loss[0]:.4g} -> {val_loss[-1]:.4g}")
print(f"training accuracy {train_acc[-1]:.4g}, validation accuracy {val_acc[-1]:.4g}")
print(f"lowest validation loss {val_loss.min():.4g}, after epoch {val_loss.argmin()}")

# %%
epochs = np.arange(EPOCHS + 1)
fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(7, 3.2))
ax_loss.plot(epochs, train_loss, "-o", markersize=3, label="training")
ax_loss.plot(epochs, val_loss, "--s", markersize=3, label="validation")
ax_loss.set_yscale("log")
ax_loss.set_xlabel("epoch")
ax_loss.set_ylabel("mean cross-entropy (log scale)")
ax_loss.legend()
ax_acc.plot(epochs, train_acc, "-o", markersize=3, label="training")
ax_acc.plot(epochs, val_acc, "--s", markersize=3, label="validation")
ax_acc.set_ylim(0.8, 1.005)
ax_acc.set_xlabel("epoch")
ax_acc.set_ylabel("accuracy")
ax_acc.legend(loc="lower right")
fig.tight_layout()
# alt: Two panels against epoch. Left: training and validation loss on a log scale, both falling steeply in the first epochs; the training loss keeps falling at a steady pace while the validation loss falls ever more slowly, above it. Right: both accuracies climb above 0.8 after one epoch; training accuracy reaches 1 and validation accuracy levels off a little below.
plt.show()

# %% [markdown]
# Three things stand out. First, the drop after one epoch is huge: 34 Adam steps already take the
# model from chance to most digits right (the accuracy panel is cut at 0.8 so that the later
# epochs are visible; epoch 0 sits far below, at chance). Second, the training loss keeps falling
# at a steady pace on the log scale while the validation loss falls ever more slowly: the model
# becomes ever more sure of the images it trains on, and less and less of that certainty carries
# over to new images. The widening gap between the two curves is how overfitting begins, although
# within these 20 epochs the validation loss is still going down. Third, validation accuracy
# hardly moves in the later epochs even though the validation loss keeps changing: accuracy only
# counts which class gets the highest probability, while the loss also scores how much probability
# the right class gets.
#
# ## The test set, once
#
# The settings are now frozen and we score the test set. In full honesty: while this notebook was
# being written, test accuracy was also glanced at for a few candidate settings, so this number is
# not a perfectly untouched final exam and may be slightly optimistic. In your own work, choose
# settings on the validation set only and look at the test set once.

# %%
(W1, b1), (W2, b2) = params                        # the trained weights
test_pred = logits(params, X_test).argmax(axis=1)
test_accuracy = float(np.mean(test_pred == y_test))
print(f"test accuracy: {test_accuracy:.4g} ({np.sum(test_pred != y_test)} of {len(y_test)} wrong)")

# %% [markdown]
# The network gets at least 95 % of the test digits right, within a few points of its
# validation accuracy. With 359 test images one image is worth about 0.3 points, so a gap of a few
# images between the two is within the noise of sets this size.
#
# ## The confusion matrix
#
# The accuracy hides *which* digits are confused. The **confusion matrix** has one row per true
# class and one column per predicted class: the entry in row $j$, column $k$ counts the test images
# of digit $j$ that the network called $k$. The diagonal holds the correct answers, and each row
# sums to the number of test images of its digit.

# %%
confusion = np.zeros((C, C), dtype=int)
np.add.at(confusion, (y_test, test_pred), 1)       # one count per (true, predicted) pair
assert np.array_equal(confusion.sum(axis=1), np.bincount(y_test, minlength=C))
assert np.trace(confusion) == np.sum(test_pred == y_test)

off_diagonal = confusion * (1 - np.eye(C, dtype=int))   # the mistakes only
most_confused = np.argwhere(off_diagonal == off_diagonal.max())   # every (true, predicted) tied
print(f"most frequent mistake ({off_diagonal.max()} test images each): "
      + ", ".join(f"true {j} called {k}" for j, k in most_confused))
print(f"fewest right: digit {np.argmin(np.diag(confusion) / confusion.sum(axis=1))}")

fig, ax = plt.subplots(figsize=(4.2, 3.8))
ax.imshow(confusion, cmap="Greys")
for j in range(C):
    for k in range(C):
        if confusion[j, k]:
            ax.text(k, j, confusion[j, k], ha="center", va="center", fontsize=7,
                    color="white" if confusion[j, k] > confusion.max() / 2 else "black")
ax.set_xticks(range(C))
ax.set_yticks(range(C))
ax.set_xlabel("predicted digit")
ax.set_ylabel("true digit")
ax.set_title("Test set: counts of (true, predicted)", fontsize=9)
fig.tight_layout()
# alt: A 10 by 10 grid of counts, true digit down the side and predicted digit along the top; the diagonal cells are dark with counts in the thirties, and a handful of off-diagonal cells hold small counts.
plt.show()

# %% [markdown]
# Almost all the mass sits on the diagonal; the few off-diagonal counts are the mistakes, and the
# printout names the most frequent ones and the digit the network gets right least often. Note
# that the matrix is not symmetric: mistaking a $j$ for a $k$ is a different error from mistaking
# a $k$ for a $j$, and one can happen without the other.
#
# ## The digits it gets wrong
#
# Numbers summarise; pictures explain. Here is every misclassified test image, with its true label
# and the network's answer.

# %%
wrong = np.flatnonzero(test_pred != y_test)
cols = 8
rows = math.ceil(len(wrong) / cols)
fig, axes = plt.subplots(rows, cols, figsize=(6, 1.05 * rows + 0.4), squeeze=False)
for ax in axes.ravel():
    ax.axis("off")
for ax, i in zip(axes.ravel(), wrong):
    ax.imshow(X_all[test_idx[i]].reshape(8, 8), cmap="gray_r", vmin=0, vmax=16,
              interpolation="nearest")
    ax.set_title(f"true {y_test[i]}, said {test_pred[i]}", fontsize=7)
fig.suptitle("Misclassified test digits", fontsize=9)
fig.tight_layout()
# alt: The misclassified test pictures, 8 by 8 pixels each, each titled with its true digit and the network's answer; many are drawn unusually, thick or cut off, so that even a person might hesitate.
plt.show()

# %% [markdown]
# Some of the mistakes are forgivable: at 8 × 8 pixels a thick stroke or a missing loop turns one
# digit into the shape of another. Others are plain errors, where a person would not hesitate. The
# network learns from 1,079 training images, and nothing in its design tells it that a digit
# shifted by one pixel is the same digit: to this network, the shifted picture is a different list
# of 64 numbers. A [convolutional network](../docs/convolutional-networks.md), which uses the same
# weights at every position, is built to handle that.
#
# ## Try it
#
# 1. **Change the learning rate.** Set `LR = 0.03` and run the training cells again: the
#    training loss jumps back up in some epochs, and the validation loss ends several times higher
#    than with `0.003`. With `LR = 0.0003` both curves fall slowly and 20 epochs are no longer
#    enough.
# 2. **Forget to standardise.** Build `X_train`, `X_val` and `X_test` from the raw pixels
#    (`X_all[idx]` instead of `standardise(X_all[idx])`, and drop the check after it): the first
#    loss moves away from $\log 10$, because larger inputs make larger logits, so the check on the
#    first loss stops the run (remove it to go on), and the validation curve gets bumpier. On this small, clean data set the final accuracy hardly changes:
#    standardising mostly makes training easier to get right.
# 3. **Narrow or widen the hidden layer.** Change `SIZES` to `[n_pixels, 16, C]`: the loss falls
#    more slowly and test accuracy drops by a few points. With `[n_pixels, 256, C]` the training
#    loss falls faster still and pulls further away from the validation loss.
# 4. **Break the gradient.** In `loss_and_grads`, pass `hidden_grad=lambda z: np.ones_like(z)`
#    (as if there were no ReLU) and rerun from there: the gradient check fails for $W^{(1)}$ and
#    $\mathbf{b}^{(1)}$ and passes for $W^{(2)}$ and $\mathbf{b}^{(2)}$, whose gradients the
#    backward pass computes before it reaches the ReLU. Remove the `assert` and train anyway: the network still learns,
#    only less well. A wrong gradient rarely announces itself; the check is how you find it.
