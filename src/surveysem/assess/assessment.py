"""``assess(res, boot)``: every assessment table of a PLS-SEM report in one object, and writing them as CSV."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..io import write_csv, write_json
from ..pls import PLSResult
from ..pls.bootstrap import BootstrapResult
from ..pls.output import engine_inputs, write_tables
from ..results import write_atomically
from ..stats import blas_pinned
from .discriminant import cross_loadings, fornell_larcker, htmt_table
from .endogeneity import gaussian_copula
from .fit import model_fit
from .higher_order import with_levels
from .ipma import ipma as ipma_analysis
from .mediation import mediation
from .method_bias import RULES as CMB_RULES
from .method_bias import common_method_bias, marker_variable
from .predict import cvpat, fold_plan, fold_predictions, plspredict, q2_blindfolding
from .purify import purify_items
from .reliability import outer_model, reliability
from .rules import (
    AVE_MIN,
    F2_SIZES,
    FORMATIVE_LOADING_MIN,
    HTMT_THRESHOLDS,
    LOADING_MIN,
    RELIABILITY_MAX,
    RELIABILITY_MIN,
    RULES,
    VIF_THRESHOLDS,
    cut,
    verdict_rows,
)
from .sample_size import sample_size_table
from .structural import f_square, path_table, r2_table, vif_inner, vif_outer

#: file name (without .csv) -> Assessment attribute; the order of writing and of the docs
FILES = {
    "reliability": "reliability",
    "outer_model": "outer_model",
    "fornell_larcker": "fornell_larcker",
    "htmt": "htmt",
    "cross_loadings": "cross_loadings",
    "vif_outer": "vif_outer",
    "vif_inner": "vif_inner",
    "f2": "f2",
    "hypotheses": "hypotheses",
    "r2_assessment": "r2",
    "q2": "q2",
    "plspredict": "plspredict",
    "cvpat": "cvpat",
    "endogeneity": "endogeneity",
    "model_fit": "model_fit",
    "mediation": "mediation",
    "common_method_bias": "common_method_bias",
    "marker_variable": "marker_variable",
    "ipma_constructs": "ipma_constructs",
    "ipma_indicators": "ipma_indicators",
    "item_purification": "item_purification",
    "sample_size": "sample_size",
    "verdicts": "verdicts",
}


@dataclass
class Assessment:
    """All assessment tables of one PLS-SEM estimate (tidy DataFrames; ``None`` when a step was skipped).

    ``result`` and ``boot`` are the final model's estimate and bootstrap (after item purification; ``boot`` is
    ``None`` without a bootstrap); ``original`` is the estimate that went in.
    """

    result: PLSResult
    boot: BootstrapResult | None
    original: PLSResult
    reliability: pd.DataFrame
    outer_model: pd.DataFrame
    fornell_larcker: pd.DataFrame
    htmt: pd.DataFrame
    cross_loadings: pd.DataFrame
    vif_outer: pd.DataFrame
    vif_inner: pd.DataFrame
    f2: pd.DataFrame
    hypotheses: pd.DataFrame
    r2: pd.DataFrame
    q2: pd.DataFrame | None
    plspredict: pd.DataFrame | None
    model_fit: pd.DataFrame | None
    mediation: pd.DataFrame | None
    item_purification: pd.DataFrame
    verdicts: pd.DataFrame
    cvpat: pd.DataFrame | None = None
    endogeneity: pd.DataFrame | None = None
    common_method_bias: pd.DataFrame | None = None
    marker_variable: pd.DataFrame | None = None
    ipma_constructs: pd.DataFrame | None = None
    ipma_indicators: pd.DataFrame | None = None
    #: minimum sample sizes (inverse square root, 10-times rule, Slovin): :mod:`surveysem.assess.sample_size`
    sample_size: pd.DataFrame | None = None
    warnings: list[str] = field(default_factory=list)
    settings: dict = field(default_factory=dict)

    def assessment_tables(self) -> dict[str, pd.DataFrame]:
        """File stem → assessment table (:data:`FILES`), for every table that was computed."""
        return {f: getattr(self, a) for f, a in FILES.items() if getattr(self, a) is not None}

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the assessed model's folder by file stem: the engine tables of the final model (with the
        bootstrap columns when bootstrapped) and then the assessment tables; the assessment's ``cross_loadings``
        (with flags) replaces the engine's plain one."""
        engine = (self.boot if self.boot is not None else self.result).tables()
        return {**engine, **self.assessment_tables()}

    def write(self, out: str | os.PathLike, *, inputs: dict | None = None, save_draws: bool = True) -> list[Path]:
        """Write :meth:`tables` as CSV, the bootstrap draws and ``run.json`` (with the assessment's settings and
        warnings) into folder ``out``, atomically: the folder ``surveysem assess`` writes. ``inputs`` names the files
        read for ``run.json`` (default: the data and model files, when they are files)."""
        inputs = engine_inputs(self.result) if inputs is None else inputs

        def fill(folder: Path) -> list[Path]:
            written = write_tables(self.result, folder, self.boot, inputs=inputs, save_draws=save_draws)
            return written + write_assessment(self, folder)

        return write_atomically(out, fill, made_by="surveysem assess", inputs=inputs.values())

    def summary(self) -> str:
        """Plain-text overview: verdict counts, the failed and warned criteria, and the warnings."""
        v = self.verdicts
        counts = v["verdict"].value_counts()
        lines = ["PLS-SEM assessment (surveysem)",
                 "  verdicts: " + ", ".join(f"{k} {int(counts.get(k, 0))}" for k in ("pass", "warn", "fail", "n/a"))]
        bad = v[v["verdict"].isin(["fail", "warn"])]
        if len(bad):
            lines += ["", "Criteria not passed"]
            for r in bad.itertuples(index=False):
                val = f"{r.value:.3f}" if isinstance(r.value, (float, np.floating)) and np.isfinite(r.value) else r.value
                lines.append(f"  - [{r.verdict}] {r.criterion}, {r.subject}: {val} (threshold {r.threshold})")
        dropped = self.item_purification[self.item_purification["action"] == "dropped"]
        if len(dropped):
            lines += ["", "Items dropped: " + ", ".join(dropped["indicator"])]
        if self.mediation is not None and len(self.mediation):
            lines += ["", "Mediation"] + [f"  - {m}" for m in self.mediation["reasoning"]]
        if self.warnings:
            lines += ["", "Warnings"] + [f"  - {w}" for w in self.warnings]
        return "\n".join(lines)


