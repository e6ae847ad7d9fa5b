"""The ``sensitivity`` command: key metrics against a factor on every interceptor radius."""

from __future__ import annotations

import argparse
from typing import Any

from ..i18n import t
from ..output import check_suffix
from .common import (
    DEFAULT_PRESETS,
    add_format,
    add_inputs,
    add_lang,
    command,
    dpi_arg,
    format_table,
    number_arg,
    read_scenarios,
    say,
    text_arg,
)


def factor_arg(value: str) -> float:
    """A radius factor for --factor."""
    return number_arg(value, lo=0.05, hi=10.0, what="from 0.05 to 10")


def cmd_sensitivity(args: argparse.Namespace) -> int:
    from ..sensitivity import (  # lazy: the model (geodesy, geopandas)
        DEFAULT_FACTORS,
        SENSITIVITY_CAVEAT,
        sensitivity,
    )
    from ..tables import metrics_view  # lazy: loads pandas and numpy

    if args.output:  # before the work: a wrong extension is refused at once
        check_suffix(args.output, ("png", "svg", "pdf"), what="figure")
    scenarios = read_scenarios(args, default=DEFAULT_PRESETS)
    table = sensitivity(scenarios, args.factor or DEFAULT_FACTORS, architecture=args.architecture)
    if args.format in ("table", "markdown"):
        text = ""
        for _, rows in table.groupby("architecture", sort=False):
            rows = rows.assign(factor=[_factor(f, args.lang) for f in rows["factor"]])
            legend, view = metrics_view(rows, ["factor", "party"], lang=args.lang)
            text += "\n".join(legend) + "\n\n"
            text += format_table(view, args.format, args.lang) + "\n"
        text += _caveat(SENSITIVITY_CAVEAT, args.lang) + "\n"
    else:
        text = format_table(table, args.format)
    if args.output:
        from .. import plotting  # lazy: matplotlib, only for figures
        from ..plotting.sensitivity import plot_sensitivity  # lazy: matplotlib

        path = plotting.save_figure(
            plot_sensitivity(table, lang=args.lang), args.output, dpi=args.dpi
        )
        text += f"wrote {path}\n"
    say(text, end="")
    return 0


def _factor(f: float, lang: str) -> str:
    """A radius factor for people: ``x 0.75`` (``x 0,75`` in German and Russian)."""
    text = f"{f:g}"
    return f"x {text if lang == 'en' else text.replace('.', ',')}"


def _caveat(english: str, lang: str) -> str:
    """The sensitivity caveat in ``lang`` (the English one as the library writes it)."""
    if lang == "en":
        return english
    return (
        f"{t('notices.caveat', lang)}: {t('figures.sens_radii', lang)} "
        f"{t('notices.reach_caveat', lang)}"
    )


def register(sub: Any) -> None:
    p = command(
        sub,
        "sensitivity",
        cmd_sensitivity,
        "key metrics of each architecture with every interceptor radius times a factor",
    )
    add_inputs(p)
    p.add_argument(
        "--factor",
        action="append",
        type=factor_arg,
        metavar="X",
        help="a radius factor (repeatable; default 0.5, 0.75, 1, 1.25, 1.5)",
    )
    add_format(p)
    p.add_argument(
        "-o",
        "--output",
        type=text_arg,
        help="also draw the figure to this file (.png, .svg or .pdf)",
    )
    p.add_argument(
        "--dpi", type=dpi_arg, default=150, help="resolution of PNG output (default 150)"
    )
    add_lang(p)
