"""Read a questionnaire file into a DataFrame and check that the model's items are numeric.

Errors name the file, the row (header = row 1, as a spreadsheet shows it) and the column.

Reading is strict where a lenient reader would shift or invent data (docs/cleaning.md, "Reading the file"):

* A CSV is split with Python's :mod:`csv` module (quotes respected) and every row must have as many fields as the
  header. A trailing delimiter on the data rows only, an extra field, a header missing a name or a decimal comma in a
  comma-separated file would otherwise move every answer one column to the side; each is a one-line
  :class:`~surveysem.errors.DataError` naming the row. A trailing column that is empty in every row *including* the
  header (a delimiter at the end of every line) carries nothing and is ignored, as is any unnamed column that is
  empty in every row; an unnamed column with data (R's ``write.csv`` row names) is kept as ``Unnamed: j``.
* Rows whose cells are all empty (blank lines, or only delimiters as Excel writes an emptied row) are not
  respondents: they are skipped, and their row numbers are kept in ``attrs["blank_rows"]`` so that the cleaning
  report and ``run.json`` can count them. The remaining rows keep their file row numbers
  (``attrs["row_numbers"]``, see :func:`row_numbers`).
* The file's bytes decide its format, not its name: an Excel workbook, an SPSS file or a CSV under another
  extension, a binary file or a web page is named in one line. Text is read as UTF-8 (with or without a byte-order
  mark), UTF-16 with a byte-order mark, or Windows-1252 (:mod:`surveysem.textfile`).
"""
from __future__ import annotations

import contextlib
import csv
import io
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from ..textfile import FileKind, describe

_DELIMITERS = [",", ";", "\t", "|"]
_TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
_EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")

#: largest magnitude accepted in a questionnaire item by :func:`numeric_items` (a Likert, slider or count answer
#: never comes near it; 1e20 or 1e200 is a typing or export error, and values beyond ~1e154 overflow the variance)
MAX_ABS_ITEM = 1e6


