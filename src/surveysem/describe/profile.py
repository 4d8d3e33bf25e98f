"""The respondent profile ("Karakteristik Responden"): one frequency table per demographic column.

Which columns (:func:`select_columns`, setting ``profile``):

* ``auto`` (default): every column that is not an item of the model, not the ``id_column``, not identifying
  (:func:`surveysem.data.privacy.identifying_columns`: names, e-mail, phone), not a timestamp and not an identifier
  (these are *excluded*: never a characteristic), whose answers are text with at most :data:`MAX_CATEGORIES` different
  values. Other columns are *skipped* with a note naming them and why (numbers, free text or too many categories, no
  answers).
* a list of column names: exactly those, in that order (an unknown, item or identifying column is an error);
* ``none``: no profile.

Each table (:func:`frequency_table`) lists category, n, percent and cumulative percent of the N analysed
respondents. A missing answer is counted in its own row, ``no answer``, so the n of every column sums to N.
The categories are ordered by the config (``profile_order``), else in the natural order of numeric bands when every
category holds a number (``< 18``, ``18-22 tahun``, ``> 40``; ``Rp 500.000 - 1 juta``, ``Rp 1-3 juta``:
:func:`natural_key`), else by frequency (ties alphabetically).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..data.privacy import identifying_columns
from ..errors import ConfigError

#: a column with more different answers than this is free text or too fine to tabulate (``auto``)
MAX_CATEGORIES = 12
#: the row of missing answers
NO_ANSWER = "no answer"

_TIMESTAMP_HEADER = re.compile(r"(?:^|\s)(?:timestamp|cap waktu|waktu|tanggal|date|time|submitted|submission time|"
                               r"completion time|start time|end time|start|end|submissiondate)(?:\s|$)")
_ID_HEADER = re.compile(r"^(?:id|no|nomor|no responden|nomor responden|respondent|respondent id|responden|kode|"
                        r"kode responden|code|uuid|index|response id|responseid)$")
_DATE_CELL = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?:[ T]\d{1,2}[:.]\d{2}(?::\d{2})?)?")
_NUMBER_CELL = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


@dataclass
class Selection:
    """The profile columns and what happened to every other column (for ``profile_columns.csv`` and the notes)."""

    columns: list[str]
    decisions: list[dict] = field(default_factory=list)

    def table(self) -> pd.DataFrame:
        """``column, status, reason``: tabulated, skipped (with a note) or excluded (items, id, identifying)."""
        return pd.DataFrame(self.decisions, columns=["column", "status", "reason"])

    def notes(self) -> list[str]:
        """One sentence per skipped column, naming it and why."""
        return ["Column '{column}' was not tabulated in the respondent profile: {reason}.".format(**d)
                for d in self.decisions if d["status"] == "skipped"]


def _normal_header(header: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(header).lower()).split())


def category_text(value) -> str | None:
    """A cell as a category: text with spaces trimmed and collapsed, whole numbers without ``.0``; None if blank."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return text or None


def _answers(series: pd.Series) -> list[str]:
    return [t for t in (category_text(v) for v in series) if t is not None]


def _share(texts: list[str], pattern: re.Pattern) -> float:
    return sum(bool(pattern.match(t)) for t in texts) / len(texts) if texts else 0.0


