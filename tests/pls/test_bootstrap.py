"""Bootstrap against R seminr 2.3.2 ``bootstrap_model(nboot = 5000, seed = 123)``
(../shared/reference/seminr/*_bootstrap.json, *_boot_path_draws_cores1.csv.gz, boot_indices_*.csv.gz)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import REFERENCE, load_json, needs_shared

from surveysem.pls import pls
from surveysem.stats import indices_to_counts, resample_indices

DRAW_TOL = 3e-14  # every replayed draw: measured ≤ 1.0e-14
TOL = 1e-14  # mean, SD, percentile bounds of the replay: measured ≤ 3.7e-15
T_TOL = 3e-13  # t = estimate / SD (up to ~30): measured ≤ 1.0e-13


@pytest.fixture(scope="module")
def seminr_indices():
    # 1-based rows as R wrote them: replicate i used set.seed(123 + i); sample.int(344, replace = TRUE)
    return pd.read_csv(REFERENCE / "seminr" / "boot_indices_corp_rep_data_seed123_n5000.csv.gz", header=None).to_numpy() - 1


@pytest.fixture(scope="module", params=["simple", "extended"])
def replay(request, corp_rep_raw, corp_rep_models, seminr_indices):
    name = request.param
    res = pls(corp_rep_raw, corp_rep_models[name], missing_values=[-99])
    boot = res.bootstrap(indices=seminr_indices, seed=None)
    return name, res, boot


@needs_shared
def test_replayed_draws_equal_seminr_draws(replay):
    name, _, boot = replay
    ref = pd.read_csv(REFERENCE / "seminr" / f"corp_rep_{name}_boot_path_draws_cores1.csv.gz")
    ours = boot.draws_frame()
    assert boot.n_ok == len(ref) == 5000
    for col in ref.columns:  # "COMP->CUSA"
        np.testing.assert_allclose(ours[f"path:{col}"].to_numpy(), ref[col].to_numpy(), rtol=0, atol=DRAW_TOL)


@needs_shared
def test_replayed_standard_errors_and_percentile_intervals_match_seminr(replay):
    name, _, boot = replay
    ref = load_json(f"seminr/corp_rep_{name}_bootstrap.json")
    paths = boot.paths.set_index(["from", "to"])
    for key, v in ref["paths"].items():  # "COMP  ->  CUSA"
        a, b = [s.strip() for s in key.split("->")]
        row = paths.loc[(a, b)]
        assert row["boot_mean"] == pytest.approx(v["boot_mean"], abs=TOL)
        assert row["se"] == pytest.approx(v["boot_sd"], abs=TOL)
        assert row["t"] == pytest.approx(v["t"], abs=T_TOL)
        assert row["ci_low"] == pytest.approx(v["ci_2.5"], abs=TOL)
        assert row["ci_high"] == pytest.approx(v["ci_97.5"], abs=TOL)
    loadings = boot.loadings.set_index(["indicator", "construct"])
    for key, v in ref["loadings"].items():  # "comp_1  ->  COMP"
        ind, con = [s.strip() for s in key.split("->")]
        assert loadings.loc[(ind, con), "se"] == pytest.approx(v["boot_sd"], abs=TOL)
    weights = boot.weights.set_index(["indicator", "construct"])
    for key, v in ref["weights"].items():
        ind, con = [s.strip() for s in key.split("->")]
        assert weights.loc[(ind, con), "se"] == pytest.approx(v["boot_sd"], abs=TOL)


@needs_shared
def test_replayed_htmt_and_specific_indirect_intervals_match_seminr(replay):
    name, _, boot = replay
    ref = load_json(f"seminr/corp_rep_{name}_bootstrap.json")
    htmt = boot.htmt
    for key, v in ref["htmt"].items():  # "COMP  ->  LIKE"
        a, b = [s.strip() for s in key.split("->")]
        row = htmt[((htmt.construct_a == a) & (htmt.construct_b == b)) | ((htmt.construct_a == b) & (htmt.construct_b == a))]
        assert row["boot_mean"].iloc[0] == pytest.approx(v["boot_mean"], abs=TOL)
        assert row["se"].iloc[0] == pytest.approx(v["boot_sd"], abs=TOL)
    eff = boot.effects
    for item in ref["specific_indirect_effects"]:
        chain = item["path"].split(" -> ")
        row = eff[(eff["from"] == chain[0]) & (eff["to"] == chain[-1]) & (eff["via"] == " -> ".join(chain[1:-1]))]
        assert row["estimate"].iloc[0] == pytest.approx(item["original"], abs=TOL)
        assert row["se"].iloc[0] == pytest.approx(item["boot_sd"], abs=TOL)
        assert row["ci_low"].iloc[0] == pytest.approx(item["ci_2.5"], abs=TOL)
        assert row["ci_high"].iloc[0] == pytest.approx(item["ci_97.5"], abs=TOL)


@needs_shared
def test_own_seed_standard_errors_within_3_percent_of_seminr(corp_rep_raw, corp_rep_models):
    ref = load_json("seminr/corp_rep_extended_bootstrap.json")
    res = pls(corp_rep_raw, corp_rep_models["extended"], missing_values=[-99])
    boot = res.bootstrap(boot=5000, seed=2024, bca=False)
    paths = boot.paths.set_index(["from", "to"])
    for key, v in ref["paths"].items():
        a, b = [s.strip() for s in key.split("->")]
        assert paths.loc[(a, b), "se"] == pytest.approx(v["boot_sd"], rel=0.03)


@needs_shared
def test_same_seed_gives_identical_draws_whatever_the_thread_count(corp_rep_raw, corp_rep_models):
    res = pls(corp_rep_raw, corp_rep_models["simple"], missing_values=[-99])
    one = res.bootstrap(boot=600, seed=7, n_jobs=1)
    two = res.bootstrap(boot=600, seed=7, n_jobs=2)
    assert np.array_equal(one.draws, two.draws)
    pd.testing.assert_frame_equal(one.parameters, two.parameters)


def test_resample_rows_depend_only_on_seed_and_position():
    # the first 100 resamples of a 1000-resample run are the 100 resamples of a 100-resample run
    assert np.array_equal(resample_indices(50, 1000, seed=3)[:100], resample_indices(50, 100, seed=3))
    assert not np.array_equal(resample_indices(50, 100, seed=3), resample_indices(50, 100, seed=4))


def test_indices_to_counts_counts_each_row():
    idx = np.array([[0, 0, 2], [1, 2, 2]])
    np.testing.assert_array_equal(indices_to_counts(idx, 3), [[2, 0, 1], [0, 1, 2]])


def test_failed_resamples_are_excluded_and_reported():
    # a resample that draws only rows where item x3 has the same answer makes x3 constant: it must fail, not crash
    rng = np.random.default_rng(1)
    n = 40
    f = rng.normal(size=n)
    df = pd.DataFrame({f"x{i}": f + rng.normal(size=n) for i in (1, 2, 3)} | {f"y{i}": 0.5 * f + rng.normal(size=n) for i in (1, 2)})
    model = "X =~ x1 + x2 + x3\nY =~ y1 + y2\nY ~ X"
    res = pls(df, model)
    good = resample_indices(n, 5, seed=1)
    bad = np.zeros((1, n), dtype=int)  # every draw is row 0: all items constant
    boot = res.bootstrap(indices=np.vstack([good, bad]), seed=None)
    assert boot.n_ok == 5
    assert boot.failed["resample"].tolist() == [6]
    assert "no variance" in boot.failed["reason"].iloc[0]


def test_a_bootstrap_without_a_seed_is_refused_unless_it_replays_indices():
    # seed=None made SeedSequence(None) draw entropy from the OS: the resamples differed from run to run
    rng = np.random.default_rng(2)
    n = 30
    f = rng.normal(size=n)
    df = pd.DataFrame({f"x{i}": f + rng.normal(size=n) for i in (1, 2)}
                      | {f"y{i}": 0.5 * f + rng.normal(size=n) for i in (1, 2)})
    res = pls(df, "X =~ x1 + x2\nY =~ y1 + y2\nY ~ X")
    with pytest.raises(ValueError, match="needs a seed"):
        res.bootstrap(boot=5, seed=None, bca=False)
    assert res.bootstrap(indices=resample_indices(n, 5, seed=1), seed=None, bca=False).n_ok == 5


def test_bca_equals_percentile_interval_without_bias_or_acceleration():
    # BCa differs from the percentile interval only through z0 and a (Efron & Tibshirani 1993, eq. 14.10):
    # with z0 = 0 (estimate = median of draws) and a = 0 (symmetric jackknife) the two coincide.
    from surveysem.stats import summarize

    rng = np.random.default_rng(0)
    draws = rng.normal(size=(4000, 1))
    est = np.array([np.median(draws)])  # z0 = Phi^-1(0.5) = 0
    jack = np.linspace(-1, 1, 21)[:, None]  # symmetric jackknife: a = 0
    out = summarize(est, draws, ci=0.9, jackknife=jack)
    assert out["bca_low"].iloc[0] == pytest.approx(out["ci_low"].iloc[0], abs=1e-3)
    assert out["bca_high"].iloc[0] == pytest.approx(out["ci_high"].iloc[0], abs=1e-3)


def test_purification_replays_the_given_resample_indices_on_the_reduced_model():
    """With replayed indices (seminr's resamples), item purification redoes the bootstrap of the reduced model on the
    *same* resamples, not on fresh ones from a seed the user never gave: shopee_trust's trust4 (loading < 0.708) is
    dropped, and the purified bootstrap equals a direct replay of the reduced model."""
    from surveysem.assess.assessment import assess
    from surveysem.pls import pls

    root = Path(__file__).resolve().parents[2]
    res = pls(root / "data/shopee_trust/data.csv", root / "data/shopee_trust/model.lav", missing_values=[-99])
    idx = np.random.default_rng(5).integers(0, res.n, size=(40, res.n))
    boot = res.bootstrap(indices=idx, seed=None, bca=False)
    out = assess(res, boot, purify="strict", seed=999)
    assert "trust4" not in out.result.model.indicators
    assert out.boot.settings["replayed"] and out.boot.settings["seed"] is None
    direct = out.result.bootstrap(indices=idx, seed=None, bca=False)
    np.testing.assert_array_equal(out.boot.draws, direct.draws)
    assert not any("fresh resamples" in w for w in out.warnings)
