"""``python -m mdcoverage.cli``: the installed ``mdcoverage`` command."""

from . import main

raise SystemExit(main())
