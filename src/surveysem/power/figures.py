"""The power curve of a power study (PNG 200 dpi + SVG, deterministic: :func:`surveysem.io.save_figure`).

``power_curve``: power (y, 0–1) against the sample size n (x) for every effect, one line each (solid: direct
paths, dashed: specific indirect effects), the Monte Carlo 95 % interval of each point as a vertical bar, and the
target power as a dotted horizontal line.
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..i18n import _
from ..io import save_figure


def power_figures(power: pd.DataFrame, out_dir: str | os.PathLike, target: float = 0.8) -> list[Path]:
    """Draw ``power_curve`` from a power.csv table into ``out_dir``; return the written paths."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context({"font.size": 9}):
        fig, ax = plt.subplots(figsize=(6.0, 4.2))
        for k, (effect, g) in enumerate(power.groupby("effect", sort=False)):
            g = g.sort_values("n")
            style = "-" if g["kind"].iloc[0] == "direct" else "--"
            color = f"C{k % 10}"
            ax.plot(g["n"], g["power"], style, marker="o", markersize=3, color=color, label=effect)
            ax.vlines(g["n"], g["power_ci_low"], g["power_ci_high"], color=color, linewidth=0.8, alpha=0.6)
        ax.axhline(target, color="black", linestyle=":", linewidth=0.8)
        ax.set_ylim(0, 1.02)
        ax.set_xlabel(_("Sample size n"))
        ax.set_ylabel(_("Power"))
        ax.set_title(_("Power by sample size (dotted line: target {target})", target=f"{target:g}"))
        ax.grid(True, linewidth=0.3, alpha=0.6)
        ax.legend(fontsize=7, loc="lower right")
        return save_figure(fig, out, "power_curve", tight=True)
