"""Primary and foreign keys, checked by join over whole columns, never row by row.

Key cells are compared without leading or trailing spaces: a key with stray
spaces is reported once, by the `key-whitespace` cell rule, not again here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from shangdang_data.checks import CheckContext, shorten
from shangdang_data.checks.structure import RAGGED, ROW, Table
from shangdang_data.descriptor import ForeignKey
from shangdang_data.problems import Problem, Rule

#: Suggest near matches for at most this many dangling keys per foreign key (difflib is not vectorised).
SUGGESTIONS = 50


def check_primary_key(ctx: CheckContext, table: Table) -> Iterator[Problem]:
    """No two rows share a primary key (rows with an empty key part are left to `required`)."""
    import polars as pl

    key = table.spec.primary_key
    if not key or any(column not in table.columns for column in key):
        return
    parts = [pl.col(c).str.strip_chars() for c in key]
    struct = parts[0] if len(parts) == 1 else pl.struct(*parts)
    filled = pl.all_horizontal(part != "" for part in parts)
    repeated = table.frame.lazy().filter(filled & struct.is_duplicated()).select(ROW, *parts).collect()
    if repeated.height == 0:
        return
    values = pl.struct(*key) if len(key) > 1 else pl.col(key[0])
    first = {tuple(v): row for row, *v in repeated.filter(values.is_first_distinct()).iter_rows()}
    for row, *values_ in repeated.filter(~values.is_first_distinct()).iter_rows():
        shown = ", ".join(repr(shorten(str(v))) for v in values_)
        yield Problem(
            Rule.PRIMARY_KEY,
            table.file,
            row,
            key[0],
            f"{shown} is already the {'/'.join(key)} of row {first[tuple(values_)]}: every row needs its own id",
        )


def check_foreign_keys(ctx: CheckContext, table: Table) -> Iterator[Problem]:
    """Every foreign key value exists in the table it references: one pass over the table for all its keys.

    The referenced keys of each table are computed once per validation (`CheckContext.key_values`).
    """
    import polars as pl

    checks: list[tuple[ForeignKey, Table, pl.Expr]] = []
    for fk in table.spec.foreign_keys:
        parent = ctx.parsed.get(fk.resource)
        if parent is None or any(c not in table.columns for c in fk.fields):
            continue  # the parent table or the column could not be read: that is reported already
        if any(c not in parent.columns for c in fk.reference_fields) or len(fk.fields) != len(fk.reference_fields):
            continue
        parts = [pl.col(c).str.strip_chars() for c in fk.fields]
        filled = pl.all_horizontal(part != "" for part in parts) & ~pl.col(RAGGED)
        value = parts[0] if len(parts) == 1 else pl.struct(*parts)
        checks.append((fk, parent, filled & ~value.is_in(ctx.key_values(parent, fk.reference_fields).implode())))
    if not checks:
        return
    counts = table.frame.select(mask.sum().alias(str(i)) for i, (_, _, mask) in enumerate(checks)).row(0)
    for (fk, parent, mask), count in zip(checks, counts, strict=True):
        if not count:
            continue
        stripped = (pl.col(c).str.strip_chars() for c in fk.fields)
        dangling = table.frame.lazy().filter(mask).select(ROW, *stripped).collect()
        known: list[str] = []
        if len(fk.fields) == 1 and dangling.height <= SUGGESTIONS:
            known = ctx.key_values(parent, fk.reference_fields).to_list()
        referenced = f"{'/'.join(fk.reference_fields)} in {parent.file}"
        for row, *values in dangling.iter_rows():
            shown = ", ".join(repr(shorten(str(v))) for v in values)
            near = difflib.get_close_matches(str(values[0]), known, n=1) if known else []
            hint = f" (did you mean {near[0]!r}?)" if near else f": add that row to {parent.file} or fix the id"
            yield Problem(Rule.FOREIGN_KEY, table.file, row, fk.fields[0], f"{shown} is not a {referenced}{hint}")
