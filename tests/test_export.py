"""GeoJSON and GeoPackage export through the API (the command line's export is tested in
test_cli.py): exact properties, numerically rounded coordinates, provenance of every
scenario, writer errors as one OutputError line.

Reference values are computed here independently: rounding with Python's ``round`` on the
layers' coordinates, property values as written in the scenario dict.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap

import geopandas as gpd
import pyogrio
import pyogrio.errors
import pytest
import shapely

from mdcoverage import export
from mdcoverage.coverage import assess
from mdcoverage.errors import OutputError, ScenarioError
from mdcoverage.scenario import scenario_from_dict

SITE_NAME = "Site v1.123456789012"
SOURCE = "Report 2011-06-08, p. 12.3456789012345 (v1.123456789012)"
RADIUS = 1000.123456789


def scenario_dict(name="Export test", site=SITE_NAME, radius=RADIUS, sources=(SOURCE,)):
    return {
        "scenario": {"name": name, "as_of": dt.date(2011, 6, 8), "sources": list(sources)},
        "systems": [{"name": "land-i", "role": "interceptor", "radius_km": radius}],
        "sites": [
            {
                "name": site,
                "party": "nato",
                "kind": "land",
                "lon": 20.0,
                "lat": 52.0,
                "system": "land-i",
            },
            {
                "name": "East 2",
                "party": "russia",
                "kind": "land",
                "lon": 40.0,
                "lat": 55.0,
                "system": "land-i",
            },
        ],
        "architectures": [{"type": "independent", "name": "Independent 3.14159265358979"}],
    }


@pytest.fixture(scope="module")
def assessment():
    return assess(scenario_from_dict(scenario_dict(), source="export-test.toml"))


@pytest.fixture(scope="module")
def geojson(assessment, tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "x.geojson"
    export.write_export(assessment, path)
    return path


def coordinates(geometry: dict) -> list[float]:
    """Every number in a GeoJSON geometry's coordinates (independent walk)."""
    out: list[float] = []

    def walk(c):
        if isinstance(c, int | float):
            out.append(c)
        else:
            for x in c:
                walk(x)

    walk(geometry["coordinates"])
    return out


def test_property_strings_with_digits_survive_byte_exact(geojson):
    text = geojson.read_text(encoding="utf-8")
    assert f'"site":"{SITE_NAME}"' in text
    assert json.dumps(SOURCE) in text
    assert '"architecture":"Independent 3.14159265358979"' in text
    doc = json.loads(text)
    sites = [f for f in doc["features"] if f["properties"]["layer"] == "sites"]
    assert sites[0]["properties"]["site"] == SITE_NAME
    assert doc["mdcoverage"]["scenarios"][0]["sources"] == [SOURCE]
    assert doc["mdcoverage"]["scenarios"][0]["sites"][0]["name"] == SITE_NAME


def test_radius_keeps_every_digit(geojson):
    doc = json.loads(geojson.read_text(encoding="utf-8"))
    radii = {
        f["properties"]["radius_km"] for f in doc["features"] if "radius_km" in f["properties"]
    }
    assert radii == {RADIUS}
    assert doc["mdcoverage"]["scenarios"][0]["systems"][0]["radius_km"] == RADIUS
    assert "1000.123456789," in geojson.read_text(encoding="utf-8")


def test_coordinates_are_rounded_to_seven_decimals(assessment, geojson):
    doc = json.loads(geojson.read_text(encoding="utf-8"))
    layers = export.export_layers([assessment])
    written = [f for f in doc["features"] if f["properties"]["layer"] == "footprints"]
    raw = shapely.get_coordinates(layers["footprints"].geometry.values[0]).ravel()
    got = coordinates(written[0]["geometry"])
    assert len(got) == len(raw) > 100
    assert got == [round(float(x), 7) + 0.0 for x in raw]
    # the raw values had more decimals: the rounding did something
    assert any(round(float(x), 7) != float(x) for x in raw)
    for f in doc["features"]:
        for x in coordinates(f["geometry"]):
            assert x == round(x, 7)


def test_geojson_reads_back_and_is_byte_identical(assessment, geojson, tmp_path):
    again = export.write_export([assessment], tmp_path / "y.geojson")
    assert again.read_bytes() == geojson.read_bytes()
    gdf = gpd.read_file(geojson)
    assert set(gdf["layer"]) == {
        "sites",
        "footprints",
        "responsibility_areas",
        "defended_areas",
        "in_others_reach",
    }
    assert gdf.is_valid.all()
    assert [p.name for p in tmp_path.iterdir()] == ["y.geojson"]


