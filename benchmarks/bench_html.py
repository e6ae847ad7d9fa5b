"""Benchmark: the offline web map of the default comparison vs the PNG comparison figure.

Run: ``uv run python benchmarks/bench_html.py``. Prints cold (first) and warm (median)
times, in the same run, of

- ``html``: :func:`mdcoverage.html.html_map` of the default comparison presets (the
  document as a string: geometry to lon/lat, sentences, JSON, Leaflet inlined);
- ``png`` (the baseline): :func:`mdcoverage.plotting.plot_comparison` of the same
  assessments, saved as PNG into memory.

Both reuse the model's geometry cached per assessment (:mod:`mdcoverage.map_layers`);
the assessments themselves are computed once, before timing. Target: html warm <= 1 s.
"""

from __future__ import annotations

import io
import statistics
import time

import matplotlib

matplotlib.use("Agg")

from mdcoverage import plotting
from mdcoverage.cli.common import DEFAULT_PRESETS
from mdcoverage.coverage import assess_all
from mdcoverage.html import html_map
from mdcoverage.scenario import load_preset

RUNS = 5


def timed(func) -> tuple[float, float, object]:
    t0 = time.perf_counter()
    out = func()
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        func()
        warm.append(time.perf_counter() - t0)
    return cold, statistics.median(warm), out


def main() -> None:
    assessments = [a for p in DEFAULT_PRESETS for a in assess_all(load_preset(p))]

    def html() -> str:
        return html_map(assessments)

    def png() -> bytes:
        fig = plotting.plot_comparison(assessments)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=150)
        return buf.getvalue()

    h_cold, h_warm, page = timed(html)
    p_cold, p_warm, _ = timed(png)
    size = len(str(page).encode("utf-8"))
    print(f"presets: {', '.join(DEFAULT_PRESETS)} ({len(assessments)} panels)")
    print(f"html  cold {h_cold:6.2f} s   warm {h_warm:6.2f} s   ({size / 1e6:.2f} MB)")
    print(f"png   cold {p_cold:6.2f} s   warm {p_warm:6.2f} s   (baseline)")
    print(f"html/png warm: {h_warm / p_warm:.2f}   target: html warm <= 1 s")


if __name__ == "__main__":
    main()
