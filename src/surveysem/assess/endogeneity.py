"""Gaussian copula test of endogeneity for the structural regressions of a PLS path model.

For an endogenous construct Y regressed on its predictors' construct scores X_1..X_k, a predictor X is endogenous
when it is correlated with the regression error. Park & Gupta (2012) model that correlation with a Gaussian copula:
adding the copula term c(X) = Φ⁻¹(H(X)), H the empirical CDF of X, as a further regressor absorbs the endogenous part
of X, and a significant coefficient of c(X) signals endogeneity. Hult et al. (2018) apply it to PLS-SEM on the
construct scores, one predictor at a time and in every combination. The test is identified only when X is
non-normal (for a normal X, c(X) is a linear function of X), so each predictor's normality test is reported beside
it (Park & Gupta 2012; Becker, Proksch & Ringle 2022).

The coefficient's standard error comes from a bootstrap (the copula term is a generated regressor, Park & Gupta
2012): every resample re-ranks the resampled scores and re-fits the regression, all resamples of a batch at once
(weighted cross-products with the resample's row counts), from the seeded stream of the study.
"""
from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats as sps

from ..errors import ConfigError
from ..pls import PLSResult
from ..stats import (
    batch_size,
    blas_pinned,
    flagged_solve,
    indices_to_counts,
    lilliefors_normality,
    resample_batches,
    resample_indices,
    summarize,
)
from .rules import COPULA_NORMALITY_ALPHA, RULES

#: normality tests of the predictors: Kolmogorov-Smirnov with Lilliefors' correction (Hult et al. 2018) or
#: Shapiro-Wilk
NORMALITY_TESTS = ("lilliefors", "shapiro")
_NORMALITY_NAMES = {"lilliefors": "Kolmogorov-Smirnov (Lilliefors)", "shapiro": "Shapiro-Wilk"}
#: outcomes with at most this many predictors get every combination of copula terms (2^k − 1 models), more
#: predictors each one alone and all together
ALL_COMBINATIONS_MAX = 4


def copula_term(x: np.ndarray) -> np.ndarray:
    """c(x) = Φ⁻¹(H(x)) with H(x_i) = rank(x_i)/(n + 1), ties at their average rank (Park & Gupta 2012, eq. 10;
    the n + 1 divisor keeps H below 1, as Hult et al. 2018). Works along axis 0 of an (n,) or (n, m) array."""
    x = np.asarray(x, dtype=float)
    n = x.shape[0]
    return sps.norm.ppf(sps.rankdata(x, axis=0) / (n + 1))


