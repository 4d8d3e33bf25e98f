"""Shared helpers of the peer scripts (run with the peer venv's python, never with ours).

Reads the lavaan model file into plain lists (each peer script then specifies the model in its own API), reads the
data with -99 as missing, and prints the JSON record the harness reads. Imports nothing from surveysem.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared"
DATA = SHARED / "datasets" / "corp_rep_data.csv"
MODELS = {
    "simple": SHARED / "reference" / "models" / "corp_rep_simple.lav",
    "extended": SHARED / "reference" / "models" / "corp_rep_extended.lav",
}
MISSING = -99


def parse_lav(path: Path):
    """(constructs, paths): constructs = [(name, "A" | "B", [items])] in file order; paths = [(from, to)]."""
    constructs, paths = [], []
    for raw in Path(path).read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"^(\w+)\s*(=~|<~|~)\s*(.+)$", line)
        if not m:
            raise ValueError(f"{path}: cannot read {raw!r}")
        lhs, op, rhs = m.groups()
        rhs = [t.strip() for t in rhs.split("+")]
        if op == "~":
            paths += [(src, lhs) for src in rhs]
        else:
            constructs.append((lhs, "A" if op == "=~" else "B", rhs))
    return constructs, paths


def read_data(items):
    """The model's items of corp_rep_data.csv as a pandas DataFrame, -99 -> NaN (the peer venv's pandas)."""
    import numpy as np
    import pandas as pd

    df = pd.read_csv(DATA)[items].astype(float)
    return df.mask(df == MISSING, np.nan)


def args(description: str):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--model", choices=sorted(MODELS), default="extended")
    p.add_argument("--boot", type=int, default=200, help="bootstrap resamples")
    p.add_argument("--workers", type=int, default=2, help="the peer's parallel option (processes)")
    p.add_argument("--seed", type=int, default=1)
    return p.parse_args()


def peak_rss_mib() -> dict:
    """Peak resident set size (ru_maxrss is KiB on Linux) of this process and of its largest waited-for child."""
    return {
        "peak_rss_self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_rss_children_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def emit(record: dict) -> None:
    record.update(peak_rss_mib())
    json.dump(record, sys.stdout, default=float)
    sys.stdout.write("\n")
    sys.stdout.flush()


def duplicate_count(rows) -> dict:
    """How many bootstrap draws (rows of path coefficients) are exact copies of an earlier draw."""
    import numpy as np

    a = np.round(np.asarray(rows, dtype=float), 12)
    uniq = np.unique(a, axis=0).shape[0] if a.size else 0
    return {"draws": int(a.shape[0]), "unique_draws": int(uniq), "duplicated_draws": int(a.shape[0] - uniq)}


def sign_flips(point: dict, draws, min_abs: float = 0.3) -> dict:
    """Draws whose sign differs from the point estimate, for paths with |estimate| >= min_abs (SE here is ~0.05,
    so an honest resample flips such a path essentially never)."""
    import numpy as np

    a = np.asarray(draws, dtype=float)
    keys = list(point)
    out = {}
    for k, key in enumerate(keys):
        if abs(point[key]) >= min_abs and a.size:
            out[key] = int((np.sign(a[:, k]) != np.sign(point[key])).sum())
    return {"sign_flipped_draws": out}
