"""One result protocol (issue 11, item 5): every analysis result offers ``tables()``, ``summary()`` and ``write(out)``.

For each result class, on a small example: it satisfies :class:`surveysem.results.Result`; ``summary()`` is a
non-empty string; ``write(out)`` writes one ``<stem>.csv`` per key of ``tables()`` and no other CSV, each file
holding that table (read back, the same rows and columns), marks the folder as surveysem's, and returns exactly the
files it wrote; a second ``write`` into the same folder replaces it as a whole.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem.results import Result

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def _pls():
    from surveysem.pls import pls

    return pls(DATA / "shopee_trust" / "data.csv", DATA / "shopee_trust" / "model.lav", missing_values=[-99])


def _boot():
    return _pls().bootstrap(boot=30, seed=1)


def _assessment():
    from surveysem.assess import assess

    res = _pls()
    return assess(res, res.bootstrap(boot=30, seed=1), predict_folds=5, predict_reps=1, fit_boot=20, seed=1)


def _regression():
    from surveysem.regression.study import run_regression_study

    model = (DATA / "bukalapak_loyalty" / "model.lav").read_text() + "ESAT ~ ETRUST\n"  # a chain: mediation tables
    return run_regression_study(DATA / "bukalapak_loyalty" / "data.csv", model, missing_values=[-99], boot=50,
                                seed=1)


def _sessions():
    from surveysem.sessions.study import run_sessions_study

    return run_sessions_study(DATA / "live_sessions" / "sessions.csv", boot=50, seed=1, rolling=True)


def _coding():
    from surveysem.coding.study import run_coding_study

    d = DATA / "live_themes"
    return run_coding_study(d / "segments.csv", d / "codebook.csv", cases=d / "cases.csv")


def _cbsem():
    from surveysem.cbsem import fit_cbsem
    from surveysem.data import read_table
    from surveysem.model import read_model

    return fit_cbsem(read_table(DATA / "shopee_trust" / "data.csv"), read_model(DATA / "shopee_trust" / "model.lav"),
                     missing_values=[-99])


MAKERS = {"PLSResult": _pls, "BootstrapResult": _boot, "Assessment": _assessment, "RegressionResult": _regression,
          "SessionsResult": _sessions, "CodingResult": _coding, "CBSEMResult": _cbsem}


@pytest.fixture(scope="module", params=list(MAKERS))
def result(request):
    res = MAKERS[request.param]()
    assert type(res).__name__ == request.param
    return res


def test_every_result_class_satisfies_the_protocol(result):
    assert isinstance(result, Result)


def test_summary_is_a_non_empty_plain_text(result):
    text = result.summary()
    assert isinstance(text, str) and text.strip()


def test_write_produces_one_csv_per_table_holding_that_table(result, tmp_path):
    tables = result.tables()
    assert tables and all(isinstance(df, pd.DataFrame) for df in tables.values())
    out = tmp_path / "out"
    written = result.write(out)
    on_disk = sorted(p for p in out.rglob("*") if p.is_file() and p.name != ".surveysem")
    assert sorted(written) == on_disk  # the paths returned are exactly the files written, under out
    assert (out / ".surveysem").is_file()
    assert {p.stem for p in on_disk if p.suffix == ".csv"} == set(tables)
    for stem, df in tables.items():
        back = pd.read_csv(out / f"{stem}.csv", keep_default_na=False, na_values=[""])
        assert list(back.columns) == [str(c) for c in df.columns], stem
        assert len(back) == len(df), stem
        num = df.select_dtypes("number").columns.intersection(back.columns)
        np.testing.assert_array_equal(back[num].to_numpy(dtype=float), df[num].to_numpy(dtype=float), err_msg=stem)
    assert (out / "run.json").is_file()


def test_a_second_write_replaces_the_folder_as_a_whole(result, tmp_path):
    out = tmp_path / "out"
    result.write(out)
    (out / "stale.csv").write_text("x\n1\n")
    result.write(out)
    assert not (out / "stale.csv").exists()
