"""The first-order models a higher-order construct (HOC) is estimated through (Sarstedt et al. 2019).

A HOC ``REP =~ COMP + LIKE`` (reflective-reflective) or ``REP <~ COMP + LIKE`` (reflective-formative) is measured by
its lower-order constructs (LOCs, "dimensions"). PLS-SEM estimates it through ordinary first-order models:

* :func:`stage1_model` — the two-stage approach's stage 1 (Becker, Klein & Wetzels 2012; Sarstedt et al. 2019;
  R seminr 2.3.2 ``higher_composite(method = two_stage)``): every HOC is replaced by its LOCs; each antecedent of
  the HOC gets a path to every LOC and every LOC a path to each outcome of the HOC;
* :func:`stage2_model` — stage 2: the LOCs' stage-1 scores are the HOC's indicators (named as the LOCs), the LOCs
  are no longer constructs, and the user's structural model is estimated;
* :func:`repeated_indicators_model` — the repeated indicators approach (Lohmöller 1989; Becker et al. 2012;
  SmartPLS): the HOC's indicators are all its LOCs' items (copies named ``item@HOC``), and the inner model gains the
  paths HOC → LOC (reflective HOC) or LOC → HOC (formative HOC).
"""
from __future__ import annotations

from .spec import Construct, Model, Path

#: how a repeated item is named under its higher-order construct (item names must be unique in a model)
REPEATED_NAME = "{item}@{hoc}"


def _dimensions(model: Model) -> dict[str, tuple[str, ...]]:
    return {c.name: c.dimensions for c in model.higher_order}


def stage1_model(model: Model) -> Model:
    """Stage 1 of the two-stage approach: HOCs replaced by their LOCs (antecedents → every LOC → outcomes).

    Constructs and items keep the user's order without the HOCs, so the items are ``model.indicators``.
    """
    dims = _dimensions(model)
    paths: list[Path] = []
    for p in model.paths:
        for s in dims.get(p.source, (p.source,)):
            for t in dims.get(p.target, (p.target,)):
                paths.append(Path(s, t, line=p.line))
    return Model(tuple(c for c in model.constructs if not c.dimensions), tuple(paths), model.covariances,
                 source=model.source)


def stage2_model(model: Model) -> Model:
    """Stage 2 of the two-stage approach: each HOC measured by indicators named as its LOCs (their stage-1
    scores), in the HOC's mode; the LOCs are not constructs; the user's paths."""
    locs = {d for c in model.higher_order for d in c.dimensions}
    cons = tuple(Construct(c.name, c.dimensions, c.mode, line=c.line) if c.dimensions else c
                 for c in model.constructs if c.name not in locs)
    return Model(cons, model.paths, model.covariances, source=model.source)


def repeated_indicators_model(model: Model) -> Model:
    """The repeated indicators model: each HOC measured by copies of all its LOCs' items (``item@HOC``, see
    :data:`REPEATED_NAME`), with the paths HOC → LOC (reflective HOC, ``=~``) or LOC → HOC (formative, ``<~``)
    added after the user's paths."""
    cons = []
    extra: list[Path] = []
    for c in model.constructs:
        if c.dimensions:
            items = tuple(REPEATED_NAME.format(item=i, hoc=c.name) for d in c.dimensions
                          for i in model.construct(d).indicators)
            cons.append(Construct(c.name, items, c.mode, line=c.line))
            for d in c.dimensions:
                extra.append(Path(c.name, d, line=c.line) if c.pls_mode == "A" else Path(d, c.name, line=c.line))
        else:
            cons.append(c)
    return Model(tuple(cons), model.paths + tuple(extra), model.covariances, source=model.source)


def repeated_item(name: str) -> str:
    """The data column a repeated indicator ``item@HOC`` copies (the name itself for any other indicator)."""
    return name.rsplit("@", 1)[0] if "@" in name else name
