"""The ``mdcoverage`` command line: a thin layer over the library.

Every command prints one clear line and exits with status 1 on a problem of the input
(2 for a usage error), never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import math
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .cli_examples import EXAMPLES
from .dates import parse_date
from .errors import MdcoverageError, OutputError, ScenarioError
from .notices import TRACKS_CAVEAT
from .output import atomic_write, check_output

if TYPE_CHECKING:
    import pandas as pd

    from .coverage import Assessment
    from .scenario import Scenario
    from .tracks import TrackAnalysis

DEFAULT_PRESETS = ("2011-independent", "2011-sectoral-east-west", "2011-sectoral-podvig-2012")

# --------------------------------------------------------------------------- inputs


def _scenarios(args: argparse.Namespace, *, default: Sequence[str] = ()) -> list[Scenario]:
    """Scenarios from positional files/presets and --preset options, with --as-of."""
    # lazy: reading a scenario loads pandas, shapely and the geodata (not for --help)
    from .scenario import load_preset, preset_names, read_scenario, scenario_files

    refs = [("file", s) for s in getattr(args, "scenario", []) or []]
    refs += [("preset", p) for p in getattr(args, "preset", []) or []]
    if not refs:
        refs = [("preset", p) for p in default]
    if not refs:
        raise MdcoverageError(
            "give a scenario file or --preset NAME (see 'mdcoverage presets' for the names)"
        )
    out: list[Scenario] = []
    files: list[Path] = []
    for kind, ref in refs:
        is_path = ref.lower().endswith(".toml") or _exists(ref)
        if kind == "file" and not is_path and ref.lower() in preset_names():
            kind = "preset"
        out.append(load_preset(ref) if kind == "preset" else read_scenario(ref))
        if kind == "file":
            files += scenario_files(ref)
    check_output(getattr(args, "output", None), files)
    as_of = getattr(args, "as_of", None)
    if as_of:
        day = parse_date(as_of, name="--as-of")
        out = [s.replace(as_of=day) for s in out]
    for sc in out:
        _print_notes(sc)
    return out


def _exists(ref: str) -> bool:
    try:
        return os.path.lexists(ref)
    except (OSError, ValueError):
        return False


def _print_notes(scenario: Scenario) -> None:
    """Caveats of the parties on the scenario's date (no members yet, divided Germany,
    …), as notes on standard error so that tables and files stay clean."""
    from .parties import scenario_parties  # lazy: loads pandas and the geodata

    for p in scenario_parties(scenario):
        for note in p.notes(scenario.as_of):
            print(f"mdcoverage: note ({p.label}, {scenario.as_of}): {note}", file=sys.stderr)


def _assessments(args: argparse.Namespace, *, default: Sequence[str] = ()) -> list[Assessment]:
    from .coverage import assess, assess_all  # lazy: the model (geodesy, geopandas)

    scenarios = _scenarios(args, default=default)
    arch = getattr(args, "architecture", None)
    result = []
    for sc in scenarios:
        result += [assess(sc, arch)] if arch else assess_all(sc)
    return result


def _view(args: argparse.Namespace) -> Any:
    from . import plotting  # lazy: matplotlib and cartopy, only for figures

    if args.view == "site":
        if not args.center:
            raise MdcoverageError("--view site needs --center LON,LAT (degrees)")
        try:
            lon, lat = (float(v) for v in args.center.split(","))
        except ValueError:
            raise MdcoverageError(
                f"--center must be LON,LAT in degrees, e.g. 25,45; got {args.center!r}"
            ) from None
        return plotting.view("site", lon=lon, lat=lat, radius_km=args.radius_km)
    return plotting.view(args.view)


# --------------------------------------------------------------------------- commands


def _cmd_compare(args: argparse.Namespace) -> int:
    from . import plotting  # lazy: matplotlib and cartopy, only for figures

    assessments = _assessments(args, default=DEFAULT_PRESETS)
    fig = plotting.plot_comparison(assessments, view=_view(args), labels=args.labels)
    path = plotting.save_figure(fig, args.output, dpi=args.dpi)
    _say(
        f"wrote {path} ({len(assessments)} architectures, as of "
        f"{', '.join(sorted({a.as_of.isoformat() for a in assessments}))})"
    )
    return 0


def _cmd_map(args: argparse.Namespace) -> int:
    from . import plotting  # lazy: matplotlib and cartopy, only for figures

    assessments = _assessments(args)
    if len(assessments) != 1:
        names = ", ".join(repr(a.name) for a in assessments)
        raise MdcoverageError(
            f"'map' draws one architecture but the input has {len(assessments)} ({names}); "
            "pick one with --architecture NAME, or use 'mdcoverage compare'"
        )
    fig = plotting.plot_map(assessments[0], view=_view(args), labels=args.labels)
    path = plotting.save_figure(fig, args.output, dpi=args.dpi)
    _say(f"wrote {path}")
    return 0


def _cmd_metrics(args: argparse.Namespace) -> int:
    from .coverage import compare  # lazy: the model (geodesy, geopandas)

    assessments = _assessments(args)
    if len(assessments) == 1:
        a = assessments[0]
        table = getattr(a, args.level).reset_index(names=_index_name(args.level))
        table.insert(0, "architecture", a.name)
        table.insert(1, "as_of", a.as_of.isoformat())
    else:
        table = compare(assessments, level=args.level)
    text = _format_table(table, args.format)
    _emit(text, args.output)
    return 0


def _index_name(level: str) -> str:
    return {"parties": "party", "countries": "adm0_a3", "total": "scope"}[level]


def _cmd_presets(args: argparse.Namespace) -> int:
    from .scenario import list_presets  # lazy: reading scenarios loads pandas and the geodata

    table = list_presets()
    if args.format == "table":
        for row in table.itertuples():
            _say(f"{row.preset:<28} {row.title}  (as of {row.as_of})")
            _say(f"{'':<28} {row.description}")
    else:
        _emit(_format_table(table, args.format), None)
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from .scenario import read_scenario  # lazy: loads pandas, shapely and the geodata

    failed = 0
    for f in args.files:
        try:
            sc = read_scenario(f)
        except ScenarioError as exc:
            failed += 1
            print(f"mdcoverage: error: {exc}", file=sys.stderr)
            continue
        _say(
            f"ok: {f}: {sc.name!r}, as of {sc.as_of}, {len(sc.sites)} sites, "
            f"{len(sc.architectures)} architecture(s), {len(sc.tracks)} track(s)"
        )
        for line in sc.layering:
            _say(f"  {line}")
    return 1 if failed else 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import write_export  # lazy: the model and the GeoPackage writer

    assessments = _assessments(args)
    path = write_export(assessments, args.output)
    _say(f"wrote {path} ({len(assessments)} architecture(s))")
    return 0


def _cmd_tracks(args: argparse.Namespace) -> int:
    import pandas as pd  # lazy: not needed for --help

    analyses, assessments = _track_analyses(args)
    # km: length of track per party and status; at_km: where a hand-over happens, measured
    # from the track's start (so that summing km never counts a hand-over)
    table = pd.DataFrame(
        _track_rows(analyses), columns=["architecture", "track", "party", "status", "km", "at_km"]
    )
    text = _format_table(table, args.format)
    if args.format == "table":
        text += f"\n{TRACKS_CAVEAT}\n"
    if args.output:
        from . import plotting  # lazy: matplotlib and cartopy, only for figures

        fig = plotting.plot_tracks(analyses, view=_view(args), assessments=assessments)
        path = plotting.save_figure(fig, args.output, dpi=args.dpi)
        text += f"wrote {path}\n"
    _say(text, end="")
    return 0


def _track_analyses(args: argparse.Namespace) -> tuple[list[TrackAnalysis], list[Assessment]]:
    """The analyses of the chosen tracks and architectures, and (for a figure) the
    assessments of those architectures."""
    from .coverage import assess  # lazy: the model (geodesy, geopandas)
    from .tracks import analyse_track  # lazy: the model (geodesy, geopandas)

    analyses, assessments = [], []
    for sc in _scenarios(args):
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


def _track_rows(analyses: list[TrackAnalysis]) -> list[dict[str, Any]]:
    """Per analysis: km per party and status, then one row per hand-over."""
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
        for h in a.handovers.to_dict("records"):
            rows.append(
                {
                    "architecture": a.architecture,
                    "track": a.track.name,
                    "party": f"{h['from'] or 'nobody'} -> {h['to'] or 'nobody'}",
                    "status": f"hand-over at lon {h['lon']:.1f}, lat {h['lat']:.1f}",
                    "at_km": round(h["s_km"], 1),
                }
            )
    return rows


def _cmd_data(args: argparse.Namespace) -> int:
    from . import geodata  # lazy: loads geopandas

    _say(geodata.summary())
    return 0


# --------------------------------------------------------------------------- output


def _format_table(table: pd.DataFrame, fmt: str) -> str:
    from .tables import format_table  # lazy: loads pandas and numpy

    return format_table(table, fmt)


def _emit(text: str, output: str | None) -> None:
    if output in (None, "-"):
        _say(text, end="")
        return

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    path = atomic_write(output, write)
    _say(f"wrote {path}")


class StdoutError(OutputError):
    """Standard output cannot be written (a full device, a closed pipe)."""


def _say(text: str, end: str = "\n") -> None:
    """Print to standard output at once, turning a failure into one clear line."""
    try:
        sys.stdout.write(text + end)
        sys.stdout.flush()
    except OSError as exc:
        raise StdoutError(f"cannot write to standard output: {exc.strerror or exc}") from None


def _silence_stdout() -> None:
    """Point the real standard output at the null device, so that the interpreter's own
    final flush of what could not be written does not print a traceback."""
    real = sys.__stdout__
    if real is None or sys.stdout is not real:  # captured (tests, notebooks): leave it alone
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, real.fileno())
        os.close(null)


# --------------------------------------------------------------------------- parser


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line: ``mdcoverage COMMAND: error: MESSAGE (see ...)``."""

    def error(self, message: str):
        message = " ".join(str(message).split())  # no line breaks from user text
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _text(value: str) -> str:
    """A non-empty argument (an empty string is never silently ignored)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return value


def _number(value: str, *, lo: float, hi: float, integer: bool = False, what: str = ""):
    try:
        x = int(value) if integer else float(value)
    except ValueError:
        x = math.nan
    if not (math.isfinite(x) and lo <= x <= hi and (x > 0 or lo > 0)):
        kind = "a whole number" if integer else "a number"
        raise argparse.ArgumentTypeError(f"must be {kind} {what}; got {value!r}")
    return x


def _dpi(value: str) -> int:
    return _number(value, lo=10, hi=1200, integer=True, what="from 10 to 1200")


def _km(value: str) -> float:
    """A distance for --radius-km and --step-km."""
    from .geodesy import MAX_RADIUS_KM  # lazy: pyproj loads only once arguments are parsed

    return _number(
        value, lo=0, hi=MAX_RADIUS_KM, what=f"of km above 0 and at most {MAX_RADIUS_KM:.1f}"
    )


def _add_inputs(p, *, architecture=True):
    p.add_argument(
        "scenario", nargs="*", metavar="SCENARIO", help="scenario TOML file(s) (or preset names)"
    )
    p.add_argument(
        "--preset",
        action="append",
        type=_text,
        metavar="NAME",
        help="a shipped preset (repeatable); 'mdcoverage presets' lists them",
    )
    p.add_argument(
        "--as-of",
        type=_text,
        metavar="YYYY-MM-DD",
        help="compute membership as of this date instead of the scenario's",
    )
    if architecture:
        p.add_argument(
            "--architecture",
            type=_text,
            metavar="NAME",
            help="only this architecture of the scenario (its name or type)",
        )


_FORMAT_HELP = (
    "output format: table (default, for the terminal), csv (full precision; a text cell "
    "starting with = + - or @ gets a leading ' so that spreadsheets do not run it as a "
    "formula), json or markdown"
)


def _add_figure(p, default_output):
    p.add_argument(
        "-o",
        "--output",
        default=default_output,
        type=_text,
        help="output file; the format follows the extension: .png, .svg or .pdf "
        + (f"(default: {default_output})" if default_output else "(optional: draws a figure)"),
    )
    p.add_argument(
        "--view",
        default="europe",
        choices=["europe", "polar", "site"],
        help="map view: europe (equal-area EPSG:3035, default), polar, or site "
        "(azimuthal equidistant around --center)",
    )
    p.add_argument(
        "--center", type=_text, metavar="LON,LAT", help="centre of the 'site' view, degrees"
    )
    p.add_argument(
        "--radius-km",
        type=_km,
        default=3000.0,
        help="extent of the 'site' view, km (above 0, at most 20003.9, half the Earth; default 3000)",
    )
    p.add_argument("--labels", action="store_true", help="label the sites on the map")
    p.add_argument(
        "--dpi", type=_dpi, default=150, help="resolution of PNG output (10 to 1200; default 150)"
    )


def build_parser() -> argparse.ArgumentParser:
    """The ``mdcoverage`` parser with every command, its options and examples."""
    parser = _Parser(
        prog="mdcoverage",
        description="Illustrative missile-defence coverage maps for teaching: compare "
        "'sectoral' and 'two independent systems' architectures on geodesic maps.\n"
        "Notional parameters only, not the performance of any real system.",
        epilog="examples:\n  mdcoverage compare            # draw the default 2011 comparison\n"
        "  mdcoverage presets            # list the shipped presets\n"
        "  mdcoverage metrics --preset 2011-independent\n"
        "run 'mdcoverage COMMAND --help' for the options and examples of each command",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"mdcoverage {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_figure_commands(sub)
    _add_table_commands(sub)
    _add_other_commands(sub)
    _add_tracks_command(sub)
    _command(sub, "data", _cmd_data, "summarise the bundled offline geodata")
    return parser


_Command = Callable[[argparse.Namespace], int]


def _command(sub: Any, name: str, func: _Command, help_: str) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_,
        description=help_[0].upper() + help_[1:] + ".",
        epilog=EXAMPLES[name],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(func=func, command_parser=p)
    return p


def _add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        default="table",
        choices=["table", "csv", "json", "markdown"],
        help=_FORMAT_HELP,
    )


def _add_figure_commands(sub: Any) -> None:
    p = _command(
        sub, "compare", _cmd_compare, "draw architectures side by side with a metrics panel"
    )
    _add_inputs(p)
    _add_figure(p, "comparison.png")

    p = _command(sub, "map", _cmd_map, "draw one architecture on a map")
    _add_inputs(p)
    _add_figure(p, "map.png")


def _add_table_commands(sub: Any) -> None:
    p = _command(sub, "metrics", _cmd_metrics, "print the metrics of one or more architectures")
    _add_inputs(p)
    p.add_argument(
        "--level",
        default="parties",
        choices=["parties", "countries", "total"],
        help="aggregate per party (default), per country, or in total",
    )
    _add_format(p)
    p.add_argument(
        "-o", "--output", type=_text, help="write to this file instead of the terminal ('-')"
    )

    p = _command(
        sub, "presets", _cmd_presets, "list the shipped presets with a one-line description"
    )
    _add_format(p)


def _add_other_commands(sub: Any) -> None:
    p = _command(sub, "validate", _cmd_validate, "check scenario files and report every problem")
    p.add_argument("files", nargs="+", metavar="SCENARIO.toml")

    p = _command(
        sub,
        "export",
        _cmd_export,
        "export footprints, sectors, responsibility and defended "
        "areas with provenance (GeoPackage or GeoJSON)",
    )
    _add_inputs(p)
    p.add_argument(
        "-o",
        "--output",
        required=True,
        type=_text,
        help="output file: .gpkg (GeoPackage) or .geojson",
    )


def _add_tracks_command(sub: Any) -> None:
    p = _command(
        sub,
        "tracks",
        _cmd_tracks,
        "who may engage along notional tracks, per architecture (km per party, hand-over points)",
    )
    _add_inputs(p)
    p.add_argument("--track", type=_text, metavar="NAME", help="only this track (default: all)")
    p.add_argument(
        "--step-km",
        type=_km,
        default=5.0,
        help="sampling step along the track, km (default 5; at most 20,000 samples a track)",
    )
    _add_format(p)
    _add_figure(p, None)
    p.set_defaults(view="polar")


def main(argv: list[str] | None = None) -> int:
    """Run the ``mdcoverage`` command with ``argv`` (default: ``sys.argv[1:]``, as the
    installed command does); returns the exit status."""
    previous = _catch_sigterm()
    try:
        return _main(argv)
    finally:
        _restore_sigterm(previous)
        if argv is None:  # the installed command: this process ends now
            _final_flush()
            _skip_final_gc()


def _main(argv: list[str] | None) -> int:
    try:
        parser = build_parser()
        args, extra = parser.parse_known_args(argv)
        if extra:  # reported by the command's parser, which names the command
            which = getattr(args, "command_parser", None) or parser
            which.error(f"unrecognized arguments: {' '.join(extra)}")
        if not getattr(args, "func", None):
            parser.print_help()
            return 0
        return _run(args)
    except MdcoverageError as exc:
        if isinstance(exc, StdoutError):
            _silence_stdout()
        print(f"mdcoverage: error: {exc}", file=sys.stderr)
        return 1
    except Terminated:
        print("mdcoverage: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print("mdcoverage: interrupted", file=sys.stderr)
        return 130


def _run(args) -> int:
    """Run the command; library warnings become ``mdcoverage: warning:`` lines."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = args.func(args)
    _print_warnings(caught)
    return code


