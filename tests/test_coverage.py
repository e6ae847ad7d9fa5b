"""Metrics against independent references, and the semantics of the two architectures.

References here come from GeographicLib (via the independent ``geographiclib`` package),
from pyproj's ``Geod.inv`` distances computed directly in the test, and from sums over
the city table written out in the test — never from the code under test.
"""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod, Transformer
from scenarios import geodesic_circle_area_km2, scenario, site

from mdcoverage import coverage, geodata, map_layers
from mdcoverage.architectures import make_architecture
from mdcoverage.coverage import METRIC_COLUMNS, assess, assess_all, compare
from mdcoverage.errors import ComparisonError
from mdcoverage.regions import region, region_countries
from mdcoverage.scenario import load_preset, preset_names

GEOD = Geod(ellps="WGS84")
D2011 = dt.date(2011, 6, 8)
D2024 = dt.date(2024, 12, 31)


# ----------------------------------------------------------------------------- references


def test_country_wholly_inside_one_footprint_is_fully_defended():
    a = assess(scenario([site("Lux (notional)", "nato", 6, 50, 1000)]))
    row = a.countries.loc["LUX"]
    assert row["defended_area_share"] == pytest.approx(1.0, abs=1e-9)
    assert row["urban_pop_defended_share"] == pytest.approx(1.0)
    assert row["mean_layers_pop"] == pytest.approx(1.0)


def test_defended_area_of_footprint_inside_one_country_equals_geodesic_circle():
    a = assess(scenario([site("Volga (notional)", "russia", 45, 57, 300)]))
    ref = geodesic_circle_area_km2(45, 57, 300)
    assert a.countries.loc["RUS", "defended_area_km2"] == pytest.approx(ref, rel=0.005)
    assert a.total.loc["total", "defended_area_km2"] == pytest.approx(ref, rel=0.005)


def test_population_figures_equal_direct_sums_over_city_table():
    sc = load_preset("2011-independent")
    a = assess(sc)
    cities = geodata.cities()
    w, s, e, n = region("europe").bbox
    keys = set(region_countries("europe").index)
    c = cities[
        cities["adm0_a3"].isin(keys) & cities["lon"].between(w, e) & cities["lat"].between(s, n)
    ]
    # urban population per country: a plain sum
    for key in ("FRA", "DEU", "RUS", "TUR", "EST"):
        assert a.countries.loc[key, "urban_pop"] == c.loc[c["adm0_a3"] == key, "population"].sum()
    # defended NATO population: cities of NATO members within Geod.inv distance of any
    # NATO interceptor site
    nato_2011 = {
        "ALB",
        "BEL",
        "BGR",
        "CAN",
        "HRV",
        "CZE",
        "DNK",
        "EST",
        "FRA",
        "DEU",
        "GRC",
        "HUN",
        "ISL",
        "ITA",
        "LVA",
        "LTU",
        "LUX",
        "NLD",
        "NOR",
        "POL",
        "PRT",
        "ROU",
        "SVK",
        "SVN",
        "ESP",
        "TUR",
        "GBR",
        "USA",
    }
    # dependencies of members count as their territory (Åland, Faroes, Gibraltar, ...)
    deps = {
        "ALD": "FIN",
        "FRO": "DNK",
        "GIB": "GBR",
        "GGY": "GBR",
        "JEY": "GBR",
        "IMN": "GBR",
        "ESB": "GBR",
        "WSB": "GBR",
    }
    members = nato_2011 | {k for k, sov in deps.items() if sov in nato_2011}
    cn = c[c["adm0_a3"].isin(members)]
    inside = np.zeros(len(cn), bool)
    layers = np.zeros(len(cn), int)
    for s_ in sc.sites:
        sysm = sc.system(s_.system)
        if s_.party != "nato" or sysm.role != "interceptor":
            continue
        _, _, d = GEOD.inv(
            np.full(len(cn), s_.lon),
            np.full(len(cn), s_.lat),
            cn["lon"].to_numpy(),
            cn["lat"].to_numpy(),
        )
        hit = d <= sysm.radius_km * 1000.0
        inside |= hit
        layers += hit
    pop = cn["population"].to_numpy()
    nato = a.parties.loc["nato"]
    assert nato["urban_pop"] == pop.sum()
    assert nato["urban_pop_defended"] == pop[inside].sum()
    assert nato["mean_layers_pop"] == pytest.approx((pop * layers).sum() / pop.sum())
    assert nato["pop_share_2plus_layers"] == pytest.approx(pop[layers >= 2].sum() / pop.sum())


