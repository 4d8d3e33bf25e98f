"""The importance-performance map: each antecedent of the target construct as a point at (importance, performance).

Drawn from ``ipma_constructs.csv`` (:class:`surveysem.assess.ipma.IPMAResult`): importance (the unstandardized total
effect on the target) on the x axis, performance (0–100) on the y axis, and dashed lines at the mean importance and
the mean performance of the antecedents, which split the map into the four quadrants SmartPLS draws (Ringle &
Sarstedt 2016, Fig. 3; Hair et al. 2024, ch. 3). The lower right quadrant — important, performing below average —
holds the antecedents to improve first. Save with :func:`surveysem.io.save_figure` (PNG + SVG, deterministic files).

References
----------
Ringle, C. M., & Sarstedt, M. (2016). Gain more insight from your PLS-SEM results: The importance-performance map
analysis. *Industrial Management & Data Systems*, 116(9), 1865–1886.
"""
from __future__ import annotations

import pandas as pd

from .. import i18n
from ..format import num

_POINT = "#1f5fa8"
_MEAN = "0.55"


def ipma_figure(constructs: pd.DataFrame, level: str = "construct"):
    """The importance-performance map (module docstring) from ``ipma_constructs.csv`` (or ``ipma_indicators.csv``
    with ``level="indicator"``); None when the table has no antecedent.

    The axes: importance from min(0, smallest) to 1.15 × the largest (room for the labels), performance 0–100.
    """
    ante = constructs[constructs["role"] == "antecedent"]
    if ante.empty:
        return None
    from matplotlib.figure import Figure

    name = "construct" if level == "construct" else "indicator"
    target = constructs.loc[constructs["role"] == "target", "construct"]
    x = ante["importance"].to_numpy(dtype=float)
    y = ante["performance"].to_numpy(dtype=float)
    fig = Figure(figsize=(5.0, 3.8), layout="constrained")
    ax = fig.subplots()
    ax.scatter(x, y, s=22, color=_POINT, zorder=3)
    xlim = (min(0.0, x.min() * 1.15), max(x.max() * 1.15, 1e-9))
    labels = list(ante[name].astype(str))
    for xi, yi, label, rise in zip(x, y, labels, _label_rows(x, y, labels, xlim)):
        ax.annotate(label, (xi, yi), xytext=(4, 3 + 8 * rise), textcoords="offset points", fontsize=7,
                    arrowprops=dict(arrowstyle="-", lw=0.4, color="0.6", shrinkA=0, shrinkB=2) if rise else None)
    ax.axvline(x.mean(), color=_MEAN, lw=0.8, ls="--", zorder=1)
    ax.axhline(y.mean(), color=_MEAN, lw=0.8, ls="--", zorder=1)
    ax.set_xlim(*xlim)
    ax.set_ylim(0.0, 100.0)
    ax.set_xlabel(i18n._("importance (unstandardized total effect)"), fontsize=8)
    ax.set_ylabel(i18n._("performance (0-100)"), fontsize=8)
    ax.tick_params(labelsize=7)
    title = i18n._("Importance-performance map for {target}", target=str(target.iloc[0]) if len(target) else "")
    ax.set_title(title, fontsize=9)
    ax.text(0.99, 0.02, i18n._("dashed lines: mean importance {i} and mean performance {p}",
                               i=num(x.mean()), p=num(y.mean(), 1)),
            transform=ax.transAxes, ha="right", va="bottom", fontsize=6.3, color="0.3")
    return fig


def _label_rows(x, y, labels: list[str], xlim: tuple[float, float]) -> list[int]:
    """How many label rows (8 points each) to raise each point's label so that no two labels overlap.

    Positions on the axes' 0-1 scale (performance over 0-100); a label takes about 0.018 of the width per character
    and 0.035 of the height at 7 points on this figure. Points are placed left to right, each on the lowest row free
    of the labels already placed; deterministic, so the figure's bytes do not change between runs.
    """
    span = (xlim[1] - xlim[0]) or 1.0
    placed: list[tuple[float, float, float]] = []  # left, right, bottom of each label on the 0-1 scale
    rows = [0] * len(labels)
    for i in sorted(range(len(labels)), key=lambda k: (x[k], y[k])):
        left = (x[i] - xlim[0]) / span + 0.01
        right = left + 0.018 * len(labels[i])
        for rise in range(len(labels)):
            bottom = y[i] / 100 + 0.008 + 0.045 * rise
            if all(right <= a or left >= b or abs(bottom - c) >= 0.04 for a, b, c in placed):
                break
        rows[i] = rise
        placed.append((left, right, bottom))
    return rows

