"""Mutated survey files and model texts, and the oracle that judges what surveysem does with them.

Used by ``tests/fuzz/test_fuzz.py`` (hypothesis, a modest number of cases in CI) and ``tests/fuzz/run_fuzz.py``
(thousands of cases). Seeds are the example studies (``data/shopee_trust``, ``data/tiktok_gifting``,
``data/bukalapak_loyalty``) and, when ``../shared`` is beside the checkout, corp_rep with its two models.

Every mutation says what the correct outcome is:

``same``
    the file says the same thing in another way (line ends, byte-order mark, UTF-16, quotes around every field,
    another delimiter, a delimiter at the end of every line, empty rows, reordered or added columns; for models: a
    change inside a comment, whitespace, reordered statements, statements split or joined); the estimate must equal
    the unmodified file's (by parameter name, |difference| ≤ 1e-10).
``error``
    the answers would shift or be invented (a delimiter added or removed in a row, a trailing delimiter on the data
    rows only, a header cell removed, an absurd or non-finite answer, a binary file, a CSV under a spreadsheet
    extension; for models: a cycle, an undefined construct, a construct defined twice, a control character in a
    statement); it must stop with a user error.
``any``
    byte flips, deletions, insertions, truncation, random text: any outcome is acceptable except a traceback, a hang,
    or an error that is not one line naming the file and the row/line.

The oracle: a failure must be a :class:`surveysem.errors.SurveysemError` whose message is one line, names the file
and a place (row, line, column, indicator) or is about the file as a whole (empty, not text, no data rows ...). Any
other exception is a traceback; a case slower than its time limit is a hang; a ``same`` case whose estimate differs,
or an ``error`` case that runs, is silently wrong.
"""
from __future__ import annotations

import contextlib
import csv
import io
import random
import re
import signal
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

#: seconds per case: reading or parsing, and a PLS estimate (or the `surveysem pls` command)
READ_LIMIT = 2.0
ESTIMATE_LIMIT = 10.0
TOL = 1e-10


@dataclass(frozen=True)
class Seed:
    name: str
    data: Path
    model: Path
    missing_values: tuple = (-99,)


def seeds() -> list[Seed]:
    out = [Seed(s, ROOT / "data" / s / "data.csv", ROOT / "data" / s / "model.lav")
           for s in ("shopee_trust", "tiktok_gifting", "bukalapak_loyalty")]
    if SHARED.exists():
        ref = SHARED / "reference" / "models"
        out += [Seed(f"corp_rep_{m}", SHARED / "datasets" / "corp_rep_data.csv", ref / f"corp_rep_{m}.lav")
                for m in ("simple", "extended")]
    return out


@dataclass
class Case:
    kind: str  # "data" or "model"
    seed: Seed
    mutation: str
    content: bytes
    suffix: str = ".csv"
    expect: str = "any"


@dataclass
class Outcome:
    status: str  # ok, error, traceback, hang, bad_message, wrong
    error_class: str = ""
    detail: str = ""
    case: Case | None = field(default=None, repr=False)


# ---------------------------------------------------------------------------------------------------- baseline
_BASELINES: dict[tuple[str, str], dict[str, float]] = {}


def estimate_by_name(res) -> dict[str, float]:
    """Paths, loadings and weights of a PLS result keyed by parameter name (independent of declaration order)."""
    out = {}
    for r in res.paths.to_dict("records"):
        out[f"path:{r['from']}->{r['to']}"] = r["estimate"]
    for r in res.loadings.to_dict("records"):
        out[f"loading:{r['construct']}:{r['indicator']}"] = r["estimate"]
    for r in res.weights.to_dict("records"):
        out[f"weight:{r['construct']}:{r['indicator']}"] = r["estimate"]
    out["n"] = float(res.n)
    return out


def baseline(seed: Seed) -> dict[str, float]:
    from surveysem.data import read_table
    from surveysem.model import read_model
    from surveysem.pls import pls

    key = (str(seed.data), str(seed.model))
    if key not in _BASELINES:
        res = pls(read_table(seed.data), read_model(seed.model), missing_values=list(seed.missing_values))
        _BASELINES[key] = estimate_by_name(res)
    return _BASELINES[key]


def same_estimate(a: dict[str, float], b: dict[str, float]) -> str | None:
    """None when equal by name within TOL, else what differs."""
    if set(a) != set(b):
        return f"parameters differ: {sorted(set(a) ^ set(b))[:3]}"
    worst = max(a, key=lambda k: abs(a[k] - b[k]))
    if abs(a[worst] - b[worst]) > TOL:
        return f"{worst}: {b[worst]!r} instead of {a[worst]!r}"
    return None


