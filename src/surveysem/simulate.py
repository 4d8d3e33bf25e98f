"""Simulate Likert survey data from a population structural model (teaching, power analysis, examples).

The population (a standardized recursive structural equation model with reflective measurement)::

    η_j = Σ_{i ∈ pred(j)} β_ij η_i + ζ_j          every latent variable has unit variance
    x_k = λ_k η_c(k) + ε_k,   Var(ε_k) = 1 − λ_k²  every continuous indicator has unit variance
    y_k = 1 + #{m : x_k > τ_km}                    Likert answer 1..K (ordinal cut of x_k)

Exogenous latent variables are standard normal with correlations Φ (``exogenous_correlations``); the
disturbance ζ_j is independent of everything earlier and has variance ψ_j = 1 − β_jᵀ Σ_PP β_j, so that
Var(η_j) = 1 and β_ij are standardized path coefficients (Bollen 1989, ch. 4; Kline 2016, ch. 6). Composite
constructs (lavaan ``<~``) are simulated as common factors like the reflective ones.

The default thresholds cut a standard normal into K categories that are symmetric around the middle and then
shifted toward agreement by ``skew`` standard deviations, as Likert surveys usually are::

    τ_m = 3.6 / (K − 1) · (m − K / 2) − skew,   m = 1 … K − 1

(for K = 5 and skew = 0: τ = −1.35, −0.45, 0.45, 1.35, category shares 9/24/35/24/9 %; skew = 0.5 gives
3/14/31/32/20 %, mean ≈ 3.5).

:func:`population_correlations` returns the model-implied correlation matrix of latent variables and continuous
indicators, Σ_x = Λ Σ_η Λᵀ + Θ (Jöreskog 1973; Bollen 1989, ch. 8), which is what the simulated continuous data
reproduce up to sampling error. Likert cutting attenuates correlations (polychoric vs Pearson; Olsson 1979), so
the Likert data's Pearson correlations are somewhat smaller.

Randomness comes only from ``numpy.random.Generator(PCG64(SeedSequence(seed)))``.
"""
from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .errors import ConfigError
from .io import atomic_output_file, check_output_file, write_csv
from .model import Model, read_model
from .options import whole_number
from .stats import generator

__all__ = [
    "Population",
    "default_thresholds",
    "likert_shares",
    "population",
    "population_correlations",
    "read_spec",
    "simulate_continuous",
    "simulate_likert",
]


# ----------------------------------------------------------------------------------------------- population
@dataclass(frozen=True)
class Population:
    """A fully specified standardized population model.

    Attributes
    ----------
    model : Model
    loadings : dict indicator -> λ
    paths : dict (source, target) -> β
    latent_cov : DataFrame  Σ_η (constructs × constructs, unit diagonal)
    disturbance_var : dict endogenous construct -> ψ = 1 − R²
    """

    model: Model
    loadings: dict[str, float]
    paths: dict[tuple[str, str], float]
    latent_cov: pd.DataFrame
    disturbance_var: dict[str, float]

    @property
    def r2(self) -> pd.DataFrame:
        """Population R² of each endogenous construct (``construct, r2``): 1 − ψ_j."""
        return pd.DataFrame({"construct": list(self.disturbance_var),
                             "r2": [1.0 - v for v in self.disturbance_var.values()]})

    def correlations(self, latent: bool = True) -> pd.DataFrame:
        """Model-implied correlations of latent variables (if ``latent``) and continuous indicators.

        Σ = [[Σ_η, Σ_η Λᵀ], [Λ Σ_η, Λ Σ_η Λᵀ + Θ]] with Θ = diag(1 − λ²), so the diagonal is 1.
        """
        cons = list(self.model.construct_names)
        inds = list(self.model.indicators)
        L = np.zeros((len(inds), len(cons)))
        for k, ind in enumerate(inds):
            L[k, cons.index(self.model.construct_of(ind))] = self.loadings[ind]
        P = self.latent_cov.to_numpy()
        sxx = L @ P @ L.T
        np.fill_diagonal(sxx, 1.0)
        if not latent:
            return pd.DataFrame(sxx, index=inds, columns=inds)
        sex = L @ P
        top = np.hstack([P, sex.T])
        bottom = np.hstack([sex, sxx])
        names = cons + inds
        return pd.DataFrame(np.vstack([top, bottom]), index=names, columns=names)


