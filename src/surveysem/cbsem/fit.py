"""Covariance-based CFA / SEM with semopy, reported in lavaan's conventions.

:func:`fit_cbsem` fits the measurement model (``kind="cfa"``: every construct reflective, all latent
covariances free) or the full structural model (``kind="sem"``) of a :class:`~surveysem.model.Model`
by maximum likelihood with semopy (Igolkina & Meshcheryakov 2020), then computes the fit indices
(:mod:`surveysem.cbsem.indices`), the lavaan ``std.all`` standardized solution with delta-method
standard errors, and the diagnostics a reviewer asks about (non-convergence, Heywood cases,
non-positive-definite matrices, standardized paths outside ±1), which become rows of a warnings
table, never an exception.

Estimation details
------------------
* Identification as lavaan's ``sem()``/``cfa()`` defaults: the first loading of every construct is
  fixed to 1 (marker variable); exogenous latent variables covary freely; no mean structure.
* A single-item construct gets its indicator's error variance fixed at 0 (``x ~~ 0*x``) unless the
  model file says otherwise (as ``seminr::estimate_cbsem`` does); a note says so.
* Variances are **not** bounded at 0 (semopy bounds them by default, lavaan does not): a negative
  variance estimate is how a Heywood case shows itself, and it is reported, not hidden on a bound.
* semopy minimises the ML discrepancy ``F_ML`` with SLSQP; on badly conditioned models SLSQP stops
  early, so the solution is refined on the same objective and gradient (semopy's ``obj_mlw`` and
  ``grad_mlw``) by a trust-region Newton method whose Hessian is the expected information
  (Fisher scoring, the method lavaan and LISREL use). Convergence means max |∂F/∂θ| < 1e-5.
* Standard errors: expected information ``I = N/2 · tr(Σ⁻¹ ∂Σ/∂θ_i Σ⁻¹ ∂Σ/∂θ_j)`` (semopy
  ``calc_fim``; lavaan's default). Standardized SEs by the delta method with a central-difference
  Jacobian of the standardization (lavaan ``standardizedSolution``).
* MLR (Yuan–Bentler scaled χ², robust CFI/TLI/RMSEA) is **not** offered by semopy 2.3.11; asking for
  it fits ML and says so in the warnings table.

Standardization (lavaan ``std.all``, ``standardizedSolution()``; Rosseel 2012)
----------------------------------------------------------------------------
With C = (I − B)⁻¹, latent covariance Φ = C Ψ Cᵀ and Σ = Λ Φ Λᵀ + Θ:
loading λ_ij·sqrt(φ_jj)/sqrt(σ_ii); path β_ts·sqrt(φ_ss)/sqrt(φ_tt); variance θ_ii/σ_ii or ψ_ii/φ_ii;
covariance θ_ij/sqrt(θ_ii θ_jj) or ψ_ij/sqrt(ψ_ii ψ_jj) (a residual correlation).

References
----------
Bollen, K. A. (1989). *Structural Equations with Latent Variables*. Wiley.
Hu, L., & Bentler, P. M. (1999). *Structural Equation Modeling*, 6(1), 1–55.
Kolenikov, S., & Bollen, K. A. (2012). Testing negative error variances: Is a Heywood case a symptom of
misspecification? *Sociological Methods & Research*, 41(1), 124–167.
Igolkina, A. A., & Meshcheryakov, G. (2020). semopy: A Python package for structural equation
modeling. *Structural Equation Modeling*, 27(6), 952–963.
Rosseel, Y. (2012). lavaan: An R package for structural equation modeling. *J. Stat. Softw.*, 48(2).
"""
from __future__ import annotations

import contextlib
import importlib.metadata
import logging
import math
import os
import warnings as pywarnings
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import optimize, stats

from ..data.read import numeric_items
from ..errors import ConfigError, DataError, ModelError
from ..format import p_phrase, plain, plain_ci
from ..model import Model
from ..model.spec import COMPOSITE, REFLECTIVE
from ..results import write_atomically, write_study_folder
from ..stats import blas_pinned
from .indices import FIT_COLUMNS, fit_indices

ESTIMATORS = ("ML", "MLR")
KINDS = ("sem", "cfa")
COMPOSITE_POLICIES = ("skip", "reflective")

ESTIMATE_COLUMNS = ["lhs", "op", "rhs", "estimate", "se", "z", "p", "std", "std_se", "std_z", "std_p",
                    "std_ci_low", "std_ci_high"]
WARNING_COLUMNS = ["kind", "severity", "where", "value", "message"]

