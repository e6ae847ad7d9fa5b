"""Hostile input through the Python API: user text drawn literally, bounded labels and
figure sizes, numpy numbers accepted, wrong types refused with the package's own errors.

Text is checked on the artists (``get_text``, ``get_parse_math``) and, for "drawn
literally", in an SVG written with ``svg.fonttype = 'none'`` (the project's default is
'path', which writes glyph outlines instead of text).
"""

from __future__ import annotations

import datetime as dt
import io
import time
import warnings

import matplotlib as mpl

mpl.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from mdcoverage import export, plotting
from mdcoverage.coverage import assess
from mdcoverage.errors import GeometryError, MdcoverageError, OutputError, ScenarioError
from mdcoverage.scenario import scenario_from_dict
from mdcoverage.tracks import analyse_track

DOLLARS = "$5 and $6"
ALPHA = "$\\alpha$"
BAD_MATH = "$\\frac$ site"  # not valid mathtext: a traceback when parsed as math
ARCH = "Cost: $5 and $6 ($\\beta$)"


def hostile_scenario():
    sites = [
        (DOLLARS, "nato", 20.0, 52.0, None),
        (ALPHA, "nato", 10.0, 50.0, BAD_MATH),
        ("Site 漢字 😀", "russia", 40.0, 55.0, None),
    ]
    return scenario_from_dict(
        {
            "scenario": {"name": "$ scenario $", "as_of": dt.date(2011, 6, 8)},
            "systems": [{"name": "i", "role": "interceptor", "radius_km": 600.0}],
            "sites": [
                {"name": n, "party": p, "kind": "land", "lon": x, "lat": y, "system": "i"}
                | ({"label": lab} if lab else {})
                for n, p, x, y, lab in sites
            ],
            "architectures": [
                {"type": "independent", "name": ARCH, "interpretation": "$1 or $2 a day"}
            ],
            "tracks": [{"name": DOLLARS, "start": [30.0, 56.0], "end": [12.0, 51.0]}],
        }
    )


@pytest.fixture(scope="module")
def scenario():
    return hostile_scenario()


@pytest.fixture(scope="module")
def assessment(scenario):
    return assess(scenario)


