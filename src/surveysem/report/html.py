"""``report.html``: the study's summary as one self-contained web page that opens with a double click.

The same document as ``report.docx`` (:mod:`surveysem.report.docx`) and ``summary.md``: headings numbered as the
results chapter (4.1, 4.2 …), every table with its number and italic title above, horizontal rules only, the
*Note.* and the source line below (APA 7th ed., §7.8–7.14), every figure inline as a base64 PNG (``data:`` URI)
with its numbered caption below. Nothing is loaded from elsewhere: no style sheet, script, font or image file; the
links in the text point to the study's files beside the page (``pls/outer_model.csv``). The style sheet is short
and prints well (A4, serif, tables kept on a page where they fit). Deterministic: the same document gives the same
bytes.
"""
from __future__ import annotations

import base64
import html
import os
from pathlib import Path

from ..i18n import _
from .docx import CHAPTER
from .summary.document import Bullets, Code, Doc, Figure, Heading, Paragraph, Table, runs
from .words import in_language, source_line

_CSS = """@page{size:A4;margin:2.5cm}
body{font-family:"Times New Roman",Times,serif;font-size:12pt;line-height:1.45;max-width:46em;margin:2em auto;
padding:0 1em;color:#000;background:#fff}
h1{font-size:1.5em}h2{font-size:1.25em;margin-top:1.6em}h3{font-size:1.1em}
.caption{margin:1.2em 0 .3em}
table{border-collapse:collapse;margin:0 0 .3em;font-size:.95em}
thead th{border-top:1.5px solid #000;border-bottom:1px solid #000;font-weight:normal}
tbody tr:last-child td{border-bottom:1.5px solid #000}
th,td{padding:.2em .6em;vertical-align:top;text-align:left}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.note,.source{font-size:.9em;margin:.2em 0}.source{margin-bottom:1.2em}
figure{margin:1.2em 0;text-align:center;page-break-inside:avoid}figure img{max-width:100%;height:auto}
figcaption{margin-top:.3em}
pre{font-size:.85em;background:#f6f6f6;padding:.6em;overflow-x:auto}
code{font-size:.9em}
.table-block{page-break-inside:avoid}
@media print{body{margin:0;max-width:none}a{color:#000;text-decoration:none}}"""


def write_html(doc: Doc, out: str | os.PathLike, language: str = "en", title: str | None = None) -> None:
    """Write ``doc`` as one self-contained HTML page ``out`` (:func:`html_page`)."""
    Path(out).write_text(html_page(doc, language, title), encoding="utf-8")


def html_page(doc: Doc, language: str = "en", title: str | None = None) -> str:
    """The document as one HTML page: figures inline as ``data:image/png;base64`` URIs, no outside file needed."""
    heading = next((b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1), "")
    with in_language(language):
        body = _Renderer(language).render(doc)
    return (f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title or heading)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
            f"{body}\n</body>\n</html>\n")


def inline(text: str) -> str:
    """HTML of a sentence of inline Markdown (bold, italic, code, links)."""
    out = []
    for r in runs(text):
        s = html.escape(r.text, quote=False)
        if r.code:
            s = f"<code>{s}</code>"
        if r.italic:
            s = f"<em>{s}</em>"
        if r.bold:
            s = f"<strong>{s}</strong>"
        if r.href:
            s = f'<a href="{html.escape(r.href)}">{s}</a>'
        out.append(s)
    return "".join(out)


class _Renderer:
    def __init__(self, language: str):
        self.language = language
        self.figures = 0
        self.shown: set[Path] = set()

    def render(self, doc: Doc) -> str:
        out: list[str] = []
        for b in doc.blocks:
            if isinstance(b, Heading):
                number = f"{CHAPTER}.{b.number} " if b.number else ""
                out.append(f"<h{b.level}>{html.escape(number)}{inline(b.text)}</h{b.level}>")
            elif isinstance(b, Paragraph):
                out.append(f"<p>{inline(b.text)}</p>")
            elif isinstance(b, Code):
                out.append(f"<pre>{html.escape(b.text, quote=False)}</pre>")
            elif isinstance(b, Table):
                out.append(self._table(b))
            elif isinstance(b, Figure):
                out.append(self._figure(b))
            elif isinstance(b, Bullets):
                out.append(self._bullets(b))
        return "\n".join(out)

    def _bullets(self, b: Bullets) -> str:
        out: list[str] = []
        items: list[str] = []
        for item in b.items:
            if isinstance(item, Figure) and item.path not in self.shown and item.path.is_file():
                if items:
                    out.append("<ul>\n" + "\n".join(items) + "\n</ul>")
                    items = []
                out.append(self._figure(item))
                continue
            text = item.markdown if isinstance(item, Figure) else item
            items.append(f"<li>{inline(' '.join(str(text).split()))}</li>")
        if items:
            out.append("<ul>\n" + "\n".join(items) + "\n</ul>")
        return "\n".join(out)

    def _table(self, b: Table) -> str:
        label = _("Table {number}", number=f"{CHAPTER}.{b.number}")
        out = ['<div class="table-block">',
               f'<p class="caption"><b>{html.escape(label)}</b><br><em>{html.escape(b.title)}</em></p>', "<table>",
               "<thead><tr>" + "".join(f'<th class="{"n" if n else "t"}">{_cell(h)}</th>'
                                       for h, n in zip(b.header, b.numeric)) + "</tr></thead>", "<tbody>"]
        for row in b.rows:
            out.append("<tr>" + "".join(f'<td class="{"n" if n else "t"}">{_cell(c)}</td>'
                                        for c, n in zip(row, b.numeric)) + "</tr>")
        out.append("</tbody></table>")
        if b.note:
            out.append(f'<p class="note"><em>{html.escape(_("Note."))}</em> {inline(b.note)}</p>')
        out += [f'<p class="source">{html.escape(source_line())}</p>', "</div>"]
        return "\n".join(out)

    def _figure(self, f: Figure) -> str:
        if not f.path.is_file():
            return f"<p>{inline(f.markdown)}</p>"
        self.shown.add(f.path)
        self.figures += 1
        data = base64.b64encode(f.path.read_bytes()).decode("ascii")
        caption = f.caption[:1].upper() + f.caption[1:]
        label = _("Figure {number}", number=f"{CHAPTER}.{self.figures}")
        return (f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(caption)}">'
                f"<figcaption><b>{html.escape(label)}</b><br><em>{html.escape(caption)}</em></figcaption></figure>")


def _cell(value: str) -> str:
    """A cell as the Markdown table prints it, ``**x**`` in bold."""
    text = " ".join(str(value).split())
    if "**" not in text:
        return html.escape(text, quote=False)
    return "".join(f"<strong>{html.escape(r.text, quote=False)}</strong>" if r.bold else
                   html.escape(r.text, quote=False) for r in runs(text))
