"""
A list of cases that shows itself as a table (案件列表).

`CaseTable` is a tuple of `gridgov.cases.Case` — what
`gridgov.app.Workspace.cases` and a scoped view's ``cases()`` return — that
also displays itself (`gridgov.display.TableDisplay`): one record per case
with what an analyst scans for (category, source, urgency, state, who holds
it, when it was opened, whether its deadline is provisional (暂定, see
`gridgov.cases.Case.provisional_deadlines`) and how it ended). Titles are free
text typed by people, so any ID number or mobile number written in one is
masked (`gridgov.domain.privacy.mask_in_text`).
"""

from __future__ import annotations

from gridgov.cases.case import Case
from gridgov.display import Column, TableDisplay, labelled_columns
from gridgov.domain.privacy import mask_in_text

__all__ = ["CaseTable"]


class CaseTable(tuple[Case, ...], TableDisplay):
    """
    Cases, in the order given, as a tuple that displays itself.

    Iterates, indexes and compares with ``==`` like a plain tuple of cases.
    Each enum column comes twice in the records: its English value (kept for
    code) and its Chinese label (``*_zh``, the one the HTML table shows).
    """

    __slots__ = ()

    display_columns = (
        Column("id", "case", "编号"),
        Column("title", "title", "事项", get=lambda c: mask_in_text(c.title)),
        Column("category", "category", "类别"),
        *labelled_columns("source", "source", "来源"),
        *labelled_columns("urgency", "urgency", "紧急程度"),
        Column("state", "state", "状态"),
        *labelled_columns("level", "level", "层级"),
        Column("unit", "unit", "承办单位"),
        Column("worker", "worker", "经办人"),
        Column("opened_at", "opened", "受理时间"),
        Column("provisional_deadlines", "provisional", "时限暂定", shown=False),
        Column(
            "provisional_deadlines_zh",
            "deadline",
            "时限",
            get=lambda c: "暂定" if c.provisional_deadlines else "",
        ),
        *labelled_columns("conclusion", "conclusion", "办结情况"),
    )

    def display_caption(self) -> str:
        """案件列表 Cases, with how many and how many concluded."""
        done = sum(1 for c in self if c.is_concluded)
        return f"案件列表 Cases: {len(self)} 件 · 已办结 concluded {done}"
