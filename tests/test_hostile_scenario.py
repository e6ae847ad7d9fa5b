"""Hostile scenario files (issue 9): each case holds one problem and must be refused with
one line on stderr naming the file, the field path and what is allowed — no traceback, no
file left behind, the input unchanged. Positive cases check what must keep working."""

from __future__ import annotations

import contextlib
import os
import signal
import tomllib
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from hostile import assert_refused, run_cli

from mdcoverage.errors import ScenarioError
from mdcoverage.scenario import (
    MAX_FILE_BYTES,
    load_preset,
    read_scenario,
    ring_problem,
    scenario_from_dict,
)

GOOD = """\
[scenario]
name = "Hostile test layout"
as_of = 2011-06-08

[[systems]]
name = "int"
role = "interceptor"
radius_km = 1000

[[systems]]
name = "radar"
role = "sensor"
radius_km = 2000
bearing_deg = 90
width_deg = 120

[[sites]]
name = "Romania (notional)"
party = "nato"
kind = "land"
lon = 25
lat = 45
system = "int"

[[sites]]
name = "Moscow region (notional)"
party = "russia"
kind = "land"
lon = 37
lat = 56
system = "int"

[[architectures]]
type = "independent"
data_exchange = true
"""

SECTORAL = """
[[architectures]]
type = "sectoral"
name = "sectors"
default_party = "nato"

[[architectures.sectors]]
party = "russia"
polygons = [RING]
"""


def ring(points: str) -> str:
    return GOOD + SECTORAL.replace("RING", points)


def site(**fields) -> str:
    """GOOD with one more site (fields as TOML values)."""
    values = {
        "name": '"Extra (notional)"',
        "party": '"nato"',
        "kind": '"land"',
        "lon": "10",
        "lat": "50",
        "system": '"int"',
    }
    values.update(fields)
    body = "\n".join(f"{k} = {v}" for k, v in values.items())
    return GOOD + f"\n[[sites]]\n{body}\n"


def track(start: str, end: str) -> str:
    return GOOD + f'\n[[tracks]]\nname = "t"\nstart = {start}\nend = {end}\n'


def meta(extra: str) -> str:
    return GOOD.replace("as_of = 2011-06-08\n", f"as_of = 2011-06-08\n{extra}\n", 1)


BOWTIE = "[[10.0, 40.0], [30.0, 60.0], [30.0, 40.0], [10.0, 60.0], [10.0, 40.0]]"
NESTED = "x = " + "[" * 5000 + "]" * 5000 + "\n"

