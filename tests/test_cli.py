"""Every CLI command end to end, from a temporary directory, including bad input."""

import hashlib
import json

import pandas as pd
import pytest
from scenarios import two_site_layout

from mdcoverage import map_layers
from mdcoverage.cli import main
from mdcoverage.coverage import assess
from mdcoverage.scenario import load_preset


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


LAYOUT = two_site_layout()


def test_help_lists_commands_with_examples(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    for cmd in ("compare", "map", "metrics", "presets", "validate", "export"):
        assert cmd in out
    for cmd in ("compare", "map", "metrics", "presets", "validate", "export", "data"):
        with pytest.raises(SystemExit):
            main([cmd, "--help"])
        assert "examples:" in capsys.readouterr().out, cmd


def test_presets(capsys):
    code, out, _ = run(capsys, "presets")
    assert code == 0
    assert "2011-independent" in out and "2011-sectoral-podvig-2012" in out
    code, out, _ = run(capsys, "presets", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("preset,title")


def test_validate_good_and_bad(capsys, in_tmp):
    good = in_tmp / "good.toml"
    good.write_text(LAYOUT)
    bad = in_tmp / "bad.toml"
    bad.write_text(LAYOUT.replace("lat = 45", "lat = 91"))
    code, out, err = run(capsys, "validate", "good.toml")
    assert code == 0 and "ok: good.toml" in out
    code, out, err = run(capsys, "validate", "good.toml", str(bad))
    assert code == 1
    assert "bad.toml" in err and "sites[0].lat" in err and "Traceback" not in err


def test_validate_prints_the_layering(capsys, in_tmp):
    (in_tmp / "good.toml").write_text(LAYOUT)
    (in_tmp / "child.toml").write_text('[scenario]\nbase = "good.toml"\nname = "Child"\n')
    code, out, _ = run(capsys, "validate", "child.toml")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("ok: child.toml: 'Child'")
    assert lines[1:] == [
        "  child.toml on base good.toml:",
        "    2 sites from base, 0 added, 0 replaced, 0 removed",
        "    1 system from base, 0 added, 0 replaced, 0 removed",
    ]


def test_metrics_formats(capsys, in_tmp):
    code, out, _ = run(capsys, "metrics", "--preset", "2011-independent")
    assert code == 0 and "nato" in out and "pop. defended" in out
    assert "urban_pop_defended_share" not in out  # the narrow table: short headers
    assert max(map(len, out.splitlines()[:6])) < 140  # not 420 characters wide
    assert "geometry only: overlap on a map is not a capability" in out
    code, out, _ = run(capsys, "metrics", "--preset", "2011-independent", "--all")
    assert code == 0 and "warning_area_share_with_exchange" in out
    code, out, _ = run(capsys, "metrics", "--preset", "2011-independent", "--format", "json")
    rows = json.loads(out)
    assert {r["party"] for r in rows} >= {"nato", "russia", "none"}
    code, out, _ = run(capsys, "metrics", "--preset", "2011-independent", "--format", "markdown")
    assert out.startswith("| architecture | as_of | party | urban pop. | pop. defended |")
    code, out, _ = run(
        capsys,
        "metrics",
        "--preset",
        "2011-independent",
        "--level",
        "countries",
        "--format",
        "csv",
        "-o",
        "m.csv",
    )
    assert code == 0
    df = pd.read_csv(in_tmp / "m.csv", keep_default_na=False)
    assert "FRA" in set(df["adm0_a3"]) and "defended_area_km2" in df.columns


def test_comparison_table_formats_each_metric(capsys):
    code, out, _ = run(
        capsys, "metrics", "--preset", "2011-independent", "--preset", "2011-sectoral-podvig-2012"
    )
    assert code == 0
    b = assess(load_preset("2011-sectoral-podvig-2012")).parties.loc["nato"]
    line = next(ln for ln in out.splitlines() if "nato" in ln and "by another party" in ln)
    # the Podvig column in percent with one decimal, the difference in percentage points
    assert f"{100 * b['dependency_pop_share']:.1f} %" in line
    assert line.rstrip().endswith(" pp") and "+" in line.split()[-2]
    line = next(ln for ln in out.splitlines() if "nato" in ln and "urban pop." in ln)
    assert f"{int(b['urban_pop']):,}" in line  # thousands separators for people
    assert "A = Two independent systems" in out  # short headers, explained
    assert max(len(ln) for ln in out.splitlines() if "nato" in ln) < 80


def test_dates_before_membership_print_a_note(capsys):
    code, out, err = run(
        capsys, "metrics", "--preset", "2011-independent", "--as-of", "1940-01-01"
    )
    assert code == 0
    assert "mdcoverage: note (NATO, 1940-01-01)" in err
    code, out, err = run(capsys, "metrics", "--preset", "2011-independent", "--as-of", "today")
    assert code == 0 and "as of " in out


def test_metrics_comparison_of_two_presets(capsys):
    code, out, _ = run(
        capsys,
        "metrics",
        "--preset",
        "2011-independent",
        "--preset",
        "2011-sectoral-podvig-2012",
        "--format",
        "csv",
    )
    assert code == 0
    header = out.splitlines()[0]
    assert "diff: " in header and "Two independent systems" in header


def test_metrics_as_of_override(capsys):
    _code, out, _ = run(
        capsys,
        "metrics",
        "--preset",
        "2011-independent",
        "--as-of",
        "2024-12-31",
        "--level",
        "countries",
        "--format",
        "json",
    )
    rows = {r["adm0_a3"]: r for r in json.loads(out)}
    assert rows["FIN"]["party"] == "nato" and rows["FIN"]["as_of"] == "2024-12-31"


def test_scenario_file_as_input(capsys, in_tmp):
    (in_tmp / "layout.toml").write_text(LAYOUT)
    code, out, _ = run(capsys, "metrics", "layout.toml", "--level", "total")
    assert code == 0 and "total" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["metrics", "--preset", "2011-independant"], "did you mean '2011-independent'"),
        (["metrics", "nope.toml"], "nope.toml: no such file"),
        (["metrics", "--preset", "2011-independent", "--as-of", "yesterday"], "--as-of"),
        (
            ["metrics", "--preset", "2011-independent", "--architecture", "sectoral"],
            "not a known architecture of this scenario",
        ),
        (["map", "--preset", "2011-independent", "--view", "site"], "--center"),
        (["map", "--preset", "2011-independent", "-o", "map.bmp"], "use one of: .png, .svg, .pdf"),
        (["export", "--preset", "2011-independent", "-o", "x.shp"], "use one of: .gpkg, .geojson"),
        (["metrics"], "give a scenario file or --preset NAME"),
    ],
)
def test_bad_arguments_give_one_clear_line(capsys, argv, message):
    code, _out, err = run(capsys, *argv)
    assert code == 1
    assert message in err
    assert "Traceback" not in err
    assert err.startswith("mdcoverage: error: ")


