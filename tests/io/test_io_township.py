"""Township specs: loading, and every kind of mistake reported with its path."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gridgov.errors import SpecError
from gridgov.io.township import load_township, load_township_spec, sample_township_path

GRID = "410381003002001"
MICRO = "410381003002001001"


def valid_spec() -> dict[str, Any]:
    return {
        "code": "410381003",
        "name": "新区街道",
        "title": "裴村社区",
        "county": {"code": "410381", "name": "义马市"},
        "villages": [
            {
                "code": "410381003002",
                "name": "裴村社区",
                "grids": [
                    {
                        "code": GRID,
                        "name": "一网格",
                        "kind": "urban",
                        "micro_grids": [
                            {
                                "code": MICRO,
                                "name": "微1",
                                "households": [
                                    {"id": "H1", "address": "1号", "building": "1号楼"},
                                    {
                                        "id": "H2",
                                        "address": "2号",
                                        "resident_since": "2024-03-01",
                                        "tags": [{"tag": "empty_nest_elderly"}],
                                    },
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
        "workers": [
            {
                "id": "W1",
                "name": "茹雪梅",
                "role": "full_time_grid_worker",
                "scope": {"regions": [MICRO]},
            }
        ],
    }


def household(spec: dict[str, Any], k: int) -> dict[str, Any]:
    return spec["villages"][0]["grids"][0]["micro_grids"][0]["households"][k]


HH = "villages[0].grids[0].micro_grids[0].households"


def problems_of(spec: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(SpecError) as info:
        load_township(spec)
    return {p.path: p.message for p in info.value.problems}


def test_valid_spec_loads() -> None:
    """A valid mapping builds a roster named by its title."""
    roster = load_township(valid_spec())
    assert roster.name == "裴村社区"
    assert sorted(roster.households) == ["H1", "H2"]


def test_five_shape_mistakes_all_reported() -> None:
    """Type, enum, date, unknown field and missing field: all five, each located."""
    spec = valid_spec()
    spec["workers"][0]["capacity_per_day"] = "eight"
    spec["villages"][0]["grids"][0]["kind"] = "suburban"
    household(spec, 1)["resident_since"] = "2026/13/01"
    household(spec, 0)["resident_snce"] = "2026-01-01"
    del household(spec, 1)["address"]
    found = problems_of(spec)
    assert found == {
        "workers[0].capacity_per_day": "expected an integer, got 'eight' (str)",
        "villages[0].grids[0].kind": (
            "expected one of urban, rural, dedicated; got 'suburban'"
        ),
        f"{HH}[1].resident_since": "expected a date like 2026-03-01, got '2026/13/01'",
        f"{HH}[0].resident_snce": "unknown field; did you mean 'resident_since'?",
        f"{HH}[1].address": "required field is missing",
    }


def test_five_reference_mistakes_all_reported() -> None:
    """Bad code, unknown reference, duplicate id, unknown tag, bad norm: all five."""
    spec = valid_spec()
    spec["villages"][0]["grids"][0]["micro_grids"][0]["code"] = MICRO[:-1]
    spec["workers"][0]["scope"] = {"regions": [MICRO]}
    household(spec, 1)["id"] = "H1"
    household(spec, 1)["tags"] = [{"tag": "empty_nest_elderyl"}]
    spec["norms"] = {"central_household_min": 20}
    found = problems_of(spec)
    assert found == {
        "villages[0].grids[0].micro_grids[0].code": (
            "expected 18 digits for a 微网格 code, got 17"
        ),
        "workers[0].scope.regions[0]": (
            f"unknown region '{MICRO}'; did you mean '{MICRO[:-1]}'?"
        ),
        f"{HH}[1].id": f"duplicate household id 'H1' (first defined at {HH}[0].id)",
        f"{HH}[1].tags[0].tag": (
            "unknown care tag 'empty_nest_elderyl'; did you mean 'empty_nest_elderly'?"
        ),
        "norms.central_household_max": "expected a maximum >= the minimum 20, got 15",
    }


@pytest.mark.parametrize(
    ("mutate", "path", "fragment"),
    [
        (
            lambda s: household(s, 0).update(address=5),
            f"{HH}[0].address",
            "expected text",
        ),
        (
            lambda s: s["workers"][0].update(role="boss"),
            "workers[0].role",
            "expected one of grid_liaison",
        ),
        (
            lambda s: household(s, 0).update(since="yesterday"),
            f"{HH}[0].since",
            "expected a date like",
        ),
        (
            lambda s: s["workers"][0].update(nmae="x"),
            "workers[0].nmae",
            "did you mean 'name'?",
        ),
        (lambda s: s["workers"][0].pop("role"), "workers[0].role", "required field"),
        (lambda s: s.update(code="41038100"), "code", "expected 9 digits"),
        (
            lambda s: s["villages"][0].update(code="410382003002"),
            "villages[0].code",
            "starting with its parent's code '410381003'",
        ),
        (
            lambda s: s["workers"][0]["scope"].update(households=["H9"]),
            "workers[0].scope.households[0]",
            "unknown household 'H9'",
        ),
        (
            lambda s: s["workers"][0]["scope"].update(buildings=["9号楼"]),
            "workers[0].scope.buildings[0]",
            "unknown building '9号楼'",
        ),
        (
            lambda s: s["workers"].append(copy.deepcopy(s["workers"][0])),
            "workers[1].id",
            "duplicate worker id 'W1'",
        ),
        (
            lambda s: s.update(
                organisations=[
                    {
                        "id": "O1",
                        "name": "党支部",
                        "kind": "party_branch",
                        "parent": "O9",
                    }
                ]
            ),
            "organisations[0].parent",
            "unknown organisation 'O9'",
        ),
        (
            lambda s: s.update(
                party_central_households=[{"id": "D1", "name": "党员", "links": ["H7"]}]
            ),
            "party_central_households[0].links[0]",
            "unknown household 'H7'",
        ),
        (
            lambda s: household(s, 0).update(since="2026-05-01", until="2026-04-01"),
            f"{HH}[0].until",
            "expected a date after since",
        ),
        (
            lambda s: household(s, 0).update(
                previous=[{"region": "410381003002009", "span": {}}]
            ),
            f"{HH}[0].previous[0].region",
            "unknown region '410381003002009'",
        ),
    ],
)
def test_each_kind_of_spec_error(mutate, path: str, fragment: str) -> None:
    """Each kind of mistake is reported at its path with what was expected."""
    spec = valid_spec()
    mutate(spec)
    found = problems_of(spec)
    assert path in found, found
    assert fragment in found[path]


def test_spec_file_with_household_table(tmp_path: Path) -> None:
    """household_tables are read relative to the spec file and join the roster."""
    spec = valid_spec()
    spec["household_tables"] = ["homes.csv"]
    (tmp_path / "town.json").write_text(json.dumps(spec, ensure_ascii=False), "utf-8")
    (tmp_path / "homes.csv").write_text(
        f"户号,地址,网格,标签\nH3,3号,{MICRO},空巢老人\n", encoding="utf-8"
    )
    roster = load_township(tmp_path / "town.json")
    assert sorted(roster.households) == ["H1", "H2", "H3"]
    assert roster.household("H3").has_tag("empty_nest_elderly", date(2026, 5, 8))


def test_bad_table_rows_become_located_spec_problems(tmp_path: Path) -> None:
    """A bad 台账 row is reported under household_tables[i] with line and column."""
    spec = valid_spec()
    spec["household_tables"] = ["homes.csv"]
    (tmp_path / "homes.csv").write_text(
        f"户号,地址,网格,居住起始\nH3,3号,{MICRO},2026/13/01\n", encoding="utf-8"
    )
    with pytest.raises(SpecError) as info:
        load_township(spec, base_dir=tmp_path)
    (problem,) = info.value.problems
    assert problem.path == "household_tables[0]"
    assert problem.message == (
        "homes.csv: line 2, column '居住起始': "
        "expected a date like 2026-03-01, got '2026/13/01'"
    )


def test_table_household_reference_errors_are_located(tmp_path: Path) -> None:
    """A table row naming an unknown grid is reported with its table and line."""
    spec = valid_spec()
    spec["household_tables"] = ["homes.csv"]
    (tmp_path / "homes.csv").write_text(
        "户号,地址,网格\nH3,3号,410381003002001009\n", encoding="utf-8"
    )
    with pytest.raises(SpecError) as info:
        load_township(spec, base_dir=tmp_path)
    assert info.value.paths == (
        "household_tables[0] homes.csv line 2.placements[0].region",
    )


def test_unreadable_files_are_spec_errors(tmp_path: Path) -> None:
    """A missing file or a TOML syntax error is a SpecError, not an OSError."""
    with pytest.raises(SpecError, match="cannot read file"):
        load_township(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text('code = "410381003\n', encoding="utf-8")
    with pytest.raises(SpecError, match="invalid TOML"):
        load_township_spec(bad)


def test_sample_township_is_valid() -> None:
    """The shipped sample loads without errors."""
    roster = load_township(sample_township_path())
    assert roster.name == "裴村社区"


def test_five_mixed_mistakes_all_reported() -> None:
    """Shape and reference mistakes together: all five reported in one SpecError."""
    spec = valid_spec()
    household(spec, 1)["resident_since"] = "2026/13/01"  # date
    spec["villages"][0]["grids"][0]["kind"] = "suburban"  # enum
    household(spec, 0)["adress"] = "1号"  # unknown field
    spec["villages"][0]["code"] = "41038100300"  # bad code
    spec["workers"][0]["scope"]["households"] = ["H9"]  # unknown reference
    found = problems_of(spec)
    assert set(found) == {
        f"{HH}[1].resident_since",
        "villages[0].grids[0].kind",
        f"{HH}[0].adress",
        "villages[0].code",
        "workers[0].scope.households[0]",
    }
    assert found[f"{HH}[0].adress"] == "unknown field; did you mean 'address'?"


def test_missing_required_field_reports_shape_only() -> None:
    """When a required field is missing, references are not judged (no noise)."""
    spec = valid_spec()
    del spec["workers"][0]["name"]
    spec["workers"][0]["scope"]["households"] = ["H9"]
    assert problems_of(spec) == {"workers[0].name": "required field is missing"}


def test_bad_entity_list_is_not_set_aside() -> None:
    """A bad value in a list of entities stops at shape problems: no spurious refs."""
    spec = valid_spec()
    spec["villages"][0]["grids"][0]["micro_grids"][0]["households"] = "H1, H2"
    spec["workers"][0]["scope"]["households"] = ["H1"]
    found = problems_of(spec)
    assert list(found) == ["villages[0].grids[0].micro_grids[0].households"]


def test_missing_table_file_is_reported(tmp_path: Path) -> None:
    """A household table that cannot be read is a located spec problem."""
    spec = valid_spec()
    spec["household_tables"] = ["nope.csv"]
    with pytest.raises(SpecError) as info:
        load_township(spec, base_dir=tmp_path)
    (problem,) = info.value.problems
    assert problem.path == "household_tables[0]"
    assert problem.message.startswith("nope.csv: cannot read file")
