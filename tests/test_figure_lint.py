"""Figure lint: every text inside the figure, no two texts overlapping, the table inside,
the analysis region inside the polar and site frames, user text drawn literally.

The figures are drawn (Agg, small dpi) and their artists' window extents compared. A small
grid runs by default. The grids of views × styles × panels × parties × paper sizes are
*sampled* (marked slow): a pairwise covering design (:func:`pairwise`) keeps every pair of
values of any two of these dimensions at least once (every view × style, every panel count
with every party count and every paper size, ...) plus the cases that once failed (three
panels with three parties on a landscape sheet), about a fifth of the full product. Set the
environment variable ``MDCOVERAGE_FULL_LINT=1`` to run the full grid (every combination).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os

import matplotlib as mpl
import numpy as np
import pyproj
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Annotation, Text

from mdcoverage import plotting
from mdcoverage.coverage import assess
from mdcoverage.errors import GeometryError
from mdcoverage.plotting import styles as plot_styles
from mdcoverage.plotting.paper import PAPER_SIZES
from mdcoverage.scenario import load_preset, scenario_from_dict
from mdcoverage.tracks import analyse_track

mpl.use("Agg")

STYLES = plot_styles.STYLE_NAMES
#: None: the figure's own size; else every paper size.
SIZES = (None, *sorted(PAPER_SIZES))
VIEWS = ("europe", "polar", "site")
DPI = 40
#: A label of the maximum length a scenario accepts, with characters mathtext would eat.
LONG_LABEL = ("Neutral $states$ Ünïcødé 50% ~ " * 10)[:200]


#: Run every combination of the lint grids, not the pairwise sample.
FULL_GRID = os.environ.get("MDCOVERAGE_FULL_LINT", "") not in ("", "0")


def pairwise(*dims: tuple, always: tuple = ()) -> list[tuple]:
    """Cases covering every pair of values of any two of ``dims`` at least once (a greedy
    covering design, deterministic), followed by the cases in ``always``; the full product
    when :data:`FULL_GRID`."""
    full = list(itertools.product(*dims))
    if FULL_GRID:
        return full

    def pairs(case: tuple) -> set[tuple]:
        return {(i, case[i], j, case[j]) for i, j in itertools.combinations(range(len(case)), 2)}

    todo = set().union(*(pairs(c) for c in full))
    out: list[tuple] = []
    while todo:
        best = max(full, key=lambda c: len(pairs(c) & todo))  # the first of the best
        out.append(best)
        todo -= pairs(best)
    return out + [c for c in always if c not in out]


def test_pairwise_covers_every_pair():
    dims = (("a", "b", "c"), (1, 2), (None, "x", "y", "z"))
    cases = pairwise(*dims)
    for i, j in itertools.combinations(range(3), 2):
        for u, v in itertools.product(dims[i], dims[j]):
            assert any(c[i] == u and c[j] == v for c in cases), (i, u, j, v)
    if not FULL_GRID:
        assert 12 <= len(cases) < 24  # 4 x 3 pairs at least, fewer than the product


def style_kw(style: str, size: str | None = None) -> dict:
    return {"style": style, "size": size}


def on_sheet(fig, size: str | None) -> None:
    """At a paper size: the figure is the sheet (ISO/US sizes in mm, an independent table)
    and no text is under 8 pt (table cells included)."""
    if size is None:
        return
    mm = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}[size.split("-")[0]]
    expected = sorted(mm, reverse=size.endswith("landscape"))
    w, h = fig.get_size_inches()
    assert (w * 25.4, h * 25.4) == pytest.approx(tuple(expected), abs=0.1)
    sizes = [t.get_fontsize() for t in texts(fig)]
    sizes += [
        c.get_text().get_fontsize()
        for ax in fig.axes
        for tb in ax.tables
        for c in tb.get_celld().values()
    ]
    assert min(sizes) >= 8.0
    # the maps take a fair share of the sheet (no small maps over a large empty gap)
    maps = [ax for ax in fig.axes if hasattr(ax, "projection")]
    r = draw(fig)
    used = sum(ax.get_window_extent(r).width * ax.get_window_extent(r).height for ax in maps)
    assert used / (fig.bbox.width * fig.bbox.height) > 0.08


def make_view(name: str):
    return plotting.view("site", lon=25.0, lat=45.0) if name == "site" else plotting.view(name)


def more_parties(n_extra: int, *, label: str = "Neutral states $x$ Ünïcødé") -> dict:
    parties = [
        {"name": "neutrals", "countries": ["AUT", "CHE", "IRL"], "label": label},
        {"name": "nordics", "countries": ["FIN", "SWE"], "label": "Nordic partners"},
        {"name": "balkans", "countries": ["SRB", "BIH", "MKD"], "label": "Western Balkans"},
    ][:n_extra]
    sites = [
        {"name": "Alpine site (notional)", "party": "neutrals", "kind": "land", "lon": 10,
         "lat": 47, "system": "notional-land-interceptor"},
        {"name": "Nordic site (notional)", "party": "nordics", "kind": "land", "lon": 22,
         "lat": 63, "system": "notional-land-interceptor"},
        {"name": "Balkan site (notional)", "party": "balkans", "kind": "land", "lon": 21,
         "lat": 44, "system": "notional-land-interceptor"},
    ][:n_extra]  # fmt: skip
    return {
        "scenario": {"base": "_layout-2011", "name": "more parties", "as_of": dt.date(2011, 6, 8)},
        "parties": parties,
        "sites": sites,
        "architectures": [{"type": "independent", "name": f"Independent, {2 + n_extra} parties"}],
    }


@pytest.fixture(scope="module")
def presets():
    names = ("2011-independent", "2011-sectoral-podvig-2012", "2011-sectoral-east-west")
    return [assess(load_preset(n)) for n in names]


@pytest.fixture(scope="module")
def three_parties():
    return assess(scenario_from_dict(more_parties(1)))


def panels(presets, three_parties, n_panels: int, n_parties: int):
    first = [three_parties] if n_parties == 3 else []
    return (first + presets)[:n_panels]


def draw(fig):
    fig.set_dpi(DPI)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def texts(fig) -> list[Text]:
    """Every visible, non-empty text of the figure, table cells included."""
    out = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    for ax in fig.axes:
        for table in ax.tables:
            out += [c.get_text() for c in table.get_celld().values() if c.get_text().get_text()]
    return list(dict.fromkeys(out))


def extent(t: Text, renderer):
    # the text itself: an annotation's extent would include its leader line
    return Text.get_window_extent(t, renderer)


def lint(fig) -> None:
    """Every text inside the figure, no two overlapping, every table inside."""
    r = draw(fig)
    box = fig.bbox
    boxes = []
    for t in texts(fig):
        e = extent(t, r)
        assert e.x0 >= box.x0 - 1 and e.x1 <= box.x1 + 1, f"outside the figure: {t.get_text()!r}"
        assert e.y0 >= box.y0 - 1 and e.y1 <= box.y1 + 1, f"outside the figure: {t.get_text()!r}"
        boxes.append((t, e.shrunk(0.98, 0.9)))  # touching is not overlapping
    for (a, ea), (b, eb) in itertools.combinations(boxes, 2):
        assert not ea.overlaps(eb), f"{a.get_text()!r} overlaps {b.get_text()!r}"
    for ax in fig.axes:
        for table in ax.tables:
            e = table.get_window_extent(r)
            assert box.x0 - 1 <= e.x0 and e.x1 <= box.x1 + 1, "table wider than the figure"
            assert box.y0 - 1 <= e.y0 and e.y1 <= box.y1 + 1, "table outside the figure"


def region_inside_frame(fig, bbox=(-32.0, 34.0, 60.0, 82.0)) -> None:
    """The region's lon/lat box, densified (0.25°) and projected with pyproj, inside every
    map's visible extent."""
    w, s, e, n = bbox
    t = np.linspace(0.0, 1.0, 400)
    lon = np.r_[w + (e - w) * t, np.full_like(t, e), e - (e - w) * t, np.full_like(t, w)]
    lat = np.r_[np.full_like(t, s), s + (n - s) * t, np.full_like(t, n), n - (n - s) * t]
    maps = [ax for ax in fig.axes if hasattr(ax, "projection")]
    assert maps
    for ax in maps:
        crs = pyproj.CRS(ax.projection.proj4_init)
        x, y = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(lon, lat)
        x0, x1, y0, y1 = ax.get_extent(crs=ax.projection)
        assert x0 <= x.min() and x.max() <= x1 and y0 <= y.min() and y.max() <= y1


