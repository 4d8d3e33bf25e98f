"""Reading survey files (CSV, XLSX, SPSS .sav) and preparing indicator data.

Row numbers in messages count the header as row 1, as a spreadsheet shows them.
"""
from .read import numeric_items, read_table

__all__ = ["numeric_items", "read_table"]
