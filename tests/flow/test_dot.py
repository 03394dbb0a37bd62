"""`gridgov.flow.to_dot`: every state and edge drawn, any label text safe in DOT."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridgov.flow import (
    BUILTIN_GUARDS,
    CommandSpec,
    FlowSpec,
    GuardKind,
    GuardSpec,
    StateSpec,
    TransitionSpec,
    compile_flow,
    to_dot,
)
from gridgov.flow.dot import quote
from gridgov.io.workflows import builtin_workflow, builtin_workflow_names


def _dot_or_skip() -> str:
    """Graphviz's ``dot``; CI installs it (GRIDGOV_REQUIRE_EXTRAS=1 fails without)."""
    found = shutil.which("dot")
    if found is None:
        if os.environ.get("GRIDGOV_REQUIRE_EXTRAS") == "1":
            pytest.fail("Graphviz's dot is not installed (apt-get install graphviz)")
        pytest.skip("Graphviz's dot is not installed")
    return found


def _svg(source: str) -> str:
    done = subprocess.run(  # noqa: S603 - Graphviz's dot on text we generated
        [_dot_or_skip(), "-Tsvg"],
        input=source.encode("utf-8"),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert not done.stderr, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8")


def _texts(svg: str) -> list[str]:
    """The text lines the SVG draws (Graphviz writes a doubled space as nbsp)."""
    found = re.findall(r"<text[^>]*>(.*?)</text>", svg, re.DOTALL)
    return [html.unescape(t).replace("\xa0", " ") for t in found]


def _always(*_: object) -> str | None:
    return None


def _lamp(*, guard_kind: str = "field_equals") -> FlowSpec:
    return FlowSpec(
        name="lamp",
        label_zh="路灯报修",
        initial="reported",
        states=[
            StateSpec(name="reported", label_zh="上报"),
            StateSpec(name="fixed", label_zh="修复"),
            StateSpec(name="closed", label_zh="结案", terminal=True),
        ],
        commands=[
            CommandSpec(name="fix", label_zh="修复"),
            CommandSpec(name="check", label_zh="核查"),
            CommandSpec(name="send_back", label_zh="回退"),
        ],
        transitions=[
            TransitionSpec(sources=["reported"], command="fix", target="fixed"),
            TransitionSpec(
                sources=["fixed"],
                command="check",
                target="closed",
                guards=[GuardSpec(kind=guard_kind, params={"field": "on"})]
                if guard_kind != "field_equals"
                else [
                    GuardSpec(kind="field_equals", params={"field": "on", "value": "y"})
                ],
            ),
            TransitionSpec(
                sources=["fixed"],
                command="send_back",
                target_field="to_step",
                targets=["reported", "fixed"],
                fields=["reason"],
            ),
        ],
    )


@pytest.mark.parametrize("name", builtin_workflow_names())
def test_every_builtin_workflow_renders_with_each_state_and_edge(name: str) -> None:
    """dot accepts the text; every state is a node, every (from, to) an edge."""
    flow = builtin_workflow(name).flow
    text = to_dot(flow, names=True)
    svg = _svg(text)
    drawn = _texts(svg)
    for state in flow.spec.states:
        assert state.label_zh in drawn
        assert state.name in drawn
    edges = set(re.findall(r'^    "(\w+)" -> "(\w+)" \[label=', text, re.MULTILINE))
    expected = {(s, d) for t in flow.transitions for s in t.sources for d in t.targets}
    assert edges == expected
    assert to_dot(flow, names=True) == text  # deterministic


def test_chinese_only_by_default_with_terminal_states_doubled() -> None:
    """Without names no identifier is drawn; terminal states get a double border."""
    flow = compile_flow(_lamp())
    text = to_dot(flow)
    drawn = _texts(_svg(text))
    assert sorted(drawn) == sorted(
        [
            "路灯报修",
            "上报",
            "修复",
            "结案",
            "修复",
            "核查〔字段取值〕",
            "回退",
            "回退",
        ]
    )
    assert '"closed" [label="结案", peripheries=2];' in text
    assert '"fixed" [label="修复"];' in text
    assert not re.search(r"[A-Za-z_]{3,}", "".join(drawn))


def test_a_target_field_draws_one_edge_per_possible_target() -> None:
    """回退 to a named step: an edge to each state the field may name."""
    text = to_dot(compile_flow(_lamp()))
    assert '"fixed" -> "reported" [label="回退"];' in text
    assert '"fixed" -> "fixed" [label="回退"];' in text


def test_an_app_guard_kind_takes_its_label_from_the_registry_passed() -> None:
    """A kind the default registry lacks shows its name, or its label when given."""
    kind = GuardKind(
        name="lamp_on",
        label_zh="灯亮",
        summary="the lamp is on",
        build=lambda _params: _always,
        required=("field",),
    )
    registry = BUILTIN_GUARDS.with_kind(kind)
    flow = compile_flow(_lamp(guard_kind="lamp_on"), guards=registry)
    assert '[label="核查〔灯亮〕"]' in to_dot(flow, guards=registry)
    assert '[label="核查〔lamp_on〕"]' in to_dot(flow)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("上报", '"上报"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("a\\b", '"a\\\\b"'),
        ("\\N", '"\\\\N"'),
        ("one\ntwo", '"one\\ntwo"'),
        ("one\r\ntwo\r", '"one\\ntwo"'),
        ("", '""'),
    ],
)
def test_quote_escapes_backslash_quote_and_line_breaks(text: str, quoted: str) -> None:
    """The DOT source for the tricky characters, spelt out."""
    assert quote(text) == quoted


_LINE = st.text(
    st.characters(
        categories=("L", "N", "P", "S", "Zs"),
        exclude_characters="\xa0",
    ),
    min_size=1,
    max_size=12,
).map(str.strip)


@settings(max_examples=25)
@given(lines=st.lists(_LINE.filter(bool), min_size=1, max_size=3))
def test_any_label_text_is_drawn_exactly(lines: list[str]) -> None:
    """Quotes, backslashes (``\\N``, ``\\l``), <, & and CJK come out as written."""
    label = "\n".join(lines)
    source = f"digraph {quote('g')} {{ {quote(label)} [label={quote(label)}]; }}"
    assert _texts(_svg(source)) == lines