GRADIENT_TOL = 1e-5
#: eigenvalue tolerance for "not positive definite" (lavaan uses .Machine$double.eps^(3/4))
PD_TOL = np.finfo(float).eps ** 0.75


@dataclass
class CBSEMResult:
    """Result of :func:`fit_cbsem`.

    Attributes
    ----------
    fit : DataFrame
        ``index, value, convention, threshold, verdict, note`` (see :func:`~surveysem.cbsem.indices.fit_indices`).
    estimates : DataFrame
        lavaan-style parameter table ``lhs, op, rhs, estimate, se, z, p, std, std_se, std_z, std_p,
        std_ci_low, std_ci_high`` (``=~`` loadings, ``~`` paths, ``~~`` (co)variances; ``std`` = std.all).
    warning_table : DataFrame
        ``kind, severity, where, value, message``; ``severity`` is ``"warning"`` or ``"note"``.
    warnings, notes : list of str
        The messages of the warning and note rows.
    """

    model: Model
    kind: str
    estimator: str
    n: int
    syntax: str
    fit: pd.DataFrame
    estimates: pd.DataFrame
    warning_table: pd.DataFrame
    converged: bool = False
    skipped: bool = False
    n_dropped: int = 0
    latent_correlations: pd.DataFrame = field(default_factory=pd.DataFrame)
    r2: pd.DataFrame = field(default_factory=pd.DataFrame)
    alpha: float = 0.05

    @property
    def warnings(self) -> list[str]:
        t = self.warning_table
        return t.loc[t["severity"] == "warning", "message"].tolist()

    @property
    def notes(self) -> list[str]:
        t = self.warning_table
        return t.loc[t["severity"] == "note", "message"].tolist()

    def fit_value(self, index: str) -> float:
        """The value of one fit index (``"cfi"``, ``"rmsea"``, ...)."""
        row = self.fit.loc[self.fit["index"] == index, "value"]
        return float(row.iloc[0]) if len(row) else math.nan

    @property
    def loadings(self) -> pd.DataFrame:
        """Standardized loadings: ``construct, indicator, estimate, se, p, std, std_se, std_ci_low, std_ci_high, std_p``."""
        e = self.estimates[self.estimates["op"] == "=~"]
        return e.rename(columns={"lhs": "construct", "rhs": "indicator"})[
            ["construct", "indicator", "estimate", "se", "p", "std", "std_se", "std_ci_low", "std_ci_high", "std_p"]
        ].reset_index(drop=True)

    @property
    def paths(self) -> pd.DataFrame:
        """Standardized paths: ``from, to, estimate, se, p, std, std_se, std_ci_low, std_ci_high, std_p``."""
        e = self.estimates[self.estimates["op"] == "~"]
        return e.rename(columns={"rhs": "from", "lhs": "to"})[
            ["from", "to", "estimate", "se", "p", "std", "std_se", "std_ci_low", "std_ci_high", "std_p"]
        ].reset_index(drop=True)

    def tables(self) -> dict[str, pd.DataFrame]:
        """File stem → table: ``fit``, ``estimates``, ``warnings`` (the warning table), ``latent_correlations``
        (``construct`` + one column per construct) and ``r2``, as ``surveysem cbsem`` writes them."""
        return {"fit": self.fit, "estimates": self.estimates, "warnings": self.warning_table,
                "latent_correlations": self.latent_correlations.rename_axis("construct").reset_index(), "r2": self.r2}

    def write(self, out: str | os.PathLike, *, inputs: dict | None = None) -> list[Path]:
        """Write :meth:`tables` as CSV, ``summary.txt`` and ``run.json`` (provenance of ``inputs``, e.g.
        ``{"data": path, "model": path}``; estimator, n, convergence, the semopy syntax) into folder ``out``,
        atomically; return the paths."""
        inputs = dict(inputs or {})
        meta = {"kind": self.kind, "estimator": self.estimator, "n": self.n, "n_dropped": self.n_dropped,
                "converged": self.converged, "skipped": self.skipped, "alpha": self.alpha, "syntax": self.syntax,
                "semopy": importlib.metadata.version("semopy"), "notes": self.notes}
        return write_atomically(out, lambda folder: write_study_folder(
            folder, self.tables(), meta=meta, inputs=inputs, warnings=self.warnings, summary=self.summary()),
            made_by="surveysem cbsem", inputs=inputs.values())

    def summary(self) -> str:
        """Plain-text summary: fit with verdicts, standardized paths, warnings (3 decimals, APA p)."""
        head = f"CB-SEM ({self.kind.upper()}, {self.estimator}, semopy), n = {self.n}"
        lines = [head, "=" * len(head)]
        if self.skipped:
            lines += [f"skipped: {m}" for m in self.warning_table["message"]]
            return "\n".join(lines)
        lines.append("converged" if self.converged else "NOT CONVERGED")
        f = self.fit.set_index("index")
        if len(f):
            chisq, df, p = f.loc["chisq", "value"], int(f.loc["df", "value"]), f.loc["pvalue", "value"]
            lines.append(f"chi2({df}) = {plain(chisq)}, {p_phrase(p)}")
            refs = {"nfi": "Bentler & Bonett 1980"}
            for idx in ("cfi", "tli", "nfi", "rmsea", "srmr"):
                extra = ""
                if idx == "rmsea":
                    extra = (f" [90% CI {plain(f.loc['rmsea_ci_lower', 'value'])}, "
                             f"{plain(f.loc['rmsea_ci_upper', 'value'])}]"
                             f" (semopy's N - 1 form: {plain(f.loc['rmsea_semopy', 'value'])})")
                lines.append(f"{idx.upper():6s} {plain(f.loc[idx, 'value'])}{extra}  {f.loc[idx, 'verdict']}"
                             f" ({f.loc[idx, 'threshold']}; {refs.get(idx, 'Hu & Bentler 1999')})")
            lines.append(f"AIC {plain(f.loc['aic', 'value'])}, BIC {plain(f.loc['bic', 'value'])} (lavaan convention)")
        if self.kind == "sem" and len(self.paths):
            lines.append("")
            lines.append("standardized paths (std.all), 95% CI, p")
            for r in self.paths.to_dict("records"):
                lines.append(f"  {r['from']} -> {r['to']}: {plain(r['std'])} "
                             f"{plain_ci(r['std_ci_low'], r['std_ci_high'])}, {p_phrase(r['std_p'])}")
        if len(self.warning_table):
            lines.append("")
            for r in self.warning_table.itertuples(index=False):
                lines.append(f"{r.severity}: {r.message}")
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- public
@blas_pinned
def fit_cbsem(
    data: pd.DataFrame,
    model: Model,
    estimator: str = "ML",
    kind: str = "sem",
    composite: str = "skip",
    missing_values=(),
    alpha: float = 0.05,
) -> CBSEMResult:
    """Fit the CFA or the full SEM of ``model`` to ``data`` by ML with semopy.

    Parameters
    ----------
    data : DataFrame
        Questionnaire data; the model's indicators must be columns (text cells are parsed as by
        :func:`surveysem.data.read.numeric_items`). Rows with a missing item are dropped (listwise),
        and a note says how many.
    model : Model
        Constructs (``=~``; ``<~`` see ``composite``), paths (``~``) and covariances (``~~``, with
        modifiers such as ``0*x``).
    estimator : {"ML", "MLR"}
        ``"MLR"`` is accepted but semopy 2.3.11 has no robust ML: the fit is ML, and a note says so.
    kind : {"sem", "cfa"}
        ``"cfa"``: measurement model only (paths dropped, latent covariances free).
    composite : {"skip", "reflective"}
        What to do with composite (``<~``) constructs: skip the whole fit with a note (default), or
        fit them as reflective common factors with a note.
    missing_values : iterable
        Missing-value codes such as ``-99``.
    alpha : float
        Significance level of the χ² verdict and of the standardized-estimate CIs (two-sided).

    Returns
    -------
    CBSEMResult
    """
    if estimator.upper() not in ESTIMATORS:
        raise ConfigError(f"estimator {estimator!r} is not supported by the CB-SEM cross-check",
                          where="--estimator", fix="Use ML (or MLR, which falls back to ML with a note)")
    if kind not in KINDS:
        raise ConfigError(f"kind {kind!r} is unknown", where="--kind", fix="Use sem or cfa")
    if composite not in COMPOSITE_POLICIES:
        raise ConfigError(f"composite policy {composite!r} is unknown", where="--composite",
                          fix="Use skip or reflective")
    if model.interactions:  # semopy has no latent interactions (lavaan's ':' needs observed variables)
        it = model.interactions[0]
        raise ModelError(f"the CB-SEM cross-check cannot estimate interaction term {it.name}: semopy fits no "
                         "latent interactions", where=f"{model.source}, line {it.line}" if model.source and it.line
                         else (model.source or "model"),
                         fix="Set cbsem: false for this study (the PLS estimate handles interaction terms)")
    source = data.attrs.get("source", "data")
    rows: list[dict] = []

    def note(kind_, message, where="", value=math.nan, severity="note"):
        rows.append({"kind": kind_, "severity": severity, "where": where, "value": value, "message": message})

    comps = [c.name for c in model.constructs if c.mode == COMPOSITE]
    if comps:
        if composite == "skip":
            note("skipped_composite",
                 f"CB-SEM skipped: construct(s) {', '.join(comps)} are composite (<~), for which a common-factor "
                 "model does not hold; set composite to 'reflective' (CLI --composite reflective) to fit them as "
                 "reflective factors anyway", where=", ".join(comps))
            return CBSEMResult(model, kind, "ML", 0, "", pd.DataFrame(columns=FIT_COLUMNS),
                               pd.DataFrame(columns=ESTIMATE_COLUMNS), pd.DataFrame(rows, columns=WARNING_COLUMNS),
                               converged=False, skipped=True, alpha=alpha)
        model = replace(model, constructs=tuple(replace(c, mode=REFLECTIVE) for c in model.constructs))
        note("composite_as_reflective", f"composite construct(s) {', '.join(comps)} fitted as reflective "
             "common factors (composite = 'reflective'); their CB-SEM loadings are not PLS Mode B weights",
             where=", ".join(comps))
    if estimator.upper() == "MLR":
        note("estimator", "MLR requested, but semopy 2.3.11 offers no robust ML (Yuan-Bentler scaled chi2, "
             "robust CFI/TLI/RMSEA, sandwich SEs in the fit indices): the model was estimated with ML and "
             "normal-theory standard errors", where="estimator")
    estimator = "ML"
    if kind == "cfa":
        model = replace(model, paths=())

    model.check_columns(data.columns, data_name=source)
    items = numeric_items(data, list(model.indicators), missing_values=missing_values, source=source)
    complete = items.dropna()
    n_dropped = len(items) - len(complete)
    if n_dropped:
        note("listwise_deletion", f"{n_dropped} of {len(items)} rows have a missing item and were dropped "
             f"(listwise); n = {len(complete)}", where=source, value=float(n_dropped))
    _check_data(complete, model, source)

    syntax = semopy_syntax(model, on_note=lambda k, m, w: note(k, m, where=w))
    sem, converged, messages = _fit_semopy(syntax, complete, model)
    for msg in messages:
        note("semopy_message", msg, where="semopy")
    n = len(complete)
    if sem is None:
        note("estimation_failed", "the model could not be estimated: " + "; ".join(messages or ["unknown error"]),
             severity="warning")
        return CBSEMResult(model, kind, estimator, n, syntax, pd.DataFrame(columns=FIT_COLUMNS),
                           pd.DataFrame(columns=ESTIMATE_COLUMNS), pd.DataFrame(rows, columns=WARNING_COLUMNS),
                           converged=False, n_dropped=n_dropped, alpha=alpha)
    if not converged:
        g = float(np.max(np.abs(sem.grad_mlw(sem.param_vals))))
        note("not_converged", f"the ML estimation did not converge (max |gradient| = {g:.2g} > {GRADIENT_TOL:g}); "
             "the estimates and fit indices are not trustworthy: check the model's identification, the "
             "single-item constructs and items with near-zero variance", where="estimation", value=g,
             severity="warning")

    S = sem.mx_cov
    sigma, _ = sem.calc_sigma()
    fit = fit_indices(S, sigma, n, len(sem.param_vals), alpha=alpha)
    df = int(fit.loc[fit["index"] == "df", "value"].iloc[0])
    if df < 0:
        note("not_identified", f"df = {df} < 0: the model has more free parameters than variances and "
             "covariances and is not identified", where="model", value=float(df), severity="warning")

    vcov, info_ok = _vcov(sem)
    if not info_ok:
        note("information_not_pd", "the information matrix is singular: the model is probably not identified; "
             "standard errors use a pseudo-inverse and are not trustworthy", where="estimation", severity="warning")
    estimates = _parameter_table(sem, model, vcov, alpha)
    lat_cor, r2 = _latent_summaries(sem, model)
    _diagnose(sem, model, estimates, note)
    return CBSEMResult(model, kind, estimator, n, syntax, fit, estimates, pd.DataFrame(rows, columns=WARNING_COLUMNS),
                       converged=converged, n_dropped=n_dropped, latent_correlations=lat_cor, r2=r2, alpha=alpha)


