"""The simple-slope and floodlight figures (surveysem.report.slope_figures) draw the numbers of outside references:
R seminr 2.3.2's slope_analysis() lines, and percentile bands of seminr's own bootstrap draws."""
from __future__ import annotations

import gzip

import numpy as np
import pandas as pd
import pytest
from conftest import REFERENCE, load_json, needs_shared

from surveysem.report.slope_figures import _jn_points, floodlight_figure, simple_slopes_figure


def _seminr_tables():
    ref = load_json("seminr/corp_rep_moderation.json")["two_stage"]
    pc = ref["path_coef_matrix"]
    paths = pd.DataFrame([("CUSA", "CUSL", pc["CUSA"]["CUSL"]), ("SC", "CUSL", pc["SC"]["CUSL"]),
                          ("CUSA:SC", "CUSL", pc["CUSA*SC"]["CUSL"])], columns=["from", "to", "estimate"])
    slopes = pd.DataFrame({"interaction": "CUSA:SC", "iv": "CUSA", "moderator": "SC", "dv": "CUSL",
                           "moderator_level": [-1.0, 0.0, 1.0],
                           "estimate": [pc["CUSA"]["CUSL"] + pc["CUSA*SC"]["CUSL"] * w for w in (-1, 0, 1)]})
    return ref, slopes, paths


@needs_shared
def test_simple_slope_lines_are_seminr_slope_analysis_predictions():
    ref, slopes, paths = _seminr_tables()
    pred = {(r["iv"], r["moderator"]): r["predicted_dv"] for r in ref["slope_analysis"]}
    fig = simple_slopes_figure(slopes, paths)
    lines = fig.axes[0].get_lines()
    lines = [ln for ln in lines if len(ln.get_xdata()) == 3]  # the three slopes (not the zero line)
    for w, line in zip((-1, 0, 1), lines):
        x, y = line.get_xdata(), line.get_ydata()
        assert list(x) == [-1.0, 0.0, 1.0]
        np.testing.assert_allclose(y, [pred[-1, w], pred[0, w], pred[1, w]], rtol=0, atol=1e-14)


@needs_shared
def test_floodlight_band_is_the_percentile_interval_of_seminr_draws():
    _, slopes, paths = _seminr_tables()
    with gzip.open(REFERENCE / "seminr" / "corp_rep_moderation_two_stage_boot_path_draws.csv.gz") as f:
        d = pd.read_csv(f)
    draws = pd.DataFrame({"path:CUSA->CUSL": d["CUSA->CUSL"], "path:CUSA:SC->CUSL": d["CUSA*SC->CUSL"]})
    scores = pd.DataFrame({"SC": [-2.0, 0.5, 1.5]})
    fig = floodlight_figure(slopes, paths, draws, scores)
    band = fig.axes[0].collections[0].get_paths()[0].vertices  # fill_between: lower edge then upper edge
    w = np.linspace(-2.0, 1.5, 401)
    x = d["CUSA->CUSL"].to_numpy()[:, None] + d["CUSA*SC->CUSL"].to_numpy()[:, None] * w[None]
    lo = np.sort(x, axis=0)
    # R's type 7 for p = .025 with B = 5000: h = 4999 * .025 = 124.975, between order statistics 125 and 126
    want = lo[124] + 0.975 * (lo[125] - lo[124])
    got = {round(float(a), 12): float(b) for a, b in band[: len(band) // 2]}
    assert [got.get(round(float(v), 12), np.nan) for v in w[::50]] == pytest.approx(want[::50], abs=1e-12)


def test_johnson_neyman_points_are_where_the_band_crosses_zero():
    # band bounds 0.2 - 0.1 w and 0.5 - 0.1 w cross 0 at w = 2 and w = 5 (linear, so interpolation is exact)
    w = np.linspace(0.0, 6.0, 13)
    assert _jn_points(w, np.stack([0.2 - 0.1 * w, 0.5 - 0.1 * w])) == pytest.approx([2.0, 5.0], abs=1e-12)


def test_no_figure_without_interaction_rows_or_draws():
    empty = pd.DataFrame(columns=["interaction", "iv", "moderator", "dv", "moderator_level", "estimate"])
    paths = pd.DataFrame(columns=["from", "to", "estimate"])
    assert simple_slopes_figure(empty, paths) is None
    slopes = pd.DataFrame({"interaction": ["X:W"], "iv": ["X"], "moderator": ["W"], "dv": ["Y"],
                           "moderator_level": [0.0], "estimate": [0.3]})
    assert floodlight_figure(slopes, paths, pd.DataFrame({"path:X->Y": [0.1]}), None) is None


def test_a_quadratic_term_is_drawn_as_its_curve():
    # Y = b x + q x^2 (standardized X, Hair et al. 2022 ch. 7 quadratic effect): at x = -2, 0, 2 the curve is
    # -2b + 4q, 0, 2b + 4q
    paths = pd.DataFrame({"from": ["X", "X:X"], "to": ["Y", "Y"], "estimate": [0.3, -0.05]})
    slopes = pd.DataFrame({"interaction": "X:X", "iv": "X", "moderator": "X", "dv": "Y",
                           "moderator_level": [-1.0, 0.0, 1.0], "estimate": [0.4, 0.3, 0.2]})
    line = next(ln for ln in simple_slopes_figure(slopes, paths).axes[0].get_lines() if len(ln.get_xdata()) > 3)
    x, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
    got = [y[np.argmin(np.abs(x - v))] for v in (-2.0, 0.0, 2.0)]
    assert got == pytest.approx([-0.6 - 0.2, 0.0, 0.6 - 0.2], abs=1e-12)