def _sample_grid(spacing_km=15.0):
    """A regular grid over the region in its equal-area CRS: each point stands for the same
    area, so shares of points estimate shares of area."""
    reg = region("europe")
    countries = region_countries("europe")
    x0, y0, x1, y1 = countries.total_bounds
    xs = np.arange(x0, x1, spacing_km * 1000)
    ys = np.arange(y0, y1, spacing_km * 1000)
    X, Y = (a.ravel() for a in np.meshgrid(xs, ys))
    tree = shapely.STRtree(countries.geometry.values)
    pts = shapely.points(X, Y)
    pi, ci = tree.query(pts, predicate="within")
    lon, lat = Transformer.from_crs(reg.crs, "EPSG:4326", always_xy=True).transform(X[pi], Y[pi])
    return lon, lat, countries.index.to_numpy()[ci]


def _responsible_by_rule(arch_spec, lon, lat, keys, own):
    """Responsible party per point, written out from DESIGN §2 without the package."""
    if arch_spec.type == "independent":
        return own
    out = np.full(len(lon), "", dtype=object)
    todo = np.ones(len(lon), bool)
    for sec in arch_spec.sectors:
        hit = np.isin(keys, [c.upper() for c in sec.countries])
        # the grid's points all lie in countries: a sea-only sector's polygons hold none
        for ring in [] if sec.sea_only else sec.polygons:
            xs = [p[0] for p in ring]
            ys = [p[1] for p in ring]
            # the shipped sector polygons are lon/lat rectangles
            hit |= (lon >= min(xs)) & (lon <= max(xs)) & (lat >= min(ys)) & (lat <= max(ys))
        hit &= todo
        out[hit] = sec.party
        todo &= ~hit
    out[todo] = arch_spec.default_party
    return out


@pytest.mark.parametrize("preset", preset_names())
def test_area_shares_agree_with_dense_point_sampling(preset):
    sc = load_preset(preset)
    lon, lat, keys = _sample_grid()
    for i, spec in enumerate(sc.architectures):
        a = assess(sc, i)
        own = a.country_party.reindex(keys).fillna("").to_numpy(dtype=object)
        resp = _responsible_by_rule(spec, lon, lat, keys, own)
        defended = np.zeros(len(lon), bool)
        for s_ in sc.sites:
            sysm = sc.system(s_.system)
            if sysm.role != "interceptor":
                continue
            _, _, d = GEOD.inv(np.full(len(lon), s_.lon), np.full(len(lon), s_.lat), lon, lat)
            defended |= (d <= sysm.radius_km * 1000.0) & (resp == s_.party)
        party = np.where(own == "", "none", own)
        for p in a.parties.index:
            sel = party == p
            if sel.sum() < 200:
                continue
            est = defended[sel].mean()
            assert a.parties.loc[p, "defended_area_share"] == pytest.approx(est, abs=0.01), p
        assert a.total.loc["total", "defended_area_share"] == pytest.approx(
            defended.mean(), abs=0.01
        )


# ----------------------------------------------------------------------------- semantics


def test_independent_defends_only_own_territory_and_has_no_dependency():
    a = assess(load_preset("2011-independent"))
    assert (a.countries["dependency_area_km2"] == 0).all()
    assert (a.countries["dependency_pop"] == 0).all()
    assert (a.countries[["dependency_area_share", "dependency_pop_share"]] == 0).all().all()
    # neutral countries in 2011 are nobody's responsibility
    for key in ("SWE", "FIN", "AUT", "CHE", "IRL", "SRB", "BLR", "UKR"):
        assert a.countries.loc[key, "party"] == "none"
        assert a.countries.loc[key, "defended_area_km2"] == 0
        assert a.countries.loc[key, "urban_pop_defended"] == 0
    # each party's defended area lies inside its own territory
    countries = region_countries("europe")
    for _, row in map_layers.defended_areas(a).iterrows():
        members = a.country_party[a.country_party == row["party"]].index
        terr = shapely.union_all(countries.geometry[countries.index.isin(members)].values)
        outside = shapely.area(shapely.difference(row["geometry"], terr)) / 1e6
        assert outside < 1.0, row["party"]  # km², numerical dust only


