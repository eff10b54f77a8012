# %% [markdown]
# # Maths and neural-network basics from scratch
#
# You will multiply vectors and matrices while watching their shapes, check derivatives against
# numerical slopes, push a batch through a small network, and plot four activation functions with
# their slopes. Each step uses the site's tested code and follows a page:
# [Vectors, matrices and shapes](../docs/vectors-and-shapes.md),
# [Derivatives and the chain rule](../docs/derivatives.md),
# [The neuron and the forward pass](../docs/forward-pass.md) and
# [Activation functions](../docs/activations.md).

# %%
import sys
sys.path.insert(0, "../snippets")  # the site's tested functions

import numpy as np
import matplotlib.pyplot as plt

from shapes import (EXAMPLE_A, EXAMPLE_B, EXAMPLE_W1, EXAMPLE_X, EXAMPLE_Y, batch_forward,
                    broadcast_shape, dot, matmul_loops, matmul_shape, matvec, matvec_loops, mse)
from derivatives import central_difference, difference_errors, best_central_step, relative_error
from forward_pass import (EXAMPLE_PARAMS, count_parameters, dense, identity, mlp_forward,
                          neuron, relu, sigmoid)
from activations import (gelu, gelu_grad, gelu_minimum, relu_grad, sigmoid_grad, tanh,
                         tanh_grad)

EPS_MACH = np.finfo(float).eps  # gap between 1 and the next larger float64


# %% [markdown]
# ## Vectors, dot products and matrix products
#
# Think of a shopping list and a price list for the same items, in the same order. Your bill is
# each quantity times its price, added up. That single number is a **dot product**. The analogy
# stops working with signs: weights and inputs can be negative, so terms can cancel, and a dot
# product of zero does not mean "nothing bought".
#
# For a neuron's weights $\mathbf{w}$ and an input $\mathbf{x}$, both with $n$ entries,
#
# $$
# \mathbf{w} \cdot \mathbf{x} = \sum_{i=1}^{n} w_i x_i = w_1 x_1 + w_2 x_2 + \dots + w_n x_n .
# $$
#
# Two vectors of length $n$ go in; one number comes out. Now stack the weights of $m$ neurons
# as the rows of a matrix $W$ with $m$ rows and $n$ columns, shape $(m \times n)$, rows first.
# Then $W\mathbf{x}$ is one dot product per row:
#
# $$
# (W\mathbf{x})_i = \sum_{j=1}^{n} W_{ij}\, x_j ,
# \qquad
# (m \times n) \cdot (n \times 1) \to (m \times 1).
# $$
#
# For two matrices $F$ of shape $(m \times n)$ and $G$ of shape $(n \times k)$, every row of $F$
# meets every column of $G$:
#
# $$
# (FG)_{ij} = F_{i1} G_{1j} + F_{i2} G_{2j} + \dots + F_{in} G_{nj} ,
# \qquad
# (m \times n) \cdot (n \times k) \to (m \times k).
# $$
#
# The **shape rule**: the inner sizes must be equal and disappear; the outer sizes give the
# result ([the page's figure](../docs/vectors-and-shapes.md#matrixmatrix-product-and-the-shape-rule)
# shows it).
#
# We take the first example of the site's small batch, $\mathbf{x} = (1, 2, -1)$, and the weights
# of one neuron, $\mathbf{w} = (0.5, 1, -1)$. By hand: $0.5 + 2 + 1 = 3.5$. Then $W$ is that
# neuron and one more, $(2 \times 3)$; $F$ is $(2 \times 3)$ and $G$ is $(3 \times 2)$.

# %%
x = EXAMPLE_X[0]    # one example: 3 features
w = EXAMPLE_W1[0]   # one neuron's weights: 3 of them
x_dot_w = dot(x, w)  # the snippet's loop: multiply matching entries, add
print(f"x . w = {x_dot_w:.4g}   (NumPy's x @ w = {x @ w:.4g})")
assert np.isclose(x_dot_w, x @ w)

