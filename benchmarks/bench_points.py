"""
bench_points: the points engine against rules-engine peers and hand-written Python.

One process, same seeded events for everyone, every engine must report the same
number of (event, rule) matches as the hand-written baseline (research/peers.md
§3 method). Three tables:

1. rule evaluation: 20 rules (2-3 comparisons joined by ``and``) over 200,000
   claims; rate = claims x rules / second. Peers: rule-engine (``Rule.matches``),
   business-rules (``run_all``), zen-engine (compiled expressions). gridgov:
   ``RuleBook.match_indexes`` (the compiled fast path), ``RuleBook.match``
   (rule ids) and ``RuleBook.evaluate`` (a full structured decision per rule).
2. ledger postings per second with idempotency (new keys, and retries of used
   keys), against a dict-of-balances with a dict of keys.
3. a monthly ranking (each compound's top 3) over 100,000 households, and how
   its time grows with 10k / 100k / 1M postings.

    python benchmarks/bench_points.py [--quick]      # BENCH_EVENTS=200000
"""

from __future__ import annotations

import os
import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from importlib import metadata

from gridgov.domain.spans import CHINA_TZ
from gridgov.points import Ledger, Period, compile_rulebook, period_span
from gridgov.points.awards import scoped_ranking
from gridgov.points.spec import FieldSpec, FieldType, RuleBookSpec, RuleSpec
from harness import Case, compare, growth, is_quick, write_table

N_EVENTS = int(os.environ.get("BENCH_EVENTS", "200000"))
if is_quick():
    N_EVENTS //= 100

RULES = [
    ("R01", 'hours >= 2 and category == "volunteer"'),
    ("R02", 'hours >= 4 and category == "volunteer"'),
    ("R03", 'hours >= 8 and category == "volunteer"'),
    ("R04", 'category == "courtyard" and rating == "beautiful"'),
    ("R05", 'category == "courtyard" and rating == "clean"'),
    ("R06", 'category == "meeting" and verified == true'),
    ("R07", 'category == "cleanup" and hours >= 1'),
    ("R08", 'category == "donation" and amount >= 100'),
    ("R09", 'category == "donation" and amount >= 500'),
    ("R10", 'category == "patrol" and hours >= 3'),
    ("R11", 'age >= 60 and category == "volunteer"'),
    ("R12", 'age < 18 and category == "cleanup"'),
    ("R13", 'village == "east" and category == "courtyard"'),
    ("R14", 'village == "west" and rating == "poor"'),
    ("R15", "verified == false and amount > 900"),
    ("R16", 'hours < 1 and category == "meeting"'),
    ("R17", 'rating == "clean" and category == "courtyard" and village == "north"'),
    ("R18", "amount >= 200 and amount < 300"),
    ("R19", 'hours >= 2 and hours <= 6 and category == "patrol"'),
    ("R20", "age >= 30 and age < 40 and verified == true"),
]

PY_RULES = [
    lambda e: e["hours"] >= 2 and e["category"] == "volunteer",
    lambda e: e["hours"] >= 4 and e["category"] == "volunteer",
    lambda e: e["hours"] >= 8 and e["category"] == "volunteer",
    lambda e: e["category"] == "courtyard" and e["rating"] == "beautiful",
    lambda e: e["category"] == "courtyard" and e["rating"] == "clean",
    lambda e: e["category"] == "meeting" and e["verified"] is True,
    lambda e: e["category"] == "cleanup" and e["hours"] >= 1,
    lambda e: e["category"] == "donation" and e["amount"] >= 100,
    lambda e: e["category"] == "donation" and e["amount"] >= 500,
    lambda e: e["category"] == "patrol" and e["hours"] >= 3,
    lambda e: e["age"] >= 60 and e["category"] == "volunteer",
    lambda e: e["age"] < 18 and e["category"] == "cleanup",
    lambda e: e["village"] == "east" and e["category"] == "courtyard",
    lambda e: e["village"] == "west" and e["rating"] == "poor",
    lambda e: e["verified"] is False and e["amount"] > 900,
    lambda e: e["hours"] < 1 and e["category"] == "meeting",
    lambda e: (
        e["rating"] == "clean"
        and e["category"] == "courtyard"
        and e["village"] == "north"
    ),
    lambda e: e["amount"] >= 200 and e["amount"] < 300,
    lambda e: e["hours"] >= 2 and e["hours"] <= 6 and e["category"] == "patrol",
    lambda e: e["age"] >= 30 and e["age"] < 40 and e["verified"] is True,
]

