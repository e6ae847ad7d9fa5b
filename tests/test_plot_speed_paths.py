"""The fast paths of drawing keep the result: the lean PNG encoding has matplotlib's own
pixels, and projecting only the parts of a multi-part layer near a view gives the same
shapes as projecting every part."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import numpy as np
import shapely
from matplotlib.figure import Figure
from PIL import Image

from mdcoverage import geodata, plotting
from mdcoverage.crs import LONLAT
from mdcoverage.plotting.projection import _cut_to, as_geometry_array, project_geometries
from mdcoverage.plotting.views import lonlat_region


def small_map() -> Figure:
    fig = Figure(figsize=(4, 3))
    ax = plotting.new_map("europe", fig=fig)
    plotting.plot_basemap(ax, country_fill={"POL": plotting.PALETTE["nato"]})
    plotting.add_badge(ax, as_of="2011-06-08")
    return fig


def test_png_has_matplotlibs_pixels_in_rgb(tmp_path):
    fig = small_map()
    canvas = fig.canvas
    path = plotting.save_figure(fig, tmp_path / "m.png", dpi=72, tight=False)
    assert fig.canvas is canvas  # the figure keeps its own canvas
    with Image.open(path) as img:
        assert img.mode == "RGB"
        assert np.allclose(img.info["dpi"], 72, atol=0.01)
        ours = np.asarray(img)
    buf = io.BytesIO()  # matplotlib's own encoding of the same figure (RGBA)
    fig.savefig(buf, format="png", dpi=72, facecolor="white")
    with Image.open(buf) as img:
        theirs = np.asarray(img)
    assert theirs.shape[2] == 4 and (theirs[..., 3] == 255).all()
    assert np.array_equal(ours, theirs[..., :3])


def test_png_keeps_transparency_when_there_is_some(tmp_path):
    fig = small_map()
    fig.patch.set_visible(False)  # no background: the corners are transparent
    path = plotting.save_figure(fig, tmp_path / "t.png", dpi=40, tight=False)
    with Image.open(path) as im:
        img = np.asarray(im)
    assert img.shape[2] == 4 and img[0, 0, 3] == 0


def test_tight_png_is_cropped_and_rgb(tmp_path):
    fig = small_map()
    full = plotting.save_figure(fig, tmp_path / "f.png", dpi=50, tight=False)
    tight = plotting.save_figure(fig, tmp_path / "t.png", dpi=50, tight=True)
    with Image.open(tight) as t, Image.open(full) as f:
        assert t.mode == "RGB"
        assert t.size != f.size


def test_land_projected_by_parts_near_the_view_is_the_whole_land():
    """The land layer is one multipolygon; projecting it (only its parts near the view
    are worked on) covers the same area as projecting each of its parts on its own."""
    land = as_geometry_array(geodata.land().geometry)[0]
    v = plotting.view("europe")
    whole = project_geometries(land, v, LONLAT)[0]
    parts = shapely.get_parts(land[0])
    each = project_geometries(parts, v, LONLAT)
    each = shapely.union_all(each[~shapely.is_empty(each)])
    assert whole.area > 5e12  # Europe's land, in square metres (equal-area view)
    assert shapely.symmetric_difference(whole, each).area < 1e-6 * whole.area


def _signed_area(path) -> float:
    """Shoelace area of a path's closed rings (counter-clockwise positive)."""
    v, codes = np.asarray(path.vertices), np.asarray(path.codes)
    starts = np.flatnonzero(codes == path.MOVETO)
    total = 0.0
    for s, e in zip(starts, np.r_[starts[1:], len(v)][: len(starts)], strict=True):
        x, y = v[s:e, 0], v[s:e, 1]
        total += 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
    return total


