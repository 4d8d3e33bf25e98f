"""Sections every kind shares: sample and cleaning (pls, regression), warnings, figures and the Files section."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ...i18n import _, value
from ...kinds import FILE_NOTES  # one-line descriptions of each step's tidy files, for the Files section
from ..folder import ResultsFolder
from .document import Doc, Figure, _distinct, _list_words, _oneline, _plural, _text, integer, view


@dataclass(frozen=True)
class StudyFolders:
    """The folders one summary is written from: the analysis step's, and the cleaning, CB-SEM, describe and
    multigroup ones if any."""

    analysis: ResultsFolder
    cleaning: ResultsFolder | None = None
    cbsem: ResultsFolder | None = None
    describe: ResultsFolder | None = None
    mga: ResultsFolder | None = None


def _figures(doc: Doc, folder: Path, captions: dict[str, str] | None = None,
             titles: dict[str, str] | None = None) -> list[Figure]:
    """The PNG figures of a folder (sorted by name), each printed as a link in a list; ``titles`` gives a figure a
    caption of its own in Word and HTML (the link keeps ``captions`` or the file name)."""
    if not folder.is_dir():
        return []
    items = []
    for f in sorted(folder.glob("*.png")):
        caption = (captions or {}).get(f.stem) or _(f.stem.replace("_", " "))
        title = (titles or {}).get(f.stem)
        items.append(Figure(f, _(title) if title else caption, f"[{caption}]({doc.link(f)})"))
    return items


def _files(doc: Doc, folders: list[ResultsFolder]) -> None:
    """The Files section: every tidy file of the folders with its one-line description."""
    for folder in folders:
        names = sorted(p.name for p in folder.path.iterdir() if p.is_file() and not p.name.startswith(".")
                       and not (p.suffix == ".svg" and p.with_suffix(".png").is_file()))
        items: list[str | Figure] = []
        for name in names:
            note = FILE_NOTES.get(folder.step, {}).get(name, "")
            text = f"[{doc.link(folder.path / name)}]({doc.link(folder.path / name)})" + (f" — {_(note)}" if note else "")
            if name.endswith(".png"):  # a figure of the step (cbsem/comparison.png): Word and HTML show it
                caption = _(note.removesuffix(" (figure)")) if note else _(Path(name).stem.replace("_", " "))
                items.append(Figure(folder.path / name, caption, text))
            else:
                items.append(text)
        if (folder.path / "figures").is_dir():
            items.append(f"[{doc.link(folder.path / 'figures')}/]({doc.link(folder.path / 'figures')}/) — "
                         + _("figures (PNG and SVG)"))
        if items:
            doc.p(f"**{folder.step}** (`{doc.link(folder.path)}/`):")
            doc.bullets(items)


def _warnings(doc: Doc, warnings: list[str], notes: list[str]) -> None:
    warnings = list(dict.fromkeys(value(_oneline(w)) for w in warnings if _text(w)))
    notes = _distinct(notes)
    if warnings:
        doc.p(_("Warnings raised while the results were computed (from `run.json`, `cleaning_counts.json` and "
                "`warnings.csv`):"))
        doc.bullets(warnings)
    else:
        doc.p(_("No step raised a warning."))
    if notes:
        doc.p(_("Notes attached to the tables (`note` columns), stating conventions and special cases:"))
        doc.bullets(notes)


def _table_notes(folder: ResultsFolder, names: list[str]) -> list[str]:
    notes = []
    for name in names:
        df = folder.csv(name)
        if df is None or df.empty or "note" not in df.columns:
            continue
        for n in dict.fromkeys(_text(x) for x in df["note"]):
            if n:
                notes.append(f"`{name}`: {value(n)}")
    return notes


def _cleaning_section(doc: Doc, cleaning: ResultsFolder | None, n_used: int | None, missing_text: str) -> list[str]:
    """Sample flow; returns the cleaning warnings."""
    warnings: list[str] = []
    if cleaning is None:
        doc.p(_("No cleaning folder was given, so the sample flow before estimation is not reported."), missing_text)
        return warnings
    counts = cleaning.json("cleaning_counts.json")
    warnings += [str(w) for w in counts.get("warnings", [])]  # translated by _warnings
    read, kept = counts.get("rows_read"), counts.get("rows_clean")
    excluded = counts.get("rows_excluded", 0) or 0
    ex = cleaning.csv("excluded_rows.csv")
    flags = cleaning.csv("flags.csv")
    reasons = _exclusion_reasons(ex)
    first = (_("The survey file held {responses}; ", responses=_plural(read, "response"))
             + ((_("{rows} was excluded in cleaning ({reasons}), ", rows=_plural(excluded, "row"), reasons=reasons) if excluded == 1 else
                 _("{rows} were excluded in cleaning ({reasons}), ", rows=_plural(excluded, "row"), reasons=reasons))
                if excluded else _("no row was excluded in cleaning, "))
             + _("leaving {n} for the analysis.", n=integer(kept)))
    flagged = []
    if flags is not None and not flags.empty and {"rule", "action"} <= set(flags.columns):
        kept_flags = flags[flags["action"].astype(str) == "kept"]
        for rule, grp in kept_flags.groupby("rule", sort=False):
            one, many = _RULE_WORDS.get(str(rule), f"{rule}|{rule}").split("|")
            rows = ", ".join(str(int(r)) for r in grp["row"].head(10))
            more = _(" and {n} more", n=len(grp) - 10) if len(grp) > 10 else ""
            flagged.append(_("{n} {what} (rows {rows}{more})" if len(grp) > 1 else "{n} {what} (row {rows}{more})",
                             n=integer(len(grp)), what=_(one if len(grp) == 1 else many), rows=rows, more=more))
    flag_text = (_("Flagged but kept: {flagged}; see `{path}`.", flagged=_list_words(flagged),
                   path=doc.link(cleaning.path / "flags.csv")) if flagged else "")
    marker = counts.get("missing_marker_cells", 0) or 0
    empty = counts.get("empty_cells", 0) or 0
    oor = counts.get("out_of_range_cells", 0) or 0
    cells = []
    if marker:
        cells.append(_("{answers} coded as missing", answers=_plural(marker, "answer")))
    if empty:
        cells.append(f"{_plural(empty, 'empty cell')}")
    if oor:
        cells.append(_("{answers} set missing", answers=_plural(oor, "out-of-range answer")))
    cell_text = _("The file had {cells}.", cells=_list_words(cells)) if cells else _("The file had no missing answer.")
    doc.p(first, flag_text, cell_text, missing_text)
    doc.p(*_reading_sentences(doc, cleaning, counts))
    if ex is not None and not ex.empty:
        more = _("{n} more rows in `{path}`.", n=len(ex) - 15, path=doc.link(cleaning.path / "excluded_rows.csv")) \
            if len(ex) > 15 else ""
        doc.table(view("cleaning", "excluded_rows"), ex.head(15),
                  note=_("Row numbers are the data file's, header = row 1.") + f" {more}")
    doc.p(_("The cleaning rules and counts are in `{path}`.", path=doc.link(cleaning.path / "cleaning_report.md"))
          if cleaning.has("cleaning_report.md") else "")
    return warnings


def _reading_sentences(doc: Doc, cleaning: ResultsFolder, counts: dict) -> list[str]:
    """How the export was read, when the cleaning step recorded it: the item columns found by their question-text
    headers (``columns.csv``), the text answers recoded with a label set, the identifying columns dropped (their
    names only) and the time stamps a duplicate check ignored."""
    out = []
    mapped = cleaning.csv("columns.csv")
    if mapped is not None and not mapped.empty:
        out.append(_("{columns} were found by their question-text headers (`{path}`).",
                     columns=_plural(len(mapped), "item column"), path=doc.link(cleaning.path / "columns.csv")))
    recoded = counts.get("recoded_cells")
    if recoded:
        out.append(_("{answers} were recoded to numbers with the label set {label_set} (`{path}`).",
                     answers=_plural(int(recoded), "text answer"), label_set=_text(counts.get("label_set")),
                     path=doc.link(cleaning.path / "labels.csv")))
    dropped = [str(c) for c in counts.get("identifying_columns_dropped") or []]
    if dropped:
        out.append(_("Identifying columns dropped on reading and absent from every output: {columns}.",
                     columns=", ".join(dropped)))
    times = [str(c) for c in counts.get("duplicates_ignore_columns") or []]
    if times:
        out.append(_("Duplicate submissions were compared on every column except the time stamp ({columns}).",
                     columns=", ".join(times)))
    return out


_RULE_WORDS = {
    "straightlining": "straight-lining respondent|straight-lining respondents",
    "duplicate": "duplicate respondent|duplicate respondents",
    "mahalanobis": "multivariate outlier (Mahalanobis D²)|multivariate outliers (Mahalanobis D²)",
    "no_answers": "row without answers|rows without answers",
}


def _exclusion_reasons(ex: pd.DataFrame | None) -> str:
    if ex is None or ex.empty or "reason" not in ex.columns:
        return _("reasons in excluded_rows.csv")
    counts: dict[str, int] = {}
    for reason in ex["reason"]:
        for part in _text(reason).split(";"):
            key = part.strip().split(" (")[0] or "unspecified"
            counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{value(k)}: {integer(v)}" for k, v in counts.items())