FIELDS = {
    "hours": FieldType.NUMBER,
    "amount": FieldType.INTEGER,
    "age": FieldType.INTEGER,
    "category": FieldType.TEXT,
    "rating": FieldType.TEXT,
    "village": FieldType.TEXT,
    "verified": FieldType.BOOLEAN,
}


def make_events(n: int, seed: int = 42) -> list[dict]:
    rnd = random.Random(seed)
    cats = ["volunteer", "courtyard", "meeting", "cleanup", "donation", "patrol"]
    return [
        {
            "id": i,
            "hours": rnd.randint(0, 16) / 2,
            "category": rnd.choice(cats),
            "rating": rnd.choice(["beautiful", "clean", "average", "poor"]),
            "age": rnd.randint(16, 90),
            "amount": rnd.randint(0, 1000),
            "verified": rnd.random() < 0.5,
            "village": rnd.choice(["east", "west", "north", "south"]),
        }
        for i in range(n)
    ]


def gridgov_book():
    spec = RuleBookSpec(
        id="bench",
        name_zh="基准",
        version="1",
        fields=tuple(FieldSpec(n, t) for n, t in FIELDS.items()),
        rules=tuple(
            RuleSpec(id=rid, name_zh=rid, points=1, when=t) for rid, t in RULES
        ),
    )
    return compile_rulebook(spec)


def setup_python(events):
    rules = PY_RULES

    def run():
        n = 0
        for e in events:
            for r in rules:
                if r(e):
                    n += 1
        return n

    return run


def setup_gridgov_indexes(events):
    match = gridgov_book().match_indexes

    def run():
        return sum(len(match(e)) for e in events)

    return run


def setup_gridgov_ids(events):
    match = gridgov_book().match

    def run():
        return sum(len(match(e)) for e in events)

    return run


def setup_gridgov_evaluate(events):
    book = gridgov_book()
    on = date(2026, 3, 1)

    def run():
        return sum(len(book.evaluate(e, on=on).matched) for e in events)

    return run


def setup_rule_engine(events):
    import rule_engine  # noqa: PLC0415

    rules = [rule_engine.Rule(text) for _, text in RULES]

    def run():
        n = 0
        for e in events:
            for r in rules:
                if r.matches(e):
                    n += 1
        return n

    return run


def setup_business_rules(events):
    from business_rules.actions import BaseActions, rule_action  # noqa: PLC0415
    from business_rules.engine import run_all  # noqa: PLC0415
    from business_rules.fields import FIELD_TEXT  # noqa: PLC0415
    from business_rules.variables import (  # noqa: PLC0415
        BaseVariables,
        boolean_rule_variable,
        numeric_rule_variable,
        string_rule_variable,
    )

    deco = {
        FieldType.NUMBER: numeric_rule_variable,
        FieldType.INTEGER: numeric_rule_variable,
        FieldType.TEXT: string_rule_variable,
        FieldType.BOOLEAN: boolean_rule_variable,
    }
    namespace = {"__init__": lambda self, event: setattr(self, "event", event)}
    for fname, kind in FIELDS.items():

        def getter(self, _f=fname):
            return self.event[_f]

        getter.__name__ = fname
        namespace[fname] = deco[kind](getter)
    event_variables = type("EventVariables", (BaseVariables,), namespace)

    class CountActions(BaseActions):
        def __init__(self):
            self.n = 0

        @rule_action(params={"rule": FIELD_TEXT})
        def hit(self, rule):  # noqa: ARG002 - the action's parameter is the rule id
            self.n += 1

    ops = {
        "==": "equal_to",
        ">=": "greater_than_or_equal_to",
        "<=": "less_than_or_equal_to",
        ">": "greater_than",
        "<": "less_than",
    }
    rule_list = []
    for rid, text in RULES:
        conds = []
        for part in text.split(" and "):
            field, op, lit = part.split(" ", 2)
            if FIELDS[field] is FieldType.BOOLEAN:
                operator = "is_true" if lit == "true" else "is_false"
                conds.append({"name": field, "operator": operator, "value": None})
            else:
                value = lit.strip('"') if lit.startswith('"') else int(lit)
                conds.append({"name": field, "operator": ops[op], "value": value})
        rule_list.append(
            {
                "conditions": {"all": conds},
                "actions": [{"name": "hit", "params": {"rule": rid}}],
            }
        )

    def run():
        actions = CountActions()
        for e in events:
            run_all(rule_list, event_variables(e), actions, stop_on_first_trigger=False)
        return actions.n

    return run


def setup_zen(events):
    import zen  # noqa: PLC0415

    exprs = [zen.compile_expression(text) for _, text in RULES]

    def run():
        n = 0
        for e in events:
            for x in exprs:
                if x.evaluate(e):
                    n += 1
        return n

    return run


