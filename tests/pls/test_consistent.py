"""Consistent PLS (PLSc, Dijkstra & Henseler 2015) agrees with R seminr 2.3.2 ``PLSc()`` and R cSEM 0.6.1
(``.disattenuate = TRUE``), recovers a common-factor population model, and bootstraps in one batch.

References (``../shared/reference``, README sections "seminr/corp_rep_simple_plsc.json" and "csem/"):

* ``seminr/corp_rep_simple_plsc.json`` (script ``seminr_plsc.R``): corp_rep_simple with every construct
  ``reflective()``, ``estimate_pls(..., missing = mean_replacement, missing_value = "-99")``; seminr stops at
  Σ|Δw| < 1e-7 as we do, so the agreement is to rounding (measured ≤ 4e-15);
* ``csem/corp_rep_{simple,extended}_cSEM.json``, block ``PLSc_tol1e-10``: ``csem(seminr's mean-replaced data,
  .disattenuate = TRUE, .tolerance = 1e-10)``; the extended model has four composites (``<~``, Mode B), which PLSc
  leaves as they are (rho_A = 1). We run at tol 1e-10 too (measured ≤ 7.3e-12);
* ``PLSc_bootstrap_5000``: cSEM's bootstrap with ``.handle_inadmissibles = 'drop'``: 3,779 of 5,000 resamples
  admissible, and the path standard errors.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import load_json, needs_shared
from reference.compare import assert_close, matrix_series

from surveysem.errors import ModelError
from surveysem.pls import pls
from surveysem.pls.algorithm import fit_batch
from surveysem.stats import indices_to_counts

TOL_SEMINR = 1e-12  # measured ≤ 4e-15: the same algorithm and stop rule; seminr wrote 15 significant digits
TOL_CSEM = 1e-9  # measured ≤ 7.3e-12 (loadings, extended): cSEM stops at max|Δw| < 1e-10, we at Σ|Δw| < 1e-10
ITEMS = {"simple": ["comp_1", "comp_2", "comp_3", "like_1", "like_2", "like_3", "cusa", "cusl_1", "cusl_2", "cusl_3"]}


def _mean_replaced(raw: pd.DataFrame, model) -> pd.DataFrame:
    """seminr's ``m$data``, which cSEM was given: −99 → NA → the column mean over all rows, model items only."""
    d = raw[list(model.indicators)].replace(-99, np.nan)
    return d.fillna(d.mean())


# ------------------------------------------------------------------------------------------------------ seminr
@pytest.fixture(scope="module")
def seminr_fit(corp_rep_raw, corp_rep_models):
    return pls(corp_rep_raw, corp_rep_models["simple"], missing_values=[-99], consistent=True), \
        load_json("seminr/corp_rep_simple_plsc.json")


@needs_shared
def test_plsc_paths_r2_and_loadings_match_seminr(seminr_fit):
    res, ref = seminr_fit
    paths = res.paths.set_index(["from", "to"])["estimate"]
    theirs = pd.Series({(p["from"], p["to"]): p["coef"] for p in ref["path_coefficients"]})
    assert_close(paths, theirs, TOL_SEMINR, "PLSc paths vs seminr")
    r2 = res.r2.set_index("construct")
    assert_close(r2["r2"], pd.Series(ref["r2"]), TOL_SEMINR, "PLSc R² vs seminr")
    assert_close(r2["r2_adj"], pd.Series(ref["adj_r2"]), TOL_SEMINR, "PLSc adjusted R² vs seminr")
    loadings = res.loadings.set_index(["indicator", "construct"])["estimate"]
    assert_close(loadings, matrix_series(ref["outer_loadings"], nonzero=True), TOL_SEMINR, "PLSc loadings vs seminr")
    weights = res.weights.set_index(["indicator", "construct"])["estimate"]
    assert_close(weights, matrix_series(ref["outer_weights"], nonzero=True), TOL_SEMINR, "weights (unchanged)")


