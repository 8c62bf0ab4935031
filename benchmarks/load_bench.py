#!/usr/bin/env python3
"""Benchmark the import cost and the loader's speed (a benchmark, not a timed test).

    .venv/bin/python benchmarks/load_bench.py [--repeats 20]

1. Whole process: `python -c "import shangdang_data"` against `python -c "pass"`,
   alternated, `--repeats` times each; the extra time is the difference of medians.
   Goal: under 50 ms.
2. In one process: `sd.load("indicators")` against a bare `pandas.read_csv` of the
   same file, best per-call time of several timed batches, after one warm-up call
   each (the descriptor is then cached; the CSV is read on every call). Goal: at most
   1.15x. Also shown, for information: the same with polars, pandas' own C parser
   (the fallback when pyarrow is missing), and the first call in a fresh process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path

IMPORT_GOAL_MS = 50.0
LOAD_GOAL_RATIO = 1.15


def process_ms(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return (time.perf_counter() - start) * 1000


def bench_import(repeats: int) -> tuple[float, float]:
    """Median whole-process ms of `import shangdang_data` and of `pass`."""
    process_ms("import shangdang_data")  # warm the file cache
    with_package, bare = [], []
    for _ in range(repeats):
        with_package.append(process_ms("import shangdang_data"))
        bare.append(process_ms("pass"))
    return statistics.median(with_package), statistics.median(bare)


def best_ms(*calls: Callable[[], object], number: int = 40, repeat: int = 15) -> list[float]:
    """Best per-call ms of each of `calls`, timed in alternating batches so load from elsewhere hits all alike."""
    for call in calls:
        call()
    best = [float("inf")] * len(calls)
    for _ in range(repeat):
        for index, call in enumerate(calls):
            best[index] = min(best[index], timeit.timeit(call, number=number) / number * 1000)
    return best


FIRST_CALL = """
import time, pandas, shangdang_data as sd
from shangdang_data.load import read_package_spec
path = read_package_spec().root / read_package_spec().resource("indicators").path
if {bare}:
    start = time.perf_counter(); pandas.read_csv(path)
else:
    start = time.perf_counter(); sd.load("indicators")
print((time.perf_counter() - start) * 1000)
"""


def first_call_ms(bare: bool, repeats: int) -> float:
    code = FIRST_CALL.format(bare=bare)
    runs = [float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)]
    runs += [
        float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
        for _ in range(max(repeats // 4, 2))
    ]
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="processes per import measurement (default 20)")
    repeats = parser.parse_args().repeats

    import pandas as pd
    import polars as pl

    import shangdang_data as sd
    from shangdang_data import _read
    from shangdang_data.load import read_package_spec

    package = read_package_spec()
    table = package.resource("indicators")
    path = package.root / table.path
    rows = len(sd.load("indicators"))

    imported, bare_process = bench_import(repeats)
    extra = imported - bare_process
    print(f"import (whole process, median of {repeats}):")
    print(f"  python -c 'pass'                     {bare_process:8.1f} ms")
    print(f"  python -c 'import shangdang_data'    {imported:8.1f} ms")
    verdict = "ok" if extra < IMPORT_GOAL_MS else "MISSED"
    print(f"  extra                                {extra:8.1f} ms   goal < {IMPORT_GOAL_MS:.0f} ms: {verdict}")

    bare, loaded, c_parser = best_ms(
        lambda: pd.read_csv(path),
        lambda: sd.load("indicators"),
        lambda: _read._read_pandas_c(package, table),
    )
    # a bare polars read infers types from the first 100 rows and fails on `period` ("2023-2025")
    polars_bare, polars_loaded = best_ms(
        lambda: pl.read_csv(path, infer_schema_length=None),
        lambda: sd.load("indicators", engine="polars"),
    )
    print(f"\nload indicators ({rows} rows, {path.stat().st_size} bytes), best per call:")
    print(f"  pandas.read_csv(path)                {bare:8.2f} ms")
    ratio = loaded / bare
    verdict = "ok" if ratio <= LOAD_GOAL_RATIO else "MISSED"
    goal = f"goal <= {LOAD_GOAL_RATIO}x: {verdict}"
    print(f"  sd.load('indicators')                {loaded:8.2f} ms   {ratio:4.2f}x   {goal}")
    fallback = "(the fallback without pyarrow)"
    print(f"  pandas C parser, same dtypes         {c_parser:8.2f} ms   {c_parser / bare:4.2f}x   {fallback}")
    print(f"  polars.read_csv(path, full inference){polars_bare:8.2f} ms")
    print(f"  sd.load(..., engine='polars')        {polars_loaded:8.2f} ms   {polars_loaded / polars_bare:4.2f}x")
    first_bare, first_load = first_call_ms(True, repeats), first_call_ms(False, repeats)
    print("\nfirst call in a fresh process (after importing pandas), median:")
    print(f"  pandas.read_csv(path)                {first_bare:8.2f} ms")
    print(f"  sd.load('indicators')                {first_load:8.2f} ms   (reads the descriptor, imports pyarrow)")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
