"""The class's language beyond the three main figures (issue 14, item 4): the worksheet's
own text, the projection's name on the badge, the sensitivity and optimize figures and the
tracks table."""

from __future__ import annotations

import io
import re

import pytest

from mdcoverage import handout, i18n
from mdcoverage.coverage import assess
from mdcoverage.scenario import load_preset

pypdf = pytest.importorskip("pypdf")

CYRILLIC = re.compile("[а-яА-ЯёЁ]")
PRESETS = ("2011-independent", "2011-sectoral-east-west")


@pytest.fixture(scope="module")
def pair():
    return [assess(load_preset(n)) for n in PRESETS]


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_worksheet_data_names_the_shipped_architectures_in_russian(pair):
    data = handout.handout_data(pair, lang="ru")
    independent = i18n.t("presets.arch_independent", "ru")
    east_west = i18n.t("presets.arch_east_west", "ru")
    assert independent == "Две независимые системы" and CYRILLIC.search(east_west)
    assert {row[0] for row in data["table"]["rows"]} == {independent, east_west}
    assert independent in data["caption"] and east_west in data["caption"]
    answers = " ".join(q["a"] for q in data["questions"])
    assert "Two independent" not in answers + data["caption"] and independent in answers
    # English stays English
    en = handout.handout_data(pair, lang="en")
    assert {row[0] for row in en["table"]["rows"]} == {a.name for a in pair}


def test_russian_worksheet_pdf_text_has_the_translated_names(pair, tmp_path):
    path = handout.write_handout(pair, tmp_path / "w.pdf", lang="ru")
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    text = one_line("\n".join(page.extract_text() for page in reader.pages))
    assert "Две независимые системы" in text
    assert "Секторная (интерпретация „восток/запад“)" in text
    assert "Two independent systems" not in text and "Sectoral (east/west" not in text


def test_projection_names_in_every_language_keep_the_epsg_code():
    from mdcoverage import plotting
    from mdcoverage.plotting.words import use_lang

    europe = plotting.view("europe")
    # English exactly as the badge has always written it
    assert europe.projection_name == "ETRS89-LAEA Europe (EPSG:3035), equal-area"
    with use_lang("ru"):
        ru = europe.projection_name
    assert "EPSG:3035" in ru and "равновеликая" in ru and "equal-area" not in ru
    assert "EPSG:3035" in i18n.projection_text(europe.projection_en, "de")
    assert "flächentreu" in i18n.projection_text(europe.projection_en, "de")
    polar = plotting.view("polar").projection_en
    assert polar == "North polar Lambert azimuthal equal-area (90°N, 10°E), equal-area"
    assert "90° с. ш., 10° в. д." in i18n.projection_text(polar, "ru")
    # a user's own description is left alone
    assert i18n.projection_text("my sketch", "ru") == "my sketch"


@pytest.mark.parametrize(
    ("lon", "lat", "en", "de", "ru"),
    [
        (24.5, -56.25, "24.5°E, 56.25°S", "24,5° O, 56,25° S", "24,5° в. д., 56,25° ю. ш."),
        (-3, 40, "3°W, 40°N", "3° W, 40° N", "3° з. д., 40° с. ш."),
    ],
)
def test_site_view_projection_names_follow_the_language(lon, lat, en, de, ru):
    from mdcoverage import plotting

    name = plotting.view("site", lon=lon, lat=lat).projection_en
    assert name == f"Azimuthal equidistant centred on {en}: distances from the centre are true"
    assert i18n.projection_text(name, "en") == name
    assert f"Mitte {de}:" in i18n.projection_text(name, "de")
    assert f"центр {ru}:" in i18n.projection_text(name, "ru")