def test_sectoral_nato_member_in_russian_sector_is_defended_by_russia_only():
    sc = load_preset("2011-sectoral-podvig-2012")
    a = assess(sc)
    countries = region_countries("europe")
    est = countries.loc["EST", "geometry"]
    fp = map_layers.footprints(a)
    russian = fp[(fp["party"] == "russia") & (fp["role"] == "interceptor")]
    nato = fp[(fp["party"] == "nato") & (fp["role"] == "interceptor")]
    expected = shapely.area(shapely.intersection(est, shapely.union_all(russian.geometry.values)))
    row = a.countries.loc["EST"]
    assert row["party"] == "nato"
    assert row["defended_area_km2"] == pytest.approx(expected / 1e6, rel=1e-6)
    assert row["dependency_area_share"] == pytest.approx(1.0)
    assert row["dependency_pop_share"] == pytest.approx(1.0)
    # NATO's own footprints over Estonia do not count
    assert shapely.intersects(est, shapely.union_all(nato.geometry.values))
    places = a.places[a.places["adm0_a3"] == "EST"]
    assert (places["responsible"] == "russia").all()
    # and the same country under independent: no dependency, defended by NATO
    b = assess(load_preset("2011-independent"))
    assert b.countries.loc["EST", "dependency_area_share"] == 0
    assert b.countries.loc["EST", "defended_area_km2"] > 0


def test_sectoral_default_party_takes_the_rest():
    a = assess(load_preset("2011-sectoral-east-west"))
    pieces = map_layers.pieces(a)
    # Belarus (listed) is Russia's; Portugal (nowhere listed) falls to the default party
    assert set(pieces.loc[pieces["adm0_a3"] == "BLR", "responsible"]) == {"russia"}
    assert set(pieces.loc[pieces["adm0_a3"] == "PRT", "responsible"]) == {"nato"}
    # Romania is split by the 24°E line
    assert set(pieces.loc[pieces["adm0_a3"] == "ROU", "responsible"]) == {"nato", "russia"}
    # pieces partition each country
    area = pieces.assign(a=shapely.area(pieces.geometry.values)).groupby("adm0_a3")["a"].sum()
    countries = region_countries("europe")
    np.testing.assert_allclose(
        area, shapely.area(countries.geometry[area.index].values), rtol=1e-6
    )


def test_as_of_moves_finland_and_sweden_into_nato():
    sc = load_preset("2011-independent")
    a = assess(sc)
    b = assess(sc.replace(as_of=D2024))
    for key in ("FIN", "SWE"):
        assert a.countries.loc[key, "party"] == "none"
        assert b.countries.loc[key, "party"] == "nato"
        assert a.countries.loc[key, "defended_area_km2"] == 0
    assert b.countries.loc["FIN", "defended_area_km2"] > 0
    # joined between the two dates: Montenegro (2017), North Macedonia (2020), Finland
    # (2023, with Åland), Sweden (2024)
    added = a.countries.loc[["MNE", "MKD", "FIN", "ALD", "SWE"], "area_km2"].sum()
    assert b.parties.loc["nato", "area_km2"] == pytest.approx(
        a.parties.loc["nato", "area_km2"] + added, rel=1e-9
    )
    assert b.parties.loc["none", "area_km2"] == pytest.approx(
        a.parties.loc["none", "area_km2"] - added, rel=1e-9
    )


def test_warning_with_and_without_exchange():
    a = assess(load_preset("2011-independent"))
    t = a.parties
    assert (
        t["warning_area_share_with_exchange"] >= t["warning_area_share_without_exchange"] - 1e-12
    ).all()
    # data_exchange = true in this preset: the architecture's figure is the exchanged one
    pd.testing.assert_series_equal(
        t["warning_area_share"], t["warning_area_share_with_exchange"], check_names=False
    )
    assert t.loc["none", "warning_area_share"] == 0  # neutrals: nobody's picture


def test_tables_have_units_and_shares_in_range():
    a = assess(load_preset("2011-sectoral-podvig-2012"))
    for tbl in (a.countries, a.parties, a.total):
        assert list(tbl.columns[-len(METRIC_COLUMNS) :]) == METRIC_COLUMNS
        shares = tbl[[c for c in METRIC_COLUMNS if "share" in c]]
        assert ((shares >= 0) & (shares <= 1 + 1e-9)).all().all()
    assert a.total.loc["total", "area_km2"] == pytest.approx(a.countries["area_km2"].sum())
    gaps = a.gaps(5)
    assert (gaps.groupby("party").size() <= 5).all()
    assert not gaps.merge(a.places[a.places["defended"]], on=["name", "lon", "lat"]).shape[0]


