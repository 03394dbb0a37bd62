"""
Findings: what a roster check reports instead of raising.

A check never raises on a messy roster: a township's 台账 is always a little
wrong, and the point of a check is to say exactly where. Each `Finding` has a
`Severity`, a stable ``code`` a program can switch on, an English message with
the Chinese term, and the exact households or workers concerned.

>>> f = Finding(
...     check="coverage",
...     code="uncovered",
...     severity=Severity.ERROR,
...     message="2 households have no responsible worker (不漏一户)",
...     households=(HouseholdId("H1"), HouseholdId("H2")),
... )
>>> str(f)
'[error] coverage.uncovered: 2 households have no responsible worker (不漏一户)'
>>> f.severity.zh
'错误'
"""

from __future__ import annotations

import enum

import attrs

from gridgov.domain.ids import HouseholdId, RegionCode, WorkerId

__all__ = ["Finding", "Severity"]


class Severity(enum.StrEnum):
    """How serious a finding is: ``info`` < ``warning`` < ``error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def zh(self) -> str:
        """The Chinese label (提示, 警告, 错误)."""
        return {"info": "提示", "warning": "警告", "error": "错误"}[self.value]

    @property
    def rank(self) -> int:
        """0, 1, 2: higher is more serious (for sorting and thresholds)."""
        return ("info", "warning", "error").index(self.value)


@attrs.frozen(kw_only=True)
class Finding:
    """
    One result of a roster check.

    Attributes:
        check: The check that produced it: ``"partition"``, ``"coverage"`` or
            ``"span"``.
        code: A stable machine code within the check (``"uncovered"``,
            ``"non_leaf"``, ``"overlap"``, ``"unplaced"``, ``"over"``, ``"under"``).
        severity: How serious it is.
        message: Human-readable explanation, with the Chinese term.
        region: The region concerned, if any.
        worker: The worker (or 党员中心户 id) concerned, if any.
        households: Exactly the households concerned, sorted.
        count: The measured number for span findings (households in scope).
    """

    check: str
    code: str
    severity: Severity
    message: str
    region: RegionCode | None = None
    worker: WorkerId | None = None
    households: tuple[HouseholdId, ...] = ()
    count: int | None = None

    def __str__(self) -> str:
        return f"[{self.severity.value}] {self.check}.{self.code}: {self.message}"
