"""Reading survey files (CSV, XLSX, SPSS .sav) and cleaning the model's items.

Row numbers in messages count the header as row 1, as a spreadsheet shows them.
"""
from .clean import CleaningResult, clean_survey, item_descriptives, mahalanobis_d2
from .read import numeric_items, read_table

__all__ = ["CleaningResult", "clean_survey", "item_descriptives", "mahalanobis_d2", "numeric_items", "read_table"]
