"""Patrols and checklists; policy and checklist files with every problem located."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridgov.domain import CHINA_TZ, HouseholdId
from gridgov.domain.periods import Period
from gridgov.errors import InvalidValueError, SpecError, UnknownEntityError
from gridgov.io import make_converter, structure, unstructure
from gridgov.io.visits import load_checklists, load_visit_policy, load_visit_policy_spec
from gridgov.visits import (
    STANDARD_CHECKLISTS,
    Anchor,
    CatchUp,
    FrequencyRule,
    PatrolFinding,
    PatrolFindingRecorded,
    PatrolRecorded,
    TriggerKind,
    TriggerRule,
    VisitKind,
    VisitPolicy,
    record_patrol,
)

AT = datetime(2026, 5, 8, 9, tzinfo=CHINA_TZ)
GRID = "410381001002001"


def test_a_patrol_with_findings_emits_one_event_per_finding():
    """Two findings: one PatrolRecorded, then a PatrolFindingRecorded for each."""
    events = record_patrol(
        STANDARD_CHECKLISTS,
        key="p1",
        worker="w1",
        region=GRID,
        at=AT,
        checklists=("electricity", "environment", "electricity"),
        findings=[
            PatrolFinding("electricity", "flying_lead", household=HouseholdId("H1")),
            PatrolFinding("environment", "clutter", place="3号楼楼道"),
        ],
    )
    head, *tail = events
    assert isinstance(head, PatrolRecorded)
    assert head.checklists == ("electricity", "environment")
    assert head.findings == 2
    assert all(isinstance(e, PatrolFindingRecorded) for e in tail)
    assert [e.case_category for e in tail] == ["safety_hazard", "environment"]
    assert len({e.event_id for e in events}) == 3


def test_patrol_events_round_trip_through_the_converter():
    """Patrol and finding events survive unstructure/structure unchanged."""
    from gridgov.domain import Event

    conv = make_converter()
    events = record_patrol(
        STANDARD_CHECKLISTS,
        key="p1",
        worker="w1",
        region=GRID,
        at=AT,
        checklists=("fire",),
        findings=[PatrolFinding("fire", "blocked_exit")],
    )
    for e in events:
        assert conv.structure(conv.unstructure(e, Event), Event) == e


@pytest.mark.parametrize(
    ("checklists", "finding", "match"),
    [
        (("nope",), None, "unknown checklist 'nope'"),
        (("fire",), PatrolFinding("fire", "nope"), "unknown item of checklist 'fire'"),
        (("fire",), PatrolFinding("electricity", "flying_lead"), "patrol covered"),
    ],
)
def test_bad_patrols_raise_and_return_nothing(checklists, finding, match):
    """Unknown checklists or items, or findings off the patrol: UnknownEntityError."""
    with pytest.raises(UnknownEntityError, match=match):
        record_patrol(
            STANDARD_CHECKLISTS,
            key="p",
            worker="w1",
            region=GRID,
            at=AT,
            checklists=checklists,
            findings=[finding] if finding else [],
        )


def test_a_naive_patrol_time_is_refused():
    """occurred_at must be timezone-aware."""
    with pytest.raises(InvalidValueError):
        record_patrol(
            STANDARD_CHECKLISTS,
            key="p",
            worker="w",
            region=GRID,
            at=datetime(2026, 5, 8, 9),  # noqa: DTZ001 - naive on purpose
            checklists=("fire",),
        )


def test_the_standard_checklists_load_from_their_own_unstructured_form():
    """STANDARD_CHECKLISTS round-trips through load_checklists."""
    assert load_checklists(unstructure(STANDARD_CHECKLISTS)) == STANDARD_CHECKLISTS


def test_checklist_files_report_every_problem_with_its_path(tmp_path: Path):
    """Duplicate codes and missing labels are all reported, located."""
    f = tmp_path / "lists.toml"
    f.write_text(
        '[[checklists]]\ncode = "fire"\nlabel_zh = "消防"\n'
        '[[checklists.items]]\ncode = "a"\nlabel_zh = ""\n'
        '[[checklists.items]]\ncode = "a"\nlabel_zh = "乙"\n'
        '[[checklists]]\ncode = "fire"\nlabel_zh = "消防2"\nitems = []\n',
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as err:
        load_checklists(f)
    assert err.value.paths == (
        "checklists[0].items[0].label_zh",
        "checklists[0].items[1].code",
        "checklists[1].code",
        "checklists[1].items",
    )
    assert err.value.source == str(f)


def test_policy_file_semantic_problems_are_all_located(tmp_path: Path):
    """Every semantic problem of a policy file comes back in one located error."""
    f = tmp_path / "policy.toml"
    f.write_text(
        'name = "x"\nperiod_start_day = 32\n'
        '[floor]\nid = "floor"\ntags = ["disabled"]\n'
        '[[rules]]\nid = "a"\ntags = ["orphan"]\ngrace_days = 3\n'
        '[[rules]]\nid = "a"\ntags = ["disabled"]\nanchor = "last_visit"\nvisits = 2\n'
        'catch_up = "grace"\n'
        '[[triggers]]\non = "case"\ntags = ["disabled"]\nwithin_hours = 0\n',
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as err:
        load_visit_policy(f)
    assert err.value.paths == (
        "rules[0].tags[0]",
        "rules[0].grace_days",
        "rules[1].visits",
        "rules[1].grace_days",
        "rules[1].id",
        "floor.tags",
        "triggers[0].within_hours",
        "triggers[0].tags",
        "period_start_day",
    )
    assert str(f) in str(err.value)


def test_a_missing_policy_file_is_a_spec_error():
    """A missing file raises SpecError naming it, not OSError."""
    with pytest.raises(SpecError, match="cannot read"):
        load_visit_policy("/nonexistent/policy.toml")


rules = st.builds(
    FrequencyRule,
    id=st.text("abc", min_size=1, max_size=4),
    tags=st.tuples(st.sampled_from(("disabled", "empty_nest_elderly"))),
    visits=st.integers(1, 5),
    per=st.sampled_from(tuple(Period)),
    anchor=st.just(Anchor.CALENDAR),
    kinds=st.sets(st.sampled_from(tuple(VisitKind)), min_size=1).map(tuple),
    catch_up=st.just(CatchUp.NONE),
)


@given(st.lists(rules, max_size=4, unique_by=lambda r: r.id), st.integers(1, 31))
def test_policies_round_trip_through_the_converter(rs, start_day):
    """A policy unstructured to builtins loads back equal."""
    policy = VisitPolicy(
        "p",
        rules=tuple(rs),
        floor=FrequencyRule("floor"),
        period_start_day=start_day,
        triggers=(TriggerRule(TriggerKind.HOSPITAL_STAY, within_hours=48),),
    )
    data = unstructure(policy)
    assert structure(data, VisitPolicy) == policy
    assert load_visit_policy_spec(data) == policy
    assert load_visit_policy(data).policy == policy


def test_the_shipped_example_policy_loads():
    """The 金庄村 policy file loads and covers the six must-visit categories."""
    path = Path(__file__).parents[2] / "examples" / "jinzhuang" / "visit_policy.toml"
    policy = load_visit_policy(path)
    tags = {t for r in policy.policy.rules for t in r.tags}
    assert {
        "empty_nest_elderly",
        "left_behind_child",
        "disabled",
        "entitled_group",
        "floating_population",
        "difficult_family",
    } <= tags
    assert policy.policy.floor is not None
    assert policy.policy.floor.per is Period.MONTH
    assert date(2026, 1, 1)  # the spec has no dates; the example script supplies them
