"""Tests of mdcoverage.geodesy.

Reference values come from the independent GeographicLib Python package
(``geographiclib.geodesic.Geodesic.WGS84``) and closed-form ellipsoid geometry, never from
the code under test.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pyproj
import pytest
import shapely
from geodesy_cases import (
    AREA_LATITUDES,
    AREA_RADII_KM,
    BAD_LONLAT,
    BAD_RADII,
    BAD_WIDTHS,
    DIRECT_CASES,
    FOOTPRINT_CASES,
    HALF_MERIDIAN_KM,
    PAIR_CASES,
    FootprintCase,
)
from geographiclib.geodesic import Geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mdcoverage import crs as mcrs
from mdcoverage import geodesy
from mdcoverage.errors import GeometryError, UnknownNameError

GL = Geodesic.WGS84
WORLD = shapely.box(-180.0, -90.0, 180.0, 90.0)
NORTH_POLAR = "+proj=laea +lat_0=90 +lon_0=10 +datum=WGS84 +units=m +no_defs +type=crs"
SOUTH_POLAR = "+proj=laea +lat_0=-90 +lon_0=0 +datum=WGS84 +units=m +no_defs +type=crs"

# ------------------------------------------------------------------ independent references

_A, _F = GL.a, GL.f  # metres
_B = _A * (1 - _F)
_E2 = _F * (2 - _F)
_E = math.sqrt(_E2)


def zone_area_km2(lat_deg: float) -> float:
    """Closed form: ellipsoid area between the equator and latitude ``lat_deg`` [km^2]."""
    s = math.sin(math.radians(lat_deg))
    return (
        math.pi
        * _B**2
        * (s / (1 - _E2 * s * s) + math.log((1 + _E * s) / (1 - _E * s)) / (2 * _E))
        / 1e6
    )


EARTH_AREA_KM2 = 2 * zone_area_km2(90.0)


def gl_distance_km(lon1, lat1, lon2, lat2) -> float:
    return GL.Inverse(lat1, lon1, lat2, lon2)["s12"] / 1000.0


def gl_direct(lon, lat, az, dist_km) -> tuple[float, float]:
    d = GL.Direct(lat, lon, az, dist_km * 1000.0)
    return d["lon2"], d["lat2"]


def _ring_area_km2(points) -> float:
    """Area of the region to the right of a clockwise ring (GeographicLib polygon)."""
    poly = GL.Polygon()
    for lat, lon in points:
        poly.AddPoint(lat, lon)
    _, _, area = poly.Compute(False, True)  # signed, counter-clockwise positive
    area /= 1e6
    return -area if area < 0 else EARTH_AREA_KM2 - area


@functools.cache
def ref_footprint_area_km2(
    lon: float, lat: float, r_km: float, bearing=None, width=None, step=0.1
) -> float:
    """Area of the exact footprint: a geodesic polygon through GeographicLib Direct points
    every ``step`` degrees of azimuth (sides of a sector are exact geodesic edges)."""
    if width is None or width >= 360:
        az = np.arange(0.0, 360.0, step)
        pts = []
    else:
        az = np.linspace(bearing - width / 2, bearing + width / 2, int(width / step) + 1)
        pts = [(lat, lon)]
    for a in az:
        d = GL.Direct(lat, lon, float(a), r_km * 1000.0)
        pts.append((d["lat2"], d["lon2"]))
    return _ring_area_km2(pts)


def polygon_ring_lonlat(geom):
    """All exterior and interior coordinates of a (Multi)Polygon."""
    return shapely.get_coordinates(geom)


# ------------------------------------------------------------------ constants and catalogue


def test_max_radius_is_the_half_meridian():
    ref = gl_distance_km(0.0, 90.0, 0.0, -90.0)
    assert pytest.approx(ref, abs=1e-9) == geodesy.MAX_RADIUS_KM
    assert ref == pytest.approx(HALF_MERIDIAN_KM, abs=1e-6)
    assert pytest.approx(EARTH_AREA_KM2, rel=1e-12) == geodesy.EARTH_AREA_KM2


def test_catalogue_flags_agree_with_geographiclib():
    for c in FOOTPRINT_CASES:
        for pole, flag in ((90.0, c.north_pole_inside), (-90.0, c.south_pole_inside)):
            d = gl_distance_km(c.lon, c.lat, c.lon, pole)
            inside = d <= c.radius_km
            if c.is_sector and inside and d > 0:
                az = GL.Inverse(c.lat, c.lon, pole, c.lon)["azi1"]
                diff = (az - c.bearing_deg + 180) % 360 - 180
                inside = abs(diff) <= c.width_deg / 2
            assert inside == flag or (d == 0 and not flag), c.id


# ------------------------------------------------------------------ distances, destinations


@pytest.mark.parametrize("case", PAIR_CASES, ids=lambda c: c.id)
def test_distance_catalogue(case):
    got = float(geodesy.distance_km(case.lon1, case.lat1, case.lon2, case.lat2))
    ref = gl_distance_km(case.lon1, case.lat1, case.lon2, case.lat2)
    assert abs(got - ref) < 1e-6  # 1 mm


def test_distance_broadcasts():
    lon2 = np.array([0.0, 10.0, 20.0])
    got = geodesy.distance_km(0.0, 0.0, lon2, 0.0)
    assert got.shape == (3,)
    for g, lon in zip(got, lon2, strict=True):
        assert g == pytest.approx(gl_distance_km(0.0, 0.0, lon, 0.0), abs=1e-6)
    assert geodesy.distance_km(0.0, 0.0, 1.0, 1.0).shape == ()


@pytest.mark.parametrize("case", DIRECT_CASES, ids=lambda c: c[0])
def test_destination_catalogue(case):
    _, lon, lat, az, dist = case
    got_lon, got_lat = geodesy.destination(lon, lat, az, dist)
    ref_lon, ref_lat = gl_direct(lon, lat, az, dist)
    # compare as a ground distance (longitude is arbitrary at a pole)
    assert gl_distance_km(float(got_lon), float(got_lat), ref_lon, ref_lat) < 1e-6


lons = st.floats(-180.0, 180.0, allow_nan=False)
lats = st.floats(-90.0, 90.0, allow_nan=False)


@st.composite
def point_pairs(draw):
    lon1, lat1 = draw(lons), draw(lats)
    kind = draw(st.sampled_from(["any", "near", "antipodal"]))
    if kind == "any":
        return lon1, lat1, draw(lons), draw(lats)
    dlon = draw(st.floats(-1e-3, 1e-3))
    dlat = draw(st.floats(-1e-3, 1e-3))
    if kind == "near":
        lon2, lat2 = lon1 + dlon, lat1 + dlat
    else:
        lon2, lat2 = lon1 + 180.0 + dlon, -lat1 + dlat
    lon2 = (lon2 + 180.0) % 360.0 - 180.0
    return lon1, lat1, lon2, float(np.clip(lat2, -90.0, 90.0))


@settings(max_examples=1000, deadline=None)
@given(point_pairs())
def test_distance_matches_geographiclib(pair):
    got = float(geodesy.distance_km(*pair))
    assert abs(got - gl_distance_km(*pair)) < 1e-6


@settings(max_examples=1000, deadline=None)
@given(lons, lats, st.floats(-720.0, 720.0), st.floats(0.0, 20_003.9))
def test_destination_matches_geographiclib(lon, lat, az, dist):
    got_lon, got_lat = geodesy.destination(lon, lat, az, dist)
    ref_lon, ref_lat = gl_direct(lon, lat, az, dist)
    assert gl_distance_km(float(got_lon), float(got_lat), ref_lon, ref_lat) < 1e-6


# ------------------------------------------------------------------ CRSs and transformers


def test_aeqd_circle_is_the_geodesic_circle():
    """DESIGN 5: in the site-centred aeqd the geodesic circle is a true circle."""
    lon0, lat0, r = 25.0, 45.0, 3000.0
    crs = mcrs.aeqd_crs(lon0, lat0)
    inv = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    az = np.arange(0.0, 360.0, 7.5)
    x, y = r * 1000 * np.sin(np.radians(az)), r * 1000 * np.cos(np.radians(az))
    lon, lat = inv.transform(x, y)
    for a, lo, la in zip(az, lon, lat, strict=True):
        ref_lon, ref_lat = gl_direct(lon0, lat0, a, r)
        assert gl_distance_km(lo, la, ref_lon, ref_lat) < 1e-6


def test_pipeline_transformer_equals_from_crs():
    crs = mcrs.aeqd_crs(-3.5, 40.25)
    fast = mcrs.lonlat_transformer(crs)
    slow = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(-180, 180, 500), rng.uniform(-89, 89, 500)
    x1, y1 = fast.transform(lon, lat)
    x2, y2 = slow.transform(lon, lat)
    np.testing.assert_allclose(x1, x2, rtol=0, atol=1e-6)
    np.testing.assert_allclose(y1, y2, rtol=0, atol=1e-6)


def test_named_crs():
    assert mcrs.named_crs("europe").to_epsg() == 3035
    assert mcrs.named_crs().to_epsg() == 3035
    arctic = mcrs.named_crs("arctic")
    assert arctic == mcrs.named_crs("north-polar")
    assert arctic.coordinate_operation.method_name == "Lambert Azimuthal Equal Area"
    params = {p.name: p.value for p in arctic.coordinate_operation.params}
    assert params["Latitude of natural origin"] == 90.0
    south = mcrs.named_crs("south-polar")
    assert {p.name: p.value for p in south.coordinate_operation.params}[
        "Latitude of natural origin"
    ] == -90.0
    with pytest.raises(UnknownNameError, match="europe"):
        mcrs.named_crs("eurasia")


def test_area_km2_refuses_non_equal_area():
    g = shapely.box(0, 0, 1000, 1000)
    assert geodesy.area_km2(g, "EPSG:3035") == pytest.approx(1.0)
    for crs in ("EPSG:4326", "EPSG:3857", mcrs.aeqd_crs(0, 0)):
        with pytest.raises(GeometryError, match="not an equal-area"):
            geodesy.area_km2(g, crs)


def test_geodesic_area_closed_forms():
    assert float(geodesy.geodesic_area_km2(WORLD)) == pytest.approx(EARTH_AREA_KM2, rel=1e-9)
    # polar zone north of 60N, parallel sampled every 0.05 deg
    lon = np.arange(-180.0, 180.0001, 0.05)
    cap = shapely.Polygon(
        np.r_[np.c_[lon, np.full(lon.size, 60.0)], [[180.0, 90.0], [-180.0, 90.0]]]
    )
    ref = zone_area_km2(90.0) - zone_area_km2(60.0)
    assert float(geodesy.geodesic_area_km2(cap)) == pytest.approx(ref, rel=1e-6)
    # the same zone as a hole: the rest of the world
    rest = shapely.difference(WORLD, cap)
    got = float(geodesy.geodesic_area_km2(rest))
    assert got == pytest.approx(EARTH_AREA_KM2 - ref, rel=1e-6)


# ------------------------------------------------------------------ footprints


@pytest.mark.parametrize("case", FOOTPRINT_CASES, ids=lambda c: c.id)
@pytest.mark.parametrize("crs", ["EPSG:4326", "EPSG:3035", NORTH_POLAR, "aeqd"])
def test_footprint_valid_in_every_crs(case: FootprintCase, crs):
    target = mcrs.aeqd_crs(case.lon, case.lat) if crs == "aeqd" else crs
    g = geodesy.footprint_polygon(
        case.lon,
        case.lat,
        case.radius_km,
        crs=target,
        bearing_deg=case.bearing_deg,
        width_deg=case.width_deg,
    )
    assert g.is_valid and not g.is_empty
    assert g.geom_type in ("Polygon", "MultiPolygon")
    for part in shapely.get_parts(g):  # exteriors counter-clockwise
        assert part.exterior.is_ccw


@pytest.mark.parametrize("case", FOOTPRINT_CASES, ids=lambda c: c.id)
def test_footprint_lonlat_topology(case: FootprintCase):
    g = geodesy.footprint_polygon(
        case.lon,
        case.lat,
        case.radius_km,
        bearing_deg=case.bearing_deg,
        width_deg=case.width_deg,
    )
    minx, miny, maxx, maxy = g.bounds
    assert minx >= -180.0 and maxx <= 180.0 and miny >= -90.0 and maxy <= 90.0
    if not case.is_sector:
        assert g.covers(shapely.Point(case.lon, case.lat))
    for pole, inside in ((90.0, case.north_pole_inside), (-90.0, case.south_pole_inside)):
        if case.is_sector and case.lat == pole:
            continue  # the apex: in lon/lat a piece of the pole line is on the boundary
        for lon in (-180.0, -45.0, 0.0, 90.0, 180.0):
            assert g.covers(shapely.Point(lon, pole)) == inside, (case.id, pole, lon)
        if inside:  # near the pole, in the interior
            assert g.contains(shapely.Point(33.0, pole - math.copysign(0.01, pole)))
    touches_east = maxx == 180.0
    touches_west = minx == -180.0
    assert (touches_east and touches_west) == case.crosses_antimeridian, case.id


def test_antimeridian_multipolygon():
    g = geodesy.footprint_polygon(179.5, 10.0, 500.0)
    assert g.geom_type == "MultiPolygon" and g.is_valid and len(g.geoms) == 2
    assert g.contains(shapely.Point(179.5, 10.0))
    assert g.contains(shapely.Point(-179.0, 10.0))  # 110 km east, across the line
    assert not g.contains(shapely.Point(0.0, 10.0))
    ref = ref_footprint_area_km2(179.5, 10.0, 500.0)
    assert float(geodesy.geodesic_area_km2(g)) == pytest.approx(ref, rel=1e-3)


def test_footprint_around_pole_contains_pole():
    g = geodesy.footprint_polygon(10.0, 85.0, 1500.0)
    assert g.geom_type == "Polygon" and g.is_valid
    assert g.covers(shapely.Point(0.0, 90.0)) and g.contains(shapely.Point(-120.0, 89.9))
    polar = geodesy.footprint_polygon(10.0, 85.0, 1500.0, crs=NORTH_POLAR)
    assert polar.contains(shapely.Point(0.0, 0.0))  # the pole is the projection origin
    south = geodesy.footprint_polygon(-45.0, -80.0, 3000.0, crs=SOUTH_POLAR)
    assert south.contains(shapely.Point(0.0, 0.0))


def test_polar_cap_area_closed_form():
    """A cap centred on the pole is the zone above a parallel: exact closed form."""
    r = 2000.0
    lat_edge = GL.Direct(90.0, 0.0, 180.0, r * 1000.0)["lat2"]
    ref = zone_area_km2(90.0) - zone_area_km2(lat_edge)
    g = geodesy.footprint_polygon(0.0, 90.0, r)
    assert float(geodesy.geodesic_area_km2(g)) == pytest.approx(ref, rel=2e-4)
    polar = geodesy.footprint_polygon(0.0, 90.0, r, crs=NORTH_POLAR)
    assert float(geodesy.area_km2(polar, NORTH_POLAR)) == pytest.approx(ref, rel=2e-4)


@pytest.mark.parametrize("lat", AREA_LATITUDES)
@pytest.mark.parametrize("radius_km", AREA_RADII_KM)
def test_footprint_area_matches_reference(radius_km, lat):
    lon = 10.0
    ref = ref_footprint_area_km2(lon, lat, radius_km)
    g = geodesy.footprint_polygon(lon, lat, radius_km)
    assert float(geodesy.geodesic_area_km2(g)) == pytest.approx(ref, rel=1e-3)
    polar = geodesy.footprint_polygon(lon, lat, radius_km, crs=NORTH_POLAR)
    assert float(geodesy.area_km2(polar, NORTH_POLAR)) == pytest.approx(ref, rel=1e-3)
    if 30.0 <= lat <= 60.0:  # European sites: the cap fits EPSG:3035 (far from its antipode)
        euro = geodesy.footprint_polygon(lon, lat, radius_km, crs="EPSG:3035")
        assert float(geodesy.area_km2(euro, "EPSG:3035")) == pytest.approx(ref, rel=1e-3)


@pytest.mark.parametrize("case", [c for c in FOOTPRINT_CASES if c.is_sector], ids=lambda c: c.id)
def test_sector_area_matches_reference(case: FootprintCase):
    ref = ref_footprint_area_km2(
        case.lon, case.lat, case.radius_km, case.bearing_deg, case.width_deg
    )
    g = geodesy.footprint_polygon(
        case.lon,
        case.lat,
        case.radius_km,
        bearing_deg=case.bearing_deg,
        width_deg=case.width_deg,
    )
    assert float(geodesy.geodesic_area_km2(g)) == pytest.approx(ref, rel=1e-3)


def test_large_caps_not_inverted():
    for lon, lat in ((25.0, 45.0), (0.0, 0.0), (-170.0, -60.0)):
        ref = ref_footprint_area_km2(lon, lat, 19_000.0)
        assert ref > 0.95 * EARTH_AREA_KM2
        g = geodesy.footprint_polygon(lon, lat, 19_000.0)
        assert g.is_valid
        assert float(geodesy.geodesic_area_km2(g)) == pytest.approx(ref, rel=1e-3)
        anti_lon, anti_lat = (lon + 360.0) % 360.0 - 180.0, -lat
        assert not g.covers(shapely.Point(anti_lon, anti_lat))
        assert g.contains(shapely.Point(lon, lat))
    whole = geodesy.footprint_polygon(25.0, 45.0, geodesy.MAX_RADIUS_KM)
    assert float(geodesy.geodesic_area_km2(whole)) == pytest.approx(EARTH_AREA_KM2)


def test_cut_locus_lens():
    """19,990 km from the equator: the uncovered remainder is a small lens around the
    antipode (geodesics stop being shortest paths beyond ~19,970 km)."""
    g = geodesy.footprint_polygon(0.0, 0.0, 19_990.0)
    assert g.is_valid
    hole = shapely.difference(WORLD, g)
    # points of the lens are farther than r; points around it are not
    rng = np.random.default_rng(5)
    lon = rng.uniform(179.0, 181.0, 400)
    lat = rng.uniform(-0.5, 0.5, 400)
    lon = (lon + 180.0) % 360.0 - 180.0
    for lo, la in zip(lon, lat, strict=True):
        d = gl_distance_km(0.0, 0.0, lo, la)
        if abs(d - 19_990.0) < 2.0:
            continue
        assert hole.covers(shapely.Point(lo, la)) == (d > 19_990.0), (lo, la, d)


def test_one_km_radius():
    g = geodesy.footprint_polygon(10.0, 50.0, 1.0, crs="EPSG:3035")
    assert float(geodesy.area_km2(g, "EPSG:3035")) == pytest.approx(math.pi, rel=1e-3)
    ll = geodesy.footprint_polygon(10.0, 50.0, 1.0)
    ref = ref_footprint_area_km2(10.0, 50.0, 1.0)
    assert float(geodesy.geodesic_area_km2(ll)) == pytest.approx(ref, rel=1e-3)


def test_footprint_vertices_lie_on_the_circle():
    g = geodesy.footprint_polygon(25.0, 45.0, 2500.0)
    for lon, lat in shapely.get_coordinates(g)[::17]:
        assert gl_distance_km(25.0, 45.0, lon, lat) == pytest.approx(2500.0, abs=1e-6)


@pytest.mark.parametrize("crs", ["EPSG:4326", "EPSG:3035"])
def test_many_footprints_vertices_and_edges_on_the_circle(crs):
    """A batch of full circles (half of each circle's vertices are the other half
    reflected in the site's meridian): every vertex on the geodesic circle, the two halves
    at azimuths alpha and -alpha, and every edge's midpoint within the tolerance of the
    circle, all measured with pyproj.Geod (GeographicLib)."""
    geod = pyproj.Geod(ellps="WGS84")
    rng = np.random.default_rng(7)
    n = 40
    lon = rng.uniform(-120.0, 120.0, n)  # away from the antimeridian cut
    lat = rng.uniform(-60.0, 60.0, n)
    if crs == "EPSG:3035":
        lon, lat = rng.uniform(-10.0, 50.0, n), rng.uniform(30.0, 70.0, n)
    r = rng.uniform(50.0, 2500.0, n)
    on_circle_km = 1e-6 if crs == "EPSG:4326" else 1e-5  # + the projection's round trip
    polys = geodesy.footprint_polygons(lon, lat, r, crs=crs)
    inv = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    for k, g in enumerate(polys):
        assert g.is_valid and g.geom_type == "Polygon"
        xy = shapely.get_coordinates(g)
        vlon, vlat = inv.transform(xy[:, 0], xy[:, 1])
        az, _, d = geod.inv(np.full(vlon.size, lon[k]), np.full(vlon.size, lat[k]), vlon, vlat)
        assert np.abs(np.asarray(d) / 1000.0 - r[k]).max() < on_circle_km
        # symmetric about the meridian: every vertex's azimuth has its mirror image
        az = np.asarray(az)
        gap = np.abs((az[:, None] + az[None, :] + 180.0) % 360.0 - 180.0).min(axis=1)
        assert gap.max() < 1e-6
        # edges: the midpoint (straight in the CRS) within the tolerance of the circle
        mid = 0.5 * (xy[1:] + xy[:-1])
        mlon, mlat = inv.transform(mid[:, 0], mid[:, 1])
        _, _, dm = geod.inv(np.full(mlon.size, lon[k]), np.full(mlon.size, lat[k]), mlon, mlat)
        tol = float(geodesy.footprint_tolerance_km(r[k]))
        assert np.abs(np.asarray(dm) / 1000.0 - r[k]).max() <= tol


def test_footprint_polygons_vectorised():
    lon = np.array([25.0, 179.5, 0.0])
    lat = np.array([45.0, 10.0, 90.0])
    r = np.array([1000.0, 500.0, 800.0])
    many = geodesy.footprint_polygons(lon, lat, r, crs="EPSG:3035")
    assert many.shape == (3,) and many.dtype == object
    for k in range(3):
        one = geodesy.footprint_polygon(lon[k], lat[k], r[k], crs="EPSG:3035")
        assert shapely.equals_exact(many[k], one, tolerance=1e-6)
    sectors = geodesy.footprint_polygons(
        lon, lat, r, bearing_deg=[0.0, 90.0, 0.0], width_deg=[360.0, 45.0, 360.0]
    )
    assert sectors[0].equals(geodesy.footprint_polygon(25.0, 45.0, 1000.0))
    assert sectors[1].area < 0.2 * geodesy.footprint_polygon(179.5, 10.0, 500.0).area


def test_projected_domain_clipping():
    """EPSG:3035 cannot hold the antipode of its centre (52N 10E): a cap containing it is
    clipped DOMAIN_MARGIN_KM around that point, giving a polygon with a hole."""
    z_area = math.pi * geodesy.DOMAIN_MARGIN_KM**2
    lon, lat, r = 100.0, 0.0, 15_000.0
    g = geodesy.footprint_polygon(lon, lat, r, crs="EPSG:3035")
    assert g.is_valid and g.geom_type == "Polygon" and len(g.interiors) == 1
    ref = ref_footprint_area_km2(lon, lat, r)
    got = float(geodesy.area_km2(g, "EPSG:3035"))
    assert ref - 1.05 * z_area <= got <= ref * (1 + 1e-4)
    to3035 = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)
    assert g.contains(shapely.Point(to3035.transform(lon, lat)))
    assert not g.contains(shapely.Point(to3035.transform(-80.0, 0.0)))  # the site's antipode
    # a boundary straight through the projection's antipode (-170, -52)
    d = gl_distance_km(10.0, 60.0, -170.0, -52.0)
    g = geodesy.footprint_polygon(10.0, 60.0, d, crs="EPSG:3035")
    assert g.is_valid
    got = float(geodesy.area_km2(g, "EPSG:3035"))
    ref = ref_footprint_area_km2(10.0, 60.0, d)
    assert ref - 1.05 * z_area <= got <= ref * (1 + 1e-4)
    # a sector whose apex is the projection's antipode
    g = geodesy.footprint_polygon(
        -170.0, -52.0, 3000.0, crs="EPSG:3035", bearing_deg=45.0, width_deg=90.0
    )
    assert g.is_valid and not g.is_empty
    ref = ref_footprint_area_km2(-170.0, -52.0, 3000.0, 45.0, 90.0)
    got = float(geodesy.area_km2(g, "EPSG:3035"))
    assert ref - 0.3 * z_area <= got <= ref * (1 + 1e-4)


def _antipode_of_centre(crs):
    """(lon, lat) of the antipode of an azimuthal CRS's centre (from its parameters)."""
    params = {p.name: p.value for p in pyproj.CRS(crs).coordinate_operation.params}
    lon0 = params["Longitude of natural origin"]
    lat0 = params["Latitude of natural origin"]
    return (lon0 + 180.0 if lon0 <= 0 else lon0 - 180.0), -lat0


@pytest.mark.parametrize(
    ("crs", "lon", "lat", "radius_km"),
    [
        (NORTH_POLAR, 40.68, -75.09, 2223.32),  # passes ~300 km from the South Pole
        ("EPSG:3035", -118.16, 71.12, 14228.8),  # passes near 3035's antipode
        ("EPSG:3035", 150.0, -40.0, 2500.0),
    ],
)
def test_tolerance_is_a_ground_distance_near_the_map_rim(crs, lon, lat, radius_km):
    """Equal-area azimuthal maps squeeze lengths towards their rim: the boundary must
    still be within the tolerance as a ground distance there."""
    g = geodesy.footprint_polygon(lon, lat, radius_km, crs=crs)
    tol = 2.0 * float(geodesy.footprint_tolerance_km(radius_km))
    fwd = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    centre = _antipode_of_centre(crs)
    az = np.linspace(0.0, 360.0, 721)[:-1]
    for dist, expect in ((radius_km - tol, True), (radius_km + tol, False)):
        pts = _points_at(lon, lat, az, np.full(az.size, dist))
        zone = np.array([gl_distance_km(*centre, lo, la) for lo, la in pts])
        pts = pts[zone > geodesy.DOMAIN_MARGIN_KM + 2.0]
        x, y = fwd.transform(pts[:, 0], pts[:, 1])
        assert (shapely.covers(g, shapely.points(x, y)) == expect).all()


def test_other_projected_crs_best_effort():
    g = geodesy.footprint_polygon(0.0, 80.0, 2000.0, crs="EPSG:3857")
    assert g.is_valid and not g.is_empty
    _, y_max = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True).transform(
        0.0, 85.06
    )
    assert g.bounds[3] <= y_max + 1.0  # clipped to the CRS's area of use (85.06 N)


