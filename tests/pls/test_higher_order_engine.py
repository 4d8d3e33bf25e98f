"""Higher-order constructs in the engine: properties checked against the plain engine on models written out by hand.

* Repeated indicators (Becker, Klein & Wetzels 2012; Sarstedt et al. 2019; SmartPLS) is plain PLS on an explicit
  model whose HOC is measured by copies of its LOCs' items and which has HOC → LOC (or LOC → HOC) paths; R seminr
  2.3.2 has no repeated-indicators method (``higher_composite()`` accepts ``two_stage`` only), so that written-out
  model is the reference.
* Two-stage stage 2 is plain PLS on the stage-1 LOC scores appended to the data.
* The bootstrap redoes stage 1 inside each resample: draw b equals a full two-stage estimate on resample b's raw rows
  (mean replacement redone with the resample's means, as seminr does), and draws do not depend on the batch size.

Data: the project's own tiktok_gifting example (``data/tiktok_gifting``, MIT), with the paper's socio-technical
grouping: social system SOC = IDN + ITR + INF, technical system TEC = CNV + CMP + PRS.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT

from surveysem.data.read import read_table
from surveysem.errors import ModelError
from surveysem.model import parse_model
from surveysem.pls import pls

DATA = ROOT / "data" / "tiktok_gifting" / "data.csv"
FIRST_ORDER = """
EXP =~ exp1 + exp2 + exp3
IDN =~ idn1 + idn2 + idn3 + idn4
ITR =~ itr1 + itr2 + itr3
INF =~ inf1 + inf2 + inf3 + inf4
EA  =~ ea1 + ea2 + ea3 + ea4
CNV =~ cnv1 + cnv2 + cnv3
CMP =~ cmp1 + cmp2 + cmp3
PRS =~ prs1 + prs2 + prs3
PA  =~ pa1 + pa2 + pa3 + pa4
AES =~ aes1 + aes2 + aes3
GGI =~ ggi1 + ggi2 + ggi3 + ggi4
"""
HOC = FIRST_ORDER + """
SOC {op} IDN + ITR + INF
TEC {op} CNV + CMP + PRS
EA  ~ EXP + SOC
PA  ~ TEC + EA
GGI ~ EA + PA + AES
"""
TOL = 1e-10  # two runs of the same algorithm to tol 1e-7 on the same matrix; measured ≤ 1e-15


@pytest.fixture(scope="module")
def data():
    return read_table(DATA)


def _numeric(data):
    """The survey as numbers with -99 as missing (``read_table`` keeps the cells as text)."""
    return data.apply(pd.to_numeric).replace(-99, np.nan)


def _table(df, keys):
    return df.set_index(keys)["estimate"]


@pytest.mark.parametrize("op", ["=~", "<~"])
def test_repeated_indicators_is_plain_pls_on_the_written_out_model(data, op):
    res = pls(data, HOC.format(op=op), missing_values=[-99], hoc="repeated_indicators")
    # the explicit model: SOC/TEC measured by renamed copies of their LOCs' items, HOC -> LOC (or LOC -> HOC) paths
    copies = data.copy()
    soc = [f"{i}_soc" for i in (["idn1", "idn2", "idn3", "idn4", "itr1", "itr2", "itr3", "inf1", "inf2", "inf3", "inf4"])]
    tec = [f"{i}_tec" for i in (["cnv1", "cnv2", "cnv3", "cmp1", "cmp2", "cmp3", "prs1", "prs2", "prs3"])]
    for name in soc + tec:
        copies[name] = data[name.rsplit("_", 1)[0]]
    arrows = ("SOC ~ IDN + ITR + INF\nTEC ~ CNV + CMP + PRS\n" if op == "<~" else
              "IDN + ITR + INF ~ SOC\nCNV + CMP + PRS ~ TEC\n")
    explicit = FIRST_ORDER + f"SOC {op} {' + '.join(soc)}\nTEC {op} {' + '.join(tec)}\n" + \
        "EA  ~ EXP + SOC\nPA  ~ TEC + EA\nGGI ~ EA + PA + AES\n" + arrows
    plain = pls(copies, explicit, missing_values=[-99])
    assert np.allclose(res.fit.path_matrix[0], plain.fit.path_matrix[0][np.ix_(*[_order(res, plain)] * 2)],
                       atol=TOL)
    ours = _table(res.loadings, ["construct", "indicator"])
    ours.index = [(c, i.replace("@SOC", "_soc").replace("@TEC", "_tec")) for c, i in ours.index]
    theirs = _table(plain.loadings, ["construct", "indicator"])
    assert np.allclose(ours.to_numpy(), theirs.loc[ours.index].to_numpy(), atol=TOL)
    assert res.r2.set_index("construct")["r2"].to_dict() == pytest.approx(
        plain.r2.set_index("construct")["r2"].to_dict(), abs=TOL)
    assert not any("repeated indicators" in w for w in res.warnings)  # SOC and TEC have no antecedents


def test_repeated_indicators_warns_about_antecedents_of_a_formative_hoc(data):
    """With antecedents, a formative HOC's LOCs explain it almost fully (Becker et al. 2012): the warning says so."""
    model = HOC.format(op="<~") + "SOC ~ EXP\n"
    res = pls(data, model.replace("EA  ~ EXP + SOC", "EA  ~ SOC"), missing_values=[-99], hoc="repeated_indicators")
    assert res.r2.set_index("construct").loc["SOC", "r2"] > 0.99
    assert any("formative higher-order construct SOC" in w and "EXP" in w for w in res.warnings)


