"""Text answers → numbers: the answer labels of Google Forms, Microsoft Forms, Kobo or Qualtrics exports.

A form export holds the label a respondent clicked (``Sangat Setuju``), not its number. :func:`recode_labels`
replaces every label in the model's item columns by its number, using one *label set*:

* ``auto`` (the default): the one built-in set (:data:`LABEL_SETS`) with as many points as the study's answer scale
  (``likert``) that covers every text answer of the items; an error when none or two do. Text cells none of which is
  a label of any set (``"lima"``, ``"3,5"``) are left for :func:`surveysem.data.read.numeric_items`, whose error
  names the first such cell ("is not a number"), as before label sets existed;
* a set's name (``id5``, ``en_agree5``, ...);
* a custom mapping (``{"Sangat Kurang": 1, "Kurang": 2, ...}``).

Labels are matched case- and whitespace-insensitively (``"Setuju "``, ``"sangat  setuju"`` and ``"SANGAT SETUJU"``
are ``Sangat Setuju``; spaces around a hyphen do not count, ``Ragu - ragu`` is ``Ragu-ragu``). A label that carries
its number (``5 - Sangat Setuju``, ``5. Sangat Setuju``, ``5 = Sangat Setuju``, ``Sangat Setuju (5)``) gives that
number whatever the set. Numbers, empty cells and missing-value codes are left to
:func:`surveysem.data.read.numeric_items`. A built-in set numbers its points 1..k; on a scale that starts elsewhere
(``likert: [0, 4]``) the numbers are shifted to start at the scale's low end.

Sources of the built-in sets:

* Indonesian agreement, 5 points (``id5``): Sangat Setuju (SS) 5, Setuju (S) 4, Ragu-ragu (RG/RR) 3, Tidak Setuju (TS)
  2, Sangat Tidak Setuju (STS) 1 (Sugiyono 2019, *Metode Penelitian Kuantitatif, Kualitatif, dan R&D*, Alfabeta,
  "Skala Likert"); the middle point is also written Netral (N), Kurang Setuju or Cukup Setuju in theses.
* ``id4``: the same without the middle point (SS 4, S 3, TS 2, STS 1), the variant Indonesian guides attribute to
  Hadi (1991), who drops "ragu-ragu" against the central-tendency effect (cited as the guides cite it; the original
  was not checked).
* ``id6`` and ``id7``: the 6- and 7-point agreement scales of translated instruments: Sangat Tidak Setuju, Tidak
  Setuju, Agak Tidak Setuju (Kurang Setuju), [Netral], Agak Setuju, Setuju, Sangat Setuju.
* ``id_freq5`` (Selalu 5, Sering 4, Kadang-kadang 3, Jarang/Hampir Tidak Pernah 2, Tidak Pernah 1) and ``id_sat5``
  (Sangat Puas 5, Puas 4, Cukup Puas 3, Tidak Puas 2, Sangat Tidak Puas 1): Sugiyono (2019), the same section.
* English agreement, frequency and satisfaction anchors, 5 and 7 points: Vagias, W. M. (2006), *Likert-type scale
  response anchors*, Clemson University.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ConfigError, DataError
from .read import row_numbers

#: choice of the label set: the one built-in set that covers every answer
AUTO = "auto"


def _set(*points: Sequence[str]) -> dict[str, int]:
    """Labels of point 1, 2, ... (each point: its labels, aliases after the first) → {normalized label: number}."""
    out: dict[str, int] = {}
    for value, labels in enumerate(points, start=1):
        for label in labels:
            out[normalize(label)] = value
    return out


def normalize(label: str) -> str:
    """The form of a label that matching compares: case-folded, runs of white space as one space, no space around a
    hyphen (``" Ragu - ragu "`` → ``"ragu-ragu"``)."""
    text = " ".join(str(label).split()).casefold()
    return re.sub(r"\s*-\s*", "-", text)


_STS = ("Sangat Tidak Setuju", "STS")
_TS = ("Tidak Setuju", "TS")
_S = ("Setuju", "S")
_SS = ("Sangat Setuju", "SS")
_ATS = ("Agak Tidak Setuju", "ATS", "Kurang Setuju")
_AS = ("Agak Setuju", "AS")

#: the built-in label sets: name → {normalized label: number}; the first label of each point is its display form
LABEL_SETS: dict[str, dict[str, int]] = {
    "id5": _set(_STS, _TS, ("Netral", "Ragu-ragu", "Kurang Setuju", "Cukup Setuju", "N", "RR", "RG", "Ragu"), _S,
                _SS),
    "id4": _set(_STS, _TS, _S, _SS),
    "id6": _set(_STS, _TS, _ATS, _AS, _S, _SS),
    "id7": _set(_STS, _TS, _ATS, ("Netral", "Ragu-ragu", "N", "RR"), _AS, _S, _SS),
    "id_freq5": _set(("Tidak Pernah", "TP"), ("Jarang", "Hampir Tidak Pernah", "JR"), ("Kadang-kadang", "KD"),
                     ("Sering", "SR"), ("Selalu", "SL")),
    "id_sat5": _set(("Sangat Tidak Puas", "STP"), ("Tidak Puas", "TP"), ("Cukup Puas", "CP"), ("Puas", "P"),
                    ("Sangat Puas", "SP")),
    "en_agree5": _set(("Strongly Disagree", "SD"), ("Disagree", "D"),
                      ("Neither Agree nor Disagree", "Neither agree or disagree", "Neutral", "Undecided", "N"),
                      ("Agree", "A"), ("Strongly Agree", "SA")),
    "en_agree7": _set(("Strongly Disagree",), ("Disagree",), ("Somewhat Disagree", "Slightly Disagree"),
                      ("Neither Agree nor Disagree", "Neither agree or disagree", "Neutral"),
                      ("Somewhat Agree", "Slightly Agree"), ("Agree",), ("Strongly Agree",)),
    "en_freq5": _set(("Never",), ("Rarely",), ("Sometimes",), ("Often", "Very Often"), ("Always",)),
    "en_freq7": _set(("Never",), ("Rarely",), ("Occasionally",), ("Sometimes",), ("Frequently",), ("Usually",),
                     ("Every Time", "Always")),
    "en_sat5": _set(("Very Dissatisfied",), ("Dissatisfied",),
                    ("Neither Satisfied nor Dissatisfied", "Neither satisfied or dissatisfied", "Neutral"),
                    ("Satisfied",), ("Very Satisfied",)),
    "en_sat7": _set(("Completely Dissatisfied",), ("Mostly Dissatisfied",), ("Somewhat Dissatisfied",),
                    ("Neither Satisfied nor Dissatisfied", "Neither satisfied or dissatisfied", "Neutral"),
                    ("Somewhat Satisfied",), ("Mostly Satisfied",), ("Completely Satisfied",)),
}


def points(name: str) -> int:
    """Number of points of a built-in set."""
    return max(LABEL_SETS[name].values())


_NUMBER_FIRST = re.compile(r"^\s*(-?\d+)\s*(?:[-.):=]|\s)\s*\D.*$")
_NUMBER_LAST = re.compile(r"^.*\D\s*\(\s*(-?\d+)\s*\)\s*$")


def embedded_number(label: str) -> int | None:
    """The number a label carries: ``5 - Sangat Setuju``, ``5. Sangat Setuju``, ``5 = SS``, ``Sangat Setuju (5)``."""
    m = _NUMBER_FIRST.match(label) or _NUMBER_LAST.match(label)
    return int(m.group(1)) if m else None


@dataclass
class Recoding:
    """What :func:`recode_labels` did.

    ``label_set`` is the set used (a built-in name, ``custom``, or ``None`` when every answer was a number);
    ``table`` has one row per (item, label as written): ``item, label, value, cells``.
    """

    label_set: str | None
    table: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["item", "label", "value", "cells"]))

    @property
    def cells(self) -> int:
        return int(self.table["cells"].sum()) if len(self.table) else 0


def _text_answers(df: pd.DataFrame, items: Sequence[str], markers: set[str]) -> dict[str, dict[str, list[int]]]:
    """Per item: every distinct stripped text answer that is not a number, empty or a missing code → its positions."""
    out: dict[str, dict[str, list[int]]] = {}
    for c in items:
        s = df[c]
        if not (s.dtype == object or pd.api.types.is_string_dtype(s)):
            continue
        text = s.astype("string").str.strip()
        number = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
        candidate = (number.isna() & text.notna() & (text != "") & ~text.isin(markers)).to_numpy(dtype=bool)
        seen: dict[str, list[int]] = {}
        values = s.to_numpy(dtype=object)
        for pos in np.flatnonzero(candidate):  # vectorized screen first: a file of numbers loops over nothing
            seen.setdefault(str(values[pos]), []).append(int(pos))
        if seen:
            out[c] = seen
    return out


def parse_labels_option(value) -> str | dict[str, float]:
    """The ``labels`` setting as given in config (a name or a mapping) or on the command line (a name, or
    ``LABEL=NUMBER,LABEL=NUMBER``) → a set name or ``{label: number}``."""
    if isinstance(value, Mapping):
        mapping = dict(value)
    elif isinstance(value, str) and "=" in value:
        mapping = {}
        for part in value.split(","):
            if not part.strip():
                continue
            label, sep, number = part.rpartition("=")
            if not sep or not label.strip():
                raise ConfigError("labels: {part!r} is not LABEL=NUMBER".format(part=part),
                                  fix='Write the mapping as "Sangat Kurang=1,Kurang=2,..."')
            mapping[label.strip()] = number.strip()
    else:
        name = str(value or AUTO).strip()
        if name != AUTO and name not in LABEL_SETS:
            raise ConfigError("labels is {name!r}, not a label set".format(name=name),
                              fix="Use auto, one of {sets}, or a mapping such as {{\"Sangat Kurang\": 1}}".format(
                                  sets=", ".join(LABEL_SETS)))
        return name
    out: dict[str, float] = {}
    for label, number in mapping.items():
        try:
            num = float(number)
        except (TypeError, ValueError):
            raise ConfigError("labels: the number of {label!r} is {number!r}, not a number".format(
                label=label, number=number), fix="Give each label its answer number, e.g. {\"Setuju\": 4}") from None
        out[normalize(label)] = num
    return out


def recode_labels(df: pd.DataFrame, items: Sequence[str], labels="auto", likert: Sequence[float] = (1, 5),
                  missing_values: Iterable = (), source: str | None = None) -> tuple[pd.DataFrame, Recoding]:
    """Replace the text answers of the item columns by their numbers.

    Parameters
    ----------
    df : DataFrame
        The survey as read (:func:`surveysem.data.read_table`: text cells for a CSV).
    items : sequence of str
        The model's item columns.
    labels : str or mapping
        ``"auto"``, a built-in set's name, or ``{label: number}`` (see the module docstring).
    likert : (low, high)
        The answer scale: ``auto`` considers the sets with high − low + 1 points; numbers start at ``low``.
    missing_values : iterable
        Missing-value codes (left as they are).

    Returns
    -------
    (DataFrame, Recoding)
        A copy of ``df`` whose label cells hold their numbers as text (``"4"``), and what was recoded. A file
        without text answers is returned unchanged with ``label_set=None``.

    Raises
    ------
    DataError
        An answer the set does not cover (naming row, column, the label, the labels seen in that column and the
        config line to add); ``auto`` with no covering set or with two.
    ConfigError
        An unknown set name or a mapping value that is not a number.
    """
    source = source or df.attrs.get("source", "data")
    choice = parse_labels_option(labels)
    markers = {str(m).strip() for m in missing_values}
    answers = _text_answers(df, items, markers)
    if not answers:
        return df, Recoding(None)
    lo = float(likert[0])
    k = int(round(float(likert[1]) - lo + 1))
    rows = row_numbers(df)
    unnumbered = {c: {t: p for t, p in seen.items() if embedded_number(t) is None} for c, seen in answers.items()}
    needed = {normalize(t) for seen in unnumbered.values() for t in seen}
    name: str | None  # None: every text answer carries its own number ("5 - Sangat Setuju"), no set is needed
    if isinstance(choice, dict):
        name, mapping = "custom", choice
    elif choice == AUTO:
        if needed and not any(needed & set(s) for s in LABEL_SETS.values()):
            # no answer is a label of any set ("lima", "3,5", "nan"): not a label file; numeric_items names the cell
            return df, Recoding(None)
        name = _auto_set(needed, unnumbered, k, likert, rows, source)
        mapping = _shifted(name, lo) if name else {}
    else:
        name, mapping = choice, _shifted(choice, lo)
    out = df.copy()
    records = []
    for c, seen in answers.items():
        col = out[c].to_numpy(dtype=object).copy()
        for text, pos in seen.items():
            number = embedded_number(text)
            if number is None:
                key = normalize(text)
                if key not in mapping:
                    raise _unknown_label(text, c, seen, rows[pos[0]], name, mapping, answers, source)
                value = mapping[key]
            else:
                value = float(number)
            shown = str(int(value)) if float(value).is_integer() else repr(float(value))
            for p in pos:
                col[p] = shown
            records.append(dict(item=c, label=text, value=float(value), cells=len(pos)))
        out[c] = pd.Series(col, index=out.index, dtype=object)
    table = pd.DataFrame(records, columns=["item", "label", "value", "cells"])
    return out, Recoding(name or "numbers in the labels", table)


def _shifted(name: str, lo: float) -> dict[str, float]:
    return {label: v + lo - 1 for label, v in LABEL_SETS[name].items()}


def _auto_set(needed: set[str], unnumbered: dict, k: int, likert, rows, source: str) -> str | None:
    """The one built-in set with ``k`` points that covers every label in ``needed``."""
    if not needed:
        return None
    covering = [n for n, s in LABEL_SETS.items() if needed <= set(s)]
    fitting = [n for n in covering if points(n) == k]
    if len(fitting) == 1:
        return fitting[0]
    if len(fitting) > 1:
        raise DataError(
            "the text answers fit {n} label sets with {k} points ({sets}), which number them differently".format(
                n=len(fitting), k=k, sets=", ".join(fitting)),
            where=source,
            fix="Name the set in config.yaml, e.g. labels: {first}".format(first=fitting[0]))
    if covering:
        other = covering[0]
        raise DataError(
            "the text answers are labels of the {p}-point set {name}, but the answer scale (likert) has {k} "
            "points".format(p=points(other), name=other, k=k),
            where=source,
            fix="Set likert: [1, {p}] (and labels: {name}) in config.yaml".format(p=points(other), name=other))
    # no set covers everything: name the first answer the best set misses
    same_k = [n for n in LABEL_SETS if points(n) == k] or list(LABEL_SETS)
    best = max(same_k,
               key=lambda n: (len(needed & set(LABEL_SETS[n])), -abs(points(n) - k)))
    for c, seen in unnumbered.items():
        for text, pos in seen.items():
            if normalize(text) not in LABEL_SETS[best]:
                raise _unknown_label(text, c, seen, rows[pos[0]], None, _shifted(best, float(likert[0])),
                                     unnumbered, source, closest=best)
    return None  # pragma: no cover - unreachable: some label is missing from every set


def _unknown_label(text: str, column: str, seen: dict, row: int, name: str | None, mapping: dict, answers: dict,
                   source: str, closest: str | None = None) -> DataError:
    shown = ", ".join(sorted({t.strip() for t in seen}, key=str.casefold)[:12])
    known: dict[str, float] = {}
    for col_seen in answers.values():
        for t in col_seen:
            key = normalize(t)
            if embedded_number(t) is None and key in mapping:
                known.setdefault(" ".join(t.split()), mapping[key])
    pairs = [f"{_yaml_str(label)}: {_num(v)}" for label, v in known.items()]
    pairs.append(f"{_yaml_str(' '.join(text.split()))}: NUMBER")
    line = "labels: {" + ", ".join(pairs) + "}"
    if name is None:
        what = ("{label!r} is not a label of any built-in set with the study's number of points (closest: {closest}); "
                "labels in this column: {shown}").format(label=text.strip(), closest=closest, shown=shown)
    else:
        what = "{label!r} is not a label of the set {name}; labels in this column: {shown}".format(
            label=text.strip(), name=name, shown=shown)
    return DataError(what, where="{source}, row {row}, column {column}".format(source=source, row=row, column=column),
                     fix="Correct the answer, or give every label its number in config.yaml: {line}".format(line=line))


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def detect_label_set(df: pd.DataFrame, columns: Sequence[str], missing_values: Iterable = ()) -> tuple[str | None, list[str]]:
    """For ``surveysem init``: the built-in sets (any number of points) that cover every text answer of
    ``columns``; ``(None, [])`` when the answers are numbers. Returns ``(chosen, covering)``: ``chosen`` is a covering
    5-point set if there is one (the scale of most Indonesian questionnaires: a 5-point survey in which nobody chose
    the middle point is also covered by the 4-point set), else the covering set with the fewest points."""
    answers = _text_answers(df, columns, {str(m).strip() for m in missing_values})
    needed = {normalize(t) for seen in answers.values() for t in seen if embedded_number(t) is None}
    if not needed:
        return None, []
    covering = sorted((n for n, s in LABEL_SETS.items() if needed <= set(s)), key=lambda n: (points(n) != 5, points(n)))
    return (covering[0] if covering else None), covering
