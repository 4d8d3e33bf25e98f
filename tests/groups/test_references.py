"""Multigroup analysis against R seminr 2.3.2 ``estimate_pls_mga`` and R cSEM 0.6.1 ``testMGD``/``testMICOM``.

References (``../shared/reference/``, script ``scripts/mga.R``; conventions in its README section
"seminr/*_mga.json and csem/*_mgd_micom.json"): corp_rep, groups ``servicetype`` 1 (n = 125) and 2 (n = 219).

* seminr re-estimates each group from the RAW rows with mean replacement within the group: our group masks through
  the weighted cross-products do the same; seminr's PLS-MGA p is recomputed from its exported per-group draws with
  our function.
* cSEM imputes on the full sample first: we give it data that are already imputed (column means over all rows) and
  its tolerance 1e-10. Keil, Nitzl and Henseler are deterministic given cSEM's exported bootstrap draws; the
  permutation p-values (Chin, MICOM) are random and are compared within Monte-Carlo error at 5,000 permutations,
  |Δp| ≤ 4·sqrt(p(1 − p)/5000) + 1e-3.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import REFERENCE, load_json, needs_shared

from surveysem.groups import multigroup
from surveysem.groups.estimate import permutation_codes
from surveysem.groups.mga import henseler_p, keil_t, permutation_p, pls_mga_p, welch_t
from surveysem.groups.micom import composite_correlation, step3_differences

pytestmark = needs_shared

PATHS = ["CUSA ~ COMP", "CUSA ~ LIKE", "CUSL ~ COMP", "CUSL ~ LIKE", "CUSL ~ CUSA"]


def _mc_tol(p: float, R: int = 5000) -> float:
    return 4 * np.sqrt(p * (1 - p) / R) + 1e-3


def _imputed(raw: pd.DataFrame, model) -> pd.DataFrame:
    """cSEM's input: -99 -> NaN -> column mean over the FULL sample (model items), before splitting."""
    d = raw.copy()
    items = list(model.indicators)
    x = d[items].where(d[items] != -99)
    d[items] = x.fillna(x.mean())
    return d


# ---------------------------------------------------------------------------------------------------- seminr
@pytest.mark.parametrize("which", ["simple", "extended"])
def test_group_estimates_match_seminr_within_group_mean_replacement(corp_rep_raw, corp_rep_models, which):
    ref = load_json(f"seminr/corp_rep_{which}_mga.json")
    res = multigroup(corp_rep_raw, corp_rep_models[which], "servicetype", permutations=0, boot=20, seed=1,
                     missing_values=[-99])
    gp = res.group_paths.set_index(["group", "from", "to"])["estimate"]
    diffs = []
    for p in ref["paths"]:
        diffs.append(abs(gp[("1", p["from"], p["to"])] - p["group1_beta"]))
        diffs.append(abs(gp[("2", p["from"], p["to"])] - p["group2_beta"]))
    assert max(diffs) <= 1e-10
    assert list(res.group_sizes["n"][:2]) == [125, 219]


@pytest.mark.parametrize("which", ["simple", "extended"])
def test_pls_mga_p_from_seminr_draws_equals_seminr(which):
    ref = load_json(f"seminr/corp_rep_{which}_mga.json")
    cols = [f"{p['from']} -> {p['to']}" for p in ref["paths"]]
    d1 = pd.read_csv(REFERENCE / "seminr" / f"corp_rep_{which}_mga_group1_boot_path_draws.csv.gz")[cols]
    d2 = pd.read_csv(REFERENCE / "seminr" / f"corp_rep_{which}_mga_group2_boot_path_draws.csv.gz")[cols]
    p = pls_mga_p(d1.to_numpy(), d2.to_numpy())
    expected = np.array([r["pls_mga_p"] for r in ref["paths"]])
    assert np.max(np.abs(p - expected)) <= 1e-12


# ---------------------------------------------------------------------------------------------------- cSEM
@pytest.fixture(scope="module")
def csem():
    return load_json("csem/corp_rep_simple_mgd_micom.json")


@pytest.fixture(scope="module")
def csem_run(corp_rep_raw, corp_rep_models):
    data = _imputed(corp_rep_raw, corp_rep_models["simple"])
    return multigroup(data, corp_rep_models["simple"], "servicetype", permutations=5000, boot=200, seed=2024,
                      tol=1e-10)


