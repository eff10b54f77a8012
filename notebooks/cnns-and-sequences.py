# %% [markdown]
# # CNNs, sequences and encoder–decoders
#
# You will slide edge-detecting kernels over a real photograph and pool the maps they make, run
# one step of a vanilla RNN and of an LSTM, backpropagate through time and check the gradients
# against central differences, watch a gradient fade over forty steps in one network and survive
# in the other, and decode with greedy search and beam search. It follows
# [Convolutional networks](../docs/convolutional-networks.md),
# [Recurrent networks](../docs/recurrent-networks.md) and
# [Encoder–decoder models](../docs/encoder-decoder.md), with their notation.

# %%
import sys
sys.path.insert(0, "../snippets")  # the site's tested functions

import math

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_sample_image

from convolutional_networks import conv2d, convolve2d, cross_correlate2d, max_pool2d, output_size
from derivatives import numerical_gradient, relative_error
from encoder_decoder import (END, START, beam_search, best_hypothesis, greedy_decode,
                             normalised_score, table_decoder)
from forward_pass import relu
from recurrent_networks import lstm_step, readout_loss, rnn_backward, rnn_forward, rnn_step

# %% [markdown]
# ## A real photograph, made small
#
# scikit-learn ships two photographs inside the package, so nothing is downloaded. We take the
# one of a Chinese temple, which has 427 rows and 640 columns of colour pixels. A convolution
# cares about light and dark, not colour, so we average the three colour channels into one grey
# value. Then we shrink it: every block of $8 \times 8$ pixels becomes its mean. The last 3 rows
# do not fill a block and are dropped. Values are scaled to lie between 0 (black) and 1 (white).

# %%
photo = load_sample_image("china.jpg")                 # (rows, columns, 3), whole numbers 0..255
block = 8
rows, cols = photo.shape[0] // block, photo.shape[1] // block
grey = photo[:rows * block, :cols * block].mean(axis=2) / 255.0
image = grey.reshape(rows, block, cols, block).mean(axis=(1, 3))   # one mean per 8x8 block
print(f"photo {photo.shape} -> grey image {image.shape}, values from "
      f"{image.min():.4g} to {image.max():.4g}")

# %% [markdown]
# ## Edge kernels, slid over the image
#
# Think of a kernel as a stencil with one question printed on it: "is it brighter on my right
# than on my left?" You lay it on every spot of the photo and write the answer on a new sheet, in
# the same place. The analogy stops at the answer: it is not yes or no but a number, large when
# the difference is large, and negative when the image darkens instead.
#
# A kernel is a small grid of weights. At every position the layer lays it on a window of the
# image, multiplies each weight by the pixel under it and adds up: a sliding dot product. With
# the image $x_{ij}$ (row $i$, column $j$, counted from zero), a kernel $w_{uv}$ and a bias $b$,
#
# $$
# z_{ij} = b + \sum_{u=0}^{\text{kernel}-1}\ \sum_{v=0}^{\text{kernel}-1} w_{uv}\, x_{i+u,\, j+v} .
# $$
#
# An edge detector compares one side of the window with the other. The kernel below has $-1,
# -2, -1$ in its left column and $+1, +2, +1$ in its right one (the Sobel kernel): on a flat
# patch the two sides cancel and $z_{ij}$ is zero; where the image gets brighter from left to
# right it is positive. Its transpose does the same from top to bottom. Both kernels go into one
# layer, one output channel each. The snippets store a layer's kernels as an array of shape
# (channels out, channels in, kernel, kernel) and an image as (channels, rows, columns).

# %%
vertical_edges = np.array([[-1.0, 0.0, 1.0],
                           [-2.0, 0.0, 2.0],
                           [-1.0, 0.0, 1.0]])
kernels = np.stack([vertical_edges, vertical_edges.T])[:, None]   # (2, 1, 3, 3)
maps = conv2d(image[None], kernels, np.zeros(2))                  # (2, rows - 2, cols - 2)
print("feature maps:", maps.shape)

i, j = 20, 30                                   # one output cell, by hand
by_hand = np.sum(vertical_edges * image[i:i + 3, j:j + 3])
print(f"z[{i},{j}] = {maps[0, i, j]:.4g} from conv2d, {by_hand:.4g} by hand")
assert np.isclose(maps[0, i, j], by_hand)

