"""The page of the web map: one HTML document with Leaflet's code and style inlined (from
the installed ``folium-offline`` package), our style and script, and the map data.

Nothing in the page refers to anything outside it: no tiles, no CDN, no web fonts, no
images other than ``data:`` ones inside Leaflet's style sheet.
"""

from __future__ import annotations

import functools
import html
import json
import re
import secrets
from typing import Any

from branca.element import Figure
from offlinefolium import Map as FoliumMap
from offlinefolium.elements import JSCSSMixin

from .geometry import RawJSON

__all__ = ["encode_data", "leaflet_assets", "render_page"]


class LeafletOnly(JSCSSMixin):
    """A folium element that needs only Leaflet (no jQuery, Bootstrap or icon fonts)."""

    default_js: list[tuple[str, str]] = [  # noqa: RUF012 (folium's own attribute)
        p for p in FoliumMap.default_js if p[0] == "leaflet"
    ]
    default_css: list[tuple[str, str]] = [  # noqa: RUF012 (folium's own attribute)
        p for p in FoliumMap.default_css if p[0] == "leaflet_css"
    ]


@functools.cache
def leaflet_assets() -> tuple[str, str]:
    """Leaflet's script and style sheet as folium-offline embeds them (``(js, css)``)."""
    fig = Figure()
    fig.add_child(LeafletOnly())
    doc = fig.render()
    js = [s for s in re.findall(r"<script>(.*?)</script>", doc, re.S) if "Leaflet" in s]
    css = [s for s in re.findall(r"<style>(.*?)</style>", doc, re.S) if ".leaflet-" in s]
    if len(js) != 1 or len(css) != 1:
        raise RuntimeError("folium-offline did not provide Leaflet's script and style sheet")
    # a source map would be fetched by developer tools: drop its address
    script = re.sub(r"^//# sourceMappingURL=.*$", "", js[0], flags=re.M).strip()
    style = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css[0]).strip()
    return script, style


