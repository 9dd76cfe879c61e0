"""Atomic writes: a file or directory appears complete, or not at all; `force` to replace."""

from __future__ import annotations

import json
import os
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
    """Refuse to overwrite without `force`, and never replace what cax did not write."""
    if not path.exists() and not path.is_symlink():
        return
    if not force:
        raise ExportError(f"{path} exists; use --force to overwrite it")
    if directory:
        if path.is_dir() and not path.is_symlink():
            if any(path.iterdir()) and not (path / MANIFEST).is_file():
                raise ExportError(
                    f"{path} is a directory cax did not write (no {MANIFEST}); choose another path"
                )
        elif path.is_dir():
            raise ExportError(f"{path} is a link to a directory; choose another path")
    elif path.is_dir():
        raise ExportError(f"{path} is a directory; give a file name")


def write_file(path: Path, force: bool, write: Callable[[Path], T]) -> T:
    """Call `write(temporary)` next to `path`, then rename it into place (mode 0600).

    The temporary file has the same suffix as `path`.
    """
    check_target(path, directory=False, force=force)
    path.parent.mkdir(parents=True, exist_ok=True)
    # the temporary keeps the suffix, so a writer can tell Markdown from plain Mermaid
    fd, name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=f".tmp{path.suffix}"
    )
    os.close(fd)
    temporary = Path(name)
    try:
        result = write(temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return result


def write_directory(
    path: Path, force: bool, write: Callable[[Path], T], manifest: dict[str, Any]
) -> T:
    """Fill a temporary directory next to `path` (plus the manifest), then swap it into place."""
    check_target(path, directory=True, force=force)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"))
    old: Path | None = None
    try:
        result = write(temporary)
        files = sorted(p.name for p in temporary.iterdir())
        (temporary / MANIFEST).write_text(
            json.dumps({**manifest, "files": files}, indent=2) + "\n", encoding="utf-8"
        )
        if path.exists() or path.is_symlink():
            old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".old"))
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
    return result
