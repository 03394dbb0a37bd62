"""
Export a flow as a Mermaid ``stateDiagram-v2`` (no dependency; text only).

States show their Chinese label and name; each edge shows the command's Chinese
label, and ``[guard]`` markers when the transition has guards. The output is
deterministic (spec order), so docs can embed it and a test can check they match.

>>> from gridgov.flow.spec import CommandSpec, FlowSpec, StateSpec, TransitionSpec
>>> from gridgov.flow.compiled import compile_flow
>>> flow = compile_flow(
...     FlowSpec(
...         name="lamp",
...         label_zh="路灯报修",
...         initial="reported",
...         states=[
...             StateSpec(name="reported", label_zh="上报"),
...             StateSpec(name="fixed", label_zh="修复", terminal=True),
...         ],
...         commands=[CommandSpec(name="fix", label_zh="修复")],
...         transitions=[
...             TransitionSpec(sources=["reported"], command="fix", target="fixed")
...         ],
...     )
... )
>>> print(to_mermaid(flow))
stateDiagram-v2
    state "上报 reported" as reported
    state "修复 fixed" as fixed
    [*] --> reported
    reported --> fixed: 修复 fix
    fixed --> [*]
"""

from __future__ import annotations

from gridgov.flow.compiled import Flow

__all__ = ["to_mermaid"]


def to_mermaid(flow: Flow) -> str:
    """Return the flow as Mermaid ``stateDiagram-v2`` text (no trailing newline)."""
    lines = ["stateDiagram-v2"]
    lines += [
        f'    state "{s.label_zh} {s.name}" as {s.name}' for s in flow.spec.states
    ]
    lines.append(f"    [*] --> {flow.initial}")
    for t in flow.transitions:
        label = f"{flow.commands[t.command].label_zh} {t.command}"
        if t.guards:
            label += " [" + ", ".join(g.kind for g in t.guards) + "]"
        lines += [f"    {s} --> {d}: {label}" for s in t.sources for d in t.targets]
    lines += [f"    {s.name} --> [*]" for s in flow.spec.states if s.terminal]
    return "\n".join(lines)