def read_table(path: str | os.PathLike, sheet: str | int | None = 0) -> pd.DataFrame:
    """Read a CSV (delimiter detected), Excel (``.xlsx``/``.xlsm``) or SPSS (``.sav``) file.

    Cells are read as text for CSV so that :func:`numeric_items` can name a bad cell; Excel and SPSS
    keep their stored types. The result carries ``attrs``: ``source`` (the file name), ``row_numbers`` (file row
    of each data row, header = row 1), ``blank_rows`` (rows skipped because every cell is empty) and, for CSV,
    ``delimiter``, ``decimal`` and ``encoding``.

    Raises
    ------
    DataError
        Missing file, unknown format, a file whose content is not what its name says (binary, another format),
        an encoding that is neither UTF-8/UTF-16 nor Windows-1252, a row whose number of fields differs from the
        header's, a repeated column name, no data rows, or a CSV whose delimiter gives a single column while another
        delimiter would split it.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"data file {str(path)!r} does not exist", fix="Check the path in config.yaml or --data")
    if path.is_dir():
        raise DataError(f"data file {str(path)!r} is a folder, not a file", fix="Give the path of the survey file")
    suffix = path.suffix.lower()
    if suffix not in _TEXT_SUFFIXES + _EXCEL_SUFFIXES + (".sav",):
        raise DataError(f"unknown data format {suffix!r}", where=str(path),
                        fix="Use a .csv, .xlsx or .sav file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read the file ({exc.strerror or exc})", where=str(path)) from None
    if not raw.strip():
        raise DataError("the file is empty", where=str(path))
    kind = describe(raw, str(path), DataError)
    if suffix in _TEXT_SUFFIXES:
        if kind.kind != "text" or not kind.description.endswith(("(a CSV file)", "plain text")):
            raise _wrong_content(path, kind)
        assert kind.text is not None  # describe() decodes every file of kind "text"
        df = _read_csv(kind.text, path)
        df.attrs["encoding"] = kind.encoding
    elif suffix in _EXCEL_SUFFIXES:
        if kind.kind != "xlsx":
            raise _wrong_content(path, kind)
        df = _read_excel(raw, path, sheet)
    else:
        if kind.kind not in ("sav", "zsav"):
            raise _wrong_content(path, kind)
        df = _read_sav(path)
    if df.shape[0] == 0:
        raise DataError("the file has a header but no data rows", where=str(path))
    df.columns = [str(c).strip() for c in df.columns]
    _check_single_column(df, path)
    dupes = df.columns[df.columns.duplicated()].tolist()
    if dupes:
        raise DataError(f"column name {dupes[0]!r} appears twice", where=f"{path}, row 1",
                        fix="Give every column a unique name")
    df.attrs["source"] = str(path)
    return df


class Rows(tuple):
    """File row numbers kept in ``DataFrame.attrs``: immutable, so pandas' deep copy of ``attrs`` after every
    operation (``NDFrame.__finalize__``) is free instead of copying a list of thousands of numbers each time."""

    __slots__ = ()

    def __deepcopy__(self, memo) -> Rows:
        return self


def row_numbers(df: pd.DataFrame) -> np.ndarray:
    """File row number (header = row 1) of each row of a table read by :func:`read_table`.

    Skipped blank rows keep their numbers out of the sequence, so row 14 is the fourteenth row a spreadsheet
    shows. For any other frame (or one whose rows were since filtered) the rows are numbered 2, 3, ...
    """
    rows = df.attrs.get("row_numbers")
    if rows is not None and len(rows) == len(df):
        return np.asarray(rows, dtype=np.int64)
    return np.arange(len(df), dtype=np.int64) + 2


def _wrong_content(path: Path, kind: FileKind) -> DataError:
    suffix = path.suffix.lower()
    fixes = {
        "xlsx": "Rename the file to .xlsx",
        "sav": "Rename the file to .sav",
        "ole2": "Open it in Excel and save it as .xlsx (Excel Workbook) or as CSV UTF-8, without a password",
    }
    if kind.kind == "text":
        if kind.description.endswith(("(a CSV file)", "plain text")):
            fix = "Rename the file to .csv"
        else:
            fix = "Open it in Excel (or the tool that made it) and save it as .xlsx or as CSV UTF-8"
    else:
        fix = fixes.get(kind.kind, "Export the survey answers as CSV UTF-8, .xlsx or .sav")
    return DataError(f"the file is named {suffix} but seems to be {kind.description}", where=str(path), fix=fix)


# ------------------------------------------------------------------------------------------------------------- CSV
def _read_csv(text: str, path: Path) -> pd.DataFrame:
    """Split CSV text into a frame of text cells, checking every row's number of fields against the header."""
    if not text.strip():
        raise DataError("the file is empty", where=str(path))
    hint = _SEP_LINE.match(text)  # Excel's "sep=;" first line names the delimiter and is not a row
    if hint:
        delim = hint.group(1)
        records, lines = _records(text[hint.end():], delim, path)
        lines = [ln + 1 for ln in lines]
    else:
        delim = _detect_delimiter(text)
        records, lines = _records(text, delim, path)
    first = next((k for k, rec in enumerate(records) if not _blank(rec)), None)
    if first is None:
        raise DataError("the file has no header: every row is empty", where=str(path))
    header = [h.strip() for h in records[first]]
    header_row = first + 1
    data = [(k + 1, rec) for k, rec in enumerate(records[first + 1:], start=first + 1)]
    blank = [r for r, rec in data if _blank(rec)]
    data = [(r, rec) for r, rec in data if not _blank(rec)]
    width = _check_widths(header, header_row, data, lines, path, delim)
    names = header[:width]
    columns: list[list[str]] = [[] for _ in range(width)]
    for _, rec in data:
        for j in range(width):
            columns[j].append(rec[j] if j < len(rec) else "")
    keep = []
    for j, name in enumerate(names):
        if name:
            keep.append(j)
        elif any(v.strip() for v in columns[j]):  # e.g. the row names R's write.csv puts under an empty header cell
            names[j] = f"Unnamed: {j}"  # pandas' name for it; the header has all its cells, so nothing shifts
            keep.append(j)
    df = pd.DataFrame({k: [v if v.strip() else None for v in columns[j]] for k, j in enumerate(keep)}, dtype=object)
    df.columns = [names[j] for j in keep]  # repeated names stay repeated, for read_table to report
    df.attrs["decimal"] = "," if delim == ";" else "."  # decimal commas are common with ';' (European exports)
    df.attrs["delimiter"] = delim
    df.attrs["row_numbers"] = Rows(r for r, _ in data)
    df.attrs["blank_rows"] = Rows(blank)
    return df


