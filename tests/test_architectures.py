"""A new architecture is one class and a registry entry (DESIGN §3).

The toy architecture below ("guardian": one party, named by ``default_party``, is
responsible for every place) is defined here only; with it, the scenario validates and
:func:`assess`, :func:`analyse_track`, the map layers and a map work unchanged.
"""

import geopandas as gpd
import numpy as np
import pytest

from mdcoverage import map_layers
from mdcoverage.architectures import (
    ARCHITECTURES,
    Architecture,
    make_architecture,
    register_architecture,
    unregister_architecture,
)
from mdcoverage.coverage import assess
from mdcoverage.errors import ScenarioError
from mdcoverage.scenario import scenario_from_dict
from mdcoverage.tracks import analyse_track


class Guardian(Architecture):
    """One party defends everyone."""

    type = "guardian"
    rule = "one party defends every place"
    allowed_options = frozenset({"default_party"})
    engagement_rule = "only the guardian, inside its own footprints"

    @property
    def guardian(self) -> str:
        return (self.spec.default_party or "").lower()

    def responsibility(self, countries, country_party, *, bbox=None):
        return gpd.GeoDataFrame(
            {"adm0_a3": countries.index.to_numpy(), "responsible": self.guardian},
            geometry=countries.geometry.values,
            crs=countries.crs,
        )

    def responsible_for_points(self, lon, lat, adm0_a3, country_party):
        return np.full(len(np.asarray(lon)), self.guardian, dtype=object)


@pytest.fixture
def guardian():
    register_architecture(Guardian)
    yield Guardian
    unregister_architecture(Guardian.type)
    assert set(ARCHITECTURES) == {"independent", "sectoral"}


def toy_scenario(**arch):
    return scenario_from_dict(
        {
            "scenario": {"base": "_layout-2011", "name": "toy", "as_of": "2011-06-08"},
            "architectures": [{"type": "guardian", "default_party": "nato", **arch}],
        }
    )


def test_registry_holds_only_the_built_in_architectures_by_default():
    assert set(ARCHITECTURES) == {"independent", "sectoral"}


def test_options_are_checked_generically(guardian):
    spec = {"type": "guardian", "default_party": "nato", "data_exchange": False}
    assert guardian.check_spec(make_architecture(spec).spec) == [
        "data_exchange: not an option of 'guardian' (its options: default_party)"
    ]
    with pytest.raises(ScenarioError, match="data_exchange: not an option of 'guardian'"):
        toy_scenario(data_exchange=False)


def test_toy_architecture_assess(guardian):
    a = assess(toy_scenario())
    assert isinstance(a.architecture, Guardian)
    assert (a.places["responsible"] == "nato").all()
    # Russia's defended area is all NATO's: a dependency
    rus = a.countries.loc["RUS"]
    assert rus["defended_area_km2"] > 0
    assert rus["dependency_area_share"] == pytest.approx(1.0)
    assert set(map_layers.responsibility_areas(a)["party"]) == {"nato"}
    assert map_layers.sector_areas(a) is None


def test_toy_architecture_track(guardian):
    sc = toy_scenario()
    t = analyse_track(sc, 0)
    seg = t.segments
    assert t.rule == Guardian.engagement_rule
    on_land = seg["owner"] != ""
    assert (seg.loc[on_land, "owner"] == "nato").all()
    assert set(seg["may_engage"]) <= {"nato", ""}
    assert (seg["responsible"] == seg["owner"]).all()


def test_toy_architecture_map(guardian, tmp_path):
    from mdcoverage import plotting

    fig = plotting.plot_map(assess(toy_scenario()))
    out = plotting.save_figure(fig, tmp_path / "toy.png", dpi=40)
    assert out.stat().st_size > 1000


# ------------------------------------------------------- sectoral: nobody's rest, sea sectors


def sectoral_scenario(default_party, sectors, tracks=()):
    return scenario_from_dict(
        {
            "scenario": {"base": "_layout-2011", "name": "toy", "as_of": "2011-06-08"},
            "architectures": [
                {"type": "sectoral", "default_party": default_party, "sectors": sectors}
            ],
            **({"tracks": list(tracks)} if tracks else {}),
        }
    )


