"""Print-ready figures: hatches that survive SVG and PDF, round joins, a greyscale-safe
print style, paper sizes with every text at least 8 pt, and refusals of bad --style/--size.

Reference values come from outside the code under test: the SVG and PDF are read as
files; pixel positions come from projecting lon/lat with pyproj and the axes' transform;
greyscale lightness is the ITU-R 601 luma of the rendered pixels; texture orientation
is the structure tensor of the pixel gradients (numpy only)."""

from __future__ import annotations

import re
import zlib

import matplotlib as mpl
import numpy as np
import pytest
from hostile import assert_refused
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from pyproj import Transformer

from mdcoverage import plotting
from mdcoverage.coverage import assess
from mdcoverage.errors import MdcoverageError
from mdcoverage.plotting.paper import PAPER_SIZES
from mdcoverage.scenario import load_preset

mpl.use("Agg")

#: Points of the 2011-sectoral-east-west preset (lon, lat), clear of sites, reach outlines
#: and labels: defended by NATO (central France), defended by Russia (the middle Volga),
#: the open Atlantic, NATO territory out of every reach (eastern Turkey), Russian
#: territory out of every reach (east of the Urals).
FRANCE = (2.5, 47.0)
RUSSIA = (50.0, 55.0)
SEA = (-24.0, 62.0)
NATO_TINT = (41.5, 39.0)
RUSSIA_TINT = (66.0, 64.0)


@pytest.fixture(scope="module")
def sectoral():
    return assess(load_preset("2011-sectoral-east-west"))


@pytest.fixture(scope="module")
def print_map(sectoral):
    """The print-style map at A4 landscape, drawn at 100 dpi: (figure, RGBA pixels)."""
    fig = plotting.plot_map(sectoral, style="print", size="a4-landscape")
    fig.set_dpi(100)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return fig, np.asarray(canvas.buffer_rgba())[..., :3].astype(float) / 255.0


def luma(rgb):
    """ITU-R BT.601 luma of RGB in [0, 1]: what a greyscale printer keeps."""
    return rgb @ np.array([0.299, 0.587, 0.114])


def box(fig, pixels, lonlat, half=22):
    """The greyscale pixels of a (2·half)² box centred on ``lonlat`` in the map."""
    ax = fig.axes[0]
    v = plotting.view("europe")
    x, y = Transformer.from_crs("EPSG:4326", v.crs, always_xy=True).transform(*lonlat)
    px, py = ax.transData.transform((x, y))
    row = pixels.shape[0] - py  # display y runs up, image rows run down
    r, c = round(float(row)), round(float(px))
    assert half <= r < pixels.shape[0] - half and half <= c < pixels.shape[1] - half
    return luma(pixels[r - half : r + half, c - half : c + half])


def orientation(grey):
    """Dominant gradient orientation (degrees in [0, 180)) and its coherence in [0, 1]."""
    gy, gx = np.gradient(grey)
    jxx, jyy, jxy = (gx * gx).sum(), (gy * gy).sum(), (gx * gy).sum()
    angle = 0.5 * np.degrees(np.arctan2(2 * jxy, jxx - jyy)) % 180.0
    coherence = np.hypot(jxx - jyy, 2 * jxy) / (jxx + jyy)
    return angle, coherence


# ------------------------------------------------------------------ vector output


def hatch_patterns(svg: str) -> list[tuple[str, str]]:
    """(background fill, stroke colour) of every hatch <pattern> of an SVG."""
    out = []
    for pat in re.findall(r"<pattern\b.*?</pattern>", svg, flags=re.S):
        fill = re.search(r'<rect [^>]*fill="([^"]+)"', pat).group(1)
        stroke = re.search(r"stroke: (#[0-9a-fA-F]{6})", pat).group(1)
        out.append((fill.lower(), stroke.lower()))
    return out


