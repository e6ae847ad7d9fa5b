"""mdcoverage.classroom: snapping a site to land or sea, saving a layout, the editor.

Reference values are independent of the code under test: nearest coast points by brute
force with pyproj.Geod (GeographicLib) over the land layer's own vertices, and the
saved file read back by ``read_scenario`` and ``mdcoverage validate``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from hostile import run_cli
from PIL import Image
from pyproj import Geod

from mdcoverage import geodata, load_preset, read_scenario
from mdcoverage.classroom import (
    LayoutEditor,
    save_scenario,
    scenario_toml,
    scenario_with_all_architectures,
    snap_to_kind,
)
from mdcoverage.classroom.layout import SNAP_PAST_COAST_KM
from mdcoverage.validation import COAST_TOLERANCE_KM, land_status

GEOD = Geod(ellps="WGS84")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _coast_distance_km(lon: float, lat: float, box_deg: float = 12.0) -> float:
    """Brute force: the geodesic distance to the nearest vertex of the land layer's
    coast (densified to 0.02°) within a box around the point."""
    land = geodata.land(copy=False).geometry.iloc[0]
    box = shapely.box(lon - box_deg, lat - box_deg / 2, lon + box_deg, lat + box_deg / 2)
    coast = shapely.segmentize(shapely.intersection(land, box).boundary, 0.02)
    pts = shapely.get_coordinates(coast)
    # drop the box's own edges: keep points inside the box, not on it
    inner = (np.abs(pts[:, 0] - lon) < box_deg - 1e-6) & (
        np.abs(pts[:, 1] - lat) < box_deg / 2 - 1e-6
    )
    pts = pts[inner]
    _, _, d = GEOD.inv(np.full(len(pts), lon), np.full(len(pts), lat), pts[:, 0], pts[:, 1])
    return float(d.min()) / 1000.0


@pytest.mark.parametrize(
    ("lon", "lat", "kind"),
    [
        (25.0, 45.0, "sea"),  # Romania's notional land site to the Black Sea
        (31.0, 43.5, "land"),  # a point in the Black Sea to the nearest land
        (20.0, 58.5, "land"),  # the Baltic, east of Gotland
        (10.0, 50.0, "sea"),  # central Germany to the North Sea or Baltic
        (5.0, 70.0, "land"),  # Norwegian Sea, where degrees of longitude are short
    ],
)
def test_snap_is_the_geodesic_nearest_coast(lon, lat, kind):
    new_lon, new_lat = snap_to_kind(lon, lat, kind)
    on_land, near_land = land_status(new_lon, new_lat)
    assert bool(near_land) if kind == "land" else not bool(on_land)
    _, _, moved_m = GEOD.inv(lon, lat, new_lon, new_lat)
    nearest = _coast_distance_km(lon, lat)
    # the snapped point lies SNAP_PAST_COAST_KM beyond the nearest coast point (± rounding)
    assert moved_m / 1000 == pytest.approx(nearest + SNAP_PAST_COAST_KM, abs=2.5)


def test_snap_is_not_degrees_as_distance():
    # at 70°N a degree of longitude is ~38 km, a degree of latitude ~111 km: the nearest
    # land in degrees and in kilometres differ; the snap follows kilometres
    lon, lat = 5.0, 70.0
    new_lon, new_lat = snap_to_kind(lon, lat, "land")
    nearest = _coast_distance_km(lon, lat)
    _, _, moved_m = GEOD.inv(lon, lat, new_lon, new_lat)
    assert moved_m / 1000 < nearest + SNAP_PAST_COAST_KM + 2.5


def test_snap_keeps_a_valid_point():
    assert snap_to_kind(25.0, 45.0, "land") == (25.0, 45.0)
    assert snap_to_kind(31.0, 43.5, "sea") == (31.0, 43.5)
    with pytest.raises(ValueError, match="kind must be"):
        snap_to_kind(25.0, 45.0, "air")


def test_tolerance_leaves_room_for_the_snap():
    assert 0 < SNAP_PAST_COAST_KM < COAST_TOLERANCE_KM


def test_editor_kind_change_snaps_and_validates():
    editor = LayoutEditor(dpi=40, figsize=(4, 3.5))
    editor.set_site("Romania (notional)", kind="sea")
    row = editor.row("Romania (notional)")
    assert (row["lon"], row["lat"]) != (25.0, 45.0)
    result = editor.update("Two independent systems")  # the layout validates
    site = next(s for s in result.assessment.scenario.sites if s.name == "Romania (notional)")
    assert site.kind == "sea"
    editor.set_site("Romania (notional)", kind="land")
    assert land_status(editor.row("Romania (notional)")["lon"], row["lat"])[1]


def test_save_validate_reload_round_trip(tmp_path):
    editor = LayoutEditor(dpi=40, figsize=(4, 3.5))
    editor.set_site("Poland (notional)", lon=17.25, lat=52.5, radius_km=1250.0)
    editor.set_site("Romania (notional)", kind="sea")
    editor.add_site(party="russia", lon=40.0, lat=50.0, radius_km=600.0)
    mine = editor.scenario()
    path = editor.save(tmp_path / "my layout.toml")
    res = run_cli(["validate", str(path)])
    assert res.code == 0, res.err
    assert "ok:" in res.out and f"{len(mine.sites)} sites" in res.out
    again = read_scenario(path)
    for field in ("name", "as_of", "region", "systems", "sites", "parties", "architectures"):
        assert getattr(again, field) == getattr(mine, field), field
    assert again.tracks == mine.tracks and again.sources == mine.sources
    assert again.description == mine.description
    # saving again writes the same text (stable)
    assert scenario_toml(again) == path.read_text(encoding="utf-8")


def test_every_preset_round_trips(tmp_path):
    for name in ("2011-independent", "2011-sectoral-east-west", "2011-sectoral-podvig-2012"):
        sc = load_preset(name)
        again = read_scenario(save_scenario(sc, tmp_path / f"{name}.toml"))
        assert again.architectures == sc.architectures and again.sites == sc.sites, name


def test_save_is_atomic_and_refuses_a_folder(tmp_path):
    from mdcoverage.errors import OutputError

    sc = scenario_with_all_architectures()
    (tmp_path / "d.toml").mkdir()
    with pytest.raises(OutputError):
        save_scenario(sc, tmp_path / "d.toml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.toml"]


def test_strange_text_survives_the_round_trip(tmp_path):
    sc = scenario_with_all_architectures().replace(
        name='Quote " backslash \\ é', description="two\nlines,\ttab, «»"
    )
    again = read_scenario(save_scenario(sc, tmp_path / "s.toml"))
    assert again.name == sc.name and again.description == sc.description


def test_controls_build_and_a_slider_move_changes_the_map():
    pytest.importorskip("ipywidgets")
    from mdcoverage.classroom import EditorControls

    editor = LayoutEditor(dpi=40, figsize=(4, 3.5))
    controls = EditorControls(editor)
    first = controls.image.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    controls.site.value = "Poland (notional)"
    controls.lon.value = 21.5
    assert editor.row("Poland (notional)")["lon"] == 21.5
    assert controls.image.value != first
    # the Site menu is wide enough for the longest name
    longest = max(len(n) for n in editor.names())
    assert int(controls.site.layout.width.removesuffix("px")) >= 90 + 7 * longest
    # a kind change snaps the site and the sliders follow
    controls.kind.value = "sea"
    row = editor.row("Poland (notional)")
    assert row["kind"] == "sea" and controls.lon.value == pytest.approx(row["lon"])
    # a move onto land of a sea site is refused and undone
    controls.site.value = "Baltic Sea (notional)"
    before = dict(editor.row("Baltic Sea (notional)"))
    controls.lat.value, controls.lon.value = 52.0, 30.0
    assert "Not applied" in controls.status.value
    assert editor.row("Baltic Sea (notional)")["lon"] == before["lon"]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_metadata_is_complete(path):
    # JupyterLab fills in language_info when it opens a notebook; if it is incomplete
    # the notebook opens marked as modified
    meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]
    assert meta["kernelspec"]["name"] == "python3"
    info = meta["language_info"]
    for key in ("codemirror_mode", "file_extension", "mimetype", "name", "pygments_lexer"):
        assert key in info, key


def test_examples_folder_has_no_helper_modules():
    assert not list(EXAMPLES.glob("*.py"))


def test_editor_picture_is_every_layer_drawn_in_order():
    """An update draws the sector hatches and the title from a background kept per
    architecture and the moving layers over it: the same pixels as drawing every layer
    in zorder over the plain background (switching architectures and back included)."""
    editor = LayoutEditor(dpi=40, figsize=(5, 4.3))
    sectoral, independent = "Sectoral (Podvig 2012 description)", "Two independent systems"
    for arch, lon in ((sectoral, 18.0), (independent, 19.0), (sectoral, 20.5)):
        editor.set_site("Poland (notional)", lon=lon)
        result = editor.update(arch)
        with Image.open(io.BytesIO(result.png)) as im:
            got = np.asarray(im)
        canvas = editor.canvas
        canvas.restore_region(editor._background)
        layers = editor._sector_artists(result.assessment) + editor._dynamic + editor.title
        for art in sorted(layers, key=lambda a: a.get_zorder()):
            editor.ax.draw_artist(art)
        expected = np.asarray(canvas.buffer_rgba())[..., :3]
        assert np.array_equal(got, expected)
    assert len(editor._sector_artists(result.assessment)) > 0  # sectors were in the test
