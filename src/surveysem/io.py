"""Writing results safely: full-precision CSV, and all-or-nothing output folders that never destroy a user's files.

Convention (``docs/CONVENTIONS.md``): results are written into a temporary folder beside the target and renamed into
place when complete, so a failed or interrupted run leaves either the old results or the new ones, never a mix.

Rules of every output location (:func:`check_output_dir`, :func:`check_output_file`), checked before anything is
created; a refusal is a one-line :class:`~surveysem.errors.OutputError` (exit 2):

* an output *folder* is never an existing file, the current folder or one of its parents, the filesystem root or
  the home folder, nor a folder holding (at any depth) an input of the run;
* an existing non-empty output folder is replaced only if surveysem wrote it: every folder written by
  :func:`atomic_output_dir` carries the marker file ``.surveysem`` (one line naming the command that wrote it);
* an output *file* is never an existing folder nor one of the run's inputs.

Temporary names carry the writer's process id (``.NAME.tmp-<pid>-<random>``, ``.NAME.old-<pid>-<random>``), so a run
removes the leftovers of a killed run (whose process is gone) beside its own target before it writes.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import platform
import secrets
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import __version__
from .errors import OutputError

#: marker file written into every output folder; only folders that hold it (or empty ones) are ever replaced
MARKER = ".surveysem"

_FIX_FOLDER = "Choose a new folder, e.g. results/<study>"


def _where(option: str | None, target) -> str:
    return f"{option} {target}" if option else str(target)


def _inputs(inputs: Iterable) -> list[Path]:
    return [Path(p).resolve() for p in inputs if p is not None and str(p) != ""]


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _listing(folder: Path, limit: int = 2) -> str:
    names = sorted(p.name for p in folder.iterdir())
    shown = ", ".join(names[:limit])
    return shown + (f" (+{len(names) - limit} more)" if len(names) > limit else "")


def check_output_dir(target: str | os.PathLike, inputs: Iterable = (), option: str | None = "--out") -> Path:
    """Refuse an output folder that would replace or hold a user's files; return its absolute path.

    Raises :class:`~surveysem.errors.OutputError` (nothing is created or touched) when ``target`` is an existing
    file or link, the current folder or a parent of it, the filesystem root or the home folder, a folder holding
    (at any depth) one of ``inputs`` (files or folders read by the run), or an existing non-empty folder without the
    :data:`MARKER` of a surveysem output folder.
    """
    given = Path(target)
    where = _where(option, target)
    if str(target) == "" or given.name in ("", ".", ".."):
        resolved = given.resolve()
    else:
        resolved = given.parent.resolve() / given.name
    if given.is_symlink():
        raise OutputError("this is a symbolic link; surveysem would replace the link, not write into where it points",
                          where=where, fix=f"{_FIX_FOLDER}, or give the real folder the link points to")
    if resolved.exists() and not resolved.is_dir():
        raise OutputError("this is an existing file, and the output folder would replace it",
                          where=where, fix=f"{_FIX_FOLDER}, or delete the file yourself")
    cwd = Path.cwd().resolve()
    if _is_within(cwd, resolved):
        what = "the current folder" if resolved == cwd else "a parent of the current folder"
        raise OutputError(f"this is {what}; surveysem replaces its output folder as a whole",
                          where=where, fix=_FIX_FOLDER)
    if resolved == Path(resolved.anchor) or resolved == Path.home().resolve():
        what = "the filesystem root" if resolved == Path(resolved.anchor) else "your home folder"
        raise OutputError(f"this is {what}; surveysem replaces its output folder as a whole", where=where,
                          fix=_FIX_FOLDER)
    held = [p for p in _inputs(inputs) if _is_within(p, resolved)]
    if held:
        names = ", ".join(sorted({os.path.relpath(p, resolved) if p != resolved else p.name for p in held}))
        what = ("this is an input folder of this run" if resolved in held else
                f"the folder holds input files of this run ({names}); replacing it would delete them")
        raise OutputError(what, where=where, fix=_FIX_FOLDER)
    if resolved.is_dir() and not (resolved / MARKER).is_file() and any(resolved.iterdir()):
        raise OutputError(f"the folder holds files surveysem did not write: {_listing(resolved)}",
                          where=where, fix=f"{_FIX_FOLDER}, or delete it yourself")
    _check_parent(resolved, where)
    return resolved


def _check_parent(resolved: Path, where: str) -> None:
    """The nearest existing parent must be a folder we may write in (checked early: no waiting for a refusal)."""
    parent = resolved.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(f"a part of the path, {parent}, is a file, not a folder", where=where,
                          fix="Choose a folder whose parents are folders")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"no permission to write in {parent}", where=where, fix="Choose a folder you can write to")


def check_output_file(target: str | os.PathLike, inputs: Iterable = (), option: str | None = "--out") -> Path:
    """Refuse an output file that is an existing folder or one of the run's ``inputs``; return its absolute path."""
    given = Path(target)
    where = _where(option, target)
    if str(target) == "" or given.name in ("", ".", "..") or given.is_dir():
        raise OutputError("this is a folder, and the output is a file", where=where,
                          fix=f"Give a file name, e.g. {Path(target) / 'summary.md'}")
    resolved = given.parent.resolve() / given.name
    if any(resolved.resolve() == p for p in _inputs(inputs)):
        raise OutputError("this is an input file of this run, and the output would replace it", where=where,
                          fix="Choose another file name")
    _check_parent(resolved, where)
    return resolved


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a live process of another user
        return True
    except (OverflowError, OSError):
        return False
    return True


