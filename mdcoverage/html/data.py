"""What the web map shows, as plain JSON-ready data: the shared country shapes and, per
assessment, its layers, party colours and the plain-language sentences per country."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from .. import map_layers
from ..coverage import Assessment
from ..notices import CAVEAT, DATA_CREDITS
from ..plotting.layers import assessment_styles
from ..plotting.styles import party_label, tint
from ..regions import region, region_countries
from ..tracks import sample_track
from .geometry import feature, line_features, lonlat_geometry

__all__ = ["LAYERS", "country_features", "map_data", "panel_data"]

#: the toggleable layers, bottom to top: (key, label)
LAYERS = (
    ("territory", "Territory by party"),
    ("sectors", "Sectors"),
    ("defended", "Defended areas"),
    ("reach", "Interceptor reach"),
    ("sensors", "Sensors"),
    ("sites", "Sites"),
    ("tracks", "Notional tracks"),
)

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


def _area_features(frame: Any, crs: object, label: str) -> list[dict[str, Any]]:
    if frame is None:
        return []
    out = []
    for i, (party, geom) in enumerate(zip(frame["party"], frame.geometry.values, strict=True)):
        ll = lonlat_geometry(geom, crs, AREA_TOL_M)
        if ll is None:
            continue
        name = str(frame["label"].iloc[i]) if "label" in frame.columns else label
        out.append(feature(ll, {"party": str(party), "label": name.format(party_label(party))}))
    return out


def _footprint_features(a: Assessment, role: str) -> list[dict[str, Any]]:
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
            "label": f"{row.label}: notional reach {row.radius_km:g} km ({row.system})",
        }
        out.append(feature(ll, props))
    return out


def _sites(a: Assessment) -> list[dict[str, Any]]:
    fp = map_layers.footprints(a)
    out = []
    for row in fp.itertuples(index=False):
        kind = "sensor" if row.role == "sensor" else str(row.kind)
        out.append(
            {
                "label": str(row.label),
                "party": str(row.party),
                "kind": kind,
                "lonlat": [round(float(row.lon), 3), round(float(row.lat), 3)],
            }
        )
    return out


def _tracks(a: Assessment) -> list[dict[str, Any]]:
    specs = list(getattr(a.scenario, "tracks", ()) or ())
    lines = []
    for t in specs:
        lon, lat, _ = sample_track(t.start, t.end, step_km=TRACK_STEP_KM)
        lines.append((lon, lat))
    props = [{"label": str(t.label or t.name) + " (ground track only)"} for t in specs]
    return line_features(lines, props)


def _percent(share: float) -> str:
    """A share 0..1 in words-friendly percent: '0 %', '<1 %', '37 %', '>99 %', '100 %'."""
    p = 100.0 * float(share)
    if p <= 0:
        return "0 %"
    if p < 1:
        return "<1 %"
    if p >= 100:
        return "100 %"
    if p > 99:
        return ">99 %"
    return f"{round(p)} %"


def _defenders(a: Assessment) -> dict[str, str]:
    """Per country, who defends its defended towns, in words (', all of it by NATO's …')."""
    p = a.places
    sums: dict[str, dict[str, float]] = {}
    for code, resp, pop, ok in zip(
        p["adm0_a3"].to_numpy(),
        p["responsible"].to_numpy(),
        p["population"].to_numpy(dtype=float),
        p["defended"].to_numpy(dtype=bool),
        strict=True,
    ):
        if ok and pop > 0:
            d = sums.setdefault(str(code), {})
            d[str(resp)] = d.get(str(resp), 0.0) + float(pop)
    out: dict[str, str] = {}
    for code, by in sums.items():
        ranked = sorted(by.items(), key=lambda kv: (-kv[1], kv[0]))
        total = sum(by.values())
        if len(ranked) == 1:
            out[code] = f", all of it by {party_label(ranked[0][0])}'s notional sites"
        else:
            parts = [f"{_percent(v / total)} by {party_label(k)}'s" for k, v in ranked]
            out[code] = ", " + " and ".join(parts) + " notional sites"
    return out


def _country_sentences(a: Assessment, row: dict[str, Any], defenders: dict[str, str]) -> list[str]:
    """Plain-language sentences, in percent, about one country under one assessment.

    Kept private and small on purpose: to be replaced by the shared sentences of the
    perspective metrics (``country_sentences``) once they exist.
    """
    name = str(row["name"])
    code = str(row["code"])
    party = "no party" if row["party"] in ("", "none") else party_label(row["party"])
    out = [f"{name} ({party} on {a.as_of.isoformat()})."]
    if float(row["urban_pop"]) <= 0:
        out.append(f"{name}: no town of 15,000 people or more in the bundled data.")
    elif float(row["urban_pop_defended_share"]) <= 0:
        out.append(f"{name}: none of its urban population defended.")
    else:
        out.append(
            f"{name}: {_percent(row['urban_pop_defended_share'])} of its urban population "
            f"defended{defenders.get(code, '')}."
        )
        out.append(
            f"{_percent(row['pop_share_2plus_layers'])} of its urban population lies under "
            "two or more interceptor footprints."
        )
    out.append(f"{_percent(row['defended_area_share'])} of its area is defended.")
    if float(row["dependency_area_share"]) > 0:
        out.append(
            f"{_percent(row['dependency_area_share'])} of its defended area depends on "
            "another party's interceptors."
        )
    out.append(
        f"{_percent(row['warning_pop_share'])} of its urban population is inside the "
        "responsible party's notional warning picture."
    )
    return out


def panel_data(a: Assessment, colors: dict[str, str]) -> dict[str, Any]:
    """One map panel: its title, date, country parties, layers and sentences."""
    parties = {str(k): str(v) for k, v in a.country_party.items() if v}
    defenders = _defenders(a)
    rule = str(getattr(a.architecture, "rule", "") or "")
    return {
        "title": a.name,
        "scenario": a.scenario.name,
        "as_of": a.as_of.isoformat(),
        "rule": rule[:1].upper() + rule[1:],
        "parties": dict(sorted(parties.items())),
        "sentences": {
            str(c): _country_sentences(a, {**row, "code": c}, defenders)
            for c, row in sorted(a.countries.to_dict("index").items())
        },
        "sectors": _area_features(map_layers.sector_areas(a), a.region.crs, "Sector"),
        "defended": _area_features(map_layers.defended_areas(a), a.region.crs, "Defended by {}"),
        "reach": _footprint_features(a, "interceptor"),
        "sensors": _footprint_features(a, "sensor"),
        "sites": _sites(a),
        "tracks": _tracks(a),
        "colors": {p: colors[p] for p in sorted(set(parties.values())) if p in colors},
    }


def map_data(assessments: Sequence[Assessment]) -> dict[str, Any]:
    """Everything the page's script draws (JSON-ready, deterministic)."""
    styles = assessment_styles(list(assessments))
    colors = {s.name: str(s.color) for s in styles}
    first = assessments[0]
    dates = sorted({a.as_of.isoformat() for a in assessments})
    return {
        "caveat": CAVEAT,
        "credits": DATA_CREDITS,
        "as_of": ", ".join(dates),
        "projection": (
            "Shown in Web Mercator (areas far north look larger); footprints are true "
            f"geodesic distances, metrics computed in {first.region.crs} (equal-area)"
        ),
        "layers": [list(x) for x in LAYERS],
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
        "panels": [panel_data(a, colors) for a in assessments],
        "view": _view(first),
    }


def _view(a: Assessment) -> list[list[float]]:
    w, s, e, n = a.region.bbox
    return [[float(s), float(max(w, -25.0))], [float(min(n, 72.0)), float(e)]]