W = EXAMPLE_W1              # 2 neurons, 3 inputs each
Wx = matvec(W, x)
print(f"W.shape = {W.shape}, x.shape = {x.shape}  ->  (W x).shape = {Wx.shape}, W x = {Wx}")
assert np.allclose(Wx, matvec_loops(W, x))        # one dot product per row, by loops

F, G = EXAMPLE_A, EXAMPLE_B
FG_shape = (F @ G).shape
GF_shape = (G @ F).shape
print(f"F.shape = {F.shape}, G.shape = {G.shape}")
print(f"F @ G: shape {FG_shape}, predicted {matmul_shape(F.shape, G.shape)}")
print(f"G @ F: shape {GF_shape}, predicted {matmul_shape(G.shape, F.shape)}")
assert np.allclose(F @ G, matmul_loops(F, G))      # three loops give NumPy's numbers

# %% [markdown]
# The loop and NumPy agree on the dot product, $3.5$. $W\mathbf{x}$ has one entry per neuron:
# shape $(2,)$, and its first entry is that same dot product. The two orders of the same pair of
# matrices give different shapes: $FG$ is $(2 \times 2)$ while $GF$ is $(3 \times 3)$. Order
# matters in a matrix product.

# %% [markdown]
# ## A batch through a layer, and broadcasting
#
# Put $B$ examples in the rows of a matrix $X$ of shape $(B \times n)$. One product computes the
# layer for all of them, and the bias row is added to every row:
#
# $$
# Z = X W^{\top} + \mathbf{b}^{\top},
# \qquad
# (B \times n) \cdot (n \times m) \to (B \times m).
# $$
#
# Adding $\mathbf{b}$, of shape $(m,)$, to a $(B \times m)$ array uses
# [broadcasting](../docs/vectors-and-shapes.md#broadcasting): line the shapes up from the right,
# pad the shorter one with sizes of one on the left, and stretch every size of one to match.

# %%
X = EXAMPLE_X                      # B = 4 examples, n = 3 features
b = np.array([0.5, -1.0])          # one bias per neuron, shape (2,)
Z = X @ W.T + b
print(f"X.shape = {X.shape}, W.T.shape = {W.T.shape}, b.shape = {b.shape}")
print(f"Z.shape = {Z.shape}, broadcasting predicts {broadcast_shape((X @ W.T).shape, b.shape)}")
rows_one_by_one = np.array([matvec(W, x_i) + b for x_i in X])
assert np.allclose(Z, rows_one_by_one)

# %% [markdown]
# Row $i$ of $Z$ is exactly $W\mathbf{x}_i + \mathbf{b}$ for example $i$: the batch product is
# four single-example products done at once, and $Z$ has shape $(4 \times 2)$, one row per example
# and one column per neuron.

# %% [markdown]
# ## Common mistake: multiplying by W instead of its transpose
#
# $W$ is stored as (neurons, inputs), so writing `X @ W` puts the 3 columns of $X$ against the
# 2 rows of $W$. NumPy refuses, with a message written for its own internals. The shape rule
# explains it in words.

# %%
try:
    X @ W                                    # (4 x 3) @ (2 x 3): inner sizes 3 and 2
except ValueError as err:
    shape_error = str(err)
    print("NumPy says:    ", shape_error)
try:
    matmul_shape(X.shape, W.shape)
except ValueError as err:
    print("shape rule says:", err)
print(f"the fix, X @ W.T, has shape {matmul_shape(X.shape, W.T.shape)}")

# %% [markdown]
# The fix is the transpose: $(4 \times 3) \cdot (3 \times 2) \to (4 \times 2)$. This mistake is
# the friendly kind, because it stops the program. The next one does not.

# %% [markdown]
# ## Common mistake: a subtraction that silently broadcasts
#
# The site's two-layer network gives one prediction per example, as a column $\hat{Y}$ of shape
# $(4 \times 1)$. The targets $\mathbf{y}$ are a plain vector of shape $(4,)$, which broadcasting
# reads as a row $(1 \times 4)$. A column minus a row is a full table of every pairwise
# difference, so the "mean squared error" averages 16 numbers, 12 of them meaningless.

