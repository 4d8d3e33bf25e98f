"""PLS-SEM: the results chapter of Hair, Hult, Ringle & Sarstedt (2022, *A Primer on PLS-SEM*, 3rd ed., ch. 4-7)."""
from __future__ import annotations

import pandas as pd

from ... import __version__
from ...format import DASH, NA_TEXT, p_phrase
from ...i18n import _, value
from ..folder import Bootstrap, ResultsFolder, bootstrap_phrase
from . import cbsem, consistent, describe, groups, higher_order, method_bias, moderation
from .common import StudyFolders, _cleaning_section, _figures, _files, _table_notes, _warnings
from .document import (
    Doc,
    _arrow,
    _distinct,
    _list_words,
    _missing,
    _opened,
    _plural,
    _pretty,
    _range,
    _records,
    _rule,
    _sha,
    _text,
    _true,
    _worst,
    bounded,
    integer,
    level,
    num,
    percent,
    view,
)


def write(doc: Doc, heading: str, folders: StudyFolders) -> None:
    """The PLS-SEM summary: sample, measurement model, structural model, mediation, hypotheses, CB-SEM, files."""
    a, cleaning, cbsem_folder = folders.analysis, folders.cleaning, folders.cbsem
    run = a.json("run.json")
    paths = a.need("paths.csv", ("from", "to", "estimate"))
    hyp = a.need("hypotheses.csv", ("from", "to", "supported"))
    om = a.need("outer_model.csv", ("construct", "indicator", "mode", "loading", "verdict"))
    rel = a.need("reliability.csv", ("construct", "mode", "alpha", "rho_a", "rho_c", "ave"))
    warnings: list[str] = list(run.get("warnings", []))
    warnings += list((run.get("assessment") or {}).get("warnings", []))  # written by `surveysem pls --assess`

    doc.h1(heading)
    provenance, model_text = _pls_provenance(run, a.bootstrap)
    doc.p(provenance)
    doc.code(model_text)

    doc.h2(_("Sample and data cleaning"))
    warnings += _cleaning_section(doc, cleaning, run.get("n"), _pls_missing_text(run))
    if folders.describe is not None:
        warnings += describe.sections(doc, folders.describe, folders.cleaning)
    _pls_sample_size(doc, a)

    doc.h2(_("Measurement model"))
    higher_order.paragraph(doc, run)
    warnings += _pls_purification(doc, a)
    _pls_loadings(doc, a, om)
    _pls_reliability(doc, rel)
    _pls_discriminant(doc, a)

    doc.h2(_("Structural model"))
    _pls_structural(doc, a, paths)
    consistent.section(doc, a, run, paths)  # consistent: true (PLSc): what is reported, and plain PLS beside it

    med = a.csv("mediation.csv")
    mediation_rows = _records(med)
    doc.h2(_("Mediation"))
    _pls_mediation(doc, a, med)

    slopes = a.csv("simple_slopes.csv")  # a model with interaction terms (surveysem.pls.slopes)
    if slopes is not None and not slopes.empty:
        doc.h2(_("Moderation"))
        moderation.section(doc, a, paths, slopes)

    doc.h2(_("Hypotheses"))
    _pls_hypotheses(doc, a, paths, hyp, med)

    method_bias.common_method_bias(doc, a)  # always: Kock's VIF and Harman; the marker variable with `marker:`
    _robustness(doc, a)  # CVPAT and the Gaussian copula test
    method_bias.ipma(doc, a)  # with `ipma: TARGET`

    if folders.mga is not None:  # with `groups: COLUMN`
        doc.h2(_("Multigroup analysis"))
        warnings += groups.section(doc, folders.mga, alpha=float(((run.get("assessment") or {}).get("settings") or {}).get("alpha", 0.05)))

    if cbsem_folder is not None:
        doc.h2(_("CB-SEM cross-check"))
        warnings += cbsem.section(doc, cbsem_folder)

    boot = run.get("bootstrap") or {}
    if boot.get("n_failed"):
        warnings.append("{n} of {boot} bootstrap resamples failed and were left out (boot_failed.csv)".format(
            n=boot["n_failed"], boot=boot.get("boot")))  # English: the Warnings section translates it
    doc.h2(_("Warnings"))
    notes = _table_notes(a, ["outer_model.csv", "reliability.csv", "htmt.csv", "f2.csv", "q2.csv", "plspredict.csv",
                             "model_fit.csv"])
    notes += [f"`mediation.csv`: {value(n)}" for n in _mediation_notes(mediation_rows)]
    _warnings(doc, warnings, notes)

    doc.h2(_("Files"))
    figures = a.path.parent / "figures"
    _files(doc, [f for f in (cleaning, folders.describe, a, cbsem_folder, folders.mga) if f is not None])
    figs = _figures(doc, figures, titles=_FIGURE_TITLES)
    if figs:
        doc.p(f"**{_('figures')}** (`{doc.link(figures)}/`):")
        doc.bullets(figs)
    # always the same sentence, whether or not `surveysem report tables` has run yet: the summary must not depend on
    # the order in which the workflow runs two independent steps
    tables = a.path.parent / "tables"
    doc.p(_("Formatted APA tables (Markdown, HTML, LaTeX): `{path}/` (written by `surveysem report tables`).",
            path=doc.link(tables)))


