"""Read lavaan model syntax (the subset PLS-SEM and CB-SEM studies use).

Supported statements (Rosseel 2012, lavaan model syntax; also read by semopy):

* ``C =~ x1 + x2`` reflective construct (PLS Mode A), ``C <~ x1 + x2`` composite (Mode B);
* ``H =~ C1 + C2`` / ``H <~ C1 + C2`` a higher-order construct of the constructs C1, C2 (second order only);
* ``Y ~ X1 + X2`` structural paths (several left-hand sides allowed: ``Y1 + Y2 ~ X``);
* ``Y ~ X + W + X:W`` an interaction term (lavaan's ``:``; ``X:X`` a quadratic effect), a predictor only
  (:class:`~surveysem.model.spec.Interaction`);
* ``a ~~ b`` (residual) covariances, with an optional modifier (``x ~~ 0*x``), for CB-SEM;
* ``#`` and ``!`` comments, ``;`` between statements, statements continued over several lines
  (a line ending in ``+`` or an operator, or a line starting with ``+``).

Lines end at ``\n``, ``\r\n`` or ``\r`` only (not at the form feeds, vertical tabs, U+0085 or U+2028 that
Python's ``str.splitlines`` also breaks at), so text after ``#`` is never read as a statement and line numbers are
the ones an editor shows. A control or invisible format character outside a comment is an error naming the line.
A model file may be saved as UTF-8 (with or without byte-order mark), UTF-16 with byte-order mark, or Windows-1252
(:func:`surveysem.textfile.read_text`).

Every error names the file and line. Parsing is linear in the length of the text.
"""
from __future__ import annotations

import os
import re
from pathlib import Path as FsPath

from ..errors import ModelError
from ..textfile import control_character, read_text
from .spec import COMPOSITE, REFLECTIVE, Construct, Covariance, Interaction, Model, Path, Term, resolve_higher_order

_OPERATORS = ("=~", "<~", "~~", "~")
_UNSUPPORTED = (":=", "==", "<=", ">=", "|", "<", ">", "%", "=")
_NAME = re.compile(r"^[A-Za-z_.][A-Za-z0-9_.]*$")
_MODIFIER = re.compile(r"^(?P<mod>[^*]+)\*(?P<name>.+)$")


def read_model(path: str | os.PathLike) -> Model:
    """Read and validate a lavaan-syntax model file."""
    path = FsPath(path)
    if not path.exists():
        raise ModelError(f"model file {str(path)!r} does not exist", fix="Check the path in config.yaml or --model")
    text, _encoding = read_text(path, error=ModelError, what="model file")
    return parse_model(text, source=str(path))


def parse_model(text: str, source: str | None = None, fixed_values: dict | None = None) -> Model:
    """Parse lavaan syntax into a validated :class:`~surveysem.model.Model`.

    Parameters
    ----------
    text : str
        The model description.
    source : str, optional
        File name used in error messages (``"<model>"`` when omitted).
    fixed_values : dict, optional
        Given (an empty dict), numeric pre-multipliers of loadings and paths are accepted as lavaan's fixed values
        (``F =~ 0.8*x1``, ``Y ~ 0.3*X``; Rosseel 2012, "fixing parameters") and recorded into it:
        ``("loading", construct, indicator)`` and ``("path", source, target)`` → value (a population model for
        simulation and power analysis). Without it every modifier of ``=~``, ``<~`` and ``~`` is an error, as
        PLS estimates them all. A label (``a*x``) is an error either way.
    """
    where = source or "<model>"
    constructs: list[Construct] = []
    paths: list[Path] = []
    covs: list[Covariance] = []
    interactions: dict[str, Interaction] = {}
    for line_no, stmt in _statements(text, where):
        loc = f"{where}, line {line_no}"
        op = _operator(stmt, loc)
        lhs_text, rhs_text = stmt.split(op, 1)
        lhs = [t.strip() for t in lhs_text.split("+")]
        rhs = _terms(rhs_text, loc)
        for name in lhs:
            if not name:
                raise ModelError(f"missing left-hand side before {op!r}", where=loc)
            if op == "~" and _interaction(name):
                raise ModelError(f"interaction {name} cannot be an outcome", where=loc,
                                 fix="Interaction terms only predict: write 'Y ~ A + B + A:B'")
            _check_name(name, loc)
        products = [t.name for t in rhs if _interaction(t.name)]
        if products and op != "~":
            raise ModelError(f"{products[0]!r}: an interaction term may only be a predictor in a '~' statement",
                             where=loc, fix=f"Write it as a path, e.g. 'Y ~ A + B + {products[0]}'")
        if op in ("=~", "<~"):
            if len(lhs) != 1:
                raise ModelError(f"one construct per {op!r} statement, got {_short(' + '.join(lhs))}", where=loc)
            mods = [t for t in rhs if t.modifier is not None and not _fixed(t, fixed_values, "loading", lhs[0], loc)]
            if mods:
                raise ModelError(f"modifier {_short(str(mods[0]), 60)}: fixed or labelled loadings are not supported", where=loc,
                                 fix="Write the indicator without 'value*'")
            mode = REFLECTIVE if op == "=~" else COMPOSITE
            constructs.append(Construct(lhs[0], tuple(t.name for t in rhs), mode, line=line_no))
        elif op == "~":
            mods = [t for t in rhs if t.modifier is not None
                    and not all(_fixed(t, fixed_values, "path", target, loc) for target in lhs)]
            if mods:
                raise ModelError(f"modifier {_short(str(mods[0]), 60)}: fixed or labelled paths are not supported", where=loc,
                                 fix="Write the predictor without 'value*'")
            for t in rhs:
                left_right = _interaction(t.name)
                if left_right and t.name not in interactions:
                    interactions[t.name] = Interaction(*left_right, line=line_no)
            for target in lhs:
                for t in rhs:
                    paths.append(Path(t.name, target, line=line_no))
        else:  # ~~
            for a in lhs:
                for t in rhs:
                    covs.append(Covariance(a, t.name, t.modifier, line=line_no))
    if not constructs:
        raise ModelError("the model defines no construct", where=where,
                         fix="Add a line such as 'TRUST =~ trust_1 + trust_2 + trust_3'")
    model = Model(resolve_higher_order(tuple(constructs), where), tuple(paths), tuple(covs), source=source,
                  interactions=tuple(interactions.values()))
    return model.validate()


