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


def _as_overlay(got, a, b):
    """``got`` is what the overlay ``intersection(a, b)`` gives: the very overlay where
    the union's boundary crosses the piece; where the union covers the piece, the piece
    itself; where they do not meet, an empty polygon (both equal to the overlay as sets)."""
    direct = shapely.intersection(a, b)
    inside = shapely.covers(b, a)
    apart = ~shapely.intersects(b, a)
    cut = ~inside & ~apart
    assert _wkb(got[cut]) == _wkb(direct[cut])
    assert _wkb(got[inside]) == _wkb(a[inside])
    assert all(g.is_empty and g.geom_type == "Polygon" for g in got[apart])
    assert shapely.equals(got[inside], direct[inside]).all()
    assert shapely.is_empty(direct[apart]).all()
    np.testing.assert_allclose(shapely.area(got), shapely.area(direct), rtol=1e-12)
    return inside, apart, cut


def test_intersections_are_the_direct_overlays_and_follow_changed_inputs():
    a = _blobs(1, 40)
    u1, u2 = shapely.union_all(_blobs(2, 15)), shapely.union_all(_blobs(3, 15))
    b = np.array([u1 if k % 3 else u2 for k in range(len(a))], dtype=object)
    got = intersections(a, b)
    inside, apart, cut = _as_overlay(got, a, b)
    assert inside.any() and apart.any() and cut.any()  # every case is exercised
    # fresh objects with the same content: the remembered results, the same geometry
    a2 = shapely.from_wkb(shapely.to_wkb(a))
    b2 = shapely.from_wkb(shapely.to_wkb(b))
    assert _wkb(intersections(a2, b2)) == _wkb(got)
    post = intersections(a2, b2, polygonal)
    assert _wkb(post[cut]) == _wkb(polygonal(shapely.intersection(a[cut], b[cut])))
    assert _wkb(post[~cut]) == _wkb(got[~cut])
    # a changed union: new overlays, not the remembered ones
    moved = shapely.affinity.translate(u1, 0.5, 0.0)
    b3 = np.array([moved if k % 3 else u2 for k in range(len(a))], dtype=object)
    got3 = intersections(a, b3)
    _as_overlay(got3, a, b3)
    assert _wkb(got3) != _wkb(got)


def test_intersections_of_pieces_inside_apart_and_crossed_by_a_union():
    # closed-form: unit squares against the union of two discs of radius 10 around
    # (0, 0) and (30, 0); areas of the crossed squares from the overlay of a fine polygon
    disc = shapely.union_all(
        [shapely.Point(0, 0).buffer(10, 256), shapely.Point(30, 0).buffer(10, 256)]
    )
    boxes = np.array([shapely.box(x, -0.5, x + 1, 0.5) for x in (-0.5, 15.0, 9.6, 29.5, -40.0)])
    got = intersections(boxes, np.array([disc] * len(boxes), dtype=object))
    assert got[0] is boxes[0] and got[3] is boxes[3]  # wholly inside: the piece itself
    assert got[1].is_empty and got[4].is_empty  # apart
    assert 0.0 < got[2].area < 1.0  # crossed: the overlay
    assert got[2].area == pytest.approx(shapely.intersection(boxes[2], disc).area, rel=1e-12)


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


