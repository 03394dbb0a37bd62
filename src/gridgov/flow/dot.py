"""
Export a flow as a Graphviz DOT digraph (no dependency; text only).

Graphviz's ``dot`` (Debian's ``graphviz`` package) turns the text into an SVG
or PNG without a network, which is how the docs draw the workflow diagrams.
States show their Chinese label; each edge shows the command's Chinese label,
with the Chinese names of its guard kinds in brackets when it has guards. With
``names=True`` the identifiers used in spec files (``accepted``, ``mediate``)
follow on a second line, for readers who map the diagram to a spec. Terminal
states have a double border; a dot marks the start. Every label and node name
is quoted and escaped, so any text is safe. The output is deterministic (spec
order), so docs can embed it and a test can check they match.

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
>>> print(to_dot(flow))
digraph "lamp" {
    graph [label="路灯报修", labelloc=t, rankdir=LR, fontname="Noto Sans CJK SC"];
    node [shape=box, style=rounded, fontname="Noto Sans CJK SC"];
    edge [fontname="Noto Sans CJK SC", fontsize=11];
    "[*]" [shape=point, width=0.15, label=""];
    "reported" [label="上报"];
    "fixed" [label="修复", peripheries=2];
    "[*]" -> "reported";
    "reported" -> "fixed" [label="修复"];
}
"""

from __future__ import annotations

from gridgov.flow.compiled import Flow, Transition
from gridgov.flow.guards import BUILTIN_GUARDS, GuardRegistry

__all__ = ["quote", "to_dot"]

FONT = "Noto Sans CJK SC"
"""The font the layout measures with (Debian's ``fonts-noto-cjk``); any other
font with Chinese glyphs is substituted by fontconfig when it is missing."""

_START = "[*]"
"""The start marker's node name; state names are identifiers, so it cannot clash."""


def quote(text: str) -> str:
    r"""
    Return *text* as a DOT double-quoted string that draws exactly that text.

    Backslashes and double quotes are escaped (a bare backslash would start one
    of Graphviz's label escapes such as ``\N``), and a line break becomes ``\n``
    (a centred line); a carriage return is dropped.

    >>> print(quote('say "hi" \\ 上报\nnext'))
    "say \"hi\" \\ 上报\nnext"
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "")
    return '"' + escaped.replace("\n", "\\n") + '"'


def _edge_label(
    flow: Flow, t: Transition, *, names: bool, guards: GuardRegistry
) -> str:
    label = flow.commands[t.command].label_zh
    if t.guards:
        kinds = [g.kind for g in t.guards]
        zh = [guards.kinds[k].label_zh if k in guards.kinds else k for k in kinds]
        label += "〔" + "、".join(zh) + "〕"
    if names:
        label += "\n" + t.command
    return label


def to_dot(
    flow: Flow, *, names: bool = False, guards: GuardRegistry = BUILTIN_GUARDS
) -> str:
    """
    Return the flow as a Graphviz ``digraph`` (text ending in a newline).

    Args:
        flow: The compiled flow.
        names: Add each state's and command's identifier on a second line.
        guards: Where guard kinds get their Chinese labels; pass the registry
            the flow was compiled with when it adds its own kinds (a kind it
            does not know is shown by its name).

    Returns:
        DOT text for ``dot -Tsvg``; the graph is labelled with the flow's
        Chinese name.
    """
    font = quote(FONT)
    title = quote(flow.spec.label_zh)
    lines = [
        f"digraph {quote(flow.name)} {{",
        f"    graph [label={title}, labelloc=t, rankdir=LR, fontname={font}];",
        f"    node [shape=box, style=rounded, fontname={font}];",
        f"    edge [fontname={font}, fontsize=11];",
        f'    {quote(_START)} [shape=point, width=0.15, label=""];',
    ]
    for s in flow.spec.states:
        label = f"{s.label_zh}\n{s.name}" if names else s.label_zh
        extra = ", peripheries=2" if s.terminal else ""
        lines.append(f"    {quote(s.name)} [label={quote(label)}{extra}];")
    lines.append(f"    {quote(_START)} -> {quote(flow.initial)};")
    for t in flow.transitions:
        label = quote(_edge_label(flow, t, names=names, guards=guards))
        lines += [
            f"    {quote(s)} -> {quote(d)} [label={label}];"
            for s in t.sources
            for d in t.targets
        ]
    lines.append("}")
    return "\n".join(lines) + "\n"
