"""Tests of group differences of PLS parameters (paths, specific indirect and total effects).

For groups a and b (a before b in the sorted order; differences are a − b) and a parameter θ:

* **Permutation test** (Chin & Dibbern 2010): the rows are relabelled at random (group sizes kept) R times; the
  permuted difference d*_r is θ of permuted group a minus θ of permuted group b. p follows R cSEM's ``testMGD``
  (approach "Chin"): p = #{d*_r ≥ |d|}/R + #{d*_r ≤ −|d|}/R (both tails; capped at 1 here, cSEM reports 2 for a
  parameter that never varies, e.g. the weight of a single item).
* **Henseler's PLS-MGA**, two conventions, both from the groups' bootstrap draws:

  - ``p_pls_mga`` as R seminr ``estimate_pls_mga`` (Henseler, Ringle & Sinkovics 2009):
    p = 1 − J⁻² Σ_j Σ_i Θ(2·b̄_a − b_{a,j} − 2·b̄_b + b_{b,i}), Θ(x) = 1 for x > 0, over the first J = min(J_a, J_b)
    draws of each group. **One-sided**: p < α ⇒ θ_a > θ_b; p > 1 − α ⇒ θ_a < θ_b.
  - ``p_henseler`` as R cSEM ``testMGD`` (approach "Henseler"): P(θ_a ≤ θ_b) = mean over all J_a × J_b pairs of
    (1 + sign(c_{b,i} − c_{a,j}))/2 with bias-centred draws c = b − (b̄ − θ̂) (ties count ½). Also one-sided; a
    two-sided decision rejects when P < α/2 or P > 1 − α/2.

* **Parametric t** (Keil et al. 2000; cSEM "Keil"), se = SD of the group's bootstrap draws (n − 1):
  t = d / ( sqrt( (n_a−1)²/(n_a+n_b−2)·se_a² + (n_b−1)²/(n_a+n_b−2)·se_b² ) · sqrt(1/n_a + 1/n_b) ),
  df = n_a + n_b − 2, two-sided p from Student's t.
* **Welch–Satterthwaite t** (Sarstedt, Henseler & Ringle 2011; Nitzl 2016; cSEM "Nitzl"):
  t = d / sqrt( (n_a−1)/n_a·se_a² + (n_b−1)/n_b·se_b² ),
  df = round( ((n_a−1)/n_a·se_a² + (n_b−1)/n_b·se_b²)² / ((n_a−1)/n_a²·se_a⁴ + (n_b−1)/n_b²·se_b⁴) − 2 ),
  two-sided p from Student's t.

With more than two groups every pair is compared and ``p_permutation_holm`` holds Holm's (1979) step-down
adjustment of each parameter's permutation p over its pairs (equal to ``p_permutation`` for two groups).
"""
from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

RULE = {
    "path": "difference of the group path coefficients (first minus second group)",
    "specific_indirect": "difference of the group specific indirect effects (first minus second group)",
    "total": "difference of the group total effects (first minus second group)",
}
REFERENCE = ("Chin & Dibbern (2010); Henseler, Ringle & Sinkovics (2009); Keil et al. (2000); "
             "Sarstedt, Henseler & Ringle (2011)")

MGA_COLUMNS = ["parameter", "from", "to", "via", "group_a", "group_b", "estimate_a", "estimate_b", "difference",
               "p_permutation", "p_permutation_holm", "p_pls_mga", "p_henseler", "t_parametric", "df_parametric",
               "p_parametric", "t_welch", "df_welch", "p_welch", "n_a", "n_b", "n_permutations", "n_boot_a",
               "n_boot_b", "note", "rule", "reference"]


def permutation_p(d: np.ndarray, perm: np.ndarray, strict: bool = False) -> np.ndarray:
    """Two-tailed permutation p of observed differences ``d`` (m,) against permuted ones ``perm`` (R, m), capped at 1:
    #{perm ≥ |d|}/R + #{perm ≤ −|d|}/R (cSEM's Chin convention for the path differences), or with ``strict``
    #{perm > |d|}/R + #{perm < −|d|}/R (cSEM's convention for MICOM step 3)."""
    R = perm.shape[0]
    if R == 0:
        return np.full(d.shape, np.nan)
    a = np.abs(d)
    if strict:
        p = ((perm > a).sum(axis=0) + (perm < -a).sum(axis=0)) / R
    else:
        p = ((perm >= a).sum(axis=0) + (perm <= -a).sum(axis=0)) / R
    return np.minimum(p, 1.0)


