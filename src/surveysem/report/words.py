"""The few words the Word and HTML reports add around the summary (table and figure numbers, the note label, the
source line).

They go through the one translation catalogue (:mod:`surveysem.i18n`, ``id.yaml``) like every other printed text;
the Indonesian entries are the wording Indonesian theses print ("Tabel 4.1", "Gambar 4.1", "Sumber: data primer yang
diolah"). :func:`in_language` makes the report's language the active one while a renderer runs.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

from .. import __version__, i18n
from ..i18n import _

#: output languages of the reports
LANGUAGES = i18n.LANGUAGES


def source_line() -> str:
    """The line under every table: the data are the study's own (primary) data, processed with this version."""
    return _("Source: primary data processed with surveysem {version}", version=__version__)


@contextlib.contextmanager
def in_language(language: str) -> Iterator[None]:
    """Print in ``language`` inside the block: the active translator when it already prints in ``language`` (a
    command run with ``--language``; its misses are reported by the command), else a new one (a library call)."""
    if i18n.language() == i18n.check_language(language):
        yield
    else:
        with i18n.use(language):
            yield
