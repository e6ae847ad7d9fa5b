"""What the web map shows, as plain JSON-ready data: the shared country shapes and, per
assessment, its layers, party colours and the plain-language sentences per country."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from .. import map_layers
from ..coverage import Assessment
from ..i18n import country_name, long_date, number, party_name, preset_text, rule_text, t
from ..plotting.layers import assessment_styles
from ..plotting.styles import party_label, tint
from ..regions import region, region_countries
from ..sentences import country_sentences
from ..sentences import party_label as sentence_party
from ..tracks import sample_track
from .geometry import feature, line_features, lonlat_geometry

__all__ = ["LAYERS", "country_features", "map_data", "panel_data"]

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
}

#: display simplification (metres, in the analysis CRS): countries, areas, footprints
COUNTRY_TOL_M = 3000.0
AREA_TOL_M = 2500.0
FOOTPRINT_TOL_M = 1500.0
#: spacing of the points along a notional track (km)
TRACK_STEP_KM = 50.0


#: the parties' line styles (as on the PNG maps, for greyscale prints) as SVG dashes
_DASHES = {"-": "", "--": "9 5", ":": "2 4", "-.": "9 4 2 4"}


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(float(c) * 255):02X}" for c in rgb[:3])


def country_features(a: Assessment) -> list[dict[str, Any]]:
    """The countries drawn under every panel (the region's countries, widened for drawing
    like the PNG maps), with ``code`` and ``name`` (shared: do not modify)."""
    return _country_features(a.region.name)


@functools.lru_cache(maxsize=4)
def _country_features(region_name: str) -> list[dict[str, Any]]:
    crs = region(region_name).crs
    countries = region_countries(region_name, margin_deg=map_layers.DRAW_MARGIN_DEG, copy=False)
    out = []
    for code, name, geom in zip(
        countries["adm0_a3"], countries["name"], countries.geometry.values, strict=True
    ):
        ll = lonlat_geometry(geom, crs, COUNTRY_TOL_M)
        if ll is not None:
            out.append(feature(ll, {"code": str(code), "name": str(name)}))
    out.sort(key=lambda f: f["properties"]["code"])
    return out


#: catalogue keys of the site kinds (the sites' tooltips)
_KIND_KEYS = {
    "land": "figures.site_land",
    "sea": "figures.site_sea",
    "sensor": "figures.site_sensor",
}


def _area_features(frame: Any, crs: object, label: str, lang: str) -> list[dict[str, Any]]:
    if frame is None:
        return []
    out = []
    for i, (party, geom) in enumerate(zip(frame["party"], frame.geometry.values, strict=True)):
        ll = lonlat_geometry(geom, crs, AREA_TOL_M)
        if ll is None:
            continue
        name = str(frame["label"].iloc[i]) if "label" in frame.columns else label
        who = party_name(str(party), lang, default=party_label(party))
        out.append(feature(ll, {"party": str(party), "label": name.format(who)}))
    return out


def _footprint_features(a: Assessment, role: str, lang: str) -> list[dict[str, Any]]:
    fp = map_layers.footprints(a)
    out = []
    for row, geom in zip(fp.itertuples(index=False), fp.geometry.values, strict=True):
        if row.role != role:
            continue
        ll = lonlat_geometry(geom, a.region.crs, FOOTPRINT_TOL_M)
        if ll is None:
            continue
        props = {
            "party": str(row.party),
            "label": t(
                "web.tip_reach",
                lang,
                label=row.label,
                km=number(row.radius_km, lang),
                system=row.system,
            ),
        }
        out.append(feature(ll, props))
    return out


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


def _country_sentences(a: Assessment, code: str, lang: str) -> list[str]:
    """A heading (the country, its party on the date) and the country's plain-language
    sentences (:func:`mdcoverage.sentences.country_sentences`), in ``lang``."""
    party = str(a.countries.loc[code, "party"])
    heading = t(
        "web.country_heading",
        lang,
        country=country_name(code, lang, default=str(a.countries.loc[code, "name"])),
        party=sentence_party(a, party, lang),
        date=long_date(a.as_of, lang),
    )
    return [heading, *country_sentences(a, code, lang)]


def panel_data(a: Assessment, colors: dict[str, str], lang: str = "en") -> dict[str, Any]:
    """One map panel: its title, date, country parties, layers and sentences."""
    parties = {str(k): str(v) for k, v in a.country_party.items() if v}
    arch = a.architecture
    rule = rule_text(str(arch.type), str(getattr(arch, "rule", "") or ""), lang)
    return {
        "title": a.name,
        "scenario": a.scenario.name,
        "as_of": a.as_of.isoformat(),
        "rule_line": t(
            "web.panel_rule",
            lang,
            rule=rule[:1].upper() + rule[1:],
            scenario=a.scenario.name,
            date=long_date(a.as_of, lang),
        ),
        "parties": dict(sorted(parties.items())),
        "sentences": {
            str(c): _country_sentences(a, str(c), lang) for c in sorted(a.countries.index)
        },
        "sectors": _area_features(
            map_layers.sector_areas(a), a.region.crs, t("web.tip_sector", lang), lang
        ),
        "defended": _area_features(
            map_layers.defended_areas(a),
            a.region.crs,
            t("web.tip_defended", lang, party="{}"),
            lang,
        ),
        "reach": _footprint_features(a, "interceptor", lang),
        "sensors": _footprint_features(a, "sensor", lang),
        "sites": _sites(a, lang),
        "tracks": _tracks(a, lang),
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
                "label": s.label,
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


def _view(a: Assessment) -> list[list[float]]:
    w, s, e, n = a.region.bbox
    return [[float(s), float(max(w, -25.0))], [float(min(n, 72.0)), float(e)]]