def remove_stale_temporaries(target: str | os.PathLike) -> list[Path]:
    """Remove ``.NAME.tmp-<pid>-*`` / ``.NAME.old-<pid>-*`` beside ``target`` whose writing process is gone.

    These are what a killed run leaves behind (a kill -9, a power cut); temporaries of a live process are kept.
    Returns the paths removed.
    """
    target = Path(target)
    removed: list[Path] = []
    if not target.parent.is_dir():
        return removed
    for kind in ("tmp", "old"):
        prefix = f".{target.name}.{kind}-"
        for p in target.parent.iterdir():
            if not p.name.startswith(prefix):
                continue
            pid = p.name[len(prefix):].split("-", 1)[0]
            if not pid.isdigit() or _pid_alive(int(pid)):
                continue
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    p.unlink()
            removed.append(p)
    return removed


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG, errno.EACCES, errno.EPERM}


def _reason(exc: OSError) -> tuple[str, str]:
    """(what went wrong, what to do) for an OSError met while writing results."""
    text = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"the disk is full ({text})", "Free some space, or choose a folder on another disk"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"no permission to write there ({text})", "Choose a folder you can write to"
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        name = f" {exc.filename}" if exc.filename else ""
        return (f"a part of the path{name} is a file, not a folder ({text})",
                "Choose a folder whose parents are folders")
    if exc.errno == errno.ENOENT:
        return f"the folder cannot be created ({text})", "Choose a folder on an existing disk"
    return f"the results cannot be written ({text})", "Choose another folder"


def _output_error(exc: OSError, where: str) -> OutputError:
    what, fix = _reason(exc)
    return OutputError(what, where=where, fix=fix)


def _is_write_error(exc: OSError, *places: Path) -> bool:
    """An OSError from writing the results (not from reading an input inside the ``with`` block)."""
    if exc.errno in _WRITE_ERRNOS - {errno.EACCES, errno.EPERM} or not exc.filename:
        return True
    f = Path(os.path.abspath(exc.filename))
    return any(_is_within(f, p) for p in places)


