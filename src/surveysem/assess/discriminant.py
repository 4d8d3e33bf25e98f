"""Discriminant validity: HTMT (Henseler, Ringle & Sarstedt 2015) and HTMT2, Fornell-Larcker, cross-loadings.

The HTMT of a stack of correlation matrices is :func:`surveysem.stats.htmt_batch` (the PLS bootstrap uses it too).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..stats import htmt_batch, quantile
from .reliability import reliability
from .rules import HTMT_THRESHOLDS


def htmt(indicator_corr: pd.DataFrame, constructs: dict[str, list[str]], absolute: bool = True) -> pd.DataFrame:
    """Tidy HTMT table ``construct_a, construct_b, htmt`` for every pair (a before b in model order).

    Parameters
    ----------
    indicator_corr : DataFrame
        Indicator correlation matrix (e.g. ``PLSResult.indicator_corr``).
    constructs : dict
        Construct name → its indicators, in model order.
    """
    names = list(constructs)
    items = [i for n in names for i in constructs[n]]
    block = np.array([k for k, n in enumerate(names) for _ in constructs[n]])
    S = indicator_corr.loc[items, items].to_numpy()
    H = htmt_batch(S, block, len(names), absolute=absolute)
    rows = [(names[a], names[b], H[a, b]) for a in range(len(names)) for b in range(a + 1, len(names))]
    return pd.DataFrame(rows, columns=["construct_a", "construct_b", "htmt"])


def htmt2_matrix(S: np.ndarray, block: np.ndarray, n_constructs: int) -> np.ndarray:
    """HTMT2: the HTMT with geometric instead of arithmetic means (Roemer, Schuberth & Henseler 2021, eq. 6).

    HTMT2_ij = GM(|r| heterotrait i–j) / sqrt(GM(|r| monotrait i) · GM(|r| monotrait j)), GM = geometric mean;
    a single-item construct has monotrait term 1. Returns (K, K) with NaN on the diagonal.
    """
    K = n_constructs
    out = np.full((K, K), np.nan)
    mono = np.ones(K)
    with np.errstate(divide="ignore", invalid="ignore"):  # a zero correlation gives log 0 = -inf, GM 0
        L = np.log(np.abs(np.asarray(S, dtype=float)))
        for k in range(K):
            ix = np.flatnonzero(block == k)
            if len(ix) > 1:
                sub = L[np.ix_(ix, ix)]
                mono[k] = np.exp(sub[~np.eye(len(ix), dtype=bool)].mean())
        for a in range(K):
            for b in range(K):
                if a != b:
                    ia, ib = np.flatnonzero(block == a), np.flatnonzero(block == b)
                    out[a, b] = np.exp(L[np.ix_(ia, ib)].mean()) / np.sqrt(mono[a] * mono[b])
    return out


def htmt_table(res, boot=None, thresholds=HTMT_THRESHOLDS, level: float = 0.95) -> pd.DataFrame:
    """HTMT and HTMT2 for every pair of constructs, with bootstrap inference and verdicts.

    Returns
    -------
    DataFrame
        ``construct_a, construct_b, htmt, htmt2`` and, with a bootstrap, ``boot_mean, se, ci_low, ci_high``
        (two-sided percentile interval at the bootstrap's level), ``upper_one_sided`` (the ``level`` quantile of
        the draws: the one-sided upper confidence bound of Henseler et al. 2015 / Franke & Sarstedt 2019) and
        ``bca_low, bca_high``; then ``verdict_085, verdict_090, verdict, rule, reference``.

    Rules
    -----
    HTMT < 0.85 (conceptually distinct constructs) or < 0.90 (conceptually similar) establishes discriminant
    validity (Henseler et al. 2015; Hair et al. 2022, ch. 4). With a bootstrap the one-sided upper bound is
    compared with the threshold (the HTMT inference test); without one, the point estimate. ``verdict``:
    pass below 0.85, warn between 0.85 and 0.90, fail at 0.90 or above.

    Notes
    -----
    Like R seminr 2.3.2 and cSEM 0.6.1 the correlations enter in absolute value and a single-item construct's
    monotrait term is 1.
    """
    st = res.structure
    names = st.constructs
    H = htmt_batch(res.S, st.block, st.n_constructs)
    H2 = htmt2_matrix(res.S, st.block, st.n_constructs)
    rows = [(names[a], names[b], H[a, b], H2[a, b]) for a in range(len(names)) for b in range(a + 1, len(names))]
    df = pd.DataFrame(rows, columns=["construct_a", "construct_b", "htmt", "htmt2"])
    lo, hi = thresholds
    basis = df["htmt"].to_numpy()
    if boot is not None:
        b = boot.htmt
        df = df.merge(b[["construct_a", "construct_b", "boot_mean", "se", "ci_low", "ci_high", "bca_low", "bca_high"]],
                      on=["construct_a", "construct_b"], how="left")
        draws = boot.draws_frame()
        upper = [quantile(draws[f"htmt:{a}:{c}"].to_numpy(), level) if len(draws) else np.nan
                 for a, c in zip(df["construct_a"], df["construct_b"])]
        df.insert(df.columns.get_loc("ci_high") + 1, "upper_one_sided", upper)
        basis = df["upper_one_sided"].to_numpy()
    df["verdict_085"] = np.where(np.isfinite(basis), np.where(basis < lo, "pass", "fail"), "n/a")
    df["verdict_090"] = np.where(np.isfinite(basis), np.where(basis < hi, "pass", "fail"), "n/a")
    df["verdict"] = np.where(~np.isfinite(basis), "n/a", np.where(basis < lo, "pass", np.where(basis < hi, "warn", "fail")))
    comp = {c for c, b in zip(names, st.mode_b) if b}
    involves = df["construct_a"].isin(comp) | df["construct_b"].isin(comp)
    for col in ("verdict_085", "verdict_090", "verdict"):
        df.loc[involves, col] = "n/a"
    df["note"] = np.where(involves, "composite (formative) construct: HTMT assesses reflective measurement only "
                          "(Hair et al. 2022, ch. 5)", "")
    on = f"one-sided {level:.0%} bootstrap upper bound" if boot is not None else "point estimate"
    df["rule"] = f"HTMT < {lo} (distinct) / < {hi} (similar constructs), judged on the {on}"
    df["reference"] = "Henseler, Ringle & Sarstedt (2015); Hair et al. (2022), ch. 4; HTMT2: Roemer et al. (2021)"
    return df


def fornell_larcker(res) -> pd.DataFrame:
    """Fornell-Larcker matrix: sqrt(AVE) on the diagonal, construct correlations below it, and a verdict per construct.

    Returns
    -------
    DataFrame
        ``construct, <one column per construct>`` (lower triangle: correlation of the row and column construct
        scores; diagonal: sqrt(AVE); upper triangle empty, as seminr prints it), then ``sqrt_ave, max_abs_corr,
        max_corr_with, verdict, rule, reference``.

    Rule: sqrt(AVE_k) must exceed |corr(k, j)| for every other construct j (Fornell & Larcker 1981). Henseler et al.
    (2015) show the criterion misses many discriminant-validity problems; read it next to the HTMT. Composite
    constructs get ``n/a`` (AVE does not apply).
    """
    st = res.structure
    names = list(st.constructs)
    C = res.fit.construct_corr[0]
    ave = reliability(res).set_index("construct")["ave"]
    K = len(names)
    M = np.full((K, K), np.nan)
    for a in range(K):
        for b in range(a):
            M[a, b] = C[a, b]
        M[a, a] = np.sqrt(ave[names[a]])
    df = pd.DataFrame(M, columns=names)
    df.insert(0, "construct", names)
    off = np.abs(C) - np.diag(np.diag(np.abs(C))) - np.eye(K)  # off-diagonal |r|, -1 on the diagonal
    j = off.argmax(axis=1)
    df["sqrt_ave"] = np.sqrt(ave[names].to_numpy())
    df["max_abs_corr"] = off[np.arange(K), j]
    df["max_corr_with"] = [names[x] for x in j]
    df["verdict"] = np.where(st.mode_b, "n/a", np.where(df["sqrt_ave"] > df["max_abs_corr"], "pass", "fail"))
    df["rule"] = "sqrt(AVE) > |correlation| with every other construct"
    df["reference"] = "Fornell & Larcker (1981); Hair et al. (2022), ch. 4"
    return df


def cross_loadings(res) -> pd.DataFrame:
    """Cross-loadings (corr(item, construct score)) with a flag where an item loads higher on another construct.

    Returns
    -------
    DataFrame
        ``indicator, construct, <one column per construct>, own_loading, max_other, max_other_construct, flag,
        verdict, rule, reference``. ``flag`` is True when |loading on another construct| ≥ |own loading|
        (Hair et al. 2022, ch. 4; Chin 1998).
    """
    st = res.structure
    names = list(st.constructs)
    X = res.fit.indicator_construct_cov[0]
    p = len(st.indicators)
    own = X[np.arange(p), st.block]
    other = np.abs(X).copy()
    other[np.arange(p), st.block] = -np.inf
    j = other.argmax(axis=1)
    df = pd.DataFrame(X, columns=names)
    df.insert(0, "construct", [names[k] for k in st.block])
    df.insert(0, "indicator", list(st.indicators))
    df["own_loading"] = own
    df["max_other"] = X[np.arange(p), j] if len(names) > 1 else np.nan
    df["max_other_construct"] = [names[x] for x in j] if len(names) > 1 else ""
    df["flag"] = np.abs(df["max_other"].to_numpy()) >= np.abs(own)
    df["verdict"] = np.where(df["flag"], "fail", "pass")
    df["rule"] = "each item loads highest on its own construct"
    df["reference"] = "Hair et al. (2022), ch. 4; Chin (1998)"
    return df
