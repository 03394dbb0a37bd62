"""
Blank 台账 templates: CSV or styled Excel sheets a clerk fills in and imports.

`TEMPLATES` is the registry of every template ``gridgov template KIND``
writes: kind → `Template`. A `Template` is its Chinese title, the sheet's name
and its columns in order; a `TemplateColumn` is the Chinese header (one the
importer of that table accepts), what goes in it (the "说明" sheet, in Chinese
and English), whether it is required, an example, and its drop-down list:
fixed ``choices``, or ``vocabulary="care_tags"`` (the township's care tags,
given to `write_table`, else the built-in vocabulary) or ``"roles"`` (the
Chinese titles of the grid roles). Adding a template is adding one entry::

    TEMPLATES["visits"] = Template(
        kind="visits",
        title_zh="走访记录",
        columns=(
            TemplateColumn("户号", "被走访的户号", "the household", required=True),
            TemplateColumn(
                "方式",
                "入户/电话/视频",
                "home, phone or video",
                choices=("入户", "电话", "视频"),
            ),
        ),
    )

`write_table` writes a template, blank or with rows: ``.csv`` as UTF-8 with a
byte-order mark (so that Excel on Chinese Windows opens it right) and nothing
else; ``.xlsx`` (needs the ``excel`` extra, openpyxl) with a bold, filled,
frozen header row, column widths, a drop-down list (data validation) on every
column that has choices, and a second sheet "说明" explaining each column.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "workers.csv"
>>> write_table("workers", path)
>>> path.read_text("utf-8-sig").splitlines()[0]
'工号,姓名,岗位,网格,联系户,负责楼栋,电话,日走访上限,上岗日期,离岗日期'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any, Literal

import attrs

from gridgov.domain.tags import CareTag, vocabulary
from gridgov.domain.workforce import Role
from gridgov.errors import MissingExtraError, UnknownEntityError, did_you_mean

__all__ = [
    "TEMPLATES",
    "Template",
    "TemplateColumn",
    "column_choices",
    "template",
    "write_table",
]

Vocabulary = Literal["", "care_tags", "roles"]


@attrs.frozen
class TemplateColumn:
    """
    One column of a template.

    Attributes:
        header: The Chinese header, one the table's importer accepts.
        note_zh: What goes in the column (the 说明 sheet).
        note_en: The same in English.
        required: Whether a row needs a value here.
        example: A sample value, shown on the 说明 sheet.
        choices: A fixed drop-down list.
        vocabulary: A drop-down list known when writing: ``"care_tags"`` or
            ``"roles"`` (wins over *choices*).
        width: The column's width in characters (Excel).
    """

    header: str
    note_zh: str
    note_en: str
    required: bool = attrs.field(default=False, kw_only=True)
    example: str = attrs.field(default="", kw_only=True)
    choices: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    vocabulary: Vocabulary = attrs.field(default="", kw_only=True)
    width: int = attrs.field(default=14, kw_only=True)


@attrs.frozen
class Template:
    """
    A 台账 template: its kind, Chinese title and columns.

    Attributes:
        kind: The name ``gridgov template`` takes (``households``).
        title_zh: The Chinese title (the data sheet's name).
        columns: The columns, in order.
    """

    kind: str
    title_zh: str
    columns: tuple[TemplateColumn, ...]

    @property
    def headers(self) -> tuple[str, ...]:
        """The header row."""
        return tuple(c.header for c in self.columns)


_YES_NO = ("是", "否")
_C = TemplateColumn
_HOUSEHOLD_COLUMNS = (
    _C("户号", "每户唯一编号，用英文字母和数字", "unique household id",
       required=True, example="H001"),
    _C("地址", "家庭住址或村民组门牌", "address",
       required=True, example="一组12号", width=24),
    _C("网格", "所在网格（或微网格）的区划编码，见 township.toml",
       "the region code of the household's grid",
       required=True, example="410381100201001", width=18),
    _C("楼栋", "楼栋编号，平房可空", "building, if any", example="1号楼"),
    _C("户籍", "户籍 或 常住非户籍", "registered or resident",
       example="户籍", choices=("户籍", "常住非户籍")),
    _C("居住起始", "开始居住的日期", "first day of residence", example="2019-05-01"),
    _C("户主", "户主姓名", "the head of the household", example="李秀英"),
    _C("身份证号", "18位公民身份号码（可空，输出时打码）",
       "18-character ID number (masked on output)", width=22),
    _C("电话", "联系电话（输出时打码）", "phone (masked on output)", width=16),
    _C("性别", "户主性别", "the head's gender", example="女", choices=("男", "女")),
    _C("出生日期", "户主出生日期", "the head's birth date", example="1948-03-02"),
    _C("党员", "户主是否党员", "whether the head is a Party member",
       example="否", choices=_YES_NO),
    _C("标签", "关爱标签，多个用、分隔，可加 :严重",
       "care tags separated by 、, optionally :严重",
       example="空巢老人、残疾人:严重", vocabulary="care_tags", width=22),
    _C("入格日期", "入住本网格的日期，可空", "first day in this grid"),
)  # fmt: skip
_WORKER_COLUMNS = (
    _C("工号", "每人唯一编号，用英文字母和数字", "unique worker id",
       required=True, example="W01"),
    _C("姓名", "姓名", "name", required=True, example="王建国"),
    _C("岗位", "网格长、专职网格员、十户长等", "the grid role",
       required=True, example="专职网格员", vocabulary="roles"),
    _C("网格", "负责的村/网格/微网格区划编码，多个用、分隔",
       "region codes covered, separated by 、", example="410381100201001",
       width=18),
    _C("联系户", "十户长、党员中心户联系的户号，多个用、分隔",
       "household ids linked, separated by 、", example="H001、H002", width=18),
    _C("负责楼栋", "楼栋长负责的楼栋", "buildings (楼栋长)"),
    _C("电话", "联系电话（输出时打码）", "phone (masked on output)", width=16),
    _C("日走访上限", "每个工作日最多走访户数，默认8",
       "visits per working day (default 8)", example="8"),
    _C("上岗日期", "上岗日期，可空", "first day in the role"),
    _C("离岗日期", "离岗当天，在岗可空", "first day no longer in the role"),
)  # fmt: skip

_VISIT_COLUMNS = (  # read by gridgov.io.visit_tables (gridgov import visits)
    _C("日期", "走访日期", "the day of the visit", required=True, example="2026-11-02"),
    _C("时间", "走访时间，可空（按09:00计）", "time of day (default 09:00)",
       example="09:30"),
    _C("户号", "被走访的户号", "the household visited", required=True,
       example="H001"),
    _C("工号", "走访人工号（与网格员至少填一项）", "the worker's id (or 网格员)",
       example="W01"),
    _C("网格员", "走访人姓名（与工号至少填一项）", "the worker's name (or 工号)",
       example="王建国"),
    _C("方式", "入户、电话或视频，默认入户", "home, phone or video (default home)",
       example="入户", choices=("入户", "电话", "视频")),
    _C("情况", "走访情况", "what was found", example="身体健康，无诉求", width=28),
    _C("备注", "备注，并入走访情况", "remarks, added to the note", width=20),
    _C("发现问题", "需要办理的问题，填写后自动立案", "a problem found: opens a case",
       width=24),
)  # fmt: skip

TEMPLATES: dict[str, Template] = {
    "households": Template("households", "住户台账", _HOUSEHOLD_COLUMNS),
    "workers": Template("workers", "网格队伍台账", _WORKER_COLUMNS),
    "visits": Template("visits", "走访台账", _VISIT_COLUMNS),
}
"""Every template by kind (see the module docs to add one)."""


def template(kind: str) -> Template:
    """
    The template of *kind*.

    Raises:
        UnknownEntityError: No such template (with a did-you-mean).
    """
    try:
        return TEMPLATES[kind]
    except KeyError:
        hint = did_you_mean(kind, TEMPLATES).removeprefix("; ")
        known = f"known: {', '.join(TEMPLATES)}"
        raise UnknownEntityError(
            "template", kind, hint=f"{hint} {known}".strip()
        ) from None


def column_choices(
    column: TemplateColumn, care_tags: Mapping[str, CareTag] | None = None
) -> tuple[str, ...]:
    """
    The drop-down list of *column*: its vocabulary's Chinese labels, or its choices.

    >>> column_choices(TEMPLATES["workers"].columns[2])[:3]
    ('网格联络员', '网格长', '专职网格员')
    """
    if column.vocabulary == "roles":
        return tuple(r.zh for r in Role)
    if column.vocabulary == "care_tags":
        vocab = care_tags if care_tags is not None else vocabulary()
        return tuple(t.zh for t in vocab.values())
    return column.choices


def write_table(
    kind: str | Template,
    path: str | PathLike[str],
    rows: Iterable[Sequence[str]] = (),
    *,
    care_tags: Mapping[str, CareTag] | None = None,
) -> None:
    """
    Write a template to *path*, blank or with *rows* (cells in column order).

    The format is the suffix's: ``.csv`` or ``.xlsx``.

    Raises:
        UnknownEntityError: An unknown template kind.
        InvalidValueError: Another suffix.
        MissingExtraError: ``.xlsx`` without openpyxl.
        OSError: The file cannot be written.
    """
    from gridgov.errors import InvalidValueError  # noqa: PLC0415

    chosen = kind if isinstance(kind, Template) else template(kind)
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".csv":
        target.write_bytes(_csv_bytes(chosen, rows))
    elif suffix == ".xlsx":
        _write_xlsx(chosen, target, list(rows), care_tags)
    else:
        raise InvalidValueError("template file", "a .csv or .xlsx file", target.name)


def _csv_bytes(chosen: Template, rows: Iterable[Sequence[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(chosen.headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


_VALIDATED_ROWS = 2000  # rows below the header that get the drop-down lists
_HEADER_FILL = "1F4E78"  # dark blue; required columns a darker red
_REQUIRED_FILL = "9C2A2A"


def _write_xlsx(
    chosen: Template,
    target: Path,
    rows: list[Sequence[str]],
    care_tags: Mapping[str, CareTag] | None,
) -> None:
    try:
        import openpyxl  # noqa: PLC0415
        from openpyxl.styles import Alignment, Font, PatternFill  # noqa: PLC0415
        from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415
    except ImportError:
        raise MissingExtraError("excel", "openpyxl", "Excel templates") from None
    book = openpyxl.Workbook()
    sheet: Any = book.active
    sheet.title = chosen.title_zh
    notes = book.create_sheet("说明")
    options = book.create_sheet("选项")
    options.sheet_state = "hidden"
    sheet.append(list(chosen.headers))
    for row in rows:
        sheet.append([str(cell) for cell in row])
    bold = Font(bold=True, color="FFFFFF")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    lists = 0
    for i, column in enumerate(chosen.columns):
        letter = _column_letter(i)
        head = sheet.cell(row=1, column=i + 1)
        fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        head.font, head.alignment = bold, centre
        head.fill = PatternFill("solid", fgColor=fill)
        sheet.column_dimensions[letter].width = column.width
        sheet.column_dimensions[letter].number_format = "@"  # codes stay text
        choices = column_choices(column, care_tags)
        if not choices:
            continue
        lists += 1
        where = _column_letter(lists - 1)
        options.cell(row=1, column=lists, value=column.header)
        for j, choice in enumerate(choices, start=2):
            options.cell(row=j, column=lists, value=choice)
        many = column.vocabulary == "care_tags"  # several tags: warn, do not stop
        check = DataValidation(
            type="list",
            formula1=f"'选项'!${where}$2:${where}${len(choices) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning" if many else "stop",
            errorTitle=column.header,
            error=f"请从下拉列表选择{'（多个用、分隔）' if many else ''}",
            promptTitle=column.header,
            prompt=column.note_zh[:255],
            showInputMessage=True,
        )
        check.add(f"{letter}2:{letter}{_VALIDATED_ROWS + 1}")
        sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 24
    _notes_sheet(notes, chosen, care_tags, (bold, centre, PatternFill))
    book.save(target)


def _notes_sheet(
    notes: Any,
    chosen: Template,
    care_tags: Mapping[str, CareTag] | None,
    styles: tuple[Any, Any, Any],
) -> None:
    """The 说明 sheet: one row per column of the data sheet."""
    bold, centre, fill_class = styles
    notes.append(["列名", "是否必填", "填写说明", "示例", "可选值", "Column (English)"])
    for column in chosen.columns:
        choices = "、".join(column_choices(column, care_tags))
        notes.append(
            [
                column.header,
                "必填" if column.required else "选填",
                column.note_zh,
                column.example,
                choices,
                column.note_en,
            ]
        )
    for cell in notes[1]:
        cell.font, cell.alignment = bold, centre
        cell.fill = fill_class("solid", fgColor=_HEADER_FILL)
    for letter, width in zip("ABCDEF", (12, 10, 44, 22, 44, 36), strict=True):
        notes.column_dimensions[letter].width = width
    notes.freeze_panes = "A2"


def _column_letter(index: int) -> str:
    """
    The Excel letters of the 0-based column *index*.

    >>> _column_letter(0), _column_letter(25), _column_letter(26)
    ('A', 'Z', 'AA')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
