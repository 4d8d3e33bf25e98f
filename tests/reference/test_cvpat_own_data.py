"""CVPAT agrees with R seminrExtras 0.1.0 ``assess_cvpat()`` on the project's own example studies (vendored).

References: ``tests/reference/own_data/<study>_cvpat.json`` and ``<study>_cvpat_boot_indices.csv.gz`` (script
``tests/reference/scripts/own_data_seminrextras_cvpat.R``; seminrExtras from github sem-in-r/seminrExtras commit
5534b21 on seminr 2.3.2). Both calls are leave-one-out (``noFolds = NULL``), so the out-of-sample errors are exact;
seminrExtras' conventions reproduced here with ``technique="DA"``, ``lm_predictors="all"`` (seminr 2.3.2's LM) and
``ia_means="full_sample"`` (it predicts IA by ``model$meanData``). The script traced seminrExtras' internal
``bootstrap_cvpat()``: the case-wise losses it received and the resample indices it drew (regenerated from the
recorded random state and checked against R's own Boot T value), so the bootstrap comparison is exact, not Monte
Carlo. seminrExtras writes the loss difference as benchmark − PLS, surveysem (and the Diff column) as PLS − benchmark:
t has the opposite sign.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import OWN_DATA, ROOT, load_own
from scipy import stats as sps

import surveysem.assess.predict as predict
from surveysem.assess.predict import bootstrap_mean_se, cvpat, cvpat_losses, cvpat_test, fold_predictions
from surveysem.pls import pls
from surveysem.stats import indices_to_counts

LOSS_TOL = 1e-13  # measured: shopee_trust ≤ 7.6e-15, tiktok_gifting ≤ 3.4e-14
T_TOL = 1e-12  # measured: t ≤ 1.3e-14, p ≤ 4.7e-15 (R printed 15 significant digits)
STUDIES = ["shopee_trust", "tiktok_gifting"]


def _available(study: str) -> bool:
    return (OWN_DATA / f"{study}_cvpat.json").exists()


@pytest.fixture(scope="module", params=[s for s in STUDIES if _available(s)])
def study(request):
    ref = load_own(f"{request.param}_cvpat.json")
    res = pls(ROOT / ref["meta"]["data_file"], ROOT / ref["meta"]["model_file"], missing_values=[-99])
    assert res.n == ref["meta"]["n"]
    fp = fold_predictions(res, np.arange(res.n)[None, :], technique="DA", lm_predictors="all")
    losses = cvpat_losses(res, fp, ia_means="full_sample")
    assert losses.constructs == ref["meta"]["endogenous"]
    ind = pd.read_csv(OWN_DATA / f"{request.param}_cvpat_boot_indices.csv.gz")
    return res, ref, losses, ind


def _column(losses, label):
    bench, construct = label.split(":")
    j = [*losses.constructs, "Overall"].index(construct)
    return bench, construct, j, losses.pls[:, j], getattr(losses, bench.lower())[:, j]


def test_case_wise_losses_match_seminrextras(study):
    res, ref, losses, _ = study
    worst = 0.0
    for label, r in ref["replay"]["case_losses"].items():
        _, _, _, pls_loss, bench_loss = _column(losses, label)
        worst = max(worst, np.abs(pls_loss - np.array(r["loss_pls"])).max(),
                    np.abs(bench_loss - np.array(r["loss_benchmark"])).max())
    assert worst <= LOSS_TOL, f"case-wise CVPAT losses differ from seminrExtras by {worst:.2e}"


def test_bootstrap_t_and_p_match_seminrextras_on_its_own_resamples(study):
    res, ref, losses, ind = study
    n = res.n
    for k, label in enumerate(ref["replay"]["calls"], start=1):
        bench, construct, _, pls_loss, bench_loss = _column(losses, label)
        idx = ind.loc[ind["call"] == k].iloc[:, 2:].to_numpy() - 1
        assert idx.shape == (ref["replay"]["nboot"], n)
        d = (pls_loss - bench_loss)[:, None]
        t, p = cvpat_test(d, bootstrap_mean_se(d, indices_to_counts(idx, n)))
        r = ref["replay"][f"CVPAT_compare_{bench}"][construct]
        assert abs(-t[0] - r["Boot T value"]) <= T_TOL, label
        assert abs(p[0] - r["Boot P Value"]) <= T_TOL, label
        assert d.mean() == pytest.approx(r["Diff"], rel=1e-6), label  # R's table kept 7 significant digits
        assert pls_loss.mean() == pytest.approx(r["PLS Loss"], rel=1e-6), label


def test_cvpat_table_replays_given_resamples(study):
    """The public function on R's first resample set (PLS vs IA overall): its overall IA row is R's."""
    res, ref, _, ind = study
    idx = ind.loc[ind["call"] == 1].iloc[:, 2:].to_numpy() - 1
    tab = cvpat(res, k="loocv", technique="DA", lm_predictors="all", ia_means="full_sample", indices=idx)
    row = tab[(tab["construct"] == "overall") & (tab["benchmark"] == "IA")].iloc[0]
    r = ref["replay"]["CVPAT_compare_IA"]["Overall"]
    assert abs(-row["t"] - r["Boot T value"]) <= T_TOL
    assert abs(row["p"] - r["Boot P Value"]) <= T_TOL
    assert row["loss_benchmark"] == pytest.approx(r["IA Loss"], rel=1e-6)  # 7 significant digits
    assert row["df"] == res.n - 1


def test_paired_t_is_the_student_t_of_the_loss_differences(study):
    """t_paired is seminrExtras' "Std. T value" (t.test(paired = TRUE)), here rebuilt from R's own case losses."""
    res, ref, _, ind = study
    idx = ind.loc[ind["call"] == 1].iloc[:, 2:].to_numpy() - 1
    tab = cvpat(res, k="loocv", technique="DA", lm_predictors="all", ia_means="full_sample", indices=idx)
    for label, r in ref["replay"]["case_losses"].items():
        bench, construct = label.split(":")
        d = np.array(r["loss_pls"]) - np.array(r["loss_benchmark"])
        expected = sps.ttest_1samp(d, 0.0)
        row = tab[(tab["construct"] == construct.replace("Overall", "overall")) & (tab["benchmark"] == bench)].iloc[0]
        assert row["t_paired"] == pytest.approx(expected.statistic, abs=1e-10)
        assert row["p_paired"] == pytest.approx(expected.pvalue, abs=1e-10)


def test_default_call_agrees_with_seminrextras_within_monte_carlo_error(study):
    """R's default call (2,000 resamples, its own random stream) against ours (2,000, seed 123): the bootstrap SE
    of a mean has a relative Monte Carlo SD of about 1/sqrt(2(B − 1)) = 1.6 %, so two independent runs differ by
    about 2.2 %; 10 % is more than four SDs."""
    res, ref, _, _ = study
    tab = cvpat(res, k="loocv", technique="DA", lm_predictors="all", ia_means="full_sample", boot=2000, seed=123)
    for bench in ("IA", "LM"):
        for construct, r in ref["default"][f"CVPAT_compare_{bench}"].items():
            row = tab[(tab["construct"] == construct.replace("Overall", "overall")) & (tab["benchmark"] == bench)]
            t = row["t"].iloc[0]
            assert -t == pytest.approx(r["Boot T value"], rel=0.10), (bench, construct)
            assert row["loss_difference"].iloc[0] == pytest.approx(r["Diff"], rel=1e-6)


def test_training_mean_ia_loss_is_the_full_sample_loss_scaled_by_n_over_n_minus_1_squared(study):
    """Leave-one-out: the training mean without case i is (n x̄ − x_i)/(n − 1), so x_i minus it is
    n/(n − 1) (x_i − x̄) and every IA squared error grows by (n/(n − 1))² (hand derivation)."""
    res, _, losses, _ = study
    n = res.n
    fp = fold_predictions(res, np.arange(n)[None, :], technique="DA", lm_predictors="all")
    train = cvpat_losses(res, fp, ia_means="training")
    np.testing.assert_allclose(train.ia, losses.ia * (n / (n - 1)) ** 2, rtol=1e-12)
    np.testing.assert_array_equal(train.pls, losses.pls)


def test_bootstrap_se_tends_to_the_plug_in_se_of_a_mean():
    """With many resamples the bootstrap SE of a mean is sqrt(Σ(d − d̄)²/n)/√n (Efron & Tibshirani 1993, eq. 6.8)."""
    rng = np.random.default_rng(7)
    d = rng.exponential(size=(60, 2)) * [1.0, 3.0]
    idx = rng.integers(0, 60, size=(40000, 60))
    se = bootstrap_mean_se(d, indices_to_counts(idx, 60))
    plug_in = d.std(axis=0, ddof=0) / np.sqrt(60)
    np.testing.assert_allclose(se, plug_in, rtol=0.02)


def test_cvpat_is_identical_whatever_the_batch_size(monkeypatch):
    ref = load_own("shopee_trust_cvpat.json")
    res = pls(ROOT / ref["meta"]["data_file"], ROOT / ref["meta"]["model_file"], missing_values=[-99])
    a = cvpat(res, k=5, reps=2, seed=3, boot=300)
    monkeypatch.setattr(predict, "_FOLD_BATCH", 7 * res.n)  # 7 resamples (and training sets) per batch
    b = cvpat(res, k=5, reps=2, seed=3, boot=300)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert (a["df"] == res.n - 1).all()
    assert set(a["verdict"]) <= {"pass", "warn", "fail", "n/a"}
