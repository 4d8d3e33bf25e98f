"""The figures of a moderation study: simple slopes and the floodlight (Johnson–Neyman) plot.

Drawn from the tidy CSVs of ``surveysem pls`` (``simple_slopes.csv``, ``paths.csv``, ``scores.csv``,
``boot_draws.parquet``) by :func:`surveysem.report.figures.pls_figures`, with the same look (rc settings, PNG + SVG,
deterministic files); a model without interaction terms has neither figure.

* ``simple_slopes`` — one panel per interaction term and outcome: the outcome against the predictor X (standardized,
  −1 to +1 SD) at the moderator W = −1 SD, mean and +1 SD, the three lines ``ŷ = β_W·w + (β_X + β_(X:W)·w)·x``
  that SmartPLS draws and R seminr's ``slope_analysis()`` computes (Hair et al. 2022, ch. 7; intercept 0: scores
  are standardized). A quadratic term ``X:X`` is drawn as its curve ``ŷ = β_X·x + β_(X:X)·x²`` over −2 to +2 SD.
* ``floodlight`` — the conditional effect of X, ``β_X + β_(X:W)·w``, over the observed range of the moderator's
  score, with its pointwise bootstrap percentile band (each w: the type-7 quantiles of the draws
  ``β*_X + β*_(X:W)·w``); where the band leaves 0 are the Johnson–Neyman points (Johnson & Neyman 1936; the
  floodlight analysis of Spiller, Fitzsimons, Lynch & McClelland 2013), found on a grid of 401 values.

References
----------
Hair, J. F., Hult, G. T. M., Ringle, C. M., & Sarstedt, M. (2022). *A primer on PLS-SEM* (3rd ed.), ch. 7.
Johnson, P. O., & Neyman, J. (1936). Tests of certain linear hypotheses and their application to some educational
problems. *Statistical Research Memoirs*, 1, 57–93.
Spiller, S. A., Fitzsimons, G. J., Lynch, J. G., & McClelland, G. H. (2013). Spotlights, floodlights, and the magic
number zero. *Journal of Marketing Research*, 50(2), 277–288.
"""
from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd

from .. import i18n
from ..format import num

#: the figures of a model with interaction terms, in drawing order
MODERATION_FIGURES = ("simple_slopes", "floodlight")

#: moderator −1 SD, mean, +1 SD: red, blue, green as SmartPLS draws them
_COLORS = {-1.0: "#c0392b", 0.0: "#1f5fa8", 1.0: "#2e8b57"}
_GRID = 401


def _coef(paths: pd.DataFrame, source: str, target: str) -> float:
    hit = paths[(paths["from"].astype(str) == source) & (paths["to"].astype(str) == target)]
    return float(hit["estimate"].iloc[0]) if len(hit) else 0.0


def _level_label(w: float) -> str:
    if w == 0:
        return i18n._("mean")
    return i18n._("{sign}{k} SD", sign="+" if w > 0 else "\u2212", k=f"{abs(w):g}")


def _panels(n: int, width: float, height: float, margin: float):
    from matplotlib.figure import Figure

    ncol = min(2, n)
    nrow = math.ceil(n / ncol)
    fig = Figure(figsize=(width * ncol + 0.2, height * nrow + margin), layout="constrained")
    return fig, fig.subplots(nrow, ncol, squeeze=False)


def simple_slopes_figure(slopes: pd.DataFrame, paths: pd.DataFrame):
    """The simple-slope figure (module docstring) from ``simple_slopes.csv`` and ``paths.csv``; None if no rows."""
    groups = list(slopes.groupby(["interaction", "dv"], sort=False))
    if not groups:
        return None
    fig, axes = _panels(len(groups), 4.0, 2.8, 0.45)
    x = np.linspace(-1.0, 1.0, 3)
    for ax, ((term, dv), g) in zip(axes.ravel(), groups):
        iv, w_name = str(g["iv"].iloc[0]), str(g["moderator"].iloc[0])
        if iv == w_name:  # quadratic: one curve
            xs = np.linspace(-2.0, 2.0, 81)
            b, q = _coef(paths, iv, dv), _coef(paths, term, dv)
            ax.plot(xs, b * xs + q * xs ** 2, color=_COLORS[0.0], lw=1.4)
            ax.set_title(i18n._("Quadratic effect of {iv} on {dv}", iv=iv, dv=dv), fontsize=8.5)
        else:
            b_w = _coef(paths, w_name, str(dv))
            for r in g.to_dict("records"):
                w = float(r["moderator_level"])
                ax.plot(x, b_w * w + float(r["estimate"]) * x, color=_COLORS.get(w, "0.3"), lw=1.4,
                        label=i18n._("{w} at {level} (slope {slope})", w=w_name, level=_level_label(w),
                                     slope=num(r["estimate"])))
            ax.legend(loc="upper left", frameon=False, fontsize=6.5)
            ax.set_title(i18n._("{iv} \u2192 {dv}, moderated by {w}", iv=iv, dv=dv, w=w_name), fontsize=8.5)
        ax.axhline(0.0, color="0.75", lw=0.6, zorder=0)
        ax.set_xlabel(i18n._("{name} (standardized score)", name=iv))
        ax.set_ylabel(i18n._("{name} (standardized score)", name=dv))
    for ax in axes.ravel()[len(groups):]:
        ax.set_axis_off()
    _titles(fig, i18n._("Simple slopes at the moderator's mean and one SD below and above (Hair et al. 2022, ch. 7)"))
    return fig


