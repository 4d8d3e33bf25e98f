"""Regenerate ``sessions.csv``: synthetic TikTok Shop LIVE session records mirroring the Banyumas live-commerce study.

Run from the repository root::

    .venv/bin/python data/live_sessions/make_data.py            # writes data/live_sessions/sessions.csv
    .venv/bin/python data/live_sessions/make_data.py --check    # the 28-day pattern next to the paper's accounts

Ten anonymized accounts over eight weeks (56 days ending 2026-01-31). Each session draws its viewers
(log-normal around the account's median), its orders (Poisson, the account's orders per 1,000 viewers), its items
(orders plus a binomial share of multi-item orders) and its GMV (items x the account's typical price x a log-normal
price-mix factor, rounded to Rp100). The account profiles are ours, chosen to mirror what the paper reports from
FastMoss (2026) for three accounts (see ``README.md``); they are not the paper's data, which are not public.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
SEED = 20260131
END = pd.Timestamp("2026-01-31")
DAYS = 56

#: account -> (sessions in 56 days, median viewers, orders per 1,000 viewers, typical price Rp, mean minutes, mirrors)
PROFILES = {
    "acct_A": (28, 2500, 0.8, 22_000, 75, "Keylaafood: ~15 sessions in 28 days, thousands of viewers, mean GMV tens of thousands"),
    "acct_B": (80, 30000, 1.0, 95_000, 150, "Gajah Sakti Purwokerto: many sessions, tens of thousands of viewers, mean GMV in the millions"),
    "acct_C": (220, 400, 0.25, 35_000, 120, "radefa.optik: very many sessions, very small mean GMV"),
    "acct_D": (16, 5000, 2.0, 60_000, 90, ""),
    "acct_E": (40, 1200, 3.0, 40_000, 60, ""),
    "acct_F": (10, 8000, 1.5, 120_000, 120, ""),
    "acct_G": (60, 900, 1.5, 30_000, 60, ""),
    "acct_H": (24, 3000, 2.0, 75_000, 90, ""),
    "acct_I": (50, 1800, 1.0, 55_000, 75, ""),
    "acct_J": (12, 2200, 2.5, 45_000, 60, ""),
}


def _id(n: int) -> str:
    """Indonesian thousands separator: 12500 -> '12.500'."""
    return f"{n:,}".replace(",", ".")


def make(seed: int = SEED) -> pd.DataFrame:
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    rows = []
    for acct, (n, viewers_med, conv, price, minutes, _m) in PROFILES.items():
        day = np.sort(rng.integers(0, DAYS, size=n))
        minute = rng.integers(10 * 60, 22 * 60, size=n)
        start = END - pd.Timedelta(days=DAYS - 1) + pd.to_timedelta(day, unit="D") + pd.to_timedelta(minute, unit="min")
        order = np.argsort(start.to_numpy(), kind="stable")
        viewers = np.maximum(1, np.round(viewers_med * np.exp(rng.normal(0, 0.5, n)))).astype(int)
        peak = np.maximum(1, np.round(viewers * rng.uniform(0.05, 0.15, n))).astype(int)
        orders = rng.poisson(conv * viewers / 1000)
        items = orders + rng.binomial(orders, 0.3)
        gmv = (np.round(items * price * np.exp(rng.normal(0, 0.25, n)) / 100) * 100).astype(int)
        dur = np.maximum(10, np.round(minutes * np.exp(rng.normal(0, 0.3, n)))).astype(int)
        for k, i in enumerate(order, start=1):
            rows.append({"account": acct, "session_id": f"{acct}-{k:03d}",
                         "start": start[i].strftime("%Y-%m-%d %H:%M"), "duration_min": int(dur[i]),
                         "viewers": _id(int(viewers[i])), "peak_viewers": _id(int(peak[i])),
                         "gmv": f"Rp{_id(int(gmv[i]))}", "orders": int(orders[i]), "items_sold": int(items[i])})
    return pd.DataFrame(rows)


def check() -> None:
    from surveysem.sessions import run_sessions_study

    res = run_sessions_study(HERE / "sessions.csv", seed=1, boot=2000)
    cols = ["account", "sessions", "gmv_mean", "gmv_median", "viewers_mean", "gmv_per_viewer"]
    print(res.accounts[cols].to_string(index=False))
    for acct in ("acct_A", "acct_B", "acct_C"):
        print(f"{acct} mirrors {PROFILES[acct][5]}")
    print(res.hypotheses["reason"].iloc[0])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    if args.check:
        check()
        return 0
    df = make()
    df.to_csv(HERE / "sessions.csv", index=False, lineterminator="\n")
    print(f"wrote {HERE / 'sessions.csv'} ({len(df)} sessions, {df['account'].nunique()} accounts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
