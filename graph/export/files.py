"""Atomic writes: a file or directory appears complete, or not at all; `force` to replace.

What is written goes to a temporary next to the target (`.NAME.caxPID.XXXXXXXX.tmp…`), is
fsynced, then renamed into place. A write that was killed leaves its temporary behind; the next
export to the same target removes it (only temporaries of our naming whose process is gone).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, TypeVar

from graph.export.base import ExportError

MANIFEST: Final = "cax-export.json"
"""Written into every export directory; `force` replaces only directories that hold one."""

T = TypeVar("T")


def check_target(path: Path, *, directory: bool, force: bool) -> None:
    """Refuse to overwrite without `force`, and never replace what cax did not write (so that
    the message suggests --force only where --force would do it)."""
    if not path.exists() and not path.is_symlink():
        return
    if directory:
        if path.is_dir() and path.is_symlink():
            raise ExportError(f"{path} is a link to a directory; choose another path")
        if path.is_dir() and any(path.iterdir()) and not (path / MANIFEST).is_file():
            raise ExportError(
                f"{path} is a directory cax did not write (no {MANIFEST}); choose another path"
            )
    elif path.is_dir():
        raise ExportError(f"{path} is a directory; give a file name")
    if not force:
        raise ExportError(f"{path} exists; use --force to overwrite it")


def _prefix(path: Path) -> str:
    return f".{path.name}.cax{os.getpid()}."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. PermissionError: the process exists
        return True
    return True


def remove_stale(path: Path) -> None:
    """Remove temporaries that an export to `path` left when it was killed: only names of our
    making (`.NAME.caxPID.XXXXXXXX.tmp…`/`.old`) whose process is gone. A swap killed halfway
    (`.old` holding the previous export, nothing at `path`) is undone."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.cax(\d+)\.[a-z0-9_]{{8}}\.(tmp|old)(\..*)?")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        found = pattern.fullmatch(name)
        if found is None or int(found[1]) == os.getpid() or _alive(int(found[1])):
            continue
        stale = path.parent / name
        previous = stale / "previous"
        if found[2] == "old" and previous.exists() and not (path.exists() or path.is_symlink()):
            os.replace(previous, path)
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    """Flush a file, or a directory's entries, to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(path: Path, force: bool, write: Callable[[Path], T]) -> T:
    """Call `write(temporary)` next to `path`, fsync it, then rename it into place (mode 0600).

    The temporary file has the same suffix as `path`.
    """
    check_target(path, directory=False, force=force)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(path)
    # the temporary keeps the suffix, so a writer can tell Markdown from plain Mermaid
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=_prefix(path), suffix=f".tmp{path.suffix}")
    os.close(fd)
    temporary = Path(name)
    try:
        result = write(temporary)
        _fsync(temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync(path.parent)
    return result


def write_directory(
    path: Path, force: bool, write: Callable[[Path], T], manifest: dict[str, Any]
) -> T:
    """Fill a temporary directory next to `path` (plus the manifest), then swap it into place."""
    check_target(path, directory=True, force=force)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(path)
    temporary = Path(tempfile.mkdtemp(dir=path.parent, prefix=_prefix(path), suffix=".tmp"))
    old: Path | None = None
    try:
        result = write(temporary)
        files = sorted(p.name for p in temporary.iterdir())
        (temporary / MANIFEST).write_text(
            json.dumps({**manifest, "files": files}, indent=2) + "\n", encoding="utf-8"
        )
        for written in temporary.iterdir():
            _fsync(written)
        _fsync(temporary)
        if path.exists() or path.is_symlink():
            old = Path(tempfile.mkdtemp(dir=path.parent, prefix=_prefix(path), suffix=".old"))
            os.replace(path, old / "previous")
        os.replace(temporary, path)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        if old is not None and (old / "previous").exists() and not path.exists():
            os.replace(old / "previous", path)  # put the previous export back
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    _fsync(path.parent)
    return result
