"""The message catalogue: complete in every language, every key used, formats per language."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from mdcoverage import i18n
from mdcoverage.errors import MdcoverageError

PKG = Path(i18n.__file__).resolve().parents[1]
KEY = re.compile(r"""["']([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)["']""")


def _used_keys() -> set[str]:
    sections = {k.split(".")[0] for k in i18n.catalogue("en")}
    used = set()
    for path in PKG.rglob("*.py"):
        for key in KEY.findall(path.read_text(encoding="utf-8")):
            if key.split(".")[0] in sections:
                used.add(key)
    return used


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_language_has_every_key_with_the_same_placeholders(lang):
    en, other = i18n.catalogue("en"), i18n.catalogue(lang)
    assert sorted(other) == sorted(en), f"{lang}: keys differ from en"
    for key, message in en.items():
        assert i18n.placeholders(other[key]) == i18n.placeholders(message), (lang, key)
        assert other[key].strip(), (lang, key)


def test_every_key_is_used_and_every_used_key_exists():
    keys, used = set(i18n.catalogue("en")), _used_keys()
    assert not keys - used, f"unused keys: {sorted(keys - used)}"
    assert not used - keys, f"keys used but missing from the catalogue: {sorted(used - keys)}"


def test_translations_are_translations():
    # the German and Russian catalogues are not copies of the English one
    en = i18n.catalogue("en")
    for lang in ("de", "ru"):
        same = [
            k
            for k, v in i18n.catalogue(lang).items()
            if v == en[k] and len(re.sub(r"\{\w+\}", "", v)) > 20
        ]
        assert not same, (lang, same)
    ru = i18n.catalogue("ru").values()
    assert all(re.search("[а-яА-Я]", v) for v in ru if len(re.sub(r"\{\w+\}", "", v)) > 20)


def test_numbers_and_dates_follow_the_language():
    assert i18n.number(3915023.5, "en") == "3,915,024"
    assert i18n.number(3915023.5, "de") == "3.915.024"
    assert i18n.number(3915023.5, "ru").replace("\u00a0", " ") == "3 915 024"
    assert i18n.percent(0.9158, "de", 1) == "91,6\u00a0%"
    assert i18n.percent(0.9158, "en", 1) == "91.6 %"
    assert i18n.percent(0.001, "en") == "<1 %" and i18n.percent(0.999, "de") == ">99\u00a0%"
    assert i18n.long_date(dt.date(2011, 6, 8), "de") == "8. Juni 2011"
    assert "июня" in i18n.long_date(dt.date(2011, 6, 8), "ru")


def test_country_names_come_from_natural_earth_columns():
    assert i18n.country_name("DEU", "de") == "Deutschland"
    assert i18n.country_name("EST", "ru") == "Эстония"
    assert i18n.country_name("EST", "en") == "Estonia"
    assert i18n.country_name("XXX", "de", default="Somewhere") == "Somewhere"


def test_parties_and_messages():
    assert i18n.party_name("russia", "de") == "Russland"
    assert i18n.party_name("neutrals", "ru", default="Neutrals") == "Neutrals"
    assert i18n.t("notices.as_of", "de", date="8. Juni 2011") == "Stand 8. Juni 2011"


@pytest.mark.parametrize("bad", ["fr", "", "EN-GB", None, 3, "x" * 500])
def test_unknown_languages_are_one_clear_error(bad):
    with pytest.raises(MdcoverageError, match="unknown language") as exc:
        i18n.check_lang(bad)
    assert "\n" not in str(exc.value) and len(str(exc.value)) < 200
