"""Per-account performance over a window of calendar days (28 by default, as TikTok Shop / FastMoss report).

The window holds the ``window`` calendar days ending on the date of the last session: with ``anchor="data"``
(default) the last session in the whole file, so every account is judged over the same days (as an analytics export
taken on one day); with ``anchor="account"`` each account's own last session.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def window_bounds(sessions: pd.DataFrame, window: int = 28, anchor: str = "data") -> pd.DataFrame:
    """First and last calendar day of each account's window: columns ``account, window_start, window_end``."""
    last = sessions.groupby("account", sort=True)["start"].max().dt.normalize()
    if anchor == "data":
        last[:] = sessions["start"].max().normalize()
    elif anchor != "account":
        raise ValueError(f"anchor must be 'data' or 'account', not {anchor!r}")
    return pd.DataFrame({"account": last.index, "window_start": (last - pd.Timedelta(days=window - 1)).to_numpy(),
                         "window_end": last.to_numpy()})


def _summarise(g: pd.DataFrame, days: int) -> dict:
    n = len(g)
    gmv = g["gmv"].to_numpy(float)
    v_ok = g["viewers"].notna().to_numpy()
    viewers = g["viewers"].to_numpy(float)
    viewers_total = float(viewers[v_ok].sum()) if v_ok.any() else np.nan
    gmv_v = float(gmv[v_ok].sum()) if v_ok.any() else np.nan
    o_ok = g["orders"].notna().to_numpy() & v_ok
    orders_v = float(g["orders"].to_numpy(float)[o_ok].sum()) if o_ok.any() else np.nan
    viewers_o = float(viewers[o_ok].sum()) if o_ok.any() else np.nan
    return {
        "sessions": n,
        "sessions_per_week": n / (days / 7.0),
        "gmv_total": float(gmv.sum()) if n else 0.0,
        "gmv_mean": float(gmv.mean()) if n else np.nan,
        "gmv_median": float(np.median(gmv)) if n else np.nan,
        "gmv_sd": float(gmv.std(ddof=1)) if n > 1 else np.nan,
        "viewers_total": viewers_total,
        "viewers_mean": float(viewers[v_ok].mean()) if v_ok.any() else np.nan,
        "gmv_per_viewer": gmv_v / viewers_total if v_ok.any() and viewers_total > 0 else np.nan,
        "orders_total": float(g["orders"].sum(min_count=1)) if n else np.nan,
        "orders_per_1000_viewers": 1000 * orders_v / viewers_o if o_ok.any() and viewers_o > 0 else np.nan,
        "items_sold_total": float(g["items_sold"].sum(min_count=1)) if n else np.nan,
        "duration_min_mean": float(g["duration_min"].mean()) if n else np.nan,
        "peak_viewers_max": float(g["peak_viewers"].max()) if n else np.nan,
        "first_session": g["start"].min() if n else pd.NaT,
        "last_session": g["start"].max() if n else pd.NaT,
    }


def account_metrics(sessions: pd.DataFrame, window: int = 28, anchor: str = "data") -> pd.DataFrame:
    """One row per account: activity and sales over the window.

    Columns: ``account, window_start, window_end, window_days, sessions, sessions_per_week, gmv_total, gmv_mean``
    (GMV per session), ``gmv_median, gmv_sd, viewers_total, viewers_mean`` (viewers per session),
    ``gmv_per_viewer, orders_total, orders_per_1000_viewers, items_sold_total, duration_min_mean,
    peak_viewers_max, first_session, last_session, sessions_outside_window, note``.

    Ratios are ratios of sums over the window's sessions that report the denominator (not means of per-session
    ratios, which one small session would dominate):

    .. math::
        \\text{GMV per viewer} = \\frac{\\sum_s \\text{gmv}_s}{\\sum_s \\text{viewers}_s},\\qquad
        \\text{orders per 1,000 viewers} = 1000\\,\\frac{\\sum_s \\text{orders}_s}{\\sum_s \\text{viewers}_s}.

    ``gmv_sd`` uses n − 1.
    """
    bounds = window_bounds(sessions, window, anchor)
    rows = []
    for _, b in bounds.iterrows():
        g_all = sessions[sessions["account"] == b["account"]]
        day = g_all["start"].dt.normalize()
        g = g_all[(day >= b["window_start"]) & (day <= b["window_end"])]
        r = {"account": b["account"], "window_start": b["window_start"], "window_end": b["window_end"],
             "window_days": window, **_summarise(g, window),
             "sessions_outside_window": int(len(g_all) - len(g))}
        notes = []
        if len(g) == 0:
            notes.append("no session in the window: left out of the correlations and the regression")
        elif len(g) < 3:
            notes.append(f"only {len(g)} session(s) in the window: its mean GMV per session is unstable")
        if len(g) and g["viewers"].isna().any():
            notes.append(f"viewers missing for {int(g['viewers'].isna().sum())} session(s): left out of the ratios")
        first_day = g_all["start"].min().normalize()
        if first_day > b["window_start"]:
            notes.append(f"records start on {first_day.date()}, after the window opens: sessions may be missing")
        r["note"] = "; ".join(notes)
        rows.append(r)
    return pd.DataFrame(rows)


def rolling_metrics(sessions: pd.DataFrame, window: int = 28, step: int = 7) -> pd.DataFrame:
    """Trailing windows of ``window`` days ending every ``step`` days, per account.

    Window ends run backwards from the last session date in the file in steps of ``step`` days, keeping the ends
    whose whole window lies within the records (first session date onwards). Columns as
    :func:`account_metrics` without the window/anchor columns, plus ``window_start, window_end``.
    """
    first = sessions["start"].min().normalize()
    last = sessions["start"].max().normalize()
    ends = []
    e = last
    while e - pd.Timedelta(days=window - 1) >= first:
        ends.append(e)
        e = e - pd.Timedelta(days=step)
    if not ends:
        ends = [last]
    rows = []
    day = sessions["start"].dt.normalize()
    for e in sorted(ends):
        s = e - pd.Timedelta(days=window - 1)
        inwin = sessions[(day >= s) & (day <= e)]
        for acc in sorted(sessions["account"].unique()):
            g = inwin[inwin["account"] == acc]
            r = _summarise(g, window)
            rows.append({"account": acc, "window_start": s, "window_end": e, "window_days": window,
                         **{k: r[k] for k in ("sessions", "sessions_per_week", "gmv_total", "gmv_mean", "gmv_median",
                                              "viewers_mean", "gmv_per_viewer", "orders_per_1000_viewers")}})
    return pd.DataFrame(rows)


def weekly_sessions(sessions: pd.DataFrame) -> pd.DataFrame:
    """Sessions and GMV per account per ISO week (weeks start on Monday): ``account, week_start, sessions,
    gmv_total``; every week of the file appears for every account (0 when it had no session)."""
    d = sessions.assign(week_start=(sessions["start"].dt.normalize()
                                    - pd.to_timedelta(sessions["start"].dt.day_of_week, unit="D")))
    weeks = pd.date_range(d["week_start"].min(), d["week_start"].max(), freq="7D")
    g = d.groupby(["account", "week_start"]).agg(sessions=("gmv", "size"), gmv_total=("gmv", "sum"))
    full = pd.MultiIndex.from_product([sorted(d["account"].unique()), weeks], names=["account", "week_start"])
    g = g.reindex(full, fill_value=0).reset_index()
    g["sessions"] = g["sessions"].astype(int)
    return g
