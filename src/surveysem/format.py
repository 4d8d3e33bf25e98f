"""Numbers for print, APA style (American Psychological Association, 2020, *Publication Manual*, 7th ed., §6.36).

The CSVs keep full precision; only formatted tables, figures, summaries and printed text round, and every package
rounds here (a low-level module: it imports nothing of surveysem), so that a number reads the same everywhere:

* statistics to 3 decimals (``decimals``), half away from zero as a reader rounding by hand expects;
* statistics that cannot exceed 1 in absolute value (correlations, loadings, p, alpha, R²) without the leading
  zero (APA §6.36): ``.708``, ``-.25``;
* p as ``< .001`` below .001, otherwise exact to 3 decimals (APA §6.36);
* significance stars ``* p < .05, ** p < .01, *** p < .001`` (the SmartPLS/seminr-paper habit);
* missing values as an en dash.
"""
from __future__ import annotations

import decimal
import math

import numpy as np
import pandas as pd

DASH = "–"


def is_missing(x) -> bool:
    """True for None, NaN and pandas' NA (what prints as an en dash)."""
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _round_half_away(x: float, decimals: int) -> str:
    """``x`` with ``decimals`` digits, rounding half away from zero on the decimal value that was printed."""
    d = decimal.Decimal(repr(float(x))).quantize(decimal.Decimal(1).scaleb(-decimals), rounding=decimal.ROUND_HALF_UP)
    s = f"{d:f}"
    if s.startswith("-") and float(d) == 0:
        s = s[1:]  # no "-0.000"
    return s


def num(x, decimals: int = 3, leading_zero: bool = True) -> str:
    """A number rounded for print; ``leading_zero=False`` for statistics bounded by 1 (APA)."""
    if is_missing(x):
        return DASH
    if isinstance(x, (bool, np.bool_)):
        return "yes" if x else "no"
    if isinstance(x, (int, np.integer)):
        return f"{int(x)}"
    x = float(x)
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    s = _round_half_away(x, decimals)
    if not leading_zero:
        if s.startswith("0."):
            s = s[1:]
        elif s.startswith("-0."):
            s = "-" + s[2:]
    return s.replace("-", "−")


def bounded(x, decimals: int = 3) -> str:
    """A statistic that cannot exceed 1 in absolute value, without the leading zero: ``.708``."""
    return num(x, decimals, leading_zero=False)


def pval(p, decimals: int = 3) -> str:
    """An APA p-value: ``< .001`` or ``.042`` (never ``.000``)."""
    if is_missing(p):
        return DASH
    p = float(p)
    floor = 10.0 ** -decimals
    if p < floor:
        return "< " + bounded(floor, decimals)
    return bounded(p, decimals)


def p_phrase(p, decimals: int = 3) -> str:
    """``p < .001`` or ``p = .042`` for running text."""
    s = pval(p, decimals)
    return f"p {s}" if s.startswith("<") else f"p = {s}"


def stars(p) -> str:
    """``***`` p < .001, ``**`` p < .01, ``*`` p < .05, else empty."""
    if is_missing(p):
        return ""
    p = float(p)
    return "***" if p < 0.001 else "**" if p < 0.01 else "*" if p < 0.05 else ""


STARS_NOTE = "* p < .05, ** p < .01, *** p < .001."


def ci(low, high, decimals: int = 3, leading_zero: bool = True) -> str:
    """A confidence interval as APA prints it: ``[0.137, 0.514]``."""
    if is_missing(low) or is_missing(high):
        return DASH
    return f"[{num(low, decimals, leading_zero)}, {num(high, decimals, leading_zero)}]"


def percent(x, decimals: int = 1) -> str:
    """A share in [0, 1] as a percentage: ``37.9%``."""
    if is_missing(x):
        return DASH
    return f"{num(100 * float(x), decimals)}%"


def integer(x) -> str:
    """A count with thousands separators: ``5,000``."""
    if is_missing(x):
        return DASH
    return f"{int(round(float(x))):,}"
