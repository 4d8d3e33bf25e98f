"""The document the summary is written into (blocks rendered as Markdown, Word and HTML), and the small wording
helpers every kind uses."""
from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ... import format as fmt
from ...format import DASH, NA_TEXT, is_missing
from ...i18n import _, value
from ..tables import SPECS, TableSpec, format_table, pipe_table, rules_and_sources, truthy

# Numbers in the summary's sentences: formatted as in the tables, but a missing value reads "n/a" (NA_TEXT), as in
# all running text; the tables, printed through their specs, show the en dash.


def num(x, decimals: int = 3) -> str:
    return fmt.num(x, decimals, missing=NA_TEXT)


def bounded(x, decimals: int = 3) -> str:
    return fmt.bounded(x, decimals, missing=NA_TEXT)


def integer(x) -> str:
    return fmt.integer(x, missing=NA_TEXT)


def percent(x, decimals: int = 1) -> str:
    return fmt.percent(x, decimals, missing=NA_TEXT)


def level(x) -> str:
    return fmt.level(x, missing=NA_TEXT)


def _records(df: pd.DataFrame | None) -> list[dict]:
    if df is None or df.empty:
        return []
    return [{k: (None if _missing(v) else v) for k, v in r.items()} for r in df.to_dict("records")]


def _opened(doc: Doc, frame: pd.DataFrame | None, heading: str) -> list[dict] | None:
    """The rows of an optional table whose section the summary writes, after its heading; None (and no heading) when
    the folder lacks the table or it is empty (a folder written before the table existed, a setting left off)."""
    if frame is None or frame.empty:
        return None
    doc.h2(heading)
    return _records(frame)


_missing = is_missing


_true = truthy


def view(kind: str, table: str, name: str = "compact") -> TableSpec:
    """The summary's view ``name`` of the printed table ``table`` of ``kind`` (in :data:`~..tables.SPECS`)."""
    return next(s for s in SPECS[kind] if s.name == table).view(name)


def _text(x) -> str:
    return "" if _missing(x) else str(x).strip()


@dataclass(frozen=True)
class Heading:
    """A heading: ``level`` 1 (the document's title), 2 (a section) or 3 (a subsection); ``number`` as ``"2"`` or
    ``"2.1"`` (empty for the title)."""

    level: int
    number: str
    text: str


@dataclass(frozen=True)
class Paragraph:
    """Running text with inline Markdown: ``**bold**``, ``*italic*``, `` `code` `` and ``[text](link)`` (read by
    :func:`runs`)."""

    text: str


@dataclass(frozen=True)
class Code:
    """A block of verbatim text (the estimated model)."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table as the summary prints it: its number in the document, the printed table's title, the header and the
    rows of already-formatted cell strings (``**x**`` marks a bold cell), which columns are numbers (right-aligned)
    and the note (one sentence or several, ending in a full stop; empty when there is none)."""

    number: int
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    note: str


@dataclass(frozen=True)
class Figure:
    """A PNG figure: its file, its caption, and the Markdown the summary prints for it (a link in a list, or an
    image line)."""

    path: Path
    caption: str
    markdown: str


@dataclass(frozen=True)
class Bullets:
    """A bulleted list; an item is inline Markdown text or a :class:`Figure` (a link to it)."""

    items: tuple[str | Figure, ...]


Block = Heading | Paragraph | Code | Table | Figure | Bullets


class Doc:
    """The summary as a list of blocks (:data:`Block`): numbered sections, tables with their numbers, figures, links
    relative to the study folder. :meth:`text` renders it as Markdown (``summary.md``); :mod:`surveysem.report.docx`
    and :mod:`surveysem.report.html` render the same blocks as Word and as one HTML page."""

    def __init__(self, base: Path):
        self.base = base
        self.blocks: list[Block] = []
        self.section = 0
        self.sub = 0
        self.tables = 0

    def h1(self, text: str) -> None:
        self.blocks.append(Heading(1, "", text))

    def h2(self, text: str) -> None:
        self.section += 1
        self.sub = 0
        self.blocks.append(Heading(2, str(self.section), text))

    def h3(self, text: str) -> None:
        self.sub += 1
        self.blocks.append(Heading(3, f"{self.section}.{self.sub}", text))

    def p(self, *sentences: str) -> None:
        text = " ".join(s.strip() for s in sentences if s and s.strip())
        if text:
            self.blocks.append(Paragraph(text))

    def code(self, text: str) -> None:
        if text.strip():
            self.blocks.append(Code(text.strip()))

    def table(self, spec: TableSpec, df: pd.DataFrame, note: str = "") -> None:
        """A table of ``df`` through ``spec`` (a :func:`view`): headers and formats as the printed tables."""
        self.tables += 1
        t = format_table(spec, df, self.tables)
        note = " ".join([*t.notes, note.strip().rstrip(";").strip()]).strip()
        if note and not note.endswith("."):
            note += "."
        self.blocks.append(Table(self.tables, t.title, tuple(t.header), tuple(tuple(r) for r in t.rows),
                                 tuple(t.numeric), note))

    def figure(self, path: Path, caption: str) -> None:
        """A figure shown where it stands (an image line in Markdown)."""
        self.blocks.append(Figure(Path(path), caption, f"![{caption}]({self.link(path)})"))

    def bullets(self, items: Sequence[str | Figure]) -> None:
        if items:
            self.blocks.append(Bullets(tuple(items)))

    def link(self, path: Path) -> str:
        return _rel(path, self.base)

    def text(self) -> str:
        """The document as Markdown (``summary.md``)."""
        return markdown(self.blocks)