def _fixed(term: Term, fixed_values: dict | None, kind: str, lhs: str, loc: str) -> bool:
    """Record a numeric pre-multiplier (``0.3*X``) into ``fixed_values`` when they are wanted; False otherwise."""
    if fixed_values is None or term.modifier is None:
        return False
    try:
        value = float(term.modifier)
    except ValueError:
        raise ModelError(f"modifier {_short(str(term), 60)}: a population value must be a number", where=loc,
                         fix=f"Write a number, e.g. 0.3*{term.name}") from None
    key = (kind, lhs, term.name) if kind == "loading" else (kind, term.name, lhs)
    fixed_values[key] = value
    return True


_LINE_END = re.compile(r"\r\n|\r|\n")


def _statements(text: str, where: str = "<model>") -> list[tuple[int, str]]:
    """Split into (first line number, statement) pairs, joining continued lines.

    Lines end at ``\n``, ``\r\n`` or ``\r`` only; a comment runs from ``#`` or ``!`` to the end of its line.
    """
    out: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for no, raw in enumerate(_LINE_END.split(text), start=1):
        line = _COMMENT.split(raw, maxsplit=1)[0]
        bad = control_character(line)
        if bad is not None:
            raise ModelError(f"character {bad[1]} at position {bad[0] + 1} (outside a comment)",
                             where=f"{where}, line {no}",
                             fix="Delete it; statements hold names, operators, '+' and spaces only")
        for piece in line.split(";"):
            piece = piece.strip()
            if not piece:
                continue
            last = current[-1] if current else ""
            continues = current and (
                last.endswith(("+", "=~", "<~", "~"))
                or piece.startswith("+")
                or not _ANY_OPERATOR.search(piece)
            )
            if continues:
                current.append(piece)
            else:
                if current:
                    out.append((start, " ".join(current)))
                current, start = [piece], no
    if current:
        out.append((start, " ".join(current)))
    return out


_COMMENT = re.compile(r"[#!]")
_ANY_OPERATOR = re.compile(r"[~=<>|:]")


def _short(stmt: str, n: int = 80) -> str:
    """A statement for a message, cut to ``n`` characters."""
    return stmt if len(stmt) <= n else stmt[: n - 3] + "..."


def _operator(stmt: str, loc: str) -> str:
    ops = re.findall(r"=~|<~|~~|~", stmt)
    rest = re.sub(r"=~|<~|~~|~", " ", stmt)
    for bad in _UNSUPPORTED:
        if bad in rest:
            raise ModelError(f"unknown operator {bad!r} in {_short(stmt)!r}", where=loc,
                             fix="Use =~ (reflective), <~ (composite), ~ (path) or ~~ (covariance)")
    if not ops:
        raise ModelError(f"no operator in {_short(stmt)!r}", where=loc,
                         fix="Use =~ (reflective), <~ (composite), ~ (path) or ~~ (covariance)")
    if len(ops) > 1:
        raise ModelError(f"more than one operator in {_short(stmt)!r}", where=loc, fix="Write one statement per line")
    return ops[0]


def _terms(rhs: str, loc: str) -> list[Term]:
    terms: list[Term] = []
    seen: set[str] = set()
    for raw in rhs.split("+"):
        raw = raw.strip()
        if not raw:
            raise ModelError("empty term (two '+' in a row, or '+' at the end)", where=loc)
        m = _MODIFIER.match(raw)
        if m:
            name, mod = m.group("name").strip(), m.group("mod").strip()
        else:
            name, mod = raw, None
        for part in (name.split(":", 1) if _interaction(name) else [name]):
            _check_name(part, loc)
        if name in seen:
            raise ModelError(f"{name!r} is listed twice on the right-hand side", where=loc)
        seen.add(name)
        terms.append(Term(name, mod))
    return terms


def _interaction(name: str) -> tuple[str, str] | None:
    """``(left, right)`` of an interaction term ``left:right`` (lavaan's ``:``), else None."""
    parts = name.split(":")
    return (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else None


def _check_name(name: str, loc: str) -> None:
    if not _NAME.fullmatch(name):
        raise ModelError(f"{_short(name, 60)!r} is not a valid name", where=loc,
                         fix="Names are letters, digits, '_' and '.', and start with a letter")
