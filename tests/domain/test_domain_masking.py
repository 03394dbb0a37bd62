"""Personal identifiers never appear unmasked in repr, str or default exports."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from gridgov.domain import Household, Person, Worker
from gridgov.domain.privacy import mask_in_text
from gridgov.io import make_converter, to_json
from gridgov.io.township import load_township, sample_township_path
from gridgov.roster import summarize
from gridgov.testing import strategies as gs

CONV = make_converter()


def _leaks(secret: str, text: str) -> bool:
    return len(secret) > 7 and secret in text


@given(gs.persons())
def test_person_masked_everywhere(person: Person) -> None:
    """A person's ID number and phone are masked in repr, str and to_json."""
    for text in (repr(person), str(person), to_json(person)):
        assert not _leaks(person.id_number, text)
        assert not _leaks(person.phone, text)


@given(gs.households())
def test_household_masked(household: Household) -> None:
    """A household's members stay masked in its repr and JSON export."""
    for text in (repr(household), str(household), to_json(household, converter=CONV)):
        for member in household.members:
            assert not _leaks(member.id_number, text)
            assert not _leaks(member.phone, text)


@given(gs.workers())
def test_worker_masked(worker: Worker) -> None:
    """A worker's phone is masked in repr and export."""
    for text in (repr(worker), str(worker), to_json(worker, converter=CONV)):
        assert not _leaks(worker.phone, text)


@given(gs.persons())
def test_unmasked_export_keeps_full_values(person: Person) -> None:
    """unmasked=True is the explicit way to keep full values (backups)."""
    text = to_json(person, unmasked=True, converter=CONV)
    assert person.id_number in text
    assert person.phone in text


def test_sample_township_exports_masked() -> None:
    """Exporting every household and worker of the sample leaks no ID or phone."""
    roster = load_township(sample_township_path())
    text = to_json(
        {
            "households": list(roster.households.values()),
            "workers": list(roster.workers.values()),
            "summary": summarize(roster, date(2026, 5, 8)),
        },
        converter=CONV,
    )
    for household in roster.households.values():
        for member in household.members:
            assert not _leaks(member.id_number, text)
            assert not _leaks(member.phone, text)
    for worker in roster.workers.values():
        assert not _leaks(worker.phone, text)
    assert "****" in text


_WORDS = st.text(alphabet="网格员反映漏水，电话：村委会 ab-", max_size=8)
_MOBILES = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
_LANDLINES = st.tuples(
    st.from_regex(r"0[1-9][0-9]{1,2}", fullmatch=True),
    st.sampled_from(["-", " ", ""]),
    st.from_regex(r"[2-9][0-9]{6,7}", fullmatch=True),
)


@given(_WORDS, _MOBILES, _LANDLINES, _WORDS)
def test_numbers_in_free_text_are_masked(before, mobile, landline, after) -> None:
    """A mobile and a landline written into a note never survive masking; the
    landline keeps its area code (when a separator shows where it ends) and its
    last four digits, and the words stay."""
    area, sep, local = landline
    text = f"{before}{mobile}，{area}{sep}{local}{after}"
    masked = mask_in_text(text)
    assert mobile not in masked
    assert local not in masked
    if sep:  # written with a separator, the area code is known exactly
        assert f"{area}{sep}{'*' * (len(local) - 4)}{local[-4:]}" in masked
    else:  # run together (01022000000), 010 and 0102 are both area codes
        assert f"{'*' * 3}{local[-4:]}" in masked
    assert masked.startswith(before)
    assert masked.endswith(after)
    assert mask_in_text(masked) == masked  # masking twice changes nothing more


@given(st.text(alphabet=st.characters(exclude_categories=["Nd"])))
def test_text_without_digits_is_left_alone(text: str) -> None:
    """Masking touches digits only."""
    assert mask_in_text(text) == text
