"""
Labels (显示用语): the one place output turns a code into words, in Chinese or English.

Every vocabulary gridgov stores as an English identifier already carries its
Chinese label where it is defined: an enum's ``.zh`` (`Role.zh`,
`VisitStatus.zh` …), a care tag's ``zh``/``en``, a star standard's or a visit
rule's ``label_zh``. This module does not copy those tables; it *gathers* them
under short kind names, so that output code asks one question:

>>> label("care_tag", "elderly_living_alone")
'独居老人'
>>> label("care_tag", "elderly_living_alone", "en")
'elderly living alone'
>>> label("role", "full_time_grid_worker"), label("role", "full_time_grid_worker", "en")
('专职网格员', 'full-time grid worker')
>>> label("event", "PatrolRecorded"), label("event", "PatrolRecorded", "en")
('巡查', 'patrol')

The only table kept here is the one that exists nowhere else: the event type
names (``PatrolRecorded`` → 巡查), which are class names, not vocabulary.

Fallback (documented, and the same for every kind): an unknown *key* is
returned unchanged, so a township's own codes that are already words (a rule
named ``卫生星``, a tag added in its spec) show as written; an unknown *kind*
raises `gridgov.errors.UnknownEntityError` naming the kinds there are, because
that is a programming error. English labels are the vocabulary's own English
where it has one (care tags), else the identifier with ``_`` as spaces
(``full_time_grid_worker`` → ``full-time grid worker`` for roles,
``grid_chief`` → ``grid chief``).

Refusals shown to people go through `describe`: it renders the structured
fields of the points, supermarket and claim errors in the chosen language,
while the exception's own message stays English for developers and logs:

>>> from gridgov.points.lots import InsufficientPointsError
>>> err = InsufficientPointsError("YF01", "redeemable points", 50, 29)
>>> describe(err)
'YF01 可兑换积分不足：需要 50 分，现有 29 分'
>>> describe(err, "en")
'YF01: not enough redeemable points: needs 50, has 29'

Spec problems (`gridgov.errors.SpecProblem`) are said the same way:
`problem_text` renders a problem's code and parameters in Chinese (its
``message`` stays English), `problem_line` adds where it is, `row_line` does
the same for a table's bad rows.

This module sits in its own import layer, below `gridgov.io` and above the
engines (points, visits, cases, volunteers), so it can read every engine's
vocabulary and be used by reports, the application, the demo and the CLI.
"""

from __future__ import annotations

from gridgov.labels._core import (
    LANGS,
    Label,
    Lang,
    check_lang,
    join,
    masked_name,
    pick,
)
from gridgov.labels._problems import problem_line, problem_text, row_line
from gridgov.labels._refusals import describe
from gridgov.labels._roster import finding_text, summary_lines
from gridgov.labels._visits import rule_names
from gridgov.labels._vocab import (
    KINDS,
    enum_label,
    label,
    labels,
    star_names,
    tag_label,
)

__all__ = [
    "KINDS",
    "LANGS",
    "Label",
    "Lang",
    "check_lang",
    "describe",
    "enum_label",
    "finding_text",
    "join",
    "label",
    "labels",
    "masked_name",
    "pick",
    "problem_line",
    "problem_text",
    "row_line",
    "rule_names",
    "star_names",
    "summary_lines",
    "tag_label",
]
