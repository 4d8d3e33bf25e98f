"""Importance-performance map analysis (IPMA) of a PLS-SEM estimate: for one target construct, how much each
antecedent matters (importance) and how well it does (performance), at construct and at indicator level.

Procedure (Ringle & Sarstedt 2016, *Industrial Management & Data Systems* 116(9), 1865–1886; Hair, Sarstedt,
Ringle & Gudergan 2024, *Advanced Issues in PLS-SEM*, 2nd ed., ch. 3; Hair et al. 2022, *A Primer on PLS-SEM*,
3rd ed., ch. 8):

1. every indicator is rescaled to 0–100 from the scale's **theoretical** minimum and maximum (``scale``, e.g.
   ``(1, 7)`` for 7-point items — not the observed range):  x̃ = (x − min) / (max − min) · 100;
2. unstandardized weights: the standardized outer weight divided by the SD (n − 1) of the rescaled indicator,
   then normalized to sum to 1 within each construct,  w̃ᵢ = (wᵢ / sᵢ) / Σ_{j∈k} (wⱼ / sⱼ);
3. construct scores on the 0–100 metric  Ỹₖ = Σ_{i∈k} w̃ᵢ x̃ᵢ;  **performance** = mean of Ỹₖ (of an indicator:
   the mean of x̃ᵢ);
4. **importance** = the unstandardized total effect of construct j on the target t,
   T̃ⱼₜ = Tⱼₜ · sd(Ỹₜ) / sd(Ỹⱼ) with T the standardized total effect (the slope the total effect has on the
   0–100 scores); an indicator's importance is its normalized weight times its construct's T̃.

These are the conventions of R cSEM's ``doIPMA()`` (0.6.1), against which the tests check to 1e-6
(``tests/assess/test_ipma.py``). ``docs/ipma.md`` explains how to read the map.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pandas as pd

from ..errors import ConfigError, DataError, ModelError
from ..format import plain
from ..pls.plan import Plan
from ..results import StudyTables, write_atomically, write_study_folder

if TYPE_CHECKING:
    from ..pls.estimate import PLSResult

REFERENCE = "Ringle & Sarstedt (2016); Hair et al. (2024), Advanced Issues in PLS-SEM, ch. 3"
RULE_RESCALE = "indicators rescaled (x - {lo}) / ({hi} - {lo}) * 100 from the scale's minimum and maximum"
RULE_CONSTRUCT = ("performance = mean of the 0-100 construct scores (normalized unstandardized weights); "
                  "importance = unstandardized total effect on {target}")
RULE_INDICATOR = ("performance = mean of the rescaled indicator; importance = normalized unstandardized weight "
                  "x its construct's importance for {target}")

Scale = tuple[float, float]


@dataclass
class IPMAResult(StudyTables):
    """The IPMA of one target construct (see the module docstring for the formulas).

    Attributes
    ----------
    target : str
        The target construct.
    constructs : DataFrame
        ``construct, role, importance, performance, total_effect_std, rule, reference``: one row per antecedent
        (a construct with a total effect on the target; ``role`` = ``antecedent``) and the target itself last
        (``role`` = ``target``, importance empty).
    indicators : DataFrame
        ``construct, indicator, role, scale_min, scale_max, weight_std, weight_normed, importance, performance,
        rule, reference``: the indicators of the antecedents and of the target (importance empty for the target's).
    notes : list of str
        Sentences for the log and the report (negative weights, which the IPMA's interpretation assumes away).
    """

    TABLES: ClassVar[Mapping[str, str]] = {"ipma_constructs": "constructs", "ipma_indicators": "indicators"}

    target: str
    constructs: pd.DataFrame
    indicators: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def summary(self) -> str:
        """A plain-text overview: each antecedent's importance and performance, and the notes."""
        c = self.constructs
        target = c[c["role"] == "target"].iloc[0]
        out = ["Importance-performance map for {target} (performance {p} on 0-100)".format(
            target=self.target, p=plain(target["performance"], 1))]
        for r in c[c["role"] == "antecedent"].itertuples(index=False):
            out.append("  {c}: importance {i}, performance {p}".format(
                c=r.construct, i=plain(r.importance), p=plain(r.performance, 1)))
        out += ["Note: " + n for n in self.notes]
        return "\n".join(out)

    def write(self, out: str | os.PathLike, inputs: Mapping[str, object] | None = None) -> list[Path]:
        """Write ``ipma_constructs.csv``, ``ipma_indicators.csv``, ``summary.txt`` and ``run.json`` into ``out``,
        all or nothing."""
        inputs = dict(inputs or {})

        def fill(folder: Path) -> list[Path]:
            return write_study_folder(folder, self.tables(), meta=self.meta, inputs=inputs, warnings=self.notes,
                                      summary=self.summary())

        return write_atomically(out, fill, made_by="surveysem ipma",
                                inputs=[v for v in inputs.values() if v is not None])


def rescale(data: pd.DataFrame, scale: Scale | Mapping[str, Scale]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rescale indicators to 0–100: x̃ = (x − min) / (max − min) · 100 (Ringle & Sarstedt 2016, eq. 1).

    Parameters
    ----------
    data : DataFrame
        The indicators (one column each), missing values already treated.
    scale : (min, max) or mapping indicator → (min, max)
        The theoretical scale limits (e.g. ``(1, 7)``), one pair for all indicators or one per indicator.

    Returns
    -------
    rescaled, limits : DataFrame
        The 0–100 data, and ``indicator, scale_min, scale_max``.

    Raises
    ------
    ConfigError
        When an indicator has no limits or a minimum is not below its maximum.
    DataError
        When a value lies outside its indicator's limits (the scale would not be 0–100).
    """
    rows = []
    for col in data.columns:
        if isinstance(scale, Mapping):
            if col not in scale:
                raise ConfigError("indicator {c} has no scale limits".format(c=col), where="scale",
                                  fix="give (min, max) for every indicator, e.g. {{'{c}': (1, 7)}}".format(c=col))
            lo, hi = scale[col]
        else:
            lo, hi = scale
        if not float(lo) < float(hi):
            raise ConfigError("the scale minimum {lo} of {c} is not below its maximum {hi}".format(lo=lo, c=col, hi=hi),
                              where="scale", fix="give the scale as (min, max), e.g. (1, 7)")
        rows.append((col, float(lo), float(hi)))
    limits = pd.DataFrame(rows, columns=["indicator", "scale_min", "scale_max"])
    lo_v = limits["scale_min"].to_numpy()
    hi_v = limits["scale_max"].to_numpy()
    x = data.to_numpy(dtype=float)
    outside = (x < lo_v) | (x > hi_v)
    if outside.any():
        r, c = np.argwhere(outside)[0]
        raise DataError(
            "indicator {c} has the value {v}, outside its scale {lo}-{hi} ({n} values outside in all)".format(
                c=data.columns[c], v=plain(x[r, c]), lo=plain(lo_v[c]), hi=plain(hi_v[c]), n=int(outside.sum())),
            where="row {r} of the analysed data".format(r=r + 1),
            fix="give the scale's true minimum and maximum, or recode the answers onto it")
    return pd.DataFrame((x - lo_v) / (hi_v - lo_v) * 100.0, columns=data.columns, index=data.index), limits


def normed_weights(w_std: np.ndarray, sd: np.ndarray, block: np.ndarray) -> np.ndarray:
    """Normalized unstandardized outer weights w̃ᵢ = (wᵢ / sᵢ) / Σ_{j∈k} (wⱼ / sⱼ) (Ringle & Sarstedt 2016, eq. 2).

    Parameters
    ----------
    w_std : ndarray (p,)
        Standardized outer weights.
    sd : ndarray (p,)
        SD (n − 1) of each rescaled indicator.
    block : ndarray (p,) of int
        Construct index of each indicator.

    Returns
    -------
    ndarray (p,)
        Weights summing to 1 within each construct, so a construct score Σ w̃ᵢ x̃ᵢ stays on the 0–100 metric (a
        weighted mean when every weight is positive).
    """
    w = np.asarray(w_std, dtype=float) / np.asarray(sd, dtype=float)
    block = np.asarray(block)
    sums = np.bincount(block, weights=w)
    return w / sums[block]


def ipma(res: PLSResult, target: str, scale: Scale | Mapping[str, Scale]) -> IPMAResult:
    """Importance-performance map analysis of ``res`` for the construct ``target`` (formulas: module docstring).

    Parameters
    ----------
    res : PLSResult
        A plain PLS estimate (no interaction terms, higher-order constructs or PLSc).
    target : str
        The target construct (endogenous).
    scale : (min, max) or mapping indicator → (min, max)
        The theoretical scale limits of the indicators (e.g. ``(1, 7)`` from ``likert``), not the observed range.

    Returns
    -------
    IPMAResult

    Raises
    ------
    ConfigError
        ``target`` is not a construct of the model, or no construct has an effect on it; bad ``scale``.
    ModelError
        The estimate is not a plain PLS model.
    DataError
        A value lies outside the scale.
    """
    st = res.structure
    constructs = list(st.constructs)
    if res.plan is not None and type(res.plan) is not Plan:
        raise ModelError("the IPMA is built for plain PLS models, not for interaction terms, higher-order "
                         "constructs or PLSc", where="target {t}".format(t=target),
                         fix="estimate the model without them for the IPMA")
    if target not in constructs:
        raise ConfigError("the IPMA target {t} is not a construct of the model".format(t=target), where="target",
                          fix="name one of: {c}".format(c=", ".join(constructs)))
    eff = res.effects
    tot = eff[(eff["kind"] == "total") & (eff["to"] == target)].set_index("from")["estimate"]
    antecedents = [c for c in constructs if c in tot.index]
    if not antecedents:
        raise ConfigError("no construct has an effect on the IPMA target {t}".format(t=target), where="target",
                          fix="choose an endogenous construct as the target")

    indicators = list(st.indicators)
    rescaled, limits = rescale(res.data.imputed[indicators], scale)
    x = rescaled.to_numpy()
    w_std = res.weights.set_index("indicator")["estimate"].reindex(indicators).to_numpy()
    block = np.asarray(st.block)
    w_norm = normed_weights(w_std, x.std(axis=0, ddof=1), block)
    scores = (x * w_norm) @ st.membership  # (n, K) 0-100 construct scores
    perf_c = scores.mean(axis=0)
    sd_c = scores.std(axis=0, ddof=1)
    t = constructs.index(target)
    imp_c = {c: float(tot[c]) * sd_c[t] / sd_c[constructs.index(c)] for c in antecedents}

    rule_c = RULE_CONSTRUCT.format(target=target)
    crow = [(c, "antecedent", imp_c[c], perf_c[constructs.index(c)], float(tot[c]), rule_c, REFERENCE)
            for c in antecedents]
    crow.append((target, "target", np.nan, perf_c[t], np.nan, rule_c, REFERENCE))
    ctab = pd.DataFrame(crow, columns=["construct", "role", "importance", "performance", "total_effect_std",
                                       "rule", "reference"])

    rule_i = RULE_INDICATOR.format(target=target) + "; " + RULE_RESCALE.format(lo="min", hi="max")
    irow = []
    for i, ind in enumerate(indicators):
        c = constructs[block[i]]
        if c not in imp_c and c != target:
            continue
        imp = w_norm[i] * imp_c[c] if c in imp_c else np.nan
        irow.append((c, ind, "target" if c == target else "antecedent", limits["scale_min"].iloc[i],
                     limits["scale_max"].iloc[i], w_std[i], w_norm[i], imp, x[:, i].mean(), rule_i, REFERENCE))
    itab = pd.DataFrame(irow, columns=["construct", "indicator", "role", "scale_min", "scale_max", "weight_std",
                                       "weight_normed", "importance", "performance", "rule", "reference"])
    order = {c: k for k, c in enumerate([*antecedents, target])}
    itab = itab.sort_values("construct", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)

    notes = []
    for r in itab[itab["weight_normed"] < 0].itertuples(index=False):
        notes.append("indicator {i} of {c} has a negative weight ({w}); the IPMA assumes positive weights, so its "
                     "performance and importance are hard to read (Ringle & Sarstedt 2016)".format(
                         i=r.indicator, c=r.construct, w=plain(r.weight_normed)))
    meta = {"ipma": {"target": target, "n": int(x.shape[0]), "rescaling": RULE_RESCALE.format(lo="min", hi="max"),
                     "reference": REFERENCE}}
    return IPMAResult(target=target, constructs=ctab, indicators=itab, notes=notes, meta=meta)
