"""BCa intervals checked against an outside reference (issue 16, item 4).

``../shared/reference/csem/corp_rep_simple_bca*`` (script ``scripts/csem_bca.R``, cSEM 0.6.1 on corp_rep simple,
seminr's mean-replaced data, 2,000 bootstrap draws, seed 123): the exported draws, the real delete-one jackknife
(344 fits) and, per parameter, ``bca_real_jackknife_efron`` — the Efron / ``boot::bca.ci`` bounds computed in R from
those two files (d_i = mean(θ₍₋·₎) − θ₍₋ᵢ₎, ẑ₀ from the share of draws *below* θ̂, quantile type 7).
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import DATASETS, REFERENCE, needs_shared
from scipy import stats

from surveysem.pls import pls
from surveysem.stats import bca_bounds

CSEM = REFERENCE / "csem"
QUANTITIES = {"Path_estimates": "Path", "Loading_estimates": "Loading", "Weight_estimates": "Weight"}


def _csem_column(quantity: str, key: str) -> str:
    """JSON key ("CUSA ~ COMP", "COMP =~ comp_1", "COMP <~ comp_1") → column of the draws/jackknife CSVs."""
    return f"{QUANTITIES[quantity]}:{key}"


def _our_name(quantity: str, key: str) -> str:
    """The same parameter in our draws: path:COMP->CUSA, loading:COMP:comp_1, weight:COMP:comp_1."""
    if quantity == "Path_estimates":
        target, source = [s.strip() for s in key.split("~")]
        return f"path:{source}->{target}"
    construct, indicator = [s.strip() for s in key.replace("<~", "=~").split("=~")]
    return f"{'loading' if quantity == 'Loading_estimates' else 'weight'}:{construct}:{indicator}"


@pytest.fixture(scope="module")
def reference():
    if not CSEM.exists():
        pytest.skip("../shared is not beside the checkout")
    ref = json.loads((CSEM / "corp_rep_simple_bca.json").read_text())
    draws = pd.read_csv(CSEM / "corp_rep_simple_bca_boot_draws.csv.gz")
    jack = pd.read_csv(CSEM / "corp_rep_simple_bca_jackknife.csv.gz")
    return ref, draws, jack


@needs_shared
def test_bca_bounds_reproduce_the_efron_reference_from_csems_draws_and_jackknife(reference):
    ref, draws, jack = reference
    assert len(draws) == ref["meta"]["n_boot_ok"] == 2000 and len(jack) == 344
    compared, worst = 0, 0.0
    for quantity in QUANTITIES:
        for key, item in ref["results"][quantity].items():
            expected = item["bca_real_jackknife_efron"]["CI_95"]
            if expected is None or any(v is None for v in expected):
                continue  # cusa's loading and weight are 1 in every draw: R gives NA (0/0 acceleration)
            col = _csem_column(quantity, key)
            low, high = bca_bounds(np.array([item["estimate"]]), draws[[col]].to_numpy(), jack[[col]].to_numpy(),
                                   level=0.95)
            worst = max(worst, abs(low[0] - expected[0]), abs(high[0] - expected[1]))
            compared += 1
    assert compared == 23  # 5 paths, 9 loadings and 9 weights (cusa's two are NA)
    assert worst <= 1e-6, worst


@needs_shared
def test_bca_acceleration_and_bias_correction_follow_efron_not_csem(reference):
    # The reference gives a and z0 per parameter for Efron's convention; cSEM's formula (d_i centred at the estimate,
    # z0 from draws <= estimate) gives another a. Our bounds must sit on Efron's adjusted probabilities.
    ref, draws, jack = reference
    item = ref["results"]["Path_estimates"]["CUSA ~ COMP"]
    efron = item["bca_real_jackknife_efron"]
    col = draws["Path:CUSA ~ COMP"].to_numpy()
    jk = jack["Path:CUSA ~ COMP"].to_numpy()
    d = jk.mean() - jk  # Efron & Tibshirani (1993), eq. 14.15
    a = (d ** 3).sum() / (6 * (d ** 2).sum() ** 1.5)
    z0 = stats.norm.ppf((col < item["estimate"]).mean())  # eq. 14.14
    assert a == pytest.approx(efron["a"], abs=1e-12) and z0 == pytest.approx(efron["z0"], abs=1e-12)
    assert a != pytest.approx(item["bca_real_jackknife_cSEM_formula"]["a"], abs=1e-6)
    low, high = bca_bounds(np.array([item["estimate"]]), col[:, None], jk[:, None])
    p_lo, p_hi = efron["adjusted_probs"]
    assert low[0] == pytest.approx(np.quantile(col, p_lo), abs=1e-12)  # numpy "linear" = R type 7
    assert high[0] == pytest.approx(np.quantile(col, p_hi), abs=1e-12)
    # cSEM 0.6.1's own CI_bca (bootstrap draws fed as the jackknife) is a different interval
    assert abs(low[0] - item["CI_bca_95"][0]) > 5e-4


def test_bca_counts_draws_strictly_below_the_estimate():
    # Efron & Tibshirani (1993, eq. 14.14): z0 = Phi^-1(#{theta* < theta_hat} / B). Draws 1..8 with the estimate 4
    # (a tie): 3 of 8 are below, z0 = Phi^-1(3/8) (ties counted as 1/2 would give 3.5/8). With a symmetric jackknife
    # (a = 0) the lower 80 % bound is the type-7 quantile at Phi(2 z0 + z_0.1).
    draws = np.arange(1.0, 9.0)[:, None]
    jack = np.array([-1.0, 0.0, 1.0])[:, None]
    low, high = bca_bounds(np.array([4.0]), draws, jack, level=0.8)
    z0 = stats.norm.ppf(3 / 8)
    q_lo, q_hi = stats.norm.cdf(2 * z0 + stats.norm.ppf(0.1)), stats.norm.cdf(2 * z0 + stats.norm.ppf(0.9))
    h = 7 * q_lo  # type 7: (B - 1) q, interpolated between the sorted draws
    assert low[0] == pytest.approx(1 + h, abs=1e-12)
    assert high[0] == pytest.approx(1 + 7 * q_hi, abs=1e-12)


@needs_shared
def test_bootstrap_computes_the_real_delete_one_jackknife_that_csem_exported(reference):
    # cSEM's model on seminr's mean-replaced data (-99 -> NA -> column mean over all 344 rows), no re-imputation
    # inside a jackknife sample. cSEM stops when max |Δw| < 1e-5 ("diff_absolute", meta.tolerance); we iterate
    # until Σ|Δw| < 1e-10, so our jackknife estimates sit at the fixed point and what is left is cSEM's early stop:
    # measured 1.6e-7 (the same with our default 1e-7), so 1e-6 — a tenth of cSEM's weight tolerance — is the bound.
    ref, _, jack = reference
    raw = pd.read_csv(DATASETS / "corp_rep_data.csv").replace(-99, np.nan)
    model = ref["meta"]["model_syntax"]
    items = [c for c in raw.columns if c in model]
    data = raw[items].fillna(raw[items].mean())
    res = pls(data, model, tol=1e-10)
    boot = res.bootstrap(boot=20, seed=1, bca=True)
    assert boot.jackknife.shape[0] == 344 and np.isfinite(boot.jackknife).all()
    ours = pd.DataFrame(boot.jackknife, columns=list(boot.parameters["name"]))
    assert (jack["omitted_case"].to_numpy() == np.arange(1, 345)).all()
    worst = 0.0
    for quantity in QUANTITIES:
        for key in ref["results"][quantity]:
            diff = np.abs(ours[_our_name(quantity, key)].to_numpy() - jack[_csem_column(quantity, key)].to_numpy())
            worst = max(worst, diff.max())
    assert worst < 1e-6, worst
    # and the full-sample estimates agree with cSEM's to the same tolerance
    est = dict(zip(boot.parameters["name"], boot.parameters["estimate"]))
    for quantity in QUANTITIES:
        for key, v in ref["estimates"][quantity].items():
            assert est[_our_name(quantity, key)] == pytest.approx(v, abs=1e-6)
