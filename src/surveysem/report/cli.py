"""``surveysem report tables|figures|summary``: printed tables, figures and the study write-up from a step's CSVs.

    surveysem report tables  --kind pls --in results/s/pls [--cleaning results/s/cleaning]
                             [--describe results/s/describe] [--cbsem results/s/cbsem] [--mga results/s/mga]
                             --out results/s/tables
    surveysem report figures --kind pls --in results/s/pls --out results/s/figures
    surveysem report summary --kind pls --study s --in results/s/pls [--cleaning DIR] [--describe DIR] [--cbsem DIR]
                             [--mga DIR] [--title T]
                             --out results/s/summary.md
    surveysem report docx    (as summary) [--language en|id] [--docx-template FILE] --out results/s/report.docx
    surveysem report html    (as summary) [--language en|id] --out results/s/report.html

``docx`` and ``html`` render the same document as ``summary``: every table a real table with its number, note and
source line, every figure embedded.

Every output is written atomically: a failed run leaves the previous folder or file as it was.
"""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

from .. import kinds
from ..io import atomic_output_dir, atomic_output_file, check_output_dir, check_output_file
from ..options import add_language_argument
from .tables import Table, format_tables, write_index

#: kinds whose figures are a step of their own (``report figures``): kind -> that step
_FIGURE_STEPS = {k.name: kinds.STEPS[k.figures] for k in kinds.KINDS.values() if k.figures}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="action", required=True)

    t = sub.add_parser("tables", help="APA tables (Markdown, HTML, LaTeX) and tidy CSVs of a study")
    t.add_argument("--kind", required=True, choices=tuple(kinds.table_steps()),
                   help="the step that wrote --in")
    t.add_argument("--in", dest="in_dir", required=True, metavar="DIR", help="the step's output folder")
    t.add_argument("--cleaning", metavar="DIR", help="the cleaning step's folder (tables go to OUT/cleaning/)")
    t.add_argument("--describe", metavar="DIR", help="the describe step's folder (tables go to OUT/describe/)")
    t.add_argument("--cbsem", metavar="DIR", help="the CB-SEM step's folder (tables go to OUT/cbsem/)")
    t.add_argument("--mga", metavar="DIR", help="the multigroup step's folder (tables go to OUT/mga/)")
    t.add_argument("--title", help="heading of the index (default: by kind)")
    t.add_argument("--out", required=True, metavar="DIR", help="folder to write (replaced as a whole)")
    add_language_argument(t)

    f = sub.add_parser("figures", help="figures of a PLS-SEM study (PNG and SVG)")
    f.add_argument("--kind", default="pls", choices=tuple(_FIGURE_STEPS))
    f.add_argument("--in", dest="in_dir", required=True, metavar="DIR", help="the pls step's output folder")
    f.add_argument("--format", dest="formats", nargs="+", default=["png", "svg"], choices=("png", "svg"))
    f.add_argument("--out", required=True, metavar="DIR", help="folder to write (replaced as a whole)")
    add_language_argument(f)

    s = sub.add_parser("summary", help="the study's write-up in thesis order (Markdown)")
    _document_arguments(s)
    s.add_argument("--out", required=True, metavar="FILE", help="Markdown file to write")

    w = sub.add_parser("docx", help="the study's write-up as a Word document (editable tables, embedded figures)")
    _document_arguments(w)
    template = kinds.SETTINGS["docx_template"]
    w.add_argument(template.option, dest=template.key, metavar="FILE", default=template.command_default,
                   help=template.help)
    w.add_argument("--out", required=True, metavar="FILE", help="Word file (.docx) to write")

    h = sub.add_parser("html", help="the study's write-up as one self-contained HTML page (figures inline)")
    _document_arguments(h)
    h.add_argument("--out", required=True, metavar="FILE", help="HTML file to write")


def _document_arguments(s: argparse.ArgumentParser) -> None:
    """The folders and names the study's write-up is made from (summary, docx, html)."""
    s.add_argument("--kind", required=True, choices=tuple(kinds.KINDS))
    s.add_argument("--study", required=True, help="study name (heading, when no --title)")
    s.add_argument("--title", help="study title")
    s.add_argument("--in", dest="in_dir", required=True, metavar="DIR", help="the analysis step's output folder")
    s.add_argument("--cleaning", metavar="DIR")
    s.add_argument("--describe", metavar="DIR", help="the describe step's folder (profile and item descriptives)")
    s.add_argument("--cbsem", metavar="DIR")
    s.add_argument("--mga", metavar="DIR", help="the multigroup step's folder (group comparison and MICOM)")
    add_language_argument(s)


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    inputs = [getattr(args, k, None) for k in ("in_dir", "cleaning", "describe", "cbsem", "mga", "docx_template")]
    (check_output_file if args.action in _DOCUMENTS else check_output_dir)(args.out, inputs)
    if args.action == "tables":
        return _tables(args)
    if args.action == "figures":
        figures = _FIGURE_STEPS[args.kind].figures
        assert figures is not None  # a kind's figures step names its drawing function
        draw = kinds.resolve(figures)
        with atomic_output_dir(args.out, inputs=[args.in_dir], made_by="surveysem report figures") as tmp:
            written = draw(args.in_dir, tmp, formats=tuple(args.formats))
        print(f"{len(written)} figure files written to {args.out}")
        return 0
    if args.action in _DOCUMENTS:
        return _document(args, inputs)
    raise AssertionError(args.action)  # pragma: no cover


#: the renderings of the study's write-up, by action
_DOCUMENTS = ("summary", "docx", "html")


def _document(args, inputs) -> int:
    """``summary.md``, ``report.docx`` or ``report.html``: one document, three renderings."""
    from .summary import study_document

    doc = study_document(args.kind, args.study, args.in_dir, cleaning_dir=args.cleaning, cbsem_dir=args.cbsem,
                         title=args.title, describe_dir=args.describe, mga_dir=args.mga)
    if args.action == "docx":
        from .docx import docx_bytes

        data = docx_bytes(doc, language=args.language, template=args.docx_template)  # a bad template: no file
    with atomic_output_file(args.out, inputs=inputs) as tmp:
        if args.action == "summary":
            Path(tmp).write_text(doc.text())
        elif args.action == "docx":
            Path(tmp).write_bytes(data)
        else:
            from .html import write_html

            write_html(doc, tmp, language=args.language)
    print("{what} written to {out}".format(what={"summary": "summary", "docx": "Word report",
                                                   "html": "HTML report"}[args.action], out=args.out))
    return 0


def _tables(args) -> int:
    parts = [("cleaning", args.cleaning, "cleaning/")] if args.cleaning else []
    if args.describe:  # the respondent profile and descriptives come after the sample, as a thesis reports them
        parts.append(("describe", args.describe, "describe/"))
    parts.append((args.kind, args.in_dir, ""))
    if args.cbsem:
        parts.append(("cbsem", args.cbsem, "cbsem/"))
    if args.mga:
        parts.append(("mga", args.mga, "mga/"))
    with atomic_output_dir(args.out, inputs=[d for _, d, _ in parts], made_by="surveysem report tables") as tmp:
        tables: list[Table] = []
        for kind, in_dir, prefix in parts:  # numbered on: sample and cleaning first, as a thesis reports them
            tables += format_tables(kind, in_dir, Path(tmp) / prefix, first_number=len(tables) + 1,
                                    stem_prefix=prefix)
        write_index(tables, tmp, args.title or (kinds.KINDS[args.kind].title if args.kind in kinds.KINDS else "Tables"))
    print(f"{len(tables)} tables written to {args.out}")
    return 0
