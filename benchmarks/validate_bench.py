"""Benchmark: `shangdang-data validate` against a stdlib floor and against `frictionless validate`.

    .venv/bin/python benchmarks/validate_bench.py            # real package, then 10k and 100k indicator rows
    .venv/bin/python benchmarks/validate_bench.py --1m       # also 1M rows (frictionless takes minutes)
    .venv/bin/python benchmarks/validate_bench.py --rows 10000 50000 --repeat 5

Every number is a ratio of whole processes measured in the same run, started as a
user would start them, alternated, best of `--repeat` (1 run for 1M rows):

- the real package: `shangdang-data validate .` against `benchmarks/validate_floor.py`,
  which only reads every file with `json`/`csv` and checks the primary and foreign keys
  (goal: at most 4x);
- synthetic packages, which copy the real one and enlarge `data/indicators.csv` by
  repeating its rows with fresh `indicator_id`s (every foreign key, quote and figure
  stays valid, so both tools read every row): frictionless' time over ours (goal at
  1M rows: at least 15x), our peak memory over the CSV's size (goal: at most 2.5x), and
  our time per 100k rows beyond the real package's (flat from 10k to 1M = linear).

Wall time and CPU time (user + system, all threads, from `os.wait4`) are both shown:
on a busy machine CPU time is the steadier of the two. frictionless checks types,
constraints and keys; `shangdang-data validate` checks those and bytes, structure,
formula injection, control characters, quotes in paragraphs, figures in quotes,
values and the other provenance rules.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TABLE = "data/indicators.csv"


@dataclass(frozen=True)
class Run:
    """One whole process: wall seconds, CPU seconds (user + system), peak memory in bytes, exit code."""

    wall: float
    cpu: float
    peak: int
    code: int


def measure(command: list[str | Path], cwd: Path) -> Run:
    """Run `command` once and read its own resource usage (`os.wait4`), not that of earlier children."""
    start = time.perf_counter()
    process = subprocess.Popen([str(c) for c in command], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, process.returncode)


def best(commands: dict[str, list[str | Path]], cwd: Path, repeat: int) -> dict[str, Run]:
    """The best (least wall, least CPU, least peak) of `repeat` alternated runs of each command."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(measure(command, cwd))
    return {
        name: Run(min(r.wall for r in found), min(r.cpu for r in found), min(r.peak for r in found), found[-1].code)
        for name, found in runs.items()
    }


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
            if n >= len(real):  # the real rows keep their ids, so rows that cite them still resolve
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


FLOOR_GOAL, SPEED_GOAL, MEMORY_GOAL = 4.0, 15.0, 2.5


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[10_000, 100_000], help="synthetic indicator rows")
    parser.add_argument("--1m", dest="million", action="store_true", help="also 1,000,000 rows (slow: frictionless)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (1 run for 1M rows)")
    args = parser.parse_args()
    sizes = [*args.rows, *([1_000_000] if args.million else [])]
    ours: list[str | Path] = [BIN / "shangdang-data", "validate", ".", "--max-bytes", str(10**11)]
    theirs: list[str | Path] = [BIN / "frictionless", "validate", "datapackage.json"]
    floor: list[str | Path] = [sys.executable, ROOT / "benchmarks" / "validate_floor.py", "."]

    real = best({"ours": ours, "floor": floor, "frictionless": theirs}, ROOT, args.repeat)
    wall_ratio, cpu_ratio = real["ours"].wall / real["floor"].wall, real["ours"].cpu / real["floor"].cpu
    print("The real package, whole process (best of", args.repeat, "alternated runs):")
    for name, run in real.items():
        print(f"  {name:<13} wall {run.wall * 1000:7.0f} ms   cpu {run.cpu * 1000:7.0f} ms   exit {run.code}")
    print(
        f"  ours / floor: wall {wall_ratio:.1f}x, cpu {cpu_ratio:.1f}x (goal <= {FLOOR_GOAL:g}x: "
        f"{verdict(min(wall_ratio, cpu_ratio) <= FLOOR_GOAL)}); frictionless / ours: "
        f"{real['frictionless'].wall / real['ours'].wall:.1f}x"
    )
    print()
    header = f"{'indicator rows':>15}{'CSV MB':>8}{'ours s':>8}{'cpu s':>7}{'fl s':>8}{'fl/ours':>9}"
    print(header + f"{'peak MB':>9}{'peak/CSV':>10}{'ours/100k':>11}  exit")
    with tempfile.TemporaryDirectory() as scratch:
        for rows in sizes:
            target = Path(scratch) / f"indicators-{rows}"
            size = enlarge(target, rows)
            repeat = args.repeat if rows <= 100_000 else 1  # best of several, except the slow 1M run
            found = best({"ours": ours, "frictionless": theirs}, target, repeat)
            mine, fl = found["ours"], found["frictionless"]
            per = (mine.wall - real["ours"].wall) / rows * 100_000  # beyond start-up and the small tables
            print(
                f"{rows:>15,}{size / 1e6:>8.1f}{mine.wall:>8.2f}{mine.cpu:>7.2f}{fl.wall:>8.1f}"
                f"{fl.wall / mine.wall:>8.1f}x{mine.peak / 1e6:>9.0f}{mine.peak / size:>9.2f}x{per:>11.2f}"
                f"  {mine.code}/{fl.code}",
                flush=True,
            )
            if rows >= 1_000_000:
                print(
                    f"  at {rows:,} rows: speed {verdict(fl.wall / mine.wall >= SPEED_GOAL)} "
                    f"(goal >= {SPEED_GOAL:g}x), memory {verdict(mine.peak / size <= MEMORY_GOAL)} "
                    f"(goal <= {MEMORY_GOAL:g}x the CSV)"
                )
            shutil.rmtree(target)
    print(
        "fl/ours = frictionless wall time / ours; ours/100k = our wall time beyond the real package's, per 100k rows;"
    )
    print("exit = ours/frictionless (0 = valid)")


if __name__ == "__main__":
    main()
