"""Hostile input to the command line: arguments, output paths, signals (issue 9).

Every refusal goes through :func:`hostile.assert_refused` (non-zero exit, one stderr line,
no traceback, no file left, inputs unchanged); positive cases check what must still work.
"""

from __future__ import annotations

import glob
import io
import os
import signal
import stat
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hostile import assert_refused, run_cli
from scenarios import two_site_layout

import mdcoverage
import mdcoverage.cli.common
import mdcoverage.cli.files
from mdcoverage import cli, tables
from mdcoverage.errors import OutputError
from mdcoverage.output import _tmp_name, atomic_write, check_target

PRESET = ["--preset", "2011-independent"]


def _layout(architecture_name):
    return two_site_layout("Hostile layout", architecture_name=architecture_name, track=True)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.toml").write_text(_layout("Independent"), encoding="utf-8")
    return tmp_path


def refused(folder, argv, expect, inputs=("s.toml",)):
    return assert_refused(argv, expect, folder=folder, inputs=[folder / p for p in inputs])


# --------------------------------------------------------------------------- own inputs

INPUT_AS_OUTPUT = [
    (["metrics", "s.toml", "-o", "s.toml"], None),
    (["metrics", "s.toml", "--format", "csv", "-o", "link.csv"], "symlink"),
    (["metrics", "s.toml", "-o", "hard.csv"], "hardlink"),
    (["compare", "s.toml", "-o", "link.png"], "symlink"),
    (["map", "s.toml", "-o", "link.png"], "symlink"),
    (["export", "s.toml", "-o", "s.toml"], None),
    (["export", "s.toml", "-o", "link.geojson"], "symlink"),
    (["tracks", "s.toml", "-o", "s.toml"], None),
    (["tracks", "s.toml", "-o", "link.png"], "symlink"),
]


@pytest.mark.parametrize(("argv", "link"), INPUT_AS_OUTPUT)
def test_no_command_writes_over_its_input(folder, argv, link):
    out = folder / argv[-1]
    if link == "symlink":
        out.symlink_to("s.toml")
    elif link == "hardlink":
        os.link(folder / "s.toml", out)
    refused(folder, argv, r"is an input of this command")
    assert out.is_symlink() == (link == "symlink")


def test_no_write_over_the_base_a_scenario_includes(folder):
    (folder / "child.toml").write_text('[scenario]\nbase = "s.toml"\nname = "Child"\n')
    refused(folder, ["metrics", "child.toml", "-o", "s.toml"], r"'s\.toml'.*input")


def test_no_write_into_the_package_folder(folder):
    target = Path(mdcoverage.__file__).parent / "presets" / "hostile-new.csv"
    refused(folder, ["metrics", *PRESET, "-o", str(target)], "inside the mdcoverage package")
    assert not target.exists()


# --------------------------------------------------------------------------- output kinds

COMMANDS = {
    "metrics": (["metrics", "s.toml", "--format", "csv"], ".csv"),
    "compare": (["compare", "s.toml"], ".png"),
    "export": (["export", "s.toml"], ".gpkg"),
}


@pytest.mark.parametrize("cmd", list(COMMANDS))
@pytest.mark.parametrize(
    ("kind", "expect"),
    [
        ("folder", r"it is a folder"),
        ("trailing-slash", r"names a folder"),
        ("dot", r"names a folder"),
        ("read-only", r"read-only \(mode 0444\)"),
        ("under-a-file", r"'blocker' is not a folder"),
        ("missing-folder", r"folder 'nope' does not exist"),
        ("dangling-link", r"symbolic link to .* does not exist"),
        ("fifo", r"FIFO"),
        ("too-long", r"file name is 300 bytes long; at most 255"),
    ],
)
def test_output_path_refused(folder, cmd, kind, expect):
    argv, ext = COMMANDS[cmd]
    name = _make_target(folder, kind, ext)
    before = _describe(folder / name.rstrip("/."))
    refused(folder, [*argv, "-o", name], expect)
    assert _describe(folder / name.rstrip("/.")) == before


