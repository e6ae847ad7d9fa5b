"""The controls of notebook 03: sliders and menus around a :class:`LayoutEditor`.

One call in the notebook, ``classroom.editor_controls(editor)``, shows them. ipywidgets
is needed only here (the ``notebooks`` extra); it is imported when the controls are made.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from ..errors import MdcoverageError
from .editor import LayoutEditor

__all__ = ["RERUN_NOTE", "EditorControls", "editor_controls"]

#: shown above the controls: after the kernel stopped, a saved notebook shows
#: "Error displaying widget" instead of them, and this line says what to do
RERUN_NOTE = (
    "*The controls below need a running notebook. If you see no controls, or "
    "**Error displaying widget: model not found**, run this cell again "
    "(Shift + Enter), or choose **Run > Run All Cells**.*"
)

#: characters per pixel of the widgets' font, for a Site menu wide enough for every name
_PX_PER_CHAR = 8.2


class EditorControls:
    """The widgets and their callbacks. ``controls.box`` is what the notebook shows;
    ``controls.image`` the map, ``controls.status`` the last message."""

    def __init__(self, editor: LayoutEditor, rule: str | None = None) -> None:
        import ipywidgets as W  # lazy: ipywidgets only where the controls are shown

        self.editor = editor
        self._syncing = False  # True while the controls are set from a site's values
        slider = dict(
            continuous_update=False,
            style={"description_width": "90px"},
            layout=W.Layout(width="460px"),
            readout_format=".2f",
        )
        longest = max(len(n) for n in editor.names())
        menu_px = int(90 + 40 + _PX_PER_CHAR * max(longest, 24))
        self.site = W.Dropdown(
            options=editor.names(),
            description="Site",
            style={"description_width": "90px"},
            layout=W.Layout(width=f"{menu_px}px"),
        )
        self.rule = W.Dropdown(
            options=editor.architectures,
            value=rule or editor.architectures[0],
            description="Rule",
            layout=W.Layout(width="430px"),
        )
        self.lon = W.FloatSlider(min=-30, max=60, step=0.01, description="Longitude", **slider)
        self.lat = W.FloatSlider(min=34, max=80, step=0.01, description="Latitude", **slider)
        self.radius = W.FloatSlider(
            min=100,
            max=3000,
            step=50,
            description="Radius (km)",
            **{**slider, "readout_format": ".0f"},
        )
        self.party = W.ToggleButtons(options=["nato", "russia"], description="Party")
        self.kind = W.ToggleButtons(options=["land", "sea"], description="Kind")
        self.add_button = W.Button(description="Add a site", icon="plus")
        self.remove_button = W.Button(description="Remove this site", icon="trash")
        self.file_name = W.Text(
            value="my_layout.toml", description="File", layout=W.Layout(width="330px")
        )
        self.save_button = W.Button(description="Save layout", icon="save")
        self.image = W.Image(format="png", layout=W.Layout(width="760px"))
        self.status = W.HTML()
        self.figures = W.Output()
        self.box = self._layout(W)
        self.show_site(self.site.value)
        self.update()  # one direct call: draws the first map
        self._connect()

    def _layout(self, W: Any) -> Any:
        """The controls in rows, then the status line, the map and the figures."""
        return W.VBox(
            [
                W.HBox([self.site, self.rule]),
                self.lon,
                self.lat,
                self.radius,
                self.party,
                self.kind,
                W.HBox([self.add_button, self.remove_button]),
                W.HBox([self.file_name, self.save_button]),
                self.status,
                self.image,
                self.figures,
            ]
        )

    def _connect(self) -> None:
        self.site.observe(lambda change: self.show_site(change["new"]), names="value")
        self.rule.observe(lambda change: self.update(), names="value")
        for control in (self.lon, self.lat, self.radius, self.party, self.kind):
            control.observe(self.on_edit, names="value")
        self.add_button.on_click(self.on_add)
        self.remove_button.on_click(self.on_remove)
        self.save_button.on_click(self.on_save)

    def update(self, site: str | None = None, **changes: Any):
        """Change one site (optional), re-assess the rule on show, redraw what changed.
        On an invalid layout the change is undone and the message shown instead."""
        from IPython.display import display  # lazy: IPython only in a notebook

        try:
            result = self.editor.apply(self.rule.value, site, **changes)
        except MdcoverageError as err:
            self.status.value = "<b>Not applied:</b> " + _html(str(err))
            return None
        self.image.value = result.png
        self.status.value = (
            f"{html.escape(result.assessment.name)}: updated in {result.total_ms:.0f} ms"
        )
        with self.figures:
            self.figures.clear_output(wait=True)
            display(self.editor.summary())
        return result

    def show_site(self, name: str) -> None:
        """Set the controls to a site's values without triggering an update."""
        row = self.editor.row(name)
        self._syncing = True
        try:
            self.lon.value, self.lat.value = row["lon"], row["lat"]
            self.radius.value = row["radius_km"]
            self.party.value, self.kind.value = row["party"], row["kind"]
        finally:
            self._syncing = False

    def on_edit(self, change: Any) -> None:
        if self._syncing:
            return
        self.update(
            self.site.value,
            lon=self.lon.value,
            lat=self.lat.value,
            radius_km=self.radius.value,
            party=self.party.value,
            kind=self.kind.value,
        )
        self.show_site(self.site.value)  # a kind change snaps; a refused change is undone

    def on_add(self, button: Any) -> None:
        name = self.editor.add_site()
        self.site.options = self.editor.names()
        self.site.value = name
        self.update()

    def on_remove(self, button: Any) -> None:
        if len(self.editor.rows) > 1:
            self.editor.remove_site(self.site.value)
            self.site.options = self.editor.names()
            self.update()

    def on_save(self, button: Any) -> None:
        name = self.file_name.value.strip()
        if not name.lower().endswith(".toml") or Path(name).name != name:
            self.status.value = "<b>Not saved:</b> give a file name ending in .toml, no folders"
            return
        try:
            path = self.editor.save(name)
        except MdcoverageError as err:
            self.status.value = "<b>Not saved:</b> " + _html(str(err))
            return
        self.status.value = (
            f"Saved <code>{html.escape(str(path))}</code> next to this notebook; check it "
            f"with <code>uv run mdcoverage validate {html.escape(name)}</code>"
        )


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def editor_controls(editor: LayoutEditor, rule: str | None = None) -> EditorControls:
    """Show the interactive editor in a notebook: a one-line note (what to do when the
    controls do not show), then the controls and the map. Returns the controls."""
    from IPython.display import Markdown, display  # lazy: IPython only in a notebook

    controls = EditorControls(editor, rule)
    display(Markdown(RERUN_NOTE))
    display(controls.box)
    return controls
