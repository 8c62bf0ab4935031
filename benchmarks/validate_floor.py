"""The floor `shangdang-data validate` is measured against: the least a validator must do, with the stdlib only.

Read the descriptor and every Table Schema with `json`, every CSV with `csv`, and
check each primary key and foreign key. Nothing else: no types, no provenance.

    python benchmarks/validate_floor.py PACKAGE_FOLDER
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path


def keys(value: object) -> list[str]:
    return [value] if isinstance(value, str) else list(value)  # type: ignore[arg-type]


def main(root: Path) -> int:
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    schemas, rows = {}, {}
    for resource in descriptor["resources"]:
        schemas[resource["name"]] = json.loads((root / resource["schema"]).read_text(encoding="utf-8"))
        with (root / resource["path"]).open(encoding="utf-8", newline="") as stream:
            rows[resource["name"]] = list(csv.DictReader(stream))
    problems = 0
    for name, schema in schemas.items():
        primary = keys(schema.get("primaryKey", []))
        seen: set[tuple[str, ...]] = set()
        for row in rows[name]:
            key = tuple(row[c] for c in primary)
            problems += key in seen
            seen.add(key)
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"].get("resource") or name
            wanted = {tuple(r[c] for c in keys(fk["reference"]["fields"])) for r in rows[target]}
            for row in rows[name]:
                value = tuple(row[c] for c in keys(fk["fields"]))
                problems += all(value) and value not in wanted
    print(f"{problems} key problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
