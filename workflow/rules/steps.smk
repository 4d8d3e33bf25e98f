# One rule per step of the study-kind registry (src/surveysem/kinds/): clean, pls, pls_figures, cbsem, regression,
# sessions, coding. Each is thin: it runs the step's `surveysem` command on the step's inputs with the study's
# settings as options; a new kind declared in the registry gets its rule here without a line of Snakemake.
# Loop variables are bound as lambda defaults: Snakemake evaluates a rule's shell expression again when a job runs,
# when the loop is over.


rule model_text:
    """A model written inline in config.yaml becomes a file, so every step reads the same model."""
    output:
        f"{RES}/{{study}}/model.lav",
    params:
        text=lambda wc: STUDIES[wc.study]["model"],
    conda:
        "../envs/surveysem.yaml"
    log:
        f"{RES}/logs/{{study}}/model_text.log",
    shell:
        "printf '%s\\n' {params.text:q} > {output:q} 2> {log:q}"


for declared in kinds.STEPS.values():
    if declared.scatter:  # run as chunk jobs and a gather job: workflow/rules/power.smk
        continue

    rule:
        name:
            declared.rule
        input:
            unpack(step_inputs(declared)),
        output:
            step_output(declared),
        params:
            # bound now (declared=declared): the rule's directives are evaluated again when a job runs
            command=lambda wc, input, output, declared=declared: step_command(declared, wc, input, output),
        conda:
            "../envs/surveysem.yaml"
        log:
            f"{RES}/logs/{{study}}/{declared.log}.log",
        shell:
            step("{params.command}")
