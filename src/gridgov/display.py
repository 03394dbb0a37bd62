"""
Rich display (Jupyter): one small table renderer for every gridgov table.

The objects an analyst looks at in a notebook — a roster summary, a coverage
report, a ranking, a case list, case metrics, a visit plan, a period report —
all show themselves the same way, through `TableDisplay`:

* ``to_records()`` returns a list of plain dicts of JSON-ready values (str,
  int, float, bool, None, lists, dicts). Exact numbers stay exact as text
  (a prize ``Decimal("45.00")`` is ``"45.00"``, a rate is its percentage with
  its numerator and denominator), and personal identifiers are masked: an
  ``id_number`` or ``phone`` column whole, any ID or phone number written in
  other text through `gridgov.domain.privacy.mask_in_text`. A subclass that
  writes its own ``to_records()`` gets the same masking around it;
* ``_repr_html_()`` renders those same records as an escaped HTML table whose
  headers give each column's Chinese label next to its English key, with a
  caption — what Jupyter shows when the object is the last value of a cell;
* ``to_pandas()`` returns the same records as a `pandas.DataFrame`, importing
  pandas only then; without pandas it raises `gridgov.errors.MissingExtraError`
  naming the ``pandas`` extra.

Because the HTML and the DataFrame both read ``to_records()``, they never
disagree, and whatever ``to_records()`` masks stays masked everywhere; the HTML
renderer masks every text it draws once more, for tables built by hand. A
displayed table never unmasks (`gridgov.domain.privacy`): an analyst who needs
full values reads the objects, or exports them with ``unmasked=True``.

This module is the lowest layer of gridgov beside `gridgov.errors` and
`gridgov.types`: standard library only (and the private masking core), so
every engine can use it.

>>> cols = (Column("grid", "grid", "网格"), Column("visited", "visited", "已访"))
>>> print(html_table(cols, [{"grid": "<一网格>", "visited": 3}], caption="走访"))
<table class="gridgov-table">
<caption>走访</caption>
<thead><tr><th>网格<br><small>grid</small></th><th>已访<br><small>visited</small></th></tr></thead>
<tbody>
<tr><td>&lt;一网格&gt;</td><td>3</td></tr>
</tbody>
</table>
"""

from __future__ import annotations

import enum
import functools
import html
import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from types import ModuleType
from typing import Any, ClassVar, NamedTuple, Protocol, cast, runtime_checkable

from gridgov._masking import mask_data, mask_field, mask_in_text
from gridgov.errors import MissingExtraError

__all__ = [
    "Column",
    "SupportsRecords",
    "TableDisplay",
    "cell_text",
    "html_table",
    "import_extra",
    "import_pandas",
    "labelled_columns",
    "percent",
    "plain",
    "records_frame",
    "table_records",
]

_EMPTY = "（无 none）"


class Column(NamedTuple):
    """
    One column of a displayed table.

    Attributes:
        key: The record key (and the DataFrame column name).
        en: The English label shown in the header.
        zh: The Chinese label shown first in the header.
        shown: Whether the HTML table shows it (records always carry it);
            e.g. an enum's English value is kept in the records but only its
            ``*_zh`` label is shown.
        get: Reads the value from a row object; by default the attribute
            named *key*. Either way the value goes through `plain`.
    """

    key: str
    en: str
    zh: str
    shown: bool = True
    get: Callable[[Any], Any] | None = None

    @property
    def label(self) -> str:
        """``"<zh> <en>"``, the header as plain text."""
        return f"{self.zh} {self.en}"


def labelled_columns(key: str, en: str, zh: str) -> tuple[Column, Column]:
    """
    Two columns for an attribute whose value has a Chinese label (``.zh``).

    The records keep the value itself under *key* (for code; hidden in the
    HTML table) and its Chinese label under ``<key>_zh`` (shown); a missing
    value (None) has no label.

    >>> from gridgov.domain.regions import Level
    >>> from types import SimpleNamespace
    >>> value, label = labelled_columns("level", "level", "层级")
    >>> table_records((value, label), [SimpleNamespace(level=Level.GRID)])
    [{'level': 'grid', 'level_zh': '网格'}]
    """

    def label(row: Any) -> Any:
        value = getattr(row, key)
        return None if value is None else value.zh

    return Column(key, en, zh, shown=False), Column(f"{key}_zh", en, zh, get=label)


@runtime_checkable
class SupportsRecords(Protocol):
    """Anything that flattens to records (``to_records() -> list[dict]``)."""

    def to_records(self) -> list[dict[str, Any]]:
        """Return one plain dict per row."""
        ...  # pragma: no cover


