"""Is the sample large enough? Analytic minimum sample sizes of a PLS-SEM estimate, one tidy table.

Rows (``sample_size.csv``), each with the n it requires, the n analysed, ``enough`` (yes/no) and why it is or is not
the right yardstick:

* ``inverse square root`` (Kock & Hadaya 2018) for the smallest absolute path coefficient of the estimate, and — when
  the bootstrap marks another path as the smallest significant one — for that path too: the n at which a one-tailed
  test at ``alpha`` detects the path with power .80. This is the row that decides.
* ``10-times rule`` (Barclay et al. 1995): ten times the most arrows pointing at one construct (formative indicators
  or structural paths) — shown for comparison, since many theses cite it; a rule of thumb, not a power calculation.
* ``Slovin`` (only when the population size is known): N/(1 + N e²) with e = .05 — the sample that estimates a
  proportion to ±5 %, not a power calculation either.

The formulas live in :mod:`surveysem.stats.sample_size`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..stats.sample_size import POWER, SLOVIN_MARGIN, inverse_square_root, slovin, ten_times_rule
from .rules import RULES

COLUMNS = ["method", "subject", "effect", "alpha", "power", "n_required", "n_actual", "enough", "rule", "reference",
           "note"]


def arrows_at_constructs(model) -> pd.DataFrame:
    """Per construct: its formative indicators (or dimensions of a formative higher-order construct) and the
    structural paths pointing at it — the counts the 10-times rule takes the largest of."""
    rows = []
    for c in model.constructs:
        formative = len(c.indicators or c.dimensions) if c.mode == "composite" else 0
        rows.append({"construct": c.name, "formative_indicators": formative,
                     "structural_paths": len(model.predecessors(c.name))})
    return pd.DataFrame(rows, columns=["construct", "formative_indicators", "structural_paths"])


def _yes(ok: bool) -> str:
    return "yes" if ok else "no"


def sample_size_table(paths: pd.DataFrame, model, n: int, alpha: float = 0.05, power: float = POWER,
                      population_size: int | None = None) -> pd.DataFrame:
    """The minimum-sample-size table of a PLS-SEM estimate.

    Parameters
    ----------
    paths : DataFrame
        Path coefficients with ``from``, ``to``, ``estimate`` and, after a bootstrap, ``p`` (``hypotheses.csv``).
    model : Model
        The estimated model (for the 10-times rule's arrow counts).
    n : int
        The number of cases analysed.
    alpha, power : float
        Significance level (one-tailed, as Kock & Hadaya 2018) and target power of the inverse square root method.
    population_size : int, optional
        The population size N; adds Slovin's row.

    Returns
    -------
    DataFrame
        ``method, subject, effect, alpha, power, n_required, n_actual, enough, rule, reference, note``.
    """
    rows = []
    isr = RULES["inverse_square_root"]
    est = paths[["from", "to", "estimate"] + (["p"] if "p" in paths else [])].copy()
    est = est[np.isfinite(est["estimate"].astype(float))]
    if len(est):
        smallest = est.loc[est["estimate"].abs().idxmin()]
        picks = [(smallest, "smallest absolute path coefficient")]
        sig = est[est["p"] < alpha] if "p" in est else None  # after a bootstrap
        if sig is not None and len(sig) == 0:
            picks = [(smallest, "smallest absolute path coefficient; no path is significant")]
        elif sig is not None:
            s = sig.loc[sig["estimate"].abs().idxmin()]
            if (s["from"], s["to"]) != (smallest["from"], smallest["to"]):
                picks.append((s, f"smallest path coefficient significant at alpha = {alpha:g}"))
        for r, what in picks:
            beta = float(r["estimate"])
            subject = f"{r['from']} -> {r['to']}"
            if beta == 0:
                rows.append({"method": "inverse square root", "subject": subject, "effect": 0.0, "alpha": alpha,
                             "power": power, "n_required": np.nan, "n_actual": n, "enough": "no", "rule": isr.text,
                             "reference": isr.reference, "note": f"{what} is 0: no sample detects it"})
                continue
            need = inverse_square_root(beta, alpha, power)
            note = (f"{what}; the n at which a one-tailed test at alpha = {alpha:g} detects |beta| = "
                    f"{abs(beta):.3f} with power {power:g} (standard error taken as 1/sqrt(n))")
            rows.append({"method": "inverse square root", "subject": subject, "effect": abs(beta), "alpha": alpha,
                         "power": power, "n_required": need, "n_actual": n, "enough": _yes(n >= need),
                         "rule": isr.text, "reference": isr.reference, "note": note})
    arrows = arrows_at_constructs(model)
    if len(arrows):
        most = arrows.assign(m=arrows[["formative_indicators", "structural_paths"]].max(axis=1))
        top = most.loc[most["m"].idxmax()]
        need = ten_times_rule(int(most["formative_indicators"].max()), int(most["structural_paths"].max()))
        kind = ("formative indicators" if top["formative_indicators"] >= top["structural_paths"]
                else "structural paths")
        rule = RULES["ten_times"]
        rows.append({"method": "10-times rule", "subject": str(top["construct"]),
                     "effect": int(top["m"]), "alpha": np.nan, "power": np.nan, "n_required": need, "n_actual": n,
                     "enough": _yes(n >= need), "rule": rule.text, "reference": rule.reference,
                     "note": f"{int(top['m'])} {kind} point at {top['construct']}; a rule of thumb for comparison, "
                             "not a power calculation: it can be far below the n the inverse square root method "
                             "needs for small paths (Kock & Hadaya 2018)"})
    if population_size is not None:
        rows.append(slovin_row(population_size, n))
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["n_required"] = out["n_required"].astype("Int64")  # whole respondents; empty when no n detects a zero path
    return out


def slovin_row(population_size: int, n: int, e: float = SLOVIN_MARGIN) -> dict:
    """Slovin's row of the sample-size table: N/(1 + N e²), rounded up."""
    rule = RULES["slovin"]
    need = slovin(population_size, e)
    return {"method": "Slovin", "subject": f"N = {int(population_size)}", "effect": e, "alpha": np.nan,
            "power": np.nan, "n_required": need, "n_actual": n, "enough": _yes(n >= need), "rule": rule.text,
            "reference": rule.reference,
            "note": f"margin of error {e:g} of a proportion (p = .5, about 95 % confidence) in a simple random sample "
                    "of the population; not a power calculation: it says nothing about detecting a path or effect"}
