"""Simple slopes, conditional indirect effects and the index of moderated mediation (surveysem.pls.slopes) against
R seminr 2.3.2's slope numbers, Hayes's (2015) formulas worked by hand, and bootstrap intervals recomputed from
seminr's own draws.

The functions see only a Structure, path matrices and (interaction, iv, moderator) triples, so the interaction
construct is declared here as an ordinary single-item construct (``CUSAxSC``) standing in for ``CUSA:SC``.
"""
from __future__ import annotations

import gzip

import numpy as np
import pandas as pd
import pytest
from conftest import REFERENCE, load_json, needs_shared

from surveysem.model import parse_model
from surveysem.pls.slopes import (
    NO_INDEX_NOTE,
    chain_notes,
    conditional_rows,
    conditional_table,
    conditional_values,
    moderated_chains,
    slope_rows,
    slope_values,
    slopes_table,
)
from surveysem.pls.structure import Structure
from surveysem.stats import summarize

# seminr's corp_rep moderation model (reference/scripts/seminr_moderation.R), the product construct as CUSAxSC
CORP_REP_MODERATION = """
QUAL =~ q1
PERF =~ p1
CSOR =~ c1
ATTR =~ a1
COMP =~ comp_1
LIKE =~ like_1
CUSA =~ cusa
SC =~ s1
CUSAxSC =~ x1
CUSL =~ cusl_1
COMP ~ QUAL + PERF + CSOR + ATTR
LIKE ~ QUAL + PERF + CSOR + ATTR
CUSA ~ COMP + LIKE
CUSL ~ COMP + LIKE + CUSA + SC + CUSAxSC
"""
SEMINR_NAME = {"CUSAxSC": "CUSA*SC"}
OURS = {v: k for k, v in SEMINR_NAME.items()}
TRIPLE = [("CUSAxSC", "CUSA", "SC")]


def structure(text: str) -> Structure:
    return Structure.from_model(parse_model(text))


def path_matrix(st: Structure, coef: dict[tuple[str, str], float]) -> np.ndarray:
    idx = {n: k for k, n in enumerate(st.constructs)}
    B = np.zeros((1, st.n_constructs, st.n_constructs))
    for (a, b), v in coef.items():
        B[0, idx[a], idx[b]] = v
    return B


def seminr_paths(st: Structure, method: str) -> np.ndarray:
    ref = load_json("seminr/corp_rep_moderation.json")[method]["path_coef_matrix"]
    return path_matrix(st, {(a, b): ref[SEMINR_NAME.get(a, a)][SEMINR_NAME.get(b, b)]
                            for a in st.constructs for b in st.constructs})


# ------------------------------------------------------------------------------------------------------ seminr
@needs_shared
@pytest.mark.parametrize("method", ["two_stage", "product_indicator", "orthogonal"])
def test_simple_slopes_match_seminr_slope_analysis(method):
    # seminr's slope_analysis() draws, for moderator w, the line through its predicted dv at iv = -1 and iv = +1
    # (res = M %*% path_coef[c(iv, iv*mod, mod), dv]); the slope of that line is (pred(1, w) - pred(-1, w)) / 2
    st = structure(CORP_REP_MODERATION)
    ref = load_json("seminr/corp_rep_moderation.json")[method]["slope_analysis"]
    pred = {(r["iv"], r["moderator"]): r["predicted_dv"] for r in ref}
    rows = slope_rows(st, TRIPLE)
    assert [(r.iv, r.dv, r.moderator, r.level) for r in rows] == [("CUSA", "CUSL", "SC", w) for w in (-1, 0, 1)]
    got = slope_values(seminr_paths(st, method), rows)[0]
    want = [(pred[1, w] - pred[-1, w]) / 2 for w in (-1, 0, 1)]
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-14)  # measured ≤ 1.0e-15 (orthogonal)


@needs_shared
def test_simple_slopes_table_two_stage_has_the_primer_numbers():
    # Hair et al. (2022, ch. 7) and seminr two_stage: CUSA -> CUSL 0.466569, CUSA*SC -> CUSL -0.071133, so the
    # effect is 0.466569 + 0.071133 = 0.537702 at low switching costs and 0.395436 at high ones
    st = structure(CORP_REP_MODERATION)
    t = slopes_table(st, TRIPLE, seminr_paths(st, "two_stage"))
    assert list(t.columns) == ["interaction", "iv", "moderator", "dv", "moderator_level", "estimate"]
    assert t["estimate"].tolist() == pytest.approx([0.537702, 0.466569, 0.395436], abs=1e-6)


