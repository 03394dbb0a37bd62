"""
Awards (评比): rankings with prizes, progress, red and black lists, stars, honours.

All of them are pure functions of the ledger and a period; nothing is stored.
Scores are *net points earned for conduct in the period* (awards minus their
reversals), never the balance, so spending in the supermarket never costs a
household its place.

Ties (the documented rule): households with equal scores share a rank
(competition ranking 1, 1, 3). With `TieRule.SHARE` each tied household receives
the prize of the shared rank; with `TieRule.SPLIT` the tied households split
the prizes of the places they occupy equally (to the fen, rounding down). A
household needs a score of at least ``min_score`` (default 1) to be placed.

Ties across the last place (the *top*-th row): a ranking that pays prizes
places the whole tied group, so no household tied with a prize winner goes
without (rows may then exceed *top*); a ranking without prizes (a list to
show, 排行前十) stops at *top* rows and counts the tied households it left out
in `Ranking.tied_out`. ``keep_ties=True`` or ``False`` chooses either way.

>>> prizes = (Decimal(50), Decimal(40), Decimal(30))
>>> scores = {"H1": 30, "H2": 30, "H3": 20, "H4": 10}
>>> for p in ranking(scores, top=3, prizes=prizes, tie=TieRule.SPLIT):
...     print(p.account, p.rank, p.score, p.prize)
H1 1 30 45.00
H2 1 30 45.00
H3 3 20 30.00
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_DOWN, Decimal
from typing import Self

import attrs

from gridgov.display import Column, TableDisplay
from gridgov.domain.ids import AccountId
from gridgov.domain.spans import DateSpan
from gridgov.points.ledger_state import LedgerState

__all__ = [
    "BlackList",
    "BlackListEntry",
    "Honour",
    "Placing",
    "Ranking",
    "StarRating",
    "StarStandard",
    "TieRule",
    "black_list",
    "honours",
    "progress_ranking",
    "ranking",
    "red_list",
    "scoped_ranking",
    "star_ratings",
]

_FEN = Decimal("0.01")


class TieRule(enum.StrEnum):
    """How prizes are paid when scores tie (并列)."""

    SHARE = "share"
    SPLIT = "split"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return {"share": "并列同奖", "split": "并列均分"}[self.value]


@attrs.frozen
class Placing:
    """
    One place in a ranking (名次).

    Attributes:
        scope: The compound, grid or village ranked within (``""`` for all).
        account: The household account.
        rank: Competition rank (ties share it).
        score: Points earned in the period (or improvement, for progress awards).
        prize: Prize in yuan (0 when the place carries none).
        name: How a public list names the household (its head, masked:
            陈*军); ``""`` until `Ranking.named` gives it.
    """

    scope: str
    account: str
    rank: int
    score: int
    prize: Decimal
    name: str = attrs.field(default="", eq=False)


class Ranking(tuple[Placing, ...], TableDisplay):  # noqa: SLOT001 - see tied_out
    """
    A ranking (排名, 红榜): its `Placing` rows, best first, as a tuple.

    It *is* a tuple (iterate, index, compare with ``==`` as before) that also
    displays itself: ``to_records()``, a Jupyter table and ``to_pandas()``
    (prizes as exact text, ``"45.00"``).

    >>> r = ranking({"H1": 30, "H2": 20}, top=1, prizes=(Decimal(50),))
    >>> r[0].account, len(r), r.to_records()[0]["account"], r.to_records()[0]["prize"]
    ('H1', 1, 'H1', '50')
    >>> r.named({"H1": "陈*军"}).to_records()[0]["name"]
    '陈*军'

    Attributes:
        tied_out: Households tied with the last row but left out because the
            ranking stops at *top* rows (0 when none were); equality ignores it.

    >>> cut = ranking({"H1": 9, "H2": 5, "H3": 5, "H4": 5}, top=2)
    >>> [p.account for p in cut], cut.tied_out
    (['H1', 'H2'], 2)
    """

    # No __slots__: a tuple subclass cannot have non-empty ones, and it
    # carries `tied_out` in its __dict__ (pickle and copy keep it).
    tied_out: int

    def __new__(cls, placings: Iterable[Placing] = (), *, tied_out: int = 0) -> Self:
        """A ranking of *placings*, with *tied_out* tied households left out."""
        self = super().__new__(cls, placings)
        self.tied_out = tied_out
        return self

    display_columns = (
        Column("name", "household", "户主", get=lambda p: p.name or p.account),
        Column("scope", "scope", "范围"),
        Column("account", "account", "户号"),
        Column("rank", "rank", "名次"),
        Column("score", "points", "积分"),
        Column("prize", "prize (yuan)", "奖金（元）"),
    )

    def shown_columns(self) -> tuple[Column, ...]:
        """The columns shown: 范围 only when some placing has a scope."""
        if any(p.scope for p in self):
            return self.display_columns
        return tuple(c for c in self.display_columns if c.key != "scope")

    def named(self, names: Mapping[str, str]) -> Ranking:
        """
        The same ranking with each household named, e.g. by its head, masked.

        Pass ``{account: gridgov.labels.masked_name(head)}``: a ranking posted
        in public shows 陈*军, not the 户号. Accounts not in *names* show their id.
        """
        return Ranking(
            (attrs.evolve(p, name=names.get(p.account, "")) for p in self),
            tied_out=self.tied_out,
        )

    def display_caption(self) -> str:
        """积分排名 Ranking, with the number of places."""
        return f"积分排名 Ranking: {len(self)} 名 placings"

    def display_note(self) -> str:
        """How many tied households the list left out, if any."""
        if not self.tied_out or not self:
            return ""
        last = self[-1].rank
        n = self.tied_out
        return f"另有 {n} 户并列第 {last} 名 ({n} more tied at rank {last})"


def ranking(
    scores: Mapping[str, int],
    *,
    top: int,
    prizes: Sequence[Decimal] = (),
    tie: TieRule = TieRule.SHARE,
    min_score: int = 1,
    scope: str = "",
    keep_ties: bool | None = None,
) -> Ranking:
    """
    Rank accounts by score, highest first, down to the *top*-th place.

    Accounts with equal scores share a rank and are ordered by account id for
    display only. A tie across the *top*-th row is placed whole when
    *keep_ties* is true, and cut at *top* rows when it is false (those left
    out are counted in `Ranking.tied_out`); by default (None) it is kept when
    the ranking pays *prizes* and cut when it does not, so ``top=10`` without
    prizes lists at most 10 households.
    """
    whole = bool(prizes) if keep_ties is None else keep_ties
    ordered = sorted(
        ((acc, s) for acc, s in scores.items() if s >= min_score),
        key=lambda item: (-item[1], item[0]),
    )
    groups: list[list[tuple[str, int]]] = []
    for acc, score in ordered:
        if groups and groups[-1][0][1] == score:
            groups[-1].append((acc, score))
        else:
            groups.append([(acc, score)])
    out: list[Placing] = []
    position = 1
    for group in groups:
        if position > top:
            break
        if tie is TieRule.SHARE:
            prize = prizes[position - 1] if position <= len(prizes) else Decimal(0)
        else:
            places = range(position - 1, position - 1 + len(group))
            pot = sum((prizes[i] for i in places if i < len(prizes)), Decimal(0))
            prize = (pot / len(group)).quantize(_FEN, rounding=ROUND_DOWN)
        room = len(group) if whole else top - len(out)
        out += [
            Placing(scope, acc, position, score, prize) for acc, score in group[:room]
        ]
        if room < len(group):
            return Ranking(out, tied_out=len(group) - room)
        position += len(group)
    return Ranking(out)


def scoped_ranking(
    scores: Mapping[str, int],
    scopes: Mapping[str, str],
    *,
    top: int,
    prizes: Sequence[Decimal] = (),
    tie: TieRule = TieRule.SHARE,
    min_score: int = 1,
    keep_ties: bool | None = None,
) -> Ranking:
    """
    Rank within each scope (e.g. each compound's monthly top 3, 每小区前三名).

    Only accounts listed in *scopes* take part (pass the eligible households).
    Ties across each scope's last place follow *keep_ties* as in `ranking`.
    """
    by_scope: dict[str, dict[str, int]] = defaultdict(dict)
    for account, scope in scopes.items():
        by_scope[scope][account] = scores.get(account, 0)
    out: list[Placing] = []
    tied_out = 0
    for scope in sorted(by_scope):
        placed = ranking(
            by_scope[scope],
            top=top,
            prizes=prizes,
            tie=tie,
            min_score=min_score,
            scope=scope,
            keep_ties=keep_ties,
        )
        out += placed
        tied_out += placed.tied_out
    return Ranking(out, tied_out=tied_out)


def progress_ranking(
    ledger: LedgerState,
    *,
    current: DateSpan,
    previous: DateSpan,
    accounts: Iterable[str],
    top: int,
    prizes: Sequence[Decimal] = (),
    tie: TieRule = TieRule.SHARE,
    keep_ties: bool | None = None,
) -> Ranking:
    """
    Progress award (进步奖): rank by points earned in *current* minus *previous*.

    Only improvements of at least one point are placed; ties across the last
    place follow *keep_ties* as in `ranking`.
    """
    now = ledger.earnings(current)
    before = ledger.earnings(previous)
    gains = {a: now.get(a, 0) - before.get(a, 0) for a in accounts}  # type: ignore[call-overload]
    return ranking(gains, top=top, prizes=prizes, tie=tie, keep_ties=keep_ties)


def red_list(
    ledger: LedgerState, span: DateSpan, accounts: Iterable[str], *, size: int
) -> Ranking:
    """红榜: the *size* best earners of the period (ties at the edge all included)."""
    earned = ledger.earnings(span)
    scores = {a: earned.get(a, 0) for a in accounts}  # type: ignore[call-overload]
    return ranking(scores, top=size, keep_ties=True)


@attrs.frozen
class BlackListEntry:
    """
    One household on the black list (黑榜), with the conduct that put it there.

    Attributes:
        account: The household.
        times: How many negative conduct records in the period.
        points: Sum of the nominal (negative) points of that conduct.
        rules: The rule ids, in order of occurrence.
    """

    account: str
    times: int
    points: int
    rules: tuple[str, ...]


class BlackList(tuple[BlackListEntry, ...], TableDisplay):
    """
    黑榜: the `BlackListEntry` rows, worst first, as a tuple that displays itself.

    Iterates, indexes and compares like the tuple `black_list` used to return.
    """

    __slots__ = ()

    display_columns = (
        Column("account", "account", "户"),
        Column("times", "records", "次数"),
        Column("points", "points", "分值"),
        Column("rules", "rules", "规则"),
    )

    def display_caption(self) -> str:
        """黑榜 Black list, with the number of households."""
        return f"黑榜 Black list: {len(self)} 户 households"


def black_list(
    ledger: LedgerState, span: DateSpan, *, size: int | None = None
) -> BlackList:
    """
    黑榜: households with negative conduct in the period, worst first.

    Conduct counts whether it cost points or was only recorded (积分不扣分).
    Order: most records, then most negative points, then account id.
    """
    found: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for _day, account, rule_id, points in ledger.conduct(span):
        found[account].append((rule_id, points))
    entries = [
        BlackListEntry(
            acc, len(rows), sum(p for _, p in rows), tuple(r for r, _ in rows)
        )
        for acc, rows in found.items()
    ]
    entries.sort(key=lambda e: (-e.times, e.points, e.account))
    return BlackList(entries if size is None else entries[:size])


@attrs.frozen
class StarStandard:
    """
    One standard of the 星级文明户 rating: meet it, earn a star.

    Attributes:
        id: Identifier (``hygiene``).
        label_zh: Chinese name of the star (卫生星).
        rules: Rule ids whose awards count toward it.
        min_points: Points needed from those rules in the period.
        revoked_by: Rule ids whose negative conduct in the period removes the
            star (退星), whatever was earned.
    """

    id: str
    label_zh: str
    rules: tuple[str, ...] = ()
    min_points: int = 1
    revoked_by: tuple[str, ...] = ()


@attrs.frozen
class StarRating:
    """
    A household's stars for a period.

    Attributes:
        account: The household.
        stars: Standards met (their ids), in standard order.
        removed: ``(standard id, rule id)`` pairs: stars met but withdrawn (退星).
    """

    account: str
    stars: tuple[str, ...]
    removed: tuple[tuple[str, str], ...]

    @property
    def count(self) -> int:
        """Number of stars (星级)."""
        return len(self.stars)


def star_ratings(
    ledger: LedgerState,
    span: DateSpan,
    standards: Sequence[StarStandard],
    accounts: Iterable[str],
) -> dict[str, StarRating]:
    """Rate every account against every standard for the period (星级文明户评定)."""
    earned = {s.id: ledger.earnings(span, frozenset(s.rules)) for s in standards}
    conduct: dict[str, list[str]] = defaultdict(list)
    for _day, who, rule_id, _points in ledger.conduct(span):
        conduct[who].append(rule_id)
    out: dict[str, StarRating] = {}
    for account in accounts:
        stars: list[str] = []
        removed: list[tuple[str, str]] = []
        for standard in standards:
            if earned[standard.id].get(AccountId(account), 0) < standard.min_points:
                continue
            hit = next((r for r in conduct[account] if r in standard.revoked_by), None)
            if hit is None:
                stars.append(standard.id)
            else:
                removed.append((standard.id, hit))
        out[account] = StarRating(account, tuple(stars), tuple(removed))
    return out


@attrs.frozen
class Honour:
    """An honour earned by lifetime points (荣誉称号), e.g. 500 → 文明家庭."""

    min_points: int
    label_zh: str


def honours(ledger: LedgerState, ladder: Sequence[Honour]) -> dict[str, Honour]:
    """
    The highest honour each account has reached by LIFETIME earnings.

    Spending points in the supermarket never takes an honour away; reversed
    awards do not count.
    """
    steps = sorted(ladder, key=lambda h: h.min_points)
    out: dict[str, Honour] = {}
    for account, total in ledger.lifetime_earnings().items():
        reached = [h for h in steps if total >= h.min_points]
        if reached:
            out[account] = reached[-1]
    return out