def floodlight_figure(slopes: pd.DataFrame, paths: pd.DataFrame, draws: pd.DataFrame, scores: pd.DataFrame | None,
                      level: float = 0.95):
    """The floodlight / Johnson–Neyman figure (module docstring); None without two-construct interactions or draws.

    ``draws`` holds the columns ``path:X->Y`` and ``path:X:W->Y`` of ``boot_draws.parquet``; ``scores`` the moderator's
    construct scores (their range is the plotted range; −3 to +3 SD without them).
    """
    groups = [(k, g) for k, g in slopes.groupby(["interaction", "dv"], sort=False)
              if str(g["iv"].iloc[0]) != str(g["moderator"].iloc[0])
              and {f"path:{g['iv'].iloc[0]}->{k[1]}", f"path:{k[0]}->{k[1]}"} <= set(draws.columns)]
    if not groups:
        return None
    fig, axes = _panels(len(groups), 4.0, 2.8, 0.6)
    q = ((1 - level) / 2, (1 + level) / 2)
    for ax, ((term, dv), g) in zip(axes.ravel(), groups):
        iv, w_name = str(g["iv"].iloc[0]), str(g["moderator"].iloc[0])
        lo_w, hi_w = -3.0, 3.0
        if scores is not None and w_name in scores.columns:
            s = pd.to_numeric(scores[w_name], errors="coerce").dropna()
            if len(s):
                lo_w, hi_w = float(s.min()), float(s.max())
        w = np.linspace(lo_w, hi_w, _GRID)
        b_x = draws[f"path:{iv}->{dv}"].to_numpy(dtype=float)
        b_xw = draws[f"path:{term}->{dv}"].to_numpy(dtype=float)
        ok = np.isfinite(b_x) & np.isfinite(b_xw)
        effect = b_x[ok, None] + b_xw[ok, None] * w[None, :]  # (B, grid)
        band = np.quantile(effect, q, axis=0)  # numpy's default "linear" is R's type 7
        est = _coef(paths, iv, str(dv)) + _coef(paths, term, str(dv)) * w
        ax.fill_between(w, band[0], band[1], color="0.5", alpha=0.25, lw=0)
        ax.plot(w, est, color=_COLORS[0.0], lw=1.4)
        ax.axhline(0.0, color="#c0392b", lw=0.8, ls="--")
        points = _jn_points(w, band)
        for p in points:
            ax.axvline(p, color="0.2", lw=0.7, ls=":")
        if points:
            text = i18n._("Johnson\u2013Neyman point(s): {w} = {points}", w=w_name,
                          points=", ".join(num(p) for p in points))
        elif band[0].min() > 0 or band[1].max() < 0:
            text = i18n._("interval excludes 0 over the whole observed range of {w}", w=w_name)
        else:
            text = i18n._("interval includes 0 over the whole observed range of {w}", w=w_name)
        ax.text(0.02, 0.03, textwrap.fill(text, 48), transform=ax.transAxes, fontsize=6.3, va="bottom",
                bbox=dict(boxstyle="square,pad=0.15", facecolor="white", edgecolor="none", alpha=0.85), zorder=4)
        ax.set_title(i18n._("Effect of {iv} on {dv} across {w}", iv=iv, dv=dv, w=w_name), fontsize=8.5)
        ax.set_xlabel(i18n._("{name} (standardized score)", name=w_name))
        ax.set_ylabel(i18n._("conditional effect of {name}", name=iv))
    for ax in axes.ravel()[len(groups):]:
        ax.set_axis_off()
    _titles(fig, i18n._("Floodlight: the conditional effect with its {level}% bootstrap percentile band",
                        level=int(round(level * 100))),
            i18n._("line: estimate; dotted: where the band crosses 0 (Johnson\u2013Neyman points, Spiller et al. "
                   "2013)"))
    return fig


def _titles(fig, title: str, footer: str = "") -> None:
    """The figure's title (and footer), wrapped to its width."""
    chars = int(fig.get_figwidth() * 13)
    fig.suptitle(textwrap.fill(title, chars), fontsize=9)
    if footer:
        fig.supxlabel(textwrap.fill(footer, int(chars * 1.3)), fontsize=6.8)


def _jn_points(w: np.ndarray, band: np.ndarray) -> list[float]:
    """Moderator values where a bound of the band crosses 0, by linear interpolation between grid points."""
    out = []
    for bound in band:
        sign = np.where(bound >= 0, 1, -1)  # a bound exactly 0 on a grid point counts once, as its crossing
        for i in np.flatnonzero(sign[:-1] != sign[1:]):
            out.append(float(w[i] - bound[i] * (w[i + 1] - w[i]) / (bound[i + 1] - bound[i])))
    return sorted(out)