@pytest.mark.parametrize("style", ["screen", "print"])
def test_svg_hatch_stroke_differs_from_fill(sectoral, style, tmp_path):
    fig = plotting.plot_map(sectoral, style=style)
    path = plotting.save_figure(fig, tmp_path / "map.svg")
    patterns = hatch_patterns(path.read_text(encoding="utf-8"))
    filled = [(f, s) for f, s in patterns if f != "none"]
    # the defended areas of both parties (and their legend entries) are hatched over a fill
    assert len(filled) >= 2, patterns
    for fill, stroke in filled:
        assert fill != stroke, f"hatch drawn in its own background colour {fill}"


def hatch_strength(svg: str) -> list[tuple[str, float, float]]:
    """(pattern id, effective opacity, width) of the hatch lines of every <pattern> of an
    SVG: the lines' stroke-opacity times the fill-opacity of each element that fills with
    the pattern (SVG fades a whole pattern with its user's fill-opacity)."""
    out = []
    for pid, pat in re.findall(r'<pattern id="([^"]+)".*?>(.*?)</pattern>', svg, flags=re.S):
        stroke = re.search(r"stroke-opacity: ([0-9.]+)", pat)
        width = float(re.search(r"stroke-width: ([0-9.]+)", pat).group(1))
        users = re.findall(rf'style="[^"]*url\(#{pid}\)[^"]*"', svg)
        assert users, pid
        for use in users:
            fill = re.search(r"fill-opacity: ([0-9.]+)", use)
            opacity = (float(stroke.group(1)) if stroke else 1.0) * (
                float(fill.group(1)) if fill else 1.0
            )
            out.append((pid, opacity, width))
    return out


@pytest.mark.parametrize("style", ["screen", "print"])
def test_svg_hatches_as_strong_as_in_png(sectoral, style, tmp_path):
    """The hatch lines of every pattern keep the opacity PNG draws them with (at least
    0.6) and a visible width: a translucent fill does not fade them (issue 11)."""
    fig = plotting.plot_map(sectoral, style=style)
    path = plotting.save_figure(fig, tmp_path / "map.svg")
    strengths = hatch_strength(path.read_text(encoding="utf-8"))
    # the two parties' defended areas and legend entries, and the sector hatches
    assert len(strengths) >= 4
    defended = [s for s in strengths if s[1] >= 0.6]
    assert len(defended) >= 4, strengths
    for pid, opacity, width in strengths:
        assert width >= 0.5, pid
        # only the sectors' background hatch is light on purpose (0.4)
        assert opacity >= 0.6 or opacity == pytest.approx(0.4), (pid, opacity)


def pdf_streams(data: bytes) -> list[bytes]:
    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, flags=re.S):
        try:
            out.append(zlib.decompress(m.group(1)))
        except zlib.error:
            continue  # an embedded font or image
    return out


def test_pdf_round_joins(sectoral, tmp_path):
    fig = plotting.plot_map(sectoral, style="print", size="a4-portrait")
    path = plotting.save_figure(fig, tmp_path / "map.pdf")
    content = b"\n".join(pdf_streams(path.read_bytes()))
    joins = set(re.findall(rb"(?:^|\s)([012]) j(?=\s)", content))
    assert b"1" in joins  # round (PDF line join 1)
    assert b"0" not in joins, "a miter join (0 j) spikes at sharp coastline turns"


def _extgstate_stroke_alphas(data: bytes) -> dict[bytes, float]:
    """Every ExtGState name of the PDF with its stroke opacity (``/CA``, default 1)."""
    out = {}
    for m in re.finditer(rb"/(A\d+) << /Type /ExtGState([^>]*)>>", data):
        ca = re.search(rb"/CA ([0-9.]+)", m.group(2))
        out[m.group(1)] = float(ca.group(1)) if ca else 1.0
    return out