def semopy_syntax(model: Model, on_note=None) -> str:
    """lavaan/semopy syntax for the CB-SEM of ``model`` (all constructs written with ``=~``).

    Single-item constructs get ``x ~~ 0*x`` unless the model already has a ``~~`` statement for
    the item's variance; ``on_note(kind, message, where)`` is called for each such addition.
    """
    lines = [f"{c.name} =~ {' + '.join(c.indicators)}" for c in model.constructs]
    for target in dict.fromkeys(p.target for p in model.paths):
        lines.append(f"{target} ~ {' + '.join(model.predecessors(target))}")
    own = {(cv.a, cv.b) for cv in model.covariances}
    for c in model.constructs:
        if len(c.indicators) == 1:
            x = c.indicators[0]
            if (x, x) not in own:
                lines.append(f"{x} ~~ 0*{x}")
                if on_note:
                    on_note("single_item", f"single-item construct {c.name}: error variance of {x} fixed at 0 "
                            f"({x} ~~ 0*{x}), so {c.name} equals {x}", c.name)
    for cv in model.covariances:
        rhs = f"{cv.modifier}*{cv.b}" if cv.modifier is not None else cv.b
        lines.append(f"{cv.a} ~~ {rhs}")
    # Free covariances of the exogenous constructs (lavaan's default), written out in model order. Left to semopy
    # 2.3.11, they come from ``itertools.combinations`` of a *set* (Model.preprocess_effects), so whether a pair
    # is (A, B) or (B, A) — and with it the parameter order, the start vector and the optimiser's path — follows
    # Python's string hash seed (PYTHONHASHSEED): the estimates then differ in the last bits from run to run.
    for a, b in _exogenous_pairs(model):
        if (a, b) not in own and (b, a) not in own:
            lines.append(f"{a} ~~ {b}")
    return "\n".join(lines) + "\n"


