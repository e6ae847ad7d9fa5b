"""Benchmark: one update of notebook 03's layout editor vs a full re-render.

Run: ``uv run python benchmarks/bench_notebook_update.py``. Measures, in the same run:

- ``editor update``: what the notebook does when a student moves a site: validate the
  edited scenario, re-assess the architecture on show, swap the site-dependent layers
  and draw them over the kept background, encode a PNG
  (:meth:`mdcoverage.classroom.LayoutEditor.update`);
- ``full re-render``: the same edited scenario assessed and drawn from scratch with
  :func:`mdcoverage.plotting.plot_map`, rendered to a PNG at the same resolution.

Each run moves one site to a new position (as the sliders do), so footprints are never
reused from a cache. Target for the editor update (issue 11): <= 100 ms (median, warm).
"""

from __future__ import annotations

import statistics
import time

import matplotlib

matplotlib.use("Agg")

from mdcoverage.classroom import LayoutEditor, full_render

RUNS = 9
SITE = "Poland (notional)"
ARCHITECTURES = ("Two independent systems", "Sectoral (Podvig 2012 description)")
TARGET_MS = 100.0


def positions():
    """Distinct positions for the moved site (whole and half degrees, on land)."""
    k = 0
    while True:
        yield 17.0 + 0.5 * (k % 12), 51.0 + 0.5 * (k % 3)
        k += 1


def measure_editor(editor: LayoutEditor, architecture: str, where) -> tuple[list, list, dict]:
    """Wall and CPU seconds of each update, and the median wall seconds of its steps."""
    times, cpu, steps = [], [], {}
    editor.update(architecture)  # warm: first drawing of this architecture's sectors
    for _ in range(RUNS):
        lon, lat = next(where)
        editor.set_site(SITE, lon=lon, lat=lat)
        t0, c0 = time.perf_counter(), time.process_time()
        result = editor.update(architecture)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        for k, v in result.seconds.items():
            steps.setdefault(k, []).append(v)
    return times, cpu, {k: statistics.median(v) for k, v in steps.items()}


def measure_full(editor: LayoutEditor, architecture: str, where) -> tuple[list, list]:
    times, cpu = [], []
    full_render(editor.scenario(), architecture, dpi=editor.dpi)  # warm
    for _ in range(RUNS):
        lon, lat = next(where)
        editor.set_site(SITE, lon=lon, lat=lat)
        t0, c0 = time.perf_counter(), time.process_time()
        full_render(editor.scenario(), architecture, dpi=editor.dpi)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return times, cpu


def main() -> None:
    t0 = time.perf_counter()
    editor = LayoutEditor()
    print(f"editor set-up (data, base map, first assessment): {time.perf_counter() - t0:.2f} s")
    where = positions()
    print(f"moving {SITE!r}; median and best of {RUNS} warm runs, PNG at {editor.dpi} dpi")
    for arch in ARCHITECTURES:
        ed_times, ed_cpu, steps = measure_editor(editor, arch, where)
        full_times, full_cpu = measure_full(editor, arch, where)
        ed_med, full_med = statistics.median(ed_times), statistics.median(full_times)
        print(f"\n{arch}")
        print(
            f"  editor update   median {1e3 * ed_med:6.0f} ms   best {1e3 * min(ed_times):6.0f} ms"
            f"   CPU median {1e3 * statistics.median(ed_cpu):6.0f} ms"
        )
        print(
            f"  full re-render  median {1e3 * full_med:6.0f} ms   best {1e3 * min(full_times):6.0f} ms"
            f"   CPU median {1e3 * statistics.median(full_cpu):6.0f} ms"
        )
        print(f"  ratio full/editor (median): {full_med / ed_med:.1f}x")
        print(
            "  editor steps (median): "
            + ", ".join(f"{k} {1e3 * v:.0f} ms" for k, v in steps.items())
        )
        verdict = "met" if 1e3 * ed_med <= TARGET_MS else "NOT met"
        print(f"  target <= {TARGET_MS:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
