"""The Markdown document the summary is written into, and the small wording helpers every kind uses."""
from __future__ import annotations

import os
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


_missing = is_missing


_true = truthy


def view(kind: str, table: str, name: str = "compact") -> TableSpec:
    """The summary's view ``name`` of the printed table ``table`` of ``kind`` (in :data:`~..tables.SPECS`)."""
    return next(s for s in SPECS[kind] if s.name == table).view(name)


def _text(x) -> str:
    return "" if _missing(x) else str(x).strip()


class Doc:
    """Lines of Markdown, numbered sections, links relative to the study folder."""

    def __init__(self, base: Path):
        self.base = base
        self.lines: list[str] = []
        self.section = 0
        self.sub = 0

    def h1(self, text: str) -> None:
        self.lines += [f"# {text}", ""]

    def h2(self, text: str) -> None:
        self.section += 1
        self.sub = 0
        self.lines += [f"## {self.section} {text}", ""]

    def h3(self, text: str) -> None:
        self.sub += 1
        self.lines += [f"### {self.section}.{self.sub} {text}", ""]

    def p(self, *sentences: str) -> None:
        text = " ".join(s.strip() for s in sentences if s and s.strip())
        if text:
            self.lines += [text, ""]

    def table(self, spec: TableSpec, df: pd.DataFrame, note: str = "") -> None:
        """A pipe table of ``df`` through ``spec`` (a :func:`view`): headers and formats as the printed tables."""
        t = format_table(spec, df)
        self.lines += [pipe_table(t.header, t.rows, t.numeric), ""]
        note = " ".join([*t.notes, note.strip().rstrip(";").strip()]).strip()
        if note:
            self.lines += [f"*{_('Note.')}* {note}" + ("" if note.endswith(".") else "."), ""]

    def bullets(self, items: list[str]) -> None:
        if items:
            self.lines += [f"- {_oneline(i)}" for i in items] + [""]

    def link(self, path: Path) -> str:
        return _rel(path, self.base)

    def text(self) -> str:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


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


def _plural(n: int, word: str, plural: str | None = None) -> str:
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
