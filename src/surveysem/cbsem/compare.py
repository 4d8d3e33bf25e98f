"""PLS-SEM beside CB-SEM: paths and loadings side by side, and a figure of both.

The PLS side comes from ``surveysem pls --out DIR`` tables (``paths.csv``:
``from,to,estimate,boot_mean,se,t,p,ci_low,ci_high,bca_low,bca_high``; ``loadings.csv``:
``construct,indicator,estimate,...``), the CB-SEM side from :class:`~surveysem.cbsem.fit.CBSEMResult`
(lavaan ``std.all`` estimates with delta-method Wald CIs).

Significance rule (stated in every table): PLS — the bootstrap CI (percentile by default, as
Hair et al. 2022, ch. 5 recommend; BCa on request) excludes 0, or, if the CI is missing, p < α;
CB-SEM — the Wald CI of the standardized estimate, std ± z_{1−α/2}·SE, excludes 0 (equivalently
p < α for the standardized estimate).

References
----------
Hair, J. F., Hult, G. T. M., Ringle, C. M., & Sarstedt, M. (2022). *A Primer on Partial Least Squares
Structural Equation Modeling (PLS-SEM)* (3rd ed.). Sage.
Dijkstra, T. K., & Henseler, J. (2015). Consistent partial least squares path modeling. *MIS Quarterly*, 39(2), 297–316.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from ..i18n import _
from ..io import save_figure as _save_figure
from .fit import CBSEMResult

COMPARISON_COLUMNS = ["kind", "from", "to", "pls_estimate", "pls_ci_low", "pls_ci_high", "pls_p",
                      "pls_significant", "cb_std", "cb_ci_low", "cb_ci_high", "cb_p", "cb_significant",
                      "difference", "sign_differs", "significance_differs", "rule", "note"]


def _require(df: pd.DataFrame, cols: list[str], what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        src = df.attrs.get("source", f"the PLS {what} table")
        raise DataError(f"column {missing[0]!r} is missing from the PLS {what} table", where=src,
                        fix=f"Use the {what}.csv written by 'surveysem pls --out DIR' "
                            f"(columns {', '.join(cols)}, ...)")


def compare_with_pls(cb: CBSEMResult, pls_paths: pd.DataFrame, pls_loadings: pd.DataFrame | None = None,
                     alpha: float = 0.05, pls_ci: str = "percentile") -> pd.DataFrame:
    """Side-by-side PLS and CB-SEM paths (and loadings), flagging sign and significance differences.

    Parameters
    ----------
    cb : CBSEMResult
        A ``kind="sem"`` fit (for paths; a CFA has loadings only).
    pls_paths : DataFrame
        ``from, to, estimate`` and ``ci_low, ci_high`` (or ``bca_low, bca_high``) and/or ``p``.
    pls_loadings : DataFrame, optional
        ``construct, indicator, estimate`` and the same CI/p columns.
    alpha : float
        Significance level for both sides (two-sided).
    pls_ci : {"percentile", "bca"}
        Which bootstrap CI of the PLS table decides significance.

    Returns
    -------
    DataFrame
        Columns ``kind`` (``"path"``/``"loading"``), ``from, to`` (a loading: ``from`` = construct,
        ``to`` = indicator), ``pls_estimate, pls_ci_low, pls_ci_high, pls_p, pls_significant, cb_std,
        cb_ci_low, cb_ci_high, cb_p, cb_significant, difference`` (= cb_std − pls_estimate),
        ``sign_differs, significance_differs, rule, note``. Rows present on one side only have
        ``NaN`` for the other side and a note.
    """
    lo, hi = ("ci_low", "ci_high") if pls_ci == "percentile" else ("bca_low", "bca_high")
    _require(pls_paths, ["from", "to", "estimate"], "paths")
    parts = [_side_by_side("path", pls_paths.rename(columns={"from": "_a", "to": "_b"}),
                           cb.paths.rename(columns={"from": "_a", "to": "_b"}) if not cb.skipped else None,
                           lo, hi, alpha, cb)]
    if pls_loadings is not None:
        _require(pls_loadings, ["construct", "indicator", "estimate"], "loadings")
        parts.append(_side_by_side("loading", pls_loadings.rename(columns={"construct": "_a", "indicator": "_b"}),
                                   cb.loadings.rename(columns={"construct": "_a", "indicator": "_b"})
                                   if not cb.skipped else None, lo, hi, alpha, cb))
    out = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else \
        pd.DataFrame(columns=COMPARISON_COLUMNS)
    return out[COMPARISON_COLUMNS]


def _side_by_side(kind: str, pls: pd.DataFrame, cbt: pd.DataFrame | None, lo: str, hi: str, alpha: float,
                  cb: CBSEMResult) -> pd.DataFrame:
    pls = pls.copy()
    for c in (lo, hi, "p"):
        if c not in pls.columns:
            pls[c] = np.nan
    left = pd.DataFrame({"_a": pls["_a"].astype(str), "_b": pls["_b"].astype(str),
                         "pls_estimate": pd.to_numeric(pls["estimate"], errors="coerce"),
                         "pls_ci_low": pd.to_numeric(pls[lo], errors="coerce"),
                         "pls_ci_high": pd.to_numeric(pls[hi], errors="coerce"),
                         "pls_p": pd.to_numeric(pls["p"], errors="coerce")})
    if cbt is None or not len(cbt):
        right = pd.DataFrame(columns=["_a", "_b", "cb_std", "cb_ci_low", "cb_ci_high", "cb_p"])
    else:
        right = pd.DataFrame({"_a": cbt["_a"], "_b": cbt["_b"], "cb_std": cbt["std"], "cb_ci_low": cbt["std_ci_low"],
                              "cb_ci_high": cbt["std_ci_high"], "cb_p": cbt["std_p"]})
    left["_order"] = np.arange(len(left), dtype=float)
    right = right.assign(_order_r=np.arange(len(right), dtype=float) + len(left))
    m = left.merge(right, on=["_a", "_b"], how="outer", sort=False, indicator=True)
    # PLS order first, then rows only the CB-SEM has, in its order
    m = m.assign(_key=m["_order"].fillna(m["_order_r"])).sort_values("_key", kind="stable").reset_index(drop=True)
    ci_known = m["pls_ci_low"].notna() & m["pls_ci_high"].notna()
    pls_sig = np.where(ci_known, (m["pls_ci_low"] > 0) | (m["pls_ci_high"] < 0), m["pls_p"] < alpha)
    pls_sig = pd.Series(pls_sig, dtype="boolean").mask(~ci_known & m["pls_p"].isna())
    cb_known = m["cb_ci_low"].notna() & m["cb_ci_high"].notna()
    cb_sig = pd.Series(((m["cb_ci_low"] > 0) | (m["cb_ci_high"] < 0)).to_numpy(), dtype="boolean").mask(~cb_known)
    both = m["pls_estimate"].notna() & m["cb_std"].notna()
    sign = pd.Series((np.sign(m["pls_estimate"]) != np.sign(m["cb_std"])).to_numpy(), dtype="boolean").mask(~both)
    sig_diff = pd.Series((pls_sig != cb_sig).to_numpy(dtype=object), dtype="boolean").mask(pls_sig.isna() | cb_sig.isna())
    notes = []
    improper = {}
    if not cb.skipped:
        wt = cb.warning_table
        for r in wt.itertuples(index=False):
            if r.kind in ("standardized_path_outside_1", "heywood_loading_above_1"):
                improper[r.where] = r.message
    for r in m.to_dict("records"):
        n = []
        if r["_merge"] == "left_only":
            n.append("CB-SEM skipped (composite constructs)" if cb.skipped else "not in the CB-SEM model")
        elif r["_merge"] == "right_only":
            n.append("not in the PLS table")
        key = f"{r['_b']} ~ {r['_a']}" if kind == "path" else f"{r['_a']} =~ {r['_b']}"
        if key in improper:
            n.append("CB-SEM estimate outside [-1, 1]: improper, do not interpret")
        notes.append("; ".join(n))
    ci_name = "percentile" if lo == "ci_low" else "BCa"
    rule = (f"PLS: bootstrap {ci_name} {1 - alpha:.0%} CI excludes 0 (else p < {alpha:g}); "
            f"CB-SEM: Wald {1 - alpha:.0%} CI of std.all excludes 0")
    return pd.DataFrame({
        "kind": kind, "from": m["_a"], "to": m["_b"],
        "pls_estimate": m["pls_estimate"], "pls_ci_low": m["pls_ci_low"], "pls_ci_high": m["pls_ci_high"],
        "pls_p": m["pls_p"], "pls_significant": pls_sig, "cb_std": m["cb_std"].astype(float),
        "cb_ci_low": m["cb_ci_low"].astype(float), "cb_ci_high": m["cb_ci_high"].astype(float),
        "cb_p": m["cb_p"].astype(float), "cb_significant": cb_sig,
        "difference": m["cb_std"].astype(float) - m["pls_estimate"], "sign_differs": sign,
        "significance_differs": sig_diff, "rule": rule, "note": notes,
    })


def read_pls_tables(pls_dir: str | os.PathLike) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Read ``paths.csv`` (required) and ``loadings.csv`` (optional) from a ``surveysem pls --out`` folder."""
    d = Path(pls_dir)
    if not d.is_dir():
        raise DataError(f"PLS results folder {str(d)!r} does not exist", where="--pls-dir",
                        fix="Run 'surveysem pls --out DIR' first, or leave out --pls-dir")
    p = d / "paths.csv"
    if not p.exists():
        raise DataError(f"{str(p)!r} does not exist", where="--pls-dir",
                        fix="Point --pls-dir at the folder 'surveysem pls --out' wrote")
    paths = pd.read_csv(p)
    paths.attrs["source"] = str(p)
    lp = d / "loadings.csv"
    loadings = None
    if lp.exists():
        loadings = pd.read_csv(lp)
        loadings.attrs["source"] = str(lp)
    return paths, loadings


