"""
Reading spec documents (TOML or JSON) and turning them into typed specs.

A township edits TOML (or JSON) files; `load_spec` reads one and structures it
into an attrs spec class, reporting *every* problem with its path in one
`SpecError`. Whatever the bytes, nothing but a `gridgov.errors.GridgovError`
comes out:

* the file is at most `gridgov.io.limits.MAX_SPEC_BYTES`;
* it is UTF-8, with or without a BOM. A file that is not is refused at the
  line and column of the first bad byte, naming what it looks like: GB18030
  (GBK, what Notepad and Excel write on Chinese Windows) or UTF-16, with the
  advice to save it as UTF-8 (TOML and JSON are UTF-8 by definition, and a
  guess could turn names into mojibake without a word);
* parse errors (a missing quote, a bad bracket) name the line and column;
* tables and arrays nest at most `gridgov.io.limits.MAX_DEPTH` deep, numbers
  stay below 10^15, text is valid Unicode (`gridgov.io.limits.check_document`);
* the top level is a table; each number is within its field's range
  (`gridgov.io.limits.RANGES`).

`load_checked` also compiles the spec (checks its meaning). When the shape is
wrong, the parts that failed are set aside (`gridgov.io._problems.Pruned`) and
the meaning of the rest is checked too, so one report carries both.

>>> parse_document('{"name": }', "json")
Traceback (most recent call last):
  ...
gridgov.errors.SpecError: 1 problem in spec:
  line 1, column 10: invalid JSON: Expecting value
"""

from __future__ import annotations

import codecs
import json
import re
import tomllib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from os import PathLike, fspath
from pathlib import Path
from typing import Any, TypeVar

import cattrs

from gridgov.errors import SpecError, SpecProblem
from gridgov.io._problems import Pruned
from gridgov.io.converter import structure
from gridgov.io.limits import (
    MAX_DEPTH,
    MAX_SPEC_BYTES,
    check_document,
    check_ranges,
)

__all__ = [
    "decode_spec",
    "load_checked",
    "load_spec",
    "merge",
    "parse_document",
    "read_document",
    "spec_data",
    "structure_salvaged",
]

T = TypeVar("T")
R = TypeVar("R")

Source = str | PathLike[str] | Mapping[str, Any]

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16 (Notepad's 'Unicode')"),
    (codecs.BOM_UTF16_BE, "UTF-16 (Notepad's 'Unicode big endian')"),
)


def _where(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def decode_spec(raw: bytes, *, source: str = "") -> str:
    """
    Decode the bytes of a spec file: UTF-8 (a BOM is dropped) or a located refusal.

    >>> decode_spec("名称 = 1".encode("gb18030"))
    Traceback (most recent call last):
      ...
    gridgov.errors.SpecError: 1 problem in spec:
      line 1, column 1: this file looks like GB18030 (GBK), not UTF-8; save it ...
    """
    for bom, name in _BOMS:
        if raw.startswith(bom):
            problem = SpecProblem.of("line 1, column 1", "encoding_bom", encoding=name)
            raise SpecError([problem], source=source)
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad, cut = exc.start, exc.reason == "unexpected end of data"
    good = raw[:bad].decode("utf-8")
    where = _where(good, len(good))
    if cut:
        problem = SpecProblem.of(where, "encoding_cut")
    elif _looks_gb18030(raw):
        problem = SpecProblem.of(where, "encoding_gb18030")
    else:
        problem = SpecProblem.of(where, "encoding_byte", byte=raw[bad])
    raise SpecError([problem], source=source)


def _looks_gb18030(raw: bytes) -> bool:
    """
    Whether bytes that are not UTF-8 read as GB18030 and mostly fail as UTF-8.

    Chinese in GB18030 fails UTF-8 at nearly every character (a few pairs are
    valid UTF-8 by chance); a UTF-8 file with one stray byte fails once among
    many good characters, and is not GB18030 text, whatever GB18030 makes of it.
    """
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    text = raw.decode("utf-8", "replace")
    failed = text.count("\ufffd")
    return failed >= sum(1 for ch in text if ch > "\x7f") - failed


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_TOML_TOKENS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*'
    r"|[\[\]{}]"
)
_INT_DIGITS = 4000  # below Python's int-string limit (4,300 digits)
_LONG_DIGITS = re.compile(r"[0-9_]{4300,}")
_TOML_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")


