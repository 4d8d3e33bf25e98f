"""The SPSS-style regression study: from a questionnaire file and a lavaan model to every table.

``run_regression_study(data, model, **options)`` runs, in the order of a thesis chapter:
instrument tests (item validity, reliability) → composite scores, descriptives, category bands →
correlations → one OLS equation per dependent variable of the model (``Y ~ X1 + X2``) with its
simple regressions, ANOVA and classic assumption tests → mediation by regression for every
X → M → Y chain the model states → the hypothesis table.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..data.read import numeric_items, read_table
from ..errors import ConfigError, DataError, ModelError
from ..format import p_phrase, plain, plain_ci
from ..model import Model, parse_model, read_model
from ..results import StudyTables, write_atomically, write_study_folder
from ..stats import blas_pinned
from . import assumptions as _as
from . import instrument as _in
from . import mediation as _me
from . import ols as _ols
from . import power as _pw
from . import scores as _sc
from .figures import residual_charts

#: CSV file stem → table attribute (the same name), in the order of a thesis chapter
TABLES = {stem: stem for stem in (
    "item_validity", "reliability", "descriptives", "categories", "category_frequencies", "category_bands",
    "correlations", "simple_regressions", "coefficients", "model_summary", "anova", "assumptions", "linearity",
    "mediation", "mediation_steps", "hypotheses", "power", "residuals", "scores")}


@dataclass
class RegressionResult(StudyTables):
    """All tables of a regression study (tidy DataFrames) plus ``warnings`` and the run's ``meta``.

    ``tables()`` gives every table present by file stem (mediation only when the model has a mediator).
    """

    TABLES = TABLES

    item_validity: pd.DataFrame
    reliability: pd.DataFrame
    descriptives: pd.DataFrame
    categories: pd.DataFrame
    category_frequencies: pd.DataFrame
    category_bands: pd.DataFrame
    correlations: pd.DataFrame
    simple_regressions: pd.DataFrame
    coefficients: pd.DataFrame
    model_summary: pd.DataFrame
    anova: pd.DataFrame
    assumptions: pd.DataFrame
    linearity: pd.DataFrame
    mediation: pd.DataFrame | None
    mediation_steps: pd.DataFrame | None
    hypotheses: pd.DataFrame
    residuals: pd.DataFrame
    scores: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    #: F-test power and required n per equation, Slovin's n (:mod:`surveysem.regression.power`)
    power: pd.DataFrame | None = None

    def summary(self) -> str:
        """A plain-text overview in the thesis order (values 3 decimals, p APA)."""
        m = self.meta
        out = [f"SPSS-style regression study: n = {m['n_used']} complete cases of {m['n_rows']} "
               f"(listwise; {m['n_rows'] - m['n_used']} dropped), {m['options']['score']} scores"]
        iv = self.item_validity
        bad = iv[iv["valid"] == False]  # noqa: E712
        out.append(f"Item validity ({m['options']['validity']} item-total r vs r-table "
                   f"{plain(iv['r_table'].iloc[0])}): "
                   f"{len(iv) - len(bad)}/{len(iv)} items valid" + (f"; not valid: {', '.join(bad['item'])}" if len(bad) else ""))
        for _, r in self.reliability.iterrows():
            out.append(f"  alpha({r['variable']}) = {plain(r['cronbach_alpha'])} -> "
                       f"{'reliable' if r['reliable'] else 'not reliable'}")
        for _, r in self.model_summary.iterrows():
            out.append(f"{r['dependent']} ~ {r['predictors']}: R = {plain(r['r'])}, R2 = {plain(r['r2'])}, "
                       f"adj. R2 = {plain(r['adj_r2'])}, SE = {plain(r['se_estimate'])}")
        for _, r in self.coefficients.iterrows():
            out.append(f"  {r['dependent']} <- {r['term']}: B = {plain(r['b'])}, t = {plain(r['t'])}, "
                       f"{p_phrase(r['p'])}")
        for _, r in self.assumptions.iterrows():
            p_txt = f", {p_phrase(r['p'])}" if np.isfinite(r["p"]) else ""
            out.append(f"  [{r['dependent']}] {r['test']}{' ' + r['predictor'] if r['predictor'] else ''}: "
                       f"{r['statistic_name']} = {plain(r['statistic'])}{p_txt} -> {r['decision']}")
        if self.mediation is not None:
            for _, r in self.mediation[self.mediation["effect"] == "indirect"].iterrows():
                out.append(f"Indirect {r['x']} -> {r['m']} -> {r['y']}: {plain(r['estimate'])}, Sobel z = "
                           f"{plain(r['statistic'])}, {p_phrase(r['p'])}, CI {plain_ci(r['ci_low'], r['ci_high'])}")
        out.extend(self.hypotheses["reason"].tolist())
        if self.warnings:
            out.append("Warnings:")
            out.extend(f"  - {w}" for w in self.warnings)
        return "\n".join(out)

    def write(self, out: str | os.PathLike, *, figures: bool = False, inputs=()) -> list[Path]:
        """Write every table as CSV (full precision), the residual charts (``figures=True``) and ``run.json`` into
        folder ``out``, atomically; return the paths.

        ``inputs`` (the files read) may not lie inside ``out`` (:func:`surveysem.io.check_output_dir`).
        """
        named = {"data": self.meta.get("data"), "model": self.meta.get("model")}
        return write_atomically(out, lambda folder: write_study_folder(
            folder, self.tables(), meta=self.meta, inputs=named, warnings=self.warnings,
            figures=(lambda f: residual_charts(self.residuals, f / "figures")) if figures else None),
            made_by="surveysem regression", inputs=inputs)


def _as_model(model) -> Model:
    if isinstance(model, Model):
        return model
    if isinstance(model, (Path, os.PathLike)) or (isinstance(model, str) and "~" not in model):
        return read_model(model)
    return parse_model(model)


@blas_pinned
def run_regression_study(
    data: pd.DataFrame | str | os.PathLike,
    model: Model | str | os.PathLike,
    *,
    missing_values: Iterable = (),
    missing: str = "listwise",
    score: str = "sum",
    validity: str = "corrected",
    alpha: float = 0.05,
    alpha_threshold: float = 0.60,
    tails: int = 2,
    boot: int = 5000,
    seed: int | None = None,
    scale_min: float | None = None,
    scale_max: float | None = None,
    n_bands: int = 5,
    population_size: int | None = None,
) -> RegressionResult:
    """Run the whole SPSS-style regression chapter.

    Parameters
    ----------
    data : DataFrame or path
        The questionnaire answers (a file is read with :func:`surveysem.data.read.read_table`).
    model : Model, lavaan text or path
        ``X =~ items`` define variables; ``Y ~ X1 + X2`` the regression equation(s). A chain
        ``M ~ X`` and ``Y ~ X + M`` adds mediation by regression.
    missing_values : iterable
        Codes meaning "no answer" (e.g. ``-99``).
    missing : {"listwise"}
        Rows with any missing item of the model are removed (SPSS default).
    score : {"sum", "mean"}
        Composite score of a variable.
    validity : {"corrected", "pearson"}
        The item-total correlation that decides item validity.
    alpha : float
        Significance level of every test (.05).
    alpha_threshold : float
        Cronbach's alpha needed for "reliable" (0.60).
    tails : {1, 2}
        Tails of the partial t tests (1 = a positive effect is hypothesised) — the r table is always
        two-tailed, as in Sugiyono (2015).
    boot, seed : int
        Bootstrap resamples for indirect effects and their seed (needed when the model has a mediator).
    scale_min, scale_max : float, optional
        The answer scale (default: the smallest and largest answer observed, with a note).
    n_bands : int
        Number of category bands (5).
    population_size : int, optional
        Population size N: adds Slovin's n to ``power.csv`` (not a power calculation; for comparison).

    Returns
    -------
    RegressionResult
    """
    if missing != "listwise":
        raise ConfigError(f"missing-data method {missing!r} is not supported", fix="Use --missing listwise")
    if score not in _sc.SCORE_METHODS:
        raise ConfigError(f"score method {score!r} is not supported", fix="Use --score sum or --score mean")
    if validity not in _in.VALIDITY_CRITERIA:
        raise ConfigError(f"validity criterion {validity!r} is not supported", fix="Use --validity corrected or pearson")
    if tails not in (1, 2):
        raise ConfigError(f"tails must be 1 or 2, got {tails!r}", fix="Use --tails 1 or --tails 2")
    if not 0 < alpha < 1:
        raise ConfigError(f"significance level {alpha!r} must lie between 0 and 1", fix="Use e.g. --alpha 0.05")
    if boot < 0:
        raise ConfigError(f"--boot must be 0 or more, got {boot}")
    warnings: list[str] = []
    m = _as_model(model)
    where = m.source or "model"
    if not m.paths:
        raise ModelError("the model has no regression line", where=where,
                         fix="Add the equation, e.g. 'Y ~ X1 + X2', after the '=~' lines")
    if isinstance(data, (str, os.PathLike)):
        data = read_table(data)
    source = data.attrs.get("source", "data")
    m.check_columns(data.columns, source)
    items = numeric_items(data, list(m.indicators), missing_values, source)
    if isinstance(data.index, pd.RangeIndex) and data.index.start == 0 and data.index.step == 1:
        items.index = pd.RangeIndex(2, len(items) + 2, name="row")  # file row, header = row 1
    n_rows = len(items)
    complete = items.dropna()
    dropped = [int(i) for i in items.index.difference(complete.index)] if len(complete) < n_rows else []
    if len(complete) == 0:
        raise DataError("no row has an answer to every item of the model (listwise deletion leaves 0 rows)",
                        where=source, fix="Check the missing-value codes (--missing-value) and the item columns")
    if dropped:
        warnings.append(f"listwise deletion removed {len(dropped)} of {n_rows} rows with a missing item "
                        f"(rows {_rows(dropped)})")
    variables = {c.name: list(c.indicators) for c in m.constructs}
    for c in m.constructs:
        if c.mode == "composite":
            warnings.append(f"{c.name} is formative (<~): item validity and alpha assume reflective items")

    # scale for category bands
    obs_min, obs_max = float(np.nanmin(complete.to_numpy())), float(np.nanmax(complete.to_numpy()))
    smin = obs_min if scale_min is None else float(scale_min)
    smax = obs_max if scale_max is None else float(scale_max)
    scale_note = ""
    if scale_min is None or scale_max is None:
        scale_note = (f"answer scale {smin:g}-{smax:g} taken from the data; set --likert LOW HIGH to the "
                      f"questionnaire's scale if respondents did not use its ends")
        warnings.append(scale_note)
    if not smax > smin:
        raise DataError(f"every answer is {smin:g}: no answer scale to band", where=source,
                        fix="Set the answer scale (--likert LOW HIGH)")
    if obs_min < smin or obs_max > smax:
        warnings.append(f"answers range {obs_min:g}-{obs_max:g}, outside the stated scale {smin:g}-{smax:g}")

    # 1. instrument tests
    validity_tab = _in.item_validity(complete, variables, alpha=0.05 if alpha is None else alpha, tails=2,
                                     criterion=validity)
    for _, r in validity_tab[validity_tab["valid"] == False].iterrows():  # noqa: E712
        warnings.append(f"item {r['item']} of {r['variable']} is not valid: {validity} item-total r = "
                        f"{plain(r['r_used'])} <= r-table {plain(r['r_table'])}")
    rel = _in.reliability(complete, variables, threshold=alpha_threshold)
    for _, r in rel[rel["reliable"] == False].iterrows():  # noqa: E712
        warnings.append(f"{r['variable']} is not reliable: Cronbach's alpha = {plain(r['cronbach_alpha'])} "
                        f"<= {alpha_threshold:g}")

    # 2. scores, descriptives, categories
    scores = _sc.composite_scores(complete, variables, score)
    desc = _sc.descriptives(scores)
    bands = _sc.category_bands(smin, smax, n_bands)
    cats = _sc.categories(complete, variables, bands)
    cats["note"] = scale_note
    freqs = _sc.category_frequencies(complete, variables, bands)

    # 3./4. correlations and regressions, one equation per dependent variable
    corr = _ols.correlations(scores)
    fits, simple, coefs, summ, anova, assum, lin, resid = [], [], [], [], [], [], [], []
    for dep in (n for n in m.causal_order if m.predecessors(n)):
        preds = list(m.predecessors(dep))
        fit = _ols.fit_ols(scores, dep, preds)
        fits.append(fit)
        simple.append(_ols.simple_regressions(scores, dep, preds, alpha))
        coefs.append(_ols.coefficients_table(fit))
        summ.append(_ols.model_summary_table(fit))
        anova.append(_ols.anova_table(fit))
        a, l_ = _as.assumption_tests(scores, fit, alpha)
        assum.append(a)
        lin.append(l_)
        resid.append(_as.residual_chart_data(fit))
    hyp = _ols.hypothesis_tests(fits, alpha=alpha, tails=tails, paths=[(p.source, p.target) for p in m.paths])
    power = _pw.power_table(fits, alpha=alpha, population_size=population_size)
    for r in power[(power["method"] != "Slovin") & (power["enough"] == "no")].itertuples(index=False):
        if r.n_required is not pd.NA:
            warnings.append(f"power: the F test of {r.dependent} has power {r.power_actual:.2f} at n = {r.n_actual}; "
                            f"f² = {r.f2:.3f} needs n = {r.n_required} for power {r.power_target:g}")

    # 5. mediation
    med = steps = None
    chains = [c for c in m.indirect_chains if len(c) == 3]
    for chain in m.indirect_chains:
        if len(chain) > 3:
            warnings.append(f"serial chain {' -> '.join(chain)} is not covered by mediation by regression "
                            f"(Hayes model 4); use the PLS mediation analysis")
    if chains:
        if boot > 0 and seed is None:
            raise ConfigError(f"the model has a mediator ({' -> '.join(chains[0])}); its bootstrap needs a seed",
                              fix="Add --seed N (any whole number), or --boot 0 for Sobel only")
        eff, st = [], []
        for x, mm, y in chains:
            res = _me.mediation_by_regression(
                scores, x, mm, y,
                m_covariates=[v for v in m.predecessors(mm) if v != x],
                y_covariates=[v for v in m.predecessors(y) if v not in (x, mm)],
                boot=boot, seed=seed, alpha=alpha)
            eff.append(res.effects)
            st.append(res.steps)
        med = pd.concat(eff, ignore_index=True)
        steps = pd.concat(st, ignore_index=True)

    meta = {
        "kind": "regression",
        "data": source, "model": where, "model_syntax": m.to_syntax(),
        "n_rows": n_rows, "n_used": len(complete), "rows_dropped": dropped,
        "variables": variables,
        "equations": [f"{f.dependent} ~ {' + '.join(f.predictors)}" for f in fits],
        "mediation_chains": [list(c) for c in chains],
        "options": {"missing_values": [str(v) for v in missing_values], "missing": missing, "score": score,
                    "validity": validity, "alpha": alpha, "alpha_threshold": alpha_threshold, "tails": tails,
                    "boot": boot, "seed": seed, "scale_min": smin, "scale_max": smax, "n_bands": n_bands,
                    "population_size": population_size},
        "conventions": {
            "r_table": "r_crit = t/sqrt(df + t^2), t = t(1 - alpha/2, df), df = n - 2 (two-tailed)",
            "sd": "n - 1 divisor",
            "ks": "asymptotic Kolmogorov p without Lilliefors correction (SPSS NPAR TESTS) and Lilliefors "
                  "(Dallal-Wilkinson approximation, SPSS EXAMINE)",
            "linearity": "SPSS MEANS 'Deviation from Linearity'",
            "heteroskedasticity": "Glejser t per predictor; Breusch-Pagan Koenker and classic",
            "bootstrap": "percentile, numpy quantile 'linear' (R type 7), PCG64(SeedSequence(seed))",
        },
    }
    return RegressionResult(
        item_validity=validity_tab, reliability=rel, descriptives=desc, categories=cats,
        category_frequencies=freqs, category_bands=bands, correlations=corr,
        simple_regressions=pd.concat(simple, ignore_index=True), coefficients=pd.concat(coefs, ignore_index=True),
        model_summary=pd.concat(summ, ignore_index=True), anova=pd.concat(anova, ignore_index=True),
        assumptions=pd.concat(assum, ignore_index=True), linearity=pd.concat(lin, ignore_index=True),
        mediation=med, mediation_steps=steps, hypotheses=hyp,
        residuals=pd.concat(resid, ignore_index=True),
        scores=scores.reset_index(), warnings=warnings, meta=meta, power=power)


def _rows(rows: list[int], limit: int = 10) -> str:
    shown = ", ".join(map(str, rows[:limit]))
    return shown + (f", ... ({len(rows) - limit} more)" if len(rows) > limit else "")
