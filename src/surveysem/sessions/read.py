"""Read one-row-per-live-session records into a tidy, typed table.

Canonical columns (rename others with ``columns={"account": "akun", "gmv": "omzet"}``):

========================  ========  ==========================================================
column                    needed    meaning
========================  ========  ==========================================================
``account``               yes       the shop / TikTok account
``start``                 yes       date and time the session started
``gmv``                   yes       gross merchandise value of the session (rupiah)
``session_id``            no        unique within an account (default: the row number)
``duration_min``          no        minutes on air
``viewers``               no        viewers of the session
``peak_viewers``          no        highest concurrent viewers
``orders``                no        orders placed during the session
``items_sold``            no        items sold
========================  ========  ==========================================================
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..data.read import read_table
from ..errors import ConfigError, DataError
from .parse import _is_missing, parse_datetime_column, parse_number_column

REQUIRED = ("account", "start", "gmv")
NUMERIC = ("duration_min", "viewers", "peak_viewers", "gmv", "orders", "items_sold")
COUNTS = ("viewers", "peak_viewers", "orders", "items_sold")
CANONICAL = ("account", "session_id", "start", "duration_min", "viewers", "peak_viewers", "gmv", "orders",
             "items_sold")


def parse_column_mapping(items) -> dict[str, str]:
    """``["account=akun,gmv=omzet", "viewers=penonton"]`` → ``{"account": "akun", ...}`` (CLI ``--columns``).

    Raises
    ------
    ConfigError
        For a pair without ``=`` or a name that is not a canonical column.
    """
    mapping: dict[str, str] = {}
    for item in items or []:
        for pair in str(item).split(","):
            pair = pair.strip()
            if not pair:
                continue
            if "=" not in pair:
                raise ConfigError(f"--columns entry {pair!r} is not of the form name=column",
                                  fix="Write e.g. --columns account=akun,gmv=omzet")
            key, val = (s.strip() for s in pair.split("=", 1))
            mapping[key] = val
    _check_mapping(mapping)
    return mapping


def _check_mapping(mapping: Mapping[str, str]) -> None:
    bad = [k for k in mapping if k not in CANONICAL]
    if bad:
        raise ConfigError(f"column mapping names {bad[0]!r}, which is not a session column",
                          fix=f"Map one of {', '.join(CANONICAL)} to your file's column, e.g. gmv=omzet")


def read_sessions(
    data: pd.DataFrame | str | os.PathLike,
    columns: Mapping[str, str] | None = None,
    decimal: str | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Read and check session records.

    Parameters
    ----------
    data : DataFrame or path
        A CSV/Excel/SPSS file (read with :func:`surveysem.data.read.read_table`) or a frame.
    columns : mapping, optional
        Canonical name → the file's column name, for files that use other names.
    decimal : {",", "."}, optional
        Decimal mark for ambiguous numbers; default inferred per column (see :mod:`surveysem.sessions.parse`).

    Returns
    -------
    sessions : DataFrame
        Canonical columns (absent optional ones as NaN), ``row`` (the file row, header = 1), ``start`` as datetime,
        sorted by account and start.
    warnings : list of str

    Raises
    ------
    DataError
        A required column missing, a cell that is not a number/date, a negative amount, a fractional count, an
        empty account or a repeated ``session_id`` within an account — naming file, row and column.
    """
    columns = dict(columns or {})
    _check_mapping(columns)
    if decimal not in (None, ",", "."):
        raise ConfigError(f"decimal mark {decimal!r} is not supported", fix="Use --decimal , or --decimal .")
    if isinstance(data, pd.DataFrame):
        raw = data.copy()
        source = str(data.attrs.get("source", "data"))
    else:
        raw = read_table(data)
        source = str(Path(data))
    names = {c: columns.get(c, c) for c in CANONICAL}
    for c in REQUIRED:
        if names[c] not in raw.columns:
            hint = f" (mapped from {c!r})" if c in columns else ""
            raise DataError(f"column {names[c]!r}{hint} is not in the file; it has {', '.join(map(str, raw.columns))}",
                            where=source,
                            fix=f"Rename the column to {c!r} or map it, e.g. --columns {c}=<your column>")
    for c, name in columns.items():
        if name not in raw.columns:
            raise DataError(f"column {name!r} (mapped from {c!r}) is not in the file", where=source,
                            fix="Check the spelling in --columns / config")
    warnings: list[str] = []
    out = pd.DataFrame(index=raw.index)
    out["row"] = np.arange(2, len(raw) + 2)
    acc = raw[names["account"]]
    for i, a in enumerate(acc):
        if _is_missing(a):
            raise DataError("the account is empty", where=f"{source}, row {i + 2}, column {names['account']}",
                            fix="Name the account of every session")
    out["account"] = acc.astype(str).str.strip().to_numpy()
    if names["session_id"] in raw.columns:
        sid = raw[names["session_id"]]
        out["session_id"] = [str(s).strip() if not _is_missing(s) else f"row{r}" for s, r in zip(sid, out["row"])]
    else:
        out["session_id"] = [f"row{r}" for r in out["row"]]
    out["start"] = parse_datetime_column(raw[names["start"]], names["start"], source).to_numpy()
    for c in NUMERIC:
        if names[c] not in raw.columns:
            out[c] = np.nan
            continue
        vals, w = parse_number_column(raw[names[c]], names[c], source, decimal=decimal, integer=c in COUNTS)
        warnings += w
        neg = np.flatnonzero(vals < 0)
        if neg.size:
            i = int(neg[0])
            raise DataError(f'"{raw[names[c]].iloc[i]}" is negative', where=f"{source}, row {i + 2}, column {names[c]}",
                            fix="Amounts and counts of a session cannot be below zero; correct the cell")
        if c in COUNTS:
            frac = np.flatnonzero(np.isfinite(vals) & (vals != np.round(vals)))
            if frac.size:
                i = int(frac[0])
                raise DataError(
                    f'"{raw[names[c]].iloc[i]}" reads as {vals[i]:g}, but {c} is a count',
                    where=f"{source}, row {i + 2}, column {names[c]}",
                    fix='Write whole numbers; if "," or "." is a thousands separator here, give --decimal')
        miss = np.flatnonzero(np.isnan(vals))
        if c == "gmv" and miss.size:
            i = int(miss[0])
            raise DataError("the GMV is empty", where=f"{source}, row {i + 2}, column {names[c]}",
                            fix="Enter 0 for a session that sold nothing")
        if miss.size:
            warnings.append(f"{source}, column {names[c]}: {miss.size} empty cell(s) (first in row {miss[0] + 2}); "
                            f"those sessions are left out of the {c} sums")
        out[c] = vals
    dup = out.duplicated(["account", "session_id"], keep=False)
    if dup.any() and names["session_id"] in raw.columns:
        rows = out.loc[dup, "row"].tolist()
        first = out.loc[dup].iloc[0]
        same = out.loc[dup & (out["account"] == first["account"]) & (out["session_id"] == first["session_id"]), "row"]
        raise DataError(f"session {first['session_id']!r} of account {first['account']!r} appears in rows "
                        f"{' and '.join(map(str, same.tolist()[:2]))}"
                        + (f" ({len(rows)} duplicated rows in all)" if len(rows) > 2 else ""),
                        where=f"{source}, column {names['session_id']}",
                        fix="Remove the double export or give each session its own id")
    out = out.sort_values(["account", "start", "row"], kind="stable").reset_index(drop=True)
    out.attrs["source"] = source
    return out[["account", "session_id", "start", *NUMERIC, "row"]], warnings