@blas_pinned
def assess(res: PLSResult, boot: BootstrapResult | None = None, purify: str = "none", q2_distance: int | None = 7, q2_omission: str = "column",
           predict_folds: int | str | None = 10, predict_reps: int = 10, predict_technique: str = "EA",
           fit_boot: int | None = None, seed: int = 42, r2_variant: str = "hair", alpha: float = 0.05,
           mediation_interval: str = "percentile", htmt_level: float = 0.95, marker: str | None = None,
           data: pd.DataFrame | None = None, missing_values=(), ipma: str | None = None,
           likert: tuple[float, float] | None = None,
           population_size: int | None = None, copula: bool = True) -> Assessment:
    """Assess a PLS-SEM estimate: measurement model, structural model, prediction, fit, mediation, verdicts.

    Parameters
    ----------
    res : PLSResult
    boot : BootstrapResult, optional
        Bootstrap of ``res``. Needed for HTMT inference, weight/path significance and mediation; without it those
        columns are missing and mediation is skipped (with a warning).
    purify : {"none", "strict", "hair"}
        Item purification rule (:func:`~surveysem.assess.purify.purify_items`); when items are dropped every later
        table uses the final model, and the bootstrap is redone on it with the same number of resamples and seed.
    q2_distance : int or None
        Blindfolding omission distance D (None: skip Q²). With ``q2_omission="column"``, if D divides n the next
        of 7, 8, 6, 9, 5, 11, 13 that does not is used, with a warning (SmartPLS's rule: otherwise every round
        omits whole cases).
    q2_omission : {"column", "case"}
        Numbering of the omitted data points (:func:`~surveysem.assess.predict.omission_masks`): down each
        indicator column (semPLS ``dlines = FALSE``, SmartPLS; default) or case-wise (semPLS ``dlines = TRUE``).
    predict_folds, predict_reps, predict_technique : PLSpredict settings (``predict_folds=None``: skip;
        ``"loocv"``: leave-one-out). When the data have too few cases for k folds (k > n/2) PLSpredict is
        skipped with a warning.
    fit_boot : int or None
        Resamples for the exact fit test quantiles (None: as many as ``boot``, 0: none).
    seed : int
        Seed for PLSpredict folds and the fit bootstrap.
    r2_variant : {"hair", "chin"}
        R² wording: 0.75/0.50/0.25 (Hair et al. 2022) or 0.67/0.33/0.19 (Chin 1998).
    alpha : float
        Significance level for hypotheses and the formative keep/drop rule.
    mediation_interval : {"percentile", "bca"}
    htmt_level : float
        Level of the one-sided HTMT upper bound (0.95).
    marker, data, missing_values : str, DataFrame, iterable
        A measured marker column of ``data`` (the data the estimate read): the marker-variable checks of common
        method bias (:func:`~surveysem.assess.method_bias.marker_variable`). Kock's full-collinearity VIF and
        Harman's test are always computed (:func:`~surveysem.assess.method_bias.common_method_bias`).
    ipma, likert : str, (min, max)
        The target construct of an importance-performance map (:func:`~surveysem.assess.ipma.ipma`) and the
        answer scale its 0-100 rescaling uses.
    population_size : int, optional
        Population size N: adds Slovin's row to the minimum-sample-size table (``sample_size.csv``).
    copula : bool
        Run the Gaussian copula test of endogeneity (:func:`~surveysem.assess.endogeneity.gaussian_copula`).

    CVPAT (:func:`~surveysem.assess.predict.cvpat`) runs with PLSpredict, on the same folds, and the copula test
    with ``copula``; both bootstrap with as many resamples as ``boot`` and ``seed``, so they need a bootstrap.
    """
    warnings: list[str] = list(getattr(res, "warnings", []))
    original = res
    final, log = purify_items(res, rule=purify)
    if (log["action"] == "dropped").any():
        dropped = ", ".join(log.loc[log["action"] == "dropped", "indicator"])
        warnings.append(f"item purification ({purify}) dropped {dropped}; every table uses the reduced model")
        if boot is not None:
            s = boot.settings
            replay = boot.indices
            if replay is not None and replay.shape[1] != final.data.resample_base.shape[0]:
                replay = None  # purification changed the rows (listwise deletion): the indices no longer fit
                warnings.append("the bootstrap replayed given resample indices; purification changed the rows used, "
                                f"so it was redone with {boot.n_requested} fresh resamples (seed {seed})")
            if replay is not None:  # the same resamples of the same rows, on the reduced model
                boot = final.bootstrap(indices=replay, seed=None, ci=s.get("ci", 0.95), bca=s.get("bca", True))
            else:
                boot = final.bootstrap(boot=boot.n_requested,
                                       seed=s.get("seed") if s.get("seed") is not None else seed,
                                       ci=s.get("ci", 0.95), bca=s.get("bca", True))
    res = final
    if boot is None:
        warnings.append("no bootstrap: HTMT inference, significance of weights and paths, and mediation are not "
                        "available (run with --boot 5000)")
    rel = reliability(res)
    om = outer_model(res, boot, alpha=alpha)
    fl = fornell_larcker(res)
    ht = htmt_table(res, boot, level=htmt_level)
    cl = cross_loadings(res)
    vo, vi = vif_outer(res), vif_inner(res)
    f2 = f_square(res)
    hyp = path_table(res, boot, alpha=alpha)
    r2 = r2_table(res, boot, variant=r2_variant)
    if res.model.higher_order:  # both levels of a higher-order model (Sarstedt et al. 2019)
        lv = with_levels(res, boot, dict(reliability=rel, outer_model=om, htmt=ht, vif_outer=vo, fornell_larcker=fl,
                                         cross_loadings=cl))
        rel, om, ht, vo, fl, cl = (lv[k] for k in ("reliability", "outer_model", "htmt", "vif_outer",
                                                   "fornell_larcker", "cross_loadings"))
    q2 = None
    skipped = unsupported_steps(res)
    for step in skipped:
        if step == "Gaussian copula" and not copula:
            continue
        warnings.append("{step} skipped: not available yet for a model with {what}".format(step=step,
                                                                                            what=skipped[step]))
    if q2_distance and "Q² (blindfolding)" not in skipped:
        d = q2_distance
        if q2_omission == "column" and res.n % d == 0:
            d = next(x for x in (7, 8, 6, 9, 5, 11, 13) if res.n % x)
            warnings.append(f"omission distance {q2_distance} divides n = {res.n}; used D = {d}")
        if d >= res.n:
            warnings.append(f"Q² skipped: the omission distance D = {d} needs more than {d} cases (n = {res.n})")
        else:
            q2 = q2_blindfolding(res, distance=d, omission=q2_omission)
    pp = None
    if predict_folds and "PLSpredict" not in skipped:
        if not isinstance(predict_folds, str) and predict_folds > res.n // 2:
            warnings.append(f"PLSpredict skipped: {predict_folds} folds need at least {2 * predict_folds} cases "
                            f"(n = {res.n}); use fewer folds or 'loocv'")
        else:
            # one set of out-of-fold predictions for PLSpredict and CVPAT (the same folds, Liengaard et al. 2021)
            fp = fold_predictions(res, fold_plan(res.n, predict_folds, predict_reps, seed, None, "PLSpredict")[0],
                                  technique=predict_technique)
            pp = plspredict(res, k=predict_folds, reps=predict_reps, seed=seed, technique=predict_technique,
                            predictions=fp)
    cv, endo = None, None
    robust_boot = boot.n_requested if boot is not None else 0
    if pp is not None and predict_folds and "CVPAT" not in skipped:
        if robust_boot < 2:
            warnings.append("CVPAT skipped: its test bootstraps the loss differences (run with --boot 5000)")
        else:
            cv = cvpat(res, k=predict_folds, reps=predict_reps, seed=seed, technique=predict_technique,
                       predictions=fp, boot=robust_boot, alpha=alpha)
    if copula and "Gaussian copula" not in skipped:
        if robust_boot < 2:
            warnings.append("Gaussian copula test skipped: it needs a bootstrap (run with --boot 5000)")
        else:
            endo = gaussian_copula(res, boot=robust_boot, seed=seed, alpha=alpha)
    nfit = (boot.n_requested if boot is not None else 0) if fit_boot is None else fit_boot
    mf = model_fit(res, boot=nfit, seed=seed) if "model fit (SRMR, d_ULS, d_G)" not in skipped else None
    med = mediation(res, boot, interval=mediation_interval) if boot is not None else None
    for note in f2.loc[(f2["note"] != "") & f2["f2"].notna(), "note"].unique():
        warnings.append(f"f²: {note}")
    for table in (vo, vi, f2, q2, pp, cv, endo, mf):
        if table is not None:
            warnings.extend(table.attrs.get("warnings", []))
    if res.settings.get("consistent"):
        warnings.append("consistent PLS: Q² and PLSpredict are computed from the construct scores, which PLSc leaves "
                        "as in plain PLS")
        if cv is not None or endo is not None:
            warnings.append("consistent PLS: CVPAT and the Gaussian copula test, too, use the plain PLS construct "
                            "scores and predictions")
        warnings.append("consistent PLS: f² re-estimates the PLSc model without each path (as seminr)")
    if boot is not None and len(boot.failed):
        warnings.append(f"{len(boot.failed)} of {boot.n_requested} bootstrap resamples failed and were left out")
    cmb = common_method_bias(res)  # the reported model's constructs: a higher-order model's stage 2
    warnings.extend(cmb.attrs.get("warnings", []))
    mv = None
    if marker:
        if data is None:
            raise ValueError("assess(marker=...) needs the data the estimate read (data=...)")
        mv = marker_variable(res, boot, data, marker, alpha=alpha, missing_values=missing_values)
    ipc = ipi = None
    if ipma:
        lo, hi = likert or (1.0, 5.0)
        im = ipma_analysis(res, ipma, (float(lo), float(hi)))
        ipc, ipi = im.constructs, im.indicators
        warnings.extend(im.notes)
    ss = sample_size_table(hyp, res.model, res.n, alpha=alpha, population_size=population_size)
    for r in ss[(ss["method"] == "inverse square root") & (ss["enough"] == "no")].itertuples(index=False):
        warnings.append(f"sample size: n = {r.n_actual} is below the {r.n_required:.0f} the inverse square root "
                        f"method needs to detect {r.subject} (|beta| = {r.effect:.3f}) with power {r.power:g}")
    verdicts = pd.concat([_verdicts(rel, om, fl, ht, cl, vo, vi, f2, r2, q2, pp, mf, hyp, cmb, mv, cv, endo), _sample_verdicts(ss)],
                         ignore_index=True)
    settings = dict(purify=purify, q2_distance=q2_distance, q2_omission=q2_omission, predict_folds=predict_folds,
                    predict_reps=predict_reps, predict_technique=predict_technique, fit_boot=nfit, seed=seed,
                    r2_variant=r2_variant, alpha=alpha, mediation_interval=mediation_interval, htmt_level=htmt_level,
                    marker=marker, ipma=ipma, likert=list(likert) if likert else None,
                    population_size=population_size, copula=copula)
    return Assessment(result=res, boot=boot, original=original, reliability=rel, outer_model=om, fornell_larcker=fl,
                      htmt=ht, cross_loadings=cl, vif_outer=vo, vif_inner=vi, f2=f2, hypotheses=hyp, r2=r2, q2=q2,
                      plspredict=pp, model_fit=mf, mediation=med, item_purification=log, verdicts=verdicts,
                      common_method_bias=cmb, marker_variable=mv, ipma_constructs=ipc, ipma_indicators=ipi, sample_size=ss,
                      cvpat=cv, endogeneity=endo, warnings=warnings, settings=settings)


