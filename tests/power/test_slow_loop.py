"""The batched Monte Carlo against an independent slow loop: for every replication, the engine's own single fit
(:func:`surveysem.pls.pls` on the replication's data frame) and its own bootstrap (:func:`surveysem.pls.bootstrap.
bootstrap` with the replication's resampling seed), one replication at a time. The numbers must be identical
(the batch only stacks matrices; docs/power.md)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from surveysem.errors import SurveysemError
from surveysem.pls import pls
from surveysem.pls.bootstrap import bootstrap
from surveysem.power.montecarlo import replicate
from surveysem.simulate import simulate_likert


def slow_loop(pop, n, reps, boot, seed, alpha, bca):
    rows = []
    for r in reps:
        df = simulate_likert(pop.model, n=n, seed=[seed, n, r, 0], **pop.simulate_kwargs())
        try:
            res = pls(df, pop.model)
        except SurveysemError:
            rows.append(None)
            continue
        b = bootstrap(res, boot=boot, seed=[seed, n, r, 1], ci=1 - alpha, bca=bca, n_jobs=1)
        e = b.effects
        e = e[e["kind"].isin(["direct", "specific_indirect"])]
        rows.append(e)
    return rows


def _compare(pop, n, reps, boot, seed, alpha, interval):
    fast = replicate(pop, n, reps, boot=boot, seed=seed, alpha=alpha, interval=interval, memory=2**20, jobs=2)
    slow = slow_loop(pop, n, reps, boot, seed, alpha, interval == "bca")
    lo, hi = ("bca_low", "bca_high") if interval == "bca" else ("ci_low", "ci_high")
    compared = 0
    for r, e in zip(reps, slow):
        f = fast[fast["replication"] == r]
        if e is None:
            assert (f["failed"] == 1).all()
            continue
        assert (f["failed"] == 0).all()
        assert list(f["effect"]) == [" -> ".join([a, *(v.split(" -> ") if v else []), b])
                                     for a, b, v in zip(e["from"], e["to"], e["via"])]
        # identical numbers, bit for bit
        assert np.array_equal(f["estimate"].to_numpy(), e["estimate"].to_numpy())
        assert np.array_equal(f["ci_low"].to_numpy(), e[lo].to_numpy())
        assert np.array_equal(f["ci_high"].to_numpy(), e[hi].to_numpy())
        compared += 1
    return compared


def test_batched_replications_equal_the_engine_fit_and_bootstrap_one_replication_at_a_time(mediation):
    assert _compare(mediation, n=60, reps=[0, 1, 2, 5], boot=50, seed=7, alpha=0.05, interval="percentile") == 4


def test_batched_bca_equals_the_engines_bca_one_replication_at_a_time(mediation):
    assert _compare(mediation, n=40, reps=[3, 4], boot=40, seed=11, alpha=0.1, interval="bca") == 2


def test_a_replication_with_a_constant_item_fails_in_both(tmp_path):
    from surveysem.power.population import from_model_file
    from tests.power.conftest import write_population

    pop = from_model_file(write_population(tmp_path))
    pop = type(pop)(**{**pop.__dict__, "thresholds": {**pop.thresholds, "x1": np.array([3.0, 3.5, 4.0, 4.5])}})
    fast = replicate(pop, 10, [0], boot=10, seed=1)
    assert (fast["failed"] == 1).all() and fast["significant"].isna().all()
    assert slow_loop(pop, 10, [0], 10, 1, 0.05, False) == [None]
    assert isinstance(fast, pd.DataFrame)
