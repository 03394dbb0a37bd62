"""
Loading visit policies (走访制度) and patrol checklists (排查清单).

`load_visit_policy` reads a TOML or JSON file (or takes a parsed mapping),
structures it into `gridgov.visits.VisitPolicy`, checks it against the care-tag
vocabulary and compiles it. Every problem is reported in ONE `SpecError`, each
located by its path: the shape (types, enums, unknown fields, with a
did-you-mean, numbers out of range) and the meaning (unknown tags, impossible
counts, duplicate ids). The parts whose shape is wrong are set aside and the
meaning of the rest is checked, so the two come back together.
`load_checklists` does the same for a `gridgov.visits.ChecklistBook`.

>>> policy = load_visit_policy(
...     {
...         "name": "金庄村一访制度",
...         "floor": {"id": "ordinary", "per": "month"},
...         "rules": [{"id": "elderly", "tags": ["empty_nest_elderly"], "per": "week"}],
...     }
... )
>>> policy.rule_for([]).id
'ordinary'
>>> from gridgov.errors import SpecError
>>> rule = {"id": "a", "tags": ["orphan"], "per": "fortnight"}
>>> rule.update(kinds=["home", "pigeon"], vists=2)
>>> try:
...     load_visit_policy({"name": "x", "rules": [rule]})
... except SpecError as err:
...     for problem in err.problems:
...         print(problem)  # doctest: +ELLIPSIS
rules[0].per: expected one of day, week, month, ...; got 'fortnight'
rules[0].kinds[1]: expected one of home, phone, video; got 'pigeon'
rules[0].vists: unknown field; did you mean 'visits'?
rules[0].tags[0]: unknown care tag 'orphan'

Numbers out of their range (docs/spec-reference.md) are shape problems too:

>>> rule.update(per="week", kinds=["home"], visits=0)
>>> del rule["vists"]
>>> try:
...     load_visit_policy({"name": "x", "rules": [rule]})
... except SpecError as err:
...     for problem in err.problems:
...         print(problem)
rules[0].tags[0]: unknown care tag 'orphan'
rules[0].visits: expected an integer >= 1, got 0
"""

from __future__ import annotations

from collections.abc import Mapping
from os import PathLike
from typing import Any

from gridgov.domain.tags import STANDARD_CARE_TAGS, CareTag
from gridgov.errors import SpecError
from gridgov.io.documents import load_checked, load_spec
from gridgov.visits.compiled import CompiledPolicy, compile_policy
from gridgov.visits.patrols import ChecklistBook, check_checklists
from gridgov.visits.policy import VisitPolicy

__all__ = ["load_checklists", "load_visit_policy", "load_visit_policy_spec"]

Source = str | PathLike[str] | Mapping[str, Any]


def _where(source: Source) -> str:
    return "" if isinstance(source, Mapping) else str(source)


def load_visit_policy_spec(source: Source) -> VisitPolicy:
    """
    Read and structure a visit policy without checking its meaning.

    Raises:
        SpecError: Every shape problem, each located by its path.
    """
    return load_spec(source, VisitPolicy)


def load_visit_policy(
    source: Source, *, care_tags: Mapping[str, CareTag] = STANDARD_CARE_TAGS
) -> CompiledPolicy:
    """
    Load, check and compile a visit policy from a path or a mapping.

    Args:
        source: A ``.toml``/``.json`` path or an already-parsed mapping.
        care_tags: The care-tag vocabulary (a roster's ``vocabulary``).

    Raises:
        SpecError: Every problem found, each with its path.
    """
    return load_checked(
        source, VisitPolicy, lambda spec: compile_policy(spec, care_tags)
    )


def load_checklists(source: Source) -> ChecklistBook:
    """
    Load and check patrol checklists from a path or a mapping.

    >>> book = load_checklists(
    ...     {
    ...         "checklists": [
    ...             {
    ...                 "code": "fire",
    ...                 "label_zh": "消防安全",
    ...                 "items": [{"code": "blocked_exit", "label_zh": "消防通道堵塞"}],
    ...             }
    ...         ]
    ...     }
    ... )
    >>> book.checklist("fire").item("blocked_exit").label_zh
    '消防通道堵塞'

    Raises:
        SpecError: Every problem found, each with its path.
    """

    def check(book: ChecklistBook) -> ChecklistBook:
        problems = check_checklists(book)
        if problems:
            raise SpecError(problems, source=_where(source))
        return book

    return load_checked(source, ChecklistBook, check)