def _exogenous_pairs(model: Model) -> list[tuple[str, str]]:
    """Pairs (a, b) of exogenous constructs, a declared before b: the latent covariances lavaan frees by default."""
    exo = model.exogenous
    return [(a, b) for i, a in enumerate(exo) for b in exo[i + 1:]]


# ---------------------------------------------------------------------------------------------- fitting
def _check_data(x: pd.DataFrame, model: Model, source: str) -> None:
    n, p = x.shape
    if n < 2:
        raise DataError(f"only {n} complete row(s) for the {p} items", where=source,
                        fix="Check the missing-value code and the item columns")
    sd = x.std(ddof=0)
    const = sd.index[sd.to_numpy() == 0].tolist()
    if const:
        raise DataError(f"item {const[0]!r} has the same answer in every complete row (no variance)",
                        where=f"{source}, column {const[0]}", fix="Drop the item from the model")
    S = np.cov(x.to_numpy().T, bias=True)
    eig = np.linalg.eigvalsh(S / np.outer(np.sqrt(np.diag(S)), np.sqrt(np.diag(S))))
    if eig[0] <= 1e-10:
        fix = ("Collect more responses or drop items" if n <= p else
               "An item is a linear combination of others (e.g. a sum score next to its items): drop it")
        raise DataError(f"the item covariance matrix is singular (n = {n}, {p} items), so ML cannot be computed",
                        where=source, fix=fix)


