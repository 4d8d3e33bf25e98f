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

The study summary (:mod:`surveysem.report.summary`) prints compact versions of the same tables through the same
specs: :meth:`TableSpec.view` selects columns (the printed ones, or :attr:`TableSpec.extra` columns for values
derived from several columns or printed another way) and rows, so each header and number format is written once.

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
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .. import format as fmt
from .. import i18n, kinds
from ..errors import DataError
from . import consistent as consistent_pls
from .folder import Bootstrap, ResultsFolder, bootstrap_phrase

log = logging.getLogger("surveysem.report")


# --------------------------------------------------------------------------------------------------------------------
# Table descriptions
# --------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    """One printed column: where its text comes from, how it is formatted, and its header.

    ``how`` is one of ``text``, ``pretty`` (text with ``≥``, ``≤``, ``→``), ``num`` (3 decimals), ``num2``,
    ``bounded`` (no leading zero), ``p``, ``int``, ``auto`` (integral values as integers), ``k1`` (thousands
    separators, 1 decimal), ``rupiah``, ``rupiah1`` (amounts in Rp, 0 or 1 decimal), ``share`` (a proportion
    printed as %), ``pct`` (already a percentage), ``yesno``, ``stars`` (bounded value with the stars of ``p``),
    ``numstars``, ``ci`` (``src`` = "low,high"), ``cib`` (bounded CI), ``path`` (``src`` = "from,to" or
    "x,m,y", printed "from → to"), ``arrow`` ("a – b"), ``change`` ("before,after": ``.616 → .716``), ``of``
    ("k,n": ``4 of 5``), ``range`` ("lowest,highest": ``.121 to .215``), or a callable ``row -> str`` (a value
    derived from several columns).

    ``key`` names the column for :meth:`TableSpec.view` (default: ``src``); ``align`` (``"l"`` or ``"r"``) overrides
    the alignment, which is otherwise right for numbers and left for text.
    """

    src: str
    label: str
    how: str | Callable = "text"
    key: str = ""
    align: str = ""

    @property
    def name(self) -> str:
        return self.key or self.src

    def needs(self) -> list[str]:
        if callable(self.how):
            return []
        if self.how in ("ci", "cib", "path", "arrow", "change", "of", "range"):
            return self.src.split(",")
        return [self.src]

    def numeric(self) -> bool:
        if self.align:
            return self.align == "r"
        return self.how not in ("text", "pretty", "path", "arrow", "yesno", "change") and not callable(self.how)


@dataclass(frozen=True)
class View:
    """A compact selection of a spec's columns and rows: a table the study summary prints.

    ``columns`` are :attr:`Col.name` s of the spec's printed or extra columns, in order; ``rows`` selects (and may
    order) the rows, as :attr:`TableSpec.rows`; ``triangle`` prints a matrix's lower triangle with the diagonal in
    bold; ``matrix_extras`` replaces the spec's trailing matrix columns.
    """

    columns: tuple[str, ...]
    rows: Callable[[pd.DataFrame], pd.Series | pd.DataFrame] | None = None
    triangle: bool = False
    matrix_extras: tuple[str, ...] | None = None


#: columns a matrix table prints after its value columns, when the CSV has them
MATRIX_EXTRAS = {"themes_present": Col("themes_present", "Themes", "int"),
                 "segments": Col("segments", "Segments", "int"), "flag": Col("flag", "Flag", "yesno"),
                 "verdict": Col("verdict", "Verdict", "text")}


@dataclass(frozen=True)
class TableSpec:
    """A printed table made from one tidy CSV, and the compact views of it that the study summary prints.

    Every header and number format of a CSV column is written once, here: the printed table and the summary take
    their columns from the same :class:`Col` objects (the summary's views select among :attr:`columns` and
    :attr:`extra`).
    """

    name: str
    title: str
    columns: tuple[Col, ...] = ()
    note: str = ""
    #: print every column of a square matrix CSV (first column = row label), bounded numbers
    matrix: bool = False
    #: keep rows where this callable is true (a boolean Series); or the rows to print, in order (a DataFrame)
    rows: Callable[[pd.DataFrame], pd.Series | pd.DataFrame] | None = None
    #: print rows in the order of this column (e.g. a rank)
    sort_by: str | None = None
    #: add the bootstrap description of run.json to the note
    bootstrap_note: bool = False
    #: a list of columns whose values are written into the note instead of the table (e.g. rule, reference)
    note_columns: tuple[str, ...] = ("rule", "reference", "note")
    #: columns no printed table shows, for the views: values derived from several columns, other formats
    extra: tuple[Col, ...] = ()
    #: the summary's views of this table, by name (``compact`` unless a table has several)
    views: dict[str, View] = field(default_factory=dict, compare=False, hash=False)
    #: False: only the summary shows this table (``format_tables`` writes no printed version)
    printed: bool = True
    #: matrix: the trailing columns printed when present (keys of :data:`MATRIX_EXTRAS`)
    matrix_extras: tuple[str, ...] = tuple(MATRIX_EXTRAS)
    #: print every column of the CSV as text, headed by its name (``first_name`` → "First name")
    every_column: bool = False
    #: matrix: lower triangle only, diagonal in bold
    triangle: bool = False
    #: leave out a column whose source columns the CSV lacks (views keep it, printed as a dash)
    drop_absent: bool = True

    def col(self, name: str) -> Col:
        """The printed or extra column called ``name``."""
        for c in (*self.columns, *self.extra):
            if c.name == name:
                return c
        raise KeyError(f"table {self.name!r} has no column {name!r}")

    def view(self, name: str = "compact") -> TableSpec:
        """The spec of one view: its columns (headers and formats as defined here) and rows, no note."""
        v = self.views[name]
        return replace(self, columns=tuple(self.col(k) for k in v.columns), rows=v.rows, sort_by=None, note="",
                       bootstrap_note=False, note_columns=(), extra=(), views={}, triangle=v.triangle,
                       matrix_extras=self.matrix_extras if v.matrix_extras is None else v.matrix_extras,
                       drop_absent=False)


def _spec(name, title, cols=(), extra=(), **kw) -> TableSpec:
    return TableSpec(name, title, tuple(Col(*c) for c in cols), extra=tuple(extra), **kw)


def truthy(x) -> bool:
    """Booleans as the CSVs write them (``True``, ``yes``, ``1``); missing is False."""
    if fmt.is_missing(x):
        return False
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, str):
        return x.strip().lower() in ("true", "yes", "1")
    return bool(x)


def _words(src: str, yes: str, no: str) -> Callable:
    """A yes/no column printed as words (``valid`` / ``not valid``), in the output language."""
    return lambda r: i18n._(yes) if truthy(r.get(src)) else i18n._(no)


def _verbatim(src: str) -> Callable:
    """A column of the user's own labels (a group's name from the data): printed as written, never translated."""
    return lambda r: fmt.DASH if fmt.is_missing(r.get(src)) else str(r.get(src))


def _words_map(src: str, words: dict[str, str]) -> Callable:
    """A coded column (``harman_single_factor``) printed as words, in the output language; other codes as written."""
    def cell(r) -> str:
        x = r.get(src)
        return fmt.DASH if fmt.is_missing(x) else i18n._(words[str(x)]) if str(x) in words else str(x)
    return cell


#: the category the describe step gives a missing answer in the profile (surveysem.describe.profile.NO_ANSWER)
_NO_ANSWER = "no answer"


def _answer_category(src: str) -> Callable:
    """A profile category: the user's own answer text as written, the ``no answer`` row in the output language."""
    def cell(r) -> str:
        x = r.get(src)
        if fmt.is_missing(x):
            return fmt.DASH
        return i18n._(_NO_ANSWER) if str(x) == _NO_ANSWER else str(x)
    return cell


