"""Higher-order constructs in lavaan syntax: a construct whose right-hand side lists constructs (Sarstedt et al.
2019), its stage models, and the one-line errors for the HOC models the engine does not estimate."""
from __future__ import annotations

import pytest

from surveysem.errors import ModelError
from surveysem.model import Model, parse_model
from surveysem.model.higher_order import repeated_indicators_model, stage1_model, stage2_model

TEXT = """
COMP =~ comp_1 + comp_2
LIKE =~ like_1 + like_2
QUAL <~ q1 + q2
REP =~ COMP + LIKE
CUSL =~ cusl_1 + cusl_2
REP ~ QUAL
CUSL ~ REP
"""


def test_a_construct_of_constructs_is_a_higher_order_construct():
    m = parse_model(TEXT)
    rep = m.construct("REP")
    assert rep.dimensions == ("COMP", "LIKE") and rep.indicators == ()
    assert [c.name for c in m.higher_order] == ["REP"]
    assert "COMP" not in m.indicators and "comp_1" in m.indicators  # the data columns are the items only
    assert parse_model(TEXT.replace("REP =~", "REP <~")).construct("REP").pls_mode == "B"


def test_higher_order_syntax_round_trips():
    for text in (TEXT, TEXT.replace("REP =~", "REP <~")):
        m = parse_model(text)
        again = parse_model(m.to_syntax())
        assert again == m
        assert "REP " + m.construct("REP").operator + " COMP + LIKE" in m.to_syntax()


def test_python_builder_reads_higher_order_constructs():
    m = Model.build({"A": ["a1", "a2"], "B": ["b1", "b2"], "H": ["A", "B"], "Y": ["y1"]}, paths=[("H", "Y")])
    assert m.construct("H").dimensions == ("A", "B")


def test_stage_models_follow_seminr_two_stage_and_repeated_indicators():
    m = parse_model(TEXT)
    s1 = stage1_model(m)
    assert s1.construct_names == ("COMP", "LIKE", "QUAL", "CUSL")
    assert {(p.source, p.target) for p in s1.paths} == {("QUAL", "COMP"), ("QUAL", "LIKE"), ("COMP", "CUSL"),
                                                        ("LIKE", "CUSL")}
    assert s1.indicators == m.indicators
    s2 = stage2_model(m)
    assert s2.construct_names == ("QUAL", "REP", "CUSL") and s2.construct("REP").indicators == ("COMP", "LIKE")
    assert s2.paths == m.paths
    ri = repeated_indicators_model(m)
    assert ri.construct("REP").indicators == ("comp_1@REP", "comp_2@REP", "like_1@REP", "like_2@REP")
    assert {(p.source, p.target) for p in ri.paths} - {(p.source, p.target) for p in m.paths} == \
        {("REP", "COMP"), ("REP", "LIKE")}
    ri_b = repeated_indicators_model(parse_model(TEXT.replace("REP =~", "REP <~")))
    assert ("COMP", "REP") in {(p.source, p.target) for p in ri_b.paths}


@pytest.mark.parametrize("text, message", [
    ("A =~ a1 + a2\nH =~ A\nY =~ y1\nY ~ H\n", "higher-order construct H has one lower-order construct (A)"),
    ("A =~ a1 + a2\nB =~ b1\nH =~ A + B + h1\nY =~ y1\nY ~ H\n", "H lists constructs (A, B) and items (h1)"),
    ("A =~ a1 + a2\nH =~ A + BB\nB =~ b1\nY =~ y1\nY ~ H\n", "H lists constructs (A) and items (BB)"),
    ("A =~ a1\nB =~ b1\nC =~ c1\nH =~ A + B\nG =~ H + C\nY =~ y1\nY ~ G\n",
     "H is a higher-order construct and a dimension of G: constructs beyond second order are not supported"),
    ("A =~ a1\nB =~ b1\nC =~ c1\nH =~ A + B\nG =~ B + C\nY =~ y1\nY ~ G + H\n",
     "lower-order construct B belongs to two higher-order constructs (H and G)"),
    ("A =~ a1\nB =~ b1\nH =~ A + B\nY =~ y1\nY ~ H + A\n",
     "path A -> Y: A is a lower-order construct of H and cannot have paths of its own"),
])
def test_unsupported_higher_order_models_get_one_line_errors(text, message):
    with pytest.raises(ModelError) as e:
        parse_model(text, source="m.lav")
    assert message in str(e.value)
    assert "\n" not in str(e.value) and str(e.value).startswith("m.lav, line ")


def test_undefined_lower_order_construct_names_the_closest_construct():
    with pytest.raises(ModelError, match="Did you mean 'LIKE'"):
        parse_model("COMP =~ c1 + c2\nLIKE =~ l1 + l2\nREP =~ COMP + LIKEE\nY =~ y\nY ~ REP\n")
