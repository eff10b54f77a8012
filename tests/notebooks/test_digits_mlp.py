"""The digits notebook: its key results against computations made here, from scikit-learn's data
and the notebook's split indices and trained weights, never from numbers copied from its output."""
from __future__ import annotations

import inspect
import math

import numpy as np
from notebook_run import run, test_same_outputs_as_the_build  # noqa: F401
import pytest
from sklearn.datasets import load_digits

from derivatives import gradient_check
from optimizers import adam_step

NOTEBOOK = "digits-mlp"
RESULTS = ["n_images", "n_pixels", "C", "train_idx", "val_idx", "test_idx", "mu", "sigma",
           "initial_loss", "he_output_loss", "grad_check_passed", "n_checked", "n_params",
           "BATCH", "EPOCHS", "train_loss", "val_loss", "train_acc", "val_acc",
           "W1", "b1", "W2", "b2", "test_pred", "test_accuracy", "confusion", "most_confused"]


@pytest.fixture(scope="module")
def digits():
    data = load_digits()
    return data.data, data.target


def expected_share(n):
    """20 % of n images, rounded to the nearest whole image (no class size ends in .5)."""
    assert (0.2 * n) % 1 != 0.5
    return int(0.2 * n + 0.5)


def test_the_data_set_is_the_one_described(run, digits):
    X, y = digits
    v = run.values
    # scikit-learn documents its digits set as 1,797 images of 8 x 8 pixels, digits 0 to 9.
    assert (v["n_images"], v["n_pixels"], v["C"]) == (1797, 8 * 8, 10) == (len(X), X.shape[1], 10)
    assert X.min() == 0 and X.max() == 16
    counts = np.bincount(y)
    assert counts.min() / counts.max() > 0.95       # "almost equally common"


def test_the_split_is_a_stratified_partition_of_the_sizes_stated(run, digits):
    _, y = digits
    train, val, test = (np.array(run.values[k]) for k in ("train_idx", "val_idx", "test_idx"))
    everything = np.concatenate([train, val, test])
    assert len(everything) == len(set(everything.tolist())) == len(y)   # each image exactly once
    # Per class, 20 % (rounded) to test and to validation: the per-class counts of the stated sizes.
    per_class = [expected_share(int(n)) for n in np.bincount(y)]
    assert np.bincount(y[test], minlength=10).tolist() == per_class
    assert np.bincount(y[val], minlength=10).tolist() == per_class
    assert (len(train), len(val), len(test)) == (len(y) - 2 * sum(per_class), sum(per_class),
                                                 sum(per_class)) == (1079, 359, 359)
    assert round(100 / len(test), 1) == 0.3        # "one image is worth about 0.3 points"


def test_standardisation_uses_the_training_statistics_only(run, digits):
    X, _ = digits
    train = np.array(run.values["train_idx"])
    mu, sigma = np.array(run.values["mu"]), np.array(run.values["sigma"])
    np.testing.assert_allclose(mu, X[train].mean(axis=0))
    np.testing.assert_allclose(sigma, X[train].std(axis=0))
    assert not np.allclose(mu, X.mean(axis=0))       # the whole set's means would differ
    # Validation pixels seen through the training statistics: means near 0, but not 0.
    val = np.array(run.values["val_idx"])
    val_means = (X[val].mean(axis=0) - mu)[sigma > 0] / sigma[sigma > 0]
    assert 0.01 < np.abs(val_means).max() < 0.3
    # Blank corners (the Common mistake's zero standard deviation), busy centre.
    image_std = sigma.reshape(8, 8)
    assert min(image_std[0, 0], image_std[0, 7], image_std[7, 0], image_std[7, 7]) == 0
    border = np.r_[image_std[0], image_std[7], image_std[1:7, 0], image_std[1:7, 7]]
    assert border.mean() < image_std[2:6, 2:6].mean() / 2


def test_the_first_loss_is_close_to_log_10(run):
    # Small output weights: every logit near 0, softmax near 1/10 for every class, and the
    # cross-entropy of each example near -log(1/10) = log 10.
    assert abs(run.values["initial_loss"] - math.log(10)) < 0.05
    assert round(math.log(10), 4) == 2.3026
    assert run.values["train_acc"][0] < 0.2 and run.values["val_acc"][0] < 0.2   # chance
    # The Common mistake: He weights at the output start well above it.
    assert run.values["he_output_loss"] > math.log(10) + 0.2


