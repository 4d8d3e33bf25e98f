"""What a moderation study reports: simple slopes, conditional indirect effects, the index of moderated mediation.

Pure functions of a :class:`~surveysem.pls.structure.Structure`, a batch of path matrices (B, K, K) and the model's
interaction terms as triples ``(name, iv, moderator)`` — ``("CUSA:SC", "CUSA", "SC")`` for ``CUSL ~ CUSA + SC +
CUSA:SC``: the left of the ``:`` is the focal predictor (iv), the right the moderator (seminr's
``interaction_term(iv, moderator)``). Batched: the estimate is a batch of one, the bootstrap and its jackknife pass
their batches (:class:`~surveysem.pls.bootstrap.Statistics`, groups ``slope``, ``conditional_indirect`` and
``index_moderated_mediation``).

Simple slopes (Aiken & West 1991, ch. 2; Hair et al. 2022, ch. 7)
    The effect of the iv X on the outcome Y at moderator value w (construct scores are standardized, so w is in SD
    units: −1 SD, the mean 0, +1 SD) is ``β_XY + β_(X:W)Y · w``, with the interaction path on the product-term scale
    that the engine reports (:mod:`surveysem.pls.interaction`, "two scales"; for two-stage it is the coefficient of
    the product of the unit-variance stage-1 scores). This is R seminr 2.3.2's ``slope_analysis()`` (its lines are
    ``M %*% path_coef[c(iv, iv*mod, mod), dv]``) and SmartPLS's simple-slope plot. A quadratic term ``X:X`` gives
    the slope of the curve
    ``β_X·x + β_(X:X)·x²`` at x, its derivative ``β_X + 2·β_(X:X)·x`` (same convention).
Conditional indirect effects (Hayes 2015; Preacher, Rucker & Hayes 2007)
    For every listed chain X → M₁ → … → Y (:attr:`Structure.chains`) with a link u → v whose source u is the iv of
    an interaction term with a path into v, the indirect effect at moderator value w is the product over the chain's
    links of ``β_uv + Σ β_(u:W)v · w`` (terms of other moderators held at their mean, 0). First-stage moderation is
    PROCESS model 7 (a₁ + a₃w)·b, second-stage model 14 a·(b₁ + b₃w), both stages with one moderator model 58.
Index of moderated mediation (Hayes 2015, eq. 5 and 6)
    The slope of that linear function of w: ``a₃·b`` (first stage, model 7), ``a·b₃`` (second stage, model 14); in
    general β_(u:W)v times the other links' paths. It exists only when the indirect effect is **linear** in w, i.e.
    W moderates exactly one link of the chain; when W moderates two links the indirect effect is a quadratic
    function of w (model 58) and no single index summarizes it (Hayes 2015, p. 3; Hayes 2018): the row says so and
    the conditional effects stand alone. With other moderators on other links, the index is Hayes's (2018) partial
    index (the others held at their mean). A moderator that lies on the chain itself, and links moderated by a
    quadratic term, are not conditioned on (the moderator would move with X): no row, and :func:`chain_notes` says why.

References
----------
Aiken, L. S., & West, S. G. (1991). *Multiple regression: Testing and interpreting interactions*. Sage.
Hair, J. F., Hult, G. T. M., Ringle, C. M., & Sarstedt, M. (2022). *A primer on PLS-SEM* (3rd ed.), ch. 7.
Hayes, A. F. (2015). An index and test of linear moderated mediation. *Multivariate Behavioral Research*, 50(1), 1–22.
Hayes, A. F. (2018). Partial, conditional, and moderated moderated mediation. *Communication Monographs*, 85(1), 4–40.
Preacher, K. J., Rucker, D. D., & Hayes, A. F. (2007). Addressing moderated mediation hypotheses. *Multivariate
Behavioral Research*, 42(1), 185–227.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model import Model
from ..stats import BOOT_COLUMNS
from .structure import Structure

#: moderator values in SD units at which slopes and conditional effects are reported (−1 SD, mean, +1 SD)
LEVELS = (-1.0, 0.0, 1.0)

Triple = tuple[str, str, str]  # (interaction name, iv, moderator)


def interaction_triples(model: Model) -> tuple[Triple, ...]:
    """``(name, iv, moderator)`` of each interaction term of a :class:`~surveysem.model.Model` (left of ``:`` = iv)."""
    return tuple((i.name, i.left, i.right) for i in model.interactions)


def level_text(level: float) -> str:
    """The moderator value as it appears in draw names: ``-1``, ``0``, ``1``."""
    return f"{level:g}"


# ---------------------------------------------------------------------------------------------------- simple slopes
@dataclass(frozen=True)
class SlopeRow:
    """One simple slope: the effect of ``iv`` on ``dv`` at ``moderator`` = ``level`` SD."""

    interaction: str
    iv: str
    moderator: str
    dv: str
    level: float
    iv_k: int
    term_k: int
    dv_k: int

    @property
    def quadratic(self) -> bool:
        return self.iv == self.moderator

    @property
    def name(self) -> str:
        return f"slope:{self.iv}->{self.dv}@{self.moderator}={level_text(self.level)}"


def slope_rows(st: Structure, triples: Iterable[Triple], levels: Sequence[float] = LEVELS) -> list[SlopeRow]:
    """A row per interaction term, outcome it predicts (a path ``term → dv``) and moderator level."""
    idx = {n: k for k, n in enumerate(st.constructs)}
    rows = []
    for name, iv, mod in triples:
        t = idx[name]
        for dv in np.flatnonzero(st.adjacency[t]):
            rows += [SlopeRow(name, iv, mod, st.constructs[dv], float(w), idx[iv], t, int(dv)) for w in levels]
    return rows


def slope_values(path_matrix: np.ndarray, rows: Sequence[SlopeRow]) -> np.ndarray:
    """(B, len(rows)) simple slopes ``β_XY + β_(X:W)Y · w`` (quadratic: ``β_XY + 2 β_(X:X)Y · x``) of a batch of path
    matrices (B, K, K); module docstring for the convention (seminr ``slope_analysis()``, SmartPLS)."""
    B = path_matrix.shape[0]
    if not rows:
        return np.zeros((B, 0))
    iv = np.array([r.iv_k for r in rows])
    term = np.array([r.term_k for r in rows])
    dv = np.array([r.dv_k for r in rows])
    factor = np.array([(2.0 if r.quadratic else 1.0) * r.level for r in rows])
    return path_matrix[:, iv, dv] + path_matrix[:, term, dv] * factor


# ---------------------------------------------------------------------------------- moderated chains (mediation)
@dataclass(frozen=True)
class ModeratedChain:
    """A chain of the structure (construct indices) with the links W moderates: ``terms[i]`` lists the interaction
    constructs (u:W) with a path into link i's target whose iv is link i's source."""

    chain: tuple[int, ...]
    moderator: str
    terms: tuple[tuple[int, ...], ...]

    @property
    def moderated(self) -> tuple[int, ...]:
        """Positions (0-based) of the moderated links."""
        return tuple(i for i, t in enumerate(self.terms) if t)

    @property
    def linear(self) -> bool:
        """The indirect effect is linear in w (W moderates one link): Hayes's (2015) index exists."""
        return len(self.moderated) == 1

    @property
    def stage(self) -> str:
        """``first`` (PROCESS model 7), ``second`` (model 14), ``first_and_second`` (model 58) or ``other`` (a middle
        link of a serial chain, or another combination)."""
        last = len(self.terms) - 1
        return {(0,): "first", (last,): "second", (0, last): "first_and_second"}.get(self.moderated, "other")


