"""Advanced-model benchmark (issue 13): 5,000 bootstrap resamples of the two-stage moderation model and of the PLSc
model, surveysem beside seminr-py 0.2.1 (same run) and R seminr 2.3.2 (the reference's own timing).

Models (both on ``shared/datasets/corp_rep_data.csv``, n = 344, −99 = missing, mean replacement redone per
resample as seminr does):

* ``moderation``: the extended corp_rep model plus SC (switch_1..4) moderating CUSA → CUSL, ``CUSA:SC`` by the
  two-stage method (Hair et al. 2021, *PLS-SEM Using R*, ch. 8; the model of
  ``shared/reference/scripts/seminr_moderation.R``, whose ``bootstrap_model(nboot = 5000, cores = 2)`` took
  233.9 s, recorded in ``shared/reference/seminr/corp_rep_moderation.json``);
* ``plsc``: corp_rep_simple with every construct reflective, estimated by consistent PLS (seminr: ``reflective()``;
  surveysem: ``consistent=True``); R seminr has no timing of it in the reference, R cSEM's PLSc bootstrap of the
  same model has (42.0 s for 5,000, ``shared/reference/csem/corp_rep_simple_cSEM.json``).

Run with OUR venv: ``.venv/bin/python benchmarks/bench_advanced.py`` (peers through ``benchmarks/.peers/venv``, made
by ``setup_peers.sh``). Writes ``benchmarks/results_advanced.json`` and the ``advanced`` block of RESULTS.md.
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

from bench_bootstrap import DATA, HERE, MODELS, PEER_PYTHON, REPO, SHARED, fmt_ms, machine, rss_mib, update_results_md

MODERATION = (MODELS["extended"].read_text().replace("CUSL ~ COMP + LIKE + CUSA", "CUSL ~ COMP + LIKE + CUSA + SC + CUSA:SC")
              + "\nSC =~ switch_1 + switch_2 + switch_3 + switch_4\n")
SETUPS = {
    "moderation": dict(model=MODERATION, kwargs=dict(interaction="two_stage"), peer="two_stage",
                       reference=SHARED / "reference" / "seminr" / "corp_rep_moderation.json"),
    "plsc": dict(model=MODELS["simple"].read_text(), kwargs=dict(consistent=True), peer="plsc",
                 reference=SHARED / "reference" / "seminr" / "corp_rep_simple_plsc.json"),
}


def r_seconds(name: str) -> tuple[str, float]:
    """The R reference's own time for 5,000 resamples: R seminr 2.3.2 ``bootstrap_model(nboot = 5000, cores = 2)``
    for the moderation model; R cSEM 0.6.1 ``csem(..., .disattenuate = TRUE, .R = 5000)`` (one core, inadmissible
    resamples dropped) for PLSc, which seminr's reference did not time."""
    if name == "moderation":
        return "R seminr 2.3.2, 2 cores", float(
            json.loads(SETUPS[name]["reference"].read_text())["two_stage"]["bootstrap"]["elapsed_s"])
    csem = json.loads((SHARED / "reference" / "csem" / "corp_rep_simple_cSEM.json").read_text())
    return "R cSEM 0.6.1, 1 core", float(csem["PLSc_bootstrap_5000"]["elapsed_s"])


def ours_child(name: str, boot: int, repeats: int, seed: int) -> dict:
    from surveysem.pls import pls

    setup = SETUPS[name]
    t0 = time.perf_counter()
    res = pls(str(DATA), setup["model"], missing_values=[-99], **setup["kwargs"])
    fit_s = time.perf_counter() - t0
    rss_before = rss_mib()
    b = res.bootstrap(boot=boot, seed=seed)  # warm-up (untimed)
    times, times_nobca = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        b = res.bootstrap(boot=boot, seed=seed)
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        res.bootstrap(boot=boot, seed=seed, bca=False)  # percentile intervals only, as the peers
        times_nobca.append(time.perf_counter() - t0)
    return {"median_nobca_s": statistics.median(times_nobca),"engine": "surveysem", "model": name, "boot": boot, "n_jobs": os.cpu_count(), "ok": b.n_ok,
            "failed": int(len(b.failed)), "fit_s": fit_s, "times_s": times, "median_s": statistics.median(times),
            "min_s": min(times), "rss_before_boot_mib": rss_before,
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "paths": {f"{r['from']}->{r['to']}".replace(":", "*"): float(r["estimate"]) for _, r in res.paths.iterrows()},
            "boot_se": {f"{r['from']}->{r['to']}".replace(":", "*"): float(r["se"]) for _, r in b.paths.iterrows()}}


