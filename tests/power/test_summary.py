"""The power summary quotes min_n.csv: one sentence per effect, numbers as the CSV holds them (APA, 3 decimals), and
the printed tables of the folder (``surveysem report tables --kind power``)."""
from __future__ import annotations

import pandas as pd

from surveysem.cli import main

from .conftest import write_population


def _apa(x: float) -> str:
    return f"{x:.3f}".lstrip("0") if x < 1 else "1.000"


def test_the_summary_has_a_quotable_sentence_per_effect_from_min_n(tmp_path):
    model = write_population(tmp_path, a=0.5, b=0.5, c=0.0)
    out = tmp_path / "power"
    assert main(["power", "--model", str(model), "--n", "30", "80", "--replications", "20", "--boot", "40",
                 "--power-target", "0.7", "--seed", "4", "--out", str(out)]) == 0
    assert main(["report", "summary", "--kind", "power", "--study", "p", "--in", str(out), "--out",
                 str(tmp_path / "summary.md")]) == 0
    assert main(["report", "tables", "--kind", "power", "--in", str(out), "--out", str(tmp_path / "tables")]) == 0
    text = (tmp_path / "summary.md").read_text(encoding="utf-8")
    mn = pd.read_csv(out / "min_n.csv")
    for _, r in mn.iterrows():
        chain = r["effect"].replace(" -> ", " → ")
        what = ("the indirect effect " if r["kind"] == "specific_indirect" else "the path ") + chain
        if pd.notna(r["min_n"]):
            assert (f"With n = {int(r['min_n'])}, {what} is detected with power {_apa(r['power'])} (95 % CI "
                    f"{_apa(r['power_ci_low'])} to {_apa(r['power_ci_high'])}).") in text
        else:
            assert f"No n of the grid reaches power .70 for {what} (power {_apa(r['power'])}" in text
    assert "X → M → Y" in text and "Target power .70." in text
    assert {p.name for p in (tmp_path / "tables").glob("*.md")} >= {"min_n.md", "power.md", "population.md"}
