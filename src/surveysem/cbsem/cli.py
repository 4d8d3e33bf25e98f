"""``surveysem cbsem``: covariance-based CFA/SEM cross-check with semopy (lavaan conventions).

Writes into ``--out`` as one all-or-nothing folder (see ``docs/cbsem.md``): ``fit.csv``,
``estimates.csv``, ``warnings.csv``, ``latent_correlations.csv``, ``r2.csv``, ``summary.txt``,
``run.json`` and, with ``--pls-dir``, ``comparison.csv`` and ``comparison.png``/``.svg``.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from ..options import add_language_argument, probability


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, help="questionnaire file (.csv, .xlsx, .sav)")
    parser.add_argument("--model", required=True, help="lavaan-syntax model (=~, <~, ~, ~~)")
    parser.add_argument("--out", required=True, help="output folder (replaced as a whole when the run succeeds)")
    parser.add_argument("--estimator", default="ML", type=str.upper, choices=["ML", "MLR"],
                        help="ML (default); MLR is not offered by semopy and falls back to ML with a note")
    parser.add_argument("--kind", default="sem", choices=["sem", "cfa"],
                        help="sem: full structural model (default); cfa: measurement model, latent covariances free")
    parser.add_argument("--composite", default="skip", choices=["skip", "reflective"],
                        help="composite (<~) constructs: skip the CB-SEM with a note (default) or fit them as reflective")
    parser.add_argument("--missing-value", dest="missing_values", action="extend", nargs="+", default=[],
                        metavar="CODE", help="code(s) meaning 'no answer', e.g. -99 (rows with one are dropped listwise)")
    parser.add_argument("--alpha", type=probability, default=0.05, help="significance level (0.05)")
    parser.add_argument("--pls-dir", default=None,
                        help="a 'surveysem pls --out' folder (paths.csv, loadings.csv) to compare against")
    parser.add_argument("--pls-ci", default="percentile", choices=["percentile", "bca"],
                        help="PLS bootstrap CI that decides significance in the comparison (percentile)")
    parser.add_argument("--no-figures", action="store_true", help="do not draw the comparison figure")
    add_language_argument(parser)


def _purified_items(pls_dir) -> list[str]:
    """Indicators the PLS step dropped in item purification (``item_purification.csv``, action ``dropped``)."""
    import pandas as pd

    p = Path(pls_dir) / "item_purification.csv"
    if not p.exists():
        return []
    t = pd.read_csv(p)
    if t.empty or "action" not in t:
        return []
    return t.loc[t["action"] == "dropped", "indicator"].astype(str).tolist()


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    import pandas as pd
    import semopy

    from ..data.read import read_table
    from ..errors import ConfigError
    from ..io import atomic_output_dir, check_output_dir, write_csv, write_json
    from ..model import read_model
    from .compare import compare_with_pls, comparison_figure, read_pls_tables, save_figure
    from .fit import fit_cbsem

    if not 0 < args.alpha < 1:
        raise ConfigError(f"--alpha {args.alpha} is not between 0 and 1", where="--alpha", fix="Use e.g. 0.05")
    inputs = (args.data, args.model, args.pls_dir)
    check_output_dir(args.out, inputs)
    model = read_model(args.model)
    data = read_table(args.data)
    pls = read_pls_tables(args.pls_dir) if args.pls_dir else None
    dropped = _purified_items(args.pls_dir) if args.pls_dir else []
    for item in dropped:  # compare like with like: the measurement model the PLS tables report
        model = model.without_indicator(item)
    if dropped:
        model = replace(model, covariances=tuple(c for c in model.covariances
                                                 if not {c.a, c.b} & set(dropped)))
    result = fit_cbsem(data, model, estimator=args.estimator, kind=args.kind, composite=args.composite,
                       missing_values=args.missing_values, alpha=args.alpha)
    if dropped:
        note = pd.DataFrame([{"kind": "item_purification", "severity": "note", "where": args.pls_dir,
                              "value": float(len(dropped)),
                              "message": f"items dropped by the PLS item purification are left out here too: "
                                         f"{', '.join(dropped)} (item_purification.csv)"}])
        result.warning_table = pd.concat([result.warning_table, note], ignore_index=True)
    comparison = None
    if pls is not None:
        comparison = compare_with_pls(result, pls[0], pls[1], alpha=args.alpha, pls_ci=args.pls_ci)
    with atomic_output_dir(args.out, inputs=inputs, made_by="surveysem cbsem") as out:
        write_csv(result.fit, out / "fit.csv")
        write_csv(result.estimates, out / "estimates.csv")
        write_csv(result.warning_table, out / "warnings.csv")
        write_csv(result.latent_correlations.rename_axis("construct").reset_index(), out / "latent_correlations.csv")
        write_csv(result.r2, out / "r2.csv")
        (out / "summary.txt").write_text(result.summary() + "\n", encoding="utf-8")
        if comparison is not None:
            write_csv(comparison, out / "comparison.csv")
            if not args.no_figures:
                save_figure(comparison_figure(comparison), out, "comparison")
        write_json({"command": "cbsem", "data": str(args.data), "model": str(args.model),
                    "pls_dir": args.pls_dir, "estimator_requested": args.estimator, "estimator": result.estimator,
                    "kind": args.kind, "composite": args.composite, "missing_values": args.missing_values,
                    "alpha": args.alpha, "n": result.n, "n_dropped": result.n_dropped, "converged": result.converged,
                    "skipped": result.skipped, "semopy": semopy.__version__, "syntax": result.syntax,
                    "warnings": result.warnings, "notes": result.notes}, out / "run.json")
    status = "skipped (see warnings.csv)" if result.skipped else (
        f"n = {result.n}, {'converged' if result.converged else 'NOT converged'}")
    print(f"surveysem cbsem: wrote {args.out} ({status}; {len(result.warnings)} warning(s) in warnings.csv)")
    return 0
