"""A shared catalogue of awkward geodesy cases (poles, antimeridian, equator, tiny and
near-antipodal distances, hemisphere-sized and larger footprints).

Plain data, no computation: the expected flags below are derived by hand from the
geometry (and checked against GeographicLib in ``tests/test_geodesy.py``), never from
the code under test. Other test modules may import it::

    from geodesy_cases import PAIR_CASES, FOOTPRINT_CASES
"""

from __future__ import annotations

from dataclasses import dataclass

#: Pole-to-pole geodesic distance on WGS84 [km] (half the meridian), from GeographicLib.
HALF_MERIDIAN_KM = 20003.931458623


@dataclass(frozen=True)
class PairCase:
    """Two points (lon, lat in degrees) whose distance is awkward to compute."""

    id: str
    lon1: float
    lat1: float
    lon2: float
    lat2: float


@dataclass(frozen=True)
class FootprintCase:
    """A site and footprint (circle, or sector when ``width_deg`` is set).

    ``north_pole_inside`` / ``south_pole_inside``: the pole lies in the interior (a sector
    whose apex is a pole has it on the boundary: False). ``crosses_antimeridian``: the
    exact footprint has points on both sides of +-180.
    """

    id: str
    lon: float
    lat: float
    radius_km: float
    bearing_deg: float | None = None
    width_deg: float | None = None
    north_pole_inside: bool = False
    south_pole_inside: bool = False
    crosses_antimeridian: bool = False

    @property
    def is_sector(self) -> bool:
        return self.width_deg is not None and self.width_deg < 360.0


PAIR_CASES: list[PairCase] = [
    PairCase("same point", 10.0, 50.0, 10.0, 50.0),
    PairCase("1 m apart north", 10.0, 50.0, 10.0, 50.0 + 1.0 / 111_229.0),
    PairCase("1 m apart at the equator", 0.0, 0.0, 1.0 / 111_319.5, 0.0),
    PairCase("1 m apart across the antimeridian", 179.999995, 0.0, -179.999996, 0.0),
    PairCase("equator quarter", 0.0, 0.0, 90.0, 0.0),
    PairCase("along the equator, just short of the cut locus", 0.0, 0.0, 179.0, 0.0),
    PairCase("equatorial antipodes", 0.0, 0.0, 180.0, 0.0),
    PairCase("antipodes mid-latitude", 10.0, 45.0, -170.0, -45.0),
    PairCase("near-antipodal 0.5 deg", 0.0, 0.0, 179.5, 0.5),
    PairCase("near-antipodal 1e-6 deg", 20.0, 30.0, -160.0 + 1e-6, -30.0),
    PairCase("pole to pole", 0.0, 90.0, 0.0, -90.0),
    PairCase("pole to pole, other longitudes", 37.0, 90.0, -120.0, -90.0),
    PairCase("north pole to equator", 0.0, 90.0, 45.0, 0.0),
    PairCase("across the north pole", 0.0, 89.0, 180.0, 89.0),
    PairCase("across the south pole", -90.0, -89.5, 90.0, -89.5),
    PairCase("across the antimeridian", 179.9, 10.0, -179.9, 10.0),
    PairCase("lon -180 vs 180", -180.0, 20.0, 180.0, 20.0),
    PairCase("about 19,000 km", 0.0, 0.0, 171.0, 0.0),
    PairCase("Moscow to Lisbon", 37.62, 55.75, -9.14, 38.72),
    PairCase("Bucharest to Ankara", 26.1, 44.43, 32.85, 39.93),
]

#: (lon, lat, azimuth_deg, distance_km) starts for the direct problem.
DIRECT_CASES: list[tuple[str, float, float, float, float]] = [
    ("1 m north", 10.0, 50.0, 0.0, 0.001),
    ("from the north pole, azimuth 180", 0.0, 90.0, 180.0, 1000.0),
    ("from the north pole, azimuth 37", 25.0, 90.0, 37.0, 5000.0),
    ("from the south pole", -60.0, -90.0, 90.0, 3000.0),
    ("over the north pole", 0.0, 80.0, 0.0, 2500.0),
    ("east across the antimeridian", 179.5, 0.0, 90.0, 200.0),
    ("west across the antimeridian", -179.5, 45.0, 270.0, 300.0),
    ("along the equator 19,000 km", 0.0, 0.0, 90.0, 19_000.0),
    ("half meridian", 0.0, 0.0, 0.0, HALF_MERIDIAN_KM),
    ("near-antipodal", 10.0, 40.0, 123.0, 19_990.0),
    ("backwards", 10.0, 40.0, 45.0, -1000.0),
]