# %%
Y_hat = batch_forward(X)["Y_hat"]           # shape (4, 1): one prediction per row
y = EXAMPLE_Y                                # shape (4,)
wrong_shape = (Y_hat - y).shape
mse_wrong = mse(Y_hat, y)
mse_right = mse(Y_hat.ravel(), y)            # flatten: (4,) minus (4,), one error per example
print(f"Y_hat.shape = {Y_hat.shape}, y.shape = {y.shape}  ->  (Y_hat - y).shape = {wrong_shape}")
print(f"MSE with the table: {mse_wrong:.4g}    MSE with matching shapes: {mse_right:.4g}")
assert wrong_shape == (4, 4) and broadcast_shape(Y_hat.shape, y.shape) == (4, 4)

# %% [markdown]
# No error and no warning, just a wrong number: the first MSE is the average over a
# $(4 \times 4)$ table, not over four examples. The habit that catches it: print or assert the
# shape of every array you subtract.

# %% [markdown]
# ## Derivatives checked numerically
#
# Think of a speedometer: it shows how fast your position changes at this instant. You could
# estimate it without one by noting where you are a moment before and a moment after, and
# dividing the distance by the time in between. A derivative is the same kind of rate: the slope
# of a curve at one point (zoom in far enough and a smooth curve looks straight). The analogy
# stops at how short the moment can be: a car has no rounding error, a computer does, as the
# next section shows.
#
# For a function $f$ of one number $x$, nudge the input by a small step $h$ both ways and
# divide the change of the output by the total nudge. This is the **central difference**:
#
# $$
# f'(x) \approx \frac{f(x+h) - f(x-h)}{2h} .
# $$
#
# We check the sigmoid $\sigma(z) = 1/(1 + e^{-z})$, whose derivative
# ([derived on the page](../docs/derivatives.md#the-sigmoid-and-its-derivative)) is
# $\sigma'(z) = \sigma(z)\,\big(1 - \sigma(z)\big)$, at a few points $z$.

# %%
z_points = np.array([-4.0, -1.0, 0.0, 0.5, 1.0, 3.0])
analytic = sigmoid_grad(z_points)
numeric = central_difference(sigmoid, z_points, h=1e-5)   # element by element
sigmoid_check_error = relative_error(analytic, numeric)
for zi, a_i, n_i in zip(z_points, analytic, numeric):
    print(f"z = {zi:5.1f}   analytic {a_i:.6f}   central difference {n_i:.6f}")
print(f"largest relative error: {sigmoid_check_error:.2g}")
assert np.allclose(analytic, numeric, rtol=1e-8, atol=1e-12)

# %% [markdown]
# The two columns agree to every digit shown; the largest relative error is more than a thousand
# times below the $10^{-7}$ that [the page](../docs/derivatives.md#checking-a-gradient-numerically)
# calls right. The formula for $\sigma'$ passes the check at all six points.

