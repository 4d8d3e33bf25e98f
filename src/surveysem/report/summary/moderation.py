"""The moderation section of the PLS-SEM summary: interaction terms, simple slopes, moderated mediation.

Worded from ``paths.csv``, ``simple_slopes.csv`` and ``conditional_indirect.csv`` (:mod:`surveysem.pls.slopes`), never
recomputed: an interaction is significant when its bootstrap percentile interval excludes 0 (the paths' rule); the
effect of X is called weaker (stronger) at high W when |slope at +1 SD| < (>) |slope at −1 SD| (Hair et al. 2022,
ch. 7); an indirect effect is moderated when the interval of Hayes's (2015) index of moderated mediation excludes 0.
"""
from __future__ import annotations

import pandas as pd

from ...i18n import _
from ..folder import ResultsFolder
from .document import Doc, _list_words, _records, _text, bounded, view
from .document import num as _num

#: the captions of the moderation figures in Word and HTML (surveysem.report.slope_figures)
FIGURE_TITLES = {
    "simple_slopes": "Simple slopes of the moderated effects",
    "floodlight": "Floodlight plot: the conditional effect across the moderator (Johnson-Neyman)",
}


def _interval(r: dict, fmt=_num) -> str:
    return f"[{fmt(r.get('ci_low'))}, {fmt(r.get('ci_high'))}]"


def _chain(r: dict) -> str:
    return " → ".join([str(r["from"]), *[v for v in _text(r.get("via")).split(" -> ") if v], str(r["to"])])


def _excludes_zero(r: dict) -> bool | None:
    lo, hi = r.get("ci_low"), r.get("ci_high")
    if lo is None or hi is None or pd.isna(lo) or pd.isna(hi):
        return None
    return bool(lo > 0 or hi < 0)


def section(doc: Doc, a: ResultsFolder, paths: pd.DataFrame, slopes: pd.DataFrame) -> None:
    """Interaction paths, simple slopes (table and figure), conditional indirect effects and their indices."""
    path_rows = {(str(r["from"]), str(r["to"])): r for r in _records(paths)}
    sentences = []
    for (term, dv), g in slopes.groupby(["interaction", "dv"], sort=False):
        recs = sorted(_records(g), key=lambda r: float(r["moderator_level"]))
        iv, w = str(recs[0]["iv"]), str(recs[0]["moderator"])
        p = path_rows.get((str(term), str(dv)), {})
        sig = _excludes_zero(p)
        head = _("The quadratic term {term} → {dv} has β = {beta} (95% CI {ci})" if iv == w else
                 "The interaction {term} → {dv} has β = {beta} (95% CI {ci})", term=term, dv=dv,
                 beta=bounded(p.get("estimate")), ci=_interval(p, bounded))
        if iv == w:
            sentences.append(head + _(": the effect of {iv} on {dv} is curved (quadratic); the slope of the curve is "
                                      "{low} at −1 SD, {mid} at the mean and {high} at +1 SD of {iv}.", iv=iv, dv=dv,
                                      low=_num(recs[0]["estimate"]), mid=_num(recs[1]["estimate"]),
                                      high=_num(recs[-1]["estimate"])))
            continue
        low, mid, high = recs[0], recs[len(recs) // 2], recs[-1]
        direction = (_("weaker") if abs(float(high["estimate"])) < abs(float(low["estimate"])) else _("stronger"))
        body = _("the effect of {iv} on {dv} is {direction} when {w} is high: {low} at {w} −1 SD, {mid} at its mean "
                 "and {high} at +1 SD.", iv=iv, dv=dv, direction=direction, w=w, low=_num(low["estimate"]),
                 mid=_num(mid["estimate"]), high=_num(high["estimate"]))
        if sig is False:
            body += " " + _("The interval of the interaction includes 0, so this difference is not significant.")
        sentences.append(head + "; " + body)
    doc.p(*sentences)
    doc.table(view("pls", "simple_slopes"), slopes,
              note=_("Simple slope = β(X → Y) + β(X:W → Y) · w at the moderator's standardized score w (SmartPLS and "
                     "R seminr's slope_analysis(), Hair et al. 2022, ch. 7)."))
    figure = a.path.parent / "figures" / "simple_slopes.png"
    if figure.is_file():
        doc.figure(figure, _(FIGURE_TITLES["simple_slopes"]))

    cond = a.csv("conditional_indirect.csv")
    if cond is None or cond.empty:
        doc.p(_("No mediator's path is moderated, so there is no conditional indirect effect."))
        return
    doc.h3(_("Moderated mediation"))
    index = [r for r in _records(cond) if _text(r.get("statistic")) == "index_moderated_mediation"]
    moderated = [r for r in index if _excludes_zero(r)]
    text = [_("The indirect effects through a moderated link are reported at the moderator's −1 SD, mean and +1 SD; "
              "the index of moderated mediation is their change per SD of the moderator (Hayes 2015).")]
    if moderated:
        text.append(_("The index excludes 0, so the mediation is moderated, for {list}.", list=_list_words(
            [_("{chain} by {w} (index {index}, 95% CI {ci})", chain=_chain(r), w=r["moderator"],
               index=_num(r.get("estimate")), ci=_interval(r)) for r in moderated])))
    with_index = [r for r in index if not pd.isna(r.get("estimate"))]
    rest = [r for r in with_index if not _excludes_zero(r)]
    if rest:
        text.append(_("For {k} of {n} chains the index's interval includes 0 (no evidence of moderated mediation).",
                      k=len(rest), n=len(with_index)))
    if len(with_index) < len(index):
        text.append(_("A chain whose links are moderated twice by the same moderator has no index (its indirect "
                      "effect is a quadratic function of the moderator); read its conditional effects."))
    doc.p(*text)
    doc.table(view("pls", "conditional_indirect"), cond)
