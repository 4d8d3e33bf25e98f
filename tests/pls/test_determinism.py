"""The PLS bootstrap gives the same bytes for any number of BLAS threads, jobs or chunk size (issue 17, item 2), and
stays within its memory budget whatever n (issue 17, memory).

Before the change the tables differed in the last bits (≤ 9e-16) between OMP_NUM_THREADS = 1 and 2 and between
chunk sizes 100 and 500: a BLAS product rounds a row differently depending on the rows around it and on the thread
split. The properties below are what makes the bytes independent of all that: every resample's correlation matrix,
PLS fit and statistics are bit for bit what the same resample gives alone.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem.pls import pls
from surveysem.pls.algorithm import fit_batch
from surveysem.pls.bootstrap import Statistics, chunk_size, resample_bytes
from surveysem.pls.prepare import CrossProducts
from surveysem.stats import indices_to_counts, resample_indices

ROOT = Path(__file__).resolve().parents[2]
STUDY = ROOT / "data" / "tiktok_gifting"  # n = 400, 11 constructs, four -99 answers (mean replacement)

# a mixed model with a composite (Mode B) block, on continuous data with missing cells: the hardest case for the
# exact sums (two slices, the four-term mean-replacement formula) and for the batch-independence of every step
MIXED = """X =~ x1 + x2 + x3
F <~ f1 + f2 + f3
Y =~ y1 + y2 + y3
Z =~ z1 + z2
Y ~ X + F
Z ~ Y + X
"""


def _mixed_data(n: int = 120, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    g = rng.normal(size=(n, 1))
    cols = {}
    for name, k, w in (("x", 3, 0.8), ("f", 3, 0.5), ("y", 3, 0.7), ("z", 2, 0.6)):
        for i in range(1, k + 1):
            cols[f"{name}{i}"] = w * g[:, 0] + rng.normal(size=n) * 1.3 + 10.0
    df = pd.DataFrame(cols)
    df.iloc[[3, 17, 40], [1, 5, 6]] = np.nan
    df.iloc[[8, 9], [9]] = np.nan
    return df


@pytest.fixture(scope="module")
def mixed():
    res = pls(_mixed_data(), MIXED)
    base = res.data.resample_base.to_numpy()
    counts = indices_to_counts(resample_indices(len(base), 60, seed=5), len(base))
    return res, base, counts


def test_a_resamples_correlation_matrix_does_not_depend_on_its_batch(mixed):
    res, base, counts = mixed
    cp = CrossProducts(base, impute_mean=True)
    whole = cp.correlations(counts)
    alone = np.concatenate([cp.correlations(counts[i:i + 1]) for i in range(len(counts))])
    sevens = np.concatenate([cp.correlations(counts[i:i + 7]) for i in range(0, len(counts), 7)])
    assert whole.tobytes() == alone.tobytes() == sevens.tobytes()
    # and it is the correlation of the resampled rows after mean replacement inside the resample (seminr)
    idx = np.repeat(np.arange(len(base)), counts[0].astype(int))
    rows = base[idx]
    rows = np.where(np.isnan(rows), np.nanmean(rows, axis=0), rows)
    np.testing.assert_allclose(whole[0], np.corrcoef(rows.T), atol=1e-14)


def test_block_by_block_sums_equal_the_cached_sums_bit_for_bit(mixed):
    # with a tiny block budget the slices are made 5 rows at a time and never cached: exact sums, same bytes
    _, base, counts = mixed
    cached = CrossProducts(base, impute_mean=True)
    blocks = CrossProducts(base, impute_mean=True, block_bytes=5 * 8 * (4 * cached._mz + cached._mm))
    assert cached._cache is not None and blocks._cache is None and blocks._rows == 5
    assert cached.correlations(counts).tobytes() == blocks.correlations(counts).tobytes()


def test_sliced_weighted_sums_are_exact():
    # Ozaki et al. (2012): hi and lo slices hold integers (times a power of two) so every partial sum of
    # counts × slice is exact; compare with exact rational arithmetic on the same sliced values
    rng = np.random.default_rng(9)
    x = rng.normal(size=(50, 3)) * [1.0, 1e-3, 250.0] + [0.1, 5.0, -7.0]
    cp = CrossProducts(x, impute_mean=False)
    counts = indices_to_counts(resample_indices(50, 4, seed=2), 50)
    hi_sum = np.zeros((4, cp._mz))
    for r0, r1, hi, lo, _ in cp._blocks():
        assert lo is not None  # continuous data need the second slice
        for parts in (hi, lo):
            got = counts[:, r0:r1] @ parts
            for b in range(4):
                for j in (0, 2, cp._mz - 1):
                    exact = sum(Fraction(int(c)) * Fraction(v) for c, v in zip(counts[b, r0:r1], parts[:, j]))
                    assert Fraction(got[b, j]) == exact
        hi_sum += counts[:, r0:r1] @ hi
    assert np.all(np.isfinite(hi_sum))


def test_survey_answers_need_one_exact_slice_only():
    # integer answers, centred on a 1/256 grid of a power-of-two scale: the products have few bits, lo = 0
    rng = np.random.default_rng(4)
    x = rng.integers(1, 8, size=(300, 5)).astype(float)
    cp = CrossProducts(x, impute_mean=False)
    assert all(lo is None for *_, lo, _ in cp._blocks())


def test_fit_and_statistics_of_a_resample_do_not_depend_on_its_batch(mixed):
    res, base, counts = mixed
    S = CrossProducts(base, impute_mean=True).correlations(counts)
    stat = Statistics(res)

    def values(S_):
        fit = fit_batch(S_, res.structure)
        return np.concatenate([stat.values(fit, S_), fit.weights, fit.iterations[:, None].astype(float)], axis=1)

    whole = values(S)
    alone = np.concatenate([values(S[i:i + 1]) for i in range(len(S))])
    thirteens = np.concatenate([values(S[i:i + 13]) for i in range(0, len(S), 13)])
    assert whole.tobytes() == alone.tobytes() == thirteens.tobytes()


def test_jackknife_correlations_equal_the_count_formula_bit_for_bit(mixed):
    # (exact total) − (row i) is the exact sum over the other rows, so no (n, n) count matrix is needed
    _, base, _ = mixed
    n = len(base)
    cp = CrossProducts(base, impute_mean=True)
    by_counts = cp.correlations(np.ones((n, n)) - np.eye(n))
    by_rows = np.concatenate([cp.jackknife_correlations(a, min(a + 17, n)) for a in range(0, n, 17)])
    assert by_counts.tobytes() == by_rows.tobytes()


def test_bootstrap_results_are_the_same_bytes_for_any_chunk_and_job_count(mixed):
    res = mixed[0]
    runs = [res.bootstrap(boot=90, seed=11, chunk=c, n_jobs=j) for c, j in ((90, 1), (7, 2), (1, 3), (40, 2))]
    first = runs[0]
    for r in runs[1:]:
        assert r.draws.tobytes() == first.draws.tobytes()
        assert r.jackknife.tobytes() == first.jackknife.tobytes()
        pd.testing.assert_frame_equal(r.parameters, first.parameters, check_exact=True)


def test_chunk_size_keeps_the_batches_in_flight_within_the_budget():
    budget = 256 * 2**20
    for n, p, K, m in ((344, 31, 8, 200), (10_000, 60, 10, 250), (200_000, 60, 10, 250)):
        for jobs in (1, 2, 8):
            c = chunk_size(n, p, K, m, jobs, budget=budget)
            assert c >= 1
            assert c == 1 or jobs * c * resample_bytes(n, p, K, m) <= budget
    # n = 10,000 and 60 items on 2 cores: a few hundred resamples per batch, not the whole B
    assert 50 <= chunk_size(10_000, 60, 10, 250, 2, budget=budget) <= 500


_SCRIPT = """
import hashlib, json, sys
from pathlib import Path
from surveysem.cli import main
out = Path(sys.argv[1])
main(["pls", "--data", sys.argv[2], "--model", sys.argv[3], "--missing-value", "-99", "--boot", "300",
      "--seed", "5", "--out", str(out), "--quiet"])
