"""Read a questionnaire file into a DataFrame and check that the model's items are numeric.

Errors name the file, the row (header = row 1, as a spreadsheet shows it) and the column.
"""
from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from ..errors import DataError

_DELIMITERS = [",", ";", "\t", "|"]


def read_table(path: str | os.PathLike, sheet: str | int | None = 0) -> pd.DataFrame:
    """Read a CSV (delimiter detected), Excel (``.xlsx``/``.xls``) or SPSS (``.sav``) file.

    Cells are read as text for CSV so that :func:`numeric_items` can name a bad cell; Excel and SPSS
    keep their stored types. The result carries ``attrs["source"]`` (the file name).

    Raises
    ------
    DataError
        Missing file, unknown format, empty file, or a CSV whose delimiter gives a single column
        while another delimiter would split it.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"data file {str(path)!r} does not exist", fix="Check the path in config.yaml or --data")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        df = _read_csv(path)
    elif suffix in (".xlsx", ".xlsm", ".xls"):
        df = pd.read_excel(path, sheet_name=sheet)
    elif suffix == ".sav":
        import pyreadstat

        df, _meta = pyreadstat.read_sav(str(path), apply_value_formats=False)
    else:
        raise DataError(f"unknown data format {suffix!r}", where=str(path),
                        fix="Use a .csv, .xlsx or .sav file")
    if df.shape[0] == 0:
        raise DataError("the file has a header but no data rows", where=str(path))
    df.columns = [str(c).strip() for c in df.columns]
    _check_single_column(df, path)
    dupes = df.columns[df.columns.duplicated()].tolist()
    if dupes:
        raise DataError(f"column name {dupes[0]!r} appears twice", where=str(path), fix="Give every column a unique name")
    df.attrs["source"] = str(path)
    return df


def _read_csv(path: Path) -> pd.DataFrame:
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise DataError("the file is empty", where=str(path))
    header = lines[0]
    counts = {d: header.count(d) for d in _DELIMITERS}
    delim = max(counts, key=lambda d: counts[d])
    if counts[delim] == 0:
        delim = ","
    # a decimal comma with ';' as delimiter is common in Indonesian/European exports
    decimal = "," if delim == ";" else "."
    try:
        df = pd.read_csv(path, sep=delim, dtype=str, keep_default_na=False, na_values=[""],
                         encoding="utf-8-sig", skipinitialspace=True)
    except pd.errors.ParserError as exc:
        raise DataError(f"cannot parse the file as a table ({str(exc).splitlines()[0]})", where=str(path),
                        fix=f"Check that every row has the same number of {_name(delim)}-separated fields")
    except csv.Error as exc:  # pragma: no cover - pandas wraps most csv errors
        raise DataError(f"cannot parse the file ({exc})", where=str(path))
    df.attrs["decimal"] = decimal
    df.attrs["delimiter"] = delim
    return df


def _check_single_column(df: pd.DataFrame, path: Path) -> None:
    """A table that parses to one column whose header holds ``;`` or ``,`` was split at the wrong delimiter.

    Typical causes: every line of a CSV wrapped in quotes (``"a;b;c"``), or a CSV pasted into column A of an
    Excel sheet. The column would otherwise surface later as "indicator not found".
    """
    if df.shape[1] != 1:
        return
    header = str(df.columns[0])
    for delim in (";", ",", "\t", "|"):
        if delim in header:
            n = len(header.split(delim))
            if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
                fix = (f"The sheet holds {_name(delim)}-separated text in one column: in Excel use Data > Text to "
                       f"Columns with the {_name(delim)} delimiter, or save the file as .csv")
            else:
                fix = (f"Save the file as a plain {_name(delim)}-separated CSV without quotes around whole lines "
                       f"(in Excel: Save As > CSV)")
            raise DataError(
                f"the header {header[:60]!r} was read as a single column although it contains {n - 1} "
                f"{_name(delim)}s, so the file uses a delimiter the reader could not split on",
                where=f"{path}, row 1", fix=fix)


def _name(delim: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}[delim]


def numeric_items(
    df: pd.DataFrame,
    columns: Sequence[str],
    missing_values: Iterable[float | str] = (),
    source: str | None = None,
) -> pd.DataFrame:
    """Return ``df[columns]`` as float, with missing-value markers set to NaN.

    Parameters
    ----------
    df : DataFrame
        As returned by :func:`read_table` (text cells) or any numeric frame.
    columns : sequence of str
        The model's indicators.
    missing_values : iterable
        Marker values such as ``-99`` that mean "no answer".
    source : str, optional
        File name for messages (default ``df.attrs["source"]``).

    Raises
    ------
    DataError
        On the first cell that is neither a number, empty, nor a missing marker:
        ``data.csv, row 18, column like_2: "lima" is not a number. ...``.
    """
    source = source or df.attrs.get("source", "data")
    decimal = df.attrs.get("decimal", ".")
    markers = {str(m).strip() for m in missing_values}
    marker_nums = set()
    for m in markers:
        try:
            marker_nums.add(float(m.replace(",", ".")))
        except ValueError:
            pass
    missing_cols = [c for c in columns if c not in df.columns]
    if missing_cols:
        raise DataError(f"column {missing_cols[0]!r} is not in the file", where=source)
    out = {}
    for col in columns:
        s = df[col]
        if s.dtype == object or pd.api.types.is_string_dtype(s):
            txt = s.astype("string").str.strip()
            txt = txt.mask(txt.isin(markers))
            if decimal == ",":
                txt = txt.str.replace(",", ".", regex=False)
            num = pd.to_numeric(txt, errors="coerce")
            bad = num.isna() & txt.notna() & (txt != "")
            if bad.any():
                pos = int(np.flatnonzero(bad.to_numpy())[0])
                more = _count_bad_cells(df, columns, markers, decimal) - 1
                also = f" ({more} more non-numeric cell{'s' if more != 1 else ''} in the model's columns)" if more else ""
                raise DataError(
                    f'"{s.iloc[pos]}" is not a number{also}',
                    where=f"{source}, row {pos + 2}, column {col}",
                    fix="Recode the answer as a number or mark it missing (leave it empty or use the missing-value code)")
            num = num.astype(float)
        else:
            num = pd.to_numeric(s, errors="coerce").astype(float)
        if marker_nums:
            num = num.mask(num.isin(marker_nums))
        out[col] = num.to_numpy(dtype=float)
    return pd.DataFrame(out, index=df.index)


def _count_bad_cells(df: pd.DataFrame, columns: Sequence[str], markers: set[str], decimal: str) -> int:
    total = 0
    for col in columns:
        s = df[col]
        if not (s.dtype == object or pd.api.types.is_string_dtype(s)):
            continue
        txt = s.astype("string").str.strip()
        txt = txt.mask(txt.isin(markers))
        if decimal == ",":
            txt = txt.str.replace(",", ".", regex=False)
        num = pd.to_numeric(txt, errors="coerce")
        total += int((num.isna() & txt.notna() & (txt != "")).sum())
    return total
