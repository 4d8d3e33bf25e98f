"""Covariance-based cross-check of a PLS-SEM study with semopy (CFA and CB-SEM), in lavaan's conventions.

Public functions: :func:`fit_cbsem` (→ :class:`CBSEMResult`), :func:`compare_with_pls`,
:func:`comparison_figure`, :func:`save_figure`, :func:`fit_indices`. The CLI command ``surveysem cbsem`` lives in
:mod:`surveysem.cbsem.cli` (above the library, which never imports it). See ``docs/cbsem.md``.
"""
from .compare import compare_with_pls, comparison_figure, read_pls_tables, save_figure
from .fit import CBSEMResult, fit_cbsem, semopy_syntax
from .indices import fit_indices

__all__ = ["CBSEMResult", "compare_with_pls", "comparison_figure", "fit_cbsem", "fit_indices", "read_pls_tables",
           "save_figure", "semopy_syntax"]
