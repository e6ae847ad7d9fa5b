"""The built wheel carries the data: install it outside the checkout and load from there."""

import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def installed_wheel(tmp_path_factory):
    """Build the wheel offline (hatchling is a dev dependency) and unpack it into a folder."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("mdcoverage-*.whl")
    target = tmp_path_factory.mktemp("site")
    # a pure-Python wheel installs by unpacking (what `pip install --no-deps --target` does)
    zipfile.ZipFile(wheel).extractall(target)
    return wheel, target


def run_outside(target: Path, code: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run Python with the unpacked wheel first on the path and the checkout unreachable.

    ``-S`` skips site-packages' .pth files, so the editable install of the checkout is not
    on the path; the dependencies are added explicitly after the wheel.
    """
    env = {
        "PYTHONPATH": f"{target}:{sysconfig.get_paths()['purelib']}",
        "MPLBACKEND": "Agg",
        "PATH": "/usr/bin:/bin",
        "HOME": str(cwd),
    }
    return subprocess.run(
        [sys.executable, "-S", "-c", textwrap.dedent(code)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_wheel_contains_data(installed_wheel):
    wheel, _ = installed_wheel
    names = set(zipfile.ZipFile(wheel).namelist())
    data = ("countries.gpkg", "land.gpkg", "cities.csv", "country_names.csv", "provenance.json")
    for f in (*data, "sector_layers.bin", "sector_pieces.bin"):
        assert f"mdcoverage/data/{f}" in names
    for f in ("worksheet.typ", "i18n/en.toml", "i18n/de.toml", "i18n/ru.toml"):
        assert f"mdcoverage/{f}" in names


@pytest.mark.slow
def test_installed_wheel_loads_data_outside_checkout(installed_wheel, tmp_path):
    _, target = installed_wheel
    proc = run_outside(
        target,
        """
        import mdcoverage, mdcoverage.geodata as g
        print(mdcoverage.__file__)
        print(len(g.countries()), len(g.cities()), len(g.land()))
        """,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    where, counts = proc.stdout.strip().splitlines()
    assert where.startswith(str(target)), where
    assert not where.startswith(str(ROOT))
    n_countries, n_cities, n_land = map(int, counts.split())
    assert n_countries >= 240 and n_cities >= 30_000 and n_land == 1


@pytest.mark.slow
def test_installed_wheel_runs_compare_offline(installed_wheel, tmp_path):
    """`mdcoverage compare` from the installed wheel, outside the checkout, with the
    network guard of tests/netguard loaded explicitly (``-S`` skips sitecustomize)."""
    _, target = installed_wheel
    guard = ROOT / "tests" / "netguard"
    proc = run_outside(
        target,
        f"""
        import os, sys
        os.environ["MDCOVERAGE_NETGUARD"] = "1"
        sys.path.insert(0, {str(guard)!r})
        import sitecustomize, socket
        try:
            socket.create_connection(("192.0.2.1", 80), timeout=1)
        except OSError as e:
            assert "blocked" in str(e), e
        else:
            raise SystemExit("network not blocked")
        import mdcoverage
        assert mdcoverage.__file__.startswith({str(target)!r}), mdcoverage.__file__
        from mdcoverage.cli import main
        raise SystemExit(main(["compare", "-o", "comparison.png"]))
        """,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "wrote comparison.png" in proc.stdout
    assert (tmp_path / "comparison.png").read_bytes()[:4] == b"\x89PNG"