# ------------------------------------------------------------------ within_radius


def _truth(plon, plat, slon, slat, r_km, sector=None):
    n, m = plon.size, slon.size
    sl, sp = np.repeat(slon[None, :], n, 0).ravel(), np.repeat(slat[None, :], n, 0).ravel()
    pl, pp = np.repeat(plon, m), np.repeat(plat, m)
    az, _, d = geodesy.GEOD.inv(sl, sp, pl, pp)
    inside = (np.asarray(d) <= np.tile(r_km * 1000.0, n)).reshape(n, m)
    if sector is not None:
        b, w = (np.tile(np.broadcast_to(v, (m,)), n) for v in sector)
        diff = (np.asarray(az) - b + 180.0) % 360.0 - 180.0
        ok = ((np.abs(diff) <= w / 2) | (np.asarray(d) == 0.0)).reshape(n, m)
        inside &= ok
    return inside


def _random_case(seed, n_points=20_000, n_sites=50, n_edge=6_000):
    rng = np.random.default_rng(seed)
    slon = rng.uniform(-180, 180, n_sites)
    slat = np.degrees(np.arcsin(rng.uniform(-1, 1, n_sites)))
    slon[:6] = [0.0, 120.0, 180.0, -180.0, 10.0, 25.0]
    slat[:6] = [90.0, -90.0, 0.0, 45.0, 89.9999, -60.0]
    r = np.exp(rng.uniform(np.log(1.0), np.log(19_999.0), n_sites))
    r[:4] = [1.0, 10_000.0, 19_980.0, geodesy.MAX_RADIUS_KM]
    plon = rng.uniform(-180, 180, n_points)
    plat = np.degrees(np.arcsin(rng.uniform(-1, 1, n_points)))
    # points within 0.5 m of some site's radius
    js = rng.integers(0, n_sites, n_edge)
    az = rng.uniform(0, 360, n_edge)
    delta = rng.choice([-0.5, 0.5], n_edge) / 1000.0
    for k, (j, a, dd) in enumerate(zip(js, az, delta, strict=True)):
        plon[k], plat[k] = gl_direct(slon[j], slat[j], a, min(r[j] + dd, 20_003.0))
    plat[n_edge : n_edge + 4] = [90.0, -90.0, 0.0, 0.0]
    plon[n_edge : n_edge + 4] = [0.0, 0.0, 180.0, -180.0]
    return plon, plat, slon, slat, r


