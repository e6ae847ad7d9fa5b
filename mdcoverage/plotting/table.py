"""The comparison's metrics table, sized to fit its axes for any number of parties.

One row per architecture; per party its urban population defended and the share defended
by another party; the largest undefended places. The table tries, in order, the wide form
(two columns per party) at 10 then 9 pt, the compact form (one column per party, "92 % /
0 %"), smaller fonts (not below :data:`~.layout.MIN_FONT`) and narrower wrapped columns,
and keeps the first that fits the axes' width.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from matplotlib.axes import Axes
from matplotlib.table import Table

from .checks import checked
from .layers import assessment_styles
from .layout import MIN_FONT, text_height, text_width, wrap_to_width
from .styles import PartyStyle, literal, user_text
from .words import pct_text, shipped, word

if TYPE_CHECKING:
    from ..coverage import Assessment

__all__ = [
    "TABLE_SIZE_ATTR",
    "fit_table",
    "metrics_table_rows",
    "plot_metrics_table",
    "size_table",
    "table_height",
]

#: The attribute of a Table made here holding its column widths and row heights (points).
TABLE_SIZE_ATTR = "_mdcoverage_size"

#: Column caps (points) per wrap level: architecture name, one party column, places.
_CAPS = ((1e9, 1e9, 1e9), (190.0, 130.0, 260.0), (140.0, 100.0, 190.0), (100.0, 80.0, 140.0))
#: The forms tried, in order: (compact, font size, wrap level).
_TRIALS = (
    (False, 10.0, 0),
    (False, 10.0, 1),
    (False, 9.0, 1),
    (True, 10.0, 1),
    (True, 9.0, 1),
    (True, 9.0, 2),
    (True, MIN_FONT, 2),
    (True, MIN_FONT, 3),
)


def _pct(x: float) -> str:
    return pct_text(x)


def metrics_table_rows(
    assessments: Sequence[Assessment], styles: Sequence[PartyStyle]
) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the comparison's metrics panel (one row per architecture), in
    the language in use (:mod:`.words`)."""
    header = [word("figures.table_architecture")]
    for st in styles:
        header += [
            word("figures.table_defended", party=st.label),
            word("figures.table_dependency", party=st.label),
        ]
    header += [word("figures.table_gaps")]
    rows = []
    for a in assessments:
        row = [user_text(shipped(a.name))]
        for st in styles:
            if st.name in a.parties.index:
                r = a.parties.loc[st.name]
                row += [_pct(r["urban_pop_defended_share"]), _pct(r["dependency_pop_share"])]
            else:
                row += ["–", "–"]
        gaps = a.gaps(3)
        gaps = gaps[gaps["party"] != "none"].sort_values("population", ascending=False).head(3)
        row.append(
            ", ".join(
                f"{user_text(n)} ({c})" for n, c in zip(gaps["name"], gaps["adm0_a3"], strict=True)
            )
            or "–"
        )
        rows.append(row)
    rows += _reach_rows(assessments, styles)
    return header, rows


def _reach_rows(
    assessments: Sequence[Assessment], styles: Sequence[PartyStyle]
) -> list[list[str]]:
    """Russia's concern beside NATO's: each party's urban population inside another
    party's interceptor reach, in its "urban pop." column, with the caveat in the places
    column. One row when every architecture has the same reach (it does not depend on
    the rule), else one per architecture, named."""
    found: dict[tuple[str, ...], str] = {}
    for a in assessments:
        values: list[str] = []
        for st in styles:
            share = (
                a.parties.loc[st.name, "in_others_reach_pop_share"]
                if st.name in a.parties.index
                else float("nan")
            )
            values += ["–" if share != share else _pct(share), "–"]
        found.setdefault(tuple(values), user_text(shipped(a.name)))
    label, note = word("figures.table_reach"), word("figures.table_reach_note")
    return [
        [label if len(found) == 1 else f"{label} ({name})", *values, note]
        for values, name in found.items()
    ]


