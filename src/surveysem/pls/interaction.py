"""Interaction terms (moderation, ``Y ~ X + W + X:W``) and quadratic effects (``Y ~ X + X:X``) as a plan.

The reported (stage-2) model has one extra construct per interaction term, named ``X:W`` as written, placed after the
declared constructs. Its indicators are made from the observed items by one of three methods, exactly as R seminr
2.3.2's ``interaction_term(iv, moderator, method, weights = mode_A)`` makes them (Hair et al. 2022, ch. 7; Henseler &
Chin 2010; Becker, Ringle & Sarstedt 2018):

``two_stage`` (the default, as in SmartPLS 4 and Hair et al. 2022)
    Stage 1 estimates the model **without** the interaction terms (same inner weighting, tolerance and iteration
    limit). The product of the two stage-1 construct scores (each with unit variance, n − 1),
    ``Y_X · Y_W`` with ``Y = Z w`` (Z the standardized items, w the stage-1 outer weights), is the interaction's
    single indicator, named like the construct (``X:W``). A quadratic term ``X:X`` is always two-stage: ``Y_X²``
    (SmartPLS's quadratic effect).
``product_indicator`` (Kenny & Judd 1984; Chin, Marcolin & Newsted 2003)
    Every product ``z_a · z_b`` of a standardized item a of X and a standardized item b of W (mean 0, SD with
    n − 1), named ``a*b``, is a Mode-A indicator of the interaction. Needs reflective constituents.
``orthogonal`` (Little, Bovaird & Widaman 2006; Henseler & Chin 2010)
    Those products, each replaced by its residual from the OLS regression (with intercept) on all items of X and W.
    Needs reflective constituents.

Every one of these indicators is a per-row function of the resample's standardized data (and, for two-stage, of the
resample's stage-1 weights), so the plan is batched like the plain model: for a batch of row-count vectors c it
standardizes the items with each resample's weighted means and SDs (mean replacement redone with the resample's
means, as :class:`~surveysem.pls.prepare.CrossProducts` does), fits stage 1 on the batch of item correlation matrices
(:func:`~surveysem.pls.algorithm.fit_batch`), forms the new columns N, and takes their weighted cross-products with
the items and with each other,

    cov(z_i, N_t) = Σ_r c_r z_ri (N_rt − N̄_t) / (Σc − 1),   cov(N_t, N_u) = Σ_r c_r (N_rt − N̄_t)(N_ru − N̄_u) / (Σc − 1).

The orthogonal residuals are not formed: with β = S_VV⁻¹ cov(z_V, N_t) (V the items of X and W; regressing on the
standardized items with an intercept spans the same space as on the raw ones), the residual e_t = N_t − N̄_t − z_V β
has cov(u, e_t) = cov(u, N_t) − cov(u, z_V) β for every column u, i.e. Σ' = T Σ Tᵀ with T the identity except
T[t, V] = −βᵀ. The stage-2 matrix is that covariance scaled to correlations; the items' block is the exact
:class:`~surveysem.pls.prepare.CrossProducts` matrix of the plain model. seminr redoes the whole interaction term inside
each resample; so does this plan, so replaying seminr's resample indices reproduces its draws.

References
----------
Becker, J.-M., Ringle, C. M., & Sarstedt, M. (2018). Estimating moderating effects in PLS-SEM and PLSc-SEM:
Interaction term generation * data treatment. *Journal of Applied Structural Equation Modeling*, 2(2), 1–21.
Chin, W. W., Marcolin, B. L., & Newsted, P. R. (2003). *Information Systems Research*, 14(2), 189–217.
Hair, J. F., Hult, G. T. M., Ringle, C. M., & Sarstedt, M. (2022). *A primer on PLS-SEM* (3rd ed.), ch. 7.
Henseler, J., & Chin, W. W. (2010). A comparison of approaches for the analysis of interaction effects between
latent variables using PLS path modeling. *Structural Equation Modeling*, 17(1), 82–109.
Little, T. D., Bovaird, J. A., & Widaman, K. F. (2006). *Structural Equation Modeling*, 13(4), 497–519.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import EstimationError, ModelError
from ..model import Model
from ..model.spec import REFLECTIVE, Interaction
from ..stats import flagged_solve
from .algorithm import BatchFit, fit_batch
from .prepare import CrossProducts, PreparedData
from .structure import Structure

#: the values of the ``interaction`` setting (seminr 2.3.2's ``interaction_term`` methods); the first is the default
INTERACTION_METHODS = ("two_stage", "product_indicator", "orthogonal")


@dataclass(frozen=True)
class _Term:
    """One interaction term of the stage-2 model: its method, the item columns of its constituents, its indicators."""

    interaction: Interaction
    method: str
    left: np.ndarray  # item columns (positions in model.indicators) of the left constituent
    right: np.ndarray
    indicators: tuple[str, ...]

    @property
    def n_columns(self) -> int:
        return len(self.indicators)


def interaction_terms(model: Model, method: str) -> list[_Term]:
    """The stage-2 columns of every interaction term of ``model`` under ``method``; quadratic terms are two-stage.

    Raises
    ------
    ModelError
        ``product_indicator`` or ``orthogonal`` with a composite (``<~``) constituent.
    """
    if method not in INTERACTION_METHODS:
        raise ModelError(f"unknown interaction method {method!r}", where="interaction",
                         fix=f"Use one of {', '.join(INTERACTION_METHODS)}")
    col = {ind: k for k, ind in enumerate(model.indicators)}
    terms = []
    for it in model.interactions:
        m = "two_stage" if it.is_quadratic else method
        left = model.construct(it.left)
        right = model.construct(it.right)
        if m != "two_stage":
            for c in (left, right):
                if c.mode != REFLECTIVE:
                    where = f"{model.source}, line {it.line}" if model.source and it.line else (model.source or "model")
                    raise ModelError(f"interaction {it.name} with interaction: {m} requires reflective constituents, "
                                     f"but {c.name} is composite (<~)", where=where,
                                     fix="Use interaction: two_stage (--interaction two_stage), which takes any "
                                         "constituents (Hair et al. 2022, ch. 7)")
        names = (it.name,) if m == "two_stage" else tuple(f"{a}*{b}" for a in left.indicators for b in right.indicators)
        terms.append(_Term(it, m, np.array([col[i] for i in left.indicators]),
                           np.array([col[i] for i in right.indicators]), names))
    return terms


def batch_moments(xc: np.ndarray, mask: np.ndarray, counts: np.ndarray,
                  exact: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each resample's item means and SDs (B, p), with mean replacement redone on the resample.

    For row counts c (a resample of N = Σc rows) and centred data xc (0 where missing),
    m_j = Σ_r c_r xc_rj / Σ_r c_r [x_rj observed]; a missing cell takes m_j, so it adds 0 to the deviations, and
    s_j² = Σ_r c_r [observed] (xc_rj − m_j)² / (N − 1) = (Σ_r c_r xc_rj² − m_j² Σ_r c_r [observed]) / (N − 1)
    (R seminr: mean replacement on the resampled rows, then ``scale()``). The sums are added row after row
    (:func:`_row_sums`), so resample b's numbers never depend on the batch it is in.
    """
    columns = [mask.astype(float), xc, xc * xc]
    if exact is None:
        exact = _on_exact_grid(xc, counts.shape[1])
    if exact:  # every partial sum exact: a BLAS product gives the same bits anyway
        obs, sx, sxx = (counts @ a for a in columns)
    else:
        obs, sx, sxx = _row_sums(counts, columns)
    with np.errstate(invalid="ignore", divide="ignore"):
        m = sx / obs
        var = (sxx - m * m * obs) / (counts.sum(axis=1) - 1)[:, None]
        return m, np.sqrt(var)