def _csem_path(ref, group, name):
    to, fr = name.split(" ~ ")
    return ref["group_estimates"][group]["path_estimates"][to][fr]


def _csem_draws(group: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "csem" / f"corp_rep_simple_mgd_boot_draws_group_servicetype{group}.csv.gz")


def test_group_estimates_match_csem_full_sample_imputation(csem, csem_run):
    gp = csem_run.group_paths.set_index(["group", "from", "to"])["estimate"]
    r2 = csem_run.group_r2.set_index(["group", "construct"])["r2"]
    diffs = []
    for g in ("1", "2"):
        ge = csem["group_estimates"][f"servicetype{g}"]
        for name in PATHS:
            to, fr = name.split(" ~ ")
            diffs.append(abs(gp[(g, fr, to)] - ge["path_estimates"][to][fr]))
        for c, v in ge["R2"].items():
            diffs.append(abs(r2[(g, c)] - v))
    assert max(diffs) <= 1e-8


def test_keil_welch_and_henseler_from_csem_draws_equal_csem(csem):
    d1, d2 = _csem_draws("1"), _csem_draws("2")
    cols = ["Path:" + n for n in PATHS]
    x1, x2 = d1[cols].to_numpy(), d2[cols].to_numpy()
    e1 = np.array([_csem_path(csem, "servicetype1", n) for n in PATHS])
    e2 = np.array([_csem_path(csem, "servicetype2", n) for n in PATHS])
    se1, se2 = x1.std(axis=0, ddof=1), x2.std(axis=0, ddof=1)
    n1, n2 = 125, 219
    pair = "servicetype1_servicetype2"
    t, df, p = keil_t(e1 - e2, se1, se2, n1, n2)
    keil = csem["testMGD"]["Keil"]
    assert np.max(np.abs(t - [keil["Test_statistic"][pair][n] for n in PATHS])) <= 1e-12
    assert np.max(np.abs(p - [keil["P_value"]["none"][pair][n] for n in PATHS])) <= 1e-12
    assert set(df) == {keil["df"]}
    t, df, p = welch_t(e1 - e2, se1, se2, n1, n2)
    nitzl = csem["testMGD"]["Nitzl"]
    assert np.max(np.abs(t - [nitzl["Test_statistic"][pair][n] for n in PATHS])) <= 1e-12
    assert list(df) == [nitzl["df"][n] for n in PATHS]
    assert np.max(np.abs(p - [nitzl["P_value"]["none"][pair][n] for n in PATHS])) <= 1e-12
    ph = henseler_p(x1, x2, e1, e2)
    hens = csem["testMGD"]["Henseler"]["P_value"]["none"][pair]
    assert np.max(np.abs(ph - [hens[n] for n in PATHS])) <= 1e-12


def test_henseler_ties_count_half_as_csem_for_a_constant_weight(csem):
    w = "Weight:CUSA <~ cusa"
    ph = henseler_p(_csem_draws("1")[[w]].to_numpy(), _csem_draws("2")[[w]].to_numpy(), np.ones(1), np.ones(1))
    assert ph[0] == csem["testMGD"]["Henseler"]["P_value"]["none"]["servicetype1_servicetype2"]["CUSA <~ cusa"] == 0.5


def test_permutation_p_within_monte_carlo_error_of_csem_chin(csem, csem_run):
    mga = csem_run.mga[csem_run.mga["parameter"] == "path"].set_index(["from", "to"])
    chin = csem["testMGD"]["Chin"]
    for name in PATHS:
        to, fr = name.split(" ~ ")
        d = chin["Test_statistic"]["servicetype1_servicetype2"][name]
        assert abs(mga.loc[(fr, to), "difference"] - d) <= 1e-8
        p_ref = chin["P_value"]["none"]["servicetype1_servicetype2"][name]
        assert abs(mga.loc[(fr, to), "p_permutation"] - p_ref) <= _mc_tol(p_ref), name
    assert int(mga["n_permutations"].iloc[0]) == 5000


def test_micom_step2_c_exact_and_p_within_monte_carlo_error(csem, csem_run):
    s2 = csem_run.micom_step2.set_index("construct")
    ref = csem["testMICOM"]["Step2"]
    for c, v in ref["Test_statistic"]["servicetype1_servicetype2"].items():
        assert abs(s2.loc[c, "c"] - v) <= 1e-10, c
        p_ref = ref["P_value"]["none"]["1_2"][c]
        assert abs(s2.loc[c, "p"] - p_ref) <= _mc_tol(p_ref), c


