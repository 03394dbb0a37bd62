"""
`WorkspaceConfig`: everything a Workspace is set up with, and the township directory.

A config holds the specs as compiled objects: the roster (花名册), the rule
book (积分细则), the visit policy (走访制度), patrol checklists (巡查清单), the
case workflows by name (the four built-ins unless replaced), a township
deadline table, the working-day calendar, the points-supermarket catalogue and
the 点单 service menu. Build one from objects, or load a **township
directory** with `load_config`::

    town/                  (``gridgov init PLACE`` writes one to start from)
      township.toml        the roster (required; see gridgov.io.township)
      households.csv       the household 台账 it lists under household_tables
      workers.csv          the workforce 台账 it lists under worker_tables
      rulebook.toml        the points rule book (optional)
      visit_policy.toml    the visit policy (optional)
      checklists.toml      patrol checklists (optional; default the standard ones)
      supermarket.toml     [[items]] sku, name_zh, price, stock (optional)
      menu.toml            [[items]] code, title, kind, team: the 点单 menu (optional)
      deadlines.toml       the township's time limits (a DeadlineTable; optional)
      escalation.toml      when cases go up the ladder (an EscalationPolicy; optional)
      calendar.toml        holiday notices not yet in the holidays package (optional)
      workflows/*.toml     case workflows, added to (or replacing) the built-ins

Every file is checked and every problem reported with its file and path.

>>> config = sample_config()
>>> config.roster.name, config.rulebook.id, sorted(config.workflows)[:2]
('裴村社区', 'peicun', ['digital_city', 'five_matters'])
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from importlib.resources import files
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

import attrs

from gridgov.calendar import ChinaCalendar, UnpublishedYearPolicy
from gridgov.cases.deadlines import DeadlineIndex, DeadlineTable, compile_table
from gridgov.cases.escalation import EscalationPolicy
from gridgov.cases.workflow import CaseWorkflow
from gridgov.errors import SpecError, SpecProblem, UnknownEntityError
from gridgov.io.calendar import load_calendar
from gridgov.io.documents import load_spec
from gridgov.io.rulebook import load_rulebook
from gridgov.io.township import load_township, sample_township_path
from gridgov.io.visits import (
    load_checklists,
    load_visit_policy,
    load_visit_policy_spec,
)
from gridgov.io.workflows import builtin_workflow, builtin_workflow_names, load_workflow
from gridgov.points.book import RuleBook
from gridgov.points.supermarket import Item
from gridgov.roster.model import Roster
from gridgov.types import WorkCalendar
from gridgov.visits.compiled import CompiledPolicy
from gridgov.visits.patrols import STANDARD_CHECKLISTS, ChecklistBook
from gridgov.volunteers.activities import MenuItem

__all__ = [
    "CatalogueSpec",
    "MenuSpec",
    "WorkspaceConfig",
    "builtin_workflows",
    "default_calendar",
    "load_config",
    "sample_config",
    "sample_directory",
]

T = TypeVar("T")


@functools.cache
def builtin_workflows() -> Mapping[str, CaseWorkflow]:
    """
    Every built-in case workflow by name: 数字城管, 五事工作法, 四议两公开, 调解.

    Compiled once per process (compiled workflows are immutable and shared).
    """
    return MappingProxyType(
        {name: builtin_workflow(name) for name in builtin_workflow_names()}
    )


def default_calendar() -> ChinaCalendar:
    """
    The Workspace's default calendar: China, provisional for unpublished years.

    A Workspace must never stop taking cases at a year boundary because the
    next State Council notice is not in the installed ``holidays`` yet, so its
    default calendar answers such a year from the statutory holidays (without
    调休) and marks those deadlines provisional (暂定) — to be revised, as
    events, once the notice is installed (`Workspace.revise_deadlines`). The
    library-level `ChinaCalendar()` still refuses (``RAISE``) unless told.
    """
    return ChinaCalendar(unpublished=UnpublishedYearPolicy.PROVISIONAL)


@attrs.frozen(kw_only=True)
class WorkspaceConfig:
    """
    What a Workspace holds besides its journal.

    Attributes:
        roster: The township roster.
        rulebook: The points rule book, or None (no points claims).
        visit_policy: The compiled visit policy, or None (no obligations).
        checklists: Patrol checklists.
        workflows: Case workflows by name.
        deadlines: A township deadline table replacing the workflows' defaults.
        calendar: The working-day calendar (工作日历).
        catalogue: Points-supermarket items (积分超市).
        menu: The 点单 service menu of the volunteer teams.
        escalation: When cases go up the ladder (see `Workspace.escalate_due`).
        dispute_workflow: The workflow disputes run on (矛盾纠纷调解).
        case_workflow: The workflow other cases run on by default.
        ledger_id: The points ledger's id (its stream is ``ledger:<id>``).
    """

    roster: Roster
    rulebook: RuleBook | None = None
    visit_policy: CompiledPolicy | None = None
    checklists: ChecklistBook = STANDARD_CHECKLISTS
    workflows: Mapping[str, CaseWorkflow] = attrs.field(factory=builtin_workflows)
    deadlines: DeadlineIndex | None = None
    calendar: WorkCalendar = attrs.field(factory=default_calendar)
    catalogue: tuple[Item, ...] = ()
    menu: tuple[MenuItem, ...] = ()
    escalation: EscalationPolicy | None = None
    dispute_workflow: str = "mediation"
    case_workflow: str = "digital_city"
    ledger_id: str = "points"

    def workflow(self, name: str) -> CaseWorkflow:
        """Return the workflow called *name*."""
        try:
            return self.workflows[name]
        except KeyError:
            raise UnknownEntityError(
                "workflow", name, hint=f"known: {', '.join(sorted(self.workflows))}"
            ) from None


@attrs.frozen
class CatalogueSpec:
    """The shape of ``supermarket.toml``: the items on the shelf."""

    items: tuple[Item, ...] = ()


@attrs.frozen
class MenuSpec:
    """The shape of ``menu.toml``: the 点单 menu items."""

    items: tuple[MenuItem, ...] = ()


def sample_directory() -> Path:
    """The directory of the sample specs shipped with gridgov (rule book, policy …)."""
    return Path(str(files("gridgov.app") / "sample"))


class _Collector:
    """Load each file of a township directory, keeping every file's problems."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.problems: list[SpecProblem] = []

    def load(self, path: Path, loader: Callable[[Path], T]) -> T | None:
        """Load *path*; on a SpecError keep its problems (by file), return None."""
        try:
            return loader(path)
        except SpecError as err:
            inside = path.is_relative_to(self.base)
            name = path.relative_to(self.base).as_posix() if inside else str(path)
            self.problems += [
                p.at(f"{name} {p.path}" if p.path else name) for p in err.problems
            ]
            return None