def test_gpkg_keeps_properties_exact(assessment, tmp_path):
    path = export.write_export(assessment, tmp_path / "x.gpkg")
    sites = gpd.read_file(path, layer="sites")
    assert list(sites["site"]) == [SITE_NAME, "East 2"]
    assert set(sites["radius_km"]) == {RADIUS}


def test_provenance_keeps_every_scenario_sharing_a_source_label():
    a = assess(scenario_from_dict(scenario_dict(name="First"), source="same.toml"))
    b = assess(scenario_from_dict(scenario_dict(name="Second"), source="same.toml"))
    prov = export.provenance([a, b])
    assert [s["name"] for s in prov["scenarios"]] == ["First", "Second"]
    assert [s["source"] for s in prov["scenarios"]] == ["same.toml", "same.toml"]


def test_provenance_lists_equal_scenarios_once():
    a = assess(scenario_from_dict(scenario_dict(), source="a.toml"))
    twin = assess(scenario_from_dict(scenario_dict(), source="a.toml"))
    other = assess(scenario_from_dict(scenario_dict(sources=("Other source 2",)), source="b"))
    prov = export.provenance([a, twin, a, other])
    assert [s["source"] for s in prov["scenarios"]] == ["a.toml", "b"]
    assert prov["scenario_sources"] == [SOURCE, "Other source 2"]
    assert len(prov["architectures"]) == 4


@pytest.mark.parametrize(
    "exc",
    [pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError],
)
def test_gpkg_writer_errors_are_one_output_error(assessment, tmp_path, monkeypatch, exc):
    def broken(df, path, **kwargs):
        with open(path, "wb") as fh:
            fh.write(b"partial")
        raise exc("sqlite3_exec(INSERT ...) failed: database or disk is full\nmore detail")

    monkeypatch.setattr(pyogrio, "write_dataframe", broken)
    target = tmp_path / "x.gpkg"
    with pytest.raises(OutputError, match=r"cannot write '.*x\.gpkg': .*disk is full") as info:
        export.write_export(assessment, target)
    assert "\n" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("ext", ["gpkg", "geojson"])
def test_export_under_a_regular_file(assessment, tmp_path, ext):
    blocker = tmp_path / "file"
    blocker.write_text("a regular file, not a folder")
    with pytest.raises(OutputError, match=rf"cannot write '.*file/x\.{ext}'"):
        export.write_export(assessment, blocker / f"x.{ext}")
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


FULL_DISK = textwrap.dedent(
    """
    import datetime as dt, resource, sys
    sys.path.insert(0, {tests!r})
    from test_export import scenario_dict
    from mdcoverage.coverage import assess
    from mdcoverage.errors import OutputError
    from mdcoverage.export import write_export
    from mdcoverage.scenario import scenario_from_dict

    a = assess(scenario_from_dict(scenario_dict()))
    # a file-size limit makes every write past 20 kB fail, as on a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))
    try:
        write_export(a, sys.argv[1])
    except OutputError as exc:
        print("OutputError:", exc)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("ext", ["gpkg", "geojson"])
def test_full_disk_gives_one_output_error(tmp_path, ext):
    from pathlib import Path

    code = FULL_DISK.format(tests=str(Path(__file__).parent))
    target = tmp_path / "out" / f"x.{ext}"
    target.parent.mkdir()
    res = subprocess.run(
        [sys.executable, "-c", code, str(target)], capture_output=True, text=True, timeout=300
    )
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr + res.stdout
    assert res.stdout.startswith(f"OutputError: cannot write '{target}'"), res.stdout
    assert list(target.parent.iterdir()) == []


@pytest.mark.parametrize(
    "bad, match",
    [
        ([], "nothing to export"),
        ("2011-independent", "expected an Assessment or a list of them.*not str"),
        (None, "not NoneType"),
        ([object()], "item 0 is a object, not an Assessment"),
    ],
)
def test_export_rejects_what_is_not_an_assessment(tmp_path, bad, match):
    with pytest.raises(ScenarioError, match=match):
        export.write_export(bad, tmp_path / "x.geojson")
    with pytest.raises(ScenarioError, match=match):
        export.export_layers(bad)
    assert list(tmp_path.iterdir()) == []


def test_property_texts_of_a_float_column_with_gaps_are_the_json_encoders():
    import json
    import random

    from mdcoverage.export import _json_texts

    rng = random.Random(7)
    values = [None if rng.random() < 0.3 else rng.uniform(-1e6, 1e6) for _ in range(2000)]
    values += [0.0, -0.0, 1e-300, 1e300, 5e-324, 0.1]
    encoder = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    assert _json_texts(values) == [encoder.encode(v) for v in values]
