"""Pages printed from the code: the rule catalogue, the cleaning rules, the API, the versioning policy.

Each renderer reads the object that is the source of truth (the `Rule` enum and
its descriptions, the check functions' docstrings, `build.clean.ALL_RULES`,
`__init__._EXPORTS`, `diff.policy.POLICY`) and never restates it.
"""

from __future__ import annotations

import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path
from types import ModuleType

from shangdang_docs import markdown as md
from shangdang_docs.context import SiteContext

_RULE_REFERENCE = re.compile(r"\bRule\.([A-Z_]+)\b")


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


def check_functions() -> Iterator[tuple[ModuleType, Callable[..., object]]]:
    """Every public `check_*` function of the `shangdang_data.checks` modules, in source order."""
    package = _optional_module("shangdang_data.checks")
    if package is None or not hasattr(package, "__path__"):
        return
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda info: info.name):
        if info.name.startswith("_"):
            continue
        module = import_module(f"{package.__name__}.{info.name}")
        functions = [
            obj
            for name, obj in vars(module).items()
            if name.startswith("check_") and inspect.isfunction(obj) and obj.__module__ == module.__name__
        ]
        for function in sorted(functions, key=lambda f: f.__code__.co_firstlineno):
            yield module, function


def rules_of(obj: Callable[..., object] | ModuleType) -> list[str]:
    """The `Rule` members a check (or a whole module) names in its source, in order of first mention."""
    from shangdang_data.problems import Rule

    try:
        source = inspect.getsource(obj)
    except (OSError, TypeError):
        return []
    names = dict.fromkeys(_RULE_REFERENCE.findall(source))
    return [Rule[name].value for name in names if name in Rule.__members__]


def render_rules(ctx: SiteContext, page: str) -> str:
    """The catalogue of `Rule` codes with their descriptions, then each check and the rules it reports."""
    from shangdang_data import problems

    rule_enum = problems.Rule
    descriptions = getattr(problems, "RULE_DESCRIPTIONS", {})
    checks = list(check_functions())
    reported_by: dict[str, list[tuple[str, str]]] = {}  # rule -> (label, anchor)
    for module, function in checks:
        name = f"{module.__name__.rsplit('.', 1)[-1]}.{function.__name__}"
        for code in rules_of(function):
            reported_by.setdefault(code, []).append((name, f"check-{name}"))
    for module in dict.fromkeys(module for module, _ in checks):
        for code in rules_of(module):  # named only by the module's helpers
            if code not in reported_by:
                label = module.__name__.rsplit(".", 1)[-1]
                reported_by.setdefault(code, []).append((label, module.__name__.replace(".", "-")))
    lines = [
        f"{len(rule_enum)} rules. Each error line of `shangdang-data validate` names one of these codes.\n",
        md.heading(2, "Rule catalogue", "catalogue"),
        md.table(
            ["Rule", "What it checks", "Reported by"],
            [
                [
                    f'<span id="{rule.value}"></span>{md.code(rule.value)}',
                    md.cell(descriptions.get(rule, "") or summary(rule)),
                    md.cell(
                        ", ".join(
                            md.link(md.code(label), page, page, anchor)
                            for label, anchor in reported_by.get(rule.value, [])
                        )
                    ),
                ]
                for rule in rule_enum
            ],
        ),
        md.heading(2, "Checks", "checks"),
    ]
    if not checks:
        lines.append("*The check modules are not in this build.*\n")
    current = None
    for module, function in checks:
        if module is not current:
            current = module
            lines.append(md.heading(3, md.code(module.__name__), module.__name__.replace(".", "-")))
            lines.append(docstring(module) + "\n")
        name = f"{module.__name__.rsplit('.', 1)[-1]}.{function.__name__}"
        lines.append(md.heading(4, md.code(function.__name__), f"check-{name}"))
        lines.append(docstring(function) + "\n")
        codes = rules_of(function)
        if codes:
            lines.append("Reports: " + ", ".join(md.link(md.code(code), page, page, code) for code in codes) + "\n")
    return "\n".join(lines)


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
    path = Path(ctx.root) / argument
    if not path.is_file():
        return f"*{md.code(argument)} is not in this build.*\n"
    text = path.read_text(encoding="utf-8")

    def relink(match: re.Match[str]) -> str:
        label, target, anchor = match.group(1), match.group(2), match.group(3) or ""
        if target in INCLUDED_FILES:
            return f"[{label}]({md.href(page, INCLUDED_FILES[target])}{anchor})"
        return f"{label} ({md.code(target)})"  # a repository file that is not a page

    text = _RELATIVE_LINK.sub(relink, text)
    # The page has its own title: the file's level-1 heading is dropped, the others keep their level.
    return re.sub(r"\A# [^\n]*\n", "", text)
