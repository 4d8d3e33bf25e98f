"""Indicator data for PLS: missing-value treatment, checks, and (weighted) correlation matrices.

A bootstrap resample is a vector of row counts c (Σc = n). Its correlation matrix is built from weighted
cross-products of the data, so a batch of resamples is a few matrix products, not a loop:

With mean replacement *inside each resample* (what R seminr does: resample the raw rows, then replace each
missing cell by the resample's column mean), write M for the observed-cell mask, X₀ = M ∘ (X − μ) (centred data,
0 where missing), m_k = Σᵢ cᵢ X₀ᵢₖ / Σᵢ cᵢ Mᵢₖ (the resample mean of observed cells). The imputed, centred column is
M ∘ (X₀ − m), so

    (n − 1) cov_kl = Σᵢ cᵢ X₀ᵢₖ X₀ᵢₗ − m_l Σᵢ cᵢ X₀ᵢₖ Mᵢₗ − m_k Σᵢ cᵢ X₀ᵢₗ Mᵢₖ + m_k m_l Σᵢ cᵢ Mᵢₖ Mᵢₗ.

Only columns with missing cells need the last three sums in full; for the others they reduce to the column
sums. Without missing data this is the usual Σ cᵢ xᵢ xᵢᵀ − n m mᵀ.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..data.read import numeric_items, row_numbers
from ..errors import DataError
from ..model import Model

MISSING_TREATMENTS = ("mean", "listwise")


@dataclass
class PreparedData:
    """Indicator data ready for PLS.

    Attributes
    ----------
    raw : DataFrame
        The model's indicators as floats, NaN where missing (after marker replacement), rows kept.
    imputed : DataFrame
        ``raw`` with the missing treatment applied (mean-replaced cells, or incomplete rows removed).
    missing : str
        ``"mean"`` or ``"listwise"``.
    row_numbers : ndarray
        Row number in the file (header = row 1) of each kept row.
    counts : dict
        ``n_raw``, ``n_used``, ``n_missing_cells``, ``n_rows_with_missing``, ``n_rows_dropped``,
        ``n_cells_replaced``, and per-indicator missing counts.
    """

    raw: pd.DataFrame
    imputed: pd.DataFrame
    missing: str
    row_numbers: np.ndarray
    counts: dict = field(default_factory=dict)
    source: str = "data"

    @property
    def n(self) -> int:
        return len(self.imputed)

    @property
    def resample_base(self) -> pd.DataFrame:
        """The rows a bootstrap resamples: raw rows (mean replacement redone per resample) or complete rows."""
        return self.raw if self.missing == "mean" else self.imputed


def prepare(
    data: pd.DataFrame,
    model: Model,
    missing: str = "mean",
    missing_values=(),
    source: str | None = None,
) -> PreparedData:
    """Select the model's indicators, mark missing values, apply the missing-data treatment, check the data.

    Parameters
    ----------
    missing : {"mean", "listwise"}
        ``mean`` replaces a missing cell by its column mean (the default of SmartPLS and seminr);
        ``listwise`` drops every row with a missing indicator.
    missing_values : iterable
        Marker values meaning "no answer" (e.g. ``[-99]``).

    Raises
    ------
    DataError
        Missing column, non-numeric cell, constant indicator, too few rows.
    """
    if missing not in MISSING_TREATMENTS:
        raise DataError(f"unknown missing-data treatment {missing!r}", fix=f"Use one of {', '.join(MISSING_TREATMENTS)}")
    source = source or data.attrs.get("source", "data")
    model.check_columns(data.columns, data_name=source)
    raw = numeric_items(data, list(model.indicators), missing_values=missing_values, source=source)
    raw = raw.reset_index(drop=True)
    rows = row_numbers(data)  # file rows (header = 1); empty rows skipped by read_table keep their numbers out
    isna = raw.isna()
    per_item = isna.sum()
    counts = {
        "n_raw": int(len(raw)),
        "n_blank_rows_skipped": len(data.attrs.get("blank_rows", [])),
        "n_missing_cells": int(isna.values.sum()),
        "n_rows_with_missing": int(isna.any(axis=1).sum()),
        "missing_per_indicator": {k: int(v) for k, v in per_item.items() if v},
    }
    all_missing = [c for c in raw.columns if isna[c].all()]
    if all_missing:
        raise DataError(f"indicator {all_missing[0]!r} has no valid answers", where=source,
                        fix="Check the column or remove it from the model")
    if missing == "listwise":
        keep = ~isna.any(axis=1).to_numpy()
        imputed = raw[keep].reset_index(drop=True)
        raw_kept = imputed
        rows = rows[keep]
        counts.update(n_rows_dropped=int((~keep).sum()), n_cells_replaced=0)
    else:
        imputed = raw.fillna(raw.mean())
        raw_kept = raw
        counts.update(n_rows_dropped=0, n_cells_replaced=counts["n_missing_cells"])
    counts["n_used"] = int(len(imputed))
    _check_usable(imputed, model, source)
    return PreparedData(raw=raw_kept, imputed=imputed, missing=missing, row_numbers=rows, counts=counts, source=source)


def _check_usable(x: pd.DataFrame, model: Model, source: str) -> None:
    n, p = x.shape
    need = max(3, max(len(model.predecessors(c)) for c in model.construct_names) + 2)
    if n < need:
        raise DataError(f"only {n} usable rows; the model needs at least {need}", where=source,
                        fix="Collect more responses, or use --missing mean instead of listwise deletion")
    sd = x.std(ddof=1)
    const = [c for c in x.columns if not np.isfinite(sd[c]) or sd[c] == 0]
    if const:
        c = const[0]
        raise DataError(f"indicator {c!r} is constant (every answer is {x[c].iloc[0]:g})",
                        where=f"{source}, column {c}",
                        fix=f"Remove {c} from {model.construct_of(c)} in the model; a constant item carries no information")


def correlation(x: np.ndarray) -> np.ndarray:
    """Pearson correlation of the columns of a complete data matrix (n − 1 divisor; scale-free)."""
    xc = x - x.mean(axis=0)
    cov = xc.T @ xc
    d = np.sqrt(np.diag(cov))
    return cov / np.outer(d, d)


class CrossProducts:
    """Weighted correlation matrices of one data matrix for many row-count vectors (bootstrap, jackknife).

    Every weighted sum Σᵢ cᵢ aᵢ behind a correlation matrix is computed **exactly**, so the result for one count
    vector is the same bits whatever else is in the batch, how the batch is chunked or how many BLAS threads run
    (a plain ``counts @ data`` product does not promise that: BLAS kernels round differently for different row
    counts, positions and thread splits). The scheme is the error-free splitting of Ozaki, Ogita, Oishi & Rump
    (2012, *Numerical Algorithms* 59, 95–118, §3): every column j of a summed matrix A is cut into slices on a
    power-of-two grid u_j = 2^(E_j − s), where |A_ij| < 2^E_j and s = 53 − ⌈log₂ T⌉ for the largest count total T,
    so each slice holds integers (times u_j) of at most s bits; a sum of T such terms stays below 2^53 and every
    partial sum is exact, in any order. ``hi = rint(A/u)·u`` and ``lo = rint((A − hi)/u')·u'`` with u' = u·2^−s
    keep 2s ≥ 66 bits of each column's range (the part below, < 2^−66 of the column maximum, is dropped); the
    sum is Σhi + Σlo, one rounding. Data are centred at their mean rounded to 1/256 of a power-of-two scale and
    divided by that power of two (both exact), so survey answers on an integer or dyadic grid give products with
    few bits: their ``lo`` slice is zero, and one exact product suffices (no extra cost).

    The delete-one jackknife uses the same exact sums: total minus the deleted row, which is bit for bit the sum
    over the other rows (:meth:`jackknife_correlations`), without an (n, n) count matrix.

    Parameters
    ----------
    x : ndarray (n, p)
        Data with NaN for missing cells. With ``impute_mean=True`` each weighting gets mean replacement with its own
        weighted means (as seminr does inside a resample); otherwise ``x`` must be complete.
    impute_mean : bool
    max_total : int, optional
        Largest sum of one count vector (default n, a bootstrap resample).
    block_bytes : int
        Working memory for one block of data rows (the slices are made block by block); the slices are kept
        between calls when they take at most this much in all.
    """

    def __init__(self, x: np.ndarray, impute_mean: bool = True, max_total: int | None = None,
                 block_bytes: int = 32 * 2**20):
        x = np.asarray(x, dtype=float)
        n, p = x.shape
        mask = ~np.isnan(x)
        if not impute_mean and not mask.all():
            raise ValueError("x has missing cells; pass impute_mean=True or complete data")
        # centring and scaling only improve conditioning; on a power-of-two grid they are exact
        with np.errstate(invalid="ignore", divide="ignore"):
            mu = np.nanmean(x, axis=0)
            sd = np.nanstd(x, axis=0)
            e = np.where(np.isfinite(sd) & (sd > 0), np.round(np.log2(sd)), 0.0).astype(int)
        centre = np.ldexp(np.rint(np.ldexp(mu, 8 - e)), e - 8)
        x0 = np.where(mask, (x - centre) * np.ldexp(1.0, -e), 0.0)
        self.n, self.p = n, p
        self.iu, self.ju = np.triu_indices(p)
        self.x0 = x0
        self.mask = mask.astype(float)
        self.miss_cols = L = np.flatnonzero(~mask.all(axis=0))
        pair = np.empty((p, p), dtype=np.intp)
        pair[self.iu, self.ju] = pair[self.ju, self.iu] = np.arange(self.iu.size)
        self._full = pair.ravel()  # (p·p,) position of each matrix cell among the pairs
        # columns of the float matrix Z = [x0 | x0_k M_l (l in L) | x0_k x0_l (k ≤ l)] and of the 0/1 matrix
        # [M_l (l in L) | M_k M_l (k, l in L)], with the exponent bound E of each Z column
        self.max_total = int(max_total if max_total is not None else n)
        s = 53 - int(np.ceil(np.log2(max(self.max_total, n, 2))))  # the jackknife's totals sum all n rows
        E = np.frexp(np.max(np.abs(x0), axis=0, initial=0.0))[1]  # |x0_k| < 2^E_k
        Ez = np.concatenate([E, np.repeat(E, L.size), E[self.iu] + E[self.ju]])
        self._u = np.ldexp(1.0, Ez - s)
        self._inv_u = np.ldexp(1.0, s - Ez)
        self._u2 = np.ldexp(1.0, Ez - 2 * s)
        self._inv_u2 = np.ldexp(1.0, 2 * s - Ez)
        self._mz = Ez.size
        self._mm = L.size + L.size ** 2
        row_bytes = 8 * (4 * self._mz + self._mm)
        self._rows = int(max(1, min(n, block_bytes // row_bytes)))
        self._cache = None
        if n * 8 * (2 * self._mz + self._mm) <= block_bytes:
            self._cache = [self._block(r0, min(r0 + self._rows, n)) for r0 in range(0, n, self._rows)]
        self._totals: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ exact slices
    def _block(self, r0: int, r1: int) -> tuple[int, int, np.ndarray, np.ndarray | None, np.ndarray | None]:
        """Rows r0:r1 as (r0, r1, hi, lo or None, 0/1 matrix or None); see the class docstring."""
        x0 = self.x0[r0:r1]
        L = self.miss_cols
        parts = [x0]
        if L.size:
            parts.append((x0[:, :, None] * self.mask[r0:r1, None, L]).reshape(r1 - r0, -1))
        parts.append(x0[:, self.iu] * x0[:, self.ju])
        Z = np.concatenate(parts, axis=1)
        hi = np.rint(Z * self._inv_u) * self._u
        Z -= hi  # exact: the remainder below the grid
        lo = np.rint(Z * self._inv_u2) * self._u2 if Z.any() else None
        M = None
        if L.size:
            m = self.mask[r0:r1][:, L]
            M = np.concatenate([m, (m[:, :, None] * m[:, None, :]).reshape(r1 - r0, -1)], axis=1)
        return r0, r1, hi, lo, M

    def _blocks(self):
        if self._cache is not None:
            yield from self._cache
        else:
            for r0 in range(0, self.n, self._rows):
                yield self._block(r0, min(r0 + self._rows, self.n))

    def _sums(self, c: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """Exact Σᵢ cᵢ Zᵢ (B, mz) and Σᵢ cᵢ Mᵢ (B, mm) for integer counts."""
        B = c.shape[0]
        hi_sum = np.zeros((B, self._mz))
        lo_sum = np.zeros((B, self._mz))
        m_sum = np.zeros((B, self._mm)) if self._mm else None
        for r0, r1, hi, lo, M in self._blocks():
            cb = c[:, r0:r1]
            hi_sum += cb @ hi
            if lo is not None:
                lo_sum += cb @ lo
            if M is not None:
                m_sum += cb @ M
        return hi_sum + lo_sum, m_sum

    # ------------------------------------------------------------------ correlation matrices
    def correlations(self, counts: np.ndarray) -> np.ndarray:
        """Correlation matrices (B, p, p) for row counts (B, n) — whole numbers, each row's total ≤ ``max_total``;
        NaN where a column has no variance."""
        c = np.asarray(counts, dtype=float)
        if c.ndim != 2 or c.shape[1] != self.n:
            raise ValueError(f"counts must have shape (B, {self.n})")
        total = c.sum(axis=1)
        if c.size and (c.min() < 0 or total.max() > self.max_total or not np.array_equal(c, np.rint(c))):
            raise ValueError(f"counts must be whole numbers ≥ 0 with totals ≤ {self.max_total}")
        z, m = self._sums(c)
        return self._assemble(z, m, total)

    def jackknife_correlations(self, start: int, stop: int) -> np.ndarray:
        """Correlation matrices (stop − start, p, p) of the data without row i, for i in start..stop − 1.

        Exact: (Σ over all rows) − row i equals the sum over the other rows, so the result is bit for bit
        ``correlations(1 − e_i)``, without the (n, n) count matrix.
        """
        with self._lock:  # batches of the jackknife run on several threads; the totals are made once
            if self._totals is None:
                self._totals = self._exact_totals()
        hi_t, lo_t, m_t = self._totals
        _, _, hi, lo, M = self._block(start, stop)
        z = (hi_t - hi) + (lo_t - lo if lo is not None else lo_t)
        m = (m_t - M) if M is not None else None
        total = np.full(stop - start, float(self.n - 1))
        return self._assemble(z, m, total)

    def _exact_totals(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Σ over all rows of the hi and lo slices and of the 0/1 matrix (exact, any order)."""
        hi_t = np.zeros(self._mz)
        lo_t = np.zeros(self._mz)
        m_t = np.zeros(self._mm)
        for _, _, hi, lo, M in self._blocks():
            hi_t += hi.sum(axis=0)
            if lo is not None:
                lo_t += lo.sum(axis=0)
            if M is not None:
                m_t += M.sum(axis=0)
        return hi_t, lo_t, m_t

    def _assemble(self, z: np.ndarray, msum: np.ndarray | None, total: np.ndarray) -> np.ndarray:
        """Correlation matrices from the weighted sums (formula in the module docstring).

        For two complete columns it reduces to A_kl − n m_k m_l; for a complete k and a column l with missing cells
        to A_kl − m_l P_kl; only the block of columns with missing cells needs all four terms.
        """
        B, p = z.shape[0], self.p
        L = self.miss_cols
        nL = L.size
        s = z[:, :p]
        if nL:
            assert msum is not None  # columns with missing cells: _sums also returned the sums of their 0/1 matrix
            nobs = np.broadcast_to(total[:, None], (B, p)).copy()
            nobs[:, L] = msum[:, :nL]
        else:
            nobs = np.broadcast_to(total[:, None], (B, p))
        with np.errstate(invalid="ignore", divide="ignore"):
            m = s / nobs
        cov = np.take(z[:, p + p * nL:], self._full, axis=1).reshape(B, p, p)
        cov -= total[:, None, None] * m[:, :, None] * m[:, None, :]
        if nL:
            assert msum is not None  # as above
            A_L = np.empty((B, p, nL))  # A[k, l] for l in L, recovered before the subtraction above
            A_L[:] = cov[:, :, L] + total[:, None, None] * m[:, :, None] * m[:, None, L]
            P = z[:, p:p + p * nL].reshape(B, p, nL)  # P[k, l] = Σ c x0_k M_l
            col = A_L - m[:, None, L] * P  # k complete, l in L
            cov[:, :, L] = col
            cov[:, L, :] = np.swapaxes(col, 1, 2)
            N = msum[:, nL:].reshape(B, nL, nL)
            PLL = P[:, L, :]  # P[k, l] with k, l in L
            mL = m[:, L]
            cov[:, L[:, None], L[None, :]] = (A_L[:, L, :] - mL[:, None, :] * PLL - mL[:, :, None] * np.swapaxes(PLL, 1, 2)
                                              + mL[:, :, None] * mL[:, None, :] * N)
        with np.errstate(invalid="ignore", divide="ignore"):
            d = np.sqrt(np.einsum("bii->bi", cov))
            inv = 1.0 / d
            R = cov * inv[:, :, None]
            R *= inv[:, None, :]
        bad = ~(d > 1e-12 * np.sqrt(total)[:, None]).all(axis=1)
        R[bad] = np.nan
        return R