@needs_shared
def test_plsc_reliability_uses_the_consistent_loadings_like_seminrs_summary(seminr_fit):
    # seminr's PLSc summary: rho_C and AVE from the corrected loadings, alpha from S, rho_A from the weights
    from surveysem.assess.reliability import reliability

    res, ref = seminr_fit
    rel = reliability(res).set_index("construct")
    for ours, theirs in (("alpha", "alpha"), ("rho_a", "rhoA"), ("rho_c", "rhoC"), ("ave", "AVE")):
        assert_close(rel[ours], pd.Series(ref["reliability"][theirs]), TOL_SEMINR, f"PLSc {ours} vs seminr")
    rho = pd.Series(res.fit.extra["rho_a"][0], index=list(res.structure.constructs))
    assert_close(rho, pd.Series(ref["reliability"]["rhoA"]), TOL_SEMINR, "rho_A of the fit vs seminr")


@needs_shared
def test_plain_pls_estimates_are_kept_beside_the_plsc_ones(seminr_fit, corp_rep_raw, corp_rep_models):
    res, _ = seminr_fit
    plain = pls(corp_rep_raw, corp_rep_models["simple"], missing_values=[-99])
    t = res.tables()
    assert t["plain_paths"].equals(plain.paths)
    assert t["plain_loadings"].equals(plain.loadings)
    assert t["plain_r2"].equals(plain.r2)
    assert "plain_paths" not in plain.tables()  # a plain run's files are unchanged
    assert "consistent" not in plain.settings and res.settings["consistent"] is True


# -------------------------------------------------------------------------------------------------------- cSEM
@pytest.fixture(scope="module", params=["simple", "extended"])
def csem_fit(request, corp_rep_raw, corp_rep_models):
    name = request.param
    model = corp_rep_models[name]
    res = pls(_mean_replaced(corp_rep_raw, model), model, tol=1e-10, consistent=True)
    return name, res, load_json(f"csem/corp_rep_{name}_cSEM.json")["PLSc_tol1e-10"]


@needs_shared
def test_plsc_paths_loadings_r2_and_construct_correlations_match_csem(csem_fit):
    name, res, ref = csem_fit
    paths = pd.Series({(r.to, r[0]): r.estimate for r in res.paths.itertuples(index=False)})
    assert_close(paths, matrix_series(ref["path_estimates"], nonzero=True), TOL_CSEM, f"{name}: PLSc paths vs cSEM")
    loadings = res.loadings.set_index(["construct", "indicator"])["estimate"]
    assert_close(loadings, matrix_series(ref["loading_estimates"], nonzero=True), TOL_CSEM,
                 f"{name}: PLSc loadings vs cSEM")
    assert_close(res.r2.set_index("construct")["r2"], pd.Series(ref["assess"]["R2"]), TOL_CSEM,
                 f"{name}: PLSc R² vs cSEM")
    rho = pd.Series(res.fit.extra["rho_a"][0], index=list(res.structure.constructs))
    assert_close(rho, pd.Series(ref["reliabilities"]), TOL_CSEM, f"{name}: rho_A vs cSEM (composites 1)")
    C = res.construct_corr.stack()
    assert_close(C, matrix_series(ref["construct_vcv"]), TOL_CSEM, f"{name}: corrected construct correlations")
    assert not res.fit.extra["inadmissible"][0] and not any(ref["verify_status_TRUE_means_problem"].values())


@needs_shared
def test_composites_in_a_plsc_model_keep_their_plain_pls_loadings_and_the_run_says_so(corp_rep_raw, corp_rep_models):
    model = corp_rep_models["extended"]
    res = pls(corp_rep_raw, model, missing_values=[-99], consistent=True)
    plain = pls(corp_rep_raw, model, missing_values=[-99])
    composite = res.loadings["construct"].isin(["QUAL", "PERF", "CSOR", "ATTR"])
    assert np.array_equal(res.loadings["estimate"][composite], plain.loadings["estimate"][composite])
    assert any("QUAL, PERF, CSOR, ATTR stay composites" in w for w in res.warnings)