def test_default_party_none_leaves_places_in_no_sector_to_nobody_and_undefended():
    sectors = [{"party": "russia", "countries": ["EST"]}, {"party": "nato", "countries": ["POL"]}]
    a = assess(sectoral_scenario("none", sectors))
    pieces = map_layers.pieces(a)
    assert set(pieces.loc[pieces["adm0_a3"] == "EST", "responsible"]) == {"russia"}
    assert set(pieces.loc[pieces["adm0_a3"] == "POL", "responsible"]) == {"nato"}
    others = pieces[~pieces["adm0_a3"].isin(["EST", "POL"])]
    assert len(others) and (others["responsible"] == "").all()
    # France: inside NATO's notional central-European footprint, but in no sector
    fra = a.places[a.places["adm0_a3"] == "FRA"]
    assert len(fra) and (fra["responsible"] == "").all()
    assert not fra["defended"].any() and not fra["warned"].any()
    assert a.countries.loc["FRA", "defended_area_km2"] == 0
    assert a.countries.loc["FRA", "urban_pop_defended"] == 0
    # the same sectors with NATO owning the rest: France is defended (the test can fail)
    b = assess(sectoral_scenario("nato", sectors))
    assert b.countries.loc["FRA", "defended_area_km2"] > 0
    assert b.places.loc[b.places["adm0_a3"] == "FRA", "defended"].any()


BALTIC_SEA = [[10.5, 53.0], [30.5, 53.0], [30.5, 66.0], [13.0, 66.0], [13.0, 56.1], [10.5, 56.1]]


def test_sea_only_sector_holds_the_sea_and_leaves_the_coasts_alone():
    from mdcoverage.tracks import point_countries

    sea = {"party": "russia", "polygons": [BALTIC_SEA], "sea_only": True}
    plain = sectoral_scenario("nato", [{"party": "russia", "countries": ["BLR"]}])
    with_sea = sectoral_scenario("nato", [{"party": "russia", "countries": ["BLR"]}, sea])
    a, b = assess(plain), assess(with_sea)
    # land: identical responsibility, areas and places (the coasts keep NATO)
    for col in ("defended_area_km2", "urban_pop_defended", "dependency_area_km2"):
        np.testing.assert_allclose(a.countries[col], b.countries[col], rtol=1e-9)
    assert (a.places["responsible"].to_numpy() == b.places["responsible"].to_numpy()).all()
    swe = b.places[b.places["adm0_a3"].isin(["SWE", "EST", "FIN"])]
    assert len(swe) and (swe["responsible"] != "russia").all()
    # sea: the Baltic is Russia's, the Kattegat and the North Sea stay NATO's
    lon = np.array([20.0, 19.5, 24.0, 11.8, 4.0])
    lat = np.array([56.0, 58.5, 59.8, 57.0, 56.0])
    assert (point_countries(lon, lat) == "").all()  # all at sea
    arch = b.architecture
    owner = arch.responsible_for_points(lon, lat, np.full(5, ""), b.country_party)
    assert owner.tolist() == ["russia", "russia", "russia", "nato", "nato"]
    # and Gotland, land under the polygon, stays with the land rule
    gotland = arch.responsible_for_points([18.5], [57.5], ["SWE"], b.country_party)
    assert gotland.tolist() == ["nato"]
    # a track across the Baltic: Russia's over the sea only
    track = {"name": "t", "start": [16.0, 56.6], "end": [22.0, 57.2]}  # Öland to Latvia
    seg = analyse_track(sectoral_scenario("nato", [sea], [track]), "t", step_km=5.0).segments
    at_sea = point_countries(seg["lon"].to_numpy(), seg["lat"].to_numpy()) == ""
    assert at_sea.any() and (~at_sea).any()
    assert (seg.loc[at_sea, "owner"] == "russia").all()
    assert (seg.loc[~at_sea, "owner"] != "russia").all()


def test_sea_only_sector_needs_polygons():
    with pytest.raises(ScenarioError, match=r"sea_only: needs polygons"):
        sectoral_scenario("nato", [{"party": "russia", "countries": ["BLR"], "sea_only": True}])
