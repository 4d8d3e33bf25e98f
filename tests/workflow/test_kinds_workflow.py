"""The workflow's rules come from the study-kind registry (workflow/rules/steps.smk): the example config plans the
steps each kind declares, with the study's settings as options named like the config keys; a config key renamed
since an earlier release still runs, with one warning line in Snakemake's log."""
from __future__ import annotations

import re
import shutil

import yaml
from workflow_copy import ROOT, copy_workflow, run_snakemake


def _example_copy(tmp_path):
    work = copy_workflow(tmp_path / "wf")
    shutil.copytree(ROOT / "data", work / "data")
    shutil.copy(ROOT / "config.yaml", work / "config.yaml")
    return work


def _job_stats(output: str) -> dict[str, int]:
    stats = output.split("Job stats:", 1)[1].split("total", 1)[0]
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\w+)\s+(\d+)$", stats, re.M)}


def test_the_example_config_plans_each_kinds_steps(tmp_path):
    work = _example_copy(tmp_path)
    run = run_snakemake(work, "-n", "-p")
    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout + run.stderr
    # config.yaml: two pls studies with cbsem: true, the higher-order tiktok study, the two-group tiktok study and a
    # moderation study (pls, no cbsem), two regression (numbers; the same as a Forms export), one sessions, one coding
    # study, and one power study from shopee_trust (3 sample sizes x 2 chunks, one gather)
    assert _job_stats(out) == {"clean": 7, "describe": 7, "pls": 5, "pls_figures": 5, "cbsem": 2, "mga": 1, "regression": 2,
                               "sessions": 1, "coding": 1, "power_chunk": 6, "power": 1, "tables": 10, "summary": 10,
                               "report_docx": 10, "report_html": 10, "all": 1}
    assert "--out results/tiktok_gifting_mga/pls --boot 1000 --seed 2024" in out
    assert "--marker mkr --ipma GGI --likert 1 5" in out
    assert ("-m surveysem mga --data results/tiktok_gifting_mga/cleaning/clean.csv --model data/tiktok_gifting/model.lav "
            "--out results/tiktok_gifting_mga/mga --groups gender --permutations 5000 --group-min-n 30 --boot 1000 "
            "--seed 2024") in out
    assert "--mga results/tiktok_gifting_mga/mga" in out  # the folder reaches tables, summary and reports
    # the power study's jobs read shopee_trust's PLS folder and pass the study's settings; the gather reads every chunk
    assert ("-m surveysem power-chunk --from results/shopee_trust/pls --at 100 --chunk 1 --jobs 1 --out "
            "results/shopee_power/power_chunks/n100_chunk1.json --n 50 100 150 --replications 100 --boot 200 "
            "--interval percentile --alpha 0.05 --power-target 0.8 --power-chunks 2 --seed 2022 --language en >") in out
    assert ("-m surveysem power-gather --from results/shopee_trust/pls --parts "
            "results/shopee_power/power_chunks/n50_chunk0.json") in out
    assert "--model data/tiktok_gifting/model_hoc.lav --out results/tiktok_gifting_hoc/pls --boot 1000 --seed 2024" \
           in out and "--hoc two_stage" in out
    assert "--out results/corp_rep_moderation/pls --boot 1000 --seed 2022" in out and "--interaction two_stage" in out
    assert "-m surveysem pls --data results/shopee_trust/cleaning/clean.csv --model data/shopee_trust/model.lav " \
           "--out results/shopee_trust/pls --boot 5000 --seed 2022" in out
    assert "--r2-variant hair" in out and "--mediation-interval percentile" in out
    assert "--out results/bukalapak_loyalty/regression" in out and "--likert 1 5 --language en >" in out
    assert "--item-codes auto --labels auto" in out and "--out results/bukalapak_forms/cleaning" in out
    assert "--seed 2026 --boot 2000 --ci 0.95 --language en >" in out
    assert ("report figures --kind pls --in results/tiktok_gifting/pls --out results/tiktok_gifting/figures "
            "--language en >") in out
    # the describe step of both survey kinds: raw data, cleaning folder, model; its folder reaches tables and summary
    assert "-m surveysem describe --data data/bukalapak_loyalty/data.csv --cleaning results/bukalapak_loyalty/cleaning " \
           "--model data/bukalapak_loyalty/model.lav --out results/bukalapak_loyalty/describe --likert 1 5 " \
           "--id-column id --profile auto --language en >" in out
    assert "--describe results/shopee_trust/describe" in out and "--describe results/bukalapak_loyalty/describe" in out


