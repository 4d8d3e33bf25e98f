"""Sections every kind shares: sample and cleaning (pls, regression), warnings, figures and the Files section."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..folder import ResultsFolder
from .document import Doc, _distinct, _list_words, _oneline, _plural, _text, integer, view

#: one-line descriptions of the tidy files per step (``"*"``: any step), for the Files section
FILE_NOTES = {
    "cleaning": {
        "clean.csv": "the retained rows, items recoded and numeric (the analysis input)",
        "cleaning_counts.json": "counts per cleaning rule, warnings",
        "cleaning_report.md": "the cleaning rules applied, counts, excluded rows and flags",
        "excluded_rows.csv": "every excluded row with the reason",
        "flags.csv": "every rule hit (straight-lining, duplicates, outliers, imputed cells), kept or not",
        "item_descriptives.csv": "per item n, mean, SD, skewness, excess kurtosis, share missing",
    },
    "pls": {
        "run.json": "versions, inputs with SHA-256, settings, seed, bootstrap, missing data, warnings",
        "paths.csv": "path coefficients with bootstrap SE, t, p, percentile and BCa intervals",
        "loadings.csv": "outer loadings with bootstrap inference",
        "weights.csv": "outer weights with bootstrap inference",
        "outer_model.csv": "loadings, indicator reliability, weights and their verdicts",
        "item_purification.csv": "items dropped or kept in purification, with AVE and rho_C before and after",
        "reliability.csv": "Cronbach's alpha, rho_A, rho_C, AVE per construct with verdicts",
        "fornell_larcker.csv": "Fornell-Larcker matrix (diagonal: square root of AVE)",
        "htmt.csv": "HTMT and HTMT2 per pair with the bootstrap upper bound and verdict",
        "cross_loadings.csv": "loadings of every item on every construct, with the flag",
        "construct_corr.csv": "correlations of the construct scores",
        "vif_outer.csv": "indicator VIF",
        "vif_inner.csv": "predictor VIF per endogenous construct",
        "r2.csv": "R² and adjusted R² with bootstrap inference",
        "r2_assessment.csv": "R² with the wording (weak / moderate / substantial)",
        "f2.csv": "f² effect size of every path",
        "q2.csv": "blindfolding Q² (cross-validated redundancy)",
        "plspredict.csv": "PLSpredict RMSE, MAE and Q²_predict per indicator against the LM benchmark",
        "model_fit.csv": "SRMR, d_ULS, d_G, chi², NFI for the saturated and estimated model",
        "effects.csv": "direct, specific indirect, total indirect and total effects with bootstrap inference",
        "mediation.csv": "specific indirect effects, direct effects, Zhao et al. (2010) type and reasoning",
        "hypotheses.csv": "one row per path: estimate, bootstrap test, f², supported or not",
        "verdicts.csv": "every criterion, value, threshold and verdict in one table",
        "scores.csv": "construct scores per respondent",
        "boot_failed.csv": "bootstrap resamples that failed, with the reason",
        "boot_draws.parquet": "every bootstrap draw",
    },
    "cbsem": {
        "run.json": "estimator, model syntax, n, semopy version, notes, warnings",
        "fit.csv": "chi², CFI, TLI, NFI, RMSEA, SRMR, AIC, BIC with their conventions and verdicts",
        "estimates.csv": "CB-SEM parameter estimates (unstandardized and std.all)",
        "comparison.csv": "PLS vs CB-SEM paths and loadings, sign and significance differences",
        "comparison.png": "PLS vs CB-SEM estimates (figure)",
        "warnings.csv": "estimation warnings and notes",
        "latent_correlations.csv": "CB-SEM latent correlations",
        "r2.csv": "CB-SEM R² of the endogenous constructs",
        "summary.txt": "plain-text overview",
    },
    "regression": {
        "run.json": "data, model, options, rows dropped, conventions, warnings",
        "item_validity.csv": "item-total correlations (r hitung) against r-table, valid or not",
        "reliability.csv": "Cronbach's alpha per variable with its interval and decision",
        "descriptives.csv": "descriptive statistics of the composite scores",
        "categories.csv": "mean scores per item and variable with their category band",
        "category_bands.csv": "the category bands (interval width (max - min)/k)",
        "category_frequencies.csv": "respondents per category band",
        "correlations.csv": "Pearson correlations between the variables",
        "simple_regressions.csv": "one simple regression per predictor, with KD",
        "coefficients.csv": "multiple regression coefficients (B, SE, Beta, t, p, tolerance, VIF)",
        "model_summary.csv": "R, R², adjusted R², SE of the estimate, KD",
        "anova.csv": "ANOVA table of the regression (F test)",
        "assumptions.csv": "classic assumption tests with their decisions and conventions",
        "linearity.csv": "SPSS MEANS linearity ANOVA (deviation from linearity)",
        "mediation.csv": "mediation by regression: a, b, c, c', indirect effect with Sobel and bootstrap",
        "mediation_steps.csv": "Baron-Kenny steps of the mediation by regression",
        "hypotheses.csv": "one row per hypothesis: test, statistic, critical value, decision and reason",
        "residuals.csv": "residuals behind the three charts",
        "scores.csv": "composite scores per respondent",
    },
    "sessions": {
        "run.json": "options, window, seed, warnings, file list",
        "sessions.csv": "every parsed session, with the in-window flag",
        "accounts.csv": "per-account metrics in the window",
        "correlations.csv": "rank correlations of session frequency with GMV, bootstrap intervals",
        "regression.csv": "log-log OLS coefficients with HC3 standard errors",
        "regression_fit.csv": "fit of the log-log OLS",
        "hypotheses.csv": "the claim, its test, verdict and reason",
        "weekly_sessions.csv": "sessions and GMV per account per week",
        "rolling.csv": "metrics over trailing windows",
        "summary.txt": "plain-text overview",
    },
    "coding": {
        "run.json": "inputs, counts, coders, warnings, file list",
        "codebook.csv": "the codebook as read",
        "cases.csv": "the case list as read",
        "matrix.csv": "tidy case × theme table: segments, sources, present",
        "matrix_counts.csv": "case × theme grid of segment counts",
        "matrix_presence.csv": "case × theme grid of presence (0/1)",
        "prevalence.csv": "cases and segments per theme, share of cases, rank",
        "cooccurrence.csv": "co-occurrence of themes in segments and cases, with Jaccard",
        "audit.csv": "every segment behind every cell (case, theme, segment id, source, excerpt, file row)",
        "agreement.csv": "Cohen's kappa per theme and pooled (two coders)",
        "summary.txt": "plain-text overview",
    },
}


@dataclass(frozen=True)
class StudyFolders:
    """The folders one summary is written from: the analysis step's, and the cleaning and CB-SEM ones if any."""

    analysis: ResultsFolder
    cleaning: ResultsFolder | None = None
    cbsem: ResultsFolder | None = None


