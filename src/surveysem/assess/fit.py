"""Model fit of a PLS path model: SRMR, d_ULS, d_G, chi², NFI, with bootstrap quantiles for the exact fit test.

Everything is computed from the indicator correlation matrix S and a model-implied one Σ̂, for a stack of
matrices at once (so the bootstrap of the fit test is batched like the PLS bootstrap).

Model-implied indicator correlations (Dijkstra & Henseler 2015; as R cSEM 0.6.1 ``fit()``): with loadings λ and
construct correlations Φ,

* between blocks k ≠ l: σ_ij = λ_i Φ_kl λ_j;
* within a reflective (``=~``, common-factor) block: σ_ij = λ_i λ_j; within a composite (``<~``) block the
  observed S_kk is kept (a composite leaves its indicators' correlations free); unit diagonal.

Φ is either the construct-score correlation matrix (**saturated** model: structural model fully free, SmartPLS's
"saturated model") or the matrix implied by the estimated structural model (**estimated** model):
Φ = (I − B)⁻¹ Ψ (I − B)⁻ᵀ with B the path coefficients, Ψ the observed correlations of the exogenous constructs
and var(ζ_j) = 1 − R²_j for the endogenous ones (structural errors uncorrelated), then the diagonal set to 1 as
cSEM does.

Distances (p indicators):

* SRMR = sqrt( Σ_{i≤j} (s_ij − σ_ij)² / (p(p + 1)/2) )  (Hu & Bentler 1998; Henseler et al. 2014);
* d_ULS = ½ Σ_ij (s_ij − σ_ij)²  (Dijkstra & Henseler 2015; cSEM's ``d_L``);
* d_G = ½ Σ_k (ln φ_k)², φ_k the eigenvalues of S⁻¹Σ̂ (Dijkstra & Henseler 2015, natural log). cSEM 0.6.1 uses
  log base 10, i.e. its d_G is ours × (1/ln 10)²; the table reports both (rows ``d_G`` and ``d_G_log10``).
  SmartPLS's documentation (smartpls.com/documentation/algorithms-and-techniques/model-fit) names d_G without
  giving its formula, so which base SmartPLS uses is unknown;
* F_ML = ln|Σ̂| + tr(S Σ̂⁻¹) − ln|S| − p, chi² = (n − 1) F_ML (as cSEM);
* NFI = 1 − F_ML / F_ML(null) with the null model Σ = I, F_ML(null) = −ln|S| (Bentler & Bonett 1980; as
  cSEM and SmartPLS).

Exact fit test (Dijkstra & Henseler 2015; Beran & Srivastava 1985): the standardized data are rotated so that
their correlation matrix equals Σ̂ (X̃ = X S^{-1/2} Σ̂^{1/2}), resampled B times, the model re-estimated on every
resample, and the 95 % and 99 % quantiles (HI95, HI99; type 7) of each distance reported; the model fits exactly
when the distance is below HI95 (or HI99). The resamples are drawn and estimated batch after batch as in the PLS
bootstrap (:mod:`surveysem.stats.resample`: one stream, batches sized from a memory budget, a few threads, BLAS
pinned to one thread), so the numbers are the same bytes for any batch size or thread count.

Singular matrices: d_G, F_ML, chi² and NFI need S⁻¹, Σ̂⁻¹ and log-determinants. When S or Σ̂ is singular or
near-singular (condition number > ``surveysem.stats.COND_MAX``: perfectly collinear items, identical items, fewer cases
than indicators) or Σ̂ is not positive definite, these indices are NaN with a note; SRMR and d_ULS need no
inverse and are still reported. With a singular S the Beran-Srivastava rotation does not exist, so the bootstrap
quantiles are skipped (noted).
"""
from __future__ import annotations

import os

import numpy as np
import pandas as pd

