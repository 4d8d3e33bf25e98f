"""openpls-engine 1.13.0 (maintained fork of plspm-python): bootstrap of the corp_rep model; prints one JSON line.

Missing data: -99 -> NaN, then ``Plspm(missing_strategy="mean")``: column-mean replacement ONCE on the full data
before the bootstrap (resamples are drawn from the imputed rows, unlike seminr, which re-imputes per resample).
Indicators are standardized column-wise (openpls fixed plspm's pooled-SD scaling). Scheme PATH, at most 300
iterations, tolerance 1e-7. Parallel option: ``Plspm(processes=W)`` (forked ``multiprocessing.Process`` workers, each
drawing with the global ``np.random.randint``, as plspm). Also reports openpls's rho_A (PLSc) for the Mode A blocks.
"""
import time

import _common as C


def build(cons, pths):
    import openpls.config as c
    from openpls.mode import Mode

    st = c.Structure()
    for src, dst in pths:
        st.add_path([src], [dst])
    cfg = c.Config(st.path())
    for name, mode, its in cons:
        cfg.add_lv(name, Mode.A if mode == "A" else Mode.B, *[c.MV(i) for i in its])
    return cfg


def main():
    a = C.args(__doc__)
    from importlib.metadata import version

    import numpy as np
    import openpls.bootstrap as ob
    from openpls.plspm import Plspm
    from openpls.scheme import Scheme

    np.random.seed(a.seed)
    cons, pths = C.parse_lav(C.MODELS[a.model])
    items = [i for _, _, its in cons for i in its]
    df = C.read_data(items)
    B = a.boot - a.boot % a.workers  # asserts bootstrap_iterations % processes == 0

    captured = []
    orig = ob._create_summary

    def spy(data, original):
        captured.append(data)
        return orig(data, original)

    ob._create_summary = spy
    opts = dict(scheme=Scheme.PATH, iterations=300, tolerance=1e-7, missing_strategy="mean")
    t0 = time.perf_counter()
    point = Plspm(df, build(cons, pths), **opts)
    t_fit = time.perf_counter() - t0
    t0 = time.perf_counter()
    Plspm(df, build(cons, pths), **opts, bootstrap=True, bootstrap_iterations=B, processes=a.workers)
    wall_total = time.perf_counter() - t0
    keys = [f"{s} -> {d}" for s, d in pths]
    draws = captured[3][keys].to_numpy(dtype=float)  # weights, r_squared, total_effects, paths, loadings
    pc = point.path_coefficients()
    paths = {f"{s}->{d}": float(pc.loc[d, s]) for s, d in pths}
    try:
        rho_a = {k: float(v) for k, v in point.plsc().rho_a().items()}
    except Exception as e:
        rho_a = {"error": repr(e)}
    C.emit({
        "peer": "openpls", "version": version("openpls-engine"), "model": a.model, "boot": B, "workers": a.workers,
        "ok": int(draws.shape[0]), "failed": int(B - draws.shape[0]),
        "wall_s": wall_total - t_fit, "wall_total_s": wall_total, "fit_s": t_fit, "paths": paths,
        "boot_se": {f"{s}->{d}": float(v) for (s, d), v in zip(pths, draws.std(axis=0, ddof=1))},
        "rho_a": rho_a,
        "missing": "-99 -> NaN; Plspm(missing_strategy='mean'): column means once, before resampling",
        **C.duplicate_count(draws), **C.sign_flips(paths, draws),
    })


if __name__ == "__main__":
    main()
