"""Discriminant validity: HTMT (Henseler, Ringle & Sarstedt 2015), batched over correlation matrices."""
from __future__ import annotations

import numpy as np
import pandas as pd


def htmt_batch(S: np.ndarray, block: np.ndarray, n_constructs: int, absolute: bool = True) -> np.ndarray:
    """Heterotrait-monotrait ratio of correlations for a stack of indicator correlation matrices.

    HTMT_ij = mean heterotrait correlation r(x_i, x_j) over all item pairs of constructs i and j, divided by the
    geometric mean of the average monotrait (within-construct, off-diagonal) correlations of i and of j
    (Henseler et al. 2015, eq. 6). Like R seminr 2.3.2 this uses |r| (``absolute=True``) and takes 1 as the
    monotrait mean of a single-item construct.

    Parameters
    ----------
    S : ndarray (..., p, p)
    block : ndarray (p,)
        Construct index of each indicator.

    Returns
    -------
    ndarray (..., K, K), symmetric with NaN on the diagonal.
    """
    R = np.abs(S) if absolute else np.asarray(S)
    K = n_constructs
    G = np.zeros((len(block), K))
    G[np.arange(len(block)), block] = 1.0
    sums = np.einsum("pk,...pq,ql->...kl", G, R, G)  # sum of |r| over item pairs, diagonal blocks include r_ii = 1
    size = G.sum(axis=0)
    pairs = np.outer(size, size)
    hetero = sums / pairs
    diag_sum = np.einsum("...kk->...k", sums) - size  # drop the unit diagonal
    with np.errstate(invalid="ignore", divide="ignore"):
        mono = np.where(size > 1, diag_sum / (size * (size - 1)), 1.0)
        out = hetero / np.sqrt(mono[..., :, None] * mono[..., None, :])
    idx = np.arange(K)
    out[..., idx, idx] = np.nan
    return out


def htmt(indicator_corr: pd.DataFrame, constructs: dict[str, list[str]], absolute: bool = True) -> pd.DataFrame:
    """Tidy HTMT table ``construct_a, construct_b, htmt`` for every pair (a before b in model order).

    Parameters
    ----------
    indicator_corr : DataFrame
        Indicator correlation matrix (e.g. ``PLSResult.indicator_corr``).
    constructs : dict
        Construct name → its indicators, in model order.
    """
    names = list(constructs)
    items = [i for n in names for i in constructs[n]]
    block = np.array([k for k, n in enumerate(names) for _ in constructs[n]])
    S = indicator_corr.loc[items, items].to_numpy()
    H = htmt_batch(S, block, len(names), absolute=absolute)
    rows = [(names[a], names[b], H[a, b]) for a in range(len(names)) for b in range(a + 1, len(names))]
    return pd.DataFrame(rows, columns=["construct_a", "construct_b", "htmt"])