# (id, file text or bytes, expected regex in the one stderr line)
CASES = [
    # sector rings, checked as written
    ("bowtie", ring(BOWTIE), r"architectures\[1\]\.sectors\[0\]\.polygons\[0\]: .*self-intersect"),
    (
        "ring one point",
        ring("[[10, 40], [10, 40], [10, 40], [10, 40]]"),
        r"polygons\[0\]: .*3 distinct",
    ),
    ("ring two points", ring("[[10, 40], [20, 40], [10, 40]]"), r"at least 3 distinct .*got 2"),
    ("ring empty", ring("[]"), r"polygons\[0\]: a polygon needs at least 3 distinct"),
    ("ring on a line", ring("[[10, 40], [20, 40], [30, 40], [10, 40]]"), r"zero area"),
    ("ring wider than 180", ring("[[-100, 40], [100, 40], [100, 60], [-100, 40]]"), r"180°"),
    # sea-only sectors
    (
        "sea_only not a boolean",
        GOOD
        + SECTORAL.replace("RING", "[[27, 41], [42, 41], [42, 47]]").replace(
            'party = "russia"\n', 'party = "russia"\nsea_only = "yes"\n'
        ),
        r"sectors\[0\]\.sea_only: input should be a valid boolean",
    ),
    (
        "sea_only without polygons",
        GOOD + SECTORAL.replace("polygons = [RING]", 'countries = ["BLR"]\nsea_only = true'),
        r"sectors\[0\]\.sea_only: needs polygons",
    ),
    (
        "sectoral without default_party",
        ring("[[27, 41], [42, 41], [42, 47]]").replace('default_party = "nato"\n', ""),
        r'default_party: required for \'sectoral\' .*"none"',
    ),
    (
        "ring touching itself",
        ring("[[0, 0], [10, 0], [5, 5], [10, 10], [0, 10], [5, 5], [0, 0]]"),
        r"polygons\[0\]: the ring self-intersects",
    ),
    (
        "ring point with text",
        ring('[[10, 40], ["20", 40], [20, 50]]'),
        r"polygons\[0\]\[1\]\[0\]: input should be a valid number",
    ),
    # bases
    (
        "base absolute",
        meta('base = "/etc/hostname.toml"'),
        r"scenario\.base: '/etc/hostname\.toml' is not allowed",
    ),
    (
        "base parent",
        meta('base = "../other.toml"'),
        r"scenario\.base: '\.\./other\.toml' is not allowed",
    ),
    (
        "base missing",
        meta('base = "missing.toml"'),
        r"scenario\.base: no file 'missing\.toml' next to",
    ),
    (
        "base self",
        meta('base = "s.toml"'),
        r"scenario\.base: the bases form a cycle: .*s\.toml -> .*s\.toml",
    ),
    ("base not a string", meta("base = 5"), r"scenario\.base: must be a string"),
    (
        "base unknown layout",
        meta('base = "_layout-2012"'),
        r"not a shipped layout or preset.*_layout-2011",
    ),
    ("base hidden", meta('base = ".s.toml"'), r"is not allowed"),
    (
        "remove without base",
        meta('remove = { sites = ["x"] }'),
        r"scenario\.remove: needs scenario\.base",
    ),
    (
        "remove unknown site",
        meta('base = "_layout-2011"\nremove = { sites = ["Nowhere (notional)"] }'),
        r"scenario\.remove\.sites: 'Nowhere \(notional\)' is not a known site",
    ),
    (
        "remove unknown table",
        meta('base = "_layout-2011"\nremove = { sitez = ["x"] }'),
        r"scenario\.remove\.sitez: .*did you mean 'sites'",
    ),
    (
        "remove not a list",
        meta('base = "_layout-2011"\nremove = { sites = "x" }'),
        r"must be a list of names",
    ),
    # size, shape and encoding of the file
    ("nested 5000", NESTED, r"nested too deeply"),
    ("oversize", GOOD + "#" * (MAX_FILE_BYTES + 10) + "\n", r"at most 2,000,000 bytes \(2 MB\)"),
    ("empty file", "", r"s\.toml: empty: a scenario needs \[scenario\]"),
    ("comments only", "# nothing\n\n", r"empty: a scenario needs"),
    ("binary junk", bytes(range(256)) * 4, r"not valid UTF-8"),
    ("NUL byte in file", GOOD.encode() + b"\x00\n", r"malformed TOML"),
    ("duplicate TOML key", GOOD.replace("lat = 45", "lat = 45\nlat = 46"), r"malformed TOML"),
    (
        "date without zeros",
        GOOD.replace("2011-06-08", "2011-6-8"),
        r"malformed TOML.*dates are written YYYY-MM-DD, e\.g\. 2011-06-08",
    ),
    (
        "date as string",
        GOOD.replace("2011-06-08", '"8 June 2011"'),
        r"scenario\.as_of: must be a date such as 2011-06-08",
    ),
    # types and values
    (
        "lon as string",
        GOOD.replace("lon = 25", 'lon = "25"'),
        r"sites\[0\]\.lon: input should be a valid number; got '25'",
    ),
    (
        "lat as bool",
        GOOD.replace("lat = 45", "lat = true"),
        r"sites\[0\]\.lat: input should be a valid number",
    ),
    (
        "lat nan",
        GOOD.replace("lat = 45", "lat = nan"),
        r"sites\[0\]\.lat: must be a finite number \(not NaN or infinity\)",
    ),
    (
        "radius inf",
        GOOD.replace("radius_km = 1000", "radius_km = inf"),
        r"systems\[0\]\.radius_km: must be a finite number",
    ),
    (
        "radius huge",
        GOOD.replace("radius_km = 1000", "radius_km = 1e300"),
        r"systems\[0\]\.radius_km: input should be less than or equal to 20003",
    ),
    (
        "unknown party",
        GOOD.replace('party = "nato"', 'party = "natto"'),
        r"sites\[0\]\.party: 'natto' is not a known party; did you mean 'nato'",
    ),
    (
        "unknown system",
        GOOD.replace('system = "int"', 'system = "intt"', 1),
        r"sites\[0\]\.system: 'intt' is not a known system",
    ),
    (
        "misspelt key",
        GOOD.replace("data_exchange", "data_exchnge"),
        r"architectures\[0\]\.data_exchnge: unknown key; did you mean 'data_exchange'\?",
    ),
    (
        "misspelt table",
        GOOD + '\n[[sitess]]\nname = "x"\n',
        r"sitess: unknown key; did you mean 'sites'",
    ),
    (
        "key nowhere near",
        GOOD.replace("lat = 45", "lat = 45\nzzzz = 1"),
        r"sites\[0\]\.zzzz: unknown key .*allowed here: name, party",
    ),
    # text: lengths and characters
    (
        "label 1 MB",
        site(label='"' + "x" * 1_000_000 + '"'),
        r"sites\[2\]\.label: string should have at most 200 characters; got 'x{10}.*1,000,000 characters",
    ),
    (
        "description too long",
        meta('description = "' + "d" * 2001 + '"'),
        r"scenario\.description: string should have at most 2000 characters",
    ),
    (
        "interpretation too long",
        meta('interpretation = "' + "i" * 2001 + '"'),
        r"scenario\.interpretation: string should have at most 2000",
    ),
    (
        "source too long",
        meta('sources = ["' + "s" * 501 + '"]'),
        r"scenario\.sources\[0\]: string should have at most 500",
    ),
    (
        "too many sources",
        meta("sources = [" + ", ".join(['"s"'] * 51) + "]"),
        r"scenario\.sources: list should have at most 50 items",
    ),
    (
        "name too long",
        site(name='"' + "n" * 121 + '"'),
        r"sites\[2\]\.name: string should have at most 120 characters",
    ),
    (
        "NUL in name",
        site(name='"Bad\\u0000name"'),
        r"sites\[2\]\.name: must not contain control characters.*'\\x00'",
    ),
    (
        "newline in name",
        site(name='"two\\nlines"'),
        r"sites\[2\]\.name: must not contain control characters",
    ),
    (
        "bell in label",
        site(label='"ring\\u0007"'),
        r"sites\[2\]\.label: must not contain control characters",
    ),
    ("blank name", site(name='"   "'), r"sites\[2\]\.name: must not be blank"),
    (
        "blank architecture name",
        GOOD.replace('type = "independent"', 'type = "independent"\nname = " "'),
        r"architectures\[0\]\.name: must not be blank",
    ),
    (
        "STRASSE and straße",
        site(name='"STRASSE"')
        + '\n[[sites]]\nname = "straße"\nparty = "nato"\nkind = "land"\nlon = 11\nlat = 50\nsystem = "int"\n',
        r"sites\[3\]\.name: 'straße' duplicates sites\[2\] \(names are compared ignoring case and Unicode form\)",
    ),
    (
        "NFC and NFD",
        site(name='"' + unicodedata.normalize("NFC", "Café") + '"')
        + '\n[[sites]]\nname = "'
        + unicodedata.normalize("NFD", "Café")
        + '"\nparty = "nato"\nkind = "land"\nlon = 11\nlat = 50\nsystem = "int"\n',
        r"sites\[3\]\.name: .* duplicates sites\[2\]",
    ),
    (
        "duplicate system",
        GOOD.replace('name = "radar"', 'name = "INT"'),
        r"systems\[1\]\.name: 'INT' duplicates systems\[0\]",
    ),
    # tracks: the rule of the tracks module
    (
        "track start is end",
        track("[10.0, 50.0]", "[10.0, 50.0]"),
        r"tracks\[0\]\.end: the same point as start",
    ),
    (
        "track across the date line to itself",
        track("[180.0, 60.0]", "[-180.0, 60.0]"),
        r"tracks\[0\]\.end: the same point as start",
    ),
    ("track pole to pole point", track("[0.0, 90.0]", "[45.0, 90.0]"), r"the same point as start"),
    (
        "track antipodal",
        track("[10.0, 20.0]", "[-170.0, -20.0]"),
        r"tracks\[0\]\.end: antipodal to start",
    ),
    (
        "track three numbers",
        track("[10.0, 20.0, 3.0]", "[11.0, 20.0]"),
        r"tracks\[0\]\.start: tuple should have at most 2 items",
    ),
    # azimuth sectors: sensors only, bearing needs width
    (
        "interceptor bearing only",
        GOOD.replace("radius_km = 1000", "radius_km = 1000\nbearing_deg = 45"),
        r"systems\[0\]\.bearing_deg: only sensors may have an azimuth sector",
    ),
    (
        "sensor bearing only",
        GOOD.replace("width_deg = 120\n", ""),
        r"systems\[1\]\.bearing_deg: needs width_deg",
    ),
]


