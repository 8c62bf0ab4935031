#!/usr/bin/env python3
"""Footprint of each install: packages, megabytes and install seconds in a fresh virtual environment.

    .venv/bin/python benchmarks/footprint_bench.py [--extras base,validate] [--wheel dist/x.whl]

Builds the wheel (offline, `python -m build --no-isolation`) unless given one,
then for the baseline (pandas alone) and each extra: a fresh venv without pip,
`pip --python <venv> install <wheel>[extra]` from the package registry with the
pinned versions of requirements/constraints.txt, timed; then the distributions
installed (shangdang-data itself included) and the size of site-packages.
Downloads come from pip's cache when it has them, so the seconds are install
time, not download time. Goal: base <= 1.15x pandas alone in MB, <= 12 packages.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
EXTRAS = ("base", "polars", "validate", "export", "pandera", "frictionless", "all")
GOAL_MB_RATIO = 1.15
GOAL_PACKAGES = 12


@dataclass(frozen=True)
class Footprint:
    name: str
    packages: int
    megabytes: float
    seconds: float


def build_wheel(out: Path) -> Path:
    command = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)]
    subprocess.run(command, check=True, capture_output=True)
    (wheel,) = out.glob("shangdang_data-*.whl")
    return wheel


def site_packages(venv: Path) -> Path:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return Path(
        subprocess.run([venv / "bin" / "python", "-c", code], check=True, capture_output=True, text=True).stdout.strip()
    )


def measure(name: str, requirement: str, folder: Path) -> Footprint:
    """Install `requirement` into a fresh venv under `folder`; count, weigh and time it."""
    venv = folder / name
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    command = [
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(venv / "bin" / "python"),
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-c",
        str(CONSTRAINTS),
        requirement,
    ]
    start = time.perf_counter()
    subprocess.run(command, check=True)
    seconds = time.perf_counter() - start
    site = site_packages(venv)
    packages = len(list(site.glob("*.dist-info")))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and not p.is_symlink())
    return Footprint(name, packages, size / 1e6, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extras", default=",".join(EXTRAS), help="comma-separated: base and extras' names")
    parser.add_argument("--wheel", type=Path, help="a built wheel (default: build one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="footprint-") as temporary:
        folder = Path(temporary)
        wheel = args.wheel or build_wheel(folder / "dist")
        results = [measure("pandas alone", "pandas", folder)]
        for extra in args.extras.split(","):
            requirement = str(wheel) if extra == "base" else f"{wheel}[{extra}]"
            results.append(measure(extra, requirement, folder))
    baseline = results[0]
    print(f"{'install':<14} {'packages':>8} {'MB':>8} {'x pandas':>9} {'seconds':>8}")
    for r in results:
        print(
            f"{r.name:<14} {r.packages:>8} {r.megabytes:>8.1f} {r.megabytes / baseline.megabytes:>8.2f}x "
            f"{r.seconds:>8.1f}"
        )
    base = next((r for r in results if r.name == "base"), None)
    if base is not None:
        ratio = base.megabytes / baseline.megabytes
        ok = ratio <= GOAL_MB_RATIO and base.packages <= GOAL_PACKAGES
        print(
            f"goal (base <= {GOAL_MB_RATIO}x pandas alone in MB, <= {GOAL_PACKAGES} packages): "
            f"{'met' if ok else 'NOT met'} ({ratio:.2f}x, {base.packages} packages)"
        )


if __name__ == "__main__":
    main()
