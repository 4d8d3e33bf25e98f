"""The PLS-SEM figures of a study, drawn from the tidy CSV folder that ``surveysem pls`` writes.

:func:`pls_figures` reads a results folder (``paths.csv``, ``loadings.csv``, ``weights.csv``, ``r2.csv``,
``htmt.csv``, ``scores.csv``, ``boot_draws.parquet`` and ``run.json``; see :mod:`surveysem.pls.output`) and writes

* ``path_diagram`` — the path model: constructs left to right by causal depth, indicators beside them with the
  outer loadings (reflective) or weights (composite), path coefficients with bootstrap significance stars, R²
  inside the endogenous constructs;
* ``htmt_heatmap`` — the heterotrait-monotrait ratios as a lower-triangle matrix against the 0.85 / 0.90
  thresholds (Henseler, Ringle & Sarstedt 2015, J. Acad. Mark. Sci. 43, 115-135);
* ``loadings`` — every reflective outer loading with its bootstrap percentile interval against the 0.708 rule
  (Hair, Hult, Ringle & Sarstedt 2022, *A Primer on PLS-SEM*, 3rd ed., ch. 4: a loading of 0.708 means the
  construct explains half of the indicator's variance, 0.708² ≈ 0.50) and the 0.40 floor below which an
  indicator is always removed (same chapter);
* ``bootstrap_paths`` — the bootstrap distribution of every path coefficient with its percentile interval;
* ``score_distributions`` — the construct scores against a normal curve;
* ``simple_slopes`` and ``floodlight`` — a model with interaction terms only (:mod:`surveysem.report.slope_figures`).

Every number printed on a figure goes through :mod:`surveysem.format` (APA: 3 decimals, no leading zero for
statistics bounded by 1, stars ``* p < .05, ** p < .01, *** p < .001``). Figures are written as PNG (200 dpi) and
SVG, deterministically: no date or software metadata, a fixed SVG hash salt, text kept as text in the SVG
(``svg.fonttype = "none"``) so the figures can be searched and edited. The figures are drawn on
:class:`matplotlib.figure.Figure` objects, never through pyplot's global state.
"""
from __future__ import annotations

import logging
import math
import os
import textwrap
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from .. import i18n
from ..assess.rules import HTMT_THRESHOLDS, LOADING_FLOOR, LOADING_MIN, cut
from ..errors import ConfigError, DataError
from ..format import STARS_NOTE, bounded, ci, num, stars
from ..io import save_figure
from ..model import parse_model
from ..model.spec import COMPOSITE, Model
from ..model.spec import Path as ModelPath
from .folder import Bootstrap, ResultsFolder, bootstrap_phrase
from .ipma_figure import ipma_figure
from .slope_figures import floodlight_figure, simple_slopes_figure

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

log = logging.getLogger("surveysem.report")


FIGURES = ("path_diagram", "htmt_heatmap", "loadings", "bootstrap_paths", "score_distributions")

_RC: dict[RcKeyType, Any] = {
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
FORMATS = ("png", "svg")


# ====================================================================== public
def pls_figures(pls_dir: str | os.PathLike, out_dir: str | os.PathLike,
                formats: tuple[str, ...] | list[str] = ("png", "svg")) -> list[Path]:
    """Draw the PLS-SEM figures of one ``surveysem pls`` results folder; return the written files, sorted.

    Parameters
    ----------
    pls_dir : path
        Folder written by ``surveysem pls --out``. It must hold ``paths.csv`` and ``run.json`` (the model is read
        from ``run.json["model"]``); the other files are optional and a figure whose input is missing is skipped
        (logged on the ``surveysem.report`` logger).
    out_dir : path
        Folder to write into (created if needed). Files are named ``<figure>.<format>`` with ``<figure>`` one of
        ``path_diagram``, ``htmt_heatmap``, ``loadings``, ``bootstrap_paths``, ``score_distributions`` (and, when
        their tables are present, ``simple_slopes``, ``floodlight``, ``ipma``).
    formats : sequence of {"png", "svg"}
        PNG at 200 dpi and/or SVG with text as text; both without date or software metadata so that two runs
        give byte-identical files.

    Returns
    -------
    list of pathlib.Path
        The written files, sorted.

    Raises
    ------
    DataError
        ``pls_dir`` does not exist or lacks ``paths.csv`` / ``run.json`` (or these cannot be read).
    ConfigError
        A format other than ``png`` or ``svg`` was asked for.

    Notes
    -----
    The figures and their rules:

    * ``path_diagram``: path coefficients with stars from the two-sided bootstrap p of ``paths.csv``; paths with
      p ≥ .05 dashed grey. Outer loadings of reflective constructs (arrow construct → indicator) and outer weights
      of composite constructs (arrow indicator → construct, with stars). R² in the endogenous constructs.
    * ``htmt_heatmap``: HTMT with the 0.85 (conceptually distinct constructs) and 0.90 (similar constructs)
      thresholds of Henseler, Ringle & Sarstedt (2015), J. Acad. Mark. Sci. 43(1), 115-135.
    * ``loadings``: reflective outer loadings with bootstrap percentile intervals; the 0.708 rule
      (loading² ≥ 0.50, the construct explains at least half of the indicator's variance) and the 0.40 floor of
      Hair, Hult, Ringle & Sarstedt (2022), *A Primer on PLS-SEM*, 3rd ed., ch. 4.
    * ``bootstrap_paths``: histogram of the bootstrap draws of each path coefficient (``boot_draws.parquet``)
      with the estimate and the percentile interval of ``paths.csv``.
    * ``score_distributions``: histogram of each construct's scores with the normal density of the same mean and
      standard deviation (n − 1), and the skewness and excess kurtosis with the small-sample adjustment SPSS uses
      (Joanes & Gill 1998, G1 and G2).
    """
    formats = tuple(formats)
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ConfigError(f"figure format {', '.join(map(repr, bad)) or '(none)'} is not supported",
                          fix="Use png and/or svg")
    study = _read_study(pls_dir)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    import matplotlib

    written: list[Path] = []
    with matplotlib.rc_context(_RC):
        for stem, draw in (("path_diagram", _path_diagram), ("htmt_heatmap", _htmt_heatmap),
                           ("loadings", _loadings_chart), ("bootstrap_paths", _bootstrap_paths),
                           ("score_distributions", _score_distributions), ("simple_slopes", _simple_slopes),
                           ("floodlight", _floodlight), ("ipma", _ipma)):
            fig = draw(study)
            if fig is None:
                continue
            written += save_figure(fig, out, stem, formats)
    return sorted(written)


# ====================================================================== input
@dataclass
class _Study:
    folder: Path
    model: Model
    paths: pd.DataFrame
    results: ResultsFolder

    def table(self, name: str, columns: tuple[str, ...], figure: str) -> pd.DataFrame | None:
        """``name.csv`` if present, non-empty and holding ``columns``; otherwise log why ``figure`` is skipped."""
        df = self.results.csv(f"{name}.csv")
        if df is None:
            log.info("%s: %s.csv is missing; figure %s skipped", self.folder, name, figure)
            return None
        missing = [c for c in columns if c not in df.columns]
        if missing:
            log.info("%s: %s.csv lacks column(s) %s; figure %s skipped", self.folder, name, ", ".join(missing), figure)
            return None
        if df.empty:
            log.info("%s: %s.csv is empty; figure %s skipped", self.folder, name, figure)
            return None
        return df

    @property
    def bootstrap(self) -> Bootstrap | None:
        return self.results.bootstrap

    @property
    def ci_level(self) -> float:
        return self.bootstrap.level if self.bootstrap else 0.95

    @property
    def has_p(self) -> bool:
        return "p" in self.paths.columns and bool(self.paths["p"].notna().any())

    def boot_phrase(self) -> str:
        """``B = 200 bootstrap resamples`` (with the usable count when some failed)."""
        return bootstrap_phrase(self.bootstrap, "resamples")


def _read_study(pls_dir) -> _Study:
    results = ResultsFolder(pls_dir, "pls", required=("paths.csv", "run.json"), pandas_na=True)
    d, run = results.path, results.run
    if not isinstance(run.get("model"), str):
        raise DataError("run.json does not hold the model syntax (key 'model')", where=str(d),
                        fix=f"Run `{results.hint}` again")
    model = parse_model(run["model"], source=f"{d / 'run.json'} (model)")
    if model.interactions:  # figures show the reported model: an interaction term is a construct, its items as made
        loads = results.csv("loadings.csv")
        made = {} if loads is None else {n: tuple(g["indicator"]) for n, g in loads.groupby("construct", sort=False)}
        model = model.with_interaction_constructs({n: made[n] for n in model.interaction_names if n in made})
    paths = results.need("paths.csv")  # present: required above
    if paths.empty and not len(paths.columns):
        paths = pd.DataFrame(columns=["from", "to", "estimate"])
    missing = [c for c in ("from", "to", "estimate") if c not in paths.columns]
    if missing:
        raise DataError(f"paths.csv lacks the column(s) {', '.join(missing)}", where=str(d),
                        fix=f"Run `{results.hint}` again")
    return _Study(folder=d, model=model, paths=paths, results=results)


# ====================================================================== helpers
def _new_figure(width: float, height: float, layout: Literal["constrained", "tight"] | None = "constrained"):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout=layout)


