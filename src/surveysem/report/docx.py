"""``report.docx``: the study's summary as a Word document, for a thesis's results chapter.

The same document as ``summary.md`` (:func:`surveysem.report.summary.study_document`), rendered with python-docx:

* headings as Word's heading styles (the title ``Heading 1``, sections ``Heading 2``, subsections ``Heading 3``),
  numbered as a thesis's results chapter (:data:`CHAPTER` 4: sections 4.1, 4.2 …);
* every table a real, editable Word table in APA style (American Psychological Association 2020, *Publication
  Manual*, 7th ed., §7.8–7.14): the number in bold above ("Table 4.1"; "Tabel 4.1" in Indonesian) and the title in
  italics below it, in the ``Caption`` style; horizontal rules only (above and below the header row, below the last
  row); the header row repeated on each page; the cells exactly the printed Markdown table's formatted values;
  the *Note.* below and a source line ("Source: primary data processed with surveysem 0.1.0");
* every figure embedded as PNG, centred, at most the text width, with its numbered caption below ("Figure 4.1";
  "Gambar 4.1"), as Indonesian thesis guides place it; a figure the document showed already is not repeated;
* running text with its bold, italic and code (monospace) pieces; links as their text.

A campus template (``docx_template`` in ``config.yaml``) gives the fonts, margins, page size, headers and footers
and the heading and caption styles: it is opened as the base document, its body cleared, its styles and sections
kept. Without one, python-docx's default document is used with A4 paper and Times New Roman 12 pt.

python-docx has no API for cell borders or a repeated header row; those two properties are set on python-docx's own
element objects (``tcBorders``, ``tblHeader``), in the order the schema requires. The file is deterministic: the
core properties' dates are a constant (:data:`FIXED_DATE`) and the zip entries carry a fixed timestamp, so the same
summary gives the same bytes.
"""
from __future__ import annotations

import datetime
import io
import os
import zipfile
from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.image import Image
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor

from ..errors import ConfigError
from ..i18n import _
from .summary.document import Bullets, Code, Doc, Figure, Heading, Paragraph, Table, runs
from .words import in_language, source_line

#: the results chapter of a thesis (BAB IV): tables, figures and sections are numbered 4.1, 4.2, …
CHAPTER = 4
#: the created and modified dates of every report.docx (no clock time, so two renders are byte-identical)
FIXED_DATE = datetime.datetime(2000, 1, 1)  # UTC
#: the styles a template must define
NEEDED_STYLES = ("Normal", "Heading 1", "Heading 2", "Heading 3", "Caption")
_MONO = "Courier New"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: the elements that follow ``w:tcBorders`` in ``w:tcPr`` and ``w:tblHeader`` in ``w:trPr`` (ECMA-376 Part 1,
#: §17.4.70 and §17.4.82): a property is inserted before them, so the schema's order holds
_AFTER_TC_BORDERS = ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
                     "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")
_AFTER_TBL_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")


def write_docx(doc: Doc, out: str | os.PathLike, language: str = "en", template: str | os.PathLike | None = None,
               title: str | None = None) -> None:
    """Write ``doc`` as a Word file ``out`` (see the module's description); :func:`docx_bytes` gives the bytes."""
    Path(out).write_bytes(docx_bytes(doc, language, template, title))


def docx_bytes(doc: Doc, language: str = "en", template: str | os.PathLike | None = None,
               title: str | None = None) -> bytes:
    """The Word file of ``doc``: deterministic bytes (fixed dates, fixed zip timestamps).

    Raises
    ------
    ConfigError
        ``template`` is not a Word .docx file, or lacks one of :data:`NEEDED_STYLES`.
    """
    d = _base(template)
    with in_language(language):
        _Renderer(d, language).render(doc)
    heading = next((b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1), "")
    props = d.core_properties
    props.title = title or heading
    props.last_modified_by = "surveysem"
    props.revision = 1
    props.created = props.modified = props.last_printed = FIXED_DATE
    buf = io.BytesIO()
    d.save(buf)
    return _fixed_zip(buf.getvalue())


def _base(template) -> docx.document.Document:
    if template is None:
        d = docx.Document()
        for s in d.sections:
            s.page_width, s.page_height = Cm(21), Cm(29.7)  # A4
            s.left_margin = s.right_margin = s.top_margin = s.bottom_margin = Cm(2.54)
        for name in ("Normal", "Caption", "Heading 1", "Heading 2", "Heading 3", "List Bullet"):
            _plain_font(d.styles[name])
        d.styles["Normal"].font.size = Pt(12)
        caption = d.styles["Caption"].font
        caption.size, caption.bold, caption.italic = Pt(12), False, False
        d.core_properties.author = "surveysem"
        return d
    where = f"docx_template {str(template)!r}"
    try:
        d = docx.Document(str(template))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        fix = "Open it in Word and save it as a Word Document (.docx), or leave docx_template out"
        if not Path(template).is_file():
            what, fix = "the file does not exist", "Give the path of your .docx, or leave docx_template out"
        elif "template.main" in str(exc):
            what = "it is a Word template (.dotx), not a Word .docx file"
        else:
            what = "it is not a Word .docx file"
        raise ConfigError(what, where=where, fix=fix) from None
    names = {s.name for s in d.styles}
    missing = [n for n in NEEDED_STYLES if n not in names]
    if missing:
        what = "the template lacks the style {names}" if len(missing) == 1 else "the template lacks the styles {names}"
        raise ConfigError(what.format(names=", ".join(missing)), where=where,
                          fix="In Word, apply each of these styles once in the template (Home → Styles), then save "
                              "it again")
    d._body.clear_content()  # keep styles, sections (margins, page size, headers and footers)
    return d


