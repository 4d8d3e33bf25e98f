"""The respondent profile ("Karakteristik Responden") and the descriptive analysis ("Analisis Deskriptif") sections of
a survey study's summary (pls and regression), written from the ``describe`` folder, before the measurement model or
the instrument tests, as a thesis orders them. Sentences are ``str.format`` templates (translated centrally)."""
from __future__ import annotations

from ...i18n import _, value
from ..folder import ResultsFolder
from ..tables import rules_and_sources
from .document import Doc, Figure, _pretty, _records, _text, integer, view

PROFILE_HEADING = "Respondent profile"
DESCRIPTIVE_HEADING = "Descriptive analysis"


def sections(doc: Doc, folder: ResultsFolder, cleaning: ResultsFolder | None = None) -> list[str]:
    """Write both sections; return the step's warnings for the Warnings section (the skipped profile columns are
    listed in the profile section itself). ``cleaning``: its ``value_labels.csv`` (an SPSS file's value labels) is
    shown in the note of the item table."""
    run = folder.run
    notes = [str(w) for w in run.get("warnings", [])]
    _profile(doc, folder, run)
    _descriptives(doc, folder, run, cleaning)
    return notes


def _profile(doc: Doc, folder: ResultsFolder, run: dict) -> None:
    doc.h2(_(PROFILE_HEADING))
    prof = folder.need("profile.csv", ("column", "category", "n", "percent", "cumulative_percent"))
    n = run.get("n")
    columns = list(dict.fromkeys(str(c) for c in prof["column"])) if not prof.empty else []
    if not columns:
        if (run.get("settings") or {}).get("profile") == "none":
            doc.p(_("No respondent characteristic was tabulated (profile: none)."))
        else:
            doc.p(_("No respondent characteristic was tabulated: the data hold no demographic text column besides the "
                    "items. Name the columns under `profile` in config.yaml to tabulate them."))
    else:
        doc.p(_("The {k} characteristics of the {n} analysed respondents (the rows of the cleaned data): {cols}. "
                "Each table counts every respondent once; a missing answer is its own row.",
                k=integer(len(columns)), n=integer(n), cols=", ".join(columns)))
        doc.table(view("describe", "profile"), prof)
        figure = folder.path / "figures" / "profile.png"
        if figure.is_file():
            # a figure block: the same link line in summary.md, the chart itself in report.docx and report.html
            doc.blocks.append(Figure(figure, _(PROFILE_HEADING),
                                     _("Figure: [respondent profile]({link}).", link=doc.link(figure))))
    skipped = [r for r in _records(folder.csv("profile_columns.csv")) if _text(r.get("status")) == "skipped"]
    if skipped:
        doc.bullets([_("Not tabulated: {column} ({reason}).", column=r["column"], reason=value(_text(r.get("reason"))))
                     for r in skipped])


def _descriptives(doc: Doc, folder: ResultsFolder, run: dict, cleaning: ResultsFolder | None = None) -> None:
    doc.h2(_(DESCRIPTIVE_HEADING))
    items = folder.need("descriptive_items.csv", ("construct", "item", "mean", "category"))
    constructs = folder.need("descriptive_constructs.csv", ("construct", "mean", "category"))
    lo, hi = (run.get("likert") or [1, 5])[:2]
    doc.p(_("Answers on the {lo}-{hi} scale per item: total score = Σ answers, ideal score = {hi} × n, mean and SD; "
            "the category of a mean by the class interval, the score index = total / ideal × 100 in five bands, and "
            "Ferdinand's three-box index = Σ(%F × answer) / {hi} in three boxes. The rules:", lo=lo, hi=hi))
    rule_texts, sources = rules_and_sources(constructs)
    doc.bullets([_pretty(value(t)) for text in rule_texts for t in text.split("; ")])
    if sources:
        doc.p(_("Sources: {refs}.", refs="; ".join(sources)))
    doc.table(view("describe", "descriptive_constructs"), constructs,
              note=_("Construct rows average their items' means and indexes."))
    doc.table(view("describe", "descriptive_items"), items,
              note=" ".join([_("The answer distribution per scale point is in {link}.",
                                link="`" + doc.link(folder.path / "descriptive_items.csv") + "`"),
                              *_value_label_notes(cleaning)]))


def _value_label_notes(cleaning: ResultsFolder | None) -> list[str]:
    """The SPSS file's value labels of the items (``value_labels.csv`` of the cleaning step), one sentence per set
    of labels, naming the items that share it: ``Value labels (SPSS file) of X1.1, X1.2: 1 = STS, 2 = TS.``"""
    labels = cleaning.csv("value_labels.csv", ("item", "value", "label")) if cleaning is not None else None
    if labels is None or labels.empty:
        return []
    sets: dict[str, list[str]] = {}
    for item, d in labels.groupby("item", sort=False):
        pairs = ", ".join("{v:g} = {label}".format(v=v, label=_text(lab))
                          for v, lab in sorted(zip(d["value"].astype(float), d["label"]), key=lambda p: p[0]))
        sets.setdefault(pairs, []).append(str(item))
    return [_("Value labels (SPSS file) of {items}: {labels}.", items=", ".join(items), labels=pairs)
            for pairs, items in sets.items()]
