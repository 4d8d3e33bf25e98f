"""Heatmap of the case × theme matrix (PNG 200 dpi + SVG, deterministic)."""
from __future__ import annotations

import os
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd

from ..i18n import _
from ..io import save_figure


def matrix_heatmap(matrix: pd.DataFrame, out_dir: str | os.PathLike, name: str = "case_theme_heatmap") -> list[Path]:
    """Cases (rows, case-list order) × themes (columns, codebook order); colour and number = coded segments,
    blank = theme absent. Column labels are ``code: label`` wrapped."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cases = list(dict.fromkeys(matrix["case"]))
    themes = list(dict.fromkeys(matrix["theme"]))
    labels = dict(zip(matrix["theme"], matrix["label"]))
    grid = matrix.pivot(index="case", columns="theme", values="segments").loc[cases, themes].to_numpy(float)
    written: list[Path] = []
    with matplotlib.rc_context({"font.size": 8}):
        fig, ax = plt.subplots(figsize=(1.3 * len(themes) + 2.8, 0.38 * len(cases) + 2.2))
        shown = np.where(grid > 0, grid, np.nan)
        vmax = max(float(np.nanmax(shown)) if np.isfinite(shown).any() else 1.0, 1.0)
        ax.imshow(shown, cmap="Blues", vmin=0, vmax=vmax + 1, aspect="auto")
        for i in range(len(cases)):
            for j in range(len(themes)):
                if grid[i, j] > 0:
                    ax.text(j, i, f"{int(grid[i, j])}", ha="center", va="center", fontsize=8)
        ax.set_xticks(range(len(themes)))
        ax.set_xticklabels(["\n".join(textwrap.wrap(f"{t}: {labels[t]}" if labels[t] else t, 18)) for t in themes],
                           fontsize=7)
        ax.set_yticks(range(len(cases)))
        ax.set_yticklabels(cases)
        ax.set_xticks(np.arange(-0.5, len(themes)), minor=True)
        ax.set_yticks(np.arange(-0.5, len(cases)), minor=True)
        ax.grid(which="minor", color="lightgrey", linewidth=0.5)
        ax.tick_params(which="minor", length=0)
        ax.set_title(_("Coded segments per case and theme (blank = theme absent)"))
        written += save_figure(fig, out, name, tight=True)
    return written
