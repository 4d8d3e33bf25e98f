"""The workflow configuration: load ``config.yaml``, validate it against the JSON schema, fill defaults, and turn
a study's settings into ``surveysem <command>`` arguments (so the Snakefile stays free of logic).

Errors are one line naming the file, the study and the key, with the allowed values::

    surveysem: error: config.yaml, study 'shopee_trust', key 'scheme': 'paths' is not one of ['path', 'factorial', 'centroid'].
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .errors import ConfigError

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "config.schema.yaml"

#: keys that only make sense for some kinds (others are an error, so a typo'd study kind is caught)
KIND_KEYS = {
    "pls": {"data", "model", "missing_values", "likert", "reverse", "id_column", "straightlining", "duplicates",
            "out_of_range", "mahalanobis_alpha", "boot", "seed", "scheme", "missing", "ci", "purify", "q2_distance",
            "q2_omission", "predict_folds", "r2_wording", "alpha", "mediation_ci", "cbsem"},
    "regression": {"data", "model", "missing_values", "likert", "reverse", "id_column", "straightlining", "duplicates",
                   "out_of_range", "mahalanobis_alpha", "boot", "seed", "score", "validity", "alpha_threshold", "tails",
                   "alpha"},
    "sessions": {"data", "window", "anchor", "columns", "boot", "seed", "ci"},
    "coding": {"segments", "codebook", "cases", "coder"},
}
REQUIRED = {"pls": ("data", "model"), "regression": ("data", "model"), "sessions": ("data",),
            "coding": ("segments", "codebook")}


def load_schema(path: Path = SCHEMA_PATH) -> dict:
    return yaml.safe_load(Path(path).read_text())


def load_config(config: dict | str | Path, source: str = "config.yaml", schema: dict | None = None) -> dict:
    """Validate a configuration (a dict, or a YAML file) and return a copy with every default filled in."""
    if isinstance(config, (str, Path)):
        source = str(config)
        try:
            config = yaml.safe_load(Path(config).read_text()) or {}
        except FileNotFoundError:
            raise ConfigError(f"configuration file {source!r} does not exist")
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{source}, line {mark.line + 1}" if mark else source
            raise ConfigError(f"not valid YAML ({getattr(exc, 'problem', exc)})", where=where)
    schema = schema or load_schema()
    cfg = copy.deepcopy(dict(config))
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(cfg), key=lambda e: (len(e.path), list(map(str, e.path))))
    if errors:
        raise ConfigError(_describe(errors[0]), where=source + _location(errors[0].path))
    study_schema = schema["properties"]["studies"]["additionalProperties"]["properties"]
    for name, study in cfg["studies"].items():
        kind = study["kind"]
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
        study.setdefault("title", name.replace("_", " "))
    cfg.setdefault("results", "results")
    return cfg


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
        extra = sorted(set(err.instance) - set(allowed))
        return f"unknown key {extra[0]!r}; allowed keys: {', '.join(allowed)}"
    if err.validator == "required":
        return err.message
    return err.message


def model_is_inline(study: dict) -> bool:
    return "~" in study.get("model", "")


def _codes(study) -> list[str]:
    return [str(v) for v in study.get("missing_values", [])]


def cli_args(study: dict, step: str) -> list[str]:
    """The options of ``surveysem <step>`` for one study's settings (inputs and --out are added by the rule)."""
    s = study
    if step == "clean":
        args = ["--likert", str(s["likert"][0]), str(s["likert"][1]), "--missing", "none",
                "--straightlining", s["straightlining"], "--duplicates", s["duplicates"],
                "--out-of-range", s["out_of_range"], "--mahalanobis-alpha", str(s["mahalanobis_alpha"])]
        if s.get("missing_values"):
            args += ["--missing-value", *_codes(s)]
        if s.get("reverse"):
            args += ["--reverse", *s["reverse"]]
        if s.get("id_column"):
            args += ["--id-column", s["id_column"]]
        return args
    if step == "pls":
        args = ["--boot", str(s["boot"]), "--seed", str(s["seed"]), "--scheme", s["scheme"], "--missing", s["missing"],
                "--ci", str(s["ci"]), "--assess", "--purify", s["purify"], "--q2-distance", str(s["q2_distance"]),
                "--r2-wording", s["r2_wording"], "--alpha", str(s["alpha"]), "--mediation-ci", s["mediation_ci"],
                "--q2-omission", s["q2_omission"], "--predict-folds", str(s["predict_folds"]), "--quiet"]
        return args
    if step == "cbsem":
        return ["--alpha", str(s["alpha"])]
    if step == "regression":
        args = ["--score", s["score"], "--validity", s["validity"], "--alpha-threshold", str(s["alpha_threshold"]),
                "--alpha", str(s["alpha"]), "--tails", str(s["tails"]), "--boot", str(s["boot"]),
                "--seed", str(s["seed"]), "--scale-min", str(s["likert"][0]), "--scale-max", str(s["likert"][1])]
        return args
    if step == "sessions":
        args = ["--window", str(s["window"]), "--anchor", s["anchor"], "--seed", str(s["seed"]),
                "--boot", str(s["boot"]), "--level", str(s["ci"])]
        if s.get("columns"):
            args += ["--columns", ",".join(f"{k}={v}" for k, v in s["columns"].items())]
        return args
    if step == "coding":
        args = []
        if s.get("cases"):
            args += ["--cases", s["cases"]]
        if s.get("coder"):
            args += ["--coder", s["coder"]]
        return args
    raise ValueError(step)


def main_args(study: dict, step: str) -> str:
    """``cli_args`` as one shell-quoted string (for Snakemake ``params``)."""
    import shlex

    return " ".join(shlex.quote(a) for a in cli_args(study, step))