#: the captions of the PLS figures in Word and HTML (report figures, surveysem.report.figures.pls_figures)
_FIGURE_TITLES = {
    "path_diagram": "Path diagram",
    "loadings": "Indicator loadings",
    "htmt_heatmap": "Discriminant validity: heterotrait-monotrait ratio (HTMT)",
    "score_distributions": "Distributions of the construct scores",
    **moderation.FIGURE_TITLES,
    **method_bias.FIGURE_TITLES,
}


def _pls_sample_size(doc: Doc, a: ResultsFolder) -> None:
    """"Sample size": the minimum sample sizes of ``sample_size.csv`` against the n analysed, each with what it is
    (the inverse square root method decides; the 10-times rule and Slovin's formula are shown for comparison)."""
    ss = a.csv("sample_size.csv")
    rows = _opened(doc, ss, _("Sample size"))  # None: a folder written before sample_size.csv existed
    if rows is None:
        return
    sentences = []
    for r in rows:
        method, need, n = _text(r.get("method")), integer(r.get("n_required")), integer(r.get("n_actual"))
        enough = _true(r.get("enough"))
        if method == "inverse square root" and r.get("n_required") is not None:
            sentences.append(_(
                "To detect {which}, {path} (|β| = {beta}), with power {power} in a one-tailed test at α = {alpha}, the "
                "inverse square root method (Kock & Hadaya 2018) needs n ≥ {need}; with n = {n} the sample is large "
                "enough." if enough else
                "To detect {which}, {path} (|β| = {beta}), with power {power} in a one-tailed test at α = {alpha}, the "
                "inverse "
                "square root method (Kock & Hadaya 2018) needs n ≥ {need}; with n = {n} paths of this size are "
                "detected with less than that power (a non-significant path of this size is not evidence of no "
                "effect).",
                which=_("the smallest significant path") if "significant at" in _text(r.get("note")) else
                _("the smallest path"), path=_arrow(*_text(r.get("subject")).split(" -> ")), beta=bounded(r.get("effect")), power=level(r.get("power")),
                alpha=level(r.get("alpha")), need=need, n=n))
        elif method == "10-times rule":
            sentences.append(_(
                "The 10-times rule asks for n ≥ {need} (ten times the {arrows} arrows pointing at {construct}); it is "
                "a rule of thumb, not a power calculation, and can be far too low for small paths.", need=need,
                arrows=integer(r.get("effect")), construct=_text(r.get("subject"))))
        elif method == "Slovin":
            sentences.append(_(
                "Slovin's formula gives n = {need} for a population of {population} (margin of error {e}): it fixes "
                "the margin of error of a proportion in a simple random sample and says nothing about the power to "
                "detect a path.", need=need, population=integer(_text(r.get("subject")).removeprefix("N = ")),
                e=level(r.get("effect"))))
    doc.p(*sentences)
    doc.table(view("pls", "sample_size"), ss)


