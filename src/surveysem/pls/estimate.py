"""`pls()`: estimate a PLS path model and return a result object whose attributes are tidy DataFrames."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..data.read import read_table
from ..errors import ConfigError, EstimationError
from ..format import plain
from ..model import Model, parse_model, read_model
from ..results import write_atomically
from ..stats import blas_pinned, zscores
from .algorithm import BatchFit
from .bootstrap import BootstrapResult, bootstrap
from .consistent import full_sample_warnings, plain_tables
from .effects import effects_table
from .higher_order import check_structure
from .interaction import INTERACTION_METHODS
from .output import engine_inputs, write_tables
from .plan import AnyPlan, make_plan
from .prepare import PreparedData, prepare
from .slopes import chain_notes, conditional_table, interaction_triples, slopes_table
from .structure import Structure


@dataclass
class PLSResult:
    """A PLS-SEM estimate. Every table attribute is a tidy DataFrame.

    Conventions: indicators are standardized with the sample SD (n − 1); outer weights are scaled so construct
    scores have unit variance (as R seminr and SmartPLS report them); loadings are corr(indicator, score).

    Attributes
    ----------
    weights, loadings : DataFrame
        ``construct, indicator, estimate``.
    cross_loadings : DataFrame
        ``indicator`` × constructs: corr(indicator, construct score).
    paths : DataFrame
        ``from, to, estimate``.
    r2 : DataFrame
        ``construct, r2, r2_adj`` (adjusted R² = 1 − (1 − R²)(n − 1)/(n − k − 1)).
    effects : DataFrame
        ``from, to, via, kind, estimate`` with kind ∈ direct, specific_indirect, total_indirect, total.
    scores : DataFrame
        Construct scores (one row per used respondent).
    construct_corr, indicator_corr : DataFrame
        Construct and indicator correlation matrices.
    iterations : int
        Number of outer-weight updates until Σ|Δw| < tol (R seminr reports this number minus one).
    S : ndarray (p, p)
        The indicator correlation matrix every statistic is computed from (indicators in ``structure.indicators``
        order, after the missing-data treatment; sample SD with n − 1); ``indicator_corr`` is it as a DataFrame.
    settings : dict
        The estimation settings as ``run.json`` records them (scheme, missing, missing_values, tol, max_iter,
        weight_scaling).
    """

    model: Model
    data: PreparedData
    structure: Structure
    fit: BatchFit
    S: np.ndarray
    settings: dict
    warnings: list[str] = field(default_factory=list)
    plan: AnyPlan | None = None  # how S is made (two-stage methods, PLSc); None: the plain plan of ``model``

    # ------------------------------------------------------------------ tables
    @property
    def n(self) -> int:
        return self.data.n

    @property
    def iterations(self) -> int:
        return int(self.fit.iterations[0])

    @property
    def converged(self) -> bool:
        return bool(self.fit.converged[0])

    @property
    def indicator_corr(self) -> pd.DataFrame:
        ind = list(self.structure.indicators)
        return pd.DataFrame(self.S, index=ind, columns=ind)

    @property
    def construct_corr(self) -> pd.DataFrame:
        c = list(self.structure.constructs)
        return pd.DataFrame(self.fit.construct_corr[0], index=c, columns=c)

    @property
    def weights(self) -> pd.DataFrame:
        return self._measurement(self.fit.weights[0], "weight")

    @property
    def loadings(self) -> pd.DataFrame:
        return self._measurement(self.fit.loadings_for(self.structure)[0], "loading")

    @property
    def cross_loadings(self) -> pd.DataFrame:
        df = pd.DataFrame(self.fit.indicator_construct_cov[0], columns=list(self.structure.constructs))
        df.insert(0, "indicator", list(self.structure.indicators))
        return df

    @property
    def paths(self) -> pd.DataFrame:
        st = self.structure
        rows = [(st.constructs[i], st.constructs[j], self.fit.path_matrix[0, i, j]) for i, j in self._path_index]
        return pd.DataFrame(rows, columns=["from", "to", "estimate"])

    @property
    def r2(self) -> pd.DataFrame:
        st, n = self.structure, self.n
        rows = []
        for j in st.endogenous:
            k = len(st.predecessors[j])
            r2 = self.fit.r2[0, j]
            rows.append((st.constructs[j], r2, 1 - (1 - r2) * (n - 1) / (n - k - 1)))
        return pd.DataFrame(rows, columns=["construct", "r2", "r2_adj"])

    @property
    def effects(self) -> pd.DataFrame:
        return effects_table(self.structure, self.fit.path_matrix[:1])[0]

    @property
    def scores(self) -> pd.DataFrame:
        z = zscores(self.indicator_plan.indicator_data().to_numpy())
        W = self.fit.weights[0][:, None] * self.structure.membership
        return pd.DataFrame(z @ W, columns=list(self.structure.constructs))

    # ------------------------------------------------------------------ result protocol
    def tables(self) -> dict[str, pd.DataFrame]:
        """The engine tables by file stem (``docs/pls.md``): paths, loadings, weights, effects, r2,
        cross_loadings, construct_corr, and scores with the file ``row`` of each respondent; with interaction terms
        also simple_slopes and conditional_indirect."""
        scores = self.scores
        scores.insert(0, "row", self.data.row_numbers)
        tables = {"paths": self.paths, "loadings": self.loadings, "weights": self.weights, "effects": self.effects,
                  "r2": self.r2, "cross_loadings": self.cross_loadings,
                  "construct_corr": self.construct_corr.reset_index(names="construct"), "scores": scores,
                  **plain_tables(self)}
        triples = interaction_triples(self.model)
        if triples:  # moderation (surveysem.pls.slopes)
            tables.update(simple_slopes=self.simple_slopes, conditional_indirect=self.conditional_indirect)
        return tables

    @property
    def simple_slopes(self) -> pd.DataFrame:
        """``interaction, iv, moderator, dv, moderator_level, estimate``: the effect of each interaction's iv on
        its outcome at moderator −1 SD, mean, +1 SD (:func:`surveysem.pls.slopes.slopes_table`)."""
        return slopes_table(self.structure, interaction_triples(self.model), self.fit.path_matrix)

    @property
    def conditional_indirect(self) -> pd.DataFrame:
        """Conditional indirect effects and indices of moderated mediation (Hayes 2015) of every chain with a
        moderated link (:func:`surveysem.pls.slopes.conditional_table`)."""
        return conditional_table(self.structure, interaction_triples(self.model), self.fit.path_matrix)

    def write(self, out: str | os.PathLike, *, inputs: dict | None = None) -> list[Path]:
        """Write :meth:`tables` as CSV and ``run.json`` into folder ``out``, atomically (``surveysem pls``).

        ``inputs`` names the files read for ``run.json`` (default: the data and model files, when they are files).
        """
        inputs = engine_inputs(self) if inputs is None else inputs
        return write_atomically(out, lambda tmp: write_tables(self, tmp, inputs=inputs), made_by="surveysem pls",
                                inputs=inputs.values())

    # ------------------------------------------------------------------ helpers
    @property
    def indicator_plan(self) -> AnyPlan:
        """The :class:`~surveysem.pls.plan.Plan` that makes this model's correlation matrices."""
        if self.plan is None:
            self.plan = make_plan(self.model, self.data, self.settings)
        return self.plan

    @property
    def _path_index(self) -> list[tuple[int, int]]:
        idx = {n: k for k, n in enumerate(self.structure.constructs)}
        return [(idx[p.source], idx[p.target]) for p in self.model.paths]

    def _measurement(self, values: np.ndarray, group: str) -> pd.DataFrame:
        """The reported model's rows, then the plan's statistics of the same group (e.g. the lower-order
        constructs' stage-1 loadings of a two-stage higher-order model, as seminr combines both stages)."""
        st = self.structure
        df = pd.DataFrame({
            "construct": [st.constructs[k] for k in st.block],
            "indicator": list(st.indicators),
            "estimate": values,
        })
        extra = self.indicator_plan.extra_parameters()
        mine = [k for k, row in enumerate(extra) if row["group"] == group]
        if mine:
            v = self.indicator_plan.extra_values(self.fit)[0]
            df = pd.concat([df, pd.DataFrame({"construct": [extra[k]["construct"] for k in mine],
                                              "indicator": [extra[k]["indicator"] for k in mine],
                                              "estimate": v[mine]})], ignore_index=True)
        return df

    def bootstrap(self, boot: int = 5000, seed: int | None = 42, **kwargs) -> BootstrapResult:
        """Bootstrap this model; see :func:`surveysem.pls.bootstrap.bootstrap`."""
        return bootstrap(self, boot=boot, seed=seed, **kwargs)

    def refit(self, model: Model | None = None) -> PLSResult:
        """Re-estimate with another model (e.g. one path or one item removed) on the same data and settings."""
        s = self.settings
        return pls(self.data.raw if self.data.missing == "mean" else self.data.imputed, model or self.model,
                   scheme=s["scheme"], missing=s["missing"], tol=s["tol"], max_iter=s["max_iter"],
                   source=self.data.source, interaction=s.get("interaction", "two_stage"),
                   hoc=s.get("hoc", "two_stage"), consistent=s.get("consistent", False))

    def summary(self) -> str:
        """A plain-text overview: sample, convergence, paths, R², loadings."""
        lines = [
            "PLS-SEM estimate (surveysem)",
            f"  data: {self.data.source}   n used: {self.n} of {self.data.counts['n_raw']}   missing: "
            f"{self.settings['missing']} ({self.data.counts['n_missing_cells']} cells)",
            f"  inner weighting: {self.settings['scheme']}   iterations: {self.iterations}   converged: {self.converged}",
            *(["  estimator: consistent PLS (PLSc; Dijkstra & Henseler 2015); plain PLS in plain_*.csv"]
              if self.settings.get("consistent") else []),
            "",
            "Path coefficients",
            self.paths.to_string(index=False, float_format=plain),
            "",
            "R²",
            self.r2.to_string(index=False, float_format=plain),
            "",
            "Outer loadings",
            self.loadings.to_string(index=False, float_format=plain),
        ]
        if self.warnings:
            lines += ["", "Warnings"] + [f"  - {w}" for w in self.warnings]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<PLSResult n={self.n} constructs={len(self.structure.constructs)} iterations={self.iterations}>"


