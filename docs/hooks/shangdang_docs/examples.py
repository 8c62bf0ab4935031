"""Example output produced by running the code at build time, never pasted.

`render_validate_example` copies the package, makes three edits a person could
make in a spreadsheet, runs `shangdang-data validate` on the copy (text and
JSON), and shows the real output.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable
from pathlib import Path

from shangdang_data.descriptor import FieldSpec, TableSpec
from shangdang_data.export.bundle import package_contents
from shangdang_data.roles import ColumnRole
from shangdang_docs import markdown as md
from shangdang_docs.context import SiteContext, cell, english_twin, need

#: (the column's role, its new value from the old one, what a person did) for the first row of figures.
EDITS: tuple[tuple[ColumnRole, Callable[[str], str], str], ...] = (
    (ColumnRole.FIGURE, lambda figure: figure + "0", "typed the figure with an extra digit"),
    (ColumnRole.COMPARATOR, lambda _: "more than", "wrote the comparator in words instead of the code `gt`"),
    (ColumnRole.LABEL_EN, lambda _: "=GDP", "started a text cell with `=`, which a spreadsheet would run as a formula"),
)


def copy_package(ctx: SiteContext, target: Path) -> Path:
    """Copy the package's own files (read through the reading layer) to `target`, for an example to edit."""
    for name, content in package_contents(ctx.spec, extra=()).items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(content)
    return target


def _edit_first_row(path: Path, edits: list[tuple[FieldSpec, Callable[[str], str]]]) -> dict[str, str]:
    """Apply `edits` to the first data row of a CSV file; return the row as it was."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, first = rows[0], rows[1]
    before = dict(zip(header, first, strict=False))
    for field, edit in edits:
        first[header.index(field.name)] = edit(before.get(field.name, ""))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return before


def render_validate_example(ctx: SiteContext, page: str) -> str:
    """The validator's real text and JSON output for a copy of the package with three bad edits."""
    from click.testing import CliRunner

    from shangdang_data.cli import cli

    spec = ctx.figure_table
    if "validate" not in cli.commands or spec is None or not ctx.rows(spec.name):
        return "*The example needs the validate command and at least one indicator.*\n"
    edits = [(need(spec, spec.role(role), f"a {role.value!r} column"), edit) for role, edit, _ in EDITS]
    with tempfile.TemporaryDirectory(prefix="shangdang-example-") as tmp:
        copy = copy_package(ctx, Path(tmp) / "package")
        before = _edit_first_row(copy / spec.path, edits)
        runner = CliRunner()
        text = runner.invoke(cli, ["validate", str(copy)])
        as_json = runner.invoke(cli, ["validate", str(copy), "--format", "json"])
    listed = "\n".join(
        f"- `{field.name}`: `{cell(before, field)}` → `{edit(cell(before, field))}` ({why})"
        for (field, edit), (_, _, why) in zip(edits, EDITS, strict=True)
    )
    return (
        f"Three edits to the first row of `{spec.path}` "
        f"(`{ctx.key_of(spec.name, before)}`), as someone might make them in a spreadsheet:\n\n"
        f"{listed}\n\n"
        f"`shangdang-data validate` then prints (exit code {text.exit_code}):\n\n"
        f"```text\n{text.output.replace(str(copy), '.').rstrip()}\n```\n\n"
        f"The same with `--format json` (exit code {as_json.exit_code}):\n\n"
        f"```json\n{as_json.output.replace(str(copy), '.').rstrip()}\n```\n\n"
        f"Each `rule` is explained in the {md.link('rule catalogue', page, 'reference/rules.md')}.\n"
    )


