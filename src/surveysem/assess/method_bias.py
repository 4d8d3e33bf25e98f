"""Common method bias: Kock's full-collinearity VIF and Harman's single-factor test, each with its verdict.

Both are the usual answers to a reviewer's question about common method variance in single-source survey data
(Podsakoff, MacKenzie, Lee & Podsakoff 2003; Kock 2015). :func:`common_method_bias` returns one tidy table
``test, construct, value, threshold, verdict, rule, reference, note``; :func:`full_collinearity_vif` and
:func:`harman_single_factor` compute the two tests from plain DataFrames (construct scores, item answers), so they
work on any scores, not only this package's PLS estimate.

Not built yet: the unmeasured marker-variable approach (Lindell & Whitney 2001) and the wiring into the workflow,
the config and the report.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import DataError
from ..pls.prepare import correlation
from .rules import Rule, cut
from .structural import _vif

KOCK = "Kock (2015), Int. J. e-Collab. 11(4), 1-10; Kock & Lynn (2012), J. Assoc. Inf. Syst. 13(7), 546-580"
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
