"""
The Chinese words of spec problems: templates by code, kinds, expectations, parsers.

Kept apart from `gridgov.labels._problems` (which fills them in) so that the
tables read as a glossary. A template's fields are those of the English one
(`gridgov.errors.PROBLEM_TEMPLATES`); values and names the user wrote are
filled in quoted, as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["CONDITION_ZH", "EXPECTED_ZH", "KIND_ZH", "PARSER_ZH", "TEMPLATES_ZH"]

_SAVE = "请另存为 UTF-8 编码（另存为 → 编码：UTF-8）"

TEMPLATES_ZH: Mapping[str, str] = MappingProxyType(
    {
        "unknown_field": "没有这个字段",
        "duplicate_field": "字段 {name} 重复",
        "missing_field": "缺少必填字段",
        "missing_parameter": "缺少必填参数",
        "expected": "应为{expected}，实为 {value}",
        "expected_kind": "应为{expected}，实为{kind}",
        "expected_plain": "应为{expected}，实为 {value}",
        "expected_typed": "应为{expected}，实为 {value}",
        "expected_choice": "应为 {choices} 之一，实为 {value}",
        "expected_date": "应为日期（如 2026-03-01），实为 {value}",
        "expected_datetime": "应为带时区的日期时间（如 2026-03-01T09:00:00+08:00），"
        "实为 {value}",
        "top_level": "文件顶层应为表（JSON 对象），实为{kind}",
        "not_finite": "应为有限的数，实为{value}",
        "too_large": "数值应小于 10^15，实为 {value}",
        "too_many_digits": "数值应小于 10^15，实为 {digits} 位数",
        "giant_number": "数值应小于 10^15，实为 4300 位以上的数",
        "below": "应为不小于 {low} 的{kind}，实为 {value}",
        "above": "应为不大于 {high} 的{kind}，实为 {value}",
        "surrogate": "文本含无效的 Unicode 字符（孤立代理项 {text}）",
        "too_deep": "嵌套超过 {depth} 层",
        "encoding_bom": "此文件是 {encoding} 编码，不是 UTF-8；" + _SAVE,
        "encoding_gb18030": "此文件像是 GB18030（GBK）编码，不是 UTF-8；" + _SAVE,
        "encoding_byte": "不是 UTF-8 文本（字节 0x{byte:02X}）；" + _SAVE,
        "encoding_cut": "文件在一个字符的中间结束：是否不完整？",
        "invalid_toml": "TOML 格式错误：{detail}",
        "invalid_json": "JSON 格式错误：{detail}",
        "file_suffix": "应为 .toml 或 .json 文件，实为 {name}",
        "file_unreadable": "无法读取文件：{reason}",
        "file_too_big": "文件超过 {mib} MiB，规格文件不能更大（住户请放在 "
        "'household_tables' 的表格里）",
        "file_format": "格式应为 toml 或 json，实为 {value}",
        "unknown_ref": "找不到{kind} {key}",
        "unknown_ref_known": "找不到{kind} {key}；现有：{known}",
        "duplicate_id": "{kind}编号 {key} 重复（首次定义于 {first}）",
        "duplicate": "{kind} {key} 重复",
        "cycle": "{kind}构成循环：{chain}",
        "unknown_parameter": "没有这个参数；现有：{known}",
        "unknown_member": "找不到成员 {key}（应为人员或网格人员编号）",
        "duplicate_also": "{kind}重复（另见 {first}）",
        "duplicate_key_also": "{kind} {key} 重复（另见 {first}）",
        "duplicate_at": "{kind} {key} 重复（首次出现于 {first}）",
        "max_below_min": "上限应不小于下限 {low}，实为 {high}",
        "at_least_one": "至少应有一个{kind}",
        "non_empty": "{kind}不能为空",
        "must_not_be_empty": "不能为空",
        "region_code_digits": "区划代码应只含数字，实为 {value}",
        "region_code_length": "{level}代码应为 {want} 位数字，实为 {got} 位",
        "region_code_prefix": "区划代码应以上级代码 {prefix!r} 开头",
        "condition": "条件第 {column} 列：{condition}",
        "condition_part": "{condition}",
        "state_unreachable": "从初始环节 {initial!r} 到不了环节 {state!r}",
        "state_exits": "终结环节 {state!r} 不能再有出路",
        "state_dead_end": "非终结环节 {state!r} 没有出路（死胡同）",
        "state_no_end": "环节 {state!r} 永远到不了终结环节",
        "no_terminal": "没有终结环节；请至少把一个环节标为 'terminal = true'",
        "sources_empty": "至少要列出一个环节",
        "target_either": "'target' 与 'target_field'（及 'targets'）只能给出一种",
        "targets_missing": "须在 'targets' 列出 'target_field' 可以指向的环节",
        "no_effect": "没有哪个操作具有 {effect!r} 效果",
        "command_unused": "操作 {command!r} 没有被任何流转使用",
        "command_redefined": "环节 {state!r} 的操作 {command!r} 已由 {first} 定义",
        "same_key": "与 {first} 的适用范围相同：{key}",
        "no_limit": "既没有响应时限（'response'），也没有办结时限（'resolution'）",
        "ladder_order": "{level!r} 应高于 {below!r}（层级逐级向上）",
        "ladder_empty": "至少要列出一个层级",
        "authority_twice": "{key!r} 已有 {first}",
        "one_of": "应为 {choices} 之一",
        "not_negative": "不能小于 0",
        "effect_field": "效果 {effect!r} 要读取字段 {field!r}；"
        "请把它加到 {first} 的 'fields'",
        "resolve_unverified": "{command!r} 会办结事项，只能从已核实的环节发出；"
        "{state!r} 不在 'case.verified_states' 里",
        "floor_tags": "保底规则适用于每一户，不应有 'tags'",
        "last_visit_once": "以上次走访起算的规则须 'visits = 1'",
        "grace_needs_catch_up": "宽限天数须配 'catch_up' = 'grace'",
        "catch_up_needs_grace": "'catch_up' = 'grace' 须有 'grace_days' 不小于 1",
        "trigger_tags": "只有 'new_tag' 触发才带 'tags'",
        "parent_level": "上级应高于{level}，实为 {key}（{above}）",
        "cap_on_deduction": "上限只适用于加分的规则",
        "until_after_since": "应不早于 'since'（{since}），实为 {value}",
        "field_name": "字段名应为标识符，且不能是关键字或函数名，实为 {value}",
        "choices_on_text": "'choices' 只适用于文本字段",
        "zero_points": "分值应为非零整数，实为 0",
        "valid_until": "应晚于 'valid_from'（{start}），实为 {value}",
        "city_code": "地市代码应以 '00' 结尾（GB/T 2260）",
        "quantity_field": "按{unit}计分的规则须有一个数值字段记录数量，实为 {value}",
        "field_not_number": "字段 {name} 是{type}，不是数",
        "quantity_unwanted": "只有按小时和按件计分的规则才有数量",
        "reset_or_expiry": "'reset' 与 'expiry_months' 只能给出一个",
        "chinese_label": "应有中文名称",
        "year_twice": "{year} 年已在 {first} 录入",
        "no_rest_days": "应有通知里的放假日期，实为空",
        "day_outside_year": "{day} 不在 {year} 年内",
        "working_rest_day": "{day} 同时也是放假日",
        "weekday_working_day": "{day} 是星期{weekday_zh}；调休上班日应为星期六或星期日",
        "claim_fact": "申报只记录文本和数字，实为 {value}",
        "spec_source": "应为规格文件的路径或映射，实为{kind}",
        "no_township": "文件夹里没有 township.toml（花名册）；新建乡镇文件夹请用 "
        "'gridgov init'",
        "unknown_kind": "无法从顶层字段（{keys}）判断文件种类；"
        "请用 --kind 指定：{kinds_zh}",
        "table_row": "{file}：{row}",
        "table_encoding": "既不是 UTF-8 也不是 GB18030 文本（字节 0x{byte:02X}）；"
        "请把表格另存为 CSV UTF-8",
        "table_too_big": "文件有 {size} MiB；表格最多 {most} MiB",
        "table_suffix": "应为 .csv 或 .xlsx 文件，实为 {name}",
        "table_empty": "表格是空的",
        "too_many_rows": "超过 {most} 行；请拆分表格",
        "not_csv": "不是有效的 CSV 行",
        "not_xlsx": "不是 Excel 工作簿（.xlsx）",
        "workbook_unreadable": "无法打开工作簿",
        "sheet_unreadable": "无法读取工作表",
        "no_sheet": "没有工作表 {sheet!r}；现有：{names}",
        "unknown_column": "没有这一列",
        "column_repeats": "与 {first!r} 列重复（都表示 {field!r}）",
        "missing_column": "缺少必填列 {headers}",
        "empty_cell": "必填，不能为空",
        "extra_cells": "有 {cells} 个单元格，但表头只有 {headers} 列"
        "（值里有未加引号的逗号？）",
        "duplicate_row": "{kind}编号 {key} 重复（首次出现在第 {first} 行）",
        "id_length": "身份证号应为 18 位，实为 {length} 位",
        "id_digits": "身份证号应为 17 位数字加 1 位校验码",
        "id_check": "身份证号校验码不对（GB 11643）",
        "phone_digits": "电话号码应为 7 到 12 位数字",
        "tag_level": "{name} 后面应为 一般/中等/严重，实为 {value}",
        "expected_time": "应为时间（如 09:30），实为 {value}",
        "visitor_empty": "走访人为空",
        "same_visit": "与第 {first} 行是同一次走访"
        "（同日、同户、同人、同方式、同内容）；如确有两次，请各填时间",
        "refused": "{error}",
        "unknown_worker": "找不到这个工号",
        "worker_name_mismatch": "工号 {worker} 不是 {name}",
        "worker_name_ambiguous": "有 {count} 名网格人员同名（{ids}）：请填工号",
        "worker_name_unknown": "花名册上没有这个姓名的网格人员",
        "missing_worker_column": "缺少走访人列：'工号'（编号）或 '网格员'（姓名）",
        "cap_needs_limit": "上限须给出 'max_points' 或 'max_times'",
    }
)
"""Chinese of each structured spec problem, by code."""

KIND_ZH: Mapping[str, str] = MappingProxyType(
    {
        # what a value was (expected_kind, top_level)
        "a number": "数",
        "text": "文本",
        "null": "空值",
        "true or false": "逻辑值",
        "a list": "列表",
        "an array": "数组（列表）",
        "a table": "表",
        "int": "整数",
        "float": "数",
        "str": "文本",
        "bool": "逻辑值",
        "NoneType": "空值",
        # what a number is (below, above), a rule's unit, a fact's type
        "an integer": "整数",
        "integer": "整数",
        "number": "数",
        "boolean": "逻辑值",
        "date": "日期",
        "list": "列表",
        # what an id names (unknown_ref, duplicate_id, duplicate, at_least_one …)
        "household": "住户",
        "person": "人员",
        "worker": "网格人员",
        "organisation": "组织",
        "organisation parents": "上级组织",
        "region code": "区划代码",
        "role": "岗位",
        "region": "区划",
        "building": "楼栋",
        "care tag": "关爱标签",
        "visit kind": "走访方式",
        "category": "类别",
        "rule id": "规则编号",
        "rule": "规则",
        "name": "名称",
        "state": "环节",
        "command": "操作",
        "guard kind": "条件种类",
        "checklist code": "检查表编号",
        "item code": "检查项编号",
        "item": "检查项",
        "id": "编号",
        "version": "版本",
        "evidence kind": "佐证种类",
    }
)
"""Chinese of the English nouns problems are made of (kinds of value and of id)."""

EXPECTED_ZH: Mapping[str, str] = MappingProxyType(
    {
        "a file ending in .xlsx or .csv (or --format)": (
            "以 .xlsx 或 .csv 结尾的文件（或用 --format 指明格式）"
        ),
        "a file ending in .xlsx, .csv, .md, .html or .json (or --format)": (
            "以 .xlsx、.csv、.md、.html 或 .json 结尾的文件（或用 --format 指明格式）"
        ),
        "a number": "数",
        "a number like 5 or '0.5'": "数（如 5 或 '0.5'）",
        "an integer": "整数",
        "text (a quoted string)": "文本（加引号）",
        "true or false": " true 或 false",
        "a list": "列表",
        "a table (named fields)": "表（带字段名）",
        "0 or more": "不小于 0 的数",
        "a positive integer": "正整数",
        "a positive number of months": "正的月数",
        "a positive amount": "正数金额",
        "an integer from 1 to 99": "1 到 99 之间的整数",
        "a whole number of days >= 0 in ASCII digits": "不小于 0 的整天数（半角数字）",
        "a whole number of working days >= 0": "不小于 0 的工作日数",
        "a comma-separated list of names": "以逗号分隔的名称",
        "a fraction in (0, 1] like '2/3'": "大于 0、不大于 1 的分数，如 '2/3'",
        "a whole number > 0": "大于 0 的整数",
        "non-empty text": "非空文本",
        "a non-empty id": "非空编号",
        "a timezone-aware datetime": "带时区的日期时间",
        "number": "数",
        "integer": "整数",
        "text": "文本",
        "boolean": "逻辑值",
        "date": "日期",
        "list": "列表",
        "a period like 2026-11-23, 2026-W48, 2026-11, 2026-Q4, 2026-H2 or 2026": (
            "期间，如 2026-11-23、2026-W48、2026-11、2026-Q4、2026-H2 或 2026"
        ),
        "a period like '08:30-12:00'": "时段，如 '08:30-12:00'",
        "a folder, not a file": "文件夹（不是文件）",
        "a .csv or .xlsx file": ".csv 或 .xlsx 文件",
        "a JSON object": "JSON 对象",
        "JSON text": "JSON 文本",
        "a whole number of points > 0": "大于 0 的整数分值",
        "a whole number of days >= 1": "不小于 1 的整天数",
        "a day on or before the filing day": "不晚于申报日的日期",
        "a non-empty name": "非空名称",
        "a non-empty idempotency key": "非空的请求编号",
        "a finite number >= 0": "不小于 0 的有限数",
        "'zh' or 'en'": "'zh' 或 'en'",
        "'raise' or 'skip'": "'raise' 或 'skip'",
        "a year": "年份",
        "a region code (digits)": "区划代码（数字）",
        "region codes (digits)": "区划代码（数字）",
        "a whole number >= 1": "不小于 1 的整数",
        "户籍/registered or 常住非户籍/resident": "户籍 或 常住非户籍",
        "男/女 or male/female": "男 或 女",
        "是/否 (yes/no)": "是 或 否",
        "入户, 电话 or 视频 (home, phone, video)": "入户、电话 或 视频",
        "a date": "日期",
        "text that is valid Unicode (no lone surrogates)": "有效的 Unicode 文本",
    }
)
"""Chinese of the ``expected`` phrases the spec validators use."""

PARSER_ZH: Mapping[str, str] = MappingProxyType(
    {
        # tomllib
        "Expected '=' after a key": "键后面应有 '='",
        "Expected ']' at the end of a table": "表头应以 ']' 结束",
        "Expected ']]' at the end of an array": "数组表头应以 ']]' 结束",
        "Expected newline or end of document": "一条语句后应换行",
        "Expected": "此处缺少应有的符号",
        "Invalid initial character for a key": (
            "键的首字符无效（含空格或中文的键请加引号）"
        ),
        "Invalid statement": "无效的语句",
        "Invalid value": "无效的值（文本请加引号）",
        "Invalid date or datetime": "无效的日期或时间",
        "Invalid hex value": "无效的十六进制值",
        "Unterminated string": "字符串缺少结束引号",
        "Unclosed array": "数组缺少 ']'",
        "Unclosed inline table": "内联表缺少 '}'",
        "Illegal character": "非法字符",
        "Found invalid character": "无效字符",
        "Cannot declare": "同一个键声明了两次",
        "Cannot overwrite a value": "不能覆盖已有的值",
        "Cannot mutate immutable namespace": "不能修改已定义的内联表",
        "Cannot redefine namespace": "不能重新定义表",
        "Duplicate inline table key": "内联表的键重复",
        "Unescaped": "字符串里的 '\\' 未转义",
        "Escaped character is not a Unicode scalar value": "转义字符不是有效的 Unicode",
        # json
        "Expecting value": "此处应有一个值",
        "Expecting ',' delimiter": "此处应有 ','",
        "Expecting ':' delimiter": "此处应有 ':'",
        "Expecting property name enclosed in double quotes": "字段名应加双引号",
        "Extra data": "文档结束后还有多余内容",
        "Unterminated string starting at": "字符串缺少结束引号",
        "Invalid control character": "字符串里有控制字符",
        "Invalid \\escape": "无效的转义序列",
        "Invalid \\uXXXX escape": "无效的 \\u 转义",
    }
)
"""Chinese of the TOML and JSON parsers' complaints, by how they start."""

