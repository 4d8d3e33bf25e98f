"""Locale-aware parsing of the numbers and dates in live-session exports.

TikTok Shop Seller Center, FastMoss and hand-made spreadsheets write the same rupiah amount in many ways::

    Rp1.250.000      Rp 1.250.000,-     1.250.000,00     1,250,000.00     IDR 1250000
    1,25 jt          1,25 juta          1.250rb          12.5K            1.25M

Rules (documented in ``docs/sessions.md``):

1. A currency prefix (``Rp``, ``Rp.``, ``IDR``), spaces inside the number and a trailing ``,-`` (price style
   ``Rp 25.000,-``) are ignored.
2. A magnitude suffix multiplies: ``rb``/``ribu``/``k`` = 10³, ``jt``/``juta``/``m``/``mn`` = 10⁶,
   ``b``/``bn``/``miliar``/``milyar``/``mlr`` = 10⁹ (case-insensitive). ``M`` is *million*, as in the English
   compact notation of analytics exports (FastMoss "12.5M"); write the Indonesian *miliar* out in full.
3. With both ``.`` and ``,`` in a number the last one is the decimal mark.
4. A mark that occurs more than once is a thousands separator (groups of three digits required).
5. A single mark followed by other than exactly three digits, a single mark after a leading ``0``, or a
   single mark in a number with a suffix (``1,25 jt``, ``12.5K``) is the decimal mark.
6. Otherwise (``1.250``, ``1,250``) the cell is ambiguous. A column is read with one decimal mark: the mark its
   unambiguous cells show (rules 3–5), else the ``decimal`` option, else the Indonesian convention (``,`` decimal,
   ``.`` thousands: ``1.250`` = 1250) with a warning. Cells that contradict each other are an error.
"""
from __future__ import annotations

import re
from datetime import datetime

import numpy as np
import pandas as pd

from ..errors import DataError

_SUFFIXES = {
    "rb": 1e3, "ribu": 1e3, "k": 1e3,
    "jt": 1e6, "juta": 1e6, "m": 1e6, "mn": 1e6,
    "b": 1e9, "bn": 1e9, "miliar": 1e9, "milyar": 1e9, "mlr": 1e9,
}
_SUFFIX_RE = "|".join(sorted(_SUFFIXES, key=len, reverse=True))
_CELL = re.compile(
    rf"^(?P<sign>[-+])?\s*(?:rp\.?|idr)?\s*(?P<body>[0-9][0-9.,\s]*?)\s*(?P<suf>{_SUFFIX_RE})?\.?\s*(?:,-)?$",
    re.IGNORECASE)
#: cells that mean "no value" in exports (empty, dash)
MISSING_TOKENS = {"", "-", "–", "—", "n/a", "na", "nan"}


class NumberFormatError(ValueError):
    """A cell is not a number in any supported format (message says why)."""


def _split(text: str):
    """Return (sign, body without spaces, multiplier, has_suffix) or raise NumberFormatError."""
    m = _CELL.match(text.strip())
    if not m:
        raise NumberFormatError("is not a number")
    body = re.sub(r"\s+", "", m.group("body"))
    if body.endswith((".", ",")):
        raise NumberFormatError("ends with a separator")
    suf = (m.group("suf") or "").lower()
    sign = -1.0 if m.group("sign") == "-" else 1.0
    return sign, body, _SUFFIXES.get(suf, 1.0), bool(suf)


def decimal_evidence(text: str) -> str | None:
    """The decimal mark a cell shows unambiguously (``"."`` or ``","``), or None (rules 3–5 of the module)."""
    try:
        _sign, body, _mult, has_suffix = _split(text)
    except NumberFormatError:
        return None
    seps = [c for c in body if c in ".,"]
    if not seps or has_suffix:
        return None
    if "." in seps and "," in seps:
        return seps[-1]
    sep = seps[0]
    if len(seps) > 1:
        return "," if sep == "." else "."
    head, tail = body.split(sep)
    if len(tail) != 3 or head == "0":
        return sep
    return None


