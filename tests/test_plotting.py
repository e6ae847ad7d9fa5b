"""Maps: views, pre-projection, artists (counts, colours, coordinates), badge, saving.

Plot tests inspect artists and numbers, not pixels (STYLE §9). Reference coordinates come
from pyproj's own ``Transformer.from_crs`` and areas from ``Geod`` (GeographicLib), not
from the code under test.
"""

import dataclasses
import datetime as dt
import os
import urllib.request

import matplotlib

matplotlib.use("Agg")

import cartopy
import cartopy.io
import geopandas as gpd
import numpy as np
import pyproj
import pytest
import shapely
from cartopy.mpl.geoaxes import GeoAxes
from matplotlib import colors as mcolors
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.text import Text

from mdcoverage import geodata, plotting
from mdcoverage.errors import (
    GeometryError,
    MdcoverageError,
    OutputError,
    ScenarioError,
    UnknownNameError,
)

GEOD = pyproj.Geod(ellps="WGS84")
AS_OF = "2011-06-08"


def circle(lon, lat, radius_km, n=180):
    """A geodesic circle as a lon/lat polygon (fine away from the antimeridian/poles)."""
    az = np.linspace(0.0, 360.0, n, endpoint=False)
    lo, la, _ = GEOD.fwd(np.full(n, lon), np.full(n, lat), az, np.full(n, radius_km * 1e3))
    return shapely.Polygon(np.column_stack([lo, la]))


def split_at_antimeridian(lons, lats):
    """A lon/lat ring crossing ±180° as a MultiPolygon split there (independent helper)."""
    lons = np.where(np.asarray(lons) < 0, np.asarray(lons) + 360.0, lons)
    poly = shapely.Polygon(np.column_stack([lons, lats]))
    east = shapely.intersection(poly, shapely.box(0, -90, 180, 90))
    west = shapely.affinity.translate(
        shapely.intersection(poly, shapely.box(180, -90, 360, 90)), xoff=-360.0
    )
    return shapely.MultiPolygon([*shapely.get_parts(east), *shapely.get_parts(west)])


def rgb(c):
    return tuple(np.round(mcolors.to_rgb(c), 4))


@pytest.fixture
def europe():
    return plotting.view("europe")


@pytest.fixture
def ax(europe):
    return plotting.new_map(europe)


def full_map(seed=0):
    """A complete single-panel map (deterministic for a given seed)."""
    rng = np.random.default_rng(seed)
    fig = Figure(figsize=(9, 7.5))
    ax = plotting.new_map("europe", fig=fig)
    plotting.plot_basemap(ax, country_fill={"POL": plotting.PALETTE["nato"]})
    lon, lat = rng.uniform(0, 40, 4), rng.uniform(40, 60, 4)
    plotting.plot_footprints(
        ax, [circle(x, y, 800) for x, y in zip(lon, lat, strict=True)], party="nato"
    )
    plotting.plot_sites(
        ax,
        lon,
        lat,
        kinds=["land", "sea", "sensor", "land"],
        party="nato",
        labels=["A", "B", "C", "D"],
    )
    plotting.plot_sector_boundaries(
        ax, [geodata.countries().loc["POL"].geometry, geodata.countries().loc["DEU"].geometry]
    )
    plotting.add_title(ax, "Title", "Subtitle")
    plotting.add_badge(ax, as_of=AS_OF)
    fig.legend(handles=plotting.legend_handles(["nato", "russia"], sectors=True), fontsize=10)
    return fig, ax


# ----------------------------------------------------------------------------- views


def test_default_view_is_europe_laea(europe):
    assert plotting.view() == europe
    assert europe.pyproj_crs.to_epsg() == 3035
    assert europe.projection_name == "ETRS89-LAEA Europe (EPSG:3035), equal-area"
    x0, x1, y0, y1 = europe.extent
    # Iceland, Portugal, the Urals, the Caspian, Cyprus, the Caucasus and Nordkapp inside
    tr = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)
    places = [(-22, 64), (-9, 38.7), (59, 58), (50, 40.4), (33, 35), (44.8, 41.7), (25.8, 71)]
    for lon, lat in places:
        x, y = tr.transform(lon, lat)
        assert x0 < x < x1 and y0 < y < y1, (lon, lat)