def _statistic(name: str, value: str, df: str | None = None) -> Callable:
    """``F = 1.267 (df 11, 85)``: a test statistic with its name (and degrees of freedom)."""
    def cell(r) -> str:
        text = f"{_plain_text(r.get(name))} = {fmt.num(r.get(value))}"
        d = _plain_text(r.get(df)) if df else ""
        return text + (f" (df {d})" if d else "")
    return cell


def _plain_text(x) -> str:
    return "" if fmt.is_missing(x) else str(x).strip()


def _by_index(src: str, bounded_rows: tuple[str, ...]) -> Callable:
    """A value column whose rows are different statistics: bounded for ``bounded_rows`` of ``index``, else 3 dp."""
    return lambda r: (fmt.bounded if str(r.get("index")) in bounded_rows else fmt.num)(r.get(src))


_CI = "95% CI"
#: the sessions' metrics in words
_SESSION_WORDS = {"gmv_mean": "mean GMV per session", "gmv_total": "total GMV", "sessions": "sessions"}


def _ordered(df: pd.DataFrame, key: Callable) -> pd.DataFrame:
    """The rows of ``df`` sorted by ``key(row)`` (a row is a Series)."""
    order = sorted(range(len(df)), key=lambda i: key(df.iloc[i]))
    return df.iloc[order]


def _or0(x) -> float:
    return 0.0 if fmt.is_missing(x) else float(x)

def _moderator_at(r) -> str:
    """Where the moderator is held: ``−1 SD``, ``mean``, ``+1 SD`` (moderator_level in SD units), or ``index`` for an
    index of moderated mediation row (surveysem.pls.slopes)."""
    if str(r.get("statistic", "")) == "index_moderated_mediation":
        return i18n._("index")
    w = r.get("moderator_level")
    if fmt.is_missing(w):
        return fmt.DASH
    w = float(w)
    return i18n._("mean") if w == 0 else i18n._("{sign}{k} SD", sign="+" if w > 0 else "\u2212", k=f"{abs(w):g}")


#: the tables of a model with interaction terms (surveysem.pls.slopes; Hair et al. 2022, ch. 7; Hayes 2015)
MODERATION_TABLES = [
    _spec("simple_slopes", "Simple slopes: the effect of the predictor at low, average and high moderator values",
          [("iv,dv", "Effect", "path"), ("moderator", "Moderator"),
           ("moderator_level", "Moderator at", _moderator_at, "", "l"), ("estimate", "Slope", "stars"),
           ("se", "SE", "bounded"), ("t", "t", "num"), ("p", "p", "p"), ("ci_low,ci_high", _CI, "cib")],
          note="Simple slope = β(X → Y) + β(X:W → Y) · w at the moderator W's standardized score w = −1 SD, mean, +1 SD "
               "(Aiken & West 1991; the convention of SmartPLS and R seminr's slope_analysis(), Hair et al. 2022, "
               "ch. 7); for a quadratic term X:X the slope of the curve, β(X → Y) + 2 β(X:X → Y) · x.",
          bootstrap_note=True,
          views={"compact": View(("iv,dv", "moderator", "moderator_level", "estimate", "t", "p", "ci_low,ci_high"))}),
    _spec("conditional_indirect", "Conditional indirect effects and the index of moderated mediation (Hayes 2015)",
          [("from,to", "Indirect effect", "path"), ("via", "Via"), ("moderator", "Moderator"),
           ("moderated_link", "Moderated link", "pretty"),
           ("moderator_level", "Moderator at", _moderator_at, "", "l"), ("estimate", "Estimate", "stars"),
           ("se", "SE", "bounded"), ("t", "t", "num"), ("p", "p", "p"), ("ci_low,ci_high", _CI, "cib")],
          note="Conditional indirect effect: the product of the chain's paths, the moderated link taken at β + β(X:W) · w "
               "(w = −1 SD, mean, +1 SD); index of moderated mediation: the change of the indirect effect per SD of W "
               "(first stage a3·b, PROCESS model 7; second stage a·b3, model 14), given when W moderates one link of "
               "the chain; moderated mediation when its interval excludes 0 (Hayes 2015).",
          bootstrap_note=True,
          views={"compact": View(("from,to", "via", "moderator", "moderator_level", "estimate", "p",
                                  "ci_low,ci_high"))}),
]