# ------------------------------------------------------------------------------------------------ data mutations
HUGE = ["1e20", "1e200", "inf", "-inf", "Infinity", "NaN", "nan", "1e400", "-1e308", "2e6", "-5000000"]
ODD_CELLS = ["", " ", "NA", "-", ".", "٣", "1_000", "0x10", "3.", "+3", "1e-400", "−3", "3,5", "\"", "''", "\t3",
             "3\x0c", "1e5", "999999", "-0", "TRUE", "null", "#N/A", "3 4", "\u00a03", "٣.٥", "½", "1e-7"]
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1a", "\x1b", "\x1c", "\x1e", "\x7f", "\x85", "\u2028",
           "\u2029", "\u200b", "\ufeff", "\r", "\n", "\t"]
#: characters a comment may hold (not NUL, which makes any file binary, nor the line ends)
COMMENT_SAFE = [c for c in CONTROL if c not in "\x00\r\n"]
UNICODE = ["é", "ß", "€", "—", "ﬁ", "😀", "ä", "ø", "İ", "ı", "\u0301", "中", "ا", "Ω", "𝔸"]


def _read_rows(seed: Seed) -> tuple[list[list[str]], str]:
    text = seed.data.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows, text


def _write_rows(rows: list[list[str]], delim: str = ",", quoting: int = csv.QUOTE_MINIMAL,
                end: str = "\n") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, quoting=quoting, lineterminator=end)
    w.writerows(rows)
    return buf.getvalue()


def _model_columns(seed: Seed) -> list[str]:
    from surveysem.model import read_model

    return list(read_model(seed.model).indicators)


def mutate_data(seed: Seed, rng: random.Random) -> Case:
    """One mutated data file of ``seed``; the mutation's name says what was done and ``expect`` what must happen."""
    rows, text = _read_rows(seed)
    header = rows[0]
    items = [c for c in _model_columns(seed) if c in header]
    n = len(rows) - 1
    op = rng.choice(DATA_OPS)
    return op(seed, rng, rows, text, header, items, n)


def _case(seed, name, content, expect, suffix=".csv") -> Case:
    if isinstance(content, str):
        content = content.encode("utf-8")
    return Case("data", seed, name, content, suffix, expect)


# -- same
def d_line_ends(seed, rng, rows, text, header, items, n):
    end = rng.choice(["\r\n", "\r"])
    return _case(seed, f"line ends {end!r}", text.replace("\n", end), "same")


def d_bom(seed, rng, rows, text, header, items, n):
    enc = rng.choice(["utf-8-sig", "utf-16", "utf-32", "utf-16-le+bom", "utf-16-be+bom"])
    if enc.endswith("+bom"):
        codec = enc[:-4]
        return _case(seed, f"encoding {enc}", "\ufeff".encode(codec) + text.encode(codec), "same")
    return _case(seed, f"encoding {enc}", text.encode(enc), "same")


def d_quote_all(seed, rng, rows, text, header, items, n):
    return _case(seed, "quote every field", _write_rows(rows, quoting=csv.QUOTE_ALL), "same")


def d_delimiter(seed, rng, rows, text, header, items, n):
    d = rng.choice([";", "\t", "|"])
    return _case(seed, f"delimiter {d!r}", _write_rows(rows, delim=d), "same")


def d_trailing_everywhere(seed, rng, rows, text, header, items, n):
    return _case(seed, "delimiter at the end of every line incl. header",
                 "".join(ln + ",\n" for ln in text.splitlines()), "same")


def d_blank_rows(seed, rng, rows, text, header, items, n):
    lines = text.splitlines()
    k = rng.randint(1, 5)
    for _ in range(k):
        pos = rng.randint(1, len(lines))
        lines.insert(pos, rng.choice(["", " ", "," * (len(header) - 1), "," * rng.randint(0, len(header) - 1),
                                      " ,\t, ".join([""] * len(header))]))
    return _case(seed, f"{k} empty rows", "\n".join(lines) + "\n", "same")


def d_extra_column(seed, rng, rows, text, header, items, n):
    pos = rng.randint(0, len(header))
    name = rng.choice(["note", "catatan é", "comment, free text", "x\ny"])
    new = []
    for i, r in enumerate(rows):
        v = name if i == 0 else rng.choice(["", "ok", "a, b", "line\nbreak", "\"quoted\"", "3.5", "lima"])
        new.append(r[:pos] + [v] + r[pos:])
    return _case(seed, "added unused column", _write_rows(new), "same")


def d_reorder_columns(seed, rng, rows, text, header, items, n):
    perm = list(range(len(header)))
    rng.shuffle(perm)
    return _case(seed, "columns reordered", _write_rows([[r[j] for j in perm] for r in rows]), "same")


def d_spaces(seed, rng, rows, text, header, items, n):
    new = [[f"{' ' * rng.randint(0, 2)}{v}{' ' * rng.randint(0, 2)}" for v in r] for r in rows]
    return _case(seed, "spaces around cells", _write_rows(new), "same")


def d_cp1252(seed, rng, rows, text, header, items, n):
    new = [r[:] for r in rows]
    new[0] = new[0] + ["catatan_é"]
    for r in new[1:]:
        r.append(rng.choice(["café", "ok", "", "naïve"]))
    return _case(seed, "Windows-1252 with accents", _write_rows(new, end="\r\n").encode("cp1252"), "same")


