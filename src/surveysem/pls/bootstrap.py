"""Bootstrap inference for PLS-SEM, all resamples as one batch of arrays.

A resample is a vector of row counts; its indicator correlation matrix is a weighted cross-product
(:class:`~surveysem.pls.prepare.CrossProducts`), and the PLS algorithm runs on the whole stack at once
(:func:`~surveysem.pls.algorithm.fit_batch`). No Python loop per resample.

Resampling: ``Generator(PCG64(SeedSequence(seed))).integers(0, n, size=(boot, n))``, drawn batch after batch from the
one stream (the same numbers as one call), so resample b's rows depend only on (seed, n, b) — not on cores, jobs, or
chunking — and no (boot, n) array is held. With mean replacement, resamples are drawn
from the raw rows and each resample's missing cells get that resample's item means (as R seminr does); with
listwise deletion they are drawn from the complete rows. ``indices=`` replays another tool's resamples exactly.

For every parameter θ (paths, loadings, weights, effects, R², HTMT):

* ``boot_mean``, ``se`` = SD of the draws (n − 1 divisor, as seminr and SmartPLS);
* ``t`` = θ̂ / se, two-sided ``p`` from Student's t with B − 1 df (SmartPLS; with B in the thousands this is the
  normal p: Wibowo & Safitri (2022) report t = 2.346 → p = .019);
* percentile interval ``ci_low, ci_high`` (quantile type 7, as R's default);
* bias-corrected and accelerated interval ``bca_low, bca_high`` (Efron 1987; Efron & Tibshirani 1993, §14.3):
  z₀ = Φ⁻¹(#{θ*_b < θ̂}/B), acceleration a from the delete-one jackknife, α₁,₂ = Φ(z₀ + (z₀ + z_α)/(1 − a(z₀ + z_α)))
  (:func:`bca_bounds`).

Determinism and memory: the results are the same bytes for any ``chunk``, ``n_jobs``, memory budget and number of BLAS
threads (exact weighted sums in :class:`~surveysem.pls.prepare.CrossProducts`, per-matrix numerics, BLAS pinned to one
thread); batches are sized from n, p and the budget (:func:`chunk_size`), and the jackknife is batched the same way.

Resamples that fail (singular matrices, constant items, non-convergence) are excluded, counted and reported in
``failed``; they never stop the run.
"""
from __future__ import annotations

import os
import sys
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..assess.discriminant import htmt_batch
from ..format import plain
from .algorithm import fit_batch, single_threaded_blas
from .estimate import PLSResult, effect_rows, effect_values
from .prepare import CrossProducts

BOOT_COLUMNS = ["boot_mean", "se", "t", "p", "ci_low", "ci_high", "bca_low", "bca_high"]


