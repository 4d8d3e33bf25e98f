"""The one number formatter (``surveysem.format``): running text and plain text, and that no package keeps its own.

Expected strings are APA 7th ed. §6.36 (no leading zero for p, ``p < .001``) worked by hand, and the convention in
the module docstring: a missing value reads ``n/a`` in running text and an en dash in tables.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from surveysem import format as fmt

SRC = Path(__file__).resolve().parents[2] / "src" / "surveysem"


@pytest.mark.parametrize("p, expected", [
    (0.0004, "p < .001"), (0.0425, "p = .043"), (1.0, "p = 1.000"),
    (float("nan"), "p = n/a"), (None, "p = n/a"), (float("inf"), "p = n/a"),
])
def test_p_phrase_is_apa_and_says_n_a_when_missing(p, expected):
    assert fmt.p_phrase(p) == expected


def test_plain_numbers_keep_the_ascii_minus_and_the_leading_zero():
    assert fmt.plain(-0.25) == "-0.250"  # plain text: ASCII "-", where printed tables use "−"
    assert fmt.num(-0.25) == "−0.250"
    assert fmt.plain(2.0005) == "2.001"  # the same rounding as num: half away from zero on the printed decimal
    assert fmt.plain(12.345, 1) == "12.3"
    assert fmt.plain(float("nan")) == fmt.NA_TEXT == "n/a"
    assert fmt.plain_ci(-0.0708, 0.3646) == "[-0.071, 0.365]"
    assert fmt.plain_ci(0.1, None) == "[0.100, n/a]"


def test_levels_print_at_least_two_decimals_without_leading_zero():
    assert [fmt.level(a) for a in (0.05, 0.1, 0.001)] == [".05", ".10", ".001"]


def test_rupiah_has_thousands_separators_and_a_true_minus():
    assert fmt.rupiah(1234567.4) == "Rp1,234,567"
    assert fmt.rupiah(1234.25, 1) == "Rp1,234.2"  # Python's rounding: .25 is binary 0.25 exactly, half to even
    assert fmt.rupiah(-5000) == "−Rp5,000"
    assert fmt.rupiah(None) == fmt.DASH


def test_no_package_formats_p_values_on_its_own():
    """Every p-value goes through surveysem.format: no other module writes APA p by hand."""
    hand_made = re.compile(r'lstrip\(["\']0["\']\)|return "< \.001"|"p = n/a"|"= NA"')
    offenders = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                 if p.name != "format.py" and hand_made.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
