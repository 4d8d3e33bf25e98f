"""``surveysem pls --assess`` and ``surveysem assess`` write the documented assessment tables; bad options are one-line
errors with exit 2 and no output folder."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from surveysem.cli import main

MODEL = "X =~ x1 + x2 + x3\nM =~ m1 + m2 + m3\nY =~ y1 + y2 + y3 + y4\nM ~ X\nY ~ X + M\n"
FILES = ["reliability", "outer_model", "fornell_larcker", "htmt", "cross_loadings", "vif_outer", "vif_inner", "f2",
         "hypotheses", "r2_assessment", "q2", "plspredict", "model_fit", "mediation", "item_purification", "verdicts"]


def _files(tmp_path, n=120, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    m = 0.5 * x + 0.85 * rng.normal(size=n)
    y = 0.4 * m + 0.3 * x + 0.8 * rng.normal(size=n)
    cols = {}
    for name, f, k in (("x", x, 3), ("m", m, 3), ("y", y, 4)):
        for i in range(1, k + 1):
            lam = 0.35 if (name, i) == ("y", 4) else 0.85  # y4 is weak
            cols[f"{name}{i}"] = np.clip(np.round(3 + lam * f + np.sqrt(1 - lam ** 2) * rng.normal(size=n)), 1, 5)
    data, model = tmp_path / "survey.csv", tmp_path / "model.lav"
    pd.DataFrame(cols).to_csv(data, index=False)
    model.write_text(MODEL)
    return data, model


def test_pls_assess_writes_every_table_next_to_the_engine_tables(tmp_path):
    data, model = _files(tmp_path)
    out = tmp_path / "out"
    code = main(["pls", "--data", str(data), "--model", str(model), "--out", str(out), "--boot", "200",
                 "--seed", "42", "--assess", "--purify", "strict", "--predict-reps", "2", "--quiet"])
    assert code == 0
    for f in FILES + ["paths", "loadings", "effects", "r2"]:
        assert (out / f"{f}.csv").exists(), f
    rel = pd.read_csv(out / "reliability.csv")
    assert list(rel.columns[:7]) == ["construct", "mode", "n_items", "alpha", "rho_a", "rho_c", "ave"]
    assert list(pd.read_csv(out / "htmt.csv").columns[:3]) == ["construct_a", "construct_b", "htmt"]
    assert list(pd.read_csv(out / "vif_outer.csv").columns[:3]) == ["construct", "indicator", "vif"]
    assert list(pd.read_csv(out / "vif_inner.csv").columns[:3]) == ["construct", "predictor", "vif"]
    assert list(pd.read_csv(out / "f2.csv").columns[:3]) == ["from", "to", "f2"]
    fit = pd.read_csv(out / "model_fit.csv")
    assert list(fit.columns[:3]) == ["index", "saturated", "estimated"]
    assert list(fit["index"]) == ["SRMR", "d_ULS", "d_G", "d_G_log10", "chi2", "NFI"]
    cl = pd.read_csv(out / "cross_loadings.csv")
    assert "flag" in cl.columns  # the richer table replaced the engine's plain one
    log = pd.read_csv(out / "item_purification.csv")
    assert "y4" in set(log.loc[log["action"] == "dropped", "indicator"])
    # the engine tables describe the final (purified) model
    assert "y4" not in set(pd.read_csv(out / "loadings.csv")["indicator"])
    med = pd.read_csv(out / "mediation.csv", keep_default_na=False)
    assert list(med["chain"]) == ["X -> M -> Y"] and med["zhao_type"].iloc[0] in {
        "complementary", "competitive", "indirect-only", "direct-only", "no-effect"}
    v = pd.read_csv(out / "verdicts.csv")
    assert list(v.columns) == ["criterion", "subject", "value", "threshold", "verdict", "rule", "reference"]
    assert set(v["verdict"]) <= {"pass", "warn", "fail", "n/a"}


def test_assess_command_without_bootstrap_skips_mediation(tmp_path):
    data, model = _files(tmp_path)
    out = tmp_path / "out"
    assert main(["assess", "--data", str(data), "--model", str(model), "--out", str(out), "--predict-reps", "1",
                 "--quiet", "--boot", "0", "--seed", "42"]) == 0
    assert (out / "reliability.csv").exists() and not (out / "mediation.csv").exists()


@pytest.mark.parametrize("extra,msg", [(["--predict-folds", "1"], "--predict-folds"),
                                       (["--alpha", "1.5"], "--alpha"),
                                       (["--q2-distance", "1"], "--q2-distance")])
def test_bad_assessment_option_is_one_line_error_and_no_folder(tmp_path, capsys, extra, msg):
    data, model = _files(tmp_path)
    out = tmp_path / "out"
    code = main(["assess", "--data", str(data), "--model", str(model), "--out", str(out), "--quiet", *extra])
    err = capsys.readouterr().err.strip()
    assert code == 2 and not out.exists()
    assert err.startswith("surveysem: error: ") and "\n" not in err and msg in err
