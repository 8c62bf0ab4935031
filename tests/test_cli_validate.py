"""`shangdang-data validate`: exit codes and output, through click's CliRunner."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from mutations import MUTATIONS

from shangdang_data.cli import cli
from shangdang_data.descriptor import read_descriptor

LINE = re.compile(r"^(?P<file>[^:]+)(:(?P<row>\d*)(:(?P<column>\w+))?)?: (?P<rule>[a-z0-9-]+): .+$")


def mutate(package: Path, *ids: str) -> None:
    for mutation_id in ids:
        next(m for m in MUTATIONS if m.id == mutation_id).edit(package)


def test_valid_package_exits_0(package_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(package_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: ")
    assert result.output.count("\n") == 1


def test_summary_prints_rows_per_table(package_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(package_dir), "--summary"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    names = read_descriptor(package_dir).table_names
    assert [line.split()[0] for line in lines[:-1]] == list(names)
    assert all(re.fullmatch(r"\w+ +\d+ rows", line) for line in lines[:-1])


def test_data_problems_exit_1_one_line_each(package_copy: Path) -> None:
    mutate(package_copy, "dangling-foreign-key", "utf8-bom", "numbering-gap")
    result = CliRunner().invoke(cli, ["validate", str(package_copy)])
    assert result.exit_code == 1
    *problems, summary = result.output.splitlines()
    assert summary.startswith("FAILED: 3 errors in 3 files")
    parsed = [LINE.match(line) for line in problems]
    assert all(parsed), problems
    assert {(m["rule"], m["file"]) for m in parsed if m} == {
        ("foreign-key", "data/indicators.csv"),
        ("bom", "data/chains.csv"),
        ("numbering", "data/glossary.csv"),
    }


def test_json_format(package_copy: Path) -> None:
    mutate(package_copy, "enum")
    result = CliRunner().invoke(cli, ["validate", str(package_copy), "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["valid"] is False
    (error,) = document["errors"]
    assert (error["rule"], error["file"], error["row"], error["column"]) == ("enum", "data/indicators.csv", 2, "basis")


def test_json_of_a_valid_package(package_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(package_dir), "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert document["valid"] is True
    assert document["summary"]["rows"]["paragraphs"] > 0


def test_missing_path_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "descriptor-missing" in result.output


def test_malformed_descriptor_exits_2_and_names_the_line(package_copy: Path) -> None:
    mutate(package_copy, "malformed-json")
    result = CliRunner().invoke(cli, ["validate", str(package_copy / "datapackage.json")])
    assert result.exit_code == 2
    assert result.output.startswith("datapackage.json:4: descriptor-json: ")


def test_usage_error_exits_2(package_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(package_dir), "--format", "yaml"])
    assert result.exit_code == 2


def test_max_bytes_option(package_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(package_dir), "--max-bytes", "20000"])
    assert result.exit_code in (1, 2)
    assert "file-too-large" in result.output


def test_binary_garbage_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "datapackage.json").write_bytes(bytes(range(256)) * 4)
    result = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "nul-byte" in result.output


def test_console_script_runs_the_readme_job(package_dir: Path) -> None:
    """The README's main job calls `shangdang-data validate ROOT --summary` as a separate process."""
    script = Path(sys.executable).with_name("shangdang-data")
    result = subprocess.run([script, "validate", package_dir, "--summary"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("OK: ")
    assert result.stderr == ""


def test_pre_commit_hook_runs_the_validator(package_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`.pre-commit-hooks.yaml` declares a hook whose entry and args validate the repository's package."""
    import shlex

    import yaml

    (hook,) = yaml.safe_load((package_dir / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "shangdang-data-validate"
    assert hook["pass_filenames"] is False
    assert hook["additional_dependencies"] == [".[validate]"]  # pre-commit runs `pip install . .[validate]`
    program, *arguments = shlex.split(hook["entry"])
    monkeypatch.chdir(package_dir)  # pre-commit runs hooks from the repository root
    assert program == "shangdang-data"
    result = CliRunner().invoke(cli, [*arguments, *hook["args"]], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert re.search(hook["files"], "data/indicators.csv")
    assert re.search(hook["files"], "datapackage.json")
    assert not re.search(hook["files"], "src/shangdang_data/cli.py")
