"""Minimum sample size of PLS-SEM by the inverse square root method (Kock & Hadaya 2018).

A stub with the one function the multigroup analysis needs (:mod:`surveysem.groups.split`); the full module (branch
``samplesize``) keeps this signature.
"""
from __future__ import annotations

import math

from scipy import stats


def inverse_square_root(p_min: float, alpha: float = 0.05, power: float = 0.80) -> int:
    """Minimum sample size to detect a path of size ``p_min`` (Kock & Hadaya 2018, *Information Systems Journal*
    28(1), 227–261, eq. 5): n_min = ⌈((z₁₋α + z_power) / |p_min|)²⌉ with one-sided α; 2.486² / p_min² for α = 5 %
    and power 80 % (z = 1.645 + 0.842).

    Raises
    ------
    ValueError
        When ``p_min`` is 0 or not finite, or ``alpha``/``power`` are not probabilities.
    """
    if not (math.isfinite(p_min) and p_min != 0):
        raise ValueError("p_min must be a non-zero number")
    if not (0 < alpha < 1 and 0 < power < 1):
        raise ValueError("alpha and power must lie between 0 and 1")
    z = stats.norm.ppf(1 - alpha) + stats.norm.ppf(power)
    return int(math.ceil((z / abs(p_min)) ** 2))
