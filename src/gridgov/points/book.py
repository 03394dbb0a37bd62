"""
The compiled rule book: checked once, then fast to evaluate and able to explain.

>>> from datetime import date
>>> from gridgov.points.spec import FieldSpec, FieldType, RuleBookSpec, RuleSpec
>>> book = compile_rulebook(
...     RuleBookSpec(
...         id="demo",
...         name_zh="示范村积分细则",
...         version="1",
...         fields=(FieldSpec("hours", FieldType.NUMBER, label_zh="服务时长"),),
...         rules=(
...             RuleSpec(id="vol", name_zh="志愿服务", points=5, when="hours >= 2"),
...             RuleSpec(id="patrol", name_zh="治安巡防", points=10, when="hours >= 3"),
...         ),
...     )
... )
>>> book.match({"hours": 2.5})
('vol',)
>>> print(book.evaluate({"hours": 2.5}, on=date(2026, 3, 1), trace=True).render())
志愿服务 (vol): 符合，+5 分
治安巡防 (patrol): 不符合：hours >= 3 (hours = 2.5)
合计 5 分
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

import attrs

from gridgov.domain.people import Household, Residency
from gridgov.domain.periods import period_span
from gridgov.domain.spans import DateSpan
from gridgov.errors import (
    SpecError,
    SpecProblem,
    UnknownEntityError,
    closest,
    did_you_mean,
)
from gridgov.points.compiler import Clause, compile_matcher, explain
from gridgov.points.decisions import Decision, Outcome, RuleOutcome
from gridgov.points.editor import export_vocabulary
from gridgov.points.language import Node
from gridgov.points.spec import Approval, RuleBookSpec, RuleSpec, Unit
from gridgov.points.validation import check_spec

__all__ = ["CapUsage", "CompiledRule", "Eligibility", "RuleBook", "compile_rulebook"]


class CapUsage(Protocol):
    """What an account has already received from a rule in a period (for caps)."""

    def cap_usage(self, rule_id: str, span: DateSpan) -> tuple[int, int]:
        """Return ``(points, times)`` awarded by *rule_id* within *span*."""
        ...


@attrs.frozen
class Eligibility:
    """Whether a household takes part in the scheme on a day, and why."""

    eligible: bool
    reason_zh: str
    reason_en: str


@attrs.frozen
class CompiledRule:
    """A rule with its checked condition tree."""

    spec: RuleSpec
    index: int
    condition: Node

    def in_force(self, day: date) -> bool:
        """Whether the rule applies on *day*."""
        spec = self.spec
        if spec.valid_from is not None and day < spec.valid_from:
            return False
        return spec.valid_until is None or day < spec.valid_until


@attrs.frozen
class RuleBook:
    """
    A compiled rule book. Build it with `compile_rulebook`.

    Attributes:
        spec: The spec it was compiled from.
        rules: Compiled rules, in book order.
    """

    spec: RuleBookSpec
    rules: tuple[CompiledRule, ...]
    _matcher: Callable[[Mapping[str, Any]], list[int]] = attrs.field(repr=False)
    _by_id: Mapping[str, CompiledRule] = attrs.field(repr=False)

    @property
    def id(self) -> str:
        """The rule book's id."""
        return self.spec.id

    @property
    def version(self) -> str:
        """The rule book's version."""
        return self.spec.version

    def rule(self, rule_id: str) -> CompiledRule:
        """Return a rule by id (`UnknownEntityError` with a did-you-mean if absent)."""
        try:
            return self._by_id[rule_id]
        except KeyError:
            hint = did_you_mean(rule_id, self._by_id).removeprefix("; ")
            raise UnknownEntityError("rule", rule_id, hint=hint) from None

    def match(self, facts: Mapping[str, Any]) -> tuple[str, ...]:
        """Ids of the rules whose conditions hold for *facts* (the fast path)."""
        rules = self.rules
        return tuple(rules[i].spec.id for i in self._matcher(facts))

    def match_indexes(self, facts: Mapping[str, Any]) -> list[int]:
        """Indexes into `rules` of the rules whose conditions hold (fastest)."""
        return self._matcher(facts)

    def check_facts(self, facts: Mapping[str, Any]) -> list[SpecProblem]:
        """Return problems with a claim's facts: unknown fields, types, choices."""
        declared = {f.name: f for f in self.spec.fields}
        problems: list[SpecProblem] = []
        for name, value in facts.items():
            field = declared.get(name)
            if field is None:
                hint = closest(name, declared)
                problems.append(
                    SpecProblem.of(f"facts.{name}", "unknown_field", suggestion=hint)
                )
            elif not field.type.accepts(value):
                problems.append(
                    SpecProblem.of(
                        f"facts.{name}",
                        "expected",
                        expected=field.type.value,
                        value=value,
                    )
                )
            elif field.choices and value not in field.choices:
                problems.append(
                    SpecProblem.of(
                        f"facts.{name}",
                        "expected_choice",
                        choices=", ".join(field.choices),
                        options=tuple(field.choices),
                        value=value,
                    )
                )
        problems += [
            SpecProblem.of(f"facts.{f.name}", "missing_field")
            for f in self.spec.fields
            if f.required and f.name not in facts
        ]
        return problems

    def eligibility(self, household: Household, on: date) -> Eligibility:
        """Whether *household* takes part on *on* (户籍, or resident ≥ N months)."""
        rule = self.spec.eligibility
        if household.residency is Residency.REGISTERED:
            if rule.registered:
                return _yes("户籍家庭", "registered")
            return _no("户籍家庭不在范围", "registered households excluded")
        need = rule.min_months_resident
        if need is None:
            return _no("外来家庭不在范围", "outside households excluded")
        months = household.months_resident(on)
        if months is None:
            return _no("居住起始日期不详", "residence start unknown")
        if months < need:
            return _no(
                f"外来常住 {months} 个月，未满 {need} 个月",
                f"resident {months} months, fewer than {need}",
            )
        return _yes(
            f"外来常住 {months} 个月（≥ {need}）",
            f"resident {months} months (>= {need})",
        )

    def evaluate(
        self,
        facts: Mapping[str, Any],
        *,
        on: date,
        household: Household | None = None,
        usage: CapUsage | None = None,
        evidence: Sequence[str] = (),
        approved_by: str | None = None,
        rule_ids: Sequence[str] | None = None,
        trace: bool = False,
    ) -> Decision:
        """
        Evaluate every rule (or *rule_ids*) against one claim's facts.

        Args:
            facts: The claim's field values.
            on: The day the conduct took place (validity, caps, eligibility).
            household: The account's household; pass it to check eligibility.
            usage: The account's earlier awards, to apply caps (none: no use yet).
            evidence: Evidence the claim carries: kinds (``photo``) or kinds
                with a reference (``photo:0305-3``).
            approved_by: Who approved, for rules needing approval.
            rule_ids: Evaluate only these rules (a claim for a named item).
            trace: Explain failed conditions clause by clause (slower).
        """
        selected = (
            self.rules if rule_ids is None else tuple(self.rule(r) for r in rule_ids)
        )
        hits = set(self._matcher(facts))
        verdict = self.eligibility(household, on) if household is not None else None
        taken: set[str] = set()
        outcomes = []
        for rule in selected:
            spec = rule.spec
            if not rule.in_force(on):
                outcomes.append(
                    RuleOutcome(spec.id, spec.name_zh, Outcome.NOT_IN_FORCE)
                )
                continue
            if rule.index not in hits:
                clauses = explain(rule.condition, facts) if trace else ()
                outcomes.append(
                    RuleOutcome(
                        spec.id, spec.name_zh, Outcome.NOT_MATCHED, clauses=clauses
                    )
                )
                continue
            if spec.group and spec.group in taken:
                outcomes.append(RuleOutcome(spec.id, spec.name_zh, Outcome.SUPERSEDED))
                continue
            if spec.group:
                taken.add(spec.group)
            outcomes.append(
                self._matched(
                    rule,
                    facts,
                    on=on,
                    verdict=verdict,
                    usage=usage,
                    evidence=evidence,
                    approved_by=approved_by,
                )
            )
        return Decision(self.spec.id, self.spec.version, on, tuple(outcomes))

    def _matched(  # noqa: PLR0911 - one return per outcome
        self,
        rule: CompiledRule,
        facts: Mapping[str, Any],
        *,
        on: date,
        verdict: Eligibility | None,
        usage: CapUsage | None,
        evidence: Sequence[str],
        approved_by: str | None,
    ) -> RuleOutcome:
        spec = rule.spec
        quantity = _quantity(spec, facts)
        if quantity <= 0:
            clause = Clause(
                f"{spec.quantity_field} >= 1",
                ((spec.quantity_field, facts.get(spec.quantity_field)),),
            )
            return RuleOutcome(
                spec.id, spec.name_zh, Outcome.NOT_MATCHED, clauses=(clause,)
            )
        nominal = spec.points * quantity
        made = _outcome_maker(spec, nominal)
        if verdict is not None and not verdict.eligible:
            return made(Outcome.NOT_ELIGIBLE, 0, verdict.reason_zh, verdict.reason_en)
        # Evidence is given as a kind ("photo") or a kind with a reference
        # ("photo:0305-3"), so statements keep which photo it was.
        missing = [
            kind
            for kind in spec.evidence
            if not any(e == kind or e.startswith(f"{kind}:") for e in evidence)
        ]
        if missing:
            return made(
                Outcome.MISSING_EVIDENCE,
                0,
                f"缺少 {'、'.join(missing)}",
                f"missing {', '.join(missing)}",
            )
        if spec.approval is not Approval.NONE and not approved_by:
            return made(
                Outcome.NEEDS_APPROVAL,
                0,
                f"需{spec.approval.zh}",
                f"needs {spec.approval.value} approval",
            )
        if nominal < 0 and self.spec.policy.no_deduction:
            return made(
                Outcome.RECORDED,
                0,
                "积分不扣分，记录在案",
                "no deduction: conduct recorded",
            )
        if spec.cap is None or nominal < 0:
            return made(Outcome.MATCHED, nominal, "", "")
        cap = spec.cap
        used_points, used_times = (
            usage.cap_usage(spec.id, period_span(on, cap.period)) if usage else (0, 0)
        )
        room = nominal
        if cap.max_points is not None:
            room = min(room, max(cap.max_points - used_points, 0))
        if cap.max_times is not None and used_times >= cap.max_times:
            room = 0
        if room == nominal:
            return made(Outcome.MATCHED, nominal, "", "")
        limit_zh = (
            f"每{cap.period.zh}上限 {cap.max_points} 分"
            if cap.max_points is not None
            else f"每{cap.period.zh}上限 {cap.max_times} 次"
        )
        limit_en = (
            f"cap {cap.max_points} points per {cap.period.value}"
            if cap.max_points is not None
            else f"cap {cap.max_times} times per {cap.period.value}"
        )
        return made(
            Outcome.CAPPED,
            room,
            f"{limit_zh}，本{cap.period.zh}已得 {used_points} 分 {used_times} 次",
            f"{limit_en}; {used_points} points, {used_times} times already",
        )

    def vocabulary(self) -> dict[str, Any]:
        """Fields, operators, functions and labels, as JSON-ready data for editors."""
        return export_vocabulary(self.spec)