def _p_of(row) -> float:
    p = row.get("p", np.nan)
    return float(p) if pd.notna(p) else np.nan


_ARROW = "\u2192"


# ====================================================================== path diagram
_PT = 1.0 / 72.0
_FS_CONSTRUCT = 9.0
_FS_R2 = 7.5
_FS_ITEM = 7.0
_FS_OUTER = 6.5
_FS_PATH = 7.5
_BOX_H = 0.22
_SIDE_PITCH = 0.28
_VGAP = 0.62  # ellipse edge to a row of indicators above or below
_GREY = "0.55"


def _text_width(text: str, size: float, weight: str = "normal") -> float:
    """Width of ``text`` in inches at ``size`` points, in the current default font."""
    import matplotlib
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    if not text:
        return 0.0
    family = tuple(matplotlib.rcParams["font.family"])
    key = (text, size, weight, family)
    if key not in _WIDTHS:
        prop = FontProperties(size=size, weight=weight)
        _WIDTHS[key] = text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0] * _PT
    return _WIDTHS[key]


_WIDTHS: dict = {}


@dataclass
class _Rect:
    x0: float
    y0: float
    x1: float
    y1: float

    def inflate(self, d: float) -> _Rect:
        return _Rect(self.x0 - d, self.y0 - d, self.x1 + d, self.y1 + d)

    def contains(self, pts: np.ndarray) -> np.ndarray:
        return (pts[:, 0] > self.x0) & (pts[:, 0] < self.x1) & (pts[:, 1] > self.y0) & (pts[:, 1] < self.y1)

    def overlap(self, o: _Rect) -> float:
        w = min(self.x1, o.x1) - max(self.x0, o.x0)
        h = min(self.y1, o.y1) - max(self.y0, o.y0)
        return w * h if w > 0 and h > 0 else 0.0

    @staticmethod
    def union(rects) -> _Rect:
        rects = list(rects)
        return _Rect(min(r.x0 for r in rects), min(r.y0 for r in rects),
                     max(r.x1 for r in rects), max(r.y1 for r in rects))


@dataclass
class _Node:
    """A construct (or a dummy point of a long path, ``dummy=True``) in the layered drawing."""

    name: str
    layer: int
    dummy: bool = False
    mode: str = "reflective"
    indicators: tuple[str, ...] = ()
    a: float = 0.06  # half width of the shape
    b: float = 0.06  # half height
    side: str = "left"
    top: float = 0.08  # extent above the centre, indicators included
    bottom: float = 0.08
    x: float = 0.0
    y: float = 0.0  # downwards while laying out; flipped before drawing
    boxes: list = field(default_factory=list)  # (indicator, _Rect)

    def inside(self, pts: np.ndarray, pad: float = 0.0) -> np.ndarray:
        a, b = self.a + pad, self.b + pad
        dx, dy = (pts[:, 0] - self.x) / a, (pts[:, 1] - self.y) / b
        if self.mode == COMPOSITE:  # hexagon with pointed left and right ends
            return (np.abs(dy) <= 1) & (np.abs(dx) <= 1 - 0.45 * np.abs(dy))
        return dx * dx + dy * dy <= 1

    @property
    def rect(self) -> _Rect:
        return _Rect(self.x - self.a, self.y - self.b, self.x + self.a, self.y + self.b)


