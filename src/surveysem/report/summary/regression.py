"""SPSS-style regression (Sugiyono 2015; Ghozali 2018): instrument, descriptives, assumptions, regressions, hypotheses."""
from __future__ import annotations

from pathlib import Path

from ... import __version__
from ...format import NA_TEXT, p_phrase
from . import describe
from .common import StudyFolders, _cleaning_section, _figures, _files, _table_notes, _warnings
from .document import (
    Doc,
    _input,
    _list_words,
    _plural,
    _range,
    _records,
    _rule,
    _tails,
    _text,
    _true,
    bounded,
    integer,
    level,
    num,
    view,
)


def write(doc: Doc, heading: str, folders: StudyFolders) -> None:
    """The regression summary, in the order of an SPSS-style thesis chapter."""
    a, cleaning = folders.analysis, folders.cleaning
    run = a.json("run.json")
    opts = run.get("options") or {}
    warnings: list[str] = list(run.get("warnings", []))
    doc.h1(heading)
    doc.p("*Provenance:* " + "; ".join([
        f"surveysem {run.get('surveysem', __version__)}",
        _input(run, "data", "data"), _input(run, "model", "model"),
        "equation" + ("s " if len(run.get("equations", [])) != 1 else " ")
        + ", ".join(f"`{e}`" for e in run.get("equations", [])),
        f"scores: {opts.get('score', NA_TEXT)} of the items",
        f"α = {level(opts.get('alpha'))}, {_tails(opts.get('tails', 2))} partial t tests"]) + ".")

    doc.h2("Sample and data cleaning")
    dropped = run.get("rows_dropped") or []
    miss = (f"Listwise deletion (as SPSS) removed {_plural(len(dropped), 'row')} with a missing item "
            f"(row{'s' if len(dropped) != 1 else ''} {', '.join(str(r) for r in dropped)}), so n = "
            f"{integer(run.get('n_used'))}." if dropped else
            f"No row had a missing item; n = {integer(run.get('n_used'))}.")
    warnings += _cleaning_section(doc, cleaning, run.get("n_used"), miss)
    if folders.describe is not None:
        warnings += describe.sections(doc, folders.describe)

    doc.h2("Instrument validity and reliability")
    iv = a.need("item_validity.csv", ("variable", "item", "r_used", "r_table", "valid"))
    recs = _records(iv)
    r0 = recs[0] if recs else {}
    crit = _text(r0.get("criterion"))
    crit_words = {"corrected": "the corrected item-total correlation (SPSS RELIABILITY)",
                  "pearson": "the Pearson correlation of the item with the total score"}.get(crit, crit)
    invalid = [r for r in recs if not _true(r.get("valid"))]
    doc.p(f"An item is valid when its r hitung, {crit_words}, exceeds r tabel = {bounded(r0.get('r_table'))} "
          f"(df = n − 2 = {integer(r0.get('df'))}, α = {level(r0.get('alpha'))} {_tails(r0.get('tails'))}; "
          "Sugiyono 2015).",
          f"All {_plural(len(recs), 'item')} are valid (r {_range(iv['r_used'])})." if not invalid else
          f"{_plural(len(invalid), 'item')} {'is' if len(invalid) == 1 else 'are'} not valid: "
          + _list_words([f"{r['item']} (r = {bounded(r.get('r_used'))})" for r in invalid]) + ".")
    doc.table(view("regression", "item_validity"), iv, note=f"Decision on the {crit or 'chosen'} correlation.")
    rel = a.need("reliability.csv", ("variable", "cronbach_alpha", "reliable"))
    rrec = _records(rel)
    unrel = [r for r in rrec if not _true(r.get("reliable"))]
    doc.p(("Every variable is reliable" if not unrel else
           "Not reliable: " + _list_words([str(r["variable"]) for r in unrel]))
          + f" (Cronbach's α {_range(rel['cronbach_alpha'])}). Rule: {_rule(rel)}.")
    doc.table(view("regression", "reliability"), rel)

    doc.h2("Descriptive statistics")
    desc = a.need("descriptives.csv", ("variable", "mean", "sd"))
    cats = a.csv("categories.csv")
    catmap = {}
    if cats is not None and "level" in cats.columns:
        catmap = {r["variable"]: r for r in _records(cats[cats["level"].astype(str) == "variable"])}
    desc = desc.assign(item_mean=[catmap.get(v, {}).get("mean") for v in desc["variable"]],
                       category=[catmap.get(v, {}).get("category") for v in desc["variable"]])
    doc.p(f"Composite scores are the {opts.get('score', 'sum')} of each variable's items; the category of a "
          "variable is that of its mean item score.",
          f"Bands: {_rule(cats)}." if cats is not None else "")
    doc.table(view("regression", "descriptives"), desc, note="SD with n − 1.")
    bands = a.csv("category_bands.csv")
    if bands is not None and not bands.empty:
        doc.p("Category bands: " + "; ".join(
            f"{num(r.get('lower'), 2)}–{num(r.get('upper'), 2)} {r.get('label')} ({r.get('label_id')})"
            for r in _records(bands)) + ". Item-level categories are in "
            f"`{doc.link(a.path / 'categories.csv')}`.")

    doc.h2("Classic assumption tests")
    asm = a.need("assumptions.csv", ("test", "statistic", "p", "decision"))
    arec = _records(asm)
    doc.p("Each test is decided at α = " + level(opts.get("alpha", 0.05))
          + " (Ghozali 2018): residuals normal when p > α, linear when the deviation from linearity has p > α, no "
          "multicollinearity when tolerance > 0.10 and VIF < 10, no heteroskedasticity when p > α.",
          _assumption_summary(arec))
    doc.table(view("regression", "assumptions"), asm)
    notes = [f"{r.get('test')}: {r.get('note')}" for r in arec if _text(r.get("note"))]

    corr = a.csv("correlations.csv")
    if corr is not None and not corr.empty:
        doc.h2("Correlations")
        doc.p(f"Pearson correlations (two-tailed p). Strength: {_rule(corr)}.")
        doc.table(view("regression", "correlations"), corr)

    doc.h2("Multiple linear regression")
    coef = a.need("coefficients.csv", ("dependent", "term", "b", "se", "beta", "t", "p"))
    ms = a.need("model_summary.csv", ("dependent", "r", "r2", "adj_r2"))
    an = a.need("anova.csv", ("dependent", "source", "f", "p", "df"))
    for m in _records(ms):
        dep = m["dependent"]
        c = [r for r in _records(coef) if r["dependent"] == dep]
        const = next((r for r in c if _text(r["term"]) == "(Constant)"), None)
        terms = [r for r in c if _text(r["term"]) != "(Constant)"]
        eq = f"{dep} = {num(const['b']) if const else '0'}" + "".join(
            f" {'−' if float(r['b']) < 0 else '+'} {num(abs(float(r['b'])))} {r['term']}" for r in terms)
        ar = [r for r in _records(an) if r["dependent"] == dep]
        reg = next((r for r in ar if _text(r["source"]) == "Regression"), {})
        res = next((r for r in ar if _text(r["source"]) == "Residual"), {})
        ftxt = (f"F({integer(reg.get('df'))}, {integer(res.get('df'))}) = {num(reg.get('f'))}, "
                f"{p_phrase(reg.get('p'))}")
        doc.p(f"Equation: {eq}.",
              f"R = {bounded(m.get('r'))}, R² = {bounded(m.get('r2'))}, adjusted R² = {bounded(m.get('adj_r2'))}, "
              f"SE of the estimate = {num(m.get('se_estimate'))}; {ftxt} (ANOVA).",
              _text(m.get("kd_statement")))
        doc.table(view("regression", "coefficients"), coef[coef["dependent"] == dep],
                  note=f"Dependent variable: {dep}. p two-tailed as SPSS prints it; the hypothesis tests below use "
                       f"{_tails(opts.get('tails', 2))} p.")

    sr = a.csv("simple_regressions.csv")
    if sr is not None and not sr.empty:
        doc.h2("Simple linear regressions")
        recs = _records(sr)
        doc.p("One equation per predictor, Y = a + bX (Sugiyono 2015), beside the multiple regression. "
              "KD = r² × 100% (coefficient of determination).")
        doc.table(view("regression", "simple_regressions"), sr, note="p two-tailed.")

    medf = a.csv("mediation.csv")
    if medf is not None and not medf.empty:
        doc.h2("Mediation by regression")
        doc.p("Baron & Kenny steps, Sobel test and percentile bootstrap of a·b (Hayes model 4); the steps are in "
              f"`{doc.link(a.path / 'mediation_steps.csv')}`.")
        doc.table(view("regression", "mediation"), medf)
        notes += [f"mediation: {r.get('note')}" for r in _records(medf) if _text(r.get("note"))]

    doc.h2("Hypotheses")
    hyp = a.need("hypotheses.csv", ("hypothesis", "statement", "decision"))
    hrec = _records(hyp)
    acc = sum(_text(r.get("decision")) == "accepted" for r in hrec)
    doc.p("A partial hypothesis is accepted when t hitung > t tabel (equivalently p < α); the simultaneous one when "
          "F hitung > F tabel (Ghozali 2018). "
          + (f"All {_plural(len(hrec), 'hypothesis', 'hypotheses')} are accepted." if acc == len(hrec) else
             f"{integer(acc)} of {_plural(len(hrec), 'hypothesis', 'hypotheses')} "
             f"{'is' if acc == 1 else 'are'} accepted."))
    doc.table(view("regression", "hypotheses"), hyp, note=f"p {_tails(opts.get('tails', 2))} for the partial t tests.")
    doc.bullets([_text(r.get("reason")) for r in hrec if _text(r.get("reason"))])
    notes += [f"{r['hypothesis']}: {r.get('note')}" for r in hrec if _text(r.get("note"))]

    figs = _figures(doc, a.path / "figures", _regression_captions(a.path / "figures"))
    if figs:
        doc.h2("Figures")
        doc.p("The three SPSS residual charts per equation (PNG; SVG beside them):")
        doc.bullets(figs)

    doc.h2("Warnings")
    notes += _table_notes(a, ["item_validity.csv", "reliability.csv", "categories.csv"])
    _warnings(doc, warnings, notes)
    doc.h2("Files")
    _files(doc, [f for f in (cleaning, folders.describe, a) if f is not None])


def _assumption_summary(recs: list[dict]) -> str:
    bad = ("not normal", "not linear", "multicollinearity", "heteroskedasticity", "not computed")
    problems = [r for r in recs if _text(r.get("decision")) in bad]
    if not problems:
        return "Every test is passed."
    return ("Not passed: " + "; ".join(
        f"{r.get('test')}{' for ' + str(r.get('predictor')) if _text(r.get('predictor')) else ''} "
        f"({_text(r.get('statistic_name'))} = {num(r.get('statistic'))}, {p_phrase(r.get('p'))}: {r.get('decision')})"
        for r in problems) + ". Where tests of the same assumption disagree, all are shown in the table.")


def _regression_captions(folder: Path) -> dict[str, str]:
    out = {}
    if folder.is_dir():
        for f in folder.glob("*.png"):
            for suffix, words in (("_histogram", "histogram of the standardized residuals"),
                                  ("_pp_plot", "normal P-P plot of the standardized residuals"),
                                  ("_scatter", "studentized residuals against standardized predicted values")):
                if f.stem.endswith(suffix):
                    out[f.stem] = f"{f.stem[: -len(suffix)]}: {words}"
    return out