def _on_exact_grid(xc: np.ndarray, max_total: int) -> bool:
    """True when x and x² are whole multiples of 2^−K and 2^−2K (survey answers on an integer or dyadic scale, centred
    on such a grid) and Σ c x² over a resample of at most ``max_total`` rows stays below 2^53 units: then every
    partial sum of Σ c x, Σ c x² with whole counts c is exact, in any order (Ozaki et al. 2012; as
    :class:`~surveysem.pls.prepare.CrossProducts`)."""
    for K in range(21):
        scaled = np.ldexp(xc, K)
        if np.array_equal(scaled, np.rint(scaled)):
            return float(max_total) * float(np.max(scaled * scaled, initial=0.0)) < 2.0 ** 52
    return False


def _row_sums(counts: np.ndarray, columns: list[np.ndarray]) -> list[np.ndarray]:
    """Σ_r c_r a_r (B, m) for each (n, m) array a, added row after row: the bits of resample b depend on its own
    counts only, never on the other resamples of the batch or their place in memory (as
    :func:`surveysem.pls.algorithm._block_sums` for the algorithm; a BLAS product promises no such thing)."""
    out = [np.zeros((counts.shape[0], a.shape[1])) for a in columns]
    for r in range(counts.shape[1]):
        cr = counts[:, r, None]
        for o, a in zip(out, columns):
            o += cr * a[r]
    return out


