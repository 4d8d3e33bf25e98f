"""Group-wise PLS estimates, group bootstraps and permutation fits, all through the engine's batched plan.

A group is a 0/1 row-count vector over the full sample, so its indicator correlation matrix is a weighted
cross-product of the pooled data (:class:`~surveysem.pls.prepare.CrossProducts`): ``plan.batches(block_bytes)
.correlations(counts)`` → (B, p, p), ``plan.fit(S)``. The same call serves

* the group estimates (G count vectors: the group masks),
* each group's bootstrap (counts over that group's rows only: a resample of n_g rows drawn from the group),
* the permutations of the multigroup tests and MICOM (the G masks of a relabelling of the rows).

Missing values: with ``missing="mean"`` the weighted cross-products replace a missing cell by the **weighted** mean
of its column, i.e. by the group's own mean for a group mask and the resample's mean for a resample — what R seminr's
``estimate_pls_mga`` does (each group re-estimated from the raw rows with mean replacement within the group).
R cSEM instead imputes on the full sample before splitting; give :func:`~surveysem.groups.multigroup` data that are
already imputed to get cSEM's numbers (the two agree when no cell is missing).

Random streams: group g's bootstrap draws ``integers(0, n_g, size=(k, n_g))`` batch after batch from
``Generator(PCG64(SeedSequence([seed, g])))`` (0-based g in the sorted group order; the rows are the group's rows in
data order); the permutations draw their sort keys from ``SeedSequence([seed, PERMUTATION_STREAM])``. A draw
depends only on (seed, stream, its number), never on the batch size, the memory budget or the threads.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..pls.bootstrap import Statistics, chunk_size
from ..pls.estimate import PLSResult
from ..stats import MEMORY_BUDGET, generator, in_batches, indices_to_counts
from .split import Groups

#: stream key of the permutations: ``SeedSequence([seed, PERMUTATION_STREAM])`` (group bootstraps use [seed, g])
PERMUTATION_STREAM = 1_000_003


@dataclass
class Engine:
    """The pooled estimate's plan and statistics, ready to evaluate batches of row-count vectors.

    ``values(counts)`` → (B, m) statistics (:class:`~surveysem.pls.bootstrap.Statistics`: paths, loadings,
    weights, effects, R², HTMT) and (B,) ``ok`` flags, for counts (B, n) over the pooled rows.
    """

    result: PLSResult
    memory: int = MEMORY_BUDGET
    jobs: int = 1

    def __post_init__(self):
        self.stat = Statistics(self.result)
        self.parameters = self.stat.parameters
        self.plan = self.result.indicator_plan
        self.cp = self.plan.batches(block_bytes=max(self.memory // 8, 2**20))
        self.n = self.result.data.resample_base.shape[0]
        st = self.result.structure
        width = max(st.n_indicators, getattr(self.plan, "working_width", 0))
        n_miss = int(np.isnan(self.result.data.resample_base.to_numpy()).any(axis=0).sum())
        self.chunk = chunk_size(self.n, width, st.n_constructs, len(self.parameters), max(1, self.jobs),
                                budget=self.memory * 3 // 4, n_missing_cols=n_miss)

    def values(self, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        S = self.cp.correlations(counts)
        fit = self.plan.fit(S)
        ok = fit.ok & ~fit.extra.get("inadmissible", np.zeros_like(fit.ok))
        return self.stat.values(fit, S), ok


def group_estimates(engine: Engine, groups: Groups) -> tuple[np.ndarray, np.ndarray]:
    """(G, m) statistics of every group (the fit on the group's rows) and (G,) ok flags."""
    return engine.values(groups.masks())


def group_bootstrap(engine: Engine, groups: Groups, g: int, boot: int, seed: int,
                    progress: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Bootstrap of group ``g``: ``boot`` resamples of its n_g rows (with replacement), each a count vector over
    the pooled rows, pushed through the engine in memory-sized batches.

    Returns
    -------
    values, ok : ndarray (boot, m), (boot,)
        Statistics of every resample and whether it succeeded (failed resamples are left out of the summaries).
    """
    rows = groups.rows(g)
    n_g = rows.size
    m = len(engine.parameters)
    values = np.empty((boot, m))
    ok = np.zeros(boot, dtype=bool)
    rng = generator([int(seed), int(g)])  # one independent stream per group bootstrap
    chunk = engine.chunk

    def batches():
        for start in range(0, boot, chunk):
            stop = min(start + chunk, boot)
            yield start, stop, rng.integers(0, n_g, size=(stop - start, n_g))

    def run(start: int, stop: int, idx: np.ndarray) -> None:
        counts = np.zeros((stop - start, engine.n))
        counts[:, rows] = indices_to_counts(idx, n_g)
        values[start:stop], ok[start:stop] = engine.values(counts)

    in_batches(batches(), run, engine.jobs, f"bootstrap {groups.labels[g]}" if progress else None, boot, "resamples")
    return values, ok


def permutation_codes(codes: np.ndarray, rng: np.random.Generator, k: int) -> np.ndarray:
    """(k, n) relabellings of the rows: each row a uniformly random permutation of ``codes`` (the group sizes stay),
    from k·n uniform sort keys drawn in order (so the stream does not depend on how the permutations are batched)."""
    keys = rng.random((k, codes.size))
    return codes[np.argsort(keys, axis=1, kind="stable")]


def permutations(engine: Engine, groups: Groups, n_perm: int, seed: int,
                 extra: Callable[[int, int, np.ndarray, np.ndarray, np.ndarray], None] | None = None,
                 progress: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Fit every group of ``n_perm`` random relabellings of the rows (Chin & Dibbern 2010).

    Each permutation is G 0/1 count vectors (the permuted groups, sizes kept); all G·n_perm fits go through the
    engine in memory-sized batches. ``extra(start, stop, labels, values, ok)`` is called on each batch (MICOM uses
    it for the composite scores of the pooled estimate under the same relabellings).

    Returns
    -------
    values, ok : ndarray (n_perm, G, m), (n_perm,)
        The statistics of each permuted group; a permutation is ok when all its groups' fits are.
    """
    G = len(groups.labels)
    m = len(engine.parameters)
    kept = np.flatnonzero(groups.codes >= 0)
    codes_kept = groups.codes[kept]
    values = np.empty((n_perm, G, m))
    ok = np.zeros(n_perm, dtype=bool)
    rng = generator([int(seed), PERMUTATION_STREAM])  # one stream for the permutations
    chunk = max(1, engine.chunk // G)

    def batches():
        for start in range(0, n_perm, chunk):
            stop = min(start + chunk, n_perm)
            yield start, stop, permutation_codes(codes_kept, rng, stop - start)

    def run(start: int, stop: int, perm: np.ndarray) -> None:
        k = stop - start
        labels = np.full((k, engine.n), -1, dtype=np.intp)
        labels[:, kept] = perm
        counts = (labels[:, None, :] == np.arange(G)[None, :, None]).astype(float).reshape(k * G, engine.n)
        v, good = engine.values(counts)
        values[start:stop] = v.reshape(k, G, m)
        ok[start:stop] = good.reshape(k, G).all(axis=1)
        if extra is not None:
            extra(start, stop, labels, values[start:stop], ok[start:stop])

    in_batches(batches(), run, engine.jobs, "permutations" if progress else None, n_perm, "permutations")
    return values, ok


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def parameter_frame(engine: Engine) -> pd.DataFrame:
    """The engine's parameter table (``group``, ``from``, ``to``, ``construct``, ``indicator``, ``name``, ...)."""
    return engine.parameters.reset_index(drop=True)
