"""Interaction terms in lavaan syntax (``Y ~ X + W + X:W``, quadratic ``X:X``): parsing, round trip, derived models
and the one-line errors for bad interaction terms (file and line named)."""
from __future__ import annotations

import pandas as pd
import pytest

from surveysem.cbsem.fit import fit_cbsem
from surveysem.errors import ModelError
from surveysem.model import parse_model
from surveysem.model.spec import Interaction

BASE = "X =~ x1 + x2\nW =~ w1 + w2\nM =~ m1\nY =~ y1 + y2\nM ~ X\n"


def test_colon_terms_become_interactions_whose_paths_are_kept_in_declaration_order():
    m = parse_model(BASE + "Y ~ X + W + M + X:W + X:X\n", source="m.lav")
    assert m.interactions == (Interaction("X", "W"), Interaction("X", "X"))
    assert [i.name for i in m.interactions] == ["X:W", "X:X"] and m.interactions[1].is_quadratic
    assert [(p.source, p.target) for p in m.paths][-3:] == [("M", "Y"), ("X:W", "Y"), ("X:X", "Y")]
    assert m.construct_names == ("X", "W", "M", "Y")  # a term is no construct of the user's model
    assert m.interactions[0].line == 6


def test_interaction_model_round_trips_through_to_syntax():
    m = parse_model(BASE + "Y ~ X + W + X:W\n")
    assert parse_model(m.to_syntax()) == m
    assert "Y ~ X + W + X:W" in m.to_syntax()


def test_an_interaction_term_is_no_mediator_of_indirect_effects():
    m = parse_model(BASE + "Y ~ X + W + M + X:W\n")
    assert m.indirect_chains == (("X", "M", "Y"),)


def test_derived_models_drop_a_term_with_its_last_path_or_a_constituent():
    m = parse_model(BASE + "Y ~ X + W + X:W\n")
    assert m.without_path("X:W", "Y").interactions == ()
    assert m.without_interactions().paths == m.without_path("X:W", "Y").paths
    dropped = m.without_constructs(["W"])
    assert dropped.interactions == () and all(p.source != "X:W" for p in dropped.paths)
    reported = m.with_interaction_constructs({"X:W": ("x1*w1", "x2*w2")})
    assert reported.construct("X:W").indicators == ("x1*w1", "x2*w2") and reported.interactions == ()
    assert reported.construct_names[-1] == "X:W"


@pytest.mark.parametrize(
    "text, line, words",
    [
        (BASE + "Y ~ X + W + X:V", 6, "interaction X:V uses undefined construct 'V'"),
        (BASE + "Y ~ X + W + Xx:W", 6, "Did you mean 'X'?"),
        (BASE + "Y ~ X + W\nX ~ X:W", 7, "interaction X:W predicts X, so it predicts its own constituent X"),
        (BASE + "Y ~ X + W + M\nM ~ W:Y", 7, "its own constituent Y (through the paths of M)"),
        (BASE + "Y ~ X + W + X:W\nX:W ~ M", 7, "interaction X:W cannot be an outcome"),
        (BASE + "Y ~ X + X:W", 6, "W, a constituent of interaction X:W, has no structural path of its own"),
        (BASE + "Y ~ X + W + X:W + W:X", 6, "interaction W:X is declared twice (as X:W and W:X)"),
        ("X =~ x1 + X:W\nY =~ y\nY ~ X", 1, "an interaction term may only be a predictor in a '~' statement"),
        (BASE + "Y ~ X + W + X:W:M", 6, "'X:W:M' is not a valid name"),
    ],
)
def test_bad_interaction_terms_give_one_line_errors_with_file_and_line(text, line, words):
    with pytest.raises(ModelError) as e:
        parse_model(text, source="model.lav")
    msg = str(e.value)
    assert msg.startswith(f"model.lav, line {line}: ") and words in msg and "\n" not in msg


def test_cbsem_cross_check_refuses_an_interaction_model_naming_cbsem_false():
    m = parse_model(BASE + "Y ~ X + W + X:W\n", source="model.lav")
    d = pd.DataFrame({c: range(10) for c in m.indicators})
    with pytest.raises(ModelError, match=r"model.lav, line 6: the CB-SEM cross-check cannot estimate interaction "
                                         r"term X:W.*Set cbsem: false"):
        fit_cbsem(d, m)
