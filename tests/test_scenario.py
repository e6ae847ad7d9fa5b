"""Scenario files: a catalogue of bad inputs, each with its expected one-line message."""

import datetime as dt
import textwrap

import pytest

from mdcoverage.errors import ScenarioError, UnknownNameError
from mdcoverage.scenario import (
    list_presets,
    load_preset,
    preset_names,
    read_scenario,
    scenario_from_dict,
)

GOOD = """
[scenario]
name = "Test layout"
as_of = 2011-06-08
region = "europe"

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
name = "North Sea (notional)"
party = "nato"
kind = "sea"
lon = 3.0
lat = 56.0
system = "int"

[[architectures]]
type = "independent"
data_exchange = true
"""


def write(tmp_path, text, name="s.toml"):
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def test_good_file_reads(tmp_path):
    sc = read_scenario(write(tmp_path, GOOD))
    assert sc.as_of == dt.date(2011, 6, 8)
    assert [s.name for s in sc.sites] == ["Romania (notional)", "North Sea (notional)"]
    assert sc.system("INT").radius_km == 1000.0
    assert sc.party_names() == ("nato",)


# (description, transformation of GOOD or whole text, expected message regex)
BAD = [
    ("malformed TOML", "[scenario\nname = 1", r"malformed TOML"),
    (
        "wrong type: radius as string",
        GOOD.replace("radius_km = 1000", 'radius_km = "1000"'),
        r"systems\[0\]\.radius_km: input should be a valid number; got '1000'",
    ),
    (
        "wrong type: lat as bool",
        GOOD.replace("lat = 45", "lat = true"),
        r"sites\[0\]\.lat: input should be a valid number",
    ),
    (
        "lat 91",
        GOOD.replace("lat = 45", "lat = 91"),
        r"sites\[0\]\.lat: input should be less than or equal to 90; got 91",
    ),
    (
        "lon -181",
        GOOD.replace("lon = 25", "lon = -181"),
        r"sites\[0\]\.lon: input should be greater than or equal to -180",
    ),
    (
        "NaN latitude",
        GOOD.replace("lat = 45", "lat = nan"),
        r"sites\[0\]\.lat: must be a finite number \(not NaN or infinity\); got nan",
    ),
    (
        "infinite radius",
        GOOD.replace("radius_km = 1000", "radius_km = inf"),
        r"systems\[0\]\.radius_km: must be a finite number",
    ),
    (
        "negative radius",
        GOOD.replace("radius_km = 1000", "radius_km = -5"),
        r"systems\[0\]\.radius_km: input should be greater than 0; got -5",
    ),
    (
        "zero radius",
        GOOD.replace("radius_km = 1000", "radius_km = 0"),
        r"systems\[0\]\.radius_km: input should be greater than 0",
    ),
    (
        "over-large radius",
        GOOD.replace("radius_km = 1000", "radius_km = 25000"),
        r"systems\[0\]\.radius_km: input should be less than or equal to 20003",
    ),
    (
        "unknown role",
        GOOD.replace('role = "interceptor"', 'role = "laser"'),
        r"systems\[0\]\.role: must be one of 'interceptor' or 'sensor'; got 'laser'",
    ),
    (
        "unknown party",
        GOOD.replace('party = "nato"', 'party = "natto"', 1),
        r"sites\[0\]\.party: 'natto' is not a known party; did you mean 'nato'",
    ),
    (
        "unknown system",
        GOOD.replace('system = "int"', 'system = "intt"', 1),
        r"sites\[0\]\.system: 'intt' is not a known system; did you mean 'int'",
    ),
    (
        "unknown country in a party",
        GOOD + '\n[[parties]]\nname = "neutrals"\ncountries = ["AUT", "XYZQ"]\n',
        r"parties\[0\]\.countries\[1\]: 'XYZQ' is not a known country",
    ),
    (
        "unknown architecture",
        GOOD.replace('type = "independent"', 'type = "sectorall"'),
        r"architectures\[0\]\.type: 'sectorall' is not a known architecture; did you mean 'sectoral'",
    ),
    (
        "sea site on land",
        GOOD.replace("lon = 3.0\nlat = 56.0", "lon = 10.0\nlat = 50.0"),
        r"sites\[1\] \('North Sea \(notional\)'\): kind = 'sea' but \(10.0, 50.0\) is on land",
    ),
    (
        "land site at sea",
        GOOD.replace("lon = 25\nlat = 45", "lon = 5\nlat = 40"),
        r"sites\[0\] \('Romania \(notional\)'\): kind = 'land' but \(5.0, 40.0\) is at sea",
    ),
    (
        "duplicate site names (case-insensitive)",
        GOOD.replace('name = "North Sea (notional)"', 'name = "ROMANIA (notional)"'),
        r"sites\[1\]\.name: 'ROMANIA \(notional\)' duplicates sites\[0\]",
    ),
    (
        "empty site list",
        "sites = []\n"
        + GOOD.split("[[sites]]")[0]
        + "[[architectures]]"
        + GOOD.split("[[architectures]]")[1],
        r"sites: list should have at least 1 item",
    ),
    (
        "key in the wrong table",
        GOOD.replace('region = "europe"', 'region = "europe"\nradius_km = 5'),
        r"scenario\.radius_km: unknown key",
    ),
    (
        "misspelt key",
        GOOD.replace("data_exchange = true", "data_exchnge = true"),
        r"architectures\[0\]\.data_exchnge: unknown key",
    ),
    (
        "missing required field",
        GOOD.replace('kind = "land"\n', ""),
        r"sites\[0\]\.kind: required, missing",
    ),
    (
        "unknown region",
        GOOD.replace('region = "europe"', 'region = "eurpe"'),
        r"scenario\.region: 'eurpe' is not a known region; did you mean 'europe'",
    ),
    (
        "option of another architecture",
        GOOD.replace("data_exchange = true", 'default_party = "nato"'),
        r"architectures\[0\]\.default_party: not an option of 'independent'",
    ),
    (
        "sectoral without sectors",
        GOOD.replace(
            'type = "independent"\ndata_exchange = true',
            'type = "sectoral"\ndefault_party = "nato"',
        ),
        r"architectures\[0\]\.sectors: at least one sector is required",
    ),
    (
        "bad date",
        GOOD.replace("as_of = 2011-06-08", 'as_of = "June 2011"'),
        r"scenario\.as_of: must be a date such as 2011-06-08",
    ),
    (
        "date with a time",
        GOOD.replace("as_of = 2011-06-08", "as_of = 2011-06-08T10:00:00"),
        r"s\.toml: scenario\.as_of: must be a date such as[^\n]*$",
    ),
    (
        "sector on an interceptor",
        GOOD.replace("radius_km = 1000", "radius_km = 1000\nbearing_deg = 0\nwidth_deg = 90"),
        r"systems\[0\]\.width_deg: only sensors may have an azimuth sector",
    ),
    (
        "width without bearing",
        GOOD.replace("bearing_deg = 90\n", ""),
        r"systems\[1\]\.width_deg: .*width_deg needs bearing_deg",
    ),
    (
        "unknown base",
        GOOD.replace('region = "europe"', 'region = "europe"\nbase = "nope"'),
        r"scenario\.base: 'nope' is not a shipped layout or preset; a base is a \.toml file",
    ),
]


