"""CVPAT and the Gaussian copula test inside the assessment: files, verdict rows, the ``copula`` switch, and the
models and runs where they are skipped (the statistics themselves: ``tests/reference/test_cvpat_own_data.py`` and
``tests/assess/test_endogeneity.py``)."""
from __future__ import annotations

import pytest
from conftest import ROOT

from surveysem import kinds
from surveysem.assess.assessment import FILES, assess, unsupported_steps
from surveysem.assess.cli import add_pls_arguments
from surveysem.pls import pls

DATA, MODEL = ROOT / "data/shopee_trust/data.csv", ROOT / "data/shopee_trust/model.lav"


@pytest.fixture(scope="module")
def shopee():
    res = pls(DATA, MODEL, missing_values=[-99])
    return res, res.bootstrap(boot=100, seed=4)


def test_assessment_writes_cvpat_and_endogeneity_with_verdict_rows(shopee, tmp_path):
    res, boot = shopee
    a = assess(res, boot, q2_distance=None, predict_folds=5, predict_reps=2, fit_boot=0, seed=4)
    assert list(FILES).index("cvpat") == list(FILES).index("plspredict") + 1  # written beside plspredict.csv
    assert set(a.cvpat["construct"]) == {"TRUST", "MB", "overall"} and set(a.cvpat["benchmark"]) == {"IA", "LM"}
    assert "5-fold cross-validation (seed 4)" in a.cvpat["note"].iloc[0] and "100 resamples" in a.cvpat["note"].iloc[0]
    assert (a.endogeneity["outcome"].isin(["TRUST", "MB"])).all()
    v = a.verdicts
    assert (v["criterion"] == "CVPAT").sum() == 6
    assert (v["criterion"] == "Gaussian copula").sum() == 5  # TRUST <- OCR, R; MB <- OCR, R, TRUST
    a.write(tmp_path / "out")
    assert (tmp_path / "out/cvpat.csv").exists() and (tmp_path / "out/endogeneity.csv").exists()


def test_copula_false_skips_the_copula_test_and_no_bootstrap_skips_both(shopee):
    res, boot = shopee
    a = assess(res, boot, q2_distance=None, predict_folds=5, predict_reps=1, fit_boot=0, seed=4, copula=False)
    assert a.endogeneity is None and a.cvpat is not None and a.settings["copula"] is False
    b = assess(res, None, q2_distance=None, predict_folds=5, predict_reps=1, fit_boot=0, seed=4)
    assert b.cvpat is None and b.endogeneity is None
    assert any(w.startswith("CVPAT skipped") for w in b.warnings)
    assert any(w.startswith("Gaussian copula test skipped") for w in b.warnings)


def test_interaction_models_skip_cvpat_and_the_copula_test(tmp_path):
    model = tmp_path / "m.lav"
    model.write_text(MODEL.read_text().replace("MB    ~ OCR + R + TRUST", "MB    ~ OCR + R + TRUST + OCR:R"))
    res = pls(DATA, model, missing_values=[-99])
    assert {"CVPAT", "Gaussian copula"} <= set(unsupported_steps(res))
    a = assess(res, res.bootstrap(boot=20, seed=1), q2_distance=None, predict_folds=5, predict_reps=1, fit_boot=0,
               seed=1)
    assert a.cvpat is None and a.endogeneity is None
    assert any(w.startswith("Gaussian copula skipped") for w in a.warnings)


def test_the_copula_setting_is_on_by_default_and_false_becomes_no_copula():
    import argparse

    s = kinds.SETTINGS["copula"]
    assert s.default is True and s.args(True) == ["--copula"] and s.args(False) == ["--no-copula"]
    p = argparse.ArgumentParser()
    add_pls_arguments(p)
    base = ["--data", "d", "--model", "m", "--out", "o"]
    assert p.parse_args(base).copula is True
    assert p.parse_args(base + s.args(False)).copula is False
    assert p.parse_args(base + s.args(True)).copula is True


def test_consistent_pls_says_the_robustness_checks_use_the_plain_scores():
    res = pls(DATA, MODEL, missing_values=[-99], consistent=True)
    a = assess(res, res.bootstrap(boot=20, seed=2), q2_distance=None, predict_folds=5, predict_reps=1, fit_boot=0,
               seed=2)
    assert a.cvpat is not None and a.endogeneity is not None
    assert any("CVPAT and the Gaussian copula test, too, use the plain PLS" in w for w in a.warnings)
