"""BLAS is pinned to one thread wherever surveysem computes (issue 11, item 5).

A multi-threaded BLAS rounds a product differently for different thread counts, so every command (``cli.main``) and
every library entry point that runs batched numerics runs with one BLAS thread. Checked from the inside: with the
BLAS pools set to two threads outside, a function the entry point calls sees one thread; and outside again the
limit is back to two. (The whole workflow at 1 and 2 threads, byte for byte: ``tests/workflow/test_reproducible.py``.)
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from surveysem import cli

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def _blas_threads() -> set[int]:
    return {p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"}


class Recorder:
    """Stands in for a function an entry point calls: records the BLAS thread counts, then calls the original."""

    def __init__(self, original=None, result=None):
        self.original, self.result, self.seen = original, result, []

    def __call__(self, *args, **kwargs):
        self.seen.append(_blas_threads())
        return self.original(*args, **kwargs) if self.original else self.result


@pytest.fixture
def two_threads():
    with threadpool_limits(limits=2, user_api="blas"):
        if _blas_threads() != {2}:
            pytest.skip("the BLAS here cannot be set to two threads")
        yield


def test_cli_main_runs_the_command_with_one_blas_thread(two_threads, monkeypatch, tmp_path):
    import surveysem.coding.cli as coding_cli

    rec = Recorder(result=0)
    monkeypatch.setattr(coding_cli, "run", rec)
    code = cli.main(["coding", "--segments", "s.csv", "--codebook", "c.csv", "--out", str(tmp_path / "o")])
    assert code == 0 and rec.seen == [{1}]
    assert _blas_threads() == {2}  # restored afterwards


def _shopee():
    from surveysem.pls import pls

    return pls(DATA / "shopee_trust" / "data.csv", DATA / "shopee_trust" / "model.lav", missing_values=[-99])


def _assess(monkeypatch):
    import surveysem.assess.assessment as mod

    res = _shopee()
    rec = Recorder(mod.reliability)
    monkeypatch.setattr(mod, "reliability", rec)
    mod.assess(res, None, q2_distance=None, predict_folds=None, fit_boot=0)
    return rec


def _model_fit(monkeypatch):
    import surveysem.assess.fit as mod

    res = _shopee()
    rec = Recorder(mod.fit_batch)
    monkeypatch.setattr(mod, "fit_batch", rec)
    mod.model_fit(res, boot=5, seed=1)
    return rec


def _plspredict(monkeypatch):
    import surveysem.assess.predict as mod

    res = _shopee()
    rec = Recorder(mod.fit_batch)
    monkeypatch.setattr(mod, "fit_batch", rec)
    mod.plspredict(res, k=5, reps=1, seed=1)
    return rec


def _pls(monkeypatch):
    import surveysem.pls.plan as mod  # the estimate fits through its plan (surveysem.pls.plan.Plan.fit)

    rec = Recorder(mod.fit_batch)
    monkeypatch.setattr(mod, "fit_batch", rec)
    _shopee()
    return rec


def _regression(monkeypatch):
    import surveysem.regression.study as mod

    rec = Recorder(mod._ols.correlations)
    monkeypatch.setattr(mod._ols, "correlations", rec)
    mod.run_regression_study(DATA / "bukalapak_loyalty" / "data.csv", DATA / "bukalapak_loyalty" / "model.lav",
                             missing_values=[-99], boot=0)
    return rec


def _mediation(monkeypatch):
    import surveysem.regression.mediation as mod

    rec = Recorder(mod.flagged_solve)
    monkeypatch.setattr(mod, "flagged_solve", rec)
    rng = np.random.default_rng(1)
    x = rng.normal(size=60)
    m = 0.5 * x + rng.normal(size=60)
    scores = pd.DataFrame({"X": x, "M": m, "Y": 0.4 * m + rng.normal(size=60)})
    mod.mediation_by_regression(scores, "X", "M", "Y", boot=20, seed=1)
    return rec


def _sessions(monkeypatch):
    import surveysem.sessions.study as mod

    rec = Recorder(mod.account_metrics)
    monkeypatch.setattr(mod, "account_metrics", rec)
    mod.run_sessions_study(DATA / "live_sessions" / "sessions.csv", boot=0)
    return rec


ENTRY_POINTS = {"pls": _pls, "assess": _assess, "model_fit": _model_fit, "plspredict": _plspredict,
                "run_regression_study": _regression, "mediation_by_regression": _mediation,
                "run_sessions_study": _sessions}


@pytest.mark.parametrize("name", list(ENTRY_POINTS))
def test_library_entry_point_computes_with_one_blas_thread(name, two_threads, monkeypatch):
    rec = ENTRY_POINTS[name](monkeypatch)
    assert rec.seen and all(s == {1} for s in rec.seen), rec.seen
    assert _blas_threads() == {2}
