"""
The gridgov exception tree.

Every error a public gridgov function raises on bad input is a `GridgovError`.
Where the meaning fits, an error also subclasses the builtin it refines,
so ``except LookupError`` keeps working for callers that only know Python::

    GridgovError
    ├── SpecError (ValueError)            a spec failed validation; carries
    │                                      every problem as a SpecProblem
    ├── ImportRowsError (ValueError)      a CSV/Excel roster had bad rows
    ├── ProblemError (ValueError, TypeError) one value refused with a
    │                                      structured problem (its caller
    │                                      locates it in a SpecError)
    ├── UnknownEntityError (LookupError)  an id nobody knows here
    ├── DuplicateEntityError (ValueError) an id defined twice
    ├── InvalidValueError (ValueError)    one argument out of its domain
    ├── TransitionRefusedError            a flow command was refused
    ├── CalendarError                     a working-day question with no
    │                                      honest answer (unpublished year)
    ├── LedgerError (ValueError)          a posting would break the ledger
    ├── IdempotencyConflictError          same key, different payload
    ├── ConcurrencyError                  optimistic-concurrency check failed
    ├── IntegrityError                    the hash chain is broken
    ├── ScopeError (PermissionError)      outside a scoped view's scope
    └── MissingExtraError (ImportError)   an optional extra is not installed

Messages name the offending place, the expectation and the value found, so that a
township clerk reading a log line can fix the file without reading code. They are
English, for developers and logs; a spec problem made with `SpecProblem.of`
also keeps its code and parameters (`PROBLEM_TEMPLATES`), which
`gridgov.labels.problem_text` and the command line say in Chinese. Any ID
number or phone number in a message is masked (`gridgov.domain.privacy`): an
error's text goes to logs, screens and bug reports. The structured attributes
(`IdempotencyConflictError.key`, `InvalidValueError.value` …) keep what was
passed, for code that reacts to them.

>>> print(IdempotencyConflictError("hotline-+86 137 0013 5799"))
idempotency key 'hotline-+86 137****5799' was already used with a different payload
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from gridgov._masking import mask_in_text
from gridgov._problem_text import PROBLEM_TEMPLATES, closest, problem_message, shown

__all__ = [
    "PROBLEM_TEMPLATES",
    "CalendarError",
    "ConcurrencyError",
    "DuplicateEntityError",
    "GridgovError",
    "IdempotencyConflictError",
    "ImportRowsError",
    "IntegrityError",
    "InvalidValueError",
    "LedgerError",
    "MissingExtraError",
    "ProblemError",
    "RowProblem",
    "ScopeError",
    "SpecError",
    "SpecProblem",
    "TransitionRefusedError",
    "UnknownEntityError",
    "closest",
    "did_you_mean",
    "problem_message",
    "shown",
]


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """
    Return ``"; did you mean 'x'?"`` for the closest of *options*, or ``""``.

    Every "unknown field / region / rule / function" message in gridgov ends
    with this hint, so a typo in a spec file points at its fix.

    >>> did_you_mean("resident_snce", ["resident_since", "residency"])
    "; did you mean 'resident_since'?"
    >>> did_you_mean("zzz", ["resident_since"])
    ''
    """
    close = closest(word, options)
    return f"; did you mean {close!r}?" if close else ""


class GridgovError(Exception):
    """
    Root of every error gridgov raises on purpose.

    Catch this to handle any gridgov failure; the subclasses carry structured
    attributes for callers that want to react to one kind precisely.

    Text arguments are masked (`gridgov.domain.privacy.mask_in_text`) before
    they become the exception's ``args``, so ``str()``, ``repr()``, tracebacks
    and logged exceptions never show a personal number.
    """

    def __init__(self, *args: object) -> None:
        super().__init__(*(mask_in_text(a) if isinstance(a, str) else a for a in args))

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle by state, not by re-calling __init__ with the message: most
        # subclasses take structured arguments (a problem keeps the error it
        # reports, and a SpecError its problems across processes).
        return (_unpickled, (type(self), self.args), self.__dict__)


def _unpickled(cls: type[GridgovError], args: tuple[object, ...]) -> GridgovError:
    err = cls.__new__(cls)
    err.args = args
    return err


def _params(params: Mapping[str, Any]) -> dict[str, Any]:
    return dict(params)


@attrs.frozen
class SpecProblem:
    """
    One problem found while validating a spec, located by its path.

    Attributes:
        path: Where the problem is, in JSONPath-like form without the ``$``:
            ``grids[2].households[14].resident_since``.
        message: What was expected and what was found, in English.
        code: The problem's kind (a key of `PROBLEM_TEMPLATES`), or ``""`` for
            a problem given as free text.
        params: The values the message is made of (the value found, the
            choices …), for `gridgov.labels.problem_text` to say in Chinese.

    Path and message are masked as they are stored
    (`gridgov.domain.privacy.mask_in_text`): a message often echoes a value
    from the file, and a path a key. Problems compare by path and message.

    >>> str(SpecProblem("members[0].id_number", "got 410381199001011234 (int)"))
    'members[0].id_number: got 410***********1234 (int)'
    >>> print(SpecProblem.of("grids[0].kind", "unknown_field", suggestion="kinds"))
    grids[0].kind: unknown field; did you mean 'kinds'?
    """

    path: str = attrs.field(converter=mask_in_text)
    message: str = attrs.field(converter=mask_in_text)
    code: str = attrs.field(default="", kw_only=True, eq=False, repr=False)
    params: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_params, kw_only=True, eq=False, repr=False
    )

    @classmethod
    def of(cls, path: str, code: str, /, **params: Any) -> SpecProblem:
        """A structured problem: *code* (`PROBLEM_TEMPLATES`) with *params*."""
        return cls(path, problem_message(code, params), code=code, params=params)

    def at(self, path: str) -> SpecProblem:
        """The same problem located at *path* (its code and parameters kept)."""
        return attrs.evolve(self, path=path)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ProblemError(GridgovError, ValueError, TypeError):
    """
    A value refused with a structured problem, located later by its caller.

    Raised by the spec converter's hooks (an integer where text was expected
    …); `gridgov.io` locates it at the field it was read for. Both a
    `ValueError` and a `TypeError`, as the hooks it replaces raised either.

    >>> err = ProblemError("expected_date", value="2026/13/01")
    >>> print(err)
    expected a date like 2026-03-01, got '2026/13/01'
    >>> err.problem.code
    'expected_date'
    """

    def __init__(self, code: str, /, **params: Any) -> None:
        self.problem = SpecProblem.of("", code, **params)
        super().__init__(self.problem.message)


class SpecError(GridgovError, ValueError):
    """
    A spec failed validation; *every* problem found is in `problems`.

    >>> err = SpecError([SpecProblem("rules[3].cap.period", "got 'fortnight'")])
    >>> print(err)
    1 problem in spec:
      rules[3].cap.period: got 'fortnight'
    """

    def __init__(self, problems: Iterable[SpecProblem], *, source: str = "") -> None:
        self.problems: tuple[SpecProblem, ...] = tuple(problems)
        self.source = source
        where = f" {source}" if source else ""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{count} {noun} in spec{where}:"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))

    @property
    def paths(self) -> tuple[str, ...]:
        """The paths of all problems, in the order found."""
        return tuple(p.path for p in self.problems)


@attrs.frozen
class RowProblem:
    """
    One bad cell or row in an imported table.

    Attributes:
        line: 1-based line (CSV) or row (Excel) number, counting the header as 1.
        column: The column header as written in the file, or ``""`` for the row.
        message: What was expected and what was found (personal numbers masked);
            given ``""`` with a *code*, the code's English text.
        code: The problem's kind (a key of `PROBLEM_TEMPLATES`), or ``""``.
        params: The values the message is made of, for
            `gridgov.labels.problem_text` to say in Chinese.
    """

    line: int
    column: str
    message: str = attrs.field(converter=mask_in_text)
    code: str = attrs.field(default="", kw_only=True, eq=False, repr=False)
    params: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_params, kw_only=True, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        if self.code and not self.message:  # made from a code: its English text
            object.__setattr__(
                self, "message", mask_in_text(problem_message(self.code, self.params))
            )

    def __str__(self) -> str:
        col = f", column {self.column!r}" if self.column else ""
        return mask_in_text(f"line {self.line}{col}: {self.message}")


class ImportRowsError(GridgovError, ValueError):
    """A table import found bad rows; nothing was imported. See `problems`."""

    def __init__(self, problems: Sequence[RowProblem], *, source: str = "") -> None:
        self.problems: tuple[RowProblem, ...] = tuple(problems)
        self.source = source
        where = f" in {source}" if source else ""
        lines = [f"{len(self.problems)} bad row(s){where}; nothing was imported:"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class UnknownEntityError(GridgovError, LookupError):
    """
    An id that is not known where it was looked up.

    Attributes:
        kind: The kind of entity (``"household"``, ``"region"`` …).
        key: The id that was asked for.
    """

    def __init__(self, kind: str, key: object, *, hint: str = "") -> None:
        self.kind = kind
        self.key = key
        extra = f"; {hint}" if hint else ""
        super().__init__(f"unknown {kind} {key!r}{extra}")

    def __str__(self) -> str:
        # LookupError.__str__ would repr() the message; keep it readable.
        return str(self.args[0])


class DuplicateEntityError(GridgovError, ValueError):
    """The same id was defined twice."""

    def __init__(self, kind: str, key: object) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"duplicate {kind} {key!r}")


class InvalidValueError(GridgovError, ValueError):
    """
    A single argument is outside its domain.

    The message names the argument, the expectation and the value with its type:
    ``days: expected an integer >= 0, got -1 (int)``; the value is `shown` (a
    date in ISO form, text quoted), never a Python repr.
    """

    def __init__(self, name: str, expected: str, value: object) -> None:
        self.name = name
        self.expected = expected
        self.value = value
        super().__init__(
            f"{name}: expected {expected}, got {shown(value)} ({type(value).__name__})"
        )


class TransitionRefusedError(GridgovError):
    """
    A flow command was refused.

    Attributes:
        command: The command that was fired.
        state: The state the instance was in.
        reason: ``"wrong_state"``, ``"guard"``, ``"role"``, ``"field"`` or
            ``"terminal"``.
        detail: Human-readable explanation (the guard's reason, the missing field …).
        allowed: Commands that would have been accepted instead.
    """

    def __init__(
        self,
        *,
        command: str,
        state: str,
        reason: str,
        detail: str,
        allowed: Sequence[str] = (),
    ) -> None:
        self.command = command
        self.state = state
        self.reason = reason
        self.detail = detail
        self.allowed = tuple(allowed)
        hint = f"; allowed now: {', '.join(self.allowed)}" if self.allowed else ""
        super().__init__(f"cannot {command!r} in state {state!r}: {detail}{hint}")


class CalendarError(GridgovError):
    """
    The calendar cannot answer (e.g. a year whose holiday notice is unpublished).

    Not a `ValueError`: the question is well formed, the data to answer it is
    missing (a later ``holidays`` release, a local notice or another
    `gridgov.calendar.UnpublishedYearPolicy` fixes it), so code that maps
    ``ValueError`` to "bad input" must not swallow it.
    """


class LedgerError(GridgovError, ValueError):
    """A posting was refused because it would break the ledger's rules."""


class IdempotencyConflictError(GridgovError, ValueError):
    """
    The same idempotency key was reused with a different payload.

    Attributes:
        key: The key as the client sent it (the message shows it masked:
            a hotline's key is often built from the caller's number).
    """

    def __init__(self, key: str, *, detail: str = "") -> None:
        self.key = key
        extra = f": {detail}" if detail else ""
        super().__init__(
            f"idempotency key {key!r} was already used with a different payload{extra}"
        )


class ConcurrencyError(GridgovError):
    """An append expected a stream version that is no longer current."""


class IntegrityError(GridgovError):
    """Stored data does not match its hash chain or its invariants."""


class ScopeError(GridgovError, PermissionError):
    """A scoped view was asked to read or write outside its scope."""


class MissingExtraError(GridgovError, ImportError):
    """An optional dependency is needed; the message says which extra installs it."""

    def __init__(self, extra: str, package: str, feature: str) -> None:
        self.extra = extra
        self.package = package
        super().__init__(
            f"{feature} needs the optional package {package!r}: "
            f"pip install 'gridgov[{extra}]'"
        )
