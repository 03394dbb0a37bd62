"""
The counting guards, ``quorum`` and ``majority`` (四议两公开), and how they read counts.

A count is a field's text read as a whole number: ASCII digits only, at most
nine of them, blanks around it ignored. Full-width digits (``"１８"``, what a
Chinese input method types) are **refused**, with a reason that shows the
ASCII spelling: the field is recorded as typed, and a record saying ``１８``
where the guard counted 18 would hold two facts. Superscripts and other
Unicode digits are refused the same way.

Before comparing a share, each guard checks that its counts fit together and
names the check that failed:

* ``quorum`` (到会): present ≤ total, total > 0, then present ≥ at_least × total;
* ``majority`` (表决): approvals ≤ due — or, when the ``present`` parameter
  names the attendance field, approvals ≤ present ≤ due — due > 0, then
  approvals > more_than × due.

>>> from gridgov.flow.records import FlowInstance, Step
>>> from datetime import datetime, timezone
>>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
>>> inst = FlowInstance("f", Step("i", "c", "*start*", "", "s", "x", t0, 0, {}), {})
>>> quorum = build_quorum({"present": "present", "total": "members"})
>>> print(quorum(inst, None, t0, {"present": "31", "members": "30"}))
more present than there are members: field 'present' is 31 but 'members' is 30 \
(present cannot exceed members)
>>> majority = build_majority(
...     {"approvals": "approvals", "due": "members", "present": "present"}
... )
>>> votes = {"approvals": "25", "present": "20", "members": "30"}
>>> print(majority(inst, None, t0, votes))
more approvals than present: field 'approvals' is 25 but 'present' is 20 \
(approvals cannot exceed present)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from gridgov.errors import InvalidValueError

if TYPE_CHECKING:
    from gridgov.flow.guards import Guard
    from gridgov.flow.records import FlowInstance

__all__ = [
    "MAX_COUNT_DIGITS",
    "build_majority",
    "build_quorum",
    "lookup_field",
    "parse_count",
    "parse_fraction",
]

MAX_COUNT_DIGITS = 9
"""The most digits a counted field may have."""
_COUNT = re.compile(rf"[0-9]{{1,{MAX_COUNT_DIGITS}}}")
_FRACTION = re.compile(
    rf"[0-9]{{1,{MAX_COUNT_DIGITS}}}(/[0-9]{{1,{MAX_COUNT_DIGITS}}})?"
)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９／", "0123456789/")
_SHOWN = 24


def lookup_field(
    instance: FlowInstance, fields: Mapping[str, str], name: str
) -> str | None:
    """Return *name* from the command's fields, else from the instance's data."""
    value = fields.get(name)
    if value is None:
        value = instance.data.get(name)
    return value


def _shown(raw: str) -> str:
    """*raw* for a message: its repr, cut short if it is long."""
    return repr(raw if len(raw) <= _SHOWN else raw[:_SHOWN] + "…")


def parse_count(name: str, raw: object) -> int | str:
    """
    Return a counted field as a whole number >= 0, or the reason it is not one.

    >>> parse_count("present", "18"), parse_count("present", " 7 ")
    (18, 7)
    >>> print(parse_count("present", "１８"))
    field 'present' must be a whole number in ASCII digits 0-9, got '１８' \
