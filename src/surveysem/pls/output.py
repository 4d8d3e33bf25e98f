"""Write a PLS estimate (and its bootstrap) as the documented tidy CSV files.

Files (column names are part of the interface; see docs/pls.md):

``paths.csv``            from, to, estimate [, boot_mean, se, t, p, ci_low, ci_high, bca_low, bca_high]
``loadings.csv``         construct, indicator, estimate [, bootstrap columns]
``weights.csv``          construct, indicator, estimate [, bootstrap columns]
``effects.csv``          from, to, via, kind, estimate [, bootstrap columns]
``simple_slopes.csv``    interaction, iv, moderator, dv, moderator_level, estimate [, bootstrap columns]   (interactions)
``conditional_indirect.csv``  from, to, via, moderator, moderated_link, stage, statistic, moderator_level, estimate
                         [, bootstrap columns], note   (interaction models; :mod:`surveysem.pls.slopes`)
``r2.csv``               construct, r2, r2_adj [, bootstrap columns of r2]
``cross_loadings.csv``   indicator, <one column per construct>
``construct_corr.csv``   construct, <one column per construct>
``scores.csv``           row (file row number, header = 1), <one column per construct>
``boot_draws.parquet``   resample, <one column per parameter>   (when bootstrapped)
``boot_failed.csv``      resample, reason                        (when bootstrapped)
``run.json``             versions, input files and hashes, settings, iterations, missing-data counts, bootstrap
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..io import provenance, write_csv, write_json
from ..stats import BOOT_COLUMNS

if TYPE_CHECKING:  # the result classes call these writers, so they are named here only for the type checker
    from .bootstrap import BootstrapResult
    from .estimate import PLSResult


def write_tables(result: PLSResult, out: str | Path, boot: BootstrapResult | None = None,
                 inputs: dict | None = None, save_draws: bool = True) -> list[Path]:
    """Write every engine table into folder ``out`` (which must exist); return the written paths.

    The tables are ``boot.tables()`` (estimate and bootstrap columns, ``boot_failed``) when ``boot`` — a bootstrap
    of ``result`` — is given, else ``result.tables()``; then ``boot_draws.parquet`` and ``run.json``.
    """
    out = Path(out)
    if boot is not None and boot.result is not result:
        raise ValueError("boot is not a bootstrap of result")
    tables = (boot if boot is not None else result).tables()
    written = [write_csv(df, out / f"{name}.csv") for name, df in tables.items()]
    if boot is not None and save_draws:
        path = out / "boot_draws.parquet"
        boot.draws_frame().to_parquet(path, index=False)
        written.append(path)
    written.append(write_json(run_info(result, boot, inputs), out / "run.json"))
    return written


def engine_inputs(result: PLSResult) -> dict:
    """The data and model files an estimate was made from, for ``run.json`` (those that are files)."""
    named = {"data": result.data.source, "model": result.model.source}
    return {k: v for k, v in named.items() if v and Path(v).is_file()}


def run_info(result: PLSResult, boot: BootstrapResult | None = None, inputs: dict | None = None) -> dict:
    """Provenance: versions, inputs (with SHA-256), settings, convergence, missing data, bootstrap."""
    info = {
        **provenance(**(inputs or {})),
        "model": result.model.to_syntax(),
        "settings": dict(result.settings),
        "n": result.n,
        "iterations": result.iterations,
        "iterations_note": "outer-weight updates until sum |change| < tol (R seminr reports this number minus one)",
        "converged": result.converged,
        "missing_data": result.data.counts,
        "warnings": list(result.warnings),
    }
    if boot is not None:
        info["bootstrap"] = dict(boot.settings, n_ok=boot.n_ok, columns=BOOT_COLUMNS,
                                 resampling="numpy PCG64(SeedSequence(seed)).integers(0, n, size=(B, n)); "
                                            "mean replacement redone inside each resample" if result.data.missing == "mean"
                                 else "numpy PCG64(SeedSequence(seed)).integers(0, n, size=(B, n)) over complete rows")
    return info
