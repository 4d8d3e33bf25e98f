"""Item descriptives as Indonesian theses report them ("analisis deskriptif"), for every survey kind.

Per item, over the respondents who answered it (n):

* the answer distribution: n and % of n per answer point (``n_1`` … ``n_5``, ``percent_1`` … ``percent_5``);
* the total score Σ answer, the ideal score max × n, the mean and the SD (n − 1);
* the category of the mean by the class interval rule (:func:`surveysem.describe.rules.class_interval_rule`);
* the score index total / ideal × 100 with its band (:func:`~surveysem.describe.rules.index_rule`);
* Ferdinand's three-box index Σ(%F_i × i)/max with its box (:func:`~surveysem.describe.rules.three_box_rule`).

Per construct: the mean of its items' means, of their score indexes and of their three-box indexes, each with its
category by the same rules, and the sums of the total and ideal scores.

The answers are those of the cleaned data (``clean.csv``: reverse-coded items already recoded, missing answers left
missing), so a missing answer lowers that item's n and nothing else.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from . import rules


def _rules(likert) -> tuple[rules.Rule, rules.Rule, rules.Rule]:
    return rules.class_interval_rule(likert), rules.index_rule(likert), rules.three_box_rule(likert)


def _rule_columns(likert) -> dict:
    ci, ix, tb = _rules(likert)
    return {"rule": "; ".join(r.text for r in (ci, ix, tb)),
            "reference": "; ".join(dict.fromkeys(ref for r in (ci, ix, tb) for ref in r.reference.split("; ")))}


def _label(rule: rules.Rule, value: float) -> str | None:
    b = rule.band(value)
    return b.label if b is not None else None


def item_descriptives(X: pd.DataFrame, constructs: Mapping[str, Sequence[str]],
                      likert: Sequence[float] = (1, 5)) -> pd.DataFrame:
    """One row per item: distribution, total and ideal score, mean, SD, the three categories and indexes.

    Parameters
    ----------
    X : DataFrame
        The answers, one column per item (numbers on the answer scale; NaN = no answer).
    constructs : mapping
        Construct → its items, in the model's order.
    likert : (low, high)
        The whole-number answer scale.

    Returns
    -------
    DataFrame
        ``construct, item, n, n_<v>…, percent_<v>…, other_answers, total_score, ideal_score, mean, sd, category,
        score_index, index_category, three_box_index, three_box_category, rule, reference``. ``percent_<v>`` is
        100 × n_v / n; ``other_answers`` counts answers that are no answer point (not whole numbers); ``total_score``
        = Σ x; ``ideal_score`` = hi × n; ``score_index`` = 100 × total / ideal; ``three_box_index`` =
        Σ_v (percent_v × v) / hi over the answer points (Ferdinand 2006), i.e. 100 × mean / hi when every answer is
        an answer point.
    """
    points = rules.scale_points(likert)
    hi = points[-1]
    ci, ix, tb = _rules(likert)
    extra = _rule_columns(likert)
    rows = []
    for construct, items in constructs.items():
        for item in items:
            x = pd.to_numeric(X[item], errors="coerce").dropna().to_numpy(dtype=float)
            n = len(x)
            counts = {v: int(np.sum(x == v)) for v in points}
            row: dict = {"construct": construct, "item": item, "n": n}
            row.update({f"n_{v}": counts[v] for v in points})
            row.update({f"percent_{v}": 100.0 * counts[v] / n if n else np.nan for v in points})
            row["other_answers"] = n - sum(counts.values())
            total = float(x.sum()) if n else np.nan
            ideal = float(hi * n) if n else np.nan
            mean = float(x.mean()) if n else np.nan
            index = 100.0 * total / ideal if n else np.nan
            three_box = (sum(row[f"percent_{v}"] * v for v in points) / hi) if n else np.nan
            row.update(total_score=total, ideal_score=ideal, mean=mean,
                       sd=float(x.std(ddof=1)) if n > 1 else np.nan, category=_label(ci, mean),
                       score_index=index, index_category=_label(ix, index), three_box_index=three_box,
                       three_box_category=_label(tb, three_box), **extra)
            rows.append(row)
    columns = (["construct", "item", "n"] + [f"n_{v}" for v in points]
               + [f"percent_{v}" for v in points]
               + ["other_answers", "total_score", "ideal_score", "mean", "sd", "category", "score_index",
                  "index_category", "three_box_index", "three_box_category", "rule", "reference"])
    return pd.DataFrame(rows, columns=columns)


def construct_descriptives(items: pd.DataFrame, likert: Sequence[float] = (1, 5)) -> pd.DataFrame:
    """One row per construct from :func:`item_descriptives`: the mean of its items' means (and of their indexes).

    Returns ``construct, n_items, total_score, ideal_score, mean, category, score_index, index_category,
    three_box_index, three_box_category, rule, reference``: ``mean`` is the unweighted mean of the item means, as
    theses average the rows of their item table; ``score_index`` and ``three_box_index`` likewise average the items'
    indexes; ``total_score`` and ``ideal_score`` are the sums over the items.
    """
    ci, ix, tb = _rules(likert)
    extra = _rule_columns(likert)
    rows = []
    for construct, d in items.groupby("construct", sort=False):
        mean = float(d["mean"].mean())
        index = float(d["score_index"].mean())
        three_box = float(d["three_box_index"].mean())
        rows.append(dict(construct=construct, n_items=len(d), total_score=float(d["total_score"].sum()),
                         ideal_score=float(d["ideal_score"].sum()), mean=mean, category=_label(ci, mean),
                         score_index=index, index_category=_label(ix, index), three_box_index=three_box,
                         three_box_category=_label(tb, three_box), **extra))
    return pd.DataFrame(rows, columns=["construct", "n_items", "total_score", "ideal_score", "mean", "category",
                                       "score_index", "index_category", "three_box_index", "three_box_category",
                                       "rule", "reference"])


def bands_table(likert: Sequence[float] = (1, 5)) -> pd.DataFrame:
    """Every band of the three rules: ``rule, band, label, lower, upper, reference`` (the scale's numbers)."""
    rows = []
    for key, make in rules.RULES.items():
        rule = make(likert)
        for b in rule.bands:
            rows.append(dict(rule=key, criterion=rule.criterion, band=b.number, label=b.label, lower=b.lower,
                             upper=b.upper, formula=rule.formula, reference=rule.reference))
    return pd.DataFrame(rows, columns=["rule", "criterion", "band", "label", "lower", "upper", "formula",
                                       "reference"])