STYLE = """
html, body { margin: 0; padding: 0; font: 14px/1.35 system-ui, sans-serif; color: #222; }
header { padding: 6px 10px; border-bottom: 1px solid #bbb; }
header h1 { font-size: 17px; margin: 0 0 2px 0; }
.badge { display: inline-block; background: #fff3cd; border: 1px solid #c9a227;
  padding: 1px 6px; border-radius: 3px; font-weight: 600; }
.notes { font-size: 12px; color: #444; }
#layers { padding: 4px 10px; border-bottom: 1px solid #ddd; font-size: 13px; }
#layers label { margin-right: 12px; white-space: nowrap; }
#legend span.sw { display: inline-block; width: 12px; height: 12px; margin: 0 3px 0 8px;
  vertical-align: -1px; border: 1px solid #555; }
#panels { display: flex; flex-wrap: wrap; gap: 6px; padding: 6px; }
.panel { flex: 1 1 320px; min-width: 300px; border: 1px solid #bbb; }
.panel h2 { font-size: 14px; margin: 0; padding: 4px 6px; background: #f2f2f2; }
.panel .rule { font-size: 12px; color: #555; padding: 0 6px 3px 6px; background: #f2f2f2;
  min-height: 2.7em; }
.map { height: 460px; }
.leaflet-container { background: #F5F8FA; }
.info { min-height: 7.5em; padding: 4px 6px; font-size: 13px; border-top: 1px solid #ddd; }
.info p { margin: 2px 0; }
footer { padding: 4px 10px 8px 10px; font-size: 12px; color: #444; }
@media print {
  #layers input { display: none; }
  .leaflet-control-zoom { display: none; }
  .panel { break-inside: avoid; page-break-inside: avoid; flex-basis: 45%; }
  .map { height: 330px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("mdc-data").textContent);
  var maps = [], groups = [], syncing = false;
  function color(panel, party) { return panel.colors[party] || "#777777"; }
  function dashOf(party) {
    for (var i = 0; i < D.legend.length; i++) if (D.legend[i].party === party) return D.legend[i].dash || null;
    return null;
  }
  function tintOf(party) {
    for (var i = 0; i < D.legend.length; i++) if (D.legend[i].party === party) return D.legend[i].tint;
    return "#E4E2DC";
  }
  function showInfo(code) {
    D.panels.forEach(function (p, i) {
      var box = document.getElementById("info-" + i), lines = p.sentences[code];
      box.textContent = "";
      if (!lines) {
        var q = document.createElement("p");
        q.textContent = D.text.outside;
        box.appendChild(q);
        return;
      }
      lines.forEach(function (s) {
        var e = document.createElement("p"); e.textContent = s; box.appendChild(e);
      });
    });
  }
  function geo(data, cls, style, tip) {
    return L.geoJSON({type: "FeatureCollection", features: data}, {
      style: function (f) {
        var s = style(f);
        s.className = cls + (f.properties.code ? " mdc-c-" + f.properties.code : "");
        return s;
      },
      onEachFeature: tip ? function (f, layer) { layer.bindTooltip(tip(f), {sticky: true}); } : null
    });
  }
  D.panels.forEach(function (p, i) {
    var m = L.map("map-" + i, {attributionControl: false, zoomSnap: 0.25, minZoom: 2, maxZoom: 9});
    L.control.attribution({prefix: false}).addAttribution(D.credits).addTo(m);
    var g = {};
    g.territory = geo(D.countries, "mdc-country", function (f) {
      var party = p.parties[f.properties.code];
      return {color: "#8C8C8C", weight: 0.6, fillOpacity: 1,
              fillColor: party ? tintOf(party) : "#E4E2DC"};
    });
    g.territory.eachLayer(function (layer) {
      var code = layer.feature.properties.code;
      layer.on("mouseover", function () { showInfo(code); });
      layer.on("click", function () { showInfo(code); });
    });
    g.sectors = geo(p.sectors, "mdc-sector", function (f) {
      return {color: color(p, f.properties.party), weight: 2.5, dashArray: "8 5",
              fillOpacity: 0.08, interactive: false};
    });
    g.defended = geo(p.defended, "mdc-defended", function (f) {
      return {color: color(p, f.properties.party), weight: 1.2, fillOpacity: 0.35,
              dashArray: dashOf(f.properties.party), interactive: false};
    });
    g.reach = geo(p.reach, "mdc-reach", function (f) {
      return {color: color(p, f.properties.party), weight: 1.3, fill: false,
              dashArray: dashOf(f.properties.party)};
    }, function (f) { return f.properties.label; });
    g.sensors = geo(p.sensors, "mdc-sensor", function (f) {
      return {color: color(p, f.properties.party), weight: 1.4, dashArray: "2 4", fill: false};
    }, function (f) { return f.properties.label; });
    g.sites = L.featureGroup(p.sites.map(function (s) {
      var r = s.kind === "sea" ? 7 : (s.kind === "sensor" ? 5 : 6);
      return L.circleMarker([s.lonlat[1], s.lonlat[0]], {radius: r, color: "#222222",
        weight: 1, fillColor: color(p, s.party), fillOpacity: 1,
        className: "mdc-site mdc-site-" + s.kind}).bindTooltip(s.tip);
    }));
    g.tracks = geo(p.tracks, "mdc-track", function () {
      return {color: "#333333", weight: 2, dashArray: "10 4 2 4"};
    }, function (f) { return f.properties.label; });
    D.layers.forEach(function (l) { g[l[0]].addTo(m); });
    m.fitBounds(D.view);
    m.on("move", function () {
      if (syncing) return;
      syncing = true;
      maps.forEach(function (o) { if (o !== m) o.setView(m.getCenter(), m.getZoom(), {animate: false}); });
      syncing = false;
    });
    maps.push(m); groups.push(g);
  });
  D.layers.forEach(function (l) {
    document.getElementById("layer-" + l[0]).addEventListener("change", function (ev) {
      groups.forEach(function (g, i) {
        if (ev.target.checked) { g[l[0]].addTo(maps[i]); } else { maps[i].removeLayer(g[l[0]]); }
      });
      groups.forEach(function (g, i) {
        D.layers.forEach(function (k) { if (maps[i].hasLayer(g[k[0]])) g[k[0]].bringToFront(); });
      });
    });
  });
  window.addEventListener("beforeprint", function () {
    maps.forEach(function (m) { m.invalidateSize({animate: false}); });
  });
  window.mdcMaps = maps;
})();
"""


