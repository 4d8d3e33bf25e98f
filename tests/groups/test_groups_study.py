"""The multigroup example study ``tiktok_gifting_mga`` through the commands the workflow runs (clean → pls with the
marker and the IPMA → mga → figures → tables → summary), in Bahasa Indonesia.

Outside facts checked: the design of ``data/tiktok_gifting_mga/make_data.py`` (one planted path difference, EA → GGI
0.40 vs 0.10 in the populations; the same measurement in both groups), which the multigroup analysis must find (MICOM
full invariance, EA → GGI the only path with a permutation p below .05 at the search's settings: 1,000 permutations,
seed 2024); every printed text is in the Indonesian catalogue; the group labels are printed as the data write them.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from surveysem import i18n
from surveysem.cli import main

DATA = Path(__file__).resolve().parents[2] / "data"


def _run(*args: str) -> None:
    assert main([*args]) == 0, args


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    out = tmp_path_factory.mktemp("mga") / "tiktok_gifting_mga"
    model = str(DATA / "tiktok_gifting/model.lav")
    i18n.reset_missing()
    _run("clean", "--data", str(DATA / "tiktok_gifting_mga/data.csv"), "--model", model, "--out",
         str(out / "cleaning"))
    clean = str(out / "cleaning/clean.csv")
    _run("pls", "--data", clean, "--model", model, "--boot", "200", "--seed", "2024", "--assess", "--quiet",
         "--marker", "mkr", "--ipma", "GGI", "--predict-folds", "0", "--out", str(out / "pls"))
    _run("mga", "--data", clean, "--model", model, "--groups", "gender", "--permutations", "1000", "--boot", "200",
         "--seed", "2024", "--quiet", "--out", str(out / "mga"))
    _run("report", "figures", "--kind", "pls", "--in", str(out / "pls"), "--language", "id", "--out",
         str(out / "figures"))
    _run("report", "tables", "--kind", "pls", "--in", str(out / "pls"), "--mga", str(out / "mga"), "--language",
         "id", "--out", str(out / "tables"))
    _run("report", "summary", "--kind", "pls", "--study", "tiktok_gifting_mga", "--in", str(out / "pls"),
         "--cleaning", str(out / "cleaning"), "--mga", str(out / "mga"), "--language", "id", "--out",
         str(out / "summary.md"))
    return out, i18n.missing()


def test_the_planted_difference_is_the_only_path_the_groups_differ_in_and_micom_finds_full_invariance(study):
    out, _ = study
    mga = pd.read_csv(out / "mga/mga.csv")
    paths = mga[mga["parameter"] == "path"]
    different = paths[paths["p_permutation"] < 0.05]
    assert list(different["from"] + " -> " + different["to"]) == ["EA -> GGI"]
    row = different.iloc[0]
    assert (row["group_a"], row["group_b"]) == ("female", "male")  # sorted labels; difference = female - male
    assert row["difference"] > 0.2  # population 0.40 - 0.10
    assert set(pd.read_csv(out / "mga/micom.csv")["invariance"]) == {"full"}


def test_the_summary_reports_common_method_bias_the_map_and_the_groups_in_indonesian(study):
    out, missing = study
    text = (out / "summary.md").read_text(encoding="utf-8")
    for heading in ("Bias metode umum", "Peta kepentingan-kinerja", "Analisis multigrup", "Invariansi pengukuran"):
        assert heading in text
    assert "EA → GGI: female" in text  # the data's own labels, untranslated
    assert (out / "figures/ipma.png").is_file()
    assert sorted(missing) == []
