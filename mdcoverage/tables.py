"""Tables as text: for the terminal, CSV, JSON and Markdown.

:func:`format_table` writes a metrics or tracks table the way the command line shows it:
numbers for people in the terminal and in Markdown (shares with 3 decimals, areas with 1,
people as whole numbers), full precision in CSV and JSON. CSV cells that a spreadsheet
would run as a formula get a leading ``'`` (OWASP).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["TABLE_FORMATS", "format_table", "md_cell"]

#: the formats of :func:`format_table`
TABLE_FORMATS = ("table", "csv", "json", "markdown")


def format_table(table: pd.DataFrame, fmt: str) -> str:
    """``table`` as text in the format ``fmt`` (one of :data:`TABLE_FORMATS`)."""
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
            shown[col] = [
                _fmt_value(m, v) for m, v in zip(shown["metric"], shown[col], strict=True)
            ]
        else:
            shown[col] = [_fmt_value(col, v) for v in shown[col]]
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


def _fmt_value(metric: str, value: float) -> str:
    """A number for people: shares with 3 decimals, layers with 2, areas with 1, people
    as whole numbers with thousands separators."""
    if value != value:  # NaN
        return ""
    if "share" in metric:
        return f"{value:.3f}"
    if "layers" in metric:
        return f"{value:.2f}"
    if metric.endswith("_km2") or metric == "km" or metric.endswith("_km"):
        return f"{value:,.1f}"
    if float(value).is_integer() or "pop" in metric:
        return f"{value:,.0f}"
    return f"{value:,.3f}"
