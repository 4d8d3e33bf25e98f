"""MICOM: measurement invariance of composite models (Henseler, Ringle & Sarstedt 2016, *International Marketing
Review* 33(3), 405–431), for every pair of groups (first minus second).

Step 1, configural invariance: the same indicators, the same data treatment and the same algorithm settings in every
group. One model and one set of settings estimate every group here, so this holds by construction; what can still
break it is an indicator without variance in a group or a group fit that fails, and both are checked.

Step 2, compositional invariance: per construct c = cor(X w_a, X w_b), the correlation over the **pooled** data X
of the composite built with group a's (standardized) weights and with group b's. As R cSEM 0.6.1 ``testMICOM``
does, X is the pooled indicator data as they are (not re-standardized: with items of unequal variance this is not
the same number as with standardized items); with D the pooled SDs and S_kk the pooled correlation matrix of a block,
v = D w and c = v_aᵀ S_kk v_b / sqrt(v_aᵀ S_kk v_a · v_bᵀ S_kk v_b). Its permutation distribution
comes from the weights of the permuted groups (the same relabellings as the multigroup permutation test);
p = #{c* ≤ c}/R (R cSEM ``testMICOM``); compositional invariance holds when c is not below the α quantile of c*
(type 7), i.e. when c is not unusually low.

Step 3, equality of composite means and variances: construct scores from ONE estimation on the pooled data
(standardized scores); d_mean = mean_a − mean_b and d_var = log var_a − log var_b (n − 1); the permuted
differences give the (α/2, 1 − α/2) interval and p = #{d* > |d|}/R + #{d* < −|d|}/R (cSEM's convention). Equality
holds when d lies inside the interval.

Verdict (Henseler et al. 2016, Fig. 3 and p. 414): steps 1 and 2 → **partial** measurement invariance (the groups'
path coefficients may be compared: multigroup analysis); steps 1, 2 and 3 (means and variances) → **full**
measurement invariance (the data may also be pooled); otherwise **no** invariance (analyse the groups separately).
"""
from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from ..pls.structure import Structure
from ..stats import quantile
from .mga import permutation_p

REFERENCE = "Henseler, Ringle & Sarstedt (2016)"
RULE_STEP2 = "compositional invariance: c = cor(pooled composites with each group's weights) >= {q:g} quantile of c under permutation"
RULE_STEP3 = "equal composite {what}: difference inside the {lo:g}-{hi:g} % permutation interval"

VERDICTS = {
    "full": "full measurement invariance: the group path coefficients may be compared, and the data may also be "
            "pooled (with the group as a control or moderator)",
    "partial": "partial measurement invariance: the group path coefficients may be compared (multigroup analysis); "
               "do not pool the data",
    "none": "no measurement invariance: the group results cannot be compared; analyse the groups separately",
    "not_tested": "steps 2 and 3 not tested (no permutations): run with --permutations 5000 to decide",
}


def composite_correlation(S: np.ndarray, st: Structure, wa: np.ndarray, wb: np.ndarray,
                          scale: np.ndarray | None = None) -> np.ndarray:
    """c per construct (..., K) for weights ``wa``, ``wb`` (..., p) of the indicators, the pooled correlation
    matrix ``S`` (p, p) and the pooled SDs ``scale`` (p,) of the data X the composites are built from (None:
    standardized X)."""
    if scale is not None:
        wa, wb = wa * scale, wb * scale
    K = st.n_constructs
    out = np.empty(wa.shape[:-1] + (K,))
    for k in range(K):
        ix = st.block_indices(k)
        Skk = S[np.ix_(ix, ix)]
        a, b = wa[..., ix], wb[..., ix]
        aS, bS = a @ Skk, b @ Skk
        ab = (aS * b).sum(axis=-1)
        aa = (aS * a).sum(axis=-1)
        bb = (bS * b).sum(axis=-1)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[..., k] = ab / np.sqrt(aa * bb)
    return out