@needs_shared
def test_index_of_moderated_mediation_intervals_from_seminr_draws():
    # second-stage moderated mediation (PROCESS model 14): LIKE -> CUSA -> CUSL with CUSA -> CUSL moderated by SC;
    # index = a * b3 per draw (Hayes 2015, eq. 6), percentile interval with R's quantile type 7
    st = structure(CORP_REP_MODERATION)
    with gzip.open(REFERENCE / "seminr" / "corp_rep_moderation_two_stage_boot_path_draws.csv.gz") as f:
        draws = pd.read_csv(f)
    idx = {n: k for k, n in enumerate(st.constructs)}
    P = np.zeros((len(draws), st.n_constructs, st.n_constructs))
    for col in draws.columns:
        a, b = col.split("->")
        P[:, idx[OURS.get(a, a)], idx[b]] = draws[col].to_numpy()
    rows = conditional_rows(st, TRIPLE)
    names = [r.name(st) for r in rows]
    vals = conditional_values(P, rows)
    ab3 = draws["LIKE->CUSA"].to_numpy() * draws["CUSA*SC->CUSL"].to_numpy()
    k = names.index("index_moderated_mediation:LIKE->CUSA->CUSL@SC")
    np.testing.assert_array_equal(vals[:, k], ab3)
    # type 7: h = (B - 1) p, linear between the order statistics floor(h) and floor(h) + 1 (Hyndman & Fan 1996)
    srt = np.sort(ab3)
    h = (len(srt) - 1) * np.array([0.025, 0.975])
    lo = np.floor(h).astype(int)
    type7 = srt[lo] + (h - lo) * (srt[lo + 1] - srt[lo])
    s = summarize(ab3[:1], vals[:, [k]])
    assert [s["ci_low"][0], s["ci_high"][0]] == pytest.approx(type7, abs=1e-15)
    assert type7[1] < 0  # the interval excludes zero: CUSA's mediation of LIKE is moderated by switching costs
    # the conditional effect at +1 SD: a * (b1 + b3) per draw
    c = names.index("conditional_indirect:LIKE->CUSA->CUSL@SC=1")
    want = draws["LIKE->CUSA"] * (draws["CUSA->CUSL"] + draws["CUSA*SC->CUSL"])
    np.testing.assert_allclose(vals[:, c], want, rtol=0, atol=1e-15)


@needs_shared
def test_serial_chains_through_the_moderated_link_are_conditioned():
    # QUAL -> COMP -> CUSA -> CUSL: only its last link is moderated, so the index is q * c * b3
    st = structure(CORP_REP_MODERATION)
    P = seminr_paths(st, "two_stage")
    t = conditional_table(st, TRIPLE, P)
    ref = load_json("seminr/corp_rep_moderation.json")["two_stage"]["path_coef_matrix"]
    row = t[(t["from"] == "QUAL") & (t["via"] == "COMP -> CUSA") & (t["statistic"] == "index_moderated_mediation")]
    assert row["estimate"].item() == pytest.approx(ref["QUAL"]["COMP"] * ref["COMP"]["CUSA"] * ref["CUSA*SC"]["CUSL"],
                                                   abs=1e-15)
    assert set(t["stage"]) == {"second"}
    # the chains: COMP, LIKE -> CUSA -> CUSL and the 8 serial ones QUAL..ATTR -> COMP/LIKE -> CUSA -> CUSL
    assert t["statistic"].value_counts().to_dict() == {"conditional_indirect": 30, "index_moderated_mediation": 10}


# ------------------------------------------------------------------------------------------ hand derivations
MODEL7 = """
X =~ x1
W =~ w1
XW =~ xw1
M =~ m1
Y =~ y1
M ~ X + W + XW
Y ~ M + X
"""