def _pava(values: list[float], weights: list[float]) -> list[float]:
    """Weighted least-squares non-decreasing fit (pool-adjacent-violators)."""
    blocks: list[list[float]] = []
    for v, w in zip(values, weights):
        blocks.append([v, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, c2 = blocks.pop()
            v1, w1, c1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
    out: list[float] = []
    for v, _, c in blocks:
        out.extend([v] * int(c))
    return out


def _crossings(upper: list[str], lower: list[str], edges: set[tuple[str, str]]) -> int:
    pos_u = {n: i for i, n in enumerate(upper)}
    pos_l = {n: i for i, n in enumerate(lower)}
    es = sorted((pos_u[a], pos_l[b]) for a, b in edges if a in pos_u and b in pos_l)
    return sum(1 for i in range(len(es)) for j in range(i + 1, len(es))
               if (es[i][0] - es[j][0]) * (es[i][1] - es[j][1]) < 0)


class _Diagram:
    """Layered (Sugiyama-style) layout of a PLS path model, in inches."""

    def __init__(self, model: Model, outer: dict[str, dict[str, tuple[str, str]]], r2: dict[str, float]):
        self.model = model
        self.outer = outer  # construct -> indicator -> (label, style)
        self.r2 = r2
        self._build_layers()
        self._order()
        best = None
        for layers in self._order_variants():
            self.layers = layers
            score = self._layout()
            if best is None or score < best[0] - 1e-9:
                best = (score, layers)
        assert best is not None  # _order_variants gives at least the barycentre order
        self.layers = best[1]
        self._layout()

    def _order_variants(self) -> list[list[list[str]]]:
        """The barycentre order, and for each middle layer holding long paths also the orders with the
        constructs above or below the long paths (the mediator-on-top triangle of a mediation model)."""
        import itertools

        base = [list(layer) for layer in self.layers]
        options = []
        for k, layer in enumerate(base):
            real = [n for n in layer if not self.nodes[n].dummy]
            dummies = [n for n in layer if self.nodes[n].dummy]
            opts = [layer]
            if 0 < k < len(base) - 1 and real and dummies:
                for alt in (real + dummies, dummies + real):
                    if alt not in opts:
                        opts.append(alt)
            options.append(opts)
        return [list(c) for c in itertools.islice(itertools.product(*options), 27)]

    def _layout(self) -> float:
        """Sizes, coordinates, indicators and routes for the current order; return the routing cost."""
        self._size_nodes()
        self._coordinates()
        self._place_indicators()
        self._outer_arrows()
        order = sorted(self.model.paths, key=lambda p: (self.depth[p.target] - self.depth[p.source],
                                                        self.model.paths.index(p)))
        self.routes: dict[tuple[str, str], np.ndarray] = {}
        total = 0.0
        for p in order:
            pts, score = self.route(p.source, p.target, list(self.routes.values()))
            self.routes[(p.source, p.target)] = pts
            total += score
        return total

    # ---------------------------------------------------------------- layers and order
    def _build_layers(self) -> None:
        m = self.model
        self.layers = [list(layer) for layer in m.layers] or [list(m.construct_names)]
        self.depth = {n: k for k, layer in enumerate(self.layers) for n in layer}
        self.nodes: dict[str, _Node] = {}
        for c in m.constructs:
            self.nodes[c.name] = _Node(c.name, self.depth[c.name], mode=c.mode, indicators=c.indicators)
        # long paths get one dummy point per layer they cross, so the layout keeps a corridor for them
        self.chains: dict[tuple[str, str], list[str]] = {}
        self.links: set[tuple[str, str]] = set()
        for p in m.paths:
            chain = [p.source]
            for k in range(self.depth[p.source] + 1, self.depth[p.target]):
                dn = f"\x00{p.source}\x00{p.target}\x00{k}"
                self.nodes[dn] = _Node(dn, k, dummy=True)
                self.layers[k].append(dn)
                chain.append(dn)
            chain.append(p.target)
            self.chains[(p.source, p.target)] = chain
            self.links.update(zip(chain[:-1], chain[1:]))
        self.preds = {n: [a for a, b in sorted(self.links) if b == n] for n in self.nodes}
        self.succs = {n: [b for a, b in sorted(self.links) if a == n] for n in self.nodes}

    def _order(self) -> None:
        """Barycentre ordering within layers (Sugiyama, Tagawa & Toda 1981), keeping the fewest crossings."""
        order = [list(layer) for layer in self.layers]

        def count(o):
            return sum(_crossings(o[k], o[k + 1], self.links) for k in range(len(o) - 1))

        best, best_c = [list(x) for x in order], count(order)
        for sweep in range(8):
            rng = range(1, len(order)) if sweep % 2 == 0 else range(len(order) - 2, -1, -1)
            for k in rng:
                ref = order[k - 1] if sweep % 2 == 0 else order[k + 1]
                pos = {n: i for i, n in enumerate(ref)}
                nb = self.preds if sweep % 2 == 0 else self.succs

                def key(item, pos=pos, nb=nb, k=k, ref=ref):
                    i, n = item
                    ps = [pos[x] for x in nb[n] if x in pos]
                    return (sum(ps) / len(ps) if ps else i * len(ref) / max(1, len(order[k])), i)

                order[k] = [n for _, n in sorted(enumerate(order[k]), key=key)]
            c = count(order)
            if c < best_c:
                best, best_c = [list(x) for x in order], c
        self.layers = best

    # ---------------------------------------------------------------- sizes
    def _size_nodes(self) -> None:
        last = len(self.layers) - 1
        item_w = max((_text_width(i, _FS_ITEM) for i in self.model.indicators), default=0.3)
        self.box_w = max(0.42, item_w + 0.16)
        label_w = max((_text_width(lab, _FS_OUTER) for d in self.outer.values() for lab, _ in d.values()),
                      default=0.3)
        self.label_w = label_w
        self.side_gap = max(0.8, label_w + 0.5)
        self.row_pitch = max(self.box_w + 0.08, label_w + 0.14)
        for k, layer in enumerate(self.layers):
            real = [n for n in layer if not self.nodes[n].dummy]
            for i, name in enumerate(real):
                nd = self.nodes[name]
                w = max(_text_width(name, _FS_CONSTRUCT, "bold"),
                        _text_width(self._r2_text(name), _FS_R2) if name in self.r2 else 0.0)
                nd.a = max(0.48, w / 2 + 0.2)
                nd.b = 0.31 if name in self.r2 else 0.25
                if nd.mode == COMPOSITE:
                    nd.a += 0.08
                if k == 0:
                    nd.side = "left"
                elif k == last:
                    nd.side = "right"
                else:
                    nd.side = "top" if i < (len(real) + 1) // 2 else "bottom"
                n_ind = len(nd.indicators)
                if nd.side in ("left", "right"):
                    half = max(nd.b, (n_ind - 1) * _SIDE_PITCH / 2 + _BOX_H / 2 + 0.02)
                    nd.top = nd.bottom = half
                else:
                    row = nd.b + _VGAP + _BOX_H
                    nd.top, nd.bottom = (row, nd.b) if nd.side == "top" else (nd.b, row)

    def _r2_text(self, name: str) -> str:
        return f"R\u00b2 = {bounded(self.r2[name])}"

    def _half_width(self, nd: _Node) -> float:
        if nd.dummy:
            return 0.0
        if nd.side in ("top", "bottom"):
            return max(nd.a, len(nd.indicators) * self.row_pitch / 2)
        return nd.a

    # ---------------------------------------------------------------- coordinates
    def _gap(self, u: _Node, v: _Node) -> float:
        if u.dummy and v.dummy:  # two long paths side by side, each with room for its label
            return 0.30
        if u.dummy or v.dummy:
            return 0.45
        return 0.26

    def _coordinates(self) -> None:
        nodes = self.nodes
        seps = []
        for layer in self.layers:
            seps.append([nodes[u].bottom + nodes[v].top + self._gap(nodes[u], nodes[v])
                         for u, v in zip(layer[:-1], layer[1:])])
        # constructs of a short layer spread over part of the tallest layer's height, so that arrows reaching them
        # from a tall stack are not steep and pass between them rather than through their indicators
        tallest = max(nodes[ly[0]].top + sum(sp) + nodes[ly[-1]].bottom for ly, sp in zip(self.layers, seps) if ly)
        for layer, sep in zip(self.layers, seps):
            real = [i for i, n in enumerate(layer) if not nodes[n].dummy]
            spread = 0.8 * tallest / (len(real) + 1)
            for i, j in zip(real[:-1], real[1:]):
                short = spread - sum(sep[i:j])
                if short > 0:
                    sep[j - 1] += short
        # start: every layer stacked tightly, centred on 0
        for layer, sep in zip(self.layers, seps):
            c = np.concatenate([[0.0], np.cumsum(sep)]) if layer else np.array([])
            for n, y in zip(layer, c - c.mean() if len(c) else c):
                nodes[n].y = float(y)

        def place(k: int, nb: dict) -> None:
            layer = self.layers[k]
            if not layer:
                return
            want, wts = [], []
            for n in layer:
                ys = [nodes[x].y for x in nb[n]]
                if ys:
                    want.append(float(np.mean(ys)))
                    wts.append(1.0 if not nodes[n].dummy else 0.6)
                else:
                    want.append(nodes[n].y)
                    wts.append(0.05)
            c = np.concatenate([[0.0], np.cumsum(seps[k])])
            z = _pava([w - ci_ for w, ci_ in zip(want, c)], wts)
            for n, zi, ci_ in zip(layer, z, c):
                nodes[n].y = float(zi + ci_)

        both = {n: self.preds[n] + self.succs[n] for n in nodes}
        for _sweep in range(10):
            for k in range(1, len(self.layers)):
                place(k, self.preds)
            for k in range(len(self.layers) - 2, -1, -1):
                place(k, self.succs)
        for k in range(len(self.layers)):
            place(k, both)
        # x: columns far enough apart for a labelled arrow between the shapes, and for rows of indicators
        # not to touch a neighbour at the same height
        x = 0.0
        for k, layer in enumerate(self.layers):
            if k > 0:
                need = 0.0
                for u in (nodes[n] for n in self.layers[k - 1] if not nodes[n].dummy):
                    for v in (nodes[n] for n in layer if not nodes[n].dummy):
                        d = u.a + v.a + 1.35
                        if u.y - u.top < v.y + v.bottom and v.y - v.top < u.y + u.bottom:
                            d = max(d, self._half_width(u) + self._half_width(v) + 0.35)
                        need = max(need, d)
                x += need or 1.8
            for n in layer:
                nodes[n].x = x
        for nd in nodes.values():  # y upwards from here on
            nd.y = -nd.y

    def _place_indicators(self) -> None:
        for layer in self.layers:
            real = [self.nodes[n] for n in layer if not self.nodes[n].dummy]
            max_a = max((nd.a for nd in real), default=0.0)
            for nd in real:
                n_ind = len(nd.indicators)
                nd.boxes = []
                for j, ind in enumerate(nd.indicators):
                    if nd.side in ("left", "right"):
                        off = max_a + self.side_gap + self.box_w / 2
                        cx = nd.x - off if nd.side == "left" else nd.x + off
                        cy = nd.y + ((n_ind - 1) / 2 - j) * _SIDE_PITCH
                    else:
                        cx = nd.x + (j - (n_ind - 1) / 2) * self.row_pitch
                        dy = nd.b + _VGAP + _BOX_H / 2
                        cy = nd.y + dy if nd.side == "top" else nd.y - dy
                    nd.boxes.append((ind, _Rect(cx - self.box_w / 2, cy - _BOX_H / 2,
                                                cx + self.box_w / 2, cy + _BOX_H / 2)))

    # ---------------------------------------------------------------- routing
    @property
    def constructs(self) -> list[_Node]:
        return [self.nodes[n] for n in self.model.construct_names]

    def _outer_arrows(self) -> None:
        """Arrow geometry (construct side first) and label position of every indicator's loading or weight."""
        self.outer_arrows = []  # (construct, indicator, points, label, style, label rect or None)
        for nd in self.constructs:
            for ind, box in nd.boxes:
                bc = np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])
                # arrows leave from points spread over the construct's side, so a fan does not converge
                if nd.side in ("left", "right"):
                    c = np.array([nd.x, nd.y + float(np.clip(0.6 * (bc[1] - nd.y), -0.75 * nd.b, 0.75 * nd.b))])
                else:
                    c = np.array([nd.x + float(np.clip(0.6 * (bc[0] - nd.x), -0.6 * nd.a, 0.6 * nd.a)), nd.y])
                pts = _trim(_line(c, bc, 160), nd, _BoxShape(box))
                lab, style = self.outer.get(nd.name, {}).get(ind, ("", "solid"))
                rect = None
                if lab:
                    w, h = _text_width(lab, _FS_OUTER) + 0.04, _FS_OUTER * _PT * 1.25
                    # on the arrow, a fixed distance from the indicator, where the arrows of a fan are far apart
                    if nd.side in ("left", "right"):
                        f = 1 - (self.label_w / 2 + 0.16) / max(abs(pts[-1, 0] - pts[0, 0]), 1e-9)
                    else:
                        f = 1 - (h / 2 + 0.14) / max(abs(pts[-1, 1] - pts[0, 1]), 1e-9)
                    q = pts[0] + min(max(f, 0.3), 0.85) * (pts[-1] - pts[0])
                    rect = _box_of(q[0], q[1], w, h)
                self.outer_arrows.append((nd.name, ind, pts, lab, style, rect))

    def route(self, src: str, tgt: str, placed: list[np.ndarray]) -> tuple[np.ndarray, float]:
        """Points of the drawn structural arrow ``src → tgt``.

        Straight when it clears the other constructs, every indicator, loading label and outer arrow; otherwise
        the cheapest curve (through the dummy points of a long path, or an arc) by hits, then by crossings with
        the arrows already routed (``placed``).
        """
        a, b = self.nodes[src], self.nodes[tgt]
        rects = [nd.rect.inflate(0.06) for nd in self.constructs if nd.name not in (src, tgt)]
        rects += [box.inflate(0.04) for nd in self.constructs for _, box in nd.boxes]
        rects += [r for *_, r in self.outer_arrows if r is not None]
        lines = [pts[[0, -1]] for _, _, pts, *_ in self.outer_arrows]  # outer arrows are straight
        p0, p2 = np.array([a.x, a.y]), np.array([b.x, b.y])
        chain = self.chains[(src, tgt)]
        cands = [("straight", 0.0, _line(p0, p2))]
        if len(chain) > 2:
            pts = np.array([[self.nodes[n].x, self.nodes[n].y] for n in chain])
            cands.append(("chain", 0.5, _spline(pts)))
        for rad in (0.12, -0.12, 0.22, -0.22, 0.34, -0.34, 0.5, -0.5):
            cands.append(("arc", 0.5 + 1.5 * abs(rad), _arc(p0, p2, rad)))
        best, best_score = None, math.inf
        for _, cost, pts in cands:
            pts = _trim(pts, a, b)
            hits = sum(bool(r.contains(pts).any()) for r in rects) + sum(_n_cross(pts, q) for q in lines)
            cross = sum(_n_cross(pts, q) for q in placed)
            score = 10.0 * hits + 1.0 * cross + cost
            if score < best_score - 1e-12:
                best, best_score = pts, score
        assert best is not None  # every score is finite (< inf): the first candidate is kept at least
        return best, best_score


