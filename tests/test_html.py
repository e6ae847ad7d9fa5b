"""The offline web map (``mdcoverage html``) and the lesson folder (``mdcoverage site``).

The browser tests open the page in a real headless chromium with every host name made
unresolvable; without chromium (outside CI) they skip and say how to install it.
"""

from __future__ import annotations

import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from browser import INSTALL_HINT, Browser, find_chromium
from hostile import assert_refused, run_cli
from PIL import Image

from mdcoverage.cli.common import DEFAULT_PRESETS
from mdcoverage.coverage import assess_all, site_table
from mdcoverage.html import html_map, write_html_map
from mdcoverage.html.data import clear_cache
from mdcoverage.html.geometry import RawJSON
from mdcoverage.html.page import encode_data
from mdcoverage.map_layers import DRAW_MARGIN_DEG
from mdcoverage.notices import CAVEAT, DATA_CREDITS
from mdcoverage.regions import region_countries
from mdcoverage.scenario import load_preset

SIZE_BUDGET = 2 * 1024 * 1024


@pytest.fixture(scope="module")
def default_assessments():
    return [a for p in DEFAULT_PRESETS for a in assess_all(load_preset(p))]


@pytest.fixture(scope="module")
def page(default_assessments, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "map.html"
    write_html_map(default_assessments, path)
    return path


@pytest.fixture(scope="module")
def browser():
    if find_chromium() is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(INSTALL_HINT)  # .ci/run installs it: CI must not skip these
        pytest.skip(INSTALL_HINT)
    with Browser() as b:
        yield b


# ------------------------------------------------------------------ the file itself


def test_same_input_same_bytes(default_assessments, page):
    fresh = [a for p in DEFAULT_PRESETS for a in assess_all(load_preset(p))]
    assert html_map(fresh).encode("utf-8") == page.read_bytes()


def test_size_budget(page):
    assert page.stat().st_size <= SIZE_BUDGET


def test_page_refers_to_nothing_outside(page):
    text = page.read_text(encoding="utf-8")
    # no element that loads anything by address; Leaflet's images are data: URLs
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)\s*=", text, re.I)
    for url in re.findall(r"url\(\s*['\"]?([^)'\"]+)", text):
        assert url.startswith(("data:", "#")), url
    assert "sourceMappingURL" not in text


def test_notices_and_projection_visible(page):
    text = page.read_text(encoding="utf-8")
    for needle in (CAVEAT, DATA_CREDITS, "As of 8 June 2011.", "Web Mercator", "EPSG:3035"):
        assert needle in text
    assert "prefix:false" in text.replace(" ", "")  # Leaflet's own attribution (a flag) off


def test_estonia_sentences_in_percent(default_assessments, page):
    """The sentences follow the countries table: Estonia (NATO on 2011-06-08) under the
    independent architecture is defended by NATO's own sites alone."""
    text = page.read_text(encoding="utf-8")
    a = default_assessments[0]
    share = a.countries.loc["EST", "urban_pop_defended_share"]
    assert f"Estonia: {round(100 * share)} % of its urban population defended" in text


def _page_data(text: str) -> dict:
    block = re.search(r'<script type="application/json" id="mdc-data">(.*?)</script>', text, re.S)
    assert block is not None
    return json.loads(block.group(1))


def test_second_page_of_the_same_assessments_is_the_same(default_assessments, page):
    """What the page keeps per assessment gives the same bytes as building it anew."""
    assert html_map(default_assessments).encode("utf-8") == page.read_bytes()
    clear_cache()
    assert html_map(default_assessments).encode("utf-8") == page.read_bytes()


