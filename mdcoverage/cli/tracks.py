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
    import pandas as pd

    from ..coverage import Assessment
    from ..tracks import TrackAnalysis


def cmd_tracks(args: argparse.Namespace) -> int:
    import pandas as pd  # lazy: not needed for --help

    from ..i18n import t  # lazy: the catalogue, not needed for --help

    analyses, assessments = track_analyses(args)
    # km: length of track per party and status; at_km: where a hand-over happens, measured
    # from the track's start (so that summing km never counts a hand-over)
    rows = track_rows(analyses)
    table = pd.DataFrame(rows, columns=COLUMNS)
    if args.format in ("table", "markdown") and args.lang != "en":  # for people: translated
        table = localized_table(rows, args.lang)
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


#: the columns of the tracks table
COLUMNS = ["architecture", "track", "party", "status", "km", "at_km"]

#: catalogue keys of the headers, and of the statuses, of the tracks table for people
_HEADER_KEYS = {
    "architecture": "tracks.architecture",
    "track": "tracks.track",
    "party": "tracks.party",
    "status": "tracks.status",
    "km": "tracks.km",
    "at_km": "tracks.at_km",
}
_STATUS_KEYS = {
    "may engage": "tracks.may_engage",
    "overlaps, not responsible": "tracks.overlaps",
    "responsible, no footprint": "tracks.no_footprint",
    "nobody may engage": "tracks.nobody",
    "starts here; in another party's reach (geometry only)": "tracks.starts_here",
}


def localized_table(rows: list[dict[str, Any]], lang: str) -> pd.DataFrame:
    """The rows of :func:`track_rows` for people reading ``lang``: headers, statuses,
    party and shipped architecture names translated, numbers in the language's format."""
    import pandas as pd  # lazy: loads pandas and numpy

    from ..i18n import number, party_name, preset_text, t  # lazy: the catalogue

    def party(text: str) -> str:
        names = [party_name("none" if p == "nobody" else p, lang) for p in text.split(" -> ")]
        return text if text == "-" else " -> ".join(names)

    def km(value: Any) -> str:
        return "" if value is None or value != value else number(value, lang, 1)

    out = []
    for r in rows:
        if "lon" in r:
            lon, lat = (number(r[k], lang, 1) for k in ("lon", "lat"))
            status = t("tracks.handover", lang, lon=lon, lat=lat)
        else:
            status = t(_STATUS_KEYS[r["status"]], lang)
        out.append(
            {
                "architecture": preset_text(r["architecture"], lang),
                "track": r["track"],
                "party": party(r["party"]),
                "status": status,
                "km": km(r.get("km")),
                "at_km": km(r.get("at_km")),
            }
        )
    headers = {c: t(k, lang) for c, k in _HEADER_KEYS.items()}
    return pd.DataFrame(out, columns=COLUMNS).rename(columns=headers)


def track_rows(analyses: list[TrackAnalysis]) -> list[dict[str, Any]]:
    """Per analysis: km per party and status, then one row per hand-over (with its
    ``lon`` and ``lat``, not a column of the table)."""
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
                    "lon": h["lon"],
                    "lat": h["lat"],
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
