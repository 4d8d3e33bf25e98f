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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from ..errors import ModelError

REFLECTIVE = "reflective"  # lavaan `=~`, PLS Mode A
COMPOSITE = "composite"  # lavaan `<~`, PLS Mode B

#: at most this many specific indirect effects (chains) are listed one by one; see Model.indirect_chain_listing
MAX_INDIRECT_CHAINS = 500


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
class Interaction:
    """An interaction term ``left:right`` (lavaan's ``:``) on the right-hand side of a path, e.g. ``CUSA:SC``;
    ``X:X`` is a quadratic effect. In the reported (stage-2) model it is a construct named :attr:`name`, estimated by
    the ``interaction`` setting's method (:mod:`surveysem.pls.interaction`; Hair et al. 2022, ch. 7)."""

    left: str
    right: str
    line: int | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        return f"{self.left}:{self.right}"

    @property
    def constituents(self) -> tuple[str, ...]:
        """The distinct constructs it multiplies (one for a quadratic term)."""
        return (self.left,) if self.left == self.right else (self.left, self.right)

    @property
    def is_quadratic(self) -> bool:
        return self.left == self.right


@dataclass(frozen=True)
class Covariance:
    """A (residual) covariance ``a ~~ b``, used by CB-SEM only."""

    a: str
    b: str
    modifier: str | None = None
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class IndirectChains:
    """Which specific indirect effects are listed (:meth:`Model.indirect_chain_listing`).

    Attributes
    ----------
    listed : tuple of tuple of str
        The chains ``(X, M1, ..., Y)`` listed one by one.
    unlisted : tuple of (str, str, float)
        ``(X, Y, number of chains)`` for each pair whose chains are not listed (the number can exceed 2⁵³ and is
        then approximate).
    limit : int
        The limit that applied.
    """

    listed: tuple[tuple[str, ...], ...]
    unlisted: tuple[tuple[str, str, float], ...] = ()
    limit: int = 0

    @property
    def n_unlisted(self) -> float:
        return float(sum(n for *_, n in self.unlisted))

    def warning(self) -> str | None:
        """The sentence for the log, run.json and the summary when chains were left out, else None."""
        if not self.unlisted:
            return None
        return (f"{format_count(self.n_unlisted)} specific indirect effects (chains) between "
                f"{len(self.unlisted)} pair{'s' if len(self.unlisted) > 1 else ''} of constructs are not listed one "
                f"by one (more than the limit of {self.limit} chains); the total indirect and total effects are "
                "complete (they come from the path matrix)")


