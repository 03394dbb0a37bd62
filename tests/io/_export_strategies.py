"""Strategies and helpers shared by the export tests (XLSX, CSV, CLI)."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from _personal_numbers import Secret, id_numbers, mobiles, written
from gridgov.reports import (
    CaseFigures,
    DisputeFigures,
    PeriodReport,
    PointsFigures,
    Rate,
    VisitFigures,
)


def secrets() -> st.SearchStrategy[Secret]:
    """A mobile or an ID number, maybe full-width, inside some Chinese text."""
    return written(
        st.one_of(mobiles(), id_numbers()),
        before=("", "王某 ", "电话：", "身份证 ", "手机"),
        after=("", " 反映漏水", "号"),
    )


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
    return period_report(
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


def period_report(**figures: Any) -> PeriodReport:
    """示范村's report for 2026-11, with *figures* (its sections, by name)."""
    return PeriodReport(
        title="示范村 2026-11 工作报表",
        scope="示范村",
        period="2026-11",
        start=date(2026, 11, 1),
        end=date(2026, 12, 1),
        as_of=date(2026, 12, 1),
        **figures,
    )