def encode_data(data: Any) -> str:
    """The page data as JSON (:func:`~mdcoverage.html.geometry.dumps`: keys sorted,
    compact) with every :class:`~mdcoverage.html.geometry.RawJSON` spliced in as it is."""
    token = secrets.token_hex(8)  # never in the result: every placeholder is replaced
    raw: list[str] = []

    def placeholder(obj: Any) -> str:
        if not isinstance(obj, RawJSON):
            raise TypeError(f"{type(obj).__name__} is not JSON serialisable")
        raw.append(obj.text)
        return f"{token}:{len(raw) - 1}"

    encoder = json.JSONEncoder(
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=placeholder
    )
    parts = re.split(f'"{token}:([0-9]+)"', encoder.encode(data))
    parts[1::2] = [raw[int(i)] for i in parts[1::2]]
    if len(parts) != 2 * len(raw) + 1:
        raise RuntimeError("page data: a pre-encoded part was not placed exactly once")
    return "".join(parts)


def _escape_json(data: Any) -> str:
    """JSON for a ``<script type="application/json">`` block, sorted and deterministic,
    with ``<``, ``>`` and ``&`` escaped so that no text closes the block."""
    text = encode_data(data)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _header(data: dict[str, Any], title: str) -> str:
    e = html.escape
    legend = "".join(
        f'<span class="sw" style="background:{e(x["tint"])};border-color:{e(x["color"])};'
        f'border-style:{"dashed" if x["dash"] else "solid"};border-width:2px"></span>'
        f"{e(x['label'])}{' ' + e(data['text']['dashed']) if x['dash'] else ''}"
        for x in data["legend"]
    )
    layers = "".join(
        f'<label><input type="checkbox" id="layer-{e(k)}" checked> {e(label)}</label>'
        for k, label in data["layers"]
    )
    return (
        f"<header><h1>{e(title)}</h1>"
        f'<span class="badge" id="caveat">{e(data["caveat"])}</span> '
        f'<span class="notes" id="asof">{e(data["as_of_line"])}</span><br>'
        f'<span class="notes" id="projection">{e(data["projection"])}.</span> '
        f'<span class="notes" id="credits">{e(data["credits"])}.</span></header>'
        f'<div id="layers">{e(data["text"]["layers"])} {layers}<span id="legend">{legend}</span></div>'
    )


def _panels(data: dict[str, Any]) -> str:
    e = html.escape
    out = []
    for i, p in enumerate(data["panels"]):
        out.append(
            f'<section class="panel"><h2>{e(p["title"])}</h2><div class="rule">'
            f"{e(p['rule_line'])}</div>"
            f'<div class="map" id="map-{i}"></div>'
            f'<div class="info" id="info-{i}"><p>{e(data["text"]["hint"])}</p></div></section>'
        )
    return '<main id="panels">' + "".join(out) + "</main>"


def render_page(data: dict[str, Any], title: str) -> str:
    """The whole HTML document (a string; the same data gives the same text)."""
    js, css = leaflet_assets()
    e = html.escape
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(data["lang"])}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title>\n"
        f"<style>{css}</style>\n<style>{STYLE}</style>\n<script>{js}</script>\n"
        "</head><body>\n"
        + _header(data, title)
        + _panels(data)
        + f"<footer>{e(data['caveat'])}. {e(data['credits'])}. {e(data['as_of_line'])} "
        f"{e(data['text']['tracks_note'])}</footer>\n"
        f'<script type="application/json" id="mdc-data">{_escape_json(data)}</script>\n'
        f"<script>{SCRIPT}</script>\n</body></html>\n"
    )
