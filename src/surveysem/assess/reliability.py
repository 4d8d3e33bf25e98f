"""Internal consistency and convergent validity of the measurement model (Hair et al. 2022, ch. 4-5)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .rules import (
    AVE_MIN,
    FORMATIVE_LOADING_MIN,
    LOADING_FLOOR,
    LOADING_MIN,
    RULES,
    band,
    cut,
    loading_verdict,
    reliability_verdict,
)


def construct_reliability(S: np.ndarray, weights: np.ndarray, loadings: np.ndarray) -> dict:
    """alpha, rho_A, rho_C and AVE of one block.

    Parameters
    ----------
    S : ndarray (p, p)
        Indicator correlation matrix of the block.
    weights, loadings : ndarray (p,)
        Outer weights scaled to unit score variance, and outer loadings.

    Formulas (p items, r̄ = mean off-diagonal correlation):

    * Cronbach's alpha on standardized items  α = p / (p − 1) · (1 − p / Σᵢⱼ Sᵢⱼ)  (Cronbach 1951; equals
      p r̄ / (1 + (p − 1) r̄); R seminr and cSEM use the correlation matrix too);
    * ρ_A = (wᵀw)² · wᵀ(S − diag S)w / wᵀ(wwᵀ − diag(wwᵀ))w  (Dijkstra & Henseler 2015, eq. 5 — the
      denominator is not squared);
    * ρ_C = (Σλ)² / ((Σλ)² + Σ(1 − λ²))  (Jöreskog 1971; Hair et al. 2022, ch. 4);
    * AVE = Σλ² / p  (Fornell & Larcker 1981).

    A single-item block gets 1 for all four (as seminr).
    """
    p = len(weights)
    if p == 1:
        return dict(alpha=1.0, rho_a=1.0, rho_c=1.0, ave=1.0)
    alpha = p / (p - 1) * (1 - p / S.sum())
    w = weights
    off = S - np.diag(np.diag(S))
    ww = np.outer(w, w)
    rho_a = (w @ w) ** 2 * (w @ off @ w) / (w @ (ww - np.diag(np.diag(ww))) @ w)
    lam = loadings
    rho_c = lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam ** 2).sum())
    ave = (lam ** 2).mean()
    return dict(alpha=alpha, rho_a=rho_a, rho_c=rho_c, ave=ave)


def reliability(res) -> pd.DataFrame:
    """Reliability and convergent validity per construct, with verdicts.

    Returns
    -------
    DataFrame
        ``construct, mode, n_items, alpha, rho_a, rho_c, ave, alpha_verdict, rho_a_verdict, rho_c_verdict,
        ave_verdict, note``. Formulas in :func:`construct_reliability`. Verdicts (Hair et al. 2022, ch. 4):
        alpha, ρ_A, ρ_C 0.70–0.95 pass, 0.60–0.70 or > 0.95 warn, < 0.60 fail; AVE ≥ 0.50 pass.

    Notes
    -----
    Composite (Mode B, ``<~``) constructs get ρ_A = 1 like R seminr 2.3.2; their alpha, ρ_C and AVE are computed
    as seminr does but carry verdict ``n/a``: internal consistency does not apply to formative measurement
    (Hair et al. 2022, ch. 5). Single-item constructs get 1 and ``n/a``.
    """
    st = res.structure
    S = res.S
    w = res.fit.weights[0]
    lam = res.fit.loadings_for(st)[0]
    rows = []
    for k, name in enumerate(st.constructs):
        ix = st.block_indices(k)
        r = construct_reliability(S[np.ix_(ix, ix)], w[ix], lam[ix])
        note = ""
        if st.mode_b[k]:
            r["rho_a"] = 1.0
            note = "composite (formative): internal consistency and AVE do not apply (Hair et al. 2022, ch. 5)"
        elif len(ix) == 1:
            note = "single item: reliability cannot be estimated, set to 1"
        na = bool(note)
        verdicts = {f"{c}_verdict": ("n/a" if na else reliability_verdict(r[c])) for c in ("alpha", "rho_a", "rho_c")}
        verdicts["ave_verdict"] = "n/a" if na else band(r["ave"], (AVE_MIN, np.inf), (np.nan, np.nan))
        rows.append(dict(construct=name, mode="composite" if st.mode_b[k] else "reflective", n_items=len(ix), **r,
                         **verdicts, note=note))
    df = pd.DataFrame(rows)
    df["rule"] = f"{RULES['alpha'].text} (alpha, rho_A, rho_C); {RULES['ave'].text}"
    df["reference"] = RULES["alpha"].reference + "; " + RULES["rho_a"].reference
    return df


def outer_model(res, boot=None, alpha: float = 0.05) -> pd.DataFrame:
    """Outer loadings and weights of every indicator with indicator reliability and the keep/drop verdict.

    Returns
    -------
    DataFrame
        ``construct, indicator, mode, loading, indicator_reliability (= loading²), weight`` and, with a bootstrap,
        ``loading_se, loading_t, loading_p, loading_ci_low, loading_ci_high, weight_se, weight_t, weight_p,
        weight_ci_low, weight_ci_high``; then ``verdict, rule, note``.

    Rules
    -----
    Reflective: loading ≥ 0.708 pass; 0.40–0.708 warn (drop only if that raises AVE or ρ_C above its
    threshold); < 0.40 fail (Hair et al. 2022, ch. 4).
    Composite (Hair et al. 2022, ch. 5, Fig. 5.4): keep an indicator whose weight is significant; if not, keep it
    when its loading ≥ 0.50 (absolute contribution), or when the loading is significant; otherwise consider
    removing it (weight and loading not significant). Without a bootstrap only the loading part is applied.
    """
    st = res.structure
    lam = res.fit.loadings_for(st)[0]
    w = res.fit.weights[0]
    df = pd.DataFrame({
        "construct": [st.constructs[k] for k in st.block],
        "indicator": list(st.indicators),
        "mode": ["composite" if st.mode_b[k] else "reflective" for k in st.block],
        "loading": lam,
        "indicator_reliability": lam ** 2,
        "weight": w,
    })
    cols = ["se", "t", "p", "ci_low", "ci_high"]
    if boot is not None:
        for grp, tab in (("loading", boot.loadings), ("weight", boot.weights)):
            t = tab[["indicator"] + cols].rename(columns={c: f"{grp}_{c}" for c in cols})
            df = df.merge(t, on="indicator", how="left")
    verdicts, rules, notes = [], [], []
    for row in df.itertuples(index=False):
        if row.mode == "reflective":
            v = loading_verdict(row.loading)
            note = ""
            if v == "warn":
                note = (f"{cut(LOADING_FLOOR)} <= loading < {cut(LOADING_MIN)}: drop only if that raises AVE or "
                        "rho_C above its threshold")
            elif v == "fail":
                note = f"loading < {cut(LOADING_FLOOR)}: drop the item (Hair et al. 2022, ch. 4)"
            verdicts.append(v)
            rules.append(RULES["loading"].text)
            notes.append(note)
            continue
        rules.append(f"keep if weight significant; else keep if loading >= {cut(FORMATIVE_LOADING_MIN)} or loading "
                     "significant (Hair et al. 2022, ch. 5)")
        if boot is not None:
            w_sig = row.weight_p < alpha
            l_sig = row.loading_p < alpha
            if w_sig:
                verdicts.append("pass")
                notes.append("weight significant: keep")
            elif abs(row.loading) >= FORMATIVE_LOADING_MIN:
                verdicts.append("pass")
                notes.append(f"weight not significant but loading >= "
                             f"{cut(FORMATIVE_LOADING_MIN)}: keep (absolute contribution)")
            elif l_sig:
                verdicts.append("warn")
                notes.append(f"weight not significant, loading < {cut(FORMATIVE_LOADING_MIN)} "
                             "but significant: consider keeping on theoretical grounds")
            else:
                verdicts.append("fail")
                notes.append("weight and loading not significant: consider removing")
        else:
            verdicts.append("pass" if abs(row.loading) >= FORMATIVE_LOADING_MIN else "warn")
            notes.append("no bootstrap: weight significance not tested")
    df["verdict"], df["rule"], df["note"] = verdicts, rules, notes
    df["reference"] = RULES["loading"].reference
    return df
