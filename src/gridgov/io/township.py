"""
Loading a township: spec file (TOML/JSON) + household tables → `Roster`.

`load_township` reads a township spec (see `gridgov.roster.spec` for the shape),
imports the CSV/Excel 台账 files it lists under ``household_tables`` (paths
relative to the spec file), and builds the roster. Problems are reported in one
`SpecError`, each with its path: shape problems (types, enums, dates, unknown
or missing fields), bad table rows, and cross-reference problems (bad codes,
unknown references, duplicate ids, unknown care tags).

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

from collections.abc import Mapping
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any

from gridgov.domain.people import Household
from gridgov.domain.tags import vocabulary
from gridgov.errors import ImportRowsError, MissingExtraError, SpecError, SpecProblem
from gridgov.io.documents import load_spec, merge, spec_data, structure_salvaged
from gridgov.io.limits import check_ranges
from gridgov.io.tables import read_households
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
            problems.extend(
                SpecProblem(where, f"{name}: {p if p.line else p.message}")
                for p in err.problems
            )
            continue
        except MissingExtraError as err:
            problems.append(SpecProblem(where, str(err)))
            continue
        located += table.located(f"{where} {name}")
    return located, problems


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
    problems = [*shape, *table_problems]
    ranges = check_ranges(spec)
    if table_problems:  # households are missing: references cannot be judged
        raise SpecError(merge(problems, (), ranges, pruned), source=label)
    try:
        roster = build_roster(spec, extra_households=located)
    except SpecError as err:
        problems = merge(problems, err.problems, ranges, pruned)
    else:
        problems = merge(problems, (), ranges, pruned)
    if problems:
        raise SpecError(problems, source=label)
    return roster
