"""Bootstrap benchmark: surveysem against seminr-py, plspm and openpls-engine on the corp_rep models (issue 2).

Run with OUR venv (``.venv/bin/python benchmarks/bench_bootstrap.py``); the peers run as subprocesses with the
python of ``benchmarks/.peers/venv`` (made by ``benchmarks/setup_peers.sh``), so they are never imported here.

surveysem: for each model and for ``bca`` on (default) and off, a child process fits the model, runs one warm-up
bootstrap and ``--repeats`` timed bootstraps of ``--boot`` resamples (default 10,000, seed 1, ``n_jobs`` default =
all cores), and reports every wall time, the peak RSS of the child (``ru_maxrss``) and its RSS just before the first
bootstrap (so the bootstrap's own increment is visible). Peers: one run each per model with the B given by
``--peer-boot`` (their parallel option at ``--workers`` processes), reporting wall seconds, peak RSS and point paths.

Writes ``benchmarks/results.json``, prints a Markdown table, and refreshes the generated block of
``benchmarks/RESULTS.md`` (between the ``results:start``/``results:end`` markers; the notes around it are kept).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = Path(os.environ.get("SURVEYSEM_SHARED", REPO.parent / "shared"))
DATA = SHARED / "datasets" / "corp_rep_data.csv"
MODELS = {m: SHARED / "reference" / "models" / f"corp_rep_{m}.lav" for m in ("extended", "simple")}
REFERENCE = {m: SHARED / "reference" / "seminr" / f"corp_rep_{m}.json" for m in MODELS}
REFERENCE_BOOT = {m: SHARED / "reference" / "seminr" / f"corp_rep_{m}_bootstrap.json" for m in MODELS}
PEER_PYTHON = HERE / ".peers" / "venv" / "bin" / "python"
PEERS = ("seminr", "plspm", "openpls")
# R seminr 2.3.2 on this machine kind, 5,000 resamples (shared/reference/README.md); not re-measured here.
R_SEMINR = {"extended": {1: 157.8, 2: 77.1}, "simple": {1: 43.9, 2: 21.3}}


# ---------------------------------------------------------------------------------------------------- helpers
def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reference_paths(model: str) -> dict[str, float]:
    m = json.loads(REFERENCE[model].read_text())["path_coef_matrix"]
    return {f"{s}->{d}": v for s, row in m.items() for d, v in row.items() if v not in (0, None)}


def max_abs_diff(paths: dict[str, float], ref: dict[str, float]) -> float:
    if set(paths) != set(ref):
        return float("nan")
    return max(abs(paths[k] - ref[k]) for k in ref)


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "loadavg_start": list(os.getloadavg())}


# ---------------------------------------------------------------------------------------------------- ours
def ours_child(model: str, boot: int, repeats: int, bca: bool, seed: int) -> dict:
    """Runs inside a fresh process: fit, warm-up, timed repeats; prints nothing, returns the record."""
    import numpy as np
    import pandas as pd

    import surveysem
    from surveysem.pls import pls

    t0 = time.perf_counter()
    res = pls(str(DATA), str(MODELS[model]), missing_values=[-99])
    fit_s = time.perf_counter() - t0
    rss_before = rss_mib()
    b = res.bootstrap(boot=boot, seed=seed, bca=bca)  # warm-up (untimed)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        b = res.bootstrap(boot=boot, seed=seed, bca=bca)
        times.append(time.perf_counter() - t0)
    paths = {f"{r['from']}->{r['to']}": float(r["estimate"]) for _, r in res.paths.iterrows()}
    se = {f"{r['from']}->{r['to']}": float(r["se"]) for _, r in b.paths.iterrows()}
    ref_boot = json.loads(REFERENCE_BOOT[model].read_text()) if REFERENCE_BOOT[model].exists() else None
    return {
        "engine": "surveysem", "version": getattr(surveysem, "__version__", "dev"), "numpy": np.__version__,
        "source": str(Path(surveysem.__file__).resolve().parent),
        "pandas": pd.__version__, "model": model, "boot": boot, "bca": bca, "seed": seed,
        "n_jobs": os.cpu_count(), "ok": b.n_ok, "failed": int(len(b.failed)), "fit_s": fit_s,
        "times_s": times, "median_s": statistics.median(times), "min_s": min(times),
        "rss_before_boot_mib": rss_before,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "paths": paths, "boot_se": se, "has_reference_boot": ref_boot is not None,
    }


def run_ours(model: str, boot: int, repeats: int, bca: bool, seed: int, baseline: str | None = None,
             blas_threads: int | None = None) -> dict:
    """One surveysem configuration in a fresh child; ``baseline`` = another checkout's ``src`` to import instead
    (e.g. main before a change), ``blas_threads`` = OMP/OPENBLAS_NUM_THREADS of the child."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_child", model, str(boot), str(repeats),
           "1" if bca else "0", str(seed)]
    env = dict(os.environ)
    if baseline:
        env["PYTHONPATH"] = str(Path(baseline).resolve())
    if blas_threads:
        env["OMP_NUM_THREADS"] = env["OPENBLAS_NUM_THREADS"] = str(blas_threads)
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env)
    variant = variant_label(baseline, blas_threads)
    if out.returncode != 0:
        return {"engine": "surveysem", "model": model, "bca": bca, "variant": variant,
                "error": out.stderr.strip()[-2000:]}
    rec = json.loads(out.stdout.strip().splitlines()[-1])
    rec["variant"] = variant
    return rec


