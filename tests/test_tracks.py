"""Notional tracks: analytic cases and the two responsibility rules."""

import datetime as dt

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic

from mdcoverage.errors import GeometryError, UnknownNameError
from mdcoverage.scenario import load_preset, scenario_from_dict
from mdcoverage.tracks import (
    CAVEAT,
    analyse_track,
    analyse_tracks,
    point_countries,
    sample_track,
)

G = Geodesic.WGS84


def scenario(sites, tracks, architectures=None, radius_km=500.0):
    return scenario_from_dict(
        {
            "scenario": {"name": "tracks", "as_of": dt.date(2011, 6, 8)},
            "systems": [{"name": "int", "role": "interceptor", "radius_km": radius_km}],
            "sites": [
                {
                    "name": n,
                    "party": p,
                    "kind": "land",
                    "lon": float(lo),
                    "lat": float(la),
                    "system": "int",
                }
                for n, p, lo, la in sites
            ],
            "tracks": [{"name": n, "start": s, "end": e} for n, s, e in tracks],
            "architectures": architectures or [{"type": "independent"}],
        }
    )


PODVIG_LIKE = {
    "type": "sectoral",
    "name": "sectoral",
    "default_party": "nato",
    "sectors": [{"party": "russia", "countries": ["RUS", "BLR", "EST", "LVA", "LTU"]}],
}


def km_within(start, end, centre, radius_km, n=20001):
    """Length of the geodesic start->end within radius of centre, by dense GeographicLib
    sampling (independent of the package)."""
    line = G.InverseLine(start[1], start[0], end[1], end[0])
    s = np.linspace(0, line.s13, n)
    inside = np.empty(n, bool)
    for i, si in enumerate(s):
        p = line.Position(si)
        d = G.Inverse(centre[1], centre[0], p["lat2"], p["lon2"])["s12"]
        inside[i] = d <= radius_km * 1000
    return inside.mean() * line.s13 / 1000.0


def test_meridian_track_through_centre_overlaps_two_radii():
    sc = scenario(
        [("Germany (notional)", "nato", 10, 48)], [("meridian", (10.0, 40.0), (10.0, 53.0))]
    )
    t = analyse_track(sc, "meridian")
    assert t.end_party == "nato"
    s = t.summary.set_index(["party", "status"])["km"]
    assert s[("nato", "may engage")] == pytest.approx(2 * 500.0, rel=0.005)
    assert s[("", "nobody may engage")] == pytest.approx(t.length_km - 1000.0, rel=0.01)


def test_track_wholly_inside_one_sector_has_one_owner():
    sc = scenario(
        [("Moscow region (notional)", "russia", 37, 56)],
        [("inside", (40.0, 55.0), (50.0, 57.0))],
        architectures=[PODVIG_LIKE],
    )
    t = analyse_track(sc, "inside")
    assert set(t.segments["owner"]) == {"russia"}
    sc2 = scenario(
        [("France (notional)", "nato", 2, 47)],
        [("west", (0.0, 45.0), (10.0, 48.0))],
        architectures=[PODVIG_LIKE],
    )
    assert set(analyse_track(sc2, "west").segments["owner"]) == {"nato"}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ((170.0, 60.0), (-170.0, 62.0)),  # across the antimeridian
        ((0.0, 89.7), (180.0, 89.8)),  # within 50 km of the North Pole
        ((-100.0, 55.0), (40.0, 56.0)),  # over the Arctic (a shipped axis)
    ],
)
def test_length_matches_geod_inv(start, end):
    ref = G.Inverse(start[1], start[0], end[1], end[0])["s12"] / 1000.0
    lon, lat, s_km = sample_track(start, end, step_km=5.0)
    assert s_km[-1] == pytest.approx(ref, rel=1e-3)
    assert np.all(np.abs(lon) <= 180.0) and np.all(np.abs(lat) <= 90.0)
    assert np.diff(s_km).max() <= 5.0 + 1e-9
    # the sampled points lie on the geodesic: their path length adds up too
    seg = [G.Inverse(lat[i], lon[i], lat[i + 1], lon[i + 1])["s12"] for i in range(len(lon) - 1)]
    assert sum(seg) / 1000.0 == pytest.approx(ref, rel=1e-3)
    sc = scenario([("Romania (notional)", "nato", 25, 45)], [("t", start, end)])
    t = analyse_track(sc, "t")
    assert t.length_km == pytest.approx(ref, rel=1e-3)
    total = t.summary.loc[t.summary["status"].isin(["may engage", "nobody may engage"]), "km"]
    assert total.sum() == pytest.approx(ref, rel=1e-3)


