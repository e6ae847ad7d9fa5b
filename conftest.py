"""Root test configuration, shared by tests/ and the notebooks in examples/ (nbmake).

Processes started by the tests (notebook kernels, CLI subprocesses) get the network guard
of ``tests/netguard/sitecustomize.py``; the pytest process itself is guarded by
pytest-socket (``--disable-socket`` in pyproject.toml). Figures use the Agg backend.
"""

import os
from pathlib import Path

_GUARD = str(Path(__file__).resolve().parent / "tests" / "netguard")

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ["MDCOVERAGE_NETGUARD"] = "1"
_paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
if _GUARD not in _paths:
    os.environ["PYTHONPATH"] = os.pathsep.join([_GUARD, *_paths])


def pytest_collection_modifyitems(config, items):
    """Notebook items (nbmake) talk to their kernel over loopback: allow loopback only.

    The kernel process itself is guarded by tests/netguard/sitecustomize.py.
    """
    import pytest

    for item in items:
        if item.nodeid.endswith(".ipynb") or type(item).__name__ == "NotebookItem":
            item.add_marker(pytest.mark.allow_hosts(["127.0.0.1", "::1"]))


def _hypothesis_profiles() -> None:
    """Local runs explore new random cases; CI (CI=true) replays a fixed, derandomized
    set so that a green or red result is reproducible."""
    try:
        from hypothesis import settings
    except ImportError:  # pragma: no cover - hypothesis is a test dependency
        return
    settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        settings.load_profile("ci")


_hypothesis_profiles()