PLS_TABLES = [
    _spec("item_purification", "Item purification: indicators removed and why",
          [("step", "Step", "int"), ("construct", "Construct"), ("indicator", "Indicator"),
           ("loading", "Loading", "bounded"), ("action", "Action"), ("ave_before", "AVE before", "bounded"),
           ("ave_after", "AVE after", "bounded"), ("rho_c_before", "ρC before", "bounded"),
           ("rho_c_after", "ρC after", "bounded"), ("reason", "Reason")],
          extra=[Col("ave_before,ave_after", "AVE", "change", key="ave"),
                 Col("rho_c_before,rho_c_after", "ρC", "change", key="rho_c")],
          views={"compact": View(("step", "construct", "indicator", "loading", "action", "ave", "rho_c"))}),
    _spec("outer_model", "Outer model: loadings, indicator reliability and weights",
          [("construct", "Construct"), ("level", "Construct level"), ("indicator", "Indicator"), ("mode", "Mode"),
           ("loading", "Loading", "bounded"),
           ("indicator_reliability", "Loading²", "bounded"), ("loading_t", "t", "num"), ("loading_p", "p", "p"),
           ("loading_ci_low,loading_ci_high", _CI, "cib"), ("weight", "Weight", "bounded"),
           ("weight_p", "p (weight)", "p"), ("verdict", "Verdict")], bootstrap_note=True,
          extra=[Col("weight_t", "t (weight)", "num"), Col("vif", "VIF", "num")],  # vif: from vif_outer.csv
          views={"reflective": View(("construct", "indicator", "loading", "loading_t", "loading_p", "verdict"),
                                    rows=lambda d: d["mode"].astype(str) == "reflective"),
                 "formative": View(("construct", "indicator", "weight", "weight_t", "weight_p", "loading", "vif",
                                    "verdict"), rows=lambda d: d["mode"].astype(str) != "reflective")}),
    _spec("reliability", "Internal consistency reliability and convergent validity",
          [("construct", "Construct"), ("level", "Construct level"), ("n_items", "Items", "int"),
           ("alpha", "Cronbach's α", "bounded"), ("rho_a", "ρA", "bounded"), ("rho_c", "ρC (CR)", "bounded"), ("ave", "AVE", "bounded"),
           ("alpha_verdict", "α"), ("rho_a_verdict", "ρA"), ("rho_c_verdict", "ρC"), ("ave_verdict", "AVE ≥ .50")],
          extra=[Col("worst_verdict", "Verdict")],  # the worst of the four verdicts, derived by the summary
          views={"compact": View(("construct", "n_items", "alpha", "rho_a", "rho_c", "ave", "worst_verdict"))}),
    _spec("fornell_larcker", "Fornell-Larcker criterion (diagonal: square root of AVE)",
          [("construct", "Construct"), ("level", "Construct level")], matrix=True,
          views={"compact": View(("construct",), triangle=True, matrix_extras=())}),
    _spec("htmt", "Heterotrait-monotrait ratio (HTMT)",
          [("construct_a,construct_b", "Pair", "arrow"), ("level", "Construct level"), ("htmt", "HTMT", "num"),
           ("htmt2", "HTMT2", "num"),
           ("ci_low,ci_high", _CI, "ci"), ("upper_one_sided", "95% upper bound", "num"),
           ("verdict", "Verdict")], bootstrap_note=True,
          views={"compact": View(("construct_a,construct_b", "htmt", "upper_one_sided", "verdict"))}),
    _spec("cross_loadings", "Cross-loadings (each item should load highest on its own construct)",
          [("indicator", "Item"), ("construct", "Construct"), ("level", "Construct level")], matrix=True),
    _spec("vif_outer", "Collinearity of indicators (outer VIF)",
          [("construct", "Construct"), ("level", "Construct level"), ("indicator", "Item"), ("vif", "VIF", "num"),
           ("verdict", "Verdict")]),
    _spec("vif_inner", "Collinearity of predictor constructs (inner VIF)",
          [("predictor", "Predictor"), ("construct", "Outcome"), ("vif", "VIF", "num"), ("verdict", "Verdict")]),
    _spec("hypotheses", "Structural model: path coefficients and hypothesis tests",
          [("from,to", "Path", "path"), ("estimate", "β", "stars"), ("boot_mean", "Mean", "bounded"),
           ("se", "SE", "bounded"), ("t", "t", "num"), ("p", "p", "p"), ("ci_low,ci_high", _CI, "cib"),
           ("f2", "f²", "num"), ("size", "Effect size"), ("supported", "Supported")], bootstrap_note=True,
          # the summary's table: the paths, then the indirect effects, numbered H1, H2, … (frame made by the summary)
          extra=[Col("hypothesis", "Hypothesis"), Col("label", "Path", key="path_label"),
                 Col("estimate", "β", "bounded", key="beta"), Col("decision", "Decision")],
          views={"compact": View(("hypothesis", "path_label", "beta", "t", "p", "ci_low,ci_high", "decision"))}),
    _spec("r2_assessment", "Coefficient of determination (R²)",
          [("construct", "Construct"), ("r2", "R²", "bounded"), ("r2_adj", "Adjusted R²", "bounded"),
           ("ci_low,ci_high", _CI, "cib"), ("wording", "Level")], bootstrap_note=True,
          views={"compact": View(("construct", "r2", "r2_adj", "ci_low,ci_high", "wording"))}),
    _spec("f2", "Effect sizes (f²)",
          [("from,to", "Path", "path"), ("f2", "f²", "num"), ("r2_included", "R² included", "bounded"),
           ("r2_excluded", "R² excluded", "bounded"), ("size", "Effect size")],
          views={"compact": View(("from,to", "f2", "size"))}),
    _spec("q2", "Predictive relevance (blindfolding Q²)",
          [("construct", "Construct"), ("sso", "SSO", "num"), ("sse", "SSE", "num"), ("q2", "Q²", "bounded"),
           ("distance", "D", "int"), ("size", "Relevance"), ("verdict", "Verdict")],
          note="SmartPLS 4 replaced blindfolding Q² by PLSpredict and CVPAT (Hair et al. 2022, ch. 6; Liengaard et "
               "al. 2021); it is kept here because many theses still report it.",
          views={"compact": View(("construct", "q2", "size", "verdict"))}),
    _spec("plspredict", "PLSpredict: out-of-sample prediction of the endogenous indicators",
          [("construct", "Construct"), ("indicator", "Item"), ("q2_predict", "Q²predict", "bounded"),
           ("rmse_pls", "RMSE (PLS)", "num"), ("rmse_lm", "RMSE (LM)", "num"), ("mae_pls", "MAE (PLS)", "num"),
           ("mae_lm", "MAE (LM)", "num"), ("predictive_power", "Predictive power")],
          # the summary's table: one row per construct (frame made by the summary)
          extra=[Col("n_indicators", "Indicators", "int"),
                 Col("q2_positive,n_indicators", "Q²predict > 0", "of", key="q2_positive"),
                 Col("pls_beats_lm,n_indicators", "PLS RMSE < LM", "of", key="pls_beats_lm"),
                 Col("q2_min,q2_max", "Q²predict", "range", key="q2_range")],
          views={"compact": View(("construct", "n_indicators", "q2_positive", "pls_beats_lm", "q2_range",
                                  "predictive_power"))}),
    # robustness checks (the summary's "Robustness checks" section)
    _spec("cvpat", "CVPAT: cross-validated predictive ability test against the IA and LM benchmarks",
          [("construct", "Construct"), ("benchmark", "Benchmark"), ("loss_pls", "Loss (PLS)", "num"),
           ("loss_benchmark", "Loss (benchmark)", "num"), ("loss_difference", "Loss difference", "num"),
           ("t", "t", "num"), ("p", "p", "p"), ("verdict", "Verdict")],
          views={"compact": View(("construct", "benchmark", "loss_difference", "t", "p", "verdict"))}),
    _spec("endogeneity", "Gaussian copula test of endogeneity",
          [("outcome", "Outcome"), ("predictors", "Copula terms in the model"), ("copula_term", "Copula term"),
           ("estimate", "Estimate", "num"), ("se", "SE", "bounded"), ("t", "t", "num"), ("p", "p", "p"),
           ("normality_p", "Normality p", "p"), ("verdict", "Verdict")],
          note="The copula term is identified only for a non-normal predictor; verdict n/a: the predictor's "
               "normality test did not reject normality.",
          views={"compact": View(("outcome", "copula_term", "estimate", "p", "normality_p", "verdict"),
                                 rows=lambda df: ~df["predictors"].astype(str).str.contains(" + ", regex=False))}),
    _spec("model_fit", "Model fit",
          [("index", "Index"), ("saturated", "Saturated model", "num"), ("saturated_hi95", "HI95", "num"),
           ("estimated", "Estimated model", "num"), ("estimated_hi95", "HI95 ", "num"),
           ("threshold", "Threshold", "num"), ("verdict", "Verdict")],
          extra=[Col("index", "Index", lambda r: {"chi2": "χ²"}.get(str(r.get("index")), str(r.get("index"))),
                     key="index_symbol"),
                 Col("saturated", "Saturated model", _by_index("saturated", ("SRMR", "NFI")), key="saturated_apa",
                     align="r"),
                 Col("estimated", "Estimated model", _by_index("estimated", ("SRMR", "NFI")), key="estimated_apa",
                     align="r"),
                 Col("estimated_hi99", "HI99", "num"), Col("rule", "Rule", "pretty")],
          views={"compact": View(("index_symbol", "saturated_apa", "estimated_apa", "estimated_hi95", "estimated_hi99",
                                  "rule", "verdict"))}),
    _spec("common_method_bias", "Common method bias: full-collinearity VIF (Kock 2015) and Harman's single-factor test",
          [("test", "Test", _words_map("test", {"full_collinearity_vif": "Full-collinearity VIF",
                                          "harman_single_factor": "Harman's single factor"})),
           ("construct", "Construct"), ("value", "Value", "num"), ("threshold", "Threshold", "auto"),
           ("verdict", "Verdict")],
          extra=[Col("value", "Value", lambda r: fmt.percent(r.get("value")) if r.get("test") == "harman_single_factor"
                     else fmt.num(r.get("value")), key="value_apa", align="r")],
          views={"compact": View(("test", "construct", "value_apa", "verdict"))}),
    _spec("marker_variable", "Common method bias: the marker variable",
          [("test", "Check", _words_map("test", {"marker_correlation": "Marker-adjusted correlation",
                                           "marker_path": "Path with the marker as control"})),
           ("subject", "Subject", "pretty"), ("value", "Before", "num"), ("value_with_marker", "With marker", "num"),
           ("p", "p before", "p"), ("p_with_marker", "p with marker", "p"), ("verdict", "Verdict")],
          views={"compact": View(("subject", "value", "value_with_marker", "p", "p_with_marker", "verdict"))}),
    _spec("ipma_constructs", "Importance-performance map: constructs",
          [("construct", "Construct"), ("role", "Role", _words_map("role", {"antecedent": "antecedent", "target": "target"})),
           ("importance", "Importance", "num"), ("performance", "Performance (0-100)", "num2"),
           ("total_effect_std", "Total effect (std.)", "num")],
          views={"compact": View(("construct", "importance", "performance", "total_effect_std"))}),
    _spec("ipma_indicators", "Importance-performance map: indicators",
          [("construct", "Construct"), ("indicator", "Indicator"), ("importance", "Importance", "num"),
           ("performance", "Performance (0-100)", "num2"), ("weight_normed", "Normed weight", "num")]),
    _spec("mediation", "Mediation analysis: specific indirect effects (Zhao et al. 2010)",
          [("chain", "Chain"), ("estimate", "Indirect effect", "stars"), ("se", "SE", "bounded"), ("t", "t", "num"),
           ("p", "p", "p"), ("ci_low,ci_high", "95% CI (percentile)", "cib"), ("direct", "Direct effect", "bounded"),
           ("direct_p", "p (direct)", "p"), ("vaf", "VAF", "share"), ("mediation", "Mediation")],
          bootstrap_note=True,
          extra=[Col("estimate", "Indirect effect", "bounded", key="indirect"),
                 Col("bca_low,bca_high", "95% CI (BCa)", "cib"),
                 Col("direct", "Direct effect", lambda r: i18n._("no direct path") if fmt.is_missing(r.get("direct_p")) else
                     f"{fmt.bounded(r.get('direct'))} ({fmt.p_phrase(r.get('direct_p'))})", key="direct_with_p"),
                 Col("zhao_type", "Zhao type")],
          # the interval the mediation rule decided on: percentile, or BCa
          views={"compact": View(("chain", "indirect", "t", "p", "ci_low,ci_high", "direct_with_p", "zhao_type")),
                 "compact_bca": View(("chain", "indirect", "t", "p", "bca_low,bca_high", "direct_with_p",
                                      "zhao_type"))}),
    _spec("effects", "Direct, indirect and total effects",
          [("from,to", "Effect", "path"), ("via", "Via"), ("kind", "Kind"), ("estimate", "Estimate", "stars"),
           ("se", "SE", "bounded"), ("t", "t", "num"), ("p", "p", "p"), ("ci_low,ci_high", _CI, "cib")],
          bootstrap_note=True),
    *MODERATION_TABLES,
    _spec("construct_corr", "Correlations between construct scores", [("construct", "Construct")], matrix=True),
    # consistent: true (PLSc): the plain PLS estimates beside the reported PLSc ones (surveysem.report.consistent)
    _spec("plain_paths", "Plain PLS path coefficients (without the consistent-PLS correction)",
          [("from,to", "Path", "path"), ("estimate", "β (PLS)", "bounded")],
          extra=[Col("plsc", "β (PLSc)", "bounded"), Col("difference", "PLSc − PLS", "num")],  # made by the summary
          views={"compact": View(("from,to", "plsc", "estimate", "difference"))}),
    _spec("plain_r2", "Plain PLS R² (without the consistent-PLS correction)",
          [("construct", "Construct"), ("r2", "R²", "bounded"), ("r2_adj", "Adjusted R²", "bounded")]),
    _spec("plain_loadings", "Plain PLS outer loadings (without the consistent-PLS correction)",
          [("construct", "Construct"), ("indicator", "Indicator"), ("estimate", "Loading", "bounded")]),
    _spec("sample_size", "Minimum sample size",
          [("method", "Method"), ("subject", "Basis"), ("effect", "Effect", "auto"), ("alpha", "α", "bounded"),
           ("power", "Power", "bounded"), ("n_required", "n required", "int"), ("n_actual", "n analysed", "int"),
           ("enough", "Enough", "yesno")],
          views={"compact": View(("method", "subject", "effect", "n_required", "n_actual", "enough"))}),
    _spec("verdicts", "Assessment checklist: every criterion with its threshold and verdict",
          [("criterion", "Criterion"), ("subject", "Subject"), ("value", "Value", "auto"),
           ("threshold", "Threshold", "text"), ("verdict", "Verdict"), ("rule", "Rule"), ("reference", "Reference")],
          note_columns=()),
]