def d_final_newline(seed, rng, rows, text, header, items, n):
    return _case(seed, "final line end changed", text.rstrip("\n") + rng.choice(["", "\n\n\n", "\r\n"]), "same")


def d_rows_shuffled(seed, rng, rows, text, header, items, n):
    body = rows[1:]
    rng.shuffle(body)
    return _case(seed, "data rows reordered", _write_rows([header] + body), "same")


def d_affine(seed, rng, rows, text, header, items, n):
    # PLS standardizes every indicator, so a · x + b (a > 0) leaves the estimate unchanged; markers stay markers
    col = rng.choice(items)
    j = header.index(col)
    a, b = rng.choice([2, 10, 0.5, 1000, 0.001]), rng.choice([0, 7, -3.25, 500])
    new = [r[:] for r in rows]
    for r in new[1:]:
        v = r[j].strip()
        if v and v != "-99":
            r[j] = repr(a * float(v) + b)
    return _case(seed, f"{col} -> {a} * {col} + {b}", _write_rows(new), "same")


def d_excel(seed, rng, rows, text, header, items, n):
    import pandas as pd

    df = pd.DataFrame(rows[1:], columns=header).replace("", None).astype(float)  # the seeds hold numbers only
    buf = io.BytesIO()
    if rng.random() < 0.5:
        df.to_excel(buf, index=False)
        return _case(seed, "saved as .xlsx", buf.getvalue(), "same", suffix=".xlsx")
    import tempfile

    import pyreadstat

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.sav"
        pyreadstat.write_sav(df, str(path))
        return _case(seed, "saved as .sav", path.read_bytes(), "same", suffix=".sav")


# -- error
def d_trailing_data_only(seed, rng, rows, text, header, items, n):
    lines = text.splitlines()
    return _case(seed, "delimiter at the end of every data row", "\n".join([lines[0]] + [ln + "," for ln in lines[1:]]),
                 "error")


def d_extra_field(seed, rng, rows, text, header, items, n):
    new = [r[:] for r in rows]
    i = rng.randint(1, n)
    new[i].insert(rng.randint(0, len(new[i])), rng.choice(["5", "", "3"]))
    return _case(seed, f"extra field in file row {i + 1}", _write_rows(new), "error")


def d_missing_field(seed, rng, rows, text, header, items, n):
    new = [r[:] for r in rows]
    i = rng.randint(1, n)
    del new[i][rng.randrange(len(new[i]))]
    return _case(seed, f"field removed in file row {i + 1}", _write_rows(new), "error")


def d_header_cell(seed, rng, rows, text, header, items, n):
    new = [r[:] for r in rows]
    del new[0][rng.randrange(len(header))]
    return _case(seed, "header cell removed", _write_rows(new), "error")


def d_dup_delimiter(seed, rng, rows, text, header, items, n):
    lines = text.splitlines()
    i = rng.randint(1, n)
    positions = [m.start() for m in re.finditer(",", lines[i])]
    p = rng.choice(positions)
    if rng.random() < 0.5:
        lines[i] = lines[i][:p] + "," + lines[i][p:]
    else:
        lines[i] = lines[i][:p] + lines[i][p + 1:]
    return _case(seed, f"delimiter doubled or removed in file row {i + 1}", "\n".join(lines) + "\n", "error")


def d_decimal_comma(seed, rng, rows, text, header, items, n):
    new = [r[:] for r in rows]
    i = rng.randint(1, n)
    j = header.index(rng.choice(items))
    new[i][j] = new[i][j] + ",5"
    return _case(seed, f"decimal comma in file row {i + 1}", "\n".join(",".join(r) for r in new) + "\n", "error")


def d_huge(seed, rng, rows, text, header, items, n):
    new = [r[:] for r in rows]
    i = rng.randint(1, n)
    col = rng.choice(items)
    value = rng.choice(HUGE)
    new[i][header.index(col)] = value
    return _case(seed, f"{value} in {col}, file row {i + 1}", _write_rows(new), "error")


def d_binary(seed, rng, rows, text, header, items, n):
    raw = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4000)))
    if b"\x00" not in raw:
        raw += b"\x00"
    return _case(seed, "random binary", raw, "error", suffix=rng.choice([".csv", ".xlsx", ".sav", ".xls", ".txt"]))


def d_renamed(seed, rng, rows, text, header, items, n):
    return _case(seed, "CSV renamed", text, "error", suffix=rng.choice([".xlsx", ".xls", ".xlsm", ".sav"]))


# -- any
def d_byte_flips(seed, rng, rows, text, header, items, n):
    raw = bytearray(text.encode("utf-8"))
    k = rng.randint(1, 8)
    for _ in range(k):
        raw[rng.randrange(len(raw))] = rng.randrange(256)
    return _case(seed, f"{k} byte flips", bytes(raw), "any")


