"""Item codes from question-text headers, and the columns an analysis never reads (timestamps).

A Google Forms (or Microsoft Forms, Kobo) export names each column by the whole question, and a questionnaire
numbers its questions with the item code: ``X1.1 Saya bersedia memberikan informasi pribadi kepada Bukalapak``.
:func:`item_columns` finds the column of each model item:

* ``exact``: the column named exactly as the item (what surveysem always did);
* ``prefix``: the one header that starts with the item code followed by a space, ``.``, ``)`` or ``:`` and then
  white space or the end of the header (``X1.1 Saya...``, ``X1.1. Saya...``, ``X1.1) Saya...``, ``X1.1: Saya...``);
  so ``X1.1`` never matches ``X1.10 ...`` and ``X1`` never matches ``X1.1 ...``; a header equal to the item counts too;
* ``auto`` (the default): ``exact`` for an item that is a column, ``prefix`` for the others.

Every ambiguity is a one-line error: a header that two items match, an item that no header matches (naming the
closest headers), an item that two headers match.

:func:`timestamp_columns` names the columns a duplicate check must ignore: a Forms double submission repeats every
answer but carries a later time stamp.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

import pandas as pd

from ..errors import ConfigError, DataError

ITEM_CODES = ("auto", "prefix", "exact")

#: headers of a form's submission-time column (Google Forms in English and Bahasa Indonesia, Microsoft Forms)
TIMESTAMP_HEADERS = ("timestamp", "cap waktu", "tanda waktu", "start time", "completion time", "submitted at",
                     "waktu mulai", "waktu penyelesaian")
_DATETIME = re.compile(r"^\s*\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?:[ T,]+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\.\d+)?"
                       r"\s*(?:[AaPp][Mm])?\s*(?:Z|[+-]\d{2}:?\d{2}|GMT[+-]?\d*|WIB|WITA|WIT)?)?\s*$")
#: share of non-empty cells that must look like dates or date-times for a column to count as a time stamp
DATETIME_SHARE = 0.9


def _prefix_pattern(item: str) -> re.Pattern:
    return re.compile(re.escape(item) + r"(?:[.):]*\s|[.):]+$|$)")


def item_columns(columns: Sequence[str], items: Sequence[str], rule: str = "auto",
                 source: str = "data") -> pd.DataFrame:
    """The column of each item: ``item, header, rule`` (``rule`` is ``exact`` or ``prefix``), in the items' order.

    Raises
    ------
    ConfigError
        ``rule`` is not one of :data:`ITEM_CODES`.
    DataError
        A header that two items match, an item without a column (with the closest headers), an item that two headers
        match.
    """
    if rule not in ITEM_CODES:
        raise ConfigError("item_codes is {rule!r}".format(rule=rule), fix="Use one of: {allowed}".format(
            allowed=", ".join(ITEM_CODES)))
    columns = [str(c) for c in columns]
    present = set(columns)
    rows = []
    claimed: dict[str, str] = {}
    for item in items:
        if rule != "prefix" and item in present:
            rows.append(dict(item=item, header=item, rule="exact"))
            continue
        if rule == "exact":
            raise _no_header(item, columns, source, rule)
        pattern = _prefix_pattern(item)
        hits = [c for c in columns if pattern.match(c)]
        if not hits:
            raise _no_header(item, columns, source, rule)
        if len(hits) > 1:
            raise DataError(
                "item {item} matches {n} headers: {a!r} and {b!r}".format(item=item, n=len(hits), a=_cut(hits[0]),
                                                                         b=_cut(hits[1])),
                where="{source}, row 1".format(source=source),
                fix="Give each question a unique code at the start of its header, or rename one of the columns")
        rows.append(dict(item=item, header=hits[0], rule="exact" if hits[0] == item else "prefix"))
    for r in rows:
        other = claimed.get(r["header"])
        if other is not None:
            raise DataError(
                "the header {h!r} matches two items, {a} and {b}".format(h=_cut(r["header"]), a=other, b=r["item"]),
                where="{source}, row 1".format(source=source),
                fix="Rename the items in the model so that each header starts with exactly one item code")
        claimed[r["header"]] = r["item"]
    return pd.DataFrame(rows, columns=["item", "header", "rule"])


def _cut(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."


def _no_header(item: str, columns: list[str], source: str, rule: str) -> DataError:
    starting = [c for c in columns if c.startswith(item)]  # e.g. "X1.2Saya" (no separator after the code)
    heads = {c[: len(item) + 8]: c for c in columns if c not in starting}
    close = starting[:3] + [heads[c] for c in difflib.get_close_matches(item, list(heads), n=3, cutoff=0.3)]
    shown = ", ".join(repr(_cut(c, 40)) for c in close[:3]) or "none"
    how = ("named {item}" if rule == "exact" else "named {item} or starting with '{item} '").format(item=item)
    return DataError(
        "no column is {how}; closest headers: {shown}".format(how=how, shown=shown),
        where=source,
        fix=("Start the question's header with its code (e.g. '{item} ...'), or rename the item in the model"
             if rule != "exact" else
             "Rename the column, rename the item in the model, or set item_codes: auto").format(item=item))


def apply_item_codes(df: pd.DataFrame, items: Sequence[str], rule: str = "auto",
                     source: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``df`` with each item's column renamed to the item code, and the mapping (:func:`item_columns`).

    A frame whose items are all columns already is returned as it is.
    """
    source = source or df.attrs.get("source", "data")
    mapping = item_columns(df.columns, items, rule, source)
    renames = {h: i for i, h in zip(mapping["item"], mapping["header"]) if h != i}
    if not renames:
        return df, mapping
    out = df.rename(columns=renames)
    out.attrs = dict(df.attrs)
    for key in ("value_labels", "user_missing_cells"):  # per-column attributes of an SPSS file follow the rename
        per_column = df.attrs.get(key)
        if per_column:
            out.attrs[key] = {renames.get(c, c): v for c, v in per_column.items()}
    return out, mapping


def is_timestamp_header(header: str) -> bool:
    return " ".join(str(header).split()).casefold() in TIMESTAMP_HEADERS


def timestamp_columns(df: pd.DataFrame, exclude: Sequence[str] = ()) -> list[str]:
    """Columns holding submission times: header ``Timestamp``, ``Cap waktu``, ``Tanda waktu`` (:data:`TIMESTAMP_HEADERS`)
    or text cells of which at least :data:`DATETIME_SHARE` look like dates or date-times (``2024/03/05 10:31:07``,
    ``05/03/2024 10.31.07``, ``2024-03-05T10:31:07Z``), or a datetime column of an Excel or SPSS file."""
    skip = set(exclude)
    out = []
    for c in df.columns:
        if c in skip:
            continue
        s = df[c]
        if is_timestamp_header(c) or pd.api.types.is_datetime64_any_dtype(s):
            out.append(c)
            continue
        if not (s.dtype == object or pd.api.types.is_string_dtype(s)):
            continue
        text = s.dropna().astype(str).str.strip()
        text = text[text != ""]
        if len(text) and float(text.str.match(_DATETIME).mean()) >= DATETIME_SHARE:
            out.append(c)
    return out
