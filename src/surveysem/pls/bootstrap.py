"""Bootstrap inference for PLS-SEM, all resamples as one batch of arrays.

A resample is a vector of row counts; its indicator correlation matrix is a weighted cross-product
(:class:`~surveysem.pls.prepare.CrossProducts`), and the PLS algorithm runs on the whole stack at once
(:func:`~surveysem.pls.algorithm.fit_batch`). No Python loop per resample.

Resampling (:mod:`surveysem.stats.resample`): ``Generator(PCG64(SeedSequence(seed))).integers(0, n, size=(boot, n))``,
drawn batch after batch from the one stream (the same numbers as one call), so resample b's rows depend only on
(seed, n, b) — not on cores, jobs, or chunking — and no (boot, n) array is held. With mean replacement, resamples are drawn
from the raw rows and each resample's missing cells get that resample's item means (as R seminr does); with
listwise deletion they are drawn from the complete rows. ``indices=`` replays another tool's resamples exactly.

For every parameter θ (paths, loadings, weights, effects, R², HTMT) the columns ``boot_mean, se, t, p, ci_low,
ci_high, bca_low, bca_high`` of :func:`surveysem.stats.summarize` (SE with n − 1, p from Student's t with B − 1 df,
percentile interval of quantile type 7, BCa interval of Efron & Tibshirani 1993, §14.3, with the acceleration from the
delete-one jackknife; formulas in :mod:`surveysem.stats.summary`).

Determinism and memory: the results are the same bytes for any ``chunk``, ``n_jobs``, memory budget and number of BLAS
threads (exact weighted sums in :class:`~surveysem.pls.prepare.CrossProducts`, per-matrix numerics, BLAS pinned to one
thread); batches are sized from n, p and the budget (:func:`chunk_size`), and the jackknife is batched the same way.

Resamples that fail (singular matrices, constant items, non-convergence) are excluded, counted and reported in
``failed``; they never stop the run. With PLSc, inadmissible resamples (:mod:`surveysem.pls.consistent`) are
excluded and reported the same way, with their reason (cSEM's default ``.handle_inadmissibles = "drop"``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import DataError
from ..format import plain
from ..results import write_atomically
from ..stats import (
    BOOT_COLUMNS,
    MEMORY_BUDGET,
    batch_size,
    blas_pinned,
    htmt_batch,
    in_batches,
    indices_to_counts,
    resample_batches,
    summarize,
)
from .effects import effect_rows, effect_values
from .output import engine_inputs, write_tables
from .slopes import (
    conditional_parameters,
    conditional_rows,
    conditional_table,
    conditional_values,
    interaction_triples,
    slope_parameters,
    slope_rows,
    slope_values,
    slopes_table,
)

if TYPE_CHECKING:  # estimate.py imports this module (PLSResult.bootstrap), so PLSResult is named for types only
    from .estimate import PLSResult


class Statistics:
    """Every bootstrapped statistic of a model: a parameter table (built once) and a batched evaluator.

    Parameters, in order: paths, loadings, weights, effects (direct, specific indirect, total indirect, total),
    R², HTMT, simple slopes, conditional indirect effects and indices of moderated mediation (models with
    interaction terms; :mod:`surveysem.pls.slopes`), the plan's own. ``name`` is the column name in the draws file (``path:X->Y``, ``loading:C:x1``, ...).
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
        triples = interaction_triples(result.model)  # moderation: simple slopes, moderated mediation (slopes.py)
        self.slope_rows, self.conditional_rows = slope_rows(st, triples), conditional_rows(st, triples)
        parts += slope_parameters(st, self.slope_rows) + conditional_parameters(st, self.conditional_rows)
        self.plan = result.indicator_plan
        parts += self.plan.extra_parameters()
        self.parameters = pd.DataFrame(parts)

    def values(self, fit, S: np.ndarray) -> np.ndarray:
        """(B, n_parameters) for a batch fit and its correlation matrices."""
        st = self.st
        if fit.S is not None:  # the plan's input matrices are not those of the reported model's indicators
            S = fit.S
        H = htmt_batch(S, st.block, st.n_constructs)
        return np.concatenate([
            fit.path_matrix[:, self.path_ij[:, 0], self.path_ij[:, 1]],
            fit.loadings_for(st),
            fit.weights,
            effect_values(st, fit.path_matrix, self.effect_rows),
            fit.r2[:, self.endo],
            H[:, self.pairs[:, 0], self.pairs[:, 1]],
            slope_values(fit.path_matrix, self.slope_rows),
            conditional_values(fit.path_matrix, self.conditional_rows),
            self.plan.extra_values(fit),
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
    indices: np.ndarray | None = None  # (B, n) the replayed resample indices (``indices=``), kept to replay them again

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

    def tables(self) -> dict[str, pd.DataFrame]:
        """The engine tables by file stem, with the bootstrap columns (paths, loadings, weights, effects, r2, and
        simple_slopes, conditional_indirect for a model with interaction terms), and ``boot_failed`` (``resample,
        reason``); see :meth:`PLSResult.tables`."""
        tables = self.result.tables()
        tables.update(paths=self.paths, loadings=self.loadings, weights=self.weights, effects=self.effects,
                      r2=self.result.r2.merge(self.r2.drop(columns="estimate"), on="construct", how="left"))
        triples = interaction_triples(self.result.model)
        if triples:  # the estimate's tables of slopes.py, with their bootstrap columns
            st, P = self.result.structure, self.result.fit.path_matrix
            tables.update(simple_slopes=slopes_table(st, triples, P, boot=self.parameters),
                          conditional_indirect=conditional_table(st, triples, P, boot=self.parameters))
        tables["boot_failed"] = self.failed
        return tables

    def write(self, out: str | os.PathLike, *, inputs: dict | None = None, save_draws: bool = True) -> list[Path]:
        """Write :meth:`tables` as CSV, ``boot_draws.parquet`` (unless ``save_draws=False``) and ``run.json`` into
        folder ``out``, atomically (``surveysem pls --boot``); ``inputs`` as in :meth:`PLSResult.write`."""
        inputs = engine_inputs(self.result) if inputs is None else inputs
        return write_atomically(out, lambda tmp: write_tables(self.result, tmp, self, inputs=inputs,
                                                              save_draws=save_draws),
                                made_by="surveysem pls", inputs=inputs.values())

    def summary(self) -> str:
        """A plain-text overview: resamples used and failed, paths and specific indirect effects with intervals."""
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
    return batch_size(resample_bytes(n, p, n_constructs, n_parameters, n_missing_cols), jobs, budget)


@blas_pinned
def bootstrap(
    result: PLSResult,
    boot: int = 5000,
    seed: int | None = 42,
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
    seed : int or None
        Seed of the resampling stream; None only with ``indices`` (nothing is drawn).
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
        are drawn batch by batch from one stream (the same numbers as one call), so no (B, n) array is held
        (:func:`surveysem.stats.resample_batches`).

    Notes
    -----
    Identical bytes whatever ``chunk``, ``n_jobs``, ``memory`` and the number of BLAS threads: the weighted sums
    are exact (:class:`~surveysem.pls.prepare.CrossProducts`), every other step is per matrix, and BLAS runs single-
    threaded inside (:func:`~surveysem.stats.single_threaded_blas`; the parallelism is our own batch threads,
    which write disjoint slices).
    """
    base = result.data.resample_base.to_numpy()
    n = base.shape[0]
    replayed = indices is not None
    if indices is None:
        if boot < 2:
            raise ValueError("boot must be at least 2")
        if seed is None:  # SeedSequence(None) would draw from the OS: a run that cannot be repeated
            raise ValueError("a bootstrap needs a seed (or resample indices to replay)")
    else:
        indices = np.asarray(indices)
        if indices.ndim != 2 or indices.shape[1] != n:
            raise DataError(f"resample indices have shape {indices.shape}; each resample must list {n} rows")
        boot = indices.shape[0]
    st = result.structure
    jobs_max = max(1, n_jobs or os.cpu_count() or 1)
    stat = Statistics(result)
    estimates = stat.values(result.fit, result.S[None])[0]
    m = len(estimates)
    n_miss = int((~np.isfinite(base)).any(axis=0).sum()) if result.data.missing == "mean" else 0
    if chunk is None:
        width = max(st.n_indicators, getattr(result.indicator_plan, "working_width", 0))  # two-stage: items + scores
        chunk = chunk_size(n, width, st.n_constructs, m, jobs_max, budget=memory * 3 // 4, n_missing_cols=n_miss)
    chunk = max(1, int(chunk))
    plan = result.indicator_plan
    cp = plan.batches(block_bytes=max(memory // 8, 2**20))

    values = np.empty((boot, m))
    ok = np.zeros(boot, dtype=bool)
    reason = np.full(boot, "", dtype=object)

    def fit_values(S: np.ndarray):
        fit = plan.fit(S)
        return fit, stat.values(fit, S)

    def run_chunk(start: int, stop: int, idx: np.ndarray) -> None:
        S = cp.correlations(indices_to_counts(idx, n))
        fit, v = fit_values(S)
        values[start:stop] = v
        ok[start:stop] = fit.ok
        nan_S = ~np.all(np.isfinite(S), axis=(1, 2))
        reason[start:stop] = np.where(nan_S, getattr(plan, "nan_reason", "an indicator has no variance in the resample"),
                                      np.where(~fit.converged, "did not converge",
                                               np.where(~fit.ok, "singular matrix", "")))
        if "inadmissible" in fit.extra:  # PLSc: inadmissible resamples are left out and counted (as cSEM's "drop")
            bad = fit.extra["inadmissible"]
            ok[start:stop] &= ~bad
            reason[start:stop] = np.where(bad, fit.extra["inadmissible_reason"], reason[start:stop])

    in_batches(resample_batches(n, boot, seed, chunk, indices), run_chunk, jobs_max,
               "bootstrap" if progress else None, boot, "resamples")
    jack = None
    if bca:
        jack = np.full((n, m), np.nan)

        def run_jack(start: int, stop: int) -> None:
            fit, v = fit_values(cp.jackknife_correlations(start, stop))
            good = fit.ok & ~fit.extra.get("inadmissible", np.zeros_like(fit.ok))
            jack[start:stop] = np.where(good[:, None], v, np.nan)

        in_batches(((a, min(a + chunk, n)) for a in range(0, n, chunk)), run_jack, jobs_max,
                   "jackknife" if progress else None, n, "fits")
    draws = values[ok]
    params = stat.parameters.copy()
    params["estimate"] = estimates
    jack_ok = jack[np.isfinite(jack).all(axis=1)] if jack is not None else None
    params = pd.concat([params.reset_index(drop=True), summarize(estimates, draws, ci=ci, jackknife=jack_ok)], axis=1)
    failed = pd.DataFrame({"resample": np.flatnonzero(~ok) + 1, "reason": reason[~ok]})
    settings = dict(boot=boot, seed=seed, ci=ci, bca=bca, replayed=replayed,
                    n_failed=int((~ok).sum()), p_value="two-sided, Student t with B - 1 df",
                    interval="percentile (type 7) and BCa (Efron & Tibshirani 1993: z0 from the share of draws "
                             "< estimate, acceleration from the delete-one jackknife)")
    if getattr(plan, "consistent", False):  # PLSc: the resamples left out as inadmissible (surveysem.pls.consistent)
        settings["n_inadmissible"] = int(sum(str(r).startswith("inadmissible") for r in reason[~ok]))
    if bca:
        assert jack_ok is not None  # the jackknife runs when bca
        settings["n_jackknife_ok"] = int(len(jack_ok))
    return BootstrapResult(result=result, parameters=params, draws=draws, resample_ids=np.flatnonzero(ok) + 1,
                           failed=failed, settings=settings, jackknife=jack, indices=indices if replayed else None)
