#!/usr/bin/env python3
"""Copy the site's JavaScript table library from node_modules/ into docs/assets/vendor/.

    npm ci --ignore-scripts          # installs the version pinned in package-lock.json
    python3 scripts/vendor_js.py     # copies the browser bundle and its licence, writes VERSION

The copy is committed: CI and the docs build have no npm. tests/test_docs.py checks
that the committed copy equals the pinned package whenever npm is available.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "docs" / "assets" / "vendor"

#: package name -> files of the package to copy (the browser bundle and the licence).
FILES: dict[str, tuple[str, ...]] = {"simple-datatables": ("dist/umd/simple-datatables.js", "LICENSE")}


def main() -> int:
    """Copy each package's files; exit 1 with a hint when node_modules is missing."""
    for package, files in FILES.items():
        source = ROOT / "node_modules" / package
        if not source.is_dir():
            print(f"{source} is missing: run `npm ci --ignore-scripts` first", file=sys.stderr)
            return 1
        version = json.loads((source / "package.json").read_text(encoding="utf-8"))["version"]
        target = VENDOR / package
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            shutil.copyfile(source / name, target / Path(name).name)
        (target / "VERSION").write_text(f"{package}@{version} (npm), files: {', '.join(files)}\n", encoding="utf-8")
        print(f"vendored {package}@{version} into {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