@pytest.mark.parametrize(("text", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_scenario_catalogue(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError, match=message) as info:
        read_scenario(path)
    assert str(path) in str(info.value)  # the file is named


def test_catalogue_is_large_enough():
    assert len(BAD) + 3 >= 20  # + non-UTF-8, missing file, folder below


def test_non_utf8_bytes(tmp_path):
    path = write(tmp_path, GOOD.encode("utf-8").replace(b"Test layout", b"Test \xff layout"))
    with pytest.raises(ScenarioError, match=r"line 3: not valid UTF-8 text"):
        read_scenario(path)


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match=r"nope\.toml: no such file"):
        read_scenario(tmp_path / "nope.toml")


def test_folder_instead_of_file(tmp_path):
    with pytest.raises(ScenarioError, match="is a folder"):
        read_scenario(tmp_path)


def test_all_problems_reported_at_once(tmp_path):
    text = GOOD.replace("lat = 45", "lat = 91").replace("radius_km = 1000", "radius_km = -1")
    with pytest.raises(ScenarioError) as info:
        read_scenario(write(tmp_path, text))
    assert len(info.value.problems) == 2
    msg = str(info.value)
    assert "2 problems" in msg and "sites[0].lat" in msg and "systems[0].radius_km" in msg
    assert all("\n" not in p for p in info.value.problems)  # one line each


def test_semantic_problems_reported_at_once(tmp_path):
    text = GOOD.replace('party = "nato"', 'party = "natto"', 1).replace(
        'system = "int"', 'system = "nope"', 1
    )
    with pytest.raises(ScenarioError) as info:
        read_scenario(write(tmp_path, text))
    assert len(info.value.problems) == 2


def test_from_dict_accepts_iso_date_string():
    import tomllib

    data = tomllib.loads(GOOD)
    data["scenario"]["as_of"] = "2024-12-31"
    assert scenario_from_dict(data).as_of == dt.date(2024, 12, 31)


def test_today_keyword(tmp_path):
    sc = read_scenario(write(tmp_path, GOOD.replace("as_of = 2011-06-08", 'as_of = "today"')))
    assert sc.as_of == dt.date.today()


def test_replace_revalidates():
    sc = load_preset("2011-independent")
    later = sc.replace(as_of=dt.date(2024, 12, 31))
    assert later.as_of == dt.date(2024, 12, 31) and later.sites == sc.sites
    assert later.source == "preset '2011-independent' (modified)"
    assert later.replace(as_of=dt.date(2020, 1, 1)).source == later.source
    with pytest.raises(ScenarioError, match=r"\(modified\): sites\[0\]\.lat"):
        sc.replace(sites=[{**sc.sites[0].model_dump(), "lat": 99.0}])


def test_base_file_next_to_scenario(tmp_path):
    write(tmp_path, GOOD, name="layout.toml")
    child = write(
        tmp_path,
        '[scenario]\nbase = "layout.toml"\nname = "Child"\nas_of = 2024-12-31\n',
        name="child.toml",
    )
    sc = read_scenario(child)
    assert sc.name == "Child" and sc.as_of == dt.date(2024, 12, 31) and len(sc.sites) == 2


def test_presets_listed_and_valid():
    names = preset_names()
    for required in (
        "2011-independent",
        "2011-sectoral-east-west",
        "2011-sectoral-podvig-2012",
        "today-independent",
    ):
        assert required in names
    assert not any(n.startswith("_") for n in names)
    table = list_presets()
    assert list(table["preset"]) == names
    assert table["description"].str.len().gt(20).all()


def test_presets_notional_and_dated():
    for name in preset_names():
        sc = load_preset(name)
        assert sc.sources, name
        assert all("(notional)" in s.name for s in sc.sites), name
        assert all(float(s.lon).is_integer() and float(s.lat).is_integer() for s in sc.sites)
        assert all(s.radius_km % 100 == 0 for s in sc.systems), "round numbers only"
        assert all("notional" in s.name for s in sc.systems)
        if "sectoral" in name:
            assert sc.interpretation and "interpretation" in sc.interpretation.lower()
        for t in sc.tracks:
            assert "notional" in t.name
    assert load_preset("2011-independent").as_of == dt.date(2011, 6, 8)
    assert load_preset("today-independent").as_of == dt.date.today()


def test_unknown_preset_suggests():
    with pytest.raises(UnknownNameError, match="did you mean '2011-independent'"):
        load_preset("2011-independant")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("none", r"parties\[0\]\.name: 'none' is reserved"),
        ("Total", r"'Total' is reserved"),
        ("nato", r"'nato' is a built-in party"),
        ("neutrålar", r"parties\[0\]\.name: string should match pattern"),
    ],
)
def test_reserved_and_invalid_party_names(tmp_path, name, message):
    text = GOOD + f'\n[[parties]]\nname = "{name}"\ncountries = ["AUT"]\n'
    with pytest.raises(ScenarioError, match=message):
        read_scenario(write(tmp_path, text))


