"""Primary and foreign keys, checked by join over whole columns, never row by row.

Key cells are compared without leading or trailing spaces: a key with stray
spaces is reported once, by the `key-whitespace` cell rule, not again here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from shangdang_data.checks import CheckContext, shorten
from shangdang_data.checks.structure import RAGGED, ROW, Table
from shangdang_data.problems import Problem, Rule

#: Suggest near matches for at most this many dangling keys per foreign key (difflib is not vectorised).
SUGGESTIONS = 50


def check_primary_key(ctx: CheckContext, table: Table) -> Iterator[Problem]:
    """No two rows share a primary key (rows with an empty key part are left to `required`)."""
    import polars as pl

    key = table.spec.primary_key
    if not key or any(column not in table.columns for column in key):
        return
    frame = table.frame.select(ROW, *(pl.col(c).str.strip_chars() for c in key))
    frame = frame.filter(pl.all_horizontal(pl.col(c) != "" for c in key))
    struct = pl.struct(*key)
    repeated = frame.filter(struct.is_duplicated())
    if repeated.height == 0:
        return
    first = {tuple(values): row for row, *values in repeated.filter(struct.is_first_distinct()).iter_rows()}
    for row, *values in repeated.filter(~struct.is_first_distinct()).iter_rows():
        shown = ", ".join(repr(shorten(str(v))) for v in values)
        yield Problem(
            Rule.PRIMARY_KEY,
            table.file,
            row,
            key[0],
            f"{shown} is already the {'/'.join(key)} of row {first[tuple(values)]}: every row needs its own id",
        )


def check_foreign_keys(ctx: CheckContext, table: Table) -> Iterator[Problem]:
    """Every foreign key value exists in the table it references (an anti-join per key)."""
    import polars as pl

    for fk in table.spec.foreign_keys:
        parent = ctx.parsed.get(fk.resource)
        if parent is None or any(c not in table.columns for c in fk.fields):
            continue  # the parent table or the column could not be read: that is reported already
        if any(c not in parent.columns for c in fk.reference_fields) or len(fk.fields) != len(fk.reference_fields):
            continue
        names = [f"_k{i}" for i in range(len(fk.fields))]
        child = table.frame.filter(~pl.col(RAGGED)).select(
            ROW, *(pl.col(c).str.strip_chars().alias(n) for c, n in zip(fk.fields, names, strict=True))
        )
        child = child.filter(pl.all_horizontal(pl.col(n) != "" for n in names))
        targets = parent.frame.select(
            *(pl.col(c).str.strip_chars().alias(n) for c, n in zip(fk.reference_fields, names, strict=True))
        ).unique()
        dangling = child.join(targets, on=names, how="anti", nulls_equal=False).sort(ROW)
        if dangling.height == 0:
            continue
        known: list[str] = []
        if len(names) == 1 and dangling.height <= SUGGESTIONS:
            known = targets.get_column(names[0]).to_list()
        referenced = f"{'/'.join(fk.reference_fields)} in {parent.file}"
        for row, *values in dangling.iter_rows():
            shown = ", ".join(repr(shorten(str(v))) for v in values)
            near = difflib.get_close_matches(str(values[0]), known, n=1) if known else []
            hint = f" (did you mean {near[0]!r}?)" if near else f": add that row to {parent.file} or fix the id"
            yield Problem(Rule.FOREIGN_KEY, table.file, row, fk.fields[0], f"{shown} is not a {referenced}{hint}")