from ..pls import PLSResult
from ..pls.algorithm import fit_batch
from ..pls.bootstrap import resample_bytes
from ..pls.consistent import correct_fit
from ..pls.prepare import CrossProducts
from ..stats import (
    MEMORY_BUDGET,
    batch_size,
    blas_pinned,
    flagged_inv,
    flagged_solve,
    in_batches,
    indices_to_counts,
    quantile,
    resample_batches,
    well_conditioned,
    zscores,
)
from .rules import NFI_MIN, RULES, SRMR_MAX

INDEX_NAMES = ["SRMR", "d_ULS", "d_G", "chi2", "NFI"]
#: rows of the table: the indices above, then d_G with log base 10 (cSEM 0.6.1) after d_G
TABLE_ROWS = ["SRMR", "d_ULS", "d_G", "d_G_log10", "chi2", "NFI"]


def implied_construct_corr(C: np.ndarray, st) -> np.ndarray:
    """(…, K, K) construct correlations implied by the structural model (see module docstring), batched."""
    C = np.asarray(C)
    K = st.n_constructs
    shape = C.shape[:-2]
    Bm = np.zeros(shape + (K, K))
    Psi = np.zeros(shape + (K, K))
    endo = set(st.endogenous)
    exo = np.array([k for k in range(K) if k not in endo])
    Psi[..., exo[:, None], exo[None, :]] = C[..., exo[:, None], exo[None, :]]
    for j in st.endogenous:
        P = np.array(st.predecessors[j])
        beta, _ = flagged_solve(C[..., P[:, None], P[None, :]], C[..., P, j])  # NaN where singular
        Bm[..., j, P] = beta
        Psi[..., j, j] = 1 - np.einsum("...i,...i->...", beta, C[..., P, j])
    A, _ = flagged_inv(np.eye(K) - Bm)
    Phi = A @ Psi @ np.swapaxes(A, -1, -2)
    idx = np.arange(K)
    Phi[..., idx, idx] = 1.0
    return Phi


def implied_indicator_corr(S: np.ndarray, loadings: np.ndarray, Phi: np.ndarray, st) -> np.ndarray:
    """(…, p, p) model-implied indicator correlation matrix (module docstring), batched."""
    G = st.membership
    L = G * loadings[..., :, None]  # (…, p, K)
    Sig = L @ Phi @ np.swapaxes(L, -1, -2)
    for k in range(st.n_constructs):
        if st.mode_b[k]:
            ix = st.block_indices(k)
            Sig[..., ix[:, None], ix[None, :]] = S[..., ix[:, None], ix[None, :]]
    idx = np.arange(S.shape[-1])
    Sig[..., idx, idx] = 1.0
    return Sig


