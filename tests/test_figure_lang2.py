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
    assert "Проекция: ETRS89-LAEA Европа (EPSG:3035), равновеликая" in text


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


def figure_text(fig) -> str:
    from matplotlib.text import Text

    return "\n".join(t.get_text() for t in fig.findobj(Text))


def drawn_without_missing_glyphs(fig) -> None:
    import warnings

    from test_figure_lint import draw

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" raises
        draw(fig)


@pytest.fixture(scope="module")
def sensitivity_table():
    from mdcoverage.sensitivity import sensitivity

    scenarios = [load_preset("2011-independent"), load_preset("2011-sectoral-podvig-2012")]
    return sensitivity(scenarios, [0.5, 1.0, 1.5])


def test_russian_sensitivity_figure(sensitivity_table):
    from mdcoverage.plotting.sensitivity import plot_sensitivity

    fig = plot_sensitivity(sensitivity_table, lang="ru")
    drawn_without_missing_glyphs(fig)
    text = figure_text(fig)
    assert CYRILLIC.search(fig.get_suptitle())
    assert {ax.get_title(loc="left") for ax in fig.axes} == {
        i18n.t(f"figures.{k}", "ru") for k in ("sens_defended", "sens_dependency", "sens_reach")
    }
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert {"НАТО", "Россия", "Две независимые системы"} <= set(legend)
    badge = next(t for t in fig.texts if t.get_gid() == "badge").get_text()
    assert "8 июня 2011" in badge and "только геометрия" in badge and "Natural Earth" in badge
    # tick labels in the language's number format, drawn after the language block ended
    xticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert "1,0" in xticks and "1.0" not in xticks
    for english in ("Urban population", "factor on", "as of", "Illustrative", "Two independent"):
        assert english not in text, english


def test_russian_optimize_figure():
    import pandas as pd

    from mdcoverage.plotting.optimize import plot_sites_curve

    curve = pd.DataFrame(
        {
            "architecture": ["Two independent systems"] * 3 + ["my own"] * 3,
            "party": ["russia"] * 6,
            "sites": [0, 1, 2] * 2,
            "share": [0.0, 0.8, 0.955, 0.0, 0.7, 0.9],
            "gap": [0.0] * 5 + [0.1],
        }
    )
    fig = plot_sites_curve(curve, target=0.955, as_of="2011-06-08", lang="ru")
    drawn_without_missing_glyphs(fig)
    text = figure_text(fig)
    ax = fig.axes[0]
    assert CYRILLIC.search(ax.get_title(loc="left")) and CYRILLIC.search(ax.get_xlabel())
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Россия — Две независимые системы", "Россия — my own"]
    assert "цель 95,5\u00a0%" in text and "8 июня 2011" in text
    assert "не доказана" in text  # the ringed (unproven) point's note
    assert "Notional" not in text and "as of" not in text and "Projection" not in text
    # English by default, as before
    en = figure_text(plot_sites_curve(curve, target=0.95, as_of="2011-06-08"))
    assert "How many notional sites" in en and "target 95 %" in en


@pytest.mark.parametrize("command", ["sensitivity", "optimize"])
def test_bad_language_on_the_new_commands_is_one_line_and_no_file(tmp_path, monkeypatch, command):
    from hostile import assert_refused

    monkeypatch.chdir(tmp_path)
    argv = [command, "--preset", "2011-independent", "--lang", "xx", "-o", "f.png"]
    res = assert_refused(argv, "unknown language", folder=tmp_path)
    assert res.code == 2 and "ru (Русский)" in res.err


def test_cli_sensitivity_in_german_writes_the_png(tmp_path, monkeypatch):
    from hostile import run_cli

    monkeypatch.chdir(tmp_path)
    argv = ["sensitivity", "--preset", "2011-independent", "--factor", "1", "--lang", "de"]
    res = run_cli([*argv, "-o", "s.png"])
    assert res.code == 0, res.err
    assert (tmp_path / "s.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_tracks_table_for_people_in_german_matches_the_csv():
    from hostile import run_cli

    argv = ["tracks", "--preset", "2011-sectoral-podvig-2012"]
    argv += ["--track", "notional axis over the Arctic"]
    de = run_cli([*argv, "--lang", "de"])
    csv = run_cli([*argv, "--lang", "de", "--format", "csv"])  # for machines: unchanged
    en = run_cli(argv)
    assert de.code == csv.code == en.code == 0, de.err + csv.err + en.err
    lines = de.out.splitlines()
    assert lines[0].split() == ["Architektur", "Flugbahn", "Seite", "Status", "km", "bei", "km"]
    assert "Sektoral (nach Podvig 2012)" in de.out and "Russland" in de.out
    assert "darf abfangen" in de.out and "Übergabe bei Länge" in de.out
    assert "may engage" not in de.out and "hand-over" not in de.out
    assert "Nur die Geometrie der Bodenspur" in de.out  # the caveat, in German too
    assert csv.out.splitlines()[0] == "architecture,track,party,status,km,at_km"
    assert en.out.split()[:6] == ["architecture", "track", "party", "status", "km", "at_km"]
    # the same kilometres, in German number format (decimal comma, dot grouping)
    import io

    import pandas as pd

    km = pd.read_csv(io.StringIO(csv.out))["km"].dropna()
    for value in km:
        shown = i18n.number(value, "de", 1)
        assert "," in shown and shown in de.out, shown
