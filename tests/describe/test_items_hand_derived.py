"""Item descriptives against values computed by hand, with the formulas written out.

Formulas (docs/describe.md):
* total score = Σ answers; ideal score = max × n (Sugiyono 2017, "skor kriterium"); score index = total / ideal × 100;
* class interval of a mean: width = (max − min)/k, k = number of answer points (Sugiyono 2017, p. 134-136; Simamora
  2004, RS = (m − 1)/m), classes closed on the right, the first holding the scale minimum;
* score-index bands: the same rule on the percentage scale, from 100·min/max to 100 in five classes;
* three-box index (Ferdinand 2006) = Σ(%F_i × i)/max, three equal boxes from 100·min/max to 100 (on 1–10:
  10–40, 40–70, 70–100; on 1–5: 20–46.67, 46.67–73.33, 73.33–100).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from surveysem.describe import construct_descriptives, item_descriptives, rules
from surveysem.errors import ConfigError

# item A: answers 5 4 4 3 2 5 4 1 3 4 (n = 10); item B: 1 1 2 (blank) 1 (n = 4)
ANSWERS = pd.DataFrame({"A": [5, 4, 4, 3, 2, 5, 4, 1, 3, 4], "B": [1, 1, 2, np.nan, 1] + [np.nan] * 5})


@pytest.fixture(scope="module")
def table():
    return item_descriptives(ANSWERS, {"X": ["A", "B"]}, likert=(1, 5)).set_index("item")


def test_item_a_counts_totals_mean_and_sd_by_hand(table):
    a = table.loc["A"]
    # counts: one 1, one 2, two 3s, four 4s, two 5s
    assert [a[f"n_{v}"] for v in range(1, 6)] == [1, 1, 2, 4, 2]
    assert [a[f"percent_{v}"] for v in range(1, 6)] == pytest.approx([10, 10, 20, 40, 20])
    assert a["n"] == 10
    assert a["total_score"] == 35  # 5+4+4+3+2+5+4+1+3+4
    assert a["ideal_score"] == 50  # 5 × 10
    assert a["mean"] == pytest.approx(3.5)
    # squared deviations from 3.5: 2.25+.25+.25+.25+2.25+2.25+.25+6.25+.25+.25 = 14.5; SD = sqrt(14.5/9)
    assert a["sd"] == pytest.approx(np.sqrt(14.5 / 9))
    assert a["score_index"] == pytest.approx(70.0)  # 35/50 × 100
    # three-box: (10·1 + 10·2 + 20·3 + 40·4 + 20·5)/5 = 350/5 = 70
    assert a["three_box_index"] == pytest.approx(70.0)


def test_item_a_categories_by_the_three_rules(table):
    a = table.loc["A"]
    assert a["category"] == "high"  # 3.40 < 3.5 ≤ 4.20
    assert a["index_category"] == "high"  # 68 < 70 ≤ 84
    assert a["three_box_category"] == "medium"  # 46.67 < 70 ≤ 73.33


def test_a_missing_answer_lowers_only_that_items_n(table):
    b = table.loc["B"]
    assert b["n"] == 4 and [b[f"n_{v}"] for v in range(1, 6)] == [3, 1, 0, 0, 0]
    assert b["total_score"] == 5 and b["ideal_score"] == 20
    assert b["mean"] == pytest.approx(1.25) and b["category"] == "very low"  # ≤ 1.80
    assert b["score_index"] == pytest.approx(25.0) and b["index_category"] == "very low"  # 20-36
    # (75·1 + 25·2)/5 = 25: the low box (20-46.67)
    assert b["three_box_index"] == pytest.approx(25.0) and b["three_box_category"] == "low"


def test_construct_row_averages_the_item_means_and_indexes(table):
    c = construct_descriptives(table.reset_index(), likert=(1, 5)).iloc[0]
    assert c["construct"] == "X" and c["n_items"] == 2
    assert c["mean"] == pytest.approx((3.5 + 1.25) / 2) and c["category"] == "low"  # 2.375 in (1.80, 2.60]
    assert c["score_index"] == pytest.approx(47.5) and c["index_category"] == "low"  # (70 + 25)/2 in (36, 52]
    assert c["three_box_index"] == pytest.approx(47.5) and c["three_box_category"] == "medium"  # > 46.67
    assert c["total_score"] == 40 and c["ideal_score"] == 70


def test_class_interval_bands_of_a_five_point_scale():
    r = rules.class_interval_rule((1, 5))
    assert r.thresholds == pytest.approx((1.0, 1.8, 2.6, 3.4, 4.2, 5.0))  # width (5 − 1)/5 = 0.80
    assert [b.label for b in r.bands] == ["very low", "low", "medium", "high", "very high"]
    # closed on the right, the first band holds the minimum
    assert [r.band(v).label for v in (1.0, 1.8, 1.81, 2.6, 3.4, 3.41, 5.0)] == [
        "very low", "very low", "low", "low", "medium", "high", "very high"]
    assert r.band(0.99) is None and r.band(5.01) is None and r.band(float("nan")) is None


def test_class_interval_of_a_seven_point_scale_has_seven_classes_of_six_sevenths():
    r = rules.class_interval_rule((1, 7))
    assert len(r.bands) == 7
    assert r.bands[0].upper - r.bands[0].lower == pytest.approx(6 / 7)


def test_score_index_bands_are_20_36_52_68_84_100_on_a_five_point_scale():
    assert rules.index_rule((1, 5)).thresholds == pytest.approx((20, 36, 52, 68, 84, 100))


@pytest.mark.parametrize("likert, cuts", [
    ((1, 5), (20, 46.6667, 73.3333, 100)),  # Σ(%F × i)/5, boxes of 80/3
    ((1, 10), (10, 40, 70, 100)),  # Ferdinand's 1-10 scale: 10-40 low, 40.01-70 medium, 70.01-100 high
])
def test_three_boxes_match_both_published_variants(likert, cuts):
    r = rules.three_box_rule(likert)
    assert r.thresholds == pytest.approx(cuts, abs=1e-4)
    assert [b.label for b in r.bands] == ["low", "medium", "high"]


def test_three_box_index_on_a_ten_point_scale_by_hand():
    # answers 10, 7, 7, 4 (n = 4): %F = 25 % each for 10 and 4, 50 % for 7; index = (25·10 + 50·7 + 25·4)/10 = 70
    t = item_descriptives(pd.DataFrame({"q": [10, 7, 7, 4]}), {"Q": ["q"]}, likert=(1, 10)).iloc[0]
    assert t["three_box_index"] == pytest.approx(70.0) and t["three_box_category"] == "medium"  # 70 is ≤ 70
    assert t["score_index"] == pytest.approx(70.0)  # total 28 / ideal 40


@pytest.mark.parametrize("make", [rules.class_interval_rule, rules.index_rule, rules.three_box_rule])
def test_every_number_in_a_rule_text_is_a_threshold_or_the_scale(make):
    r = make((1, 5))
    numbers = {float(x) for x in re.findall(r"\d+(?:\.\d+)?", r.text)}
    allowed = {round(t, 2) for t in r.thresholds} | {1.0, 5.0, 100.0, 0.8} | {float(len(r.bands))}
    assert {round(x, 2) for x in numbers} <= allowed, numbers


def test_a_scale_that_is_not_whole_numbers_is_a_config_error():
    with pytest.raises(ConfigError, match="whole-number scale"):
        item_descriptives(ANSWERS, {"X": ["A"]}, likert=(1, 5.5))


def test_answers_between_scale_points_count_in_the_mean_not_in_the_distribution():
    t = item_descriptives(pd.DataFrame({"q": [1, 2.5, 5]}), {"Q": ["q"]}, likert=(1, 5)).iloc[0]
    assert t["other_answers"] == 1 and t["n"] == 3
    assert t["mean"] == pytest.approx(8.5 / 3)
