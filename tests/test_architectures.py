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