def test_the_gradient_check_passes_for_every_parameter(run):
    assert run.values["grad_check_passed"] == [True] * 4          # W1, b1, W2, b2
    # 64 -> 64 -> 10: 64*64 weights + 64 biases, then 10*64 weights + 10 biases.
    assert run.values["n_checked"] == run.values["n_params"] == 64 * 64 + 64 + 10 * 64 + 10 == 4810
    defaults = inspect.signature(gradient_check).parameters
    assert (defaults["rtol"].default, defaults["atol"].default, defaults["h"].default) == (1e-6, 1e-8, 1e-5)


def test_training_lowers_the_loss_and_the_curves_look_as_described(run):
    v = run.values
    train_loss, val_loss = np.array(v["train_loss"]), np.array(v["val_loss"])
    train_acc, val_acc = np.array(v["train_acc"]), np.array(v["val_acc"])
    assert len(train_loss) == len(val_loss) == v["EPOCHS"] + 1 == 21
    assert np.all(np.diff(train_loss) < 0)                # falls every epoch
    assert train_loss[-1] < train_loss[0] / 100
    assert min(train_acc[1], val_acc[1]) > 0.8            # the alt text: above 0.8 after one epoch
    assert train_acc[-1] == 1.0
    assert val_loss.argmin() == len(val_loss) - 1         # still going down at the end
    ratio = val_loss / train_loss
    assert ratio[-1] > 2 * ratio[5] > 2                   # the gap widens
    assert val_acc[10:].max() - val_acc[10:].min() < 0.01 and val_loss[10] > 1.2 * val_loss[-1]
    # 1079 images in batches of 32: 32 * 33 = 1056 < 1079 <= 32 * 34, so 34 steps.
    assert v["BATCH"] == 32 and math.ceil(1079 / 32) == 34
    defaults = inspect.signature(adam_step).parameters
    assert (defaults["beta1"].default, defaults["beta2"].default) == (0.9, 0.999)


def test_test_accuracy_recomputed_from_the_trained_weights(run, digits):
    X, y = digits
    v = run.values
    train, test = np.array(v["train_idx"]), np.array(v["test_idx"])
    mean, std = X[train].mean(axis=0), X[train].std(axis=0)
    X_test = (X[test] - mean) / np.where(std > 0, std, 1.0)
    W1, b1, W2, b2 = (np.array(v[k]) for k in ("W1", "b1", "W2", "b2"))
    scores = np.maximum(X_test @ W1.T + b1, 0.0) @ W2.T + b2
    pred = scores.argmax(axis=1)
    assert pred.tolist() == v["test_pred"]
    accuracy = sum(int(p == t) for p, t in zip(pred, y[test])) / len(test)
    assert accuracy == pytest.approx(v["test_accuracy"])
    assert accuracy >= 0.95
    assert abs(accuracy - v["val_acc"][-1]) < 0.03        # "within a few points"


def test_the_confusion_matrix_counts_the_test_set(run, digits):
    _, y = digits
    v = run.values
    test = np.array(v["test_idx"])
    truth = y[test]
    counts = [[0] * 10 for _ in range(10)]
    for t, p in zip(truth, v["test_pred"]):
        counts[t][p] += 1
    assert v["confusion"] == counts
    # Rows sum to each digit's number of test images: 20 % of its images in the whole set.
    row_sums = [sum(row) for row in v["confusion"]]
    assert row_sums == [expected_share(int(n)) for n in np.bincount(y)]
    assert row_sums == np.bincount(truth, minlength=10).tolist()
    cm = np.array(v["confusion"])
    assert not np.array_equal(cm, cm.T)                   # "not symmetric"
    # The most frequent mistakes, found by a plain scan: every (true, predicted) pair off the
    # diagonal whose count is the largest there, in reading order.
    mistakes = [(counts[j][k], [j, k]) for j in range(10) for k in range(10) if j != k]
    most = max(count for count, _ in mistakes)
    assert most > 0
    assert v["most_confused"] == [pair for count, pair in mistakes if count == most]
