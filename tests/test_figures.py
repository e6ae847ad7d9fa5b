"""The architecture maps, comparison and track figures: inspected through their artists."""

import matplotlib as mpl
import pytest
from matplotlib.colors import to_hex

from mdcoverage import map_layers, plotting
from mdcoverage.coverage import assess
from mdcoverage.plotting.styles import hatches_on_top
from mdcoverage.scenario import load_preset
from mdcoverage.tracks import analyse_track

mpl.use("Agg")


@pytest.fixture(scope="module")
def independent():
    return assess(load_preset("2011-independent"))


@pytest.fixture(scope="module")
def podvig():
    return assess(load_preset("2011-sectoral-podvig-2012"))


def by_gid(ax, prefix):
    return [a for a in ax.get_children() if (a.get_gid() or "").startswith(prefix)]


def test_assessment_map_artists(independent):
    fig = plotting.plot_map(independent)
    ax = fig.axes[0]
    fp = map_layers.footprints(independent)
    n_int = {
        p: int(((fp["party"] == p) & (fp["role"] == "interceptor")).sum())
        for p in ("nato", "russia")
    }
    for party, n in n_int.items():
        patches = by_gid(ax, f"footprint:{party}:")
        assert len(patches) == n
        assert {to_hex(p.get_edgecolor()) for p in patches} == {
            plotting.party_style(party).color.lower()
        }
    assert len(by_gid(ax, "sensor:")) == int((fp["role"] == "sensor").sum())
    # one defended-area patch per responsible party, in its colour, with its hatch
    defended = by_gid(ax, "defended:")
    assert len(defended) == 2
    # each area carries its hatch (Agg draws it at the hatch colour's own opacity) ...
    assert {p.get_hatch() for p in defended} == {"//", "\\\\"}
    assert not by_gid(ax, "hatch-of:")
    # ... which moves to a hatch-only twin above each area while SVG or PDF is written
    # (a pattern inside a translucent fill would fade), and back afterwards
    with hatches_on_top(fig):
        assert {p.get_hatch() for p in by_gid(ax, "hatch-of:defended:")} == {"//", "\\\\"}
        assert {p.get_hatch() for p in defended} == {None}
    assert {p.get_hatch() for p in defended} == {"//", "\\\\"}
    assert not by_gid(ax, "hatch-of:")
    # no sectors under 'independent'
    assert not by_gid(ax, "sector-boundary")
    texts = " ".join(t.get_text() for a in fig.axes for t in a.texts)
    assert "Illustrative model" in texts and "as of 8 June 2011" in texts
    assert "Natural Earth" in texts and "GeoNames" in texts and "EPSG:3035" in texts
    legend = next(a.get_legend() for a in fig.axes if a.get_legend() is not None)
    labels = [t.get_text() for t in legend.get_texts()]
    assert "Defended by NATO" in labels and "Defended by Russia" in labels
    assert "Land site" in labels and "Sea-based site" in labels and "Sensor" in labels
    assert ax.get_title(loc="left") == independent.name


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_vector_files_draw_hatches_on_twins(independent, fmt, tmp_path):
    """SVG and PDF get the hatch-only twins (visible hatches over translucent fills),
    PNG does not (it would draw each area twice); the figure is unchanged by saving."""
    fig = plotting.plot_map(independent)
    ax = fig.axes[0]
    hatched = {p.get_gid(): p.get_hatch() for p in by_gid(ax, "defended:")}
    drawn = []

    def record(self, renderer):  # the twins drawn while the file is written
        drawn.append((self.get_gid(), self.get_hatch(), self.get_facecolor()[3]))
        return real_draw(self, renderer)

    real_draw = mpl.patches.PathPatch.draw
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(mpl.patches.PathPatch, "draw", record)
        plotting.save_figure(fig, tmp_path / f"map.{fmt}")
        twins = [d for d in drawn if (d[0] or "").startswith("hatch-of:defended:")]
        assert {(g.removeprefix("hatch-of:"), h) for g, h, _ in twins} == set(hatched.items())
        assert all(alpha == 0.0 for _, _, alpha in twins)  # hatch only, no fill
        drawn.clear()
        plotting.save_figure(fig, tmp_path / "map.png")
        assert not [d for d in drawn if (d[0] or "").startswith("hatch-of:")]
        assert {(g, h) for g, h, _ in drawn if g in hatched} == set(hatched.items())
    assert {p.get_gid(): p.get_hatch() for p in by_gid(ax, "defended:")} == hatched
    assert not by_gid(ax, "hatch-of:")


