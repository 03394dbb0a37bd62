"""
Scan Chinese output for English that leaked into it (ASCII identifiers, reprs, words).

Chinese output (the default of every command, report and example) may carry
ASCII only where Chinese text itself does: codes (W02, G01, PC0009, 2026-W48),
dates, numbers, percentages and units, masked numbers, file paths and
options the user typed, and a few names of formats, encodings and products
(SQLite, XLSX, UTF-8). What the user wrote in a spec file is echoed as
written, so a problem report may also carry (each allowance is narrow):

* a value in single quotes, ``'suburban'`` or ``'\\ud800'`` (`gridgov.errors.shown`
  quotes every text value, and every choice or name a message asks for);
* a spec path with an index, ``villages[0].grids[1].kind``, anywhere, and a
  spec path that starts a problem line before its ``：`` (``regions：没有这个字段``);
* the TOML/JSON literals ``true``, ``false`` and ``null`` (a value found or asked
  for), and a byte in hex (``0xED``).

Everything else is a leak:

* snake_case identifiers (``living_alone``, ``partition.non_leaf``);
* CamelCase class or event names (``PatrolRecorded``);
* Python reprs: ``('litter',)``, ``['a', 'b']``, ``None``, ``True``, ``False``;
* English words.

>>> english_leaks("茹雪梅 (W06) 走访计划 2026-W48：PC0009 截止 2026-11-29 80.5%")
[]
>>> english_leaks("S02 ('litter',)")
["('litter',)  ← S02 ('litter',)"]
>>> [leak.split()[0] for leak in english_leaks("巡查 PatrolRecorded: living_alone")]
['PatrolRecorded', 'living_alone']

What a spec file says stays as written, and only that:

>>> english_leaks("villages[0].grids[0].kind：应为 'urban'、'rural' 之一，实为 true")
[]
>>> [
...     leak.split()[0]
...     for leak in english_leaks("实为 None、datetime.datetime(2026, 11, 30)")
... ]
['None', 'datetime.datetime']

`chinese_leaks` is the converse check for ``--lang en``: Chinese text that is
not one of the given names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

__all__ = ["ALLOWED_WORDS", "chinese_leaks", "english_leaks", "visible_text"]

ALLOWED_WORDS = frozenset(
    {
        # formats, products and standards that Chinese text names in Latin letters
        "csv",
        "excel",
        "gridgov",
        "html",
        "id",
        "json",
        "markdown",
        "postgresql",
        "sqlite",
        "toml",
        "url",
        "xlsx",
        "utc",
        # the status markers verify and validate print first: scripts grep them
        "ok",
        "bad",
        # text encodings a file is refused in, by the names editors show
        "utf-8",
        "utf-16",
        "utf-32",
        "gbk",
        "unicode",
        # a unit and a standard's prefix a problem states (16 MiB, GB 11643)
        "mib",
        "gb",
        # the literals of a TOML/JSON file, as a spec problem echoes them
        "true",
        "false",
        "null",
    }
)
"""Latin words that Chinese output may contain (compared in lower case)."""

_REPR = re.compile(
    r"\(\s*'[^']*'\s*,\s*\)"  # a one-tuple ('x',)
    r"|\(\s*'[^']*'(?:\s*,\s*'[^']*')+\s*,?\s*\)"  # a tuple of strings
    r"|\[\s*'[^']*'(?:\s*,\s*'[^']*')*\s*\]"  # a list of strings
    r"|\{\s*'[^']*'\s*:"  # a dict
    r"|\b(?:None|True|False)\b"
)
_SNAKE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b")
_DOTTED = re.compile(r"\b[a-z]+\.[a-z_]+\b")
_CAMEL = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*")
# codes: letters then digits (W06, PC0009, YF01, G01), periods (W48, Q4, H2),
# single letters (a unit like 分 never is one; a grid "A" may be)
_CODE = re.compile(r"^(?:[A-Z]{0,4}\d+[A-Za-z0-9]*|[A-Z])$")
_MASKED = re.compile(r"[0-9A-Za-z]*\*+[0-9A-Za-z]*")
_PATH = re.compile(
    r"(?:[\w.-]*/)+[\w.-]+|[\w-]+\.(?:db|toml|json|csv|xlsx|md|html|sqlite)\b"
)
_HEX = re.compile(r"\b[0-9a-f]{16,}\b")
_OPTION = re.compile(r"(?<![\w-])--?[a-z][a-z-]*")  # an option the user types
# what a spec file says, echoed by a problem report (see the module docstring);
# only single quotes: a repr of a tuple or list is caught by _REPR before this
_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'")
_INDEXED_PATH = re.compile(
    r"(?:\b[A-Za-z_]\w*)?(?:\.[A-Za-z_]\w*|\[[^\]\n]*\])*\[[^\]\n]*\]"
    r"(?:\.[A-Za-z_]\w*|\[[^\]\n]*\])*"
)
_LEADING_PATH = re.compile(r"^\s*[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?=：)")
_HEX_BYTE = re.compile(r"\b0x[0-9A-Fa-f]{2}\b")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def visible_text(html: str) -> str:
    """The text an HTML page shows (tags and attribute names dropped)."""
    parts: list[str] = []

    class _Text(HTMLParser):
        def handle_data(self, data: str) -> None:
            parts.append(data)

    parser = _Text()
    parser.feed(html)
    parser.close()
    return "\n".join(parts)


def english_leaks(text: str, *, allow: Iterable[str] = ()) -> list[str]:
    """
    Every leak in *text*, as ``"<what>  ← <the line it is on>"``, in order.

    *allow* adds exact strings that may appear (a file path or a URL the user
    typed, a worker id with letters); they are removed before scanning.
    """
    leaks: list[str] = []
    for raw in text.splitlines():
        line = raw
        for ok in sorted(allow, key=len, reverse=True):
            line = line.replace(ok, " ")
        line = _HEX.sub(" ", _PATH.sub(" ", _MASKED.sub(" ", line)))
        line = _OPTION.sub(" ", line)
        found = [match.group() for match in _REPR.finditer(line)]
        line = _REPR.sub(" ", line)
        line = _QUOTED.sub(" ", line)
        line = _LEADING_PATH.sub(" ", _INDEXED_PATH.sub(" ", line))
        line = _HEX_BYTE.sub(" ", line)
        for pattern in (_CAMEL, _SNAKE, _DOTTED):
            found.extend(match.group() for match in pattern.finditer(line))
            line = pattern.sub(" ", line)
        for match in _WORD.finditer(line):
            word = match.group()
            if _CODE.match(word) or word.lower() in ALLOWED_WORDS:
                continue
            found.append(word)
        leaks += [f"{what}  ← {raw.strip()}" for what in found]
    return leaks


def chinese_leaks(text: str, *, names: Iterable[str] = ()) -> list[str]:
    """
    Chinese text in *text* (English output) that is none of *names*.

    Names (of places, people, goods, a township's own rule names) are data and
    stay as written in English output; every other Chinese run is a leak.
    """
    line_leaks: list[str] = []
    known = sorted(set(names), key=len, reverse=True)
    for raw in text.splitlines():
        line = raw
        for name in known:
            line = line.replace(name, " ")
        line_leaks += [f"{run}  ← {raw.strip()}" for run in _CJK.findall(line)]
    return line_leaks
