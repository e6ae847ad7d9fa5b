"""Layered scenarios: a file extends a base and adds, replaces or removes entries by name.

Reference counts come from reading the shipped layout's TOML directly (tomllib), not from
the layering code under test.
"""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
from hostile import assert_refused, run_cli

from mdcoverage.errors import ScenarioError
from mdcoverage.scenario import load_preset, read_scenario

BASE = "2011-independent"
LAYOUT = tomllib.loads(
    (resources.files("mdcoverage") / "presets" / "_layout-2011.toml").read_text("utf-8")
)
BASE_SITES = [s["name"] for s in LAYOUT["sites"]]
BASE_SYSTEMS = [s["name"] for s in LAYOUT["systems"]]

SEA_SITE = """
[[sites]]
name = "Black Sea (notional)"
party = "nato"
kind = "sea"
lon = 32.0
lat = 43.0
system = "notional-sea-interceptor"
"""

POLAND_MOVED = """
[[sites]]
name = "POLAND (notional)"
party = "nato"
kind = "land"
lon = 17.0
lat = 52.0
system = "notional-land-interceptor"
"""


def _write(folder, meta: str, body: str = "", name: str = "mine.toml"):
    path = folder / name
    path.write_text(f'[scenario]\nbase = "{BASE}"\nname = "Mine"\n{meta}\n{body}', "utf-8")
    return path


def _own_lines(sc) -> list[str]:
    """The layering lines of the last base (this file's own layering)."""
    lines = list(sc.layering)
    start = max(i for i, line in enumerate(lines) if not line.startswith(" "))
    return [line.strip() for line in lines[start + 1 :]]


def test_add_keeps_every_base_site(tmp_path):
    sc = read_scenario(_write(tmp_path, "", SEA_SITE))
    assert [s.name for s in sc.sites] == [*BASE_SITES, "Black Sea (notional)"]
    assert sc.sites[:-1] == load_preset(BASE).sites
    n = len(BASE_SITES)
    assert f"{n} sites from base, 1 added, 0 replaced, 0 removed" in _own_lines(sc)
    assert f"{len(BASE_SYSTEMS)} systems from base, 0 added, 0 replaced, 0 removed" in (
        _own_lines(sc)
    )


def test_validate_says_what_the_layering_did(tmp_path):
    path = _write(tmp_path, "", SEA_SITE)
    res = run_cli(["validate", str(path)])
    assert res.code == 0, res.err
    n = len(BASE_SITES)
    assert f"{n + 1} sites" in res.out.splitlines()[0]
    assert f"    {n} sites from base, 1 added, 0 replaced, 0 removed" in res.out.splitlines()


def test_replace_by_name_keeps_the_position(tmp_path):
    sc = read_scenario(_write(tmp_path, "", POLAND_MOVED))
    names = [s.name for s in sc.sites]
    i = BASE_SITES.index("Poland (notional)")
    assert len(names) == len(BASE_SITES) and names[i] == "POLAND (notional)"
    assert sc.sites[i].lon == 17.0
    assert f"{len(BASE_SITES)} sites from base, 0 added, 1 replaced, 0 removed" in (_own_lines(sc))


def test_explicit_replace_of_a_known_name(tmp_path):
    path = _write(tmp_path, 'replace = { sites = ["Poland (notional)"] }', POLAND_MOVED)
    sc = read_scenario(path)
    assert [s.lon for s in sc.sites if s.name.lower() == "poland (notional)"] == [17.0]


def test_remove_sites_and_systems(tmp_path):
    meta = (
        'remove = { sites = ["Poland (notional)", "Romania (notional)"], '
        'tracks = ["notional axis over the Arctic"] }'
    )
    sc = read_scenario(_write(tmp_path, meta))
    assert [s.name for s in sc.sites] == [
        n for n in BASE_SITES if n not in ("Poland (notional)", "Romania (notional)")
    ]
    assert "notional axis over the Arctic" not in [t.name for t in sc.tracks]
    assert f"{len(BASE_SITES)} sites from base, 0 added, 0 replaced, 2 removed" in (_own_lines(sc))


