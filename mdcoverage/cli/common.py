"""What every ``mdcoverage`` command shares: reading its inputs, its common options, and
writing to standard output or a file with one clear line on failure."""

from __future__ import annotations

import argparse
import contextlib
import gc
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..dates import parse_date
from ..errors import MdcoverageError, OutputError
from ..output import atomic_write, check_output
from .examples import EXAMPLES

if TYPE_CHECKING:
    import pandas as pd

    from ..coverage import Assessment
    from ..scenario import Scenario

#: the names of ``--style`` and ``--size`` (as in mdcoverage.plotting.styles.STYLE_NAMES and
#: mdcoverage.plotting.paper.PAPER_SIZES; kept here so that --help does not load matplotlib)
FIGURE_STYLES = ("screen", "print")
PAPER_SIZES = ("a4-landscape", "a4-portrait", "letter-landscape", "letter-portrait")

DEFAULT_PRESETS = ("2011-independent", "2011-sectoral-east-west", "2011-sectoral-podvig-2012")

# --------------------------------------------------------------------------- inputs


def read_scenarios(args: argparse.Namespace, *, default: Sequence[str] = ()) -> list[Scenario]:
    """Scenarios from positional files/presets and --preset options, with --as-of."""
    # lazy: reading a scenario loads pandas, shapely and the geodata (not for --help)
    from ..scenario import load_preset, preset_names, read_scenario, scenario_files

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
        is_path = ref.lower().endswith(".toml") or exists(ref)
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
        print_notes(sc)
    return out


def exists(ref: str) -> bool:
    try:
        return os.path.lexists(ref)
    except (OSError, ValueError):
        return False


def print_notes(scenario: Scenario) -> None:
    """Caveats of the parties on the scenario's date (no members yet, divided Germany,
    …), as notes on standard error so that tables and files stay clean."""
    from ..parties import scenario_parties  # lazy: loads pandas and the geodata

    for p in scenario_parties(scenario):
        for note in p.notes(scenario.as_of):
            print(f"mdcoverage: note ({p.label}, {scenario.as_of}): {note}", file=sys.stderr)


def read_assessments(args: argparse.Namespace, *, default: Sequence[str] = ()) -> list[Assessment]:
    return _assess(read_scenarios(args, default=default), getattr(args, "architecture", None))


def _assess(scenarios: Sequence[Scenario], arch: str | None) -> list[Assessment]:
    from ..coverage import assess, assess_all  # lazy: the model (geodesy, geopandas)

    result = []
    for sc in scenarios:
        result += [assess(sc, arch)] if arch else assess_all(sc)
    return result


def assess_ahead(
    args: argparse.Namespace, *, default: Sequence[str] = ()
) -> Callable[[], list[Assessment]]:
    """:func:`read_assessments` for a command that draws maps, started early.

    The inputs are read and checked here (a bad input or output path is refused before
    anything else); the assessing, and the geometry the maps draw
    (:mod:`mdcoverage.map_layers`), run in a background thread while the caller imports
    the plotting stack. The geometry engine (GEOS) works without Python's global lock,
    so on a computer with two or more cores the two overlap. Returns a function that
    waits for the assessments (and raises what went wrong there, as
    :func:`read_assessments` would have).

    The garbage collector is paused (:func:`pause_gc`) from here until the caller has
    imported the plotting stack and calls :func:`resume_gc` (waiting resumes it too).
    """
    from concurrent.futures import Future  # lazy: only commands that draw start a thread
    from threading import Thread

    pause_gc()
    try:
        scenarios = read_scenarios(args, default=default)
    except BaseException:
        resume_gc()
        raise
    arch = getattr(args, "architecture", None)
    future: Future[list[Assessment]] = Future()

    def work() -> None:
        try:
            assessments = _assess(scenarios, arch)
            _map_geometry(assessments)
        except BaseException as exc:  # handed to the waiting thread, raised there
            future.set_exception(exc)
        else:
            future.set_result(assessments)

    Thread(target=work, name="mdcoverage-assess", daemon=True).start()

    def wait() -> list[Assessment]:
        resume_gc()
        return future.result()

    return wait