def test_moving_one_site_rebuilds_its_footprint_and_counts_as_brute_force():
    """The editor's case: one site moves; footprints and distance tests of the others are
    remembered, the moved one is new; the layers still agree with GEOD.inv."""
    before = assess(scenario(SITES))
    moved = [dict(s) for s in SITES]
    moved[2]["lon"] += 1.5  # Berlin (notional) moves east
    a = assess(scenario(moved))
    fp_before = coverage.assessed_geometry(before, "footprints")
    fp = coverage.assessed_geometry(a, "footprints")
    for k in range(len(SITES)):
        same = shapely.to_wkb(fp.geometry.values[k]) == shapely.to_wkb(
            fp_before.geometry.values[k]
        )
        assert same == (k != 2)
    pl, s = a.places, site_table(a.scenario)
    lon = np.repeat(pl["lon"].to_numpy(), len(s))
    lat = np.repeat(pl["lat"].to_numpy(), len(s))
    _, _, d = GEOD.inv(
        np.tile(s["lon"].to_numpy(), len(pl)), np.tile(s["lat"].to_numpy(), len(pl)), lon, lat
    )
    inside = d.reshape(len(pl), len(s)) <= s["radius_km"].to_numpy()[None, :] * 1000.0
    party = s["party"].to_numpy(dtype=object)
    resp = pl["responsible"].to_numpy(dtype=object)
    layers = (inside & (party[None, :] == resp[:, None])).sum(axis=1)
    np.testing.assert_array_equal(pl["n_layers"].to_numpy(), layers)
    assert (pl["n_layers"].to_numpy() != before.places["n_layers"].to_numpy()).any()


def test_party_and_total_tables_are_the_sums_of_the_countries():
    a = assess(load_preset("2011-sectoral-podvig-2012"))
    c = a.countries
    for col in (
        "area_km2",
        "defended_area_km2",
        "urban_pop",
        "urban_pop_defended",
        "in_others_reach_area_km2",
        "in_others_reach_pop",
    ):
        by_party = c.groupby("party")[col].sum()
        np.testing.assert_allclose(
            a.parties[col].to_numpy(dtype=float),
            by_party.reindex(a.parties.index).to_numpy(dtype=float),
            rtol=1e-12,
        )
        assert a.total[col].iloc[0] == pytest.approx(c[col].sum(), rel=1e-12)
    share = c.groupby("party")["urban_pop_defended"].sum() / c.groupby("party")["urban_pop"].sum()
    np.testing.assert_allclose(
        a.parties["urban_pop_defended_share"], share.reindex(a.parties.index), rtol=1e-9
    )


def test_europe_crs_transformer_gives_proj_from_crs_coordinates():
    from pyproj import Transformer

    from mdcoverage.crs import lonlat_transformer

    lon, lat = np.meshgrid(np.linspace(-32, 60, 93), np.linspace(34, 82, 49))
    ref = Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)
    x0, y0 = ref.transform(lon.ravel(), lat.ravel())
    x, y = lonlat_transformer("EPSG:3035").transform(lon.ravel(), lat.ravel())
    np.testing.assert_allclose(x, x0, rtol=0, atol=1e-6)
    np.testing.assert_allclose(y, y0, rtol=0, atol=1e-6)


def test_pieces_meeting_only_nearby_footprints_are_defended_as_by_the_whole_union():
    s = scenario(SITES)
    arch = coverage.pick_architecture(s, 0)
    reg = coverage.region(s.region)
    countries = coverage.region_countries_cached(reg.name)
    table = coverage.country_party_table(coverage.scenario_parties(s), s.as_of, dependencies=True)
    fp = coverage.footprint_table(site_table(s), reg.crs)
    unions = footprint_unions(fp, parties=table)
    pieces = coverage.responsibility_pieces(arch, countries, table, reg.bbox)
    whole = coverage.defended_pieces(pieces, unions)["defended_geometry"].to_numpy()
    near = coverage.defended_pieces(pieces, unions, fp)["defended_geometry"].to_numpy()
    # the reference: each piece against its party's whole union, overlaid here
    resp = pieces["responsible"].to_numpy(dtype=object)
    cover = np.array([unions.interceptors.get(r, shapely.Polygon()) for r in resp])
    direct = shapely.intersection(np.asarray(pieces.geometry.values), cover)
    np.testing.assert_allclose(shapely.area(near), shapely.area(direct), rtol=1e-12, atol=1e-6)
    np.testing.assert_allclose(shapely.area(whole), shapely.area(direct), rtol=1e-12, atol=1e-6)
    assert shapely.equals(near[~shapely.is_empty(near)], whole[~shapely.is_empty(near)]).all()
    assert (shapely.area(direct) > 0).sum() >= 5  # several defended pieces compared
