"""Rich display: one renderer, escaped HTML, masked records, pandas or a clear error."""

from __future__ import annotations

import json
import math
import sys
from datetime import date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridgov.app import Workspace
from gridgov.cases import CaseTable, case_metrics, metrics_by
from gridgov.demo import simulate_month
from gridgov.display import (
    Column,
    TableDisplay,
    cell_text,
    html_table,
    labelled_columns,
    plain,
    records_frame,
    table_records,
)
from gridgov.domain import CHINA_TZ, DateSpan, Level
from gridgov.domain.privacy import mask_id_number, mask_in_text, mask_phone
from gridgov.errors import MissingExtraError
from gridgov.points import BlackList, Ranking, black_list, ranking
from gridgov.roster.summary import summarize
from gridgov.visits import ContactReport, Window, party_contact_coverage

MONTH = "2026-11"
START, END = date(2026, 11, 1), date(2026, 12, 1)
PHONE = "13912345678"
ID_NUMBER = "41038119900101123X"

_TAGS = {"table", "caption", "br", "small", "thead", "tbody", "tr", "th", "td"}


class _Cells(HTMLParser):
    """Collects the tags used and the text of every header and data cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.rows: list[list[str]] = []
        self.heads: list[str] = []
        self.caption = ""
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in {"td", "th"}:
            self._cell = []
        elif tag == "caption":
            self._in_caption = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        elif tag == "th" and self._cell is not None:
            self.heads.append("".join(self._cell))
            self._cell = None
        elif tag == "caption":
            self._in_caption = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._in_caption:
            self.caption += data


def _parse(markup: str) -> _Cells:
    parser = _Cells()
    parser.feed(markup)
    parser.close()
    return parser


def _data_rows(markup: str) -> list[list[str]]:
    return [r for r in _parse(markup).rows if r]


# -- the renderer ---------------------------------------------------------------

_hostile = st.text(
    alphabet=st.sampled_from("<>&\"'/=; scriptonerg网格\x00\n") | st.characters(),
    max_size=24,
)


@given(
    caption=_hostile,
    note=_hostile,
    label=_hostile,
    values=st.lists(_hostile, min_size=1, max_size=5),
)
def test_every_text_is_escaped(
    caption: str, note: str, label: str, values: list[str]
) -> None:
    """No string, however hostile, can add a tag or change a cell."""
    cols = (Column("v", label, label), Column("n", "n", "序号"))
    records = [{"v": v, "n": i} for i, v in enumerate(values)]
    markup = html_table(cols, records, caption=caption, note=note, css_class=label)
    parsed = _parse(markup)
    assert parsed.tags <= _TAGS
    assert _data_rows(markup) == [[cell_text(v), str(i)] for i, v in enumerate(values)]
    # Every text drawn is masked too (a hostile note can hold a phone number).
    assert parsed.caption == mask_in_text(caption) + mask_in_text(note)


@given(st.text(max_size=30))
def test_no_raw_angle_bracket_leaves_a_value(text: str) -> None:
    """Every ``<`` of a value is written as ``&lt;``."""
    markup = html_table((Column("x", "x", "x"),), [{"x": text}])
    body = markup.split("<tbody>\n", 1)[1].split("\n</tbody>", 1)[0]
    inner = body.removeprefix("<tr><td>").removesuffix("</td></tr>")
    assert "<" not in inner
    assert ">" not in inner


def test_empty_tables_and_groups() -> None:
    """An empty table says so; group headings span the shown columns."""
    cols = (Column("a", "a", "甲"), Column("b", "b", "乙", shown=False))
    assert "（无 none）" in html_table(cols, [])
    markup = html_table(
        cols,
        [{"g": "一", "a": 1}, {"g": "一", "a": 2}, {"g": "二", "a": 3}],
        group_by="g",
    )
    assert markup.count('<th colspan="1">') == 2
    assert "乙" not in markup


def test_plain_values_are_json_ready() -> None:
    """plain() keeps exact numbers as text and turns the rest into builtins."""
    value = plain(
        {"d": Decimal("1.50"), "t": datetime(2026, 11, 1, 9, tzinfo=CHINA_TZ)}
    )
    assert value == {"d": "1.50", "t": "2026-11-01T09:00:00+08:00"}
    assert json.loads(json.dumps(value)) == value
    assert plain(frozenset({"b", "a"})) == ["a", "b"]


# -- the objects an analyst looks at ------------------------------------------


@pytest.fixture(scope="module")
def ws() -> Workspace:
    """The sample township after one simulated month, plus a hotline case."""
    ws = Workspace.in_memory()
    simulate_month(ws, MONTH)
    regions = ws.state.roster.regions.values()
    grid = next(r.code for r in regions if r.level is Level.GRID)
    ws.open_case(
        "HOT-1",
        category="环境卫生",
        region=grid,
        actor="W01",
        at=datetime(2026, 11, 20, 9, tzinfo=CHINA_TZ),
        title=f"<b>王某</b> {PHONE} 身份证 {ID_NUMBER} 反映垃圾未清运",
    )
    return ws


@pytest.fixture(scope="module")
def tables(ws: Workspace) -> dict[str, TableDisplay]:
    """One of each displayable object, from the simulated month."""
    roster = ws.state.roster
    span = DateSpan(START, END)
    earned = ws.state.ledger.earnings(span)
    window = Window(START, END)
    return {
        "summary": summarize(roster, START),
        "coverage": ws.coverage(MONTH),
        "cases": ws.cases(),
        "metrics": case_metrics(
            ws.cases(),
            start=datetime(2026, 11, 1, tzinfo=CHINA_TZ),
            end=datetime(2026, 12, 1, tzinfo=CHINA_TZ),
        ),
        "metrics_by_unit": metrics_by(
            ws.cases(),
            "unit",
            start=datetime(2026, 11, 1, tzinfo=CHINA_TZ),
            end=datetime(2026, 12, 1, tzinfo=CHINA_TZ),
        ),
        "ranking": ranking(earned, top=10, prizes=(Decimal(50), Decimal("40.5"))),
        "black_list": black_list(ws.state.ledger, span),
        "contacts": party_contact_coverage(roster, ws.state.visits, window),
        "plan": ws.plan("W06", "2026-12"),
        "report": ws.report(MONTH),
    }


NAMES = [
    "summary",
    "coverage",
    "cases",
    "metrics",
    "metrics_by_unit",
    "ranking",
    "black_list",
    "contacts",
    "plan",
    "report",
]


@pytest.mark.parametrize("name", NAMES)
def test_records_are_plain_and_match_the_columns(
    tables: dict[str, TableDisplay], name: str
) -> None:
    """Records are JSON-ready; their keys are the declared columns."""
    obj = tables[name]
    records = obj.to_records()
    assert json.loads(json.dumps(records, ensure_ascii=False)) == records
    keys = {c.key for c in obj.display_columns}
    assert all(set(r) <= keys for r in records)
    assert records or name == "black_list", name  # no bad conduct in the demo


@pytest.mark.parametrize("name", [n for n in NAMES if n != "report"])
def test_html_shows_exactly_the_records(
    tables: dict[str, TableDisplay], name: str
) -> None:
    """The first table's cells are the records' values, column by column."""
    obj = tables[name]
    markup = obj._repr_html_()
    first = markup.split("</table>", 1)[0]
    parsed = _parse(first)
    shown = [c for c in obj.shown_columns() if c.shown]
    assert parsed.heads[: len(shown)] == [f"{c.zh}{c.en}" for c in shown]
    assert parsed.caption.startswith(obj.display_caption())
    expected = [[cell_text(r.get(c.key)) for c in shown] for r in obj.to_records()]
    assert _data_rows(first) == (expected or [["（无 none）"]])


def test_report_html_is_drawn_by_the_shared_renderer(
    tables: dict[str, TableDisplay],
) -> None:
    """PeriodReport keeps its grouped layout, through display.html_table."""
    report = tables["report"]
    markup = report._repr_html_()
    assert markup.startswith(
        '<div class="gridgov-report">\n<table class="gridgov-table">'
    )
    assert "<td>走访率</td>" in markup
    labels = [r[0] for r in _data_rows(markup)]
    assert labels == [r["label_zh"] for r in report.to_records()]


def test_numbers_round_trip(tables: dict[str, TableDisplay], ws: Workspace) -> None:
    """The numbers shown are the numbers computed: counts, rates, prizes."""
    cov = tables["coverage"]
    for record in cov.to_records():
        # The total and the unassigned group show no 编号: find rows by name.
        row = next(
            r
            for r in (*cov.rows.values(), cov.total)
            if (r.name or r.key) == record["name"]
        )
        assert (record["expected"], record["visited"], record["missed"]) == (
            row.expected,
            row.visited,
            len(row.missed),
        )
    metrics = tables["metrics"]
    done = next(r for r in metrics.to_records() if r["metric"] == "completion")
    assert (done["numerator"], done["denominator"]) == (
        metrics.completion.numerator,
        metrics.completion.denominator,
    )
    top = tables["ranking"]
    assert isinstance(top, Ranking)
    for record, placing in zip(top.to_records(), top, strict=True):
        assert Decimal(record["prize"]) == placing.prize
        assert (record["rank"], record["score"]) == (placing.rank, placing.score)
    summary = tables["summary"]
    assert summary.to_records()[0]["households"] == summary.households


@given(
    scores=st.dictionaries(
        st.text(min_size=1, max_size=4), st.integers(-5, 99), max_size=12
    ),
    prize=st.decimals(min_value=0, max_value=500, places=2),
)
def test_ranking_cells_round_trip(scores: dict[str, int], prize: Decimal) -> None:
    """Any ranking: each cell parses back to its placing's rank, score and prize."""
    top = ranking(scores, top=5, prizes=(prize, prize))
    rows = _data_rows(top._repr_html_()) if top else []
    for cells, placing in zip(rows, top, strict=True):
        _name, account, rank, score, shown_prize = cells  # no 范围: no scopes
        assert (account, int(rank), int(score)) == (
            placing.account,
            placing.rank,
            placing.score,
        )
        assert Decimal(shown_prize) == placing.prize