def _weighted(z: np.ndarray, w: np.ndarray) -> np.ndarray:
    """(B, n) Σ_k z[:, :, k] w[:, k], added item after item (see :func:`_row_sums`)."""
    out = np.zeros(z.shape[:2])
    for k in range(z.shape[2]):
        out += z[:, :, k] * w[:, k, None]
    return out


class InteractionPlan:
    """The plan of a model with interaction terms (:mod:`surveysem.pls.plan` interface; ``interaction`` setting).

    Attributes
    ----------
    reported_model : Model
        The stage-2 model: the user's constructs plus one construct per interaction term.
    stage1 : Structure or None
        The model without interaction terms (None when no term is two-stage).
    terms : list
        The interaction terms with their method and stage-2 indicators.
    """

    def __init__(self, model: Model, data: PreparedData, settings: dict):
        self.model = model
        self.data = data
        self.settings = settings
        self.method = settings.get("interaction", INTERACTION_METHODS[0])
        self.terms = interaction_terms(model, self.method)
        #: sentences for the log, run.json and the summary
        self.notes = ["{term} is a quadratic term: estimated two-stage (the square of the stage-1 score), as "
                      "SmartPLS's quadratic effect, not {method}".format(term=t.interaction.name, method=self.method)
                      for t in self.terms if t.interaction.is_quadratic and self.method != "two_stage"]
        self.reported_model = model.with_interaction_constructs({t.interaction.name: t.indicators for t in self.terms})
        self.structure = Structure.from_model(self.reported_model)
        self.stage1 = (Structure.from_model(model.without_interactions())
                       if any(t.method == "two_stage" for t in self.terms) else None)
        self.p = len(model.indicators)
        base = data.resample_base.to_numpy(dtype=float)
        self._mask = ~np.isnan(base)
        # centred (no cancellation in s²) on a value rounded to 1/256 of a power of two near the SD, so answers on an
        # integer scale stay on a dyadic grid and the moments' sums are exact (_on_exact_grid)
        with np.errstate(invalid="ignore", divide="ignore"):
            mu, sd = np.nanmean(base, axis=0), np.nanstd(base, axis=0)
            e = np.where(np.isfinite(sd) & (sd > 0), np.round(np.log2(sd)), 0.0).astype(int)
        self._x0 = np.where(self._mask, base - np.ldexp(np.rint(np.ldexp(mu, 8 - e)), e - 8), 0.0)
        self._exact = _on_exact_grid(self._x0, len(base))  # resamples and jackknife samples have ≤ n rows
        self._full: np.ndarray | None = None

    #: why a resample's input matrix is NaN (the bootstrap's ``boot_failed.csv``)
    nan_reason = ("an indicator has no variance in the resample, or the first stage (the model without the "
                  "interaction terms) or an orthogonalizing regression failed on it")

    @property
    def triples(self) -> list[tuple[str, str, str]]:
        """``(name, iv, moderator)`` of every interaction term, as the model writes it (``CUSA:SC`` →
        ``("CUSA:SC", "CUSA", "SC")``; quadratic ``X:X`` → ``("X:X", "X", "X")``), for simple slopes: with the
        product-scale paths of ``fit.path_matrix``, the effect of iv on an outcome at moderator = w (SD units) is
        β_iv + β_name · w."""
        return [(t.interaction.name, t.interaction.left, t.interaction.right) for t in self.terms]

    # ------------------------------------------------------------------ the Plan interface
    def indicator_data(self) -> pd.DataFrame:
        """Items (missing treatment applied) and the interaction indicators of the full sample, stage-2 order."""
        x = self.data.imputed.to_numpy(dtype=float)
        xc = x - x.mean(axis=0)
        m, sd = batch_moments(xc, np.ones_like(x, dtype=bool), np.ones((1, x.shape[0])))
        z = (xc - m) / sd
        S = self.full_sample()[None, :self.p, :self.p]
        N = self._new_columns(lambda cols: z[None][:, :, cols], S)[0]
        for t, cols in self._columns():
            if t.method == "orthogonal":  # the residuals themselves (lm with intercept on the raw items)
                V = np.concatenate([t.left, t.right])
                X = np.column_stack([np.ones(len(x)), x[:, V]])
                beta, *_ = np.linalg.lstsq(X, N[:, cols], rcond=None)
                N[:, cols] = N[:, cols] - X @ beta
        out = self.data.imputed.copy()
        new = pd.DataFrame(N, columns=[i for t in self.terms for i in t.indicators])
        return pd.concat([out.reset_index(drop=True), new], axis=1)

    def full_sample(self) -> np.ndarray:
        if self._full is None:
            n = self._x0.shape[0]
            S2 = self.batches(32 * 2**20).correlations(np.ones((1, n)))[0]
            if not np.isfinite(S2).all():
                raise EstimationError("the first stage of the two-stage interaction method (the model without "
                                      f"{', '.join(self.model.interaction_names)}) cannot be estimated",
                                      where=self.data.source,
                                      fix="Estimate the model without the interaction terms first and fix what it "
                                          "reports")
            self._full = S2
        return self._full

    def batches(self, block_bytes: int) -> _Batches:
        data = self.data
        cp = CrossProducts(data.resample_base.to_numpy(), impute_mean=data.missing == "mean", block_bytes=block_bytes)
        return _Batches(self, cp, block_bytes)

    def fit(self, S: np.ndarray) -> BatchFit:
        """Fit the stage-2 model on the correlations of the input matrices ``S`` (:meth:`stage2`), then express the
        interaction paths on the scale of the product term (Henseler & Chin 2010, as R seminr 2.3.2 does).

        The interaction construct's score is rescaled by k = Σ_i sd(x_i)·|λ_i| / Σ_i |λ_i| over its indicators x_i
        (the products on their own scale, sd with n − 1) with their standardized loadings λ_i; its paths are
        divided by k (OLS on a predictor multiplied by k). For the two-stage method k is the SD of the product of the
        unit-variance stage-1 scores, so the path is the coefficient of that product (what simple slopes use:
        effect of X at W = w is β_X + β_(X:W)·w). R², weights, loadings (correlations) and construct correlations are
        unchanged. ``fit.S`` holds the correlation matrices; ``fit.extra["interaction_scale"]`` the (B, terms) k.
        """
        s = self.settings
        with np.errstate(invalid="ignore", divide="ignore"):
            sd = np.sqrt(np.einsum("bii->bi", S))
            R = S / sd[:, :, None] / sd[:, None, :]
        p2 = R.shape[1]
        R[:, np.arange(p2), np.arange(p2)] = 1.0
        R[~np.isfinite(R).all(axis=(1, 2))] = np.nan
        fit = fit_batch(R, self.structure, scheme=s["scheme"], tol=s["tol"], max_iter=s["max_iter"])
        lam = np.abs(fit.loadings_for(self.structure))
        k = np.empty((R.shape[0], len(self.terms)))
        for q, (t, cols) in enumerate(self._columns()):
            ix = self.p + np.arange(cols.start, cols.stop)
            num, den = np.zeros(len(k)), np.zeros(len(k))
            for i in ix:  # added indicator after indicator: the same bits whatever the batch (see _row_sum)
                num += sd[:, i] * lam[:, i]
                den += lam[:, i]
            k[:, q] = num / den
            j = self.structure.constructs.index(t.interaction.name)
            fit.path_matrix[:, j, :] /= k[:, q, None]
        fit.S = R
        fit.extra["interaction_scale"] = k
        return fit

    def _interaction_paths(self) -> list[tuple[int, int, int]]:
        """(term, row, column) of every interaction path in the path matrix."""
        idx = {n: k for k, n in enumerate(self.structure.constructs)}
        return [(q, idx[t.interaction.name], idx[p.target]) for q, t in enumerate(self.terms)
                for p in self.model.paths if p.source == t.interaction.name]

    def extra_parameters(self) -> list[dict]:
        """The standardized interaction paths (coefficient of the standardized interaction term, as SmartPLS reports
        it with a standardized product), beside the product-scale ones of ``paths``."""
        names = self.structure.constructs
        return [dict(group="path_standardized", **{"from": names[i], "to": names[j]},
                     name=f"path_standardized:{names[i]}->{names[j]}") for _, i, j in self._interaction_paths()]

    def extra_values(self, fit: BatchFit) -> np.ndarray:
        k = fit.extra["interaction_scale"]
        cols = [fit.path_matrix[:, i, j] * k[:, q] for q, i, j in self._interaction_paths()]
        return np.stack(cols, axis=1) if cols else np.empty((fit.ok.shape[0], 0))

    # ------------------------------------------------------------------ stage 2
    def _columns(self):
        start = 0
        for t in self.terms:
            yield t, slice(start, start + t.n_columns)
            start += t.n_columns

    def _new_columns(self, z: Callable[[np.ndarray], np.ndarray], S: np.ndarray) -> np.ndarray:
        """(B, n, q) the interaction columns before orthogonalization: products of stage-1 scores or of items.

        ``z(cols)`` gives the (B, n, len(cols)) standardized items ``cols``. Rows of a resample whose stage 1 failed
        are NaN."""
        B, n = S.shape[0], self._x0.shape[0]
        out = np.empty((B, n, sum(t.n_columns for t in self.terms)))
        w = None
        if self.stage1 is not None:
            s = self.settings
            fit1 = fit_batch(S, self.stage1, scheme=s["scheme"], tol=s["tol"], max_iter=s["max_iter"])
            w = np.where(fit1.ok[:, None], fit1.weights, np.nan)
        for t, cols in self._columns():
            if t.method == "two_stage":
                assert w is not None  # stage 1 runs when a term is two-stage
                yl = _weighted(z(t.left), w[:, t.left])  # the stage-1 score, unit variance
                yr = _weighted(z(t.right), w[:, t.right])
                out[:, :, cols] = (yl * yr)[:, :, None]
            else:
                prod = z(t.left)[:, :, :, None] * z(t.right)[:, :, None, :]  # (B, n, |left|, |right|): a*b, a-major
                out[:, :, cols] = prod.reshape(B, n, -1)
        return out

    def stage2(self, counts: np.ndarray, S: np.ndarray) -> np.ndarray:
        """(B, p₂, p₂) covariance matrices of the standardized items and the interaction columns on their own scale
        (the plan's input matrices; :meth:`fit` scales them to correlations) for row counts (B, n) whose item
        correlation matrices are S. NaN where stage 1 failed or a regression of the orthogonal method is singular."""
        B, p = S.shape[0], self.p
        xc, mask = self._x0, self._mask
        m, sd = batch_moments(xc, mask, counts, exact=self._exact)

        def z(cols: np.ndarray) -> np.ndarray:
            with np.errstate(invalid="ignore", divide="ignore"):
                return np.where(mask[None, :, cols], xc[None, :, cols] - m[:, None, cols], 0.0) / sd[:, None, cols]

        N = self._new_columns(z, S)
        q = N.shape[2]
        total = counts.sum(axis=1)
        rows = np.ascontiguousarray(np.moveaxis(N, 1, 0))  # (n, B, q): row r of every resample
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.zeros((B, q))
            for r in range(len(rows)):
                mean += counts[:, r, None] * rows[r]
            rows -= (mean / total[:, None])[None]
            # Σ_r c_r z_ri Nc_rt = (Σ_r c_r xc_ri Nc_rt − m_i Σ_r c_r [observed] Nc_rt) / s_i, and Σ_r c_r Nc_rt Nc_ru,
            # added row after row
            G = np.zeros((B, q, p))
            C = np.zeros((B, q, q))
            L = np.flatnonzero(~mask.all(axis=0))  # columns with missing cells need Σ c [observed] Nc of their own
            HL = np.zeros((B, q, L.size))
            maskL = mask[:, L].astype(float)
            h = np.zeros((B, q))
            for r in range(len(rows)):
                a = counts[:, r, None] * rows[r]  # (B, q)
                G += a[:, :, None] * xc[r]
                C += a[:, :, None] * rows[r][:, None, :]
                h += a
                if L.size:
                    HL += a[:, :, None] * maskL[r]
            H = np.broadcast_to(h[:, :, None], (B, q, p)).copy()
            H[:, :, L] = HL
            cz = np.swapaxes(G - m[:, None, :] * H, 1, 2) / sd[:, :, None] / (total - 1)[:, None, None]  # (B, p, q)
            cnn = C / (total - 1)[:, None, None]
        cov = np.empty((B, p + q, p + q))
        cov[:, :p, :p] = S
        cov[:, :p, p:] = cz
        cov[:, p:, :p] = np.swapaxes(cz, 1, 2)
        cov[:, p:, p:] = cnn
        for t, cols in self._columns():
            if t.method == "orthogonal":
                V = np.concatenate([t.left, t.right])
                rows = np.arange(p + q)[p:][cols]
                beta, good = flagged_solve(cov[:, V[:, None], V[None, :]], cov[:, V[:, None], rows[None, :]])
                # Σ' = T Σ Tᵀ with T = I except T[rows, V] = −βᵀ: columns, then rows, a term per item of V
                for a, v in enumerate(V):
                    cov[:, :, rows] -= cov[:, :, v, None] * beta[:, a, None, :]
                for a, v in enumerate(V):
                    cov[:, rows, :] -= beta[:, a, :, None] * cov[:, v, None, :]
                cov[~good] = np.nan
        cov[~np.isfinite(cov).all(axis=(1, 2))] = np.nan
        return cov