def select_columns(df: pd.DataFrame, items: Iterable[str], profile: str | Sequence[str] = "auto",
                   id_column: str | None = None, exclude: Iterable[str] = (), source: str = "data") -> Selection:
    """The profile columns of ``df`` (module docstring) and the decision on every other column.

    Parameters
    ----------
    df : DataFrame
        The analysed respondents, cells as read.
    items : iterable of str
        The model's items (never profile columns).
    profile : ``"auto"``, ``"none"`` or list of str
    id_column : str, optional
        The respondent id column (never a profile column).
    exclude : iterable of str
        Other columns that hold answers to items (e.g. question headers mapped to item codes by the cleaning step).
    source : str
        The data file, for messages.

    Raises
    ------
    ConfigError
        A listed column that is not in the file (the message lists the columns there are), an item, the id column
        or an identifying column.
    """
    items = set(items) | set(exclude)
    keep = set(items) | ({id_column} if id_column else set())
    identifying = set(identifying_columns(df, keep=keep))
    decisions: list[dict] = []

    def decide(column, status, reason):
        decisions.append({"column": column, "status": status, "reason": reason})

    if isinstance(profile, str) and profile not in ("auto", "none"):
        profile = [profile]
    if isinstance(profile, str):
        columns: list[str] = []
        for col in df.columns:
            if col in items:
                continue  # the items are described in the item tables
            if col == id_column:
                decide(col, "excluded", "the respondent id column")
            elif col in identifying:
                decide(col, "excluded", "identifies a respondent (name, e-mail or phone); never reported")
            elif profile == "none":
                decide(col, "skipped", "profile is none")
            elif _is_timestamp_or_id(col, df[col]):
                decide(col, "excluded", _is_timestamp_or_id(col, df[col]))
            else:
                reason = _auto_reason(col, df[col])
                if reason:
                    decide(col, "skipped", reason)
                else:
                    columns.append(col)
                    decide(col, "tabulated", "")
        return Selection(columns, decisions)

    columns = list(dict.fromkeys(str(c) for c in profile))
    available = [c for c in df.columns if c not in keep and c not in identifying]
    for col in columns:
        if col not in df.columns:
            raise ConfigError("profile column {col!r} is not a column of the data".format(col=col), where=source,
                              fix="Use one of: {cols}".format(cols=", ".join(map(str, available)) or "(none)"))
        if col in items:
            raise ConfigError("profile column {col!r} is an item of the model; its answers are described in the "
                              "item descriptives".format(col=col), where=source,
                              fix="Remove it from profile")
        if col == id_column or col in identifying:
            raise ConfigError("profile column {col!r} identifies a respondent (id, name, e-mail or phone) and is "
                              "never reported".format(col=col), where=source, fix="Remove it from profile")
    for col in df.columns:
        if col in columns:
            decide(col, "tabulated", "")
        elif col in identifying:
            decide(col, "excluded", "identifies a respondent (name, e-mail or phone); never reported")
    return Selection(columns, decisions)


def _is_timestamp_or_id(column: str, series: pd.Series) -> str:
    """``a timestamp or date`` or ``an identifier`` when the column is one (never a characteristic), else ''."""
    header = _normal_header(column)
    if _TIMESTAMP_HEADER.search(header) or _share(_answers(series), _DATE_CELL) >= 0.8:
        return "a timestamp or date"
    if _ID_HEADER.match(header):
        return "an identifier"
    return ""


def _auto_reason(column: str, series: pd.Series) -> str:
    """Why ``auto`` skips a column that could hold a characteristic ('' when it tabulates it)."""
    texts = _answers(series)
    if not texts:
        return "no answers"
    distinct = len(set(texts))
    if pd.api.types.is_numeric_dtype(series) or _share(texts, _NUMBER_CELL) == 1.0:
        return ("numbers, not categories ({k} different values); name it under profile to tabulate it"
                .format(k=distinct))
    if distinct > MAX_CATEGORIES:
        return ("free text or too many categories ({k} different answers, more than {m})"
                .format(k=distinct, m=MAX_CATEGORIES))
    return ""


# ------------------------------------------------------------------------------------------------ natural order
_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_UNIT = re.compile(r"(?<![a-z])(ribu|rb|k|juta|jt|million|mio|miliar|milyar|billion|thousand)(?![a-z])")
_UNITS = {"ribu": 1e3, "rb": 1e3, "k": 1e3, "thousand": 1e3, "juta": 1e6, "jt": 1e6, "million": 1e6, "mio": 1e6,
          "miliar": 1e9, "milyar": 1e9, "billion": 1e9}
_BELOW = re.compile(r"<|≤|kurang dari|di bawah|dibawah|below|under|less than|up to|maksimal|max")
_ABOVE = re.compile(r">|≥|lebih dari|di atas|diatas|above|over|more than|at least|minimal|\d\s*\+")


