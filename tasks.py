#!/usr/bin/env python3
"""The project's two jobs, runnable on a fresh machine with only Python 3.11+ and pip.

    python3 tasks.py build   # rebuild from the raw report, validate, print a summary
    python3 tasks.py test    # ruff, mypy, frictionless, cog, pytest (all tiers, the strict docs build among them)

Each job first makes `.venv/` and installs the project with its pinned
development dependencies (`requirements/constraints.txt`), re-installing only
when pyproject.toml or the constraints change.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
STAMP = VENV / ".installed"


def run(*command: str | Path) -> None:
    """Run one step, echoing it; stop the job with that step's exit code if it fails."""
    print("+", " ".join(str(c) for c in command), flush=True)
    result = subprocess.run([str(c) for c in command], cwd=ROOT)
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_venv() -> None:
    """Create `.venv` and install the project into it, unless it is already up to date."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + CONSTRAINTS.read_bytes()).hexdigest()
    if STAMP.is_file() and STAMP.read_text() == digest:
        return
    if not (BIN / "python").exists():
        venv.create(VENV, with_pip=True)
    pip = (BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check")
    run(*pip, "-c", CONSTRAINTS, "-e", ".[dev]")
    STAMP.write_text(digest)


def build() -> None:
    """Rebuild the generated tables from the raw report, then validate the package."""
    run(BIN / "shangdang-data", "build", ROOT)
    run(BIN / "shangdang-data", "validate", ROOT, "--summary")


def check_version_bump() -> None:
    """`shangdang-data diff` against the latest release tag (v*): fail if the version grew too little."""
    describe = ("git", "describe", "--tags", "--abbrev=0", "--match", "v[0-9]*")
    try:
        found = subprocess.run(describe, cwd=ROOT, capture_output=True, text=True)
    except FileNotFoundError:
        print("git is not installed: version-bump check skipped", flush=True)
        return
    if found.returncode != 0:
        print("no release tag (v*) to compare with: version-bump check skipped", flush=True)
        return
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "last-release.zip"
        run("git", "archive", "--format=zip", "-o", archive, found.stdout.strip())
        run(BIN / "shangdang-data", "diff", archive, ROOT)


def run_tests() -> None:
    """pytest, every tier (the strict site build is one of its tests); exit code 5 (no tests collected) fails."""
    command = [str(BIN / "python"), "-m", "pytest", "-q", "-m", "slow or not slow"]
    print("+", *command, flush=True)
    code = subprocess.run(command, cwd=ROOT).returncode
    if code == 5:
        sys.exit("pytest collected no tests: the test suite is missing or deselected")
    if code != 0:
        sys.exit(code)


def test() -> None:
    """Every check CI runs."""
    run(BIN / "ruff", "check", "src", "tests", "benchmarks", "docs/hooks", "tasks.py")
    run(BIN / "ruff", "format", "--check", "src", "tests", "benchmarks", "docs/hooks", "tasks.py")
    run(BIN / "mypy")
    run(BIN / "mypy", "docs/hooks")  # the docs site generators (MkDocs hooks)
    run(BIN / "frictionless", "validate", "datapackage.json")
    check_version_bump()
    cogged = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").rglob("*.md") if "[[[cog" in p.read_text("utf-8"))
    if cogged:
        run(BIN / "cog", "--check", *cogged)
    run_tests()


JOBS = {"build": build, "test": test}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in JOBS:
        sys.exit(f"usage: python3 tasks.py {{{'|'.join(JOBS)}}}")
    ensure_venv()
    JOBS[sys.argv[1]]()
