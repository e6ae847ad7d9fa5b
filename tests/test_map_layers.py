"""Geometry of the maps (mdcoverage.map_layers): sector lines, sector areas at sea.

References are independent of the code under test: closed-form rectangles, a meridian
measured by sampling the bundled land in lon/lat and pyproj.Geod, and a brute-force
distance test along the sectors' outlines.
"""

import numpy as np
import pyproj
import pytest
import shapely

from mdcoverage import geodata, map_layers
from mdcoverage.coverage import assess, region_land
from mdcoverage.map_layers import DRAW_MARGIN_DEG, boundary_on_land
from mdcoverage.regions import region_countries
from mdcoverage.scenario import load_preset, scenario_from_dict

KM = 1000.0
GEOD = pyproj.Geod(ellps="WGS84")

# ----------------------------------------------------------------- closed-form cases


def test_two_rectangle_sectors_meet_at_their_shared_edge():
    land = shapely.box(0, 0, 100 * KM, 50 * KM)
    west = shapely.box(0, 0, 40 * KM, 50 * KM)
    east = shapely.box(40 * KM, 0, 100 * KM, 50 * KM)
    for piece in (west, east):
        line = boundary_on_land(piece, land)
        assert line.length == pytest.approx(50 * KM, abs=1e-6)
        xy = shapely.get_coordinates(line)
        assert np.allclose(xy[:, 0], 40 * KM)  # the shared edge, nothing of the box edge
        assert sorted(xy[:, 1]) == pytest.approx([0.0, 50 * KM])


def test_a_coast_across_a_narrow_strait_is_no_sector_line():
    # two islands 1 km apart: the coasts facing each other have sea on one side
    west = shapely.box(0, 0, 100 * KM, 50 * KM)
    east = shapely.box(101 * KM, 0, 150 * KM, 50 * KM)
    land = shapely.union(west, east)
    assert boundary_on_land(west, land).is_empty
    assert boundary_on_land(east, land).is_empty


def test_an_enclave_is_ringed_by_a_sector_line():
    land = shapely.box(0, 0, 100 * KM, 100 * KM)
    enclave = shapely.box(40 * KM, 40 * KM, 60 * KM, 70 * KM)
    piece = shapely.difference(land, enclave)
    assert boundary_on_land(piece, land).length == pytest.approx(100 * KM, abs=1e-6)
    assert boundary_on_land(enclave, land).length == pytest.approx(100 * KM, abs=1e-6)


def test_a_sector_reaching_into_the_sea_keeps_only_its_land_border():
    # land: a square with a bay; the sector (cut by x = 30 km) is clipped to land first
    land = shapely.difference(
        shapely.box(0, 0, 100 * KM, 100 * KM), shapely.box(20 * KM, 60 * KM, 40 * KM, 100 * KM)
    )
    sector = shapely.intersection(shapely.box(-50 * KM, -50 * KM, 30 * KM, 200 * KM), land)
    line = boundary_on_land(sector, land)
    # x = 30 km runs over land from y = 0 to the bay at y = 60 km
    assert line.length == pytest.approx(60 * KM, abs=1e-6)
    assert np.allclose(shapely.get_coordinates(line)[:, 0], 30 * KM)


# ----------------------------------------------------------------- on the bundled map


def _scenario(sectors):
    return scenario_from_dict(
        {
            "scenario": {"name": "lines", "as_of": "2011-06-08", "region": "europe"},
            "systems": [{"name": "i", "role": "interceptor", "radius_km": 500}],
            "sites": [
                {
                    "name": "a",
                    "party": "nato",
                    "kind": "land",
                    "lon": 10,
                    "lat": 50,
                    "system": "i",
                },
                {
                    "name": "b",
                    "party": "russia",
                    "kind": "land",
                    "lon": 38,
                    "lat": 55,
                    "system": "i",
                },
            ],
            "architectures": [{"type": "sectoral", "default_party": "nato", "sectors": sectors}],
        }
    )


def _geodesic_length(line, crs) -> float:
    """Length in metres on the ellipsoid of a projected line (vertices back to lon/lat)."""
    to_lonlat = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    total = 0.0
    for part in shapely.get_parts(line):
        x, y = shapely.get_coordinates(part).T
        lon, lat = to_lonlat.transform(x, y)
        total += GEOD.line_length(lon, lat)
    return total