@needs_shared
def test_plsc_bootstrap_drops_as_many_inadmissible_resamples_as_csem_and_gives_its_standard_errors(corp_rep_raw,
                                                                                                   corp_rep_models):
    # cSEM: 5,000 resamples (seed 123, R's generator), 'drop': 3,779 admissible (75.6 %); ours are other draws of
    # the same bootstrap distribution, so the share agrees within Monte-Carlo error: SE of a share of 5,000 draws
    # sqrt(.756 · .244 / 5000) = 0.0061, of the difference of two runs 0.0086; 4 SE = 0.035. An SE estimated from
    # ~3,800 draws has a relative Monte-Carlo error of ~1/sqrt(2 · 3800) = 1.1 % per run, 1.6 % for the difference:
    # 5 % is 3 of those.
    model = corp_rep_models["simple"]
    ref = load_json("csem/corp_rep_simple_cSEM.json")["PLSc_bootstrap_5000"]
    res = pls(_mean_replaced(corp_rep_raw, model), model, consistent=True)
    boot = res.bootstrap(boot=5000, seed=123)
    share, theirs = boot.n_ok / 5000, ref["n_ok"] / 5000
    assert abs(share - theirs) < 0.035, f"admissible share {share:.4f}, cSEM {theirs:.4f}"
    assert set(boot.failed["reason"]) <= {"inadmissible PLSc solution: a loading exceeds 1 in absolute value",
                                          "inadmissible PLSc solution: a rho_A exceeds 1"}
    se = boot.paths.set_index(["to", "from"])["se"]
    theirs_se = pd.Series({tuple(k.split(" ~ ")): v for k, v in ref["infer_path"]["sd"].items()})
    assert_close(se, theirs_se, 0.05, "PLSc bootstrap SE vs cSEM (relative)", proportional=True)
    for table in (boot.paths, boot.loadings):  # percentile and BCa intervals for paths and loadings
        inner = table[table["se"] > 1e-9]  # not the single item's loading 1
        assert np.isfinite(inner[["ci_low", "ci_high", "bca_low", "bca_high"]]).all().all()
        assert (inner["ci_low"] < inner["estimate"]).all() and (inner["estimate"] < inner["ci_high"]).all()


# --------------------------------------------------------------------- the batch against a hand-written PLSc
def _plsc_by_hand(S: np.ndarray, st, w: np.ndarray):
    """Dijkstra & Henseler (2015) for one matrix, written out: rho_A (eq. 5), r / sqrt(rho_i rho_j),
    OLS paths, loadings w sqrt(rho) / w'w. Returns (paths dict, loadings array)."""
    K = st.n_constructs
    rho = np.ones(K)
    for k in range(K):
        ix = st.block_indices(k)
        if st.mode_b[k] or len(ix) < 2:
            continue
        wk, Sk = w[ix], S[np.ix_(ix, ix)]
        A = np.outer(wk, wk)
        rho[k] = (wk @ wk) ** 2 * (wk @ (Sk - np.diag(np.diag(Sk))) @ wk) / (wk @ (A - np.diag(np.diag(A))) @ wk)
    Wm = st.membership * w[:, None]
    C = Wm.T @ S @ Wm
    Cc = C / np.sqrt(np.outer(rho, rho))
    np.fill_diagonal(Cc, 1.0)
    paths = {}
    for j, P in enumerate(st.predecessors):
        if P:
            beta = np.linalg.solve(Cc[np.ix_(P, P)], Cc[list(P), j])
            paths.update({(i, j): b for i, b in zip(P, beta)})
    lam = np.array([w[i] * np.sqrt(rho[k]) / (w[st.block == k] @ w[st.block == k]) if not st.mode_b[k]
                    and (st.block == k).sum() > 1 else (S @ Wm)[i, k] for i, k in enumerate(st.block)])
    return paths, lam


