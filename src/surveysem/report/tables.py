"""Formatted tables: every tidy CSV of a step as an APA-style table in Markdown, HTML and LaTeX.

The analysis steps write tidy CSVs at full precision. :func:`format_tables` turns the ones a paper reports into
numbered tables (APA 7th ed., ch. 7: number in bold, title in italics, horizontal rules only, a *Note.* below that
says which rule or threshold was applied and where it comes from) and copies every CSV beside them, so the
``tables/`` folder holds both the machine-readable and the printable version of each table:

``<name>.csv``
    the tidy table, full precision (a copy of the step's output);
``<name>.md``, ``<name>.html``, ``<name>.tex``
    the printable table, rounded with :mod:`surveysem.format`;
``index.md``, ``tables.html``
    every table in order, with its number and title.

Per-row data (scores, cleaned data, residuals, session records, bootstrap draws) are copied, not formatted.

A table is described by a :class:`TableSpec`: which CSV, its title, the columns to print with their format, and a
note. The ``rule``, ``reference`` and ``note`` columns a step writes become the table's note, so each printed table
says how it was judged (e.g. "loading >= 0.708 ..., Hair et al. 2022").

References
----------
1. American Psychological Association (2020). *Publication Manual*, 7th ed., ch. 7 (tables), §6.36 (numbers).
"""
from __future__ import annotations

import html
import logging
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from ..errors import DataError
from .. import format as fmt
from .folder import Bootstrap, ResultsFolder, bootstrap_phrase

log = logging.getLogger("surveysem.report")


