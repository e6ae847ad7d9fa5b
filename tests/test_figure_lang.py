"""Figures in the class's language: ``lang="de"|"ru"`` on the comparison, map and tracks
figures and ``--lang`` on their commands (issue 14, item 4)."""

from __future__ import annotations

import json
import re
import warnings

import pytest
from hostile import assert_refused, run_cli
from matplotlib.text import Text
from test_figure_lint import draw, lint, texts

from mdcoverage import i18n, plotting
from mdcoverage.coverage import assess
from mdcoverage.scenario import load_preset, preset_names
from mdcoverage.tracks import analyse_track

CYRILLIC = re.compile("[а-яА-ЯёЁ]")
PRESETS = ("2011-independent", "2011-sectoral-podvig-2012", "2011-sectoral-east-west")


@pytest.fixture(scope="module")
def trio():
    return [assess(load_preset(n)) for n in PRESETS]


@pytest.fixture(scope="module")
def pair(trio):
    return trio[:2]


@pytest.fixture(scope="module")
def analyses():
    sc = load_preset("2011-sectoral-podvig-2012")
    return [analyse_track(sc, t.name, 0) for t in sc.tracks], [assess(sc, 0)]


def all_text(fig) -> list[str]:
    """Every text of the figure: texts, table cells and legend entries."""
    out = [t.get_text() for t in texts(fig)]
    out += [t.get_text() for t in fig.findobj(Text)]
    return out