def test_the_sector_line_along_a_meridian_has_the_land_length_of_that_meridian():
    """A sector east of 20°E: its line is the 20°E meridian wherever it crosses the
    region's land, measured here by sampling that land in lon/lat (0.0005° steps) and
    adding up meridian arcs on the ellipsoid."""
    box = [[20.0, 0.0], [100.0, 0.0], [100.0, 90.0], [20.0, 90.0], [20.0, 0.0]]
    a = assess(_scenario([{"party": "russia", "polygons": [box]}]))
    (line,) = map_layers.sector_lines(a).geometry.values
    keys = region_countries("europe", margin_deg=DRAW_MARGIN_DEG).index
    c = geodata.countries()
    land_ll = shapely.union_all(c.loc[c.index.isin(keys)].geometry.values)
    _, s, _, n = a.region.bbox
    lats = np.arange(s - DRAW_MARGIN_DEG, min(n + DRAW_MARGIN_DEG, 90.0), 0.0005)
    on = shapely.contains_xy(land_ll, np.full(lats.shape, 20.0), lats)
    edges = np.flatnonzero(np.diff(np.r_[0, on.astype(np.int8), 0])).reshape(-1, 2)
    runs = [(lats[i], lats[j - 1]) for i, j in edges]
    ref = sum(GEOD.inv(20.0, lo, 20.0, hi)[2] for lo, hi in runs)
    assert ref > 2000 * KM  # Albania to Svalbard: a real test
    assert _geodesic_length(line, a.region.crs) == pytest.approx(ref, abs=0.1 * KM * len(runs))
    # and every vertex of the line lies on the meridian
    to_lonlat = pyproj.Transformer.from_crs(a.region.crs, "EPSG:4326", always_xy=True)
    lon, _ = to_lonlat.transform(*shapely.get_coordinates(line).T)
    assert np.allclose(lon, 20.0, atol=1e-6)


def _sample(line, step: float) -> np.ndarray:
    """Points at most ``step`` metres apart along a (multi)line: the midpoints of its
    edges split into pieces no longer than ``step``."""
    xy, part = shapely.get_coordinates(
        shapely.get_parts(shapely.segmentize(line, step)), return_index=True
    )
    same = part[1:] == part[:-1]
    return shapely.points((xy[:-1][same] + xy[1:][same]) / 2.0)


def _inside_all_round(piece, pts, r):
    """Outline points with ``piece`` all round them (16 points at distance ``r`` inside):
    a slit in the piece, where two countries of one sector do not quite meet."""
    xy = shapely.get_coordinates(pts)
    ang = np.linspace(0.0, 2.0 * np.pi, 16, endpoint=False)
    x = xy[:, :1] + r * np.cos(ang)
    y = xy[:, 1:] + r * np.sin(ang)
    shapely.prepare(piece)
    return shapely.contains_xy(piece, x, y).all(axis=1)


@pytest.mark.parametrize("preset", ["2011-sectoral-east-west", "2011-sectoral-podvig-2012"])
def test_sector_lines_are_the_outline_away_from_coast_and_box(preset):
    """Brute force, by distance instead of sides: a point of a sector's outline lies on a
    sector line iff it is more than 200 m from the edge of the region's land (coasts and
    the drawing box) and not inside a slit of the sector (the sector all round it); the lines lie on the outlines and come within 200 m of that edge
    only where they meet a coast or the box, or where a border runs along a lake (under
    1 % of their length: a coast or box edge taken for a line would be hundreds of km)."""
    a = assess(load_preset(preset))
    land = region_land(a.region.name, DRAW_MARGIN_DEG)
    edge = shapely.boundary(land)
    shapely.prepare(edge)
    lines = map_layers.sector_lines(a)
    areas = map_layers.sector_areas(a)
    total = 0.0
    for piece, line in zip(areas.geometry.values, lines.geometry.values, strict=True):
        if piece.is_empty:
            assert line.is_empty
            continue
        outline = shapely.boundary(piece)
        shapely.prepare(line)
        shapely.prepare(outline)
        pts = _sample(outline, 500.0)
        inland = ~shapely.dwithin(edge, pts, 200.0)
        inland[inland] &= ~_inside_all_round(piece, pts[inland], 100.0)
        assert shapely.dwithin(line, pts[inland], 1.0).all()
        on_line = _sample(line, 100.0)
        assert shapely.dwithin(outline, on_line, 1.0).all()
        near_edge = shapely.dwithin(edge, on_line, 200.0).sum() * 100.0
        ends = 2 * len(shapely.get_parts(line))
        assert near_edge <= 400.0 * ends + 0.01 * line.length
        total += line.length
    assert total > 3000 * KM  # both presets draw thousands of km of sector lines


# ----------------------------------------------------------------- sector areas and seas


