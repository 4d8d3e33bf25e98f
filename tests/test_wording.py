"""No output of a user's study names the example papers (issue 16, item 7).

The example studies in ``data/`` replicate published papers, and their READMEs cite those papers by authors and year;
but a user's study is not the example paper, so nothing the package writes may say "as seed paper 002 reports" or
refer to "the paper". The check scans every text the package can print: its Python sources (strings, and also
docstrings and comments, which cite the example papers by authors and year where needed) and its data files.
"""
from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "surveysem"
FILES = sorted(p for p in PACKAGE.rglob("*") if p.suffix in {".py", ".yaml", ".json"})
FORBIDDEN = re.compile(r"seed[ _-]?paper|\bseed 00\d|\bthe paper'?s?\b", re.IGNORECASE)


def test_package_text_never_refers_to_the_seed_papers():
    assert len(FILES) > 50
    hits = [f"{path.relative_to(PACKAGE)}:{i}: {line.strip()}" for path in FILES
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if FORBIDDEN.search(line)]
    assert not hits, "\n".join(hits)


def test_the_check_finds_the_wording_it_forbids():
    assert FORBIDDEN.search("as seed paper 002 reports after deleting item Z4")
    assert FORBIDDEN.search("(the paper's comparison)")
    assert FORBIDDEN.search("as in seed 003")
    assert not FORBIDDEN.search("Wibowo & Safitri (2022) report t = 2.346")
