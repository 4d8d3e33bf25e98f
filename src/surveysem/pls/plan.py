"""How the correlation matrices the PLS algorithm runs on are made, for every kind of model: one :class:`Plan` each.

A plain model needs nothing but the indicator correlation matrix S of the sample or of a resample (a weighted
cross-product, :class:`~surveysem.pls.prepare.CrossProducts`). The advanced models are transformations around it,
done on a whole batch of resamples at once:

* two-stage methods (interaction terms, quadratic effects, higher-order constructs) fit a stage-1 model on the same
  resample and add columns to it (construct scores, products of items or scores), so the matrix the reported model
  runs on is the correlation matrix of the **stage-2 indicators** (``structure.indicators``);
* consistent PLS (PLSc) corrects the fit afterwards (:meth:`Plan.fit`).

The estimate (:func:`surveysem.pls.pls`), the bootstrap and its jackknife call only this interface, so a method
written as a plan is batched, seeded, chunked and replayed exactly as the plain model is (seminr redoes every stage
inside each resample; so do we).

Interface
---------
``Plan(model, data, settings)``
    ``model`` is the user's model, ``data`` the :class:`~surveysem.pls.prepare.PreparedData` of its observed items.
``plan.structure``
    The :class:`~surveysem.pls.structure.Structure` the tables report (stage 2); its indicators are the columns of
    every matrix the plan returns.
``plan.indicator_data()``
    (n, p₂) DataFrame of the stage-2 indicators of the full sample (missing treatment applied), columns in
    ``structure.indicators`` order: construct scores are ``indicator_data()`` standardized times the weights.
``plan.full_sample()``
    (p₂, p₂) correlation matrix of the full sample.
``plan.batches(block_bytes)``
    An object with ``correlations(counts)`` (counts: (B, n) row counts of B resamples → (B, p₂, p₂)) and
    ``jackknife_correlations(start, stop)`` (delete-one samples ``start..stop-1`` → (stop − start, p₂, p₂)).
``plan.fit(S)``
    The :class:`~surveysem.pls.algorithm.BatchFit` of a batch of those matrices, for ``structure``. A plan whose
    input matrices are not those of ``structure.indicators`` (e.g. higher-order two-stage: the items' matrices go in,
    stage 2 runs on the lower-order scores) sets ``fit.S`` to the matrices of ``structure.indicators``; plan-specific
    arrays (the stage-1 fit, admissibility flags) go in ``fit.extra``.
``plan.extra_parameters()`` and ``plan.extra_values(fit)``
    The plan's own bootstrapped statistics: rows ``dict(group=..., name=..., ...)`` (``name`` is the column of the
    draws file, e.g. ``slope:CUSA->CUSL@SC=-1``) and their (B, m) values; appended to the engine's statistics by
    :class:`~surveysem.pls.bootstrap.Statistics`, so they get the same percentile and BCa intervals.

:func:`make_plan` picks the plan of a model; a new method adds its class and one branch there.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..model import Model
from .algorithm import BatchFit, fit_batch
from .interaction import InteractionPlan
from .prepare import CrossProducts, PreparedData, correlation
from .structure import Structure


class Plan:
    """The plain model: the indicators are the observed items; S is their correlation matrix."""

    def __init__(self, model: Model, data: PreparedData, settings: dict):
        self.model = model
        self.data = data
        self.settings = settings
        self.structure = Structure.from_model(model)

    def indicator_data(self) -> pd.DataFrame:
        return self.data.imputed

    def full_sample(self) -> np.ndarray:
        return correlation(self.indicator_data().to_numpy())  # BLAS pinned by the caller: same bits on any machine

    def batches(self, block_bytes: int) -> CrossProducts:
        return CrossProducts(self.data.resample_base.to_numpy(), impute_mean=self.data.missing == "mean",
                             block_bytes=block_bytes)

    def fit(self, S: np.ndarray) -> BatchFit:
        s = self.settings
        return fit_batch(S, self.structure, scheme=s["scheme"], tol=s["tol"], max_iter=s["max_iter"])

    def extra_parameters(self) -> list[dict]:
        return []

    def extra_values(self, fit: BatchFit) -> np.ndarray:
        return np.empty((fit.ok.shape[0], 0))


#: every plan class (a method's plan lives in its own module, which cannot import this one without an import cycle,
#: so it implements the interface above instead of subclassing :class:`Plan`)
AnyPlan = Plan | InteractionPlan


def make_plan(model: Model, data: PreparedData, settings: dict) -> AnyPlan:
    """The plan of ``model`` with ``settings`` (scheme, tol, max_iter, and the advanced-model settings)."""
    if model.interactions:  # A:B terms; setting ``interaction`` (surveysem.pls.interaction)
        return InteractionPlan(model, data, settings)
    return Plan(model, data, settings)