def test_micom_step2_quantile_matches_csem_permutation_distribution(csem_run):
    """The 5 % quantile of c* from our permutations lies within Monte-Carlo error of cSEM's exported c*."""
    perm = pd.read_csv(REFERENCE / "csem" / "corp_rep_simple_micom_step2_perm_c.csv.gz")
    s2 = csem_run.micom_step2.set_index("construct")
    for c in ("COMP", "LIKE", "CUSL"):
        q_ref = np.quantile(perm[c], 0.05)
        spread = np.quantile(perm[c], 0.10) - np.quantile(perm[c], 0.01)
        assert abs(s2.loc[c, "quantile_5"] - q_ref) <= 0.25 * spread, c


def test_micom_step3_differences_equal_csem_given_csems_row_split(csem, csem_run):
    """cSEM 0.6.1 ``testMICOM`` step 3 labels the pooled rows ``rep(1:G, group sizes)``, i.e. it compares the FIRST
    125 rows of the pooled data with the other 219, whatever their group (its pooled data keep the file order; the
    group rows are not sorted first). Our step-3 function on the pooled scores with that same row split gives cSEM's
    numbers exactly, and its p-values (two tails, strict) within Monte-Carlo error from our permutations; with the
    true groups the differences are different numbers (checked too), which is what ``multigroup`` reports."""
    scores = csem_run.pooled.scores.to_numpy()
    n = scores.shape[0]
    codes = np.r_[np.zeros(125, dtype=np.intp), np.ones(n - 125, dtype=np.intp)]  # cSEM's rep(1:2, c(125, 219))
    masks = (codes[None, :] == np.arange(2)[:, None]).astype(float)
    dm, dv = step3_differences(masks, scores, 0, 1)
    rng = np.random.default_rng(11)
    perm = permutation_codes(codes, rng, 5000)
    pm, pv = step3_differences((perm[:, None, :] == np.arange(2)[None, :, None]).astype(float), scores, 0, 1)
    names = list(csem_run.pooled.scores.columns)
    for stat, key, d, dist in (("mean", "Mean", dm, pm), ("log_variance", "Var", dv, pv)):
        ref = csem["testMICOM"]["Step3"][key]
        p = permutation_p(d, dist, strict=True)
        for k, c in enumerate(names):
            assert abs(d[k] - ref["Test_statistic"]["servicetype1_servicetype2"][c]) <= 1e-10, (c, stat)
            p_ref = ref["P_value"]["none"]["servicetype1_servicetype2"][c]
            assert abs(p[k] - p_ref) <= _mc_tol(p_ref), (c, stat)
    s3 = csem_run.micom_step3.set_index(["construct", "statistic"])
    assert abs(s3.loc[("COMP", "mean"), "difference"] - dm[0]) > 0.05  # the true groups differ from cSEM's split


def test_micom_step3_true_groups_by_hand(corp_rep_raw, csem_run):
    """Our step 3 with the true groups: pooled scores split by servicetype, means and log variances (n - 1) by hand."""
    scores = csem_run.pooled.scores
    g = corp_rep_raw["servicetype"].to_numpy()
    s3 = csem_run.micom_step3.set_index(["construct", "statistic"])
    for c in scores.columns:
        a, b = scores[c].to_numpy()[g == 1], scores[c].to_numpy()[g == 2]
        assert abs(s3.loc[(c, "mean"), "difference"] - (a.mean() - b.mean())) <= 1e-12
        expected = np.log(a.var(ddof=1)) - np.log(b.var(ddof=1))
        assert abs(s3.loc[(c, "log_variance"), "difference"] - expected) <= 1e-12


