"""surveysem workflow: every table and figure of every study in config.yaml.

    python -m snakemake --cores 2                                # all studies (rule `all`)
    python -m snakemake --cores 2 --report results/report.html   # the HTML report

Rules are thin: each calls one `surveysem <command>`; the statistics live in src/surveysem/.
Study settings become command-line options in surveysem.config.cli_args.
"""
import sys

from surveysem.config import load_config, main_args, model_is_inline
from surveysem.errors import ConfigError


configfile: "config.yaml"


try:
    CFG = load_config(config, source="config.yaml")
except ConfigError as exc:
    sys.exit(f"surveysem: error: {exc.message}")

STUDIES = CFG["studies"]
RES = CFG["results"]
PY = sys.executable


wildcard_constraints:
    study="[A-Za-z][A-Za-z0-9_-]*",


include: "workflow/rules/common.smk"
include: "workflow/rules/survey.smk"
include: "workflow/rules/other.smk"


rule all:
    default_target: True
    input:
        [target for name in STUDIES for target in study_targets(name)],
