"""Predictive assessment: blindfolding Q² (Stone-Geisser) and PLSpredict (Shmueli et al. 2016, 2019).

Both re-estimate the model many times (one re-estimate per omission round, or per cross-validation fold). Every
re-estimate is a correlation matrix, so all of them go through the PLS algorithm as one batch
(:func:`~surveysem.pls.algorithm.fit_batch`), like the bootstrap: no Python loop per round or fold. A re-estimate
that fails (singular matrices, non-convergence) is flagged; the statistics it feeds become NaN with a note and a
warning (``DataFrame.attrs["warnings"]``), never an exception.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd
from scipy import stats as sps

from ..errors import ConfigError
from ..pls import PLSResult
from ..pls.algorithm import fit_batch
from ..pls.effects import reachable
from ..pls.prepare import CrossProducts
from ..stats import blas_pinned, flagged_solve, fold_ids, indices_to_counts, resample_batches, zscores
from .rules import Q2_SIZES, RULES

#: blindfolding: how the data points of the target block are numbered (semPLS ``dlines``)
Q2_OMISSIONS = ("column", "case")
#: PLSpredict: predictors of the LM benchmark
LM_PREDICTORS = ("exogenous", "all")

SMARTPLS4_NOTE = ("SmartPLS 4 dropped blindfolding in favour of PLSpredict/CVPAT (Hair et al. 2022, ch. 6), "
                  "but many theses still report Q²")

#: budget for one batch of cross-validation fits (elements of the (folds, n) count matrix)
_FOLD_BATCH = 1 << 23


def _settings(res: PLSResult) -> dict:
    s = res.settings
    return dict(scheme=s["scheme"], tol=s["tol"], max_iter=s["max_iter"])


# ---------------------------------------------------------------------------------------------- blindfolding Q²
def omission_masks(n: int, p: int, distance: int, omission: str = "column") -> np.ndarray:
    """(D, n, p) boolean masks: ``masks[d]`` marks the data points of an n × p block omitted in round d.

    ``omission="column"`` (semPLS ``dlines = FALSE``; the numbering SmartPLS's rule "n/D must not be an
    integer" implies): the points are numbered down the first indicator column and on into the next,
    k = c·n + i for case i and indicator c (0-based); round d omits k ≡ d (mod D). When D divides n every column
    gets the same pattern, i.e. whole cases are omitted, which is why SmartPLS forbids it.

    ``omission="case"`` (semPLS ``dlines = TRUE``): round d omits every indicator of the cases i ≡ d (mod D).
    """
    if omission not in Q2_OMISSIONS:
        raise ConfigError(f"unknown blindfolding omission {omission!r}", fix="Use 'column' or 'case'")
    rows = np.arange(n)[:, None]
    if omission == "column":
        number = np.arange(p)[None, :] * n + rows
    else:
        number = np.broadcast_to(rows, (n, p))
    return (number[None] % distance) == np.arange(distance)[:, None, None]


@dataclass
class BlindfoldingRounds:
    """Per-round results of blindfolding one endogenous construct (arrays over the D rounds)."""

    construct: str
    sse: np.ndarray  # (D,) Σ over omitted cells of (z − ẑ)², full-sample z-scores
    sso: np.ndarray  # (D,) Σ over omitted cells of (z − mean of the round's non-omitted cases)²
    ok: np.ndarray  # (D,) the round's re-estimate succeeded


def blindfolding_rounds(res: PLSResult, distance: int = 7, omission: str = "column") -> list[BlindfoldingRounds]:
    """Omission rounds of blindfolding for every endogenous construct, all re-estimates in one batch.

    For endogenous construct j with block X_j (n × p_j) and z = the full-sample z-scores (n − 1) of the model's
    data, round d (see :func:`omission_masks`):

    1. each omitted cell of the block is replaced by its column's mean over the round's non-omitted cases
       (semPLS ``impfun = meanrep``); the other blocks are untouched;
    2. the model is re-estimated on these data (scheme, tolerance and iteration limit of ``res``);
    3. the omitted cell (i, l) is predicted by cross-validated redundancy (Chin 1998; Hair et al. 2022, ch. 6):
       ŷ_i = Σ_{k→j} β_kj Y_ik (the round's paths and the predecessors' round scores), and in z units
       ẑ_il = m_l + s_l · λ_l ŷ_i with the round's loading λ_l and the mean m_l and SD s_l of the round's
       (mean-replaced) column;
    4. SSE_d = Σ (z_il − ẑ_il)² and SSO_d = Σ (z_il − m_l)² over the omitted cells.

    These are semPLS 1.0-10's ``qSquared(..., impfun = meanrep)`` conventions (Monecke & Leisch 2012): SSE and SSO
    are on the full-sample z-scores, so every indicator counts with its own variance scaled to 1.
    """
    st = res.structure
    x = res.data.imputed[list(st.indicators)].to_numpy(dtype=float)
    n, p = x.shape
    z0 = zscores(x)
    S0 = res.S
    stacks, plans = [], []
    for j in st.endogenous:
        ix = st.block_indices(j)
        masks = omission_masks(n, len(ix), distance, omission)
        keep = masks.any(axis=(1, 2))
        masks = masks[keep]
        zb = np.broadcast_to(z0[:, ix], masks.shape).copy()
        kept = (~masks).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            m_obs = np.where(masks, 0.0, zb).sum(axis=1) / kept  # (R, p_j) mean over the non-omitted cases
            zb = np.where(masks, m_obs[:, None, :], zb)
            s_b = zb.std(axis=1, ddof=1)
            zs = (zb - m_obs[:, None, :]) / s_b[:, None, :]  # the mean-replaced column keeps the mean m_obs
        S = np.broadcast_to(S0, (len(masks), p, p)).copy()
        cross = np.einsum("rni,nq->riq", zs, z0) / (n - 1)  # corr(blinded block, every column)
        S[:, ix, :] = cross
        S[:, :, ix] = np.swapaxes(cross, 1, 2)
        S[:, ix[:, None], ix[None, :]] = np.einsum("rni,rnk->rik", zs, zs) / (n - 1)
        stacks.append(S)
        plans.append((j, ix, masks, m_obs, s_b, keep))
    fit = fit_batch(np.concatenate(stacks), st, **_settings(res)) if stacks else None
    out, start = [], 0
    G = st.membership
    for j, ix, masks, m_obs, s_b, keep in plans:
        assert fit is not None  # plans and stacks are filled together: a plan means a fit
        r = len(masks)
        sl = slice(start, start + r)
        start += r
        ok = fit.ok[sl].copy()
        W = fit.weights[sl][:, :, None] * G  # (R, p, K)
        P = list(st.predecessors[j])
        beta = fit.path_matrix[sl][:, P, j]  # (R, |P|)
        lam = fit.loadings_for(st)[sl][:, ix]  # (R, p_j)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            Y = np.einsum("nq,rqk->rnk", z0, W[:, :, P])  # predecessors' blocks are unchanged: z0
            yhat = np.einsum("rnk,rk->rn", Y, beta)
            zhat = m_obs[:, None, :] + s_b[:, None, :] * lam[:, None, :] * yhat[:, :, None]
            err = np.where(masks, z0[None, :, ix] - zhat, 0.0)
            dev = np.where(masks, z0[None, :, ix] - m_obs[:, None, :], 0.0)
            sse = (err ** 2).sum(axis=(1, 2))
            sso = (dev ** 2).sum(axis=(1, 2))
        ok &= np.isfinite(sse) & np.isfinite(sso)
        full = np.flatnonzero(keep)
        sse_d, sso_d, ok_d = np.zeros(distance), np.zeros(distance), np.ones(distance, dtype=bool)
        sse_d[full], sso_d[full], ok_d[full] = np.where(ok, sse, np.nan), np.where(ok, sso, np.nan), ok
        out.append(BlindfoldingRounds(st.constructs[j], sse_d, sso_d, ok_d))
    return out


@blas_pinned
def q2_blindfolding(res: PLSResult, distance: int = 7, omission: str = "column") -> pd.DataFrame:
    """Stone-Geisser Q² by blindfolding (cross-validated redundancy) for every endogenous construct.

    Q²_j = 1 − Σ_d SSE_d / Σ_d SSO_d (Stone 1974; Geisser 1974), summed over the D rounds and the block's
    indicators before dividing; rounds, imputation and prediction as in :func:`blindfolding_rounds`.

    Parameters
    ----------
    distance : int
        Omission distance D ≥ 2, smaller than n. Hair et al. (2022, ch. 6) recommend 5–10, default 7, and with
        ``omission="column"`` D should not divide n (SmartPLS's rule); if it does, the rounds omit whole cases
        (the same as ``"case"``) and the note says so (``assess()`` picks another D instead).
    omission : {"column", "case"}
        How the omitted data points are numbered (:func:`omission_masks`): ``"column"`` (default; semPLS
        ``dlines = FALSE``, SmartPLS) or ``"case"`` (semPLS's default ``dlines = TRUE``).

    Returns
    -------
    DataFrame
        ``construct, sse, sso, q2, distance, omission, size, verdict, rule, reference, note``: Q² > 0 predictive
        relevance; 0.25 medium, 0.50 large (Hair et al. 2022, ch. 6). Composite (Mode B) endogenous constructs
        get the same statistic with a note (semPLS and the Primer apply it to reflective and single-item
        constructs). A construct whose re-estimation failed in some round gets NaN, verdict ``n/a`` and a
        note; ``attrs["warnings"]`` lists those cases.
    """
    if not isinstance(distance, (int, np.integer)) or isinstance(distance, bool) or distance < 2:
        raise ConfigError(f"omission distance must be an integer >= 2, got {distance!r}")
    if omission not in Q2_OMISSIONS:
        raise ConfigError(f"unknown blindfolding omission {omission!r}", fix="Use 'column' or 'case'")
    n = res.n
    if distance >= n:
        raise ConfigError(f"omission distance D = {distance} is not smaller than the sample size n = {n}",
                          fix="Choose D between 5 and 10")
    st = res.structure
    how = ("data points numbered down each indicator column and on into the next (semPLS dlines = FALSE)"
           if omission == "column" else "every indicator of every D-th case omitted (semPLS dlines = TRUE)")
    base = (f"cross-validated redundancy, {how}; omitted cells replaced by the column mean of the round's other "
            f"cases (semPLS impfun = meanrep); SSE and SSO on the full-sample z-scores; {SMARTPLS4_NOTE}")
    if omission == "column" and n % distance == 0:
        base += f"; D = {distance} divides n = {n}, so every round omits whole cases"
    rows, warnings = [], []
    for r in blindfolding_rounds(res, distance, omission):
        k = st.constructs.index(r.construct)
        notes = [base]
        if st.mode_b[k]:
            notes.append("composite (formative) construct: semPLS and Hair et al. apply blindfolding to reflective "
                         "and single-item constructs")
        if r.ok.all():
            sse, sso = float(r.sse.sum()), float(r.sso.sum())
            q2 = 1 - sse / sso if sso > 0 else np.nan
        else:
            sse = sso = q2 = np.nan
            bad = int((~r.ok).sum())
            msg = (f"{bad} of {distance} blindfolding re-estimations of {r.construct} failed (singular or "
                   "non-converged): Q² not computed")
            notes.append(msg)
            warnings.append(f"Q²: {msg}")
        if np.isfinite(q2):
            verdict = "pass" if q2 > 0 else "fail"
            medium, large = Q2_SIZES
            size = "large" if q2 >= large else ("medium" if q2 >= medium else ("small" if q2 > 0 else "none"))
        else:
            verdict = size = "n/a"
        rows.append((r.construct, sse, sso, q2, distance, omission, size, verdict, "; ".join(notes)))
    df = pd.DataFrame(rows, columns=["construct", "sse", "sso", "q2", "distance", "omission", "size", "verdict",
                                     "note"])
    df.insert(8, "rule", RULES["q2"].text)
    df.insert(9, "reference", RULES["q2"].reference)
    df.attrs["warnings"] = warnings
    return df


# ---------------------------------------------------------------------------------------------- PLSpredict
def lm_predictor_sets(st, lm_predictors: str = "exogenous") -> dict[int, np.ndarray]:
    """Endogenous construct → indices of the indicators its items are regressed on in the LM benchmark.

    ``"exogenous"`` (Shmueli et al. 2019; SmartPLS): the indicators of the exogenous constructs from which a path
    chain leads to the construct. ``"all"`` (R seminr 2.3.2's ``predict_pls``): every indicator of the model except
    the construct's own.
    """
    if lm_predictors not in LM_PREDICTORS:
        raise ConfigError(f"unknown LM benchmark predictors {lm_predictors!r}", fix="Use 'exogenous' or 'all'")
    reach = reachable(st.adjacency)
    exo = [c for c in range(st.n_constructs) if not st.predecessors[c]]
    out = {}
    for c in st.endogenous:
        if lm_predictors == "exogenous":
            out[c] = np.concatenate([st.block_indices(e) for e in exo if reach[e, c]])
        else:
            out[c] = np.flatnonzero(st.block != c)
    return out


@dataclass
class FoldPredictions:
    """Out-of-fold predictions of the endogenous indicators (PLSpredict), in the data's units.

    ``pls``, ``lm``, ``train_mean`` are (reps, n, T) for the T target indicators ``targets`` (indices into the
    model's indicators); ``actual`` is (n, T). ``fit_ok`` (reps, n) says whether the fold that held case i out
    could be estimated, ``lm_ok`` (reps, n, T) whether its LM regression was non-singular.
    """

    targets: np.ndarray
    actual: np.ndarray
    pls: np.ndarray
    lm: np.ndarray
    train_mean: np.ndarray
    fit_ok: np.ndarray
    lm_ok: np.ndarray


def fold_predictions(res: PLSResult, folds: np.ndarray, technique: str = "EA",
                     lm_predictors: str = "exogenous") -> FoldPredictions:
    """PLS, LM and naive-mean out-of-fold predictions for given fold labels, every training fit in one batch.

    Parameters
    ----------
    folds : ndarray (reps, n)
        Fold label of each case in each repetition; the cases with label f are predicted from a model estimated
        on the other cases. ``np.arange(n)[None]`` is leave-one-out.
    technique : {"EA", "DA"}
        Earliest antecedents (Shmueli et al. 2016) or direct antecedents (seminr's default).
    lm_predictors : {"exogenous", "all"}
        LM benchmark predictors (:func:`lm_predictor_sets`).

    Notes
    -----
    The model's data are mean-replaced once, before the split (seminr's ``model$data``). For training set T:
    weights, paths and loadings come from the PLS algorithm on T's correlation matrix (weighted cross-products,
    :class:`~surveysem.pls.prepare.CrossProducts`, with row counts 1 for T and 0 for the held-out cases); a
    held-out case is standardized with T's means and SDs (n_T − 1), its construct scores are Y = z W, the
    endogenous scores are propagated through the paths (EA: from the exogenous scores only; DA: from the
    predecessors' own scores) and an item is predicted as x̂ = mean_T + sd_T · λ Ŷ. The LM benchmark is the
    OLS regression of each item on its predictor set, fitted on T (from T's covariance matrix: β = Σ_AA⁻¹ Σ_At,
    intercept = mean_t − βᵀ mean_A); a singular Σ_AA gives NaN and ``lm_ok = False``.
    """
    if technique not in ("EA", "DA"):
        raise ConfigError(f"unknown PLSpredict technique {technique!r}", fix="Use 'EA' or 'DA'")
    st = res.structure
    x = res.data.imputed[list(st.indicators)].to_numpy(dtype=float)
    n, p = x.shape
    folds = np.atleast_2d(np.asarray(folds))
    reps = len(folds)
    labels = [np.unique(f) for f in folds]
    pair_rep = np.repeat(np.arange(reps), [len(u) for u in labels])  # training set g: repetition and held-out label
    pair_label = np.concatenate(labels)
    offset = np.concatenate([[0], np.cumsum([len(u) for u in labels])[:-1]])
    which = np.stack([offset[r] + np.searchsorted(labels[r], folds[r]) for r in range(reps)])  # (reps, n) → g
    sets = lm_predictor_sets(st, lm_predictors)
    endo = list(st.endogenous)
    targets = np.concatenate([st.block_indices(c) for c in endo])
    K = st.n_constructs
    G = len(pair_rep)
    W, B, lam = np.empty((G, p)), np.empty((G, K, K)), np.empty((G, p))
    mean, sd, ok = np.empty((G, p)), np.empty((G, p)), np.empty(G, dtype=bool)
    lm_beta = {c: np.empty((G, len(sets[c]), len(st.block_indices(c)))) for c in endo}
    lm_good = {c: np.empty(G, dtype=bool) for c in endo}
    cp = CrossProducts(x, impute_mean=False)
    mu = x.mean(axis=0)
    xc = x - mu
    step = max(1, _FOLD_BATCH // max(n, 1))
    for start in range(0, G, step):
        sl = slice(start, min(G, start + step))
        counts = (folds[pair_rep[sl]] != pair_label[sl, None]).astype(float)  # 1 = training case
        m = counts.sum(axis=1)[:, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            dmean = counts @ xc / m
            var = (counts @ xc ** 2 - m * dmean ** 2) / (m - 1)
            S = cp.correlations(counts)
        mean[sl], sd[sl] = mu + dmean, np.sqrt(np.clip(var, 0, None))
        fit = fit_batch(S, st, **_settings(res))
        W[sl], B[sl], lam[sl], ok[sl] = fit.weights, fit.path_matrix, fit.loadings_for(st), fit.ok
        for c in endo:
            A, T = sets[c], st.block_indices(c)
            beta, good = flagged_solve(S[:, A[:, None], A[None, :]], S[:, A[:, None], T[None, :]])
            lm_beta[c][sl], lm_good[c][sl] = beta, good
    n_t = len(targets)
    pls_pred = np.full((reps, n, n_t), np.nan)
    lm_pred = np.full((reps, n, n_t), np.nan)
    train_mean = np.empty((reps, n, n_t))
    lm_ok = np.empty((reps, n, n_t), dtype=bool)
    order = [st.constructs.index(c) for c in res.model.causal_order]
    Gm = st.membership
    for r in range(reps):
        g = which[r]
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            z = (x - mean[g]) / sd[g]
            Y = (z * W[g]) @ Gm  # (n, K): each case's scores with its training weights
            Yhat = Y.copy()
            for c in order:
                P = list(st.predecessors[c])
                if P:
                    src = Yhat if technique == "EA" else Y
                    Yhat[:, c] = np.einsum("nk,nk->n", src[:, P], B[g][:, P, c])
            pred = mean[g] + sd[g] * lam[g] * Yhat[:, st.block]
        pls_pred[r] = np.where(ok[g][:, None], pred[:, targets], np.nan)
        train_mean[r] = mean[g][:, targets]
        col = 0
        for c in endo:
            A, T = sets[c], st.block_indices(c)
            with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
                zA = (x[:, A] - mean[g][:, A]) / sd[g][:, A]
                lm = mean[g][:, T] + sd[g][:, T] * np.einsum("na,nat->nt", zA, lm_beta[c][g])
            lm_pred[r, :, col:col + len(T)] = lm
            lm_ok[r, :, col:col + len(T)] = lm_good[c][g][:, None]
            col += len(T)
    return FoldPredictions(targets=targets, actual=x[:, targets], pls=pls_pred, lm=lm_pred, train_mean=train_mean,
                           fit_ok=ok[which], lm_ok=lm_ok)


def fold_plan(n: int, k: int | str, reps: int, seed: int, folds: np.ndarray | None,
              what: str) -> tuple[np.ndarray, str]:
    """The fold assignment of a cross-validation (``reps`` × ``k`` folds from ``seed``, ``"loocv"``, or the given
    ``folds``) and the sentence that describes it; ``what`` names the method in the one-line errors."""
    if folds is not None:
        folds = np.atleast_2d(folds)
        return folds, f"{len(folds)} x {len(np.unique(folds[0]))}-fold cross-validation (given folds)"
    if isinstance(k, str):
        if k.lower() != "loocv":
            raise ConfigError(f"{what} folds must be a number or 'loocv', got {k!r}")
        return np.arange(n)[None, :], f"leave-one-out cross-validation ({n} folds of one case)"
    if not 2 <= k <= n // 2:
        raise ConfigError(f"{what} needs 2 <= k <= n/2 folds, got k = {k} for n = {n}", fix="Use fewer folds, or 'loocv'")
    return fold_ids(n, k, reps, seed), f"{reps} x {k}-fold cross-validation (seed {seed})"


@blas_pinned
def plspredict(res: PLSResult, k: int | str = 10, reps: int = 10, seed: int = 42, technique: str = "EA",
               folds: np.ndarray | None = None, lm_predictors: str = "exogenous",
               predictions: FoldPredictions | None = None) -> pd.DataFrame:
    """PLSpredict: out-of-sample prediction of every indicator of the endogenous constructs.

    Procedure (Shmueli, Ray, Velasquez Estrada & Chatla 2016; Shmueli et al. 2019): for each of ``reps``
    repetitions the cases are split at random into ``k`` folds; each fold is predicted from the model estimated
    on the other folds (:func:`fold_predictions`; all training fits in one batch). ``k="loocv"`` is leave-one-out
    (n folds of one case; deterministic, so one repetition), as R seminr's ``predict_pls(noFolds = NULL)``.

    Benchmarks on the same folds: the naive training mean, and the linear model (LM): OLS of each item on the
    indicators of the exogenous constructs that reach its construct (Shmueli et al. 2019; SmartPLS), or with
    ``lm_predictors="all"`` on every indicator outside its construct (R seminr 2.3.2).

    Metrics per indicator over the n out-of-fold predictions of a repetition, then averaged over repetitions:
    RMSE = sqrt(Σe²/n), MAE = Σ|e|/n, and Q²_predict = 1 − Σ(x − x̂)² / Σ(x − x̄_train)², x̄_train the mean of
    the training sample that predicted the case (SmartPLS's definition).

    Returns
    -------
    DataFrame
        ``construct, indicator, rmse_pls, mae_pls, q2_predict, rmse_lm, mae_lm, q2_predict_lm, pls_beats_lm_rmse,
        pls_beats_lm_mae, predictive_power, verdict, rule, reference, note``. ``predictive_power`` (per construct,
        Shmueli et al. 2019 on RMSE): high when PLS has a lower RMSE than LM for all indicators, medium for the
        majority, low for a minority, none for no indicator (or when any Q²_predict ≤ 0). Folds whose fit or LM
        regression is singular give NaN (verdict ``n/a``) with a note; ``attrs["warnings"]`` lists them.
    """
    st = res.structure
    n = res.n
    folds, how = fold_plan(n, k, reps, seed, folds, "PLSpredict")
    fp = predictions if predictions is not None else fold_predictions(res, folds, technique=technique,
                                                                      lm_predictors=lm_predictors)
    obs = fp.actual[None]
    e_pls, e_lm = obs - fp.pls, obs - fp.lm
    sso = ((obs - fp.train_mean) ** 2).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        sse_pls, sse_lm = (e_pls ** 2).sum(axis=1), (e_lm ** 2).sum(axis=1)
        df = pd.DataFrame({
            "construct": [st.constructs[st.block[i]] for i in fp.targets],
            "indicator": [st.indicators[i] for i in fp.targets],
            "rmse_pls": np.sqrt(sse_pls / n).mean(axis=0),
            "mae_pls": (np.abs(e_pls).sum(axis=1) / n).mean(axis=0),
            "q2_predict": (1 - sse_pls / sso).mean(axis=0),
            "rmse_lm": np.sqrt(sse_lm / n).mean(axis=0),
            "mae_lm": (np.abs(e_lm).sum(axis=1) / n).mean(axis=0),
            "q2_predict_lm": (1 - sse_lm / sso).mean(axis=0),
        })
    df["pls_beats_lm_rmse"] = df["rmse_pls"] < df["rmse_lm"]
    df["pls_beats_lm_mae"] = df["mae_pls"] < df["mae_lm"]
    power = {}
    for c, g in df.groupby("construct", sort=False):
        share = g["pls_beats_lm_rmse"].mean()
        if g[["rmse_pls", "rmse_lm", "q2_predict"]].isna().to_numpy().any():
            power[c] = "n/a"
        elif (g["q2_predict"] <= 0).any() or share == 0:
            power[c] = "none"
        elif share == 1:
            power[c] = "high"
        elif share > 0.5:
            power[c] = "medium"
        else:
            power[c] = "low"
    df["predictive_power"] = df["construct"].map(power)
    df["verdict"] = df["predictive_power"].map({"high": "pass", "medium": "pass", "low": "warn", "none": "fail",
                                                "n/a": "n/a"})
    df["rule"] = RULES["q2_predict"].text
    df["reference"] = RULES["q2_predict"].reference
    lm_text = ("LM on the indicators of the exogenous constructs that reach the construct (Shmueli et al. 2019)"
               if lm_predictors == "exogenous" else "LM on every indicator outside the construct (seminr 2.3.2)")
    base = (f"{how}, technique {technique}; {lm_text}; metrics averaged over repetitions; missing cells "
            "mean-replaced before the split; Q²_predict against the training-sample mean")
    notes, warnings = [base] * len(df), []
    bad_fit = int((~fp.fit_ok).sum())
    if bad_fit:
        msg = (f"{bad_fit} held-out predictions come from training folds whose PLS estimate failed (singular or "
               "non-converged): PLS metrics not computed")
        warnings.append(f"PLSpredict: {msg}")
        notes = [f"{t}; {msg}" for t in notes]
    # numpy's stubs type .all(axis=...) as bool or array; lm_ok is (reps, n, T), so this is a (T,) array
    bad_lm = cast(np.ndarray, ~fp.lm_ok.all(axis=(0, 1)))
    if bad_lm.any():
        msg = "the LM benchmark regression is singular in some training fold (collinear predictors or too few cases)"
        warnings.append(f"PLSpredict: {msg} for {', '.join(df.loc[bad_lm, 'indicator'])}")
        notes = [f"{t}; {msg}" if b else t for t, b in zip(notes, bad_lm)]
    df["note"] = notes
    df.attrs["warnings"] = warnings
    return df


# ---------------------------------------------------------------------------------------------- CVPAT
#: CVPAT benchmarks: indicator averages (IA) and the linear model (LM)
CVPAT_BENCHMARKS = ("IA", "LM")
#: CVPAT indicator-average benchmark: the training sample's item means (Liengaard et al. 2021) or the full sample's
#: (seminrExtras' ``assess_cvpat``)
CVPAT_IA_MEANS = ("training", "full_sample")
#: alternative hypotheses of the CVPAT test
CVPAT_ALTERNATIVES = ("two-sided", "less")


@dataclass
class CvpatLosses:
    """Case-wise losses of CVPAT: ``pls``, ``ia``, ``lm`` are (n, C + 1) arrays, one column per endogenous
    construct (``constructs``) and the overall loss last."""

    constructs: list[str]
    pls: np.ndarray
    ia: np.ndarray
    lm: np.ndarray


def cvpat_losses(res: PLSResult, fp: FoldPredictions, ia_means: str = "training") -> CvpatLosses:
    """Case-wise squared-error losses of the PLS model and its IA and LM benchmarks (Liengaard et al. 2021).

    For case i and endogenous construct j with items t ∈ T_j, the loss is the mean squared out-of-sample prediction
    error over the construct's items, L_ij = (1/|T_j|) Σ_t e_it² (Liengaard et al. 2021, eq. 3; seminrExtras'
    ``lv_loss``); with repeated cross-validation e_it² is first averaged over the repetitions (each repetition
    predicts every case once). The overall loss of case i is the mean of its construct losses,
    L_i = (1/C) Σ_j L_ij (seminrExtras' ``overall_loss``: every endogenous construct weighs the same).

    Predictions: PLS and LM from :func:`fold_predictions` (``fp``); IA predicts every item by its mean, the
    training sample's (``ia_means="training"``, Liengaard et al. 2021: an out-of-sample benchmark) or the full
    sample's (``"full_sample"``, seminrExtras 0.1–1.0 ``assess_cvpat``, which uses ``model$meanData``).
    """
    if ia_means not in CVPAT_IA_MEANS:
        raise ConfigError(f"unknown CVPAT indicator-average means {ia_means!r}", fix="Use 'training' or 'full_sample'")
    st = res.structure
    obs = fp.actual[None]
    ia_pred = fp.train_mean if ia_means == "training" else np.broadcast_to(fp.actual.mean(axis=0), fp.pls.shape)
    owner = st.block[fp.targets]
    endo = list(st.endogenous)

    def construct_losses(pred: np.ndarray) -> np.ndarray:
        sq = ((obs - pred) ** 2).mean(axis=0)  # (n, T): averaged over repetitions
        per = np.stack([sq[:, owner == c].mean(axis=1) for c in endo], axis=1)
        return np.concatenate([per, per.mean(axis=1, keepdims=True)], axis=1)

    with np.errstate(invalid="ignore"):
        return CvpatLosses(constructs=[st.constructs[c] for c in endo], pls=construct_losses(fp.pls),
                           ia=construct_losses(ia_pred), lm=construct_losses(fp.lm))


def bootstrap_mean_se(d: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Bootstrap standard error of the mean of each column of ``d`` (n, m), from row counts (B, n) of B resamples.

    The resample means are ``counts @ d / n`` (one matrix product for the whole batch); the standard error is their
    standard deviation over the B resamples (divisor B − 1). Centring d first (seminrExtras' ``bootstrap_cvpat``
    resamples d − d̄, the null distribution) shifts every mean by d̄ and leaves this SD unchanged.
    """
    n = d.shape[0]
    means = np.einsum("bn,nm->bm", counts, d) / n
    return means.std(axis=0, ddof=1)


def cvpat_test(d: np.ndarray, se: np.ndarray, alternative: str = "two-sided") -> tuple[np.ndarray, np.ndarray]:
    """t and p of CVPAT for mean loss differences: t = d̄ / se, p from Student's t with n − 1 degrees of freedom.

    ``d`` (n, m) are case-wise loss differences L_PLS − L_benchmark, ``se`` the bootstrap SE of their mean
    (:func:`bootstrap_mean_se`); Sharma et al. (2023) and seminrExtras' ``bootstrap_cvpat``: t = d̄ / SD_boot(d̄),
    p = 2 P(T_{n−1} > |t|) (two-sided) or P(T_{n−1} < t) (``"less"``: H1 the PLS loss is smaller).
    """
    if alternative not in CVPAT_ALTERNATIVES:
        raise ConfigError(f"unknown CVPAT alternative {alternative!r}", fix="Use 'two-sided' or 'less'")
    n = d.shape[0]
    with np.errstate(invalid="ignore", divide="ignore"):
        t = d.mean(axis=0) / se
    p = 2 * sps.t.sf(np.abs(t), n - 1) if alternative == "two-sided" else sps.t.cdf(t, n - 1)
    return t, p


def cvpat_verdict(benchmark: str, diff: float, p: float, alpha: float) -> str:
    """PLS against IA: ``pass`` when its loss is significantly smaller, else ``fail`` (the model must beat the naive
    benchmark); against LM: ``pass`` when significantly smaller, ``warn`` when not significantly different (as good
    as LM), ``fail`` when significantly larger (Liengaard et al. 2021; Sharma et al. 2023; Hair et al. 2024)."""
    if not (np.isfinite(diff) and np.isfinite(p)):
        return "n/a"
    if p < alpha:
        return "pass" if diff < 0 else "fail"
    return "fail" if benchmark == "IA" else "warn"


@blas_pinned
def cvpat(res: PLSResult, k: int | str = 10, reps: int = 10, seed: int = 42, technique: str = "EA",
          folds: np.ndarray | None = None, lm_predictors: str = "exogenous", predictions: FoldPredictions | None = None,
          boot: int = 1000,
          alpha: float = 0.05, ia_means: str = "training", alternative: str = "two-sided",
          indices: np.ndarray | None = None) -> pd.DataFrame:
    """CVPAT: the cross-validated predictive ability test of the PLS model against the IA and LM benchmarks.

    Procedure (Liengaard et al. 2021, Decision Sciences 52(2), 362–392; Sharma et al. 2023, Eur. J. Mark. 57(6),
    1662–1677): the out-of-sample predictions of PLSpredict (:func:`fold_predictions`, the same folds as
    :func:`plspredict` for the same ``k``, ``reps``, ``seed``) give case-wise losses (:func:`cvpat_losses`) of the
    PLS model, of the indicator averages (IA) and of the linear model (LM); for each endogenous construct and
    overall the test takes the case-wise loss differences d_i = L_PLS,i − L_benchmark,i, their mean D̄ (the
    "average loss difference"; negative: PLS predicts better) and t = D̄ / SE with the bootstrap SE of D̄ (B
    resamples of the n cases, :func:`bootstrap_mean_se`) and p from t with n − 1 degrees of freedom
    (:func:`cvpat_test`). This is the bootstrap-variance t of Sharma et al. (2023) that seminrExtras'
    ``assess_cvpat`` reports ("Boot T value", "Boot P Value"; it writes D̄ as L_benchmark − L_PLS, so its t has
    the opposite sign); the classic paired t-test of Liengaard et al. (2021) (SE = SD(d)/√n) is reported beside it.

    All B resamples come from one stream of ``SeedSequence(seed)`` (``indices`` (B, n) replays given ones) and are
    applied to every construct's and benchmark's loss differences at once: one (B, n) × (n, m) product per batch.

    Returns
    -------
    DataFrame
        ``construct`` (each endogenous construct, then ``overall``), ``benchmark`` (IA, LM), ``loss_pls``,
        ``loss_benchmark``, ``loss_difference``, ``se``, ``t``, ``df``, ``p``, ``t_paired``, ``p_paired``,
        ``verdict`` (:func:`cvpat_verdict`), ``rule``, ``reference``, ``note``.
    """
    n = res.n
    folds, how = fold_plan(n, k, reps, seed, folds, "CVPAT")
    fp = predictions if predictions is not None else fold_predictions(res, folds, technique=technique,
                                                                      lm_predictors=lm_predictors)
    losses = cvpat_losses(res, fp, ia_means=ia_means)
    names = [*losses.constructs, "overall"]
    m = len(names)
    d = np.concatenate([losses.pls - losses.ia, losses.pls - losses.lm], axis=1)  # (n, 2m)
    ok = np.isfinite(d).all(axis=0)
    dz = np.where(ok, d, 0.0)
    if indices is not None:
        indices = np.asarray(indices)
        boot = len(indices)
    if boot < 2:
        raise ConfigError(f"CVPAT needs at least 2 bootstrap resamples, got {boot}", fix="Use boot >= 1000")
    means = np.empty((boot, d.shape[1]))  # resample means of every loss difference: row b depends on resample b only
    chunk = max(1, _FOLD_BATCH // max(n, 1))
    for start, stop, idx in resample_batches(n, boot, seed if indices is None else None, chunk, indices=indices):
        # einsum, not BLAS: each resample's sum runs in the same order whatever the batch size (identical results)
        means[start:stop] = np.einsum("bn,nm->bm", indices_to_counts(idx, n), dz) / n
    se = np.where(ok, means.std(axis=0, ddof=1), np.nan)
    d = np.where(ok, d, np.nan)
    t, p = cvpat_test(d, se, alternative)
    with np.errstate(invalid="ignore", divide="ignore"):
        t_paired = d.mean(axis=0) / (d.std(axis=0, ddof=1) / np.sqrt(n))
    p_paired = (2 * sps.t.sf(np.abs(t_paired), n - 1) if alternative == "two-sided"
                else sps.t.cdf(t_paired, n - 1))
    rows = []
    for b, (bench, lb) in enumerate((("IA", losses.ia), ("LM", losses.lm))):
        for j, name in enumerate(names):
            col = b * m + j
            diff = float(np.nanmean(d[:, col])) if ok[col] else np.nan
            rows.append((name, bench, float(losses.pls[:, j].mean()), float(lb[:, j].mean()), diff, se[col], t[col],
                         n - 1, p[col], t_paired[col], p_paired[col], cvpat_verdict(bench, diff, p[col], alpha)))
    df = pd.DataFrame(rows, columns=["construct", "benchmark", "loss_pls", "loss_benchmark", "loss_difference", "se",
                                     "t", "df", "p", "t_paired", "p_paired", "verdict"])
    df["rule"] = RULES["cvpat"].text
    df["reference"] = RULES["cvpat"].reference
    lm_text = ("LM on the indicators of the exogenous constructs that reach the construct (Shmueli et al. 2019)"
               if lm_predictors == "exogenous" else "LM on every indicator outside the construct (seminr 2.3.2)")
    ia_text = ("IA: training-sample item means" if ia_means == "training"
               else "IA: full-sample item means (seminrExtras)")
    base = (f"{how}, technique {technique}; {lm_text}; {ia_text}; loss = mean squared error over the construct's "
            f"items, overall = mean over constructs; t = average loss difference / bootstrap SE ({boot} resamples, "
            f"seed {seed}), {alternative}, alpha {alpha:g}; t_paired: paired t-test (Liengaard et al. 2021)")
    notes, warnings = [base] * len(df), []
    if not ok.all():
        msg = "some held-out predictions failed (singular training fit or LM regression): test not computed"
        warnings.append(f"CVPAT: {msg}")
        bad = np.concatenate([~ok[:m], ~ok[m:]])
        notes = [f"{t_}; {msg}" if b_ else t_ for t_, b_ in zip(notes, bad)]
    df["note"] = notes
    df.attrs["warnings"] = warnings
    return df
