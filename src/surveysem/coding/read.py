"""Read a codebook, an optional case list and coded segments, and check them against each other.

Segments file: one row per coded segment (or per segment × theme): ``case, source, segment_id, theme, excerpt``
and optionally ``coder``. A segment is identified by ``(case, segment_id)``; it can carry several themes, as several
rows or as one cell ``T1;T3`` (``;``, ``,`` or ``|`` separate codes). An empty theme cell records a segment that was
read and given no theme (it counts in the coder-agreement table). Codebook: ``theme, label`` and optionally
``definition``. Case list (optional): ``case`` plus any descriptive columns (sector, location, data source).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from ..data.read import read_table
from ..errors import DataError

SEPARATORS = re.compile(r"[;,|]")


def _load(data, what: str) -> tuple[pd.DataFrame, str]:
    if isinstance(data, pd.DataFrame):
        return data.copy(), str(data.attrs.get("source", what))
    return read_table(data), str(Path(data))


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA or str(v).strip() == ""


def _require(df: pd.DataFrame, cols, source: str, kind: str) -> None:
    for c in cols:
        if c not in df.columns:
            raise DataError(f"the {kind} has no column {c!r}; it has {', '.join(map(str, df.columns))}",
                            where=source, fix=f"Name the columns {', '.join(cols)}")


def read_codebook(data: pd.DataFrame | str | os.PathLike) -> pd.DataFrame:
    """Codebook as ``theme, label, definition`` in file order.

    Raises
    ------
    DataError
        Missing ``theme``/``label`` column, an empty theme code, or a code listed twice (naming the rows).
    """
    df, source = _load(data, "codebook")
    _require(df, ["theme", "label"], source, "codebook")
    seen: dict[str, int] = {}
    themes = []
    for i, t in enumerate(df["theme"]):
        row = i + 2
        if _blank(t):
            raise DataError("the theme code is empty", where=f"{source}, row {row}, column theme",
                            fix="Give every theme a short code such as T1")
        t = str(t).strip()
        if SEPARATORS.search(t):
            raise DataError(f"theme code {t!r} contains ';', ',' or '|', which separate codes in the segments file",
                            where=f"{source}, row {row}, column theme", fix="Use a code without these characters")
        if t in seen:
            raise DataError(f"theme {t!r} is listed in rows {seen[t]} and {row}", where=f"{source}, column theme",
                            fix="List every theme once")
        seen[t] = row
        themes.append(t)
    out = pd.DataFrame({"theme": themes, "label": df["label"].fillna("").astype(str).str.strip().to_numpy(),
                        "definition": (df["definition"].fillna("").astype(str).str.strip().to_numpy()
                                       if "definition" in df.columns else "")})
    out.attrs["source"] = source
    return out


def read_cases(data: pd.DataFrame | str | os.PathLike) -> pd.DataFrame:
    """Case list: ``case`` plus the file's other columns, in file order (errors name empty or repeated cases)."""
    df, source = _load(data, "cases")
    _require(df, ["case"], source, "case list")
    seen: dict[str, int] = {}
    for i, c in enumerate(df["case"]):
        if _blank(c):
            raise DataError("the case name is empty", where=f"{source}, row {i + 2}, column case",
                            fix="Name every case")
        c = str(c).strip()
        if c in seen:
            raise DataError(f"case {c!r} is listed in rows {seen[c]} and {i + 2}", where=f"{source}, column case",
                            fix="List every case once")
        seen[c] = i + 2
    df = df.copy()
    df["case"] = df["case"].astype(str).str.strip()
    df.attrs["source"] = source
    return df.reset_index(drop=True)


def read_segments(data: pd.DataFrame | str | os.PathLike, codebook: pd.DataFrame,
                  cases: pd.DataFrame | None = None) -> pd.DataFrame:
    """Coded segments as a long table: one row per (coder, case, segment_id, theme) with ``row`` (file row).

    Columns: ``coder, case, segment_id, theme, source, excerpt, row``. ``theme`` is empty for a segment given no
    theme. ``coder`` is ``""`` when the file has no coder column.

    Raises
    ------
    DataError
        Missing required column; empty case or segment id; a theme code not in the codebook (naming the row and
        the known codes); a case not in the case list; the same theme given twice to one segment by one coder.
    """
    df, source = _load(data, "segments")
    _require(df, ["case", "segment_id", "theme"], source, "segments file")
    known = list(codebook["theme"])
    known_set = set(known)
    known_cases = set(cases["case"]) if cases is not None else None
    rows = []
    seen: dict[tuple, int] = {}
    for i, r in enumerate(df.to_dict("records")):
        row = i + 2
        for col in ("case", "segment_id"):
            if _blank(r[col]):
                raise DataError(f"the {col.replace('_', ' ')} is empty", where=f"{source}, row {row}, column {col}",
                                fix="Fill it in or delete the row")
        case = str(r["case"]).strip()
        if known_cases is not None and case not in known_cases:
            assert cases is not None  # known_cases is built from cases
            raise DataError(f"case {case!r} is not in the case list ({cases.attrs.get('source', 'cases')})",
                            where=f"{source}, row {row}, column case",
                            fix="Add the case to the case list or correct its spelling")
        seg = str(r["segment_id"]).strip()
        coder = "" if "coder" not in df.columns or _blank(r.get("coder")) else str(r["coder"]).strip()
        codes = [] if _blank(r["theme"]) else [c.strip() for c in SEPARATORS.split(str(r["theme"])) if c.strip()]
        for code in codes:
            if code not in known_set:
                near = [k for k in known if k.lower() == code.lower()]
                fix = (f"Did you mean {near[0]!r}?" if near else
                       f"Use one of the codebook's codes ({', '.join(known)}) or add {code!r} to the codebook")
                raise DataError(f"theme {code!r} is not in the codebook", where=f"{source}, row {row}, column theme",
                                fix=fix)
            key = (coder, case, seg, code)
            if key in seen:
                raise DataError(f"segment {seg!r} of case {case!r} is given theme {code!r} twice (rows {seen[key]} "
                                f"and {row})" + (f" by coder {coder!r}" if coder else ""),
                                where=f"{source}, column theme", fix="Code each theme once per segment")
            seen[key] = row
        for code in codes or [""]:
            rows.append({"coder": coder, "case": case, "segment_id": seg, "theme": code,
                         "source": "" if _blank(r.get("source")) else str(r.get("source")).strip(),
                         "excerpt": "" if _blank(r.get("excerpt")) else str(r.get("excerpt")).strip(), "row": row})
    out = pd.DataFrame(rows, columns=["coder", "case", "segment_id", "theme", "source", "excerpt", "row"])
    # a segment listed with an empty theme and with themes elsewhere is simply a segment with those themes
    has_theme = out[out["theme"] != ""].set_index(["coder", "case", "segment_id"]).index
    idx = out.set_index(["coder", "case", "segment_id"]).index
    out = out[(out["theme"] != "") | ~idx.isin(has_theme)].reset_index(drop=True)
    out.attrs["source"] = source
    return out
