# The formatted tables and the summary of every study, from the folders its steps wrote.


rule tables:
    """APA-formatted Markdown, HTML and LaTeX versions of every tidy table (rounded for print; CSVs keep full precision)."""
    input:
        unpack(analysis_inputs),
    output:
        report(
            directory(f"{RES}/{{study}}/tables"),
            patterns=["{name}.html"],
            caption="../report/tables.rst",
            category="{study}",
            subcategory="tables",
        ),
    params:
        kind=lambda wc: kind_of(wc.study),
        extra=lambda wc, input: extra_inputs(input),
        title=lambda wc: f"{study_title(wc.study)}: tables",
        language=lambda wc: STUDIES[wc.study]["language"],
    conda:
        "../envs/surveysem.yaml"
    log:
        f"{RES}/logs/{{study}}/tables.log",
    shell:
        step("report tables --kind {params.kind} --in {input.analysis:q} {params.extra} --title {params.title:q} "
             "--language {params.language} --out {output:q}")


rule summary:
    """The study's write-up in thesis order: sample, cleaning, measurement, structural model, mediation, hypotheses."""
    input:
        unpack(summary_inputs),
    output:
        report(f"{RES}/{{study}}/summary.md", caption="../report/summary.rst", category="{study}", subcategory="summary"),
    params:
        kind=lambda wc: kind_of(wc.study),
        extra=lambda wc, input: extra_inputs(input),
        title=lambda wc: study_title(wc.study),
        language=lambda wc: STUDIES[wc.study]["language"],
    conda:
        "../envs/surveysem.yaml"
    log:
        f"{RES}/logs/{{study}}/summary.log",
    shell:
        step("report summary --kind {params.kind} --study {wildcards.study} --title {params.title:q} "
             "--in {input.analysis:q} {params.extra} --language {params.language} --out {output:q}")
