"""The teaching curve of :mod:`mdcoverage.optimize`: sites (x) against the defended share
of the urban population a party is responsible for (y), one line per architecture and
party, with the caveat badge."""

from __future__ import annotations

import datetime as _dt

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .figures import add_badge
from .styles import literal_figure, party_label, party_style, user_text

__all__ = ["plot_sites_curve"]

_MARKERS = ("o", "s", "^", "D", "v", "P")
_LINES = ("-", "--", "-.", ":")


def plot_sites_curve(
    curve: pd.DataFrame,
    *,
    target: float | None = None,
    as_of: _dt.date | str,
    title: str = "How many notional sites for how much of the population?",
) -> Figure:
    """One line per (architecture, party) of ``curve`` (the second table of
    :func:`mdcoverage.optimize.comparison`): ``sites`` against ``share`` in percent; the
    party sets the colour, the architecture the line style and marker. ``target``: a
    share in (0, 1] drawn as a dotted line. Returns the figure (not shown)."""
    fig, (ax, foot) = plt.subplots(
        2, 1, figsize=(8.6, 7.0), height_ratios=(6.0, 1.0), layout="constrained"
    )
    foot.set_axis_off()  # holds the badge under the chart
    # long-function: one chart, its lines, target, axes, legend and badge in order
    unproven = False
    archs = list(dict.fromkeys(curve["architecture"]))
    parties = list(dict.fromkeys(curve["party"]))
    for (arch, party), g in curve.groupby(["architecture", "party"], sort=False):
        a, k = archs.index(arch), parties.index(party)
        style = party_style(party, k)
        ax.plot(
            g["sites"],
            100.0 * g["share"],
            color=style.color,
            linestyle=_LINES[a % len(_LINES)],
            marker=_MARKERS[a % len(_MARKERS)],
            linewidth=2.0,
            label=user_text(f"{party_label(party)} — {arch}"),
        )
        open_ = g[g["gap"] > 1e-9]  # not proven optimal within the time limit
        if len(open_):
            ax.plot(
                open_["sites"],
                100.0 * open_["share"],
                linestyle="none",
                marker="o",
                markersize=11,
                markerfacecolor="none",
                markeredgecolor="0.1",
            )
            unproven = True
    if target is not None:
        ax.axhline(100.0 * target, color="0.35", linestyle=":", linewidth=1.2)
        ax.text(
            0.0,
            100.0 * target,
            f" target {100 * target:g} %",
            va="bottom",
            color="0.3",
            fontsize=9,
        )
    ax.set_xlabel("Notional interceptor sites (existing kept + new)")
    ax.set_ylabel("Urban population defended, % of what the party is responsible for")
    ax.set_ylim(0, 102)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(True, color="0.88")
    ax.legend(loc="lower right", fontsize=9, title="party — architecture", title_fontsize=9)
    ax.set_title(title, loc="left", fontsize=13, fontweight="bold")
    extra = "Optimal placement, solved exactly (HiGHS); notional radius and sites."
    if unproven:
        extra = "Ringed points: not proven optimal within the time limit."
    badge = add_badge(
        foot,
        as_of=as_of,
        projection_name="none (geodesic distances, candidates on a lon/lat lattice)",
        extra=extra,
    )
    badge.set_position((0.0, 1.0))
    literal_figure(fig)
    return fig
