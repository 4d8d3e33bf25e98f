"""The study-kind registry (surveysem.kinds) is the one declaration of kinds, steps and settings (issue 11, item 1):
the config schema, the commands' options, the workflow's command lines, the README's options table and the report
agree with it, and each setting has one name (config key = code parameter = option with dashes) and one default."""
from __future__ import annotations

import argparse
import ast
import json
import re
from pathlib import Path

import pytest

from surveysem import kinds
from surveysem.cli import COMMANDS, build_parser, main
from surveysem.config import cli_args, load_config, load_schema
from surveysem.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = load_schema()
STUDY_SCHEMA = SCHEMA["properties"]["studies"]["additionalProperties"]["properties"]
EXAMPLE = load_config(ROOT / "config.yaml")

#: settings whose option is not the key with dashes, each with the reason written in the registry
OPTION_EXCEPTIONS = {"missing_values"}


def _command_parser(command: str) -> argparse.ArgumentParser:
    words = command.split()
    words = words[:next((i for i, w in enumerate(words) if w.startswith("-")), len(words))]  # "report figures"
    parser = build_parser()
    for word in words:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = sub.choices[word]
    return parser


def _action(parser: argparse.ArgumentParser, option: str) -> argparse.Action | None:
    return next((a for a in parser._actions if option in a.option_strings and a.help != argparse.SUPPRESS), None)


# ----------------------------------------------------------------------------------------------------- the schema
def test_schema_kind_enum_equals_the_registry():
    assert STUDY_SCHEMA["kind"]["enum"] == list(kinds.KINDS)


def test_every_key_of_every_kind_is_in_the_schema_with_the_registry_type_choices_and_default():
    for kind in kinds.KINDS:
        for key in kinds.config_keys(kind):
            s, spec = kinds.SETTINGS[key], STUDY_SCHEMA[key]
            if s.type:
                expected = list(s.type) if isinstance(s.type, tuple) else s.type
                assert spec.get("type") == expected, key
            if s.choices:
                assert spec.get("enum") == list(s.choices), key
            if s.default is kinds.NO_DEFAULT:
                assert "default" not in spec, key
            else:
                assert spec.get("default") == s.default and type(spec["default"]) is type(s.default), key


def test_every_study_key_of_the_schema_belongs_to_a_kind():
    used = set().union(*(kinds.config_keys(k) for k in kinds.KINDS))
    assert set(STUDY_SCHEMA) - {"kind", "title"} == used


def test_config_keys_and_required_inputs_per_kind_follow_from_the_steps():
    # written out: what each kind's steps read and take (README, "Options")
    cleaning = {"data", "model", "missing_values", "likert", "reverse", "id_column", "straightlining", "duplicates",
                "out_of_range", "mahalanobis_alpha", "item_codes", "labels",
                "profile", "profile_order"}  # cleaning and describe
    report = {"docx_template"}  # every study writes report.docx
    assert kinds.config_keys("pls") == cleaning | report | {
        "boot", "seed", "scheme", "missing", "ci", "purify", "q2_distance", "q2_omission", "predict_folds",
        "r2_variant", "alpha", "mediation_interval", "cbsem", "language", "interaction", "hoc", "consistent",
        "marker", "ipma", "population_size", "groups", "permutations", "group_min_n", "copula"}
    assert kinds.config_keys("regression") == cleaning | report | {"boot", "seed", "score", "validity",
                                                                    "alpha_threshold", "tails", "alpha", "language",
                                                                    "population_size"}
    assert kinds.config_keys("sessions") == report | {"data", "window", "anchor", "columns", "boot", "seed", "ci",
                                                      "language"}
    assert kinds.config_keys("coding") == report | {"segments", "codebook", "cases", "coder", "language"}
    assert kinds.config_keys("power") == report | {"from", "model", "n", "replications", "boot", "interval", "alpha",
                                                   "power_target", "power_chunks", "seed", "language"}
    assert {k: kinds.required_keys(k) for k in kinds.KINDS} == {
        "pls": ("data", "model"), "regression": ("data", "model"), "sessions": ("data",),
        "coding": ("segments", "codebook"), "power": ()}  # power: `from` or `model`, checked by surveysem.config


# ---------------------------------------------------------------------------------------------- one name, one default
def _steps_with_settings():
    return [s for s in kinds.STEPS.values() if s.settings]


@pytest.mark.parametrize("step", _steps_with_settings(), ids=lambda s: s.name)
def test_each_setting_is_one_option_of_the_same_name_choices_and_default_in_the_command(step):
    parser = _command_parser(step.command)
    for key in step.settings:
        s = kinds.SETTINGS[key]
        if key not in OPTION_EXCEPTIONS:
            assert s.option == "--" + key.replace("_", "-"), key
        else:
            assert s.option_note, key  # the reason is written down
        action = _action(parser, s.option)
        assert action is not None, f"{step.command}: no option {s.option}"
        assert action.dest == key, f"{step.command} {s.option}: parameter {action.dest!r}, config key {key!r}"
        if s.choices:
            assert set(action.choices) == set(s.choices), key
        default = action.default
        if key == "columns":  # NAME=COLUMN[,...] texts on the command line, a mapping in config.yaml
            default = dict(p.split("=", 1) for text in default for p in text.split(","))
        assert default == s.command_default, f"{step.command} {s.option}: default {default!r}"


