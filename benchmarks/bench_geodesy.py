"""Benchmark of mdcoverage.geodesy (a plain script, not a test).

    uv run python benchmarks/bench_geodesy.py

Prints: ``within_radius`` for all bundled cities x 200 random sites (target <= 30 ms)
against plain ``Geod.inv`` over all pairs (measured on a subset of the cities and
scaled), footprint building for 200 sites into EPSG:3035, and the cost of building
site-centred aeqd transformers with ``from_crs`` versus ``from_pipeline``.
"""

from __future__ import annotations

import time

import numpy as np
import pyproj

from mdcoverage import geodesy
from mdcoverage.crs import named_crs
from mdcoverage.geodata import cities

N_SITES = 200
SUBSET = 5_000  # cities used to time Geod.inv on all pairs (then scaled)


def best_of(fn, repeat: int = 7) -> float:
    """Best wall time [s] of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    c = cities()
    plon, plat = c["lon"].to_numpy(), c["lat"].to_numpy()
    rng = np.random.default_rng(20110608)
    slon = rng.uniform(-25.0, 60.0, N_SITES)  # notional sites over greater Europe
    slat = rng.uniform(30.0, 72.0, N_SITES)
    radius = rng.uniform(300.0, 3000.0, N_SITES)
    n = plon.size

    geodesy.within_radius(plon, plat, slon, slat, radius)  # warm-up
    t_within = best_of(lambda: geodesy.within_radius(plon, plat, slon, slat, radius))

    sub = rng.choice(n, SUBSET, replace=False)
    sl = np.repeat(slon[None, :], SUBSET, 0).ravel()
    sp = np.repeat(slat[None, :], SUBSET, 0).ravel()
    pl, pp = np.repeat(plon[sub], N_SITES), np.repeat(plat[sub], N_SITES)
    t0 = time.perf_counter()
    _, _, d = geodesy.GEOD.inv(sl, sp, pl, pp)
    t_inv = (time.perf_counter() - t0) * n / SUBSET
    truth = (np.asarray(d) <= np.tile(radius * 1000.0, SUBSET)).reshape(SUBSET, N_SITES)
    same = np.array_equal(geodesy.within_radius(plon, plat, slon, slat, radius)[sub], truth)

    print(
        f"within_radius {n}x{N_SITES}: {t_within * 1e3:.1f} ms (target <= 30 ms) | "
        f"Geod.inv all pairs: {t_inv:.1f} s (timed on {SUBSET} cities, scaled) | "
        f"ratio {t_inv / t_within:.0f}x | identical to Geod.inv on the subset: {same}"
    )

    glon = rng.uniform(-180.0, 180.0, N_SITES)
    glat = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, N_SITES)))
    grad = rng.uniform(100.0, 19_000.0, N_SITES)
    t_glob = best_of(lambda: geodesy.within_radius(plon, plat, glon, glat, grad), 5)
    print(
        f"within_radius {n}x{N_SITES}, sites anywhere, radii 100-19,000 km: {t_glob * 1e3:.1f} ms"
    )

    crs = named_crs("europe")
    t0 = time.perf_counter()
    geodesy.footprint_polygons(slon[:1], slat[:1], radius[:1], crs=crs)
    t_cold = time.perf_counter() - t0
    t_fp = best_of(lambda: geodesy.footprint_polygons(slon, slat, radius, crs=crs), 5)
    geoms = geodesy.footprint_polygons(slon, slat, radius, crs=crs)
    verts = np.mean([len(g.exterior.coords) for g in geoms])
    print(
        f"footprint_polygons {N_SITES} sites -> EPSG:3035: {t_fp * 1e3:.1f} ms "
        f"(mean {verts:.0f} vertices; first call incl. transformer {t_cold * 1e3:.0f} ms)"
    )
    t_ll = best_of(lambda: geodesy.footprint_polygons(slon, slat, radius), 5)
    print(f"footprint_polygons {N_SITES} sites -> EPSG:4326: {t_ll * 1e3:.1f} ms")

    k = 10
    t0 = time.perf_counter()
    for i in range(k):
        aeqd = pyproj.CRS(
            f"+proj=aeqd +lat_0={float(slat[i])!r} +lon_0={float(slon[i])!r} +datum=WGS84 +units=m +type=crs"
        )
        pyproj.Transformer.from_crs(aeqd, "EPSG:3035", always_xy=True)
    t_from_crs = (time.perf_counter() - t0) / k
    t0 = time.perf_counter()
    for i in range(k):
        pyproj.Transformer.from_pipeline(
            f"+proj=pipeline +step +inv +proj=aeqd +lat_0={float(slat[i])!r} +lon_0={float(slon[i])!r} "
            "+ellps=WGS84 +step +proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 "
            "+ellps=GRS80"
        )
    t_pipe = (time.perf_counter() - t0) / k
    print(
        f"Transformer per site aeqd -> EPSG:3035: from_crs {t_from_crs * 1e3:.1f} ms | "
        f"from_pipeline {t_pipe * 1e3:.3f} ms"
    )


if __name__ == "__main__":
    main()
