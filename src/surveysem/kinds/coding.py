"""Study kind ``coding``: thematic coding across cases (case × theme matrix, prevalence, co-occurrence, kappa)."""
from __future__ import annotations

from .base import Input, Report, Setting, Step, StudyKind

SETTINGS = (
    Setting("segments", "string", "coded segments: case, source, segment_id, theme, excerpt [, coder]", file=True),
    Setting("codebook", "string", "codebook: theme, label, definition", file=True),
    Setting("cases", ("string", "null"), "optional case list: case plus descriptive columns", default=None,
            file=True),
    Setting("coder", ("string", "null"), "coder whose coding builds the matrix (default: the first)", default=None),
)

STEP = Step(
    "coding",
    command="coding",
    doc="Case × theme matrix, prevalence, co-occurrence, audit trail (and kappa with two coders).",
    inputs=(Input("segments", "--segments", config="segments"), Input("codebook", "--codebook", config="codebook"),
            Input("cases", None, config="cases", optional=True)),
    settings=("cases", "coder", "language"),
    files={
        "run.json": "inputs, counts, coders, warnings, file list",
        "codebook.csv": "the codebook as read",
        "cases.csv": "the case list as read",
        "matrix.csv": "tidy case × theme table: segments, sources, present",
        "matrix_counts.csv": "case × theme grid of segment counts",
        "matrix_presence.csv": "case × theme grid of presence (0/1)",
        "prevalence.csv": "cases and segments per theme, share of cases, rank",
        "cooccurrence.csv": "co-occurrence of themes in segments and cases, with Jaccard",
        "audit.csv": "every segment behind every cell (case, theme, segment id, source, excerpt, file row)",
        "agreement.csv": "Cohen's kappa per theme and pooled (two coders)",
        "summary.txt": "plain-text overview",
    },
    required=("run.json", "codebook.csv", "matrix_counts.csv", "prevalence.csv", "cooccurrence.csv"),
    run_first="surveysem coding --segments FILE --codebook FILE --out {dir}",
    tables="surveysem.report.tables:CODING_TABLES",
    figures="surveysem.coding.figures:matrix_heatmap",
    report=Report(("figures/{name}.png",), "coding_figures.rst"),
)

KIND = StudyKind("coding", title="Thematic coding tables")