def pls_mga_p(draws_a: np.ndarray, draws_b: np.ndarray) -> np.ndarray:
    """seminr's PLS-MGA p (module docstring) for each column of the draws (J_a, m) and (J_b, m).

    Counts the pairs with x_j > y_i, x_j = 2·b̄_a − b_{a,j}, y_i = 2·b̄_b − b_{b,i} (the same as Θ(x_j − y_i)), by
    sorting: O(J log J) per parameter instead of J² pairs.
    """
    J = min(draws_a.shape[0], draws_b.shape[0])
    a, b = draws_a[:J], draws_b[:J]
    m = a.shape[1]
    out = np.full(m, np.nan)
    if J == 0:
        return out
    for k in range(m):
        x = 2 * a[:, k].mean() - a[:, k]
        y = np.sort(2 * b[:, k].mean() - b[:, k])
        greater = np.searchsorted(y, x, side="left").sum()  # pairs with y_i < x_j
        out[k] = 1 - greater / (J * J)
    return out


def henseler_p(draws_a: np.ndarray, draws_b: np.ndarray, est_a: np.ndarray, est_b: np.ndarray) -> np.ndarray:
    """cSEM's Henseler P(θ_a ≤ θ_b) (module docstring) for each column of the draws (J_a, m), (J_b, m)."""
    Ja, Jb = draws_a.shape[0], draws_b.shape[0]
    m = draws_a.shape[1]
    out = np.full(m, np.nan)
    if Ja == 0 or Jb == 0:
        return out
    ca = draws_a - (draws_a.mean(axis=0) - est_a)
    cb = draws_b - (draws_b.mean(axis=0) - est_b)
    for k in range(m):
        y = np.sort(cb[:, k])
        below = np.searchsorted(y, ca[:, k], side="left")  # c_b < c_a: sign −1
        upto = np.searchsorted(y, ca[:, k], side="right")  # c_b ≤ c_a
        greater = Jb - upto  # c_b > c_a: sign +1
        ties = upto - below
        out[k] = (greater.sum() + 0.5 * ties.sum()) / (Ja * Jb)
    return out


def keil_t(d, se_a, se_b, n_a: int, n_b: int):
    """Parametric t, df and two-sided p (Keil et al. 2000; module docstring)."""
    df = n_a + n_b - 2
    with np.errstate(invalid="ignore", divide="ignore"):
        t = d / (np.sqrt((n_a - 1) ** 2 / df * se_a ** 2 + (n_b - 1) ** 2 / df * se_b ** 2) * np.sqrt(1 / n_a + 1 / n_b))
    return t, np.full(np.shape(d), float(df)), 2 * stats.t.sf(np.abs(t), df)


def welch_t(d, se_a, se_b, n_a: int, n_b: int):
    """Welch–Satterthwaite t, df and two-sided p (Sarstedt et al. 2011; Nitzl 2016; cSEM's rounding of df)."""
    va = (n_a - 1) / n_a * se_a ** 2
    vb = (n_b - 1) / n_b * se_b ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        t = d / np.sqrt(va + vb)
        df = np.round((va + vb) ** 2 / ((n_a - 1) / n_a ** 2 * se_a ** 4 + (n_b - 1) / n_b ** 2 * se_b ** 4) - 2)
        p = 2 * stats.t.sf(np.abs(t), df)
    return t, df, p


