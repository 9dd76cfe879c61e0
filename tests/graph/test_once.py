"""`graph.once`: computed on the first read, then read from the instance (frozen ones too)."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.once import once


@dataclass(frozen=True)
class _Counted:
    value: int
    calls: list[int] = field(default_factory=list, compare=False)

    @once
    def doubled(self) -> int:
        """Twice the value."""
        self.calls.append(1)
        return self.value * 2


def test_a_value_is_computed_once_per_instance() -> None:
    first, second = _Counted(2), _Counted(5)
    assert (first.doubled, first.doubled, second.doubled) == (4, 4, 10)
    assert (len(first.calls), len(second.calls)) == (1, 1)
    assert first.__dict__["doubled"] == 4


def test_the_class_attribute_is_the_descriptor() -> None:
    assert isinstance(_Counted.__dict__["doubled"], once)
    assert _Counted.doubled.__doc__ == "Twice the value."  # type: ignore[attr-defined]
