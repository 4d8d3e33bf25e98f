"""Multigroup benchmark (issue 14): corp_rep_simple by ``servicetype`` (n = 125 / 219, −99 = missing), 5,000
permutations (permutation test + MICOM on the same relabellings) and 2 × 5,000 group bootstraps, surveysem beside
R cSEM 0.6.1's recorded times on this machine kind (``shared/reference/csem/corp_rep_simple_mgd_micom.json``
``meta.elapsed_s``: ``resamplecSEMResults`` 2 × 5,000 = 170 s, ``testMGD`` 5,000 permutations = 802 s,
``testMICOM`` 5,000 = 120 s).

Run with OUR venv: ``.venv/bin/python benchmarks/bench_groups.py [--repeats 3]``. Prints a Markdown block for
``benchmarks/RESULTS.md``. What is timed (median of the repeats after one untimed warm-up, ``n_jobs`` default =
cores):

* ``multigroup(..., permutations=0, boot=5000)``: group estimates, 2 × 5,000 group bootstraps, the pooled bootstrap
  for the smallest significant path (5,000, no BCa), the tables;
* ``multigroup(..., permutations=5000, boot=5000)``: the whole analysis; the difference is the 5,000 permutations
  (2 group fits each, 10,000 fits) with MICOM steps 2 and 3.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

import pandas as pd

from surveysem.groups import multigroup
from surveysem.model import read_model

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
DATA = SHARED / "datasets" / "corp_rep_data.csv"
MODEL = SHARED / "reference" / "models" / "corp_rep_simple.lav"
CSEM = SHARED / "reference" / "csem" / "corp_rep_simple_mgd_micom.json"


def timed(repeats: int, **kw) -> float:
    data = pd.read_csv(DATA)
    model = read_model(MODEL)
    multigroup(data, model, "servicetype", missing_values=[-99], seed=1, **kw)  # warm-up
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        multigroup(data, model, "servicetype", missing_values=[-99], seed=1, **kw)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    boot_only = timed(args.repeats, permutations=0, boot=5000)
    whole = timed(args.repeats, permutations=5000, boot=5000)
    ref = json.loads(CSEM.read_text())["meta"]["elapsed_s"]
    load = os.getloadavg()[0]
    rows = [
        ("2 × 5,000 group bootstraps (+ 5,000 pooled, no BCa)", boot_only, f"{ref['bootstrap']:.0f} (bootstrap only)"),
        ("5,000 permutations + MICOM (by difference)", whole - boot_only,
         f"{ref['testMGD']:.0f} + {ref['testMICOM']:.0f}"),
        ("whole `multigroup` (permutations 5,000, boot 5,000)", whole,
         f"{ref['bootstrap'] + ref['testMGD'] + ref['testMICOM']:.0f}"),
    ]
    print(f"Run on {time.strftime('%Y-%m-%d')} ({os.cpu_count()} cores, load average {load:.2f} at the end), "
          f"median of {args.repeats} after a warm-up.\n")
    print("| step | surveysem (s) | R cSEM 0.6.1 (s) |")
    print("|---|---:|---:|")
    for name, t, r in rows:
        print(f"| {name} | {t:.2f} | {r} |")


if __name__ == "__main__":
    main()
