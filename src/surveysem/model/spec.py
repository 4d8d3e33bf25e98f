"""The model value object: constructs, indicators, structural paths.

A :class:`Model` is immutable and hashable; derived views (causal order, predecessors, indirect
chains) are computed from it. Build one from lavaan syntax with :func:`surveysem.model.parse_model`
or in Python::

    Model.build(
        constructs={"COMP": ["comp_1", "comp_2"], "CUSL": ["cusl_1", "cusl_2"]},
        paths=[("COMP", "CUSL")],
    )
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Iterable, Mapping, Sequence

from ..errors import ModelError

REFLECTIVE = "reflective"  # lavaan `=~`, PLS Mode A
COMPOSITE = "composite"  # lavaan `<~`, PLS Mode B


@dataclass(frozen=True)
class Term:
    """A right-hand-side term with an optional lavaan modifier (``0*x``, ``a*x``)."""

    name: str
    modifier: str | None = None

    def __str__(self) -> str:
        return f"{self.modifier}*{self.name}" if self.modifier is not None else self.name


@dataclass(frozen=True)
class Construct:
    """A construct measured by ``indicators``; ``mode`` is ``"reflective"`` or ``"composite"``."""

    name: str
    indicators: tuple[str, ...]
    mode: str = REFLECTIVE
    line: int | None = field(default=None, compare=False)

    @property
    def pls_mode(self) -> str:
        """PLS outer mode: ``"A"`` (correlation weights) or ``"B"`` (regression weights)."""
        return "A" if self.mode == REFLECTIVE else "B"

    @property
    def operator(self) -> str:
        return "=~" if self.mode == REFLECTIVE else "<~"


@dataclass(frozen=True)
class Path:
    """A structural path ``source → target`` (lavaan ``target ~ source``)."""

    source: str
    target: str
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Covariance:
    """A (residual) covariance ``a ~~ b``, used by CB-SEM only."""

    a: str
    b: str
    modifier: str | None = None
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Model:
    """A PLS/CB-SEM model: constructs with their indicators, and structural paths.

    Construct and indicator order is the order of declaration; it fixes the order of every
    output table.
    """

    constructs: tuple[Construct, ...]
    paths: tuple[Path, ...] = ()
    covariances: tuple[Covariance, ...] = ()
    source: str | None = field(default=None, compare=False)

    # ------------------------------------------------------------------ building
    @classmethod
    def build(
        cls,
        constructs: Mapping[str, Sequence[str]],
        paths: Iterable[tuple[str, str]] = (),
        composite: Iterable[str] = (),
        covariances: Iterable[tuple[str, str]] = (),
        source: str | None = None,
    ) -> "Model":
        """Build a model in Python; ``composite`` names the Mode-B constructs."""
        comp = set(composite)
        model = cls(
            constructs=tuple(
                Construct(n, tuple(ind), COMPOSITE if n in comp else REFLECTIVE) for n, ind in constructs.items()
            ),
            paths=tuple(Path(s, t) for s, t in paths),
            covariances=tuple(Covariance(a, b) for a, b in covariances),
            source=source,
        )
        model.validate()
        return model

    def to_syntax(self) -> str:
        """The model as lavaan syntax (round-trips through :func:`parse_model`)."""
        lines = [f"{c.name} {c.operator} {' + '.join(c.indicators)}" for c in self.constructs]
        if self.paths:
            lines.append("")
            for target in _unique(p.target for p in self.paths):
                lines.append(f"{target} ~ {' + '.join(self.predecessors(target))}")
        if self.covariances:
            lines.append("")
            for cv in self.covariances:
                rhs = f"{cv.modifier}*{cv.b}" if cv.modifier is not None else cv.b
                lines.append(f"{cv.a} ~~ {rhs}")
        return "\n".join(lines) + "\n"

    def __str__(self) -> str:
        return self.to_syntax()

    # ------------------------------------------------------------------ views
    @cached_property
    def construct_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.constructs)

    @cached_property
    def indicators(self) -> tuple[str, ...]:
        """All indicators in declaration order."""
        return tuple(i for c in self.constructs for i in c.indicators)

    def construct(self, name: str) -> Construct:
        for c in self.constructs:
            if c.name == name:
                return c
        raise KeyError(name)

    def construct_of(self, indicator: str) -> str:
        for c in self.constructs:
            if indicator in c.indicators:
                return c.name
        raise KeyError(indicator)

    def predecessors(self, name: str) -> tuple[str, ...]:
        """Constructs with a path into ``name``, in declaration order of the paths."""
        return tuple(p.source for p in self.paths if p.target == name)

    def successors(self, name: str) -> tuple[str, ...]:
        return tuple(p.target for p in self.paths if p.source == name)

    @cached_property
    def endogenous(self) -> tuple[str, ...]:
        """Constructs with at least one incoming path, in construct order."""
        targets = {p.target for p in self.paths}
        return tuple(n for n in self.construct_names if n in targets)

    @cached_property
    def exogenous(self) -> tuple[str, ...]:
        targets = {p.target for p in self.paths}
        return tuple(n for n in self.construct_names if n not in targets)

    @cached_property
    def causal_order(self) -> tuple[str, ...]:
        """Constructs sorted so every path goes from an earlier to a later one (stable topological order)."""
        done: list[str] = []
        remaining = list(self.construct_names)
        while remaining:
            ready = [n for n in remaining if all(p in done for p in self.predecessors(n))]
            if not ready:  # validate() reports cycles with line numbers; here we only guard
                raise ModelError("the structural model has a cycle", where=self.source)
            done.extend(ready)
            remaining = [n for n in remaining if n not in ready]
        return tuple(done)

    @cached_property
    def layers(self) -> tuple[tuple[str, ...], ...]:
        """Constructs grouped by causal depth (0 = exogenous), for left-to-right diagrams."""
        depth: dict[str, int] = {}
        for n in self.causal_order:
            preds = self.predecessors(n)
            depth[n] = 1 + max((depth[p] for p in preds), default=-1)
        n_layers = 1 + max(depth.values(), default=0)
        return tuple(tuple(n for n in self.causal_order if depth[n] == k) for k in range(n_layers))

    @cached_property
    def indirect_chains(self) -> tuple[tuple[str, ...], ...]:
        """Every directed chain with at least one mediator: ``(X, M1, ..., Y)``.

        Serial chains are included (``X → M1 → M2 → Y``). Ordered by source, then target, then length,
        following the causal order.
        """
        order = {n: i for i, n in enumerate(self.causal_order)}
        chains: list[tuple[str, ...]] = []

        def walk(chain: tuple[str, ...]) -> None:
            for nxt in self.successors(chain[-1]):
                new = chain + (nxt,)
                if len(new) >= 3:
                    chains.append(new)
                walk(new)

        for start in self.causal_order:
            walk((start,))
        chains.sort(key=lambda c: (order[c[0]], order[c[-1]], len(c), [order[x] for x in c]))
        return tuple(chains)

    @property
    def is_all_reflective(self) -> bool:
        return all(c.mode == REFLECTIVE for c in self.constructs)

    # ------------------------------------------------------------------ derived models
    def without_path(self, source: str, target: str) -> "Model":
        """The same model with the path ``source → target`` removed (for f², Hair et al. 2022, ch. 6)."""
        return replace(self, paths=tuple(p for p in self.paths if (p.source, p.target) != (source, target)))

    def without_indicator(self, indicator: str) -> "Model":
        """The same model with one indicator removed (for item purification); a construct keeps ≥ 1 item."""
        cons = []
        for c in self.constructs:
            if indicator in c.indicators:
                if len(c.indicators) == 1:
                    raise ModelError(f"cannot drop {indicator!r}: it is the last indicator of {c.name}")
                c = replace(c, indicators=tuple(i for i in c.indicators if i != indicator))
            cons.append(c)
        return replace(self, constructs=tuple(cons))

    def without_constructs(self, names: Iterable[str]) -> "Model":
        """The same model without the named constructs and every path and covariance that touches them."""
        drop = set(names)
        return replace(
            self,
            constructs=tuple(c for c in self.constructs if c.name not in drop),
            paths=tuple(p for p in self.paths if p.source not in drop and p.target not in drop),
            covariances=tuple(cv for cv in self.covariances if cv.a not in drop and cv.b not in drop),
        )

    # ------------------------------------------------------------------ checks
    def validate(self) -> "Model":
        """Check structure: unique names, indicators used once, paths between defined constructs, no cycle."""
        where = self.source or "model"
        seen: dict[str, Construct] = {}
        for c in self.constructs:
            loc = _loc(where, c.line)
            if c.name in seen:
                raise ModelError(f"construct {c.name!r} is defined twice", where=loc,
                                 fix="Merge the two definitions into one line")
            if not c.indicators:
                raise ModelError(f"construct {c.name!r} has no indicators", where=loc,
                                 fix=f"Write '{c.name} =~ item1 + item2'")
            seen[c.name] = c
        owner: dict[str, str] = {}
        for c in self.constructs:
            for ind in c.indicators:
                if ind in owner:
                    raise ModelError(
                        f"indicator {ind!r} is used by two constructs ({owner[ind]} and {c.name})",
                        where=_loc(where, c.line), fix="Each indicator may measure only one construct")
                if ind in seen:
                    raise ModelError(f"{ind!r} is both a construct and an indicator", where=_loc(where, c.line),
                                     fix="Rename the construct or the column")
                owner[ind] = c.name
        for p in self.paths:
            for end in (p.source, p.target):
                if end not in seen:
                    hint = ""
                    if end in owner:
                        hint = f"{end!r} is an indicator of {owner[end]}; paths connect constructs"
                    else:
                        close = difflib.get_close_matches(end, list(seen), n=1)
                        hint = (f"Did you mean {close[0]!r}? " if close else "") + \
                            f"Define it first, e.g. '{end} =~ item1 + item2' (a single-item construct: '{end} =~ {end.lower()}')"
                    raise ModelError(f"path {p.source} -> {p.target} uses undefined construct {end!r}",
                                     where=_loc(where, p.line), fix=hint)
            if p.source == p.target:
                raise ModelError(f"path {p.source} -> {p.target} points to itself", where=_loc(where, p.line))
        pairs = set()
        for p in self.paths:
            if (p.source, p.target) in pairs:
                raise ModelError(f"path {p.source} -> {p.target} is declared twice", where=_loc(where, p.line))
            pairs.add((p.source, p.target))
        cycle = self._find_cycle()
        if cycle:
            line = next((p.line for p in self.paths if (p.source, p.target) == (cycle[-2], cycle[-1])), None)
            raise ModelError("the structural model has a cycle " + " -> ".join(cycle), where=_loc(where, line),
                             fix="PLS-SEM needs a recursive model: remove one path of the cycle")
        return self

    def _find_cycle(self) -> list[str] | None:
        state: dict[str, int] = {}
        stack: list[str] = []

        def visit(n: str) -> list[str] | None:
            state[n] = 1
            stack.append(n)
            for m in self.successors(n):
                if state.get(m) == 1:
                    return stack[stack.index(m):] + [m]
                if m not in state:
                    found = visit(m)
                    if found:
                        return found
            stack.pop()
            state[n] = 2
            return None

        for n in self.construct_names:
            if n not in state:
                found = visit(n)
                if found:
                    return found
        return None

    def check_columns(self, columns: Iterable[str], data_name: str = "data") -> None:
        """Raise a :class:`ModelError` naming the first indicator that is not a column of the data.

        The message lists the columns that are there and the closest match.
        """
        cols = [str(c) for c in columns]
        colset = set(cols)
        for c in self.constructs:
            for ind in c.indicators:
                if ind not in colset:
                    close = difflib.get_close_matches(ind, cols, n=1, cutoff=0.5)
                    shown = ", ".join(cols[:30]) + (", ..." if len(cols) > 30 else "")
                    fix = (f"Did you mean {close[0]!r}? " if close else "") + \
                        f"Columns in {data_name}: {shown}"
                    raise ModelError(f"indicator {ind!r} of {c.name} is not a column of {data_name}",
                                     where=_loc(self.source or "model", c.line), fix=fix)


def _loc(where: str, line: int | None) -> str:
    return f"{where}, line {line}" if line else where


def _unique(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for i in items:
        if i not in out:
            out.append(i)
    return out
