"""Direct, specific indirect, total indirect and total effects of a PLS path model, for a batch of path matrices.

Total effect of X on Y = Σ over all chains from X to Y of the product of their coefficients = [(I − B)⁻¹ − I]_{XY};
total indirect = total − direct; a specific indirect effect is the product of one chain's coefficients, serial
chains included (Hair et al. 2022, ch. 7). Used by the estimate (one matrix) and the bootstrap (a batch).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..model.spec import format_count
from .algorithm import chain_effects, total_effects
from .structure import Structure


def effect_rows(st: Structure) -> list[tuple]:
    """Rows of the effects table: (from, to, via, kind, selector) for every pair of constructs joined by a chain.

    ``selector`` is ("path", i, j), ("chain", c) or ("total", i, j) / ("total_indirect", i, j). A pair whose
    specific indirect effects are not listed (more chains than the listing limit, see
    :meth:`surveysem.model.Model.indirect_chain_listing`) keeps its total indirect row, whose ``via`` says how many
    chains it sums.
    """
    names = st.constructs
    reach = reachable(st.adjacency)
    by_pair: dict[tuple[int, int], list[int]] = {}
    for c, ch in enumerate(st.chains):
        by_pair.setdefault((ch[0], ch[-1]), []).append(c)
    unlisted = {(i, j): n for i, j, n in st.unlisted_chains}
    rows: list[tuple] = []  # selectors differ in length: ("chain", c) or ("path", i, j)
    for i, j in zip(*np.nonzero(reach)):
        i, j = int(i), int(j)
        if st.adjacency[i, j] != 0:
            rows.append((names[i], names[j], "", "direct", ("path", i, j)))
        for c in by_pair.get((i, j), ()):
            rows.append((names[i], names[j], " -> ".join(names[k] for k in st.chains[c][1:-1]), "specific_indirect",
                         ("chain", c)))
        if (i, j) in by_pair:
            rows.append((names[i], names[j], "", "total_indirect", ("total_indirect", i, j)))
        elif (i, j) in unlisted:
            via = f"{format_count(unlisted[i, j])} chains not listed; total indirect effect is complete"
            rows.append((names[i], names[j], via, "total_indirect", ("total_indirect", i, j)))
        rows.append((names[i], names[j], "", "total", ("total", i, j)))
    return rows


def reachable(adjacency: np.ndarray) -> np.ndarray:
    """Boolean (K, K): a chain of one or more paths leads from i to j (transitive closure by repeated squaring)."""
    R = adjacency != 0
    while True:
        step = R | ((R.astype(float) @ R.astype(float)) > 0)
        if (step == R).all():
            return R
        R = step


def effect_values(st: Structure, path_matrix: np.ndarray, rows: list[tuple]) -> np.ndarray:
    """(B, len(rows)) values of :func:`effect_rows` for a batch of path matrices."""
    T = total_effects(path_matrix)
    spec = chain_effects(path_matrix, st.chains)
    cols = []
    for *_, sel in rows:
        if sel[0] == "path":
            cols.append(path_matrix[:, sel[1], sel[2]])
        elif sel[0] == "chain":
            cols.append(spec[:, sel[1]])
        elif sel[0] == "total":
            cols.append(T[:, sel[1], sel[2]])
        else:
            cols.append(T[:, sel[1], sel[2]] - path_matrix[:, sel[1], sel[2]])
    return np.stack(cols, axis=1) if cols else np.zeros((path_matrix.shape[0], 0))


def effects_table(st: Structure, path_matrix: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """Direct, specific indirect (every chain, serial included), total indirect and total effects.

    Returns the tidy table for the first matrix of the batch, and the (B, rows) array of all values in the
    same row order.

    Total effect of X on Y = Σ over all chains from X to Y of the product of their coefficients
    = [(I − B)⁻¹ − I]_{XY}; total indirect = total − direct (Hair et al. 2022, ch. 7).
    """
    rows = effect_rows(st)
    values = effect_values(st, path_matrix, rows)
    df = pd.DataFrame([r[:4] for r in rows], columns=["from", "to", "via", "kind"])
    df["estimate"] = values[0]
    return df, values
