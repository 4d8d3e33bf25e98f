"""Comparison helpers for the tests pinned to outside reference files (R seminr, cSEM, lavaan, R regression).

Every comparison goes through :func:`assert_close`: both sides are pandas Series on the same index (a construct, an
(indicator, construct) pair, ...), the index sets must be equal (nothing missing on either side) and the largest
absolute difference must not exceed the tolerance. Each comparison is recorded in :data:`MEASURED`, so that
``pytest tests/reference --reference-diffs`` prints the measured maxima next to their tolerances (the numbers in
``tests/reference/README.md`` come from that table).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

MEASURED: list[dict] = []

# lavaan fitMeasures name -> surveysem's CB-SEM fit.csv index (same convention: lavaan's, N in RMSEA, chi2 = N*F)
LAVAAN_FIT_NAMES = {"chisq": "chisq", "df": "df", "pvalue": "pvalue", "cfi": "cfi", "tli": "tli", "nfi": "nfi",
                    "rmsea": "rmsea", "rmsea.ci.lower": "rmsea_ci_lower", "rmsea.ci.upper": "rmsea_ci_upper",
                    "srmr": "srmr", "aic": "aic", "bic": "bic", "logl": "loglik", "npar": "npar"}


def matrix_series(matrix: dict, nonzero: bool = False) -> pd.Series:
    """``{row: {col: value}}`` (the JSON layout of R matrices; ``null`` = NA) as a Series on (row, col), NA dropped.

    ``nonzero`` also drops exact zeros (seminr fills absent paths, loadings and effects with 0).
    """
    s = pd.Series({(r, c): v for r, row in matrix.items() for c, v in row.items() if v is not None}, dtype=float)
    return s[s != 0] if nonzero else s


def lower_triangle_series(matrix: dict) -> pd.Series:
    """A symmetric measure stored as one triangle (seminr's HTMT, Fornell-Larcker correlations) keyed by the
    unordered pair ``frozenset({a, b})``; the diagonal is keyed ``frozenset({a})``. Independent of construct order."""
    out = {}
    for r, row in matrix.items():
        for c, v in row.items():
            if v is not None:
                out[frozenset((r, c))] = v
    return pd.Series(out, dtype=float)


def assert_close(ours: pd.Series, theirs: pd.Series, tol: float, what: str, relative: bool = False,
                 proportional: bool = False) -> float:
    """Assert that ``ours`` and ``theirs`` cover the same keys and differ by at most ``tol``; return the max diff.

    ``relative``: the difference is divided by ``max(1, |reference|)`` (for statistics such as χ², t or F whose
    size, not the number of digits R printed, sets the error). ``proportional``: divided by ``|reference|`` (for
    standard errors and p-values, whose error scales with them).
    """
    ours = pd.Series(ours, dtype=float)
    theirs = pd.Series(theirs, dtype=float)
    missing, extra = set(theirs.index) - set(ours.index), set(ours.index) - set(theirs.index)
    assert not missing and not extra, f"{what}: keys differ; missing here {sorted(map(str, missing))}, " \
                                      f"not in the reference {sorted(map(str, extra))}"
    ours = ours.loc[theirs.index]
    diff = (ours - theirs).abs()
    if relative:
        diff = diff / np.maximum(1.0, theirs.abs())
    elif proportional:
        diff = diff / theirs.abs()
    assert not diff.isna().any(), f"{what}: NaN at {list(diff.index[diff.isna()])}"
    worst = float(diff.max()) if len(diff) else 0.0
    where = diff.idxmax() if len(diff) else None
    MEASURED.append({"what": what, "n": len(diff), "max_diff": worst, "tol": tol,
                     "relative": " (rel.)" if relative else (" (prop.)" if proportional else ""),
                     "where": _plain(where)})
    assert worst <= tol, f"{what}: max |difference| {worst:.3g} at {where} exceeds {tol:.3g} " \
                         f"(ours {ours[where]!r}, reference {theirs[where]!r})"
    return worst


def assert_scalar(ours: float, theirs: float, tol: float, what: str, relative: bool = False,
                  proportional: bool = False) -> float:
    """:func:`assert_close` for one number."""
    return assert_close(pd.Series({what: ours}), pd.Series({what: theirs}), tol, what, relative, proportional)


def _plain(key) -> str:
    """A Series key as text without numpy scalar reprs (``(63, 'trust1')``, not ``(np.int64(63), 'trust1')``)."""
    if isinstance(key, tuple):
        return "(" + ", ".join(_plain(k) for k in key) + ")"
    if isinstance(key, frozenset):
        return "{" + ", ".join(sorted(map(str, key))) + "}"
    return str(key.item() if isinstance(key, np.generic) else key)


def measured_table() -> str:
    """The recorded comparisons, largest difference per comparison name, as aligned text."""
    if not MEASURED:
        return "no reference comparison ran"
    df = pd.DataFrame(MEASURED)
    df = df.loc[df.groupby("what")["max_diff"].idxmax()].sort_values("what")
    w = max(len(x) for x in df["what"])
    lines = [f"{'comparison':<{w}}  {'n':>5}  {'max |diff|':>10}  {'tolerance':>9}  where"]
    for r in df.itertuples(index=False):
        lines.append(f"{r.what:<{w}}  {r.n:>5}  {r.max_diff:>10.1e}  {r.tol:>9.0e}  {r.where}{r.relative}")
    return "\n".join(lines)


def assumption_row(result, test: str, predictor: str = "") -> pd.Series:
    """The one row of a regression study's ``assumptions`` table for ``test`` (and ``predictor``)."""
    a = result.assumptions
    row = a[(a["test"] == test) & (a["predictor"] == predictor)]
    assert len(row) == 1, (test, predictor)
    return row.iloc[0]
