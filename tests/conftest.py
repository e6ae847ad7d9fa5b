"""Shared test settings: no display, no network (pytest-socket is enabled in pyproject)."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
