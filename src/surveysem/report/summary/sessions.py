"""Live-commerce sessions: accounts, session frequency against sales, and the hypothesis as a test."""
from __future__ import annotations

from ... import __version__
from ...i18n import _, value
from ..folder import bootstrap_phrase
from .common import StudyFolders, _figures, _files, _table_notes, _warnings
from .document import Doc, _input, _plural, _records, _text, bounded, integer, view


def write(doc: Doc, heading: str, folders: StudyFolders) -> None:
    """The sessions summary: accounts, frequency and sales, the hypothesis, figures."""
    a = folders.analysis
    run = a.json("run.json")
    doc.h1(heading)
    anchor = _({"data": "the last session in the file, the same days for every account",
                "account": "each account's own last session"}.get(run.get("anchor", ""), str(run.get("anchor"))))
    doc.p(f"*{_('Provenance:')}* " + "; ".join([
        f"surveysem {run.get('surveysem', __version__)}", _input(run, "data", "data", "source"),
        bootstrap_phrase(a.bootstrap, "settings", "accounts resampled")]) + ".")

    doc.h2(_("Sessions and accounts"))
    doc.p(_("The file holds {sessions} of {accounts}. Accounts are compared over a window of {days} days ending "
            "{end} (anchor: {anchor}); {in_window} fall in it.",
            sessions=_plural(run.get("n_sessions", 0), "live session"),
            accounts=_plural(run.get("n_accounts", 0), "account"), days=integer(run.get("window")),
            end=run.get("window_end"), anchor=anchor, in_window=_plural(run.get("n_in_window", 0), "session")))
    acc = a.need("accounts.csv", ("account", "sessions", "gmv_mean"))
    recs = sorted(_records(acc), key=lambda r: (-float(r.get("sessions") or 0), str(r["account"])))
    acc_notes = [f"{r['account']}: {value(r.get('note'))}" for r in recs if _text(r.get("note"))]
    doc.table(view("sessions", "accounts"), acc,
              note=_("Sessions in the window, most active account first; GMV in rupiah. ") + "; ".join(acc_notes))

    doc.h2(_("Session frequency and sales"))
    corr = a.need("correlations.csv", ("x", "y", "method", "estimate", "p", "ci_low", "ci_high"))
    crec = _records(corr)
    doc.p(_("Rank correlations across accounts between the number of sessions in the window and the mean GMV per "
            "session (the comparison the hypothesis below tests) and the total GMV; intervals from the percentile "
            "bootstrap over accounts."))
    cnotes = list(dict.fromkeys(value(_text(r.get("note"))) for r in crec if _text(r.get("note"))))
    doc.table(view("sessions", "correlations"), corr, note="; ".join(cnotes))

    reg = a.need("regression.csv", ("term", "b", "p"))
    fit = _records(a.need("regression_fit.csv", ("dependent", "r2")))
    f = fit[0] if fit else {}
    doc.p(_("Log-log regression {dependent} ~ {predictors} with {se} standard errors (n = {n}, df = {df}; R² = {r2}, "
            "adjusted R² = {adj_r2}): the slope of log sessions is the elasticity of GMV per session with respect to "
            "session frequency, holding viewers per session fixed.", dependent=_text(f.get("dependent")),
            predictors=_text(f.get("predictors")), se=_text(f.get("se_type")) or "HC3", n=integer(f.get("n")),
            df=integer(f.get("df_resid")), r2=bounded(f.get("r2")), adj_r2=bounded(f.get("adj_r2"))))
    doc.table(view("sessions", "regression"), reg,
              note=value(_text(f.get("note"))) + (" " if _text(f.get("note")) else "")
              + _("t tests and intervals on n − k degrees of freedom."))

    doc.h2(_("Hypothesis"))
    hyp = a.need("hypotheses.csv", ("hypothesis", "statement", "verdict", "reason"))
    hrec = _records(hyp)
    for r in hrec:
        doc.p(f"**{r['hypothesis']}.** {value(_text(r.get('statement')))}")
    doc.table(view("sessions", "hypotheses"), hyp)
    doc.bullets([f"**{r['hypothesis']}: {value(_text(r.get('verdict')))}.** {value(_text(r.get('reason')))}"
                 for r in hrec])

    figs = _figures(doc, a.path / "figures", {
        "frequency_vs_gmv": _("sessions vs mean GMV per session (log-log, accounts labelled)"),
        "gmv_by_account": _("GMV of every session in the window by account"),
        "weekly_sessions": _("live sessions per week (dashed line: window start)")})
    if figs:
        doc.h2(_("Figures"))
        doc.bullets(figs)
    doc.h2(_("Warnings"))
    _warnings(doc, list(run.get("warnings", [])), _table_notes(a, ["regression_fit.csv"]))
    doc.h2(_("Files"))
    _files(doc, [a])
