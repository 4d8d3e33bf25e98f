"""seminr-py 0.2.1 (Python port of R seminr): bootstrap of an advanced model; prints one JSON line.

``--method two_stage``: the moderation model of Hair et al. (2021, *PLS-SEM Using R*, ch. 8; R seminr
``demo/seminr-primer-chap8.R``): the extended corp_rep model plus SC (switch_1..4, mode A) and
``interaction_term(iv="CUSA", moderator="SC", method=two_stage, weights=mode_A)``, paths CUSA, SC, CUSA*SC → CUSL —
the model of ``shared/reference/scripts/seminr_moderation.R``. ``--method plsc``: corp_rep_simple with every construct
``reflective(...)`` (seminr then applies PLSc), as ``shared/reference/scripts/seminr_plsc.R``.

Missing data: seminr's own ``missing_value=-99`` with mean replacement redone inside every resample (as R seminr).
Parallel option: ``bootstrap_model(cores=W)``.
"""
import argparse
import time

import _common as C


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--method", choices=["two_stage", "plsc"], required=True)
    p.add_argument("--boot", type=int, default=200)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    import numpy as np
    import pandas as pd
    import seminr
    from seminr import (
        bootstrap_model,
        composite,
        constructs,
        estimate_pls,
        interaction_term,
        mode_A,
        mode_B,
        paths,
        reflective,
        relationships,
        two_stage,
    )

    if a.method == "two_stage":
        cons, pths = C.parse_lav(C.MODELS["extended"])
        cons = cons + [("SC", "A", [f"switch_{i}" for i in range(1, 5)])]
        pths = [pt for pt in pths if pt[1] != "CUSL" or pt[0] not in ("CUSA",)]
        pths += [("CUSA", "CUSL"), ("SC", "CUSL"), ("CUSA*SC", "CUSL")]
        specs = [composite(n, its, weights=mode_A if m == "A" else mode_B) for n, m, its in cons]
        specs.append(interaction_term(iv="CUSA", moderator="SC", method=two_stage, weights=mode_A))
    else:
        cons, pths = C.parse_lav(C.MODELS["simple"])
        specs = [reflective(n, its) for n, _, its in cons]
    items = [i for _, _, its in cons for i in its]
    df = pd.read_csv(C.DATA)[items].astype(float)
    mm = constructs(*specs)
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
        "peer": "seminr", "version": getattr(seminr, "__version__", "0.2.1"), "model": a.method, "boot": a.boot,
        "workers": a.workers, "ok": int(boot.boots), "failed": int(boot.fails), "wall_s": wall, "fit_s": t_fit,
        "paths": point, "boot_se": {k: float(v) for k, v in zip(point, sd)},
    })


if __name__ == "__main__":
    main()
