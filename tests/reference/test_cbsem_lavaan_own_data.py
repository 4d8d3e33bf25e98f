"""CB-SEM cross-check on shopee_trust agrees with lavaan 0.6.14 (vendored reference, no ../shared needed).

Reference: ``tests/reference/own_data/shopee_trust_lavaan.json`` (script ``tests/reference/scripts/own_data_lavaan.R``):
``cfa()`` (the ``=~`` lines) and ``sem()`` (the whole ``data/shopee_trust/model.lav``) with ``estimator = "ML"`` and
``"MLR"``, all other options lavaan defaults (marker-variable identification, normal likelihood, χ² = N·F_ML),
on the data with −99 → NA and **listwise deletion: 72 of 75 rows** (data rows 12, 40, 63 dropped; the
straight-liner stays). The structural model is saturated, so SEM fit = CFA fit.

Tolerances are what two optimizers reaching the same minimum give: fit indices agree to ≤ 3.2e-8 relative (χ² to
1e-10), while the parameter estimates of semopy 2.3.11 and lavaan differ by up to 1e-5 (the likelihood is flat
there: a 1e-5 change in a loading moves F_ML by ~1e-10). The corp_rep/mobi lavaan tests (``tests/cbsem/``) use 1e-3.
"""
from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT, load_own
from reference.compare import LAVAAN_FIT_NAMES, assert_close, matrix_series

from surveysem.cbsem import fit_cbsem
from surveysem.model import read_model

FIT_TOL = 1e-7  # relative to max(1, |value|): measured ≤ 3.2e-8 (SRMR of the CFA), χ², CFI, TLI, RMSEA ≤ 1.5e-10
EST_TOL = 2e-5  # unstandardized and standardized estimates: measured ≤ 7.9e-6
SE_TOL = 3e-5  # standard errors (ML) and standardized SEs, relative: measured ≤ 1.0e-5
CASES = {"CFA_ML": ("cfa", "ML"), "SEM_ML": ("sem", "ML"), "SEM_MLR": ("sem", "MLR")}


@pytest.fixture(scope="module")
def lavaan_ref():
    return load_own("shopee_trust_lavaan.json")


@pytest.fixture(scope="module", params=list(CASES))
def fitted(request, lavaan_ref):
    meta = lavaan_ref["meta"]
    kind, estimator = CASES[request.param]
    res = fit_cbsem(pd.read_csv(ROOT / meta["data_file"]), read_model(ROOT / meta["model_file"]), kind=kind,
                    estimator=estimator, missing_values=[-99])
    return request.param, res, lavaan_ref[request.param]


def _key(row) -> tuple:
    # lavaan writes a covariance as "OCR ~~ R", surveysem as "R ~~ OCR": compare covariances by unordered pair
    a, op, b = row
    return (op, *sorted((a, b))) if op == "~~" else (op, a, b)


def test_listwise_deletion_keeps_72_rows_like_lavaan(fitted, lavaan_ref):
    _, res, ref = fitted
    assert res.n == ref["n"] == lavaan_ref["meta"]["n_used"] == 72
    assert res.converged and ref["converged"]
    assert any("3 of 75 rows" in m for m in res.warning_table["message"])


def test_fit_indices_match_lavaan(fitted):
    name, res, ref = fitted
    ours = pd.Series({k: res.fit_value(v) for k, v in LAVAAN_FIT_NAMES.items()})
    theirs = pd.Series({k: ref["fit"][k] for k in LAVAAN_FIT_NAMES})
    # MLR in lavaan changes only the SEs and adds *.scaled / *.robust indices; its unscaled fit is the ML fit
    assert_close(ours, theirs, FIT_TOL, f"shopee_trust lavaan {name}: fit indices", relative=True)


def test_every_estimate_and_standardized_estimate_matches_lavaan(fitted):
    name, res, ref = fitted
    ours, theirs = _indexed(res.estimates), _indexed(pd.DataFrame(ref["estimates"]))
    assert len(ours) == len(theirs) == 42
    assert_close(ours["estimate"], theirs["est"], EST_TOL, f"shopee_trust lavaan {name}: estimates")
    assert_close(ours["std"], theirs["std_all"], EST_TOL, f"shopee_trust lavaan {name}: std.all estimates")


def _indexed(estimates: pd.DataFrame) -> pd.DataFrame:
    return estimates.set_index(pd.Index([_key(r) for r in estimates[["lhs", "op", "rhs"]].itertuples(index=False)]))


def test_ml_standard_errors_match_lavaan(fitted, lavaan_ref):
    name, res, ref = fitted
    if name == "SEM_MLR":  # lavaan's MLR SEs are robust (Huber-White), which semopy lacks: compare with ML's
        ref = lavaan_ref["SEM_ML"]
    ours, theirs = _indexed(res.estimates), _indexed(pd.DataFrame(ref["estimates"]))
    free = theirs.index[theirs["se"] > 0]  # lavaan gives se = 0 for the fixed marker loadings (surveysem: NaN)
    assert ours.loc[theirs.index.difference(free), "se"].isna().all()
    assert_close(ours.loc[free, "se"], theirs.loc[free, "se"], SE_TOL, f"shopee_trust lavaan {name}: SE",
                 proportional=True)
    std = theirs.index[theirs["std_se"] > 0]
    assert_close(ours.loc[std, "std_se"], theirs.loc[std, "std_se"], SE_TOL,
                 f"shopee_trust lavaan {name}: std.all SE", proportional=True)


def test_mlr_request_is_estimated_by_ml_with_a_note(lavaan_ref):
    # semopy 2.3.11 has no robust ML: lavaan's MLR point estimates and unscaled fit are the ML ones (compared above),
    # its Yuan-Bentler scaled chi² (112.77 vs 111.96) and robust SEs are not reproduced, and the result says so
    meta = lavaan_ref["meta"]
    res = fit_cbsem(pd.read_csv(ROOT / meta["data_file"]), read_model(ROOT / meta["model_file"]), estimator="MLR",
                    missing_values=[-99])
    assert any("MLR requested" in m and "estimated with ML" in m for m in res.warning_table["message"])
    assert res.fit_value("chisq") == pytest.approx(lavaan_ref["SEM_MLR"]["fit"]["chisq"], rel=FIT_TOL)
    assert res.fit_value("chisq") != pytest.approx(lavaan_ref["SEM_MLR"]["fit"]["chisq.scaled"], rel=1e-3)


def test_latent_correlations_and_r2_match_lavaan(fitted):
    name, res, ref = fitted
    assert_close(res.latent_correlations.stack(), matrix_series(ref["latent_correlations"]), EST_TOL,
                 f"shopee_trust lavaan {name}: latent correlations")
    r2 = res.r2.set_index("construct")["r2"]
    if name.startswith("CFA"):  # no structural part: no latent R² (lavaan's r2 lists the items only)
        assert r2.empty and not {"TRUST", "MB"} & set(ref["r2"])
    else:
        assert_close(r2, pd.Series({c: ref["r2"][c] for c in ("TRUST", "MB")}), EST_TOL,
                     f"shopee_trust lavaan {name}: latent R²")
