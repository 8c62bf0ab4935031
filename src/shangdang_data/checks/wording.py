"""The coding guide, made checkable: the report's wordings select the values rows are coded with.

A category of an enum column may list the words of the report that select it
(`shangdang_data.roles` gives the syntax; `…` stands for the figure):

    "…以上"   after the figure, with its unit between (7%以上, 400亿元以上)     comparator ge
    "突破…"   before the figure, with a linking word between (增速达到16.2%)  comparator gt
    "增长…%"  around the figure                                           measure yoy_growth
    "力争"    anywhere in the quote                                        basis target
    "…"       a figure none of the field's other wordings qualify         comparator eq

`check_wordings` checks every such column under the rule `<field>-wording`: where
the quote's words select a value, the cell must hold it. Anchored wordings (with
`…`) are read at the figure, where it stands in the quote as a whole number, or,
in a relational row, at its benchmark (与经济增长基本同步); when several match, the
one with the most words wins, and two of the same length that disagree select
nothing. Wordings without `…` are read where they first stand in the quote (the
longer where two overlap: 竣工验收 rather than 竣工). `check_benchmark` checks that a
row has a figure or a benchmark, exactly one of the two.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from shangdang_data.checks import CheckContext, shorten
from shangdang_data.checks.structure import Table
from shangdang_data.descriptor import FieldSpec
from shangdang_data.figures import figure_span
from shangdang_data.problems import Problem, Rule
from shangdang_data.roles import ColumnRole

#: Where a wording puts the figure (or the benchmark).
ANCHOR = "…"
#: Words that may stand between a wording before the figure and the figure: 增速达到16.2%, 涨幅控制在3%左右.
LINKS = ("达到", "控制在", "稳定在", "保持在", "达", "到", "至", "为")
#: Characters a unit may start with that a wording after the figure can split from it: 1万余人 (unit 万人).
UNIT_PREFIXES = "十百千万亿"


@dataclass(frozen=True, slots=True)
class Wording:
    """One wording of one category: the words before and after the figure, or words anywhere in the quote."""

    value: str
    text: str
    #: True if the wording says where the figure stands (it has `…`).
    anchored: bool = dataclasses.field(init=False)
    #: The words right before and right after the figure ('' if none, or if not anchored).
    before: str = dataclasses.field(init=False)
    after: str = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        # computed once: the wordings are read for every distinct quote
        before, anchor, after = self.text.partition(ANCHOR)
        object.__setattr__(self, "anchored", bool(anchor))
        object.__setattr__(self, "before", before if anchor else "")
        object.__setattr__(self, "after", after if anchor else "")

    @property
    def default(self) -> bool:
        """True for the bare `…`: the value of a figure that no other wording qualifies."""
        return self.text == ANCHOR

    @property
    def weight(self) -> int:
        """How many characters of the quote the wording reads: the more, the more specific."""
        return len(self.text) - (1 if self.anchored else 0)

    def reads(self, heads: tuple[str, ...], tails: tuple[str, ...]) -> bool:
        """True if one reading of the text before the figure (`heads`) and one after it (`tails`, from
        `readings`) carry this anchored wording."""
        return (not self.before or any(h.endswith(self.before) for h in heads)) and (
            not self.after or any(t.startswith(self.after) for t in tails)
        )


def readings(head: str, tail: str, unit: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The texts before the figure a wording may end (with a linking word dropped: 增速达到16.2%) and after it a
    wording may start (with the unit, or a unit's prefix, dropped: 1万余人)."""
    heads = (head, *(head[: -len(link)] for link in LINKS if head.endswith(link)))
    tails = [tail]
    if unit and tail.startswith(unit):
        tails.append(tail[len(unit) :])
    if tail and tail[0] in UNIT_PREFIXES:
        tails.append(tail[1:])
    return heads, tuple(tails)


@lru_cache(maxsize=256)
def field_wordings(field: FieldSpec) -> tuple[Wording, ...]:
    """Every wording the field's categories list, in category order; built once per field."""
    return tuple(Wording(category.value, text) for category in field.categories for text in category.wordings)