def _pls_missing_text(run: dict) -> str:
    md = run.get("missing_data") or {}
    treatment = (run.get("settings") or {}).get("missing")
    n_miss = md.get("n_missing_cells", 0) or 0
    n_used = run.get("n")
    if not n_miss:
        return _("No answer was missing in the analysed items; n = {n}.", n=integer(n_used))
    per = md.get("missing_per_indicator") or {}
    items = ", ".join(f"{k}: {v}" for k, v in sorted(per.items(), key=lambda kv: (-kv[1], kv[0])))
    rows = md.get("n_rows_with_missing", 0) or 0
    base = _("In the estimation, the {missing} ({items}; in {rows}) ", missing=_plural(n_miss, "missing answer"),
             items=items, rows=_plural(rows, "row"))
    if treatment == "mean":
        return base + _("was replaced by the item mean (Hair et al. 2022, ch. 2, accept mean replacement when an item "
                        "misses less than 5% of its answers); n = {n}." if n_miss == 1 else
                        "were replaced by the item mean (Hair et al. 2022, ch. 2, accept mean replacement when an "
                        "item misses less than 5% of its answers); n = {n}.", n=integer(n_used))
    if treatment == "listwise":
        return base + _("led to listwise exclusion of {rows}; n = {n}.",
                        rows=_plural(md.get("n_rows_dropped", 0) or 0, "row"), n=integer(n_used))
    return base + _("were treated as {treatment}; n = {n}.", treatment=treatment, n=integer(n_used))


def _mediation_notes(recs: list[dict]) -> list[str]:
    """Distinct parts of mediation.csv's notes; "no direct path" is shown in the mediation table instead."""
    parts = []
    for r in recs:
        parts += [p.strip() for p in _text(r.get("note")).split(";")
                  if p.strip() and not p.strip().startswith("the model has no direct path")]
    return list(dict.fromkeys(parts))


def _pls_provenance(run: dict, boot: Bootstrap | None) -> tuple[str, str]:
    """The provenance sentence, and the estimated model's text (empty if ``run.json`` has none)."""
    inputs = run.get("inputs") or {}
    data, model = inputs.get("data") or {}, inputs.get("model") or {}
    settings = run.get("settings") or {}
    parts = [f"surveysem {run.get('surveysem', __version__)}",
             f"{_('data')} `{data.get('path', NA_TEXT)}` (SHA-256 {_sha(data.get('sha256'))})",
             f"{_('model')} `{model.get('path', NA_TEXT)}` (SHA-256 {_sha(model.get('sha256'))})",
             f"n = {integer(run.get('n'))}",
             _("{scheme} weighting scheme", scheme=_(settings.get("scheme", NA_TEXT))),
             bootstrap_phrase(boot, "settings", "BCa in the CSVs")]
    model_text = _text(run.get("model"))
    out = f"*{_('Provenance:')}* " + "; ".join(parts) + "."
    if model_text:
        out += " " + _("Estimated model (after any item purification):")
    return out, model_text


def _pls_purification(doc: Doc, a: ResultsFolder) -> list[str]:
    log = a.csv("item_purification.csv")
    doc.h3(_("Item purification"))
    if log is None:
        doc.p(_("No purification log (`item_purification.csv`) was written."))
        return []
    if log.empty:
        doc.p(_("No indicator was removed: the purification log is empty (every reflective loading met the rule, "
                "or purification was switched off)."))
        return []
    recs = _records(log)
    dropped = [r for r in recs if _text(r.get("action")) == "dropped"]
    rule = _rule(log)
    if dropped:
        what = _list_words([_("{indicator} ({construct}, loading {loading})", indicator=r["indicator"],
                                construct=r["construct"], loading=bounded(r.get("loading"))) for r in dropped])
        one = len(dropped) == 1
        doc.p(_("Following the rule *{rule}*, {indicators} was removed: {what}." if one else
                "Following the rule *{rule}*, {indicators} were removed: {what}.", rule=rule,
                indicators=_plural(len(dropped), "indicator"), what=what),
              _("Every later table describes the model without it; the log below lists each step with AVE and ρC "
                "before and after (Hair et al. 2022, ch. 4)." if one else
                "Every later table describes the model without them; the log below lists each step with AVE and ρC "
                "before and after (Hair et al. 2022, ch. 4)."))
    else:
        doc.p(_("No indicator was removed (rule: *{rule}*); the log lists the weak items that were kept.", rule=rule))
    doc.table(view("pls", "item_purification"), log)
    if dropped:
        # English here: the Warnings section translates every warning (i18n.value)
        return ["item purification dropped {items}; every table uses the reduced model".format(
            items=", ".join(str(r["indicator"]) for r in dropped))]
    return []


