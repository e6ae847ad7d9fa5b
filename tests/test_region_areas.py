"""Areas of the analysis region against an exact, independent computation.

Reference: ``pyproj.Geod.geometry_area_perimeter`` (GeographicLib, the ellipsoid) on the
lon/lat country shapes clipped to the region's box in lon/lat, densified every 0.05° so
that its geodesic edges follow the lon/lat straight lines the data means. Footprints for
the reference are drawn with ``Geod.fwd`` every 0.25° of azimuth. Nothing here uses the
projection the package measures in.
"""

import numpy as np
import pyproj
import pytest
import shapely

from mdcoverage import geodata, map_layers
from mdcoverage.coverage import assess
from mdcoverage.scenario import load_preset

GEOD = pyproj.Geod(ellps="WGS84")
BOX = (-32.0, 34.0, 60.0, 82.0)  # the "europe" region, written out independently
REL = 5e-4  # 0.05 %


def geodesic_area_km2(geom) -> float:
    dense = shapely.segmentize(geom, 0.05)
    total = 0.0
    for part in shapely.get_parts(dense):
        area, _ = GEOD.geometry_area_perimeter(shapely.orient_polygons(part))
        total += abs(area)
    return total / 1e6


def lonlat_circle(lon, lat, radius_km):
    az = np.arange(0.0, 360.0, 0.25)
    n = az.size
    x, y, _ = GEOD.fwd(np.full(n, lon), np.full(n, lat), az, np.full(n, radius_km * 1000.0))
    return shapely.Polygon(np.column_stack([x, y]))


@pytest.fixture(scope="module")
def independent():
    return assess(load_preset("2011-independent"))


def country_lonlat(key):
    return shapely.intersection(geodata.countries().loc[key].geometry, shapely.box(*BOX))


@pytest.mark.parametrize("key", ["RUS", "POL", "NOR", "TUR"])
def test_region_clipped_country_area_is_exact(independent, key):
    ref = geodesic_area_km2(country_lonlat(key))
    got = independent.countries.loc[key, "area_km2"]
    assert got == pytest.approx(ref, rel=REL)


def test_russia_area_keeps_the_60e_meridian(independent):
    # a chord instead of the meridian cut ~40,000 km² (1 %) off Russia
    assert independent.countries.loc["RUS", "area_km2"] == pytest.approx(3_915_026, rel=REL)


def test_russia_defended_share_is_exact(independent):
    sites = map_layers.footprints(independent)
    own = sites[(sites["party"] == "russia") & (sites["role"] == "interceptor")]
    assert len(own) > 0
    cover = shapely.union_all(
        [
            lonlat_circle(x, y, r)
            for x, y, r in zip(own["lon"], own["lat"], own["radius_km"], strict=True)
        ]
    )
    russia = country_lonlat("RUS")
    ref_share = geodesic_area_km2(shapely.intersection(russia, cover)) / geodesic_area_km2(russia)
    got = independent.countries.loc["RUS", "defended_area_share"]
    assert got == pytest.approx(ref_share, rel=REL)
    assert got == pytest.approx(0.9184, abs=0.001)
