"""PLSpredict with leave-one-out folds on shopee_trust and tiktok_gifting agrees with R seminr 2.3.2 (vendored, no
../shared needed).

References: ``tests/reference/own_data/<study>_predict_loocv.json`` (script
``tests/reference/scripts/own_data_seminr_predict.R``): ``set.seed(123); predict_pls(model, technique = predict_DA |
predict_EA, noFolds = NULL)`` on the model of ``own_data/<study>.json`` (tiktok_gifting: 400 cases, 11 constructs,
every row kept, the planted double submission included). ``noFolds = NULL`` makes every case its
own fold (leave-one-out, deterministic). seminr's conventions, which surveysem's ``plspredict`` shares: the folds are
cut from the data imputed once on the full sample; the held-out case is standardized with the training means and
SDs (n − 1); DA predicts an endogenous score from its direct antecedents' measured scores, EA propagates from the
exogenous constructs; RMSE and MAE divide by n. ``q2_predict`` (not a seminr output; computed by the script from
seminr's out-of-sample residuals) uses the training-sample mean, SmartPLS's definition.

Not compared here: the LM benchmark (seminr 2.3.2 regresses each item on all other indicators of the model,
surveysem on the indicators of the exogenous constructs, as Shmueli et al. 2019 and SmartPLS) and the case-level
predictions (``*_cases.csv.gz``), which ``plspredict`` does not return.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, load_own
from reference.compare import assert_close

from surveysem.assess.predict import plspredict
from surveysem.pls import pls

TOL = 1e-14  # measured: shopee ≤ 9.7e-16 (Q²predict), RMSE and MAE ≤ 5.6e-16; tiktok (400 folds, R printed 15 digits) Q²predict 5.5e-15
N = {"shopee_trust": 75, "tiktok_gifting": 400}


@pytest.fixture(scope="module", params=sorted(N))
def loocv(request):
    ref = load_own(f"{request.param}_predict_loocv.json")
    res = pls(ROOT / ref["meta"]["data_file"], ROOT / ref["meta"]["model_file"], missing_values=[-99])
    assert res.n == ref["meta"]["n"] == N[request.param]
    return res, ref


@pytest.mark.parametrize("technique", ["DA", "EA"])
def test_leave_one_out_pls_rmse_mae_and_q2_predict_match_seminr(loocv, technique):
    res, ref = loocv
    r = ref[f"predict_{technique}"]
    ours = plspredict(res, technique=technique, folds=np.arange(res.n)[None, :]).set_index("indicator")
    assert sorted(ours.index) == sorted(r["endogenous_items"])  # every item of the endogenous constructs
    what = f"{ref['meta']['dataset']} PLSpredict LOOCV {technique}"
    assert_close(ours["rmse_pls"], pd.Series(r["PLS_out_of_sample"]["RMSE"]), TOL, f"{what}: RMSE")
    assert_close(ours["mae_pls"], pd.Series(r["PLS_out_of_sample"]["MAE"]), TOL, f"{what}: MAE")
    assert_close(ours["q2_predict"], pd.Series(r["q2_predict"]), TOL, f"{what}: Q²predict (training mean)")
