"""gridgov init: a township folder that validates and reports at once, or nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from gridgov.app import load_config
from gridgov.cli import main
from gridgov.errors import SpecError
from gridgov.io.scaffold import DATA_FILES, FolderNotEmptyError, scaffold_township
from gridgov.io.tables import read_households
from gridgov.io.worker_tables import read_workers


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty temporary folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_validates_and_reports(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """gridgov init 杏花村, then validate and report on it, each exit 0."""
    assert main(["init", "杏花村"]) == 0
    out = capsys.readouterr().out
    assert "已创建 杏花村/" in out
    assert "gridgov report --township 杏花村 --period 2026-11" in out
    folder = here / "杏花村"
    for name in DATA_FILES:
        assert (folder / name).is_file(), name
    assert sorted(p.name for p in (folder / "workflows").iterdir()) == [
        "digital_city.toml",
        "five_matters.toml",
        "four_deliberations.toml",
        "mediation.toml",
    ]
    assert main(["validate", "杏花村"]) == 0
    assert "按乡镇文件夹检查" in capsys.readouterr().out
    assert main(["report", "--township", "杏花村", "--period", "2026-11"]) == 0
    report = capsys.readouterr().out
    assert "# 杏花村 2026-11" in report
    assert "在册 12 户" in report
    assert "一网格" in report


def test_the_folder_holds_what_the_readme_says(here: Path) -> None:
    """township.toml reads the CSV tables; the XLSX copies hold the same rows."""
    pytest.importorskip("openpyxl")
    made = scaffold_township("杏花村")
    folder = made.directory
    config = load_config(folder)
    assert config.roster.name == "杏花村"
    assert len(config.roster.households) == 12
    assert len(config.roster.workers) == 6
    assert config.rulebook is not None
    assert config.visit_policy is not None
    text = (folder / "township.toml").read_text(encoding="utf-8")
    assert 'household_tables = ["households.csv"]' in text
    assert 'worker_tables = ["workers.csv"]' in text
    csv_h = read_households(folder / "households.csv").households
    assert read_households(folder / "households.xlsx").households == csv_h
    csv_w = read_workers(folder / "workers.csv").workers
    assert read_workers(folder / "workers.xlsx").workers == csv_w
    assert all(h.id.isascii() and not h.members[0].name.isascii() for h in csv_h)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for name in (*DATA_FILES, "households.xlsx", "workers.xlsx", "workflows/"):
        if name != "README.md":
            assert f"`{name}" in readme, name
    assert "gridgov validate 杏花村" in readme


def test_a_folder_that_is_not_empty_is_refused(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing non-empty folder: exit 1, one line, nothing written or left over."""
    folder = here / "杏花村"
    folder.mkdir()
    (folder / "township.toml").write_text("# mine\n", encoding="utf-8")
    assert main(["init", "杏花村"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "不是空的" in err
    assert "--force" in err
    assert "Traceback" not in err
    assert [p.name for p in folder.iterdir()] == ["township.toml"]
    assert (folder / "township.toml").read_text(encoding="utf-8") == "# mine\n"
    assert sorted(p.name for p in here.iterdir()) == ["杏花村"]  # no staging left


def test_force_replaces_the_scaffold_files_and_keeps_the_rest(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--force: the scaffold's files are replaced, other files are kept."""
    folder = here / "town"
    folder.mkdir()
    (folder / "township.toml").write_text("# broken\n", encoding="utf-8")
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    assert main(["init", "杏花村", "--dir", "town", "--force", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["replaced"] == ["township.toml"]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert main(["validate", "town"]) == 0
    assert sorted(p.name for p in here.iterdir()) == ["town"]


def test_an_empty_folder_is_used(here: Path) -> None:
    """An existing empty folder is not 'not empty'."""
    (here / "杏花村").mkdir()
    assert main(["init", "杏花村"]) == 0
    assert (here / "杏花村" / "township.toml").is_file()


def test_workflows_are_chosen_and_checked(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--workflows takes names or Chinese titles; a misspelt one gets a did-you-mean."""
    assert main(["init", "杏花村", "--workflows", "mediaton"]) == 1
    err = capsys.readouterr().err
    assert "没有名为“mediaton”的内置办理流程；是不是“矛盾纠纷调解”？" in err
    assert "四议两公开" in err
    assert main(["--lang", "en", "init", "杏花村", "--workflows", "mediaton"]) == 1
    assert "did you mean 'mediation'?" in capsys.readouterr().err
    assert list(here.iterdir()) == []
    assert main(["init", "杏花村", "--workflows", "mediation,五事工作法"]) == 0
    names = sorted(p.name for p in (here / "杏花村" / "workflows").iterdir())
    assert names == ["five_matters.toml", "mediation.toml"]


def test_a_failed_check_leaves_nothing(here: Path) -> None:
    """When the staged folder fails its check, nothing is left behind."""

    def refuse(folder: Path) -> None:
        raise SpecError([])

    with pytest.raises(SpecError):
        scaffold_township("杏花村", check=refuse)
    assert list(here.iterdir()) == []


def test_a_bad_place_name_is_refused(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name that breaks a file name or a TOML string is refused, nothing written."""
    for name in ('杏"花', "a/b", "", ".hidden"):
        assert main(["init", name]) == 1
        err = capsys.readouterr().err
        assert "不能用作文件夹名" in err
        assert "Traceback" not in err
    (here / "f").write_text("", encoding="utf-8")
    assert main(["init", "杏花村", "--dir", "f"]) == 1
    assert "是一个文件，不是文件夹" in capsys.readouterr().err
    (here / "f").unlink()
    assert list(here.iterdir()) == []
    (here / "x").mkdir()
    (here / "x" / "f").write_text("", encoding="utf-8")
    with pytest.raises(FolderNotEmptyError):
        scaffold_township("杏花村", here / "x")


def test_english(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--lang en says it in English."""
    assert main(["--lang", "en", "init", "杏花村", "--workflows", "mediation"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("created 杏花村/ (")
    assert "a case workflow: mediation" in out


def test_without_openpyxl_the_csv_folder_still_works(
    here: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without the excel extra the XLSX copies are skipped, said, and nothing else."""
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    assert main(["init", "杏花村"]) == 0
    out = capsys.readouterr().out
    assert "未写入：households.xlsx（需安装 openpyxl" in out
    assert not (here / "杏花村" / "households.xlsx").exists()
    assert main(["validate", "杏花村"]) == 0
