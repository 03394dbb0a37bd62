"""
Loading a township: spec file (TOML/JSON) + household tables → `Roster`.

`load_township` reads a township spec (see `gridgov.roster.spec` for the shape),
imports the CSV/Excel 台账 files it lists under ``household_tables`` and
``worker_tables`` (paths relative to the spec file; see `gridgov.io.tables` and
`gridgov.io.worker_tables`), and builds the roster. Problems are reported in one
`SpecError`, each with its path: shape problems (types, enums, dates, unknown
or missing fields), bad table rows, and cross-reference problems (bad codes,
unknown references, duplicate ids, unknown care tags). A reference problem of
a worker from a table is located at its file, line and column
(``worker_tables[0] workers.csv line 3, column '网格'``).

Cross references can only be checked on a document that has the right shape. So
when the shape is wrong, the loader sets the offending parts aside (an unknown
field is dropped, a bad optional value falls back to its default, a bad tag is
left out) and checks the references of what remains; the problems of both
passes are reported together. Where that would make references fail for no
reason (a household, worker, region or organisation is at fault) only the
shape problems are reported. Numbers out of range (``capacity_per_day = -5``)
and organisation parents that form a cycle are problems too.

>>> roster = load_township(sample_township_path())
>>> roster.name, len(roster.households) > 1000
('裴村社区', True)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any

import attrs

from gridgov.domain.people import Household
from gridgov.domain.tags import vocabulary
from gridgov.domain.workforce import Worker
from gridgov.errors import (
    ImportRowsError,
    MissingExtraError,
    RowProblem,
    SpecError,
    SpecProblem,
)
from gridgov.io.documents import load_spec, merge, spec_data, structure_salvaged
from gridgov.io.limits import check_ranges
from gridgov.io.tables import read_households
from gridgov.io.worker_tables import WorkerTable, read_workers
from gridgov.roster.build import build_roster
from gridgov.roster.model import Roster
from gridgov.roster.spec import TownshipSpec

__all__ = ["load_township", "load_township_spec", "sample_township_path"]

_SAMPLE_PACKAGE = "gridgov.examples_data"
_SAMPLE_FILE = "peicun.toml"


def sample_township_path() -> Path:
    """
    Return the path of the sample township shipped with gridgov (裴村社区).

    It is the spec the ``gridgov demo`` command loads: 义马市新区街道裴村社区,
    five grids, twenty micro-grids, 24 grid staff and the four-level Party
    structure of the source article, with a generated household 台账.
    """
    return Path(str(resources.files(_SAMPLE_PACKAGE).joinpath(_SAMPLE_FILE)))


# Fields that hold entities others refer to: setting one aside would turn its
# entities' references into spurious "unknown …" problems.
_HOLDERS = frozenset(
    {
        "villages",
        "grids",
        "micro_grids",
        "households",
        "members",
        "workers",
        "organisations",
        "party_central_households",
        "care_tags",
        "household_tables",
        "worker_tables",
        "building",
    }
)


def load_township_spec(
    source: str | PathLike[str] | Mapping[str, Any],
) -> TownshipSpec:
    """
    Read and structure a township spec without building the roster.

    Raises:
        SpecError: Every shape problem, each located by its path.
    """
    return load_spec(source, TownshipSpec)


def _tables(
    spec: TownshipSpec, base: Path
) -> tuple[list[tuple[str, Household]], list[SpecProblem]]:
    located: list[tuple[str, Household]] = []
    problems: list[SpecProblem] = []
    vocab = vocabulary(spec.care_tags)
    for i, name in enumerate(spec.household_tables):
        where = f"household_tables[{i}]"
        path = base / name
        try:
            table = read_households(path, care_tags=vocab)
        except ImportRowsError as err:
            problems.extend(_row_problem(where, name, p) for p in err.problems)
            continue
        except MissingExtraError as err:
            problems.append(SpecProblem(where, str(err)))
            continue
        located += table.located(f"{where} {name}")
    return located, problems


def _row_problem(where: str, name: str, row: RowProblem) -> SpecProblem:
    """A table's bad row as a problem of the township file that names the table."""
    text = str(row) if row.line else row.message
    return SpecProblem.of(where, "table_row", file=name, text=text, row=row)