def test_first_stage_moderated_mediation_model_7_by_hand():
    # Hayes (2015), eq. 5: the indirect effect of X on Y through M at W = w is (a1 + a3 w) b; index = a3 b
    st = structure(MODEL7)
    a1, a2, a3, b, c = 0.5, 0.1, 0.2, 0.4, 0.3
    P = path_matrix(st, {("X", "M"): a1, ("W", "M"): a2, ("XW", "M"): a3, ("M", "Y"): b, ("X", "Y"): c})
    t = conditional_table(st, [("XW", "X", "W")], P)
    assert t["statistic"].tolist() == ["conditional_indirect"] * 3 + ["index_moderated_mediation"]
    assert t["estimate"].tolist() == pytest.approx([(a1 - a3) * b, a1 * b, (a1 + a3) * b, a3 * b], abs=1e-15)
    assert t[["from", "to", "via", "moderator", "moderated_link", "stage"]].iloc[0].tolist() == [
        "X", "Y", "M", "W", "X -> M", "first"]
    # the simple slopes of X on M: a1 + a3 w
    s = slopes_table(st, [("XW", "X", "W")], P)
    assert s["estimate"].tolist() == pytest.approx([a1 - a3, a1, a1 + a3], abs=1e-15)


MODEL14 = """
X =~ x1
W =~ w1
MW =~ mw1
M =~ m1
Y =~ y1
M ~ X
Y ~ M + W + MW + X
"""


def test_second_stage_moderated_mediation_model_14_by_hand():
    # Hayes (2015), eq. 6: a (b1 + b3 w); index = a b3
    st = structure(MODEL14)
    a, b1, b3 = 0.6, 0.45, -0.15
    P = path_matrix(st, {("X", "M"): a, ("M", "Y"): b1, ("W", "Y"): 0.2, ("MW", "Y"): b3, ("X", "Y"): 0.1})
    t = conditional_table(st, [("MW", "M", "W")], P)
    assert t["estimate"].tolist() == pytest.approx([a * (b1 - b3), a * b1, a * (b1 + b3), a * b3], abs=1e-15)
    assert t["stage"].unique().tolist() == ["second"]
    assert t["moderator_level"].iloc[:3].tolist() == [-1, 0, 1] and np.isnan(t["moderator_level"].iloc[3])


MODEL58 = """
X =~ x1
W =~ w1
XW =~ xw1
MW =~ mw1
M =~ m1
Y =~ y1
M ~ X + W + XW
Y ~ M + W + MW + X
"""


def test_both_stages_moderated_by_one_moderator_has_no_index():
    # (a1 + a3 w)(b1 + b3 w) is quadratic in w (PROCESS model 58): conditional effects only, and the index row says why
    st = structure(MODEL58)
    a1, a3, b1, b3 = 0.5, 0.2, 0.4, -0.1
    P = path_matrix(st, {("X", "M"): a1, ("XW", "M"): a3, ("M", "Y"): b1, ("MW", "Y"): b3, ("W", "M"): 0.1,
                         ("W", "Y"): 0.1, ("X", "Y"): 0.1})
    triples = [("XW", "X", "W"), ("MW", "M", "W")]
    t = conditional_table(st, triples, P)
    cond = t[t["statistic"] == "conditional_indirect"]
    want = [(a1 + a3 * w) * (b1 + b3 * w) for w in (-1, 0, 1)]
    assert cond["estimate"].tolist() == pytest.approx(want, abs=1e-15)
    assert cond["stage"].unique().tolist() == ["first_and_second"]
    index = t[t["statistic"] == "index_moderated_mediation"]
    assert len(index) == 1 and np.isnan(index["estimate"].item())
    assert index["note"].item() == NO_INDEX_NOTE.format(w="W", k=2)
    # the bootstrap parameters hold no index for it: no draws of a quantity that does not exist
    assert [r.statistic for r in conditional_rows(st, triples)] == ["conditional_indirect"] * 3


MODEL_TWO_MODERATORS = """
X =~ x1
W =~ w1
Z =~ z1
XW =~ xw1
MZ =~ mz1
M =~ m1
Y =~ y1
M ~ X + W + XW
Y ~ M + Z + MZ + X
"""


