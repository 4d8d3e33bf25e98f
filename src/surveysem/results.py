"""One result protocol for every analysis result, and the two helpers that write one.

Every analysis result — the PLS estimate (:class:`~surveysem.pls.estimate.PLSResult`), its bootstrap
(:class:`~surveysem.pls.bootstrap.BootstrapResult`), the assessment (:class:`~surveysem.assess.assessment.Assessment`),
the regression, sessions and coding studies and the CB-SEM cross-check — offers

* ``tables() -> dict[str, DataFrame]``: the tidy tables it writes, by file stem (``paths`` → ``paths.csv``);
* ``summary() -> str``: a plain-text overview (3 decimals, p in APA style);
* ``write(out, **options) -> list[Path]``: the tables as full-precision CSV (one ``<stem>.csv`` per key of
  ``tables()``) plus the result's other files (``run.json``, ``summary.txt``, figures, draws) into the folder
  ``out``, all or nothing (:func:`surveysem.io.atomic_output_dir`); returns the paths written.

A bootstrap's tables contain its estimate's (with the bootstrap columns added) and an assessment's contain the
engine tables of the model it assessed, so each ``write`` gives the complete folder of its command
(``surveysem pls``, ``surveysem pls --boot``, ``surveysem assess``).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, ClassVar, Protocol, runtime_checkable

import pandas as pd

from .io import atomic_output_dir, provenance, write_csv, write_json


@runtime_checkable
class Result(Protocol):
    """What every analysis result offers (module docstring)."""

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tidy tables the result writes, by file stem."""

    def summary(self) -> str:
        """A plain-text overview."""

    def write(self, out: str | os.PathLike, **options: Any) -> list[Path]:
        """Write the tables and the result's other files into folder ``out``, atomically; return the paths."""


class StudyTables:
    """Mixin for a result whose tables are attributes: ``TABLES`` maps each CSV file stem to its attribute;
    :meth:`tables` returns those that are present (not ``None``), in that order."""

    TABLES: ClassVar[Mapping[str, str]] = {}

    def tables(self) -> dict[str, pd.DataFrame]:
        """File stem → table, for every table present."""
        return {stem: getattr(self, a) for stem, a in self.TABLES.items() if getattr(self, a) is not None}


def write_atomically(out: str | os.PathLike, fill: Callable[[Path], list[Path]], *, made_by: str,
                     inputs: Iterable = ()) -> list[Path]:
    """Let ``fill(folder)`` write into a temporary folder that then replaces ``out`` as a whole; return the paths
    ``fill`` wrote, as they are under ``out``. ``inputs`` (the files the run read) may not lie inside ``out``."""
    with atomic_output_dir(out, inputs=inputs, made_by=made_by) as tmp:
        written = fill(tmp)
    seen = dict.fromkeys(Path(out) / Path(p).relative_to(tmp) for p in written)  # in order, once each
    return list(seen)


def write_study_folder(folder: Path, tables: Mapping[str, pd.DataFrame], *, meta: dict,
                       inputs: Mapping[str, Any] | None = None, warnings: Iterable[str] = (),
                       figures: Callable[[Path], list[Path]] | None = None, summary: str | None = None) -> list[Path]:
    """The files of a study folder (regression, sessions, coding), in this order: ``<stem>.csv`` for every table
    (full precision), the figures (``figures(folder)`` returns their paths), ``summary.txt``, and ``run.json`` =
    provenance of ``inputs`` + ``meta`` + ``warnings`` + ``files`` (every file written before it, relative)."""
    written = [write_csv(df, folder / f"{stem}.csv") for stem, df in tables.items()]
    if figures is not None:
        written += list(figures(folder))
    if summary is not None:
        path = folder / "summary.txt"
        path.write_text(summary + "\n", encoding="utf-8")
        written.append(path)
    files = [str(Path(p).relative_to(folder)) for p in written]
    info = {**provenance(**dict(inputs or {})), **meta, "warnings": list(warnings), "files": files}
    written.append(write_json(info, folder / "run.json"))
    return written