def test_each_batched_plsc_fit_equals_plsc_written_out_for_that_resample():
    rng = np.random.default_rng(5)
    n = 120
    f = rng.normal(size=(n, 2))
    f[:, 1] = 0.5 * f[:, 0] + np.sqrt(0.75) * f[:, 1]
    X = {f"x{i}": lam * f[:, 0] + np.sqrt(1 - lam ** 2) * rng.normal(size=n) for i, lam in enumerate((.8, .7, .9))}
    Y = {f"y{i}": lam * f[:, 1] + np.sqrt(1 - lam ** 2) * rng.normal(size=n) for i, lam in enumerate((.75, .85))}
    Z = {f"z{i}": rng.normal(size=n) + 0.3 * f[:, 0] for i in range(2)}
    data = pd.DataFrame(X | Y | Z)
    res = pls(data, "X =~ x0 + x1 + x2\nY =~ y0 + y1\nZ <~ z0 + z1\nY ~ X + Z\n", consistent=True)
    plan, st = res.indicator_plan, res.structure
    idx = rng.integers(0, n, size=(25, n))
    S = plan.batches(1 << 22).correlations(indices_to_counts(idx, n))
    fit = plan.fit(S)
    plain = fit_batch(S, st)
    for b in range(len(idx)):
        paths, lam = _plsc_by_hand(S[b], st, plain.weights[b])
        for (i, j), beta in paths.items():
            assert fit.path_matrix[b, i, j] == pytest.approx(beta, abs=1e-12)
        np.testing.assert_allclose(fit.loadings_for(st)[b], lam, atol=1e-12)


# -------------------------------------------------------------------------- a common-factor population model
def test_plsc_recovers_the_paths_of_a_common_factor_model_where_plain_pls_is_biased():
    # population (written here): ξ1, ξ2 standard normal with corr 0.3; η = 0.4 ξ1 + 0.3 ξ2 + ζ, var(η) = 1;
    # three items per factor, loadings 0.7-0.9, x = λ f + sqrt(1 − λ²) e. n = 20,000: the sampling SD of a path
    # is about 0.007, so PLSc must lie within 0.025 (~3.5 SD); plain PLS is attenuated by the reliability of its
    # composites (Dijkstra & Henseler 2015, Table 2), here by more than 0.03. Measured: bias PLSc −0.0036 (A),
    # +0.0066 (B); plain PLS −0.0553 (A), −0.0314 (B).
    rng = np.random.default_rng(20151)
    n = 20000
    xi = rng.multivariate_normal([0, 0], [[1, .3], [.3, 1]], size=n)
    b1, b2 = 0.4, 0.3
    r2 = b1 ** 2 + b2 ** 2 + 2 * b1 * b2 * 0.3
    eta = b1 * xi[:, 0] + b2 * xi[:, 1] + np.sqrt(1 - r2) * rng.normal(size=n)
    cols = {}
    for name, f, lams in (("a", xi[:, 0], (.7, .8, .9)), ("b", xi[:, 1], (.9, .75, .7)), ("c", eta, (.8, .85, .7))):
        for i, lam in enumerate(lams):
            cols[f"{name}{i}"] = lam * f + np.sqrt(1 - lam ** 2) * rng.normal(size=n)
    model = "A =~ a0 + a1 + a2\nB =~ b0 + b1 + b2\nC =~ c0 + c1 + c2\nC ~ A + B\n"
    data = pd.DataFrame(cols)
    est = pls(data, model, consistent=True).paths.set_index("from")["estimate"]
    plain = pls(data, model).paths.set_index("from")["estimate"]
    truth = pd.Series({"A": b1, "B": b2})
    bias_plsc, bias_plain = est - truth, plain - truth
    msg = f"bias PLSc {bias_plsc.round(4).to_dict()}, plain PLS {bias_plain.round(4).to_dict()}"
    assert (bias_plsc.abs() < 0.025).all(), msg
    assert (bias_plain < -0.03).all(), msg  # plain PLS: attenuated towards zero
    assert pls(data, model, consistent=True).r2["r2"].iloc[0] == pytest.approx(r2, abs=0.02)


