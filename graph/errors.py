"""Errors the engine raises for bad input: each names the file and the JSON path of the problem."""

from __future__ import annotations


class LoaderError(Exception):
    """A snapshot or AWS file that cannot be read; `str()` is the message for the user."""

    def __init__(self, file: str, path: str, message: str) -> None:
        self.file = file
        self.path = path
        self.message = message
        super().__init__(f"{file}: {path}: {message}" if path else f"{file}: {message}")
