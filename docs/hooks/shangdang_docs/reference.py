"""Pages printed from the code: the rule catalogue, the cleaning rules, the API, the versioning policy.

Each renderer reads the object that is the source of truth (the `Rule` enum and
its descriptions, the check registry and its functions' docstrings, the column
roles, `build.clean.ALL_RULES`, `__init__._EXPORTS`, `diff.policy.POLICY`) and
never restates it.
"""

from __future__ import annotations

import inspect
import re
from importlib import import_module
from types import ModuleType

from shangdang_docs import markdown as md
from shangdang_docs.context import SiteContext


def docstring(obj: object) -> str:
    """The object's docstring, dedented; "" if it has none."""
    return inspect.getdoc(obj) or ""


def summary(obj: object) -> str:
    """The first paragraph of the docstring, on one line."""
    return " ".join(docstring(obj).split("\n\n")[0].split())


def _optional_module(name: str) -> ModuleType | None:
    try:
        return import_module(name)
    except ModuleNotFoundError as error:
        if error.name and name.startswith(error.name):
            return None  # not written yet
        raise


# --- rules ---------------------------------------------------------------------------------------------------------


def render_rules(ctx: SiteContext, page: str) -> str:
    """The catalogue of `Rule` codes with their descriptions, then each check of the registry and its rules."""
    from shangdang_data.checks.registry import CHECKS, RUNNER_RULES, checks_reporting
    from shangdang_data.problems import Rule

    def reporters(rule: Rule) -> str:
        if rule in RUNNER_RULES:
            return "the validator itself"
        return ", ".join(md.link(md.code(c.name), page, page, f"check-{c.name}") for c in checks_reporting(rule))

    lines = [
        f"{len(Rule)} rules. Each error line of `shangdang-data validate` names one of these codes.\n",
        md.heading(2, "Rule catalogue", "catalogue"),
        md.table(
            ["Rule", "What it checks", "Reported by"],
            [
                [f'<span id="{rule.value}"></span>{md.code(rule.value)}', md.cell(rule.description), reporters(rule)]
                for rule in Rule
            ],
        ),
        md.heading(2, "Checks, in the order they run", "checks"),
        "Each check runs once for the package, once per resource whose schema could be read, or once per table "
        "whose CSV could be parsed (its scope).\n",
    ]
    for check in CHECKS:
        function = check.function()
        lines.append(md.heading(3, md.code(check.name), f"check-{check.name}"))
        lines.append(f"Scope: {check.scope.value} · function: {md.code(check.target)}\n")
        lines.append(docstring(function) + "\n")
        reports = ", ".join(md.link(md.code(rule.value), page, page, rule.value) for rule in check.rules)
        lines.append(f"Reports: {reports}\n")
    return "\n".join(lines)


def render_roles(ctx: SiteContext, page: str) -> str:
    """The column roles a schema may declare (`x_role`), and which columns of this package play each."""
    from shangdang_data.roles import ColumnRole

    rows = []
    for role in ColumnRole:
        columns = [f"{t.name}.{f.name}" for t in ctx.spec.tables for f in t.with_role(role)]
        rows.append(
            [
                f'<span id="role-{role.value}"></span>{md.code(role.value)}',
                md.cell(md.text(role.description)),
                md.cell(", ".join(md.code(c) for c in columns)),
            ]
        )
    return md.table(["Role", "What it means", "Columns"], rows)


# --- cleaning rules ------------------------------------------------------------------------------------------------


def render_cleaning(ctx: SiteContext, page: str) -> str:
    """Each cleaning rule of `build.clean.ALL_RULES`, in order, with its docstring."""
    from shangdang_data.build import clean

    lines = [docstring(clean) + "\n"]
    for number, rule in enumerate(clean.ALL_RULES, start=1):
        name = getattr(rule, "__name__", str(rule))
        lines.append(md.heading(2, f"{number}. {md.code(name)}", name.replace("_", "-")))
        lines.append(docstring(rule) + "\n")
    return "\n".join(lines)


# --- API ---------------------------------------------------------------------------------------------------------


def render_api(ctx: SiteContext, page: str) -> str:
    """One mkdocstrings block per public name (`shangdang_data._EXPORTS`), grouped by module."""
    import shangdang_data

    exports: dict[str, str] = dict(shangdang_data._EXPORTS)
    by_module: dict[str, list[str]] = {}
    for name, defining_module in exports.items():
        by_module.setdefault(defining_module, []).append(name)
    lines = [
        "Every public name of `import shangdang_data as sd` (its `__all__`), grouped by the module that defines it. "
        "`sd.__version__` is the version in `datapackage.json`.\n"
    ]
    for module_name in sorted(by_module):
        module = import_module(module_name)
        lines.append(md.heading(2, md.code(module_name), module_name.replace(".", "-")))
        lines.append(summary(module) + "\n")
        for name in by_module[module_name]:
            target = getattr(module, name)
            defined_in = getattr(target, "__module__", module_name) or module_name
            path = (
                f"{defined_in}.{name}"
                if inspect.isclass(target) or inspect.isfunction(target)
                else f"{module_name}.{name}"
            )
            lines.append(f"::: {path}\n    options:\n      heading_level: 3\n      show_root_heading: true\n")
    return "\n".join(lines)


# --- versioning and included files -------------------------------------------------------------------------------


def render_policy(ctx: SiteContext, page: str) -> str:
    """The versioning policy from `shangdang_data.diff.policy.POLICY`: a summary by bump, then the table."""
    policy = _optional_module("shangdang_data.diff.policy")
    if policy is None:
        return "*The versioning policy module is not in this build.*\n"
    table: dict[object, object] = policy.POLICY
    rows = sorted(table.items(), key=lambda item: (-int(item[1]), str(item[0])))  # type: ignore[call-overload]
    by_bump: dict[str, list[str]] = {}
    for kind, bump in rows:
        by_bump.setdefault(str(bump), []).append(md.code(str(kind)))
    summary_lines = [f"- **{bump}**: {', '.join(kinds)}" for bump, kinds in by_bump.items()]
    return (
        "\n".join(summary_lines)
        + "\n\n"
        + md.table(
            ["Change (`diff` code)", "Bump"],
            [[f'<span id="change-{kind}"></span>{md.code(str(kind))}', f"**{bump}**"] for kind, bump in rows],
        )
    )


#: Repository files that are also pages of the site: links between them are rewritten to the pages.
INCLUDED_FILES = {"CHANGELOG.md": "changelog.md", "CONTRIBUTING.md": "howto/report-error.md"}
_RELATIVE_LINK = re.compile(r"\[([^\]]+)\]\((?!https?:|mailto:|#)([^)#\s]+)(#[^)\s]*)?\)")


def render_include(ctx: SiteContext, page: str, argument: str) -> str:
    """A Markdown file of the repository, headings moved down one level and links to repo files made pages."""
    files = ctx.spec.files  # the package's reading layer: no link out of the repository is followed
    if not files.exists(argument):
        return f"*{md.code(argument)} is not in this build.*\n"
    text = files.read(argument).content.decode("utf-8")

    def relink(match: re.Match[str]) -> str:
        label, target, anchor = match.group(1), match.group(2), match.group(3) or ""
        if target in INCLUDED_FILES:
            return f"[{label}]({md.href(page, INCLUDED_FILES[target])}{anchor})"
        return f"{label} ({md.code(target)})"  # a repository file that is not a page

    text = _RELATIVE_LINK.sub(relink, text)
    # The page has its own title: the file's level-1 heading is dropped, the others keep their level.
    return re.sub(r"\A# [^\n]*\n", "", text)
