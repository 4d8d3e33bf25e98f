# Survey studies (kind pls or regression): clean → estimate/assess (→ CB-SEM) → tables, figures, summary.


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


rule clean:
    """Missing codes, out-of-range answers, straight-lining, duplicates, reverse coding, outliers, descriptives."""
    input:
        data=lambda wc: STUDIES[wc.study]["data"],
        model=model_path,
    output:
        directory(f"{RES}/{{study}}/cleaning"),
    params:
        args=lambda wc: main_args(STUDIES[wc.study], "clean"),
    conda:
        "../envs/surveysem.yaml"
    log:
        f"{RES}/logs/{{study}}/clean.log",
    shell:
        step("clean --data {input.data:q} --model {input.model:q} --out {output:q} {params.args}")


rule pls:
    """PLS-SEM estimate, bootstrap and the full assessment (reliability, validity, structural model, fit, mediation)."""
    input:
        cleaning=f"{RES}/{{study}}/cleaning",
        model=model_path,
    output:
        directory(f"{RES}/{{study}}/pls"),
    params:
        args=lambda wc: main_args(STUDIES[wc.study], "pls"),
    conda:
        "../envs/surveysem.yaml"
    log:
        f"{RES}/logs/{{study}}/pls.log",
    shell:
        step("pls --data {input.cleaning:q}/clean.csv --model {input.model:q} --out {output:q} {params.args}")


rule cbsem:
    """Covariance-based cross-check (semopy ML) beside the PLS estimate."""
    input:
        cleaning=f"{RES}/{{study}}/cleaning",
        model=model_path,
        pls=f"{RES}/{{study}}/pls",
    output:
        report(
            directory(f"{RES}/{{study}}/cbsem"),
            patterns=["{name}.png"],
            caption="../report/cbsem.rst",
            category="{study}",
            subcategory="figures",
        ),
    params:
        args=lambda wc: main_args(STUDIES[wc.study], "cbsem"),
    conda:
        "../envs/surveysem.yaml"
    log:
        f"{RES}/logs/{{study}}/cbsem.log",
    shell:
        step("cbsem --data {input.cleaning:q}/clean.csv --model {input.model:q} --pls-dir {input.pls:q} "
             "--out {output:q} {params.args}")


rule regression:
    """SPSS-style instrument tests, classic assumption tests, simple and multiple OLS, hypotheses."""
    input:
        cleaning=f"{RES}/{{study}}/cleaning",
        model=model_path,
    output:
        report(
            directory(f"{RES}/{{study}}/regression"),
            patterns=["figures/{name}.png"],
            caption="../report/regression_figures.rst",
            category="{study}",
            subcategory="figures",
        ),
    params:
        args=lambda wc: main_args(STUDIES[wc.study], "regression"),
    conda:
        "../envs/surveysem.yaml"
    log:
        f"{RES}/logs/{{study}}/regression.log",
    shell:
        step("regression --data {input.cleaning:q}/clean.csv --model {input.model:q} --out {output:q} {params.args}")


rule pls_figures:
    """Path diagram, HTMT heatmap, loadings, bootstrap distributions, score distributions."""
    input:
        f"{RES}/{{study}}/pls",
    output:
        report(
            directory(f"{RES}/{{study}}/figures"),
            patterns=["{name}.png"],
            caption="../report/pls_figures.rst",
            category="{study}",
            subcategory="figures",
        ),
    conda:
        "../envs/surveysem.yaml"
    log:
        f"{RES}/logs/{{study}}/figures.log",
    shell:
        step("report figures --kind pls --in {input:q} --out {output:q}")
