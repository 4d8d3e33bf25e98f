"""IPMA against R cSEM 0.6.1 ``doIPMA()`` and hand-derived properties.

Reference: ../shared/reference/csem/corp_rep_extended_ipma.json (script ``scripts/csem_ipma.R``): corp_rep_extended
with every indicator rescaled (x − 1)/(7 − 1)·100 from the theoretical 7-point limits, on the mean-replaced data,
PLS-PM path scheme, tolerance 1e-10. cSEM's matrices are rows = outcome, columns = antecedent: row ``CUSL`` is the
IPMA on CUSL. Rescaling is linear, so the standardized estimate is the same as on the raw data.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import load_json, needs_shared

from surveysem.assess.ipma import ipma, normed_weights, rescale
from surveysem.errors import ConfigError, DataError, ModelError
from surveysem.model import parse_model
from surveysem.pls import pls

TOL = 1e-6


@pytest.fixture(scope="module")
def ref():
    return load_json("csem/corp_rep_extended_ipma.json")


@pytest.fixture(scope="module")
def cusl(corp_rep_raw, corp_rep_models):
    res = pls(corp_rep_raw, corp_rep_models["extended"], missing_values=[-99], tol=1e-10)
    return ipma(res, "CUSL", scale=(1, 7))


@needs_shared
def test_construct_importance_and_performance_match_csem(cusl, ref):
    c = cusl.constructs.set_index("construct")
    imp = ref["importance_construct"]["CUSL"]
    ante = c[c["role"] == "antecedent"]
    assert sorted(ante.index) == sorted(k for k, v in imp.items() if v != 0)
    for k in ante.index:
        assert ante.loc[k, "importance"] == pytest.approx(imp[k], abs=TOL), k
    for k, v in ref["performance_construct"].items():
        assert c.loc[k, "performance"] == pytest.approx(v, abs=TOL), k
    assert c.loc["CUSL", "role"] == "target" and np.isnan(c.loc["CUSL", "importance"])


@needs_shared
def test_indicator_importance_performance_and_weights_match_csem(cusl, ref):
    i = cusl.indicators.set_index("indicator")
    imp = ref["importance_indicator"]["CUSL"]
    assert len(i) == len(imp) == 31
    for k, row in i.iterrows():
        assert row["performance"] == pytest.approx(ref["performance_indicator"][k], abs=TOL), k
        assert row["weight_normed"] == pytest.approx(ref["weights_normed"][row["construct"]][k], abs=TOL), k
        assert row["weight_std"] == pytest.approx(ref["weights_standardized"][row["construct"]][k], abs=TOL), k
        if row["role"] == "antecedent":
            assert row["importance"] == pytest.approx(imp[k], abs=TOL), k
        else:  # cSEM lists the target's own indicators with their normed weight; we leave importance empty
            assert np.isnan(row["importance"]) and row["weight_normed"] == pytest.approx(imp[k], abs=TOL)


@needs_shared
def test_negative_weight_is_noted_as_cSEM_warns(cusl, ref):
    neg = ref["negative_weights"]
    assert [n["indicator"] for n in neg] == ["qual_4"]
    assert len(cusl.notes) == 1 and "qual_4" in cusl.notes[0] and "negative" in cusl.notes[0]


@needs_shared
def test_importance_of_another_target_uses_that_row(corp_rep_raw, corp_rep_models, ref):
    res = pls(corp_rep_raw, corp_rep_models["extended"], missing_values=[-99], tol=1e-10)
    c = ipma(res, "CUSA", scale=(1, 7)).constructs.set_index("construct")
    for k, v in ref["importance_construct"]["CUSA"].items():
        if v != 0:
            assert c.loc[k, "importance"] == pytest.approx(v, abs=TOL), k


@needs_shared
def test_write_gives_tables_summary_and_run_json(cusl, tmp_path):
    paths = cusl.write(tmp_path / "ipma")
    names = sorted(p.name for p in paths)
    assert names == ["ipma_constructs.csv", "ipma_indicators.csv", "run.json", "summary.txt"]
    back = pd.read_csv(tmp_path / "ipma" / "ipma_constructs.csv")
    assert back["importance"].iloc[0] == cusl.constructs["importance"].iloc[0]  # full precision
    assert "CUSL" in cusl.summary() and "qual_4" in cusl.summary()


# ----------------------------------------------------------------------------- hand-derived properties
def _toy(seed=0, n=120):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=n)
    b = 0.6 * a + rng.normal(scale=0.8, size=n)

    def item(f, k):
        return np.clip(np.round(4 + 1.2 * f + rng.normal(scale=0.7, size=n)), 1, 7)

    df = pd.DataFrame({f"a{k}": item(a, k) for k in (1, 2, 3)} | {f"b{k}": item(b, k) for k in (1, 2, 3)})
    model = parse_model("A =~ a1 + a2 + a3\nB =~ b1 + b2 + b3\nB ~ A\n")
    return df, model


def test_rescale_maps_the_scale_limits_to_0_and_100():
    # (x - min)/(max - min)*100: 1 -> 0, 4 -> 50, 7 -> 100 on a 1-7 scale; 1, 3, 5 -> 0, 50, 100 on 1-5
    df = pd.DataFrame({"x": [1.0, 4.0, 7.0], "y": [1.0, 3.0, 5.0]})
    rs, limits = rescale(df, {"x": (1, 7), "y": (1, 5)})
    assert rs["x"].tolist() == [0.0, 50.0, 100.0] and rs["y"].tolist() == [0.0, 50.0, 100.0]
    assert limits.to_dict("list") == {"indicator": ["x", "y"], "scale_min": [1.0, 1.0], "scale_max": [7.0, 5.0]}


def test_a_block_with_every_item_at_the_maximum_has_performance_100():
    # the normed weights sum to 1 within a construct (also with a negative weight), so a block whose rescaled
    # items are all 100 scores 100 for every respondent: Σ w̃ᵢ · 100 = 100
    w = normed_weights(np.array([0.5, -0.1, 0.7, 0.4, 0.9]), np.array([20.0, 10.0, 30.0, 25.0, 5.0]),
                       np.array([0, 0, 0, 1, 1]))
    items_at_max, _ = rescale(pd.DataFrame(np.full((4, 3), 7.0)), (1, 7))
    assert (items_at_max.to_numpy() @ w[:3]) == pytest.approx([100.0] * 4, abs=1e-12)
    assert w[1] < 0 and w[3:].sum() == pytest.approx(1.0, abs=1e-15)
    # hand values: w/sd = (0.025, -0.01, 0.02333...), sum 0.038333... -> 0.65217..., -0.26087..., 0.60870...
    assert w[:3] == pytest.approx([0.025 / (0.115 / 3), -0.01 / (0.115 / 3), (0.7 / 30) / (0.115 / 3)], rel=1e-12)
    df, model = _toy()
    out = ipma(pls(df, model), "B", scale=(1, 7))
    assert out.indicators.groupby("construct")["weight_normed"].sum().to_numpy() == pytest.approx([1, 1], abs=1e-12)


def test_performance_is_the_scale_position_of_the_weighted_mean():
    # hand derivation: performance(B) = Σ w̃ᵢ mean(x̃ᵢ) with Σ w̃ᵢ = 1, so shifting every answer of B's items up by
    # one point on a 1-7 scale raises B's performance by exactly 100/6 (weights are shift invariant)
    df, model = _toy()
    df = df.clip(upper=6)
    lo = ipma(pls(df, model), "B", scale=(1, 7)).constructs.set_index("construct")
    up = df.copy()
    up[["b1", "b2", "b3"]] += 1
    hi = ipma(pls(up, model), "B", scale=(1, 7)).constructs.set_index("construct")
    assert hi.loc["B", "performance"] - lo.loc["B", "performance"] == pytest.approx(100 / 6, abs=1e-9)
    assert hi.loc["A", "performance"] == pytest.approx(lo.loc["A", "performance"], abs=1e-12)


def test_unstandardized_importance_equals_the_regression_slope_on_the_0_100_scores():
    # Ringle & Sarstedt (2016): importance = unstandardized total effect, i.e. for one predictor the OLS slope of
    # the target's 0-100 score on the antecedent's 0-100 score
    df, model = _toy(seed=3)
    out = ipma(pls(df, model), "B", scale=(1, 7))
    ind = out.indicators
    rs, _ = rescale(df, (1, 7))
    score = {c: rs[list(g["indicator"])].to_numpy() @ g["weight_normed"].to_numpy()
             for c, g in ind.groupby("construct")}
    slope = np.polyfit(score["A"], score["B"], 1)[0]
    assert out.constructs.set_index("construct").loc["A", "importance"] == pytest.approx(slope, rel=1e-10)
    assert out.constructs.set_index("construct").loc["B", "performance"] == pytest.approx(score["B"].mean(), rel=1e-12)


def test_errors_name_the_problem():
    df, model = _toy()
    res = pls(df, model)
    with pytest.raises(ConfigError, match="not a construct"):
        ipma(res, "C", scale=(1, 7))
    with pytest.raises(ConfigError, match="no construct has an effect"):
        ipma(res, "A", scale=(1, 7))
    with pytest.raises(DataError, match="outside its scale"):
        ipma(res, "B", scale=(1, 5))
    with pytest.raises(ConfigError, match="not below"):
        ipma(res, "B", scale=(7, 1))
    with pytest.raises(ConfigError, match="no scale limits"):
        ipma(res, "B", scale={"a1": (1, 7)})
    with pytest.raises(ModelError, match="plain PLS"):
        ipma(pls(df, model, consistent=True), "B", scale=(1, 7))


def test_the_figure_puts_each_antecedent_at_its_importance_and_performance_with_mean_lines(tmp_path):
    from surveysem.io import save_figure
    from surveysem.report.ipma_figure import ipma_figure

    table = pd.DataFrame({"construct": ["A", "B", "T"], "role": ["antecedent", "antecedent", "target"],
                          "importance": [0.2, 0.6, np.nan], "performance": [40.0, 70.0, 90.0]})
    fig = ipma_figure(table)
    ax = fig.axes[0]
    assert ax.collections[0].get_offsets().tolist() == [[0.2, 40.0], [0.6, 70.0]]
    lines = {tuple(line.get_xdata()) + tuple(line.get_ydata()) for line in ax.lines}
    assert (0.4, 0.4, 0, 1) in lines and (0, 1, 55.0, 55.0) in lines  # mean importance 0.4, mean performance 55
    assert "T" in ax.get_title() and ax.get_ylim() == (0.0, 100.0)
    first = [p.read_bytes() for p in save_figure(fig, tmp_path / "a", "ipma")]
    second = [p.read_bytes() for p in save_figure(ipma_figure(table), tmp_path / "b", "ipma")]
    assert first == second  # deterministic files
    assert ipma_figure(table[table["role"] == "target"]) is None


def test_labels_of_points_close_together_are_raised_to_rows_where_they_do_not_overlap():
    import numpy as np

    from surveysem.report.ipma_figure import _label_rows

    x, y = np.array([0.10, 0.105, 0.11, 0.30]), np.array([65.0, 65.2, 64.9, 65.0])
    rows = _label_rows(x, y, ["EXP", "IDN", "INF", "PA"], (0.0, 0.35))
    assert rows[3] == 0  # a point far from the others keeps its label beside it
    assert sorted(rows[:3]) == [0, 1, 2]  # three labels on one spot: three rows
    assert _label_rows(x, y, ["EXP", "IDN", "INF", "PA"], (0.0, 0.35)) == rows  # deterministic