def test_kept_parts_follow_the_language(default_assessments, page):
    """Sentences, area labels and the legend are kept per language: a German page of the
    same assessments is German, and the English page stays English afterwards."""
    de = _page_data(html_map(default_assessments[:2], lang="de"))
    assert [x["label"] for x in de["legend"]] == ["NATO", "Russland"]
    assert "Estland" in de["panels"][0]["sentences"]["EST"][0]
    defended = {
        f["properties"]["party"]: f["properties"]["label"] for f in de["panels"][1]["defended"]
    }
    assert "Russland" in defended["russia"]
    en = _page_data(html_map(default_assessments[:2]))
    assert [x["label"] for x in en["legend"]] == ["NATO", "Russia"]
    assert "Estonia" in en["panels"][0]["sentences"]["EST"][0]
    defended = {
        f["properties"]["party"]: f["properties"]["label"] for f in en["panels"][1]["defended"]
    }
    assert "Russia" in defended["russia"] and "Russland" not in defended["russia"]


def test_shared_defence_sentences_against_a_direct_count(default_assessments, page):
    """Countries defended by two parties under the east/west sectors: each party's share
    of the defended urban population, counted place by place, is in the sentence
    (largest first)."""
    a = default_assessments[1]
    data = _page_data(page.read_text(encoding="utf-8"))
    names = {"nato": "NATO", "russia": "Russia"}
    people: dict[str, dict[str, float]] = {}
    pl = a.places
    cols = (pl["adm0_a3"], pl["responsible"], pl["population"], pl["defended"])
    for code, resp, pop, defended in zip(*cols, strict=True):
        if defended:
            by = people.setdefault(str(code), {})
            by[str(resp)] = by.get(str(resp), 0.0) + float(pop)
    shared = {c: by for c, by in people.items() if len(by) == 2}
    assert {"ROU", "FIN"} <= set(shared)  # the east/west line crosses them
    for code, by in shared.items():
        (p1, n1), (p2, n2) = sorted(by.items(), key=lambda kv: -kv[1])
        total = n1 + n2
        line = data["panels"][1]["sentences"][code][1]
        want = (
            f"{round(100 * n1 / total)} % of it by {names[p1]}'s notional sites and "
            f"{round(100 * n2 / total)} % by {names[p2]}'s"
        )
        assert want in line, (code, line)


def test_pre_encoded_parts_are_spliced_as_they_are():
    data = {"b": RawJSON('[{"x":1.5}]'), "a": ["<&>", RawJSON("[]")], "c": {"d": RawJSON("2")}}
    assert encode_data(data) == '{"a":["<&>",[]],"b":[{"x":1.5}],"c":{"d":2}}'


# ------------------------------------------------------------------ in a real browser


def _count(b: Browser, selector: str, panel: int = 0) -> int:
    return b.js(f"document.querySelectorAll('#map-{panel} {selector}').length")


def test_no_request_no_error_and_shapes_drawn(browser, page, default_assessments):
    browser.open(page)
    urls = browser.requests()
    assert urls == [page.resolve().as_uri()], urls  # the page itself, nothing else
    assert browser.problems() == []
    expected_countries = len(region_countries("europe", margin_deg=DRAW_MARGIN_DEG))
    for i, a in enumerate(default_assessments):
        sites = site_table(a.scenario)
        assert _count(browser, "path.mdc-country", i) == expected_countries
        assert _count(browser, "path.mdc-reach", i) == int((sites["role"] == "interceptor").sum())
        assert _count(browser, "path.mdc-sensor", i) == int((sites["role"] == "sensor").sum())
        assert _count(browser, "path.mdc-site", i) == len(sites)
        assert _count(browser, "path.mdc-track", i) == len(a.scenario.tracks)
        assert _count(browser, "path.mdc-defended", i) >= 1
    # a sectoral architecture draws its sectors, the independent one has none
    assert _count(browser, "path.mdc-sector", 0) == 0
    assert _count(browser, "path.mdc-sector", 1) >= 1
    # no tile, no image element, Leaflet's own attribution (with its flag) absent
    assert browser.js("document.querySelectorAll('img').length") == 0
    assert "Leaflet" not in browser.js(
        "Array.from(document.querySelectorAll('.leaflet-control-attribution'))"
        ".map(e => e.textContent).join(' ')"
    )


