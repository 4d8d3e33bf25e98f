"""Small population models for the power tests (written here, values chosen by hand)."""
from __future__ import annotations

from pathlib import Path

import pytest

from surveysem.power.population import from_model_file

#: a mediation model X -> M -> Y with a direct path; fixed values in lavaan's pre-multiplier syntax
MEDIATION = """X =~ 0.8*x1 + 0.8*x2 + 0.8*x3
M =~ 0.8*m1 + 0.8*m2 + 0.8*m3
Y =~ 0.8*y1 + 0.8*y2 + 0.8*y3
M ~ {a}*X
Y ~ {b}*M + {c}*X
"""


def write_population(folder: Path, a: float = 0.4, b: float = 0.4, c: float = 0.2, name: str = "pop.lav") -> Path:
    path = folder / name
    path.write_text(MEDIATION.format(a=a, b=b, c=c), encoding="utf-8")
    return path


@pytest.fixture
def mediation(tmp_path):
    """The mediation population with a = b = 0.4, c = 0.2."""
    return from_model_file(write_population(tmp_path))