@pytest.mark.parametrize(
    ("name", "kw", "ref_crs"),
    [
        ("europe", {}, "EPSG:3035"),
        ("polar", {}, "+proj=laea +lat_0=90 +lon_0=10 +datum=WGS84 +units=m +type=crs"),
        ("site", {"lon": 26, "lat": 44}, "+proj=aeqd +lat_0=44 +lon_0=26 +datum=WGS84 +type=crs"),
    ],
)
def test_view_projection_matches_pyproj(name, kw, ref_crs):
    v = plotting.view(name, **kw)
    ref = pyproj.Transformer.from_crs("EPSG:4326", ref_crs, always_xy=True)
    lon, lat = np.array([-10.0, 10.0, 26.0, 45.0]), np.array([40.0, 52.0, 44.0, 70.0])
    pts = plotting.project_to_view(shapely.points(lon, lat), v)
    xy = shapely.get_coordinates(pts)
    np.testing.assert_allclose(xy, np.column_stack(ref.transform(lon, lat)), atol=1e-3)


def test_views_have_cartopy_crs_with_view_bounds():
    for v in (
        plotting.view("europe"),
        plotting.view("polar"),
        plotting.view("site", lon=0, lat=0),
    ):
        proj = v.cartopy_crs
        assert proj.bounds == v.bounds
        assert v.projection_name
        assert v.cartopy_crs is proj  # cached


def test_site_view_names_centre_and_radius():
    v = plotting.view("site", lon=-3.5, lat=40, radius_km=1500)
    assert v.extent == (-1.5e6, 1.5e6, -1.5e6, 1.5e6)
    assert "3.5°W, 40°N" in v.projection_name
    assert "equidistant" in v.projection_name


def test_unknown_view_lists_valid_names():
    with pytest.raises(UnknownNameError, match=r"'mercator' is not a known view.*europe"):
        plotting.view("mercator")
    with pytest.raises(UnknownNameError, match="did you mean 'europe'"):
        plotting.view("eurpoe")


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"lon": 0}, "give the centre"),
        ({"lon": 200, "lat": 0}, "lon must be a number in"),
        ({"lon": 0, "lat": 95}, "lat must be a number in"),
        ({"lon": 0, "lat": 0, "radius_km": 0}, "radius_km"),
        ({"lon": 0, "lat": 0, "radius_km": 15_000}, "radius_km"),
    ],
)
def test_site_view_validation(kw, match):
    with pytest.raises(GeometryError, match=match):
        plotting.view("site", **kw)


def test_fixed_view_rejects_site_options():
    with pytest.raises(GeometryError, match="'europe' view is fixed"):
        plotting.view("europe", lon=10)


# ------------------------------------------------------------------- pre-projection


def test_projected_areas_are_equal_area(europe):
    poly = circle(20, 50, 900)
    area_geod = abs(GEOD.geometry_area_perimeter(poly)[0])
    (proj,) = plotting.project_to_view([poly], europe)
    assert proj.area == pytest.approx(area_geod, rel=2e-4)


def test_geometries_in_view_crs_pass_through(europe):
    poly = shapely.Point(4.3e6, 3.2e6).buffer(500_000)
    series = gpd.GeoSeries([poly], crs="EPSG:3035")
    (out,) = plotting.project_to_view(series, europe)
    assert out.equals_exact(poly, tolerance=1e-6)


def whole_polar():
    """The polar projection framing the whole cap to 35°N, pole and antimeridian inside
    (the seam tests need them; the named view frames the Europe region only)."""
    half = 5.9e6
    return dataclasses.replace(plotting.view("polar"), extent=(-half, half, -half, half))


def test_projected_input_from_other_crs(europe):
    poly = shapely.Point(4.3e6, 3.2e6).buffer(500_000)
    polar = whole_polar()
    (out,) = plotting.project_to_view(gpd.GeoSeries([poly], crs="EPSG:3035"), polar)
    assert out.is_valid
    assert out.area == pytest.approx(poly.area, rel=1e-3)  # both equal-area


def test_antimeridian_footprint_has_no_seam():
    polar = whole_polar()
    n = 360
    az = np.linspace(0, 360, n, endpoint=False)
    lo, la, _ = GEOD.fwd(np.full(n, 178.0), np.full(n, 64.0), az, np.full(n, 1.2e6))
    ring_area = abs(GEOD.polygon_area_perimeter(lo, la)[0])
    split = split_at_antimeridian(lo, la)
    assert len(split.geoms) == 2
    (out,) = plotting.project_to_view([split], polar)
    assert out.geom_type == "Polygon"  # merged: no seam line inside the footprint
    assert out.area == pytest.approx(ring_area, rel=2e-3)


