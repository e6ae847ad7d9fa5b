"""The worksheet: a real PDF typeset by Typst, in every language, fonts embedded,
byte-identical twice, and refused cleanly on bad input."""

from __future__ import annotations

import io
import re

import pytest
from hostile import assert_refused, run_cli

from mdcoverage import i18n
from mdcoverage.coverage import assess
from mdcoverage.handout import HandoutError, write_handout
from mdcoverage.scenario import load_preset

pypdf = pytest.importorskip("pypdf")

PRESETS = ("2011-independent", "2011-sectoral-east-west")


@pytest.fixture(scope="module")
def assessments():
    return [assess(load_preset(p)) for p in PRESETS]


@pytest.fixture(scope="module")
def worksheets(assessments, tmp_path_factory):
    folder = tmp_path_factory.mktemp("worksheets")
    out = {}
    for lang in i18n.LANGUAGES:
        for answers in (False, True):
            path = folder / f"{lang}-{answers}.pdf"
            write_handout(assessments, path, lang=lang, answers=answers)
            out[lang, answers] = path.read_bytes()
    return out


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _norm(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split())


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_worksheet_holds_questions_glossary_and_caveat(worksheets, lang):
    pdf = worksheets[lang, False]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert 2 <= len(reader.pages) <= 4
    text = _norm(_text(pdf))
    for key in ("handout.q1", "handout.q5", "notices.caveat", "glossary.article5"):
        # the first words of each text (line breaks may hyphenate later words)
        start = " ".join(_norm(i18n.t(key, lang)).split()[:3])
        assert start in text, (lang, key, start)
    for term, _ in (
        ("glossary.sector", 0),
        ("glossary.footprint", 0),
        ("glossary.handover", 0),
        ("glossary.reach", 0),
    ):
        assert _norm(i18n.t(term, lang)) in text, (lang, term)
    assert _norm(i18n.t("handout.answer", lang)) + ":" not in text  # the student's copy


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_answers_version_carries_the_answers_computed_from_the_model(
    worksheets, assessments, lang
):
    text = _norm(_text(worksheets[lang, True]))
    sectoral = assessments[1]
    share = float(sectoral.parties.loc["nato", "dependency_pop_share"])
    # the dependency of NATO's urban population under the sectoral reading, in percent
    assert _norm(i18n.percent(share, lang)) in text
    assert _norm(i18n.country_name("EST", lang)) in text


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_page_one_holds_the_map_and_the_whole_table(assessments, tmp_path, lang, paper):
    # longer languages and Letter paper leave less room: the map shrinks to fit, so that
    # the numbers end on page 1 and the questions start page 2 (a table cut after two
    # rows had left page 2 nearly empty and put the questions on page 3)
    path = write_handout(assessments, tmp_path / "w.pdf", lang=lang, paper=paper)
    pages = pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages
    assert 2 <= len(pages) <= 4
    first, second = (_norm(p.extract_text() or "") for p in pages[:2])
    assert _norm(i18n.t("handout.table_title", lang)) in first
    assert len(list(pages[0].images)) == 1  # the map
    assert second.startswith(_norm(i18n.t("handout.questions_title", lang))), second[:80]


def test_fonts_are_embedded(worksheets):
    reader = pypdf.PdfReader(io.BytesIO(worksheets["ru", False]))
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            desc = descendants[0].get_object() if descendants else font
            descriptor = desc["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
            fonts.append(str(font["/BaseFont"]))
    assert fonts and all("Libertinus" in f or "NewCM" in f for f in fonts), fonts


def test_byte_identical_twice(assessments, worksheets, tmp_path):
    path = tmp_path / "again.pdf"
    write_handout(assessments, path, lang="ru", answers=False)
    assert path.read_bytes() == worksheets["ru", False]
    assert not re.search(rb"/CreationDate\s*\(D:20(?!26010100)", path.read_bytes())


HOSTILE_NAME = "Sectors #1 $5 *bold* _x_ [a] <b> @c ` = ~ {y}"

SCENARIO = f"""
[scenario]
base = "_layout-2011"
name = "literal"
as_of = 2011-06-08

[[architectures]]
type = "independent"
name = "Independent"

[[architectures]]
type = "sectoral"
name = {HOSTILE_NAME!r}
default_party = "nato"

[[architectures.sectors]]
party = "russia"
countries = ["RUS", "BLR"]
"""


def test_user_text_prints_literally(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.toml").write_text(SCENARIO, encoding="utf-8")
    res = run_cli(["handout", "s.toml", "-o", "w.pdf"])
    assert res.code == 0, res.err
    assert _norm(HOSTILE_NAME) in _norm(_text((tmp_path / "w.pdf").read_bytes()))


def test_one_architecture_is_refused(assessments, tmp_path):
    with pytest.raises(HandoutError, match="compares two architectures"):
        write_handout(assessments[:1], tmp_path / "x.pdf")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "argv, message",
    [
        (["handout", "--lang", "fr", "-o", "w.pdf"], "unknown language 'fr'"),
        (["handout", "--lang", "", "-o", "w.pdf"], "must not be empty"),
        (["handout", "-o", "w.png"], "worksheet"),
        (["handout", "--paper", "a3", "-o", "w.pdf"], "invalid choice"),
        (["handout", "-o", "missing-folder/w.pdf"], "missing-folder"),
    ],
)
def test_bad_input_is_one_line_and_no_file(tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    assert_refused(argv, message, folder=tmp_path)
