"""
Care tags (关爱/关注对象标签) and attention levels (关注程度).

A household carries tags such as 空巢老人 or 留守儿童, each effective-dated and
with an attention level. Visit policies key on tags; reports count them. The
vocabulary is open: `STANDARD_CARE_TAGS` is the built-in set, and a township spec
can add its own tags (with their Chinese labels) under ``care_tags``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

__all__ = ["STANDARD_CARE_TAGS", "AttentionLevel", "CareTag", "vocabulary"]


class AttentionLevel(enum.StrEnum):
    """关注程度: how closely a tagged household is followed."""

    NORMAL = "normal"
    MEDIUM = "medium"
    SEVERE = "severe"

    @property
    def zh(self) -> str:
        """The Chinese label (一般, 中等, 严重)."""
        return {"normal": "一般", "medium": "中等", "severe": "严重"}[self.value]

    @property
    def rank(self) -> int:
        """0, 1, 2: higher means closer attention."""
        return ("normal", "medium", "severe").index(self.value)


@attrs.frozen
class CareTag:
    """
    One entry of the care-tag vocabulary.

    Attributes:
        code: English identifier used in specs and policies (``"empty_nest_elderly"``).
        zh: Chinese label (``"空巢老人"``).
        en: English label for display.
        group: Loose grouping for reports (``"elderly"``, ``"children"``,
            ``"assistance"``, ``"special_population"`` …).
    """

    code: str
    zh: str
    en: str = ""
    group: str = "other"


def _tags(*rows: tuple[str, str, str, str]) -> Mapping[str, CareTag]:
    return MappingProxyType({c: CareTag(c, zh, en, g) for c, zh, en, g in rows})


STANDARD_CARE_TAGS: Mapping[str, CareTag] = _tags(
    ("empty_nest_elderly", "空巢老人", "empty-nest elderly", "elderly"),
    ("elderly_living_alone", "独居老人", "elderly living alone", "elderly"),
    ("advanced_age", "高龄老人", "advanced-age elderly (80+)", "elderly"),
    ("disabled_elderly", "失能老人", "elderly with lost capacity", "elderly"),
    ("left_behind_child", "留守儿童", "left-behind child", "children"),
    ("child_in_difficulty", "困境儿童", "child in difficulty", "children"),
    ("disabled", "残疾人", "person with disability", "assistance"),
    (
        "entitled_group",
        "优抚对象",
        "entitled group (veterans, martyrs' families)",
        "assistance",
    ),
    ("floating_population", "流动人口", "floating population", "population"),
    ("minimum_living", "低保", "minimum living allowance (dibao)", "assistance"),
    ("extreme_poverty", "特困", "extreme poverty support (tekun/wubao)", "assistance"),
    ("difficult_family", "困难家庭", "family in difficulty", "assistance"),
    ("community_correction", "社区矫正", "community correction", "special_population"),
    ("released_prisoner", "刑满释放", "released prisoner", "special_population"),
    (
        "severe_mental_disorder",
        "严重精神障碍",
        "severe mental disorder",
        "special_population",
    ),
    ("key_person", "重点人员", "key person", "special_population"),
    ("party_member_household", "党员户", "Party member household", "party"),
)
"""The built-in care-tag vocabulary, keyed by code."""


def vocabulary(extra: Iterable[CareTag] = ()) -> Mapping[str, CareTag]:
    """
    Return the standard vocabulary extended (or overridden) by *extra* tags.

    >>> v = vocabulary([CareTag("migrant_worker", "外出务工", "migrant worker")])
    >>> v["migrant_worker"].zh, v["left_behind_child"].zh
    ('外出务工', '留守儿童')
    """
    merged = dict(STANDARD_CARE_TAGS)
    merged.update({t.code: t for t in extra})
    return MappingProxyType(merged)
