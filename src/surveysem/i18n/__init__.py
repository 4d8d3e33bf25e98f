"""The output language of printed results: one catalogue, gettext style (the English text is the key).

Everything a person reads — printed tables (title, headers, notes, verdict words), ``summary.md`` and figure text —
goes through :func:`_` (or :meth:`Translator.value` for text stored in a CSV, such as a verdict or a rule). Tidy
CSVs keep English column names and values: they are the machine interface and are never translated.

* ``language = "en"`` (default): :func:`_` returns the English text, formatted with its fields; nothing is looked up,
  so English output is exactly what the code writes.
* ``language = "id"``: the English text (or template, ``"{n} respondents"``) is looked up in ``id.yaml`` beside this
  module; a template's translation is formatted with the same named fields (``"{n} responden"``). Text missing from
  the catalogue is printed in English and *recorded* (:func:`missing`), so a test can fail on it and the command's
  log names it.

Text that reaches the printer as a finished string (a verdict ``"pass"``, the rule ``"AVE >= 0.50"``, the reason
``"ETRUST has a positive effect on ELOY: accepted (...)"``) is translated by :meth:`Translator.value`: an exact key
first, then a template key whose literal parts match the string (its fields are read back from the string and put
into the translation, themselves translated when they are catalogue keys), then, for a list joined by ``"; "``, each
part, and for several sentences, each sentence. A new English string therefore needs one catalogue line, whichever way it reaches the printer.

Numbers keep the decimal point in Indonesian output (``0.708``, ``p < .001``): the convention of the SPSS and
SmartPLS output that Indonesian theses paste in, and what :mod:`surveysem.format` writes (docs/report.md,
"Language").

The active translator is set per command with :func:`use` (a context variable), as gettext's ``install`` does for a
program; library functions take no language argument.
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from ..errors import ConfigError

#: the output languages; the first is the default
LANGUAGES = ("en", "id")
DEFAULT = "en"
_HERE = Path(__file__).resolve().parent
_FIELD = re.compile(r"\{(\w+)\}")
#: a text of symbols only (``B``, ``SE (HC3)``, ``95% CI``, ``R²``, ``HI95``): statistic symbols and abbreviations,
#: printed as they are in every language; a word of two or more lower-case letters makes a text translatable
_WORD = re.compile(r"[a-z]{2,}")
#: the least share of a matched text that a template's literal words must make up (read back only what it wrote)
_LITERAL_SHARE = 0.25
#: where a text of several sentences is cut when it is not a catalogue entry as a whole
_SENTENCE = re.compile(r"(?<=\.) (?=[A-Z(])")


def _symbolic(text: str) -> bool:
    return _WORD.search(text) is None


def check_language(language: str) -> str:
    """``language`` if it is one of :data:`LANGUAGES`, else a one-line :class:`ConfigError` naming the fix."""
    if language not in LANGUAGES:
        raise ConfigError(f"language {language!r} is not supported", where="language",
                          fix=f"Use one of: {', '.join(LANGUAGES)}")
    return language


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    """English text → translation, read from ``<language>.yaml`` (``{}`` for English)."""
    if check_language(language) == "en":
        return {}
    path = _HERE / f"{language}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ConfigError("the catalogue is not a mapping of English text to its translation", where=str(path))
    out = {}
    for key, value in data.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise ConfigError(f"catalogue entry {key!r}: key and translation must both be text", where=str(path))
        if set(_FIELD.findall(key)) != set(_FIELD.findall(value)):
            raise ConfigError(f"catalogue entry {key!r}: the translation must use the same {{fields}} as the key",
                              where=str(path))
        out[key] = value
    return out


def _pattern(template: str) -> re.Pattern:
    """A regular expression matching what ``template`` prints: literal parts exact, each field any text without
    ``"; "`` (the separator of joined rules and notes)."""
    out, seen, pos = [], set(), 0
    for m in _FIELD.finditer(template):
        out.append(re.escape(template[pos:m.start()]))
        name = m.group(1)
        out.append(f"(?P={name})" if name in seen else f"(?P<{name}>(?:(?!; ).)+?)")  # a field holds no "; "
        seen.add(name)
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return re.compile("".join(out), re.DOTALL)


class Translator:
    """Translates English text into one language; records the text the catalogue lacks (:attr:`missing`)."""

    def __init__(self, language: str = DEFAULT):
        self.language = check_language(language)
        self.entries = catalogue(self.language)
        #: templates with their patterns, most literal text first (the most specific match wins)
        self.templates = sorted(((k, _pattern(k)) for k in self.entries if _FIELD.search(k)),
                                key=lambda kv: -len(_FIELD.sub("", kv[0])))
        self.missing: set[str] = set()

    def __call__(self, text: str, **fields) -> str:
        """``text`` (a template when ``fields`` are given) in the output language, formatted with ``fields``."""
        if self.language != "en":
            if text in self.entries:
                text = self.entries[text]
            elif not _symbolic(text):
                self.missing.add(text)
        return text.format(**fields) if fields else text

    def value(self, text) -> str:
        """A finished English string (a CSV value: verdict, rule, reason) in the output language."""
        if not isinstance(text, str) or self.language == "en" or _symbolic(text):
            return text
        found = self._lookup(text)
        if found is not None:
            return found
        if "; " in text:
            return "; ".join(self.value(part) for part in text.split("; "))
        sentences = _SENTENCE.split(text)
        if len(sentences) > 1:
            return " ".join(self.value(s) for s in sentences)
        self.missing.add(text)
        return text

    def known(self, text: str) -> bool:
        """True when :meth:`value` can translate ``text`` (English: always)."""
        return self.language == "en" or self._lookup(text) is not None

    def _lookup(self, text: str) -> str | None:
        if text in self.entries:
            return self.entries[text]
        for key, pattern in self.templates:
            m = pattern.fullmatch(text)
            # a short template ("{items} and {last}") must not swallow a long sentence that merely contains its words
            if m and len(_FIELD.sub("", key)) >= _LITERAL_SHARE * len(text):
                fields = {k: self._lookup(v) or v for k, v in m.groupdict().items()}
                return self.entries[key].format(**fields)
        return None


_ACTIVE: contextvars.ContextVar[Translator] = contextvars.ContextVar("surveysem_translator")
_RECORDED: set[str] = set()


def active() -> Translator:
    """The translator of the running command (English unless :func:`use` set another)."""
    t = _ACTIVE.get(None)
    if t is None:
        t = Translator(DEFAULT)
        _ACTIVE.set(t)
    return t


@contextlib.contextmanager
def use(language: str) -> Iterator[Translator]:
    """Print in ``language`` inside the ``with`` block; what the catalogue lacks is added to :func:`missing`."""
    t = Translator(language)
    token = _ACTIVE.set(t)
    try:
        yield t
    finally:
        _ACTIVE.reset(token)
        _RECORDED.update(t.missing)


def _(text: str, **fields) -> str:
    """``text`` in the active language (gettext's ``_``); a template's ``{fields}`` are filled from ``fields``."""
    return active()(text, **fields)


def value(text):
    """A finished English string from a CSV (verdict, rule, reason) in the active language."""
    return active().value(text)


def missing() -> set[str]:
    """Every text a translator lacked since the process started (or :func:`reset_missing`)."""
    return set(_RECORDED) | active().missing


def reset_missing() -> None:
    _RECORDED.clear()
    active().missing.clear()


def language() -> str:
    """The active output language."""
    return active().language