def test_country_in_two_parties_on_the_date(tmp_path):
    text = GOOD + '\n[[parties]]\nname = "neutrals"\ncountries = ["AUT", "Finland"]\n'
    sc = read_scenario(write(tmp_path, text))  # Finland joined NATO only in 2023
    assert sc.parties[0].name == "neutrals"
    later = text.replace("as_of = 2011-06-08", "as_of = 2024-12-31")
    with pytest.raises(ScenarioError, match="'FIN' belongs to both 'nato' and 'neutrals'"):
        read_scenario(write(tmp_path, later, name="later.toml"))


def test_scenario_files_follow_the_base_chain(tmp_path):
    from mdcoverage.scenario import scenario_files

    write(tmp_path, GOOD, name="layout.toml")
    write(tmp_path, '[scenario]\nbase = "layout.toml"\nname = "Mid"\n', name="mid.toml")
    child = write(tmp_path, '[scenario]\nbase = "mid.toml"\nname = "Child"\n', name="child.toml")
    assert scenario_files(child) == [child, tmp_path / "mid.toml", tmp_path / "layout.toml"]
    on_preset = write(tmp_path, '[scenario]\nbase = "2011-independent"\n', name="p.toml")
    assert scenario_files(on_preset) == [on_preset]  # a shipped preset is not a file


