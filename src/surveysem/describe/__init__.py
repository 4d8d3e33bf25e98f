"""Respondent profile and item descriptives ("Karakteristik Responden", "analisis deskriptif") of a survey study.

:mod:`.profile` (frequency tables of the demographic columns), :mod:`.items` (answer distribution, total and ideal
score, mean, SD, class interval category, score index, three-box index), :mod:`.rules` (the banding rules with their
numbers and references), :mod:`.figures` (the profile chart), :mod:`.study` (the ``describe`` step). Data level: it
uses the data readers and the model, nothing above.
"""
from .items import bands_table, construct_descriptives, item_descriptives
from .profile import frequency_table, natural_key, respondent_profile, select_columns
from .study import DescribeResult, run_describe

__all__ = ["DescribeResult", "bands_table", "construct_descriptives", "frequency_table", "item_descriptives",
           "natural_key", "respondent_profile", "run_describe", "select_columns"]
