"""The few words the Word and HTML reports add around the summary (table and figure numbers, the note label, the
source line), per output language.

A stand-in: the translation catalogue of ``language: en | id`` (gettext style, the English text is the key) replaces
this lookup; until then :func:`word` is the one place the reports take these words from. The Indonesian wording is
the one Indonesian theses print ("Tabel 4.1", "Gambar 4.1", "Sumber: data primer yang diolah").
"""
from __future__ import annotations

from .. import __version__

#: output languages of the reports
LANGUAGES = ("en", "id")

#: English template → its translation, per language other than English
_WORDS = {
    "id": {
        "Table {number}": "Tabel {number}",
        "Figure {number}": "Gambar {number}",
        "Note.": "Catatan.",
        "Source: primary data processed with surveysem {version}": "Sumber: data primer yang diolah (surveysem {version})",
    },
}


def word(template: str, language: str = "en", **fields) -> str:
    """``template`` in ``language``, its named fields filled (``word("Table {number}", "id", number="4.1")`` →
    ``"Tabel 4.1"``); the English template when no translation is known."""
    return _WORDS.get(language, {}).get(template, template).format(**fields)


def source_line(language: str = "en") -> str:
    """The line under every table: the data are the study's own (primary) data, processed with this version."""
    return word("Source: primary data processed with surveysem {version}", language, version=__version__)
