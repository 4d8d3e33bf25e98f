"""Thematic coding: codebook, case × theme matrix, prevalence, co-occurrence, agreement, audit trail."""
from __future__ import annotations

from ... import __version__
from ...i18n import _, value
from .common import StudyFolders, _figures, _files, _warnings
from .document import Doc, _input, _list_words, _plural, _records, _text, bounded, integer, view


def write(doc: Doc, heading: str, folders: StudyFolders) -> None:
    """The coding summary: codebook and cases, matrix, prevalence, co-occurrence, agreement, figures."""
    a = folders.analysis
    run = a.json("run.json")
    doc.h1(heading)
    doc.p(f"*{_('Provenance:')}* " + "; ".join([
        f"surveysem {run.get('surveysem', __version__)}", _input(run, "segments", "segments", "segments_file"),
        _input(run, "codebook", "codebook", "codebook_file")]
        + ([_("coder {coder}", coder=run["coder"])] if run.get("coder") else [])) + ".")

    doc.h2(_("Codebook and cases"))
    doc.p(_("{segments} assign {themes} across {cases}, {k} of them with coded segments.",
            segments=_plural(run.get("n_segments", 0), "coded segment"), themes=_plural(run.get("n_themes", 0), "theme"),
            cases=_plural(run.get("n_cases", 0), "case"), k=integer(run.get("n_coded_cases"))))
    cb = a.need("codebook.csv", ("theme", "label"))
    doc.table(view("coding", "codebook"), cb)
    cases = a.csv("cases.csv")
    if cases is not None and not cases.empty and "case" in cases.columns:
        doc.table(view("coding", "cases"), cases)

    doc.h2(_("Case × theme matrix"))
    mc = a.need("matrix_counts.csv", ("case",))
    themes = [str(t) for t in cb["theme"] if str(t) in mc.columns]
    doc.p(_("Number of distinct coded segments per case and theme (0: theme absent in the case). The audit table "
            "`{path}` lists the segment behind each cell: case, theme, segment id, source, the excerpt and its row in "
            "the segments file.", path=doc.link(a.path / "audit.csv")))
    extra = [c for c in ("themes_present", "segments") if c in mc.columns]
    doc.table(view("coding", "matrix_counts"), mc[["case", *themes, *extra]])  # the themes in codebook order

    doc.h2(_("Prevalence of the themes"))
    pv = a.need("prevalence.csv", ("theme", "cases_with_theme", "rank"))
    precs = sorted(_records(pv), key=lambda r: (float(r.get("rank") or 0), str(r["theme"])))
    top = [r for r in precs if precs and r.get("rank") == precs[0].get("rank")]
    doc.p(_("Themes ranked by the number of cases in which they occur (ties share a rank). Most prevalent: ")
          + _list_words([f"{r['theme']} {_text(r.get('label'))} ("
                         + _("{k} of {n} cases", k=integer(r.get("cases_with_theme")), n=integer(r.get("n_cases")))
                         + ")" for r in top]) + ".")
    doc.table(view("coding", "prevalence"), pv)

    doc.h2(_("Co-occurrence"))
    co = a.need("cooccurrence.csv", ("level", "theme_a", "theme_b", "count"))
    for level, words in (("case", "cases"), ("segment", "segments")):
        pairs = [r for r in _records(co) if _text(r.get("level")) == level and str(r["theme_a"]) < str(r["theme_b"])
                 and float(r.get("count") or 0) > 0]
        pairs.sort(key=lambda r: (-float(r["count"]), -float(r.get("jaccard") or 0), str(r["theme_a"]),
                                  str(r["theme_b"])))
        if pairs:
            doc.p(_("Themes sharing {what}: ", what=_(words)) + "; ".join(
                _("{a} & {b} in {n} (Jaccard {j})", a=r["theme_a"], b=r["theme_b"],
                  n=_plural(int(r["count"]), words[:-1], words), j=bounded(r.get("jaccard"))) for r in pairs[:6])
                  + (_("; {n} more pairs in `cooccurrence.csv`", n=len(pairs) - 6) if len(pairs) > 6 else "") + ".")
        else:
            doc.p(_("No two themes share {what}.", what=_(words)))
    doc.p("Jaccard = |A ∩ B| / |A ∪ B| (Jaccard 1912).")

    ag = a.csv("agreement.csv")
    if ag is not None and not ag.empty:
        doc.h2(_("Agreement of two coders"))
        arec = _records(ag)
        overall = next((r for r in arec if str(r["theme"]) == "overall"), None)
        doc.p((_("Pooled Cohen's κ = {kappa} ({interpretation}; Landis & Koch 1977).",
                 kappa=bounded(overall.get("kappa")), interpretation=value(overall.get("interpretation")))
               if overall else ""),
              _("κ = (p_o − p_e)/(1 − p_e) (Cohen 1960), pooled over themes as De Vries et al. (2008)."))
        doc.table(view("coding", "agreement"), ag,
                  note="; ".join(dict.fromkeys(value(_text(r.get("note"))) for r in arec if _text(r.get("note")))))

    figs = _figures(doc, a.path / "figures", {"case_theme_heatmap": _("case × theme heatmap (segment counts)")})
    if figs:
        doc.h2(_("Figures"))
        doc.bullets(figs)
    doc.h2(_("Warnings"))
    notes = [] if not _text(run.get("agreement_note")) else [value(_text(run.get("agreement_note")))]
    _warnings(doc, list(run.get("warnings", [])), notes)
    doc.h2(_("Files"))
    _files(doc, [a])
