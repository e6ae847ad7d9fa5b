"""Metrics of one preset architecture, warm (target: <= 100 ms).

Baseline, measured in the same run: a straightforward geopandas implementation of the
same defended-area and defended-population figures of the independent architecture: the
same geodesic footprints, ``geopandas.overlay`` of the countries with each party's
footprint union, and ``geopandas.sjoin`` of all city points against the footprints.
"""

import statistics
import time

import geopandas as gpd
import pandas as pd

from mdcoverage.coverage import assess, footprint_geometries, site_table
from mdcoverage.regions import region, region_countries
from mdcoverage.scenario import load_preset

PRESET = "2011-sectoral-podvig-2012"


def best(fn, repeat=7):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def baseline(sc):
    """Independent-architecture figures the plain geopandas way (overlay + sjoin)."""
    from mdcoverage import geodata
    from mdcoverage.parties import country_party_table

    reg = region(sc.region)
    countries = region_countries(reg.name).copy()
    table = country_party_table(["nato", "russia"], sc.as_of, dependencies=True)
    countries["party"] = table.reindex(countries.index).fillna("").to_numpy()
    sites = site_table(sc)
    fp = gpd.GeoDataFrame(sites, geometry=list(footprint_geometries(sites, reg.crs)), crs=reg.crs)
    fp = fp[fp["role"] == "interceptor"].dissolve("party").reset_index()
    fp = fp.rename(columns={"party": "fp_party"})[["fp_party", "geometry"]]
    ov = gpd.overlay(countries.reset_index(drop=True), fp, how="intersection")
    ov = ov[ov["party"] == ov["fp_party"]]
    defended = ov.assign(a=ov.area / 1e6).groupby("adm0_a3")["a"].sum()
    cities = geodata.cities()
    pts = gpd.GeoDataFrame(
        cities, geometry=gpd.points_from_xy(cities.lon, cities.lat), crs=4326
    ).to_crs(reg.crs)
    pts = pts[pts["adm0_a3"].isin(countries.index)]
    j = gpd.sjoin(pts, fp, predicate="within")
    j = j[~j.index.duplicated()]
    pop = j.groupby("adm0_a3")["population"].sum()
    return pd.concat([defended, pop], axis=1)


def main() -> None:
    sc = load_preset(PRESET)
    assess(sc)  # warm the caches: data, regions, footprints, transformers
    ours_best, ours_med = best(lambda: assess(sc))
    sc_ind = load_preset("2011-independent")
    assess(sc_ind)
    ind_best, _ = best(lambda: assess(sc_ind))
    baseline(sc_ind)
    base_best, _base_med = best(lambda: baseline(sc_ind), repeat=3)
    n_sites = len(sc.sites)
    n_countries = len(region_countries(sc.region))
    print(
        f"assess({PRESET!r}): {ours_best * 1e3:.0f} ms best, {ours_med * 1e3:.0f} ms median "
        f"({n_countries} countries, {n_sites} sites; target <= 100 ms warm)"
    )
    print(f"assess('2011-independent'): {ind_best * 1e3:.0f} ms best")
    print(
        f"geopandas overlay + sjoin baseline (independent, fewer metrics): "
        f"{base_best * 1e3:.0f} ms best | ratio {base_best / ind_best:.1f}x"
    )


if __name__ == "__main__":
    main()