SECTORAL_NONE = """
[[architectures]]
type = "sectoral"
default_party = "none"

[[architectures.sectors]]
party = "nato"
countries = ["ROU"]
"""


def test_sectoral_default_party_none_means_nobody(tmp_path):
    from mdcoverage.coverage import assess

    sc = read_scenario(write(tmp_path, GOOD + SECTORAL_NONE))
    assert sc.architectures[1].default_party == "none"
    assert "none" not in sc.party_names()
    a = assess(sc, 1)
    assert a.architecture.default_party == ""  # the rest of the region: nobody's


def test_registered_party_usable_by_name(tmp_path):
    from mdcoverage import parties
    from mdcoverage.coverage import scenario_parties

    text = GOOD.replace('party = "nato"\nkind = "sea"', 'party = "nordics"\nkind = "sea"')
    with pytest.raises(ScenarioError, match=r"'nordics' is not a known party"):
        read_scenario(write(tmp_path, text))
    parties.register_party(parties.define_party("nordics", ["SWE", "FIN"], label="Nordics"))
    try:
        sc = read_scenario(write(tmp_path, text))
        assert sc.party_names() == ("nato", "nordics")
        assert [p.name for p in scenario_parties(sc)] == ["nato", "russia", "nordics"]
        with pytest.raises(ScenarioError, match=r"'FIN' belongs to both 'nato' and 'nordics'"):
            sc.replace(as_of=dt.date(2024, 12, 31))
    finally:
        del parties._REGISTRY["nordics"]


def test_as_of_strings_and_today():
    data = read_scenario_dict()
    data["scenario"]["as_of"] = " TODAY "
    assert scenario_from_dict(data).as_of == dt.date.today()
    data["scenario"]["as_of"] = "2011-6-8"
    with pytest.raises(ScenarioError, match=r"scenario\.as_of: must be a date such as"):
        scenario_from_dict(data)


def read_scenario_dict():
    import tomllib

    return tomllib.loads(GOOD)
