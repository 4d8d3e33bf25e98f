"""The building blocks of the study-kind registry: :class:`Setting`, :class:`Input`, :class:`Step`, :class:`StudyKind`.

Plain frozen dataclasses holding names, numbers and text; nothing here imports the analysis or report layers.
Report-layer objects (table specs, summary and figure writers) are named by a dotted path
(``"surveysem.report.tables:PLS_TABLES"``) and imported only when used (:func:`resolve`), so the registry stays a
light module that ``surveysem.config``, the Snakefile and every command can import.
"""
from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: marks a setting without a default (an input file the study must name)
NO_DEFAULT = object()
#: marks a setting whose commands share the configuration's default
SAME = object()


@dataclass(frozen=True)
class Setting:
    """One study setting: the same name in ``config.yaml``, in the code and (with dashes) on the command line.

    Parameters
    ----------
    key : str
        Config key and the code's parameter name (``r2_variant``).
    type : str or tuple of str
        JSON-schema type of the config value (``"integer"``, ``"number"``, ``"string"``, ``"boolean"``, ``"array"``,
        ``"object"``, ``("string", "null")``); ``""`` when the schema says it with ``enum`` or ``oneOf``.
    help : str
        One line for the README's options table and the command's ``--help``.
    default : object
        The configuration's default (``NO_DEFAULT``: the study must give it).
    choices : tuple
        Allowed values (the schema's ``enum``, the command's ``choices``).
    option : str
        The command-line option; ``--`` plus the key with dashes unless a reason is given in ``option_note``.
    option_note : str
        Why the option is not the key with dashes (kept for users' scripts), listed in docs/architecture.md.
    cli_default : object
        The commands' default when it is not the configuration's (``SAME``).
    old_keys : tuple of str
        Config keys of earlier releases, still read for one release with a deprecation warning.
    old_options : tuple of str
        Command-line options of earlier releases, still accepted for one release with a deprecation warning.
    file : bool
        The value names an input file (checked to exist before anything runs).
    """

    key: str
    type: str | tuple[str, ...]
    help: str
    default: Any = NO_DEFAULT
    choices: tuple = ()
    option: str = ""
    option_note: str = ""
    cli_default: Any = SAME
    old_keys: tuple[str, ...] = ()
    old_options: tuple[str, ...] = ()
    file: bool = False

    def __post_init__(self):
        if not self.option:
            object.__setattr__(self, "option", "--" + self.key.replace("_", "-"))

    @property
    def command_default(self):
        """The default of the commands that take this setting."""
        return self.default if self.cli_default is SAME else self.cli_default

    def args(self, value) -> list[str]:
        """The command-line arguments for ``value``: nothing for an empty value, ``--likert 1 5`` for a list,
        ``--columns a=b,c=d`` for a mapping (JSON when its values are lists: ``--profile-order '{"a": ["x"]}'``),
        ``--boot 5000`` otherwise."""
        if value is False and self.default is True:  # a switch that is on by default: --no-<option>
            return ["--no-" + self.option[2:]]
        if value is None or value is False or (isinstance(value, (str, list, tuple, dict)) and not value):
            return []
        if value is True:
            return [self.option]
        if isinstance(value, (list, tuple)):
            return [self.option, *(str(v) for v in value)]
        if isinstance(value, Mapping):
            if any(isinstance(v, (list, tuple, Mapping)) for v in value.values()):  # e.g. column -> categories
                return [self.option, json.dumps(value, ensure_ascii=False)]
            return [self.option, ",".join(f"{k}={v}" for k, v in value.items())]
        return [self.option, str(value)]


@dataclass(frozen=True)
class Input:
    """A file or folder a step reads.

    Exactly one of ``config`` (the study key naming the file), ``step`` (an upstream step's folder) or ``model``
    (the study's model: its file, or ``results/<study>/model.lav`` for a model written inline) is set; ``config``
    and ``step`` together name a step's folder of *another* study, the one the key names (``from: shopee_trust`` →
    ``results/shopee_trust/pls``). ``option`` is
    the command-line option that receives it (``None``: the rule waits for it, a setting passes it on); ``file`` a
    file inside the upstream folder (``clean.csv``).
    """

    name: str
    option: str | None
    config: str | None = None
    step: str | None = None
    model: bool = False
    file: str = ""
    optional: bool = False