def parse_number(text, decimal: str = ",") -> float:
    """Parse one cell written in Indonesian or English number style (see the module docstring).

    Parameters
    ----------
    text : str or number
        The cell. Numbers are returned as float unchanged.
    decimal : {",", "."}
        The decimal mark used for an ambiguous cell such as ``1.250`` (rule 6); ``","`` reads it as 1250.

    Returns
    -------
    float

    Raises
    ------
    NumberFormatError
        With a short reason (``is not a number``, ``has misplaced thousands separators`` ...).

    Examples
    --------
    >>> parse_number("Rp1.250.000"), parse_number("1,25 jt"), parse_number("12.5K"), parse_number("1.250,50")
    (1250000.0, 1250000.0, 12500.0, 1250.5)
    """
    if decimal not in (",", "."):
        raise ValueError(f"decimal must be ',' or '.', not {decimal!r}")
    if isinstance(text, (int, float, np.integer, np.floating)) and not isinstance(text, bool):
        return float(text)
    sign, body, mult, has_suffix = _split(str(text))
    seps = [c for c in body if c in ".,"]
    if not seps:
        return sign * float(body) * mult
    if "." in seps and "," in seps:
        dec = seps[-1]
        thou = "," if dec == "." else "."
        if body.count(dec) != 1:
            raise NumberFormatError(f"has more than one decimal mark {dec!r}")
        whole, frac = body.split(dec)
        _check_groups(whole, thou)
        return sign * float(whole.replace(thou, "") + "." + frac) * mult
    sep = seps[0]
    if len(seps) > 1:
        _check_groups(body, sep)
        return sign * float(body.replace(sep, "")) * mult
    head, tail = body.split(sep)
    if has_suffix or len(tail) != 3 or head == "0" or sep == decimal:
        return sign * float(head + "." + tail) * mult
    return sign * float(head + tail) * mult


def _check_groups(whole: str, thou: str) -> None:
    parts = whole.split(thou)
    if not (1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]) and all(p.isdigit() for p in parts)):
        raise NumberFormatError(f"has misplaced thousands separators {thou!r} (groups of three digits expected)")


def parse_number_column(values: pd.Series, column: str, source: str, decimal: str | None = None,
                        first_row: int = 2, integer: bool = False) -> tuple[np.ndarray, list[str]]:
    """Parse a column of cells to float (missing cells → NaN) with one decimal mark for the whole column.

    Parameters
    ----------
    values : Series
        The cells (text or numbers), in file order.
    column : str
        Column name as in the file (for messages).
    source : str
        File name (for messages).
    decimal : {",", "."}, optional
        Force the decimal mark; default: inferred from the column (module rule 6).
    first_row : int
        Spreadsheet row of the first value (header = row 1, so 2).
    integer : bool
        The column holds counts (viewers, orders): an ambiguous cell such as ``6.148`` or ``1,250`` can only be a
        whole number, so its single mark is read as a thousands separator, without a warning.

    Returns
    -------
    values : ndarray of float
    warnings : list of str

    Raises
    ------
    DataError
        ``<file>, row R, column C: "abc" is not a number. <fix>`` for the first bad cell, or when two cells use
        the decimal mark in contradicting ways.
    """
    cells = list(values)
    texts = [None if _is_missing(c) else c for c in cells]
    warnings: list[str] = []
    if decimal is None:
        votes: dict[str, int] = {}
        for i, t in enumerate(texts):
            if t is None or not isinstance(t, str):
                continue
            ev = decimal_evidence(t)
            if ev is not None and ev not in votes:
                votes[ev] = i
        if len(votes) == 2:
            i_dot, i_com = votes["."], votes[","]
            raise DataError(
                f'row {i_com + first_row} ("{texts[i_com]}") uses "," as the decimal mark but row '
                f'{i_dot + first_row} ("{texts[i_dot]}") uses "." as the decimal mark',
                where=f"{source}, column {column}",
                fix="Write every number of the column in one style, or give the decimal mark explicitly "
                    "(--decimal , or --decimal .)")
        decimal = next(iter(votes)) if votes else None
    out = np.full(len(cells), np.nan)
    ambiguous = []
    for i, t in enumerate(texts):
        if t is None:
            continue
        amb = isinstance(t, str) and _is_ambiguous(t)
        try:
            if integer and amb:
                out[i] = parse_number(t, "," if t.count(".") else ".")
            else:
                out[i] = parse_number(t, decimal or ",")
        except NumberFormatError as exc:
            raise DataError(f'"{cells[i]}" {exc}', where=f"{source}, row {i + first_row}, column {column}",
                            fix="Write it as a number such as 1250000, Rp1.250.000, 1,25 jt or 12.5K, "
                                "or leave the cell empty") from None
        if decimal is None and amb and not integer:
            ambiguous.append(i)
    if ambiguous:
        i = ambiguous[0]
        warnings.append(
            f'{source}, column {column}: {len(ambiguous)} cell(s) such as "{texts[i]}" (row {i + first_row}) could be '
            f'read either way; read with "." as the thousands separator (Indonesian style: "{texts[i]}" = '
            f"{out[i]:,.0f}). Give --decimal . if they are decimals")
    return out, warnings


