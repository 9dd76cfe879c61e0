"""Screens and dialogs: one per module."""

from tui.screens.context import ContextModal
from tui.screens.error import ErrorScreen
from tui.screens.export import ExportModal, ExportRequest
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.paste_error import PasteErrorModal
from tui.screens.save_fix import SaveFixModal, SaveRequest

__all__ = [
    "ContextModal",
    "ErrorScreen",
    "ExportModal",
    "ExportRequest",
    "HelpScreen",
    "MainScreen",
    "PasteErrorModal",
    "SaveFixModal",
    "SaveRequest",
]