def format_count(n: float) -> str:
    """A chain count for a message: exact below 2⁵³, else in scientific notation."""
    if n < 2.0 ** 53:
        return f"{int(n):,}"
    return f"about {n:.3g}" if n != float("inf") else "more than 1e308"


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
    interactions: tuple[Interaction, ...] = ()  # sources of paths that are not constructs (``A:B``)

    # ------------------------------------------------------------------ building
    @classmethod
    def build(
        cls,
        constructs: Mapping[str, Sequence[str]],
        paths: Iterable[tuple[str, str]] = (),
        composite: Iterable[str] = (),
        covariances: Iterable[tuple[str, str]] = (),
        source: str | None = None,
    ) -> Model:
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

    @cached_property
    def _by_name(self) -> dict[str, Construct]:
        return {c.name: c for c in self.constructs}

    @cached_property
    def _owner(self) -> dict[str, str]:
        owner: dict[str, str] = {}
        for c in self.constructs:
            for i in c.indicators:
                owner.setdefault(i, c.name)
        return owner

    @cached_property
    def _graph(self) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        """Predecessors and successors of every construct, each in declaration order of the paths."""
        pred: dict[str, list[str]] = {}
        succ: dict[str, list[str]] = {}
        for p in self.paths:
            pred.setdefault(p.target, []).append(p.source)
            succ.setdefault(p.source, []).append(p.target)
        return ({k: tuple(v) for k, v in pred.items()}, {k: tuple(v) for k, v in succ.items()})

    def construct(self, name: str) -> Construct:
        return self._by_name[name]

    def construct_of(self, indicator: str) -> str:
        return self._owner[indicator]

    def predecessors(self, name: str) -> tuple[str, ...]:
        """Constructs with a path into ``name``, in declaration order of the paths."""
        return self._graph[0].get(name, ())

    def successors(self, name: str) -> tuple[str, ...]:
        return self._graph[1].get(name, ())

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
    def _depth(self) -> dict[str, int]:
        """Causal depth of every construct: the number of paths on the longest chain that ends in it.

        Kahn's algorithm (1962) over the path graph, O(constructs + paths) and without recursion; a construct on a
        cycle never becomes ready.
        """
        names = self.construct_names
        known = set(names)
        waiting = {n: sum(1 for p in self.predecessors(n) if p in known) for n in names}
        depth = {n: 0 for n in names if waiting[n] == 0}
        ready = [n for n in names if waiting[n] == 0]
        while ready:
            n = ready.pop()
            for m in self.successors(n):
                if m not in waiting:
                    continue
                depth[m] = max(depth.get(m, 0), depth[n] + 1)
                waiting[m] -= 1
                if waiting[m] == 0:
                    ready.append(m)
        if len(depth) < len(names) or any(waiting[n] for n in depth):
            raise ModelError("the structural model has a cycle", where=self.source)
        return depth

    @cached_property
    def causal_order(self) -> tuple[str, ...]:
        """Constructs sorted so every path goes from an earlier to a later one (stable topological order).

        Ordered by causal depth (0 = exogenous), then by declaration, as repeatedly taking every construct whose
        predecessors are all placed would order them.
        """
        depth = self._depth
        index = {n: k for k, n in enumerate(self.construct_names)}
        return tuple(sorted(self.construct_names, key=lambda n: (depth[n], index[n])))

    @cached_property
    def layers(self) -> tuple[tuple[str, ...], ...]:
        """Constructs grouped by causal depth (0 = exogenous), for left-to-right diagrams."""
        depth = self._depth
        n_layers = 1 + max(depth.values(), default=0)
        return tuple(tuple(n for n in self.causal_order if depth[n] == k) for k in range(n_layers))

    @cached_property
    def indirect_chains(self) -> tuple[tuple[str, ...], ...]:
        """The directed chains with at least one mediator, ``(X, M1, ..., Y)``, that are listed one by one.

        Serial chains are included (``X → M1 → M2 → Y``). Ordered by source, then target, then length,
        following the causal order. Every chain is listed unless their number exceeds
        :data:`MAX_INDIRECT_CHAINS` (see :meth:`indirect_chain_listing`, which also says what was left out).
        """
        return self.indirect_chain_listing().listed

    def indirect_chain_listing(self, limit: int | None = None) -> IndirectChains:
        """The specific indirect effects to list, at most ``limit`` chains (default :data:`MAX_INDIRECT_CHAINS`).

        The number of chains can grow exponentially with the number of constructs (a saturated model of K
        constructs has 2^(K−2) − 1 chains from the first to the last), so they are counted first, without listing
        them: N[X, Y] = Σ over predecessors M of Y of (A[X, M] + N[X, M]), in causal order (dynamic programming over
        the acyclic path graph A; N counts chains of length ≥ 1, the indirect ones are N − A). Pairs of constructs are
        then taken in causal order, each listed whole or not at all, while the total stays within ``limit``. Total
        indirect effects do not depend on this listing: they come from the path matrix, T − B with
        T = (I − B)⁻¹ − I (Hair et al. 2022, ch. 7).
        """
        limit = MAX_INDIRECT_CHAINS if limit is None else int(limit)
        order = self.causal_order
        pos = {n: k for k, n in enumerate(order)}
        K = len(order)
        A = np.zeros((K, K))
        for p in self.paths:
            if p.source in pos:  # an interaction term (A:B) is no construct here: it mediates nothing
                A[pos[p.source], pos[p.target]] = 1.0
        counts = np.zeros((K, K))  # counts[x, y]: chains x -> ... -> y with at least one path (floats: no overflow)
        for y in range(K):
            preds = np.flatnonzero(A[:, y])
            if preds.size:
                counts[:, y] = A[:, y] + counts[:, preds].sum(axis=1)
        indirect = counts - A
        xs, ys = np.nonzero(indirect > 0)  # row-major: by source, then target, in causal order
        n_chains = indirect[xs, ys]
        take = np.zeros(len(xs), dtype=bool)
        listed: list[tuple[str, ...]] = []
        room = limit
        candidates = np.flatnonzero(n_chains <= room)
        while candidates.size and room > 0:
            # greedy in pair order: take the longest run of candidates that fits, then drop those that no longer fit
            fits = int(np.searchsorted(np.cumsum(n_chains[candidates]), room, side="right"))
            chosen, candidates = candidates[:fits], candidates[fits:]
            take[chosen] = True
            room -= int(n_chains[chosen].sum())
            for k in chosen:
                listed.extend(self._chains_between(int(xs[k]), int(ys[k]), order, pos, counts))
            candidates = candidates[n_chains[candidates] <= room]
        rest = np.flatnonzero(~take)
        unlisted = tuple(zip([order[i] for i in xs[rest]], [order[j] for j in ys[rest]], n_chains[rest].tolist()))
        return IndirectChains(tuple(listed), unlisted, limit)

    def _chains_between(self, x: int, y: int, order: tuple[str, ...], pos: dict[str, int],
                        counts: np.ndarray) -> list[tuple[str, ...]]:
        """Every chain order[x] → ... → order[y] with a mediator, by length and then causal order.

        Depth-first with an explicit stack, entering only constructs that reach the target (``counts > 0``), so the
        work is proportional to the chains listed.
        """
        target = order[y]
        reaches = (counts[:, y] > 0).tolist()
        found: list[tuple[str, ...]] = []
        path = [order[x]]
        its = [iter(self.successors(order[x]))]
        while its:  # one path extended and shortened in place (backtracking), so a step costs O(1)
            nxt = next(its[-1], None)
            if nxt is None:
                its.pop()
                path.pop()
            elif nxt == target:
                if len(path) >= 2:
                    found.append((*path, nxt))
            elif reaches[pos[nxt]]:
                path.append(nxt)
                its.append(iter(self.successors(nxt)))
        found.sort(key=lambda c: (len(c), [pos[n] for n in c]))
        return found

    @property
    def is_all_reflective(self) -> bool:
        return all(c.mode == REFLECTIVE for c in self.constructs)

    # ------------------------------------------------------------------ derived models
    def without_path(self, source: str, target: str) -> Model:
        """The same model with the path ``source → target`` removed (for f², Hair et al. 2022, ch. 6); an interaction
        term left without a path goes too."""
        model = replace(self, paths=tuple(p for p in self.paths if (p.source, p.target) != (source, target)))
        return model._without_pathless_interactions()

    def without_indicator(self, indicator: str) -> Model:
        """The same model with one indicator removed (for item purification); a construct keeps ≥ 1 item."""
        cons = []
        for c in self.constructs:
            if indicator in c.indicators:
                if len(c.indicators) == 1:
                    raise ModelError(f"cannot drop {indicator!r}: it is the last indicator of {c.name}")
                c = replace(c, indicators=tuple(i for i in c.indicators if i != indicator))
            cons.append(c)
        return replace(self, constructs=tuple(cons))

    def without_constructs(self, names: Iterable[str]) -> Model:
        """The same model without the named constructs and every path and covariance that touches them."""
        drop = set(names)
        drop |= {i.name for i in self.interactions if drop & {i.left, i.right}}  # a product goes with a factor
        return replace(
            self,
            constructs=tuple(c for c in self.constructs if c.name not in drop),
            paths=tuple(p for p in self.paths if p.source not in drop and p.target not in drop),
            covariances=tuple(cv for cv in self.covariances if cv.a not in drop and cv.b not in drop),
            interactions=tuple(i for i in self.interactions if i.name not in drop),
        )._without_pathless_interactions()

    # ------------------------------------------------------------------ interaction terms (Hair et al. 2022, ch. 7)
    @cached_property
    def interaction_names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.interactions)

    def interaction(self, name: str) -> Interaction:
        return next(i for i in self.interactions if i.name == name)

    def without_interactions(self) -> Model:
        """The model without its interaction terms and their paths: the first stage of the two-stage method."""
        names = set(self.interaction_names)
        return replace(self, paths=tuple(p for p in self.paths if p.source not in names), interactions=())

    def with_interaction_constructs(self, indicators: Mapping[str, Sequence[str]] | None = None) -> Model:
        """The reported (stage-2) model: every interaction term becomes a reflective construct named ``A:B``, placed
        after the declared constructs, measured by ``indicators[name]`` (default: one indicator of the same name, the
        two-stage product of scores). Not validated: its indicators are not data columns."""
        indicators = indicators or {}
        extra = tuple(Construct(i.name, tuple(indicators.get(i.name, (i.name,))), REFLECTIVE, line=i.line)
                      for i in self.interactions)
        return replace(self, constructs=self.constructs + extra, interactions=())

    def _without_pathless_interactions(self) -> Model:
        used = {p.source for p in self.paths}
        if all(i.name in used for i in self.interactions):
            return self
        return replace(self, interactions=tuple(i for i in self.interactions if i.name in used))

    def _check_interactions(self, where: str, seen: Mapping[str, Construct]) -> None:
        """Interaction terms: defined constituents with paths of their own, a path out, never into a constituent."""
        names: dict[str, Interaction] = {}
        all_names = set(self.interaction_names)
        for it in self.interactions:
            loc = _loc(where, it.line)
            for end in it.constituents:
                if end not in seen:
                    close = difflib.get_close_matches(end, list(seen), n=1)
                    raise ModelError(f"interaction {it.name} uses undefined construct {end!r}", where=loc,
                                     fix=(f"Did you mean {close[0]!r}? " if close else "")
                                     + f"Define it first, e.g. '{end} =~ item1 + item2'")
            twin = f"{it.right}:{it.left}"
            if it.name in names or twin in names:
                raise ModelError(f"interaction {it.name} is declared twice (as {(names.get(it.name) or names[twin]).name}"
                                 f" and {it.name})", where=loc, fix="Write the product once, under one name")
            names[it.name] = it
            if not any(p.source == it.name for p in self.paths):
                raise ModelError(f"interaction {it.name} has no structural path", where=loc,
                                 fix=f"Use it as a predictor, e.g. 'Y ~ {it.left} + {it.right} + {it.name}'")
            for end in it.constituents:
                if not any(end in (p.source, p.target) for p in self.paths if p.source not in all_names):
                    raise ModelError(f"{end}, a constituent of interaction {it.name}, has no structural path of "
                                     "its own", where=loc,
                                     fix=f"Add its main effect, e.g. 'Y ~ {it.left} + {it.right} + {it.name}' (Hair "
                                         "et al. 2022, ch. 7)")
        for p in self.paths:
            term = names.get(p.source)
            if term is None:
                continue
            below = self._descendants(p.target) | {p.target}
            hit = [c for c in term.constituents if c in below]
            if hit:
                via = "" if hit[0] == p.target else f" (through the paths of {p.target})"
                raise ModelError(f"interaction {term.name} predicts {p.target}, so it predicts its own constituent "
                                 f"{hit[0]}{via}", where=_loc(where, p.line),
                                 fix=f"An interaction predicts a construct outside it: remove '{p.target} ~ {term.name}'")

    def _descendants(self, name: str) -> set[str]:
        out: set[str] = set()
        todo = [name]
        while todo:
            for m in self.successors(todo.pop()):
                if m not in out:
                    out.add(m)
                    todo.append(m)
        return out

    # ------------------------------------------------------------------ checks
    def validate(self) -> Model:
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
        interactions = set(self.interaction_names)
        for p in self.paths:
            if p.target in interactions or (":" in p.target and p.target not in seen):
                raise ModelError(f"interaction {p.target} cannot be an outcome ({p.target} ~ {p.source})",
                                 where=_loc(where, p.line), fix="Interaction terms only predict: write 'Y ~ A + B + A:B'")
            for end in (p.source, p.target):
                if end not in seen and not (end == p.source and end in interactions):
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
            shown = cycle if len(cycle) <= 12 else cycle[:5] + ["..."] + cycle[-6:]
            size = f" ({len(cycle) - 1} constructs)" if len(cycle) > 12 else ""
            raise ModelError("the structural model has a cycle " + " -> ".join(shown) + size, where=_loc(where, line),
                             fix="PLS-SEM needs a recursive model: remove one path of the cycle")
        self._check_interactions(where, seen)
        return self

    def _find_cycle(self) -> list[str] | None:
        """A cycle as ``[A, B, ..., A]``, or None: depth-first search with an explicit stack (no recursion limit)."""
        state: dict[str, int] = {}
        for root in self.construct_names:
            if root in state:
                continue
            state[root] = 1
            stack: list[str] = [root]
            its = [iter(self.successors(root))]
            while its:
                for m in its[-1]:
                    if state.get(m) == 1:
                        return stack[stack.index(m):] + [m]
                    if m not in state:
                        state[m] = 1
                        stack.append(m)
                        its.append(iter(self.successors(m)))
                        break
                else:
                    state[stack.pop()] = 2
                    its.pop()
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