@contextlib.contextmanager
def _captured_logging(messages: list[str]):
    """Collect semopy's root-logger warnings into ``messages`` instead of printing them."""

    class _H(logging.Handler):
        def emit(self, record):
            messages.append(" ".join(record.getMessage().split()))

    root = logging.getLogger()
    old_handlers, old_level = root.handlers[:], root.level
    root.handlers = [_H(level=logging.WARNING)]
    try:
        with pywarnings.catch_warnings():
            pywarnings.simplefilter("ignore")
            yield
    finally:
        root.handlers = old_handlers
        root.setLevel(old_level)


def _fit_semopy(syntax: str, data: pd.DataFrame, model: Model):
    """Fit with semopy (SLSQP), refine by Fisher scoring; return ``(semopy model | None, converged, messages)``."""
    import semopy

    messages: list[str] = []
    with _captured_logging(messages):
        try:
            sem = semopy.Model(syntax)
        except Exception as exc:  # semopy's parser errors are plain exceptions
            raise ModelError(f"semopy cannot read the CB-SEM model ({exc})", where=model.source or "model",
                             fix="Use only =~, ~ and ~~ statements with numeric modifiers such as 0*x") from None
        try:
            sem.load(data)
            for par in sem.parameters.values():  # lavaan does not bound variances; Heywood cases must show
                par.bound = (None, None)
            sem.prepare_params()
            try:
                sem.fit(data)  # semopy defaults: MLW objective, SLSQP
            except Exception as exc:  # SLSQP failure: refine from the start values
                messages.append(f"semopy SLSQP failed ({exc}); refined from the starting values")
            x0 = sem.param_vals
            if not np.isfinite(_f_ml(sem, x0)):
                sem.prepare_params()
                x0 = sem.param_vals
            x = _refine(sem, x0)
        except Exception as exc:
            return None, False, messages + [f"{type(exc).__name__}: {exc}"]
    sem.param_vals = x
    sem.update_matrices(x)
    f = _f_ml(sem, x)
    g = sem.grad_mlw(x)
    converged = bool(np.isfinite(f) and np.all(np.isfinite(g)) and np.max(np.abs(g)) < GRADIENT_TOL)
    return sem, converged, messages


