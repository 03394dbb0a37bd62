"""
Located problems: from cattrs' nested errors, and setting bad parts aside.

`problems_from` flattens cattrs' validation errors into `SpecProblem` lists.
`Pruned` sets the parts of a document that failed to structure aside, so that
the meaning of the rest can still be checked and every problem reported in one
report (see `gridgov.io.documents.load_checked`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from gridgov.errors import (
    GridgovError,
    InvalidValueError,
    ProblemError,
    SpecProblem,
    closest,
)

__all__ = ["Pruned", "join_path", "problems_from", "split_path", "tidied", "tidy"]


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


_MAX_MESSAGE = 1000  # a message quoting a 10 MB value is cut to this length


def tidy(message: str) -> str:
    r"""
    A message that prints anywhere: lone surrogates escaped, long ones cut.

    >>> print(tidy("got " + chr(0xD800)), tidy("x" * 2000)[-12:])
    got \ud800 xxxxx… (cut)
    """
    text = message.encode("utf-8", "backslashreplace").decode("utf-8")
    if len(text) > _MAX_MESSAGE:
        text = text[: _MAX_MESSAGE - 8] + "… (cut)"
    return text


_KINDS = {
    "NoneType": "null",
    "int": "a number",
    "float": "a number",
    "Decimal": "a number",
    "bool": "true or false",
    "str": "text",
    "list": "a list",
    "tuple": "a list",
    "dict": "a table",
}
_QUOTED = re.compile(r"'(\w+)'")


def _internal(exc: BaseException) -> SpecProblem | None:
    """Say in the file's words what cattrs' internal TypeError means, if it can."""
    if isinstance(exc, GridgovError) or not isinstance(exc, TypeError | AttributeError):
        return None
    text = str(exc)
    found = _QUOTED.search(text)
    if text.startswith("expected") or found is None or found[1] not in _KINDS:
        return None
    got = _KINDS[found[1]]
    if text.endswith("object is not iterable"):
        return SpecProblem.of("", "expected_kind", expected="a list", kind=got)
    if "is not iterable" in text or "has no attribute" in text:
        expected = "a table (named fields)"
        return SpecProblem.of("", "expected_kind", expected=expected, kind=got)
    return None


def _problem(exc: BaseException, path: str) -> SpecProblem:
    if isinstance(exc, KeyError):
        return SpecProblem.of(path, "missing_field")
    if isinstance(exc, ProblemError):
        return tidied(exc.problem.at(path))
    internal = _internal(exc)
    if internal is not None:
        return internal.at(path)
    if isinstance(exc, GridgovError):  # said in Chinese by describe() where it can
        return tidied(SpecProblem.of(path, "refused", error=exc))
    if isinstance(exc, ValueError | TypeError):
        return SpecProblem(path, tidy(str(exc)))
    return SpecProblem(path, tidy(f"{type(exc).__name__}: {exc}"))


def problems_from(exc: BaseException, path: str = "") -> list[SpecProblem]:
    """Flatten a (possibly nested) cattrs validation error into problems."""
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        return [
            SpecProblem.of(
                join_path(path, key), "unknown_field", suggestion=closest(key, known)
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
        where = join_path(path, exc.name)
        return [_expected(where, exc.expected, exc.value)]
    if isinstance(exc, ExceptionGroup):
        return [p for sub in exc.exceptions for p in problems_from(sub, path)]
    return [_problem(exc, path)]


def _expected(path: str, expected: str, value: object) -> SpecProblem:
    """An attrs validator's refusal, located and structured."""
    return tidied(SpecProblem.of(path, "expected", expected=expected, value=value))


def tidied(problem: SpecProblem) -> SpecProblem:
    """*problem* with its message `tidy` (its code and parameters kept)."""
    message = tidy(problem.message)
    return (
        problem
        if message == problem.message
        else attrs.evolve(problem, message=message)
    )


_SEGMENT = re.compile(
    r"\.?([A-Za-z_]\w*)|\[(\d+)\]|\[('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\]"
)

Part = str | int


