"""The workflow configuration: load ``config.yaml``, validate it against the JSON schema, fill defaults, and turn
a study's settings into ``surveysem <command>`` arguments (so the Snakefile stays free of logic).

Errors are one line naming the file, the study and the key, with the allowed values::

    surveysem: error: config.yaml, study 'shopee_trust', key 'scheme': 'paths' is not one of ['path', 'factorial', 'centroid'].
"""
from __future__ import annotations

import copy
import functools
import logging
import math
from collections.abc import Callable
from pathlib import Path

import jsonschema
import yaml

from .errors import ConfigError
from .kinds import KINDS, config_keys, deprecated_keys, input_keys, required_keys
from .kinds import cli_args as _step_args

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "config.schema.yaml"

#: keys that only make sense for some kinds (others are an error, so a typo'd study kind is caught); from the registry
KIND_KEYS = {kind: config_keys(kind) for kind in KINDS}
#: the input files each kind must name
REQUIRED = {kind: required_keys(kind) for kind in KINDS}
#: config keys of earlier releases -> today's key (read for one release, with a warning)
DEPRECATED_KEYS = deprecated_keys()


def load_schema(path: Path = SCHEMA_PATH) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=4)
def _schema(path: Path = SCHEMA_PATH) -> dict:
    """The schema, parsed once (read-only: :func:`load_config` copies what it fills in)."""
    return load_schema(path)


#: libyaml's loader when PyYAML was built with it (10x faster), else the pure-Python one; both are "safe"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


#: JSON-schema validator whose ``integer`` is a whole number written without a decimal point (``5000.0`` is not a
#: number of resamples; Draft 7 alone accepts it) and never a boolean
_Validator = jsonschema.validators.extend(
    jsonschema.Draft7Validator,
    type_checker=jsonschema.Draft7Validator.TYPE_CHECKER.redefine(
        "integer", lambda checker, x: isinstance(x, int) and not isinstance(x, bool)))


def read_config_file(path: str | Path, source: str | None = None) -> dict:
    """Read a YAML (or JSON) configuration file strictly; every problem is a one-line :class:`ConfigError`.

    Stricter than ``yaml.safe_load`` (and Snakemake's ``configfile:``): the file must be UTF-8 text, hold a mapping
    at the top level, and no mapping may repeat a key (PyYAML silently keeps the last one, so a study written twice
    would replace the first). Keys are kept as written (``on:`` stays the text ``"on"``, not ``True``).
    """
    source = source or str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"configuration file {source!r} does not exist",
                          fix="Run snakemake in the folder that holds config.yaml, or give --configfile FILE") from None
    except OSError as exc:
        raise ConfigError(f"the configuration file cannot be read ({exc.strerror})", where=source) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ConfigError(f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})", where=f"{source}, line {line}",
                          fix="Save it with the encoding UTF-8 (e.g. Notepad: Save as, Encoding UTF-8)") from None
    return parse_config_text(text, source)