def _f_ml(sem, x: np.ndarray) -> float:
    """``F_ML`` at ``x`` from semopy's matrices; ``inf`` if Σ is not PD.

    Same value as semopy's ``obj_mlw`` except at an exact fit, where ``obj_mlw`` returns ``inf`` for
    the rounding-level negative values around 0 and so cannot reach the minimum.
    """
    sem.update_matrices(x)
    try:
        sigma, _ = sem.calc_sigma()
        c = np.linalg.cholesky(sigma)
    except np.linalg.LinAlgError:
        return math.inf
    logdet = 2 * np.sum(np.log(np.diag(c)))
    tr = np.trace(np.linalg.solve(sigma, sem.mx_cov))
    return float(logdet + tr - sem.cov_logdet - sigma.shape[0])


def _refine(sem, x0: np.ndarray) -> np.ndarray:
    """Trust-region Newton on semopy's ``F_ML`` with the expected information as Hessian (Fisher scoring)."""
    n = sem.n_samples

    def fun(x):
        v = _f_ml(sem, x)
        return v if np.isfinite(v) else 1e300

    def hess(x):
        sem.update_matrices(x)
        return sem.calc_fim() * 2.0 / n

    f0 = fun(x0)
    if f0 >= 1e300:
        return x0
    try:
        res = optimize.minimize(fun, x0, jac=sem.grad_mlw, hess=hess, method="trust-exact",
                                options={"gtol": 1e-9, "maxiter": 2000})
    except Exception:
        return x0
    return res.x if np.isfinite(res.fun) and res.fun <= f0 else x0


def _vcov(sem) -> tuple[np.ndarray, bool]:
    fim = sem.calc_fim()
    eig = np.linalg.eigvalsh(fim)
    ok = bool(eig[0] > PD_TOL * max(1.0, eig[-1]))
    return (np.linalg.inv(fim) if ok else np.linalg.pinv(fim)), ok


# ---------------------------------------------------------------------------------------------- tables
_BETA, _LAMBDA, _PSI, _THETA = range(4)


def _param_rows(sem, model: Model) -> list[dict]:
    """One row per parameter location, in lavaan's terms, with its matrix position."""
    mats = sem.matrices
    active_index = {}
    k = 0
    for name, par in sem.parameters.items():
        if par.active:
            active_index[name] = k
            k += 1
    latents = set(model.construct_names)
    rows = []
    for name, par in sem.parameters.items():
        for loc in par.locations:
            m = next(i for i in range(4) if mats[i] is loc.matrix)
            i, j = loc.indices
            row, col = sem.names[m][0][i], sem.names[m][1][j]
            if m == _LAMBDA:
                lhs, op, rhs = col, "=~", row
            elif m == _BETA:
                lhs, op, rhs = row, "~", col
            else:
                lhs, op, rhs = row, "~~", col
            rows.append({"lhs": lhs, "op": op, "rhs": rhs, "m": m, "i": i, "j": j,
                         "k": active_index.get(name, -1), "latent": lhs in latents})
    # lavaan's order: loadings (model order), paths (model order), user covariances, variances, latent covariances
    ind_order = {x: i for i, x in enumerate(model.indicators)}
    con_order = {c: i for i, c in enumerate(model.construct_names)}
    path_order = {(p.target, p.source): i for i, p in enumerate(model.paths)}
    user_cov = {}
    for i, cv in enumerate(model.covariances):
        user_cov[(cv.a, cv.b)] = i
        user_cov[(cv.b, cv.a)] = i

    def key(r):
        if r["op"] == "=~":
            return (0, con_order.get(r["lhs"], 99), ind_order.get(r["rhs"], 999))
        if r["op"] == "~":
            return (1, path_order.get((r["lhs"], r["rhs"]), 999), 0)
        if (r["lhs"], r["rhs"]) in user_cov:
            return (2, user_cov[(r["lhs"], r["rhs"])], 0)
        if r["lhs"] == r["rhs"]:
            if r["m"] == _THETA:
                return (3, ind_order.get(r["lhs"], 999), 0)
            return (4, con_order.get(r["lhs"], 99), 0)
        return (5, con_order.get(r["lhs"], 99), con_order.get(r["rhs"], 99))

    rows.sort(key=key)
    # write user covariances in the user's order (a ~~ b)
    for r in rows:
        for cv in model.covariances:
            if (r["lhs"], r["rhs"]) == (cv.b, cv.a) and cv.a != cv.b:
                r["lhs"], r["rhs"] = cv.a, cv.b
    return rows


