"""
Every example folder is a township directory, laid out the same way.

Each ``examples/<place>/`` holds the township (``township.toml`` with its
``households.csv`` and ``workers.csv``), the specs `gridgov.app.load_config`
reads, a bilingual README saying what the article describes and what the
script prints, the script and its test, so ``gridgov report --township
examples/<place>`` works as it does for a village started from scratch.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from gridgov.app import load_config
from gridgov.cli import main

EXAMPLES = Path(__file__).resolve().parent
PLACES = ("songzhuang", "jinzhuang", "peicun", "yintian", "mengfeng")
NOT_PLACES = {"web", "notebooks", "__pycache__"}
SPECS = {
    "township.toml",
    "households.csv",
    "workers.csv",
    "rulebook.toml",
    "visit_policy.toml",
    "checklists.toml",
    "supermarket.toml",
    "menu.toml",
    "deadlines.toml",
    "escalation.toml",
    "calendar.toml",
}
"""What `load_config` reads (see `gridgov.app.config`), and the tables."""
EXTRAS = {"generate.py", "selections.toml", "stars.toml"}
"""What some examples add: a generator, and award standards read by run.py."""


def required(place: str) -> set[str]:
    """The files every example folder has."""
    return {
        "township.toml",
        "households.csv",
        "workers.csv",
        "README.md",
        "run.py",
        f"test_{place}.py",
    }


def test_the_places_are_all_the_example_folders() -> None:
    """No example folder is left out of the layout check."""
    folders = {p.name for p in EXAMPLES.iterdir() if p.is_dir()} - NOT_PLACES
    assert folders == set(PLACES)


@pytest.mark.parametrize("place", PLACES)
def test_the_folder_has_the_common_layout(place: str) -> None:
    """The common files, and nothing a township directory would not hold."""
    folder = EXAMPLES / place
    files = {p.name for p in folder.iterdir() if p.is_file()}
    assert required(place) <= files
    assert files <= SPECS | EXTRAS | required(place)
    dirs = {p.name for p in folder.iterdir() if p.is_dir()} - {"__pycache__"}
    assert dirs <= {"workflows"}
    if dirs:
        assert list((folder / "workflows").glob("*.toml"))


@pytest.mark.parametrize("place", PLACES)
def test_the_township_reads_its_own_tables(place: str) -> None:
    """township.toml lists households.csv and workers.csv, next to it, only."""
    spec = tomllib.loads((EXAMPLES / place / "township.toml").read_text("utf-8"))
    assert spec["household_tables"] == ["households.csv"]
    assert spec["worker_tables"] == ["workers.csv"]
    assert "workers" not in spec  # the workforce is its 台账, not [[workers]]


@pytest.mark.parametrize("place", PLACES)
def test_the_folder_loads_as_a_township_directory(place: str) -> None:
    """load_config reads the folder: the roster and every spec file in it."""
    folder = EXAMPLES / place
    config = load_config(folder)
    assert config.roster.households
    assert (config.rulebook is not None) == (folder / "rulebook.toml").is_file()
    has_policy = (folder / "visit_policy.toml").is_file()
    assert (config.visit_policy is not None) == has_policy
    assert bool(config.catalogue) == (folder / "supermarket.toml").is_file()
    for path in (folder / "workflows").glob("*.toml"):
        assert path.stem in config.workflows


@pytest.mark.parametrize("place", PLACES)
def test_the_readme_says_what_the_script_prints_in_both_languages(
    place: str,
) -> None:
    """A bilingual README: the article and the script's output, and how to run it."""
    text = (EXAMPLES / place / "README.md").read_text(encoding="utf-8")
    for heading in (
        "文章讲了什么",
        "脚本打印什么",
        "What the article describes",
        "What the script prints",
    ):
        assert heading in text
    assert f".venv/bin/python examples/{place}/run.py" in text
    assert f"gridgov report --township examples/{place}" in text


def test_the_project_readme_lists_every_example() -> None:
    """README.md's Examples section runs each script as written."""
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Examples", 1)[1].split("\n## ", 1)[0]
    for place in PLACES:
        assert f".venv/bin/python examples/{place}/run.py" in section


@pytest.mark.parametrize("place", PLACES)
def test_the_cli_validates_the_folder_and_reports_on_it(
    place: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``gridgov validate examples/<place>`` and ``report --township`` both work."""
    folder = str(EXAMPLES / place)
    assert main(["validate", folder]) == 0
    assert main(["report", "--township", folder, "--period", "2026-05"]) == 0
    out = capsys.readouterr().out
    assert "工作报表" in out
