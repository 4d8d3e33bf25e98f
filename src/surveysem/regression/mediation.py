"""Mediation by regression: Baron & Kenny (1986) steps, Sobel (1982) test and a percentile bootstrap
of the indirect effect a·b (Hayes 2022, PROCESS model 4).

For a chain X → M → Y:

* a: coefficient of X in M ~ X (+ M's other predictors in the model, as covariates);
* b, c': coefficients of M and X in Y ~ X + M (+ Y's other predictors);
* c: coefficient of X in Y ~ X (+ the same covariates of Y, without M);
* indirect = a·b; Sobel z = a·b / √(b² s_a² + a² s_b²) (Sobel 1982, first-order delta method), p two-sided;
* bootstrap: resample respondents with replacement B times, refit both equations, take the 2.5 and 97.5
  percentiles of a·b (Hayes 2022, ch. 4; quantiles as R type 7 / numpy "linear"). The rows come from
  :func:`surveysem.stats.resample_batches` (one stream from the seed, batch after batch, as every bootstrap of
  the package); a resample whose normal equations are singular (:func:`surveysem.stats.flagged_solve`) is dropped.

Without covariates c = c' + a·b exactly (Hayes 2022, eq. 4.5).

Baron-Kenny verdict: step 1 c significant, step 2 a significant, step 3 b significant; then
full mediation if c' is not significant, partial mediation if it is (Baron & Kenny 1986, p. 1176).
The bootstrap CI excluding zero is the modern criterion (Zhao, Lynch & Chen 2010) and is reported too.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..stats import blas_pinned, flagged_solve, percentile_interval, resample_batches
from .ols import fit_ols


@dataclass
class MediationResult:
    effects: pd.DataFrame
    steps: pd.DataFrame


def _batched_coef(X: np.ndarray, y: np.ndarray, idx: np.ndarray, col: int) -> np.ndarray:
    """OLS coefficient ``col`` for every bootstrap sample (rows ``idx[b]``), by batched normal equations; NaN where
    X'X is singular (condition number above :data:`surveysem.stats.COND_MAX`)."""
    Xb = X[idx]  # (B, n, p)
    xtx = np.einsum("bni,bnj->bij", Xb, Xb)
    xty = np.einsum("bni,bn->bi", Xb, y[idx])
    return flagged_solve(xtx, xty)[0][:, col]


