"""``surveysem coding``: case × theme matrix, prevalence, co-occurrence, audit trail and (two coders) kappa.

Writes tidy CSV tables, ``summary.txt``, ``run.json`` and the heatmap (see ``docs/coding.md``) into ``--out`` as one
all-or-nothing folder.
"""
from __future__ import annotations

import argparse

from ..options import add_language_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--segments", required=True, help="coded segments: case, source, segment_id, theme, excerpt "
                                                          "[, coder] (.csv, .xlsx)")
    parser.add_argument("--codebook", required=True, help="codebook: theme, label, definition")
    parser.add_argument("--cases", default=None, help="optional case list: case plus descriptive columns")
    parser.add_argument("--out", required=True, help="output folder (replaced as a whole when the run succeeds)")
    parser.add_argument("--coder", default=None, help="coder whose coding builds the matrix (default: the first)")
    parser.add_argument("--no-figures", action="store_true", help="do not draw the heatmap")
    add_language_argument(parser)


def run(args: argparse.Namespace) -> int:
    from ..io import check_output_dir
    from .study import run_coding_study

    inputs = (args.segments, args.codebook, args.cases)
    check_output_dir(args.out, inputs)

    result = run_coding_study(args.segments, args.codebook, cases=args.cases, coder=args.coder)
    result.write(args.out, figures=not args.no_figures, inputs=inputs)
    m = result.meta
    print(f"surveysem coding: wrote {args.out} ({m['n_segments']} segments, {m['n_themes']} themes, "
          f"{m['n_cases']} cases; {len(result.warnings)} warning(s), listed in run.json)")
    return 0
