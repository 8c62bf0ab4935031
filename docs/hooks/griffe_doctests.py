"""Griffe extension for the API reference: doctest blocks in docstrings are shown as `pycon` code.

Without it, a doctest such as `>>> list(tables())[:3]` followed by
`['sections', 'paragraphs', 'units']` is read as Markdown, and the list looks
like a cross-reference to mkdocs-autorefs, which fails the strict build.
Declared in mkdocs.yml under the python handler's `extensions`.
"""

from __future__ import annotations

from typing import Any

from griffe import Extension, Object


def fence_doctests(text: str) -> str:
    """Wrap each run of doctest lines (`>>>`, `...` and the output up to a blank line) in a pycon fence."""
    lines = text.splitlines()
    out: list[str] = []
    index = 0
    in_fence = False
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip()
        if stripped.startswith("```"):
            in_fence = not in_fence
        if in_fence or not stripped.startswith(">>>"):
            out.append(line)
            index += 1
            continue
        indent = line[: len(line) - len(stripped)]
        out.append(f"{indent}```pycon")
        while index < len(lines) and lines[index].strip():
            out.append(lines[index])
            index += 1
        out.append(f"{indent}```")
    return "\n".join(out)


class DoctestFences(Extension):
    """Fence the doctests of every docstring griffe loads."""

    def on_instance(self, *, obj: Object, **kwargs: Any) -> None:
        """Rewrite the object's docstring, if it has doctests outside code fences."""
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence_doctests(obj.docstring.value)
