"""seminr-py 0.2.1: bootstrap of the corp_rep model estimated by consistent PLS; prints one JSON line.

Every construct is ``reflective(name, items)`` (as ``shared/reference/scripts/seminr_plsc.R`` does in R), so
``estimate_pls`` applies PLSc (``model_consistent``) to the estimate and to every resample. Missing data as in
``seminr_boot.py``: ``missing_value=-99`` with mean replacement redone in every resample. Parallel option:
``bootstrap_model(cores=W)``. seminr keeps every resample (no admissibility check), so its SEs are over all draws.
"""
import time

import _common as C


def main():
    a = C.args(__doc__)
    import numpy as np
    import pandas as pd
    import seminr
    from seminr import bootstrap_model, constructs, estimate_pls, paths, reflective, relationships

    cons, pths = C.parse_lav(C.MODELS[a.model])
    items = [i for _, _, its in cons for i in its]
    df = pd.read_csv(C.DATA)[items].astype(float)
    mm = constructs(*[reflective(name, its) for name, _, its in cons])
    sm = relationships(*[paths(src, dst) for src, dst in pths])

    t0 = time.perf_counter()
    model = estimate_pls(df, mm, sm, missing_value=C.MISSING)
    t_fit = time.perf_counter() - t0
    t0 = time.perf_counter()
    boot = bootstrap_model(model, nboot=a.boot, seed=a.seed, cores=a.workers if a.workers > 1 else None)
    wall = time.perf_counter() - t0

    pc = model.path_coef
    point = {f"{s}->{d}": float(pc.get(s, d)) for s, d in pths}
    draws = [[r.get(s, d) for s, d in pths] for r in boot.boot_paths]
    sd = np.asarray(draws).std(axis=0, ddof=1)
    C.emit({
        "peer": "seminr_plsc", "version": getattr(seminr, "__version__", "0.2.1"),
        "model": a.model, "boot": a.boot, "workers": a.workers, "ok": int(boot.boots), "failed": int(boot.fails),
        "wall_s": wall, "fit_s": t_fit, "paths": point,
        "boot_se": {k: float(v) for k, v in zip(point, sd)},
        "missing": "seminr missing_value=-99 + mean_replacement (redone in each resample)",
        **C.duplicate_count(draws), **C.sign_flips(point, draws),
    })


if __name__ == "__main__":
    main()
