"""The sensitivity figure: each architecture's key metrics against the factor applied to
every interceptor radius (:func:`mdcoverage.sensitivity.sensitivity`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import PercentFormatter

from ..errors import ScenarioError
from ..notices import CAVEAT, DATA_CREDITS, REACH_CAVEAT
from .styles import FONT_SMALL, PartyStyle, party_label, styles_for, user_text

__all__ = ["SENSITIVITY_PANELS", "plot_sensitivity"]

#: the panels of :func:`plot_sensitivity`: metric and title
SENSITIVITY_PANELS = {
    "urban_pop_defended_share": "Urban population defended",
    "dependency_pop_share": "… of those, defended by another party",
    "in_others_reach_pop_share": "Urban population in another party's reach",
}
_MARKERS = ("o", "s", "^", "D", "v", "P")
_ARCH_STYLES: tuple[Any, ...] = ("-", "--", ":", "-.")


def plot_sensitivity(
    table: pd.DataFrame, *, metrics: Sequence[str] | None = None, title: str | None = None
) -> Figure:
    """One panel per metric (default :data:`SENSITIVITY_PANELS`), percent against the
    radius factor; a line per architecture (line style, marker) and party (colour;
    markers filled for the first party, hollow for the others, for greyscale), parties
    in no party left out. ``table``: :func:`mdcoverage.sensitivity.sensitivity`. The
    badge carries the caveats, the data credits and the dates."""
    metrics = list(metrics or SENSITIVITY_PANELS)
    need = {"architecture", "as_of", "factor", "party", *metrics}
    if not isinstance(table, pd.DataFrame) or not need <= set(table.columns):
        raise ScenarioError(
            "plot_sensitivity: give the table of mdcoverage.sensitivity.sensitivity()"
        )
    rows = table[table["party"] != "none"]
    archs = list(dict.fromkeys(rows["architecture"]))
    parties = sorted(dict.fromkeys(rows["party"]))
    styles = {s.name: s for s in styles_for(parties)}
    fig = Figure(figsize=(4.6 * len(metrics) + 0.4, 5.6))
    axes = fig.subplots(1, len(metrics), sharey=True, squeeze=False)[0]
    fig.subplots_adjust(left=0.07, right=0.98, top=0.84, bottom=0.36, wspace=0.12)
    for ax, metric in zip(axes, metrics, strict=True):
        for i, arch in enumerate(archs):
            for party, grp in rows[rows["architecture"] == arch].groupby("party", sort=True):
                ax.plot(
                    grp["factor"],
                    100 * grp[metric],
                    **_line(styles[party], i, party == parties[0]),
                )
        ax.set_title(SENSITIVITY_PANELS.get(metric, metric), fontsize=11, loc="left")
        ax.set_xlabel("factor on every interceptor radius (1 = as notional)")
        ax.axvline(1.0, color="0.6", linewidth=0.8, zorder=0)
        ax.yaxis.set_major_formatter(PercentFormatter(100, decimals=0))
        ax.set_ylim(-3, 103)
        ax.grid(alpha=0.3)
    fig.suptitle("How much depends on the notional radii?", x=0.07, ha="left", fontsize=14)
    _legend(fig, styles, parties, archs)
    _badge(fig, sorted(set(rows["as_of"])))
    if title:
        fig.text(0.07, 0.885, user_text(title), fontsize=11, ha="left")
    return fig


def _line(style: PartyStyle, arch_index: int, filled: bool) -> dict[str, Any]:
    return {
        "color": style.color,
        "linestyle": _ARCH_STYLES[arch_index % len(_ARCH_STYLES)],
        "marker": _MARKERS[arch_index % len(_MARKERS)],
        "markersize": 5,
        "markerfacecolor": style.color if filled else "white",
        "linewidth": 1.6,
    }


def _legend(fig: Figure, styles: dict[str, PartyStyle], parties: list[str], archs: list) -> None:
    handles = [
        Line2D(
            [],
            [],
            color=st.color,
            linewidth=2,
            marker="o",
            markerfacecolor=st.color if p == parties[0] else "white",
            label=party_label(p),
        )
        for p, st in styles.items()
    ]
    handles += [
        Line2D(
            [],
            [],
            color="0.2",
            linestyle=_ARCH_STYLES[i % len(_ARCH_STYLES)],
            marker=_MARKERS[i % len(_MARKERS)],
            label=user_text(a),
        )
        for i, a in enumerate(archs)
    ]
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.07, 0.245),
        ncol=2,
        fontsize=FONT_SMALL + 1,
        frameon=False,
    )


def _badge(fig: Figure, dates: list[str]) -> None:
    badge = "\n".join(
        [
            CAVEAT + "; radii scaled together: other notional numbers, not another system.",
            REACH_CAVEAT,
            f"Areas in the analysis region's equal-area projection · as of {', '.join(dates)}",
            DATA_CREDITS,
        ]
    )
    text = fig.text(
        0.55,
        0.245,
        badge,
        ha="left",
        va="top",
        fontsize=FONT_SMALL - 1,
        wrap=True,
        bbox={"boxstyle": "round,pad=0.45", "facecolor": "white", "edgecolor": "0.4"},
    )
    text.set_gid("badge")
