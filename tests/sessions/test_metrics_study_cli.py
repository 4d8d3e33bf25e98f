"""Per-account window metrics by hand, the study's errors and the ``surveysem sessions`` CLI."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from surveysem.cli import main
from surveysem.errors import ConfigError, DataError
from surveysem.sessions import account_metrics, read_sessions, run_sessions_study, weekly_sessions

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "live_sessions"

# file rows (header = row 1)                                                       in a 28-day window ending 2026-02-10?
ROWS = [
    ("a", "a1", "2026-01-10 09:00", "Rp999.999", "800", "9"),      # row 2: before 2026-01-14 -> outside
    ("a", "a2", "2026-01-14 10:00", "Rp100.000", "1.000", "2"),    # row 3: first day of the window -> inside
    ("a", "a3", "2026-02-01 19:30", "Rp200.000", "1.000", "3"),    # row 4
    ("a", "a4", "2026-02-10 20:00", "Rp600.000", "2.000", "7"),    # row 5: the last session of the file
    ("b", "b1", "2026-01-13 23:59", "Rp70.000", "300", "1"),       # row 6: one day before the window -> outside
    ("b", "b2", "2026-01-20 19:00", "Rp0", "500", "0"),            # row 7
    ("b", "b3", "2026-01-21 19:00", "Rp50.000", "", "1"),          # row 8: viewers missing
    ("c", "c1", "2026-02-05 12:00", "1,2 jt", "10.000", "5"),      # row 9
]


def _frame(rows=ROWS, names=("account", "session_id", "start", "gmv", "viewers", "orders")):
    d = pd.DataFrame(rows, columns=list(names))
    d.attrs["source"] = "live.csv"
    return d


def test_window_metrics_by_hand():
    s, _ = read_sessions(_frame())
    m = account_metrics(s, window=28).set_index("account")
    # window: 2026-02-10 minus 27 days = 2026-01-14 .. 2026-02-10 for every account (anchor = data)
    assert (m["window_start"] == pd.Timestamp("2026-01-14")).all()
    a = m.loc["a"]
    assert a["sessions"] == 3 and a["sessions_outside_window"] == 1
    assert a["gmv_total"] == 900_000 and a["gmv_mean"] == 300_000 and a["gmv_median"] == 200_000
    assert a["viewers_mean"] == pytest.approx(4000 / 3)
    assert a["gmv_per_viewer"] == 900_000 / 4000               # ratio of sums = 225
    assert a["orders_per_1000_viewers"] == 1000 * 12 / 4000    # = 3
    assert a["sessions_per_week"] == 3 / 4
    b = m.loc["b"]
    assert b["sessions"] == 2 and b["gmv_mean"] == 25_000
    assert b["viewers_total"] == 500 and b["gmv_per_viewer"] == 0  # the session without viewers is left out
    assert "viewers missing for 1 session" in b["note"]
    assert m.loc["c", "gmv_total"] == 1_200_000


def test_anchor_account_ends_each_window_at_the_accounts_last_session():
    s, _ = read_sessions(_frame())
    m = account_metrics(s, window=28, anchor="account").set_index("account")
    # b's last session 2026-01-21 -> window 2025-12-25 .. 2026-01-21 holds all three of b's sessions
    assert m.loc["b", "window_end"] == pd.Timestamp("2026-01-21") and m.loc["b", "sessions"] == 3


def test_weekly_counts_start_on_monday_and_fill_empty_weeks():
    s, _ = read_sessions(_frame())
    w = weekly_sessions(s)
    a = w[w["account"] == "a"].set_index("week_start")["sessions"]
    # 2026-01-10 is a Saturday -> week of Mon 2026-01-05; 2026-01-14 -> week of 2026-01-12
    assert a[pd.Timestamp("2026-01-05")] == 1 and a[pd.Timestamp("2026-01-12")] == 1
    assert a[pd.Timestamp("2026-01-19")] == 0 and a.sum() == 4


def test_columns_with_other_names_are_mapped():
    d = _frame(names=("akun", "id", "mulai", "omzet", "penonton", "pesanan"))
    s, _ = read_sessions(d, columns={"account": "akun", "session_id": "id", "start": "mulai", "gmv": "omzet",
                                     "viewers": "penonton", "orders": "pesanan"})
    assert s["gmv"].sum() == 999_999 + 900_000 + 120_000 + 1_200_000


def test_unknown_mapping_target_and_missing_column_are_errors():
    with pytest.raises(ConfigError, match="'omset', which is not a session column"):
        read_sessions(_frame(), columns={"omset": "gmv"})
    with pytest.raises(DataError, match=r"live\.csv: column 'omzet' \(mapped from 'gmv'\) is not in the file"):
        read_sessions(_frame(), columns={"gmv": "omzet"})


@pytest.mark.parametrize("row, col, value, needle", [
    (2, "gmv", "dua ratus ribu", 'row 4, column gmv: "dua ratus ribu" is not a number'),
    (2, "gmv", "-Rp5.000", 'row 4, column gmv: "-Rp5.000" is negative'),
    (2, "gmv", "", "row 4, column gmv: the GMV is empty"),
    (2, "viewers", "12,5", 'row 4, column viewers: "12,5" reads as 12.5, but viewers is a count'),
    (2, "account", "", "row 4, column account: the account is empty"),
    (2, "session_id", "a2", "session 'a2' of account 'a' appears in rows 3 and 4"),
])
def test_bad_cells_are_errors_naming_the_row(row, col, value, needle):
    d = _frame()
    d.loc[row, col] = value
    with pytest.raises(DataError) as e:
        read_sessions(d)
    assert needle in e.value.message


def test_fewer_than_three_active_accounts_is_an_error():
    with pytest.raises(DataError, match="only 2 account"):
        run_sessions_study(_frame(ROWS[:7]), seed=1, boot=10)


def test_bootstrap_without_seed_is_a_config_error():
    with pytest.raises(ConfigError, match="needs a seed"):
        run_sessions_study(_frame(), boot=100)


def test_loglog_regression_recovers_exact_elasticities():
    # mean GMV = 5000 * sessions^-0.5 * viewers^1.2 exactly (no error) -> the log-log OLS returns -0.5 and 1.2
    from surveysem.sessions.study import loglog_regression

    sess = np.array([2, 5, 9, 14, 30, 60.0])
    view = np.array([800, 3000, 1200, 20000, 500, 7000.0])
    acc = pd.DataFrame({"account": list("abcdef"), "sessions": sess, "viewers_mean": view,
                        "gmv_mean": 5000 * sess ** -0.5 * view ** 1.2})
    coefs, fit = loglog_regression(acc)
    c = coefs.set_index("term")["b"]
    assert c["log_sessions"] == pytest.approx(-0.5, abs=1e-9)
    assert c["log_viewers_mean"] == pytest.approx(1.2, abs=1e-9)
    assert c["const"] == pytest.approx(np.log(5000), abs=1e-9)
    assert fit["r2"].iloc[0] == pytest.approx(1.0)


def _load_make_data():
    spec = importlib.util.spec_from_file_location("live_sessions_make_data", EXAMPLE / "make_data.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_example_data_regenerate_byte_for_byte(tmp_path):
    mod = _load_make_data()
    df = mod.make()
    df.to_csv(tmp_path / "sessions.csv", index=False, lineterminator="\n")
    assert (tmp_path / "sessions.csv").read_bytes() == (EXAMPLE / "sessions.csv").read_bytes()


def test_example_data_show_the_papers_three_accounts():
    # the Banyumas live-commerce study (FastMoss 2026): Keylaafood ~ "beberapa belas" (a dozen-odd) sessions in
    # 28 days, mean GMV "puluhan ribu" (tens of thousands) rupiah; Gajah Sakti many sessions, mean GMV "jutaan"
    # (millions); radefa.optik "sangat tinggi" (very many) sessions with a very small mean GMV
    res = run_sessions_study(EXAMPLE / "sessions.csv", boot=0)
    m = res.accounts.set_index("account")
    assert 11 <= m.loc["acct_A", "sessions"] <= 19 and 10_000 <= m.loc["acct_A", "gmv_mean"] < 100_000
    assert m.loc["acct_B", "sessions"] >= 25 and 1e6 <= m.loc["acct_B", "gmv_mean"] < 1e7
    assert m.loc["acct_C", "sessions"] == m["sessions"].max() and m.loc["acct_C", "gmv_mean"] < 10_000
    assert m.loc["acct_B", "viewers_mean"] >= 10_000
    assert len(m) == 10


def _one_line_error(capsys, code, out, *needles):
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and err[0].startswith("surveysem: error: ")
    for n in needles:
        assert n in err[0], (n, err[0])
    assert not out.exists() and not list(out.parent.glob(".out.tmp-*"))


def test_cli_writes_tables_figures_and_run_json(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["sessions", "--data", str(EXAMPLE / "sessions.csv"), "--out", str(out), "--seed", "7",
                 "--boot", "200", "--rolling"])
    assert code == 0
    for f in ["sessions.csv", "accounts.csv", "correlations.csv", "regression.csv", "regression_fit.csv",
              "hypotheses.csv", "weekly_sessions.csv", "rolling.csv", "summary.txt", "run.json"]:
        assert (out / f).exists(), f
    for f in ["frequency_vs_gmv", "gmv_by_account", "weekly_sessions"]:
        assert (out / "figures" / f"{f}.png").exists() and (out / "figures" / f"{f}.svg").exists()
    run = json.loads((out / "run.json").read_text())
    assert run["options"]["seed"] == 7 and run["n_accounts"] == 10
    h = pd.read_csv(out / "hypotheses.csv")
    assert h["verdict"].iloc[0] in {"supported", "not contradicted", "contradicted"}
    assert "H1" in capsys.readouterr().out


def test_cli_maps_columns(tmp_path):
    d = _frame(names=("akun", "id", "mulai", "omzet", "penonton", "pesanan"))
    d.to_csv(tmp_path / "akun.csv", index=False)
    out = tmp_path / "out"
    code = main(["sessions", "--data", str(tmp_path / "akun.csv"), "--out", str(out), "--boot", "0", "--no-figures",
                 "--columns", "account=akun,start=mulai,gmv=omzet", "--columns", "viewers=penonton,orders=pesanan"])
    assert code == 0
    acc = pd.read_csv(out / "accounts.csv").set_index("account")
    assert acc.loc["a", "gmv_total"] == 900_000


def test_cli_bad_cell_exits_2_with_one_line_and_no_output(tmp_path, capsys):
    d = _frame()
    d.loc[5, "gmv"] = "Rp 5 ribu-an"
    d.to_csv(tmp_path / "live.csv", index=False)
    out = tmp_path / "out"
    code = main(["sessions", "--data", str(tmp_path / "live.csv"), "--out", str(out), "--seed", "1"])
    _one_line_error(capsys, code, out, "live.csv, row 7, column gmv", '"Rp 5 ribu-an" is not a number')


def test_cli_bad_columns_option_exits_2(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["sessions", "--data", str(EXAMPLE / "sessions.csv"), "--out", str(out), "--seed", "1",
                 "--columns", "akun"])
    _one_line_error(capsys, code, out, "'akun' is not of the form name=column")


def test_rolling_windows_step_back_from_the_last_session_by_hand():
    from surveysem.sessions import rolling_metrics

    s, _ = read_sessions(_frame())
    r = rolling_metrics(s, window=14, step=7)
    # records run 2026-01-10 .. 2026-02-10; 14-day windows end 02-10 (from 01-28), 02-03 (from 01-21),
    # 01-27 (from 01-14); the next, ending 01-20, would open 01-07 before the records start -> not kept
    ends = sorted(r["window_end"].unique())
    assert [pd.Timestamp(e) for e in ends] == [pd.Timestamp(d) for d in ("2026-01-27", "2026-02-03", "2026-02-10")]
    a = r[r["account"] == "a"].set_index("window_end")["sessions"]
    assert a[pd.Timestamp("2026-01-27")] == 1 and a[pd.Timestamp("2026-02-03")] == 1 and a[pd.Timestamp("2026-02-10")] == 2
    b = r[r["account"] == "b"].set_index("window_end")
    assert b.loc[pd.Timestamp("2026-01-27"), "sessions"] == 2 and b.loc[pd.Timestamp("2026-02-10"), "sessions"] == 0


def test_a_semicolon_export_with_decimal_commas_and_an_excel_file_read_the_same(tmp_path):
    # the same sessions written as an Indonesian spreadsheet export: ';' delimiter, "1,25 jt", "Rp 100.000,-",
    # day-first dates; and as .xlsx with numbers and datetimes stored natively
    rows = [("a", "05/01/2026 19.30", "Rp 100.000,-", "1.000"), ("a", "06/01/2026 20.00", "1,25 jt", "2.500"),
            ("b", "06/01/2026 10.00", "Rp0", "800"), ("c", "07/01/2026 10.00", "12,5rb", "90")]
    (tmp_path / "id.csv").write_text("akun;mulai;omzet;penonton\n" + "\n".join(";".join(r) for r in rows) + "\n",
                                     encoding="utf-8")
    cols = {"account": "akun", "start": "mulai", "gmv": "omzet", "viewers": "penonton"}
    s, _ = read_sessions(tmp_path / "id.csv", columns=cols)
    assert s["gmv"].tolist() == [100_000, 1_250_000, 0, 12_500]
    assert s["viewers"].tolist() == [1000, 2500, 800, 90]
    assert s["start"].iloc[0] == pd.Timestamp("2026-01-05 19:30")
    x = pd.DataFrame({"akun": ["a", "a", "b", "c"],
                      "mulai": pd.to_datetime(["2026-01-05 19:30", "2026-01-06 20:00", "2026-01-06 10:00",
                                               "2026-01-07 10:00"]),
                      "omzet": [100_000, 1_250_000, 0, 12_500], "penonton": [1000, 2500, 800, 90]})
    x.to_excel(tmp_path / "id.xlsx", index=False)
    s2, _ = read_sessions(tmp_path / "id.xlsx", columns=cols)
    pd.testing.assert_frame_equal(s.drop(columns="row"), s2.drop(columns="row"), check_dtype=False)
