"""How things are drawn: colours, hatches, line styles, party styles, site markers, text.

Colours are Okabe–Ito (colour-blind safe); each party also has its own hatch, so printed
greyscale handouts stay readable. User text (names, labels) is drawn literally and cut to
:data:`MAX_LABEL_CHARS` (DESIGN §7).
"""

from __future__ import annotations

import contextlib
import contextvars
import numbers
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from matplotlib import colors as mcolors
from matplotlib.artist import Artist
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.text import Text

from ..errors import MdcoverageError, UnknownNameError
from .words import party_text

__all__ = [
    "BORDER",
    "COAST",
    "FONT_SMALL",
    "HATCHES",
    "LAND",
    "LINESTYLES",
    "MAX_LABEL_CHARS",
    "OCEAN",
    "OKABE_ITO",
    "PALETTE",
    "SITE_KINDS",
    "SITE_LABELS",
    "SITE_MARKERS",
    "SITE_SIZES",
    "STYLES",
    "STYLE_NAMES",
    "FigureStyle",
    "PartyStyle",
    "as_style",
    "current_style",
    "figure_artists",
    "figure_style",
    "hatch_only",
    "hatches_on_top",
    "literal",
    "literal_figure",
    "party_label",
    "party_style",
    "shade",
    "styles_for",
    "tint",
    "use_style",
    "user_text",
]

#: The longest user text drawn (labels, names in titles, legends and tables; DESIGN §7):
#: longer text is cut and ends in "…".
MAX_LABEL_CHARS = 80