def _write(folder: Path, content, name: str = "s.toml") -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(("content", "expect"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_validate_refuses(tmp_path, content, expect):
    path = _write(tmp_path, content)
    res = assert_refused(["validate", str(path)], expect, folder=tmp_path, inputs=[path])
    assert str(path) in res.err  # the file is named
    assert len(res.err) < 600  # short, even for a 1 MB label


def test_catalogue_size():
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        (ring(BOWTIE), r"self-intersect"),
        (NESTED, r"nested too deeply"),
        (meta('base = "../x.toml"'), r"not allowed"),
    ],
    ids=["bowtie", "nested", "base parent"],
)
@pytest.mark.parametrize("command", ["metrics", "compare"])
def test_other_commands_refuse(tmp_path, content, expect, command):
    path = _write(tmp_path, content)
    argv = [command, str(path)] + (["-o", str(tmp_path / "x.png")] if command == "compare" else [])
    assert_refused(argv, expect, folder=tmp_path, inputs=[path])


@contextlib.contextmanager
def deadline(seconds: int):
    def expire(*_):
        raise TimeoutError(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_fifo_refused_promptly(tmp_path):
    fifo = tmp_path / "s.toml"
    os.mkfifo(fifo)
    with deadline(10):
        assert_refused(["validate", str(fifo)], r"s\.toml: not a regular file", folder=tmp_path)
        assert_refused(["metrics", str(fifo)], r"not a regular file", folder=tmp_path)


def test_fifo_as_base_refused_promptly(tmp_path):
    os.mkfifo(tmp_path / "b.toml")
    path = _write(tmp_path, meta('base = "b.toml"'))
    with deadline(10):
        assert_refused(["validate", str(path)], r"b\.toml: not a regular file", folder=tmp_path)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_refused(tmp_path, device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    with deadline(10):
        assert_refused(["validate", device], rf"{device}: not a regular file", folder=tmp_path)


def test_symlink_to_device_refused(tmp_path):
    (tmp_path / "s.toml").symlink_to("/dev/zero")
    with deadline(10):
        assert_refused(
            ["validate", str(tmp_path / "s.toml")], r"not a regular file", folder=tmp_path
        )


def test_cycle_of_two_bases(tmp_path):
    a = _write(tmp_path, meta('base = "b.toml"'), "a.toml")
    b = _write(tmp_path, meta('base = "a.toml"'), "b.toml")
    assert_refused(
        ["validate", str(a)],
        r"b\.toml: scenario\.base: the bases form a cycle: .*a\.toml -> .*b\.toml -> .*a\.toml",
        folder=tmp_path,
        inputs=[a, b],
    )


def test_missing_and_folder(tmp_path):
    assert_refused(
        ["validate", str(tmp_path / "nope.toml")], r"nope\.toml: no such file", folder=tmp_path
    )
    assert_refused(["validate", str(tmp_path)], r"is a folder", folder=tmp_path)


# --------------------------------------------------------------------------- positive


def test_bom_is_accepted(tmp_path):
    path = _write(tmp_path, "\ufeff".encode() + GOOD.encode())
    res = run_cli(["validate", str(path)])
    assert res.code == 0, res.err
    assert read_scenario(path).name == "Hostile test layout"


def test_tabs_and_line_breaks_allowed_in_text(tmp_path):
    path = _write(tmp_path, meta('description = """two\n\tlines"""'))
    assert read_scenario(path).description == "two\n\tlines"


def test_base_preset_equals_the_preset(tmp_path):
    path = _write(tmp_path, '[scenario]\nbase = "2011-independent"\n')
    sc, preset = read_scenario(path), load_preset("2011-independent")
    for field in (
        "name",
        "as_of",
        "region",
        "systems",
        "sites",
        "parties",
        "architectures",
        "tracks",
        "sources",
        "description",
    ):
        assert getattr(sc, field) == getattr(preset, field), field
    headers = [line for line in sc.layering if not line.startswith(" ")]
    assert len(headers) == 2  # layout -> preset -> this file


def test_chain_of_three_files(tmp_path):
    _write(tmp_path, GOOD, "c.toml")
    _write(
        tmp_path,
        '[scenario]\nbase = "c.toml"\nname = "B"\n\n[[sites]]\nname = "Poland (notional)"\n'
        'party = "nato"\nkind = "land"\nlon = 19\nlat = 52\nsystem = "int"\n',
        "b.toml",
    )
    a = _write(
        tmp_path,
        '[scenario]\nbase = "b.toml"\nname = "A"\nremove = { sites = ["moscow region (NOTIONAL)"] }\n\n'
        '[[sites]]\nname = "ROMANIA (notional)"\nparty = "nato"\nkind = "land"\nlon = 26\nlat = 46\n'
        'system = "int"\n',
        "a.toml",
    )
    sc = read_scenario(a)
    assert sc.name == "A"
    assert [(s.name, s.lon) for s in sc.sites] == [
        ("ROMANIA (notional)", 26.0),
        ("Poland (notional)", 19.0),
    ]
    b_lines, a_lines = "\n".join(sc.layering).split("a.toml on base")
    assert "2 sites from base, 1 added, 0 replaced, 0 removed" in b_lines
    assert "3 sites from base, 0 added, 1 replaced, 1 removed" in a_lines
    assert run_cli(["validate", str(a)]).code == 0


def test_adding_a_site_keeps_the_base_sites(tmp_path):
    path = _write(
        tmp_path,
        '[scenario]\nbase = "2011-independent"\nname = "More"\n\n[[sites]]\nname = "Extra (notional)"\n'
        'party = "nato"\nkind = "land"\nlon = 10\nlat = 50\nsystem = "notional-land-interceptor"\n',
    )
    sc, preset = read_scenario(path), load_preset("2011-independent")
    assert sc.sites[:-1] == preset.sites and sc.sites[-1].name == "Extra (notional)"


def test_remove_table_syntax(tmp_path):
    path = _write(
        tmp_path,
        '[scenario]\nbase = "2011-independent"\n\n[scenario.remove]\n'
        'tracks = ["notional axis over the Arctic"]\n',
    )
    sc = read_scenario(path)
    assert len(sc.tracks) == len(load_preset("2011-independent").tracks) - 1


def test_ring_problem_accepts_good_rings():
    assert ring_problem([(10, 40), (30, 40), (30, 60), (10, 60), (10, 40)]) is None
    assert ring_problem([(10, 40), (30, 40), (30, 60)]) is None  # closed for you
    assert "self-intersect" in ring_problem(tomllib.loads(f"r = {BOWTIE}")["r"])


# --------------------------------------------------------------------------- Python API


def _data() -> dict:
    return tomllib.loads(GOOD)


def test_numpy_scalars_accepted():
    data = _data()
    data["sites"][0]["lon"] = np.float32(25.5)
    data["sites"][0]["lat"] = np.float64(45.0)
    data["systems"][0]["radius_km"] = np.int64(1000)
    data["architectures"][0]["data_exchange"] = np.bool_(True)
    sc = scenario_from_dict(data)
    assert sc.sites[0].lon == 25.5 and type(sc.sites[0].lon) is float
    assert sc.systems[0].radius_km == 1000.0


def test_numpy_arrays_accepted_as_lists():
    data = _data()
    data["tracks"] = [{"name": "t", "start": np.array([30.0, 50.0]), "end": np.array([10, 51])}]
    assert scenario_from_dict(data).tracks[0].end == (10.0, 51.0)


@pytest.mark.parametrize(
    ("table", "field", "value", "expect"),
    [
        ("sites", "lon", "25", r"sites\[0\]\.lon: input should be a valid number; got '25'"),
        ("sites", "lon", np.str_("25"), r"sites\[0\]\.lon: input should be a valid number"),
        ("sites", "lat", True, r"sites\[0\]\.lat: input should be a valid number"),
        ("sites", "lat", np.bool_(True), r"sites\[0\]\.lat: input should be a valid number"),
        ("sites", "lat", np.float64("nan"), r"sites\[0\]\.lat: must be a finite number"),
        (
            "systems",
            "radius_km",
            np.int64(-3),
            r"systems\[0\]\.radius_km: input should be greater than 0",
        ),
        ("sites", "name", 5, r"sites\[0\]\.name: input should be a valid string"),
        ("sites", "name", "a\x00b", r"sites\[0\]\.name: must not contain control characters"),
    ],
)
def test_bad_types_from_python(table, field, value, expect):
    data = _data()
    data[table][0][field] = value
    with pytest.raises(ScenarioError, match=expect) as info:
        scenario_from_dict(data, source="my data")
    assert "\n" not in str(info.value) and str(info.value).startswith("my data: ")


def test_deep_nesting_from_python():
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    data = _data()
    data["sites"][0]["lon"] = deep
    with pytest.raises(ScenarioError, match="nested too deeply"):
        scenario_from_dict(data)


def test_base_from_python_is_a_preset_only():
    with pytest.raises(ScenarioError, match=r"scenario\.base: 'x\.toml' is not a shipped layout"):
        scenario_from_dict({"scenario": {"base": "x.toml"}})
    sc = scenario_from_dict({"scenario": {"base": "2011-independent"}})
    assert sc.sites == load_preset("2011-independent").sites


def test_several_problems_one_line_each(tmp_path):
    path = _write(
        tmp_path,
        GOOD.replace("lat = 45", "lat = 91").replace("radius_km = 1000", "radius_km = -1"),
    )
    with pytest.raises(ScenarioError) as info:
        read_scenario(path)
    lines = str(info.value).splitlines()
    assert lines[0] == f"{path}: 2 problems" and len(lines) == 3
