"""The workflow pages embed exactly what the shipped specs generate (docs cannot drift).

Each page under docs/workflows/ has a generated section between two markers:
the Mermaid diagram (`gridgov.flow.to_mermaid`) and the tables of states,
commands, transitions and case effects. To refresh the pages after editing a
spec, run ``python tests/cases/test_cases_workflow_docs.py``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from gridgov.cases import CaseWorkflow
from gridgov.flow import to_mermaid
from gridgov.io.workflows import builtin_workflow, builtin_workflow_names

DOCS = Path(__file__).resolve().parents[2] / "docs" / "workflows"
BEGIN = "<!-- generated from the shipped spec: begin -->"
END = "<!-- generated from the shipped spec: end -->"
FENCE = "```"


def _cell(text: str) -> str:
    return text.replace("|", "\\|") or "—"


def generated_section(wf: CaseWorkflow) -> str:
    """Return the generated Markdown for a workflow (diagram and tables)."""
    flow = wf.flow
    lines = [
        BEGIN,
        "",
        "## Diagram",
        "",
        f"{FENCE}mermaid",
        to_mermaid(flow),
        FENCE,
        "",
    ]
    lines += ["## States", "", "| state | 中文 | terminal |", "| --- | --- | --- |"]
    lines += [
        f"| `{s.name}` | {s.label_zh} | {'yes' if s.terminal else ''} |"
        for s in flow.spec.states
    ]
    lines += [
        "",
        "## Transitions",
        "",
        "| from | command | 中文 | to | roles | required fields | guards |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for t in flow.transitions:
        target = t.target or f"`{t.target_field}` names one of " + ", ".join(
            f"`{x}`" for x in t.targets
        )
        lines.append(
            "| "
            + ", ".join(f"`{s}`" for s in t.sources)
            + f" | `{t.command}` | {flow.commands[t.command].label_zh} | "
            + (f"`{target}`" if t.target else target)
            + " | "
            + _cell(", ".join(sorted(t.roles)))
            + " | "
            + _cell(", ".join(t.fields))
            + " | "
            + _cell("; ".join(g.describe() for g in t.guards))
            + " |"
        )
    lines += ["", "## Case effects", "", "| command | effects |", "| --- | --- |"]
    lines += [
        f"| `{c}` | "
        + ", ".join(f"{e.value} ({e.zh})" for e in sorted(wf.effects[c]))
        + " |"
        for c in flow.commands
        if c in wf.effects
    ]
    verified = ", ".join(f"`{s}`" for s in sorted(wf.verified_states))
    lines += ["", f"Verified states (a case is resolved only from these): {verified}."]
    if wf.deadlines is not None:
        lines += [
            "",
            "## Default time limits",
            "",
            "| category | urgency | level | step | response | resolution | note |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for r in wf.deadlines.table.rules:
            lines.append(
                f"| {r.category} | {r.urgency} | {r.level} | {r.step} | "
                f"{r.response.zh if r.response else '—'} | "
                f"{r.resolution.zh if r.resolution else '—'} | {_cell(r.note)} |"
            )
    lines += ["", END]
    return "\n".join(lines)


def page(name: str) -> Path:
    return DOCS / f"{name}.md"


def current_section(text: str) -> str:
    match = re.search(re.escape(BEGIN) + r".*?" + re.escape(END), text, re.DOTALL)
    return match.group(0) if match else ""


@pytest.mark.parametrize("name", builtin_workflow_names())
def test_page_matches_the_shipped_spec(name: str) -> None:
    """The page's generated section, diagram included, equals a fresh rendering."""
    text = page(name).read_text(encoding="utf-8")
    wf = builtin_workflow(name)
    assert current_section(text) == generated_section(wf), (
        f"docs/workflows/{name}.md is stale: run python {Path(__file__).name}"
    )
    diagrams = re.findall(FENCE + r"mermaid\n(.*?)\n" + FENCE, text, re.DOTALL)
    assert diagrams == [to_mermaid(wf.flow)]


def refresh() -> None:
    """Rewrite the generated section of every page (create pages if missing)."""
    for name in builtin_workflow_names():
        wf = builtin_workflow(name)
        path = page(name)
        fresh = generated_section(wf)
        if path.exists():
            text = path.read_text(encoding="utf-8")
            text = (
                text.replace(current_section(text), fresh)
                if current_section(text)
                else f"{text.rstrip()}\n\n{fresh}\n"
            )
        else:
            title = f"# {wf.flow.spec.label_zh} (`{name}`)"
            text = f"{title}\n\n{fresh}\n"
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")  # noqa: T201


if __name__ == "__main__":
    sys.exit(refresh())
