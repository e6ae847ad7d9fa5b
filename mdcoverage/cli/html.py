"""The ``html`` command: an offline web map students open without Python."""

from __future__ import annotations

import argparse
from typing import Any

from ..output import check_suffix
from .common import DEFAULT_PRESETS, add_inputs, add_lang, command, read_assessments, say, text_arg


def cmd_html(args: argparse.Namespace) -> int:
    from ..html import write_html_map  # lazy: the model and folium-offline

    check_suffix(args.output, ("html", "htm"), what="web map")
    assessments = read_assessments(args, default=DEFAULT_PRESETS)
    path = write_html_map(assessments, args.output, lang=args.lang)
    size_kb = path.stat().st_size / 1024
    say(
        f"wrote {path} ({len(assessments)} architectures, {size_kb:.0f} KB, as of "
        f"{', '.join(sorted({a.as_of.isoformat() for a in assessments}))}; opens offline)"
    )
    return 0


def register(sub: Any) -> None:
    p = command(
        sub,
        "html",
        cmd_html,
        "write one self-contained, offline HTML web map of architectures side by side",
    )
    add_inputs(p)
    p.add_argument(
        "-o",
        "--output",
        default="map.html",
        type=text_arg,
        help="output file, .html (default: map.html)",
    )
    add_lang(p)