def test_near_pole_track_passes_close_to_pole():
    _lon, lat, _ = sample_track((0.0, 89.7), (180.0, 89.8), step_km=1.0)
    assert lat.max() > 89.99  # the geodesic goes over the pole


SITES = [("Pskov region (notional)", "russia", 30, 58), ("Estonia (notional)", "nato", 25, 59)]
TRACK = ("east-west", (31.0, 57.0), (24.0, 58.5))  # ends in Estonia (NATO in 2011)


def test_rule_independent_only_end_territory_party_engages():
    sc = scenario(SITES, [TRACK], radius_km=200.0)
    t = analyse_track(sc, "east-west")
    assert t.end_party == "nato"
    s = t.summary.set_index(["party", "status"])["km"]
    nato_ref = km_within(TRACK[1], TRACK[2], (25, 59), 200.0)
    rus_ref = km_within(TRACK[1], TRACK[2], (30, 58), 200.0)
    assert s[("nato", "may engage")] == pytest.approx(nato_ref, rel=0.01)
    assert s[("russia", "may engage")] == 0
    assert s[("russia", "overlaps, not responsible")] == pytest.approx(rus_ref, rel=0.01)
    assert set(t.segments["may_engage"]) <= {"nato", ""}
    assert "end territory" in t.rule


def test_rule_sectoral_only_sector_owner_inside_own_footprints():
    sc = scenario(SITES, [TRACK], architectures=[PODVIG_LIKE], radius_km=200.0)
    t = analyse_track(sc, "east-west")
    seg = t.segments
    assert set(seg["owner"]) == {"russia"}  # Estonia lies in Russia's sector here
    s = t.summary.set_index(["party", "status"])["km"]
    rus_ref = km_within(TRACK[1], TRACK[2], (30, 58), 200.0)
    nato_ref = km_within(TRACK[1], TRACK[2], (25, 59), 200.0)
    assert s[("russia", "may engage")] == pytest.approx(rus_ref, rel=0.01)
    assert s[("nato", "may engage")] == 0
    assert s[("nato", "overlaps, not responsible")] == pytest.approx(nato_ref, rel=0.01)
    # hand-over points: where the engaging party changes
    assert list(t.handovers["to"])[:1] == ["russia"] or list(t.handovers["from"])[:1] == ["russia"]


def test_handovers_between_parties_on_a_shared_track():
    sc = scenario(
        SITES,
        [TRACK],
        architectures=[
            {
                "type": "sectoral",
                "default_party": "nato",
                "sectors": [{"party": "russia", "countries": ["RUS"]}],
            }
        ],
        radius_km=200.0,
    )
    t = analyse_track(sc, "east-west")
    changes = list(zip(t.handovers["from"], t.handovers["to"], strict=True))
    assert ("russia", "") in changes or ("russia", "nato") in changes
    assert (t.handovers["s_km"].diff().dropna() > 0).all()


def test_sectoral_has_no_owner_outside_the_region():
    # the Arctic axis starts in Canada, outside the European region the sectors partition
    sc = load_preset("2011-sectoral-podvig-2012")
    t = analyse_track(sc, "notional axis over the Arctic", step_km=20.0)
    seg = t.segments
    outside = seg["lon"] < -32.0
    assert outside.any() and (seg.loc[outside, "owner"] == "").all()
    assert (seg.loc[outside, "territory"].isin(["nato", ""])).all()


def test_presets_tracks_all_run():
    sc = load_preset("2011-sectoral-podvig-2012")
    results = analyse_tracks(sc, step_km=20.0)
    assert len(results) == len(sc.tracks) >= 2
    for r in results:
        assert "notional" in r.track.name
        assert r.summary["km"].ge(0).all()
    assert "not a capability" in CAVEAT


def test_bad_tracks():
    with pytest.raises(GeometryError, match="two different points"):
        sample_track((10.0, 50.0), (10.0, 50.0))
    with pytest.raises(GeometryError, match="lat"):
        sample_track((10.0, 95.0), (10.0, 50.0))
    with pytest.raises(GeometryError, match="step_km"):
        sample_track((10.0, 50.0), (11.0, 50.0), step_km=0)
    sc = load_preset("2011-independent")
    with pytest.raises(UnknownNameError, match="not a known track"):
        analyse_track(sc, "nope")


def test_sectoral_has_no_owner_over_countries_outside_the_region():
    # the south-eastern axis starts in Iran: not part of the European region
    sc = load_preset("2011-sectoral-podvig-2012")
    t = analyse_track(sc, "notional axis from the south-east", step_km=20.0)
    seg = t.segments
    keys = point_countries(seg["lon"].to_numpy(), seg["lat"].to_numpy())
    in_iran = keys == "IRN"
    assert in_iran.any() and (seg.loc[in_iran, "owner"] == "").all()
