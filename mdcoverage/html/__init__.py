"""A web map students open without Python: one self-contained, offline HTML file.

:func:`html_map` turns assessments into one HTML document: the architectures side by
side on Leaflet maps whose pan and zoom are synchronised; layers that can be toggled
(territory by party, sectors, defended areas, interceptor reach, sensors, sites, notional
tracks); a country's figures as plain-language sentences, in percent, when it is pointed
at or clicked; the caveat, the data credits, the projection and the date always visible.

The page makes no network request: Leaflet's script and style sheet come from the
installed ``folium-offline`` package and are inlined; there are no tiles (the countries
of the bundled data are the base map). Footprints are the geodesic polygons the model
computes (never Leaflet circles), simplified for display only and cut at the antimeridian.
The same assessments give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..coverage import Assessment
from ..errors import MdcoverageError
from ..i18n import check_lang, t
from ..output import atomic_write
from .data import LAYERS, map_data
from .page import render_page

__all__ = ["LAYERS", "html_map", "write_html_map"]

#: the page's title in English (every language's is the catalogue's ``web.title``)
DEFAULT_TITLE = t("web.title")


def html_map(
    assessments: Sequence[Assessment], *, title: str | None = None, lang: str = "en"
) -> str:
    """The web map of ``assessments`` (one panel each) as one HTML document, its text in
    ``lang`` (en, de, ru; the title too unless given)."""
    lang = check_lang(lang)
    items = list(assessments) if not isinstance(assessments, Assessment) else [assessments]
    if not items or not all(isinstance(a, Assessment) for a in items):
        raise MdcoverageError("html_map needs one or more assessments (mdcoverage.assess)")
    return render_page(map_data(items, lang), title or t("web.title", lang))


def write_html_map(
    assessments: Sequence[Assessment],
    path: str | Path,
    *,
    title: str | None = None,
    lang: str = "en",
) -> Path:
    """Write :func:`html_map` to ``path`` (UTF-8, atomically: nothing half-written)."""
    text = html_map(assessments, title=title, lang=lang)

    def write(tmp: Path) -> None:
        tmp.write_bytes(text.encode("utf-8"))

    return atomic_write(path, write)
