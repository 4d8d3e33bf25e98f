"""Simulator: population algebra by hand, recovery at large n, determinism, Likert range, errors, CLI."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from surveysem.cli import main
from surveysem.errors import ConfigError
from surveysem.model import parse_model
from surveysem.simulate import (
    default_thresholds,
    likert_shares,
    population,
    population_correlations,
    simulate_continuous,
    simulate_likert,
)

MEDIATION = parse_model("""
X =~ x1 + x2 + x3
M =~ m1 + m2 + m3
Y =~ y1 + y2 + y3
M ~ X
Y ~ X + M
""")
A, B, C = 0.5, 0.4, 0.2  # X→M, M→Y, X→Y
PATHS = {"X -> M": A, "M -> Y": B, "Y ~ X": C}
LOADINGS = {"X": 0.8, "M": [0.9, 0.7, 0.6], "y3": 0.5, "Y": 0.75}


def test_population_correlations_follow_the_tracing_rule():
    # Wright's tracing rule for X → M → Y with X → Y (standardized; Kline 2016, ch. 6):
    # r_XM = a, r_XY = c + a·b, r_MY = b + a·c, R²_Y = b² + c² + 2abc, R²_M = a²
    R = population_correlations(MEDIATION, LOADINGS, PATHS)
    assert R.loc["X", "M"] == pytest.approx(A)
    assert R.loc["X", "Y"] == pytest.approx(C + A * B)
    assert R.loc["M", "Y"] == pytest.approx(B + A * C)
    pop = population(MEDIATION, LOADINGS, PATHS)
    r2 = dict(zip(pop.r2["construct"], pop.r2["r2"]))
    assert r2["M"] == pytest.approx(A**2)
    assert r2["Y"] == pytest.approx(B**2 + C**2 + 2 * A * B * C)
    # indicators: r(x_i, x_j) = λ_i λ_j r(η, η'), r(x_i, η) = λ_i r(η_i, η), unit diagonal
    assert R.loc["m1", "m2"] == pytest.approx(0.9 * 0.7)
    assert R.loc["x1", "y3"] == pytest.approx(0.8 * 0.5 * (C + A * B))  # y3's own loading overrides Y's 0.75
    assert R.loc["y1", "M"] == pytest.approx(0.75 * (B + A * C))
    assert np.allclose(np.diag(R), 1.0)


def test_exogenous_correlations_enter_the_endogenous_r2():
    # Y = b1 X1 + b2 X2 + ζ with r(X1, X2) = φ: R² = b1² + b2² + 2 b1 b2 φ (regression algebra)
    m = parse_model("X1 =~ a1 + a2\nX2 =~ b1 + b2\nY =~ y1 + y2\nY ~ X1 + X2")
    pop = population(m, 0.7, {"X1 -> Y": 0.3, "X2 -> Y": 0.4}, {"X1 ~~ X2": 0.5})
    assert pop.r2["r2"].iloc[0] == pytest.approx(0.09 + 0.16 + 2 * 0.3 * 0.4 * 0.5)
    assert pop.latent_cov.loc["X1", "Y"] == pytest.approx(0.3 + 0.4 * 0.5)


def test_continuous_sample_correlations_recover_the_population_at_large_n():
    n = 60_000
    df = simulate_continuous(MEDIATION, LOADINGS, PATHS, n=n, seed=11)
    R = population_correlations(MEDIATION, LOADINGS, PATHS)
    S = df[R.columns].corr().to_numpy()
    P = R.to_numpy()
    # SE of a Pearson r under normality ≈ (1 − ρ²)/√n; allow 4.5 SE per cell (36 cells off the diagonal)
    se = (1 - P**2) / np.sqrt(n) + 1e-12
    assert np.all(np.abs(S - P) <= 4.5 * se + 1e-9)
    assert np.allclose(df.var(ddof=1), 1.0, atol=4.5 * np.sqrt(2 / n))
    assert np.allclose(df.mean(), 0.0, atol=4.5 / np.sqrt(n))


def test_likert_answers_are_the_thresholded_continuous_indicators():
    cont = simulate_continuous(MEDIATION, LOADINGS, PATHS, n=500, seed=3)
    lik = simulate_likert(MEDIATION, LOADINGS, PATHS, n=500, seed=3, skew=0.3)
    tau = default_thresholds(5, 0.3)
    for col in MEDIATION.indicators:
        expected = 1 + (cont[col].to_numpy()[:, None] > tau[None, :]).sum(axis=1)
        assert (lik[col].to_numpy() == expected).all()


def test_likert_category_shares_match_the_threshold_probabilities():
    # P(y = m) = Φ(τ_m) − Φ(τ_{m−1}); default τ for K = 5, skew = 0: ±0.45, ±1.35 (module docstring)
    assert default_thresholds(5, 0.0) == pytest.approx([-1.35, -0.45, 0.45, 1.35])
    expected = np.diff(np.r_[0, stats.norm.cdf([-1.85, -0.95, -0.05, 0.85]), 1])
    assert likert_shares(5, 0.5) == pytest.approx(expected)
    n = 40_000
    lik = simulate_likert(MEDIATION, LOADINGS, PATHS, n=n, seed=5)
    shares = lik["x1"].value_counts(normalize=True).sort_index().to_numpy()
    assert np.all(np.abs(shares - expected) <= 4.5 * np.sqrt(expected * (1 - expected) / n))
    assert lik[list(MEDIATION.indicators)].mean().mean() > 3.3  # skewed toward agreement


@pytest.mark.parametrize("levels", [5, 7])
def test_likert_values_are_whole_numbers_in_range(levels):
    lik = simulate_likert(MEDIATION, LOADINGS, PATHS, n=2000, seed=1, levels=levels)
    vals = np.unique(lik.to_numpy())
    assert set(vals.tolist()) == set(range(1, levels + 1))
    assert all(pd.api.types.is_integer_dtype(t) for t in lik.dtypes)
    assert list(lik.columns) == list(MEDIATION.indicators)


def test_same_seed_gives_identical_data_and_another_seed_different_data():
    a = simulate_likert(MEDIATION, LOADINGS, PATHS, n=300, seed=42)
    b = simulate_likert(MEDIATION, LOADINGS, PATHS, n=300, seed=42)
    c = simulate_likert(MEDIATION, LOADINGS, PATHS, n=300, seed=43)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_custom_thresholds_per_item_are_used():
    lik = simulate_likert(MEDIATION, LOADINGS, PATHS, n=300, seed=1, thresholds={"x1": [9, 10, 11, 12]})
    assert (lik["x1"] == 1).all()  # every z is below 9


@pytest.mark.parametrize("paths, message", [
    ({"X -> M": 0.5, "M -> Y": 0.4}, "no coefficient for the path X -> Y"),
    ({**PATHS, "Y -> X": 0.1}, "the path Y -> X is not in the model"),
    ({"X -> M": 1.2, "M -> Y": 0.4, "X -> Y": 0.2}, "explain 1.440 of its variance"),
    ({"X => M": 0.5}, "cannot read the path"),
])
def test_bad_paths_are_one_line_config_errors(paths, message):
    with pytest.raises(ConfigError) as exc:
        population(MEDIATION, 0.8, paths, source="spec.yaml")
    assert message in exc.value.message
    assert exc.value.message.startswith("spec.yaml, paths: ")
    assert "\n" not in exc.value.message


def test_loading_outside_minus_one_to_one_is_rejected():
    with pytest.raises(ConfigError, match="loading of 'x2' is 1.3"):
        population(MEDIATION, {"X": 0.8, "x2": 1.3, "M": 0.8, "Y": 0.8}, PATHS)
    with pytest.raises(ConfigError, match="no loading for indicator 'y1'"):
        population(MEDIATION, {"X": 0.8, "M": 0.8}, PATHS)


def test_cli_simulate_writes_the_csv(tmp_path):
    (tmp_path / "m.lav").write_text(MEDIATION.to_syntax())
    (tmp_path / "spec.yaml").write_text(
        "loadings: {X: 0.8, M: 0.8, Y: 0.8}\npaths: {'X -> M': 0.5, 'M -> Y': 0.4, 'X -> Y': 0.2}\nseed: 9\n")
    out = tmp_path / "sim.csv"
    rc = main(["simulate", "--model", str(tmp_path / "m.lav"), "--spec", str(tmp_path / "spec.yaml"),
               "--n", "120", "--out", str(out), "--correlations", str(tmp_path / "pop.csv")])
    assert rc == 0
    df = pd.read_csv(out)
    assert df.shape == (120, 9) and df.min().min() >= 1 and df.max().max() <= 5
    pd.testing.assert_frame_equal(df, simulate_likert(MEDIATION, 0.8, {"X -> M": 0.5, "M -> Y": 0.4, "X -> Y": 0.2},
                                                      n=120, seed=9))
    pop = pd.read_csv(tmp_path / "pop.csv", index_col=0)
    assert pop.loc["X", "Y"] == pytest.approx(0.2 + 0.5 * 0.4)


def test_cli_simulate_bad_spec_exits_2_without_output(tmp_path, capsys):
    (tmp_path / "m.lav").write_text(MEDIATION.to_syntax())
    (tmp_path / "spec.yaml").write_text("loadings: 0.8\npaths: {'X -> M': 0.5}\nsead: 1\n")
    out = tmp_path / "sim.csv"
    rc = main(["simulate", "--model", str(tmp_path / "m.lav"), "--spec", str(tmp_path / "spec.yaml"),
               "--n", "50", "--seed", "1", "--out", str(out)])
    err = capsys.readouterr().err.strip()
    assert rc == 2 and not out.exists()
    assert err.startswith("surveysem: error: ") and "\n" not in err
    assert "unknown key 'sead'" in err


def test_the_example_data_script_frame_writes_checks_and_searches(tmp_path, capsys):
    from surveysem.simulate import example_data_script

    def build(seed=7):
        return pd.DataFrame({"seed": [seed], "x": [0.5]})

    checked = []
    out = tmp_path / "data.csv"
    assert example_data_script([], "Toy data.\nMore.", build, out, check=checked.append) == 0
    assert out.read_bytes() == b"seed,x\n7,0.5\n"  # "\n" line ends on every platform: the committed bytes
    assert example_data_script(["--check"], "Toy data.", build, out, check=checked.append) == 0
    assert [int(df["seed"].iloc[0]) for df in checked] == [7]
    assert example_data_script(["--search", "5"], "Toy data.", build, out,
                               accepts=lambda df: int(df["seed"].iloc[0]) % 2 == 0) == 0
    assert capsys.readouterr().out.split() == ["2", "4"]
