"""``multigroup()``: group estimates, group bootstraps, the multigroup tests and MICOM, as one result object.

See :mod:`surveysem.groups.estimate` (how groups, resamples and permutations go through the engine),
:mod:`surveysem.groups.mga` (the tests of group differences) and :mod:`surveysem.groups.micom` (MICOM); the docs
page is ``docs/groups.md``.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from ..errors import ConfigError, DataError, EstimationError
from ..format import plain
from ..i18n import _
from ..model import Model, parse_model, read_model
from ..pls.estimate import PLSResult, pls
from ..results import StudyTables, write_atomically, write_study_folder
from ..stats import MEMORY_BUDGET, blas_pinned, summarize
from .estimate import Engine, default_jobs, group_bootstrap, group_estimates
from .estimate import permutations as permutation_fits
from .mga import mga_table
from .micom import micom_tables, overall, step3_differences
from .split import GROUP_MIN_N, Groups, size_notes, split_groups

REFERENCE_GROUPS = "Hair et al. (2024), Advanced Issues in PLS-SEM, ch. 4; Matthews (2017)"
RULE_SIZES = "each group needs at least {n} respondents (group_min_n)"
RULE_GROUP = "the model estimated on the group's rows; bootstrap of the group's rows ({boot} resamples, seed {seed})"
BOOT_KEEP = ["boot_mean", "se", "t", "p", "ci_low", "ci_high"]


@dataclass
class MultigroupResult(StudyTables):
    """A multigroup analysis (PLS-MGA and MICOM) of one model over the groups of one column.

    Attributes (tables, every one with ``rule`` and ``reference`` columns)
    ----------------------------------------------------------------------
    group_sizes : ``group, n, excluded`` (rows used; rows left out by listwise deletion, or without a group)
    group_paths : ``group, from, to, estimate, boot_mean, se, t, p, ci_low, ci_high``
    group_r2 : ``group, construct, r2, r2_adj, boot_mean, se, ci_low, ci_high``
    mga : the tests of group differences (:data:`surveysem.groups.mga.MGA_COLUMNS`)
    micom_step2, micom_step3, micom : MICOM (:mod:`surveysem.groups.micom`)
    pooled : PLSResult
        The estimate on all rows with a group (MICOM step 3 scores; the smallest significant path).
    warnings : list of str
    meta : dict
        Settings and counts for ``run.json``.
    """

    TABLES: ClassVar[Mapping[str, str]] = {
        "group_sizes": "group_sizes", "group_paths": "group_paths", "group_r2": "group_r2", "mga": "mga",
        "micom_step2": "micom_step2", "micom_step3": "micom_step3", "micom": "micom"}

    group_sizes: pd.DataFrame
    group_paths: pd.DataFrame
    group_r2: pd.DataFrame
    mga: pd.DataFrame
    micom_step2: pd.DataFrame
    micom_step3: pd.DataFrame
    micom: pd.DataFrame
    pooled: PLSResult | None = None
    warnings: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    draws: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def invariance(self) -> str:
        """Overall MICOM level: ``full``, ``partial`` or ``none`` (the weakest over constructs and pairs)."""
        return overall(self.micom)

    def summary(self) -> str:
        """Plain-text overview: group sizes, path differences with their p-values, MICOM's verdict."""
        sizes = ", ".join(_("{group} n = {n}", group=r.group, n=r.n) for r in self.group_sizes.itertuples() if r.n)
        lines = [_("Multigroup analysis by {column}: {sizes}", column=self.meta.get("groups"), sizes=sizes), "",
                 _("Group differences (first minus second group)")]
        cols = ["parameter", "from", "to", "group_a", "group_b", "estimate_a", "estimate_b", "difference",
                "p_permutation", "p_henseler", "p_welch"]
        lines.append(self.mga[cols].to_string(index=False, float_format=plain))
        lines += ["", _("MICOM: {level} measurement invariance", level={"full": _("full"), "partial": _("partial"),
                                                                      "none": _("none"),
                                                                      "not_tested": _("not tested")}[self.invariance])]
        lines.append(self.micom[["construct", "group_a", "group_b", "step2", "step3_mean", "step3_var",
                                 "invariance"]].to_string(index=False))
        lines += [_("Note: {note}", note=w) for w in self.warnings]
        return "\n".join(lines)

    def write(self, out: str | os.PathLike, inputs: Mapping[str, object] | None = None) -> list[Path]:
        """Write the tables as CSV, ``summary.txt`` and ``run.json`` into ``out``, all or nothing."""
        inputs = dict(inputs or {})

        def fill(folder: Path) -> list[Path]:
            return write_study_folder(folder, self.tables(), meta=self.meta, inputs=inputs,
                                      warnings=self.warnings, summary=self.summary())

        return write_atomically(out, fill, made_by="surveysem mga",
                                inputs=[v for v in inputs.values() if v is not None])


