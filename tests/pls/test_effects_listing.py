"""Specific indirect effects are listed up to a limit; total indirect effects stay complete (issue 17: listing every
chain of a saturated model took 0.8 s with 16 constructs and 14 s with 20).

Expected values are hand formulas written here: a specific indirect effect is the product of the path coefficients
on its chain, and the total indirect effect is T − B with T = (I − B)⁻¹ − I (Hair et al. 2022, ch. 7), computed
from the estimated path table with numpy.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from surveysem.model import parse_model
from surveysem.pls import pls
from surveysem.pls.output import write_tables


def saturated(k: int) -> str:
    return "\n".join([f"C{i} =~ c{i}a + c{i}b" for i in range(k)]
                     + [f"C{j} ~ " + " + ".join(f"C{i}" for i in range(j)) for j in range(1, k)])


def data_for(k: int, n: int = 150, seed: int = 5) -> pd.DataFrame:
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    z = np.zeros((n, k))
    for j in range(k):
        z[:, j] = 0.3 * z[:, :j].sum(axis=1) / max(j, 1) + rng.normal(size=n)
    cols = {}
    for j in range(k):
        cols[f"c{j}a"] = z[:, j] + 0.5 * rng.normal(size=n)
        cols[f"c{j}b"] = z[:, j] + 0.5 * rng.normal(size=n)
    return pd.DataFrame(cols)


@pytest.fixture(scope="module")
def result():
    k = 16
    return k, pls(data_for(k), parse_model(saturated(k)))


def path_matrix(res) -> tuple[np.ndarray, dict[str, int]]:
    names = list(res.structure.constructs)
    idx = {n: i for i, n in enumerate(names)}
    B = np.zeros((len(names), len(names)))
    for r in res.paths.itertuples(index=False):
        B[idx[r[0]], idx[r[1]]] = r.estimate
    return B, idx


def test_saturated_16_construct_model_lists_at_most_500_chains_and_says_so(result):
    k, res = result
    eff = res.effects
    spec = eff[eff["kind"] == "specific_indirect"]
    assert 0 < len(spec) <= 500
    # hand count of indirect chains in a saturated DAG: sum over gaps g of (K - g)(2^(g-1) - 1)
    total_chains = sum((k - g) * (2 ** (g - 1) - 1) for g in range(1, k))
    warning = next(w for w in res.warnings if "specific indirect effects (chains)" in w)
    assert warning.startswith(f"{total_chains - len(spec):,} specific indirect effects (chains) between ")
    assert "the total indirect and total effects are complete" in warning


def test_every_pair_keeps_an_exact_total_indirect_effect_when_its_chains_are_not_listed(result):
    k, res = result
    B, idx = path_matrix(res)
    T = np.linalg.inv(np.eye(k) - B) - np.eye(k)
    eff = res.effects
    ti = eff[eff["kind"] == "total_indirect"]
    assert len(ti) == sum(k - g for g in range(2, k))  # every pair at least two steps apart in the causal order
    for r in ti.itertuples(index=False):
        i, j = idx[r[0]], idx[r[1]]
        assert r.estimate == pytest.approx(T[i, j] - B[i, j], abs=1e-12)
    unlisted = ti[ti["via"] != ""]
    assert len(unlisted) > 0
    assert unlisted["via"].str.fullmatch(r"[\d,]+ chains not listed; total indirect effect is complete").all()
    tot = eff[eff["kind"] == "total"]
    for r in tot.itertuples(index=False):
        assert r.estimate == pytest.approx(T[idx[r[0]], idx[r[1]]], abs=1e-12)


def test_listed_specific_indirect_effects_are_products_of_their_path_coefficients(result):
    _, res = result
    B, idx = path_matrix(res)
    spec = res.effects[res.effects["kind"] == "specific_indirect"]
    for r in spec.itertuples(index=False):
        chain = [r[0]] + r.via.split(" -> ") + [r[1]]
        assert r.estimate == pytest.approx(np.prod([B[idx[a], idx[b]] for a, b in zip(chain, chain[1:])]), abs=1e-14)


def test_chain_warning_reaches_run_json_and_the_bootstrapped_effects_table(result, tmp_path):
    _, res = result
    boot = res.bootstrap(boot=20, seed=1)
    write_tables(res, tmp_path, boot, save_draws=False)
    run = json.loads((tmp_path / "run.json").read_text())
    assert any("specific indirect effects (chains)" in w for w in run["warnings"])
    eff = pd.read_csv(tmp_path / "effects.csv", keep_default_na=False)
    assert list(eff.columns[:5]) == ["from", "to", "via", "kind", "estimate"]
    assert eff["via"].str.contains("chains not listed; total indirect effect is complete").any()
    assert len(eff) == len(res.effects)


def test_ordinary_models_still_list_every_chain():
    # the serial-mediation example of tests/model: 4 chains, all listed, no warning
    m = parse_model("X =~ x\nM1 =~ m1\nM2 =~ m2\nY =~ y\nM1 ~ X\nM2 ~ M1\nY ~ X + M1 + M2")
    listing = m.indirect_chain_listing()
    assert len(listing.listed) == 4 and listing.unlisted == () and listing.warning() is None
