"""The three SPSS regression charts, drawn from :func:`surveysem.regression.assumptions.residual_chart_data`.

* histogram of the standardized residuals with the N(0, 1) density ("Histogram", SPSS REGRESSION
  /RESIDUALS HISTOGRAM(ZRESID));
* normal P-P plot of the standardized residuals (observed cumulative probability i/n against the
  expected Φ(z_(i)), with the diagonal; /RESIDUALS NORMPROB(ZRESID));
* scatter of the regression studentized residual (*SRESID) against the standardized predicted value
  (*ZPRED) (/SCATTERPLOT=(*SRESID, *ZPRED)).

Each chart is written as PNG (200 dpi) and SVG (deterministic: fixed hash salt, no date metadata).
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from ..i18n import _
from ..io import save_figure


def residual_charts(residuals: pd.DataFrame, out_dir: str | os.PathLike) -> list[Path]:
    """Draw the three charts for every dependent variable; return the written paths.

    File names: ``<dependent>_histogram``, ``<dependent>_pp_plot``, ``<dependent>_scatter``, each ``.png``
    and ``.svg``.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with matplotlib.rc_context({"font.size": 9}):
        for dep, d in residuals.groupby("dependent", sort=False):
            charts = {}
            fig, ax = plt.subplots(figsize=(4.5, 3.5))
            z = d["zresid"].to_numpy()
            ax.hist(z, bins="auto", density=True, color="#9ecae1", edgecolor="black", linewidth=0.5)
            grid = np.linspace(min(z.min(), -3), max(z.max(), 3), 200)
            ax.plot(grid, stats.norm.pdf(grid), color="black", linewidth=1)
            ax.set_xlabel(_("Regression standardized residual"))
            ax.set_ylabel(_("Density"))
            ax.set_title(_("Histogram") + "\n" + _("Dependent variable: {dependent}", dependent=dep))
            charts["histogram"] = fig

            fig, ax = plt.subplots(figsize=(4.5, 4.5))
            ax.plot([0, 1], [0, 1], color="black", linewidth=1)
            ax.scatter(d["pp_observed"], d["pp_expected"], s=10, facecolors="none", edgecolors="#08519c")
            ax.set_xlabel(_("Observed cumulative probability"))
            ax.set_ylabel(_("Expected cumulative probability"))
            ax.set_xlim(0, 1)
            ax.set_ylim(0, 1)
            ax.set_title(_("Normal P-P plot of regression standardized residual") + "\n"
                         + _("Dependent variable: {dependent}", dependent=dep))
            charts["pp_plot"] = fig

            fig, ax = plt.subplots(figsize=(4.5, 3.5))
            ax.scatter(d["zpred"], d["sresid"], s=10, facecolors="none", edgecolors="#08519c")
            ax.axhline(0, color="grey", linewidth=0.5)
            ax.axvline(0, color="grey", linewidth=0.5)
            ax.set_xlabel(_("Regression standardized predicted value"))
            ax.set_ylabel(_("Regression studentized residual"))
            ax.set_title(_("Scatterplot") + "\n" + _("Dependent variable: {dependent}", dependent=dep))
            charts["scatter"] = fig

            for name, fig in charts.items():
                written += save_figure(fig, out, f"{_safe(str(dep))}_{name}", tight=True)
    return written


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)