# %% [markdown]
# ## How the error depends on the step size
#
# Why central and not the simpler forward difference $\big(f(x+h) - f(x)\big)/h$? Taylor's
# formula, $f(x \pm h) = f(x) \pm h f'(x) + \frac{h^2}{2} f''(x) \pm \frac{h^3}{6} f'''(x) + \dots$,
# shows the forward estimate is off by about $\frac{h}{2} f''(x)$, an error of order $h$, written
# $O(h)$. In the central estimate the $h^2$ terms cancel, leaving about
# $\frac{h^2}{6} f'''(x)$: order $h^2$.
#
# So smaller $h$ is better? Only down to a point. A float64 number carries about 16 significant
# digits: the gap between 1 and the next float is
# $\varepsilon_{\text{mach}} = 2^{-52} \approx 2.2 \times 10^{-16}$. For tiny $h$, $f(x+h)$ and
# $f(x-h)$ share almost all their digits, so their difference exposes the rounding already in
# each, of size about $\varepsilon_{\text{mach}} \lvert f \rvert$, and dividing by $h$ magnifies it.
# Up to factors of order one, the central error is roughly
#
# $$
# \frac{h^2}{6}\,\lvert f'''(x) \rvert + \frac{\varepsilon_{\text{mach}}\,\lvert f(x) \rvert}{h},
# $$
#
# smallest where the two terms balance (where its derivative in $h$ is zero):
#
# $$
# h^{\ast} = \Big(\frac{3\,\varepsilon_{\text{mach}}\,\lvert f(x) \rvert}{\lvert f'''(x) \rvert}\Big)^{1/3} .
# $$
#
# For the sigmoid we need $\sigma'''$. Differentiate $\sigma' = \sigma - \sigma^2$, replacing
# $\sigma'$ by $\sigma(1-\sigma)$ each time: $\sigma'' = \sigma'(1 - 2\sigma)$ and
# $\sigma''' = \sigma'(1 - 2\sigma)^2 - 2\sigma'^2 = \sigma'\,(1 - 6\sigma + 6\sigma^2)$.
# We measure both errors at $z = 1$ for steps from $10^{-13}$ to $10^{-1}$.

# %%
z0 = 1.0
s0, ds0 = float(sigmoid(z0)), float(sigmoid_grad(z0))
d3_sigmoid = lambda z: sigmoid_grad(z) * (1 - 6 * sigmoid(z) + 6 * sigmoid(z) ** 2)
d2_sigmoid = lambda z: sigmoid_grad(z) * (1 - 2 * sigmoid(z))
assert np.isclose(d3_sigmoid(z0), central_difference(d2_sigmoid, z0, h=1e-5), rtol=1e-6)

hs = np.logspace(-13, -1, 49)
err_forward, err_central = difference_errors(sigmoid, sigmoid_grad, z0, hs)
h_predicted = best_central_step(f_size=s0, f3_size=abs(float(d3_sigmoid(z0))))
h_best_central = hs[np.argmin(err_central)]
h_best_forward = hs[np.argmin(err_forward)]

# Slopes of the straight parts on the log-log plot: the order of each error.
right = hs >= 1e-3
slope_forward = np.polyfit(np.log10(hs[right]), np.log10(err_forward[right]), 1)[0]
slope_central = np.polyfit(np.log10(hs[right]), np.log10(err_central[right]), 1)[0]
print(f"right-hand slopes: forward {slope_forward:.3g}, central {slope_central:.3g}")
print(f"best step: central {h_best_central:.2g} (predicted {h_predicted:.2g}), "
      f"forward {h_best_forward:.2g}")
print(f"smallest error: central {err_central.min():.2g}, forward {err_forward.min():.2g}")

fig, ax = plt.subplots(figsize=(6, 3.5))
ax.loglog(hs, err_forward, "o-", ms=3, label="forward difference")
ax.loglog(hs, err_central, "s--", ms=3, label="central difference")
ax.axvline(h_predicted, color="gray", linestyle=":", label="predicted best central step")
ax.set_xlabel("step h")
ax.set_ylabel("|estimate - exact slope|")
ax.set_title("Error of the slope of the sigmoid at z = 1")
ax.legend(loc="upper center", fontsize=8)
fig.tight_layout()
# alt: Log-log plot of the error of forward and central difference estimates of the sigmoid's slope at z = 1 against the step size. Both curves are V-shaped: falling to the right with the central curve twice as steep, rising again on the left where rounding noise dominates, and the central curve's bottom lies near a dotted vertical line at the predicted best step.
plt.show()

