"""SPSS-style regression (Sugiyono 2015; Ghozali 2018): instrument, descriptives, assumptions, regressions, hypotheses."""
from __future__ import annotations

from pathlib import Path

from ... import __version__
from ...format import NA_TEXT, p_phrase
from ...i18n import _, language, value
from ...regression.assumptions import TOLERANCE_MIN, VIF_MAX
from ...stats.sample_size import SLOVIN_MARGIN
from . import describe
from .common import StudyFolders, _cleaning_section, _figures, _files, _table_notes, _warnings
from .document import (
    Doc,
    _input,
    _list_words,
    _opened,
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
    doc.p(f"*{_('Provenance:')}* " + "; ".join([
        f"surveysem {run.get('surveysem', __version__)}",
        _input(run, "data", "data"), _input(run, "model", "model"),
        _("equations" if len(run.get("equations", [])) != 1 else "equation") + " "
        + ", ".join(f"`{e}`" for e in run.get("equations", [])),
        _("scores: {score} of the items", score=_(opts.get("score", NA_TEXT))),
        _("α = {alpha}, {tails} partial t tests", alpha=level(opts.get("alpha")), tails=_tails(opts.get("tails", 2)))])
        + ".")

    doc.h2(_("Sample and data cleaning"))
    dropped = run.get("rows_dropped") or []
    miss = (_("Listwise deletion (as SPSS) removed {rows} with a missing item (rows {list}), so n = {n}."
              if len(dropped) != 1 else
              "Listwise deletion (as SPSS) removed {rows} with a missing item (row {list}), so n = {n}.",
              rows=_plural(len(dropped), "row"), list=", ".join(str(r) for r in dropped),
              n=integer(run.get("n_used"))) if dropped else
            _("No row had a missing item; n = {n}.", n=integer(run.get("n_used"))))
    warnings += _cleaning_section(doc, cleaning, run.get("n_used"), miss)
    if folders.describe is not None:
        warnings += describe.sections(doc, folders.describe, folders.cleaning)

    doc.h2(_("Instrument validity and reliability"))
    iv = a.need("item_validity.csv", ("variable", "item", "r_used", "r_table", "valid"))
    recs = _records(iv)
    r0 = recs[0] if recs else {}
    crit = _text(r0.get("criterion"))
    crit_words = _({"corrected": "the corrected item-total correlation (SPSS RELIABILITY)",
                    "pearson": "the Pearson correlation of the item with the total score"}.get(crit, crit))
    invalid = [r for r in recs if not _true(r.get("valid"))]
    doc.p(_("An item is valid when its r hitung, {criterion}, exceeds r tabel = {r_table} (df = n − 2 = {df}, "
            "α = {alpha} {tails}; Sugiyono 2015).", criterion=crit_words, r_table=bounded(r0.get("r_table")),
            df=integer(r0.get("df")), alpha=level(r0.get("alpha")), tails=_tails(r0.get("tails"))),
          _("All {items} are valid (r {range}).", items=_plural(len(recs), "item"), range=_range(iv["r_used"]))
          if not invalid else
          _("{items} is not valid: {list}." if len(invalid) == 1 else "{items} are not valid: {list}.",
            items=_plural(len(invalid), "item"),
            list=_list_words([f"{r['item']} (r = {bounded(r.get('r_used'))})" for r in invalid])))
    doc.table(view("regression", "item_validity"), iv,
              note=_("Decision on the {criterion} correlation.", criterion=_(crit or "chosen")))
    rel = a.need("reliability.csv", ("variable", "cronbach_alpha", "reliable"))
    rrec = _records(rel)
    unrel = [r for r in rrec if not _true(r.get("reliable"))]
    doc.p((_("Every variable is reliable") if not unrel else
           _("Not reliable: ") + _list_words([str(r["variable"]) for r in unrel]))
          + _(" (Cronbach's α {range}). Rule: {rule}.", range=_range(rel["cronbach_alpha"]), rule=_rule(rel)))
    doc.table(view("regression", "reliability"), rel)

    doc.h2(_("Descriptive statistics"))
    desc = a.need("descriptives.csv", ("variable", "mean", "sd"))
    cats = a.csv("categories.csv")
    catmap = {}
    if cats is not None and "level" in cats.columns:
        catmap = {r["variable"]: r for r in _records(cats[cats["level"].astype(str) == "variable"])}
    desc = desc.assign(item_mean=[catmap.get(v, {}).get("mean") for v in desc["variable"]],
                       category=[catmap.get(v, {}).get("category") for v in desc["variable"]])
    doc.p(_("Composite scores are the {score} of each variable's items; the category of a variable is that of its "
            "mean item score.", score=_(opts.get("score", "sum"))),
          _("Bands: {rule}.", rule=_rule(cats)) if cats is not None else "")
    doc.table(view("regression", "descriptives"), desc, note=_("SD with n − 1."))
    bands = a.csv("category_bands.csv")
    if bands is not None and not bands.empty:
        indonesian = language() == "id"  # the band's own Indonesian name (label_id), not a translation
        doc.p(_("Category bands: ") + "; ".join(
            f"{num(r.get('lower'), 2)}–{num(r.get('upper'), 2)} "
            + (f"{r.get('label_id')}" if indonesian else f"{r.get('label')} ({r.get('label_id')})")
            for r in _records(bands))
            + _(". Item-level categories are in `{path}`.", path=doc.link(a.path / "categories.csv")))

    doc.h2(_("Classic assumption tests"))
    asm = a.need("assumptions.csv", ("test", "statistic", "p", "decision"))
    arec = _records(asm)
    doc.p(_("Each test is decided at α = {alpha} (Ghozali 2018): residuals normal when p > α, linear when the "
            "deviation from linearity has p > α, no multicollinearity when tolerance > {tol} and VIF < {vif}, no "
            "heteroskedasticity when p > α.", alpha=level(opts.get("alpha", 0.05)),
            tol=f"{TOLERANCE_MIN:.2f}", vif=f"{VIF_MAX:g}"),
          _assumption_summary(arec))
    doc.table(view("regression", "assumptions"), asm)
    notes = [f"{value(r.get('test'))}: {value(r.get('note'))}" for r in arec if _text(r.get("note"))]

    corr = a.csv("correlations.csv")
    if corr is not None and not corr.empty:
        doc.h2(_("Correlations"))
        doc.p(_("Pearson correlations (two-tailed p). Strength: {rule}.", rule=_rule(corr)))
        doc.table(view("regression", "correlations"), corr)

    doc.h2(_("Multiple linear regression"))
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
        doc.p(_("Equation: {equation}.", equation=eq),
              _("R = {r}, R² = {r2}, adjusted R² = {adj_r2}, SE of the estimate = {se}; {f} (ANOVA).",
                r=bounded(m.get("r")), r2=bounded(m.get("r2")), adj_r2=bounded(m.get("adj_r2")),
                se=num(m.get("se_estimate")), f=ftxt),
              value(_text(m.get("kd_statement"))))
        doc.table(view("regression", "coefficients"), coef[coef["dependent"] == dep],
                  note=_("Dependent variable: {dependent}. p two-tailed as SPSS prints it; the hypothesis tests below "
                         "use {tails} p.", dependent=dep, tails=_tails(opts.get("tails", 2))))

    _power_section(doc, a, opts)  # the power of the F test just reported, and the n it needs

    sr = a.csv("simple_regressions.csv")
    if sr is not None and not sr.empty:
        doc.h2(_("Simple linear regressions"))
        recs = _records(sr)
        doc.p(_("One equation per predictor, Y = a + bX (Sugiyono 2015), beside the multiple regression. "
                "KD = r² × 100% (coefficient of determination)."))
        doc.table(view("regression", "simple_regressions"), sr, note=_("p two-tailed."))

    medf = a.csv("mediation.csv")
    if medf is not None and not medf.empty:
        doc.h2(_("Mediation by regression"))
        doc.p(_("Baron & Kenny steps, Sobel test and percentile bootstrap of a·b (Hayes model 4); the steps are in "
                "`{path}`.", path=doc.link(a.path / "mediation_steps.csv")))
        doc.table(view("regression", "mediation"), medf)
        notes += [_("mediation: {note}", note=value(r.get("note"))) for r in _records(medf) if _text(r.get("note"))]

    doc.h2(_("Hypotheses"))
    hyp = a.need("hypotheses.csv", ("hypothesis", "statement", "decision"))
    hrec = _records(hyp)
    acc = sum(_text(r.get("decision")) == "accepted" for r in hrec)
    hypotheses = _plural(len(hrec), "hypothesis", "hypotheses")
    doc.p(_("A partial hypothesis is accepted when t hitung > t tabel (equivalently p < α); the simultaneous one when "
            "F hitung > F tabel (Ghozali 2018). ")
          + (_("All {hypotheses} are accepted.", hypotheses=hypotheses) if acc == len(hrec) else
             _("{k} of {hypotheses} is accepted." if acc == 1 else "{k} of {hypotheses} are accepted.",
               k=integer(acc), hypotheses=hypotheses)))
    doc.table(view("regression", "hypotheses"), hyp,
              note=_("p {tails} for the partial t tests.", tails=_tails(opts.get("tails", 2))))
    doc.bullets([value(_text(r.get("reason"))) for r in hrec if _text(r.get("reason"))])
    notes += [f"{r['hypothesis']}: {value(r.get('note'))}" for r in hrec if _text(r.get("note"))]

    figs = _figures(doc, a.path / "figures", _regression_captions(a.path / "figures"))
    if figs:
        doc.h2(_("Figures"))
        doc.p(_("The three SPSS residual charts per equation (PNG; SVG beside them):"))
        doc.bullets(figs)

    doc.h2(_("Warnings"))
    notes += _table_notes(a, ["item_validity.csv", "reliability.csv", "categories.csv"])
    _warnings(doc, warnings, notes)
    doc.h2(_("Files"))
    _files(doc, [f for f in (cleaning, folders.describe, a) if f is not None])


def _power_section(doc: Doc, a, opts: dict) -> None:
    """"Sample size and power": ``power.csv`` in sentences (F-test power at n, the n for .80; Slovin)."""
    pw = a.csv("power.csv")
    rows = _opened(doc, pw, _("Sample size and power"))  # None: a folder written before power.csv existed
    if rows is None:
        return
    sentences = []
    for r in rows:
        if _text(r.get("method")) == "Slovin":
            sentences.append(_(
                "Slovin's formula gives n = {need} for a population of {population} (margin of error {e}): it fixes "
                "the margin of error of a proportion in a simple random sample and is not a power calculation.",
                need=integer(r.get("n_required")), population=integer(opts.get("population_size")),
                e=level(SLOVIN_MARGIN)))
        elif r.get("n_required") is not None:
            sentences.append(_(
                "The F test of {dependent} ({k} predictors, f² = {f2}) has power {power} at n = {n}; power {target} "
                "at α = {alpha} needs n ≥ {need} (Cohen 1988; G*Power, R² deviation from zero).",
                dependent=_text(r.get("dependent")), k=integer(r.get("k")), f2=num(r.get("f2")),
                power=bounded(r.get("power_actual")), n=integer(r.get("n_actual")),
                target=level(r.get("power_target")), alpha=level(r.get("alpha")),
                need=integer(r.get("n_required"))))
    sentences.append(_("Post-hoc power at the observed effect adds nothing to the F test's p value (Hoenig & Heisey "
                       "2001); the required n is what a study expecting the same f² would plan for."))
    doc.p(*sentences)
    doc.table(view("regression", "power"), pw)


def _assumption_summary(recs: list[dict]) -> str:
    bad = ("not normal", "not linear", "multicollinearity", "heteroskedasticity", "not computed")
    problems = [r for r in recs if _text(r.get("decision")) in bad]
    if not problems:
        return _("Every test is passed.")
    return (_("Not passed: ") + "; ".join(
        (_("{test} for {predictor}", test=value(r.get("test")), predictor=r.get("predictor"))
         if _text(r.get("predictor")) else value(r.get("test")))
        + f" ({_text(r.get('statistic_name'))} = {num(r.get('statistic'))}, {p_phrase(r.get('p'))}: "
          f"{value(r.get('decision'))})"
        for r in problems) + _(". Where tests of the same assumption disagree, all are shown in the table."))


def _regression_captions(folder: Path) -> dict[str, str]:
    out = {}
    if folder.is_dir():
        for f in folder.glob("*.png"):
            for suffix, words in (("_histogram", "histogram of the standardized residuals"),
                                  ("_pp_plot", "normal P-P plot of the standardized residuals"),
                                  ("_scatter", "studentized residuals against standardized predicted values")):
                if f.stem.endswith(suffix):
                    out[f.stem] = f"{f.stem[: -len(suffix)]}: {_(words)}"
    return out