def _plain_font(style) -> None:
    """Times New Roman in black for a style of python-docx's default document (whose headings take the theme's
    font, which Word prefers to a named font: the theme attributes are dropped)."""
    style.font.name = "Times New Roman"
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.rPr.rFonts
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry's timestamp fixed (python-docx stamps the time of saving)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


class _Renderer:
    def __init__(self, d, language: str):
        self.d = d
        self.language = language
        self.styles = {s.name for s in d.styles}
        self.figures = 0
        self.shown: set[Path] = set()
        sec = d.sections[-1]
        self.width = sec.page_width - sec.left_margin - sec.right_margin

    def render(self, doc: Doc) -> None:
        for b in doc.blocks:
            if isinstance(b, Heading):
                number = f"{CHAPTER}.{b.number}" if b.number else ""
                self.d.add_heading(" ".join(x for x in (number, b.text) if x), b.level)
            elif isinstance(b, Paragraph):
                self._runs(self.d.add_paragraph(), b.text)
            elif isinstance(b, Code):
                self._code(b.text)
            elif isinstance(b, Table):
                self._table(b)
            elif isinstance(b, Figure):
                self._figure(b)
            elif isinstance(b, Bullets):
                self._bullets(b)

    # ---------------------------------------------------------------------------------------------- text
    def _runs(self, par, text: str) -> None:
        for r in runs(text):
            run = par.add_run(r.text)
            run.bold = r.bold or None
            run.italic = r.italic or None
            if r.code:
                run.font.name = _MONO
                run.font.size = Pt(10)

    def _code(self, text: str) -> None:
        par = self.d.add_paragraph()
        for i, line in enumerate(text.splitlines()):
            if i:
                par.add_run().add_break(WD_BREAK.LINE)
            run = par.add_run(line)
            run.font.name = _MONO
            run.font.size = Pt(10)

    def _bullets(self, b: Bullets) -> None:
        for item in b.items:
            if isinstance(item, Figure) and item.path not in self.shown and item.path.is_file():
                self._figure(item)
                continue
            text = item.markdown if isinstance(item, Figure) else item
            if "List Bullet" in self.styles:
                self._runs(self.d.add_paragraph(style="List Bullet"), " ".join(str(text).split()))
            else:
                self._runs(self.d.add_paragraph("• "), " ".join(str(text).split()))

    # ---------------------------------------------------------------------------------------------- tables
    def _caption(self, label: str, title: str, keep_with_next: bool):
        par = self.d.add_paragraph(style="Caption")
        par.add_run(label).bold = True
        par.add_run().add_break(WD_BREAK.LINE)
        par.add_run(title).italic = True
        par.paragraph_format.keep_with_next = keep_with_next
        return par

    def _table(self, b: Table) -> None:
        self._caption(_("Table {number}", number=f"{CHAPTER}.{b.number}"), b.title, True)
        t = self.d.add_table(rows=1 + len(b.rows), cols=len(b.header))
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        last = len(b.rows)
        for i, values in enumerate([b.header, *b.rows]):
            row = t.rows[i]
            if i == 0:
                _repeat_header(row)
            for j, (cell, value) in enumerate(zip(row.cells, values)):
                par = cell.paragraphs[0]
                par.alignment = WD_ALIGN_PARAGRAPH.RIGHT if b.numeric[j] else WD_ALIGN_PARAGRAPH.LEFT
                fmt = par.paragraph_format  # tables single-spaced, whatever the body text's spacing
                fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(1), Pt(1), 1.0
                _cell_text(par, value)
                _borders(cell, top=i == 0, bottom=i == 0 or i == last)
        size = _table_font_size(b, self.width)
        for column, width in zip(t.columns, _column_widths(b, self.width, size)):
            column.width = width
            for cell in column.cells:
                cell.width = width
                if size < _BODY_PT:  # a wide table: a smaller font rather than words broken inside a column
                    for run in (r for par in cell.paragraphs for r in par.runs):
                        run.font.size = Pt(size)
        note = self.d.add_paragraph()
        if b.note:
            note.add_run(_("Note.")).italic = True
            note.add_run(" ")
            self._runs(note, b.note)
            note = self.d.add_paragraph()
        note.add_run(source_line())

    # ---------------------------------------------------------------------------------------------- figures
    def _figure(self, f: Figure) -> None:
        if not f.path.is_file():
            self._runs(self.d.add_paragraph(), f.markdown)
            return
        self.shown.add(f.path)
        self.figures += 1
        image = Image.from_file(str(f.path))
        native = Emu(int(image.px_width / (image.horz_dpi or 72) * 914400))
        par = self.d.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.paragraph_format.keep_with_next = True
        par.add_run().add_picture(str(f.path), width=min(native, self.width))
        caption = f.caption[:1].upper() + f.caption[1:]
        cap = self._caption(_("Figure {number}", number=f"{CHAPTER}.{self.figures}"), caption,
                            False)
        cap.alignment = WD_ALIGN_PARAGRAPH.CENTER


