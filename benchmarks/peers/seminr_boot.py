"""seminr-py 0.2.1 (Python port of R seminr): bootstrap of the corp_rep model; prints one JSON line.

Missing data: seminr's own ``missing_value=-99`` with its default ``mean_replacement``, redone inside every resample
(as R seminr). Constructs are ``composite(..., mode_A | mode_B)`` exactly as the R reference scripts
(shared/reference/scripts/models.R). Parallel option: ``bootstrap_model(cores=W)`` (spawn process pool; the resample
indices are drawn up front in the parent, so workers cannot duplicate resamples).
"""
import time

import _common as C


def main():
    a = C.args(__doc__)
    import numpy as np
    import pandas as pd
    import seminr
    from seminr import bootstrap_model, composite, constructs, estimate_pls, mode_A, mode_B, paths, relationships

    cons, pths = C.parse_lav(C.MODELS[a.model])
    items = [i for _, _, its in cons for i in its]
    # seminr reads the marker itself: hand it the raw data with -99 left in
    df = pd.read_csv(C.DATA)[items].astype(float)
    mm = constructs(*[composite(name, its, weights=mode_A if mode == "A" else mode_B) for name, mode, its in cons])
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
        "peer": "seminr", "version": seminr.__version__ if hasattr(seminr, "__version__") else "0.2.1",
        "model": a.model, "boot": a.boot, "workers": a.workers, "ok": int(boot.boots), "failed": int(boot.fails),
        "wall_s": wall, "fit_s": t_fit, "paths": point,
        "boot_se": {k: float(v) for k, v in zip(point, sd)},
        "missing": "seminr missing_value=-99 + mean_replacement (redone in each resample)",
        **C.duplicate_count(draws), **C.sign_flips(point, draws),
    })


if __name__ == "__main__":
    main()
