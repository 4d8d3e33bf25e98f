"""Sharding (issue 15, item 4): the replications of each n split into 1 or 7 chunks, computed by separate
``surveysem power-chunk`` commands and gathered by ``surveysem power-gather``, give byte-identical power.csv and
min_n.csv — and the same bytes as ``surveysem power`` in one command. A chunk missing or given twice is an error."""
from __future__ import annotations

from surveysem.cli import main

from .conftest import write_population

GRID = ["--n", "30", "60", "--replications", "20", "--boot", "40", "--seed", "99", "--alpha", "0.05"]


def _chunks(tmp_path, model, k, tag):
    files = []
    for n in ("30", "60"):
        for c in range(k):
            out = tmp_path / f"{tag}_n{n}_c{c}.json"
            assert main(["power-chunk", "--model", str(model), *GRID, "--at", n, "--chunk", str(c),
                         "--power-chunks", str(k), "--jobs", "2", "--out", str(out)]) == 0
            files.append(str(out))
    return files


def test_one_and_seven_chunks_give_byte_identical_power_tables(tmp_path):
    model = write_population(tmp_path, a=0.3, b=0.3, c=0.1)
    for k, tag in ((1, "one"), (7, "seven")):
        files = _chunks(tmp_path, model, k, tag)
        assert main(["power-gather", "--model", str(model), *GRID, "--parts", *files[::-1], "--out",
                     str(tmp_path / tag)]) == 0
    assert main(["power", "--model", str(model), *GRID, "--power-chunks", "3", "--jobs", "1",
                 "--out", str(tmp_path / "whole")]) == 0
    for name in ("power.csv", "min_n.csv", "population.csv"):
        one = (tmp_path / "one" / name).read_bytes()
        assert one == (tmp_path / "seven" / name).read_bytes(), name
        assert one == (tmp_path / "whole" / name).read_bytes(), name
    text = (tmp_path / "one" / "power.csv").read_text()
    assert text.count("\n") == 1 + 4 * 2  # 3 paths + 1 indirect effect, 2 sample sizes


def test_a_missing_or_repeated_chunk_is_a_one_line_error(tmp_path, capsys):
    model = write_population(tmp_path)
    files = _chunks(tmp_path, model, 3, "x")
    assert main(["power-gather", "--model", str(model), *GRID, "--parts", *files[1:], "--out",
                 str(tmp_path / "g")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "replication 0 is missing" in err
    assert main(["power-gather", "--model", str(model), *GRID, "--parts", *files, files[0], "--out",
                 str(tmp_path / "g")]) == 2
    assert "two chunk files" in capsys.readouterr().err
    assert main(["power-gather", "--model", str(model), *GRID[:-1], "0.1", "--parts", *files, "--out",
                 str(tmp_path / "g")]) == 2
    assert "alpha = 0.05, not 0.1" in capsys.readouterr().err
    assert not (tmp_path / "g").exists()
