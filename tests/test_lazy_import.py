"""`import shangdang_data` stays cheap, and `__all__` is exactly the public names."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import import_module

import pytest

import shangdang_data as sd

#: Libraries the package must import only inside the functions that use them.
HEAVY = ("pandas", "polars", "frictionless", "pandera", "openpyxl", "pyarrow", "pydantic", "numpy")


def modules_after(code: str) -> set[str]:
    """Top-level module names in `sys.modules` after running `code` in a fresh interpreter."""
    script = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return {name.partition(".")[0] for name in json.loads(result.stdout.splitlines()[-1])}


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("import shangdang_data", id="import"),
        pytest.param("import shangdang_data as sd; sd.__all__; dir(sd); sd.load; sd.records", id="names"),
        pytest.param("import shangdang_data.cli", id="cli"),
        pytest.param("import shangdang_data as sd; sd.tables()", id="tables"),
    ],
)
def test_importing_the_package_loads_no_heavy_library(code: str) -> None:
    loaded = modules_after(code) & set(HEAVY)
    assert not loaded, f"`{code}` imported {sorted(loaded)}: import them inside the functions that use them"


def test_citing_needs_no_dataframe_library() -> None:
    first = next(iter(sd.records("indicators")), None)
    if first is None:
        pytest.skip("no indicators yet")
    code = f"import shangdang_data as sd; sd.cite({first.indicator_id!r})"  # type: ignore[attr-defined]
    assert not modules_after(code) & {"pandas", "polars", "pyarrow", "pydantic"}


def test_all_is_exactly_the_public_names() -> None:
    exports = sd._EXPORTS
    assert sd.__all__ == ["__version__", *exports]
    assert len(set(sd.__all__)) == len(sd.__all__)
    assert dir(sd) == sorted(sd.__all__)
    for name in ("load", "load_all", "tables", "package", "records", "cite"):
        assert name in sd.__all__


@pytest.mark.parametrize("name", list(sd._EXPORTS))
def test_each_public_name_comes_from_its_module_and_is_documented(name: str) -> None:
    value = getattr(sd, name)
    assert value is getattr(import_module(sd._EXPORTS[name]), name)
    assert value.__doc__, f"{name} has no docstring"


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'lod'"):
        sd.lod  # noqa: B018
