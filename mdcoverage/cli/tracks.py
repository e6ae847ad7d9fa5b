"""The ``tracks`` command: who may engage along notional tracks."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from ..errors import MdcoverageError
from .common import (
    add_figure,
    add_format,
    add_inputs,
    add_lang,
    command,
    figure_options,
    format_table,
    km_arg,
    read_scenarios,
    say,
    text_arg,
)

if TYPE_CHECKING:
    from ..coverage import Assessment
    from ..tracks import TrackAnalysis


def cmd_tracks(args: argparse.Namespace) -> int:
    import pandas as pd  # lazy: not needed for --help

    from ..i18n import t  # lazy: the catalogue, not needed for --help

    analyses, assessments = track_analyses(args)
    # km: length of track per party and status; at_km: where a hand-over happens, measured
    # from the track's start (so that summing km never counts a hand-over)
    table = pd.DataFrame(
        track_rows(analyses), columns=["architecture", "track", "party", "status", "km", "at_km"]
    )
    text = format_table(table, args.format)
    if args.format == "table":
        text += f"\n{t('notices.tracks_caveat', args.lang)}\n"
    if args.output:
        from .. import plotting  # lazy: matplotlib and cartopy, only for figures

        fig = plotting.plot_tracks(
            analyses, assessments=assessments, lang=args.lang, **figure_options(args)
        )
        path = plotting.save_figure(fig, args.output, dpi=args.dpi)
        text += f"wrote {path}\n"
    say(text, end="")
    return 0


def track_analyses(args: argparse.Namespace) -> tuple[list[TrackAnalysis], list[Assessment]]:
    """The analyses of the chosen tracks and architectures, and (for a figure) the
    assessments of those architectures."""
    from ..coverage import assess  # lazy: the model (geodesy, geopandas)
    from ..tracks import analyse_track  # lazy: the model (geodesy, geopandas)

    analyses, assessments = [], []
    for sc in read_scenarios(args):
        if not sc.tracks:
            raise MdcoverageError(
                f"{sc.source}: the scenario has no [[tracks]]; add one with start = [lon, lat] "
                "and end = [lon, lat]"
            )
        tracks = [args.track] if args.track else [t.name for t in sc.tracks]
        archs = [args.architecture] if args.architecture else list(range(len(sc.architectures)))
        for arch in archs:
            if args.output:
                assessments.append(assess(sc, arch))
            for t in tracks:
                analyses.append(analyse_track(sc, t, arch, step_km=args.step_km))
    return analyses, assessments


def track_rows(analyses: list[TrackAnalysis]) -> list[dict[str, Any]]:
    """Per analysis: km per party and status, then one row per hand-over."""
    rows: list[dict[str, Any]] = []
    for a in analyses:
        summary = a.summary[a.summary["km"] > 0]
        for r in summary.itertuples(index=False):
            rows.append(
                {
                    "architecture": a.architecture,
                    "track": a.track.name,
                    "party": r.party or "-",
                    "status": r.status,
                    "km": round(r.km, 1),
                }
            )
        if a.others_reach_km:  # the track leaves a party's territory: Russia's concern
            rows.append(
                {
                    "architecture": a.architecture,
                    "track": a.track.name,
                    "party": a.start_party,
                    "status": "starts here; in another party's reach (geometry only)",
                    "km": round(a.others_reach_km["any"], 1),
                }
            )
        for h in a.handovers.to_dict("records"):
            rows.append(
                {
                    "architecture": a.architecture,
                    "track": a.track.name,
                    "party": f"{h['from'] or 'nobody'} -> {h['to'] or 'nobody'}",
                    "status": f"hand-over at lon {h['lon']:.1f}, lat {h['lat']:.1f}",
                    "at_km": round(h["s_km"], 1),
                }
            )
    return rows


def register(sub: Any) -> None:
    p = command(
        sub,
        "tracks",
        cmd_tracks,
        "who may engage along notional tracks, per architecture (km per party, hand-over points)",
    )
    add_inputs(p)
    p.add_argument("--track", type=text_arg, metavar="NAME", help="only this track (default: all)")
    p.add_argument(
        "--step-km",
        type=km_arg,
        default=5.0,
        help="sampling step along the track, km (default 5; at most 20,000 samples a track)",
    )
    add_format(p)
    add_figure(p, None)
    add_lang(p)
    p.set_defaults(view="polar")