def _figures(doc: Doc, folder: Path, captions: dict[str, str] | None = None, embed: bool = False) -> list[str]:
    """Links to the PNG figures of a folder (sorted by name)."""
    if not folder.is_dir():
        return []
    items = []
    for f in sorted(folder.glob("*.png")):
        caption = (captions or {}).get(f.stem) or f.stem.replace("_", " ")
        link = doc.link(f)
        items.append(f"![{caption}]({link})" if embed else f"[{caption}]({link})")
    return items


def _files(doc: Doc, folders: list[ResultsFolder]) -> None:
    """The Files section: every tidy file of the folders with its one-line description."""
    for folder in folders:
        names = sorted(p.name for p in folder.path.iterdir() if p.is_file() and not p.name.startswith(".")
                       and not (p.suffix == ".svg" and p.with_suffix(".png").is_file()))
        items = []
        for name in names:
            note = FILE_NOTES.get(folder.step, {}).get(name, "")
            items.append(f"[{doc.link(folder.path / name)}]({doc.link(folder.path / name)})"
                         + (f" — {note}" if note else ""))
        if (folder.path / "figures").is_dir():
            items.append(f"[{doc.link(folder.path / 'figures')}/]({doc.link(folder.path / 'figures')}/) — figures "
                         "(PNG and SVG)")
        if items:
            doc.p(f"**{folder.step}** (`{doc.link(folder.path)}/`):")
            doc.bullets(items)


def _warnings(doc: Doc, warnings: list[str], notes: list[str]) -> None:
    warnings = list(dict.fromkeys(_oneline(w) for w in warnings if _text(w)))
    notes = _distinct(notes)
    if warnings:
        doc.p("Warnings raised while the results were computed (from `run.json`, `cleaning_counts.json` and "
              "`warnings.csv`):")
        doc.bullets(warnings)
    else:
        doc.p("No step raised a warning.")
    if notes:
        doc.p("Notes attached to the tables (`note` columns), stating conventions and special cases:")
        doc.bullets(notes)


