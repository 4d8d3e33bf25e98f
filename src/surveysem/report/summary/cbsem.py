"""The covariance-based cross-check of a PLS-SEM study (``surveysem cbsem``): fit, and where PLS and CB-SEM differ."""
from __future__ import annotations

import pandas as pd

from ... import format as fmt
from ...format import p_phrase
from ...i18n import _, value
from ..folder import ResultsFolder
from .document import Doc, _arrow, _list_words, _missing, _plural, _records, _rule, _text, _true, bounded, integer, view


def section(doc: Doc, cb: ResultsFolder) -> list[str]:
    """The CB-SEM section of a PLS summary; returns the CB-SEM warnings and notes."""
    run = cb.json("run.json")
    warnings = [str(w) for w in run.get("warnings", [])] + [str(n) for n in run.get("notes", [])]
    wcsv = cb.csv("warnings.csv")
    if wcsv is not None and "message" in wcsv.columns:
        warnings += [_text(m) for m in wcsv["message"] if _text(m)]
    if run.get("skipped"):
        doc.p(_("The covariance-based cross-check was skipped: ")
              + "; ".join(value(str(n)) for n in run.get("notes", [])) + ".")
        return warnings
    doc.p(_("The same model was estimated as a covariance-based SEM ({kind}, {estimator}, semopy {version}) on "
            "n = {n} ", kind=run.get("kind", "sem").upper(), estimator=run.get("estimator", "ML"),
            version=run.get("semopy", ""), n=integer(run.get("n")))
          + (_("complete cases ({k} dropped listwise)", k=integer(run.get("n_dropped"))) if run.get("n_dropped")
             else _("cases"))
          + (_(", converged.") if run.get("converged") else _(", **not converged**: read its numbers with care.")),
          _("CB-SEM assumes common factors while PLS-SEM estimates composites, so loadings differ by design; the "
            "check is whether the structural conclusions agree."))
    fit = cb.csv("fit.csv", ("index", "value"))
    if fit is not None and not fit.empty:
        f = {str(r["index"]): r for r in _records(fit)}
        rows = []  # χ² with its df and p, then the indices; RMSEA with its interval
        if "chisq" in f:
            rows.append(dict(f["chisq"], label=f"χ²({fmt.integer(f.get('df', {}).get('value'))})",
                             p=f.get("pvalue", {}).get("value")))
        for idx, label in (("cfi", "CFI"), ("tli", "TLI"), ("nfi", "NFI"), ("rmsea", "RMSEA"), ("srmr", "SRMR")):
            if idx in f:
                interval = idx == "rmsea" and "rmsea_ci_lower" in f
                rows.append(dict(f[idx], label=label,
                                 ci_low=f["rmsea_ci_lower"].get("value") if interval else None,
                                 ci_high=f["rmsea_ci_upper"].get("value") if interval else None))
        doc.table(view("cbsem", "fit"), pd.DataFrame(rows, columns=["index", "label", "value", "p", "ci_low", "ci_high",
                                                                    "threshold", "verdict"]),
                  note=_("Conventions (lavaan's χ² = N·F_ML, RMSEA with N) and the semopy variants are in `{path}`; "
                         "criteria: Hu & Bentler (1999), Bentler & Bonett (1980).", path=doc.link(cb.path / "fit.csv")))
    comp = cb.csv("comparison.csv")
    if comp is not None and not comp.empty and "kind" in comp.columns:
        recs = _records(comp)
        pth = [r for r in recs if _text(r.get("kind")) == "path"]
        diff = [r for r in pth if _true(r.get("sign_differs")) or _true(r.get("significance_differs"))]
        text = _("Of {paths}, {k} differ between PLS-SEM and CB-SEM in sign or significance" if len(diff) > 1 else
                 "Of {paths}, {k} differs between PLS-SEM and CB-SEM in sign or significance",
                 paths=_plural(len(pth), "path"), k=integer(len(diff)) if diff else _("none"))
        if diff:
            text += ": " + "; ".join(
                f"{_arrow(r['from'], r['to'])} (PLS β = {bounded(r.get('pls_estimate'))}, "
                f"{_('significant' if _true(r.get('pls_significant')) else 'not significant')}; CB-SEM β = "
                f"{bounded(r.get('cb_std'))}, {p_phrase(r.get('cb_p'))}, "
                f"{_('significant' if _true(r.get('cb_significant')) else 'not significant')})" for r in diff)
        text += "."
        lds = [r for r in recs if _text(r.get("kind")) == "loading"]
        only_cb = [r for r in lds if _missing(r.get("pls_estimate"))]
        ldiff = [r for r in lds if _true(r.get("sign_differs")) or _true(r.get("significance_differs"))]
        extra = ""
        if lds:
            extra = _("Loadings: {k} of {n} differ in sign or significance.", k=integer(len(ldiff)),
                      n=integer(len(lds) - len(only_cb)))
        if only_cb:
            extra += _(" The CB-SEM model keeps {items}, which the PLS item purification removed.",
                       items=_list_words([str(r["to"]) for r in only_cb]))
        doc.p(text, extra, _("Rule: {rule}.", rule=_rule(comp)))
        doc.table(view("cbsem", "comparison"), comp)
    if warnings:
        doc.p(_("CB-SEM warnings and notes: ") + "; ".join(value(w) for w in dict.fromkeys(warnings)) + ".")
    return warnings
