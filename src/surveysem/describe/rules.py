"""The rules of the descriptive analysis ("analisis deskriptif"): class intervals of a mean, bands of the score index
and Ferdinand's three boxes, each written once with its thresholds as numbers and its reference.

Every rule is a function of the answer scale ``lo..hi`` (k = hi − lo + 1 answer points), so a 1–5, 1–7 or 1–10
scale gets its own numbers; the texts printed in the tables are generated from the same numbers
(:func:`rule_text`), as in :mod:`surveysem.assess.rules`.

* **Class interval of a mean** (``kelas interval``): width = (max − min) / k with k classes, one class per answer
  point (Sugiyono 2017; Simamora 2004, "rentang skala" RS = (m − 1)/m on a 1..m scale, the same width). A 1–5
  scale gives width 0.80 and the classes 1.00–1.80, 1.80–2.60, 2.60–3.40, 3.40–4.20, 4.20–5.00.
* **Score index** (``indeks skor``, "persentase skor"): total score / ideal score × 100, the ideal score being the
  highest answer times the number of answers (Sugiyono 2017, "skor kriterium"). Its five bands are the class
  interval rule applied to the percentage scale: the lowest possible index is 100·lo/hi (20 % on 1–5) and the
  width (100 − 100·lo/hi)/5, so 20–36 very low, 36–52 low, 52–68 medium, 68–84 high, 84–100 very high.
* **Three-box index** (Ferdinand 2006): index = Σ_i (%F_i × i) / hi, with %F_i the percentage of respondents who
  answered i; it runs from 100·lo/hi to 100 and is cut into three equal boxes, low, medium and high (on 1–10:
  10–40, 40–70, 70–100; on 1–5: 20–46.67, 46.67–73.33, 73.33–100). With percentages (not counts) the index does
  not depend on n; it equals 100 × mean / hi. docs/describe.md says which variants guides quote and why this one.

Every band is closed on the right and the first also holds its lower end (a mean of exactly 1.80 is "very low"),
as :mod:`surveysem.regression.scores` does; a tiny tolerance keeps a value that prints as a boundary in the band it
prints as.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import ConfigError

SUGIYONO = "Sugiyono (2017), Metode Penelitian Kuantitatif, Kualitatif, dan R&D, p. 134-136"
SUGIYONO_CRITERION = "Sugiyono (2017), Metode Penelitian Kuantitatif, Kualitatif, dan R&D (skor kriterium)"
SIMAMORA = "Simamora (2004), Panduan Riset Perilaku Konsumen (rentang skala)"
FERDINAND = "Ferdinand (2006), Metode Penelitian Manajemen, 2nd ed. (three-box method)"

#: bands of the score index, and boxes of the three-box index
INDEX_BANDS = 5
THREE_BOXES = 3

#: class labels by the number of classes (English; the language catalogue translates them)
CLASS_LABELS = {
    2: ("low", "high"),
    3: ("low", "medium", "high"),
    4: ("very low", "low", "high", "very high"),
    5: ("very low", "low", "medium", "high", "very high"),
    6: ("very low", "low", "rather low", "rather high", "high", "very high"),
    7: ("very low", "low", "rather low", "medium", "rather high", "high", "very high"),
}


@dataclass(frozen=True)
class Band:
    """One class: ``lower`` < value ≤ ``upper`` (the first class also holds ``lower``)."""

    number: int
    label: str
    lower: float
    upper: float


@dataclass(frozen=True)
class Rule:
    """A banding rule of one scale: its criterion, its bands (the thresholds), the printed text and the reference."""

    criterion: str
    bands: tuple[Band, ...]
    formula: str
    reference: str

    @property
    def thresholds(self) -> tuple[float, ...]:
        return tuple([self.bands[0].lower] + [b.upper for b in self.bands])

    @property
    def text(self) -> str:
        return rule_text(self)

    def band(self, value: float) -> Band | None:
        """The band holding ``value`` (None for a missing value or one outside every band)."""
        return band_of(value, self.bands)


def labels(k: int) -> tuple[str, ...]:
    """The labels of k classes: :data:`CLASS_LABELS`, or ``class 1`` … ``class k``."""
    return CLASS_LABELS.get(k) or tuple("class {j}".format(j=j + 1) for j in range(k))


def scale_points(likert: Sequence[float]) -> tuple[int, ...]:
    """The answer points lo, lo + 1, …, hi of an integer answer scale.

    Raises :class:`~surveysem.errors.ConfigError` when the ends are not whole numbers or not lo < hi.
    """
    lo, hi = (float(v) for v in likert)
    if not (lo.is_integer() and hi.is_integer()) or not lo < hi:
        raise ConfigError("likert is {lo:g} {hi:g}; the descriptive analysis counts answers per point of a "
                          "whole-number scale".format(lo=lo, hi=hi), fix="Give the lowest and the highest answer "
                          "as whole numbers, e.g. likert: [1, 5]")
    return tuple(range(int(lo), int(hi) + 1))


def equal_bands(low: float, high: float, k: int, names: Sequence[str]) -> tuple[Band, ...]:
    """k bands of width (high − low)/k from ``low`` to ``high``."""
    width = (high - low) / k
    return tuple(Band(j + 1, names[j], low + j * width, high if j == k - 1 else low + (j + 1) * width)
                 for j in range(k))


def class_interval_rule(likert: Sequence[float]) -> Rule:
    """Class interval of a mean: k = number of answer points, width = (max − min)/k (Sugiyono 2017, p. 134-136;
    Simamora 2004: RS = (m − 1)/m on a 1..m scale)."""
    points = scale_points(likert)
    lo, hi, k = points[0], points[-1], len(points)
    formula = "class interval: width = (max - min)/k = ({hi} - {lo})/{k} = {w}".format(
        hi=hi, lo=lo, k=k, w=_num((hi - lo) / k))
    return Rule("category of the mean", equal_bands(lo, hi, k, labels(k)), formula, SUGIYONO + "; " + SIMAMORA)


def index_rule(likert: Sequence[float]) -> Rule:
    """Score index = total / (max × n) × 100 in five equal bands from 100·min/max to 100 (the class interval rule
    on the percentage scale; Sugiyono 2017, skor kriterium)."""
    points = scale_points(likert)
    low = 100.0 * points[0] / points[-1]
    formula = "score index = total / (max x n) x 100, bands of width (100 - {low})/{k}".format(
        low=_num(low), k=INDEX_BANDS)
    return Rule("score index", equal_bands(low, 100.0, INDEX_BANDS, labels(INDEX_BANDS)), formula,
                SUGIYONO_CRITERION)


def three_box_rule(likert: Sequence[float]) -> Rule:
    """Three-box index = Σ(%F_i × i) / max, three equal boxes from 100·min/max to 100 (Ferdinand 2006)."""
    points = scale_points(likert)
    low = 100.0 * points[0] / points[-1]
    formula = "three-box index = sum(%F_i x i)/{hi}, three equal boxes from {low} to 100".format(
        hi=points[-1], low=_num(low))
    return Rule("three-box index", equal_bands(low, 100.0, THREE_BOXES, labels(THREE_BOXES)), formula, FERDINAND)


#: the rules of the descriptive tables by key, each a function of the answer scale (``RULES["three_box"]((1, 5))``)
RULES = {"class_interval": class_interval_rule, "score_index": index_rule, "three_box": three_box_rule}


def rule_text(rule: Rule) -> str:
    """``class interval: width = (5 - 1)/5 = 0.80; 1.00-1.80 very low, …`` from the rule's numbers."""
    digits = 2
    parts = ["{a}-{b} {label}".format(a=_num(b.lower, digits), b=_num(b.upper, digits), label=b.label)
             for b in rule.bands]
    return "{formula}: {bands}".format(formula=rule.formula, bands=", ".join(parts))


def band_of(value: float, bands: Sequence[Band]) -> Band | None:
    """The band of ``value``: right-closed, the first band holding its lower end; None when missing or outside."""
    if value is None or not np.isfinite(value):
        return None
    tol = 1e-9 * max(abs(bands[-1].upper - bands[0].lower), 1.0)
    if value < bands[0].lower - tol or value > bands[-1].upper + tol:
        return None
    for b in bands:
        if value <= b.upper + tol:
            return b
    return bands[-1]  # pragma: no cover (the last upper bound is the end of the scale)


def _num(x: float, digits: int = 2) -> str:
    return "{x:.{d}f}".format(x=float(x), d=digits)
