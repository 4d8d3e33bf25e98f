"""Figures of a sessions study (PNG 200 dpi + SVG, deterministic: fixed SVG hash salt, no dates in metadata).

* ``frequency_vs_gmv`` — sessions in the window (x) against mean GMV per session (y), both log scale, accounts
  labelled;
* ``gmv_by_account`` — GMV of every session in the window by account: box plot with the sessions as points
  (symmetric-log y so that sessions with GMV 0 stay visible);
* ``weekly_sessions`` — sessions per account per week (dot size and label = count; dashed line = window start).
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from ..i18n import _
from ..io import save_figure


def _save(fig, out: Path, name: str, written: list[Path]) -> None:
    written += save_figure(fig, out, name, tight=True)


def _rupiah(v: float, _pos=None) -> str:
    if v >= 1e9:
        return f"Rp{v / 1e9:g} M"  # miliar
    if v >= 1e6:
        return f"Rp{v / 1e6:g} jt"
    if v >= 1e3:
        return f"Rp{v / 1e3:g} rb"
    return f"Rp{v:g}"


def session_figures(metrics: pd.DataFrame, sessions_in_window: pd.DataFrame, weekly: pd.DataFrame,
                    out_dir: str | os.PathLike) -> list[Path]:
    """Draw the three figures into ``out_dir``; return the written paths."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with matplotlib.rc_context({"font.size": 9}):
        # 1. frequency vs mean GMV per session
        m = metrics[(metrics["sessions"] > 0) & (metrics["gmv_mean"] > 0)]
        fig, ax = plt.subplots(figsize=(5.5, 4.2))
        ax.scatter(m["sessions"], m["gmv_mean"], s=28, color="#08519c", zorder=3)
        for _i, r in m.iterrows():
            ax.annotate(str(r["account"]), (r["sessions"], r["gmv_mean"]), xytext=(4, 3),
                        textcoords="offset points", fontsize=7)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(_rupiah))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:g}"))
        days = int(metrics["window_days"].iloc[0]) if len(metrics) else 28
        ax.set_xlabel(_("Live sessions in {days} days (log scale)", days=days))
        ax.set_ylabel(_("Mean GMV per session (log scale)"))
        ax.set_title(_("Session frequency vs mean GMV per session"))
        ax.grid(True, which="major", linewidth=0.3, alpha=0.6)
        _save(fig, out, "frequency_vs_gmv", written)

        # 2. GMV per session by account
        order = metrics.sort_values("gmv_median", na_position="first")["account"].tolist()
        order = [a for a in order if (sessions_in_window["account"] == a).any()]
        fig, ax = plt.subplots(figsize=(max(5.5, 0.55 * len(order) + 2), 4.2))
        data = [sessions_in_window.loc[sessions_in_window["account"] == a, "gmv"].to_numpy(float) for a in order]
        if data:
            ax.boxplot(data, positions=np.arange(1, len(order) + 1), widths=0.6, showfliers=False,
                       medianprops={"color": "black"})
            jitter = np.linspace(-0.18, 0.18, 7)
            for i, v in enumerate(data, start=1):
                ax.scatter(i + jitter[np.arange(v.size) % 7], v, s=6, color="#08519c", alpha=0.6, zorder=3)
        ax.set_yscale("symlog", linthresh=1000)
        top = max([float(np.max(v)) for v in data if v.size] + [1e3])
        ax.set_yticks([0.0] + [10.0 ** k for k in range(3, int(np.ceil(np.log10(top))) + 1)])
        ax.yaxis.set_major_formatter(FuncFormatter(_rupiah))
        ax.set_xticks(np.arange(1, len(order) + 1))
        ax.set_xticklabels(order, rotation=45, ha="right")
        ax.set_ylabel(_("GMV per session (symmetric log scale)"))
        ax.set_title(_("GMV per session by account (last {days} days)", days=days))
        _save(fig, out, "gmv_by_account", written)

        # 3. weekly sessions timeline
        accounts = sorted(weekly["account"].unique())
        fig, ax = plt.subplots(figsize=(7, 0.35 * len(accounts) + 1.6))
        w = weekly[weekly["sessions"] > 0]
        ypos = {a: i for i, a in enumerate(accounts)}
        smax = max(int(w["sessions"].max()), 1) if len(w) else 1
        ax.scatter(w["week_start"], w["account"].map(ypos), s=20 + 280 * w["sessions"] / smax, color="#6baed6",
                   edgecolors="#08519c", linewidths=0.5, zorder=3)
        for _i, r in w.iterrows():
            ax.annotate(str(int(r["sessions"])), (r["week_start"], ypos[r["account"]]), ha="center", va="center",
                        fontsize=6, zorder=4)
        if len(metrics):
            ax.axvline(metrics["window_start"].min() - pd.Timedelta(hours=12), color="grey", linestyle="--",
                       linewidth=0.8)
        ax.set_yticks(range(len(accounts)))
        ax.set_yticklabels(accounts)
        ax.invert_yaxis()
        ax.set_xlabel(_("Week starting (Monday)"))
        ax.set_title(_("Live sessions per week (dashed line: start of the {days}-day window)", days=days))
        fig.autofmt_xdate()
        _save(fig, out, "weekly_sessions", written)
    return written
