"""surveysem workflow: every table and figure of every study in config.yaml.

    python -m snakemake --cores 2                                # all studies (rule `all`)
    python -m snakemake --cores 2 --report results/report.html   # the HTML report

Rules are thin: each calls one `surveysem <command>`; the statistics live in src/surveysem/.
Which steps a study runs, what they read and which settings they take is declared once, in the study-kind registry
(src/surveysem/kinds/); workflow/rules/steps.smk makes one rule per step from it, and the settings become command-line
options in surveysem.config.cli_args.
"""
import sys

from snakemake.logging import logger

from surveysem.config import main_args, model_is_inline, studies_to_run, workflow_config
from surveysem.errors import ConfigError


# config.yaml is read by surveysem (not by a `configfile:` directive), so that an empty, non-UTF-8 or non-mapping
# file, a repeated key, a bad value or a missing input file is one `surveysem: error:` line naming the study and the
# key. --configfile/--config still extend it, as they extend a `configfile:`. A key renamed since an earlier release
# is read under its new name with one warning line in Snakemake's log.
try:
    CFG = workflow_config(config, "config.yaml", override_files=getattr(workflow, "overwrite_configfiles", None) or [],
                          warn=logger.warning)
except ConfigError as exc:
    sys.exit(f"surveysem: error: {exc.message}")
config.update(CFG)
if "config.yaml" not in workflow.configfiles:  # listed in the report and archives, as a `configfile:` would be
    workflow.configfiles.append("config.yaml")

STUDIES = CFG["studies"]
RES = CFG["results"]
PY = sys.executable


wildcard_constraints:
    study="[A-Za-z][A-Za-z0-9_-]*",


include: "workflow/rules/common.smk"
include: "workflow/rules/steps.smk"
include: "workflow/rules/power.smk"
include: "workflow/rules/report.smk"


rule all:
    default_target: True
    input:
        [target for name in studies_to_run(CFG) for target in study_targets(name)],
