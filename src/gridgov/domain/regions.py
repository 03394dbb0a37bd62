"""
Regions: the administrative tree down to grids and micro-grids.

Codes follow GB/T 2260 (6-digit county code) extended by local segments, the shape
of CJ/T 349 and GB/T 10114: town +3 digits, village/community +3, grid +3,
micro-grid +3. A child's code starts with its parent's code, so "is this region
inside that one" is a string prefix test.

==========  ========  ====================  =================
`Level`     中文       code digits            example
==========  ========  ====================  =================
city        市         6 (ends ``00``)        ``410300``
county      县区       6                      ``410381``
town        乡镇街道   9                      ``410381004``
village     村社区     12                     ``410381004201``
grid        网格       15                     ``410381004201001``
micro_grid  微网格     18                     ``410381004201001002``
==========  ========  ====================  =================
"""

from __future__ import annotations

import enum

import attrs

from gridgov.domain.ids import RegionCode
from gridgov.errors import SpecProblem

__all__ = [
    "CODE_LENGTH",
    "GridKind",
    "Level",
    "Region",
    "check_region_code",
    "region_code_problem",
]


class Level(enum.StrEnum):
    """Administrative level of a region (行政层级)."""

    CITY = "city"
    COUNTY = "county"
    TOWN = "town"
    VILLAGE = "village"
    GRID = "grid"
    MICRO_GRID = "micro_grid"

    @property
    def zh(self) -> str:
        """The Chinese label, e.g. ``乡镇街道``."""
        return _LEVEL_ZH[self]

    @property
    def depth(self) -> int:
        """0 for a city, 5 for a micro-grid: larger is lower in the tree."""
        return _LEVEL_ORDER.index(self)

    def child(self) -> Level | None:
        """The level directly below, or None for a micro-grid."""
        i = self.depth + 1
        return _LEVEL_ORDER[i] if i < len(_LEVEL_ORDER) else None


_LEVEL_ORDER = (
    Level.CITY,
    Level.COUNTY,
    Level.TOWN,
    Level.VILLAGE,
    Level.GRID,
    Level.MICRO_GRID,
)
_LEVEL_ZH = {
    Level.CITY: "市",
    Level.COUNTY: "县区",
    Level.TOWN: "乡镇街道",
    Level.VILLAGE: "村社区",
    Level.GRID: "网格",
    Level.MICRO_GRID: "微网格",
}

CODE_LENGTH: dict[Level, int] = {
    Level.CITY: 6,
    Level.COUNTY: 6,
    Level.TOWN: 9,
    Level.VILLAGE: 12,
    Level.GRID: 15,
    Level.MICRO_GRID: 18,
}
"""Digits in a region code at each level."""


class GridKind(enum.StrEnum):
    """Kind of grid (网格类型): urban and rural size norms differ."""

    URBAN = "urban"
    RURAL = "rural"
    DEDICATED = "dedicated"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return {"urban": "城市", "rural": "农村", "dedicated": "专属"}[self.value]


@attrs.frozen
class Region:
    """
    A node of the administrative tree (a town, a village, a grid …).

    >>> r = Region(
    ...     RegionCode("410381004201001"),
    ...     "一网格",
    ...     Level.GRID,
    ...     parent=RegionCode("410381004201"),
    ... )
    >>> r.level.zh
    '网格'
    """

    code: RegionCode
    name: str
    level: Level
    parent: RegionCode | None = None
    kind: GridKind = GridKind.URBAN
    name_en: str = ""

    @property
    def label(self) -> str:
        """``name (level)`` for display, e.g. ``一网格 (网格)``."""
        return f"{self.name} ({self.level.zh})"


def check_region_code(code: str, level: Level, parent: str | None) -> str | None:
    """
    Check a region code's shape; return what is wrong, or None.

    >>> check_region_code("410381004", Level.TOWN, "410381") is None
    True
    >>> check_region_code("41038100", Level.TOWN, "410381")
    'expected 9 digits for a 乡镇街道 code, got 8'
    >>> check_region_code("410382004", Level.TOWN, "410381")
    "expected a code starting with its parent's code '410381'"
    """
    problem = region_code_problem(code, level, parent)
    return None if problem is None else problem.message


def region_code_problem(
    code: str, level: Level, parent: str | None
) -> SpecProblem | None:
    """`check_region_code` as a structured `SpecProblem` (no path), or None."""
    want = CODE_LENGTH[level]
    if not code.isdigit() or not code.isascii():
        return SpecProblem.of("", "region_code_digits", value=code)
    if len(code) != want:
        return SpecProblem.of(
            "", "region_code_length", want=want, level=level.zh, got=len(code)
        )
    if level is Level.CITY and not code.endswith("00"):
        return SpecProblem.of("", "city_code")
    if parent is None:
        return None
    prefix = parent[:4] if level is Level.COUNTY else parent
    if not code.startswith(prefix):
        return SpecProblem.of("", "region_code_prefix", prefix=prefix)
    return None
