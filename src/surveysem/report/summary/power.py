"""Power analysis: the population, the decision rule, the smallest n per effect (a sentence a thesis can quote for
each), power by n, the power curve. Worded from power.csv, min_n.csv and run.json, never recomputed."""
from __future__ import annotations

from ... import __version__
from ...i18n import _
from .common import StudyFolders, _figures, _files, _warnings
from .document import Doc, _records, _text, bounded, integer, num, view


def _effect(r: dict) -> str:
    """``TR → SAT → LOY``, with the word for its kind."""
    chain = str(r["effect"]).replace(" -> ", " → ")
    return (_("the indirect effect {chain}", chain=chain) if r.get("kind") == "specific_indirect"
            else _("the path {chain}", chain=chain))


def write(doc: Doc, heading: str, folders: StudyFolders) -> None:
    """The power summary: population and method, smallest n per effect, power by n, figure, warnings, files."""
    a = folders.analysis
    run = a.json("run.json")
    s = run.get("power", {})
    doc.h1(heading)
    doc.p(f"*{_('Provenance:')}* surveysem {run.get('surveysem', __version__)}; "
          + _("population from {source}", source=f"`{s.get('source', '')}`") + ".")

    doc.h2(_("Method"))
    doc.p(_("Monte Carlo power analysis (Muthén & Muthén 2002): {reps} samples were drawn at each sample size n from "
            "the population model (Likert answers with {levels} categories), each was estimated by PLS-SEM and "
            "bootstrapped with {boot} resamples.", reps=integer(s.get("replications")), levels=integer(s.get("levels")),
            boot=integer(s.get("boot"))),
          _("An effect counts as detected when 0 lies outside its {interval} {level} % bootstrap interval "
            "(two-sided test at α = {alpha}); power is the share of samples that detect it, with a Wilson 95 % "
            "interval for its Monte Carlo error.", interval=_(str(s.get("interval", "percentile"))),
            level=num(100 * (1 - float(s.get("alpha", 0.05))), 0), alpha=bounded(s.get("alpha"), 2)))
    pop = a.csv("population.csv")
    if pop is not None and not pop.empty:
        doc.table(view("power", "population", "compact"), pop)

    doc.h2(_("Smallest sample size per effect"))
    mn = a.need("min_n.csv", ("effect", "min_n", "power"))
    target = bounded(s.get("power_target"), 2)
    sentences = []
    for r in _records(mn):
        if _text(r.get("min_n")):
            sentences.append(_("With n = {n}, {effect} is detected with power {power} (95 % CI {low} to {high}).",
                               n=integer(r["min_n"]), effect=_effect(r), power=bounded(r["power"]),
                               low=bounded(r["power_ci_low"]), high=bounded(r["power_ci_high"])))
        else:
            sentences.append(_("No n of the grid reaches power {target} for {effect} (power {power} at the largest "
                               "n).", target=target, effect=_effect(r), power=bounded(r["power"])))
    doc.p(_("Target power {target}.", target=target), *sentences)
    doc.table(view("power", "min_n"), mn)

    doc.h2(_("Power by sample size"))
    doc.table(view("power", "power"), a.need("power.csv", ("effect", "n", "power")))
    figs = _figures(doc, a.path / "figures", {"power_curve": _("power curve (power against n, one line per effect)")})
    if figs:
        doc.h2(_("Figures"))
        doc.bullets(figs)
    doc.h2(_("Warnings"))
    _warnings(doc, list(run.get("warnings", [])), [])
    doc.h2(_("Files"))
    _files(doc, [a])