def _order(res, plain):
    return [plain.structure.constructs.index(c) for c in res.structure.constructs]


@pytest.mark.parametrize("op", ["=~", "<~"])
def test_two_stage_stage2_is_plain_pls_on_the_stage1_scores(data, op):
    res = pls(data, HOC.format(op=op), missing_values=[-99])
    stage1 = pls(data, FIRST_ORDER + """
        EA ~ EXP + IDN + ITR + INF
        PA ~ CNV + CMP + PRS + EA
        GGI ~ EA + PA + AES
        """, missing_values=[-99])
    scores = stage1.scores
    stage2_data = _numeric(data)
    for loc in ("IDN", "ITR", "INF", "CNV", "CMP", "PRS"):
        stage2_data[loc] = scores[loc].to_numpy()
    stage2 = pls(stage2_data, f"""
        EXP =~ exp1 + exp2 + exp3
        EA  =~ ea1 + ea2 + ea3 + ea4
        PA  =~ pa1 + pa2 + pa3 + pa4
        AES =~ aes1 + aes2 + aes3
        GGI =~ ggi1 + ggi2 + ggi3 + ggi4
        SOC {op} IDN + ITR + INF
        TEC {op} CNV + CMP + PRS
        EA  ~ EXP + SOC
        PA  ~ TEC + EA
        GGI ~ EA + PA + AES
        """)
    assert _table(res.paths, ["from", "to"]).to_dict() == pytest.approx(
        _table(stage2.paths, ["from", "to"]).to_dict(), abs=TOL)
    theirs = _table(stage2.weights, ["construct", "indicator"])
    ours = _table(res.weights, ["construct", "indicator"])
    assert ours.loc[theirs.index].to_numpy() == pytest.approx(theirs.to_numpy(), abs=TOL)
    lower = _table(stage1.weights, ["construct", "indicator"])
    loc_rows = [k for k in ours.index if k not in theirs.index]
    assert len(loc_rows) == 20  # the six LOCs' items (4 + 3 + 4 + 3 + 3 + 3), from stage 1
    assert ours.loc[loc_rows].to_numpy() == pytest.approx(lower.loc[loc_rows].to_numpy(), abs=TOL)


def test_bootstrap_redoes_stage1_in_each_resample(data):
    """Draw b = the full two-stage estimate on resample b's raw rows (missing cells replaced by the resample's
    means); the LOCs' stage-1 loadings are bootstrapped too."""
    model = HOC.format(op="<~")
    res = pls(data, model, missing_values=[-99])
    rng = np.random.default_rng(7)
    idx = rng.integers(0, res.n, size=(3, res.n))
    boot = res.bootstrap(indices=idx, seed=None, bca=False)
    draws = boot.draws_frame()
    raw = _numeric(data)
    for b in range(3):
        again = pls(raw.iloc[idx[b]].reset_index(drop=True), model)
        for r in again.paths.itertuples(index=False):
            assert draws.loc[b, f"path:{r[0]}->{r[1]}"] == pytest.approx(r.estimate, abs=1e-9)
        for r in again.loadings.itertuples(index=False):
            assert draws.loc[b, f"loading:{r.construct}:{r.indicator}"] == pytest.approx(r.estimate, abs=1e-9)
    assert "loading:IDN:idn1" in draws and "weight:SOC:IDN" in draws and "stage1_htmt:IDN:ITR" in draws


def test_two_stage_bootstrap_draws_do_not_depend_on_the_chunk(data):
    res = pls(data, HOC.format(op="=~"), missing_values=[-99])
    a = res.bootstrap(boot=20, seed=3, chunk=20, bca=True)
    b = res.bootstrap(boot=20, seed=3, chunk=3, bca=True, n_jobs=2)
    assert np.array_equal(a.draws, b.draws)
    assert a.parameters.equals(b.parameters)


def test_unknown_hoc_method_and_hoc_with_interaction_are_refused(data):
    from surveysem.errors import ConfigError
    with pytest.raises(ConfigError, match="unknown higher-order method 'embedded'"):
        pls(data, HOC.format(op="=~"), missing_values=[-99], hoc="embedded")
    with pytest.raises(ModelError, match="higher-order constructs and interaction terms is not supported yet"):
        parse_model(HOC.format(op="=~") + "\nGGI ~ EA:AES\n")


