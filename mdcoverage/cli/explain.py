"""The ``explain`` command: the metrics in plain sentences, for a class."""

from __future__ import annotations

import argparse
from typing import Any

from .common import (
    DEFAULT_PRESETS,
    add_inputs,
    add_lang,
    command,
    emit,
    read_assessments,
    text_arg,
)


def cmd_explain(args: argparse.Namespace) -> int:
    from .. import sentences  # lazy: the model (pandas, the geodata)
    from ..i18n import long_date, t  # lazy: not needed for --help

    lang = args.lang
    assessments = read_assessments(args, default=DEFAULT_PRESETS)
    lines: list[str] = []
    for a in assessments:
        day = long_date(a.as_of, lang)
        lines += [t("sentences.heading", lang, architecture=a.name, date=day), ""]
        lines += [f"  {s}" for s in sentences.party_sentences(a, lang)]
        wanted = args.country or [
            c for c in sentences.COUNTRIES_OF_INTEREST if c in a.countries.index
        ]
        for country in wanted:
            lines += [f"  {s}" for s in sentences.country_sentences(a, country, lang)]
        lines.append("")
    first = assessments[0]
    for other in assessments[1:]:
        lines += [t("sentences.differences", lang, other=other.name, first=first.name), ""]
        lines += [f"  {s}" for s in sentences.difference_sentences(first, other, 3, lang)]
        lines.append("")
    lines += sentences.caveats(lang)
    emit("\n".join(lines) + "\n", args.output)
    return 0


def register(sub: Any) -> None:
    p = command(
        sub,
        "explain",
        cmd_explain,
        "the metrics in plain sentences: per party, per country of interest, and the "
        "largest differences between the architectures",
    )
    add_inputs(p)
    p.add_argument(
        "--country",
        action="append",
        type=text_arg,
        metavar="CODE_OR_NAME",
        help="a country of interest (ADM0_A3 code such as EST, or its name; repeatable; "
        "default: the Baltic states, Poland, Romania, Turkey, Russia and Belarus)",
    )
    p.add_argument(
        "-o", "--output", type=text_arg, help="write to this file instead of the terminal ('-')"
    )
    add_lang(p)
