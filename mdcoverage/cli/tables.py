"""The table commands: ``metrics`` and ``presets``."""

from __future__ import annotations

import argparse
from typing import Any

from ..i18n import t
from .common import (
    add_format,
    add_inputs,
    add_lang,
    command,
    emit,
    format_table,
    read_assessments,
    say,
    text_arg,
)


def cmd_metrics(args: argparse.Namespace) -> int:
    from ..coverage import compare  # lazy: the model (geodesy, geopandas)
    from ..tables import md_cell, metrics_view  # lazy: loads pandas and numpy

    assessments = read_assessments(args)
    ids = [index_name(args.level)] + (["name", "party"] if args.level == "countries" else [])
    if len(assessments) == 1:
        a = assessments[0]
        table = getattr(a, args.level).reset_index(names=index_name(args.level))
        table.insert(0, "architecture", a.name)
        table.insert(1, "as_of", a.as_of.isoformat())
    else:
        table = compare(assessments, level=args.level)
    if args.format not in ("table", "markdown"):  # CSV, JSON: every column, fractions
        emit(format_table(table, args.format), args.output)
        return 0
    if args.format == "markdown" and len(assessments) == 1:  # a table for documents
        ids = ["architecture", "as_of", *ids]
    legend, view = metrics_view(table, ids, all_metrics=args.all, lang=args.lang)
    text = format_table(view, args.format, args.lang)
    if args.format == "markdown":
        legend = [f"{md_cell(line)}  " for line in legend if len(assessments) > 1]
    notes = [t("tables.note", args.lang)]
    notes += [t("notices.caveat", args.lang) + ".", t("notices.reach_caveat", args.lang)]
    head = "\n".join(legend) + "\n\n" if legend else ""
    emit(head + text + "\n" + "\n".join(notes) + "\n", args.output)
    return 0


def index_name(level: str) -> str:
    return {"parties": "party", "countries": "adm0_a3", "total": "scope"}[level]


def cmd_presets(args: argparse.Namespace) -> int:
    from ..scenario import list_presets  # lazy: reading scenarios loads pandas and the geodata

    table = list_presets()
    if args.format == "table":
        for row in table.itertuples():
            say(f"{row.preset:<28} {row.title}  (as of {row.as_of})")
            say(f"{'':<28} {row.description}")
    else:
        emit(format_table(table, args.format), None)
    return 0


def register(sub: Any) -> None:
    p = command(sub, "metrics", cmd_metrics, "print the metrics of one or more architectures")
    add_inputs(p)
    p.add_argument(
        "--level",
        default="parties",
        choices=["parties", "countries", "total"],
        help="aggregate per party (default), per country, or in total",
    )
    add_format(p)
    p.add_argument(
        "--all",
        action="store_true",
        help="every metric under its full name (default for table and markdown: the key "
        "metrics under short headers; csv and json always carry every metric)",
    )
    p.add_argument(
        "-o", "--output", type=text_arg, help="write to this file instead of the terminal ('-')"
    )
    add_lang(p)

    p = command(
        sub, "presets", cmd_presets, "list the shipped presets with a one-line description"
    )
    add_format(p)