REGRESSION_TABLES = [
    _spec("item_validity", "Item validity (item-total correlation against r-table) and alpha if item deleted",
          [("variable", "Variable"), ("item", "Item"), ("r_item_total", "r item-total", "bounded"),
           ("r_corrected", "Corrected r", "bounded"), ("r_table", "r table", "bounded"), ("criterion", "Criterion"),
           ("valid", "Valid", "yesno"), ("alpha_if_deleted", "α if deleted", "bounded")],
          note="r-table: two-tailed α = .05, df = n − 2, r = t/√(df + t²).",
          extra=[Col("valid", "Decision", _words("valid", "valid", "not valid"), key="decision")],
          views={"compact": View(("variable", "item", "r_item_total", "r_corrected", "r_table", "decision"))}),
    _spec("reliability", "Reliability (Cronbach's alpha)",
          [("variable", "Variable"), ("n_items", "Items", "int"), ("n", "n", "int"),
           ("cronbach_alpha", "Cronbach's α", "bounded"), ("ci_low,ci_high", "95% CI (Feldt)", "cib"),
           ("threshold", "Threshold", "bounded"), ("reliable", "Reliable", "yesno")],
          extra=[Col("reliable", "Decision", _words("reliable", "reliable", "not reliable"), key="decision")],
          views={"compact": View(("variable", "n_items", "cronbach_alpha", "ci_low,ci_high", "decision"))}),
    _spec("descriptives", "Descriptive statistics of the variable scores",
          [("variable", "Variable"), ("n", "n", "int"), ("min", "Min", "num2"), ("max", "Max", "num2"),
           ("mean", "Mean", "num"), ("sd", "SD", "num"), ("median", "Median", "num2")],
          # the summary joins each variable's mean item score and category (categories.csv)
          extra=[Col("min", "Min", "auto", key="min_whole"), Col("max", "Max", "auto", key="max_whole"),
                 Col("item_mean", "Mean item score", "num"), Col("category", "Category")],
          views={"compact": View(("variable", "n", "min_whole", "max_whole", "mean", "sd", "item_mean",
                                  "category"))}),
    _spec("category_frequencies", "Respondents' answers by category (Sugiyono interval bands)",
          [("variable", "Variable"), ("category", "Category"), ("lower", "From", "num2"), ("upper", "To", "num2"),
           ("count", "n", "int"), ("percent", "%", "pct")]),
    _spec("correlations", "Pearson correlations between the variables",
          [("var1", "Variable 1"), ("var2", "Variable 2"), ("n", "n", "int"), ("r", "r", "stars"), ("p", "p", "p"),
           ("strength", "Strength")],
          extra=[Col("var1,var2", "Pair", "arrow"), Col("r", "r", "bounded", key="r_plain")],
          views={"compact": View(("var1,var2", "n", "r_plain", "p", "strength"))}),
    _spec("assumptions", "Classic assumption tests",
          [("test", "Test"), ("predictor", "Predictor"), ("statistic_name", "Statistic"),
           ("statistic", "Value", "num"), ("df", "df", "text"), ("p", "p", "p"), ("decision", "Decision"),
           ("convention", "Convention")], note_columns=("note",),
          extra=[Col("statistic", "Statistic", _statistic("statistic_name", "statistic", "df"), key="statistic_text",
                     align="r")],
          views={"compact": View(("test", "predictor", "statistic_text", "p", "decision", "convention"))}),
    _spec("linearity", "Linearity: ANOVA table with deviation from linearity (SPSS MEANS)",
          [("predictor", "Predictor"), ("source", "Source"), ("ss", "Sum of squares", "num"), ("df", "df", "int"),
           ("ms", "Mean square", "num"), ("f", "F", "num"), ("p", "p", "p")]),
    _spec("simple_regressions", "Simple regressions (each predictor alone)",
          [("predictor,dependent", "Regression", "path"), ("a", "a", "num"), ("b", "b", "num"),
           ("se_b", "SE(b)", "num"), ("r", "r", "bounded"), ("r2", "r²", "bounded"), ("t", "t", "num"),
           ("df", "df", "int"), ("p", "p", "p"), ("equation", "Equation")],
          extra=[Col("r2", "KD", "share", key="kd"), Col("strength", "Strength")],
          views={"compact": View(("equation", "r", "r2", "kd", "t", "p", "strength"))}),
    _spec("model_summary", "Multiple regression: model summary",
          [("dependent", "Dependent"), ("predictors", "Predictors"), ("n", "n", "int"), ("r", "R", "bounded"),
           ("r2", "R²", "bounded"), ("adj_r2", "Adjusted R²", "bounded"), ("se_estimate", "SE of estimate", "num"),
           ("kd_percent", "KD", "pct")]),
    _spec("anova", "Multiple regression: ANOVA (F test)",
          [("dependent", "Dependent"), ("source", "Source"), ("ss", "Sum of squares", "num"), ("df", "df", "int"),
           ("ms", "Mean square", "num"), ("f", "F", "num"), ("p", "p", "p")]),
    _spec("coefficients", "Multiple regression: coefficients",
          [("dependent", "Dependent"), ("term", "Term"), ("b", "B", "num"), ("se", "SE", "num"),
           ("beta", "Beta", "bounded"), ("t", "t", "num"), ("p", "p", "p"), ("tolerance", "Tolerance", "bounded"),
           ("vif", "VIF", "num")],
          extra=[Col("tolerance", "Tolerance", "num", key="tolerance_num")],
          views={"compact": View(("term", "b", "se", "beta", "t", "p", "tolerance_num", "vif"))}),
    _spec("hypotheses", "Hypothesis tests",
          [("hypothesis", "Hypothesis"), ("statement", "Statement"), ("test", "Test"),
           ("statistic", "Statistic", "num"), ("critical", "Critical value", "num"), ("p", "p", "p"),
           ("decision", "Decision")], note_columns=("note",),
          views={"compact": View(("hypothesis", "statement", "test", "statistic", "critical", "p", "decision"))}),
    _spec("power", "Statistical power of the regression F test and minimum sample size",
          [("method", "Method"), ("dependent", "Dependent"), ("k", "Predictors", "int"), ("r2", "R²", "bounded"),
           ("f2", "f²", "num"), ("alpha", "α", "bounded"), ("power_actual", "Power at n", "bounded"),
           ("n_required", "n required", "int"), ("n_actual", "n analysed", "int"), ("enough", "Enough", "yesno")],
          views={"compact": View(("method", "dependent", "f2", "power_actual", "n_required", "n_actual",
                                  "enough"))}),
    _spec("mediation", "Mediation by regression: Baron-Kenny steps, Sobel test and bootstrap of a·b",
          [("x,m,y", "Chain", "path"), ("effect", "Effect"), ("estimate", "Estimate", "num"), ("se", "SE", "num"),
           ("p", "p", "p"), ("ci_low,ci_high", _CI, "ci"), ("method", "Method")], printed=False,
          extra=[Col("statistic", "Statistic", _statistic("statistic_name", "statistic"), key="statistic_text",
                     align="r")],
          views={"compact": View(("x,m,y", "effect", "estimate", "se", "statistic_text", "p", "ci_low,ci_high",
                                  "method"))}),
]

