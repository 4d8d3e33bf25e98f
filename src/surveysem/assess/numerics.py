"""Singular and near-singular matrices in the assessment: flagged results instead of exceptions.

Every assessment step that inverts or solves (VIF, the fit's log-determinants, the LM benchmark, the implied
construct correlations) goes through these helpers. A matrix is treated as singular when it has a non-finite entry
or its 2-norm condition number κ(A) = σ_max / σ_min exceeds :data:`COND_MAX`: beyond that, a solve loses all but
about 16 − log10 κ significant digits (Golub & Van Loan 2013, *Matrix Computations*, 4th ed., §2.6.2), so the
numbers would be noise. The caller writes NaN for the affected values and a note saying why; nothing raises and no
numpy floating-point warning is emitted.
"""
from __future__ import annotations

import numpy as np

#: condition number above which a matrix counts as (numerically) singular
COND_MAX = 1e12


def condition(A: np.ndarray) -> np.ndarray:
    """2-norm condition number of each matrix in a stack (…, m, m); ``inf`` when singular or not finite."""
    A = np.asarray(A, dtype=float)
    finite = np.isfinite(A).all(axis=(-1, -2))
    safe = np.where(finite[..., None, None], A, np.eye(A.shape[-1]))
    s = np.linalg.svd(safe, compute_uv=False)
    with np.errstate(divide="ignore", invalid="ignore"):
        k = s[..., 0] / s[..., -1]
    return np.where(finite & np.isfinite(k), k, np.inf)


def well_conditioned(A: np.ndarray) -> np.ndarray:
    """True for each matrix of the stack whose condition number is below :data:`COND_MAX`."""
    A = np.asarray(A, dtype=float)
    if A.shape[-1] == 0:
        return np.ones(A.shape[:-2], dtype=bool)
    return condition(A) < COND_MAX


def flagged_solve(A: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve A x = b for a stack (A: (…, m, m); b: (…, m) or (…, m, k)); NaN and ``ok = False`` where A is singular.

    Returns ``(x, ok)`` with ``ok`` of shape ``A.shape[:-2]``.
    """
    A = np.asarray(A, dtype=float)
    b = np.asarray(b, dtype=float)
    vector = b.ndim == A.ndim - 1
    if vector:
        b = b[..., None]
    ok = well_conditioned(A) & np.isfinite(b).all(axis=(-1, -2))
    eye = np.broadcast_to(np.eye(A.shape[-1]), A.shape)
    x = np.linalg.solve(np.where(ok[..., None, None], A, eye), np.where(ok[..., None, None], b, 0.0))
    x = np.where(ok[..., None, None], x, np.nan)
    return (x[..., 0] if vector else x), ok


def flagged_inv(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of each matrix of a stack; NaN and ``ok = False`` where it is singular (see :func:`flagged_solve`)."""
    A = np.asarray(A, dtype=float)
    eye = np.broadcast_to(np.eye(A.shape[-1]), A.shape)
    return flagged_solve(A, eye)
