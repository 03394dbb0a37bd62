"""The languages, a label pair, and joining words (the core of `gridgov.labels`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, NamedTuple, get_args

from gridgov.domain.privacy import mask_name
from gridgov.errors import InvalidValueError

__all__ = [
    "LANGS",
    "Label",
    "Lang",
    "check_lang",
    "english",
    "join",
    "masked_name",
    "pick",
]


Lang = Literal["zh", "en"]
"""An output language: ``"zh"`` (the default everywhere) or ``"en"``."""

LANGS: tuple[Lang, ...] = get_args(Lang)
"""The output languages, default first: ``("zh", "en")``."""


class Label(NamedTuple):
    """One entry's words: the Chinese label and the English one."""

    zh: str
    en: str

    def __call__(self, lang: Lang = "zh") -> str:
        """The label in *lang*."""
        return self.zh if lang == "zh" else self.en


def check_lang(value: str) -> Lang:
    """
    Return *value* as a `Lang`, or raise `InvalidValueError` naming the choices.

    >>> check_lang("en")
    'en'
    """
    if value not in LANGS:
        raise InvalidValueError("lang", "one of " + ", ".join(LANGS), value)
    return value


def pick(lang: Lang, zh: str, en: str) -> str:
    """
    Choose between a Chinese and an English text (for sentences, not labels).

    >>> pick("en", "走访计划", "visit plan")
    'visit plan'
    """
    return zh if lang == "zh" else en


def english(identifier: str) -> str:
    """``full_time_grid_worker`` → ``full-time grid worker`` (the English fallback)."""
    return (
        identifier.replace("full_time", "full-time")
        .replace("part_time", "part-time")
        .replace("_", " ")
    )


def join(words: Iterable[str], lang: Lang = "zh") -> str:
    """
    Join words as a list reads in *lang*: 、 in Chinese, a comma and a space in English.

    >>> join(["卫生星", "守法星"]), join(["hygiene", "law"], "en")
    ('卫生星、守法星', 'hygiene, law')
    """
    return ("、" if lang == "zh" else ", ").join(words)


masked_name = mask_name
"""A person's name as a public list shows it: `gridgov.domain.privacy.mask_name`."""