(full-width digits: write '18')
    >>> print(parse_count("present", "1" * 12))
    field 'present' must be a whole number of at most 9 digits, got '111111111111'
    >>> print(parse_count("present", None))
    field 'present' is missing
    """
    if raw is None or raw == "":
        return f"field {name!r} is missing"
    if not isinstance(raw, str):
        return f"field {name!r} must be text, got {type(raw).__name__}"
    text = raw.strip()
    if _COUNT.fullmatch(text):
        return int(text)
    if text.isascii() and text.isdigit():
        return (
            f"field {name!r} must be a whole number of at most "
            f"{MAX_COUNT_DIGITS} digits, got {_shown(raw)}"
        )
    reason = (
        f"field {name!r} must be a whole number in ASCII digits 0-9, got {_shown(raw)}"
    )
    ascii_text = text.translate(_FULL_WIDTH)
    if ascii_text != text and _COUNT.fullmatch(ascii_text):
        reason += f" (full-width digits: write {ascii_text!r})"
    return reason


def parse_fraction(name: str, text: object) -> Fraction:
    """
    Read a share parameter (``"2/3"``, ``"1"``) in (0, 1], in ASCII digits.

    Raises:
        InvalidValueError: Anything else, naming the parameter.
    """
    stripped = text.strip() if isinstance(text, str) else ""
    value = Fraction(-1)
    if _FRACTION.fullmatch(stripped):
        numerator, _, denominator = stripped.partition("/")
        if int(denominator or "1"):
            value = Fraction(int(numerator), int(denominator or "1"))
    if not 0 < value <= 1:
        raise InvalidValueError(name, "a fraction in (0, 1] like '2/3'", text)
    return value


def _at_most(small: tuple[str, int], large: tuple[str, int], what: str) -> str | None:
    """The reason ``small <= large`` fails (naming both fields), or None."""
    (s_name, s_value), (l_name, l_value) = small, large
    if s_value <= l_value:
        return None
    return (
        f"{what}: field {s_name!r} is {s_value} but {l_name!r} is {l_value} "
        f"({s_name} cannot exceed {l_name})"
    )


_Checks = Callable[["FlowInstance", Mapping[str, str], int, int], "str | None"]


def _share_guard(
    part_field: str,
    whole_field: str,
    share: Fraction,
    *,
    strict: bool,
    explain: Callable[[int, int], str],
    checks: _Checks,
) -> Guard:
    """
    A guard on two counted fields: part >= share × whole (or > when strict).

    Before the share, both counts must be readable, *whole* positive and
    *checks* (which see both counts) must pass; each failure names its check.
    """

    def share_of(
        instance: FlowInstance, _actor: Any, _at: datetime, fields: Mapping[str, str]
    ) -> str | None:
        part = parse_count(part_field, lookup_field(instance, fields, part_field))
        whole = parse_count(whole_field, lookup_field(instance, fields, whole_field))
        if isinstance(part, str):
            return part
        if isinstance(whole, str):
            return whole
        failed = checks(instance, fields, part, whole)
        if failed is not None:
            return failed
        if whole == 0:
            return f"field {whole_field!r} is 0: there is nobody to count a share of"
        enough = part > share * whole if strict else part >= share * whole
        return None if enough else explain(part, whole)

    return share_of


def build_quorum(params: Mapping[str, str]) -> Guard:
    """Compile a ``quorum`` guard: present ≤ total and present ≥ at_least × total."""
    share = parse_fraction("at_least", params.get("at_least", "2/3"))
    present, total = params["present"], params["total"]

    def checks(
        _instance: FlowInstance, _fields: Mapping[str, str], part: int, whole: int
    ) -> str | None:
        return _at_most(
            (present, part), (total, whole), "more present than there are members"
        )

    return _share_guard(
        present,
        total,
        share,
        strict=False,
        explain=lambda part, whole: (
            f"quorum not met: {part} present of {whole}, need at least {share} of them"
        ),
        checks=checks,
    )


def build_majority(params: Mapping[str, str]) -> Guard:
    """
    Compile a ``majority`` guard: approvals > more_than × due.

    With a ``present`` parameter, approvals ≤ present ≤ due; without,
    approvals ≤ due.
    """
    share = parse_fraction("more_than", params.get("more_than", "1/2"))
    approvals, due = params["approvals"], params["due"]
    present = params.get("present")

    def checks(
        instance: FlowInstance, fields: Mapping[str, str], part: int, whole: int
    ) -> str | None:
        if present is None:
            return _at_most((approvals, part), (due, whole), "more approvals than due")
        there = parse_count(present, lookup_field(instance, fields, present))
        if isinstance(there, str):
            return there
        return _at_most(
            (approvals, part), (present, there), "more approvals than present"
        ) or _at_most((present, there), (due, whole), "more present than due")

    return _share_guard(
        approvals,
        due,
        share,
        strict=True,
        explain=lambda part, whole: (
            f"majority not reached: {part} approvals of {whole} due, "
            f"need more than {share} of them"
        ),
        checks=checks,
    )