def _make_target(folder: Path, kind: str, ext: str) -> str:
    name = "out" + ext
    if kind == "folder":
        (folder / name).mkdir()
    elif kind == "trailing-slash":
        return name + "/"
    elif kind == "dot":
        (folder / name).mkdir()
        return name + "/."
    elif kind == "read-only":
        (folder / name).write_text("keep me")
        (folder / name).chmod(0o444)
    elif kind == "under-a-file":
        (folder / "blocker").write_text("a regular file")
        return "blocker/" + name
    elif kind == "missing-folder":
        return "nope/" + name
    elif kind == "dangling-link":
        (folder / name).symlink_to("nowhere" + ext)
    elif kind == "fifo":
        os.mkfifo(folder / name)
    elif kind == "too-long":
        return "a" * (300 - len(ext)) + ext
    return name


def _describe(p: Path):
    """Kind, mode and content of ``p`` (not following links)."""
    try:
        st = os.lstat(p)
    except OSError:
        return None
    content = p.read_bytes() if stat.S_ISREG(st.st_mode) else None
    return stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), content


@pytest.mark.parametrize("argv", [["metrics", "s.toml"], ["compare", "s.toml"]])
def test_dev_full_stays_a_device(folder, argv):
    refused(folder, [*argv, "-o", "/dev/full"], r"'/dev/full': it is a device")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_char_device_in_folder_refused(folder):
    try:
        os.mknod(folder / "dev.csv", stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except OSError:
        pytest.skip("cannot create a device node here")
    refused(folder, ["metrics", "s.toml", "-o", "dev.csv"], r"it is a device")
    assert stat.S_ISCHR(os.lstat(folder / "dev.csv").st_mode)


@pytest.mark.parametrize(
    ("link_to", "expect"),
    [("/dev/full", r"symbolic link to a device"), (".", r"symbolic link to a folder")],
)
def test_link_to_non_regular_file_refused(folder, link_to, expect):
    (folder / "link.csv").symlink_to(link_to)
    refused(folder, ["metrics", "s.toml", "-o", "link.csv"], expect)
    assert os.readlink(folder / "link.csv") == link_to


def test_symlink_loop_refused(folder):
    (folder / "a.csv").symlink_to("b.csv")
    (folder / "b.csv").symlink_to("a.csv")
    refused(folder, ["metrics", "s.toml", "-o", "a.csv"], r"cannot write 'a\.csv'")


def test_empty_output_name_is_a_usage_error(folder):
    refused(folder, ["metrics", "s.toml", "-o", ""], r"argument -o/--output: must not be empty")


# --------------------------------------------------------------------------- arguments

BAD_ARGUMENTS = [
    (["compare", "--dpi", "5000"], r"--dpi: must be a whole number from 10 to 1200"),
    (["compare", "--dpi", "0"], r"--dpi"),
    (["compare", "--dpi", "9"], r"--dpi"),
    (["map", *PRESET, "--dpi", "-1"], r"--dpi"),
    (["map", *PRESET, "--dpi", "1e3"], r"--dpi.*got '1e3'"),
    (["map", *PRESET, "--dpi", "abc"], r"--dpi"),
    (["map", *PRESET, "--radius-km", "0"], r"--radius-km: must be a number of km above 0"),
    (["map", *PRESET, "--radius-km", "-5"], r"--radius-km"),
    (["map", *PRESET, "--radius-km", "nan"], r"--radius-km"),
    (["map", *PRESET, "--radius-km", "inf"], r"--radius-km"),
    (["map", *PRESET, "--radius-km", "20004"], r"at most 20003\.9"),
    (["tracks", *PRESET, "--step-km", "0"], r"--step-km"),
    (["tracks", *PRESET, "--step-km", "-1"], r"--step-km"),
    (["tracks", *PRESET, "--step-km", "nan"], r"--step-km"),
    (["tracks", *PRESET, "--step-km", "inf"], r"--step-km"),
    (["tracks", *PRESET, "--step-km", "1e-300"], r"--step-km.*at most 20,000 samples"),
    (["tracks", *PRESET, "--step-km", "1e-6"], r"--step-km.*at most 20,000 samples"),
    (["tracks", *PRESET, "--step-km", "0.01"], r"--step-km.*at most 20,000 samples"),
    (["metrics", *PRESET, "--as-of", ""], r"--as-of: must not be empty"),
    (["metrics", *PRESET, "--as-of", "  "], r"--as-of: must not be empty"),
    (["metrics", *PRESET, "--architecture", ""], r"--architecture: must not be empty"),
    (["tracks", *PRESET, "--track", ""], r"--track: must not be empty"),
    (["metrics", "--preset", ""], r"--preset: must not be empty"),
    (["map", *PRESET, "--view", "site", "--center", ""], r"--center: must not be empty"),
    (["metrics", *PRESET, "--format", "xml"], r"invalid choice: 'xml'"),
    (["metrics", *PRESET, "--bogus"], r"unrecognized arguments: --bogus"),
    (["export", *PRESET], r"required: -o/--output"),
]


@pytest.mark.parametrize(("argv", "expect"), BAD_ARGUMENTS)
def test_bad_argument_refused(folder, argv, expect):
    res = refused(folder, argv, expect)
    if res.code == 2:  # a usage error: one line naming the command and its --help
        assert res.err.startswith(f"mdcoverage {argv[0]}: error: ")
        assert res.err.rstrip().endswith(f"(see 'mdcoverage {argv[0]} --help')")


def test_step_km_bound_in_the_library():
    from mdcoverage.errors import GeometryError
    from mdcoverage.tracks import MAX_SAMPLES, sample_track

    with pytest.raises(GeometryError, match=r"step_km \(--step-km\) must be a number of km"):
        sample_track((52.0, 32.0), (10.0, 51.0), step_km=1e-300)
    lon, _, _ = sample_track((52.0, 32.0), (10.0, 51.0), step_km=0.201)
    assert len(lon) <= MAX_SAMPLES


# --------------------------------------------------------------------------- positive cases


def test_248_character_name_is_written(folder):
    name = "m" * 244 + ".csv"
    res = run_cli(["metrics", "s.toml", "--format", "csv", "-o", name])
    assert res.code == 0, res.err
    assert (folder / name).read_text().startswith("architecture,")
    assert sorted(p.name for p in folder.iterdir()) == sorted(["s.toml", name])


def test_temporary_name_is_short():
    assert len(_tmp_name(Path("x" * 251 + ".png"))) <= 40
    assert _tmp_name(Path("a." + "b" * 100)).endswith(".tmp")


def test_symlink_to_regular_file_is_followed_and_kept(folder):
    real = folder / "real.csv"
    real.write_text("old")
    real.chmod(0o640)
    (folder / "link.csv").symlink_to("real.csv")
    res = run_cli(["metrics", "s.toml", "--format", "csv", "-o", "link.csv"])
    assert res.code == 0, res.err
    assert os.readlink(folder / "link.csv") == "real.csv"
    assert real.read_text().startswith("architecture,")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert not glob.glob(str(folder / ".mdc-*"))


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o664])
def test_replaced_file_keeps_its_mode(folder, mode):
    out = folder / "m.csv"
    out.write_text("old")
    out.chmod(mode)
    assert run_cli(["metrics", "s.toml", "--format", "csv", "-o", "m.csv"]).code == 0
    assert stat.S_IMODE(out.stat().st_mode) == mode
    assert out.read_text() != "old"


