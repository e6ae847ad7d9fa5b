"""Site and track labels placed without overlap: a small deterministic placement routine.

The layers draw each label next to its point (an annotation with ``gid`` ``site-label:…``
or ``track-label:…``); once a figure's layout is final, :func:`place_labels` moves them.
Each label tries positions around its point, nearest first (right and above, then the
other sides, then rings further out), and takes the first whose box lies inside its map,
clear of every label already placed and of the site and track markers. A label moved off
the first ring gets a thin leader line to its point. A label with no free position is
left out, and the map says how many were (a note in its lower left corner, kept free).
Nothing is random: the same figure always gets the same placement.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from .layout import text_height, text_width, wrap_to_width
from .words import word

__all__ = ["LABEL_GIDS", "NOTE_GID", "place_labels"]

#: The ``gid`` prefixes of the labels :func:`place_labels` places.
LABEL_GIDS = ("site-label", "track-label")
#: The ``gid`` of the note that says how many labels were left out.
NOTE_GID = "labels-left-out"
#: The ``gid`` prefixes of the markers labels keep clear of.
MARKER_GIDS = ("sites:", "handovers", "track-ends")

#: Distances (points) of the rings of candidate positions from the point.
RINGS = (6.0, 16.0, 28.0, 42.0, 58.0, 76.0)
#: Directions tried on each ring, in order: (dx, dy) steps (right/left, up/down).
DIRECTIONS = (
    (1, 0.6),
    (1, -0.6),
    (-1, 0.6),
    (-1, -0.6),
    (0, 1),
    (0, -1),
    (1, 0),
    (-1, 0),
    (0.5, 1),
    (-0.5, 1),
    (0.5, -1),
    (-0.5, -1),
)
#: Clearance around every label box (points; the white halo).
GAP = 1.5


def place_labels(fig: Figure) -> list[Text]:
    """Place the labels of every map of ``fig`` (see the module docstring). Call once the
    figure's size and layout are final. Returns the labels left out (removed)."""
    dropped: list[Text] = []
    placed: list[Bbox] = []
    for ax in fig.axes:
        labels = [
            t
            for t in ax.texts
            if isinstance(t, Annotation) and str(t.get_gid() or "").startswith(LABEL_GIDS)
        ]
        if labels:
            dropped += _place_in(fig, ax, labels, placed)
    return dropped


def _place_in(fig: Figure, ax: Axes, labels: list[Annotation], placed: list[Bbox]) -> list[Text]:
    """Place the labels of one map; ``placed``: boxes (pixels) already taken."""
    ax.apply_aspect()
    frame = ax.bbox
    px = fig.dpi / 72.0
    note_size = float(labels[0].get_fontsize())
    note_w = frame.width / px - 6.0  # the note's lines: at most the map's width (points)
    longest = _note(len(labels), note_size, note_w)
    note_box = Bbox.from_bounds(
        frame.x0 + 3 * px,
        frame.y0 + 3 * px,
        text_width(longest, note_size) * px,
        text_height(longest, note_size) * px,
    )
    taken = [*placed, note_box, *_area_label_boxes(ax, px)]
    markers = _marker_boxes(ax, px)
    order = sorted(
        range(len(labels)),
        key=lambda i: (-_anchor(ax, labels[i])[1], _anchor(ax, labels[i])[0], i),
    )
    dropped: list[Text] = []
    for i in order:
        t = labels[i]
        box = _first_free(ax, t, frame, taken, markers, px)
        if box is None:
            dropped.append(t)
            t.remove()
        else:
            taken.append(box)
            placed.append(box)
    if dropped:
        note = ax.annotate(
            _note(len(dropped), note_size, note_w),
            (0.0, 0.0),
            xycoords="axes fraction",
            xytext=(3.0, 3.0),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=note_size,
            color="0.2",
            zorder=7.5,
            parse_math=False,
        )
        note.set_path_effects(labels[0].get_path_effects())
        note.set_gid(NOTE_GID)
    return dropped


def _area_label_boxes(ax: Axes, px: float) -> list[Bbox]:
    """The boxes (pixels) of the print style's area labels ("NATO defends", centred on
    their point), which the labels keep clear of."""
    out = []
    for t in ax.texts:
        if str(t.get_gid() or "").startswith("area-label:"):
            x, y = t.get_transform().transform(t.get_position())
            size = float(t.get_fontsize())
            w, h = text_width(t.get_text(), size, bold=True) * px, text_height("", size) * px
            out.append(Bbox.from_bounds(x - w / 2, y - h / 2, w, h))
    return out


