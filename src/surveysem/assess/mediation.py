"""Mediation analysis: every specific indirect effect with bootstrap inference and the Zhao, Lynch & Chen type."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import SurveysemError
from ..format import p_phrase, plain, plain_ci
from .rules import RULES

ZHAO_TYPES = {
    "complementary": ("complementary partial mediation", "partial"),
    "competitive": ("competitive partial mediation", "partial"),
    "indirect-only": ("indirect-only (full mediation)", "full"),
    "direct-only": ("direct-only (no mediation)", "none"),
    "no-effect": ("no effect (no mediation)", "none"),
}


def zhao_type(indirect_significant: bool, direct_significant: bool, indirect: float, direct: float) -> str:
    """Zhao, Lynch & Chen (2010, Fig. 2) decision tree.

    * indirect significant, direct significant, indirect·direct > 0 → ``complementary`` (partial mediation);
    * indirect significant, direct significant, indirect·direct < 0 → ``competitive`` (partial mediation);
    * indirect significant, direct not → ``indirect-only`` (full mediation);
    * indirect not, direct significant → ``direct-only`` (no mediation);
    * neither → ``no-effect`` (no mediation).
    """
    if indirect_significant and direct_significant:
        return "complementary" if indirect * direct > 0 else "competitive"
    if indirect_significant:
        return "indirect-only"
    if direct_significant:
        return "direct-only"
    return "no-effect"


def mediation(res, boot, interval: str = "percentile") -> pd.DataFrame:
    """Every specific indirect effect (serial chains included) with its bootstrap test and Zhao type.

    Parameters
    ----------
    res : PLSResult
    boot : BootstrapResult
        Bootstrap of ``res``; significance of indirect and direct effects comes from its intervals.
    interval : {"percentile", "bca"}
        Which bootstrap interval decides significance (the interval excludes 0). Hair et al. (2022, ch. 7)
        recommend the percentile interval; BCa is the alternative.

    Returns
    -------
    DataFrame
        ``from, to, via, chain, estimate, boot_mean, se, t, p, ci_low, ci_high, bca_low, bca_high,
        indirect_significant, direct, direct_t, direct_p, direct_ci_low, direct_ci_high, direct_significant,
        total_indirect, total, vaf, zhao_type, mediation, reasoning, note, rule, reference``.

    Notes
    -----
    Specific indirect effect = product of the path coefficients along the chain; its bootstrap distribution is
    the product in each resample (Hair et al. 2022, ch. 7; Nitzl, Roldán & Cepeda 2016).
    VAF = specific indirect / total effect of ``from`` on ``to`` (Hair et al. 2022, ch. 7, where
    total = direct + all indirect effects; cSEM reports the total indirect / total). VAF is only read as a
    share when the direct and indirect effects have the same sign; otherwise the note says so.
    When the model has no direct path ``from → to`` the direct effect is 0 by construction and the type is
    indirect-only (or no effect) with a note.
    """
    if boot is None:
        raise SurveysemError("mediation needs a bootstrap", fix="Run with --boot 5000 (or pass a BootstrapResult)")
    if interval not in ("percentile", "bca"):
        raise SurveysemError(f"unknown interval {interval!r}", fix="Use 'percentile' or 'bca'")
    lo, hi = ("ci_low", "ci_high") if interval == "percentile" else ("bca_low", "bca_high")
    level = boot.settings.get("ci", 0.95)
    eff = boot.effects
    spec = eff[eff["kind"] == "specific_indirect"]
    rows = []
    for r in spec.to_dict("records"):
        x, y, via = r["from"], r["to"], r["via"]
        chain = " -> ".join([x] + via.split(" -> ") + [y])
        same = eff[(eff["from"] == x) & (eff["to"] == y)].set_index("kind")
        has_direct = "direct" in same.index
        d = same.loc["direct"] if has_direct else None
        total = float(same.loc["total", "estimate"])
        total_ind = float(same.loc["total_indirect", "estimate"]) if "total_indirect" in same.index else np.nan
        ind_sig = bool(r[lo] > 0 or r[hi] < 0)
        if d is not None:
            dir_sig = bool(d[lo] > 0 or d[hi] < 0)
            direct, dt, dp, dlo, dhi = (float(d["estimate"]), float(d["t"]), float(d["p"]), float(d[lo]), float(d[hi]))
        else:
            dir_sig, direct, dt, dp, dlo, dhi = False, 0.0, np.nan, np.nan, np.nan, np.nan
        ztype = zhao_type(ind_sig, dir_sig, r["estimate"], direct)
        label, kind = ZHAO_TYPES[ztype]
        vaf = r["estimate"] / total if total != 0 else np.nan
        notes = []
        if not has_direct:
            notes.append(f"the model has no direct path {x} -> {y}: the direct effect is 0 by construction")
        if has_direct and r["estimate"] * direct < 0:
            notes.append("direct and indirect effects have opposite signs: VAF is not a share")
        if via.count(" -> ") >= 1:
            notes.append("serial mediation")
        mediators = via.replace(" -> ", " and then ")
        ci_txt = f"{level:.0%} {'percentile' if interval == 'percentile' else 'BCa'} CI {plain_ci(r[lo], r[hi])}"
        s1 = (f"The indirect effect of {x} on {y} through {mediators} is {plain(r['estimate'])} (t = {plain(r['t'])}, "
              f"{p_phrase(r['p'])}, {ci_txt}): {'significant' if ind_sig else 'not significant'}.")
        if has_direct:
            s2 = (f"The direct effect of {x} on {y} is {plain(direct)} (t = {plain(dt)}, {p_phrase(dp)}, "
                  f"CI {plain_ci(dlo, dhi)}): {'significant' if dir_sig else 'not significant'}")
            if ind_sig and dir_sig:
                s2 += ", with the same sign as the indirect effect." if ztype == "complementary" else \
                    ", with the opposite sign to the indirect effect."
            else:
                s2 += "."
        else:
            s2 = f"The model has no direct path from {x} to {y}."
        verdict = {
            "complementary": f"So {mediators} partially mediates the effect of {x} on {y}: {x} still affects {y} "
                             f"directly, besides through {mediators} (complementary partial mediation).",
            "competitive": f"So {mediators} partially mediates the effect of {x} on {y}, but the direct and indirect "
                           f"effects pull in opposite directions (competitive partial mediation).",
            "indirect-only": f"So {mediators} fully mediates the effect of {x} on {y}: without the mediator {x} has "
                             f"no effect on {y} (indirect-only, full mediation).",
            "direct-only": f"So {mediators} does not mediate: {x} affects {y} only directly (direct-only, no "
                           f"mediation).",
            "no-effect": f"So there is no mediation and no direct effect of {x} on {y} (no effect).",
        }[ztype]
        rows.append({
            "from": x, "to": y, "via": via, "chain": chain,
            **{k: r[k] for k in ["estimate", "boot_mean", "se", "t", "p", "ci_low", "ci_high", "bca_low", "bca_high"]},
            "indirect_significant": ind_sig, "direct": direct, "direct_t": dt, "direct_p": dp,
            "direct_ci_low": dlo, "direct_ci_high": dhi, "direct_significant": dir_sig,
            "total_indirect": total_ind, "total": total, "vaf": vaf, "zhao_type": ztype, "mediation": label,
            "reasoning": f"{s1} {s2} {verdict} (Zhao et al. 2010)", "note": "; ".join(notes),
        })
    cols = ["from", "to", "via", "chain", "estimate", "boot_mean", "se", "t", "p", "ci_low", "ci_high", "bca_low",
            "bca_high", "indirect_significant", "direct", "direct_t", "direct_p", "direct_ci_low", "direct_ci_high",
            "direct_significant", "total_indirect", "total", "vaf", "zhao_type", "mediation", "reasoning", "note"]
    df = pd.DataFrame(rows, columns=cols)
    df["rule"] = (f"effect significant when the {level:.0%} bootstrap {interval} interval excludes 0; "
                  "type by the Zhao et al. (2010) decision tree")
    df["reference"] = RULES["mediation"].reference + "; Hair et al. (2022), ch. 7"
    return df
