"""The study's write-up, ``results/<study>/summary.md``, in the order a thesis results chapter uses.

:func:`study_summary` reads only the tidy folders the analysis steps wrote (``pls/``, ``cleaning/``, ``cbsem/``,
``regression/``, ``sessions/``, ``coding/``) and returns Markdown; it computes no statistic of its own, it words
and rounds what the CSVs hold. The order follows the chapters it replaces:

* **pls** — Hair, Hult, Ringle & Sarstedt (2022, *A Primer on PLS-SEM*, 3rd ed., ch. 4-7):
  sample and cleaning, measurement model (item purification, loadings, reliability and convergent validity,
  discriminant validity), structural model (collinearity, R², f², Q², PLSpredict, model fit), mediation (Zhao, Lynch
  & Chen 2010), hypotheses, the covariance-based cross-check, warnings, files;
* **regression** — SPSS style (Sugiyono 2015): sample, instrument validity and reliability, descriptives and
  category bands (Sugiyono), classic assumption tests, correlations, multiple and simple regression with the
  coefficient of determination, hypotheses (accepted / rejected), figures;
* **sessions** — the claim that going live more often does not sell more, as a test: accounts,
  rank correlations, log-log HC3 regression, verdict;
* **coding** — themes across cases: codebook, case × theme matrix, prevalence, co-occurrence,
  agreement (if two coders), audit trail.

Every number goes through :mod:`surveysem.format` (APA 7th ed. §6.36: 3 decimals, no leading zero for
statistics bounded by 1, ``p < .001``), every table is a plain pipe table, and every section names the rule it
applied, taken from the ``rule`` and ``reference`` columns of the CSVs, so the text cannot disagree with the tables.
Warnings from ``run.json`` files, ``warnings.csv`` and the ``note`` columns are repeated in a Warnings section
(docs/CONVENTIONS.md: warnings must reach the report). Links are relative to the study folder (the parent of the
analysis folder), where the summary is written. The output has no timestamp: the same folders give the same text.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from .. import __version__
from ..errors import DataError
from ..format import DASH, bounded, ci, integer, is_missing, num, p_phrase, percent, pval
from ..kinds import FILE_NOTES, KINDS as _KINDS, REQUIRED, RUN_FIRST  # noqa: F401 (names of this module)
from .tables import pipe_table, rules_and_sources

#: the study kinds, the files a folder must hold before it can be summarised, the command that writes each folder,
#: and one-line descriptions of each step's tidy files: declared once in the study-kind registry (surveysem.kinds)
KINDS = tuple(_KINDS)


# --------------------------------------------------------------------------------------------------------------
# public entry point


def study_summary(kind: str, study: str, analysis_dir, cleaning_dir=None, cbsem_dir=None,
                  title: str | None = None) -> str:
    """The study's write-up as Markdown, in the order of a thesis results chapter.

    Parameters
    ----------
    kind : {"pls", "regression", "sessions", "coding"}
        Study kind; decides which files are read and which sections are written.
    study : str
        Study name (the heading when no ``title`` is given).
    analysis_dir : str or path-like
        The analysis folder (``results/<study>/pls`` …). The summary is meant for its parent folder
        (``results/<study>/summary.md``); every link is relative to that parent.
    cleaning_dir : str or path-like, optional
        ``surveysem clean`` output (``pls`` and ``regression``): sample flow, excluded rows and flags.
    cbsem_dir : str or path-like, optional
        ``surveysem cbsem`` output (``pls``): the covariance-based cross-check.
    title : str, optional
        Heading of the document.

    Returns
    -------
    str
        Markdown ending in a newline. Deterministic: the same folders give the same text (no date, no absolute
        path unless the folders were given as absolute paths in ``run.json``).

    Raises
    ------
    DataError
        Unknown ``kind``; a folder missing, or without the files its step writes (the message names the folder and
        the command to run first); a required table without an expected column.

    Notes
    -----
    Rounding and p-values follow APA (7th ed., §6.36) through :mod:`surveysem.format`. Decisions are copied
    from the CSVs (``supported``, ``decision``, ``verdict``, ``zhao_type``), never recomputed, so the summary says
    exactly what the tables say.
    """
    if kind not in KINDS:
        raise DataError(f"unknown study kind {kind!r}", where=f"study {study!r}",
                        fix=f"Use one of {', '.join(KINDS)}")
    analysis = _Folder(analysis_dir, kind)
    base = analysis.path.parent
    cleaning = _Folder(cleaning_dir, "cleaning") if cleaning_dir is not None else None
    cbsem = _Folder(cbsem_dir, "cbsem") if cbsem_dir is not None else None
    doc = _Doc(base)
    heading = title or study
    if kind == "pls":
        _pls(doc, heading, analysis, cleaning, cbsem)
    elif kind == "regression":
        _regression(doc, heading, analysis, cleaning)
    elif kind == "sessions":
        _sessions(doc, heading, analysis)
    else:
        _coding(doc, heading, analysis)
    return doc.text()


# --------------------------------------------------------------------------------------------------------------
# reading


class _Folder:
    """One analysis folder: checked on construction, files read on demand with one-line errors."""

    def __init__(self, path, step: str):
        self.path = Path(path)
        self.step = step
        self.hint = RUN_FIRST[step].format(dir=self.path.as_posix())
        if not self.path.is_dir():
            raise DataError(f"the {step} folder does not exist", where=str(self.path),
                            fix=f"Run `{self.hint}` first")
        missing = [f for f in REQUIRED[step] if not (self.path / f).is_file()]
        if missing:
            raise DataError(f"the {step} folder is incomplete (no {', '.join(missing)})", where=str(self.path),
                            fix=f"Run `{self.hint}` first")
        self._cache: dict[str, object] = {}

    def has(self, name: str) -> bool:
        return (self.path / name).is_file()

    def json(self, name: str) -> dict:
        if name not in self._cache:
            try:
                self._cache[name] = json.loads((self.path / name).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise DataError(f"cannot read {name} ({exc})", where=str(self.path),
                                fix=f"Run `{self.hint}` again") from None
        return self._cache[name]

    def csv(self, name: str, columns: tuple[str, ...] = ()) -> pd.DataFrame | None:
        """The table, or None if the file is absent; empty cells are NaN, text such as ``NA`` stays text."""
        if not self.has(name):
            return None
        if name not in self._cache:
            try:
                df = pd.read_csv(self.path / name, keep_default_na=False, na_values=[""])
            except pd.errors.EmptyDataError:
                df = pd.DataFrame()
            except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
                raise DataError(f"cannot read {name} ({exc})", where=str(self.path),
                                fix=f"Run `{self.hint}` again") from None
            self._cache[name] = df
        df = self._cache[name]
        lacking = [c for c in columns if c not in df.columns]
        if lacking:
            raise DataError(f"{name} has no column {', '.join(lacking)}", where=str(self.path),
                            fix=f"It was written by another version of surveysem; run `{self.hint}` again")
        return df

    def need(self, name: str, columns: tuple[str, ...] = ()) -> pd.DataFrame:
        df = self.csv(name, columns)
        if df is None:  # pragma: no cover - REQUIRED guarantees it
            raise DataError(f"no {name}", where=str(self.path), fix=f"Run `{self.hint}` first")
        return df


def _records(df: pd.DataFrame | None) -> list[dict]:
    if df is None or df.empty:
        return []
    return [{k: (None if _missing(v) else v) for k, v in r.items()} for r in df.to_dict("records")]


_missing = is_missing


def _true(x) -> bool:
    """Booleans as the CSVs write them (``True``, ``yes``)."""
    if _missing(x):
        return False
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, str):
        return x.strip().lower() in ("true", "yes", "1")
    return bool(x)


def _text(x) -> str:
    return "" if _missing(x) else str(x).strip()


# --------------------------------------------------------------------------------------------------------------
# writing


class _Doc:
    """Lines of Markdown, numbered sections, links relative to the study folder."""

    def __init__(self, base: Path):
        self.base = base
        self.lines: list[str] = []
        self.section = 0
        self.sub = 0

    def h1(self, text: str) -> None:
        self.lines += [f"# {text}", ""]

    def h2(self, text: str) -> None:
        self.section += 1
        self.sub = 0
        self.lines += [f"## {self.section} {text}", ""]

    def h3(self, text: str) -> None:
        self.sub += 1
        self.lines += [f"### {self.section}.{self.sub} {text}", ""]

    def p(self, *sentences: str) -> None:
        text = " ".join(s.strip() for s in sentences if s and s.strip())
        if text:
            self.lines += [text, ""]

    def table(self, header: list[str], rows: list[list], align: str | None = None, note: str = "") -> None:
        self.lines += [_table(header, rows, align), ""]
        note = note.strip().rstrip(";").strip()
        if note:
            self.lines += [f"*Note.* {note}" + ("" if note.endswith(".") else "."), ""]

    def bullets(self, items: list[str]) -> None:
        if items:
            self.lines += [f"- {_oneline(i)}" for i in items] + [""]

    def link(self, path: Path) -> str:
        return _rel(path, self.base)

    def text(self) -> str:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


def _oneline(s) -> str:
    return " ".join(str(s).split())


def _table(header: list[str], rows: list[list], align: str | None = None) -> str:
    """A Markdown pipe table; ``align`` has one letter per column, ``l`` or ``r`` (default: first l, rest r)."""
    align = align or ("l" + "r" * (len(header) - 1))
    return pipe_table(header, rows, [a == "r" for a in align])


def _rel(path, base) -> str:
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(base))).as_posix()


def _rule(df: pd.DataFrame | None, mask=None) -> str:
    """``rule (reference)`` from a table's rule and reference columns (first distinct values)."""
    if df is None or df.empty or "rule" not in df.columns:
        return ""
    rules, refs = rules_and_sources(df if mask is None else df[mask])
    text = "; ".join(rules)
    if refs:
        text += f" ({'; '.join(refs)})"
    return _pretty(text)


