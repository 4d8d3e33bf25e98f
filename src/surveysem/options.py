"""Value types for command-line options: a bad value is a one-line usage error, never a traceback later.

Each factory returns a callable for argparse's ``type=``; it raises :class:`argparse.ArgumentTypeError` with a sentence
that starts with the value as given, which :class:`surveysem.cli.Parser` prints as
``surveysem: error: pls: option --seed: '-1' is not a whole number of 0 or more (e.g. --seed 42)``.
"""
from __future__ import annotations

import argparse
import functools
import math
import sys
from collections.abc import Callable
from typing import Any


def whole_number(minimum: int = 0) -> Callable[[str], int]:
    """A whole number ≥ ``minimum`` (``5000``; not ``5000.0`` or ``1e3``)."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip(), 10)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of {minimum} or more")
        return value

    parse.__name__ = "whole_number"
    return parse


def number(low: float | None = None, high: float | None = None, low_open: bool = False,
           high_open: bool = False) -> Callable[[str], float]:
    """A finite number in the interval given by ``low``/``high`` (closed unless ``*_open``)."""

    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
        too_low = low is not None and (value <= low if low_open else value < low)
        too_high = high is not None and (value >= high if high_open else value > high)
        if too_low or too_high:
            raise argparse.ArgumentTypeError(f"{text!r} is not {_interval(low, high, low_open, high_open)}")
        return value

    parse.__name__ = "number"
    return parse


def _interval(low, high, low_open, high_open) -> str:
    if low is not None and high is not None:
        return f"between {low:g} and {high:g}" + (" (exclusive)" if low_open and high_open else "")
    if low is not None:
        return f"{'above' if low_open else 'at least'} {low:g}"
    return f"{'below' if high_open else 'at most'} {high:g}"


#: a probability or confidence level strictly between 0 and 1
probability = number(0, 1, low_open=True, high_open=True)
#: a positive finite number (a tolerance)
positive = number(0, None, low_open=True)
#: any finite number (a scale end)
finite = number()


def renamed(parser: argparse._ActionsContainer, old: str, new: str, dest: str | None = None,
            apply: Callable[[argparse.Namespace, Any], None] | None = None, **kwargs) -> None:
    """Accept ``old``, the option's name in an earlier release, for one more release.

    The value goes to ``new``'s destination (``dest``; or ``apply(namespace, value)`` decides) and one warning line
    goes to stderr (in the workflow: the step's log); ``--help`` shows only ``new``. ``kwargs`` (``type``,
    ``choices``, ``nargs``) are those of ``new``.
    """
    target = dest or new.lstrip("-").replace("-", "_")

    class _Renamed(argparse.Action):
        def __call__(self, parser, namespace, values, option_string=None):
            print(f"surveysem: warning: {old} is now {new}; the old name is accepted until the next release",
                  file=sys.stderr)
            if apply is not None:
                apply(namespace, values)
            else:
                setattr(namespace, target, values)

    parser.add_argument(old, dest=target, action=_Renamed, help=argparse.SUPPRESS, default=argparse.SUPPRESS,
                        **kwargs)


def add_language_argument(parser: argparse.ArgumentParser) -> None:
    """``--language en|id``: the language of what the command prints (tables, summary, figures; never the CSVs).

    ``surveysem.cli.main`` runs the command with that language active (:func:`surveysem.i18n.use`).
    """
    parser.add_argument("--language", choices=("en", "id"), default="en",
                        help="language of printed tables, summary and figures: en (English) or id (Bahasa Indonesia); "
                             "tidy CSVs stay English")


def add_likert_argument(parser: argparse._ActionsContainer, help: str) -> None:
    """``--likert LOW HIGH``: the answer scale (config key ``likert``), with ``--scale-min`` / ``--scale-max`` of
    earlier releases still read as one end each."""
    parser.add_argument("--likert", nargs=2, type=finite, default=[1, 5], metavar=("LOW", "HIGH"), help=help)
    for end, old in enumerate(("--scale-min", "--scale-max")):
        renamed(parser, old, "--likert", type=finite, apply=functools.partial(_set_scale_end, end=end))


def _set_scale_end(namespace: argparse.Namespace, value: float, end: int) -> None:
    """``--scale-min X`` / ``--scale-max X`` of earlier releases: one end of ``--likert``."""
    scale = list(getattr(namespace, "likert", None) or [1, 5])
    scale[end] = value
    namespace.likert = scale
