"""Monte Carlo power analysis of PLS-SEM studies (``kind: power``; docs/power.md).

:mod:`.population` (the population: a fitted study or a model file with fixed values), :mod:`.montecarlo` (the
batched, seeded replications and the power tables), :mod:`.study` (chunks, gather, the result folder),
:mod:`.figures` (the power curve), :mod:`.cli` (the commands).
"""
