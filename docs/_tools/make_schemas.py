"""
Write docs/schemas/<kind>.schema.json, one JSON Schema per spec kind.

Run ``python docs/_tools/make_schemas.py`` after changing a spec class;
tests/io/test_io_schema.py fails while the committed files are stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from gridgov.io.schema import json_schema, spec_kinds

FOLDER = Path(__file__).resolve().parents[1] / "schemas"


def render() -> dict[str, str]:
    """Return the text of every schema file, keyed by file name."""
    return {
        f"{kind}.schema.json": json.dumps(
            json_schema(kind), ensure_ascii=False, indent=2
        )
        + "\n"
        for kind in spec_kinds()
    }


def main() -> int:
    """Write the files, removing schemas of kinds that no longer exist."""
    files = render()
    FOLDER.mkdir(exist_ok=True)
    for old in FOLDER.glob("*.schema.json"):
        if old.name not in files:
            old.unlink()
    for name, text in files.items():
        (FOLDER / name).write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {len(files)} schemas to {FOLDER}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