def test_csv_neutralises_formulas_and_keeps_full_precision():
    table = pd.DataFrame(
        {
            "name": ["=HYPERLINK(1)", "+1", "-x", "@a", "-", "plain", "\tTab"],
            "area_km2": [3875096.123, 1e-7, -3.5, 1e22, 0.1, float("nan"), 2.0],
            "count": [1, 2, 3, 4, 5, 6, 7],
        }
    )
    text = cli.common.format_table(table.rename(columns={"name": "=head"}), "csv")
    assert text.splitlines()[0] == "'=head,area_km2,count"
    back = pd.read_csv(
        io.StringIO(text), dtype={"'=head": str, "area_km2": str}, keep_default_na=False
    )
    assert list(back["'=head"]) == ["'=HYPERLINK(1)", "'+1", "'-x", "'@a", "-", "plain", "'\tTab"]
    assert not any("e" in v.lower() for v in back["area_km2"])
    assert list(back["area_km2"])[:3] == ["3875096.123", "0.0000001", "-3.5"]
    for got, want in zip(back["area_km2"], table["area_km2"], strict=True):
        assert (got == "" and want != want) or float(got) == want
    assert list(back["count"]) == list(range(1, 8))


def test_csv_metrics_without_exponents(folder):
    res = run_cli(["metrics", *PRESET, "--format", "csv"])
    assert res.code == 0, res.err
    assert "e+" not in res.out and "e-0" not in res.out


def test_csv_neutralises_user_architecture_names(folder):
    (folder / "f.toml").write_text(_layout("=cmd|' /C calc'!A0"), encoding="utf-8")
    res = run_cli(["metrics", "f.toml", "--format", "csv"])
    assert res.code == 0, res.err
    assert "\n'=cmd|' /C calc'!A0," in res.out