def _workflows(found: _Collector) -> dict[str, CaseWorkflow]:
    workflows = dict(builtin_workflows())
    folder = found.base / "workflows"
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            wf = found.load(path, load_workflow)
            if wf is not None:
                workflows[wf.name] = wf
    return workflows


def _compiled_table(path: Path) -> DeadlineIndex:
    return compile_table(load_spec(path, DeadlineTable))


def load_config(
    directory: str | PathLike[str],
    *,
    township: str | PathLike[str] | None = None,
    calendar: WorkCalendar | None = None,
) -> WorkspaceConfig:
    """
    Load a township directory (see the module docs for its layout).

    Every file is read, and the problems of all of them come back in one
    `SpecError`, each path starting with its file (``rulebook.toml
    rules[0].when``). The visit policy's care tags are judged against the
    roster's vocabulary, or, when the roster itself is invalid, not judged.

    Args:
        directory: The township directory.
        township: The roster file, if not ``directory/township.toml``.
        calendar: The working-day calendar (default: ``calendar.toml`` in the
            directory if there is one, else `default_calendar`).

    Raises:
        SpecError: A spec file is invalid (every problem, located).
        UnknownEntityError: There is no township file.
    """
    base = Path(directory)
    roster_file = Path(township) if township is not None else base / "township.toml"
    if not roster_file.is_file():
        raise UnknownEntityError("township file", str(roster_file))
    found = _Collector(base)
    roster = found.load(roster_file, load_township)

    def optional(name: str) -> Path | None:
        path = base / name
        return path if path.is_file() else None

    def policy_of(path: Path) -> CompiledPolicy | None:
        if roster is None:  # no vocabulary to judge tags by: the shape only
            load_visit_policy_spec(path)
            return None
        return load_visit_policy(path, care_tags=roster.vocabulary)

    def each(name: str, loader: Callable[[Path], T]) -> T | None:
        path = optional(name)
        return None if path is None else found.load(path, loader)

    rulebook = each("rulebook.toml", load_rulebook)
    policy = each("visit_policy.toml", policy_of)
    checklists = each("checklists.toml", load_checklists)
    catalogue = each("supermarket.toml", lambda p: load_spec(p, CatalogueSpec))
    menu = each("menu.toml", lambda p: load_spec(p, MenuSpec))
    deadlines = each("deadlines.toml", _compiled_table)
    escalation = each("escalation.toml", lambda p: load_spec(p, EscalationPolicy))
    notices = each("calendar.toml", load_calendar) if calendar is None else None
    workflows = _workflows(found)
    if found.problems or roster is None:
        raise SpecError(found.problems, source=str(base))
    return WorkspaceConfig(
        roster=roster,
        rulebook=rulebook,
        visit_policy=policy,
        checklists=checklists or STANDARD_CHECKLISTS,
        workflows=MappingProxyType(workflows),
        calendar=calendar or notices or default_calendar(),
        catalogue=catalogue.items if catalogue else (),
        menu=menu.items if menu else (),
        deadlines=deadlines,
        escalation=escalation,
    )


def sample_config() -> WorkspaceConfig:
    """The sample township 裴村社区 with the sample rule book, policy, shop and menu."""
    return load_config(sample_directory(), township=sample_township_path())
