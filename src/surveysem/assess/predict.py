"""Predictive assessment: blindfolding Q² (Stone-Geisser) and PLSpredict (Shmueli et al. 2016, 2019)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ConfigError
from .rules import RULES


def _fit(res, data: pd.DataFrame):
    """Re-estimate ``res``'s model with its settings on complete data ``data``."""
    from ..pls import pls

    s = res.settings
    return pls(data, res.model, scheme=s["scheme"], missing="mean", tol=s["tol"], max_iter=s["max_iter"],
               on_nonconvergence="warn", source=res.data.source)


def _standardize(x: np.ndarray, mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
    return (x - mean) / sd


def q2_blindfolding(res, distance: int = 7) -> pd.DataFrame:
    """Stone-Geisser Q² by blindfolding (cross-validated redundancy) for every reflective endogenous construct.

    For endogenous construct j with indicator block X_j (n × p_j), the data points are numbered row by row
    (case 1 items 1..p_j, case 2 items 1..p_j, ...); omission round d = 0, …, D − 1 omits the points whose number
    ≡ d (mod D). In round d:

    1. the omitted cells are replaced by the mean of the column's remaining values; the model is re-estimated on
       these data (every other column unchanged);
    2. with z = the round's data standardized by its own means and SDs (n − 1), the omitted cell (i, q) is
       predicted by the redundancy of the structural model: ẑ_iq = λ_q · Σ_{k→j} β_kj Y_ik, where Y = z W are the
       round's construct scores (Hair et al. 2022, ch. 6; Chin 1998);
    3. SSE_d = Σ (z_iq − ẑ_iq)² and SSO_d = Σ z_iq² over the omitted cells.

    Q² = 1 − Σ_d SSE_d / Σ_d SSO_d (Stone 1974; Geisser 1974). D must not divide n (otherwise every round omits
    the same items of each case); Hair et al. (2022) recommend D between 5 and 10, default 7.

    Returns
    -------
    DataFrame
        ``construct, sse, sso, q2, distance, verdict, rule, reference, note``: Q² > 0 predictive relevance;
        0.25 medium, 0.50 large (Hair et al. 2022, ch. 6). Composite (Mode B) endogenous constructs get the
        same cross-validated redundancy; single-item constructs too.
    """
    if not isinstance(distance, (int, np.integer)) or distance < 2:
        raise ConfigError(f"omission distance must be an integer >= 2, got {distance!r}")
    n = res.n
    if n % distance == 0:
        raise ConfigError(f"omission distance D = {distance} divides the sample size n = {n}",
                          fix="Choose D between 5 and 10 that does not divide n (e.g. D = "
                              f"{next(d for d in (7, 8, 6, 9, 5, 11, 13) if n % d)})")
    st = res.structure
    data = res.data.imputed.reset_index(drop=True)
    cols = list(st.indicators)
    rows = []
    for j in st.endogenous:
        ix = st.block_indices(j)
        items = [cols[i] for i in ix]
        p_j = len(ix)
        number = (np.arange(n)[:, None] * p_j + np.arange(p_j)[None, :])  # row-wise numbering of the block
        sse = sso = 0.0
        for d in range(distance):
            omit = number % distance == d
            if not omit.any():
                continue
            x = data[cols].to_numpy(dtype=float).copy()
            block = x[:, ix]
            for q in range(p_j):
                keep = ~omit[:, q]
                block[omit[:, q], q] = block[keep, q].mean()
            x[:, ix] = block
            orig = data[items].to_numpy(dtype=float)
            fit = _fit(res, pd.DataFrame(x, columns=cols))
            mean, sd = x.mean(axis=0), x.std(axis=0, ddof=1)
            z = _standardize(x, mean, sd)
            W = fit.fit.weights[0][:, None] * st.membership
            Y = z @ W
            beta = fit.fit.path_matrix[0][:, j]
            yhat = Y @ beta
            lam = fit.fit.loadings_for(st)[0][ix]
            zhat = yhat[:, None] * lam[None, :]
            zobs = _standardize(orig, mean[ix], sd[ix])
            sse += float(((zobs - zhat)[omit] ** 2).sum())
            sso += float((zobs[omit] ** 2).sum())
        q2 = 1 - sse / sso
        verdict = "pass" if q2 > 0 else "fail"
        size = "large" if q2 >= 0.5 else ("medium" if q2 >= 0.25 else ("small" if q2 > 0 else "none"))
        rows.append((st.constructs[j], sse, sso, q2, distance, size, verdict))
    df = pd.DataFrame(rows, columns=["construct", "sse", "sso", "q2", "distance", "size", "verdict"])
    df["rule"] = RULES["q2"].text
    df["reference"] = RULES["q2"].reference
    df["note"] = "cross-validated redundancy; omitted cells mean-replaced, data standardized per round"
    return df


def _lm_predict(Xtr, ytr, Xte):
    A = np.column_stack([np.ones(len(Xtr)), Xtr])
    coef, *_ = np.linalg.lstsq(A, ytr, rcond=None)
    return np.column_stack([np.ones(len(Xte)), Xte]) @ coef


def _fold_ids(n: int, k: int, reps: int, seed: int) -> np.ndarray:
    """(reps, n) fold labels 0..k−1: a random permutation per repetition cut into k nearly equal folds."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    out = np.empty((reps, n), dtype=int)
    base = np.arange(n) % k
    for r in range(reps):
        out[r, rng.permutation(n)] = base
    return out


def plspredict(res, k: int = 10, reps: int = 10, seed: int = 42, technique: str = "EA",
               folds: np.ndarray | None = None) -> pd.DataFrame:
    """PLSpredict: out-of-sample prediction of every indicator of the endogenous constructs.

    Procedure (Shmueli, Ray, Velasquez Estrada & Chatla 2016; Shmueli et al. 2019): for each of ``reps``
    repetitions the cases are split at random into ``k`` folds; for each fold the model is estimated on the other
    folds, and the hold-out cases are predicted:

    * the hold-out items are standardized with the training means and SDs; the exogenous construct scores are
      Y_exo = z W (training weights);
    * ``technique="EA"`` (earliest antecedents, Shmueli et al. 2016): endogenous scores follow from the exogenous
      ones through the training path coefficients in causal order, Ŷ_j = Σ_k β_kj Ŷ_k (predicted scores of
      endogenous predecessors); ``"DA"`` (direct antecedents, seminr's default): Ŷ_j = Σ_k β_kj Y_k with the
      predecessors' scores from their own hold-out items;
    * item prediction x̂_q = mean_q + sd_q · λ_q Ŷ_j (training loading, mean and SD).

    Benchmarks on the same folds: the naive training mean, and the linear model (LM): OLS of each item on all
    indicators of the exogenous constructs that reach its construct (Shmueli et al. 2019).

    Metrics per indicator over the n out-of-fold predictions of a repetition, then averaged over repetitions:
    RMSE, MAE, and Q²_predict = 1 − Σ(x − x̂)² / Σ(x − x̄_train)².

    Returns
    -------
    DataFrame
        ``construct, indicator, rmse_pls, mae_pls, q2_predict, rmse_lm, mae_lm, q2_predict_lm, pls_beats_lm_rmse,
        pls_beats_lm_mae, predictive_power, verdict, rule, reference, note``. ``predictive_power`` (per construct,
        Shmueli et al. 2019 on RMSE): high when PLS has a lower RMSE than LM for all indicators, medium for the
        majority, low for a minority, none for no indicator (or when any Q²_predict ≤ 0).
    """
    if technique not in ("EA", "DA"):
        raise ConfigError(f"unknown PLSpredict technique {technique!r}", fix="Use 'EA' or 'DA'")
    st = res.structure
    data = res.data.imputed.reset_index(drop=True)
    cols = list(st.indicators)
    x = data[cols].to_numpy(dtype=float)
    n = len(x)
    if folds is None:
        if not 2 <= k <= n // 2:
            raise ConfigError(f"PLSpredict needs 2 <= k <= n/2 folds, got k = {k} for n = {n}")
        folds = _fold_ids(n, k, reps, seed)
    folds = np.atleast_2d(folds)
    order = [st.constructs.index(c) for c in res.model.causal_order]
    endo = list(st.endogenous)
    reach = _reach(st)
    exo = [c for c in range(st.n_constructs) if not st.predecessors[c]]
    targets = [i for j in endo for i in st.block_indices(j)]
    metrics = {m: np.zeros((len(folds), len(targets))) for m in
               ("sse_pls", "sae_pls", "sse_lm", "sae_lm", "sso")}
    for r, lab in enumerate(folds):
        pred_pls = np.empty((n, len(targets)))
        pred_lm = np.empty((n, len(targets)))
        pred_mean = np.empty((n, len(targets)))
        for f in np.unique(lab):
            te, tr = lab == f, lab != f
            fit = _fit(res, pd.DataFrame(x[tr], columns=cols))
            mean, sd = x[tr].mean(axis=0), x[tr].std(axis=0, ddof=1)
            z = _standardize(x[te], mean, sd)
            W = fit.fit.weights[0][:, None] * st.membership
            Y = z @ W
            B = fit.fit.path_matrix[0]
            lam = fit.fit.loadings_for(st)[0]
            Yhat = Y.copy()
            for c in order:
                if st.predecessors[c]:
                    P = list(st.predecessors[c])
                    src = Yhat if technique == "EA" else Y
                    Yhat[:, c] = src[:, P] @ B[P, c]
            for t, i in enumerate(targets):
                c = st.block[i]
                pred_pls[te, t] = mean[i] + sd[i] * lam[i] * Yhat[:, c]
                ante = [q for e in exo if reach[e, c] for q in st.block_indices(e)]
                pred_lm[te, t] = _lm_predict(x[tr][:, ante], x[tr][:, i], x[te][:, ante])
                pred_mean[te, t] = mean[i]
        obs = x[:, targets]
        metrics["sse_pls"][r] = ((obs - pred_pls) ** 2).sum(axis=0)
        metrics["sae_pls"][r] = np.abs(obs - pred_pls).sum(axis=0)
        metrics["sse_lm"][r] = ((obs - pred_lm) ** 2).sum(axis=0)
        metrics["sae_lm"][r] = np.abs(obs - pred_lm).sum(axis=0)
        metrics["sso"][r] = ((obs - pred_mean) ** 2).sum(axis=0)
    df = pd.DataFrame({
        "construct": [st.constructs[st.block[i]] for i in targets],
        "indicator": [cols[i] for i in targets],
        "rmse_pls": np.sqrt(metrics["sse_pls"] / n).mean(axis=0),
        "mae_pls": (metrics["sae_pls"] / n).mean(axis=0),
        "q2_predict": (1 - metrics["sse_pls"] / metrics["sso"]).mean(axis=0),
        "rmse_lm": np.sqrt(metrics["sse_lm"] / n).mean(axis=0),
        "mae_lm": (metrics["sae_lm"] / n).mean(axis=0),
        "q2_predict_lm": (1 - metrics["sse_lm"] / metrics["sso"]).mean(axis=0),
    })
    df["pls_beats_lm_rmse"] = df["rmse_pls"] < df["rmse_lm"]
    df["pls_beats_lm_mae"] = df["mae_pls"] < df["mae_lm"]
    power = {}
    for c, g in df.groupby("construct", sort=False):
        share = g["pls_beats_lm_rmse"].mean()
        if (g["q2_predict"] <= 0).any() or share == 0:
            power[c] = "none"
        elif share == 1:
            power[c] = "high"
        elif share > 0.5:
            power[c] = "medium"
        else:
            power[c] = "low"
    df["predictive_power"] = df["construct"].map(power)
    df["verdict"] = df["predictive_power"].map({"high": "pass", "medium": "pass", "low": "warn", "none": "fail"})
    df["rule"] = RULES["q2_predict"].text
    df["reference"] = RULES["q2_predict"].reference
    df["note"] = (f"{len(folds)} x {len(np.unique(folds[0]))}-fold cross-validation, technique {technique}; "
                  "metrics averaged over repetitions; missing cells mean-replaced before the split")
    return df


def _reach(st) -> np.ndarray:
    """reach[a, b] True when a path chain leads from construct a to b."""
    A = st.adjacency != 0
    R = A.copy()
    for _ in range(st.n_constructs):
        R = R | ((R.astype(int) @ A.astype(int)) > 0)
    return R