def markdown(blocks: list[Block]) -> str:
    """Markdown of the blocks: ``#`` headings with their numbers, pipe tables with an italic *Note.*, list items."""
    lines: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            lines.append("#" * b.level + " " + (f"{b.number} " if b.number else "") + b.text)
        elif isinstance(b, Paragraph):
            lines.append(b.text)
        elif isinstance(b, Code):
            lines += ["```", b.text, "```"]
        elif isinstance(b, Table):
            lines.append(pipe_table(list(b.header), [list(r) for r in b.rows], list(b.numeric)))
            if b.note:
                lines += ["", f"*{_('Note.')}* {b.note}"]
        elif isinstance(b, Figure):
            lines.append(b.markdown)
        elif isinstance(b, Bullets):
            lines += [f"- {_oneline(i.markdown if isinstance(i, Figure) else i)}" for i in b.items]
        lines.append("")
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


#: inline Markdown of the summary's sentences: bold, code, a link, italic (in that order of precedence)
_INLINE = re.compile(r"\*\*(?P<bold>[^*\s](?:.*?[^*\s])?)\*\*|`(?P<code>[^`]+)`|\[(?P<label>[^\]]+)\]\((?P<href>[^)\s]+)\)"
                     r"|(?<![*\w])\*(?P<italic>[^*\s](?:[^*]*?[^*\s])?)\*(?![*\w])")


@dataclass(frozen=True)
class Run:
    """A piece of running text with one format: bold, italic, code (monospace), or a link to ``href``."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str = ""


def runs(text: str) -> list[Run]:
    """The formatted pieces of a sentence of inline Markdown (:class:`Paragraph`); ``**`` inside a bold piece and
    stars of a significance note (``* p < .05``) stay text."""
    out: list[Run] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            out.append(Run(text[pos:m.start()]))
        if m["bold"] is not None:
            out += [Run(r.text, True, r.italic, r.code, r.href) for r in runs(m["bold"])]
        elif m["code"] is not None:
            out.append(Run(m["code"], code=True))
        elif m["label"] is not None:
            out.append(Run(m["label"], href=m["href"]))
        else:
            out += [Run(r.text, r.bold, True, r.code, r.href) for r in runs(m["italic"])]
        pos = m.end()
    if pos < len(text):
        out.append(Run(text[pos:]))
    return out


def _oneline(s) -> str:
    return " ".join(str(s).split())


def _rel(path, base) -> str:
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(base))).as_posix()


def _rule(df: pd.DataFrame | None, mask=None) -> str:
    """``rule (reference)`` from a table's rule and reference columns (first distinct values)."""
    if df is None or df.empty or "rule" not in df.columns:
        return ""
    rules, refs = rules_and_sources(df if mask is None else df[mask])
    text = "; ".join(value(r) for r in rules)
    if refs:
        text += f" ({'; '.join(refs)})"
    return _pretty(text)


def _pretty(text: str) -> str:
    return text.replace(">=", "≥").replace("<=", "≤").replace(" -> ", " → ")


def _arrow(*names) -> str:
    return " → ".join(str(n) for n in names)


def _list_words(items: list[str]) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return _("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])


def _plural(n: int | None, word: str, plural: str | None = None) -> str:  # None (count not recorded): a dash
    """``1 response``, ``2 responses``: the count and the word, in the output language (both forms are keys)."""
    return f"{integer(n)} {_(word if n == 1 else (plural or word + 's'))}"


def _range(values, fmt=bounded) -> str:
    v = [float(x) for x in values if not _missing(x)]
    if not v:
        return NA_TEXT
    lo, hi = min(v), max(v)
    return fmt(lo) if fmt(lo) == fmt(hi) else _("{low} to {high}", low=fmt(lo), high=fmt(hi))


def _worst(verdicts) -> str:
    order = {"fail": 3, "warn": 2, "pass": 1, "n/a": 0}
    vs = [_text(v) for v in verdicts if _text(v)]
    return max(vs, key=lambda v: order.get(v, 0)) if vs else DASH


def _tails(x) -> str:
    return _({1: "one-tailed", 2: "two-tailed"}.get(int(x) if not _missing(x) else 2, f"{x}-tailed"))


def _distinct(texts) -> list[str]:
    """Distinct non-empty texts in order, leaving out any contained in another (notes that repeat a longer one)."""
    items = list(dict.fromkeys(_oneline(t) for t in texts if _text(t)))
    return [t for t in items if not any(t != o and t in o for o in items)]


def _input(run: dict, key: str, label: str, fallback: str | None = None) -> str:
    """``label `path` (SHA-256 …)`` for one input file recorded in ``run.json`` (``inputs`` or a plain key)."""
    rec = (run.get("inputs") or {}).get(key) or {}
    path = rec.get("path") or run.get(fallback or key) or NA_TEXT
    sha = f" (SHA-256 {_sha(rec['sha256'])})" if rec.get("sha256") else ""
    return f"{_(label)} `{path}`{sha}"


def _sha(h) -> str:
    return f"`{h[:12]}`" if h else NA_TEXT
