"""The sensitivity figure: each architecture's key metrics against the factor applied to
every interceptor radius (:func:`mdcoverage.sensitivity.sensitivity`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from .. import i18n
from ..errors import ScenarioError
from .styles import FONT_SMALL, PartyStyle, party_label, styles_for, user_text
from .words import current_lang, day_text, shipped, use_lang, word

__all__ = ["SENSITIVITY_PANELS", "plot_sensitivity"]

#: catalogue keys of the panel titles of :func:`plot_sensitivity`, by metric
_PANEL_KEYS = {
    "urban_pop_defended_share": "figures.sens_defended",
    "dependency_pop_share": "figures.sens_dependency",
    "in_others_reach_pop_share": "figures.sens_reach",
}
#: the panels of :func:`plot_sensitivity`: metric and (English) title
SENSITIVITY_PANELS = {metric: i18n.t(key) for metric, key in _PANEL_KEYS.items()}
_MARKERS = ("o", "s", "^", "D", "v", "P")
_ARCH_STYLES: tuple[Any, ...] = ("-", "--", ":", "-.")


def plot_sensitivity(
    table: pd.DataFrame,
    *,
    metrics: Sequence[str] | None = None,
    title: str | None = None,
    lang: str = "en",
) -> Figure:
    """One panel per metric (default :data:`SENSITIVITY_PANELS`), percent against the
    radius factor; a line per architecture (line style, marker) and party (colour;
    markers filled for the first party, hollow for the others, for greyscale), parties
    in no party left out. ``table``: :func:`mdcoverage.sensitivity.sensitivity`. The
    badge carries the caveats, the data credits and the dates. ``lang``: the language
    of the figure's text (en, de, ru; :mod:`.words`)."""
    with use_lang(lang):
        return _draw(table, list(metrics or SENSITIVITY_PANELS), title)


def _draw(table: pd.DataFrame, metrics: list[str], title: str | None) -> Figure:
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
    lang = current_lang()
    for ax, metric in zip(axes, metrics, strict=True):
        for i, arch in enumerate(archs):
            for party, grp in rows[rows["architecture"] == arch].groupby("party", sort=True):
                ax.plot(
                    grp["factor"],
                    100 * grp[metric],
                    **_line(styles[party], i, party == parties[0]),
                )
        key = _PANEL_KEYS.get(metric)
        ax.set_title(word(key) if key else metric, fontsize=11, loc="left")
        ax.set_xlabel(word("figures.sens_factor"))
        ax.axvline(1.0, color="0.6", linewidth=0.8, zorder=0)
        # tick labels are made when the figure is drawn, after use_lang: fix the language
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _, c=lang: i18n.percent(v / 100, c)))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _, c=lang: i18n.number(v, c, 1)))
        ax.set_ylim(-3, 103)
        ax.grid(alpha=0.3)
    fig.suptitle(word("figures.sens_title"), x=0.07, ha="left", fontsize=14)
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
            label=user_text(shipped(a)),
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
            f"{word('notices.caveat')}; {word('figures.sens_radii')}",
            word("notices.reach_caveat"),
            f"{word('figures.sens_areas')} · {word('notices.as_of', date=day_text(dates))}",
            word("notices.data_credits"),
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
