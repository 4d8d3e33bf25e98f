"""Regenerate ``data.csv``: the TikTok LIVE gift-giving survey of ``data/tiktok_gifting`` answered by two groups
(women and men) whose emotional attachment drives gift-giving intention with different strength, plus a marker item.

Run from the repository root::

    .venv/bin/python data/tiktok_gifting_mga/make_data.py            # writes data.csv (byte-for-byte)
    .venv/bin/python data/tiktok_gifting_mga/make_data.py --check    # group estimates of the planted path
    .venv/bin/python data/tiktok_gifting_mga/make_data.py --search 40  # seeds whose sample shows the design

Both groups are drawn from the population of ``data/tiktok_gifting/make_data.py`` (its ``SPEC``: the same loadings,
thresholds and paths) except the planted difference EA -> GGI: 0.40 for women, 0.10 for men, so a multigroup
analysis should find that path different and the measurement invariant (MICOM). The marker item ``mkr`` ("I enjoy
gardening", Likert 1-5) is drawn independently of the model (a marker in Lindell & Whitney's 2001 sense: unrelated
to every construct by design). The group column comes first, as in a Google Forms export after the timestamp.

SEED is the first seed (``--search``) whose sample shows what the example is meant to teach: MICOM finds full
invariance for every construct and the permutation test (1,000 permutations, seed 2024) finds only the planted path
EA -> GGI different at 5 %. With 11 constructs and 11 paths, chance alone often fails one compositional-invariance
test or flags one more path (seeds 1 and 2 do), which is worth knowing when reading a real study.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from surveysem.model import read_model
from surveysem.simulate import default_thresholds, example_data_script, simulate_likert

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "tiktok_gifting"
GROUPS = {"female": (220, 0.40), "male": (180, 0.10)}  # n and the population EA -> GGI path of each group
SEED = 3  # the first seed found by --search (see the module docstring)


def _spec() -> dict:
    """The population of the single-group replica (``data/tiktok_gifting/make_data.py``, ``SPEC``)."""
    loaded = importlib.util.spec_from_file_location("tiktok_gifting_make_data", SOURCE / "make_data.py")
    assert loaded is not None and loaded.loader is not None
    module = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(module)
    return dict(module.SPEC)


def build(seed: int = SEED) -> pd.DataFrame:
    """The data file: ``gender``, the 38 items, ``mkr``; women first, then men (no missing answers)."""
    model = read_model(SOURCE / "model.lav")
    spec = _spec()
    parts = []
    for g, (name, (n, path)) in enumerate(GROUPS.items()):
        paths = {**spec["paths"], "EA -> GGI": path}
        df = simulate_likert(model, n=n, seed=seed * 100 + g, **{**spec, "paths": paths})
        df.insert(0, "gender", name)
        parts.append(df)
    data = pd.concat(parts, ignore_index=True)
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, 99])))
    data["mkr"] = 1 + np.searchsorted(default_thresholds(5, 0.3), rng.standard_normal(len(data)))
    return data


def shows_the_design(df: pd.DataFrame) -> bool:
    """Full MICOM invariance, and EA -> GGI the only path whose groups differ (permutation p < .05)."""
    from surveysem.groups import multigroup

    r = multigroup(df, read_model(SOURCE / "model.lav"), "gender", permutations=1000, boot=200, seed=2024,
                   progress=False)
    paths = r.mga[r.mga["parameter"] == "path"]
    different = paths[paths["p_permutation"] < 0.05]
    return r.invariance == "full" and list(different["from"] + " -> " + different["to"]) == ["EA -> GGI"]


def _check(df: pd.DataFrame) -> None:
    from surveysem.pls import pls

    model = read_model(SOURCE / "model.lav")
    for name, g in df.groupby("gender"):
        p = pls(g, model).paths
        print(name, len(g), p[(p["from"] == "EA") & (p["to"] == "GGI")]["estimate"].round(3).tolist())


def main(argv=None) -> int:
    return example_data_script(argv, __doc__, build, HERE / "data.csv", check=_check, accepts=shows_the_design)


if __name__ == "__main__":
    sys.exit(main())
