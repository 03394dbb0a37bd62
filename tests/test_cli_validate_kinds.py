"""gridgov validate tells a file's kind, checks folders whole, suggests values."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from gridgov.app import sample_directory
from gridgov.cli import main
from gridgov.cli._validate import KIND_NAMES, UnknownKindError, detect_kind
from gridgov.io.scaffold import scaffold_township
from gridgov.io.township import sample_township_path

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = Path(str(resources.files("gridgov.cases.workflows")))

SAMPLES = [
    (str(sample_township_path()), "township"),
    (str(sample_directory() / "rulebook.toml"), "rulebook"),
    (str(sample_directory() / "visit_policy.toml"), "visit-policy"),
    *[(str(p), "workflow") for p in sorted(WORKFLOWS.glob("*.toml"))],
]


def _by_name(path: Path) -> str | None:
    """The kind an example file's name promises (None: not a validate kind)."""
    if path.parent.name == "workflows":
        return "workflow"
    return {
        "township.toml": "township",
        "rulebook.toml": "rulebook",
        "visit_policy.toml": "visit-policy",
    }.get(path.name)


EXAMPLES = [
    (str(p), kind)
    for p in sorted((ROOT / "examples").glob("**/*.toml"))
    if (kind := _by_name(p)) is not None
]


def _id(path: str) -> str:
    parts = Path(path).parts
    return "/".join(parts[-3:])


@pytest.mark.parametrize(
    ("path", "kind"), SAMPLES + EXAMPLES, ids=[_id(p) for p, _ in SAMPLES + EXAMPLES]
)
def test_every_sample_and_example_file_is_told(path: str, kind: str) -> None:
    """Each shipped spec file is recognised by its top-level keys."""
    assert detect_kind(path) == kind


FOLDERS = sorted(p.parent for p in (ROOT / "examples").glob("*/township.toml"))


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_every_example_folder_is_a_directory(folder: Path) -> None:
    """An example place folder is told as a township directory."""
    assert detect_kind(str(folder)) == "directory"


