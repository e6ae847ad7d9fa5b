"""Text tables for people in the class's language (``metrics``, ``sensitivity``,
``optimize``): headers, parties, countries and numbers per language; CSV and JSON are
data and stay the same in every language."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from babel.numbers import format_decimal
from hostile import assert_refused, run_cli

from mdcoverage.coverage import assess
from mdcoverage.scenario import load_preset
from mdcoverage.tables import format_table

CYRILLIC = re.compile("[а-яА-Я]")
ENGLISH_HEADERS = ["urban pop.", "pop. defended", "area defended", "by another party"]


@pytest.fixture(scope="module")
def east_west():
    return assess(load_preset("2011-sectoral-east-west"))


def _metrics(lang: str, *extra: str) -> str:
    res = run_cli(["metrics", "--preset", "2011-sectoral-east-west", "--lang", lang, *extra])
    assert res.code == 0, res.err
    return res.out


def test_english_is_unchanged_by_default():
    out = run_cli(["metrics", "--preset", "2011-sectoral-east-west"]).out
    assert out == _metrics("en")
    assert all(h in out for h in ENGLISH_HEADERS)
    assert "Sectoral (east/west interpretation), as of 2011-06-08" in out


def test_german_headers_parties_and_numbers(east_west):
    out = _metrics("de")
    assert "Bev. verteidigt" in out and "Russland" in out and "Stand 2011-06-08" in out
    assert not any(h in out for h in ENGLISH_HEADERS)
    # NATO's defended share, formatted by Babel for German from the assessment itself
    share = east_west.parties.loc["nato", "urban_pop_defended_share"]
    expected = format_decimal(100 * share, "#,##0.0", locale="de_DE") + "\u00a0%"
    nato = next(line for line in out.splitlines() if line.strip().startswith("NATO"))
    assert expected in nato
    people = format_decimal(east_west.parties.loc["nato", "urban_pop"], "#,##0", locale="de_DE")
    assert people in nato and "." in people  # German groups thousands with a dot


def test_russian_table_is_cyrillic_and_names_countries_in_russian():
    out = _metrics("ru", "--level", "countries")
    header = out.splitlines()[2]
    assert CYRILLIC.search(header) and not re.search("[a-z]{4,}", header)
    assert "Германия" in out and "Германия" not in _metrics("en", "--level", "countries")


def test_a_comparison_in_german_has_letters_and_percentage_points():
    presets = ["--preset", "2011-independent", "--preset", "2011-sectoral-east-west"]
    res = run_cli(["metrics", *presets, "--lang", "de", "--format", "markdown"])
    assert res.code == 0, res.err
    assert "A = Zwei unabhängige Systeme" in res.out
    assert re.search(r"[+-]\d+,\d\u00a0Pp\.", res.out)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_data_formats_are_the_same_in_every_language(fmt):
    assert _metrics("de", "--format", fmt) == _metrics("en", "--format", fmt)


def test_metrics_refuses_an_unknown_language(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = assert_refused(
        ["metrics", "--preset", "2011-independent", "--lang", "xx"],
        "unknown language",
        folder=tmp_path,
    )
    assert res.code == 2


def test_sensitivity_table_in_russian():
    res = run_cli(
        ["sensitivity", "--preset", "2011-independent", "--factor", "0.5", "--lang", "ru"]
    )
    assert res.code == 0, res.err
    assert "x 0,5" in res.out and "Россия" in res.out and "нас. защищено" in res.out


def test_columns_already_in_percent_are_not_multiplied_again():
    # the optimize table shows shares as *_pct columns (93.9 means 93.9 %)
    table = pd.DataFrame({"party": ["nato"], "share_pct": [93.9], "target_pct": [90.0]})
    out = format_table(table, "table")
    assert "93.9 %" in out and "90.0 %" in out and "9390" not in out
    de = format_table(table, "table", "de")
    assert "93,9\u00a0%" in de and "NATO" in de