def _number(token: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):  # 1.500.000 (Indonesian thousands)
        return float(token.replace(".", ""))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", token):  # 1,500,000 (English thousands)
        return float(token.replace(",", ""))
    return float(token.replace(",", "."))


def natural_key(category: str) -> tuple[float, int] | None:
    """The sort key of a numeric band: (its first number in units, −1 below / 0 / +1 above); None without a number.

    ``< 18`` → (18, −1), ``18-22 tahun`` → (18, 0), ``> 40`` → (40, 1); ``Rp 1-3 juta`` → (1e6, 0): a unit word
    (ribu, juta, …) right after the first number, or later in the text when the first number is below 1000 (a range
    sharing its unit), multiplies it.
    """
    text = str(category).lower()
    first = _NUM.search(text)
    if first is None:
        return None
    value = _number(first.group())
    nxt = _NUM.search(text, first.end())
    between = text[first.end(): nxt.start() if nxt else len(text)]
    unit = _UNIT.search(between)
    if unit is None and value < 1000:
        unit = _UNIT.search(text, first.end())
    if unit is not None:
        value *= _UNITS[unit.group(1)]
    side = -1 if _BELOW.search(text) else (1 if _ABOVE.search(text) else 0)
    return value, side


def order_categories(counts: Mapping[str, int], column: str, order: Sequence | None = None) -> list[str]:
    """The categories of one column in print order (module docstring); ``order`` from ``profile_order``.

    Raises :class:`~surveysem.errors.ConfigError` when an answer is missing from ``order``.
    """
    if order is not None:
        texts = [category_text(c) for c in order]
        listed = [c for c in dict.fromkeys(texts) if c is not None]
        unlisted = [c for c in counts if c not in listed]
        if unlisted:
            raise ConfigError("profile_order of column {col!r} does not list the answer {cat!r}".format(
                col=column, cat=unlisted[0]), fix="Add it to the list: {cats}".format(
                cats=", ".join(listed + unlisted)))
        return listed
    keys = {c: natural_key(c) for c in counts}
    if counts and all(k is not None for k in keys.values()):
        return sorted(counts, key=lambda c: (keys[c], c))
    return sorted(counts, key=lambda c: (-counts[c], c))


def frequency_table(series: pd.Series, column: str, order: Sequence | None = None) -> pd.DataFrame:
    """``column, category, n, percent, cumulative_percent`` of one column; missing answers last as ``no answer``.

    Percentages are of all rows (N), so the n sum to N and the cumulative percent ends at 100.
    """
    texts = [category_text(v) for v in series]
    counts: dict[str, int] = {}
    for t in texts:
        if t is not None:
            counts[t] = counts.get(t, 0) + 1
    cats = order_categories(counts, column, order)
    rows = [(c, counts.get(c, 0)) for c in cats]
    missing = sum(t is None for t in texts)
    if missing:
        rows.append((NO_ANSWER, missing))
    total = len(texts)
    out = pd.DataFrame(rows, columns=["category", "n"])
    out.insert(0, "column", column)
    out["percent"] = 100.0 * out["n"] / total if total else float("nan")
    out["cumulative_percent"] = 100.0 * out["n"].cumsum() / total if total else float("nan")
    return out


def respondent_profile(df: pd.DataFrame, columns: Sequence[str],
                       orders: Mapping[str, Sequence] | None = None) -> pd.DataFrame:
    """Every profile column's frequency table, one after another (``column, category, n, percent,
    cumulative_percent``).

    Raises :class:`~surveysem.errors.ConfigError` when ``orders`` names a column that is not profiled.
    """
    orders = dict(orders or {})
    for col in orders:
        if col not in columns:
            raise ConfigError("profile_order names column {col!r}, which is not in the respondent profile".format(
                col=col), fix="Profile columns: {cols}".format(cols=", ".join(columns) or "(none)"))
    parts = [frequency_table(df[c], c, orders.get(c)) for c in columns]
    if not parts:
        return pd.DataFrame(columns=["column", "category", "n", "percent", "cumulative_percent"])
    return pd.concat(parts, ignore_index=True)