def moderated_chains(st: Structure, triples: Iterable[Triple]) -> list[ModeratedChain]:
    """Every (listed chain, moderator) pair where the moderator moderates at least one link of the chain and is not
    on it (quadratic terms excluded: their 'moderator' is the link's own source; chains that start at a product term
    excluded: they are the term's effect, not X's); shorter chains first, then moderator order."""
    idx = {n: k for k, n in enumerate(st.constructs)}
    triples = list(triples)
    products = {idx[t[0]] for t in triples}
    triples = [t for t in triples if t[1] != t[2]]
    moderators = list(dict.fromkeys(t[2] for t in triples))
    out = []
    for chain in sorted(st.chains, key=len):  # simple chains first, then serial ones (each in listing order)
        if products & set(chain):  # a chain out of a product term is the term's own indirect effect, not X's
            continue
        for w in moderators:
            if idx[w] in chain:
                continue
            terms = tuple(tuple(idx[name] for name, iv, mod in triples
                                if mod == w and idx[iv] == u and st.adjacency[idx[name], v])
                          for u, v in zip(chain[:-1], chain[1:]))
            if any(terms):
                out.append(ModeratedChain(tuple(chain), w, terms))
    return out


def chain_notes(st: Structure, triples: Iterable[Triple]) -> list[str]:
    """Sentences for the log and the table notes: chains a moderator would condition but cannot (the moderator lies on
    the chain), and links moderated by a quadratic term (their effect changes along the mediator itself)."""
    idx = {n: k for k, n in enumerate(st.constructs)}
    notes = []
    for name, iv, w in triples:
        for chain in st.chains:
            links = [(u, v) for u, v in zip(chain[:-1], chain[1:]) if idx[iv] == u and st.adjacency[idx[name], v]]
            if not links:
                continue
            text = " -> ".join(st.constructs[k] for k in chain)
            if iv == w:
                notes.append("{chain}: the link moderated by the quadratic term {term} changes along the mediator "
                             "itself, so no conditional indirect effect is reported".format(chain=text, term=name))
            elif idx[w] in chain:
                notes.append("{chain}: the moderator {w} lies on the chain and moves with its predictor, so the "
                             "indirect effect is not conditioned on {w}".format(chain=text, w=w))
    return list(dict.fromkeys(notes))


