"""``surveysem power``, ``surveysem power-chunk`` and ``surveysem power-gather``: Monte Carlo power analysis.

``power`` runs every replication of every sample size and writes the study folder (power.csv, min_n.csv,
population.csv, figures/power_curve.png|svg, summary.txt, run.json). The workflow splits the same work into jobs:
``power-chunk`` computes one chunk of one n's replications into a JSON file, ``power-gather`` turns every chunk
file of the study into the folder — the same bytes as ``power`` (docs/power.md).
"""
from __future__ import annotations

import argparse
import os
from types import SimpleNamespace

from ..options import add_language_argument, number, whole_number


def _population_arguments(p: argparse.ArgumentParser) -> None:
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--from", dest="from", metavar="DIR",
                     help="folder of a fitted PLS study (results/<study>/pls): its estimates are the population")
    src.add_argument("--model", help="lavaan model file with fixed population values (Y ~ 0.3*X, F =~ 0.8*x1)")


def _grid_arguments(p: argparse.ArgumentParser, n_default=True) -> None:
    p.add_argument("--replications", type=whole_number(1), default=1000,
                   help="Monte Carlo replications per sample size (1000)")
    p.add_argument("--boot", type=whole_number(2), default=5000,
                   help="bootstrap resamples per replication (5000 recommended; 1000 is common for power)")
    p.add_argument("--interval", choices=("percentile", "bca"), default="percentile",
                   help="bootstrap interval of the decision: 0 outside the (1 - alpha) interval (percentile)")
    p.add_argument("--alpha", type=number(0, 1, True, True), default=0.05, help="significance level (0.05)")
    p.add_argument("--power-target", type=number(0, 1, True, True), default=0.8,
                   help="power an effect must reach (min_n.csv; 0.8)")
    p.add_argument("--seed", type=whole_number(0), default=None, required=True,
                   help="seed of every random draw (required; e.g. 42)")


def add_arguments(p: argparse.ArgumentParser) -> None:
    _population_arguments(p)
    p.add_argument("--n", type=whole_number(10), nargs="+", default=[50, 75, 100, 150, 200, 300],
                   help="sample sizes of the grid (50 75 100 150 200 300)")
    _grid_arguments(p)
    p.add_argument("--power-chunks", type=whole_number(1), default=1,
                   help="chunks each n's replications are computed in, one after the other (the workflow runs them "
                        "as jobs); the results do not depend on it (1)")
    p.add_argument("--jobs", type=whole_number(1), default=None, help="threads (default: the number of cores)")
    p.add_argument("--out", required=True, help="output folder (replaced as a whole when the run succeeds)")
    add_language_argument(p)


def _population(args):
    from .population import from_model_file, from_study

    src = getattr(args, "from")
    return from_study(src) if src else from_model_file(args.model)


def _inputs(args) -> list[str]:
    src = getattr(args, "from")
    return [src] if src else [args.model]


def run(args: argparse.Namespace) -> int:
    from ..io import check_output_dir
    from .study import run_power

    check_output_dir(args.out, _inputs(args))
    pop = _population(args)
    result = run_power(pop, sorted(set(args.n)), args.replications, args.boot, args.seed, args.alpha, args.interval,
                       args.power_target, chunks=args.power_chunks, jobs=args.jobs or os.cpu_count() or 1)
    result.write(args.out, inputs=_inputs(args))
    print(f"surveysem power: wrote {args.out} ({len(result.min_n)} effects x {len(set(args.n))} sample sizes, "
          f"{args.replications} replications each)")
    return 0


def add_chunk_arguments(p: argparse.ArgumentParser) -> None:
    _population_arguments(p)
    p.add_argument("--n", type=whole_number(10), nargs="+", required=True,
                   help="the study's whole grid of sample sizes (recorded, so the gather can check it)")
    p.add_argument("--at", type=whole_number(10), required=True, help="the sample size this chunk computes")
    p.add_argument("--chunk", type=whole_number(0), required=True, help="chunk number, 0 to --power-chunks - 1")
    _grid_arguments(p)
    p.add_argument("--power-chunks", type=whole_number(1), default=1, help="chunks of each n's replications (1)")
    p.add_argument("--jobs", type=whole_number(1), default=None, help="threads (default: the number of cores)")
    p.add_argument("--out", required=True, help="chunk file to write (.json)")
    add_language_argument(p)


def run_chunk(args: argparse.Namespace) -> int:
    from ..errors import ConfigError
    from ..io import check_output_file
    from .montecarlo import replicate
    from .study import chunk_range, settings_of, write_chunk

    check_output_file(args.out, _inputs(args))
    if args.at not in args.n:
        raise ConfigError(f"--at {args.at} is not in the grid --n {' '.join(map(str, args.n))}", where="--at")
    pop = _population(args)
    reps = chunk_range(args.replications, args.power_chunks, args.chunk)
    parts = replicate(pop, args.at, reps, boot=args.boot, seed=args.seed, alpha=args.alpha, interval=args.interval,
                      jobs=args.jobs or os.cpu_count() or 1)
    settings = settings_of(pop, sorted(set(args.n)), args.replications, args.boot, args.seed, args.alpha,
                           args.interval, args.power_target)
    write_chunk(args.out, parts, settings, inputs=_inputs(args))
    print(f"surveysem power-chunk: wrote {args.out} (n = {args.at}, replications {reps.start}-{reps.stop - 1})")
    return 0


def add_gather_arguments(p: argparse.ArgumentParser) -> None:
    _population_arguments(p)
    p.add_argument("--parts", nargs="+", required=True, help="every chunk file of the study (surveysem power-chunk)")
    p.add_argument("--n", type=whole_number(10), nargs="+", required=True, help="the study's grid of sample sizes")
    _grid_arguments(p)
    p.add_argument("--power-chunks", type=whole_number(1), default=1, help="chunks of each n's replications (1)")
    p.add_argument("--out", required=True, help="output folder (replaced as a whole when the run succeeds)")
    add_language_argument(p)


def run_gather(args: argparse.Namespace) -> int:
    from ..errors import ConfigError
    from ..io import check_output_dir
    from .study import PowerResult, read_chunks, settings_of

    inputs = _inputs(args) + list(args.parts)
    check_output_dir(args.out, inputs)
    pop = _population(args)
    parts, settings = read_chunks(args.parts)
    wanted = settings_of(pop, sorted(set(args.n)), args.replications, args.boot, args.seed, args.alpha, args.interval,
                         args.power_target)
    if settings != wanted:
        key = next(k for k in sorted(wanted) if settings.get(k) != wanted[k])
        raise ConfigError(f"the chunks were made with {key} = {settings.get(key)!r}, not {wanted[key]!r}",
                          where="--parts", fix="Run the chunks again with the study's settings")
    result = PowerResult.gather(parts, settings, pop)
    result.write(args.out, inputs=inputs)
    print(f"surveysem power-gather: wrote {args.out} from {len(args.parts)} chunk file(s)")
    return 0


CHUNK = SimpleNamespace(add_arguments=add_chunk_arguments, run=run_chunk)
GATHER = SimpleNamespace(add_arguments=add_gather_arguments, run=run_gather)
