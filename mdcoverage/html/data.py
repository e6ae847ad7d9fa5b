"""What the web map shows, as JSON-ready data: the shared country shapes and, per
assessment, its layers, party colours and the plain-language sentences per country.

The shapes of a layer go to lon/lat in one vectorised call and are written as GeoJSON text
by GEOS (:class:`~mdcoverage.html.geometry.RawJSON`). What one assessment gives (its
layers' text, its sentences in a language) is kept per assessment, like the geometry of
:mod:`mdcoverage.map_layers`, so that a second page of the same assessments is quick;
:func:`clear_cache` forgets it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from .. import map_layers
from .._memo import forget, per_object
from ..coverage import Assessment
from ..i18n import country_name, long_date, number, preset_text, rule_text, t
from ..parties import scenario_parties
from ..plotting.layers import assessment_styles
from ..plotting.styles import tint
from ..regions import region, region_countries
from ..sentences import country_sentences, party_label
from ..tracks import sample_track
from .geometry import RawJSON, dumps, feature_texts, line_features, lonlat_geometries

__all__ = ["LAYERS", "clear_cache", "country_features", "map_data", "panel_data"]

#: the toggleable layers, bottom to top: (key, catalogue key of its label)
LAYERS = (
    ("territory", "web.layer_territory"),
    ("sectors", "web.layer_sectors"),
    ("defended", "web.layer_defended"),
    ("reach", "web.layer_reach"),
    ("sensors", "web.layer_sensors"),
    ("sites", "web.layer_sites"),
    ("tracks", "web.layer_tracks"),
)

#: the page's fixed texts (name in the page data: catalogue key)
_TEXT = {
    "layers": "web.layers",
    "hint": "web.hint",
    "outside": "web.outside",
    "tracks_note": "web.tracks_note",
    "dashed": "web.legend_dashed",
}

#: display simplification (metres, in the analysis CRS): countries, areas, footprints
COUNTRY_TOL_M = 3000.0
AREA_TOL_M = 2500.0
FOOTPRINT_TOL_M = 1500.0
#: spacing of the points along a notional track (km)
TRACK_STEP_KM = 50.0


#: the parties' line styles (as on the PNG maps, for greyscale prints) as SVG dashes
_DASHES = {"-": "", "--": "9 5", ":": "2 4", "-.": "9 4 2 4"}


def _cached(a: Assessment, key: tuple[str, ...], build: Callable[[], Any]) -> Any:
    """``build()``, once per assessment and ``key`` (an Assessment hashes by identity)."""
    return per_object(a, "html", key, build)


def clear_cache() -> None:
    """Forget what was kept per assessment and the country shapes (the next page builds
    them again)."""
    forget("html")
    _country_features.cache_clear()


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(float(c) * 255):02X}" for c in rgb[:3])


def country_features(a: Assessment) -> RawJSON:
    """The countries drawn under every panel (the region's countries, widened for drawing
    like the PNG maps), with ``code`` and ``name``: a JSON array of GeoJSON features."""
    return _country_features(a.region.name)


@functools.lru_cache(maxsize=4)
def _country_features(region_name: str) -> RawJSON:
    crs = region(region_name).crs
    countries = region_countries(region_name, margin_deg=map_layers.DRAW_MARGIN_DEG, copy=False)
    shapes = lonlat_geometries(countries.geometry.values, crs, COUNTRY_TOL_M)
    rows = sorted(
        (str(code), str(name), ll)
        for code, name, ll in zip(countries["adm0_a3"], countries["name"], shapes, strict=True)
        if ll is not None
    )
    geoms = [ll for _, _, ll in rows]
    return RawJSON.array(feature_texts(geoms, [{"code": c, "name": n} for c, n, _ in rows]))


#: catalogue keys of the site kinds (the sites' tooltips)
_KIND_KEYS = {
    "land": "figures.site_land",
    "sea": "figures.site_sea",
    "sensor": "figures.site_sensor",
}


def _area_features(a: Assessment, frame: Any, label: str, lang: str) -> RawJSON:
    if frame is None:
        return RawJSON("[]")
    geoms, props = [], []
    shapes = lonlat_geometries(frame.geometry.values, a.region.crs, AREA_TOL_M)
    for i, (party, ll) in enumerate(zip(frame["party"], shapes, strict=True)):
        if ll is None:
            continue
        name = str(frame["label"].iloc[i]) if "label" in frame.columns else label
        geoms.append(ll)
        props.append({"party": str(party), "label": name.format(party_label(a, party, lang))})
    return RawJSON.array(feature_texts(geoms, props))


def _footprint_features(a: Assessment, role: str, lang: str) -> RawJSON:
    fp = map_layers.footprints(a)
    fp = fp[(fp["role"] == role).to_numpy()]
    geoms, props = [], []
    shapes = lonlat_geometries(fp.geometry.values, a.region.crs, FOOTPRINT_TOL_M)
    for row, ll in zip(fp.itertuples(index=False), shapes, strict=True):
        if ll is None:
            continue
        geoms.append(ll)
        props.append(
            {
                "party": str(row.party),
                "label": t(
                    "web.tip_reach",
                    lang,
                    label=row.label,
                    km=number(row.radius_km, lang),
                    system=row.system,
                ),
            }
        )
    return RawJSON.array(feature_texts(geoms, props))


def _sites(a: Assessment, lang: str) -> list[dict[str, Any]]:
    fp = map_layers.footprints(a)
    out = []
    for row in fp.itertuples(index=False):
        kind = "sensor" if row.role == "sensor" else str(row.kind)
        out.append(
            {
                "label": str(row.label),
                "party": str(row.party),
                "kind": kind,
                "tip": t("web.tip_site", lang, label=row.label, kind=t(_KIND_KEYS[kind], lang)),
                "lonlat": [round(float(row.lon), 3), round(float(row.lat), 3)],
            }
        )
    return out


def _tracks(a: Assessment, lang: str) -> list[dict[str, Any]]:
    specs = list(getattr(a.scenario, "tracks", ()) or ())
    lines = []
    for spec in specs:
        lon, lat, _ = sample_track(spec.start, spec.end, step_km=TRACK_STEP_KM)
        lines.append((lon, lat))
    props = [
        {"label": t("web.tip_track", lang, label=preset_text(s.label or s.name, lang))}
        for s in specs
    ]
    return line_features(lines, props)


def _all_sentences(a: Assessment, lang: str) -> RawJSON:
    """Every country's heading (the country, its party on the date) and plain-language
    sentences (:func:`mdcoverage.sentences.country_sentences`) in ``lang``, as JSON text
    (code: lines)."""
    date = long_date(a.as_of, lang)
    names = {str(c): str(n) for c, n in a.countries["name"].items()}
    parties = {str(c): str(p) for c, p in a.countries["party"].items()}
    labels = {p: party_label(a, p, lang) for p in sorted(set(parties.values()))}
    out = {}
    for code in sorted(names):
        heading = t(
            "web.country_heading",
            lang,
            country=country_name(code, lang, default=names[code]),
            party=labels[parties[code]],
            date=date,
        )
        out[code] = [heading, *country_sentences(a, code, lang)]
    return RawJSON(dumps(out))


def panel_data(a: Assessment, colors: dict[str, str], lang: str = "en") -> dict[str, Any]:
    """One map panel: its title, date, country parties, layers and sentences."""
    parties = {str(k): str(v) for k, v in a.country_party.items() if v}
    arch = a.architecture
    rule = rule_text(str(arch.type), str(getattr(arch, "rule", "") or ""), lang)
    return {
        "title": preset_text(a.name, lang),
        "scenario": a.scenario.name,
        "as_of": a.as_of.isoformat(),
        "rule_line": t(
            "web.panel_rule",
            lang,
            rule=rule[:1].upper() + rule[1:],
            scenario=preset_text(a.scenario.name, lang),
            date=long_date(a.as_of, lang),
        ),
        "parties": dict(sorted(parties.items())),
        "sentences": _cached(a, ("sentences", lang), lambda: _all_sentences(a, lang)),
        "sectors": _cached(
            a,
            ("sectors", lang),
            lambda: _area_features(a, map_layers.sector_areas(a), t("web.tip_sector", lang), lang),
        ),
        "defended": _cached(
            a,
            ("defended", lang),
            lambda: _area_features(
                a, map_layers.defended_areas(a), t("web.tip_defended", lang, party="{}"), lang
            ),
        ),
        "reach": _cached(a, ("reach", lang), lambda: _footprint_features(a, "interceptor", lang)),
        "sensors": _cached(a, ("sensors", lang), lambda: _footprint_features(a, "sensor", lang)),
        "sites": _cached(a, ("sites", lang), lambda: _sites(a, lang)),
        "tracks": _cached(a, ("tracks", lang), lambda: _tracks(a, lang)),
        "colors": {p: colors[p] for p in sorted(set(parties.values())) if p in colors},
    }


def map_data(assessments: Sequence[Assessment], lang: str = "en") -> dict[str, Any]:
    """Everything the page's script draws (JSON-ready, deterministic)."""
    styles = assessment_styles(list(assessments))
    colors = {s.name: str(s.color) for s in styles}
    first = assessments[0]
    dates = sorted({a.as_of.isoformat() for a in assessments})
    days = sorted({a.as_of for a in assessments})
    return {
        "lang": lang,
        "caveat": t("notices.caveat", lang),
        "credits": t("notices.data_credits", lang),
        "as_of": ", ".join(dates),
        "as_of_line": t("web.as_of", lang, date=", ".join(long_date(d, lang) for d in days)),
        "projection": t("web.projection", lang, crs=first.region.crs),
        "text": {k: t(f, lang) for k, f in _TEXT.items()},
        "layers": [[k, t(label, lang)] for k, label in LAYERS],
        "legend": [
            {
                "party": s.name,
                "label": _legend_label(assessments, s.name, lang),
                "color": str(s.color),
                "tint": _hex(tint(s.color, 0.82)),
                "dash": _DASHES.get(str(s.linestyle), "6 2 1 2"),
            }
            for s in styles
        ],
        "countries": country_features(first),
        "panels": [panel_data(a, colors, lang) for a in assessments],
        "view": _view(first),
    }


def _legend_label(assessments: Sequence[Assessment], party: str, lang: str) -> str:
    """A party's name in ``lang`` (a user party's label from the first scenario that has
    it, as :func:`mdcoverage.sentences.party_label` gives it)."""
    for a in assessments:
        if any(p.name == party for p in scenario_parties(a.scenario)):
            return party_label(a, party, lang)
    return party_label(assessments[0], party, lang)


def _view(a: Assessment) -> list[list[float]]:
    w, s, e, n = a.region.bbox
    return [[float(s), float(max(w, -25.0))], [float(min(n, 72.0)), float(e)]]
