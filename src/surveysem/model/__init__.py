"""Model descriptions: lavaan syntax → :class:`Model` value object (and back).

One model file per study serves the PLS engine and semopy alike::

    COMP =~ comp_1 + comp_2 + comp_3     # reflective construct (PLS Mode A)
    QUAL <~ qual_1 + qual_2              # composite / formative construct (PLS Mode B)
    CUSA =~ cusa                         # single-item construct
    CUSL ~ COMP + QUAL + CUSA            # structural paths
    y1 ~~ y5                             # residual covariance (CB-SEM only; PLS ignores it)
"""
from .spec import Construct, Covariance, Model, Path, Term
from .syntax import parse_model, read_model

__all__ = ["Construct", "Covariance", "Model", "Path", "Term", "parse_model", "read_model"]