def variant_label(baseline: str | None, blas_threads: int | None) -> str:
    parts = ([f"baseline {baseline}"] if baseline else []) + ([f"BLAS threads {blas_threads}"] if blas_threads else [])
    return ", ".join(parts)


# ---------------------------------------------------------------------------------------------------- peers
def run_peer(peer: str, model: str, boot: int, workers: int, seed: int, timeout: float) -> dict:
    if not PEER_PYTHON.exists():
        return {"peer": peer, "model": model, "error": f"{PEER_PYTHON} missing: run benchmarks/setup_peers.sh"}
    cmd = [str(PEER_PYTHON), str(HERE / "peers" / f"{peer}_boot.py"), "--model", model, "--boot", str(boot),
           "--workers", str(workers), "--seed", str(seed)]
    t0 = time.perf_counter()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE / "peers", timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"peer": peer, "model": model, "boot": boot, "error": f"timed out after {timeout:.0f} s"}
    process_s = time.perf_counter() - t0
    if out.returncode != 0:
        return {"peer": peer, "model": model, "boot": boot, "error": out.stderr.strip()[-2000:]}
    rec = json.loads(out.stdout.strip().splitlines()[-1])
    rec["process_s"] = process_s  # interpreter start + imports + fit + bootstrap
    return rec


# ---------------------------------------------------------------------------------------------------- report
def fmt_ms(x: float) -> str:
    return f"{x * 1e3:.3f}" if x < 0.01 else f"{x * 1e3:.1f}"


