"""The teaching curve of :mod:`mdcoverage.optimize`: sites (x) against the defended share
of the urban population a party is responsible for (y), one line per architecture and
party, with the caveat badge."""

from __future__ import annotations

import datetime as _dt

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import i18n
from .decor import add_badge
from .styles import literal_figure, party_label, party_style, user_text
from .words import current_lang, shipped, use_lang, word

__all__ = ["plot_sites_curve"]

_MARKERS = ("o", "s", "^", "D", "v", "P")
_LINES = ("-", "--", "-.", ":")


def plot_sites_curve(
    curve: pd.DataFrame,
    *,
    target: float | None = None,
    as_of: _dt.date | str,
    title: str | None = None,
    lang: str = "en",
) -> Figure:
    """One line per (architecture, party) of ``curve`` (the second table of
    :func:`mdcoverage.optimize.comparison`): ``sites`` against ``share`` in percent; the
    party sets the colour, the architecture the line style and marker. ``target``: a
    share in (0, 1] drawn as a dotted line; ``title``: the figure's title (default: the
    catalogue's); ``lang``: the language of its text (en, de, ru; :mod:`.words`).
    Returns the figure (not shown)."""
    with use_lang(lang):
        return _draw(curve, target, as_of, title or word("figures.opt_title"))


def _draw(curve: pd.DataFrame, target: float | None, as_of: _dt.date | str, title: str) -> Figure:
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
            label=user_text(f"{party_label(party)} — {shipped(arch)}"),
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
            " " + word("figures.opt_target", share=_share_text(target)),
            va="bottom",
            color="0.3",
            fontsize=9,
        )
    ax.set_xlabel(word("figures.opt_sites"))
    ax.set_ylabel(word("figures.opt_share"))
    ax.set_ylim(0, 102)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(True, color="0.88")
    ax.legend(loc="lower right", fontsize=9, title=word("figures.opt_legend"), title_fontsize=9)
    ax.set_title(title, loc="left", fontsize=13, fontweight="bold")
    extra = word("figures.opt_unproven" if unproven else "figures.opt_solved")
    badge = add_badge(
        foot,
        as_of=as_of,
        projection_name=word("projections.no_map"),
        extra=extra,
    )
    badge.set_position((0.0, 1.0))
    literal_figure(fig)
    return fig


def _share_text(share: float) -> str:
    """A target share in percent, one decimal where it has one (95 %, 95.5 %)."""
    digits = 0 if float(100 * share).is_integer() else 1
    return i18n.percent(share, current_lang(), digits)
