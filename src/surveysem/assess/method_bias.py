"""Common method bias: Kock's full-collinearity VIF and Harman's single-factor test, each with its verdict.

Both are the usual answers to a reviewer's question about common method variance in single-source survey data
(Podsakoff, MacKenzie, Lee & Podsakoff 2003; Kock 2015). :func:`common_method_bias` returns one tidy table
``test, construct, value, threshold, verdict, rule, reference, note``; :func:`full_collinearity_vif` and
:func:`harman_single_factor` compute the two tests from plain DataFrames (construct scores, item answers), so they
work on any scores, not only this package's PLS estimate.

With a measured marker variable (``marker:`` in config: an item that theory says is unrelated to the model's
constructs, asked in the same questionnaire), :func:`marker_variable` adds the marker-variable checks: Lindell &
Whitney's (2001) CMV-adjusted construct correlations and the PLS marker approach (Rönkkö & Ylitalo 2011; Chin,
Thatcher, Wright & Steel 2013): the model re-estimated with the marker as an extra predictor of every endogenous
construct, each path compared with and without it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..data.read import numeric_items
from ..errors import DataError
from ..model import parse_model
from ..pls import pls
from ..pls.prepare import correlation
from .rules import Rule, cut
from .structural import _vif

KOCK = "Kock (2015), Int. J. e-Collab. 11(4), 1-10; Kock & Lynn (2012), J. Assoc. Inf. Syst. 13(7), 546-580"
LINDELL_WHITNEY = "Lindell & Whitney (2001), J. Appl. Psychol. 86(1), 114-121"
MARKER_PLS = ("Ronkko & Ylitalo (2011), ICIS 2011 Proceedings; Chin, Thatcher, Wright & Steel (2013), "
              "New Perspectives in PLS, 231-239")
PODSAKOFF = "Podsakoff, MacKenzie, Lee & Podsakoff (2003), J. Appl. Psychol. 88, 879-903; Harman (1976)"

#: full-collinearity VIF: a construct at or above this suggests common method bias (Kock 2015; Kock & Lynn 2012)
FULL_COLLINEARITY_VIF_MAX = 3.3
#: Harman: the first unrotated factor explaining this share of the items' variance or more signals a common
#: method factor (Podsakoff et al. 2003)
HARMAN_SHARE_MAX = 0.50

RULES = {
    "full_collinearity_vif": Rule(
        "full-collinearity VIF",
        "VIF < {cut} pass (no sign of common method bias); >= {cut} fail".format(cut=cut(FULL_COLLINEARITY_VIF_MAX)),
        KOCK, (FULL_COLLINEARITY_VIF_MAX,)),
    "harman_single_factor": Rule(
        "Harman's single-factor test",
        "first unrotated principal component of all items explains < {pct} % of their variance: pass; "
        "otherwise fail".format(pct=cut(100 * HARMAN_SHARE_MAX)),
        PODSAKOFF, (HARMAN_SHARE_MAX,)),
}

RULES["marker_correlation"] = Rule(
    "marker-adjusted correlation",
    "r_A = (r - r_M) / (1 - r_M), r_M the smallest positive correlation of the marker with a construct; "
    "t = r_A / sqrt((1 - r_A^2) / (n - 3)); fail if a significant correlation stops being significant",
    LINDELL_WHITNEY)
RULES["marker_path"] = Rule(
    "path with the marker as control",
    "the marker predicts every endogenous construct; fail if a significant path stops being significant",
    MARKER_PLS)

COLUMNS = ["test", "construct", "value", "threshold", "verdict", "rule", "reference", "note"]
ALL_ITEMS = "(all items)"


def full_collinearity_vif(scores: pd.DataFrame) -> pd.DataFrame:
    """Kock's (2015) full-collinearity VIF of every construct: ``construct, vif, r2, ok``.

    VIF_j = 1 / (1 − R²_j), R²_j from the OLS regression (with intercept) of construct j's scores on the scores
    of **all** other constructs of the model, exogenous and endogenous alike (Kock 2015; Kock & Lynn 2012). With
    R the correlation matrix of the scores, VIF_j = [R⁻¹]_jj; this equals the VIF of each score in the
    regression of a random dummy outcome on all scores, Kock's recipe. A construct whose scores are an exact
    linear function of the others has R²_j = 1 and an infinite VIF: returned as ``vif`` NaN, ``r2`` 1 and
    ``ok = False`` (no numpy warning), computed with the pseudo-inverse as in
    :func:`surveysem.assess.structural.vif_inner`.

    Parameters
    ----------
    scores : DataFrame
        One column per construct, one row per respondent (e.g. ``PLSResult.scores``); no missing values.
    """
    names = [str(c) for c in scores.columns]
    X = scores.to_numpy(dtype=float)
    if X.shape[0] < X.shape[1] + 2 or not np.isfinite(X).all():
        raise DataError("the construct scores have {n} rows for {k} constructs or contain missing values".format(
            n=X.shape[0], k=X.shape[1]), "full-collinearity VIF",
            "give complete scores with at least two more respondents than constructs")
    sd = X.std(axis=0, ddof=1)
    if (sd == 0).any():
        bad = names[int(np.flatnonzero(sd == 0)[0])]
        raise DataError("the scores of construct {name} are the same for every respondent".format(name=bad),
                        "full-collinearity VIF", "check the construct's items; a constant score has no VIF")
    R = correlation(X)
    vif, ok = _vif(R)
    r2 = np.where(ok, 1 - 1 / np.where(ok, vif, 1.0), 1.0)
    return pd.DataFrame({"construct": names, "vif": vif, "r2": r2, "ok": ok})


@dataclass(frozen=True)
class HarmanResult:
    """Harman's single-factor test as principal components of the items' correlation matrix.

    Attributes
    ----------
    share : float
        λ₁ / p, the share of the items' total (standardized) variance explained by the first unrotated component.
    eigenvalues : ndarray (p,)
        Eigenvalues of the items' correlation matrix, largest first.
    loadings : Series
        The first component's loadings √λ₁ · v₁ by item (sign chosen so that their sum is positive).
    """

    share: float
    eigenvalues: np.ndarray
    loadings: pd.Series

    @property
    def n_items(self) -> int:
        return len(self.eigenvalues)


def harman_single_factor(items: pd.DataFrame) -> HarmanResult:
    """Harman's single-factor test: share of the variance of all items explained by one unrotated factor.

    The factor is the first principal component of the items' Pearson correlation matrix R (p items): share =
    λ₁ / p = Σ_i ℓ_i² / p with loadings ℓ = √λ₁ v₁ (Podsakoff et al. 2003, p. 889; the extraction of
    ``psych::principal(R, nfactors = 1, rotate = "none")``, "Proportion Var"). A share of 50 % or more is
    read as a common method factor (Podsakoff et al. 2003). A maximum-likelihood or principal-axis factor gives a
    smaller share (communalities below 1) and is not computed here.

    Parameters
    ----------
    items : DataFrame
        The answers to every item of the model, one column per item, missing values already treated
        (e.g. ``PLSResult.data.imputed``).
    """
    X = items.to_numpy(dtype=float)
    names = [str(c) for c in items.columns]
    if X.shape[1] < 2 or X.shape[0] < 3 or not np.isfinite(X).all():
        raise DataError("Harman's test needs at least two items and three complete rows; got {p} items and {n} "
                        "rows, or missing values".format(p=X.shape[1], n=X.shape[0]), "Harman's single-factor test",
                        "treat missing answers first and include all items of the model")
    sd = X.std(axis=0, ddof=1)
    if (sd == 0).any():
        bad = names[int(np.flatnonzero(sd == 0)[0])]
        raise DataError("item {item} has the same answer in every row, so it has no correlation".format(item=bad),
                        "Harman's single-factor test, column {item}".format(item=bad),
                        "remove the item from the model")
    R = correlation(X)
    values, vectors = np.linalg.eigh((R + R.T) / 2)
    values, vectors = values[::-1], vectors[:, ::-1]
    v1 = vectors[:, 0] if vectors[:, 0].sum() >= 0 else -vectors[:, 0]
    loadings = pd.Series(np.sqrt(max(values[0], 0.0)) * v1, index=names, name="loading")
    return HarmanResult(share=float(values[0] / X.shape[1]), eigenvalues=values, loadings=loadings)


def method_bias_table(vif: pd.DataFrame, harman: HarmanResult) -> pd.DataFrame:
    """The common-method-bias table from the two tests: ``test, construct, value, threshold, verdict, rule,
    reference, note``; one full-collinearity row per construct (verdict ``pass`` below 3.3, ``fail`` at or above;
    an infinite VIF is NaN, ``fail``, with a note) and one Harman row (``construct`` = ``(all items)``, value = the
    first component's share, 0-1). ``attrs["warnings"]`` holds the sentences for the log and the report."""
    rule_v, rule_h = RULES["full_collinearity_vif"], RULES["harman_single_factor"]
    rows, warnings = [], []
    for r in vif.itertuples(index=False):
        if r.ok:
            verdict, note = ("pass" if r.vif < FULL_COLLINEARITY_VIF_MAX else "fail"), ""
        else:
            verdict = "fail"
            note = ("the scores of {name} are an exact linear function of the other constructs' scores: the VIF is "
                    "infinite").format(name=r.construct)
            warnings.append("full-collinearity VIF: {note}".format(note=note))
        rows.append(("full_collinearity_vif", r.construct, r.vif, FULL_COLLINEARITY_VIF_MAX, verdict, rule_v.text,
                     rule_v.reference, note))
    verdict = "pass" if harman.share < HARMAN_SHARE_MAX else "fail"
    note = "first eigenvalue {ev:.3f} of {p} items".format(ev=harman.eigenvalues[0], p=harman.n_items)
    rows.append(("harman_single_factor", ALL_ITEMS, harman.share, HARMAN_SHARE_MAX, verdict, rule_h.text,
                 rule_h.reference, note))
    df = pd.DataFrame(rows, columns=COLUMNS)
    df.attrs["warnings"] = warnings
    return df


def common_method_bias(res) -> pd.DataFrame:
    """Full-collinearity VIF on the construct scores and Harman's test on all items of a PLS estimate.

    ``res`` is a :class:`surveysem.pls.PLSResult`: the VIF uses ``res.scores`` (interaction terms left out,
    being products of other constructs' scores), Harman's test ``res.data.imputed`` (every item the model uses,
    after the missing-data treatment, each item once). Returns :func:`method_bias_table`.
    """
    scores = res.scores
    products = [c for c in getattr(res.model, "interaction_names", ()) if c in scores.columns]
    return method_bias_table(full_collinearity_vif(scores.drop(columns=products)),
                             harman_single_factor(res.data.imputed))


MARKER_COLUMNS = ["test", "subject", "value", "value_with_marker", "difference", "p", "p_with_marker",
                  "significant", "significant_with_marker", "verdict", "rule", "reference", "note"]
#: the name of the marker's construct in the re-estimated model
MARKER_CONSTRUCT = "MARKER"


def lindell_whitney(scores: pd.DataFrame, marker: pd.Series, alpha: float = 0.05) -> tuple[pd.DataFrame, float]:
    """Lindell & Whitney's (2001) marker-adjusted correlations of every pair of constructs.

    r_A = (r_U − r_M) / (1 − r_M) (their eq. 4), with r_M the smallest positive correlation between the marker and a
    construct's scores (their proxy r_S for the common method variance; 0 when none is positive), tested with
    t = r_A / √((1 − r_A²) / (n − 3)) on n − 3 degrees of freedom (their eq. 5); the unadjusted r is tested the usual
    way, t = r √(n − 2) / √(1 − r²), n − 2 df. Two-sided p-values.

    Returns the table (``MARKER_COLUMNS``, ``test`` = ``marker_correlation``; ``value`` r, ``value_with_marker``
    r_A) and r_M.
    """
    names = [str(c) for c in scores.columns]
    X = np.column_stack([scores.to_numpy(dtype=float), marker.to_numpy(dtype=float)])
    n = X.shape[0]
    R = correlation(X)
    with_marker = R[-1, :-1]
    positive = with_marker[with_marker > 0]
    r_m = float(positive.min()) if len(positive) else 0.0
    rule = RULES["marker_correlation"]
    rows = []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            r = float(R[i, j])
            ra = (r - r_m) / (1 - r_m)
            t = r * np.sqrt((n - 2) / max(1 - r * r, np.finfo(float).tiny))
            ta = ra * np.sqrt((n - 3) / max(1 - ra * ra, np.finfo(float).tiny))
            p, pa = 2 * stats.t.sf(abs(t), n - 2), 2 * stats.t.sf(abs(ta), n - 3)
            sig, siga = p < alpha, pa < alpha
            verdict = "fail" if sig and not siga else "pass"
            note = "r_M = {rm:.3f}".format(rm=r_m)
            rows.append(("marker_correlation", f"{names[i]} - {names[j]}", r, ra, ra - r, p, pa,
                         "yes" if sig else "no", "yes" if siga else "no", verdict, rule.text, rule.reference, note))
    return pd.DataFrame(rows, columns=MARKER_COLUMNS), r_m


def marker_model(model, marker: str):
    """``model`` with the marker as a single-item construct :data:`MARKER_CONSTRUCT` that predicts every
    endogenous construct (Rönkkö & Ylitalo 2011; Chin et al. 2013, the measured latent marker variable)."""
    lines = [model.to_syntax(), f"{MARKER_CONSTRUCT} =~ {marker}"]
    lines += [f"{y} ~ {MARKER_CONSTRUCT}" for y in model.endogenous]
    return parse_model("\n".join(lines))


def marker_paths(paths: pd.DataFrame, controlled: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """Each path with and without the marker as control, and the marker's own paths.

    ``paths`` and ``controlled`` are path tables (``from, to, estimate`` and, bootstrapped, ``p``) of the model and of
    :func:`marker_model`. A path significant without the marker and not with it fails: its significance may come
    from common method variance (Rönkkö & Ylitalo 2011).
    """
    rule = RULES["marker_path"]
    key = ["from", "to"]
    c = controlled.set_index(key)
    rows = []
    for r in paths.to_dict("records"):
        k = (r["from"], r["to"])
        est, est_m = float(r["estimate"]), float(c.loc[k, "estimate"])
        p = float(r.get("p", np.nan))
        pm = float(c.loc[k, "p"]) if "p" in c else np.nan
        sig, sigm = (p < alpha) if np.isfinite(p) else None, (pm < alpha) if np.isfinite(pm) else None
        verdict = "fail" if sig and sigm is False else ("pass" if sig is not None and sigm is not None else "n/a")
        rows.append(("marker_path", f"{k[0]} -> {k[1]}", est, est_m, est_m - est, p, pm, _yn(sig), _yn(sigm),
                     verdict, rule.text, rule.reference, ""))
    for k, r in c.iterrows():
        if k[0] != MARKER_CONSTRUCT:
            continue
        pm = float(r["p"]) if "p" in c else np.nan
        rows.append(("marker_path", f"{k[0]} -> {k[1]}", np.nan, float(r["estimate"]), np.nan, np.nan, pm, "",
                     _yn(pm < alpha if np.isfinite(pm) else None), "n/a", rule.text, rule.reference,
                     "the marker's own path"))
    return pd.DataFrame(rows, columns=MARKER_COLUMNS)


def _yn(flag) -> str:
    return "" if flag is None else ("yes" if flag else "no")


def marker_variable(res, boot, data: pd.DataFrame, marker: str, alpha: float = 0.05,
                    missing_values=()) -> pd.DataFrame:
    """The measured-marker checks of common method bias for a PLS estimate (``marker:`` in config).

    Parameters
    ----------
    res : PLSResult
        The final estimate (its construct scores; its settings are reused for the marker model).
    boot : BootstrapResult or None
        Its bootstrap: the marker model is bootstrapped with the same number of resamples and seed, so the paths'
        significance with and without the marker is judged alike (without it, ``p`` columns are NaN).
    data : DataFrame
        The data the estimate read, with the marker column (the model's items and the marker).
    marker : str
        The marker column: a variable theory says is unrelated to the model's constructs, asked in the same
        questionnaire (Lindell & Whitney 2001), e.g. an attitude toward something unrelated.

    Returns
    -------
    DataFrame
        :data:`MARKER_COLUMNS`: :func:`lindell_whitney` rows (every pair of constructs) then
        :func:`marker_paths` rows (every path, and the marker's own paths).
    """
    if marker in res.model.indicators:
        raise DataError("the marker column {m} is an item of the model".format(m=marker), "marker",
                        "name a column that is not in the model: a marker must be theoretically unrelated")
    values = numeric_items(data, [marker], missing_values=missing_values, source=res.data.source)[marker]
    if res.data.missing == "listwise":  # the rows the estimate kept: complete on the model's items
        items = numeric_items(data, list(res.model.indicators), missing_values=missing_values, source=res.data.source)
        values = values[~items.isna().any(axis=1).to_numpy()]
    values = values.reset_index(drop=True)
    if values.isna().all() or values.std() == 0:
        raise DataError("the marker column {m} is empty or has the same value in every row".format(m=marker),
                        "marker", "name a column with answers that vary")
    values = values.fillna(values.mean())
    scores = res.scores.drop(columns=[c for c in res.model.interaction_names if c in res.scores.columns])
    correlations, _ = lindell_whitney(scores, values, alpha=alpha)
    s = res.settings
    controlled = pls(data, marker_model(res.model, marker), scheme=s["scheme"], missing=s["missing"],
                     missing_values=missing_values, tol=s["tol"], max_iter=s["max_iter"], source=res.data.source,
                     interaction=s.get("interaction", "two_stage"), hoc=s.get("hoc", "two_stage"),
                     consistent=s.get("consistent", False))
    paths, cpaths = res.paths, controlled.paths
    if boot is not None:
        bs = boot.settings
        cboot = controlled.bootstrap(boot=boot.n_requested, seed=bs.get("seed"), ci=bs.get("ci", 0.95), bca=False,
                                     progress=False)
        paths, cpaths = boot.paths, cboot.paths
    return pd.concat([correlations, marker_paths(paths, cpaths, alpha=alpha)], ignore_index=True)
