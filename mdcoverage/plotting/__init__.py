"""Maps: views, the bundled base layers, footprints, sites, sectors, badge and saving.

The edge of the package (nothing in the core imports it). Every drawing function takes
``ax=`` (a cartopy ``GeoAxes`` made by :func:`new_map`; one is created when it is
``None``) and returns the matplotlib artists it added; nothing calls ``plt.show()``.

Pre-projection (DESIGN §5): geometries are projected with pyproj and clipped to the view
*before* matplotlib sees them, then drawn as plain patches/collections in projected
coordinates (``transform=ax.projection``, which cartopy passes through unchanged). Cartopy
never projects a raw layer, so drawing is fast and never downloads anything: the land and
country layers come from :mod:`mdcoverage.geodata`, never from cartopy's Natural Earth
features. The projected base layers are cached per :class:`View`.

Colours are Okabe–Ito (colour-blind safe); each party also has its own hatch, so printed
greyscale handouts stay readable.

Modules, from the bottom up:

- :mod:`.views`: :class:`View`, :func:`view`, :func:`new_map` (frames and projections);
- :mod:`.projection`: geometries projected to a view, and as matplotlib paths;
- :mod:`.styles`: colours, hatches, line styles, party styles, site markers, user text;
- :mod:`.basemap`: land, coast, borders and country fills (:func:`plot_basemap`);
- :mod:`.layers`: footprints, sites, sector boundaries, tracks, and
  :func:`assessment_layers` (everything a map of one assessment has);
- :mod:`.layout`: text sizes without drawing, legends fitted to a width, rows in inches;
- :mod:`.labels`: site and track labels placed without overlap (:func:`place_labels`);
- :mod:`.table`: the metrics table, fitted to its width for any number of parties;
- :mod:`.decor`: the badge, titles, legends and the shared frame (:func:`figure_view`)
  every figure has;
- :mod:`.figures`: :func:`plot_assessment`, :func:`plot_map`, :func:`plot_comparison`;
- :mod:`.saving`: :func:`save_figure` (formats, reproducible metadata, pixel limit),
  and :mod:`.pngenc`, its lean PNG encoder;
- :mod:`.sheet`: the rows of a figure seated, and the maps fitted to the height a sheet
  of paper leaves (the figures are laid out at the sheet's size); :mod:`.trackfig`: the
  tracks figure (:func:`plot_tracks`), its styles and legend;
- :mod:`.paper`: paper sizes (:data:`PAPER_SIZES`; :func:`fit_to_paper` checks the sheet's
  size and the 8 pt floor), and :mod:`.marks`: round joins, the print style's labels on
  the defended areas, the site labels placed last.

Every figure takes ``style="screen"|"print"`` (:data:`STYLES`; print is greyscale-safe)
and ``size=`` a paper size or None.
"""

from __future__ import annotations

from .basemap import plot_basemap
from .decor import add_badge, add_title, legend_handles, map_legend_handles
from .figures import (
    CAVEAT,
    metrics_table_rows,
    plot_assessment,
    plot_comparison,
    plot_map,
    plot_metrics_table,
)
from .layers import (
    ASSESSMENT_LAYERS,
    assessment_layers,
    assessment_styles,
    plot_footprints,
    plot_sector_boundaries,
    plot_sites,
    plot_track,
)
from .paper import PAPER_SIZES, fit_to_paper, paper_size
from .projection import project_to_view
from .saving import MAX_PIXELS, save_figure
from .styles import (
    BORDER,
    COAST,
    HATCHES,
    LAND,
    LINESTYLES,
    MAX_LABEL_CHARS,
    OCEAN,
    OKABE_ITO,
    PALETTE,
    SITE_KINDS,
    SITE_MARKERS,
    STYLE_NAMES,
    STYLES,
    FigureStyle,
    PartyStyle,
    figure_style,
    party_label,
    party_style,
    use_style,
)
from .trackfig import plot_tracks
from .views import VIEWS, View, new_map, view

__all__ = [
    "ASSESSMENT_LAYERS",
    "BORDER",
    "CAVEAT",
    "COAST",
    "HATCHES",
    "LAND",
    "LINESTYLES",
    "MAX_LABEL_CHARS",
    "MAX_PIXELS",
    "OCEAN",
    "OKABE_ITO",
    "PALETTE",
    "PAPER_SIZES",
    "SITE_KINDS",
    "SITE_MARKERS",
    "STYLES",
    "STYLE_NAMES",
    "VIEWS",
    "FigureStyle",
    "PartyStyle",
    "View",
    "add_badge",
    "add_title",
    "assessment_layers",
    "assessment_styles",
    "figure_style",
    "fit_to_paper",
    "legend_handles",
    "map_legend_handles",
    "metrics_table_rows",
    "new_map",
    "paper_size",
    "party_label",
    "party_style",
    "plot_assessment",
    "plot_basemap",
    "plot_comparison",
    "plot_footprints",
    "plot_map",
    "plot_metrics_table",
    "plot_sector_boundaries",
    "plot_sites",
    "plot_track",
    "plot_tracks",
    "project_to_view",
    "save_figure",
    "use_style",
    "view",
]