def population(
    model: Model,
    loadings: Mapping[str, float] | float,
    paths: Mapping[Any, float],
    exogenous_correlations: Mapping[Any, float] | float = 0.0,
    source: str = "spec",
) -> Population:
    """Check a population specification against ``model`` and derive Σ_η and the disturbance variances.

    Parameters
    ----------
    model : Model
        Constructs, indicators and paths (lavaan syntax parsed by :func:`surveysem.model.parse_model`).
    loadings : float or mapping
        Standardized loadings λ, |λ| ≤ 1: one number for all indicators, or a mapping whose keys are indicators
        (``{"ocr1": 0.8}``) or constructs (``{"OCR": 0.8}`` for all its indicators, or a list in indicator order);
        indicator entries override construct entries.
    paths : mapping
        Standardized coefficient of every path of the model; keys ``"OCR -> MB"``, ``"MB ~ OCR"`` or
        ``("OCR", "MB")``.
    exogenous_correlations : float or mapping
        Correlation of every pair of exogenous constructs (one number), or per pair (``"OCR ~~ R": 0.4``);
        unlisted pairs are 0.
    source : str
        Name used in error messages (the spec file).

    Returns
    -------
    Population

    Raises
    ------
    ConfigError
        A missing or unknown path or loading, |λ| > 1, a non-positive-definite Φ, or paths that imply R² ≥ 1.
    """
    lam = _loadings(model, loadings, source)
    beta = _paths(model, paths, source)
    cons = list(model.construct_names)
    exo = list(model.exogenous)
    K = len(cons)
    idx = {c: i for i, c in enumerate(cons)}
    S = np.eye(K)
    # exogenous correlations Φ
    phi = _exo_corr(exo, exogenous_correlations, source)
    for a in exo:
        for b in exo:
            S[idx[a], idx[b]] = phi.loc[a, b]
    if exo and np.linalg.eigvalsh(phi.to_numpy()).min() <= 1e-10:
        raise ConfigError("the exogenous correlations are not a valid correlation matrix (not positive definite)",
                          where=f"{source}, exogenous_correlations",
                          fix="Use smaller correlations between the exogenous constructs")
    psi: dict[str, float] = {}
    done = [c for c in model.causal_order if c in exo]
    for j in model.causal_order:
        if j in exo:
            continue
        preds = list(model.predecessors(j))
        coef = np.array([beta[(p, j)] for p in preds])
        pi = [idx[p] for p in preds]
        Spp = S[np.ix_(pi, pi)]
        r2 = float(coef @ Spp @ coef)
        if r2 >= 1.0 - 1e-9:
            raise ConfigError(f"the paths into {j} explain {r2:.3f} of its variance (R² must be below 1)",
                              where=f"{source}, paths",
                              fix=f"Make the coefficients of {', '.join(f'{p} -> {j}' for p in preds)} smaller")
        psi[j] = 1.0 - r2
        # Cov(η_j, η_k) = Σ_p β_pj Cov(η_p, η_k) for every construct k defined earlier (ζ_j independent of them)
        for k in done:
            c = float(coef @ S[pi, idx[k]])
            S[idx[j], idx[k]] = S[idx[k], idx[j]] = c
        done.append(j)
    return Population(model=model, loadings=lam, paths=beta,
                      latent_cov=pd.DataFrame(S, index=cons, columns=cons), disturbance_var=psi)


def population_correlations(
    model: Model,
    loadings: Mapping[str, float] | float,
    paths: Mapping[Any, float],
    exogenous_correlations: Mapping[Any, float] | float = 0.0,
    latent: bool = True,
) -> pd.DataFrame:
    """Model-implied population correlation matrix of latent variables and continuous indicators.

    Σ_η follows from the standardized paths by the tracing rule in causal order
    (Cov(η_j, η_k) = Σ_p β_pj Cov(η_p, η_k); Wright 1934, Kline 2016 ch. 6), and the indicators from
    Σ_x = Λ Σ_η Λᵀ + Θ with Θ = diag(1 − λ²) (Bollen 1989, ch. 8). Useful for power analysis (feed it to
    a PLS or regression routine as a population) and as the target of :func:`simulate_continuous`.

    Returns
    -------
    DataFrame
        Square, labelled with construct names (if ``latent``) followed by the indicators in model order.
    """
    return population(model, loadings, paths, exogenous_correlations).correlations(latent=latent)