def _implied(sem):
    B, L, P, T = sem.matrices[:4]
    C = np.linalg.inv(np.identity(B.shape[0]) - B)
    phi = C @ P @ C.T
    sigma = L @ phi @ L.T + T
    return B, L, P, T, phi, sigma


def _std_values(sem, rows: list[dict]) -> np.ndarray:
    """lavaan ``std.all`` for every row (formulas in the module docstring)."""
    B, L, P, T, phi, sigma = _implied(sem)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd_lat = np.sqrt(np.diag(phi))
        sd_obs = np.sqrt(np.diag(sigma))
        out = np.empty(len(rows))
        for n, r in enumerate(rows):
            m, i, j = r["m"], r["i"], r["j"]
            if m == _LAMBDA:
                v = L[i, j] * sd_lat[j] / sd_obs[i]
            elif m == _BETA:
                v = B[i, j] * sd_lat[j] / sd_lat[i]
            else:
                M, var = (P, np.diag(phi)) if m == _PSI else (T, np.diag(sigma))
                if i == j:
                    v = M[i, i] / var[i]
                else:
                    v = M[i, j] / math.sqrt(M[i, i] * M[j, j]) if M[i, i] * M[j, j] > 0 else math.nan
            out[n] = v
    return out


def _parameter_table(sem, model: Model, vcov: np.ndarray, alpha: float) -> pd.DataFrame:
    rows = _param_rows(sem, model)
    x0 = np.array(sem.param_vals, dtype=float)
    mats = sem.matrices
    est = np.array([mats[r["m"]][r["i"], r["j"]] for r in rows])
    se_all = np.sqrt(np.clip(np.diag(vcov), 0, None))
    se = np.array([se_all[r["k"]] if r["k"] >= 0 else math.nan for r in rows])
    std = _std_values(sem, rows)
    # delta method: J = d std / d theta by central differences
    J = np.zeros((len(rows), len(x0)))
    for k in range(len(x0)):
        h = 1e-6 * max(1.0, abs(x0[k]))
        xp, xm = x0.copy(), x0.copy()
        xp[k] += h
        xm[k] -= h
        sem.update_matrices(xp)
        fp = _std_values(sem, rows)
        sem.update_matrices(xm)
        fm = _std_values(sem, rows)
        J[:, k] = (fp - fm) / (2 * h)
    sem.update_matrices(x0)
    with np.errstate(invalid="ignore", divide="ignore"):
        std_se = np.sqrt(np.clip(np.einsum("ij,jk,ik->i", J, vcov, J), 0, None))
        std_se[~np.isfinite(std)] = math.nan
        z = est / se
        p = 2 * stats.norm.sf(np.abs(z))
        std_z = np.where(std_se > 1e-12, std / std_se, math.nan)
        std_p = 2 * stats.norm.sf(np.abs(std_z))
    q = stats.norm.ppf(1 - alpha / 2)
    return pd.DataFrame({
        "lhs": [r["lhs"] for r in rows], "op": [r["op"] for r in rows], "rhs": [r["rhs"] for r in rows],
        "estimate": est, "se": se, "z": z, "p": p, "std": std, "std_se": std_se, "std_z": std_z, "std_p": std_p,
        "std_ci_low": std - q * std_se, "std_ci_high": std + q * std_se,
    }, columns=ESTIMATE_COLUMNS)


def _latent_summaries(sem, model: Model) -> tuple[pd.DataFrame, pd.DataFrame]:
    B, L, P, T, phi, sigma = _implied(sem)
    names = list(sem.names[_PSI][0])
    keep = [names.index(c) for c in model.construct_names if c in names]
    lat = [names[i] for i in keep]
    ph = phi[np.ix_(keep, keep)]
    with np.errstate(invalid="ignore", divide="ignore"):
        d = np.sqrt(np.diag(ph))
        cor = ph / np.outer(d, d)
        r2 = [1 - P[i, i] / phi[i, i] for i in keep]
    endo = set(model.endogenous)
    r2df = pd.DataFrame({"construct": lat, "r2": r2})
    r2df = r2df[r2df["construct"].isin(endo)].reset_index(drop=True)
    return pd.DataFrame(cor, index=lat, columns=lat), r2df