# %% [markdown]
# Read the plot from right to left. On the right, the forward curve falls with slope about 1
# and the central curve with slope about 2, as Taylor's formula says: ten times smaller $h$,
# ten times and a hundred times smaller error. Then each curve turns round and rises: below
# the bottom of the V, a *smaller* step gives a *worse* slope, because rounding noise divided by
# $h$ grows. The left arms are ragged because rounding errors depend on exactly which floats
# $f(x+h)$ and $f(x-h)$ land on, which changes erratically from one step to the next. The
# central curve bottoms out within a factor of a few of the predicted $h^{\ast}$ (the bottom of
# the V is flat and ragged, so its exact lowest point moves with the noise; and $h^{\ast}$ needs
# the third derivative, which in real use nobody knows), at a far smaller error than the forward
# curve's best. That is why gradient checks use central differences with a
# moderate step such as $10^{-5}$.

# %% [markdown]
# ## One neuron, by hand
#
# A neuron multiplies, adds and bends. It holds a weight per input and a bias $b$, computes the
# **pre-activation** $z$, and passes it through an activation function $\phi$:
#
# $$
# z = \mathbf{w} \cdot \mathbf{x} + b ,
# \qquad
# a = \phi(z) .
# $$
#
# Take the [page's](../docs/forward-pass.md#one-neuron) first hidden neuron: $\mathbf{x} = (1, 2)$,
# $\mathbf{w} = (0.5, -0.2)$, $b = 0.1$. By hand, $z = 0.5 \cdot 1 + (-0.2) \cdot 2 + 0.1 = 0.2$.
# With ReLU the neuron outputs $0.2$; with the sigmoid,
# $\sigma(0.2) = 1/(1 + e^{-0.2}) \approx 0.5498$.

# %%
x_in = np.array([1.0, 2.0])
W1, b1 = EXAMPLE_PARAMS[0]
w_n, b_n = W1[0], b1[0]          # the first hidden neuron
z_hand = 0.5 * 1.0 + (-0.2) * 2.0 + 0.1
a_relu = float(neuron(x_in, w_n, b_n, activation=relu))
a_sigmoid = float(neuron(x_in, w_n, b_n, activation=sigmoid))
print(f"z by hand = {z_hand:.4g}, z by code = {np.dot(w_n, x_in) + b_n:.4g}")
print(f"ReLU output = {a_relu:.4g}, sigmoid output = {a_sigmoid:.4g}")
assert np.isclose(z_hand, np.dot(w_n, x_in) + b_n)

# %% [markdown]
# The code reproduces the hand computation. The same $z$ gives two different outputs: the
# activation is a choice, and the rest of this notebook is about what that choice does.

# %% [markdown]
# ## A two-layer network on a batch
#
# A **multi-layer perceptron** (MLP) applies layers in turn: each layer's output is the next
# layer's input. With the batch in the rows of $X$, layer $l$ computes
#
# $$
# Z^{(l)} = A^{(l-1)} W^{(l)\top} + \mathbf{b}^{(l)\top},
# \qquad
# A^{(l)} = \phi^{(l)}\big(Z^{(l)}\big),
# \qquad
# A^{(0)} = X .
# $$
#
# The superscript in brackets counts layers; it is not a power. Our network has 2 inputs, 3 ReLU
# units and 1 sigmoid output, so it has $(3 \cdot 2 + 3) + (1 \cdot 3 + 1) = 13$ parameters. We
# feed it a batch of $B = 5$ random examples and print the shape after every step.
#
# Why bend at all? Without activations two layers collapse into one straight-line layer:
#
# $$
# W^{(2)}\big(W^{(1)}\mathbf{x} + \mathbf{b}^{(1)}\big) + \mathbf{b}^{(2)}
# = \big(W^{(2)}W^{(1)}\big)\,\mathbf{x} + \big(W^{(2)}\mathbf{b}^{(1)} + \mathbf{b}^{(2)}\big) .
# $$
#
# The last lines of the next cell check it.

# %%
rng = np.random.default_rng(0)
X_batch = rng.normal(size=(5, 2))           # B = 5 examples, 2 features
layers = mlp_forward(X_batch, EXAMPLE_PARAMS, hidden=relu, output=sigmoid)
print(f"X: {X_batch.shape}")
for l, ((W_l, b_l), (Z_l, A_l)) in enumerate(zip(EXAMPLE_PARAMS, layers), start=1):
    print(f"layer {l}: W {W_l.shape}, b {b_l.shape}  ->  Z {Z_l.shape}, A {A_l.shape}")
