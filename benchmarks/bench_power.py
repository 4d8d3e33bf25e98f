"""Monte Carlo power grid on the Shopee model (issue 15): 6 sample sizes × 500 replications × 1,000 resamples.

The population is shopee_trust fitted as config.yaml fits it (clean, PLS with strict purification: 4 constructs,
15 items, 5 paths, 2 specific indirect effects); the grid n = 50, 75, 100, 150, 200, 300 with R = 500 replications
and B = 1,000 percentile-bootstrap resamples each is 3,000 estimates and 3,000,000 resample fits. One process,
``--jobs`` threads (2 on the project's machine). Target: ≤ 5 minutes on 2 cores, memory ≤ 2 GiB.

    .venv/bin/python benchmarks/bench_power.py                 # the issue's grid; writes results_power.json
    .venv/bin/python benchmarks/bench_power.py --reps 50       # a quick look

Peer cost (not re-run here; per-resample times in RESULTS.md and ../shared/reference/README.md): a tool without a
batched engine pays its per-resample time for each of the 3,000,000 fits (``estimate_s`` = fits × ms / 1000).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GRID = [50, 75, 100, 150, 200, 300]
#: per-resample wall times of the peers on the corporate-reputation simple model (n = 344, 2 cores / 2 processes),
#: the model closest in size to shopee_trust's: RESULTS.md (seminr-py 0.2.1, this machine) and the R seminr 2.3.2
#: timing of ../shared/reference/README.md
PEER_MS = {"R seminr 2.3.2 (2 cores)": 4.260, "seminr-py 0.2.1 (2 processes)": 3.666}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=500)
    ap.add_argument("--boot", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default=str(HERE / "results_power.json"))
    args = ap.parse_args()
    from surveysem.cli import main as cli
    from surveysem.power.population import from_study
    from surveysem.power.study import run_power

    data, model = ROOT / "data" / "shopee_trust" / "data.csv", ROOT / "data" / "shopee_trust" / "model.lav"
    with tempfile.TemporaryDirectory() as tmp:
        study = Path(tmp)
        assert cli(["clean", "--data", str(data), "--model", str(model), "--out", str(study / "cleaning"),
                    "--missing-value", "-99", "--id-column", "id"]) == 0
        assert cli(["pls", "--data", str(study / "cleaning" / "clean.csv"), "--model", str(model), "--out",
                    str(study / "pls"), "--assess", "--purify", "strict", "--seed", "2022", "--predict-reps", "1",
                    "--quiet"]) == 0
        pop = from_study(study / "pls")
        t0 = time.perf_counter()
        res = run_power(pop, GRID, args.reps, args.boot, seed=2022, jobs=args.jobs)
        wall = time.perf_counter() - t0
    fits = len(GRID) * args.reps * args.boot
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {"grid": GRID, "replications": args.reps, "boot": args.boot, "jobs": args.jobs, "wall_s": round(wall, 1),
           "resample_fits": fits, "us_per_resample_fit": round(1e6 * wall / fits, 2), "peak_rss_mib": round(peak),
           "cpu_count": os.cpu_count(), "python": sys.version.split()[0],
           "peers_estimated_s": {k: round(fits * ms / 1000) for k, ms in PEER_MS.items()},
           "peer_ms_per_resample": PEER_MS,
           "failed_replications": int(res.power.groupby("n")["failed"].max().sum()),
           "power_at_300": {r["effect"]: r["power"] for _, r in res.power[res.power["n"] == 300].iterrows()}}
    print(json.dumps(out, indent=2))
    if args.reps == 500 and args.boot == 1000:
        Path(args.out).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