def comparison_figure(comparison: pd.DataFrame, title: str | None = None):
    """Dot-and-whisker figure: PLS estimate with bootstrap CI beside the CB-SEM std.all with Wald CI.

    One panel for paths and, if present, one for loadings; rows whose sign or significance differs
    are marked with ``!`` in the label. Returns a matplotlib ``Figure``.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    kinds = [k for k in ("path", "loading") if (comparison["kind"] == k).any()]
    if not kinds:
        kinds = ["path"]
    heights = [max(1, int((comparison["kind"] == k).sum())) for k in kinds]
    fig, axes = plt.subplots(len(kinds), 1, figsize=(7.5, 1.2 + 0.32 * sum(heights) + 0.6 * len(kinds)),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    for ax, kind in zip(axes[:, 0], kinds):
        t = comparison[comparison["kind"] == kind].reset_index(drop=True)
        arrow = " \u2192 "
        labels = []
        for r in t.to_dict("records"):
            flag = bool(r["sign_differs"] is True or r["significance_differs"] is True)
            labels.append(("! " if flag else "") + f"{r['from']}{arrow}{r['to']}")
        y = np.arange(len(t))[::-1].astype(float)
        for off, est, lo, hi, lab, marker in (
            (0.15, t["pls_estimate"], t["pls_ci_low"], t["pls_ci_high"], _("PLS-SEM (bootstrap CI)"), "o"),
            (-0.15, t["cb_std"], t["cb_ci_low"], t["cb_ci_high"], _("CB-SEM std.all (Wald CI)"), "s"),
        ):
            est = est.astype(float).to_numpy()
            lo_, hi_ = lo.astype(float).to_numpy(), hi.astype(float).to_numpy()
            err = np.vstack([np.where(np.isfinite(lo_), est - lo_, 0), np.where(np.isfinite(hi_), hi_ - est, 0)])
            ax.errorbar(est, y + off, xerr=np.abs(err), fmt=marker, ms=5, capsize=2, lw=1, label=lab)
        ax.axvline(0, color="0.5", lw=0.8)
        for lim in (-1, 1):
            ax.axvline(lim, color="0.8", lw=0.6, ls="--")
        ax.set_yticks(y)
        ax.set_yticklabels(labels, fontsize=8)
        ax.set_title(_("Structural paths" if kind == "path" else "Outer loadings"), fontsize=10)
        ax.set_xlabel(_("standardized estimate"))
        ax.legend(fontsize=7, loc="best")
    fig.suptitle(title or _("PLS-SEM vs CB-SEM (! = sign or significance differs)"), fontsize=10)
    fig.tight_layout()
    return fig


def save_figure(fig, out_dir: str | os.PathLike, stem: str = "comparison") -> list[Path]:
    """Write ``stem.png`` (200 dpi) and ``stem.svg`` into ``out_dir``; close the figure (:func:`surveysem.io.save_figure`)."""
    return _save_figure(fig, out_dir, stem)
