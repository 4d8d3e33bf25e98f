"""Shared test fixtures: paths to the outside reference outputs and public datasets.

``SHARED`` is ``../shared`` beside the checkout (CI puts it there). Expected numbers come from
files under ``SHARED / "reference"`` (R seminr, cSEM, lavaan), from papers, or from hand
computations written out in the test, never from this package's own earlier output.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "reference"
DATASETS = SHARED / "datasets"

needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared (reference outputs) is not beside the checkout")


def load_json(relpath: str) -> dict:
    return json.loads((REFERENCE / relpath).read_text())


@pytest.fixture(scope="session")
def corp_rep_raw() -> pd.DataFrame:
    if not SHARED.exists():
        pytest.skip("../shared is not beside the checkout")
    return pd.read_csv(DATASETS / "corp_rep_data.csv")


@pytest.fixture(scope="session")
def corp_rep_models():
    from surveysem.model import read_model

    if not SHARED.exists():
        pytest.skip("../shared is not beside the checkout")
    return {
        "simple": read_model(REFERENCE / "models" / "corp_rep_simple.lav"),
        "extended": read_model(REFERENCE / "models" / "corp_rep_extended.lav"),
    }