def _compact(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """One column per party: "urban pop. defended / defended by another party"."""
    n = (len(header) - 2) // 2
    head = [header[0]]
    before, after = word("figures.table_defended", party="\0").split("\0")
    for i in range(n):
        party = header[1 + 2 * i].removeprefix(before).removesuffix(after)
        head.append(word("figures.table_compact", party=party))
    head.append(header[-1])
    body = [
        [r[0]] + [f"{r[1 + 2 * i]} / {r[2 + 2 * i]}" for i in range(n)] + [r[-1]] for r in rows
    ]
    return head, body


def fit_table(
    header: list[str], rows: list[list[str]], width: float, *, wrap: bool = False
) -> tuple[list[list[str]], list[float], list[float], float]:
    """The cells (header first), column widths and row heights (points) and font size of
    the first form that fits ``width`` points (see the module docstring); the last resort
    wraps every column to an equal share of the width."""
    for compact, size, level in _TRIALS:
        if wrap and level == 0:
            continue
        head, body = _compact(header, rows) if compact else (header, rows)
        caps = [_CAPS[level][0]] + [_CAPS[level][1]] * (len(head) - 2) + [_CAPS[level][2]]
        cells, widths, heights = _measure(head, body, size, caps)
        if sum(widths) <= width:
            return cells, widths, heights, size
    head, body = _compact(header, rows)
    share = width / len(head) - 1.2 * MIN_FONT
    cells, widths, heights = _measure(head, body, MIN_FONT, [share] * len(head))
    return cells, widths, heights, MIN_FONT


def _measure(
    head: list[str], body: list[list[str]], size: float, caps: list[float]
) -> tuple[list[list[str]], list[float], list[float]]:
    head = [h.replace(": ", ":\n", 1) for h in head]
    cells = [
        [wrap_to_width(c, size, caps[j], bold=(i == 0)) for j, c in enumerate(r)]
        for i, r in enumerate([head, *body])
    ]
    pad = 1.2 * size
    widths = [
        max(text_width(r[j], size, bold=(i == 0)) for i, r in enumerate(cells)) + pad
        for j in range(len(head))
    ]
    heights = [max(text_height(c, size) for c in r) + 0.9 * size for r in cells]
    return cells, widths, heights


def size_table(table: Table, ax: Axes) -> None:
    """Set the cells of a table made by :func:`plot_metrics_table` to their sizes in
    points for the axes' current size (call again after the figure is resized)."""
    widths, heights = getattr(table, TABLE_SIZE_ATTR)
    fig = ax.get_figure(root=True)
    assert fig is not None
    pos = ax.get_position()
    w_pt = pos.width * fig.get_figwidth() * 72.0
    h_pt = pos.height * fig.get_figheight() * 72.0
    for (r, c), cell in table.get_celld().items():
        cell.set_width(widths[c] / w_pt)
        cell.set_height(heights[r] / h_pt)


def table_height(table: Table) -> float:
    """The height (points) of a table made by :func:`plot_metrics_table`."""
    return float(sum(getattr(table, TABLE_SIZE_ATTR)[1]))


def plot_metrics_table(
    ax: Axes,
    assessments: Assessment | Sequence[Assessment],
    *,
    styles: Sequence[PartyStyle] | None = None,
    wrap: bool = False,
) -> Table:
    """The compact metrics panel: a table, one row per architecture, fitted to the
    axes' width (see the module docstring). Returns the Table.

    ``wrap`` starts with long cells (architecture names, the places) on several lines,
    for narrow figures."""
    assessments = checked(assessments, "Assessment", "plot_metrics_table")
    styles = list(styles) if styles is not None else assessment_styles(assessments)
    header, rows = metrics_table_rows(assessments, styles)
    ax.set_axis_off()
    fig = ax.get_figure(root=True)
    assert fig is not None
    width = ax.get_position().width * fig.get_figwidth() * 72.0 * 0.97
    cells, widths, heights, size = fit_table(header, rows, width, wrap=wrap)
    table = ax.table(cellText=cells[1:], colLabels=cells[0], loc="upper center", cellLoc="center")
    table.auto_set_font_size(False)
    table.set_fontsize(size)
    setattr(table, TABLE_SIZE_ATTR, (widths, heights))
    for (r, _c), cell in table.get_celld().items():
        cell.set_edgecolor("0.6")
        cell.PAD = 0.0
        if r == 0:
            cell.set_facecolor("0.92")
            cell.set_text_props(fontweight="bold")
    size_table(table, ax)
    table.set_gid("metrics-table")
    literal(cell.get_text() for cell in table.get_celld().values())
    return table
