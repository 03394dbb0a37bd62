"""
Loading a rule book (积分细则) from TOML or JSON.

`load_rulebook` reads the file (or takes an already-parsed mapping), structures
it into `gridgov.points.RuleBookSpec` and compiles it; every problem found —
structural or in the rules themselves — is reported in ONE `SpecError`, each
located by its path, with a did-you-mean for unknown fields and functions.
When the shape is wrong, the parts at fault are set aside and the rest is
still checked, so a misspelt key and a bad condition come back together.
Only when a claim field (``fields``) or a category is at fault are the rules
not judged, since every reference to it would be a spurious problem.

>>> book = load_rulebook(
...     {
...         "id": "demo",
...         "name_zh": "示范村",
...         "version": "1",
...         "fields": [{"name": "hours", "type": "number", "label_zh": "服务时长"}],
...         "rules": [
...             {"id": "vol", "name_zh": "志愿服务", "points": 5, "when": "hours >= 2"}
...         ],
...     }
... )
>>> book.match({"hours": 3})
('vol',)
>>> load_rulebook(
...     {
...         "id": "x",
...         "name_zh": "x",
...         "version": "1",
...         "rules": [
...             {
...                 "id": "a",
...                 "name_zh": "甲",
...                 "points": 5,
...                 "unti": "hour",
...                 "cap": {"period": "fortnight", "max_points": 5},
...                 "when": "hour > 2",
...             }
...         ],
...     }
... )
Traceback (most recent call last):
  ...
gridgov.errors.SpecError: 3 problems in spec rule book 'x':
  rules[0].cap.period: expected one of day, week, month, quarter, ...; got 'fortnight'
  rules[0].unti: unknown field; did you mean 'unit'?
  rules[0].when: column 1: unknown field 'hour'
"""

from __future__ import annotations

from collections.abc import Mapping
from os import PathLike
from typing import Any

from gridgov.io.documents import load_checked, load_spec
from gridgov.points.book import RuleBook, compile_rulebook
from gridgov.points.spec import RuleBookSpec

__all__ = ["load_rulebook", "load_rulebook_spec"]

_HOLDERS = frozenset({"fields", "categories"})
"""What rules refer to: not set aside (see the module docs)."""


def load_rulebook_spec(source: str | PathLike[str] | Mapping[str, Any]) -> RuleBookSpec:
    """Read and structure a rule book spec without compiling it."""
    return load_spec(source, RuleBookSpec)


def load_rulebook(source: str | PathLike[str] | Mapping[str, Any]) -> RuleBook:
    """
    Load and compile a rule book from a ``.toml``/``.json`` path or a mapping.

    Raises:
        SpecError: Every problem found, each with its path.
    """
    return load_checked(source, RuleBookSpec, compile_rulebook, holders=_HOLDERS)
