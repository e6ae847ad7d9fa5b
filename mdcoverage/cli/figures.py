"""The figure commands: ``compare`` and ``map``."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import MdcoverageError
from .common import (
    DEFAULT_PRESETS,
    add_figure,
    add_inputs,
    add_lang,
    assess_ahead,
    command,
    figure_options,
    resume_gc,
    say,
    warm_view,
)


def cmd_compare(args: argparse.Namespace) -> int:
    wait = assess_ahead(args, default=DEFAULT_PRESETS)  # assessing while plotting loads
    from .. import plotting  # lazy: matplotlib and cartopy, only for figures

    resume_gc()  # the big imports are done
    warm_view(args)
    assessments = wait()
    fig = plotting.plot_comparison(
        assessments, labels=args.labels, lang=args.lang, **figure_options(args)
    )
    path = plotting.save_figure(fig, args.output, dpi=args.dpi)
    say(
        f"wrote {path} ({len(assessments)} architecture{'s' if len(assessments) != 1 else ''}, as of "
        f"{', '.join(sorted({a.as_of.isoformat() for a in assessments}))})"
    )
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    wait = assess_ahead(args)  # assessing while plotting loads
    from .. import plotting  # lazy: matplotlib and cartopy, only for figures

    resume_gc()  # the big imports are done
    warm_view(args)
    assessments = wait()
    if len(assessments) != 1:
        names = ", ".join(repr(a.name) for a in assessments)
        raise MdcoverageError(
            f"'map' draws one architecture but the input has {len(assessments)} ({names}); "
            "pick one with --architecture NAME, or use 'mdcoverage compare'"
        )
    fig = plotting.plot_map(
        assessments[0], labels=args.labels, lang=args.lang, **figure_options(args)
    )
    path = plotting.save_figure(fig, args.output, dpi=args.dpi)
    say(f"wrote {path}")
    return 0


def register(sub: Any) -> None:
    p = command(
        sub, "compare", cmd_compare, "draw architectures side by side with a metrics panel"
    )
    add_inputs(p)
    add_figure(p, "comparison.png")
    add_lang(p)

    p = command(sub, "map", cmd_map, "draw one architecture on a map")
    add_inputs(p)
    add_figure(p, "map.png")
    add_lang(p)
