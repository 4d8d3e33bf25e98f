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
  normal p: Wibowo & Safitri (2022) report t = 2.346 → p = .019);
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
    stat = Statistics(result)
    estimates = stat.values(result.fit, result._S[None])[0]

    values = np.empty((boot, len(estimates)))
    ok = np.zeros(boot, dtype=bool)
    reason = np.full(boot, "", dtype=object)

    def run_chunk(start: int) -> None:
        stop = min(start + chunk, boot)
        counts = indices_to_counts(indices[start:stop], n)
        S = cp.correlations(counts)
        fit = fit_batch(S, st, scheme=s["scheme"], tol=s["tol"], max_iter=s["max_iter"])
        values[start:stop] = stat.values(fit, S)
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
    params = stat.parameters.copy()
    params["estimate"] = estimates
    jack = None
    if bca:
        counts = np.ones((n, n)) - np.eye(n)
        S = cp.correlations(counts)
        fit = fit_batch(S, st, scheme=s["scheme"], tol=s["tol"], max_iter=s["max_iter"])
        jack = stat.values(fit, S)[fit.ok]
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
        below = (draws < estimates).mean(axis=0) + 0.5 * (draws == estimates).mean(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            z0 = stats.norm.ppf(below)
            d = jackknife.mean(axis=0) - jackknife
            a = (d ** 3).sum(axis=0) / (6 * ((d ** 2).sum(axis=0)) ** 1.5)
            a = np.where(np.isfinite(a), a, 0.0)
            zl, zh = stats.norm.ppf(lo_q), stats.norm.ppf(hi_q)
            ql = stats.norm.cdf(z0 + (z0 + zl) / (1 - a * (z0 + zl)))
            qh = stats.norm.cdf(z0 + (z0 + zh) / (1 - a * (z0 + zh)))
        bca_low, bca_high = _quantile_sorted(srt, ql), _quantile_sorted(srt, qh)
    out["bca_low"], out["bca_high"] = bca_low, bca_high
    return out


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
