"""The finishing touches of a figure style: round line joins (no miter spikes along
coastlines in PDF and SVG), direct labels on the defended areas ("NATO defends") for
print, and the paper size (:mod:`.paper`)."""

from __future__ import annotations

import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch, PathPatch
from matplotlib.text import Text
from shapely.ops import polylabel

from .labels import place_labels
from .layers import AREA_LABEL_ATTR
from .layout import text_height, text_width
from .paper import fit_to_paper, paper_size
from .styles import FigureStyle, figure_artists, figure_style, party_label
from .views import axes_view
from .words import word

__all__ = ["area_labels", "finish_style", "round_joins", "style_and_size"]

#: The smallest defended area that gets a direct label, as a share of the map's frame.
_MIN_LABEL_SHARE = 0.004


def round_joins(fig: Figure) -> None:
    """Round joins for every patch and collection (matplotlib's patches default to miter
    joins, which spike where a coastline turns sharply)."""
    found = figure_artists(fig, (Patch, Collection, Text, Line2D))
    for artist in found:
        if isinstance(artist, Patch | Collection):
            artist.set_joinstyle("round")
    for text in found:  # the boxes of texts (the badge) are not children
        box = text.get_bbox_patch() if isinstance(text, Text) else None
        if box is not None:
            box.set_joinstyle("round")
    for line in found:  # legend markers: triangles and diamonds join in miter
        if isinstance(line, Line2D) and line.get_marker() not in (None, "None", "none", ""):
            line.set_marker(MarkerStyle(line.get_marker(), joinstyle="round"))


def area_labels(fig: Figure, *, fontsize: float = 9.0) -> list[Text]:
    """A direct label ("NATO defends") on each party's largest defended area of every map,
    at the point of that area farthest from its edge (inside the map's frame)."""
    out: list[Text] = []
    halo = [patheffects.withStroke(linewidth=3.0, foreground="white")]
    for ax in fig.axes:
        if axes_view(ax) is None:
            continue
        x0, x1 = sorted(ax.get_xlim())
        y0, y1 = sorted(ax.get_ylim())
        frame = shapely.box(x0, y0, x1, y1)
        best: dict[str, shapely.Geometry] = {}
        names: dict[str, str] = {}
        for patch in ax.patches + [a for a in ax.artists if isinstance(a, PathPatch)]:
            gid = str(patch.get_gid() or "")
            if not gid.startswith("defended:") or not isinstance(patch, PathPatch):
                continue
            party = gid.split(":")[1]
            names[party] = getattr(patch, AREA_LABEL_ATTR, None) or party_label(party)
            for piece in _polygons(patch, frame):
                if piece.area > (best[party].area if party in best else 0.0):
                    best[party] = piece
        # larger areas first; a label's centre keeps clear of the labels placed before
        # (their boxes widened by half of its own), or the label is left out
        px = fig.dpi / 72.0
        per_pt = ((x1 - x0) / ax.bbox.width * px, (y1 - y0) / ax.bbox.height * px)
        taken: list[tuple[float, float, float, float]] = []  # x, y, half width, half height
        for party in sorted(best, key=lambda k: -best[k].area):
            piece = best[party]
            if piece.area < _MIN_LABEL_SHARE * frame.area:
                continue
            text = word("figures.area_defends", party=names[party])
            hw = text_width(text, fontsize, bold=True) * per_pt[0] / 2.0
            hh = text_height("", fontsize) * per_pt[1] / 2.0
            p = _clear_point(piece, taken, hw, hh, frame)
            if p is None:
                continue
            taken.append((p.x, p.y, hw, hh))
            t = ax.text(
                p.x,
                p.y,
                text,
                transform=ax.projection,  # type: ignore[attr-defined]
                ha="center",
                va="center",
                fontsize=fontsize,
                fontweight="bold",
                color="0.05",
                zorder=4.6,
                path_effects=halo,
                parse_math=False,
                clip_on=True,
            )
            t.set_gid(f"area-label:{party}")
            out.append(t)
    return out


def _clear_point(
    piece: shapely.Geometry,
    taken: list[tuple[float, float, float, float]],
    hw: float,
    hh: float,
    frame: shapely.Geometry,
) -> shapely.Point | None:
    """The point of ``piece`` farthest from its edge where a label box (half width
    ``hw``, half height ``hh``) centred on it overlaps none of the ``taken`` boxes
    (centre x, y, half width, half height); None when too little of the piece is left."""
    room = piece
    if taken:
        keep_out = [shapely.box(x - w - hw, y - h - hh, x + w + hw, y + h + hh)
                    for x, y, w, h in taken]  # fmt: skip
        rest = shapely.get_parts(shapely.difference(piece, shapely.union_all(keep_out)))
        room = max(rest, key=lambda g: g.area, default=None)
        if room is None or room.area < 0.25 * _MIN_LABEL_SHARE * frame.area:
            return None
    x0, y0, x1, y1 = frame.bounds
    tol = 0.002 * max(x1 - x0, y1 - y0)
    return polylabel(room.simplify(tol), tolerance=tol)


def _polygons(patch: PathPatch, frame: shapely.Geometry) -> list[shapely.Geometry]:
    """The polygons of a filled patch (outer rings with their holes), inside ``frame``."""
    rings = [np.asarray(r) for r in patch.get_path().to_polygons()]
    rings = [r for r in rings if len(r) >= 4]
    polys = [shapely.Polygon(r) for r in rings]
    polys = [p if p.is_valid else shapely.make_valid(p) for p in polys]
    if not polys:
        return []
    # even-odd: holes are rings inside other rings; the symmetric difference keeps them.
    # Reduced pairwise (a balanced tree: each overlay works on pieces of similar size; a
    # running difference re-overlays the growing whole once per ring, quadratic)
    level = np.asarray(polys, dtype=object)
    while len(level) > 1:
        paired = shapely.symmetric_difference(level[0:-1:2], level[1::2])
        level = np.concatenate([paired, level[len(level) - len(level) % 2 :]])
    shape = shapely.intersection(level[0], frame)
    return [g for g in shapely.get_parts(shape) if isinstance(g, shapely.Polygon)]


def finish_style(fig: Figure, style: FigureStyle, size: str | None) -> Figure:
    """The finishing touches every figure of this package gets: the print style's area
    labels, the site labels placed (:func:`.labels.place_labels`), round joins, and the
    paper size (``None``: the figure's own). Returns ``fig``."""
    if style.area_labels:
        area_labels(fig)
    place_labels(fig)  # after the area labels, which the labels keep clear of
    round_joins(fig)
    if size is not None:
        fit_to_paper(fig, size, min_font=style.min_font)
    return fig


def style_and_size(style: str | FigureStyle, size: str | None) -> FigureStyle:
    """The figure style of ``style``, once ``size`` is known to be a paper size or None
    (both checked before anything is drawn)."""
    if size is not None:
        paper_size(size)
    return figure_style(style)