def parse_config_text(text: str, source: str = "config.yaml") -> dict:
    """Parse configuration text (see :func:`read_config_file`)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source) from None
    if node is None:
        raise ConfigError("the file is empty", where=source,
                          fix="Write a 'studies:' section (see the example config.yaml in the README)")
    if not isinstance(node, yaml.MappingNode):
        kind = {yaml.SequenceNode: "a list", yaml.ScalarNode: "a single value"}.get(type(node), "not a mapping")
        raise ConfigError(f"the top level is {kind}, not keys such as 'results:' and 'studies:'",
                          where=f"{source}, line {node.start_mark.line + 1}",
                          fix="Write 'studies:' at the start of a line, each study indented below it")
    _check_keys(node, [], source)
    try:
        return _Loader(text).construct_document(node)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source) from None


def _yaml_error(exc: yaml.YAMLError, source: str) -> ConfigError:
    mark = getattr(exc, "problem_mark", None)
    where = f"{source}, line {mark.line + 1}" if mark else source
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return ConfigError(f"not valid YAML ({problem})", where=where,
                       fix="Check the indentation (spaces, not tabs) and the quotes on that line")


def _check_keys(node, path: list, source: str) -> None:
    """Refuse repeated or non-text keys in every mapping; make every key a string as written."""
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _check_keys(item, path + [i], source)
        return
    if not isinstance(node, yaml.MappingNode):
        return
    seen: dict[str, int] = {}
    for key, value in node.value:
        where = f"{source}, line {key.start_mark.line + 1}{_location(path)}"
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            raise ConfigError("a key must be a plain name", where=where)
        key.tag = "tag:yaml.org,2002:str"
        if key.value in seen:
            what = "study" if path == ["studies"] else "key"
            raise ConfigError(f"the {what} appears twice (also on line {seen[key.value]}); the second would silently "
                              "replace the first", where=f"{source}, line {key.start_mark.line + 1}"
                              + _location(path + [key.value]), fix="Keep one of them, or rename the second")
        seen[key.value] = key.start_mark.line + 1
        _check_keys(value, path + [key.value], source)


def load_config(config: dict | str | Path, source: str = "config.yaml", schema: dict | None = None,
                warn: Callable[[str], None] | None = None) -> dict:
    """Validate a configuration (a dict, or a YAML file) and return a copy with every default filled in.

    A key of an earlier release (:data:`DEPRECATED_KEYS`, e.g. ``r2_wording``) is read as today's key, with a one-line
    warning passed to ``warn`` (default: the ``surveysem.config`` logger); both names in one study are an error.
    """
    if isinstance(config, (str, Path)):
        source = str(config)
        config = read_config_file(config, source)
    if not isinstance(config, dict):
        raise ConfigError(f"the configuration is a {type(config).__name__}, not keys such as 'studies:'",
                          where=source)
    schema = schema or _schema()
    cfg = copy.deepcopy(dict(config))
    _rename_deprecated(cfg, source, warn or logging.getLogger("surveysem.config").warning)
    validator = _Validator(schema)
    errors = sorted(validator.iter_errors(cfg), key=lambda e: (len(e.path), list(map(str, e.path))))
    if errors:
        raise ConfigError(_describe(errors[0]), where=source + _location(errors[0].path))
    _check_finite(cfg, [], source)
    study_schema = schema["properties"]["studies"]["additionalProperties"]["properties"]
    for name, study in cfg["studies"].items():
        kind = study["kind"]
        if name == "logs":
            raise ConfigError("a study may not be called 'logs' (the workflow keeps its logs in results/logs)",
                              where=f"{source}, study {name!r}", fix="Rename the study")
        for key in study:
            if key not in KIND_KEYS[kind] | {"kind", "title"}:
                raise ConfigError(f"key {key!r} does not apply to a {kind} study",
                                  where=f"{source}, study {name!r}",
                                  fix=f"Keys for {kind}: {', '.join(sorted(KIND_KEYS[kind] | {'kind', 'title'}))}")
        for key in REQUIRED[kind]:
            if key not in study:
                raise ConfigError(f"a {kind} study needs {key!r}", where=f"{source}, study {name!r}")
        for key, spec in study_schema.items():
            if key in KIND_KEYS[kind] and "default" in spec and key not in study:
                study[key] = copy.deepcopy(spec["default"])
        if study.get("boot") == 1:
            raise ConfigError("one resample gives no standard error", where=f"{source}, study {name!r}, key 'boot'",
                              fix="Use 0 (no bootstrap) or at least 2 (5000 recommended)")
        if "likert" in study and not study["likert"][0] < study["likert"][1]:
            raise ConfigError(f"the scale {study['likert']} does not go from low to high",
                              where=f"{source}, study {name!r}, key 'likert'", fix="Write it as [low, high], e.g. [1, 5]")
        study.setdefault("title", name.replace("_", " "))
    _check_power_studies(cfg, source)
    cfg.setdefault("results", "results")
    unknown = [name for name in cfg.get("run", []) if name not in cfg["studies"]]
    if unknown:
        raise ConfigError(f"{unknown[0]!r} is not a study of this configuration", where=f"{source}, key 'run'",
                          fix=f"Name studies under 'studies:' ({', '.join(cfg['studies'])}), or remove 'run' to run "
                              "them all")
    return cfg


def _check_power_studies(cfg: dict, source: str) -> None:
    """A power study names its population once: ``from`` (a pls study of this config) or ``model`` (a file with fixed
    values); it needs a bootstrap (``boot`` of 2 or more) and at most ``replications`` chunks."""
    for name, study in cfg["studies"].items():
        if study["kind"] != "power":
            continue
        where = f"{source}, study {name!r}"
        if ("from" in study) == ("model" in study):
            raise ConfigError("a power study needs its population from one place: 'from' (a fitted pls study) or "
                              "'model' (a model file with fixed values)", where=where,
                              fix="Give 'from: <study>' or 'model: <file>', not both")
        if "from" in study:
            other = cfg["studies"].get(study["from"])
            if other is None:
                raise ConfigError(f"'from: {study['from']}' is not a study of this configuration",
                                  where=f"{where}, key 'from'", fix=f"Name a pls study ({', '.join(cfg['studies'])})")
            if other["kind"] != "pls":
                raise ConfigError(f"'from: {study['from']}' is a {other['kind']} study; the population comes from a "
                                  "pls study's estimates", where=f"{where}, key 'from'", fix="Name a pls study")
        elif model_is_inline(study):
            raise ConfigError("a power study's model must be a file", where=f"{where}, key 'model'",
                              fix="Write the model with its fixed values (Y ~ 0.3*X) into a .lav file")
        if study["boot"] < 2:
            raise ConfigError("a power study decides by bootstrap intervals", where=f"{where}, key 'boot'",
                              fix="Use at least 2 resamples (1000 is common for power analysis)")
        if study["power_chunks"] > study["replications"]:
            raise ConfigError(f"{study['power_chunks']} chunks of {study['replications']} replications",
                              where=f"{where}, key 'power_chunks'", fix="Use at most as many chunks as replications")


def studies_to_run(cfg: dict) -> list[str]:
    """The studies ``snakemake`` runs: those named by the top-level ``run`` key, else every study."""
    return list(cfg.get("run") or cfg["studies"])


def _rename_deprecated(cfg: dict, source: str, warn: Callable[[str], None]) -> None:
    """Read the config keys of earlier releases as today's keys (one warning line per study and key)."""
    studies = cfg.get("studies")
    if not isinstance(studies, dict):
        return
    for name, study in studies.items():
        if not isinstance(study, dict):
            continue
        for old, new in DEPRECATED_KEYS.items():
            if old not in study:
                continue
            where = f"{source}, study {name!r}, key {old!r}"
            if new in study:
                raise ConfigError(f"{old!r} is the old name of {new!r}, and both are given", where=where,
                                  fix=f"Keep {new!r} only")
            study[new] = study.pop(old)
            warn(f"{where}: renamed {new!r}; the old name is read until the next release (write {new}: "
                 f"{study[new]})")


