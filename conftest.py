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
