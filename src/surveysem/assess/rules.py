"""Thresholds, their references, and the pass/warn/fail verdicts every assessment table carries.

Each rule is written once here so that tables, the verdict table and the docs say the same thing.
A verdict is ``"pass"``, ``"warn"``, ``"fail"`` or ``"n/a"`` (criterion does not apply, e.g. reliability of a
formative construct or of a single item).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

HAIR = "Hair, Hult, Ringle & Sarstedt (2022), A Primer on PLS-SEM, 3rd ed."
HENSELER = "Henseler, Ringle & Sarstedt (2015), J. Acad. Mark. Sci. 43, 115-135"
FORNELL = "Fornell & Larcker (1981), J. Mark. Res. 18, 39-50"
DIJKSTRA = "Dijkstra & Henseler (2015), MIS Quarterly 39(2), 297-316"
ZHAO = "Zhao, Lynch & Chen (2010), J. Consum. Res. 37, 197-206"
SHMUELI = "Shmueli et al. (2019), Eur. J. Mark. 53(11), 2322-2347"
COHEN = "Cohen (1988), Statistical Power Analysis, 2nd ed."
HU_BENTLER = "Hu & Bentler (1998), Psychol. Methods 3, 424-453; Henseler et al. (2014), Organ. Res. Methods 17, 182-209"
BENTLER_BONETT = "Bentler & Bonett (1980), Psychol. Bull. 88, 588-606"
CHIN = "Chin (1998), in Modern Methods for Business Research, 295-336"
STONE_GEISSER = "Stone (1974); Geisser (1974); Hair et al. (2022), ch. 6"


@dataclass(frozen=True)
class Rule:
    """A threshold rule: ``text`` is what the table prints (e.g. ``"loading >= 0.708"``)."""

    criterion: str
    text: str
    reference: str


def band(value: float, pass_: tuple[float, float], warn: tuple[float, float]) -> str:
    """``pass`` if value lies in the closed interval ``pass_``, ``warn`` if in ``warn``, else ``fail`` (NaN: n/a)."""
    if value is None or not np.isfinite(value):
        return "n/a"
    if pass_[0] <= value <= pass_[1]:
        return "pass"
    if warn[0] <= value <= warn[1]:
        return "warn"
    return "fail"


RULES = {
    "loading": Rule("indicator loading", "loading >= 0.708 pass; 0.40-0.708 warn (keep if AVE and rho_C are fine); "
                    "< 0.40 fail", HAIR + ", ch. 4"),
    "alpha": Rule("Cronbach's alpha", "0.70-0.95 pass; 0.60-0.70 or > 0.95 warn; < 0.60 fail", HAIR + ", ch. 4"),
    "rho_a": Rule("rho_A", "0.70-0.95 pass; 0.60-0.70 or > 0.95 warn; < 0.60 fail", HAIR + ", ch. 4; " + DIJKSTRA),
    "rho_c": Rule("composite reliability rho_C", "0.70-0.95 pass; 0.60-0.70 or > 0.95 warn; < 0.60 fail",
                  HAIR + ", ch. 4"),
    "ave": Rule("AVE", "AVE >= 0.50", HAIR + ", ch. 4; " + FORNELL),
    "fornell_larcker": Rule("Fornell-Larcker", "sqrt(AVE) > every correlation with another construct", FORNELL),
    "htmt": Rule("HTMT", "HTMT < 0.85 pass (conceptually distinct); 0.85-0.90 warn (acceptable for conceptually "
                 "similar constructs); >= 0.90 fail; bootstrap: one-sided 95 % upper bound < threshold",
                 HENSELER + "; " + HAIR + ", ch. 4"),
    "cross_loading": Rule("cross-loadings", "each item loads highest on its own construct", HAIR + ", ch. 4"),
    "vif_outer": Rule("indicator VIF", "VIF < 3 pass; 3-5 warn; >= 5 fail", HAIR + ", ch. 5"),
    "vif_inner": Rule("inner VIF", "VIF < 3 pass; 3-5 warn; >= 5 fail", HAIR + ", ch. 6"),
    "f2": Rule("f²", "0.02 small, 0.15 medium, 0.35 large; < 0.02 no effect", COHEN + "; " + HAIR + ", ch. 6"),
    "r2": Rule("R²", "0.75 substantial, 0.50 moderate, 0.25 weak", HAIR + ", ch. 6"),
    "r2_chin": Rule("R²", "0.67 substantial, 0.33 moderate, 0.19 weak", CHIN),
    "q2": Rule("Q² (blindfolding)", "Q² > 0 predictive relevance; 0.25 medium, 0.50 large", STONE_GEISSER),
    "q2_predict": Rule("Q²_predict", "Q²_predict > 0 beats the naive mean; RMSE/MAE below the linear model (LM) "
                       "for all items: high, majority: medium, minority: low, none: no predictive power",
                       SHMUELI + "; " + HAIR + ", ch. 6"),
    "srmr": Rule("SRMR", "SRMR < 0.08 (and below the bootstrap HI95 for the exact fit test)", HU_BENTLER),
    "nfi": Rule("NFI", "NFI >= 0.90", BENTLER_BONETT + "; " + HAIR + ", ch. 6"),
    "path": Rule("path coefficient", "supported when the two-sided p < alpha (the CI excludes 0)", HAIR + ", ch. 6"),
    "mediation": Rule("mediation type", "indirect and direct effect tested with bootstrap CIs", ZHAO),
}


def r2_wording(r2: float, variant: str = "hair") -> str:
    """Hair et al. (2022): 0.75 substantial, 0.50 moderate, 0.25 weak; Chin (1998): 0.67, 0.33, 0.19."""
    cuts = (0.75, 0.50, 0.25) if variant == "hair" else (0.67, 0.33, 0.19)
    if not np.isfinite(r2):
        return "n/a"
    if r2 >= cuts[0]:
        return "substantial"
    if r2 >= cuts[1]:
        return "moderate"
    if r2 >= cuts[2]:
        return "weak"
    return "very weak"


def f2_wording(f2: float) -> str:
    """Cohen (1988): 0.02 small, 0.15 medium, 0.35 large."""
    if not np.isfinite(f2):
        return "n/a"
    if f2 >= 0.35:
        return "large"
    if f2 >= 0.15:
        return "medium"
    if f2 >= 0.02:
        return "small"
    return "none"


def reliability_verdict(value: float) -> str:
    """0.70-0.95 pass, 0.60-0.70 and > 0.95 warn, < 0.60 fail (Hair et al. 2022, ch. 4)."""
    return band(value, (0.70, 0.95), (0.60, np.inf))


def vif_verdict(value: float) -> str:
    """< 3 pass, 3-5 warn, >= 5 fail (Hair et al. 2022, ch. 5-6)."""
    if not np.isfinite(value):
        return "n/a"
    return "pass" if value < 3 else ("warn" if value < 5 else "fail")


def verdict_rows(criterion: str, subjects, values, thresholds, verdicts, rule: Rule) -> pd.DataFrame:
    """Rows of the long verdict table: ``criterion, subject, value, threshold, verdict, rule, reference``."""
    subjects = list(subjects)
    if isinstance(thresholds, (str, int, float)):
        thresholds = [thresholds] * len(subjects)
    return pd.DataFrame({
        "criterion": criterion,
        "subject": subjects,
        "value": list(values),
        "threshold": [str(t) if not isinstance(t, str) else t for t in thresholds],
        "verdict": list(verdicts),
        "rule": rule.text,
        "reference": rule.reference,
    })
