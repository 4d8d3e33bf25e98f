"""Consistent PLS (PLSc): the correction of a PLS fit for the measurement error of reflective constructs.

Plain PLS estimates every construct as a weighted sum of its items (a composite). When a construct is a common
factor (``=~``, reflective), the composite carries the items' measurement error, so its correlations with other
constructs are attenuated and the path coefficients are biased (usually towards zero) while the loadings are
inflated. PLSc (Dijkstra & Henseler 2015, *MIS Quarterly* 39(2), 297–316; Dijkstra & Schermelleh-Engel 2014)
corrects the fit afterwards, from the PLS weights w and the indicator correlation matrix S:

* reliability of each reflective construct's composite (Dijkstra & Henseler 2015, eq. 5; seminr ``rho_A()``)
  ρ_A = (wᵀw)² · wᵀ(S − diag S)w / wᵀ(wwᵀ − diag(wwᵀ))w;
* consistent construct correlations r̃_kl = r_kl / sqrt(ρ_A,k ρ_A,l) (unit diagonal; the correction for attenuation);
* path coefficients by OLS on r̃ for each endogenous construct, R² = βᵀ r̃_Pj;
* consistent loadings λ = w · sqrt(ρ_A) / (wᵀw) (as seminr 2.3.2 ``PLSc()`` and cSEM compute them);
* the indicators' correlations with the other constructs, corr(x_i, Y_l) / sqrt(ρ_A,l) (the consistent
  correlation of the item with the factor l; the cross-loadings table shows these);
* composite (``<~``) constructs and single items are left as they are (ρ_A = 1), as R seminr 2.3.2 ``PLSc()``
  and cSEM 0.6.1 (``.disattenuate = TRUE``) do; the weights and the construct scores stay the PLS ones.

All of it on a batch (B, …) of fits at once, no loop per resample: :class:`ConsistentPlan` wraps any plan
(:mod:`surveysem.pls.plan`) and corrects its fit, so PLSc composes with the two-stage plans.

Admissibility (cSEM 0.6.1 ``verify()``; Dijkstra & Henseler 2015): the corrected solution can be impossible.
Each fit is flagged (``fit.extra["inadmissible"]``; the first reason in ``fit.extra["inadmissible_reason"]``) when

1. a corrected construct correlation exceeds 1 in absolute value (every bound "1" here is 1 + 1e-12: rounding
   makes a single item's loading 1 + 2.2e-16, which is no defect),
2. the corrected construct correlation matrix is not positive semi-definite (eigenvalue < −1e-8, the tolerance
   of R matrixcalc that cSEM uses),
3. an R² lies outside [0, 1],
4. a loading exceeds 1 in absolute value,
5. a ρ_A exceeds 1.

cSEM also checks that the model-implied indicator correlation matrix is positive semi-definite. With the corrected
construct correlations r̃ (the saturated structural model; cSEM uses the estimated one, the same matrix when the
structural model is saturated) that check follows from 2 and 4, so it is not computed: the implied matrix is
Σ = Λ r̃ Λᵀ + Θ with Θ block-diagonal, Θ_k = diag(1 − λ²) for a reflective block (positive semi-definite when every
|λ| ≤ 1) and Θ_k = S_kk − λλᵀ = Var(x − λY) for a composite block (λ = S_kk w, the plain loadings, Var Y = 1), so
Σ is positive semi-definite whenever r̃ is and no loading exceeds 1.

A ρ_A ≤ 0 leaves the correction undefined: that fit fails (``ok = False``). The full-sample estimate is reported
with a warning when it is inadmissible; the bootstrap leaves inadmissible resamples out and counts them with their
reason in ``boot_failed.csv`` (cSEM's default ``.handle_inadmissibles = "drop"``).
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ..errors import ModelError
from .algorithm import BatchFit, _paths
from .structure import Structure

#: the admissibility criteria, in the order of ``fit.extra["inadmissible_reasons"]`` columns (module docstring)
INADMISSIBLE_REASONS = (
    "inadmissible PLSc solution: a construct correlation exceeds 1 in absolute value",
    "inadmissible PLSc solution: the construct correlation matrix is not positive semi-definite",
    "inadmissible PLSc solution: an R² lies outside 0 to 1",
    "inadmissible PLSc solution: a loading exceeds 1 in absolute value",
    "inadmissible PLSc solution: a rho_A exceeds 1",
)
#: eigenvalues above −PSD_TOL count as non-negative (R matrixcalc ``is.positive.semi.definite``, used by cSEM)
PSD_TOL = 1e-8
#: a correlation, loading or rho_A counts as above 1 when it exceeds 1 + BOUND_TOL: a single item's loading is
#: corr(x, x / sd) = 1 up to rounding (1 + 2.2e-16 in a third of the corp_rep resamples), which is no defect
BOUND_TOL = 1e-12


def corrected_constructs(st: Structure) -> np.ndarray:
    """(K,) bool: the constructs PLSc corrects, the reflective (``=~``) ones with two or more items."""
    sizes = st.membership.sum(axis=0)
    return ~st.mode_b & (sizes >= 2)


def check_consistent(model, st: Structure) -> list[str]:
    """Refuse PLSc on a model with no reflective multi-item construct; return the warnings for composite ones."""
    fixed = corrected_constructs(st)
    where = model.source or "model"
    if not fixed.any():
        raise ModelError("consistent: true, but no construct is reflective with two or more items: PLSc corrects "
                         "reflective constructs only (Dijkstra & Henseler 2015)", where=where,
                         fix="Declare the common-factor constructs with =~, or set consistent: false")
    composite = [c for c, b in zip(st.constructs, st.mode_b) if b]
    if not composite:
        return []
    return ["PLSc corrects reflective constructs only: {names} stay composites (rho_A = 1, weights and loadings of "
            "plain PLS; Dijkstra & Henseler 2015)".format(names=", ".join(composite))]


def rho_a_batch(S: np.ndarray, w: np.ndarray, st: Structure) -> np.ndarray:
    """(B, K) ρ_A of every construct from the weights w (B, p) and the indicator correlations S (B, p, p).

    ρ_A = (wᵀw)² · wᵀ(S − diag S)w / wᵀ(wwᵀ − diag(wwᵀ))w (Dijkstra & Henseler 2015, eq. 5), with
    wᵀ(wwᵀ − diag(wwᵀ))w = (wᵀw)² − Σ w_i⁴; 1 for composite and single-item constructs. Sums run over the block's
    indicators in order (a fit's bits depend on that fit only, whatever the batch).
    """
    B = w.shape[0]
    rho = np.ones((B, st.n_constructs))
    for k in map(int, np.flatnonzero(corrected_constructs(st))):
        ix = st.block_indices(k)
        ww = np.zeros(B)
        w4 = np.zeros(B)
        off = np.zeros(B)
        for a, i in enumerate(ix):
            ww += w[:, i] ** 2
            w4 += w[:, i] ** 4
            for j in ix[a + 1:]:
                off += 2.0 * w[:, i] * w[:, j] * S[:, i, j]
        with np.errstate(invalid="ignore", divide="ignore"):
            rho[:, k] = ww ** 2 * off / (ww ** 2 - w4)
    return rho


def correct_fit(fit: BatchFit, S: np.ndarray, st: Structure) -> BatchFit:
    """The PLSc fit of a batch of PLS fits of ``st`` on the indicator correlation matrices S (module docstring).

    The returned fit has the corrected construct correlations, paths, R², loadings and indicator-construct
    correlations, the PLS weights, and in ``extra``: ``rho_a`` (B, K), ``plain_path_matrix``, ``plain_r2``,
    ``plain_indicator_construct_cov``, ``plain_construct_corr`` (the uncorrected fit), ``inadmissible`` (B,) bool,
    ``inadmissible_reasons`` (B, 5) bool and ``inadmissible_reason`` (B,) text of the first reason ("" if none).
    """
    fixed = corrected_constructs(st)
    rho = rho_a_batch(S, fit.weights, st)
    defined = np.all(np.isfinite(rho) & (rho > 0), axis=1)
    root = np.sqrt(np.where(defined[:, None], rho, 1.0))  # (B, K)
    C = fit.construct_corr / (root[:, :, None] * root[:, None, :])
    K = st.n_constructs
    C[:, np.arange(K), np.arange(K)] = 1.0
    path_matrix, r2, good = _paths(C, st)
    X = fit.indicator_construct_cov / root[:, None, :]  # corr(x_i, Y_l) / sqrt(rho_l)
    w = fit.weights
    own = np.arange(st.n_indicators), st.block
    for k in map(int, np.flatnonzero(fixed)):
        ix = st.block_indices(k)
        ww = np.zeros(w.shape[0])
        for i in ix:
            ww += w[:, i] ** 2
        X[:, ix, k] = w[:, ix] * (root[:, k] / ww)[:, None]
    lam = X[:, own[0], own[1]]
    reasons = admissibility(C, r2, lam, rho, st)
    ok = fit.ok & defined & good
    inadmissible = reasons.any(axis=1) & ok
    first = np.where(reasons.any(axis=1), reasons.argmax(axis=1), -1)
    text = np.array(INADMISSIBLE_REASONS + ("",), dtype=object)[first]  # first = -1: ""
    extra = dict(fit.extra, rho_a=rho, plain_path_matrix=fit.path_matrix, plain_r2=fit.r2,
                 plain_indicator_construct_cov=fit.indicator_construct_cov, plain_construct_corr=fit.construct_corr,
                 inadmissible=inadmissible, inadmissible_reasons=reasons & ok[:, None], inadmissible_reason=text)
    return replace(fit, indicator_construct_cov=X, construct_corr=C, path_matrix=path_matrix, r2=r2, ok=ok,
                   extra=extra)


def admissibility(C: np.ndarray, r2: np.ndarray, lam: np.ndarray, rho: np.ndarray, st: Structure) -> np.ndarray:
    """(B, 5) bool: which admissibility criterion of the module docstring each corrected fit breaks."""
    B, K, _ = C.shape
    off = ~np.eye(K, dtype=bool)
    out = np.zeros((B, len(INADMISSIBLE_REASONS)), dtype=bool)
    finite = np.isfinite(C).all(axis=(1, 2))
    Cs = np.where(finite[:, None, None], C, np.eye(K))
    out[:, 0] = (np.abs(Cs[:, off]) > 1 + BOUND_TOL).any(axis=1)
    out[:, 1] = np.linalg.eigvalsh(Cs)[:, 0] < -PSD_TOL
    endo = list(st.endogenous)
    if endo:
        R = r2[:, endo]
        out[:, 2] = ((R < -BOUND_TOL) | (R > 1 + BOUND_TOL)).any(axis=1)
    out[:, 3] = (np.abs(lam) > 1 + BOUND_TOL).any(axis=1)
    out[:, 4] = (rho > 1 + BOUND_TOL).any(axis=1)
    return out


class ConsistentPlan:
    """PLSc around another plan (:mod:`surveysem.pls.plan`): the same matrices, the fit corrected.

    Everything but :meth:`fit` is the inner plan's (``structure``, ``indicator_data``, ``full_sample``, ``batches``,
    ``extra_parameters``, ``extra_values``, ``reported_model``), so PLSc composes with two-stage plans: the
    correction applies to the reported (stage-2) model. ``warnings`` lists the composite constructs left as they are.
    """

    consistent = True

    def __init__(self, inner):
        self.inner = inner
        self.warnings = list(getattr(inner, "warnings", [])) + check_consistent(inner.model, inner.structure)
        if inner.model.interactions:  # the product's reliability needs Dijkstra & Schermelleh-Engel (2014), not built
            self.warnings.append(
                "consistent PLS with interaction terms: {names} are not corrected for measurement error (their "
                "reliability follows Dijkstra & Schermelleh-Engel 2014, not implemented), so the interaction paths "
                "are attenuated; report them with care".format(names=", ".join(inner.model.interaction_names)))

    def __getattr__(self, name):  # the inner plan's attributes (structure, batches, ...)
        if name == "inner":  # not yet set (copy, pickle): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)

    def fit(self, S: np.ndarray) -> BatchFit:
        fit = self.inner.fit(S)
        return correct_fit(fit, fit.S if fit.S is not None else S, self.inner.structure)


# ------------------------------------------------------------------------------------------------------ tables
def plain_tables(result) -> dict[str, pd.DataFrame]:
    """``plain_paths``, ``plain_loadings``, ``plain_r2``: the uncorrected PLS estimates beside the PLSc ones
    (columns as ``paths``, ``loadings``, ``r2``), empty when the result is not PLSc."""
    extra = result.fit.extra
    if "plain_path_matrix" not in extra:
        return {}
    st, n = result.structure, result.n
    idx = {c: k for k, c in enumerate(st.constructs)}
    P = extra["plain_path_matrix"][0]
    paths = pd.DataFrame([(p.source, p.target, P[idx[p.source], idx[p.target]]) for p in result.model.paths],
                         columns=["from", "to", "estimate"])
    lam = extra["plain_indicator_construct_cov"][0][np.arange(st.n_indicators), st.block]
    loadings = pd.DataFrame({"construct": [st.constructs[k] for k in st.block], "indicator": list(st.indicators),
                             "estimate": lam})
    rows = []
    for j in st.endogenous:
        k = len(st.predecessors[j])
        r2 = extra["plain_r2"][0, j]
        rows.append((st.constructs[j], r2, 1 - (1 - r2) * (n - 1) / (n - k - 1)))
    r2 = pd.DataFrame(rows, columns=["construct", "r2", "r2_adj"])
    return {"plain_paths": paths, "plain_loadings": loadings, "plain_r2": r2}


def full_sample_warnings(fit: BatchFit) -> list[str]:
    """The full-sample estimate's inadmissibility, one sentence per broken criterion (for the log and run.json)."""
    reasons = fit.extra.get("inadmissible_reasons")
    if reasons is None:
        return []
    return ["{reason} in the full-sample estimate: interpret the PLSc results with care (Dijkstra & Henseler "
            "2015)".format(reason=INADMISSIBLE_REASONS[i]) for i in np.flatnonzero(reasons[0])]