def all_texts(fig) -> list[Text]:
    """Every text the figure draws, recorded while it is drawn (``findobj`` would also
    create the tick labels of hidden axes, which are never drawn)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # lazy: test helper

    drawn: list[Text] = []
    original = Text.draw

    def record(self, renderer):
        if self.get_visible() and self.get_text():
            drawn.append(self)
        return original(self, renderer)

    Text.draw = record  # type: ignore[method-assign]
    try:
        with warnings.catch_warnings():  # glyphs missing from the font: drawn as boxes
            warnings.simplefilter("ignore")
            FigureCanvasAgg(fig).draw()
    finally:
        Text.draw = original  # type: ignore[method-assign]
    return drawn


def svg_text(fig) -> str:
    buf = io.BytesIO()
    with mpl.rc_context({"svg.fonttype": "none"}), warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Glyph .* missing", UserWarning)
        fig.savefig(buf, format="svg", dpi=40)
    return buf.getvalue().decode("utf-8")


# ------------------------------------------------------------------ text drawn literally


def test_map_draws_dollar_names_literally(assessment, tmp_path):
    fig = plotting.plot_map(assessment, labels=True)
    ax = fig.axes[0]
    labels = [t for t in ax.texts if (t.get_gid() or "").startswith("site-label:")]
    assert sorted(t.get_text() for t in labels) == sorted([DOLLARS, BAD_MATH, "Site 漢字 😀"])
    assert ax.get_title(loc="left") == ARCH
    assert all(t.get_parse_math() is False for t in all_texts(fig))
    # title and badge as SVG text; the labels (drawn with a halo) are written as paths,
    # but BAD_MATH would raise on drawing if it were read as mathtext
    svg = svg_text(fig)
    assert ARCH in svg and "$1 or $2 a day" in svg
    for ext in ("png", "svg"):
        path = plotting.save_figure(fig, tmp_path / f"m.{ext}", dpi=40)
        assert path.stat().st_size > 1000


def test_comparison_table_and_legend_are_literal(assessment, tmp_path):
    fig = plotting.plot_comparison([assessment])
    table = fig.axes[-2].tables[0] if fig.axes[-2].tables else None
    table = table or next(t for ax in fig.axes for t in ax.tables)
    cells = [c.get_text() for c in table.get_celld().values()]
    assert ARCH in [c.get_text() for c in cells]
    assert all(c.get_parse_math() is False for c in cells)
    assert all(t.get_parse_math() is False for t in all_texts(fig))
    assert ARCH in svg_text(fig)
    plotting.save_figure(fig, tmp_path / "c.png", dpi=30)


def test_track_name_is_literal(scenario, assessment, tmp_path):
    analysis = analyse_track(scenario, 0)
    fig = plotting.plot_tracks([analysis], view="europe", assessments=[assessment])
    texts = [t for t in all_texts(fig) if t.get_text().strip() == DOLLARS]
    assert texts and all(t.get_parse_math() is False for t in texts)
    assert DOLLARS in svg_text(fig)
    plotting.save_figure(fig, tmp_path / "t.svg", dpi=30)


def test_api_texts_on_a_users_axes_are_literal():
    ax = plotting.new_map("europe")
    arts = plotting.plot_sites(ax, [20.0], [52.0], kinds="land", party="nato", labels=[ALPHA])
    title, sub = plotting.add_title(ax, DOLLARS, BAD_MATH)
    badge = plotting.add_badge(ax, as_of="2011-06-08", extra=DOLLARS)
    for t in (arts[-1], title, sub, badge):
        assert t.get_parse_math() is False
    assert (arts[-1].get_text(), title.get_text(), sub.get_text()) == (ALPHA, DOLLARS, BAD_MATH)
    ax.figure.savefig(io.BytesIO(), format="png", dpi=30)  # BAD_MATH would raise as math


def test_long_labels_are_cut_with_an_ellipsis():
    ax = plotting.new_map("europe")
    t0 = time.perf_counter()
    arts = plotting.plot_sites(
        ax, [20.0], [52.0], kinds="land", party="nato", labels=["x" * 1_000_000]
    )
    (title,) = plotting.add_title(ax, "y" * 100_000)
    ax.figure.savefig(io.BytesIO(), format="png", dpi=30)
    assert time.perf_counter() - t0 < 20
    label = arts[-1].get_text()
    assert len(label) == plotting.MAX_LABEL_CHARS and label.endswith("…")
    assert label[:-1] == "x" * (plotting.MAX_LABEL_CHARS - 1)
    # cut to MAX_LABEL_CHARS, then wrapped to the map's width (line breaks added)
    assert len(title.get_text().replace("\n", "")) == plotting.MAX_LABEL_CHARS


def test_missing_glyphs_do_not_stop_a_save(assessment, tmp_path):
    fig = plotting.plot_map(assessment, labels=True)
    # drawn without save_figure, the CJK label warns (an error under this test suite)
    with pytest.warns(UserWarning, match="Glyph .* missing"):
        fig.savefig(io.BytesIO(), format="png", dpi=20)
    path = plotting.save_figure(fig, tmp_path / "glyphs.png", dpi=30)
    assert path.stat().st_size > 1000


# --------------------------------------------------------------------------- dpi and size


@pytest.fixture
def small_fig():
    fig = Figure(figsize=(2.0, 1.5))
    fig.add_subplot().plot([0, 1], [0, 1])
    return fig


@pytest.mark.parametrize("dpi", [np.int64(100), np.float32(80.0), np.float64(50.0), 80])
def test_numpy_dpi_is_accepted(small_fig, tmp_path, dpi):
    path = plotting.save_figure(small_fig, tmp_path / "f.png", dpi=dpi, tight=False)
    from PIL import Image

    with Image.open(path) as im:
        assert im.size == (round(2.0 * float(dpi)), round(1.5 * float(dpi)))


@pytest.mark.parametrize(
    "dpi, match",
    [
        (-100, r"dpi must be a number in \[10, 2000\], not -100"),
        (float("nan"), r"dpi must be a number in \[10, 2000\], not nan"),
        (float("inf"), r"dpi must be a number in \[10, 2000\]"),
        (True, r"dpi must be a number in \[10, 2000\], not True"),
        ("200", r"dpi must be a number in \[10, 2000\], not '200'"),
        (None, r"dpi must be a number"),
        (10**400, r"dpi must be a number in \[10, 2000\]"),
    ],
)
def test_bad_dpi_is_an_output_error(small_fig, tmp_path, dpi, match):
    with pytest.raises(OutputError, match=match):
        plotting.save_figure(small_fig, tmp_path / "f.png", dpi=dpi)
    assert list(tmp_path.iterdir()) == []


def test_figure_over_the_pixel_budget_is_refused_quickly(tmp_path):
    fig = Figure(figsize=(14.5, 10.0))  # the comparison figure's size
    t0 = time.perf_counter()
    with pytest.raises(OutputError, match=r"dpi 2000 would make a 29000 x 20000 pixel") as info:
        plotting.save_figure(fig, tmp_path / "big.png", dpi=2000)
    assert time.perf_counter() - t0 < 1.0
    # the largest allowed dpi, computed independently: sqrt(50e6 / (14.5 * 10))
    assert "use dpi <= 587 for this 14.5 x 10 in figure" in str(info.value)
    assert "50 megapixels" in str(info.value)
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- API types


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda p: plotting.save_figure("not a figure", p / "f.png"), OutputError, "not str"),
        (lambda p: plotting.save_figure(Figure(), 42), OutputError, "path must be.*not int"),
        (lambda p: plotting.save_figure(Figure(), p / "f.jpg"), OutputError, r"'\.jpg'"),
        (lambda p: plotting.plot_map("2011-independent"), MdcoverageError, "not str"),
        (lambda p: plotting.plot_map(None), MdcoverageError, "an Assessment, not NoneType"),
        (lambda p: plotting.plot_comparison([]), MdcoverageError, "at least one Assessment"),
        (lambda p: plotting.plot_comparison("abc"), MdcoverageError, "list of Assessment"),
        (lambda p: plotting.plot_comparison([1, 2]), MdcoverageError, "item 0.*not int"),
        (lambda p: plotting.plot_tracks([]), MdcoverageError, "at least one TrackAnalysis"),
        (lambda p: plotting.plot_track(None, "t", view="europe"), MdcoverageError, "not str"),
        (lambda p: plotting.plot_metrics_table(None, []), MdcoverageError, "at least one"),
        (
            lambda p: plotting.plot_sites(
                None, ["a"], [1], kinds="land", party="nato", view="europe"
            ),
            GeometryError,
            "lon and lat must be numbers",
        ),
        (lambda p: export.write_export("x", p / "e.geojson"), ScenarioError, "not str"),
        (lambda p: export.write_export([], p / "e.gpkg"), ScenarioError, "nothing to export"),
        (lambda p: export.provenance([]), ScenarioError, "nothing to export"),
        (lambda p: export.write_export([], 3.5), OutputError, "path must be.*not float"),
        (lambda p: export.write_export([], p / "e.shp"), OutputError, r"'\.shp'"),
    ],
)
def test_wrong_types_raise_the_packages_errors(tmp_path, call, error, match):
    with pytest.raises(error, match=match) as info:
        call(tmp_path)
    assert isinstance(info.value, MdcoverageError)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "call",
    [
        lambda: plotting.plot_map(None),
        lambda: plotting.plot_comparison([]),
        lambda: plotting.plot_track(None, "t", view="europe"),
    ],
)
def test_plotting_argument_errors_are_neither_scenario_nor_geometry_errors(call):
    with pytest.raises(MdcoverageError) as info:
        call()
    assert not isinstance(info.value, ScenarioError | GeometryError)


def test_numpy_numbers_are_accepted_where_python_numbers_are():
    v = plotting.view("site", lon=np.float32(10.5), lat=np.int64(50), radius_km=np.float64(900))
    assert v.centre == (10.5, 50.0)
    assert plotting.party_style("blue", np.int64(1)) == plotting.party_style("blue", 1)
    with pytest.raises(GeometryError, match="lon must be a number"):
        plotting.view("site", lon=np.bool_(True), lat=50.0)