def _line(p0, p1, n: int = 240) -> np.ndarray:
    t = np.linspace(0.0, 1.0, n)[:, None]
    return p0 + t * (p1 - p0)


def _arc(p0, p1, rad: float, n: int = 240) -> np.ndarray:
    d = p1 - p0
    ctrl = (p0 + p1) / 2 + rad * np.array([-d[1], d[0]])
    t = np.linspace(0.0, 1.0, n)[:, None]
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * ctrl + t ** 2 * p1


def _spline(pts: np.ndarray, n: int = 240) -> np.ndarray:
    """Centripetal-free (uniform) Catmull-Rom curve through ``pts``."""
    p = np.vstack([2 * pts[0] - pts[1], pts, 2 * pts[-1] - pts[-2]])
    seg = len(pts) - 1
    per = max(8, n // seg)
    out = []
    for i in range(seg):
        p0, p1, p2, p3 = p[i], p[i + 1], p[i + 2], p[i + 3]
        t = np.linspace(0.0, 1.0, per, endpoint=(i == seg - 1))[:, None]
        out.append(0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t ** 2
                          + (-p0 + 3 * p1 - 3 * p2 + p3) * t ** 3))
    return np.vstack(out)


def _trim(pts: np.ndarray, start, end) -> np.ndarray:
    """``pts`` from where it leaves shape ``start`` to where it enters shape ``end`` (boundaries by bisection)."""
    inside_s = start.inside(pts)
    inside_e = end.inside(pts)
    i0 = int(np.argmax(~inside_s)) if (~inside_s).any() else 0
    rev = ~inside_e[::-1]
    i1 = len(pts) - 1 - int(np.argmax(rev)) if rev.any() else len(pts) - 1
    if i1 <= i0:
        return pts[[0, -1]]

    def edge(p_in, p_out, shape):
        for _ in range(30):
            mid = (p_in + p_out) / 2
            if shape.inside(mid[None, :])[0]:
                p_in = mid
            else:
                p_out = mid
        return p_out

    first = edge(pts[i0 - 1], pts[i0], start) if i0 > 0 else pts[0]
    last = edge(pts[i1 + 1], pts[i1], end) if i1 < len(pts) - 1 else pts[-1]
    return np.vstack([first, pts[i0:i1 + 1], last])


