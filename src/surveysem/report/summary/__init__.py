"""The study's write-up, ``results/<study>/summary.md``, in the order a thesis results chapter uses.

:func:`study_summary` reads only the tidy folders the analysis steps wrote (``pls/``, ``cleaning/``, ``cbsem/``,
``regression/``, ``sessions/``, ``coding/``) and returns Markdown; it computes no statistic of its own, it words
and rounds what the CSVs hold. The order follows the chapters it replaces:

* **pls** — Hair, Hult, Ringle & Sarstedt (2022, *A Primer on PLS-SEM*, 3rd ed., ch. 4-7):
  sample and cleaning, measurement model (item purification, loadings, reliability and convergent validity,
  discriminant validity), structural model (collinearity, R², f², Q², PLSpredict, model fit), mediation (Zhao, Lynch
  & Chen 2010), hypotheses, the covariance-based cross-check, warnings, files;
* **regression** — SPSS style (Sugiyono 2015): sample, instrument validity and reliability, descriptives and
  category bands (Sugiyono), classic assumption tests, correlations, multiple and simple regression with the
  coefficient of determination, hypotheses (accepted / rejected), figures;
* **sessions** — the claim that going live more often does not sell more, as a test: accounts,
  rank correlations, log-log HC3 regression, verdict;
* **coding** — themes across cases: codebook, case × theme matrix, prevalence, co-occurrence,
  agreement (if two coders), audit trail.

Every number goes through :mod:`surveysem.format` (APA 7th ed. §6.36: 3 decimals, no leading zero for
statistics bounded by 1, ``p < .001``), every table is a plain pipe table, and every section names the rule it
applied, taken from the ``rule`` and ``reference`` columns of the CSVs, so the text cannot disagree with the tables.
Warnings from ``run.json`` files, ``warnings.csv`` and the ``note`` columns are repeated in a Warnings section
(docs/CONVENTIONS.md: warnings must reach the report). Links are relative to the study folder (the parent of the
analysis folder), where the summary is written. The output has no timestamp: the same folders give the same text.

The package: :mod:`.document` (the document :class:`~.document.Doc`, its blocks and Markdown, the wording helpers),
:mod:`.common` (sample and cleaning, warnings, figures, the Files section and :data:`FILE_NOTES`), :mod:`.describe`
(respondent profile and descriptive analysis, for pls and regression), and one module per
kind (:mod:`.pls` with :mod:`.cbsem`, :mod:`.regression`, :mod:`.sessions`, :mod:`.coding`), each exposing
``write(doc, heading, folders)``; :data:`WRITERS` names them. Folders are read through
:class:`surveysem.report.folder.ResultsFolder`, which also holds :data:`REQUIRED` and :data:`RUN_FIRST`.
"""
from __future__ import annotations

from collections.abc import Callable

from ... import kinds
from ...errors import DataError
from ..folder import REQUIRED, RUN_FIRST, ResultsFolder
from .common import FILE_NOTES, StudyFolders
from .document import Doc

__all__ = ["FILE_NOTES", "KINDS", "REQUIRED", "RUN_FIRST", "WRITERS", "Doc", "study_document", "study_summary"]

#: the writer of each study kind: ``write(doc, heading, folders)`` fills the document from the folders; the
#: study-kind registry names it (``StudyKind.summary``)
WRITERS: dict[str, Callable[[Doc, str, StudyFolders], None]] = {
    name: kinds.resolve(kind.summary) for name, kind in kinds.KINDS.items()}

KINDS = tuple(WRITERS)


def study_summary(kind: str, study: str, analysis_dir, cleaning_dir=None, cbsem_dir=None,
                  title: str | None = None, describe_dir=None, mga_dir=None) -> str:
    """The study's write-up as Markdown (``summary.md``): :func:`study_document` rendered by :meth:`Doc.text`."""
    return study_document(kind, study, analysis_dir, cleaning_dir, cbsem_dir, title, describe_dir, mga_dir).text()


def study_document(kind: str, study: str, analysis_dir, cleaning_dir=None, cbsem_dir=None,
                   title: str | None = None, describe_dir=None, mga_dir=None) -> Doc:
    """The study's write-up as a document of blocks (:class:`Doc`), in the order of a thesis results chapter.

    :meth:`Doc.text` renders it as Markdown; :func:`surveysem.report.docx.write_docx` as Word and
    :func:`surveysem.report.html.html_page` as one HTML page.

    Parameters
    ----------
    kind : {"pls", "regression", "sessions", "coding"}
        Study kind; decides which files are read and which sections are written.
    study : str
        Study name (the heading when no ``title`` is given).
    analysis_dir : str or path-like
        The analysis folder (``results/<study>/pls`` …). The summary is meant for its parent folder
        (``results/<study>/summary.md``); every link is relative to that parent.
    cleaning_dir : str or path-like, optional
        ``surveysem clean`` output (``pls`` and ``regression``): sample flow, excluded rows and flags.
    cbsem_dir : str or path-like, optional
        ``surveysem cbsem`` output (``pls``): the covariance-based cross-check.
    title : str, optional
        Heading of the document.
    describe_dir : str or path-like, optional
        ``surveysem describe`` output (``pls`` and ``regression``): the respondent profile and the item descriptives,
        reported after the sample, before the measurement model (instrument).
    mga_dir : str or path-like, optional
        ``surveysem mga`` output (``pls`` with ``groups:``): the multigroup analysis and MICOM.

    Returns
    -------
    Doc
        The blocks (headings, paragraphs, tables, figures, lists). Deterministic: the same folders give the same
        document (no date, no absolute path unless the folders were given as absolute paths in ``run.json``).

    Raises
    ------
    DataError
        Unknown ``kind``; a folder missing, or without the files its step writes (the message names the folder and
        the command to run first); a required table without an expected column.

    Notes
    -----
    Rounding and p-values follow APA (7th ed., §6.36) through :mod:`surveysem.format`. Decisions are copied
    from the CSVs (``supported``, ``decision``, ``verdict``, ``zhao_type``), never recomputed, so the summary says
    exactly what the tables say.
    """
    if kind not in KINDS:
        raise DataError(f"unknown study kind {kind!r}", where=f"study {study!r}",
                        fix=f"Use one of {', '.join(KINDS)}")
    analysis = ResultsFolder(analysis_dir, kind)
    base = analysis.path.parent
    cleaning = ResultsFolder(cleaning_dir, "cleaning") if cleaning_dir is not None else None
    cbsem = ResultsFolder(cbsem_dir, "cbsem") if cbsem_dir is not None else None
    describe = ResultsFolder(describe_dir, "describe", REQUIRED["describe"]) if describe_dir is not None else None
    mga = ResultsFolder(mga_dir, "mga", REQUIRED["mga"]) if mga_dir is not None else None
    doc = Doc(base)
    WRITERS[kind](doc, title or study, StudyFolders(analysis, cleaning, cbsem, describe, mga))
    return doc
