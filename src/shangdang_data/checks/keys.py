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
SUGGESTION_TARGETS = 5_000


def check_primary_key(ctx: CheckContext, table: Table) -> Iterator[Problem]:
    """No two rows share a primary key (rows with an empty key part are left to `required`)."""
    import polars as pl

    key = table.spec.primary_key
    if not key or any(column not in table.columns for column in key):
        return
    values = pl.col(key[0]) if len(key) == 1 else pl.struct(*key)
    if any(table.distinct(c).filter(pl.col(c).str.contains(r"^\s|\s$")).height for c in key):
        # stray spaces (a key-whitespace problem): compare the keys without them
        rows = table.frame.lazy().select(ROW, *(Table.text(c).str.strip_chars().alias(c) for c in key))
    else:  # compare the cells as written (a categorical's codes), and decode only the repeats
        rows = table.frame.lazy().select(ROW, *key).filter(values.is_duplicated())
        rows = rows.select(ROW, *(Table.text(c) for c in key))
    filled = pl.all_horizontal(pl.col(c) != "" for c in key)
    repeated = rows.filter(filled & values.is_duplicated()).collect()
    if repeated.height == 0:
        return
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
    """Every foreign key value exists in the table it references.

    The referenced keys are computed once per run (`CheckContext.key_values`). A
    small table is checked for all its keys in one pass over its rows; a long one
    looks each distinct value up once, and only the dangling values are traced back
    to their rows.
    """
    import polars as pl

    checks = []
    for fk in table.spec.foreign_keys:
        parent = ctx.parsed.get(fk.resource)
        if parent is None or any(c not in table.columns for c in fk.fields):
            continue  # the parent table or the column could not be read: that is reported already
        if any(c not in parent.columns for c in fk.reference_fields) or len(fk.fields) != len(fk.reference_fields):
            continue
        parts = [pl.col(c).str.strip_chars() for c in fk.fields]
        value = parts[0] if len(parts) == 1 else pl.struct(*parts)
        targets = ctx.key_values(parent, fk.reference_fields)
        checks.append(
            (fk, parent, targets, pl.all_horizontal(p != "" for p in parts) & ~value.is_in(targets.implode()))
        )
    if not checks:
        return
    if not table.long:
        columns = sorted({c for fk, *_ in checks for c in fk.fields})
        rows = table.frame.lazy().filter(~pl.col(RAGGED)).select(ROW, *(Table.text(c) for c in columns)).collect()
        counts = rows.select(mask.sum().alias(str(i)) for i, (*_, mask) in enumerate(checks)).row(0)
        failing = [rows.filter(mask) if count else None for (*_, mask), count in zip(checks, counts, strict=True)]
    else:
        found = [table.distinct(*fk.fields).filter(mask) for fk, *_, mask in checks]
        failing = [table.rows_with(bad) if bad.height else None for bad in found]
    for (fk, parent, targets, _), dangling in zip(checks, failing, strict=True):
        if dangling is None:
            continue
        # difflib is quadratic-ish: suggest only when both the misses and the targets are few
        few = dangling.height <= SUGGESTIONS and targets.len() <= SUGGESTION_TARGETS
        known = targets.to_list() if len(fk.fields) == 1 and few else []
        referenced = f"{'/'.join(fk.reference_fields)} in {parent.file}"
        for row, *values in dangling.select(ROW, *(pl.col(c).str.strip_chars() for c in fk.fields)).iter_rows():
            shown = ", ".join(repr(shorten(str(v))) for v in values)
            near = difflib.get_close_matches(str(values[0]), known, n=1) if known else []
            hint = f" (did you mean {near[0]!r}?)" if near else f": add that row to {parent.file} or fix the id"
            yield Problem(Rule.FOREIGN_KEY, table.file, row, fk.fields[0], f"{shown} is not a {referenced}{hint}")
