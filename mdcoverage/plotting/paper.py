"""Paper sizes: a figure made the size of a sheet of paper, every text at least 8 pt.

At a paper size the figure *is* the sheet, so font sizes are real points on the printed
page (a 19-inch-wide figure printed on A4 would shrink its 9 pt badge to 5 pt).
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.text import Text

from ..errors import GeometryError, UnknownNameError

__all__ = ["MIN_FONT_PT", "PAPER_SIZES", "fit_to_paper", "paper_size"]

#: Paper sizes (width, height) in inches: ISO A4 (210 × 297 mm) and US Letter (8.5 × 11 in).
PAPER_SIZES: dict[str, tuple[float, float]] = {
    "a4-landscape": (297 / 25.4, 210 / 25.4),
    "a4-portrait": (210 / 25.4, 297 / 25.4),
    "letter-landscape": (11.0, 8.5),
    "letter-portrait": (8.5, 11.0),
}

#: The smallest text on a figure at a paper size (points).
MIN_FONT_PT = 8.0


def paper_size(name: str) -> tuple[float, float]:
    """(width, height) in inches of a paper size in :data:`PAPER_SIZES`."""
    if not isinstance(name, str) or name.lower() not in PAPER_SIZES:
        raise UnknownNameError("paper size", str(name)[:40], PAPER_SIZES)
    return PAPER_SIZES[name.lower()]


def fit_to_paper(fig: Figure, size: str, *, min_font: float = MIN_FONT_PT) -> Figure:
    """Check that ``fig`` is the size of the sheet ``size`` and that no text (table cells
    included) is smaller than ``min_font`` points; a smaller text is raised to it.

    The figures of this package are laid out at the sheet's size from the start (their
    legend, table and badge fitted to its width, the maps to the height that is left), so
    nothing is rescaled here. Returns ``fig``."""
    w, h = paper_size(size)
    w0, h0 = (float(x) for x in fig.get_size_inches())
    if abs(w0 - w) > 0.01 or abs(h0 - h) > 0.01:
        hint = (
            "try fewer architectures or parties, or the figure's own size (no --size)"
            if h > w
            else "try a portrait sheet or fewer architectures"
        )
        raise GeometryError(
            f"the figure does not fit on {size} ({w:.2f} x {h:.2f} in; it needs"
            f" {w0:.2f} x {h0:.2f} in): {hint}"
        )
    fig.set_size_inches(w, h, forward=False)
    for t in fig.findobj(Text):
        if isinstance(t, Text) and float(t.get_fontsize()) < min_font:
            t.set_fontsize(min_font)
    return fig
