"""Benchmark: the offline web map of the default comparison vs the PNG comparison figure.

Run: ``uv run python benchmarks/bench_html.py [--runs N]``. For the presets of
``mdcoverage compare`` (three panels) and for the issue's two presets (2011-independent,
2011-sectoral-east-west) it prints, in the same run, wall-clock and CPU times of

- ``html``: :func:`mdcoverage.html.html_map` (the document as a string: geometry to
  lon/lat, sentences, JSON, Leaflet inlined):

  * ``cold``: the first page of the process (the default case only: the Leaflet file,
    the country shapes, the transformers and the message catalogue are read then);
  * ``warm``: the median of ``N`` more pages of the same assessments (what the page
    keeps per assessment — its layers' text and sentences — is reused);
  * ``new``: the median of ``N`` pages after :func:`mdcoverage.html.data.clear_cache`
    (everything of the page built again from the assessments, as for new assessments
    of the same presets);

- ``png`` (the baseline): :func:`mdcoverage.plotting.plot_comparison` of the same
  assessments, saved as PNG into memory (first and median of ``N`` more).

Every case reuses the model's geometry cached per assessment (:mod:`mdcoverage.map_layers`);
the assessments themselves are computed once, before timing. Target: html warm <= 1 s.
On a shared, loaded machine judge by the CPU times.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from mdcoverage import plotting
from mdcoverage.cli.common import DEFAULT_PRESETS
from mdcoverage.coverage import assess_all
from mdcoverage.html import html_map
from mdcoverage.html.data import clear_cache
from mdcoverage.scenario import load_preset

TWO_PRESETS = ("2011-independent", "2011-sectoral-east-west")


def clock(func: Callable[[], object]) -> tuple[float, float, object]:
    """Wall-clock and CPU seconds of one call, and its result."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = func()
    return time.perf_counter() - w0, time.process_time() - c0, out


def median_of(func: Callable[[], object], runs: int, before=None) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        if before is not None:
            before()
        wall, cpu, _ = clock(func)
        walls.append(wall)
        cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus)


def line(what: str, wall: float, cpu: float, note: str = "") -> None:
    print(f"  {what:<10} wall {wall:6.3f} s   cpu {cpu:6.3f} s   {note}")


def case(presets: tuple[str, ...], runs: int, cold: bool) -> None:
    assessments = [a for p in presets for a in assess_all(load_preset(p))]
    print(f"presets: {', '.join(presets)} ({len(assessments)} panels)")

    def html() -> str:
        return html_map(assessments)

    def png() -> bytes:
        fig = plotting.plot_comparison(assessments)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=150)
        plt.close(fig)
        return buf.getvalue()

    wall, cpu, page = clock(html)
    size = len(str(page).encode("utf-8"))
    if cold:
        line("html cold", wall, cpu, f"({size / 1e6:.2f} MB; first page of the process)")
    h_warm = median_of(html, runs)
    line("html warm", *h_warm, f"(median of {runs}; {size / 1e6:.2f} MB)")
    line("html new", *median_of(html, runs, before=clear_cache), "(per-assessment caches cleared)")
    p_wall, p_cpu, _ = clock(png)
    p_warm = median_of(png, runs)
    line("png first", p_wall, p_cpu)
    line("png warm", *p_warm, "(baseline)")
    print(
        f"  html/png warm: wall {h_warm[0] / p_warm[0]:.3f}, cpu {h_warm[1] / p_warm[1]:.3f}"
        "   target: html warm <= 1 s"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="timed repetitions (default 5)")
    args = ap.parse_args()
    case(tuple(DEFAULT_PRESETS), args.runs, cold=True)
    case(TWO_PRESETS, args.runs, cold=False)


if __name__ == "__main__":
    main()