# ----------------------------------------------------------------------------------------------- sampling
def simulate_continuous(
    model: Model,
    loadings: Mapping[str, float] | float,
    paths: Mapping[Any, float],
    n: int,
    seed: int | Sequence[int],
    exogenous_correlations: Mapping[Any, float] | float = 0.0,
    latent: bool = True,
) -> pd.DataFrame:
    """Draw ``n`` multivariate normal cases of the population: latent scores and continuous indicators.

    One generator, ``Generator(PCG64(SeedSequence(seed)))``, draws in this order: exogenous scores
    (n × #exogenous, correlated by the Cholesky factor of Φ), disturbances (n × #endogenous, scaled by √ψ),
    measurement errors (n × #indicators, scaled by √(1 − λ²)). Same seed → identical data.

    Returns
    -------
    DataFrame
        Columns: constructs (if ``latent``) then indicators, all with population mean 0 and variance 1.
    """
    n = _check_n(n)
    pop = population(model, loadings, paths, exogenous_correlations)
    rng = generator(seed)
    cons = list(model.construct_names)
    exo = list(model.exogenous)
    endo = [c for c in model.causal_order if c not in exo]
    eta: dict[str, np.ndarray] = {}
    z = rng.standard_normal((n, len(exo)))
    if exo:
        chol = np.linalg.cholesky(pop.latent_cov.loc[exo, exo].to_numpy())
        ex = z @ chol.T
        for i, c in enumerate(exo):
            eta[c] = ex[:, i]
    zeta = rng.standard_normal((n, len(endo)))
    for i, j in enumerate(endo):
        eta[j] = sum(pop.paths[(p, j)] * eta[p] for p in model.predecessors(j)) + np.sqrt(pop.disturbance_var[j]) * zeta[:, i]
    inds = list(model.indicators)
    eps = rng.standard_normal((n, len(inds)))
    out: dict[str, np.ndarray] = {c: eta[c] for c in cons} if latent else {}
    for k, ind in enumerate(inds):
        lam = pop.loadings[ind]
        out[ind] = lam * eta[model.construct_of(ind)] + np.sqrt(max(0.0, 1.0 - lam * lam)) * eps[:, k]
    return pd.DataFrame(out)


def default_thresholds(levels: int = 5, skew: float = 0.5) -> np.ndarray:
    """Default cut points on the standard normal scale: τ_m = 3.6/(K−1)·(m − K/2) − skew, m = 1…K−1.

    ``skew > 0`` moves answers toward agreement (the upper categories), as in most Likert surveys;
    ``skew = 0`` is symmetric around the middle category.
    """
    if int(levels) != levels or levels < 2:
        raise ConfigError(f"levels must be a whole number of at least 2, not {levels!r}")
    k = int(levels)
    m = np.arange(1, k)
    return 3.6 / (k - 1) * (m - k / 2) - float(skew)