def check_comparison(presets, three_parties, view, style, n_panels, n_parties, size=None):
    assessments = panels(presets, three_parties, n_panels, n_parties)
    fig = plotting.plot_comparison(
        assessments, view=make_view(view), labels=True, **style_kw(style, size)
    )
    lint(fig)
    on_sheet(fig, size)
    if view != "europe":
        region_inside_frame(fig)
    # every panel shares one frame
    maps = [ax for ax in fig.axes if hasattr(ax, "projection")]
    assert len({tuple(np.round(ax.get_extent(crs=ax.projection))) for ax in maps}) == 1


@pytest.mark.parametrize(
    ("view", "n_panels", "n_parties", "size"),
    [
        ("europe", 2, 2, None),
        ("polar", 3, 3, None),
        ("site", 1, 3, None),
        ("europe", 3, 2, "a4-landscape"),
        ("polar", 2, 3, "a4-portrait"),
        ("site", 1, 2, "letter-landscape"),
    ],
)
def test_comparison_lint(presets, three_parties, view, n_panels, n_parties, size):
    check_comparison(presets, three_parties, view, STYLES[-1], n_panels, n_parties, size)


#: Once failing: three panels with three parties on a landscape sheet (every view, size and
#: style pair among them)
_ONCE_FAILING = [
    (view, style, 3, 3, size)
    for (view, style, size) in pairwise(
        VIEWS, STYLES, [s for s in SIZES if s and s.endswith("landscape")]
    )
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("view", "style", "n_panels", "n_parties", "size"),
    pairwise(VIEWS, STYLES, (1, 2, 3), (2, 3), SIZES, always=tuple(_ONCE_FAILING)),
)
def test_comparison_lint_grid(presets, three_parties, view, style, n_panels, n_parties, size):
    check_comparison(presets, three_parties, view, style, n_panels, n_parties, size)