#: whether :func:`resume_gc` freezes what is loaded (set by the installed command only)
_FREEZE_ON_RESUME = [False]


def pause_gc() -> None:
    """Pause Python's cyclic garbage collector while a command imports its big packages.

    Importing numpy, pandas, shapely, matplotlib and cartopy creates some 10^6 long-lived
    objects, and the collector walks them again and again as they appear (about 0.15 s of a
    cold ``compare``) though none of them is garbage. :func:`resume_gc` switches it back on.
    """
    gc.disable()


def resume_gc(*, freeze: bool | None = None) -> None:
    """Switch the garbage collector back on after :func:`pause_gc` (no-op when it is on).

    In the installed command (``freeze`` default: :func:`freeze_on_resume` was called),
    what is loaded by then is frozen first: those objects live until the process ends, and
    later collections need not walk them. A caller in a longer-lived process (tests, a
    notebook) is not frozen: its objects may become garbage later.
    """
    if gc.isenabled():
        return
    if _FREEZE_ON_RESUME[0] if freeze is None else freeze:
        gc.freeze()
    gc.enable()


def freeze_on_resume() -> None:
    """Set by the installed command, whose process ends with the command."""
    _FREEZE_ON_RESUME[0] = True


def _map_geometry(assessments: Sequence[Assessment]) -> None:
    """Build (and keep, per assessment) the geometry every map of them draws."""
    from .. import map_layers  # lazy: the model's map geometry (geopandas)

    for a in assessments:
        for build in (
            map_layers.footprints,
            map_layers.defended_areas,
            map_layers.sector_areas,
            map_layers.sector_lines,
            map_layers.sector_seas,
        ):
            build(a)


def warm_view(args: argparse.Namespace, view: str | None = None) -> None:
    """Project the base layers (land, coast, countries) of the command's view (or of the
    named ``view``), which every map of it draws (cached per view): done while
    :func:`assess_ahead`'s thread works, it is off the command's critical path. Not for a
    paper size, whose maps may show a taller frame (another view)."""
    from .. import plotting  # lazy: matplotlib and cartopy

    if getattr(args, "size", None) is None:
        plotting.basemap.base_layers(plotting.view(view) if view else figure_view(args))


def figure_view(args: argparse.Namespace) -> Any:
    from .. import plotting  # lazy: matplotlib and cartopy, only for figures

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


# --------------------------------------------------------------------------- output


def format_table(table: pd.DataFrame, fmt: str, lang: str = "en") -> str:
    from ..tables import format_table  # lazy: loads pandas and numpy

    return format_table(table, fmt, lang)


def emit(text: str, output: str | None) -> None:
    if output in (None, "-"):
        say(text, end="")
        return

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    path = atomic_write(output, write)
    say(f"wrote {path}")


class StdoutError(OutputError):
    """Standard output cannot be written (a full device, a closed pipe)."""


def say(text: str, end: str = "\n") -> None:
    """Print to standard output at once, turning a failure into one clear line."""
    try:
        sys.stdout.write(text + end)
        sys.stdout.flush()
    except OSError as exc:
        raise StdoutError(f"cannot write to standard output: {exc.strerror or exc}") from None


def silence_stdout() -> None:
    """Point the real standard output at the null device, so that the interpreter's own
    final flush of what could not be written does not print a traceback."""
    real = sys.__stdout__
    if real is None or sys.stdout is not real:  # captured (tests, notebooks): leave it alone
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, real.fileno())
        os.close(null)


# --------------------------------------------------------------------------- options