def resample_copula_terms(x: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """(B, n) copula terms of x in each resample: case i's value is Φ⁻¹(r_b(i)/(n + 1)), r_b(i) the average rank of
    x_i among the resample's n draws (row counts ``counts`` (B, n)): r = L + (m + 1)/2 with L the number of draws
    below x_i and m the draws equal to it. Cases not drawn get a value too; their weight is 0."""
    x = np.asarray(x, dtype=float)
    n = x.shape[0]
    order = np.argsort(x, kind="stable")
    xs = x[order]
    starts = np.flatnonzero(np.r_[True, xs[1:] != xs[:-1]])  # first sorted position of each distinct value
    group = np.cumsum(np.r_[True, xs[1:] != xs[:-1]]) - 1  # group of each sorted position
    per_group = np.add.reduceat(counts[:, order], starts, axis=1)  # (B, G) draws of each distinct value
    below = np.cumsum(per_group, axis=1) - per_group
    twice_rank = (2 * below + per_group + 1).astype(np.int64)  # 2r is a whole number between 1 and 2n + 1
    table = sps.norm.ppf(np.arange(2 * n + 2) / (2 * (n + 1)))  # Φ⁻¹(k / (2(n + 1))), looked up instead of computed
    out = np.empty_like(counts, dtype=float)
    out[:, order] = table[twice_rank[:, group]]
    return out


def _ols(y: np.ndarray, X: np.ndarray) -> np.ndarray:
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    return beta


@blas_pinned
def copula_regression(y: np.ndarray, X: np.ndarray, copula: list[int], boot: int = 1000, seed: int | None = 42,
                      indices: np.ndarray | None = None, ci: float = 0.95) -> tuple[np.ndarray, pd.DataFrame]:
    """OLS of y on an intercept, the columns of X and the copula terms of the columns ``copula``, with bootstrap.

    Model (Park & Gupta 2012, eq. 11; Hult et al. 2018, eq. 2): y = β₀ + Σ_j β_j x_j + Σ_{j ∈ copula} γ_j c(x_j) + ε,
    c from :func:`copula_term`. One model of :func:`copula_regressions`, which describes the bootstrap.

    Returns
    -------
    (estimates, summary)
        ``estimates``: the full-sample coefficients (intercept, X's columns, then the copula terms);
        ``summary``: :func:`~surveysem.stats.summarize` of the bootstrap draws (``se``, ``t``, ``p`` with B − 1
        df, percentile CI) for the copula coefficients only, one row per copula term; ``attrs["failed"]`` counts
        singular resamples (left out).
    """
    return copula_regressions(y, X, [tuple(copula)], boot=boot, seed=seed, indices=indices, ci=ci)[0]


@blas_pinned
def copula_regressions(y: np.ndarray, X: np.ndarray, sets: list[tuple[int, ...]], boot: int = 1000,
                       seed: int | None = 42, indices: np.ndarray | None = None,
                       ci: float = 0.95) -> list[tuple[np.ndarray, pd.DataFrame]]:
    """:func:`copula_regression` for several sets of copula terms of the same y and X, on the same resamples.

    Each bootstrap resample draws n cases with replacement (seeded stream; ``indices`` (B, n) replays given
    resamples), recomputes the copula terms from the resample's ranks (:func:`resample_copula_terms`) and solves the
    weighted normal equations (Z'CZ)β = Z'Cy, C the resample's row counts and Z = [1, X, c(X_S)]. The blocks of Z'CZ
    are made once per batch for all sets — [1, X]'C[1, X] as counts @ (row-wise products), [1, X]'C c_j and
    c_i'C c_j per copula term — and every model's system is assembled from them and solved at once
    (:func:`~surveysem.stats.flagged_solve`).
    """
    y = np.asarray(y, dtype=float)
    X = np.asarray(X, dtype=float)
    n, k = X.shape
    Xt = np.column_stack([np.ones(n), X])  # (n, p0)
    p0 = k + 1
    out_est = []
    for S in sets:
        out_est.append(_ols(y, np.column_stack([Xt, copula_term(X[:, list(S)])])))
    if indices is not None:
        indices = np.asarray(indices)
        boot = len(indices)
    cols = sorted({j for S in sets for j in S})
    draws = [np.full((boot, len(S)), np.nan) for S in sets]
    outer = (Xt[:, :, None] * Xt[:, None, :]).reshape(n, p0 * p0)
    xy = Xt * y[:, None]
    chunk = batch_size(8 * n * (2 * len(cols) + 4), 1)
    for start, stop, idx in resample_batches(n, boot, seed if indices is None else None, chunk, indices=indices):
        cnt = indices_to_counts(idx, n)
        b = stop - start
        # einsum, not BLAS: each resample's sums run in the same order whatever the batch size (identical results)
        G = np.einsum("bn,nk->bk", cnt, outer).reshape(b, p0, p0)  # [1, X]'C[1, X]
        gy = np.einsum("bn,nk->bk", cnt, xy)  # [1, X]'Cy
        cc = {j: resample_copula_terms(X[:, j], cnt) for j in cols}  # c_j of each resample, (b, n)
        cw = {j: cnt * cc[j] for j in cols}  # C c_j
        XC = {j: np.einsum("bn,nk->bk", cw[j], Xt) for j in cols}  # [1, X]'C c_j, (b, p0)
        Cy = {j: np.einsum("bn,n->b", cw[j], y) for j in cols}  # c_j'Cy, (b,)
        CC = {(i, j): (cw[i] * cc[j]).sum(axis=1) for i in cols for j in cols if i <= j}  # c_i'C c_j, (b,)
        for S, d in zip(sets, draws):
            q = len(S)
            M = np.empty((b, p0 + q, p0 + q))
            r = np.empty((b, p0 + q))
            M[:, :p0, :p0], r[:, :p0] = G, gy
            for a, i in enumerate(S):
                M[:, :p0, p0 + a] = M[:, p0 + a, :p0] = XC[i]
                r[:, p0 + a] = Cy[i]
                for c, j in enumerate(S):
                    M[:, p0 + a, p0 + c] = CC[(min(i, j), max(i, j))]
            beta, good = flagged_solve(M, r)
            d[start:stop] = np.where(good[:, None], beta[:, p0:], np.nan)
    out = []
    for est, d in zip(out_est, draws):
        ok = np.isfinite(d).all(axis=1)
        summary = summarize(est[p0:], d[ok], ci=ci)
        summary.attrs["failed"] = int((~ok).sum())
        out.append((est, summary))
    return out


def normality(x: np.ndarray, test: str = "lilliefors") -> float:
    """p-value of a normality test of x: Kolmogorov-Smirnov with Lilliefors' correction (mean and SD estimated;
    Lilliefors 1967; Hult et al. 2018), by statsmodels' ``lilliefors(pvalmethod="approx")`` (Dallal & Wilkinson 1986,
    as the regression kind), or Shapiro-Wilk (scipy; Shapiro & Wilk 1965)."""
    if test not in NORMALITY_TESTS:
        raise ConfigError(f"unknown normality test {test!r}", fix="Use 'lilliefors' or 'shapiro'")
    if test == "shapiro":
        return float(sps.shapiro(x).pvalue)
    return lilliefors_normality(x)[1]


def copula_sets(k: int) -> list[tuple[int, ...]]:
    """The predictor sets whose copula terms enter one model together: every non-empty combination when k ≤
    :data:`ALL_COMBINATIONS_MAX` (Hult et al. 2018), otherwise each predictor alone and all together."""
    if k <= ALL_COMBINATIONS_MAX:
        return [c for r in range(1, k + 1) for c in combinations(range(k), r)]
    return [(j,) for j in range(k)] + [tuple(range(k))]


def copula_verdict(p: float, normality_p: float, alpha: float,
                   normality_alpha: float = COPULA_NORMALITY_ALPHA) -> str:
    """``n/a`` when the predictor looks normal (normality p ≥ ``normality_alpha``: the copula is not identified),
    ``warn`` when the copula term is significant (p < alpha: endogeneity), ``pass`` otherwise."""
    if not (np.isfinite(p) and np.isfinite(normality_p)) or normality_p >= normality_alpha:
        return "n/a"
    return "warn" if p < alpha else "pass"


@blas_pinned
def gaussian_copula(res: PLSResult, boot: int = 1000, seed: int = 42, alpha: float = 0.05,
                    normality_test: str = "lilliefors", indices: np.ndarray | None = None) -> pd.DataFrame:
    """Gaussian copula test of endogeneity for every structural regression (Park & Gupta 2012; Hult et al. 2018).

    For each endogenous construct (``outcome``) and each set of its predictors from :func:`copula_sets`, the
    outcome's construct scores are regressed on all its predictors' scores plus the copula terms of the set
    (:func:`copula_regression`); each copula term's coefficient gets a bootstrap SE, t and p (``boot`` resamples
    from ``SeedSequence(seed)``, the same resamples for every model). The construct scores are held fixed (Hult
    et al. 2018 run the copula regressions on the PLS scores). Each predictor's normality test
    (:func:`normality`) is reported with its term: the copula is identified only for a non-normal predictor.

    Returns
    -------
    DataFrame
        ``outcome, predictors`` (the set of copula terms in the model, joined by " + "), ``copula_term``
        (``c(X)``), ``estimate, se, t, p, normality_test, normality_p, verdict`` (:func:`copula_verdict`),
        ``rule, reference, note``.
    """
    if normality_test not in NORMALITY_TESTS:
        raise ConfigError(f"unknown normality test {normality_test!r}", fix="Use 'lilliefors' or 'shapiro'")
    st = res.structure
    scores = res.scores.to_numpy()
    n = scores.shape[0]
    if indices is None:
        indices = resample_indices(n, boot, seed)  # one set of resamples for every model (small: boot × n ints)
    norm_p = {c: normality(scores[:, c], normality_test) for c in range(st.n_constructs)}
    rows, warnings = [], []
    base = (f"OLS of the outcome's construct scores on its predictors' scores plus copula terms c(X) = "
            f"inverse normal of rank/(n + 1); bootstrap SE from {len(indices)} resamples (seed {seed}) re-ranking "
            f"each resample; scores held fixed; normality: {_NORMALITY_NAMES[normality_test]}, a predictor with "
            f"normality p >= {COPULA_NORMALITY_ALPHA:g} is treated as normal: the copula term is not identified; "
            "Becker et al. (2022): biased in regressions with an intercept and of low power in small samples, so a "
            "non-significant copula term is weak evidence of exogeneity")
    for j in st.endogenous:
        preds = list(st.predecessors[j])
        X = scores[:, preds]
        sets = copula_sets(len(preds))
        for combo, (est, summ) in zip(sets, copula_regressions(scores[:, j], X, sets, indices=indices)):
            names = [st.constructs[preds[c]] for c in combo]
            note = base
            if summ.attrs["failed"]:
                msg = f"{summ.attrs['failed']} of {len(indices)} resamples singular, left out"
                note += "; " + msg
                warnings.append(f"Gaussian copula, {st.constructs[j]} on {' + '.join(names)}: {msg}")
            for i, c in enumerate(combo):
                npv = norm_p[preds[c]]
                p = float(summ["p"].iloc[i])
                rows.append((st.constructs[j], " + ".join(names), f"c({names[i]})", float(est[1 + len(preds) + i]),
                             float(summ["se"].iloc[i]), float(summ["t"].iloc[i]), p,
                             _NORMALITY_NAMES[normality_test], npv, copula_verdict(p, npv, alpha), note))
    df = pd.DataFrame(rows, columns=["outcome", "predictors", "copula_term", "estimate", "se", "t", "p",
                                     "normality_test", "normality_p", "verdict", "note"])
    df.insert(10, "rule", RULES["copula"].text)
    df.insert(11, "reference", RULES["copula"].reference)
    normal = sorted({st.constructs[preds_c] for j in st.endogenous for preds_c in st.predecessors[j]
                     if norm_p[preds_c] >= COPULA_NORMALITY_ALPHA})
    if normal:
        warnings.append("Gaussian copula: not identified for normally distributed predictors ("
                        + ", ".join(normal) + ")")
    df.attrs["warnings"] = warnings
    return df
