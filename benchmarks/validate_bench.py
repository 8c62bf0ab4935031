"""Benchmark: `shangdang-data validate` against `frictionless validate`, on the same files.

    .venv/bin/python benchmarks/validate_bench.py            # real package, then 10k and 100k indicator rows
    .venv/bin/python benchmarks/validate_bench.py --1m       # also 1M rows (frictionless takes many minutes)
    .venv/bin/python benchmarks/validate_bench.py --rows 10000 50000 --repeat 5

Each measurement is the wall time of a whole process, started as a user would
start it (`shangdang-data validate DIR`, `frictionless validate datapackage.json`),
best of `--repeat` runs. The synthetic packages copy the real one and enlarge
`data/indicators.csv` by repeating its rows with fresh `indicator_id`s, so every
foreign key, quote and figure stays valid and both tools must read every row.

What each tool checks on the big table: frictionless checks types, constraints,
the primary key and foreign keys; `shangdang-data validate` checks the same, plus
bytes (encoding, BOM, NUL), row length, formula injection, key whitespace, quotes
in paragraphs, figures in quotes, value_max, and the provenance rules.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TABLE = "data/indicators.csv"


def wall(command: list[str | Path], cwd: Path, repeat: int) -> tuple[float, int]:
    """Best wall time of `repeat` runs, and the exit code of the last."""
    best, code = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True)
        best = min(best, time.perf_counter() - start)
        code = result.returncode
    return best, code


def enlarge(target: Path, rows: int) -> int:
    """Copy the package to `target` with `rows` indicator rows; return the size of the new CSV in bytes."""
    target.mkdir(parents=True)
    shutil.copy2(ROOT / "datapackage.json", target / "datapackage.json")
    shutil.copytree(ROOT / "data", target / "data")
    shutil.copytree(ROOT / "schemas", target / "schemas")
    with (ROOT / TABLE).open(encoding="utf-8", newline="") as stream:
        header, *real = list(csv.reader(stream))
    key = header.index("indicator_id")
    path = target / TABLE
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        batch = io.StringIO()
        for n in range(rows):
            row = list(real[n % len(real)])
            row[key] = f"{row[key]}-{n}"
            csv.writer(batch, lineterminator="\n").writerow(row)
            if n % 50_000 == 49_999:
                stream.write(batch.getvalue())
                batch = io.StringIO()
        stream.write(batch.getvalue())
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource.get("path") == TABLE:  # the recorded size and hash are of the real file
            resource.pop("bytes", None)
            resource.pop("hash", None)
    (target / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[10_000, 100_000], help="synthetic indicator rows")
    parser.add_argument("--1m", dest="million", action="store_true", help="also 1,000,000 rows (slow: frictionless)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (1 run for 1M rows)")
    args = parser.parse_args()
    sizes = [*args.rows, *([1_000_000] if args.million else [])]
    ours: list[str | Path] = [BIN / "shangdang-data", "validate", ".", "--max-bytes", str(10**11)]
    theirs: list[str | Path] = [BIN / "frictionless", "validate", "datapackage.json"]

    print(f"{'package':<22}{'rows':>10}{'MB':>8}{'ours s':>9}{'fl s':>9}{'ratio':>8}{'ours/100k':>11}  exit")
    with tempfile.TemporaryDirectory() as scratch:
        cases: list[tuple[str, Path, int, int]] = []
        real_rows = sum(1 for _ in (ROOT / TABLE).open(encoding="utf-8")) - 1
        cases.append(("real package", ROOT, real_rows, (ROOT / TABLE).stat().st_size))
        for rows in sizes:
            target = Path(scratch) / f"indicators-{rows}"
            cases.append((f"indicators x{rows:,}", target, rows, enlarge(target, rows)))
        base = 0.0
        for label, folder, rows, size in cases:
            repeat = args.repeat if rows <= 100_000 else 1  # best of several, except the slow 1M run
            mine, my_code = wall(ours, folder, repeat)
            fl, fl_code = wall(theirs, folder, repeat)
            if folder == ROOT:
                base, per = mine, "-"
            else:  # time beyond the real package's (start-up, small tables) per 100k rows: flat = linear
                per = f"{(mine - base) / rows * 100_000:.2f}"
            print(
                f"{label:<22}{rows:>10,}{size / 1e6:>8.1f}{mine:>9.2f}{fl:>9.2f}{fl / mine:>7.1f}x{per:>11}"
                f"  {my_code}/{fl_code}",
                flush=True,
            )
            if folder != ROOT:
                shutil.rmtree(folder)
    print("ratio = frictionless time / shangdang-data time; ours/100k = (ours - real package) per 100k rows;")
    print("exit = ours/frictionless (0 = valid)")


if __name__ == "__main__":
    main()