def simulate_likert(
    model: Model,
    loadings: Mapping[str, float] | float,
    paths: Mapping[Any, float],
    n: int,
    seed: int | Sequence[int],
    levels: int = 5,
    thresholds: Sequence[float] | Mapping[str, Sequence[float]] | None = None,
    skew: float = 0.5,
    exogenous_correlations: Mapping[Any, float] | float = 0.0,
    latent: bool = False,
) -> pd.DataFrame:
    """Likert answers 1..``levels`` drawn from a population structural model.

    The continuous indicators of :func:`simulate_continuous` (same ``seed``) are cut at the thresholds:
    y = 1 + #{m : x > τ_m}.

    Parameters
    ----------
    model : Model
    loadings, paths, exogenous_correlations
        See :func:`population`.
    n : int
        Number of respondents.
    seed : int
        Seed of the random generator (required: the data are reproducible).
    levels : int
        Number of answer categories K (5 for a 1–5 scale).
    thresholds : sequence or mapping, optional
        K − 1 increasing cut points on the z scale for every item, or a mapping item → cut points (items not
        listed use the default). Default :func:`default_thresholds` (``levels``, ``skew``).
    skew : float
        Shift of the default thresholds toward agreement, in SD units (0 = symmetric).
    latent : bool
        Also return the latent scores (continuous) as the first columns.

    Returns
    -------
    DataFrame
        One row per respondent, integer columns named after the indicators (and float latent columns).

    Examples
    --------
    >>> from surveysem.model import parse_model
    >>> m = parse_model("X =~ x1 + x2 + x3\\nY =~ y1 + y2 + y3\\nY ~ X")
    >>> df = simulate_likert(m, loadings=0.8, paths={"X -> Y": 0.5}, n=200, seed=1)
    >>> sorted(df["x1"].unique().tolist()) == [1, 2, 3, 4, 5]
    True
    """
    cont = simulate_continuous(model, loadings, paths, n, seed, exogenous_correlations, latent=True)
    default = default_thresholds(levels, skew)
    out: dict[str, np.ndarray] = {}
    if latent:
        for c in model.construct_names:
            out[c] = cont[c].to_numpy()
    for ind in model.indicators:
        tau = _thresholds_for(ind, thresholds, default, levels)
        out[ind] = (1 + np.searchsorted(tau, cont[ind].to_numpy(), side="left")).astype(np.int64)
    return pd.DataFrame(out)


def likert_shares(levels: int = 5, skew: float = 0.5, thresholds: Sequence[float] | None = None) -> np.ndarray:
    """Population share of each answer category 1..K: P(y = m) = Φ(τ_m) − Φ(τ_{m−1}) (τ_0 = −∞, τ_K = ∞)."""
    tau = np.asarray(thresholds, float) if thresholds is not None else default_thresholds(levels, skew)
    cdf = np.concatenate([[0.0], stats.norm.cdf(tau), [1.0]])
    return np.diff(cdf)


# ----------------------------------------------------------------------------------------------- spec files
def read_spec(path: str | os.PathLike) -> dict:
    """Read a YAML simulation spec: ``loadings``, ``paths``, optional ``exogenous_correlations``,
    ``levels``, ``skew``, ``thresholds``, ``n``, ``seed``.

    Example::

        loadings: {OCR: 0.8, TRUST: [0.8, 0.8, 0.8, 0.5, 0.8]}
        paths: {"OCR -> TRUST": 0.35, "TRUST -> MB": 0.35}
        exogenous_correlations: 0.4
        skew: 0.6
    """
    import yaml

    path = Path(path)
    if not path.exists():
        raise ConfigError(f"spec file {str(path)!r} does not exist", fix="Check the path given to --spec")
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}, line {mark.line + 1}" if mark is not None else str(path)
        raise ConfigError(f"not valid YAML ({getattr(exc, 'problem', exc)})", where=where) from None
    if not isinstance(spec, dict):
        raise ConfigError("the spec must be a mapping with 'loadings' and 'paths'", where=str(path))
    allowed = {"loadings", "paths", "exogenous_correlations", "levels", "skew", "thresholds", "n", "seed"}
    for key in spec:
        if key not in allowed:
            raise ConfigError(f"unknown key {key!r}", where=str(path), fix=f"Allowed keys: {', '.join(sorted(allowed))}")
    for key in ("loadings", "paths"):
        if key not in spec:
            raise ConfigError(f"the key {key!r} is missing", where=str(path))
    spec["_source"] = str(path)
    return spec


# ----------------------------------------------------------------------------------------------- CLI
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", required=True, help="lavaan-syntax model file")
    parser.add_argument("--spec", required=True, help="YAML with loadings, paths (and exogenous_correlations, skew ...)")
    parser.add_argument("--n", type=whole_number(1), help="number of respondents (overrides the spec's n)")
    parser.add_argument("--seed", type=whole_number(0), help="random seed (overrides the spec's seed)")
    parser.add_argument("--out", required=True, help="CSV file to write")
    parser.add_argument("--correlations", help="also write the population correlation matrix to this CSV")
    parser.add_argument("--latent", action="store_true", help="also write the latent scores")