#: the operators of a PDF content stream that matter here: a graphics state (``/A1 gs``),
#: save and restore (``q``, ``Q``), a fill colour space (``/Pattern cs``: a hatch; ``rg``
#: or ``g``: a plain colour) and the painting operators that fill
_OPS = re.compile(rb"/(A\d+) gs|/(Pattern) cs|(?<!\S)(q|Q|rg|g|f\*?|B\*?|b\*?)(?!\S)")


def _hatch_fill_stroke_alphas(data: bytes) -> list[float]:
    """The stroke opacity in force at every fill of the page with a hatch pattern: a
    walk through the page's operators with the graphics-state stack."""
    alphas = _extgstate_stroke_alphas(data)
    content = max(pdf_streams(data), key=len)  # the page
    stack = [(1.0, False)]  # (stroke opacity, whether the fill colour is a pattern)
    out = []
    for m in _OPS.finditer(content):
        state, pattern, op = m.groups()
        ca, hatched = stack[-1]
        if state:
            stack[-1] = (alphas[state], hatched)
        elif pattern:
            stack[-1] = (ca, True)
        elif op == b"q":
            stack.append(stack[-1])
        elif op == b"Q":
            stack.pop()
        elif op in (b"rg", b"g"):
            stack[-1] = (ca, False)
        elif hatched:
            out.append(ca)
    return out


@pytest.mark.parametrize("style", ["screen", "print"])
def test_pdf_hatches_are_painted_with_an_opaque_stroke_state(style, tmp_path):
    # a hatch is a tiling pattern; poppler fades and MuPDF drops its lines (and every later
    # use of the same pattern) when it is painted while the stroke opacity in force is 0,
    # as matplotlib leaves it for a patch whose edge is "none": no hatch may be painted so
    fig = plotting.plot_comparison(
        [assess(load_preset(p)) for p in ("2011-independent", "2011-sectoral-podvig-2012")],
        style=style,
        size="a4-landscape",
    )
    data = plotting.save_figure(fig, tmp_path / "cmp.pdf").read_bytes()
    alphas = _hatch_fill_stroke_alphas(data)
    # the hatches: defended areas (both parties), sector areas, their legend entries
    assert len(alphas) >= 6
    assert min(alphas) > 0.0, alphas


# ------------------------------------------------------------------ greyscale print


def test_print_parties_differ_in_texture(print_map):
    fig, pixels = print_map
    nato, russia = box(fig, pixels, FRANCE), box(fig, pixels, RUSSIA)
    a_nato, coh_nato = orientation(nato)
    a_russia, coh_russia = orientation(russia)
    # each box is dominated by its hatch (lines, not noise) ...
    assert coh_nato > 0.3 and coh_russia > 0.3, (coh_nato, coh_russia)
    # ... and the hatches run at right angles to each other (45° vs 135°, ±25°)
    diff = abs(a_nato - a_russia) % 180.0
    assert 65.0 <= diff <= 115.0, (a_nato, a_russia)


def test_print_tints_differ_from_sea(print_map):
    fig, pixels = print_map
    sea = np.median(box(fig, pixels, SEA))
    for where in (NATO_TINT, RUSSIA_TINT):
        land = np.median(box(fig, pixels, where, half=10))
        assert sea - land > 0.1, (where, sea, land)
    # and the two parties' territories differ from each other in lightness
    assert (
        abs(
            np.median(box(fig, pixels, NATO_TINT, 10))
            - np.median(box(fig, pixels, RUSSIA_TINT, 10))
        )
        > 0.05
    )


def test_print_reach_and_markers_differ_in_greyscale(sectoral):
    with plotting.styles.use_style("print"):
        nato, russia = plotting.party_style("nato"), plotting.party_style("russia")
    lum = [luma(np.array(mpl.colors.to_rgb(s.color))) for s in (nato, russia)]
    assert abs(lum[0] - lum[1]) > 0.25, lum  # markers and reach outlines: lightness
    assert nato.reach_linestyle != russia.reach_linestyle  # and line style
    assert nato.hatch[0] != russia.hatch[0] and len(nato.hatch) != len(russia.hatch)


