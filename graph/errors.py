"""Errors the engine raises for bad input: each names the file and the JSON path of the problem."""

from __future__ import annotations


class LoaderError(Exception):
    """A snapshot or AWS file that cannot be read; `str()` is the message for the user."""

    def __init__(self, file: str, path: str, message: str) -> None:
        self.file = file
        self.path = path
        self.message = message
        super().__init__(f"{file}: {path}: {message}" if path else f"{file}: {message}")


class LoaderErrors(LoaderError):
    """Several inputs (or entries) that cannot be read: `errors` holds every one, in order.

    It reads as the first error, so callers that show one message still show a precise one;
    `cax validate` lists them all. `warnings` are those found before giving up.
    """

    def __init__(self, errors: list[LoaderError], warnings: tuple[str, ...] = ()) -> None:
        first = errors[0]
        super().__init__(first.file, first.path, first.message)
        self.errors = tuple(errors)
        self.warnings = warnings
        more = len(errors) - 1
        self.args = (f"{first} (and {more} more problem{'s' if more > 1 else ''})",)

    def __str__(self) -> str:
        return str(self.args[0])
