"""The population model of a power study: standardized paths, loadings, exogenous correlations and Likert thresholds.

Two sources (docs/power.md):

* **a fitted PLS study** (``from: shopee_trust``): the model the study reported (``run.json``'s ``model``, after any
  item purification), its estimated paths (``paths.csv``), outer loadings (``loadings.csv``) and the correlations of
  its exogenous construct scores (``construct_corr.csv``), and the Likert thresholds of every item from the study's
  answer distribution (the cleaned survey beside the PLS folder, ``../cleaning/clean.csv``);
* **a model file with fixed values** in lavaan's pre-multiplier syntax (Rosseel 2012): ``TRUST ~ 0.3*OCR``,
  ``OCR =~ 0.8*ocr1``, optionally ``OCR ~~ 0.4*R`` between exogenous constructs; the thresholds are
  :func:`surveysem.simulate.default_thresholds` (five categories, skewed toward agreement).

The population is a common-factor model (:mod:`surveysem.simulate`): each item is λ·η + ε with unit variance, cut into
Likert categories. PLS loadings and weights describe composites, so the PLS estimates taken as factor loadings are a
convention (they are somewhat larger than factor loadings; Dijkstra & Henseler 2015); the outer weights are not needed.

Thresholds from data: for item k with answer shares p₁ … p_K (after adding ½ to every category's count, so an unused
category keeps a cut point), τ_m = Φ⁻¹(Σ_{j ≤ m} p_j), m = 1 … K − 1: the normal cut points that reproduce the
item's marginal distribution (Olsson 1979; Jöreskog 1994).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import ConfigError
from ..io import file_record
from ..model import Model, parse_model
from ..simulate import default_thresholds, population
from ..textfile import read_text

__all__ = ["PowerPopulation", "from_model_file", "from_study", "thresholds_from_answers"]


@dataclass(frozen=True)
class PowerPopulation:
    """A population a power study draws its samples from.

    Attributes
    ----------
    model : Model
        Constructs, items and paths (plain models only: no interaction terms, no higher-order constructs).
    loadings : dict item → λ
    paths : dict (source, target) → β (standardized)
    exogenous_correlations : dict (a, b) → φ
    thresholds : dict item → K − 1 cut points on the z scale
    levels : int
        Answer categories K.
    source : str
        Where the values came from (``results/shopee_trust/pls`` or the model file).
    inputs : dict
        The files read, for ``run.json``.
    """

    model: Model
    loadings: dict[str, float]
    paths: dict[tuple[str, str], float]
    exogenous_correlations: dict[tuple[str, str], float]
    thresholds: dict[str, np.ndarray]
    levels: int
    source: str
    inputs: dict = field(default_factory=dict)

    def __post_init__(self):  # the checks of surveysem.simulate.population, with the source named
        population(self.model, self.loadings, self.paths, self.exogenous_pairs(), source=self.source)

    def exogenous_pairs(self) -> dict[str, float]:
        """``{"A ~~ B": φ}`` as :func:`surveysem.simulate.population` reads them."""
        return {f"{a} ~~ {b}": v for (a, b), v in self.exogenous_correlations.items()}

    def simulate_kwargs(self) -> dict:
        """Keyword arguments of :func:`surveysem.simulate.simulate_likert`."""
        return dict(loadings=self.loadings, paths=self.paths, exogenous_correlations=self.exogenous_pairs(),
                    levels=self.levels, thresholds=self.thresholds)

    def table(self) -> pd.DataFrame:
        """The population values as one tidy table: ``parameter, from, to, value`` (paths, loadings, exogenous
        correlations)."""
        rows = [("path", a, b, v) for (a, b), v in self.paths.items()]
        rows += [("loading", self.model.construct_of(i), i, v) for i, v in self.loadings.items()]
        rows += [("exogenous_correlation", a, b, v) for (a, b), v in self.exogenous_correlations.items()]
        return pd.DataFrame(rows, columns=["parameter", "from", "to", "value"])


def _check_plain(model: Model, where: str) -> None:
    if model.interactions or model.higher_order:
        raise ConfigError("a power study simulates plain models only (no interaction terms, no higher-order "
                          "constructs)", where=where, fix="Remove the interaction or higher-order constructs from the "
                                                          "population model")


def thresholds_from_answers(answers: pd.DataFrame, low: int, high: int) -> dict[str, np.ndarray]:
    """Cut points τ_m = Φ⁻¹(cumulative share of answers ≤ low + m − 1), m = 1 … K − 1, per item (½ added to every
    category count so that each cut point is finite and they increase; module docstring)."""
    out = {}
    cats = np.arange(low, high + 1)
    for item in answers.columns:
        x = answers[item].dropna().to_numpy(float)
        counts = np.array([(np.rint(x) == c).sum() for c in cats], float) + 0.5
        cum = np.cumsum(counts)[:-1] / counts.sum()
        out[item] = stats.norm.ppf(cum)
    return out


def from_study(folder: str | os.PathLike) -> PowerPopulation:
    """The population of a fitted PLS study folder (``results/<study>/pls``): module docstring.

    Raises
    ------
    ConfigError
        The folder is not a finished ``surveysem pls`` folder, or its cleaned survey cannot be found.
    """
    folder = Path(folder)
    where = str(folder)
    need = ("run.json", "paths.csv", "loadings.csv", "construct_corr.csv")
    missing = [f for f in need if not (folder / f).is_file()]
    if missing:
        raise ConfigError(f"{missing[0]} is missing: not the folder of a finished PLS study", where=where,
                          fix=f"Run `surveysem pls --out {folder}` first (the study named by `from:`)")
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    model = parse_model(run["model"], source=f"{folder / 'run.json'}, model")
    _check_plain(model, where)
    paths = pd.read_csv(folder / "paths.csv")
    loadings = pd.read_csv(folder / "loadings.csv")
    corr = pd.read_csv(folder / "construct_corr.csv", index_col=0)
    beta = {(r["from"], r["to"]): float(r["estimate"]) for _, r in paths.iterrows()}
    lam = {r["indicator"]: float(r["estimate"]) for _, r in loadings.iterrows()}
    exo = list(model.exogenous)
    phi = {(a, b): float(corr.loc[a, b]) for i, a in enumerate(exo) for b in exo[i + 1:]}
    data_path = folder.parent / "cleaning" / "clean.csv"
    recorded = run.get("inputs", {}).get("data", {})
    if not data_path.is_file() and recorded.get("path"):
        data_path = Path(recorded["path"])
    if not data_path.is_file():
        raise ConfigError("the study's cleaned survey is not beside its PLS folder (../cleaning/clean.csv)",
                          where=where, fix="Run the study's cleaning step, or keep results/<study>/ together")
    data = pd.read_csv(data_path)
    items = list(model.indicators)
    answers = data[items].apply(pd.to_numeric, errors="coerce")
    low, high = int(np.floor(np.nanmin(answers.to_numpy()))), int(np.ceil(np.nanmax(answers.to_numpy())))
    if high <= low:
        raise ConfigError("the study's answers take a single value", where=str(data_path))
    return PowerPopulation(model=model, loadings=lam, paths=beta, exogenous_correlations=phi,
                           thresholds=thresholds_from_answers(answers, low, high), levels=high - low + 1,
                           source=where, inputs={"pls_run": file_record(folder / "run.json"),
                                                 "data": file_record(data_path)})


def from_model_file(path: str | os.PathLike, levels: int = 5, skew: float = 0.5) -> PowerPopulation:
    """The population written in a model file with fixed values (``Y ~ 0.3*X``, ``F =~ 0.8*x1``, ``A ~~ 0.4*B``).

    Every loading and every path needs its value; an exogenous pair without ``~~`` is uncorrelated. Thresholds:
    :func:`surveysem.simulate.default_thresholds` (``levels``, ``skew``) for every item.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"model file {str(path)!r} does not exist", fix="Check `model:` of the power study")
    text, _ = read_text(path, error=ConfigError, what="model file")
    fixed: dict = {}
    model = parse_model(text, source=str(path), fixed_values=fixed)
    _check_plain(model, str(path))
    lam = {k[2]: v for k, v in fixed.items() if k[0] == "loading"}
    beta = {(k[1], k[2]): v for k, v in fixed.items() if k[0] == "path"}
    for c in model.constructs:
        for i in c.indicators:
            if i not in lam:
                raise ConfigError(f"the loading of {i} has no population value", where=str(path),
                                  fix=f"Write it as {c.name} =~ 0.8*{i}")
    for p in model.paths:
        if (p.source, p.target) not in beta:
            raise ConfigError(f"the path {p.source} -> {p.target} has no population value", where=str(path),
                              fix=f"Write it as {p.target} ~ 0.3*{p.source}")
    exo = set(model.exogenous)
    phi: dict[tuple[str, str], float] = {}
    for cov in model.covariances:
        if cov.a in exo and cov.b in exo and cov.a != cov.b and cov.modifier is not None:
            try:
                phi[(cov.a, cov.b)] = float(cov.modifier)
            except ValueError:
                raise ConfigError(f"{cov.a} ~~ {cov.modifier}*{cov.b}: a population correlation must be a number",
                                  where=str(path), fix=f"Write {cov.a} ~~ 0.3*{cov.b}") from None
    tau = default_thresholds(levels, skew)
    return PowerPopulation(model=model, loadings=lam, paths=beta, exogenous_correlations=phi,
                           thresholds=dict.fromkeys(model.indicators, tau), levels=levels, source=str(path),
                           inputs={"model": file_record(path)})
