"""
Masking of personal identifiers (个人信息脱敏).

ID numbers (居民身份证号码) and phone numbers are masked by default wherever
gridgov shows them: reprs, ``str()``, logs and exports. Only storage (the
journal) and an explicit ``redact=False`` export see the full value.
"""

from __future__ import annotations

import re

__all__ = [
    "mask_id_number",
    "mask_in_text",
    "mask_phone",
    "masked_id_repr",
    "masked_phone_repr",
]

_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
# A landline (固定电话): area code 0xx or 0xxx, an optional "-" or space, then a
# 7- or 8-digit local number that starts with 2-9 (区号 + 本地号码).
_LANDLINE_IN_TEXT = re.compile(
    r"(?<![0-9])(0[1-9][0-9]{1,2})([- ]?)([2-9][0-9]{6,7})(?![0-9])"
)


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


def masked_id_repr(value: str) -> str:
    """``repr()`` of the masked ID number, for attrs ``repr=`` hooks."""
    return repr(mask_id_number(value))


def masked_phone_repr(value: str) -> str:
    """``repr()`` of the masked phone number, for attrs ``repr=`` hooks."""
    return repr(mask_phone(value))


def mask_in_text(text: str) -> str:
    """
    Mask ID numbers and mobile numbers written inside free text.

    For titles and notes typed by people (a hotline case titled with the
    caller's number): 18-character ID numbers and 11-digit mainland mobile
    numbers standing on their own are masked as `mask_id_number` and
    `mask_phone` do; a landline keeps its area code (区号) and the last four
    digits of its local number. Other text is left alone.

    >>> mask_in_text("王某 13812345678 反映漏水，身份证 41038119900101123X")
    '王某 138****5678 反映漏水，身份证 410***********123X'
    >>> mask_in_text("村委会电话 0371-63812345，或 010 82345678")
    '村委会电话 0371-****2345，或 010 ****5678'
    """
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group()), text)
    text = _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group()), text)
    return _LANDLINE_IN_TEXT.sub(_mask_landline, text)


def _mask_landline(match: re.Match[str]) -> str:
    area, separator, local = match.groups()
    return area + separator + "*" * (len(local) - 4) + local[-4:]
