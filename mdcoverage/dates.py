"""Dates: the one parser of dates the package accepts from users.

A date is a ``datetime.date``, a ``datetime.datetime`` (its date part), an ISO string
``"YYYY-MM-DD"`` or ``"today"``. Scenario files, parties, memberships and the command
line's ``--as-of`` all read dates through :func:`parse_date`.
"""

from __future__ import annotations

import datetime as dt
import re

from .errors import ScenarioError

__all__ = ["DATE_HINT", "DateLike", "looks_like_loose_date", "parse_date"]

DateLike = dt.date | str

#: what a well-written date looks like (the end of several messages)
DATE_HINT = "dates are written YYYY-MM-DD, e.g. 2011-06-08"

#: something meant as a date (2011-6-8, 11-06-08), as people type it
_LOOSE = re.compile(r"\d{1,4}-\d{1,2}-\d{1,2}")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def looks_like_loose_date(token: str) -> bool:
    """Whether ``token`` is meant as a date but not written ``YYYY-MM-DD`` (``2011-6-8``,
    ``11-06-08``)."""
    return bool(_LOOSE.fullmatch(token)) and not _ISO.fullmatch(token)


def parse_date(value: object, *, name: str = "as_of") -> dt.date:
    """A ``datetime.date`` from a date, a datetime (its date part), an ISO string
    ``"YYYY-MM-DD"`` or ``"today"`` (any case; the day this runs).

    ``name`` is the argument or field named in the error message. Any date is allowed;
    dates after today simply use the membership known today.

    Raises :class:`~mdcoverage.errors.ScenarioError` for anything else, e.g.
    ``as_of: '2011-13-01' is not a date; use an ISO date 'YYYY-MM-DD' such as '2011-06-08'``;
    a date written ``2011-6-8`` is told to write ``2011-06-08``.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.lower() == "today":
            return dt.date.today()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
        loose = looks_like_loose_date(text)
        hint = " (four digits for the year, two for month and day)" if loose else ""
        raise ScenarioError(
            f"{name}: {value!r} is not a date; use an ISO date 'YYYY-MM-DD' such as "
            f"'2011-06-08'{hint}"
        )
    raise ScenarioError(
        f"{name}: expected a date or an ISO date string 'YYYY-MM-DD', "
        f"got {value!r} ({type(value).__name__})"
    )
