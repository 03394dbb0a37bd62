"""
The imperative shell's formats: the converter, spec documents, exports, imports.

Everything that turns gridgov objects into bytes or back lives here, so the pure
core never imports cattrs (enforced by the import contract).

The loaders a host application reaches for first are re-exported here:
`load_township` (a township directory or spec), `load_rulebook` (积分细则),
`load_visit_policy` and `load_checklists` (走访制度, 排查清单), `load_workflow` and
`builtin_workflow` (案件办理流程), `read_households` (CSV or Excel 台账),
`json_schema` (for editors), `to_pandas`, and `table_to_xlsx` and
`table_to_csv` (any table as Excel or CSV with Chinese headers).
"""

from gridgov.io.calendar import load_calendar
from gridgov.io.converter import make_converter, structure, unstructure
from gridgov.io.csv_export import table_to_csv
from gridgov.io.documents import load_spec, parse_document, read_document
from gridgov.io.export import from_json, redact, to_json
from gridgov.io.frames import to_pandas
from gridgov.io.rulebook import load_rulebook
from gridgov.io.schema import json_schema
from gridgov.io.tables import read_households
from gridgov.io.township import load_township
from gridgov.io.visits import load_checklists, load_visit_policy
from gridgov.io.workbook import table_to_xlsx
from gridgov.io.workflows import builtin_workflow, builtin_workflow_names, load_workflow

__all__ = [
    "builtin_workflow",
    "builtin_workflow_names",
    "from_json",
    "json_schema",
    "load_calendar",
    "load_checklists",
    "load_rulebook",
    "load_spec",
    "load_township",
    "load_visit_policy",
    "load_workflow",
    "make_converter",
    "parse_document",
    "read_document",
    "read_households",
    "redact",
    "structure",
    "table_to_csv",
    "table_to_xlsx",
    "to_json",
    "to_pandas",
    "unstructure",
]
