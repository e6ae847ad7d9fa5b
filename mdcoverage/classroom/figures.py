"""The notional tracks of notebook 06: tables and the polar map, one call each.

Everything here is ground-track geometry of notional lines (see
:data:`mdcoverage.tracks.CAVEAT`): no timing, no probability, no capability.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .. import plotting
from ..coverage import assess
from ..crs import lonlat_transformer
from ..scenario import Scenario, load_preset
from ..tracks import CAVEAT, analyse_track
from .layout import ARCHITECTURE_PRESETS

__all__ = ["analyse_tracks", "plot_tracks", "stretches", "track_overview", "track_scenarios"]


def track_scenarios(presets=ARCHITECTURE_PRESETS) -> dict[str, Scenario]:
    """The presets by the name of their (first) architecture."""
    scenarios = [load_preset(p) for p in presets]
    return {sc.architectures[0].name or sc.architectures[0].type: sc for sc in scenarios}


def analyse_tracks(scenarios: dict[str, Scenario]) -> dict:
    """Every track of every scenario analysed: ``{(architecture, track): TrackResult}``."""
    return {
        (arch, t.name): analyse_track(sc, t.name, 0)
        for arch, sc in scenarios.items()
        for t in sc.tracks
    }


def track_overview(results: dict) -> pd.DataFrame:
    """Kilometres per party and hand-overs, one row per (track, architecture)."""
    rows = []
    for (arch, track), r in results.items():
        km = r.summary.set_index(["party", "status"])["km"]
        rows.append(
            {
                "track": track,
                "architecture": arch,
                "length (km)": r.length_km,
                "ends in": r.end_party or "none",
                "NATO may engage (km)": km.get(("nato", "may engage"), 0.0),
                "Russia may engage (km)": km.get(("russia", "may engage"), 0.0),
                "nobody may engage (km)": km.get(("", "nobody may engage"), 0.0),
                "hand-overs": len(r.handovers),
            }
        )
    return pd.DataFrame(rows).set_index(["track", "architecture"])


def stretches(r) -> pd.DataFrame:
    """A track's segments merged into stretches where nothing changes."""
    seg = r.segments.replace("", "—")
    keys = ["territory", "responsible", "overlapping", "may_engage"]
    block = (seg[keys] != seg[keys].shift()).any(axis=1).cumsum()
    out = seg.groupby(block).agg(
        from_km=("s0_km", "first"), to_km=("s1_km", "last"), **{k: (k, "first") for k in keys}
    )
    return out.reset_index(drop=True).round(0)


def _colours() -> dict[str, str]:
    return {
        "nato": plotting.party_style("nato").color,
        "russia": plotting.party_style("russia").color,
        "": "0.45",
    }


def _draw_track(ax, r, to_map, colour_of: dict) -> None:
    """A track coloured by who may engage; hand-overs, start and end marked."""
    x, y = to_map.transform(r.lon, r.lat)
    points = np.column_stack([x, y])
    may = r.segments["may_engage"].to_numpy()
    pieces = [points[i : i + 2] for i in range(len(may))]
    common = dict(transform=ax.projection, capstyle="round")
    ax.add_collection(
        LineCollection(pieces, colors="white", linewidths=6.5, zorder=4.9, **common),
        autolim=False,
    )
    lines = LineCollection(
        pieces,
        colors=[colour_of.get(p, "black") for p in may],
        linewidths=[3.5 if p else 1.8 for p in may],
        zorder=5,
        **common,
    )
    ax.add_collection(lines, autolim=False)
    hx, hy = to_map.transform(r.handovers["lon"].to_numpy(), r.handovers["lat"].to_numpy())
    marks = dict(zorder=6, transform=ax.projection)
    ax.scatter(hx, hy, s=40, facecolor="white", edgecolor="black", **marks)
    ax.scatter(x[0], y[0], s=60, marker="o", facecolor="white", edgecolor="black", **marks)
    ax.scatter(x[-1], y[-1], s=60, marker="s", facecolor="black", **marks)


def _legend_handles(colour_of: dict) -> list:
    return [
        Line2D([], [], color=colour_of["nato"], linewidth=3.5, label="NATO may engage"),
        Line2D([], [], color=colour_of["russia"], linewidth=3.5, label="Russia may engage"),
        Line2D([], [], color=colour_of[""], linewidth=1.8, label="Nobody may engage"),
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markerfacecolor="white",
            markeredgecolor="black",
            label="Hand-over point / start",
        ),
        Line2D([], [], linestyle="none", marker="s", color="black", label="End of track"),
    ]


def plot_tracks(scenarios: dict[str, Scenario], results: dict) -> Figure:
    """One polar panel per architecture: its defended areas and the tracks on top,
    coloured by who may engage, with hand-over points."""
    # the project's polar view, with its frame moved to show the Arctic and Europe
    polar = dataclasses.replace(
        plotting.view("polar"),
        name="polar-europe",
        extent=(-4_400_000.0, 4_600_000.0, -6_300_000.0, 2_000_000.0),
    )
    to_map, colour_of = lonlat_transformer(polar.crs), _colours()
    fig = Figure(figsize=(21, 10))
    fig.subplots_adjust(left=0.01, right=0.99, top=0.86, bottom=0.2, wspace=0.04)
    sc = next(iter(scenarios.values()))
    for i, (arch, sc) in enumerate(scenarios.items()):
        ax = plotting.new_map(polar, fig=fig, subplot=(1, len(scenarios), i + 1))
        plotting.plot_assessment(assess(sc), ax=ax, view=polar)
        for t in sc.tracks:
            _draw_track(ax, results[arch, t.name], to_map, colour_of)
    fig.legend(
        handles=_legend_handles(colour_of),
        loc="lower right",
        bbox_to_anchor=(0.99, 0.08),
        ncol=5,
        frameon=False,
        fontsize=11,
    )
    plotting.add_badge(fig.axes[0], as_of=sc.as_of, extra=CAVEAT)
    fig.suptitle(
        "Notional tracks: who may engage along the way (illustrative)",
        x=0.02,
        ha="left",
        fontsize=15,
        fontweight="bold",
    )
    return fig
