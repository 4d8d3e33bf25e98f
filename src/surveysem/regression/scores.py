"""Composite scores, descriptive statistics and Sugiyono-style category bands.

Category bands ("kategori", "rentang skala")
--------------------------------------------
Theses describe respondents' answers by putting a mean on a k-band scale. The interval width is

    width = (scale maximum − scale minimum) / k            (Sugiyono 2017, p. 134-136; Sudjana 2005)

so a 1–5 Likert scale with k = 5 gives width 0.8 and the bands 1.00–1.80 very low, 1.80–2.60 low,
2.60–3.40 moderate, 3.40–4.20 high, 4.20–5.00 very high. A band is closed on the right and the first
band also includes the scale minimum (a mean of exactly 1.80 is "very low"), so every value on the scale
falls in exactly one band. Bands are applied on the *item scale*: item means, and each variable's
mean item score (a sum score is divided by its number of items first), so one band table serves all
variables.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

LABELS_EN = ("very low", "low", "moderate", "high", "very high")
LABELS_ID = ("sangat rendah", "rendah", "sedang", "tinggi", "sangat tinggi")
SCORE_METHODS = ("sum", "mean")


def composite_scores(items: pd.DataFrame, variables: Mapping[str, Sequence[str]], method: str = "sum") -> pd.DataFrame:
    """Score each variable as the sum (default, as Indonesian theses do) or mean of its items.

    Returns a DataFrame with one column per variable, indexed like ``items``.
    """
    if method not in SCORE_METHODS:
        raise ValueError(f"method must be one of {SCORE_METHODS}")
    out = {}
    for var, its in variables.items():
        x = items[list(its)]
        out[var] = x.sum(axis=1) if method == "sum" else x.mean(axis=1)
    return pd.DataFrame(out, index=items.index)


def descriptives(scores: pd.DataFrame) -> pd.DataFrame:
    """Descriptive statistics as SPSS DESCRIPTIVES reports them (sd and variance with n − 1).

    Returns ``variable, n, min, max, mean, sd, variance, median, se_mean``.
    """
    rows = []
    for var in scores.columns:
        x = scores[var].to_numpy(dtype=float)
        n = len(x)
        sd = float(x.std(ddof=1)) if n > 1 else float("nan")
        rows.append({"variable": var, "n": n, "min": float(x.min()), "max": float(x.max()),
                     "mean": float(x.mean()), "sd": sd, "variance": sd * sd,
                     "median": float(np.median(x)), "se_mean": sd / np.sqrt(n)})
    return pd.DataFrame(rows)


def category_bands(scale_min: float = 1, scale_max: float = 5, k: int = 5,
                   labels: Sequence[str] | None = None, labels_id: Sequence[str] | None = None) -> pd.DataFrame:
    """The k equal-width category bands of a rating scale (Sugiyono 2017, p. 134-136).

    width = (scale_max − scale_min)/k; band j covers (scale_min + (j−1)·width, scale_min + j·width],
    the first band including scale_min.

    Returns ``band, label, label_id, lower, upper, width``.
    """
    if not scale_max > scale_min:
        raise ValueError("scale_max must exceed scale_min")
    labels = tuple(labels) if labels is not None else (LABELS_EN if k == 5 else tuple(f"band {j + 1}" for j in range(k)))
    labels_id = tuple(labels_id) if labels_id is not None else (LABELS_ID if k == 5 else labels)
    if len(labels) != k or len(labels_id) != k:
        raise ValueError("need one label per band")
    width = (scale_max - scale_min) / k
    return pd.DataFrame({
        "band": np.arange(1, k + 1),
        "label": labels, "label_id": labels_id,
        "lower": [scale_min + j * width for j in range(k)],
        "upper": [scale_min + (j + 1) * width for j in range(k)],
        "width": width,
    })


def band_of(values, bands: pd.DataFrame) -> np.ndarray:
    """Band number (1..k) of each value; values outside the scale get 0 (below) or k + 1 (above).

    A tiny tolerance (1e-9 · width) keeps means such as 1.8000000000000003 in the band they print as.
    """
    v = np.asarray(values, dtype=float)
    uppers = bands["upper"].to_numpy()
    lo = bands["lower"].iloc[0]
    tol = 1e-9 * bands["width"].iloc[0]
    idx = np.searchsorted(uppers + tol, v, side="left") + 1  # right-closed: first band with upper >= v
    idx = np.where(v < lo - tol, 0, idx)
    return np.where(np.isnan(v), -1, idx)


def categories(items: pd.DataFrame, variables: Mapping[str, Sequence[str]], bands: pd.DataFrame) -> pd.DataFrame:
    """Mean answer per item and per variable (mean item score) with its category band.

    Returns ``variable, item, level ("item"/"variable"), n, mean, sd, band, category, category_id,
    band_lower, band_upper, rule``. The variable row has an empty ``item``; its mean is the mean of the
    respondents' mean item scores.
    """
    rule = (f"interval width = (max - min)/k = ({_fmt(bands['upper'].iloc[-1])} - {_fmt(bands['lower'].iloc[0])})"
            f"/{len(bands)} = {_fmt(bands['width'].iloc[0])} (Sugiyono 2017)")
    rows = []
    for var, its in variables.items():
        x = items[list(its)]
        entries = [(it, "item", x[it].to_numpy(dtype=float)) for it in its]
        entries.append(("", "variable", x.mean(axis=1).to_numpy(dtype=float)))
        for item, level, v in entries:
            m = float(v.mean())
            b = int(band_of([m], bands)[0])
            inside = 1 <= b <= len(bands)
            rows.append({
                "variable": var, "item": item, "level": level, "n": len(v), "mean": m,
                "sd": float(v.std(ddof=1)) if len(v) > 1 else float("nan"),
                "band": b if inside else None,
                "category": bands["label"].iloc[b - 1] if inside else "outside the scale",
                "category_id": bands["label_id"].iloc[b - 1] if inside else "di luar skala",
                "band_lower": bands["lower"].iloc[b - 1] if inside else float("nan"),
                "band_upper": bands["upper"].iloc[b - 1] if inside else float("nan"),
                "rule": rule,
            })
    return pd.DataFrame(rows)


def category_frequencies(items: pd.DataFrame, variables: Mapping[str, Sequence[str]], bands: pd.DataFrame) -> pd.DataFrame:
    """How many respondents fall in each band, by their mean item score on each variable.

    Returns ``variable, band, category, category_id, lower, upper, count, percent`` (percent of n).
    Respondents outside the scale are not counted in any band (see ``categories`` for the rule).
    """
    rows = []
    for var, its in variables.items():
        v = items[list(its)].mean(axis=1).to_numpy(dtype=float)
        b = band_of(v, bands)
        n = len(v)
        for _, band in bands.iterrows():
            c = int((b == band["band"]).sum())
            rows.append({"variable": var, "band": int(band["band"]), "category": band["label"],
                         "category_id": band["label_id"], "lower": band["lower"], "upper": band["upper"],
                         "count": c, "percent": 100.0 * c / n if n else float("nan")})
    return pd.DataFrame(rows)


def _fmt(x: float) -> str:
    return f"{x:g}"