SESSIONS_TABLES = [
    _spec("accounts", "Live sessions per account in the analysis window",
          [("account", "Account"), ("sessions", "Sessions", "int"), ("gmv_total", "GMV total", "int"),
           ("gmv_mean", "Mean GMV/session", "int"), ("gmv_median", "Median GMV/session", "int"),
           ("viewers_mean", "Viewers/session", "k1"), ("gmv_per_viewer", "GMV/viewer", "num2"),
           ("orders_per_1000_viewers", "Orders/1,000 viewers", "num2")],
          rows=lambda d: d["sessions"] > 0 if "sessions" in d else None,
          extra=[Col("sessions_per_week", "Sessions/week", "num2"),
                 Col("gmv_mean", "Mean GMV/session", "rupiah", key="gmv_mean_rp"),
                 Col("gmv_median", "Median GMV/session", "rupiah", key="gmv_median_rp"),
                 Col("gmv_per_viewer", "GMV/viewer", "rupiah1", key="gmv_per_viewer_rp"),
                 Col("orders_per_1000_viewers", "Orders/1,000 viewers", "num", key="orders_3dp")],
          # every account, the most active first
          views={"compact": View(("account", "sessions", "sessions_per_week", "gmv_mean_rp", "gmv_median_rp",
                                  "viewers_mean", "gmv_per_viewer_rp", "orders_3dp"),
                                 rows=lambda d: _ordered(d, lambda r: (-_or0(r["sessions"]), str(r["account"]))))}),
    _spec("correlations", "Session frequency and sales: rank correlations with bootstrap CIs",
          [("x", "x"), ("y", "y"), ("method", "Method"), ("estimate", "Coefficient", "bounded"), ("p", "p", "p"),
           ("ci_low,ci_high", _CI, "cib"), ("n", "Accounts", "int")],
          extra=[Col("x,y", "Pair", lambda r: f"{i18n._(_SESSION_WORDS.get(r['x'], r['x']))} – "
                                             f"{i18n._(_SESSION_WORDS.get(r['y'], r['y']))}", key="pair"),
                 Col("method", "Method", lambda r: _plain_text(r.get("method")).capitalize(), key="method_word")],
          views={"compact": View(("pair", "method_word", "estimate", "p", "ci_low,ci_high", "n"))}),
    _spec("regression_fit", "Log-log regression of GMV per session: fit",
          [("dependent", "Dependent"), ("predictors", "Predictors"), ("n", "n", "int"), ("r2", "R²", "bounded"),
           ("adj_r2", "Adjusted R²", "bounded"), ("se_type", "SE")]),
    _spec("regression", "Log-log regression of GMV per session: coefficients (HC3 robust SE)",
          [("term", "Term"), ("b", "b", "num"), ("se_hc3", "SE (HC3)", "num"), ("t", "t", "num"), ("p", "p", "p"),
           ("ci_low,ci_high", _CI, "ci")],
          views={"compact": View(("term", "b", "se_hc3", "t", "p", "ci_low,ci_high"))}),
    _spec("hypotheses", "Hypothesis", [("hypothesis", "Hypothesis"), ("statement", "Statement"), ("test", "Test"),
                                       ("estimate", "Estimate", "num"), ("ci_low,ci_high", _CI, "ci"),
                                       ("p", "p", "p"), ("verdict", "Verdict"), ("reason", "Reason")],
          extra=[Col("estimate", "Estimate", "bounded", key="estimate_bounded"),
                 Col("ci_low,ci_high", _CI, "cib", key="ci_bounded"), Col("n", "n", "int")],
          views={"compact": View(("hypothesis", "test", "estimate_bounded", "ci_bounded", "p", "n", "verdict"))}),
]

