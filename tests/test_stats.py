"""surveysem.stats, the shared numerics: one resampling stream drawn in batches, type-7 quantiles, folds, and the
exact fit test's bootstrap, which now runs batch after batch like the PLS bootstrap."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem.stats import (
    fold_ids,
    in_batches,
    percentile_interval,
    quantile,
    quantile_sorted,
    resample_batches,
    resample_indices,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("chunk", [1, 3, 7, 50, 1000])
def test_batches_of_the_resampling_stream_are_the_one_call_draws_for_any_batch_size(chunk):
    whole = resample_indices(13, 50, seed=9)
    parts = list(resample_batches(13, 50, 9, chunk))
    assert [(a, b) for a, b, _ in parts] == [(a, min(a + chunk, 50)) for a in range(0, 50, chunk)]
    np.testing.assert_array_equal(np.concatenate([idx for *_, idx in parts]), whole)


def test_resample_batches_replay_given_indices():
    given = np.arange(12).reshape(4, 3) % 3
    parts = list(resample_batches(3, 4, None, 3, indices=given))
    np.testing.assert_array_equal(np.concatenate([idx for *_, idx in parts]), given)


def test_quantile_type_7_by_hand():
    # Hyndman & Fan (1996), definition 7: h = (B - 1) q; x = 1, 2, 3, 4 at q = 0.25: h = 0.75 -> 1 + 0.75 (2 - 1)
    # = 1.75 (R: quantile(1:4, 0.25) = 1.75); q = 0.9: h = 2.7 -> 3 + 0.7 (4 - 3) = 3.7
    srt = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [4.0, 40.0]])
    np.testing.assert_allclose(quantile_sorted(srt, np.array([0.25, 0.9])), [1.75, 37.0], rtol=0, atol=1e-12)
    assert quantile([4.0, 2.0, 1.0, 3.0], 0.25) == pytest.approx(1.75, abs=1e-12)
    np.testing.assert_allclose(percentile_interval([4.0, 2.0, 1.0, 3.0], 0.8), [1.3, 3.7], atol=1e-12)


def test_the_two_type_7_implementations_agree_to_one_unit_in_the_last_place():
    rng = np.random.default_rng(4)
    draws = rng.normal(size=(999, 6))
    q = np.array([0.025, 0.975, 0.3, 0.5, 0.7, 0.999])
    mine = quantile_sorted(np.sort(draws, axis=0), q)
    theirs = np.array([quantile(draws[:, j], q[j]) for j in range(6)])
    assert np.all(np.abs(mine - theirs) <= np.spacing(np.abs(theirs)))
    frac_below_half = ((999 - 1) * q) % 1 < 0.5
    np.testing.assert_array_equal(mine[frac_below_half], theirs[frac_below_half])  # same formula there


def test_fold_ids_cut_each_repetition_into_nearly_equal_folds():
    f = fold_ids(23, 5, 3, seed=2)
    assert f.shape == (3, 23)
    for row in f:
        sizes = np.bincount(row, minlength=5)
        assert sizes.sum() == 23 and sizes.max() - sizes.min() <= 1
    assert not np.array_equal(f[0], f[1])  # a fresh permutation per repetition
    np.testing.assert_array_equal(f, fold_ids(23, 5, 3, seed=2))


def test_in_batches_runs_every_batch_once_with_at_most_jobs_in_flight():
    seen = []
    out = np.zeros(20)

    def fn(start, stop):
        seen.append((start, stop))
        out[start:stop] += 1

    in_batches(((a, min(a + 6, 20)) for a in range(0, 20, 6)), fn, jobs=3)
    assert sorted(seen) == [(0, 6), (6, 12), (12, 18), (18, 20)]
    np.testing.assert_array_equal(out, 1)


@pytest.fixture(scope="module")
def shopee():
    from surveysem.pls import pls

    d = ROOT / "data" / "shopee_trust"
    return pls(d / "data.csv", d / "model.lav", missing_values=[-99])


def test_exact_fit_bootstrap_is_the_same_bytes_for_any_batch_size_and_thread_count(shopee):
    from surveysem.assess.fit import model_fit

    one = model_fit(shopee, boot=40, seed=3, chunk=40, n_jobs=1)
    for chunk, jobs in ((1, 1), (7, 2), (16, 3)):
        other = model_fit(shopee, boot=40, seed=3, chunk=chunk, n_jobs=jobs)
        pd.testing.assert_frame_equal(other, one, check_exact=True)
    assert set(one["n_boot"]) == {40}


def test_exact_fit_bootstrap_resamples_the_rows_of_the_pls_bootstrap_stream(shopee, monkeypatch):
    # the fit test draws its resamples from the same stream as the PLS bootstrap with that seed: the counts of its
    # first batch are the counts of resample_indices(n, boot, seed)
    import surveysem.assess.fit as fit

    got = []
    original = fit.indices_to_counts
    monkeypatch.setattr(fit, "indices_to_counts", lambda idx, n: got.append(idx.copy()) or original(idx, n))
    fit.model_fit(shopee, boot=12, seed=5, chunk=5, n_jobs=1)
    np.testing.assert_array_equal(np.concatenate(got), resample_indices(shopee.n, 12, seed=5))
