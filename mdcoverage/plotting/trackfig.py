"""The parties' styles and the legend of the notional-tracks figure (:func:`.figures.plot_tracks`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from matplotlib.artist import Artist
from matplotlib.lines import Line2D

from .layers import TRACK_MARKERS, assessment_styles
from .styles import PartyStyle, styles_for
from .words import word

if TYPE_CHECKING:
    from ..coverage import Assessment
    from ..tracks import TrackAnalysis

__all__ = ["track_legend_handles", "track_styles"]


def track_styles(
    analyses: Sequence[TrackAnalysis], assessments: Sequence[Assessment] | None
) -> list[PartyStyle]:
    """The parties' styles of a tracks figure: those of the assessments drawn under the
    tracks, else of the parties responsible along the tracks (nato, russia first)."""
    if assessments:
        return assessment_styles(assessments)
    parties = sorted({p for a in analyses for p in a.segments["responsible"] if p})
    return styles_for(
        [p for p in ("nato", "russia") if p in parties]
        + [p for p in parties if p not in ("nato", "russia")]
    )


def track_legend_handles(styles: Sequence[PartyStyle]) -> list[Artist]:
    """Legend entries of the tracks figure: who may engage, nobody, hand-over points,
    track start and end (the markers of :func:`~.layers.plot_track`)."""
    handles: list[Artist] = [
        Line2D(
            [],
            [],
            color=s.color,
            linewidth=3.2,
            label=word("figures.party_may_engage", party=s.label),
        )
        for s in styles
    ]
    nobody = word("figures.nobody_may_engage")
    handles.append(Line2D([], [], color="0.45", linewidth=1.6, label=nobody))
    keys = ("figures.handover", "figures.track_start", "figures.track_end")
    for (marker, face, size, _label), key in zip(TRACK_MARKERS, keys, strict=True):
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                markersize=math.sqrt(size),
                markerfacecolor=face,
                markeredgecolor="black",
                label=word(key),
            )
        )
    return handles
