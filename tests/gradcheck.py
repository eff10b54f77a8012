"""An independent numerical gradient for the tests: central differences, element by element.

Deliberately separate from any snippet, so a hand-written backward pass is compared with
something it does not share code with.
"""
from __future__ import annotations

import numpy as np


def central_difference(f, x, eps=1e-6):
    """d f / d x at x, for a scalar function f of an array x: (f(x + h) - f(x - h)) / 2h."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + eps
        plus = f(x.copy())
        x[idx] = old - eps
        minus = f(x.copy())
        x[idx] = old
        grad[idx] = (plus - minus) / (2 * eps)
    return grad


def assert_gradient(f, grad_f, x, rtol=1e-5, atol=1e-7):
    """Fail unless the analytic gradient grad_f(x) matches central differences at x."""
    numeric = central_difference(f, x)
    analytic = np.asarray(grad_f(np.array(x, dtype=float)), dtype=float)
    np.testing.assert_allclose(analytic, numeric, rtol=rtol, atol=atol)
