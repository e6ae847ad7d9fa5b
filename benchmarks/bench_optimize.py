"""Benchmark of mdcoverage.optimize (a plain script, not a test).

    uv run python benchmarks/bench_optimize.py
    uv run --with spopt python benchmarks/bench_optimize.py   # also times spopt

Maximal covering: 8,000 bundled places (population-weighted) x 300 candidate sites on
the region's lattice, p = 7, a notional 800 km radius. Prints the time of
``merge_demand`` + ``maximal_covering`` (target <= 1.5 s), and, measured in the same
run, ``scipy.optimize.milp`` on the raw (unmerged) matrix as the baseline. When spopt is
installed (not a project dependency), its MCLP is solved on the same coverage matrix
with CBC and with HiGHS (through PuLP), and the script says whether the populations
covered agree with ours.
"""

from __future__ import annotations

import time

import numpy as np
import scipy.sparse as sp

from mdcoverage import optimize
from mdcoverage.coverage import region_places
from mdcoverage.regions import region

N_PLACES, N_CANDIDATES, P, RADIUS_KM = 8_000, 300, 7, 800.0


def instance():
    """The places, the candidates and the coverage matrix (seeded, deterministic)."""
    rng = np.random.default_rng(20111208)
    places = region_places("europe")
    places = places.iloc[np.sort(rng.choice(len(places), N_PLACES, replace=False))]
    lon, lat = optimize.candidate_grid(region("europe").bbox, 1.0)
    pick = np.sort(rng.choice(lon.size, N_CANDIDATES, replace=False))
    t0 = time.perf_counter()
    cover = optimize.coverage_matrix(places["lon"], places["lat"], lon[pick], lat[pick], RADIUS_KM)
    t_cover = time.perf_counter() - t0
    return cover, places["population"].to_numpy(dtype=float), t_cover


def ours(cover, weight):
    t0 = time.perf_counter()
    inst = optimize.merge_demand(cover, weight)
    sol = optimize.maximal_covering(inst, P, time_limit=None)
    return time.perf_counter() - t0, sol, inst


def raw(cover, weight):
    """The same model with no merging or reduction: every place a row, every candidate a
    column."""
    inst = optimize.CoverInstance(
        cover=sp.csr_matrix(cover, dtype=np.int8),
        weight=np.asarray(weight, float),
        columns=np.arange(cover.shape[1]),
        total=float(np.sum(weight)),
        raw_shape=cover.shape,
    )
    t0 = time.perf_counter()
    sol = optimize.maximal_covering(inst, P, time_limit=None)
    return time.perf_counter() - t0, sol


def spopt_runs(cover, weight):
    """spopt's MCLP on the same matrix (cost 0 = covered, 1 = not; service radius 0.5)."""
    try:
        import pulp  # lazy: optional, only with `uv run --with spopt`
        from spopt.locate import MCLP  # lazy: optional, not a project dependency
    except ImportError:
        print("spopt: not installed (uv run --with spopt python benchmarks/bench_optimize.py)")
        return
    cost = np.where(np.asarray(cover.todense()) != 0, 0.0, 1.0)
    solvers = [("CBC", pulp.PULP_CBC_CMD(msg=False))]
    if "HiGHS" in pulp.listSolvers(onlyAvailable=True):
        solvers.append(("HiGHS", pulp.getSolver("HiGHS", msg=False)))
    for name, solver in solvers:
        t0 = time.perf_counter()
        model = MCLP.from_cost_matrix(
            cost, weight, service_radius=0.5, p_facilities=P, name="bench"
        )
        model = model.solve(solver)
        seconds = time.perf_counter() - t0
        chosen = [
            j for j, v in enumerate(model.fac_vars) if v.value() is not None and v.value() > 0.5
        ]
        covered = float(weight[np.asarray(cover[:, chosen].sum(axis=1)).ravel() > 0].sum())
        yield name, seconds, covered


def main() -> None:
    cover, weight, t_cover = instance()
    print(f"instance: {N_PLACES:,} places x {N_CANDIDATES} candidates, p = {P}, {RADIUS_KM:g} km")
    print(f"coverage matrix (geodesic within_radius): {t_cover:.3f} s, {cover.nnz:,} pairs")
    t_ours, sol, inst = ours(cover, weight)
    print(
        f"merged + milp: {t_ours:.3f} s (target <= 1.5 s); {inst.cover.shape[0]:,} rows x "
        f"{inst.cover.shape[1]} candidates after merging; share {sol.share:.6f}, gap {sol.gap:.2g}"
    )
    t_raw, sol_raw = raw(cover, weight)
    print(f"baseline, milp on the raw matrix: {t_raw:.3f} s; share {sol_raw.share:.6f}")
    agree = abs(sol.covered - sol_raw.covered) <= 1e-6 * sol.covered
    print(f"merged and raw optima agree: {agree}")
    for name, seconds, covered in spopt_runs(cover, weight) or ():
        same = abs(covered - sol.covered) <= 1e-6 * sol.covered
        print(f"spopt MCLP with {name}: {seconds:.3f} s; covered population agrees: {same}")


if __name__ == "__main__":
    main()
