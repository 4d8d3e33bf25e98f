"""Thematic coding: codebook, case × theme matrix, prevalence, co-occurrence, agreement, audit trail."""
from __future__ import annotations

from ... import __version__
from .common import StudyFolders, _figures, _files, _warnings
from .document import Doc, _input, _list_words, _plural, _records, _text, bounded, integer, view


def write(doc: Doc, heading: str, folders: StudyFolders) -> None:
    """The coding summary: codebook and cases, matrix, prevalence, co-occurrence, agreement, figures."""
    a = folders.analysis
    run = a.json("run.json")
    doc.h1(heading)
    doc.p("*Provenance:* " + "; ".join([
        f"surveysem {run.get('surveysem', __version__)}", _input(run, "segments", "segments", "segments_file"),
        _input(run, "codebook", "codebook", "codebook_file")]
        + ([f"coder {run['coder']}"] if run.get("coder") else [])) + ".")

    doc.h2("Codebook and cases")
    doc.p(f"{_plural(run.get('n_segments', 0), 'coded segment')} assign {_plural(run.get('n_themes', 0), 'theme')} "
          f"across {_plural(run.get('n_cases', 0), 'case')}, {integer(run.get('n_coded_cases'))} of them with coded "
          "segments.")
    cb = a.need("codebook.csv", ("theme", "label"))
    doc.table(view("coding", "codebook"), cb)
    cases = a.csv("cases.csv")
    if cases is not None and not cases.empty and "case" in cases.columns:
        doc.table(view("coding", "cases"), cases)

    doc.h2("Case × theme matrix")
    mc = a.need("matrix_counts.csv", ("case",))
    themes = [str(t) for t in cb["theme"] if str(t) in mc.columns]
    doc.p("Number of distinct coded segments per case and theme (0: theme absent in the case). The audit table "
          f"`{doc.link(a.path / 'audit.csv')}` lists the segment behind each cell: case, theme, segment id, "
          "source, the excerpt and its row in the segments file.")
    extra = [c for c in ("themes_present", "segments") if c in mc.columns]
    doc.table(view("coding", "matrix_counts"), mc[["case", *themes, *extra]])  # the themes in codebook order

    doc.h2("Prevalence of the themes")
    pv = a.need("prevalence.csv", ("theme", "cases_with_theme", "rank"))
    precs = sorted(_records(pv), key=lambda r: (float(r.get("rank") or 0), str(r["theme"])))
    top = [r for r in precs if precs and r.get("rank") == precs[0].get("rank")]
    doc.p("Themes ranked by the number of cases in which they occur (ties share a rank). Most prevalent: "
          + _list_words([f"{r['theme']} {_text(r.get('label'))} ({integer(r.get('cases_with_theme'))} of "
                         f"{integer(r.get('n_cases'))} cases)" for r in top]) + ".")
    doc.table(view("coding", "prevalence"), pv)

    doc.h2("Co-occurrence")
    co = a.need("cooccurrence.csv", ("level", "theme_a", "theme_b", "count"))
    for level, words in (("case", "cases"), ("segment", "segments")):
        pairs = [r for r in _records(co) if _text(r.get("level")) == level and str(r["theme_a"]) < str(r["theme_b"])
                 and float(r.get("count") or 0) > 0]
        pairs.sort(key=lambda r: (-float(r["count"]), -float(r.get("jaccard") or 0), str(r["theme_a"]),
                                  str(r["theme_b"])))
        if pairs:
            doc.p(f"Themes sharing {words}: " + "; ".join(
                f"{r['theme_a']} & {r['theme_b']} in {_plural(int(r['count']), words[:-1])} (Jaccard "
                f"{bounded(r.get('jaccard'))})" for r in pairs[:6])
                  + (f"; {len(pairs) - 6} more pairs in `cooccurrence.csv`" if len(pairs) > 6 else "") + ".")
        else:
            doc.p(f"No two themes share {words}.")
    doc.p("Jaccard = |A ∩ B| / |A ∪ B| (Jaccard 1912).")

    ag = a.csv("agreement.csv")
    if ag is not None and not ag.empty:
        doc.h2("Agreement of two coders")
        arec = _records(ag)
        overall = next((r for r in arec if str(r["theme"]) == "overall"), None)
        doc.p((f"Pooled Cohen's κ = {bounded(overall.get('kappa'))} ({overall.get('interpretation')}; "
               "Landis & Koch 1977)." if overall else ""),
              "κ = (p_o − p_e)/(1 − p_e) (Cohen 1960), pooled over themes as De Vries et al. (2008).")
        doc.table(view("coding", "agreement"), ag,
                  note="; ".join(dict.fromkeys(_text(r.get("note")) for r in arec if _text(r.get("note")))))

    figs = _figures(doc, a.path / "figures", {"case_theme_heatmap": "case × theme heatmap (segment counts)"})
    if figs:
        doc.h2("Figures")
        doc.bullets(figs)
    doc.h2("Warnings")
    notes = [] if not _text(run.get("agreement_note")) else [_text(run.get("agreement_note"))]
    _warnings(doc, list(run.get("warnings", [])), notes)
    doc.h2("Files")
    _files(doc, [a])