y_hat_batch = layers[-1][1]
n_params = count_parameters([2, 3, 1])
print(f"predictions: {np.round(y_hat_batch.ravel(), 4)}; parameters: {n_params}")
one_at_a_time = np.array([mlp_forward(x_i, EXAMPLE_PARAMS)[-1][1] for x_i in X_batch])
assert np.allclose(y_hat_batch, one_at_a_time)

# Without the bends (identity activations), two layers are one layer.
(W1, b1), (W2, b2) = EXAMPLE_PARAMS
no_bends = mlp_forward(X_batch, EXAMPLE_PARAMS, hidden=identity, output=identity)[-1][1]
one_layer = dense(X_batch, W2 @ W1, W2 @ b1 + b2)
collapse_gap = float(np.max(np.abs(no_bends - one_layer)))
print(f"largest gap between the linear two-layer network and one layer: {collapse_gap:.2g}")
assert np.allclose(no_bends, one_layer)

# %% [markdown]
# Every layer turns $(5 \times \text{inputs})$ into $(5 \times \text{units})$: the batch size
# rides along untouched, and only the last size changes. The batch predictions equal the
# predictions made one example at a time, and every one lies between 0 and 1 because the output
# is a sigmoid. Without activations, the two layers and the single combined layer agree up to
# rounding: stacking straight-line layers adds no power.

# %% [markdown]
# ## Activations and their slopes
#
# The activation is the bend. Four common ones, with their derivatives (the slopes that
# backpropagation multiplies):
#
# $$
# \sigma(z) = \frac{1}{1 + e^{-z}}, \quad \sigma'(z) = \sigma(z)\big(1 - \sigma(z)\big);
# \qquad
# \tanh z = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}, \quad \tanh'(z) = 1 - \tanh^2 z;
# $$
#
# $$
# \mathrm{ReLU}(z) = \max(0, z), \quad \mathrm{ReLU}'(z) = 1 \text{ if } z > 0, \text{ else } 0;
# \qquad
# \mathrm{GELU}(x) = x\,\Phi(x), \quad \mathrm{GELU}'(x) = \Phi(x) + x\,\varphi(x).
# $$
#
# Here $\Phi$ is the standard normal cumulative distribution (the chance that a standard normal
# number is at most $x$) and $\varphi$ its density, the slope of $\Phi$; GELU's input is written
# $x$ as on [the page](../docs/activations.md#gelu). ReLU has a corner at zero with no derivative;
# the code uses 0 there. First, every derivative against central differences, on a grid that
# avoids ReLU's corner.

# %%
activations = {"sigmoid": (sigmoid, sigmoid_grad), "tanh": (tanh, tanh_grad),
               "ReLU": (relu, relu_grad), "GELU": (gelu, gelu_grad)}
z_check = np.linspace(-3.0, 3.0, 12)        # 12 points: none at 0
activation_check_errors = {}
for name, (phi, dphi) in activations.items():
    numeric = central_difference(phi, z_check, h=1e-5)
    activation_check_errors[name] = float(np.max(np.abs(dphi(z_check) - numeric)))
    print(f"{name:8s} largest |analytic - numeric| = {activation_check_errors[name]:.2g}")
    assert np.allclose(dphi(z_check), numeric, atol=1e-9)

z_grid = np.linspace(-4.0, 4.0, 801)
styles = ["-", "--", "-.", ":"]
fig, (ax_f, ax_d) = plt.subplots(1, 2, figsize=(9, 3.5))
for (name, (phi, dphi)), ls in zip(activations.items(), styles):
    ax_f.plot(z_grid, phi(z_grid), ls, label=name)
    ax_d.plot(z_grid, dphi(z_grid), ls, label=name)
