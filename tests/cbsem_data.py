"""Data with an exactly prescribed sample covariance matrix, for hand-derived CB-SEM expectations."""
from __future__ import annotations

import numpy as np
import pandas as pd


def exact_data(R: np.ndarray, names: list[str], n: int = 300, seed: int = 7) -> pd.DataFrame:
    """Rows whose covariance with divisor N (the ML ``S`` of lavaan and semopy) equals ``R`` exactly.

    Z is centred and whitened (Z'Z/N = I), then X = Z Cᵀ with C Cᵀ = R, so X'X/N = R.
    """
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    z = rng.standard_normal((n, R.shape[0]))
    z -= z.mean(axis=0)
    L = np.linalg.cholesky(z.T @ z / n)
    z = z @ np.linalg.inv(L).T
    x = z @ np.linalg.cholesky(R).T + 3.0
    return pd.DataFrame(x, columns=names)


def factor_cov(loadings: dict[str, list[float]], phi: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Σ = Λ Φ Λᵀ + Θ with unit item variances (Θ = I − diag(ΛΦΛᵀ)); items named ``<factor lower><k>``."""
    names, rows = [], []
    for f, (name, lam) in enumerate(loadings.items()):
        for k, lam_k in enumerate(lam, start=1):
            names.append(f"{name.lower()}{k}")
            row = np.zeros(len(loadings))
            row[f] = lam_k
            rows.append(row)
    Lam = np.array(rows)
    S = Lam @ phi @ Lam.T
    np.fill_diagonal(S, 1.0)
    return S, names
