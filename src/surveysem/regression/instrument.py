"""Instrument tests as SPSS theses report them: item validity ("r hitung" vs "r tabel") and reliability.

Two item-total correlations are computed for every item, because Indonesian theses use both:

* the Pearson correlation of the item with the *total* score of its variable (SPSS CORRELATIONS,
  the classic "r hitung", Sugiyono 2015, p. 125-126);
* the *corrected* item-total correlation, i.e. the correlation of the item with the total of the
  *other* items (SPSS RELIABILITY, "Corrected Item-Total Correlation").

Each is compared with the critical r of the "r table" at the chosen α, df = n − 2. The verdict column
uses the one named by ``criterion`` (default ``"corrected"``), and the table says which.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

VALIDITY_CRITERIA = ("corrected", "pearson")


def r_table(n: int, alpha: float = 0.05, tails: int = 2) -> float:
    """Critical value of Pearson's r (the "r tabel") for ``n`` cases.

    Formula: with df = n − 2 and t* = t_{1−α/tails}(df), r_crit = t* / √(df + t*²), which inverts
    t = r √df / √(1 − r²) (Sugiyono 2015, p. 184; any r table, e.g. Fisher & Yates 1963, table VII).

    Returns ``nan`` when df < 1.
    """
    df = n - 2
    if df < 1:
        return float("nan")
    t = stats.t.ppf(1 - alpha / tails, df)
    return float(t / np.sqrt(df + t * t))


def cronbach_alpha(items: pd.DataFrame) -> float:
    """Cronbach's (1951) alpha: α = k/(k − 1) · (1 − Σ s²_i / s²_total), variances with n − 1.

    ``nan`` for fewer than two items or a total score without variance.
    """
    x = np.asarray(items, dtype=float)
    k = x.shape[1]
    if k < 2:
        return float("nan")
    total_var = x.sum(axis=1).var(ddof=1)
    if not total_var > 0:
        return float("nan")
    return float(k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / total_var))


def cronbach_alpha_ci(alpha: float, n: int, k: int, level: float = 0.95) -> tuple[float, float]:
    """Feldt (1965) confidence interval for Cronbach's alpha (the interval pingouin and SPSS ICC report).

    With df1 = n − 1 and df2 = (n − 1)(k − 1): lower = 1 − (1 − α)·F_{1−γ/2}(df1, df2),
    upper = 1 − (1 − α)·F_{γ/2}(df1, df2), γ = 1 − level (Feldt, Woodruff & Salih 1987, eq. 2).
    """
    if not np.isfinite(alpha) or k < 2 or n < 2:
        return float("nan"), float("nan")
    df1, df2 = n - 1, (n - 1) * (k - 1)
    g = 1 - level
    lower = 1 - (1 - alpha) * stats.f.ppf(1 - g / 2, df1, df2)
    upper = 1 - (1 - alpha) * stats.f.ppf(g / 2, df1, df2)
    return float(lower), float(upper)


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    if a.std() == 0 or b.std() == 0:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])


def item_validity(
    items: pd.DataFrame,
    variables: Mapping[str, Sequence[str]],
    alpha: float = 0.05,
    tails: int = 2,
    criterion: str = "corrected",
) -> pd.DataFrame:
    """Item validity table (SPSS "Item-Total Statistics" plus the r-table verdict).

    Parameters
    ----------
    items : DataFrame
        Complete (listwise) numeric item answers.
    variables : mapping
        Variable name → its items (declaration order is kept).
    alpha, tails : float, int
        Significance level and tails of the r table (df = n − 2), default .05 two-tailed.
    criterion : {"corrected", "pearson"}
        Which correlation decides ``valid``.

    Returns
    -------
    DataFrame
        One row per item: ``variable, item, n, r_item_total`` (Pearson r of item with the variable's
        total), ``r_corrected`` (item with the total of the other items), ``r_table, df, alpha, tails,
        criterion, r_used, valid`` (r_used > r_table, Sugiyono 2015 p. 126: "r hitung > r tabel dan
        positif"), ``scale_mean_if_deleted, scale_variance_if_deleted, alpha_if_deleted`` (SPSS
        RELIABILITY /SUMMARY=TOTAL), ``note``.
    """
    if criterion not in VALIDITY_CRITERIA:
        raise ValueError(f"criterion must be one of {VALIDITY_CRITERIA}")
    n = len(items)
    r_crit = r_table(n, alpha, tails)
    rows = []
    for var, its in variables.items():
        x = items[list(its)].to_numpy(dtype=float)
        total = x.sum(axis=1)
        for j, item in enumerate(its):
            rest = total - x[:, j]
            note = []
            r_tot = _corr(x[:, j], total)
            if len(its) < 2:
                r_cor = float("nan")
                note.append("single-item variable: no corrected item-total correlation or alpha")
            else:
                r_cor = _corr(x[:, j], rest)
            if x[:, j].std() == 0:
                note.append("item has no variance: correlation undefined")
            used = r_cor if criterion == "corrected" else r_tot
            if len(its) < 2 and criterion == "corrected":
                valid = None  # nothing to correlate a single item with
            else:
                valid = bool(np.isfinite(used) and used > r_crit) if np.isfinite(r_crit) else None
            others = [k for k in range(len(its)) if k != j]
            rows.append({
                "variable": var, "item": item, "n": n,
                "r_item_total": r_tot, "r_corrected": r_cor,
                "r_table": r_crit, "df": n - 2, "alpha": alpha, "tails": tails,
                "criterion": criterion, "r_used": used, "valid": valid,
                "scale_mean_if_deleted": float(rest.mean()) if others else float("nan"),
                "scale_variance_if_deleted": float(rest.var(ddof=1)) if others else float("nan"),
                "alpha_if_deleted": cronbach_alpha(x[:, others]) if len(others) >= 2 else float("nan"),
                "note": "; ".join(note),
            })
    return pd.DataFrame(rows)


def reliability(
    items: pd.DataFrame,
    variables: Mapping[str, Sequence[str]],
    threshold: float = 0.60,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Cronbach's alpha per variable with its Feldt CI and the thesis verdict α > threshold.

    Returns
    -------
    DataFrame
        ``variable, n_items, n, cronbach_alpha, ci_low, ci_high, ci_level, threshold, reliable, rule, note``.
        The default threshold 0.60 follows Ghozali (2018) / Sugiyono (2015) as used in theses
        ("reliabel jika Cronbach's alpha > 0,60").
    """
    n = len(items)
    rows = []
    for var, its in variables.items():
        x = items[list(its)]
        a = cronbach_alpha(x)
        lo, hi = cronbach_alpha_ci(a, n, len(its), ci)
        note = ""
        if len(its) < 2:
            note = "single-item variable: alpha is undefined"
        elif not np.isfinite(a):
            note = "the total score has no variance: alpha is undefined"
        elif a < 0:
            note = "negative alpha: check for reverse-coded items"
        rows.append({
            "variable": var, "n_items": len(its), "n": n, "cronbach_alpha": a,
            "ci_low": lo, "ci_high": hi, "ci_level": ci, "threshold": threshold,
            "reliable": bool(a > threshold) if np.isfinite(a) else None,
            "rule": f"Cronbach's alpha > {threshold:g} (Ghozali 2018; Sugiyono 2015)", "note": note,
        })
    return pd.DataFrame(rows)
