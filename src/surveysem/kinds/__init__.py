"""The study-kind registry: every study kind, the steps that make its results and the settings they take, declared
once and read by the configuration (:mod:`surveysem.config`), the workflow (``workflow/rules/common.smk``), the
command line (``surveysem report``) and the report.

A *kind* (``kind: pls`` in ``config.yaml``) is a :class:`StudyKind`; each folder of ``results/<study>/`` is written by
one :class:`Step` (one ``surveysem`` command, one Snakemake rule); each study setting is one :class:`Setting` whose
name is the config key, the code's parameter and (with dashes) the command-line option. One module per kind
(:mod:`.pls`, :mod:`.regression`, :mod:`.sessions`, :mod:`.coding`) and per shared step (:mod:`.cleaning`,
:mod:`.describe`, :mod:`.cbsem`) declares them, and :mod:`.report` the settings of the report every study writes;
:data:`MODULES` lists them in the order kinds are offered. How to add a kind:
``docs/architecture.md``.

The registry imports nothing above it: report-layer objects are dotted names resolved on use (:func:`resolve`).
"""
from __future__ import annotations

from collections.abc import Iterable

from . import cbsem, cleaning, coding, common, describe, mga, pls, power, regression, report, sessions
from .base import NO_DEFAULT, SAME, Input, Report, Setting, Step, StudyKind, resolve

__all__ = ["FILE_NOTES", "KINDS", "MODULES", "NO_DEFAULT", "REPORT_SETTINGS", "REQUIRED", "RUN_FIRST", "SAME",
           "SETTINGS", "STEPS",
           "Input", "Report", "Setting", "Step", "StudyKind", "cli_args", "config_keys", "deprecated_keys",
           "input_keys", "kind_steps", "required_keys", "resolve", "setting", "step", "study_steps", "table_steps"]

#: the declaring modules; a module contributes ``SETTINGS`` and, if it has them, ``STEP``, ``FIGURES`` and ``KIND``
MODULES = (common, cleaning, describe, pls, cbsem, mga, regression, sessions, coding, power, report)


def _collect(attr: str) -> list:
    return [getattr(m, attr) for m in MODULES if hasattr(m, attr)]


def _unique(items: Iterable, what: str) -> dict:
    out: dict = {}
    for item in items:
        name = getattr(item, "key", None) or item.name
        if name in out:
            raise RuntimeError(f"surveysem.kinds: {what} {name!r} is declared twice")
        out[name] = item
    return out


#: every study setting by config key
SETTINGS: dict[str, Setting] = _unique((s for m in MODULES for s in m.SETTINGS), "setting")
#: every step by name (``cleaning``, ``describe``, ``pls``, ``pls_figures``, ``cbsem``, ``regression``, ``sessions``,
#: ``coding``)
STEPS: dict[str, Step] = _unique(_collect("STEP") + _collect("FIGURES"), "step")
#: every study kind by name, in the order the schema's enum and the commands list them
KINDS: dict[str, StudyKind] = _unique(_collect("KIND"), "kind")

#: the settings of the report every study writes (``docx_template``): keys of every kind
REPORT_SETTINGS: tuple[str, ...] = report.REPORT_SETTINGS
#: per step folder: its tidy files with a one-line description (the summary's Files section)
FILE_NOTES: dict[str, dict[str, str]] = {s.name: dict(s.files) for s in STEPS.values() if s.files}
#: per step folder: the files a summary needs in it
REQUIRED: dict[str, tuple[str, ...]] = {s.name: s.required for s in STEPS.values() if s.required}
#: per step folder: the command that writes it (``{dir}``: the folder)
RUN_FIRST: dict[str, str] = {s.name: s.run_first for s in STEPS.values() if s.run_first}


def setting(key: str) -> Setting:
    return SETTINGS[key]


def step(name: str) -> Step:
    """A step by its name or its rule's name (``clean`` is the ``cleaning`` step)."""
    if name in STEPS:
        return STEPS[name]
    for s in STEPS.values():
        if s.rule == name:
            return s
    raise KeyError(name)


def kind_steps(kind: str) -> list[Step]:
    """Every step a study of this kind may run, upstream first: cleaning, analysis, figures, optional steps."""
    k = KINDS[kind]
    names = [*k.upstream, k.analysis, *([k.figures] if k.figures else []), *k.optional.values()]
    return [STEPS[n] for n in names]


def study_steps(study: dict) -> list[Step]:
    """The steps that run for one study (an optional step only when its switch is on)."""
    k = KINDS[study["kind"]]
    off = {name for switch, name in k.optional.items() if not study.get(switch)}
    return [s for s in kind_steps(k.name) if s.name not in off]


def config_keys(kind: str) -> set[str]:
    """The study keys that apply to a kind (besides ``kind`` and ``title``): its steps' settings and input files,
    the switches of its optional steps, and the report's settings (:data:`REPORT_SETTINGS`)."""
    keys = set(KINDS[kind].optional) | set(REPORT_SETTINGS)
    for s in kind_steps(kind):
        keys.update(s.settings)
        keys.update(i.config or "model" for i in s.inputs if i.config or i.model)
    return keys


def required_keys(kind: str) -> tuple[str, ...]:
    """The input files a study of this kind must name, in the order its steps read them."""
    out: list[str] = []
    for s in kind_steps(kind):
        for i in s.inputs:
            key = i.config or ("model" if i.model else None)
            if key and not i.optional and key not in out:
                out.append(key)
    return tuple(out)


def input_keys() -> tuple[str, ...]:
    """Every study key that names an input file."""
    return tuple(k for k, s in SETTINGS.items() if s.file)


def deprecated_keys() -> dict[str, str]:
    """Config keys of earlier releases → today's key."""
    return {old: s.key for s in SETTINGS.values() for old in s.old_keys}


def table_steps() -> list[str]:
    """The steps whose folders ``surveysem report tables --kind`` prints: the kinds first, then cleaning and CB-SEM."""
    names = [k.analysis for k in KINDS.values()]
    return names + [n for n, s in STEPS.items() if s.tables and n not in names]


def cli_args(study: dict, step_name: str) -> list[str]:
    """The options of a step's command for one study's settings (inputs and ``--out`` are added by the rule).

    Each setting the step takes becomes its option with the study's value (:meth:`Setting.args`), in the order the
    step lists them, followed by the step's fixed arguments.
    """
    s = step(step_name)
    args: list[str] = []
    for key in s.settings:
        args += SETTINGS[key].args(study.get(key))
    return args + list(s.fixed_args)