@dataclass(frozen=True)
class Report:
    """How a step's figures enter Snakemake's HTML report: file patterns inside the folder, and the caption file
    (in ``workflow/report/``)."""

    patterns: tuple[str, ...]
    caption: str


@dataclass(frozen=True)
class Step:
    """One folder of ``results/<study>/``, written by one ``surveysem`` command (one Snakemake rule).

    Parameters
    ----------
    name : str
        Registry name; also the name of the folder the report reads it as (``--cleaning DIR``, ``--cbsem DIR``).
    command : str
        The ``surveysem`` command with its fixed leading words (``"clean"``, ``"report figures --kind pls"``).
    doc : str
        One line: what the step does (the rule's docstring).
    inputs : tuple of Input
        What it reads, in the order of the command line.
    settings : tuple of str
        The study settings it takes (keys of :data:`surveysem.kinds.SETTINGS`), in the order of the command line.
    fixed_args : tuple of str
        Arguments the workflow always adds (``--assess``, ``--quiet``, ``--missing none``).
    rule, folder, log : str
        Rule name, folder under ``results/<study>/`` and log name (``results/logs/<study>/<log>.log``); default
        ``name``.
    files : mapping
        The tidy files it writes with a one-line description (the summary's Files section).
    required : tuple of str
        The files a summary needs in the folder.
    run_first : str
        The command that writes the folder (``{dir}``: the folder), named in "run this first" errors.
    tables : str, optional
        Dotted name of the list of table specs that print its CSVs.
    figures : str, optional
        Dotted name of the function that draws its figures.
    report : Report, optional
        Its figures in Snakemake's HTML report.
    scatter : bool
        The workflow runs the step as many jobs and a gather job (``workflow/rules/power.smk``: ``<command>-chunk``
        per sample size and chunk, ``<command>-gather`` into the folder) instead of the one generated rule.
    """

    name: str
    command: str
    doc: str
    inputs: tuple[Input, ...] = ()
    settings: tuple[str, ...] = ()
    fixed_args: tuple[str, ...] = ()
    rule: str = ""
    folder: str = ""
    log: str = ""
    files: Mapping[str, str] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    run_first: str = ""
    tables: str | None = None
    figures: str | None = None
    report: Report | None = None
    scatter: bool = False

    def __post_init__(self):
        if not self.rule:
            object.__setattr__(self, "rule", self.name)
        if not self.folder:
            object.__setattr__(self, "folder", self.name)
        if not self.log:
            object.__setattr__(self, "log", self.rule)


@dataclass(frozen=True)
class StudyKind:
    """One study kind (``kind:`` in ``config.yaml``): the steps that make its results and how they are reported.

    Parameters
    ----------
    name : str
        The kind (``pls``); also the name of its analysis step and folder.
    title : str
        Heading of the table index.
    upstream : tuple of str
        Steps before the analysis whose folders the report reads (``cleaning``).
    optional : mapping
        Steps switched on by a boolean study setting, e.g. ``{"cbsem": "cbsem"}``.
    figures : str, optional
        A step of its own that draws the figures from the analysis folder (PLS); other kinds draw them in the
        analysis step (:attr:`Step.figures`).
    summary : str
        Dotted name of the summary writer, ``write(doc, heading, folders)`` (default
        ``surveysem.report.summary.<name>:write``).
    analysis : str
        The analysis step (default: ``name``).
    """

    name: str
    title: str
    upstream: tuple[str, ...] = ()
    optional: Mapping[str, str] = field(default_factory=dict)
    figures: str | None = None
    summary: str = ""
    analysis: str = ""

    def __post_init__(self):
        if not self.analysis:
            object.__setattr__(self, "analysis", self.name)
        if not self.summary:
            object.__setattr__(self, "summary", f"surveysem.report.summary.{self.name}:write")


def resolve(dotted: str):
    """The object a registry entry names: ``"package.module:attribute"`` (imported on first use)."""
    module, _, attr = dotted.partition(":")
    obj = importlib.import_module(module)
    for part in attr.split(".") if attr else ():
        obj = getattr(obj, part)
    return obj