def _pls_loadings(doc: Doc, a: ResultsFolder, om: pd.DataFrame) -> None:
    refl = om[om["mode"].astype(str) == "reflective"]
    form = om[om["mode"].astype(str) != "reflective"]
    if not refl.empty:
        doc.h3(_("Indicator loadings"))
        recs = _records(refl)
        weak = [r for r in recs if _text(r.get("verdict")) != "pass"]
        first = (_("All {loadings} pass (range {range}).", loadings=_plural(len(recs), "reflective loading"),
                   range=_range(refl["loading"]))
                 if not weak else
                 _("{k} of {n} reflective loadings pass; {weak} does not." if len(weak) == 1 else
                   "{k} of {n} reflective loadings pass; {weak} do not.", k=len(recs) - len(weak), n=len(recs),
                   weak=_list_words([f"{r['indicator']} ({bounded(r.get('loading'))}, {value(r.get('verdict'))})"
                                     for r in weak])))
        doc.p(first, _("Rule: {rule}.", rule=_rule(refl)),
              _("Significance from the bootstrap t statistic (two-sided).") if "loading_p" in om.columns else "")
        doc.table(view("pls", "outer_model", "reflective"), om)
    if not form.empty:
        doc.h3(_("Formative (composite) indicators"))
        vif = a.csv("vif_outer.csv")
        vmap = {} if vif is None else {(r["construct"], r["indicator"]): r.get("vif") for r in _records(vif)}
        recs = _records(form)
        doc.p(_("Composite constructs are judged by their weights, loadings and collinearity, not by internal "
                "consistency. Rule: {rule}.", rule=_rule(form)))
        form = form.assign(vif=[vmap.get((r["construct"], r["indicator"])) for r in recs])
        doc.table(view("pls", "outer_model", "formative"), form)


def _pls_reliability(doc: Doc, rel: pd.DataFrame) -> None:
    doc.h3(_("Internal consistency reliability and convergent validity"))
    recs = _records(rel)
    vcols = [c for c in ("alpha_verdict", "rho_a_verdict", "rho_c_verdict", "ave_verdict") if c in rel.columns]
    refl = [r for r in recs if _text(r.get("mode")) == "reflective"]
    bad = [r for r in refl if _worst([r.get(c) for c in vcols]) in ("warn", "fail")]
    if refl and not bad:
        first = _("Every reflective construct passes: Cronbach's α {alpha}, ρA {rho_a}, ρC {rho_c}, AVE {ave}.",
                  alpha=_range([r["alpha"] for r in refl]), rho_a=_range([r["rho_a"] for r in refl]),
                  rho_c=_range([r["rho_c"] for r in refl]), ave=_range([r["ave"] for r in refl]))
    elif refl:
        def issues(r):
            names = {"alpha_verdict": "α", "rho_a_verdict": "ρA", "rho_c_verdict": "ρC", "ave_verdict": "AVE"}
            stat = {"alpha_verdict": "alpha", "rho_a_verdict": "rho_a", "rho_c_verdict": "rho_c",
                    "ave_verdict": "ave"}
            return ", ".join(f"{names[c]} = {bounded(r.get(stat[c]))} ({value(r.get(c))})" for c in vcols
                             if _text(r.get(c)) in ("warn", "fail"))
        first = _("Not every construct passes: ") + "; ".join(f"{r['construct']}: {issues(r)}" for r in bad) + "."
    else:
        first = ""
    doc.p(first, _("Rule: {rule}.", rule=_rule(rel)),
          _("Composite constructs get n/a (internal consistency does not apply to formative measurement).")
          if any(_text(r.get("mode")) != "reflective" for r in recs) else "")
    rel = rel.assign(worst_verdict=[_worst([r.get(c) for c in vcols]) for r in recs])
    doc.table(view("pls", "reliability"), rel,
              note=_("Verdict: the worst of the four verdicts (pass / warn / fail) in `reliability.csv`."))


