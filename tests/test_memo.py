"""The shared memo helpers: what is kept, for how long, and what is dropped first."""

from __future__ import annotations

import gc
import threading

from mdcoverage._memo import Recent, forget, per_object, recall, remember


class Thing:  # hashes by identity, as an Assessment does
    pass


def test_per_object_builds_once_per_object_and_key():
    calls = []
    a, b = Thing(), Thing()
    for obj in (a, a, b):
        per_object(obj, "ns", "k", lambda obj=obj: calls.append(obj) or len(calls))
    assert calls == [a, b]
    assert per_object(a, "ns", "k", lambda: 99) == 1
    assert per_object(a, "other", "k", lambda: 99) == 99  # namespaces are apart


def test_per_object_goes_with_its_object():
    a = Thing()
    per_object(a, "ns", "k", lambda: [1] * 10)
    from mdcoverage import _memo

    gc.collect()  # objects of earlier tests that wait for the collector go first
    n = len(_memo._PER_OBJECT)
    del a
    gc.collect()
    assert len(_memo._PER_OBJECT) == n - 1


def test_forget_drops_one_namespace_only():
    a = Thing()
    remember(a, "html", "x", 1)
    remember(a, "map_layers", "x", 2)
    forget("html")
    assert recall(a, "html", "x") is None
    assert recall(a, "map_layers", "x") == 2
    assert per_object(a, "html", "x", lambda: 3) == 3


def test_recent_drops_the_least_recently_used():
    r: Recent[int] = Recent(3)
    for k in "abc":
        r.put(k, ord(k))
    assert r.get("a") == ord("a")  # a is now the most recent
    r.put("d", 4)  # b, the least recently used, goes
    assert r.get("b") is None
    assert [r.get(k) for k in "acd"] == [ord("a"), ord("c"), 4]
    assert len(r) == 3
    r.clear()
    assert len(r) == 0


def test_recent_is_safe_between_threads():
    r: Recent[int] = Recent(50)

    def work(base: int) -> None:
        for i in range(2000):
            r.put((base, i % 80), i)
            r.get((base, (i * 7) % 80))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(r) == 50