# ----------------------------------------------------------------------------------------------------- bad input
def test_plsc_on_a_model_without_reflective_constructs_is_a_one_line_model_error():
    rng = np.random.default_rng(0)
    data = pd.DataFrame(rng.normal(size=(50, 4)), columns=["x1", "x2", "y1", "y2"])
    with pytest.raises(ModelError, match="PLSc corrects reflective constructs only") as err:
        pls(data, "X <~ x1 + x2\nY <~ y1 + y2\nY ~ X\n", consistent=True)
    assert "\n" not in str(err.value) and "consistent: false" in str(err.value)


def test_an_inadmissible_full_sample_estimate_is_reported_with_a_warning_not_refused():
    # a small sample of a factor with one item at loading 0.97 and two at 0.40: the corrected loading of x1 comes
    # out above 1 (a "Heywood case"; Dijkstra & Henseler 2015 name it among PLSc's small-sample problems)
    rng = np.random.default_rng(1)
    n = 60
    f = rng.normal(size=n)
    g = 0.6 * f + 0.8 * rng.normal(size=n)
    d = {f"x{i + 1}": lam * f + np.sqrt(1 - lam ** 2) * rng.normal(size=n) for i, lam in enumerate((.97, .4, .4))}
    d |= {f"y{i + 1}": 0.7 * g + np.sqrt(1 - .49) * rng.normal(size=n) for i in range(2)}
    res = pls(pd.DataFrame(d), "X =~ x1 + x2 + x3\nY =~ y1 + y2\nY ~ X\n", consistent=True)
    assert res.fit.extra["inadmissible"][0]
    assert res.loadings["estimate"].iloc[0] > 1
    assert any("loading exceeds 1" in w and "full-sample" in w for w in res.warnings)


# ------------------------------------------------------------------------------------- command line, determinism
def _factor_data(n=150, seed=11):
    rng = np.random.default_rng(seed)
    f = rng.normal(size=n)
    g = 0.5 * f + np.sqrt(0.75) * rng.normal(size=n)
    d = {f"x{i}": np.clip(np.round(3 + lam * f + np.sqrt(1 - lam ** 2) * rng.normal(size=n)), 1, 5)
         for i, lam in enumerate((.9, .8, .7), 1)}
    d |= {f"y{i}": np.clip(np.round(3 + lam * g + np.sqrt(1 - lam ** 2) * rng.normal(size=n)), 1, 5)
          for i, lam in enumerate((.85, .75, .7), 1)}
    return pd.DataFrame(d)


FACTOR_MODEL = "X =~ x1 + x2 + x3\nY =~ y1 + y2 + y3\nY ~ X\n"


def test_a_plsc_bootstrap_gives_the_same_bytes_for_any_batch_size_and_thread_count():
    res = pls(_factor_data(n=60, seed=2), FACTOR_MODEL, consistent=True)
    a = res.bootstrap(boot=300, seed=4, chunk=7, n_jobs=1)
    b = res.bootstrap(boot=300, seed=4, chunk=300, n_jobs=2)
    assert len(a.failed) > 0  # n = 60: some resamples are inadmissible, so the exclusion is exercised
    assert np.array_equal(a.draws, b.draws) and a.failed.equals(b.failed)
    assert a.parameters.equals(b.parameters)


