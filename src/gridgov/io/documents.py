"""
Reading spec documents (TOML or JSON) and turning them into typed specs.

A township edits TOML (or JSON) files; `load_spec` reads one and structures it
into an attrs spec class, reporting *every* problem with its path in one
`SpecError`. Parse errors (a missing quote, a bad bracket) are reported with the
file, line and column.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any, TypeVar

import cattrs

from gridgov.errors import SpecError, SpecProblem
from gridgov.io.converter import structure

__all__ = ["load_spec", "read_document"]

T = TypeVar("T")


def read_document(path: str | PathLike[str]) -> Any:
    """
    Read a ``.toml`` or ``.json`` file into builtins.

    Raises:
        SpecError: If the file is missing, has another suffix, or does not parse;
            the problem names the line and column where the parser stopped.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in {".toml", ".json"}:
        raise SpecError(
            [SpecProblem("", f"expected a .toml or .json file, got {p.name!r}")],
            source=str(p),
        )
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(
            [SpecProblem("", f"cannot read file: {exc.strerror or exc}")], source=str(p)
        ) from None
    return parse_document(text, "toml" if suffix == ".toml" else "json", source=str(p))


def parse_document(text: str, fmt: str, *, source: str = "") -> Any:
    """
    Parse TOML or JSON *text* into builtins, with located parse errors.

    >>> parse_document('name = "金庄村"', "toml")
    {'name': '金庄村'}
    >>> parse_document('{"name": }', "json")
    Traceback (most recent call last):
      ...
    gridgov.errors.SpecError: 1 problem in spec:
      line 1, column 10: invalid JSON: Expecting value
    """
    if fmt == "toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            # Python 3.11 puts "(at line X, column Y)" in the message.
            raise SpecError(
                [SpecProblem("", f"invalid TOML: {exc}")], source=source
            ) from None
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno}, column {exc.colno}"
            raise SpecError(
                [SpecProblem(where, f"invalid JSON: {exc.msg}")], source=source
            ) from None
    raise SpecError([SpecProblem("", f"expected format toml or json, got {fmt!r}")])


def load_spec(
    source: str | PathLike[str] | Mapping[str, Any],
    cls: type[T],
    *,
    converter: cattrs.Converter | None = None,
) -> T:
    """
    Load a spec of type *cls* from a file path or an already-parsed mapping.

    Raises:
        SpecError: Every problem found, each located by its path.
    """
    if isinstance(source, Mapping):
        return structure(source, cls, converter=converter)
    data = read_document(source)
    return structure(data, cls, converter=converter, source=str(source))