# %% [markdown]
# The output is smaller than the input: a $3 \times 3$ window must fit inside the image, so it
# has only $53 - 2 = 51$ places down and $80 - 2 = 78$ across. In general, with $n$ cells along a
# side, $\text{pad}$ rows of zeros added on each side and a step of $\text{stride}$ cells,
#
# $$
# n_{\text{out}} = \left\lfloor \frac{n + 2\,\text{pad} - \text{kernel}}{\text{stride}} \right\rfloor + 1 .
# $$
#
# Below, the formula (the snippet's `output_size`) is checked against the arrays' real shapes,
# for the layer above and for the same kernels with padding 1 and stride 2.

# %%
n_rows, n_cols = image.shape
strided = conv2d(image[None], kernels, np.zeros(2), pad=1, stride=2)
sizes = {"pad 0, stride 1": (maps.shape[1:], (output_size(n_rows, 3), output_size(n_cols, 3))),
         "pad 1, stride 2": (strided.shape[1:], (output_size(n_rows, 3, 1, 2),
                                                 output_size(n_cols, 3, 1, 2)))}
for setting, (shape, formula) in sizes.items():
    print(f"{setting}: array {shape}, formula {formula}")
    assert shape == formula

# %% [markdown]
# With stride 2 the window skips every other position, so the map is about half as tall and
# half as wide: 27 by 40. The floor does real work here: for the rows,
# $(53 + 2 - 3)/2 = 26$ exactly, but for the columns $(80 + 2 - 3)/2 = 39.5$, and the half
# window that would stick out past the padding is not computed.
#
# ## ReLU and max pooling
#
# A layer's maps usually go through [ReLU](../docs/activations.md#relu-and-dead-units),
# which keeps positive values and sets negative ones to zero. For our kernels that keeps the
# edges where the image brightens (left to right, or top to bottom) and drops the ones where it
# darkens. Then **max pooling** keeps the largest value of every $2 \times 2$ window, moving 2
# cells at a time. It has no weights; it uses the same size formula with kernel 2, stride 2 and
# no padding, so a side of 51 becomes $\lfloor 49/2 \rfloor + 1 = 25$: the last row of the map
# is left out.

# %%
activated = relu(maps)
pooled = np.stack([max_pool2d(m) for m in activated])   # one channel at a time
print("pooled maps:", pooled.shape)
assert pooled.shape[1:] == (output_size(maps.shape[1], 2, 0, 2), output_size(maps.shape[2], 2, 0, 2))

# %%
# alt: Five grey-scale panels. The small grey photo of a temple among trees; two maps from the vertical-edge and horizontal-edge kernels, mid-grey where the photo is flat with light and dark lines along edges; and the two maps after ReLU and 2 by 2 max pooling, half the size, black except for bright edge marks.
fig, axes = plt.subplots(1, 5, figsize=(11, 2.6))
panels = [(image, "input, 53 x 80"), (maps[0], "vertical-edge map"),
          (maps[1], "horizontal-edge map"), (pooled[0], "vertical, ReLU + pool"),
          (pooled[1], "horizontal, ReLU + pool")]
