"""The map's sector layers (``sector_areas``, ``sector_lines``, ``sector_seas``).

Each measurement is a fresh process: it assesses the default presets of ``mdcoverage
compare`` (the same-run baseline, timed too) and then builds their sector layers, as
``compare`` does; a second process does the same for an edited sector scenario (the
Podvig 2012 preset with its first sector's first polygon moved 1° east), which no cache
or bundled data can know. CPU seconds (``time.process_time``) are the figure to judge on
a busy machine; wall seconds are printed beside them.

Target: the three presets' sector layers <= 0.3 s CPU after ``assess``.

``--before DIR``: the same measurements from another source tree (a checkout of an
earlier commit, put first on ``PYTHONPATH``), run in turn with this one.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 3

CODE = r"""
import json, sys, time
from mdcoverage.cli.common import DEFAULT_PRESETS
from mdcoverage.scenario import load_preset, scenario_from_dict
from mdcoverage.coverage import assess
from mdcoverage import map_layers

def edited():
    data = load_preset("2011-sectoral-podvig-2012").to_dict()
    for arch in data["architectures"]:
        if arch["type"] == "sectoral":
            ring = arch["sectors"][0]["polygons"][0]
            arch["sectors"][0]["polygons"][0] = [[x + 1.0, y] for x, y in ring]
    return scenario_from_dict(data)

scenarios = [edited()] if sys.argv[1] == "edited" else [load_preset(n) for n in DEFAULT_PRESETS]
c, w = time.process_time(), time.perf_counter()
done = [assess(s) for s in scenarios]
base = (time.process_time() - c, time.perf_counter() - w)
c, w = time.process_time(), time.perf_counter()
for a in done:
    map_layers.sector_areas(a); map_layers.sector_lines(a); map_layers.sector_seas(a)
layers = (time.process_time() - c, time.perf_counter() - w)
print(json.dumps({"assess": base, "layers": layers}))
"""


def run(which: str, tree: Path | None) -> dict:
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(tree), env.get("PYTHONPATH", "")])
    out = subprocess.run(
        [sys.executable, "-c", CODE, which],
        cwd=tree or ROOT,  # `python -c` puts its working directory first on sys.path
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def median_of(runs: list[dict], key: str) -> tuple[float, float]:
    return (
        statistics.median(r[key][0] for r in runs),
        statistics.median(r[key][1] for r in runs),
    )


def report(label: str, tree: Path | None) -> None:
    for which, title in (
        ("presets", "the 3 default presets"),
        ("edited", "an edited sector scenario"),
    ):
        runs = [run(which, tree) for _ in range(REPEAT)]
        (bc, bw), (lc, lw) = median_of(runs, "assess"), median_of(runs, "layers")
        print(
            f"{label:>7} {title:<27} assess (baseline) {bc:5.2f} s CPU {bw:5.2f} s wall | "
            f"sector layers {lc:5.2f} s CPU {lw:5.2f} s wall ({lc / bc:.2f}x assess CPU)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="an earlier source tree to compare with")
    args = parser.parse_args()
    print(f"median of {REPEAT} fresh processes each (target: presets' layers <= 0.30 s CPU)")
    if args.before is not None:
        report("before", args.before.resolve())
    report("now", None)


if __name__ == "__main__":
    main()
