"""One reader for a step's results folder, used by the printed tables, the figures and the summary.

A :class:`ResultsFolder` checks on construction that the folder exists and holds the files asked for, and reads its
CSV and JSON files on demand (cached); every problem is a one-line :class:`~surveysem.errors.DataError` naming the
folder and the command to run first (docs/CONVENTIONS.md). :meth:`ResultsFolder.bootstrap` reads the bootstrap
settings a step recorded in ``run.json``, and :func:`bootstrap_phrase` is the one wording of them that the tables'
notes, the summary's provenance line and the figures' titles use.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import DataError
from ..format import integer, num
from ..i18n import _, value

# per step folder, the files it must hold before it can be summarised (REQUIRED) and the command that writes it
# (RUN_FIRST): declared with the step in the study-kind registry
from ..kinds import REQUIRED, RUN_FIRST  # noqa: F401 (REQUIRED: read by the summary)


class ResultsFolder:
    """One step's results folder: checked on construction, files read on demand with one-line errors.

    Parameters
    ----------
    path : path-like
        The folder (``results/<study>/pls`` …).
    step : str
        The step that writes it (a key of :data:`RUN_FIRST`): names the folder and the command in error messages.
    required : sequence of str
        Files the folder must hold (e.g. ``REQUIRED[step]`` for the summary); a missing one is an error.
    pandas_na : bool
        Read pandas' default missing-value words (``NA``, ``n/a``, ``null`` …) in CSVs as missing. The printed
        tables and the figures read this way; the summary keeps them as text (a verdict ``n/a`` stays a word), so
        only empty cells are missing.

    Raises
    ------
    DataError
        The folder does not exist, or lacks a required file.
    """

    def __init__(self, path, step: str, required=(), pandas_na: bool = False):
        self.path = Path(path)
        self.step = step
        self.pandas_na = pandas_na
        self.hint = RUN_FIRST[step].format(dir=self.path.as_posix())
        if not self.path.is_dir():
            raise DataError(f"the {step} folder does not exist", where=str(self.path),
                            fix=f"Run `{self.hint}` first")
        missing = [f for f in required if not (self.path / f).is_file()]
        if missing:
            raise DataError(f"the {step} folder is incomplete (no {', '.join(missing)})", where=str(self.path),
                            fix=f"Run `{self.hint}` first")
        self._cache: dict[str, Any] = {}  # parsed JSON files and tables, by file name

    def has(self, name: str) -> bool:
        return (self.path / name).is_file()

    def csv_names(self) -> list[str]:
        """The CSV files of the folder, sorted by name."""
        return sorted(p.name for p in self.path.glob("*.csv"))

    def json(self, name: str) -> dict:
        if name not in self._cache:
            try:
                self._cache[name] = json.loads((self.path / name).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise DataError(f"cannot read {name} ({exc})", where=str(self.path),
                                fix=f"Run `{self.hint}` again") from None
        return self._cache[name]

    @property
    def run(self) -> dict:
        """``run.json`` (provenance and settings), or an empty dict when the folder has none."""
        run = self.json("run.json") if self.has("run.json") else {}
        if not isinstance(run, dict):
            raise DataError("run.json does not hold a JSON object", where=str(self.path),
                            fix=f"Run `{self.hint}` again")
        return run

    @property
    def bootstrap(self) -> Bootstrap | None:
        """The bootstrap settings recorded in ``run.json`` (None without a bootstrap)."""
        return Bootstrap.from_run(self.run)

    def csv(self, name: str, columns: tuple[str, ...] = ()) -> pd.DataFrame | None:
        """The table, or None if the file is absent; a file without a header is an empty table.

        Empty cells are NaN; other text such as ``NA`` stays text unless the folder reads ``pandas_na``.
        """
        if not self.has(name):
            return None
        if name not in self._cache:
            na = {} if self.pandas_na else {"keep_default_na": False, "na_values": [""]}
            try:
                df = pd.read_csv(self.path / name, **na)
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
        """The table, which must exist (an error naming the command to run otherwise)."""
        df = self.csv(name, columns)
        if df is None:
            raise DataError(f"no {name}", where=str(self.path), fix=f"Run `{self.hint}` first")
        return df


# --------------------------------------------------------------------------------------------------------------------
# the bootstrap settings and their one wording


@dataclass(frozen=True)
class Bootstrap:
    """The bootstrap settings a step recorded: ``run.json["bootstrap"]`` (pls) or ``run.json["options"]`` (sessions).

    ``level`` is the confidence level of the percentile intervals; ``p_value`` the p-value convention when the step
    recorded one; ``n_ok`` the usable resamples (B minus the failed ones) when the step counted them.
    """

    boot: int
    seed: object = None
    level: float = 0.95
    p_value: str | None = None
    n_failed: int = 0
    n_ok: int | None = None

    @classmethod
    def from_run(cls, run: dict | None) -> Bootstrap | None:
        """The settings of ``run.json`` (None when the step drew no resamples)."""
        run = run or {}
        b = run.get("bootstrap")
        if isinstance(b, dict) and b.get("boot"):
            return cls(boot=int(b["boot"]), seed=b.get("seed"), level=float(b.get("ci", 0.95)),
                       p_value=b.get("p_value"), n_failed=int(b.get("n_failed") or 0),
                       n_ok=None if b.get("n_ok") is None else int(b["n_ok"]))
        opts = run.get("options")
        if b is None and isinstance(opts, dict) and opts.get("boot"):
            return cls(boot=int(opts["boot"]), seed=opts.get("seed"), level=float(opts.get("level", 0.95)))
        return None


def bootstrap_phrase(boot: Bootstrap | None, form: str = "note", resampled: str = "") -> str:
    """The bootstrap settings in words, one wording for every output.

    Parameters
    ----------
    boot : Bootstrap or None
        The settings (:meth:`Bootstrap.from_run`); None: no bootstrap.
    form : {"note", "settings", "resamples"}
        ``note``: a table's *Note.* sentence — resamples, seed, SE, t, p, CI, failed resamples
        (``""`` without a bootstrap); ``settings``: the summary's provenance clause, ``bootstrap B = 5,000, seed 1;
        95% percentile intervals`` followed by ``resampled`` in parentheses; ``resamples``: a figure's
        ``B = 5,000 bootstrap resamples`` with the usable count when some failed.
    resampled : str
        For ``settings``: what the parentheses add (``BCa in the CSVs``, ``accounts resampled``). A ``p`` clause
        follows when the step recorded its p-value convention (the PLS bootstrap does).
    """
    if boot is None:
        return "" if form == "note" else _("no bootstrap")
    count = integer(boot.boot)
    level = f"{num(100 * boot.level, 0)}%"
    if form == "note":
        s = _("Bootstrap with {count} resamples (seed {seed}); SE = standard deviation of the resampled estimates, "
              "t = estimate/SE, p {p}; {level} CI = percentile interval", count=count, seed=boot.seed,
              p=value(boot.p_value or "two-sided"), level=level)
        if boot.n_failed:
            s += _("; {n} failed resamples excluded", n=boot.n_failed)
        return s + "."
    if form == "settings":
        s = _("bootstrap B = {count}, seed {seed}; {level} percentile intervals", count=count, seed=boot.seed,
              level=level)
        s += f" ({_(resampled)})" if resampled else ""
        return s + (f"; p {value(boot.p_value)}" if boot.p_value else "")
    if form == "resamples":
        s = _("B = {count} bootstrap resamples", count=count)
        if boot.n_ok is not None and boot.n_ok != boot.boot:
            s += _(" ({n} usable)", n=integer(boot.n_ok))
        return s
    raise ValueError(f"unknown form {form!r}")
