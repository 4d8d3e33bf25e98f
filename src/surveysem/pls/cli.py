"""``surveysem pls``: estimate (and bootstrap) a PLS path model, write tidy CSV tables into a folder."""
from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from ..data.read import read_table
from ..errors import ConfigError, DataError
from ..io import atomic_output_dir, check_output_dir
from ..model import read_model
from ..options import positive, probability, whole_number
from .algorithm import SCHEMES
from .estimate import pls
from .output import write_tables
from .prepare import MISSING_TREATMENTS


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, help="survey file (.csv, .xlsx, .sav)")
    p.add_argument("--model", required=True, help="model file in lavaan syntax (=~ reflective, <~ composite, ~ paths)")
    p.add_argument("--out", required=True, help="output folder (replaced as a whole when the run succeeds)")
    p.add_argument("--boot", type=whole_number(0), default=0, help="bootstrap resamples (0 = none; 5000 recommended)")
    p.add_argument("--seed", type=whole_number(0), default=42, help="seed of the bootstrap resampling stream")
    p.add_argument("--boot-indices", help="CSV of resample row indices to replay (one resample per line)")
    p.add_argument("--indices-base", type=int, choices=(0, 1), default=1,
                   help="row numbering of --boot-indices: 1 as R writes it (default) or 0")
    p.add_argument("--scheme", choices=SCHEMES, default="path", help="inner weighting scheme")
    p.add_argument("--missing", choices=MISSING_TREATMENTS, default="mean", help="missing-data treatment")
    p.add_argument("--missing-value", action="extend", nargs="+", default=[], metavar="CODE",
                   help="a code meaning 'no answer', e.g. -99 (repeatable)")
    p.add_argument("--ci", type=probability, default=0.95, help="confidence level of bootstrap intervals")
    p.add_argument("--max-iter", type=whole_number(1), default=300)
    p.add_argument("--tol", type=positive, default=1e-7)
    p.add_argument("--no-draws", action="store_true", help="do not keep the bootstrap draws file")
    p.add_argument("--quiet", action="store_true", help="no progress bar (the summary is still printed)")
    from ..assess.cli import add_assessment_arguments

    add_assessment_arguments(p)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.ci < 1:
        raise ConfigError(f"--ci must lie between 0 and 1, got {args.ci}")
    if args.boot < 0 or args.boot == 1:
        raise ConfigError(f"--boot must be 0 or at least 2, got {args.boot}")
    inputs = (args.data, args.model, args.boot_indices)
    check_output_dir(args.out, inputs)  # before the estimate: a refused --out costs no waiting
    model = read_model(args.model)
    data = read_table(args.data)
    res = pls(data, model, scheme=args.scheme, missing=args.missing, missing_values=args.missing_value,
              tol=args.tol, max_iter=args.max_iter, source=args.data)
    boot = None
    if args.boot_indices:
        idx = _read_indices(args.boot_indices, args.indices_base, res.data.resample_base.shape[0])
        boot = res.bootstrap(indices=idx, seed=None, ci=args.ci, progress=not args.quiet)
    elif args.boot:
        boot = res.bootstrap(boot=args.boot, seed=args.seed, ci=args.ci, progress=not args.quiet)
    assessment = None
    if getattr(args, "assess", False):  # assessment tables go into the same folder (docs/assessment.md)
        from ..assess.cli import run_assessment

        assessment = run_assessment(res, boot, args)
        res, boot = assessment.result, assessment.boot  # the final model after item purification
    with atomic_output_dir(args.out, inputs=inputs, made_by=f"surveysem {getattr(args, 'command', None) or 'pls'}") as tmp:
        write_tables(res, tmp, boot, inputs={"data": args.data, "model": args.model}, save_draws=not args.no_draws)
        if assessment is not None:
            from ..assess.assessment import write_assessment

            write_assessment(assessment, tmp)
    # the run's summary goes to stdout (the workflow's log); --quiet only silences the progress bar
    print(res.summary())
    if boot is not None:
        print()
        print(boot.summary())
    if assessment is not None:
        print()
        print(assessment.summary())
    return 0


def _read_indices(path: str, base: int, n: int) -> np.ndarray:
    try:
        idx = pd.read_csv(path, header=None).to_numpy()
    except (OSError, pd.errors.ParserError) as exc:
        raise DataError(f"cannot read resample indices ({exc})", where=path)
    if not np.issubdtype(idx.dtype, np.integer):
        raise DataError("resample indices must be whole numbers", where=path)
    idx = idx - base
    if idx.shape[1] != n or idx.min() < 0 or idx.max() >= n:
        raise DataError(f"resample indices must list {n} rows numbered {base}..{n - 1 + base} per line",
                        where=path, fix="Check --indices-base and that the indices belong to this data file")
    return idx
