"""Compare a snippet's transcript, [(name, value), ...], with values a test derived on its own.

Deliberately separate from every snippet: the expected values come from the test (hand
arithmetic with the working in a comment, or an independent implementation), never from the
function under test.

``check(transcript, expected)`` asserts that every entry whose name is a key of ``expected``
has that value (numbers, tuples and arrays alike, to a relative tolerance). A name that occurs
several times with different values takes ``each(v1, v2, ...)``: one expected value per
occurrence, in reading order; ``near(v, rtol, atol)`` gives one value its own tolerance.
With ``complete=True`` every entry of the transcript must be
named in ``expected``, so a value added to the transcript later cannot go unchecked.
"""
from __future__ import annotations

import numpy as np


class each(tuple):
    """Expected values of a repeated name, one per occurrence, in the transcript's order."""

    def __new__(cls, *values):
        return super().__new__(cls, values)


class near:
    """An expected value with its own tolerance (a rounding-noise number, a sampled estimate)."""

    def __init__(self, value, rtol=1e-9, atol=0.0):
        self.value, self.rtol, self.atol = value, rtol, atol


def entries(transcript, name):
    """Every value the transcript gives under ``name``, in order."""
    return [value for n, value in transcript if n == name]


def _same(name, k, got, want, rtol, atol):
    if isinstance(want, near):
        want, rtol, atol = want.value, want.rtol, want.atol
    got_a = np.asarray(got, dtype=float)
    want_a = np.asarray(want, dtype=float)
    where = f"transcript entry {name!r} (occurrence {k + 1})"
    assert got_a.shape == want_a.shape, f"{where}: shape {got_a.shape}, expected {want_a.shape}"
    np.testing.assert_allclose(got_a, want_a, rtol=rtol, atol=atol, err_msg=where)


def check(transcript, expected, *, complete=False, rtol=1e-9, atol=1e-12):
    """Fail unless every named entry equals its independently derived value (see module doc)."""
    names = [n for n, _ in transcript]
    missing = [name for name in expected if name not in names]
    assert not missing, f"names expected but absent from the transcript: {missing}"
    if complete:
        unchecked = sorted({n for n in names if n not in expected})
        assert not unchecked, f"transcript entries with no independent value in the test: {unchecked}"
    for name, want in expected.items():
        got = entries(transcript, name)
        if isinstance(want, each):
            assert len(got) == len(want), \
                f"{name!r} occurs {len(got)} times, the test expects {len(want)}"
            pairs = list(zip(got, want))
        else:
            pairs = [(g, want) for g in got]
        for k, (g, w) in enumerate(pairs):
            _same(name, k, g, w, rtol, atol)