def drawn_without_missing_glyphs(fig) -> None:
    """Draw the figure with every warning an error: a glyph missing from the font would
    raise (matplotlib warns "Glyph ... missing from font(s)")."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        draw(fig)


def table_cells(fig) -> list[list[str]]:
    (table,) = [t for ax in fig.axes for t in ax.tables]
    cells = table.get_celld()
    n_rows = 1 + max(r for r, _ in cells)
    n_cols = 1 + max(c for _, c in cells)
    return [[cells[r, c].get_text().get_text() for c in range(n_cols)] for r in range(n_rows)]


def test_russian_comparison_is_cyrillic_without_missing_glyphs_and_lints(trio):
    # the default comparison (three panels, both interpretations in the badge)
    fig = plotting.plot_comparison(trio, lang="ru")
    drawn_without_missing_glyphs(fig)
    shown = all_text(fig)
    # the title, the table headers, the legend and the badge are Russian
    assert CYRILLIC.search(fig.get_suptitle())
    header = table_cells(fig)[0]
    assert all(CYRILLIC.search(h) for h in header), header
    assert any("НАТО" in h for h in header) and any("Россия" in h for h in header)
    badge = next(t.get_text() for t in fig.findobj(Text) if t.get_gid() == "badge")
    assert "июня 2011" in badge and "Natural Earth" in badge
    assert sum(bool(CYRILLIC.search(s)) for s in shown) >= 20
    # no English words of the figure's own text remain
    joined = "\n".join(shown)
    assert "Две независимые системы" in shown and "Sectoral" not in joined
    for english in ("as of", "Defended by", "footprint", "Architecture", "Projection:"):
        assert english not in joined, english
    lint(fig)


def test_german_comparison_has_umlauts_dates_and_percent_format(pair):
    fig = plotting.plot_comparison(pair, lang="de")
    drawn_without_missing_glyphs(fig)
    rows = table_cells(fig)
    header = rows[0]
    assert header[-1].replace("\n", " ") == "Größte unverteidigte Orte"
    badge = next(t.get_text() for t in fig.findobj(Text) if t.get_gid() == "badge")
    assert "Stand 8. Juni 2011" in badge and "Daten: Natural Earth (gemeinfrei)" in badge
    assert "Sektorgrenze (Deutung)" in all_text(fig)
    # the urban population defended of NATO under the first architecture, from the
    # assessment's own share, in German format (no-break space before %)
    share = pair[0].parties.loc["nato", "urban_pop_defended_share"]
    body = {r[0].replace("\n", " "): r for r in rows[1:]}
    assert body["Zwei unabhängige Systeme"][1] == f"{round(100 * share)}\u00a0%"


def test_english_is_unchanged_by_default(pair):
    fig = plotting.plot_comparison(pair)
    header = [h.replace("\n", " ") for h in table_cells(fig)[0]]
    assert header[:2] == ["Architecture", "NATO: urban pop. defended"]
    assert not any(CYRILLIC.search(s) for s in all_text(fig))


def test_russian_tracks_figure(analyses):
    tracks, under = analyses
    fig = plotting.plot_tracks(tracks, assessments=under, lang="ru")
    drawn_without_missing_glyphs(fig)
    shown = all_text(fig)
    assert CYRILLIC.search(fig.get_suptitle())
    assert "Точка передачи" in shown and "Никто не может перехватывать" in shown
    assert any(s.startswith("Может перехватывать: только владелец сектора") for s in shown)
    assert "Россия может перехватывать" in shown
    assert "Через Арктику в западную Россию (условно)" in shown  # the track's label


def test_map_in_german(pair):
    fig = plotting.plot_map(pair[1], lang="de")
    shown = all_text(fig)
    assert "Verteidigt von: Russland" in shown and "Gebiet: NATO (zum Stichtag)" in shown
    sub = next(t.get_text() for t in fig.findobj(Text) if t.get_gid() == "subtitle")
    assert "Sektoral (nach Podvig 2012)" in shown and sub.startswith("wem ein Sektor gehört")
    badge = next(t.get_text() for t in fig.findobj(Text) if t.get_gid() == "badge")
    assert "Deutungen (keine vereinbarten Karten): Baltische Staaten" in badge


def test_unknown_language_in_the_api_is_one_clear_error(pair):
    from mdcoverage.errors import MdcoverageError

    with pytest.raises(MdcoverageError, match="unknown language 'xx'"):
        plotting.plot_map(pair[0], lang="xx")


def test_cli_compare_in_german_writes_the_png(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = run_cli(["compare", "--preset", "2011-independent", "--lang", "de", "-o", "x.png"])
    assert res.code == 0, res.err
    data = (tmp_path / "x.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000


@pytest.mark.parametrize("command", ["compare", "map", "tracks", "explain", "html", "handout"])
@pytest.mark.parametrize("bad", ["xx", "", "EN-GB"])
def test_bad_language_is_one_line_and_no_file(tmp_path, monkeypatch, command, bad):
    monkeypatch.chdir(tmp_path)
    out = {"compare": "c.png", "map": "m.png", "tracks": "t.png", "html": "m.html"}
    argv = [command, "--preset", "2011-independent", "--lang", bad]
    argv += ["-o", out.get(command, "w.pdf")] if command != "explain" else []
    res = assert_refused(
        argv, "must not be empty" if not bad else "unknown language", folder=tmp_path
    )
    assert res.code == 2
    if bad:
        assert "choose one of en (English), de (Deutsch), ru (Русский)" in res.err


def test_the_glyph_check_catches_a_missing_glyph():
    # the control of drawn_without_missing_glyphs: a character DejaVu Sans lacks raises
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2, 1))
    fig.text(0.1, 0.5, "Россия 中")
    with pytest.raises(UserWarning, match="missing from font"):
        drawn_without_missing_glyphs(fig)


def test_every_shipped_preset_text_on_a_figure_is_translated():
    # scenario and architecture names, interpretations and track labels of every
    # shipped preset
    for name in preset_names():
        sc = load_preset(name)
        shown = [sc.name, *(a.name for a in sc.architectures)]
        shown += [a.interpretation for a in sc.architectures if a.interpretation]
        shown += [t.label for t in sc.tracks if t.label]
        for text in shown:
            for lang in ("de", "ru"):
                assert i18n.preset_text(text, lang) != text, (name, lang, text)
            assert CYRILLIC.search(i18n.preset_text(text, "ru")), text


def test_web_map_tooltips_follow_the_page_language(pair):
    from mdcoverage.html.data import panel_data

    def feats(data, key):  # a layer is pre-encoded GeoJSON text (RawJSON) or a list
        part = data[key]
        return json.loads(part.text) if hasattr(part, "text") else part

    podvig = pair[1]
    ru = panel_data(podvig, {}, "ru")
    assert {f["properties"]["label"] for f in feats(ru, "defended")} == {
        "Защищает: НАТО",
        "Защищает: Россия",
    }
    reach = [f["properties"]["label"] for f in feats(ru, "reach")]
    assert reach and all("условная досягаемость" in s and " км (" in s for s in reach)
    kinds = {"land": "Наземная позиция", "sea": "Морская позиция", "sensor": "Датчик"}
    for site in ru["sites"]:
        assert site["tip"] == f"{site['label']} ({kinds[site['kind']]})"
    tracks = [f["properties"]["label"] for f in feats(ru, "tracks")]
    assert tracks and all(s.endswith("(только наземная трасса)") for s in tracks)
    assert "Через Арктику в западную Россию (условно) (только наземная трасса)" in tracks
    en = panel_data(podvig, {}, "en")
    assert "Defended by NATO" in {f["properties"]["label"] for f in feats(en, "defended")}
    # the rule line names the shipped scenario in the page's language
    assert "Сценарий: 2011 — секторная, по описанию Подвига (2012)," in ru["rule_line"]
    assert "Scenario: 2011 — sectoral, as described by Podvig (2012)," in en["rule_line"]
    assert all(
        s["tip"].endswith(("(Land site)", "(Sea-based site)", "(Sensor)")) for s in en["sites"]
    )
