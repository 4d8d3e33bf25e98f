# Helpers shared by the rules: which files a study produces, and the shell wrapper that keeps each step's log and
# shows its one-line error on failure.


def kind_of(name):
    return STUDIES[name]["kind"]


def study_targets(name):
    """Every file or folder `rule all` asks for, by study kind."""
    kind = kind_of(name)
    base = f"{RES}/{name}"
    out = [f"{base}/summary.md", f"{base}/tables"]
    if kind in ("pls", "regression"):
        out.append(f"{base}/cleaning")
    if kind == "pls":
        out.append(f"{base}/figures")
        if STUDIES[name]["cbsem"]:
            out.append(f"{base}/cbsem")
    return out


def model_path(wildcards):
    study = STUDIES[wildcards.study]
    return f"{RES}/{wildcards.study}/model.lav" if model_is_inline(study) else study["model"]


def step(command):
    """Run `surveysem <command>`; stdout and stderr go to the log, and a failure repeats the error line on stderr."""
    return f'"{PY}" -m surveysem {command} > {{log:q}} 2>&1 || {{{{ tail -n 1 {{log:q}} >&2; exit 2; }}}}'


def extra_inputs(input):
    """`--cleaning DIR --cbsem DIR` for the folders a study has (the report step reads them beside the analysis)."""
    import shlex

    return " ".join(f"--{key} {shlex.quote(input[key])}" for key in ("cleaning", "cbsem") if key in input.keys())


def study_title(name):
    return STUDIES[name].get("title") or name


def analysis_inputs(wildcards):
    """The folders a study's tables and summary are made from: cleaning, the analysis, the CB-SEM cross-check."""
    name, kind = wildcards.study, kind_of(wildcards.study)
    base = f"{RES}/{name}"
    out = {"analysis": f"{base}/{kind}"}
    if kind in ("pls", "regression"):
        out["cleaning"] = f"{base}/cleaning"
    if kind == "pls" and STUDIES[name]["cbsem"]:
        out["cbsem"] = f"{base}/cbsem"
    return out


def summary_inputs(wildcards):
    """The summary links the PLS figures, so it is written after them."""
    out = analysis_inputs(wildcards)
    if kind_of(wildcards.study) == "pls":
        out["figures"] = f"{RES}/{wildcards.study}/figures"
    return out