def _worker_tables(
    spec: TownshipSpec, base: Path
) -> tuple[list[tuple[str, WorkerTable]], list[SpecProblem]]:
    tables: list[tuple[str, WorkerTable]] = []
    problems: list[SpecProblem] = []
    for i, name in enumerate(spec.worker_tables):
        where = f"worker_tables[{i}]"
        try:
            tables.append((f"{where} {name}", read_workers(base / name)))
        except ImportRowsError as err:
            problems.extend(_row_problem(where, name, p) for p in err.problems)
        except MissingExtraError as err:
            problems.append(SpecProblem(where, str(err)))
    return tables, problems


_WORKER_PATH = re.compile(r"workers\[(\d+)\]((?:\.[a-z_]+)*)(?:\[\d+\])?")
_SCOPE_COLUMN = {".id": "id", ".scope.regions": "regions"} | {
    ".scope.households": "households",
    ".scope.buildings": "buildings",
}


class _TableWorkers:
    """The workers of a township's tables, and where each came from."""

    def __init__(self, first: int, tables: Sequence[tuple[str, WorkerTable]]) -> None:
        self.first = first  # the index of the first table worker in spec.workers
        self.origin = [
            (where, line, table.headers)
            for where, table in tables
            for line in table.lines
        ]
        self.workers: tuple[Worker, ...] = tuple(
            w for _, table in tables for w in table.workers
        )

    def _place(self, match: re.Match[str]) -> str:
        index = int(match[1]) - self.first
        if index < 0:
            return match[0]
        where, line, headers = self.origin[index]
        field = _SCOPE_COLUMN.get(match[2])
        column = f", column {headers.get(field, field)!r}" if field else ""
        return f"{where} line {line}{column}"

    def locate(self, problems: Sequence[SpecProblem]) -> list[SpecProblem]:
        """Problems at ``workers[i]…`` of a table worker: at its file and line."""
        if not self.workers:
            return list(problems)
        return [self._relocated(p) for p in problems]

    def _relocated(self, p: SpecProblem) -> SpecProblem:
        path = p.path
        if path.startswith("workers["):
            path = _WORKER_PATH.sub(self._place, path, count=1)
        params = {
            k: _WORKER_PATH.sub(self._place, v) if isinstance(v, str) else v
            for k, v in p.params.items()
        }
        message = _WORKER_PATH.sub(self._place, p.message)
        return attrs.evolve(p, path=path, message=message, params=params)


def load_township(
    source: str | PathLike[str] | Mapping[str, Any],
    *,
    base_dir: str | PathLike[str] | None = None,
) -> Roster:
    """
    Load a township spec (file path or mapping) and build its `Roster`.

    Args:
        source: A ``.toml``/``.json`` file, or an already-parsed mapping.
        base_dir: Where ``household_tables`` paths are resolved; defaults to
            the spec file's folder (or the current folder for a mapping).

    Raises:
        SpecError: Every problem found, each with its path (see the module doc
            for the two stages).
    """
    data, label = spec_data(source)
    spec, shape, pruned = structure_salvaged(
        data, TownshipSpec, label=label, holders=_HOLDERS
    )
    if base_dir is not None:
        base = Path(base_dir)
    elif isinstance(source, Mapping):
        base = Path()
    else:
        base = Path(source).parent
    located, table_problems = _tables(spec, base)
    worker_tables, worker_problems = _worker_tables(spec, base)
    table_problems += worker_problems
    problems = [*shape, *table_problems]
    ranges = check_ranges(spec)
    if table_problems:  # entries are missing: references cannot be judged
        raise SpecError(merge(problems, (), ranges, pruned), source=label)
    from_tables = _TableWorkers(len(spec.workers), worker_tables)
    with_tables = attrs.evolve(spec, workers=spec.workers + from_tables.workers)
    try:
        roster = build_roster(with_tables, extra_households=located)
    except SpecError as err:
        meaning = from_tables.locate(err.problems)
        problems = merge(problems, meaning, ranges, pruned)
    else:
        problems = merge(problems, (), ranges, pruned)
    if problems:
        raise SpecError(problems, source=label)
    return roster
