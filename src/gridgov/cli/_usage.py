"""
Usage errors in the language of the output (用法错误).

argparse writes its own complaints in English (``the following arguments are
required: --db``). `UsageParser` says them in Chinese when the command line
asks for Chinese (the default), and leaves them as they are with ``--lang en``:
the usage line above the complaint starts 用法：, and the complaint is
translated from argparse's own message shapes (Python 3.11–3.13). Option
names, metavars and the values the user typed stay as written.

>>> print(usage_text("the following arguments are required: HOUSEHOLD, --db"))
缺少必填参数：HOUSEHOLD, --db
>>> print(
...     usage_text(
...         "argument --kind: invalid choice: 'car' (choose from 'home', 'phone')"
...     )
... )
参数 --kind：无效的选项 'car'（可选：'home', 'phone'）
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import NoReturn, cast

__all__ = ["UsageParser", "parser_class", "usage_text", "wanted_lang"]

# argparse's message shapes (its gettext msgids), most specific first.
_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), zh)
    for pattern, zh in (
        (r"^the following arguments are required: (.*)$", r"缺少必填参数：\1"),
        (r"^unrecognized arguments: (.*)$", r"无法识别的参数：\1"),
        (r"^one of the arguments (.*) is required$", r"必须给出参数 \1 之一"),
        (r"^ambiguous option: (\S+) could match (.*)$", r"选项 \1 有歧义，可能是 \2"),
        (r"^invalid choice: (.*) \(choose from (.*)\)$", r"无效的选项 \1（可选：\2）"),
        (r"^invalid (\w+) value: (.*)$", r"无效的值 \2"),
        (r"^expected one argument$", "需要一个值"),
        (r"^expected at most one argument$", "至多一个值"),
        (r"^expected at least one argument$", "至少需要一个值"),
        (r"^expected (\d+) arguments?$", r"需要 \1 个值"),
        (r"^not allowed with argument (.*)$", r"不能与参数 \1 同时使用"),
        (r"^ignored explicit argument (.*)$", r"多余的值 \1"),
    )
)
_ARGUMENT = re.compile(r"^argument (\S+): (.*)$", re.DOTALL)


def usage_text(message: str) -> str:
    """Argparse's complaint *message* in Chinese (unknown shapes stay as they are)."""
    prefix = ""
    if match := _ARGUMENT.match(message):
        prefix, message = f"参数 {match[1]}：", match[2]
    for pattern, zh in _SHAPES:
        if pattern.match(message):
            return prefix + pattern.sub(zh, message)
    return prefix + message


class UsageParser(argparse.ArgumentParser):
    """An `argparse.ArgumentParser` whose usage errors follow ``lang``."""

    lang = "zh"
    """The language of usage errors: ``zh`` or ``en`` (set by `parser_class`)."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and the complaint (in ``lang``) on stderr; exit 2."""
        if self.lang == "en":
            super().error(message)
        usage = re.sub(r"^usage: ", "用法：", self.format_usage())
        self._print_message(usage, sys.stderr)
        self.exit(2, f"{self.prog}：用法错误：{usage_text(message)}\n")


def parser_class(lang: str) -> type[argparse.ArgumentParser]:
    """A `UsageParser` class speaking *lang*; subcommands' parsers inherit it."""
    return cast(
        "type[argparse.ArgumentParser]",
        type("GridgovParser", (UsageParser,), {"lang": lang}),
    )


def wanted_lang(argv: Sequence[str]) -> str:
    """The ``--lang`` an argument list asks for, before it is parsed (default zh)."""
    for i, word in enumerate(argv):
        if word == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "zh"
        if word.startswith("--lang="):
            return "en" if word.removeprefix("--lang=") == "en" else "zh"
    return "zh"