def _indirect_draws(Xa: np.ndarray, m: np.ndarray, Xb: np.ndarray, y: np.ndarray, boot: int, seed: int) -> np.ndarray:
    """a·b of ``boot`` resamples of the rows, drawn batch after batch from the stream of ``seed``."""
    n = len(m)
    draws = np.empty(boot)
    chunk = max(1, 2_000_000 // max(1, n * Xb.shape[1]))  # bound memory to ~16 MB per batch
    for start, stop, idx in resample_batches(n, boot, seed, chunk):
        draws[start:stop] = _batched_coef(Xa, m, idx, 1) * _batched_coef(Xb, y, idx, 2)
    return draws


@blas_pinned
def mediation_by_regression(scores: pd.DataFrame, x: str, m: str, y: str,
                            m_covariates: Sequence[str] = (), y_covariates: Sequence[str] = (),
                            boot: int = 5000, seed: int | None = None, alpha: float = 0.05,
                            ci: float = 0.95) -> MediationResult:
    """Simple mediation X → M → Y by OLS (see the module docstring for formulas).

    Parameters
    ----------
    scores : DataFrame
        Composite scores, complete cases.
    x, m, y : str
        Predictor, mediator, outcome.
    m_covariates, y_covariates : sequence of str
        Other predictors of M and of Y in the model, kept in the equations.
    boot : int
        Bootstrap resamples (0 = none).
    seed : int
        Seed of ``numpy.random.Generator(PCG64(SeedSequence(seed)))``; required when ``boot > 0``.

    Returns
    -------
    MediationResult
        ``effects``: ``x, m, y, effect`` (a, b, c, c_prime, indirect), ``estimate, se, statistic_name,
        statistic, p, ci_low, ci_high, method, note``. ``steps``: the Baron-Kenny steps with ``met`` and a
        ``conclusion``.
    """
    mc = [v for v in m_covariates if v not in (x, m)]
    yc = [v for v in y_covariates if v not in (x, m)]
    fa = fit_ols(scores, m, [x, *mc])
    fb = fit_ols(scores, y, [x, m, *yc])
    fc = fit_ols(scores, y, [x, *yc])
    a, sa, ta, pa = fa.coef[1], fa.se[1], fa.t[1], fa.p[1]
    cp, scp, tcp, pcp = fb.coef[1], fb.se[1], fb.t[1], fb.p[1]
    b, sb, tb, pb = fb.coef[2], fb.se[2], fb.t[2], fb.p[2]
    c, sc, tc, pc = fc.coef[1], fc.se[1], fc.t[1], fc.p[1]
    ab = a * b
    sobel_se = np.sqrt(b * b * sa * sa + a * a * sb * sb)
    z = ab / sobel_se
    pz = float(2 * stats.norm.sf(abs(z)))
    lo = hi = boot_se = np.nan
    boot_note = ""
    if boot and boot > 0:
        if seed is None:
            raise ValueError("a bootstrap needs a seed")
        n = len(scores)
        Xa = np.column_stack([np.ones(n), scores[[x, *mc]].to_numpy(float)])
        Xb = np.column_stack([np.ones(n), scores[[x, m, *yc]].to_numpy(float)])
        draws = _indirect_draws(Xa, scores[m].to_numpy(float), Xb, scores[y].to_numpy(float), boot, seed)
        good = draws[np.isfinite(draws)]
        if len(good) < boot:
            boot_note = f"{boot - len(good)} singular resamples dropped; "
        lo, hi = percentile_interval(good, ci)
        boot_se = float(good.std(ddof=1))
        boot_note += f"percentile bootstrap, {boot} resamples, seed {seed}"
    base = {"x": x, "m": m, "y": y}
    tcrit_note = "covariates: " + ", ".join(sorted(set(mc) | set(yc))) if (mc or yc) else ""
    rows = [
        {**base, "effect": "a", "estimate": a, "se": sa, "statistic_name": "t", "statistic": ta, "p": pa,
         "ci_low": np.nan, "ci_high": np.nan, "method": f"OLS {m} ~ {' + '.join([x, *mc])}", "note": tcrit_note},
        {**base, "effect": "b", "estimate": b, "se": sb, "statistic_name": "t", "statistic": tb, "p": pb,
         "ci_low": np.nan, "ci_high": np.nan, "method": f"OLS {y} ~ {' + '.join([x, m, *yc])}", "note": tcrit_note},
        {**base, "effect": "c", "estimate": c, "se": sc, "statistic_name": "t", "statistic": tc, "p": pc,
         "ci_low": np.nan, "ci_high": np.nan, "method": f"OLS {y} ~ {' + '.join([x, *yc])} (total effect)", "note": tcrit_note},
        {**base, "effect": "c_prime", "estimate": cp, "se": scp, "statistic_name": "t", "statistic": tcp, "p": pcp,
         "ci_low": np.nan, "ci_high": np.nan, "method": f"OLS {y} ~ {' + '.join([x, m, *yc])} (direct effect)", "note": tcrit_note},
        {**base, "effect": "indirect", "estimate": ab, "se": sobel_se, "statistic_name": "Sobel z", "statistic": z,
         "p": pz, "ci_low": lo, "ci_high": hi,
         "method": "a*b; Sobel (1982) z and normal p; CI " + (f"{ci:.0%} percentile bootstrap (Hayes 2022)" if boot else "not computed"),
         "note": (boot_note + (f"; bootstrap SE = {boot_se:.6g}" if boot else "")).strip("; ")},
    ]
    effects = pd.DataFrame(rows)
    sig = {k: bool(p < alpha) for k, p in (("c", pc), ("a", pa), ("b", pb), ("c_prime", pcp))}
    steps = [
        (1, f"{x} -> {y} (c) is significant", "c", c, pc, sig["c"]),
        (2, f"{x} -> {m} (a) is significant", "a", a, pa, sig["a"]),
        (3, f"{m} -> {y} controlling for {x} (b) is significant", "b", b, pb, sig["b"]),
        (4, f"{x} -> {y} controlling for {m} (c') is smaller than c / not significant", "c_prime", cp, pcp,
         (not sig["c_prime"]) or abs(cp) < abs(c)),
    ]
    if sig["c"] and sig["a"] and sig["b"]:
        conclusion = "full mediation" if not sig["c_prime"] else "partial mediation"
    else:
        conclusion = "no mediation (Baron-Kenny conditions not met)"
    boot_sig = bool(np.isfinite(lo) and (lo > 0 or hi < 0))
    bootstrap_conclusion = ("indirect effect significant (bootstrap CI excludes 0)" if boot_sig else
                            ("indirect effect not significant (bootstrap CI includes 0)" if np.isfinite(lo) else ""))
    steps_df = pd.DataFrame([{**base, "step": s, "condition": cond, "effect": eff, "estimate": est, "p": p,
                              "alpha": alpha, "met": met, "conclusion": conclusion,
                              "bootstrap_conclusion": bootstrap_conclusion} for s, cond, eff, est, p, met in steps])
    return MediationResult(effects=effects, steps=steps_df)