def test_print_area_labels(print_map):
    fig, _ = print_map
    labels = {t.get_text() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("area-")}
    assert labels == {"NATO defends", "Russia defends"}


# ------------------------------------------------------------------ paper sizes


def visible_texts(fig):
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    for ax in fig.axes:
        for table in ax.tables:
            texts += [c.get_text() for c in table.get_celld().values()]
    return texts


@pytest.mark.parametrize("size", sorted(PAPER_SIZES))
def test_paper_sizes_every_text_at_least_8pt(sectoral, size):
    fig = plotting.plot_map(sectoral, style="print", size=size)
    w, h = fig.get_size_inches()
    mm = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}[size.split("-")[0]]
    expected = sorted(mm) if size.endswith("portrait") else sorted(mm, reverse=True)
    assert (w * 25.4, h * 25.4) == pytest.approx(tuple(expected), abs=0.1)
    small = [
        (t.get_text()[:30], t.get_fontsize()) for t in visible_texts(fig) if t.get_fontsize() < 8
    ]
    assert not small
    # the badge lies inside the sheet
    fig.set_dpi(72)
    FigureCanvasAgg(fig).draw()
    badge = next(t for t in fig.findobj(Text) if t.get_gid() == "badge")
    ext = badge.get_window_extent()
    assert ext.x0 >= 0 and ext.x1 <= w * 72 + 0.5 and ext.y0 >= 0


def test_comparison_a4_every_text_at_least_8pt(sectoral):
    other = assess(load_preset("2011-independent"))
    fig = plotting.plot_comparison([sectoral, other], style="screen", size="a4-landscape")
    assert min(t.get_fontsize() for t in visible_texts(fig)) >= 8.0


# ------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    ("argv", "expect"),
    [
        (["compare", "--style", "grey"], "--style: invalid choice: 'grey'"),
        (["map", "--size", "a5"], "--size: invalid choice: 'a5'"),
        (["tracks", "--preset", "2011-independent", "-o", "t.png", "--size", "A4"], "--size"),
        (["compare", "--style", ""], "--style"),
    ],
)
def test_cli_refuses_bad_style_and_size(argv, expect, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert_refused(argv, re.escape(expect), folder=tmp_path)


def test_api_refuses_bad_style_and_size(sectoral):
    with pytest.raises(MdcoverageError, match="figure style"):
        plotting.plot_map(sectoral, style="grey")
    with pytest.raises(MdcoverageError, match="paper size"):
        plotting.plot_comparison([sectoral], size="a5")
    with pytest.raises(MdcoverageError, match="paper size"):
        plotting.plot_map(sectoral, size=["a4-portrait"])  # type: ignore[arg-type]


# ------------------------------------------------------------------ gallery


def test_gallery_page_shows_every_image():
    from pathlib import Path

    from mdcoverage.cli.gallery import GALLERY_VIEWS, gallery_entries, gallery_page

    page = gallery_page()
    files = [f for f, _ in gallery_entries()]
    assert len(files) == 2 * len(GALLERY_VIEWS) + 1  # every view x style, and the tracks
    folder = Path(__file__).parent.parent / "docs" / "gallery"
    for f in files:
        assert f"]({f})" in page
        assert (folder / f).is_file(), f"{f}: run 'uv run mdcoverage gallery -o docs/gallery'"
    assert (folder / "README.md").read_text(encoding="utf-8") == page


def test_gallery_refuses_a_folder_it_cannot_make(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert_refused(["gallery", "-o", "no/such/parent"], "cannot make the folder", folder=tmp_path)


def test_gallery_page_names_the_figures_language():
    from mdcoverage.cli.gallery import gallery_page

    assert "Deutsch" in gallery_page("de") and "`--lang de`" in gallery_page("de")
    assert "--lang" not in gallery_page("en")