def _too_deep(text: str, fmt: str) -> int | None:
    """The offset where brackets first nest deeper than MAX_DEPTH, if they do."""
    depth = 0
    tokens = _TOML_TOKENS if fmt == "toml" else _JSON_TOKENS
    for match in tokens.finditer(text):
        found = match[0]
        if found in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return match.start()
        elif found in "]}":
            depth -= 1
    return None


def _json_int(text: str) -> int | Decimal:
    # Python refuses int() of more than 4,300 digits; a Decimal has no limit and
    # is then refused, located, by check_document as out of range.
    return int(text) if len(text) < _INT_DIGITS else Decimal(text)


def _toml_problem(exc: Exception, text: str) -> SpecProblem:
    if isinstance(exc, tomllib.TOMLDecodeError):
        message = str(exc)
        at = _TOML_AT.search(message)
        if at is None:
            return SpecProblem.of("", "invalid_toml", detail=message)
        where = f"line {at[1]}, column {at[2]}" if at[1] else _where(text, len(text))
        return SpecProblem.of(where, "invalid_toml", detail=message[: at.start()])
    long = _LONG_DIGITS.search(text)
    where = _where(text, long.start()) if long else "line 1, column 1"
    return SpecProblem.of(where, "giant_number")


def parse_document(text: str, fmt: str, *, source: str = "") -> Any:
    """
    Parse TOML or JSON *text* into builtins, with located parse errors.

    >>> parse_document('name = "金庄村"', "toml")
    {'name': '金庄村'}
    >>> parse_document("a = " + "[" * 40, "toml")
    Traceback (most recent call last):
      ...
    gridgov.errors.SpecError: 1 problem in spec:
      line 1, column 37: nested more than 32 levels deep
    """
    if fmt not in {"toml", "json"}:
        problem = SpecProblem.of("", "file_format", value=fmt)
        raise SpecError([problem], source=source)
    deep = _too_deep(text, fmt)
    if deep is not None:
        problem = SpecProblem.of(_where(text, deep), "too_deep", depth=MAX_DEPTH)
        raise SpecError([problem], source=source)
    try:
        if fmt == "toml":
            return tomllib.loads(text)
        return json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        problem = SpecProblem.of(where, "invalid_json", detail=exc.msg)
    except (ValueError, RecursionError) as exc:
        if fmt == "toml":
            problem = _toml_problem(exc, text)
        else:  # pragma: no cover - the checks above leave json nothing to refuse
            problem = SpecProblem.of(
                "line 1, column 1", "invalid_json", detail=str(exc)
            )
    raise SpecError([problem], source=source) from None