def _estonia_point(b: Browser) -> tuple[float, float]:
    """A point of the first map where Estonia's own shape is the element on top."""
    return tuple(
        b.js(
            """(() => {
      const el = document.querySelector('#map-0 path.mdc-c-EST');
      el.scrollIntoView({block: 'center'});
      const r = el.getBoundingClientRect();
      for (let fy = 0.5; fy < 1; fy += 0.07) for (let fx = 0.5; fx < 1; fx += 0.07)
        for (const [x, y] of [[r.left + fx * r.width, r.top + fy * r.height],
                              [r.right - fx * r.width, r.bottom - fy * r.height]])
          if (document.elementFromPoint(x, y) === el) return [x, y];
      return null; })()"""
        )
    )


def test_hover_and_click_on_estonia_show_its_sentences(browser, page, default_assessments):
    browser.open(page)
    x, y = _estonia_point(browser)
    browser.mouse("mouseMoved", x, y)
    infos = [browser.js(f"document.getElementById('info-{i}').textContent") for i in range(3)]
    for a, info in zip(default_assessments, infos, strict=True):
        share = a.countries.loc["EST", "urban_pop_defended_share"]
        assert f"Estonia: {round(100 * share)} % of its urban population defended" in info
        assert "%" in info
    browser.js("document.getElementById('info-0').textContent = ''")
    browser.mouse("mouseMoved", 5, 5)
    browser.mouse("mouseMoved", x, y)
    browser.mouse("mousePressed", x, y)
    browser.mouse("mouseReleased", x, y)
    assert "Estonia" in browser.js("document.getElementById('info-0').textContent")
    assert browser.problems() == []


def test_layer_toggles_change_what_is_drawn(browser, page):
    browser.open(page)
    for layer, cls in (
        ("defended", "mdc-defended"),
        ("reach", "mdc-reach"),
        ("sensors", "mdc-sensor"),
        ("sites", "mdc-site"),
        ("tracks", "mdc-track"),
        ("territory", "mdc-country"),
        ("sectors", "mdc-sector"),
    ):
        panel = 1  # a sectoral panel: every layer has shapes
        before = _count(browser, f"path.{cls}", panel)
        assert before > 0, layer
        browser.js(f"document.getElementById('layer-{layer}').click()")
        assert _count(browser, f"path.{cls}", panel) == 0, layer
        browser.js(f"document.getElementById('layer-{layer}').click()")
        assert _count(browser, f"path.{cls}", panel) == before, layer
    assert browser.problems() == []


def test_maps_move_together(browser, page):
    browser.open(page)
    browser.js("window.mdcMaps[0].setView([60, 25], 5, {animate: false}); 0")
    centers = browser.js(
        "window.mdcMaps.map(m => [m.getCenter().lat, m.getCenter().lng, m.getZoom()])"
    )
    for lat, lon, zoom in centers:
        assert lat == pytest.approx(60, abs=0.01) and lon == pytest.approx(25, abs=0.01)
        assert zoom == 5


def test_screenshot_is_not_blank(browser, page):
    browser.open(page)
    img = np.asarray(Image.open(io.BytesIO(browser.screenshot())).convert("RGB"))
    colours = np.unique(img.reshape(-1, 3), axis=0)
    assert len(colours) > 50
    # NATO's blue (#0072B2) is drawn somewhere (footprint outlines and sites)
    blue = np.all(np.abs(img.astype(int) - [0, 114, 178]) < 12, axis=-1)
    assert blue.sum() > 200


# ------------------------------------------------------------------ the commands


