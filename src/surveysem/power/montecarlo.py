"""Monte Carlo power of every structural path and specific indirect effect of a PLS model, batched and seeded.

For each sample size n and replication r (Muthén & Muthén 2002; Aguirre-Urreta & Rönkkö 2018 for PLS):

1. draw n Likert answers from the population (:mod:`surveysem.power.population`, :func:`surveysem.simulate.
   simulate_likert`) with the stream ``SeedSequence([seed, n, r, 0])``;
2. estimate the PLS model on them and bootstrap it with ``boot`` resamples whose rows come from the stream
   ``SeedSequence([seed, n, r, 1])`` (drawn as the engine's bootstrap draws them, :func:`surveysem.stats.
   resample_batches`);
3. decide at level α: the effect is **significant** when 0 lies outside its two-sided (1 − α) bootstrap interval
   (percentile, or BCa with the delete-one jackknife; Efron & Tibshirani 1993), i.e. ``ci_low > 0`` or
   ``ci_high < 0``; the interval **covers** when ``ci_low ≤ θ ≤ ci_high`` for the population value θ (the path, or
   the product of a chain's paths).

Power at n is the share of significant replications among those that did not fail, with a Wilson (1927) 95 % score
interval for its Monte Carlo error; bias is the mean estimate minus θ; coverage the share of covering intervals.
A replication **fails** when its sample has a constant item, its estimate does not converge or is singular, or fewer
than two of its resamples succeed; failed resamples inside a replication are left out, as in the engine's bootstrap.

Batching: the replications of one n are processed in groups sized from the memory budget (every replication's
estimate matrix, its ``boot`` resample matrices and, for BCa, its n jackknife matrices stacked into one
(G · (1 + B [+ n]), p, p) array) and the PLS algorithm runs **once per group** on the whole stack
(:func:`surveysem.pls.algorithm.fit_batch`); a replication too large for the budget on its own (huge n or B) is cut
into pieces of resamples, drawn piece by piece from its one stream, so memory stays bounded whatever the grid. The weighted cross-products are exact
(:class:`surveysem.pls.prepare.CrossProducts`, one per replication's data) and the algorithm's rounding does not
depend on the other matrices of a batch, so every number is the same bytes whatever the group size, the number of
threads or how the replications are split into chunks and jobs — and the same bytes as fitting and bootstrapping each
replication on its own with :func:`surveysem.pls.pls` and :func:`surveysem.pls.bootstrap.bootstrap`
(``tests/power/test_slow_loop.py``).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..pls.algorithm import fit_batch
from ..pls.bootstrap import resample_bytes
from ..pls.effects import effect_rows, effect_values
from ..pls.prepare import CrossProducts, correlation
from ..pls.structure import Structure
from ..simulate import simulate_likert
from ..stats import bca_bounds, blas_pinned, generator, in_batches, indices_to_counts, quantile_sorted
from .population import PowerPopulation

__all__ = ["INTERVALS", "PART_COLUMNS", "Effects", "min_sample_sizes", "power_table", "replicate",
           "replication_data", "wilson_interval"]

#: bootstrap intervals a decision can use
INTERVALS = ("percentile", "bca")
#: default working memory of the batches in flight (bytes); the issue's ceiling is 2 GiB
MEMORY = 1024 * 2**20
#: columns of one chunk's replication table (``surveysem power chunk``), one row per replication and effect
PART_COLUMNS = ["n", "replication", "effect", "kind", "from", "to", "via", "true_value", "estimate", "ci_low",
                "ci_high", "significant", "covered", "failed", "boot_failed"]


@dataclass(frozen=True)
class Effects:
    """The effects a power study tests: every structural path (``direct``) and every specific indirect effect, in the
    engine's effect order (:func:`surveysem.pls.effects.effect_rows`), with their population values."""

    structure: Structure
    rows: list[tuple]
    table: pd.DataFrame  # effect, kind, from, to, via, true_value

    @classmethod
    def of(cls, pop: PowerPopulation) -> Effects:
        st = Structure.from_model(pop.model)
        rows = [r for r in effect_rows(st) if r[3] in ("direct", "specific_indirect")]
        P = np.zeros((1, st.n_constructs, st.n_constructs))
        idx = {c: k for k, c in enumerate(st.constructs)}
        for (a, b), v in pop.paths.items():
            P[0, idx[a], idx[b]] = v
        true = effect_values(st, P, rows)[0]
        table = pd.DataFrame({
            "effect": [" -> ".join([f, *(via.split(" -> ") if via else []), t]) for f, t, via, _, _ in rows],
            "kind": [r[3] for r in rows], "from": [r[0] for r in rows], "to": [r[1] for r in rows],
            "via": [r[2] for r in rows], "true_value": true})
        return cls(st, rows, table)


def replication_data(pop: PowerPopulation, st: Structure, n: int, seed: int, r: int) -> np.ndarray:
    """(n, p) Likert answers of replication ``r`` at sample size ``n``, items in the engine's order; stream
    ``SeedSequence([seed, n, r, 0])``."""
    df = simulate_likert(pop.model, n=n, seed=[seed, n, r, 0], **pop.simulate_kwargs())
    return df[list(st.indicators)].to_numpy(float)


