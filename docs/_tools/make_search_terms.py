"""
The site search's dictionary of domain terms, from docs/glossary.md.

Sphinx indexes Chinese text by segmenting it with jieba (``html_search_language
= "zh"`` in docs/conf.py). jieba's own dictionary does not know 网格长, 积分超市
or 应访, and would split them into pieces or glue them to a neighbour, so the
search would miss them. `terms` collects the terms of the glossary: every run
of Chinese characters there (a 中文 cell, a term in brackets after its English
name), split at 与 and 及 ("时限与工作日历" is two terms), of 2 to 7 characters
(longer runs are phrases, not terms), plus `EXTRA_TERMS`. docs/conf.py writes
them, in jieba's user-dictionary format (`render`: one word a line), into the
build's own directory on every build and hands the file to Sphinx as
``html_search_options["dict"]``, so the dictionary follows the glossary without
a step to forget. ``python docs/_tools/make_search_terms.py`` prints it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

GLOSSARY = Path(__file__).resolve().parents[1] / "glossary.md"

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
    """Print the dictionary."""
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