def test_usage_error_exit_code(capsys):
    with pytest.raises(SystemExit) as e:
        main(["metrics", "--format", "xml"])
    assert e.value.code == 2


def test_compare_default_writes_comparison_png(capsys, in_tmp):
    code, out, err = run(capsys, "compare")
    assert code == 0, err
    png = in_tmp / "comparison.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "3 architectures" in out


def test_compare_twice_is_byte_identical_png_and_svg(capsys, in_tmp):
    for ext in ("png", "svg"):
        run(capsys, "compare", "-o", f"a.{ext}")
        run(capsys, "compare", "-o", f"b.{ext}")
        assert sha(in_tmp / f"a.{ext}") == sha(in_tmp / f"b.{ext}"), ext


def test_map_views_and_formats(capsys, in_tmp):
    code, _, err = run(capsys, "map", "--preset", "2011-sectoral-podvig-2012", "-o", "m.pdf")
    assert code == 0, err
    assert (in_tmp / "m.pdf").read_bytes()[:5] == b"%PDF-"
    code, _, err = run(
        capsys, "map", "--preset", "2011-independent", "--view", "polar", "-o", "p.svg", "--labels"
    )
    assert code == 0, err
    code, _, err = run(
        capsys,
        "map",
        "--preset",
        "2011-independent",
        "--view",
        "site",
        "--center",
        "25,45",
        "--radius-km",
        "2000",
        "-o",
        "s.png",
    )
    assert code == 0, err


def test_unwritable_output_path_leaves_nothing(capsys, in_tmp):
    blocker = in_tmp / "file"
    blocker.write_text("a regular file, not a folder")
    code, _, err = run(capsys, "compare", "-o", str(blocker / "out.png"))
    assert code == 1 and "cannot write" in err and "Traceback" not in err
    code, _, err = run(
        capsys, "export", "--preset", "2011-independent", "-o", str(blocker / "x.gpkg")
    )
    assert code == 1 and "cannot write" in err
    code, _, err = run(
        capsys, "metrics", "--preset", "2011-independent", "-o", str(blocker / "m.csv")
    )
    assert code == 1 and "cannot write" in err
    assert sorted(p.name for p in in_tmp.iterdir()) == ["file"]