def test_country_fill_paths_enclose_the_countries_area():
    """Each country's fill path (exteriors counter-clockwise, holes clockwise) encloses
    the projected country's area: shoelace over the path vs shapely's area."""
    from mdcoverage.plotting.projection import polygon_paths

    v = plotting.view("europe")
    countries = as_geometry_array(geodata.countries().geometry)[0]
    projected = project_geometries(countries, v, LONLAT)
    holed = shapely.box(0, 0, 10, 10).difference(shapely.box(2, 2, 4, 4))
    geoms = np.concatenate([projected, [holed, shapely.LineString([(0, 0), (1, 1)])]])
    paths = polygon_paths(geoms)
    assert len(paths) == len(geoms)
    shown = 0
    for g, p in zip(geoms, paths, strict=True):
        want = shapely.area(g)
        assert abs(_signed_area(p) - want) <= 1e-6 * max(want, 1.0)
        shown += len(p.vertices) > 0
        assert not p.vertices.flags.writeable
    assert shown > 40  # Europe's countries are in the view
    assert _signed_area(paths[-2]) == 96.0 and len(paths[-1].vertices) == 0


def test_editor_reuses_the_unmoved_partys_area_and_draws_the_true_ones():
    """Moving a NATO site recomputes NATO's defended area only; both areas equal the
    dissolved defended pieces of the assessment (map_layers, an independent route)."""
    from mdcoverage import map_layers
    from mdcoverage.classroom import LayoutEditor

    editor = LayoutEditor(dpi=30, figsize=(4, 3.5))
    arch = "Two independent systems"
    site = next(r["name"] for r in editor.rows if r["party"] == "nato" and r["kind"] == "land")
    editor.update(arch)
    before = dict(editor._defended(editor.last.assessment))
    editor.set_site(site, lon=editor.row(site)["lon"] + 1.5)
    a = editor.update(arch).assessment
    after = dict(editor._defended(a))
    assert after["russia"] is before["russia"]  # reused: no Russian site moved
    assert not after["nato"].equals(before["nato"])
    truth = map_layers.defended_areas(a)
    for party, geom in after.items():
        want = shapely.union_all(truth.geometry.values[(truth["party"] == party).to_numpy()])
        assert shapely.symmetric_difference(geom, want).area < 1e-6 * want.area


def test_self_crossing_rings_are_repaired_before_and_after_the_clip():
    """A ring that crosses itself (as a projected ring can) is repaired before the clip
    (clipping it as it is gives a wrong area) and every result is valid; the geometries
    the clip leaves whole are not checked twice but stay valid."""
    v = plotting.view("europe")
    x0, x1, y0, y1 = v.bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    inner = shapely.Polygon(
        [(cx - 1e5, cy - 1e5), (cx + 1e5, cy + 1e5), (cx + 1e5, cy - 1e5), (cx - 1e5, cy + 1e5)]
    )
    across = shapely.Polygon(
        [(x0 - 1e6, cy - 1e5), (x1 + 1e6, cy + 1e5), (x1 + 1e6, cy - 1e5), (x0 - 1e6, cy + 1e5)]
    )
    square = shapely.box(cx - 3e5, cy + 2e5, cx + 3e5, y1 + 5e5)  # valid, cut at the top
    geoms = np.array([inner, across, square], dtype=object)
    out = project_geometries(geoms, v, v.pyproj_crs)
    frame = shapely.box(x0, y0, x1, y1)
    assert shapely.is_valid(out).all()
    for got, given in zip(out, geoms, strict=True):
        expected = shapely.intersection(shapely.make_valid(given), frame)  # by hand
        assert got.area > 0
        assert shapely.symmetric_difference(got, expected).area < 1e-6 * expected.area


def test_cut_to_a_box_region_is_the_overlay():
    """A rectangular lon/lat region is cut by the rectangle clip: the same shapes as the
    general intersection (by hand, shapely's overlay); other regions take the overlay."""
    countries = as_geometry_array(geodata.countries().geometry)[0]
    region = lonlat_region(plotting.view("europe"))
    assert region.equals(shapely.box(*region.bounds))  # the europe view's region is a box
    holed = shapely.box(-20, 30, 60, 75).difference(shapely.box(10, 45, 20, 50))
    for reg in (region, holed):
        got = _cut_to(countries, reg)
        expected = shapely.intersection(countries, reg)
        diff = shapely.area(shapely.symmetric_difference(shapely.make_valid(got), expected))
        assert (diff <= 1e-9 * np.maximum(shapely.area(expected), 1e-9)).all()
    assert _cut_to(np.array([shapely.box(12, 46, 14, 48)], dtype=object), holed)[0].is_empty