# --------------------------------------------------------------------------------------------------------------------
# Table descriptions
# --------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    """One printed column: where its text comes from and how it is formatted.

    ``how`` is one of ``text``, ``num`` (3 decimals), ``num2``, ``bounded`` (no leading zero), ``p``, ``int``,
    ``auto`` (integral values as integers), ``k1`` (thousands separators, 1 decimal), ``share`` (a proportion
    printed as %), ``pct`` (already a percentage), ``yesno``, ``stars`` (bounded value with the stars of ``p``),
    ``numstars``, ``ci`` (``src`` = "low,high"), ``cib`` (bounded CI), ``path`` (``src`` = "from,to", printed
    "from → to"), ``arrow`` ("a – b"), or a callable ``row -> str``.
    """

    src: str
    label: str
    how: str | Callable = "text"

    def needs(self) -> list[str]:
        if callable(self.how):
            return []
        if self.how in ("ci", "cib", "path", "arrow"):
            return self.src.split(",")
        return [self.src]

    def numeric(self) -> bool:
        return self.how not in ("text", "path", "arrow", "yesno") and not callable(self.how)


@dataclass(frozen=True)
class TableSpec:
    """A printed table made from one tidy CSV."""

    name: str
    title: str
    columns: tuple[Col, ...] = ()
    note: str = ""
    #: print every column of a square matrix CSV (first column = row label), bounded numbers
    matrix: bool = False
    #: keep rows where this callable is true
    rows: Callable[[pd.DataFrame], pd.Series] | None = None
    #: print rows in the order of this column (e.g. a rank)
    sort_by: str | None = None
    #: add the bootstrap description of run.json to the note
    bootstrap_note: bool = False
    #: a list of columns whose values are written into the note instead of the table (e.g. rule, reference)
    note_columns: tuple[str, ...] = ("rule", "reference", "note")


def _spec(name, title, cols=(), **kw) -> TableSpec:
    return TableSpec(name, title, tuple(Col(*c) for c in cols), **kw)


_B = "percentile bootstrap"
_CI = "95% CI"

PLS_TABLES = [
    _spec("item_purification", "Item purification: indicators removed and why",
          [("step", "Step", "int"), ("construct", "Construct"), ("indicator", "Item"), ("loading", "Loading", "bounded"),
           ("action", "Action"), ("ave_before", "AVE before", "bounded"), ("ave_after", "AVE after", "bounded"),
           ("rho_c_before", "ρC before", "bounded"), ("rho_c_after", "ρC after", "bounded"), ("reason", "Reason")]),
    _spec("outer_model", "Outer model: loadings, indicator reliability and weights",
          [("construct", "Construct"), ("indicator", "Item"), ("mode", "Mode"), ("loading", "Loading", "bounded"),
           ("indicator_reliability", "Loading²", "bounded"), ("loading_t", "t", "num"), ("loading_p", "p", "p"),
           ("loading_ci_low,loading_ci_high", _CI, "cib"), ("weight", "Weight", "bounded"),
           ("weight_p", "p (weight)", "p"), ("verdict", "Verdict")], bootstrap_note=True),
    _spec("reliability", "Internal consistency reliability and convergent validity",
          [("construct", "Construct"), ("n_items", "Items", "int"), ("alpha", "Cronbach's α", "bounded"),
           ("rho_a", "ρA", "bounded"), ("rho_c", "ρC (CR)", "bounded"), ("ave", "AVE", "bounded"),
           ("alpha_verdict", "α"), ("rho_a_verdict", "ρA"), ("rho_c_verdict", "ρC"), ("ave_verdict", "AVE ≥ .50")]),
    _spec("fornell_larcker", "Fornell-Larcker criterion (diagonal: square root of AVE)",
          [("construct", "Construct")], matrix=True),
    _spec("htmt", "Heterotrait-monotrait ratio (HTMT)",
          [("construct_a,construct_b", "Constructs", "arrow"), ("htmt", "HTMT", "num"), ("htmt2", "HTMT2", "num"),
           ("ci_low,ci_high", _CI, "ci"), ("upper_one_sided", "Upper bound (one-sided 95%)", "num"),
           ("verdict", "Verdict")], bootstrap_note=True),
    _spec("cross_loadings", "Cross-loadings (each item should load highest on its own construct)",
          [("indicator", "Item"), ("construct", "Construct")], matrix=True),
    _spec("vif_outer", "Collinearity of indicators (outer VIF)",
          [("construct", "Construct"), ("indicator", "Item"), ("vif", "VIF", "num"), ("verdict", "Verdict")]),
    _spec("vif_inner", "Collinearity of predictor constructs (inner VIF)",
          [("predictor", "Predictor"), ("construct", "Outcome"), ("vif", "VIF", "num"), ("verdict", "Verdict")]),
    _spec("hypotheses", "Structural model: path coefficients and hypothesis tests",
          [("from,to", "Path", "path"), ("estimate", "β", "stars"), ("boot_mean", "Mean", "bounded"),
           ("se", "SE", "bounded"), ("t", "t", "num"), ("p", "p", "p"), ("ci_low,ci_high", _CI, "cib"),
           ("f2", "f²", "num"), ("size", "Effect size"), ("supported", "Supported")], bootstrap_note=True),
    _spec("r2_assessment", "Coefficient of determination (R²)",
          [("construct", "Construct"), ("r2", "R²", "bounded"), ("r2_adj", "Adjusted R²", "bounded"),
           ("ci_low,ci_high", _CI, "cib"), ("wording", "Level")], bootstrap_note=True),
    _spec("f2", "Effect sizes (f²)",
          [("from,to", "Path", "path"), ("f2", "f²", "num"), ("r2_included", "R² included", "bounded"),
           ("r2_excluded", "R² excluded", "bounded"), ("size", "Effect size")]),
    _spec("q2", "Predictive relevance (blindfolding Q²)",
          [("construct", "Construct"), ("sso", "SSO", "num"), ("sse", "SSE", "num"), ("q2", "Q²", "bounded"),
           ("distance", "D", "int"), ("size", "Relevance"), ("verdict", "Verdict")]),
    _spec("plspredict", "PLSpredict: out-of-sample prediction of the endogenous indicators",
          [("construct", "Construct"), ("indicator", "Item"), ("q2_predict", "Q²predict", "bounded"),
           ("rmse_pls", "RMSE (PLS)", "num"), ("rmse_lm", "RMSE (LM)", "num"), ("mae_pls", "MAE (PLS)", "num"),
           ("mae_lm", "MAE (LM)", "num"), ("predictive_power", "Predictive power")]),
    _spec("model_fit", "Model fit",
          [("index", "Index"), ("saturated", "Saturated model", "num"), ("saturated_hi95", "HI95", "num"),
           ("estimated", "Estimated model", "num"), ("estimated_hi95", "HI95 ", "num"),
           ("threshold", "Threshold", "num"), ("verdict", "Verdict")]),
    _spec("mediation", "Mediation analysis: specific indirect effects (Zhao et al. 2010)",
          [("chain", "Indirect path"), ("estimate", "Indirect", "stars"), ("se", "SE", "bounded"), ("t", "t", "num"),
           ("p", "p", "p"), ("ci_low,ci_high", _CI, "cib"), ("direct", "Direct", "bounded"),
           ("direct_p", "p (direct)", "p"), ("vaf", "VAF", "share"), ("mediation", "Mediation")],
          bootstrap_note=True),
    _spec("effects", "Direct, indirect and total effects",
          [("from,to", "Effect", "path"), ("via", "Via"), ("kind", "Kind"), ("estimate", "Estimate", "stars"),
           ("se", "SE", "bounded"), ("t", "t", "num"), ("p", "p", "p"), ("ci_low,ci_high", _CI, "cib")],
          bootstrap_note=True),
    _spec("construct_corr", "Correlations between construct scores", [("construct", "Construct")], matrix=True),
    _spec("verdicts", "Assessment checklist: every criterion with its threshold and verdict",
          [("criterion", "Criterion"), ("subject", "Subject"), ("value", "Value", "auto"),
           ("threshold", "Threshold", "text"), ("verdict", "Verdict"), ("rule", "Rule"), ("reference", "Reference")],
          note_columns=()),
]

REGRESSION_TABLES = [
    _spec("item_validity", "Item validity (item-total correlation against r-table) and alpha if item deleted",
          [("variable", "Variable"), ("item", "Item"), ("r_item_total", "r item-total", "bounded"),
           ("r_corrected", "Corrected r", "bounded"), ("r_table", "r-table", "bounded"), ("criterion", "Criterion"),
           ("valid", "Valid", "yesno"), ("alpha_if_deleted", "α if deleted", "bounded")],
          note="r-table: two-tailed α = .05, df = n − 2, r = t/√(df + t²)."),
    _spec("reliability", "Reliability (Cronbach's alpha)",
          [("variable", "Variable"), ("n_items", "Items", "int"), ("n", "n", "int"),
           ("cronbach_alpha", "Cronbach's α", "bounded"), ("ci_low,ci_high", _CI, "cib"),
           ("threshold", "Threshold", "bounded"), ("reliable", "Reliable", "yesno")]),
    _spec("descriptives", "Descriptive statistics of the variable scores",
          [("variable", "Variable"), ("n", "n", "int"), ("min", "Min", "num2"), ("max", "Max", "num2"),
           ("mean", "Mean", "num"), ("sd", "SD", "num"), ("median", "Median", "num2")]),
    _spec("category_frequencies", "Respondents' answers by category (Sugiyono interval bands)",
          [("variable", "Variable"), ("category", "Category"), ("lower", "From", "num2"), ("upper", "To", "num2"),
           ("count", "n", "int"), ("percent", "%", "pct")]),
    _spec("correlations", "Pearson correlations between the variables",
          [("var1", "Variable 1"), ("var2", "Variable 2"), ("n", "n", "int"), ("r", "r", "stars"), ("p", "p", "p"),
           ("strength", "Strength")]),
    _spec("assumptions", "Classic assumption tests",
          [("test", "Test"), ("predictor", "Predictor"), ("statistic_name", "Statistic"),
           ("statistic", "Value", "num"), ("df", "df", "text"), ("p", "p", "p"), ("decision", "Decision"),
           ("convention", "Convention")], note_columns=("note",)),
    _spec("linearity", "Linearity: ANOVA table with deviation from linearity (SPSS MEANS)",
          [("predictor", "Predictor"), ("source", "Source"), ("ss", "Sum of squares", "num"), ("df", "df", "int"),
           ("ms", "Mean square", "num"), ("f", "F", "num"), ("p", "p", "p")]),
    _spec("simple_regressions", "Simple regressions (each predictor alone)",
          [("predictor,dependent", "Regression", "path"), ("a", "a", "num"), ("b", "b", "num"),
           ("se_b", "SE(b)", "num"), ("r", "r", "bounded"), ("r2", "R²", "bounded"), ("t", "t", "num"),
           ("df", "df", "int"), ("p", "p", "p"), ("equation", "Equation")]),
    _spec("model_summary", "Multiple regression: model summary",
          [("dependent", "Dependent"), ("predictors", "Predictors"), ("n", "n", "int"), ("r", "R", "bounded"),
           ("r2", "R²", "bounded"), ("adj_r2", "Adjusted R²", "bounded"), ("se_estimate", "SE of estimate", "num"),
           ("kd_percent", "KD", "pct")]),
    _spec("anova", "Multiple regression: ANOVA (F test)",
          [("dependent", "Dependent"), ("source", "Source"), ("ss", "Sum of squares", "num"), ("df", "df", "int"),
           ("ms", "Mean square", "num"), ("f", "F", "num"), ("p", "p", "p")]),
    _spec("coefficients", "Multiple regression: coefficients",
          [("dependent", "Dependent"), ("term", "Term"), ("b", "B", "num"), ("se", "SE", "num"),
           ("beta", "β", "bounded"), ("t", "t", "num"), ("p", "p", "p"), ("tolerance", "Tolerance", "bounded"),
           ("vif", "VIF", "num")]),
    _spec("hypotheses", "Hypothesis tests",
          [("hypothesis", "Hypothesis"), ("statement", "Statement"), ("test", "Test"),
           ("statistic", "Statistic", "num"), ("critical", "Critical value", "num"), ("p", "p", "p"),
           ("decision", "Decision")], note_columns=("note",)),
]

SESSIONS_TABLES = [
    _spec("accounts", "Live sessions per account in the analysis window",
          [("account", "Account"), ("sessions", "Sessions", "int"), ("gmv_total", "GMV total", "int"),
           ("gmv_mean", "Mean GMV/session", "int"), ("gmv_median", "Median GMV/session", "int"),
           ("viewers_mean", "Viewers/session", "k1"), ("gmv_per_viewer", "GMV/viewer", "num2"),
           ("orders_per_1000_viewers", "Orders/1,000 viewers", "num2")],
          rows=lambda d: d["sessions"] > 0 if "sessions" in d else None),
    _spec("correlations", "Session frequency and sales: rank correlations with bootstrap CIs",
          [("x", "x"), ("y", "y"), ("method", "Method"), ("estimate", "Coefficient", "bounded"), ("p", "p", "p"),
           ("ci_low,ci_high", _CI, "cib"), ("n", "Accounts", "int")]),
    _spec("regression_fit", "Log-log regression of GMV per session: fit",
          [("dependent", "Dependent"), ("predictors", "Predictors"), ("n", "n", "int"), ("r2", "R²", "bounded"),
           ("adj_r2", "Adjusted R²", "bounded"), ("se_type", "SE")]),
    _spec("regression", "Log-log regression of GMV per session: coefficients (HC3 robust SE)",
          [("term", "Term"), ("b", "b", "num"), ("se_hc3", "SE (HC3)", "num"), ("t", "t", "num"), ("p", "p", "p"),
           ("ci_low,ci_high", _CI, "ci")]),
    _spec("hypotheses", "Hypothesis", [("hypothesis", "Hypothesis"), ("statement", "Statement"), ("test", "Test"),
                                       ("estimate", "Estimate", "num"), ("ci_low,ci_high", _CI, "ci"),
                                       ("p", "p", "p"), ("verdict", "Verdict"), ("reason", "Reason")]),
]

CODING_TABLES = [
    _spec("codebook", "Codebook", [("theme", "Theme"), ("label", "Label"), ("definition", "Definition")]),
    _spec("matrix_counts", "Case × theme matrix (number of coded segments)", [("case", "Case")], matrix=True),
    _spec("prevalence", "Theme prevalence across cases",
          [("rank", "Rank", "int"), ("theme", "Theme"), ("label", "Label"), ("cases_with_theme", "Cases", "int"),
           ("share_of_cases", "Share of cases", "share"), ("segments", "Segments", "int"), ("cases", "Which cases")],
          sort_by="rank"),
    _spec("cooccurrence", "Theme co-occurrence (within segments and within cases)",
          [("level", "Level"), ("theme_a", "Theme A"), ("theme_b", "Theme B"), ("count", "Count", "int"),
           ("jaccard", "Jaccard", "bounded")], rows=lambda d: d["theme_a"] < d["theme_b"]),
    _spec("agreement", "Inter-coder agreement (Cohen's kappa)",
          [("theme", "Theme"), ("label", "Label"), ("n_segments", "Segments", "int"), ("both_yes", "Both", "int"),
           ("coder_1_only", "Coder 1 only", "int"), ("coder_2_only", "Coder 2 only", "int"),
           ("both_no", "Neither", "int"), ("p_observed", "Observed agreement", "share"),
           ("p_expected", "Chance agreement", "share"), ("kappa", "κ", "bounded"),
           ("interpretation", "Interpretation")],
          note="κ = (p_o − p_e)/(1 − p_e) (Cohen 1960); bands of Landis & Koch (1977)."),
    _spec("audit", "Audit trail: the coded segment behind each cell",
          [("case", "Case"), ("theme", "Theme"), ("segment_id", "Segment"), ("source", "Source"),
           ("excerpt", "Excerpt")]),
]

CLEANING_TABLES = [
    _spec("item_descriptives", "Descriptive statistics per item (after cleaning)",
          [("item", "Item"), ("n", "n", "int"), ("mean", "Mean", "num"), ("sd", "SD", "num"),
           ("skewness", "Skewness", "num"), ("excess_kurtosis", "Excess kurtosis", "num"), ("min", "Min", "num2"),
           ("max", "Max", "num2"), ("share_missing", "Missing", "share")],
          note="SD with n − 1; skewness G1 and excess kurtosis G2 bias-corrected as SPSS reports them (Joanes & Gill "
               "1998). Values beyond ±1 indicate a skewed or peaked distribution (Hair et al. 2022, ch. 2); PLS-SEM "
               "does not assume normality, but report them."),
    _spec("excluded_rows", "Respondents excluded and why", [("row", "Row", "int"), ("respondent", "Respondent"),
                                                             ("reason", "Reason")]),
    _spec("flags", "Cells and respondents flagged during cleaning",
          [("row", "Row", "int"), ("respondent", "Respondent"), ("rule", "Rule"), ("column", "Column"),
           ("value", "Value"), ("action", "Action"), ("detail", "Detail")], note_columns=()),
]

CBSEM_TABLES = [
    _spec("fit", "CB-SEM (semopy, ML) global fit",
          [("index", "Index"), ("value", "Value", "auto"), ("threshold", "Threshold"), ("verdict", "Verdict"),
           ("convention", "Convention")], note_columns=("note",),
          note="Cut-offs: Hu & Bentler (1999), Struct. Equ. Modeling 6, 1-55."),
    _spec("comparison", "PLS-SEM vs CB-SEM: standardized paths and loadings",
          [("kind", "Kind"), ("from,to", "Parameter", "path"), ("pls_estimate", "PLS", "bounded"),
           ("pls_ci_low,pls_ci_high", "PLS 95% CI", "cib"), ("cb_std", "CB-SEM", "bounded"),
           ("cb_ci_low,cb_ci_high", "CB-SEM 95% CI", "cib"), ("difference", "Difference", "bounded"),
           ("sign_differs", "Sign differs", "yesno"), ("significance_differs", "Significance differs", "yesno")]),
    _spec("estimates", "CB-SEM standardized estimates",
          [("lhs", "lhs"), ("op", "op"), ("rhs", "rhs"), ("estimate", "Estimate", "num"), ("se", "SE", "num"),
           ("z", "z", "num"), ("p", "p", "p"), ("std", "Standardized", "num"),
           ("std_ci_low,std_ci_high", _CI, "ci")]),
    _spec("warnings", "CB-SEM warnings", [("severity", "Severity"), ("kind", "Kind"), ("where", "Where"),
                                          ("message", "Message")]),
]

SPECS: dict[str, list[TableSpec]] = {
    "pls": PLS_TABLES,
    "regression": REGRESSION_TABLES,
    "sessions": SESSIONS_TABLES,
    "coding": CODING_TABLES,
    "cleaning": CLEANING_TABLES,
    "cbsem": CBSEM_TABLES,
}

#: per-row data: copied, never printed
ROW_DATA = {"scores", "clean", "residuals", "sessions", "weekly_sessions", "matrix", "matrix_presence", "cases",
            "boot_failed", "categories", "category_bands", "latent_correlations", "r2", "paths", "loadings",
            "weights"}


# --------------------------------------------------------------------------------------------------------------------
# Formatting a table
# --------------------------------------------------------------------------------------------------------------------


@dataclass
class Table:
    """A formatted table: strings ready to print, with its number, title and note."""

    name: str
    number: int
    title: str
    header: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    notes: list[str] = field(default_factory=list)
    #: where the table's files are, relative to the tables folder, without extension (e.g. ``cleaning/flags``)
    stem: str = ""

    def markdown(self) -> str:
        return to_markdown(self)

    def html(self) -> str:
        return to_html(self)

    def latex(self) -> str:
        return to_latex(self)


def _cell(how, row: pd.Series, src: str) -> str:
    if callable(how):
        return how(row)
    if how in ("ci", "cib"):
        lo, hi = src.split(",")
        return fmt.ci(row.get(lo), row.get(hi), leading_zero=how == "ci")
    if how in ("path", "arrow"):
        a, b = src.split(",")
        sep = " → " if how == "path" else " – "
        return f"{row.get(a)}{sep}{row.get(b)}"
    x = row.get(src)
    if how == "text":
        return fmt.DASH if fmt.is_missing(x) else str(x).replace("->", "→")
    if how == "num":
        return fmt.num(x)
    if how == "auto":  # counts (df, n) stored as floats print as integers
        if not fmt.is_missing(x) and float(x).is_integer() and abs(float(x)) < 1e9:
            return fmt.integer(x)
        return fmt.num(x)
    if how == "k1":  # large amounts: thousands separators, one decimal
        return fmt.DASH if fmt.is_missing(x) else f"{float(x):,.1f}"
    if how == "num2":
        return fmt.num(x, 2)
    if how == "bounded":
        return fmt.bounded(x)
    if how == "p":
        return fmt.pval(x)
    if how == "int":
        return fmt.integer(x)
    if how == "share":
        return fmt.percent(x)
    if how == "pct":
        return fmt.DASH if fmt.is_missing(x) else f"{fmt.num(x, 1)}%"
    if how == "yesno":
        if fmt.is_missing(x):
            return fmt.DASH
        return "yes" if str(x).lower() in ("true", "1", "yes") else "no"
    if how in ("stars", "numstars"):
        s = fmt.bounded(x) if how == "stars" else fmt.num(x)
        return s + fmt.stars(row.get("p")) if s != fmt.DASH else s
    raise ValueError(f"unknown column format {how!r}")


def rules_and_sources(df: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The distinct values of a table's ``rule`` column, and each source in its ``reference`` column once."""
    def distinct(values) -> list[str]:
        return [v for v in dict.fromkeys(values) if v]

    rules = distinct(str(v).strip() for v in df["rule"].dropna()) if "rule" in df else []
    refs = distinct(piece.strip() for v in df["reference"].dropna() for piece in str(v).split("; ")) \
        if "reference" in df else []
    return rules, refs


