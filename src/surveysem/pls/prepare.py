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

    Parameters
    ----------
    x : ndarray (n, p)
        Data with NaN for missing cells. With ``impute_mean=True`` each weighting gets mean replacement with its own
        weighted means (as seminr does inside a resample); otherwise ``x`` must be complete.
    """

    def __init__(self, x: np.ndarray, impute_mean: bool = True):
        x = np.asarray(x, dtype=float)
        n, p = x.shape
        mask = ~np.isnan(x)
        if not impute_mean and not mask.all():
            raise ValueError("x has missing cells; pass impute_mean=True or complete data")
        mu = np.nanmean(x, axis=0)
        sd = np.nanstd(x, axis=0)
        sd[sd == 0] = 1.0
        x0 = np.where(mask, (x - mu) / sd, 0.0)  # centring and scaling only improve conditioning
        self.n, self.p = n, p
        self.iu, self.ju = np.triu_indices(p)
        self.x0 = x0
        self.mask = mask.astype(float)
        self.miss_cols = np.flatnonzero(~mask.all(axis=0))
        self._q = x0[:, self.iu] * x0[:, self.ju]  # (n, pairs)
        pair = np.empty((p, p), dtype=np.intp)
        pair[self.iu, self.ju] = pair[self.ju, self.iu] = np.arange(self.iu.size)
        self._full = pair.ravel()  # (p·p,) position of each matrix cell among the pairs
        L = self.miss_cols
        if L.size:
            self._xm = (x0[:, :, None] * self.mask[:, None, L]).reshape(n, -1)  # (n, p·|L|)
            self._mm = (self.mask[:, L, None] * self.mask[:, None, L]).reshape(n, -1)  # (n, |L|²)

    def correlations(self, counts: np.ndarray) -> np.ndarray:
        """Correlation matrices (B, p, p) for row counts (B, n); NaN where a column has no variance.

        For two complete columns the formula in the module docstring reduces to A_kl − n m_k m_l; for a complete k
        and a column l with missing cells to A_kl − m_l P_kl; only the block of columns with missing cells needs all
        four terms.
        """
        c = np.asarray(counts, dtype=float)
        B, p = c.shape[0], self.p
        L = self.miss_cols
        total = c.sum(axis=1)
        s = c @ self.x0  # (B, p)
        if L.size:
            nobs = c @ self.mask
        else:
            nobs = np.broadcast_to(total[:, None], (B, p))
        with np.errstate(invalid="ignore", divide="ignore"):
            m = s / nobs
        cov = np.take(c @ self._q, self._full, axis=1).reshape(B, p, p)
        cov -= total[:, None, None] * m[:, :, None] * m[:, None, :]
        if L.size:
            A_L = np.empty((B, p, L.size))  # A[k, l] for l in L, recovered before the subtraction above
            A_L[:] = cov[:, :, L] + total[:, None, None] * m[:, :, None] * m[:, None, L]
            P = (c @ self._xm).reshape(B, p, L.size)  # P[k, l] = Σ c x0_k M_l
            col = A_L - m[:, None, L] * P  # k complete, l in L
            cov[:, :, L] = col
            cov[:, L, :] = np.swapaxes(col, 1, 2)
            N = (c @ self._mm).reshape(B, L.size, L.size)
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
