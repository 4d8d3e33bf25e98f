"""Bootstrap on shopee_trust replays R seminr 2.3.2's exact resamples (vendored references, no ../shared needed).

Reference (script ``tests/reference/scripts/own_data_seminr_bootstrap.R``): ``bootstrap_model(m, nboot = 1000,
cores = 1, seed = 123)`` on the model of ``own_data/shopee_trust.json``. Replicate i drew the 1-based rows
``set.seed(123 + i); sample.int(75, replace = TRUE)`` (``boot_indices_shopee_trust_seed123_n1000.csv.gz``, one line
per replicate); seminr resamples the raw rows (−99 already NA) and redoes mean replacement inside each resample, which
``PLSResult.bootstrap(indices=...)`` does as well. Summary layout: mean, SD (divisor B − 1), t = original / SD,
percentile bounds by R's ``quantile`` type 7; ``specific_effect_significance()`` and ``total_indirect_ci()``.
"""
from __future__ import annotations

import pandas as pd
import pytest
from conftest import OWN_DATA, ROOT, load_own
from reference.compare import assert_close

from surveysem.pls import pls

DRAW_TOL = 1e-14  # every path, loading and weight draw: measured ≤ 1.8e-15
TOL = 1e-14  # original, mean, SD, percentile bounds: measured ≤ 1.9e-15
T_TOL = 1e-14  # t relative to max(1, |t|) (t up to 30): measured ≤ 5.1e-15
COLUMNS = {"boot_mean": "boot_mean", "se": "boot_sd", "ci_low": "ci_2.5", "ci_high": "ci_97.5"}


@pytest.fixture(scope="module")
def replay():
    ref = load_own("shopee_trust_bootstrap.json")
    res = pls(ROOT / ref["meta"]["data_file"], ROOT / ref["meta"]["model_file"], missing_values=[-99])
    indices = pd.read_csv(OWN_DATA / "boot_indices_shopee_trust_seed123_n1000.csv.gz", header=None).to_numpy() - 1
    assert indices.shape == (ref["meta"]["nboot_requested"], ref["meta"]["n"])
    return res, res.bootstrap(indices=indices, seed=None), ref


def _pairs(table: dict) -> dict:
    """seminr's row labels ``"OCR -> TRUST"`` / ``"ocr1 -> OCR"`` as (left, right) tuples."""
    return {tuple(s.strip() for s in key.split("->")): v for key, v in table.items()}


def _compare_summary(ours: pd.DataFrame, theirs: dict, what: str) -> None:
    ref = pd.DataFrame(_pairs(theirs)).T
    ours = ours.loc[list(ref.index)]
    assert_close(ours["estimate"], ref["original"], TOL, f"shopee_trust bootstrap: {what} original")
    for col, key in COLUMNS.items():
        assert_close(ours[col], ref[key], TOL, f"shopee_trust bootstrap: {what} {col}")
    assert_close(ours["t"], ref["t"], T_TOL, f"shopee_trust bootstrap: {what} t", relative=True)


def test_every_replicate_succeeds_like_seminr(replay):
    _, boot, ref = replay
    assert ref["meta"]["failed_replicates"] == []
    assert boot.n_ok == boot.n_requested == ref["meta"]["nboot_ok"] == 1000
    assert boot.failed.empty


@pytest.mark.parametrize("kind,csv", [("path", "shopee_trust_boot_path_draws_cores1.csv.gz"),
                                      ("loading/weight", "shopee_trust_boot_loading_weight_draws_cores1.csv.gz")])
def test_replayed_draws_equal_seminr_draws(replay, kind, csv):
    _, boot, _ = replay
    theirs = pd.read_csv(OWN_DATA / csv)
    if kind == "path":  # seminr names path columns "OCR->TRUST"
        theirs.columns = [f"path:{c}" for c in theirs.columns]
    ours = boot.draws_frame()[list(theirs.columns)]
    assert len(ours) == len(theirs) == 1000
    assert_close(ours.stack(), theirs.stack(), DRAW_TOL, f"shopee_trust bootstrap: every {kind} draw")


def test_path_and_total_effect_summaries_match_seminr(replay):
    _, boot, ref = replay
    eff = boot.effects
    _compare_summary(eff[eff.kind == "direct"].set_index(["from", "to"]), ref["paths"], "paths")
    _compare_summary(eff[eff.kind == "total"].set_index(["from", "to"]), ref["total_paths"], "total effects")


def test_loading_and_weight_summaries_match_seminr(replay):
    _, boot, ref = replay
    _compare_summary(boot.loadings.set_index(["indicator", "construct"]), ref["loadings"], "loadings")
    _compare_summary(boot.weights.set_index(["indicator", "construct"]), ref["weights"], "weights")


def test_htmt_summary_matches_seminr(replay):
    _, boot, ref = replay
    h = boot.htmt.set_index(["construct_a", "construct_b"])  # same pair order as seminr's labels here
    _compare_summary(h, ref["htmt"], "HTMT")


def test_specific_indirect_effects_and_total_indirect_intervals_match_seminr(replay):
    _, boot, ref = replay
    eff = boot.effects
    spec = eff[eff.kind == "specific_indirect"].copy()
    spec["chain"] = spec["from"] + " -> " + spec["via"] + " -> " + spec["to"]
    ref_df = pd.DataFrame(ref["specific_indirect_effects"]).set_index("path")
    ours = spec.set_index("chain").loc[list(ref_df.index)]
    assert_close(ours["estimate"], ref_df["original"], TOL, "shopee_trust bootstrap: specific indirect original")
    for col, key in COLUMNS.items():
        assert_close(ours[col], ref_df[key], TOL, f"shopee_trust bootstrap: specific indirect {col}")
    assert_close(ours["t"], ref_df["t"], T_TOL, "shopee_trust bootstrap: specific indirect t", relative=True)
    tot = eff[eff.kind == "total_indirect"].set_index(["from", "to"])
    ci = pd.DataFrame(ref["total_indirect_ci"]).set_index(["from", "to"])
    assert_close(tot.loc[list(ci.index), "ci_low"], ci["ci_2.5"], TOL, "shopee_trust bootstrap: total indirect ci_low")
    assert_close(tot.loc[list(ci.index), "ci_high"], ci["ci_97.5"], TOL,
                 "shopee_trust bootstrap: total indirect ci_high")
