"""
A visit policy's rules by name: what a plan or a coverage line calls each rule.

An obligation names the rule it serves by id (``living_alone``, or
``trigger:case`` for a prompt visit); people read the rule's ``label_zh``
(独居老人每周探访). A rule without one is described from its fields.
"""

from __future__ import annotations

from collections.abc import Mapping

from gridgov.labels._core import Lang, english, join
from gridgov.labels._vocab import enum_label, tag_label
from gridgov.visits.policy import FrequencyRule, TriggerRule, VisitPolicy

__all__ = ["rule_names"]


def _frequency(rule: FrequencyRule, lang: Lang, floor: bool) -> str:
    if lang == "en":
        return english(rule.id)
    if rule.label_zh:
        return rule.label_zh
    who = join(tag_label(t) for t in rule.tags) or ("一般户" if floor else "")
    return f"{who}每{rule.per.zh}走访 {rule.visits} 次"


def _trigger(rule: TriggerRule, lang: Lang) -> str:
    if lang == "en":
        return f"visit after {enum_label(rule.on, 'en')}"
    return rule.label_zh or f"{rule.on.zh}后 {rule.within_hours} 小时内走访"


def rule_names(policy: VisitPolicy | None, lang: Lang = "zh") -> Mapping[str, str]:
    """
    Each rule id of *policy* (triggers as ``trigger:<kind>``) → its name in *lang*.

    Chinese is the rule's ``label_zh``, or a description from its tags and
    frequency; English is the id with ``_`` as spaces.

    >>> policy = VisitPolicy(
    ...     "示例",
    ...     rules=(FrequencyRule("living_alone", ("elderly_living_alone",)),),
    ...     floor=FrequencyRule("ordinary", label_zh="普通居民家庭每月走访一遍"),
    ... )
    >>> names = rule_names(policy)
    >>> names["living_alone"], names["ordinary"]
    ('独居老人每月走访 1 次', '普通居民家庭每月走访一遍')
    >>> rule_names(policy, "en")["living_alone"]
    'living alone'
    """
    if policy is None:
        return {}
    names = {r.id: _frequency(r, lang, floor=False) for r in policy.rules}
    if policy.floor is not None:
        names[policy.floor.id] = _frequency(policy.floor, lang, floor=True)
    for trigger in policy.triggers:
        names.setdefault(f"trigger:{trigger.on.value}", _trigger(trigger, lang))
    return names