def test_compare_side_by_side_with_differences():
    a = assess(load_preset("2011-independent"))
    b = assess(load_preset("2011-sectoral-podvig-2012"))
    cmp = compare([a, b])
    assert {"level", "name", "metric", a.name, b.name} <= set(cmp.columns)
    diff = f"diff: {b.name} - {a.name}"
    np.testing.assert_allclose(cmp[diff], cmp[b.name] - cmp[a.name])
    dep = cmp[(cmp["name"] == "nato") & (cmp["metric"] == "dependency_pop_share")]
    assert dep[a.name].item() == 0 and dep[b.name].item() > 0
    with pytest.raises(ComparisonError, match="at least two"):
        compare([a])


def test_assess_all_and_architecture_lookup():
    sc = load_preset("2011-independent")
    assert [x.name for x in assess_all(sc)] == ["Two independent systems"]
    assert assess(sc, "independent").name == "Two independent systems"
    with pytest.raises(KeyError, match="not a known architecture of this scenario"):
        assess(sc, "sectoral")


# --------------------------------------------------------------------------- building blocks
# each block of assess on a small hand-made input (EPSG:3035 metres; boxes of known area)

CRS = "EPSG:3035"


def _footprints(rows):
    import geopandas as gpd

    return gpd.GeoDataFrame(
        {"party": [r[0] for r in rows], "role": [r[1] for r in rows]},
        geometry=[r[2] for r in rows],
        crs=CRS,
    )


def _pieces(rows):
    import geopandas as gpd

    return gpd.GeoDataFrame(
        {"adm0_a3": [r[0] for r in rows], "responsible": [r[1] for r in rows]},
        geometry=[r[2] for r in rows],
        crs=CRS,
    )


def _toy_unions():
    fp = _footprints(
        [
            ("a", "interceptor", shapely.box(0, 0, 1e5, 1e5)),
            ("a", "interceptor", shapely.box(5e4, 0, 1.5e5, 1e5)),
            ("b", "sensor", shapely.box(0, 0, 2e5, 1e5)),
        ]
    )
    return coverage.footprint_unions(fp, parties=["a", "c", ""])


def test_footprint_unions_per_party_and_role():
    u = _toy_unions()
    assert sorted(u.interceptors) == ["a", "b", "c"]  # "" ignored, "c" has no footprint
    assert u.interceptors["a"].area == pytest.approx(1.5e10)
    assert u.interceptors["b"].is_empty and u.interceptors["c"].is_empty
    assert u.sensors["b"].area == pytest.approx(2e10)
    assert u.all_sensors.area == pytest.approx(2e10)


def test_responsibility_pieces_follow_the_architecture():
    countries = region_countries("europe")
    table = pd.Series({"FRA": "nato", "RUS": "russia"})
    arch = make_architecture({"type": "independent"})
    pieces = coverage.responsibility_pieces(arch, countries, table, region("europe").bbox)
    resp = pieces.set_index("adm0_a3")["responsible"]
    assert resp["FRA"] == "nato" and resp["RUS"] == "russia" and resp["DEU"] == ""
    assert len(pieces) == len(countries)


def test_defended_pieces_and_piece_metrics_km2():
    # two 100 km x 100 km pieces; "a" covers 100 km x 150 km from x = 0
    pieces = _pieces(
        [
            ("AAA", "a", shapely.box(0, 0, 1e5, 1e5)),
            ("BBB", "a", shapely.box(1e5, 0, 2e5, 1e5)),
            ("CCC", "", shapely.box(0, 1e5, 1e5, 2e5)),
        ]
    )
    u = _toy_unions()
    d = coverage.defended_pieces(pieces, u)
    assert shapely.area(d["defended_geometry"].values) == pytest.approx([1e10, 5e9, 0.0])
    own = pd.Series({"AAA": "a", "BBB": "b", "CCC": ""})
    m = coverage.piece_metrics(d, u, own, pooled=True, crs=CRS)
    assert m["area_km2"].tolist() == pytest.approx([1e4, 1e4, 1e4])
    assert m["defended_area_km2"].tolist() == pytest.approx([1e4, 5e3, 0.0])
    assert m["dependency_area_km2"].tolist() == pytest.approx([0.0, 5e3, 0.0])
    # "a" has no sensors of its own; pooled, b's sensors count; nobody's piece: none
    assert m["_warn_area_own"].tolist() == pytest.approx([0.0, 0.0, 0.0])
    assert m["_warn_area_all"].tolist() == pytest.approx([1e4, 1e4, 0.0])
    assert m["_warn_area"].tolist() == m["_warn_area_all"].tolist()


