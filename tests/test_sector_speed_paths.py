"""The fast paths of the sector layers against independent references.

* :meth:`Sectoral.sector_pieces` builds each sector's land per sector (the countries its
  polygons reach, cut once); :meth:`Sectoral.responsibility` cuts country by country:
  the same land, whichever way it is cut.
* Brute force: points on a lon/lat grid, each given its sector by the rule in words
  (the first sector listing its country or holding it under a polygon), against the
  drawn sector areas.
* :func:`map_layers.boundary_on_land` with an :func:`map_layers.edge_index`: closed-form
  rectangles whose shared vertex differs in the last bit, as two countries' copies of a
  border vertex may.
"""

import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely

from mdcoverage import map_layers
from mdcoverage.architectures import make_architecture
from mdcoverage.coverage import assess
from mdcoverage.map_layers import DRAW_MARGIN_DEG, boundary_on_land, edge_index
from mdcoverage.regions import region, region_countries
from mdcoverage.scenario import load_preset, scenario_from_dict

KM = 1000.0


def _box(w, s, e, n):
    return [[w, s], [e, s], [e, n], [w, n], [w, s]]


#: a hand-made layout: a key country (FIN) partly under an earlier sector's polygon,
#: overlapping polygons of two parties, a polygon cutting a key country (POL)
HAND_MADE = [
    {"party": "russia", "countries": ["POL"], "polygons": [_box(20, 50, 30, 62)]},
    {"party": "nato", "polygons": [_box(25, 45, 35, 55)]},
    {"party": "russia", "countries": ["FIN"], "polygons": [_box(5, 40, 15, 48)]},
]


def _hand_made():
    return scenario_from_dict(
        {
            "scenario": {"base": "_layout-2011", "name": "cuts", "as_of": "2011-06-08"},
            "architectures": [{"type": "sectoral", "default_party": "none", "sectors": HAND_MADE}],
        }
    )


def _sectoral(scenario):
    (spec,) = [s for s in scenario.architectures if s.type == "sectoral"]
    return make_architecture(spec)


def _drawing_box():
    w, s, e, n = region("europe").bbox
    m = DRAW_MARGIN_DEG
    return (w - m, max(s - m, -90.0), e + m, min(n + m, 90.0))


