"""Parties: country resolution, NATO membership by date, territories, party tables.

Expected memberships are written out here from docs/sources.md (name -> code by hand),
independently of the table inside ``mdcoverage.parties``.
"""

from datetime import date, datetime

import pyproj
import pytest
import shapely
from shapely.geometry import Point

from mdcoverage import geodata
from mdcoverage.errors import MdcoverageError, ScenarioError, UnknownNameError
from mdcoverage.parties import (
    PARTY_NAMES,
    Membership,
    Party,
    country_party_table,
    define_party,
    parse_date,
    party,
    party_names,
    register_party,
    resolve_countries,
    resolve_country,
    territory,
)

# --- docs/sources.md, "NATO membership by date of accession", by name -> ADM0_A3 ---------

ACCESSIONS = {
    "1949-08-24": {
        "Belgium": "BEL",
        "Canada": "CAN",
        "Denmark": "DNK",
        "France": "FRA",
        "Iceland": "ISL",
        "Italy": "ITA",
        "Luxembourg": "LUX",
        "Netherlands": "NLD",
        "Norway": "NOR",
        "Portugal": "PRT",
        "United Kingdom": "GBR",
        "United States": "USA",
    },
    "1952-02-18": {"Greece": "GRC", "Turkey": "TUR"},
    "1955-05-06": {"Germany": "DEU"},
    "1982-05-30": {"Spain": "ESP"},
    "1999-03-12": {"Czech Republic": "CZE", "Hungary": "HUN", "Poland": "POL"},
    "2004-03-29": {
        "Bulgaria": "BGR",
        "Estonia": "EST",
        "Latvia": "LVA",
        "Lithuania": "LTU",
        "Romania": "ROU",
        "Slovakia": "SVK",
        "Slovenia": "SVN",
    },
    "2009-04-01": {"Albania": "ALB", "Croatia": "HRV"},
    "2017-06-05": {"Montenegro": "MNE"},
    "2020-03-27": {"North Macedonia": "MKD"},
    "2023-04-04": {"Finland": "FIN"},
    "2024-03-07": {"Sweden": "SWE"},
}


def expected_nato(as_of: str) -> set[str]:
    return {
        code
        for joined, states in ACCESSIONS.items()
        if joined <= as_of  # ISO strings compare as dates
        for code in states.values()
    }


HELSINKI = (24.94, 60.17)  # lon, lat
STOCKHOLM = (18.07, 59.33)
WARSAW = (21.01, 52.23)
MOSCOW = (37.62, 55.76)


@pytest.fixture
def clean_registry():
    """Remove parties a test registers."""
    before = set(party_names())
    yield
    from mdcoverage import parties as mod

    for name in set(party_names()) - before:
        del mod._REGISTRY[name]


# --- countries ---------------------------------------------------------------------------


def test_reference_codes_exist_and_resolve_by_name():
    data = geodata.countries()
    for states in ACCESSIONS.values():
        for name, code in states.items():
            assert code in data.index, code
            assert resolve_country(name) == code


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("FRA", "FRA"),
        ("fra", "FRA"),
        ("FR", "FRA"),  # ISO-2 shared with Clipperton I. in the data
        ("fr", "FRA"),
        ("France", "FRA"),
        ("FRANCE", "FRA"),
        ("NOR", "NOR"),
        ("NO", "NOR"),
        ("norway", "NOR"),
        ("KOS", "KOS"),  # Kosovo: no ISO-3 code in the data
        ("XK", "KOS"),
        ("Kosovo", "KOS"),
        ("north macedonia", "MKD"),
        ("MK", "MKD"),
        ("Czechia", "CZE"),
        ("Czech Republic", "CZE"),
        ("United States of America", "USA"),
        ("US", "USA"),
        ("GB", "GBR"),
        ("AU", "AUS"),  # shared with the Coral Sea Is. etc.
        ("BRA", "BRA"),  # ISO-3 shared with Brazilian Island
        ("PSE", "PSX"),  # ISO-3 differs from the ADM0_A3 key
        ("Côte d'Ivoire", "CIV"),
        ("cote d'ivoire", "CIV"),
        ("  the Netherlands ", "NLD"),
        ("Russia", "RUS"),
    ],
)
def test_resolve_country(value, key):
    assert resolve_country(value) == key


def test_iso_codes_never_resolve_to_a_minor_unit():
    data = geodata.countries()
    for key, iso2, iso3 in zip(data.index, data["iso_a2"], data["iso_a3"], strict=True):
        if iso3 and iso3 in data.index:
            assert resolve_country(iso3) == iso3
            if iso2:
                assert resolve_country(iso2) == iso3, (key, iso2)


