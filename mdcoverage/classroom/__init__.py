"""Classroom helpers: the plotting and widget code of the notebooks, so that each cell a
student touches is short.

- :class:`LayoutEditor` (notebook 03): edit notional sites, redraw only what changes;
  :func:`editor_controls` shows it with sliders and menus (needs ipywidgets);
- :func:`snap_to_kind`: the nearest valid land or sea point (geodesic);
- :func:`save_scenario` / :func:`scenario_toml`: a layout as a scenario TOML file that
  ``mdcoverage validate`` accepts and :func:`~mdcoverage.read_scenario` reads back;
- the figures of notebook 05 (:mod:`mdcoverage.classroom.projections`) and the track
  tables and polar map of notebook 06 (:mod:`mdcoverage.classroom.figures`).

Everything here is notional and illustrative, like the rest of the model.
"""

from __future__ import annotations

from .editor import SUMMARY_COLUMNS, LayoutEditor, UpdateResult, full_render
from .layout import (
    ARCHITECTURE_PRESETS,
    build_scenario,
    save_scenario,
    scenario_toml,
    scenario_with_all_architectures,
    site_rows,
    snap_to_kind,
)
from .widgets import RERUN_NOTE, EditorControls, editor_controls

__all__ = [
    "ARCHITECTURE_PRESETS",
    "RERUN_NOTE",
    "SUMMARY_COLUMNS",
    "EditorControls",
    "LayoutEditor",
    "UpdateResult",
    "build_scenario",
    "editor_controls",
    "full_render",
    "save_scenario",
    "scenario_toml",
    "scenario_with_all_architectures",
    "site_rows",
    "snap_to_kind",
]