def _print_warnings(caught, limit: int = 5) -> None:
    """One line per distinct user-relevant warning (a glyph missing from the font, ...);
    internal ones (deprecations, pandas performance hints) are dropped."""
    lines = []
    for w in caught:
        cat = w.category
        if not issubclass(cat, UserWarning) or cat.__name__ == "PerformanceWarning":
            continue
        line = " ".join(str(w.message).split())
        if line and line not in lines:
            lines.append(line)
    for line in lines[:limit]:
        print(f"mdcoverage: warning: {line}", file=sys.stderr)
    if len(lines) > limit:
        print(f"mdcoverage: warning: ... and {len(lines) - limit} more", file=sys.stderr)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that every write cleans up its temporary file."""


def _on_sigterm(signum, frame):
    raise Terminated


def _catch_sigterm():
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _on_sigterm)


def _restore_sigterm(previous) -> None:
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


def _final_flush() -> None:
    """Flush standard output (e.g. ``--help`` into a full device) with one clear line."""
    try:
        sys.stdout.flush()
    except OSError as exc:
        _silence_stdout()
        print(
            f"mdcoverage: error: cannot write to standard output: {exc.strerror}", file=sys.stderr
        )
        raise SystemExit(1) from None


def _skip_final_gc() -> None:
    """Let the interpreter's shutdown skip its garbage collection of everything loaded.

    With numpy, pandas, matplotlib and cartopy loaded that collection takes ~0.3 s of a
    ~2.5 s command, to free memory that the operating system takes back anyway. Frozen
    objects are simply not collected; files are closed and flushed as before (outputs are
    closed before this point), and atexit handlers still run.
    """
    gc.freeze()


if __name__ == "__main__":
    raise SystemExit(main())
