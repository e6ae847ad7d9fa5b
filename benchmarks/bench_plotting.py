"""Benchmark: render a two-panel Europe map with pre-projected layers vs cartopy projecting.

Run: ``uv run python benchmarks/bench_plotting.py``. Prints cold (first) and warm (median)
times of building and rendering (Agg, PNG in memory) a two-panel figure — basemap plus 20
notional footprints per panel — two ways, in the same run:

- ``pre-projected``: :mod:`mdcoverage.plotting` (pyproj + shapely, cached base layers);
- ``cartopy``: the same layers through ``ax.add_geometries(..., crs=PlateCarree())`` on a
  cartopy LAEA axes (cartopy projects every geometry; its own path cache may help warm).

Footprints are new geometry objects on every run (as when a parameter changes). Target:
pre-projected warm <= 0.4 s.

Then the default comparison (the three default presets, assessed and their sector layers
made first): CPU and wall seconds of the first ``plot_comparison`` (the per-view and
per-assessment caches empty) and of ``save_figure`` to PNG at 150 dpi, the best of
:data:`RUNS_COMPARISON`, against matplotlib's own ``savefig`` of the same figure (the
same-run baseline of the save). Targets (issue 11 follow-up, CPU): plot_comparison
<= 0.6 s, save_figure PNG <= 1.2 s.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time

import matplotlib

matplotlib.use("Agg")

import cartopy.crs as ccrs
import numpy as np
import pyproj
import shapely
from matplotlib.figure import Figure

from mdcoverage import geodata, plotting

N_FOOTPRINTS = 20
RUNS = 5
GEOD = pyproj.Geod(ellps="WGS84")


def footprints(seed: int) -> list[shapely.Polygon]:
    """Notional geodesic circles (lon/lat polygons) at random European positions."""
    rng = np.random.default_rng(seed)
    lon = rng.uniform(-5, 45, N_FOOTPRINTS)
    lat = rng.uniform(38, 62, N_FOOTPRINTS)
    radius_m = rng.uniform(500, 1200, N_FOOTPRINTS) * 1000
    az = np.linspace(0, 360, 181)[:-1]
    out = []
    for x, y, r in zip(lon, lat, radius_m, strict=True):
        lo, la, _ = GEOD.fwd(np.full(az.size, x), np.full(az.size, y), az, np.full(az.size, r))
        out.append(shapely.Polygon(np.column_stack([lo, la])))
    return out


def render_preprojected(seed: int) -> bytes:
    v = plotting.view("europe")
    fig = Figure(figsize=(16, 7.5))
    for i, party in enumerate(("nato", "russia")):
        ax = plotting.new_map(v, fig=fig, subplot=(1, 2, i + 1))
        plotting.plot_basemap(ax)
        plotting.plot_footprints(ax, footprints(seed + i), party=party)
        plotting.add_badge(ax, as_of="2011-06-08")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


_CARTOPY_LAEA = ccrs.LambertAzimuthalEqualArea(
    central_longitude=10,
    central_latitude=52,
    false_easting=4_321_000,
    false_northing=3_210_000,
    globe=ccrs.Globe(ellipse="GRS80"),
)


def render_cartopy(seed: int) -> bytes:
    v = plotting.view("europe")
    pc = ccrs.PlateCarree()
    countries = geodata.countries().geometry
    land = geodata.land().geometry
    fig = Figure(figsize=(16, 7.5))
    for i, party in enumerate(("nato", "russia")):
        ax = fig.add_subplot(1, 2, i + 1, projection=_CARTOPY_LAEA)
        ax.set_extent(v.extent, crs=_CARTOPY_LAEA)
        ax.set_facecolor(plotting.OCEAN)
        ax.add_geometries(land, crs=pc, facecolor=plotting.LAND, edgecolor=plotting.COAST)
        ax.add_geometries(countries, crs=pc, facecolor="none", edgecolor=plotting.BORDER)
        colour = plotting.party_style(party).color
        ax.add_geometries(
            footprints(seed + i), crs=pc, facecolor=colour, alpha=0.25, edgecolor=colour
        )
        plotting.add_badge(ax, as_of="2011-06-08", projection_name=v.projection_name)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


def measure(fn) -> tuple[float, float]:
    t0 = time.perf_counter()
    fn(0)
    cold = time.perf_counter() - t0
    warm = []
    for run in range(1, RUNS + 1):
        t0 = time.perf_counter()
        fn(run * 10)
        warm.append(time.perf_counter() - t0)
    return cold, statistics.median(warm)


RUNS_COMPARISON = 3


def _clear_plot_caches() -> None:
    """Empty the per-view caches of the plotting layers (the next figure projects anew)."""
    from mdcoverage.plotting import basemap, layers, projection  # lazy: benchmark only

    for mod in (basemap, projection, layers):
        for name in dir(mod):
            fn = getattr(mod, name)
            if hasattr(fn, "cache_clear") and getattr(fn, "__module__", "") == mod.__name__:
                fn.cache_clear()


def measure_comparison(folder: str) -> dict[str, tuple[float, float]]:
    """Best (CPU, wall) seconds of the first plot_comparison, save_figure PNG and
    matplotlib's savefig of the same figure."""
    from mdcoverage import map_layers  # lazy: benchmark only
    from mdcoverage.cli.common import DEFAULT_PRESETS
    from mdcoverage.coverage import assess
    from mdcoverage.scenario import load_preset

    best: dict[str, tuple[float, float]] = {}

    def timed(key: str, fn, *args, **kwargs):
        c0, w0 = time.process_time(), time.perf_counter()
        out = fn(*args, **kwargs)
        took = (time.process_time() - c0, time.perf_counter() - w0)
        best[key] = min(best.get(key, took), took)
        return out

    for _ in range(RUNS_COMPARISON):
        assessments = [assess(load_preset(p)) for p in DEFAULT_PRESETS]
        for a in assessments:
            map_layers.sector_areas(a), map_layers.sector_lines(a), map_layers.sector_seas(a)
        _clear_plot_caches()
        fig = timed("plot_comparison", plotting.plot_comparison, assessments)
        timed("save_figure PNG", plotting.save_figure, fig, f"{folder}/c.png", dpi=150)
        timed("matplotlib savefig", fig.savefig, f"{folder}/m.png", dpi=150, facecolor="white")
    return best