def text_arg(value: str) -> str:
    """A non-empty argument (an empty string is never silently ignored)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return value


def number_arg(value: str, *, lo: float, hi: float, integer: bool = False, what: str = ""):
    try:
        x = int(value) if integer else float(value)
    except ValueError:
        x = math.nan
    if not (math.isfinite(x) and lo <= x <= hi and (x > 0 or lo > 0)):
        kind = "a whole number" if integer else "a number"
        raise argparse.ArgumentTypeError(f"must be {kind} {what}; got {value!r}")
    return x


def dpi_arg(value: str) -> int:
    return number_arg(value, lo=10, hi=1200, integer=True, what="from 10 to 1200")


def km_arg(value: str) -> float:
    """A distance for --radius-km and --step-km."""
    from ..geodesy import MAX_RADIUS_KM  # lazy: pyproj loads only once arguments are parsed

    return number_arg(
        value, lo=0, hi=MAX_RADIUS_KM, what=f"of km above 0 and at most {MAX_RADIUS_KM:.1f}"
    )


def add_inputs(p, *, architecture=True):
    p.add_argument(
        "scenario", nargs="*", metavar="SCENARIO", help="scenario TOML file(s) (or preset names)"
    )
    p.add_argument(
        "--preset",
        action="append",
        type=text_arg,
        metavar="NAME",
        help="a shipped preset (repeatable); 'mdcoverage presets' lists them",
    )
    p.add_argument(
        "--as-of",
        type=text_arg,
        metavar="YYYY-MM-DD",
        help="compute membership as of this date instead of the scenario's",
    )
    if architecture:
        p.add_argument(
            "--architecture",
            type=text_arg,
            metavar="NAME",
            help="only this architecture of the scenario (its name or type)",
        )


FORMAT_HELP = (
    "output format: table (default, for the terminal), csv (full precision; a text cell "
    "starting with = + - or @ gets a leading ' so that spreadsheets do not run it as a "
    "formula), json or markdown"
)


def add_figure(p, default_output):
    p.add_argument(
        "-o",
        "--output",
        default=default_output,
        type=text_arg,
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
        "--center", type=text_arg, metavar="LON,LAT", help="centre of the 'site' view, degrees"
    )
    p.add_argument(
        "--radius-km",
        type=km_arg,
        default=None,
        help="the 'site' view shows at least this distance around --center, km (above 0, "
        "at most 20003.9, half the Earth; default: just the region, sites and tracks)",
    )
    p.add_argument("--labels", action="store_true", help="label the sites on the map")
    p.add_argument(
        "--dpi",
        type=dpi_arg,
        default=150,
        help="resolution of PNG output (10 to 1200; default 150)",
    )
    p.add_argument(
        "--style",
        default="screen",
        choices=FIGURE_STYLES,
        help="screen (default: colour, for slides and the web) or print (greyscale-safe: "
        "parties told apart by hatch, line style, lightness and labels on the areas)",
    )
    p.add_argument(
        "--size",
        default=None,
        choices=PAPER_SIZES,
        help="make the figure this sheet of paper, every text at least 8 pt "
        "(default: the figure's own size)",
    )


def figure_options(args: argparse.Namespace) -> dict[str, Any]:
    """The figure keywords every figure command passes on: view, style and paper size."""
    return {"view": figure_view(args), "style": args.style, "size": args.size}


Command = Callable[[argparse.Namespace], int]


def command(sub: Any, name: str, func: Command, help_: str) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_,
        description=help_[0].upper() + help_[1:] + ".",
        epilog=EXAMPLES[name],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(func=func, command_parser=p)
    return p


def add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        default="table",
        choices=["table", "csv", "json", "markdown"],
        help=FORMAT_HELP,
    )


def lang_arg(value: str) -> str:
    """A language of the message catalogue (:func:`mdcoverage.i18n.check_lang`), checked
    while the arguments are parsed: a bad one is one usage line naming the choices."""
    from ..i18n import check_lang  # lazy: the catalogue loads only once arguments are parsed

    try:
        return check_lang(text_arg(value))
    except MdcoverageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_lang(p: argparse.ArgumentParser) -> None:
    """``--lang``: the language of every text the command draws or writes."""
    p.add_argument(
        "--lang",
        default="en",
        type=lang_arg,
        metavar="LANG",
        help="language of the text: en (default), de or ru",
    )
