"""Study kind ``power``: Monte Carlo power of every path and specific indirect effect over a grid of sample sizes.

The population comes from a fitted PLS study of the same config (``from: shopee_trust``: its folder
``results/<study>/pls``) or from a model file with fixed values (``model:``, lavaan's ``0.3*X``). The workflow splits
each sample size's replications into ``power_chunks`` jobs (``surveysem power-chunk``, ``workflow/rules/power.smk``)
and gathers them into the study's folder (``surveysem power-gather``); ``surveysem power`` does both in one command.
"""
from __future__ import annotations

from .base import Input, Report, Setting, Step, StudyKind

SETTINGS = (
    Setting("from", "string", "the PLS study of this config whose estimates are the population (its name)"),
    Setting("n", "array", "sample sizes of the power grid", default=[50, 75, 100, 150, 200, 300]),
    Setting("replications", "integer", "Monte Carlo replications per sample size", default=1000),
    Setting("interval", "", "bootstrap interval of the decision (0 outside the (1 - alpha) interval)",
            default="percentile", choices=("percentile", "bca")),
    Setting("power_target", "number", "power an effect must reach (min_n.csv)", default=0.8),
    Setting("power_chunks", "integer", "jobs each sample size's replications are split into (same results)",
            default=1),
)

#: the fitted study named by ``from``: its PLS folder (``results/<from>/pls``)
FROM_STUDY = Input("from", "--from", config="from", step="pls", optional=True)
#: or a model file with fixed population values
POPULATION_MODEL = Input("model", "--model", model=True, optional=True)

STEP = Step(
    "power",
    command="power",
    doc="Monte Carlo power of every path and specific indirect effect over a grid of sample sizes.",
    inputs=(FROM_STUDY, POPULATION_MODEL),
    settings=("n", "replications", "boot", "interval", "alpha", "power_target", "power_chunks", "seed", "language"),
    files={
        "run.json": "population source, grid, seeds, decision rule, warnings, file list",
        "power.csv": "power per effect and n with its Monte Carlo 95 % interval, mean estimate, bias, coverage, "
                     "failed replications",
        "min_n.csv": "smallest n of the grid reaching the target power, per effect",
        "population.csv": "the population values the samples were drawn from",
        "summary.txt": "plain-text overview",
    },
    required=("run.json", "power.csv", "min_n.csv"),
    run_first="surveysem power --from DIR --seed S --out {dir}",
    tables="surveysem.report.tables:POWER_TABLES",
    figures="surveysem.power.figures:power_figures",
    report=Report(("figures/{name}.png",), "power_figures.rst"),
    scatter=True,
)

KIND = StudyKind("power", title="Power analysis tables")