def _check_finite(value, path: list, source: str) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(f"{value} is not a usable number", where=source + _location(path),
                          fix="Write a finite number")
    if isinstance(value, dict):
        for k, v in value.items():
            _check_finite(v, path + [k], source)
    elif isinstance(value, list):
        for v in value:
            _check_finite(v, path, source)


#: study keys that name input files (checked to exist before anything runs)
INPUT_KEYS = input_keys()


def check_plan(cfg: dict, source: str = "config.yaml", base: str | Path = ".") -> None:
    """Checks that need the file system: every input file exists, and no output would land on a user's files.

    ``results`` may not be the filesystem root, the workflow folder or one of its parents, and no input may lie
    inside a study's result folder (Snakemake deletes an output folder before it rebuilds it).
    """
    base = Path(base).resolve()
    if "\x00" in cfg["results"]:
        raise ConfigError("the path holds a NUL character", where=f"{source}, key 'results'", fix="Retype the name")
    results = (base / cfg["results"]).resolve()
    if results == base or results in base.parents:
        what = ("the filesystem root" if results == Path(results.anchor) else "the workflow folder" if results == base
                else "a parent of the workflow folder")
        raise ConfigError(f"{cfg['results']!r} is {what}; the workflow writes and replaces folders in it",
                          where=f"{source}, key 'results'",
                          fix="Give a folder of its own, e.g. results (the default)")
    for name in studies_to_run(cfg):  # a study left out by 'run' need not have its files here
        study, out = cfg["studies"][name], results / name
        for key in INPUT_KEYS:
            value = study.get(key)
            if not value or (key == "model" and model_is_inline(study)):
                continue
            where = f"{source}, study {name!r}, key {key!r}"
            if "\x00" in value:
                raise ConfigError("the path holds a NUL character", where=where, fix="Retype the file name")
            path = (base / value).resolve()
            if not path.is_file():
                what = "is a folder, not a file" if path.is_dir() else "does not exist"
                raise ConfigError(f"{value!r} {what}", where=where,
                                  fix="Give the file's path relative to the folder that holds config.yaml")
            if path == out or out in path.parents:
                raise ConfigError(f"{value!r} lies inside the study's result folder {cfg['results']}/{name}, "
                                  "which the workflow replaces", where=where,
                                  fix="Keep your files outside the results folder")


