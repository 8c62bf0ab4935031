"""The wheel: it ships the package byte for byte, and installed from the registry it works with each extra.

The wheel is built offline (`python -m build --no-isolation`) and installed into a
fresh virtual environment in a temporary folder with `pip --python <venv> install
<wheel>[extra]`: its dependencies come from the package registry (pinned by
requirements/constraints.txt), nothing from this project's environment. One venv
per extra is made once per run: the base install (what `load`, `tables`,
`records` and `cite` need) and `[validate]`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from canonical import canonical, resource_names

from shangdang_data.validate import validate

REPO = Path(__file__).resolve().parents[1]
CONSTRAINTS = REPO / "requirements" / "constraints.txt"

BASE_CHECK = """
import json, sys
from importlib import metadata
import shangdang_data as sd
from shangdang_data._files import package_root

tables = list(sd.tables())
try:
    sd.validate()
    hint = None
except sd.ShangdangError as error:
    hint = str(error)
print(json.dumps({
    "file": sd.__file__,
    "root": str(package_root()),
    "version": sd.__version__,
    "tables": tables,
    "pandas": {name: len(sd.load(name)) for name in tables},
    "records": {name: len(sd.records(name)) for name in tables},
    "cite": sd.cite("2022-gdp"),
    "validate": hint,
    "distributions": sorted(d.metadata["Name"].lower() for d in metadata.distributions()),
}))
"""

VALIDATE_CHECK = """
import json
import shangdang_data as sd

tables = list(sd.tables())
report = sd.validate()
print(json.dumps({
    "valid": report.valid,
    "errors": json.loads(report.to_json())["errors"],
    "polars": {name: sd.load(name, engine="polars").height for name in tables},
}))
"""


def run(*command: str | Path, cwd: Path) -> str:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def repo_files(folder: str) -> dict[str, bytes]:
    return {p.relative_to(REPO).as_posix(): p.read_bytes() for p in (REPO / folder).rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, REPO, cwd=dist)
    (built,) = dist.glob("shangdang_data-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_holds_descriptor_data_and_schemas_byte_for_byte(wheel: Path) -> None:
    prefix = "shangdang_data/_package/"
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n.removeprefix(prefix): archive.read(n) for n in archive.namelist() if n.startswith(prefix)}
        names = archive.namelist()
    expected = {"datapackage.json": (REPO / "datapackage.json").read_bytes()}
    expected.update(repo_files("data"))
    expected.update(repo_files("schemas"))
    assert shipped.keys() == expected.keys()
    assert all(shipped[name] == expected[name] for name in expected), "the wheel's copy differs from the repository"
    assert "shangdang_data/py.typed" in names
    assert not [n for n in names if n.startswith(("tests/", "data/", "schemas/"))]


Installer = Callable[[str], Path]


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installer:
    """`installed(extra)`: the venv's bin folder with the wheel and `extra` ("" for none), made once per extra."""
    venvs: dict[str, Path] = {}

    def install(extra: str) -> Path:
        if extra not in venvs:
            venv = tmp_path_factory.mktemp(f"venv-{extra or 'base'}")
            run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=venv)
            python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
            requirement = f"{wheel}[{extra}]" if extra else str(wheel)
            pip = (sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--disable-pip-version-check")
            run(*pip, "-c", CONSTRAINTS, requirement, cwd=venv)
            venvs[extra] = python.parent
        return venvs[extra]

    return install


@pytest.mark.slow
def test_the_base_install_loads_every_table_and_validate_names_its_extra(installed: Installer, tmp_path: Path) -> None:
    bin_dir = installed("")
    output = run(bin_dir / "python", "-c", BASE_CHECK, cwd=tmp_path)
    found = json.loads(output.splitlines()[-1])

    assert Path(found["file"]).is_relative_to(bin_dir.parent), "the source tree was imported, not the wheel"
    assert Path(found["root"]).is_relative_to(bin_dir.parent)
    assert found["version"] == json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))["version"]
    names = resource_names(REPO)
    assert found["tables"] == names
    rows = {name: len(canonical(REPO, name)[1]) for name in names}
    assert found["pandas"] == rows
    assert found["records"] == rows
    assert "“全年地区生产总值完成367亿元”" in found["cite"]
    assert "pip install 'shangdang-data[validate]'" in found["validate"]
    assert not {"polars", "frictionless", "pandera", "pyarrow", "openpyxl"} & set(found["distributions"])
    assert len(found["distributions"]) <= 12

    command = [str(bin_dir / "shangdang-data"), "validate"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Error: validate needs jsonschema-rs, polars, which are not installed: pip install 'shangdang-data[validate]'"
    ]


@pytest.mark.slow
def test_the_validate_extra_validates_and_loads_with_polars(installed: Installer, tmp_path: Path) -> None:
    bin_dir = installed("validate")
    found = json.loads(run(bin_dir / "python", "-c", VALIDATE_CHECK, cwd=tmp_path).splitlines()[-1])
    here = validate(REPO)
    assert found["valid"] == here.valid
    assert found["errors"] == json.loads(here.to_json())["errors"]
    names = resource_names(REPO)
    assert found["polars"] == {name: len(canonical(REPO, name)[1]) for name in names}

    command = [str(bin_dir / "shangdang-data"), "export", "--format", "xlsx", "--out", str(tmp_path / "out")]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].endswith("pip install 'shangdang-data[export]'")
