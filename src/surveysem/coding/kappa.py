"""Agreement of two coders: Cohen's kappa per theme and pooled over themes.

Reflexive thematic analysis (Braun & Clarke 2019, 2021) treats coding as the researcher's interpretive work and
does not require — or recommend — inter-coder agreement; kappa is reported only when two coders' codes are given,
as a description of how consistently a codebook was applied, not as evidence that the themes are valid.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

RTA_NOTE = ("Reflexive thematic analysis (Braun & Clarke 2019, 2021) does not require inter-coder agreement; "
            "kappa describes how consistently two coders applied the codebook, not whether the themes are valid")


def cohen_kappa(both_yes: float, only_1: float, only_2: float, both_no: float) -> dict:
    """Cohen's (1960) kappa from a 2 × 2 table of two coders' yes/no decisions.

    .. math::
        p_o = \\frac{a + d}{n},\\qquad
        p_e = \\frac{(a+b)(a+c) + (c+d)(b+d)}{n^2},\\qquad
        \\kappa = \\frac{p_o - p_e}{1 - p_e},

    with a = both yes, b = coder 1 only, c = coder 2 only, d = both no, n = a + b + c + d (Cohen 1960, eq. 1).
    κ is undefined (NaN) when :math:`p_e = 1` (both coders made the same single decision for every unit).

    Returns
    -------
    dict
        ``n, p_observed, p_expected, kappa``.
    """
    a, b, c, d = (float(v) for v in (both_yes, only_1, only_2, both_no))
    n = a + b + c + d
    if n == 0:
        return {"n": 0, "p_observed": np.nan, "p_expected": np.nan, "kappa": np.nan}
    po = (a + d) / n
    pe = ((a + b) * (a + c) + (c + d) * (b + d)) / n ** 2
    kappa = (po - pe) / (1 - pe) if pe < 1 else np.nan
    return {"n": int(n), "p_observed": po, "p_expected": pe, "kappa": kappa}


def landis_koch(kappa: float) -> str:
    """Landis & Koch (1977, p. 165) benchmark: < 0 poor, .00–.20 slight, .21–.40 fair, .41–.60 moderate,
    .61–.80 substantial, .81–1.00 almost perfect."""
    if not np.isfinite(kappa):
        return "undefined"
    if kappa < 0:
        return "poor"
    for cut, word in ((0.20, "slight"), (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial")):
        if kappa <= cut:
            return word
    return "almost perfect"


def coder_agreement(segments: pd.DataFrame, codebook: pd.DataFrame, coders: tuple[str, str]) -> pd.DataFrame:
    """Kappa per theme over the segments both coders coded, and pooled over themes.

    A unit is a segment ``(case, segment_id)`` that both coders listed (a segment listed with an empty theme counts:
    the coder saw it and gave no theme). For each theme, each coder's decision is "theme given" or not. The pooled
    kappa sums the themes' 2 × 2 tables, i.e. :math:`(\\bar p_o - \\bar p_e)/(1 - \\bar p_e)` with the means over
    themes (De Vries et al. 2008).

    Returns
    -------
    DataFrame
        ``theme, label, coder_1, coder_2, n_segments, both_yes, coder_1_only, coder_2_only, both_no, p_observed,
        p_expected, kappa, interpretation, note`` (last row ``theme = "overall"``, pooled).
    """
    c1, c2 = coders
    units: dict[str, dict[tuple, set[str]]] = {}
    for c in (c1, c2):
        s = segments[segments["coder"] == c]
        units[c] = {(r.case, r.segment_id): set() for r in s.itertuples()}
        for r in s[s["theme"] != ""].itertuples():
            units[c][(r.case, r.segment_id)].add(r.theme)
    shared = sorted(set(units[c1]) & set(units[c2]))
    only = len(set(units[c1]) ^ set(units[c2]))
    rows = []
    tot = np.zeros(4)
    for t, lab in zip(codebook["theme"], codebook["label"]):
        x = np.array([t in units[c1][u] for u in shared], np.bool_)
        y = np.array([t in units[c2][u] for u in shared], np.bool_)
        tab = np.array([(x & y).sum(), (x & ~y).sum(), (~x & y).sum(), (~x & ~y).sum()])
        tot += tab
        k = cohen_kappa(*tab)
        note = "" if np.isfinite(k["kappa"]) else "both coders made the same decision for every segment: kappa undefined"
        rows.append({"theme": t, "label": lab, "coder_1": c1, "coder_2": c2, "n_segments": len(shared),
                     "both_yes": int(tab[0]), "coder_1_only": int(tab[1]), "coder_2_only": int(tab[2]),
                     "both_no": int(tab[3]), "p_observed": k["p_observed"], "p_expected": k["p_expected"],
                     "kappa": k["kappa"], "interpretation": landis_koch(k["kappa"]), "note": note})
    k = cohen_kappa(*tot)
    notes = [RTA_NOTE]
    if only:
        notes.insert(0, f"{only} segment(s) coded by one coder only are left out")
    rows.append({"theme": "overall", "label": "pooled over themes (De Vries et al. 2008)", "coder_1": c1,
                 "coder_2": c2, "n_segments": len(shared), "both_yes": int(tot[0]), "coder_1_only": int(tot[1]),
                 "coder_2_only": int(tot[2]), "both_no": int(tot[3]), "p_observed": k["p_observed"],
                 "p_expected": k["p_expected"], "kappa": k["kappa"], "interpretation": landis_koch(k["kappa"]),
                 "note": "; ".join(notes)})
    return pd.DataFrame(rows)
