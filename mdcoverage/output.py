"""Writing files safely: atomic replacement and clear one-line errors.

Every file mdcoverage writes (figures, exports, tables) goes through :func:`atomic_write`:
the content is written to a temporary file in the target's folder (a short hidden name,
``.mdc-<hex>.tmp<suffix>``) and moved into place with :func:`os.replace`, so a failure or
an interruption (Ctrl-C, SIGTERM from the command line) never leaves a partial file behind.

What may be written (:func:`check_target`):

* a new path in an existing folder, or an existing **regular file** that is writable: it is
  replaced and keeps its permission bits (a 0644 file stays 0644); a read-only file (no
  write bit, e.g. 0444) is refused, also when running as root;
* a **symbolic link to a regular file** is followed: the file it points to is replaced
  (atomically, next to it) and the link is kept; a dangling link, or a link to anything
  other than a regular file, is refused;
* refused with one line naming the path: folders, a path ending in a separator, device
  nodes (``/dev/null`` included), FIFOs and sockets, names longer than the file system
  allows (usually 255 bytes).

The command line also refuses to write over any of its own inputs
(:func:`check_not_input`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import OutputError

__all__ = ["atomic_write", "check_not_input", "check_output", "check_suffix", "check_target"]

#: the longest suffix kept on the temporary file's name (longer ones are dropped)
_MAX_TMP_SUFFIX = 16


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


def check_target(path: str | Path) -> Path:
    """Check that ``path`` may be written; return the file to replace.

    The result is ``path`` itself, or for a symbolic link the regular file it points to.
    Raises :class:`OutputError` (one line naming the path and what is allowed) otherwise.
    """
    raw = os.fsdecode(os.fspath(path))
    name = _shown(raw)
    if not raw.strip() or "\0" in raw:
        raise OutputError(f"cannot write {name}: give a file name (no NUL characters)")
    if raw.endswith(("/", os.sep)) or os.path.basename(raw) in (".", ".."):
        raise OutputError(f"cannot write {name}: it names a folder; give a file name")
    target = Path(raw)
    _check_name_length(target, name)
    try:
        is_link = stat.S_ISLNK(os.lstat(target).st_mode)
    except FileNotFoundError:
        is_link = False
    except OSError as exc:  # ENOTDIR, ENAMETOOLONG (the whole path), ELOOP, ...
        if exc.errno == errno.ENOTDIR:
            _check_folder(target.parent, name)  # names the part that is not a folder
        raise OutputError(f"cannot write {name}: {_reason(exc)}") from None
    if is_link:
        target = _follow_link(target, name)
    _check_folder(target.parent, name)
    st = _stat(target, name)
    if st is not None:
        _check_existing(st, name)
    return target


def check_not_input(path: str | Path, inputs: Iterable[str | Path]) -> None:
    """Refuse to write ``path`` if it is (or links to) the same file as one of ``inputs``."""
    target = check_target(path)
    if not target.exists():
        return
    for inp in inputs:
        if _same_file(target, inp):
            raise OutputError(
                f"cannot write {os.fspath(path)!r}: it is an input of this command "
                f"({os.fspath(inp)!r}); choose another output file"
            )


def check_output(output: str | Path | None, inputs: Iterable[str | Path]) -> None:
    """Refuse, before any work, an output that cannot be written or is one of the inputs
    (a scenario file, a base it includes, or anything inside the installed package).
    ``None`` and ``"-"`` (standard output) pass."""
    if output is None or output == "-":
        return
    check_not_input(output, inputs)
    target = Path(os.path.realpath(check_target(output)))
    package = Path(os.path.realpath(Path(__file__).parent))
    if package in target.parents:
        raise OutputError(
            f"cannot write {str(output)!r}: it is inside the mdcoverage package folder "
            "(presets and data, the inputs of every command); choose another folder"
        )


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp_path)`` and move the result to ``path`` atomically.

    ``tmp_path`` lies in the same folder and keeps ``path``'s suffix (drivers that choose a
    format by extension still work). Any failure raises :class:`OutputError` naming the
    path, and no file is left at ``path`` or next to it. See the module's documentation for
    what ``path`` may be. Returns ``path``.
    """
    name = _shown(os.fsdecode(os.fspath(path)))
    target = check_target(path)
    st = _stat(target, name)
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    tmp = target.parent / _tmp_name(target)
    try:
        write(tmp)
        os.chmod(tmp, mode)
        if st is not None:
            _keep_owner(tmp, st)
        os.replace(tmp, target)
    except OutputError:
        _remove(tmp)
        raise
    except OSError as exc:
        _remove(tmp)
        raise OutputError(f"cannot write {name}: {_reason(exc)}") from None
    except BaseException as exc:
        _remove(tmp)
        if _is_io_error(exc):  # the GDAL/pyogrio writer's own errors (full disk, ...)
            raise OutputError(f"cannot write {name}: {_first_line(exc)}") from None
        raise
    return Path(os.fspath(path))