def wording_rule(field_name: str) -> Rule | None:
    """The rule under which a column's wordings are checked: `<field>-wording`, if the package has it."""
    try:
        return Rule(f"{field_name}-wording")
    except ValueError:
        return None


def selected_wording(
    wordings: tuple[Wording, ...], quote: str, anchor: tuple[int, int] | None, unit: str = ""
) -> Wording | None:
    """The wording of `quote` that selects a value, or None where none does (or two disagree).

    `anchor` is where the figure (or benchmark) stands in the quote; anchored
    wordings, including the bare `…`, are read only where there is one.

        >>> comparator = (Wording("eq", "…"), Wording("ge", "…以上"), Wording("gt", "突破…"))
        >>> selected_wording(comparator, "增长7%以上", (2, 3), "%").value
        'ge'
        >>> selected_wording(comparator, "全年签约金额突破130亿元", (8, 11), "亿元").value
        'gt'
        >>> selected_wording(comparator, "完成367亿元", (2, 5), "亿元").value
        'eq'
    """
    if anchor is not None:
        heads, tails = readings(quote[: anchor[0]], quote[anchor[1] :], unit)
        hits = [w for w in wordings if w.anchored and not w.default and w.reads(heads, tails)]
        if hits:
            best = max(w.weight for w in hits)
            values = {w.value for w in hits if w.weight == best}
            return next(w for w in hits if w.weight == best) if len(values) == 1 else None
    found = [
        (match.start(), match.end(), wording)
        for wording in wordings
        if not wording.anchored
        for match in re.finditer(re.escape(wording.text), quote)
    ]
    outer = [
        (start, end, wording)
        for start, end, wording in found
        if not any(s <= start and end <= e and e - s > end - start for s, e, _ in found)
    ]
    if outer:
        return min(outer, key=lambda hit: (hit[0], hit[0] - hit[1]))[2]
    if anchor is not None:
        return next((w for w in wordings if w.default), None)
    return None


def anchor_of(quote: str, figure: str, benchmark: str) -> tuple[int, int] | None:
    """Where the figure stands in the quote as a whole number, else where the benchmark does; None if neither."""
    if figure.strip():
        return figure_span(quote, figure.strip())
    if benchmark and benchmark in quote:
        start = quote.index(benchmark)
        return start, start + len(benchmark)
    return None


def _cell(row: dict[str, str], field: FieldSpec | None) -> str:
    return row.get(field.name, "") if field is not None else ""


def check_wordings(ctx: CheckContext, table: Table) -> Iterator[Problem]:
    """Each column whose categories list wordings holds the value the quote's words select (`<field>-wording`).

    Each distinct combination of quote, figure, benchmark, unit and coded cells is judged once.
    """
    spec = table.spec
    quote = spec.role(ColumnRole.QUOTE)
    worded = [(f, wording_rule(f.name)) for f in spec.fields if f.has_wordings and f.name in table.columns]
    fields = [(f, rule) for f, rule in worded if rule is not None]
    if quote is None or quote.name not in table.columns or not fields:
        return
    figure, benchmark, unit = (spec.role(r) for r in (ColumnRole.FIGURE, ColumnRole.BENCHMARK, ColumnRole.UNIT))
    wanted = [quote.name, *(f.name for f in (figure, benchmark, unit) if f is not None), *(f.name for f, _ in fields)]
    columns = [c for c in dict.fromkeys(wanted) if c in table.columns]
    yield from table.judge_distinct(columns, lambda row: wording_problems(row, quote, figure, benchmark, unit, fields))