CODING_TABLES = [
    _spec("codebook", "Codebook", [("theme", "Theme"), ("label", "Label"), ("definition", "Definition")],
          views={"compact": View(("theme", "label", "definition"))}),
    _spec("cases", "Cases", every_column=True, printed=False, views={"compact": View(())}),
    _spec("matrix_counts", "Case × theme matrix (number of coded segments)", [("case", "Case")], matrix=True,
          views={"compact": View(("case",), matrix_extras=("themes_present", "segments"))}),
    _spec("prevalence", "Theme prevalence across cases",
          [("rank", "Rank", "int"), ("theme", "Theme"), ("label", "Label"), ("cases_with_theme", "Cases", "int"),
           ("share_of_cases", "Share of cases", "share"), ("segments", "Segments", "int"),
           ("cases", "Cases with the theme")],
          sort_by="rank",
          extra=[Col("cases_with_theme,n_cases", "Cases", "of", key="cases_of"),
                 Col("share_of_coded_cases", "Share of coded cases", "share")],
          views={"compact": View(("rank", "theme", "label", "cases_of", "share_of_cases", "share_of_coded_cases",
                                  "segments", "cases"),
                                 rows=lambda d: _ordered(d, lambda r: (_or0(r["rank"]), str(r["theme"]))))}),
    _spec("cooccurrence", "Theme co-occurrence (within segments and within cases)",
          [("level", "Level"), ("theme_a", "Theme A"), ("theme_b", "Theme B"), ("count", "Count", "int"),
           ("jaccard", "Jaccard", "bounded")], rows=lambda d: d["theme_a"] < d["theme_b"]),
    _spec("agreement", "Inter-coder agreement (Cohen's kappa)",
          [("theme", "Theme"), ("label", "Label"), ("n_segments", "Segments", "int"), ("both_yes", "Both", "int"),
           ("coder_1_only", "Coder 1 only", "int"), ("coder_2_only", "Coder 2 only", "int"),
           ("both_no", "Neither", "int"), ("p_observed", "Observed agreement", "share"),
           ("p_expected", "Chance agreement", "share"), ("kappa", "κ", "bounded"),
           ("interpretation", "Interpretation")],
          note="κ = (p_o − p_e)/(1 − p_e) (Cohen 1960); bands of Landis & Koch (1977).",
          extra=[Col("p_observed", "Observed agreement", "bounded", key="p_observed_bounded"),
                 Col("p_expected", "Chance agreement", "bounded", key="p_expected_bounded")],
          views={"compact": View(("theme", "n_segments", "p_observed_bounded", "p_expected_bounded", "kappa",
                                  "interpretation"))}),
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
                                                             ("reason", "Reason for exclusion")],
          views={"compact": View(("row", "respondent", "reason"))}),
    _spec("flags", "Cells and respondents flagged during cleaning",
          [("row", "Row", "int"), ("respondent", "Respondent"), ("rule", "Rule"), ("column", "Column"),
           ("value", "Value"), ("action", "Action"), ("detail", "Detail")], note_columns=()),
]

#: the answer distribution, one n and one % column per answer point 0..10 (the points a CSV lacks are left out)
_DISTRIBUTION = tuple(c for v in range(11) for c in (Col(f"n_{v}", "{point}: n".format(point=v), "int"),
                                                      Col(f"percent_{v}", "{point}: %".format(point=v), "pct")))

DESCRIBE_TABLES = [
    _spec("profile", "Respondent profile",
          [("column", "Characteristic"), ("category", "Category", _answer_category("category")), ("n", "n", "int"), ("percent", "%", "pct"),
           ("cumulative_percent", "Cumulative %", "pct")],
          note="Percent of the analysed respondents (the rows of the cleaned data); a missing answer is counted as "
               "'no answer'.",
          views={"compact": View(("column", "category", "n", "percent", "cumulative_percent"))}),
    TableSpec("descriptive_items", "Item descriptives: answers per scale point, total and ideal score, mean, category "
              "and indexes",
              (Col("construct", "Construct"), Col("item", "Item"), Col("n", "n", "int"), *_DISTRIBUTION,
               Col("total_score", "Total score", "auto"), Col("ideal_score", "Ideal score", "auto"),
               Col("mean", "Mean", "num2"), Col("sd", "SD", "num2"), Col("category", "Category"),
               Col("score_index", "Score index %", "num2"), Col("index_category", "Index category"),
               Col("three_box_index", "Three-box index", "num2"), Col("three_box_category", "Three-box")),
              views={"compact": View(("construct", "item", "n", "total_score", "ideal_score", "mean", "sd",
                                      "category", "score_index", "index_category", "three_box_index",
                                      "three_box_category"))}),
    _spec("descriptive_constructs", "Construct descriptives: mean of the item means and of the indexes",
          [("construct", "Construct"), ("n_items", "Items", "int"), ("total_score", "Total score", "auto"),
           ("ideal_score", "Ideal score", "auto"), ("mean", "Mean", "num2"), ("category", "Category"),
           ("score_index", "Score index %", "num2"), ("index_category", "Index category"),
           ("three_box_index", "Three-box index", "num2"), ("three_box_category", "Three-box")],
          views={"compact": View(("construct", "n_items", "mean", "category", "score_index", "index_category",
                                  "three_box_index", "three_box_category"))}),
]

CBSEM_TABLES = [
    _spec("fit", "CB-SEM (semopy, ML) global fit",
          [("index", "Index"), ("value", "Value", "auto"), ("threshold", "Threshold"), ("verdict", "Verdict"),
           ("convention", "Convention")], note_columns=("note",),
          note="Cut-offs: Hu & Bentler (1999), Struct. Equ. Modeling 6, 1-55.",
          # the summary's table: χ² with its df and p, then the indices (frame made by the summary)
          extra=[Col("label", "Index", key="index_label"),
                 Col("value", "Value", _by_index("value", ("cfi", "tli", "nfi", "rmsea", "srmr")), key="value_apa",
                     align="r"),
                 Col("p", "p / interval", lambda r: fmt.p_phrase(r.get("p")) if not fmt.is_missing(r.get("p")) else
                     i18n._("90% CI") + " " + fmt.ci(r.get("ci_low"), r.get("ci_high"), leading_zero=False)
                     if not fmt.is_missing(r.get("ci_low")) else fmt.DASH, key="p_or_interval"),
                 Col("threshold", "Threshold", "pretty", key="threshold_pretty")],
          views={"compact": View(("index_label", "value_apa", "p_or_interval", "threshold_pretty", "verdict"))}),
    _spec("comparison", "PLS-SEM vs CB-SEM: standardized paths and loadings",
          [("kind", "Kind"), ("from,to", "Parameter", "path"), ("pls_estimate", "PLS", "bounded"),
           ("pls_ci_low,pls_ci_high", "PLS 95% CI", "cib"), ("cb_std", "CB-SEM", "bounded"),
           ("cb_ci_low,cb_ci_high", "CB-SEM 95% CI", "cib"), ("difference", "Difference", "bounded"),
           ("sign_differs", "Sign differs", "yesno"), ("significance_differs", "Significance differs", "yesno")],
          # the summary shows the paths only, so its headers name path coefficients
          extra=[Col("from,to", "Path", "path", key="path"), Col("pls_estimate", "PLS β", "bounded", key="pls_beta"),
                 Col("pls_p", "PLS p", "p"), Col("cb_std", "CB-SEM β (std.all)", "bounded", key="cb_beta"),
                 Col("cb_p", "CB-SEM p", "p")],
          views={"compact": View(("path", "pls_beta", "pls_p", "cb_beta", "cb_p", "sign_differs",
                                  "significance_differs"), rows=lambda d: d["kind"].astype(str) == "path")}),
    _spec("estimates", "CB-SEM standardized estimates",
          [("lhs", "lhs"), ("op", "op"), ("rhs", "rhs"), ("estimate", "Estimate", "num"), ("se", "SE", "num"),
           ("z", "z", "num"), ("p", "p", "p"), ("std", "Standardized", "num"),
           ("std_ci_low,std_ci_high", _CI, "ci")]),
    _spec("warnings", "CB-SEM warnings", [("severity", "Severity"), ("kind", "Kind"), ("where", "Where"),
                                          ("message", "Message")]),
]

