"""Assessment of models with higher-order constructs: both levels in every measurement table (Sarstedt et al. 2019).

Sarstedt, Hair, Cheah, Becker & Ringle (2019, *Australasian Marketing Journal* 27, 197–211, "How to specify,
estimate, and validate higher-order constructs in PLS-SEM"): the lower-order constructs (LOCs) are assessed like
any first-order construct, on their items; the higher-order construct (HOC) is assessed on its LOCs, whose scores
(two-stage) or relationships with the HOC (repeated indicators) act as its indicators.

* Two-stage (``hoc: two_stage``): the stage-2 tables hold every first-order construct that is not a LOC and the
  HOC measured by its LOCs' stage-1 scores — the HOC's alpha, rho_A, rho_C, AVE, loadings and HTMT are computed on
  those scores, as R seminr 2.3.2 does. The LOCs' rows (their items' loadings, weights and VIF, their reliability,
  the HTMT of every pair with a LOC) come from the stage-1 model (:func:`lower_order_result`), with the stage-1
  bootstrap statistics the two-stage bootstrap computes anyway (:class:`LowerOrderBootstrap`).
* Repeated indicators (``hoc: repeated_indicators``): one model holds both levels; the HOC's row in the
  reliability table is recomputed from its LOCs (:func:`repeated_indicators_reliability`), because the repeated
  items describe the LOCs, not the HOC (Sarstedt et al. 2019, p. 203).

Every table that lists constructs or items gets a ``level`` column: ``higher`` for the HOC's rows (a HTMT pair
with a HOC), ``lower`` for every first-order construct.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..model.higher_order import stage1_model
from ..pls import PLSResult
from ..pls.higher_order import HigherOrderPlan
from .discriminant import cross_loadings, htmt_table
from .reliability import outer_model, reliability
from .rules import AVE_MIN, reliability_verdict
from .structural import vif_outer

LEVEL_HIGHER = "higher"
LEVEL_LOWER = "lower"
HOC_NOTE = ("higher-order construct: assessed on its lower-order constructs' scores (Sarstedt et al. 2019)")


def lower_order_result(res: PLSResult) -> PLSResult | None:
    """The stage-1 estimate of a two-stage HOC model (the LOCs' own measurement model), else None.

    Same data, settings and stage-1 fit as the two-stage estimate: no second estimation is run.
    """
    plan = res.indicator_plan
    if not isinstance(plan, HigherOrderPlan) or plan.stage1 is None:
        return None
    settings = {k: v for k, v in res.settings.items() if k != "hoc"}
    return PLSResult(model=stage1_model(res.model), data=res.data, structure=plan.stage1, fit=plan.stage1_fit,
                     S=plan.full_sample(), settings=settings)


class LowerOrderBootstrap:
    """The stage-1 statistics of a two-stage bootstrap, seen as the bootstrap of :func:`lower_order_result`.

    ``loadings`` and ``weights`` are the bootstrap's tables (the LOCs' items carry their stage-1 statistics there);
    ``htmt`` and :meth:`draws_frame` are those of the plan's ``stage1_htmt`` group (pairs with a LOC).
    """

    def __init__(self, boot):
        self.boot = boot
        self.loadings = boot.loadings
        self.weights = boot.weights
        self.htmt = boot._table("stage1_htmt", ["construct_a", "construct_b"])

    def draws_frame(self) -> pd.DataFrame:
        d = self.boot.draws_frame()
        keep = [c for c in d.columns if c.startswith("stage1_htmt:")]
        return d[keep].rename(columns={c: c[len("stage1_"):] for c in keep})


def repeated_indicators_reliability(res: PLSResult, rel: pd.DataFrame) -> pd.DataFrame:
    """The reliability table with each HOC's row computed from its LOCs (repeated indicators).

    With C the construct correlations, the HOC's loadings on its dimensions are λ_d = corr(HOC, LOC_d) (for a
    reflective HOC the HOC → LOC path coefficients, Sarstedt et al. 2019, p. 203); alpha = m/(m − 1)·(1 − m/Σ C_LL)
    on the m LOC scores (Cronbach 1951), rho_C = (Σλ)²/((Σλ)² + Σ(1 − λ²)), AVE = Σλ²/m. rho_A needs weights of the
    HOC on its LOC scores, which this approach does not estimate: NaN for a reflective HOC; a formative HOC keeps
    1 and the verdicts n/a, as every composite.
    """
    st = res.structure
    C = res.fit.construct_corr[0]
    idx = {n: k for k, n in enumerate(st.constructs)}
    rel = rel.copy()
    for c in res.model.higher_order:
        h, d = idx[c.name], np.array([idx[x] for x in c.dimensions])
        lam, m = C[h, d], len(d)
        row = rel.index[rel["construct"] == c.name][0]
        rho_c = lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam ** 2).sum())
        values = dict(n_items=m, alpha=m / (m - 1) * (1 - m / C[np.ix_(d, d)].sum()), rho_c=rho_c,
                      ave=(lam ** 2).mean())
        for k, v in values.items():
            rel.loc[row, k] = v
        note = HOC_NOTE + "; repeated indicators: loadings = corr(HOC, LOC)"
        if c.pls_mode == "A":
            rel.loc[row, "rho_a"] = np.nan
            for k in ("alpha", "rho_c"):
                rel.loc[row, f"{k}_verdict"] = reliability_verdict(values[k])
            rel.loc[row, "rho_a_verdict"] = "n/a"
            rel.loc[row, "ave_verdict"] = "pass" if values["ave"] >= AVE_MIN else "fail"
            note += ", rho_A not defined"
        else:
            note = rel.loc[row, "note"] + "; " + note
        rel.loc[row, "note"] = note
    return rel


def reliability_all_levels(res: PLSResult) -> pd.DataFrame:
    """:func:`~surveysem.assess.reliability.reliability` of every construct the loadings table lists: a two-stage
    model's LOCs from stage 1 added to the stage-2 rows (for item purification, which drops the LOCs' items)."""
    rel = reliability(res)
    lower = lower_order_result(res)
    if lower is None:
        return rel
    locs = {d for c in res.model.higher_order for d in c.dimensions}
    low = reliability(lower)
    return pd.concat([rel, low[low["construct"].isin(locs)]], ignore_index=True)


def with_levels(res: PLSResult, boot, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The assessment tables of a HOC model with both levels and a ``level`` column (module docstring).

    ``tables`` holds the tables computed on ``res`` (``reliability``, ``outer_model``, ``htmt``, ``vif_outer``,
    ``fornell_larcker``, ``cross_loadings``); they are returned with the LOCs' stage-1 rows added (two-stage: not
    to the Fornell-Larcker matrix, whose columns are the stage-2 constructs; the cross-loadings get a column per
    construct of either level, empty where a construct is not in that item's stage) and ordered by the user's
    construct order.
    """
    out = dict(tables)
    hocs = {c.name for c in res.model.higher_order}
    locs = {d for c in res.model.higher_order for d in c.dimensions}
    order = {n: k for k, n in enumerate(res.model.construct_names)}
    plan = res.indicator_plan
    if isinstance(plan, HigherOrderPlan) and plan.method == "repeated_indicators":
        out["reliability"] = repeated_indicators_reliability(res, out["reliability"])
    lower = lower_order_result(res)
    if lower is not None:
        lboot = LowerOrderBootstrap(boot) if boot is not None else None
        extra = {
            "reliability": reliability(lower),
            "outer_model": outer_model(lower, lboot),
            "vif_outer": vif_outer(lower),
            "htmt": htmt_table(lower, lboot),
            "cross_loadings": cross_loadings(lower),
        }
        for name, t in extra.items():
            if name not in out:
                continue
            if name == "htmt":
                t = t[t["construct_a"].isin(locs) | t["construct_b"].isin(locs)]
            else:
                t = t[t["construct"].isin(locs)]
            merged = pd.concat([out[name], t], ignore_index=True)
            if name == "cross_loadings":  # one column per construct of either level, in the user's order
                first = ["indicator", "construct"]
                cons = [c for c in res.model.construct_names if c in merged.columns]
                merged = merged[first + cons + [c for c in merged.columns if c not in first + cons]]
            out[name] = merged
    for name, t in out.items():
        t = t.copy()
        if "construct_a" in t:
            high = t["construct_a"].isin(hocs) | t["construct_b"].isin(hocs)
        else:
            t = t.iloc[np.argsort([order.get(c, len(order)) for c in t["construct"]], kind="stable")]
            high = t["construct"].isin(hocs)
        t.insert(t.columns.get_loc("construct_b" if "construct_a" in t else "construct") + 1, "level",
                 np.where(high, LEVEL_HIGHER, LEVEL_LOWER))
        if name == "reliability":
            t.loc[t["construct"].isin(hocs) & (t["note"] == ""), "note"] = HOC_NOTE
        out[name] = t.reset_index(drop=True)
    return out

