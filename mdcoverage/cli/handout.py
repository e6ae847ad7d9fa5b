"""The ``handout`` command: a printable worksheet (PDF) comparing two architectures."""

from __future__ import annotations

import argparse
from typing import Any

from .common import (
    add_inputs,
    add_lang,
    assess_ahead,
    command,
    resume_gc,
    say,
    text_arg,
    warm_view,
)

#: the two architectures a worksheet compares by default (``handout.DEFAULT_PRESETS``)
DEFAULT_HANDOUT_PRESETS = ("2011-independent", "2011-sectoral-east-west")


def cmd_handout(args: argparse.Namespace) -> int:
    wait = assess_ahead(args, default=DEFAULT_HANDOUT_PRESETS)  # assessing while plotting loads
    from .. import plotting  # noqa: F401  (lazy: matplotlib and cartopy, for the map)
    from ..handout import write_handout  # lazy: the worksheet (Typst)

    resume_gc()  # the big imports are done
    warm_view(args, "europe")  # the worksheet map's base layers, meanwhile

    lang = args.lang
    assessments = wait()
    path = write_handout(
        assessments, args.output, lang=lang, answers=args.answers, paper=args.paper
    )
    say(f"wrote {path} (worksheet{' with answers' if args.answers else ''}, {lang})")
    return 0


def register(sub: Any) -> None:
    p = command(
        sub,
        "handout",
        cmd_handout,
        "typeset a printable worksheet (PDF): the comparison map, a short table, "
        "questions, a glossary and the sources",
    )
    add_inputs(p)
    p.add_argument(
        "-o",
        "--output",
        default="worksheet.pdf",
        type=text_arg,
        help="output PDF (default: worksheet.pdf)",
    )
    p.add_argument("--answers", action="store_true", help="the teacher's version, with answers")
    p.add_argument(
        "--paper", default="a4", choices=["a4", "letter"], help="paper size (default: a4)"
    )
    add_lang(p)
