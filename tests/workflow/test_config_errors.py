"""Every invalid workflow configuration is one ``surveysem: error:`` line naming the study and the key (issue 17,
item 5): the cases a tester met (empty, non-mapping and non-UTF-8 files, a missing data file, ``results: ""``, a
repeated study or key, ``seed: 1e20``, ``boot: 5000.0``), a property test over random mutations of the example
config, and the same errors through ``snakemake -n``.
"""
from __future__ import annotations

import contextlib
import copy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveysem.config import KIND_KEYS, cli_args, load_schema, workflow_config
from surveysem.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
STEPS = {"pls": ("clean", "pls", "cbsem"), "regression": ("clean", "regression"), "sessions": ("sessions",),
         "coding": ("coding",), "power": ("power",)}

SESSIONS = "studies:\n  s:\n    kind: sessions\n    data: data/live_sessions/sessions.csv\n"


def _load(tmp_path: Path, text: str | bytes) -> dict:
    """``workflow_config`` on a config file in ``tmp_path`` whose relative paths resolve against the repository."""
    f = tmp_path / "config.yaml"
    f.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return workflow_config({}, str(f), base=ROOT)


#: (config text, words the one-line message must hold)
CASES = {
    "empty file": ("", "the file is empty"),
    "only a comment": ("# nothing yet\n", "the file is empty"),
    "a list": ("- a\n- b\n", "line 1: the top level is a list, not keys"),
    "a string": ("hello\n", "line 1: the top level is a single value"),
    "not UTF-8": ('studies:\n  s:\n    kind: sessions\n    title: "caf\xe9"\n'.encode("latin-1"),
                  "line 4: the file is not UTF-8 text (byte 0xe9)"),
    "missing data file": ("studies:\n  s:\n    kind: sessions\n    data: data/nope.csv\n",
                          "study 's', key 'data': 'data/nope.csv' does not exist"),
    "data is a folder": ("studies:\n  s:\n    kind: sessions\n    data: data\n",
                         "study 's', key 'data': 'data' is a folder, not a file"),
    "missing model file": ("studies:\n  p:\n    kind: pls\n    data: data/shopee_trust/data.csv\n    model: m.lav\n",
                           "study 'p', key 'model': 'm.lav' does not exist"),
    "results empty": ('results: ""\n' + SESSIONS, "key 'results': it is empty"),
    "results root": ("results: /\n" + SESSIONS, "key 'results': '/' is the filesystem root"),
    "results here": ("results: .\n" + SESSIONS, "key 'results': '.' is the workflow folder"),
    "results parent": ("results: ..\n" + SESSIONS, "key 'results': '..' is a parent of the workflow folder"),
    "input inside the results": ("results: data\nstudies:\n  live_sessions:\n    kind: sessions\n"
                                 "    data: data/live_sessions/sessions.csv\n",
                                 "study 'live_sessions', key 'data': 'data/live_sessions/sessions.csv' lies inside "
                                 "the study's result folder"),
    "repeated study": (SESSIONS + "  s:\n    kind: coding\n", "line 5, study 's': the study appears twice"),
    "repeated key": (SESSIONS + "    data: other.csv\n", "line 5, study 's', key 'data': the key appears twice"),
    "repeated top key": ("results: a\nresults: b\n" + SESSIONS, "line 2, key 'results': the key appears twice"),
    "seed 1e20 (YAML text)": (SESSIONS + "    seed: 1e20\n", "study 's', key 'seed': '1e20' is not a whole number"),
    "seed 1.0e+20 (YAML float)": (SESSIONS + "    seed: 1.0e+20\n", "key 'seed': 1e+20 is not a whole number"),
    "seed too large": (SESSIONS + "    seed: 100000000000000000000\n",
                       "key 'seed': 100000000000000000000 is out of range: it must be at least 0 and at most "
                       "4294967295"),
    "seed negative": (SESSIONS + "    seed: -1\n", "key 'seed': -1 is out of range"),
    "boot 5000.0": (SESSIONS + "    boot: 5000.0\n", "study 's', key 'boot': 5000.0 is not a whole number"),
    "boot 1": (SESSIONS + "    boot: 1\n", "study 's', key 'boot': one resample gives no standard error"),
    "boot true": (SESSIONS + "    boot: true\n", "key 'boot': True is not a whole number"),
    "window nan": (SESSIONS + "    window: .nan\n", "key 'window': nan is not a whole number"),
    "ci inf": (SESSIONS + "    ci: .inf\n", "key 'ci': inf is out of range"),
    "tails 1.0": ("studies:\n  r:\n    kind: regression\n    data: data/bukalapak_loyalty/data.csv\n"
                  "    model: data/bukalapak_loyalty/model.lav\n    tails: 1.0\n",
                  "study 'r', key 'tails': 1.0 is not a whole number"),
    "likert reversed": ("studies:\n  r:\n    kind: regression\n    data: data/bukalapak_loyalty/data.csv\n"
                        "    model: data/bukalapak_loyalty/model.lav\n    likert: [5, 1]\n",
                        "study 'r', key 'likert': the scale [5, 1] does not go from low to high"),
    "likert infinite": ("studies:\n  r:\n    kind: regression\n    data: data/bukalapak_loyalty/data.csv\n"
                        "    model: data/bukalapak_loyalty/model.lav\n    likert: [1, .inf]\n",
                        "study 'r', key 'likert': inf is not a usable number"),
    "study named logs": ("studies:\n  logs:\n    kind: sessions\n    data: data/live_sessions/sessions.csv\n",
                         "study 'logs': a study may not be called 'logs'"),
    "bad study name": ("studies:\n  1st:\n    kind: sessions\n    data: data/live_sessions/sessions.csv\n",
                       "study name '1st' must start with a letter"),
    "no study": ("studies: {}\n", "key 'studies': there is no study"),
    "studies a list": ("studies: [a, b]\n", "key 'studies': ['a', 'b'] is not keys and values"),
    "study empty": ("studies:\n  s:\n", "study 's': None is not keys and values"),
    "unknown top key": ("result: x\n" + SESSIONS, "unknown key 'result'"),
    "bad YAML": ("studies:\n  s: [unclosed\n", "not valid YAML"),
    "tab indentation": ("studies:\n\ts:\n", "not valid YAML"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_invalid_config_is_one_line_naming_study_and_key(tmp_path, case):
    text, words = CASES[case]
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    msg = info.value.message
    assert "\n" not in msg and msg.startswith(str(tmp_path / "config.yaml"))
    assert words in msg, msg


def test_yaml_words_like_on_and_no_stay_text_as_keys(tmp_path):
    cfg = _load(tmp_path, SESSIONS + "    columns: {on: tanggal, no: akun}\n")
    assert cfg["studies"]["s"]["columns"] == {"on": "tanggal", "no": "akun"}


def test_the_example_config_loads(tmp_path):
    cfg = workflow_config({}, "config.yaml", base=ROOT)
    assert set(cfg["studies"]) == set(EXAMPLE["studies"])


def test_command_line_config_extends_the_file_and_is_validated(tmp_path):
    cfg = workflow_config({"studies": {"live_sessions": {"boot": 10}}}, "config.yaml", base=ROOT)
    assert cfg["studies"]["live_sessions"]["boot"] == 10 and cfg["studies"]["live_sessions"]["seed"] == 2026
    with pytest.raises(ConfigError, match="study 'live_sessions', key 'boot': 5000.0 is not a whole number"):
        workflow_config({"studies": {"live_sessions": {"boot": 5000.0}}}, "config.yaml", base=ROOT)
    extra = tmp_path / "extra.yaml"
    extra.write_text("studies:\n  t:\n    kind: coding\n    kind: sessions\n")
    with pytest.raises(ConfigError, match="extra.yaml, line 4, study 't', key 'kind': the key appears twice"):
        workflow_config({}, "config.yaml", override_files=[str(extra)], base=ROOT)


# --------------------------------------------------------------------------------------- property: random mutations
ALL_KEYS = sorted(load_schema()["properties"]["studies"]["additionalProperties"]["properties"])
values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**25, 10**25), st.floats(), st.text(max_size=12),
    st.sampled_from(["", ".", "..", "/", "data", "results", "data/live_sessions/sessions.csv", "x ~ y", "a\x00b",
                     "path", "listwise", "pls", "1e20", "5000.0"]),
    st.lists(st.one_of(st.integers(-5, 10), st.text(max_size=4)), max_size=3),
    st.dictionaries(st.text(max_size=6), st.one_of(st.integers(), st.text(max_size=4)), max_size=2),
)
study_names = st.sampled_from(sorted(EXAMPLE["studies"]))
mutations = st.one_of(
    st.tuples(st.just("set"), study_names, st.one_of(st.sampled_from(ALL_KEYS + ["kind", "title"]),
                                                      st.text(min_size=1, max_size=8)), values),
    st.tuples(st.just("delete"), study_names, st.sampled_from(ALL_KEYS + ["kind"])),
    st.tuples(st.just("delete study"), study_names),
    st.tuples(st.just("top"), st.sampled_from(["results", "studies", "extra"]), values),
    st.tuples(st.just("duplicate line"), st.integers(0, 200)),
    st.tuples(st.just("rename study"), study_names, st.text(min_size=1, max_size=8)),
)


