"""`once`: a property computed on first read and kept on the instance.

Python 3.11's `functools.cached_property` takes a lock on every first read; the build makes
hundreds of thousands of results whose evidence is read once each. Like it, `once` stores the
value in the instance's `__dict__` (so it works on frozen dataclasses without slots), and the
next read finds it there without calling the descriptor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class once(Generic[T]):
    """A read-only property computed once per instance."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> once[T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> T | once[T]:
        if obj is None:
            return self
        value = self.func(obj)
        obj.__dict__[self.name] = value
        return value
