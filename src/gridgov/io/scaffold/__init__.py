"""
A new township directory in one call: what ``gridgov init PLACE`` writes.

`scaffold_township` writes the layout `gridgov.app.load_config` reads, with
sample content that validates and reports at once::

    PLACE/
      README.md            what each file is and the next commands (Chinese)
      township.toml        the roster: a village with three grids (一网格 …)
      households.csv       the household 台账 township.toml reads (12 households)
      households.xlsx      the same 台账 in Excel: drop-down lists, a 说明 sheet
      workers.csv          the worker 台账 township.toml reads (6 workers)
      workers.xlsx         the same in Excel
      rulebook.toml        a points rule book (积分细则)
      visit_policy.toml    a visit policy (走访制度)
      workflows/*.toml     the built-in case workflows chosen (default: all)

Ids are English (``H001``, ``W11``), names Chinese; the region codes are
placeholders (``999999001…``) the README asks to replace. The content lives
beside this module as data files (``${place}`` stands for the place's name);
the Excel copies are written from the CSV files by
`gridgov.io.templates.write_table`, and skipped (listed in
`Scaffold.skipped`) without the ``excel`` extra.

Nothing is written half: the files are written into a temporary folder beside
the target, checked (``check``, e.g. ``load_config``), and only then moved
into place. An existing folder that is not empty is refused unless
``force=True``; then the scaffold's files replace those of the same name and
every other file is left alone.

>>> import tempfile, pathlib
>>> where = pathlib.Path(tempfile.mkdtemp()) / "杏花村"
>>> made = scaffold_township("杏花村", where, workflows=["mediation"], excel=False)
>>> sorted(made.files)  # doctest: +NORMALIZE_WHITESPACE
['README.md', 'households.csv', 'rulebook.toml', 'township.toml',
 'visit_policy.toml', 'workers.csv', 'workflows/mediation.toml']
>>> scaffold_township("杏花村", where)
Traceback (most recent call last):
  ...
gridgov.io.scaffold.FolderNotEmptyError: ...杏花村 is not empty; choose another ...
"""

from __future__ import annotations

import csv
import difflib
import io
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources
from os import PathLike
from pathlib import Path
from string import Template

import attrs

from gridgov.errors import (
    GridgovError,
    InvalidValueError,
    MissingExtraError,
    UnknownEntityError,
)
from gridgov.io.templates import write_table
from gridgov.io.workflows import (
    builtin_workflow,
    builtin_workflow_names,
    builtin_workflow_text,
)

__all__ = [
    "DATA_FILES",
    "FolderNotEmptyError",
    "Scaffold",
    "UnknownWorkflowError",
    "scaffold_township",
    "workflow_titles",
]

DATA_FILES = (
    "README.md",
    "township.toml",
    "households.csv",
    "workers.csv",
    "rulebook.toml",
    "visit_policy.toml",
)
"""The files copied (with the place's name filled in) into every scaffold."""

_EXCEL_COPIES = {"households.csv": "households", "workers.csv": "workers"}
_FORBIDDEN = set('"\\/:*?<>|')  # breaks a TOML string or a file name


class FolderNotEmptyError(GridgovError):
    """The target folder exists and holds files: pass ``force=True`` to write anyway."""


@attrs.frozen
class Scaffold:
    """
    What `scaffold_township` wrote.

    Attributes:
        directory: The township directory.
        files: The files written, relative to it (``workflows/mediation.toml``).
        skipped: The Excel copies not written because openpyxl is missing
            (``pip install 'gridgov[excel]'`` installs it).
        replaced: Files that existed and were replaced (``force=True`` only).
    """

    directory: Path
    files: tuple[str, ...]
    skipped: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()


def _check_place(place: str) -> str:
    name = place.strip()
    bad = sorted({c for c in name if c in _FORBIDDEN or not c.isprintable()})
    if not name or bad or name.startswith("."):
        raise InvalidValueError(
            "place", 'a place name without " \\ / : * ? < > | (e.g. 杏花村)', place
        )
    return name


class UnknownWorkflowError(UnknownEntityError):
    """
    A workflow asked for that is not built in.

    Attributes:
        suggestion: The closest built-in name or title (``""`` if none).
        titles: Each built-in workflow's Chinese title, by name.
    """

    def __init__(self, name: str, titles: Mapping[str, str]) -> None:
        close = difflib.get_close_matches(name, [*titles, *titles.values()], n=1)
        self.suggestion = close[0] if close else ""
        self.titles = dict(titles)
        hint = f"did you mean {self.suggestion!r}? " if close else ""
        listed = f"built-in workflows: {', '.join(titles)}"
        super().__init__("workflow", name, hint=hint + listed)


