"""The ``site`` command: an offline folder of maps and background for a lesson."""

from __future__ import annotations

import argparse
from typing import Any

from .common import DEFAULT_PRESETS, add_lang, command, say, text_arg


def cmd_site(args: argparse.Namespace) -> int:
    from ..site import build_site  # lazy: the model, matplotlib and folium-offline

    folder = build_site(args.output, comparison=DEFAULT_PRESETS, force=args.force, lang=args.lang)
    n = sum(1 for _ in folder.iterdir())
    say(f"wrote {folder}/ ({n} files; open {folder / 'index.html'} in a browser, offline)")
    return 0


def register(sub: Any) -> None:
    p = command(
        sub,
        "site",
        cmd_site,
        "write an offline folder for a lesson: web maps, comparison figures and background",
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        type=text_arg,
        metavar="FOLDER",
        help="the folder to write",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace FOLDER if it exists and is not empty (only once the new one is complete)",
    )
    add_lang(p)