# --------------------------------------------------------------------------- helpers


def _same_file(a, b) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _shown(raw: str, limit: int = 200) -> str:
    """``raw`` quoted for a message, long ones shortened in the middle."""
    if len(raw) > limit:
        raw = raw[: limit // 2] + "..." + raw[-limit // 2 :]
    return repr(raw)


def _check_name_length(target: Path, name: str) -> None:
    try:
        limit = os.pathconf(target.parent, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    size = len(os.fsencode(target.name))
    if size > limit:
        raise OutputError(
            f"cannot write {name}: the file name is {size} bytes long; "
            f"at most {limit} bytes are allowed"
        )


def _follow_link(link: Path, name: str) -> Path:
    target = Path(os.path.realpath(link))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        raise OutputError(
            f"cannot write {name}: it is a symbolic link to {str(target)!r}, which does not "
            "exist; only links to regular files are followed"
        ) from None
    except OSError as exc:
        raise OutputError(f"cannot write {name}: symbolic link: {_reason(exc)}") from None
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(
            f"cannot write {name}: it is a symbolic link to {_kind(st.st_mode)} "
            f"({str(target)!r}); only links to regular files are followed"
        )
    return target


def _check_folder(folder: Path, name: str) -> None:
    try:
        st = os.stat(folder)
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise OutputError(
                f"cannot write {name}: folder {str(folder)!r} does not exist"
            ) from None
        if exc.errno == errno.ENOTDIR:
            raise OutputError(f"cannot write {name}: {str(folder)!r} is not a folder") from None
        raise OutputError(f"cannot write {name}: {_reason(exc)}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise OutputError(f"cannot write {name}: {str(folder)!r} is not a folder")


def _stat(target: Path, name: str) -> os.stat_result | None:
    try:
        return os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"cannot write {name}: {_reason(exc)}") from None


def _check_existing(st: os.stat_result, name: str) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"cannot write {name}: it is a folder; give a file name")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(
            f"cannot write {name}: it is {_kind(st.st_mode)}; only regular files or new "
            "paths are written"
        )
    if not st.st_mode & 0o222:
        raise OutputError(
            f"cannot write {name}: the file is read-only (mode {stat.S_IMODE(st.st_mode):04o});"
            " make it writable or choose another name"
        )


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _tmp_name(target: Path) -> str:
    suffix = target.suffix if len(target.suffix) <= _MAX_TMP_SUFFIX else ""
    return f".mdc-{secrets.token_hex(6)}.tmp{suffix}"


def _keep_owner(tmp: Path, st: os.stat_result) -> None:
    """The replaced file's owner and group (only root may give a file away)."""
    if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(OSError):
            os.chown(tmp, st.st_uid, st.st_gid)
        with contextlib.suppress(OSError):  # chown may clear set-id bits
            os.chmod(tmp, stat.S_IMODE(st.st_mode))


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return "the name is too long for the file system"
    return exc.strerror or _first_line(exc)


def _is_io_error(exc: BaseException) -> bool:
    """An error of a writer library (pyogrio, fiona, GDAL) that is not an OSError."""
    if not isinstance(exc, Exception):
        return False
    module = type(exc).__module__ or ""
    return module.split(".")[0] in ("pyogrio", "fiona", "osgeo")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove(p: Path) -> None:
    """Remove the temporary file and any SQLite side files a GeoPackage writer left."""
    for extra in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(p) + extra).unlink()
