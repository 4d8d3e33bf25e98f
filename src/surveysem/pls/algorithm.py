"""The PLS path algorithm on a batch of indicator correlation matrices.

Everything PLS-SEM computes is a function of the indicator correlation matrix S (Lohmöller 1989, ch. 2):
with outer weights w scaled so that every construct score has unit variance,

* construct correlations            C = Wᵀ S W,
* indicator–construct covariances   S W   (outer loadings and cross-loadings),
* path coefficients                  β_j = C_PP⁻¹ C_Pj for the predecessors P of construct j,  R²_j = β_jᵀ C_Pj.

So one estimate and B bootstrap resamples are the same computation on a stack of B matrices S_b: this module
never loops over resamples, only over constructs (a handful) and iterations.

Algorithm (Wold 1982; Lohmöller 1989; Hair et al. 2022, ch. 3; as in R seminr 2.3.2):

1. start with all outer weights 1, scaled to unit score variance;
2. inner weights E: *path* scheme — predecessors of j get the coefficients of the regression of j on its
   predecessors, successors get their correlation with j; *factorial* — the correlation for every adjacent pair;
   *centroid* — its sign;
3. inner proxies Z = Y E, so cov(x, Z) = S W E;
4. new outer weights: Mode A w_j = cov(x_j, Z_j); Mode B w_j = S_jj⁻¹ cov(x_j, Z_j); rescale to unit score variance
   (the n − 1 convention of seminr and SmartPLS: scores are standardized with the sample SD);
5. stop when Σ|w_new − w_old| < tol (seminr's rule, tol = 1e-7), or after ``max_iter`` updates.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import numpy as np

from .structure import Structure

SCHEMES = ("path", "factorial", "centroid")


@dataclass
class BatchFit:
    """Results for a batch of B correlation matrices (leading axis B everywhere)."""

    weights: np.ndarray  # (B, p): outer weight of each indicator on its own construct
    indicator_construct_cov: np.ndarray  # (B, p, K): corr(x_i, Y_k), i.e. loadings and cross-loadings
    construct_corr: np.ndarray  # (B, K, K)
    path_matrix: np.ndarray  # (B, K, K): β[i, j] for a path i → j
    r2: np.ndarray  # (B, K): NaN for exogenous constructs
    iterations: np.ndarray  # (B,) number of outer-weight updates
    converged: np.ndarray  # (B,) bool
    ok: np.ndarray  # (B,) bool: finite, non-singular, converged
    # set by a two-stage or corrected plan (surveysem.pls.plan): the correlation matrices of the reported model's
    # indicators when they are not the matrices the plan was given, and plan-specific arrays (leading axis B)
    S: np.ndarray | None = None
    extra: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def loadings(self) -> np.ndarray:
        """(B, p) loading of each indicator on its own construct."""
        raise AttributeError("use loadings_for(structure)")

    def loadings_for(self, st: Structure) -> np.ndarray:
        return self.indicator_construct_cov[:, np.arange(st.n_indicators), st.block]


def fit_batch(S: np.ndarray, st: Structure, scheme: str = "path", tol: float = 1e-7, max_iter: int = 300) -> BatchFit:
    """Run the PLS algorithm on a stack of indicator correlation matrices.

    Parameters
    ----------
    S : ndarray (B, p, p)
        Indicator correlation matrices, indicators in ``st.indicators`` order.
    st : Structure
    scheme : {"path", "factorial", "centroid"}
    tol : float
        Stop when the sum of absolute changes of the outer weights is below ``tol`` (seminr's criterion).
    max_iter : int
        Maximum number of outer-weight updates; a matrix that has not converged by then is flagged.

    Returns
    -------
    BatchFit
        Matrices that fail (singular blocks or construct correlations, NaN input, non-convergence) have
        ``ok = False``; their numbers are undefined.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {SCHEMES}, got {scheme!r}")
    S = np.asarray(S, dtype=float)
    B, p, _ = S.shape
    G = st.membership
    ok = np.all(np.isfinite(S), axis=(1, 2))
    S = np.where(ok[:, None, None], S, np.eye(p))

    # Mode B: inverse of each composite block's correlation matrix, once per matrix
    blocks_b = [(k, st.block_indices(k)) for k in range(st.n_constructs) if st.mode_b[k]]
    inv_blocks = {}
    for k, ix in blocks_b:
        Sk = S[:, ix[:, None], ix[None, :]]
        inv, good = _safe_inv(Sk)
        inv_blocks[k] = inv
        ok &= good

    own = np.arange(p), st.block
    w, SW = _normalized(np.ones((B, p)), S, G, own)
    iterations = np.zeros(B, dtype=np.int64)
    sym = st.adjacency + st.adjacency.T
    # work on the not-yet-converged matrices only; compact the working set when it has shrunk
    work = np.flatnonzero(ok)
    Sw, ww, SWw = S[work], w[work], SW[work]
    inv_blocks = {k: v[work] for k, v in inv_blocks.items()}
    solver = _PathSolver(st) if scheme == "path" else None
    active = np.ones(work.size, dtype=bool)  # within the working set: still iterating
    for _ in range(max_iter):
        if work.size == 0:
            break
        C = _construct_corr(ww, SWw, G)
        E, good = _inner_weights(C, st, scheme, sym, solver)
        SZ = SWw @ E  # cov(x, Z) for the inner proxies Z = Y E
        new = SZ[:, own[0], own[1]]  # Mode A: w_j = cov(x_j, Z_j)
        for k, ix in blocks_b:  # Mode B: w_j = S_jj^-1 cov(x_j, Z_j)
            new[:, ix] = np.matmul(inv_blocks[k], SZ[:, ix, k][:, :, None])[:, :, 0]
        new, SWnew = _normalized(new, Sw, G, own)
        good &= np.isfinite(new).all(axis=1)
        diff = np.abs(new - ww).sum(axis=1)
        iterations[work[active]] += 1
        ok[work[active & ~good]] = False
        upd = active & good
        if upd.all():
            ww, SWw = new, SWnew
        else:
            ww = np.where(upd[:, None], new, ww)
            SWw = np.where(upd[:, None, None], SWnew, SWw)
        active &= good & (diff >= tol)
        if not active.any():
            break
        # drop finished matrices from the working set once a quarter has finished (copying S costs an iteration)
        if (~active).sum() * 4 >= active.size:
            w[work[~active]], SW[work[~active]] = ww[~active], SWw[~active]
            work, ww, SWw, Sw = work[active], ww[active], SWw[active], Sw[active]
            inv_blocks = {k: v[active] for k, v in inv_blocks.items()}
            active = active[active]
    w[work], SW[work] = ww, SWw
    converged = np.ones(B, dtype=bool)
    converged[work[active]] = False  # still changing after max_iter updates
    ok &= converged

    C = _construct_corr(w, SW, G)
    path_matrix, r2, good = _paths(C, st)
    ok &= good
    return BatchFit(w, SW, C, path_matrix, r2, iterations, converged, ok)


def _block_sums(v: np.ndarray, G: np.ndarray) -> np.ndarray:
    """(B, K) sums of the columns of v (B, p) over each construct's indicators (membership G), added one indicator
    at a time in indicator order: the bits of row b depend on row b only, whatever the batch (batch-independent
    rounding is what makes the bootstrap identical for any chunk size, job or thread count)."""
    out = np.zeros((v.shape[0], G.shape[1]))
    for i, k in enumerate(np.argmax(G, axis=1)):
        out[:, k] += v[:, i]
    return out


def _construct_corr(w: np.ndarray, SW: np.ndarray, G: np.ndarray) -> np.ndarray:
    """C[k, l] = Σ_{i ∈ k} w_i cov(x_i, Y_l) = corr(Y_k, Y_l) for unit-variance scores."""
    return np.matmul(G.T, w[:, :, None] * SW)


def _normalized(w: np.ndarray, S: np.ndarray, G: np.ndarray, own) -> tuple[np.ndarray, np.ndarray]:
    """Scale weights to unit score variance (w_kᵀ S_kk w_k = 1); also return SW = cov(x, Y) for the scaled weights.

    SW[b, i, k] = Σ_{j ∈ k} S[b, i, j] w[b, j], a batched (p, p) × (p, K) product (one BLAS call per matrix).
    The block sums of the variances are added in indicator order (:func:`_block_sums`), not by a (B, p) × (p, K)
    product whose rounding would depend on the other matrices in the batch.
    """
    SW = S @ (w[:, :, None] * G)
    var = _block_sums(w * SW[:, own[0], own[1]], G)  # (B, K)
    with np.errstate(invalid="ignore", divide="ignore"):
        inv_sd = 1.0 / np.sqrt(var)
    return w * inv_sd[:, own[1]], SW * inv_sd[:, None, :]


class _PathSolver:
    """All path-scheme regressions of one iteration as a single batched solve.

    Construct j's system C_PjPj β = C_Pj j is embedded in an m × m system (m = the largest number of predecessors),
    padded with the identity, so one ``np.linalg.solve`` serves every endogenous construct.
    """

    def __init__(self, st: Structure):
        self.targets = [j for j, preds in enumerate(st.predecessors) if preds]
        self.preds = [np.array(st.predecessors[j]) for j in self.targets]
        self.m = max(len(p) for p in self.preds)

    def solve(self, C: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
        b, m, t = C.shape[0], self.m, len(self.targets)
        A = np.broadcast_to(np.eye(m), (b, t, m, m)).copy()
        y = np.zeros((b, t, m))
        for q, (j, P) in enumerate(zip(self.targets, self.preds)):
            k = len(P)
            A[:, q, :k, :k] = C[:, P[:, None], P[None, :]]
            y[:, q, :k] = C[:, P, j]
        beta, good = _safe_solve(A.reshape(b * t, m, m), y.reshape(b * t, m))
        beta = beta.reshape(b, t, m)
        # numpy's stubs type .all(axis=...) as bool or array; on this (b, t) array it is a (b,) array
        all_good = cast(np.ndarray, good.reshape(b, t).all(axis=1))
        return [beta[:, q, :len(P)] for q, P in enumerate(self.preds)], all_good


def _inner_weights(C: np.ndarray, st: Structure, scheme: str, sym: np.ndarray,
                   solver: _PathSolver | None = None) -> tuple[np.ndarray, np.ndarray]:
    b = C.shape[0]
    if scheme == "factorial":
        return C * sym, np.ones(b, dtype=bool)
    if scheme == "centroid":
        return np.sign(C) * sym, np.ones(b, dtype=bool)
    # path scheme: successors by correlation, predecessors by multiple-regression coefficients
    E = C * st.adjacency.T  # E[i, j] = corr(i, j) where j → i (i is a successor of j)
    solver = solver or _PathSolver(st)
    betas, good = solver.solve(C)
    for j, P, beta in zip(solver.targets, solver.preds, betas):
        E[:, P, j] = beta
    return E, good


def _paths(C: np.ndarray, st: Structure) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Path coefficients by OLS on standardized scores, and R² (Hair et al. 2022, ch. 6)."""
    b, K, _ = C.shape
    path_matrix = np.zeros((b, K, K))
    r2 = np.full((b, K), np.nan)
    good = np.ones(b, dtype=bool)
    for j, preds in enumerate(st.predecessors):
        if not preds:
            continue
        P = np.array(preds)
        cpj = C[:, P, j]
        Cpp = C[:, P[:, None], P[None, :]]
        beta, g = _safe_solve(Cpp, cpj)
        g &= np.abs(np.linalg.det(Cpp)) > _SINGULAR  # collinear predictors: a failed fit, as in seminr
        path_matrix[:, P, j] = beta
        r2[:, j] = 0.0
        for k in range(len(P)):  # R² = βᵀ c_Pj, added in predecessor order (batch-independent rounding)
            r2[:, j] += beta[:, k] * cpj[:, k]
        good &= g
    return path_matrix, r2, good


_SINGULAR = 1e-12


def _safe_solve(A: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Batched solve of A x = y, flagging singular systems instead of raising.

    The fast path is one LAPACK call; only when it meets an exactly singular matrix are determinants computed to
    find it (|det| < 1e-12; for correlation matrices det ≤ 1). Near-singular fits are caught by :func:`_paths`.
    """
    try:
        x = np.linalg.solve(A, y[..., None])[..., 0]
        return x, cast(np.ndarray, np.isfinite(x).all(axis=-1))  # numpy's stubs: bool or array; x is (b, m)
    except np.linalg.LinAlgError:
        det = np.linalg.det(A)
        good = np.isfinite(det) & (np.abs(det) > _SINGULAR)
        A = np.where(good[:, None, None], A, np.eye(A.shape[-1]))
        return np.linalg.solve(A, y[..., None])[..., 0], good


def _safe_inv(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    det = np.linalg.det(A)
    good = np.isfinite(det) & (np.abs(det) > _SINGULAR)
    A = np.where(good[:, None, None], A, np.eye(A.shape[-1]))
    return np.linalg.inv(A), good


def total_effects(path_matrix: np.ndarray) -> np.ndarray:
    """Total effects T = Σ_{m ≥ 1} Bᵐ of a recursive path matrix (B nilpotent), batched (…, K, K)."""
    K = path_matrix.shape[-1]
    total = np.zeros_like(path_matrix)
    power = path_matrix
    for _ in range(K):
        total = total + power
        power = power @ path_matrix
    return total


def chain_effects(path_matrix: np.ndarray, chains) -> np.ndarray:
    """Specific indirect effect of each chain: the product of its path coefficients, batched → (…, n_chains)."""
    out = np.ones(path_matrix.shape[:-2] + (len(chains),))
    for c, chain in enumerate(chains):
        for a, b in zip(chain[:-1], chain[1:]):
            out[..., c] *= path_matrix[..., a, b]
    return out
