"""Run many fuzz cases and print the counts (issue 17: ≥ 10,000 data files and ≥ 10,000 model texts).

    python tests/fuzz/run_fuzz.py --data 10000 --models 10000 [--cli-every 20] [--seed 1] [--json out.json]

Each case is a mutation of an example data file or model text (tests/fuzz/fuzzlib.py says which mutations exist and
what their correct outcome is). Data cases are read (read_table, numeric_items) and estimated; model cases are
read (read_model) and estimated on the seed's data; every ``--cli-every``-th case goes through the ``surveysem pls``
command instead (estimate only, or a bootstrap of 20 resamples every 5th of those). The report gives the number of
cases, the outcomes (ok, user error by class, traceback, hang, bad message, silently wrong) and one example of each
distinct failure. Exit status 1 when any case is a traceback, a hang, a bad message or silently wrong.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fuzzlib


def run(n_data: int, n_models: int, seed: int, cli_every: int, progress: bool = True) -> dict:
    warnings.simplefilter("error", RuntimeWarning)  # a numpy warning reaching the user counts as a traceback
    rng = random.Random(seed)
    seeds = fuzzlib.seeds()
    outcomes = []
    start = time.perf_counter()
    total = n_data + n_models
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for k in range(total):
            kind = "data" if k < n_data else "model"
            s = rng.choice(seeds)
            case_rng = random.Random(rng.getrandbits(64))
            case = fuzzlib.mutate_data(s, case_rng) if kind == "data" else fuzzlib.mutate_model(s, case_rng)
            folder = tmp / f"c{k}"
            folder.mkdir()
            if cli_every and k % cli_every == 0:
                boot = 20 if (k // cli_every) % 5 == 0 else 0
                out = fuzzlib.run_cli_case(case, folder, boot=boot)
            elif kind == "data":
                out = fuzzlib.run_data_case(case, folder)
            else:
                out = fuzzlib.run_model_case(case, folder)
            outcomes.append(out)
            for p in sorted(folder.rglob("*"), reverse=True):
                p.rmdir() if p.is_dir() else p.unlink()
            folder.rmdir()
            if progress and (k + 1) % 500 == 0:
                bad = sum(o.status in ("traceback", "hang", "bad_message", "wrong") for o in outcomes)
                print(f"  {k + 1}/{total} cases, {bad} failures, {time.perf_counter() - start:.0f} s", file=sys.stderr)
    data_out = [o for o in outcomes if o.case.kind == "data"]
    model_out = [o for o in outcomes if o.case.kind == "model"]
    report = {"seed": seed, "wall_seconds": round(time.perf_counter() - start, 1),
              "seeds": [s.name for s in seeds],
              "data": fuzzlib.summarize(data_out), "models": fuzzlib.summarize(model_out),
              "cli_cases": sum(1 for k in range(total) if cli_every and k % cli_every == 0)}
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=int, default=1000, help="mutated data files")
    ap.add_argument("--models", type=int, default=1000, help="mutated model texts")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cli-every", type=int, default=20, help="every k-th case runs `surveysem pls` (0 = never)")
    ap.add_argument("--json", help="also write the report here")
    args = ap.parse_args(argv)
    report = run(args.data, args.models, args.seed, args.cli_every)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")
    bad = sum(report[k]["status"].get(s, 0) for k in ("data", "models")
              for s in ("traceback", "hang", "bad_message", "wrong"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