def test_a_study_in_indonesian_passes_its_language_to_every_printing_step(tmp_path):
    work = _example_copy(tmp_path)
    cfg = yaml.safe_load((work / "config.yaml").read_text(encoding="utf-8"))
    cfg["studies"] = {"shopee_trust": cfg["studies"]["shopee_trust"] | {"language": "id"},
                      "bukalapak_loyalty": cfg["studies"]["bukalapak_loyalty"]}
    (work / "config.yaml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    run = run_snakemake(work, "-n", "-p")
    assert run.returncode == 0, run.stderr[-3000:]
    commands = [ln for ln in (run.stdout + run.stderr).splitlines() if "-m surveysem " in ln]
    shopee = {ln.split("-m surveysem ", 1)[1].split(" --")[0]: ln for ln in commands if "results/shopee_trust/" in ln}
    # the steps that print (the profile figure, figures, CB-SEM figure, tables, summary) in id; the tidy analysis
    # step takes no language
    for step in ("describe", "report figures", "cbsem", "report tables", "report summary"):
        assert "--language id" in shopee[step], step
    assert "--language" not in shopee["pls"] and "--language" not in shopee["clean"]
    assert all("--language en" in ln for ln in commands if "results/bukalapak_loyalty/" in ln
               and ("report " in ln or " regression " in ln))


def test_an_old_config_key_runs_with_one_warning_line(tmp_path):
    work = _example_copy(tmp_path)
    cfg = yaml.safe_load((work / "config.yaml").read_text(encoding="utf-8"))
    cfg["studies"] = {"shopee_trust": cfg["studies"]["shopee_trust"] | {"r2_wording": "chin"}}
    (work / "config.yaml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    run = run_snakemake(work, "-n", "-p")
    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout + run.stderr
    warned = [ln for ln in out.splitlines() if "'r2_wording': renamed 'r2_variant'" in ln]
    assert len(warned) == 1, out[-3000:]
    assert "--r2-variant chin" in out


def test_a_study_template_reaches_the_word_report_and_every_study_gets_both_reports(tmp_path):
    import docx

    work = _example_copy(tmp_path)
    (work / "templates").mkdir()
    docx.Document().save(str(work / "templates" / "kampus.docx"))
    cfg = yaml.safe_load((work / "config.yaml").read_text(encoding="utf-8"))
    cfg["studies"]["bukalapak_loyalty"]["docx_template"] = "templates/kampus.docx"
    (work / "config.yaml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    run = run_snakemake(work, "-n", "-p", "results/bukalapak_loyalty/report.docx", "results/shopee_trust/report.html")
    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout + run.stderr
    assert ("report docx --kind regression --study bukalapak_loyalty" in out
            and "--language en --cleaning results/bukalapak_loyalty/cleaning --describe "
                "results/bukalapak_loyalty/describe --docx-template templates/kampus.docx "
                "--out results/bukalapak_loyalty/report.docx" in out)
    assert "report html --kind pls --study shopee_trust" in out and "--out results/shopee_trust/report.html" in out


def test_run_limits_snakemake_to_the_named_studies_and_names_an_unknown_one(tmp_path):
    """The top-level ``run`` key (as in the study.yaml ``surveysem init`` writes, given with --configfile) plans the
    named study's steps only; a study it names that the configuration does not have is one error line."""
    work = _example_copy(tmp_path)
    (work / "mine.yaml").write_text("run: [bukalapak_loyalty]\n", encoding="utf-8")
    run = run_snakemake(work, "-n", "--configfile", "mine.yaml")
    assert run.returncode == 0, run.stderr[-3000:]
    assert _job_stats(run.stdout + run.stderr) == {"clean": 1, "describe": 1, "regression": 1, "tables": 1,
                                                   "summary": 1, "report_docx": 1, "report_html": 1, "all": 1}
    (work / "typo.yaml").write_text("run: [bukalapak]\n", encoding="utf-8")
    bad = run_snakemake(work, "-n", "--configfile", "typo.yaml")
    assert bad.returncode != 0
    line = next(ln for ln in bad.stderr.splitlines() if ln.startswith("surveysem: error:"))
    assert "'bukalapak' is not a study of this configuration" in line and "key 'run'" in line
