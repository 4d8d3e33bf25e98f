"""Higher-order constructs (HOCs) in the batched engine: :class:`HigherOrderPlan`.

Two methods (``hoc`` setting; Becker, Klein & Wetzels 2012; Sarstedt, Hair, Cheah, Becker & Ringle 2019, "How to
specify, estimate, and validate higher-order constructs in PLS-SEM", *Australasian Marketing Journal* 27, 197–211):

``two_stage`` (default; R seminr 2.3.2 ``higher_composite(method = two_stage)``)
    Stage 1 estimates the model with every HOC replaced by its lower-order constructs (LOCs): each antecedent of
    the HOC points to every LOC and every LOC to each outcome (:func:`surveysem.model.higher_order.stage1_model`).
    This is the **disjoint** two-stage approach in the terms of Sarstedt et al. (2019, p. 200; Agarwal & Karahanna
    2000): stage 1 holds the LOCs instead of the HOC, linked directly to every construct the HOC is related to
    (seminr's ``prepare_higher_order_model``, ``hoc.json`` ``meta.two_stage``). The **embedded** variant, whose stage
    1 is the repeated-indicators model (Ringle et al. 2012), is not built. Stage 2 uses the LOCs' stage-1 scores (unit variance,
    n − 1) as the HOC's indicators (Mode A for ``=~``, Mode B for ``<~``) and estimates the user's model
    (:func:`~surveysem.model.higher_order.stage2_model`).

    Stage 2 needs no data pass: the stage-1 scores are linear in the standardized items, Y = Z W, so with S the item
    correlation matrix, corr(x, Y) = S W and corr(Y, Y) = Wᵀ S W (the stage-1 fit's ``indicator_construct_cov``
    and ``construct_corr``). The stage-2 matrix is cut from the augmented matrix [[S, SW], [WᵀS, WᵀSW]], so a
    bootstrap resample redoes stage 1 inside the batch (as seminr does) without a Python loop.

``repeated_indicators`` (SmartPLS; not offered by seminr 2.3.2)
    One model: each HOC is measured by all its LOCs' items (copies named ``item@HOC``), and the inner model gains
    HOC → LOC (reflective HOC) or LOC → HOC (formative HOC) paths
    (:func:`~surveysem.model.higher_order.repeated_indicators_model`). Its matrix is the item matrix with the
    repeated rows and columns. With a formative HOC the LOCs explain the HOC almost fully (R² ≈ 1), so paths from
    antecedents into it are close to zero (Becker et al. 2012; Sarstedt et al. 2019 advise the two-stage approach
    then); :attr:`HigherOrderPlan.warnings` says so.

Reported tables (as seminr combines them): loadings and weights of the stage-2 model, plus the LOCs' items with
their **stage-1** loadings and weights (bootstrapped as plan statistics, group ``loading``/``weight``); the
stage-1 HTMT of every pair (group ``stage1_htmt``) for the lower-order assessment.
"""
from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from ..errors import ConfigError, ModelError
from ..model import Model
from ..model.higher_order import repeated_indicators_model, repeated_item, stage1_model, stage2_model
from ..stats import htmt_batch, zscores
from .algorithm import BatchFit, fit_batch
from .prepare import CrossProducts, PreparedData, correlation
from .structure import Structure

HOC_METHODS = ("two_stage", "repeated_indicators")


def check_structure(model: Model) -> None:
    """The structural errors of a HOC model, named for the user's model: a HOC without any path, then the stage-1
    model's own checks (:meth:`Structure.from_model`)."""
    linked = {end for p in model.paths for end in (p.source, p.target)}
    for c in model.higher_order:
        if c.name not in linked:
            where = f"{model.source}, line {c.line}" if model.source and c.line else (model.source or "model")
            raise ModelError(f"higher-order construct {c.name!r} has no structural path", where=where,
                             fix="PLS-SEM estimates constructs through their paths: add a path to or from it")
    Structure.from_model(stage1_model(model))


