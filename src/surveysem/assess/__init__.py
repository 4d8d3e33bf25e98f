"""Assessment of a PLS-SEM estimate: reliability and validity, discriminant validity, structural model, prediction,
model fit, mediation, item purification — every table with its rule, threshold, verdict and reference.

``assess(res, boot)`` returns an :class:`Assessment` with every table; ``write_assessment`` writes them as CSV.
Loaded lazily: the PLS bootstrap imports ``assess.discriminant`` while ``assess.assessment`` imports the engine.
"""
import importlib

_EXPORTS = {
    "assess": "assessment", "Assessment": "assessment", "write_assessment": "assessment",
    "htmt": "discriminant", "htmt_batch": "discriminant",
    "purify_items": "purify", "mediation": "mediation",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
