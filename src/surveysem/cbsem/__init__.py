"""Covariance-based cross-check of a PLS-SEM study with semopy (CFA and CB-SEM), in lavaan's conventions.

Public functions: :func:`fit_cbsem` (→ :class:`CBSEMResult`), :func:`compare_with_pls`,
:func:`comparison_figure`, :func:`save_figure`, :func:`fit_indices`; the CLI command
``surveysem cbsem`` (:func:`add_arguments`, :func:`run`). See ``docs/cbsem.md``.
"""
from .cli import add_arguments, run
from .compare import compare_with_pls, comparison_figure, read_pls_tables, save_figure
from .fit import CBSEMResult, fit_cbsem, semopy_syntax
from .indices import fit_indices

__all__ = ["CBSEMResult", "add_arguments", "compare_with_pls", "comparison_figure", "fit_cbsem", "fit_indices",
           "read_pls_tables", "run", "save_figure", "semopy_syntax"]
