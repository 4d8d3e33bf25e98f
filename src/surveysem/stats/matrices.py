"""Matrix numerics several packages share: flagged solves of (near-)singular stacks, z-scores, HTMT of a batch.

Singular and near-singular matrices give flagged results instead of exceptions. Every step that inverts or solves
(the assessment's VIF, the fit's log-determinants, the PLSpredict LM benchmark, the implied construct correlations,
the mediation-by-regression bootstrap) goes through these helpers. A matrix is treated as singular when it has a
non-finite entry or its 2-norm condition number κ(A) = σ_max / σ_min exceeds :data:`COND_MAX`: beyond that, a solve
loses all but about 16 − log10 κ significant digits (Golub & Van Loan 2013, *Matrix Computations*, 4th ed.,
§2.6.2), so the numbers would be noise. The caller writes NaN for the affected values and a note saying why;
nothing raises and no numpy floating-point warning is emitted.
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


def zscores(x: np.ndarray) -> np.ndarray:
    """Columns standardized with their mean and SD (n − 1 divisor, as seminr and SmartPLS standardize)."""
    return (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)


def htmt_batch(S: np.ndarray, block: np.ndarray, n_constructs: int, absolute: bool = True) -> np.ndarray:
    """Heterotrait-monotrait ratio of correlations for a stack of indicator correlation matrices.

    HTMT_ij = mean heterotrait correlation r(x_i, x_j) over all item pairs of constructs i and j, divided by the
    geometric mean of the average monotrait (within-construct, off-diagonal) correlations of i and of j
    (Henseler et al. 2015, eq. 6). Like R seminr 2.3.2 this uses |r| (``absolute=True``) and takes 1 as the
    monotrait mean of a single-item construct. A construct whose items have no monotrait correlation (0) gives
    NaN (undefined), not infinity.

    Parameters
    ----------
    S : ndarray (..., p, p)
    block : ndarray (p,)
        Construct index of each indicator.

    Returns
    -------
    ndarray (..., K, K), symmetric with NaN on the diagonal.
    """
    R = np.abs(S) if absolute else np.asarray(S)
    K = n_constructs
    G = np.zeros((len(block), K))
    G[np.arange(len(block)), block] = 1.0
    sums = np.matmul(G.T, np.matmul(R, G))  # sum of |r| over item pairs, diagonal blocks include r_ii = 1
    size = G.sum(axis=0)
    pairs = np.outer(size, size)
    hetero = sums / pairs
    diag_sum = np.einsum("...kk->...k", sums) - size  # drop the unit diagonal
    with np.errstate(invalid="ignore", divide="ignore"):
        mono = np.where(size > 1, diag_sum / (size * (size - 1)), 1.0)
        denom = np.sqrt(mono[..., :, None] * mono[..., None, :])
        out = np.where(denom > 0, hetero / denom, np.nan)  # no monotrait correlation: HTMT undefined, not infinite
    idx = np.arange(K)
    out[..., idx, idx] = np.nan
    return out
