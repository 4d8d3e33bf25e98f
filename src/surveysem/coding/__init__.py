"""Thematic coding across cases: case × theme matrix, prevalence, co-occurrence, audit trail, coder agreement.

>>> from surveysem.coding import run_coding_study
>>> res = run_coding_study("data/live_themes/segments.csv", "data/live_themes/codebook.csv",
...                        cases="data/live_themes/cases.csv")            # doctest: +SKIP
>>> print(res.summary())                                                  # doctest: +SKIP
"""
from .kappa import coder_agreement, cohen_kappa, landis_koch
from .matrix import audit_trail, case_theme_matrix, matrix_wide, theme_cooccurrence, theme_prevalence
from .read import read_cases, read_codebook, read_segments
from .study import CodingResult, run_coding_study

__all__ = [
           "CodingResult",
           "audit_trail",
           "case_theme_matrix",
           "coder_agreement",
           "cohen_kappa",
           "landis_koch",
           "matrix_wide",
           "read_cases",
           "read_codebook",
           "read_segments",
           "run_coding_study",
           "theme_cooccurrence",
           "theme_prevalence",
]
