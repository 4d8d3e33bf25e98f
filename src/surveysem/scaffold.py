"""``surveysem init FILE``: a starting model and config entry from a questionnaire export.

A student's first step: point it at the export of a Google Form (or any survey file) and get

* ``model.lav``: one construct per item-code prefix (``X1.1``–``X1.5`` → ``X1 =~ X1.1 + ... + X1.5``; ``Y.1`` →
  ``Y``; ``KP1`` → ``KP``), in the order of the questionnaire, and a runnable starting path: the last construct
  depends on all the others (for a regression study: the dependent variable; rename and change it as the thesis says);
* ``study.yaml``: a config entry (``studies: <name>: ...``) with the data file, the kind, the model, the answer scale,
  the label set, the missing-value codes seen and ``duplicates: drop`` when double submissions were found; the profile
  columns (respondent characteristics) as ``profile: [...]`` and ``language: id`` as a comment;

and a printed account of what was found and what the user must still decide. Nothing is overwritten: an existing
``model.lav`` or ``study.yaml`` in ``--out`` stops the command before anything is written.

What counts as what:

* **item**: a column whose header starts with an item code (letters, then digits and/or ``.digits``: ``X1.1``,
  ``Y.2``, ``KP1``, ``etr1``) followed by a space, ``.``, ``)``, ``:`` or the end of the header, and whose answers
  are numbers or labels of a built-in set (:mod:`surveysem.data.labels`);
* **time stamps** (:func:`surveysem.data.columns.timestamp_columns`) and **identifying columns** (names, e-mail,
  phone: :func:`surveysem.data.privacy.identifying_columns`) are never profile columns;
* **profile**: the columns the ``describe`` step's ``profile: auto`` tabulates
  (:func:`surveysem.describe.profile.select_columns`: text answers with at most
  :data:`~surveysem.describe.profile.MAX_CATEGORIES` categories);
* **missing-value codes**: numbers in the item columns outside the contiguous run of answers (1..5) that look like
  codes: negative (``-99``, ``-9``, ``-1``) or all nines (``9``, ``99``, ``999``).
"""
from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .data.columns import timestamp_columns
from .data.labels import LABEL_SETS, detect_label_set, embedded_number, normalize, points
from .data.privacy import identifying_columns
from .data.read import read_table
from .describe.profile import MAX_CATEGORIES, select_columns
from .errors import DataError, OutputError
from .io import atomic_output_file, check_output_file

#: a profile column has at most this many distinct answers (more: free text, skipped with a note)
_CODE = re.compile(r"^(?P<code>[A-Za-z][A-Za-z_]*\d*(?:\.\d+)+|[A-Za-z][A-Za-z_]*\d+)(?:[.):]*\s|[.):]*$)")


def item_code(header: str) -> str | None:
    """The item code a header starts with (``"X1.1 Saya ..."`` → ``"X1.1"``), or ``None``."""
    m = _CODE.match(str(header).strip())
    return m.group("code") if m else None


def construct_of(code: str) -> str:
    """The construct an item code belongs to: the part before the last ``.digits`` (``X1.1`` → ``X1``, ``Y.2`` →
    ``Y``), else the code without its trailing digits (``KP1`` → ``KP``)."""
    if "." in code:
        return code.rsplit(".", 1)[0].rstrip(".")
    return code.rstrip("0123456789")


@dataclass
class Findings:
    """What :func:`inspect_export` found in a survey file."""

    source: str
    items: dict[str, str]                           # item code -> header, in file order
    constructs: dict[str, list[str]]                # construct -> item codes
    label_set: str | None
    label_sets_covering: list[str]
    likert: tuple[int, int]
    missing_values: list[float]
    profile: list[str]
    skipped_profile: list[str]
    identifying: list[str]
    timestamps: list[str]
    duplicates: int
    notes: list[str] = field(default_factory=list)