def _pls_discriminant(doc: Doc, a: ResultsFolder) -> None:
    doc.h3(_("Discriminant validity"))
    fl = a.need("fornell_larcker.csv", ("construct", "verdict"))
    recs = _records(fl)
    failing = [r for r in recs if _text(r.get("verdict")) not in ("pass", "n/a")]
    if failing:
        fl_text = _("Fornell-Larcker criterion: not met for {list}.", list=_list_words(
            [_("{construct} (√AVE {sqrt_ave} vs r = {r} with {other})", construct=r["construct"],
               sqrt_ave=bounded(r.get("sqrt_ave")), r=bounded(r.get("max_abs_corr")), other=r.get("max_corr_with"))
             for r in failing]))
    else:
        fl_text = _("Fornell-Larcker criterion: for every construct the square root of its AVE exceeds its "
                    "correlations with the other constructs.")
    doc.p(fl_text, _("Rule: {rule}.", rule=_rule(fl)))
    doc.table(view("pls", "fornell_larcker"), fl,
              note=_("Diagonal (bold): square root of the AVE; below it: construct correlations."))

    ht = a.need("htmt.csv", ("construct_a", "construct_b", "htmt", "verdict"))
    hrec = _records(ht)
    upper = "upper_one_sided" in ht.columns
    bad = [r for r in hrec if _text(r.get("verdict")) in ("warn", "fail")]
    if bad:
        ht_text = _("HTMT: {pairs} do not clearly pass.", pairs=_list_words(
            [f"{r['construct_a']}–{r['construct_b']} ({value(r.get('verdict'))})" for r in bad]))
    else:
        ht_text = (_("HTMT: every pair passes (HTMT {range}", range=_range(ht["htmt"], num))
                   + (_(", highest bootstrap upper bound {upper}).", upper=num(ht["upper_one_sided"].max()))
                      if upper else ")."))
    doc.p(ht_text, _("Rule: {rule}.", rule=_rule(ht)))
    doc.table(view("pls", "htmt"), ht if upper else ht.assign(upper_one_sided=None),
              note=_("Upper bound: 95% quantile of the bootstrap draws (one-sided); HTMT can exceed 1, so it keeps "
                     "its leading zero."))

    cl = a.csv("cross_loadings.csv")
    if cl is not None and "flag" in cl.columns:
        flagged = [r for r in _records(cl) if _true(r.get("flag"))]
        if flagged:
            doc.p(_("Cross-loadings: {indicators} load as high or higher on another construct: {list}. Rule: {rule}.",
                    indicators=_plural(len(flagged), "indicator"), rule=_rule(cl),
                    list=_list_words([_("{indicator} ({construct}: own {own}, {other} {other_loading})",
                                        indicator=r["indicator"], construct=r.get("construct"),
                                        own=bounded(r.get("own_loading")), other=r.get("max_other_construct"),
                                        other_loading=bounded(r.get("max_other"))) for r in flagged])))
        else:
            doc.p(_("Cross-loadings: no indicator loads as high on another construct as on its own ({indicators} "
                    "checked). Rule: {rule}.", indicators=_plural(len(cl), "indicator"), rule=_rule(cl)))

    vo = a.csv("vif_outer.csv")
    if vo is not None and not vo.empty:
        bad = [r for r in _records(vo) if _text(r.get("verdict")) in ("warn", "fail")]
        doc.p(_("Indicator collinearity: VIF {range}", range=_range(vo["vif"], num))
              + (("; " + _list_words([f"{r['indicator']} {num(r.get('vif'))} ({value(r.get('verdict'))})"
                                      for r in bad]))
                 if bad else _(", all below the threshold"))
              + _(". Rule: {rule}.", rule=_rule(vo)))