def test_surveysem_pls_consistent_writes_plsc_tables_with_plain_ones_beside_them(tmp_path):
    import json

    from surveysem.cli import main

    data, mfile, out = tmp_path / "survey.csv", tmp_path / "model.lav", tmp_path / "out"
    _factor_data().to_csv(data, index=False)
    mfile.write_text(FACTOR_MODEL)
    assert main(["pls", "--data", str(data), "--model", str(mfile), "--out", str(out), "--quiet", "--boot", "50",
                 "--seed", "1", "--consistent"]) == 0
    paths, plain = pd.read_csv(out / "paths.csv"), pd.read_csv(out / "plain_paths.csv")
    assert abs(paths["estimate"][0]) > abs(plain["estimate"][0])  # the correction removes the attenuation
    run = json.loads((out / "run.json").read_text())
    assert run["settings"]["consistent"] is True and "n_inadmissible" in run["bootstrap"]
    assert {"plain_loadings.csv", "plain_r2.csv", "boot_failed.csv"} <= {p.name for p in out.iterdir()}


def test_surveysem_pls_consistent_on_composites_only_is_one_line_and_writes_nothing(tmp_path, capsys):
    from surveysem.cli import main

    data, mfile, out = tmp_path / "survey.csv", tmp_path / "model.lav", tmp_path / "out"
    _factor_data().to_csv(data, index=False)
    mfile.write_text(FACTOR_MODEL.replace("=~", "<~"))
    assert main(["pls", "--data", str(data), "--model", str(mfile), "--out", str(out), "--quiet", "--boot", "0",
                 "--consistent"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("surveysem: error: ") and "\n" not in err and "PLSc corrects reflective" in err
    assert not out.exists()


def test_plsc_wraps_a_two_stage_plan_and_corrects_the_matrices_of_the_reported_model():
    # a stand-in for a two-stage plan (surveysem.pls.plan contract): its input matrices carry one extra column in
    # front, its fit runs on the reported model's matrices and returns them as fit.S. The correction must use those
    # (rho_A from the wrong matrix would be off by the shift), giving exactly PLSc of the plain matrices.
    from surveysem.pls.consistent import ConsistentPlan

    data = _factor_data(n=120, seed=8)
    res = pls(data, FACTOR_MODEL, consistent=True)
    inner = res.indicator_plan.inner

    class Shifted:
        model, structure = inner.model, inner.structure

        def fit(self, S):
            fit = inner.fit(S[:, 1:, 1:])
            fit.S = S[:, 1:, 1:]
            return fit

    S = res.S[None]
    padded = np.zeros((1, S.shape[1] + 1, S.shape[2] + 1))
    padded[:, 0, 0] = 1.0
    padded[:, 1:, 1:] = S
    padded[:, 0, 1:] = padded[:, 1:, 0] = 0.9  # a junk column, strongly correlated with everything
    fit = ConsistentPlan(Shifted()).fit(padded)
    np.testing.assert_array_equal(fit.path_matrix, res.fit.path_matrix)
    np.testing.assert_array_equal(fit.loadings_for(res.structure), res.fit.loadings_for(res.structure))


def test_plsc_with_an_interaction_term_warns_that_the_product_is_not_corrected():
    """Dijkstra & Schermelleh-Engel (2014) give the reliability of a product of common factors; without it the
    interaction construct keeps rho_A = 1 (a single made indicator), so the run must say its path is attenuated."""
    import numpy as np
    import pandas as pd

    from surveysem.pls import pls
    rng = np.random.default_rng(3)
    n = 300
    f = rng.normal(size=(n, 3))
    f[:, 2] = 0.4 * f[:, 0] + 0.3 * f[:, 1] + 0.2 * f[:, 0] * f[:, 1] + rng.normal(scale=0.8, size=n)
    cols = {f"{c}{i}": 0.8 * f[:, k] + 0.6 * rng.normal(size=n) for k, c in enumerate("xwy") for i in (1, 2, 3)}
    model = "X =~ x1 + x2 + x3\nW =~ w1 + w2 + w3\nY =~ y1 + y2 + y3\nY ~ X + W + X:W\n"
    plain = pls(pd.DataFrame(cols), model)
    res = pls(pd.DataFrame(cols), model, consistent=True)
    assert not any("not corrected for measurement error" in w for w in plain.warnings)
    assert any("X:W are not corrected for measurement error" in w for w in res.warnings)
