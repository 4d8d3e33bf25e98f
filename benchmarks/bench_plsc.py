"""PLSc benchmark (issue 13): 5,000 bootstrap resamples of the corp_rep simple model by consistent PLS.

The model is ``shared/reference/models/corp_rep_simple.lav`` (every construct ``=~``, i.e. reflective: the model of
``shared/reference/seminr/corp_rep_simple_plsc.json``), n = 344, −99 = missing (mean replacement redone in every
resample). Run with OUR venv: ``.venv/bin/python benchmarks/bench_plsc.py`` (``--help`` for options).

* surveysem: ``pls(data, model, missing_values=[-99], consistent=True).bootstrap(boot=5000, seed=1)`` (BCa on, the
  default; ``n_jobs`` = cores), in a fresh child process: one untimed warm-up, ``--repeats`` timed runs, median.
  Inadmissible resamples are left out and counted (cSEM's default); the check is part of the timed work.
* seminr-py 0.2.1 (``peers/seminr_plsc_boot.py``, the peer venv of ``setup_peers.sh``): every construct
  ``reflective()``, ``bootstrap_model(cores=2)``, one run with ``--peer-boot`` resamples (default 1,000).
* R: cSEM 0.6.1's PLSc bootstrap of the same model, 5,000 resamples, 42.0 s (``elapsed_s`` of
  ``shared/reference/csem/corp_rep_simple_cSEM.json``, block ``PLSc_bootstrap_5000``; same machine kind, not
  re-measured). The R seminr 2.3.2 PLSc bootstrap was not timed in the reference; its plain bootstrap of this
  model took 43.9 s (1 core) / 21.3 s (2 cores).

Writes ``benchmarks/results_plsc.json`` and refreshes the block between ``<!-- plsc:start -->`` and
``<!-- plsc:end -->`` in ``benchmarks/RESULTS.md``.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_bootstrap import DATA, HERE, MODELS, REPO, SHARED, fmt_ms, machine, rss_mib, run_peer, update_results_md

REFERENCE_PLSC = SHARED / "reference" / "seminr" / "corp_rep_simple_plsc.json"
CSEM = SHARED / "reference" / "csem" / "corp_rep_simple_cSEM.json"


def ours_child(boot: int, repeats: int, seed: int) -> dict:
    import surveysem
    from surveysem.pls import pls

    t0 = time.perf_counter()
    res = pls(str(DATA), str(MODELS["simple"]), missing_values=[-99], consistent=True)
    fit_s = time.perf_counter() - t0
    rss_before = rss_mib()
    b = res.bootstrap(boot=boot, seed=seed)  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        b = res.bootstrap(boot=boot, seed=seed)
        times.append(time.perf_counter() - t0)
    ref = json.loads(REFERENCE_PLSC.read_text())
    theirs = {f"{p['from']}->{p['to']}": p["coef"] for p in ref["path_coefficients"]}
    paths = {f"{r['from']}->{r['to']}": float(r["estimate"]) for _, r in res.paths.iterrows()}
    return {"engine": "surveysem", "version": getattr(surveysem, "__version__", "dev"), "boot": boot, "seed": seed,
            "ok": b.n_ok, "inadmissible": int(b.settings.get("n_inadmissible", 0)), "fit_s": fit_s,
            "times_s": times, "median_s": statistics.median(times), "min_s": min(times),
            "rss_before_boot_mib": rss_before,
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "paths": paths, "max_abs_path_diff_seminr_plsc": max(abs(paths[k] - theirs[k]) for k in theirs),
            "boot_se": {f"{r['from']}->{r['to']}": float(r["se"]) for _, r in b.paths.iterrows()}}


def table(res: dict) -> str:
    m = res["machine"]
    ours = res["surveysem"]
    csem = res["csem"]
    rows = ["| engine | B | workers | wall s | ms / resample | peer ÷ surveysem | admissible draws | max abs path diff "
            "(PLSc, vs R seminr 2.3.2) |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    if "error" in ours:
        return "surveysem failed: " + ours["error"]
    per = ours["median_s"] / ours["boot"]
    rows.append(f"| surveysem | {ours['boot']:,} | {os.cpu_count()} threads | {ours['median_s']:.3f} (min "
                f"{ours['min_s']:.3f}, {len(ours['times_s'])} runs) | {fmt_ms(per)} | 1 | {ours['ok']:,} "
                f"({ours['inadmissible']:,} inadmissible left out) | {ours['max_abs_path_diff_seminr_plsc']:.1e} |")
    for p in res["peers"]:
        if "error" in p:
            rows.append(f"| {p['peer']} | {p.get('boot', '')} | | error: {p['error'][:80]} | | | | |")
            continue
        pp = p["wall_s"] / p["boot"]
        rows.append(f"| seminr-py {p.get('version', '')} (PLSc) | {p['boot']:,} | {p['workers']} processes | "
                    f"{p['wall_s']:.2f} | {fmt_ms(pp)} | {pp / per:,.0f}× | {p['ok']:,} (no check) | "
                    f"{max(abs(p['paths'][k] - ours['paths'][k]) for k in ours['paths']):.1e} (vs surveysem) |")
    pc = csem["elapsed_s"] / 5000
    rows.append(f"| R cSEM 0.6.1 PLSc (reference, not this run) | 5,000 | 1 core | {csem['elapsed_s']:.1f} | "
                f"{fmt_ms(pc)} | {pc / per:,.0f}× | {csem['n_ok']:,} ('drop') | 1.3e-11 |")
    head = (f"Machine: {m['nproc']} cores, {m['cpu']}, Python {m['python']}; run {m['date']}; load average at start "
            f"{m['loadavg_start'][0]:.2f}, at end {m['loadavg_end'][0]:.2f}. Command: `{res['command']}`.")
    return head + "\n\n" + "\n".join(rows)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--_child":
        print(json.dumps(ours_child(*map(int, sys.argv[2:5]))))
        return
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--boot", type=int, default=5000)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--peer-boot", type=int, default=1000, help="seminr-py resamples (0: skip the peer)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--out", default=str(HERE / "results_plsc.json"))
    p.add_argument("--no-update-md", action="store_true")
    a = p.parse_args()
    results: dict = {"machine": machine(), "command": " ".join([Path(sys.executable).name] + sys.argv), "peers": []}
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--_child", str(a.boot), str(a.repeats),
                          str(a.seed)], capture_output=True, text=True, cwd=REPO)
    results["surveysem"] = (json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0
                            else {"error": out.stderr.strip()[-2000:]})
    if a.peer_boot:
        results["peers"].append(run_peer("seminr_plsc", "simple", a.peer_boot, a.workers, a.seed, 3600.0))
    csem = json.loads(CSEM.read_text())["PLSc_bootstrap_5000"]
    results["csem"] = {"elapsed_s": csem["elapsed_s"], "n_ok": csem["n_ok"], "call": csem["call"]}
    results["machine"]["loadavg_end"] = list(os.getloadavg())
    Path(a.out).write_text(json.dumps(results, indent=1, default=float) + "\n")
    text = table(results)
    print(text)
    if not a.no_update_md:
        update_results_md(text, "plsc")


if __name__ == "__main__":
    main()
