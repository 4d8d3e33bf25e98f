"""The rule registry (``surveysem.assess.rules``): thresholds are numbers, the printed rule texts are made from them.

Expected thresholds are the published ones: Hair, Hult, Ringle & Sarstedt (2022), *A Primer on PLS-SEM*, 3rd ed.,
ch. 4 (loading 0.708, floor 0.40; alpha/rho 0.70-0.95, 0.60; AVE 0.50), ch. 5-6 (VIF 3 and 5; R² 0.75/0.50/0.25);
Henseler, Ringle & Sarstedt (2015) (HTMT 0.85/0.90); Cohen (1988) (f² 0.02/0.15/0.35); Chin (1998) (R² 0.67/0.33/
0.19); Hu & Bentler (1998) (SRMR 0.08); Bentler & Bonett (1980) (NFI 0.90).
"""
from __future__ import annotations

import re

import numpy as np
import pytest

from surveysem.assess import rules


def test_thresholds_are_the_published_numbers():
    assert (rules.LOADING_MIN, rules.LOADING_FLOOR) == (0.708, 0.40)
    assert pytest.approx(0.50, abs=0.002) == rules.LOADING_MIN ** 2  # Hair et al. 2022, ch. 4: half the variance
    assert (rules.RELIABILITY_MIN, rules.RELIABILITY_MAX, rules.RELIABILITY_WARN, rules.AVE_MIN) == (0.70, 0.95, 0.60,
                                                                                                      0.50)
    assert rules.HTMT_THRESHOLDS == (0.85, 0.90) and rules.VIF_THRESHOLDS == (3, 5)
    assert rules.F2_SIZES == (0.02, 0.15, 0.35)
    assert rules.R2_HAIR == (0.75, 0.50, 0.25) and rules.R2_CHIN == (0.67, 0.33, 0.19)
    assert (rules.SRMR_MAX, rules.NFI_MIN) == (0.08, 0.90)


def test_rule_texts_read_as_the_book_states_them():
    assert rules.RULES["loading"].text == ("loading >= 0.708 pass; 0.40-0.708 warn (keep if AVE and rho_C are fine); "
                                           "< 0.40 fail")
    assert rules.RULES["alpha"].text == "0.70-0.95 pass; 0.60-0.70 or > 0.95 warn; < 0.60 fail"
    assert rules.RULES["vif_inner"].text == "VIF < 3 pass; 3-5 warn; >= 5 fail"
    assert rules.RULES["f2"].text == "0.02 small, 0.15 medium, 0.35 large; < 0.02 no effect"


@pytest.mark.parametrize("key", sorted(rules.RULES))
def test_every_number_in_a_rule_text_is_one_of_its_thresholds(key):
    rule = rules.RULES[key]
    numbers = set(re.findall(r"\d+(?:\.\d+)?", rule.text)) - {"0", "95", "2", "1"}  # Q² > 0, 95 % bound, ρ names
    assert numbers <= {rules.cut(t) for t in rule.thresholds}, (key, numbers)


def test_verdicts_switch_exactly_at_the_thresholds():
    below = lambda x: np.nextafter(x, -np.inf)  # noqa: E731
    assert rules.loading_verdict(rules.LOADING_MIN) == "pass"
    assert rules.loading_verdict(below(rules.LOADING_MIN)) == "warn"
    assert rules.loading_verdict(-rules.LOADING_MIN) == "pass"  # the sign of a loading does not matter
    assert rules.loading_verdict(below(rules.LOADING_FLOOR)) == "fail"
    assert rules.reliability_verdict(rules.RELIABILITY_MIN) == "pass"
    assert rules.reliability_verdict(below(rules.RELIABILITY_MIN)) == "warn"
    assert rules.reliability_verdict(np.nextafter(rules.RELIABILITY_MAX, np.inf)) == "warn"
    assert rules.reliability_verdict(below(rules.RELIABILITY_WARN)) == "fail"
    warn, fail = rules.VIF_THRESHOLDS
    assert [rules.vif_verdict(v) for v in (below(warn), warn, below(fail), fail)] == ["pass", "warn", "warn", "fail"]
    assert [rules.f2_wording(v) for v in rules.F2_SIZES] == ["small", "medium", "large"]
    assert rules.f2_wording(below(rules.F2_SIZES[0])) == "none"
    assert [rules.r2_wording(v) for v in rules.R2_HAIR] == ["substantial", "moderate", "weak"]
    assert [rules.r2_wording(v, "chin") for v in rules.R2_CHIN] == ["substantial", "moderate", "weak"]


def test_cut_writes_thresholds_with_at_least_two_decimals():
    assert [rules.cut(x) for x in (0.708, 0.4, 0.9, 3, 5, 0.02)] == ["0.708", "0.40", "0.90", "3", "5", "0.02"]