def render_pre_commit(ctx: SiteContext, page: str) -> str:
    """A `.pre-commit-config.yaml` for the hooks declared in the repository's `.pre-commit-hooks.yaml`."""
    import yaml  # type: ignore[import-untyped]  # PyYAML, a dependency of MkDocs

    files = ctx.spec.files
    if not files.exists(".pre-commit-hooks.yaml"):
        return "*This build has no `.pre-commit-hooks.yaml` yet.*\n"
    hooks = yaml.safe_load(files.read(".pre-commit-hooks.yaml").content.decode("utf-8")) or []
    lines = [
        "```yaml",
        "# .pre-commit-config.yaml",
        "repos:",
        "  - repo: <URL of the shangdang-data repository>",
        f"    rev: v{ctx.spec.version}",
        "    hooks:",
    ]
    lines += [f"      - id: {hook['id']}" for hook in hooks if isinstance(hook, dict) and "id" in hook]
    lines.append("```\n")
    described = [
        f"- `{hook['id']}`: {hook.get('name', '')}. {hook.get('description', '')}".rstrip()
        for hook in hooks
        if isinstance(hook, dict) and "id" in hook
    ]
    return "\n".join(lines) + "\n" + "\n".join(described) + "\n"


def _free_text(spec: TableSpec) -> FieldSpec | None:
    """The table's first free-text column of its own (a note): no role, key, reference, copy, constraint,
    category, and not the English twin of another column."""
    keys = {name for fk in spec.foreign_keys for name in fk.fields} | set(spec.primary_key)
    twins = {twin.name for field in spec.fields if (twin := english_twin(spec, field)) is not None}
    return next(
        (
            field
            for field in spec.fields
            if field.role is None
            and field.copy_of is None
            and not field.verbatim
            and field.name not in keys | twins
            and not field.raw.get("constraints")
            and not field.categories
        ),
        None,
    )


def render_diff_example(ctx: SiteContext, page: str) -> str:
    """`shangdang-data diff` on the package and a copy with one corrected note and one added row."""
    from click.testing import CliRunner

    from shangdang_data.cli import cli

    spec = ctx.figure_table
    rows = ctx.rows(spec.name) if spec is not None else []
    note = _free_text(spec) if spec is not None else None
    if "diff" not in cli.commands or spec is None or note is None or len(spec.primary_key) != 1 or len(rows) < 2:
        return "*The example needs the diff command and indicators.*\n"
    key = spec.primary_key[0]
    with tempfile.TemporaryDirectory(prefix="shangdang-example-") as tmp:
        new = copy_package(ctx, Path(tmp) / "new")
        path = new / spec.path
        with path.open(encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle))
        header = table[0]
        changed = dict(zip(header, table[1], strict=False))
        table[1][header.index(note.name)] = "Corrected note."
        added = list(table[2])
        added[header.index(key)] = added[header.index(key)] + "-example"
        table.append(added)
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(table)
        path.write_text(buffer.getvalue(), encoding="utf-8")
        result = CliRunner().invoke(cli, ["diff", str(ctx.root), str(new)])
        output = result.output.replace(str(new), "new/").replace(str(ctx.root), "old/")
    return (
        f"Made at build time: a copy of this version with the `{note.name}` of `{changed.get(key, '')}` "
        f"edited and one row added to `{spec.name}`, but the version number left as it was. "
        f"`shangdang-data diff old/ new/` prints (exit code {result.exit_code}):\n\n"
        f"```text\n{output.rstrip()}\n```\n"
    )


def render_cite_example(ctx: SiteContext, page: str) -> str:
    """The output of `shangdang-data cite` for the first figure of the first headline paragraph."""
    from click.testing import CliRunner

    from shangdang_data.cli import cli

    spec = ctx.figure_table
    rows = ctx.rows(spec.name) if spec is not None else []
    paragraph = spec.role(ColumnRole.PARAGRAPH) if spec is not None else None
    headline = [row for row in rows if cell(row, paragraph) in ctx.headline_paragraphs] or rows
    if "cite" not in cli.commands or spec is None or not headline:
        return "*The example needs the cite command and at least one indicator.*\n"
    row_id = ctx.key_of(spec.name, headline[0])
    result = CliRunner().invoke(cli, ["cite", row_id, str(ctx.root)])
    return f"```text\n$ shangdang-data cite {row_id}\n{result.output.rstrip()}\n```\n"


def render_cite_dataset(ctx: SiteContext, page: str) -> str:
    """A citation of the whole package, in English and Chinese, as the package writes it (`dataset_citation`)."""
    from shangdang_data.citation import dataset_citation

    return f"> {md.text(dataset_citation(ctx.spec))}\n\n中文：{md.text(dataset_citation(ctx.spec, 'zh'))}\n"