def group_moments(masks: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Means and variances (n − 1) of the score columns (n, K) in each group mask (..., n) → (..., K) each.

    Sums run row by row along the data (numpy's pairwise sum of each row), so a permutation's numbers do not depend
    on the other permutations in its batch."""
    n_g = masks.sum(axis=-1)
    K = scores.shape[1]
    mean = np.empty(masks.shape[:-1] + (K,))
    var = np.empty_like(mean)
    for k in range(K):
        s = scores[:, k]
        mk = (masks * s).sum(axis=-1) / n_g
        mean[..., k] = mk
        dev = (s - mk[..., None]) * masks
        var[..., k] = (dev * dev).sum(axis=-1) / (n_g - 1)
    return mean, var


def step3_differences(masks: np.ndarray, scores: np.ndarray, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
    """(mean_a − mean_b, log var_a − log var_b) for group masks (..., G, n)."""
    mean, var = group_moments(masks, scores)
    with np.errstate(divide="ignore", invalid="ignore"):
        return mean[..., a, :] - mean[..., b, :], np.log(var[..., a, :]) - np.log(var[..., b, :])


def micom_tables(st: Structure, labels: tuple[str, ...], S_pooled: np.ndarray, sd_pooled: np.ndarray,
                 weights: np.ndarray,
                 group_ok: np.ndarray, scores: np.ndarray, masks: np.ndarray, perm_weights: np.ndarray | None,
                 perm_step3: dict | None, alpha: float = 0.05, constant_items: list[str] | None = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The MICOM tables (``micom_step2``, ``micom_step3``, ``micom``) for every pair of groups.

    Parameters
    ----------
    S_pooled, sd_pooled : ndarray (p, p), (p,)
        Correlation matrix and SDs (n − 1) of the pooled indicator data.
    weights : ndarray (G, p)
        Each group's outer weights (``st.indicators`` order).
    scores : ndarray (n, K)
        Construct scores of the pooled estimate; ``masks`` (G, n) the groups' rows.
    perm_weights : ndarray (R, G, p) or None
        Outer weights of the permuted groups (successful permutations).
    perm_step3 : dict or None
        ``(a, b) → (d_mean (R, K), d_logvar (R, K))`` of the same permutations.
    """
    K = st.n_constructs
    names = list(st.constructs)
    rows2, rows3, rows = [], [], []
    lo, hi = alpha / 2, 1 - alpha / 2
    step1_ok = bool(np.all(group_ok)) and not constant_items
    step1_note = "" if step1_ok else ("indicator without variance in a group: " + ", ".join(constant_items or [])
                                      if constant_items else "a group's estimate failed")
    for a, b in combinations(range(len(labels)), 2):
        c = composite_correlation(S_pooled, st, weights[a], weights[b], sd_pooled)
        if perm_weights is not None and perm_weights.shape[0]:
            cp = composite_correlation(S_pooled, st, perm_weights[:, a], perm_weights[:, b], sd_pooled)
            q = np.array([quantile(cp[:, k], alpha) for k in range(K)])
            p2 = (cp <= c).mean(axis=0)
        else:
            q = p2 = np.full(K, np.nan)
        dm, dv = step3_differences(masks, scores, a, b)
        if perm_step3 is not None and perm_step3[(a, b)][0].shape[0]:
            pm, pv = perm_step3[(a, b)]
            ci_m = quantile(pm, [lo, hi], axis=0)
            ci_v = quantile(pv, [lo, hi], axis=0)
            p_m, p_v = permutation_p(dm, pm, strict=True), permutation_p(dv, pv, strict=True)
        else:
            ci_m = ci_v = np.full((2, K), np.nan)
            p_m = p_v = np.full(K, np.nan)
        for k, name in enumerate(names):
            single = len(st.block_indices(k)) == 1
            s2 = bool(single or c[k] >= q[k] or abs(c[k] - 1.0) <= 1e-12)  # c = 1 up to rounding: identical weights
            in_m = bool(ci_m[0, k] <= dm[k] <= ci_m[1, k])
            in_v = bool(ci_v[0, k] <= dv[k] <= ci_v[1, k])
            rows2.append({"construct": name, "group_a": labels[a], "group_b": labels[b], "c": c[k],
                          "quantile_5": q[k], "p": p2[k], "holds": s2,
                          "note": "single indicator: c = 1 by definition" if single else "",
                          "rule": RULE_STEP2.format(q=alpha), "reference": REFERENCE})
            for what, d, ci, p, ok in (("mean", dm, ci_m, p_m, in_m), ("log_variance", dv, ci_v, p_v, in_v)):
                rows3.append({"construct": name, "group_a": labels[a], "group_b": labels[b], "statistic": what,
                              "difference": d[k], "ci_low": ci[0, k], "ci_high": ci[1, k], "p": p[k], "holds": ok,
                              "rule": RULE_STEP3.format(what="means" if what == "mean" else "log variances",
                                                        lo=100 * lo, hi=100 * hi), "reference": REFERENCE})
            level = "full" if (step1_ok and s2 and in_m and in_v) else "partial" if (step1_ok and s2) else "none"
            if perm_weights is None or perm_step3 is None:  # no permutations: steps 2 and 3 cannot be decided
                level = "not_tested" if step1_ok else "none"
            rows.append({"construct": name, "group_a": labels[a], "group_b": labels[b], "step1": step1_ok,
                         "step2": s2, "step3_mean": in_m, "step3_var": in_v, "invariance": level,
                         "verdict": VERDICTS[level], "note": step1_note,
                         "rule": "partial: steps 1-2 hold; full: steps 1-3 hold", "reference": REFERENCE})
    return pd.DataFrame(rows2), pd.DataFrame(rows3), pd.DataFrame(rows)


def overall(micom: pd.DataFrame) -> str:
    """The weakest level over every construct and pair: ``full``, ``partial``, ``none`` (or ``not_tested``
    without permutations)."""
    levels = set(micom["invariance"])
    for level in ("none", "not_tested", "partial"):
        if level in levels:
            return level
    return "full"
