"""Tables as text: for the terminal, CSV, JSON and Markdown.

:func:`format_table` writes a metrics or tracks table the way the command line shows it:
numbers for people in the terminal and in Markdown (shares in percent with 1 decimal,
differences of shares in percentage points, areas with 1 decimal, people as whole
numbers), full precision in CSV and JSON (shares as fractions 0..1). CSV cells that a
spreadsheet would run as a formula get a leading ``'`` (OWASP).

:func:`metrics_view` makes a metric table narrow for people: the key metrics
(:data:`KEY_METRICS`) under short headers (:data:`SHORT_NAMES`), architectures as
letters A, B, ... with a legend.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from . import i18n

__all__ = [
    "KEY_METRICS",
    "SHORT_NAMES",
    "TABLE_FORMATS",
    "format_table",
    "md_cell",
    "metrics_view",
    "percent",
]

#: the formats of :func:`format_table`
TABLE_FORMATS = ("table", "csv", "json", "markdown")


#: the metrics a narrow table shows (``mdcoverage metrics`` without ``--all``)
KEY_METRICS = [
    "urban_pop",
    "urban_pop_defended_share",
    "defended_area_share",
    "dependency_pop_share",
    "mean_layers_pop",
    "warning_pop_share",
    "in_others_reach_pop_share",
    "in_others_reach_area_share",
]
#: the catalogue's key of each column name a table for people shows (the key metrics'
#: short headers and the id columns); the full names stay in CSV and JSON
_HEADER_KEYS = {
    "urban_pop": "tables.urban_pop",
    "urban_pop_defended_share": "tables.urban_pop_defended_share",
    "defended_area_share": "tables.defended_area_share",
    "dependency_pop_share": "tables.dependency_pop_share",
    "mean_layers_pop": "tables.mean_layers_pop",
    "warning_pop_share": "tables.warning_pop_share",
    "in_others_reach_pop_share": "tables.in_others_reach_pop_share",
    "in_others_reach_area_share": "tables.in_others_reach_area_share",
    "party": "tables.party",
    "name": "tables.name",
    "adm0_a3": "tables.adm0_a3",
    "scope": "tables.scope",
    "factor": "tables.factor",
    "metric": "tables.metric",
    "architecture": "tables.architecture",
    "as_of": "tables.as_of",
}
#: short headers of the key metrics, for people (the full names stay in CSV and JSON)
SHORT_NAMES = {m: i18n.t(_HEADER_KEYS[m]) for m in KEY_METRICS}


def percent(share: float, decimals: int = 0) -> str:
    """A share 0..1 as percent for people: ``"92 %"``; never rounds a non-zero share to
    0 % or a share below one to 100 % (``"<1 %"``, ``">99 %"``); ``"–"`` for NaN."""
    if share != share:
        return "–"
    value = 100.0 * float(share)
    text = f"{value:.{decimals}f}"
    step = 10.0**-decimals
    if value > 0 and float(text) == 0:
        return f"<{step:g} %"
    if value < 100 and float(text) == 100:
        return f">{100 - step:g} %"
    return f"{text} %"


def metrics_view(
    table: pd.DataFrame, id_columns: list[str], *, all_metrics: bool = False, lang: str = "en"
) -> tuple[list[str], pd.DataFrame]:
    """A metric table for people: legend lines and the narrow table.

    ``table``: one assessment's table (``architecture``, ``as_of``, ``id_columns``, then
    metric columns) or a comparison (:func:`~mdcoverage.coverage.compare`: ``level``,
    ``name``, ``metric``, one column per architecture, ``diff: ...`` columns). Without
    ``all_metrics`` only :data:`KEY_METRICS`, under :data:`SHORT_NAMES`; architectures
    become letters (``A``, ``B``, ``B - A``) explained in the legend. The legend is in
    ``lang``; :func:`format_table` with the same ``lang`` translates the table.
    """
    if "metric" in table.columns:
        return _comparison_view(table, all_metrics, lang)
    legend = [
        i18n.t("tables.legend", lang, architecture=i18n.preset_text(arch, lang), date=day)
        for arch, day in dict.fromkeys(zip(table["architecture"], table["as_of"], strict=True))
    ]
    metrics = [c for c in table.columns if c not in ("architecture", "as_of", *id_columns)]
    if not all_metrics:
        metrics = [c for c in KEY_METRICS if c in metrics]
    out = table[[*id_columns, *metrics]]
    if not all_metrics:
        out = out.rename(columns=SHORT_NAMES)
    return legend, out


def _comparison_view(
    table: pd.DataFrame, all_metrics: bool, lang: str
) -> tuple[list[str], pd.DataFrame]:
    diffs = [c for c in table.columns if str(c).startswith("diff: ")]
    archs = [c for c in table.columns if c not in ("level", "name", "metric", *diffs)]
    letters = {a: chr(ord("A") + i) for i, a in enumerate(archs)}
    legend = [
        i18n.t("tables.letter", lang, letter=letters[a], architecture=i18n.preset_text(a, lang))
        for a in archs
    ]
    out = table.drop(columns="level")
    if not all_metrics:
        out = out[out["metric"].isin(KEY_METRICS)]
        order = {m: i for i, m in enumerate(KEY_METRICS)}
        # the names in their order, each name's metrics in the order of KEY_METRICS
        rank = pd.factorize(out["name"])[0] * len(order) + out["metric"].map(order).to_numpy()
        out = out.iloc[np.argsort(rank, kind="stable")]
        out = out.assign(metric=out["metric"].map(SHORT_NAMES))
    rename = dict(letters)
    rename.update({d: f"{letters[archs[i + 1]]} - A" for i, d in enumerate(diffs)})
    return legend, out.rename(columns=rename).reset_index(drop=True)


def format_table(table: pd.DataFrame, fmt: str, lang: str = "en") -> str:
    """``table`` as text in the format ``fmt`` (one of :data:`TABLE_FORMATS`). The table
    and Markdown formats are for people: numbers in ``lang``'s format and, for another
    language than English, the headers, metric names and parties translated (CSV and
    JSON are data: the same in every language)."""
    if fmt == "csv":
        return _csv_safe(table).to_csv(index=False, lineterminator="\n")
    if fmt == "json":
        return table.to_json(orient="records", indent=1, double_precision=6) + "\n"
    shown = table.copy()
    for col in shown.columns:
        numeric = pd.api.types.is_numeric_dtype(shown[col]) and shown[col].dtype != bool
        if not numeric:
            continue
        if "metric" in shown.columns:  # a comparison: each row has its own metric
            diff = str(col).startswith("diff") or str(col).endswith(" - A")
            shown[col] = [
                _fmt_value(_SHORT_TO_LONG.get(m, m), v, diff=diff, lang=lang)
                for m, v in zip(shown["metric"], shown[col], strict=True)
            ]
        else:
            shown[col] = [
                _fmt_value(_SHORT_TO_LONG.get(col, col), v, lang=lang) for v in shown[col]
            ]
    if lang != "en":
        shown = _translated(shown, lang)
    if fmt == "markdown":
        head = "| " + " | ".join(map(md_cell, shown.columns)) + " |"
        sep = "|" + "|".join("---" for _ in shown.columns) + "|"
        rows = ["| " + " | ".join(map(md_cell, r)) + " |" for r in shown.itertuples(index=False)]
        return "\n".join([head, sep, *rows]) + "\n"
    with pd.option_context(
        "display.width", 200, "display.max_columns", None, "display.max_rows", None
    ):
        return shown.to_string(index=False) + "\n"


#: first characters that make a spreadsheet read a CSV cell as a formula (OWASP)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` for CSV: text cells (and headers) that a spreadsheet would run as a
    formula get a leading ``'``; floats written at full precision, never as 1e+06."""
    out = table.copy()
    out.columns = [_neutral(c) for c in out.columns]
    for col in out.columns:
        kind = out[col].dtype
        if pd.api.types.is_float_dtype(kind):
            out[col] = [_plain_float(v) for v in out[col]]
        elif not pd.api.types.is_numeric_dtype(kind):
            out[col] = [_neutral(v) for v in out[col]]
    return out