def _model(model: Model | str | os.PathLike) -> Model:
    if isinstance(model, Model):
        return model
    if isinstance(model, os.PathLike) or "~" not in str(model):
        return read_model(model)
    return parse_model(str(model))


def _engine_groups(res: PLSResult, data_rows: np.ndarray, groups: Groups, group_min_n: int, source: str) -> Groups:
    """The groups of the rows the engine uses (listwise deletion may have dropped some)."""
    pos = {int(r): i for i, r in enumerate(data_rows)}
    kept_codes = groups.codes[[pos[int(r)] for r in res.data.row_numbers]]
    eg = Groups(column=groups.column, labels=groups.labels, codes=np.asarray(kept_codes, dtype=np.intp),
                excluded=groups.excluded)
    for lab, n in zip(eg.labels, eg.sizes):
        if n < group_min_n:
            raise DataError(f"group {lab!r} of column {groups.column!r} keeps only {n} respondents after listwise "
                            f"deletion; the minimum is {group_min_n}", where=f"{source}, column {groups.column}",
                            fix="Use --missing mean, or lower --group-min-n")
    return eg


@blas_pinned
def multigroup(data: pd.DataFrame, model: Model | str | os.PathLike, groups: str, *, permutations: int = 5000, boot: int = 5000, seed: int | None = None, scheme: str = "path",
               missing: str = "mean", missing_values=(), alpha: float = 0.05, ci: float = 0.95,
               group_min_n: int = GROUP_MIN_N, tol: float = 1e-7, max_iter: int = 300, memory: int = MEMORY_BUDGET,
               n_jobs: int | None = None, progress: bool = False, source: str | None = None) -> MultigroupResult:
    """Multigroup analysis of a PLS path model: group estimates and bootstraps, tests of group differences
    (permutation, PLS-MGA, parametric, Welch) and MICOM (module docstrings of :mod:`surveysem.groups`).

    Parameters
    ----------
    data : DataFrame
        The cleaned survey (one row per respondent) with the group column.
    model : Model, path or lavaan text
    groups : str
        The group column; groups in the sorted order of their labels, differences first minus second.
    permutations : int
        Permutations of the permutation test and of MICOM (the same relabellings serve both; 0 = none).
    boot : int
        Bootstrap resamples of each group (≥ 2).
    seed : int
        Seed of every random stream (group g's bootstrap: ``SeedSequence([seed, g])``; permutations:
        ``SeedSequence([seed, PERMUTATION_STREAM])``).
    scheme, missing, missing_values, tol, max_iter
        As :func:`surveysem.pls.pls`; ``missing="mean"`` replaces within each group (as seminr's MGA).
    alpha, ci : float
        Level of the MICOM decisions; level of the group bootstrap intervals.
    group_min_n : int
        Smallest allowed group (an error below it).
    memory, n_jobs
        Working-memory budget and threads; results are the same bytes for any of them.

    Returns
    -------
    MultigroupResult
    """
    if seed is None:
        raise ConfigError("the group bootstraps and permutations draw random numbers: the run needs a seed",
                          where="--seed", fix="Give --seed (any whole number, e.g. 42)")
    if boot < 2:
        raise ConfigError(f"--boot must be at least 2 for a multigroup analysis, got {boot}", where="--boot")
    if permutations < 0:
        raise ConfigError(f"--permutations must be 0 or more, got {permutations}", where="--permutations")
    if not 0 < alpha < 1 or not 0 < ci < 1:
        raise ConfigError("alpha and ci must lie between 0 and 1", where="--alpha/--ci")
    source = source or data.attrs.get("source", "data")
    model = _model(model)
    all_rows = _row_numbers(data)
    grp = split_groups(data, groups, group_min_n=group_min_n, source=source)
    keep = grp.codes >= 0
    kept = data.loc[keep].copy()
    kept.attrs = dict(data.attrs)
    kept.attrs["row_numbers"] = all_rows[keep]
    kept.attrs.pop("blank_rows", None)
    grp_kept = Groups(column=grp.column, labels=grp.labels, codes=grp.codes[keep], excluded=grp.excluded)
    res = pls(kept, model, scheme=scheme, missing=missing, missing_values=missing_values, tol=tol,
              max_iter=max_iter, source=source)
    eg = _engine_groups(res, all_rows[keep], grp_kept, group_min_n, source)
    warnings = [w for w in [grp.warning()] if w] + list(res.warnings)
    jobs = max(1, n_jobs or default_jobs())
    engine = Engine(res, memory=memory, jobs=jobs)
    params = engine.parameters
    G = len(eg.labels)
    est, ok = group_estimates(engine, eg)
    if not ok.all():
        bad = eg.labels[int(np.flatnonzero(~ok)[0])]
        raise EstimationError(f"the model cannot be estimated in group {bad!r} (singular data or no convergence)",
                              where=f"{source}, column {groups}", fix="Check for items without variance in that group")
    draws, n_failed = [], []
    for g in range(G):
        v, good = group_bootstrap(engine, eg, g, boot, seed, progress=progress)
        draws.append(v[good])
        n_failed.append(int((~good).sum()))
    masks = eg.masks()
    scores = res.scores.to_numpy()
    K = res.structure.n_constructs
    pairs = list(combinations(range(G), 2))
    perm_vals = perm_ok = None
    step3_perm: dict | None = None
    if permutations:
        d3 = {pq: (np.empty((permutations, K)), np.empty((permutations, K))) for pq in pairs}

        def step3(start: int, stop: int, labels: np.ndarray, values: np.ndarray, good: np.ndarray) -> None:
            pm = (labels[:, None, :] == np.arange(G)[None, :, None]).astype(float)
            for a, b in pairs:
                dm, dv = step3_differences(pm, scores, a, b)
                d3[(a, b)][0][start:stop], d3[(a, b)][1][start:stop] = dm, dv

        perm_vals, perm_ok = permutation_fits(engine, eg, permutations, seed, extra=step3, progress=progress)
        step3_perm = {pq: (d3[pq][0][perm_ok], d3[pq][1][perm_ok]) for pq in pairs}
        perm_vals = perm_vals[perm_ok]
    sizes = eg.sizes
    mga = mga_table(params, eg.labels, sizes, est, draws, perm_vals)
    wpos = np.flatnonzero(params["group"].to_numpy() == "weight")
    constant = _constant_items(res, eg)
    sd_pooled = res.indicator_plan.indicator_data().to_numpy().std(axis=0, ddof=1)
    m2, m3, mic = micom_tables(res.structure, eg.labels, res.S, sd_pooled, est[:, wpos], ok, scores, masks,
                               perm_vals[:, :, wpos] if perm_vals is not None else None, step3_perm, alpha=alpha,
                               constant_items=constant)
    # the smallest significant pooled path (inverse square root minimum): a pooled bootstrap without BCa
    pooled_boot = res.bootstrap(boot=boot, seed=seed, ci=ci, bca=False, memory=memory, n_jobs=jobs)
    bp = pooled_boot.paths
    sig = {f"{r['from']} -> {r['to']}": float(r["estimate"]) for _, r in bp.iterrows() if r["p"] < alpha}
    warnings += size_notes(eg, sig, alpha=alpha)
    if permutations and perm_ok is not None and (~perm_ok).any():
        warnings.append(f"{int((~perm_ok).sum())} of {permutations} permutations failed (singular or not converged) "
                        "and were left out")
    for g in range(G):
        if n_failed[g]:
            warnings.append(f"{n_failed[g]} of {boot} bootstrap resamples of group {eg.labels[g]!r} failed and were "
                            "left out")
    paths, r2 = _group_tables(params, eg, est, draws, ci, res, boot, seed)
    excluded_listwise = [int((grp_kept.codes == g).sum()) - sizes[g] for g in range(G)]
    size_rows = [{"group": lab, "n": n, "excluded": x} for lab, n, x in zip(eg.labels, sizes, excluded_listwise)]
    if grp.excluded:
        size_rows.append({"group": "", "n": 0, "excluded": grp.excluded})
    gs = pd.DataFrame(size_rows)
    low_power = size_notes(eg, sig, alpha=alpha)
    gs["note"] = [low_power[0] if low_power and r["group"] in _named(low_power[0], eg.labels) else ""
                  for r in size_rows]
    gs["rule"] = RULE_SIZES.format(n=group_min_n)
    gs["reference"] = REFERENCE_GROUPS
    meta: dict[str, Any] = {
        "command": "surveysem mga", "groups": groups, "group_labels": list(eg.labels),
        "n_per_group": dict(zip(eg.labels, sizes)), "excluded_missing_group": grp.excluded,
        "settings": {"permutations": permutations, "boot": boot, "seed": seed, "scheme": scheme, "missing": missing,
                     "missing_values": list(missing_values), "alpha": alpha, "ci": ci, "group_min_n": group_min_n,
                     "tol": tol, "max_iter": max_iter,
                     "streams": "group g bootstrap: SeedSequence([seed, g]); permutations: "
                                "SeedSequence([seed, 1000003]); pooled bootstrap: SeedSequence(seed)",
                     "missing_in_groups": "mean replacement within each group (seminr estimate_pls_mga)"
                                          if missing == "mean" else "listwise deletion before splitting"},
        "n_permutations_ok": int(perm_ok.sum()) if perm_ok is not None else 0,
        "n_boot_ok": {lab: int(d.shape[0]) for lab, d in zip(eg.labels, draws)},
        "micom_overall": overall(mic),
    }
    return MultigroupResult(group_sizes=gs, group_paths=paths, group_r2=r2, mga=mga, micom_step2=m2, micom_step3=m3,
                            micom=mic, pooled=res, warnings=warnings, meta=meta,
                            draws=dict(zip(eg.labels, draws)))


