"""10,000 notional sites: validation, assessment, GeoJSON and GeoPackage export.

Targets (2-core reference machine, issue 9): each step <= 5 s and <= 1 GB peak memory for
10,000 sites. Baseline, measured in the same run: the same steps for 1,000 sites (the
first 1,000 of the same sites); the printed ratio shows whether a step grows linearly
(about 10x) or worse.

Each step runs in a fresh process, so caches and memory of one step do not help or burden
another. Peak memory is the process's peak resident set size *during the step*: the
kernel's high-water mark is reset just before the step (``/proc/self/clear_refs``; where
that is not available, the process's peak since it started is reported, marked ``*``).
The steps before the timed one (building the scenario for ``assess``; building and
assessing it for the exports) are not timed.

Sites are random (seeded), 10°W–50°E, 35–65°N, half NATO and half Russia by longitude,
``land`` where the bundled land layer is within the coast tolerance and ``sea`` elsewhere,
so that every scenario validates. Exits with status 1 if a 10,000-site target is missed.
The table gives wall and CPU seconds per step (CPU: every thread of the step's process;
on a busy machine judge a change by CPU time and by before/after pairs).

``--before DIR``: also run every step from another source tree (e.g. a checkout of an
earlier commit, put first on ``PYTHONPATH``), each right after the same step of this one,
for a before/after pair measured in the same run.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

N_SITES, N_BASE = 10_000, 1_000
STEPS = ("validate", "assess", "geojson", "gpkg")
TARGET_S, TARGET_MB = 5.0, 1024.0
SEED = 20110608


def scenario_dict(n: int, seed: int = SEED) -> dict:
    """A scenario of ``n`` random notional sites (the first ``m`` of ``n`` equal those of
    a scenario of ``m``)."""
    import numpy as np

    from mdcoverage.validation import land_status

    rng = np.random.default_rng(seed)
    lon = np.round(rng.uniform(-10.0, 50.0, N_SITES)[:n], 4)
    lat = np.round(rng.uniform(35.0, 65.0, N_SITES)[:n], 4)
    _, near_land = land_status(lon, lat)
    sites = [
        {
            "name": f"Notional site {i}",
            "party": "nato" if x < 25.0 else "russia",
            "kind": "land" if land else "sea",
            "lon": float(x),
            "lat": float(y),
            "system": "notional-land" if land else "notional-sea",
        }
        for i, (x, y, land) in enumerate(zip(lon, lat, near_land, strict=True))
    ]
    return {
        "scenario": {"name": f"{n} notional sites", "as_of": dt.date(2011, 6, 8)},
        "systems": [
            {"name": "notional-land", "role": "interceptor", "radius_km": 300.0},
            {"name": "notional-sea", "role": "interceptor", "radius_km": 200.0},
        ],
        "sites": sites,
        "architectures": [{"type": "independent", "name": "Two independent systems"}],
    }


# ------------------------------------------------------------------- one step (child)


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _peak_mb() -> float:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_step(step: str, data_file: str, out_dir: str) -> None:
    """Run ``step`` on the pickled scenario dict; print seconds, peak MB, reset flag."""
    from mdcoverage.coverage import assess
    from mdcoverage.export import write_export
    from mdcoverage.scenario import scenario_from_dict

    with open(data_file, "rb") as fh:
        data = pickle.load(fh)
    scenario = assessment = None
    if step != "validate":
        scenario = scenario_from_dict(data)
    if step in ("geojson", "gpkg"):
        assessment = assess(scenario)
    reset = _reset_peak()
    cpu = time.process_time()
    t = time.perf_counter()
    if step == "validate":
        scenario_from_dict(data)
    elif step == "assess":
        assess(scenario)
    else:
        write_export(assessment, Path(out_dir) / f"export.{step}")
    seconds = time.perf_counter() - t
    cpu = time.process_time() - cpu
    print(f"{seconds:.6f} {_peak_mb():.1f} {int(reset)} {cpu:.6f}")


# ---------------------------------------------------------------------- driver (parent)


def measure(
    step: str, data_file: str, out_dir: str, src: str | None = None
) -> tuple[float, float, bool, float]:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    if src:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    res = subprocess.run(
        [sys.executable, __file__, "--step", step, data_file, out_dir],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if res.returncode != 0:
        raise SystemExit(f"step {step} failed:\n{res.stderr}")
    seconds, mb, reset, cpu = res.stdout.split()[-4:]
    return float(seconds), float(mb), reset == "1", float(cpu)


def _table(results, title: str) -> list[str]:
    print(title)
    print(
        f"{'step':<10}{'1,000 sites (wall, CPU)':>32}{'10,000 sites (wall, CPU)':>32}"
        f"{'ratio':>8}   target"
    )
    missed = []
    for step in STEPS:
        (s1, m1, r1, c1), (s10, m10, r10, c10) = results[N_BASE][step], results[N_SITES][step]
        mark1, mark10 = ("" if r1 else "*"), ("" if r10 else "*")
        print(
            f"{step:<10}{s1:>8.2f} s {c1:>7.2f} s {m1:>6.0f} MB{mark1:1}"
            f"{s10:>8.2f} s {c10:>7.2f} s {m10:>6.0f} MB{mark10:1}"
            f"{s10 / s1:>7.1f}x   <= {TARGET_S:g} s, <= {TARGET_MB:.0f} MB"
        )
        if s10 > TARGET_S or m10 > TARGET_MB:
            missed.append(step)
    return missed


def main() -> int:
    before = sys.argv[2] if len(sys.argv) == 3 and sys.argv[1] == "--before" else None
    results: dict[int, dict[str, tuple[float, float, bool, float]]] = {}
    old: dict[int, dict[str, tuple[float, float, bool, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (N_BASE, N_SITES):
            data_file = str(Path(tmp) / f"sites{n}.pickle")
            with open(data_file, "wb") as fh:
                pickle.dump(scenario_dict(n), fh)
            results[n], old[n] = {}, {}
            for step in STEPS:  # in turn: load changes hit both alike
                results[n][step] = measure(step, data_file, tmp)
                if before:
                    old[n][step] = measure(step, data_file, tmp, before)
    if before:
        _table(old, f"before ({before}):")
    missed = _table(results, "this tree:" if before else "")
    if missed:
        print("missed at 10,000 sites: " + ", ".join(missed))
        return 1
    print("all targets met at 10,000 sites")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--step":
        run_step(*sys.argv[2:])
    else:
        sys.exit(main())
