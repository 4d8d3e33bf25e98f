"""Assessment of a PLS-SEM estimate: reliability and validity, discriminant validity, structural model, prediction,
model fit, mediation, item purification — every table with its rule, threshold, verdict and reference.

``assess(res, boot)`` returns an :class:`Assessment` with every table; ``Assessment.write(out)`` (or
``write_assessment`` beside the engine's tables) writes them as CSV. The assessment builds on the PLS engine
(assess → pls), never the other way round.
"""
from .assessment import Assessment, assess, write_assessment
from .discriminant import htmt
from .mediation import mediation
from .purify import purify_items

__all__ = ["Assessment", "assess", "htmt", "mediation", "purify_items", "write_assessment"]