def _mutate(cfg: dict, m: tuple) -> str:
    """Apply one mutation; return the YAML text (a duplicated line is a text-level mutation)."""
    op = m[0]
    if op in ("set", "delete", "delete study", "rename study") and m[1] not in cfg["studies"]:
        pass  # an earlier mutation removed or renamed the study
    elif op == "set":
        cfg["studies"][m[1]][m[2]] = m[3]
    elif op == "delete":
        cfg["studies"][m[1]].pop(m[2], None)
    elif op == "delete study":
        del cfg["studies"][m[1]]
    elif op == "top":
        cfg[m[1]] = m[2]
    elif op == "rename study":
        cfg["studies"][m[2]] = cfg["studies"].pop(m[1])
    text = yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True)
    if op == "duplicate line":
        lines = text.splitlines(keepends=True)
        i = m[1] % len(lines)
        lines.insert(i, lines[i])
        text = "".join(lines)
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(mutations, min_size=1, max_size=3))
def test_mutated_example_config_loads_or_gives_one_line_naming_the_place(tmp_path, ms):
    cfg = copy.deepcopy(EXAMPLE)
    text = ""
    for m in ms:
        text = _mutate(cfg, m)
        with contextlib.suppress(Exception):
            cfg = yaml.safe_load(text)  # later mutations act on what the file now says
        if not isinstance(cfg, dict) or not isinstance(cfg.get("studies"), dict) or not all(
                isinstance(s, dict) for s in cfg["studies"].values()):
            break
    try:
        loaded = _load(tmp_path, text)
    except ConfigError as exc:
        msg = exc.message
        assert "\n" not in msg and msg.startswith(str(tmp_path / "config.yaml")), msg
        if len(ms) == 1 and ms[0][0] in ("set", "delete") and ms[0][2] != "kind":
            op, study, key = ms[0][:3]
            assert f"study {study!r}" in msg, msg  # the mutated study is named ...
            as_read = yaml.safe_load(yaml.safe_dump({key: 0}, allow_unicode=True))  # as _mutate writes it; YAML may
            # read an odd key back differently (a raw U+0085 in a key is a YAML line break)
            if op == "set" and as_read == {key: 0} and not (key == "model" and isinstance(ms[0][3], str)
                                                              and "~" in ms[0][3]):
                assert repr(key) in msg or repr(str(key)) in msg, msg  # ... and the mutated key
        return
    for study in loaded["studies"].values():  # a config that loads gives every step's options
        assert set(study) <= KIND_KEYS[study["kind"]] | {"kind", "title"}
        for step in STEPS[study["kind"]]:
            assert all(isinstance(a, str) for a in cli_args(study, step))


# ------------------------------------------------------------------------------------------- through snakemake -n
SNAKE_CASES = ["empty file", "a list", "not UTF-8", "missing data file", "results empty", "repeated study",
               "seed 1e20 (YAML text)", "boot 5000.0"]


@pytest.mark.parametrize("case", SNAKE_CASES)
def test_snakemake_dry_run_ends_with_the_one_line_error(tmp_path, case):
    text, words = CASES[case]
    shutil.copy(ROOT / "Snakefile", tmp_path / "Snakefile")
    shutil.copytree(ROOT / "workflow", tmp_path / "workflow")
    (tmp_path / "data" / "live_sessions").mkdir(parents=True)
    shutil.copy(ROOT / "data/live_sessions/sessions.csv", tmp_path / "data/live_sessions/sessions.csv")
    (tmp_path / "config.yaml").write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    run = subprocess.run([sys.executable, "-m", "snakemake", "-n", "--cores", "1"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode != 0
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("surveysem: error: config.yaml") and words in last, run.stderr[-2000:]
    assert "Traceback" not in run.stderr and "Exception" not in run.stderr