class _Batches:
    """``correlations(counts)`` and ``jackknife_correlations(start, stop)`` of the stage-2 indicators."""

    def __init__(self, plan: InteractionPlan, cp: CrossProducts, block_bytes: int):
        self.plan = plan
        self.cp = cp
        n, p = plan._x0.shape
        q = sum(t.n_columns for t in plan.terms)
        k = sum(len(t.left) + len(t.right) for t in plan.terms)
        per = 8 * (n * (3 * q + 2 * k) + 3 * q * p + 2 * q * q)  # N and its rows, the constituents' z; G, H, C
        self.rows = int(max(1, block_bytes // max(per, 1)))  # resamples at once: within the memory budget

    def correlations(self, counts: np.ndarray) -> np.ndarray:
        counts = np.asarray(counts, dtype=float)
        S = self.cp.correlations(counts)
        p2 = self.plan.structure.n_indicators
        out = np.empty((counts.shape[0], p2, p2))
        for a in range(0, counts.shape[0], self.rows):
            b = min(a + self.rows, counts.shape[0])
            out[a:b] = self.plan.stage2(counts[a:b], S[a:b])
        return out

    def jackknife_correlations(self, start: int, stop: int) -> np.ndarray:
        n = self.plan._x0.shape[0]
        counts = np.ones((stop - start, n))
        counts[np.arange(stop - start), np.arange(start, stop)] = 0.0
        return self.correlations(counts)