_SEP_LINE = re.compile(r"\A[ \t]*sep=([,;\t|])[ \t]*(?:\r\n|\r|\n)", re.IGNORECASE)


def _detect_delimiter(text: str) -> str:
    """The candidate delimiter that splits the first non-blank line (quotes respected) into the most fields."""
    best, best_n = ",", 1
    for d in _DELIMITERS:
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=d, skipinitialspace=True, strict=False)
            first = next((rec for rec in reader if not _blank(rec)), [])
        except csv.Error:
            continue
        if len(first) > best_n:
            best, best_n = d, len(first)
    return best


def _records(text: str, delim: str, path: Path) -> tuple[list[list[str]], list[int]]:
    """Every record (a spreadsheet row) and the file line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, skipinitialspace=True, strict=False)
    records, lines = [], []
    line = 1
    try:
        for rec in reader:
            records.append(rec)
            lines.append(line)
            line = reader.line_num + 1
    except csv.Error as exc:
        r = len(records) + 1
        raise DataError(f"cannot split the row into fields ({exc}); a quote (\") opened here may not be closed",
                        where=f"{path}, {_where_row(r, lines + [line])}",
                        fix="Close or remove the quote, or save the file again from the spreadsheet") from None
    return records, lines


def _check_widths(header: list[str], header_row: int, data: list[tuple[int, list[str]]], lines: list[int],
                  path: Path, delim: str) -> int:
    """Number of columns to keep; raise when a row's fields do not line up with the header.

    Trailing header cells that are empty, above columns that are empty in every row, are dropped (a delimiter at
    the end of every line including the header). Every other difference in the number of fields is an error: the
    cells after the difference would land in the wrong columns.
    """
    full = len(header)
    width = full
    while width > 1 and not header[width - 1] and all(len(rec) < width or not rec[width - 1].strip()
                                                      for _, rec in data):
        width -= 1
    bad = [(r, rec) for r, rec in data if not width <= len(rec) <= full]
    if not bad:
        return width
    name = _name(delim)
    r, rec = bad[0]
    others = f" ({len(bad) - 1} more row{'s' if len(bad) > 2 else ''} like it)" if len(bad) > 1 else ""
    extra = {len(rec2) - full for _, rec2 in bad}
    every_row = len(bad) == len(data)
    if any("\n" in f or "\r" in f for f in rec):
        what = (f"the row has {len(rec)} fields but the header has {full}: a quote (\") opened in this row is not "
                f"closed, so the following lines were read into one cell{others}")
        fix = "Close or remove the quote"
    elif every_row and extra == {1} and all(not rec2[-1].strip() for _, rec2 in bad):
        what = (f"every data row ends with a {name} that the header (row {header_row}) does not have: the rows have "
                f"{full + 1} fields, the header {full}, so every answer would shift one column")
        fix = f"Remove the {name} at the end of the data rows, or end the header row with one too"
    elif every_row and len(extra) == 1 and min(extra) > 0:
        k = min(extra)
        what = (f"every data row has {full + k} fields but the header (row {header_row}) names only {full} columns: "
                f"the header misses {k} name{'s' if k > 1 else ''}, so every answer would shift")
        fix = "Add the missing column names to the header row"
    elif len(rec) > full:
        k = len(rec) - full
        decimal = " or a decimal comma such as 3,5" if delim == "," else ""
        what = (f"the row has {len(rec)} fields but the header (row {header_row}) has {full}: {k} extra "
                f"field{'s' if k > 1 else ''} (an extra {name}{decimal}) would shift the answers after "
                f"{'them' if k > 1 else 'it'}{others}")
        fix = f"Remove the extra {name}" + ("; write decimals with a point (3.5)" if decimal else "")
    else:
        k = full - len(rec)
        what = (f"the row has {len(rec)} field{'s' if len(rec) != 1 else ''} but the header (row {header_row}) has "
                f"{full}: {k} field{'s are' if k > 1 else ' is'} missing, so the answers after the gap would "
                f"shift{others}")
        fix = f"Add the missing {name}{'s' if k > 1 else ''} (an empty cell is two {name}s in a row)"
    raise DataError(what, where=f"{path}, {_where_row(r, lines)}", fix=fix)


def _blank(rec: list[str]) -> bool:
    return all(not f.strip() for f in rec)


def _where_row(r: int, lines: list[int]) -> str:
    """``row 12`` or ``row 12 (line 14)`` when quoted line breaks make the file's line differ from the row."""
    line = lines[r - 1] if 0 < r <= len(lines) else r
    return f"row {r}" if line == r else f"row {r} (line {line})"


