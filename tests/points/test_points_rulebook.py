"""Rule books: loading, validation with paths, evaluation outcomes, rendering."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings

from gridgov.domain.ids import HouseholdId
from gridgov.domain.people import Household, Residency
from gridgov.domain.spans import DateSpan
from gridgov.errors import GridgovError, SpecError, UnknownEntityError
from gridgov.io.rulebook import load_rulebook
from gridgov.points import Outcome, RuleBook

BOOK: dict[str, Any] = {
    "id": "demo",
    "name_zh": "示范村积分细则",
    "version": "2026.1",
    "categories": [
        {"id": "volunteer", "label_zh": "志愿服务"},
        {"id": "conduct", "label_zh": "遵纪守法"},
    ],
    "fields": [
        {"name": "hours", "type": "number", "label_zh": "服务时长"},
        {
            "name": "kind",
            "type": "text",
            "label_zh": "事项",
            "choices": ["patrol", "cleanup", "burning"],
        },
        {"name": "verified", "type": "boolean"},
    ],
    "eligibility": {"registered": True, "min_months_resident": 3},
    "policy": {"no_deduction": True, "base_score": 100, "reset": "year"},
    "rules": [
        {
            "id": "vol8",
            "name_zh": "志愿服务8小时",
            "points": 20,
            "category": "volunteer",
            "when": "hours >= 8",
            "group": "vol",
        },
        {
            "id": "vol2",
            "name_zh": "志愿服务2小时",
            "points": 5,
            "category": "volunteer",
            "when": "hours >= 2",
            "group": "vol",
            "cap": {"period": "month", "max_points": 12},
        },
        {
            "id": "patrol",
            "name_zh": "治安巡防",
            "points": 2,
            "category": "volunteer",
            "unit": "hour",
            "quantity_field": "hours",
            "conditions": [{"field": "kind", "op": "==", "value": "patrol"}],
            "evidence": ["sign_in"],
            "approval": "committee",
        },
        {
            "id": "burning",
            "name_zh": "焚烧秸秆",
            "points": -5,
            "category": "conduct",
            "conditions": [{"field": "kind", "op": "in", "value": ["burning"]}],
        },
        {
            "id": "old",
            "name_zh": "旧规",
            "points": 1,
            "category": "volunteer",
            "valid_until": "2026-01-01",
        },
    ],
}

ON = date(2026, 3, 10)


class FixedUsage:
    def __init__(self, points: int, times: int) -> None:
        self.points, self.times = points, times

    def cap_usage(self, rule_id: str, span: DateSpan) -> tuple[int, int]:
        assert span == DateSpan(date(2026, 3, 1), date(2026, 4, 1))
        return (self.points, self.times) if rule_id == "vol2" else (0, 0)


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rulebook(BOOK)


def test_rulebook_loads_from_toml_and_json(tmp_path: Path) -> None:
    """The same book loads from a JSON file and a mapping with the same rules."""
    path = tmp_path / "book.json"
    path.write_text(json.dumps(BOOK, ensure_ascii=False), encoding="utf-8")
    from_file = load_rulebook(path)
    assert [r.spec.id for r in from_file.rules] == [
        "vol8",
        "vol2",
        "patrol",
        "burning",
        "old",
    ]
    assert from_file.version == "2026.1"


def test_tiers_in_a_group_count_once(book: RuleBook) -> None:
    """Only the first matching rule of a group counts; lower tiers are superseded."""
    decision = book.evaluate({"hours": 9}, on=ON)
    assert decision.outcome("vol8").outcome is Outcome.MATCHED
    assert decision.outcome("vol2").outcome is Outcome.SUPERSEDED
    assert decision.points == 20


def test_caps_clamp_to_what_is_left(book: RuleBook) -> None:
    """A cap per month clamps the award to the room left, then to nothing."""
    partial = book.evaluate({"hours": 3}, on=ON, usage=FixedUsage(10, 2))
    assert (partial.outcome("vol2").outcome, partial.points) == (Outcome.CAPPED, 2)
    full = book.evaluate({"hours": 3}, on=ON, usage=FixedUsage(12, 3))
    assert (full.outcome("vol2").outcome, full.points) == (Outcome.CAPPED, 0)
    assert "每月上限 12 分" in full.outcome("vol2").render("zh")


def test_per_hour_rule_needs_evidence_and_approval(book: RuleBook) -> None:
    """Per-hour points need the evidence, then the approval, then count whole hours."""
    facts = {"kind": "patrol", "hours": 3.5}
    assert (
        book.evaluate(facts, on=ON).outcome("patrol").outcome
        is Outcome.MISSING_EVIDENCE
    )
    waiting = book.evaluate(facts, on=ON, evidence=["sign_in"])
    assert waiting.outcome("patrol").outcome is Outcome.NEEDS_APPROVAL
    done = book.evaluate(facts, on=ON, evidence=["sign_in"], approved_by="业委会")
    assert (done.outcome("patrol").outcome, done.outcome("patrol").points) == (
        Outcome.MATCHED,
        6,
    )


def test_negative_rule_records_without_deducting(book: RuleBook) -> None:
    """积分不扣分: a negative rule is recorded with 0 points."""
    decision = book.evaluate({"kind": "burning"}, on=ON)
    outcome = decision.outcome("burning")
    assert (outcome.outcome, outcome.points, outcome.nominal) == (
        Outcome.RECORDED,
        0,
        -5,
    )
    assert decision.points == 0


def test_eligibility_by_registration_and_months(book: RuleBook) -> None:
    """Registered households take part; outsiders after 3 whole months."""
    reg = Household(HouseholdId("H1"), "1栋")
    new = Household(
        HouseholdId("H2"),
        "2栋",
        residency=Residency.RESIDENT,
        resident_since=date(2026, 1, 11),
    )
    old = Household(
        HouseholdId("H3"),
        "3栋",
        residency=Residency.RESIDENT,
        resident_since=date(2025, 12, 10),
    )
    assert book.eligibility(reg, ON).eligible
    assert not book.eligibility(new, ON).eligible
    assert book.eligibility(new, ON).reason_zh == "外来常住 1 个月，未满 3 个月"
    assert book.eligibility(old, ON).eligible
    decision = book.evaluate({"hours": 9}, on=ON, household=new)
    assert decision.outcome("vol8").outcome is Outcome.NOT_ELIGIBLE
    assert decision.points == 0


def test_validity_dates(book: RuleBook) -> None:
    """A rule past its valid_until is not in force."""
    assert book.evaluate({}, on=ON).outcome("old").outcome is Outcome.NOT_IN_FORCE
    assert (
        book.evaluate({}, on=date(2025, 12, 31)).outcome("old").outcome
        is Outcome.MATCHED
    )


def test_decision_renders_in_chinese_and_english(book: RuleBook) -> None:
    """The decision says what failed and on what value, in both languages."""
    decision = book.evaluate({"hours": 1.5, "kind": "cleanup"}, on=ON, trace=True)
    zh = decision.render("zh")
    en = decision.render("en")
    assert "志愿服务2小时 (vol2): 不符合：hours >= 2 (hours = 1.5)" in zh
    assert "志愿服务2小时 (vol2): not matched: hours >= 2 (hours = 1.5)" in en
    assert '治安巡防 (patrol): 不符合：kind == "patrol" (kind = cleanup)' in zh
    assert zh.endswith("合计 0 分")


def test_tracing_off_gives_no_clauses(book: RuleBook) -> None:
    """Without trace the outcome is the same but carries no clause detail."""
    plain = book.evaluate({"hours": 1}, on=ON)
    traced = book.evaluate({"hours": 1}, on=ON, trace=True)
    assert [o.outcome for o in plain.outcomes] == [o.outcome for o in traced.outcomes]
    assert all(o.clauses == () for o in plain.outcomes)


def test_unknown_rule_id_suggests(book: RuleBook) -> None:
    """Asking for an unknown rule says which one was meant."""
    with pytest.raises(UnknownEntityError, match="did you mean 'patrol'"):
        book.evaluate({}, on=ON, rule_ids=["patrl"])


def test_check_facts_finds_every_problem(book: RuleBook) -> None:
    """Claim facts are checked against the declared fields, types and choices."""
    problems = book.check_facts({"hours": "2", "kind": "dance", "hrs": 1})
    assert [str(p) for p in problems] == [
        "facts.hours: expected number, got '2'",
        "facts.kind: expected one of patrol, cleanup, burning; got 'dance'",
        "facts.hrs: unknown field; did you mean 'hours'?",
    ]


def test_vocabulary_export_lists_fields_operators_functions(book: RuleBook) -> None:
    """A rule editor gets fields, operators per type and functions with labels."""
    vocab = book.vocabulary()
    assert [f["name"] for f in vocab["fields"]] == ["hours", "kind", "verified"]
    assert {o["symbol"] for o in vocab["operators"]["boolean"]} == {
        "==",
        "!=",
        "in",
        "not in",
    }
    assert any(
        f["name"] == "days_between" and f["zh"] == "相隔天数"
        for f in vocab["functions"]
    )
    json.dumps(vocab, ensure_ascii=False)


def test_every_semantic_problem_is_reported_with_its_path() -> None:
    """One SpecError lists every problem in the book, each with a path."""
    bad = copy.deepcopy(BOOK)
    bad["rules"][0]["when"] = "hour >= 8"
    bad["rules"][1]["category"] = "volunter"
    bad["rules"][2]["quantity_field"] = "kind"
    bad["rules"][3]["conditions"][0]["op"] = "nt_in"
    bad["rules"][4]["id"] = "vol8"
    bad["rules"][1]["cap"] = {"period": "month"}
    bad["policy"]["expiry_months"] = 12
    bad["policy"]["notice_days"] = -1
    with pytest.raises(SpecError) as err:
        load_rulebook(bad)
    assert list(err.value.paths) == [
        "rules[0].when",
        "rules[1].category",
        "rules[1].cap",
        "rules[2].quantity_field",
        "rules[3].conditions[0].op",
        "rules[4].id",
        "policy.notice_days",
        "policy.expiry_months",
    ]
    assert "did you mean 'hours'" in str(err.value)
    assert "did you mean 'volunteer'" in str(err.value)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False)
    | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_malformed_rulebooks_only_raise_spec_errors_with_paths(
    data: st.DataObject,
) -> None:
    """Any corruption of a valid book raises only SpecError, each with a path."""
    book = copy.deepcopy(BOOK)
    for _ in range(data.draw(st.integers(1, 4))):
        paths = [p for p in _paths(book) if p]
        where = data.draw(st.sampled_from(paths))
        parent = book
        for part in where[:-1]:
            parent = parent[part]
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[where[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[data.draw(st.text(max_size=6))] = data.draw(json_values)
        else:
            parent[where[-1]] = data.draw(json_values)
    problems: tuple = ()
    try:
        compiled = load_rulebook(book)
    except SpecError as err:
        problems = err.problems or (None,)
    except GridgovError as err:  # pragma: no cover - would be a bug
        pytest.fail(f"expected SpecError, got {err!r}")
    else:
        compiled.evaluate({"hours": 3}, on=ON, trace=True).render()
    assert all(p is not None and p.path for p in problems), problems


def test_evidence_may_carry_a_reference(book: RuleBook) -> None:
    """Evidence 'sign_in:0309' satisfies the kind 'sign_in'; 'sign' does not."""
    facts = {"kind": "patrol", "hours": 2}
    ok = book.evaluate(facts, on=ON, evidence=["sign_in:0309"], approved_by="x")
    assert ok.outcome("patrol").outcome is Outcome.MATCHED
    bad = book.evaluate(facts, on=ON, evidence=["sign"], approved_by="x")
    assert bad.outcome("patrol").outcome is Outcome.MISSING_EVIDENCE
