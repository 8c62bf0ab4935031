"""Example output produced by running the code at build time, never pasted.

`render_validate_example` copies the package, makes three edits a person could
make in a spreadsheet, runs `shangdang-data validate` on the copy (text and
JSON), and shows the real output.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from shangdang_data.export.bundle import package_contents
from shangdang_docs import markdown as md
from shangdang_docs.context import SiteContext

#: (column, new value, what a person did) for the first indicator row.
EDITS = (
    ("figure", "{figure}0", "typed the figure with an extra digit"),
    ("comparator", "more than", "wrote the comparator in words instead of the code `gt`"),
    ("subject_en", "=GDP", "started a text cell with `=`, which a spreadsheet would run as a formula"),
)


def copy_package(ctx: SiteContext, target: Path) -> Path:
    """Copy the package's own files (read through the reading layer) to `target`, for an example to edit."""
    for name, content in package_contents(ctx.spec, extra=()).items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(content)
    return target


def _edit_first_row(path: Path) -> dict[str, str]:
    """Apply EDITS to the first data row of a CSV file; return the row as it was."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, first = rows[0], rows[1]
    before = dict(zip(header, first, strict=False))
    for column, template, _ in EDITS:
        first[header.index(column)] = template.format(**before)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return before


def render_validate_example(ctx: SiteContext, page: str) -> str:
    """The validator's real text and JSON output for a copy of the package with three bad edits."""
    from click.testing import CliRunner

    from shangdang_data.cli import cli

    if "validate" not in cli.commands or not ctx.rows("indicators"):
        return "*The example needs the validate command and at least one indicator.*\n"
    with tempfile.TemporaryDirectory(prefix="shangdang-example-") as tmp:
        copy = copy_package(ctx, Path(tmp) / "package")
        target = copy / ctx.table("indicators").path
        before = _edit_first_row(target)
        runner = CliRunner()
        text = runner.invoke(cli, ["validate", str(copy)])
        as_json = runner.invoke(cli, ["validate", str(copy), "--format", "json"])
    edits = "\n".join(
        f"- `{column}`: `{before.get(column, '')}` → `{template.format(**before)}` ({why})"
        for column, template, why in EDITS
    )
    return (
        f"Three edits to the first row of `{ctx.table('indicators').path}` "
        f"(`{before.get('indicator_id', '')}`), as someone might make them in a spreadsheet:\n\n"
        f"{edits}\n\n"
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


def render_diff_example(ctx: SiteContext, page: str) -> str:
    """`shangdang-data diff` on the package and a copy with one corrected figure and one added row."""
    from click.testing import CliRunner

    from shangdang_data.cli import cli

    rows = ctx.rows("indicators")
    if "diff" not in cli.commands or len(rows) < 2:
        return "*The example needs the diff command and indicators.*\n"
    with tempfile.TemporaryDirectory(prefix="shangdang-example-") as tmp:
        new = copy_package(ctx, Path(tmp) / "new")
        path = new / ctx.table("indicators").path
        with path.open(encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle))
        header = table[0]
        changed = dict(zip(header, table[1], strict=False))
        table[1][header.index("note_en")] = "Corrected note."
        added = list(table[2])
        added[header.index("indicator_id")] = added[header.index("indicator_id")] + "-example"
        table.append(added)
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(table)
        path.write_text(buffer.getvalue(), encoding="utf-8")
        result = CliRunner().invoke(cli, ["diff", str(ctx.root), str(new)])
        output = result.output.replace(str(new), "new/").replace(str(ctx.root), "old/")
    return (
        f"Made at build time: a copy of this version with the `note_en` of `{changed.get('indicator_id', '')}` "
        f"edited and one row added to `indicators`, but the version number left as it was. "
        f"`shangdang-data diff old/ new/` prints (exit code {result.exit_code}):\n\n"
        f"```text\n{output.rstrip()}\n```\n"
    )


def render_cite_example(ctx: SiteContext, page: str) -> str:
    """The output of `shangdang-data cite` for the first indicator of the first headline paragraph."""
    from click.testing import CliRunner

    from shangdang_data.cli import cli

    rows = ctx.rows("indicators")
    headline = [row for row in rows if row.get("paragraph_id") in ctx.headline_paragraphs] or rows
    if "cite" not in cli.commands or not headline:
        return "*The example needs the cite command and at least one indicator.*\n"
    row_id = headline[0]["indicator_id"]
    result = CliRunner().invoke(cli, ["cite", row_id, str(ctx.root)])
    return f"```text\n$ shangdang-data cite {row_id}\n{result.output.rstrip()}\n```\n"


def render_cite_dataset(ctx: SiteContext, page: str) -> str:
    """A citation of the whole package, from the descriptor's contributors, title, version and licence."""
    raw = ctx.spec.raw
    authors = ", ".join(str(c.get("title", "")) for c in raw.get("contributors", [])) or "shangdang-data editors"
    year = str(raw.get("created", ""))[:4]
    licences = ", ".join(str(item.get("name", "")) for item in raw.get("licenses", []))
    source = (raw.get("sources") or [{}])[0]
    return (
        f"> {authors} ({year}). *{ctx.spec.title}* (version {ctx.spec.version}) [data set]. {licences}. "
        f"Source: {source.get('title_en') or source.get('title', '')}, {source.get('date', '')}.\n\n"
        f"中文：{authors}（{year}）。{raw.get('title_zh', ctx.spec.title)}，版本 {ctx.spec.version}。"
        f"数据来源：{source.get('title', '')}。\n"
    )