def _note_values(df: pd.DataFrame, columns) -> list[str]:
    """The rules, sources and notes of a table, each once, as sentences for its *Note.*"""
    rules, refs = rules_and_sources(df[[c for c in ("rule", "reference") if c in columns and c in df]])
    out = []
    if rules:
        out.append(("Rule: " if len(rules) == 1 else "Rules: ") + "; ".join(rules))
    if refs:
        out.append(("Source: " if len(refs) == 1 else "Sources: ") + "; ".join(refs))
    if "note" in columns and "note" in df:
        notes = [v for v in dict.fromkeys(str(x).strip() for x in df["note"].dropna()) if v]
        out += [n[0].upper() + n[1:] for n in notes]
    return out


def format_table(spec: TableSpec, df: pd.DataFrame, number: int = 1, run: dict | None = None) -> Table:
    """Format one tidy table by its spec: rounded strings, a header, and the note (rules, references, warnings)."""
    if spec.rows is not None:
        keep = spec.rows(df)
        if keep is not None:
            df = df[keep.astype(bool)]
    if spec.sort_by and spec.sort_by in df.columns:
        df = df.sort_values(spec.sort_by, kind="stable")
    cols = [c for c in spec.columns if all(n in df.columns for n in c.needs())]
    if spec.matrix:
        label_cols = {n for c in cols for n in c.needs()}
        meta = {"verdict", "rule", "reference", "note", "own_loading", "max_other", "max_other_construct", "flag",
                "sqrt_ave", "max_abs_corr", "max_corr_with", "themes_present", "segments"}
        value_cols = [c for c in df.columns if c not in label_cols and c not in meta]
        how = "int" if spec.name.startswith("matrix") else "bounded"
        cols = cols + [Col(c, c, how) for c in value_cols]
        for extra, label, h in (("themes_present", "Themes", "int"), ("segments", "Segments", "int"),
                                ("flag", "Flag", "yesno"), ("verdict", "Verdict", "text")):
            if extra in df.columns:
                cols.append(Col(extra, label, h))
    rows = [[_cell(c.how, r, c.src) for c in cols] for _, r in df.iterrows()]
    if spec.name == "cross_loadings" and "construct" in df.columns:
        # bold-face an item's loading on its own construct, as printed tables do
        own_idx = [i for i, c in enumerate(cols) if c.how == "bounded"]
        for row, (_, r) in zip(rows, df.iterrows()):
            for i in own_idx:
                if cols[i].src == r["construct"]:
                    row[i] = f"**{row[i]}**"
    notes = []
    if spec.note:
        notes.append(spec.note)
    if any(c.how in ("stars", "numstars") for c in cols):
        notes.append(fmt.STARS_NOTE)
    if spec.bootstrap_note:
        b = bootstrap_phrase(Bootstrap.from_run(run), "note")
        if b:
            notes.append(b)
    notes += _note_values(df, spec.note_columns)
    return Table(spec.name, number, spec.title, [c.label for c in cols], rows, [c.numeric() for c in cols], notes,
                 stem=spec.name)