SCENARIOS = {
    "east-west": lambda: load_preset("2011-sectoral-east-west"),
    "podvig": lambda: load_preset("2011-sectoral-podvig-2012"),
    "hand-made": _hand_made,
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_sector_pieces_hold_the_land_responsibility_gives_each_party(name):
    arch = _sectoral(SCENARIOS[name]())
    countries = region_countries("europe", margin_deg=DRAW_MARGIN_DEG)
    box = _drawing_box()
    per_sector = arch.sector_pieces(countries, bbox=box)
    per_country = arch.responsibility(countries, pd.Series(dtype=object), bbox=box)
    for party in ("nato", "russia"):
        got = shapely.union_all(per_sector.geometry.values[per_sector["party"] == party])
        ref = shapely.union_all(per_country.geometry.values[per_country["responsible"] == party])
        assert ref.area > 1e10  # a real test: every layout gives both parties land
        assert shapely.symmetric_difference(got, ref).area <= 1e-7 * ref.area


def _expected_sector(arch, lon, lat, adm0):
    """The sector of each point by the rule in words (-1: none): the first sector that
    lists the point's country or holds the point under one of its (land) polygons."""
    out = np.full(len(lon), -1)
    for i, s in enumerate(arch.spec.sectors):
        keys = {c.upper() for c in s.countries}
        hit = np.isin(adm0, list(keys)) if keys else np.zeros(len(lon), bool)
        if s.polygons and not s.sea_only:
            polys = shapely.union_all([shapely.Polygon(r) for r in s.polygons])
            hit |= shapely.contains_xy(polys, lon, lat)
        out[(out < 0) & hit] = i
    return out


def _near(lines, pts, distance):
    """Whether each point lies within ``distance`` of any of ``lines``."""
    hit = np.zeros(len(pts), bool)
    hit[shapely.STRtree(lines).query(pts, predicate="dwithin", distance=distance)[0]] = True
    return hit


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_sector_areas_agree_with_the_rule_point_by_point(name):
    """A 0.4° grid over the drawing box: each point on land lies in the sector the rule
    gives it and in no other (points within 3 km of a border or coast, or 0.03° of a
    sector polygon's edge, are left out: there the densified, projected edges and the
    lon/lat lines differ by metres)."""
    a = assess(SCENARIOS[name]())
    arch = a.architecture
    areas = map_layers.sector_areas(a)
    countries = region_countries("europe", margin_deg=DRAW_MARGIN_DEG)
    w, s, e, n = _drawing_box()
    lon, lat = np.meshgrid(np.arange(w + 0.1, e, 0.4), np.arange(s + 0.1, n, 0.4))
    lon, lat = lon.ravel(), lat.ravel()
    x, y = pyproj.Transformer.from_crs("EPSG:4326", a.region.crs, always_xy=True).transform(
        lon, lat
    )
    pts = shapely.points(x, y)
    pt_i, c_i = shapely.STRtree(countries.geometry.values).query(pts, predicate="within")
    lon, lat, x, y, pts = lon[pt_i], lat[pt_i], x[pt_i], y[pt_i], pts[pt_i]  # on land
    adm0 = countries.index.to_numpy()[c_i]
    edges_ll = [
        shapely.boundary(shapely.Polygon(r)) for t in arch.spec.sectors for r in t.polygons
    ]
    far = ~_near(shapely.boundary(countries.geometry.values), pts, 3 * KM)
    far &= ~_near(np.array(edges_ll), shapely.points(lon, lat), 0.03)
    assert far.sum() > 5000
    want = _expected_sector(arch, lon[far], lat[far], adm0[far])
    for i, geom in enumerate(areas.geometry.values):
        inside = shapely.contains_xy(geom, x[far], y[far])
        assert (inside == (want == i)).all(), (name, i, int((inside != (want == i)).sum()))
    assert (want >= 0).sum() > 1000


def test_no_slit_where_a_sectors_countries_meet():
    """Podvig 2012: Russia's sector holds Kaliningrad (RUS, a listed country) and
    north-east Poland (a polygon): the border between them lies inside the sector, so it
    is no sector line (the countries' copies of that border differ in the last bit;
    united as they are, they left a slit there, drawn as a line). In the east/west
    reading the same border is one (Poland is NATO's)."""
    to_xy = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)
    near = shapely.Point(*to_xy.transform(20.56, 54.41)).buffer(10 * KM)  # on that border
    for preset, drawn in (("2011-sectoral-podvig-2012", False), ("2011-sectoral-east-west", True)):
        a = assess(load_preset(preset))
        lines = map_layers.sector_lines(a)
        russia = lines.geometry.values[0]
        assert (shapely.intersection(russia, near).length > 10 * KM) == drawn, preset
        for geom in map_layers.sector_areas(a).geometry.values:
            for part in shapely.get_parts(geom):
                holes = [shapely.Polygon(r) for r in part.interiors]
                assert all(h.area > 1e6 for h in holes), preset  # no hairline holes


def test_edge_index_matches_a_border_whose_copies_differ_in_the_last_bit():
    """Two countries sharing the edge x = 40 km: the eastern one's copy of the vertex
    (40 km, 25 km) is one bit off. The index still counts the border twice (a border,
    kept without a side test), the outer edges once (dropped): the line is the border."""
    x_off = np.nextafter(40 * KM, np.inf)
    west = shapely.Polygon(
        [(0, 0), (40 * KM, 0), (40 * KM, 25 * KM), (40 * KM, 50 * KM), (0, 50 * KM)]
    )
    east = shapely.Polygon(
        [(40 * KM, 0), (100 * KM, 0), (100 * KM, 50 * KM), (40 * KM, 50 * KM), (x_off, 25 * KM)]
    )
    index = edge_index([west, east], 1e-3)
    assert sorted(index.counts) == [1] * 6 + [2, 2]
    land = shapely.box(0, 0, 100 * KM, 50 * KM)
    line = boundary_on_land(west, land, known=index)
    assert line.length == pytest.approx(50 * KM, abs=1e-6)
    assert np.allclose(shapely.get_coordinates(line)[:, 0], 40 * KM)
    # a land that does not hold the border's sides: the index alone keeps it
    assert boundary_on_land(west, west, known=index).length == pytest.approx(50 * KM, abs=1e-6)
    # without the index, the side test decides
    assert boundary_on_land(west, west).is_empty