def test_export_gpkg_and_geojson_with_provenance(capsys, in_tmp):
    import geopandas as gpd
    import pyogrio

    code, _, err = run(capsys, "export", "--preset", "2011-sectoral-podvig-2012", "-o", "x.gpkg")
    assert code == 0, err
    layers = {name for name, _ in pyogrio.list_layers(in_tmp / "x.gpkg")}
    assert layers == {
        "sites",
        "footprints",
        "sectors",
        "responsibility_areas",
        "defended_areas",
        "in_others_reach",
    }
    meta = pyogrio.read_info(in_tmp / "x.gpkg", layer="footprints")["dataset_metadata"]
    prov = json.loads(meta["mdcoverage_provenance"])
    assert prov["illustrative"] is True and prov["as_of"] == ["2011-06-08"]
    assert "GeoNames" in prov["data_credits"] and prov["tool"] == "mdcoverage"
    assert prov["scenarios"][0]["systems"][0]["radius_km"] > 0
    fp = gpd.read_file(in_tmp / "x.gpkg", layer="footprints")
    assert len(fp) == 18 and fp.crs.to_epsg() == 4326 and fp.is_valid.all()

    code, _, err = run(capsys, "export", "--preset", "2011-independent", "-o", "x.geojson")
    assert code == 0, err
    doc = json.loads((in_tmp / "x.geojson").read_text())
    assert doc["mdcoverage"]["illustrative"] is True
    assert {f["properties"]["layer"] for f in doc["features"]} >= {"footprints", "sites"}
    # same input, same bytes
    run(capsys, "export", "--preset", "2011-independent", "-o", "y.geojson")
    assert sha(in_tmp / "x.geojson") == sha(in_tmp / "y.geojson")
    run(capsys, "export", "--preset", "2011-sectoral-podvig-2012", "-o", "y.gpkg")
    assert sha(in_tmp / "x.gpkg") == sha(in_tmp / "y.gpkg")


def test_data_summary(capsys):
    code, out, _ = run(capsys, "data")
    assert code == 0 and "GeoNames" in out


def test_tracks_table_and_figure(capsys, in_tmp):
    code, out, err = run(
        capsys,
        "tracks",
        "--preset",
        "2011-sectoral-podvig-2012",
        "--step-km",
        "20",
        "-o",
        "tracks.png",
    )
    assert code == 0, err
    assert "notional axis over the Arctic" in out and "hand-over" in out
    assert "not a capability" in out
    assert (in_tmp / "tracks.png").read_bytes()[:4] == b"\x89PNG"
    code, out, _ = run(
        capsys,
        "tracks",
        "--preset",
        "2011-independent",
        "--track",
        "notional axis from the south-east",
        "--format",
        "csv",
    )
    df = pd.read_csv(__import__("io").StringIO(out))
    assert set(df["track"]) == {"notional axis from the south-east"}
    assert df["km"].dropna().ge(0).all()
    hand = df[df["status"].str.startswith("hand-over")]
    assert hand["km"].isna().all() and hand["at_km"].notna().all()
    # km per party and status add up to the track's length, counted once
    from mdcoverage.scenario import load_preset
    from mdcoverage.tracks import analyse_track

    t = analyse_track(load_preset("2011-independent"), "notional axis from the south-east")
    may = df[df["status"].isin(["may engage", "nobody may engage"])]["km"].sum()
    assert may == pytest.approx(t.length_km, abs=0.5)


def test_tracks_errors(capsys, in_tmp):
    (in_tmp / "layout.toml").write_text(LAYOUT)
    code, _, err = run(capsys, "tracks", "layout.toml")
    assert code == 1 and "has no [[tracks]]" in err
    code, _, err = run(capsys, "tracks", "--preset", "2011-independent", "--track", "nope")
    assert code == 1 and "not a known track" in err


def test_exported_sector_areas_agree_with_responsibility(capsys, in_tmp):
    import geopandas as gpd

    from mdcoverage.coverage import assess
    from mdcoverage.scenario import load_preset

    code, _, err = run(capsys, "export", "--preset", "2011-sectoral-east-west", "-o", "e.gpkg")
    assert code == 0, err
    sectors = gpd.read_file(in_tmp / "e.gpkg", layer="sectors")
    a = assess(load_preset("2011-sectoral-east-west"))
    russia = a.countries.join(
        map_layers.pieces(a)
        .assign(area=map_layers.pieces(a).area / 1e6)
        .groupby(["adm0_a3", "responsible"])["area"]
        .sum()
        .unstack()
        .fillna(0.0)
    )["russia"].sum()
    assert sectors.loc[0, "area_km2"] == pytest.approx(russia, rel=1e-6)
