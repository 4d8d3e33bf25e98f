# Helpers shared by the rules. What a study runs is read from the study-kind registry (src/surveysem/kinds/): the
# steps of its kind, what each step reads, the folders the report step needs. The shell wrapper keeps each step's
# log and shows its one-line error on failure.
import posixpath
import shlex

from surveysem import kinds


def kind_of(name):
    return STUDIES[name]["kind"]


def study_targets(name):
    """Every file or folder the target `all` asks for, by study: summary, Word and HTML report, tables, and the
    folder of each step it runs besides the analysis (which the tables need anyway)."""
    study, base = STUDIES[name], f"{RES}/{name}"
    analysis = kinds.KINDS[study["kind"]].analysis
    return [f"{base}/summary.md", f"{base}/report.docx", f"{base}/report.html", f"{base}/tables"] + [
        f"{base}/{s.folder}" for s in kinds.study_steps(study) if s.name != analysis]


def model_path(wildcards):
    study = STUDIES[wildcards.study]
    return f"{RES}/{wildcards.study}/model.lav" if model_is_inline(study) else study["model"]


def step(command):
    """Run `surveysem <command>`; stdout and stderr go to the log, and a failure repeats the error line on stderr."""
    return f'"{PY}" -m surveysem {command} > {{log:q}} 2>&1 || {{{{ tail -n 1 {{log:q}} >&2; exit 2; }}}}'


def step_inputs(declared):
    """The input function of a step's rule, which gives the study's files, the upstream folders and the model."""

    def inputs(wildcards):
        study, base = STUDIES[wildcards.study], f"{RES}/{wildcards.study}"
        out = {}
        for i in declared.inputs:
            if i.config and i.step:  # a step's folder of the study the key names (power: from -> results/<from>/pls)
                out[i.name] = f"{RES}/{study[i.config]}/{kinds.STEPS[i.step].folder}" if study.get(i.config) else []
            elif i.config:
                out[i.name] = study.get(i.config) or []  # an optional file the study does not name: nothing to wait for
            elif i.optional and i.model and not study.get("model"):
                out[i.name] = []
            elif i.step:
                out[i.name] = f"{base}/{kinds.STEPS[i.step].folder}"
            else:
                out[i.name] = model_path(wildcards)
        return out

    return inputs


def step_command(declared, wildcards, input, output):
    """`<command> --data ... --out ... <settings>` for one job of a step: each input with its option (quoted as
    `{input:q}` would), `--out`, then the study's settings as options (surveysem.config.main_args)."""
    words = [declared.command]
    for i in declared.inputs:
        if i.option and input.get(i.name):  # an optional input the study does not name has no option
            path = shlex.quote(input[i.name])
            words.append(f"{i.option} {posixpath.join(path, i.file) if i.file else path}")
    words.append(f"--out {shlex.quote(output[0])}")
    args = main_args(STUDIES[wildcards.study], declared.name)
    return " ".join(words + ([args] if args else []))


def step_output(declared):
    """The step's folder; its figures enter the HTML report with the step's caption."""
    folder = directory(f"{RES}/{{study}}/{declared.folder}")
    if declared.report is None:
        return folder
    return report(folder, patterns=list(declared.report.patterns), caption=f"../report/{declared.report.caption}",
                  category="{study}", subcategory="figures")


def study_title(name):
    return STUDIES[name].get("title") or name


def analysis_inputs(wildcards):
    """The folders a study's tables and summary are made from: the analysis, and the upstream and optional steps the
    report reads beside it (cleaning, the CB-SEM cross-check)."""
    study, base = STUDIES[wildcards.study], f"{RES}/{wildcards.study}"
    kind = kinds.KINDS[study["kind"]]
    out = {"analysis": f"{base}/{kinds.STEPS[kind.analysis].folder}"}
    for s in kinds.study_steps(study):
        if s.name in kind.upstream or s.name in kind.optional.values():
            out[s.name] = f"{base}/{s.folder}"
    return out


def summary_inputs(wildcards):
    """The summary links the figures of a kind that draws them in a step of its own, so it is written after them."""
    out = analysis_inputs(wildcards)
    kind = kinds.KINDS[kind_of(wildcards.study)]
    if kind.figures:
        out["figures"] = f"{RES}/{wildcards.study}/{kinds.STEPS[kind.figures].folder}"
    return out


def extra_inputs(input):
    """`--cleaning DIR --cbsem DIR` for the folders beside the analysis (the report step reads them)."""
    return " ".join(f"--{key} {shlex.quote(input[key])}" for key in input.keys() if key not in ("analysis", "figures"))


def report_inputs(wildcards):
    """The report reads what the summary reads, and the study's Word template if it names one."""
    out = summary_inputs(wildcards)
    template = STUDIES[wildcards.study].get("docx_template")
    if template:
        out["template"] = template
    return out


def report_args(wildcards, input):
    """`--cleaning DIR --cbsem DIR`, the study's output language, and `--docx-template FILE` if it names one (the
    report settings of the registry, surveysem.kinds.REPORT_SETTINGS)."""
    study = STUDIES[wildcards.study]
    words = [f"--language {shlex.quote(study.get('language') or 'en')}"]
    folders = {key: input[key] for key in input.keys() if key != "template"}
    words += [f"--{key} {shlex.quote(path)}" for key, path in folders.items() if key not in ("analysis", "figures")]
    for key in kinds.REPORT_SETTINGS:
        words += [shlex.quote(a) for a in kinds.SETTINGS[key].args(study.get(key))]
    return " ".join(words)


# --- power studies (workflow/rules/power.smk): the chunk files and the two commands
def power_chunk_files(wildcards):
    """Every chunk file of a power study: each n of its grid times each chunk."""
    study = STUDIES[wildcards.study]
    return [f"{RES}/{wildcards.study}/power_chunks/n{n}_chunk{c}.json" for n in study["n"]
            for c in range(study["power_chunks"])]


def power_command(command, wildcards, input, output, extra=()):
    """`power-chunk` or `power-gather` with the population (`--from` folder or `--model` file), `--out`, the
    study's settings as options (surveysem.config.main_args) and the chunk's own arguments."""
    words = [command]
    for i in kinds.STEPS["power"].inputs:
        if input.get(i.name):
            words.append(f"{i.option} {shlex.quote(input[i.name])}")
    words += list(extra) + [f"--out {shlex.quote(output[0])}", main_args(STUDIES[wildcards.study], "power")]
    return " ".join(words)