def user_text(text: object, limit: int = MAX_LABEL_CHARS) -> str:
    """User text as drawn: a string of at most ``limit`` characters."""
    s = str(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def literal(texts: Iterable[Text]) -> None:
    """Draw these Text artists literally: ``$`` in user text is not mathtext."""
    for t in texts:
        t.set_parse_math(False)


def figure_artists(fig: Figure, kind: type | tuple[type, ...]) -> list[Any]:
    """The artists of ``kind`` in ``fig``, as ``fig.findobj(kind)`` finds them, except the
    ticks of hidden axes (never drawn): findobj would create every tick of every hidden
    axis of the maps and the table (~90 ticks, a tenth of a second, for nothing)."""
    out: list[Any] = []
    stack: list[Artist] = [fig]
    while stack:
        artist = stack.pop()
        if isinstance(artist, kind):
            out.append(artist)
        if isinstance(artist, Axis) and not (artist.get_visible() and artist.axes.axison):
            continue
        stack.extend(reversed(artist.get_children()))
    return out


def literal_figure(fig: Figure) -> None:
    """Every text of one of this package's figures drawn literally (legends, tables)."""
    literal(figure_artists(fig, Text))
    for ax in fig.axes:
        for table in ax.tables:
            literal(cell.get_text() for cell in table.get_celld().values())


#: The Okabe–Ito colour-blind-safe palette.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Fixed party colours; other parties cycle through ``PALETTE["others"]``.
PALETTE: dict[str, Any] = {
    "nato": OKABE_ITO["blue"],
    "russia": OKABE_ITO["vermillion"],
    "others": (
        OKABE_ITO["bluish_green"],
        OKABE_ITO["reddish_purple"],
        OKABE_ITO["orange"],
        OKABE_ITO["sky_blue"],
        OKABE_ITO["black"],
        OKABE_ITO["yellow"],
    ),
}
#: Hatches per party (greyscale prints); other parties cycle through ``HATCHES["others"]``.
HATCHES: dict[str, Any] = {
    "nato": "//",
    "russia": "\\\\",
    "others": ("..", "xx", "oo", "++", "||", "--"),
}
#: Line styles per party; other parties cycle through ``LINESTYLES["others"]``.
LINESTYLES: dict[str, Any] = {
    "nato": "-",
    "russia": "--",
    "others": (":", "-.", (0, (5, 2, 1, 2))),
}
_PARTY_LABELS = {"nato": "NATO", "russia": "Russia"}

#: Map colours: ocean, land, country borders, coast.
OCEAN = "#F5F8FA"
LAND = "#E4E2DC"
BORDER = "#8C8C8C"
COAST = "#5F6B73"


@dataclass(frozen=True)
class PartyStyle:
    """How a party is drawn: colour, hatch, line style and legend label."""

    name: str
    label: str
    color: str
    hatch: str
    linestyle: str | tuple
    #: the colour of the hatch lines: never the fill's own colour, or SVG and PDF (which
    #: draw a hatch as a pattern over the fill colour) lose the hatch
    hatchcolor: Any = None
    #: the line style of the party's interceptor reach outlines
    reach_linestyle: Any = "-"
    #: the width of the hatch lines (points)
    hatch_linewidth: float = 0.6


def party_label(name: str) -> str:
    """The display name of a party ("nato" → "NATO"; in the figure's language)."""
    return user_text(party_text(name, _PARTY_LABELS.get(str(name).lower(), name)))


def party_style(name: str, index: int = 0) -> PartyStyle:
    """The style of party ``name``.

    ``nato`` and ``russia`` (any case) have fixed styles; any other party takes colour,
    hatch and line style number ``index`` (cycling) among the non-fixed styles — pass the
    party's position among the *other* parties of the figure so that every panel and the
    legend agree (:func:`legend_handles` counts this way).

    The colours, hatches and line styles are those of the figure style in use
    (:func:`current_style`: "screen" unless a figure is drawn with ``style="print"``).
    """
    fs = current_style()
    key = name.lower()
    if key in fs.palette and key != "others":
        color, hatch, ls = fs.palette[key], fs.hatches[key], fs.linestyles[key]
    else:
        if not isinstance(index, numbers.Integral) or isinstance(index, bool) or index < 0:
            raise MdcoverageError("party_style: index must be an integer >= 0")

        def pick(seq: Sequence[Any]) -> Any:
            return seq[index % len(seq)]

        color = pick(fs.palette["others"])
        hatch = pick(fs.hatches["others"])
        ls = pick(fs.linestyles["others"])
    return PartyStyle(
        name,
        party_label(name),
        color,
        hatch,
        ls,
        hatchcolor=(*_hatch_rgb(color, fs.hatch_shade), fs.hatch_alpha),
        reach_linestyle=ls if fs.reach_by_party else "-",
        hatch_linewidth=fs.hatch_linewidth,
    )


def _hatch_rgb(color: Any, amount: float) -> tuple[float, float, float]:
    """The hatch of a fill: darker than the fill, or lighter when the fill is dark already
    (greyscale luma under 0.3), so that the lines stand out in every output."""
    r, g, b = mcolors.to_rgb(color)
    if 0.299 * r + 0.587 * g + 0.114 * b < 0.3:
        return tint(color, 0.7)
    return shade(color, amount)


def as_style(party: str | PartyStyle) -> PartyStyle:
    """``party`` itself, or the style of that name (:func:`party_style`)."""
    return party if isinstance(party, PartyStyle) else party_style(party)


def styles_for(parties: Sequence[str | PartyStyle]) -> list[PartyStyle]:
    """Styles of a figure's parties; names other than nato/russia are numbered in order."""
    out: list[PartyStyle] = []
    n_other = 0
    for p in parties:
        if isinstance(p, PartyStyle):
            out.append(p)
        else:
            out.append(party_style(p, n_other))
            n_other += p.lower() not in ("nato", "russia")
    return out


#: Site kinds and their markers.
SITE_KINDS = ("land", "sea", "sensor")
_SHIP = MplPath(
    [
        (-1.0, 0.05),
        (-0.4, 0.05),
        (-0.4, 0.6),
        (0.35, 0.6),
        (0.35, 0.05),
        (1.0, 0.05),
        (0.6, -0.55),
        (-0.6, -0.55),
        (-1.0, 0.05),
    ],
    [MplPath.MOVETO] + [MplPath.LINETO] * 7 + [MplPath.CLOSEPOLY],
)
#: Markers: land "^", sea a ship silhouette, sensor a diamond.
SITE_MARKERS: dict[str, str | MarkerStyle] = {
    "land": "^",
    "sea": MarkerStyle(_SHIP),
    "sensor": "D",
}
#: Marker sizes (points²) and legend labels of the site kinds.
SITE_SIZES = {"land": 75.0, "sea": 190.0, "sensor": 50.0}
SITE_LABELS = {"land": "Land site", "sea": "Sea-based site", "sensor": "Sensor"}

#: The font size of badges, legends and labels (points).
FONT_SMALL = 9.0


def tint(color: Any, amount: float) -> tuple[float, float, float]:
    """Mix ``color`` with white (amount 0: unchanged; 1: white)."""
    r, g, b = mcolors.to_rgb(color)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def shade(color: Any, amount: float) -> tuple[float, float, float]:
    """Mix ``color`` with black (amount 0: unchanged; 1: black)."""
    r, g, b = mcolors.to_rgb(color)
    return (r * (1 - amount), g * (1 - amount), b * (1 - amount))


# --------------------------------------------------------------------------------------
# Figure styles: screen (the default) and print (greyscale-safe)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureStyle:
    """How a whole figure is drawn: the parties' colours, hatches and line styles, the
    base map's colours, and the print marks.

    ``tint``: how much white is mixed into a party's colour for its territory;
    ``hatch_shade``: how much black is mixed into a party's colour for its hatch lines
    (a hatch never has its fill's colour: SVG and PDF would lose it);
    ``reach_by_party``: interceptor reach outlines in the party's line style (else solid);
    ``area_labels``: the defended areas carry direct labels ("NATO defends");
    ``min_font``: the smallest text at a paper size (points).
    """

    name: str
    palette: Mapping[str, Any]
    hatches: Mapping[str, Any]
    linestyles: Mapping[str, Any]
    ocean: str = OCEAN
    land: str = LAND
    border: str = BORDER
    coast: str = COAST
    tint: float = 0.82
    hatch_shade: float = 0.3
    hatch_alpha: float = 0.7
    hatch_linewidth: float = 0.6
    reach_by_party: bool = False
    area_labels: bool = False
    min_font: float = 8.0


#: The names of the figure styles, the default first.
STYLE_NAMES = ("screen", "print")

#: The figure styles by name. ``print`` is greyscale-safe: the parties differ in
#: lightness (a dark blue and a light vermillion), hatch direction *and* density, the line
#: style of their reach and their direct labels; the sea is paper-white, land and each
#: party's territory clearly darker.
STYLES: dict[str, FigureStyle] = {
    "screen": FigureStyle("screen", PALETTE, HATCHES, LINESTYLES),
    "print": FigureStyle(
        "print",
        palette={
            "nato": "#003E6B",  # a dark blue: greyscale ~0.2
            "russia": "#E8772E",  # a light vermillion: greyscale ~0.6
            "others": PALETTE["others"],
        },
        hatches={
            # matplotlib's hatch density is the count of the character: NATO's rising
            # lines twice as dense as Russia's falling ones
            "nato": "////",
            "russia": "\\\\",
            "others": ("..", "xx", "oo", "++", "||", "--"),
        },
        linestyles={
            "nato": "-",
            "russia": (0, (5, 2.5)),
            "others": (":", "-.", (0, (5, 2, 1, 2))),
        },
        ocean="#FFFFFF",
        land="#DCDCDC",
        border="#707070",
        coast="#3C3C3C",
        tint=0.62,
        hatch_shade=0.45,
        hatch_alpha=0.9,
        hatch_linewidth=0.9,
        reach_by_party=True,
        area_labels=True,
    ),
}

_CURRENT: contextvars.ContextVar[FigureStyle] = contextvars.ContextVar(
    "mdcoverage_figure_style", default=STYLES["screen"]
)


def figure_style(style: str | FigureStyle | None = None) -> FigureStyle:
    """The :class:`FigureStyle` of this name (``None``: the one in use)."""
    if style is None:
        return current_style()
    if isinstance(style, FigureStyle):
        return style
    if not isinstance(style, str) or style.lower() not in STYLES:
        raise UnknownNameError("figure style", str(style)[:40], STYLE_NAMES)
    return STYLES[style.lower()]


def current_style() -> FigureStyle:
    """The figure style in use (set by :func:`use_style`; default "screen")."""
    return _CURRENT.get()


@contextlib.contextmanager
def use_style(style: str | FigureStyle | None) -> Iterator[FigureStyle]:
    """Draw with this figure style inside the ``with`` block (``None``: unchanged)."""
    fs = figure_style(style)
    token = _CURRENT.set(fs)
    try:
        yield fs
    finally:
        _CURRENT.reset(token)


# --------------------------------------------------------------------------------------
# Hatches that SVG and PDF draw as strongly as PNG
# --------------------------------------------------------------------------------------


@contextlib.contextmanager
def hatches_on_top(fig: Figure) -> Iterator[None]:
    """Inside the ``with`` block, every hatch of a translucent fill is drawn as strongly
    in SVG and PDF as in PNG; afterwards ``fig`` is as it was.

    SVG and PDF draw a hatch as a pattern *inside* the fill, so the fill's opacity (0.35
    for a defended area) fades the hatch lines too, which PNG draws at their own opacity.
    Here the hatch of each translucent hatched patch on a map moves to a twin patch with
    no fill and no edge (:func:`hatch_only`), drawn just above it (a hatch-only pattern keeps its lines'
    own opacity: the same picture in every format), and a hatched legend entry's fill
    becomes the opaque colour it shows over the white figure. :func:`.save_figure` does
    this around writing SVG and PDF only: PNG (Agg) draws the hatches at their own
    opacity already, and would draw every area's path twice."""
    twins: list[tuple[PathPatch, PathPatch, str]] = []
    fills: list[tuple[Patch, Any]] = []
    try:
        for ax in fig.axes:
            for patch in [p for p in ax.patches if isinstance(p, PathPatch)]:
                hatch = patch.get_hatch()
                if hatch and 0.0 < mcolors.to_rgba(patch.get_facecolor())[3] < 1.0:
                    twins.append((_hatch_twin(patch), patch, hatch))
        for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
            if isinstance(legend, Legend):
                for handle in legend.legend_handles:
                    if isinstance(handle, Patch) and handle.get_hatch():
                        fills.append((handle, handle.get_facecolor()))
                        r, g, b, a = mcolors.to_rgba(handle.get_facecolor())
                        handle.set_facecolor((*tint((r, g, b), 1.0 - a), 1.0))
        yield
    finally:
        for twin, patch, hatch in twins:
            twin.remove()
            patch.set_hatch(hatch)
        for handle, fill in fills:
            handle.set_facecolor(fill)


#: a patch of any kind (:func:`hatch_only` returns what it is given)
_P = TypeVar("_P", bound=Patch)


def hatch_only(patch: _P) -> _P:
    """Make ``patch`` (a hatch with no fill and no edge) safe for PDF viewers: its edge
    becomes its hatch colour at width 0 (still not drawn), instead of ``"none"``.

    A PDF hatch is a pattern that, by the PDF specification, ignores the opacity in force
    where it is painted; but matplotlib paints a patch whose edge is ``"none"`` with stroke
    opacity 0 in force, and poppler (evince, okular, pdftoppm) fades the hatch lines with
    it, MuPDF (SumatraPDF, zathura) drops them, and every later use of the same pattern
    too. With the hatch colour as the edge colour that opacity is the hatch's own: the
    same picture in every viewer. PNG and SVG are unchanged (a width-0 edge is not
    drawn). Returns ``patch``."""
    patch.set_edgecolor(patch.get_hatchcolor())
    patch.set_linewidth(0.0)
    return patch


def _hatch_twin(patch: PathPatch) -> PathPatch:
    """A hatch-only copy of ``patch`` just above it (``patch`` loses its hatch)."""
    ax = patch.axes
    assert ax is not None
    twin = PathPatch(
        patch.get_path(),
        transform=patch.get_transform(),
        facecolor="none",
        hatch=patch.get_hatch(),
        hatchcolor=patch.get_hatchcolor(),
        zorder=patch.get_zorder() + 0.01,
        gid=f"hatch-of:{patch.get_gid()}",
    )
    twin.set_hatch_linewidth(patch.get_hatch_linewidth())
    twin.set_joinstyle(patch.get_joinstyle())
    twin.set_clip_box(patch.get_clip_box())
    twin.set_clip_path(patch.get_clip_path())
    twin.set_visible(patch.get_visible())
    hatch_only(twin)
    patch.set_hatch(None)  # type: ignore[arg-type]  # None: no hatch
    ax.add_artist(twin)
    return twin