# --------------------------------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------------------------------


def pipe_table(header: list[str], rows: list[list], right: list[bool]) -> str:
    """A Markdown pipe table; ``right[i]`` right-aligns column i (numbers). Cells are one line, ``|`` escaped."""
    def cell(x) -> str:
        return " ".join(str("" if x is None else x).split()).replace("|", "\\|")

    out = ["| " + " | ".join(cell(h) for h in header) + " |",
           "|" + "|".join("---:" if r else ":---" for r in right) + "|"]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def to_markdown(t: Table) -> str:
    """APA-style pipe table: bold number, italic title, the table, then the *Note.*"""
    out = [f"**Table {t.number}**", "", f"*{t.title}*", ""]
    if t.rows:
        out.append(pipe_table(t.header, t.rows, t.numeric))
    else:
        out.append("(no rows)")
    if t.notes:
        out += ["", "*Note.* " + " ".join(_sentence(n) for n in t.notes)]
    return "\n".join(out) + "\n"


def _sentence(s: str) -> str:
    s = s.strip()
    return s if s.endswith((".", "!", "?")) else s + "."


_CSS = """body{font-family:"Times New Roman",Times,serif;margin:2em;max-width:70em}
table{border-collapse:collapse;margin:.5em 0}
thead tr{border-top:2px solid #000;border-bottom:1px solid #000}
tbody tr:last-child{border-bottom:2px solid #000}
th,td{padding:.2em .6em;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.num{font-weight:bold;margin-bottom:.2em}.title{font-style:italic;margin-bottom:.4em}.note{font-size:90%;max-width:60em}
section{margin-bottom:2.5em}"""