def percent(rate: Fraction | None) -> str:
    """
    Format a rate as a percentage with one decimal (``"—"`` for no denominator).

    The one formatter of every rate gridgov shows (走访率, 办结率 …), exact and
    rounding halves up as reports are read: 1/16 is ``6.3%``, not the ``6.2%``
    binary floating point would give.

    >>> percent(Fraction(2, 3)), percent(Fraction(1, 16)), percent(None)
    ('66.7%', '6.3%', '—')
    """
    if rate is None:
        return "—"
    value = Decimal(rate.numerator * 100) / Decimal(rate.denominator)
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def plain(value: Any) -> Any:  # noqa: PLR0911 - one return per kind of value
    """
    Return *value* as a JSON-ready builtin, keeping exact numbers exact as text.

    Enums become their values, `Decimal` its text, a `Fraction` ``"n/d"``,
    dates and times ISO 8601, tuples and sets lists, mappings dicts with
    string keys; anything else that is not a builtin becomes ``str(value)``.

    >>> from decimal import Decimal
    >>> from datetime import date
    >>> plain((Decimal("45.00"), date(2026, 11, 1), Fraction(2, 3), None))
    ['45.00', '2026-11-01', '2/3', None]
    """
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [plain(v) for v in items]
    return str(value)


def table_records(
    columns: Sequence[Column], rows: Iterable[Any]
) -> list[dict[str, Any]]:
    """
    Read one record per row object: each column's value, `plain` and masked.

    An ``id_number`` or ``phone`` column is masked whole, ID and phone numbers
    written in any other text through `gridgov.domain.privacy.mask_in_text`.

    >>> from decimal import Decimal
    >>> from typing import NamedTuple
    >>> class Prize(NamedTuple):
    ...     account: str
    ...     yuan: Decimal
    >>> cols = (Column("account", "account", "户"), Column("yuan", "prize", "奖金"))
    >>> table_records(cols, [Prize("H1", Decimal("45.00"))])
    [{'account': 'H1', 'yuan': '45.00'}]
    >>> table_records(cols, [Prize("tel 138-1234-5678", Decimal(0))])[0]["account"]
    'tel 138****5678'
    """
    return [
        {
            c.key: mask_field(
                c.key, plain(getattr(row, c.key) if c.get is None else c.get(row))
            )
            for c in columns
        }
        for row in rows
    ]


def cell_text(value: Any) -> str:
    """
    The text a table cell shows for a record value (not yet escaped).

    ``None`` is ``—``, booleans are 是/否, lists are joined with ``、``.

    >>> cell_text(None), cell_text(True), cell_text(["H1", "H2"]), cell_text(7)
    ('—', '是', 'H1、H2', '7')
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(cell_text(v) for v in value) or "—"
    if isinstance(value, Mapping):
        return "、".join(f"{k} {cell_text(v)}" for k, v in value.items()) or "—"
    return str(value)


def html_table(
    columns: Sequence[Column],
    records: Iterable[Mapping[str, Any]],
    *,
    caption: str = "",
    note: str = "",
    group_by: str | None = None,
    css_class: str = "gridgov-table",
    lang: str | None = None,
) -> str:
    """
    Render *records* as an HTML ``<table>``; every text is masked and escaped.

    Masked through `gridgov.domain.privacy.mask_in_text`, so a table built by
    hand shows no personal number either.

    Args:
        columns: The columns, in order; those with ``shown=False`` are skipped.
        records: The rows (missing keys show as ``—``).
        caption: The table's caption (its title).
        note: A second caption line (scope, period, as-of day …).
        group_by: A record key whose value, when it changes, starts a group
            with a full-width heading row (the key itself is not a column).
        css_class: The table's ``class`` attribute.
        lang: The headers' language: ``None`` (the notebook default) shows
            each column's Chinese label over its English one; ``"zh"`` only
            the Chinese, ``"en"`` only the English (`gridgov.labels.Lang`).
    """

    def esc(text: str) -> str:
        return html.escape(mask_in_text(text))

    shown = [c for c in columns if c.shown]
    out = [f'<table class="{esc(css_class)}">']
    if caption or note:
        second = f"<br><small>{esc(note)}</small>" if note else ""
        out.append(f"<caption>{esc(caption)}{second}</caption>")
    heads = "".join(f"<th>{_head(c, lang, esc)}</th>" for c in shown)
    out += [f"<thead><tr>{heads}</tr></thead>", "<tbody>"]
    group: object = object()
    empty = True
    for record in records:
        empty = False
        if group_by is not None and record.get(group_by) != group:
            group = record.get(group_by)
            out.append(
                f'<tr><th colspan="{len(shown)}">{esc(cell_text(group))}</th></tr>'
            )
        cells = "".join(f"<td>{esc(cell_text(record.get(c.key)))}</td>" for c in shown)
        out.append(f"<tr>{cells}</tr>")
    if empty:
        none = {"zh": "（无）", "en": "(none)"}.get(lang or "", _EMPTY)
        out.append(f'<tr><td colspan="{len(shown)}">{none}</td></tr>')
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _head(column: Column, lang: str | None, esc: Callable[[str], str]) -> str:
    """A header cell's content: both labels, or the one of *lang*."""
    if lang == "zh":
        return esc(column.zh)
    if lang == "en":
        return esc(column.en)
    return f"{esc(column.zh)}<br><small>{esc(column.en)}</small>"


