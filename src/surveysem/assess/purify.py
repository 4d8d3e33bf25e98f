"""Item purification: drop weak reflective indicators one at a time, re-estimating after each step."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ConfigError, EstimationError
from .reliability import reliability
from .rules import AVE_MIN, LOADING_FLOOR, LOADING_MIN, RELIABILITY_MIN

PURIFY_RULES = ("strict", "hair", "none")

LOG_COLUMNS = ["step", "construct", "indicator", "loading", "action", "ave_before", "ave_after", "rho_c_before",
               "rho_c_after", "reason", "rule", "reference"]


def purify_items(res, rule: str = "hair", loading_min: float = LOADING_MIN, loading_drop: float = LOADING_FLOOR,
                 ave_min: float = AVE_MIN, rho_c_min: float = RELIABILITY_MIN, max_steps: int = 100):
    """Drop weak reflective indicators and re-estimate after each drop.

    Parameters
    ----------
    res : PLSResult
        The estimate of the full model; every re-estimate uses its data and settings (:meth:`PLSResult.refit`).
    rule : {"strict", "hair", "none"}
        * ``strict`` — drop the reflective indicator with the lowest loading below ``loading_min`` (0.708, so that
          the construct explains at least 50 % of the item's variance), re-estimate, repeat;
        * ``hair`` — always drop loadings below ``loading_drop`` (0.40); drop a loading between 0.40 and 0.708 only
          when its construct's AVE < ``ave_min`` or ρ_C < ``rho_c_min`` and dropping it brings that value to the
          threshold (Hair et al. 2022, ch. 4, Exhibit 4.4); otherwise keep it and log why;
        * ``none`` — keep every item (the log lists the weak ones).
    Composite (formative) indicators are never dropped by these rules (Hair et al. 2022, ch. 5), nor the indicators
    of an interaction term (products made from the items, ch. 7), and a construct never loses its last indicator.

    Returns
    -------
    (PLSResult, DataFrame)
        The final estimate (what later steps use) and the log ``step, construct, indicator, loading, action
        (dropped / kept), ave_before, ave_after, rho_c_before, rho_c_after, reason, rule, reference``; one row per
        decision, in order.
    """
    if rule not in PURIFY_RULES:
        raise ConfigError(f"unknown item purification rule {rule!r}", fix=f"Use one of {', '.join(PURIFY_RULES)}")
    rule_text = {
        "strict": f"drop reflective items with loading < {loading_min}, lowest first, re-estimating after each",
        "hair": f"drop loading < {loading_drop}; drop {loading_drop}-{loading_min} only if that raises AVE to "
                f">= {ave_min} or rho_C to >= {rho_c_min}",
        "none": "no item is dropped",
    }[rule]
    ref = "Hair et al. (2022), ch. 4, Exhibit 4.4"
    log: list[dict] = []
    considered: set[str] = set()
    current = res
    for _ in range(max_steps):
        rel = reliability(current).set_index("construct")
        load = current.loadings.merge(rel[["mode", "n_items"]], left_on="construct", right_index=True)
        weak = load[(load["mode"] == "reflective") & (load["estimate"].abs() < loading_min)
                    & ~load["indicator"].isin(considered)
                    & ~load["construct"].isin(current.model.interaction_names)]  # made products, not items
        if weak.empty:
            break
        row = weak.loc[weak["estimate"].abs().idxmin()]
        c, item, lam = row["construct"], row["indicator"], float(row["estimate"])
        before = rel.loc[c]
        entry = dict(step=len(log) + 1, construct=c, indicator=item, loading=lam, ave_before=before["ave"],
                     rho_c_before=before["rho_c"], rule=rule_text, reference=ref)
        considered.add(item)
        if row["n_items"] == 1:
            log.append(entry | dict(action="kept", ave_after=np.nan, rho_c_after=np.nan,
                                    reason=f"loading {lam:.3f} < {loading_min}, but it is the last indicator of {c}"))
            continue
        if rule == "none":
            log.append(entry | dict(action="kept", ave_after=np.nan, rho_c_after=np.nan,
                                    reason=f"loading {lam:.3f} < {loading_min}; rule 'none' keeps every item"))
            continue
        try:
            trial = current.refit(current.model.without_indicator(item))
        except EstimationError as exc:  # e.g. the remaining items are singular: keep the item, say why
            log.append(entry | dict(action="kept", ave_after=np.nan, rho_c_after=np.nan,
                                    reason=f"loading {lam:.3f} < {loading_min}, but the model without {item} cannot "
                                           f"be estimated ({exc.what}): kept"))
            continue
        after = reliability(trial).set_index("construct").loc[c]
        entry |= dict(ave_after=after["ave"], rho_c_after=after["rho_c"])
        if rule == "strict":
            drop = True
            reason = (f"loading {lam:.3f} < {loading_min} (lowest of the weak items); AVE {before['ave']:.3f} -> "
                      f"{after['ave']:.3f}, rho_C {before['rho_c']:.3f} -> {after['rho_c']:.3f}")
        elif abs(lam) < loading_drop:
            drop = True
            reason = f"loading {lam:.3f} < {loading_drop}: always dropped"
        else:
            fixes = []
            if before["ave"] < ave_min and after["ave"] >= ave_min:
                fixes.append(f"AVE {before['ave']:.3f} -> {after['ave']:.3f} reaches {ave_min}")
            if before["rho_c"] < rho_c_min and after["rho_c"] >= rho_c_min:
                fixes.append(f"rho_C {before['rho_c']:.3f} -> {after['rho_c']:.3f} reaches {rho_c_min}")
            drop = bool(fixes)
            if drop:
                reason = f"loading {lam:.3f} in {loading_drop}-{loading_min} and dropping it: " + "; ".join(fixes)
            elif before["ave"] >= ave_min and before["rho_c"] >= rho_c_min:
                reason = (f"loading {lam:.3f} in {loading_drop}-{loading_min}, but AVE {before['ave']:.3f} and "
                          f"rho_C {before['rho_c']:.3f} already meet their thresholds: kept")
            else:
                reason = (f"loading {lam:.3f} in {loading_drop}-{loading_min}; dropping it would not bring AVE "
                          f"({after['ave']:.3f}) / rho_C ({after['rho_c']:.3f}) to the threshold: kept")
        log.append(entry | dict(action="dropped" if drop else "kept", reason=reason))
        if drop:
            current = trial
    return current, pd.DataFrame(log, columns=LOG_COLUMNS)