@contextlib.contextmanager
def atomic_output_dir(target: str | os.PathLike, *, inputs: Iterable = (), option: str | None = "--out",
                      made_by: str = "surveysem") -> Iterator[Path]:
    """Yield a fresh temporary folder; on success it replaces ``target`` as a whole.

    ``target`` is first checked by :func:`check_output_dir` against ``inputs`` (every file or folder the run
    reads); stale temporaries of killed runs beside it are removed. The new folder holds the :data:`MARKER` file
    (its line names ``made_by``, e.g. ``"surveysem pls"``). On any exception (also SIGTERM/SIGHUP, which the CLI
    turns into one) the temporary folder is removed and ``target`` is left untouched (an existing ``target`` keeps
    its old content; a missing one stays missing). Write failures (disk full, no permission, a file in place of a
    parent folder) become one-line :class:`~surveysem.errors.OutputError`.
    """
    where = _where(option, target)
    target = check_output_dir(target, inputs, option)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(target)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-{os.getpid()}-", dir=target.parent))
    except OSError as exc:
        raise _output_error(exc, where) from None
    try:
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it private (0700); results are ordinary folders
        (tmp / MARKER).write_text(f"written by {made_by}; surveysem replaces this folder as a whole when it "
                                  f"writes here again\n", encoding="utf-8")
        yield tmp
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if _is_write_error(exc, tmp, target):
            raise _output_error(exc, where) from None
        raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    try:
        _swap_into_place(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _output_error(exc, where) from None


def _swap_into_place(tmp: Path, target: Path) -> None:
    """Rename ``tmp`` onto ``target``; an existing ``target`` is moved aside first and removed afterwards."""
    if not (target.exists() or target.is_symlink()):
        tmp.rename(target)
        return
    old = target.parent / f".{target.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
    target.rename(old)
    try:
        tmp.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def atomic_output_file(target: str | os.PathLike, *, inputs: Iterable = (), option: str | None = "--out"
                       ) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it is renamed onto ``target``.

    ``target`` is first checked by :func:`check_output_file`; write failures become one-line
    :class:`~surveysem.errors.OutputError` and the temporary file is removed on any exception.
    """
    where = _where(option, target)
    target = check_output_file(target, inputs, option)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(target)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.tmp-{os.getpid()}-", dir=target.parent,
                                    suffix=target.suffix)
        os.close(fd)
    except OSError as exc:
        raise _output_error(exc, where) from None
    tmp = Path(name)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private (0600)
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if _is_write_error(exc, tmp, target):
            raise _output_error(exc, where) from None
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_csv(df: pd.DataFrame, path: str | os.PathLike, index: bool = False) -> Path:
    """Write a tidy CSV at full float precision (shortest round-trip repr, ``.`` decimal)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=index, lineterminator="\n")
    return path


def write_json(obj, path: str | os.PathLike) -> Path:
    """Write JSON (numpy scalars and arrays converted) with sorted keys for stable diffs."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, sort_keys=True, default=_json_default) + "\n")
    return path


def _json_default(o):
    if isinstance(o, np.integer):
        return int(o)
    if isinstance(o, np.floating):
        return float(o)
    if isinstance(o, np.ndarray):
        return o.tolist()
    if isinstance(o, Path):
        return str(o)
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def file_record(path) -> dict:
    """``{"path", "sha256"}`` of an input file, so a reader can check it is the file they hold."""
    p = Path(path)
    if not p.is_file():
        return {"path": str(path)}
    return {"path": str(path), "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}


def provenance(**inputs) -> dict:
    """Versions and platform of a run, and each named input file with its SHA-256 (for ``run.json``)."""
    return {"surveysem": __version__, "python": sys.version.split()[0], "numpy": np.__version__,
            "pandas": pd.__version__, "platform": platform.platform(),
            "inputs": {k: file_record(v) for k, v in inputs.items() if v is not None}}


#: savefig options that make a re-run byte-identical: no software/date stamps (PNG, SVG)
_FIGURE_SAVE: dict[str, dict[str, Any]] = {"png": {"dpi": 200, "metadata": {"Software": None}},
                                        "svg": {"metadata": {"Date": None, "Creator": None}}}


def save_figure(fig, out_dir: str | os.PathLike, stem: str, formats=("png", "svg"), tight: bool = False
                ) -> list[Path]:
    """Write ``stem.<ext>`` for each format into ``out_dir`` and close the figure; return the paths.

    Deterministic: PNG at 200 dpi without the Software stamp; SVG without Date/Creator, with a fixed hash salt for
    its element ids and text kept as text (``svg.fonttype = "none"``, so a reader can search and copy it).
    ``tight=True`` calls ``fig.tight_layout()`` first.
    """
    import matplotlib
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if tight:
        fig.tight_layout()
    paths = []
    with matplotlib.rc_context({"svg.hashsalt": "surveysem", "svg.fonttype": "none"}):
        for ext in formats:
            p = out_dir / f"{stem}.{ext}"
            fig.savefig(p, format=ext, **_FIGURE_SAVE[ext])
            paths.append(p)
    plt.close(fig)
    return paths
