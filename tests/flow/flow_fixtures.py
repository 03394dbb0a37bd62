"""Shared fixtures for flow tests: a small closed loop with every kind of check."""

from __future__ import annotations

from datetime import datetime

from gridgov.domain.spans import CHINA_TZ
from gridgov.flow import (
    Actor,
    CommandSpec,
    FlowSpec,
    GuardSpec,
    StateSpec,
    TransitionSpec,
)

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=CHINA_TZ)
CLERK = Actor("clerk-1", frozenset({"clerk"}))
WORKER = Actor("w-1", frozenset({"worker"}))
CHIEF = Actor("chief-1", frozenset({"chief", "clerk"}))


def loop_spec(**overrides: object) -> FlowSpec:
    """Return a closed loop: reported → accepted → handled → verified → closed."""
    spec = FlowSpec(
        name="loop",
        label_zh="闭环",
        initial="reported",
        states=[
            StateSpec(name="reported", label_zh="上报"),
            StateSpec(name="accepted", label_zh="受理"),
            StateSpec(name="handled", label_zh="处置"),
            StateSpec(name="verified", label_zh="核查"),
            StateSpec(name="closed", label_zh="结案", terminal=True),
            StateSpec(name="void", label_zh="作废", terminal=True),
        ],
        commands=[
            CommandSpec(name="accept", label_zh="受理"),
            CommandSpec(name="handle", label_zh="处置"),
            CommandSpec(name="verify", label_zh="核查"),
            CommandSpec(name="send_back", label_zh="回退"),
            CommandSpec(name="close", label_zh="结案"),
            CommandSpec(name="cancel", label_zh="作废"),
        ],
        transitions=[
            TransitionSpec(
                sources=["reported"],
                command="accept",
                target="accepted",
                roles=["clerk"],
            ),
            TransitionSpec(
                sources=["accepted"],
                command="handle",
                target="handled",
                roles=["worker"],
                fields=["result"],
            ),
            TransitionSpec(
                sources=["handled"],
                command="verify",
                target="verified",
                roles=["clerk"],
                guards=[
                    GuardSpec(
                        kind="field_equals", params={"field": "check", "value": "pass"}
                    )
                ],
            ),
            TransitionSpec(
                sources=["handled", "verified"],
                command="send_back",
                target_field="to_step",
                targets=["accepted", "reported"],
                fields=["reason"],
            ),
            TransitionSpec(
                sources=["verified"],
                command="close",
                target="closed",
                roles=["chief"],
            ),
            TransitionSpec(
                sources=["reported", "accepted"],
                command="cancel",
                target="void",
                roles=["chief"],
                fields=["reason"],
            ),
        ],
    )
    if overrides:
        import attrs

        spec = attrs.evolve(spec, **overrides)
    return spec
