"""The layout editor of notebook 03: edit a notional layout and redraw only what changes.

Used by ``examples/03_build_your_own_layout.ipynb`` (through
:func:`mdcoverage.classroom.editor_controls`) and ``benchmarks/bench_notebook_update.py``.
Everything here is notional: students place imaginary sites with round radii; nothing
describes a real system.

How an update stays fast:

* the figure (base map, country shading, legend, caveat badge) is drawn **once**, and the
  rendered picture of it is kept as a background; every layer is drawn by
  :func:`mdcoverage.plotting.assessment_layers`, the same function the maps of
  :func:`~mdcoverage.plotting.plot_map` use;
* an update re-validates the edited scenario and re-assesses **only the architecture on
  show**; then it swaps the layers that depend on the sites (defended areas, footprint
  outlines, site markers) and draws just those over the kept background ("blitting");
  the sector hatches and the title depend only on the architecture, so they are drawn
  into a background of their own once per architecture, and reused;
* the result is a PNG image (the lean encoder of :mod:`mdcoverage.plotting.pngenc`), shown in an ``ipywidgets.Image`` (works in JupyterLab,
  VS Code and without any browser, e.g. when the notebook is tested headless).
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import map_layers
from .. import plotting as mdp
from ..coverage import Assessment, assess
from ..errors import ScenarioError
from ..plotting.pngenc import drop_alpha, encode_png
from .layout import (
    build_scenario,
    save_scenario,
    scenario_with_all_architectures,
    site_rows,
    snap_to_kind,
)

__all__ = ["SUMMARY_COLUMNS", "LayoutEditor", "UpdateResult", "full_render"]

#: The columns of the per-party table the editor reports after each update.
SUMMARY_COLUMNS = {
    "urban_pop_defended_share": "urban pop. defended",
    "defended_area_share": "area defended",
    "dependency_pop_share": "defended by another party (pop.)",
    "mean_layers_pop": "mean layers (pop.)",
}


@dataclass
class UpdateResult:
    """What one update produced: the assessment, the PNG and how long each step took."""

    assessment: Assessment
    png: bytes
    seconds: dict = field(default_factory=dict)

    @property
    def total_ms(self) -> float:
        return 1000.0 * sum(self.seconds.values())


class LayoutEditor:
    """Edit notional sites and see one architecture's map and figures.

    ``editor.rows`` is the list of sites (dicts: name, party, kind, lon, lat, role,
    radius_km, ...). Change it with :meth:`set_site`, :meth:`add_site` and
    :meth:`remove_site`, then call :meth:`update` with an architecture's name.
    """

    def __init__(self, scenario=None, *, view="europe", dpi=80, figsize=(10.0, 8.6)):
        self.base = scenario if scenario is not None else scenario_with_all_architectures()
        self.rows = site_rows(self.base)
        self.architectures = [a.name or a.type for a in self.base.architectures]
        self.view = mdp.view(view) if isinstance(view, str) else view
        self.dpi = dpi
        self.styles = {p: mdp.party_style(p) for p in ("nato", "russia")}
        self._figsize = figsize
        self._sectors: dict[str, list] = {}  # architecture -> sector artists (drawn once)
        self._responsibility: dict[str, list] = {}  # architecture -> (party, area) pairs
        self._defended_cache: dict[tuple, shapely.Geometry] = {}  # see _defended
        self._dynamic: list = []  # artists that depend on the sites
        self._background = None
        self._backgrounds: dict[tuple, object] = {}  # see _architecture_background
        self.last: UpdateResult | None = None
        self._build_figure()

    # -- editing ------------------------------------------------------------------------
    def names(self) -> list[str]:
        return [r["name"] for r in self.rows]

    def row(self, name: str) -> dict:
        for r in self.rows:
            if r["name"] == name:
                return r
        raise KeyError(f"no site called {name!r}; sites: {', '.join(self.names())}")

    def set_site(self, name: str, **changes) -> None:
        """Change a site's lon, lat, radius_km, party or kind (checked at the next update).

        A new ``kind`` ("land" or "sea") moves the site to the nearest point where a site
        of that kind is valid (:func:`~mdcoverage.classroom.snap_to_kind`)."""
        allowed = {"lon", "lat", "radius_km", "party", "kind"}
        unknown = set(changes) - allowed
        if unknown:
            raise TypeError(f"set_site: unknown fields {sorted(unknown)}; use {sorted(allowed)}")
        row = self.row(name)
        new_kind = changes.get("kind", row["kind"]) != row["kind"]
        row.update(changes)
        if new_kind:
            row["lon"], row["lat"] = snap_to_kind(row["lon"], row["lat"], row["kind"])

    def add_site(self, *, party="nato", kind="land", lon=10.0, lat=50.0, radius_km=1000.0):
        """Add a notional interceptor site; returns its name ("Student site 1", ...)."""
        n = 1
        while f"Student site {n}" in self.names():
            n += 1
        name = f"Student site {n}"
        self.rows.append(
            {
                "name": name,
                "party": party,
                "kind": kind,
                "lon": float(lon),
                "lat": float(lat),
                "role": "interceptor",
                "radius_km": float(radius_km),
                "bearing_deg": None,
                "width_deg": None,
            }
        )
        return name

    def remove_site(self, name: str) -> None:
        self.rows.remove(self.row(name))

    def apply(self, architecture, site=None, **changes) -> UpdateResult:
        """Change one site (optional) and update; if the new layout is invalid, undo the
        change and re-raise the error (its message says what is wrong)."""
        before = dict(self.row(site)) if site is not None else None
        if site is not None:
            self.set_site(site, **changes)
        try:
            return self.update(architecture)
        except ScenarioError:
            if before is not None:
                self.row(site).update(before)
            raise

    def scenario(self):
        """The edited scenario (validated: raises ScenarioError with a clear message)."""
        return build_scenario(self.base, self.rows)

    def save(self, path: str | Path, *, name: str | None = None) -> Path:
        """Save the edited layout as a scenario TOML file (``mdcoverage validate`` accepts
        it; :func:`~mdcoverage.read_scenario` reads it back to the same scenario)."""
        sc = self.scenario()
        if name is not None:
            sc = sc.replace(name=name)
        return save_scenario(sc, path)

    # -- drawing ------------------------------------------------------------------------
    def _build_figure(self) -> None:
        """Draw the parts that never change, once: base map, shading, legend, badge."""
        v = self.view
        self.fig = Figure(figsize=self._figsize, dpi=self.dpi)
        self.canvas = FigureCanvasAgg(self.fig)
        self.ax = mdp.new_map(v, fig=self.fig)
        self.fig.subplots_adjust(left=0.03, right=0.97, top=0.9, bottom=0.22)
        first = assess(self.base, 0)
        styles = list(self.styles.values())
        mdp.assessment_layers(self.ax, first, view=v, styles=styles, layers=("basemap",))
        self.fig.legend(
            handles=mdp.map_legend_handles(styles, sectors=True),
            ncol=3,
            fontsize=9,
            frameon=False,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.0),
        )
        mdp.add_badge(
            self.ax,
            as_of=self.base.as_of,
            projection_name=v.projection_name,
            extra="Student layout. Sector lines are interpretations, not agreed maps.",
        )
        self.title = mdp.add_title(self.ax, " ", " ")
        for t in self.title:
            t.set_animated(True)  # drawn with each update, not in the kept background
        self.canvas.draw()
        self._background = self.canvas.copy_from_bbox(self.fig.bbox)

    def _layers(self, a, layers: tuple[str, ...], **kw) -> list:
        """Some layers of :func:`mdcoverage.plotting.assessment_layers`, as one list of
        animated artists (drawn over the kept background, not into it)."""
        arts = mdp.assessment_layers(
            self.ax, a, view=self.view, styles=list(self.styles.values()), layers=layers, **kw
        )
        out = [art for group in arts.values() for art in group]
        for art in out:
            art.set_animated(True)
        return out

    def _sector_artists(self, a) -> list:
        """Sector hatch and boundary of an architecture (computed and drawn once)."""
        if a.name not in self._sectors:
            self._sectors[a.name] = self._layers(a, ("sectors",))
        return self._sectors[a.name]

    def _defended(self, a) -> list:
        """(party, defended area) pairs for drawing: where the party is responsible (depends
        only on the architecture, so worked out once per architecture) intersected with
        the union of its own interceptor footprints (DESIGN §2, "Defended"). The same
        areas as ``map_layers.defended_areas(a)``, without re-uniting every country piece.
        A party none of whose sites changed keeps its area from the last update (keyed
        by the footprints' values): moving one site recomputes one party's area."""
        if a.name not in self._responsibility:
            areas = map_layers.responsibility_areas(a)
            self._responsibility[a.name] = list(
                zip(areas["party"], areas.geometry.values, strict=True)
            )
        fp = map_layers.footprints(a)
        inter = fp[fp["role"] == "interceptor"]
        out = []
        for party, area in self._responsibility[a.name]:
            own = inter.geometry.values[(inter["party"] == party).to_numpy()]
            if len(own):
                out.append((party, self._defended_area(a.name, party, area, own)))
        return out

    def _defended_area(self, arch: str, party: str, area, own) -> shapely.Geometry:
        key = (arch, party, tuple(own))
        if key not in self._defended_cache:
            if len(self._defended_cache) >= 64:  # bounded: slider positions pile up
                self._defended_cache.clear()
            self._defended_cache[key] = shapely.intersection(area, shapely.union_all(own))
        return self._defended_cache[key]

    def _site_artists(self, a) -> list:
        """The layers that depend on the sites: defended areas, reach outlines, markers."""
        return self._layers(a, ("defended", "footprints", "sites"), defended=self._defended(a))

    def _blit_png(self, fixed: list, moving: list) -> bytes:
        """Restore the background of the ``fixed`` layers (the kept one with them drawn
        in), draw the ``moving`` layers over it, return a PNG. Every fixed layer lies
        under every moving one (lower zorder) or outside the map (the title), so the
        picture is the one drawing them all in zorder would give."""
        self.canvas.restore_region(self._architecture_background(fixed))
        for art in sorted(moving, key=lambda a: a.get_zorder()):
            self.ax.draw_artist(art)
        rgba = np.asarray(self.canvas.buffer_rgba())
        return encode_png(drop_alpha(rgba))

    def _architecture_background(self, fixed: list) -> object:
        """The kept background with the ``fixed`` layers drawn in (kept per architecture
        and title: a few, bounded)."""
        key = (tuple(id(art) for art in fixed), *(t.get_text() for t in self.title))
        if key not in self._backgrounds:
            if len(self._backgrounds) >= 8:
                self._backgrounds.clear()
            self.canvas.restore_region(self._background)
            for art in sorted(fixed, key=lambda a: a.get_zorder()):
                self.ax.draw_artist(art)
            self._backgrounds[key] = self.canvas.copy_from_bbox(self.fig.bbox)
        return self._backgrounds[key]

    # -- the update ---------------------------------------------------------------------
    def update(self, architecture: str | int = 0) -> UpdateResult:
        """Validate the edited layout, assess one architecture, redraw what changed.

        Returns an :class:`UpdateResult` (assessment, PNG bytes, timings in seconds).
        Raises :class:`mdcoverage.errors.ScenarioError` (nothing is redrawn) when the
        layout is invalid, e.g. a land site moved out to sea.
        """
        t = [time.perf_counter()]
        sc = self.scenario()
        t.append(time.perf_counter())
        a = assess(sc, architecture)
        t.append(time.perf_counter())
        for art in self._dynamic:
            art.remove()
        self._dynamic = self._site_artists(a)
        self.title[0].set_text(a.name)
        self.title[1].set_text(f"{a.architecture.rule} · as of {sc.as_of.isoformat()}")
        sectors = self._sector_artists(a)
        lowest = min((art.get_zorder() for art in self._dynamic), default=np.inf)
        under = [art for art in sectors if art.get_zorder() < lowest]  # the sector hatches
        over = [art for art in sectors if art.get_zorder() >= lowest]  # their boundary
        t.append(time.perf_counter())
        png = self._blit_png(under + self.title, over + self._dynamic)
        t.append(time.perf_counter())
        steps = ("validate", "assess", "layers", "draw + PNG")
        seconds = {s: t[i + 1] - t[i] for i, s in enumerate(steps)}
        self.last = UpdateResult(assessment=a, png=png, seconds=seconds)
        return self.last

    def table(self):
        """The sites as a small table (name, party, kind, position, role, radius)."""
        import pandas as pd  # lazy: only this table needs pandas here

        cols = ["name", "party", "kind", "lon", "lat", "role", "radius_km"]
        return pd.DataFrame(self.rows)[cols].round({"lon": 2, "lat": 2, "radius_km": 0})

    def time_moves(self, architecture, site: str, lons) -> list[UpdateResult]:
        """Move ``site`` to each longitude in turn and update (as a slider does); put it
        back afterwards. Returns the updates (``.total_ms``, ``.seconds`` per step)."""
        start = self.row(site)["lon"]
        try:
            return [self.apply(architecture, site, lon=float(lon)) for lon in lons]
        finally:
            self.set_site(site, lon=start)

    def summary(self, assessment=None):
        """Per-party headline figures of the last update, in percent (a small table)."""
        if assessment is None and self.last is None:
            raise ValueError("no update yet: call update() first")
        a = assessment if assessment is not None else self.last.assessment  # type: ignore[union-attr]
        tbl = a.parties[list(SUMMARY_COLUMNS)].rename(columns=SUMMARY_COLUMNS)
        pct = [c for c in tbl.columns if "layers" not in c]
        tbl[pct] = (100 * tbl[pct]).round(0)
        tbl.columns = [c + (" [%]" if c in pct else "") for c in tbl.columns]
        return tbl.round(2)


def full_render(scenario, architecture: str | int = 0, *, dpi=80) -> bytes:
    """Baseline: assess and draw the whole one-panel map from scratch, return a PNG."""
    a = assess(scenario, architecture)
    fig = mdp.plot_map(a)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()