def _html_cell(s: str) -> str:
    s = html.escape(s)
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", s)


def _html_section(t: Table) -> str:
    out = [f'<section id="{(t.stem or t.name).replace("/", "-")}">', f'<div class="num">Table {t.number}</div>',
           f'<div class="title">{html.escape(t.title)}</div>', "<table>", "<thead><tr>"]
    out += [f'<th class="{"n" if n else "t"}">{html.escape(h)}</th>' for h, n in zip(t.header, t.numeric)]
    out.append("</tr></thead><tbody>")
    for r in t.rows:
        out.append("<tr>" + "".join(f'<td class="{"n" if n else "t"}">{_html_cell(c)}</td>'
                                    for c, n in zip(r, t.numeric)) + "</tr>")
    out.append("</tbody></table>")
    if t.notes:
        out.append('<p class="note"><i>Note.</i> ' + html.escape(" ".join(_sentence(n) for n in t.notes)) + "</p>")
    out.append("</section>")
    return "\n".join(out)


def to_html(t: Table | list[Table], title: str | None = None) -> str:
    """A standalone HTML page with one table (or several), styled as an APA table."""
    tables = t if isinstance(t, list) else [t]
    head = html.escape(title or f"Table {tables[0].number}. {tables[0].title}")
    body = "\n".join(_html_section(x) for x in tables)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{head}</title>'
            f"<style>{_CSS}</style></head>\n<body>\n{body}\n</body></html>\n")


