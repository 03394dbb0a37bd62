"""
The one cattrs converter, built fresh per call.

`make_converter` returns a converter that knows every gridgov type: dates and
datetimes as ISO 8601 text, `Decimal` as text (exact, never float), enums by
value, events tagged by ``"type"``. The converter itself never masks (the
journal stores what it writes); `unstructure` masks personal numbers unless
told ``unmasked=True``. It is strict: an int where text is expected,
a float where an integer is expected, or an unknown field is an error, reported
with its path. There is no global converter (cattrs' own advice): embedders and
tests each hold their own.

>>> from datetime import date
>>> from gridgov.domain import DateSpan
>>> c = make_converter()
>>> c.unstructure(DateSpan(date(2026, 3, 1)))
{'start': '2026-03-01', 'end': None}
>>> structure({"start": "2026/13/01"}, DateSpan)
Traceback (most recent call last):
  ...
gridgov.errors.SpecError: 1 problem in spec:
  start: expected a date like 2026-03-01, got '2026/13/01'
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar, get_args, get_origin

import cattrs
from cattrs.cols import (
    homogenous_tuple_structure_factory,
    is_namedtuple,
    list_structure_factory,
    namedtuple_dict_structure_factory,
    namedtuple_dict_unstructure_factory,
)
from cattrs.errors import BaseValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from gridgov._masking import mask_data
from gridgov.display import TableDisplay
from gridgov.domain.events import Event, event_type
from gridgov.errors import GridgovError, ProblemError, SpecError, closest
from gridgov.io._problems import problems_from

__all__ = ["make_converter", "structure", "unstructure"]

T = TypeVar("T")


def _type_name(value: object) -> str:
    return type(value).__name__


def _structure_date(value: object, _: type) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ProblemError("expected_date", value=value)


def _structure_datetime(value: object, _: type) -> datetime:
    parsed: datetime | None = None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise ProblemError("expected_datetime", value=value)
    return parsed


def _structure_decimal(value: object, _: type) -> Decimal:
    if isinstance(value, bool):
        raise ProblemError(
            "expected_typed", expected="a number", value=value, type="bool"
        )
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float | str):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            pass
        else:
            if result.is_finite():
                return result
    raise ProblemError(
        "expected_typed",
        expected="a number like 5 or '0.5'",
        value=value,
        type=_type_name(value),
    )


def _typo_of(value: str, cls: type[enum.Enum]) -> str | None:
    """
    The choice a misspelt one meant: a typo adds, drops or swaps a letter or two.

    So ``grid_liason`` suggests ``grid_liaison``, while ``suburban``, a
    different word, does not suggest ``urban``; a member's Chinese name
    (``网格长``) suggests its value (``grid_chief``).
    """
    for member in cls:
        if _chinese_name(member) == value.strip():
            return str(member.value)
    values = [str(m.value) for m in cls]
    near = [v for v in values if abs(len(v) - len(value)) <= 2]  # noqa: PLR2004
    return closest(value, near)


def _chinese_name(member: enum.Enum) -> str | None:
    try:
        name = getattr(member, "zh", None)
    except (KeyError, LookupError):  # an enum whose table lacks a member
        return None
    return name if isinstance(name, str) else None


def _structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, cls):
        return value
    try:
        return cls(value)
    except ValueError:
        values = [str(m.value) for m in cls]
        hint = _typo_of(value, cls) if isinstance(value, str) else None
        raise ProblemError(
            "expected_choice",
            choices=", ".join(values),
            value=value,
            suggestion=hint,
            options=tuple(values),
            names=tuple(_chinese_name(m) or "" for m in cls),
        ) from None


def _is_enum(cls: object) -> bool:
    return isinstance(cls, type) and issubclass(cls, enum.Enum)


def _structure_int(value: object, cls: type) -> object:
    if cls is not int and _is_enum(cls):  # IntEnum reaches the int hook first
        return _structure_enum(value, cls)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ProblemError(
        "expected_typed", expected="an integer", value=value, type=_type_name(value)
    )


def _structure_float(value: object, _: type) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise ProblemError(
        "expected_typed", expected="a number", value=value, type=_type_name(value)
    )


def _structure_str(value: object, cls: type) -> object:
    # Checked for every text field of every event replayed: plain str first.
    if cls is not str and _is_enum(cls):  # StrEnum reaches the str hook first
        return _structure_enum(value, cls)
    if isinstance(value, str):
        return value
    raise ProblemError(
        "expected_typed",
        expected="text (a quoted string)",
        value=value,
        type=_type_name(value),
    )


def _structure_bool(value: object, _: type) -> bool:
    if isinstance(value, bool):
        return value
    raise ProblemError(
        "expected_typed", expected="true or false", value=value, type=_type_name(value)
    )


def _is_homogeneous_sequence(cl: Any) -> bool:
    """``tuple[X, ...]`` or ``list[X]``: the shapes spec lists take."""
    args = get_args(cl)
    if get_origin(cl) is tuple:
        return args[-1:] == (Ellipsis,) and len(args) == len((Any, Ellipsis))
    return get_origin(cl) is list


def _text_is_not_a_list(cl: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """
    Wrap cattrs' list/tuple hooks so that text is not read as a list of characters.

    Without this, ``tags = "空巢老人"`` in a spec would be reported as four
    errors, one per character, instead of one: "expected a list".
    """
    if get_origin(cl) is tuple:
        inner = homogenous_tuple_structure_factory(cl, conv)
    else:
        inner = list_structure_factory(cl, conv)

    def structure_sequence(obj: Any, type_: Any) -> Any:
        if isinstance(obj, str | bytes | Mapping):
            raise ProblemError(
                "expected_typed", expected="a list", value=obj, type=_type_name(obj)
            )
        return inner(obj, type_)

    return structure_sequence


def _unstructure_enum(member: enum.Enum) -> Any:
    return member.value


def _is_event_class(cl: Any) -> bool:
    return isinstance(cl, type) and issubclass(cl, Event)


def _configure_events(conv: cattrs.Converter) -> None:
    def make_structure(cl: type[Event]) -> Callable[[Any, type], Event]:
        if cl is Event:

            def structure_any_event(obj: Any, _: type) -> Event:
                if not isinstance(obj, Mapping) or "type" not in obj:
                    msg = "expected an event object with a 'type' field"
                    raise ValueError(msg)
                concrete = event_type(str(obj["type"]))
                return conv.structure(obj, concrete)

            return structure_any_event
        inner = make_dict_structure_fn(cl, conv, _cattrs_forbid_extra_keys=True)

        def structure_event(obj: Any, _: type) -> Event:
            if not isinstance(obj, Mapping):
                msg = f"expected an event object, got {obj!r}"
                raise TypeError(msg)
            body = {k: v for k, v in obj.items() if k != "type"}
            return inner(body, cl)

        return structure_event

    def make_unstructure(_cl: type[Event]) -> Callable[[Event], dict[str, Any]]:
        cache: dict[type, Callable[[Any], dict[str, Any]]] = {}

        def unstructure_event(event: Event) -> dict[str, Any]:
            concrete = type(event)
            fn = cache.get(concrete)
            if fn is None:
                fn = make_dict_unstructure_fn(concrete, conv)
                cache[concrete] = fn
            return {"type": concrete.__name__, **fn(event)}

        return unstructure_event

    conv.register_structure_hook_factory(_is_event_class, make_structure)
    conv.register_unstructure_hook_factory(_is_event_class, make_unstructure)


def _is_table_tuple(cls: Any) -> bool:
    """A displayable tuple (`gridgov.points.Ranking` …): unstructure as a list."""
    return (
        isinstance(cls, type)
        and issubclass(cls, tuple)
        and issubclass(cls, TableDisplay)
    )


def make_converter(*, forbid_extra_keys: bool = True) -> cattrs.Converter:
    """
    Build a new converter that knows every gridgov type.

    Args:
        forbid_extra_keys: Treat unknown fields as errors (the default, so a
            misspelt field in a spec is reported rather than silently ignored).

    Returns:
        A fresh `cattrs.Converter`; configure it further freely, it is yours.
    """
    conv = cattrs.Converter(
        forbid_extra_keys=forbid_extra_keys, detailed_validation=True
    )
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_unstructure_hook(datetime, datetime.isoformat)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(enum.Enum, _structure_enum)
    for base in (enum.Enum, enum.StrEnum, enum.IntEnum):
        conv.register_unstructure_hook(base, _unstructure_enum)
    conv.register_structure_hook_factory(_is_homogeneous_sequence, _text_is_not_a_list)
    # A named tuple is a record (`gridgov.flow.Step` …): an object with its field
    # names in JSON, not a bare list (cattrs' default), checked like attrs records.
    conv.register_unstructure_hook_factory(
        is_namedtuple, namedtuple_dict_unstructure_factory
    )
    conv.register_structure_hook_factory(
        is_namedtuple,
        lambda cl, c: namedtuple_dict_structure_factory(
            cl, c, "from_converter", forbid_extra_keys
        ),
    )
    conv.register_unstructure_hook_func(
        _is_table_tuple, lambda rows: [conv.unstructure(r) for r in rows]
    )
    _configure_events(conv)
    return conv


def structure(
    data: object,
    cls: type[T],
    *,
    converter: cattrs.Converter | None = None,
    source: str = "",
) -> T:
    """
    Structure *data* into *cls*, reporting every problem at once.

    Raises:
        SpecError: With one `SpecProblem` per bad value, each with its path.
    """
    conv = converter if converter is not None else make_converter()
    try:
        return conv.structure(data, cls)
    except BaseValidationError as exc:
        raise SpecError(problems_from(exc), source=source) from None
    except (GridgovError, ValueError, TypeError, KeyError) as exc:
        # Raised by a constructor or validator after fields were structured.
        if isinstance(exc, SpecError):
            raise
        raise SpecError(problems_from(exc), source=source) from None


def unstructure(
    obj: object,
    *,
    converter: cattrs.Converter | None = None,
    unmasked: bool = False,
) -> Any:
    """
    Turn any gridgov object into JSON-ready builtins, personal numbers masked.

    Every ``id_number`` and ``phone`` field is masked, and every ID number or
    phone number written in other text (`gridgov.domain.privacy`). With
    ``unmasked=True`` the result is lossless:
    ``structure(unstructure(x, unmasked=True), type(x)) == x``.

    Args:
        obj: Any gridgov object, or builtins holding them.
        converter: The converter to use (a fresh `make_converter` by default).
        unmasked: Keep ID numbers and phone numbers in full.

    >>> from gridgov.domain import Person
    >>> unstructure(Person("p1", "陈", id_number="410381199001011234"))["id_number"]
    '410***********1234'
    """
    conv = converter if converter is not None else make_converter()
    data = conv.unstructure(obj)
    return data if unmasked else mask_data(data)
