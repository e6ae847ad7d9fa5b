"""The ``mdcoverage`` command line: a thin layer over the library."""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .errors import MdcoverageError


def _cmd_data(args: argparse.Namespace) -> int:
    from . import geodata

    print(geodata.summary())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mdcoverage",
        description="Illustrative missile-defence coverage maps for teaching "
        "(notional parameters, not the performance of any real system).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"mdcoverage {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser(
        "data",
        help="summarise the bundled offline geodata",
        description="Summarise the bundled offline geodata (countries, land, cities).",
        epilog="example:\n  mdcoverage data",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(func=_cmd_data)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except MdcoverageError as exc:
        print(f"mdcoverage: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
