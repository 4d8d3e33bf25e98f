"""plspm 0.5.7 (Python port of R plspm): bootstrap of the corp_rep model; prints one JSON line.

Missing data: -99 -> NaN, then plspm's own handling (``Config.treat`` -> ``util.impute``: column-mean replacement,
redone inside each resample because the bootstrap re-runs the estimator on the raw resampled rows). Scheme PATH,
at most 300 iterations, tolerance 1e-7 (seminr's settings). Timed configuration: plspm's default
``Config(path)`` (``scaled=True``), which divides every indicator by ONE pooled SD of all items instead of its own
SD. ``paths_prestandardized`` is a point estimate (not timed) with mean-imputed, z-scored data and ``scaled=False``,
to separate that scaling from the algorithm. Parallel option: ``Plspm(processes=W)`` (forked
``multiprocessing.Process`` workers, each drawing with the global ``np.random.randint``).
"""
import time

import _common as C


def build(cons, pths, data, scaled=True):
    import plspm.config as c
    from plspm.mode import Mode

    st = c.Structure()
    for src, dst in pths:
        st.add_path([src], [dst])
    cfg = c.Config(st.path(), scaled=scaled)
    for name, mode, its in cons:
        cfg.add_lv(name, Mode.A if mode == "A" else Mode.B, *[c.MV(i) for i in its])
    return cfg


def path_dict(calc, pths):
    pc = calc.path_coefficients()  # rows = target, columns = source
    return {f"{s}->{d}": float(pc.loc[d, s]) for s, d in pths}


def main():
    a = C.args(__doc__)
    from importlib.metadata import version

    import numpy as np
    import plspm.bootstrap as pb
    from plspm.plspm import Plspm
    from plspm.scheme import Scheme

    np.random.seed(a.seed)
    cons, pths = C.parse_lav(C.MODELS[a.model])
    items = [i for _, _, its in cons for i in its]
    df = C.read_data(items)
    B = a.boot - a.boot % a.workers  # plspm asserts bootstrap_iterations % processes == 0

    captured = {}
    orig = pb._create_summary

    def spy(data, original):  # keep the raw draws the Bootstrap object otherwise discards
        captured.setdefault("calls", []).append(data)
        return orig(data, original)

    pb._create_summary = spy
    opts = dict(scheme=Scheme.PATH, iterations=300, tolerance=1e-7)
    t0 = time.perf_counter()
    point = Plspm(df, build(cons, pths, df), **opts)
    t_fit = time.perf_counter() - t0
    t0 = time.perf_counter()
    Plspm(df, build(cons, pths, df), **opts, bootstrap=True, bootstrap_iterations=B, processes=a.workers)
    wall_total = time.perf_counter() - t0
    boot_paths = captured["calls"][3]  # order in Bootstrap.__init__: weights, r_squared, total_effects, paths, loadings
    keys = [f"{s} -> {d}" for s, d in pths]
    draws = boot_paths[keys].to_numpy(dtype=float)

    z = df.fillna(df.mean())
    z = (z - z.mean()) / z.std(ddof=1)
    pre = Plspm(z, build(cons, pths, z, scaled=False), **opts)
    C.emit({
        "peer": "plspm", "version": version("plspm"), "model": a.model, "boot": B, "workers": a.workers,
        "ok": int(draws.shape[0]), "failed": int(B - draws.shape[0]),
        "wall_s": wall_total - t_fit, "wall_total_s": wall_total, "fit_s": t_fit,
        "paths": path_dict(point, pths), "paths_prestandardized": path_dict(pre, pths),
        "boot_se": {f"{s}->{d}": float(v) for (s, d), v in zip(pths, draws.std(axis=0, ddof=1))},
        "missing": "-99 -> NaN; plspm's own column-mean imputation (util.impute), redone in each resample",
        **C.duplicate_count(draws), **C.sign_flips(path_dict(point, pths), draws),
    })


if __name__ == "__main__":
    main()
