"""Cleaning a questionnaire file before estimation: one function, one result object, one report.

:func:`clean_survey` applies these rules, in this order, to the model's items (the other columns are carried
along untouched). Row numbers are the file's, with the header as row 1, as a spreadsheet shows them.

0. **Empty rows** (every cell blank, e.g. a line of bare delimiters) were skipped by
   :func:`surveysem.data.read_table`; they are counted (``blank_rows_skipped``) and listed in the notes.
1. **Non-numeric cells** → error naming row and column (:func:`surveysem.data.read.numeric_items`); so are values
   that are not finite (``inf``).
2. **Missing-value markers** (e.g. ``-99``) and empty cells → missing.
3. **Out-of-range answers** (outside the Likert range, e.g. 7 on a 1–5 scale) → error naming row, column and value
   (``out_of_range="error"``, the default) or set missing and listed (``"missing"``).
4. **Rows without any answer** → excluded.
5. **Straight-lining**: a respondent whose answers, as given (before reverse coding), have zero variance across
   all items (at least 3 answered) → flagged, dropped, or ignored (``straightlining``). Zero variance across a
   whole battery that mixes constructs is the standard screen for careless responding (Meade & Craig 2012;
   Hair et al. 2022, ch. 2: "straight lining").
6. **Duplicate respondents**: the same ``id_column`` value twice or, without an id, a row identical to an earlier
   row in every column of the file → flagged or dropped (``duplicates``); the first occurrence is kept.
7. **Reverse-coded items**: x → lo + hi − x (k + 1 − x on a 1..k scale).
8. **Missing treatment**: ``"listwise"`` excludes rows with any missing item; ``"mean"`` replaces a missing answer
   with the item's mean over the retained rows (Hair et al. 2022, ch. 2, recommend it when an item misses < 5 %);
   ``"none"`` keeps the gaps.
9. **Checks on what is left**: fewer rows than items + 5 → error (the item correlation matrix needs n > p, plus a
   margin); an item with the same answer in every row → error (its correlations are undefined).
10. **Mahalanobis outliers** (flagged, never dropped): D²_i = (x_i − x̄)ᵀ S⁻¹ (x_i − x̄) with the sample covariance S
    (n − 1), compared with the χ² quantile with p = #items degrees of freedom at ``mahalanobis_alpha`` (0.001,
    Tabachnick & Fidell 2019, ch. 4). Rows with missing items are skipped under ``missing="none"``.

:func:`item_descriptives` reports per item n, mean, SD (n − 1), skewness G1 and excess kurtosis G2 (the
bias-corrected estimators of SPSS and Excel; Joanes & Gill 1998, eqs. for G1 and G2), min, max and the share missing.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import ConfigError, DataError
from .read import numeric_items, row_numbers

MISSING_TREATMENTS = ("mean", "listwise", "none")
STRAIGHTLINING = ("flag", "drop", "ignore")
DUPLICATES = ("flag", "drop", "ignore")
OUT_OF_RANGE = ("error", "missing")
#: rows needed beyond the number of items (n ≥ p + ROW_MARGIN)
ROW_MARGIN = 5
#: a straight-liner must have answered at least this many items
MIN_ANSWERS_STRAIGHTLINING = 3


@dataclass
class CleaningResult:
    """What :func:`clean_survey` did.

    Attributes
    ----------
    clean : DataFrame
        The retained rows with all original columns; items numeric (recoded, treated for missing values). The index
        is the file row number (header = row 1), named ``row``.
    excluded_rows : DataFrame
        ``row, respondent, reason``: one line per excluded row (reasons joined by ``"; "``).
    flags : DataFrame
        ``row, respondent, rule, column, value, action, detail``: every rule hit, kept or not (``action`` is
        ``excluded``, ``kept``, ``set missing`` or ``imputed``).
    item_descriptives : DataFrame
        See :func:`item_descriptives` (computed on the retained rows after recoding, before mean replacement).
    counts : dict
        Numbers for the report (rows read, excluded per rule, cells missing/imputed ...).
    warnings : list of str
        Sentences for the report's notes.
    options : dict
        The options applied (for the report).
    """

    clean: pd.DataFrame
    excluded_rows: pd.DataFrame
    flags: pd.DataFrame
    item_descriptives: pd.DataFrame
    counts: dict
    warnings: list[str] = field(default_factory=list)
    options: dict = field(default_factory=dict)

    def to_markdown(self) -> str:
        """The cleaning report (``cleaning_report.md``): options, counts per rule, excluded rows, flags,
        item descriptives (3 decimals) and notes."""
        o, c = self.options, self.counts
        lines = [f"# Data cleaning: {o.get('source', 'data')}", ""]
        lines += ["## Rules applied", ""]
        lines += [
            f"- Items: {len(o['items'])} ({', '.join(o['items'])}); Likert range {o['likert'][0]}–{o['likert'][1]}.",
            f"- Missing-value markers: {', '.join(map(str, o['missing_values'])) or 'none'} (empty cells are missing too).",
            f"- Out-of-range answers: {'stop with an error' if o['out_of_range'] == 'error' else 'set missing'}.",
            f"- Reverse-coded items (x → {o['likert'][0] + o['likert'][1]} − x): {', '.join(o['reverse']) or 'none'}.",
            f"- Straight-lining (zero variance across all items as answered, ≥ {MIN_ANSWERS_STRAIGHTLINING} answers): "
            f"{o['straightlining']}.",
            f"- Duplicate respondents ({'same ' + o['id_column'] if o.get('id_column') else 'identical rows'}): "
            f"{o['duplicates']}.",
            f"- Missing answers: {_MISSING_TEXT[o['missing']]}.",
            (f"- Multivariate outliers: Mahalanobis D² > χ²({len(o['items'])}) quantile at α = {o['mahalanobis_alpha']:g} "
             "(flagged, not removed; Tabachnick & Fidell 2019)." if o["mahalanobis_alpha"] is not None
             else "- Multivariate outliers: not screened."),
            "",
            "## Counts",
            "",
            "| step | count |",
            "|---|---:|",
        ]
        labels = [
            ("blank_rows_skipped", "empty rows skipped when reading (no cell filled)"),
            ("rows_read", "rows read"),
            ("missing_marker_cells", "cells with a missing-value marker"),
            ("empty_cells", "empty cells"),
            ("out_of_range_cells", "out-of-range answers set missing"),
            ("rows_without_answers", "rows without any answer (excluded)"),
            ("straightliners", "straight-lining respondents"),
            ("duplicates", "duplicate respondents"),
            ("listwise_excluded", "rows excluded listwise"),
            ("imputed_cells", "answers replaced by the item mean"),
            ("rows_excluded", "rows excluded in total"),
            ("rows_clean", "rows retained"),
            ("mahalanobis_outliers", "Mahalanobis outliers (flagged)"),
        ]
        lines += [f"| {label} | {c.get(key, 0)} |" for key, label in labels]
        lines += ["", "## Excluded rows", ""]
        if self.excluded_rows.empty:
            lines.append("None.")
        else:
            lines += _md_table(self.excluded_rows)
        lines += ["", "## Flags", ""]
        if self.flags.empty:
            lines.append("None.")
        else:
            lines += _md_table(self.flags)
        lines += ["", "## Item descriptives", "",
                  "Retained rows, after reverse coding, before mean replacement; SD with n − 1; skewness G1 and excess "
                  "kurtosis G2 bias-corrected as in SPSS (Joanes & Gill 1998).", ""]
        lines += _md_table(self.item_descriptives)
        lines += ["", "## Notes", ""]
        lines += [f"- {w}" for w in self.warnings] or ["None."]
        return "\n".join(lines) + "\n"


_MISSING_TEXT = {
    "mean": "replaced by the item mean of the retained rows (Hair et al. 2022, ch. 2)",
    "listwise": "rows with any missing item excluded (listwise deletion)",
    "none": "left missing",
}


def clean_survey(
    df: pd.DataFrame,
    items: Sequence[str],
    likert: tuple[float, float] = (1, 5),
    missing_values: Iterable[float | str] = (),
    missing: str = "mean",
    reverse: Iterable[str] = (),
    straightlining: str = "flag",
    duplicates: str = "flag",
    out_of_range: str = "error",
    mahalanobis_alpha: float | None = 0.001,
    id_column: str | None = None,
    source: str | None = None,
) -> CleaningResult:
    """Clean the model's items of a survey table; see the module docstring for the rules and their order.

    Parameters
    ----------
    df : DataFrame
        As read by :func:`surveysem.data.read_table` (row i of the frame is file row i + 2).
    items : sequence of str
        The model's indicators (``Model.indicators``).
    likert : (low, high)
        The answer scale.
    missing_values : iterable
        Markers meaning "no answer", e.g. ``[-99]``.
    missing : {"mean", "listwise", "none"}
    reverse : iterable of str
        Items to recode as low + high − x.
    straightlining, duplicates : {"flag", "drop", "ignore"}
    out_of_range : {"error", "missing"}
    mahalanobis_alpha : float or None
        Significance level of the outlier screen; ``None`` skips it.
    id_column : str, optional
        Respondent id column (used for duplicates and shown in the tables).
    source : str, optional
        File name for messages (default ``df.attrs["source"]``).

    Returns
    -------
    CleaningResult

    Raises
    ------
    DataError
        Non-numeric cell, out-of-range answer (``out_of_range="error"``), too few rows, constant item.
    ConfigError
        Unknown option value, reverse item not among the items, unknown id column.
    """
    source = source or df.attrs.get("source", "data")
    items = list(items)
    _check_option("missing", missing, MISSING_TREATMENTS)
    _check_option("straightlining", straightlining, STRAIGHTLINING)
    _check_option("duplicates", duplicates, DUPLICATES)
    _check_option("out_of_range", out_of_range, OUT_OF_RANGE)
    lo, hi = (float(v) for v in likert)
    if not lo < hi:
        raise ConfigError(f"the Likert range {likert[0]}-{likert[1]} is empty", fix="Give the lowest and the highest answer, e.g. 1 5")
    reverse = list(reverse)
    for item in reverse:
        if item not in items:
            raise ConfigError(f"reverse-coded item {item!r} is not an item of the model",
                              fix=f"Use one of: {', '.join(items)}")
    if id_column is not None and id_column not in df.columns:
        raise ConfigError(f"id column {id_column!r} is not in the file", where=source,
                          fix=f"Columns: {', '.join(map(str, df.columns[:30]))}")
    missing_values = list(missing_values)

    raw = df.reset_index(drop=True)
    rows = pd.Index(row_numbers(df), name="row")  # file row numbers, header = 1 (skipped blank rows keep theirs)
    blank_rows = list(df.attrs.get("blank_rows", []))
    ids = raw[id_column].astype("string") if id_column else pd.Series([pd.NA] * len(raw), dtype="string")
    ids.index = rows

    # 1-2: numbers, markers, empties
    X = numeric_items(raw, items, missing_values=missing_values, source=source, max_abs=None)  # rule 3 checks range
    X.index = rows
    empty = _empty_cells(raw, items)
    empty.index = rows
    n_missing_total = int(X.isna().to_numpy().sum())
    n_empty = int(empty.to_numpy().sum())
    n_marker = n_missing_total - n_empty

    flags: list[dict] = []
    excluded: dict[int, list[str]] = {}
    warnings: list[str] = []
    if blank_rows:
        k = len(blank_rows)
        shown = ", ".join(map(str, blank_rows[:5])) + (", ..." if k > 5 else "")
        warnings.append(f"{k} empty row{'s' if k > 1 else ''} (file row{'s' if k > 1 else ''} {shown}; no cell filled) "
                        f"{'were' if k > 1 else 'was'} skipped when reading the file; not respondents.")

    def respondent(r: int):
        v = ids.loc[r]
        return None if pd.isna(v) else str(v)

    # 3: out of range
    oor = (lo > X) | (hi < X)
    n_oor = int(oor.to_numpy().sum())
    if n_oor:
        r_pos, c_pos = np.argwhere(oor.to_numpy())[0]
        if out_of_range == "error":
            val = X.iat[r_pos, c_pos]
            more = f" ({n_oor - 1} more out-of-range answer{'s' if n_oor > 2 else ''} in the model's columns)" if n_oor > 1 else ""
            raise DataError(
                f"{_fmt(val)} is outside the Likert range {_fmt(lo)}-{_fmt(hi)}{more}",
                where=f"{source}, row {rows[r_pos]}, column {items[c_pos]}",
                fix=f"Correct the answer, add {_fmt(val)} to the missing-value codes, or set out_of_range to "
                    "'missing' to treat such answers as missing")
        for r_pos, c_pos in np.argwhere(oor.to_numpy()):
            r = int(rows[r_pos])
            flags.append(dict(row=r, respondent=respondent(r), rule="out_of_range", column=items[c_pos],
                              value=float(X.iat[r_pos, c_pos]), action="set missing",
                              detail=f"outside {_fmt(lo)}-{_fmt(hi)}"))
        X = X.mask(oor)
        warnings.append(f"{n_oor} out-of-range answer{'s were' if n_oor > 1 else ' was'} set missing "
                        "(listed under Flags).")
    nonint = X.notna() & (np.round(X) != X)
    if nonint.to_numpy().any():
        r_pos, c_pos = np.argwhere(nonint.to_numpy())[0]
        warnings.append(f"{int(nonint.to_numpy().sum())} answers are not whole numbers (first: row {rows[r_pos]}, "
                        f"column {items[c_pos]}: {_fmt(X.iat[r_pos, c_pos])}); they were kept as they are.")

    # 4: rows without any answer
    answered = X.notna().sum(axis=1)
    no_answers = answered == 0
    for r in rows[no_answers.to_numpy()]:
        excluded.setdefault(int(r), []).append("no answer to any item")
        flags.append(dict(row=int(r), respondent=respondent(r), rule="no_answers", column=None, value=np.nan,
                          action="excluded", detail="every item is missing"))

    # 5: straight-lining on the answers as given
    sd = X.std(axis=1, ddof=0)
    straight = (answered >= MIN_ANSWERS_STRAIGHTLINING) & (sd == 0)
    n_straight = int(straight.sum()) if straightlining != "ignore" else 0
    if straightlining != "ignore":
        for r in rows[straight.to_numpy()]:
            value = X.loc[r].dropna().iloc[0]
            act = "excluded" if straightlining == "drop" else "kept"
            flags.append(dict(row=int(r), respondent=respondent(r), rule="straightlining", column=None,
                              value=float(value), action=act,
                              detail=f"same answer ({_fmt(value)}) to all {int(answered.loc[r])} answered items"))
            if straightlining == "drop":
                excluded.setdefault(int(r), []).append(f"straight-lining (answered {_fmt(value)} to every item)")

    # 6: duplicates
    n_dup = 0
    if duplicates != "ignore":
        keys: list[str | tuple[str, ...] | None]  # the id, or the whole row
        if id_column:
            keys = [None if (pd.isna(v) or str(v).strip() == "") else str(v).strip() for v in ids]
            what = "respondent id {key} already at row {first}"
        else:
            keys = [tuple(("" if pd.isna(v) else str(v).strip()) for v in row)
                    for row in raw.itertuples(index=False, name=None)]
            what = "identical to row {first} in every column"
        first_seen: dict = {}
        dup_detail: dict[int, str] = {}
        for r, key in zip(rows, keys):
            if key is None:
                continue
            if key in first_seen:
                dup_detail[int(r)] = what.format(key=key, first=first_seen[key])
            else:
                first_seen[key] = int(r)
        dup = pd.Series(rows.isin(list(dup_detail)), index=rows)
        describe = dup_detail.__getitem__
        n_dup = int(dup.sum())
        for r in rows[dup.to_numpy()]:
            r = int(r)
            act = "excluded" if duplicates == "drop" else "kept"
            flags.append(dict(row=int(r), respondent=respondent(r), rule="duplicate", column=None, value=np.nan,
                              action=act, detail=describe(r)))
            if duplicates == "drop":
                excluded.setdefault(int(r), []).append(f"duplicate ({describe(r)})")

    # 7: reverse coding
    for item in reverse:
        X[item] = lo + hi - X[item]

    # 8: missing treatment
    keep = ~rows.isin(list(excluded))
    n_listwise = 0
    if missing == "listwise":
        incomplete = X.isna().any(axis=1) & keep
        for r in rows[incomplete.to_numpy()]:
            cols = [c for c in items if pd.isna(X.at[r, c])]
            excluded.setdefault(int(r), []).append(f"missing answer{'s' if len(cols) > 1 else ''} in "
                                                   f"{', '.join(cols)} (listwise deletion)")
        n_listwise = int(incomplete.sum())
        keep = ~rows.isin(list(excluded))
    Xk = X[keep]
    share_missing = Xk.isna().mean()
    descriptives = item_descriptives(Xk, share_missing=share_missing)

    # 9: enough rows, no constant item
    n_keep = int(keep.sum())
    if n_keep < len(items) + ROW_MARGIN:
        raise DataError(
            f"only {n_keep} usable rows for {len(items)} items (after {len(excluded)} exclusions); at least "
            f"{len(items) + ROW_MARGIN} are needed for the item correlations to be estimable",
            where=source,
            fix="Collect more responses, use fewer items, or relax the exclusions (missing: mean, straightlining: flag)")
    for c in items:
        col = Xk[c].dropna()
        if len(col) and col.nunique() == 1:
            raise DataError(
                f"every usable row has the same answer ({_fmt(col.iloc[0])}), so the item has zero variance and its "
                "correlations are undefined",
                where=f"{source}, column {c}",
                fix=f"Remove {c} from the model (or check the export: was the column overwritten?)")
        if len(col) < 2:
            raise DataError("fewer than two usable answers", where=f"{source}, column {c}",
                            fix=f"Remove {c} from the model or check the missing-value codes")

    n_imputed = 0
    if missing == "mean":
        means = Xk.mean()
        n_imputed = int(Xk.isna().to_numpy().sum())
        for c in items:
            hit = Xk[c].isna()
            for r in Xk.index[hit.to_numpy()]:
                flags.append(dict(row=int(r), respondent=respondent(r), rule="missing", column=c, value=np.nan,
                                  action="imputed", detail=f"replaced by the item mean {means[c]:.3f}"))
        Xk = Xk.fillna(means)
        heavy = share_missing[share_missing > 0.05]
        for c, s in heavy.items():
            warnings.append(f"{c} misses {s:.1%} of its answers; mean replacement is advised only below 5% "
                            "(Hair et al. 2022, ch. 2): consider listwise deletion or dropping the item.")

    # 10: Mahalanobis
    n_out = 0
    if mahalanobis_alpha is not None:
        complete = Xk.dropna()
        d2, singular = mahalanobis_d2(complete.to_numpy())
        crit = float(stats.chi2.ppf(1 - mahalanobis_alpha, df=len(items)))
        pvals = stats.chi2.sf(d2, df=len(items))
        if singular:
            warnings.append("The item covariance matrix is singular (an item is a linear combination of others); "
                            "Mahalanobis distances use its pseudo-inverse.")
        for r, d, p in zip(complete.index, d2, pvals):
            if d > crit:
                n_out += 1
                flags.append(dict(row=int(r), respondent=respondent(r), rule="mahalanobis", column=None, value=float(d),
                                  action="kept", detail=f"D² = {d:.2f} > χ²({len(items)}) critical value {crit:.2f} "
                                                        f"(p = {p:.2g})"))
        if n_out:
            warnings.append(f"{n_out} multivariate outlier{'s' if n_out > 1 else ''} (Mahalanobis, α = "
                            f"{mahalanobis_alpha:g}) flagged and kept: inspect them under Flags.")
    if n_straight and straightlining == "flag":
        warnings.append(f"{n_straight} straight-lining respondent{'s' if n_straight > 1 else ''} flagged and kept "
                        "(set straightlining to 'drop' to exclude them).")
    if n_dup and duplicates == "flag":
        warnings.append(f"{n_dup} duplicate respondent{'s' if n_dup > 1 else ''} flagged and kept "
                        "(set duplicates to 'drop' to exclude them).")

    clean = raw.copy()
    clean.index = rows
    clean = clean[keep]
    for c in items:
        clean[c] = Xk[c]

    ex = pd.DataFrame(
        [dict(row=r, respondent=respondent(r), reason="; ".join(reasons)) for r, reasons in sorted(excluded.items())],
        columns=["row", "respondent", "reason"])
    fl = pd.DataFrame(flags, columns=["row", "respondent", "rule", "column", "value", "action", "detail"])
    order = {"out_of_range": 0, "no_answers": 1, "straightlining": 2, "duplicate": 3, "missing": 4, "mahalanobis": 5}
    if not fl.empty:
        fl = fl.assign(_o=fl["rule"].map(order)).sort_values(["_o", "row"], kind="stable").drop(columns="_o")
        fl = fl.reset_index(drop=True)
    counts = dict(
        blank_rows_skipped=len(blank_rows),
        rows_read=len(raw), rows_clean=n_keep, rows_excluded=len(excluded), items=len(items),
        missing_marker_cells=n_marker, empty_cells=n_empty, out_of_range_cells=n_oor if out_of_range == "missing" else 0,
        rows_without_answers=int(no_answers.sum()), straightliners=n_straight, duplicates=n_dup,
        listwise_excluded=n_listwise, imputed_cells=n_imputed, mahalanobis_outliers=n_out,
        reverse_coded_items=len(reverse),
    )
    options = dict(source=source, items=items, likert=(likert[0], likert[1]), missing_values=missing_values,
                   missing=missing, reverse=reverse, straightlining=straightlining, duplicates=duplicates,
                   out_of_range=out_of_range, mahalanobis_alpha=mahalanobis_alpha, id_column=id_column)
    return CleaningResult(clean=clean, excluded_rows=ex, flags=fl, item_descriptives=descriptives, counts=counts,
                          warnings=warnings, options=options)


def item_descriptives(X: pd.DataFrame, share_missing: pd.Series | None = None) -> pd.DataFrame:
    """Per-item descriptive statistics: ``item, n, mean, sd, skewness, excess_kurtosis, min, max, share_missing``.

    ``sd`` uses n − 1. Skewness is G1 = g1 · √(n(n−1)) / (n−2) and excess kurtosis
    G2 = (n−1)/((n−2)(n−3)) · ((n+1) g2 + 6), with g1 = m3 / m2^{3/2} and g2 = m4 / m2² − 3 from the central moments
    m_r = Σ(x − x̄)^r / n: the estimators of SPSS and Excel (Joanes & Gill 1998, "G1" and "G2").
    Missing answers are ignored; ``share_missing`` defaults to the share of NaN per column.
    """
    rows = []
    for c in X.columns:
        x = X[c].dropna().to_numpy(dtype=float)
        n = len(x)
        skew = float(stats.skew(x, bias=False)) if n >= 3 and np.ptp(x) > 0 else np.nan
        kurt = float(stats.kurtosis(x, fisher=True, bias=False)) if n >= 4 and np.ptp(x) > 0 else np.nan
        rows.append(dict(
            item=c, n=n, mean=float(x.mean()) if n else np.nan, sd=float(x.std(ddof=1)) if n > 1 else np.nan,
            skewness=skew, excess_kurtosis=kurt, min=float(x.min()) if n else np.nan,
            max=float(x.max()) if n else np.nan,
            share_missing=float(share_missing[c]) if share_missing is not None else float(X[c].isna().mean()),
        ))
    return pd.DataFrame(rows, columns=["item", "n", "mean", "sd", "skewness", "excess_kurtosis", "min", "max",
                                       "share_missing"])


def mahalanobis_d2(X: np.ndarray) -> tuple[np.ndarray, bool]:
    """Squared Mahalanobis distance of each row from the mean, D²_i = (x_i − x̄)ᵀ S⁻¹ (x_i − x̄), S with n − 1.

    Returns the distances and whether S was singular (then its Moore–Penrose pseudo-inverse is used).
    """
    X = np.asarray(X, float)
    if len(X) < 2:
        return np.zeros(len(X)), False
    D = X - X.mean(axis=0)
    S = np.cov(X, rowvar=False, ddof=1)
    S = np.atleast_2d(S)
    singular = np.linalg.matrix_rank(S) < S.shape[0]
    Sinv = np.linalg.pinv(S) if singular else np.linalg.inv(S)
    return np.einsum("ij,jk,ik->i", D, Sinv, D), bool(singular)


# ----------------------------------------------------------------------------------------------- helpers
def _check_option(name: str, value, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ConfigError(f"{name} is {value!r}", fix=f"Use one of: {', '.join(allowed)}")


def _empty_cells(df: pd.DataFrame, items: Sequence[str]) -> pd.DataFrame:
    out = {}
    for c in items:
        s = df[c]
        if s.dtype == object or pd.api.types.is_string_dtype(s):
            out[c] = (s.isna() | (s.astype("string").str.strip() == "")).to_numpy(dtype=bool)
        else:
            out[c] = s.isna().to_numpy(dtype=bool)
    return pd.DataFrame(out)


def _fmt(v) -> str:
    v = float(v)
    return str(int(v)) if np.isfinite(v) and v == int(v) and abs(v) < 1e15 else f"{v:g}"


def _md_table(df: pd.DataFrame) -> list[str]:
    def cell(v):
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
            return ""
        if isinstance(v, (float, np.floating)):
            return f"{v:.3f}"
        return str(v).replace("|", "\\|")

    head = "| " + " | ".join(df.columns) + " |"
    sep = "|" + "|".join("---:" if pd.api.types.is_numeric_dtype(df[c]) else "---" for c in df.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return [head, sep] + body