def test_country_layer_has_no_antimeridian_seam_in_polar_view():
    polar = whole_polar()
    rus = geodata.countries().loc[["RUS"]]
    (out,) = plotting.project_to_view(rus.geometry, polar)
    tr = pyproj.Transformer.from_crs(
        "EPSG:4326", "+proj=laea +lat_0=90 +lon_0=10 +datum=WGS84 +type=crs", always_xy=True
    )
    lat = np.linspace(60, 75, 50)
    seam = shapely.LineString(np.column_stack(tr.transform(np.full(50, 180.0), lat)))
    on_seam = shapely.intersection(out.boundary, seam.buffer(1.0)).length
    assert on_seam < 500  # metres of outline along the antimeridian (split: ~430 km)


def test_polygon_over_pole_and_antipode_is_valid():
    # A lon/lat band round the north pole, seen from the polar view and a site view whose
    # antipode lies inside the input: the output is valid and finite.
    band = shapely.box(-180, 60, 180, 90)
    world = shapely.box(-180, -90, 180, 90)
    for v in (whole_polar(), plotting.view("site", lon=20, lat=-10, radius_km=9000)):
        for g in plotting.project_to_view([band, world], v):
            assert g.is_valid
            assert np.isfinite(shapely.get_coordinates(g)).all()
    (world_polar,) = plotting.project_to_view([world], whole_polar())
    x0, x1, y0, y1 = whole_polar().bounds
    assert world_polar.area == pytest.approx((x1 - x0) * (y1 - y0), rel=1e-6)


# ------------------------------------------------------------------------- new_map


def test_new_map_sets_extent_and_ocean(europe):
    ax = plotting.new_map(europe)
    assert isinstance(ax, GeoAxes)
    np.testing.assert_allclose(ax.get_extent(crs=ax.projection), europe.extent, rtol=1e-9)
    assert rgb(ax.get_facecolor()) == rgb(plotting.OCEAN)


def test_new_map_subplots_and_existing_axes(europe):
    fig = Figure()
    left = plotting.new_map(europe, fig=fig, subplot=(1, 2, 1))
    right = plotting.new_map(europe, fig=fig, subplot=(1, 2, 2))
    assert left.get_position().x1 <= right.get_position().x0
    ax = fig.add_subplot(2, 2, 1, projection=europe.cartopy_crs)
    assert plotting.new_map(europe, ax=ax) is ax
    with pytest.raises(GeometryError, match="projection of the 'polar' view"):
        plotting.new_map("polar", ax=ax)


def test_axes_view_mismatch_is_an_error(ax):
    with pytest.raises(GeometryError, match="shows the 'europe' view, not 'polar'"):
        plotting.plot_footprints(ax, [circle(0, 50, 100)], party="nato", view="polar")


def test_drawing_functions_create_axes_when_none():
    arts = plotting.plot_footprints(None, [circle(20, 50, 500)], party="nato", view="europe")
    assert isinstance(arts[0].axes, GeoAxes)


# ---------------------------------------------------------------------------- basemap


def test_basemap_layers(ax):
    artists = plotting.plot_basemap(ax)
    gids = [a.get_gid() for a in artists]
    assert gids == ["land", "borders", "coast"]
    borders = artists[1]
    assert isinstance(borders, PathCollection)
    assert 45 <= len(borders.get_paths()) <= 120  # countries shown in the Europe frame
    assert borders.get_linewidths()[0] <= 0.6  # thin
    r, g, b, _ = borders.get_edgecolors()[0]
    assert r == g == b  # grey


def test_basemap_country_fill_is_tinted(ax):
    artists = plotting.plot_basemap(ax, country_fill={"POL": "#0072B2", "RUS": "#D55E00"})
    fills = next(a for a in artists if a.get_gid() == "country-fill")
    assert len(fills.get_paths()) == 2
    face = fills.get_facecolors()[0][:3]
    assert (face > np.array(mcolors.to_rgb("#0072B2"))).all()  # lighter than the party colour


def test_basemap_unknown_country_code(ax):
    with pytest.raises(UnknownNameError, match="'FRX' is not a known country code"):
        plotting.plot_basemap(ax, country_fill={"FRX": "red"})


def test_base_layers_are_cached_per_view(europe):
    assert plotting.basemap.base_layers(europe) is plotting.basemap.base_layers(
        plotting.view("europe")
    )