def test_two_moderators_give_partial_indices_holding_the_other_at_its_mean():
    # Hayes (2018): indirect = (a1 + a3 w)(b1 + b3 z); partial index of W = a3 b1 (z = 0), of Z = a1 b3 (w = 0)
    st = structure(MODEL_TWO_MODERATORS)
    a1, a3, b1, b3 = 0.5, 0.2, 0.4, -0.1
    P = path_matrix(st, {("X", "M"): a1, ("XW", "M"): a3, ("M", "Y"): b1, ("MZ", "Y"): b3, ("W", "M"): 0.1,
                         ("Z", "Y"): 0.1, ("X", "Y"): 0.1})
    t = conditional_table(st, [("XW", "X", "W"), ("MZ", "M", "Z")], P)
    assert set(zip(t["from"], t["moderator"])) == {("X", "W"), ("X", "Z"), ("W", "Z")}  # W -> M -> Y: Z moderates it
    by = t[t["from"] == "X"].set_index(["moderator", "statistic", "moderator_level"]).sort_index()
    assert by.loc[("W", "index_moderated_mediation")]["estimate"].item() == pytest.approx(a3 * b1, abs=1e-15)
    assert by.loc[("Z", "index_moderated_mediation")]["estimate"].item() == pytest.approx(a1 * b3, abs=1e-15)
    assert by.loc[("W", "conditional_indirect", 1.0)]["estimate"].item() == pytest.approx((a1 + a3) * b1, abs=1e-15)
    assert by.loc[("Z", "conditional_indirect", -1.0)]["estimate"].item() == pytest.approx(a1 * (b1 - b3), abs=1e-15)


def test_quadratic_slope_is_the_derivative_of_the_curve():
    # Y = b x + q x^2: the slope at x is b + 2 q x (Aiken & West 1991, ch. 5)
    st = structure("X =~ x1\nXX =~ xx1\nY =~ y1\nY ~ X + XX")
    P = path_matrix(st, {("X", "Y"): 0.3, ("XX", "Y"): -0.05})
    rows = slope_rows(st, [("XX", "X", "X")])
    assert slope_values(P, rows)[0].tolist() == pytest.approx([0.4, 0.3, 0.2], abs=1e-15)


def test_moderator_on_the_chain_is_not_conditioned_and_is_named():
    # W -> X -> M -> Y with X:W -> M: W moves X, so "the indirect effect of W at W = w" is not a product of constants
    st = structure("W =~ w1\nX =~ x1\nXW =~ xw1\nM =~ m1\nY =~ y1\nX ~ W\nM ~ X + XW\nY ~ M")
    triples = [("XW", "X", "W")]
    chains = {tuple(st.constructs[k] for k in mc.chain) for mc in moderated_chains(st, triples)}
    assert chains == {("X", "M", "Y")}
    assert chain_notes(st, triples) == [
        "{c}: the moderator W lies on the chain and moves with its predictor, so the indirect effect is not conditioned "
        "on W".format(c=c) for c in ("W -> X -> M", "W -> X -> M -> Y")]


def test_batched_values_equal_one_matrix_at_a_time():
    st = structure(MODEL58)
    rng = np.random.default_rng(7)
    P = rng.normal(size=(5, st.n_constructs, st.n_constructs)) * st.adjacency
    triples = [("XW", "X", "W"), ("MW", "M", "W")]
    rows = conditional_rows(st, triples)
    whole = conditional_values(P, rows)
    for b in range(5):
        np.testing.assert_array_equal(whole[b], conditional_values(P[b:b + 1], rows)[0])


# ------------------------------------------------------------------------------ through the engine (needs CUSA:SC)
@pytest.fixture(scope="module")
def corp_rep_moderation_boot(corp_rep_raw, corp_rep_models):
    # seminr's model: the extended corp_rep model plus SC and CUSA:SC -> CUSL, two-stage; replay seminr's 5000
    # resamples so the draws are seminr's (boot_indices_..._seed123_n5000: line i = the rows of replicate i, 1-based)
    from surveysem.pls import pls

    base = corp_rep_models["extended"].to_syntax()
    text = base.replace("CUSL ~ COMP + LIKE + CUSA", "CUSL ~ COMP + LIKE + CUSA + SC + CUSA:SC")
    text = "SC =~ switch_1 + switch_2 + switch_3 + switch_4\n" + text
    res = pls(corp_rep_raw, text, missing_values=[-99], interaction="two_stage")
    idx = pd.read_csv(REFERENCE / "seminr" / "boot_indices_corp_rep_data_seed123_n5000.csv.gz", header=None)
    return res, res.bootstrap(indices=idx.to_numpy() - 1, seed=None, bca=False)


