"""The ``describe`` step of a survey study: the respondent profile and the item descriptives of the analysed rows.

:func:`run_describe` reads the survey file (for the profile columns, as the respondents typed them), the cleaning
folder (``clean.csv`` for the items as analysed, ``excluded_rows.csv`` to keep exactly the rows of ``clean.csv``)
and the model (the items of each construct), and returns a :class:`DescribeResult` whose :meth:`~DescribeResult.write`
fills one folder, all or nothing.
"""
from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..data.read import read_table, row_numbers
from ..errors import DataError
from ..format import plain
from ..model import read_model
from ..results import StudyTables, write_atomically, write_study_folder
from . import items as _items
from . import profile as _profile
from .figures import profile_figure

#: CSV file stem → attribute, in the order of a thesis chapter
TABLES = {"profile": "profile", "profile_columns": "profile_columns", "descriptive_items": "items",
          "descriptive_constructs": "constructs", "descriptive_bands": "bands"}

RUN_CLEAN = "Run `surveysem clean --data FILE --model FILE --out {dir}` first"


@dataclass
class DescribeResult(StudyTables):
    """The respondent profile and the item descriptives of one study (tidy tables), its warnings (``notes``) and
    ``meta`` (``meta["profile_notes"]``: one sentence per skipped profile column)."""

    TABLES = TABLES

    profile: pd.DataFrame
    profile_columns: pd.DataFrame
    items: pd.DataFrame
    constructs: pd.DataFrame
    bands: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def summary(self) -> str:
        """A plain-text overview: N, the profile columns, each construct's mean and categories."""
        out = ["Respondent profile of the {n} analysed respondents: {cols}".format(
            n=self.meta.get("n"), cols=", ".join(self.meta.get("profile_columns", [])) or "no column")]
        for r in self.constructs.itertuples(index=False):
            out.append("  {c}: mean {m} ({cat}), score index {ix}% ({ixc}), three-box {tb} ({tbc})".format(
                c=r.construct, m=plain(r.mean), cat=r.category, ix=plain(r.score_index, 1), ixc=r.index_category,
                tb=plain(r.three_box_index, 1), tbc=r.three_box_category))
        out += ["Note: " + n for n in [*self.meta.get("profile_notes", []), *self.notes]]
        return "\n".join(out)

    def write(self, out: str | os.PathLike, inputs: Mapping[str, object] | None = None) -> list[Path]:
        """Write the folder: the CSVs, ``figures/profile.png``/``.svg`` (when a column is profiled), ``run.json``."""
        inputs = dict(inputs or {})

        def fill(folder: Path) -> list[Path]:
            return write_study_folder(
                folder, self.tables(), meta=self.meta, inputs=inputs, warnings=self.notes,
                figures=lambda f: profile_figure(self.profile, f / "figures", n=self.meta.get("n", 0)))

        return write_atomically(out, fill, made_by="surveysem describe",
                                inputs=[v for v in inputs.values() if v is not None])


def _read_csv(folder: Path, name: str) -> pd.DataFrame:
    path = folder / name
    if not path.is_file():
        raise DataError("the cleaning folder has no {name}".format(name=name), where=str(folder),
                        fix=RUN_CLEAN.format(dir=folder.as_posix()))
    try:
        return pd.read_csv(path, keep_default_na=False, na_values=[""])
    except pd.errors.EmptyDataError:
        return pd.DataFrame()
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError("cannot read {name} ({exc})".format(name=name, exc=exc), where=str(folder),
                        fix=RUN_CLEAN.format(dir=folder.as_posix())) from None


def _mapped_headers(folder: Path) -> set[str]:
    """Headers the cleaning step mapped to item codes (``columns.csv``, when it wrote one): every cell of it."""
    if not (folder / "columns.csv").is_file():
        return set()
    table = _read_csv(folder, "columns.csv")
    if table.empty:
        return set()
    return {str(v) for col in table.columns for v in table[col].dropna()}


def item_headers(columns, items) -> set[str]:
    """Question-text headers of the items (``X1.1 Saya bersedia ...``): a header that starts with an item code
    followed by a space, ``.``, ``)`` or ``:`` holds that item's answers, not a respondent characteristic."""
    out = set()
    for col in map(str, columns):
        for item in items:
            if col.startswith(item) and len(col) > len(item) and col[len(item)] in " .):":
                out.add(col)
    return out


