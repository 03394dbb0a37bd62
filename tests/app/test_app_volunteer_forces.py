"""The volunteer forces of seeds 003 and 004, recorded and reported as counted."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from gridgov.app import ActivityKind, Workspace, WorkspaceConfig
from gridgov.domain import CHINA_TZ, Membership, Organisation, OrganisationId, OrgKind
from gridgov.roster import Roster, from_parts

START = datetime(2026, 1, 5, 9, tzinfo=CHINA_TZ)


def _with_teams(roster: Roster, teams: int, volunteers: int) -> Roster:
    """The roster plus *teams* volunteer teams sharing *volunteers* members."""
    people = [p.id for h in roster.households.values() for p in h.members][:volunteers]
    added = [
        Organisation(
            OrganisationId(f"ZYD-{t:02d}"),
            f"志愿服务队{t}",
            OrgKind.VOLUNTEER_TEAM,
            region=next(iter(roster.regions)),
            members=tuple(Membership(p, "志愿者") for p in people[t::teams]),
        )
        for t in range(teams)
    ]
    others = [
        o for o in roster.organisations.values() if o.kind is not OrgKind.VOLUNTEER_TEAM
    ]
    return from_parts(
        name=roster.name,
        regions=roster.regions.values(),
        households=roster.households.values(),
        workers=roster.workers.values(),
        organisations=[*others, *added],
        central_households=roster.central_households.values(),
        care_tags=roster.vocabulary.values(),
        norms=roster.norms,
    )


@pytest.mark.parametrize(
    "force",
    [
        # 银田镇 (seed 003): 志愿者260人 … 代购次数达300余次
        ("003", 1, 260, 300, ActivityKind.ELDERLY_CARE),
        # 孟封镇 (seed 004): 志愿服务队伍20余支，注册志愿者839人，开展志愿服务60余次
        ("004", 20, 839, 60, ActivityKind.THEORY_TALK),
    ],
)
def test_volunteer_force_figures(
    config: WorkspaceConfig, force: tuple[str, int, int, int, ActivityKind]
) -> None:
    """Teams, registered volunteers and activities come out of the report."""
    seed, teams, volunteers, activities, kind = force
    roster = _with_teams(config.roster, teams, volunteers)
    ws = Workspace.in_memory(WorkspaceConfig(roster=roster, calendar=config.calendar))
    team_ids = sorted(
        o.id for o in roster.organisations.values() if o.kind is OrgKind.VOLUNTEER_TEAM
    )
    rng = random.Random(seed)  # noqa: S311 - a simulation
    served = 0
    with ws.transaction():
        for n in range(activities):
            team = roster.organisations[team_ids[n % teams]]
            crew = rng.sample([m.member for m in team.members], 3)
            served += 10
            ws.record_activity(
                f"{seed}-{n}",
                team=team.id,
                kind=kind,
                title=kind.zh,
                organiser=crew[0],
                at=START + timedelta(days=n % 300),
                participants=dict.fromkeys(crew, 2),
                served=10,
            )
    report = ws.report("2026")
    vol = report.volunteers
    assert (vol.teams, vol.registered, vol.activities) == (
        teams,
        volunteers,
        activities,
    )
    assert vol.hours == 2 * 3 * activities
    assert vol.served == served
    assert dict(vol.by_kind) == {kind.zh: activities}