def workflow_titles() -> dict[str, str]:
    """
    Each built-in case workflow's Chinese title, by name.

    >>> workflow_titles()["mediation"]
    '矛盾纠纷调解'
    """
    return {
        name: builtin_workflow(name).flow.spec.label_zh
        for name in builtin_workflow_names()
    }


def _check_workflows(names: Iterable[str] | None) -> tuple[str, ...]:
    titles = workflow_titles()
    if names is None:
        return tuple(titles)
    by_title = {title: name for name, title in titles.items()}
    chosen: dict[str, None] = {}
    for given in (n.strip() for n in names):
        if not given:
            continue
        name = given if given in titles else by_title.get(given)
        if name is None:
            raise UnknownWorkflowError(given, titles)
        chosen[name] = None
    return tuple(chosen)


def _data(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text("utf-8")


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))[1:]


def _write_into(
    folder: Path, place: str, shown: str, workflows: Sequence[str], *, excel: bool
) -> tuple[list[str], list[str]]:
    written: list[str] = []
    skipped: list[str] = []
    for name in DATA_FILES:
        text = Template(_data(name)).safe_substitute(place=place, dir=shown)
        (folder / name).write_text(text, encoding="utf-8", newline="")
        written.append(name)
        kind = _EXCEL_COPIES.get(name)
        if kind is None or not excel:
            continue
        xlsx = name.replace(".csv", ".xlsx")
        try:
            write_table(kind, folder / xlsx, _csv_rows(text))
        except MissingExtraError:
            skipped.append(xlsx)
        else:
            written.append(xlsx)
    if workflows:
        (folder / "workflows").mkdir()
    for flow in workflows:
        target = folder / "workflows" / f"{flow}.toml"
        target.write_text(builtin_workflow_text(flow), encoding="utf-8", newline="")
        written.append(f"workflows/{flow}.toml")
    return written, skipped


def _is_empty(folder: Path) -> bool:
    return not any(folder.iterdir())


def _move_in(staged: Path, target: Path, files: Sequence[str]) -> list[str]:
    """Move the staged scaffold to *target*; return the files it replaced."""
    if not target.exists():
        staged.rename(target)
        return []
    if _is_empty(target):
        target.rmdir()
        staged.rename(target)
        return []
    replaced = []
    for name in files:  # force: each file replaced atomically, others kept
        destination = target / name
        destination.parent.mkdir(exist_ok=True)
        if destination.exists():
            replaced.append(name)
        (staged / name).replace(destination)
    shutil.rmtree(staged)
    return replaced


def scaffold_township(
    place: str,
    directory: str | PathLike[str] | None = None,
    *,
    workflows: Iterable[str] | None = None,
    force: bool = False,
    excel: bool = True,
    check: Callable[[Path], object] | None = None,
) -> Scaffold:
    """
    Write a new township directory for *place* (see the module docs).

    Args:
        place: The place's name (杏花村); it names the roster and the files' titles.
        directory: Where to write (default: a folder named *place* here).
        workflows: The built-in workflows to copy into ``workflows/``, by name
            (``mediation``) or Chinese title (``矛盾纠纷调解``); default: all
            of them; ``[]`` for none (the built-ins apply anyway).
        force: Write into a folder that is not empty, replacing same-named files.
        excel: Also write the ``.xlsx`` copies of the tables (needs openpyxl).
        check: Called with the staged folder before it is moved into place
            (e.g. `gridgov.app.load_config`); what it raises stops the scaffold
            and nothing is left behind.

    Raises:
        FolderNotEmptyError: The target holds files and *force* is false.
        InvalidValueError: A place name that cannot name a file, or a target
            that is a file.
        UnknownWorkflowError: A workflow that is not built in (did-you-mean).
        OSError: The folder cannot be written.
    """
    name = _check_place(place)
    chosen = _check_workflows(workflows)
    target = Path(directory) if directory is not None else Path(name)
    if target.exists() and not target.is_dir():
        raise InvalidValueError("folder", "a folder, not a file", str(target))
    if target.is_dir() and not _is_empty(target) and not force:
        raise FolderNotEmptyError(
            f"{target} is not empty; choose another folder with --dir, or pass "
            "--force to replace the files gridgov init writes"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=target.parent))
    try:
        files, skipped = _write_into(
            staged, name, str(directory or name), chosen, excel=excel
        )
        if check is not None:
            check(staged)
        replaced = _move_in(staged, target, files)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return Scaffold(target, tuple(files), tuple(skipped), tuple(replaced))