def run_ours(name: str, boot: int, repeats: int, seed: int) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_child", name, str(boot), str(repeats), str(seed)]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if out.returncode != 0:
        return {"engine": "surveysem", "model": name, "error": out.stderr.strip()[-2000:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_peer(name: str, boot: int, workers: int, seed: int) -> dict:
    if not PEER_PYTHON.exists():
        return {"peer": "seminr", "model": name, "error": f"{PEER_PYTHON} missing: run benchmarks/setup_peers.sh"}
    cmd = [str(PEER_PYTHON), str(HERE / "peers" / "seminr_advanced_boot.py"), "--method", SETUPS[name]["peer"],
           "--boot", str(boot), "--workers", str(workers), "--seed", str(seed)]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE / "peers")
    if out.returncode != 0:
        return {"peer": "seminr", "model": name, "error": out.stderr.strip()[-2000:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def max_abs_diff(a: dict, b: dict) -> float:
    common = set(a) & set(b)
    return max(abs(a[k] - b[k]) for k in common) if common and set(a) == set(b) else float("nan")


def table(results: dict) -> str:
    m = results["machine"]
    lines = [f"Machine: {m['nproc']} cores, {m['cpu']}, Python {m['python']}; run {m['date']}; load average at start "
             f"{m['loadavg_start'][0]:.2f}, at end {m['loadavg_end'][0]:.2f}.", ""]
    for name in results["models"]:
        ours = next((r for r in results["surveysem"] if r["model"] == name), None)
        peer = next((r for r in results["peers"] if r["model"] in (name, SETUPS[name]["peer"])), None)
        lines += [f"**{name}** ({'two-stage interaction CUSA:SC' if name == 'moderation' else 'consistent PLS'})", "",
                  "| engine | B | workers | wall s (median) | ms / resample | peer ÷ surveysem (BCa on / off) | peak RSS MiB "
                  "| max abs path diff vs seminr-py |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
        if ours is None or "error" in ours:
            lines.append(f"| surveysem | | | failed: {(ours or {}).get('error', 'not run').splitlines()[-1][:150]} "
                         "| | | | |")
            lines.append("")
            continue
        per = ours["median_s"] / ours["boot"]
        per0 = ours["median_nobca_s"] / ours["boot"]
        lines.append(f"| surveysem | {ours['boot']:,} | {ours['n_jobs']} threads | {ours['median_s']:.3f} (min "
                     f"{ours['min_s']:.3f}, {len(ours['times_s'])} runs) | {fmt_ms(per)} | 1 "
                     f"| {ours['peak_rss_mib']:.0f} | |")
        lines.append(f"| surveysem (bca=False) | {ours['boot']:,} | {ours['n_jobs']} threads "
                     f"| {ours['median_nobca_s']:.3f} | {fmt_ms(per0)} | 1 | | |")
        if peer and "error" not in peer:
            pp = peer["wall_s"] / peer["boot"]
            lines.append(f"| seminr-py {peer['version']} | {peer['boot']:,} | {peer['workers']} processes "
                         f"| {peer['wall_s']:.2f} | {fmt_ms(pp)} | {pp / per:,.0f}× / {pp / per0:,.0f}× | {peer['peak_rss_self_mib']:.0f} "
                         f"| {max_abs_diff(ours['paths'], peer['paths']):.1e} |")
        elif peer:
            lines.append(f"| seminr-py | | | failed: {peer['error'].splitlines()[-1][:150]} | | | | |")
        label, secs = r_seconds(name)
        lines.append(f"| {label} (reference README, not this run) | 5,000 | | {secs:.1f} "
                     f"| {fmt_ms(secs / 5000)} | {secs / 5000 / per:,.0f}× / {secs / 5000 / per0:,.0f}× | | |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--_child":
        name, boot, repeats, seed = sys.argv[2:6]
        print(json.dumps(ours_child(name, int(boot), int(repeats), int(seed))))
        return
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--models", nargs="+", default=list(SETUPS), choices=list(SETUPS))
    p.add_argument("--boot", type=int, default=5000)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--peer-boot", nargs="*", default=["moderation=200", "plsc=1000"], metavar="MODEL=B",
                   help="seminr-py resamples per model (default moderation=200 plsc=1000: each about 10 s, so the "
                        "process pool's start-up is a small part of the time)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--no-update-md", action="store_true")
    a = p.parse_args()
    results: dict = {"machine": machine(), "models": a.models, "surveysem": [], "peers": [],
                     "command": " ".join([Path(sys.executable).name] + sys.argv)}
    peer_boot = {k: int(v) for k, v in (kv.split("=") for kv in a.peer_boot)}
    for name in a.models:
        print(f"surveysem {name}: {a.boot} resamples x (1 warm-up + {a.repeats}) ...", file=sys.stderr, flush=True)
        results["surveysem"].append(run_ours(name, a.boot, a.repeats, a.seed))
        B = peer_boot.get(name, 200)
        print(f"seminr-py {name}: {B} resamples ...", file=sys.stderr, flush=True)
        results["peers"].append(run_peer(name, B, a.workers, a.seed))
    results["machine"]["loadavg_end"] = list(os.getloadavg())
    (HERE / "results_advanced.json").write_text(json.dumps(results, indent=1, default=float) + "\n")
    text = table(results)
    print(text)
    if not a.no_update_md:
        update_results_md(text, block="advanced")


if __name__ == "__main__":
    main()