def _pls_structural(doc: Doc, a: ResultsFolder, paths: pd.DataFrame) -> None:
    vi = a.need("vif_inner.csv", ("construct", "predictor", "vif"))
    doc.h3(_("Collinearity of the predictors"))
    bad = [r for r in _records(vi) if _text(r.get("verdict")) in ("warn", "fail")]
    doc.p(_("Inner VIF values range {range}", range=_range(vi["vif"], num))
          + ("; " + _list_words([f"{r['predictor']} → {r['construct']} {num(r.get('vif'))} ({value(r.get('verdict'))})"
                                 for r in bad]) if bad else _(", so collinearity does not bias the path coefficients"))
          + _(". Rule: {rule}.", rule=_rule(vi)))

    r2 = a.need("r2_assessment.csv", ("construct", "r2"))
    doc.h3(_("Coefficient of determination (R²)"))
    sentences = []
    for r in _records(r2):
        preds = [str(p) for p in paths.loc[paths["to"] == r["construct"], "from"]]
        sentences.append(_("{predictors} explain {percent} of the variance of {construct} (R² = {r2}, {wording})",
                           predictors=_list_words(preds), percent=percent(r["r2"]), construct=r["construct"],
                           r2=bounded(r["r2"]), wording=value(r.get("wording", NA_TEXT))))
    doc.p("; ".join(sentences) + ".", _("Rule: {rule}.", rule=_rule(r2)))
    doc.table(view("pls", "r2_assessment"), r2)

    f2 = a.csv("f2.csv")
    if f2 is not None and not f2.empty:
        doc.h3(_("Effect size (f²)"))
        recs = _records(f2)
        doc.p(_("f² measures how much R² drops when one path is removed. ")
              + _size_counts(recs), _("Rule: {rule}.", rule=_rule(f2)))
        doc.table(view("pls", "f2"), f2)

    q2 = a.csv("q2.csv")
    if q2 is not None and not q2.empty:
        doc.h3(_("Predictive relevance (Q², blindfolding)"))
        recs = _records(q2)
        d = recs[0].get("distance")
        doc.p(_("Every endogenous construct has Q² > 0, i.e. predictive relevance" if all(
            _text(r.get("verdict")) == "pass" for r in recs) else "Not every endogenous construct has Q² > 0")
              + _(" (omission distance D = {d}).", d=integer(d)), _("Rule: {rule}.", rule=_rule(q2)))
        doc.table(view("pls", "q2"), q2)

    pp = a.csv("plspredict.csv")
    if pp is not None and not pp.empty:
        doc.h3(_("Out-of-sample prediction (PLSpredict)"))
        per = pd.DataFrame([{"construct": c, "n_indicators": len(grp),
                             "q2_positive": int((grp["q2_predict"] > 0).sum()),
                             "pls_beats_lm": int(grp["pls_beats_lm_rmse"].map(_true).sum()),
                             "q2_min": grp["q2_predict"].min(), "q2_max": grp["q2_predict"].max(),
                             "predictive_power": _text(grp["predictive_power"].iloc[0])}
                            for c, grp in pp.groupby("construct", sort=False)])
        notes = _distinct(list(pp.get("note", [])))
        doc.p(_("Predictive power per endogenous construct: ")
              + "; ".join(f"{r['construct']} {value(r['predictive_power'])}" for r in _records(per)) + ".",
              _("Rule: {rule}.", rule=_rule(pp)))
        doc.table(view("pls", "plspredict"), per, note="; ".join(value(n) for n in notes))

    mf = a.csv("model_fit.csv")
    if mf is not None and not mf.empty:
        doc.h3(_("Model fit"))
        fit_rows = {str(r["index"]): r for r in _records(mf)}
        parts = []
        for idx, op in (("SRMR", "<"), ("NFI", "≥")):
            if idx in fit_rows:
                r = fit_rows[idx]
                parts.append(f"{idx} = {bounded(r.get('estimated'))} ({value(r.get('verdict'))}: {idx} {op} "
                             f"{level(r.get('threshold'))})")
        for idx in ("d_ULS", "d_G"):
            if idx in fit_rows:
                r = fit_rows[idx]
                parts.append(f"{idx} = {num(r.get('estimated'))} ({value(r.get('verdict'))}: bootstrap HI95 = "
                             f"{num(r.get('estimated_hi95'))})")
        doc.p(_("Estimated model: ") + "; ".join(parts) + ".",
              _("PLS-SEM fit indices are young and their thresholds disputed (Hair et al. 2022, ch. 6); they are "
                "reported, not used to reject the model."))
        doc.table(view("pls", "model_fit"), mf,
                  note="; ".join([value(n) for n in _distinct(list(mf.get("note", [])))]
                                 + _distinct(list(mf.get("reference", [])))))


#: the summary's sentence on CVPAT's overall row, by benchmark and verdict
_CVPAT_SENTENCES = {
    ("IA", "pass"): "Overall, the PLS model predicts significantly better than the indicator averages (IA): average "
                    "loss difference {diff}, t = {t}, {p}.",
    ("IA", "fail"): "Overall, the PLS model does not predict significantly better than the indicator averages (IA): "
                    "average loss difference {diff}, t = {t}, {p}.",
    ("LM", "pass"): "Overall, the PLS model predicts significantly better than the linear model (LM): average loss "
                    "difference {diff}, t = {t}, {p}.",
    ("LM", "warn"): "Overall, the PLS model predicts as well as the linear model (LM), the difference not being "
                    "significant: average loss difference {diff}, t = {t}, {p}.",
    ("LM", "fail"): "Overall, the PLS model predicts significantly worse than the linear model (LM): average loss "
                    "difference {diff}, t = {t}, {p}.",
}