# ------------------------------------------------------------------------- footprints


def test_one_patch_per_footprint_in_party_colours(ax):
    geoms = [circle(20, 50, 800), circle(30, 45, 1000), circle(150, -30, 500)]  # last: unseen
    nato = plotting.plot_footprints(ax, geoms, party="nato")
    russia = plotting.plot_footprints(ax, geoms[:2], party="russia", alpha=0.3)
    assert len(nato) == 3 and len(russia) == 2
    assert all(isinstance(p, PathPatch) for p in nato + russia)
    found = [p for p in ax.patches if str(p.get_gid()).startswith("footprint:nato:")]
    assert len(found) == 3
    assert len(nato[2].get_path().vertices) == 0  # outside the view: an empty patch
    for p in nato:
        assert rgb(p.get_edgecolor()) == rgb("#0072B2")
        assert p.get_facecolor()[3] == pytest.approx(0.25)
        assert p.get_edgecolor()[3] == 1.0  # solid outline
        assert p.get_linestyle() == "solid"
        assert p.get_hatch() == "//"
    for p in russia:
        assert rgb(p.get_edgecolor()) == rgb("#D55E00")
        assert p.get_facecolor()[3] == pytest.approx(0.3)
        assert p.get_hatch() == "\\\\"
    assert nato[0].get_label() == "NATO footprint (notional)"
    assert nato[1].get_label().startswith("_")


def test_footprint_coordinates_are_projected(ax, europe):
    (patch,) = plotting.plot_footprints(ax, [circle(20, 50, 800)], party="nato")
    ref = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)
    cx, cy = ref.transform(20, 50)
    verts = patch.get_path().vertices
    dist = np.hypot(verts[:, 0] - cx, verts[:, 1] - cy)
    # distances in LAEA near the centre are close to true: 800 km within 1 %
    assert np.median(dist) == pytest.approx(800e3, rel=0.01)


def test_footprint_hatch_options(ax):
    (a,) = plotting.plot_footprints(ax, [circle(20, 50, 300)], party="nato", hatch=False)
    (b,) = plotting.plot_footprints(ax, [circle(20, 50, 300)], party="nato", hatch="xx")
    assert a.get_hatch() is None and b.get_hatch() == "xx"
    with pytest.raises(MdcoverageError, match="alpha") as info:
        plotting.plot_footprints(ax, [circle(20, 50, 300)], party="nato", alpha=2)
    assert not isinstance(info.value, GeometryError)  # a style, not geometry


def test_footprints_reject_non_geometries(ax):
    with pytest.raises(GeometryError, match="shapely geometries"):
        plotting.plot_footprints(ax, [(1, 2)], party="nato")


# ------------------------------------------------------------------------------ sites


def test_sites_markers_by_kind(ax):
    arts = plotting.plot_sites(
        ax,
        [26, 30, 37, 150],
        [44, 34, 38, -30],
        kinds=["land", "sea", "sensor", "land"],
        party="russia",
        labels=["Romania (notional)", "Sea", "Radar", "Far away"],
    )
    colls = [a for a in arts if isinstance(a, PathCollection)]
    assert [c.get_gid() for c in colls] == [
        "sites:russia:land",
        "sites:russia:sea",
        "sites:russia:sensor",
    ]
    assert [len(c.get_offsets()) for c in colls] == [2, 1, 1]
    for c in colls:
        assert rgb(c.get_facecolors()[0]) == rgb("#D55E00")
    # distinct markers per kind
    assert len({id(c.get_paths()[0]) for c in colls}) == 3
    texts = [a for a in arts if isinstance(a, Text)]
    assert [t.get_text() for t in texts] == ["Romania (notional)", "Sea", "Radar"]
    assert all(t.get_fontsize() >= 9 for t in texts)
    ref = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)
    np.testing.assert_allclose(colls[0].get_offsets()[0], ref.transform(26, 44), atol=1e-3)


def test_sites_validation(ax):
    with pytest.raises(UnknownNameError, match="'ship' is not a known site kind"):
        plotting.plot_sites(ax, [1], [50], kinds=["ship"], party="nato")
    with pytest.raises(GeometryError, match="same length"):
        plotting.plot_sites(ax, [1, 2], [50], kinds="land", party="nato")
    with pytest.raises(GeometryError, match="lat in"):
        plotting.plot_sites(ax, [1], [95], kinds="land", party="nato")


