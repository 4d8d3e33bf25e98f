"""Model files in any common encoding, comments that are never parsed, and graph code without recursion or
super-linear steps (issue 17, "tracebacks and hangs").

Expected outcomes are stated per test: the same model as the plain UTF-8 file, an error naming the line, or a
property of the graph checked against a brute-force definition written in the test.
"""
from __future__ import annotations

import itertools
import time

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from surveysem.errors import ModelError
from surveysem.model import Model, parse_model, read_model

SHOPEE_MODEL = ROOT / "data" / "shopee_trust" / "model.lav"
TEXT = SHOPEE_MODEL.read_text(encoding="utf-8")


def plain() -> Model:
    return parse_model(TEXT)


# ---------------------------------------------------------------------------------------------------- encodings
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1"])
def test_model_file_in_any_common_encoding_reads_as_the_utf8_file(tmp_path, encoding):
    p = tmp_path / "model.lav"
    comment = "# Modèl für Käufer — naïve façade\n" if encoding != "latin-1" else "# Modèl für Käufer\n"
    p.write_bytes((comment + TEXT).encode(encoding))
    assert read_model(p) == plain()


@pytest.mark.parametrize("content, words", [
    (b"\x00\x01\x02\x03binary\x00" * 20, "the model file is not text: it seems to be a binary file"),
    (b"%PDF-1.7\n", "the model file is not text: it seems to be a PDF document"),
    (b"A =~ a1 + a2\n# \x81\x8d\nB =~ b1\nB ~ A\n", "line 2: the file is neither UTF-8 nor Windows-1252 text"),
])
def test_binary_or_undecodable_model_file_is_one_line(tmp_path, content, words):
    p = tmp_path / "model.lav"
    p.write_bytes(content)
    with pytest.raises(ModelError) as exc:
        read_model(p)
    msg = exc.value.message
    assert msg.startswith(str(p)) and words in msg and len(msg.splitlines()) == 1


def test_model_path_that_is_a_folder_is_one_line(tmp_path):
    with pytest.raises(ModelError, match="is a folder, not a file"):
        read_model(tmp_path)


# ----------------------------------------------------------------------------------------------------- comments
BREAKERS = ["\x0c", "\x0b", "\x85", "\u2028", "\u2029", "\x1c", "\x1d", "\x1e"]


@pytest.mark.parametrize("ch", BREAKERS, ids=[f"U+{ord(c):04X}" for c in BREAKERS])
def test_text_after_a_line_breaking_character_inside_a_comment_is_not_run(ch):
    # str.splitlines() broke the comment here and ran "C =~ c1" as a statement
    text = f"# note{ch}C =~ c1 + c2{ch}C ~ TRUST\n" + TEXT
    assert parse_model(text) == plain()


@pytest.mark.parametrize("ch", BREAKERS, ids=[f"U+{ord(c):04X}" for c in BREAKERS])
def test_line_numbers_count_only_real_line_ends(ch):
    # the comment on line 1 holds a line-breaking character; the error is on line 3 as an editor shows it
    text = f"# a{ch}b\nA =~ a1\nB =~ b1\nB ~ X\n"
    with pytest.raises(ModelError) as exc:
        parse_model(text, source="m.lav")
    assert exc.value.message.startswith("m.lav, line 4: path X -> B uses undefined construct 'X'")


@pytest.mark.parametrize("ch, name", [("\x0c", "U+000C FORM FEED"), ("\u2028", "U+2028 LINE SEPARATOR"),
                                      ("\x00", "U+0000 NUL"), ("\u200b", "U+200B ZERO WIDTH SPACE")])
def test_control_character_in_a_statement_is_an_error_naming_the_line(ch, name):
    text = f"A =~ a1 + a2\nB =~ b1 +{ch} b2\nB ~ A\n"
    with pytest.raises(ModelError) as exc:
        parse_model(text, source="m.lav")
    msg = exc.value.message
    assert msg.startswith(f"m.lav, line 2: character {name} at position 10 (outside a comment)")
    assert len(msg.splitlines()) == 1


@pytest.mark.parametrize("end", ["\r\n", "\r", "\n"])
def test_crlf_and_cr_line_ends_give_the_same_model_and_line_numbers(end):
    assert parse_model(TEXT.replace("\n", end)) == plain()
    with pytest.raises(ModelError, match=r"^m.lav, line 3: "):
        parse_model(end.join(["A =~ a1", "B =~ b1", "B ~ X"]), source="m.lav")


# --------------------------------------------------------------------------------------------------- graph code
def chain_text(k: int, cycle: bool = False, reverse: bool = False) -> str:
    lines = [f"C{i} =~ c{i}" for i in range(k)]
    lines += [f"C{i} ~ C{i + 1}" if reverse else f"C{i + 1} ~ C{i}" for i in range(k - 1)]
    if cycle:
        lines.append(f"C0 ~ C{k - 1}")
    return "\n".join(lines)


def test_chain_of_1000_constructs_parses_without_recursion_error():
    m = parse_model(chain_text(1000))
    assert m.causal_order == tuple(f"C{i}" for i in range(1000))
    assert len(m.layers) == 1000


