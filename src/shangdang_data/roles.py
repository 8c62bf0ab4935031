"""Column roles: which column plays which part, declared in `schemas/*.json`, never in code.

A Table Schema says a column's name, type and constraints. What a column *is for*
(the paragraph a row cites, its quote, its figure, the label a citation shows) is
said by custom field properties, which Table Schema allows; they all start with `x_`:

    "x_role": "quote"                                    the part the column plays (`ColumnRole`)
    "x_verbatim": true                                   the cell is copied verbatim from the row's paragraph
    "x_copy_of": {"via": "unit_id", "field": "symbol_zh"}  a denormalised copy: equals `field` of the row
                                                         that this table's foreign key `via` points at

and enum columns carry Table Schema v2 `categories`, one per `enum` value in the
same order, each with an English `label`, a Chinese `label_zh` and, where a sign
reads better than a word, a `symbol` (`≥` for `ge`). A category may also list the
report's `wordings` that select it, with `…` standing for the figure (or the
benchmark): `"…以上"` follows the figure, `"突破…"` precedes it, `"增长…%"` surrounds
it, a wording without `…` may stand anywhere in the quote (`"力争"`), and `"…"`
alone marks the value a plain figure takes. `shangdang_data.checks.wording` checks
every row against them under the rule `<field>-wording`, and the coding guide
prints them.

The checks, `cite`, the exports and the docs ask a `TableSpec` for these roles;
adding a table with its roles declared needs no code.
"""

from __future__ import annotations

from enum import StrEnum


class ColumnRole(StrEnum):
    """The parts a column can play (`x_role`); `ColumnRole.X.description` says what each means."""

    PARAGRAPH = "paragraph"
    TEXT = "text"
    QUOTE = "quote"
    INTENDED = "intended"
    FIGURE = "figure"
    VALUE = "value"
    VALUE_MAX = "value_max"
    COMPARATOR = "comparator"
    DIRECTION = "direction"
    BENCHMARK = "benchmark"
    UNIT = "unit"
    LABEL = "label"
    LABEL_EN = "label_en"
    ALIASES = "aliases"
    CONTEXT = "context"
    PERIOD = "period"
    KIND = "kind"
    SEQUENCE = "sequence"
    OUTLINE_NUMBER = "outline_number"

    @property
    def description(self) -> str:
        """What a column with this role is, and who reads it."""
        return ROLE_DESCRIPTIONS[self]


ROLE_DESCRIPTIONS: dict[ColumnRole, str] = {
    ColumnRole.PARAGRAPH: "The paragraph the row is taken from: a foreign key to the table whose `text` column holds "
    "the paragraph's text. Verbatim cells are checked against that text; citations name it.",
    ColumnRole.TEXT: "The text of a paragraph, which verbatim cells of other tables are checked against.",
    ColumnRole.QUOTE: "The verbatim extract that states the row, printed in citations (also `x_verbatim`).",
    ColumnRole.INTENDED: "What the quote most likely should have said, where the report is wrong (an erratum): shown "
    "beside the words as written, never applied to the data.",
    ColumnRole.FIGURE: "The number exactly as the quote writes it (`367`, `1-2`, `三`); it stands in the quote as a "
    "whole number, not inside a longer one.",
    ColumnRole.VALUE: "The figure's value as a number, in the written unit; it must equal the figure.",
    ColumnRole.VALUE_MAX: "The upper end when the figure is a range (`1-2`); empty otherwise.",
    ColumnRole.COMPARATOR: "How the value relates to the true amount (以上, 余, 左右 …); its categories give the words "
    "and signs a value is shown with.",
    ColumnRole.DIRECTION: "Whether a change is an increase or a decrease; shown as an arrow before the value.",
    ColumnRole.BENCHMARK: "What a relational figure is compared with, as the quote writes it (经济增长 in "
    "与经济增长基本同步): a row with a benchmark has no figure or value of its own, and its comparator is read "
    "from the words next to the benchmark.",
    ColumnRole.UNIT: "The unit as written, shown after the value; an `x_copy_of` of the units table names it in "
    "English.",
    ColumnRole.LABEL: "What the row is about, in Chinese: the headline of a citation, the label datasette shows for a "
    "foreign key, a search term. Several label columns are read in schema order (subject, then scope).",
    ColumnRole.LABEL_EN: "The English twin of `label`, in the same order.",
    ColumnRole.ALIASES: "Other names the report uses for what the label names (振东 for 振东集团): shown under the "
    "label, and search terms.",
    ColumnRole.CONTEXT: "A column printed after the label in a citation headline (basis, level …), with its "
    "category label when it has categories, or the label of the row it references.",
    ColumnRole.PERIOD: "The year or span of years the row is about (`2022`, `2023-2025`): printed with the context in "
    "a citation headline, in schema order; the site pairs a year's results with the next year's targets by it.",
    ColumnRole.KIND: "What sort of thing the row is (a project's construction or plan, a paragraph's heading or body), "
    "one of its categories: the site filters a table and lays out the report text by it.",
    ColumnRole.SEQUENCE: "An item number: the rows cover every number from the field's `minimum` to its `maximum`.",
    ColumnRole.OUTLINE_NUMBER: "The outline number as the report writes it (一, （一）, 1), printed before a section "
    "title.",
}

#: Roles at most one column of a table may have.
SINGLE_ROLES = frozenset(ColumnRole) - {ColumnRole.LABEL, ColumnRole.LABEL_EN, ColumnRole.CONTEXT}

#: Roles whose columns a citation headline prints after the label, in schema order.
HEADLINE_CONTEXT = frozenset({ColumnRole.CONTEXT, ColumnRole.PERIOD})