@needs_shared
def test_engine_slopes_and_their_bootstrap_match_seminr_draws(corp_rep_moderation_boot):
    res, boot = corp_rep_moderation_boot
    ref = load_json("seminr/corp_rep_moderation.json")["two_stage"]["slope_analysis"]
    pred = {(r["iv"], r["moderator"]): r["predicted_dv"] for r in ref}
    t = boot.tables()["simple_slopes"]
    assert t["estimate"].tolist() == pytest.approx([(pred[1, w] - pred[-1, w]) / 2 for w in (-1, 0, 1)], abs=1e-6)
    with gzip.open(REFERENCE / "seminr" / "corp_rep_moderation_two_stage_boot_path_draws.csv.gz") as f:
        draws = pd.read_csv(f)
    # measured: every slope and index draw within 9.7e-15 of the product of seminr's draws
    for row in t.itertuples(index=False):  # slope draw = b1 + b3 w per seminr draw; SD and type-7 interval
        x = (draws["CUSA->CUSL"] + draws["CUSA*SC->CUSL"] * row.moderator_level).to_numpy()
        lo, hi = np.quantile(x, [0.025, 0.975])  # numpy's default "linear" is R's type 7
        assert (row.se, row.ci_low, row.ci_high) == pytest.approx((x.std(ddof=1), lo, hi), abs=1e-6)


@needs_shared
def test_engine_index_of_moderated_mediation_matches_seminr_draws(corp_rep_moderation_boot):
    _, boot = corp_rep_moderation_boot
    t = boot.tables()["conditional_indirect"]
    with gzip.open(REFERENCE / "seminr" / "corp_rep_moderation_two_stage_boot_path_draws.csv.gz") as f:
        draws = pd.read_csv(f)
    ref = load_json("seminr/corp_rep_moderation.json")["two_stage"]["path_coef_matrix"]
    for m in ("COMP", "LIKE"):
        row = t[(t["from"] == m) & (t["via"] == "CUSA") & (t["statistic"] == "index_moderated_mediation")]
        assert row["estimate"].item() == pytest.approx(ref[m]["CUSA"] * ref["CUSA*SC"]["CUSL"], abs=1e-6)
        x = (draws[f"{m}->CUSA"] * draws["CUSA*SC->CUSL"]).to_numpy()
        lo, hi = np.quantile(x, [0.025, 0.975])
        assert (row["se"].item(), row["ci_low"].item(), row["ci_high"].item()) == pytest.approx(
            (x.std(ddof=1), lo, hi), abs=1e-6)
    assert "index_moderated_mediation:LIKE->CUSA->CUSL@SC" in boot.draws_frame().columns


def test_single_item_model_14_equals_ols_with_a_product_term():
    # With one item per construct, PLS scores are the z-scores and the two-stage interaction path is the OLS
    # coefficient of z_m * z_w (with intercept), so PROCESS model 14 by OLS on z-scores gives the conditional indirect
    # effects a (b1 + b3 w) and the index a b3 (Hayes 2015, eq. 6) -- computed here with numpy's least squares
    from surveysem.pls import pls

    rng = np.random.default_rng(11)
    n = 400
    x, w = rng.standard_normal(n), rng.standard_normal(n)
    m = 0.5 * x + rng.standard_normal(n)
    y = 0.4 * m + 0.2 * w - 0.25 * m * w + 0.1 * x + rng.standard_normal(n)
    data = pd.DataFrame({"x1": x, "w1": w, "m1": m, "y1": y})
    res = pls(data, "X =~ x1\nW =~ w1\nM =~ m1\nY =~ y1\nM ~ X\nY ~ M + W + M:W + X", interaction="two_stage")
    z = {k: (v - v.mean()) / v.std(ddof=1) for k, v in data.items()}
    a = np.linalg.lstsq(np.column_stack([np.ones(n), z["x1"]]), z["m1"], rcond=None)[0][1]
    design = np.column_stack([np.ones(n), z["m1"], z["w1"], z["m1"] * z["w1"], z["x1"]])
    _, b1, _, b3, _ = np.linalg.lstsq(design, z["y1"], rcond=None)[0]
    t = res.conditional_indirect
    assert t["statistic"].tolist() == ["conditional_indirect"] * 3 + ["index_moderated_mediation"]
    want = [a * (b1 - b3), a * b1, a * (b1 + b3), a * b3]
    np.testing.assert_allclose(t["estimate"], want, rtol=0, atol=1e-12)  # measured 1.1e-16
    np.testing.assert_allclose(res.simple_slopes["estimate"], [b1 - b3, b1, b1 + b3], rtol=0, atol=1e-12)