# ---------------------------------------------------------------------------- sectors


def test_sector_boundaries_drop_the_coast(ax):
    c = geodata.countries()
    sectors = [c.loc["POL"].geometry, c.loc["DEU"].geometry]
    arts = plotting.plot_sector_boundaries(ax, sectors, parties=["nato", "russia"])
    hatches = [a for a in arts if isinstance(a, PathPatch)]
    assert len(hatches) == 2 and hatches[0].get_hatch() == "/"
    (line,) = [a for a in arts if isinstance(a, LineCollection)]
    assert line.get_gid() == "sector-boundary"
    assert line.get_linewidths()[0] >= 2  # bold
    assert line.get_linestyles()[0][1] is not None  # dashed
    length = sum(np.hypot(*np.diff(s, axis=0).T).sum() for s in line.get_segments())
    with_coast = plotting.plot_sector_boundaries(ax, sectors, hatch=False, omit_coast=False)
    (line2,) = with_coast
    length2 = sum(np.hypot(*np.diff(s, axis=0).T).sum() for s in line2.get_segments())
    # left: the land borders of Germany and Poland (~6,300 km in full detail; the bundled
    # layer is simplified), the shared one once; dropped: their coasts (~2,800 km)
    assert 3_000e3 < length < 6_500e3
    assert length2 - length > 1_000e3


def test_sector_line_at_sea_is_kept(ax, europe):
    west, east = shapely.box(-40, 30, 20, 75), shapely.box(20, 30, 75, 75)
    (line,) = plotting.plot_sector_boundaries(ax, [west, east], hatch=False)
    drawn = shapely.MultiLineString(line.get_segments())
    ref = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)
    # on lon 20°E: Ionian Sea, Albania-Greece area (land), Baltic Sea, Poland (land)
    for lat in (36.0, 40.5, 56.0, 52.0):
        assert drawn.distance(shapely.Point(ref.transform(20.0, lat))) < 1_000


# ------------------------------------------------------------------ badge/title/legend


def test_badge_text(ax, europe):
    badge = plotting.add_badge(ax, as_of=dt.date(2011, 6, 8), extra="Sector line: interpretation")
    text = badge.get_text()
    for needle in (
        "Illustrative model — notional parameters, not the performance of any real system",
        "as of 8 June 2011",  # written out (i18n.long_date)
        "Natural Earth",
        "GeoNames",
        europe.projection_name,
        "Sector line: interpretation",
    ):
        assert needle in text
    assert badge.get_bbox_patch() is not None  # a visible box
    assert badge.get_fontsize() >= 9


def test_badge_as_of_validation(ax):
    with pytest.raises(ScenarioError, match="as_of: '8 June 2011' is not a date"):
        plotting.add_badge(ax, as_of="8 June 2011")


def test_title_and_subtitle(ax):
    title, sub = plotting.add_title(ax, "Sectoral", "Notional footprints")
    assert title.get_text() == "Sectoral" and sub.get_text() == "Notional footprints"
    assert title.get_fontsize() > sub.get_fontsize() >= 9


def test_legend_handles():
    handles = plotting.legend_handles(["nato", "russia", "neutral", "other"], sectors=True)
    labels = [h.get_label() for h in handles]
    assert labels[:4] == [
        "NATO footprint (notional)",
        "Russia footprint (notional)",
        "neutral footprint (notional)",
        "other footprint (notional)",
    ]
    assert labels[4:] == [
        "Land site",
        "Sea-based site",
        "Sensor",
        "Sector boundary (interpretation)",
        "Sector area, land and sea (interpretation)",
    ]
    patches = [h for h in handles if isinstance(h, Patch)]
    assert [p.get_hatch() for p in patches] == ["//", "\\\\", "..", "xx", "////"]
    assert rgb(patches[2].get_edgecolor()) == rgb(plotting.party_style("neutral", 0).color)
    assert rgb(patches[3].get_edgecolor()) == rgb(plotting.party_style("other", 1).color)
    assert all(isinstance(h, Line2D) for h in handles[4:-1])


