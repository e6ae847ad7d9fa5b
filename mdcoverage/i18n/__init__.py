"""One message catalogue for every text a reader sees, in English, German and Russian.

The catalogue files (``en.toml``, ``de.toml``, ``ru.toml`` next to this module) hold the
same keys; :func:`t` looks a key up and fills its ``{placeholders}``. Numbers, percentages
and dates are formatted per language with Babel (:func:`percent`, :func:`number`,
:func:`long_date`); country names come from Natural Earth's own name columns
(:func:`country_name`, ``mdcoverage/data/country_names.csv``).

English is the default everywhere. A test checks that every language has every key with the
same placeholders, and that every key is used somewhere in the package.
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import io
import re
import string
import tomllib
from importlib import resources

from ..errors import MdcoverageError

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "catalogue",
    "check_lang",
    "country_name",
    "degrees_text",
    "long_date",
    "number",
    "party_name",
    "percent",
    "placeholders",
    "preset_text",
    "projection_text",
    "rule_text",
    "site_projection",
    "t",
]

#: languages shipped complete, in the order ``--lang`` lists them
LANGUAGES = ("en", "de", "ru")
DEFAULT_LANGUAGE = "en"
#: Babel locales of the languages (number, percent and date formats)
_LOCALES = {"en": "en_GB", "de": "de_DE", "ru": "ru_RU"}


class LanguageError(MdcoverageError):
    """A language that the catalogue does not have."""


def check_lang(lang: object) -> str:
    """``lang`` if the catalogue has it, else one clear error naming the choices."""
    if isinstance(lang, str) and lang.strip().lower() in LANGUAGES:
        return lang.strip().lower()
    names = ", ".join(f"{code} ({t('language.name', code)})" for code in LANGUAGES)
    raise LanguageError(f"unknown language {str(lang)[:40]!r}; choose one of {names}")


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out |= _flatten(value, name + ".")
        else:
            out[name] = str(value)
    return out


@functools.cache
def catalogue(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Every message of one language, keyed ``section.name``."""
    if lang not in LANGUAGES:
        lang = check_lang(lang)
    text = (resources.files(__name__) / f"{lang}.toml").read_text(encoding="utf-8")
    return _flatten(tomllib.loads(text))


def placeholders(message: str) -> set[str]:
    """The ``{names}`` a message fills."""
    return {f for _, f, _, _ in string.Formatter().parse(message) if f}


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The message ``key`` in ``lang`` with its placeholders filled from ``values``."""
    messages = catalogue(lang)
    try:
        message = messages[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in the {lang!r} catalogue") from None
    return message.format(**values) if values else message


def _locale(lang: str) -> str:
    return _LOCALES[check_lang(lang)]


def percent(share: float, lang: str = DEFAULT_LANGUAGE, digits: int = 0) -> str:
    """A share (0–1) as a percentage for people, in the language's number format:
    ``92 %`` (a plain space in English, as the figures write it; a no-break space in
    German and Russian). Never rounds a non-zero share to 0 % or a share below one to
    100 % (``<1 %``, ``>99 %``); ``–`` for NaN."""
    if share != share:
        return "–"
    value = 100.0 * float(share)
    space = " " if check_lang(lang) == "en" else "\u00a0"
    step = 10.0**-digits
    shown = round(value, digits)
    prefix = ""
    if value > 0 and shown == 0:
        prefix, value = "<", step
    elif value < 100 and shown == 100:
        prefix, value = ">", 100 - step
    return f"{prefix}{number(value, lang, digits)}{space}%"


def number(value: float, lang: str = DEFAULT_LANGUAGE, digits: int = 0) -> str:
    """A number with the language's grouping and decimal signs."""
    from babel.numbers import format_decimal  # lazy: Babel's locale data loads on first use

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, pattern, locale=_locale(lang))


def long_date(day: _dt.date, lang: str = DEFAULT_LANGUAGE) -> str:
    """A date written out: ``8 June 2011``, ``8. Juni 2011``, ``8 июня 2011 г.``."""
    from babel.dates import format_date  # lazy: Babel's locale data loads on first use

    return format_date(day, "long", locale=_locale(lang))