def test_every_key_and_name_resolves_to_itself():
    data = geodata.countries()
    for key, name in zip(data.index, data["name"], strict=True):
        assert resolve_country(key) == key
        assert resolve_country(key.lower()) == key
        assert resolve_country(name) == key


def test_unknown_country_suggests():
    with pytest.raises(UnknownNameError, match=r"'FRX' is not a known country; did you mean"):
        resolve_country("FRX")
    with pytest.raises(UnknownNameError, match=r"did you mean 'France'"):
        resolve_country("Frnace")


def test_unknown_country_is_a_mdcoverage_error_and_key_error():
    with pytest.raises(MdcoverageError):
        resolve_country("Atlantis")
    with pytest.raises(KeyError):
        resolve_country("Atlantis")


def test_resolve_countries_reports_all_unknowns_at_once():
    assert resolve_countries(["FR", "Norway", "kos"]) == ("FRA", "NOR", "KOS")
    with pytest.raises(UnknownNameError, match="2 unknown countries") as info:
        resolve_countries(["FRX", "POL", "Swedn"])
    msg = str(info.value)
    assert "'FRX' is not a known country" in msg
    assert "'Swedn' is not a known country; did you mean 'Sweden'" in msg
    assert "'POL'" not in msg  # the known one is not reported


def test_resolve_countries_refuses_a_single_string():
    with pytest.raises(ScenarioError, match=r"single string 'FRA'"):
        resolve_countries("FRA")


def test_resolve_country_refuses_non_strings():
    with pytest.raises(ScenarioError, match="code or an English name"):
        resolve_country(250)


# --- dates ---------------------------------------------------------------------------------


def test_parse_date():
    assert parse_date("2011-06-08") == date(2011, 6, 8)
    assert parse_date(date(2011, 6, 8)) == date(2011, 6, 8)
    assert parse_date(datetime(2011, 6, 8, 12, 30)) == date(2011, 6, 8)
    with pytest.raises(ScenarioError, match=r"as_of: '2011-13-01' is not a date; use an ISO"):
        parse_date("2011-13-01")
    with pytest.raises(ScenarioError, match=r"since: expected a date"):
        parse_date(2011, name="since")


def test_members_accepts_strings_and_dates():
    nato = party("nato")
    assert nato.members("2011-06-08") == nato.members(date(2011, 6, 8))
    with pytest.raises(ScenarioError, match="as_of"):
        nato.members("8 June 2011")


# --- NATO membership -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "count"),
    [
        ("1949-08-23", 0),
        ("1949-08-24", 12),
        ("1950-01-01", 12),
        ("1960-01-01", 15),
        ("1990-01-01", 16),
        ("2000-01-01", 19),
        ("2005-01-01", 26),
        ("2011-06-08", 28),
        ("2024-12-31", 32),
    ],
)
def test_nato_members_by_date(as_of, count):
    members = party("nato").members(as_of)
    assert len(members) == count
    assert set(members) == expected_nato(as_of)
    assert list(members) == sorted(members)


def test_nato_2011_and_2024():
    nato = party("nato")
    m2011 = set(nato.members("2011-06-08"))
    assert {"ALB", "HRV", "DEU", "POL", "TUR", "EST"} <= m2011
    assert not {"MNE", "MKD", "FIN", "SWE", "RUS", "UKR", "GEO"} & m2011
    m2024 = set(nato.members("2024-12-31"))
    assert {"FIN", "SWE", "MKD", "MNE"} <= m2024
    # no dependent units
    assert not {"GRL", "FRO", "ALD", "GIB", "PRI"} & m2024


@pytest.mark.parametrize("joined", list(ACCESSIONS))
def test_accession_day_boundaries(joined):
    nato = party("nato")
    day = date.fromisoformat(joined)
    before = day.fromordinal(day.toordinal() - 1)
    for code in ACCESSIONS[joined].values():
        assert not nato.is_member(code, before), (code, before)
        assert nato.is_member(code, day), (code, day)


def test_is_member_accepts_names_and_iso_codes():
    nato = party("nato")
    assert nato.is_member("france", "2011-06-08")
    assert nato.is_member("NO", "2011-06-08")
    assert not nato.is_member("Finland", "2011-06-08")
    assert nato.is_member("Finland", "2023-04-04")
    with pytest.raises(UnknownNameError, match="did you mean"):
        nato.is_member("Finlnd", "2023-04-04")