#: a cell's left plus right padding (Word's 0.19 cm each) and a margin for the font's own widths (at 12 pt; it scales
#: with the type size, :func:`_pad`)
_PAD = Cm(0.38) + Pt(8)
#: a cell longer than this many characters wraps rather than widening its column
_WRAP = 36


#: the body text's size in points; a table too wide for it at this size is set down to :data:`_SMALLEST_PT`
_BODY_PT = 12.0
_SMALLEST_PT = 8.0


def _text_width(text: str, size: float = _BODY_PT) -> int:
    """Rough width of ``text`` in a serif font of ``size`` points (Times New Roman at 12 pt: capitals about 8 pt,
    digits 6 pt, small letters 5.4 pt, spaces and punctuation 3.5 pt, symbols such as → and ² 9 pt), in EMU."""
    pts = sum(9.0 if not c.isascii() else 8.0 if c.isupper() else 6.0 if c.isdigit() else 5.4 if c.isalpha()
              else 3.5 for c in text)
    return int(Pt(pts * size / _BODY_PT))


def _pad(size: float) -> int:
    return int(Cm(0.38) + Pt(8 * size / _BODY_PT))


def _floors(b: Table, size: float) -> list[int]:
    """Each column's narrowest width at ``size`` points without breaking a word (of up to 12 characters)."""
    cols = [[" ".join(str(v).replace("**", "").split()) for v in col] for col in zip(b.header, *b.rows)]
    return [max(_text_width(w[:12], size) for t in col for w in (t.split() or [""])) + _pad(size) for col in cols]


def _table_font_size(b: Table, width: int) -> float:
    """The body size if every column fits at its narrowest (no word broken), else the largest half-point size down
    to 8 pt at which they fit (APA allows a smaller type size in a wide table; 7th ed., §7.9), else 8 pt."""
    size = _BODY_PT
    while size > _SMALLEST_PT and sum(_floors(b, size)) > width:
        size -= 0.5
    return size


def _column_widths(b: Table, width: int, size: float = _BODY_PT) -> list[int]:
    """Column widths from the cells' text: each column as wide as its longest cell (up to :data:`_WRAP`
    characters) and the table no wider than the text. When it must shrink, short columns (numbers up to 16
    characters, text up to 10) keep their width and long ones wrap, at most down to their longest word (of up to 12
    characters)."""
    cols = [[" ".join(str(v).replace("**", "").split()) for v in col] for col in zip(b.header, *b.rows)]
    need, floor = [], []
    for col, numeric in zip(cols, b.numeric):
        pad = _pad(size)
        longest = max(_text_width(t[:_WRAP], size) for t in col) + pad
        word = max(_text_width(w[:12], size) for t in col for w in (t.split() or [""])) + pad
        body = col[1:] or col
        short = max(len(t) for t in body) <= (16 if numeric else 10)  # an interval [−.066, .376] stays on a line
        need.append(longest)
        floor.append(max(_text_width(max(body, key=len), size) + pad, word) if short else word)
    floor = [min(f, n) for f, n in zip(floor, need)]
    widths: list[float]
    if sum(need) <= width:
        widths = [float(n) for n in need]
    elif sum(floor) >= width:
        widths = [f * width / sum(floor) for f in floor]
    else:
        k = (width - sum(floor)) / (sum(need) - sum(floor))
        widths = [f + (n - f) * k for f, n in zip(floor, need)]
    return [Emu(int(w) // _TWIP * _TWIP) for w in widths]  # whole twips, as Word stores them: the sum stays within


_TWIP = 635  # EMU in a twentieth of a point


def _cell_text(par, value: str) -> None:
    """A cell's text as the Markdown table prints it (whitespace joined), ``**x**`` as a bold run."""
    text = " ".join(str(value).split())
    for r in runs(text) if "**" in text else [None]:
        if r is None:
            par.add_run(text)
        else:
            par.add_run(r.text).bold = r.bold or None


def _edge(name: str, on: bool):
    el = OxmlElement(f"w:{name}")
    if on:
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "8")  # eighths of a point: a 1 pt rule
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
    else:
        el.set(qn("w:val"), "nil")
    return el


def _borders(cell, top: bool, bottom: bool) -> None:
    """Horizontal rules only: the given edges drawn, every other edge of the cell cleared (whatever the template's
    table style draws)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for name, on in (("top", top), ("left", False), ("bottom", bottom), ("right", False), ("insideH", False),
                     ("insideV", False)):
        borders.append(_edge(name, on))
    tc_pr.insert_element_before(borders, *_AFTER_TC_BORDERS)


def _repeat_header(row) -> None:
    """Word repeats this row at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    tr_pr.insert_element_before(el, *_AFTER_TBL_HEADER)
