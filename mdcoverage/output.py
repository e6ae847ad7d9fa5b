"""Writing files safely: atomic replacement and clear one-line errors.

Every file mdcoverage writes (figures, exports, tables) goes through :func:`atomic_write`:
the content is written to a temporary file in the target's folder and moved into place
with :func:`os.replace`, so a failure never leaves a partial file behind.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import OutputError

__all__ = ["atomic_write", "check_suffix"]


def check_suffix(path: str | Path, allowed: Iterable[str], *, what: str = "output") -> str:
    """The lower-case suffix of ``path`` (without the dot) if allowed, else OutputError."""
    allowed = [a.lower().lstrip(".") for a in allowed]
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in allowed:
        shown = f"'.{suffix}'" if suffix else "'(none)'"
        raise OutputError(
            f"cannot write {str(path)!r}: unsupported extension {shown} for the {what}; "
            f"use one of: {', '.join('.' + a for a in allowed)}"
        )
    return suffix


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp_path)`` and move the result to ``path`` atomically.

    ``tmp_path`` lies in the same folder and keeps ``path``'s suffix (drivers that choose a
    format by extension still work). Any failure raises :class:`OutputError` naming the
    path, and no file is left at ``path`` or next to it.
    """
    path = Path(os.fspath(path))
    name = repr(str(path))
    folder = path.parent
    if not folder.exists():
        raise OutputError(f"cannot write {name}: folder {str(folder)!r} does not exist")
    if not folder.is_dir():
        raise OutputError(f"cannot write {name}: {str(folder)!r} is not a folder")
    if path.is_dir():
        raise OutputError(f"cannot write {name}: it is a folder")
    # a name that does not exist yet (some writers, such as GDAL's, refuse to overwrite)
    tmp = folder / f".{path.stem}.{secrets.token_hex(6)}.tmp{path.suffix}"
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise OutputError(f"cannot write {name}: {exc.strerror or exc}") from None
    except BaseException:
        _remove(tmp)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove(p: Path) -> None:
    with contextlib.suppress(OSError):
        p.unlink()
