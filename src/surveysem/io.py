"""Writing results safely: full-precision CSV, and all-or-nothing output folders.

Convention (``shared/CONVENTIONS.md``): results are written into a temporary folder beside the
target and renamed into place when complete, so a failed or interrupted run leaves either the
old results or the new ones, never a mix.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd


@contextlib.contextmanager
def atomic_output_dir(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a fresh temporary folder; on success it replaces ``target`` as a whole.

    On any exception the temporary folder is removed and ``target`` is left untouched
    (an existing ``target`` keeps its old content; a missing one stays missing).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = target.parent / f".{target.name}.old-{os.getpid()}"
        if old.exists():
            shutil.rmtree(old)
        target.rename(old)
    tmp.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def atomic_output_file(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it is renamed onto ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.tmp-", dir=target.parent, suffix=target.suffix)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, target)


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
    from . import __version__

    return {"surveysem": __version__, "python": sys.version.split()[0], "numpy": np.__version__,
            "pandas": pd.__version__, "platform": platform.platform(),
            "inputs": {k: file_record(v) for k, v in inputs.items() if v is not None}}


#: savefig options that make a re-run byte-identical: no software/date stamps (PNG, SVG)
_FIGURE_SAVE = {"png": {"dpi": 200, "metadata": {"Software": None}},
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