def _note(n: int, size: float, width: float) -> str:
    """The note on ``n`` labels left out, wrapped to ``width`` points at ``size``."""
    return wrap_to_width(word("figures.labels_left_out", count=n), size, width)


def _anchor(ax: Axes, t: Annotation) -> tuple[float, float]:
    x, y = ax.transData.transform(t.xy)
    return float(x), float(y)


def _marker_boxes(ax: Axes, px: float) -> list[Bbox]:
    """Boxes (pixels) of the point markers of the map, slightly smaller than drawn."""
    out: list[Bbox] = []
    for c in ax.collections:
        if not isinstance(c, PathCollection):
            continue
        if not str(c.get_gid() or "").startswith(MARKER_GIDS):
            continue
        xy = ax.transData.transform(np.asarray(c.get_offsets(), dtype=float))
        sizes = np.broadcast_to(np.asarray(c.get_sizes(), dtype=float), (len(xy),))
        for (x, y), s in zip(xy, sizes, strict=True):
            if np.isfinite(x) and np.isfinite(y):
                r = 0.4 * math.sqrt(s) * px
                out.append(Bbox.from_extents(x - r, y - r, x + r, y + r))
    return out


def _candidate(
    x: float, y: float, w: float, h: float, dx: float, dy: float, d: float, px: float
) -> tuple[Bbox, tuple[float, float], str, str]:
    """The box (pixels), offset (points) and alignment of one candidate position."""
    ox, oy = dx * d, dy * d
    ha = "left" if dx > 0 else ("right" if dx < 0 else "center")
    va = "bottom" if dy > 0 else ("top" if dy < 0 else "center")
    left = x + ox * px - {"left": 0.0, "right": w, "center": w / 2}[ha]
    bottom = y + oy * px - {"bottom": 0.0, "top": h, "center": h / 2}[va]
    g = GAP * px
    return Bbox.from_extents(left - g, bottom - g, left + w + g, bottom + h + g), (ox, oy), ha, va


def _first_free(
    ax: Axes,
    t: Annotation,
    frame: Bbox,
    taken: Sequence[Bbox],
    markers: Sequence[Bbox],
    px: float,
) -> Bbox | None:
    """Move ``t`` to its first free position; its box, or None when there is none."""
    x, y = _anchor(ax, t)
    size = float(t.get_fontsize())
    w = text_width(t.get_text(), size) * px
    h = text_height(t.get_text(), size) * px
    for ring, d in enumerate(RINGS):
        for dx, dy in DIRECTIONS:
            box, offset, ha, va = _candidate(x, y, w, h, dx, dy, d, px)
            if not _inside(box, frame) or _hits(box, taken) or _hits(box, markers):
                continue
            _move(ax, t, offset, ha, va, leader=ring > 0)
            return box
    return None


def _inside(box: Bbox, frame: Bbox) -> bool:
    return bool(
        box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1
    )


def _hits(box: Bbox, others: Sequence[Bbox]) -> bool:
    return any(box.overlaps(o) for o in others)


def _move(
    ax: Axes, t: Annotation, offset: tuple[float, float], ha: str, va: str, *, leader: bool
) -> None:
    """Put ``t`` at ``offset`` (points) from its point; with ``leader``, replace it by the
    same label with a thin leader line to the point."""
    if not leader:
        t.xyann = offset
        t.set_horizontalalignment(ha)  # type: ignore[arg-type]
        t.set_verticalalignment(va)  # type: ignore[arg-type]
        return
    moved = ax.annotate(
        t.get_text(),
        t.xy,
        xytext=offset,
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=t.get_fontsize(),
        color=t.get_color(),
        zorder=t.get_zorder(),
        path_effects=t.get_path_effects(),
        parse_math=False,
        arrowprops={
            "arrowstyle": "-",
            "color": "0.3",
            "linewidth": 0.6,
            "shrinkA": 1.0,
            "shrinkB": 3.0,
        },
    )
    moved.set_gid(t.get_gid())
    t.remove()