def test_within_radius_exact_against_geod_inv():
    plon, plat, slon, slat, r = _random_case(42)
    got = geodesy.within_radius(plon, plat, slon, slat, r)
    assert got.shape == (plon.size, slon.size) and got.dtype == bool
    truth = _truth(plon, plat, slon, slat, r)
    assert np.array_equal(got, truth), np.argwhere(got != truth)[:5]
    assert 0 < truth[:6000].sum() < truth[:6000].size  # the edge points go both ways
    np.testing.assert_array_equal(
        geodesy.count_within(plon, plat, slon, slat, r), truth.sum(axis=1)
    )


def test_within_radius_sector_exact():
    plon, plat, slon, slat, r = _random_case(7, n_points=5_000, n_sites=30, n_edge=1_000)
    rng = np.random.default_rng(8)
    bearing = rng.uniform(-180, 540, slon.size)
    width = rng.uniform(1, 360, slon.size)
    width[:3] = [360.0, 90.0, 1.0]
    got = geodesy.within_radius(plon, plat, slon, slat, r, bearing_deg=bearing, width_deg=width)
    truth = _truth(plon, plat, slon, slat, r, sector=(bearing, width))
    assert np.array_equal(got, truth)


def test_within_radius_empty_and_scalar():
    assert geodesy.within_radius([], [], [0.0], [0.0], 10.0).shape == (0, 1)
    assert geodesy.within_radius([0.0], [0.0], [], [], 10.0).shape == (1, 0)
    assert geodesy.within_radius(0.0, 0.0, 0.05, 0.0, 10.0).tolist() == [[True]]