class HigherOrderPlan:
    """The plan of a model with higher-order constructs; ``settings["hoc"]`` picks the method (:data:`HOC_METHODS`).

    It has the interface of :class:`surveysem.pls.plan.Plan` without subclassing it (``plan.py`` imports this
    module for :func:`~surveysem.pls.plan.make_plan`, so this module cannot import ``plan.py``).

    Attributes
    ----------
    method : str
    reported_model : Model
        The model the tables report (stage 2, or the repeated-indicators model).
    structure : Structure
        Its arrays; the columns of every matrix :meth:`fit` reports (``fit.S``).
    stage1 : Structure or None
        The stage-1 model's arrays (two-stage); its indicators are the data's items, ``model.indicators``.
    working_width : int
        Columns of the widest matrix of one resample (two-stage: items + stage-1 scores), for batch sizing.
    warnings : list of str
    """

    def __init__(self, model: Model, data: PreparedData, settings: dict):
        if getattr(model, "interactions", ()):  # Model.interactions: the moderation helper's field (issue 13)
            raise ModelError("a model with higher-order constructs and interaction terms is not supported yet",
                             where=model.source or "model",
                             fix="Estimate the higher-order model and the moderation model separately")
        self.model, self.data, self.settings = model, data, settings
        self.method = settings.get("hoc") or "two_stage"
        if self.method not in HOC_METHODS:
            raise ConfigError(f"unknown higher-order method {self.method!r}", where="hoc",
                              fix=f"Use one of {', '.join(HOC_METHODS)}")
        self.warnings: list[str] = []
        items = list(model.indicators)
        if self.method == "two_stage":
            self.stage1: Structure | None = Structure.from_model(stage1_model(model))
            self.reported_model = stage2_model(model)
            self.structure = Structure.from_model(self.reported_model)
            assert list(self.stage1.indicators) == items  # stage 1 keeps the user's item order
            pos = {name: k for k, name in enumerate(items)}
            pos.update({name: len(items) + k for k, name in enumerate(self.stage1.constructs)})
        else:
            self.stage1 = None
            self.reported_model = repeated_indicators_model(model)
            self.structure = Structure.from_model(self.reported_model)
            pos = {name: k for k, name in enumerate(items)}
            for c in model.higher_order:
                if c.pls_mode == "B" and model.predecessors(c.name):
                    self.warnings.append(
                        "repeated indicators: the lower-order constructs explain the formative higher-order "
                        "construct {hoc} almost fully (R² near 1), so the paths into it from {preds} are close to "
                        "zero; the two-stage approach (hoc: two_stage) suits a formative HOC with antecedents "
                        "(Becker et al. 2012; Sarstedt et al. 2019)".format(
                            hoc=c.name, preds=", ".join(model.predecessors(c.name))))
        self._index = np.array([pos[repeated_item(i)] for i in self.structure.indicators], dtype=np.intp)
        #: columns of the widest matrix a resample works on (the bootstrap sizes its batches by it)
        self.working_width = max(len(pos), self.structure.n_indicators)
        self._lower = self._lower_rows()

    # ------------------------------------------------------------------ matrices
    def batches(self, block_bytes: int) -> CrossProducts:
        """The items' weighted correlation matrices of resamples (as the plain plan): :meth:`fit` makes the rest."""
        return CrossProducts(self.data.resample_base.to_numpy(), impute_mean=self.data.missing == "mean",
                             block_bytes=block_bytes)

    def full_sample(self) -> np.ndarray:
        """The items' correlation matrix (the plan's input; :meth:`fit` makes the reported model's from it)."""
        return correlation(self.data.imputed.to_numpy())

    def indicator_data(self) -> pd.DataFrame:
        items = self.data.imputed.to_numpy()
        if self.method == "two_stage":
            fit1 = self.stage1_fit
            assert self.stage1 is not None
            scores = zscores(items) @ (fit1.weights[0][:, None] * self.stage1.membership)
            items = np.concatenate([items, scores], axis=1)
        return pd.DataFrame(items[:, self._index], columns=list(self.structure.indicators))

    @cached_property
    def stage1_fit(self) -> BatchFit:
        """The stage-1 fit of the full sample (two-stage)."""
        return self._fit1(self.full_sample()[None])

    def _fit1(self, S: np.ndarray) -> BatchFit:
        s = self.settings
        assert self.stage1 is not None
        return fit_batch(S, self.stage1, scheme=s["scheme"], tol=s["tol"], max_iter=s["max_iter"])

    def fit(self, S: np.ndarray) -> BatchFit:
        """Stage 1 and stage 2 (two-stage) or the repeated-indicators model on a batch of item matrices."""
        s = self.settings
        if self.method == "two_stage":
            fit1 = self._fit1(S)
            SW = fit1.indicator_construct_cov
            A = np.concatenate([np.concatenate([S, SW], axis=2),
                                np.concatenate([np.swapaxes(SW, 1, 2), fit1.construct_corr], axis=2)], axis=1)
        else:
            fit1, A = None, S
        S2 = A[:, self._index[:, None], self._index[None, :]]
        fit = fit_batch(S2, self.structure, scheme=s["scheme"], tol=s["tol"], max_iter=s["max_iter"])
        fit.S = S2
        if fit1 is not None:
            assert self.stage1 is not None
            fit.ok &= fit1.ok
            fit.converged &= fit1.converged
            H = htmt_batch(S, self.stage1.block, self.stage1.n_constructs)
            fit.extra = {
                "stage1_iterations": fit1.iterations,
                "stage1_loadings": fit1.loadings_for(self.stage1),
                "stage1_weights": fit1.weights,
                "stage1_paths": fit1.path_matrix,
                "stage1_r2": fit1.r2,
                "stage1_htmt": H[:, self._htmt_pairs[:, 0], self._htmt_pairs[:, 1]],
            }
        return fit

    # ------------------------------------------------------------------ plan statistics
    def _lower_rows(self) -> np.ndarray:
        """Positions (in the stage-1 items) of the LOCs' items."""
        if self.stage1 is None:
            return np.empty(0, dtype=np.intp)
        locs = {self.stage1.constructs.index(d) for c in self.model.higher_order for d in c.dimensions}
        return np.array([q for q, k in enumerate(self.stage1.block) if k in locs], dtype=np.intp)

    @cached_property
    def _htmt_pairs(self) -> np.ndarray:
        """Every stage-1 construct pair (a < b); the lower-order HTMT table keeps those with a LOC."""
        assert self.stage1 is not None
        K = self.stage1.n_constructs
        return np.array([(a, b) for a in range(K) for b in range(a + 1, K)], dtype=np.intp).reshape(-1, 2)

    def extra_parameters(self) -> list[dict]:
        """Two-stage: the LOCs' items with their stage-1 loadings and weights (groups ``loading``, ``weight``: they
        join the loadings and weights tables, as seminr combines both stages) and the stage-1 HTMT of every pair
        (group ``stage1_htmt``)."""
        if self.stage1 is None:
            return []
        st = self.stage1
        rows = []
        for group in ("loading", "weight"):
            for q in self._lower:
                c, i = st.constructs[st.block[q]], st.indicators[q]
                rows.append(dict(group=group, construct=c, indicator=i, name=f"{group}:{c}:{i}"))
        for a, b in self._htmt_pairs:
            ca, cb = st.constructs[a], st.constructs[b]
            rows.append(dict(group="stage1_htmt", construct_a=ca, construct_b=cb, name=f"stage1_htmt:{ca}:{cb}"))
        return rows

    def extra_values(self, fit: BatchFit) -> np.ndarray:
        if self.stage1 is None:
            return np.empty((fit.ok.shape[0], 0))
        e = fit.extra
        return np.concatenate([e["stage1_loadings"][:, self._lower], e["stage1_weights"][:, self._lower],
                               e["stage1_htmt"]], axis=1)