POWER_TABLES = [
    _spec("min_n", "Smallest sample size reaching the target power",
          [("effect", "Effect"), ("kind", "Kind"), ("true_value", "Population value", "num"),
           ("target", "Target power", "bounded"), ("min_n", "Smallest n", "int"), ("power", "Power at that n", "bounded"),
           ("power_ci_low,power_ci_high", "Monte Carlo 95% CI", "cib")],
          note="An effect counts as detected when 0 lies outside its two-sided (1 − α) bootstrap interval; "
               "power is the share of replications that detect it (Muthén & Muthén 2002), with a Wilson (1927) "
               "interval for its Monte Carlo error.",
          views={"compact": View(("effect", "true_value", "min_n", "power", "power_ci_low,power_ci_high"))}),
    _spec("power", "Monte Carlo power by effect and sample size",
          [("effect", "Effect"), ("n", "n", "int"), ("true_value", "Population value", "num"),
           ("power", "Power", "bounded"), ("power_ci_low,power_ci_high", "Monte Carlo 95% CI", "cib"),
           ("mean_estimate", "Mean estimate", "num"), ("bias", "Bias", "num"), ("coverage", "Coverage", "bounded"),
           ("failed", "Failed replications", "int")],
          note="Bias = mean estimate − population value; coverage = share of intervals that contain the population "
               "value.",
          views={"compact": View(("effect", "n", "power", "power_ci_low,power_ci_high", "bias", "coverage"))}),
    _spec("population", "Population model the samples were drawn from",
          [("parameter", "Parameter"), ("from", "From"), ("to", "To"), ("value", "Value", "num")],
          views={"compact": View(("parameter", "from", "to", "value"))}),
]

#: the table specs of each step folder, named by the step's declaration in the study-kind registry (``Step.tables``)
def _paths_only(df: pd.DataFrame) -> pd.Series:
    """The rows of path coefficients (``parameter`` = ``path``) of a multigroup table; every row without that column."""
    return df["parameter"].astype(str).eq("path") if "parameter" in df else pd.Series(True, index=df.index)


#: the multigroup step (``groups:``; surveysem.groups): group estimates, the tests of group differences, MICOM
MGA_TABLES = [
    _spec("group_sizes", "Groups of the multigroup analysis",
          [("group", "Group", _verbatim("group")), ("n", "n", "int"), ("excluded", "Rows left out", "int")],
          views={"compact": View(("group", "n", "excluded"))}),
    _spec("group_paths", "Path coefficients of each group",
          [("group", "Group", _verbatim("group")), ("from,to", "Path", "path"), ("estimate", "β", "stars"), ("se", "SE", "bounded"),
           ("t", "t", "num"), ("p", "p", "p"), ("ci_low,ci_high", _CI, "cib")],
          bootstrap_note=True),
    _spec("group_r2", "R² of each group",
          [("group", "Group", _verbatim("group")), ("construct", "Construct"), ("r2", "R²", "bounded"), ("r2_adj", "Adjusted R²", "bounded")]),
    _spec("mga", "Multigroup analysis: group differences of the path coefficients",
          [("from,to", "Path", "path"), ("via", "Via"), ("group_a", "Group A", _verbatim("group_a")), ("group_b", "Group B", _verbatim("group_b")),
           ("estimate_a", "β (A)", "bounded"), ("estimate_b", "β (B)", "bounded"), ("difference", "Difference", "num"),
           ("p_permutation", "p (permutation)", "p"), ("p_henseler", "p (PLS-MGA)", "p"),
           ("p_parametric", "p (parametric)", "p"), ("p_welch", "p (Welch)", "p")],
          note="Difference = group A − group B. Permutation test: Chin & Dibbern (2010); PLS-MGA: Henseler et al. "
               "(2009), one-sided probability that A ≤ B from the two groups' bootstrap draws (a value below .05 "
               "or above .95 is a difference at 10%, two-sided); parametric: Keil et al. (2000); Welch: Sarstedt et "
               "al. (2011).",
          views={"compact": View(("from,to", "group_a", "group_b", "estimate_a", "estimate_b", "difference",
                                  "p_permutation", "p_henseler", "p_welch"), rows=_paths_only)}),
    _spec("micom_step2", "MICOM step 2: compositional invariance",
          [("construct", "Construct"), ("group_a", "Group A", _verbatim("group_a")), ("group_b", "Group B", _verbatim("group_b")), ("c", "c", "num"),
           ("quantile_5", "5% quantile", "num"), ("p", "p", "p"), ("holds", "Invariant", "yesno")]),
    _spec("micom_step3", "MICOM step 3: equality of composite means and variances",
          [("construct", "Construct"), ("group_a", "Group A", _verbatim("group_a")), ("group_b", "Group B", _verbatim("group_b")),
           ("statistic", "Statistic", _words_map("statistic", {"mean": "mean", "log_variance": "log variance"})),
           ("difference", "Difference", "num"), ("ci_low,ci_high", "95% permutation interval", "ci"),
           ("p", "p", "p"), ("holds", "Equal", "yesno")]),
    _spec("micom", "Measurement invariance of composite models (MICOM): verdict per construct",
          [("construct", "Construct"), ("group_a", "Group A", _verbatim("group_a")), ("group_b", "Group B", _verbatim("group_b")),
           ("step1", "Step 1", "yesno"), ("step2", "Step 2", "yesno"), ("step3_mean", "Step 3a (means)", "yesno"),
           ("step3_var", "Step 3b (variances)", "yesno"),
           ("invariance", "Invariance", _words_map("invariance", {"full": "full", "partial": "partial",
                                                                  "none": "none"}))],
          note="Henseler, Ringle & Sarstedt (2016): partial invariance (steps 1 and 2) allows comparing the groups' "
               "path coefficients; full invariance (steps 1 to 3) also allows pooling the data.",
          views={"compact": View(("construct", "step1", "step2", "step3_mean", "step3_var", "invariance"))}),
]

SPECS: dict[str, list[TableSpec]] = {name: kinds.resolve(t) for name in kinds.table_steps()
                                     if (t := kinds.STEPS[name].tables)}

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
        return (" → " if how == "path" else " – ").join(str(row.get(s)) for s in src.split(","))
    if how == "change":  # before → after; the value alone when there is no after
        before, after = (row.get(s) for s in src.split(","))
        return fmt.bounded(before) if fmt.is_missing(after) else f"{fmt.bounded(before)} → {fmt.bounded(after)}"
    if how == "of":
        k, n = (row.get(s) for s in src.split(","))
        return i18n._("{k} of {n}", k=fmt.integer(k), n=fmt.integer(n))
    if how == "range":
        lo, hi = (row.get(s) for s in src.split(","))
        if fmt.is_missing(lo) or fmt.is_missing(hi):
            return fmt.DASH
        return fmt.bounded(lo) if fmt.bounded(lo) == fmt.bounded(hi) else \
            i18n._("{low} to {high}", low=fmt.bounded(lo), high=fmt.bounded(hi))
    x = row.get(src)
    if how == "text":
        return fmt.DASH if fmt.is_missing(x) else _words_of(src, x).replace("->", "→")
    if how == "pretty":
        return fmt.DASH if fmt.is_missing(x) else \
            _words_of(src, x).replace(">=", "≥").replace("<=", "≤").replace("->", "→")
    if how in ("rupiah", "rupiah1"):
        return fmt.rupiah(x, 1 if how == "rupiah1" else 0)
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
        return i18n._("yes") if str(x).lower() in ("true", "1", "yes") else i18n._("no")
    if how in ("stars", "numstars"):
        s = fmt.bounded(x) if how == "stars" else fmt.num(x)
        return s + fmt.stars(row.get("p")) if s != fmt.DASH else s
    raise ValueError(f"unknown column format {how!r}")


