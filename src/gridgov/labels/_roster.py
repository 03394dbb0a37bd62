"""
A roster's summary and its check findings in people's words, Chinese or English.

`gridgov.roster` keeps a finding's English message for developers; here the
same finding's fields (check, code, region, worker, households, count) are
rendered for a township in Chinese, with names instead of codes where a name
exists, and the unit stated (户, 人).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from gridgov.domain.ids import HouseholdId
from gridgov.labels._core import Lang, join, pick
from gridgov.labels._vocab import enum_label, tag_label
from gridgov.roster.findings import Finding
from gridgov.roster.model import Roster
from gridgov.roster.summary import RosterSummary

__all__ = ["finding_text", "summary_lines"]


def summary_lines(
    summary: RosterSummary, roster: Roster, lang: Lang = "zh"
) -> list[str]:
    """
    A roster summary as indented text lines, with units, in *lang*.

    Care tags show the township's own labels (its spec's vocabulary).
    """
    zh = lang == "zh"
    out = [
        f"{summary.name}  {summary.on}  "
        + pick(
            lang, f"在册 {summary.households} 户", f"{summary.households} households"
        )
    ]
    out.append(
        pick(lang, "区划（住户数 / 人员数）：", "Regions (households / workers):")
    )
    for r in summary.regions:
        pad = "  " * (r.depth + 1)
        counts = pick(lang, f"{r.households} 户", f"{r.households} households")
        if r.workers:
            counts += pick(lang, f"，{r.workers} 人", f", {r.workers} workers")
        sep = "：" if zh else ": "
        out.append(f"{pad}{r.name} [{enum_label(r.level, lang)}] {r.code}{sep}{counts}")
    out.append(pick(lang, "网格队伍：", "Workforce:"))
    out += [
        f"  {enum_label(role, lang)}" + pick(lang, f"：{n} 人", f": {n}")
        for role, n in summary.roles
    ]
    out.append(
        pick(lang, "组织（党建与自治组织）：", "Organisations (Party and committees):")
    )
    out += [
        f"  {enum_label(kind, lang)}" + pick(lang, f"：{n} 个", f": {n}")
        for kind, n in summary.organisations
    ]
    out.append(
        pick(
            lang,
            f"  党员中心户：{summary.central_households} 户，"
            f"联系 {summary.central_links} 户",
            f"  party central households: {summary.central_households}, "
            f"linking {summary.central_links} households",
        )
    )
    if summary.care_tags:
        out.append(pick(lang, "关爱对象（户）：", "Care tags (households):"))
        by_zh = {tag.zh: code for code, tag in roster.vocabulary.items()}
        for shown, n in summary.care_tags:
            code = by_zh.get(shown)
            name = (
                shown
                if code is None
                else tag_label(code, lang, vocabulary=roster.vocabulary)
            )
            out.append(f"  {name}" + pick(lang, f"：{n}", f": {n}"))
    return out


def _preview(ids: Sequence[HouseholdId], lang: Lang, limit: int = 10) -> str:
    shown = join(ids[:limit], lang)
    if len(ids) <= limit:
        return shown
    return shown + pick(lang, f" 等 {len(ids)} 户", f" … ({len(ids)} in all)")


def _norm(finding: Finding, roster: Roster, lang: Lang) -> tuple[str, int, int] | None:
    """Who or what a span finding measures (in *lang*), and the norm's bounds."""
    norms = roster.norms
    if finding.worker is not None:
        central = roster.central_households.get(finding.worker)
        if central is not None:
            low, high = norms.central_household_min, norms.central_household_max
            who = pick(lang, "党员中心户", "party central household")
            return f"{who} {central.name} ({central.id})", low, high
        worker = roster.workers.get(finding.worker)
        norm = next(
            (n for n in norms.spans if worker is not None and n.role is worker.role),
            None,
        )
        if worker is None or norm is None:
            return None
        role = enum_label(worker.role, lang)
        return f"{role} {worker.name} ({worker.id})", norm.min, norm.max
    if finding.region is not None and finding.region in roster.regions:
        region = roster.regions[finding.region]
        size = next((n for n in norms.grid_sizes if n.kind is region.kind), None)
        if size is None:
            return None
        kind = pick(
            lang, f"{region.kind.zh}网格", f"{enum_label(region.kind, lang)} grid"
        )
        return f"{kind} {region.name} ({region.code})", size.min, size.max
    return None


def _span(finding: Finding, roster: Roster, lang: Lang) -> str | None:
    measured = _norm(finding, roster, lang) if finding.count is not None else None
    if measured is None:
        return None
    who, low, high = measured
    if lang == "en":
        return f"{who} has {finding.count} households; the norm is {low}–{high}"
    side = "超出" if finding.code == "over" else "不足"
    return f"{who} 有 {finding.count} 户，规范为 {low}–{high} 户（{side}）"


def _finding_en(finding: Finding, roster: Roster, on: date) -> str:
    ids = finding.households
    n, shown = len(ids), _preview(ids, "en")
    region = roster.regions.get(finding.region) if finding.region else None
    texts = {
        "partition.unknown_region": f"{n} household(s) placed in unknown region "
        f"{finding.region}: {shown}",
        "partition.overlap": f"household {join(ids, 'en')} has overlapping "
        "placements (a household lives in one grid at a time)",
        "partition.unplaced": f"{n} household(s) live nowhere in the roster on {on} "
        f"(moved away or not yet arrived): {shown}",
        "coverage.uncovered": f"{n} household(s) have no responsible worker on {on}: "
        f"{shown}",
    }
    if region is not None:
        texts["partition.non_leaf"] = (
            f"{n} household(s) placed in {region.name} "
            f"({enum_label(region.level, 'en')}), which has sub-regions; place "
            f"them in a grid or micro-grid: {shown}"
        )
    text = texts.get(f"{finding.check}.{finding.code}")
    if text is None and finding.check == "span":
        text = _span(finding, roster, "en")
    return finding.message if text is None else text


def _finding_zh(finding: Finding, roster: Roster, on: date) -> str:
    ids = finding.households
    n, shown = len(ids), _preview(ids, "zh")
    region = roster.regions.get(finding.region) if finding.region else None
    texts = {
        "partition.unknown_region": f"{n} 户落在不存在的区划 {finding.region}：{shown}",
        "partition.overlap": f"住户 {join(ids)} 的落户时段重叠（一户同时只在一个网格）",
        "partition.unplaced": f"{n} 户在 {on} 不在任何区划（已迁出或未迁入）：{shown}",
        "coverage.uncovered": f"{n} 户在 {on} 没有责任人（不漏一户）：{shown}",
    }
    if region is not None:
        texts["partition.non_leaf"] = (
            f"{n} 户落在{region.name}（{region.level.zh}），该区划下还有下级区划，"
            f"应落到网格或微网格：{shown}"
        )
    text = texts.get(f"{finding.check}.{finding.code}")
    if text is None and finding.check == "span":
        text = _span(finding, roster, "zh")
    if text is None:
        text = f"台账检查发现问题，涉及 {n} 户" + (f"：{shown}" if ids else "")
    return text


def finding_text(finding: Finding, roster: Roster, on: date, lang: Lang = "zh") -> str:
    """
    One roster finding as a line: ``[错误] …`` in Chinese, ``[error] …`` in English.

    Both are rendered from the finding's fields, naming regions and workers,
    with the norm and the unit (户); a finding of an unknown check shows its
    own (English) message in English.
    """
    if lang == "en":
        return f"[{finding.severity.value}] {_finding_en(finding, roster, on)}"
    return f"[{finding.severity.zh}] {_finding_zh(finding, roster, on)}"
