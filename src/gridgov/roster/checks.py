"""
Roster checks: partition, coverage (不漏一户) and span norms, as findings.

Every check takes the roster and the day to check (``on=``) and returns a tuple
of `Finding`s; none raises on a messy roster. Norms come from ``roster.norms``
(configurable in the township spec).

* `check_partition`: every placement is in a known *leaf* region
  (``non_leaf``, ``unknown_region``), no household has overlapping placements
  (``overlap``), and households placed nowhere on the day are listed
  (``unplaced``, info: moved away or not yet arrived).
* `check_coverage`: every household placed on the day has at least one
  responsible worker; the finding lists exactly who is left out (``uncovered``).
* `check_spans`: 党员中心户 link counts, per-role worker spans (十户长 about 10,
  楼栋长 about 20) and grid sizes against the norms (``over``, ``under``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from gridgov.domain.ids import HouseholdId, RegionCode, WorkerId
from gridgov.domain.regions import Level
from gridgov.roster.findings import Finding, Severity
from gridgov.roster.model import Roster

__all__ = ["check_all", "check_coverage", "check_partition", "check_spans"]


def _sorted(ids: Iterable[HouseholdId]) -> tuple[HouseholdId, ...]:
    return tuple(sorted(set(ids)))


def _preview(ids: tuple[HouseholdId, ...], limit: int = 10) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" … (+{len(ids) - limit})" if len(ids) > limit else "")


def _misplaced(
    code: str, region: RegionCode, ids: Iterable[HouseholdId], where: str
) -> Finding:
    hh_ids = _sorted(ids)
    return Finding(
        check="partition",
        code=code,
        severity=Severity.ERROR,
        message=f"{len(hh_ids)} household(s) placed in {where}: {_preview(hh_ids)}",
        region=region,
        households=hh_ids,
    )


def check_partition(roster: Roster, on: date) -> tuple[Finding, ...]:
    """
    Check that each household lives in exactly one leaf region.

    Placements in unknown or non-leaf regions and overlapping placements are
    errors whatever their dates; households placed nowhere on *on* are info.
    """
    non_leaf: dict[RegionCode, list[HouseholdId]] = defaultdict(list)
    unknown: dict[RegionCode, list[HouseholdId]] = defaultdict(list)
    findings: list[Finding] = []
    unplaced: list[HouseholdId] = []
    for hh in roster.households.values():
        for p in hh.placements:
            if p.region not in roster.regions:
                unknown[p.region].append(hh.id)
            elif not roster.is_leaf(p.region):
                non_leaf[p.region].append(hh.id)
        spans = hh.placements
        overlapping = {
            a.region
            for i, a in enumerate(spans)
            for b in spans[i + 1 :]
            if a.span.overlaps(b.span)
        }
        if overlapping:
            findings.append(
                Finding(
                    check="partition",
                    code="overlap",
                    severity=Severity.ERROR,
                    message=f"household {hh.id} has overlapping placements "
                    f"({', '.join(sorted(overlapping))}); a household lives in one "
                    "grid at a time",
                    households=(hh.id,),
                )
            )
        if hh.region_on(on) is None:
            unplaced.append(hh.id)
    for code, ids in non_leaf.items():
        where = f"{roster.regions[code].label}, which has sub-regions; place them in "
        findings.append(_misplaced("non_leaf", code, ids, where + "a 网格/微网格"))
    for code, ids in unknown.items():
        findings.append(
            _misplaced("unknown_region", code, ids, f"unknown region {code!r}")
        )
    if unplaced:
        ids_out = _sorted(unplaced)
        findings.append(
            Finding(
                check="partition",
                code="unplaced",
                severity=Severity.INFO,
                message=f"{len(ids_out)} household(s) live nowhere in the roster "
                f"on {on} (moved away or not yet arrived): {_preview(ids_out)}",
                households=ids_out,
            )
        )
    return tuple(findings)


def check_coverage(roster: Roster, on: date) -> tuple[Finding, ...]:
    """
    Check 每户有人管 / 不漏一户: every placed household has a responsible worker.

    Only roles in ``roster.norms.responsible_roles`` count. Returns at most one
    error finding whose ``households`` are exactly the households left out.
    """
    covered: set[HouseholdId] = set()
    roles = set(roster.norms.responsible_roles)
    for worker in roster.workers.values():
        if worker.role in roles:
            covered.update(h.id for h in roster.households_of(worker.id, on))
    left_out = _sorted(
        hh.id
        for hh in roster.households.values()
        if hh.id not in covered and hh.region_on(on) is not None
    )
    if not left_out:
        return ()
    return (
        Finding(
            check="coverage",
            code="uncovered",
            severity=Severity.ERROR,
            message=f"{len(left_out)} household(s) have no responsible worker on {on} "
            f"(不漏一户): {_preview(left_out)}",
            households=left_out,
            count=len(left_out),
        ),
    )


def _span_finding(
    *,
    what: str,
    count: int,
    low: int,
    high: int,
    severity: Severity,
    worker: str | None = None,
    region: RegionCode | None = None,
) -> Finding | None:
    if low <= count <= high:
        return None
    code = "over" if count > high else "under"
    return Finding(
        check="span",
        code=code,
        severity=severity,
        message=f"{what} has {count} households; the norm is {low}–{high}",
        worker=WorkerId(worker) if worker is not None else None,
        region=region,
        count=count,
    )


def check_spans(roster: Roster, on: date) -> tuple[Finding, ...]:
    """Check 党员中心户, per-role worker and grid sizes against ``roster.norms``."""
    norms = roster.norms
    found: list[Finding | None] = [
        _span_finding(
            what=f"党员中心户 {central.name} ({central.id})",
            count=len(roster.links_of(central.id, on)),
            low=norms.central_household_min,
            high=norms.central_household_max,
            severity=norms.central_household_severity,
            worker=central.id,
        )
        for central in roster.central_households.values()
        if central.active.contains(on)
    ]
    by_role = {n.role: n for n in norms.spans}
    for worker in roster.workers.values():
        norm = by_role.get(worker.role)
        if norm is not None and worker.active.contains(on):
            found.append(
                _span_finding(
                    what=f"{worker.role.zh} {worker.name} ({worker.id})",
                    count=len(roster.households_of(worker.id, on)),
                    low=norm.min,
                    high=norm.max,
                    severity=norm.severity,
                    worker=worker.id,
                )
            )
    by_kind = {n.kind: n for n in norms.grid_sizes}
    for region in roster.regions.values():
        size = by_kind.get(region.kind)
        if region.level is Level.GRID and size is not None:
            found.append(
                _span_finding(
                    what=f"{region.kind.zh}网格 {region.name} ({region.code})",
                    count=len(roster.households_in(region.code, on)),
                    low=size.min,
                    high=size.max,
                    severity=size.severity,
                    region=region.code,
                )
            )
    return tuple(f for f in found if f is not None)


def check_all(roster: Roster, on: date) -> tuple[Finding, ...]:
    """Run every check; findings come most serious first, then in check order."""
    findings = (
        *check_partition(roster, on),
        *check_coverage(roster, on),
        *check_spans(roster, on),
    )
    return tuple(sorted(findings, key=lambda f: -f.severity.rank))
