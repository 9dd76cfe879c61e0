"""Screens: one per file."""

from tui.screens.error import ErrorScreen
from tui.screens.main import MainScreen

__all__ = ["ErrorScreen", "MainScreen"]
