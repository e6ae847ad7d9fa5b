"""`mdcoverage compare` as a fresh process, and a warm re-render of the comparison figure.

Targets (2-core reference machine, issue 11): the command as a fresh process <= 2.0x the
bare import of its plotting stack (``import cartopy.crs, geopandas, matplotlib.pyplot``);
a warm re-render of the two-panel comparison figure <= 0.4 s.

Baselines measured in the same run:

* the fresh process is compared with a process that only imports that plotting stack:
  what any tool drawing such maps pays before doing anything (and, as the command skips
  the interpreter's final garbage collection with ``gc.freeze()``, the same imports
  exiting the same way, for a like-for-like ratio);
* the warm re-render (``plot_comparison`` of two presets + PNG) is compared with letting
  cartopy project the raw layers for a two-panel figure of the same size
  (``bench_plotting.render_cartopy``).

``--before DIR``: also time the command from another source tree (e.g. a checkout of an
earlier commit, put first on ``PYTHONPATH``), in the same rounds, for a before/after pair.

Python's byte-code cache is allowed here (``PYTHONDONTWRITEBYTECODE`` is removed for the
child processes, after one warm-up run), as on a normal laptop. The command and its
baselines are run in turn (not one series after the other), so that a change in the
machine's load affects all alike.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

RUNS = 5
TARGET_RATIO = 2.0
IMPORTS = "import cartopy.crs, geopandas, matplotlib.pyplot"
IMPORTS_FROZEN = IMPORTS + "; import gc; gc.freeze()"


def fresh(args: list[str], cwd: str, src: str | None = None) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["MPLBACKEND"] = "Agg"
    if src:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    t = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - t


def cold(before: str | None, runs: int) -> float:
    """Time the fresh command (and ``before``'s) against the import baselines."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["-m", "mdcoverage.cli", "compare", "-o", "comparison.png"]
        fresh(cmd, tmp)  # warm-up: byte-code cache, OS file cache
        if before:
            fresh(cmd, tmp, before)
        fresh(["-c", IMPORTS], tmp)
        series: dict[str, list[float]] = {"cmd": [], "before": [], "imp": [], "frozen": []}
        for _ in range(runs):  # in turn: load changes hit all alike
            series["cmd"].append(fresh(cmd, tmp))
            if before:
                series["before"].append(fresh(cmd, tmp, before))
            series["imp"].append(fresh(["-c", IMPORTS], tmp))
            series["frozen"].append(fresh(["-c", IMPORTS_FROZEN], tmp))
    med = {k: statistics.median(v) for k, v in series.items() if v}
    print(f"mdcoverage compare (PNG 150 dpi), fresh process: {med['cmd']:.2f} s")
    if before:
        print(
            f"  the same from {before}: {med['before']:.2f} s "
            f"| ratio to the import baseline {med['before'] / med['imp']:.2f}x"
        )
    print(
        f"baseline: {IMPORTS}: {med['imp']:.2f} s | ratio {med['cmd'] / med['imp']:.2f}x "
        f"(target <= {TARGET_RATIO:g}x)"
    )
    print(
        f"baseline: the same imports, exiting without the final garbage collection as the "
        f"command does: {med['frozen']:.2f} s | ratio {med['cmd'] / med['frozen']:.2f}x"
    )
    return med["cmd"] / med["imp"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", help="another source tree to time the command from")
    ap.add_argument("--runs", type=int, default=RUNS)
    ap.add_argument("--cold-only", action="store_true", help="skip the warm re-render")
    args = ap.parse_args()
    cold(args.before, args.runs)
    if args.cold_only:
        return
    from bench_plotting import render_cartopy

    from mdcoverage import plotting
    from mdcoverage.coverage import assess
    from mdcoverage.scenario import load_preset

    pair = [assess(load_preset(p)) for p in ("2011-independent", "2011-sectoral-podvig-2012")]

    def rerender() -> None:
        fig = plotting.plot_comparison(pair)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=100)

    rerender()
    render_cartopy(0)
    times, base = [], []
    for i in range(args.runs):  # in turn, as above
        t = time.perf_counter()
        rerender()
        times.append(time.perf_counter() - t)
        t = time.perf_counter()
        render_cartopy(10 * (i + 1))
        base.append(time.perf_counter() - t)
    warm = statistics.median(times)
    base_warm = statistics.median(base)
    print(f"warm re-render, two-panel comparison (PNG 100 dpi): {warm:.2f} s (target <= 0.4 s)")
    print(
        f"baseline: cartopy projecting the raw layers, two panels: {base_warm:.2f} s "
        f"| ratio {base_warm / warm:.1f}x"
    )


if __name__ == "__main__":
    main()
