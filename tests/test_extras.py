"""Extras that match jobs: the lists come from the installed metadata (pyproject.toml), a missing one is one line."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

import shangdang_data as sd
from shangdang_data import _extras
from shangdang_data.cli import cli
from shangdang_data.problems import MissingExtraError

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def names(requirements: list[str]) -> set[str]:
    return {r.split("[")[0].split(">")[0].split("=")[0].strip().lower() for r in requirements}


def test_the_base_install_is_pandas_and_small_pure_python_packages() -> None:
    assert names(PYPROJECT["project"]["dependencies"]) == {"click", "pandas", "pydantic"}


@pytest.mark.parametrize("extra", ["polars", "validate", "export", "pandera", "frictionless"])
def test_each_extra_lists_what_pyproject_says(extra: str) -> None:
    optional = PYPROJECT["project"]["optional-dependencies"]
    expected: set[str] = set()
    todo = [extra]
    while todo:
        for requirement in optional[todo.pop()]:
            if requirement.startswith("shangdang-data["):
                todo += requirement.split("[")[1].rstrip("]").split(",")
            else:
                expected |= names([requirement])
    assert set(_extras.extra_distributions(extra)) == expected


@pytest.fixture
def without(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Pretend the distributions put in the returned set are not installed."""
    missing: set[str] = set()
    real = _extras._installed
    monkeypatch.setattr(_extras, "_installed", lambda name: name not in missing and real(name))
    return missing


@pytest.mark.parametrize(
    ("call", "distribution", "extra"),
    [
        (lambda: sd.validate(), "jsonschema-rs", "validate"),
        (lambda: sd.load("units", engine="polars"), "polars", "polars"),
        (lambda: sd.schema("units"), "pandera", "pandera"),
        (lambda: sd.package(), "frictionless", "frictionless"),
    ],
    ids=["validate", "polars-engine", "schema", "package"],
)
def test_a_job_without_its_extra_names_the_pip_command(
    without: set[str], call: object, distribution: str, extra: str
) -> None:
    without.add(distribution)
    with pytest.raises(
        MissingExtraError,
        match=rf"needs {distribution}, which is not installed: pip install 'shangdang-data\[{extra}\]'",
    ):
        call()  # type: ignore[operator]


def test_the_cli_prints_the_missing_extra_in_one_line(without: set[str]) -> None:
    without.add("jsonschema-rs")
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 2
    assert (
        result.output
        == "Error: validate needs jsonschema-rs, which is not installed: pip install 'shangdang-data[validate]'\n"
    )


def test_the_base_jobs_need_no_extra(without: set[str]) -> None:
    without.update({"polars", "frictionless", "pandera", "pyarrow", "openpyxl"})
    assert len(sd.load("units")) == len(sd.records("units"))
    assert sd.cite("2022-gdp")
    assert sd.table_info()
