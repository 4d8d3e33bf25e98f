"""The live-commerce sessions study: from session records to every table and figure.

``run_sessions_study(data, window=28, seed=...)``: read and check the records → per-account metrics over the
window → rank correlations of frequency with GMV (bootstrap CIs, accounts resampled) → log–log OLS with HC3
errors → the hypothesis "more live sessions ≠ more sales" with its verdict.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ConfigError, DataError
from ..format import p_phrase, plain, plain_ci, rupiah
from ..results import StudyTables, write_atomically, write_study_folder
from ..stats import blas_pinned
from .figures import session_figures
from .metrics import account_metrics, rolling_metrics, weekly_sessions
from .read import read_sessions
from .stats import frequency_hypothesis, ols_hc3, rank_correlations

#: CSV file stem → table attribute, in the order they are written
TABLES = {
    "sessions": "sessions",
    "accounts": "accounts",
    "correlations": "correlations",
    "regression": "regression",
    "regression_fit": "regression_fit",
    "hypotheses": "hypotheses",
    "weekly_sessions": "weekly",
    "rolling": "rolling",
}


@dataclass
class SessionsResult(StudyTables):
    """All tables of a sessions study (tidy DataFrames) plus ``warnings`` and ``meta``.

    Attributes
    ----------
    sessions : every parsed session with ``in_window`` (bool) and the file ``row``
    accounts : per-account metrics (:func:`surveysem.sessions.metrics.account_metrics`)
    correlations : Spearman and Kendall of sessions with mean and total GMV (:func:`~.stats.rank_correlations`)
    regression, regression_fit : log–log OLS with HC3 errors (:func:`~.stats.ols_hc3`)
    hypotheses : the claim and its verdict (:func:`~.stats.frequency_hypothesis`)
    weekly : sessions and GMV per account per week
    rolling : trailing windows (only with ``rolling=True``)

    ``tables()`` gives every table present by file stem (``weekly`` is written as ``weekly_sessions.csv``).
    """

    TABLES = TABLES

    sessions: pd.DataFrame
    accounts: pd.DataFrame
    correlations: pd.DataFrame
    regression: pd.DataFrame
    regression_fit: pd.DataFrame
    hypotheses: pd.DataFrame
    weekly: pd.DataFrame
    rolling: pd.DataFrame | None = None
    warnings: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def summary(self) -> str:
        """Plain-text overview (3 decimals, p in APA style)."""
        m = self.meta
        a = self.accounts
        out = [f"Live sessions: {m['n_sessions']} sessions of {m['n_accounts']} accounts; window {m['window']} days "
               f"ending {m['window_end']} (anchor: {m['anchor']}); {m['n_in_window']} sessions in the window"]
        for _, r in a.sort_values("sessions", ascending=False).iterrows():
            out.append(f"  {r['account']}: {int(r['sessions'])} sessions, mean GMV/session {rupiah(r['gmv_mean'])}, "
                       f"median {rupiah(r['gmv_median'])}, viewers/session {r['viewers_mean']:,.1f}, "
                       f"GMV/viewer {rupiah(r['gmv_per_viewer'], 1)}, orders/1,000 viewers "
                       f"{plain(r['orders_per_1000_viewers'])}")
        for _, r in self.correlations.iterrows():
            out.append(f"{r['method'].capitalize()} {r['x']} ~ {r['y']}: {plain(r['estimate'])}, {p_phrase(r['p'])}, "
                       f"{int(round(100 * r['ci_level']))}% CI {plain_ci(r['ci_low'], r['ci_high'])} (n = {r['n']})")
        f = self.regression_fit.iloc[0]
        out.append(f"Log-log OLS {f['dependent']} ~ {f['predictors']} (HC3, n = {int(f['n'])}, R2 = {plain(f['r2'])}):")
        for _, r in self.regression.iterrows():
            out.append(f"  {r['term']}: b = {plain(r['b'])}, SE = {plain(r['se_hc3'])}, {p_phrase(r['p'])}")
        for _, h in self.hypotheses.iterrows():
            out.append(f"{h['hypothesis']} ({h['verdict']}): {h['reason']}")
        if self.warnings:
            out.append("Warnings:")
            out.extend(f"  - {w}" for w in self.warnings)
        return "\n".join(out)

    def write(self, out: str | os.PathLike, *, figures: bool = True, inputs=()) -> list[Path]:
        """Write every table as CSV (full precision), the figures, ``summary.txt`` and ``run.json`` into folder
        ``out``, atomically; return the paths.

        ``inputs`` (the files read) may not lie inside ``out`` (:func:`surveysem.io.check_output_dir`).
        """
        def draw(folder: Path) -> list[Path]:
            win = self.sessions[self.sessions["in_window"]]
            return session_figures(self.accounts, win, self.weekly, folder / "figures")

        return write_atomically(out, lambda folder: write_study_folder(
            folder, self.tables(), meta=self.meta, inputs={"data": self.meta.get("source")}, warnings=self.warnings,
            figures=draw if figures else None, summary=self.summary()), made_by="surveysem sessions", inputs=inputs)


def loglog_regression(accounts: pd.DataFrame):
    """log(mean GMV per session) ~ log(sessions) + log(viewers per session), HC3 errors (natural logs).

    The slopes are elasticities: % change in mean GMV per session for 1% more sessions (viewers fixed) and for
    1% more viewers per session. Accounts with no session, GMV 0 or no viewers are left out (log undefined), with a
    note; without any viewers the model has ``log_sessions`` only.
    """
    d = accounts[(accounts["sessions"] > 0)].copy()
    notes = []
    use_viewers = d["viewers_mean"].notna().any()
    keep = d["gmv_mean"] > 0
    if use_viewers:
        keep &= d["viewers_mean"] > 0
    dropped = d.loc[~keep, "account"].tolist()
    if dropped:
        notes.append(f"left out (log of 0 or missing): {', '.join(map(str, dropped))}")
    if not use_viewers:
        notes.append("no viewers in the data: log_viewers_mean is not in the model")
    d = d[keep]
    names = ["const", "log_sessions"] + (["log_viewers_mean"] if use_viewers else [])
    X = np.column_stack([np.ones(len(d)), np.log(d["sessions"].to_numpy(float))]
                        + ([np.log(d["viewers_mean"].to_numpy(float))] if use_viewers else []))
    if len(d) <= len(names):
        coefs = pd.DataFrame({"term": names, "b": np.nan, "se_hc3": np.nan, "t": np.nan, "p": np.nan,
                              "ci_low": np.nan, "ci_high": np.nan})
        fit = pd.DataFrame([{"dependent": "log_gmv_mean", "predictors": " + ".join(names[1:]), "n": len(d),
                             "k": len(names), "df_resid": len(d) - len(names), "r2": np.nan, "adj_r2": np.nan,
                             "se_type": "HC3", "note": "; ".join(notes + ["too few accounts for the regression"])}])
        return coefs, fit
    if np.ptp(X[:, 1]) == 0:
        notes.append("every account has the same number of sessions: the frequency slope is not identified")
    res = ols_hc3(np.log(d["gmv_mean"].to_numpy(float)), X, names, dependent="log_gmv_mean")
    fit = res.fit.copy()
    fit["note"] = "; ".join([n for n in [fit["note"].iloc[0], *notes] if n])
    return res.coefficients, fit


@blas_pinned
def run_sessions_study(
    data: pd.DataFrame | str | os.PathLike,
    *,
    columns: Mapping[str, str] | None = None,
    window: int = 28,
    anchor: str = "data",
    rolling: bool = False,
    step: int = 7,
    boot: int = 2000,
    seed: int | None = None,
    level: float = 0.95,
    decimal: str | None = None,
) -> SessionsResult:
    """Run the sessions study.

    Parameters
    ----------
    data : DataFrame or path
        One row per live session (see :mod:`surveysem.sessions.read`).
    columns : mapping, optional
        Canonical column → the file's column (``{"account": "akun", "gmv": "omzet"}``).
    window : int
        Window length in calendar days (28, as TikTok Shop / FastMoss "last 28 days").
    anchor : {"data", "account"}
        The window ends on the last session date of the whole file (same days for every account) or of each account.
    rolling : bool
        Also compute trailing ``window``-day metrics every ``step`` days (table ``rolling``).
    boot : int
        Bootstrap resamples of accounts for the correlation CIs (0 = none).
    seed : int
        Bootstrap seed (required when ``boot > 0``).
    level : float
        Confidence level of the intervals.
    decimal : {",", "."}, optional
        Decimal mark for ambiguous numbers (default: inferred per column, Indonesian style if undecided).

    Returns
    -------
    SessionsResult
    """
    if not isinstance(window, (int, np.integer)) or window < 1:
        raise ConfigError(f"window must be a whole number of days >= 1, got {window!r}", fix="Use e.g. --window 28")
    if anchor not in ("data", "account"):
        raise ConfigError(f"anchor {anchor!r} is not supported", fix="Use --anchor data or --anchor account")
    if boot < 0:
        raise ConfigError(f"boot must be >= 0, got {boot}", fix="Use e.g. --boot 2000")
    if boot and seed is None:
        raise ConfigError("the bootstrap needs a seed", fix="Give --seed (any whole number) or --boot 0")
    if not 0 < level < 1:
        raise ConfigError(f"level must be between 0 and 1, got {level}", fix="Use e.g. 0.95")
    sessions, warnings = read_sessions(data, columns=columns, decimal=decimal)
    source = sessions.attrs.get("source", "data")
    accounts = account_metrics(sessions, window=window, anchor=anchor)
    day = sessions["start"].dt.normalize()
    b = accounts.set_index("account")
    sessions["in_window"] = ((day >= sessions["account"].map(b["window_start"]))
                             & (day <= sessions["account"].map(b["window_end"]))).to_numpy()
    active = accounts[accounts["sessions"] > 0]
    if len(active) < 3:
        raise DataError(f"only {len(active)} account(s) have sessions in the {window}-day window; the cross-account "
                        f"analysis needs at least 3", where=source,
                        fix="Add accounts, or widen the window with --window")
    for _, r in accounts.iterrows():
        if r["note"]:
            warnings.append(f"account {r['account']}: {r['note']}")
    corr = rank_correlations(active, "sessions", ["gmv_mean", "gmv_total"], boot=boot, seed=seed, level=level)
    corr.loc[corr["y"] == "gmv_total", "note"] = corr.loc[corr["y"] == "gmv_total", "note"].map(
        lambda s: "; ".join(x for x in [s, "total GMV = sessions x mean GMV, so it rises with frequency by "
                                           "construction unless GMV per session falls"] if x))
    for _, r in corr.iterrows():
        if r["note"] and "n = " in r["note"] and r["method"] == "spearman" and r["y"] == "gmv_mean":
            warnings.append(f"correlations: {r['note']}")
    coefs, fit = loglog_regression(active)
    if fit["note"].iloc[0]:
        warnings.append(f"regression: {fit['note'].iloc[0]}")
    hyp = frequency_hypothesis(corr, coefs)
    roll = rolling_metrics(sessions, window=window, step=step) if rolling else None
    meta = {
        "study": "sessions", "source": str(source), "n_sessions": int(len(sessions)),
        "n_accounts": int(accounts.shape[0]), "n_in_window": int(sessions["in_window"].sum()),
        "window": int(window), "anchor": anchor, "window_end": str(accounts["window_end"].max().date()),
        "options": {"window": int(window), "anchor": anchor, "rolling": bool(rolling), "step": int(step),
                    "boot": int(boot), "seed": seed, "level": level, "decimal": decimal,
                    "columns": dict(columns or {})},
    }
    return SessionsResult(sessions=sessions, accounts=accounts, correlations=corr, regression=coefs,
                          regression_fit=fit, hypotheses=hyp, weekly=weekly_sessions(sessions), rolling=roll,
                          warnings=warnings, meta=meta)