def test_tuples_stay_tuples(tables: dict[str, TableDisplay]) -> None:
    """Rankings, black lists, contact reports and case lists are still tuples."""
    top = tables["ranking"]
    assert isinstance(top, tuple)
    assert top == tuple(top)
    assert top[:2] == tuple(top)[:2]
    assert isinstance(tables["black_list"], BlackList)
    assert isinstance(tables["contacts"], ContactReport)
    assert isinstance(tables["cases"], CaseTable)
    assert hash(top) == hash(tuple(top))


def test_personal_identifiers_are_masked(
    tables: dict[str, TableDisplay], ws: Workspace
) -> None:
    """No raw phone or ID number reaches a record or a table; titles are masked."""
    raw: set[str] = {PHONE, ID_NUMBER}
    roster = ws.state.roster
    for household in roster.households.values():
        for person in household.members:
            raw.update(v for v in (person.phone, person.id_number) if v)
    raw.update(w.phone for w in roster.workers.values() if w.phone)
    assert len(raw) > 100
    for obj in tables.values():
        text = obj._repr_html_() + json.dumps(obj.to_records(), ensure_ascii=False)
        assert not [v for v in raw if v in text]
    hotline = next(r for r in tables["cases"].to_records() if r["id"] == "HOT-1")
    assert mask_phone(PHONE) in hotline["title"]
    assert mask_id_number(ID_NUMBER) in hotline["title"]
    assert "&lt;b&gt;王某&lt;/b&gt;" in tables["cases"]._repr_html_()


