"""Regenerate ``data.csv``: a synthetic replica of Wibowo & Safitri (2022) (Shopee trust, PLS-SEM, n = 75).

Run from the repository root::

    .venv/bin/python data/shopee_trust/make_data.py            # writes data/shopee_trust/data.csv (byte-for-byte)
    .venv/bin/python data/shopee_trust/make_data.py --check    # PLS + bootstrap on the cleaned data vs the paper
    .venv/bin/python data/shopee_trust/make_data.py --search 200   # seeds 1..200 that resemble the paper

The population values below are ours (the paper's raw data are not public). They were set so that the latent R²
of MB is ≈ 0.40 and R → MB is small; SEED was then chosen with ``--search`` as the first seed whose sample has no straight-liner or outlier besides the planted ones and, after
the cleaning step (−99 as missing, mean replacement), gives PLS results with the paper's pattern (see ``resembles``).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from surveysem.model import read_model
from surveysem.simulate import example_data_script, simulate_likert

HERE = Path(__file__).resolve().parent
N = 75
SEED = 59  # the first seed found by --search (see the module docstring)
MISSING_CODE = -99

SPEC = dict(
    loadings={"OCR": 0.82, "R": 0.84, "TRUST": [0.82, 0.80, 0.84, 0.50, 0.80], "MB": 0.82},
    paths={"OCR -> TRUST": 0.40, "R -> TRUST": 0.38, "OCR -> MB": 0.33, "R -> MB": 0.10, "TRUST -> MB": 0.33},
    exogenous_correlations={"OCR ~~ R": 0.35},
    skew=0.7,  # answers lean toward agreement (mean ≈ 3.7), as in student e-commerce surveys
)

#: realistic defects for the cleaning step: (respondent id, item) answered -99, and one straight-liner
MISSING_CELLS = [(12, "mb3"), (40, "ocr2"), (63, "trust1")]
STRAIGHT_LINER = 51  # answers 4 to every item


def build(seed: int = SEED) -> pd.DataFrame:
    """The data file as shipped: ``id`` plus the 16 items, with the defects above."""
    model = read_model(HERE / "model.lav")
    df = simulate_likert(model, n=N, seed=seed, **SPEC)
    df.insert(0, "id", np.arange(1, N + 1))
    df = df.set_index("id")
    df.loc[STRAIGHT_LINER, list(model.indicators)] = 4
    for rid, item in MISSING_CELLS:
        df.loc[rid, item] = MISSING_CODE
    return df.reset_index()


def analyse(df: pd.DataFrame, drop_weak: bool, boot: int = 1000) -> dict:
    """PLS on the cleaned data (defaults of the cleaning step), bootstrap t-values, R²(MB) and loadings."""
    from surveysem.data import clean_survey
    from surveysem.pls import pls

    model = read_model(HERE / "model.lav")
    if drop_weak:
        model = model.without_indicator("trust4")
    cleaned = clean_survey(df, model.indicators, missing_values=[MISSING_CODE], missing="mean").clean
    res = pls(cleaned, model)
    b = res.bootstrap(boot=boot, seed=1, bca=False)
    t = {f"{r['from']} -> {r['to']}": r["t"] for _, r in b.paths.iterrows()}
    eff = b.effects
    ind = eff[eff["kind"] == "specific_indirect"]
    t.update({f"{r['from']} -> {r['via']} -> {r['to']}": r["t"] for _, r in ind.iterrows()})
    r2 = res.r2.set_index("construct")["r2"]
    return dict(t=t, r2_mb=float(r2["MB"]), loadings=res.loadings.set_index("indicator")["estimate"],
                paths=res.paths)


def only_planted_defects(df: pd.DataFrame) -> bool:
    """The cleaning step flags exactly the planted defects (no natural straight-liner or outlier besides them)."""
    from surveysem.data import clean_survey

    model = read_model(HERE / "model.lav")
    fl = clean_survey(df, model.indicators, missing_values=[MISSING_CODE], id_column="id").flags
    return (fl.loc[fl["rule"] == "straightlining", "respondent"].tolist() == [str(STRAIGHT_LINER)]
            and set(fl["rule"]) == {"straightlining", "missing"})


def resembles(full: dict, purified: dict) -> bool:
    """The paper's pattern (Wibowo & Safitri 2022, hypothesis tests and R²): R² of MB within 0.393 ± 0.03; R → MB not
    significant (paper t = 1.028); OCR → MB, OCR → TRUST, R → TRUST, TRUST → MB and both indirect effects via
    TRUST significant (t > 1.96); trust4 the only loading below 0.708 (the paper dropped Z4)."""
    ok = True
    for res in (full, purified):
        t = res["t"]
        ok &= 0.36 <= res["r2_mb"] <= 0.42
        ok &= 0 < t["R -> MB"] < 1.96
        ok &= all(t[k] > 1.96 for k in ("OCR -> MB", "OCR -> TRUST", "R -> TRUST", "TRUST -> MB",
                                         "OCR -> TRUST -> MB", "R -> TRUST -> MB"))
    lo = full["loadings"]
    ok &= 0.3 < lo["trust4"] < 0.65 and (lo.drop("trust4") > 0.708).all()
    ok &= (purified["loadings"] > 0.708).all()
    return bool(ok)


def _check(df: pd.DataFrame) -> None:
    for drop in (False, True):
        r = analyse(df, drop)
        print(f"--- trust4 {'dropped' if drop else 'kept'}: R2(MB) = {r['r2_mb']:.3f}")
        print(r["paths"].to_string(index=False))
        print("\n".join(f"t({k}) = {v:.2f}" for k, v in r["t"].items()))
        print(r["loadings"].round(3).to_string())
    print("resembles the paper:", resembles(analyse(df, False), analyse(df, True)))
    print("cleaning flags only the planted defects:", only_planted_defects(df))


def _accepts(df: pd.DataFrame) -> bool:
    return only_planted_defects(df) and resembles(analyse(df, False, boot=500), analyse(df, True, boot=500))


def main(argv=None) -> int:
    return example_data_script(argv, __doc__, build, HERE / "data.csv", check=_check, accepts=_accepts)


if __name__ == "__main__":
    sys.exit(main())