def split_path(path: str) -> list[Part] | None:
    """
    Invert `join_path` (None for a path it did not make).

    >>> split_path("a.b[2]['键']")
    ['a', 'b', 2, '键']
    >>> split_path("line 3, column 4") is None
    True
    """
    parts: list[Part] = []
    pos = 0
    while pos < len(path):
        match = _SEGMENT.match(path, pos)
        if match is None:
            return None
        name, index, quoted = match.groups()
        if name is not None:
            parts.append(name)
        elif index is not None:
            parts.append(int(index))
        else:
            try:
                parts.append(str(ast.literal_eval(quoted)))
            except (ValueError, SyntaxError):
                return None
        pos = match.end()
    return parts


def _join(parts: Iterable[Part]) -> str:
    path = ""
    for part in parts:
        path = join_path(path, part)
    return path


class Pruned:
    """
    A document with some parts set aside: fields deleted, list items dropped.

    Problems found on the pruned copy are mapped back to the original's paths
    (`original`), so a report never points at a shifted list index. Fields named
    in *holders* hold entries other parts refer to (fields, states, workers …):
    setting one of them aside would turn every reference into a spurious
    problem, so `set_aside` refuses, and the caller reports the shape only.
    """

    def __init__(self, data: Mapping[str, Any], holders: Collection[str]) -> None:
        self.data = data
        self.holders = holders
        self.deleted: set[tuple[Part, ...]] = set()
        self.dropped: dict[tuple[Part, ...], set[int]] = {}

    def build(self) -> Any:
        """The document without the parts set aside (the original is untouched)."""
        return self._copy(self.data, ())

    def _copy(self, node: Any, at: tuple[Part, ...]) -> Any:
        if isinstance(node, Mapping):
            return {
                k: self._copy(v, (*at, k))
                for k, v in node.items()
                if (*at, k) not in self.deleted
            }
        if isinstance(node, list | tuple):
            gone = self.dropped.get(at, set())
            return [
                self._copy(v, (*at, i)) for i, v in enumerate(node) if i not in gone
            ]
        return node

    def original(self, path: str) -> str:
        """Map a path in the pruned copy to the same place in the original."""
        parts = split_path(path)
        if parts is None:
            return path
        node: Any = self.data
        out: list[Part] = []
        for part in parts:
            if isinstance(part, int) and isinstance(node, list | tuple):
                gone = self.dropped.get(tuple(out), set())
                kept = [i for i in range(len(node)) if i not in gone]
                part = kept[part] if part < len(kept) else part  # noqa: PLW2901
            out.append(part)
            node = _child(node, part)
        return _join(out)

    def covers(self, path: str) -> bool:
        """Whether *path* lies in a part set aside (its problems are artifacts)."""
        parts = split_path(path)
        if parts is None:
            return False
        return any(tuple(parts[:n]) in self.deleted for n in range(1, len(parts) + 1))

    def set_aside(self, path: str) -> bool:
        """
        Set aside the part an original *path* points at; False if it cannot be.

        A field present is deleted (an optional one falls back to its default);
        a field missing, or one already deleted, sets its parent aside instead;
        a list item is dropped. The top level and holders are never set aside.
        """
        parts = split_path(path)
        if parts is None:
            return False
        while parts:
            *above, last = parts
            node = _walk(self.data, above)
            key = (*above, last)
            holder = next((p for p in reversed(above) if isinstance(p, str)), "")
            if isinstance(last, int):
                if holder in self.holders or not isinstance(node, list | tuple):
                    return False
                self.dropped.setdefault(tuple(above), set()).add(last)
                return True
            if last in self.holders:
                return False
            if isinstance(node, Mapping) and last in node and key not in self.deleted:
                self.deleted.add(key)
                return True
            parts = above
        return False


def _child(node: Any, part: Part) -> Any:
    if isinstance(node, Mapping):
        return node.get(part)
    if isinstance(node, list | tuple) and isinstance(part, int) and part < len(node):
        return node[part]
    return None


def _walk(node: Any, parts: Iterable[Part]) -> Any:
    for part in parts:
        node = _child(node, part)
    return node
