"""Progress of a long export: writers call `report(progress, label)` after each step."""

from __future__ import annotations

from collections.abc import Callable

#: Called with a short label ("xlsx: indicators") each time a step is done.
Progress = Callable[[str], None]


def report(progress: Progress | None, label: str) -> None:
    """Tell `progress` (if any) that the step `label` is done."""
    if progress is not None:
        progress(label)