def test_germany_note_and_dates():
    nato = party("nato")
    assert not nato.is_member("DEU", "1955-05-05")
    assert "DEU" not in nato.members("1955-05-05")
    assert nato.is_member("DEU", "1955-05-06")
    for as_of in ("1955-05-06", "1970-01-01", "1990-10-02"):
        notes = nato.notes(as_of)
        assert any("present-day boundaries" in n and "West Germany" in n for n in notes), as_of
    for as_of in ("1955-05-05", "1990-10-03", "2011-06-08"):
        assert not any("Germany" in n for n in nato.notes(as_of)), as_of


def test_nato_note_before_the_treaty():
    assert any("24 Aug 1949" in n for n in party("nato").notes("1949-08-23"))
    assert party("nato").notes("2011-06-08") == ()


def test_russia():
    russia = party("russia")
    assert russia.label == "Russia"
    assert russia.members("2011-06-08") == ("RUS",)
    assert russia.members("2024-12-31") == ("RUS",)
    assert russia.members("1991-12-24") == ()
    assert any("Soviet Union" in n for n in russia.notes("1985-01-01"))
    assert russia.notes("2011-06-08") == ()


# --- registry -----------------------------------------------------------------------------


def test_party_lookup():
    assert PARTY_NAMES == ("nato", "russia")
    assert party("NATO") is party("nato")
    assert party("nato").label == "NATO"
    with pytest.raises(
        UnknownNameError, match=r"'natto' is not a known party; did you mean 'nato'"
    ):
        party("natto")
    with pytest.raises(UnknownNameError, match=r"choose one of: nato, russia"):
        party("csto")


def test_define_and_register_party(clean_registry):
    neutrals = define_party("Neutrals", ["Finland", "SE", "AUT", "CH", "Ireland"])
    assert neutrals.name == "neutrals"
    assert neutrals.label == "Neutrals"
    assert neutrals.members("1900-01-01") == ("AUT", "CHE", "FIN", "IRL", "SWE")
    assert "neutrals" not in party_names()  # defining does not register
    register_party(neutrals)
    assert party("Neutrals") is neutrals
    with pytest.raises(ScenarioError, match="already registered"):
        register_party(neutrals)
    assert register_party(neutrals, replace=True) is neutrals
    with pytest.raises(ScenarioError, match="built in"):
        register_party(Party("nato", "Mine", ()))


def test_define_party_since_and_duplicates():
    p = define_party("group", ["FRA", "France", "FR"], label="A group", since="2000-01-01")
    assert p.label == "A group"
    assert p.members("1999-12-31") == ()
    assert p.members("2000-01-01") == ("FRA",)


def test_define_party_reports_all_unknowns():
    with pytest.raises(UnknownNameError, match="2 unknown countries") as info:
        define_party("x", ["Swedn", "FRA", "Atlantis"])
    assert "'Swedn'" in str(info.value)
    assert "'Atlantis'" in str(info.value)


def test_party_validation():
    with pytest.raises(ScenarioError, match="party name 'NATO 2'"):
        Party("NATO 2", "x", ())
    with pytest.raises(ScenarioError, match=r"left .* must be after joined"):
        Membership("FRA", "2000-01-01", "1999-01-01")
    with pytest.raises(ScenarioError, match="memberships of FRA overlap"):
        Party("p", "P", (Membership("FRA", "2000-01-01"), Membership("fra", "2005-01-01")))
    # leaving and re-joining is fine; the day of leaving is excluded
    p = Party(
        "p",
        "P",
        (Membership("FRA", "2000-01-01", "2001-01-01"), Membership("FRA", "2002-01-01")),
    )
    assert p.members("2000-12-31") == ("FRA",)
    assert p.members("2001-01-01") == ()
    assert p.members("2002-01-01") == ("FRA",)


def test_register_party_checks_keys(clean_registry):
    with pytest.raises(UnknownNameError, match="'XXX' is not a known country"):
        register_party(Party("bad", "Bad", (Membership("XXX", "2000-01-01"),)))


# --- territory ------------------------------------------------------------------------------


def _contains(geom, lon, lat, crs="EPSG:4326"):
    if crs != "EPSG:4326":
        tr = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        lon, lat = tr.transform(lon, lat)
    return geom.contains(Point(lon, lat))