def _diagnose(sem, model: Model, est: pd.DataFrame, note) -> None:
    """Heywood cases, non-PD matrices, standardized estimates outside ±1 → warning rows."""
    var = est[(est["op"] == "~~") & (est["lhs"] == est["rhs"])]
    for r in var.itertuples(index=False):
        if r.estimate < 0:
            what = "residual variance of latent" if r.lhs in model.construct_names else "error variance of item"
            note("heywood_negative_variance", f"Heywood case: negative {what} {r.lhs} ({r.estimate:.3f}); the "
                 "solution is improper (Kolenikov & Bollen 2012): check for a misspecified model, an item with "
                 "too few or too weakly related companions, or a small sample", where=r.lhs,
                 value=float(r.estimate), severity="warning")
    for r in est[est["op"] == "=~"].itertuples(index=False):
        if np.isfinite(r.std) and abs(r.std) > 1:
            note("heywood_loading_above_1", f"Heywood case: standardized loading of {r.rhs} on {r.lhs} is "
                 f"{r.std:.3f} (|loading| > 1 implies a negative error variance)", where=f"{r.lhs} =~ {r.rhs}",
                 value=float(r.std), severity="warning")
    for r in est[est["op"] == "~"].itertuples(index=False):
        if np.isfinite(r.std) and abs(r.std) > 1:
            note("standardized_path_outside_1", f"standardized path {r.rhs} -> {r.lhs} is {r.std:.3f}, outside "
                 "[-1, 1]: a sign of multicollinearity among highly correlated constructs (suppression); do not "
                 "interpret this path", where=f"{r.lhs} ~ {r.rhs}", value=float(r.std), severity="warning")
    B, L, P, T, phi, sigma = _implied(sem)
    names = list(sem.names[_PSI][0])
    keep = [names.index(c) for c in model.construct_names if c in names]
    lat = [names[i] for i in keep]
    ph = phi[np.ix_(keep, keep)]
    if len(keep):
        eig = np.linalg.eigvalsh(ph)
        if not np.all(np.isfinite(eig)) or eig[0] < -PD_TOL * max(1.0, abs(eig[-1])):
            with np.errstate(invalid="ignore", divide="ignore"):
                d = np.sqrt(np.abs(np.diag(ph)))
                cor = ph / np.outer(d, d)
            iu = np.triu_indices_from(cor, 1)
            worst = int(np.nanargmax(np.abs(cor[iu]))) if len(iu[0]) else None
            detail = ""
            if worst is not None:
                a, b = lat[iu[0][worst]], lat[iu[1][worst]]
                detail = f"; the largest latent correlation is {a} with {b}, {cor[iu][worst]:.3f}"
            note("latent_covariance_not_pd", f"the model-implied covariance matrix of the latent variables is not "
                 f"positive definite (smallest eigenvalue {eig[0]:.3g}){detail}: some constructs are not empirically "
                 "distinct (check discriminant validity, HTMT) and the solution is improper",
                 where="latent covariance matrix", value=float(eig[0]), severity="warning")
        with np.errstate(invalid="ignore", divide="ignore"):
            d = np.sqrt(np.diag(ph))
            cor = ph / np.outer(d, d)
        for a in range(len(lat)):
            for b in range(a + 1, len(lat)):
                if np.isfinite(cor[a, b]) and abs(cor[a, b]) > 1:
                    note("latent_correlation_above_1", f"latent correlation of {lat[a]} and {lat[b]} is "
                         f"{cor[a, b]:.3f} (|r| > 1): a Heywood case", where=f"{lat[a]} ~~ {lat[b]}",
                         value=float(cor[a, b]), severity="warning")
    th_idx = list(range(T.shape[0]))
    if np.count_nonzero(T - np.diag(np.diag(T))):
        eig = np.linalg.eigvalsh(T[np.ix_(th_idx, th_idx)])
        if eig[0] < -PD_TOL * max(1.0, abs(eig[-1])):
            note("theta_not_pd", f"the error covariance matrix of the items (Theta) is not positive definite "
                 f"(smallest eigenvalue {eig[0]:.3g}): check the residual covariances (~~)",
                 where="Theta", value=float(eig[0]), severity="warning")
