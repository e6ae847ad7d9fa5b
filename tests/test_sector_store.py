"""The stored sector layers of the shipped presets (mdcoverage.sector_store): current,
equal to what map_layers computes, and never used for anything but what they were
built from."""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path

import pytest
import shapely

from mdcoverage import map_layers, sector_store
from mdcoverage.coverage import (
    assess,
    country_party_table,
    region_countries_cached,
    region_pieces,
    responsibility_pieces,
)
from mdcoverage.parties import scenario_parties
from mdcoverage.scenario import load_preset, scenario_from_dict

SECTORAL = ("2011-sectoral-east-west", "2011-sectoral-podvig-2012")
REBUILD = "run 'uv run python geodata/build_sector_layers.py'"
ROOT = Path(__file__).resolve().parents[1]


def _builder():
    spec = importlib.util.spec_from_file_location(
        "build_sector_layers", ROOT / "geodata" / "build_sector_layers.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bundled_stores_are_what_the_build_makes():
    built = _builder().build_all()
    assert set(built) == {sector_store.STORE_NAME, sector_store.PIECES_STORE_NAME}
    for name, data in built.items():
        bundled = resources.files("mdcoverage") / "data" / name
        assert bundled.is_file(), REBUILD
        assert bundled.read_bytes() == data, f"{name} is stale: {REBUILD}"


@pytest.mark.parametrize("preset", SECTORAL)
def test_stored_layers_equal_the_computed_ones(preset):
    a = assess(load_preset(preset))
    for layer in sector_store.LAYERS:
        stored = sector_store.lookup(a.architecture, a.region, map_layers.DRAW_MARGIN_DEG, layer)
        assert stored is not None and stored is not False, f"{preset} {layer}: {REBUILD}"
        fresh = assess(load_preset(preset))  # its own per-assessment cache
        with sector_store.disabled():
            computed = getattr(map_layers, f"sector_{layer}")(fresh)
        assert list(stored.columns) == list(computed.columns)
        for col in stored.columns.drop(stored.geometry.name):
            assert stored[col].tolist() == computed[col].tolist(), (layer, col)
        assert str(stored.crs) == str(computed.crs)
        for g, h in zip(stored.geometry.values, computed.geometry.values, strict=True):
            if layer == "lines":
                assert shapely.hausdorff_distance(g, h) < 1.0 or (g.is_empty and h.is_empty)
            else:
                diff = shapely.area(shapely.symmetric_difference(g, h))
                assert diff <= 1e-9 * max(shapely.area(h), 1.0), (layer, diff)


def test_the_maps_use_the_store_for_a_shipped_preset():
    a = assess(load_preset(SECTORAL[1]))
    stored = sector_store.lookup(a.architecture, a.region, map_layers.DRAW_MARGIN_DEG, "areas")
    drawn = map_layers.sector_areas(a)
    assert shapely.equals_exact(
        shapely.union_all(drawn.geometry.values), shapely.union_all(stored.geometry.values), 0
    )


def test_an_edited_sector_is_computed_not_looked_up():
    sc = load_preset(SECTORAL[0])
    data = sc.to_dict()
    arch = data["architectures"][0]
    ring = arch["sectors"][0]["polygons"][0]
    arch["sectors"][0]["polygons"][0] = [[x + 1.0, y] for x, y in ring]
    a = assess(scenario_from_dict(data))
    key = sector_store.entry_key(a.architecture, a.region, map_layers.DRAW_MARGIN_DEG)
    shipped = assess(load_preset(SECTORAL[0]))
    assert key != sector_store.entry_key(
        shipped.architecture, shipped.region, map_layers.DRAW_MARGIN_DEG
    )
    assert (
        sector_store.lookup(a.architecture, a.region, map_layers.DRAW_MARGIN_DEG, "areas") is None
    )
    assert map_layers.sector_areas(a) is not None  # computed


def test_another_margin_or_a_disabled_store_finds_nothing():
    a = assess(load_preset(SECTORAL[0]))
    assert sector_store.lookup(a.architecture, a.region, 10.0, "areas") is None
    with sector_store.disabled():
        assert (
            sector_store.lookup(a.architecture, a.region, map_layers.DRAW_MARGIN_DEG, "areas")
            is None
        )


def test_an_independent_architecture_has_no_stored_layers():
    a = assess(load_preset("2011-independent"))
    got = sector_store.lookup(a.architecture, a.region, map_layers.DRAW_MARGIN_DEG, "areas")
    assert got is None and map_layers.sector_areas(a) is None


# ------------------------------------------------------------- responsibility pieces


def _computed_pieces(scenario):
    """The architecture's own rule on the region's countries, the store off."""
    a = assess(scenario)
    table = country_party_table(scenario_parties(scenario), scenario.as_of, dependencies=True)
    with sector_store.disabled():
        return responsibility_pieces(
            a.architecture, region_countries_cached(a.region.name), table, a.region.bbox
        )


@pytest.mark.parametrize("preset", SECTORAL)
@pytest.mark.parametrize("as_of", ["2011-06-08", "2026-01-01"])
def test_stored_pieces_are_the_computed_ones_on_any_date(preset, as_of):
    # the store holds one set of pieces per architecture, whatever the date: the pieces
    # of a sectoral architecture must not depend on who is a member (Finland 2023,
    # Sweden 2024 joined NATO between these dates)
    import datetime as dt

    sc = load_preset(preset).replace(as_of=dt.date.fromisoformat(as_of))
    a = assess(sc)
    stored = sector_store.lookup(a.architecture, a.region, 0.0, sector_store.PIECES)
    assert stored is not None and stored is not False, f"{preset}: {REBUILD}"
    computed = _computed_pieces(sc)
    assert list(stored.columns) == list(computed.columns)
    assert stored["adm0_a3"].tolist() == computed["adm0_a3"].tolist()
    assert stored["responsible"].tolist() == computed["responsible"].tolist()
    assert str(stored.crs) == str(computed.crs)
    same = shapely.equals_exact(stored.geometry.values, computed.geometry.values, 0.0)
    assert same.all(), f"{int((~same).sum())} pieces differ"
    # and the assessment measured those pieces
    got = region_pieces(a.architecture, a.region, a.country_party)
    assert shapely.equals_exact(got.geometry.values, stored.geometry.values, 0.0).all()


def test_pieces_are_stored_for_margin_0_only_and_never_for_an_edited_sector():
    a = assess(load_preset(SECTORAL[0]))
    assert sector_store.lookup(a.architecture, a.region, 30.0, sector_store.PIECES) is None
    sc = load_preset(SECTORAL[0])
    data = sc.to_dict()
    ring = data["architectures"][0]["sectors"][0]["polygons"][0]
    data["architectures"][0]["sectors"][0]["polygons"][0] = [[x, y - 0.5] for x, y in ring]
    edited = assess(scenario_from_dict(data))
    assert sector_store.lookup(edited.architecture, edited.region, 0.0, "pieces") is None
    # computed instead: the edited sector moves the pieces
    pieces = region_pieces(edited.architecture, edited.region, edited.country_party)
    stored = sector_store.lookup(a.architecture, a.region, 0.0, sector_store.PIECES)
    assert len(pieces) != len(stored) or not all(
        shapely.equals_exact(pieces.geometry.values, stored.geometry.values, 0.0)
    )