def read_document(path: str | PathLike[str]) -> Any:
    """
    Read a ``.toml`` or ``.json`` spec file into builtins, within the limits.

    Raises:
        SpecError: If the file is missing, too big, has another suffix, is not
            UTF-8, does not parse, or breaks a limit of `check_document`; each
            problem names the line and column, or the path, where it is.
    """
    p = Path(path)
    source = str(p)
    suffix = p.suffix.lower()
    if suffix not in {".toml", ".json"}:
        problem = SpecProblem.of("", "file_suffix", name=p.name)
        raise SpecError([problem], source=source)
    try:
        with p.open("rb") as stream:
            raw = stream.read(MAX_SPEC_BYTES + 1)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        errno = getattr(exc, "errno", None)
        problem = SpecProblem.of("", "file_unreadable", reason=reason, errno=errno)
        raise SpecError([problem], source=source) from None
    if len(raw) > MAX_SPEC_BYTES:
        problem = SpecProblem.of("", "file_too_big", mib=MAX_SPEC_BYTES // 2**20)
        raise SpecError([problem], source=source)
    text = decode_spec(raw, source=source)
    data = parse_document(text, suffix.removeprefix("."), source=source)
    problems = check_document(data)
    if problems:
        raise SpecError(problems, source=source)
    return data


def spec_data(source: object) -> tuple[Mapping[str, Any], str]:
    """
    The top-level table of a spec (a file path or a parsed mapping) and its label.

    Raises:
        SpecError: The file cannot be read, or the document breaks a limit,
            or its top level is not a table (a JSON array, say).
    """
    if isinstance(source, Mapping):
        data: Any = source
        label = ""
        problems = check_document(data)
        if problems:
            raise SpecError(problems)
    elif isinstance(source, str | PathLike):
        label = str(fspath(source))
        data = read_document(source)
    else:
        kind = type(source).__name__
        raise SpecError([SpecProblem.of("", "spec_source", kind=kind)])
    if not isinstance(data, Mapping):
        kind = "an array" if isinstance(data, list) else type(data).__name__
        problem = SpecProblem.of("", "top_level", kind=kind)
        raise SpecError([problem], source=label)
    return data, label


def _structure_once(
    data: Any, cls: type[T], converter: cattrs.Converter | None
) -> tuple[T | None, tuple[SpecProblem, ...]]:
    try:
        return structure(data, cls, converter=converter), ()
    except SpecError as err:
        return None, err.problems


def structure_salvaged(
    data: Mapping[str, Any],
    cls: type[T],
    *,
    label: str = "",
    holders: Collection[str] = (),
    converter: cattrs.Converter | None = None,
) -> tuple[T, list[SpecProblem], Pruned]:
    """
    Structure *data*, setting aside what fails, so the rest can be checked.

    Returns:
        The spec built from what could be kept, the shape problems (wrong
        types, unknown fields), and the `Pruned` document that maps the
        spec's paths back to the file's.

    Raises:
        SpecError: The shape problems, when too much is wrong to keep a spec
            (a required top-level field, or an entry others refer to).
    """
    pruned = Pruned(data, holders)
    shape: list[SpecProblem] = []
    for _ in range(MAX_DEPTH + 2):
        spec, found = _structure_once(pruned.build(), cls, converter)
        located = [p.at(pruned.original(p.path)) for p in found]
        shape += [p for p in located if not pruned.covers(p.path) and p not in shape]
        if spec is not None and not found:
            return spec, shape, pruned
        kept = [pruned.set_aside(p.path) for p in located]  # every one, no short cut
        if not all(kept):
            break
    raise SpecError(shape, source=label)


def load_checked(
    source: Source,
    cls: type[T],
    check: Callable[[T], R],
    *,
    holders: Collection[str] = (),
    converter: cattrs.Converter | None = None,
) -> R:
    """
    Load a spec of type *cls* and pass it to *check* (which compiles it).

    Shape problems and the problems *check* raises (as a `SpecError`) are
    reported together, each at its path in the file.

    Raises:
        SpecError: Every problem found.
    """
    data, label = spec_data(source)
    spec, shape, pruned = structure_salvaged(
        data, cls, label=label, holders=holders, converter=converter
    )
    try:
        result = check(spec)
    except SpecError as err:
        problems = merge(shape, err.problems, check_ranges(spec), pruned)
        raise SpecError(problems, source=label or err.source) from None
    problems = merge(shape, (), check_ranges(spec), pruned)
    if problems:
        raise SpecError(problems, source=label)
    return result


def merge(
    shape: Sequence[SpecProblem],
    meaning: Iterable[SpecProblem],
    ranges: Iterable[SpecProblem],
    pruned: Pruned,
) -> list[SpecProblem]:
    """
    One report: shape, then meaning, then numbers out of range.

    *meaning* and *ranges* were found on the pruned spec: their paths are
    mapped back to the file, and those inside a part set aside are dropped.
    A number out of range is not repeated where the meaning check already
    reported at that path (``visits = 0``: "expected an integer >= 1").
    """
    out = list(shape)
    for problem in meaning:
        located = problem.at(pruned.original(problem.path))
        if not pruned.covers(located.path) and located not in out:
            out.append(located)
    seen = {p.path for p in out}
    for problem in ranges:
        located = problem.at(pruned.original(problem.path))
        if not pruned.covers(located.path) and located.path not in seen:
            out.append(located)
    return out


def load_spec(
    source: Source,
    cls: type[T],
    *,
    converter: cattrs.Converter | None = None,
) -> T:
    """
    Load a spec of type *cls* from a file path or an already-parsed mapping.

    Raises:
        SpecError: Every problem found, each located by its path.
    """
    return load_checked(source, cls, lambda spec: spec, converter=converter)
