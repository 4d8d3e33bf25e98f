"""Index arrays that the batched PLS algorithm works on, derived once from a :class:`~surveysem.model.Model`."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import ModelError
from ..model import Model


@dataclass(frozen=True)
class Structure:
    """The model as arrays: indicator → construct membership, modes, and the path graph.

    Attributes
    ----------
    constructs, indicators : tuple of str
        Construct order (declaration) and indicator order (declaration, grouped by construct).
    block : ndarray (p,)
        Construct index of each indicator.
    membership : ndarray (p, K)
        1 where indicator i measures construct k.
    mode_b : ndarray (K,) bool
        True for composite (Mode B) constructs.
    adjacency : ndarray (K, K)
        ``adjacency[i, j] = 1`` for a path i → j.
    predecessors : tuple of tuple of int
        Construct indices with a path into each construct.
    chains : tuple of tuple of int
        The chains with at least one mediator (serial chains included) listed one by one, as construct indices:
        every chain, unless there are more than ``max_indirect`` (:meth:`surveysem.model.Model.indirect_chain_listing`).
    unlisted_chains : tuple of (int, int, float)
        ``(source, target, number of chains)`` for each pair whose chains are not listed; their total indirect
        effect is still exact (it comes from the path matrix).
    chain_warning : str or None
        The sentence saying what was left out, for the log, run.json and the summary.
    """

    constructs: tuple[str, ...]
    indicators: tuple[str, ...]
    block: np.ndarray
    membership: np.ndarray
    mode_b: np.ndarray
    adjacency: np.ndarray
    predecessors: tuple[tuple[int, ...], ...]
    chains: tuple[tuple[int, ...], ...]
    unlisted_chains: tuple[tuple[int, int, float], ...] = ()
    chain_warning: str | None = None

    @classmethod
    def from_model(cls, model: Model, max_indirect: int | None = None) -> Structure:
        """Arrays of ``model``; at most ``max_indirect`` specific indirect effects are listed (default
        :data:`surveysem.model.spec.MAX_INDIRECT_CHAINS`). Interaction terms (``A:B``) are constructs of their own,
        after the declared ones (their indicators are those of the two-stage method unless ``model`` is already the
        reported model of :class:`~surveysem.pls.interaction.InteractionPlan`)."""
        if model.interactions:
            model = model.with_interaction_constructs()
        names = model.construct_names
        idx = {n: k for k, n in enumerate(names)}
        indicators = model.indicators
        block = np.array([idx[model.construct_of(i)] for i in indicators], dtype=np.intp)
        K, p = len(names), len(indicators)
        membership = np.zeros((p, K))
        membership[np.arange(p), block] = 1.0
        adjacency = np.zeros((K, K))
        for path in model.paths:
            adjacency[idx[path.source], idx[path.target]] = 1.0
        degree = adjacency.sum(axis=0) + adjacency.sum(axis=1)
        isolated = [names[k] for k in np.flatnonzero(degree == 0)]
        if isolated:
            c = model.construct(isolated[0])
            where = f"{model.source}, line {c.line}" if model.source and c.line else (model.source or "model")
            raise ModelError(f"construct {isolated[0]!r} has no structural path", where=where,
                             fix="PLS-SEM estimates constructs through their paths: add a path to or from it")
        listing = model.indirect_chain_listing(max_indirect)
        return cls(
            constructs=names,
            indicators=indicators,
            block=block,
            membership=membership,
            mode_b=np.array([c.pls_mode == "B" for c in model.constructs]),
            adjacency=adjacency,
            predecessors=tuple(tuple(idx[s] for s in model.predecessors(n)) for n in names),
            chains=tuple(tuple(idx[c] for c in chain) for chain in listing.listed),
            unlisted_chains=tuple((idx[a], idx[b], n) for a, b, n in listing.unlisted),
            chain_warning=listing.warning(),
        )

    @property
    def n_constructs(self) -> int:
        return len(self.constructs)

    @property
    def n_indicators(self) -> int:
        return len(self.indicators)

    @property
    def endogenous(self) -> tuple[int, ...]:
        return tuple(k for k, preds in enumerate(self.predecessors) if preds)

    def block_indices(self, k: int) -> np.ndarray:
        return np.flatnonzero(self.block == k)