def distances(S: np.ndarray, Sig: np.ndarray, n: int, dg_log_base: float = np.e, resamples: bool = False) -> dict:
    """SRMR, d_ULS, d_G, chi², NFI for stacks of observed S and implied Σ̂ (formulas in the module docstring).

    Also ``d_G_log10`` (cSEM 0.6.1's base), ``F_ML`` and ``invertible``: False where S or Σ̂ is singular or
    near-singular or Σ̂ is not positive definite; there d_G, chi² and NFI are NaN.

    ``resamples=True`` (the exact fit bootstrap) sums the squared residuals of the SRMR pair after pair, left to
    right: the order numpy's ``mean`` takes on a stack of two or more matrices, but not on a stack of one (there it
    sums pairwise), so without it a resample's SRMR would change in its last bit with the size of its batch.
    """
    S, Sig = np.asarray(S, dtype=float), np.asarray(Sig, dtype=float)
    p = S.shape[-1]
    D = S - Sig
    il = np.tril_indices(p)
    sq = D[..., il[0], il[1]] ** 2
    if resamples:
        total = sq[..., 0].copy()
        for k in range(1, sq.shape[-1]):
            total += sq[..., k]
        srmr = np.sqrt(total / sq.shape[-1])
    else:
        srmr = np.sqrt(sq.mean(axis=-1))
    duls = 0.5 * (D ** 2).sum(axis=(-1, -2))
    ok = well_conditioned(S) & well_conditioned(Sig)
    eye = np.eye(p)
    S_, Sig_ = np.where(ok[..., None, None], S, eye), np.where(ok[..., None, None], Sig, eye)
    ev = np.linalg.eigvals(np.linalg.solve(S_, Sig_)).real
    sign_sig, ld_sig = np.linalg.slogdet(Sig_)
    sign_s, ld_s = np.linalg.slogdet(S_)
    ok &= (ev > 0).all(axis=-1) & (sign_sig > 0) & (sign_s > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        ln2 = (np.log(np.where(ok[..., None], ev, 1.0)) ** 2).sum(axis=-1)
        fml = ld_sig + np.trace(S_ @ np.linalg.inv(Sig_), axis1=-2, axis2=-1) - ld_s - p
        nfi = 1 - fml / (-ld_s)
    nan = np.full(ok.shape, np.nan)
    dg = np.where(ok, 0.5 * ln2 / np.log(dg_log_base) ** 2, nan)
    dg10 = np.where(ok, 0.5 * ln2 / np.log(10) ** 2, nan)
    fml = np.where(ok, fml, nan)
    return {"SRMR": srmr, "d_ULS": duls, "d_G": dg, "d_G_log10": dg10, "chi2": (n - 1) * fml,
            "NFI": np.where(ok, nfi, nan), "F_ML": fml, "invertible": ok}


def _both(S, fitb, st, n, dg_log_base, resamples: bool = False):
    lam = fitb.loadings_for(st)
    C = fitb.construct_corr
    sat = distances(S, implied_indicator_corr(S, lam, C, st), n, dg_log_base, resamples)
    est = distances(S, implied_indicator_corr(S, lam, implied_construct_corr(C, st), st), n, dg_log_base, resamples)
    return sat, est


def _sqrtm(A: np.ndarray, inverse: bool = False) -> np.ndarray:
    vals, vecs = np.linalg.eigh(A)
    vals = np.clip(vals, 1e-12, None)
    return (vecs * (vals ** (-0.5 if inverse else 0.5))) @ vecs.T


def _exact_fit_draws(res: PLSResult, boot: int, seed: int, dg_log_base: float, chunk: int | None,
                     n_jobs: int | None, memory: int) -> dict[str, dict[str, np.ndarray]]:
    """The distances of ``boot`` Beran-Srivastava resamples, for the saturated and the estimated model.

    For each model the data are rotated to its implied correlation matrix Σ̂ (module docstring); every resample (the
    same rows for both models) is re-estimated and its distances to its own implied matrix of that model computed.
    Returns ``{"saturated": {index: (boot,) values, ..., "ok": (boot,) fit succeeded}, "estimated": {...}}``.
    """
    st, s = res.structure, res.settings
    z = zscores(res.data.imputed.to_numpy(dtype=float))
    n = len(z)
    lam, C = res.fit.loadings_for(st), res.fit.construct_corr
    implied = {"saturated": implied_indicator_corr(res.S[None], lam, C, st)[0],
               "estimated": implied_indicator_corr(res.S[None], lam, implied_construct_corr(C, st), st)[0]}
    cps = {}
    for label, Sig in implied.items():
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            zt = z @ _sqrtm(res.S, inverse=True) @ _sqrtm(Sig)  # Beran & Srivastava (1985) rotation
            cps[label] = CrossProducts(zt, impute_mean=False, block_bytes=max(memory // 8, 2**20))
    out = {label: {**{k: np.empty(boot) for k in TABLE_ROWS}, "ok": np.zeros(boot, dtype=bool)} for label in implied}
    jobs = max(1, n_jobs or os.cpu_count() or 1)
    p = st.n_indicators
    per = 2 * (resample_bytes(n, p, st.n_constructs, 0) + 8 * 16 * p * p)  # two models; distances: ~16 p×p arrays
    chunk = batch_size(per, jobs, memory * 3 // 4) if chunk is None else max(1, int(chunk))

    def run_chunk(start: int, stop: int, idx: np.ndarray) -> None:
        counts = indices_to_counts(idx, n)
        for label, cp in cps.items():
            with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
                Sb = cp.correlations(counts)
            fb = fit_batch(Sb, st, scheme=s["scheme"], tol=s["tol"], max_iter=s["max_iter"])
            if s.get("consistent"):  # PLSc: each resample's corrected model; inadmissible ones left out (as cSEM)
                fb = correct_fit(fb, Sb, st)
                fb.ok = fb.ok & ~fb.extra["inadmissible"]
            sat_b, est_b = _both(Sb, fb, st, res.n, dg_log_base, resamples=True)
            d = sat_b if label == "saturated" else est_b
            for k in TABLE_ROWS:
                out[label][k][start:stop] = d[k]
            out[label]["ok"][start:stop] = fb.ok

    in_batches(resample_batches(n, boot, seed, chunk), run_chunk, jobs)
    return out


@blas_pinned
def model_fit(res: PLSResult, boot: int = 0, seed: int = 42, dg_log_base: float = np.e,
              srmr_threshold: float = SRMR_MAX, nfi_threshold: float = NFI_MIN, chunk: int | None = None,
              n_jobs: int | None = None, memory: int = MEMORY_BUDGET) -> pd.DataFrame:
    """Fit indices of the saturated and the estimated model, with bootstrap quantiles for the exact fit test.

    Parameters
    ----------
    res : PLSResult
    boot : int
        Bootstrap resamples for HI95/HI99 (0 = none), drawn and re-estimated batch after batch
        (:func:`surveysem.stats.resample_batches`, :func:`~surveysem.pls.algorithm.fit_batch`).
    seed : int
        Seed of the resampling stream (the same rows as the PLS bootstrap with this seed).
    dg_log_base : float
        Log base of d_G: e (Dijkstra & Henseler 2015) or 10 (cSEM 0.6.1).
    chunk, n_jobs, memory :
        Resamples per batch (default: from ``memory``), threads working on batches (default: the number of
        cores), and the byte budget of the batches in flight; memory and speed only, never the numbers.

    Returns
    -------
    DataFrame
        ``index, saturated, estimated`` and with ``boot``: ``saturated_hi95, saturated_hi99, estimated_hi95,
        estimated_hi99, n_boot``; then ``threshold, verdict, rule, reference, note``. Rows ``SRMR, d_ULS, d_G,
        d_G_log10, chi2, NFI``: ``d_G`` with the natural log (Dijkstra & Henseler 2015; or ``dg_log_base``),
        ``d_G_log10`` with log base 10 as R cSEM 0.6.1 computes it (= d_G / (ln 10)²). Verdicts (on the
        estimated model): SRMR < 0.08 (and ≤ HI95 with a bootstrap); NFI ≥ 0.90; d_ULS and d_G pass when below
        HI95 (no fixed threshold; ``d_G_log10`` gets the same verdict). chi² has no verdict: with n in the
        hundreds it rejects nearly every model; it feeds the NFI. Indices that need an inverse of a singular
        matrix are NaN with a note (module docstring); ``attrs["warnings"]`` says so. ``n_boot`` counts the
        resamples whose estimated-model re-estimate succeeded.
    """
    st = res.structure
    S = res.S[None]
    sat, est = _both(S, res.fit, st, res.n, dg_log_base)
    rows = {k: dict(index=k, saturated=float(sat[k][0]), estimated=float(est[k][0])) for k in TABLE_ROWS}
    note = "estimated model: structural errors uncorrelated, implied construct correlations with unit diagonal (cSEM)"
    warnings, singular = [], ""
    if not well_conditioned(res.S):
        singular = ("the indicator correlation matrix S is singular (perfectly collinear or identical items, or no "
                    "more cases than indicators): d_G, chi2 and NFI need its inverse and are not computed")
    elif not (sat["invertible"][0] and est["invertible"][0]):
        singular = ("the model-implied correlation matrix is singular or not positive definite: d_G, chi2 and NFI "
                    "need its inverse and log-determinant and are not computed")
    if singular:
        warnings.append(f"model fit: {singular}")
    if boot and not well_conditioned(res.S):
        warnings.append("model fit: the exact fit bootstrap needs S^(-1/2) (Beran & Srivastava 1985) and was skipped")
        boot = 0
        singular += "; no exact fit bootstrap (S is singular)"
    if boot:
        for label, d in _exact_fit_draws(res, boot, seed, dg_log_base, chunk, n_jobs, memory).items():
            ok = d.pop("ok")
            for k in TABLE_ROWS:
                v = d[k][ok & np.isfinite(d[k])]
                rows[k][f"{label}_hi95"] = float(quantile(v, 0.95)) if len(v) else np.nan
                rows[k][f"{label}_hi99"] = float(quantile(v, 0.99)) if len(v) else np.nan
                rows[k]["n_boot"] = int(ok.sum())  # the estimated model's, which comes last
    df = pd.DataFrame(rows.values())
    if boot:
        df = df[["index", "saturated", "estimated", "saturated_hi95", "saturated_hi99", "estimated_hi95",
                 "estimated_hi99", "n_boot"]]
        # NFI grows with fit: an upper quantile is no test for it
        df.loc[df["index"] == "NFI", ["saturated_hi95", "saturated_hi99", "estimated_hi95", "estimated_hi99"]] = np.nan
    thr, ver, rule, ref = [], [], [], []
    for r in df.to_dict("records"):
        k, v = r["index"], r["estimated"]
        hi = r.get("estimated_hi95", np.nan)
        if k == "SRMR":
            thr.append(srmr_threshold)
            ok = v < srmr_threshold
            ver.append("pass" if ok and (not np.isfinite(hi) or v <= hi) else ("warn" if ok else "fail"))
            rule.append(f"SRMR < {srmr_threshold}; exact fit: SRMR <= HI95")
            ref.append(RULES["srmr"].reference)
        elif k == "NFI":
            thr.append(nfi_threshold)
            ver.append("n/a" if not np.isfinite(v) else ("pass" if v >= nfi_threshold else "fail"))
            rule.append(f"NFI >= {nfi_threshold}")
            ref.append(RULES["nfi"].reference)
        elif k in ("d_ULS", "d_G", "d_G_log10"):
            thr.append(hi)
            ver.append("n/a" if not (np.isfinite(hi) and np.isfinite(v)) else ("pass" if v <= hi else "fail"))
            rule.append(f"exact fit: {k} <= bootstrap HI95")
            ref.append("Dijkstra & Henseler (2015), MIS Quarterly 39(2), 297-316"
                       + ("; log base 10 as R cSEM 0.6.1" if k == "d_G_log10" else ""))
        else:
            thr.append(np.nan)
            ver.append("n/a")
            rule.append("chi² = (n - 1) F_ML; reported for the NFI, no verdict")
            ref.append("Bentler & Bonett (1980)")
    df["threshold"], df["verdict"], df["rule"], df["reference"] = thr, ver, rule, ref
    df["note"] = note
    base = "e" if dg_log_base == np.e else dg_log_base
    df.loc[df["index"] == "d_G", "note"] = (f"{note}; d_G with log base {base} (Dijkstra & Henseler 2015); SmartPLS's "
                                            "documentation does not say which base it uses")
    df.loc[df["index"] == "d_G_log10", "note"] = (f"{note}; d_G with log base 10 as R cSEM 0.6.1 computes it "
                                                  "(= d_G with natural log / (ln 10)^2)")
    if singular:
        flagged = df["index"].isin(["d_G", "d_G_log10", "chi2", "NFI"])
        df.loc[flagged, "note"] = df.loc[flagged, "note"] + "; " + singular
    df.attrs["warnings"] = warnings
    return df