def _points_at(lon, lat, az, dist_km):
    out = [gl_direct(lon, lat, a, d) for a, d in zip(az, dist_km, strict=True)]
    return np.array(out).reshape(-1, 2)


@pytest.mark.parametrize(
    "case",
    [c for c in FOOTPRINT_CASES if c.radius_km < 20_000 and c.radius_km >= 1],
    ids=lambda c: c.id,
)
def test_drawn_footprint_agrees_with_within_radius(case: FootprintCase):
    """Points inside the drawn (EPSG:4326) footprint are within the radius, points beyond
    radius + tolerance are not (tolerance: footprint_tolerance_km)."""
    g = geodesy.footprint_polygon(
        case.lon,
        case.lat,
        case.radius_km,
        bearing_deg=case.bearing_deg,
        width_deg=case.width_deg,
    )
    shapely.prepare(g)
    tol = 2.0 * float(geodesy.footprint_tolerance_km(case.radius_km))
    rng = np.random.default_rng(11)
    n = 150
    if case.is_sector:
        s = rng.uniform(0.25, 1.0, n) * case.radius_km
        margin = np.degrees(tol / s)  # keep clear of the sides
        half = case.width_deg / 2
        az = case.bearing_deg + rng.uniform(-half, half, n) * (1 - 1e-9)
        az = np.clip(az, case.bearing_deg - half + margin, case.bearing_deg + half - margin)
    else:
        s = rng.uniform(0.0, 1.0, n) * case.radius_km
        az = rng.uniform(0, 360, n)
    s_in = np.minimum(s, case.radius_km - tol)
    inside = _points_at(case.lon, case.lat, az, s_in)
    assert shapely.covers(g, shapely.points(inside)).all()
    out_d = np.minimum(case.radius_km + tol, HALF_MERIDIAN_KM)
    if out_d > case.radius_km:
        outside = _points_at(case.lon, case.lat, az, np.full(n, out_d))
        far = np.array([gl_distance_km(case.lon, case.lat, lo, la) for lo, la in outside])
        keep = far > case.radius_km + tol / 2  # beyond the cut locus Direct comes back
        assert not shapely.covers(g, shapely.points(outside[keep])).any()
    # random points in the drawn shape agree with within_radius away from the edge
    pts = np.c_[rng.uniform(-180, 180, 4000), np.degrees(np.arcsin(rng.uniform(-1, 1, 4000)))]
    covered = shapely.covers(g, shapely.points(pts))
    sector = (
        {}
        if not case.is_sector
        else {"bearing_deg": case.bearing_deg, "width_deg": case.width_deg}
    )
    within = geodesy.within_radius(
        pts[:, 0], pts[:, 1], case.lon, case.lat, case.radius_km, **sector
    )[:, 0]
    differ = np.flatnonzero(covered != within)
    for k in differ:  # only allowed within the tolerance of the boundary
        lo, la = pts[k]
        inv = GL.Inverse(case.lat, case.lon, la, lo)
        near_arc = abs(inv["s12"] / 1000 - case.radius_km) < tol
        near_side = False
        if case.is_sector:
            for edge in (
                case.bearing_deg - case.width_deg / 2,
                case.bearing_deg + case.width_deg / 2,
            ):
                diff = math.radians((inv["azi1"] - edge + 180) % 360 - 180)
                near_side |= abs(math.sin(diff)) * inv["s12"] / 1000 < tol
        assert near_arc or near_side, (lo, la)