def test_remove_an_unused_system_then_add_one(tmp_path):
    # remove every site using the wide sensor, then the system itself
    users = [s["name"] for s in LAYOUT["sites"] if s["system"] == "notional-wide-sensor"]
    meta = (
        "remove = { sites = ["
        + ", ".join(f'"{u}"' for u in users)
        + '], systems = ["notional-wide-sensor"] }'
    )
    body = '[[systems]]\nname = "new-one"\nrole = "interceptor"\nradius_km = 300\n'
    sc = read_scenario(_write(tmp_path, meta, body))
    assert [s.name for s in sc.systems] == [
        *[n for n in BASE_SYSTEMS if n != "notional-wide-sensor"],
        "new-one",
    ]
    line = f"{len(BASE_SYSTEMS)} systems from base, 1 added, 0 replaced, 1 removed"
    assert line in _own_lines(sc)


@pytest.mark.parametrize(
    ("meta", "body", "expect"),
    [
        (
            'remove = { sites = ["Polnad (notional)"] }',
            "",
            r"scenario\.remove\.sites: 'Polnad \(notional\)' is not a known site of the base; "
            r"did you mean 'Poland \(notional\)'",
        ),
        (
            'remove = { systems = ["no-such-system"] }',
            "",
            r"scenario\.remove\.systems: 'no-such-system' is not a known system of the base",
        ),
        (
            'replace = { sites = ["Atlantis (notional)"] }',
            POLAND_MOVED.replace("POLAND", "Atlantis"),
            r"scenario\.replace\.sites: 'Atlantis \(notional\)' is not a known site of the base",
        ),
        (
            'replace = { sites = ["Poland (notional)"] }',
            "",
            r"scenario\.replace\.sites: 'Poland \(notional\)' has no \[\[sites\]\] entry",
        ),
        (
            'remove = { sites = ["Poland (notional)"] }\n'
            'replace = { sites = ["Poland (notional)"] }',
            POLAND_MOVED,
            r"also in scenario\.remove\.sites",
        ),
        (
            'remove = { planets = ["Mars"] }',
            "",
            r"scenario\.remove\.planets: 'planets' is not a known table",
        ),
        ('replace = ["Poland (notional)"]', "", r"scenario\.replace: must be a table"),
    ],
)
def test_layering_errors(tmp_path, meta, body, expect):
    path = _write(tmp_path, meta, body)
    with pytest.raises(ScenarioError, match=expect):
        read_scenario(path)
    assert_refused(["validate", str(path)], expect, folder=tmp_path, inputs=[path])


def test_replace_needs_a_base(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('[scenario]\nname = "x"\nreplace = { sites = ["a"] }\n', "utf-8")
    assert_refused(
        ["validate", str(path)], r"scenario\.replace: needs scenario\.base", folder=tmp_path
    )


def test_cycle_of_three_is_refused(tmp_path):
    for name, base in (("a.toml", "b.toml"), ("b.toml", "c.toml"), ("c.toml", "a.toml")):
        (tmp_path / name).write_text(f'[scenario]\nbase = "{base}"\n', "utf-8")
    assert_refused(
        ["validate", str(tmp_path / "a.toml")],
        r"the bases form a cycle: .*a\.toml -> .*b\.toml -> .*c\.toml -> .*a\.toml",
        folder=tmp_path,
        inputs=[tmp_path / n for n in ("a.toml", "b.toml", "c.toml")],
    )


def test_self_base_is_a_cycle(tmp_path):
    (tmp_path / "a.toml").write_text('[scenario]\nbase = "a.toml"\n', "utf-8")
    with pytest.raises(ScenarioError, match="cycle"):
        read_scenario(tmp_path / "a.toml")