def test_within_footprints_and_place_layers():
    places = pd.DataFrame(
        {
            "name": ["p", "q", "r"],
            "adm0_a3": ["FRA", "FRA", "CHE"],
            "lon": [2.0, 20.0, 8.0],
            "lat": [48.0, 48.0, 47.0],
            "population": [1000, 2000, 4000],
        }
    )
    sites = pd.DataFrame(
        {
            "party": ["nato", "nato", "russia"],
            "role": ["interceptor", "interceptor", "sensor"],
            "radius_km": [100.0, 50.0, 3000.0],
            "bearing_deg": [np.nan, np.nan, np.nan],
            "width_deg": [np.nan, np.nan, np.nan],
            "lon": [2.5, 2.0, 30.0],
            "lat": [48.0, 48.2, 55.0],
        }
    )
    m, sub = coverage.within_footprints(places, sites, "interceptor")
    assert m.tolist() == [[True, True], [False, False], [False, False]]
    assert len(sub) == 2
    arch = make_architecture({"type": "independent", "data_exchange": False})
    table = pd.Series({"FRA": "nato", "CHE": ""})
    out = coverage.place_layers(places, sites, arch, table)
    assert out["party"].tolist() == ["nato", "nato", "none"]
    assert out["responsible"].tolist() == ["nato", "nato", ""]
    assert out["n_layers"].tolist() == [2, 0, 0]
    assert out["warned_without_exchange"].tolist() == [False, False, False]
    assert out["warned_with_exchange"].tolist() == [True, True, False]  # none: no picture
    assert out["warned"].tolist() == [False, False, False]  # no exchange
    sums = coverage.place_metrics(out)
    assert sums["urban_pop_defended"].tolist() == [1000, 0, 0]
    assert sums["_layers_pop"].tolist() == [2000, 0, 0]
    assert sums["_pop_2plus"].tolist() == [1000, 0, 0]


def test_aggregate_metrics_sums_and_shares():
    countries = pd.DataFrame({"name": ["A", "B", "C"]}, index=["AAA", "BBB", "CCC"])
    table = pd.Series({"AAA": "a", "BBB": "a", "CCC": ""})
    pieces = pd.DataFrame(
        {
            "adm0_a3": ["AAA", "AAA", "BBB"],
            "area_km2": [1.0, 3.0, 4.0],
            "defended_area_km2": [1.0, 1.0, 0.0],
            "dependency_area_km2": [0.0, 1.0, 0.0],
            "_warn_area": [1.0, 0.0, 0.0],
            "_warn_area_own": [1.0, 0.0, 0.0],
            "_warn_area_all": [1.0, 1.0, 0.0],
        }
    )
    places = pd.DataFrame({"adm0_a3": ["AAA", "CCC"], "urban_pop": [10.0, 30.0]})
    for col in ("urban_pop_defended", "dependency_pop", "_layers_pop", "_pop_2plus"):
        places[col] = [10.0, 0.0]
    for col in ("_warn_pop", "_warn_pop_own", "_warn_pop_all"):
        places[col] = [0.0, 0.0]
    m = coverage.aggregate_metrics(pieces, places, countries, table)
    assert m.countries.loc["AAA", "defended_area_share"] == pytest.approx(0.5)
    assert m.countries.loc["AAA", "dependency_area_share"] == pytest.approx(0.5)
    assert m.countries.loc["CCC", "party"] == "none"
    assert m.parties.loc["a", "area_km2"] == pytest.approx(8.0)
    assert m.parties.loc["none", "urban_pop"] == 30
    assert m.total.loc["total", "urban_pop_defended_share"] == pytest.approx(0.25)
    assert list(m.countries.columns) == ["name", "party", *METRIC_COLUMNS]


# ------------------------------------------------------------------ sectoral preset facts

SECTORAL_PRESETS = ("2011-sectoral-east-west", "2011-sectoral-podvig-2012")


def _geodesic_share(key, lonlat_box):
    """Share of a country's area (within the region's box) inside a lon/lat box, from
    GeographicLib polygon areas of the bundled lon/lat borders (densified to 0.05°, so
    edges follow the meridians and parallels), independent of the package's projection."""
    geom = shapely.intersection(
        geodata.countries().loc[key].geometry, shapely.box(*region("europe").bbox)
    )

    def area(g):
        return abs(GEOD.geometry_area_perimeter(shapely.segmentize(g, 0.05))[0])

    return area(shapely.intersection(geom, shapely.box(*lonlat_box))) / area(geom)