# ------------------------------------------------------------------ properties

sites = st.tuples(st.floats(-180, 180), st.floats(-90, 90))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sites, st.floats(1.0, 19_000.0), st.floats(1.001, 1.5))
def test_area_grows_with_radius(site, r1, factor):
    r2 = min(r1 * factor, 19_500.0)
    a1, a2 = geodesy.geodesic_area_km2(
        geodesy.footprint_polygons([site[0]] * 2, [site[1]] * 2, [r1, r2])
    )
    assert a2 > a1


@settings(max_examples=200, deadline=None)
@given(sites, st.floats(1.0, 19_900.0), st.floats(0.0, 360.0), st.floats(0.0, 1.0))
def test_point_closer_than_radius_is_inside(site, r, az, frac):
    lon, lat = site
    s = frac * r * (1 - 1e-9)
    plon, plat = gl_direct(lon, lat, az, s)
    d = gl_distance_km(lon, lat, plon, plat)
    assert geodesy.within_radius(plon, plat, lon, lat, r)[0, 0] == (d <= r)
    if s <= r - 2 * float(geodesy.footprint_tolerance_km(r)):
        g = geodesy.footprint_polygon(lon, lat, r)
        assert g.covers(shapely.Point(plon, plat))


# ------------------------------------------------------------------ bad inputs


