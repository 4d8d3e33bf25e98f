"""Live-commerce session analytics: per-account metrics over a window, and whether more sessions sell more.

>>> from surveysem.sessions import run_sessions_study
>>> res = run_sessions_study("data/live_sessions/sessions.csv", seed=1)   # doctest: +SKIP
>>> print(res.summary())                                                  # doctest: +SKIP
"""
from .metrics import account_metrics, rolling_metrics, weekly_sessions
from .parse import parse_number
from .read import read_sessions
from .stats import kendall_tau_b, ols_hc3, rank_correlations, spearman_rho
from .study import SessionsResult, loglog_regression, run_sessions_study

__all__ = [
           "SessionsResult",
           "account_metrics",
           "kendall_tau_b",
           "loglog_regression",
           "ols_hc3",
           "parse_number",
           "rank_correlations",
           "read_sessions",
           "rolling_metrics",
           "run_sessions_study",
           "spearman_rho",
           "weekly_sessions",
]