# ----------------------------------------------------------------------------------------------- Excel and SPSS
def _read_excel(raw: bytes, path: Path, sheet) -> pd.DataFrame:
    try:
        df = pd.read_excel(io.BytesIO(raw), sheet_name=sheet, engine="openpyxl")
    except ValueError as exc:
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "orksheet" in text:
            raise DataError(f"sheet {sheet!r} is not in the workbook ({text})", where=str(path),
                            fix="Give --sheet as a sheet name or a 0-based number") from None
        raise DataError(f"cannot read the workbook ({text})", where=str(path),
                        fix="Open it in Excel and save it again as .xlsx, or as CSV UTF-8") from None
    except Exception as exc:  # openpyxl raises many types for damaged files; none is a programming error here
        text = (str(exc).splitlines() or [""])[0][:120]
        raise DataError(f"cannot read the workbook ({type(exc).__name__}: {text})", where=str(path),
                        fix="Open it in Excel and save it again as .xlsx, or as CSV UTF-8") from None
    if isinstance(df, dict):  # sheet_name=None gives every sheet
        raise DataError("give one sheet", where=str(path), fix="Use --sheet NAME or a 0-based number")
    return _drop_blank_rows(_drop_unnamed(df), offset=2)


def _read_sav(path: Path) -> pd.DataFrame:
    import pyreadstat

    try:
        df, _meta = pyreadstat.read_sav(str(path), apply_value_formats=False)
    except Exception as exc:  # pyreadstat's ReadstatError and friends
        text = (str(exc).splitlines() or [""])[0][:120]
        raise DataError(f"cannot read the SPSS file ({type(exc).__name__}: {text})", where=str(path),
                        fix="Open it in SPSS and save it again, or export it as CSV UTF-8") from None
    return _drop_blank_rows(df, offset=2)


def _drop_unnamed(df: pd.DataFrame) -> pd.DataFrame:
    """Excel header cells left empty: pandas names them 'Unnamed: j'. Drop such columns when they are empty too."""
    drop = [c for c in df.columns if isinstance(c, str) and c.startswith("Unnamed: ")
            and not (df[c].notna() & (df[c].astype(str).str.strip() != "")).any()]
    return df.drop(columns=drop) if drop else df