ax_f.set_xlabel("z")
ax_f.set_ylabel("activation")
ax_f.set_title("The functions")
ax_d.set_xlabel("z")
ax_d.set_ylabel("slope")
ax_d.set_title("Their derivatives")
ax_d.axhline(0.25, color="gray", linewidth=0.8, linestyle=(0, (1, 3)))
for ax in (ax_f, ax_d):
    ax.axhline(0, color="gray", linewidth=0.5)
    ax.legend(fontsize=8)
fig.tight_layout()
# alt: Left, the sigmoid, tanh, ReLU and GELU curves from z = -4 to 4; GELU dips slightly below zero for negative inputs. Right, their slopes: the sigmoid's is a low hump peaking at a quarter (a faint dotted line), tanh's a hump peaking at one, ReLU's a step from zero to one, and GELU's rises a little above one and dips below zero on the left.
plt.show()

slope_max = {name: float(dphi(z_grid).max()) for name, (_, dphi) in activations.items()}
x_min, gelu_low = gelu_minimum()
print("largest slope on the grid: " + ", ".join(f"{k} {v:.4g}" for k, v in slope_max.items()))
print(f"GELU's lowest point: GELU({x_min:.4g}) = {gelu_low:.4g}")

# %% [markdown]
# What to notice in the figure:
#
# * The sigmoid's slope never rises above $0.25$ (the dotted line), while tanh's reaches 1 at
#   zero. Both fade to nearly zero for large $\lvert z \rvert$: the curves are flat there, or
#   **saturated**.
# * ReLU's slope is exactly 1 for every positive input and exactly 0 for every negative one.
# * GELU is the surprise. It is not monotonic: it dips to about $-0.17$ near $x = -0.75$ before it
#   rises, so its slope is negative left of that point. And its slope overshoots 1 slightly
#   (about $1.13$, at $x = \sqrt{2}$, where $\mathrm{GELU}''(x) = \varphi(x)(2 - x^2)$ is zero).

# %% [markdown]
# ## Why the sigmoid's slope is at most one quarter
#
# The slope $\sigma(1 - \sigma)$ is a product of two numbers between 0 and 1 that add up to 1.
# Completing the square shows how large it can be:
#
# $$
# \sigma\,(1 - \sigma) = \frac{1}{4} - \Big(\sigma - \frac{1}{2}\Big)^2 \le \frac{1}{4} ,
# $$
#
# with equality only at $\sigma = \frac{1}{2}$, that is, at $z = 0$. Why it matters: backpropagation
# multiplies one slope per layer. In a chain of one-unit layers,
# $a^{(l)} = \phi\big(z^{(l)}\big)$ with $z^{(l)} = w^{(l)} a^{(l-1)} + b^{(l)}$, the chain rule
# gives one factor per layer:
#
# $$
# \frac{\partial a^{(\mathrm{out})}}{\partial a^{(0)}} = \prod_{l} w^{(l)}\, \phi'\big(z^{(l)}\big) .
# $$
#
# With sigmoids and weights at most 1 in size, each factor is at most $\frac{1}{4}$, so ten layers
# shrink the gradient at least $4^{10}$-fold, to below $10^{-6}$ of its size. Below we build such
# chains with every weight 1 and every bias 0, from the input $a^{(0)} = 1$, and compare sigmoid,
# tanh and ReLU.

# %%
s = np.linspace(0.0, 1.0, 1001)                                  # every possible sigmoid output
assert np.allclose(s * (1 - s), 0.25 - (s - 0.5) ** 2)          # the completed square

def chain_gradient(phi, dphi, depth, a0=1.0, w=1.0, b=0.0):
    """d a_out / d a_0 for `depth` one-unit layers: the product of w * phi'(z), layer by layer."""
    params = [(np.array([[w]]), np.array([b]))] * depth
    layers = mlp_forward(np.array([a0]), params, hidden=phi, output=phi)
    return float(np.prod([w * dphi(z_l)[0] for z_l, _ in layers]))

def chain_output(phi, depth, a0, w=1.0, b=0.0):
    params = [(np.array([[w]]), np.array([b]))] * depth
    return mlp_forward(np.array([a0]), params, hidden=phi, output=phi)[-1][1][0]

