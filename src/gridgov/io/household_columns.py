"""
A household 台账 as export columns: the importer's headers, one line a household.

`HOUSEHOLD_COLUMNS` reads a `gridgov.domain.Household` into the columns the
台账 importer (`gridgov.io.tables`) reads first — 户号, 地址, 网格, 楼栋, 户籍,
居住起始, 户主, 身份证号, 电话, 性别, 出生日期, 党员, 标签 — with the headers
taken from the importer's own column list, so the two never disagree and a
table exported unmasked (`gridgov.io.sheets.table_sheet`) re-imports as it is.

>>> from gridgov.domain import Household, Person
>>> h = Household(
...     "H1", "一组 3 号", members=(Person("P1", "陈海军", phone="13812345678"),)
... )
>>> [(c.zh, c.get(h)) for c in HOUSEHOLD_COLUMNS if c.key in ("head", "phone")]
[('户主', '陈海军'), ('电话', '13812345678')]
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from gridgov.display import Column
from gridgov.domain.people import Gender, Household
from gridgov.domain.tags import AttentionLevel, vocabulary
from gridgov.io._tablecells import COLUMNS as IMPORT_COLUMNS

__all__ = ["HOUSEHOLD_COLUMNS"]


def _of_head(attribute: str) -> Callable[[Household], Any]:
    def read(household: Household) -> Any:
        head = household.head
        return None if head is None else getattr(head, attribute)

    return read


def _region(household: Household) -> str:
    # The latest placement: where the household lives now (or last lived).
    placements = sorted(household.placements, key=lambda p: p.span.start or date.min)
    return placements[-1].region if placements else ""


def _gender(household: Household) -> str:
    head = household.head
    gender = Gender.UNKNOWN if head is None else head.gender
    return {Gender.MALE: "男", Gender.FEMALE: "女"}.get(gender, "")


def _tags(household: Household) -> str:
    # Tags still in force, by their Chinese label (a custom tag by its code)
    # with a raised attention level after a colon, as the importer reads them.
    known = vocabulary()
    labels = []
    for t in household.tags:
        if t.span.end is not None:
            continue
        label = known[t.tag].zh if t.tag in known else t.tag
        raised = t.attention is not AttentionLevel.NORMAL
        labels.append(f"{label}:{t.attention.zh}" if raised else label)
    return "、".join(labels)


_HEADER = {c.field: c.headers[0] for c in IMPORT_COLUMNS}
"""The Chinese header the 台账 importer reads first for each field."""

HOUSEHOLD_COLUMNS: tuple[Column, ...] = (
    Column("household_id", "household", _HEADER["household_id"], get=lambda h: h.id),
    Column("address", "address", _HEADER["address"]),
    Column("region", "grid", _HEADER["region"], get=_region),
    Column("building", "building", _HEADER["building"]),
    Column(
        "residency", "residency", _HEADER["residency"], get=lambda h: h.residency.zh
    ),
    Column("resident_since", "resident since", _HEADER["resident_since"]),
    Column("head", "head", _HEADER["head"], get=_of_head("name")),
    Column("id_number", "ID number", _HEADER["id_number"], get=_of_head("id_number")),
    Column("phone", "phone", _HEADER["phone"], get=_of_head("phone")),
    Column("gender", "gender", _HEADER["gender"], get=_gender),
    Column(
        "birth_date", "birth date", _HEADER["birth_date"], get=_of_head("birth_date")
    ),
    Column(
        "party_member",
        "party member",
        _HEADER["party_member"],
        get=_of_head("party_member"),
    ),
    Column("tags", "tags", _HEADER["tags"], get=_tags),
)
"""
A household table's columns: the 台账 import headers (户号, 地址, 网格 …).

网格 is the region code the importer needs, 标签 the care tags in force by
their Chinese labels (with a raised attention level: ``独居老人:严重``) joined by
``、``; 户主, 身份证号, 电话, 性别, 出生日期 and 党员 are the head's (the first
member's): a 台账 has one line per household.
"""