@functools.cache
def _country_names() -> dict[str, dict[str, str]]:
    # built by geodata/build.py from Natural Earth's NAME_<LANG> columns
    names = resources.files("mdcoverage") / "data" / "country_names.csv"
    text = names.read_text(encoding="utf-8")
    return {row["adm0_a3"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}


def country_name(adm0_a3: str, lang: str = DEFAULT_LANGUAGE, default: str | None = None) -> str:
    """A country's name in ``lang`` from Natural Earth's name columns (its English name,
    then ``default`` or the code, where the column is empty)."""
    row = _country_names().get(adm0_a3, {})
    return row.get(f"name_{check_lang(lang)}") or row.get("name_en") or default or adm0_a3


def party_name(key: str, lang: str = DEFAULT_LANGUAGE, default: str | None = None) -> str:
    """A party's name in ``lang``: the catalogue's for the shipped parties (``nato``,
    ``russia``, ``none``), else ``default`` (a user party's own label) or the key."""
    shipped = _PARTY_KEYS.get(key)
    return (t(shipped, lang) if shipped else None) or default or key


#: catalogue keys of the parties the package ships
_PARTY_KEYS = {"nato": "parties.nato", "russia": "parties.russia", "none": "parties.none"}


#: catalogue keys of the shipped architectures' rules (a registered architecture of a
#: user keeps its own English ``rule``)
_RULE_KEYS = {"independent": "rules.independent", "sectoral": "rules.sectoral"}


def rule_text(architecture_type: str, rule: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """An architecture's rule in words, in ``lang`` for the shipped types."""
    key = _RULE_KEYS.get(architecture_type)
    return t(key, lang) if key else rule


#: catalogue keys of the texts of the shipped presets that figures show (architecture
#: names, interpretations, track labels); a scenario's other texts keep their own words
_PRESET_KEYS = (
    "presets.arch_independent",
    "presets.arch_independent_today",
    "presets.arch_east_west",
    "presets.arch_podvig",
    "presets.interp_east_west",
    "presets.interp_podvig",
    "presets.track_south_east",
    "presets.track_arctic",
    "presets.track_baltic",
    "presets.scenario_2011_independent",
    "presets.scenario_2011_east_west",
    "presets.scenario_2011_podvig",
    "presets.scenario_today_independent",
)


@functools.cache
def _preset_keys_by_text() -> dict[str, str]:
    english = catalogue(DEFAULT_LANGUAGE)
    return {english[key]: key for key in _PRESET_KEYS}


def preset_text(text: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A text of a shipped preset (its scenario's or an architecture's name, an
    interpretation, a track's label) in ``lang``; any other text (a user's scenario)
    unchanged."""
    key = _preset_keys_by_text().get(text)
    return t(key, lang) if key else text


#: catalogue keys of the named projections' descriptions (a figure's badge)
_PROJECTION_KEYS = ("projections.europe", "projections.polar", "projections.no_map")

#: the English description of a site view's projection (:func:`site_projection`)
_SITE_PROJECTION = re.compile(
    r"Azimuthal equidistant centred on ([0-9.e+-]+)°([EW]), ([0-9.e+-]+)°([NS]): "
    r"distances from the centre are true"
)


def degrees_text(value: float, axis: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A longitude (``axis="lon"``) or latitude (``"lat"``) in degrees, in ``lang``:
    ``10°E``, ``10° O``, ``10° в. д.``."""
    keys = {
        ("lon", True): "projections.east",
        ("lon", False): "projections.west",
        ("lat", True): "projections.north",
        ("lat", False): "projections.south",
    }
    degrees = f"{abs(float(value)):g}"
    if check_lang(lang) != "en":
        degrees = degrees.replace(".", ",")
    return t(keys[axis, float(value) >= 0], lang, degrees=degrees)


def site_projection(lon: float, lat: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """The description of an azimuthal equidistant projection centred on ``lon``, ``lat``."""
    return t(
        "projections.site",
        lang,
        lon=degrees_text(lon, "lon", lang),
        lat=degrees_text(lat, "lat", lang),
    )


@functools.cache
def _projection_keys_by_text() -> dict[str, str]:
    english = catalogue(DEFAULT_LANGUAGE)
    return {english[key]: key for key in _PROJECTION_KEYS}


def projection_text(name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The description of a map's projection (a view's ``projection_name``, written in
    English) in ``lang``; EPSG codes stay. A description the package did not write (a
    user's) is unchanged."""
    key = _projection_keys_by_text().get(name)
    if key:
        return t(key, lang)
    site = _SITE_PROJECTION.fullmatch(name)
    if site:
        lon = float(site[1]) * (1 if site[2] == "E" else -1)
        lat = float(site[3]) * (1 if site[4] == "N" else -1)
        return site_projection(lon, lat, lang)
    return name