def test_territory_helsinki_and_stockholm():
    t2011 = territory("nato", "2011-06-08")
    t2024 = territory(party("nato"), date(2024, 12, 31))
    assert t2011.geom_type in ("Polygon", "MultiPolygon")
    assert t2011.is_valid and t2024.is_valid
    assert _contains(t2024, *HELSINKI)
    assert _contains(t2024, *STOCKHOLM)
    assert not _contains(t2011, *HELSINKI)
    assert not _contains(t2011, *STOCKHOLM)
    assert _contains(t2011, *WARSAW)
    assert not _contains(t2024, *MOSCOW)
    assert _contains(territory("russia", "2011-06-08"), *MOSCOW)


def test_territory_in_equal_area_crs_is_the_sum_of_member_areas():
    members = party("nato").members("2011-06-08")
    t = territory("nato", "2011-06-08", crs="EPSG:3035")
    assert _contains(t, *WARSAW, crs="EPSG:3035")
    assert not _contains(t, *HELSINKI, crs="EPSG:3035")
    parts = geodata.countries().loc[list(members)].to_crs("EPSG:3035")
    expected_km2 = parts.geometry.area.sum() / 1e6
    assert t.area / 1e6 == pytest.approx(expected_km2, rel=1e-3)
    # sanity: USA + Canada alone are ~18 million km² of land; Europe adds a few million
    assert 20e6 < t.area / 1e6 < 27e6


def test_territory_from_a_country_list_and_cache():
    a = territory(["Poland", "LT"])
    b = territory(("LTU", "POL", "POL"))
    assert a is b  # cached by (sorted members, crs)
    assert _contains(a, *WARSAW)
    assert shapely.equals(a, territory(define_party("pl_lt", ["POL", "LTU"]), "2011-06-08"))


def test_territory_empty_and_errors():
    empty = territory("nato", "1949-08-23")
    assert empty.is_empty
    assert territory("russia", "1990-01-01").is_empty
    with pytest.raises(ScenarioError, match="as_of"):
        territory("nato")
    with pytest.raises(UnknownNameError, match="not a known party"):
        territory("natto", "2011-06-08")
    with pytest.raises(ScenarioError, match="crs"):
        territory("nato", "2011-06-08", crs="EPSG:999999")


# --- party table ---------------------------------------------------------------------------


def test_country_party_table():
    table = country_party_table(["nato", "russia"], "2011-06-08")
    data = geodata.countries()
    assert list(table.index) == list(data.index)
    assert table.name == "party"
    assert table["POL"] == "nato"
    assert table["RUS"] == "russia"
    assert table["FIN"] == ""
    assert (table == "nato").sum() == 28
    assert (table == "russia").sum() == 1
    assert (table == "").sum() == len(data) - 29


def test_country_party_table_conflicts():
    neutrals = define_party("neutrals", ["FIN", "SWE", "AUT"])
    # fine in 2011: Finland and Sweden were not yet members
    table = country_party_table([party("nato"), neutrals], "2011-06-08")
    assert table["FIN"] == "neutrals"
    with pytest.raises(MdcoverageError, match=r"'FIN' belongs to both 'nato' and 'neutrals'"):
        country_party_table(["nato", neutrals], "2024-12-31")
    with pytest.raises(
        ScenarioError, match=r"'SWE' belongs to both 'nato' and 'neutrals' on 2024-12-31"
    ):
        country_party_table(["nato", neutrals], "2024-12-31")
    # one neutral only -> one-line message
    with pytest.raises(
        ScenarioError, match=r"^'FIN' belongs to both 'nato' and 'neutrals' on 2023-04-04$"
    ):
        country_party_table(["nato", neutrals], "2023-04-04")
    with pytest.raises(ScenarioError, match="given twice"):
        country_party_table(["nato", "NATO"], "2011-06-08")


def test_parse_date_today_and_loose_dates():
    assert parse_date("today") == date.today() == parse_date(" Today ")
    with pytest.raises(ScenarioError, match=r"'2011-6-8' is not a date; .*two for month and day"):
        parse_date("2011-6-8")


def test_with_dependencies_is_the_sovereign_rule():
    from mdcoverage.parties import with_dependencies

    assert with_dependencies([]) == frozenset()
    assert {"ALD"} < with_dependencies(["FIN"])
    assert {"FRO", "GRL"} < with_dependencies(["DNK"])
    assert "GIB" in with_dependencies(["GBR"]) and "GIB" not in with_dependencies(["ESP"])
    table = country_party_table(["nato"], "2024-12-31", dependencies=True)
    assert set(table[table == "nato"].index) == with_dependencies(
        party("nato").members("2024-12-31")
    )
