"""
bench_flow.py: transitions per second with a guard and history, and bytes per case.

The same 6-state cycle (reported → accepted → dispatched → handled → verified →
closed → reported, one named command per edge) is driven in ONE process by:

* ``gridgov.flow`` — a compiled `Flow`; every transition checks a ``role_in``
  guard (a real built-in guard kind: the actor must hold the ``clerk`` role),
  returns a new frozen `FlowInstance` and a frozen `Step`, and the step is
  appended to the history list. Consecutive commands carry different command
  ids, as real callers do (the same id would be answered as a retry);
* ``transitions`` 0.9 — a `Machine` bound to a model, with ``conditions`` (a
  guard method returning True) and an ``after`` callback appending to a history;
* ``python-statemachine`` — a `StateMachine` class with ``cond`` guards and an
  ``after_transition`` hook appending to a history;
* a plain-dict baseline — a dict lookup, a guard method call and an audit tuple
  appended to a list (the fastest thing one could hand-write).

Memory: bytes per freshly opened case, from tracemalloc (the holding list is
excluded), for the same four designs. Run ``--quick`` for a smoke test.
"""

from __future__ import annotations

from datetime import datetime
from importlib.metadata import PackageNotFoundError, version

from gridgov.domain.spans import CHINA_TZ
from gridgov.flow import (
    Actor,
    CommandSpec,
    FlowSpec,
    GuardSpec,
    StateSpec,
    TransitionSpec,
    compile_flow,
    fire,
    start,
)
from harness import Case, MemoryCase, compare, memory, write_table

STATES = ["reported", "accepted", "dispatched", "handled", "verified", "closed"]
EVENTS = ["accept", "dispatch", "handle", "verify", "close", "reopen"]
CYCLE = [(EVENTS[i], STATES[i], STATES[(i + 1) % 6]) for i in range(6)]
AT = datetime(2026, 11, 2, 9, 0, tzinfo=CHINA_TZ)

# --- gridgov.flow ------------------------------------------------------------

SPEC = FlowSpec(
    name="cycle",
    label_zh="六状态循环",
    initial="reported",
    # A terminal state is required by validation; the cycle never enters it.
    states=[StateSpec(name=s, label_zh=s) for s in STATES]
    + [StateSpec(name="archived", label_zh="归档", terminal=True)],
    commands=[CommandSpec(name=e, label_zh=e) for e in [*EVENTS, "archive"]],
    transitions=[
        TransitionSpec(
            sources=[src],
            command=ev,
            target=dst,
            guards=[GuardSpec(kind="role_in", params={"roles": "clerk"})],
        )
        for ev, src, dst in CYCLE
    ]
    + [TransitionSpec(sources=["closed"], command="archive", target="archived")],
)
FLOW = compile_flow(SPEC)
CLERK = Actor("clerk-1", frozenset({"clerk"}))
COMMAND_IDS = [f"cmd-{i}" for i in range(6)]


class Box:
    """The caller's variable holding the current instance, plus the history."""

    def __init__(self) -> None:
        self.instance, first = start(
            FLOW, "case-1", actor=CLERK, at=AT, command_id="open"
        )
        self.history = [first]


def gridgov_cycle(box: Box) -> None:
    instance, history = box.instance, box.history
    for ev, cid in zip(EVENTS, COMMAND_IDS, strict=True):
        instance, step = fire(FLOW, instance, ev, actor=CLERK, at=AT, command_id=cid)
        history.append(step)
    box.instance = instance


# --- plain dict baseline -----------------------------------------------------

TABLE = {(src, ev): dst for ev, src, dst in CYCLE}


class PlainCase:
    """A dict lookup, a guard call and an audit record per transition."""

    def __init__(self) -> None:
        self.id = "case-1"
        self.state = "reported"
        self.history: list[tuple[str, str, str, str]] = []

    def allowed(self, actor: str) -> bool:
        return actor == "clerk-1"

    def send(self, event: str, actor: str) -> None:
        dst = TABLE[self.state, event]
        if not self.allowed(actor):
            raise PermissionError(event)
        self.history.append((self.state, event, dst, actor))
        self.state = dst