def d_delete_span(seed, rng, rows, text, header, items, n):
    raw = text.encode("utf-8")
    a = rng.randrange(len(raw))
    b = min(len(raw), a + rng.choice([1, 1, 2, 5, 40, 400]))
    return _case(seed, f"bytes {a}-{b} deleted", raw[:a] + raw[b:], "any")


def d_duplicate_span(seed, rng, rows, text, header, items, n):
    raw = text.encode("utf-8")
    a = rng.randrange(len(raw))
    b = min(len(raw), a + rng.choice([1, 2, 5, 40, 400]))
    return _case(seed, f"bytes {a}-{b} duplicated", raw[:b] + raw[a:b] + raw[b:], "any")


def d_truncate(seed, rng, rows, text, header, items, n):
    raw = text.encode("utf-8")
    return _case(seed, "truncated", raw[:rng.randrange(len(raw))], "any")


def d_insert_chars(seed, rng, rows, text, header, items, n):
    chars = list(text)
    k = rng.randint(1, 6)
    for _ in range(k):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(CONTROL + UNICODE + ['"', "'", ",", ";", "\\"]))
    return _case(seed, f"{k} characters inserted", "".join(chars).encode(rng.choice(["utf-8", "utf-8", "utf-16"])),
                 "any")


def d_odd_cell(seed, rng, rows, text, header, items, n):
    new = [r[:] for r in rows]
    k = rng.randint(1, 3)
    for _ in range(k):
        i = rng.randint(1, n)
        j = header.index(rng.choice(items)) if rng.random() < 0.8 else rng.randrange(len(header))
        new[i][j] = rng.choice(ODD_CELLS + HUGE)
    return _case(seed, f"{k} odd cells", _write_rows(new), "any")


def d_odd_header(seed, rng, rows, text, header, items, n):
    new = [r[:] for r in rows]
    j = rng.randrange(len(header))
    new[0][j] = rng.choice(["", " ", new[0][j] + rng.choice(CONTROL + UNICODE), new[0][(j + 1) % len(header)],
                            "Unnamed: 0", "a" * 500])
    return _case(seed, "header cell changed", _write_rows(new), "any")


def d_shuffle_lines(seed, rng, rows, text, header, items, n):
    lines = text.splitlines()
    rng.shuffle(lines)
    return _case(seed, "lines shuffled", "\n".join(lines) + "\n", "any")


def d_quote(seed, rng, rows, text, header, items, n):
    p = rng.randrange(len(text))
    return _case(seed, "quote inserted", text[:p] + '"' + text[p:], "any")


def d_few_rows(seed, rng, rows, text, header, items, n):
    lines = text.splitlines()
    k = rng.randint(0, 6)
    return _case(seed, f"only {k} data rows", "\n".join(lines[:k + 1]) + "\n", "any")


def d_constant(seed, rng, rows, text, header, items, n):
    new = [r[:] for r in rows]
    col = header.index(rng.choice(items))
    v = rng.choice(["3", "", "-99"])
    for r in new[1:]:
        r[col] = v
    return _case(seed, "constant or empty item", _write_rows(new), "any")


def d_collinear(seed, rng, rows, text, header, items, n):
    a, b = rng.sample(items, 2)
    ja, jb = header.index(a), header.index(b)
    new = [r[:] for r in rows]
    for r in new[1:]:
        r[jb] = r[ja]
    return _case(seed, f"{b} copied from {a}", _write_rows(new), "any")


def d_many_missing(seed, rng, rows, text, header, items, n):
    share = rng.choice([0.05, 0.3, 0.7, 0.95])
    new = [r[:] for r in rows]
    cols = [header.index(c) for c in items]
    for r in new[1:]:
        for j in cols:
            if rng.random() < share:
                r[j] = rng.choice(["", "-99"])
    return _case(seed, f"{share:.0%} of the answers missing", _write_rows(new), "any")


def d_extreme_allowed(seed, rng, rows, text, header, items, n):
    new = [r[:] for r in rows]
    for _ in range(rng.randint(1, 5)):
        new[rng.randint(1, n)][header.index(rng.choice(items))] = rng.choice(
            ["999999", "-1000000", "1e-300", "5e-324", "0.000001", "123456.789"])
    return _case(seed, "extreme values within the limit", _write_rows(new), "any")


def d_combo(seed, rng, rows, text, header, items, n):
    first = rng.choice([d_byte_flips, d_insert_chars, d_odd_cell, d_delete_span, d_blank_rows, d_quote])
    case = first(seed, rng, rows, text, header, items, n)
    raw = bytearray(case.content)
    for _ in range(rng.randint(1, 3)):
        if raw:
            raw[rng.randrange(len(raw))] = rng.choice(b",;\"\n\r\x00\xff\xfe9.e-")
    return _case(seed, case.mutation + " + byte changes", bytes(raw), "any")


