"""Errors a user can cause, and how they are shown.

Convention (``shared/CONVENTIONS.md``): a user error is one line on stderr, exit code 2,
no traceback, and says *where* (file, line or row, column), *what* is wrong and *what to do*::

    surveysem: error: data/shopee.csv, row 18, column like_2: "lima" is not a number. Recode the answer as 1-5 or mark it missing.

Library code raises :class:`SurveysemError` (or a subclass); the CLI catches it and prints
``surveysem: error: <message>``. Programming errors are ordinary exceptions and keep their traceback.
"""
from __future__ import annotations


class SurveysemError(Exception):
    """A problem with the user's input (data, model, config) that the user can fix.

    Parameters
    ----------
    what : str
        What is wrong, as a sentence.
    where : str, optional
        Location prefix such as ``"data/x.csv, row 18, column like_2"`` or ``"model.lav, line 3"``.
    fix : str, optional
        What the user should do, as a sentence.
    """

    def __init__(self, what: str, where: str | None = None, fix: str | None = None):
        self.what = what.strip()
        self.where = where
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        parts = []
        if self.where:
            parts.append(f"{self.where}: ")
        parts.append(_sentence(self.what))
        if self.fix:
            parts.append(" " + _sentence(self.fix))
        return _one_line("".join(parts))


class ModelError(SurveysemError):
    """The model description is invalid (syntax, structure, or mismatch with the data)."""


class DataError(SurveysemError):
    """The data file cannot be used as it is (format, types, ranges, too few rows, singular)."""


class ConfigError(SurveysemError):
    """The configuration file or a CLI option is invalid."""


class EstimationError(SurveysemError):
    """The estimation could not produce a valid result (non-convergence, singular matrices)."""


class OutputError(SurveysemError):
    """An output location is refused (it would destroy a user's files) or cannot be written (permissions, disk full)."""


def _one_line(text: str) -> str:
    """The message on one line: line breaks and tabs become spaces, other control or invisible characters (form
    feed, U+2028 ... which a terminal or ``str.splitlines`` would also break at) are shown escaped (``\\x0c``)."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else " " if ch in "\n\r\t" else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def _sentence(text: str) -> str:
    text = text.strip()
    if text and text[-1] not in ".!?":
        text += "."
    return text
