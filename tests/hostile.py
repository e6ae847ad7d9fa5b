"""The shared harness of the hostile-input catalogue (tests/test_hostile_*.py).

Every case runs the command line in this process, as a user would type it, and asserts the
same five things:

1. a non-zero exit status;
2. exactly one line on standard error, ``mdcoverage: error: ...`` (or ``mdcoverage
   COMMAND: error: ...`` for a usage error), naming the problem (``expect`` is a regular
   expression searched in that line);
3. no traceback anywhere in the output;
4. no file left behind: the folder's listing (hidden temporary files included) is the same
   after the command as before, apart from paths the case says may exist;
5. every input file unchanged (sha256 before and after).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mdcoverage.cli import main


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


def _listing(folder: Path) -> set[str]:
    found = set()
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            found.add(os.path.relpath(os.path.join(root, name), folder))
    return found


def _digest(path: Path) -> str | None:
    try:
        if path.is_file():
            return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return None


def run_cli(argv: Iterable[str]) -> Outcome:
    """Run ``mdcoverage ARGV`` in this process; capture its output and exit status."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse usage errors and --help
            code = exc.code if isinstance(exc.code, int) else 1
    return Outcome(code, out.getvalue(), err.getvalue())


def assert_refused(
    argv: Iterable[str],
    expect: str,
    *,
    folder: Path,
    inputs: Iterable[Path] = (),
) -> Outcome:
    """Run ``mdcoverage ARGV`` inside ``folder`` and assert the five catalogue rules."""
    inputs = [Path(p) for p in inputs]
    before_files = _listing(folder)
    before_hash = {p: _digest(p) for p in inputs}
    res = run_cli(argv)
    text = res.out + res.err
    assert res.code != 0, f"exit status 0 for {list(argv)}; output: {text!r}"
    assert "Traceback" not in text, text
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}: {res.err!r}"
    assert re.match(r"mdcoverage( [a-z]+)?: error: ", lines[0]), lines[0]
    assert re.search(expect, lines[0], flags=re.IGNORECASE), (expect, lines[0])
    assert _listing(folder) == before_files, (
        f"files changed: added {sorted(_listing(folder) - before_files)}, "
        f"removed {sorted(before_files - _listing(folder))}"
    )
    for p, h in before_hash.items():
        assert _digest(p) == h, f"input {p} changed"
    return res