def table(results: dict) -> str:
    lines = []
    m = results["machine"]
    lines.append(f"Machine: {m['nproc']} cores, {m['cpu']}, Python {m['python']}; run {m['date']}; "
                 f"load average at start {m['loadavg_start'][0]:.2f}, at end {m['loadavg_end'][0]:.2f}.")
    lines.append("")
    for model in results["models"]:
        ours = [r for r in results["surveysem"] if r["model"] == model and "error" not in r]
        base = next((r for r in ours if r["bca"] and not r.get("variant")), None)
        base_nobca = next((r for r in ours if not r["bca"] and not r.get("variant")), None)
        per_ours = base["median_s"] / base["boot"] if base else float("nan")
        per_ours_nobca = base_nobca["median_s"] / base_nobca["boot"] if base_nobca else float("nan")
        ref = reference_paths(model)
        lines.append(f"**{model} model** (n = 344; max |path − R seminr 2.3.2| against "
                     f"`shared/reference/seminr/corp_rep_{model}.json`)")
        lines.append("")
        lines.append("| engine | B | workers | wall s (median) | ms / resample | peer ÷ surveysem (BCa on / off) "
                     "| peak RSS MiB | max abs path diff | duplicated draws |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in ours:
            lines.append(
                f"| surveysem{' (bca=False)' if not r['bca'] else ''}"
                f"{' [' + r['variant'] + ']' if r.get('variant') else ''} | {r['boot']:,} | {r['n_jobs']} threads "
                f"| {r['median_s']:.3f} (min {r['min_s']:.3f}, {len(r['times_s'])} runs) "
                f"| {fmt_ms(r['median_s'] / r['boot'])} | 1 | {r['peak_rss_mib']:.0f} "
                f"(before boot {r['rss_before_boot_mib']:.0f}) | {max_abs_diff(r['paths'], ref):.1e} | 0 by design |")
        for r in results["peers"]:
            if r.get("model") != model:
                continue
            if "error" in r:
                lines.append(f"| {r['peer']} | {r.get('boot', '')} | | failed: {r['error'].splitlines()[-1][:120]} "
                             f"| | | | | |")
                continue
            per = r["wall_s"] / r["boot"]
            d = max_abs_diff(r["paths"], ref)
            extra = ""
            if "paths_prestandardized" in r:
                extra = f" (pre-standardized: {max_abs_diff(r['paths_prestandardized'], ref):.1e})"
            lines.append(
                f"| {r['peer']} {r['version']} | {r['boot']:,} | {r['workers']} processes | {r['wall_s']:.2f} "
                f"| {fmt_ms(per)} | {per / per_ours:,.0f}× / {per / per_ours_nobca:,.0f}× "
                f"| {r['peak_rss_self_mib']:.0f} (largest worker {r['peak_rss_children_mib']:.0f}) | {d:.1e}{extra} "
                f"| {r['duplicated_draws']} of {r['draws']} |")
        for cores, secs in sorted(R_SEMINR[model].items(), reverse=True):
            per = secs / 5000
            lines.append(f"| R seminr 2.3.2 (README, not this run) | 5,000 | {cores} core{'s' if cores > 1 else ''} "
                         f"| {secs:.1f} | {fmt_ms(per)} | {per / per_ours:,.0f}× / {per / per_ours_nobca:,.0f}× "
                         f"| | 0 (reference) | |")
        lines.append("")
    lines.append("Wall time excludes interpreter start, imports and the point estimate (each peer's `fit_s` is "
                 "subtracted; plspm/openpls poll their workers once a second, which is inside their wall time). "
                 "Peak RSS is `ru_maxrss`: surveysem's whole benchmark child process; for the peers the parent "
                 "process and, in brackets, its largest worker.")
    return "\n".join(lines)


def update_results_md(text: str, block: str = "results") -> None:
    """Replace the generated block ``<!-- {block}:start -->`` … ``<!-- {block}:end -->`` of RESULTS.md."""
    path = HERE / "RESULTS.md"
    start, end = f"<!-- {block}:start -->", f"<!-- {block}:end -->"
    if not path.exists():
        return
    doc = path.read_text()
    if start in doc and end in doc:
        head, rest = doc.split(start, 1)
        _, tail = rest.split(end, 1)
        path.write_text(f"{head}{start}\n{text}\n{end}{tail}")


# ---------------------------------------------------------------------------------------------------- main
def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--_child":
        model, boot, repeats, bca, seed = sys.argv[2:7]
        rec = ours_child(model, int(boot), int(repeats), bca == "1", int(seed))
        print(json.dumps(rec))
        return
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--models", nargs="+", default=["extended", "simple"], choices=list(MODELS))
    p.add_argument("--boot", type=int, default=10_000, help="surveysem resamples (default 10,000)")
    p.add_argument("--repeats", type=int, default=5, help="timed surveysem runs after one warm-up (median reported)")
    p.add_argument("--peer-boot", nargs="*", default=["seminr=1000", "plspm=200", "openpls=200"],
                   metavar="PEER=B", help="resamples per peer (default seminr=1000 plspm=200 openpls=200)")
    p.add_argument("--peers", nargs="*", default=list(PEERS), choices=list(PEERS), help="peers to run (none: skip)")
    p.add_argument("--workers", type=int, default=2, help="peers' worker processes (default 2)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--baseline-src", metavar="DIR", help="also time the surveysem in DIR (another checkout's src/, "
                   "e.g. main before a change) in the same run; its rows are labelled [baseline DIR]")
    p.add_argument("--blas-threads", nargs="*", type=int, default=[], metavar="N",
                   help="also time with OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=N (this checkout pins BLAS to one "
                        "thread inside, so this shows what the environment no longer changes)")
    p.add_argument("--peer-timeout", type=float, default=1800.0, help="seconds before a peer run is abandoned")
    p.add_argument("--out", default=str(HERE / "results.json"))
    p.add_argument("--no-update-md", action="store_true", help="do not refresh the table in RESULTS.md")
    p.add_argument("--from-json", metavar="FILE", help="only re-render the table of an earlier results.json")
    a = p.parse_args()
    if a.from_json:
        text = table(json.loads(Path(a.from_json).read_text()))
        print(text)
        if not a.no_update_md:
            update_results_md(text)
        return
    peer_boot = dict(kv.split("=") for kv in a.peer_boot)

    results: dict = {"machine": machine(), "models": a.models, "surveysem": [], "peers": [],
                     "command": " ".join([Path(sys.executable).name] + sys.argv)}
    for model in a.models:
        for bca in (True, False):
            print(f"surveysem {model} bca={bca}: {a.boot} resamples x (1 warm-up + {a.repeats}) ...",
                  file=sys.stderr, flush=True)
            variants = [(None, None)] + [(None, t) for t in a.blas_threads]
            if a.baseline_src:
                variants += [(a.baseline_src, None)] + [(a.baseline_src, t) for t in a.blas_threads]
            for baseline, threads in variants:
                r = run_ours(model, a.boot, a.repeats, bca, a.seed, baseline, threads)
                results["surveysem"].append(r)
                print(f"  {r['variant'] or 'this checkout'} -> {r.get('median_s', r.get('error'))}",
                      file=sys.stderr, flush=True)
        for peer in a.peers:
            B = int(peer_boot.get(peer, 200))
            print(f"{peer} {model}: {B} resamples, {a.workers} workers ...", file=sys.stderr, flush=True)
            r = run_peer(peer, model, B, a.workers, a.seed, a.peer_timeout)
            results["peers"].append(r)
            print(f"  -> {r.get('wall_s', r.get('error'))}", file=sys.stderr, flush=True)
    results["machine"]["loadavg_end"] = list(os.getloadavg())
    Path(a.out).write_text(json.dumps(results, indent=1, default=float) + "\n")
    text = table(results)
    print(text)
    if not a.no_update_md:
        update_results_md(text)


if __name__ == "__main__":
    main()
