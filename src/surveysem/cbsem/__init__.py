"""Covariance-based cross-check of a PLS-SEM study with semopy (CFA and CB-SEM), in lavaan's conventions.

Public functions: :func:`fit_cbsem` (→ :class:`CBSEMResult`), :func:`compare_with_pls`,
:func:`comparison_figure`; the CLI command ``surveysem cbsem`` (``add_arguments``/``run``).
See ``docs/cbsem.md``.
"""
from .fit import CBSEMResult, fit_cbsem, semopy_syntax
from .indices import fit_indices

__all__ = ["CBSEMResult", "fit_cbsem", "fit_indices", "semopy_syntax"]
