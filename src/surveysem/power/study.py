"""A power study end to end: the replications of every sample size (in chunks), gathered into power.csv and
min_n.csv, with the power curve, ``summary.txt`` and ``run.json`` (:class:`PowerResult`).

Chunks: the replications 0 … R − 1 of each n are cut into ``chunks`` consecutive ranges (:func:`chunk_range`); a
chunk's rows are the same whoever computes them (:func:`surveysem.power.montecarlo.replicate`), and the gather sorts
them, so power.csv is the same bytes for any number of chunks or jobs.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd

from ..errors import ConfigError
from ..format import plain
from ..io import atomic_output_file
from ..results import StudyTables, write_atomically, write_study_folder
from .figures import power_figures
from .montecarlo import PART_COLUMNS, min_sample_sizes, power_table, replicate
from .population import PowerPopulation

#: what a replication decides, for run.json and the docs
DECISION = ("significant when 0 lies outside the two-sided (1 - alpha) bootstrap interval (ci_low > 0 or "
            "ci_high < 0); covered when ci_low <= population value <= ci_high")


def chunk_range(replications: int, chunks: int, chunk: int) -> range:
    """Replications of chunk ``chunk`` (0-based) of ``chunks``: ``range(chunk·R // chunks, (chunk + 1)·R // chunks)``."""
    if not 0 <= chunk < chunks:
        raise ConfigError(f"chunk {chunk} does not exist; chunks are numbered 0 to {chunks - 1}", where="--chunk")
    return range(chunk * replications // chunks, (chunk + 1) * replications // chunks)


def settings_of(pop: PowerPopulation, n: Sequence[int], replications: int, boot: int, seed: int, alpha: float,
                interval: str, target: float) -> dict:
    """The settings a chunk records and the gather checks (run.json)."""
    return {"source": pop.source, "n": [int(v) for v in n], "replications": int(replications), "boot": int(boot),
            "seed": int(seed), "alpha": float(alpha), "interval": interval, "power_target": float(target),
            "levels": pop.levels, "decision": DECISION,
            "streams": "replication r at sample size n: data from SeedSequence([seed, n, r, 0]), resamples from "
                       "SeedSequence([seed, n, r, 1])"}


def write_chunk(path: str | os.PathLike, parts: pd.DataFrame, settings: dict, inputs: Iterable = ()) -> Path:
    """One chunk's rows and settings as JSON (floats as shortest round-trip repr, so the gather reads the same bits)."""
    doc = {"settings": settings, "columns": PART_COLUMNS,
           "rows": [[_plain(v) for v in row] for row in parts[PART_COLUMNS].itertuples(index=False)]}
    with atomic_output_file(path, inputs=inputs, option="--out") as tmp:
        Path(tmp).write_text(json.dumps(doc, allow_nan=True) + "\n", encoding="utf-8")
    return Path(path)


def _plain(v):
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return float(v)
    return v


def read_chunks(paths: Sequence[str | os.PathLike]) -> tuple[pd.DataFrame, dict]:
    """The rows of every chunk file and their common settings; a one-line error when they do not belong together or
    do not cover the grid (every n, every replication once)."""
    frames, settings = [], None
    for p in paths:
        doc = json.loads(Path(p).read_text(encoding="utf-8"))
        s = doc["settings"]
        if settings is None:
            settings = s
        elif s != settings:
            diff = next(k for k in sorted(set(s) | set(settings)) if s.get(k) != settings.get(k))
            raise ConfigError(f"the chunk was made with other settings ({diff}: {s.get(diff)!r}, not "
                              f"{settings.get(diff)!r})", where=str(p), fix="Run every chunk of the study again")
        frames.append(pd.DataFrame(doc["rows"], columns=doc["columns"]))
    if settings is None:
        raise ConfigError("no chunk files given", where="--parts")
    parts = pd.concat(frames, ignore_index=True)
    parts["via"] = parts["via"].fillna("")
    have = parts.groupby("n")["replication"].apply(lambda r: sorted(set(r)))
    for n in settings["n"]:
        got = have.get(n, [])
        if list(got) != list(range(settings["replications"])):
            missing = sorted(set(range(settings["replications"])) - set(got))
            raise ConfigError(f"the chunks of n = {n} hold {len(got)} of {settings['replications']} replications"
                              + (f" (replication {missing[0]} is missing)" if missing else ""), where="--parts",
                              fix="Give every chunk file of the study once")
    dup = parts.duplicated(["n", "replication", "effect"])
    if dup.any():
        r = parts[dup].iloc[0]
        raise ConfigError(f"replication {r['replication']} of n = {r['n']} is in two chunk files", where="--parts",
                          fix="Give each chunk file once")
    return parts, settings


@dataclass
class PowerResult(StudyTables):
    """power.csv, min_n.csv and population.csv of a power study, with its settings and warnings."""

    TABLES: ClassVar[dict[str, str]] = {"power": "power", "min_n": "min_n", "population": "population"}

    power: pd.DataFrame
    min_n: pd.DataFrame
    population: pd.DataFrame
    settings: dict
    inputs: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def gather(cls, parts: pd.DataFrame, settings: dict, pop: PowerPopulation) -> PowerResult:
        power = power_table(parts)
        warnings = []
        failed = power.groupby("n")["failed"].max()
        for n, f in failed.items():
            if f:
                warnings.append(f"n = {n}: {f} of {settings['replications']} replications failed (a constant item "
                                "or an estimate that did not converge) and were left out")
        return cls(power=power, min_n=min_sample_sizes(power, settings["power_target"]), population=pop.table(),
                   settings=settings, inputs=dict(pop.inputs), warnings=warnings)

    def summary(self) -> str:
        s = self.settings
        out = [f"Monte Carlo power: {s['replications']} replications per n, {s['boot']} resamples each, "
               f"{s['interval']} interval, alpha = {plain(s['alpha'])}, target power {plain(s['power_target'])}",
               f"Population: {s['source']}"]
        for _, r in self.min_n.iterrows():
            where = f"n = {r['min_n']}" if pd.notna(r["min_n"]) else str(r["note"])
            out.append(f"  {r['effect']} (population {plain(r['true_value'])}): {where}, power {plain(r['power'])} "
                       f"[{plain(r['power_ci_low'])}, {plain(r['power_ci_high'])}]")
        out.extend(f"Warning: {w}" for w in self.warnings)
        return "\n".join(out)

    def write(self, out: str | os.PathLike, *, figures: bool = True, inputs=()) -> list[Path]:
        """power.csv, min_n.csv, population.csv, figures/power_curve.png|svg, summary.txt and run.json into ``out``,
        all or nothing."""
        meta = {"power": self.settings, "population_inputs": self.inputs}
        return write_atomically(out, lambda folder: write_study_folder(
            folder, self.tables(), meta=meta, inputs={}, warnings=self.warnings,
            figures=(lambda f: power_figures(self.power, f / "figures", self.settings["power_target"]))
            if figures else None, summary=self.summary()), made_by="surveysem power", inputs=inputs)


def run_power(pop: PowerPopulation, n: Sequence[int], replications: int, boot: int, seed: int, alpha: float = 0.05,
              interval: str = "percentile", target: float = 0.8, chunks: int = 1, jobs: int = 1) -> PowerResult:
    """Every chunk of every n, one after the other, gathered (what the workflow's jobs do, in one process)."""
    settings = settings_of(pop, n, replications, boot, seed, alpha, interval, target)
    parts = [replicate(pop, int(v), chunk_range(replications, chunks, c), boot=boot, seed=seed, alpha=alpha,
                       interval=interval, jobs=jobs) for v in n for c in range(chunks)]
    return PowerResult.gather(pd.concat(parts, ignore_index=True), settings, pop)