@pytest.mark.parametrize("radius", BAD_RADII)
def test_bad_radius(radius):
    shown = f"{radius:.10g}"
    with pytest.raises(GeometryError, match=rf"radius_km must be > 0 .*got {shown}"):
        geodesy.footprint_polygon(10.0, 50.0, radius)
    with pytest.raises(GeometryError, match=rf"got {shown}"):
        geodesy.within_radius([0.0], [0.0], [10.0], [50.0], [radius])
    with pytest.raises(GeometryError, match=rf"got {shown}"):
        geodesy.validate_radius_km(radius)


def test_bad_radius_message():
    with pytest.raises(GeometryError) as info:
        geodesy.validate_radius_km(-5)
    assert str(info.value) == (
        "radius_km must be > 0 and <= 20003.9 km (half the Earth's circumference); got -5"
    )
    with pytest.raises(GeometryError, match=r"got 20004 \(at position 1\)"):
        geodesy.validate_radius_km([10.0, 20004.0])


@pytest.mark.parametrize(("lon", "lat"), BAD_LONLAT)
def test_bad_coordinates(lon, lat):
    bad = lon if not (np.isfinite(lon) and abs(lon) <= 180) else lat
    what = "longitude" if bad is lon else "latitude"
    shown = f"{bad:.10g}"
    with pytest.raises(GeometryError, match=rf"site {what} .*got {shown}"):
        geodesy.footprint_polygon(lon, lat, 100.0)
    with pytest.raises(GeometryError, match=rf"{what} .*got {shown}"):
        geodesy.within_radius([lon], [lat], [0.0], [0.0], 100.0)
    with pytest.raises(GeometryError, match=rf"{what} .*got {shown}"):
        geodesy.distance_km(lon, lat, 0.0, 0.0)