def test_hoc_setting_is_recorded_and_ignored_without_a_hoc(data):
    res = pls(data, HOC.format(op="=~"), missing_values=[-99], hoc="repeated_indicators")
    assert res.settings["hoc"] == "repeated_indicators"
    plain = pls(data, FIRST_ORDER + "EA ~ EXP + IDN\nPA ~ EA + CNV + CMP + PRS + ITR + INF\nGGI ~ PA + AES",
                missing_values=[-99], hoc="repeated_indicators")
    assert "hoc" not in plain.settings


def test_cbsem_cross_check_skips_higher_order_models_with_a_note(data):
    from surveysem.cbsem.fit import fit_cbsem
    out = fit_cbsem(data, parse_model(HOC.format(op="=~")), missing_values=[-99])
    assert out.skipped
    assert "higher-order constructs (SOC, TEC)" in " ".join(out.notes)


def test_scores_have_the_reported_constructs(data):
    res = pls(data, HOC.format(op="=~"), missing_values=[-99])
    sc = res.scores
    assert list(sc.columns) == list(res.structure.constructs)
    assert np.allclose(np.corrcoef(sc.to_numpy(), rowvar=False), res.construct_corr.to_numpy(), atol=1e-12)
    assert isinstance(sc, pd.DataFrame)


@pytest.mark.parametrize("method", ["two_stage", "repeated_indicators"])
def test_item_purification_drops_a_weak_item_of_a_lower_order_construct(data, method):
    """A pure-noise item added to IDN (a LOC of SOC) loads near 0 on IDN: strict purification (loading < 0.708,
    Hair et al. 2022, ch. 4) drops it, and never treats the HOC's LOCs as its items."""
    from surveysem.assess.purify import purify_items
    noisy = _numeric(data)
    noisy["noise"] = np.random.default_rng(5).integers(1, 6, size=len(noisy)).astype(float)
    model = HOC.format(op="<~").replace("IDN =~ idn1 + idn2 + idn3 + idn4", "IDN =~ idn1 + idn2 + idn3 + idn4 + noise")
    res = pls(noisy, model, hoc=method)
    final, log = purify_items(res, rule="strict")
    assert list(log.loc[log["action"] == "dropped", "indicator"]) == ["noise"]
    assert abs(log["loading"].iloc[0]) < 0.3 and log["construct"].iloc[0] == "IDN"
    assert final.model.construct("IDN").indicators == ("idn1", "idn2", "idn3", "idn4")


def test_a_higher_order_construct_without_paths_is_named(data):
    model = FIRST_ORDER + "SOC =~ IDN + ITR + INF\nEA ~ EXP\nPA ~ EA + CNV + CMP + PRS\nGGI ~ PA + AES\n"
    with pytest.raises(ModelError, match="higher-order construct 'SOC' has no structural path"):
        pls(data, model, missing_values=[-99])


def test_repeated_indicators_reliability_of_a_reflective_hoc_comes_from_its_lower_order_scores(data):
    """Sarstedt et al. (2019, p. 203): in repeated indicators the HOC's loadings are its relationships with the LOCs,
    λ_d = corr(HOC, LOC_d); alpha = m/(m − 1)(1 − m/ΣR) of the LOC score correlations R (Cronbach 1951),
    rho_C = (Σλ)²/((Σλ)² + Σ(1 − λ²)) (Jöreskog 1971), AVE = mean λ² (Fornell & Larcker 1981); rho_A undefined."""
    from surveysem.assess.higher_order import repeated_indicators_reliability
    from surveysem.assess.reliability import reliability
    res = pls(data, HOC.format(op="=~"), missing_values=[-99], hoc="repeated_indicators")
    rel = repeated_indicators_reliability(res, reliability(res)).set_index("construct")
    C = res.construct_corr
    dims = ["IDN", "ITR", "INF"]
    lam = C.loc["SOC", dims].to_numpy()
    assert np.allclose(lam, [res.fit.path_matrix[0][res.structure.constructs.index("SOC"),
                                                    res.structure.constructs.index(d)] for d in dims], atol=1e-12)
    R = C.loc[dims, dims].to_numpy()
    assert rel.loc["SOC", "alpha"] == pytest.approx(1.5 * (1 - 3 / R.sum()), abs=1e-12)
    assert rel.loc["SOC", "rho_c"] == pytest.approx(lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam ** 2).sum()), abs=1e-12)
    assert rel.loc["SOC", "ave"] == pytest.approx((lam ** 2).mean(), abs=1e-12)
    assert np.isnan(rel.loc["SOC", "rho_a"]) and rel.loc["SOC", "rho_a_verdict"] == "n/a"
    assert rel.loc["SOC", "n_items"] == 3
    # the LOCs keep their own items' reliability (the repeated copies do not enter it)
    assert rel.loc["IDN", "n_items"] == 4