@pytest.mark.parametrize(("path", "kind"), SAMPLES, ids=[_id(p) for p, _ in SAMPLES])
def test_validate_says_which_kind_it_took(
    path: str, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --kind each sample validates, and the report names the kind."""
    assert main(["validate", path]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK  ")
    assert f"（按{KIND_NAMES[kind][0]}检查）" in out
    assert main(["--lang", "en", "validate", path]) == 0
    assert f"(checked as {KIND_NAMES[kind][1]})" in capsys.readouterr().out
    assert main(["validate", "--json", path]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert (result["kind"], result["detected"], result["ok"]) == (kind, True, True)


def test_a_visit_policy_is_no_longer_read_as_a_township(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The issue: a visit policy got 6 unrelated township errors."""
    path = str(sample_directory() / "visit_policy.toml")
    assert main(["validate", path]) == 0
    assert "BAD" not in capsys.readouterr().out


@pytest.fixture
def town(tmp_path: Path) -> Path:
    """A fresh township folder from gridgov init."""
    return scaffold_township("杏花村", tmp_path / "杏花村", excel=False).directory


def test_a_folder_is_checked_whole(
    town: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """validate DIR (and validate .) loads the township directory."""
    assert detect_kind(str(town)) == "directory"
    monkeypatch.chdir(town)
    assert main(["validate", "."]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK  .（按乡镇文件夹检查）：乡镇文件夹 杏花村：12 户")
    assert "expected a .toml or .json file" not in out


def test_a_folder_without_a_township_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder with no township.toml gets one clear message."""
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "1 处问题" in out
    assert "没有 township.toml" in out
    assert "gridgov init" in out


def test_a_folder_reports_every_files_problems(
    town: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad table row and a bad policy value in one folder: both, located."""
    workers = town / "workers.csv"
    workers.write_text(
        workers.read_text(encoding="utf-8").replace("十户长", "十户张"),
        encoding="utf-8",
    )
    policy = town / "visit_policy.toml"
    policy.write_text(
        policy.read_text(encoding="utf-8").replace('per = "week"', 'per = "weak"'),
        encoding="utf-8",
    )
    assert main(["validate", str(town)]) == 1
    out = capsys.readouterr().out
    assert (
        "worker_tables[0]：workers.csv：第 7 行，「岗位」列：找不到岗位 '十户张'；"
        "是否应为 '十户长'？" in out
    )
    assert "per：应为 'day'（日）、'week'（周）" in out
    assert "实为 'weak'；是否应为 'week'？" in out
    assert main(["--lang", "en", "validate", str(town)]) == 1
    out = capsys.readouterr().out
    assert (
        "worker_tables[0]: workers.csv: line 7, column '岗位': unknown role '十户张'"
        in out
    )
    assert "did you mean '十户长'?" in out
    assert "per: expected one of day, week" in out
    assert "got 'weak'; did you mean 'week'?" in out


def test_a_file_of_no_kind_gets_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Keys that fit no kind: one message listing the kinds and --kind."""
    odd = tmp_path / "odd.toml"
    odd.write_text("[shop]\nitems = 3\n", encoding="utf-8")
    with pytest.raises(UnknownKindError):
        detect_kind(str(odd))
    assert main(["validate", str(odd)]) == 1
    out = capsys.readouterr().out
    assert out.count("\n") == 2  # the BAD line and one message
    assert "--kind" in out
    assert "、".join(zh for zh, _ in KIND_NAMES.values()) in out
    assert main(["--lang", "en", "validate", str(odd)]) == 1
    out = capsys.readouterr().out
    assert "cannot tell what kind of spec this is" in out
    for kind, (_, en) in KIND_NAMES.items():
        assert f"{kind} ({en})" in out


def test_an_empty_file_and_a_tie_are_not_guessed(tmp_path: Path) -> None:
    """No keys, or keys two kinds share equally, are not guessed at."""
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    shared = tmp_path / "shared.toml"
    shared.write_text('version = "1"\n', encoding="utf-8")  # rule book or policy
    for path in (empty, shared):
        with pytest.raises(UnknownKindError):
            detect_kind(str(path))


def test_an_unreadable_file_reports_its_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file that cannot be parsed is reported as such, not as 'no kind'."""
    bad = tmp_path / "bad.toml"
    bad.write_text("name = \n", encoding="utf-8")
    assert main(["validate", "--json", str(bad)]) == 1
    (result,) = json.loads(capsys.readouterr().out)
    assert result["kind"] is None
    assert "--kind" not in result["problems"][0]["message"]


def test_kind_still_wins(capsys: pytest.CaptureFixture[str]) -> None:
    """--kind forces the kind: a visit policy read as a township is wrong."""
    path = str(sample_directory() / "visit_policy.toml")
    assert main(["validate", "--kind", "township", path]) == 1
    assert "（按花名册检查）" in capsys.readouterr().out
    assert main(["validate", "--kind", "走访制度", path]) == 0  # a Chinese name
    assert "（按走访制度检查）" in capsys.readouterr().out


def test_a_misspelt_role_gets_a_did_you_mean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue: role grid_liason got no did-you-mean, though field names did."""
    spec = tmp_path / "town.toml"
    spec.write_text(
        'code = "999999001"\nname = "杏花村"\n'
        '[[workers]]\nid = "W1"\nname = "马文华"\nrole = "grid_liason"\n',
        encoding="utf-8",
    )
    assert main(["validate", str(spec)]) == 1
    out = capsys.readouterr().out
    assert "workers[0].role：应为 'grid_liaison'（网格联络员）" in out
    assert "实为 'grid_liason'；是否应为 'grid_liaison'？" in out
    assert main(["--lang", "en", "validate", str(spec)]) == 1
    out = capsys.readouterr().out
    assert "workers[0].role: expected one of" in out
    assert "got 'grid_liason'; did you mean 'grid_liaison'?" in out


def test_a_misspelt_enum_in_a_rule_book(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Any enum value: a cap period in a rule book."""
    text = (sample_directory() / "rulebook.toml").read_text(encoding="utf-8")
    spec = tmp_path / "rulebook.toml"
    spec.write_text(text.replace('period = "month"', 'period = "mnth"', 1), "utf-8")
    assert main(["validate", str(spec)]) == 1
    assert "是否应为 'month'？" in capsys.readouterr().out
    assert main(["--lang", "en", "validate", str(spec)]) == 1
    assert "did you mean 'month'?" in capsys.readouterr().out


def test_a_chinese_role_title_suggests_its_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """role = "网格长" in a spec file: the code it means is suggested."""
    spec = tmp_path / "town.toml"
    spec.write_text(
        'code = "999999001"\nname = "杏花村"\n'
        '[[workers]]\nid = "W1"\nname = "马文华"\nrole = "网格长"\n',
        encoding="utf-8",
    )
    assert main(["validate", str(spec)]) == 1
    assert "实为 '网格长'；是否应为 'grid_chief'？" in capsys.readouterr().out
    assert main(["--lang", "en", "validate", str(spec)]) == 1
    assert "got '网格长'; did you mean 'grid_chief'?" in capsys.readouterr().out


def test_a_different_word_is_not_suggested(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'suburban' is a word of its own, not a typo of 'urban': no suggestion."""
    spec = tmp_path / "town.toml"
    spec.write_text(
        'code = "999999001"\nname = "杏花村"\n[[villages]]\ncode = "999999001001"\n'
        'name = "杏花村"\n[[villages.grids]]\ncode = "999999001001001"\n'
        'name = "一网格"\nkind = "suburban"\n',
        encoding="utf-8",
    )
    assert main(["validate", str(spec)]) == 1
    out = capsys.readouterr().out
    assert (
        "villages[0].grids[0].kind：应为 'urban'（城市）、'rural'（农村）、"
        "'dedicated'（专属） 之一，实为 'suburban'\n" in out
    )
    assert main(["--lang", "en", "validate", str(spec)]) == 1
    out = capsys.readouterr().out
    assert "got 'suburban'" in out
    assert "did you mean" not in out


def test_a_tie_goes_to_the_file_name(tmp_path: Path) -> None:
    """Keys two kinds share: a township directory's file name decides."""
    policy = tmp_path / "visit_policy.toml"
    policy.write_text('version = "1"\n', encoding="utf-8")
    assert detect_kind(str(policy)) == "visit-policy"
    book = tmp_path / "rulebook.toml"
    book.write_text('version = "1"\n', encoding="utf-8")
    assert detect_kind(str(book)) == "rulebook"