@pytest.mark.parametrize("width", BAD_WIDTHS)
def test_bad_sector_width(width):
    shown = f"{width:.10g}"
    with pytest.raises(GeometryError, match=rf"width_deg .*> 0 and <= 360 .*got {shown}"):
        geodesy.footprint_polygon(10.0, 50.0, 100.0, bearing_deg=0.0, width_deg=width)
    with pytest.raises(GeometryError, match=rf"got {shown}"):
        geodesy.within_radius(
            [0.0], [0.0], [10.0], [50.0], 100.0, bearing_deg=0.0, width_deg=width
        )


def test_other_bad_inputs():
    with pytest.raises(GeometryError, match=r"bearing_deg .*got nan"):
        geodesy.footprint_polygon(10.0, 50.0, 100.0, bearing_deg=float("nan"), width_deg=90.0)
    with pytest.raises(GeometryError, match="go together"):
        geodesy.footprint_polygon(10.0, 50.0, 100.0, bearing_deg=10.0)
    with pytest.raises(GeometryError, match="must be a number"):
        geodesy.footprint_polygon("ten", 50.0, 100.0)
    with pytest.raises(GeometryError, match="same length"):
        geodesy.footprint_polygons([1.0, 2.0], [1.0, 2.0, 3.0], 100.0)
    with pytest.raises(GeometryError, match="not a CRS"):
        geodesy.footprint_polygon(10.0, 50.0, 100.0, crs="EPSG:999999")
    with pytest.raises(GeometryError, match="azimuth_deg must be a finite"):
        geodesy.destination(0.0, 0.0, float("inf"), 10.0)