def _pretty(text: str) -> str:
    return text.replace(">=", "≥").replace("<=", "≤").replace(" -> ", " → ")


def _arrow(*names) -> str:
    return " → ".join(str(n) for n in names)


def _list_words(items: list[str]) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{integer(n)} {word if n == 1 else (plural or word + 's')}"


def _range(values, fmt=bounded) -> str:
    v = [float(x) for x in values if not _missing(x)]
    if not v:
        return DASH
    lo, hi = min(v), max(v)
    return fmt(lo) if fmt(lo) == fmt(hi) else f"{fmt(lo)} to {fmt(hi)}"


def _worst(verdicts) -> str:
    order = {"fail": 3, "warn": 2, "pass": 1, "n/a": 0}
    vs = [_text(v) for v in verdicts if _text(v)]
    return max(vs, key=lambda v: order.get(v, 0)) if vs else DASH


def _level(x) -> str:
    """A significance level or threshold as given (``.05``, ``.10``, ``.001``): at least 2 decimals, no leading zero."""
    if _missing(x):
        return DASH
    g = f"{float(x):g}"
    return bounded(float(x), max(2, len(g.split(".")[1]) if "." in g and "e" not in g else 2))


def _tails(x) -> str:
    return {1: "one-tailed", 2: "two-tailed"}.get(int(x) if not _missing(x) else 2, f"{x}-tailed")


def _whole(x) -> str:
    """A number that is usually whole (sum-score minimum, maximum) without decimals when it is whole."""
    if not _missing(x) and float(x).is_integer():
        return integer(x)
    return num(x)


def _distinct(texts) -> list[str]:
    """Distinct non-empty texts in order, leaving out any contained in another (notes that repeat a longer one)."""
    items = list(dict.fromkeys(_oneline(t) for t in texts if _text(t)))
    return [t for t in items if not any(t != o and t in o for o in items)]


def _input(run: dict, key: str, label: str, fallback: str | None = None) -> str:
    """``label `path` (SHA-256 …)`` for one input file recorded in ``run.json`` (``inputs`` or a plain key)."""
    rec = (run.get("inputs") or {}).get(key) or {}
    path = rec.get("path") or run.get(fallback or key) or DASH
    sha = f" (SHA-256 {_sha(rec['sha256'])})" if rec.get("sha256") else ""
    return f"{label} `{path}`{sha}"


def _sha(h) -> str:
    return f"`{h[:12]}`" if h else DASH


def _figures(doc: _Doc, folder: Path, captions: dict[str, str] | None = None, embed: bool = False) -> list[str]:
    """Links to the PNG figures of a folder (sorted by name)."""
    if not folder.is_dir():
        return []
    items = []
    for f in sorted(folder.glob("*.png")):
        caption = (captions or {}).get(f.stem) or f.stem.replace("_", " ")
        link = doc.link(f)
        items.append(f"![{caption}]({link})" if embed else f"[{caption}]({link})")
    return items


def _files(doc: _Doc, folders: list[_Folder]) -> None:
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


def _warnings(doc: _Doc, warnings: list[str], notes: list[str]) -> None:
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


def _table_notes(folder: _Folder, names: list[str]) -> list[str]:
    notes = []
    for name in names:
        df = folder.csv(name)
        if df is None or df.empty or "note" not in df.columns:
            continue
        for n in dict.fromkeys(_text(x) for x in df["note"]):
            if n:
                notes.append(f"`{name}`: {n}")
    return notes


# --------------------------------------------------------------------------------------------------------------
# sample and cleaning (pls, regression)