def test_each_report_setting_is_one_option_of_the_same_name_and_default_in_report_docx():
    parser = _command_parser("report docx")
    for key in kinds.REPORT_SETTINGS:
        s = kinds.SETTINGS[key]
        assert s.option == "--" + key.replace("_", "-"), key
        action = _action(parser, s.option)
        assert action is not None and action.dest == key and action.default == s.command_default, key


def test_boot_defaults_to_5000_and_seed_has_no_default_in_every_command_that_takes_them():
    # one default per setting: 5,000 resamples as the config (Hair et al. 2022, ch. 5); no command hides a seed
    for command in ("pls", "assess", "regression", "sessions"):
        parser = _command_parser(command)
        assert _action(parser, "--boot").default == 5000, command
        assert _action(parser, "--seed").default is None, command


def _normal(value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    if isinstance(value, dict):
        return _normal([",".join(f"{k}={v}" for k, v in value.items())] if value else [])
    return [_normal(v) for v in value]


REQUIRED_ARGS = {"clean": ["--data", "d", "--model", "m"], "pls": ["--data", "d", "--model", "m"],
                 "describe": ["--data", "d", "--cleaning", "c", "--model", "m"],
                 "cbsem": ["--data", "d", "--model", "m"], "regression": ["--data", "d", "--model", "m"],
                 "sessions": ["--data", "d"], "coding": ["--segments", "s", "--codebook", "c"],
                 "mga": ["--data", "d", "--model", "m", "--groups", "g"],
                 "report figures --kind pls": ["--kind", "pls", "--in", "i"], "power": ["--from", "f"]}


@pytest.mark.parametrize("name", list(EXAMPLE["studies"]))
def test_the_workflow_arguments_reach_the_command_under_the_config_key(name):
    study = EXAMPLE["studies"][name]
    for step in kinds.study_steps(study):
        if not step.settings:
            continue
        args = cli_args(study, step.name)
        ns = _command_parser(step.command).parse_args(REQUIRED_ARGS[step.command] + ["--out", "o"] + args)
        for key in step.settings:
            value = study[key]
            if value in (None, [], {}):
                continue  # not passed: the command's default, checked above
            assert _normal(getattr(ns, key)) == _normal(value), (name, step.name, key)


def test_settings_become_options_in_the_order_the_step_lists_them_then_its_fixed_arguments():
    s = EXAMPLE["studies"]["bukalapak_loyalty"]
    assert cli_args(s, "regression") == ["--score", "sum", "--validity", "corrected", "--alpha-threshold", "0.6",
                                         "--alpha", "0.05", "--tails", "1", "--boot", "5000", "--seed", "2021",
                                         "--likert", "1", "5", "--language", "en"]
    assert cli_args(EXAMPLE["studies"]["live_sessions"], "sessions")[-4:] == ["--ci", "0.95", "--language", "en"]
    assert cli_args(EXAMPLE["studies"]["live_themes"], "coding") == ["--cases", "data/live_themes/cases.csv",
                                                                      "--language", "en"]
    assert cli_args(EXAMPLE["studies"]["shopee_trust"], "pls_figures") == ["--language", "en"]
    assert cli_args(EXAMPLE["studies"]["shopee_trust"], "pls")[-2:] == ["--assess", "--quiet"]


# ------------------------------------------------------------------------------------------------- renamed names
def test_an_old_config_key_is_read_under_its_new_name_with_one_warning_line():
    said = []
    cfg = load_config({"studies": {"s": {"kind": "pls", "data": "d", "model": "m", "r2_wording": "chin",
                                         "mediation_ci": "bca"}}}, warn=said.append)
    s = cfg["studies"]["s"]
    assert (s["r2_variant"], s["mediation_interval"]) == ("chin", "bca")
    assert "r2_wording" not in s and "mediation_ci" not in s
    assert len(said) == 2 and all("\n" not in w for w in said)
    assert "study 's', key 'r2_wording': renamed 'r2_variant'" in said[0]


def test_an_old_and_a_new_config_key_together_are_an_error():
    with pytest.raises(ConfigError, match="'r2_wording' is the old name of 'r2_variant', and both are given"):
        load_config({"studies": {"s": {"kind": "pls", "data": "d", "model": "m", "r2_wording": "chin",
                                       "r2_variant": "hair"}}}, warn=lambda m: None)


@pytest.mark.parametrize("command, old, new", [
    ("pls", ["--r2-wording", "chin"], ("r2_variant", "chin")),
    ("assess", ["--mediation-ci", "bca"], ("mediation_interval", "bca")),
    ("sessions", ["--level", "0.9"], ("ci", 0.9)),
    ("regression", ["--scale-min", "0", "--scale-max", "10"], ("likert", [0.0, 10.0])),
])
def test_an_old_option_still_works_for_one_release_with_a_warning(capsys, command, old, new):
    parser = _command_parser(command)
    ns = parser.parse_args(REQUIRED_ARGS.get(command, REQUIRED_ARGS["pls"]) + ["--out", "o"] + old)
    assert getattr(ns, new[0]) == new[1]
    err = capsys.readouterr().err
    assert f"surveysem: warning: {old[0]} is now" in err
    assert old[0] not in parser.format_help()  # --help names only the new option


# -------------------------------------------------------------------------------------------- report-layer names
def test_every_dotted_name_of_the_registry_resolves_to_what_it_declares():
    import inspect

    from surveysem.report.tables import TableSpec

    for step in kinds.STEPS.values():
        if step.tables:
            specs = kinds.resolve(step.tables)
            assert specs and all(isinstance(s, TableSpec) for s in specs), step.name
            assert len({s.name for s in specs}) == len(specs), step.name
        if step.figures:
            assert callable(kinds.resolve(step.figures)), step.name
    for kind in kinds.KINDS.values():
        assert list(inspect.signature(kinds.resolve(kind.summary)).parameters) == ["doc", "heading", "folders"]


def test_report_commands_offer_the_registry_kinds(capsys):
    assert main(["report", "summary", "--kind", "nonesuch", "--study", "s", "--in", "x", "--out", "y"]) == 2
    assert "is not one of pls, regression, sessions, coding, power" in capsys.readouterr().err
    assert main(["report", "tables", "--kind", "nonesuch", "--in", "x", "--out", "y"]) == 2
    assert "is not one of pls, regression, sessions, coding, power, cleaning, describe, cbsem" in capsys.readouterr().err


# ------------------------------------------------------------------------------------------------------- README
def _format(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return value
    return json.dumps(value)


def test_the_readme_options_table_names_every_key_with_its_default():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("## Options (`config.yaml`)", 1)[1].split("\n## ", 1)[0]
    rows = [r for r in table.splitlines() if r.startswith("| `")]
    listed = {}
    for row in rows:
        keys_cell, kinds_cell, default_cell = (c.strip() for c in row.strip("|").split("|")[:3])
        keys = re.findall(r"`([^`]+)`", keys_cell)
        defaults = re.findall(r"`([^`]+)`", default_cell)
        for i, key in enumerate(keys):
            listed[key] = (kinds_cell, defaults[i] if len(defaults) == len(keys) else (defaults or [None])[0])
    assert set(listed) == set(STUDY_SCHEMA) - {"kind", "title"} | {"results"}
    for key, (kinds_cell, default) in listed.items():
        if key == "results":
            continue
        s = kinds.SETTINGS[key]
        users = {k for k in kinds.KINDS if key in kinds.config_keys(k)}
        named = {k for k in kinds.KINDS if re.search(rf"\b{k}\b", kinds_cell)}
        assert named == users or (kinds_cell.startswith("all but") and users == set(kinds.KINDS) - named), key
        if s.default is kinds.NO_DEFAULT:
            assert default is None, key
        else:
            assert default == _format(s.default), key


# -------------------------------------------------------------------------------------------------- imports
def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module, at top level?) of every import in a file, relative ones made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT / "src").with_suffix("").parts[:-1])
    top = {id(n) for n in tree.body}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            mod = ".".join(p for p in (base, node.module or "") if p)
            names = [f"{mod}.{a.name}" for a in node.names]
            out += [(m, id(node) in top) for m in [mod, *names]]
        elif isinstance(node, ast.Import):
            out += [(a.name, id(node) in top) for a in node.names]
    return out


def test_no_command_module_imports_another_command_module():
    modules = {target.split(":")[0] for target, _ in COMMANDS.values()}
    for module in modules:
        path = ROOT / "src" / (module.replace(".", "/") + ".py")
        imported = {m for m, _ in _imports(path)}
        assert not (imported & (modules - {module})), module


def test_the_engine_helpers_do_not_import_the_assessment():
    # data flows one way: assess -> pls; pls/cli.py is imported by assess/cli.py, never the reverse
    assert not [m for m, _ in _imports(ROOT / "src/surveysem/pls/cli.py") if m.startswith("surveysem.assess")]
    assess_cli = _imports(ROOT / "src/surveysem/assess/cli.py")
    assert ("surveysem.pls.cli", True) in assess_cli
    assert all(top for m, top in assess_cli if m.startswith("surveysem."))  # no function-level import


def test_the_registry_imports_nothing_above_it():
    for path in (ROOT / "src/surveysem/kinds").glob("*.py"):
        for module, _ in _imports(path):
            assert not module.startswith("surveysem.") or module.startswith("surveysem.kinds"), (path.name, module)
