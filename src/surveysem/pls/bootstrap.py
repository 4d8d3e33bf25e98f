"""Bootstrap inference for PLS-SEM, all resamples as one batch of arrays.

A resample is a vector of row counts; its indicator correlation matrix is a weighted cross-product
(:class:`~surveysem.pls.prepare.CrossProducts`), and the PLS algorithm runs on the whole stack at once
(:func:`~surveysem.pls.algorithm.fit_batch`). No Python loop per resample.

Resampling: ``Generator(PCG64(SeedSequence(seed))).integers(0, n, size=(boot, n))`` drawn in one call, so resample
b's rows depend only on (seed, n, b) — not on cores, jobs, or chunking. With mean replacement, resamples are drawn
from the raw rows and each resample's missing cells get that resample's item means (as R seminr does); with
listwise deletion they are drawn from the complete rows. ``indices=`` replays another tool's resamples exactly.

For every parameter θ (paths, loadings, weights, effects, R², HTMT):

* ``boot_mean``, ``se`` = SD of the draws (n − 1 divisor, as seminr and SmartPLS);
* ``t`` = θ̂ / se, two-sided ``p`` from Student's t with B − 1 df (SmartPLS; with B in the thousands this is the
  normal p: seed paper 002 reports t = 2.346 → p = .019);
* percentile interval ``ci_low, ci_high`` (quantile type 7, as R's default);
* bias-corrected and accelerated interval ``bca_low, bca_high`` (Efron 1987; Efron & Tibshirani 1993, §14.3):
  z₀ = Φ⁻¹(#{θ*_b < θ̂}/B), acceleration a from the jackknife, α₁,₂ = Φ(z₀ + (z₀ + z_α)/(1 − a(z₀ + z_α))).

Resamples that fail (singular matrices, constant items, non-convergence) are excluded, counted and reported in
``failed``; they never stop the run.
"""
from __future__ import annotations

import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..assess.discriminant import htmt_batch
from .algorithm import fit_batch
from .estimate import PLSResult, effects_table
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


@dataclass
class Draws:
    """Every statistic of a batch of PLS fits, as a (B, n_parameters) array with a parameter table."""

    parameters: pd.DataFrame  # group, from, to, via, kind, construct, indicator, name
    values: np.ndarray


def statistics(result: PLSResult, fit) -> Draws:
    """Collect paths, loadings, weights, effects, R² and HTMT of a batch fit in one (B, m) array."""
    st = result.structure
    B = fit.weights.shape[0]
    parts, cols = [], []
    names = st.constructs

    idx = {n: k for k, n in enumerate(names)}
    for p_ in result.model.paths:
        i, j = idx[p_.source], idx[p_.target]
        parts.append(dict(group="path", **{"from": p_.source, "to": p_.target}, name=f"path:{p_.source}->{p_.target}"))
        cols.append(fit.path_matrix[:, i, j])
    load = fit.loadings_for(st)
    for q, ind in enumerate(st.indicators):
        c = names[st.block[q]]
        parts.append(dict(group="loading", construct=c, indicator=ind, name=f"loading:{c}:{ind}"))
        cols.append(load[:, q])
    for q, ind in enumerate(st.indicators):
        c = names[st.block[q]]
        parts.append(dict(group="weight", construct=c, indicator=ind, name=f"weight:{c}:{ind}"))
        cols.append(fit.weights[:, q])
    eff, eff_values = effects_table(st, fit.path_matrix)
    for r, row in enumerate(eff.itertuples(index=False)):
        via = f"{row.via}" if row.via else ""
        chain = "->".join([row[0]] + ([*via.split(" -> ")] if via else []) + [row[1]])
        parts.append(dict(group="effect", **{"from": row[0], "to": row[1]}, via=row.via, kind=row.kind,
                          name=f"effect:{row.kind}:{chain}"))
        cols.append(eff_values[:, r])
    for j in st.endogenous:
        parts.append(dict(group="r2", construct=names[j], name=f"r2:{names[j]}"))
        cols.append(fit.r2[:, j])
    return Draws(pd.DataFrame(parts), np.column_stack(cols) if cols else np.zeros((B, 0)))


def _collect(result: PLSResult, fit, S: np.ndarray) -> Draws:
    d = statistics(result, fit)
    st = result.structure
    H = htmt_batch(S, st.block, st.n_constructs)
    parts, cols = [], []
    K = st.n_constructs
    for a in range(K):
        for b in range(a + 1, K):
            parts.append(dict(group="htmt", construct_a=st.constructs[a], construct_b=st.constructs[b],
                              name=f"htmt:{st.constructs[a]}:{st.constructs[b]}"))
            cols.append(H[:, a, b])
    if cols:
        d = Draws(pd.concat([d.parameters, pd.DataFrame(parts)], ignore_index=True),
                  np.column_stack([d.values] + cols))
    return d


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
        fmt = lambda v: f"{v:.3f}"  # noqa: E731
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


