"""One reader for a step's results folder, used by the printed tables, the figures and the summary.

A :class:`ResultsFolder` checks on construction that the folder exists and holds the files its step writes, and reads
its CSV and JSON files on demand; every problem is a one-line :class:`~surveysem.errors.DataError` naming the folder
and the command to run first (docs/CONVENTIONS.md).
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..errors import DataError

#: files an analysis folder must hold before it can be summarised
REQUIRED = {
    "pls": ("run.json", "paths.csv", "hypotheses.csv", "outer_model.csv", "reliability.csv", "fornell_larcker.csv",
            "htmt.csv", "vif_inner.csv", "r2_assessment.csv"),
    "regression": ("run.json", "item_validity.csv", "reliability.csv", "descriptives.csv", "coefficients.csv",
                   "model_summary.csv", "anova.csv", "assumptions.csv", "hypotheses.csv"),
    "sessions": ("run.json", "accounts.csv", "correlations.csv", "regression.csv", "regression_fit.csv",
                 "hypotheses.csv"),
    "coding": ("run.json", "codebook.csv", "matrix_counts.csv", "prevalence.csv", "cooccurrence.csv"),
    "cleaning": ("cleaning_counts.json",),
    "cbsem": ("run.json",),
}

#: the command that writes each folder
RUN_FIRST = {
    "pls": "surveysem pls --data FILE --model FILE --boot 5000 --seed S --assess --out {dir}",
    "regression": "surveysem regression --data FILE --model FILE --out {dir}",
    "sessions": "surveysem sessions --data FILE --seed S --out {dir}",
    "coding": "surveysem coding --segments FILE --codebook FILE --out {dir}",
    "cleaning": "surveysem clean --data FILE --model FILE --out {dir}",
    "cbsem": "surveysem cbsem --data FILE --model FILE --pls-dir PLS_DIR --out {dir}",
}


class ResultsFolder:
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
