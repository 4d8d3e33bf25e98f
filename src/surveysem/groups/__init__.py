"""Multigroup analysis of PLS path models: group estimates and bootstraps, tests of group differences (permutation,
Henseler's PLS-MGA, parametric and Welch t) and MICOM (Henseler, Ringle & Sarstedt 2016), batched through the engine.

A layer beside :mod:`surveysem.assess` (imports pls, model, stats, errors, io and results). Modules: ``split``
(the group column and its checks), ``estimate`` (groups, resamples and permutations as row-count vectors through the
plan), ``mga`` (the tests), ``micom``, ``analysis`` (:func:`multigroup`, :class:`MultigroupResult`), ``cli``
(``surveysem mga``). Docs: ``docs/groups.md``.
"""
from .analysis import MultigroupResult, multigroup
from .split import GROUP_MIN_N, Groups, split_groups

__all__ = ["GROUP_MIN_N", "Groups", "MultigroupResult", "multigroup", "split_groups"]