FOOTPRINT_CASES: list[FootprintCase] = [
    FootprintCase("Europe 1000 km", 25.0, 45.0, 1000.0),
    FootprintCase("equator 3000 km", 0.0, 0.0, 3000.0),
    FootprintCase("1 km", 10.0, 50.0, 1.0),
    FootprintCase("1 km at the equator", 0.0, 0.0, 1.0),
    FootprintCase("antimeridian, east side", 179.5, 10.0, 500.0, crosses_antimeridian=True),
    FootprintCase("antimeridian, on it", 180.0, -30.0, 800.0, crosses_antimeridian=True),
    FootprintCase("antimeridian, -180", -180.0, 60.0, 300.0, crosses_antimeridian=True),
    FootprintCase(
        "north pole site", 0.0, 90.0, 2000.0, north_pole_inside=True, crosses_antimeridian=True
    ),
    FootprintCase(
        "south pole site",
        120.0,
        -90.0,
        1500.0,
        south_pole_inside=True,
        crosses_antimeridian=True,
    ),
    FootprintCase(
        "around the north pole",
        10.0,
        85.0,
        1500.0,
        north_pole_inside=True,
        crosses_antimeridian=True,
    ),
    FootprintCase(
        "around the south pole",
        -45.0,
        -80.0,
        3000.0,
        south_pole_inside=True,
        crosses_antimeridian=True,
    ),
    FootprintCase("just short of the north pole", 30.0, 80.0, 1100.0),
    FootprintCase(
        "hemisphere", 25.0, 45.0, 10_000.0, north_pole_inside=True, crosses_antimeridian=True
    ),
    FootprintCase(
        "19,000 km",
        25.0,
        45.0,
        19_000.0,
        north_pole_inside=True,
        south_pole_inside=True,
        crosses_antimeridian=True,
    ),
    FootprintCase(
        "19,000 km at the equator",
        0.0,
        0.0,
        19_000.0,
        north_pole_inside=True,
        south_pole_inside=True,
        crosses_antimeridian=True,
    ),
    FootprintCase(
        "whole Earth",
        25.0,
        45.0,
        HALF_MERIDIAN_KM,
        north_pole_inside=True,
        south_pole_inside=True,
        crosses_antimeridian=True,
    ),
    FootprintCase("sector east", 25.0, 45.0, 3000.0, bearing_deg=90.0, width_deg=120.0),
    FootprintCase("sector narrow", 37.0, 55.0, 6000.0, bearing_deg=260.0, width_deg=10.0),
    FootprintCase(
        "sector over the north pole",
        10.0,
        80.0,
        3000.0,
        bearing_deg=0.0,
        width_deg=90.0,
        north_pole_inside=True,
        crosses_antimeridian=True,
    ),
    FootprintCase(
        "sector from the north pole", 0.0, 90.0, 2000.0, bearing_deg=180.0, width_deg=60.0
    ),
    FootprintCase(
        "wide sector from the south pole",
        0.0,
        -90.0,
        1000.0,
        bearing_deg=0.0,
        width_deg=300.0,
    ),
    FootprintCase(
        "sector across the antimeridian",
        175.0,
        50.0,
        2000.0,
        bearing_deg=90.0,
        width_deg=60.0,
        crosses_antimeridian=True,
    ),
    FootprintCase("full-width sector", 25.0, 45.0, 800.0, bearing_deg=0.0, width_deg=360.0),
]

#: Radii [km] and site latitudes [deg] for the area checks (0-90 N, 10-10,000 km).
AREA_RADII_KM = (10.0, 100.0, 1000.0, 5000.0, 10_000.0)
AREA_LATITUDES = (0.0, 30.0, 60.0, 89.0, 90.0)

#: Invalid inputs: (argument, value, text the error must contain).
BAD_RADII = [0.0, -5.0, float("nan"), float("inf"), 20_004.0, 1e9]
BAD_LONLAT = [
    (181.0, 0.0),
    (-180.5, 10.0),
    (0.0, 91.0),
    (0.0, -90.01),
    (float("nan"), 0.0),
    (0.0, float("nan")),
    (float("inf"), 0.0),
]
BAD_WIDTHS = [0.0, -10.0, 400.0, 360.0001, float("nan")]
