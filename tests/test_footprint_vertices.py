"""Footprint vertex counts adapted to the radius, and the tolerance they keep.

The bound is checked against GeographicLib (``geographiclib.geodesic.Geodesic.WGS84`` and
``pyproj.Geod``): every edge of a drawn footprint is sampled densely (straight in the
footprint's CRS, as a map draws it) and each sample's geodesic distance from the site
must be within the documented tolerance of the radius. Areas are compared with an
independent GeographicLib polygon through points every 0.1 degree of azimuth.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely
from geographiclib.geodesic import Geodesic

from mdcoverage import geodesy
from mdcoverage.reach import reach_place_sums

GL = Geodesic.WGS84
GEOD = pyproj.Geod(ellps="WGS84")

# radii across the three regimes of the tolerance: 1e-3 r (< 100 km), 100 m (100-1,000
# km), 1e-4 r (> 1,000 km)
RADII_KM = [5.0, 60.0, 150.0, 200.0, 300.0, 700.0, 1500.0, 3000.0]


def test_tolerance_rule():
    """The documented rule: 1e-4 r, at least 100 m, at most 1e-3 r."""
    r = np.array([1.0, 50.0, 100.0, 300.0, 999.0, 1000.0, 3000.0])
    expect = np.array([0.001, 0.05, 0.1, 0.1, 0.1, 0.1, 0.3])
    assert np.allclose(geodesy.footprint_tolerance_km(r), expect, rtol=1e-12)


def test_initial_vertices_follow_the_chord_bound():
    """n vertices on a circle of radius r: chords within r (1 - cos(pi/n)) of it; the count
    is the smallest keeping that within 3/8 of the tolerance (capped at 360)."""
    r = np.array(RADII_KM)
    n = geodesy.initial_vertices(r)
    tol = geodesy.footprint_tolerance_km(r)
    sag = r * (1.0 - np.cos(np.pi / n))
    assert ((sag <= 0.375 * tol) | (n == geodesy.MAX_INITIAL_VERTICES)).all()
    fewer = n - 1
    assert (r * (1.0 - np.cos(np.pi / fewer)) > 0.37 * tol)[n < 360].all()
    assert n[r >= 1000.0].tolist() == [360, 360]  # large footprints as before
    assert (n[r <= 300.0] < 200).all()  # small ones need far fewer


def _edge_samples(xy: np.ndarray, k: int = 16) -> np.ndarray:
    """``k - 1`` points inside every edge of a ring (straight in the ring's CRS)."""
    t = np.arange(1, k)[:, None, None] / k
    return (xy[:-1][None] * (1.0 - t) + xy[1:][None] * t).reshape(-1, 2)


@pytest.mark.parametrize("crs", ["EPSG:4326", "EPSG:3035"])
@pytest.mark.parametrize("radius_km", RADII_KM)
def test_every_edge_within_tolerance_of_the_geodesic_circle(crs, radius_km):
    lon = np.array([-8.0, 12.5, 31.0, 47.0])
    lat = np.array([37.0, 52.3, 58.0, 44.0])  # 3,000 km reach no pole
    polys = geodesy.footprint_polygons(lon, lat, radius_km, crs=crs)
    tol = float(geodesy.footprint_tolerance_km(radius_km))
    inv = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    for k, g in enumerate(polys):
        xy = np.asarray(g.exterior.coords)
        assert len(xy) - 1 >= geodesy.initial_vertices(radius_km)
        slon, slat = inv.transform(*_edge_samples(xy).T)
        _, _, d = GEOD.inv(np.full(slon.size, lon[k]), np.full(slon.size, lat[k]), slon, slat)
        dev = np.abs(np.asarray(d) / 1000.0 - radius_km)
        assert dev.max() <= tol, (dev.max(), tol)


def _reference_area_km2(lon: float, lat: float, r_km: float) -> float:
    poly = GL.Polygon()
    for a in np.arange(0.0, 360.0, 0.1):
        d = GL.Direct(lat, lon, float(a), r_km * 1000.0)
        poly.AddPoint(d["lat2"], d["lon2"])
    _, _, area = poly.Compute(False, True)
    return abs(area) / 1e6


@pytest.mark.parametrize("radius_km", [60.0, 300.0, 3000.0])
def test_area_within_the_documented_bound(radius_km):
    """A polygon within t of a circle of radius r misses at most 2 t / r of its area."""
    ref = _reference_area_km2(20.0, 50.0, radius_km)
    g = geodesy.footprint_polygon(20.0, 50.0, radius_km, crs="EPSG:3035")
    got = float(geodesy.area_km2(g, "EPSG:3035"))
    bound = 2.0 * float(geodesy.footprint_tolerance_km(radius_km)) / radius_km
    assert ref * (1.0 - bound) <= got <= ref * (1.0 + 1e-6)


def test_explicit_vertex_count_is_kept():
    g = geodesy.footprint_polygon(20.0, 50.0, 300.0, n_vertices=360)
    assert len(g.exterior.coords) == 361
    small = geodesy.footprint_polygon(20.0, 50.0, 300.0)
    assert len(small.exterior.coords) == geodesy.initial_vertices(300.0) + 1


def test_same_sites_in_another_crs_give_the_same_polygons():
    """The lon/lat of a first sampling are shared between CRSs (an export after an
    assessment): the result must not depend on what was built before."""
    rng = np.random.default_rng(3)
    n = 400  # large enough for the shared sampling (>= 20,000 points)
    lon, lat = rng.uniform(-10.0, 50.0, n), rng.uniform(35.0, 65.0, n)
    r = rng.choice([200.0, 300.0], n)
    fresh = geodesy.footprint_polygons(lon, lat, r, crs="EPSG:4326")
    fresh_laea = geodesy.footprint_polygons(lon, lat, r, crs="EPSG:3035")
    again = geodesy.footprint_polygons(lon, lat, r, crs="EPSG:4326")
    other = geodesy.footprint_polygons(lon + 1.0, lat, r, crs="EPSG:4326")
    assert all(shapely.equals_exact(a, b, 0.0) for a, b in zip(fresh, again, strict=True))
    ref = geodesy.footprint_polygons(lon + 1.0, lat, r, crs="EPSG:3035")
    assert len(fresh_laea) == len(ref) == n
    shifted = shapely.get_coordinates(other)
    assert np.allclose(shifted[:, 0] - 1.0, shapely.get_coordinates(fresh)[:, 0], atol=1e-9)


def test_reach_place_sums_against_brute_force():
    """A place counts as in another party's reach when a footprint of a site of another
    party contains it: checked pair by pair."""
    rng = np.random.default_rng(5)
    n, m = 60, 40
    parties = np.array(["nato", "russia", "csto"], dtype=object)
    places = pd.DataFrame(
        {
            "adm0_a3": rng.choice(["AAA", "BBB", "CCC"], n),
            "population": rng.integers(1, 1000, n).astype(float),
            "party": rng.choice(["nato", "russia", "none", ""], n),
        }
    )
    inside = rng.random((n, m)) < 0.05
    site_parties = rng.choice(parties, m)
    got = reach_place_sums(places, inside, site_parties)["in_others_reach_pop"].to_numpy()
    for i in range(n):
        own = places["party"][i]
        own = "" if own in ("", "none") else own
        hit = any(inside[i, j] and site_parties[j] != own for j in range(m))
        assert got[i] == (places["population"][i] if hit else 0.0)
    none = reach_place_sums(places, np.zeros((n, 0), bool), site_parties[:0])
    assert (none["in_others_reach_pop"] == 0.0).all()