def test_composite_correlation_by_hand():
    """c = cor(Xa, Xb) of two composites of the same standardized data, computed from the data directly."""
    from surveysem.model import parse_model
    from surveysem.pls.structure import Structure

    rng = np.random.default_rng(5)
    X = rng.normal(size=(200, 3)) @ np.array([[1, .5, .2], [0, 1, .3], [0, 0, 1]])
    st = Structure.from_model(parse_model("A =~ x1 + x2 + x3\nB =~ x4 + x5\nB ~ A"))
    S = np.corrcoef(np.c_[X, rng.normal(size=(200, 2))], rowvar=False)
    wa, wb = np.array([.5, .3, .4, .6, .6]), np.array([.2, .6, .3, .5, .7])
    Z = (X - X.mean(0)) / X.std(0, ddof=1)
    c = composite_correlation(S, st, wa, wb)
    assert abs(c[0] - np.corrcoef(Z @ wa[:3], Z @ wb[:3])[0, 1]) <= 1e-12


def test_listwise_deletion_counts_removed_rows_per_group(corp_rep_raw, corp_rep_models):
    """With --missing listwise the incomplete rows (any model item = -99) are removed before splitting; the
    removed rows of each group are counted by hand from the data."""
    m = corp_rep_models["simple"]
    res = multigroup(corp_rep_raw, m, "servicetype", permutations=0, boot=10, seed=1, missing="listwise",
                     missing_values=[-99])
    incomplete = (corp_rep_raw[list(m.indicators)] == -99).any(axis=1)
    for g in (1, 2):
        row = res.group_sizes[res.group_sizes["group"] == str(g)].iloc[0]
        in_g = corp_rep_raw["servicetype"] == g
        assert row["excluded"] == int((incomplete & in_g).sum())
        assert row["n"] == int((~incomplete & in_g).sum())


def test_inverse_square_root_note_for_groups_below_the_minimum(corp_rep_raw, corp_rep_models):
    """Smallest significant pooled path of corp_rep_simple: COMP -> CUSA = 0.162051 (seminr ``estimate_pooled``; the
    smaller COMP -> CUSL = 0.009 is not significant). Kock & Hadaya (2018): n_min = ceil(((z_.95 + z_.80) / 0.162051)^2)
    = ceil((2.486 / 0.162)^2) = 236 > both groups (125, 219): a note on each group, not an error."""
    from scipy import stats

    ref = load_json("seminr/corp_rep_simple_mga.json")
    p_min = next(p["estimate_pooled"] for p in ref["paths"] if (p["from"], p["to"]) == ("COMP", "CUSA"))
    n_min = int(np.ceil(((stats.norm.ppf(0.95) + stats.norm.ppf(0.80)) / p_min) ** 2))
    assert n_min == 236
    res = multigroup(corp_rep_raw, corp_rep_models["simple"], "servicetype", permutations=0, boot=1000, seed=1,
                     missing_values=[-99])
    assert all(f"minimum of {n_min} respondents" in note for note in res.group_sizes["note"])
    assert any(f"minimum of {n_min} respondents" in w for w in res.warnings)
    assert res.invariance == "not_tested"  # no permutations: MICOM steps 2-3 undecided, not "none"


def test_permutation_distribution_spread_matches_csem_chin_draws(corp_rep_raw, corp_rep_models):
    """Our 5,000 permuted path differences have the spread of cSEM's exported Chin permutation draws
    (``corp_rep_simple_mgd_perm_Chin_servicetype1_servicetype2.csv.gz``): SD within 5 % (the Monte-Carlo error of an
    SD from 5,000 draws is about 1 %), and both centred near 0."""
    from surveysem.groups.estimate import Engine, permutations
    from surveysem.groups.split import split_groups
    from surveysem.pls import pls

    m = corp_rep_models["simple"]
    data = _imputed(corp_rep_raw, m)
    res = pls(data, m, tol=1e-10)
    eng = Engine(res)
    vals, ok = permutations(eng, split_groups(data, "servicetype"), 5000, seed=77)
    ref = pd.read_csv(REFERENCE / "csem" / "corp_rep_simple_mgd_perm_Chin_servicetype1_servicetype2.csv.gz")
    par = eng.parameters
    for name in PATHS:
        to, fr = name.split(" ~ ")
        k = int(np.flatnonzero((par["group"] == "path") & (par["from"] == fr) & (par["to"] == to))[0])
        d = vals[ok][:, 0, k] - vals[ok][:, 1, k]
        assert abs(d.std(ddof=1) / ref[name].std(ddof=1) - 1) <= 0.05, name
        assert abs(d.mean()) <= 0.1 * d.std() and abs(ref[name].mean()) <= 0.1 * ref[name].std()
