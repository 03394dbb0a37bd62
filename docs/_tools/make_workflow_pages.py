"""
Write the generated section of each built-in workflow's page, docs/workflows/*.md.

Each page has a hand-written introduction and, between two markers, a section
generated from the shipped spec: the diagram (a Graphviz block from
`gridgov.flow.to_dot`, which Sphinx's ``sphinx.ext.graphviz`` draws as an SVG
at build time, so the site needs no network), then the tables of states,
transitions, case effects and default time limits. Run
``python docs/_tools/make_workflow_pages.py`` after editing a workflow spec;
tests/test_docs_offline.py fails while a page is stale. A missing page is
created with a title; the text outside the markers is never touched.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from gridgov.cases import CaseWorkflow
from gridgov.flow import to_dot
from gridgov.io.workflows import builtin_workflow, builtin_workflow_names

DOCS = Path(__file__).resolve().parents[1] / "workflows"
BEGIN = "<!-- generated from the shipped spec: begin -->"
END = "<!-- generated from the shipped spec: end -->"
FENCE = "```"


def _cell(text: str) -> str:
    return text.replace("|", "\\|") or "—"


def _diagram(wf: CaseWorkflow) -> list[str]:
    spec = wf.flow.spec
    return [
        "## Diagram",
        "",
        f"{FENCE}{{graphviz}}",
        f":alt: {spec.label_zh} ({spec.name}): states and transitions",
        ":align: center",
        "",
        to_dot(wf.flow, names=True).rstrip("\n"),
        FENCE,
        "",
    ]


def _tables(wf: CaseWorkflow) -> list[str]:
    flow = wf.flow
    lines = ["## States", "", "| state | 中文 | terminal |", "| --- | --- | --- |"]
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
    return lines


def _time_limits(wf: CaseWorkflow) -> list[str]:
    if wf.deadlines is None:
        return []
    lines = [
        "",
        "## Default time limits",
        "",
        "| category | urgency | level | step | response | resolution | note |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {r.category} | {r.urgency} | {r.level} | {r.step} | "
        f"{r.response.zh if r.response else '—'} | "
        f"{r.resolution.zh if r.resolution else '—'} | {_cell(r.note)} |"
        for r in wf.deadlines.table.rules
    ]
    return lines


def generated_section(wf: CaseWorkflow) -> str:
    """Return the generated Markdown for a workflow, markers included."""
    lines = [BEGIN, "", *_diagram(wf), *_tables(wf), *_time_limits(wf), "", END]
    return "\n".join(lines)


def page(name: str) -> Path:
    """Return the path of a built-in workflow's page."""
    return DOCS / f"{name}.md"


def current_section(text: str) -> str:
    """Return the generated section a page holds now ("" when it has none)."""
    match = re.search(re.escape(BEGIN) + r".*?" + re.escape(END), text, re.DOTALL)
    return match.group(0) if match else ""


def render(name: str, text: str | None) -> str:
    """Return page *name* with a fresh generated section (*text*: the page now)."""
    wf = builtin_workflow(name)
    fresh = generated_section(wf)
    if text is None:
        return f"# {wf.flow.spec.label_zh} (`{name}`)\n\n{fresh}\n"
    now = current_section(text)
    if now:
        return text.replace(now, fresh)
    return f"{text.rstrip()}\n\n{fresh}\n"


def main() -> int:
    """Rewrite the pages that are stale or missing; say which."""
    for name in builtin_workflow_names():
        path = page(name)
        text = path.read_text(encoding="utf-8") if path.exists() else None
        fresh = render(name, text)
        if fresh != text:
            path.write_text(fresh, encoding="utf-8")
            print(f"wrote {path}")  # noqa: T201 - a script reports what it did
    return 0


if __name__ == "__main__":
    sys.exit(main())