@blas_pinned
def pls(
    data: pd.DataFrame | str | os.PathLike,
    model: Model | str | os.PathLike,
    scheme: str = "path",
    missing: str = "mean",
    missing_values=(),
    tol: float = 1e-7,
    max_iter: int = 300,
    on_nonconvergence: str = "error",
    source: str | None = None,
    interaction: str = "two_stage",
    hoc: str = "two_stage",
    consistent: bool = False,
) -> PLSResult:
    """Estimate a PLS path model (Wold 1982; Lohmöller 1989; Hair et al. 2022).

    Parameters
    ----------
    data : DataFrame or path
        Survey data (a DataFrame, or a CSV/XLSX/SAV file read with :func:`surveysem.data.read_table`).
    model : Model, path, or lavaan syntax text
        ``=~`` reflective (Mode A), ``<~`` composite (Mode B), ``~`` paths.
    scheme : {"path", "factorial", "centroid"}
        Inner weighting scheme (SmartPLS and seminr default: path).
    missing : {"mean", "listwise"}
        Missing-data treatment (SmartPLS and seminr default: mean replacement).
    missing_values : iterable
        Marker values meaning "no answer", e.g. ``[-99]``.
    tol, max_iter : float, int
        Stop when Σ|Δ outer weights| < tol (seminr's criterion with its default 1e-7), at most ``max_iter`` updates.
    on_nonconvergence : {"error", "warn"}
        Raise :class:`~surveysem.errors.EstimationError`, or return a result flagged ``converged = False`` with a
        warning.
    interaction : {"two_stage", "product_indicator", "orthogonal"}
        How interaction terms (``Y ~ X + W + X:W``) are estimated, as R seminr's ``interaction_term()``
        (:mod:`surveysem.pls.interaction`; Hair et al. 2022, ch. 7); quadratic terms ``X:X`` are always two-stage.
    hoc : {"two_stage", "repeated_indicators"}
        How higher-order constructs are estimated (:mod:`surveysem.pls.higher_order`): the disjoint two-stage
        approach as R seminr 2.3.2 (default) or repeated indicators as SmartPLS. Ignored without a HOC.
    consistent : bool
        Consistent PLS (PLSc, Dijkstra & Henseler 2015; :mod:`surveysem.pls.consistent`): paths, R², loadings and
        construct correlations corrected for the measurement error of the reflective constructs; the plain PLS
        estimates are kept beside them (``plain_paths``, ``plain_loadings``, ``plain_r2`` tables).

    Returns
    -------
    PLSResult

    Examples
    --------
    >>> res = pls("data.csv", "model.lav", missing_values=[-99])   # doctest: +SKIP
    >>> res.paths                                                   # doctest: +SKIP
    """
    if isinstance(data, (str, os.PathLike)):
        source = source or str(data)
        data = read_table(data)
    if isinstance(model, Model):
        pass
    elif isinstance(model, os.PathLike) or (isinstance(model, str) and "~" not in model):
        model = read_model(model)
    else:
        model = parse_model(model)
    if on_nonconvergence not in ("error", "warn"):
        raise ValueError("on_nonconvergence must be 'error' or 'warn'")
    if interaction not in INTERACTION_METHODS:
        raise ConfigError(f"unknown interaction method {interaction!r}", where="interaction",
                          fix=f"Use one of {', '.join(INTERACTION_METHODS)}")
    check_structure(model) if model.higher_order else Structure.from_model(model)  # the model's errors first
    prepared = prepare(data, model, missing=missing, missing_values=missing_values, source=source)
    settings: dict[str, Any] = dict(scheme=scheme, missing=missing, missing_values=list(missing_values), tol=tol,
                                    max_iter=max_iter, weight_scaling="scores have unit variance (n - 1)")
    if model.interactions:
        settings["interaction"] = interaction
    if model.higher_order:
        settings["hoc"] = hoc
    if consistent:
        settings["consistent"] = True
    plan = make_plan(model, prepared, settings)
    st = plan.structure
    S = plan.full_sample()  # BLAS pinned to one thread: same bits whatever the machine
    fit = plan.fit(S[None])
    if fit.S is not None:  # the plan's input is not the reported model's indicator matrix (two-stage methods)
        S = fit.S[0]
    warnings: list[str] = []
    blank = data.attrs.get("blank_rows", [])
    if blank:
        warnings.append(f"{len(blank)} empty row{'s' if len(blank) > 1 else ''} of the data file (no cell filled; "
                        f"file row{'s' if len(blank) > 1 else ''} {', '.join(map(str, blank[:5]))}"
                        f"{', ...' if len(blank) > 5 else ''}) skipped: not respondents")
    if st.chain_warning:
        warnings.append(st.chain_warning)
    warnings.extend(getattr(plan, "notes", []))  # e.g. how a plan's method applied (surveysem.pls.interaction)
    warnings += getattr(plan, "warnings", []) + full_sample_warnings(fit)  # PLSc: composites kept, inadmissible
    warnings += chain_notes(st, interaction_triples(model))  # moderated chains left unconditioned, and why
    if prepared.counts["n_missing_cells"]:
        verb = "replaced by the item mean" if missing == "mean" else f"removed with {prepared.counts['n_rows_dropped']} rows"
        warnings.append(f"{prepared.counts['n_missing_cells']} missing answers {verb}")
    if not fit.ok[0]:
        if not fit.converged[0] and np.all(np.isfinite(fit.weights[0])):
            msg = f"the PLS algorithm did not converge in {max_iter} iterations"
            if on_nonconvergence == "error":
                raise EstimationError(msg, where=prepared.source,
                                      fix="Raise max_iter, check for items that load near zero, or try scheme 'factorial'")
            warnings.append(msg)
        else:
            raise EstimationError(_singular_hint(S, st), where=prepared.source,
                                  fix="Remove one of the (near-)duplicate items or constructs from the model")
    return PLSResult(model=model, data=prepared, structure=st, fit=fit, S=S, settings=settings, warnings=warnings,
                     plan=plan)


def _singular_hint(S: np.ndarray, st: Structure) -> str:
    """Name what makes the estimate singular: collinear items in a composite block, or collinear constructs."""
    for k in range(st.n_constructs):
        if st.mode_b[k]:
            ix = st.block_indices(k)
            if abs(np.linalg.det(S[np.ix_(ix, ix)])) <= 1e-12:
                return f"the items of composite {st.constructs[k]} are perfectly collinear (singular correlation matrix)"
    off = np.abs(S - np.eye(len(S)))
    i, j = np.unravel_index(np.argmax(off), off.shape)
    return (f"the data are singular: items {st.indicators[i]} and {st.indicators[j]} correlate "
            f"{S[i, j]:.6f}, or the construct scores of a regression are collinear")