def test_comparison_figure(independent, podvig):
    fig = plotting.plot_comparison([independent, podvig])
    maps = [ax for ax in fig.axes if hasattr(ax, "projection")]
    assert len(maps) == 2
    assert len(by_gid(maps[1], "sector-boundary")) == 1  # the sectoral panel
    assert not by_gid(maps[0], "sector-boundary")
    table = next(a for ax in fig.axes for a in ax.get_children() if a.get_gid() == "metrics-table")
    cells = {
        (r, c): cell.get_text().get_text().replace("\n", " ")
        for (r, c), cell in table.get_celld().items()
    }
    assert cells[(1, 0)] == independent.name and cells[(2, 0)] == podvig.name
    # NATO's "defended by another party" is 0 % under independent, > 0 under Podvig
    assert cells[(1, 2)] == "0 %"
    share = podvig.parties.loc["nato", "dependency_pop_share"]
    assert cells[(2, 2)] == f"{100 * share:.0f} %" and share > 0
    assert len(fig.legends) == 1
    all_text = " ".join(t.get_text() for ax in fig.axes for t in ax.texts)
    assert "Illustrative model" in all_text and "Interpretations (not agreed maps)" in all_text


def test_comparison_readable_in_greyscale(independent):
    # parties differ by hatch and by line style, not by colour alone
    nato, russia = plotting.party_style("nato"), plotting.party_style("russia")
    assert nato.hatch != russia.hatch and nato.linestyle != russia.linestyle


def test_polar_and_site_views(independent):
    def texts(fig):
        return " ".join(t.get_text() for a in fig.axes for t in a.texts)

    assert "North polar" in texts(plotting.plot_map(independent, view="polar"))
    v = plotting.view("site", lon=25.0, lat=45.0, radius_km=2000.0)
    assert "azimuthal equidistant" in texts(plotting.plot_map(independent, view=v)).lower()


def test_track_figure():
    sc = load_preset("2011-sectoral-podvig-2012")
    analyses = [analyse_track(sc, t, 0, step_km=20.0) for t in range(len(sc.tracks))]
    fig = plotting.plot_tracks(analyses, assessments=[assess(sc)])
    ax = fig.axes[0]
    tracks = by_gid(ax, "track:")
    assert len(tracks) == len(sc.tracks)
    # who may engage: bold solid runs of a party, thin dashed runs where nobody may
    # (told apart in greyscale by the dashes, not only the width)
    styles = [
        (w, dashes is not None)
        for t in tracks
        for w, (_, dashes) in zip(t.get_linewidths(), t.get_linestyles(), strict=True)
    ]
    assert (1.6, True) in styles and (3.2, False) in styles
    assert all(dashed == (w < 3.0) for w, dashed in styles)
    texts = " ".join(t.get_text() for a in fig.axes for t in a.texts)
    assert "not a capability" in texts and "Illustrative model" in texts
    # the legend explains the tracks and what the map under them shows
    labels = {t.get_text() for t in fig.legends[0].get_texts()}
    assert {"NATO may engage", "Track start", "Track end", "Hand-over point"} <= labels
    assert {"Defended by NATO", "Defended by Russia", "Land site", "Sensor"} <= labels
    assert "Sector boundary (interpretation)" in labels  # a sectoral map is under them
    # without maps under the tracks, only the tracks' entries
    bare = plotting.plot_tracks(analyses)
    labels = {t.get_text() for t in bare.legends[0].get_texts()}
    assert "NATO may engage" in labels and "Defended by NATO" not in labels


@pytest.mark.parametrize("n", [1, 2, 3])
def test_comparison_legend_and_table_fit_inside_the_figure(n, independent, podvig):
    # the saved comparison is not cropped to its content: everything must lie inside
    fig = plotting.plot_comparison([independent, podvig, independent][:n])
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    box = fig.bbox
    table = next(a for ax in fig.axes for a in ax.get_children() if a.get_gid() == "metrics-table")
    for artist in (fig.legends[0], table):
        ext = artist.get_window_extent(renderer)
        assert ext.x0 >= box.x0 - 1 and ext.x1 <= box.x1 + 1, (n, artist)
        assert ext.y0 >= box.y0 - 1 and ext.y1 <= box.y1 + 1, (n, artist)
    # and the legend does not overlap the table
    assert (
        fig.legends[0].get_window_extent(renderer).y0 >= table.get_window_extent(renderer).y1 - 1
    )


@pytest.mark.parametrize("view", ["europe", "polar"])
def test_map_badge_and_legend_below_the_map_inside_the_figure(view, podvig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = plotting.plot_map(podvig, view=view)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    r = canvas.get_renderer()
    map_box = fig.axes[0].get_window_extent(r)
    badge = next(t for a in fig.axes for t in a.texts if t.get_gid() == "badge")
    legend = next(a.get_legend() for a in fig.axes if a.get_legend() is not None)
    for artist in (badge, legend):
        box = artist.get_window_extent(r)
        assert box.y1 <= map_box.y0 + 1, artist  # below the map, not over it
        assert box.x0 >= fig.bbox.x0 - 1 and box.x1 <= fig.bbox.x1 + 1
        assert box.y0 >= fig.bbox.y0 - 1
    assert legend.get_window_extent(r).y1 <= badge.get_window_extent(r).y0 + 1
