"""``surveysem mga``: writes the whole folder (every table with rule and reference columns, run.json with the
settings, seed and n per group), refuses a bad --out or group column with one line and exit 2."""
from __future__ import annotations

import json

import pandas as pd

from surveysem.cli import main
from surveysem.model import parse_model
from surveysem.simulate import simulate_likert

SYNTAX = "X =~ x1 + x2 + x3\nY =~ y1 + y2 + y3\nY ~ X\n"


def _project(tmp_path):
    m = parse_model(SYNTAX)
    a = simulate_likert(m, loadings=0.8, paths={"X -> Y": 0.5}, n=60, seed=1).assign(kota="Jakarta")
    b = simulate_likert(m, loadings=0.8, paths={"X -> Y": 0.2}, n=50, seed=2).assign(kota="Bandung")
    pd.concat([a, b], ignore_index=True).to_csv(tmp_path / "data.csv", index=False)
    (tmp_path / "model.lav").write_text(SYNTAX)
    return ["mga", "--data", str(tmp_path / "data.csv"), "--model", str(tmp_path / "model.lav")]


def test_mga_writes_every_file(tmp_path, capsys):
    base = _project(tmp_path)
    out = tmp_path / "mga"
    rc = main(base + ["--out", str(out), "--groups", "kota", "--seed", "5", "--boot", "50", "--permutations", "40",
                      "--quiet"])
    assert rc == 0
    for stem in ("group_sizes", "group_paths", "group_r2", "mga", "micom_step2", "micom_step3", "micom"):
        t = pd.read_csv(out / f"{stem}.csv")
        assert {"rule", "reference"} <= set(t.columns), stem
    sizes = pd.read_csv(out / "group_sizes.csv")
    assert list(sizes["group"]) == ["Bandung", "Jakarta"]  # sorted labels: differences are Bandung - Jakarta
    assert list(sizes["n"]) == [50, 60]
    run = json.loads((out / "run.json").read_text())
    assert run["settings"]["seed"] == 5 and run["settings"]["permutations"] == 40
    assert run["n_per_group"] == {"Bandung": 50, "Jakarta": 60}
    assert "MICOM" in capsys.readouterr().out
    rc = main(base + ["--out", str(tmp_path / "id"), "--groups", "kota", "--seed", "5", "--boot", "20",
                      "--permutations", "20", "--quiet", "--language", "id"])
    printed = capsys.readouterr()
    assert rc == 0 and "Analisis multigrup menurut kota" in printed.out and "invariansi pengukuran" in printed.out
    assert "without a 'id' translation" not in printed.err


def test_bad_group_column_is_one_line_exit_2(tmp_path, capsys):
    base = _project(tmp_path)
    rc = main(base + ["--out", str(tmp_path / "o"), "--groups", "kotaa", "--seed", "1"])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "Did you mean 'kota'" in err
    assert not (tmp_path / "o").exists()


def test_missing_seed_and_existing_file_out_are_refused(tmp_path, capsys):
    base = _project(tmp_path)
    assert main(base + ["--out", str(tmp_path / "o"), "--groups", "kota"]) == 2
    assert "--seed" in capsys.readouterr().err
    assert main(base + ["--out", str(tmp_path / "data.csv"), "--groups", "kota", "--seed", "1"]) == 2
    assert "existing file" in capsys.readouterr().err
