"""Shared fixtures: the real package (read-only) and a fresh copy of it per test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from mutations import copy_package

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def package_dir() -> Path:
    """The repository's own data package. Tests must not write to it."""
    return REPO


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the package (descriptor, data, schemas) to mutate."""
    return copy_package(tmp_path / "package")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that reads the built site is in the slow tier, like the build itself."""
    for item in items:
        if "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation site, built once per test run with `mkdocs build --strict` into a temporary folder.

    This is the only site build of `python3 tasks.py test`: a warning fails it.
    """
    site = tmp_path_factory.mktemp("site")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env, check=False)
    log = result.stdout + result.stderr
    if result.returncode != 0 or "WARNING" in log:
        pytest.fail(f"mkdocs build --strict failed (exit {result.returncode}):\n{log[-4000:]}")
    return site
