"""lavaan model syntax → Model, and the one-line errors for bad models (file and line named)."""
from __future__ import annotations

import pytest

from surveysem.errors import ModelError
from surveysem.model import Model, parse_model, read_model


def test_reflective_composite_paths_comments_and_continuation_lines():
    m = parse_model(
        """
        # a comment line
        COMP =~ comp_1 + comp_2 +   # trailing comment
                comp_3
        QUAL <~ q1 + q2
              + q3
        CUSA =~ cusa                 ! single-item construct, lavaan's other comment sign
        CUSA ~ COMP + QUAL; QUAL ~ COMP
        """
    )
    assert m.construct("COMP").indicators == ("comp_1", "comp_2", "comp_3")
    assert m.construct("QUAL").mode == "composite" and m.construct("QUAL").pls_mode == "B"
    assert m.construct("CUSA").indicators == ("cusa",)
    assert {(p.source, p.target) for p in m.paths} == {("COMP", "CUSA"), ("QUAL", "CUSA"), ("COMP", "QUAL")}
    assert m.causal_order == ("COMP", "QUAL", "CUSA")


def test_syntax_round_trips_through_to_syntax():
    text = "A =~ a1 + a2\nB <~ b1 + b2\nC =~ c1\nB ~ A\nC ~ A + B\na1 ~~ b1\n"
    m = parse_model(text)
    assert parse_model(m.to_syntax()) == m


def test_model_built_in_python_equals_parsed_model():
    built = Model.build({"A": ["a1", "a2"], "B": ["b1", "b2"]}, paths=[("A", "B")], composite=["B"])
    assert built == parse_model("A =~ a1 + a2\nB <~ b1 + b2\nB ~ A")


def test_serial_chains_are_listed_as_indirect_effects():
    m = parse_model("X =~ x\nM1 =~ m1\nM2 =~ m2\nY =~ y\nM1 ~ X\nM2 ~ M1\nY ~ X + M1 + M2")
    # by hand: X -> M2 via M1; X -> Y via M1, and via M1 -> M2 (serial); M1 -> Y via M2
    assert m.indirect_chains == (("X", "M1", "M2"), ("X", "M1", "Y"), ("X", "M1", "M2", "Y"), ("M1", "M2", "Y"))


def test_covariances_keep_their_modifier_for_cbsem():
    m = parse_model("F =~ a + b + c\nc ~~ 0*c")
    assert m.covariances[0].modifier == "0" and m.covariances[0].a == "c"


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("A =~ a1 + a2\nB := a1", 2, "unknown operator ':='"),
        ("A =~ a1 + a2\nB =~ a2 + b1\nB ~ A", 2, "indicator 'a2' is used by two constructs (A and B)"),
        ("A =~ a1\nB ~ A", 2, "undefined construct 'B'"),
        ("A =~ a1\nB =~ b1\nB ~ Aa", 3, "Did you mean 'A'?"),
        ("A =~ a1\nB =~ b1\nC =~ c1\nB ~ A\nC ~ B\nA ~ C", 6, "cycle"),
        ("A =~ a1 + a2\nA =~ a3", 2, "defined twice"),
        ("A =~ a1 + + a2", 1, "empty term"),
        ("A =~ 0.7*a1 + a2", 1, "not supported"),
        ("A =~ a1\nB =~ b1\nB ~ a1", 3, "'a1' is an indicator of A"),
    ],
)
def test_bad_models_give_one_line_error_with_file_and_line(text, line, words):
    with pytest.raises(ModelError) as err:
        parse_model(text, source="study/model.lav")
    msg = err.value.message
    assert "\n" not in msg
    assert msg.startswith(f"study/model.lav, line {line}: ")
    assert words in msg


def test_construct_without_indicators_is_an_error():
    with pytest.raises(ModelError, match="no indicators"):
        Model.build({"A": []})


def test_missing_model_file_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        read_model(tmp_path / "nope.lav")


def test_indicator_absent_from_data_names_closest_column():
    m = parse_model("TRUST =~ trust1 + trust2\nMB =~ mb1\nMB ~ TRUST", source="m.lav")
    with pytest.raises(ModelError) as err:
        m.check_columns(["trust_1", "trust2", "mb1"], data_name="survey.csv")
    msg = err.value.message
    assert "indicator 'trust1' of TRUST is not a column of survey.csv" in msg
    assert "Did you mean 'trust_1'?" in msg and "Columns in survey.csv: trust_1, trust2, mb1" in msg