_Q = r"('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"  # a quoted value, as repr() shows it

CONDITION_ZH: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^syntax error: .*$", re.DOTALL), "语法错误"),
    (re.compile(r"^a condition is at most (\d+) characters$"), r"条件最多 \1 个字符"),
    (re.compile(r"^nested more than (\d+) levels deep$"), r"嵌套超过 \1 层"),
    (
        re.compile(rf"^unknown field {_Q}; did you mean {_Q}\?$"),
        r"没有字段 \1；是否应为 \2？",
    ),
    (re.compile(rf"^unknown field {_Q}$"), r"没有字段 \1"),
    (
        re.compile(rf"^unknown operator {_Q}; did you mean {_Q}\?$"),
        r"没有运算符 \1；是否应为 \2？",
    ),
    (re.compile(rf"^unknown operator {_Q}$"), r"没有运算符 \1"),
    (
        re.compile(rf"^unknown function {_Q}; did you mean {_Q}\?$"),
        r"没有函数 \1；是否应为 \2？",
    ),
    (re.compile(rf"^unknown function {_Q}$"), r"没有函数 \1"),
    (
        re.compile(rf"^\w+ is not allowed in a condition: {_Q}$"),
        r"条件里不能这样写：\1",
    ),
    (
        re.compile(rf"^{_Q}: a list needs 'in' or 'not in'$"),
        r"\1：列表须配 'in' 或 'not in'",
    ),
    (
        re.compile(rf"^only plain calls of listed functions are allowed: {_Q}$"),
        r"只能直接调用列出的函数：\1",
    ),
    (re.compile(r"^expected a number below 10\^15$"), "数值应小于 10^15"),
    (
        re.compile(r"^expected a literal value or a list of them, got .*$"),
        "应为字面值或其列表",
    ),
    (re.compile(rf"^expected a literal value, got {_Q}$"), r"应为字面值，实为 \1"),
    (re.compile(rf"^not a date: {_Q}$"), r"不是日期：\1"),
)
"""Chinese of the condition language's complaints (`gridgov.points.language`)."""
