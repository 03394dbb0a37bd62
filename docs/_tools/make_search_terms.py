"""
Write docs/_tools/search_terms.txt, the site search's dictionary of domain terms.

Sphinx indexes Chinese text by segmenting it with jieba (``html_search_language
= "zh"`` in docs/conf.py). jieba's own dictionary does not know 网格长, 积分超市
or 应访, and would split them into pieces or glue them to a neighbour, so the
search would miss them. This script collects the terms from docs/glossary.md:
every run of Chinese characters there (a 中文 cell, a term in brackets after
its English name), split at 与 and 及 ("时限与工作日历" is two terms), of 2 to
7 characters (longer runs are phrases, not terms), plus `EXTRA_TERMS`. The file
is jieba's user-dictionary format, one word a line, sorted; docs/conf.py hands
it to Sphinx as ``html_search_options["dict"]``. Run
``python docs/_tools/make_search_terms.py`` after editing the glossary;
tests/test_docs_offline.py fails while the file is stale.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1]
GLOSSARY = DOCS / "glossary.md"
TERMS = DOCS / "_tools" / "search_terms.txt"

EXTRA_TERMS = ("办结率", "化解率", "红黑榜", "网格员", "走访率")
"""Words the pages use on their own but the glossary only inside longer terms
(专职网格员, 走访覆盖 …)."""

_CHINESE_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_JOINERS = re.compile(r"[与及]")
_SHORTEST, _LONGEST = 2, 7


def terms(glossary: str) -> list[str]:
    r"""Return the sorted, distinct terms of a glossary's text, with `EXTRA_TERMS`.

    >>> terms("| `grid` | 网格 | A grid (网格). |\n## Time (时限与工作日历)")
    ['办结率', '化解率', '工作日历', '时限', '红黑榜', '网格', '网格员', '走访率']
    """
    found = set(EXTRA_TERMS)
    for run in _CHINESE_RUN.findall(glossary):
        found.update(
            word for word in _JOINERS.split(run) if _SHORTEST <= len(word) <= _LONGEST
        )
    return sorted(found)


def render() -> str:
    """Return the dictionary file's text for the glossary as it is now."""
    return "".join(f"{word}\n" for word in terms(GLOSSARY.read_text("utf-8")))


def main() -> int:
    """Write the dictionary when it is stale; say so."""
    fresh = render()
    if not TERMS.exists() or TERMS.read_text("utf-8") != fresh:
        TERMS.write_text(fresh, encoding="utf-8")
        print(f"wrote {TERMS}")  # noqa: T201 - a script reports what it did
    return 0


if __name__ == "__main__":
    sys.exit(main())
