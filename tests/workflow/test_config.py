"""surveysem.config: defaults from the schema, errors naming study and key, settings → command-line options."""
from __future__ import annotations

import pytest

from surveysem.config import cli_args, load_config
from surveysem.errors import ConfigError


def test_defaults_are_filled_from_the_schema():
    cfg = load_config({"studies": {"s": {"kind": "pls", "data": "d.csv", "model": "m.lav"}}})
    s = cfg["studies"]["s"]
    assert (s["boot"], s["scheme"], s["missing"], s["ci"], s["purify"], s["likert"]) == (5000, "path", "mean", 0.95,
                                                                                           "none", [1, 5])
    assert cfg["results"] == "results"


def test_keys_of_another_kind_are_rejected():
    with pytest.raises(ConfigError, match="key 'tails' does not apply to a pls study"):
        load_config({"studies": {"s": {"kind": "pls", "data": "d.csv", "model": "m.lav", "tails": 1}}})


def test_wrong_type_names_the_key():
    with pytest.raises(ConfigError, match="study 's', key 'boot'"):
        load_config({"studies": {"s": {"kind": "pls", "data": "d.csv", "model": "m.lav", "boot": "many"}}})


def test_missing_config_file_and_bad_yaml(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.yaml")
    bad = tmp_path / "config.yaml"
    bad.write_text("studies:\n  s: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)


def test_settings_become_the_documented_options():
    s = load_config({"studies": {"s": {"kind": "pls", "data": "d", "model": "m", "boot": 100, "seed": 3,
                                       "missing_values": [-99], "reverse": ["x2"]}}})["studies"]["s"]
    pls_args = cli_args(s, "pls")
    assert pls_args[:4] == ["--boot", "100", "--seed", "3"] and "--assess" in pls_args
    clean_args = cli_args(s, "clean")
    assert clean_args[clean_args.index("--missing-value") + 1] == "-99"
    assert clean_args[clean_args.index("--reverse") + 1] == "x2"
    assert clean_args[clean_args.index("--missing") + 1] == "none"  # the engine treats missing data, not cleaning