PEERS = [
    ("rule-engine Rule.matches", setup_rule_engine, "rule-engine"),
    ("business-rules run_all", setup_business_rules, "business-rules"),
    ("zen-engine compiled expressions", setup_zen, "zen-engine"),
]


def rules_table(events) -> None:
    ops = len(events) * len(RULES)
    expected = setup_python(events)()
    cases = [
        Case("hand-written Python (20 lambdas)", setup_python(events), ops=ops),
        Case(
            "gridgov RuleBook.match_indexes",
            setup_gridgov_indexes(events),
            ops=ops,
            note="compiled fast path",
        ),
        Case("gridgov RuleBook.match", setup_gridgov_ids(events), ops=ops),
        Case(
            "gridgov RuleBook.evaluate",
            setup_gridgov_evaluate(events),
            ops=ops,
            note="a Decision with 20 outcomes per claim",
        ),
    ]
    for name, setup, dist in PEERS:
        try:
            version = metadata.version(dist)
            run = setup(events)
        except Exception as exc:  # noqa: BLE001 - a peer that fails to load is reported
            print(f"skipping {name}: {exc!r}")
            continue
        cases.append(Case(name, run, ops=ops, note=f"{dist} {version}"))
    for case in cases:
        got = case.fn()
        if got != expected:
            msg = f"{case.name}: {got} matches, expected {expected}"
            raise SystemExit(msg)
    results = compare(
        f"rule evaluations: {len(events):,} claims x {len(RULES)} rules "
        f"({expected:,} matches)",
        cases,
        baseline="hand-written Python (20 lambdas)",
        repeat=3,
        min_time=0.0,
    )
    write_table(results, "points_rules")


def ledger_table() -> None:
    t0 = datetime(2026, 3, 1, 9, 0, tzinfo=CHINA_TZ)
    n = 20_000 if not is_quick() else 500
    args = [(f"k{i}", f"H{i % 5000}", t0 + timedelta(minutes=i)) for i in range(n)]

    def fresh_ledger():
        ledger = Ledger()
        for key, account, at in args:
            ledger.award(key, account, 5, at=at, rule_id="vol", approver="委员会")
        return ledger

    def naive():
        balances: dict[str, int] = {}
        seen: dict[str, tuple] = {}
        for key, account, _at in args:
            payload = (account, 5, "vol", "委员会")
            prior = seen.get(key)
            if prior is not None:
                if prior != payload:
                    raise ValueError(key)
                continue
            seen[key] = payload
            balances[account] = balances.get(account, 0) + 5
        return balances

    full = fresh_ledger()

    def retries():
        for key, account, at in args:
            full.award(key, account, 5, at=at, rule_id="vol", approver="委员会")

    results = compare(
        f"ledger postings with idempotency ({n:,} awards per run)",
        [
            Case(
                "dict of balances + dict of keys",
                naive,
                ops=n,
                note="no events, no audit",
            ),
            Case(
                "gridgov Ledger.award (new keys)",
                fresh_ledger,
                ops=n,
                note="event + lot + invariant per posting",
            ),
            Case("gridgov Ledger.award (retried keys)", retries, ops=n),
        ],
        baseline="dict of balances + dict of keys",
        repeat=3,
        min_time=0.0,
    )
    write_table(results, "points_ledger")


def ranking_growth() -> None:
    households = 100_000
    t0 = datetime(2026, 3, 1, 9, 0, tzinfo=CHINA_TZ)
    scopes = {f"H{i}": f"小区{i % 50}" for i in range(households)}
    prizes = (Decimal(50), Decimal(40), Decimal(30))
    march = period_span(date(2026, 3, 1), Period.MONTH)

    def build(postings: int):
        ledger = Ledger()
        rnd = random.Random(7)
        for i in range(postings):
            at = t0 + timedelta(minutes=i % 44_000)
            account = f"H{rnd.randrange(households)}"
            ledger.award(f"k{i}", account, rnd.randint(1, 20), at=at, rule_id="r")

        def rank():
            return scoped_ranking(ledger.earnings(march), scopes, top=3, prizes=prizes)

        return rank

    sizes = [
        int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000,1000000").split(",")
    ]
    results = growth(
        "monthly top 3 per compound over 100,000 households (50 compounds)",
        "scoped_ranking(ledger.earnings(month))",
        build,
        sizes=sizes,
        repeat=3,
        min_time=0.0,
    )
    write_table(results, "points_ranking")


def main() -> None:
    rules_table(make_events(N_EVENTS))
    ledger_table()
    ranking_growth()


if __name__ == "__main__":
    main()
