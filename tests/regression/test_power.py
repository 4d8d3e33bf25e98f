"""``power.csv`` of the regression study: the observed f², the F test's power at n and the n for .80.

Expected values: f² = R²/(1 − R²) (Cohen 1988, ch. 9) from the study's own R², and the power from statsmodels'
FTestPowerF2 (df_num = k, df_denom = n − k − 1, λ = f²·n as G*Power's "R² deviation from zero"), an implementation
outside this package; Slovin N = 1000, e = .05 → 286 (Yamane 1967).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.power import FTestPowerF2

from surveysem.cli import main
from surveysem.regression.study import run_regression_study

ITEMS = {"ET": ["et_1", "et_2", "et_3"], "ES": ["es_1", "es_2", "es_3"], "EL": ["el_1", "el_2", "el_3"]}
MODEL = "\n".join(f"{v} =~ {' + '.join(its)}" for v, its in ITEMS.items()) + "\nEL ~ ET + ES\n"


def _survey(n=60, effect=0.25, seed=7):
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    et = rng.normal(size=n)
    es = 0.4 * et + rng.normal(size=n)
    el = effect * (et + es) + rng.normal(size=n)
    return pd.DataFrame({it: np.clip(np.round(3 + 0.9 * eta + 0.5 * rng.normal(size=n)), 1, 5)
                         for v, eta in (("ET", et), ("ES", es), ("EL", el)) for it in ITEMS[v]})


def test_power_row_follows_r2_and_matches_statsmodels():
    r = run_regression_study(_survey(), MODEL, scale_min=1, scale_max=5, boot=0)
    row = r.power.iloc[0]
    r2 = r.model_summary.iloc[0]["r2"]
    assert row["f2"] == pytest.approx(r2 / (1 - r2), rel=1e-12)
    n, k = 60, 2
    expected = FTestPowerF2().power(effect_size=row["f2"], df_num=k, df_denom=n - k - 1, alpha=0.05)
    assert row["power_actual"] == pytest.approx(expected, abs=1e-10)
    need = row["n_required"]
    assert FTestPowerF2().power(effect_size=row["f2"], df_num=k, df_denom=need - k - 1, alpha=0.05) >= 0.80
    assert FTestPowerF2().power(effect_size=row["f2"], df_num=k, df_denom=need - k - 2, alpha=0.05) < 0.80
    assert row["enough"] == ("yes" if n >= need else "no")
    assert "Slovin" not in set(r.power["method"])


def test_a_weak_effect_in_a_small_sample_warns_and_slovin_is_added_on_request(tmp_path):
    r = run_regression_study(_survey(n=40, effect=0.05, seed=11), MODEL, scale_min=1, scale_max=5, boot=0,
                             population_size=1000)
    f_row = r.power.iloc[0]
    assert f_row["enough"] == "no" and f_row["n_required"] > 40
    assert any(w.startswith("power: the F test of EL") for w in r.warnings)
    sl = r.power[r.power["method"] == "Slovin"].iloc[0]
    assert sl["n_required"] == 286 and sl["n_actual"] == 40 and sl["enough"] == "no"
    assert "not a power calculation" in sl["note"]


def test_regression_command_writes_power_csv_with_population_size(tmp_path):
    data, model = tmp_path / "d.csv", tmp_path / "m.lav"
    _survey().to_csv(data, index=False)
    model.write_text(MODEL)
    out = tmp_path / "out"
    assert main(["regression", "--data", str(data), "--model", str(model), "--out", str(out), "--boot", "0",
                 "--likert", "1", "5", "--population-size", "500", "--no-figures"]) == 0
    pw = pd.read_csv(out / "power.csv")
    assert list(pw["method"]) == ["F test (R² deviation from zero)", "Slovin"]
    assert pw["n_required"].iloc[1] == 223  # 500 / (1 + 500 * 0.0025) = 222.2 -> 223
