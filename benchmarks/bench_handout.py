"""`mdcoverage handout` (the worksheet PDF) as a fresh process.

Target (2-core reference machine): <= 3 s for the default two presets. Baseline measured
in the same run, in turn with the command: `mdcoverage compare` of the same two presets
as a fresh process (the worksheet draws that comparison, then typesets it with Typst).
Python's byte-code cache is allowed (PYTHONDONTWRITEBYTECODE removed), as on a laptop.
"""

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 3
PRESETS = ["--preset", "2011-independent", "--preset", "2011-sectoral-east-west"]


def fresh(args: list[str], cwd: str) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of the command as a fresh process."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["MPLBACKEND"] = "Agg"
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mdcoverage.cli", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def main() -> None:
    handout = ["handout", *PRESETS, "-o", "worksheet.pdf"]
    compare = ["compare", *PRESETS, "-o", "comparison.png"]
    with tempfile.TemporaryDirectory() as tmp:
        fresh(handout, tmp)  # warm-up: byte-code cache, OS file cache
        fresh(compare, tmp)
        runs: dict[str, list[tuple[float, float]]] = {"handout": [], "compare": []}
        for _ in range(RUNS):  # in turn: load changes hit both alike
            runs["handout"].append(fresh(handout, tmp))
            runs["compare"].append(fresh(compare, tmp))
        size = os.path.getsize(os.path.join(tmp, "worksheet.pdf"))
    t_h, t_c = (statistics.median(w for w, _ in runs[k]) for k in ("handout", "compare"))
    c_h, c_c = (statistics.median(c for _, c in runs[k]) for k in ("handout", "compare"))
    print(
        f"mdcoverage handout, fresh process: {t_h:.2f} s (target <= 3 s), CPU {c_h:.2f} s; "
        f"PDF {size / 1e3:.0f} kB"
    )
    print(
        f"baseline: mdcoverage compare of the same presets: {t_c:.2f} s, CPU {c_c:.2f} s "
        f"| ratio {t_h / t_c:.2f}x (CPU {c_h / c_c:.2f}x)"
    )


if __name__ == "__main__":
    main()