def unsupported_steps(res: PLSResult) -> dict[str, str]:
    """The assessment steps that cannot handle ``res``'s model yet, each with what in the model stops it.

    Blindfolding, PLSpredict, CVPAT and the model-fit tests re-estimate the model from its observed items; for
    interaction terms and higher-order constructs (whose indicators are made inside the plan,
    :mod:`surveysem.pls.interaction`, :mod:`surveysem.pls.higher_order`) they are not written yet, so they are
    skipped with a warning rather than giving numbers of another model. The Gaussian copula test is skipped for
    interaction terms (the copula of a product term is not defined by Park & Gupta 2012 or Hult et al. 2018) and
    for higher-order models (whose regressions run on stage-two scores).
    """
    names = res.model.interaction_names
    hocs = [h.name for h in res.model.higher_order]
    if names:
        what = "interaction terms ({names})".format(names=", ".join(names))
    elif hocs:
        what = "higher-order constructs ({names})".format(names=", ".join(hocs))
    else:
        return {}
    return dict.fromkeys(("Q² (blindfolding)", "PLSpredict", "CVPAT", "Gaussian copula",
                          "model fit (SRMR, d_ULS, d_G)"), what)


def _verdicts(rel, om, fl, ht, cl, vo, vi, f2, r2, q2, pp, mf, hyp, cmb=None, mv=None, cv=None,
              endo=None) -> pd.DataFrame:
    """The long verdict table: ``criterion, subject, value, threshold, verdict, rule, reference``."""
    parts = []
    refl = om[om["mode"] == "reflective"]
    parts.append(verdict_rows("indicator loading", refl["indicator"], refl["loading"], LOADING_MIN, refl["verdict"],
                              RULES["loading"]))
    form = om[om["mode"] == "composite"]
    if len(form):
        parts.append(verdict_rows("formative indicator (weight/loading)", form["indicator"], form["weight"],
                                  f"weight p < alpha or loading >= {cut(FORMATIVE_LOADING_MIN)}", form["verdict"],
                                  RULES["loading"].__class__("formative", form["rule"].iloc[0],
                                                             "Hair et al. (2022), ch. 5")))
    passing = f"{cut(RELIABILITY_MIN)}-{cut(RELIABILITY_MAX)}"
    for col, key, thr in (("alpha", "alpha", passing), ("rho_a", "rho_a", passing), ("rho_c", "rho_c", passing),
                          ("ave", "ave", AVE_MIN)):
        parts.append(verdict_rows(RULES[key].criterion, rel["construct"], rel[col], thr, rel[f"{col}_verdict"],
                                  RULES[key]))
    parts.append(verdict_rows("Fornell-Larcker", fl["construct"], fl["sqrt_ave"], fl["max_abs_corr"], fl["verdict"],
                              RULES["fornell_larcker"]))
    basis = ht["upper_one_sided"] if "upper_one_sided" in ht else ht["htmt"]
    parts.append(verdict_rows("HTMT", ht["construct_a"] + " - " + ht["construct_b"], basis, " / ".join(map(cut, HTMT_THRESHOLDS)),
                              ht["verdict"], RULES["htmt"]))
    parts.append(verdict_rows("cross-loadings", cl["indicator"], cl["own_loading"], cl["max_other"], cl["verdict"],
                              RULES["cross_loading"]))
    parts.append(verdict_rows("indicator VIF", vo["indicator"], vo["vif"], " / ".join(map(cut, VIF_THRESHOLDS)),
                              vo["verdict"], RULES["vif_outer"]))
    parts.append(verdict_rows("inner VIF", vi["predictor"] + " -> " + vi["construct"], vi["vif"], " / ".join(map(cut, VIF_THRESHOLDS)),
                              vi["verdict"], RULES["vif_inner"]))
    parts.append(verdict_rows("f²", f2["from"] + " -> " + f2["to"], f2["f2"], " / ".join(map(cut, F2_SIZES)),
                              np.where(f2["f2"].isna(), "n/a", np.where(f2["f2"] >= F2_SIZES[0], "pass", "warn")),
                              RULES["f2"]))
    parts.append(verdict_rows("R²", r2["construct"], r2["r2"], r2["rule"].iloc[0] if len(r2) else "",
                              np.where(r2["wording"].isin(["substantial", "moderate"]), "pass",
                                       np.where(r2["wording"] == "weak", "warn", "fail")),
                              RULES["r2"]))
    if "p" in hyp:
        parts.append(verdict_rows("path hypothesis", hyp["from"] + " -> " + hyp["to"], hyp["estimate"],
                                  hyp["rule"].iloc[0], np.where(hyp["supported"] == "yes", "pass", "fail"),
                                  RULES["path"]))
    if q2 is not None:
        parts.append(verdict_rows("Q² (blindfolding)", q2["construct"], q2["q2"], 0, q2["verdict"], RULES["q2"]))
    if pp is not None:
        g = pp.groupby("construct", sort=False).agg(q2=("q2_predict", "min"), v=("verdict", "first"))
        parts.append(verdict_rows("PLSpredict", g.index, g["q2"], "Q²_predict > 0; RMSE below LM", g["v"],
                                  RULES["q2_predict"]))
    if cv is not None:
        parts.append(verdict_rows("CVPAT", cv["construct"] + " vs " + cv["benchmark"], cv["loss_difference"],
                                  "loss difference < 0, p < alpha", cv["verdict"], RULES["cvpat"]))
    if endo is not None and len(endo):
        single = endo[~endo["predictors"].str.contains(" + ", regex=False)]  # each predictor's own copula model
        parts.append(verdict_rows("Gaussian copula", single["outcome"] + " <- " + single["copula_term"], single["p"],
                                  "copula p >= alpha (non-normal predictor)", single["verdict"], RULES["copula"]))
    if mf is not None:
        m = mf[mf["index"].isin(["SRMR", "NFI", "d_ULS", "d_G"])]
        parts.append(pd.DataFrame({"criterion": "model fit", "subject": m["index"], "value": m["estimated"],
                                   "threshold": m["threshold"], "verdict": m["verdict"], "rule": m["rule"],
                                   "reference": m["reference"]}))
    if cmb is not None:
        parts.append(pd.DataFrame({"criterion": cmb["test"].map(lambda t: CMB_RULES[t].criterion),
                                   "subject": cmb["construct"], "value": cmb["value"], "threshold": cmb["threshold"],
                                   "verdict": cmb["verdict"], "rule": cmb["rule"], "reference": cmb["reference"]}))
    if mv is not None:
        m = mv[mv["verdict"] != "n/a"]
        parts.append(pd.DataFrame({"criterion": m["test"].map(lambda t: CMB_RULES[t].criterion),
                                   "subject": m["subject"], "value": m["value_with_marker"],
                                   "threshold": "significance kept", "verdict": m["verdict"], "rule": m["rule"],
                                   "reference": m["reference"]}))
    return pd.concat(parts, ignore_index=True)


