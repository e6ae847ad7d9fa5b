"""Plain-language output (sentences, ``explain``) and the human tables, against figures
computed here: city populations from the bundled table, distances from pyproj's
``Geod.inv``, the sites and radii read from the scenario itself."""

import numpy as np
import pytest
from hostile import assert_refused, run_cli
from pyproj import Geod

from mdcoverage import sentences, tables
from mdcoverage.coverage import assess, region_places
from mdcoverage.errors import UnknownNameError
from mdcoverage.notices import REACH_CAVEAT
from mdcoverage.scenario import load_preset

GEOD = Geod(ellps="WGS84")
INDEPENDENT = "2011-independent"
PODVIG = "2011-sectoral-podvig-2012"


@pytest.fixture(scope="module")
def ind():
    return assess(load_preset(INDEPENDENT))


@pytest.fixture(scope="module")
def podvig():
    return assess(load_preset(PODVIG))


def defended_share(scenario, adm0_a3, party):
    """Share of a country's urban population within reach of ``party``'s interceptors."""
    c = region_places("europe")
    c = c[c["adm0_a3"] == adm0_a3]
    hit = np.zeros(len(c), bool)
    for s in scenario.sites:
        sysm = scenario.system(s.system)
        if s.party.lower() != party or sysm.role != "interceptor":
            continue
        n = len(c)
        _, _, d = GEOD.inv(np.full(n, s.lon), np.full(n, s.lat), c["lon"], c["lat"])
        hit |= np.asarray(d) <= sysm.radius_km * 1000.0
    return c.loc[hit, "population"].sum() / c["population"].sum()


def pct(x):
    return tables.percent(x)


def test_percent_never_rounds_to_a_false_zero_or_hundred():
    assert tables.percent(0.5) == "50 %"
    assert tables.percent(0.004) == "<1 %"
    assert tables.percent(0.996) == ">99 %"
    assert tables.percent(1.0) == "100 %" and tables.percent(0.0) == "0 %"
    assert tables.percent(0.1234, 1) == "12.3 %"


def test_estonia_under_podvig_is_defended_by_russia(podvig):
    # the Podvig sector puts Estonia in Russia's sector: all its places are Russia's
    share = defended_share(podvig.scenario, "EST", "russia")
    assert share > 0.5
    got = sentences.country_sentences(podvig, "EST")
    assert got[0] == (
        f"Estonia: {pct(share)} of its urban population defended, all of it by Russia's "
        "notional sites."
    )
    assert sentences.country_sentences(podvig, "estonia") == got  # by name


def test_poland_under_independent_is_defended_by_nato(ind):
    share = defended_share(ind.scenario, "POL", "nato")
    got = sentences.country_sentences(ind, "Poland")[0]
    assert (
        got
        == f"Poland: {pct(share)} of its urban population defended, all of it by NATO's notional sites."
    )


def test_reach_sentence_against_a_direct_count(ind):
    # Russia's urban population inside NATO's interceptor reach, counted here
    share = defended_share(ind.scenario, "RUS", "nato")
    got = sentences.country_sentences(ind, "RUS")[1]
    assert got.startswith(f"Russia: {pct(share)} of its urban population and ")
    assert "another party's interceptor reach (geometry only)" in got
    assert REACH_CAVEAT in sentences.caveats()


def test_party_sentences_name_each_party_once_per_kind(ind):
    got = sentences.party_sentences(ind)
    assert sum(s.startswith("NATO:") for s in got) == 2
    assert sum(s.startswith("Russia:") for s in got) == 2
    nato = ind.parties.loc["nato"]
    assert got[0].startswith(f"NATO: {pct(nato['urban_pop_defended_share'])} of its urban")


def test_difference_sentences_are_the_largest_differences_in_people(ind, podvig):
    a, b = ind.countries, podvig.countries
    deltas = []
    for col in ("urban_pop_defended", "dependency_pop"):
        d = (b[col] - a[col]).abs()
        deltas += [(v, k) for k, v in d.items() if v > 0]
    best = []
    for _, code in sorted(deltas, reverse=True):
        if code not in best:
            best.append(code)
    got = sentences.difference_sentences(ind, podvig, n=3)
    assert len(got) == 3
    for sentence, code in zip(got, best[:3], strict=True):
        assert sentence.startswith(f"{a.loc[code, 'name']}: ")
        assert ind.name in sentence and podvig.name in sentence
    same = sentences.difference_sentences(ind, ind)
    assert same == [
        f"No difference between {ind.name} and {ind.name} in who is defended or by whom."
    ]


def test_unknown_country_is_one_clear_error(ind):
    with pytest.raises(UnknownNameError):
        sentences.country_sentences(ind, "Atlantis")


def test_sentences_in_other_languages(ind):
    # the same figures, from the catalogue's German and Russian templates
    de = sentences.country_sentences(ind, "EST", "de")
    ru = sentences.country_sentences(ind, "EST", "ru")
    assert de[0].startswith("Estland: 100\u00a0% der Stadtbevölkerung verteidigt")
    assert ru[0].startswith("Эстония: защищено 100\u00a0% городского населения")
    assert "(nur Geometrie)" in de[1] and "(только геометрия)" in ru[1]
    res = run_cli(["explain", "--preset", INDEPENDENT, "--country", "EST", "--lang", "ru"])
    assert res.code == 0, res.err
    assert ru[0] in res.out and "по состоянию на 8 июня 2011" in res.out


def test_explain_command(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = run_cli(["explain", "--preset", INDEPENDENT, "--preset", PODVIG, "--country", "EST"])
    assert res.code == 0, res.err
    podvig = assess(load_preset(PODVIG))
    assert sentences.country_sentences(podvig, "EST")[0] in res.out
    assert "Largest differences" in res.out
    assert "geometry only: overlap on a map is not a capability" in res.out
    # only the country asked for (Poland may still appear among the differences)
    assert sentences.country_sentences(podvig, "POL")[0] not in res.out
    assert sentences.country_sentences(podvig, "POL")[1] not in res.out
    assert_refused(
        ["explain", "--preset", INDEPENDENT, "--country", "Atlantis"],
        "Atlantis",
        folder=tmp_path,
    )
