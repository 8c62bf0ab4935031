"""The wheel: it ships the package byte for byte, and installed outside the repo it loads and validates.

The wheel is built offline (`python -m build --no-isolation`) and installed with
`pip --no-deps` into a fresh virtual environment in a temporary folder. Its
dependencies come from this project's environment through a `.pth` line: that adds
the folder to `sys.path` without running the `.pth` files in it, so the editable
install of the source tree stays invisible and the installed copy is what imports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from canonical import canonical, resource_names

from shangdang_data.validate import validate

REPO = Path(__file__).resolve().parents[1]

INSTALLED_CHECK = """
import json, sys
import shangdang_data as sd
from shangdang_data._files import package_root
from shangdang_data.export import export_package

tables = list(sd.tables())
report = sd.validate()
written = export_package("all", sys.argv[1])
print(json.dumps({
    "file": sd.__file__,
    "root": str(package_root()),
    "version": sd.__version__,
    "tables": tables,
    "pandas": {name: len(sd.load(name)) for name in tables},
    "polars": {name: sd.load(name, engine="polars").height for name in tables},
    "records": {name: len(sd.records(name)) for name in tables},
    "valid": report.valid,
    "errors": json.loads(report.to_json())["errors"],
    "exported": sorted(p.name for p in written),
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


@pytest.mark.slow
def test_the_installed_wheel_loads_and_validates_outside_the_repo(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).strip())
    pip = (sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index")
    run(*pip, "--target", site, wheel, cwd=tmp_path)
    (site / "_project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    output = run(python, "-c", INSTALLED_CHECK, tmp_path / "exports", cwd=tmp_path)
    installed = json.loads(output.splitlines()[-1])

    assert Path(installed["file"]).is_relative_to(venv), "the source tree was imported, not the wheel"
    assert Path(installed["root"]).is_relative_to(venv)
    assert installed["version"] == json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))["version"]
    names = resource_names(REPO)
    assert installed["tables"] == names
    rows = {name: len(canonical(REPO, name)[1]) for name in names}
    assert installed["pandas"] == rows
    assert installed["polars"] == rows
    assert installed["records"] == rows
    here = validate(REPO)
    assert installed["valid"] == here.valid
    assert installed["errors"] == json.loads(here.to_json())["errors"]
    assert "SHA256SUMS" in installed["exported"]
    assert "shangdang-data.xlsx" in installed["exported"]
