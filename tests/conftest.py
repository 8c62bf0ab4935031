"""Shared fixtures: the real package (read-only) and a fresh copy of it per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def package_dir() -> Path:
    """The repository's own data package. Tests must not write to it."""
    return REPO


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the package (descriptor, data, schemas) to mutate."""
    target = tmp_path / "package"
    target.mkdir()
    shutil.copy2(REPO / "datapackage.json", target / "datapackage.json")
    shutil.copytree(REPO / "data", target / "data")
    shutil.copytree(REPO / "schemas", target / "schemas")
    return target