for ax, (panel, title) in zip(axes, panels):
    limit = np.abs(panel).max()
    vmin = 0.0 if panel.min() >= 0 else -limit         # signed maps: zero is mid-grey
    ax.imshow(panel, cmap="gray", vmin=vmin, vmax=limit if vmin < 0 else panel.max())
    ax.set_title(title, fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
fig.patch.set_facecolor("white")
plt.tight_layout()
plt.show()

# %% [markdown]
# In the raw maps, flat areas (the sky, the water) are mid-grey, meaning zero. Edges come out as
# light or dark lines: light where the image brightens in the kernel's direction, dark where it
# darkens. The vertical-edge map traces the temple's left and right outlines and the trees; the
# horizontal-edge map traces its stacked roofs and the far shore. After ReLU only the
# brightening half survives (black is zero), and pooling keeps the strongest response of each
# $2 \times 2$ patch, so the edges look thicker in a map half the size.
#
# ## Common mistake: checking a layer against a flipping convolution
#
# Textbook convolution turns the kernel by 180 degrees before sliding it; deep-learning layers
# (and `conv2d`) do not. For this edge kernel the turn changes the sign of every weight, so a
# textbook convolution returns the negated map: dark-to-light edges look like light-to-dark ones,
# and after ReLU the layer finds the opposite edges.

# %%
layer = cross_correlate2d(image, vertical_edges)      # what conv2d computes
textbook = convolve2d(image, vertical_edges)          # turns the kernel first
print(f"flipped kernel equals minus the kernel: {np.array_equal(np.flip(vertical_edges), -vertical_edges)}")
print(f"largest |layer + textbook| = {np.abs(layer + textbook).max():.4g}")
overlap = np.mean((relu(layer) > 0) & (relu(textbook) > 0))
print(f"share of cells where both keep an edge after ReLU: {overlap:.4g}")
assert np.allclose(textbook, -layer) and overlap == 0

# %% [markdown]
# The two maps add up to zero everywhere, and after ReLU no cell is kept by both. So when
# you compare your layer with a signal-processing routine, use a cross-correlation
# (`scipy.signal.correlate2d`, or `cross_correlate2d` here), or turn the kernel first.
#
# ## One step of an RNN and one step of an LSTM
#
# A vanilla RNN reads like someone keeping a running summary on one small card, rewritten in full
# after every sentence. An LSTM also keeps a second card that it only amends: it crosses out part
# of each line and adds a little. Where the picture fails: the cards hold a few numbers, not
# words, and nobody chooses what goes on them; trained weights do.
#
# A recurrent network reads a sequence $\mathbf{x}_1, \dots, \mathbf{x}_T$ one step at a time and
# keeps a hidden state $\mathbf{h}_t$, its memory of the sequence so far. A vanilla RNN rewrites
# the whole state at every step, with the same weights $W_h$, $W_x$ and biases $\mathbf{b}$:
#
# $$
# \mathbf{h}_t = \tanh\big(W_h\,\mathbf{h}_{t-1} + W_x\,\mathbf{x}_t + \mathbf{b}\big).
# $$
#
# An LSTM keeps a second vector, the cell state $\mathbf{c}_t$, that it edits instead of
# rewriting. Gates between 0 and 1, each computed by a sigmoid $\sigma$ from
# $[\mathbf{h}_{t-1}; \mathbf{x}_t]$, decide how much of the old cell state to keep
# ($\mathbf{f}_t$), how much of a candidate $\tilde{\mathbf{c}}_t$ to add ($\mathbf{i}_t$) and
# how much to show ($\mathbf{o}_t$):
#
# $$
# \mathbf{c}_t = \mathbf{f}_t \odot \mathbf{c}_{t-1} + \mathbf{i}_t \odot \tilde{\mathbf{c}}_t,
# \qquad
# \mathbf{h}_t = \mathbf{o}_t \odot \tanh(\mathbf{c}_t),
# $$
#
# where $\odot$ multiplies matching entries. Below, both cells take one step from a zero state
# with $n_h = 3$ hidden units and inputs of $n_x = 2$ numbers, weights drawn at random.

# %%
rng = np.random.default_rng(0)
n_h, n_x = 3, 2
W_h = rng.normal(scale=1.0, size=(n_h, n_h))
W_x = rng.normal(scale=0.5, size=(n_h, n_x))
b = rng.normal(scale=0.1, size=n_h)
x_1 = np.array([1.0, -0.5])

h_rnn = rnn_step(np.zeros(n_h), x_1, W_h, W_x, b)
lstm_p = {gate: (rng.normal(scale=0.5, size=(n_h, n_h + n_x)), np.zeros(n_h))
          for gate in ("f", "i", "c_tilde", "o")}
h_lstm, c_lstm, gates = lstm_step(np.zeros(n_h), np.zeros(n_h), x_1, lstm_p)
print("RNN  h_1 =", np.round(h_rnn, 4))
print("LSTM h_1 =", np.round(h_lstm, 4), " c_1 =", np.round(c_lstm, 4))
print("LSTM gates f, i, o:", *(np.round(gates[g], 4) for g in "fio"))
assert np.allclose(c_lstm, gates["i"] * gates["c_tilde"])    # c_0 = 0: only the written part

# %% [markdown]
# Starting from $\mathbf{c}_0 = \mathbf{0}$, the forget gate has nothing to keep, so the new cell
# state is exactly what the input gate let in of the candidate; the check above confirms it.
# Every gate is a number between 0 and 1 per unit.
#
# ## Backpropagation through time, checked
#
# Run the RNN for $T = 6$ steps and read one prediction from the last state,
# $\hat{y} = \mathbf{w}^{\top}\mathbf{h}_T$, scored by $L = (\hat{y} - y)^2$. Backpropagation
# through time walks back from the last step. With the deltas
# $\boldsymbol{\delta}_t = \partial L / \partial \mathbf{z}_t$ of the pre-activations
# $\mathbf{z}_t = W_h\mathbf{h}_{t-1} + W_x\mathbf{x}_t + \mathbf{b}$,
#
# $$
# \boldsymbol{\delta}_t = \frac{\partial L}{\partial \mathbf{h}_t} \odot \big(1 - \mathbf{h}_t^{2}\big),
# \qquad
# \frac{\partial L}{\partial \mathbf{h}_{t-1}} = W_h^{\top}\boldsymbol{\delta}_t ,
# \qquad
# \frac{\partial L}{\partial \mathbf{x}_t} = W_x^{\top}\boldsymbol{\delta}_t ,
# \qquad
# \frac{\partial L}{\partial W_h} = \sum_{t=1}^{T} \boldsymbol{\delta}_t\,\mathbf{h}_{t-1}^{\top} .
# $$
#
# The weights are used at every step, so their gradient adds one share per step. We check the
# gradient for $W_h$ and for the very first input $\mathbf{x}_1$ against central differences:
# nudge one number up and down, rerun the whole sequence, divide the change in $L$ by the nudge.

# %%
T = 6
xs = [x_1] + [rng.normal(size=n_x) for _ in range(T - 1)]
w, y = rng.normal(size=n_h), 0.5
h0 = np.zeros(n_h)

hs = rnn_forward(xs, h0, W_h, W_x, b)
y_hat = w @ hs[-1]
from_output = [np.zeros(n_h)] * (T - 1) + [2 * (y_hat - y) * w]   # only the last step has a loss
deltas, dW_h, dW_x, db = rnn_backward(xs, hs, W_h, from_output)
dx_1 = W_x.T @ deltas[0]

numeric_W_h = numerical_gradient(lambda M: readout_loss(rnn_forward(xs, h0, M, W_x, b), w, y), W_h)
numeric_x_1 = numerical_gradient(
    lambda v: readout_loss(rnn_forward([v] + xs[1:], h0, W_h, W_x, b), w, y), x_1)
err_W_h, err_x_1 = relative_error(dW_h, numeric_W_h), relative_error(dx_1, numeric_x_1)
print(f"L = {readout_loss(hs, w, y):.4g}")
print("dL/dx_1 by BPTT:", *(f"{v:.4g}" for v in dx_1),
      "  by central differences:", *(f"{v:.4g}" for v in numeric_x_1))
print(f"relative error, dL/dW_h: {err_W_h:.2g};  dL/dx_1: {err_x_1:.2g}")
assert err_W_h < 1e-6 and err_x_1 < 1e-6

# %% [markdown]
# Both relative errors are tiny (the printout shows them): the backward pass and the brute-force
# nudges agree. The gradient for $\mathbf{x}_1$ had to travel back through all six steps to
# get there.
#
# ## Common mistake: pairing a delta with the wrong state
#
# The weight $W_h$ at step $t$ multiplies the state it *read*, $\mathbf{h}_{t-1}$, so its share
# is $\boldsymbol{\delta}_t\,\mathbf{h}_{t-1}^{\top}$. Pairing each delta with the state the step
# *wrote*, $\mathbf{h}_t$, is an easy off-by-one slip in a loop. It gives numbers of the right
# shape and a plausible size, and only the gradient check catches it.

# %%
off_by_one = sum(np.outer(deltas[t - 1], hs[t]) for t in range(1, T + 1))   # h_t, not h_{t-1}
err_off_by_one = relative_error(off_by_one, numeric_W_h)
print(f"relative error of the off-by-one gradient: {err_off_by_one:.4g}")
assert err_off_by_one > 1e-2

# %% [markdown]
# A relative error this large is not rounding: the formula is wrong.
#
# ## Gradients over many steps: vanilla RNN against LSTM
#
# How much does an input $k$ steps before the end still change the loss? Picture a whisper
# passed down a line of people, each passing on only part of what they heard: after forty people
# little is left. The LSTM's cell state is more like a note handed along, which each person may
# smudge a little. (The analogy breaks in one place: the gradient travels backwards, from the
# loss at the end to the early inputs.) For the RNN, the
# gradient reaching $\mathbf{x}_{T-k}$ has been multiplied by one step Jacobian per step in
# between,
#
# $$
# \frac{\partial \mathbf{h}_t}{\partial \mathbf{h}_{t-1}} = \operatorname{diag}\big(1 - \mathbf{h}_t^{2}\big)\,W_h ,
# $$
#
# and tanh's slope $1 - \mathbf{h}_t^{2}$ is never above one. In the LSTM, the cell state's direct
# path multiplies the gradient by the forget gate only,
# $\partial \mathbf{c}_t / \partial \mathbf{c}_{t-1} = \operatorname{diag}(\mathbf{f}_t)$ when
# $\mathbf{h}_{t-1}$ is held fixed, and a forget gate near one keeps it.
#
# The experiment: one sequence of $T = 40$ inputs of one number each, fed to a vanilla RNN and to
# an LSTM, both with 4 hidden units and the same readout. The RNN's $W_h$ is a random
# orthogonal matrix, a rotation (possibly with a mirror): it keeps the length of every vector, and
# so do all its powers. Whatever shrinks the RNN's gradient here, it is not $W_h$. The LSTM's weights are random and small, with the forget gate's bias set to 3 so that
# the gate starts near one. For each input we measure $|\partial L / \partial x_t|$, divided by
# the value for the last input. The snippets have no LSTM backward pass, so its gradient comes
# from central differences (the site's tests check them against a separately written LSTM to five
# digits, far finer than anything the plot shows).

# %%
rng = np.random.default_rng(1)
n_hid, T_long = 4, 40
xs_long = [rng.normal(size=1) for _ in range(T_long)]
w_long, y_long = rng.normal(size=n_hid), 0.5

W_h_long = np.linalg.qr(rng.normal(size=(n_hid, n_hid)))[0]   # a random rotation (orthogonal)
W_x_long, b_long = rng.normal(size=(n_hid, 1)), np.zeros(n_hid)
hs_long = rnn_forward(xs_long, np.zeros(n_hid), W_h_long, W_x_long, b_long)
out_long = [np.zeros(n_hid)] * (T_long - 1) + [2 * (w_long @ hs_long[-1] - y_long) * w_long]
deltas_long = rnn_backward(xs_long, hs_long, W_h_long, out_long)[0]
grad_rnn = np.array([abs((W_x_long.T @ d)[0]) for d in deltas_long])

forget_bias = 3.0
gate_names = ("f", "i", "c_tilde", "o")
gate_W = rng.normal(scale=0.3, size=(len(gate_names), n_hid, n_hid + 1))   # each reads [h; x]
gate_b = np.zeros((len(gate_names), n_hid))
gate_b[0] = forget_bias                                                      # the forget gate's
lstm_long = {name: (gate_W[k], gate_b[k]) for k, name in enumerate(gate_names)}


def lstm_loss(inputs):
    """L = (w . h_T - y)^2 after running the LSTM over the inputs (one number per step)."""
    h, c = np.zeros(n_hid), np.zeros(n_hid)
    for x in inputs:
        h, c, _ = lstm_step(h, c, np.array([x]), lstm_long)
    return float((w_long @ h - y_long) ** 2)


grad_lstm = np.abs(numerical_gradient(lstm_loss, np.array([x[0] for x in xs_long])))
rnn_share, lstm_share = grad_rnn / grad_rnn[-1], grad_lstm / grad_lstm[-1]
for k in (0, 10, 20, 39):
    print(f"{k:>2} steps back: RNN {rnn_share[T_long - 1 - k]:.4g}, LSTM {lstm_share[T_long - 1 - k]:.4g}")

# %%
# alt: Log-scale plot of the gradient reaching an input, relative to the last input's, against how many steps before the end the input came, up to 39. The vanilla RNN's line (circles) falls in uneven steps by many powers of ten; the LSTM's dashed line (squares) stays near one, with a few dips.
steps_back = np.arange(T_long)[::-1]                        # input t is T - t steps from the end
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.semilogy(steps_back, rnn_share, marker="o", markersize=3, label="vanilla RNN")
ax.semilogy(steps_back, lstm_share, marker="s", markersize=3, linestyle="--",
            label=f"LSTM, forget bias {forget_bias:g}")
ax.set_xlabel("steps before the end, $k$")
ax.set_ylabel("|dL/dx| relative to the last input")
ax.legend()
fig.patch.set_facecolor("white")
plt.tight_layout()
plt.show()

# %% [markdown]
# The RNN's gradient collapses although $W_h$ keeps every length: the damage comes from tanh's
# slopes alone. Each step back multiplies by the slope $1 - \mathbf{h}_t^{2}$ of the state's
# entries, usually well below one and sometimes far less, so each step takes a bite of a different
# size. Many such factors compound. That is why the line falls in uneven steps rather than
# along a straight line. Its single sharp dips are something else: $\partial L / \partial x_t$ is
# one number, $W_x^{\top}\boldsymbol{\delta}_t$, made of several entries of
# $\boldsymbol{\delta}_t$, and at some steps they nearly cancel. Thirty-nine steps back, the share is below one in ten million: that
# input has, in effect, no say in the gradient.
#
# The LSTM's line shows no such trend: over these 40 steps it never falls below a tenth of the
# last input's value. Its dips are there because $\partial L / \partial x_t$ also depends on what
# happens at step $t$ itself (the gates there, or for the RNN the slope there), which differs
# from step to step. That is also why both lines can rise above one: an input just before the
# last can matter more than the last one. The forget gates, held near one by their bias, are what keeps the early
# inputs in play: the first "Try it" below takes them away.
#
# ## Decoding: greedy against beam search
#
# An encoder reads the source sentence into a context vector, its last hidden state
# $\mathbf{h}_T$. A decoder writes the output tokens $y_1, \dots, y_n$ one at a time, giving every
# token of its vocabulary a probability given the context and the tokens so far. The probability
# of a whole output is the product of its tokens' probabilities, and code adds their logs:
#
# $$
# \log P(y_1, \dots, y_n) = \sum_{t=1}^{n} \log P\big(y_t \mid y_1, \dots, y_{t-1},\ \mathbf{h}_T\big).
# $$
#
# Greedy decoding is a hiker who, at every fork, takes the branch that looks best for the very
# next step only. Beam search sends out two hikers and, at every fork, keeps the two best routes so far.
# Where it stops working: beam search is not a full search. A route that is poor at first and
# excellent later drops out of the top two and is never seen again.
#
# Our decoder is a toy: a table that gives the next token's probabilities from the previous token
# alone. It stands for a trained decoder translating one fixed English source, "the black cat",
# into French; the context is folded into the table. **Greedy decoding** takes the most probable
# token at each step. **Beam search** keeps the 2 best partial outputs alive at every step (beam
# width 2), extends each by every token, and sets aside the ones that reach ⟨end⟩.

# %%
vocab = ("le", "un", "chat", "noir", END)
table = {START:  [0.45, 0.40, 0.04, 0.03, 0.08],
         "le":   [0.03, 0.04, 0.35, 0.28, 0.30],
         "un":   [0.02, 0.02, 0.85, 0.05, 0.06],
         "chat": [0.02, 0.02, 0.01, 0.50, 0.45],
         "noir": [0.05, 0.05, 0.05, 0.05, 0.80]}
next_probs = table_decoder(vocab, table)
max_len, width = 4, 2

greedy, greedy_logp = greedy_decode(next_probs, vocab, max_len)
finished, _ = beam_search(next_probs, vocab, width, max_len)
beam, beam_logp = best_hypothesis(finished, eta=0.0)
print(f"greedy: {' '.join(greedy):<22} log P = {greedy_logp:.4g}, P = {math.exp(greedy_logp):.4g}")
print(f"beam:   {' '.join(beam):<22} log P = {beam_logp:.4g}, P = {math.exp(beam_logp):.4g}")
assert beam_logp > greedy_logp

# %% [markdown]
# Greedy grabs "le" (0.45 beats 0.40) and is stuck with it: after "le" even the best next token,
# "chat", has probability 0.35, while after "un" it has 0.85. Beam search keeps "un" alive at
# step 1, and "un chat" turns out far more probable than anything starting with "le". The beam's output is more than twice as probable as greedy's.
#
# ## Length normalisation
#
# Beam search's winner, "un chat ⟨end⟩", drops "noir": the source's "black" is lost. Every token
# multiplies the probability by at most one, so a plain sum of logs favours short outputs.
# **Length normalisation** divides the sum by the length $n$ raised to an exponent $\eta$:
#
# $$
# \text{score}_{\eta} = \frac{1}{n^{\eta}} \sum_{t=1}^{n} \log P\big(y_t \mid y_1, \dots, y_{t-1},\ \mathbf{h}_T\big).
# $$
#
# With $\eta = 0$ it is the plain sum; with $\eta = 1$ it is the mean log-probability per token.
# For two outputs with sums $-c_1$ (length $n_1$) and $-c_2$ (the longer, $n_2$), the longer one
# wins when $c_2 / n_2^{\eta} < c_1 / n_1^{\eta}$, that is for
# $\eta > \log(c_2/c_1) / \log(n_2/n_1)$.

# %%
print(f"{'output':<22}" + "".join(f"eta={eta:<7g}" for eta in (0.0, 0.5, 1.0)))
for tokens, logp in finished:
    print(f"{' '.join(tokens):<22}" + "".join(f"{normalised_score(logp, len(tokens), eta):<11.4f}"
                                             for eta in (0.0, 0.5, 1.0)))
winners = {eta: " ".join(best_hypothesis(finished, eta)[0]) for eta in (0.0, 0.5, 1.0)}
print("winner:", winners)

(short, sum_short), (long_, sum_long) = sorted(
    [h for h in finished if h[0][:2] == ("un", "chat")], key=lambda h: len(h[0]))
eta_switch = math.log(sum_long / sum_short) / math.log(len(long_) / len(short))
print(f"the longer output wins for eta > {eta_switch:.4g}")

# %%
# alt: Normalised score against the exponent eta from 0 to 1 for the two outputs "un chat end" (solid) and "un chat noir end" (dashed). Both rise; the solid line is higher at eta 0, the lines cross near eta 0.2, and the dashed line is higher after.
etas = np.linspace(0.0, 1.0, 101)
fig, ax = plt.subplots(figsize=(6, 3.5))
for (tokens, logp), style in zip([(short, sum_short), (long_, sum_long)], ["-", "--"]):
    ax.plot(etas, [normalised_score(logp, len(tokens), e) for e in etas], linestyle=style,
            label=" ".join(tokens).replace(END, "<end>"))
ax.axvline(eta_switch, color="grey", linestyle=":", linewidth=1)
ax.set_xlabel(r"exponent $\eta$")
ax.set_ylabel("normalised score")
ax.legend()
fig.patch.set_facecolor("white")
plt.tight_layout()
plt.show()

# %% [markdown]
# Both scores rise with $\eta$ (dividing a negative sum by a larger number brings it closer to
# zero), but the longer output's rises faster, because its length is larger. Past the dotted
# line it wins, and "noir" is back. Inside beam search, normalising would change no ranking
# within a step, since all extensions at one step have the same length; it matters only when
# finished outputs of different lengths are compared.
#
# ## Try it
#
# - Set `forget_bias = 0.0`. The LSTM's forget gates now start near one half, and its line in the
#   gradient plot falls by many powers of ten too, like the RNN's.
# - In the cell that builds `kernels`, replace `vertical_edges.T` by `np.ones((3, 3)) / 9`, a blur.
#   The second map loses its signed edges: every value is positive, a softer copy of the input.
# - Add `W_h_long = 0.5 * W_h_long` after `W_h_long` is made. Now $W_h$ halves every vector as
#   well, and the RNN's line falls even faster.
# - Set `width = 1` in the decoding cell. The check at its end now fails: a beam of width one
#   keeps only the best partial output at every step, as greedy does, and returns greedy's output.
