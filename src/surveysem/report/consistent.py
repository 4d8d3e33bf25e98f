"""The notes a printed table gets when its study ran consistent PLS (``consistent: true``; PLSc).

PLSc (Dijkstra & Henseler 2015; :mod:`surveysem.pls.consistent`) changes the paths, R², loadings and construct
correlations that most PLS tables print, and leaves the weights and construct scores (so Q² and PLSpredict) as in
plain PLS. Every such table says which it shows, and how many bootstrap resamples were left out as inadmissible.
"""
from __future__ import annotations

from ..i18n import _

#: tables whose numbers are the PLSc ones
CORRECTED = frozenset({"outer_model", "reliability", "fornell_larcker", "cross_loadings", "vif_inner", "hypotheses",
                       "r2_assessment", "f2", "effects", "mediation", "model_fit"})
#: tables computed from the construct scores, which PLSc does not change
FROM_SCORES = frozenset({"q2", "plspredict"})
#: the plain PLS tables written beside the PLSc ones
PLAIN = frozenset({"plain_paths", "plain_loadings", "plain_r2"})


def consistent(run: dict | None) -> bool:
    """Whether the run that wrote ``run.json`` used PLSc."""
    return bool(((run or {}).get("settings") or {}).get("consistent"))


def inadmissible_count(run: dict | None) -> int | None:
    """Bootstrap resamples left out because their PLSc solution was inadmissible (None without a bootstrap)."""
    b = (run or {}).get("bootstrap")
    return int(b.get("n_inadmissible", 0)) if isinstance(b, dict) and b.get("boot") else None


def table_notes(name: str, run: dict | None) -> list[str]:
    """The PLSc sentences for printed table ``name`` (none when the run was plain PLS)."""
    if not consistent(run):
        return []
    if name in FROM_SCORES:
        return [_("Computed from the construct scores, which consistent PLS leaves as in plain PLS")]
    if name in PLAIN:
        return [_("Plain PLS without the consistent-PLS correction, for comparison; the reported estimates are the "
                  "PLSc ones (Dijkstra & Henseler 2015)")]
    if name not in CORRECTED:
        return []
    notes = [_("Consistent PLS (PLSc; Dijkstra & Henseler 2015): paths, R², loadings and construct correlations of "
               "the reflective constructs are corrected for measurement error by rho_A; composite constructs are left "
               "as in plain PLS")]
    n = inadmissible_count(run)
    if n:
        b = run["bootstrap"]  # type: ignore[index]  # inadmissible_count found it
        notes.append(_("{n} of {boot} bootstrap resamples gave an inadmissible PLSc solution (a loading, rho_A or "
                       "construct correlation above 1, or a matrix not positive semi-definite) and were left out, as "
                       "cSEM does by default", n=n, boot=b.get("boot")))
    return notes
