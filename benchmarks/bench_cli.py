"""`mdcoverage compare` as a fresh process, and a warm re-render of the comparison figure.

Targets (2-core reference machine): the command <= 2.5 s including imports; a warm
re-render of the two-panel comparison figure <= 0.4 s.

Baselines measured in the same run:

* the fresh process is compared with a process that only imports the libraries the
  figure needs (numpy, pandas, geopandas, matplotlib, cartopy): what any tool built on
  them pays before doing anything;
* the warm re-render (``plot_comparison`` of two presets + PNG) is compared with letting
  cartopy project the raw layers for a two-panel figure of the same size
  (``bench_plotting.render_cartopy``).

Python's byte-code cache is allowed here (``PYTHONDONTWRITEBYTECODE`` is removed for the
child processes, after one warm-up run), as on a normal laptop. The command and its
baselines are run in turn (not one series after the other), so that a change in the
machine's load affects both alike.

The command skips the interpreter's final garbage collection (``gc.freeze()`` as it
exits; ~0.3 s with these libraries loaded): a second import-only baseline does the same,
for a like-for-like ratio.
"""

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
IMPORTS = "import numpy, pandas, geopandas, matplotlib.figure, cartopy.crs, shapely, pyproj"
IMPORTS_FROZEN = IMPORTS + "; import gc; gc.freeze()"


def fresh(args: list[str], cwd: str) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["MPLBACKEND"] = "Agg"
    t = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["-m", "mdcoverage.cli", "compare", "-o", "comparison.png"]
        fresh(cmd, tmp)  # warm-up: byte-code cache, OS file cache
        fresh(["-c", IMPORTS], tmp)
        runs: dict[str, list[float]] = {"cmd": [], "imp": [], "frozen": []}
        for _ in range(RUNS):  # in turn: load changes hit all three alike
            runs["cmd"].append(fresh(cmd, tmp))
            runs["imp"].append(fresh(["-c", IMPORTS], tmp))
            runs["frozen"].append(fresh(["-c", IMPORTS_FROZEN], tmp))
        t_cmd, t_imp, t_frozen = (statistics.median(runs[k]) for k in ("cmd", "imp", "frozen"))
    print(
        f"mdcoverage compare (3 panels, PNG 150 dpi), fresh process: {t_cmd:.2f} s "
        f"(target <= 2.5 s)"
    )
    print(
        f"baseline: importing numpy/pandas/geopandas/matplotlib/cartopy only: {t_imp:.2f} s "
        f"| ratio {t_cmd / t_imp:.1f}x"
    )
    print(
        f"baseline: the same imports, exiting without the final garbage collection as the "
        f"command does: {t_frozen:.2f} s | ratio {t_cmd / t_frozen:.1f}x"
    )

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
    for i in range(RUNS):  # in turn, as above
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