def _table_notes(folder: ResultsFolder, names: list[str]) -> list[str]:
    notes = []
    for name in names:
        df = folder.csv(name)
        if df is None or df.empty or "note" not in df.columns:
            continue
        for n in dict.fromkeys(_text(x) for x in df["note"]):
            if n:
                notes.append(f"`{name}`: {n}")
    return notes


def _cleaning_section(doc: Doc, cleaning: ResultsFolder | None, n_used: int | None, missing_text: str) -> list[str]:
    """Sample flow; returns the cleaning warnings."""
    warnings: list[str] = []
    if cleaning is None:
        doc.p("No cleaning folder was given, so the sample flow before estimation is not reported.", missing_text)
        return warnings
    counts = cleaning.json("cleaning_counts.json")
    warnings += [str(w) for w in counts.get("warnings", [])]
    read, kept = counts.get("rows_read"), counts.get("rows_clean")
    excluded = counts.get("rows_excluded", 0) or 0
    ex = cleaning.csv("excluded_rows.csv")
    flags = cleaning.csv("flags.csv")
    reasons = _exclusion_reasons(ex)
    first = (f"The survey file held {_plural(read, 'response')}; "
             + (f"{_plural(excluded, 'row')} {'was' if excluded == 1 else 'were'} excluded in cleaning "
                f"({reasons}), " if excluded else "no row was excluded in cleaning, ")
             + f"leaving {integer(kept)} for the analysis.")
    flagged = []
    if flags is not None and not flags.empty and {"rule", "action"} <= set(flags.columns):
        kept_flags = flags[flags["action"].astype(str) == "kept"]
        for rule, grp in kept_flags.groupby("rule", sort=False):
            one, many = _RULE_WORDS.get(str(rule), f"{rule}|{rule}").split("|")
            rows = ", ".join(str(int(r)) for r in grp["row"].head(10))
            more = f" and {len(grp) - 10} more" if len(grp) > 10 else ""
            flagged.append(f"{integer(len(grp))} {one if len(grp) == 1 else many} "
                           f"(row{'s' if len(grp) > 1 else ''} {rows}{more})")
    flag_text = (f"Flagged but kept: {_list_words(flagged)}; see `{doc.link(cleaning.path / 'flags.csv')}`."
                 if flagged else "")
    marker = counts.get("missing_marker_cells", 0) or 0
    empty = counts.get("empty_cells", 0) or 0
    oor = counts.get("out_of_range_cells", 0) or 0
    cells = []
    if marker:
        cells.append(f"{_plural(marker, 'answer')} coded as missing")
    if empty:
        cells.append(f"{_plural(empty, 'empty cell')}")
    if oor:
        cells.append(f"{_plural(oor, 'out-of-range answer')} set missing")
    cell_text = f"The file had {_list_words(cells)}." if cells else "The file had no missing answer."
    doc.p(first, flag_text, cell_text, missing_text)
    if ex is not None and not ex.empty:
        more = f"{len(ex) - 15} more rows in `{doc.link(cleaning.path / 'excluded_rows.csv')}`." if len(ex) > 15 \
            else ""
        doc.table(view("cleaning", "excluded_rows"), ex.head(15),
                  note=f"Row numbers are the data file's, header = row 1. {more}")
    doc.p(f"The cleaning rules and counts are in `{doc.link(cleaning.path / 'cleaning_report.md')}`."
          if cleaning.has("cleaning_report.md") else "")
    return warnings


_RULE_WORDS = {
    "straightlining": "straight-lining respondent|straight-lining respondents",
    "duplicate": "duplicate respondent|duplicate respondents",
    "mahalanobis": "multivariate outlier (Mahalanobis D²)|multivariate outliers (Mahalanobis D²)",
    "no_answers": "row without answers|rows without answers",
}


def _exclusion_reasons(ex: pd.DataFrame | None) -> str:
    if ex is None or ex.empty or "reason" not in ex.columns:
        return "reasons in excluded_rows.csv"
    counts: dict[str, int] = {}
    for reason in ex["reason"]:
        for part in _text(reason).split(";"):
            key = part.strip().split(" (")[0] or "unspecified"
            counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{k}: {integer(v)}" for k, v in counts.items())
