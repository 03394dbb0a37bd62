"""
Masking by default on every way out: one regression test per defect of issue 12.

The property over every written form and every output is in
``tests/test_masking_property.py``; these are the reported cases, the
written forms one by one, the numbers that must be left alone, and the one
unmasking keyword.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

import pytest

import gridgov.domain.privacy
import gridgov.io.export
from gridgov.app import Workspace, sample_config
from gridgov.cli import main
from gridgov.display import Column, TableDisplay, html_table
from gridgov.domain import CHINA_TZ, Person
from gridgov.domain.privacy import mask_data, mask_in_text, masked_repr
from gridgov.errors import (
    GridgovError,
    IdempotencyConflictError,
    InvalidValueError,
    RowProblem,
    SpecError,
    SpecProblem,
    UnknownEntityError,
)
from gridgov.io import from_json, structure, to_json, to_pandas, unstructure
from gridgov.io.frames import records_of
from gridgov.logs import get_logger
from gridgov.visits.events import VisitRecorded

PHONE = "13700135799"
ID_NUMBER = "410381199001011234"
NINE = datetime(2026, 11, 2, 9, tzinfo=CHINA_TZ)


@pytest.fixture
def ws() -> Workspace:
    return Workspace.in_memory(sample_config())


def _hotline(ws: Workspace, title: str, key: str = f"hotline-{PHONE}") -> Any:
    return ws.open_case(
        "HOT-1",
        category="环境卫生",
        region="410381003002001",
        actor="W06",
        at=NINE,
        title=title,
        key=key,
    )


# --- the written forms -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("+86 137 0013 5799", "+86 137****5799"),
        ("+8613700135799", "+86137****5799"),
        ("+86-137-0013-5799", "+86-137****5799"),
        ("0086 13700135799", "0086 137****5799"),
        ("8613700135799", "86137****5799"),
        ("(+86)137 0013 5799", "(+86)137****5799"),
        ("137 0013 5799", "137****5799"),
        ("137-0013-5799", "137****5799"),
        ("1370013 5799", "137****5799"),
        ("１３７００１３５７９９", "137****5799"),
        ("１３７－００１３－５７９９", "137****5799"),
        ("＋８６\u3000１３７００１３５７９９", "+86 137****5799"),
        ("tel13700135799", "tel137****5799"),
        ("13700135799tel", "137****5799tel"),
        ("电话13700135799。", "电话137****5799。"),
        ("410381199001011234", "410***********1234"),
        ("41038119900101123X", "410***********123X"),
        ("41038119900101123x", "410***********123x"),
        ("ID410381199001011234", "ID410***********1234"),
        ("410381199001011234ID", "410***********1234ID"),
        ("410381 19900101 1234", "410***********1234"),
        ("410381-1990-0101-123X", "410***********123X"),
        ("４１０３８１１９９００１０１１２３Ｘ", "410***********123X"),
        ("身份证：410381199001011234，", "身份证：410***********1234，"),
        ("0371-63812345", "0371-****2345"),
        ("010 82345678", "010 ****5678"),
    ],
)
def test_written_forms_are_masked(text: str, masked: str) -> None:
    """Each written form people use is masked, the mask keeps its format."""
    assert mask_in_text(text) == masked
    assert mask_in_text(masked) == masked  # masking twice changes nothing more


@pytest.mark.parametrize(
    "text",
    [
        "网格 410381003002001",  # a grid's region code: 15 digits
        "村 410381003002 镇 410381003 县 410381",  # 12, 9 and 6 digits
        "案件 C-2026-0001，序号 1380",
        "2026-11-02T09:00:00+08:00 到 2026-11-03 17:30",
        "20261102T090000 1762045200",  # compact ISO, a Unix time
        "订单 123456789012345678901",  # longer than any number: not cut
        "号码 1370013579 太短",  # 10 digits
        "410381199013011234",  # month 13: not a birth date, not an ID
        "410381 2026 1381 2345",  # digits grouped as no number is written
        f"event {uuid.UUID('a1370013-5799-4abc-8def-a13700135799')}",
        "sha256 " + "a13700135799b" + "0" * 51,  # a digest, 64 hex digits
        f"sha1 {hashlib.sha1(b'x', usedforsecurity=False).hexdigest()}",
    ],
)
def test_numbers_that_are_not_personal_are_left_alone(text: str) -> None:
    """Region codes, case ids, dates, times, hashes and UUIDs survive."""
    assert mask_in_text(text) == text


def test_digits_of_an_escape_do_not_hide_a_number() -> None:
    """repr() writes a control character as \\x01: the number after it is masked."""
    assert PHONE not in mask_in_text(repr(f"\x01{PHONE}"))
    assert PHONE not in mask_in_text(repr(f"\u2028{PHONE}"))
    assert mask_in_text(r"C:\\13700135799") == r"C:\\137****5799"


# --- the defects of issue 12 -----------------------------------------------


def test_unstructure_masks_a_person_unless_unmasked() -> None:
    """gridgov.io.unstructure(person) returned the full ID number and phone."""
    person = Person("p1", "陈海军", id_number=ID_NUMBER, phone=PHONE)
    data = unstructure(person)
    assert (data["id_number"], data["phone"]) == ("410***********1234", "137****5799")
    full = unstructure(person, unmasked=True)
    assert (full["id_number"], full["phone"]) == (ID_NUMBER, PHONE)
    assert structure(full, Person) == person


def test_validate_does_not_echo_a_number_written_without_quotes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A validate error echoed a number written without quotes."""
    spec = tmp_path / "policy.toml"
    spec.write_text(f"name = {PHONE}\n", encoding="utf-8")
    for extra in ([], ["--json"]):
        assert main(["validate", "--kind", "visit-policy", *extra, str(spec)]) == 1
        out = capsys.readouterr().out
        assert "137****5799" in out
        assert PHONE not in out


