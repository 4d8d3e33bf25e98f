# Live-commerce studies (kinds sessions and coding), and the formatted tables and summary of every study.


rule sessions:
    """Per-account session metrics, frequency vs GMV per session (rank correlations, HC3 log-log OLS), figures."""
    input:
        data=lambda wc: STUDIES[wc.study]["data"],
    output:
        report(
            directory(f"{RES}/{{study}}/sessions"),
            patterns=["figures/{name}.png"],
            caption="../report/sessions_figures.rst",
            category="{study}",
            subcategory="figures",
        ),
    params:
        args=lambda wc: main_args(STUDIES[wc.study], "sessions"),
    conda:
        "../envs/surveysem.yaml"
    log:
        f"{RES}/logs/{{study}}/sessions.log",
    shell:
        step("sessions --data {input.data:q} --out {output:q} {params.args}")


rule coding:
    """Case × theme matrix, prevalence, co-occurrence, audit trail (and kappa with two coders)."""
    input:
        segments=lambda wc: STUDIES[wc.study]["segments"],
        codebook=lambda wc: STUDIES[wc.study]["codebook"],
        cases=lambda wc: STUDIES[wc.study]["cases"] or [],
    output:
        report(
            directory(f"{RES}/{{study}}/coding"),
            patterns=["figures/{name}.png"],
            caption="../report/coding_figures.rst",
            category="{study}",
            subcategory="figures",
        ),
    params:
        args=lambda wc: main_args(STUDIES[wc.study], "coding"),
    conda:
        "../envs/surveysem.yaml"
    log:
        f"{RES}/logs/{{study}}/coding.log",
    shell:
        step("coding --segments {input.segments:q} --codebook {input.codebook:q} --out {output:q} {params.args}")


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
    conda:
        "../envs/surveysem.yaml"
    log:
        f"{RES}/logs/{{study}}/tables.log",
    shell:
        step("report tables --kind {params.kind} --in {input.analysis:q} {params.extra} --title {params.title:q} "
             "--out {output:q}")


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
    conda:
        "../envs/surveysem.yaml"
    log:
        f"{RES}/logs/{{study}}/summary.log",
    shell:
        step("report summary --kind {params.kind} --study {wildcards.study} --title {params.title:q} "
             "--in {input.analysis:q} {params.extra} --out {output:q}")
