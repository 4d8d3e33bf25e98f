"""The summary's sections on common method bias and the importance-performance map of a PLS study.

Worded from ``common_method_bias.csv``, ``marker_variable.csv`` (:mod:`surveysem.assess.method_bias`) and
``ipma_constructs.csv`` (:mod:`surveysem.assess.ipma`), never recomputed: the verdicts and thresholds are the
CSVs' own (Kock 2015: full-collinearity VIF < 3.3; Podsakoff et al. 2003: one factor < 50 %; Lindell & Whitney
2001 and Rönkkö & Ylitalo 2011 for the marker; Ringle & Sarstedt 2016 for the map).
"""
from __future__ import annotations

import pandas as pd

from ...i18n import _
from ..folder import ResultsFolder
from .document import Doc, _list_words, _opened, _records, _text, num, percent, view

#: the caption of the importance-performance map in Word and HTML (surveysem.report.ipma_figure)
FIGURE_TITLES = {"ipma": "Importance-performance map"}


def common_method_bias(doc: Doc, a: ResultsFolder) -> None:
    """Kock's full-collinearity VIF and Harman's test (always), and the marker variable (with ``marker:``)."""
    cmb = a.csv("common_method_bias.csv")
    rows = _opened(doc, cmb, _("Common method bias"))
    if rows is None:
        return
    vif = [r for r in rows if r["test"] == "full_collinearity_vif"]
    harman = next((r for r in rows if r["test"] == "harman_single_factor"), None)
    text = []
    if vif:
        high = [r for r in vif if r["verdict"] != "pass"]
        values = [float(r["value"]) for r in vif if not pd.isna(r["value"])]
        threshold = num(vif[0]["threshold"], 1)
        if not high:
            text.append(_("The full-collinearity VIFs of the constructs (each construct's scores regressed on all "
                          "the others, Kock 2015) lie between {low} and {high}, all below {threshold}: no sign of "
                          "common method bias.", low=num(min(values)), high=num(max(values)), threshold=threshold))
        else:
            text.append(_("The full-collinearity VIF (Kock 2015) reaches {threshold} or more for {names}: their "
                          "scores may share common method variance (or the constructs overlap in content).",
                          threshold=threshold, names=_list_words([str(r["construct"]) for r in high])))
    if harman is not None:
        share = percent(harman["value"])
        text.append(_("One unrotated factor explains {share} of the variance of all items (Harman's single-factor "
                      "test); below 50%, so no single factor dominates (Podsakoff et al. 2003)." if
                      harman["verdict"] == "pass" else
                      "One unrotated factor explains {share} of the variance of all items (Harman's single-factor "
                      "test): 50% or more, a sign of a common method factor (Podsakoff et al. 2003).", share=share))
    text.append(_("Both checks only flag a problem; neither proves its absence (Podsakoff et al. 2003)."))
    doc.p(*text)
    doc.table(view("pls", "common_method_bias"), cmb)
    marker = a.csv("marker_variable.csv")
    if marker is not None and not marker.empty:
        _marker(doc, marker, (a.json("run.json").get("assessment") or {}).get("settings", {}).get("marker"))


def _marker(doc: Doc, marker: pd.DataFrame, column: str | None) -> None:
    rows = _records(marker)
    corr = [r for r in rows if r["test"] == "marker_correlation"]
    paths = [r for r in rows if r["test"] == "marker_path" and not _text(r.get("note"))]
    lost_c = [str(r["subject"]) for r in corr if r["verdict"] == "fail"]
    lost_p = [str(r["subject"]) for r in paths if r["verdict"] == "fail"]
    r_m = next((_text(r.get("note")) for r in corr), "")
    text = [_("The marker variable {column} (Lindell & Whitney 2001): every construct correlation adjusted for the "
              "marker's smallest positive correlation with a construct ({rm}), and the model re-estimated with "
              "the marker predicting every endogenous construct (Rönkkö & Ylitalo 2011).",
              column=column or "-", rm=r_m)]
    if not lost_c and not lost_p:
        text.append(_("No correlation and no path loses its significance: common method variance does not explain "
                      "the results."))
    else:
        if lost_c:
            text.append(_("Correlations that lose their significance after the adjustment: {names}.",
                          names=_list_words(lost_c)))
        if lost_p:
            text.append(_("Paths that lose their significance with the marker as control: {names}.",
                          names=_list_words(lost_p)))
    doc.p(*text)
    doc.table(view("pls", "marker_variable"), marker[marker["test"] == "marker_path"])


def ipma(doc: Doc, a: ResultsFolder) -> None:
    """The importance-performance map (with ``ipma:``): the priorities for the target construct."""
    c = a.csv("ipma_constructs.csv")
    recs = _opened(doc, c, _("Importance-performance map"))
    if recs is None:
        return
    target = next((str(r["construct"]) for r in recs if r["role"] == "target"), "")
    ante = [r for r in recs if r["role"] == "antecedent"]
    if not ante:
        return
    imp = sum(float(r["importance"]) for r in ante) / len(ante)
    perf = sum(float(r["performance"]) for r in ante) / len(ante)
    first = [str(r["construct"]) for r in ante if float(r["importance"]) > imp and float(r["performance"]) < perf]
    top = max(ante, key=lambda r: float(r["importance"]))
    text = [_("Importance is each construct's unstandardized total effect on {target} (a one-point rise in its "
              "0-100 performance raises {target} by that many points); performance is its mean score rescaled to "
              "0-100 from the answer scale (Ringle & Sarstedt 2016).", target=target),
            _("{name} matters most for {target} (importance {imp}, performance {perf}).", name=top["construct"],
              target=target, imp=num(top["importance"]), perf=num(top["performance"], 1))]
    if first:
        text.append(_("Above-average importance with below-average performance, the first to improve: {names}.",
                      names=_list_words(first)))
    else:
        text.append(_("No construct combines above-average importance with below-average performance."))
    doc.p(*text)
    doc.table(view("pls", "ipma_constructs"), c)
    figure = a.path.parent / "figures" / "ipma.png"
    if figure.is_file():
        doc.figure(figure, _(FIGURE_TITLES["ipma"]))
