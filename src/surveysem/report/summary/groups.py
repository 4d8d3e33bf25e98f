"""The summary's multigroup section of a PLS study (``groups: COLUMN``): the groups, MICOM's verdict first (it decides
whether the groups may be compared; Henseler, Ringle & Sarstedt 2016), then the paths that differ.

Worded from the ``mga/`` folder (:mod:`surveysem.groups`), never recomputed: MICOM's ``invariance`` and ``verdict``
columns, and a path difference is called significant when its permutation p (Chin & Dibbern 2010, the test Henseler
et al. 2016 recommend after MICOM) is below the study's alpha.
"""
from __future__ import annotations

from ...format import p_phrase
from ...i18n import _, value
from ..folder import ResultsFolder
from .document import Doc, _list_words, _records, _text, bounded, integer, view

#: MICOM's overall level, weakest first (surveysem.groups.micom.overall)
_LEVELS = ("none", "not_tested", "partial", "full")


def section(doc: Doc, m: ResultsFolder, alpha: float = 0.05) -> list[str]:
    """The multigroup section; returns its warnings (for the Warnings section)."""
    run = m.json("run.json")
    sizes = [r for r in _records(m.need("group_sizes.csv", ("group", "n"))) if _text(r.get("group"))]
    column = (run.get("settings") or run).get("groups") or run.get("groups") or ""
    doc.p(_("The sample was split by {column}: {groups}. Each group was estimated and bootstrapped on its own rows "
            "(mean replacement within the group, as R seminr's estimate_pls_mga).", column=column,
            groups=_list_words([_("{group} (n = {n})", group=r["group"], n=integer(r["n"])) for r in sizes])))
    doc.table(view("mga", "group_sizes"), m.need("group_sizes.csv"))

    micom = m.csv("micom.csv")
    if micom is not None and not micom.empty:
        doc.h3(_("Measurement invariance (MICOM)"))
        recs = _records(micom)
        level = next((lv for lv in _LEVELS if any(r["invariance"] == lv for r in recs)), recs[0]["invariance"])
        no = [str(r["construct"]) for r in recs if r["invariance"] == "none"]
        partial = [str(r["construct"]) for r in recs if r["invariance"] == "partial"]
        text = [_("MICOM (Henseler, Ringle & Sarstedt 2016) checks that the constructs mean the same in each group "
                  "before the groups' paths are compared: step 1 configural invariance (same model, items and "
                  "treatment), step 2 compositional invariance (the composite formed with one group's weights "
                  "correlates with the other's at c close to 1), step 3 equal composite means and variances.")]
        text.append(_("Overall: {verdict}.", verdict=value(next(r["verdict"] for r in recs
                                                                 if r["invariance"] == level))))
        if no:
            text.append(_("Invariance is not established (step 1 or 2 fails) for {names}: the group differences "
                          "of the paths into or out of them are not interpretable (with many constructs, one failure in "
                          "twenty is expected by chance at the 5% level).", names=_list_words(no)))
        if partial:
            text.append(_("Partial invariance only (means or variances differ) for {names}: compare their paths "
                          "between the groups, but do not pool the groups' data.", names=_list_words(partial)))
        doc.p(*[_capital(t) for t in text])
        doc.table(view("mga", "micom"), micom)

    mga = m.need("mga.csv", ("from", "to", "difference", "p_permutation"))
    rows = [r for r in _records(mga) if _text(r.get("parameter")) in ("", "path")]
    doc.h3(_("Group differences of the paths"))
    diff = [r for r in rows if r.get("p_permutation") is not None and float(r["p_permutation"]) < alpha]
    if diff:
        items = [_("{path}: {a} {ea} vs {b} {eb} (difference {d}, permutation {p})",
                   path=f"{r['from']} → {r['to']}", a=r["group_a"], ea=bounded(r["estimate_a"]), b=r["group_b"],
                   eb=bounded(r["estimate_b"]), d=bounded(r["difference"]), p=p_phrase(r["p_permutation"]))
                 for r in diff]
        doc.p(_("The groups differ significantly (permutation test, Chin & Dibbern 2010; α = {alpha}) in {n}: "
                "{items}.", alpha=alpha, n=_plural_paths(len(diff)), items="; ".join(items)))
    else:
        doc.p(_("No path differs significantly between the groups (permutation test, Chin & Dibbern 2010; "
                "α = {alpha}).", alpha=alpha))
    doc.p(_("PLS-MGA (Henseler et al. 2009) gives the one-sided probability that group A's coefficient is not larger "
            "than group B's: below .05 or above .95 reads as a difference. The parametric (Keil et al. 2000) and "
            "Welch-Satterthwaite (Sarstedt et al. 2011) tests assume equal or unequal group variances."))
    doc.table(view("mga", "mga"), mga)
    return [str(w) for w in run.get("warnings", [])]


def _plural_paths(n: int) -> str:
    return _("one path") if n == 1 else _("{n} paths", n=n)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
