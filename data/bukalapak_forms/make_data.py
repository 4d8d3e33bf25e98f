"""Regenerate ``form_responses.csv``: the bukalapak_loyalty answers as a Google Forms export would hold them.

Run from the repository root::

    .venv/bin/python data/bukalapak_forms/make_data.py     # writes form_responses.csv (byte-for-byte)

The answers are those of ``data/bukalapak_loyalty/data.csv`` (numbers 1–5, ``-99`` for no answer), rendered as a
student's Google Form returns them ("Download responses (.csv)"):

* ``Timestamp`` first (Google's ``YYYY/MM/DD HH:MM:SS`` form), then ``Nama`` (synthetic names, to show the privacy
  drop) and four demographic questions (``Jenis Kelamin``, ``Usia`` in bands, ``Pekerjaan``, ``Domisili``: synthetic,
  drawn with :data:`SEED`);
* every item column headed by its full question, starting with its item code (``X1.1 Saya percaya ...``): X1.1–X1.5
  e-trust (``etr1``–``etr5``), X2.1–X2.3 e-satisfaction (``esat1``–``esat3``), Y.1–Y.9 e-loyalty (``eloy1``–``eloy9``);
* answers as the labels the respondent clicked (Sangat Tidak Setuju … Sangat Setuju); one label with a trailing
  space (:data:`TRAILING_SPACE`); ``-99`` as a blank answer;
* one double submission (:data:`DOUBLE`): the same answers sent again two minutes later.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "bukalapak_loyalty" / "data.csv"
OUT = HERE / "form_responses.csv"
SEED = 2021  # the numeric study's seed
MISSING_CODE = -99

LABELS = {1: "Sangat Tidak Setuju", 2: "Tidak Setuju", 3: "Netral", 4: "Setuju", 5: "Sangat Setuju"}

#: item of the numeric study -> (item code, question as the form shows it)
QUESTIONS = {
    "etr1": ("X1.1", "Saya percaya Bukalapak menjaga kerahasiaan data pribadi saya"),
    "etr2": ("X1.2", "Saya bersedia memberikan informasi pribadi kepada Bukalapak"),
    "etr3": ("X1.3", "Saya yakin Bukalapak menepati janji yang diberikan kepada pembeli"),
    "etr4": ("X1.4", "Saya percaya penjual di Bukalapak jujur dalam mendeskripsikan produk"),
    "etr5": ("X1.5", "Saya merasa aman bertransaksi melalui Bukalapak"),
    "esat1": ("X2.1", "Saya puas dengan pengalaman berbelanja di Bukalapak"),
    "esat2": ("X2.2", "Bukalapak memenuhi harapan saya sebagai pembeli"),
    "esat3": ("X2.3", "Keputusan saya berbelanja di Bukalapak adalah keputusan yang tepat"),
    "eloy1": ("Y.1", "Saya akan berbelanja kembali di Bukalapak"),
    "eloy2": ("Y.2", "Saya menjadikan Bukalapak pilihan pertama saat berbelanja online"),
    "eloy3": ("Y.3", "Saya akan merekomendasikan Bukalapak kepada teman dan keluarga"),
    "eloy4": ("Y.4", "Saya mengatakan hal-hal positif tentang Bukalapak kepada orang lain"),
    "eloy5": ("Y.5", "Saya tetap memilih Bukalapak walaupun ada promo di marketplace lain"),
    "eloy6": ("Y.6", "Saya sering mengunjungi aplikasi Bukalapak"),
    "eloy7": ("Y.7", "Saya akan tetap menggunakan Bukalapak dalam jangka panjang"),
    "eloy8": ("Y.8", "Saya merasa terikat dengan Bukalapak"),
    "eloy9": ("Y.9", "Saya mengajak orang lain untuk berbelanja di Bukalapak"),
}

DEMOGRAPHICS = {
    "Jenis Kelamin": (["Laki-laki", "Perempuan"], [0.45, 0.55]),
    "Usia": (["18-22 tahun", "23-27 tahun", "28-32 tahun", "> 32 tahun"], [0.45, 0.30, 0.15, 0.10]),
    "Pekerjaan": (["Mahasiswa", "Karyawan Swasta", "Wiraswasta", "PNS", "Lainnya"], [0.45, 0.25, 0.15, 0.08, 0.07]),
    "Domisili": (["Tembalang", "Banyumanik", "Semarang Tengah", "Pedurungan", "Ngaliyan", "Gajahmungkur"],
                 [0.25, 0.20, 0.18, 0.15, 0.12, 0.10]),
}
FIRST = ["Adi", "Ayu", "Bagus", "Citra", "Dewi", "Dimas", "Eka", "Fajar", "Fitri", "Galih", "Hana", "Indra", "Intan",
         "Joko", "Kartika", "Lestari", "Mega", "Nanda", "Putri", "Rizky", "Sari", "Teguh", "Wulan", "Yoga"]
LAST = ["Pratama", "Saputra", "Wijaya", "Lestari", "Hidayat", "Nugroho", "Kurniawan", "Rahmawati", "Santoso",
        "Permata", "Susanto", "Utami", "Setiawan", "Anggraini"]

#: respondent (id) whose form was sent twice; the copy follows it two minutes later
DOUBLE = 42
#: (respondent id, item) whose label carries a trailing space
TRAILING_SPACE = (15, "esat2")


def build() -> pd.DataFrame:
    """The export as a frame of text cells, one row per submission."""
    src = pd.read_csv(SOURCE)
    rng = np.random.default_rng(np.random.SeedSequence(SEED))
    n = len(src)
    start = pd.Timestamp("2024-03-04 08:00:00")
    gaps = rng.integers(60, 4 * 3600, size=n).cumsum()
    names = [f"{FIRST[i]} {LAST[j]}" for i, j in zip(rng.integers(0, len(FIRST), n), rng.integers(0, len(LAST), n))]
    out = pd.DataFrame({"Timestamp": [(start + pd.Timedelta(seconds=int(s))).strftime("%Y/%m/%d %H:%M:%S")
                                      for s in gaps],
                        "Nama": names})
    for col, (choices, probs) in DEMOGRAPHICS.items():
        out[col] = rng.choice(choices, size=n, p=probs)
    for item, (code, question) in QUESTIONS.items():
        values = src[item].to_numpy()
        out[f"{code} {question}"] = ["" if v == MISSING_CODE else LABELS[int(v)] for v in values]
    rid, item = TRAILING_SPACE
    col = next(c for c in out.columns if c.startswith(QUESTIONS[item][0] + " "))
    out.loc[rid - 1, col] = out.loc[rid - 1, col] + " "
    copy = out.iloc[[DOUBLE - 1]].copy()
    copy["Timestamp"] = (pd.Timestamp(out.loc[DOUBLE - 1, "Timestamp"]) + pd.Timedelta(minutes=2)).strftime(
        "%Y/%m/%d %H:%M:%S")
    return pd.concat([out.iloc[:DOUBLE], copy, out.iloc[DOUBLE:]], ignore_index=True)


def main() -> None:
    df = build()
    df.to_csv(OUT, index=False, lineterminator="\n", encoding="utf-8")
    print(f"wrote {OUT.name} ({len(df)} submissions, {df.shape[1]} columns)")


if __name__ == "__main__":
    main()
