"""Township directories: every spec file loaded, every problem located."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gridgov.app import load_config, sample_directory
from gridgov.cases.deadlines import ClockKind
from gridgov.domain.regions import Level
from gridgov.errors import SpecError, UnknownEntityError
from gridgov.io.township import sample_township_path


def _town(tmp_path: Path) -> Path:
    town = tmp_path / "town"
    shutil.copytree(sample_directory(), town)
    shutil.copy(sample_township_path(), town / "township.toml")
    for table in sample_township_path().parent.glob("*.csv"):
        shutil.copy(table, town / table.name)
    return town


def test_directory_with_every_file(tmp_path: Path) -> None:
    """township, rule book, policy, shop, menu, deadlines and escalation all load."""
    town = _town(tmp_path)
    (town / "deadlines.toml").write_text(
        '[[rules]]\nresolution = { amount = 3, unit = "working_days" }\n',
        encoding="utf-8",
    )
    (town / "escalation.toml").write_text(
        '[[authority]]\ncategory = "宅基地纠纷"\nlowest_level = "town"\n',
        encoding="utf-8",
    )
    config = load_config(town)
    assert config.roster.name == "裴村社区"
    assert config.rulebook is not None
    assert config.visit_policy is not None
    assert [i.sku for i in config.catalogue] == ["soap", "oil", "rice"]
    assert len(config.menu) == 5
    assert config.deadlines is not None
    limit = config.deadlines.limit(
        ClockKind.RESOLUTION, category="x", urgency="normal", level="grid", step="s"
    )
    assert limit is not None
    assert limit.amount == 3
    assert config.escalation is not None
    assert config.escalation.lowest_level("宅基地纠纷") is Level.TOWN


def test_bad_files_report_located_problems(tmp_path: Path) -> None:
    """A bad rule book names the file and the path of every problem."""
    town = _town(tmp_path)
    (town / "rulebook.toml").write_text(
        'id = "x"\nname_zh = "x"\nversion = "1"\n'
        '[[rules]]\nid = "a"\nname_zh = "甲"\npoints = 5\nunti = "hour"\n',
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as err:
        load_config(town)
    assert "rules[0].unti" in str(err.value)


def test_missing_township_file(tmp_path: Path) -> None:
    """A directory without township.toml is refused with the path it looked for."""
    with pytest.raises(UnknownEntityError, match=r"township\.toml"):
        load_config(tmp_path)
