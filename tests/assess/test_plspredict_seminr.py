"""PLSpredict leave-one-out agrees with R seminr 2.3.2 ``predict_pls(noFolds = NULL)`` (deterministic LOOCV;
../shared/reference/seminr/corp_rep_*_predict_loocv*, script ``scripts/seminr_predict.R``) for the simple and
extended corp_rep models and techniques DA and EA: every case's out-of-sample PLS and LM prediction, per-indicator
RMSE and MAE, and Q²_predict against the training-sample mean (computed in the reference script, SmartPLS's
definition).

Conventions the reference records and these tests rely on: the data are mean-replaced once before the folds;
the held-out case is standardized with the training means/SDs; seminr 2.3.2's LM benchmark regresses each item on
every indicator outside its construct — surveysem's option ``lm_predictors="all"`` — while our default is the
LM of Shmueli et al. (2019) / SmartPLS on the exogenous constructs' indicators (checked by hand below).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import REFERENCE, load_json, needs_shared

from surveysem.assess import predict as predict_module
from surveysem.assess.predict import fold_predictions, lm_predictor_sets, plspredict
from surveysem.pls import pls

pytestmark = needs_shared
CASE_TOL = 1e-10  # item units (1-9); observed max 2.4e-14
METRIC_TOL = 1e-10  # observed max 5.6e-15

CELLS = [(m, t) for m in ("simple", "extended") for t in ("DA", "EA")]


@pytest.fixture(scope="module")
def estimates(corp_rep_raw, corp_rep_models):
    return {m: pls(corp_rep_raw, corp_rep_models[m], missing_values=[-99]) for m in ("simple", "extended")}


def _reference(model, technique):
    ref = load_json(f"seminr/corp_rep_{model}_predict_loocv.json")[f"predict_{technique}"]
    cases = pd.read_csv(REFERENCE / "seminr" / f"corp_rep_{model}_predict_loocv_predict_{technique}_cases.csv.gz")
    return ref, cases


@pytest.mark.parametrize("model,technique", CELLS)
def test_loocv_case_predictions_match_seminr(estimates, model, technique):
    res = estimates[model]
    ref, cases = _reference(model, technique)
    fp = fold_predictions(res, np.arange(res.n)[None], technique=technique, lm_predictors="all")
    items = [res.structure.indicators[i] for i in fp.targets]
    assert items == ref["endogenous_items"]
    assert fp.fit_ok.all() and fp.lm_ok.all()
    np.testing.assert_allclose(fp.actual, cases[[f"actual_{i}" for i in items]], rtol=0, atol=CASE_TOL)
    np.testing.assert_allclose(fp.pls[0], cases[[f"pls_oos_{i}" for i in items]], rtol=0, atol=CASE_TOL)
    np.testing.assert_allclose(fp.lm[0], cases[[f"lm_oos_{i}" for i in items]], rtol=0, atol=CASE_TOL)


@pytest.mark.parametrize("model,technique", CELLS)
def test_loocv_rmse_mae_and_q2_predict_match_seminr(estimates, model, technique):
    ref, _ = _reference(model, technique)
    p = plspredict(estimates[model], k="loocv", technique=technique, lm_predictors="all").set_index("indicator")
    for item in ref["endogenous_items"]:
        for ours, block, metric in (("rmse_pls", "PLS_out_of_sample", "RMSE"), ("mae_pls", "PLS_out_of_sample", "MAE"),
                                    ("rmse_lm", "LM_out_of_sample", "RMSE"), ("mae_lm", "LM_out_of_sample", "MAE")):
            assert p.loc[item, ours] == pytest.approx(ref[block][metric][item], abs=METRIC_TOL), (item, ours)
        assert p.loc[item, "q2_predict"] == pytest.approx(ref["q2_predict"][item], abs=METRIC_TOL)
        assert p.loc[item, "q2_predict_lm"] == pytest.approx(ref["q2_predict_lm"][item], abs=METRIC_TOL)
    assert p["note"].str.contains("leave-one-out").all()


def test_loocv_fits_every_fold_in_one_batch(estimates, monkeypatch):
    # 344 training sets = 344 PLS estimates, pushed through the algorithm as one stack of correlation matrices
    calls = []
    real = predict_module.fit_batch

    def counting(S, *args, **kwargs):
        calls.append(S.shape[0])
        return real(S, *args, **kwargs)

    monkeypatch.setattr(predict_module, "fit_batch", counting)
    res = estimates["simple"]
    plspredict(res, k="loocv")
    assert calls == [res.n]


def test_default_lm_benchmark_regresses_on_the_exogenous_indicators(estimates):
    # Shmueli et al. (2019) / SmartPLS: OLS of each endogenous item on the indicators of the exogenous
    # constructs (here COMP and LIKE for both CUSA and CUSL), fitted on the training cases. Hand check on the
    # leave-one-out folds of five cases with numpy's least squares (intercept column added).
    res = estimates["simple"]
    st = res.structure
    sets = lm_predictor_sets(st)
    exo_items = [i for i, c in enumerate(st.block) if st.constructs[c] in ("COMP", "LIKE")]
    assert all(list(v) == exo_items for v in sets.values())
    fp = fold_predictions(res, np.arange(res.n)[None], technique="EA")
    x = res.data.imputed[list(st.indicators)].to_numpy()
    for case in (0, 57, 120, 250, 343):
        train = np.arange(res.n) != case
        A = np.column_stack([np.ones(train.sum()), x[train][:, exo_items]])
        coef, *_ = np.linalg.lstsq(A, x[train][:, fp.targets], rcond=None)
        expected = np.concatenate([[1.0], x[case, exo_items]]) @ coef
        np.testing.assert_allclose(fp.lm[0, case], expected, rtol=0, atol=1e-10)


def test_seminr_lm_variant_uses_every_indicator_outside_the_construct(estimates):
    st = estimates["simple"].structure
    sets = lm_predictor_sets(st, "all")
    cusa = st.constructs.index("CUSA")
    assert [st.indicators[i] for i in sets[cusa]] == [i for i in st.indicators if i != "cusa"]


def test_predict_folds_option_accepts_loocv_or_a_number():
    from surveysem.assess.cli import parse_predict_folds
    from surveysem.errors import ConfigError

    assert parse_predict_folds("loocv") == "loocv" and parse_predict_folds("LOOCV") == "loocv"
    assert parse_predict_folds("10") == 10 and parse_predict_folds("0") == 0
    for bad in ("1", "-3", "ten", "2.5"):
        with pytest.raises(ConfigError, match="--predict-folds"):
            parse_predict_folds(bad)