print(json.dumps({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}))
"""

_JOBS_SCRIPT = """
import hashlib, json, sys
from surveysem.pls import pls
res = pls(sys.argv[1], sys.argv[2], missing_values=[-99])
out = {}
for chunk, jobs in ((100, 1), (500, 2)):
    b = res.bootstrap(boot=300, seed=5, chunk=chunk, n_jobs=jobs)
    out[f"{chunk}/{jobs}"] = hashlib.sha256(b.draws.tobytes() + b.jackknife.tobytes()
                                            + b.parameters.to_csv().encode()).hexdigest()
print(json.dumps(out))
"""


def _run(script: str, args: list[str], threads: int) -> dict:
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "OPENBLAS_NUM_THREADS": str(threads),
           "MKL_NUM_THREADS": str(threads)}
    out = subprocess.run([sys.executable, "-c", script, *args], env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_bootstrap_files_are_byte_identical_at_one_and_two_blas_threads(tmp_path):
    data, model = str(STUDY / "data.csv"), str(STUDY / "model.lav")
    one = _run(_SCRIPT, [str(tmp_path / "t1"), data, model], threads=1)
    two = _run(_SCRIPT, [str(tmp_path / "t2"), data, model], threads=2)
    assert {"paths.csv", "effects.csv", "loadings.csv", "weights.csv", "r2.csv", "boot_draws.parquet",
            "run.json"} <= set(one)
    assert one == two


@pytest.mark.slow
def test_bootstrap_draws_are_identical_across_threads_chunks_and_jobs():
    data, model = str(STUDY / "data.csv"), str(STUDY / "model.lav")
    one = _run(_JOBS_SCRIPT, [data, model], threads=1)
    two = _run(_JOBS_SCRIPT, [data, model], threads=2)
    assert len(set(one.values()) | set(two.values())) == 1, (one, two)


@pytest.mark.slow
def test_peak_memory_of_a_large_bootstrap_stays_within_its_budget():
    # n = 6,000 × 40 items, B = 200 with BCa (6,000 jackknife fits). Before the change the jackknife held an
    # (n, n) count matrix (288 MB) and all n correlation and PLS working matrices at once (the bootstrap raised the
    # peak RSS by 668 MiB). Chunked within a 64 MiB budget, the arrays allocated during the bootstrap (numpy
    # reports its buffers to tracemalloc) must peak below that budget. tracemalloc counts what is allocated, not
    # what malloc keeps in its per-thread arenas, so the bound does not depend on the machine's load (peak RSS is
    # measured in benchmarks/bench_memory.py).
    script = """
import sys, tracemalloc
sys.path.insert(0, sys.argv[1])
from bench_memory import model_text
from surveysem.model import parse_model
from surveysem.pls import pls
from surveysem.simulate import simulate_likert
text = "\\n".join(l for l in model_text(8, 5).splitlines() if "C9" not in l and "C10" not in l)
model = parse_model(text)
data = simulate_likert(model, 0.75, {f"{p.source} -> {p.target}": 0.3 for p in model.paths}, n=6000, seed=2)
res = pls(data, model)
tracemalloc.start()
res.bootstrap(boot=200, seed=1, memory=64 * 2**20)
print(tracemalloc.get_traced_memory()[1] / 2**20)
"""
    out = subprocess.run([sys.executable, "-c", script, str(ROOT / "benchmarks")], check=True, capture_output=True,
                         text=True)
    peak = float(out.stdout.split()[-1])
    assert peak < 64, peak
