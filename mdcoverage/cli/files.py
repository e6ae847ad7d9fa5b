"""The commands about files: ``validate``, ``export`` and ``data``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import ScenarioError
from .common import add_inputs, command, read_assessments, say, text_arg


def cmd_validate(args: argparse.Namespace) -> int:
    from ..scenario import read_scenario  # lazy: loads pandas, shapely and the geodata

    failed = 0
    for f in args.files:
        try:
            sc = read_scenario(f)
        except ScenarioError as exc:
            failed += 1
            print(f"mdcoverage: error: {exc}", file=sys.stderr)
            continue
        say(
            f"ok: {f}: {sc.name!r}, as of {sc.as_of}, {len(sc.sites)} sites, "
            f"{len(sc.architectures)} architecture(s), {len(sc.tracks)} track(s)"
        )
        for line in sc.layering:
            say(f"  {line}")
    return 1 if failed else 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..export import write_export  # lazy: the model and the GeoPackage writer

    assessments = read_assessments(args)
    path = write_export(assessments, args.output)
    say(f"wrote {path} ({len(assessments)} architecture(s))")
    return 0


def cmd_data(args: argparse.Namespace) -> int:
    from .. import geodata  # lazy: loads geopandas

    say(geodata.summary())
    return 0


def register(sub: Any) -> None:
    p = command(sub, "validate", cmd_validate, "check scenario files and report every problem")
    p.add_argument("files", nargs="+", metavar="SCENARIO.toml")

    p = command(
        sub,
        "export",
        cmd_export,
        "export footprints, sectors, responsibility and defended "
        "areas with provenance (GeoPackage or GeoJSON)",
    )
    add_inputs(p)
    p.add_argument(
        "-o",
        "--output",
        required=True,
        type=text_arg,
        help="output file: .gpkg (GeoPackage) or .geojson",
    )

    command(sub, "data", cmd_data, "summarise the bundled offline geodata")
