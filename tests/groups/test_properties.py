"""Properties of the multigroup analysis that hold whatever tool one compares with.

* Under a true null (rows assigned to the groups at random) the permutation p-values are uniform: 200 simulated
  datasets x 200 permutations, Kolmogorov-Smirnov p > 0.01 (deterministic seeds).
* A planted difference (a path of 0.6 in one group, 0.0 in the other; simulated with surveysem.simulate) is detected
  by the permutation test, PLS-MGA, the parametric and the Welch t (p < .01).
* The results are the same bytes for any memory budget (batch size) and number of threads.
* Bad inputs give one-line errors naming the column and the fix.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from surveysem.errors import ConfigError, DataError, SurveysemError
from surveysem.groups import multigroup, split_groups
from surveysem.groups.estimate import Engine, permutation_codes, permutations
from surveysem.groups.mga import holm, permutation_p
from surveysem.groups.split import Groups
from surveysem.model import parse_model
from surveysem.pls import pls
from surveysem.simulate import simulate_likert

MODEL = parse_model("X =~ x1 + x2 + x3\nY =~ y1 + y2 + y3\nY ~ X")


def _data(beta: float, n: int, seed: int) -> pd.DataFrame:
    return simulate_likert(MODEL, loadings=0.8, paths={"X -> Y": beta}, n=n, seed=seed)


def test_permutation_p_uniform_under_a_true_null():
    ps = []
    for rep in range(200):
        d = _data(0.4, 80, seed=1000 + rep)
        res = pls(d, MODEL)
        rng = np.random.default_rng(rep)
        codes = rng.permutation(np.r_[np.zeros(40, dtype=np.intp), np.ones(40, dtype=np.intp)])
        g = Groups(column="g", labels=("a", "b"), codes=codes, excluded=0)
        eng = Engine(res, jobs=1)
        est, _ = eng.values(g.masks())
        vals, ok = permutations(eng, g, 200, seed=rep)
        path = 0  # first parameter: the path X -> Y
        ps.append(permutation_p(est[0, [path]] - est[1, [path]], vals[ok][:, 0, [path]] - vals[ok][:, 1, [path]])[0])
    ks = stats.kstest(ps, "uniform")
    assert ks.pvalue > 0.01
    assert 0.4 < np.mean(ps) < 0.6


@pytest.fixture(scope="module")
def planted():
    a = _data(0.6, 150, seed=7)
    b = _data(0.0, 150, seed=8)
    d = pd.concat([a.assign(grp="a"), b.assign(grp="b")], ignore_index=True)
    return d, multigroup(d, MODEL, "grp", permutations=1000, boot=1000, seed=3)


def test_planted_path_difference_is_detected(planted):
    _, res = planted
    row = res.mga[res.mga["parameter"] == "path"].iloc[0]
    assert row["difference"] > 0.4
    assert row["p_permutation"] < 0.01
    assert row["p_pls_mga"] < 0.01  # one-sided: group a larger
    assert row["p_henseler"] < 0.01  # cSEM's P(theta_a <= theta_b): near 0 when a is larger
    assert row["p_parametric"] < 0.01 and row["p_welch"] < 0.01


def test_same_bytes_for_any_memory_budget_and_threads(planted):
    d, _ = planted
    kw = dict(permutations=60, boot=50, seed=9)
    r1 = multigroup(d, MODEL, "grp", memory=2**20, n_jobs=1, **kw)
    r2 = multigroup(d, MODEL, "grp", memory=512 * 2**20, n_jobs=2, **kw)
    for stem, t in r1.tables().items():
        assert t.to_csv() == r2.tables()[stem].to_csv(), stem


def test_permutation_stream_does_not_depend_on_batching():
    codes = np.r_[np.zeros(30, dtype=np.intp), np.ones(50, dtype=np.intp)]
    whole = permutation_codes(codes, np.random.default_rng(1), 10)
    rng = np.random.default_rng(1)
    parts = np.vstack([permutation_codes(codes, rng, 3), permutation_codes(codes, rng, 7)])
    assert np.array_equal(whole, parts)
    assert (whole == 0).sum(axis=1).tolist() == [30] * 10


def test_holm_by_hand():
    # Holm (1979): sorted p 0.01, 0.02, 0.04 with k = 3 -> 0.03, 0.04, 0.04 (monotone)
    assert np.allclose(holm(np.array([0.04, 0.01, 0.02])), [0.04, 0.03, 0.04])


def test_more_than_two_groups_gives_pairwise_rows_with_holm(planted):
    d, _ = planted
    d = d.copy()
    d["grp3"] = np.where(np.arange(len(d)) % 3 == 0, "c", d["grp"])
    res = multigroup(d, MODEL, "grp3", permutations=50, boot=20, seed=1)
    paths = res.mga[res.mga["parameter"] == "path"]
    assert list(zip(paths["group_a"], paths["group_b"])) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert (paths["p_permutation_holm"] >= paths["p_permutation"]).all()
    assert len(res.micom) == 3 * 2


# ------------------------------------------------------------------------------------------------- errors
def _one_line(exc: SurveysemError) -> str:
    msg = str(exc)
    assert "\n" not in msg
    return msg


def test_missing_column_names_the_closest(planted):
    d, _ = planted
    with pytest.raises(ConfigError) as e:
        split_groups(d, "grpp")
    assert "'grpp'" in _one_line(e.value) and "Did you mean 'grp'" in str(e.value)


def test_one_group_is_an_error(planted):
    d, _ = planted
    with pytest.raises(DataError, match="at least 2 groups"):
        split_groups(d.assign(grp="a"), "grp")


def test_small_group_is_named_with_its_size(planted):
    d, _ = planted
    d = d.copy()
    d.loc[:9, "grp"] = "tiny"
    with pytest.raises(DataError) as e:
        split_groups(d, "grp")
    assert "'tiny'" in _one_line(e.value) and "only 10" in str(e.value) and "--group-min-n" in str(e.value)


def test_missing_group_values_are_excluded_with_a_warning(planted):
    d, _ = planted
    d = d.copy()
    d.loc[[0, 1, 2], "grp"] = np.nan
    g = split_groups(d, "grp")
    assert g.excluded == 3 and g.sizes == [147, 150]
    res = multigroup(d, MODEL, "grp", permutations=10, boot=10, seed=1)
    assert any("3 rows without a value in the group column" in w for w in res.warnings)
    assert res.group_sizes["excluded"].iloc[-1] == 3


def test_seed_is_required(planted):
    d, _ = planted
    with pytest.raises(ConfigError, match="seed"):
        multigroup(d, MODEL, "grp", permutations=10, boot=10)