def _is_ambiguous(text: str) -> bool:
    try:
        _sign, body, _mult, has_suffix = _split(text)
    except NumberFormatError:
        return False
    seps = [c for c in body if c in ".,"]
    return len(seps) == 1 and not has_suffix and decimal_evidence(text) is None


def _is_missing(cell) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float) and np.isnan(cell):
        return True
    if cell is pd.NA or cell is pd.NaT:
        return True
    return isinstance(cell, str) and cell.strip().lower() in MISSING_TOKENS


_MONTHS_ID = {
    "januari": "jan", "februari": "feb", "pebruari": "feb", "maret": "mar", "mei": "may", "juni": "jun",
    "juli": "jul", "agustus": "aug", "agu": "aug", "agt": "aug", "oktober": "oct", "okt": "oct",
    "nopember": "nov", "nop": "nov", "desember": "dec", "des": "dec",
}
_MONTH_RE = re.compile(r"\b(" + "|".join(sorted(_MONTHS_ID, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_TZ_RE = re.compile(r"\s*\b(WIB|WITA|WIT)\b\s*$", re.IGNORECASE)


def parse_datetime_column(values: pd.Series, column: str, source: str, first_row: int = 2) -> pd.Series:
    """Parse session start times to naive timestamps.

    ISO 8601 (``2026-01-05 19:30``) first; otherwise day-first as written in Indonesia (``05/01/2026 19.30``,
    ``5 Januari 2026 19:30``; Indonesian month names and a trailing ``WIB``/``WITA``/``WIT`` accepted). Time zones
    are dropped (the local clock time is kept).

    Raises
    ------
    DataError
        For an empty or unreadable cell, naming file, row and column.
    """
    cells = list(values)
    out = []
    for i, c in enumerate(cells):
        where = f"{source}, row {i + first_row}, column {column}"
        if _is_missing(c):
            raise DataError("the session start is empty", where=where,
                            fix="Give the date and time the session started, e.g. 2026-01-05 19:30")
        if isinstance(c, (pd.Timestamp, datetime)):
            ts = pd.Timestamp(c)
        else:
            text = _TZ_RE.sub("", str(c).strip())
            text = _MONTH_RE.sub(lambda m: _MONTHS_ID[m.group(1).lower()], text)
            text = re.sub(r"(\d{1,2})\.(\d{2})(?=(:\d{2})?$)", r"\1:\2", text)  # 19.30 -> 19:30 (Indonesian)
            ts = None
            try:
                ts = pd.Timestamp(datetime.fromisoformat(text))
            except ValueError:
                try:
                    ts = pd.to_datetime(text, dayfirst=True)
                except (ValueError, OverflowError, TypeError):
                    ts = None
            if ts is None or pd.isna(ts):
                raise DataError(f'"{c}" is not a date and time', where=where,
                                fix="Write it as 2026-01-05 19:30 (ISO) or 05/01/2026 19:30 (day first)")
        if ts.tzinfo is not None:
            ts = ts.tz_localize(None)
        out.append(ts)
    return pd.Series(pd.DatetimeIndex(out), index=values.index, name=column)