def _chain_text(st: Structure, chain: Sequence[int]) -> str:
    return "->".join(st.constructs[k] for k in chain)


@dataclass(frozen=True)
class ConditionalRow:
    """One conditional indirect effect (``level`` a number) or index of moderated mediation (``level`` None)."""

    mc: ModeratedChain
    level: float | None

    @property
    def statistic(self) -> str:
        return "conditional_indirect" if self.level is not None else "index_moderated_mediation"

    def name(self, st: Structure) -> str:
        at = f"={level_text(self.level)}" if self.level is not None else ""
        return f"{self.statistic}:{_chain_text(st, self.mc.chain)}@{self.mc.moderator}{at}"


def conditional_rows(st: Structure, triples: Iterable[Triple], levels: Sequence[float] = LEVELS) -> list[ConditionalRow]:
    """Per moderated chain: its conditional indirect effects at ``levels``, then its index when it exists (linear)."""
    rows = []
    for mc in moderated_chains(st, triples):
        rows += [ConditionalRow(mc, float(w)) for w in levels]
        if mc.linear:
            rows.append(ConditionalRow(mc, None))
    return rows


def conditional_values(path_matrix: np.ndarray, rows: Sequence[ConditionalRow]) -> np.ndarray:
    """(B, len(rows)) conditional indirect effects ``Π (β_uv + Σ β_(u:W)v · w)`` and indices ``β_(u:W)v · Π_other
    β`` (Hayes 2015, eq. 5–6) for a batch of path matrices (B, K, K)."""
    B = path_matrix.shape[0]
    out = np.ones((B, len(rows)))
    for r, row in enumerate(rows):
        chain, terms = row.mc.chain, row.mc.terms
        for (u, v), ts in zip(zip(chain[:-1], chain[1:]), terms):
            moderation = sum((path_matrix[:, t, v] for t in ts), np.zeros(B))
            if row.level is None:  # index: the moderated link contributes its interaction path, the others their path
                out[:, r] *= moderation if ts else path_matrix[:, u, v]
            else:
                out[:, r] *= path_matrix[:, u, v] + moderation * row.level
    return out


# ------------------------------------------------------------------------------------- bootstrap parameters, tables
def slope_parameters(st: Structure, rows: Sequence[SlopeRow]) -> list[dict]:
    """Parameter rows (group ``slope``) for :class:`~surveysem.pls.bootstrap.Statistics`."""
    return [dict(group="slope", interaction=r.interaction, iv=r.iv, moderator=r.moderator, dv=r.dv,
                 moderator_level=r.level, name=r.name) for r in rows]