def bootstrap(
    result: PLSResult,
    boot: int = 5000,
    seed: int = 42,
    indices: np.ndarray | None = None,
    ci: float = 0.95,
    bca: bool = True,
    chunk: int = 500,
    n_jobs: int | None = None,
    progress: bool = False,
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
        Compute BCa intervals (needs n jackknife fits, batched as well).
    chunk : int
        Resamples per batch (memory and cache only; results do not depend on it).
    n_jobs : int, optional
        Threads that work on batches at once (default: the number of cores); results do not depend on it.
    progress : bool
        Print progress to stderr.
    """
    base = result.data.resample_base.to_numpy()
    n = base.shape[0]
    replayed = indices is not None
    if indices is None:
        if boot < 2:
            raise ValueError("boot must be at least 2")
        indices = resample_indices(n, boot, seed)
    else:
        indices = np.asarray(indices)
        if indices.ndim != 2 or indices.shape[1] != n:
            from ..errors import DataError

            raise DataError(f"resample indices have shape {indices.shape}; each resample must list {n} rows")
        boot = indices.shape[0]
    cp = CrossProducts(base, impute_mean=result.data.missing == "mean")
    s = result.settings
    st = result.structure
    point = _collect(result, result.fit, result._S[None])
    estimates = point.values[0]

    values = np.empty((boot, len(estimates)))
    ok = np.zeros(boot, dtype=bool)
    reason = np.full(boot, "", dtype=object)

    def run_chunk(start: int) -> None:
        stop = min(start + chunk, boot)
        counts = indices_to_counts(indices[start:stop], n)
        S = cp.correlations(counts)
        fit = fit_batch(S, st, scheme=s["scheme"], tol=s["tol"], max_iter=s["max_iter"])
        values[start:stop] = _collect(result, fit, S).values
        ok[start:stop] = fit.ok
        nan_S = ~np.all(np.isfinite(S), axis=(1, 2))
        reason[start:stop] = np.where(nan_S, "an indicator has no variance in the resample",
                                      np.where(~fit.converged, "did not converge",
                                               np.where(~fit.ok, "singular matrix", "")))

    # chunks write disjoint slices, so the result is the same for any number of threads
    starts = list(range(0, boot, chunk))
    jobs = max(1, min(n_jobs or os.cpu_count() or 1, len(starts)))
    done = 0
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for _ in pool.map(run_chunk, starts):
            done += 1
            if progress:
                print(f"\rbootstrap: {min(done * chunk, boot)}/{boot} resamples", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    draws = values[ok]
    params = point.parameters.copy()
    params["estimate"] = estimates
    jack = None
    if bca:
        counts = np.ones((n, n)) - np.eye(n)
        S = cp.correlations(counts)
        fit = fit_batch(S, st, scheme=s["scheme"], tol=s["tol"], max_iter=s["max_iter"])
        jack = _collect(result, fit, S).values[fit.ok]
    stats_ = summarize(estimates, draws, ci=ci, jackknife=jack)
    params = pd.concat([params.reset_index(drop=True), stats_], axis=1)
    failed = pd.DataFrame({"resample": np.flatnonzero(~ok) + 1, "reason": reason[~ok]})
    settings = dict(boot=boot, seed=seed, ci=ci, bca=bca, replayed=replayed,
                    n_failed=int((~ok).sum()), p_value="two-sided, Student t with B - 1 df",
                    interval="percentile (type 7) and BCa (jackknife acceleration)")
    return BootstrapResult(result=result, parameters=params, draws=draws, resample_ids=np.flatnonzero(ok) + 1,
                           failed=failed, settings=settings)


def summarize(estimates: np.ndarray, draws: np.ndarray, ci: float = 0.95,
              jackknife: np.ndarray | None = None) -> pd.DataFrame:
    """Bootstrap columns for each parameter (column) of ``draws``; see the module docstring for formulas."""
    B = draws.shape[0]
    lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = draws.mean(axis=0) if B else np.full(len(estimates), np.nan)
        se = draws.std(axis=0, ddof=1) if B > 1 else np.full(len(estimates), np.nan)
        t = estimates / se
        p = 2 * stats.t.sf(np.abs(t), df=max(B - 1, 1))
        ci_low, ci_high = (np.quantile(draws, [lo_q, hi_q], axis=0) if B else np.full((2, len(estimates)), np.nan))
    out = pd.DataFrame({"boot_mean": mean, "se": se, "t": t, "p": p, "ci_low": ci_low, "ci_high": ci_high})
    bca_low = np.full(len(estimates), np.nan)
    bca_high = np.full(len(estimates), np.nan)
    if jackknife is not None and B > 1 and len(jackknife) > 2:
        below = (draws < estimates).mean(axis=0) + 0.5 * (draws == estimates).mean(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            z0 = stats.norm.ppf(below)
            d = jackknife.mean(axis=0) - jackknife
            a = (d ** 3).sum(axis=0) / (6 * ((d ** 2).sum(axis=0)) ** 1.5)
            a = np.where(np.isfinite(a), a, 0.0)
            for q, target in ((lo_q, bca_low), (hi_q, bca_high)):
                zq = stats.norm.ppf(q)
                adj = stats.norm.cdf(z0 + (z0 + zq) / (1 - a * (z0 + zq)))
                for k in np.flatnonzero(np.isfinite(adj)):
                    target[k] = np.quantile(draws[:, k], adj[k])
    out["bca_low"], out["bca_high"] = bca_low, bca_high
    return out