def resample_indices(n: int, boot: int, seed: int) -> np.ndarray:
    """Row indices (boot, n), 0-based, for resamples with replacement; one call on a PCG64 stream from ``seed``."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    return rng.integers(0, n, size=(boot, n))


def indices_to_counts(indices: np.ndarray, n: int) -> np.ndarray:
    """(B, n) row indices → (B, n) row counts."""
    indices = np.asarray(indices, dtype=np.int64)
    B = indices.shape[0]
    if indices.min() < 0 or indices.max() >= n:
        raise ValueError(f"resample indices must lie in 0..{n - 1}")
    flat = indices + n * np.arange(B)[:, None]
    return np.bincount(flat.ravel(), minlength=B * n).reshape(B, n).astype(float)


class Statistics:
    """Every bootstrapped statistic of a model: a parameter table (built once) and a batched evaluator.

    Parameters, in order: paths, loadings, weights, effects (direct, specific indirect, total indirect, total),
    R², HTMT. ``name`` is the column name in the draws file (``path:X->Y``, ``loading:C:x1``, ...).
    """

    def __init__(self, result: PLSResult):
        st = self.st = result.structure
        names = st.constructs
        idx = {n: k for k, n in enumerate(names)}
        self.path_ij = np.array([(idx[p.source], idx[p.target]) for p in result.model.paths], dtype=np.intp).reshape(-1, 2)
        self.effect_rows = effect_rows(st)
        self.endo = np.array(st.endogenous, dtype=np.intp)
        self.pairs = np.array([(a, b) for a in range(len(names)) for b in range(a + 1, len(names))],
                              dtype=np.intp).reshape(-1, 2)
        parts = [dict(group="path", **{"from": names[i], "to": names[j]}, name=f"path:{names[i]}->{names[j]}")
                 for i, j in self.path_ij]
        for group in ("loading", "weight"):
            parts += [dict(group=group, construct=names[st.block[q]], indicator=ind,
                           name=f"{group}:{names[st.block[q]]}:{ind}") for q, ind in enumerate(st.indicators)]
        for f, t, via, kind, _ in self.effect_rows:
            chain = "->".join([f] + (via.split(" -> ") if via else []) + [t])
            parts.append(dict(group="effect", **{"from": f, "to": t}, via=via, kind=kind, name=f"effect:{kind}:{chain}"))
        parts += [dict(group="r2", construct=names[j], name=f"r2:{names[j]}") for j in self.endo]
        parts += [dict(group="htmt", construct_a=names[a], construct_b=names[b], name=f"htmt:{names[a]}:{names[b]}")
                  for a, b in self.pairs]
        self.parameters = pd.DataFrame(parts)

    def values(self, fit, S: np.ndarray) -> np.ndarray:
        """(B, n_parameters) for a batch fit and its correlation matrices."""
        st = self.st
        H = htmt_batch(S, st.block, st.n_constructs)
        return np.concatenate([
            fit.path_matrix[:, self.path_ij[:, 0], self.path_ij[:, 1]],
            fit.loadings_for(st),
            fit.weights,
            effect_values(st, fit.path_matrix, self.effect_rows),
            fit.r2[:, self.endo],
            H[:, self.pairs[:, 0], self.pairs[:, 1]],
        ], axis=1)


@dataclass
class BootstrapResult:
    """Bootstrap of a PLS model: tables with estimate and bootstrap columns, the draws, and failures.

    Table attributes (``paths``, ``loadings``, ``weights``, ``effects``, ``r2``, ``htmt``) have the estimate
    table's columns plus ``boot_mean, se, t, p, ci_low, ci_high, bca_low, bca_high``.
    """

    result: PLSResult
    parameters: pd.DataFrame  # one row per parameter with estimate and bootstrap columns
    draws: np.ndarray  # (n_ok, m) draws of the resamples that succeeded
    resample_ids: np.ndarray  # (n_ok,) 1-based resample numbers of the rows of ``draws``
    failed: pd.DataFrame  # resample, reason
    settings: dict = field(default_factory=dict)
    jackknife: np.ndarray | None = None  # (n, m) delete-one jackknife values (row i: row i left out; NaN: failed)

    @property
    def n_requested(self) -> int:
        return int(self.settings["boot"])

    @property
    def n_ok(self) -> int:
        return int(self.draws.shape[0])

    def _table(self, group: str, keys: list[str]) -> pd.DataFrame:
        t = self.parameters[self.parameters["group"] == group]
        return t[keys + ["estimate"] + BOOT_COLUMNS].reset_index(drop=True)

    @property
    def paths(self) -> pd.DataFrame:
        return self._table("path", ["from", "to"])

    @property
    def loadings(self) -> pd.DataFrame:
        return self._table("loading", ["construct", "indicator"])

    @property
    def weights(self) -> pd.DataFrame:
        return self._table("weight", ["construct", "indicator"])

    @property
    def effects(self) -> pd.DataFrame:
        t = self._table("effect", ["from", "to", "via", "kind"])
        t["via"] = t["via"].fillna("")
        return t

    @property
    def r2(self) -> pd.DataFrame:
        return self._table("r2", ["construct"])

    @property
    def htmt(self) -> pd.DataFrame:
        return self._table("htmt", ["construct_a", "construct_b"])

    def draws_frame(self) -> pd.DataFrame:
        """Wide table of draws: one row per successful resample (``resample`` = 1-based number), one column per parameter."""
        df = pd.DataFrame(self.draws, columns=list(self.parameters["name"]))
        df.insert(0, "resample", self.resample_ids)
        return df

    def summary(self) -> str:
        fmt = plain
        lines = [
            f"Bootstrap: {self.n_ok} of {self.n_requested} resamples used (seed {self.settings.get('seed')}), "
            f"{len(self.failed)} failed; {int(self.settings['ci'] * 100)} % intervals",
            "",
            "Paths",
            self.paths.to_string(index=False, float_format=fmt),
            "",
            "Indirect effects",
            self.effects[self.effects["kind"] == "specific_indirect"].to_string(index=False, float_format=fmt),
        ]
        return "\n".join(lines)


#: default working memory of one bootstrap (bytes): chunk sizes are chosen so that the batches in flight stay within it
MEMORY_BUDGET = 256 * 2**20


def resample_bytes(n: int, p: int, n_constructs: int, n_parameters: int, n_missing_cols: int = 0) -> int:
    """Bytes of working arrays one resample needs inside a batch (counts, exact sums, correlation matrices, PLS
    iterations, statistics); an upper estimate, checked by ``benchmarks/bench_memory.py``."""
    pairs = p * (p + 1) // 2
    mz = p + p * n_missing_cols + pairs
    return 8 * (4 * n + 4 * mz + 2 * n_missing_cols ** 2 + 14 * p * p + 16 * p * n_constructs + 3 * n_parameters)


def chunk_size(n: int, p: int, n_constructs: int, n_parameters: int, jobs: int, budget: int = MEMORY_BUDGET,
               n_missing_cols: int = 0) -> int:
    """Resamples per batch: ``jobs`` batches in flight use at most ``budget`` bytes (at least 1, at most 2,000).

    Results do not depend on it (every resample's numbers are computed independently of its batch; see
    :class:`~surveysem.pls.prepare.CrossProducts`), only memory and speed do.
    """
    per = resample_bytes(n, p, n_constructs, n_parameters, n_missing_cols)
    return int(max(1, min(2000, budget // (max(1, jobs) * per))))


def bootstrap(
    result: PLSResult,
    boot: int = 5000,
    seed: int = 42,
    indices: np.ndarray | None = None,
    ci: float = 0.95,
    bca: bool = True,
    chunk: int | None = None,
    n_jobs: int | None = None,
    progress: bool = False,
    memory: int = MEMORY_BUDGET,
) -> BootstrapResult:
    """Bootstrap a PLS estimate (Hair et al. 2022, ch. 5–6; Efron & Tibshirani 1993).

    Parameters
    ----------
    result : PLSResult
        The estimate to bootstrap; its model, data and settings are reused.
    boot : int
        Number of resamples (ignored when ``indices`` is given).
    seed : int
        Seed of the resampling stream.
    indices : ndarray (B, n), optional
        Explicit 0-based row indices of each resample (to replay another tool's resamples).
    ci : float
        Confidence level of the percentile and BCa intervals.
    bca : bool
        Compute BCa intervals (needs the n delete-one jackknife fits, batched and chunked as well).
    chunk : int, optional
        Resamples (and jackknife samples) per batch; default: chosen from n, p and ``memory``
        (:func:`chunk_size`). Memory and speed only: the results are the same bytes for any chunk.
    n_jobs : int, optional
        Threads that work on batches at once (default: the number of cores); results do not depend on it.
    progress : bool
        Print progress to stderr.
    memory : int
        Budget in bytes for the working arrays of the batches in flight (default 256 MiB). The resample indices
        are drawn batch by batch from one stream (the same numbers as one call), so no (B, n) array is held.

    Notes
    -----
    Identical bytes whatever ``chunk``, ``n_jobs``, ``memory`` and the number of BLAS threads: the weighted sums
    are exact (:class:`~surveysem.pls.prepare.CrossProducts`), every other step is per matrix, and BLAS runs single-
    threaded inside (:func:`~surveysem.pls.algorithm.single_threaded_blas`; the parallelism is our own batch threads,
    which write disjoint slices).
    """
    base = result.data.resample_base.to_numpy()
    n = base.shape[0]
    replayed = indices is not None
    if indices is None:
        if boot < 2:
            raise ValueError("boot must be at least 2")
    else:
        indices = np.asarray(indices)
        if indices.ndim != 2 or indices.shape[1] != n:
            from ..errors import DataError

            raise DataError(f"resample indices have shape {indices.shape}; each resample must list {n} rows")
        boot = indices.shape[0]
    s = result.settings
    st = result.structure
    jobs_max = max(1, n_jobs or os.cpu_count() or 1)
    with single_threaded_blas():
        stat = Statistics(result)
        estimates = stat.values(result.fit, result._S[None])[0]
        m = len(estimates)
        n_miss = int((~np.isfinite(base)).any(axis=0).sum()) if result.data.missing == "mean" else 0
        if chunk is None:
            chunk = chunk_size(n, st.n_indicators, st.n_constructs, m, jobs_max, budget=memory * 3 // 4,
                               n_missing_cols=n_miss)
        chunk = max(1, int(chunk))
        cp = CrossProducts(base, impute_mean=result.data.missing == "mean", block_bytes=max(memory // 8, 2**20))

        values = np.empty((boot, m))
        ok = np.zeros(boot, dtype=bool)
        reason = np.full(boot, "", dtype=object)

        def fit_values(S: np.ndarray):
            fit = fit_batch(S, st, scheme=s["scheme"], tol=s["tol"], max_iter=s["max_iter"])
            return fit, stat.values(fit, S)

        def run_chunk(start: int, stop: int, idx: np.ndarray) -> None:
            S = cp.correlations(indices_to_counts(idx, n))
            fit, v = fit_values(S)
            values[start:stop] = v
            ok[start:stop] = fit.ok
            nan_S = ~np.all(np.isfinite(S), axis=(1, 2))
            reason[start:stop] = np.where(nan_S, "an indicator has no variance in the resample",
                                          np.where(~fit.converged, "did not converge",
                                                   np.where(~fit.ok, "singular matrix", "")))

        rng = None if replayed else np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))

        def draw(start: int, stop: int) -> np.ndarray:
            # one stream, drawn batch after batch in order: the same numbers as resample_indices(n, boot, seed)
            return indices[start:stop] if replayed else rng.integers(0, n, size=(stop - start, n))

        label = "bootstrap" if progress else None
        _in_batches(boot, chunk, jobs_max, lambda a, b: (run_chunk, a, b, draw(a, b)), label, "resamples")
        jack = None
        if bca:
            jack = np.full((n, m), np.nan)

            def run_jack(start: int, stop: int) -> None:
                fit, v = fit_values(cp.jackknife_correlations(start, stop))
                jack[start:stop] = np.where(fit.ok[:, None], v, np.nan)

            _in_batches(n, chunk, jobs_max, lambda a, b: (run_jack, a, b), "jackknife" if progress else None,
                        "fits")
    draws = values[ok]
    params = stat.parameters.copy()
    params["estimate"] = estimates
    jack_ok = jack[np.isfinite(jack).all(axis=1)] if jack is not None else None
    stats_ = summarize(estimates, draws, ci=ci, jackknife=jack_ok)
    params = pd.concat([params.reset_index(drop=True), stats_], axis=1)
    failed = pd.DataFrame({"resample": np.flatnonzero(~ok) + 1, "reason": reason[~ok]})
    settings = dict(boot=boot, seed=seed, ci=ci, bca=bca, replayed=replayed,
                    n_failed=int((~ok).sum()), p_value="two-sided, Student t with B - 1 df",
                    interval="percentile (type 7) and BCa (Efron & Tibshirani 1993: z0 from the share of draws "
                             "< estimate, acceleration from the delete-one jackknife)")
    if bca:
        settings["n_jackknife_ok"] = int(len(jack_ok))
    return BootstrapResult(result=result, parameters=params, draws=draws, resample_ids=np.flatnonzero(ok) + 1,
                           failed=failed, settings=settings, jackknife=jack)


def _in_batches(total: int, chunk: int, jobs: int, task, label: str | None, unit: str) -> None:
    """Run ``task(start, stop) -> (fn, *args)`` for consecutive batches on ``jobs`` threads, at most ``jobs``
    batches in flight (so memory stays within the budget); ``task`` itself runs in this thread, in order."""
    starts = list(range(0, total, chunk))
    jobs = max(1, min(jobs, len(starts)))
    done = 0
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending: deque = deque()

        def finish_one() -> None:
            nonlocal done
            pending.popleft().result()
            done += 1
            if label:
                print(f"\r{label}: {min(done * chunk, total)}/{total} {unit}", end="", file=sys.stderr, flush=True)

        for start in starts:
            if len(pending) >= jobs:
                finish_one()
            fn, *args = task(start, min(start + chunk, total))
            pending.append(pool.submit(fn, *args))
        while pending:
            finish_one()
    if label:
        print(file=sys.stderr)


def summarize(estimates: np.ndarray, draws: np.ndarray, ci: float = 0.95,
              jackknife: np.ndarray | None = None) -> pd.DataFrame:
    """Bootstrap columns for each parameter (column) of ``draws``; see the module docstring for formulas."""
    B, m = draws.shape
    lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2
    nan = np.full(m, np.nan)
    srt = np.sort(draws, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = draws.mean(axis=0) if B else nan
        se = draws.std(axis=0, ddof=1) if B > 1 else nan
        t = estimates / se
        p = 2 * stats.t.sf(np.abs(t), df=max(B - 1, 1))
    out = pd.DataFrame({"boot_mean": mean, "se": se, "t": t, "p": p,
                        "ci_low": _quantile_sorted(srt, np.full(m, lo_q)),
                        "ci_high": _quantile_sorted(srt, np.full(m, hi_q))})
    bca_low, bca_high = nan.copy(), nan.copy()
    if jackknife is not None and B > 1 and len(jackknife) > 2:
        bca_low, bca_high = bca_bounds(estimates, draws, jackknife, ci, sorted_draws=srt)
    out["bca_low"], out["bca_high"] = bca_low, bca_high
    return out


def bca_bounds(estimate: np.ndarray, draws: np.ndarray, jackknife: np.ndarray, level: float = 0.95,
               sorted_draws: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Bias-corrected and accelerated (BCa) interval bounds of each parameter (Efron 1987; Efron & Tibshirani
    1993, §14.3, eqs. 14.9–14.15).

    Parameters
    ----------
    estimate : ndarray (m,)
        θ̂, the full-sample estimates.
    draws : ndarray (B, m)
        Bootstrap draws θ*_b.
    jackknife : ndarray (n, m)
        Delete-one jackknife estimates θ̂₍ᵢ₎ (the successful ones).
    level : float
        Confidence level 1 − 2α.

    Returns
    -------
    (low, high) : ndarrays (m,)
        Quantiles of the draws at α₁ = Φ(ẑ₀ + (ẑ₀ + z_α)/(1 − â(ẑ₀ + z_α))) and α₂ likewise with z_{1−α}, R's
        quantile type 7 (the reference's and ``stats::quantile``'s default).

    Notes
    -----
    * ẑ₀ = Φ⁻¹(#{θ*_b **<** θ̂}/B), strictly below, as Efron & Tibshirani (1993, eq. 14.14) write it and as R's
      ``boot::bca.ci`` computes it (``sum(t < t0)``). Counting ties as ½ (a mid-rank correction we used before)
      is not in the source and differs only when draws equal the estimate exactly; cSEM 0.6.1 counts ``≤``.
    * â = Σdᵢ³ / (6 (Σdᵢ²)^{3/2}) with dᵢ = θ̂₍·₎ − θ̂₍ᵢ₎, θ̂₍·₎ the mean of the jackknife values (eq. 14.15).
      cSEM 0.6.1 centres at θ̂ instead of θ̂₍·₎ (and, through a defect, passes its bootstrap draws as the
      "jackknife"); we follow Efron. A parameter whose jackknife values are all equal (a single item's loading)
      has no acceleration (0/0): â = 0 is used, and its draws are all equal too.
    * Checked against ``../shared/reference/csem/corp_rep_simple_bca.json`` (``bca_real_jackknife_efron``,
      computed from cSEM's draws and real delete-one jackknife): ``tests/pls/test_bca_csem.py``.
    """
    draws = np.asarray(draws, dtype=float)
    jackknife = np.asarray(jackknife, dtype=float)
    estimate = np.asarray(estimate, dtype=float)
    srt = np.sort(draws, axis=0) if sorted_draws is None else sorted_draws
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        z0 = stats.norm.ppf((draws < estimate).mean(axis=0))
        d = jackknife.mean(axis=0) - jackknife
        a = (d ** 3).sum(axis=0) / (6 * ((d ** 2).sum(axis=0)) ** 1.5)
        a = np.where(np.isfinite(a), a, 0.0)
        zl, zh = stats.norm.ppf(lo_q), stats.norm.ppf(hi_q)
        ql = stats.norm.cdf(z0 + (z0 + zl) / (1 - a * (z0 + zl)))
        qh = stats.norm.cdf(z0 + (z0 + zh) / (1 - a * (z0 + zh)))
    return _quantile_sorted(srt, ql), _quantile_sorted(srt, qh)


def _quantile_sorted(srt: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Quantile type 7 (R's default, numpy's "linear") of each column of column-sorted draws at its own level q."""
    B, m = srt.shape
    out = np.full(m, np.nan)
    ok = np.isfinite(q)
    if B == 0 or not ok.any():
        return out
    h = (B - 1) * q[ok]
    lo = np.floor(h).astype(np.intp)
    hi = np.minimum(lo + 1, B - 1)
    cols = np.flatnonzero(ok)
    out[ok] = srt[lo, cols] + (h - lo) * (srt[hi, cols] - srt[lo, cols])
    return out