def test_markdown_escapes_pipes_and_line_breaks(folder):
    (folder / "p.toml").write_text(_layout("A | B"), encoding="utf-8")
    res = run_cli(["metrics", "p.toml", "--format", "markdown"])
    assert res.code == 0, res.err
    rows = [r for r in res.out.splitlines() if r.startswith("|")]  # the table, not its notes
    assert len(rows) > 2 and all(r.count(" | ") == rows[0].count(" | ") for r in rows[2:])
    assert "| A \\| B |" in res.out
    assert tables.md_cell("a\nb\r\nc|d\\") == "a<br>b<br>c\\|d\\\\"


def test_library_warnings_become_one_line(folder, monkeypatch):
    def noisy(args):
        warnings.warn("Glyph 128512 missing from font(s) DejaVu Sans.", stacklevel=1)
        warnings.warn("Glyph 128512 missing from font(s) DejaVu Sans.", stacklevel=1)
        warnings.warn("old", DeprecationWarning, stacklevel=1)
        warnings.warn("slow", pd.errors.PerformanceWarning, stacklevel=1)
        return 0

    monkeypatch.setattr(cli.files, "cmd_data", noisy)
    res = run_cli(["data"])
    assert res.code == 0
    assert res.err.splitlines() == [
        "mdcoverage: warning: Glyph 128512 missing from font(s) DejaVu Sans."
    ]


def test_writer_library_errors_become_output_errors(folder):
    pyogrio_errors = pytest.importorskip("pyogrio.errors")

    def fail(tmp):
        tmp.write_bytes(b"partial")
        Path(str(tmp) + "-journal").write_bytes(b"journal")
        raise pyogrio_errors.DataSourceError("sqlite3_exec(COMMIT) failed: disk I/O error\nx")

    with pytest.raises(OutputError, match=r"cannot write 'x\.gpkg': sqlite3_exec.*I/O error$"):
        atomic_write("x.gpkg", fail)
    assert sorted(p.name for p in folder.iterdir()) == ["s.toml"]


def test_interrupted_write_leaves_nothing(folder):
    def interrupted(tmp):
        tmp.write_bytes(b"partial")
        raise cli.Terminated

    with pytest.raises(cli.Terminated):
        atomic_write("x.png", interrupted)
    assert sorted(p.name for p in folder.iterdir()) == ["s.toml"]


def test_check_target_follows_a_link_to_a_regular_file(folder):
    (folder / "link.txt").symlink_to("s.toml")
    assert check_target("link.txt") == folder / "s.toml"
    assert check_target("new.txt") == Path("new.txt")


# --------------------------------------------------------------------------- processes


def _command(*argv):
    return [sys.executable, "-m", "mdcoverage.cli", *argv]


@pytest.mark.slow
def test_stdout_to_a_full_device_gives_one_line(folder):
    with open("/dev/full", "w") as full:
        res = subprocess.run(
            _command("metrics", *PRESET), stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert res.returncode == 1
    assert res.stderr.splitlines() == [
        "mdcoverage: error: cannot write to standard output: No space left on device"
    ]


@pytest.mark.slow
@pytest.mark.parametrize("unbuffered", ["1", ""])
@pytest.mark.parametrize("argv", [["--help"], ["metrics", "--help"], ["--version"]])
def test_help_to_a_full_device_gives_one_line(folder, argv, unbuffered):
    # unbuffered, argparse's own printing swallowed the error and the command exited 0
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = unbuffered
    with open("/dev/full", "w") as full:
        res = subprocess.run(
            _command(*argv), stdout=full, stderr=subprocess.PIPE, text=True, env=env
        )
    assert res.returncode == 1
    assert res.stderr.splitlines() == [
        "mdcoverage: error: cannot write to standard output: No space left on device"
    ]


@pytest.mark.slow
def test_sigterm_during_a_write_leaves_no_temporary_file(folder):
    for _ in range(3):
        proc = subprocess.Popen(
            _command("map", *PRESET, "--dpi", "300", "-o", "big.png"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while not glob.glob(".mdc-*") and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        assert glob.glob(".mdc-*"), "the write never started"
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode == 143, err
        assert err.splitlines() == ["mdcoverage: terminated"]
        assert sorted(os.listdir(folder)) == ["s.toml"]
