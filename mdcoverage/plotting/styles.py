"""How things are drawn: colours, hatches, line styles, party styles, site markers, text.

Colours are Okabe–Ito (colour-blind safe); each party also has its own hatch, so printed
greyscale handouts stay readable. User text (names, labels) is drawn literally and cut to
:data:`MAX_LABEL_CHARS` (DESIGN §7).
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib import colors as mcolors
from matplotlib.figure import Figure
from matplotlib.markers import MarkerStyle
from matplotlib.path import Path as MplPath
from matplotlib.text import Text

from ..errors import MdcoverageError

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
    "PartyStyle",
    "as_style",
    "literal",
    "literal_figure",
    "party_label",
    "party_style",
    "styles_for",
    "tint",
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


def literal_figure(fig: Figure) -> None:
    """Every text of one of this package's figures drawn literally (legends, tables)."""
    literal(t for t in fig.findobj(Text) if isinstance(t, Text))
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


def party_label(name: str) -> str:
    """The display name of a party ("nato" → "NATO")."""
    return user_text(_PARTY_LABELS.get(str(name).lower(), name))


def party_style(name: str, index: int = 0) -> PartyStyle:
    """The style of party ``name``.

    ``nato`` and ``russia`` (any case) have fixed styles; any other party takes colour,
    hatch and line style number ``index`` (cycling) among the non-fixed styles — pass the
    party's position among the *other* parties of the figure so that every panel and the
    legend agree (:func:`legend_handles` counts this way).
    """
    key = name.lower()
    if key in PALETTE and key != "others":
        return PartyStyle(name, party_label(name), PALETTE[key], HATCHES[key], LINESTYLES[key])
    if not isinstance(index, numbers.Integral) or isinstance(index, bool) or index < 0:
        raise MdcoverageError("party_style: index must be an integer >= 0")

    def pick(seq: Sequence[Any]) -> Any:
        return seq[index % len(seq)]

    return PartyStyle(
        name,
        party_label(name),
        pick(PALETTE["others"]),
        pick(HATCHES["others"]),
        pick(LINESTYLES["others"]),
    )


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
