"""
Decisions: what the rule book said about one claim, rule by rule, and why.

Every rule evaluated gets a `RuleOutcome` — matched, recorded without points,
not matched (with the clause that failed and the values it read), not eligible,
capped, needs approval, missing evidence, not in force, or superseded by a
higher tier — and `Decision.render` says it in plain Chinese or English.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from gridgov.points.compiler import Clause

__all__ = ["Decision", "Outcome", "RuleOutcome"]


class Outcome(enum.StrEnum):
    """The result of one rule for one claim."""

    MATCHED = "matched"
    RECORDED = "recorded"
    NOT_MATCHED = "not_matched"
    NOT_ELIGIBLE = "not_eligible"
    CAPPED = "capped"
    NEEDS_APPROVAL = "needs_approval"
    MISSING_EVIDENCE = "missing_evidence"
    NOT_IN_FORCE = "not_in_force"
    SUPERSEDED = "superseded"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return _ZH[self]

    @property
    def en(self) -> str:
        """The English label."""
        return self.value.replace("_", " ")

    @property
    def posts(self) -> bool:
        """Whether the outcome posts points (or records conduct) when recognised."""
        return self in {Outcome.MATCHED, Outcome.RECORDED, Outcome.CAPPED}


_ZH = {
    Outcome.MATCHED: "符合",
    Outcome.RECORDED: "记录在案（不扣分）",
    Outcome.NOT_MATCHED: "不符合",
    Outcome.NOT_ELIGIBLE: "不在积分管理对象范围",
    Outcome.CAPPED: "已封顶",
    Outcome.NEEDS_APPROVAL: "待审批",
    Outcome.MISSING_EVIDENCE: "缺少佐证材料",
    Outcome.NOT_IN_FORCE: "不在有效期内",
    Outcome.SUPERSEDED: "同组已按更高档计分",
}


@attrs.frozen
class RuleOutcome:
    """
    One rule's outcome for one claim.

    Attributes:
        rule_id: The rule.
        name_zh: The rule's Chinese name.
        outcome: What happened.
        points: Points that post if the claim is recognised (0 unless
            matched or capped; negative for deductions).
        nominal: Points the rule would give before caps and policies.
        clauses: For not matched: the clauses that failed (when tracing).
        detail_zh: Extra explanation in Chinese (cap use, eligibility reason).
        detail_en: The same in English.
    """

    rule_id: str
    name_zh: str
    outcome: Outcome
    points: int = 0
    nominal: int = 0
    clauses: tuple[Clause, ...] = ()
    detail_zh: str = ""
    detail_en: str = ""

    def render(self, lang: str = "zh") -> str:
        """One line in ``"zh"`` or ``"en"``."""
        zh = lang == "zh"
        label = self.outcome.zh if zh else self.outcome.en
        head = f"{self.name_zh} ({self.rule_id}): {label}"
        if self.outcome.posts:
            sign = "+" if self.points >= 0 else ""
            head += (
                f"，{sign}{self.points} 分" if zh else f", {sign}{self.points} points"
            )
        parts = [str(c) for c in self.clauses]
        detail = self.detail_zh if zh else self.detail_en
        if detail:
            parts.append(detail)
        if not parts:
            return head
        return head + ("：" if zh else ": ") + ("；" if zh else "; ").join(parts)


@attrs.frozen
class Decision:
    """
    The rule book's answer for one claim.

    Attributes:
        book_id: The rule book.
        version: Its version.
        on: The day the claim is about.
        outcomes: One outcome per rule evaluated, in book order.
    """

    book_id: str
    version: str
    on: date
    outcomes: tuple[RuleOutcome, ...]

    @property
    def points(self) -> int:
        """Total points the claim posts if recognised."""
        return sum(o.points for o in self.outcomes if o.outcome.posts)

    @property
    def matched(self) -> tuple[RuleOutcome, ...]:
        """The outcomes that post points or record conduct."""
        return tuple(o for o in self.outcomes if o.outcome.posts)

    def outcome(self, rule_id: str) -> RuleOutcome | None:
        """The outcome for one rule, or None if it was not evaluated."""
        return next((o for o in self.outcomes if o.rule_id == rule_id), None)

    def render(self, lang: str = "zh", *, only_relevant: bool = False) -> str:
        """
        All outcomes, one per line, in ``"zh"`` or ``"en"``.

        With ``only_relevant`` the rules that simply did not match are left out.
        """
        rows = [
            o.render(lang)
            for o in self.outcomes
            if not only_relevant or o.outcome is not Outcome.NOT_MATCHED
        ]
        total = (
            f"合计 {self.points} 分" if lang == "zh" else f"total {self.points} points"
        )
        return "\n".join([*rows, total])
