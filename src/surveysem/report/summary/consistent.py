"""The summary's consistent-PLS section: which estimates are reported and why, and PLSc beside plain PLS."""
from __future__ import annotations

import pandas as pd

from ...i18n import _
from ..consistent import consistent
from ..folder import ResultsFolder
from .document import Doc, view


def section(doc: Doc, a: ResultsFolder, run: dict, paths: pd.DataFrame) -> None:
    """With ``consistent: true``: a sub-section saying the PLSc estimates are reported, and the path table of both."""
    if not consistent(run):
        return
    doc.h3(_("Consistent PLS (PLSc)"))
    doc.p(_("The reflective constructs are common factors, so the tables report consistent PLS (PLSc; Dijkstra & "
            "Henseler 2015): the construct correlations are divided by the square root of the constructs' rho_A, "
            "which removes the attenuation by measurement error from the paths, R² and loadings (PLSc is the "
            "estimator for common-factor measurement; Hair et al. 2022). Weights and construct scores are those of plain PLS; "
            "composite constructs are left as they are."),
          _("The plain PLS estimates are kept for comparison (`plain_paths.csv`, `plain_loadings.csv`, "
            "`plain_r2.csv`)."))
    plain = a.csv("plain_paths.csv")
    if plain is None or plain.empty:
        return
    both = plain.merge(paths[["from", "to", "estimate"]].rename(columns={"estimate": "plsc"}), on=["from", "to"])
    both["difference"] = both["plsc"] - both["estimate"]
    doc.table(view("pls", "plain_paths"), both)
