""":func:`make_plan`: the plan of a model, the one module that knows every method's :class:`~surveysem.pls.plan.Plan`.

The base class lives in :mod:`surveysem.pls.plan`; each advanced method's subclass lives in its own module and
imports it (``pls/higher_order.py``, ...). The dispatch is here, above them, because a module-level import of a
method module from ``plan.py`` would be an import cycle (``tests/test_layers.py`` forbids cycles and
function-level imports).
"""
from __future__ import annotations

from ..errors import ModelError
from ..model import Model
from .higher_order import HigherOrderPlan
from .plan import Plan
from .prepare import PreparedData


def make_plan(model: Model, data: PreparedData, settings: dict) -> Plan:
    """The plan of ``model`` with ``settings`` (scheme, tol, max_iter, and the advanced-model settings: ``hoc``)."""
    if model.higher_order:
        if getattr(model, "interactions", ()):  # Model.interactions: the moderation helper's field (issue 13)
            raise ModelError("a model with higher-order constructs and interaction terms is not supported yet",
                             where=model.source or "model",
                             fix="Estimate the higher-order model and the moderation model separately")
        return HigherOrderPlan(model, data, settings)
    return Plan(model, data, settings)
