"""The covariance-based cross-check of a PLS-SEM study (``surveysem cbsem``): fit, and where PLS and CB-SEM differ."""
from __future__ import annotations

from ...format import DASH, bounded, ci, integer, num, p_phrase, pval
from ..folder import ResultsFolder
from .document import Doc, _arrow, _list_words, _missing, _plural, _pretty, _records, _rule, _text, _true


def section(doc: Doc, cb: ResultsFolder) -> list[str]:
    """The CB-SEM section of a PLS summary; returns the CB-SEM warnings and notes."""
    run = cb.json("run.json")
    warnings = [str(w) for w in run.get("warnings", [])] + [str(n) for n in run.get("notes", [])]
    wcsv = cb.csv("warnings.csv")
    if wcsv is not None and "message" in wcsv.columns:
        warnings += [_text(m) for m in wcsv["message"] if _text(m)]
    if run.get("skipped"):
        doc.p("The covariance-based cross-check was skipped: " + "; ".join(str(n) for n in run.get("notes", []))
              + ".")
        return warnings
    doc.p(f"The same model was estimated as a covariance-based SEM ({run.get('kind', 'sem').upper()}, "
          f"{run.get('estimator', 'ML')}, semopy {run.get('semopy', '')}) on n = {integer(run.get('n'))} "
          + (f"complete cases ({integer(run.get('n_dropped'))} dropped listwise)" if run.get("n_dropped")
             else "cases")
          + (", converged." if run.get("converged") else ", **not converged**: read its numbers with care."),
          "CB-SEM assumes common factors while PLS-SEM estimates composites, so loadings differ by design; the check "
          "is whether the structural conclusions agree.")
    fit = cb.csv("fit.csv", ("index", "value"))
    if fit is not None and not fit.empty:
        f = {str(r["index"]): r for r in _records(fit)}
        rows = []
        if "chisq" in f:
            r = f["chisq"]
            p = f.get("pvalue", {}).get("value")
            rows.append([f"χ²({integer(f.get('df', {}).get('value'))})", num(r.get("value")),
                         p_phrase(p) if not _missing(p) else DASH, _pretty(_text(r.get("threshold"))),
                         _text(r.get("verdict"))])
        for idx, label in (("cfi", "CFI"), ("tli", "TLI"), ("nfi", "NFI"), ("rmsea", "RMSEA"), ("srmr", "SRMR")):
            if idx in f:
                r = f[idx]
                extra = DASH
                if idx == "rmsea" and "rmsea_ci_lower" in f:
                    extra = "90% CI " + ci(f["rmsea_ci_lower"].get("value"), f["rmsea_ci_upper"].get("value"),
                                           leading_zero=False)
                rows.append([label, bounded(r.get("value")), extra, _pretty(_text(r.get("threshold"))),
                             _text(r.get("verdict"))])
        doc.table(["Index", "Value", "p / interval", "Criterion", "Verdict"], rows, "lrlll",
                  note="Conventions (lavaan's χ² = N·F_ML, RMSEA with N) and the semopy variants are in "
                       f"`{doc.link(cb.path / 'fit.csv')}`; criteria: Hu & Bentler (1999), Bentler & Bonett (1980).")
    comp = cb.csv("comparison.csv")
    if comp is not None and not comp.empty and "kind" in comp.columns:
        recs = _records(comp)
        pth = [r for r in recs if _text(r.get("kind")) == "path"]
        diff = [r for r in pth if _true(r.get("sign_differs")) or _true(r.get("significance_differs"))]
        text = (f"Of {_plural(len(pth), 'path')}, {integer(len(diff)) if diff else 'none'} "
                f"{'differ' if len(diff) > 1 else 'differs'} between PLS-SEM and CB-SEM in sign or significance")
        if diff:
            text += ": " + "; ".join(
                f"{_arrow(r['from'], r['to'])} (PLS β = {bounded(r.get('pls_estimate'))}, "
                f"{'significant' if _true(r.get('pls_significant')) else 'not significant'}; CB-SEM β = "
                f"{bounded(r.get('cb_std'))}, {p_phrase(r.get('cb_p'))}, "
                f"{'significant' if _true(r.get('cb_significant')) else 'not significant'})" for r in diff)
        text += "."
        lds = [r for r in recs if _text(r.get("kind")) == "loading"]
        only_cb = [r for r in lds if _missing(r.get("pls_estimate"))]
        ldiff = [r for r in lds if _true(r.get("sign_differs")) or _true(r.get("significance_differs"))]
        extra = ""
        if lds:
            extra = (f"Loadings: {integer(len(ldiff))} of {integer(len(lds) - len(only_cb))} differ in sign or "
                     "significance.")
        if only_cb:
            extra += (" The CB-SEM model keeps " + _list_words([str(r["to"]) for r in only_cb])
                      + ", which the PLS item purification removed.")
        doc.p(text, extra, f"Rule: {_rule(comp)}.")
        rows = [[_arrow(r["from"], r["to"]), bounded(r.get("pls_estimate")), pval(r.get("pls_p")),
                 bounded(r.get("cb_std")), pval(r.get("cb_p")),
                 "yes" if _true(r.get("sign_differs")) else "no",
                 "yes" if _true(r.get("significance_differs")) else "no"] for r in pth]
        doc.table(["Path", "PLS β", "PLS p", "CB-SEM β (std.all)", "CB-SEM p", "Sign differs",
                   "Significance differs"], rows, "lrrrrll")
    if warnings:
        doc.p("CB-SEM warnings and notes: " + "; ".join(dict.fromkeys(warnings)) + ".")
    return warnings
