"""Strategies and helpers shared by the export tests (XLSX, CSV, CLI)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hypothesis import strategies as st

from gridgov.reports import (
    CaseFigures,
    DisputeFigures,
    PeriodReport,
    PointsFigures,
    Rate,
    VisitFigures,
)

_FULL_WIDTH = str.maketrans("0123456789+X-", "０１２３４５６７８９＋Ｘ－")
_HALF_WIDTH = str.maketrans("０１２３４５６７８９＋Ｘｘ－\u3000", "0123456789+Xx- ")


@dataclass(frozen=True)
class Secret:
    """A personal number as written, and the digit runs that must never show."""

    written: str
    hidden: tuple[str, ...]


@st.composite
def mobiles(draw: st.DrawFn) -> Secret:
    digits = draw(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
    one, two = draw(st.sampled_from(["", " ", "-"])), draw(st.sampled_from(["", "-"]))
    prefix = draw(st.sampled_from(["", "+86", "+86 ", "0086", "手机"]))
    body = f"{prefix}{digits[:3]}{one}{digits[3:7]}{two}{digits[7:]}"
    return Secret(body, (digits, digits[:7], digits[3:]))


@st.composite
def id_numbers(draw: st.DrawFn) -> Secret:
    area = draw(st.from_regex(r"[1-9][0-9]{5}", fullmatch=True))
    born = draw(st.dates(date(1930, 1, 1), date(2020, 12, 31))).strftime("%Y%m%d")
    tail = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    tail += draw(st.sampled_from("0123456789Xx"))
    digits = area + born + tail
    return Secret(digits, (digits.upper(), digits[3:14].upper()))


@st.composite
def secrets(draw: st.DrawFn) -> Secret:
    """A mobile or an ID number, maybe full-width, inside some Chinese text."""
    secret = draw(st.one_of(mobiles(), id_numbers()))
    text = secret.written
    if draw(st.booleans()):
        text = text.translate(_FULL_WIDTH)
    before = draw(st.sampled_from(["", "王某 ", "电话：", "身份证 "]))
    after = draw(st.sampled_from(["", " 反映漏水", "号"]))
    return Secret(before + text + after, secret.hidden)


def leaks(text: str, secret: Secret) -> list[str]:
    """The digit runs of *secret* that show in *text* (separators ignored)."""
    flat = text.translate(_HALF_WIDTH).replace(" ", "").replace("-", "").upper()
    return [run for run in secret.hidden if run.upper() in flat]


def xlsx_text(path: Path) -> str:
    """
    The parts of a workbook that hold cell text: shared strings and sheets.

    (Styles and themes hold colours such as ``FF000000``, not data.)
    """
    with zipfile.ZipFile(path) as book:
        parts = [
            n
            for n in book.namelist()
            if n == "xl/sharedStrings.xml" or n.startswith("xl/worksheets/")
        ]
        return "\n".join(book.read(n).decode("utf-8") for n in parts)


CELL_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12
)
"""Cell text a spreadsheet holds as it is (no control characters)."""


@st.composite
def reports(draw: st.DrawFn, note: str = "") -> PeriodReport:
    """A period report with drawn figures (and *note* in its ranking)."""
    counts = st.integers(0, 5000)
    received = draw(counts)
    resolved = draw(st.integers(0, received))
    expected = draw(counts)
    satisfied = draw(st.integers(0, expected))
    return PeriodReport(
        title="示范村 2026-11 工作报表",
        scope="示范村",
        period="2026-11",
        start=date(2026, 11, 1),
        end=date(2026, 12, 1),
        as_of=date(2026, 12, 1),
        households=draw(counts),
        visits=VisitFigures(
            visits=draw(counts), expected=expected, satisfied=satisfied
        ),
        cases=CaseFigures(
            received=received,
            completion=Rate(resolved, received),
            provisional=draw(st.integers(0, 3)),
        ),
        disputes=DisputeFigures(received=received, resolved=resolved),
        points=PointsFigures(issued=draw(counts), ranking=((note or "陈", 30),)),
    )
