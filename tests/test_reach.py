"""The perspective metrics ("in another party's reach") against direct computations.

References: the area of a geodesic circle from GeographicLib (a polygon of 3,600 points
placed with ``Geodesic.Direct``), city sums over the bundled table with distances from
``pyproj.Geod.inv`` computed here, and the length of a chord through a circle's centre
(2 r along the meridian). Never from the code under test.
"""

import datetime as dt

import numpy as np
import pytest
from pyproj import Geod
from scenarios import geodesic_circle_area_km2, site
from scenarios import scenario as base_scenario

from mdcoverage import notices, reach
from mdcoverage.cli.tracks import track_rows
from mdcoverage.coverage import METRIC_COLUMNS, assess, compare, region_places
from mdcoverage.scenario import load_preset
from mdcoverage.tracks import analyse_track

GEOD = Geod(ellps="WGS84")
D2011 = dt.date(2011, 6, 8)
SECTORAL = {
    "type": "sectoral",
    "name": "sectoral",
    "default_party": "nato",
    "sectors": [{"party": "russia", "countries": ["RUS", "BLR"]}],
}


def scenario(sites, *, tracks=(), architectures=None):
    architectures = architectures or [{"type": "independent"}, SECTORAL]
    return base_scenario(sites, tracks=tracks, architectures=architectures, name="reach test")


def cities_within(adm0_a3, lon, lat, radius_km):
    """Population of the region's cities of one country within ``radius_km`` (Geod.inv)."""
    c = region_places("europe")
    c = c[c["adm0_a3"] == adm0_a3]
    _, _, d = GEOD.inv(np.full(len(c), lon), np.full(len(c), lat), c["lon"], c["lat"])
    return float(c.loc[np.asarray(d) <= radius_km * 1000.0, "population"].sum())


def test_nato_footprint_wholly_inside_russia_counts_its_geodesic_area():
    # a notional NATO footprint well inside Russia (Volga region), no Russian site
    sc = scenario([site("inside (notional)", "nato", 45, 57, 300)])
    ref_area = geodesic_circle_area_km2(45, 57, 300)
    ref_pop = cities_within("RUS", 45, 57, 300)
    assert ref_pop > 0  # the reference is not trivially zero
    for arch in ("independent", "sectoral"):
        a = assess(sc, arch)
        rus = a.countries.loc["RUS"]
        assert rus["in_others_reach_area_km2"] == pytest.approx(ref_area, rel=0.005)
        assert rus["in_others_reach_area_share"] == pytest.approx(
            ref_area / rus["area_km2"], rel=0.005
        )
        assert rus["in_others_reach_pop"] == pytest.approx(ref_pop)
        # Russia's party row: the same (the footprint is inside Russia only)
        assert a.parties.loc["russia", "in_others_reach_area_km2"] == pytest.approx(
            ref_area, rel=0.005
        )
        # NATO's own footprint is never "another party's reach" for NATO
        assert a.parties.loc["nato", "in_others_reach_area_km2"] == 0.0
        assert a.parties.loc["nato", "in_others_reach_pop_share"] == 0.0


def test_reach_is_the_same_under_independent_and_sectoral():
    a = assess(load_preset("2011-independent"))
    b = assess(load_preset("2011-sectoral-podvig-2012"))
    cols = ["in_others_reach_area_km2", "in_others_reach_pop"]
    np.testing.assert_allclose(
        a.countries[cols].to_numpy(float), b.countries[cols].to_numpy(float), rtol=1e-9
    )
    # while responsibility (and so dependency) differs
    assert not np.allclose(
        a.parties["dependency_pop_share"].to_numpy(), b.parties["dependency_pop_share"].to_numpy()
    )


def test_country_in_no_party_counts_every_partys_reach():
    # 2011: Finland in no party; one NATO and one Russian footprint in it, disjoint
    nato, russia = site("w (notional)", "nato", 24, 62.5, 80), site("e", "russia", 28, 62.5, 80)
    a = assess(scenario([nato, russia]), "independent")
    ref = geodesic_circle_area_km2(24, 62.5, 80) + geodesic_circle_area_km2(28, 62.5, 80)
    assert a.countries.loc["FIN", "party"] == "none"
    assert a.countries.loc["FIN", "in_others_reach_area_km2"] == pytest.approx(ref, rel=0.005)
    pop = cities_within("FIN", 24, 62.5, 80) + cities_within("FIN", 28, 62.5, 80)
    assert pop > 0
    assert a.countries.loc["FIN", "in_others_reach_pop"] == pytest.approx(pop)