def test_party_styles():
    assert plotting.party_style("NATO").color == "#0072B2"
    assert plotting.party_style("russia").color == "#D55E00"
    others = [plotting.party_style("x", i) for i in range(6)]
    colours = {s.color for s in others}
    assert len(colours) == 6 and not colours & {"#0072B2", "#D55E00"}
    assert plotting.party_style("x", 6) == plotting.party_style("x", 0)
    hatches = {plotting.party_style(n).hatch for n in ("nato", "russia")} | {others[0].hatch}
    assert len(hatches) == 3  # greyscale-distinguishable
    with pytest.raises(MdcoverageError, match="index") as info:
        plotting.party_style("x", -1)
    assert not isinstance(info.value, GeometryError)  # a style, not geometry


def test_all_text_is_readable():
    fig, _ = full_map()
    fig.canvas.draw()
    texts = [t for t in fig.findobj(Text) if t.get_text() and t.get_visible()]
    assert texts
    assert min(t.get_fontsize() for t in texts) >= 9


# ---------------------------------------------------------------------- no downloads


def test_drawing_never_downloads(monkeypatch, tmp_path):
    def fail(*args, **kwargs):
        raise AssertionError("network/download attempted")

    monkeypatch.setattr(cartopy.io.Downloader, "acquire_resource", fail)
    monkeypatch.setattr(urllib.request, "urlopen", fail)
    data_dir = tmp_path / "cartopy-data"
    monkeypatch.setitem(cartopy.config, "data_dir", data_dir)
    for v in ("europe", "polar", plotting.view("site", lon=170, lat=60)):
        fig, _ = full_map() if v == "europe" else (Figure(), None)
        if v != "europe":
            ax = plotting.new_map(v, fig=fig)
            plotting.plot_basemap(ax)
            plotting.add_badge(ax, as_of=AS_OF)
        plotting.save_figure(fig, tmp_path / "map.png", dpi=50)
    assert not data_dir.exists()


# ------------------------------------------------------------------------------ saving


@pytest.mark.parametrize("ext", ["png", "svg", "pdf"])
def test_save_is_byte_identical(tmp_path, ext):
    fig, _ = full_map()
    a = plotting.save_figure(fig, tmp_path / f"a.{ext}", dpi=60)
    b = plotting.save_figure(fig, tmp_path / f"b.{ext}", dpi=60)
    fig2, _ = full_map()  # same input, new figure
    c = plotting.save_figure(fig2, tmp_path / f"c.{ext}", dpi=60)
    assert a.read_bytes() == b.read_bytes() == c.read_bytes()
    assert a.stat().st_size > 1000
    data = a.read_bytes()
    assert b"Matplotlib" not in data and b"matplotlib.org" not in data
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files


def test_save_uses_normal_permissions(tmp_path):
    fig, _ = full_map()
    path = plotting.save_figure(fig, tmp_path / "m.png", dpi=30)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_save_overwrites_atomically(tmp_path):
    fig, _ = full_map()
    path = tmp_path / "m.svg"
    path.write_text("old")
    plotting.save_figure(fig, path, dpi=30)
    assert path.read_bytes().startswith(b"<?xml")


def test_save_bad_extension(tmp_path):
    fig, _ = full_map()
    with pytest.raises(
        OutputError,
        match=r"unsupported extension '\.jpg' for the figure; use one of: .png, .svg, .pdf",
    ):
        plotting.save_figure(fig, tmp_path / "map.jpg")
    with pytest.raises(OutputError, match="unsupported extension"):
        plotting.save_figure(fig, tmp_path / "map")
    assert list(tmp_path.iterdir()) == []


def test_save_under_a_regular_file(tmp_path):
    fig, _ = full_map()
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    target = blocker / "map.png"
    with pytest.raises(OutputError, match=r"cannot write '.*file\.txt/map\.png'") as info:
        plotting.save_figure(fig, target)
    assert "\n" not in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_save_missing_folder_and_folder_target(tmp_path):
    fig, _ = full_map()
    with pytest.raises(OutputError, match="does not exist"):
        plotting.save_figure(fig, tmp_path / "nope" / "map.png")
    (tmp_path / "d.png").mkdir()
    with pytest.raises(OutputError, match="it is a folder"):
        plotting.save_figure(fig, tmp_path / "d.png")


def test_failed_save_leaves_nothing(tmp_path, monkeypatch):
    fig, _ = full_map()
    path = tmp_path / "map.pdf"

    def broken(fh, **kwargs):
        fh.write(b"%PDF-partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fig, "savefig", broken)
    with pytest.raises(OutputError, match=r"cannot write '.*map\.pdf': No space left on device"):
        plotting.save_figure(fig, path)
    assert list(tmp_path.iterdir()) == []
