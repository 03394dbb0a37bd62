"""
Personal numbers as people write them, for the masking tests (Hypothesis).

`written` draws a mobile, an 18-character ID number or a landline in the forms
people write them (+86 / 0086 / 86, spaces, dashes, full-width digits, an ID
ending in X or x, letters right before or after); `leaks` says which of its
digit runs show in an output. Shared by ``tests/test_masking_property.py`` and
the export tests (``tests/io/_export_strategies.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hypothesis import strategies as st

FULL_WIDTH = str.maketrans("0123456789+X-", "０１２３４５６７８９＋Ｘ－")
"""Half-width digits and signs to their full-width forms."""

HALF_WIDTH = str.maketrans("０１２３４５６７８９＋Ｘｘ－\u3000", "0123456789+Xx- ")
"""Full-width digits, signs and space back to half-width."""

_SEPARATORS = st.sampled_from(["", " ", "-"])


@dataclass(frozen=True)
class Secret:
    """A number as written, and the runs of digits that must never show."""

    written: str
    hidden: tuple[str, ...]


@st.composite
def mobiles(draw: st.DrawFn) -> Secret:
    """A mainland mobile, grouped 3-4-4 or not, maybe with a country prefix."""
    digits = draw(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
    one, two = draw(_SEPARATORS), draw(_SEPARATORS)
    body = f"{digits[:3]}{one}{digits[3:7]}{two}{digits[7:]}"
    prefix = draw(
        st.sampled_from(["", "+86", "+86 ", "+86-", "0086", "0086 ", "86", "(+86)"])
    )
    return Secret(prefix + body, (digits, digits[:7], digits[3:]))


@st.composite
def id_numbers(draw: st.DrawFn) -> Secret:
    """An 18-character ID number, whole or in groups (area, birth day, tail)."""
    area = draw(st.from_regex(r"[1-9][0-9]{5}", fullmatch=True))
    born = draw(st.dates(date(1900, 1, 1), date(2099, 12, 31))).strftime("%Y%m%d")
    tail = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    tail += draw(st.sampled_from("0123456789Xx"))
    digits = area + born + tail
    sep = draw(st.sampled_from([" ", "-"]))
    groups = draw(
        st.sampled_from(
            [[digits], [area, born, tail], [area, born[:4], born[4:], tail]]
        )
    )
    return Secret(sep.join(groups), (digits.upper(), digits[3:14]))


@st.composite
def landlines(draw: st.DrawFn) -> Secret:
    """A landline with its area code."""
    area = draw(st.from_regex(r"0[1-9][0-9]{1,2}", fullmatch=True))
    local = draw(st.from_regex(r"[2-9][0-9]{6,7}", fullmatch=True))
    sep = draw(st.sampled_from(["-", " "]))
    return Secret(f"{area}{sep}{local}", (local,))


@st.composite
def written(
    draw: st.DrawFn,
    numbers: st.SearchStrategy[Secret] | None = None,
    before: tuple[str, ...] = ("", "ID", "id:", "tel", "Tel:", "No.", "手机"),
    after: tuple[str, ...] = ("", "abc", "号", "X", "tel"),
) -> Secret:
    """
    A number (*numbers*, default any of the three) in one of its written forms.

    Maybe full-width, with one of the words *before* and *after* it.
    """
    if numbers is None:
        numbers = st.one_of(mobiles(), id_numbers(), landlines())
    secret = draw(numbers)
    text = secret.written
    if draw(st.booleans()):
        text = text.translate(FULL_WIDTH)
    around = draw(st.sampled_from(before)), draw(st.sampled_from(after))
    return Secret(around[0] + text + around[1], secret.hidden)


def leaks(output: str, secret: Secret, keep: tuple[str, ...] = ()) -> list[str]:
    """
    The digit runs of *secret* that show in *output* (separators ignored).

    The tokens *keep* are taken out first: they are checked on their own, and
    their digits are not the secret's.
    """
    for token in keep:
        output = output.replace(token, " ")
    flat = output.translate(HALF_WIDTH).replace(" ", "").replace("-", "").upper()
    return [run for run in secret.hidden if run.upper() in flat]
