"""
The masking core (个人信息脱敏), standard library only.

This private module sits below every other gridgov module, beside
`gridgov.errors` (which masks its messages with it) and `gridgov.display`
(which masks its tables), so that both can use it without importing the domain
layer. Its public face, and its documentation, is `gridgov.domain.privacy`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import Any

__all__ = [
    "FIELD_MASKS",
    "mask_data",
    "mask_field",
    "mask_id_number",
    "mask_in_text",
    "mask_name",
    "mask_phone",
]


def mask_name(name: str) -> str:
    """
    A person's name as a public list shows it (姓名脱敏): 陈*军, 张*.

    The first and last characters stay and those between are starred; a
    two-character name keeps its surname only; one character stays as is.
    Rankings, notice boards and plots name households this way (by the
    head's name); ``unmasked=True`` where offered shows the name whole.

    >>> mask_name("陈海军"), mask_name("张三"), mask_name("欧阳娜娜"), mask_name("")
    ('陈*军', '张*', '欧**娜', '')
    """
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:  # noqa: PLR2004 - a two-character name keeps its surname
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(value: str) -> str:
    """
    Mask an ID number, keeping the first 3 and last 4 characters.

    >>> mask_id_number("410381199001011234")
    '410***********1234'
    >>> mask_id_number("")
    ''
    """
    if len(value) <= 7:  # noqa: PLR2004 - too short to show anything safely
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str) -> str:
    """
    Mask a phone number, keeping the first 3 and last 4 digits.

    >>> mask_phone("13812345678")
    '138****5678'
    """
    if len(value) <= 7:  # noqa: PLR2004 - too short to show anything safely
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


# Written forms are read on a copy of the text in which full-width digits,
# signs and spaces (what a Chinese IME types) and the other dashes are their
# ASCII selves. Every replacement is one character for one, so a match's
# position in the copy is its position in the original.
_NORMALISE = str.maketrans(
    {
        **{chr(0xFF10 + d): str(d) for d in range(10)},  # ０-９
        "＋": "+",
        "－": "-",  # full-width hyphen-minus
        "‐": "-",  # hyphen
        "‑": "-",  # non-breaking hyphen
        "‒": "-",  # figure dash
        "–": "-",  # en dash
        "−": "-",  # minus sign
        "\u3000": " ",  # ideographic space
        "\u00a0": " ",  # no-break space
        "Ｘ": "X",
        "ｘ": "x",
    }
)

# Three digits in a row, in either width: nothing shorter is worth a look.
_DIGITS = re.compile("[0-9０-９]{3}")
# Any character `_NORMALISE` changes (most text has none: no copy needed).
_WIDE = re.compile("[" + "".join(re.escape(chr(c)) for c in _NORMALISE) + "]")

# One pass finds all three kinds; a digit may never stand right before or
# after a match (it would be part of a longer number), a letter may
# (``ID410381199001011234``, ``tel13812345678``).
_SEP = "[ -]?"
_PERSONAL = re.compile(
    # (The look-ahead first lets the engine skip to a digit or "+" quickly.)
    r"(?=[+0-9])(?<![0-9])(?:"
    # An 18-character ID number (GB 11643): a 6-digit area code, a birth date
    # that could be one, 3 digits and a check character; grouped 6-8-4 or
    # 6-4-4-4 with spaces or dashes, or not at all.
    rf"(?P<id>[1-9][0-9]{{5}}{_SEP}(?:18|19|20)[0-9]{{2}}{_SEP}"
    rf"(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]){_SEP}[0-9]{{3}}[0-9Xx])"
    # A mainland mobile number 1[3-9]xxxxxxxxx, grouped 3-4-4 or not, after an
    # optional +86, 0086 or 86 (kept as written).
    rf"|(?P<cc>(?:\+|00)?86{_SEP})?(?P<mobile>1[3-9][0-9]{_SEP}[0-9]{{4}}{_SEP}[0-9]{{4}})"
    # A landline (固定电话): area code 0xx or 0xxx, an optional "-" or space,
    # then a 7- or 8-digit local number that starts with 2-9 (区号 + 本地号码).
    r"|(?P<area>0[1-9][0-9]{1,2})(?P<sep>[- ]?)(?P<local>[2-9][0-9]{6,7})"
    r")(?![0-9])"
)

# Machine identifiers that may hold a run of digits next to a letter: hex
# digests of the usual lengths (a journal's hash chain) and UUIDs (event ids).
# A match inside one of them, as a whole token, is not a person's number.
_HEX = "[0-9a-fA-F]"
_HASHLIKE = re.compile(
    r"(?<![0-9A-Za-z])(?:"
    rf"{_HEX}{{128}}|{_HEX}{{64}}|{_HEX}{{40}}|{_HEX}{{32}}"
    rf"|{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}"
    r")(?![0-9A-Za-z])"
)
_LETTERS = frozenset(string.ascii_letters)


def _inside_hash(text: str, start: int, end: int) -> bool:
    """
    Whether ``text[start:end]`` runs into a hex digest or a UUID.

    Overlapping one is enough: a UUID's last digits followed by a digest's
    first ones, with a space between, can look like a grouped mobile number.
    """
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before not in _LETTERS and after not in _LETTERS:
        return False  # a digest's digits always touch a letter or a dash
    return any(h.start() < end and start < h.end() for h in _HASHLIKE.finditer(text))


def _digits(written: str) -> str:
    return written.replace(" ", "").replace("-", "")


def _mask_match(match: re.Match[str]) -> str:
    id_number, cc, mobile, area, sep, local = match.groups()
    if id_number is not None:
        return mask_id_number(_digits(id_number))
    if mobile is not None:
        return (cc or "") + mask_phone(_digits(mobile))
    return f"{area}{sep}{'*' * (len(local) - 4)}{local[-4:]}"


def mask_in_text(text: str) -> str:
    r"""
    Mask the ID numbers and phone numbers written inside free text.

    See `gridgov.domain.privacy` for the written forms caught and what is left
    alone. Text that holds escapes (``repr()`` and JSON write a control
    character as ``\x01`` or ``\u0001``) is read a second time with each
    escape taken for the one character it stands for, so that the digits of an
    escape never hide a number written right after it.

    >>> mask_in_text("王某 +86 138-1234-5678 反映漏水，身份证 41038119900101123X")
    '王某 +86 138****5678 反映漏水，身份证 410***********123X'
    >>> mask_in_text("村委会电话 0371-63812345，或 010 82345678")
    '村委会电话 0371-****2345，或 010 ****5678'
    >>> print(mask_in_text(repr("\x0113812345678")))
    '\x01138****5678'
    """
    if _DIGITS.search(text) is None:
        return text
    normal = text if _WIDE.search(text) is None else text.translate(_NORMALISE)
    text = _mask_read(text, normal)
    if "\\" in text:
        normal = _ESCAPE.sub(_blank_escape, text.translate(_NORMALISE))
        text = _mask_read(text, normal)
    return text


# A backslash escape as repr() and JSON write them; any other escaped
# character (``\\\\``, ``\\n``) is consumed too, to stay in step.
_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")


def _blank_escape(escape: re.Match[str]) -> str:
    """An escape as as many characters that are neither digits nor letters."""
    return "_" * len(escape.group())


def _mask_read(text: str, normal: str) -> str:
    """Mask in *text* what `_PERSONAL` finds in *normal* (its same-length reading)."""
    out: list[str] = []
    last = 0
    for match in _PERSONAL.finditer(normal):
        start, end = match.span()
        if _inside_hash(normal, start, end):
            continue
        out += (text[last:start], _mask_match(match))
        last = end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


FIELD_MASKS: dict[str, Callable[[str], str]] = {
    "id_number": mask_id_number,
    "phone": mask_phone,
}
"""Fields masked as a whole wherever they occur: ``id_number`` and ``phone``."""


def mask_field(name: object, value: Any) -> Any:
    """
    Mask *value* as the field *name* is masked (`FIELD_MASKS`), else as data.

    >>> mask_field("phone", "0371-63812345"), mask_field("note", "tel13812345678")
    ('037******2345', 'tel138****5678')
    """
    mask = FIELD_MASKS.get(name) if isinstance(name, str) else None
    if mask is not None and isinstance(value, str):
        return mask(value)
    return mask_data(value)


def mask_data(data: Any) -> Any:
    """
    Return a copy of JSON-ready *data* with every personal number masked.

    Every ``id_number`` and ``phone`` field at any depth is masked whole, and
    every other text (values and keys) through `mask_in_text`. Lists, tuples,
    sets and dicts are copied; anything else is returned as it is.

    >>> mask_data(
    ...     {"members": [{"phone": "13812345678", "note": "ID410381199001011234"}]}
    ... )
    {'members': [{'phone': '138****5678', 'note': 'ID410***********1234'}]}
    """
    if isinstance(data, str):
        return mask_in_text(data)
    if isinstance(data, dict):
        return {
            (mask_in_text(k) if isinstance(k, str) else k): mask_field(k, v)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [mask_data(v) for v in data]
    if isinstance(data, tuple) and hasattr(data, "_fields"):  # a named tuple
        fields: tuple[str, ...] = data._fields
        return type(data)(
            *(mask_field(n, v) for n, v in zip(fields, data, strict=True))
        )
    if isinstance(data, tuple | set | frozenset):
        return type(data)(mask_data(v) for v in data)
    return data
