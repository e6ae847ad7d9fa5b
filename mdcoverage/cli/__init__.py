"""The ``mdcoverage`` command line: a thin layer over the library.

Every command prints one clear line and exits with status 1 on a problem of the input
(2 for a usage error), never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import signal
import sys
import threading
import warnings

from .. import __version__
from ..errors import MdcoverageError
from .common import StdoutError, freeze_on_resume, resume_gc, silence_stdout

# --------------------------------------------------------------------------- parser


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line: ``mdcoverage COMMAND: error: MESSAGE (see ...)``."""

    def error(self, message: str):
        message = " ".join(str(message).split())  # no line breaks from user text
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")

    def _print_message(self, message, file=None):
        """Help and version text: argparse's own printing ignores a failed write (with
        unbuffered output ``--help > /dev/full`` exited 0); report it as one line."""
        if not message:
            return
        file = file or sys.stderr
        try:
            file.write(message)
            if file is sys.stdout:
                file.flush()
        except OSError as exc:
            if file is sys.stdout:
                raise StdoutError(
                    f"cannot write to standard output: {exc.strerror or exc}"
                ) from None


#: the modules of the commands, in the order ``mdcoverage --help`` lists them; each has
#: ``register(sub)`` adding its commands to the sub-parsers
COMMAND_MODULES = (
    "figures",
    "tables",
    "explain",
    "sensitivity",
    "files",
    "tracks",
    "handout",
    "html",
    "site",
    "optimize",
    "gallery",
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
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``mdcoverage`` command with ``argv`` (default: ``sys.argv[1:]``, as the
    installed command does); returns the exit status."""
    previous = _catch_sigterm()
    if argv is None:  # the installed command: what it loads lives until the process ends
        freeze_on_resume()
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
            silence_stdout()
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
        try:
            code = args.func(args)
        finally:
            resume_gc()  # if the command paused it and stopped early
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
        silence_stdout()
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