def test_a_spec_error_masks_what_it_echoes() -> None:
    """SpecProblem and SpecError mask their path and message; str and repr."""
    with pytest.raises(SpecError) as caught:
        structure({"id": "p1", "name": "陈", "phone": int(PHONE)}, Person)
    assert "137****5799" in str(caught.value)
    assert PHONE not in f"{caught.value} {caught.value!r} {caught.value.problems!r}"
    problem = SpecProblem(f"members.{PHONE}", f"got {ID_NUMBER}")
    assert str(problem) == "members.137****5799: got 410***********1234"


def test_a_conflict_message_masks_the_key(ws: Workspace) -> None:
    """A conflict message echoed a key such as hotline-<phone>."""
    _hotline(ws, f"王某 {PHONE} 反映漏水")
    with pytest.raises(IdempotencyConflictError) as caught:
        _hotline(ws, f"王某 {PHONE} 反映漏水，又来电")
    text = f"{caught.value} {caught.value!r}"
    assert "hotline-137****5799" in text
    assert PHONE not in text
    assert caught.value.key == f"hotline-{PHONE}"  # code reacting to it sees it


@pytest.mark.parametrize(
    "error",
    [
        IdempotencyConflictError(f"hotline-{PHONE}"),
        UnknownEntityError("household", PHONE),
        InvalidValueError("phone", "a household id", PHONE),
        GridgovError(f"caller {PHONE}"),
        SpecError([SpecProblem("", "x")], source=f"calls/{PHONE}.toml"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_every_gridgov_error_masks_its_message(error: GridgovError) -> None:
    """The base class masks the text it is given: str, repr, args."""
    assert PHONE not in f"{error} {error!r} {error.args!r}"
    assert "137****5799" in str(error)


def test_a_row_problem_masks_its_message() -> None:
    """A bad cell echoed in a table import is masked."""
    problem = RowProblem(3, "身份证号", f"bad check digit: {ID_NUMBER}")
    assert ID_NUMBER not in str(problem)


def test_a_case_is_masked_in_repr_json_and_tables(ws: Workspace) -> None:
    """repr(case), to_json(case) and the case table showed phones in titles."""
    case = _hotline(ws, "王某 137-0013-5799 反映漏水 ID410381199001011234")
    assert case.title == "王某 137-0013-5799 反映漏水 ID410381199001011234"
    table = ws.cases()
    for text in (
        repr(case),
        str(case),
        to_json(case),
        repr(table),
        repr(table.to_records()),
        table.to_html(),
        repr(table.to_pandas().to_dict("records")),
    ):
        assert "0013-5799" not in text
        assert PHONE not in text
        assert "19900101" not in text
    assert (
        table.to_records()[0]["title"]
        == "王某 137****5799 反映漏水 ID410***********1234"
    )


def test_visit_records_are_masked() -> None:
    """Visit event records showed phones typed into notes."""
    visit = VisitRecorded(
        stream="visit:H1",
        key=f"visit-{PHONE}",
        occurred_at=NINE,
        household="H1",
        worker="W1",
        note="老人说有事打 +86 137 0013 5799",
    )
    for text in (repr(visit), str(visit), to_json(visit), repr(records_of([visit]))):
        assert "0013" not in text.replace(visit.event_id, "")
    assert visit.note.endswith("137 0013 5799")  # the record keeps what was typed


def test_debug_logs_mask_every_form(caplog: pytest.LogCaptureFixture) -> None:
    """+86 137…, 137 0013 5799, 137-0013-5799 escaped masking in DEBUG logs."""
    log = get_logger("gridgov.tests.masking")
    with caplog.at_level(logging.DEBUG, logger="gridgov.tests.masking"):
        log.debug("retried key %r", "hotline-+86 137 0013 5799")
        log.debug("title %s", "137-0013-5799 来电")
        log.debug("全角 １３７００１３５７９９")
    assert "0013" not in caplog.text
    assert "００１３" not in caplog.text
    assert caplog.text.count("137****5799") == 3


# --- one name for unmasking --------------------------------------------------


@pytest.mark.parametrize("export", [unstructure, to_json, records_of, to_pandas])
def test_every_export_takes_the_same_unmasking_keyword(export: Any) -> None:
    """The explicit unmasking call is unmasked=True, keyword-only, off by default."""
    parameter = inspect.signature(export).parameters["unmasked"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is False


def test_no_docstring_names_a_flag_that_does_not_exist() -> None:
    """Two docstrings named redact=False, which raised TypeError."""
    for module in (gridgov.domain.privacy, gridgov.io.export):
        assert "redact=False" not in (module.__doc__ or "")
    with pytest.raises(TypeError):
        to_json(Person("p1", "陈"), redact_personal=False)  # type: ignore[call-arg]


def test_an_unmasked_round_trip_is_lossless() -> None:
    """to_json(x, unmasked=True) comes back equal; the default does not."""
    person = Person("p1", f"陈 {PHONE}", id_number=ID_NUMBER, phone=PHONE)
    assert from_json(to_json(person, unmasked=True), Person) == person
    assert from_json(to_json(person), Person) != person
    assert records_of([person], unmasked=True)[0]["phone"] == PHONE
    assert to_pandas([person], unmasked=True)["name"][0] == f"陈 {PHONE}"


# --- tables and records built elsewhere -------------------------------------


class _Callers(TableDisplay):
    """A table with its own to_records(), as a host application might write."""

    display_columns: ClassVar[tuple[Column, ...]] = (
        Column("who", "who", "来电人"),
        Column("phone", "phone", "电话"),
    )

    def to_records(self) -> list[dict[str, Any]]:
        return [{"who": f"王某 {PHONE}", "phone": "0371-63812345"}]


def test_a_table_with_its_own_records_is_masked_too() -> None:
    """A TableDisplay subclass's to_records() is wrapped; HTML and pandas follow."""
    table = _Callers()
    assert table.to_records() == [{"who": "王某 137****5799", "phone": "037******2345"}]
    assert PHONE not in table.to_html() + repr(table.to_pandas().to_dict("records"))


def test_an_html_table_built_by_hand_is_masked() -> None:
    """html_table masks every text it draws, caption included."""
    text = html_table(
        (Column("who", "who", "来电人"),), [{"who": PHONE}], caption=f"来电 {PHONE}"
    )
    assert PHONE not in text


def test_masked_repr_changes_nothing_but_the_repr() -> None:
    """The decorator keeps fields, equality and hashing."""
    import attrs

    @masked_repr
    @attrs.frozen
    class Note:
        text: str

    note = Note(f"tel {PHONE}")
    assert repr(note) == "Note(text='tel 137****5799')"
    assert note.text == f"tel {PHONE}"
    assert note == Note(f"tel {PHONE}")
    assert hash(note) == hash(Note(f"tel {PHONE}"))


def test_mask_data_masks_keys_and_keeps_containers() -> None:
    """Keys are text too; tuples stay tuples, lists lists."""
    data = {PHONE: ("a", [f"x{PHONE}"]), "phone": "0371-63812345", "n": 3}
    assert mask_data(data) == {
        "137****5799": ("a", ["x137****5799"]),
        "phone": "037******2345",
        "n": 3,
    }


def test_every_event_repr_masks_what_people_typed() -> None:
    """Every registered event type's repr masks numbers in its text (keys too)."""
    from datetime import datetime

    from gridgov.cases.events import CaseOpened
    from gridgov.domain.spans import CHINA_TZ

    opened = CaseOpened(
        stream="case:C1",
        key="hotline-13812345678",
        occurred_at=datetime(2026, 11, 2, tzinfo=CHINA_TZ),
        actor="接线员",
        case_id="C1",
        workflow="digital_city",
        category="路灯不亮",
        urgency="normal",
        source="resident",
        level="grid",
        unit="410381003002001",
        title="来电 138 1234 5678 反映路灯不亮",
    )
    text = repr(opened)
    assert "13812345678" not in text
    assert "1234 5678" not in text
    assert "410381003002001" in text  # a region code is not a phone
    assert opened.title == "来电 138 1234 5678 反映路灯不亮"


def test_an_event_id_next_to_a_digest_is_not_a_phone() -> None:
    """A UUID's last digits, a space and a digest's first digits stay as they are."""
    from gridgov.domain.privacy import mask_in_text

    text = (
        "b1394a1a-a65c-3b3c-2092-bcdad1402170 "
        "5175b13ba12f3d6d2300b5e91ef45c76d05c37759ddf083528c9e99fcbe0414e"
    )
    assert mask_in_text(text) == text
    assert mask_in_text(f"来电 13812345678 {text}") == f"来电 138****5678 {text}"


def test_a_person_and_a_household_repr_mask_numbers_typed_into_text() -> None:
    """A phone typed into a name or an address is masked in repr, kept in the field."""
    from gridgov.domain.people import Household, Person

    person = Person("p1", "王 13812345678", phone="13812345678")
    assert "13812345678" not in repr(person)
    assert person.name == "王 13812345678"
    home = Household("H1", address="一组3号 电话13812345678", members=(person,))
    assert "13812345678" not in repr(home)
    assert home.address.endswith("13812345678")
