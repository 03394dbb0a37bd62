"""
The imperative shell's formats: the converter, spec documents, exports, imports.

Everything that turns gridgov objects into bytes or back lives here, so the pure
core never imports cattrs (enforced by the import contract).
"""

from gridgov.io.converter import make_converter, structure, unstructure
from gridgov.io.documents import load_spec, parse_document, read_document
from gridgov.io.export import from_json, redact, to_json

__all__ = [
    "from_json",
    "load_spec",
    "make_converter",
    "parse_document",
    "read_document",
    "redact",
    "structure",
    "to_json",
    "unstructure",
]