DATA_OPS = (
    [d_line_ends, d_bom, d_quote_all, d_delimiter, d_trailing_everywhere, d_blank_rows, d_extra_column,
     d_reorder_columns, d_spaces, d_cp1252, d_final_newline, d_rows_shuffled, d_affine, d_excel]
    + [d_trailing_data_only, d_extra_field, d_missing_field, d_header_cell, d_dup_delimiter, d_decimal_comma, d_huge,
       d_binary, d_renamed]
    + [d_byte_flips, d_byte_flips, d_delete_span, d_duplicate_span, d_truncate, d_insert_chars, d_insert_chars,
       d_odd_cell, d_odd_cell, d_odd_header, d_shuffle_lines, d_quote, d_few_rows, d_constant, d_combo, d_combo,
       d_collinear, d_many_missing, d_extreme_allowed]
)


# ----------------------------------------------------------------------------------------------- model mutations
OPERATORS = ["=~", "<~", "~", "~~", ":=", "==", "<", ">", "=", "|", "%", "*", "+", ";", "#", "!"]


def mutate_model(seed: Seed, rng: random.Random) -> Case:
    text = seed.model.read_text(encoding="utf-8")
    op = rng.choice(MODEL_OPS)
    name, out, expect = op(text, rng)
    if isinstance(out, str):
        out = out.encode("utf-8")
    return Case("model", seed, name, out, ".lav", expect)


def _statement_lines(text: str) -> list[int]:
    return [i for i, ln in enumerate(text.split("\n")) if ln.split("#")[0].strip()]


# -- same
def m_comment_noise(text, rng):
    lines = text.split("\n")
    noise = "".join(rng.choice(COMMENT_SAFE + UNICODE + list("#!~=<+;:*abc 0")) for _ in range(rng.randint(1, 30)))
    i = rng.randrange(len(lines))
    lines[i] = lines[i] + rng.choice([" # ", "#", " ! "]) + noise
    return "noise inside a comment", "\n".join(lines), "same"


def m_whitespace(text, rng):
    out = []
    for ln in text.split("\n"):
        ln = re.sub(r" +", lambda m: " " * rng.randint(1, 4) if rng.random() < 0.5 else "\t", ln)
        out.append(ln + " " * rng.randint(0, 3))
        if rng.random() < 0.2:
            out.append(rng.choice(["", "   ", "\t"]))
    return "whitespace changed", "\n".join(out), "same"


def m_reorder(text, rng):
    lines = [ln for ln in text.split("\n") if ln.split("#")[0].strip()]
    rng.shuffle(lines)
    return "statements reordered", "\n".join(lines), "same"


def m_line_ends(text, rng):
    end = rng.choice(["\r\n", "\r"])
    return f"line ends {end!r}", text.replace("\n", end), "same"


def m_encoding(text, rng):
    enc = rng.choice(["utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1"])
    body = "# Modèl — naïve\n" + text if enc != "latin-1" else "# Modèl naïve\n" + text
    return f"encoding {enc}", body.encode(enc), "same"


def m_continuation(text, rng):
    out = []
    for ln in text.split("\n"):
        code, _, comment = ln.partition("#")
        if "+" in code and rng.random() < 0.7:
            parts = code.split("+")
            k = rng.randrange(1, len(parts))
            code = "+".join(parts[:k]) + "+\n    " + "+".join(parts[k:]) if rng.random() < 0.5 else \
                "+".join(parts[:k]) + "\n    +" + "+".join(parts[k:])
        out.append(code + (("#" + comment) if comment else ""))
    return "terms continued on the next line", "\n".join(out), "same"