def test_long_cycle_is_a_model_error_naming_the_closing_line_not_a_recursion_error():
    with pytest.raises(ModelError) as exc:
        parse_model(chain_text(1000, cycle=True), source="m.lav")
    msg = exc.value.message
    assert msg.startswith("m.lav, line 2000: the structural model has a cycle C0 -> C1 -> C2 -> C3 -> C4 -> ... -> ")
    assert "(1000 constructs)" in msg and len(msg) < 400


def saturated_text(k: int) -> str:
    return "\n".join([f"C{i} =~ c{i}" for i in range(k)]
                     + [f"C{j} ~ " + " + ".join(f"C{i}" for i in range(j)) for j in range(1, k)])


@pytest.mark.parametrize("name, text", [
    ("chain of 250 (500 statements)", chain_text(250)),
    ("reversed chain of 250", chain_text(250, reverse=True)),
    ("one path statement with 499 predictors", "\n".join([f"C{i} =~ c{i}" for i in range(499)]
                                                       + ["Y =~ y", "Y ~ " + " + ".join(f"C{i}" for i in range(499))])),
    ("saturated model of 250 constructs (499 statements, 31,125 paths)", saturated_text(250)),
    ("one construct with 20,000 items", "A =~ " + " + ".join(f"a{i}" for i in range(20000)) + "\nB =~ b\nB ~ A"),
])
def test_any_model_of_500_statements_parses_well_under_a_second(name, text):
    # before: the causal order took O(K^2 P) steps (> 5 s for wide or long-chain models); now Kahn's algorithm.
    # The bound is loose on purpose (a shared CI machine); the parse takes ~0.05 s here.
    start = time.process_time()
    m = parse_model(text)
    _ = (m.causal_order, m.layers)  # properties computed on first use
    assert time.process_time() - start < 1.0, name


# --------------------------------------------------------------------------------------- causal order and chains
def naive_causal_order(m: Model) -> tuple[str, ...]:
    """The definition: repeatedly place every construct whose predecessors are all placed, in declaration order."""
    done: list[str] = []
    remaining = list(m.construct_names)
    while remaining:
        ready = [n for n in remaining if all(p in done for p in m.predecessors(n))]
        done.extend(ready)
        remaining = [n for n in remaining if n not in ready]
    return tuple(done)


def naive_chains(m: Model) -> list[tuple[str, ...]]:
    """Every directed chain with at least one mediator, by brute force over ordered node sequences."""
    edges = {(p.source, p.target) for p in m.paths}
    names = m.construct_names
    out = []
    for length in range(3, len(names) + 1):
        for seq in itertools.permutations(names, length):
            if all((a, b) in edges for a, b in zip(seq, seq[1:])):
                out.append(seq)
    return out


@st.composite
def dags(draw):
    k = draw(st.integers(2, 7))
    perm = draw(st.permutations(range(k)))  # declaration order differs from the causal order
    pairs = [(i, j) for i in range(k) for j in range(i + 1, k)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, min_size=1, max_size=len(pairs))) if pairs else []
    lines = [f"C{perm[i]} =~ c{perm[i]}" for i in range(k)]
    for i, j in chosen:
        lines.append(f"C{perm[j]} ~ C{perm[i]}")
    return "\n".join(lines)


@settings(max_examples=150, deadline=None)
@given(dags())
def test_causal_order_and_chains_match_their_brute_force_definitions(text):
    m = parse_model(text)
    assert m.causal_order == naive_causal_order(m)
    order = {n: i for i, n in enumerate(m.causal_order)}
    expected = sorted(naive_chains(m), key=lambda c: (order[c[0]], order[c[-1]], len(c), [order[x] for x in c]))
    assert list(m.indirect_chains) == expected
    listing = m.indirect_chain_listing(limit=3)
    assert len(listing.listed) + listing.n_unlisted == len(expected)
    assert len(listing.listed) <= 3 and set(listing.listed) <= set(expected)


def test_saturated_model_of_20_constructs_lists_at_most_the_limit_and_counts_the_rest():
    # issue 17: listing every chain took 14 s. Hand count: a saturated DAG has 2^(g-1) chains between two constructs
    # g apart in the causal order, one of them the direct path, so sum_g (K - g)(2^(g-1) - 1) indirect chains.
    k = 20
    m = parse_model(saturated_text(k))
    total = sum((k - g) * (2 ** (g - 1) - 1) for g in range(1, k))
    start = time.process_time()
    listing = m.indirect_chain_listing()
    assert time.process_time() - start < 1.0
    assert len(listing.listed) <= 500 and len(listing.listed) + listing.n_unlisted == total == 1_048_365
    assert listing.warning().startswith("1,047,8")
    assert "the total indirect and total effects are complete" in listing.warning()
    # a pair is listed whole or not at all
    listed_pairs = {(c[0], c[-1]) for c in listing.listed}
    assert not listed_pairs & {(a, b) for a, b, _ in listing.unlisted}
