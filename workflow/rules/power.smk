# A power study (kind: power) runs as many jobs: one `surveysem power-chunk` per sample size n and chunk of its
# replications (`power_chunks` in config.yaml), then one `surveysem power-gather` that writes the study's folder. The
# chunk files hold every replication's numbers, which depend on (seed, n, replication) only, so the folder is the same
# bytes for any number of chunks, jobs or machines (docs/power.md). Both rules are thin, like those of steps.smk.

POWER = kinds.STEPS["power"]


wildcard_constraints:
    n="[0-9]+",
    chunk="[0-9]+",


rule power_chunk:
    """One chunk of one sample size's replications of a power study."""
    input:
        unpack(step_inputs(POWER)),
    output:
        f"{RES}/{{study}}/power_chunks/n{{n}}_chunk{{chunk}}.json",
    params:
        command=lambda wc, input, output: power_command(
            "power-chunk", wc, input, output, ["--at", wc.n, "--chunk", wc.chunk, "--jobs", "1"]
        ),
    conda:
        "../envs/surveysem.yaml"
    log:
        f"{RES}/logs/{{study}}/power_chunk_n{{n}}_{{chunk}}.log",
    shell:
        step("{params.command}")


rule power:
    """Monte Carlo power of every path and specific indirect effect: the chunks gathered into the study's folder."""
    input:
        unpack(step_inputs(POWER)),
        parts=power_chunk_files,
    output:
        step_output(POWER),
    params:
        command=lambda wc, input, output: power_command(
            "power-gather", wc, input, output, ["--parts"] + [shlex.quote(p) for p in input.parts]
        ),
    conda:
        "../envs/surveysem.yaml"
    log:
        f"{RES}/logs/{{study}}/{POWER.log}.log",
    shell:
        step("{params.command}")