def test_vertex_exactly_on_the_antimeridian_regression():
    # found by Hypothesis: a site on the prime meridian whose boundary, past the South
    # Pole, has a vertex exactly at lon 180 gave an empty polygon in EPSG:4326
    g = geodesy.footprint_polygon(0.0, -51.73336241598803, 13902.0)
    assert g.is_valid and not g.is_empty
    assert g.covers(shapely.Point(0.0, -51.73336241598803))
    assert g.covers(shapely.Point(0.0, -90.0))
    ref = ref_footprint_area_km2(0.0, -51.73336241598803, 13902.0)
    assert float(geodesy.geodesic_area_km2(g)) == pytest.approx(ref, rel=1e-3)


@pytest.mark.parametrize(
    ("lon", "lat", "r"),
    [(76.43152503255666, 85.0, 625.0), (76.4, 85.0, 1000.0), (76.4, 88.0, 1000.0)],
)
def test_footprint_around_a_pole_is_not_lost(lon, lat, r):
    """Found by hypothesis: the circle's 0° and 360° points came out 1e-14° apart, the ring
    ended in a spike and the footprint around the North Pole became empty. Reference: the
    area of a 3,600-point circle from GeographicLib."""
    from scenarios import geodesic_circle_area_km2  # lazy: a test helper module

    (poly,) = geodesy.footprint_polygons([lon], [lat], [r])
    assert not poly.is_empty
    area = geodesy.geodesic_area_km2([poly])[0]
    assert area == pytest.approx(geodesic_circle_area_km2(lon, lat, r), rel=2e-3)
