"""Output locations: no command ever replaces or deletes a user's file (issue 17, item 1), write failures are one
line, and temporary folders never outlive a run (errors, SIGTERM, a killed process).

Each refused ``--out`` is checked through ``surveysem.cli.main`` for every command: exit 2, exactly one line on
stderr, every file and folder under the test's root byte-identical afterwards (SHA-256 before/after) and no
``.*.tmp-*`` / ``.*.old-*`` left anywhere.
"""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from surveysem import io as sio
from surveysem.cli import main
from surveysem.errors import OutputError

ROOT = Path(__file__).resolve().parents[1]


def snapshot(root: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file (``<dir>`` for folders, ``-> target`` for links) under ``root``."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = str(p.relative_to(root))
            if p.is_symlink():
                out[rel] = "-> " + os.readlink(p)
            elif p.is_dir():
                out[rel] = "<dir>"
            else:
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def leftovers(root: Path) -> list[str]:
    return [str(p) for p in root.rglob(".*") if ".tmp-" in p.name or ".old-" in p.name]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A user's project: inputs in ``data/``, a notes file, a folder of their own, and the shell in ``work/``."""
    data = tmp_path / "data"
    data.mkdir()
    for src in ("shopee_trust/data.csv", "shopee_trust/model.lav", "live_sessions/sessions.csv",
                "live_themes/segments.csv", "live_themes/codebook.csv", "live_themes/cases.csv"):
        shutil.copy(ROOT / "data" / src, data / Path(src).name)
    (data / "notes.txt").write_text("my notes on the survey\n")
    (tmp_path / "notes.txt").write_text("thesis outline\n")
    mine = tmp_path / "mine"
    (mine / "drafts").mkdir(parents=True)
    for name in ("chapter1.docx", "chapter2.docx", "refs.bib"):
        (mine / name).write_text(name)
    (mine / "drafts" / "old.txt").write_text("old draft")
    (tmp_path / "pls_done").mkdir()  # stands in for a finished pls folder (an input of cbsem and report)
    (tmp_path / "pls_done" / "paths.csv").write_text("from,to,estimate\n")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    return tmp_path


#: every command with an output folder, its inputs given relative to ``work/``
COMMANDS = {
    "pls": ["pls", "--data", "../data/data.csv", "--model", "../data/model.lav"],
    "assess": ["assess", "--data", "../data/data.csv", "--model", "../data/model.lav"],
    "clean": ["clean", "--data", "../data/data.csv", "--model", "../data/model.lav", "--missing-value", "-99"],
    "regression": ["regression", "--data", "../data/data.csv", "--model", "../data/model.lav"],
    "cbsem": ["cbsem", "--data", "../data/data.csv", "--model", "../data/model.lav", "--pls-dir", "../pls_done"],
    "sessions": ["sessions", "--data", "../data/sessions.csv", "--seed", "1"],
    "coding": ["coding", "--segments", "../data/segments.csv", "--codebook", "../data/codebook.csv",
               "--cases", "../data/cases.csv"],
    "report tables": ["report", "tables", "--kind", "pls", "--in", "../pls_done"],
    "report figures": ["report", "figures", "--in", "../pls_done"],
    "power": ["power", "--model", "../data/model.lav", "--seed", "1"],
}

#: refused --out → words the one-line error must contain
REFUSED = {
    "existing file": ("../notes.txt", "this is an existing file"),
    "current folder": (".", "this is the current folder"),
    "parent folder": ("..", "this is a parent of the current folder"),
    "filesystem root": ("/", "parent of the current folder"),
    "folder of the inputs": ("../data", "the folder holds input files of this run"),
    "unmarked folder": ("../mine", "the folder holds files surveysem did not write: chapter1.docx, chapter2.docx "
                                   "(+2 more)"),
}


CASES = [(command, case) for command in COMMANDS for case in REFUSED] + [
    (command, "input folder") for command in ("cbsem", "report tables", "report figures")]  # those read a folder


@pytest.mark.parametrize("command, case", CASES)
def test_refused_out_exits_2_with_one_line_and_touches_nothing(project, capsys, command, case):
    if case == "input folder":  # --out is cbsem's --pls-dir or report's --in
        out, words = "../pls_done", "this is an input folder of this run"
    else:
        out, words = REFUSED[case]
        if case == "folder of the inputs" and command.startswith("report"):  # data/ is not read by report
            words = "the folder holds files surveysem did not write"
    before = snapshot(project)
    rc = main(COMMANDS[command] + ["--out", out])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.count("\n") == 1 and err.startswith(f"surveysem: error: --out {out}: "), err
    assert words in err
    assert "Choose a new folder" in err
    assert snapshot(project) == before
    assert leftovers(project) == []


def test_a_link_to_a_file_is_refused(project, capsys):
    (project / "link.csv").symlink_to(project / "data" / "data.csv")
    before = snapshot(project)
    assert main(COMMANDS["clean"] + ["--out", "../link.csv"]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert snapshot(project) == before


def test_report_summary_refuses_a_folder_and_its_input(project, capsys):
    before = snapshot(project)
    base = ["report", "summary", "--kind", "pls", "--study", "s", "--in", "../pls_done"]
    assert main(base + ["--out", "../mine"]) == 2
    assert "this is a folder, and the output is a file" in capsys.readouterr().err
    assert main(base + ["--out", "../pls_done/paths.csv", "--cleaning", "../pls_done/paths.csv"]) == 2
    assert "this is an input file of this run" in capsys.readouterr().err
    assert snapshot(project) == before


def test_simulate_refuses_to_overwrite_its_model_file(project, capsys):
    before = snapshot(project)
    assert main(["simulate", "--model", "../data/model.lav", "--spec", "../data/notes.txt",
                 "--out", "../data/model.lav"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--out ../data/model.lav: this is an input file of this run" in err
    assert snapshot(project) == before


def test_a_marked_folder_is_replaced_and_an_empty_one_is_used(project):
    out = project / "results" / "cleaning"
    assert main(COMMANDS["clean"] + ["--out", str(out)]) == 0
    assert (out / sio.MARKER).read_text().startswith("written by surveysem clean")
    (out / "stale.csv").write_text("from an earlier run\n")
    assert main(COMMANDS["clean"] + ["--out", str(out)]) == 0
    assert not (out / "stale.csv").exists() and (out / "clean.csv").is_file()  # replaced as a whole
    empty = project / "empty"
    empty.mkdir()
    assert main(COMMANDS["clean"] + ["--out", str(empty)]) == 0
    assert (empty / "clean.csv").is_file()
    assert leftovers(project) == []


def test_result_folders_and_files_have_ordinary_permissions(project):
    """mkdtemp/mkstemp make private (0700/0600) entries; results are ordinary folders/files (umask applies)."""
    old = os.umask(0o022)
    try:
        out = project / "results" / "cleaning"
        assert main(COMMANDS["clean"] + ["--out", str(out)]) == 0
        with sio.atomic_output_file(project / "results" / "x.md") as tmp:
            tmp.write_text("x")
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o755
    assert (project / "results" / "x.md").stat().st_mode & 0o777 == 0o644


# ------------------------------------------------------------------------------------- write failures, one line
def test_disk_full_while_writing_is_one_line_and_keeps_the_old_results(project, capsys, monkeypatch):
    out = project / "results" / "cleaning"
    assert main(COMMANDS["clean"] + ["--out", str(out)]) == 0
    before = snapshot(project)
    real = pd.DataFrame.to_csv

    def to_csv_then_disk_full(self, path=None, *a, **k):  # a partial file, then ENOSPC, as a full disk does
        real(self.head(1), path, *a, **k)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pd.DataFrame, "to_csv", to_csv_then_disk_full)
    capsys.readouterr()
    assert main(COMMANDS["clean"] + ["--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"surveysem: error: --out {out}: the disk is full (No space left on device). Free some")
    assert snapshot(project) == before and leftovers(project) == []


def test_no_permission_is_one_line_and_leaves_nothing(project, capsys, monkeypatch):
    """Tests run as root (chmod does not stop root), so the refusal of the OS is simulated at mkdtemp."""
    def denied(*a, **k):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), k.get("dir"))

    monkeypatch.setattr(sio.tempfile, "mkdtemp", denied)
    before = snapshot(project)
    assert main(COMMANDS["clean"] + ["--out", "../results/cleaning"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--out ../results/cleaning: no permission to write there (Permission denied)" in err
    assert leftovers(project) == []
    assert set(snapshot(project)) - set(before) == {"results"}  # only the parent folder was made


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs /sys (a place where even root cannot create folders)")
def test_a_folder_the_system_refuses_is_one_line(project, capsys):
    rc = main(COMMANDS["clean"] + ["--out", "/sys/surveysem-results"])
    err = capsys.readouterr().err
    if rc == 0:  # pragma: no cover - an unusual system where /sys is writable
        shutil.rmtree("/sys/surveysem-results", ignore_errors=True)
        pytest.skip("/sys is writable here")
    assert rc == 2 and err.count("\n") == 1
    assert "--out /sys/surveysem-results: no permission to write there" in err


def test_a_file_in_place_of_a_parent_folder_is_one_line(project, capsys):
    before = snapshot(project)
    assert main(COMMANDS["clean"] + ["--out", "../notes.txt/cleaning"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a file, not a folder" in err
    assert snapshot(project) == before


def test_reading_errors_inside_the_block_are_not_reported_as_write_errors(tmp_path):
    with pytest.raises(FileNotFoundError), sio.atomic_output_dir(tmp_path / "out") as tmp:
        (tmp / "a.csv").write_text("x")
        open(tmp_path / "no-such-input.csv").close()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------------------- stale temporaries
def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_temporaries_of_a_dead_run_are_removed_and_a_live_runs_are_kept(tmp_path):
    dead = _dead_pid()
    stale_tmp = tmp_path / f".pls.tmp-{dead}-abcd1234"
    stale_old = tmp_path / f".pls.old-{dead}-abcd1234"
    stale_file = tmp_path / f".summary.md.tmp-{dead}-x.md"
    live = tmp_path / f".pls.tmp-{os.getppid()}-abcd1234"  # the parent process (pytest's shell) is alive
    other = tmp_path / f".plsx.tmp-{dead}-abcd1234"  # another target's temporaries are not ours to judge
    for d in (stale_tmp, stale_old, live, other):
        d.mkdir()
        (d / "half.csv").write_text("x")
    stale_file.write_text("half")
    with sio.atomic_output_dir(tmp_path / "pls") as tmp:
        (tmp / "paths.csv").write_text("x")
    with sio.atomic_output_file(tmp_path / "summary.md") as tmp:
        tmp.write_text("# s")
    assert not stale_tmp.exists() and not stale_old.exists() and not stale_file.exists()
    assert live.exists() and other.exists()


def test_sigterm_while_writing_removes_the_temporary_folder(tmp_path):
    """SIGTERM (Snakemake's stop signal) unwinds like an error: the temp folder goes, the old results stay."""
    out = tmp_path / "out"
    out.mkdir()
    (out / sio.MARKER).write_text("written by surveysem test\n")
    (out / "old.csv").write_text("old results\n")
    script = tmp_path / "slowcmd.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time
        from surveysem import cli
        from surveysem.io import atomic_output_dir

        def add_arguments(p):
            p.add_argument("--out")

        def run(args):
            with atomic_output_dir(args.out) as tmp:
                (tmp / "half.csv").write_text("half")
                print("writing", flush=True)
                time.sleep(60)
            return 0

        sys.modules["slowcmd"] = sys.modules[__name__]
        cli.COMMANDS["slow"] = ("slowcmd", "test command")
        sys.exit(cli.main(["slow", "--out", {str(out)!r}]))
    """))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".out.tmp-")]
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM
    assert err.strip() == "surveysem: stopped by SIGTERM"
    assert leftovers(tmp_path) == []
    assert (out / "old.csv").read_text() == "old results\n"


def test_check_output_dir_is_a_surveysem_error_for_library_callers(tmp_path):
    (tmp_path / "f.txt").write_text("x")
    with pytest.raises(OutputError, match="existing file"), sio.atomic_output_dir(tmp_path / "f.txt"):
        pass