def holm(p: np.ndarray) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values of one family (NaN kept)."""
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    q = p[ok]
    k = q.size
    order = np.argsort(q, kind="stable")
    adj = np.maximum.accumulate((k - np.arange(k)) * q[order])
    res = np.empty(k)
    res[order] = np.minimum(adj, 1.0)
    out[ok] = res
    return out


def compared_parameters(parameters: pd.DataFrame) -> np.ndarray:
    """Positions of the compared parameters: paths, specific indirect and total effects.

    A total effect is compared only where an indirect effect exists (otherwise it is the path itself).
    """
    g = parameters["group"]
    kind = parameters["kind"] if "kind" in parameters else pd.Series([None] * len(parameters))
    ends = parameters["from"].astype(str) + "->" + parameters["to"].astype(str) if "from" in parameters else None
    indirect = set(ends[(g == "effect") & (kind == "specific_indirect")]) if ends is not None else set()
    total = (g == "effect") & (kind == "total") & (ends.isin(indirect) if ends is not None else False)
    return np.flatnonzero((g == "path") | ((g == "effect") & (kind == "specific_indirect")) | total)


def mga_table(parameters: pd.DataFrame, labels: tuple[str, ...], sizes: list[int], estimates: np.ndarray,
              draws: list[np.ndarray], perm: np.ndarray | None) -> pd.DataFrame:
    """The multigroup comparison table (``MGA_COLUMNS``) for every pair of groups.

    Parameters
    ----------
    parameters : DataFrame
        The engine's parameter rows (``group``, ``from``, ``to``, ``via``, ``kind``).
    estimates : ndarray (G, m)
        Group estimates.
    draws : list of ndarray (J_g, m)
        Each group's successful bootstrap draws.
    perm : ndarray (R, G, m) or None
        The statistics of the permuted groups (successful permutations only).
    """
    idx = compared_parameters(parameters)
    par = parameters.iloc[idx].reset_index(drop=True)
    kinds = np.where(par["group"] == "path", "path", par.get("kind", pd.Series([""] * len(par))).fillna(""))
    via = par["via"].fillna("") if "via" in par else pd.Series([""] * len(par))
    frames = []
    pairs = list(combinations(range(len(labels)), 2))
    for a, b in pairs:
        ea, eb = estimates[a, idx], estimates[b, idx]
        d = ea - eb
        da, db = draws[a][:, idx], draws[b][:, idx]
        se_a = da.std(axis=0, ddof=1) if da.shape[0] > 1 else np.full(idx.size, np.nan)
        se_b = db.std(axis=0, ddof=1) if db.shape[0] > 1 else np.full(idx.size, np.nan)
        n_a, n_b = sizes[a], sizes[b]
        tk, dfk, pk = keil_t(d, se_a, se_b, n_a, n_b)
        tw, dfw, pw = welch_t(d, se_a, se_b, n_a, n_b)
        if perm is not None:
            pp = permutation_p(d, perm[:, a, idx] - perm[:, b, idx])
            n_perm = perm.shape[0]
        else:
            pp, n_perm = np.full(idx.size, np.nan), 0
        note = "" if len(pairs) == 1 else f"{len(pairs)} pairwise comparisons: see p_permutation_holm (Holm 1979)"
        frames.append(pd.DataFrame({
            "parameter": kinds, "from": par["from"].to_numpy(), "to": par["to"].to_numpy(), "via": via.to_numpy(),
            "group_a": labels[a], "group_b": labels[b], "estimate_a": ea, "estimate_b": eb, "difference": d,
            "p_permutation": pp, "p_permutation_holm": pp, "p_pls_mga": pls_mga_p(da, db),
            "p_henseler": henseler_p(da, db, ea, eb), "t_parametric": tk, "df_parametric": dfk, "p_parametric": pk,
            "t_welch": tw, "df_welch": dfw, "p_welch": pw, "n_a": n_a, "n_b": n_b, "n_permutations": n_perm,
            "n_boot_a": da.shape[0], "n_boot_b": db.shape[0], "note": note,
            "rule": [RULE[k] for k in kinds], "reference": REFERENCE,
        }))
    out = pd.concat(frames, ignore_index=True)
    if len(pairs) > 1:
        key = out["parameter"] + "|" + out["from"] + "|" + out["to"] + "|" + out["via"]
        out["p_permutation_holm"] = out.groupby(key)["p_permutation"].transform(lambda s: holm(s.to_numpy()))
    return out[MGA_COLUMNS]
