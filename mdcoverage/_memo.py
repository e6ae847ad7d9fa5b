"""The package's two kinds of remembered results, in one place.

* :func:`per_object` keeps what was built from one object (an
  :class:`~mdcoverage.coverage.Assessment`, which hashes by identity) for as long as that
  object lives: the maps' layers, the web page's parts, the sentences' grouping. Each
  user names its part of the store with a ``namespace``; :func:`forget` clears one.
* :class:`Recent` keeps the last few results of a computation by a content key (least
  recently used out first), safe to share between threads.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

__all__ = ["Recent", "forget", "per_object", "recall", "remember"]

V = TypeVar("V")

#: object -> {(namespace, key): value}; an entry goes with its object
_PER_OBJECT: weakref.WeakKeyDictionary[Any, dict[tuple[str, Hashable], Any]] = (
    weakref.WeakKeyDictionary()
)
_PER_OBJECT_LOCK = threading.Lock()


def per_object(obj: Any, namespace: str, key: Hashable, build: Callable[[], V]) -> V:
    """``build()``, once per living ``obj`` and ``(namespace, key)``.

    ``build`` runs outside the lock (it may itself ask for other parts of the same
    object); two threads asking at once may both build, and the first result is kept.
    """
    slot = (namespace, key)
    with _PER_OBJECT_LOCK:
        store = _PER_OBJECT.setdefault(obj, {})
        if slot in store:
            return store[slot]
    value = build()
    with _PER_OBJECT_LOCK:
        return _PER_OBJECT.setdefault(obj, {}).setdefault(slot, value)


def remember(obj: Any, namespace: str, key: Hashable, value: Any) -> None:
    """Keep ``value`` as ``obj``'s ``(namespace, key)`` (what :func:`per_object` would
    otherwise build), replacing what was there."""
    with _PER_OBJECT_LOCK:
        _PER_OBJECT.setdefault(obj, {})[(namespace, key)] = value


def recall(obj: Any, namespace: str, key: Hashable) -> Any:
    """``obj``'s ``(namespace, key)`` if kept, else None."""
    with _PER_OBJECT_LOCK:
        return _PER_OBJECT.get(obj, {}).get((namespace, key))


def forget(namespace: str) -> None:
    """Drop every object's parts in ``namespace`` (the next request builds them again)."""
    with _PER_OBJECT_LOCK:
        for store in _PER_OBJECT.values():
            for slot in [s for s in store if s[0] == namespace]:
                del store[slot]


class Recent(Generic[V]):
    """The last ``size`` results by key, the least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: dict[Hashable, V] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        """The value kept for ``key`` (now the most recent), or None."""
        with self._lock:
            hit = self._items.pop(key, None)
            if hit is not None:
                self._items[key] = hit
            return hit

    def put(self, key: Hashable, value: V) -> None:
        """Keep ``value`` for ``key`` as the most recent; drop the oldest beyond ``size``."""
        with self._lock:
            self._items.pop(key, None)
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.pop(next(iter(self._items)))

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