def _sample_verdicts(ss: pd.DataFrame) -> pd.DataFrame:
    """Verdict rows of the inverse square root method: pass when n reaches the minimum, warn when it does not (the
    smallest paths cannot be detected reliably; the other estimates stand)."""
    isr = ss[ss["method"] == "inverse square root"]
    return verdict_rows("minimum sample size", isr["subject"], isr["n_actual"],
                        [f"n >= {t:.0f}" if pd.notna(t) else "n/a" for t in isr["n_required"]],
                        np.where(isr["enough"] == "yes", "pass", "warn"), RULES["inverse_square_root"])


def write_assessment(a: Assessment, out: str | Path) -> list[Path]:
    """Write every computed assessment table as ``<name>.csv`` into folder ``out`` (full precision), beside the
    engine's tables (:func:`~surveysem.pls.output.write_tables`); return the paths.

    ``cross_loadings.csv`` replaces the engine's plain table of the same name (same first columns: ``indicator``,
    then one column per construct after ``construct``; plus the flag columns).
    """
    out = Path(out)
    written = [write_csv(df, out / f"{name}.csv") for name, df in a.assessment_tables().items()]
    run_json = out / "run.json"
    if run_json.exists():  # the engine's provenance record also says how the assessment was made and what it warned
        info = json.loads(run_json.read_text())
        info["assessment"] = {"settings": a.settings, "warnings": list(a.warnings)}
        write_json(info, run_json)
    return written