def test_html_command_writes_the_map(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = run_cli(["html", "--preset", "2011-independent", "-o", "one.html"])
    assert res.code == 0, res.err
    text = (tmp_path / "one.html").read_text(encoding="utf-8")
    assert text.count('class="map"') == 1 and CAVEAT in text


@pytest.mark.parametrize(
    ("argv", "expect"),
    [
        (["html", "--preset", "no-such-preset", "-o", "m.html"], "preset"),
        (["html", "--preset", "2011-independent", "-o", "m.png"], "extension"),
        (["html", "--preset", "2011-independent", "-o", "no/such/dir/m.html"], "m.html"),
        (["site", "-o", "no/such/dir/site"], "no folder"),
    ],
)
def test_bad_input_refused(tmp_path, monkeypatch, argv, expect):
    monkeypatch.chdir(tmp_path)
    assert_refused(argv, expect, folder=tmp_path)


def test_site_refuses_a_non_empty_folder_without_force(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lesson").mkdir()
    keep = tmp_path / "lesson" / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    assert_refused(["site", "-o", "lesson"], "not empty.*--force", folder=tmp_path, inputs=[keep])


@pytest.mark.parametrize("cmd", ["site", "html"])
def test_unwritable_folder_refused(tmp_path, monkeypatch, cmd):
    monkeypatch.chdir(tmp_path)
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        target = "ro/lesson" if cmd == "site" else "ro/map.html"
        if os.access(ro, os.W_OK):  # root writes anywhere: a read-only system folder
            if not Path("/sys").is_dir():
                pytest.skip("running as root without /sys")
            target = "/sys/mdc-lesson" if cmd == "site" else "/sys/mdc-map.html"
        argv = [cmd, "-o", target]
        if cmd == "html":
            argv += ["--preset", "2011-independent"]
        assert_refused(argv, r"cannot write|not writable", folder=tmp_path)
    finally:
        ro.chmod(0o700)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("href", "src") and v:
                self.links.append(v)


@pytest.mark.slow
def test_site_links_all_resolve(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lesson").mkdir()  # an empty folder is fine
    res = run_cli(["site", "-o", "lesson"])
    assert res.code == 0, res.err
    folder = tmp_path / "lesson"
    names = {p.name for p in folder.iterdir()}
    assert {"index.html", "comparison.html", "comparison.png"} <= names
    for preset in ("2011-independent", "today-independent"):
        assert f"map-{preset}.html" in names
    assert not [n for n in tmp_path.iterdir() if n.name.startswith(".")]  # no leftovers
    for page in folder.glob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            assert "://" not in link and not link.startswith("/"), (page.name, link)
            assert (folder / link).is_file(), (page.name, link)
    index = _Links()
    index.feed((folder / "index.html").read_text(encoding="utf-8"))
    assert len(set(index.links)) == len(names) - 1  # every file but index itself
    # --force replaces the folder as a whole
    (folder / "stale.txt").write_text("old", encoding="utf-8")
    res = run_cli(["site", "-o", "lesson", "--force"])
    assert res.code == 0, res.err
    assert not (folder / "stale.txt").exists() and (folder / "index.html").is_file()


# ------------------------------------------------------------------ shapes in lon/lat


def _cap_area_km2(radius_km: float) -> float:
    """Area of a spherical cap of geodesic radius ``radius_km`` on the authalic sphere."""
    r = 6371.0072
    return 2 * np.pi * r**2 * (1 - np.cos(radius_km / r))


@pytest.mark.parametrize("lon", [180.0, -179.5, 179.0, 25.0])
def test_footprint_cut_at_the_antimeridian_keeps_its_area(lon):
    import pyproj
    import shapely

    from mdcoverage.crs import aeqd_crs
    from mdcoverage.html.geometry import lonlat_geometry

    # a geodesic circle: in the azimuthal equidistant CRS centred on the site, distances
    # from the centre are true geodesic distances
    circle = shapely.Point(0, 0).buffer(1_000_000, quad_segs=256)
    ll = lonlat_geometry(circle, aeqd_crs(lon, 60.0), 0.0)
    xy = shapely.get_coordinates(ll)
    assert xy[:, 0].min() >= -180 and xy[:, 0].max() <= 180
    crosses = abs(lon) > 170
    assert len(getattr(ll, "geoms", [ll])) == (2 if crosses else 1)
    area_km2 = abs(pyproj.Geod(ellps="WGS84").geometry_area_perimeter(ll)[0]) / 1e6
    assert area_km2 == pytest.approx(_cap_area_km2(1000.0), rel=0.01)
