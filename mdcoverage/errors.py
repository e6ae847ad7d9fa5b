"""The exception hierarchy of mdcoverage.

Every error the package raises on purpose derives from :class:`MdcoverageError`, so a
caller (the command line, a notebook) can catch one class and print one clear line.
Messages name the argument or field and say what is allowed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "ComparisonError",
    "DataError",
    "GeometryError",
    "MdcoverageError",
    "OutputError",
    "ScenarioError",
    "UnknownNameError",
    "suggest",
]


class MdcoverageError(Exception):
    """Base class of every error mdcoverage raises on purpose."""


class GeometryError(MdcoverageError, ValueError):
    """A coordinate, radius or other geometric input is out of range."""


class ScenarioError(MdcoverageError, ValueError):
    """A scenario (file or object) is invalid.

    ``problems`` holds one line per problem (field path and what is allowed), so that all
    problems of a file are reported at once.
    """

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        self.problems = list(problems)
        if self.problems:
            message = message + "\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(message)

    @classmethod
    def listing(cls, source: str, problems: Iterable[str]) -> ScenarioError:
        """One error for the problems of ``source`` (a file name or label).

        One problem reads as one line, ``source: field: problem``; several read as a
        header and one line each.
        """
        problems = list(problems)
        if len(problems) == 1:
            err = cls(f"{source}: {problems[0]}")
            err.problems = problems
            return err
        return cls(f"{source}: {len(problems)} problems", problems)


class UnknownNameError(MdcoverageError, KeyError):
    """A name (country code, party, architecture, preset, ...) is not known.

    The message lists close matches, or the valid names when there are few.
    """

    def __init__(self, kind: str, name: object, valid: Iterable[str]) -> None:
        self.kind, self.name, self.valid = kind, name, sorted(set(valid))
        super().__init__(_unknown_message(kind, name, self.valid))

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0])


class ComparisonError(MdcoverageError, ValueError):
    """Results cannot be compared (e.g. fewer than two assessments)."""


class DataError(MdcoverageError, RuntimeError):
    """A bundled data file is missing or damaged."""


class OutputError(MdcoverageError, OSError):
    """An output file cannot be written."""


def suggest(name: object, valid: Iterable[str], n: int = 3) -> list[str]:
    """Close matches of ``name`` among ``valid`` (case-insensitive)."""
    valid = list(valid)
    lower = {v.lower(): v for v in valid}
    hits = difflib.get_close_matches(str(name).lower(), list(lower), n=n, cutoff=0.6)
    return [lower[h] for h in hits]


def _unknown_message(kind: str, name: object, valid: list[str]) -> str:
    msg = f"{name!r} is not a known {kind}"
    close = suggest(name, valid)
    if close:
        msg += "; did you mean " + " or ".join(repr(c) for c in close) + "?"
    elif len(valid) <= 12:
        msg += "; choose one of: " + ", ".join(valid)
    return msg
