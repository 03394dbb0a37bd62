"""
Compiling a checked `VisitPolicy` into fast lookups.

Deriving obligations asks one question millions of times: "which rule governs
a household carrying these tags?". `CompiledPolicy.rule_for` answers it from a
cache keyed by the set of (tag, attention) pairs, so a village of 100,000
households with a few dozen distinct tag combinations pays for a few dozen
comparisons.

The strictest rule wins: the highest visits-per-day rate; on a tie, the rule
accepting fewer visit kinds (home-only is stricter than home-or-phone), then the
shorter grace.

>>> from gridgov.visits.policy import FrequencyRule, VisitPolicy
>>> from gridgov.domain.periods import Period
>>> weekly = FrequencyRule("weekly", tags=("empty_nest_elderly",), per=Period.WEEK)
>>> floor = FrequencyRule("floor")
>>> cp = compile_policy(VisitPolicy("v", rules=(weekly,), floor=floor))
>>> cp.rule_for([("empty_nest_elderly", AttentionLevel.NORMAL)]).id, cp.rule_for([]).id
('weekly', 'floor')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

import attrs

from gridgov.domain.tags import STANDARD_CARE_TAGS, AttentionLevel, CareTag
from gridgov.errors import SpecError
from gridgov.visits.policy import (
    FrequencyRule,
    TriggerKind,
    TriggerRule,
    VisitPolicy,
    check_policy,
    kinds_mask,
)

__all__ = ["CompiledPolicy", "compile_policy", "strictness"]

TagKey = frozenset[tuple[str, AttentionLevel]]


def strictness(rule: FrequencyRule) -> tuple[Fraction, int, int]:
    """
    Return a sort key: larger means stricter.

    >>> from gridgov.visits.policy import FrequencyRule
    >>> from gridgov.domain.periods import Period
    >>> strictness(FrequencyRule("a", per=Period.WEEK)) > strictness(
    ...     FrequencyRule("b", visits=4, per=Period.MONTH)
    ... )
    True
    """
    rate = Fraction(rule.visits, rule.per.nominal_days)
    return (rate, -kinds_mask(rule.kinds).bit_count(), -rule.grace_days)


@attrs.frozen
class CompiledPolicy:
    """
    A checked policy with its lookups built; create with `compile_policy`.

    Attributes:
        policy: The source spec.
        by_tag: Rules applicable to each tag, strictest first.
    """

    policy: VisitPolicy
    by_tag: Mapping[str, tuple[FrequencyRule, ...]]
    _cache: dict[TagKey, FrequencyRule | None] = attrs.field(
        factory=dict, eq=False, repr=False, alias="_cache"
    )

    def rule_for(
        self, tags: Iterable[tuple[str, AttentionLevel]]
    ) -> FrequencyRule | None:
        """Return the strictest rule for a household carrying *tags*, or None."""
        key = frozenset(tags)
        try:
            return self._cache[key]
        except KeyError:
            pass
        best = self.policy.floor
        for tag, level in key:
            for rule in self.by_tag.get(tag, ()):
                if level.rank >= rule.min_attention.rank and (
                    best is None or strictness(rule) > strictness(best)
                ):
                    best = rule
        self._cache[key] = best
        return best

    def triggers_on(self, kind: TriggerKind, tag: str = "") -> tuple[TriggerRule, ...]:
        """Return the trigger rules fired by a change of *kind* (and *tag*)."""
        return tuple(
            t
            for t in self.policy.triggers
            if t.on is kind and (not t.tags or tag in t.tags)
        )


def compile_policy(
    policy: VisitPolicy, tags: Mapping[str, CareTag] = STANDARD_CARE_TAGS
) -> CompiledPolicy:
    """
    Check *policy* against the tag vocabulary and build its lookups.

    Raises:
        SpecError: With every problem `check_policy` finds.
    """
    problems = check_policy(policy, tags)
    if problems:
        raise SpecError(problems, source=policy.name)
    by_tag: dict[str, list[FrequencyRule]] = {}
    for rule in policy.rules:
        for tag in rule.tags:
            by_tag.setdefault(tag, []).append(rule)
    frozen = {
        tag: tuple(sorted(rules, key=strictness, reverse=True))
        for tag, rules in by_tag.items()
    }
    return CompiledPolicy(policy, frozen)
