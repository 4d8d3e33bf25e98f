"""The groups of a multigroup analysis: read the group column of the cleaned data, check the group sizes.

Categories are taken in the sorted order of their labels (as text, so ``1 < 2`` and ``"female" < "male"``): the
order R cSEM uses for ``.id`` (it sorts the labels), and with labels 1/2 the order of seminr's group 1/group 2.
Every difference of the analysis is first group minus second group.

Rules (one-line errors, :mod:`surveysem.errors`):

* the column must exist (the error names the closest column name);
* rows whose group is missing are excluded and reported as a warning (not an error);
* at least two groups;
* every group has at least ``group_min_n`` rows (default 30), else an error naming the group and its n.

The inverse square root minimum (Kock & Hadaya 2018) for the smallest significant pooled path is a *warning*
(:func:`size_notes`): with small paths it is in the thousands, far above what a student survey can reach.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ConfigError, DataError
from ..stats.sample_size import inverse_square_root

#: default smallest group (rows); a smaller group is an error
GROUP_MIN_N = 30


@dataclass(frozen=True)
class Groups:
    """The groups of the data rows.

    Attributes
    ----------
    column : str
        The group column.
    labels : tuple of str
        Group labels in analysis order (sorted).
    codes : ndarray (n,)
        Group index 0..G−1 of every kept row, −1 where the group is missing (those rows are excluded).
    excluded : int
        Rows excluded because their group is missing.
    """

    column: str
    labels: tuple[str, ...]
    codes: np.ndarray
    excluded: int

    @property
    def sizes(self) -> list[int]:
        return [int((self.codes == g).sum()) for g in range(len(self.labels))]

    def masks(self) -> np.ndarray:
        """(G, n) 0/1 row counts of each group over the rows (excluded rows 0 everywhere)."""
        return (self.codes[None, :] == np.arange(len(self.labels))[:, None]).astype(float)

    def rows(self, g: int) -> np.ndarray:
        """Row positions of group ``g``, in data order."""
        return np.flatnonzero(self.codes == g)

    def warning(self) -> str | None:
        if not self.excluded:
            return None
        return (f"{self.excluded} row{'s' if self.excluded > 1 else ''} without a value in the group column "
                f"{self.column!r} excluded from the multigroup analysis")


def _label(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def split_groups(data: pd.DataFrame, column: str, group_min_n: int = GROUP_MIN_N, source: str = "data") -> Groups:
    """The :class:`Groups` of ``data`` by ``column`` (module docstring for the rules).

    Raises
    ------
    ConfigError
        The column does not exist (the closest name is suggested).
    DataError
        Fewer than two groups, or a group smaller than ``group_min_n``.
    """
    if column not in data.columns:
        close = difflib.get_close_matches(str(column), [str(c) for c in data.columns], n=1, cutoff=0.4)
        hint = f"Did you mean {close[0]!r}? " if close else ""
        raise ConfigError(f"the group column {column!r} is not in the data", where=f"{source}, --groups",
                          fix=f"{hint}Name a column of the data that holds each respondent's group")
    col = data[column]
    text: list[str | None] = [None if pd.isna(v) or str(v).strip() == "" else _label(v) for v in col]
    labels = tuple(sorted({v for v in text if v is not None}, key=_sort_key))
    if len(labels) < 2:
        found = f"only the value {labels[0]!r}" if labels else "no values"
        raise DataError(f"the group column {column!r} has {found}; a multigroup analysis needs at least 2 groups",
                        where=f"{source}, column {column}", fix="Choose a column with two or more groups")
    index = {lab: g for g, lab in enumerate(labels)}
    codes = np.array([index[v] if v is not None else -1 for v in text], dtype=np.intp)
    groups = Groups(column=column, labels=labels, codes=codes, excluded=int((codes < 0).sum()))
    for lab, n in zip(labels, groups.sizes):
        if n < group_min_n:
            raise DataError(f"group {lab!r} of column {column!r} has only {n} respondents; the minimum is "
                            f"{group_min_n}", where=f"{source}, column {column}",
                            fix="Merge small groups into one label, collect more responses, or lower --group-min-n")
    return groups


def _sort_key(label: str):
    """Numbers by value, then text (cSEM sorts labels; for 1, 2, 10 the numeric order is what a user means)."""
    try:
        return (0, float(label), label)
    except ValueError:
        return (1, 0.0, label)


def size_notes(groups: Groups, significant_paths: dict[str, float], alpha: float = 0.05) -> list[str]:
    """Warnings for groups below the inverse square root minimum (Kock & Hadaya 2018) of the smallest significant
    pooled path (``significant_paths``: name → estimate); empty when no path is significant or all groups reach it."""
    if not significant_paths:
        return []
    name, p_min = min(significant_paths.items(), key=lambda kv: abs(kv[1]))
    need = inverse_square_root(p_min, alpha=alpha)
    small = [(lab, n) for lab, n in zip(groups.labels, groups.sizes) if n < need]
    if not small:
        return []
    listing = ", ".join(f"{lab!r} (n = {n})" for lab, n in small)
    return ["{listing}: below the inverse square root minimum of {need} respondents for the smallest significant "
            "pooled path {path} = {beta} (Kock & Hadaya 2018, alpha {alpha}, power 0.80): its group differences have "
            "low power".format(listing=listing, need=need, path=name, beta=f"{p_min:.3f}", alpha=alpha)]