@pytest.mark.parametrize("preset", ["2011-sectoral-east-west", "2011-sectoral-podvig-2012"])
def test_sector_areas_are_each_sectors_outline_on_land(preset):
    """The areas (countries cut into sectors and united) against the sectors' outlines
    clipped to the land directly: the same land, up to overlay round-off."""
    a = assess(load_preset(preset))
    land = region_land(a.region.name, DRAW_MARGIN_DEG)
    countries = region_countries("europe", margin_deg=DRAW_MARGIN_DEG)
    w, s, e, n = a.region.bbox
    m = DRAW_MARGIN_DEG
    box = (w - m, max(s - m, -90), e + m, min(n + m, 90))
    outlines = a.architecture.sector_areas(a.region.crs, countries=countries, bbox=box)
    areas = map_layers.sector_areas(a)
    assert list(areas["label"]) == list(outlines["label"])
    assert list(areas["sea_only"]) == [bool(x.sea_only) for x in a.architecture.spec.sectors]
    for got, outline in zip(areas.geometry.values, outlines.geometry.values, strict=True):
        ref = shapely.intersection(outline, land)
        assert shapely.symmetric_difference(got, ref).area <= 1e-7 * max(ref.area, 1.0) + 1e4
        assert got.is_valid


def test_a_sea_only_sector_is_drawn_at_sea():
    """One sea-only box over the southern Baltic (12-20°E, 54-56°N): its sea is the box
    less the land under it, checked on a lon/lat grid against the bundled land."""
    sea_box = [[12.0, 54.0], [20.0, 54.0], [20.0, 56.0], [12.0, 56.0], [12.0, 54.0]]
    a = assess(_scenario([{"party": "russia", "polygons": [sea_box], "sea_only": True}]))
    areas = map_layers.sector_areas(a)
    assert list(areas["sea_only"]) == [True]
    assert areas.geometry.values[0].is_empty  # no land
    seas = map_layers.sector_seas(a)
    assert list(seas["sector"]) == [0] and list(seas["party"]) == ["russia"]
    (sea,) = seas.geometry.values
    lon, lat = np.meshgrid(np.linspace(12.05, 19.95, 80), np.linspace(54.05, 55.95, 20))
    lon, lat = lon.ravel(), lat.ravel()
    land_ll = shapely.union_all(geodata.land().geometry.values)
    on_land = shapely.contains_xy(land_ll, lon, lat)
    assert 0.05 < on_land.mean() < 0.5  # Bornholm, Rügen, the Polish and Swedish coasts
    x, y = pyproj.Transformer.from_crs("EPSG:4326", a.region.crs, always_xy=True).transform(
        lon, lat
    )
    in_sea = shapely.contains_xy(sea, x, y)
    # away from the coast (the layers differ by their simplification only)
    near_coast = shapely.dwithin(shapely.boundary(land_ll), shapely.points(lon, lat), 0.05)
    assert (in_sea[~near_coast] == ~on_land[~near_coast]).all()
    # the box's area at sea, within a few per cent (the grid is coarse)
    area_ref = GEOD.geometry_area_perimeter(shapely.Polygon(sea_box))[0]
    assert abs(sea.area) == pytest.approx(abs(area_ref) * (1 - on_land.mean()), rel=0.08)


def test_without_sea_only_sectors_there_are_no_seas():
    box = [[20.0, 40.0], [30.0, 40.0], [30.0, 50.0], [20.0, 50.0], [20.0, 40.0]]
    a = assess(_scenario([{"party": "russia", "polygons": [box]}]))
    assert map_layers.sector_seas(a) is None
    assert list(map_layers.sector_areas(a)["sea_only"]) == [False]


# ------------------------------------------------- architectures without sectors


def test_an_architecture_without_sectors_builds_no_drawing_land():
    # the base class's sector methods return None whatever they are given: the region's
    # drawing land (a union of every country, ~0.1 s) is not built to learn that
    map_layers._drawing_land.cache_clear()
    map_layers._drawing_countries.cache_clear()
    a = assess(load_preset("2011-independent"))
    assert map_layers.sector_areas(a) is None
    assert map_layers.sector_seas(a) is None
    assert map_layers.sector_lines(a) is None
    assert map_layers._drawing_land.cache_info().currsize == 0
    assert map_layers._drawing_countries.cache_info().currsize == 0


def test_a_class_drawing_its_own_sector_seas_gets_them_drawn():
    from mdcoverage.architectures import Independent

    class SeaWatch(Independent):
        """'independent', plus one sea sector of NATO's: the sea around the land."""

        def sector_seas(self, crs, land, *, bbox=None):
            import geopandas as gpd

            sea = shapely.difference(
                shapely.box(0, 0, 1, 1) if land is None else land.envelope, land
            )
            return gpd.GeoDataFrame(
                {"sector": [0], "party": ["nato"], "label": ["sea"]}, geometry=[sea], crs=crs
            )

    a = assess(load_preset("2011-independent"))
    b = assess(a.scenario, SeaWatch(a.architecture.spec))
    assert map_layers.sector_areas(b) is None  # the base class's: no sectors on land
    seas = map_layers.sector_seas(b)  # its own: built, on the region's drawing land
    assert seas is not None and list(seas["party"]) == ["nato"]
    land, _ = map_layers._drawing_land(a.region.name)
    assert shapely.area(shapely.intersection(seas.geometry.values[0], land)) < 1.0