def _named(note: str, labels: tuple[str, ...]) -> set[str]:
    """The group labels a size note names (``'label' (n = …)``)."""
    return {lab for lab in labels if f"{lab!r} (n = " in note}


def _row_numbers(data: pd.DataFrame) -> np.ndarray:
    """File row numbers of the data rows (as :func:`surveysem.data.read.row_numbers`: the reader's ``row_numbers``
    attribute, else 2, 3, ...)."""
    rows = data.attrs.get("row_numbers")
    if rows is not None and len(rows) == len(data):
        return np.asarray(rows, dtype=np.int64)
    return np.arange(len(data), dtype=np.int64) + 2


def _constant_items(res: PLSResult, groups: Groups) -> list[str]:
    x = res.indicator_plan.indicator_data().to_numpy()
    out = []
    for g, lab in enumerate(groups.labels):
        sd = np.nanstd(x[groups.rows(g)], axis=0)
        out += [f"{ind} in {lab}" for ind, s in zip(res.structure.indicators, sd) if not s > 0]
    return out


def _group_tables(params: pd.DataFrame, groups: Groups, est: np.ndarray, draws: list[np.ndarray], ci: float,
                  res: PLSResult, boot: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rule = RULE_GROUP.format(boot=boot, seed=seed)
    ppos = np.flatnonzero(params["group"].to_numpy() == "path")
    rpos = np.flatnonzero(params["group"].to_numpy() == "r2")
    paths, r2 = [], []
    st = res.structure
    for g, lab in enumerate(groups.labels):
        s = summarize(est[g], draws[g], ci=ci)
        t = params.iloc[ppos][["from", "to"]].reset_index(drop=True)
        t.insert(0, "group", lab)
        t["estimate"] = est[g, ppos]
        t = pd.concat([t, s.iloc[ppos][BOOT_KEEP].reset_index(drop=True)], axis=1)
        paths.append(t)
        n = groups.sizes[g]
        r = params.iloc[rpos][["construct"]].reset_index(drop=True)
        r.insert(0, "group", lab)
        r["r2"] = est[g, rpos]
        k = np.array([len(st.predecessors[st.constructs.index(c)]) for c in r["construct"]])
        r["r2_adj"] = 1 - (1 - r["r2"]) * (n - 1) / (n - k - 1)
        r = pd.concat([r, s.iloc[rpos][["boot_mean", "se", "ci_low", "ci_high"]].reset_index(drop=True)], axis=1)
        r2.append(r)
    out = []
    for t in (pd.concat(paths, ignore_index=True), pd.concat(r2, ignore_index=True)):
        t["rule"] = rule
        t["reference"] = "Hair et al. (2024), Advanced Issues in PLS-SEM, ch. 4"
        out.append(t)
    return out[0], out[1]