def _robustness(doc: Doc, a: ResultsFolder) -> None:
    """The "Robustness checks" section (Sarstedt et al. 2020; Hair et al. 2024): CVPAT (``cvpat.csv``) and the
    Gaussian copula test of endogeneity (``endogeneity.csv``); further checks (common method bias) join it here."""
    cv, en = a.csv("cvpat.csv"), a.csv("endogeneity.csv")
    doc.h2(_("Robustness checks"))
    if (cv is None or cv.empty) and (en is None or en.empty):
        doc.p(_("No robustness check was run (CVPAT and the Gaussian copula test need a bootstrap and a model "
                "without interaction terms or higher-order constructs)."))
        return
    if cv is not None and not cv.empty:
        doc.h3(_("Cross-validated predictive ability test (CVPAT)"))
        sentences = []
        for r in _records(cv[cv["construct"] == "overall"]):
            key = (_text(r.get("benchmark")), _text(r.get("verdict")))
            if key in _CVPAT_SENTENCES:
                sentences.append(_(_CVPAT_SENTENCES[key], diff=num(r.get("loss_difference")), t=num(r.get("t")),
                                   p=p_phrase(r.get("p"))))
        below = [f"{r['construct']} ({r['benchmark']})" for r in _records(cv)
                 if r.get("construct") != "overall" and _text(r.get("verdict")) == "fail"]
        if below:
            sentences.append(_("Not better than the benchmark: {constructs}.", constructs=_list_words(below)))
        doc.p(" ".join(sentences), _("Rule: {rule}.", rule=_rule(cv)))
        doc.table(view("pls", "cvpat"), cv, note="; ".join(value(n) for n in _distinct(list(cv.get("note", [])))))
    if en is not None and not en.empty:
        doc.h3(_("Endogeneity (Gaussian copula)"))
        recs = _records(en)
        flagged = [f"{r['copula_term']} → {r['outcome']}" for r in recs if _text(r.get("verdict")) == "warn"]
        normal = sorted({str(r["copula_term"]) for r in recs if _text(r.get("verdict")) == "n/a"})
        text = (_("A significant copula term signals endogeneity: {terms}.", terms=_list_words(flagged)) if flagged
                else _("No copula term of a non-normal predictor is significant, so endogeneity is not indicated."))
        text += " " + _("{models} regression models with copula terms were estimated ({terms}).",
                        models=integer(en[["outcome", "predictors"]].drop_duplicates().shape[0]),
                        terms=_plural(len(en), "copula term"))
        if normal:
            text += " " + _("Not identified, the predictor's scores being consistent with normality: {terms}.",
                            terms=_list_words(normal))
        text += " " + _("The test is biased in regressions with an intercept and has little power in small samples "
                        "(Becker, Proksch & Ringle 2022): a non-significant copula term is weak evidence of exogeneity.")
        doc.p(text, _("Rule: {rule}.", rule=_rule(en)))
        doc.table(view("pls", "endogeneity"), en,
                  note=_("Each predictor's own copula model; endogeneity.csv has every combination."))


def _size_counts(recs: list[dict]) -> str:
    counts: dict[str, int] = {}
    for r in recs:
        key = _text(r.get("size")) or NA_TEXT
        counts[key] = counts.get(key, 0) + 1
    if len(counts) == 1:
        return _("All {effects} are {size}.", effects=_plural(len(recs), "effect"), size=value(next(iter(counts))))
    return _("Effect sizes: ") + ", ".join(f"{integer(v)} {value(k)}" for k, v in counts.items()) + "."


def _med_interval(med: pd.DataFrame) -> tuple[str, str, str]:
    """The interval the mediation rule decided on: its bounds' columns and its name."""
    rule = " ".join(_text(x) for x in med.get("rule", [])).lower()
    return ("bca_low", "bca_high", "BCa") if "bca" in rule else ("ci_low", "ci_high", "percentile")