def run(args: argparse.Namespace) -> int:
    inputs = (args.model, args.spec)
    check_output_file(args.out, inputs)
    if args.correlations:
        check_output_file(args.correlations, inputs, option="--correlations")
    model = read_model(args.model)
    spec = read_spec(args.spec)
    src = spec["_source"]
    n = args.n if args.n is not None else spec.get("n")
    seed = args.seed if args.seed is not None else spec.get("seed")
    if n is None:
        raise ConfigError("no sample size", where=src, fix="Give --n or an 'n:' entry in the spec")
    if seed is None:
        raise ConfigError("no seed", where=src, fix="Give --seed or a 'seed:' entry in the spec")
    kwargs = dict(loadings=spec["loadings"], paths=spec["paths"],
                  exogenous_correlations=spec.get("exogenous_correlations", 0.0))
    # validate with the spec file named in messages
    population(model, source=src, **kwargs)
    df = simulate_likert(model, n=n, seed=int(seed), levels=spec.get("levels", 5),
                         thresholds=spec.get("thresholds"), skew=spec.get("skew", 0.5), latent=args.latent, **kwargs)
    with atomic_output_file(args.out, inputs=inputs) as tmp:
        write_csv(df, tmp)
    if args.correlations:
        with atomic_output_file(args.correlations, inputs=inputs, option="--correlations") as tmp:
            write_csv(population_correlations(model, **kwargs), tmp, index=True)
    return 0


# ----------------------------------------------------------------------------------------------- helpers
def _check_n(n) -> int:
    if isinstance(n, bool) or int(n) != n or n < 1:
        raise ConfigError(f"n must be a positive whole number, not {n!r}")
    return int(n)


def _loadings(model: Model, loadings, source: str) -> dict[str, float]:
    lam: dict[str, float] = {}
    if isinstance(loadings, (int, float)) and not isinstance(loadings, bool):
        lam = {i: float(loadings) for i in model.indicators}
    elif isinstance(loadings, Mapping):
        cons = set(model.construct_names)
        inds = set(model.indicators)
        for key, val in loadings.items():  # constructs first, indicators override
            if key in cons:
                c = model.construct(key)
                if isinstance(val, (list, tuple)):
                    if len(val) != len(c.indicators):
                        raise ConfigError(f"{key} has {len(c.indicators)} indicators but {len(val)} loadings",
                                          where=f"{source}, loadings",
                                          fix=f"Give one loading per indicator ({', '.join(c.indicators)}) or one number")
                    lam.update({i: float(v) for i, v in zip(c.indicators, val)})
                else:
                    lam.update({i: float(val) for i in c.indicators})
            elif key not in inds:
                raise ConfigError(f"{key!r} is neither a construct nor an indicator of the model",
                                  where=f"{source}, loadings", fix="Use the model's names")
        for key, val in loadings.items():
            if key in inds:
                lam[key] = float(val)
    else:
        raise ConfigError("loadings must be a number or a mapping", where=f"{source}, loadings")
    for ind in model.indicators:
        if ind not in lam:
            raise ConfigError(f"no loading for indicator {ind!r} ({model.construct_of(ind)})",
                              where=f"{source}, loadings",
                              fix=f"Add '{ind}: 0.8' or a loading for {model.construct_of(ind)}")
        if not -1.0 <= lam[ind] <= 1.0 or not np.isfinite(lam[ind]):
            raise ConfigError(f"the loading of {ind!r} is {lam[ind]}; standardized loadings lie in [-1, 1]",
                              where=f"{source}, loadings")
    return lam


def _parse_pair(key, arrows: Sequence[str]) -> tuple[str, str] | None:
    if isinstance(key, (tuple, list)) and len(key) == 2:
        return str(key[0]).strip(), str(key[1]).strip()
    if isinstance(key, str):
        for arrow in arrows:
            if arrow in key:
                a, b = key.split(arrow, 1)
                a, b = a.strip(), b.strip()
                return (b, a) if arrow == "~" else (a, b)
    return None


