"""The summary's paragraph on higher-order constructs: which they are, how they were estimated, how each level is
assessed (Becker, Klein & Wetzels 2012; Sarstedt, Hair, Cheah, Becker & Ringle 2019)."""
from __future__ import annotations

from ...errors import ModelError
from ...i18n import _
from ...model import parse_model
from .document import Doc, _list_words

#: how each ``hoc`` method is described (English keys of the catalogue)
METHODS = {
    "two_stage": "the disjoint two-stage approach, as R seminr 2.3.2 estimates it: stage 1 estimates the model "
                 "with each higher-order construct replaced by its lower-order constructs, stage 2 uses their "
                 "stage-1 scores as its indicators (Becker, Klein & Wetzels 2012; Sarstedt et al. 2019)",
    "repeated_indicators": "the repeated indicators approach, as SmartPLS estimates it: each higher-order construct "
                           "is measured by all items of its lower-order constructs, which it explains (reflective) "
                           "or which form it (formative) in the inner model (Becker, Klein & Wetzels 2012)",
}


def paragraph(doc: Doc, run: dict) -> None:
    """A paragraph naming the higher-order constructs and the method, when the estimated model has any."""
    try:
        model = parse_model(run.get("model") or "")
    except ModelError:
        return
    if not model.higher_order:
        return
    method = (run.get("settings") or {}).get("hoc", "two_stage")
    hocs = [_("{hoc} ({mode}) of {dimensions}", hoc=c.name, mode=_("formative" if c.pls_mode == "B" else "reflective"),
              dimensions=_list_words(list(c.dimensions))) for c in model.higher_order]
    doc.p(_("Higher-order constructs: {hocs}. They were estimated by {method}. The lower-order constructs are "
            "assessed on their items, each higher-order construct on its lower-order constructs (Sarstedt et al. "
            "2019); the column Construct level of the tables says which level a row belongs to.",
            hocs="; ".join(hocs), method=_(METHODS.get(method, method))))
