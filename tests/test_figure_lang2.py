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
