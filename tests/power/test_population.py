"""The population of a power study: lavaan's fixed values parsed from a model file, a fitted study's estimates and
answer distribution, and the configuration's checks of a power study."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from surveysem.cli import main
from surveysem.config import load_config
from surveysem.errors import ConfigError, ModelError
from surveysem.model import parse_model
from surveysem.power.population import from_model_file, from_study, thresholds_from_answers
from surveysem.simulate import simulate_likert
from tests.example_runs import DATA

from .conftest import write_population


def test_fixed_values_are_read_as_lavaan_pre_multipliers():
    fixed: dict = {}
    m = parse_model("X =~ 0.7*x1 + .8*x2\nY =~ 1*y1\nY ~ -0.25*X\nX ~~ 0*X", fixed_values=fixed)
    assert fixed == {("loading", "X", "x1"): 0.7, ("loading", "X", "x2"): 0.8, ("loading", "Y", "y1"): 1.0,
                     ("path", "X", "Y"): -0.25}
    assert [(p.source, p.target) for p in m.paths] == [("X", "Y")]


def test_a_label_or_a_fixed_value_outside_a_power_model_is_an_error():
    with pytest.raises(ModelError, match="must be a number"):
        parse_model("X =~ x1 + x2\nY =~ y1\nY ~ b*X", fixed_values={})
    with pytest.raises(ModelError, match="fixed or labelled paths are not supported"):
        parse_model("X =~ x1 + x2\nY =~ y1\nY ~ 0.3*X")  # an estimation model: PLS estimates every path


def test_a_model_file_without_a_value_for_every_path_and_loading_is_a_one_line_error(tmp_path):
    p = tmp_path / "m.lav"
    p.write_text("X =~ 0.8*x1 + x2\nY =~ 0.8*y1 + 0.8*y2\nY ~ 0.3*X\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="the loading of x2 has no population value"):
        from_model_file(p)
    p.write_text("X =~ 0.8*x1 + 0.8*x2\nY =~ 0.8*y1 + 0.8*y2\nY ~ X\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="the path X -> Y has no population value"):
        from_model_file(p)
    p.write_text("X =~ 0.8*x1 + 0.8*x2\nY =~ 0.8*y1 + 0.8*y2\nY ~ 1.2*X\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="R² must be below 1"):
        from_model_file(p)


def test_exogenous_correlations_come_from_fixed_covariances(tmp_path):
    p = tmp_path / "m.lav"
    p.write_text("A =~ 0.8*a1 + 0.8*a2\nB =~ 0.8*b1 + 0.8*b2\nY =~ 0.8*y1 + 0.8*y2\nY ~ 0.2*A + 0.2*B\n"
                 "A ~~ 0.5*B\n", encoding="utf-8")
    pop = from_model_file(p)
    assert pop.exogenous_correlations == {("A", "B"): 0.5}
    # R²(Y) = β'Φβ = 0.04 + 0.04 + 2·0.2·0.2·0.5 = 0.12 (Bollen 1989, ch. 4)
    from surveysem.simulate import population

    assert population(pop.model, pop.loadings, pop.paths, pop.exogenous_pairs()).r2["r2"].iloc[0] == pytest.approx(0.12)


def test_thresholds_reproduce_the_answer_shares_by_hand():
    answers = pd.DataFrame({"q": [1, 1, 2, 3, 3, 3]})
    # counts 2, 1, 3 plus 1/2 each: 2.5, 1.5, 3.5 of 7.5 -> cumulative 1/3 and 4/7.5
    tau = thresholds_from_answers(answers, 1, 3)["q"]
    np.testing.assert_allclose(tau, stats.norm.ppf([2.5 / 7.5, 4.0 / 7.5]), rtol=0, atol=1e-15)


@pytest.fixture(scope="module")
def shopee(tmp_path_factory):
    study = tmp_path_factory.mktemp("shopee")
    model = DATA / "shopee_trust" / "model.lav"
    assert main(["clean", "--data", str(DATA / "shopee_trust" / "data.csv"), "--model", str(model), "--out",
                 str(study / "cleaning"), "--missing-value", "-99", "--id-column", "id"]) == 0
    assert main(["pls", "--data", str(study / "cleaning" / "clean.csv"), "--model", str(model), "--out",
                 str(study / "pls"), "--assess", "--purify", "strict", "--seed", "1", "--predict-reps", "1",
                 "--quiet"]) == 0
    return study


def test_a_fitted_study_gives_its_reduced_model_estimates_and_answer_distribution(shopee):
    pop = from_study(shopee / "pls")
    paths = pd.read_csv(shopee / "pls" / "paths.csv")
    assert pop.paths == {(r["from"], r["to"]): r["estimate"] for _, r in paths.iterrows()}
    assert "trust4" not in pop.model.indicators  # item purification dropped it: the population is the reported model
    assert pop.levels == 5
    corr = pd.read_csv(shopee / "pls" / "construct_corr.csv", index_col=0)
    assert pop.exogenous_correlations == {("OCR", "R"): corr.loc["OCR", "R"]}
    # a large sample from the population reproduces each item's answer shares (up to the 1/2 added per category)
    data = pd.read_csv(shopee / "cleaning" / "clean.csv")
    sim = simulate_likert(pop.model, n=200_000, seed=5, **pop.simulate_kwargs())
    for item in ("ocr1", "r3", "mb4"):
        want = (data[item].value_counts().reindex(range(1, 6), fill_value=0) + 0.5) / (len(data) + 2.5)
        got = sim[item].value_counts(normalize=True).reindex(range(1, 6), fill_value=0)
        np.testing.assert_allclose(got.to_numpy(), want.to_numpy(), atol=0.005)


def test_a_folder_that_is_not_a_finished_pls_study_is_a_one_line_error(tmp_path):
    with pytest.raises(ConfigError, match="paths.csv is missing|run.json is missing"):
        from_study(tmp_path)


def _power(**kw):
    return {"kind": "power", "seed": 1, **kw}


def test_the_configuration_checks_where_a_power_study_gets_its_population(tmp_path):
    pls = {"kind": "pls", "data": "d.csv", "model": "m.lav"}
    cfg = load_config({"studies": {"a": pls, "p": _power(**{"from": "a"})}})
    assert cfg["studies"]["p"]["n"] == [50, 75, 100, 150, 200, 300] and cfg["studies"]["p"]["replications"] == 1000
    cases = [({"from": "nope"}, "'from: nope' is not a study"),
             ({"from": "r"}, "is a regression study"),
             ({"from": "a", "model": "m.lav"}, "from one place"),
             ({}, "from one place"),
             ({"from": "a", "boot": 0}, "decides by bootstrap intervals"),
             ({"from": "a", "replications": 5, "power_chunks": 7}, "7 chunks of 5 replications")]
    for extra, message in cases:
        with pytest.raises(ConfigError, match=message):
            load_config({"studies": {"a": pls, "r": {"kind": "regression", "data": "d.csv", "model": "m.lav"},
                                     "p": _power(**extra)}})


def test_power_from_a_model_file_through_the_command(tmp_path):
    model = write_population(tmp_path, a=0.5, b=0.5, c=0.0)
    assert main(["power", "--model", str(model), "--n", "40", "--replications", "8", "--boot", "30", "--seed", "2",
                 "--out", str(tmp_path / "out")]) == 0
    power = pd.read_csv(tmp_path / "out" / "power.csv")
    assert list(power["effect"]) == ["X -> M", "X -> Y", "X -> M -> Y", "M -> Y"]  # the engine's effect order
    assert power.loc[power["effect"] == "X -> M -> Y", "true_value"].iloc[0] == pytest.approx(0.25)
    assert (tmp_path / "out" / "figures" / "power_curve.svg").is_file()