def test_east_west_puts_the_shares_its_description_states_in_russias_sector():
    sc = load_preset("2011-sectoral-east-west")
    a = assess(sc)
    pieces = map_layers.pieces(a).assign(area=lambda d: shapely.area(d.geometry.values))
    by = pieces.groupby(["adm0_a3", "responsible"])["area"].sum().unstack(fill_value=0.0)
    share = by["russia"] / by.sum(axis=1)
    # the rounded figures of the description (and of seeds/README.md for the Baltic
    # states and Finland), each checked against GeographicLib
    stated = {"ROU": 62, "NOR": 11, "BGR": 1, "EST": 85, "LVA": 69, "LTU": 49, "FIN": 81}
    for key, pct in stated.items():
        ref = _geodesic_share(key, (24.0, 44.0, 60.0, 82.0))
        assert round(100 * ref) == pct, key
        assert share[key] == pytest.approx(ref, abs=0.002), key
    for key in ("ROU", "NOR", "BGR"):
        assert f"{stated[key]} % of" in sc.description
    assert _geodesic_share("POL", (24.0, 44.0, 60.0, 82.0)) < 0.001  # "a sliver"


@pytest.mark.parametrize("preset", SECTORAL_PRESETS)
def test_sectoral_presets_leave_the_south_caucasus_to_nobody(preset):
    a = assess(load_preset(preset))
    pieces = map_layers.pieces(a)
    caucasus = pieces[pieces["adm0_a3"].isin(["GEO", "ARM", "AZE"])]
    assert len(caucasus) and (caucasus["responsible"] == "").all()
    capitals = a.places[a.places["name"].isin(["Tbilisi", "Yerevan", "Baku"])]
    assert sorted(capitals["name"]) == ["Baku", "Tbilisi", "Yerevan"]
    assert (capitals["responsible"] == "").all() and not capitals["defended"].any()
    gaps = a.gaps(50)
    assert (gaps.loc[gaps["name"].isin(["Tbilisi", "Yerevan", "Baku"]), "responsible"] == "").all()
    # Turkey, a NATO member next to them, is NATO's
    assert set(pieces.loc[pieces["adm0_a3"] == "TUR", "responsible"]) == {"nato"}


@pytest.mark.parametrize("preset", SECTORAL_PRESETS)
def test_sectoral_presets_give_russia_the_black_baltic_and_barents_seas(preset):
    from mdcoverage.tracks import point_countries

    a = assess(load_preset(preset))
    points = {
        "Black Sea": (34.0, 43.0, "russia"),
        "Sea of Azov": (36.5, 46.0, "russia"),
        "Baltic Sea": (19.5, 58.5, "russia"),
        "Gulf of Finland": (26.0, 59.8, "russia"),
        "Barents Sea": (40.0, 72.0, "russia"),
        "Sea of Marmara": (28.0, 40.8, "nato"),
        "Kattegat": (11.8, 57.0, "nato"),
        "North Sea": (4.0, 56.0, "nato"),
        "Eastern Mediterranean": (30.0, 34.5, "nato"),
        "Caspian Sea": (51.0, 40.0, ""),
    }
    lon = np.array([p[0] for p in points.values()])
    lat = np.array([p[1] for p in points.values()])
    assert (point_countries(lon, lat) == "").all()
    owner = a.architecture.responsible_for_points(lon, lat, np.full(len(lon), ""), a.country_party)
    assert dict(zip(points, owner, strict=True)) == {k: p[2] for k, p in points.items()}
    # the coasts keep the land rule: Bulgaria's Black Sea coast and Gotland are NATO's
    coast = a.architecture.responsible_for_points(
        [27.9, 18.5], [43.2, 57.5], ["BGR", "SWE"], a.country_party
    )
    assert coast.tolist() == ["nato", "nato"]


def test_podvig_baltic_axis_has_no_hand_over_in_crimea_or_the_sea_of_azov():
    from mdcoverage.tracks import analyse_track

    sc = load_preset("2011-sectoral-podvig-2012")
    t = analyse_track(sc, "notional axis across the Baltic region", step_km=5.0)
    seg = t.segments
    # over Crimea, the Sea of Azov and the northern Black Sea, Russia is responsible
    near = seg["lon"].between(33.0, 39.5) & seg["lat"].between(43.0, 47.5)
    assert near.any() and (seg.loc[near, "owner"] == "russia").all()
    h = t.handovers
    assert not (h["lon"].between(33.0, 39.5) & h["lat"].between(43.0, 47.5)).any()