def analysed_rows(raw: pd.DataFrame, cleaning: Path, n_clean: int) -> pd.DataFrame:
    """The rows of the survey file that the cleaning step kept (file rows not in ``excluded_rows.csv``).

    Raises :class:`~surveysem.errors.DataError` when their number is not that of ``clean.csv`` (the cleaning folder
    was made from another file).
    """
    excluded = _read_csv(cleaning, "excluded_rows.csv")
    dropped = {int(r) for r in excluded["row"]} if "row" in excluded.columns else set()
    rows = row_numbers(raw)
    keep = [r not in dropped for r in rows]
    kept = raw[keep]
    if len(kept) != n_clean:
        raise DataError("the survey file has {k} rows that cleaning kept, but clean.csv holds {n}; the cleaning "
                        "folder was made from another file".format(k=len(kept), n=n_clean), where=str(cleaning),
                        fix=RUN_CLEAN.format(dir=cleaning.as_posix()))
    return kept


def run_describe(data: str | os.PathLike, cleaning: str | os.PathLike, model: str | os.PathLike,
                 likert: Sequence[float] = (1, 5), id_column: str | None = None,
                 profile: str | Sequence[str] = "auto", profile_order: Mapping[str, Sequence] | None = None,
                 sheet: str | int = 0) -> DescribeResult:
    """The respondent profile and item descriptives of a study (module docstring).

    Parameters
    ----------
    data : path
        The survey file as given to ``surveysem clean``.
    cleaning : path
        The folder ``surveysem clean`` wrote (``clean.csv``, ``excluded_rows.csv``).
    model : path
        The model: each construct's items.
    likert : (low, high)
        The whole-number answer scale.
    id_column : str, optional
        The respondent id column (never profiled).
    profile : ``"auto"``, ``"none"`` or list of column names
        See :func:`surveysem.describe.profile.select_columns`.
    profile_order : mapping, optional
        Column → its categories in print order.

    Raises
    ------
    DataError
        A missing or unreadable cleaning file, a cleaning folder made from another file, an item not in ``clean.csv``.
    ConfigError
        An unknown or forbidden profile column, an answer missing from ``profile_order``, a scale that is not whole
        numbers.
    """
    cleaning = Path(cleaning)
    m = read_model(model)
    constructs = {c.name: list(c.indicators) for c in m.constructs}
    items = list(m.indicators)
    clean = _read_csv(cleaning, "clean.csv")
    lacking = [i for i in items if i not in clean.columns]
    if lacking:
        raise DataError("clean.csv has no column {cols}".format(cols=", ".join(lacking)), where=str(cleaning),
                        fix=RUN_CLEAN.format(dir=cleaning.as_posix()))
    raw = read_table(data, sheet=sheet)
    rows = analysed_rows(raw, cleaning, len(clean))
    exclude = _mapped_headers(cleaning) | item_headers(raw.columns, items)
    selection = _profile.select_columns(rows, items, profile=profile, id_column=id_column, exclude=exclude,
                                        source=str(data))
    prof = _profile.respondent_profile(rows, selection.columns, profile_order)
    item_table = _items.item_descriptives(clean[items], constructs, likert)
    construct_table = _items.construct_descriptives(item_table, likert)
    notes: list[str] = []
    odd = item_table[item_table["other_answers"] > 0]
    if not odd.empty:
        notes.append("{k} answers are not points of the {lo}-{hi} scale (first item: {item}); they count in n, the "
                     "total and the mean, not in the distribution.".format(
                         k=int(odd["other_answers"].sum()), lo=likert[0], hi=likert[1], item=odd["item"].iloc[0]))
    counts = {}
    if (cleaning / "cleaning_counts.json").is_file():
        counts = json.loads((cleaning / "cleaning_counts.json").read_text(encoding="utf-8"))
    meta = {"n": len(clean), "rows_read": counts.get("rows_read", len(raw)),
            "likert": [likert[0], likert[1]],
            "settings": {"profile": profile if isinstance(profile, str) else list(profile),
                         "profile_order": dict(profile_order or {}), "id_column": id_column},
            "profile_columns": list(selection.columns),
            "profile_notes": selection.notes(),
            "constructs": constructs}
    return DescribeResult(profile=prof, profile_columns=selection.table(), items=item_table,
                          constructs=construct_table, bands=_items.bands_table(likert), notes=notes, meta=meta)
