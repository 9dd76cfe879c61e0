"""Where the terminal's clipboard and the palette's screenshots go; no Textual here.

A terminal copy (OSC 52) cannot be confirmed, but tmux says whether it passes applications'
copies on (`set-clipboard on`); by default (`external`) it drops them.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path


def _tmux_option(name: str) -> str:
    done = subprocess.run(
        ["tmux", "show-options", "-gv", name], capture_output=True, text=True, timeout=2
    )
    return done.stdout.strip() if done.returncode == 0 else ""


def clipboard_refused(
    env: Mapping[str, str] | None = None, option: Callable[[str], str] = _tmux_option
) -> str | None:
    """Why the terminal will drop a copy, or None when nothing says it will."""
    env = os.environ if env is None else env
    if not env.get("TMUX"):
        return None
    try:
        setting = option("set-clipboard")
    except (OSError, subprocess.SubprocessError):
        return None
    if setting in ("", "on"):
        return None
    return f"tmux drops applications' copies (set-clipboard {setting}; `set -g set-clipboard on`)"


def screenshot_folder(
    wanted: str | None, downloads: Callable[[], Path], cwd: Callable[[], Path] = Path.cwd
) -> Path:
    """The folder a screenshot is saved in: `wanted`, else the Downloads folder, created when
    missing; the working directory when it cannot be."""
    folder = Path(wanted).expanduser() if wanted else downloads()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return cwd()
    return folder if os.access(folder, os.W_OK) else cwd()
