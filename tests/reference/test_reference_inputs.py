"""The vendored references describe the example files as they are in this checkout.

If ``data/<study>/data.csv`` or the statements of ``model.lav`` change, every R number in ``tests/reference/own_data``
describes another study: this test says so directly (rerun the R scripts, ``tests/reference/README.md``), before the
agreement tests fail one statistic at a time.
"""
from __future__ import annotations

import hashlib
import re

import pytest
from conftest import ROOT, load_own

# SHA-256 of the data files the R scripts read (tests/reference/README.md, "Inputs")
DATA_SHA256 = {
    "data/shopee_trust/data.csv": "58e0fef392a0c04fa8b3e2e7cec86e397d140ff6c082d3fe696114920df5a616",
    "data/tiktok_gifting/data.csv": "e37adf9c6775dae56710157d37ad356afdb637b9eaf437ab44747d463d9470f3",
    "data/bukalapak_loyalty/data.csv": "152f5b04c77efd9054f7b5270b22ad51510ba2f88573400cc5bacba3b40eca29",
}
REFERENCES = ["shopee_trust.json", "tiktok_gifting.json", "shopee_trust_bootstrap.json", "shopee_trust_cSEM.json",
              "shopee_trust_lavaan.json", "bukalapak_loyalty_sum_scores.json", "shopee_trust_predict_loocv.json",
              "tiktok_gifting_predict_loocv.json", "shopee_trust_bca.json", "shopee_trust_cvpat.json",
              "tiktok_gifting_cvpat.json", "shopee_trust_copula.json", "tiktok_gifting_copula.json"]


def _statements(text: str) -> list[str]:
    """Model statements without comments, blank lines and spacing (what R parsed)."""
    lines = (re.sub(r"\s+", "", line.split("#", 1)[0]) for line in text.splitlines())
    return [line for line in lines if line]


@pytest.mark.parametrize("name", REFERENCES)
def test_reference_was_computed_from_this_checkouts_example_data_and_model(name):
    meta = load_own(name)["meta"]
    data = ROOT / meta["data_file"]
    assert hashlib.sha256(data.read_bytes()).hexdigest() == DATA_SHA256[meta["data_file"]], \
        f"{meta['data_file']} differs from the file R read for {name}: rerun tests/reference/scripts"
    model = (ROOT / meta["model_file"]).read_text(encoding="utf-8")
    assert _statements(model) == _statements(meta["model_syntax"]), \
        f"the statements of {meta['model_file']} differ from those R estimated for {name}"


def test_blindfolding_reference_was_computed_from_this_checkouts_example_data_and_models():
    meta = load_own("qsquared.json")["meta"]
    for study, data_file in meta["data_files"].items():
        assert hashlib.sha256((ROOT / data_file).read_bytes()).hexdigest() == DATA_SHA256[data_file], study
        model = (ROOT / meta["model_files"][study]).read_text(encoding="utf-8")
        assert _statements(model) == _statements(meta["model_syntax"][study]), study
