"""The respondent profile as one figure: a horizontal bar chart of the percentages, one panel per profile column.

Written as ``profile.png`` (200 dpi) and ``profile.svg`` by :func:`surveysem.io.save_figure` (deterministic bytes:
no date or software stamp, fixed SVG hash salt, text kept as text).
"""
from __future__ import annotations

import math
import os
from pathlib import Path

import pandas as pd

from ..i18n import _
from ..io import save_figure
from .profile import NO_ANSWER

#: panel titles and axis label (English templates, printed through the language catalogue, surveysem.i18n)
AXIS_LABEL = "Percent of respondents"
TITLE = "Respondent profile (N = {n})"
BAR_LABEL = "{n} ({percent:.1f}%)"


def profile_figure(profile: pd.DataFrame, out_dir: str | os.PathLike, n: int) -> list[Path]:
    """Draw the profile figure into ``out_dir``; nothing when the profile is empty. Returns the paths written."""
    if profile.empty:
        return []
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    columns = list(dict.fromkeys(profile["column"]))
    ncols = 1 if len(columns) == 1 else 2
    nrows = math.ceil(len(columns) / ncols)
    heights = [max(len(profile[profile["column"] == c]) for c in columns[r * ncols:(r + 1) * ncols])
               for r in range(nrows)]
    with matplotlib.rc_context({"font.size": 8, "axes.spines.top": False, "axes.spines.right": False}):
        fig = Figure(figsize=(4.2 * ncols, sum(0.32 * h + 0.9 for h in heights) + 0.4))
        grid = fig.add_gridspec(nrows, ncols, height_ratios=heights)
        for i, col in enumerate(columns):
            ax = fig.add_subplot(grid[i // ncols, i % ncols])
            d = profile[profile["column"] == col]
            labels = [_(NO_ANSWER) if str(c) == NO_ANSWER else str(c) for c in d["category"]][::-1]
            values = [float(v) for v in d["percent"]][::-1]
            counts = [int(v) for v in d["n"]][::-1]
            ax.barh(range(len(values)), values, color="#6baed6", edgecolor="black", linewidth=0.4)
            ax.set_yticks(range(len(values)), labels)
            for y, (v, k) in enumerate(zip(values, counts)):
                ax.text(v + 1, y, BAR_LABEL.format(n=k, percent=v), va="center", fontsize=7)
            ax.set_xlim(0, max(values + [1.0]) * 1.3)
            ax.set_title(str(col), fontsize=9)
            ax.set_xlabel(_(AXIS_LABEL))
        fig.suptitle(_(TITLE, n=n), fontsize=10)
        fig.tight_layout()
        return save_figure(fig, out_dir, "profile")
