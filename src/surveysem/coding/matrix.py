"""Case × theme matrix, theme prevalence, theme co-occurrence and the audit trail behind every cell.

All functions take the long segment table of :func:`surveysem.coding.read.read_segments` restricted to one coder
(or a file without coders), the codebook, and the list of cases (file order; cases without coded segments included).
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def case_theme_matrix(segments: pd.DataFrame, codebook: pd.DataFrame, cases: list[str]) -> pd.DataFrame:
    """Tidy matrix: one row per case × theme with ``segments`` (coded segments) and ``present`` (segments ≥ 1).

    Columns: ``case, theme, label, segments, sources, present``; ``sources`` counts the distinct ``source``
    entries behind the cell. Cases and themes keep the case-list and codebook order.
    """
    coded = segments[segments["theme"] != ""]
    g = coded.groupby(["case", "theme"]).agg(segments=("segment_id", "nunique"), sources=("source", "nunique"))
    full = pd.MultiIndex.from_product([cases, list(codebook["theme"])], names=["case", "theme"])
    m = g.reindex(full, fill_value=0).reset_index()
    m["label"] = m["theme"].map(dict(zip(codebook["theme"], codebook["label"])))
    m["present"] = m["segments"] > 0
    return m[["case", "theme", "label", "segments", "sources", "present"]]


def matrix_wide(matrix: pd.DataFrame, value: str = "segments") -> pd.DataFrame:
    """The matrix as a case × theme grid (``case`` column then one column per theme code), plus row totals
    ``themes_present`` and ``segments``."""
    w = matrix.pivot(index="case", columns="theme", values=value)
    w = w.loc[list(dict.fromkeys(matrix["case"])), list(dict.fromkeys(matrix["theme"]))]
    if value == "present":
        w = w.astype(int)
    w.columns.name = None
    out = w.reset_index()
    p = matrix.pivot(index="case", columns="theme", values="present").loc[out["case"]]
    s = matrix.pivot(index="case", columns="theme", values="segments").loc[out["case"]]
    out["themes_present"] = p.sum(axis=1).to_numpy().astype(int)
    out["segments"] = s.sum(axis=1).to_numpy().astype(int)
    return out


def theme_prevalence(matrix: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """Per theme: ``cases_with_theme``, ``share_of_cases`` (of all listed cases), ``share_of_coded_cases`` (of the
    cases with at least one coded segment), ``segments``, ``rank`` (1 = present in most cases; ties share the
    smallest rank) and ``cases`` (the case names, ``; ``-separated)."""
    n_cases = matrix["case"].nunique()
    coded_cases = matrix.groupby("case")["segments"].sum()
    n_coded = int((coded_cases > 0).sum())
    rows = []
    for t, lab in zip(codebook["theme"], codebook["label"]):
        m = matrix[matrix["theme"] == t]
        k = int(m["present"].sum())
        rows.append({"theme": t, "label": lab, "cases_with_theme": k, "n_cases": n_cases,
                     "share_of_cases": k / n_cases if n_cases else np.nan, "n_coded_cases": n_coded,
                     "share_of_coded_cases": k / n_coded if n_coded else np.nan,
                     "segments": int(m["segments"].sum()), "cases": "; ".join(m.loc[m["present"], "case"])})
    out = pd.DataFrame(rows)
    out["rank"] = out["cases_with_theme"].rank(method="min", ascending=False).astype(int)
    return out


def theme_cooccurrence(segments: pd.DataFrame, matrix: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """Theme × theme co-occurrence at two levels, tidy: ``level, theme_a, theme_b, count, jaccard``.

    * ``segment``: segments coded with both themes (diagonal: segments with the theme);
    * ``case``: cases in which both themes are present (diagonal: cases with the theme).

    ``jaccard`` = |A ∩ B| / |A ∪ B| (Jaccard 1912), the share of units with either theme that have both.
    """
    themes = list(codebook["theme"])
    rows = []
    coded = segments[segments["theme"] != ""]
    seg_sets = {t: set(map(tuple, coded.loc[coded["theme"] == t, ["case", "segment_id"]].to_numpy())) for t in themes}
    case_sets = {t: set(matrix.loc[(matrix["theme"] == t) & matrix["present"], "case"]) for t in themes}
    for level, sets in (("segment", seg_sets), ("case", case_sets)):
        for a in themes:
            for b in themes:
                inter = len(sets[a] & sets[b])
                union = len(sets[a] | sets[b])
                rows.append({"level": level, "theme_a": a, "theme_b": b, "count": inter,
                             "jaccard": inter / union if union else np.nan})
    return pd.DataFrame(rows)


def audit_trail(segments: pd.DataFrame, codebook: pd.DataFrame, cases: list[str]) -> pd.DataFrame:
    """Every coded segment behind every non-empty cell: ``case, theme, label, segment_id, source, excerpt, row``
    (``row`` = the segments file row, header = 1), in case-list, codebook and file order."""
    coded = segments[segments["theme"] != ""].copy()
    coded["label"] = coded["theme"].map(dict(zip(codebook["theme"], codebook["label"])))
    coded["_c"] = coded["case"].map({c: i for i, c in enumerate(cases)})
    coded["_t"] = coded["theme"].map({t: i for i, t in enumerate(codebook["theme"])})
    coded = coded.sort_values(["_c", "_t", "row"], kind="stable")
    return coded[["case", "theme", "label", "segment_id", "source", "excerpt", "row"]].reset_index(drop=True)