def import_extra(module: str, extra: str, feature: str) -> ModuleType:
    """
    Import *module*, which the optional extra *extra* installs, on demand.

    The one way gridgov imports an optional package (pandas, matplotlib,
    openpyxl) where it needs it, so the message when it is missing is the same.

    >>> import_extra("json", "none", "a doctest").__name__
    'json'

    Raises:
        MissingExtraError: *module* is not installed; the message names
            *feature* and ``pip install 'gridgov[<extra>]'``.
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        package = module.partition(".")[0]
        raise MissingExtraError(extra, package, feature) from None


def import_pandas(feature: str = "to_pandas") -> Any:
    """
    Import pandas on demand (the ``pandas`` extra).

    Raises:
        MissingExtraError: pandas is not installed; the message names
            *feature* and ``pip install 'gridgov[pandas]'``.
    """
    return import_extra("pandas", "pandas", feature)


def records_frame(
    records: Iterable[Mapping[str, Any]],
    *,
    columns: Sequence[str] = (),
    feature: str = "to_pandas",
) -> Any:
    """
    Return *records* as a `pandas.DataFrame`, one row per record.

    Args:
        records: The rows.
        columns: Column names for the frame when *records* is empty (so an
            empty table still has its columns); with records, their keys win.
        feature: What needed pandas, for the error message.

    Raises:
        MissingExtraError: pandas is not installed.
    """
    pandas = import_pandas(feature)
    rows = [dict(r) for r in records]
    if not rows and columns:
        return pandas.DataFrame(columns=list(columns))
    return pandas.DataFrame.from_records(rows)


def _masked_records(
    to_records: Callable[[Any], list[dict[str, Any]]],
) -> Callable[[Any], list[dict[str, Any]]]:
    """Wrap a table's own ``to_records()`` so that what it returns is masked."""

    @functools.wraps(to_records)
    def masked(self: Any) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = mask_data(to_records(self))
        return records

    _MASKED_RECORDS.add(masked)
    return masked


_MASKED_RECORDS: set[object] = set()
"""The wrappers `_masked_records` made (attrs re-creates slotted classes)."""


class TableDisplay:
    """
    Mixin: rich display from ``to_records()`` and `display_columns`.

    A subclass sets `display_columns` (each reads its value from a row
    object) and, unless it is itself the sequence of rows (a tuple subclass),
    `display_rows`; or it overrides ``to_records()`` outright (one plain dict
    per row, keyed by the columns' keys, identifiers masked). Usually it also
    sets `display_caption`. It gets `to_html`, ``_repr_html_`` (Jupyter) and
    `to_pandas`. Works for attrs classes and tuple subclasses alike (it has
    no slots of its own).
    """

    __slots__ = ()

    display_columns: ClassVar[tuple[Column, ...]] = ()
    """The columns of the table, in display order."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # A table must have rows: being a sequence of them, or saying where
        # they are. Checked when the class is defined, not when first shown.
        super().__init_subclass__(**kwargs)
        own = ("display_rows", "to_records")
        if not issubclass(cls, Iterable) and not any(
            getattr(cls, name) is not getattr(TableDisplay, name) for name in own
        ):
            msg = (
                f"{cls.__qualname__} is not a sequence of rows: "
                "define display_rows() or to_records()"
            )
            raise TypeError(msg)
        own_records = cls.__dict__.get("to_records")
        if callable(own_records) and own_records not in _MASKED_RECORDS:
            type.__setattr__(cls, "to_records", _masked_records(own_records))

    def display_rows(self) -> Iterable[Any]:
        """The row objects the columns read; by default the object itself."""
        return cast("Iterable[Any]", self)

    def to_records(self) -> list[dict[str, Any]]:
        """Return one plain dict per row (see the module docs)."""
        return table_records(self.display_columns, self.display_rows())

    def shown_columns(self) -> tuple[Column, ...]:
        """
        The columns this table shows (HTML, exports): `display_columns` by default.

        A table overrides it to leave out a column that is empty in every row
        (a ranking over no scopes has no 范围 to show); records keep it.
        """
        return self.display_columns

    def display_caption(self) -> str:
        """The table's caption (Chinese, then English)."""
        return type(self).__name__

    def display_note(self) -> str:
        """A second caption line; empty by default."""
        return ""

    def to_html(self) -> str:
        """The records as an escaped HTML table with a caption."""
        return html_table(
            self.shown_columns(),
            self.to_records(),
            caption=self.display_caption(),
            note=self.display_note(),
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_pandas(self) -> Any:
        """
        The records as a `pandas.DataFrame` (same rows as ``to_records()``).

        Raises:
            MissingExtraError: pandas is not installed
                (``pip install 'gridgov[pandas]'``).
        """
        return records_frame(
            self.to_records(),
            columns=[c.key for c in self.display_columns],
            feature=f"{type(self).__name__}.to_pandas",
        )
