"""The Gaussian copula test agrees with the same regressions written out in base R on seminr's construct scores.

References: ``tests/reference/own_data/<study>_copula.json`` and ``<study>_copula_boot_indices.csv.gz`` (script
``tests/reference/scripts/own_data_copula.R``; R 4.2.2, seminr 2.3.2 construct scores, ``lm``, nortest 1.0-4): for
every endogenous construct and set of copula terms (Hult et al. 2018's combinations), ``lm(Y ~ predictors + c(X_S))``
with c(x) = ``qnorm(rank(x)/(n + 1))``; bootstrap SD of each copula coefficient over R's resamples (row indices
exported, copula terms re-ranked within each resample); ``nortest::lillie.test`` and ``shapiro.test`` p-values of
every construct's scores. surveysem replays R's resamples (``indices=``), so the SEs compare exactly.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import OWN_DATA, ROOT, load_own

from surveysem.assess.endogeneity import gaussian_copula, normality
from surveysem.pls import pls

EST_TOL = 1e-12  # measured: estimates ≤ 9.1e-15 (shopee), 5.2e-15 (tiktok, 37 models)
SE_TOL = 1e-12  # measured: bootstrap SD ≤ 5.4e-15 (shopee), 1.4e-14 (tiktok)
# normality p: Lilliefors (below 0.1) ≤ 1.3e-13 relative, Shapiro-Wilk ≤ 2.5e-7 relative (scipy's and R's swilk)


def _list(x) -> list:
    """jsonlite writes a one-element vector as a scalar."""
    return x if isinstance(x, list) else [x]


@pytest.fixture(scope="module", params=["shopee_trust", "tiktok_gifting"])
def study(request):
    ref = load_own(f"{request.param}_copula.json")
    res = pls(ROOT / ref["meta"]["data_file"], ROOT / ref["meta"]["model_file"], missing_values=[-99])
    assert res.n == ref["meta"]["n"]
    idx = pd.read_csv(OWN_DATA / f"{request.param}_copula_boot_indices.csv.gz").iloc[:, 1:].to_numpy() - 1
    assert idx.shape == (ref["meta"]["nboot"], res.n)
    return res, ref, gaussian_copula(res, indices=idx)


def test_every_copula_model_of_r_is_in_the_table(study):
    _, ref, tab = study
    ours = {(r.outcome, r.predictors) for r in tab.itertuples()}
    theirs = {(m["outcome"], " + ".join(_list(m["copula"]))) for m in ref["models"]}
    assert ours == theirs


def test_copula_estimates_and_bootstrap_se_match_r_lm_on_its_resamples(study):
    _, ref, tab = study
    worst_est = worst_se = 0.0
    for m in ref["models"]:
        terms = _list(m["copula"])
        rows = tab[(tab["outcome"] == m["outcome"]) & (tab["predictors"] == " + ".join(terms))]
        assert list(rows["copula_term"]) == [f"c({c})" for c in terms]
        worst_est = max(worst_est, np.abs(rows["estimate"].to_numpy() - np.array(_list(m["estimate"]))).max())
        worst_se = max(worst_se, np.abs(rows["se"].to_numpy() - np.array(_list(m["boot_sd"]))).max())
    assert worst_est <= EST_TOL, f"copula estimates differ from R lm by {worst_est:.2e}"
    assert worst_se <= SE_TOL, f"bootstrap SEs differ from R by {worst_se:.2e}"


def test_normality_p_values_match_nortest_and_shapiro(study):
    res, ref, tab = study
    scores = res.scores
    for construct, r in ref["normality"].items():
        x = scores[construct].to_numpy()
        assert normality(x, "shapiro") == pytest.approx(r["shapiro_p"], rel=1e-6)
        if r["lillie_p"] < 0.1:  # Dallal-Wilkinson in both; above 0.1 nortest switches formula (tests/reference/README.md)
            assert normality(x) == pytest.approx(r["lillie_p"], rel=1e-6, abs=1e-12)
    for row in tab.itertuples():
        assert row.normality_p == normality(scores[row.copula_term[2:-1]].to_numpy())