def conditional_parameters(st: Structure, rows: Sequence[ConditionalRow]) -> list[dict]:
    """Parameter rows (groups ``conditional_indirect`` and ``index_moderated_mediation``) for the bootstrap."""
    out = []
    for r in rows:
        chain = r.mc.chain
        links = [f"{st.constructs[chain[i]]} -> {st.constructs[chain[i + 1]]}" for i in r.mc.moderated]
        out.append(dict(group=r.statistic, **{"from": st.constructs[chain[0]], "to": st.constructs[chain[-1]]},
                        via=" -> ".join(st.constructs[k] for k in chain[1:-1]), moderator=r.mc.moderator,
                        moderated_link="; ".join(links), stage=r.mc.stage, statistic=r.statistic,
                        moderator_level=np.nan if r.level is None else r.level, name=r.name(st)))
    return out


SLOPE_COLUMNS = ["interaction", "iv", "moderator", "dv", "moderator_level"]
CONDITIONAL_COLUMNS = ["from", "to", "via", "moderator", "moderated_link", "stage", "statistic", "moderator_level"]

#: the note of an index row that does not exist (W moderates two or more links of the chain)
NO_INDEX_NOTE = ("{w} moderates {k} links of this chain, so its indirect effect is a quadratic function of {w}: "
                 "no single index of moderated mediation exists (Hayes 2015); read the conditional indirect effects")


def slopes_table(st: Structure, triples: Iterable[Triple], path_matrix: np.ndarray,
                 boot: pd.DataFrame | None = None) -> pd.DataFrame:
    """``simple_slopes.csv``: interaction, iv, moderator, dv, moderator_level, estimate [, bootstrap columns].

    ``path_matrix`` (1, K, K) is the estimate; ``boot`` the bootstrap's parameter table (``name`` and the
    bootstrap columns) whose rows are merged by draw name.
    """
    rows = slope_rows(st, triples)
    df = pd.DataFrame(slope_parameters(st, rows), columns=["group", *SLOPE_COLUMNS, "name"])
    df["estimate"] = slope_values(path_matrix[:1], rows)[0] if rows else np.zeros(0)
    return _with_boot(df, boot, SLOPE_COLUMNS)


def conditional_table(st: Structure, triples: Iterable[Triple], path_matrix: np.ndarray,
                      boot: pd.DataFrame | None = None) -> pd.DataFrame:
    """``conditional_indirect.csv``: from, to, via, moderator, moderated_link, stage, statistic
    (``conditional_indirect`` | ``index_moderated_mediation``), moderator_level (SD units; empty for the index),
    estimate [, bootstrap columns], note. A chain whose index does not exist has an index row without estimate and
    a note saying why (:data:`NO_INDEX_NOTE`)."""
    triples = list(triples)
    rows = conditional_rows(st, triples)
    params = conditional_parameters(st, rows)
    values = conditional_values(path_matrix[:1], rows)[0] if rows else np.zeros(0)
    for p, v in zip(params, values):
        p.update(estimate=v, note="")
    for mc in moderated_chains(st, triples):  # the index rows that do not exist, after the chain's conditional rows
        if not mc.linear:
            chain = _chain_text(st, mc.chain)
            last = max(i for i, p in enumerate(params) if p["name"].startswith(f"conditional_indirect:{chain}@"
                                                                                f"{mc.moderator}="))
            missing = dict(params[last], statistic="index_moderated_mediation", group="index_moderated_mediation",
                           moderator_level=np.nan, estimate=np.nan, name="",
                           note=NO_INDEX_NOTE.format(w=mc.moderator, k=len(mc.moderated)))
            params.insert(last + 1, missing)
    df = pd.DataFrame(params, columns=["group", *CONDITIONAL_COLUMNS, "name", "estimate", "note"])
    return _with_boot(df, boot, CONDITIONAL_COLUMNS, tail=["note"])


def _with_boot(df: pd.DataFrame, boot: pd.DataFrame | None, keys: list[str], tail: Sequence[str] = ()) -> pd.DataFrame:
    cols = [*keys, "estimate"]
    if boot is not None:
        df = df.merge(boot[["name", *BOOT_COLUMNS]], on="name", how="left")
        cols += BOOT_COLUMNS
    return df[[*cols, *tail]].reset_index(drop=True)
