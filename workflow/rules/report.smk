# The formatted tables, the summary and the Word and HTML report of every study, from the folders its steps wrote.


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


rule report_docx:
    """The summary as a Word document: every table an editable APA table, every figure embedded (a campus template
    if the study names one)."""
    input:
        unpack(report_inputs),
    output:
        report(f"{RES}/{{study}}/report.docx", caption="../report/report_docx.rst", category="{study}",
               subcategory="summary"),
    params:
        kind=lambda wc: kind_of(wc.study),
        extra=lambda wc, input: report_args(wc, input),
        title=lambda wc: study_title(wc.study),
    conda:
        "../envs/surveysem.yaml"
    log:
        f"{RES}/logs/{{study}}/report_docx.log",
    shell:
        step("report docx --kind {params.kind} --study {wildcards.study} --title {params.title:q} "
             "--in {input.analysis:q} {params.extra} --out {output:q}")


rule report_html:
    """The summary as one self-contained HTML page (figures inline) that opens with a double click."""
    input:
        unpack(summary_inputs),
    output:
        report(f"{RES}/{{study}}/report.html", caption="../report/report_html.rst", category="{study}",
               subcategory="summary"),
    params:
        kind=lambda wc: kind_of(wc.study),
        extra=lambda wc, input: report_args(wc, input),
        title=lambda wc: study_title(wc.study),
    conda:
        "../envs/surveysem.yaml"
    log:
        f"{RES}/logs/{{study}}/report_html.log",
    shell:
        step("report html --kind {params.kind} --study {wildcards.study} --title {params.title:q} "
             "--in {input.analysis:q} {params.extra} --out {output:q}")