def _neutral(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START) and value != "-":
        return "'" + value
    return value


def _plain_float(value: float) -> str:
    """Shortest digits that read back exactly, never in scientific notation."""
    if value != value:  # NaN: an empty cell, as pandas writes it
        return ""
    return np.format_float_positional(value, unique=True, trim="-")


def md_cell(value: object) -> str:
    """A markdown table cell: ``|`` escaped, line breaks as ``<br>``."""
    text = str(value).replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


_SHORT_TO_LONG = {v: k for k, v in SHORT_NAMES.items()}


def _translated(shown: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A formatted table's headers, metric names and parties in ``lang``."""
    out = shown.copy()
    if "metric" in out:
        out["metric"] = [_header(m, lang) for m in out["metric"]]
    for col in ("party", "name" if "metric" in out and "party" not in out else ""):
        if col in out:
            out[col] = [i18n.party_name(str(p).lower(), lang, default=str(p)) for p in out[col]]
    if "name" in out and "adm0_a3" in out:  # countries: their names in the language
        out["name"] = [
            i18n.country_name(c, lang, default=n)
            for c, n in zip(out["adm0_a3"], out["name"], strict=True)
        ]
    out.columns = [_header(c, lang) for c in out.columns]
    return out


def _header(name: object, lang: str) -> str:
    """A column or metric name in ``lang`` (as it is when the catalogue has none)."""
    key = _HEADER_KEYS.get(_SHORT_TO_LONG.get(str(name), str(name)))
    return i18n.t(key, lang) if key else str(name)


def _fmt_value(metric: str, value: float, *, diff: bool = False, lang: str = "en") -> str:
    """A number for people: shares in percent with 1 decimal (differences of shares in
    percentage points, ``pp``), layers with 2, areas with 1, people as whole numbers
    with thousands separators (in ``lang``'s format)."""
    if value != value:  # NaN
        return ""
    if lang != "en":
        return _fmt_local(metric, float(value), diff, lang)
    if metric.endswith("_pct"):  # already in percent (e.g. the optimize table's columns)
        return f"{value:.1f} %"
    if "share" in metric:
        return f"{100 * value:+.1f} pp" if diff else f"{100 * value:.1f} %"
    sign = "+" if diff else ""
    if "layers" in metric:
        return f"{value:{sign}.2f}"
    if metric.endswith("_km2") or metric == "km" or metric.endswith("_km"):
        return f"{value:{sign},.1f}"
    if float(value).is_integer() or "pop" in metric:
        return f"{value:{sign},.0f}"
    return f"{value:{sign},.3f}"


def _fmt_local(metric: str, value: float, diff: bool, lang: str) -> str:
    """:func:`_fmt_value` in the number format of ``lang`` (grouping, decimal sign)."""
    sign = "+" if diff and value >= 0 else ""
    if metric.endswith("_pct"):
        return f"{i18n.number(value, lang, 1)}\u00a0%"
    if "share" in metric:
        shown = i18n.number(100 * value, lang, 1)
        return f"{sign}{shown}\u00a0{i18n.t('tables.pp', lang)}" if diff else f"{shown}\u00a0%"
    if "layers" in metric:
        digits = 2
    elif metric.endswith("_km2") or metric == "km" or metric.endswith("_km"):
        digits = 1
    elif float(value).is_integer() or "pop" in metric:
        digits = 0
    else:
        digits = 3
    return sign + i18n.number(value, lang, digits)