@pytest.mark.parametrize(
    "text",
    [
        "电话13812345678",
        "号码 1381234567 太短",
        "订单 123456789012345678901 太长",
        "身份证410381199001011234。",
    ],
)
def test_mask_in_text_only_masks_whole_numbers(text: str) -> None:
    """Only standalone 11-digit mobiles and 18-character ID numbers are masked."""
    masked = mask_in_text(text)
    assert "13812345678" not in masked
    assert "410381199001011234" not in masked
    if "太" in text:
        assert masked == text


def _same(frame_records: list[dict[str, Any]], records: list[dict[str, Any]]) -> bool:
    def norm(v: Any) -> Any:
        return None if isinstance(v, float) and math.isnan(v) else v

    return [{k: norm(v) for k, v in r.items()} for r in frame_records] == [
        {k: r.get(k) for k in frame_records[0]} for r in records
    ]


@pytest.mark.parametrize("name", NAMES)
def test_to_pandas_gives_the_records(
    tables: dict[str, TableDisplay], name: str
) -> None:
    """to_pandas() has one row per record, with the same values."""
    pytest.importorskip("pandas", reason="the pandas extra is not installed")
    obj = tables[name]
    frame = obj.to_pandas()
    records = obj.to_records()
    assert len(frame) == len(records)
    assert _same(frame.to_dict("records"), records)


def test_empty_tables_keep_their_columns() -> None:
    """An empty ranking is an empty frame with the ranking's columns."""
    pytest.importorskip("pandas", reason="the pandas extra is not installed")
    frame = ranking({}, top=3).to_pandas()
    assert list(frame.columns) == [c.key for c in Ranking.display_columns]
    assert frame.empty


def test_without_pandas_every_to_pandas_names_the_extra(
    tables: dict[str, TableDisplay], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No pandas: the one MissingExtraError, naming the extra, from every table."""
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas -> ImportError
    for name, obj in tables.items():
        with pytest.raises(MissingExtraError, match=r"gridgov\[pandas\]") as caught:
            obj.to_pandas()
        assert caught.value.extra == "pandas", name
        assert type(obj).__name__ in str(caught.value)
    with pytest.raises(MissingExtraError):
        records_frame([])


def test_a_table_without_rows_is_refused_when_its_class_is_defined() -> None:
    """A TableDisplay that is no sequence and says nowhere where its rows are."""
    with pytest.raises(TypeError, match="define display_rows"):

        class Rowless(TableDisplay):
            display_columns = (Column("x", "x", "甲"),)

    class Pointed(TableDisplay):
        display_columns = (Column("x", "x", "甲"),)

        def display_rows(self) -> list[Any]:
            return [type("Row", (), {"x": 1})()]

    assert Pointed().to_records() == [{"x": 1}]


def test_labelled_columns_keep_the_value_and_show_the_chinese_label() -> None:
    """The value stays in the records, the HTML shows the label, None stays None."""
    value, label = labelled_columns("level", "level", "层级")
    rows = [
        type("Row", (), {"level": Level.GRID})(),
        type("Row", (), {"level": None})(),
    ]
    assert table_records((value, label), rows) == [
        {"level": "grid", "level_zh": "网格"},
        {"level": None, "level_zh": None},
    ]
    shown = html_table((value, label), table_records((value, label), rows))
    assert "网格" in shown
    assert ">grid<" not in shown