def wording_problems(
    row: dict[str, str],
    quote: FieldSpec,
    figure: FieldSpec | None,
    benchmark: FieldSpec | None,
    unit: FieldSpec | None,
    fields: list[tuple[FieldSpec, Rule]],
) -> Iterator[tuple[Rule, str, str]]:
    """(rule, column, message) for each coded cell of one row that its quote's words contradict; `fields` are the
    worded columns with their rules."""
    text = row[quote.name]
    anchor = anchor_of(text, _cell(row, figure), _cell(row, benchmark))
    for field, rule in fields:
        found = selected_wording(field_wordings(field), text, anchor, _cell(row, unit))
        cell = row[field.name].strip()
        if found is None or found.value == cell or (cell and field.enum and cell not in field.enum):
            continue  # nothing selected, agreement, or an enum problem the cell rules report
        yield rule, field.name, wording_message(field, cell, found, text)


def wording_message(field: FieldSpec, cell: str, found: Wording, quote: str) -> str:
    """Say which words select which value, and what to write."""
    category = field.category(found.value)
    label = f" ({category.label} · {category.label_zh})" if category is not None else ""
    written = f"{field.name} is {cell!r}" if cell else f"{field.name} is empty"
    if found.default:
        others = sorted({w.text for w in field_wordings(field) if not w.default}, key=len)[:6]
        return (
            f"{written} but no word next to the figure in {shorten(quote, 40)!r} qualifies it ({', '.join(others)} "
            f"…): a plain figure is {found.value}{label}; write {found.value}, or quote the qualifying word"
        )
    return (
        f"{written} but {found.text!r} in {shorten(quote, 40)!r} selects {found.value}{label}, as the coding guide "
        f"says: write {found.value}, or shorten the quote if the word belongs to another statement"
    )


def check_benchmark(ctx: CheckContext, table: Table) -> Iterator[Problem]:
    """A row states a figure with its value, or a benchmark standing in its quote: exactly one of the two.

    Each distinct combination of figure, benchmark, value and quote is judged once.
    """
    spec = table.spec
    benchmark, figure, value, quote = (
        spec.role(r) for r in (ColumnRole.BENCHMARK, ColumnRole.FIGURE, ColumnRole.VALUE, ColumnRole.QUOTE)
    )
    if benchmark is None or figure is None or not {benchmark.name, figure.name} <= set(table.columns):
        return
    value = value if value is not None and value.name in table.columns else None
    quote = quote if quote is not None and quote.name in table.columns else None
    columns = [figure.name, benchmark.name, *(f.name for f in (value, quote) if f is not None)]
    yield from table.judge_distinct(
        columns,
        lambda row: (
            (Rule.FIGURE_OR_BENCHMARK, column, message)
            for column, message in benchmark_problems(row, figure, benchmark, value, quote)
        ),
    )


def benchmark_problems(
    row: dict[str, str],
    figure: FieldSpec,
    benchmark: FieldSpec,
    value: FieldSpec | None,
    quote: FieldSpec | None,
) -> Iterator[tuple[str, str]]:
    """(column, message) for each way one row is neither a figure row nor a relational row."""
    written, compared = row[figure.name].strip(), row[benchmark.name].strip()
    number = row[value.name].strip() if value is not None else ""
    if written and compared:
        yield (
            benchmark.name,
            f"the row has a figure ({written!r}) and a {benchmark.name} ({compared!r}): a relational row has no "
            "figure of its own; empty one of them",
        )
    elif not written and not compared:
        yield (
            figure.name,
            f"the row has no {figure.name} and no {benchmark.name}: write the figure as in the quote, or, for a "
            f"relational statement (与经济增长基本同步), the {benchmark.name} it is compared with",
        )
    elif compared and number and value is not None:
        yield (
            value.name,
            f"{value.name} is {number} but the row is relative to {compared!r}: a relational row has no "
            f"{value.name}; empty it",
        )
    elif written and not number and value is not None:
        yield value.name, f"{value.name} is empty: write the figure {written!r} as a number"
    if compared and quote is not None and compared not in row[quote.name]:
        yield (
            benchmark.name,
            f"{benchmark.name} {shorten(compared)!r} is not in the quote {shorten(row[quote.name], 40)!r}: quote "
            "the words that name what the row is compared with",
        )