#: text columns that hold the user's names (constructs, items, variables, accounts, themes): printed as they are,
#: unless the catalogue knows the value (``(Constant)``); every other text column holds English words (verdicts,
#: decisions, rules, reasons) and is translated, a missing entry recorded (:mod:`surveysem.i18n`)
NAME_COLUMNS = {"construct", "indicator", "item", "variable", "predictor", "dependent", "predictors", "from", "to",
                "construct_a", "construct_b", "var1", "var2", "x", "y", "account", "theme", "theme_a", "theme_b",
                "case", "label", "definition", "excerpt", "segment_id", "respondent", "column", "value", "subject",
                "hypothesis", "chain", "term", "lhs", "op", "rhs", "max_corr_with", "max_other_construct", "index",
                "equation", "where", "via", "reference", "source", "cases"}


def _words_of(src: str, x) -> str:
    """A text cell in the output language: English words translated, the user's names as they are."""
    text = str(x)
    if src in NAME_COLUMNS:
        return i18n.value(text) if i18n.active().known(text) else text
    return i18n.value(text)


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
        out.append(i18n._("Rule: " if len(rules) == 1 else "Rules: ") + "; ".join(i18n.value(r) for r in rules))
    if refs:
        out.append(i18n._("Source: " if len(refs) == 1 else "Sources: ") + "; ".join(refs))
    if "note" in columns and "note" in df:
        notes = [i18n.value(v) for v in dict.fromkeys(str(x).strip() for x in df["note"].dropna()) if v]
        out += [n[0].upper() + n[1:] for n in notes]
    return out


def format_table(spec: TableSpec, df: pd.DataFrame, number: int = 1, run: dict | None = None) -> Table:
    """Format one tidy table by its spec: rounded strings, a header, and the note (rules, references, warnings)."""
    if spec.rows is not None:
        keep = spec.rows(df)
        if isinstance(keep, pd.DataFrame):
            df = keep
        elif keep is not None:
            df = df[keep.astype(bool)]
    if spec.sort_by and spec.sort_by in df.columns:
        df = df.sort_values(spec.sort_by, kind="stable")
    cols = [c for c in spec.columns if not spec.drop_absent or all(n in df.columns for n in c.needs())]
    if spec.every_column:
        # the user's own columns (a case list): printed as they are, never translated
        cols = [Col(c, c.replace("_", " ").capitalize(), lambda r, c=c: fmt.DASH if fmt.is_missing(r.get(c)) else
                    str(r.get(c)).replace("->", "→"))
                for c in df.columns]
    value_cols: list[Col] = []
    if spec.matrix:
        label_cols = {n for c in cols for n in c.needs()}
        meta = {"verdict", "rule", "reference", "note", "own_loading", "max_other", "max_other_construct", "flag",
                "sqrt_ave", "max_abs_corr", "max_corr_with", "themes_present", "segments", "level"}
        how = "int" if spec.name.startswith("matrix") else "bounded"
        value_cols = [Col(c, c, how) for c in df.columns if c not in label_cols and c not in meta]
        cols = cols + value_cols + [MATRIX_EXTRAS[e] for e in spec.matrix_extras if e in df.columns]
    rows = [[_cell(c.how, r, c.src) for c in cols] for _, r in df.iterrows()]
    if spec.triangle:  # lower triangle: blank above the diagonal, the diagonal in bold
        first = len(cols) - len(value_cols) - sum(e in df.columns for e in spec.matrix_extras)
        for i, row in enumerate(rows):
            for j in range(len(value_cols)):
                row[first + j] = "" if j > i else (f"**{row[first + j]}**" if j == i else row[first + j])
    if spec.name == "cross_loadings" and "construct" in df.columns:
        # bold-face an item's loading on its own construct, as printed tables do
        own_idx = [i for i, c in enumerate(cols) if c.how == "bounded"]
        for row, (_, r) in zip(rows, df.iterrows()):
            for i in own_idx:
                if cols[i].src == r["construct"]:
                    row[i] = f"**{row[i]}**"
    notes = []
    if spec.note:
        notes.append(i18n._(spec.note))
    if any(c.how in ("stars", "numstars") for c in cols):
        notes.append(i18n._(fmt.STARS_NOTE))
    if spec.bootstrap_note:
        b = bootstrap_phrase(Bootstrap.from_run(run), "note")
        if b:
            notes.append(b)
    notes += _note_values(df, spec.note_columns)
    notes += consistent_pls.table_notes(spec.name, run)
    header = [c.label if c in value_cols or spec.every_column else i18n._(c.label) for c in cols]
    return Table(spec.name, number, i18n._(spec.title), header, rows, [c.numeric() for c in cols], notes,
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
    out = [f"**{i18n._('Table')} {t.number}**", "", f"*{t.title}*", ""]
    if t.rows:
        out.append(pipe_table(t.header, t.rows, t.numeric))
    else:
        out.append(i18n._("(no rows)"))
    if t.notes:
        out += ["", f"*{i18n._('Note.')}* " + " ".join(_sentence(n) for n in t.notes)]
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
    out = [f'<section id="{(t.stem or t.name).replace("/", "-")}">', f'<div class="num">{i18n._("Table")} {t.number}</div>',
           f'<div class="title">{html.escape(t.title)}</div>', "<table>", "<thead><tr>"]
    out += [f'<th class="{"n" if n else "t"}">{html.escape(h)}</th>' for h, n in zip(t.header, t.numeric)]
    out.append("</tr></thead><tbody>")
    for r in t.rows:
        out.append("<tr>" + "".join(f'<td class="{"n" if n else "t"}">{_html_cell(c)}</td>'
                                    for c, n in zip(r, t.numeric)) + "</tr>")
    out.append("</tbody></table>")
    if t.notes:
        out.append(f'<p class="note"><i>{i18n._("Note.")}</i> ' + html.escape(" ".join(_sentence(n) for n in t.notes)) + "</p>")
    out.append("</section>")
    return "\n".join(out)


def to_html(t: Table | list[Table], title: str | None = None) -> str:
    """A standalone HTML page with one table (or several), styled as an APA table."""
    tables = t if isinstance(t, list) else [t]
    head = html.escape(title or f"{i18n._('Table')} {tables[0].number}. {tables[0].title}")
    body = "\n".join(_html_section(x) for x in tables)
    return (f'<!DOCTYPE html>\n<html lang="{i18n.language()}"><head><meta charset="utf-8"><title>{head}</title>'
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
        out += [r"\par\smallskip", r"\begin{minipage}{\linewidth}\footnotesize\emph{" + i18n._("Note.") + "} "
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
        df = folder.csv(f"{spec.name}.csv") if spec.printed else None
        if df is None:
            continue
        if df.empty and spec.name in ("excluded_rows", "flags", "item_purification", "warnings", "agreement",
                                      "profile"):
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
    head, sep, tail = title.rpartition(": ")
    if sep and tail == "tables":  # the workflow's "<study title>: tables"; the study title is the user's
        title = i18n._("{title}: tables", title=head)
    elif i18n.active().known(title):  # a kind's default title ("PLS-SEM tables"); a user's own title stays
        title = i18n.value(title)
    lines = [f"# {title}", "", i18n._("Printed tables (Markdown, HTML, LaTeX) and the tidy CSV each is made from "
                                      "(full precision)."), ""]
    for t in tables:
        base = t.stem or t.name
        lines.append(f"- **{i18n._('Table')} {t.number}.** {t.title}: [{base}.md]({base}.md), [html]({base}.html), "
                     f"[tex]({base}.tex), [csv]({base}.csv)")
    (out_dir / "index.md").write_text("\n".join(lines) + "\n")
    (out_dir / "tables.html").write_text(to_html(tables, title=title))