def check_map(presets, view, style, size):
    fig = plotting.plot_map(presets[1], view=make_view(view), labels=True, **style_kw(style, size))
    lint(fig)
    on_sheet(fig, size)
    if view != "europe":
        region_inside_frame(fig)


@pytest.mark.parametrize(
    ("view", "size"),
    [("europe", None), ("polar", None), ("site", None), ("polar", "letter-portrait")],
)
def test_map_lint(presets, view, size):
    check_map(presets, view, STYLES[-1], size)


@pytest.mark.slow
@pytest.mark.parametrize(("view", "style", "size"), pairwise(VIEWS, STYLES, SIZES))
def test_map_lint_grid(presets, view, style, size):
    check_map(presets, view, style, size)


def check_tracks(presets, view, style, size):
    sc = load_preset("2011-sectoral-podvig-2012")
    analyses = [analyse_track(sc, t, 0, step_km=25.0) for t in range(len(sc.tracks))]
    fig = plotting.plot_tracks(
        analyses, view=make_view(view), assessments=[presets[1]], **style_kw(style, size)
    )
    lint(fig)
    on_sheet(fig, size)


@pytest.mark.parametrize("size", ["a4-portrait"])
def test_tracks_lint_on_paper(presets, size):
    check_tracks(presets, "polar", STYLES[-1], size)


@pytest.mark.slow
@pytest.mark.parametrize(("view", "style", "size"), pairwise(VIEWS, STYLES, SIZES))
def test_tracks_lint_grid(presets, view, style, size):
    check_tracks(presets, view, style, size)


def test_tracks_figure_lint_and_markers(presets):
    sc = load_preset("2011-sectoral-podvig-2012")
    analyses = [analyse_track(sc, t, 0, step_km=25.0) for t in range(len(sc.tracks))]
    fig = plotting.plot_tracks(analyses, assessments=[presets[1]])
    lint(fig)
    region_inside_frame(fig)
    legend = " ".join(t.get_text() for lg in fig.legends for t in lg.get_texts())
    assert "Track start" in legend and "Track end" in legend and "Hand-over point" in legend
    ax = fig.axes[0]
    ends = next(c for c in ax.collections if c.get_gid() == "track-ends")
    hand = next(c for c in ax.collections if c.get_gid() == "handovers")
    # the start marker is not the hand-over marker
    sp, hp = ends.get_paths()[0].vertices, hand.get_paths()[0].vertices
    assert sp.shape != hp.shape or not np.allclose(sp, hp)


def test_labels_do_not_collide_and_moved_ones_have_leaders(presets):
    fig = plotting.plot_comparison(presets[:1], view="europe", labels=True)
    r = draw(fig)
    ax = next(a for a in fig.axes if hasattr(a, "projection"))
    labels = [
        t for t in ax.texts if isinstance(t, Annotation) and "label" in str(t.get_gid() or "")
    ]
    notes = [t for t in ax.texts if t.get_gid() == "labels-left-out"]
    x0, x1, y0, _ = ax.get_extent(crs=ax.projection)
    n_sites = 0
    for c in ax.collections:
        if str(c.get_gid()).startswith("sites:"):
            xy = np.asarray(c.get_offsets())
            n_sites += int(((xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0)).sum())  # fmt: skip
    # each site is labelled, or counted in the note
    left_out = int(notes[0].get_text().split()[0]) if notes else 0
    assert len(labels) + left_out == n_sites
    frame = ax.get_window_extent(r)
    for t in labels:
        e = extent(t, r)
        assert frame.x0 - 1 <= e.x0 and e.x1 <= frame.x1 + 1  # inside its map
        x, y = ax.transData.transform(t.xy)
        # the nearest point of the label's box: beyond the first ring of positions, a leader
        gap = np.hypot(max(e.x0 - x, 0.0, x - e.x1), max(e.y0 - y, 0.0, y - e.y1))
        if gap > 12.0 * DPI / 72.0:
            assert t.arrow_patch is not None, f"{t.get_text()!r} moved without a leader"


