"""Monte Carlo power checked by properties with known answers (issue 15, "done when"):

* at a population effect of 0, power is the test's size α (a two-sided (1 − α) interval excludes 0 in about α of
  the samples; Efron & Tibshirani 1993, ch. 13), within Monte Carlo error: with R = 1,000 replications the SE of a
  share near 0.05 is √(0.05 · 0.95 / 1000) = 0.0069, so 0.05 ± 0.02 is about ±3 SE;
* power rises with n (the SE of an estimate shrinks like 1/√n);
* the 95 % interval covers the population value in about 95 % of the samples when the estimator is consistent for
  it: single-item constructs (λ = 1, so the construct score is the item) on a fine 50-point scale (negligible
  discretization), where the PLS path is the OLS slope of standardized variables;
* the numbers do not depend on how replications are chunked, grouped in memory or spread over threads.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from surveysem.power.montecarlo import power_table, replicate
from surveysem.power.population import from_model_file

from .conftest import write_population


def test_power_at_a_zero_effect_is_the_size_of_the_test(tmp_path):
    path = tmp_path / "null.lav"
    path.write_text("X =~ 0.8*x1 + 0.8*x2\nY =~ 0.8*y1 + 0.8*y2\nY ~ 0*X\n", encoding="utf-8")
    pop = from_model_file(path)
    parts = replicate(pop, 60, range(1000), boot=100, seed=2026, alpha=0.05, jobs=2)
    row = power_table(parts).iloc[0]
    assert row["true_value"] == 0 and row["failed"] <= 5  # a rare sample whose estimate fails is left out, counted
    assert abs(row["power"] - 0.05) <= 0.02, row["power"]
    assert row["power_ci_low"] <= 0.05 <= row["power_ci_high"]


def test_power_rises_with_n(tmp_path):
    pop = from_model_file(write_population(tmp_path, a=0.3, b=0.3, c=0.15))
    parts = pd.concat([replicate(pop, n, range(150), boot=100, seed=5, jobs=2) for n in (30, 80, 200)])
    table = power_table(parts)
    for effect, g in table.groupby("effect"):
        p = g.sort_values("n")["power"].to_numpy()
        assert p[0] <= p[1] + 0.05 and p[1] <= p[2] + 0.05, (effect, p)  # monotone up to Monte Carlo noise
        assert p[2] - p[0] > 0.25, (effect, p)


def test_interval_coverage_is_near_nominal_for_a_consistent_simple_model(tmp_path):
    path = tmp_path / "simple.lav"
    path.write_text("X =~ 1*x\nY =~ 1*y\nY ~ 0.3*X\n", encoding="utf-8")
    pop = from_model_file(path, levels=50)
    # 50 categories of equal width w = 7/48 on [-3.5, 3.5]: grouping shrinks a correlation by about w²/12 per
    # variable (Sheppard's correction; Olsson 1979), i.e. to 0.997 of it, and 0.05 % of answers lie beyond ±3.5,
    # so the bias of the path is below 0.002 at β = 0.3
    tau = np.linspace(-3.5, 3.5, 49)
    pop = replace(pop, thresholds={"x": tau, "y": tau})
    row = power_table(replicate(pop, 200, range(400), boot=200, seed=9, jobs=2)).iloc[0]
    assert abs(row["bias"]) < 0.01, row["bias"]
    assert 0.92 <= row["coverage"] <= 0.98, row["coverage"]


def test_results_do_not_depend_on_chunks_memory_or_threads(mediation):
    whole = replicate(mediation, 50, range(9), boot=30, seed=3, jobs=1)
    split = pd.concat([replicate(mediation, 50, range(4), boot=30, seed=3, memory=2**16, jobs=2),
                       replicate(mediation, 50, range(4, 9), boot=30, seed=3, memory=2**30, jobs=1)],
                      ignore_index=True)
    pd.testing.assert_frame_equal(whole, split, check_exact=True)
    assert np.isfinite(whole["ci_low"]).all()


def test_a_replication_depends_on_seed_n_and_its_number_only(mediation):
    a = replicate(mediation, 50, [4], boot=30, seed=3)
    b = replicate(mediation, 50, [7, 4], boot=30, seed=3)
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b[b["replication"] == 4].reset_index(drop=True),
                                  check_exact=True)
    assert not replicate(mediation, 50, [4], boot=30, seed=4)["estimate"].equals(a["estimate"])