depths = np.arange(1, 31)
chain = {name: [chain_gradient(phi, dphi, d) for d in depths]
         for name, (phi, dphi) in activations.items() if name != "GELU"}
# The product formula against nudging the input of a 10-layer chain:
for name in chain:
    phi, dphi = activations[name]
    numeric_10 = central_difference(lambda a: chain_output(phi, 10, a), 1.0, h=1e-5)
    assert np.isclose(chain[name][9], numeric_10, rtol=1e-6), name
sigmoid_bound_10 = 0.25 ** 10
print(f"after 10 layers: sigmoid {chain['sigmoid'][9]:.3g} (bound 4^-10 = {sigmoid_bound_10:.3g}), "
      f"tanh {chain['tanh'][9]:.3g}, ReLU {chain['ReLU'][9]:.3g}")
print(f"after 30 layers: sigmoid {chain['sigmoid'][-1]:.3g}, tanh {chain['tanh'][-1]:.3g}, "
      f"ReLU {chain['ReLU'][-1]:.3g}")

fig, ax = plt.subplots(figsize=(6, 3.5))
for (name, g), marker in zip(chain.items(), ["o", "s", "^"]):
    ax.semilogy(depths, g, marker=marker, ms=3, label=name)
ax.semilogy(depths, 0.25 ** depths, "k:", label="bound for sigmoid: 1/4 per layer")
ax.set_xlabel("number of layers")
ax.set_ylabel("gradient reaching the input")
ax.set_title("A gradient through a chain of one-unit layers")
ax.legend(fontsize=8)
fig.tight_layout()
# alt: Gradient reaching the input of a chain of one-unit layers against the number of layers, on a log scale. The ReLU line stays flat at one, the tanh line falls quickly at first and then ever more slowly, and the sigmoid line falls as a straight line, slightly below a dotted line for the bound of one quarter per layer.
plt.show()

# %% [markdown]
# The product formula matches nudging the input of a ten-layer chain, for all three. The sigmoid
# line is straight on the log scale: the gradient shrinks by a fixed factor per layer,
# exponentially in depth. It even runs *below* the bound of $\frac{1}{4}$ per layer, because
# only a unit with $z = 0$ reaches the slope $\frac{1}{4}$, and here every $z$ is positive. Tanh
# falls quickly over the first few layers, then ever more slowly: each layer pulls the activation
# towards 0, where tanh's slope approaches 1. ReLU passes the gradient through untouched, since
# every unit is active and its slope is exactly 1. This is the
# [vanishing gradient](../docs/activations.md#saturation-and-vanishing-gradients) problem,
# and one reason deep networks use ReLU-like activations in their hidden layers
# ([backpropagation](../docs/backprop.md#deep-chains-vanishing-gradients-and-why-skips-help)
# shows the same effect in wide layers, and how skip connections help).

# %% [markdown]
# ## Try it
#
# * In the broadcasting mistake, compute `mse(Y_hat, y.reshape(-1, 1))`: both arrays are then
#   $(4 \times 1)$, the difference has 4 entries, and the result equals the MSE with matching
#   shapes.
# * In the step-size study, set `z0 = 0.0`. There $\sigma''(0) = 0$ (the sigmoid's inflection
#   point), so the forward difference's $O(h)$ term vanishes and its right-hand slope becomes
#   about 2, like the central one's. A method judged at one point only can look better than it is.
# * Give the sigmoid chain larger weights: `chain_gradient(sigmoid, sigmoid_grad, 10, w=4.0)`.
#   The gradient after ten layers gets smaller, not larger: every $z = 4a^{(l-1)}$ sits far out
#   where the sigmoid is flat, so large weights are no rescue.
# * Put GELU in the chain (drop `if name != "GELU"`). Its gradient first grows a little, since
#   its slope near 1 is above 1, then shrinks: each layer lowers the output towards 0, where
#   GELU's slope is one half.
