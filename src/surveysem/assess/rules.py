"""Thresholds, their references, and the pass/warn/fail verdicts every assessment table carries.

Each rule is written once here so that tables, the verdict table and the docs say the same thing: its thresholds
are numbers (module constants such as :data:`LOADING_MIN`), and its text is generated from them with :func:`cut`, so
the printed rule, the verdict functions, item purification, the figures' reference lines and the summary cannot
disagree.
A verdict is ``"pass"``, ``"warn"``, ``"fail"`` or ``"n/a"`` (criterion does not apply, e.g. reliability of a
formative construct or of a single item).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..stats.sample_size import POWER
from ..stats.sample_size import TEN_TIMES as TEN_TIMES_MULTIPLIER

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
KOCK_HADAYA = "Kock & Hadaya (2018), Inf. Syst. J. 28(1), 227-261"
BARCLAY = "Barclay, Higgins & Thompson (1995), Technol. Stud. 2(2), 285-309"
YAMANE = "Yamane (1967), Statistics: An Introductory Analysis, 2nd ed.; Tejada & Punzalan (2012), Philipp. Stat. 61(1), 129-136"


# --------------------------------------------------------------------------------------------------------------------
# The thresholds, each written once: the rule texts below, the verdict functions, item purification, the figures'
# reference lines and the summary take them from here.

#: indicator loading: pass at or above (Hair et al. 2022, ch. 4: 0.708² ≈ 0.50, the construct explains half of the
#: indicator's variance) …
LOADING_MIN = 0.708
#: … always drop below (same chapter)
LOADING_FLOOR = 0.40
#: formative indicator: keep a non-significant weight when the loading reaches this (Hair et al. 2022, ch. 5)
FORMATIVE_LOADING_MIN = 0.50
#: Cronbach's alpha, rho_A, rho_C: pass band, and the warn floor below it (Hair et al. 2022, ch. 4)
RELIABILITY_MIN, RELIABILITY_MAX = 0.70, 0.95
RELIABILITY_WARN = 0.60
#: average variance extracted (Hair et al. 2022, ch. 4; Fornell & Larcker 1981)
AVE_MIN = 0.50
#: HTMT: conceptually distinct constructs pass below the first, similar ones below the second (Henseler et al. 2015)
HTMT_THRESHOLDS = (0.85, 0.90)
#: VIF: warn from the first, fail from the second (Hair et al. 2022, ch. 5-6)
VIF_THRESHOLDS = (3, 5)
#: f² small, medium, large (Cohen 1988)
F2_SIZES = (0.02, 0.15, 0.35)
#: R² substantial, moderate, weak: Hair et al. (2022, ch. 6) and Chin (1998)
R2_HAIR = (0.75, 0.50, 0.25)
R2_CHIN = (0.67, 0.33, 0.19)
#: blindfolding Q² medium, large (above 0: predictive relevance; Hair et al. 2022, ch. 6)
Q2_SIZES = (0.25, 0.50)
#: target power of the inverse square root minimum sample size (Kock & Hadaya 2018; Cohen 1988) and the 10-times
#: rule's multiplier (Barclay et al. 1995); the formulas: surveysem.stats.sample_size
SAMPLE_POWER = POWER
TEN_TIMES = TEN_TIMES_MULTIPLIER
#: SRMR below, NFI at or above (Hu & Bentler 1998; Bentler & Bonett 1980)
SRMR_MAX = 0.08
NFI_MIN = 0.90


def cut(x: float) -> str:
    """A threshold as the rule texts write it: at least two decimals (``0.40``, ``0.708``), integers as such (``3``)."""
    if float(x).is_integer() and abs(x) >= 1:
        return str(int(x))
    g = f"{float(x):g}"
    return f"{float(x):.{max(2, len(g.split('.')[1]) if '.' in g else 0)}f}"


@dataclass(frozen=True)
class Rule:
    """A threshold rule: ``text`` is what the table prints (e.g. ``"loading >= 0.708"``), generated from
    ``thresholds``, the numbers the verdicts use."""

    criterion: str
    text: str
    reference: str
    thresholds: tuple[float, ...] = ()


def band(value: float, pass_: tuple[float, float], warn: tuple[float, float]) -> str:
    """``pass`` if value lies in the closed interval ``pass_``, ``warn`` if in ``warn``, else ``fail`` (NaN: n/a)."""
    if value is None or not np.isfinite(value):
        return "n/a"
    if pass_[0] <= value <= pass_[1]:
        return "pass"
    if warn[0] <= value <= warn[1]:
        return "warn"
    return "fail"


def _reliability_text() -> str:
    lo, hi, warn = cut(RELIABILITY_MIN), cut(RELIABILITY_MAX), cut(RELIABILITY_WARN)
    return f"{lo}-{hi} pass; {warn}-{lo} or > {hi} warn; < {warn} fail"


def _sizes_text(cuts: tuple[float, ...], words: tuple[str, ...]) -> str:
    return ", ".join(f"{cut(c)} {w}" for c, w in zip(cuts, words))


_HT, _VIF = HTMT_THRESHOLDS, VIF_THRESHOLDS
_RELIABILITY = (RELIABILITY_MIN, RELIABILITY_MAX, RELIABILITY_WARN)

RULES = {
    "loading": Rule("indicator loading", f"loading >= {cut(LOADING_MIN)} pass; {cut(LOADING_FLOOR)}-{cut(LOADING_MIN)} "
                    f"warn (keep if AVE and rho_C are fine); < {cut(LOADING_FLOOR)} fail", HAIR + ", ch. 4",
                    (LOADING_MIN, LOADING_FLOOR)),
    "alpha": Rule("Cronbach's alpha", _reliability_text(), HAIR + ", ch. 4", _RELIABILITY),
    "rho_a": Rule("rho_A", _reliability_text(), HAIR + ", ch. 4; " + DIJKSTRA, _RELIABILITY),
    "rho_c": Rule("composite reliability rho_C", _reliability_text(), HAIR + ", ch. 4", _RELIABILITY),
    "ave": Rule("AVE", f"AVE >= {cut(AVE_MIN)}", HAIR + ", ch. 4; " + FORNELL, (AVE_MIN,)),
    "fornell_larcker": Rule("Fornell-Larcker", "sqrt(AVE) > every correlation with another construct", FORNELL),
    "htmt": Rule("HTMT", f"HTMT < {cut(_HT[0])} pass (conceptually distinct); {cut(_HT[0])}-{cut(_HT[1])} warn "
                 f"(acceptable for conceptually similar constructs); >= {cut(_HT[1])} fail; bootstrap: one-sided "
                 "95 % upper bound < threshold", HENSELER + "; " + HAIR + ", ch. 4", HTMT_THRESHOLDS),
    "cross_loading": Rule("cross-loadings", "each item loads highest on its own construct", HAIR + ", ch. 4"),
    "vif_outer": Rule("indicator VIF", f"VIF < {cut(_VIF[0])} pass; {cut(_VIF[0])}-{cut(_VIF[1])} warn; "
                      f">= {cut(_VIF[1])} fail", HAIR + ", ch. 5", VIF_THRESHOLDS),
    "vif_inner": Rule("inner VIF", f"VIF < {cut(_VIF[0])} pass; {cut(_VIF[0])}-{cut(_VIF[1])} warn; "
                      f">= {cut(_VIF[1])} fail", HAIR + ", ch. 6", VIF_THRESHOLDS),
    "f2": Rule("f²", _sizes_text(F2_SIZES, ("small", "medium", "large")) + f"; < {cut(F2_SIZES[0])} no effect",
               COHEN + "; " + HAIR + ", ch. 6", F2_SIZES),
    "r2": Rule("R²", _sizes_text(R2_HAIR, ("substantial", "moderate", "weak")), HAIR + ", ch. 6", R2_HAIR),
    "r2_chin": Rule("R²", _sizes_text(R2_CHIN, ("substantial", "moderate", "weak")), CHIN, R2_CHIN),
    "q2": Rule("Q² (blindfolding)", "Q² > 0 predictive relevance; " + _sizes_text(Q2_SIZES, ("medium", "large")),
               STONE_GEISSER, (0, *Q2_SIZES)),
    "q2_predict": Rule("Q²_predict", "Q²_predict > 0 beats the naive mean; RMSE/MAE below the linear model (LM) "
                       "for all items: high, majority: medium, minority: low, none: no predictive power",
                       SHMUELI + "; " + HAIR + ", ch. 6", (0,)),
    "srmr": Rule("SRMR", f"SRMR < {cut(SRMR_MAX)} (and below the bootstrap HI95 for the exact fit test)", HU_BENTLER,
                 (SRMR_MAX,)),
    "nfi": Rule("NFI", f"NFI >= {cut(NFI_MIN)}", BENTLER_BONETT + "; " + HAIR + ", ch. 6", (NFI_MIN,)),
    "path": Rule("path coefficient", "supported when the two-sided p < alpha (the CI excludes 0)", HAIR + ", ch. 6"),
    "mediation": Rule("mediation type", "indirect and direct effect tested with bootstrap CIs", ZHAO),
    # minimum sample sizes (assess/sample_size.py; formulas in stats/sample_size.py)
    "inverse_square_root": Rule("minimum sample size", "n >= ((z(1 - alpha) + z(power)) / |p_min|)^2, one-tailed, "
                                f"power {cut(SAMPLE_POWER)}", KOCK_HADAYA + "; " + HAIR + ", ch. 1", (SAMPLE_POWER,)),
    "ten_times": Rule("10-times rule", f"n >= {cut(TEN_TIMES)} x the most arrows pointing at one construct",
                      BARCLAY + "; " + HAIR + ", ch. 1", (TEN_TIMES,)),
    "slovin": Rule("Slovin", "n >= N / (1 + N e^2)", YAMANE),
}


def r2_wording(r2: float, variant: str = "hair") -> str:
    """Hair et al. (2022): 0.75 substantial, 0.50 moderate, 0.25 weak; Chin (1998): 0.67, 0.33, 0.19."""
    cuts = R2_HAIR if variant == "hair" else R2_CHIN
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
    small, medium, large = F2_SIZES
    if not np.isfinite(f2):
        return "n/a"
    if f2 >= large:
        return "large"
    if f2 >= medium:
        return "medium"
    if f2 >= small:
        return "small"
    return "none"


def reliability_verdict(value: float) -> str:
    """0.70-0.95 pass, 0.60-0.70 and > 0.95 warn, < 0.60 fail (Hair et al. 2022, ch. 4)."""
    return band(value, (RELIABILITY_MIN, RELIABILITY_MAX), (RELIABILITY_WARN, np.inf))


def loading_verdict(loading: float) -> str:
    """≥ 0.708 pass, 0.40–0.708 warn, < 0.40 fail (Hair et al. 2022, ch. 4); the sign is ignored."""
    return band(abs(loading), (LOADING_MIN, np.inf), (LOADING_FLOOR, LOADING_MIN))


def vif_verdict(value: float) -> str:
    """< 3 pass, 3-5 warn, >= 5 fail (Hair et al. 2022, ch. 5-6)."""
    if not np.isfinite(value):
        return "n/a"
    warn, fail = VIF_THRESHOLDS
    return "pass" if value < warn else ("warn" if value < fail else "fail")


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