_TEX = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "−": "$-$", "–": "--", "—": "---", "→": r"$\rightarrow$",
    "×": r"$\times$", "²": r"\textsuperscript{2}", "≥": r"$\geq$", "≤": r"$\leq$", "α": r"$\alpha$",
    "β": r"$\beta$", "ρ": r"$\rho$", "κ": r"$\kappa$", "√": r"$\sqrt{}$", "∞": r"$\infty$", "<": r"$<$", ">": r"$>$",
}


def latex_escape(s: str) -> str:
    """Escape LaTeX specials and map the Unicode symbols the tables use to math mode."""
    s = "".join(_TEX.get(ch, ch) for ch in s)
    return re.sub(r"\*\*(.+?)\*\*", r"\\textbf{\1}", s).replace("*", r"\textsuperscript{*}")


def to_latex(t: Table) -> str:
    """A booktabs ``table`` environment with caption, label and the note below (needs ``\\usepackage{booktabs}``)."""
    align = "".join("r" if n else "l" for n in t.numeric)
    out = [r"\begin{table}[htbp]", r"\centering", f"\\caption{{{latex_escape(t.title)}}}",
           f"\\label{{tab:{t.name.replace('_', '-')}}}", f"\\begin{{tabular}}{{{align}}}", r"\toprule",
           " & ".join(latex_escape(h) for h in t.header) + r" \\", r"\midrule"]
    out += [" & ".join(latex_escape(c) for c in r) + r" \\" for r in t.rows]
    out += [r"\bottomrule", r"\end{tabular}"]
    if t.notes:
        out += [r"\par\smallskip", r"\begin{minipage}{\linewidth}\footnotesize\emph{Note.} "
                + latex_escape(" ".join(_sentence(n) for n in t.notes)) + r"\end{minipage}"]
    out.append(r"\end{table}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------------------------------
# A step's folder → the tables folder
# --------------------------------------------------------------------------------------------------------------------


def format_tables(kind: str, in_dir: str | os.PathLike, out_dir: str | os.PathLike, first_number: int = 1,
                  stem_prefix: str = "") -> list[Table]:
    """Write every table of one step's output folder, formatted and as tidy CSV, into ``out_dir``.

    Parameters
    ----------
    kind : {'pls', 'regression', 'sessions', 'coding', 'cleaning', 'cbsem'}
        Which step wrote ``in_dir``.
    in_dir : path
        The step's output folder (e.g. ``results/<study>/pls``).
    out_dir : path
        Folder to write into (created; existing files with the same names are replaced).
    first_number : int
        Number of the first table (tables are numbered in the order a paper reports them).
    stem_prefix : str
        Prefix of :attr:`Table.stem` (the folder of ``out_dir`` relative to the index that will list it).

    Returns
    -------
    list of Table
        The formatted tables, in order.
    """
    if kind not in SPECS:
        raise DataError(f"unknown table kind {kind!r}; use one of: {', '.join(SPECS)}")
    folder = ResultsFolder(in_dir, kind, pandas_na=True)
    out_dir = Path(out_dir)
    csvs = folder.csv_names()
    if not csvs:
        raise DataError(f"the {kind} folder holds no CSV tables", where=str(folder.path),
                        fix=f"Run `{folder.hint}` first")
    run = folder.run
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in csvs:  # the tidy tables, full precision, beside their printed versions
        shutil.copyfile(folder.path / name, out_dir / name)
    tables = []
    number = first_number
    for spec in SPECS[kind]:
        df = folder.csv(f"{spec.name}.csv")
        if df is None:
            continue
        if df.empty and spec.name in ("excluded_rows", "flags", "item_purification", "warnings", "agreement"):
            continue  # nothing happened: the summary says so; no empty printed table
        t = format_table(spec, df, number, run)
        t.stem = stem_prefix + spec.name
        tables.append(t)
        number += 1
        (out_dir / f"{spec.name}.md").write_text(t.markdown())
        (out_dir / f"{spec.name}.html").write_text(t.html())
        (out_dir / f"{spec.name}.tex").write_text(t.latex())
    known = {s.name for s in SPECS[kind]} | ROW_DATA
    for name in csvs:
        if name[:-len(".csv")] not in known:
            log.info("%s: copied as CSV only (no printed format defined)", folder.path / name)
    return tables


def write_index(tables: list[Table], out_dir: str | os.PathLike, title: str) -> None:
    """``index.md`` (links to every table) and ``tables.html`` (all tables on one page)."""
    out_dir = Path(out_dir)
    lines = [f"# {title}", "", "Printed tables (Markdown, HTML, LaTeX) and the tidy CSV each is made from "
             "(full precision).", ""]
    for t in tables:
        base = t.stem or t.name
        lines.append(f"- **Table {t.number}.** {t.title}: [{base}.md]({base}.md), [html]({base}.html), "
                     f"[tex]({base}.tex), [csv]({base}.csv)")
    (out_dir / "index.md").write_text("\n".join(lines) + "\n")
    (out_dir / "tables.html").write_text(to_html(tables, title=title))