def _n_cross(p: np.ndarray, q: np.ndarray) -> int:
    """Number of crossings of two polylines (coarsened), ignoring shared end points."""
    if (p[:, 0].max() < q[:, 0].min() or q[:, 0].max() < p[:, 0].min()
            or p[:, 1].max() < q[:, 1].min() or q[:, 1].max() < p[:, 1].min()):
        return 0
    p = p[np.unique(np.r_[np.arange(0, len(p), max(1, len(p) // 40)), len(p) - 1])]
    q = q[np.unique(np.r_[np.arange(0, len(q), max(1, len(q) // 40)), len(q) - 1])]
    a0, a1 = p[:-1][:, None, :], p[1:][:, None, :]
    b0, b1 = q[:-1][None, :, :], q[1:][None, :, :]

    def orient(u, v, w):
        return (v[..., 0] - u[..., 0]) * (w[..., 1] - u[..., 1]) - (v[..., 1] - u[..., 1]) * (w[..., 0] - u[..., 0])

    d1, d2 = orient(a0, a1, b0), orient(a0, a1, b1)
    d3, d4 = orient(b0, b1, a0), orient(b0, b1, a1)
    hit = (d1 * d2 < 0) & (d3 * d4 < 0)
    return int(hit.sum())


def _box_of(x: float, y: float, w: float, h: float) -> _Rect:
    return _Rect(x - w / 2, y - h / 2, x + w / 2, y + h / 2)


def _outer_labels(study: _Study) -> dict[str, dict[str, tuple[str, str]]]:
    """construct → indicator → (printed loading or weight, line style) from loadings.csv / weights.csv."""
    model = study.model
    out: dict[str, dict[str, tuple[str, str]]] = {c.name: {} for c in model.constructs}
    loads = study.table("loadings", ("construct", "indicator", "estimate"), "path_diagram (loadings)")
    weights = study.table("weights", ("construct", "indicator", "estimate"), "path_diagram (weights)")
    for c in model.constructs:
        src = loads if c.mode != COMPOSITE else weights
        if src is None:
            continue
        rows = src[src["construct"] == c.name].set_index("indicator")
        for ind in c.indicators:
            if ind not in rows.index:
                continue
            r = rows.loc[ind]
            if c.mode == COMPOSITE:
                p = float(r["p"]) if "p" in rows.columns and pd.notna(r["p"]) else np.nan
                style = "dashed" if pd.notna(p) and p >= 0.05 else "solid"
                out[c.name][ind] = (bounded(r["estimate"]) + stars(p), style)
            else:
                out[c.name][ind] = (bounded(r["estimate"]), "solid")
    return out


def _higher_order_links(study: _Study) -> tuple[Model, dict[tuple[str, str], dict]]:
    """The model drawn with each higher-order construct linked to its lower-order constructs: LOC → HOC for a
    formative HOC (``<~``), HOC → LOC for a reflective one, labelled with the HOC's weight or loading on the LOC
    (two-stage: ``weights.csv``/``loadings.csv``) or the HOC–LOC path (repeated indicators: ``effects.csv``)."""
    model = study.model
    if not model.higher_order:
        return model, {}
    links: list[ModelPath] = []
    rows: dict[tuple[str, str], dict] = {}
    tables = {name: study.table(name, ("construct", "indicator", "estimate"), "path_diagram (higher-order)")
              for name in ("weights", "loadings")}
    effects = study.table("effects", ("from", "to", "kind", "estimate"), "path_diagram (higher-order)")
    for c in model.higher_order:
        table = tables["weights" if c.mode == COMPOSITE else "loadings"]
        for d in c.dimensions:
            key = (d, c.name) if c.mode == COMPOSITE else (c.name, d)
            links.append(ModelPath(*key))
            found = None
            if table is not None:
                hit = table[(table["construct"] == c.name) & (table["indicator"] == d)]
                found = hit.iloc[0].to_dict() if len(hit) else None
            if found is None and effects is not None:
                hit = effects[(effects["kind"] == "direct") & (effects["from"] == key[0]) & (effects["to"] == key[1])]
                found = hit.iloc[0].to_dict() if len(hit) else None
            rows[key] = found or {}
    return replace(model, paths=model.paths + tuple(links)), rows


def _path_diagram(study: _Study):
    from matplotlib.patches import Ellipse, Patch, Polygon, Rectangle

    model, hoc_rows = _higher_order_links(study)
    r2 = {}
    r2t = study.table("r2", ("construct", "r2"), "path_diagram (R²)")
    if r2t is not None:
        r2 = {r["construct"]: float(r["r2"]) for _, r in r2t.iterrows()
              if r["construct"] in model.endogenous and pd.notna(r["r2"])}
    outer = _outer_labels(study)
    dg = _Diagram(model, outer, r2)

    paths = study.paths.copy()
    has_p = study.has_p
    rows = {(r["from"], r["to"]): r for r in paths.to_dict("records")} | hoc_rows

    routes = dg.routes

    # ---- occupied areas for label placement
    occupied: list[_Rect] = [nd.rect for nd in dg.constructs]
    occupied += [box for nd in dg.constructs for _, box in nd.boxes]
    occupied += [r for *_, r in dg.outer_arrows if r is not None]

    path_labels = []
    for p in model.paths:
        key = (p.source, p.target)
        pts = routes[key]
        r = rows.get(key, {})
        est = r.get("estimate", np.nan)
        pv = _p_of(r) if has_p else np.nan
        text = bounded(est) + (stars(pv) if has_p else "")
        w, h = _text_width(text, _FS_PATH) + 0.06, _FS_PATH * _PT * 1.35
        best, best_cost = None, math.inf
        cum = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(pts, axis=0).T))])
        for f in (0.5, 0.42, 0.58, 0.35, 0.65, 0.28, 0.72, 0.22, 0.78):
            i = int(np.searchsorted(cum, f * cum[-1]))
            i = min(max(i, 0), len(pts) - 1)
            rect = _box_of(pts[i, 0], pts[i, 1], w, h)
            cost = sum(rect.overlap(o) for o in occupied) * 100 + abs(f - 0.5) * 0.01
            if cost < best_cost - 1e-12:
                best, best_cost = (pts[i, 0], pts[i, 1], rect), cost
        assert best is not None  # every cost is finite (< inf): the first position is kept at least
        occupied.append(best[2])
        sig = (not has_p) or (pd.notna(pv) and pv < 0.05)
        path_labels.append((best[0], best[1], text, sig))

    # ---- extent of the drawing
    rects = [nd.rect for nd in dg.constructs] + [box for nd in dg.constructs for _, box in nd.boxes]
    rects += [r for *_, r in dg.outer_arrows if r is not None]
    allpts = np.vstack(list(routes.values())) if routes else np.zeros((0, 2))
    ext = _Rect.union(rects)
    if len(allpts):
        ext = _Rect.union([ext, _Rect(allpts[:, 0].min(), allpts[:, 1].min(), allpts[:, 0].max(),
                                      allpts[:, 1].max())])
    ext = ext.inflate(0.15)
    draw_w, draw_h = ext.x1 - ext.x0, ext.y1 - ext.y0
    fig_w = max(6.0, draw_w + 0.4)
    note = _diagram_note(study, has_p)
    chars = int((fig_w - 0.5) / (_FS_ITEM * _PT * 0.56))
    note_lines = [ln for para in note for ln in textwrap.wrap(para, chars)]
    top_band = 0.45
    foot_band = 0.15 + len(note_lines) * _FS_ITEM * _PT * 1.45
    fig_h = draw_h + top_band + foot_band
    fig = _new_figure(fig_w, fig_h, layout=None)
    left = (fig_w - draw_w) / 2
    ax = fig.add_axes((left / fig_w, foot_band / fig_h, draw_w / fig_w, draw_h / fig_h))
    ax.set_xlim(ext.x0, ext.x1)
    ax.set_ylim(ext.y0, ext.y1)
    ax.set_axis_off()
    title = i18n._("Path model: coefficients with bootstrap significance" if has_p
                   else "Path model: coefficients (no bootstrap)")
    fig.text(0.5, 1 - 0.22 / fig_h, title, ha="center", va="center", fontsize=10, fontweight="bold")
    fig.text(0.25 / fig_w, (foot_band - 0.08) / fig_h, "\n".join(note_lines), ha="left", va="top",
             fontsize=_FS_ITEM, linespacing=1.3)

    # ---- outer model
    for name, _, pts, lab, style, label_box in dg.outer_arrows:
        if dg.nodes[name].mode == COMPOSITE:
            pts = pts[::-1]
        color = "black" if style == "solid" else _GREY
        _arrow(ax, pts, color=color, lw=0.7, ls="-" if style == "solid" else (0, (3, 2)), head=0.075)
        if label_box is not None:
            ax.text((label_box.x0 + label_box.x1) / 2, (label_box.y0 + label_box.y1) / 2, lab, ha="center", va="center",
                    fontsize=_FS_OUTER, zorder=5,
                    bbox=dict(boxstyle="square,pad=0.08", facecolor="white", edgecolor="none"))
    for nd in dg.constructs:
        for ind, box in nd.boxes:
            ax.add_patch(Rectangle((box.x0, box.y0), box.x1 - box.x0, box.y1 - box.y0, facecolor="#f2f2f2",
                                   edgecolor="black", linewidth=0.7, zorder=3))
            ax.text((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2, ind, ha="center", va="center",
                    fontsize=_FS_ITEM, zorder=4)

    # ---- structural model
    for p in model.paths:
        pts = routes[(p.source, p.target)]
        r = rows.get((p.source, p.target), {})
        pv = _p_of(r) if has_p else np.nan
        sig = (not has_p) or (pd.notna(pv) and pv < 0.05)
        _arrow(ax, pts, color="black" if sig else _GREY, lw=1.1 if sig else 0.9,
               ls="-" if sig else (0, (4, 2.5)), head=0.11)
    for x, y, text, sig in path_labels:
        ax.text(x, y, text, ha="center", va="center", fontsize=_FS_PATH, zorder=6,
                color="black" if sig else "0.35",
                bbox=dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none"))

    for nd in dg.constructs:
        fc = "#dbe8f5" if nd.name in model.endogenous else "#eef3f8"
        if nd.mode == COMPOSITE:
            t = np.array([[-1, 0], [-0.55, 1], [0.55, 1], [1, 0], [0.55, -1], [-0.55, -1]])
            shape: Patch = Polygon(np.column_stack([nd.x + t[:, 0] * nd.a, nd.y + t[:, 1] * nd.b]), closed=True,
                            facecolor=fc, edgecolor="black", linewidth=1.0, zorder=5)
        else:
            shape = Ellipse((nd.x, nd.y), 2 * nd.a, 2 * nd.b, facecolor=fc, edgecolor="black", linewidth=1.0,
                            zorder=5)
        ax.add_patch(shape)
        if nd.name in r2:
            ax.text(nd.x, nd.y + 0.07, nd.name, ha="center", va="center", fontsize=_FS_CONSTRUCT,
                    fontweight="bold", zorder=6)
            ax.text(nd.x, nd.y - 0.11, dg._r2_text(nd.name), ha="center", va="center", fontsize=_FS_R2, zorder=6)
        else:
            ax.text(nd.x, nd.y, nd.name, ha="center", va="center", fontsize=_FS_CONSTRUCT, fontweight="bold",
                    zorder=6)
    return fig


@dataclass
class _BoxShape:
    r: _Rect

    def inside(self, pts: np.ndarray, pad: float = 0.0) -> np.ndarray:
        return self.r.inflate(pad).contains(pts)


def _arrow(ax, pts: np.ndarray, color, lw: float, ls, head: float) -> None:
    """A polyline with a filled triangular head at its last point (the head stays solid on dashed lines)."""
    from matplotlib.patches import Polygon

    tip = pts[-1]
    cum = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(pts, axis=0).T))])
    back = cum[-1] - head
    i = int(np.searchsorted(cum, back))
    i = min(max(i, 1), len(pts) - 1)
    base = pts[i - 1] + (pts[i] - pts[i - 1]) * ((back - cum[i - 1]) / max(cum[i] - cum[i - 1], 1e-12))
    d = tip - base
    d = d / max(np.hypot(*d), 1e-12)
    nrm = np.array([-d[1], d[0]])
    half = head * 0.38
    shaft = np.vstack([pts[:i], base + d * 0.01])
    ax.plot(shaft[:, 0], shaft[:, 1], color=color, lw=lw, ls=ls, solid_capstyle="butt", zorder=2)
    ax.add_patch(Polygon([tip, base + nrm * half, base - nrm * half], closed=True, facecolor=color,
                         edgecolor=color, linewidth=0.3, zorder=2))


def _diagram_note(study: _Study, has_p: bool) -> list[str]:
    model = study.model
    paras = []
    if has_p:
        paras.append(i18n._("Note. Path coefficients; significance from the two-sided bootstrap test ({boot}): "
                            "{stars}; dashed grey arrows: p \u2265 .05.", boot=study.boot_phrase(),
                            stars=i18n._(STARS_NOTE)[:-1]))
    else:
        paras.append(i18n._("Note. Path coefficients without significance tests (no bootstrap)."))
    outer = []
    if any(c.mode != COMPOSITE for c in model.constructs):
        outer.append(i18n._("ellipses: reflective constructs with outer loadings (construct \u2192 indicator)"))
    if any(c.mode == COMPOSITE for c in model.constructs):
        outer.append(i18n._("hexagons: composite constructs with outer weights (indicator \u2192 construct; "
                            "stars and dashed arrows as for paths)"))
    if model.endogenous:
        outer.append(i18n._("R\u00b2 inside the endogenous constructs"))
    if outer:
        paras.append(outer[0][0].upper() + "; ".join(outer)[1:] + ".")
    return paras


# ====================================================================== HTMT
def _htmt_heatmap(study: _Study):
    """Lower-triangle HTMT matrix, thresholds 0.85 / 0.90 (Henseler, Ringle & Sarstedt 2015)."""
    from matplotlib.colors import LinearSegmentedColormap, Normalize

    t = study.table("htmt", ("construct_a", "construct_b", "htmt"), "htmt_heatmap")
    if t is None:
        return None
    names = [n for n in study.model.construct_names if n in set(t["construct_a"]) | set(t["construct_b"])]
    if len(names) < 2:
        log.info("%s: HTMT needs two constructs; figure htmt_heatmap skipped", study.folder)
        return None
    idx = {n: i for i, n in enumerate(names)}
    k = len(names)
    val = np.full((k, k), np.nan)
    ub = np.full((k, k), np.nan)
    for r in t.to_dict("records"):
        a, b = r["construct_a"], r["construct_b"]
        if a not in idx or b not in idx:
            continue
        i, j = max(idx[a], idx[b]), min(idx[a], idx[b])
        val[i, j] = r["htmt"]
        ub[i, j] = r.get("upper_one_sided", np.nan)
    sub = val[1:, :-1]
    subub = ub[1:, :-1]
    vmax = max(1.0, float(np.nanmax(sub)) if np.isfinite(sub).any() else 1.0)
    norm = Normalize(vmin=0.0, vmax=vmax)
    lo_t, hi_t = HTMT_THRESHOLDS
    # light to mid blue below 0.85, orange from 0.85 to 0.90, red above: the thresholds show as colour steps
    eps = 1e-4
    cmap = LinearSegmentedColormap.from_list("htmt", [
        (0.0, "#f7fbff"), (lo_t / vmax, "#6baed6"), (lo_t / vmax + eps, "#fdae6b"), (hi_t / vmax, "#f16913"),
        (hi_t / vmax + eps, "#cb181d"), (1.0, "#67000d")], N=2048).with_extremes(bad="white")
    cell = 0.62 if k <= 8 else 0.52
    fig = _new_figure(max(4.4, 1.9 + cell * (k - 1) + 1.0), max(3.4, 1.6 + cell * (k - 1)))
    ax = fig.add_subplot()
    im = ax.imshow(np.ma.masked_invalid(sub), cmap=cmap, norm=norm, aspect="equal")
    has_ub = bool(np.isfinite(subub).any())
    for i in range(k - 1):
        for j in range(k - 1):
            v = sub[i, j]
            if not np.isfinite(v):
                continue
            flag = (subub[i, j] if has_ub and np.isfinite(subub[i, j]) else v) >= lo_t
            ax.text(j, i, bounded(v), ha="center", va="center", fontsize=7 if k <= 8 else 6.5,
                    color="white" if v >= hi_t else "black", fontweight="bold" if flag else "normal")
    ax.set_xticks(range(k - 1))
    ax.set_xticklabels(names[:-1], rotation=45, ha="right")
    ax.set_yticks(range(k - 1))
    ax.set_yticklabels(names[1:])
    for s in ("top", "right", "left", "bottom"):
        ax.spines[s].set_visible(False)
    ax.tick_params(length=0)
    cb = fig.colorbar(im, ax=ax, shrink=0.85, pad=0.03)
    cb.set_label(i18n._("HTMT (threshold {low} / {high}, Henseler et al. 2015)", low=cut(lo_t), high=cut(hi_t)),
                 fontsize=7)
    for thr in HTMT_THRESHOLDS:
        cb.ax.axhline(thr, color="black", lw=0.8, ls="-" if thr == lo_t else "--")
    cb.set_ticks(sorted({0.0, 0.25, 0.5, lo_t, hi_t, 1.0} | ({round(vmax, 2)} if vmax > 1 else set())))
    cb.ax.tick_params(labelsize=6.5)
    ax.set_title(i18n._("Discriminant validity: heterotrait-monotrait ratio (HTMT)"), fontsize=9)
    crit = i18n._("the one-sided bootstrap upper bound of the HTMT" if has_ub else "the HTMT")
    fig.supxlabel(i18n._("Bold: {criterion} is at least {low} (Henseler, Ringle & Sarstedt 2015).", criterion=crit,
                         low=cut(lo_t)), fontsize=6.5)
    return fig


# ====================================================================== loadings
def _loadings_chart(study: _Study):
    """Reflective outer loadings with bootstrap percentile intervals against 0.708 and 0.40 (Hair et al. 2022)."""
    from matplotlib.patches import Patch

    t = study.table("loadings", ("construct", "indicator", "estimate"), "loadings")
    if t is None:
        return None
    model = study.model
    reflective = [c for c in model.constructs if c.mode != COMPOSITE]
    single = [c.name for c in reflective if len(c.indicators) == 1]
    multi = [c for c in reflective if len(c.indicators) > 1]
    if not multi:
        log.info("%s: no reflective construct with two or more indicators; figure loadings skipped", study.folder)
        return None
    has_ci = {"ci_low", "ci_high"} <= set(t.columns) and bool(t["ci_low"].notna().any())
    rows = []  # (label, estimate, lo, hi, is_heading)
    for c in multi:
        rows.append((c.name, np.nan, np.nan, np.nan, True))
        sub = t[t["construct"] == c.name].set_index("indicator")
        for ind in c.indicators:
            if ind not in sub.index:
                continue
            r = sub.loc[ind]
            lo = float(r["ci_low"]) if has_ci and pd.notna(r["ci_low"]) else np.nan
            hi = float(r["ci_high"]) if has_ci and pd.notna(r["ci_high"]) else np.nan
            rows.append((ind, float(r["estimate"]), lo, hi, False))
    n = len(rows)
    fig = _new_figure(6.2, 1.5 + 0.2 * n)
    ax = fig.add_subplot()
    y = np.arange(n)[::-1].astype(float)
    colors = {"pass": "#3b6ea5", "warn": "#e3a33b", "fail": "#c0392b"}
    lo_x = min(0.0, np.nanmin([r[2] for r in rows] + [r[1] for r in rows]))
    for yi, (_lab, est, lo, hi, head) in zip(y, rows):
        if head:
            continue
        kind = "pass" if est >= LOADING_MIN else "warn" if est >= LOADING_FLOOR else "fail"
        ax.barh(yi, est, height=0.62, color=colors[kind], edgecolor="none", zorder=2)
        if np.isfinite(lo) and np.isfinite(hi):
            ax.errorbar(est, yi, xerr=[[max(est - lo, 0)], [max(hi - est, 0)]], fmt="none", ecolor="black",
                        elinewidth=0.8, capsize=2, zorder=3)
        xt = (hi if np.isfinite(hi) else est) + 0.015
        ax.text(xt, yi, bounded(est), va="center", ha="left", fontsize=6.5, zorder=4)
    ax.axvline(LOADING_MIN, color="black", lw=1.0, zorder=2.5)
    ax.axvline(LOADING_FLOOR, color="black", lw=0.9, ls=":", zorder=2.5)
    ax.axvline(0.0, color="0.6", lw=0.6, zorder=1)
    ax.set_yticks(y)
    ax.set_yticklabels([r[0] for r in rows])
    for tick, r in zip(ax.get_yticklabels(), rows):
        if r[4]:
            tick.set_fontweight("bold")
            tick.set_fontsize(7.5)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlim(lo_x - 0.02 if lo_x < 0 else 0.0, 1.12)
    ax.set_xlabel(i18n._("outer loading"))
    top = y[0]  # the first construct's heading row has no bar: the rules are labelled there
    ax.text(LOADING_MIN - 0.01, top, f"{cut(LOADING_MIN)} (Hair et al. 2022)", ha="right", va="center",
            fontsize=6.5)
    ax.text(LOADING_FLOOR - 0.01, top, cut(LOADING_FLOOR), ha="right", va="center", fontsize=6.5)
    level = int(round(study.ci_level * 100))
    title = i18n._("Outer loadings of the reflective indicators")
    if has_ci:
        title += "\n" + i18n._("with {level}% bootstrap percentile intervals ({boot})", level=level,
                               boot=study.boot_phrase())
    ax.set_title(title, fontsize=8.5)
    handles = [
        Patch(color=colors["pass"], label=i18n._("\u2265 {min}: retain", min=cut(LOADING_MIN))),
        Patch(color=colors["warn"], label=i18n._("{floor}\u2013{min}: retain if AVE and \u03c1c are adequate",
                                                 floor=cut(LOADING_FLOOR), min=cut(LOADING_MIN))),
        Patch(color=colors["fail"], label=i18n._("< {floor}: remove", floor=cut(LOADING_FLOOR))),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False, fontsize=6.5)
    if single:
        ax.set_xlabel(i18n._("outer loading") + "\n" + i18n._(
            "(single-item construct(s) not shown, loading fixed at 1: {constructs})", constructs=", ".join(single)))
    return fig


# ====================================================================== moderation (slope_figures.py)
def _simple_slopes(study: _Study):
    t = study.results.csv("simple_slopes.csv")  # only a model with interaction terms has it: no log otherwise
    return None if t is None or t.empty else simple_slopes_figure(t, study.paths)


def _ipma(study: _Study):
    t = study.results.csv("ipma_constructs.csv")  # only with `ipma: TARGET`: no log otherwise
    return None if t is None or t.empty else ipma_figure(t)


def _floodlight(study: _Study):
    t = study.results.csv("simple_slopes.csv")
    p = study.folder / "boot_draws.parquet"
    if t is None or t.empty:
        return None
    if not p.exists():
        log.info("%s: boot_draws.parquet is missing; figure floodlight skipped", study.folder)
        return None
    cols = {f"path:{r['iv']}->{r['dv']}" for r in t.to_dict("records")}
    cols |= {f"path:{r['interaction']}->{r['dv']}" for r in t.to_dict("records")}
    import pyarrow.parquet as pq

    present = set(pq.read_schema(p).names)
    draws = pd.read_parquet(p, columns=sorted(cols & present))
    return floodlight_figure(t, study.paths, draws, study.results.csv("scores.csv"), study.ci_level)


# ====================================================================== bootstrap draws
def _bootstrap_paths(study: _Study):
    """Histogram of each path coefficient's bootstrap draws with the estimate and the percentile interval."""
    p = study.folder / "boot_draws.parquet"
    if not p.exists():
        log.info("%s: boot_draws.parquet is missing; figure bootstrap_paths skipped", study.folder)
        return None
    draws = pd.read_parquet(p)
    panels = []
    for r in study.paths.to_dict("records"):
        col = f"path:{r['from']}->{r['to']}"
        if col in draws.columns:
            x = draws[col].to_numpy(dtype=float)
            x = x[np.isfinite(x)]
            if len(x):
                panels.append((r, x))
    if not panels:
        log.info("%s: boot_draws.parquet holds no path columns; figure bootstrap_paths skipped", study.folder)
        return None
    n = len(panels)
    fig, axes = _panel_grid(n, 3, 2.45, 1.95, 0.55)
    level = int(round(study.ci_level * 100))
    for ax, (r, x) in zip(axes.ravel(), panels):
        bins = np.histogram_bin_edges(x, bins=min(40, max(10, int(np.sqrt(len(x))))))
        ax.hist(x, bins=bins, color="#9ecae1", edgecolor="white", linewidth=0.3, zorder=2)
        lo, hi = r.get("ci_low", np.nan), r.get("ci_high", np.nan)
        if pd.isna(lo) or pd.isna(hi):
            lo, hi = np.quantile(x, [(1 - study.ci_level) / 2, (1 + study.ci_level) / 2])
        ax.axvspan(lo, hi, color="0.5", alpha=0.22, lw=0, zorder=1)
        ax.axvline(r["estimate"], color="black", lw=1.1, zorder=3)
        ax.axvline(0.0, color="#c0392b", lw=0.8, ls="--", zorder=3)
        pv = _p_of(r)
        ax.set_title(f"{r['from']} {_ARROW} {r['to']}", fontsize=8.5)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="x", labelsize=6.5)
        lo_x = min(float(x.min()), 0.0)
        hi_x = max(float(x.max()), 0.0)
        pad = 0.05 * (hi_x - lo_x or 1.0)
        ax.set_xlim(lo_x - pad, hi_x + pad)
        right = float(r["estimate"]) < (lo_x + hi_x) / 2  # the label goes on the side away from the draws
        ax.text(0.98 if right else 0.02, 0.97,
                f"\u03b2 = {bounded(r['estimate'])}{stars(pv)}\n{level}% CI {ci(lo, hi)}",  # symbols only
                transform=ax.transAxes, ha="right" if right else "left", va="top", fontsize=6.5,
                bbox=dict(boxstyle="square,pad=0.15", facecolor="white", edgecolor="none", alpha=0.85), zorder=4)
        ax.set_ylim(top=ax.get_ylim()[1] * 1.45)
    for ax in axes.ravel()[n:]:
        ax.set_axis_off()
    fig.suptitle(i18n._("Bootstrap distributions of the path coefficients ({boot})", boot=study.boot_phrase()),
                 fontsize=9)
    fig.supxlabel(i18n._("path coefficient; black line: estimate; grey band: {level}% percentile interval; "
                         "red dashed: 0", level=level), fontsize=7)
    return fig


def _panel_grid(n: int, max_cols: int, width: float, height: float, margin: float):
    """A figure with ``n`` small panels, at most ``max_cols`` per row, each ``width`` × ``height`` inches."""
    ncol = min(max_cols, n)
    nrow = math.ceil(n / ncol)
    fig = _new_figure(width * ncol + 0.2, height * nrow + margin)
    return fig, fig.subplots(nrow, ncol, squeeze=False)


# ====================================================================== scores
def _score_distributions(study: _Study):
    """Histogram of each construct's scores with the normal density N(mean, SD) overlaid."""
    from scipy import stats as st

    t = study.table("scores", (), "score_distributions")
    if t is None:
        return None
    names = [n for n in study.model.construct_names if n in t.columns]
    if not names:
        log.info("%s: scores.csv holds no construct column; figure score_distributions skipped", study.folder)
        return None
    k = len(names)
    fig, axes = _panel_grid(k, 4, 2.2, 1.85, 0.6)
    for ax, name in zip(axes.ravel(), names):
        x = pd.to_numeric(t[name], errors="coerce").to_numpy(dtype=float)
        x = x[np.isfinite(x)]
        if len(x) < 3:
            ax.set_axis_off()
            continue
        m, sd = float(x.mean()), float(x.std(ddof=1))
        bins = np.histogram_bin_edges(x, bins=min(30, max(8, int(np.sqrt(len(x))))))
        ax.hist(x, bins=bins, density=True, color="#c6dbef", edgecolor="white", linewidth=0.3, zorder=2)
        if sd > 0:
            grid = np.linspace(min(x.min(), m - 3.5 * sd), max(x.max(), m + 3.5 * sd), 200)
            ax.plot(grid, st.norm.pdf(grid, m, sd), color="black", lw=1.0, zorder=3)
            g1 = st.skew(x, bias=False)
            g2 = st.kurtosis(x, bias=False)
            txt = f"M = {num(m)}, SD = {num(sd)}\n" + i18n._("skew = {skew}, kurt = {kurt}", skew=num(g1), kurt=num(g2))
        else:
            txt = f"M = {num(m)}, SD = {num(sd)}"
        ax.text(0.02, 0.97, txt, transform=ax.transAxes, ha="left", va="top", fontsize=6)
        ax.set_ylim(top=ax.get_ylim()[1] * 1.35)
        ax.set_title(name, fontsize=8.5, fontweight="bold")
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="x", labelsize=6.5)
    for ax in axes.ravel()[k:]:
        ax.set_axis_off()
    fig.suptitle(i18n._("Construct score distributions (n = {n}) with the normal curve of the same mean and SD",
                        n=f"{len(t):,}"), fontsize=9)
    fig.supxlabel(i18n._("construct score (standardized); skewness and excess kurtosis with the small-sample "
                         "adjustment (G1, G2; as SPSS)"), fontsize=7)
    return fig