def plain_cycle(case: PlainCase) -> None:
    for ev in EVENTS:
        case.send(ev, "clerk-1")


# --- transitions -------------------------------------------------------------


class TransitionsModel:
    def __init__(self) -> None:
        self.history: list[str] = []

    def allowed(self) -> bool:
        return True

    def record(self) -> None:
        self.history.append(self.state)  # type: ignore[attr-defined]


def transitions_machine() -> object:
    from transitions import Machine  # noqa: PLC0415 - an optional peer

    model = TransitionsModel()
    spec = [
        {
            "trigger": ev,
            "source": src,
            "dest": dst,
            "conditions": "allowed",
            "after": "record",
        }
        for ev, src, dst in CYCLE
    ]
    Machine(
        model=model,
        states=STATES,
        transitions=spec,
        initial="reported",
        auto_transitions=False,
    )
    return model


def transitions_cycle(model: object) -> None:
    for ev in EVENTS:
        getattr(model, ev)()


# --- python-statemachine -----------------------------------------------------

_PSM_CLASS: list[type] = []


def psm_class() -> type:
    if not _PSM_CLASS:
        from statemachine import State, StateMachine  # noqa: PLC0415 - optional

        ns: dict[str, object] = {s: State(initial=(s == "reported")) for s in STATES}
        for ev, src, dst in CYCLE:
            ns[ev] = ns[src].to(ns[dst], cond="allowed")  # type: ignore[attr-defined]
        ns["allowed"] = lambda _self: True

        def after_transition(self, event, source, target) -> None:
            self.history.append((source.id, event, target.id))

        ns["after_transition"] = after_transition
        _PSM_CLASS.append(type("CaseMachine", (StateMachine,), ns))
    return _PSM_CLASS[0]


def psm_machine() -> object:
    machine = psm_class()()
    machine.history = []
    return machine


def psm_cycle(machine: object) -> None:
    for ev in EVENTS:
        getattr(machine, ev)()


def _version(package: str) -> str:

    try:
        return version(package)
    except PackageNotFoundError:
        return ""


def main() -> None:
    peers = []
    t_version, p_version = _version("transitions"), _version("python-statemachine")
    if t_version:
        peers.append(
            Case(
                "transitions",
                transitions_cycle,
                setup=transitions_machine,
                ops=6,
                note=f"transitions {t_version}, conditions + after",
            )
        )
    if p_version:
        peers.append(
            Case(
                "python-statemachine",
                psm_cycle,
                setup=psm_machine,
                ops=6,
                note=f"python-statemachine {p_version}, cond + after_transition",
            )
        )
    speed = compare(
        "one guarded transition with a history record (6-state cycle)",
        [
            Case(
                "plain dict",
                plain_cycle,
                setup=PlainCase,
                ops=6,
                note="dict lookup + guard call + audit tuple",
            ),
            Case(
                "gridgov.flow",
                gridgov_cycle,
                setup=Box,
                ops=6,
                note="role_in guard, frozen FlowInstance + Step, history list",
            ),
            *peers,
        ],
        baseline="plain dict",
    )
    makers = [
        MemoryCase("plain dict", lambda _i: PlainCase()),
        MemoryCase(
            "gridgov.flow",
            lambda i: start(FLOW, f"case-{i}", actor=CLERK, at=AT, command_id="open")[
                0
            ],
        ),
    ]
    if t_version:
        makers.append(MemoryCase("transitions", lambda _i: transitions_machine()))
    if p_version:
        makers.append(MemoryCase("python-statemachine", lambda _i: psm_machine()))
    size = memory(
        "bytes per freshly opened case", makers, baseline="plain dict", count=2_000
    )
    write_table([speed, size], "flow")


if __name__ == "__main__":
    main()