def _cleaning_section(doc: _Doc, cleaning: _Folder | None, n_used: int | None, missing_text: str) -> list[str]:
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
        rows = [[integer(r.get("row")), _text(r.get("respondent")) or DASH, _text(r.get("reason"))]
                for r in _records(ex.head(15))]
        more = f"{len(ex) - 15} more rows in `{doc.link(cleaning.path / 'excluded_rows.csv')}`." if len(ex) > 15 \
            else ""
        doc.table(["Row", "Respondent", "Reason for exclusion"], rows, "rll",
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


def _pls_missing_text(run: dict) -> str:
    md = run.get("missing_data") or {}
    treatment = (run.get("settings") or {}).get("missing")
    n_miss = md.get("n_missing_cells", 0) or 0
    n_used = run.get("n")
    if not n_miss:
        return f"No answer was missing in the analysed items; n = {integer(n_used)}."
    per = md.get("missing_per_indicator") or {}
    items = ", ".join(f"{k}: {v}" for k, v in sorted(per.items(), key=lambda kv: (-kv[1], kv[0])))
    rows = md.get("n_rows_with_missing", 0) or 0
    base = (f"In the estimation, the {_plural(n_miss, 'missing answer')} ({items}; in {_plural(rows, 'row')}) ")
    if treatment == "mean":
        return base + (f"{'was' if n_miss == 1 else 'were'} replaced by the item mean (Hair et al. 2022, ch. 2, "
                       f"accept mean replacement when an item misses less than 5% of its answers); n = "
                       f"{integer(n_used)}.")
    if treatment == "listwise":
        return base + (f"led to listwise exclusion of {_plural(md.get('n_rows_dropped', 0) or 0, 'row')}; "
                       f"n = {integer(n_used)}.")
    return base + f"were treated as {treatment}; n = {integer(n_used)}."


# --------------------------------------------------------------------------------------------------------------
# PLS-SEM


def _pls(doc: _Doc, heading: str, a: _Folder, cleaning: _Folder | None, cbsem: _Folder | None) -> None:
    run = a.json("run.json")
    paths = a.need("paths.csv", ("from", "to", "estimate"))
    hyp = a.need("hypotheses.csv", ("from", "to", "supported"))
    om = a.need("outer_model.csv", ("construct", "indicator", "mode", "loading", "verdict"))
    rel = a.need("reliability.csv", ("construct", "mode", "alpha", "rho_a", "rho_c", "ave"))
    warnings: list[str] = list(run.get("warnings", []))
    warnings += list((run.get("assessment") or {}).get("warnings", []))  # written by `surveysem pls --assess`

    doc.h1(heading)
    doc.p(_pls_provenance(run))

    doc.h2("Sample and data cleaning")
    warnings += _cleaning_section(doc, cleaning, run.get("n"), _pls_missing_text(run))

    doc.h2("Measurement model")
    warnings += _pls_purification(doc, a)
    _pls_loadings(doc, a, om)
    _pls_reliability(doc, rel)
    _pls_discriminant(doc, a)

    doc.h2("Structural model")
    _pls_structural(doc, a, paths)

    med = a.csv("mediation.csv")
    mediation_rows = _records(med)
    doc.h2("Mediation")
    _pls_mediation(doc, a, med)

    doc.h2("Hypotheses")
    _pls_hypotheses(doc, a, paths, hyp, med)

    if cbsem is not None:
        doc.h2("CB-SEM cross-check")
        warnings += _pls_cbsem(doc, cbsem)

    boot = run.get("bootstrap") or {}
    if boot.get("n_failed"):
        warnings.append(f"{boot['n_failed']} of {boot.get('boot')} bootstrap resamples failed and were left out "
                        "(boot_failed.csv)")
    doc.h2("Warnings")
    notes = _table_notes(a, ["outer_model.csv", "reliability.csv", "htmt.csv", "f2.csv", "q2.csv", "plspredict.csv",
                             "model_fit.csv"])
    notes += [f"`mediation.csv`: {n}" for n in _mediation_notes(mediation_rows)]
    _warnings(doc, warnings, notes)

    doc.h2("Files")
    figures = a.path.parent / "figures"
    _files(doc, [f for f in (cleaning, a, cbsem) if f is not None])
    figs = _figures(doc, figures)
    if figs:
        doc.p(f"**figures** (`{doc.link(figures)}/`):")
        doc.bullets(figs)
    tables = a.path.parent / "tables"
    if tables.is_dir():
        doc.p(f"Formatted APA tables (Markdown, HTML, LaTeX): `{doc.link(tables)}/`.")


def _mediation_notes(recs: list[dict]) -> list[str]:
    """Distinct parts of mediation.csv's notes; "no direct path" is shown in the mediation table instead."""
    parts = []
    for r in recs:
        parts += [p.strip() for p in _text(r.get("note")).split(";")
                  if p.strip() and not p.strip().startswith("the model has no direct path")]
    return list(dict.fromkeys(parts))


def _pls_provenance(run: dict) -> str:
    inputs = run.get("inputs") or {}
    data, model = inputs.get("data") or {}, inputs.get("model") or {}
    settings = run.get("settings") or {}
    boot = run.get("bootstrap") or {}
    parts = [f"surveysem {run.get('surveysem', __version__)}",
             f"data `{data.get('path', DASH)}` (SHA-256 {_sha(data.get('sha256'))})",
             f"model `{model.get('path', DASH)}` (SHA-256 {_sha(model.get('sha256'))})",
             f"n = {integer(run.get('n'))}",
             f"{settings.get('scheme', DASH)} weighting scheme"]
    if boot:
        level = boot.get("ci", 0.95)
        parts.append(f"bootstrap B = {integer(boot.get('boot'))}, seed {boot.get('seed')}")
        parts.append(f"{num(100 * level, 0)}% percentile intervals (BCa in the CSVs); p {boot.get('p_value', '')}")
    else:
        parts.append("no bootstrap")
    model_text = _text(run.get("model"))
    out = "*Provenance:* " + "; ".join(parts) + "."
    if model_text:
        out += " Estimated model (after any item purification):\n\n```\n" + model_text.strip() + "\n```"
    return out


def _pls_purification(doc: _Doc, a: _Folder) -> list[str]:
    log = a.csv("item_purification.csv")
    doc.h3("Item purification")
    if log is None:
        doc.p("No purification log (`item_purification.csv`) was written.")
        return []
    if log.empty:
        doc.p("No indicator was removed: the purification log is empty (every reflective loading met the rule, "
              "or purification was switched off).")
        return []
    recs = _records(log)
    dropped = [r for r in recs if _text(r.get("action")) == "dropped"]
    rule = _rule(log)
    if dropped:
        what = _list_words([f"{r['indicator']} ({r['construct']}, loading {bounded(r.get('loading'))})"
                            for r in dropped])
        doc.p(f"Following the rule *{rule}*, {_plural(len(dropped), 'indicator')} "
              f"{'was' if len(dropped) == 1 else 'were'} removed: {what}.",
              "Every later table describes the model without "
              f"{'it' if len(dropped) == 1 else 'them'}; the log below lists each step with AVE and ρC "
              "before and after (Hair et al. 2022, ch. 4).")
    else:
        doc.p(f"No indicator was removed (rule: *{rule}*); the log lists the weak items that were kept.")
    rows = [[integer(r.get("step")), r.get("construct"), r.get("indicator"), bounded(r.get("loading")),
             _text(r.get("action")),
             _before_after(r.get("ave_before"), r.get("ave_after")),
             _before_after(r.get("rho_c_before"), r.get("rho_c_after"))] for r in recs]
    doc.table(["Step", "Construct", "Indicator", "Loading", "Action", "AVE", "ρC"], rows, "rllrlll")
    if dropped:
        return [f"item purification dropped {', '.join(str(r['indicator']) for r in dropped)}; every table uses "
                "the reduced model"]
    return []


def _before_after(before, after) -> str:
    return bounded(before) if _missing(after) else f"{bounded(before)} → {bounded(after)}"


def _pls_loadings(doc: _Doc, a: _Folder, om: pd.DataFrame) -> None:
    refl = om[om["mode"].astype(str) == "reflective"]
    form = om[om["mode"].astype(str) != "reflective"]
    if not refl.empty:
        doc.h3("Indicator loadings")
        recs = _records(refl)
        weak = [r for r in recs if _text(r.get("verdict")) != "pass"]
        first = (f"All {_plural(len(recs), 'reflective loading')} pass (range {_range(refl['loading'])})."
                 if not weak else
                 f"{len(recs) - len(weak)} of {len(recs)} reflective loadings pass; "
                 + _list_words([f"{r['indicator']} ({bounded(r.get('loading'))}, {r.get('verdict')})"
                                for r in weak]) + (" does not." if len(weak) == 1 else " do not."))
        doc.p(first, f"Rule: {_rule(refl)}.",
              "Significance from the bootstrap t statistic (two-sided)." if "loading_p" in om.columns else "")
        rows = [[r["construct"], r["indicator"], bounded(r.get("loading")), num(r.get("loading_t")),
                 pval(r.get("loading_p")), r.get("verdict")] for r in recs]
        doc.table(["Construct", "Indicator", "Loading", "t", "p", "Verdict"], rows, "llrrrl")
    if not form.empty:
        doc.h3("Formative (composite) indicators")
        vif = a.csv("vif_outer.csv")
        vmap = {} if vif is None else {(r["construct"], r["indicator"]): r.get("vif") for r in _records(vif)}
        recs = _records(form)
        doc.p("Composite constructs are judged by their weights, loadings and collinearity, not by internal "
              f"consistency. Rule: {_rule(form)}.")
        rows = [[r["construct"], r["indicator"], bounded(r.get("weight")), num(r.get("weight_t")),
                 pval(r.get("weight_p")), bounded(r.get("loading")), num(vmap.get((r["construct"], r["indicator"]))),
                 r.get("verdict")] for r in recs]
        doc.table(["Construct", "Indicator", "Weight", "t", "p", "Loading", "VIF", "Verdict"], rows, "llrrrrrl")


def _pls_reliability(doc: _Doc, rel: pd.DataFrame) -> None:
    doc.h3("Internal consistency reliability and convergent validity")
    recs = _records(rel)
    vcols = [c for c in ("alpha_verdict", "rho_a_verdict", "rho_c_verdict", "ave_verdict") if c in rel.columns]
    refl = [r for r in recs if _text(r.get("mode")) == "reflective"]
    bad = [r for r in refl if _worst([r.get(c) for c in vcols]) in ("warn", "fail")]
    if refl and not bad:
        first = (f"Every reflective construct passes: Cronbach's α {_range([r['alpha'] for r in refl])}, "
                 f"ρA {_range([r['rho_a'] for r in refl])}, ρC {_range([r['rho_c'] for r in refl])}, "
                 f"AVE {_range([r['ave'] for r in refl])}.")
    elif refl:
        def issues(r):
            names = {"alpha_verdict": "α", "rho_a_verdict": "ρA", "rho_c_verdict": "ρC", "ave_verdict": "AVE"}
            stat = {"alpha_verdict": "alpha", "rho_a_verdict": "rho_a", "rho_c_verdict": "rho_c",
                    "ave_verdict": "ave"}
            return ", ".join(f"{names[c]} = {bounded(r.get(stat[c]))} ({r.get(c)})" for c in vcols
                             if _text(r.get(c)) in ("warn", "fail"))
        first = "Not every construct passes: " + "; ".join(f"{r['construct']}: {issues(r)}" for r in bad) + "."
    else:
        first = ""
    doc.p(first, f"Rule: {_rule(rel)}.",
          "Composite constructs get n/a (internal consistency does not apply to formative measurement)."
          if any(_text(r.get("mode")) != "reflective" for r in recs) else "")
    rows = [[r["construct"], integer(r.get("n_items")), bounded(r.get("alpha")), bounded(r.get("rho_a")),
             bounded(r.get("rho_c")), bounded(r.get("ave")), _worst([r.get(c) for c in vcols])] for r in recs]
    doc.table(["Construct", "Items", "Cronbach's α", "ρA", "ρC", "AVE", "Verdict"], rows, "lrrrrrl",
              note="Verdict: the worst of the four verdicts (pass / warn / fail) in `reliability.csv`.")


def _pls_discriminant(doc: _Doc, a: _Folder) -> None:
    doc.h3("Discriminant validity")
    fl = a.need("fornell_larcker.csv", ("construct", "verdict"))
    recs = _records(fl)
    failing = [r for r in recs if _text(r.get("verdict")) not in ("pass", "n/a")]
    if failing:
        fl_text = ("Fornell-Larcker criterion: not met for " + _list_words(
            [f"{r['construct']} (√AVE {bounded(r.get('sqrt_ave'))} vs r = {bounded(r.get('max_abs_corr'))} with "
             f"{r.get('max_corr_with')})" for r in failing]) + ".")
    else:
        fl_text = ("Fornell-Larcker criterion: for every construct the square root of its AVE exceeds its "
                   "correlations with the other constructs.")
    doc.p(fl_text, f"Rule: {_rule(fl)}.")
    names = [r["construct"] for r in recs]
    rows = []
    for i, r in enumerate(recs):
        row = [r["construct"]]
        for j, c in enumerate(names):
            v = r.get(c)
            row.append("" if j > i else (f"**{bounded(v)}**" if i == j else bounded(v)))
        rows.append(row)
    doc.table(["Construct", *names], rows, "l" + "r" * len(names),
              note="Diagonal (bold): square root of the AVE; below it: construct correlations.")

    ht = a.need("htmt.csv", ("construct_a", "construct_b", "htmt", "verdict"))
    hrec = _records(ht)
    upper = "upper_one_sided" in ht.columns
    bad = [r for r in hrec if _text(r.get("verdict")) in ("warn", "fail")]
    if bad:
        ht_text = "HTMT: " + _list_words([f"{r['construct_a']}–{r['construct_b']} ({r.get('verdict')})"
                                          for r in bad]) + " do not clearly pass."
    else:
        ht_text = (f"HTMT: every pair passes (HTMT {_range(ht['htmt'], num)}"
                   + (f", highest bootstrap upper bound {num(ht['upper_one_sided'].max())})." if upper else ")."))
    doc.p(ht_text, f"Rule: {_rule(ht)}.")
    rows = [[f"{r['construct_a']} – {r['construct_b']}", num(r.get("htmt")),
             num(r.get("upper_one_sided")) if upper else DASH, r.get("verdict")] for r in hrec]
    doc.table(["Pair", "HTMT", "95% upper bound", "Verdict"], rows, "lrrl",
              note="Upper bound: 95% quantile of the bootstrap draws (one-sided); HTMT can exceed 1, so it keeps its "
                   "leading zero.")

    cl = a.csv("cross_loadings.csv")
    if cl is not None and "flag" in cl.columns:
        flagged = [r for r in _records(cl) if _true(r.get("flag"))]
        if flagged:
            doc.p(f"Cross-loadings: {_plural(len(flagged), 'indicator')} load as high or higher on another construct: "
                  + _list_words([f"{r['indicator']} ({r.get('construct')}: own {bounded(r.get('own_loading'))}, "
                                 f"{r.get('max_other_construct')} {bounded(r.get('max_other'))})" for r in flagged])
                  + f". Rule: {_rule(cl)}.")
        else:
            doc.p(f"Cross-loadings: no indicator loads as high on another construct as on its own "
                  f"({_plural(len(cl), 'indicator')} checked). Rule: {_rule(cl)}.")

    vo = a.csv("vif_outer.csv")
    if vo is not None and not vo.empty:
        bad = [r for r in _records(vo) if _text(r.get("verdict")) in ("warn", "fail")]
        doc.p(f"Indicator collinearity: VIF {_range(vo['vif'], num)}"
              + (("; " + _list_words([f"{r['indicator']} {num(r.get('vif'))} ({r.get('verdict')})" for r in bad]))
                 if bad else ", all below the threshold")
              + f". Rule: {_rule(vo)}.")


def _pls_structural(doc: _Doc, a: _Folder, paths: pd.DataFrame) -> None:
    vi = a.need("vif_inner.csv", ("construct", "predictor", "vif"))
    doc.h3("Collinearity of the predictors")
    bad = [r for r in _records(vi) if _text(r.get("verdict")) in ("warn", "fail")]
    doc.p(f"Inner VIF values range {_range(vi['vif'], num)}"
          + ("; " + _list_words([f"{r['predictor']} → {r['construct']} {num(r.get('vif'))} ({r.get('verdict')})"
                                 for r in bad]) if bad else ", so collinearity does not bias the path coefficients")
          + f". Rule: {_rule(vi)}.")

    r2 = a.need("r2_assessment.csv", ("construct", "r2"))
    doc.h3("Coefficient of determination (R²)")
    sentences = []
    for r in _records(r2):
        preds = [str(p) for p in paths.loc[paths["to"] == r["construct"], "from"]]
        sentences.append(f"{_list_words(preds)} explain {percent(r['r2'])} of the variance of {r['construct']} "
                         f"(R² = {bounded(r['r2'])}, {r.get('wording', DASH)})")
    doc.p("; ".join(sentences) + ".", f"Rule: {_rule(r2)}.")
    rows = [[r["construct"], bounded(r.get("r2")), bounded(r.get("r2_adj")),
             ci(r.get("ci_low"), r.get("ci_high"), leading_zero=False), r.get("wording")] for r in _records(r2)]
    doc.table(["Construct", "R²", "Adjusted R²", "95% CI", "Wording"], rows, "lrrrl")

    f2 = a.csv("f2.csv")
    if f2 is not None and not f2.empty:
        doc.h3("Effect size (f²)")
        recs = _records(f2)
        doc.p("f² measures how much R² drops when one path is removed. "
              + _size_counts(recs), f"Rule: {_rule(f2)}.")
        rows = [[_arrow(r["from"], r["to"]), num(r.get("f2")), r.get("size")] for r in recs]
        doc.table(["Path", "f²", "Size"], rows, "lrl")

    q2 = a.csv("q2.csv")
    if q2 is not None and not q2.empty:
        doc.h3("Predictive relevance (Q², blindfolding)")
        recs = _records(q2)
        d = recs[0].get("distance")
        doc.p(("Every endogenous construct has Q² > 0, i.e. predictive relevance" if all(
            _text(r.get("verdict")) == "pass" for r in recs) else "Not every endogenous construct has Q² > 0")
              + f" (omission distance D = {integer(d)}).", f"Rule: {_rule(q2)}.")
        rows = [[r["construct"], bounded(r.get("q2")), r.get("size"), r.get("verdict")] for r in recs]
        doc.table(["Construct", "Q²", "Size", "Verdict"], rows, "lrll")

    pp = a.csv("plspredict.csv")
    if pp is not None and not pp.empty:
        doc.h3("Out-of-sample prediction (PLSpredict)")
        rows = []
        for c, grp in pp.groupby("construct", sort=False):
            n = len(grp)
            rows.append([c, integer(n), f"{integer(int((grp['q2_predict'] > 0).sum()))} of {integer(n)}",
                         f"{integer(int(grp['pls_beats_lm_rmse'].map(_true).sum()))} of {integer(n)}",
                         _range(grp["q2_predict"]), _text(grp["predictive_power"].iloc[0])])
        notes = _distinct(list(pp.get("note", [])))
        doc.p("Predictive power per endogenous construct: "
              + "; ".join(f"{r[0]} {r[5]}" for r in rows) + ".", f"Rule: {_rule(pp)}.")
        doc.table(["Construct", "Indicators", "Q²predict > 0", "PLS RMSE < LM", "Q²predict", "Predictive power"],
                  rows, "lrrrrl", note="; ".join(notes))

    mf = a.csv("model_fit.csv")
    if mf is not None and not mf.empty:
        doc.h3("Model fit")
        recs = {str(r["index"]): r for r in _records(mf)}
        fmt = {"SRMR": bounded, "NFI": bounded}
        label = {"chi2": "χ²"}
        parts = []
        for idx, op in (("SRMR", "<"), ("NFI", "≥")):
            if idx in recs:
                r = recs[idx]
                parts.append(f"{idx} = {bounded(r.get('estimated'))} ({r.get('verdict')}: {idx} {op} "
                             f"{_level(r.get('threshold'))})")
        for idx in ("d_ULS", "d_G"):
            if idx in recs:
                r = recs[idx]
                parts.append(f"{idx} = {num(r.get('estimated'))} ({r.get('verdict')}: bootstrap HI95 = "
                             f"{num(r.get('estimated_hi95'))})")
        doc.p("Estimated model: " + "; ".join(parts) + ".",
              "PLS-SEM fit indices are young and their thresholds disputed (Hair et al. 2022, ch. 6); they are "
              "reported, not used to reject the model.")
        rows = [[label.get(k, k), fmt.get(k, num)(r.get("saturated")), fmt.get(k, num)(r.get("estimated")),
                 num(r.get("estimated_hi95")), num(r.get("estimated_hi99")), _pretty(_text(r.get("rule"))),
                 r.get("verdict")] for k, r in recs.items()]
        doc.table(["Index", "Saturated", "Estimated", "HI95", "HI99", "Rule", "Verdict"], rows, "lrrrrll",
                  note="; ".join(_distinct(list(mf.get("note", []))) + _distinct(list(mf.get("reference", [])))))


def _size_counts(recs: list[dict]) -> str:
    counts: dict[str, int] = {}
    for r in recs:
        key = _text(r.get("size")) or DASH
        counts[key] = counts.get(key, 0) + 1
    if len(counts) == 1:
        return f"All {_plural(len(recs), 'effect')} are {next(iter(counts))}."
    return "Effect sizes: " + ", ".join(f"{integer(v)} {k}" for k, v in counts.items()) + "."


def _med_interval(med: pd.DataFrame) -> tuple[str, str, str]:
    rule = " ".join(_text(x) for x in med.get("rule", [])).lower()
    return ("bca_low", "bca_high", "BCa") if "bca" in rule else ("ci_low", "ci_high", "percentile")


def _pls_mediation(doc: _Doc, a: _Folder, med: pd.DataFrame | None) -> None:
    if med is None:
        doc.p("No mediation table (`mediation.csv`): mediation needs a bootstrap (run with --boot 5000).")
        return
    if med.empty:
        doc.p("The model has no mediator, so there is no indirect effect to test.")
        return
    lo, hi, kind = _med_interval(med)
    recs = _records(med)
    sig = sum(_true(r.get("indirect_significant")) for r in recs)
    types: dict[str, int] = {}
    for r in recs:
        types[_text(r.get("zhao_type"))] = types.get(_text(r.get("zhao_type")), 0) + 1
    doc.p(f"{_plural(len(recs), 'specific indirect effect')} (every chain through one or more mediators) "
          f"{'was' if len(recs) == 1 else 'were'} tested; {integer(sig)} {'is' if sig == 1 else 'are'} "
          "significant. Types: " + ", ".join(f"{integer(v)} {k}" for k, v in types.items()) + ".",
          f"Rule: {_rule(med)}.")
    rows = []
    for r in recs:
        direct = (f"{bounded(r.get('direct'))} ({p_phrase(r.get('direct_p'))})"
                  if not _missing(r.get("direct_p")) else "no direct path")
        rows.append([_pretty(_text(r.get("chain"))), bounded(r.get("estimate")), num(r.get("t")), pval(r.get("p")),
                     ci(r.get(lo), r.get(hi), leading_zero=False), direct, r.get("zhao_type")])
    no_direct = any(_missing(r.get("direct_p")) for r in recs)
    doc.table(["Chain", "Indirect effect", "t", "p", f"95% CI ({kind})", "Direct effect", "Zhao type"], rows,
              "lrrrrll", note="No direct path: the model has no path from the first to the last construct of the "
                              "chain, so the direct effect is 0 by construction." if no_direct else "")
    doc.bullets([f"**{_pretty(_text(r.get('chain')))}** — {r.get('mediation')}. {_text(r.get('reasoning'))}"
                 for r in recs])


def _pls_hypotheses(doc: _Doc, a: _Folder, paths: pd.DataFrame, hyp: pd.DataFrame,
                    med: pd.DataFrame | None) -> None:
    support = {(str(r["from"]), str(r["to"])): r for r in _records(hyp)}
    rows, verdicts = [], []
    k = 0
    for r in _records(paths):
        k += 1
        h = support.get((str(r["from"]), str(r["to"])), {})
        ok = _true(h.get("supported")) if h else None
        decision = DASH if ok is None or _missing(h.get("supported")) else ("supported" if ok else "not supported")
        rows.append([f"H{k}", _arrow(r["from"], r["to"]), bounded(r.get("estimate")), num(r.get("t")),
                     pval(r.get("p")), ci(r.get("ci_low"), r.get("ci_high"), leading_zero=False), decision])
        verdicts.append((f"H{k}", _arrow(r["from"], r["to"]), decision, r))
    med_rule = ""
    if med is not None and not med.empty:
        lo, hi, kind = _med_interval(med)
        for r in _records(med):
            k += 1
            decision = "supported" if _true(r.get("indirect_significant")) else "not supported"
            label = _pretty(_text(r.get("chain"))) + " (indirect)"
            rows.append([f"H{k}", label, bounded(r.get("estimate")), num(r.get("t")), pval(r.get("p")),
                         ci(r.get(lo), r.get(hi), leading_zero=False), decision])
            verdicts.append((f"H{k}", label, decision, r))
        med_rule = f"an indirect effect when its 95% {kind} interval excludes 0 (Zhao et al. 2010)"
    n_sup = sum(v[2] == "supported" for v in verdicts)
    rejected = [v for v in verdicts if v[2] == "not supported"]
    summary = (f"All {_plural(len(verdicts), 'hypothesis', 'hypotheses')} are supported" if n_sup == len(verdicts)
               else f"{integer(n_sup)} of {_plural(len(verdicts), 'hypothesis', 'hypotheses')} "
                    f"{'is' if n_sup == 1 else 'are'} supported")
    if rejected:
        summary += "; not supported: " + "; ".join(
            f"{h} ({label}: β = {bounded(r.get('estimate'))}, t = {num(r.get('t'))}, {p_phrase(r.get('p'))})"
            for h, label, _, r in rejected)
    doc.p(f"Hypotheses are numbered in the order of the model's paths, then its indirect effects. A direct effect is "
          f"supported when {_rule(hyp)}" + (f"; {med_rule}" if med_rule else "") + ".", summary + ".")
    doc.table(["Hypothesis", "Path", "β", "t", "p", "95% CI", "Decision"], rows, "llrrrrl",
              note="β: standardized path coefficient (indirect: product of the paths); t and p from the bootstrap "
                   "standard error; CI: bootstrap percentile interval" + (" (indirect: as in section Mediation)"
                                                                          if med_rule else "") + ".")
    diagram = a.path.parent / "figures" / "path_diagram.png"
    if diagram.is_file():
        doc.p(f"![Path diagram]({doc.link(diagram)})")


def _pls_cbsem(doc: _Doc, cb: _Folder) -> list[str]:
    run = cb.json("run.json")
    warnings = [str(w) for w in run.get("warnings", [])] + [str(n) for n in run.get("notes", [])]
    wcsv = cb.csv("warnings.csv")
    if wcsv is not None and "message" in wcsv.columns:
        warnings += [_text(m) for m in wcsv["message"] if _text(m)]
    if run.get("skipped"):
        doc.p("The covariance-based cross-check was skipped: " + "; ".join(str(n) for n in run.get("notes", []))
              + ".")
        return warnings
    doc.p(f"The same model was estimated as a covariance-based SEM ({run.get('kind', 'sem').upper()}, "
          f"{run.get('estimator', 'ML')}, semopy {run.get('semopy', '')}) on n = {integer(run.get('n'))} "
          + (f"complete cases ({integer(run.get('n_dropped'))} dropped listwise)" if run.get("n_dropped")
             else "cases")
          + (", converged." if run.get("converged") else ", **not converged**: read its numbers with care."),
          "CB-SEM assumes common factors while PLS-SEM estimates composites, so loadings differ by design; the check "
          "is whether the structural conclusions agree.")
    fit = cb.csv("fit.csv", ("index", "value"))
    if fit is not None and not fit.empty:
        f = {str(r["index"]): r for r in _records(fit)}
        rows = []
        if "chisq" in f:
            r = f["chisq"]
            p = f.get("pvalue", {}).get("value")
            rows.append([f"χ²({integer(f.get('df', {}).get('value'))})", num(r.get("value")),
                         f"p = {pval(p)}" if not _missing(p) else DASH, _pretty(_text(r.get("threshold"))),
                         _text(r.get("verdict"))])
        for idx, label in (("cfi", "CFI"), ("tli", "TLI"), ("nfi", "NFI"), ("rmsea", "RMSEA"), ("srmr", "SRMR")):
            if idx in f:
                r = f[idx]
                extra = DASH
                if idx == "rmsea" and "rmsea_ci_lower" in f:
                    extra = "90% CI " + ci(f["rmsea_ci_lower"].get("value"), f["rmsea_ci_upper"].get("value"),
                                           leading_zero=False)
                rows.append([label, bounded(r.get("value")), extra, _pretty(_text(r.get("threshold"))),
                             _text(r.get("verdict"))])
        doc.table(["Index", "Value", "p / interval", "Criterion", "Verdict"], rows, "lrlll",
                  note="Conventions (lavaan's χ² = N·F_ML, RMSEA with N) and the semopy variants are in "
                       f"`{doc.link(cb.path / 'fit.csv')}`; criteria: Hu & Bentler (1999), Bentler & Bonett (1980).")
    comp = cb.csv("comparison.csv")
    if comp is not None and not comp.empty and "kind" in comp.columns:
        recs = _records(comp)
        pth = [r for r in recs if _text(r.get("kind")) == "path"]
        diff = [r for r in pth if _true(r.get("sign_differs")) or _true(r.get("significance_differs"))]
        text = (f"Of {_plural(len(pth), 'path')}, {integer(len(diff)) if diff else 'none'} "
                f"{'differ' if len(diff) > 1 else 'differs'} between PLS-SEM and CB-SEM in sign or significance")
        if diff:
            text += ": " + "; ".join(
                f"{_arrow(r['from'], r['to'])} (PLS β = {bounded(r.get('pls_estimate'))}, "
                f"{'significant' if _true(r.get('pls_significant')) else 'not significant'}; CB-SEM β = "
                f"{bounded(r.get('cb_std'))}, {p_phrase(r.get('cb_p'))}, "
                f"{'significant' if _true(r.get('cb_significant')) else 'not significant'})" for r in diff)
        text += "."
        lds = [r for r in recs if _text(r.get("kind")) == "loading"]
        only_cb = [r for r in lds if _missing(r.get("pls_estimate"))]
        ldiff = [r for r in lds if _true(r.get("sign_differs")) or _true(r.get("significance_differs"))]
        extra = ""
        if lds:
            extra = (f"Loadings: {integer(len(ldiff))} of {integer(len(lds) - len(only_cb))} differ in sign or "
                     "significance.")
        if only_cb:
            extra += (" The CB-SEM model keeps " + _list_words([str(r["to"]) for r in only_cb])
                      + ", which the PLS item purification removed.")
        doc.p(text, extra, f"Rule: {_rule(comp)}.")
        rows = [[_arrow(r["from"], r["to"]), bounded(r.get("pls_estimate")), pval(r.get("pls_p")),
                 bounded(r.get("cb_std")), pval(r.get("cb_p")),
                 "yes" if _true(r.get("sign_differs")) else "no",
                 "yes" if _true(r.get("significance_differs")) else "no"] for r in pth]
        doc.table(["Path", "PLS β", "PLS p", "CB-SEM β (std.all)", "CB-SEM p", "Sign differs",
                   "Significance differs"], rows, "lrrrrll")
    if warnings:
        doc.p("CB-SEM warnings and notes: " + "; ".join(dict.fromkeys(warnings)) + ".")
    return warnings


# --------------------------------------------------------------------------------------------------------------
# regression (SPSS style)


def _regression(doc: _Doc, heading: str, a: _Folder, cleaning: _Folder | None) -> None:
    run = a.json("run.json")
    opts = run.get("options") or {}
    warnings: list[str] = list(run.get("warnings", []))
    doc.h1(heading)
    doc.p("*Provenance:* " + "; ".join([
        f"surveysem {run.get('surveysem', __version__)}",
        _input(run, "data", "data"), _input(run, "model", "model"),
        "equation" + ("s " if len(run.get("equations", [])) != 1 else " ")
        + ", ".join(f"`{e}`" for e in run.get("equations", [])),
        f"scores: {opts.get('score', DASH)} of the items",
        f"α = {_level(opts.get('alpha'))}, {_tails(opts.get('tails', 2))} partial t tests"]) + ".")

    doc.h2("Sample and data cleaning")
    dropped = run.get("rows_dropped") or []
    miss = (f"Listwise deletion (as SPSS) removed {_plural(len(dropped), 'row')} with a missing item "
            f"(row{'s' if len(dropped) != 1 else ''} {', '.join(str(r) for r in dropped)}), so n = "
            f"{integer(run.get('n_used'))}." if dropped else
            f"No row had a missing item; n = {integer(run.get('n_used'))}.")
    warnings += _cleaning_section(doc, cleaning, run.get("n_used"), miss)

    doc.h2("Instrument validity and reliability")
    iv = a.need("item_validity.csv", ("variable", "item", "r_used", "r_table", "valid"))
    recs = _records(iv)
    r0 = recs[0] if recs else {}
    crit = _text(r0.get("criterion"))
    crit_words = {"corrected": "the corrected item-total correlation (SPSS RELIABILITY)",
                  "pearson": "the Pearson correlation of the item with the total score"}.get(crit, crit)
    invalid = [r for r in recs if not _true(r.get("valid"))]
    doc.p(f"An item is valid when its r hitung, {crit_words}, exceeds r tabel = {bounded(r0.get('r_table'))} "
          f"(df = n − 2 = {integer(r0.get('df'))}, α = {_level(r0.get('alpha'))} {_tails(r0.get('tails'))}; "
          "Sugiyono 2015).",
          f"All {_plural(len(recs), 'item')} are valid (r {_range(iv['r_used'])})." if not invalid else
          f"{_plural(len(invalid), 'item')} {'is' if len(invalid) == 1 else 'are'} not valid: "
          + _list_words([f"{r['item']} (r = {bounded(r.get('r_used'))})" for r in invalid]) + ".")
    rows = [[r["variable"], r["item"], bounded(r.get("r_item_total")), bounded(r.get("r_corrected")),
             bounded(r.get("r_table")), "valid" if _true(r.get("valid")) else "not valid"] for r in recs]
    doc.table(["Variable", "Item", "r item-total", "r corrected", "r table", "Decision"], rows, "llrrrl",
              note=f"Decision on the {crit or 'chosen'} correlation.")
    rel = a.need("reliability.csv", ("variable", "cronbach_alpha", "reliable"))
    rrec = _records(rel)
    unrel = [r for r in rrec if not _true(r.get("reliable"))]
    doc.p(("Every variable is reliable" if not unrel else
           "Not reliable: " + _list_words([str(r["variable"]) for r in unrel]))
          + f" (Cronbach's α {_range(rel['cronbach_alpha'])}). Rule: {_rule(rel)}.")
    rows = [[r["variable"], integer(r.get("n_items")), bounded(r.get("cronbach_alpha")),
             ci(r.get("ci_low"), r.get("ci_high"), leading_zero=False),
             "reliable" if _true(r.get("reliable")) else "not reliable"] for r in rrec]
    doc.table(["Variable", "Items", "Cronbach's α", "95% CI (Feldt)", "Decision"], rows, "lrrrl")

    doc.h2("Descriptive statistics")
    desc = a.need("descriptives.csv", ("variable", "mean", "sd"))
    cats = a.csv("categories.csv")
    catmap = {}
    if cats is not None and "level" in cats.columns:
        catmap = {r["variable"]: r for r in _records(cats[cats["level"].astype(str) == "variable"])}
    rows = []
    for r in _records(desc):
        c = catmap.get(r["variable"], {})
        rows.append([r["variable"], integer(r.get("n")), _whole(r.get("min")), _whole(r.get("max")), num(r.get("mean")),
                     num(r.get("sd")), num(c.get("mean")), _text(c.get("category")) or DASH])
    doc.p(f"Composite scores are the {opts.get('score', 'sum')} of each variable's items; the category of a "
          "variable is that of its mean item score.",
          f"Bands: {_rule(cats)}." if cats is not None else "")
    doc.table(["Variable", "n", "Min", "Max", "Mean", "SD", "Mean item score", "Category"], rows, "lrrrrrrl",
              note="SD with n − 1.")
    bands = a.csv("category_bands.csv")
    if bands is not None and not bands.empty:
        doc.p("Category bands: " + "; ".join(
            f"{num(r.get('lower'), 2)}–{num(r.get('upper'), 2)} {r.get('label')} ({r.get('label_id')})"
            for r in _records(bands)) + ". Item-level categories are in "
            f"`{doc.link(a.path / 'categories.csv')}`.")

    doc.h2("Classic assumption tests")
    asm = a.need("assumptions.csv", ("test", "statistic", "p", "decision"))
    arec = _records(asm)
    rows = []
    for r in arec:
        stat = f"{_text(r.get('statistic_name'))} = {num(r.get('statistic'))}"
        if _text(r.get("df")):
            stat += f" (df {_text(r.get('df'))})"
        rows.append([_text(r.get("test")), _text(r.get("predictor")) or DASH, stat, pval(r.get("p")),
                     _text(r.get("decision")), _text(r.get("convention"))])
    doc.p("Each test is decided at α = " + _level(opts.get("alpha", 0.05))
          + " (Ghozali 2018): residuals normal when p > α, linear when the deviation from linearity has p > α, no "
          "multicollinearity when tolerance > 0.10 and VIF < 10, no heteroskedasticity when p > α.",
          _assumption_summary(arec))
    doc.table(["Test", "Predictor", "Statistic", "p", "Decision", "Convention"], rows, "llrrll")
    notes = [f"{r.get('test')}: {r.get('note')}" for r in arec if _text(r.get("note"))]

    corr = a.csv("correlations.csv")
    if corr is not None and not corr.empty:
        doc.h2("Correlations")
        rows = [[f"{r['var1']} – {r['var2']}", integer(r.get("n")), bounded(r.get("r")), pval(r.get("p")),
                 r.get("strength")] for r in _records(corr)]
        doc.p(f"Pearson correlations (two-tailed p). Strength: {_rule(corr)}.")
        doc.table(["Pair", "n", "r", "p", "Strength"], rows, "lrrrl")

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
        rows = [[r["term"], num(r.get("b")), num(r.get("se")), bounded(r.get("beta")), num(r.get("t")),
                 pval(r.get("p")), num(r.get("tolerance"), 3), num(r.get("vif"))] for r in c]
        doc.table(["Term", "B", "SE", "Beta", "t", "p", "Tolerance", "VIF"], rows, "lrrrrrrr",
                  note=f"Dependent variable: {dep}. p two-tailed as SPSS prints it; the hypothesis tests below use "
                       f"{_tails(opts.get('tails', 2))} p.")

    sr = a.csv("simple_regressions.csv")
    if sr is not None and not sr.empty:
        doc.h2("Simple linear regressions")
        recs = _records(sr)
        doc.p("One equation per predictor, Y = a + bX (Sugiyono 2015), beside the multiple regression. "
              "KD = r² × 100% (coefficient of determination).")
        rows = [[_text(r.get("equation")), bounded(r.get("r")), bounded(r.get("r2")), percent(r.get("r2")),
                 num(r.get("t")), pval(r.get("p")), r.get("strength")] for r in recs]
        doc.table(["Equation", "r", "r²", "KD", "t", "p", "Strength"], rows, "lrrrrrl",
                  note="p two-tailed.")

    medf = a.csv("mediation.csv")
    if medf is not None and not medf.empty:
        doc.h2("Mediation by regression")
        rows = [[_arrow(r.get("x"), r.get("m"), r.get("y")), _text(r.get("effect")), num(r.get("estimate")),
                 num(r.get("se")), f"{_text(r.get('statistic_name'))} = {num(r.get('statistic'))}",
                 pval(r.get("p")), ci(r.get("ci_low"), r.get("ci_high")), _text(r.get("method"))]
                for r in _records(medf)]
        doc.p("Baron & Kenny steps, Sobel test and percentile bootstrap of a·b (Hayes model 4); the steps are in "
              f"`{doc.link(a.path / 'mediation_steps.csv')}`.")
        doc.table(["Chain", "Effect", "Estimate", "SE", "Statistic", "p", "95% CI", "Method"], rows, "llrrrrrl")
        notes += [f"mediation: {r.get('note')}" for r in _records(medf) if _text(r.get("note"))]

    doc.h2("Hypotheses")
    hyp = a.need("hypotheses.csv", ("hypothesis", "statement", "decision"))
    hrec = _records(hyp)
    acc = sum(_text(r.get("decision")) == "accepted" for r in hrec)
    doc.p(f"A partial hypothesis is accepted when t hitung > t tabel (equivalently p < α); the simultaneous one when "
          f"F hitung > F tabel (Ghozali 2018). "
          + (f"All {_plural(len(hrec), 'hypothesis', 'hypotheses')} are accepted." if acc == len(hrec) else
             f"{integer(acc)} of {_plural(len(hrec), 'hypothesis', 'hypotheses')} "
             f"{'is' if acc == 1 else 'are'} accepted."))
    rows = [[r["hypothesis"], _text(r.get("statement")), _text(r.get("test")), num(r.get("statistic")),
             num(r.get("critical")), pval(r.get("p")), _text(r.get("decision"))] for r in hrec]
    doc.table(["Hypothesis", "Statement", "Test", "Statistic", "Critical value", "p", "Decision"], rows, "lllrrrl",
              note=f"p {_tails(opts.get('tails', 2))} for the partial t tests.")
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
    _files(doc, [f for f in (cleaning, a) if f is not None])


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


# --------------------------------------------------------------------------------------------------------------
# live-commerce sessions


def _rupiah(x, decimals: int = 0) -> str:
    if _missing(x):
        return DASH
    v = float(x)
    s = f"{abs(v):,.{decimals}f}"
    return ("−" if v < 0 else "") + "Rp" + s


def _sessions(doc: _Doc, heading: str, a: _Folder) -> None:
    run = a.json("run.json")
    opts = run.get("options") or {}
    doc.h1(heading)
    anchor = {"data": "the last session in the file, the same days for every account",
              "account": "each account's own last session"}.get(run.get("anchor"), str(run.get("anchor")))
    doc.p("*Provenance:* " + "; ".join([
        f"surveysem {run.get('surveysem', __version__)}", _input(run, "data", "data", "source"),
        f"bootstrap B = {integer(opts.get('boot'))}, seed {opts.get('seed')}",
        f"{num(100 * float(opts.get('level', 0.95)), 0)}% percentile intervals (accounts resampled)"]) + ".")

    doc.h2("Sessions and accounts")
    doc.p(f"The file holds {_plural(run.get('n_sessions', 0), 'live session')} of "
          f"{_plural(run.get('n_accounts', 0), 'account')}. Accounts are compared over a window of "
          f"{integer(run.get('window'))} days ending {run.get('window_end')} (anchor: {anchor}); "
          f"{_plural(run.get('n_in_window', 0), 'session')} fall in it.")
    acc = a.need("accounts.csv", ("account", "sessions", "gmv_mean"))
    recs = sorted(_records(acc), key=lambda r: (-float(r.get("sessions") or 0), str(r["account"])))
    rows = [[r["account"], integer(r.get("sessions")), num(r.get("sessions_per_week"), 2), _rupiah(r.get("gmv_mean")),
             _rupiah(r.get("gmv_median")), num(r.get("viewers_mean"), 1) if _missing(r.get("viewers_mean")) else
             f"{float(r['viewers_mean']):,.1f}", _rupiah(r.get("gmv_per_viewer"), 1),
             num(r.get("orders_per_1000_viewers"))] for r in recs]
    acc_notes = [f"{r['account']}: {r.get('note')}" for r in recs if _text(r.get("note"))]
    doc.table(["Account", "Sessions", "Sessions/week", "Mean GMV/session", "Median GMV/session", "Viewers/session",
               "GMV/viewer", "Orders/1,000 viewers"], rows, "lrrrrrrr",
              note="Sessions in the window, most active account first; GMV in rupiah. " + "; ".join(acc_notes))

    doc.h2("Session frequency and sales")
    corr = a.need("correlations.csv", ("x", "y", "method", "estimate", "p", "ci_low", "ci_high"))
    crec = _records(corr)
    doc.p("Rank correlations across accounts between the number of sessions in the window and the mean GMV per "
          "session (the comparison the hypothesis below tests) and the total GMV; intervals from the percentile "
          "bootstrap over accounts.")
    words = {"gmv_mean": "mean GMV per session", "gmv_total": "total GMV", "sessions": "sessions"}
    rows = [[f"{words.get(r['x'], r['x'])} – {words.get(r['y'], r['y'])}", _text(r.get("method")).capitalize(),
             bounded(r.get("estimate")), pval(r.get("p")), ci(r.get("ci_low"), r.get("ci_high"), leading_zero=False),
             integer(r.get("n"))] for r in crec]
    cnotes = list(dict.fromkeys(_text(r.get("note")) for r in crec if _text(r.get("note"))))
    doc.table(["Pair", "Method", "Estimate", "p", "95% CI", "n"], rows, "llrrrr", note="; ".join(cnotes))

    reg = a.need("regression.csv", ("term", "b", "p"))
    fit = _records(a.need("regression_fit.csv", ("dependent", "r2")))
    f = fit[0] if fit else {}
    doc.p(f"Log-log regression {_text(f.get('dependent'))} ~ {_text(f.get('predictors'))} with "
          f"{_text(f.get('se_type')) or 'HC3'} standard errors (n = {integer(f.get('n'))}, df = "
          f"{integer(f.get('df_resid'))}; R² = {bounded(f.get('r2'))}, adjusted R² = {bounded(f.get('adj_r2'))}): "
          "the slope of log sessions is the elasticity of GMV per session with respect to session frequency, "
          "holding viewers per session fixed.")
    rows = [[r["term"], num(r.get("b")), num(r.get("se_hc3")), num(r.get("t")), pval(r.get("p")),
             ci(r.get("ci_low"), r.get("ci_high"))] for r in _records(reg)]
    doc.table(["Term", "b", "SE (HC3)", "t", "p", "95% CI"], rows, "lrrrrr",
              note=_text(f.get("note")) + (" " if _text(f.get("note")) else "")
              + "t tests and intervals on n − k degrees of freedom.")

    doc.h2("Hypothesis")
    hyp = a.need("hypotheses.csv", ("hypothesis", "statement", "verdict", "reason"))
    hrec = _records(hyp)
    rows = [[r["hypothesis"], _text(r.get("test")), bounded(r.get("estimate")),
             ci(r.get("ci_low"), r.get("ci_high"), leading_zero=False), pval(r.get("p")), integer(r.get("n")),
             _text(r.get("verdict"))] for r in hrec]
    for r in hrec:
        doc.p(f"**{r['hypothesis']}.** {_text(r.get('statement'))}")
    doc.table(["Hypothesis", "Test", "Estimate", "95% CI", "p", "n", "Verdict"], rows, "llrrrrl")
    doc.bullets([f"**{r['hypothesis']}: {_text(r.get('verdict'))}.** {_text(r.get('reason'))}" for r in hrec])

    figs = _figures(doc, a.path / "figures", {
        "frequency_vs_gmv": "sessions vs mean GMV per session (log-log, accounts labelled)",
        "gmv_by_account": "GMV of every session in the window by account",
        "weekly_sessions": "live sessions per week (dashed line: window start)"})
    if figs:
        doc.h2("Figures")
        doc.bullets(figs)
    doc.h2("Warnings")
    _warnings(doc, list(run.get("warnings", [])), _table_notes(a, ["regression_fit.csv"]))
    doc.h2("Files")
    _files(doc, [a])


# --------------------------------------------------------------------------------------------------------------
# thematic coding


def _coding(doc: _Doc, heading: str, a: _Folder) -> None:
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
    rows = [[r["theme"], _text(r.get("label")), _text(r.get("definition")) or DASH] for r in _records(cb)]
    doc.table(["Theme", "Label", "Definition"], rows, "lll")
    cases = a.csv("cases.csv")
    if cases is not None and not cases.empty and "case" in cases.columns:
        cols = list(cases.columns)
        doc.table([c.replace("_", " ").capitalize() for c in cols],
                  [[_text(r.get(c)) or DASH for c in cols] for r in _records(cases)], "l" * len(cols))

    doc.h2("Case × theme matrix")
    mc = a.need("matrix_counts.csv", ("case",))
    themes = [str(t) for t in cb["theme"] if str(t) in mc.columns]
    doc.p("Number of distinct coded segments per case and theme (0: theme absent in the case). The audit table "
          f"`{doc.link(a.path / 'audit.csv')}` lists the segment behind each cell: case, theme, segment id, "
          "source, the excerpt and its row in the segments file.")
    extra = [c for c in ("themes_present", "segments") if c in mc.columns]
    rows = [[r["case"], *[integer(r.get(t)) for t in themes], *[integer(r.get(c)) for c in extra]]
            for r in _records(mc)]
    doc.table(["Case", *themes, *[{"themes_present": "Themes", "segments": "Segments"}[c] for c in extra]], rows,
              "l" + "r" * (len(themes) + len(extra)))

    doc.h2("Prevalence of the themes")
    pv = a.need("prevalence.csv", ("theme", "cases_with_theme", "rank"))
    precs = sorted(_records(pv), key=lambda r: (float(r.get("rank") or 0), str(r["theme"])))
    top = [r for r in precs if precs and r.get("rank") == precs[0].get("rank")]
    doc.p("Themes ranked by the number of cases in which they occur (ties share a rank). Most prevalent: "
          + _list_words([f"{r['theme']} {_text(r.get('label'))} ({integer(r.get('cases_with_theme'))} of "
                         f"{integer(r.get('n_cases'))} cases)" for r in top]) + ".")
    rows = [[integer(r.get("rank")), r["theme"], _text(r.get("label")),
             f"{integer(r.get('cases_with_theme'))} of {integer(r.get('n_cases'))}", percent(r.get("share_of_cases")),
             percent(r.get("share_of_coded_cases")), integer(r.get("segments")), _text(r.get("cases"))]
            for r in precs]
    doc.table(["Rank", "Theme", "Label", "Cases", "Share of cases", "Share of coded cases", "Segments",
               "Cases with the theme"], rows, "rllrrrrl")

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
        rows = [[r["theme"], integer(r.get("n_segments")), bounded(r.get("p_observed")),
                 bounded(r.get("p_expected")), bounded(r.get("kappa")), _text(r.get("interpretation"))]
                for r in arec]
        overall = next((r for r in arec if str(r["theme"]) == "overall"), None)
        doc.p((f"Pooled Cohen's κ = {bounded(overall.get('kappa'))} ({overall.get('interpretation')}; "
               "Landis & Koch 1977)." if overall else ""),
              "κ = (p_o − p_e)/(1 − p_e) (Cohen 1960), pooled over themes as De Vries et al. (2008).")
        doc.table(["Theme", "Segments", "p_o", "p_e", "κ", "Interpretation"], rows, "lrrrrl",
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
