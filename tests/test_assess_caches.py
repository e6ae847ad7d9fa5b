"""The assessment's shared work (one distance test per role, unions per party in threads,
footprints and overlays remembered by content) gives exactly what direct computation gives.

References: ``shapely.intersection`` / ``shapely.union_all`` called here on the same
inputs (WKB equality: the very same geometry), and distances from ``pyproj.Geod.inv``
computed here over the bundled city table. Never from the code under test.
"""

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod
from scenarios import scenario, site

from mdcoverage import coverage
from mdcoverage._overlay import intersections
from mdcoverage.coverage import assess, footprint_geometries, footprint_unions, site_table
from mdcoverage.crs import polygonal
from mdcoverage.scenario import load_preset

GEOD = Geod(ellps="WGS84")

SITES = [
    site("Warsaw (notional)", "nato", 21.0, 52.2, 900),
    site("Madrid (notional)", "nato", -3.7, 40.4, 1200),
    site("Berlin (notional)", "nato", 13.4, 52.5, 600),
    site("Moscow (notional)", "russia", 37.6, 55.75, 1000),
    site("Kursk (notional)", "russia", 36.2, 51.7, 700),
]


def _wkb(geoms):
    return [shapely.to_wkb(g) for g in geoms]


def _blobs(seed, n):
    rng = np.random.default_rng(seed)
    pts = shapely.points(rng.uniform(0, 100, n), rng.uniform(0, 100, n))
    return shapely.buffer(pts, rng.uniform(5, 30, n))


def test_intersections_are_the_direct_overlays_and_follow_changed_inputs():
    a = _blobs(1, 40)
    u1, u2 = shapely.union_all(_blobs(2, 15)), shapely.union_all(_blobs(3, 15))
    b = np.array([u1 if k % 3 else u2 for k in range(len(a))], dtype=object)
    direct = shapely.intersection(a, b)
    assert _wkb(intersections(a, b)) == _wkb(direct)
    # fresh objects with the same content: the remembered results, the same geometry
    a2 = shapely.from_wkb(shapely.to_wkb(a))
    b2 = shapely.from_wkb(shapely.to_wkb(b))
    assert _wkb(intersections(a2, b2)) == _wkb(direct)
    assert _wkb(intersections(a2, b2, polygonal)) == _wkb(polygonal(direct))
    # a changed union: new overlays, not the remembered ones
    moved = shapely.affinity.translate(u1, 0.5, 0.0)
    b3 = np.array([moved if k % 3 else u2 for k in range(len(a))], dtype=object)
    got = intersections(a, b3)
    assert _wkb(got) == _wkb(shapely.intersection(a, b3))
    assert _wkb(got) != _wkb(direct)


def test_threaded_unions_equal_one_union_per_party():
    n = 700  # above the threshold where footprint_unions unites in threads
    geoms = _blobs(4, n)
    rng = np.random.default_rng(5)
    table = pd.DataFrame(
        {
            "party": rng.choice(["nato", "russia", "third"], n),
            "role": rng.choice(["interceptor", "sensor"], n, p=[0.7, 0.3]),
            "geometry": geoms,
        }
    )
    u = footprint_unions(table, parties=["nobody"])
    for p in ("nato", "russia", "third"):
        for role, got in (("interceptor", u.interceptors[p]), ("sensor", u.sensors[p])):
            sel = (table["party"] == p) & (table["role"] == role)
            assert shapely.to_wkb(got) == shapely.to_wkb(shapely.union_all(geoms[sel]))
    sens = table["role"] == "sensor"
    assert shapely.to_wkb(u.all_sensors) == shapely.to_wkb(shapely.union_all(geoms[sens]))
    assert u.interceptors["nobody"].is_empty and u.sensors["nobody"].is_empty


def test_footprint_cache_follows_every_parameter():
    sites = site_table(scenario(SITES))
    first = footprint_geometries(sites, "EPSG:3035")
    first[0] = None  # the caller's copy: the cache keeps its own
    again = footprint_geometries(sites, "EPSG:3035")
    assert again[0] is not None
    moved = sites.copy()
    moved.loc[2, "lon"] += 0.25
    changed = footprint_geometries(moved, "EPSG:3035")
    same = [k for k in range(len(sites)) if k != 2]
    assert _wkb(changed[same]) == _wkb(again[same])
    assert shapely.to_wkb(changed[2]) != shapely.to_wkb(again[2])
    # the moved footprint is the one built from scratch for the moved site alone
    alone = footprint_geometries(moved.iloc[[2]], "EPSG:3035")
    assert shapely.to_wkb(alone[0]) == shapely.to_wkb(changed[2])


def test_layers_and_reach_population_against_geod_inv():
    a = assess(scenario(SITES))  # independent: each place's own party is responsible
    pl = a.places
    s = site_table(a.scenario)
    lon = np.broadcast_to(pl["lon"].to_numpy()[:, None], (len(pl), len(s)))
    lat = np.broadcast_to(pl["lat"].to_numpy()[:, None], (len(pl), len(s)))
    slon = np.broadcast_to(s["lon"].to_numpy()[None, :], lon.shape)
    slat = np.broadcast_to(s["lat"].to_numpy()[None, :], lon.shape)
    _, _, d = GEOD.inv(slon.ravel(), slat.ravel(), lon.ravel(), lat.ravel())
    inside = d.reshape(lon.shape) <= s["radius_km"].to_numpy()[None, :] * 1000.0
    site_party = s["party"].to_numpy(dtype=object)
    resp = pl["responsible"].to_numpy(dtype=object)
    layers = (inside & (site_party[None, :] == resp[:, None])).sum(axis=1)
    np.testing.assert_array_equal(pl["n_layers"].to_numpy(), layers)
    assert layers.max() >= 2 and (layers == 0).any()  # the test can tell counts apart
    own = pl["party"].replace("none", "").to_numpy(dtype=object)
    others = (inside & (site_party[None, :] != own[:, None])).any(axis=1)
    pop = pd.Series(pl["population"].to_numpy(dtype=float) * others).groupby(pl["adm0_a3"]).sum()
    for key in ("POL", "DEU", "RUS", "BLR", "UKR", "LTU"):
        got = a.countries.loc[key, "in_others_reach_pop"]
        assert got == pytest.approx(pop.get(key, 0.0), abs=0.5)
    assert pop.get("BLR", 0.0) > 0 and pop.get("POL", 0.0) > 0


def test_metrics_do_not_depend_on_what_was_assessed_before():
    names = ("2011-sectoral-podvig-2012", "2011-independent", "2011-sectoral-east-west")
    first = {n: assess(load_preset(n)) for n in names}
    again = {n: assess(load_preset(n)) for n in reversed(names)}
    for n in names:
        for level in ("countries", "parties", "total", "places"):
            pd.testing.assert_frame_equal(
                getattr(first[n], level), getattr(again[n], level), check_exact=True
            )
    assert coverage.assessed_geometry(again[names[0]], "pieces") is not None