def test_shares_are_sums_over_countries():
    a = assess(load_preset("2011-independent"))
    c = a.countries
    for party in ("nato", "russia"):
        mine = c[c["party"] == party]
        share = mine["in_others_reach_area_km2"].sum() / mine["area_km2"].sum()
        assert a.parties.loc[party, "in_others_reach_area_share"] == pytest.approx(share)
        pshare = mine["in_others_reach_pop"].sum() / mine["urban_pop"].sum()
        assert a.parties.loc[party, "in_others_reach_pop_share"] == pytest.approx(pshare)
    assert set(reach.REACH_COLUMNS) <= set(METRIC_COLUMNS)
    table = compare([a, assess(load_preset("2011-sectoral-east-west"))])
    assert "in_others_reach_pop_share" in set(table["metric"])


def test_track_leaving_a_party_counts_km_in_another_partys_reach():
    # along the meridian 40°E from inside Russia, through a NATO circle of 300 km centred
    # on the meridian: the chord through the centre is 2 r long
    track = {"name": "north", "start": [40.0, 50.0], "end": [40.0, 64.0]}
    sc = scenario([site("circle (notional)", "nato", 40, 57, 300)], tracks=[track])
    for arch in ("independent", "sectoral"):
        t = analyse_track(sc, "north", arch, step_km=2.0)
        assert t.start_party == "russia"
        assert t.others_reach_km["nato"] == pytest.approx(600.0, abs=4.0)
        assert t.others_reach_km["any"] == pytest.approx(600.0, abs=4.0)
        # the tracks command prints it as one row of the start party
        rows = [r for r in track_rows([t]) if "another party's reach" in r["status"]]
        assert [(r["party"], r["km"]) for r in rows] == [
            ("russia", round(t.others_reach_km["any"], 1))
        ]
    # a track from the sea (no party's territory) has no such figure
    sea = {"name": "sea", "start": [5.0, 56.0], "end": [40.0, 57.0]}
    t = analyse_track(scenario([site("c", "nato", 40, 57, 300)], tracks=[sea]), "sea")
    assert t.start_party == "" and t.others_reach_km == {}


def test_track_reach_km_against_hand_sums():
    s = np.array([0.0, 10.0, 30.0, 60.0])
    covered = {"nato": np.array([True, False, True]), "russia": np.array([True, True, False])}
    assert reach.track_reach_km(s, covered, "russia") == {"nato": 40.0, "any": 40.0}
    assert reach.track_reach_km(s, covered, "") == {"nato": 40.0, "russia": 30.0, "any": 60.0}


def test_the_caveat_says_geometry_only():
    assert "geometry only: overlap on a map is not a capability" in notices.REACH_CAVEAT


def test_export_carries_the_reach_layer_with_its_note():
    from mdcoverage import export

    sc = scenario([site("inside (notional)", "nato", 45, 57, 300)])
    a = assess(sc, "independent")
    layer = export.export_layers([a])["in_others_reach"]
    row = layer.set_index("party").loc["russia"]
    # the layer's area is measured on its geometry: the geodesic circle again
    assert row["area_km2"] == pytest.approx(geodesic_circle_area_km2(45, 57, 300), rel=0.005)
    assert (
        row["in_others_reach_area_share"] == a.parties.loc["russia", "in_others_reach_area_share"]
    )
    assert row["note"] == notices.REACH_CAVEAT
    assert "nato" not in set(layer["party"])  # no Russian footprint: nothing of NATO's


def test_comparison_table_has_the_reach_beside_dependency():
    from mdcoverage.plotting import metrics_table_rows
    from mdcoverage.plotting.styles import styles_for

    a = assess(load_preset("2011-independent"))
    b = assess(load_preset("2011-sectoral-podvig-2012"))
    header, rows = metrics_table_rows([a, b], styles_for(["nato", "russia"]))
    # one reach row for both (reach does not depend on the rule), with the caveat
    reach_rows = [r for r in rows if r[0].startswith("Urban pop. in another's reach")]
    assert len(reach_rows) == 1 and len(rows) == 3
    row = reach_rows[0]
    assert "geometry only: overlap on a map is not a capability" in row[-1]
    for party, label in (("nato", "NATO"), ("russia", "Russia")):
        col = header.index(f"{label}: urban pop. defended")
        share = a.parties.loc[party, "in_others_reach_pop_share"]
        assert row[col] == f"{100 * share:.0f} %"