def main() -> None:
    geodata.countries()
    geodata.land()  # file loading is not what we measure
    pre_cold, pre_warm = measure(render_preprojected)
    car_cold, car_warm = measure(render_cartopy)
    print(f"two-panel Europe figure, {N_FOOTPRINTS} footprints per panel, Agg PNG 100 dpi")
    print(f"{'':15s} {'cold [s]':>9s} {'warm [s]':>9s}  (warm = median of {RUNS})")
    print(f"{'pre-projected':15s} {pre_cold:9.3f} {pre_warm:9.3f}")
    print(f"{'cartopy':15s} {car_cold:9.3f} {car_warm:9.3f}")
    print(
        f"ratio pre-projected/cartopy: cold {pre_cold / car_cold:.2f}, warm {pre_warm / car_warm:.2f}"
    )
    print(f"target pre-projected warm <= 0.4 s: {'met' if pre_warm <= 0.4 else 'NOT met'}")
    with tempfile.TemporaryDirectory() as folder:
        best = measure_comparison(folder)
    print(f"\ndefault comparison (3 presets), best of {RUNS_COMPARISON}:")
    for key, (cpu, wall) in best.items():
        print(f"  {key:20s} CPU {cpu:6.3f} s   wall {wall:6.3f} s")
    targets = {"plot_comparison": 0.6, "save_figure PNG": 1.2}
    for key, limit in targets.items():
        met = "met" if best[key][0] <= limit else "NOT met"
        print(f"target {key} CPU <= {limit} s: {met}")


if __name__ == "__main__":
    main()
