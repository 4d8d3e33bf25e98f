"""Seeded resampling, the one way: row draws from one PCG64 stream, batch after batch, on a bounded memory budget.

Every random draw of an analysis comes from ``numpy.random.Generator(PCG64(SeedSequence(seed)))`` (never the global
state; docs/CONVENTIONS.md). A bootstrap draws its (B, n) row indices as ``integers(0, n, size=(k, n))`` for
consecutive batches of k resamples from that one stream: the numbers are the same as one ``(B, n)`` call
(:func:`resample_indices`), so resample b's rows depend only on (seed, n, b) — not on the batch size, the number of
threads or jobs — and no (B, n) array is held (:func:`resample_batches`). :func:`in_batches` runs a function on
consecutive batches on a few threads with at most ``jobs`` batches in flight, and :func:`batch_size` sizes the
batches from a memory budget. Users: the PLS bootstrap, the exact fit test's bootstrap, the mediation-by-regression
and the sessions bootstraps, and the PLSpredict folds (:func:`fold_ids`).
"""
from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

#: default working memory of one batched resampling run (bytes): batch sizes keep the batches in flight within it
MEMORY_BUDGET = 256 * 2**20


def generator(seed: int | Sequence[int] | None) -> np.random.Generator:
    """``Generator(PCG64(SeedSequence(seed)))``: the random stream of every seeded step."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))


def resample_indices(n: int, boot: int, seed: int) -> np.ndarray:
    """Row indices (boot, n), 0-based, of ``boot`` resamples with replacement: one call on the stream of ``seed``.

    The same numbers as the batches of :func:`resample_batches` put together.
    """
    return generator(seed).integers(0, n, size=(boot, n))


def resample_batches(n: int, boot: int, seed: int | None, chunk: int,
                     indices: np.ndarray | None = None) -> Iterator[tuple[int, int, np.ndarray]]:
    """``(start, stop, idx)`` for consecutive batches of at most ``chunk`` resamples; ``idx`` is (stop − start, n).

    The batches are drawn in order from the one stream of ``seed`` (the same numbers as
    ``resample_indices(n, boot, seed)[start:stop]``); ``indices`` (B, n) replays given resamples instead.
    """
    rng = generator(seed) if indices is None else None
    chunk = max(1, int(chunk))
    for start in range(0, boot, chunk):
        stop = min(start + chunk, boot)
        if rng is None:
            assert indices is not None  # no stream only when given resamples are replayed
            yield start, stop, indices[start:stop]
        else:
            yield start, stop, rng.integers(0, n, size=(stop - start, n))


def indices_to_counts(indices: np.ndarray, n: int) -> np.ndarray:
    """(B, n) row indices → (B, n) row counts (how often each row is in each resample), as floats."""
    indices = np.asarray(indices, dtype=np.int64)
    B = indices.shape[0]
    if indices.min() < 0 or indices.max() >= n:
        raise ValueError(f"resample indices must lie in 0..{n - 1}")
    flat = indices + n * np.arange(B)[:, None]
    return np.bincount(flat.ravel(), minlength=B * n).reshape(B, n).astype(float)


def fold_ids(n: int, k: int, reps: int, seed: int) -> np.ndarray:
    """(reps, n) fold labels 0..k−1: for each repetition a random permutation of the cases (one stream from
    ``seed``, repetition after repetition) cut into k nearly equal folds (case ``perm[i]`` gets label ``i mod k``)."""
    rng = generator(seed)
    out = np.empty((reps, n), dtype=int)
    base = np.arange(n) % k
    for r in range(reps):
        out[r, rng.permutation(n)] = base
    return out


def batch_size(per_item: int, jobs: int, budget: int = MEMORY_BUDGET, cap: int = 2000) -> int:
    """Items per batch so that ``jobs`` batches in flight use at most ``budget`` bytes (at least 1, at most ``cap``),
    given the working bytes ``per_item`` one resample needs inside a batch."""
    return int(max(1, min(cap, budget // (max(1, jobs) * max(1, per_item)))))


def in_batches(batches: Iterable[tuple], fn: Callable[..., None], jobs: int = 1, label: str | None = None,
               total: int | None = None, unit: str = "") -> None:
    """Call ``fn(*batch)`` for every batch on ``jobs`` threads, at most ``jobs`` batches in flight.

    ``batches`` yields argument tuples whose first two items are ``start, stop`` (e.g. :func:`resample_batches`);
    it is consumed in this thread, in order (so a random stream is drawn in order), and at most ``jobs`` batches
    exist at once, which keeps memory within the budget the batch size was chosen for. ``fn`` must write disjoint
    slices of its outputs. With ``label``, progress ``label: done/total unit`` goes to stderr.
    """
    jobs = max(1, int(jobs))
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending: deque = deque()

        def finish_one() -> None:
            stop, future = pending.popleft()
            future.result()
            if label:
                print(f"\r{label}: {stop}/{total} {unit}", end="", file=sys.stderr, flush=True)

        batches = iter(batches)
        while True:
            if len(pending) >= jobs:  # wait first, then make the next batch: at most `jobs` batches exist at once
                finish_one()
            batch = next(batches, None)
            if batch is None:
                break
            pending.append((batch[1], pool.submit(fn, *batch)))
        while pending:
            finish_one()
    if label:
        print(file=sys.stderr)
