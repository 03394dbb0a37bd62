"""
`WorkspaceConfig`: everything a Workspace is set up with, and the township directory.

A config holds the specs as compiled objects: the roster (花名册), the rule
book (积分细则), the visit policy (走访制度), patrol checklists (巡查清单), the
case workflows by name (the four built-ins unless replaced), a township
deadline table, the working-day calendar, the points-supermarket catalogue and
the 点单 service menu. Build one from objects, or load a **township
directory** with `load_config`::

    town/
      township.toml        the roster (required; see gridgov.io.township)
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
from collections.abc import Mapping
from importlib.resources import files
from os import PathLike
from pathlib import Path
from types import MappingProxyType

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
from gridgov.io.visits import load_checklists, load_visit_policy
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


def _workflows(directory: Path) -> dict[str, CaseWorkflow]:
    found = dict(builtin_workflows())
    folder = directory / "workflows"
    problems: list[SpecProblem] = []
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            try:
                wf = load_workflow(path)
            except SpecError as err:
                problems.extend(err.problems)
                continue
            found[wf.name] = wf
    if problems:
        raise SpecError(problems, source=str(folder))
    return found


def load_config(
    directory: str | PathLike[str],
    *,
    township: str | PathLike[str] | None = None,
    calendar: WorkCalendar | None = None,
) -> WorkspaceConfig:
    """
    Load a township directory (see the module docs for its layout).

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
    roster = load_township(roster_file)

    def optional(name: str) -> Path | None:
        path = base / name
        return path if path.is_file() else None

    rulebook = optional("rulebook.toml")
    policy = optional("visit_policy.toml")
    checklists = optional("checklists.toml")
    catalogue = optional("supermarket.toml")
    menu = optional("menu.toml")
    deadlines = optional("deadlines.toml")
    escalation = optional("escalation.toml")
    notices = optional("calendar.toml")
    if calendar is None:
        calendar = load_calendar(notices) if notices else default_calendar()
    return WorkspaceConfig(
        roster=roster,
        rulebook=load_rulebook(rulebook) if rulebook else None,
        visit_policy=(
            load_visit_policy(policy, care_tags=roster.vocabulary) if policy else None
        ),
        checklists=load_checklists(checklists) if checklists else STANDARD_CHECKLISTS,
        workflows=MappingProxyType(_workflows(base)),
        calendar=calendar,
        catalogue=load_spec(catalogue, CatalogueSpec).items if catalogue else (),
        menu=load_spec(menu, MenuSpec).items if menu else (),
        deadlines=compile_table(load_spec(deadlines, DeadlineTable))
        if deadlines
        else None,
        escalation=load_spec(escalation, EscalationPolicy) if escalation else None,
    )


def sample_config() -> WorkspaceConfig:
    """The sample township 裴村社区 with the sample rule book, policy, shop and menu."""
    return load_config(sample_directory(), township=sample_township_path())