def _yes(zh: str, en: str) -> Eligibility:
    return Eligibility(eligible=True, reason_zh=zh, reason_en=en)


def _no(zh: str, en: str) -> Eligibility:
    return Eligibility(eligible=False, reason_zh=zh, reason_en=en)


def _outcome_maker(
    spec: RuleSpec, nominal: int
) -> Callable[[Outcome, int, str, str], RuleOutcome]:
    def make(outcome: Outcome, points: int, zh: str, en: str) -> RuleOutcome:
        return RuleOutcome(
            spec.id, spec.name_zh, outcome, points, nominal, detail_zh=zh, detail_en=en
        )

    return make


def _quantity(spec: RuleSpec, facts: Mapping[str, Any]) -> int:
    if spec.unit is Unit.OCCURRENCE:
        return 1
    raw = facts.get(spec.quantity_field)
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
        return 0
    try:
        # Whole units count (2.5 hours earn 2 hours' points); exact, never float math.
        return int(Decimal(str(raw)).to_integral_value(rounding="ROUND_FLOOR"))
    except (InvalidOperation, ValueError, OverflowError):
        return 0


def compile_rulebook(spec: RuleBookSpec) -> RuleBook:
    """
    Check *spec* and compile it once into a `RuleBook`.

    Raises:
        SpecError: Every problem found, each located by its path
            (``rules[3].when: column 1: unknown field 'hour'; did you mean 'hours'?``).
    """
    conditions, problems = check_spec(spec)
    if problems:
        raise SpecError(problems, source=f"rule book {spec.id!r}")
    rules = tuple(
        CompiledRule(rule, i, node)
        for i, (rule, node) in enumerate(zip(spec.rules, conditions, strict=True))
    )
    matcher = compile_matcher([r.condition for r in rules])
    return RuleBook(spec, rules, matcher, {r.spec.id: r for r in rules})