def _paths(model: Model, paths, source: str) -> dict[tuple[str, str], float]:
    if not isinstance(paths, Mapping):
        raise ConfigError("paths must be a mapping like {'X -> Y': 0.3}", where=f"{source}, paths")
    wanted = {(p.source, p.target) for p in model.paths}
    beta: dict[tuple[str, str], float] = {}
    for key, val in paths.items():
        pair = _parse_pair(key, ("->", "~"))
        if pair is None:
            raise ConfigError(f"cannot read the path {key!r}", where=f"{source}, paths",
                              fix="Write paths as 'X -> Y: 0.3' or 'Y ~ X: 0.3'")
        if pair not in wanted:
            raise ConfigError(f"the path {pair[0]} -> {pair[1]} is not in the model", where=f"{source}, paths",
                              fix="Add it to the model file or remove it from the spec")
        beta[pair] = float(val)
    for pair in sorted(wanted - set(beta), key=lambda p: (model.causal_order.index(p[1]), p[0])):
        raise ConfigError(f"no coefficient for the path {pair[0]} -> {pair[1]}", where=f"{source}, paths",
                          fix=f"Add '{pair[0]} -> {pair[1]}: 0.3' (a standardized coefficient)")
    return beta


def _exo_corr(exo: list[str], spec, source: str) -> pd.DataFrame:
    phi = pd.DataFrame(np.eye(len(exo)), index=exo, columns=exo)
    if isinstance(spec, (int, float)) and not isinstance(spec, bool):
        for a in exo:
            for b in exo:
                if a != b:
                    phi.loc[a, b] = float(spec)
    elif isinstance(spec, Mapping):
        for key, val in spec.items():
            pair = _parse_pair(key, ("~~", "<->", "--"))
            if pair is None or pair[0] not in exo or pair[1] not in exo or pair[0] == pair[1]:
                raise ConfigError(f"{key!r} is not a pair of two different exogenous constructs ({', '.join(exo)})",
                                  where=f"{source}, exogenous_correlations", fix="Write pairs as 'A ~~ B: 0.3'")
            phi.loc[pair[0], pair[1]] = phi.loc[pair[1], pair[0]] = float(val)
    elif spec is not None:
        raise ConfigError("exogenous_correlations must be a number or a mapping",
                          where=f"{source}, exogenous_correlations")
    return phi


def _thresholds_for(ind: str, thresholds, default: np.ndarray, levels: int) -> np.ndarray:
    tau = default
    if isinstance(thresholds, Mapping):
        if ind in thresholds:
            tau = np.asarray(thresholds[ind], float)
    elif thresholds is not None:
        tau = np.asarray(thresholds, float)
    if tau.shape != (levels - 1,) or np.any(np.diff(tau) <= 0):
        raise ConfigError(f"thresholds for {ind!r} must be {levels - 1} increasing numbers, got {tau.tolist()}",
                          fix=f"Give {levels - 1} increasing cut points on the z scale, e.g. {default.round(2).tolist()}")
    return tau


def example_data_script(argv: Sequence[str] | None, description: str, build: Callable[..., pd.DataFrame],
                        out: str | os.PathLike, *, accepts: Callable[[pd.DataFrame], bool] | None = None,
                        check: Callable[[pd.DataFrame], None] | None = None) -> int:
    """The command line of an example study's ``data/<study>/make_data.py``: one frame for every such script.

    Without options it writes ``build()`` to ``out`` (CSV, ``\\n`` line ends: byte-for-byte the committed file);
    ``--check`` runs ``check(build())`` (prints the analysis the seed was chosen by); ``--search K`` prints each seed
    1..K whose sample ``accepts`` (the script's documented criterion for its ``SEED``).
    """
    ap = argparse.ArgumentParser(description=description.splitlines()[0])
    if check is not None:
        ap.add_argument("--check", action="store_true", help="print the analysis of the data as shipped")
    if accepts is not None:
        ap.add_argument("--search", type=int, metavar="K", help="print the seeds 1..K whose sample shows the design")
    args = ap.parse_args(argv)
    if accepts is not None and args.search:
        for seed in range(1, args.search + 1):
            if accepts(build(seed)):
                print(seed)
        return 0
    df = build()
    if check is not None and args.check:
        check(df)
        return 0
    df.to_csv(out, index=False, lineterminator="\n")
    return 0
