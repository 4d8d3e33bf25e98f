"""One named test per distinct failure the fuzzer (run_fuzz.py, test_fuzz.py) found, with the expected outcome.

The cases the issue listed before any fuzzing are in tests/data/test_reading_files.py and
tests/model/test_model_files.py; these are the ones the fuzzer added.
"""
from __future__ import annotations

import copy

import pytest
from conftest import ROOT

from surveysem.data import read_table
from surveysem.errors import ModelError
from surveysem.model import Model, parse_model, read_model

SHOPEE_MODEL = ROOT / "data" / "shopee_trust" / "model.lav"


def test_model_comment_full_of_control_characters_is_read_not_called_binary(tmp_path):
    # fuzz (model, "noise inside a comment"): 30 control characters in one comment made the file "binary"
    noise = "".join(["\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1c", "\x1e", "\x7f", "\x85"] * 4)
    p = tmp_path / "model.lav"
    p.write_text("# " + noise + "\n" + SHOPEE_MODEL.read_text(encoding="utf-8"), encoding="utf-8")
    assert read_model(p) == read_model(SHOPEE_MODEL)


def test_nul_byte_anywhere_makes_a_model_file_binary_in_one_line(tmp_path):
    # decision: NUL never occurs in a text file, so even inside a comment it means "not a text file"
    p = tmp_path / "model.lav"
    p.write_bytes(b"# a\x00b\n" + SHOPEE_MODEL.read_bytes())
    with pytest.raises(ModelError, match=r"model.lav: the model file is not text: it seems to be a binary file"):
        read_model(p)


def test_listing_the_chains_of_a_1000_construct_chain_does_work_proportional_to_the_listed_chains(monkeypatch):
    # fuzz (model, "generated chain (1000)"): parsing plus the chain listing took 2.5 s. A chain of K constructs
    # has (K-1)(K-2)/2 indirect chains (every sub-chain of >= 2 paths), here 498,501; 500 are listed. Enumerating
    # them all (as before) walks ~K^3/6 = 1.7e8 steps; listing 500 of them walks about the sum of their lengths.
    k = 1000
    m = parse_model("\n".join([f"C{i} =~ c{i}" for i in range(k)] + [f"C{i + 1} ~ C{i}" for i in range(k - 1)]))
    calls = 0
    original = Model.successors

    def counting(self, name):
        nonlocal calls
        calls += 1
        return original(self, name)

    monkeypatch.setattr(Model, "successors", counting)
    listing = m.indirect_chain_listing()
    assert len(listing.listed) == 500 and len(listing.listed) + listing.n_unlisted == (k - 1) * (k - 2) // 2
    assert calls <= sum(len(c) for c in listing.listed) + k


def test_file_row_numbers_cost_nothing_when_pandas_copies_attrs(tmp_path):
    # fuzz throughput: pandas deep-copies DataFrame.attrs after every operation; a list of row numbers made reading
    # corp_rep's 344 rows x 10 items 10x slower. The row numbers are an immutable tuple that copies as itself.
    p = tmp_path / "d.csv"
    p.write_text("a,b\n" + "".join(f"{i},{i % 5}\n" for i in range(5000)))
    df = read_table(p)
    assert copy.deepcopy(df.attrs)["row_numbers"] is df.attrs["row_numbers"]
    assert df[["a"]].attrs["row_numbers"][:3] == (2, 3, 4)


def test_htmt_is_undefined_not_infinite_when_a_construct_has_no_monotrait_correlation():
    # fuzz (data, "95% of the answers missing", tiktok_gifting, surveysem pls --boot 20): a resample in which the two
    # items of a construct correlate 0 gave HTMT = inf (Henseler et al. 2015, eq. 6 divides by the geometric mean of
    # the monotrait correlations), and the bootstrap's quantiles raised "RuntimeWarning: invalid value encountered in
    # subtract" (inf - inf). By hand: items a1, a2 with r = 0, b1, b2 with r = 0.5, |r(a, b)| = 0.3 -> HTMT = 0.3 / 0.
    import numpy as np

    from surveysem.stats import htmt_batch

    S = np.array([[1.0, 0.0, 0.3, 0.3], [0.0, 1.0, 0.3, 0.3], [0.3, 0.3, 1.0, 0.5], [0.3, 0.3, 0.5, 1.0]])
    H = htmt_batch(S[None], np.array([0, 0, 1, 1]), 2)[0]
    assert np.isnan(H[0, 1]) and np.isnan(H[1, 0])


def test_bootstrap_of_an_item_table_with_95_percent_missing_answers_emits_no_runtime_warning(tmp_path):
    # the same fuzz case, rebuilt from the example file: the command exits 0 or 2 with one line, and no numpy warning
    import random
    import warnings

    from fuzz import fuzzlib

    seed = next(s for s in fuzzlib.seeds() if s.name == "tiktok_gifting")
    rows, text = fuzzlib._read_rows(seed)
    items = [c for c in fuzzlib._model_columns(seed) if c in rows[0]]
    case = fuzzlib.d_many_missing(seed, random.Random(0), rows, text, rows[0], items, len(rows) - 1)
    assert case.mutation == "95% of the answers missing"
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        outcome = fuzzlib.run_cli_case(case, tmp_path, boot=20)
    assert outcome.status in ("ok", "error"), outcome.detail
