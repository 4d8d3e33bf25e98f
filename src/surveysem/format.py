"""Numbers for print, APA style (American Psychological Association, 2020, *Publication Manual*, 7th ed., §6.36).

The CSVs keep full precision; only formatted tables, figures, summaries and printed text round, and every package
rounds here (a low-level module: it imports nothing of surveysem), so that a number reads the same everywhere:

* statistics to 3 decimals (``decimals``), half away from zero as a reader rounding by hand expects;
* statistics that cannot exceed 1 in absolute value (correlations, loadings, p, alpha, R²) without the leading
  zero (APA §6.36): ``.708``, ``-.25``;
* p as ``< .001`` below .001, otherwise exact to 3 decimals (APA §6.36);
* significance stars ``* p < .05, ** p < .01, *** p < .001`` (the SmartPLS/seminr-paper habit);
* missing values as an en dash in tables (:data:`DASH`), as ``n/a`` in running text (:data:`NA_TEXT`:
  ``p = n/a``, ``t = n/a``; the formatters take ``missing=NA_TEXT``).

Running text has two registers. Printed prose (the summary, figure notes) uses the APA forms above with a true
minus sign (``num``, ``bounded``, ``p_phrase``). Plain text — the ``summary.txt`` overviews, ``summary()`` methods and
the sentences stored in CSV columns (``reason``, ``reasoning``) — uses :func:`plain` and :func:`plain_ci`: the same
rounding, an ASCII minus and a leading zero, so the files stay ASCII-friendly and machine-readable.
"""
from __future__ import annotations

import decimal
import math

import numpy as np
import pandas as pd

DASH = "–"
#: a missing value in running text and plain-text output (tables print :data:`DASH`)
NA_TEXT = "n/a"


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


def num(x, decimals: int = 3, leading_zero: bool = True, *, missing: str = DASH) -> str:
    """A number rounded for print; ``leading_zero=False`` for statistics bounded by 1 (APA).

    ``missing`` is what a missing value prints as: :data:`DASH` in tables, :data:`NA_TEXT` in running text (the
    summary's sentences), as for every formatter below.
    """
    if is_missing(x):
        return missing
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


def bounded(x, decimals: int = 3, *, missing: str = DASH) -> str:
    """A statistic that cannot exceed 1 in absolute value, without the leading zero: ``.708``."""
    return num(x, decimals, leading_zero=False, missing=missing)


def pval(p, decimals: int = 3, *, missing: str = DASH) -> str:
    """An APA p-value: ``< .001`` or ``.042`` (never ``.000``)."""
    if is_missing(p):
        return missing
    p = float(p)
    floor = 10.0 ** -decimals
    if p < floor:
        return "< " + bounded(floor, decimals)
    return bounded(p, decimals)


def p_phrase(p, decimals: int = 3) -> str:
    """``p < .001``, ``p = .042`` or ``p = n/a`` for running text."""
    if is_missing(p) or not math.isfinite(float(p)):
        return f"p = {NA_TEXT}"
    s = pval(p, decimals)
    return f"p {s}" if s.startswith("<") else f"p = {s}"


def level(x, *, missing: str = DASH) -> str:
    """A significance level or threshold as given (``.05``, ``.10``, ``.001``): at least 2 decimals, no leading zero."""
    if is_missing(x):
        return missing
    g = f"{float(x):g}"
    return bounded(float(x), max(2, len(g.split(".")[1]) if "." in g and "e" not in g else 2))


def plain(x, decimals: int = 3) -> str:
    """A number for plain text (``summary.txt``, sentences in CSVs): rounded as :func:`num`, ASCII minus, ``n/a``.

    Also serves as pandas' ``float_format`` for plain-text overviews.
    """
    if is_missing(x):
        return NA_TEXT
    x = float(x)
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return _round_half_away(x, decimals)


def plain_ci(low, high, decimals: int = 3) -> str:
    """An interval for plain text: ``[-0.071, 0.365]`` (``n/a`` for a missing bound)."""
    return f"[{plain(low, decimals)}, {plain(high, decimals)}]"


def stars(p) -> str:
    """``***`` p < .001, ``**`` p < .01, ``*`` p < .05, else empty."""
    if is_missing(p):
        return ""
    p = float(p)
    return "***" if p < 0.001 else "**" if p < 0.01 else "*" if p < 0.05 else ""


STARS_NOTE = "* p < .05, ** p < .01, *** p < .001."


def ci(low, high, decimals: int = 3, leading_zero: bool = True, *, missing: str = DASH) -> str:
    """A confidence interval as APA prints it: ``[0.137, 0.514]``."""
    if is_missing(low) or is_missing(high):
        return missing
    return f"[{num(low, decimals, leading_zero)}, {num(high, decimals, leading_zero)}]"


def percent(x, decimals: int = 1, *, missing: str = DASH) -> str:
    """A share in [0, 1] as a percentage: ``37.9%``."""
    if is_missing(x):
        return missing
    return f"{num(100 * float(x), decimals)}%"


def integer(x, *, missing: str = DASH) -> str:
    """A count with thousands separators: ``5,000``."""
    if is_missing(x):
        return missing
    return f"{int(round(float(x))):,}"


def rupiah(x, decimals: int = 0) -> str:
    """An amount in Indonesian rupiah with thousands separators: ``Rp12,345`` (``−Rp…`` below zero).

    Rounded as Python's format rounds (half to even on the binary value), as the sessions' plain-text overview
    always has, so that both print the same amount.
    """
    if is_missing(x):
        return DASH
    v = float(x)
    s = f"{abs(v):,.{decimals}f}"
    return ("−" if v < 0 else "") + "Rp" + s
