"""Properties of the whole study on a seed-003-shaped survey (5 + 3 + 9 items, Likert 1-5, n = 100)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from surveysem.regression.study import run_regression_study

ITEMS = {"ET": [f"et_{i}" for i in range(1, 6)], "ES": [f"es_{i}" for i in range(1, 4)],
         "EL": [f"el_{i}" for i in range(1, 10)]}
MODEL = "\n".join(f"{v} =~ {' + '.join(its)}" for v, its in ITEMS.items()) + "\nEL ~ ET + ES\n"


@pytest.fixture(scope="module")
def survey():
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(3)))
    n = 100
    et = rng.normal(size=n)
    es = 0.5 * et + np.sqrt(0.75) * rng.normal(size=n)
    el = 0.3 * et + 0.4 * es + 0.7 * rng.normal(size=n)
    cols = {}
    for v, eta in (("ET", et), ("ES", es), ("EL", el)):
        for it in ITEMS[v]:
            x = 0.8 * eta + 0.6 * rng.normal(size=n)
            cols[it] = np.clip(np.round(3.4 + 1.0 * x), 1, 5)
    return pd.DataFrame(cols)


def test_seed_003_shaped_study_has_every_table_with_one_row_per_unit(survey):
    r = run_regression_study(survey, MODEL, scale_min=1, scale_max=5, tails=1, boot=0)
    assert len(r.item_validity) == 17 and len(r.reliability) == 3
    assert len(r.categories) == 17 + 3
    assert r.category_frequencies.groupby("variable")["count"].sum().tolist() == [100, 100, 100]
    assert list(r.hypotheses["hypothesis"]) == ["H1", "H2", "H3"]
    assert list(r.hypotheses["test"]) == ["t (partial)", "t (partial)", "F (simultaneous)"]
    assert r.mediation is None
    # the stated scale: no "taken from the data" warning
    assert not any("taken from the data" in w for w in r.warnings)
    # one-tailed critical t at df = 97 is 1.661 (Student t table)
    assert r.hypotheses["critical"].iloc[0] == pytest.approx(1.661, abs=5e-4)
    text = r.summary()
    assert "EL ~ ET + ES" in text and "H3:" in text


def test_mean_scores_rescale_b_but_leave_t_p_beta_and_r2_unchanged(survey):
    # mean score = sum score / k, so b_mean = b_sum * k_x / k_y; t, p, Beta, R^2 are scale-free
    s = run_regression_study(survey, MODEL, score="sum", boot=0)
    m = run_regression_study(survey, MODEL, score="mean", boot=0)
    cs = s.coefficients.set_index("term")
    cm = m.coefficients.set_index("term")
    for x in ("ET", "ES"):
        assert cm.loc[x, "b"] == pytest.approx(cs.loc[x, "b"] * len(ITEMS[x]) / len(ITEMS["EL"]))
        for col in ("t", "p", "beta", "vif"):
            assert cm.loc[x, col] == pytest.approx(cs.loc[x, col])
    assert m.model_summary["r2"].iloc[0] == pytest.approx(s.model_summary["r2"].iloc[0])
    # category bands are on the item scale, so they do not depend on the scoring
    pd.testing.assert_frame_equal(s.categories, m.categories)


def test_pearson_criterion_is_never_stricter_than_corrected(survey):
    # the item's correlation with a total that includes it exceeds the corrected one for positively
    # correlated items, so every item valid by the corrected r is valid by the Pearson r
    c = run_regression_study(survey, MODEL, validity="corrected", boot=0).item_validity
    p = run_regression_study(survey, MODEL, validity="pearson", boot=0).item_validity
    assert (p["criterion"] == "pearson").all() and (c["criterion"] == "corrected").all()
    assert (p["r_item_total"] > c["r_corrected"]).all()
    assert (p["valid"].astype(bool) | ~c["valid"].astype(bool)).all()


def test_an_unreliable_noise_variable_is_flagged_in_table_and_warnings(survey):
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(9)))
    d = survey.copy()
    for it in ITEMS["ES"]:
        d[it] = rng.integers(1, 6, size=len(d))  # independent noise: alpha near 0
    r = run_regression_study(d, MODEL, boot=0)
    rel = r.reliability.set_index("variable")
    assert not rel.loc["ES", "reliable"]
    assert any(w.startswith("ES is not reliable") for w in r.warnings)
