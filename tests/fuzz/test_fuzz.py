"""Fuzzing the data reader, the model parser and `surveysem pls` with mutated example files (issue 16 item 6,
issue 17 item 6).

Property: whatever the mutation, the outcome is an estimate or one user error (a ``SurveysemError`` whose message
is one line naming the file and the row/line), within a time limit; a mutation that keeps the meaning (``same``)
gives the unmodified file's estimate, one that would shift or invent answers (``error``) stops. The mutations and
the oracle are in ``fuzzlib.py``; ``run_fuzz.py`` runs the same cases by the thousand. This file runs a modest number
(derandomized, so CI sees the same cases every time) to stay well under a minute.
"""
from __future__ import annotations

import random
import warnings

import pytest
from fuzz import fuzzlib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SEEDS = fuzzlib.seeds()
SETTINGS = dict(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.function_scoped_fixture])


def check(outcome: fuzzlib.Outcome) -> None:
    c = outcome.case
    assert outcome.status in ("ok", "error"), (
        f"{outcome.status} on {c.kind} mutation {c.mutation!r} of {c.seed.name} (expected {c.expect}): "
        f"{outcome.error_class} {outcome.detail}")


@pytest.fixture(autouse=True)
def numpy_warnings_are_failures():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # a raw numpy warning must never reach the user
        yield


@pytest.mark.parametrize("op", fuzzlib.DATA_OPS[:23], ids=lambda f: f.__name__)
def test_each_data_mutation_with_a_known_outcome_gets_it(op, tmp_path):
    for k, seed in enumerate(SEEDS):
        rows, text = fuzzlib._read_rows(seed)
        items = [c for c in fuzzlib._model_columns(seed) if c in rows[0]]
        case = op(seed, random.Random(k), rows, text, rows[0], items, len(rows) - 1)
        folder = tmp_path / f"{seed.name}"
        folder.mkdir()
        check(fuzzlib.run_data_case(case, folder))


@pytest.mark.parametrize("op", fuzzlib.MODEL_OPS[:17], ids=lambda f: f.__name__)
def test_each_model_mutation_with_a_known_outcome_gets_it(op, tmp_path):
    for k, seed in enumerate(SEEDS):
        name, content, expect = op(seed.model.read_text(encoding="utf-8"), random.Random(k))
        case = fuzzlib.Case("model", seed, name, content if isinstance(content, bytes) else content.encode(), ".lav",
                            expect)
        folder = tmp_path / f"{seed.name}"
        folder.mkdir()
        check(fuzzlib.run_model_case(case, folder))


@settings(max_examples=120, **SETTINGS)
@given(seed=st.sampled_from(SEEDS), rng=st.randoms(use_true_random=False))
def test_mutated_data_files_give_an_estimate_or_one_line_error(tmp_path_factory, seed, rng):
    case = fuzzlib.mutate_data(seed, rng)
    check(fuzzlib.run_data_case(case, tmp_path_factory.mktemp("d")))


@settings(max_examples=200, **SETTINGS)
@given(seed=st.sampled_from(SEEDS), rng=st.randoms(use_true_random=False))
def test_mutated_model_texts_give_an_estimate_or_one_line_error(tmp_path_factory, seed, rng):
    case = fuzzlib.mutate_model(seed, rng)
    check(fuzzlib.run_model_case(case, tmp_path_factory.mktemp("m")))


@settings(max_examples=25, **SETTINGS)
@given(seed=st.sampled_from(SEEDS), rng=st.randoms(use_true_random=False), kind=st.sampled_from(["data", "model"]))
def test_surveysem_pls_command_exits_0_or_prints_one_error_line(tmp_path_factory, seed, rng, kind):
    case = fuzzlib.mutate_data(seed, rng) if kind == "data" else fuzzlib.mutate_model(seed, rng)
    check(fuzzlib.run_cli_case(case, tmp_path_factory.mktemp("c"), boot=0))