def _pls_mediation(doc: Doc, a: ResultsFolder, med: pd.DataFrame | None) -> None:
    if med is None:
        doc.p(_("No mediation table (`mediation.csv`): mediation needs a bootstrap (run with --boot 5000)."))
        return
    if med.empty:
        doc.p(_("The model has no mediator, so there is no indirect effect to test."))
        return
    lo, hi, kind = _med_interval(med)
    recs = _records(med)
    sig = sum(_true(r.get("indirect_significant")) for r in recs)
    types: dict[str, int] = {}
    for r in recs:
        types[_text(r.get("zhao_type"))] = types.get(_text(r.get("zhao_type")), 0) + 1
    doc.p(_("{effects} (every chain through one or more mediators) was tested; " if len(recs) == 1 else
            "{effects} (every chain through one or more mediators) were tested; ",
            effects=_plural(len(recs), "specific indirect effect"))
          + _("{k} is significant. " if sig == 1 else "{k} are significant. ", k=integer(sig))
          + _("Types: ") + ", ".join(f"{integer(v)} {value(k)}" for k, v in types.items()) + ".",
          _("Rule: {rule}.", rule=_rule(med)))
    no_direct = any(_missing(r.get("direct_p")) for r in recs)
    doc.table(view("pls", "mediation", "compact_bca" if kind == "BCa" else "compact"), med,
              note=_("No direct path: the model has no path from the first to the last construct of the "
                     "chain, so the direct effect is 0 by construction.") if no_direct else "")
    doc.bullets([f"**{_pretty(_text(r.get('chain')))}** — {value(r.get('mediation'))}. "
                 f"{value(_text(r.get('reasoning')))}" for r in recs])


def _pls_hypotheses(doc: Doc, a: ResultsFolder, paths: pd.DataFrame, hyp: pd.DataFrame,
                    med: pd.DataFrame | None) -> None:
    support = {(str(r["from"]), str(r["to"])): r for r in _records(hyp)}
    rows, verdicts = [], []  # the table: H<k>, path, estimate, t, p, interval, decision
    k = 0
    for r in _records(paths):
        k += 1
        h = support.get((str(r["from"]), str(r["to"])), {})
        ok = _true(h.get("supported")) if h else None
        decision = DASH if ok is None or _missing(h.get("supported")) else ("supported" if ok else "not supported")
        rows.append(_hypothesis_row(k, _arrow(r["from"], r["to"]), r, "ci_low", "ci_high", decision))
        verdicts.append((f"H{k}", _arrow(r["from"], r["to"]), decision, r))
    med_rule = ""
    if med is not None and not med.empty:
        lo, hi, kind = _med_interval(med)
        for r in _records(med):
            k += 1
            decision = "supported" if _true(r.get("indirect_significant")) else "not supported"
            label = _pretty(_text(r.get("chain"))) + _(" (indirect)")
            rows.append(_hypothesis_row(k, label, r, lo, hi, decision))
            verdicts.append((f"H{k}", label, decision, r))
        med_rule = _("an indirect effect when its 95% {kind} interval excludes 0 (Zhao et al. 2010)", kind=_(kind))
    n_sup = sum(v[2] == "supported" for v in verdicts)
    rejected = [v for v in verdicts if v[2] == "not supported"]
    hypotheses = _plural(len(verdicts), "hypothesis", "hypotheses")
    summary = (_("All {hypotheses} are supported", hypotheses=hypotheses) if n_sup == len(verdicts)
               else _("{k} of {hypotheses} is supported" if n_sup == 1 else "{k} of {hypotheses} are supported",
                      k=integer(n_sup), hypotheses=hypotheses))
    if rejected:
        summary += _("; not supported: ") + "; ".join(
            f"{h} ({label}: β = {bounded(r.get('estimate'))}, t = {num(r.get('t'))}, {p_phrase(r.get('p'))})"
            for h, label, _d, r in rejected)
    doc.p(_("Hypotheses are numbered in the order of the model's paths, then its indirect effects. A direct effect is "
            "supported when {rule}", rule=_rule(hyp)) + (f"; {med_rule}" if med_rule else "") + ".", summary + ".")
    doc.table(view("pls", "hypotheses"), pd.DataFrame(rows),
              note=_("β: standardized path coefficient (indirect: product of the paths); t and p from the bootstrap "
                     "standard error; CI: bootstrap percentile interval")
                   + (_(" (indirect: as in section Mediation)") if med_rule else "") + ".")
    diagram = a.path.parent / "figures" / "path_diagram.png"
    if diagram.is_file():
        doc.figure(diagram, _("Path diagram"))


def _hypothesis_row(k: int, label: str, r: dict, lo: str, hi: str, decision: str) -> dict:
    return {"hypothesis": f"H{k}", "label": label, "estimate": r.get("estimate"), "t": r.get("t"), "p": r.get("p"),
            "ci_low": r.get(lo), "ci_high": r.get(hi), "decision": decision}