def _drop_blank_rows(df: pd.DataFrame, offset: int) -> pd.DataFrame:
    rows = np.arange(len(df)) + offset
    empty = df.isna() | df.astype(str).apply(lambda s: s.str.strip() == "")
    blank = empty.all(axis=1).to_numpy() if df.shape[1] else np.zeros(len(df), bool)
    out = df[~blank].reset_index(drop=True) if blank.any() else df
    out.attrs["row_numbers"] = Rows(int(r) for r in rows[~blank])
    out.attrs["blank_rows"] = Rows(int(r) for r in rows[blank])
    return out


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
    max_abs: float | None = MAX_ABS_ITEM,
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
    max_abs : float or None
        Largest magnitude accepted (default :data:`MAX_ABS_ITEM`, 1e6); ``None`` accepts any finite number (for
        callers that check a declared answer scale themselves, as :func:`surveysem.data.clean_survey` does).

    Raises
    ------
    DataError
        On the first cell that is neither a number, empty, nor a missing marker:
        ``data.csv, row 18, column like_2: "lima" is not a number. ...``; on a value that is not finite
        (``inf``, ``1e400``) or larger in magnitude than ``max_abs``. Rows are the file's (header = row 1).
    """
    source = source or df.attrs.get("source", "data")
    decimal = df.attrs.get("decimal", ".")
    rows = row_numbers(df)
    markers = {str(m).strip() for m in missing_values}
    marker_nums = set()
    for m in markers:
        with contextlib.suppress(ValueError):
            marker_nums.add(float(m.replace(",", ".")))
    missing_cols = [c for c in columns if c not in df.columns]
    if missing_cols:
        raise DataError(f"column {missing_cols[0]!r} is not in the file", where=source)
    text_cols = [c for c in columns if df[c].dtype == object or pd.api.types.is_string_dtype(df[c])]
    parsed = _parse_numbers(df, text_cols, markers, decimal)  # all text columns at once: one pass, not one per column
    n = len(df)
    out = {}
    for col in columns:
        s = df[col]
        if col in parsed:
            values, bad = parsed[col]
            if bad.any():
                pos = int(np.flatnonzero(bad)[0])
                more = sum(int(parsed[c][1].sum()) for c in text_cols) - 1
                also = f" ({more} more non-numeric cell{'s' if more != 1 else ''} in the model's columns)" if more else ""
                comma = (" (a decimal comma in a comma-separated file: write 3.5)"
                         if decimal == "." and "," in str(s.iloc[pos]) else "")
                raise DataError(
                    f'"{str(s.iloc[pos])[:40]}" is not a number{comma}{also}',
                    where=f"{source}, row {rows[pos]}, column {col}",
                    fix="Recode the answer as a number or mark it missing (leave it empty or use the missing-value code)")
        else:
            values = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan).reshape(n)
        if marker_nums:
            values = np.where(np.isin(values, list(marker_nums)), np.nan, values)
        _check_magnitude(values, s, rows, col, source, max_abs)
        out[col] = values
    return pd.DataFrame(out, index=df.index)


def _parse_numbers(df: pd.DataFrame, columns: list[str], markers: set[str],
                   decimal: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Text cells → (floats with NaN for empty cells and markers, mask of cells that are not numbers), per column."""
    if not columns:
        return {}
    n = len(df)
    flat = pd.Series(df[columns].to_numpy(dtype=object).ravel(order="F"), dtype="string").str.strip()
    flat = flat.mask(flat.isin(markers))
    if decimal == ",":
        flat = flat.str.replace(",", ".", regex=False)
    num = pd.to_numeric(flat, errors="coerce")
    bad = (num.isna() & flat.notna() & (flat != "")).to_numpy(dtype=bool)
    values = num.to_numpy(dtype=float, na_value=np.nan)
    return {c: (values[k * n:(k + 1) * n], bad[k * n:(k + 1) * n]) for k, c in enumerate(columns)}


def _check_magnitude(values: np.ndarray, cells: pd.Series, rows: np.ndarray, col: str, source: str,
                     max_abs: float | None) -> None:
    """Stop at a value that is not finite, or larger than ``max_abs``: it would be estimated, or overflow the
    variance (|x| > ~1e154 squares to infinity) and be reported as a constant item."""
    with np.errstate(invalid="ignore"):
        inf = np.isinf(values)
        big = (np.abs(values) > max_abs) if max_abs is not None else np.zeros(len(values), bool)
    hit = np.flatnonzero(inf | big)
    if not hit.size:
        return
    pos = int(hit[0])
    shown = str(cells.iloc[pos]).strip()[:40]
    more = f" ({hit.size - 1} more such value{'s' if hit.size > 2 else ''} in {col})" if hit.size > 1 else ""
    where = f"{source}, row {rows[pos]}, column {col}"
    if inf[pos]:
        raise DataError(f'"{shown}" is not a finite number{more}', where=where,
                        fix="Correct the answer or mark it missing (leave it empty or use the missing-value code)")
    raise DataError(
        f'"{shown}" is implausibly large for a questionnaire answer (|x| > {max_abs:,.0f}){more}', where=where,
        fix="Correct the answer or mark it missing; for an indicator measured on a large scale (e.g. income) "
            "rescale the column (e.g. in millions): PLS standardizes every indicator, so the estimate is unchanged")
