"""Turn cattrs' nested validation errors into located `SpecProblem` lists."""

from __future__ import annotations

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from gridgov.errors import (
    GridgovError,
    InvalidValueError,
    SpecProblem,
    did_you_mean,
)

__all__ = ["join_path", "problems_from"]


def join_path(path: str, part: str | int) -> str:
    """
    Append a field name or an index/key to a path.

    >>> join_path(join_path(join_path("", "grids"), 2), "name")
    'grids[2].name'
    >>> join_path("tags", "空巢")
    "tags['空巢']"
    """
    if isinstance(part, int):
        return f"{path}[{part}]"
    if path.endswith("]") and not part.isidentifier():
        return f"{path}[{part!r}]"
    if not part.isidentifier() or not part.isascii():
        return f"{path}[{part!r}]"
    return f"{path}.{part}" if path else part


def _message(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return "required field is missing"
    if isinstance(exc, GridgovError | ValueError | TypeError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def problems_from(exc: BaseException, path: str = "") -> list[SpecProblem]:
    """Flatten a (possibly nested) cattrs validation error into problems."""
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        return [
            SpecProblem(
                join_path(path, key), f"unknown field{did_you_mean(key, known)}"
            )
            for key in sorted(exc.extra_fields)
        ]
    if isinstance(exc, IterableValidationError):
        out: list[SpecProblem] = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            out += problems_from(sub, join_path(path, note.index))
        for sub in without:
            out += problems_from(sub, path)
        return out
    if isinstance(exc, ClassValidationError):
        out = []
        with_notes_c, without_c = exc.group_exceptions()
        for sub, cnote in with_notes_c:
            out += problems_from(sub, join_path(path, cnote.name))
        for sub in without_c:
            out += problems_from(sub, path)
        return out
    if isinstance(exc, InvalidValueError):
        # Raised by an attrs validator: locate it at the offending field.
        return [
            SpecProblem(
                join_path(path, exc.name), f"expected {exc.expected}, got {exc.value!r}"
            )
        ]
    if isinstance(exc, ExceptionGroup):
        return [p for sub in exc.exceptions for p in problems_from(sub, path)]
    return [SpecProblem(path, _message(exc))]
