"""The thematic coding study: codebook + coded segments (+ case list) → matrix, prevalence, co-occurrence, audit.

``run_coding_study(segments, codebook, cases=None)`` checks every code against the codebook (and every case against
the case list), builds the case × theme matrix from one coder's coding, and — when the file has exactly two coders —
adds Cohen's kappa per theme and pooled (with the note that reflexive thematic analysis does not require it).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import ConfigError
from ..results import StudyTables, write_atomically, write_study_folder
from .figures import matrix_heatmap
from .kappa import RTA_NOTE, coder_agreement
from .matrix import audit_trail, case_theme_matrix, matrix_wide, theme_cooccurrence, theme_prevalence
from .read import read_cases, read_codebook, read_segments

#: CSV file stem → table attribute (the same name), in the order they are written
TABLES = {stem: stem for stem in ("codebook", "cases", "matrix", "matrix_counts", "matrix_presence", "prevalence",
                                  "cooccurrence", "audit", "agreement")}


@dataclass
class CodingResult(StudyTables):
    """All tables of a coding study (tidy DataFrames) plus ``warnings`` and ``meta``.

    Attributes
    ----------
    codebook, cases : the inputs as read (cases: the case list, or the cases of the segments file)
    matrix : tidy case × theme (``segments``, ``sources``, ``present``)
    matrix_counts, matrix_presence : the same as case × theme grids
    prevalence : theme prevalence across cases
    cooccurrence : theme × theme counts at segment and case level
    audit : every segment behind every cell
    agreement : Cohen's kappa per theme and pooled (None without two coders)

    ``tables()`` gives every table present by file stem.
    """

    TABLES = TABLES

    codebook: pd.DataFrame
    cases: pd.DataFrame
    matrix: pd.DataFrame
    matrix_counts: pd.DataFrame
    matrix_presence: pd.DataFrame
    prevalence: pd.DataFrame
    cooccurrence: pd.DataFrame
    audit: pd.DataFrame
    agreement: pd.DataFrame | None = None
    warnings: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def summary(self) -> str:
        """Plain-text overview: prevalence in codebook order, the densest cases, agreement (3 decimals)."""
        m = self.meta
        out = [f"Thematic coding: {m['n_segments']} coded segments, {m['n_themes']} themes, {m['n_cases']} cases "
               f"({m['n_coded_cases']} with coded segments)" + (f"; matrix from coder {m['coder']}" if m["coder"] else "")]
        for _, r in self.prevalence.iterrows():
            out.append(f"  {r['theme']} {r['label']}: {r['cases_with_theme']}/{r['n_cases']} cases, "
                       f"{r['segments']} segments ({r['cases'] or 'none'})")
        for _, r in self.matrix_presence.iterrows():
            if r["themes_present"]:
                out.append(f"  {r['case']}: {r['themes_present']} theme(s), {r['segments']} segment(s)")
        if self.agreement is not None:
            for _, r in self.agreement.iterrows():
                out.append(f"  kappa {r['theme']}: {r['kappa']:.3f} ({r['interpretation']}; n = {r['n_segments']})")
            out.append(f"  Note: {RTA_NOTE}.")
        if self.warnings:
            out.append("Warnings:")
            out.extend(f"  - {w}" for w in self.warnings)
        return "\n".join(out)

    def write(self, out: str | os.PathLike, *, figures: bool = True, inputs=()) -> list[Path]:
        """Write every table as CSV, the heatmap, ``summary.txt`` and ``run.json`` into folder ``out``, atomically;
        return the paths.

        ``inputs`` (the files read) may not lie inside ``out`` (:func:`surveysem.io.check_output_dir`).
        """
        named = {"segments": self.meta.get("segments_file"), "codebook": self.meta.get("codebook_file")}
        return write_atomically(out, lambda folder: write_study_folder(
            folder, self.tables(), meta=self.meta, inputs=named, warnings=self.warnings,
            figures=(lambda f: matrix_heatmap(self.matrix, f / "figures")) if figures else None,
            summary=self.summary()), made_by="surveysem coding", inputs=inputs)


def run_coding_study(
    segments: pd.DataFrame | str | os.PathLike,
    codebook: pd.DataFrame | str | os.PathLike,
    *,
    cases: pd.DataFrame | str | os.PathLike | None = None,
    coder: str | None = None,
) -> CodingResult:
    """Run the coding study.

    Parameters
    ----------
    segments : DataFrame or path
        Coded segments (``case, source, segment_id, theme, excerpt``, optional ``coder``).
    codebook : DataFrame or path
        ``theme, label, definition``.
    cases : DataFrame or path, optional
        The case list (``case`` + descriptive columns). Cases in it without coded segments appear as empty rows;
        a case in the segments file but not in the list is an error. Default: the cases of the segments file.
    coder : str, optional
        Whose coding builds the matrix when the file has a ``coder`` column (default: the first coder in the file).

    Returns
    -------
    CodingResult
    """
    book = read_codebook(codebook)
    case_list = read_cases(cases) if cases is not None else None
    seg = read_segments(segments, book, case_list)
    warnings: list[str] = []
    coders = list(dict.fromkeys(c for c in seg["coder"] if c))
    if coder is not None and coder not in coders:
        raise ConfigError(f"coder {coder!r} is not in the segments file" +
                          (f"; it has {', '.join(coders)}" if coders else " (it has no coder column)"),
                          fix="Give one of the file's coders or leave --coder out")
    use = coder if coder is not None else (coders[0] if coders else "")
    if coders and len(coders) > 1:
        warnings.append(f"the matrix is built from coder {use!r}'s coding; the other coder(s) enter only the "
                        f"agreement table")
    mine = seg[seg["coder"] == use] if coders else seg
    if case_list is None:
        names = list(dict.fromkeys(seg["case"]))
        case_list = pd.DataFrame({"case": names})
    else:
        names = list(case_list["case"])
        empty = [c for c in names if c not in set(mine["case"])]
        if empty:
            warnings.append(f"{len(empty)} listed case(s) have no coded segment and appear as empty rows: "
                            f"{', '.join(empty)}")
    unused = [t for t in book["theme"] if t not in set(mine["theme"])]
    if unused:
        warnings.append(f"codebook theme(s) never coded: {', '.join(unused)}")
    matrix = case_theme_matrix(mine, book, names)
    agreement = None
    if len(coders) == 2:
        agreement = coder_agreement(seg, book, (coders[0], coders[1]))
        only = agreement["note"].iloc[-1].split("; ")[0]
        if "coded by one coder only" in only:
            warnings.append(f"agreement: {only}")
    elif len(coders) > 2:
        warnings.append(f"{len(coders)} coders ({', '.join(coders)}): Cohen's kappa compares two coders, so no "
                        f"agreement table was made")
    meta = {"study": "coding", "segments_file": str(seg.attrs.get("source", "segments")),
            "codebook_file": str(book.attrs.get("source", "codebook")),
            "n_segments": int(mine.loc[mine["theme"] != "", ["case", "segment_id"]].drop_duplicates().shape[0]),
            "n_themes": int(len(book)), "n_cases": int(len(names)),
            "n_coded_cases": int(mine.loc[mine["theme"] != "", "case"].nunique()), "coder": use, "coders": coders,
            "agreement_note": RTA_NOTE if agreement is not None else ""}
    return CodingResult(codebook=book, cases=case_list.reset_index(drop=True), matrix=matrix,
                        matrix_counts=matrix_wide(matrix, "segments"), matrix_presence=matrix_wide(matrix, "present"),
                        prevalence=theme_prevalence(matrix, book), cooccurrence=theme_cooccurrence(mine, matrix, book),
                        audit=audit_trail(mine, book, names), agreement=agreement, warnings=warnings, meta=meta)