@blas_pinned
def replicate(pop: PowerPopulation, n: int, replications: Sequence[int], boot: int, seed: int, alpha: float = 0.05,
              interval: str = "percentile", memory: int = MEMORY, jobs: int = 1) -> pd.DataFrame:
    """The :data:`PART_COLUMNS` table of the given replications at sample size ``n`` (module docstring).

    Parameters
    ----------
    pop : PowerPopulation
    n : int
        Sample size.
    replications : sequence of int
        Replication numbers (0-based); replication r's numbers depend on (seed, n, r) only.
    boot : int
        Bootstrap resamples per replication (at least 2).
    seed : int
    alpha : float
        Significance level: the decision uses the two-sided (1 − α) interval.
    interval : {"percentile", "bca"}
    memory : int
        Bytes for the stacked matrices of the groups in flight; results do not depend on it.
    jobs : int
        Threads working on groups at once; results do not depend on it.
    """
    if interval not in INTERVALS:
        raise ValueError(f"interval must be one of {INTERVALS}")
    if boot < 2:
        raise ValueError("boot must be at least 2")
    eff = Effects.of(pop)
    st, rows = eff.structure, eff.rows
    reps = [int(r) for r in replications]
    E = len(rows)
    n_jack = n if interval == "bca" else 0
    size = 1 + boot + n_jack  # matrices of one replication: its estimate, resamples, jackknife samples
    per_mat = resample_bytes(n, st.n_indicators, st.n_constructs, E)
    max_mats = max(8, int(memory // (max(1, jobs) * per_mat)))  # matrices per fit call: the memory bound
    group = max(1, max_mats // size)  # replications per group; a replication larger than a call is cut into pieces
    out = {k: np.full((len(reps), E), np.nan) for k in ("estimate", "ci_low", "ci_high")}
    failed = np.zeros(len(reps), dtype=bool)
    boot_failed = np.zeros(len(reps), dtype=np.int64)
    true = eff.table["true_value"].to_numpy()
    level = 1 - alpha  # the interval's levels as the engine computes them from its confidence level
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2

    def run_group(start: int, stop: int) -> None:
        vals = np.full(((stop - start) * size, E), np.nan)  # slot k·size + j: matrix j of the group's k-th replication
        ok = np.zeros((stop - start) * size, dtype=bool)
        pending: list[tuple[int, np.ndarray]] = []  # (first slot, matrices) not yet fitted

        def flush() -> None:
            if not pending:
                return
            S = np.concatenate([m for _, m in pending])
            with np.errstate(invalid="ignore", divide="ignore"):  # failed fits are flagged (fit.ok) and counted
                fit = fit_batch(S, st)
            v = effect_values(st, fit.path_matrix, rows)
            at = 0
            for slot, m in pending:
                vals[slot:slot + len(m)], ok[slot:slot + len(m)] = v[at:at + len(m)], fit.ok[at:at + len(m)]
                at += len(m)
            pending.clear()

        def push(slot: int, mats: np.ndarray) -> None:
            pending.append((slot, mats))
            if sum(len(m) for _, m in pending) >= max_mats:
                flush()

        for k, q in enumerate(range(start, stop)):
            x = replication_data(pop, st, n, seed, reps[q])
            if (x.std(axis=0) == 0).any():  # a constant item: no correlation matrix (the engine's DataError)
                failed[q] = True
                continue
            cp = CrossProducts(x, impute_mean=True, block_bytes=max(memory // 8, 2**20))
            base = k * size
            push(base, correlation(x)[None])
            rng = generator([seed, n, reps[q], 1])  # drawn piece by piece: the same numbers as one (boot, n) call
            for b0 in range(0, boot, max_mats):
                b1 = min(boot, b0 + max_mats)
                push(base + 1 + b0, cp.correlations(indices_to_counts(rng.integers(0, n, size=(b1 - b0, n)), n)))
            for j0 in range(0, n_jack, max_mats):
                push(base + 1 + boot + j0, cp.jackknife_correlations(j0, min(n_jack, j0 + max_mats)))
        flush()
        for k, q in enumerate(range(start, stop)):
            a = k * size
            if failed[q] or not ok[a]:
                failed[q] = True
                continue
            est = vals[a]
            good = ok[a + 1:a + 1 + boot]
            boot_failed[q] = int((~good).sum())
            draws = vals[a + 1:a + 1 + boot][good]
            if draws.shape[0] < 2:
                failed[q] = True
                continue
            srt = np.sort(draws, axis=0)
            if interval == "percentile":
                low = quantile_sorted(srt, np.full(E, lo_q))
                high = quantile_sorted(srt, np.full(E, hi_q))
            else:
                jv = vals[a + 1 + boot:a + size][ok[a + 1 + boot:a + size]]
                low, high = bca_bounds(est, draws, jv, level, sorted_draws=srt)
            out["estimate"][q], out["ci_low"][q], out["ci_high"][q] = est, low, high

    in_batches(((a, min(a + group, len(reps))) for a in range(0, len(reps), group)), run_group, jobs)
    low, high = out["ci_low"], out["ci_high"]
    with np.errstate(invalid="ignore"):
        sig = ((low > 0) | (high < 0)).astype(float)
        cov = ((low <= true) & (true <= high)).astype(float)
    sig[failed], cov[failed] = np.nan, np.nan
    R = len(reps)
    frame = pd.DataFrame({"n": np.full(R * E, n), "replication": np.repeat(reps, E)})
    for col in ("effect", "kind", "from", "to", "via", "true_value"):
        frame[col] = np.tile(eff.table[col].to_numpy(), R)
    frame["estimate"] = out["estimate"].ravel()
    frame["ci_low"], frame["ci_high"] = low.ravel(), high.ravel()
    frame["significant"], frame["covered"] = sig.ravel(), cov.ravel()
    frame["failed"] = np.repeat(failed.astype(int), E)
    frame["boot_failed"] = np.repeat(boot_failed, E)
    return frame[PART_COLUMNS]


def wilson_interval(successes: int, trials: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson (1927) score interval of a binomial proportion: (p̂ + z²/2m ± z √(p̂(1 − p̂)/m + z²/4m²)) / (1 + z²/m),
    z = Φ⁻¹(1 − (1 − level)/2); (NaN, NaN) without trials. Recommended over the Wald interval near 0 and 1 (Brown, Cai
    & DasGupta 2001)."""
    if trials <= 0:
        return float("nan"), float("nan")
    z = float(stats.norm.ppf(1 - (1 - level) / 2))
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * np.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


#: columns of power.csv
POWER_COLUMNS = ["effect", "kind", "from", "to", "via", "n", "true_value", "replications", "failed", "used",
                 "significant", "power", "power_ci_low", "power_ci_high", "mean_estimate", "bias", "relative_bias",
                 "coverage", "mean_ci_width", "boot_failed"]


def power_table(parts: pd.DataFrame) -> pd.DataFrame:
    """power.csv from the replication rows of every chunk: one row per effect and n (columns :data:`POWER_COLUMNS`).

    The rows are put in (effect order, n, replication) order first, so the sums — and the file — are the same bytes
    however the replications were split into chunks.
    """
    order = {e: k for k, e in enumerate(dict.fromkeys(parts["effect"]))}
    d = parts.assign(_e=parts["effect"].map(order)).sort_values(["_e", "n", "replication"], kind="mergesort")
    rows = []
    for (_, n), g in d.groupby(["_e", "n"], sort=True):
        ok = g[g["failed"] == 0]
        used = len(ok)
        k = int(ok["significant"].sum()) if used else 0
        lo, hi = wilson_interval(k, used)
        est = ok["estimate"].to_numpy()
        true = float(g["true_value"].iloc[0])
        mean = float(np.mean(est)) if used else float("nan")
        first = g.iloc[0]
        rows.append({"effect": first["effect"], "kind": first["kind"], "from": first["from"], "to": first["to"],
                     "via": first["via"] if isinstance(first["via"], str) else "", "n": int(n), "true_value": true,
                     "replications": len(g), "failed": len(g) - used, "used": used, "significant": k,
                     "power": k / used if used else float("nan"), "power_ci_low": lo, "power_ci_high": hi,
                     "mean_estimate": mean, "bias": mean - true,
                     "relative_bias": (mean - true) / true if true != 0 else float("nan"),
                     "coverage": float(np.mean(ok["covered"].to_numpy())) if used else float("nan"),
                     "mean_ci_width": float(np.mean((ok["ci_high"] - ok["ci_low"]).to_numpy())) if used else float("nan"),
                     "boot_failed": int(g.groupby("replication")["boot_failed"].first().sum())})
    return pd.DataFrame(rows, columns=POWER_COLUMNS)


def min_sample_sizes(power: pd.DataFrame, target: float) -> pd.DataFrame:
    """min_n.csv: per effect the smallest n of the grid whose power reaches ``target`` (empty ``min_n`` and a note
    when no n does), with that power and its Monte Carlo interval."""
    rows = []
    for effect, g in power.groupby("effect", sort=False):
        g = g.sort_values("n")
        hit = g[g["power"] >= target]
        first = g.iloc[0]
        base = {"effect": effect, "kind": first["kind"], "from": first["from"], "to": first["to"],
                "via": first["via"], "true_value": first["true_value"], "target": target}
        if len(hit):
            h = hit.iloc[0]
            rows.append({**base, "min_n": int(h["n"]), "power": h["power"], "power_ci_low": h["power_ci_low"],
                         "power_ci_high": h["power_ci_high"], "note": ""})
        else:
            top = g.iloc[-1]
            rows.append({**base, "min_n": pd.NA, "power": top["power"], "power_ci_low": top["power_ci_low"],
                         "power_ci_high": top["power_ci_high"],
                         "note": f"not reached in the grid (largest n = {int(top['n'])})"})
    out = pd.DataFrame(rows, columns=["effect", "kind", "from", "to", "via", "true_value", "target", "min_n", "power",
                                      "power_ci_low", "power_ci_high", "note"])
    out["min_n"] = out["min_n"].astype("Int64")
    return out