def workflow_config(overrides: dict | None = None, path: str = "config.yaml", override_files=(), base=".",
                    warn: Callable[[str], None] | None = None) -> dict:
    """The workflow's configuration as the Snakefile uses it: ``path`` read strictly (:func:`read_config_file`),
    extended by Snakemake's command-line config (``--configfile``, ``--config``: ``overrides``, the global
    ``config`` before any ``configfile:``), validated (:func:`load_config`) and checked (:func:`check_plan`).

    ``override_files`` (the ``--configfile`` files) are re-read strictly so that a repeated key in them is caught.
    """
    for f in override_files:
        read_config_file(f)
    p = Path(base) / path
    if p.exists() or not override_files:
        raw = read_config_file(p, source=path)
    else:
        raw = {}
    if overrides:
        _merge(raw, copy.deepcopy(dict(overrides)))
    source = ", ".join([path] + [str(f) for f in override_files]) if override_files else path
    cfg = load_config(raw, source=source, warn=warn)
    check_plan(cfg, source, base)
    return cfg


def _merge(base: dict, extra: dict) -> None:
    """Merge ``extra`` into ``base`` in place, key by key into nested mappings (as Snakemake's ``update_config``
    merges ``--config``/``--configfile`` into the config file's values); any other value replaces."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value


def _location(path) -> str:
    path = list(path)
    if len(path) >= 2 and path[0] == "studies":
        loc = f", study {path[1]!r}"
        if len(path) >= 3:
            loc += f", key {path[2]!r}"
        return loc
    return f", key {path[0]!r}" if path else ""


def _describe(err: jsonschema.ValidationError) -> str:
    if err.validator == "enum":
        return f"{err.instance!r} is not one of {err.validator_value}"
    if err.validator == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = sorted(set(err.instance) - set(allowed), key=str)
        return f"unknown key {extra[0]!r}; allowed keys: {', '.join(allowed)}"
    if err.validator == "type":
        expected: list[str] = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        words = {"integer": "a whole number (no decimal point)", "number": "a number", "string": "text",
                 "array": "a list", "object": "keys and values", "boolean": "true or false", "null": "empty"}
        return f"{err.instance!r} is not {' or '.join(words.get(t, t) for t in expected)}"
    if err.validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bounds = {k: err.schema[k] for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
                  if k in err.schema}
        lo = (f"at least {bounds['minimum']}" if "minimum" in bounds else
              f"above {bounds['exclusiveMinimum']}" if "exclusiveMinimum" in bounds else "")
        hi = (f"at most {bounds['maximum']}" if "maximum" in bounds else
              f"below {bounds['exclusiveMaximum']}" if "exclusiveMaximum" in bounds else "")
        return f"{err.instance!r} is out of range: it must be {' and '.join(x for x in (lo, hi) if x)}"
    if err.validator == "pattern" and list(err.schema_path)[:2] == ["properties", "studies"]:
        return f"study name {err.instance!r} must start with a letter and hold only letters, digits, _ and -"
    if err.validator == "minProperties":
        return "there is no study"
    if err.validator == "minLength":
        return "it is empty; give a folder name such as results"
    return err.message.replace("\n", " ")


def model_is_inline(study: dict) -> bool:
    return "~" in study.get("model", "")


def cli_args(study: dict, step: str) -> list[str]:
    """The options of ``surveysem <step>`` for one study's settings (inputs and --out are added by the rule).

    Generated from the study-kind registry (:func:`surveysem.kinds.cli_args`): each setting the step takes becomes
    its option, named as the config key with dashes.
    """
    return _step_args(study, step)


def main_args(study: dict, step: str) -> str:
    """``cli_args`` as one shell-quoted string (for Snakemake ``params``)."""
    import shlex

    return " ".join(shlex.quote(a) for a in cli_args(study, step))
