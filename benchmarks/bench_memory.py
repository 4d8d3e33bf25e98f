"""Peak memory of a large bootstrap (issue 17): 10,000 respondents × 60 items, B = 500, BCa on (the default).

Each configuration runs in a fresh child process that simulates the data (``surveysem.simulate``: 10 reflective
constructs × 6 five-point items, 9 paths), estimates the model, records its RSS, runs
``res.bootstrap(boot=500, seed=1)`` (so the n = 10,000 delete-one jackknife of the BCa runs as well) and reports
its peak RSS (``resource.getrusage(RUSAGE_SELF).ru_maxrss``: the whole process — interpreter, numpy/pandas/scipy,
data, estimate and bootstrap). Memory is what this script measures; wall times are printed as indicative only
(take timings on a quiet machine).

    .venv/bin/python benchmarks/bench_memory.py                      # the issue's case, refreshes RESULTS.md
    .venv/bin/python benchmarks/bench_memory.py --n 2000 --boot 200  # another size (RESULTS.md untouched)
    PYTHONPATH=/other/checkout/src .venv/bin/python benchmarks/bench_memory.py --no-update-md   # another version

Configurations: Likert answers (the survey case: every weighted sum is exact in one product) and, with
``--continuous``, the continuous data before cutting (two exact slices); ``--missing SHARE`` blanks that share of
the cells at random (mean replacement inside each resample).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench_bootstrap import rss_mib, update_results_md

HERE = Path(__file__).resolve().parent
TARGET_MIB = 1024


def model_text(constructs: int = 10, items: int = 6) -> str:
    lines = [f"C{k} =~ " + " + ".join(f"c{k}_{i}" for i in range(1, items + 1)) for k in range(1, constructs + 1)]
    lines += ["C5 ~ C1 + C2 + C3 + C4", "C6 ~ C5", "C7 ~ C6 + C1", "C8 ~ C7", "C9 ~ C8 + C2", "C10 ~ C9"]
    return "\n".join(lines) + "\n"


def child(n: int, boot: int, continuous: bool, missing: float, memory_mib: int | None) -> dict:
    import numpy as np

    import surveysem
    from surveysem.model import parse_model
    from surveysem.pls import pls
    from surveysem.simulate import simulate_continuous, simulate_likert

    model = parse_model(model_text())
    paths = {f"{p.source} -> {p.target}": 0.3 for p in model.paths}
    sim = simulate_continuous if continuous else simulate_likert
    data = sim(model, 0.75, paths, n=n, seed=11)
    if missing:
        rng = np.random.default_rng(5)
        items = list(model.indicators)
        vals = data[items].to_numpy(dtype=float, copy=True)
        vals[rng.random(vals.shape) < missing] = np.nan
        data[items] = vals
    t0 = time.perf_counter()
    res = pls(data, model)
    fit_s = time.perf_counter() - t0
    rss_before = rss_mib()
    kwargs = {} if memory_mib is None else {"memory": memory_mib * 2**20}
    t0 = time.perf_counter()
    b = res.bootstrap(boot=boot, seed=1, **kwargs)
    boot_s = time.perf_counter() - t0
    return {"surveysem": getattr(surveysem, "__version__", "dev"), "n": n, "items": len(model.indicators),
            "constructs": len(model.constructs), "boot": boot, "bca": True, "continuous": continuous,
            "missing_share": missing, "memory_mib": memory_mib, "n_ok": b.n_ok, "fit_s": fit_s,
            "boot_s_indicative": boot_s, "rss_before_boot_mib": rss_before,
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "jobs": os.cpu_count()}


def run_child(args: list[str]) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_child", *args]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        return {"error": out.stderr.strip()[-2000:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def render(records: list[dict], command: str) -> str:
    lines = [f"Command: `{command}`", "",
             "| data | n × items | B | BCa | peak RSS MiB | RSS before bootstrap MiB | target | bootstrap s (indicative) |",
             "|---|---:|---:|---|---:|---:|---|---:|"]
    for r in records:
        if "error" in r:
            lines.append(f"| failed: {r['error'].splitlines()[-1][:100]} | | | | | | | |")
            continue
        kind = "continuous" if r["continuous"] else "Likert 1-5"
        if r["missing_share"]:
            kind += f", {r['missing_share']:.0%} missing"
        ok = "met" if r["peak_rss_mib"] <= TARGET_MIB else "NOT met"
        lines.append(f"| {kind} | {r['n']:,} × {r['items']} | {r['boot']:,} | on (n jackknife fits) "
                     f"| {r['peak_rss_mib']:.0f} | {r['rss_before_boot_mib']:.0f} | ≤ {TARGET_MIB} ({ok}) "
                     f"| {r['boot_s_indicative']:.1f} |")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--_child":
        n, boot, continuous, missing, memory = sys.argv[2:7]
        print(json.dumps(child(int(n), int(boot), continuous == "1", float(missing),
                               None if memory == "default" else int(memory))))
        return
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=10_000)
    p.add_argument("--boot", type=int, default=500)
    p.add_argument("--continuous", action="store_true", help="also run the continuous (uncut) data")
    p.add_argument("--missing", type=float, default=0.0, help="also run with this share of cells missing")
    p.add_argument("--memory", type=int, default=None, help="bootstrap memory budget in MiB (default: the library's)")
    p.add_argument("--out", default=str(HERE / "results_memory.json"))
    p.add_argument("--no-update-md", action="store_true")
    a = p.parse_args()
    configs = [(False, 0.0)]
    if a.continuous:
        configs.append((True, 0.0))
    if a.missing:
        configs.append((False, a.missing))
    records = []
    for continuous, missing in configs:
        print(f"n = {a.n}, B = {a.boot}, continuous = {continuous}, missing = {missing} ...", file=sys.stderr,
              flush=True)
        r = run_child([str(a.n), str(a.boot), "1" if continuous else "0", str(missing),
                       "default" if a.memory is None else str(a.memory)])
        print(f"  -> {r.get('peak_rss_mib', r.get('error'))}", file=sys.stderr, flush=True)
        records.append(r)
    command = "python " + " ".join([str(Path(sys.argv[0]).as_posix())] + sys.argv[1:])
    Path(a.out).write_text(json.dumps({"command": command, "records": records}, indent=1) + "\n")
    text = render(records, command)
    print(text)
    default_case = a.n == 10_000 and a.boot == 500 and a.memory is None
    if default_case and not a.no_update_md:
        update_results_md(text, block="memory")


if __name__ == "__main__":
    main()