def test_party_labels_and_user_text_are_literal(presets):
    a = assess(scenario_from_dict(more_parties(2, label=LONG_LABEL)))
    fig = plotting.plot_comparison([a, presets[0]])
    lint(fig)
    every = texts(fig)
    shown = " ".join(t.get_text().replace("\n", " ") for t in every)
    assert "neutrals territory" not in shown  # the key never stands in for the label
    assert "Nordic partners territory" in shown
    cut = plotting.styles.user_text(LONG_LABEL)
    assert f"{cut} territory (as of date)" in shown  # legend: the label, cut to 80
    for t in every:
        if "$" in t.get_text():
            assert t.get_parse_math() is False, t.get_text()
    # a mathtext parse would have dropped the dollars: the drawn text keeps them
    assert any("$states$" in t.get_text() for t in every)


def test_polar_view_frames_the_region_not_the_pole():
    v = plotting.view("polar")
    x0, x1, y0, y1 = v.extent
    # Europe's box lies south of the pole in this projection (y < 0): the frame is no
    # longer a square around the pole with Europe in its bottom quarter
    assert y1 < 0
    lon = np.array([-32.0, 60.0, 14.0, 36.0])
    lat = np.array([34.0, 34.0, 82.0, 36.0])  # corners, the Arctic, southern Turkey
    tr = pyproj.Transformer.from_crs("EPSG:4326", v.crs, always_xy=True)
    x, y = tr.transform(lon, lat)
    assert (x0 < x).all() and (x < x1).all() and (y0 < y).all() and (y < y1).all()
    # a small margin: the region spans more than 90 % of the frame's width and height
    bx, by = tr.transform(*np.meshgrid(np.linspace(-32, 60, 93), np.linspace(34, 82, 49)))
    assert (bx.max() - bx.min()) / (x1 - x0) > 0.9
    assert (by.max() - by.min()) / (y1 - y0) > 0.9


#: Four panels (the three presets and a scenario of four or five parties), every view, on
#: the figure's own size and on a portrait sheet: legend and table still fit (where a sheet
#: is too small for them, the figure is refused with what to try: see the test below)
_FOUR_PANELS = [
    ("europe", "screen", 4, None),
    ("polar", "print", 5, None),
    ("site", "print", 4, "letter-portrait"),
    ("europe", "print", 5, None),
]


@pytest.mark.slow
@pytest.mark.parametrize(("view", "style", "n_parties", "size"), _FOUR_PANELS)
def test_four_panels_with_four_or_five_parties(presets, view, style, n_parties, size):
    many = assess(scenario_from_dict(more_parties(n_parties - 2)))
    assert len({p for p in many.parties.index if p != "none"}) == n_parties
    fig = plotting.plot_comparison(
        [many, *presets], view=make_view(view), labels=True, **style_kw(style, size)
    )
    lint(fig)
    on_sheet(fig, size)
    maps = [ax for ax in fig.axes if hasattr(ax, "projection")]
    assert len(maps) == 4
    # every party of the scenario, under its label, in the figure's text
    words = " ".join(t.get_text() for t in texts(fig))
    for label in ("Nordic partners", "Western Balkans")[: n_parties - 3]:
        assert label in words, label


@pytest.mark.slow
def test_a_sheet_too_small_for_everything_is_refused_with_what_to_try(presets):
    # four panels, one of five parties, on a portrait A4: the legend and table cannot fit
    # at 8 pt with maps of a useful size; refused, naming what to try (not "portrait")
    many = assess(scenario_from_dict(more_parties(3)))
    with pytest.raises(GeometryError, match="fewer architectures or parties") as err:
        plotting.plot_comparison([many, *presets], style="print", size="a4-portrait")
    assert "portrait sheet" not in str(err.value)


@pytest.mark.parametrize(("n_parties", "lang"), [(2, "en"), (3, "ru"), (2, "de")])
def test_worksheet_maps_lint(presets, three_parties, n_parties, lang):
    # the worksheet prints these maps at their own width (the A4 text width; Letter's is
    # 3 % wider): every text inside, none overlapping, none under 8 pt
    from mdcoverage.plotting.worksheet import WORKSHEET_WIDTH_IN, worksheet_maps

    fig = worksheet_maps(panels(presets, three_parties, 2, n_parties), lang=lang)
    assert fig.get_figwidth() == pytest.approx(WORKSHEET_WIDTH_IN)
    lint(fig)
    small = [(t.get_text(), t.get_fontsize()) for t in texts(fig) if t.get_fontsize() < 8.0]
    assert not small, small
    maps = [ax for ax in fig.axes if hasattr(ax, "projection")]
    assert len(maps) == 2 and fig.legends  # the maps and their legend, no table
    assert not [ax for ax in fig.axes if ax.tables]
