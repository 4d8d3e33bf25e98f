"""Quantiles of bootstrap draws: R's type 7 (Hyndman & Fan 1996, definition 7; numpy's ``"linear"``), one module.

Type 7 with B sorted draws x₍₁₎ ≤ … ≤ x₍B₎: h = (B − 1) q, Q(q) = x₍⌊h⌋+1₎ + (h − ⌊h⌋)(x₍⌊h⌋+2₎ − x₍⌊h⌋+1₎).

Two implementations of this one convention, kept apart because they round differently in the last bit:

* :func:`quantile_sorted` (the PLS bootstrap's percentile and BCa bounds): column-sorted draws, each column at its
  own level, interpolated upwards from the lower neighbour, ``a + γ (b − a)``;
* :func:`quantile` and :func:`percentile_interval` (the fit test's HI95/HI99, the HTMT upper bound, the
  mediation-by-regression and sessions intervals): ``numpy.quantile(method="linear")``, which for γ ≥ 0.5
  interpolates downwards from the upper neighbour, ``b − (1 − γ)(b − a)``.

The two agree to the last bit for γ < 0.5 and differ by at most one unit in the last place otherwise; each caller
keeps the one it has always used, so results stay the same bytes.
"""
from __future__ import annotations

import numpy as np


def quantile_sorted(srt: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Type-7 quantile of each column of column-sorted draws ``srt`` (B, m) at its own level ``q[j]`` (m,).

    NaN where ``q`` is not finite or there are no draws.
    """
    B, m = srt.shape
    out = np.full(m, np.nan)
    ok = np.isfinite(q)
    if B == 0 or not ok.any():
        return out
    h = (B - 1) * q[ok]
    lo = np.floor(h).astype(np.intp)
    hi = np.minimum(lo + 1, B - 1)
    cols = np.flatnonzero(ok)
    out[ok] = srt[lo, cols] + (h - lo) * (srt[hi, cols] - srt[lo, cols])
    return out


def quantile(draws, q, axis: int | None = None):
    """Type-7 quantile(s) ``q`` of ``draws`` (``numpy.quantile(draws, q, axis, method="linear")``)."""
    return np.quantile(draws, q, axis=axis, method="linear")


def percentile_interval(draws, level: float) -> np.ndarray:
    """Two-sided percentile interval (Efron & Tibshirani 1993, ch. 13): the type-7 quantiles of the draws at
    (1 − level)/2 and 1 − (1 − level)/2, as ``array([low, high])``."""
    a = (1 - level) / 2
    return quantile(draws, [a, 1 - a])
