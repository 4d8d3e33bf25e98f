"""Command-line helpers of the PLS engine: the estimate and bootstrap options, and the steps they drive.

Not a command of its own: ``surveysem pls`` and ``surveysem assess`` (:mod:`surveysem.assess.cli`, which may add the
assessment) are built from these helpers, so that the import runs one way, assess → pls.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from ..data.read import read_table
from ..errors import ConfigError, DataError
from ..model import read_model
from ..options import positive, probability, whole_number
from .algorithm import SCHEMES
from .estimate import pls
from .interaction import INTERACTION_METHODS
from .output import write_tables
from .prepare import MISSING_TREATMENTS


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The inputs, ``--out``, and the estimate and bootstrap options."""
    p.add_argument("--data", required=True, help="survey file (.csv, .xlsx, .sav)")
    p.add_argument("--model", required=True, help="model file in lavaan syntax (=~ reflective, <~ composite, ~ paths)")
    p.add_argument("--out", required=True, help="output folder (replaced as a whole when the run succeeds)")
    p.add_argument("--boot", type=whole_number(0), default=5000,
                   help="bootstrap resamples (0 = none; 5000 recommended, the default)")
    p.add_argument("--seed", type=whole_number(0), default=None,
                   help="seed of every random step: bootstrap, PLSpredict folds (needed when one runs; e.g. 42)")
    p.add_argument("--boot-indices", help="CSV of resample row indices to replay (one resample per line)")
    p.add_argument("--indices-base", type=int, choices=(0, 1), default=1,
                   help="row numbering of --boot-indices: 1 as R writes it (default) or 0")
    p.add_argument("--scheme", choices=SCHEMES, default="path", help="inner weighting scheme")
    p.add_argument("--missing", choices=MISSING_TREATMENTS, default="mean", help="missing-data treatment")
    p.add_argument("--interaction", choices=INTERACTION_METHODS, default=INTERACTION_METHODS[0],
                   help="how interaction terms A:B are estimated (seminr's interaction_term methods)")
    p.add_argument("--missing-value", dest="missing_values", action="extend", nargs="+", default=[], metavar="CODE",
                   help="a code meaning 'no answer', e.g. -99 (repeatable)")
    p.add_argument("--ci", type=probability, default=0.95, help="confidence level of bootstrap intervals")
    p.add_argument("--max-iter", type=whole_number(1), default=300)
    p.add_argument("--tol", type=positive, default=1e-7)
    p.add_argument("--no-draws", action="store_true", help="do not keep the bootstrap draws file")
    p.add_argument("--quiet", action="store_true", help="no progress bar (the summary is still printed)")


def check_arguments(args: argparse.Namespace) -> None:
    """Refuse option values argparse lets through, before anything is read."""
    if not 0 < args.ci < 1:
        raise ConfigError(f"--ci must lie between 0 and 1, got {args.ci}")
    if args.boot < 0 or args.boot == 1:
        raise ConfigError(f"--boot must be 0 or at least 2, got {args.boot}")


def inputs(args: argparse.Namespace) -> tuple:
    """The files the run reads (``--out`` may not hold them)."""
    return args.data, args.model, args.boot_indices


def random_steps(args: argparse.Namespace) -> list[str]:
    """The steps of the engine that draw random numbers: the bootstrap (a replayed ``--boot-indices`` file draws
    nothing)."""
    return [f"the bootstrap (--boot {args.boot})"] if args.boot and not args.boot_indices else []


def require_seed(args: argparse.Namespace, steps: list[str], fix: str) -> None:
    """A run that draws random numbers needs ``--seed``: every command has the same rule and no hidden default seed
    (the workflow passes the study's ``seed``)."""
    if steps and args.seed is None:
        raise ConfigError(f"{' and '.join(steps)} {'draws' if len(steps) == 1 else 'draw'} random numbers: the run "
                          "needs a seed", where="--seed", fix=f"Give --seed (any whole number, e.g. 42), or {fix}")


def estimate(args: argparse.Namespace, steps: list[str] | None = None, fix: str = "--boot 0 for no bootstrap"):
    """Read the model and data, estimate the model and (``--boot``, ``--boot-indices``) bootstrap it.

    ``steps`` are the run's random steps (default: :func:`random_steps`); without ``--seed`` they are refused after
    the estimate (so a problem with the data is named first) and before anything random is drawn.

    Returns
    -------
    (PLSResult, BootstrapResult or None)
    """
    model = read_model(args.model)
    data = read_table(args.data)
    res = pls(data, model, scheme=args.scheme, missing=args.missing, missing_values=args.missing_values,
              tol=args.tol, max_iter=args.max_iter, source=args.data, interaction=args.interaction)
    require_seed(args, random_steps(args) if steps is None else steps, fix)
    boot = None
    if args.boot_indices:
        idx = _read_indices(args.boot_indices, args.indices_base, res.data.resample_base.shape[0])
        boot = res.bootstrap(indices=idx, seed=None, ci=args.ci, progress=not args.quiet)
    elif args.boot:
        boot = res.bootstrap(boot=args.boot, seed=args.seed, ci=args.ci, progress=not args.quiet)
    return res, boot


def write(args: argparse.Namespace, tmp: Path, res, boot) -> None:
    """The engine's tables into the temporary output folder."""
    write_tables(res, tmp, boot, inputs={"data": args.data, "model": args.model}, save_draws=not args.no_draws)


def print_summary(res, boot) -> None:
    """The run's summary on stdout (the workflow's log); ``--quiet`` only silences the progress bar."""
    print(res.summary())
    if boot is not None:
        print()
        print(boot.summary())


def _read_indices(path: str, base: int, n: int) -> np.ndarray:
    try:
        idx = pd.read_csv(path, header=None).to_numpy()
    except (OSError, pd.errors.ParserError) as exc:
        raise DataError(f"cannot read resample indices ({exc})", where=path) from None
    if not np.issubdtype(idx.dtype, np.integer):
        raise DataError("resample indices must be whole numbers", where=path)
    idx = idx - base
    if idx.shape[1] != n or idx.min() < 0 or idx.max() >= n:
        raise DataError(f"resample indices must list {n} rows numbered {base}..{n - 1 + base} per line",
                        where=path, fix="Check --indices-base and that the indices belong to this data file")
    return idx
