"""The measured marker variable (issue 14, item 3): Lindell & Whitney's (2001) adjusted correlations, derived by
hand from their equations 4 and 5, and properties of the PLS marker approach (Rönkkö & Ylitalo 2011) on simulated
data with and without a planted common method factor; the options' one-line errors."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from surveysem.assess.assessment import assess
from surveysem.assess.method_bias import MARKER_CONSTRUCT, lindell_whitney, marker_model, marker_paths
from surveysem.cli import main
from surveysem.model import parse_model
from surveysem.pls import pls

MODEL = parse_model("""
X =~ x1 + x2 + x3
M =~ m1 + m2 + m3
Y =~ y1 + y2 + y3
M ~ X
Y ~ X + M
""")


def _data(n: int, method: float, seed: int, effect: float = 0.4) -> pd.DataFrame:
    """Three constructs with 3 items each (loadings 0.8); every item and the marker load ``method`` on one common
    method factor (Podsakoff et al. 2003, the situation a marker is meant to detect); X -> M -> Y with ``effect``,
    no direct X -> Y."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    x = rng.standard_normal(n)
    m = effect * x + np.sqrt(1 - effect**2) * rng.standard_normal(n)
    y = effect * m + np.sqrt(1 - effect**2) * rng.standard_normal(n)
    cmv = rng.standard_normal(n)
    cols = {}
    for name, eta in (("x", x), ("m", m), ("y", y)):
        for i in (1, 2, 3):
            cols[f"{name}{i}"] = 0.8 * eta + method * cmv + 0.6 * rng.standard_normal(n)
    cols["mkr"] = method * 1.5 * cmv + rng.standard_normal(n)
    return pd.DataFrame(cols)


def test_lindell_whitney_adjusted_correlation_and_t_follow_their_equations_4_and_5():
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(5)))
    n = 120
    base = rng.standard_normal((n, 4))
    scores = pd.DataFrame({"A": base[:, 0], "B": 0.5 * base[:, 0] + base[:, 1], "C": 0.3 * base[:, 1] + base[:, 2]})
    marker = pd.Series(0.2 * base[:, 0] + 0.1 * base[:, 1] + base[:, 3])
    table, r_m = lindell_whitney(scores, marker)
    r_marker = [np.corrcoef(scores[c], marker)[0, 1] for c in scores]
    assert r_m == pytest.approx(min(r for r in r_marker if r > 0), abs=1e-14)
    for (a, b) in (("A", "B"), ("A", "C"), ("B", "C")):
        row = table.set_index("subject").loc[f"{a} - {b}"]
        r = np.corrcoef(scores[a], scores[b])[0, 1]
        ra = (r - r_m) / (1 - r_m)  # Lindell & Whitney (2001), eq. 4
        ta = ra / np.sqrt((1 - ra**2) / (n - 3))  # eq. 5, n - 3 df
        assert row["value"] == pytest.approx(r, abs=1e-14)
        assert row["value_with_marker"] == pytest.approx(ra, abs=1e-14)
        assert row["p_with_marker"] == pytest.approx(2 * stats.t.sf(abs(ta), n - 3), abs=1e-12)
        assert row["p"] == pytest.approx(stats.pearsonr(scores[a], scores[b]).pvalue, abs=1e-12)


def test_a_marker_with_only_negative_correlations_adjusts_nothing():
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(6)))
    base = rng.standard_normal((80, 3))
    scores = pd.DataFrame({"A": base[:, 0], "B": base[:, 0] + base[:, 1]})
    table, r_m = lindell_whitney(scores, pd.Series(-base[:, 0] + base[:, 2]))
    assert r_m == 0.0
    assert (table["value"] == table["value_with_marker"]).all()


def test_the_marker_model_adds_one_single_item_construct_predicting_every_endogenous_construct():
    m = marker_model(MODEL, "mkr")
    assert m.construct(MARKER_CONSTRUCT).indicators == ("mkr",)
    assert set(m.predecessors("M")) == {"X", MARKER_CONSTRUCT}
    assert set(m.predecessors("Y")) == {"X", "M", MARKER_CONSTRUCT}
    assert m.exogenous == ("X", MARKER_CONSTRUCT) or set(m.exogenous) == {"X", MARKER_CONSTRUCT}


def _marker_table(method: float, seed: int) -> pd.DataFrame:
    data = _data(300, method, seed)
    res = pls(data, MODEL)
    boot = res.bootstrap(boot=300, seed=seed)
    a = assess(res, boot, q2_distance=None, predict_folds=None, fit_boot=0, marker="mkr", data=data)
    return a.marker_variable


def test_an_unrelated_marker_changes_no_path_and_no_verdict():
    t = _marker_table(method=0.0, seed=11)
    paths = t[(t.test == "marker_path") & (t.note == "")]
    assert (paths["difference"].abs() < 0.05).all()
    assert (t.loc[t.verdict != "n/a", "verdict"] == "pass").all()


def test_a_planted_method_factor_is_picked_up_by_the_marker_and_every_path_shrinks():
    # every item shares one common method factor, which the marker measures (Podsakoff et al. 2003)
    t = _marker_table(method=0.6, seed=12).set_index("subject")
    for path in ("X -> M", "X -> Y", "M -> Y"):
        assert abs(t.loc[path, "value_with_marker"]) < abs(t.loc[path, "value"])
    assert t.loc[f"{MARKER_CONSTRUCT} -> M", "significant_with_marker"] == "yes"
    corr = t[t.test == "marker_correlation"]
    assert (corr["value_with_marker"] < corr["value"]).all()


def test_a_path_that_loses_its_significance_with_the_marker_fails_and_the_others_pass():
    paths = pd.DataFrame({"from": ["X", "X", "M"], "to": ["M", "Y", "Y"], "estimate": [0.5, 0.15, 0.4],
                          "p": [0.001, 0.02, 0.30]})
    controlled = pd.DataFrame({"from": ["X", "X", "M", MARKER_CONSTRUCT], "to": ["M", "Y", "Y", "Y"],
                               "estimate": [0.45, 0.10, 0.41, 0.2], "p": [0.001, 0.09, 0.01, 0.001]})
    t = marker_paths(paths, controlled).set_index("subject")
    assert t.loc["X -> M", "verdict"] == "pass"
    assert t.loc["X -> Y", "verdict"] == "fail"  # significant before, not with the marker
    assert t.loc["M -> Y", "verdict"] == "pass"  # not significant before: nothing to lose
    assert t.loc["X -> Y", "difference"] == pytest.approx(-0.05)
    assert t.loc[f"{MARKER_CONSTRUCT} -> Y", "verdict"] == "n/a"


@pytest.mark.parametrize("option, message", [
    (["--marker", "x1"], "--marker x1: x1 is an item of the model"),
    (["--ipma", "Z"], "--ipma Z: the model has no construct Z"),
    (["--ipma", "X"], "--ipma X: X is exogenous"),
])
def test_marker_and_ipma_options_the_model_cannot_take_are_one_line_errors_before_estimating(
        tmp_path, capsys, option, message):
    data = tmp_path / "data.csv"
    _data(60, 0.0, 3).to_csv(data, index=False)
    model = tmp_path / "model.lav"
    model.write_text(MODEL.to_syntax())
    code = main(["pls", "--data", str(data), "--model", str(model), "--out", str(tmp_path / "out"), "--boot", "0",
                 "--assess", *option])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and message in err[0]
    assert not (tmp_path / "out").exists()
