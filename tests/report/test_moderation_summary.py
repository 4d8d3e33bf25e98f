"""The summary's Moderation section (surveysem.report.summary.moderation) words what the CSVs say, by the rules in
its docstring: weaker/stronger by |slope at +1 SD| against |slope at −1 SD| (Hair et al. 2022, ch. 7), moderated
mediation when the index's interval excludes 0 (Hayes 2015). The CSVs are written here by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd

from surveysem.report.folder import ResultsFolder
from surveysem.report.summary.document import Doc
from surveysem.report.summary.moderation import section


def _slopes(values):
    return pd.DataFrame({"interaction": "X:W", "iv": "X", "moderator": "W", "dv": "Y",
                         "moderator_level": [-1.0, 0.0, 1.0], "estimate": values,
                         "ci_low": [v - 0.1 for v in values], "ci_high": [v + 0.1 for v in values],
                         "t": 3.0, "p": 0.01})


def _paths(beta, lo, hi):
    return pd.DataFrame({"from": ["X", "X:W"], "to": ["Y", "Y"], "estimate": [0.4, beta], "ci_low": [0.3, lo],
                         "ci_high": [0.5, hi]})


def _text(tmp_path, slopes, paths, cond=None) -> str:
    (tmp_path / "pls").mkdir(exist_ok=True)
    if cond is not None:
        cond.to_csv(tmp_path / "pls" / "conditional_indirect.csv", index=False)
    doc = Doc(tmp_path)
    section(doc, ResultsFolder(tmp_path / "pls", "pls"), paths, slopes)
    return doc.text()


def test_a_negative_interaction_is_worded_as_a_weaker_effect_at_high_moderator(tmp_path):
    # slopes 0.5, 0.4, 0.3: |0.3| < |0.5|, so the effect of X is weaker when W is high
    text = _text(tmp_path, _slopes([0.5, 0.4, 0.3]), _paths(-0.1, -0.18, -0.02))
    assert "the effect of X on Y is weaker when W is high: 0.500 at W −1 SD, 0.400 at its mean and 0.300 at +1 SD" \
        in text
    assert "not significant" not in text
    assert "No mediator's path is moderated" in text


def test_a_positive_interaction_whose_interval_includes_zero_is_stronger_but_not_significant(tmp_path):
    text = _text(tmp_path, _slopes([0.2, 0.3, 0.4]), _paths(0.1, -0.01, 0.2))
    assert "is stronger when W is high" in text
    assert "The interval of the interaction includes 0, so this difference is not significant." in text


def test_moderated_mediation_is_named_when_the_index_interval_excludes_zero(tmp_path):
    cond = pd.DataFrame({
        "from": ["A", "A", "A", "A", "B", "B", "B", "B"], "to": "Y", "via": "X", "moderator": "W",
        "moderated_link": "X -> Y", "stage": "second",
        "statistic": ["conditional_indirect"] * 3 + ["index_moderated_mediation"] + ["conditional_indirect"] * 3
                     + ["index_moderated_mediation"],
        "moderator_level": [-1, 0, 1, np.nan, -1, 0, 1, np.nan],
        "estimate": [0.3, 0.2, 0.1, -0.1, 0.05, 0.04, 0.03, -0.01],
        "ci_low": [0.2, 0.1, 0.0, -0.2, -0.01, -0.01, -0.01, -0.03],
        "ci_high": [0.4, 0.3, 0.2, -0.01, 0.1, 0.1, 0.1, 0.005], "note": ""})
    text = _text(tmp_path, _slopes([0.5, 0.4, 0.3]), _paths(-0.1, -0.18, -0.02), cond)
    assert "the mediation is moderated, for A → X → Y by W (index −0.100, 95% CI [−0.200, −0.010])" in text
    assert "B → X → Y by W" not in text
    assert "For 1 of 2 chains the index's interval includes 0" in text