def m_join(text, rng):
    lines = [ln.split("#")[0].strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    return "statements joined with ';'", "; ".join(lines), "same"


def _rewrite_code(text: str, fn) -> str:
    """Apply ``fn`` to the code part (before ``#``) of every line, keeping the comments."""
    out = []
    for ln in text.split("\n"):
        code, sep, comment = ln.partition("#")
        out.append(fn(code) + sep + comment)
    return "\n".join(out)


def m_indicator_order(text, rng):
    def shuffle(code):
        m = re.match(r"^(\s*\S+\s*(?:=~|<~)\s*)(.*?)(\s*)$", code)
        if not (m and "+" in m.group(2)):
            return code
        terms = [t.strip() for t in m.group(2).split("+")]
        rng.shuffle(terms)
        return m.group(1) + " + ".join(terms) + m.group(3)

    return "indicators reordered within constructs", _rewrite_code(text, shuffle), "same"


def m_split_paths(text, rng):
    def split(code):
        m = re.match(r"^\s*(\S+)\s*~\s*([^~=<]+)$", code)
        if not (m and "+" in m.group(2)):
            return code
        return "\n".join(f"{m.group(1)} ~ {t.strip()}" for t in m.group(2).split("+"))

    return "path statements split into one per predictor", _rewrite_code(text, split), "same"


def m_covariance(text, rng):
    from surveysem.model import parse_model

    m = parse_model(text)
    a, b = rng.sample(list(m.indicators), 2)
    return "covariance added (PLS ignores it)", text + f"\n{a} ~~ {b}\n", "same"


# -- error
def m_path_twice(text, rng):
    from surveysem.model import parse_model

    m = parse_model(text)
    p = rng.choice(m.paths)
    return "path declared twice", text + f"\n{p.target} ~ {p.source}\n", "error"


def m_cycle(text, rng):
    from surveysem.model import parse_model

    m = parse_model(text)
    p = rng.choice(m.paths)
    return "path reversed into a cycle", text + f"\n{p.source} ~ {p.target}\n", "error"


def m_undefined(text, rng):
    from surveysem.model import parse_model

    m = parse_model(text)
    return "path from an undefined construct", text + f"\n{rng.choice(m.endogenous)} ~ NOPE{rng.randint(0, 9)}\n", "error"


def m_defined_twice(text, rng):
    lines = [ln for ln in text.split("\n") if "=~" in ln.split("#")[0] or "<~" in ln.split("#")[0]]
    return "construct defined twice", text + "\n" + rng.choice(lines) + "\n", "error"


def m_control_in_statement(text, rng):
    lines = text.split("\n")
    i = rng.choice(_statement_lines(text))
    code, sep, comment = lines[i].partition("#")
    p = rng.randrange(len(code) + 1)
    ch = rng.choice(["\x00", "\x01", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\u200b"])
    lines[i] = code[:p] + ch + code[p:] + sep + comment
    return f"control character {ch!r} in a statement", "\n".join(lines), "error"


def m_unsupported(text, rng):
    return "unsupported operator", text + f"\nX {rng.choice([':=', '==', '<', '>', '|'])} Y\n", "error"


# -- any
def m_byte_flips(text, rng):
    raw = bytearray(text.encode("utf-8"))
    for _ in range(rng.randint(1, 6)):
        raw[rng.randrange(len(raw))] = rng.randrange(256)
    return "byte flips", bytes(raw), "any"


def m_delete(text, rng):
    a = rng.randrange(len(text))
    b = min(len(text), a + rng.choice([1, 1, 2, 3, 10, 50]))
    return "characters deleted", text[:a] + text[b:], "any"


def m_duplicate(text, rng):
    a = rng.randrange(len(text))
    b = min(len(text), a + rng.choice([1, 2, 5, 20, 80]))
    return "characters duplicated", text[:b] + text[a:b] + text[b:], "any"


def m_operator_swap(text, rng):
    ops = list(re.finditer(r"=~|<~|~~|~|\+", text))
    m = rng.choice(ops)
    return f"operator {m.group()} replaced", text[:m.start()] + rng.choice(OPERATORS) + text[m.end():], "any"


def m_name(text, rng):
    names = list(re.finditer(r"[A-Za-z_][A-Za-z0-9_.]*", text))
    m = rng.choice(names)
    new = rng.choice(["", m.group() + rng.choice(UNICODE + COMMENT_SAFE), m.group().upper(), m.group()[::-1],
                      "1" + m.group(), m.group() + "." + m.group(), "x" * rng.randint(1, 300), "a b"])
    return "name changed", text[:m.start()] + new + text[m.end():], "any"


def m_insert(text, rng):
    chars = list(text)
    for _ in range(rng.randint(1, 5)):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(CONTROL + UNICODE + OPERATORS + ["\n", "0*", "a*"]))
    return "characters inserted", "".join(chars), "any"


def m_truncate(text, rng):
    return "truncated", text[:rng.randrange(len(text))], "any"


def m_generated(text, rng):
    kind = rng.choice(["chain", "cycle", "saturated", "wide", "long statement"])
    k = rng.choice([2, 5, 20, 60, 300, 1000]) if kind in ("chain", "cycle") else rng.randint(2, 32)
    if kind in ("chain", "cycle"):
        lines = [f"C{i} =~ c{i}" for i in range(k)] + [f"C{i + 1} ~ C{i}" for i in range(k - 1)]
        if kind == "cycle":
            lines.append(f"C0 ~ C{k - 1}")
    elif kind == "saturated":
        lines = [f"C{i} =~ c{i}" for i in range(k)] + [f"C{j} ~ " + " + ".join(f"C{i}" for i in range(j))
                                                      for j in range(1, k)]
    elif kind == "wide":
        k = rng.choice([50, 499])
        lines = [f"C{i} =~ c{i}" for i in range(k)] + ["Y =~ y", "Y ~ " + " + ".join(f"C{i}" for i in range(k))]
    else:
        lines = ["A =~ " + " + ".join(f"a{i}" for i in range(rng.choice([100, 5000]))), "B =~ b", "B ~ A"]
    return f"generated {kind} ({k})", "\n".join(lines), "any"


def m_random_model(text, rng):
    """The seed's indicators regrouped at random into constructs (either mode) joined by random paths."""
    from surveysem.model import parse_model

    items = list(parse_model(text).indicators)
    rng.shuffle(items)
    k = rng.randint(1, min(8, len(items)))
    cuts = sorted(rng.sample(range(1, len(items)), k - 1)) if k > 1 else []
    blocks = [items[a:b] for a, b in zip([0] + cuts, cuts + [len(items)])]
    lines = [f"K{i} {rng.choice(['=~', '=~', '<~'])} {' + '.join(b)}" for i, b in enumerate(blocks)]
    order = list(range(k))
    rng.shuffle(order)
    for i in range(k):
        for j in range(i + 1, k):
            if rng.random() < 0.4:
                lines.append(f"K{order[j]} ~ K{order[i]}")
    rng.shuffle(lines)
    return f"random model of {k} constructs", "\n".join(lines), "any"


def m_random_tokens(text, rng):
    """Statements of random lavaan-like tokens."""
    from surveysem.model import parse_model

    names = list(parse_model(text).construct_names) + list(parse_model(text).indicators)[:6] + ["x", "_", ".", "1a"]
    tokens = names * 3 + OPERATORS + ["0.5*", "NA*", "a*", "(", ")", "\\", "'", '"', "\t", " ", "  "]
    lines = []
    for _ in range(rng.randint(1, 25)):
        lines.append(" ".join(rng.choice(tokens) for _ in range(rng.randint(1, 9))))
    return "random tokens", "\n".join(lines), "any"


MODEL_OPS = (
    [m_comment_noise, m_comment_noise, m_whitespace, m_reorder, m_line_ends, m_encoding, m_continuation, m_join,
     m_indicator_order, m_split_paths, m_covariance]
    + [m_cycle, m_undefined, m_defined_twice, m_control_in_statement, m_unsupported, m_path_twice]
    + [m_byte_flips, m_byte_flips, m_delete, m_duplicate, m_operator_swap, m_operator_swap, m_name, m_name, m_insert,
       m_insert, m_truncate, m_generated, m_random_model, m_random_model, m_random_model, m_random_tokens,
       m_random_tokens]
)


# ------------------------------------------------------------------------------------------------------ the oracle
class Hang(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise :class:`Hang` in the main thread after ``seconds`` (CPU time is not enough: a deadlock is wall time)."""
    def handler(signum, frame):
        raise Hang(f"slower than {seconds} s")

    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@contextlib.contextmanager
def within(seconds: float, what: str):
    """Count a step slower than ``seconds`` as a hang (the outer :func:`time_limit` stops a step that never ends)."""
    start = time.perf_counter()
    yield
    took = time.perf_counter() - start
    if took > seconds:
        raise Hang(f"{what} took {took:.2f} s (limit {seconds} s)")


_WHOLE_FILE = ("the file is empty", "seems to be", "no data rows", "no header", "defines no construct",
               "usable rows", "did not converge", "is not text", "singular", "is a folder", "cannot read the",
               "neither UTF-8", "mixes UTF-8", "middle of a UTF-8")
_PLACE = re.compile(r"\b(row|line) \d+|column \S|indicator '|items? \S+ and|construct '|sheet ")


def message_problem(msg: str, files: list[str]) -> str | None:
    """Why a user-error message breaks the convention, or None: one line, names a file, says where or is whole-file."""
    if "\n" in msg or len(msg.splitlines()) != 1:
        return "message is not one line"
    if not any(f in msg for f in files):
        return "message does not name the file"
    if not (_PLACE.search(msg) or any(w in msg for w in _WHOLE_FILE)):
        return "message names no row, line or column"
    return None


def judge(fn, case: Case, files: list[str], limit: float, reference: dict | None = None) -> Outcome:
    """Run ``fn()`` (which returns an estimate-by-name dict or None) under a time limit and judge the outcome."""
    from surveysem.errors import SurveysemError

    try:
        with time_limit(limit):
            got = fn()
    except Hang as exc:
        return Outcome("hang", detail=str(exc), case=case)
    except SurveysemError as exc:
        problem = message_problem(exc.message, files)
        if problem:
            return Outcome("bad_message", type(exc).__name__, f"{problem}: {exc.message[:300]}", case)
        if case.expect == "same":
            return Outcome("wrong", type(exc).__name__, f"expected the original estimate, got: {exc.message[:300]}", case)
        return Outcome("error", type(exc).__name__, exc.message, case)
    except Exception as exc:
        tb = traceback.format_exc(limit=-3).strip().splitlines()
        return Outcome("traceback", type(exc).__name__, " | ".join(tb[-4:])[:600], case)
    if case.expect == "error":
        return Outcome("wrong", detail="expected a user error, got an estimate", case=case)
    if case.expect == "same" and reference is not None and got is not None:
        diff = same_estimate(reference, got)
        if diff:
            return Outcome("wrong", detail=diff, case=case)
    return Outcome("ok", case=case)


def run_data_case(case: Case, folder: Path, estimate: bool = True) -> Outcome:
    """Read the mutated file (read_table, numeric_items) and estimate the seed model on it."""
    from surveysem.data import numeric_items, read_table
    from surveysem.model import read_model
    from surveysem.pls import pls

    path = folder / f"survey{case.suffix}"
    path.write_bytes(case.content)
    model = read_model(case.seed.model)

    def go():
        with within(READ_LIMIT, "reading"):
            df = read_table(path)
            cols = [c for c in model.indicators if c in df.columns]
            numeric_items(df, cols, missing_values=list(case.seed.missing_values))
        if not estimate:
            return None
        return estimate_by_name(pls(df, model, missing_values=list(case.seed.missing_values), source=str(path)))

    ref = baseline(case.seed) if case.expect == "same" else None
    return judge(go, case, [str(path), str(case.seed.model)], ESTIMATE_LIMIT, ref)


def run_model_case(case: Case, folder: Path, estimate: bool = True) -> Outcome:
    """Read the mutated model file (read_model → parse_model) and estimate it on the seed's data."""
    from surveysem.data import read_table
    from surveysem.model import read_model
    from surveysem.pls import pls

    path = folder / "model.lav"
    path.write_bytes(case.content)
    data = read_table(case.seed.data)

    def go():
        with within(READ_LIMIT, "parsing"):
            model = read_model(path)
            _ = (model.causal_order, model.indirect_chains)  # properties computed on first use
        if not estimate:
            return None
        return estimate_by_name(pls(data, model, missing_values=list(case.seed.missing_values),
                                    source=str(case.seed.data)))

    ref = baseline(case.seed) if case.expect == "same" else None
    return judge(go, case, [str(path), str(case.seed.data)], ESTIMATE_LIMIT, ref)


def run_cli_case(case: Case, folder: Path, boot: int = 0) -> Outcome:
    """The `surveysem pls` entry point on a mutated data or model file: exit 0 or one `surveysem: error:` line."""
    import contextlib as _cl
    import io as _io

    import pandas as pd

    from surveysem.cli import main

    data = folder / f"survey{case.suffix}" if case.kind == "data" else case.seed.data
    model = folder / "model.lav" if case.kind == "model" else case.seed.model
    (data if case.kind == "data" else model).write_bytes(case.content)
    out = folder / "out"
    argv = ["pls", "--data", str(data), "--model", str(model), "--out", str(out), "--quiet", "--boot", str(boot),
            "--seed", "7", "--no-draws"] + [a for v in case.seed.missing_values for a in ("--missing-value", str(v))]
    err = _io.StringIO()

    def go():
        with _cl.redirect_stderr(err), _cl.redirect_stdout(_io.StringIO()):
            rc = main(argv)
        text = err.getvalue()
        if rc == 2:
            lines = text.splitlines()
            if len(lines) != 1 or not lines[0].startswith("surveysem: error: "):
                raise AssertionError(f"exit 2 with {len(lines)} lines on stderr: {text[:300]!r}")
            from surveysem.errors import SurveysemError

            raise SurveysemError(lines[0][len("surveysem: error: "):])
        if rc != 0:
            raise AssertionError(f"exit code {rc}: {text[:300]!r}")
        paths = pd.read_csv(out / "paths.csv")
        loadings = pd.read_csv(out / "loadings.csv")
        weights = pd.read_csv(out / "weights.csv")
        got = {f"path:{r['from']}->{r['to']}": r["estimate"] for r in paths.to_dict("records")}
        got |= {f"loading:{r['construct']}:{r['indicator']}": r["estimate"] for r in loadings.to_dict("records")}
        got |= {f"weight:{r['construct']}:{r['indicator']}": r["estimate"] for r in weights.to_dict("records")}
        return got

    ref = None
    if case.expect == "same":
        ref = {k: v for k, v in baseline(case.seed).items() if k != "n"}
    return judge(go, case, [str(data), str(model)], ESTIMATE_LIMIT + 20 * boot / 100, ref)


def summarize(outcomes: list[Outcome]) -> dict:
    """Counts for the report: cases, statuses, error classes, and one example of each distinct failure."""
    from collections import Counter

    status = Counter(o.status for o in outcomes)
    classes = Counter(o.error_class for o in outcomes if o.status == "error")
    expect = Counter((o.case.kind, o.case.expect) for o in outcomes if o.case is not None)
    failures = {}
    for o in outcomes:
        if o.status in ("traceback", "hang", "bad_message", "wrong"):
            key = (o.status, o.error_class, re.sub(r"\d+", "N", o.detail)[:120])
            failures.setdefault(key, o)
    return {"cases": len(outcomes), "status": dict(status), "error_classes": dict(classes),
            "by_expectation": {f"{k}/{e}": v for (k, e), v in expect.items()},
            "failures": [{"status": o.status, "class": o.error_class, "detail": o.detail,
                          "seed": o.case.seed.name, "mutation": o.case.mutation} for o in failures.values()]}

