"""BCa bounds from cSEM's bootstrap draws and the real jackknife on shopee_trust (vendored, no ../shared needed).

Reference: ``tests/reference/own_data/shopee_trust_bca.json`` with ``shopee_trust_bca_boot_draws.csv.gz`` (2,000 cSEM
0.6.1 draws of every path, loading and weight) and ``shopee_trust_bca_jackknife.csv.gz`` (the real delete-one
jackknife, 75 rows), script ``tests/reference/scripts/own_data_csem_bca.R``. ``bca_real_jackknife_efron`` gives the
Efron (1987) bounds as R's ``boot::bca.ci`` defines them (Efron & Tibshirani 1993, §14.3): d_i = mean(θ₍₋.₎) − θ₍₋ᵢ₎,
a = Σd³ / (6 (Σd²)^1.5), z0 = Φ⁻¹(#{θ* < θ̂}/B), bounds = type-7 quantiles at Φ(z0 + (z0 + z_p)/(1 − a(z0 + z_p))).
cSEM 0.6.1's own ``CI_bca`` feeds the bootstrap draws in place of the jackknife (a cSEM defect, recorded in
``../shared/reference/README.md``), so it is not the target.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import OWN_DATA, load_own
from reference.compare import assert_close

from surveysem.stats import summarize

TOL = 1e-14  # measured ≤ 3.3e-15 (BCa bounds); percentile bounds, SD, mean ≤ 8.9e-16
GROUPS = {"Path_estimates": "Path", "Loading_estimates": "Loading", "Weight_estimates": "Weight"}


@pytest.fixture(scope="module")
def bca():
    ref = load_own("shopee_trust_bca.json")
    draws = pd.read_csv(OWN_DATA / "shopee_trust_bca_boot_draws.csv.gz")
    jack = pd.read_csv(OWN_DATA / "shopee_trust_bca_jackknife.csv.gz").drop(columns="omitted_case")
    assert len(draws) == ref["meta"]["n_boot_ok"] == 2000 and len(jack) == ref["meta"]["n"] == 75
    rows = [(f"{prefix}:{name}", r) for group, prefix in GROUPS.items() for name, r in ref["results"][group].items()]
    cols = [c for c, _ in rows]
    out = summarize(np.array([r["estimate"] for _, r in rows]), draws[cols].to_numpy(), ci=0.95,
                    jackknife=jack[cols].to_numpy())
    out.index = cols
    return out, dict(rows)


def test_bca_bounds_from_the_real_jackknife_match_efron_for_every_parameter(bca):
    out, ref = bca
    assert len(ref) == 37  # 5 paths, 16 loadings, 16 weights
    for side, k in (("bca_low", 0), ("bca_high", 1)):
        theirs = pd.Series({c: r["bca_real_jackknife_efron"]["CI_95"][k] for c, r in ref.items()})
        assert_close(out[side], theirs, TOL, f"shopee_trust BCa (Efron, real jackknife): {side}")


def test_percentile_bounds_and_bootstrap_sd_match_csem_infer(bca):
    out, ref = bca
    for side, k in (("ci_low", 0), ("ci_high", 1)):
        theirs = pd.Series({c: r["CI_percentile_95"][k] for c, r in ref.items()})
        assert_close(out[side], theirs, TOL, f"shopee_trust cSEM percentile: {side}")
    assert_close(out["se"], pd.Series({c: r["boot_sd"] for c, r in ref.items()}), TOL, "shopee_trust cSEM SD")
    assert_close(out["boot_mean"], pd.Series({c: r["boot_mean"] for c, r in ref.items()}), TOL,
                 "shopee_trust cSEM mean")
