"""Cohen's kappa against a standard worked example and hand derivations (formulas written out)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from surveysem.coding import coder_agreement, cohen_kappa, landis_koch, read_codebook, read_segments

BOOK = pd.DataFrame({"theme": ["T1", "T2"], "label": ["one", "two"], "definition": ["", ""]})


def test_kappa_of_the_standard_two_by_two_example():
    # Worked example "Simple example" of the Wikipedia article "Cohen's kappa" (50 grant proposals, two readers):
    # both yes a = 20, A only b = 5, B only c = 10, both no d = 15.
    # p_o = (20 + 15)/50 = 0.70; P(A yes) = 25/50 = 0.5, P(B yes) = 30/50 = 0.6
    # p_e = 0.5*0.6 + 0.5*0.4 = 0.50; kappa = (0.70 - 0.50)/(1 - 0.50) = 0.40        (Cohen 1960, eq. 1)
    k = cohen_kappa(20, 5, 10, 15)
    assert k["p_observed"] == pytest.approx(0.70, abs=1e-12)
    assert k["p_expected"] == pytest.approx(0.50, abs=1e-12)
    assert k["kappa"] == pytest.approx(0.40, abs=1e-12)


def test_kappa_is_one_for_perfect_and_zero_for_chance_agreement():
    assert cohen_kappa(10, 0, 0, 40)["kappa"] == pytest.approx(1.0)
    # independent coders with marginals 0.5/0.5: a = b = c = d -> p_o = p_e = 0.5 -> kappa = 0
    assert cohen_kappa(5, 5, 5, 5)["kappa"] == pytest.approx(0.0)
    # total disagreement with balanced marginals: p_o = 0, p_e = 0.5 -> kappa = -1
    assert cohen_kappa(0, 5, 5, 0)["kappa"] == pytest.approx(-1.0)
    assert np.isnan(cohen_kappa(0, 0, 0, 8)["kappa"])  # p_e = 1: undefined


@pytest.mark.parametrize("k, word", [(-0.1, "poor"), (0.2, "slight"), (0.4, "fair"), (0.41, "moderate"),
                                     (0.8, "substantial"), (0.81, "almost perfect")])
def test_landis_koch_bands(k, word):
    assert landis_koch(k) == word  # Landis & Koch (1977, p. 165)


def _two_coder_segments():
    # 50 segments s01..s50 read by coders "ana" and "budi".
    # T1 arranged as the worked example: s01-s20 both, s21-s25 ana only, s26-s35 budi only, s36-s50 neither
    # T2: s01-s10 both, no other segment
    rows = []
    for i in range(1, 51):
        sid = f"s{i:02d}"
        ana = (["T1"] if i <= 25 else []) + (["T2"] if i <= 10 else [])
        budi = (["T1"] if i <= 20 or 26 <= i <= 35 else []) + (["T2"] if i <= 10 else [])
        rows.append({"case": "c1", "source": "x", "segment_id": sid, "theme": ";".join(ana), "excerpt": "e",
                     "coder": "ana"})
        rows.append({"case": "c1", "source": "x", "segment_id": sid, "theme": ";".join(budi), "excerpt": "e",
                     "coder": "budi"})
    return pd.DataFrame(rows)


def test_agreement_table_counts_segments_and_pools_the_themes():
    seg = read_segments(_two_coder_segments(), read_codebook(BOOK))
    a = coder_agreement(seg, read_codebook(BOOK), ("ana", "budi")).set_index("theme")
    assert a.loc["T1", ["both_yes", "coder_1_only", "coder_2_only", "both_no"]].tolist() == [20, 5, 10, 15]
    assert a.loc["T1", "kappa"] == pytest.approx(0.40)
    assert a.loc["T2", "kappa"] == pytest.approx(1.0)
    # pooled (De Vries et al. 2008) = kappa of the summed table a = 30, b = 5, c = 10, d = 55 (n = 100):
    # p_o = 0.85; P(ana yes) = 0.35, P(budi yes) = 0.40; p_e = 0.35*0.40 + 0.65*0.60 = 0.53
    # kappa = (0.85 - 0.53)/(1 - 0.53) = 0.32/0.47
    assert a.loc["overall", "kappa"] == pytest.approx(0.32 / 0.47, abs=1e-12)
    assert "Braun & Clarke" in a.loc["overall", "note"] and "does not require" in a.loc["overall", "note"]


def test_segments_coded_by_one_coder_only_are_left_out_of_kappa_with_a_note():
    d = _two_coder_segments()
    d = pd.concat([d, pd.DataFrame([{"case": "c1", "source": "x", "segment_id": "s99", "theme": "T1",
                                     "excerpt": "e", "coder": "ana"}])])
    seg = read_segments(d, read_codebook(BOOK))
    a = coder_agreement(seg, read_codebook(BOOK), ("ana", "budi"))
    assert (a["n_segments"] == 50).all()
    assert a["note"].iloc[-1].startswith("1 segment(s) coded by one coder only are left out")
