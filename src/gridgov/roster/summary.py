"""
A report-friendly summary of a roster on a day: counts per region and role.

`summarize` returns plain frozen data (easy to render, serialise or assert on);
`RosterSummary.lines` renders it as an indented text tree for the CLI, and
`RosterSummary` displays itself in Jupyter (`gridgov.display.TableDisplay`):
one record per region, with the workforce, organisations and care tags as
small tables below.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import attrs

from gridgov.display import Column, TableDisplay, html_table, labelled_columns
from gridgov.domain.ids import RegionCode
from gridgov.domain.regions import Level
from gridgov.domain.workforce import OrgKind, Role
from gridgov.roster.model import Roster

__all__ = ["RegionCount", "RosterSummary", "summarize"]


@attrs.frozen(kw_only=True)
class RegionCount:
    """One region's line in a summary: its place in the tree and its counts."""

    code: RegionCode
    name: str
    level: Level
    depth: int
    """Distance from the summary's root (0 for a root)."""
    households: int
    """Households living in its subtree on the summary's day."""
    workers: int
    """Active workers whose scope names this region directly."""


_COUNT_COLUMNS = (
    Column("key", "key", "代码"),
    Column("label_zh", "label", "名称"),
    Column("count", "count", "数量"),
)


@attrs.frozen(kw_only=True)
class RosterSummary(TableDisplay):
    """
    Counts of a roster on one day.

    Displays itself: ``to_records()`` gives one record per region (in tree
    order); the Jupyter table adds the workforce, organisations and care tags.

    Attributes:
        name: The roster's name.
        on: The day counted.
        households: Households placed somewhere on that day.
        regions: Every region, in tree order, with its counts.
        roles: Active workers per role, in `Role` order.
        organisations: Organisations per kind.
        central_households: Active 党员中心户.
        central_links: Households linked by them (each counted once).
        care_tags: Placed households per care tag in force, by Chinese label.
    """

    name: str
    on: date
    households: int
    regions: tuple[RegionCount, ...]
    roles: tuple[tuple[Role, int], ...]
    organisations: tuple[tuple[OrgKind, int], ...]
    central_households: int
    central_links: int
    care_tags: tuple[tuple[str, int], ...]

    display_columns = (
        Column("code", "code", "区划代码"),
        Column("name", "name", "名称"),
        *labelled_columns("level", "level", "层级"),
        Column("depth", "depth", "深度"),
        Column("households", "households", "户数"),
        Column("workers", "workers", "网格队伍"),
    )

    def display_rows(self) -> tuple[RegionCount, ...]:
        """The regions, in tree order, with their counts."""
        return self.regions

    def count_records(self) -> dict[str, list[dict[str, Any]]]:
        """
        The other counts as records: ``roles``, ``organisations``, ``care_tags``.

        Each record has ``key`` (the English value; the label for care tags),
        ``label_zh`` and ``count``.
        """
        return {
            "roles": [
                {"key": r.value, "label_zh": r.zh, "count": n} for r, n in self.roles
            ],
            "organisations": [
                {"key": k.value, "label_zh": k.zh, "count": n}
                for k, n in self.organisations
            ],
            "care_tags": [
                {"key": label, "label_zh": label, "count": n}
                for label, n in self.care_tags
            ],
        }

    def display_caption(self) -> str:
        """The roster's name and day: 区划 Regions."""
        return f"{self.name} 区划 Regions · {self.on}"

    def display_note(self) -> str:
        """Households, and the Party overlay's counts."""
        return (
            f"在册 {self.households} 户 households · 党员中心户 "
            f"{self.central_households}, 联系 {self.central_links} 户"
        )

    def to_html(self) -> str:
        """The regions' table, then workforce, organisations and care tags."""
        titles = {
            "roles": "网格队伍 Workforce",
            "organisations": "组织 Organisations",
            "care_tags": "关爱对象 Care tags",
        }
        parts = [super().to_html()]
        parts += [
            html_table(_COUNT_COLUMNS, records, caption=titles[name])
            for name, records in self.count_records().items()
            if records
        ]
        return "\n".join(parts)

    def lines(self) -> list[str]:
        """Render the summary as indented text lines (Chinese labels)."""
        out = [f"{self.name}  {self.on}  {self.households} 户 (households)"]
        out.append("Regions 区划 (households 户 / workers 人):")
        for r in self.regions:
            pad = "  " * (r.depth + 1)
            out.append(
                f"{pad}{r.name} [{r.level.zh}] {r.code}: {r.households} 户"
                + (f", {r.workers} 人" if r.workers else "")
            )
        out.append("Workforce 网格队伍:")
        out.extend(f"  {role.zh} ({role.value}): {n}" for role, n in self.roles)
        out.append("Organisations 组织 (Party overlay 党建 and committees):")
        out.extend(f"  {kind.zh} ({kind.value}): {n}" for kind, n in self.organisations)
        out.append(
            f"  党员中心户 (party central households): {self.central_households}, "
            f"linking {self.central_links} 户"
        )
        if self.care_tags:
            out.append("Care tags 关爱对象:")
            out.extend(f"  {label}: {n}" for label, n in self.care_tags)
        return out


def _depths(roster: Roster) -> dict[RegionCode, int]:
    depth: dict[RegionCode, int] = {}
    for root in roster.roots():
        for region in roster.subtree(root.code):
            parent = region.parent
            depth[region.code] = depth[parent] + 1 if parent in depth else 0
    return depth


def summarize(roster: Roster, on: date) -> RosterSummary:
    """Count households per region, workers per role, the Party overlay and tags."""
    direct: Counter[RegionCode] = Counter()
    roles: Counter[Role] = Counter()
    for worker in roster.workers.values():
        if worker.active.contains(on):
            roles[worker.role] += 1
            direct.update(set(worker.scope.regions))
    per_leaf: Counter[RegionCode] = Counter()
    tags: Counter[str] = Counter()
    for hh in roster.households.values():
        leaf = hh.region_on(on)
        if leaf is None:
            continue
        per_leaf[leaf] += 1
        for code in {t.tag for t in hh.tags_on(on)}:
            label = roster.vocabulary[code].zh if code in roster.vocabulary else code
            tags[label] += 1
    depth = _depths(roster)
    regions = []
    for root in roster.roots():
        for region in roster.subtree(root.code):
            inside = sum(per_leaf[r.code] for r in roster.subtree(region.code))
            regions.append(
                RegionCount(
                    code=region.code,
                    name=region.name,
                    level=region.level,
                    depth=depth[region.code],
                    households=inside,
                    workers=direct[region.code],
                )
            )
    active = [c for c in roster.central_households.values() if c.active.contains(on)]
    linked = {h.id for c in active for h in roster.links_of(c.id, on)}
    kinds = Counter(o.kind for o in roster.organisations.values())
    return RosterSummary(
        name=roster.name,
        on=on,
        households=sum(per_leaf.values()),
        regions=tuple(regions),
        roles=tuple((r, roles[r]) for r in Role if roles[r]),
        organisations=tuple((k, kinds[k]) for k in OrgKind if kinds[k]),
        central_households=len(active),
        central_links=len(linked),
        care_tags=tuple(sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))),
    )