def _is_numberlike(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def _answers(s: pd.Series) -> list[str]:
    text = s.dropna().astype(str).str.strip()
    return [t for t in text if t]


def _numbers(df: pd.DataFrame, columns: list[str]) -> np.ndarray:
    out = []
    for c in columns:
        for t in _answers(df[c]):
            if _is_numberlike(t):
                out.append(float(t.replace(",", ".")))
    return np.asarray(out, float)


def _codes_and_scale(values: np.ndarray) -> tuple[list[float], tuple[int, int] | None]:
    """Missing-value codes and the answer scale among the numbers of the item columns."""
    if not len(values):
        return [], None
    answers = sorted({int(v) for v in values if float(v).is_integer() and 0 <= v <= 10})
    run: list[int] = []
    for v in answers:
        if run and v != run[-1] + 1:
            break
        run.append(v)
    scale = (min(1, run[0]) if run and run[0] <= 1 else 1, run[-1]) if run else None
    hi = scale[1] if scale else 0
    codes = sorted({float(v) for v in values
                    if (v < 0 or (v > hi and set(str(int(abs(v)))) == {"9"})) and float(v).is_integer()})
    return codes, scale


def inspect_export(path: str | Path, sheet=0) -> Findings:
    """Read a survey export and find its items, constructs, label set, scale, missing codes and profile columns.

    Raises
    ------
    DataError
        The file cannot be read, or no header starts with an item code whose answers are numbers or labels.
    """
    df = read_table(path, sheet=sheet)
    source = str(path)
    items: dict[str, str] = {}
    notes: list[str] = []
    known = set().union(*(set(s) for s in LABEL_SETS.values()))
    for header in df.columns:
        code = item_code(header)
        if code is None:
            continue
        answers = _answers(df[header])
        texts = [t for t in answers if not _is_numberlike(t)]
        unknown = [t for t in texts if embedded_number(t) is None and normalize(t) not in known]
        if unknown and len(set(unknown)) > 0.5 * max(1, len(set(texts))):
            notes.append("{header!r} starts with a code ({code}) but its answers are not scale answers (e.g. {e!r}); "
                         "treated as a profile or other column".format(header=header[:40], code=code, e=unknown[0]))
            continue
        if code in items:
            raise DataError("two headers start with the item code {code}: {a!r} and {b!r}".format(
                code=code, a=items[code][:40], b=header[:40]), where="{s}, row 1".format(s=source),
                fix="Give each question its own code in the export (or rename one column)")
        items[code] = header
    if not items:
        raise DataError("no column header starts with an item code such as X1.1, Y.2 or KP1 followed by a space",
                        where="{s}, row 1".format(s=source),
                        fix="Start each question's header with its code (e.g. 'X1.1 Saya ...'), or write the model "
                            "by hand (README, 'Your own study')")
    constructs: dict[str, list[str]] = {}
    for code in items:
        constructs.setdefault(construct_of(code), []).append(code)
    item_headers = list(items.values())
    chosen, covering = detect_label_set(df, item_headers)
    codes, scale = _codes_and_scale(_numbers(df, item_headers))
    if chosen:
        likert = (1, points(chosen))
    elif scale:
        likert = scale
    else:
        likert = (1, 5)
    identifying = identifying_columns(df, keep=item_headers)
    timestamps = timestamp_columns(df, exclude=item_headers)
    # the profile columns the describe step's `profile: auto` would tabulate (one rule: describe.profile)
    selection = select_columns(df.drop(columns=timestamps), item_headers, profile="auto", source=source)
    profile = selection.columns
    skipped = [d["column"] for d in selection.decisions
               if d["status"] == "skipped" and d["reason"].startswith("free text or too many categories")]
    others = [c for c in df.columns if c not in items.values()]
    compared = df[[c for c in df.columns if c not in timestamps]]
    keys = compared.astype("string").apply(lambda s: s.str.strip()).fillna("")
    duplicates = int(keys.duplicated().sum()) if len(others) or len(items) else 0
    return Findings(source=source, items=items, constructs=constructs, label_set=chosen,
                    label_sets_covering=covering, likert=likert, missing_values=codes, profile=profile,
                    skipped_profile=skipped, identifying=identifying, timestamps=timestamps, duplicates=duplicates,
                    notes=notes)


def model_text(f: Findings, kind: str) -> str:
    """The starting ``model.lav``: one construct per prefix, and the last construct on all the others."""
    names = list(f.constructs)
    lines = [
        "# Starting model written by `surveysem init` from {src}.".format(src=f.source),
        "# One construct per item-code prefix (X1.1, X1.2, ... -> X1). Rename the constructs as your thesis names them",
        "# (e.g. X1 -> ETRUST, here and in the paths) and check that every item is where it belongs.",
    ]
    width = max(len(n) for n in names)
    lines += ["{name} =~ {items}".format(name=n.ljust(width), items=" + ".join(f.constructs[n])) for n in names]
    lines.append("")
    if len(names) < 2:
        lines.append("# Only one construct was found: add the others' items, then a path such as 'Y ~ X'.")
        return "\n".join(lines) + "\n"
    dep, preds = names[-1], names[:-1]
    if kind == "regression":
        lines += ["# Regression: {dep} (the last construct) is the dependent variable and the others predict it. Set the",
                  "# dependent variable and its predictors as your hypotheses say.".format()]
        lines[-2] = lines[-2].format(dep=dep)
    else:
        lines += ["# PLS-SEM: add one line per dependent construct with the paths of your hypotheses. As a start,",
                  "# {dep} (the last construct) depends on all the others.".format(dep=dep)]
    lines.append("{dep} ~ {preds}".format(dep=dep, preds=" + ".join(preds)))
    return "\n".join(lines) + "\n"


def _yaml_scalar(value) -> str:
    text = str(value)
    if re.fullmatch(r"[A-Za-z0-9_./-]+", text) and not re.fullmatch(r"(?i)yes|no|on|off|true|false|null|~", text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def study_name(path: str | Path) -> str:
    """A study name from the file name: letters, digits and ``_``, starting with a letter."""
    stem = re.sub(r"[^A-Za-z0-9_]+", "_", Path(path).stem).strip("_").lower()
    return stem if stem[:1].isalpha() else "study_" + stem


def config_text(f: Findings, kind: str, data: str, model: str, name: str) -> str:
    """The config entry (a complete config file with one study: usable with ``--configfile``, or copied under
    ``studies:`` of config.yaml)."""
    lines = [
        "# Config entry written by `surveysem init` for {src}.".format(src=f.source),
        "# Run it beside the example studies of config.yaml, only this one:",
        "#   .venv/bin/python -m snakemake --cores 2 --configfile THIS_FILE",
        "# or copy the study below under `studies:` in your config.yaml (and leave out `run:`).",
        "run: [{name}]  # the studies snakemake runs".format(name=name),
        "studies:",
        "  {name}:".format(name=name),
        "    kind: {kind}".format(kind=kind),
        "    data: {data}".format(data=_yaml_scalar(data)),
        "    model: {model}".format(model=_yaml_scalar(model)),
        "    likert: [{lo}, {hi}]".format(lo=f.likert[0], hi=f.likert[1]),
    ]
    if f.label_set:
        lines.append("    labels: {set}  # text answers -> numbers (built-in set)".format(
            set=f.label_set))
    if f.missing_values:
        lines.append("    missing_values: [{codes}]".format(codes=", ".join(_number(v) for v in f.missing_values)))
    if f.duplicates:
        lines.append("    duplicates: drop  # {n} double submission(s) found (same answers)".format(
            n=f.duplicates))
    lines.append("    seed: 42")
    if f.profile:
        lines.append("    profile: [{cols}]  # respondent profile columns found (Karakteristik Responden)".format(
            cols=", ".join(_yaml_scalar(c) for c in f.profile)))
    lines.append("    # language: id  # tables, summary, report.docx and report.html in Bahasa Indonesia")
    return "\n".join(lines) + "\n"


def report_text(f: Findings, kind: str, written: list[Path]) -> str:
    """What ``init`` prints: what it found, what it wrote, what the user must still decide."""
    out = ["surveysem init: {src}".format(src=f.source), "", "Found:"]
    out.append("  items: {n} in {k} construct(s): {groups}".format(
        n=len(f.items), k=len(f.constructs),
        groups="; ".join("{c} ({a}..{b}, {n})".format(c=c, a=v[0], b=v[-1], n=len(v)) for c, v in f.constructs.items())))
    if f.label_set:
        also = [s for s in f.label_sets_covering if s != f.label_set]
        out.append("  answers: text labels of the set {s} ({p} points){also}".format(
            s=f.label_set, p=points(f.label_set),
            also="; also covered by " + ", ".join(also) if also else ""))
    else:
        out.append("  answers: numbers, scale {lo}-{hi}".format(lo=f.likert[0], hi=f.likert[1]))
    out.append("  missing-value codes: {c}".format(c=", ".join(_number(v) for v in f.missing_values) or "none"))
    out.append("  respondent profile columns: {c}".format(c=", ".join(f.profile) or "none"))
    if f.skipped_profile:
        out.append("  free-text columns (more than {k} answers, not profiled): {c}".format(
            k=MAX_CATEGORIES, c=", ".join(f.skipped_profile)))
    out.append("  identifying columns (never written to any result): {c}".format(c=", ".join(f.identifying) or "none"))
    out.append("  time stamps (ignored when looking for double submissions): {c}".format(
        c=", ".join(f.timestamps) or "none"))
    out.append("  double submissions: {n}".format(n=f.duplicates))
    out += ["  note: {n}".format(n=n) for n in f.notes]
    out += ["", "Wrote:"] + ["  {p}".format(p=p) for p in written]
    dep = list(f.constructs)[-1]
    out += ["", "Still to decide:",
            "  - the construct names (X1 -> ETRUST ...) in model.lav",
            ("  - the dependent variable: {dep} (the last construct) for now".format(dep=dep) if kind == "regression"
             else "  - the paths of your hypotheses (for now {dep} depends on all other constructs)".format(dep=dep)),
            "  - the answer scale likert: [{lo}, {hi}]{why}".format(
                lo=f.likert[0], hi=f.likert[1],
                why=(" (from the answers seen; check the questionnaire)" if not f.label_set else
                     " (the label set {s}; the answers fit {others} too: check the questionnaire's scale)".format(
                         s=f.label_set, others=", ".join(x for x in f.label_sets_covering if x != f.label_set))
                     if len(f.label_sets_covering) > 1 else " (from the label set)")),
            "  - reverse-coded items, if any (reverse: [...])",
            "", "Next: .venv/bin/python -m snakemake --cores 2 --configfile {cfg}".format(
                cfg=next((str(p) for p in written if p.suffix == ".yaml"), "study.yaml"))]
    return "\n".join(out) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the survey export (.csv, .xlsx, .sav)")
    parser.add_argument("--kind", choices=("regression", "pls"), default="regression",
                        help="study kind of the config entry (default regression)")
    parser.add_argument("--out", default=None,
                        help="folder for model.lav and study.yaml (default: the export's folder); nothing is overwritten")
    parser.add_argument("--name", default=None, help="study name (default: from the file name)")
    parser.add_argument("--sheet", default=0, help="Excel sheet (name or 0-based number)")


def run(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out is not None else Path(args.file).parent
    targets = [out / "model.lav", out / "study.yaml"]
    for t in targets:
        if t.exists() or t.is_symlink():
            raise OutputError("{t} exists; init never replaces a file".format(t=t), where="--out",
                              fix="Delete or rename it, or give another folder with --out")
        check_output_file(t, inputs=(args.file,))
    sheet = int(args.sheet) if str(args.sheet).isdigit() else args.sheet
    found = inspect_export(args.file, sheet=sheet)
    name = args.name or study_name(args.file)
    with atomic_output_file(targets[0], inputs=(args.file,)) as tmp:
        tmp.write_text(model_text(found, args.kind), encoding="utf-8")
    with atomic_output_file(targets[1], inputs=(args.file,)) as tmp:
        tmp.write_text(config_text(found, args.kind, str(args.file), str(targets[0]), name), encoding="utf-8")
    print(report_text(found, args.kind, targets), end="")
    return 0
